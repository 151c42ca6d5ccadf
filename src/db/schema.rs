//! Tables, written by hand in types both backends share (Text, Integer, Timestamp).

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        full_name -> Text,
        role -> Text,
        locale -> Text,
        email_verified_at -> Nullable<Timestamp>,
        privacy_accepted_at -> Nullable<Timestamp>,
        session_epoch -> Integer,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    facilities (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        country_code -> Text,
        region -> Text,
        city -> Text,
        status -> Text,
        status_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    facility_staff (facility_id, user_id) {
        facility_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    password_resets (id) {
        id -> Text,
        user_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        recipient -> Text,
        kind -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_by -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        action -> Text,
        object_type -> Nullable<Text>,
        object_id -> Nullable<Text>,
        detail -> Nullable<Text>,
        client_addr -> Nullable<Text>,
    }
}

diesel::table! {
    professionals (user_id) {
        user_id -> Text,
        profession_code -> Nullable<Text>,
        years_experience -> Nullable<Integer>,
        wants_clinical -> Bool,
        origin_country -> Nullable<Text>,
        residence_country -> Nullable<Text>,
        residence_city -> Nullable<Text>,
        residence_status -> Nullable<Text>,
        time_zone -> Nullable<Text>,
        bio -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    specialties (code) {
        code -> Text,
        name_en -> Text,
        name_fr -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    professional_specialties (user_id, specialty_code) {
        user_id -> Text,
        specialty_code -> Text,
    }
}

diesel::table! {
    professional_skills (user_id, tag) {
        user_id -> Text,
        tag -> Text,
    }
}

diesel::table! {
    professional_languages (user_id, language_code) {
        user_id -> Text,
        language_code -> Text,
        level -> Text,
    }
}

diesel::table! {
    licences (id) {
        id -> Text,
        user_id -> Text,
        issuing_country -> Text,
        issuing_body -> Text,
        number -> Text,
        profession_code -> Text,
        valid_from -> Date,
        valid_until -> Date,
        status -> Text,
        status_reason -> Nullable<Text>,
        verified_by -> Nullable<Text>,
        verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    availability_windows (id) {
        id -> Text,
        user_id -> Text,
        starts_on -> Date,
        ends_on -> Date,
        modality -> Text,
        weekly_hours -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    availability_hours (id) {
        id -> Text,
        window_id -> Text,
        weekday -> Integer,
        starts_minute -> Integer,
        ends_minute -> Integer,
    }
}

diesel::table! {
    consents (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        text_version -> Text,
        given_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    programmes (id) {
        id -> Text,
        code -> Text,
        name_en -> Text,
        name_fr -> Text,
        residence_statuses -> Text,
        min_years_experience -> Integer,
        onsite_min_days -> Integer,
        onsite_max_days -> Integer,
        weight_diaspora -> Integer,
        weight_skills -> Integer,
        weight_experience -> Integer,
        weight_availability -> Integer,
        weight_languages -> Integer,
        weight_track_record -> Integer,
        weight_interest -> Integer,
        weight_safeguards -> Integer,
        weight_urgency -> Integer,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    programme_countries (programme_id, country_code) {
        programme_id -> Text,
        country_code -> Text,
    }
}

diesel::table! {
    programme_coordinators (programme_id, user_id) {
        programme_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        kind -> Text,
        email -> Text,
        locale -> Text,
        token_hash -> Text,
        invited_by -> Nullable<Text>,
        facility_id -> Nullable<Text>,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    invitation_programmes (invitation_id, programme_id) {
        invitation_id -> Text,
        programme_id -> Text,
    }
}

diesel::table! {
    safeguards_countries (country_code) {
        country_code -> Text,
    }
}

diesel::table! {
    safeguards_editions (edition) {
        edition -> Date,
        recorded_at -> Timestamp,
        recorded_by -> Nullable<Text>,
    }
}

diesel::table! {
    registry_entries (user_id) {
        user_id -> Text,
        full_name -> Text,
        name_key -> Text,
        profession_code -> Nullable<Text>,
        years_experience -> Nullable<Integer>,
        origin_country -> Nullable<Text>,
        residence_country -> Nullable<Text>,
        residence_city -> Nullable<Text>,
        residence_status -> Nullable<Text>,
        wants_clinical -> Bool,
        email_verified -> Bool,
        specialties -> Text,
        languages -> Text,
        skills -> Text,
        available_until -> Nullable<Date>,
        licence_until -> Nullable<Date>,
    }
}

diesel::table! {
    assignments (id) {
        id -> Text,
        facility_id -> Text,
        country_code -> Text,
        title -> Text,
        objectives -> Text,
        specialty_code -> Nullable<Text>,
        modality -> Text,
        starts_on -> Date,
        ends_on -> Date,
        hours_per_week -> Nullable<Integer>,
        positions -> Integer,
        clinical -> Bool,
        support_travel -> Bool,
        support_accommodation -> Bool,
        support_allowance -> Bool,
        support_insurance -> Bool,
        support_details -> Text,
        min_years_experience -> Integer,
        urgent -> Bool,
        time_zone -> Text,
        status -> Text,
        closed_reason -> Nullable<Text>,
        created_by -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    assignment_professions (assignment_id, profession_code) {
        assignment_id -> Text,
        profession_code -> Text,
    }
}

diesel::table! {
    assignment_skills (assignment_id, tag) {
        assignment_id -> Text,
        tag -> Text,
        required -> Bool,
    }
}

diesel::table! {
    assignment_languages (assignment_id, language_code) {
        assignment_id -> Text,
        language_code -> Text,
        min_level -> Text,
    }
}

diesel::table! {
    assignment_sessions (id) {
        id -> Text,
        assignment_id -> Text,
        weekday -> Integer,
        starts_minute -> Integer,
        ends_minute -> Integer,
    }
}

diesel::table! {
    interests (id) {
        id -> Text,
        assignment_id -> Text,
        user_id -> Text,
        note -> Text,
        created_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    matches (id) {
        id -> Text,
        assignment_id -> Text,
        user_id -> Text,
        state -> Text,
        source -> Text,
        deadline -> Nullable<Timestamp>,
        professional_accepted_at -> Nullable<Timestamp>,
        facility_accepted_at -> Nullable<Timestamp>,
        confirmed_at -> Nullable<Timestamp>,
        onsite -> Bool,
        starts_on -> Date,
        ends_on -> Date,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        run_id -> Nullable<Text>,
        score -> Nullable<BigInt>,
        score_parts -> Nullable<Text>,
    }
}

diesel::table! {
    matcher_runs (id) {
        id -> Text,
        programme_id -> Text,
        run_by -> Nullable<Text>,
        dry_run -> Bool,
        started_at -> Timestamp,
        duration_ms -> BigInt,
        professionals -> Integer,
        assignments -> Integer,
        positions -> Integer,
        candidate_pairs -> BigInt,
        feasible_pairs -> BigInt,
        proposals -> Integer,
        total_score -> BigInt,
    }
}

diesel::table! {
    matcher_run_notes (run_id, assignment_id, kind, rank) {
        run_id -> Text,
        assignment_id -> Text,
        kind -> Text,
        rank -> Integer,
        user_id -> Text,
        score -> BigInt,
        detail -> Text,
    }
}

diesel::table! {
    match_events (id) {
        id -> Text,
        match_id -> Text,
        event -> Text,
        from_state -> Nullable<Text>,
        to_state -> Text,
        actor_id -> Nullable<Text>,
        reason -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::table! {
    match_checklist (match_id, item) {
        match_id -> Text,
        item -> Text,
        ticked_by -> Nullable<Text>,
        ticked_at -> Timestamp,
    }
}

diesel::table! {
    match_reports (match_id) {
        match_id -> Text,
        activities -> Text,
        people_trained -> Integer,
        patients_seen -> Integer,
        sessions_delivered -> Integer,
        hours_given -> Integer,
        notes -> Text,
        filed_by -> Nullable<Text>,
        filed_at -> Timestamp,
    }
}

diesel::table! {
    match_feedback (match_id) {
        match_id -> Text,
        rating -> Integer,
        comments -> Text,
        filed_by -> Nullable<Text>,
        filed_at -> Timestamp,
    }
}

diesel::table! {
    reminders_sent (kind, subject_id, due) {
        kind -> Text,
        subject_id -> Text,
        due -> Text,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    anonymous_profiles (user_id) {
        user_id -> Text,
        profession_code -> Nullable<Text>,
        origin_country -> Nullable<Text>,
        counted -> Bool,
        erased_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        secret_hash -> Text,
        can_write -> Bool,
        session_epoch -> Integer,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    figures_stamp (id) {
        id -> Integer,
        generation -> BigInt,
        changed_at -> Timestamp,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(facility_staff -> facilities (facility_id));
diesel::joinable!(facility_staff -> users (user_id));
diesel::joinable!(password_resets -> users (user_id));
diesel::joinable!(professionals -> users (user_id));
diesel::joinable!(professional_specialties -> professionals (user_id));
diesel::joinable!(professional_specialties -> specialties (specialty_code));
diesel::joinable!(professional_skills -> professionals (user_id));
diesel::joinable!(professional_languages -> professionals (user_id));
diesel::joinable!(licences -> professionals (user_id));
diesel::joinable!(availability_windows -> professionals (user_id));
diesel::joinable!(availability_hours -> availability_windows (window_id));
diesel::joinable!(consents -> users (user_id));
diesel::joinable!(programme_countries -> programmes (programme_id));
diesel::joinable!(programme_coordinators -> programmes (programme_id));
diesel::joinable!(programme_coordinators -> users (user_id));
diesel::joinable!(invitation_programmes -> invitations (invitation_id));
diesel::joinable!(invitation_programmes -> programmes (programme_id));
diesel::joinable!(assignments -> facilities (facility_id));
diesel::joinable!(assignment_professions -> assignments (assignment_id));
diesel::joinable!(assignment_skills -> assignments (assignment_id));
diesel::joinable!(assignment_languages -> assignments (assignment_id));
diesel::joinable!(assignment_sessions -> assignments (assignment_id));
diesel::joinable!(interests -> assignments (assignment_id));
diesel::joinable!(interests -> users (user_id));
diesel::joinable!(matches -> assignments (assignment_id));
diesel::joinable!(matches -> users (user_id));
diesel::joinable!(match_events -> matches (match_id));
diesel::joinable!(matcher_runs -> programmes (programme_id));
diesel::joinable!(matcher_run_notes -> users (user_id));
diesel::joinable!(match_checklist -> matches (match_id));
diesel::joinable!(match_reports -> matches (match_id));
diesel::joinable!(match_feedback -> matches (match_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    facilities,
    facility_staff,
    password_resets,
    outbox,
    audit_log,
    professionals,
    specialties,
    professional_specialties,
    professional_skills,
    professional_languages,
    licences,
    availability_windows,
    availability_hours,
    consents,
    programmes,
    programme_countries,
    programme_coordinators,
    invitations,
    invitation_programmes,
    safeguards_countries,
    safeguards_editions,
    registry_entries,
    assignments,
    assignment_professions,
    assignment_skills,
    assignment_languages,
    assignment_sessions,
    interests,
    matches,
    match_events,
    matcher_runs,
    matcher_run_notes,
    match_checklist,
    match_reports,
    match_feedback,
    reminders_sent,
    anonymous_profiles,
    figures_stamp,
    api_tokens,
);
