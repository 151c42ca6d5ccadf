//! In a real browser, in English and in French: a professional makes an API
//! token from the account page, copies its secret, uses it, and revokes it
//! after the confirmation; the API reference is read. axe-core checks every
//! page.

use sankofa::i18n;

use crate::helpers::browser::{Browser, browser_available, plain};
use crate::helpers::{Backend, PASSWORD, TestApp, unique_email};
use crate::on_both;

async fn flow(backend: Backend, lang: &str) {
    if !browser_available() {
        return;
    }
    let locale = lang.parse().unwrap();
    let tr = |key: &str| plain(&i18n::t(locale, key));
    let app = TestApp::spawn(backend).await;
    let email = unique_email("browser-api");
    app.user_with_role(&email, "professional").await;

    let b = Browser::start(&app.base, lang, &format!("{lang}-{backend:?}-api")).await;
    b.log_in(&email, PASSWORD, "/professional").await;
    if b.lang().await != lang {
        b.switch_language(lang).await;
    }
    b.goto("/account").await;
    b.click("main a[href=\"/account/tokens\"]").await;
    b.wait_for_path("/account/tokens").await;
    b.wait_for_text(&tr("api-tokens-none")).await;
    b.shot("tokens-empty").await;

    // A name too long is refused by the field, what was typed kept.
    b.fill("name", &"x".repeat(81)).await;
    b.submit("/account/tokens").await;
    b.find("#name-error").await;
    b.shot("tokens-refused").await;
    b.fill("name", "District registry").await;
    b.choose("scope", "write").await;
    b.submit("/account/tokens").await;
    b.wait_for_text(&tr("api-tokens-copy-now")).await;
    b.shot("tokens-made").await;
    let secret = b
        .client
        .execute("return document.getElementById('secret').value;", vec![])
        .await
        .expect("the secret");
    let secret = secret.as_str().expect("text").to_string();
    assert!(secret.starts_with("sankofa_"), "{secret}");
    let me = reqwest::Client::new()
        .get(format!("{}/api/v1/me", app.base))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    b.click("main a[href$=\"/revoke\"]").await;
    b.wait_for_text(&tr("api-tokens-revoke-title")).await;
    b.shot("token-revoke").await;
    b.click("main form button[type=\"submit\"]").await;
    b.wait_for_text(&tr("notice-api-token-revoked")).await;
    b.wait_for_text(&tr("api-tokens-none")).await;
    b.shot("tokens-revoked").await;
    let after = reqwest::Client::new()
        .get(format!("{}/api/v1/me", app.base))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);

    b.goto("/api").await;
    b.wait_for_text("/api/v1/professional/profile").await;
    b.shot("api-reference").await;
    b.close().await;
}

on_both! {
    async fn api_tokens_in_a_browser_in_english(backend) {
        flow(backend, "en").await;
    }
}

on_both! {
    async fn api_tokens_in_a_browser_in_french(backend) {
        flow(backend, "fr").await;
    }
}
