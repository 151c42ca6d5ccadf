//! Professional profiles: the profile's parts saved and shown, bad input
//! refused by the field with nothing stored, and no one else reaching them.

use crate::helpers::{TestApp, TestClient, unique_email};
use crate::on_both;

const WORK: &str = "/professional/profile/work";
const PLACE: &str = "/professional/profile/place";
const LANGUAGES: &str = "/professional/profile/languages";

async fn profile_of(app: &TestApp, email: &str) -> Option<sankofa::store::professionals::Profile> {
    let id = app.user(email).await.expect("account").id;
    app.services
        .db
        .run(move |c| Ok(sankofa::store::professionals::find(c, &id)?))
        .await
        .unwrap()
}

async fn languages_of(app: &TestApp, email: &str) -> Vec<(String, String)> {
    let id = app.user(email).await.expect("account").id;
    app.services
        .db
        .run(move |c| Ok(sankofa::store::professionals::languages_of(c, &id)?))
        .await
        .unwrap()
}

async fn complete_work(c: &TestClient) {
    let saved = c
        .submit(
            WORK,
            &[
                ("profession", "2222"),
                ("specialties", "midwifery"),
                ("specialties", "neonatology"),
                ("years_experience", "12"),
                (
                    "skills",
                    "  Neonatal   Resuscitation, ULTRASOUND, ultrasound ",
                ),
                ("bio", "Midwife in Leeds since 2014.\nTrained in Kumasi."),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        saved.location(),
        "/professional/profile?notice=profile-saved"
    );
}

on_both! {
    async fn professional_completes_profile_and_sees_what_is_missing(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("profile");
        let c = app.user_with_role(&email, "professional").await;
        let first = c.get("/professional/profile").await;
        assert_eq!(first.status, 200);
        for missing in ["Choose your profession", "List at least one language", "Agree to be matched"] {
            assert!(first.body.contains(missing), "{missing}");
        }
        assert!(!first.body.contains("Confirm your email address"), "verified already");

        complete_work(&c).await;
        let place = c
            .submit(
                PLACE,
                &[
                    ("origin_country", "GH"),
                    ("residence_country", "GB"),
                    ("residence_city", "Leeds"),
                    ("residence_status", "permanent_resident"),
                    ("time_zone", "Europe/London"),
                    ("time_zone_other", ""),
                ],
            )
            .await;
        assert_eq!(place.status, 303, "{}", place.body);
        for (code, level) in [("en", "native"), ("tw", "professional"), ("en", "professional")] {
            let added = c.submit(LANGUAGES, &[("language", code), ("level", level)]).await;
            assert_eq!(added.status, 303, "{}", added.body);
        }

        let p = profile_of(&app, &email).await.expect("stored");
        assert_eq!(p.profession_code.as_deref(), Some("2222"));
        assert_eq!(p.years_experience, Some(12));
        assert_eq!(p.origin_country.as_deref(), Some("GH"));
        assert_eq!(p.residence_status.as_deref(), Some("permanent_resident"));
        assert_eq!(p.time_zone.as_deref(), Some("Europe/London"));
        assert_eq!(p.bio, "Midwife in Leeds since 2014.\nTrained in Kumasi.");
        assert_eq!(
            languages_of(&app, &email).await,
            vec![("en".to_string(), "professional".to_string()), ("tw".to_string(), "professional".to_string())],
            "a language listed again changes its level"
        );

        let page = c.get("/professional/profile").await;
        assert!(page.body.contains("Midwifery professional"));
        assert!(page.body.contains("neonatal resuscitation, ultrasound"), "skills normalised once each");
        assert!(page.body.contains("Leeds, United Kingdom"));
        assert!(page.body.contains("Twi (Professional)"));
        assert!(!page.body.contains("Choose your profession"));
        assert!(!page.body.contains("List at least one language"));
        assert!(page.body.contains("Add an availability window in the future"));

        // The form shows what is saved, and others' tags as suggestions.
        let other = app.user_with_role(&unique_email("profile-other"), "professional").await;
        let form = other.get(WORK).await;
        assert!(form.body.contains("<option value=\"ultrasound\">") || form.body.contains("<option value=\"neonatal resuscitation\">"));
        let mine = c.get(WORK).await;
        assert!(mine.body.contains("value=\"neonatal resuscitation, ultrasound\""));
        assert!(mine.body.contains("value=\"midwifery\" checked"));

        let fr = c.submit("/language", &[("lang", "fr")]).await;
        assert_eq!(fr.status, 303);
        let page = c.get("/professional/profile").await;
        assert!(page.body.contains("Sage-femme (cadre)"));
        assert!(page.body.contains("Ajouter une période de disponibilité à venir"));

        let removed = c.submit("/professional/profile/languages/tw/remove", &[]).await;
        assert_eq!(removed.status, 303);
        assert_eq!(languages_of(&app, &email).await.len(), 1);
    }
}

on_both! {
    async fn bad_profile_input_is_refused_by_the_field_and_nothing_is_stored(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("profile-bad");
        let c = app.user_with_role(&email, "professional").await;
        let long_bio = "x".repeat(10_000);
        let many_skills = (0..200).map(|i| format!("skill {i}")).collect::<Vec<_>>().join(", ");
        type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
        let cases: Vec<Case> = vec![
            (WORK, vec![("profession", "9999")], "profession"),
            (WORK, vec![("specialties", "astrology")], "specialties"),
            (WORK, vec![("years_experience", "-1")], "years_experience"),
            (WORK, vec![("years_experience", "71")], "years_experience"),
            (WORK, vec![("years_experience", "ten")], "years_experience"),
            (WORK, vec![("bio", long_bio.as_str())], "bio"),
            (WORK, vec![("skills", many_skills.as_str())], "skills"),
            (PLACE, vec![("origin_country", "XX")], "origin_country"),
            (PLACE, vec![("residence_country", "Atlantis")], "residence_country"),
            (PLACE, vec![("residence_status", "tourist")], "residence_status"),
            (PLACE, vec![("time_zone_other", "Mars/Olympus_Mons")], "time_zone"),
            (PLACE, vec![("residence_city", "Leeds\u{0}")], "residence_city"),
            (LANGUAGES, vec![("language", "xx"), ("level", "native")], "language"),
            (LANGUAGES, vec![("language", "fra"), ("level", "native")], "language"),
            (LANGUAGES, vec![("language", "fr"), ("level", "fluent")], "level"),
        ];
        for (path, fields, field) in cases {
            let mut all = fields.clone();
            // A valid value beside the bad one comes back as typed.
            if path == WORK {
                all.push(("skills_kept", ""));
                if field != "bio" {
                    all.push(("bio", "Typed & kept <b>"));
                }
            }
            let page = c.submit(path, &all).await;
            assert_eq!(page.status, 422, "{path} {field}: {}", page.status);
            assert!(page.has_error(field), "{path}: a message by {field}");
            assert!(page.body.contains("error-summary"), "{path} {field}");
            if path == WORK && field != "bio" {
                assert!(page.body.contains("Typed &#38; kept &#60;b&#62;"), "{path} {field}: typed text kept and escaped");
            }
        }
        assert!(profile_of(&app, &email).await.is_none(), "nothing stored");
        assert!(languages_of(&app, &email).await.is_empty());
    }
}

on_both! {
    async fn profile_text_comes_back_inert_and_unoffered_fields_are_ignored(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("profile-xss");
        let c = app.user_with_role(&email, "professional").await;
        let other_email = unique_email("profile-victim");
        let other = app.user_with_role(&other_email, "professional").await;
        complete_work(&other).await;
        let other_id = app.user(&other_email).await.unwrap().id;
        let payload = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        let saved = c
            .submit(
                WORK,
                &[
                    ("profession", "2211"),
                    ("skills", payload),
                    ("bio", payload),
                    ("user_id", &other_id),
                    ("status", "verified"),
                    ("role", "admin"),
                ],
            )
            .await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let place = c
            .submit(PLACE, &[("residence_city", payload), ("user_id", &other_id), ("time_zone_other", "Africa/Accra")])
            .await;
        assert_eq!(place.status, 303);
        for path in ["/professional/profile", WORK, PLACE] {
            let page = c.get(path).await;
            assert!(!page.body.contains("<script>alert"), "{path}");
            assert!(!page.body.contains("<img src=x"), "{path}");
        }
        let victim = profile_of(&app, &other_email).await.unwrap();
        assert_eq!(victim.profession_code.as_deref(), Some("2222"), "the other profile is untouched");
        let me = app.user(&email).await.unwrap();
        assert_eq!(me.role, "professional");
        assert_eq!(profile_of(&app, &email).await.unwrap().user_id, me.id);
        // Removing a language one has not listed (or another's) is not found.
        other.submit(LANGUAGES, &[("language", "ak"), ("level", "native")]).await;
        let foreign = c.submit("/professional/profile/languages/ak/remove", &[]).await;
        assert_eq!(foreign.status, 404);
        assert_eq!(languages_of(&app, &other_email).await.len(), 1);
    }
}

on_both! {
    async fn only_the_professional_reaches_their_profile_routes(backend) {
        let app = TestApp::spawn(backend).await;
        let anonymous = app.client();
        let professional = app.user_with_role(&unique_email("routes-pro"), "professional").await;
        let facility = app.user_with_role(&unique_email("routes-fac"), "facility").await;
        let coordinator = app.user_with_role(&unique_email("routes-coord"), "coordinator").await;
        let admin = app.user_with_role(&unique_email("routes-admin"), "admin").await;
        professional.submit(LANGUAGES, &[("language", "en"), ("level", "native")]).await;
        let gets = ["/professional/profile", WORK, PLACE, LANGUAGES];
        let posts: [(&str, Vec<(&str, &str)>); 4] = [
            (WORK, vec![("profession", "2211")]),
            (PLACE, vec![("residence_city", "Paris")]),
            (LANGUAGES, vec![("language", "fr"), ("level", "basic")]),
            ("/professional/profile/languages/en/remove", vec![]),
        ];
        for path in gets {
            let page = anonymous.get(path).await;
            assert_eq!(page.status, 303, "anonymous {path}");
            assert!(page.location().starts_with("/login"), "anonymous {path}");
            assert_eq!(professional.get(path).await.status, 200, "professional {path}");
            for (who, c) in [("facility", &facility), ("coordinator", &coordinator), ("admin", &admin)] {
                assert_eq!(c.get(path).await.status, 403, "{who} {path}");
            }
        }
        for (path, fields) in &posts {
            let page = anonymous.submit(path, fields).await;
            assert!(matches!(page.status, 303 | 403), "anonymous POST {path}: {}", page.status);
            for (who, c) in [("facility", &facility), ("coordinator", &coordinator), ("admin", &admin)] {
                assert_eq!(c.submit(path, fields).await.status, 403, "{who} POST {path}");
            }
            // Without the session's token nothing changes.
            let forged = professional.post(path, fields).await;
            assert_eq!(forged.status, 403, "POST {path} without CSRF");
        }
        for (path, fields) in &posts {
            assert_eq!(professional.submit(path, fields).await.status, 303, "professional POST {path}");
        }
        // Another professional's language is theirs alone.
        let other = app.user_with_role(&unique_email("routes-other"), "professional").await;
        assert_eq!(other.submit("/professional/profile/languages/fr/remove", &[]).await.status, 404);
    }
}

on_both! {
    async fn consents_are_given_and_withdrawn_with_one_button_each_and_kept_as_dated_rows(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("consents");
        let c = app.user_with_role(&email, "professional").await;
        let page = c.get("/professional/consents").await;
        assert_eq!(page.status, 200);
        assert_eq!(page.body.matches("Give this consent").count(), 3);
        assert!(c.get("/professional/profile").await.body.contains("Agree to be matched"));

        let given = c.submit("/professional/consents/matching/give", &[]).await;
        assert_eq!((given.status, given.location().as_str()), (303, "/professional/consents?notice=consent-give"));
        // Giving again while in force changes nothing.
        c.submit("/professional/consents/matching/give", &[]).await;
        c.submit("/professional/consents/statistics/give", &[]).await;
        assert!(!c.get("/professional/profile").await.body.contains("Agree to be matched"));
        let withdrawn = c.submit("/professional/consents/matching/withdraw", &[]).await;
        assert_eq!(withdrawn.status, 303);
        c.submit("/professional/consents/matching/withdraw", &[]).await;
        assert!(c.get("/professional/profile").await.body.contains("Agree to be matched"));

        let id = app.user(&email).await.unwrap().id;
        let rows = app
            .services
            .db
            .run(move |conn| Ok(sankofa::store::consents::history(conn, &id)?))
            .await
            .unwrap();
        assert_eq!(rows.len(), 2, "one row per consent given");
        let matching = rows.iter().find(|r| r.kind == "matching").unwrap();
        assert!(matching.withdrawn_at.is_some());
        assert_eq!(matching.text_version, sankofa::domain::consent::TEXT_VERSION);
        let statistics = rows.iter().find(|r| r.kind == "statistics").unwrap();
        assert!(statistics.withdrawn_at.is_none());
        let actions = app.audit_actions().await;
        assert_eq!(actions.iter().filter(|a| *a == "consent_given").count(), 2);
        assert_eq!(actions.iter().filter(|a| *a == "consent_withdrawn").count(), 1);

        let page = c.get("/professional/consents").await;
        assert!(page.body.contains("History of your consents"));
        assert_eq!(page.body.matches("<tr>").count(), 3, "a header and two rows");
        assert_eq!(c.submit("/professional/consents/marketing/give", &[]).await.status, 404);
        assert_eq!(c.submit("/professional/consents/matching/delete", &[]).await.status, 404);
        assert_eq!(c.post("/professional/consents/matching/give", &[]).await.status, 403, "CSRF");
        c.submit("/language", &[("lang", "fr")]).await;
        assert!(c.get("/professional/consents").await.body.contains("Retirer ce consentement"));

        for role in ["facility", "coordinator", "admin"] {
            let other = app.user_with_role(&unique_email(role), role).await;
            assert_eq!(other.get("/professional/consents").await.status, 403, "{role}");
            assert_eq!(other.submit("/professional/consents/matching/give", &[]).await.status, 403, "{role}");
        }
        let anonymous = app.client().get("/professional/consents").await;
        assert_eq!(anonymous.status, 303);
    }
}

async fn windows_of(
    app: &TestApp,
    email: &str,
) -> Vec<(
    sankofa::store::availability::Window,
    Vec<sankofa::store::availability::Hours>,
)> {
    let id = app.user(email).await.expect("account").id;
    app.services
        .db
        .run(move |c| Ok(sankofa::store::availability::of_user(c, &id)?))
        .await
        .unwrap()
}

fn in_days(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

on_both! {
    async fn availability_windows_are_added_changed_and_deleted_without_overlap(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("windows");
        let c = app.user_with_role(&email, "professional").await;
        let (a, b) = (in_days(30), in_days(60));
        let added = c
            .submit(
                "/professional/availability/new",
                &[
                    ("starts_on", &a), ("ends_on", &b), ("modality", "virtual"), ("weekly_hours", "6"),
                    ("from_1", "18:00"), ("to_1", "21:00"), ("from_6", "09:00"), ("to_6", "13:00"),
                ],
            )
            .await;
        assert_eq!((added.status, added.location().as_str()), (303, "/professional/availability?notice=window-saved"), "{}", added.body);
        let on_site = c
            .submit("/professional/availability/new", &[("starts_on", &in_days(40)), ("ends_on", &in_days(70)), ("modality", "on_site"), ("weekly_hours", "99")])
            .await;
        assert_eq!(on_site.status, 303, "on site beside virtual is fine: {}", on_site.body);
        let past = c
            .submit("/professional/availability/new", &[("starts_on", &in_days(-90)), ("ends_on", &in_days(-60)), ("modality", "either"), ("weekly_hours", "4")])
            .await;
        assert_eq!(past.status, 303);

        let stored = windows_of(&app, &email).await;
        assert_eq!(stored.len(), 3);
        let (virtual_window, hours) = stored.iter().find(|(w, _)| w.modality == "virtual").unwrap();
        assert_eq!(virtual_window.weekly_hours, Some(6));
        let slots: Vec<(i32, i32, i32)> = hours.iter().map(|h| (h.weekday, h.starts_minute, h.ends_minute)).collect();
        assert_eq!(slots, vec![(1, 1080, 1260), (6, 540, 780)]);
        let on_site_window = stored.iter().find(|(w, _)| w.modality == "on_site").unwrap();
        assert_eq!(on_site_window.0.weekly_hours, None, "no weekly hours on site");

        let list = c.get("/professional/availability").await;
        assert!(list.body.contains("Monday 18:00–21:00, Saturday 09:00–13:00"));
        let past_at = list.body.find("Past windows").expect("a past section");
        assert!(list.body[past_at..].contains(&in_days(-90)), "the past window is shown as past");
        assert!(!list.body[..past_at].contains(&in_days(-90)));
        assert!(!c.get("/professional/profile").await.body.contains("Add an availability window in the future"));

        // Overlaps for the same kind of work are refused, "either" overlaps both.
        for (modality, start, end) in [("virtual", 50, 80), ("either", 65, 66), ("on_site", 70, 75)] {
            let clash = c
                .submit("/professional/availability/new", &[("starts_on", &in_days(start)), ("ends_on", &in_days(end)), ("modality", modality), ("weekly_hours", "3")])
                .await;
            assert_eq!(clash.status, 422, "{modality}");
            assert!(clash.has_error("starts_on"), "{modality}");
            assert_eq!(clash.input_value("starts_on").as_deref(), Some(in_days(start).as_str()), "kept as typed");
        }
        assert_eq!(windows_of(&app, &email).await.len(), 3, "nothing stored");

        // Change: the window may keep its own dates.
        let id = virtual_window.id.clone();
        let edit = c.get(&format!("/professional/availability/{id}/edit")).await;
        assert_eq!(edit.status, 200);
        assert_eq!(edit.input_value("from_1").as_deref(), Some("18:00"));
        let changed = c
            .submit(&format!("/professional/availability/{id}/edit"), &[("starts_on", &a), ("ends_on", &in_days(35)), ("modality", "virtual"), ("weekly_hours", "10"), ("from_3", "07:00"), ("to_3", "08:30")])
            .await;
        assert_eq!(changed.status, 303, "{}", changed.body);
        let stored = windows_of(&app, &email).await;
        let (w, hours) = stored.iter().find(|(w, _)| w.id == id).unwrap();
        assert_eq!((w.weekly_hours, w.ends_on.to_string()), (Some(10), in_days(35)));
        assert_eq!(hours.len(), 1);

        // Deleting asks first; another professional cannot see, change or delete it.
        let confirm = c.get(&format!("/professional/availability/{id}/delete")).await;
        assert_eq!(confirm.status, 200);
        assert!(confirm.body.contains("Yes, delete it"));
        let other = app.user_with_role(&unique_email("windows-other"), "professional").await;
        assert_eq!(other.get(&format!("/professional/availability/{id}/edit")).await.status, 404);
        assert_eq!(other.get(&format!("/professional/availability/{id}/delete")).await.status, 404);
        let foreign = other
            .submit(&format!("/professional/availability/{id}/edit"), &[("starts_on", &a), ("ends_on", &b), ("modality", "virtual"), ("weekly_hours", "1")])
            .await;
        assert_eq!(foreign.status, 404);
        assert_eq!(other.submit(&format!("/professional/availability/{id}/delete"), &[]).await.status, 404);
        assert_eq!(windows_of(&app, &email).await.len(), 3);
        for role in ["facility", "coordinator", "admin"] {
            let c = app.user_with_role(&unique_email(role), role).await;
            assert_eq!(c.get("/professional/availability").await.status, 403, "{role}");
            assert_eq!(c.get(&format!("/professional/availability/{id}/edit")).await.status, 403, "{role}");
        }
        let deleted = c.submit(&format!("/professional/availability/{id}/delete"), &[]).await;
        assert_eq!(deleted.status, 303);
        assert_eq!(windows_of(&app, &email).await.len(), 2);
        assert_eq!(c.get(&format!("/professional/availability/{id}/edit")).await.status, 404);
    }
}

on_both! {
    async fn bad_availability_input_is_refused_by_the_field(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("windows-bad");
        let c = app.user_with_role(&email, "professional").await;
        let (a, b) = (in_days(10), in_days(20));
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (vec![("starts_on", &b), ("ends_on", &a), ("modality", "on_site")], "ends_on"),
            (vec![("starts_on", "2027-02-30"), ("ends_on", &b), ("modality", "on_site")], "starts_on"),
            (vec![("starts_on", &a), ("ends_on", ""), ("modality", "on_site")], "ends_on"),
            (vec![("starts_on", &a), ("ends_on", &b), ("modality", "teleport")], "modality"),
            (vec![("starts_on", &a), ("ends_on", &b), ("modality", "virtual"), ("weekly_hours", "0")], "weekly_hours"),
            (vec![("starts_on", &a), ("ends_on", &b), ("modality", "virtual"), ("weekly_hours", "169")], "weekly_hours"),
            (vec![("starts_on", &a), ("ends_on", &b), ("modality", "either")], "weekly_hours"),
            (vec![("starts_on", &a), ("ends_on", &b), ("modality", "virtual"), ("weekly_hours", "5"), ("from_2", "21:00"), ("to_2", "18:00")], "hours_2"),
            (vec![("starts_on", &a), ("ends_on", &b), ("modality", "virtual"), ("weekly_hours", "5"), ("from_4", "10:00"), ("to_4", "10:00")], "hours_4"),
            (vec![("starts_on", &a), ("ends_on", &b), ("modality", "virtual"), ("weekly_hours", "5"), ("from_7", "10:00")], "hours_7"),
            (vec![("starts_on", &a), ("ends_on", &b), ("modality", "virtual"), ("weekly_hours", "5"), ("from_5", "<script>"), ("to_5", "12:00")], "hours_5"),
        ];
        for (fields, field) in cases {
            let mut all = fields.clone();
            all.push(("user_id", "someone-else"));
            let page = c.submit("/professional/availability/new", &all).await;
            assert_eq!(page.status, 422, "{field}");
            assert!(page.has_error(field), "{field}: {}", page.body);
            assert!(!page.body.contains("<script>"), "{field}");
        }
        assert!(windows_of(&app, &email).await.is_empty(), "nothing stored");
    }
}

async fn licences_of(app: &TestApp, email: &str) -> Vec<sankofa::store::licences::Licence> {
    let id = app.user(email).await.expect("account").id;
    app.services
        .db
        .run(move |c| Ok(sankofa::store::licences::of_user(c, &id)?))
        .await
        .unwrap()
}

/// What a coordinator's verification will do, until their pages exist.
async fn mark_verified(app: &TestApp, licence: &sankofa::store::licences::Licence) {
    let mut l = licence.clone();
    l.status = "verified".into();
    l.verified_at = Some(sankofa::db::now());
    app.services
        .db
        .write(move |c| Ok(sankofa::store::licences::update(c, &l)?))
        .await
        .unwrap();
}

on_both! {
    async fn licences_are_kept_and_a_changed_verified_licence_must_be_verified_again(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("licences");
        let c = app.user_with_role(&email, "professional").await;
        c.submit(WORK, &[("profession", "2222"), ("wants_clinical", "yes")]).await;
        assert!(c.get("/professional/profile").await.body.contains("Have a licence verified"));
        let fields = |number: &'static str, until: String| {
            vec![
                ("issuing_country", "GB".to_string()),
                ("issuing_body", "Nursing and Midwifery Council".to_string()),
                ("number", number.to_string()),
                ("licence_profession", "2222".to_string()),
                ("valid_from", in_days(-400)),
                ("valid_until", until),
            ]
        };
        let as_refs = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
        let current = as_refs(&fields("12A3456B", in_days(400)));
        let current: Vec<(&str, &str)> = current.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let added = c.submit("/professional/licences/new", &current).await;
        assert_eq!((added.status, added.location().as_str()), (303, "/professional/licences?notice=licence-saved"), "{}", added.body);
        let old = as_refs(&fields("OLD-1", in_days(-1)));
        let old: Vec<(&str, &str)> = old.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(c.submit("/professional/licences/new", &old).await.status, 303);

        let list = c.get("/professional/licences").await;
        assert!(list.body.contains("Not verified yet"));
        assert!(list.body.contains("Expired"), "an out-of-date licence is shown as expired");
        let stored = licences_of(&app, &email).await;
        assert_eq!(stored.len(), 2);
        assert!(stored.iter().all(|l| l.status == "unverified"), "expiry is never stored");
        let licence = stored.iter().find(|l| l.number == "12A3456B").unwrap().clone();
        let expired = stored.iter().find(|l| l.number == "OLD-1").unwrap().clone();

        // A verified but expired licence does not count; a valid one does.
        mark_verified(&app, &expired).await;
        assert!(c.get("/professional/profile").await.body.contains("Have a licence verified"));
        assert!(c.get("/professional/licences").await.body.contains("Expired"));
        mark_verified(&app, &licence).await;
        assert!(!c.get("/professional/profile").await.body.contains("Have a licence verified"));
        let edit = c.get(&format!("/professional/licences/{}/edit", licence.id)).await;
        assert!(edit.body.contains("will need to verify it again"));

        // Saved unchanged: still verified. A new number: unverified again, audited.
        assert_eq!(c.submit(&format!("/professional/licences/{}/edit", licence.id), &current).await.status, 303);
        assert_eq!(licences_of(&app, &email).await.iter().find(|l| l.id == licence.id).unwrap().status, "verified");
        let mut renumbered = current.clone();
        renumbered[2] = ("number", "99Z9999Z");
        let changed = c.submit(&format!("/professional/licences/{}/edit", licence.id), &renumbered).await;
        assert_eq!(changed.status, 303);
        let after = licences_of(&app, &email).await.into_iter().find(|l| l.id == licence.id).unwrap();
        assert_eq!((after.status.as_str(), after.number.as_str(), after.verified_at), ("unverified", "99Z9999Z", None));
        assert!(c.get("/professional/profile").await.body.contains("Have a licence verified"));
        let actions = app.audit_actions().await;
        assert_eq!(actions.iter().filter(|a| *a == "licence_added").count(), 2);
        assert_eq!(actions.iter().filter(|a| *a == "licence_changed").count(), 2);

        // Another professional cannot reach it; other roles cannot reach the pages.
        let other = app.user_with_role(&unique_email("licences-other"), "professional").await;
        let path = format!("/professional/licences/{}/edit", licence.id);
        assert_eq!(other.get(&path).await.status, 404);
        assert_eq!(other.submit(&path, &current).await.status, 404);
        assert_eq!(other.get(&format!("/professional/licences/{}/delete", licence.id)).await.status, 404);
        assert_eq!(other.submit(&format!("/professional/licences/{}/delete", licence.id), &[]).await.status, 404);
        assert_eq!(licences_of(&app, &email).await.len(), 2);
        for role in ["facility", "coordinator", "admin"] {
            let c = app.user_with_role(&unique_email(role), role).await;
            assert_eq!(c.get("/professional/licences").await.status, 403, "{role}");
            assert_eq!(c.get(&path).await.status, 403, "{role}");
        }
        assert_eq!(app.client().get("/professional/licences").await.status, 303);

        let confirm = c.get(&format!("/professional/licences/{}/delete", expired.id)).await;
        assert!(confirm.body.contains("Yes, delete it"));
        assert_eq!(c.submit(&format!("/professional/licences/{}/delete", expired.id), &[]).await.status, 303);
        assert_eq!(licences_of(&app, &email).await.len(), 1);
        assert!(app.audit_actions().await.iter().any(|a| a == "licence_deleted"));
        c.submit("/language", &[("lang", "fr")]).await;
        assert!(c.get("/professional/licences").await.body.contains("Pas encore vérifiée"));
    }
}

on_both! {
    async fn bad_licence_input_is_refused_by_the_field_and_nothing_is_stored(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("licences-bad");
        let c = app.user_with_role(&email, "professional").await;
        let (from, until) = (in_days(-10), in_days(300));
        let long = "x".repeat(500);
        let good: Vec<(&str, &str)> = vec![
            ("issuing_country", "GH"), ("issuing_body", "Nursing and Midwifery Council of Ghana"), ("number", "RGN 1234"),
            ("licence_profession", "2221"), ("valid_from", &from), ("valid_until", &until),
        ];
        let cases: Vec<(&str, &str, &str)> = vec![
            ("issuing_country", "XX", "issuing_country"),
            ("issuing_body", "", "issuing_body"),
            ("issuing_body", &long, "issuing_body"),
            ("number", "", "number"),
            ("number", "12\n34", "number"),
            ("licence_profession", "0000", "licence_profession"),
            ("valid_from", "yesterday", "valid_from"),
            ("valid_until", &from, "valid_from_ok"),
        ];
        for (name, bad, field) in cases {
            let mut fields: Vec<(&str, &str)> = good.iter().map(|(k, v)| if *k == name { (*k, bad) } else { (*k, *v) }).collect();
            let expected = if field == "valid_from_ok" {
                // valid until before valid from
                fields.retain(|(k, _)| *k != "valid_from");
                fields.push(("valid_from", &until));
                "valid_until"
            } else {
                field
            };
            fields.push(("status", "verified"));
            let page = c.submit("/professional/licences/new", &fields).await;
            assert_eq!(page.status, 422, "{name}");
            assert!(page.has_error(expected), "{name}: {}", page.body);
            if name != "issuing_body" {
                assert_eq!(page.input_value("issuing_body").as_deref(), Some("Nursing and Midwifery Council of Ghana"), "{name}: kept");
            }
        }
        assert!(licences_of(&app, &email).await.is_empty(), "nothing stored");
        // An offered-only status cannot be set by the form.
        let mut with_status = good.clone();
        with_status.push(("status", "verified"));
        with_status.push(("verified_by", "someone"));
        assert_eq!(c.submit("/professional/licences/new", &with_status).await.status, 303);
        let stored = licences_of(&app, &email).await;
        assert_eq!((stored[0].status.as_str(), stored[0].verified_by.as_deref()), ("unverified", None));
    }
}

on_both! {
    async fn export_holds_every_row_about_the_person_and_nothing_about_anyone_else(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("export");
        let c = app.user_with_role(&email, "professional").await;
        let other_email = unique_email("export-other");
        let other = app.user_with_role(&other_email, "professional").await;
        for (client, city, number) in [(&c, "Leeds", "12A3456B"), (&other, "Bobcity", "B-NUMBER-99")] {
            client.submit(WORK, &[("profession", "2222"), ("skills", "triage"), ("bio", city)]).await;
            client.submit(PLACE, &[("residence_city", city), ("origin_country", "GH")]).await;
            client.submit(LANGUAGES, &[("language", "en"), ("level", "native")]).await;
            client.submit("/professional/consents/matching/give", &[]).await;
            let until = in_days(300);
            client
                .submit(
                    "/professional/licences/new",
                    &[("issuing_country", "GB"), ("issuing_body", "NMC"), ("number", number), ("licence_profession", "2222"), ("valid_from", "2020-01-01"), ("valid_until", &until)],
                )
                .await;
            let (a, b) = (in_days(5), in_days(9));
            client
                .submit("/professional/availability/new", &[("starts_on", &a), ("ends_on", &b), ("modality", "virtual"), ("weekly_hours", "3"), ("from_2", "18:00"), ("to_2", "20:00")])
                .await;
        }
        let res = c.http.get(c.url("/account/export")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let disposition = res.headers().get("content-disposition").unwrap().to_str().unwrap().to_string();
        assert!(disposition.starts_with("attachment; filename=\"sankofa-data-"), "{disposition}");
        assert!(res.headers().get("content-type").unwrap().to_str().unwrap().starts_with("application/json"));
        let body = res.text().await.unwrap();
        let data: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(data["account"]["email"], email.as_str());
        assert_eq!(data["profile"]["residence_city"], "Leeds");
        assert_eq!(data["skills"][0], "triage");
        assert_eq!(data["languages"][0]["level"], "native");
        assert_eq!(data["licences"][0]["number"], "12A3456B");
        assert_eq!(data["availability_windows"][0]["session_hours"][0]["starts_minute"], 1080);
        assert_eq!(data["consents"][0]["kind"], "matching");
        assert!(data["audit_log"].as_array().unwrap().iter().any(|e| e["action"] == "licence_added"));
        let other_id = app.user(&other_email).await.unwrap().id;
        for foreign in [other_email.as_str(), other_id.as_str(), "Bobcity", "B-NUMBER-99"] {
            assert!(!body.contains(foreign), "the export holds someone else's {foreign}");
        }
        assert!(!body.contains("$argon2"), "no password hash");
        // There is no way to name another person's export.
        let asked = c.get(&format!("/account/export?user_id={other_id}&id={other_id}")).await;
        assert!(asked.body.contains(&email) && !asked.body.contains(&other_email), "always one's own data");
        let anonymous = app.client().get("/account/export").await;
        assert_eq!(anonymous.status, 303);
        assert!(anonymous.location().starts_with("/login"));
    }
}

on_both! {
    async fn deleting_an_account_erases_personal_data_and_ends_every_session_at_once(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("delete-me");
        let c = app.user_with_role(&email, "professional").await;
        let elsewhere = TestClient::new(&app.base, None);
        elsewhere.log_in(&email, crate::helpers::PASSWORD).await;
        assert_eq!(elsewhere.get("/professional").await.status, 200);
        c.submit(WORK, &[("profession", "2211"), ("bio", "Surgeon in Lyon")]).await;
        c.submit(LANGUAGES, &[("language", "fr"), ("level", "native")]).await;
        c.submit("/professional/consents/statistics/give", &[]).await;
        let until = in_days(100);
        c.submit("/professional/licences/new", &[("issuing_country", "FR"), ("issuing_body", "CNOM"), ("number", "FR-77"), ("licence_profession", "2211"), ("valid_from", "2020-01-01"), ("valid_until", &until)]).await;
        let (a, b) = (in_days(3), in_days(4));
        c.submit("/professional/availability/new", &[("starts_on", &a), ("ends_on", &b), ("modality", "on_site")]).await;
        let id = app.user(&email).await.unwrap().id;
        let old_cookie = c.cookie("sankofa").unwrap();

        let confirm = c.get("/account/delete").await;
        assert_eq!(confirm.status, 200);
        assert!(confirm.body.contains("Delete my account for good"));
        let wrong = c.submit("/account/delete", &[("current_password", "not my password at all")]).await;
        assert_eq!(wrong.status, 422);
        assert!(wrong.has_error("current_password"));
        assert!(app.user(&email).await.is_some(), "nothing changed");
        assert_eq!(c.post("/account/delete", &[("current_password", crate::helpers::PASSWORD)]).await.status, 403, "CSRF");

        let done = c.submit("/account/delete", &[("current_password", crate::helpers::PASSWORD)]).await;
        assert_eq!((done.status, done.location().as_str()), (303, "/login?notice=account-deleted"));
        assert!(done.set_cookies().iter().any(|s| s.starts_with("sankofa=;") || s.contains("Max-Age=0")), "{:?}", done.set_cookies());

        // Every session ends at once, this one and the other device's.
        let replay = TestClient::new(&app.base, None);
        replay.set_cookie("sankofa", &old_cookie);
        assert_eq!(replay.get("/professional").await.status, 303);
        assert_eq!(elsewhere.get("/professional").await.status, 303);
        let login = app.client().submit("/login", &[("email", &email), ("password", crate::helpers::PASSWORD)]).await;
        assert_eq!(login.status, 401, "the account cannot be logged into");

        // Personal data gone from the tables; the anonymous row stays.
        assert!(app.user(&email).await.is_none(), "no account under the address");
        let (row, profile, consents, licences, windows) = {
            let id = id.clone();
            app.services
                .db
                .run(move |c| {
                    Ok((
                        sankofa::store::users::find(c, &id)?,
                        sankofa::store::professionals::find(c, &id)?,
                        sankofa::store::consents::history(c, &id)?,
                        sankofa::store::licences::of_user(c, &id)?,
                        sankofa::store::availability::of_user(c, &id)?,
                    ))
                })
                .await
                .unwrap()
        };
        let row = row.expect("the anonymous row others rely on");
        assert!(row.deleted_at.is_some() && row.disabled_at.is_some());
        assert!(row.full_name.is_empty() && !row.email.contains("delete-me") && !row.password_hash.starts_with("$argon2"));
        assert!(profile.is_none() && consents.is_empty() && licences.is_empty() && windows.is_empty());
        let actions = app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "account_deleted"));
        assert!(actions.iter().any(|a| a == "licence_added"), "the audit trail others rely on survives");

        let mail = app.smtp.wait_for(&email, std::time::Duration::from_secs(10)).await;
        assert!(mail.subject().contains("deleted"), "{}", mail.subject());
        assert_eq!(app.client().get("/account/delete").await.status, 303);
    }
}

on_both! {
    async fn an_email_change_takes_effect_only_through_the_link_sent_to_the_new_address(backend) {
        use crate::helpers::html;
        use std::time::Duration;
        let app = TestApp::spawn(backend).await;
        let old = unique_email("change-old");
        let new = unique_email("change-new");
        let c = app.user_with_role(&old, "professional").await;
        let form = c.get("/account/email").await;
        assert_eq!(form.status, 200);
        for (fields, field) in [
            (vec![("new_email", "not an address"), ("current_password", crate::helpers::PASSWORD)], "new_email"),
            (vec![("new_email", old.as_str()), ("current_password", crate::helpers::PASSWORD)], "new_email"),
            (vec![("new_email", new.as_str()), ("current_password", "wrong password here")], "current_password"),
        ] {
            let page = c.submit("/account/email", &fields).await;
            assert_eq!(page.status, 422, "{field}");
            assert!(page.has_error(field), "{field}");
        }
        assert_eq!(c.post("/account/email", &[("new_email", &new), ("current_password", crate::helpers::PASSWORD)]).await.status, 403);

        let sent = c.submit("/account/email", &[("new_email", &new), ("current_password", crate::helpers::PASSWORD)]).await;
        assert_eq!((sent.status, sent.location().as_str()), (303, "/account?notice=email-change-sent"));
        assert!(app.user(&old).await.is_some(), "nothing changes before the link");
        let mail = app.smtp.wait_for(&new, Duration::from_secs(10)).await;
        let link = mail.link("/account/email/confirm?token=").expect("a confirmation link");
        let path = html::path_of(&link);
        let token = html::query_param(&link, "token");

        // Someone else, signed in, cannot use it; opening it changes nothing.
        let stranger = app.user_with_role(&unique_email("change-stranger"), "professional").await;
        assert_eq!(stranger.get(&path).await.status, 403);
        assert_eq!(stranger.submit("/account/email/confirm", &[("token", &token)]).await.status, 403);
        assert_eq!(app.client().get(&path).await.status, 303, "log in first");
        assert_eq!(c.get(&path).await.status, 200);
        assert!(app.user(&old).await.is_some());

        let done = c.submit("/account/email/confirm", &[("token", &token)]).await;
        assert_eq!((done.status, done.location().as_str()), (303, "/account?notice=email-changed"));
        assert!(app.user(&old).await.is_none());
        let moved = app.user(&new).await.expect("the account has the new address");
        assert!(moved.email_verified_at.is_some());
        let told = app.smtp.wait_for(&old, Duration::from_secs(10)).await;
        assert!(told.subject().contains("changed"), "{}", told.subject());
        assert_eq!(c.submit("/account/email/confirm", &[("token", &token)]).await.status, 400, "the link works once");
        let fresh = app.client();
        assert_eq!(fresh.log_in(&new, crate::helpers::PASSWORD).await.status, 303);
        let actions = app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "email_changed"));

        // An address another account has: the same answer, that owner is told, nothing changes.
        let taken = unique_email("change-taken");
        app.user_with_role(&taken, "facility").await;
        let again = c.submit("/account/email", &[("new_email", &taken), ("current_password", crate::helpers::PASSWORD)]).await;
        assert_eq!((again.status, again.location().as_str()), (303, "/account?notice=email-change-sent"));
        let warned = app.smtp.wait_for(&taken, Duration::from_secs(10)).await;
        assert!(warned.link("/account/email/confirm").is_none(), "no link for a taken address");
        assert_eq!(app.user(&new).await.unwrap().id, moved.id);
    }
}

on_both! {
    async fn every_route_of_the_profile_answers_each_role_as_expected(backend) {
        let app = TestApp::spawn(backend).await;
        let owner_email = unique_email("table-owner");
        let owner = app.user_with_role(&owner_email, "professional").await;
        let until = in_days(300);
        owner.submit("/professional/licences/new", &[("issuing_country", "GB"), ("issuing_body", "NMC"), ("number", "T-1"), ("licence_profession", "2222"), ("valid_from", "2020-01-01"), ("valid_until", &until)]).await;
        let (a, b) = (in_days(5), in_days(9));
        owner.submit("/professional/availability/new", &[("starts_on", &a), ("ends_on", &b), ("modality", "on_site")]).await;
        let licence = licences_of(&app, &owner_email).await[0].id.clone();
        let window = windows_of(&app, &owner_email).await[0].0.id.clone();
        let another = app.user_with_role(&unique_email("table-other"), "professional").await;
        let facility = app.user_with_role(&unique_email("table-fac"), "facility").await;
        let coordinator = app.user_with_role(&unique_email("table-coord"), "coordinator").await;
        let admin = app.user_with_role(&unique_email("table-admin"), "admin").await;
        let anonymous = app.client();

        // (path, owner, another professional, facility/coordinator/admin, anonymous)
        let own = |p: &str| p.to_string();
        let rows: Vec<(String, u16, u16, u16, u16)> = vec![
            (own("/professional/profile"), 200, 200, 403, 303),
            (own("/professional/profile/work"), 200, 200, 403, 303),
            (own("/professional/profile/place"), 200, 200, 403, 303),
            (own("/professional/profile/languages"), 200, 200, 403, 303),
            (own("/professional/consents"), 200, 200, 403, 303),
            (own("/professional/licences"), 200, 200, 403, 303),
            (own("/professional/licences/new"), 200, 200, 403, 303),
            (format!("/professional/licences/{licence}/edit"), 200, 404, 403, 303),
            (format!("/professional/licences/{licence}/delete"), 200, 404, 403, 303),
            (own("/professional/availability"), 200, 200, 403, 303),
            (own("/professional/availability/new"), 200, 200, 403, 303),
            (format!("/professional/availability/{window}/edit"), 200, 404, 403, 303),
            (format!("/professional/availability/{window}/delete"), 200, 404, 403, 303),
            // One's own account, whatever the role.
            (own("/account/export"), 200, 200, 200, 303),
            (own("/account/email"), 200, 200, 200, 303),
            (own("/account/delete"), 200, 200, 200, 303),
        ];
        for (path, o, p, others, anon) in &rows {
            assert_eq!(owner.get(path).await.status, *o, "the professional: {path}");
            assert_eq!(another.get(path).await.status, *p, "another professional: {path}");
            for (who, c) in [("facility", &facility), ("coordinator", &coordinator), ("admin", &admin)] {
                assert_eq!(c.get(path).await.status, *others, "{who}: {path}");
            }
            assert_eq!(anonymous.get(path).await.status, *anon, "anonymous: {path}");
        }
        // Nothing another professional tried changed the owner's rows.
        assert_eq!(licences_of(&app, &owner_email).await.len(), 1);
        assert_eq!(windows_of(&app, &owner_email).await.len(), 1);
    }
}

on_both! {
    async fn licence_text_comes_back_inert(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.user_with_role(&unique_email("licence-xss"), "professional").await;
        let payload = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        let until = in_days(300);
        let saved = c
            .submit("/professional/licences/new", &[("issuing_country", "GB"), ("issuing_body", payload), ("number", "<b>7</b>"), ("licence_profession", "2222"), ("valid_from", "2020-01-01"), ("valid_until", &until)])
            .await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let bad = c
            .submit("/professional/licences/new", &[("issuing_country", "XX"), ("issuing_body", payload), ("number", payload)])
            .await;
        assert_eq!(bad.status, 422);
        for page in [c.get("/professional/licences").await, bad] {
            assert!(!page.body.contains("<script>alert") && !page.body.contains("<img src=x") && !page.body.contains("<b>7</b>"));
        }
    }
}
