//! The pages in a real browser: headless Chromium, driven over WebDriver,
//! signs up, confirms by email, logs in and out, in English and in French.
//! With `SANKOFA_SCREENSHOTS=<dir>`, every step is saved as a PNG.

use std::time::Duration;

use crate::helpers::browser::{Browser, axe_available, browser_available, plain, screenshot_dir};
use sankofa::domain::Locale;
use sankofa::i18n;

use crate::helpers::{Backend, PASSWORD, TestApp, html, unique_email};
use crate::on_both;

const MAIL_WAIT: Duration = Duration::from_secs(10);

/// What the pages say, in one language, read from `locales/*/main.ftl`
/// through the application itself, so a missing translation shows up here.
struct Texts {
    locale: Locale,
    lang: String,
    footer_tagline: String,
    footer_language: String,
    footer_privacy: String,
    landing_heading: String,
    signup_choice_title: String,
    signup_choice_coordinator: String,
    signup_professional_title: String,
    signup_facility_title: String,
    signup_facility_legend: String,
    error_summary_title: String,
    err_required: String,
    err_privacy_required: String,
    sent_title: String,
    sent_body: String,
    verify_mail_subject: String,
    verify_title: String,
    verify_done_title: String,
    verify_login: String,
    login_title: String,
    login_failed_title: String,
    login_failed_body: String,
    logged_out: String,
    forgot_title: String,
    forgot_sent_title: String,
    forgot_sent_body: String,
    reset_title: String,
    privacy_title: String,
    privacy_rights_title: String,
    not_found_title: String,
    status_404: String,
    forbidden_title: String,
    status_403: String,
    verify_banner: String,
    professional_title: String,
    facility_title: String,
    facility_pending: String,
    coordinator_title: String,
    admin_title: String,
    admin_outbox_title: String,
    admin_audit_title: String,
    account_title: String,
    role_facility: String,
    account_password_title: String,
}

impl Texts {
    fn new(locale: Locale) -> Self {
        let t = |key: &str| plain(&i18n::t(locale, key));
        let status = |code: &str| {
            plain(&i18n::t_args(
                locale,
                "error-status",
                &[("status", code.to_string())],
            ))
        };
        // The banner names the address; its words before the colon suffice.
        let banner = t("area-verify-banner");
        let banner = banner
            .split(':')
            .next()
            .unwrap_or_default()
            .trim_end_matches([' ', '\u{a0}'])
            .to_string();
        Texts {
            locale,
            lang: locale.code().to_string(),
            footer_tagline: t("footer-tagline"),
            footer_language: t("footer-language"),
            footer_privacy: t("footer-privacy"),
            landing_heading: t("landing-heading"),
            signup_choice_title: t("signup-choice-title"),
            signup_choice_coordinator: t("signup-choice-coordinator"),
            signup_professional_title: t("signup-professional-title"),
            signup_facility_title: t("signup-facility-title"),
            signup_facility_legend: t("signup-facility-legend"),
            error_summary_title: t("error-summary-title"),
            err_required: t("err-required"),
            err_privacy_required: t("err-privacy-required"),
            sent_title: t("signup-sent-title"),
            sent_body: t("signup-sent-body"),
            verify_mail_subject: t("email-verify-subject"),
            verify_title: t("verify-title"),
            verify_done_title: t("verify-done-title"),
            verify_login: t("notice-verify-login"),
            login_title: t("login-title"),
            login_failed_title: t("login-failed-title"),
            login_failed_body: t("login-failed-body"),
            logged_out: t("notice-logged-out"),
            forgot_title: t("forgot-title"),
            forgot_sent_title: t("forgot-sent-title"),
            forgot_sent_body: t("forgot-sent-body"),
            reset_title: t("reset-title"),
            privacy_title: t("privacy-title"),
            privacy_rights_title: t("privacy-rights-title"),
            not_found_title: t("error-404-title"),
            status_404: status("404"),
            forbidden_title: t("error-403-title"),
            status_403: status("403"),
            verify_banner: banner,
            professional_title: t("area-professional-title"),
            facility_title: t("area-facility-title"),
            facility_pending: t("facility-status-pending"),
            coordinator_title: t("area-coordinator-title"),
            admin_title: t("area-admin-title"),
            admin_outbox_title: t("admin-outbox-title"),
            admin_audit_title: t("admin-audit-title"),
            account_title: t("account-title"),
            role_facility: t("role-facility"),
            account_password_title: t("account-password-title"),
        }
    }

    fn other(&self) -> Texts {
        Texts::new(if self.locale == Locale::En {
            Locale::Fr
        } else {
            Locale::En
        })
    }

    /// The greeting of a role's area.
    fn welcome(&self, name: &str) -> String {
        plain(&i18n::t_args(
            self.locale,
            "area-welcome",
            &[("name", name.to_string())],
        ))
    }
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// Waits for the page to show every one of `expected`, in `t`'s language
/// and without the other language's layout strings; returns its text.
async fn page(b: &Browser, t: &Texts, expected: &[&str]) -> String {
    let text = b.wait_for_text(expected[0]).await;
    let at = b.path().await;
    for e in expected {
        assert!(
            text.contains(e),
            "{at} should show {e:?}; it shows:\n{text}"
        );
    }
    assert_eq!(b.lang().await, t.lang.as_str(), "<html lang> of {at}");
    for s in [
        t.footer_tagline.as_str(),
        t.footer_language.as_str(),
        t.footer_privacy.as_str(),
    ] {
        assert!(
            text.contains(s),
            "{at} should show {s:?} in its footer:\n{text}"
        );
    }
    let o = t.other();
    for s in [
        o.footer_tagline.as_str(),
        o.footer_language.as_str(),
        o.footer_privacy.as_str(),
    ] {
        assert!(
            !text.contains(s),
            "{at} is in {} but shows {s:?}:\n{text}",
            t.lang.as_str()
        );
    }
    text
}

/// Opens `path`, checks it as `page` does, and takes a screenshot.
async fn visit(b: &Browser, t: &Texts, path: &str, step: &str, expected: &[&str]) -> String {
    b.goto(path).await;
    let text = page(b, t, expected).await;
    b.shot(step).await;
    text
}

/// Follows the verification link of the latest message to `email` in the
/// browser, and presses the button.
async fn verify_email_in_browser(app: &TestApp, b: &Browser, t: &Texts, email: &str) {
    let mail = app.smtp.wait_for(email, MAIL_WAIT).await;
    assert!(
        mail.subject().contains(t.verify_mail_subject.as_str()),
        "subject: {}",
        mail.subject()
    );
    let link = mail
        .link("/verify-email?token=")
        .expect("a verification link");
    // The link's host is the app's PUBLIC_URL, with port 0 in tests.
    b.goto(&html::path_of(&link)).await;
    // Only the account's owner can confirm: log in first, then come back.
    b.wait_for_path("/login").await;
    page(b, t, &[t.login_title.as_str(), t.verify_login.as_str()]).await;
    b.fill("email", email).await;
    b.fill("password", PASSWORD).await;
    b.shot("login-filled").await;
    b.submit("/login").await;
    b.wait_for_path("/verify-email").await;
    page(b, t, &[t.verify_title.as_str()]).await;
    b.shot("verify-email").await;
    b.submit("/verify-email").await;
    b.wait_for_text(t.verify_done_title.as_str()).await;
    page(b, t, &[t.verify_done_title.as_str()]).await;
    b.shot("verify-email-done").await;
}

/// Signs up as a professional from the landing page and confirms the address.
async fn sign_up_in_browser(app: &TestApp, b: &Browser, t: &Texts, email: &str) {
    b.goto("/").await;
    page(b, t, &[t.landing_heading.as_str()]).await;
    b.shot("landing").await;
    b.click("main a[href=\"/signup/professional\"]").await;
    b.wait_for_path("/signup/professional").await;
    page(b, t, &[t.signup_professional_title.as_str()]).await;
    b.shot("signup-form").await;

    b.fill("full_name", "Ama Mensah").await;
    b.fill("email", email).await;
    b.fill("password", PASSWORD).await;
    b.fill("password_confirm", PASSWORD).await;
    b.choose("locale", t.lang.as_str()).await;
    b.tick("privacy").await;
    b.shot("signup-form-filled").await;
    b.submit("/signup/professional").await;
    b.wait_for_path("/signup/sent").await;
    page(b, t, &[t.sent_title.as_str(), t.sent_body.as_str()]).await;
    b.shot("signup-sent").await;

    verify_email_in_browser(app, b, t, email).await;
}

async fn professional_signs_up(backend: Backend, t: &Texts) {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn(backend).await;
    let prefix = format!("{}-{}-signup", t.lang.as_str(), backend_name(backend));
    let b = Browser::start(&app.base, t.lang.as_str(), &prefix).await;
    let email = unique_email("ama");

    sign_up_in_browser(&app, &b, t, &email).await;

    // The done page leads to the professional's area.
    b.click("main a.button").await;
    b.wait_for_path("/professional").await;
    let welcome = t.welcome("Ama Mensah");
    let text = page(&b, t, &[t.professional_title.as_str(), &welcome]).await;
    assert!(!text.contains(t.verify_banner.as_str()), "verified: {text}");
    b.shot("professional").await;

    b.log_out().await;
    let text = page(&b, t, &[t.login_title.as_str(), t.logged_out.as_str()]).await;
    assert!(!text.contains(&welcome));
    assert!(b.has("form[action=\"/login\"] #email").await);
    b.shot("logged-out").await;
    b.close().await;
}

on_both! {
    async fn professional_signs_up_in_a_browser_in_english(backend) {
        professional_signs_up(backend, &Texts::new(Locale::En)).await;
    }
}

on_both! {
    async fn professional_signs_up_in_a_browser_in_french(backend) {
        professional_signs_up(backend, &Texts::new(Locale::Fr)).await;
    }
}

/// Fills and sends the facility sign-up form, and waits for "check your email".
async fn sign_up_facility_in_browser(b: &Browser, t: &Texts, email: &str) {
    b.goto("/signup/facility").await;
    page(
        b,
        t,
        &[
            t.signup_facility_title.as_str(),
            t.signup_facility_legend.as_str(),
        ],
    )
    .await;
    b.fill("full_name", "Kofi Boateng").await;
    b.fill("email", email).await;
    b.fill("password", PASSWORD).await;
    b.fill("password_confirm", PASSWORD).await;
    b.choose("locale", t.lang.as_str()).await;
    b.fill("facility_name", "Tamale Teaching Hospital").await;
    b.choose("facility_kind", "hospital").await;
    b.choose("country", "GH").await;
    b.fill("region", "Northern").await;
    b.fill("city", "Tamale").await;
    b.tick("privacy").await;
    b.shot("signup-facility-filled").await;
    b.submit("/signup/facility").await;
    b.wait_for_path("/signup/sent").await;
    page(b, t, &[t.sent_title.as_str(), t.sent_body.as_str()]).await;
    b.shot("signup-sent").await;
}

async fn facility_page(b: &Browser, t: &Texts) -> String {
    let welcome = t.welcome("Kofi Boateng");
    let text = page(
        b,
        t,
        &[
            t.facility_title.as_str(),
            &welcome,
            "Tamale Teaching Hospital",
            "Tamale, Northern, Ghana",
            t.facility_pending.as_str(),
        ],
    )
    .await;
    assert!(!text.contains(t.verify_banner.as_str()), "verified: {text}");
    text
}

on_both! {
    async fn facility_staff_registers_in_a_browser(backend) {
        if !browser_available() {
            return;
        }
        let t = &Texts::new(Locale::En);
        let app = TestApp::spawn(backend).await;
        let prefix = format!("{}-{}-facility", t.lang.as_str(), backend_name(backend));
        let b = Browser::start(&app.base, t.lang.as_str(), &prefix).await;
        let email = unique_email("kofi");

        b.goto("/").await;
        page(&b, t, &[t.landing_heading.as_str()]).await;
        b.shot("landing").await;
        b.click("main a[href=\"/signup/facility\"]").await;
        b.wait_for_path("/signup/facility").await;
        b.shot("signup-facility").await;
        sign_up_facility_in_browser(&b, t, &email).await;
        verify_email_in_browser(&app, &b, t, &email).await;

        b.click("main a.button").await;
        b.wait_for_path("/facility").await;
        facility_page(&b, t).await;
        b.shot("facility").await;
        b.log_out().await;
        page(&b, t, &[t.login_title.as_str(), t.logged_out.as_str()]).await;
        b.shot("logged-out").await;
        b.close().await;

        let user = app.user(&email).await.expect("the account");
        assert_eq!(user.role, "facility");
        assert!(user.email_verified_at.is_some());
    }
}

/// Every page, in one language, each checked and (with
/// `SANKOFA_SCREENSHOTS`) photographed.
async fn tour_in(app: &TestApp, backend: Backend, t: &Texts) {
    let l = t.lang.as_str();
    let prefix = format!("{l}-{}-tour", backend_name(backend));
    let b = Browser::start(&app.base, l, &prefix).await;
    let user = |role: &str| unique_email(&format!("{role}-{l}"));
    let (reset, professional, coordinator, admin, facility) = (
        user("reset"),
        user("professional"),
        user("coordinator"),
        user("admin"),
        user("facility"),
    );
    app.user_with_role(&reset, "professional").await;
    app.user_with_role(&professional, "professional").await;
    app.user_with_role(&coordinator, "coordinator").await;
    app.user_with_role(&admin, "admin").await;

    // What visitors see.
    visit(&b, t, "/", "landing", &[t.landing_heading.as_str()]).await;
    visit(
        &b,
        t,
        "/signup",
        "signup",
        &[
            t.signup_choice_title.as_str(),
            t.signup_choice_coordinator.as_str(),
        ],
    )
    .await;
    visit(
        &b,
        t,
        "/signup/professional",
        "signup-professional",
        &[t.signup_professional_title.as_str()],
    )
    .await;
    visit(
        &b,
        t,
        "/signup/facility",
        "signup-facility",
        &[
            t.signup_facility_title.as_str(),
            t.signup_facility_legend.as_str(),
        ],
    )
    .await;

    b.goto("/signup/professional").await;
    page(&b, t, &[t.signup_professional_title.as_str()]).await;
    assert!(!b.has(".error-summary").await);
    b.submit("/signup/professional").await;
    b.find(".error-summary").await;
    page(
        &b,
        t,
        &[
            t.error_summary_title.as_str(),
            t.err_required.as_str(),
            t.err_privacy_required.as_str(),
        ],
    )
    .await;
    assert!(b.has("#full_name[aria-invalid=\"true\"]").await);
    b.shot("signup-professional-errors").await;

    visit(&b, t, "/login", "login", &[t.login_title.as_str()]).await;
    b.fill("email", &format!("nobody-{l}@example.org")).await;
    b.fill("password", "not the right password at all").await;
    b.submit("/login").await;
    b.find(".error-summary").await;
    page(
        &b,
        t,
        &[t.login_failed_title.as_str(), t.login_failed_body.as_str()],
    )
    .await;
    b.shot("login-failed").await;

    visit(
        &b,
        t,
        "/password/forgot",
        "password-forgot",
        &[t.forgot_title.as_str()],
    )
    .await;
    b.fill("email", &reset).await;
    b.submit("/password/forgot").await;
    b.wait_for_path("/password/forgot/sent").await;
    page(
        &b,
        t,
        &[t.forgot_sent_title.as_str(), t.forgot_sent_body.as_str()],
    )
    .await;
    b.shot("password-forgot-sent").await;
    let mail = app.smtp.wait_for(&reset, MAIL_WAIT).await;
    let link = mail.link("/password/reset?token=").expect("a reset link");
    visit(
        &b,
        t,
        &html::path_of(&link),
        "password-reset",
        &[t.reset_title.as_str()],
    )
    .await;
    assert!(
        b.has("form[action=\"/password/reset\"] #password_confirm")
            .await
    );

    visit(
        &b,
        t,
        "/privacy",
        "privacy",
        &[t.privacy_title.as_str(), t.privacy_rights_title.as_str()],
    )
    .await;
    visit(
        &b,
        t,
        "/nope",
        "not-found",
        &[t.not_found_title.as_str(), t.status_404.as_str()],
    )
    .await;

    // A facility through the sign-up form and the emailed link.
    sign_up_facility_in_browser(&b, t, &facility).await;
    verify_email_in_browser(app, &b, t, &facility).await;

    // What signed-in users see.
    b.click("main a.button").await;
    b.wait_for_path("/facility").await;
    facility_page(&b, t).await;
    b.shot("facility").await;
    visit(
        &b,
        t,
        "/account",
        "account",
        &[
            t.account_title.as_str(),
            t.role_facility.as_str(),
            &facility,
            t.account_password_title.as_str(),
        ],
    )
    .await;
    b.log_out().await;
    page(&b, t, &[t.login_title.as_str(), t.logged_out.as_str()]).await;
    b.shot("logged-out").await;

    // Accounts made directly are in English: switch with the footer.
    let areas = [
        (
            professional.as_str(),
            "/professional",
            t.professional_title.as_str(),
        ),
        (
            coordinator.as_str(),
            "/coordinator",
            t.coordinator_title.as_str(),
        ),
        (admin.as_str(), "/admin", t.admin_title.as_str()),
    ];
    for (email, area, title) in areas {
        b.log_in(email, PASSWORD, area).await;
        if b.lang().await != l {
            b.switch_language(l).await;
        }
        let welcome = t.welcome("Test User");
        let expected: Vec<&str> = if area == "/admin" {
            vec![
                title,
                t.admin_outbox_title.as_str(),
                t.admin_audit_title.as_str(),
            ]
        } else {
            vec![title, &welcome]
        };
        page(&b, t, &expected).await;
        b.shot(area.trim_start_matches('/')).await;
        if area == "/professional" {
            visit(
                &b,
                t,
                "/admin",
                "forbidden",
                &[t.forbidden_title.as_str(), t.status_403.as_str()],
            )
            .await;
        }
        b.log_out().await;
    }
    b.close().await;
}

on_both! {
    async fn screenshot_tour(backend) {
        if !browser_available() {
            return;
        }
        // Some twenty sign-ups, logins and reset requests in a minute.
        let app = TestApp::spawn_with(backend, &[("RATE_LIMIT_AUTH_PER_MINUTE", "1000")]).await;
        tour_in(&app, backend, &Texts::new(Locale::En)).await;
        tour_in(&app, backend, &Texts::new(Locale::Fr)).await;
        if let Some(dir) = screenshot_dir() {
            let name = backend_name(backend);
            let taken = std::fs::read_dir(&dir)
                .expect("screenshot directory")
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().contains(&format!("-{name}-tour-")))
                .count();
            assert!(taken >= 2 * 23, "only {taken} tour screenshots in {}", dir.display());
        }
    }
}

/// The accessibility check that every page above goes through: axe-core
/// really runs in the page, and reports what it should, so that a page that
/// passes was checked.
#[tokio::test]
async fn the_accessibility_check_reports_serious_violations() {
    if !browser_available() || !axe_available() {
        return;
    }
    let app = TestApp::spawn(Backend::Sqlite).await;
    let b = Browser::start(&app.base, "en", "en-sqlite-axe").await;
    b.goto("/").await;
    let clean = b.accessibility_report().await.expect("axe-core ran");
    assert!(clean.failing.is_empty(), "{}", clean.failing.join("\n"));
    // An image without a text alternative, a field without a label, and
    // faint text (through the DOM: the CSP allows no inline style).
    b.client
        .execute(
            r#"const main = document.querySelector('main');
               main.insertAdjacentHTML('beforeend',
                 '<img src="/static/nothing.png"><input type="text" id="nameless">');
               const faint = document.createElement('p');
               faint.textContent = 'Barely readable';
               faint.style.color = '#ccc';
               main.append(faint);"#,
            vec![],
        )
        .await
        .expect("the page changed");
    let report = b.accessibility_report().await.expect("axe-core ran");
    let found = report.failing.join("\n");
    for rule in [
        "image-alt [critical]",
        "label [critical]",
        "color-contrast [serious]",
    ] {
        assert!(
            found.contains(rule),
            "axe-core should report {rule}:\n{found}"
        );
    }
    assert!(
        found.contains("#nameless"),
        "the field at fault is named:\n{found}"
    );
    b.close().await;
}

/// A professional completes the whole profile in the browser and watches the
/// list of what is missing shrink to the licence a coordinator must verify;
/// then downloads their data and deletes the account.
async fn professional_completes_profile(backend: Backend, t: &Texts) {
    if !browser_available() {
        return;
    }
    let tr = |key: &str| plain(&i18n::t(t.locale, key));
    let app = TestApp::spawn(backend).await;
    let prefix = format!("{}-{}-profile", t.lang.as_str(), backend_name(backend));
    let b = Browser::start(&app.base, t.lang.as_str(), &prefix).await;
    let email = unique_email("efua");
    sign_up_in_browser(&app, &b, t, &email).await;

    b.goto("/professional").await;
    b.click("main a[href=\"/professional/profile\"]").await;
    b.wait_for_path("/professional/profile").await;
    let missing = [
        "readiness-profession",
        "readiness-language",
        "readiness-future_availability",
        "readiness-matching_consent",
    ];
    let text = page(&b, t, &[tr("profile-title").as_str()]).await;
    for m in missing {
        assert!(text.contains(&tr(m)), "{m} listed:\n{text}");
    }
    b.shot("profile-empty").await;

    b.click("main a[href=\"/professional/profile/work\"]").await;
    b.wait_for_path("/professional/profile/work").await;
    b.choose("profession", "2222").await;
    b.tick("sp-midwifery").await;
    b.tick("sp-neonatology").await;
    b.fill("years_experience", "8").await;
    b.fill("skills", "Neonatal resuscitation, obstetric ultrasound")
        .await;
    b.tick("wants_clinical").await;
    b.fill("bio", "Midwife in Leeds, trained in Kumasi.").await;
    b.shot("profile-work").await;
    b.submit("/professional/profile/work").await;
    b.wait_for_path("/professional/profile?notice=profile-saved")
        .await;

    b.goto("/professional/profile/place").await;
    b.choose("origin_country", "GH").await;
    b.choose("residence_country", "GB").await;
    b.fill("residence_city", "Leeds").await;
    b.choose("residence_status", "citizen").await;
    b.fill("time_zone_other", "Europe/London").await;
    b.submit("/professional/profile/place").await;
    b.wait_for_path("/professional/profile?notice=profile-saved")
        .await;

    for (code, level) in [("en", "native"), ("ak", "professional")] {
        b.goto("/professional/profile/languages").await;
        b.choose("language", code).await;
        b.choose("level", level).await;
        b.submit("/professional/profile/languages").await;
        b.wait_for_path("/professional/profile/languages?notice=language-saved")
            .await;
    }
    b.shot("profile-languages").await;

    b.goto("/professional/licences/new").await;
    b.choose("issuing_country", "GB").await;
    b.fill("issuing_body", "Nursing and Midwifery Council")
        .await;
    b.fill("number", "12A3456B").await;
    b.choose("licence_profession", "2222").await;
    b.set_value("valid_from", "2020-01-01").await;
    b.set_value("valid_until", &in_days(900)).await;
    b.shot("profile-licence").await;
    b.submit("/professional/licences/new").await;
    b.wait_for_path("/professional/licences?notice=licence-saved")
        .await;
    page(&b, t, &[tr("licence-status-unverified").as_str()]).await;
    b.click("main a[href$=\"/edit\"]").await;
    page(&b, t, &[tr("licence-edit-title").as_str()]).await;
    b.goto("/professional/licences").await;
    b.click("main a[href$=\"/delete\"]").await;
    page(&b, t, &[tr("licence-delete-title").as_str()]).await;
    b.shot("licence-delete-confirm").await;

    for (modality, start, end) in [("on_site", 60, 120), ("virtual", 10, 200)] {
        b.goto("/professional/availability/new").await;
        b.set_value("starts_on", &in_days(start)).await;
        b.set_value("ends_on", &in_days(end)).await;
        b.choose("modality", modality).await;
        if modality == "virtual" {
            b.fill("weekly_hours", "6").await;
            b.set_value("from_1", "18:00").await;
            b.set_value("to_1", "21:00").await;
        }
        b.submit("/professional/availability/new").await;
        b.wait_for_path("/professional/availability?notice=window-saved")
            .await;
    }
    b.shot("profile-availability").await;
    b.click("main a[href$=\"/edit\"]").await;
    page(&b, t, &[tr("availability-edit-title").as_str()]).await;
    b.goto("/professional/availability").await;
    b.click("main a[href$=\"/delete\"]").await;
    page(&b, t, &[tr("availability-delete-title").as_str()]).await;

    b.goto("/professional/consents").await;
    b.submit("/professional/consents/matching/give").await;
    b.wait_for_path("/professional/consents?notice=consent-give")
        .await;

    // Only the licence a coordinator must verify is still missing.
    b.goto("/professional/profile").await;
    let text = page(&b, t, &[tr("readiness-verified_licence").as_str()]).await;
    for m in missing {
        assert!(!text.contains(&tr(m)), "{m} no longer listed:\n{text}");
    }
    b.shot("profile-complete").await;

    let export = b.fetch_text("/account/export").await;
    assert!(
        export.contains(&email) && export.contains("12A3456B"),
        "{export}"
    );

    // Asking for a new address: the confirmation page opens from the link.
    let new_email = unique_email("efua-new");
    b.goto("/account").await;
    b.click("main a[href=\"/account/email\"]").await;
    page(&b, t, &[tr("account-email-title").as_str()]).await;
    b.fill("new_email", &new_email).await;
    b.fill("current_password", PASSWORD).await;
    b.submit("/account/email").await;
    b.wait_for_path("/account?notice=email-change-sent").await;
    let mail = app.smtp.wait_for(&new_email, MAIL_WAIT).await;
    let link = mail
        .link("/account/email/confirm?token=")
        .expect("a confirmation link");
    b.goto(&html::path_of(&link)).await;
    page(&b, t, &[tr("account-email-confirm-title").as_str()]).await;
    b.shot("account-email-confirm").await;

    b.goto("/account/delete").await;
    b.fill("current_password", PASSWORD).await;
    b.shot("account-delete").await;
    b.submit("/account/delete").await;
    b.wait_for_path("/login?notice=account-deleted").await;
    page(&b, t, &[tr("notice-account-deleted").as_str()]).await;
    assert!(app.user(&email).await.is_none(), "the account is gone");
    b.close().await;
}

fn in_days(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

on_both! {
    async fn professional_completes_profile_in_a_browser_in_english(backend) {
        professional_completes_profile(backend, &Texts::new(Locale::En)).await;
    }
}

on_both! {
    async fn professional_completes_profile_in_a_browser_in_french(backend) {
        professional_completes_profile(backend, &Texts::new(Locale::Fr)).await;
    }
}
