//! In a real browser, in English and in French: an administrator creates a
//! programme, changes it and invites a coordinator, who follows the emailed
//! link, sets a password, verifies a waiting facility and a professional's
//! licence, and finds the professional in the registry; the professional's
//! readiness list is then complete; the facility's staff member invites a
//! colleague; the administrator moves the coordinator to another programme
//! and at last removes them. axe-core checks every page on the way.

use std::time::Duration;

use sankofa::i18n;

use crate::helpers::browser::{Browser, browser_available, plain};
use crate::helpers::{Backend, PASSWORD, TestApp, html, unique_email};
use crate::on_both;
use crate::programmes::{facility_id_of, professional_with_licence, programme_fields};

const WAIT: Duration = Duration::from_secs(10);

/// Shows the pages in `lang`, switching only when the account's language is
/// another.
async fn in_language(b: &Browser, lang: &str) {
    if b.lang().await != lang {
        b.switch_language(lang).await;
    }
}

async fn flow(backend: Backend, lang: &str) {
    if !browser_available() {
        return;
    }
    let locale = lang.parse().unwrap();
    let tr = |key: &str| plain(&i18n::t(locale, key));
    let app = TestApp::spawn(backend).await;

    // Waiting for a coordinator: a facility in Ghana and a Ghanaian midwife
    // in Leeds whose profile lacks only a verified licence.
    let staff = unique_email("bp-staff");
    app.client().sign_up_facility(&staff, PASSWORD).await;
    let facility = facility_id_of(&app, &staff).await;
    let pro_email = unique_email("bp-pro");
    let (pro, licence) = professional_with_licence(&app, &pro_email, "GH").await;
    let work = pro
        .submit(
            "/professional/profile/work",
            &[
                ("profession", "2222"),
                ("years_experience", "8"),
                ("wants_clinical", "yes"),
                ("specialties", "obstetrics_gynaecology"),
            ],
        )
        .await;
    assert_eq!(work.status, 303, "{}", work.body);
    assert_eq!(
        pro.submit(
            "/professional/profile/languages",
            &[("language", "en"), ("level", "native")]
        )
        .await
        .status,
        303
    );
    let start = (chrono::Utc::now().date_naive() + chrono::Duration::days(40)).to_string();
    let end = (chrono::Utc::now().date_naive() + chrono::Duration::days(100)).to_string();
    let window = pro
        .submit(
            "/professional/availability/new",
            &[
                ("starts_on", &start),
                ("ends_on", &end),
                ("modality", "on_site"),
            ],
        )
        .await;
    assert_eq!(window.status, 303, "{}", window.body);
    assert_eq!(
        pro.submit("/professional/consents/matching/give", &[])
            .await
            .status,
        303
    );

    let admin_email = unique_email("bp-admin");
    let admin = app.user_with_role(&admin_email, "admin").await;
    let b = Browser::start(&app.base, lang, &format!("{lang}-{backend:?}-programmes")).await;
    b.log_in(&admin_email, PASSWORD, "/admin").await;
    if lang == "fr" {
        b.switch_language("fr").await;
    }
    b.click("main a[href=\"/admin/programmes\"]").await;
    b.wait_for_path("/admin/programmes").await;
    b.wait_for_text(&tr("programmes-lead")).await;
    b.shot("programmes-empty").await;
    b.click("main a[href=\"/admin/programmes/new\"]").await;
    b.wait_for_path("/admin/programmes/new").await;
    // A first try without a code: refused by the field.
    b.fill("name_en", "Ghana Health").await;
    b.submit("/admin/programmes/new").await;
    b.wait_for_text(&tr("error-summary-title")).await;
    b.shot("programme-refused").await;
    b.fill("code", "GH-HEALTH").await;
    b.fill("name_fr", "Santé Ghana").await;
    b.fill("countries", "GH").await;
    b.shot("programme-form").await;
    b.submit("/admin/programmes/new").await;
    b.wait_for_path("/admin/programmes?notice=programme-saved")
        .await;
    b.wait_for_text("GH-HEALTH").await;
    b.shot("programmes").await;

    // Changed: Sierra Leone too, and a year more of experience.
    let programme = app
        .services
        .db
        .run(|c| Ok(sankofa::store::programmes::all(c)?))
        .await
        .unwrap()
        .remove(0)
        .id;
    let edit = format!("/admin/programmes/{programme}/edit");
    b.click(&format!("main a[href=\"{edit}\"]")).await;
    b.wait_for_path(&edit).await;
    b.fill("countries", "GH, SL").await;
    b.fill("min_years_experience", "3").await;
    b.shot("programme-edit").await;
    b.submit(&edit).await;
    b.wait_for_path("/admin/programmes?notice=programme-saved")
        .await;
    b.wait_for_text("Sierra Leone").await;
    b.shot("programmes-changed").await;
    b.goto("/admin/coordinators").await;
    b.wait_for_text(&tr("coordinators-lead")).await;
    b.click("main a[href=\"/admin/coordinators/invite\"]").await;
    b.wait_for_path("/admin/coordinators/invite").await;
    let coordinator = unique_email("bp-coord");
    b.fill("email", &coordinator).await;
    b.choose("locale", lang).await;
    b.tick(&format!("pr-{programme}")).await;
    b.shot("invite-form").await;
    b.submit("/admin/coordinators/invite").await;
    b.wait_for_path("/admin/coordinators?notice=coordinator-invited")
        .await;
    b.wait_for_text(&coordinator).await;
    b.shot("coordinators").await;
    for path in ["/admin/specialties", "/admin/safeguards"] {
        b.goto(path).await;
        b.shot(&path[7..]).await;
    }
    b.log_out().await;

    // The coordinator follows the emailed link and sets a password.
    let mail = app.smtp.wait_for(&coordinator, WAIT).await;
    let link = mail
        .link("/invitations/accept?token=")
        .expect("an invitation link");
    b.goto(&html::path_of(&link)).await;
    b.wait_for_text("GH-HEALTH").await;
    b.fill("full_name", "Abena Asante").await;
    b.fill("password", PASSWORD).await;
    b.fill("password_confirm", PASSWORD).await;
    b.shot("invitation").await;
    b.submit("/invitations/accept").await;
    b.wait_for_path("/coordinator?notice=invitation-accepted")
        .await;
    b.wait_for_text(&tr("notice-invitation-accepted")).await;
    b.shot("coordinator-home").await;

    // The facility.
    b.click("main a[href=\"/coordinator/facilities\"]").await;
    b.wait_for_path("/coordinator/facilities").await;
    b.shot("facility-queue").await;
    b.click(&format!(
        "main a[href=\"/coordinator/facilities/{facility}\"]"
    ))
    .await;
    b.wait_for_text("Tamale Teaching Hospital").await;
    b.shot("facility").await;
    b.submit(&format!("/coordinator/facilities/{facility}/verify"))
        .await;
    b.wait_for_path("/coordinator/facilities?notice=facility-verified")
        .await;
    b.wait_for_text(&tr("notice-facility-verified")).await;

    // The licence, side by side with the profile.
    b.goto("/coordinator/licences").await;
    b.click(&format!("main a[href=\"/coordinator/licences/{licence}\"]"))
        .await;
    b.wait_for_text("12A3456B").await;
    b.shot("licence").await;
    b.submit(&format!("/coordinator/licences/{licence}/verify"))
        .await;
    b.wait_for_path("/coordinator/licences?notice=licence-verified")
        .await;
    b.wait_for_text(&tr("notice-licence-verified")).await;
    b.shot("licence-queue-done").await;

    // The registry finds her, ready.
    let pro_id = app.user(&pro_email).await.unwrap().id;
    b.goto("/coordinator/registry?origin=GH&profession=2222&ready=yes")
        .await;
    b.wait_for_text(&plain(&i18n::t_count(locale, "registry-found", "count", 1)))
        .await;
    b.shot("registry").await;
    b.click(&format!(
        "main a[href=\"/coordinator/professionals/{pro_id}\"]"
    ))
    .await;
    b.wait_for_text(&tr("registry-readiness")).await;
    let specialty = if lang == "fr" {
        "Gynécologie-obstétrique"
    } else {
        "Obstetrics and gynaecology"
    };
    b.wait_for_text(specialty).await;
    b.shot("registry-profile").await;
    b.log_out().await;

    // The professional's readiness list is complete.
    b.log_in(&pro_email, PASSWORD, "/professional").await;
    if lang == "fr" {
        b.switch_language("fr").await;
    }
    b.goto("/professional/profile").await;
    let text = b.wait_for_text(&tr("readiness-ready")).await;
    assert!(!text.contains(&tr("readiness-verified_licence")), "{text}");
    assert!(
        app.smtp.wait_for(&pro_email, WAIT).await.subject().len() > 3,
        "the professional was told"
    );
    b.log_out().await;

    // The facility's staff member invites a colleague.
    b.log_in(&staff, PASSWORD, "/facility").await;
    in_language(&b, lang).await;
    let invite = format!("/facility/{facility}/invite");
    b.click(&format!("main a[href=\"{invite}\"]")).await;
    b.wait_for_path(&invite).await;
    b.wait_for_text("Tamale Teaching Hospital").await;
    let colleague = unique_email("bp-colleague");
    b.fill("email", &colleague).await;
    b.choose("locale", lang).await;
    b.shot("facility-invite").await;
    b.submit(&invite).await;
    b.wait_for_path("/facility?notice=staff-invited").await;
    b.wait_for_text(&tr("notice-staff-invited")).await;
    b.shot("facility-invited").await;
    let mail = app.smtp.wait_for(&colleague, WAIT).await;
    assert!(
        mail.text().contains("Tamale Teaching Hospital"),
        "{}",
        mail.text()
    );
    b.log_out().await;

    // The administrator moves the coordinator to a second programme too,
    // then removes them.
    let mut fields = programme_fields("NG-HEALTH", "NG");
    fields.retain(|(k, _)| !k.starts_with("name_"));
    fields.extend([("name_en", "Nigeria Health"), ("name_fr", "Santé Nigeria")]);
    assert_eq!(
        admin.submit("/admin/programmes/new", &fields).await.status,
        303
    );
    let second = app
        .services
        .db
        .run(|c| Ok(sankofa::store::programmes::all(c)?))
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.code == "NG-HEALTH")
        .expect("the second programme")
        .id;
    let coordinator_id = app.user(&coordinator).await.unwrap().id;
    b.log_in(&admin_email, PASSWORD, "/admin").await;
    in_language(&b, lang).await;
    b.goto("/admin/coordinators").await;
    let change = format!("/admin/coordinators/{coordinator_id}/programmes");
    b.click(&format!("main a[href=\"{change}\"]")).await;
    b.wait_for_path(&change).await;
    b.wait_for_text(&coordinator).await;
    b.tick(&format!("pr-{second}")).await;
    b.shot("coordinator-programmes").await;
    b.submit(&change).await;
    b.wait_for_path("/admin/coordinators?notice=coordinator-programmes-saved")
        .await;
    b.wait_for_text("GH-HEALTH, NG-HEALTH").await;
    b.shot("coordinators-moved").await;
    let remove = format!("/admin/coordinators/{coordinator_id}/remove");
    b.click(&format!("main a[href=\"{remove}\"]")).await;
    b.wait_for_path(&remove).await;
    b.wait_for_text(&coordinator).await;
    b.shot("coordinator-remove").await;
    b.submit(&remove).await;
    b.wait_for_path("/admin/coordinators?notice=coordinator-removed")
        .await;
    let text = b.wait_for_text(&tr("notice-coordinator-removed")).await;
    assert!(!text.contains(&coordinator), "{text}");
    b.shot("coordinator-removed").await;
    let removed = app.user(&coordinator).await.unwrap();
    assert!(removed.disabled_at.is_some());
    b.close().await;
}

on_both! {
    async fn admin_and_coordinator_verify_in_a_browser_in_english(backend) {
        flow(backend, "en").await;
    }
}

on_both! {
    async fn admin_and_coordinator_verify_in_a_browser_in_french(backend) {
        flow(backend, "fr").await;
    }
}
