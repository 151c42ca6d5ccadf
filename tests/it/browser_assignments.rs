//! In a real browser, in English and in French: the staff of a verified
//! facility write an on-site assignment (a first try refused by the field)
//! and a virtual one with weekly sessions, and publish both; a nurse finds
//! the virtual one with two filters and expresses interest; the facility
//! sees it, then changes and closes the on-site one (a reason asked).
//! axe-core checks every page.

use sankofa::i18n;

use crate::assignments::facility;
use crate::helpers::browser::{Browser, browser_available, plain};
use crate::helpers::{Backend, TestApp, unique_email};
use crate::on_both;

fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

async fn flow(backend: Backend, lang: &str) {
    if !browser_available() {
        return;
    }
    let locale = lang.parse().unwrap();
    let tr = |key: &str| plain(&i18n::t(locale, key));
    let app = TestApp::spawn(backend).await;
    let gh = crate::registry::programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
    let coordinator_email = unique_email("ba-coord");
    app.user_with_role(&coordinator_email, "coordinator").await;
    let coordinator_id = app.user(&coordinator_email).await.unwrap().id;
    app.services
        .db
        .write(move |c| {
            sankofa::store::programmes::replace_memberships(
                c,
                &coordinator_id,
                &[gh],
                sankofa::db::now(),
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let (staff, fid) = facility(&app, true).await;
    let email = app
        .services
        .db
        .run({
            let fid = fid.clone();
            move |c| Ok(sankofa::store::facilities::staff_of(c, &fid)?)
        })
        .await
        .unwrap()
        .remove(0)
        .email;
    drop(staff);

    let b = Browser::start(&app.base, lang, &format!("{lang}-{backend:?}-assignments")).await;
    b.log_in(&email, crate::helpers::PASSWORD, "/facility")
        .await;
    if lang == "fr" {
        b.switch_language("fr").await;
    }
    let list = format!("/facility/{fid}/assignments");
    b.click(&format!("main a[href=\"{list}\"]")).await;
    b.wait_for_path(&list).await;
    b.wait_for_text(&tr("assignments-none")).await;
    b.shot("assignments-empty").await;
    let new = format!("{list}/new");
    b.click(&format!("main a[href=\"{new}\"]")).await;
    b.wait_for_path(&new).await;

    // A first try with only a title: refused by the field, the title kept.
    b.fill("title", "Midwifery mentor").await;
    b.submit(&new).await;
    b.wait_for_text(&tr("error-summary-title")).await;
    assert!(
        b.text()
            .await
            .contains(&plain(&i18n::t(locale, "err-choose-at-least-one")))
    );
    b.shot("assignment-refused").await;
    b.fill(
        "objectives",
        "Train twelve midwives in emergency obstetric care.",
    )
    .await;
    b.tick("pr-2222").await;
    b.choose("specialty", "obstetrics_gynaecology").await;
    b.fill("required_skills", "emergency obstetric care").await;
    b.choose("language_1", "en").await;
    b.choose("level_1", "professional").await;
    b.choose("modality", "on_site").await;
    b.set_value("starts_on", &day(30)).await;
    b.set_value("ends_on", &day(57)).await;
    b.fill("positions", "2").await;
    b.tick("clinical").await;
    b.tick("support_travel").await;
    b.tick("support_accommodation").await;
    b.shot("assignment-form").await;
    b.submit(&new).await;
    b.wait_for_text(&tr("notice-assignment-saved")).await;
    b.wait_for_text(&tr("assignment-status-draft")).await;
    b.shot("assignment-draft").await;
    let onsite = b.path().await;
    let onsite = onsite.split('?').next().unwrap().to_string();
    b.submit(&format!("{onsite}/publish")).await;
    b.wait_for_text(&tr("notice-assignment-published")).await;
    b.shot("assignment-open").await;

    // A virtual one: two sessions a week in the facility's time zone.
    b.goto(&new).await;
    b.fill("title", "Tele-mentoring of neonatal nurses").await;
    b.fill("objectives", "Weekly case reviews with the neonatal unit.")
        .await;
    b.tick("pr-2221").await;
    b.choose("modality", "virtual").await;
    b.set_value("starts_on", &day(20)).await;
    b.set_value("ends_on", &day(140)).await;
    b.fill("hours_per_week", "4").await;
    b.choose("session_1_day", "2").await;
    b.set_value("session_1_start", "09:00").await;
    b.set_value("session_1_end", "11:00").await;
    b.choose("session_2_day", "4").await;
    b.set_value("session_2_start", "14:00").await;
    b.set_value("session_2_end", "16:00").await;
    b.submit(&new).await;
    b.wait_for_text(&tr("notice-assignment-saved")).await;
    b.wait_for_text("09:00–11:00").await;
    b.shot("assignment-virtual").await;
    let virtual_page = b.path().await;
    let virtual_page = virtual_page.split('?').next().unwrap().to_string();

    b.submit(&format!("{virtual_page}/publish")).await;
    b.wait_for_text(&tr("notice-assignment-published")).await;

    b.goto(&list).await;
    b.wait_for_text("Tele-mentoring of neonatal nurses").await;
    b.wait_for_text(&plain(&i18n::t_count(
        locale,
        "assignments-count",
        "count",
        2,
    )))
    .await;
    b.shot("assignments").await;
    b.log_out().await;

    // A nurse in London finds the virtual one with two filters, reads it
    // in her own time zone, and expresses interest.
    let nurse = unique_email("ba-nurse");
    let pro = app.user_with_role(&nurse, "professional").await;
    let work = pro
        .submit(
            "/professional/profile/work",
            &[("profession", "2221"), ("years_experience", "8")],
        )
        .await;
    assert_eq!(work.status, 303, "{}", work.body);
    let place = pro
        .submit(
            "/professional/profile/place",
            &[
                ("origin_country", "GH"),
                ("residence_country", "GB"),
                ("residence_city", "Leeds"),
                ("residence_status", "citizen"),
                ("time_zone", "Europe/London"),
            ],
        )
        .await;
    assert_eq!(place.status, 303, "{}", place.body);
    let consent = pro
        .submit("/professional/consents/matching/give", &[])
        .await;
    assert_eq!(consent.status, 303);
    b.log_in(&nurse, crate::helpers::PASSWORD, "/professional")
        .await;
    if lang == "fr" {
        b.switch_language("fr").await;
    }
    b.click("main a[href=\"/assignments\"]").await;
    b.wait_for_path("/assignments").await;
    b.choose("modality", "virtual").await;
    b.choose("profession", "2221").await;
    b.shot("discovery-filters").await;
    b.submit("/assignments").await;
    b.wait_for_text("Tele-mentoring of neonatal nurses").await;
    assert!(
        !b.text().await.contains("Midwifery mentor"),
        "the on-site one is filtered out"
    );
    b.shot("discovery-results").await;
    let id = virtual_page.rsplit('/').next().unwrap().to_string();
    b.click(&format!("main a[href=\"/assignments/{id}\"]"))
        .await;
    b.wait_for_path(&format!("/assignments/{id}")).await;
    b.shot("discovery-assignment").await;
    b.fill("note", "I mentor neonatal nurses in Leeds.").await;
    b.submit(&format!("/assignments/{id}/interest")).await;
    b.wait_for_text(&tr("notice-interest-expressed")).await;
    b.shot("discovery-interested").await;
    b.log_out().await;

    // The facility sees her interest: her name and profession only.
    b.log_in(&email, crate::helpers::PASSWORD, "/facility")
        .await;
    b.goto(&virtual_page).await;
    b.wait_for_text("I mentor neonatal nurses in Leeds.").await;
    assert!(
        !b.text().await.contains(&nurse),
        "no address before a match"
    );
    b.shot("assignment-interest").await;
    b.log_out().await;

    // The coordinator proposes her from the interest and approves; she
    // and the facility accept from the match's page.
    b.log_in(&coordinator_email, crate::helpers::PASSWORD, "/coordinator")
        .await;
    if lang == "fr" {
        b.switch_language("fr").await;
    }
    b.click("main a[href=\"/coordinator/interests\"]").await;
    b.wait_for_path("/coordinator/interests").await;
    b.shot("interests").await;
    b.submit("/coordinator/matches/propose").await;
    b.wait_for_text(&tr("notice-match-propose")).await;
    b.shot("match-proposed").await;
    let match_page = b.path().await.split('?').next().unwrap().to_string();
    b.submit(&format!("{match_page}/approve")).await;
    b.wait_for_text(&tr("notice-match-approve")).await;
    b.goto("/coordinator/matches?state=offered").await;
    b.wait_for_text("Tele-mentoring of neonatal nurses").await;
    b.shot("matches-dashboard").await;
    b.log_out().await;
    b.log_in(&nurse, crate::helpers::PASSWORD, "/professional")
        .await;
    b.click("main a[href=\"/professional/offers\"]").await;
    b.wait_for_path("/professional/offers").await;
    b.shot("offers").await;
    b.click(&format!("main a[href=\"{match_page}\"]")).await;
    b.wait_for_path(&match_page).await;
    b.shot("match-offered").await;
    b.submit(&format!("{match_page}/accept")).await;
    b.wait_for_text(&tr("notice-match-accept")).await;
    b.log_out().await;
    b.log_in(&email, crate::helpers::PASSWORD, "/facility")
        .await;
    b.goto(&virtual_page).await;
    b.click(&format!("main a[href=\"{match_page}\"]")).await;
    b.wait_for_path(&match_page).await;
    b.submit(&format!("{match_page}/accept")).await;
    b.wait_for_text(&tr("match-state-confirmed")).await;
    b.shot("match-confirmed").await;

    // Changing and closing the on-site one, through the confirmation page.
    b.goto(&format!("{onsite}/edit")).await;
    b.fill("positions", "3").await;
    b.shot("assignment-edit").await;
    b.submit(&format!("{onsite}/edit")).await;
    b.wait_for_text(&tr("notice-assignment-saved")).await;
    b.click(&format!("main a[href=\"{onsite}/close\"]")).await;
    b.wait_for_text(&tr("assignment-close-warning")).await;
    b.fill("reason", "Covered by the national maternity team.")
        .await;
    b.shot("assignment-close").await;
    b.submit(&format!("{onsite}/close")).await;
    b.wait_for_text(&tr("notice-assignment-closed")).await;
    b.wait_for_text("Covered by the national maternity team.")
        .await;
    b.shot("assignment-closed").await;
    b.close().await;
}

on_both! {
    async fn a_facility_writes_terms_of_reference_in_a_browser_in_english(backend) {
        flow(backend, "en").await;
    }
}

on_both! {
    async fn a_facility_writes_terms_of_reference_in_a_browser_in_french(backend) {
        flow(backend, "fr").await;
    }
}
