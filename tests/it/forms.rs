//! Bad input on every form: a 4xx answer, the form again with what was typed
//! and a message by each wrong field, and nothing stored.

use crate::helpers::{PASSWORD, TestApp, unique_email};
use crate::on_both;

/// Form fields as (name, value).
type Fields = Vec<(&'static str, String)>;

fn professional_fields(email: &str) -> Fields {
    vec![
        ("full_name", "Ama Mensah".into()),
        ("email", email.into()),
        ("password", PASSWORD.into()),
        ("password_confirm", PASSWORD.into()),
        ("locale", "en".into()),
        ("privacy", "yes".into()),
    ]
}

fn with(mut fields: Fields, name: &'static str, value: &str) -> Fields {
    fields.retain(|(k, _)| *k != name);
    if !value.is_empty() {
        fields.push((name, value.to_string()));
    }
    fields
}

fn refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

on_both! {
    async fn professional_sign_up_refuses_bad_input_and_keeps_what_was_typed(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.client();
        let email = unique_email("bad");
        let base = professional_fields(&email);
        let long_name = "N".repeat(121);
        let cases: Vec<(&str, Fields, &[&str])> = vec![
            ("missing name", with(base.clone(), "full_name", ""), &["full_name"]),
            ("name too long", with(base.clone(), "full_name", &long_name), &["full_name"]),
            ("name with a line break", with(base.clone(), "full_name", "Ama\nMensah"), &["full_name"]),
            ("missing email", with(base.clone(), "email", ""), &["email"]),
            ("malformed email", with(base.clone(), "email", "ama.example.org"), &["email"]),
            ("email too long", with(base.clone(), "email", &format!("{}@example.org", "a".repeat(260))), &["email"]),
            ("short password", with(with(base.clone(), "password", "short"), "password_confirm", "short"), &["password"]),
            ("common password", with(with(base.clone(), "password", "123456789012"), "password_confirm", "123456789012"), &["password"]),
            ("password too long", with(with(base.clone(), "password", &"p".repeat(129)), "password_confirm", &"p".repeat(129)), &["password"]),
            ("mismatched passwords", with(base.clone(), "password_confirm", "another long passphrase"), &["password_confirm"]),
            ("unknown language", with(base.clone(), "locale", "xx"), &["locale"]),
            ("privacy not accepted", with(base.clone(), "privacy", ""), &["privacy"]),
            ("everything missing", vec![], &["full_name", "email", "password", "privacy"]),
        ];
        for (what, fields, wrong) in cases {
            let page = c.submit("/signup/professional", &refs(&fields)).await;
            assert_eq!(page.status, 422, "{what}");
            for f in wrong {
                assert!(page.has_error(f), "{what}: no message by {f}");
                assert!(page.body.contains(&format!("href=\"#{f}\"")), "{what}: {f} not in the summary");
            }
            // What was typed comes back, passwords excepted.
            if let Some((_, name)) = fields.iter().find(|(k, _)| *k == "full_name") {
                assert_eq!(page.input_value("full_name").as_deref(), Some(name.as_str()), "{what}");
            }
            if let Some((_, e)) = fields.iter().find(|(k, _)| *k == "email") {
                assert_eq!(page.input_value("email").as_deref(), Some(e.as_str()), "{what}");
            }
            assert!(page.input_value("password").is_none(), "{what}: password echoed back");
        }
        assert_eq!(app.stored().await, (0, 0, 0), "nothing stored");
    }
}

on_both! {
    async fn facility_sign_up_refuses_bad_facility_details(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.client();
        let mut base = professional_fields(&unique_email("fac"));
        base.extend([
            ("facility_name", "Korle Bu Teaching Hospital".to_string()),
            ("facility_kind", "hospital".to_string()),
            ("country", "GH".to_string()),
            ("region", "Greater Accra".to_string()),
            ("city", "Accra".to_string()),
        ]);
        let cases: Vec<(&str, Fields, &str)> = vec![
            ("unknown country", with(base.clone(), "country", "XX"), "country"),
            ("missing country", with(base.clone(), "country", ""), "country"),
            ("unknown kind", with(base.clone(), "facility_kind", "spaceport"), "facility_kind"),
            ("missing facility name", with(base.clone(), "facility_name", ""), "facility_name"),
            ("region too long", with(base.clone(), "region", &"R".repeat(121)), "region"),
            ("missing city", with(base.clone(), "city", ""), "city"),
        ];
        for (what, fields, wrong) in cases {
            let page = c.submit("/signup/facility", &refs(&fields)).await;
            assert_eq!(page.status, 422, "{what}");
            assert!(page.has_error(wrong), "{what}");
            if wrong != "facility_name" {
                assert_eq!(page.input_value("facility_name").as_deref(), Some("Korle Bu Teaching Hospital"), "{what}");
            }
            if wrong != "region" {
                assert_eq!(page.input_value("region").as_deref(), Some("Greater Accra"), "{what}");
            }
            if wrong != "country" {
                assert!(page.body.contains("<option value=\"GH\" selected>"), "{what}: country choice lost");
            }
        }
        assert_eq!(app.stored().await, (0, 0, 0), "nothing stored");
    }
}

on_both! {
    async fn login_form_refuses_missing_fields_and_keeps_the_email(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.client();
        let page = c.submit("/login", &[("email", ""), ("password", "")]).await;
        assert_eq!(page.status, 422);
        assert!(page.has_error("email") && page.has_error("password"));
        let page = c.submit("/login", &[("email", "ama@example.org"), ("password", "")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.input_value("email").as_deref(), Some("ama@example.org"));
        let page = c.submit("/login", &[("email", "ama@example.org"), ("password", "wrong password here")]).await;
        assert_eq!(page.status, 401);
        assert!(page.body.contains("The email address or the password is not correct"));
        assert_eq!(page.input_value("email").as_deref(), Some("ama@example.org"));
    }
}

on_both! {
    async fn forgot_and_reset_forms_refuse_bad_input(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.client();
        let page = c.submit("/password/forgot", &[("email", "not an address")]).await;
        assert_eq!(page.status, 422);
        assert!(page.has_error("email"));
        assert_eq!(page.input_value("email").as_deref(), Some("not an address"));
        assert_eq!(app.stored().await.2, 0);

        // With a good link, a bad new password is refused and the link still works.
        let email = unique_email("resetbad");
        app.user_with_role(&email, "professional").await;
        c.submit("/password/forgot", &[("email", &email)]).await;
        let mail = app.smtp.wait_for(&email, std::time::Duration::from_secs(10)).await;
        let token = crate::helpers::html::query_param(&mail.link("/password/reset").unwrap(), "token");
        let page = c.submit("/password/reset", &[("token", &token), ("password", "short"), ("password_confirm", "short")]).await;
        assert_eq!(page.status, 422);
        assert!(page.has_error("password"));
        assert_eq!(page.input_value("token").as_deref(), Some(token.as_str()));
        let page = c
            .submit("/password/reset", &[("token", &token), ("password", PASSWORD), ("password_confirm", "something else entirely")])
            .await;
        assert_eq!(page.status, 422);
        assert!(page.has_error("password_confirm"));
        let page = c
            .submit("/password/reset", &[("token", &token), ("password", "a brand new passphrase"), ("password_confirm", "a brand new passphrase")])
            .await;
        assert_eq!(page.status, 303);
        // A forged token is a clear 400, not a form.
        let page = c.submit("/password/reset", &[("token", "forged"), ("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
        assert_eq!(page.status, 400);
        assert!(page.body.contains("expired or has already been used"));
    }
}

on_both! {
    async fn change_password_form_refuses_bad_input(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.user_with_role(&unique_email("pw"), "coordinator").await;
        let page = c.submit("/account/password", &[]).await;
        assert_eq!(page.status, 422);
        assert!(page.has_error("current_password") && page.has_error("password"));
        let page = c
            .submit("/account/password", &[("current_password", PASSWORD), ("password", "a brand new passphrase"), ("password_confirm", "a different one")])
            .await;
        assert_eq!(page.status, 422);
        assert!(page.has_error("password_confirm"));
        // Still the old password.
        app.client().log_in(&c_email(&app).await, PASSWORD).await;
    }
}

async fn c_email(app: &TestApp) -> String {
    use diesel::prelude::*;
    use sankofa::db::schema::users;
    app.services
        .db
        .run(|c| Ok(users::table.select(users::email).first::<String>(c)?))
        .await
        .unwrap()
}

on_both! {
    async fn unknown_language_and_oversized_bodies_are_refused(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.client();
        assert_eq!(c.submit("/language", &[("lang", "xx")]).await.status, 400);
        let huge = "x".repeat(100 * 1024);
        let page = c.submit("/signup/professional", &[("full_name", &huge)]).await;
        assert_eq!(page.status, 413);
        assert_eq!(app.stored().await, (0, 0, 0));
    }
}
