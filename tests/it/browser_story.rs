//! The whole story of a return assignment, in four real browsers at once,
//! the professional's in French and the others in English: an
//! administrator creates a programme and invites a coordinator, who follows
//! the emailed link; a facility signs up and is verified, and posts Terms
//! of Reference; a professional signs up, completes her profile and
//! expresses interest; the coordinator proposes and approves; both sides
//! accept from the emailed links; the checklist is ticked; after the end
//! date (a moved clock) the report and the feedback are filed; the
//! coordinator completes the match; the professional downloads the
//! calendar file. axe-core checks every page on the way.

use std::time::Duration;

use chrono::TimeDelta;
use sankofa::domain::Locale;
use sankofa::i18n;

use crate::helpers::browser::{Browser, browser_available, plain};
use crate::helpers::{Backend, PASSWORD, TestApp, html, unique_email};
use crate::on_both;
use crate::programmes::facility_id_of;

const WAIT: Duration = Duration::from_secs(15);

fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

fn en(key: &str) -> String {
    plain(&i18n::t(Locale::En, key))
}

fn fr(key: &str) -> String {
    plain(&i18n::t(Locale::Fr, key))
}

/// Follows an emailed verification link in `b` and confirms the address,
/// waiting for the confirmation in the page's language.
async fn verify_email(app: &TestApp, b: &Browser, email: &str, done: &str) {
    let mail = app.smtp.wait_for(email, WAIT).await;
    let link = mail
        .link("/verify-email?token=")
        .expect("a verification link");
    b.goto(&html::path_of(&link)).await;
    b.wait_for_path("/login").await;
    b.fill("email", email).await;
    b.fill("password", PASSWORD).await;
    b.submit("/login").await;
    b.wait_for_path("/verify-email").await;
    b.submit("/verify-email").await;
    b.wait_for_text(done).await;
}

/// The path of the emailed link to `path_start` in the message to `email`
/// whose subject contains `subject`.
async fn emailed_path(app: &TestApp, email: &str, subject: &str, path_start: &str) -> String {
    let mail = app.smtp.wait_for_subject(email, subject, WAIT).await;
    html::path_of(
        &mail
            .link(path_start)
            .unwrap_or_else(|| panic!("a link to {path_start} in {}", mail.text())),
    )
}

/// Ticks one item of the match's checklist from its page, and waits until
/// the page offers to untick it.
async fn tick(b: &Browser, match_page: &str, item: &str) {
    let form = format!(
        "form[action=\"{match_page}/checklist\"]:has(input[name=\"item\"][value=\"{item}\"])"
    );
    b.click(&format!(
        "{form}:has(input[name=\"ticked\"][value=\"1\"]) button"
    ))
    .await;
    b.find(&format!(
        "{form}:has(input[name=\"ticked\"][value=\"0\"]) button"
    ))
    .await;
}

async fn story(backend: Backend) {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn(backend).await;
    let prefix = format!("{backend:?}-story");
    let admin_email = unique_email("st-admin");
    app.user_with_role(&admin_email, "admin").await;
    let admin = Browser::start(&app.base, "en", &format!("{prefix}-admin")).await;
    let coordinator = Browser::start(&app.base, "en", &format!("{prefix}-coordinator")).await;
    let facility = Browser::start(&app.base, "en", &format!("{prefix}-facility")).await;
    let nurse = Browser::start(&app.base, "fr", &format!("{prefix}-professional")).await;

    // The administrator creates the programme and invites its coordinator.
    admin.log_in(&admin_email, PASSWORD, "/admin").await;
    admin.goto("/admin/programmes/new").await;
    admin.fill("code", "GH-HEALTH").await;
    admin.fill("name_en", "Ghana Health").await;
    admin.fill("name_fr", "Santé Ghana").await;
    admin.fill("countries", "GH").await;
    admin.submit("/admin/programmes/new").await;
    admin
        .wait_for_path("/admin/programmes?notice=programme-saved")
        .await;
    let programme = app
        .services
        .db
        .run(|c| Ok(sankofa::store::programmes::all(c)?))
        .await
        .unwrap()
        .remove(0)
        .id;
    let coordinator_email = unique_email("st-coord");
    admin.goto("/admin/coordinators/invite").await;
    admin.fill("email", &coordinator_email).await;
    admin.choose("locale", "en").await;
    admin.tick(&format!("pr-{programme}")).await;
    admin.submit("/admin/coordinators/invite").await;
    admin
        .wait_for_path("/admin/coordinators?notice=coordinator-invited")
        .await;
    admin.shot("coordinator-invited").await;
    admin.close().await;

    let invitation = emailed_path(
        &app,
        &coordinator_email,
        &en("email-coordinator-invitation-subject"),
        "/invitations/accept?token=",
    )
    .await;
    coordinator.goto(&invitation).await;
    coordinator.fill("full_name", "Abena Asante").await;
    coordinator.fill("password", PASSWORD).await;
    coordinator.fill("password_confirm", PASSWORD).await;
    coordinator.submit("/invitations/accept").await;
    coordinator
        .wait_for_path("/coordinator?notice=invitation-accepted")
        .await;

    // The facility signs up, confirms its address and is verified.
    let staff_email = unique_email("st-staff");
    facility.goto("/signup/facility").await;
    facility.fill("full_name", "Kofi Boateng").await;
    facility.fill("email", &staff_email).await;
    facility.fill("password", PASSWORD).await;
    facility.fill("password_confirm", PASSWORD).await;
    facility.choose("locale", "en").await;
    facility
        .fill("facility_name", "Tamale Teaching Hospital")
        .await;
    facility.choose("facility_kind", "hospital").await;
    facility.choose("country", "GH").await;
    facility.fill("region", "Northern").await;
    facility.fill("city", "Tamale").await;
    facility.tick("privacy").await;
    facility.submit("/signup/facility").await;
    facility.wait_for_path("/signup/sent").await;
    verify_email(&app, &facility, &staff_email, &en("verify-done-title")).await;
    let fid = facility_id_of(&app, &staff_email).await;
    coordinator
        .goto(&format!("/coordinator/facilities/{fid}"))
        .await;
    coordinator.wait_for_text("Tamale Teaching Hospital").await;
    coordinator
        .submit(&format!("/coordinator/facilities/{fid}/verify"))
        .await;
    coordinator
        .wait_for_path("/coordinator/facilities?notice=facility-verified")
        .await;

    // It posts Terms of Reference: a month on site, from a month ahead.
    let new = format!("/facility/{fid}/assignments/new");
    facility.goto(&new).await;
    facility
        .fill("title", "Midwifery mentor, maternity ward")
        .await;
    facility
        .fill(
            "objectives",
            "Train twelve midwives in emergency obstetric care.",
        )
        .await;
    facility.tick("pr-2222").await;
    facility.choose("language_1", "en").await;
    facility.choose("level_1", "conversational").await;
    facility.choose("modality", "on_site").await;
    facility.set_value("starts_on", &day(30)).await;
    facility.set_value("ends_on", &day(57)).await;
    facility.fill("positions", "1").await;
    facility.tick("clinical").await;
    facility.tick("support_travel").await;
    facility.submit(&new).await;
    facility.wait_for_text(&en("notice-assignment-saved")).await;
    let assignment = facility.path().await.split('?').next().unwrap().to_string();
    facility.submit(&format!("{assignment}/publish")).await;
    facility
        .wait_for_text(&en("notice-assignment-published"))
        .await;
    facility.shot("assignment-open").await;
    let aid = assignment.rsplit('/').next().unwrap().to_string();

    // A midwife in Leeds signs up in French, completes her profile and
    // expresses interest.
    let nurse_email = unique_email("st-nurse");
    nurse.goto("/signup/professional").await;
    nurse.fill("full_name", "Ama Mensah").await;
    nurse.fill("email", &nurse_email).await;
    nurse.fill("password", PASSWORD).await;
    nurse.fill("password_confirm", PASSWORD).await;
    nurse.choose("locale", "fr").await;
    nurse.tick("privacy").await;
    nurse.submit("/signup/professional").await;
    nurse.wait_for_path("/signup/sent").await;
    verify_email(&app, &nurse, &nurse_email, &fr("verify-done-title")).await;
    nurse.goto("/professional/profile/work").await;
    nurse.choose("profession", "2222").await;
    nurse.fill("years_experience", "8").await;
    nurse.submit("/professional/profile/work").await;
    nurse.wait_for_text(&fr("notice-profile-saved")).await;
    nurse.goto("/professional/profile/place").await;
    nurse.choose("origin_country", "GH").await;
    nurse.choose("residence_country", "GB").await;
    nurse.fill("residence_city", "Leeds").await;
    nurse.choose("residence_status", "citizen").await;
    nurse.fill("time_zone_other", "Europe/London").await;
    nurse.submit("/professional/profile/place").await;
    nurse.wait_for_text(&fr("notice-profile-saved")).await;
    nurse.goto("/professional/consents").await;
    for kind in ["matching", "share_profile"] {
        nurse
            .submit(&format!("/professional/consents/{kind}/give"))
            .await;
        nurse
            .find(&format!(
                "form[action=\"/professional/consents/{kind}/withdraw\"]"
            ))
            .await;
    }
    nurse.shot("consents").await;
    nurse.goto(&format!("/assignments/{aid}")).await;
    nurse.fill("note", "Disponible en mars.").await;
    nurse.submit(&format!("/assignments/{aid}/interest")).await;
    nurse.wait_for_text(&fr("notice-interest-expressed")).await;

    // The coordinator proposes her from the interest and approves.
    coordinator.goto("/coordinator/interests").await;
    coordinator.wait_for_text("Ama Mensah").await;
    coordinator.submit("/coordinator/matches/propose").await;
    coordinator.wait_for_text(&en("notice-match-propose")).await;
    let match_page = coordinator
        .path()
        .await
        .split('?')
        .next()
        .unwrap()
        .to_string();
    coordinator.submit(&format!("{match_page}/approve")).await;
    coordinator.wait_for_text(&en("notice-match-approve")).await;
    coordinator.shot("match-offered").await;

    // Both sides accept from the emailed links, each in their language.
    let offer = app
        .smtp
        .wait_for_subject(&nurse_email, &fr("email-match-offered-subject"), WAIT)
        .await;
    nurse
        .goto(&html::path_of(&offer.link("/matches/").unwrap()))
        .await;
    nurse.wait_for_path(&match_page).await;
    nurse.shot("match-offered").await;
    nurse.submit(&format!("{match_page}/accept")).await;
    nurse.wait_for_text(&fr("notice-match-accept")).await;
    let staff_offer = emailed_path(
        &app,
        &staff_email,
        &en("email-match-offered-subject"),
        "/matches/",
    )
    .await;
    facility.goto(&staff_offer).await;
    facility.wait_for_path(&match_page).await;
    facility.submit(&format!("{match_page}/accept")).await;
    facility.wait_for_text(&en("match-state-confirmed")).await;
    // She consented to share her profile: the facility now sees how to
    // reach her.
    facility.wait_for_text(&nurse_email).await;
    facility.shot("match-confirmed").await;
    app.smtp
        .wait_for_subject(&nurse_email, &fr("email-match-confirmed-subject"), WAIT)
        .await;

    // The checklist: she books her travel and orientation, the coordinator
    // the permit and the insurance.
    nurse.goto(&match_page).await;
    tick(&nurse, &match_page, "travel").await;
    tick(&nurse, &match_page, "orientation").await;
    coordinator.goto(&match_page).await;
    tick(&coordinator, &match_page, "permit").await;
    tick(&coordinator, &match_page, "insurance").await;
    coordinator.wait_for_text("Abena Asante").await;
    coordinator.wait_for_text("Ama Mensah").await;
    coordinator.shot("checklist").await;

    // After the end date: her report, the facility's feedback.
    app.services.clock.advance(TimeDelta::days(60));
    nurse.goto(&match_page).await;
    nurse
        .click(&format!("main a[href=\"{match_page}/report\"]"))
        .await;
    nurse.wait_for_path(&format!("{match_page}/report")).await;
    nurse
        .fill(
            "activities",
            "Formation de douze sages-femmes aux urgences obstétricales.",
        )
        .await;
    nurse.fill("people_trained", "12").await;
    nurse.fill("patients_seen", "85").await;
    nurse.fill("sessions_delivered", "9").await;
    nurse.fill("hours_given", "140").await;
    nurse.shot("report").await;
    nurse.submit(&format!("{match_page}/report")).await;
    nurse.wait_for_text(&fr("notice-report-filed")).await;
    facility.goto(&match_page).await;
    facility
        .click(&format!("main a[href=\"{match_page}/feedback\"]"))
        .await;
    facility
        .wait_for_path(&format!("{match_page}/feedback"))
        .await;
    facility.click("#rating-5").await;
    facility
        .fill("comments", "Twelve midwives now lead the emergency drills.")
        .await;
    facility.shot("feedback").await;
    facility.submit(&format!("{match_page}/feedback")).await;
    facility.wait_for_text(&en("notice-feedback-filed")).await;

    // The coordinator hears both are in and completes the match.
    let ready = emailed_path(
        &app,
        &coordinator_email,
        &en("email-match-ready-to-close-subject"),
        "/matches/",
    )
    .await;
    assert_eq!(ready, match_page);
    coordinator.goto(&match_page).await;
    coordinator
        .wait_for_text("Twelve midwives now lead the emergency drills.")
        .await;
    coordinator.submit(&format!("{match_page}/complete")).await;
    coordinator
        .wait_for_text(&en("notice-match-complete"))
        .await;
    coordinator.shot("match-completed").await;
    nurse.goto(&match_page).await;
    nurse.wait_for_text(&fr("match-state-completed")).await;
    nurse.shot("match-completed").await;

    // Her calendar file, from the match's page.
    assert!(
        nurse
            .has(&format!("main a[href=\"{match_page}/calendar.ics\"]"))
            .await
    );
    let calendar = nurse
        .fetch_text(&format!("{match_page}/calendar.ics"))
        .await;
    assert!(calendar.starts_with("BEGIN:VCALENDAR"), "{calendar}");
    let start = day(30).replace('-', "");
    assert!(
        calendar.contains(&format!("DTSTART;VALUE=DATE:{start}")),
        "{calendar}"
    );

    coordinator.close().await;
    facility.close().await;
    nurse.close().await;
}

on_both! {
    async fn the_whole_story_of_a_return_assignment_in_four_browsers(backend) {
        story(backend).await;
    }
}
