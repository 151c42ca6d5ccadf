//! The account flows end to end over HTTP, with real email.

use std::time::Duration;

use crate::helpers::{OTHER_PASSWORD, PASSWORD, TestApp, html, unique_email};
use crate::on_both;

const MAIL_WAIT: Duration = Duration::from_secs(10);

on_both! {
    async fn professional_signs_up_verifies_logs_in_and_out(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("ama");
        let c = app.client();
        c.sign_up_professional(&email, PASSWORD, "en").await;
        let sent = c.get("/signup/sent").await;
        assert!(sent.body.contains("Check your email"));

        let mail = app.smtp.wait_for(&email, MAIL_WAIT).await;
        assert!(mail.subject().contains("Confirm your email"), "{}", mail.subject());
        assert!(mail.html().contains("Confirm my email address"));
        let link = mail.link("/verify-email?token=").expect("a verification link");

        // Logging in before verifying works, and the area asks to verify.
        c.log_in(&email, PASSWORD).await;
        let area = c.get("/professional").await;
        assert_eq!(area.status, 200);
        assert!(area.body.contains("Please confirm your email address"));

        // Someone not signed in is asked to log in first, and comes back here.
        let anonymous = app.client().get(&html::path_of(&link)).await;
        assert_eq!(anonymous.status, 303);
        let to_login = anonymous.location();
        assert!(to_login.starts_with("/login?next=%2Fverify-email%3Ftoken%3D"), "{to_login}");
        assert!(to_login.ends_with("&notice=verify-login"));
        let login_page = app.client().get(&to_login).await;
        assert!(login_page.body.contains("Log in to confirm your email address."));
        // Someone signed in to another account cannot confirm this address.
        let other = app.user_with_role(&unique_email("other"), "professional").await;
        let refused = other.get(&html::path_of(&link)).await;
        assert_eq!(refused.status, 403);
        assert!(refused.body.contains("This link is for another account"));
        let token = html::query_param(&link, "token");
        assert_eq!(other.submit("/verify-email", &[("token", &token)]).await.status, 403);
        assert!(app.user(&email).await.unwrap().email_verified_at.is_none());

        // Opening the link changes nothing; the button does.
        let confirm = c.get(&html::path_of(&link)).await;
        assert_eq!(confirm.status, 200);
        assert!(app.user(&email).await.unwrap().email_verified_at.is_none());
        let done = c.submit("/verify-email", &[("token", &html::query_param(&link, "token"))]).await;
        assert_eq!(done.status, 200);
        assert!(done.body.contains("Your email address is confirmed"));
        assert!(app.user(&email).await.unwrap().email_verified_at.is_some());

        let area = c.get("/professional").await;
        assert!(!area.body.contains("Please confirm your email address"));
        assert!(area.body.contains("Welcome, Ama Mensah"));

        let out = c.submit("/logout", &[]).await;
        assert_eq!(out.status, 303);
        assert_eq!(c.get("/professional").await.status, 303, "logged out");
        let actions = app.audit_actions().await;
        for a in ["user_signed_up", "login", "email_verified"] {
            assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
        }
    }
}

on_both! {
    async fn facility_staff_signs_up_with_a_pending_facility(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("kofi");
        let c = app.client();
        c.sign_up_facility(&email, PASSWORD).await;
        app.smtp.wait_for(&email, MAIL_WAIT).await;
        let user = app.user(&email).await.unwrap();
        assert_eq!(user.role, "facility");
        c.log_in(&email, PASSWORD).await;
        let area = c.get("/facility").await;
        assert_eq!(area.status, 200);
        assert!(area.body.contains("Tamale Teaching Hospital"));
        assert!(area.body.contains("Tamale, Northern, Ghana"));
        assert!(area.body.contains("Pending verification"));
        let id = user.id.clone();
        let facilities = app
            .services
            .db
            .run(move |c| Ok(sankofa::store::facilities::for_staff(c, &id)?))
            .await
            .unwrap();
        assert_eq!(facilities.len(), 1);
        assert_eq!(facilities[0].status, "pending");
        assert_eq!(facilities[0].country_code, "GH");
    }
}

on_both! {
    async fn verification_email_is_in_the_chosen_language(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("aminata");
        let c = app.client();
        c.sign_up_professional(&email, PASSWORD, "fr").await;
        let mail = app.smtp.wait_for(&email, MAIL_WAIT).await;
        assert!(mail.subject().contains("Confirmez votre adresse e-mail"), "{}", mail.subject());
        assert!(mail.text().contains("Bonjour Ama Mensah"));
        assert!(mail.html().contains("lang=\"fr\""));
    }
}

on_both! {
    async fn signing_up_twice_tells_the_owner_by_email_and_nobody_else(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("twice");
        let first = app.client();
        first.sign_up_professional(&email, PASSWORD, "en").await;
        app.smtp.wait_for(&email, MAIL_WAIT).await;

        let second = app.client();
        let page = second.sign_up_professional(&email, OTHER_PASSWORD, "en").await;
        assert_eq!(page.location(), "/signup/sent");
        let mail = app.smtp.wait_for_nth(&email, 2, MAIL_WAIT).await;
        assert!(mail.subject().contains("tried to register"), "{}", mail.subject());
        // The account keeps its first password.
        second.log_in(&email, PASSWORD).await;
    }
}

on_both! {
    async fn password_reset_by_email_link(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("reset");
        let c = app.professional(&email).await;
        let other_device = app.client();
        other_device.log_in(&email, PASSWORD).await;

        let anon = app.client();
        let page = anon.submit("/password/forgot", &[("email", &email)]).await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location(), "/password/forgot/sent");
        let mail = app.smtp.wait_for_nth(&email, 2, MAIL_WAIT).await;
        assert!(mail.subject().contains("new Sankofa password"), "{}", mail.subject());
        let link = mail.link("/password/reset?token=").expect("a reset link");
        let form = anon.get(&html::path_of(&link)).await;
        assert_eq!(form.status, 200);
        let token = html::query_param(&link, "token");
        let done = anon
            .submit(
                "/password/reset",
                &[("token", &token), ("password", OTHER_PASSWORD), ("password_confirm", OTHER_PASSWORD)],
            )
            .await;
        assert_eq!(done.status, 303, "{}", done.body);
        assert_eq!(done.location(), "/login?notice=password-reset");

        // Every session ended; the old password is gone, the new one works.
        assert_eq!(c.get("/account").await.status, 303);
        assert_eq!(other_device.get("/account").await.status, 303);
        let old = anon.submit("/login", &[("email", &email), ("password", PASSWORD)]).await;
        assert_eq!(old.status, 401);
        anon.log_in(&email, OTHER_PASSWORD).await;

        // The link works once.
        let again = anon
            .submit(
                "/password/reset",
                &[("token", &token), ("password", PASSWORD), ("password_confirm", PASSWORD)],
            )
            .await;
        assert_eq!(again.status, 400);
        assert_eq!(app.client().get(&html::path_of(&link)).await.status, 400);

        let notice = app.smtp.wait_for_nth(&email, 3, MAIL_WAIT).await;
        assert!(notice.subject().contains("password was changed"), "{}", notice.subject());
    }
}

on_both! {
    async fn password_reset_for_unknown_email_answers_the_same_and_sends_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let page = app.client().submit("/password/forgot", &[("email", "nobody@example.org")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location(), "/password/forgot/sent");
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(app.smtp.received().len(), 0);
    }
}

on_both! {
    async fn change_password_keeps_this_session_and_ends_the_others(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("change");
        let c = app.professional(&email).await;
        let other = app.client();
        other.log_in(&email, PASSWORD).await;

        let wrong = c
            .submit(
                "/account/password",
                &[("current_password", "not my password at all"), ("password", OTHER_PASSWORD), ("password_confirm", OTHER_PASSWORD)],
            )
            .await;
        assert_eq!(wrong.status, 422);
        assert!(wrong.has_error("current_password"));

        let ok = c
            .submit(
                "/account/password",
                &[("current_password", PASSWORD), ("password", OTHER_PASSWORD), ("password_confirm", OTHER_PASSWORD)],
            )
            .await;
        assert_eq!(ok.status, 303, "{}", ok.body);
        assert_eq!(ok.location(), "/account?notice=password-changed");
        let account = c.get(&ok.location()).await;
        assert_eq!(account.status, 200, "this browser stays signed in");
        assert!(account.body.contains("Your password has been changed"));
        assert_eq!(other.get("/account").await.status, 303, "other sessions end");
        app.client().log_in(&email, OTHER_PASSWORD).await;
    }
}

on_both! {
    async fn logout_everywhere_ends_every_session(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("everywhere");
        let a = app.professional(&email).await;
        let b = app.client();
        b.log_in(&email, PASSWORD).await;
        assert_eq!(b.get("/account").await.status, 200);
        let page = a.submit("/account/logout-everywhere", &[]).await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location(), "/login?notice=logged-out-everywhere");
        assert_eq!(a.get("/account").await.status, 303);
        assert_eq!(b.get("/account").await.status, 303);
        // Logging in again works.
        b.log_in(&email, PASSWORD).await;
        assert_eq!(b.get("/account").await.status, 200);
    }
}

on_both! {
    async fn verification_email_can_be_sent_again(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("resend");
        let c = app.client();
        c.sign_up_professional(&email, PASSWORD, "en").await;
        app.smtp.wait_for(&email, MAIL_WAIT).await;
        c.log_in(&email, PASSWORD).await;
        let page = c.submit("/verify-email/resend", &[]).await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location(), "/professional?notice=verification-sent");
        let second = app.smtp.wait_for_nth(&email, 2, MAIL_WAIT).await;
        let link = second.link("/verify-email?token=").unwrap();
        let done = c.submit("/verify-email", &[("token", &html::query_param(&link, "token"))]).await;
        assert_eq!(done.status, 200);
        assert!(app.user(&email).await.unwrap().email_verified_at.is_some());
    }
}

on_both! {
    async fn language_switch_is_remembered_for_visitors_and_accounts(backend) {
        let app = TestApp::spawn(backend).await;
        let visitor = app.client();
        assert!(visitor.get("/login").await.body.contains("<html lang=\"en\">"));
        let page = visitor.submit("/language", &[("lang", "fr"), ("next", "/login")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location(), "/login");
        let login = visitor.get("/login").await;
        assert!(login.body.contains("<html lang=\"fr\">"));
        assert!(login.body.contains("Se connecter"));

        // A signed-in user's choice is stored in the account and used for email.
        let email = unique_email("lang");
        let user = app.professional(&email).await;
        user.submit("/language", &[("lang", "fr"), ("next", "/account")]).await;
        assert_eq!(app.user(&email).await.unwrap().locale, "fr");
        let other_browser = app.client();
        other_browser.log_in(&email, PASSWORD).await;
        assert!(other_browser.get("/account").await.body.contains("Votre compte"));
    }
}

on_both! {
    async fn each_area_admits_only_its_role(backend) {
        let app = TestApp::spawn(backend).await;
        let roles = ["professional", "facility", "coordinator", "admin"];
        for role in roles {
            let c = app.user_with_role(&unique_email(role), role).await;
            for area in roles {
                let page = c.get(&format!("/{area}")).await;
                let expected = if area == role { 200 } else { 403 };
                assert_eq!(page.status, expected, "{role} opening /{area}");
            }
        }
        let anon = app.client();
        for area in roles {
            let page = anon.get(&format!("/{area}")).await;
            assert_eq!(page.status, 303);
            assert_eq!(page.location(), format!("/login?next=%2F{area}"));
        }
        assert!(app.audit_actions().await.iter().any(|a| a == "access_refused"));
    }
}

on_both! {
    async fn login_returns_to_the_page_asked_for(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("next");
        app.user_with_role(&email, "admin").await;
        let c = app.client();
        let page = c
            .submit("/login", &[("email", &email), ("password", PASSWORD), ("next", "/account")])
            .await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location(), "/account");
    }
}

on_both! {
    async fn admin_sees_the_outbox_and_the_audit_log(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("admin"), "admin").await;
        let page = admin.get("/admin").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Latest audit entries"));
        assert!(page.body.contains("<td>Logged in</td>"), "the admin's own login, in words");
    }
}

/// Runs `sankofa create-admin` on the app's database with `password` piped
/// on standard input, as an operator would.
fn create_admin(app: &TestApp, args: &[&str], password: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sankofa"))
        .arg("create-admin")
        .args(args)
        .env("DATABASE_URL", &app.db.url)
        .env("DATA_DIR", app.data_dir.path())
        .env("SESSION_SECRET", crate::helpers::app::TEST_SECRET)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

on_both! {
    async fn create_admin_from_the_command_line(backend) {
        // The real binary, its password piped on standard input.
        let app = TestApp::spawn(backend).await;
        let email = unique_email("root");
        let out = create_admin(&app, &["--email", &email, "--name", "Efua Admin"], PASSWORD);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let user = app.user(&email).await.unwrap();
        assert_eq!(user.role, "admin");
        assert!(user.email_verified_at.is_some());
        let c = app.client();
        c.log_in(&email, PASSWORD).await;
        assert_eq!(c.get("/admin").await.status, 200);

        // A weak password is refused with the reason.
        let out = create_admin(&app, &["--email", &unique_email("weak")], "short");
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("at least 12 characters"));
    }
}

on_both! {
    async fn demo_data_creates_one_account_per_role_once(backend) {
        use sankofa::services::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD, load};
        let app = TestApp::spawn(backend).await;
        assert_eq!(load(&app.services).await.unwrap(), 4);
        assert_eq!(load(&app.services).await.unwrap(), 0, "running it again changes nothing");
        for a in &DEMO_ACCOUNTS {
            let c = app.client();
            c.log_in(a.email, DEMO_PASSWORD).await;
            assert_eq!(c.get(a.role.home_path()).await.status, 200, "{}", a.email);
        }
        // Refused in production.
        let prod = TestApp::spawn_with(
            backend,
            &[("SANKOFA_ENV", "production"), ("PUBLIC_URL", "https://sankofa.example.org")],
        )
        .await;
        assert!(load(&prod.services).await.is_err());
        assert_eq!(prod.stored().await.0, 0);
    }
}
