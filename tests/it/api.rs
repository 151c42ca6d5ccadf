//! The JSON API's ground: personal tokens made, shown once, scoped, used
//! and revoked from the account page; bearer tokens only on the API and
//! cookies only on the pages; errors as JSON in the caller's language; the
//! OpenAPI document and the responses that must match it.

use serde_json::Value;

use crate::helpers::{Page, TestApp, TestClient, unique_email};
use crate::on_both;

/// Makes a token from the account page; returns its secret and id.
pub(crate) async fn make_token(
    app: &TestApp,
    c: &TestClient,
    name: &str,
    scope: &str,
) -> (String, String) {
    let page = c
        .submit("/account/tokens", &[("name", name), ("scope", scope)])
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let secret = page.input_value("secret").expect("the secret is shown");
    let hash = sankofa::security::sha256_hex(&secret);
    let id = app
        .services
        .db
        .run(move |c| {
            use diesel::prelude::*;
            use sankofa::db::schema::api_tokens;
            Ok(api_tokens::table
                .filter(api_tokens::secret_hash.eq(hash))
                .select(api_tokens::id)
                .first::<String>(c)?)
        })
        .await
        .expect("the token is stored by the hash of its secret");
    (secret, id)
}

/// A GET with a bearer token and nothing else: no cookie.
pub(crate) async fn api_get(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    lang: Option<&str>,
) -> Page {
    let c = TestClient::new(&app.base, lang);
    let mut req = c.http.get(c.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    crate::helpers::contract::send(&c.http, req).await
}

pub(crate) fn json(page: &Page) -> Value {
    assert!(
        page.header("content-type")
            .unwrap_or_default()
            .starts_with("application/json"),
        "JSON expected: {:?} {}",
        page.header("content-type"),
        page.body
    );
    serde_json::from_str(&page.body).expect("valid JSON")
}

/// The ids of a list's items.
pub(crate) fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

/// An error body as the API promises it: code, message, fields.
pub(crate) fn error_code(page: &Page) -> String {
    let v = json(page);
    let e = &v["error"];
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    assert!(e["fields"].is_object(), "{v}");
    e["code"].as_str().expect("a code").to_string()
}

on_both! {
    async fn a_token_is_shown_once_used_and_revoked(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.user_with_role(&unique_email("api-token"), "professional").await;
        let empty = c.get("/account/tokens").await;
        assert_eq!(empty.status, 200);
        assert!(empty.body.contains("You have no tokens."));
        assert!(c.get("/account").await.body.contains("href=\"/account/tokens\""));

        let page = c
            .submit("/account/tokens", &[("name", "District registry sync"), ("scope", "read")])
            .await;
        assert_eq!(page.status, 200);
        assert_eq!(page.header("cache-control").as_deref(), Some("no-store"));
        let secret = page.input_value("secret").expect("shown once");
        assert!(secret.starts_with("sankofa_") && secret.len() > 40, "{secret}");
        // Never again: the list names it, without the secret.
        let listed = c.get("/account/tokens").await;
        assert!(listed.body.contains("District registry sync"));
        assert!(listed.body.contains("Never"));
        assert!(!listed.body.contains(&secret));
        // Kept only as a hash.
        let hash = sankofa::security::sha256_hex(&secret);
        let rows: Vec<(String, String)> = app
            .services
            .db
            .run(|c| {
                use diesel::prelude::*;
                use sankofa::db::schema::api_tokens;
                Ok(api_tokens::table
                    .select((api_tokens::id, api_tokens::secret_hash))
                    .load(c)?)
            })
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].1, hash);
        let id = rows[0].0.clone();

        let me = api_get(&app, "/api/v1/me", Some(&secret), None).await;
        assert_eq!(me.status, 200, "{}", me.body);
        let me = json(&me);
        assert_eq!(me["role"], "professional");
        assert_eq!(me["scope"], "read");
        let profile = api_get(&app, "/api/v1/professional/profile", Some(&secret), None).await;
        assert_eq!(profile.status, 200, "{}", profile.body);
        let missing = json(&profile)["missing"].as_array().unwrap().clone();
        assert!(missing.contains(&Value::from("profession")), "{missing:?}");
        // The use is written.
        assert!(!c.get("/account/tokens").await.body.contains(">Never<"));

        // Revoking asks first, refuses without the form's token, then holds.
        let confirm = c.get(&format!("/account/tokens/{id}/revoke")).await;
        assert_eq!(confirm.status, 200);
        assert!(confirm.body.contains("District registry sync"));
        let forged = c.post(&format!("/account/tokens/{id}/revoke"), &[]).await;
        assert_eq!(forged.status, 403);
        assert_eq!(api_get(&app, "/api/v1/me", Some(&secret), None).await.status, 200);
        let done = c.submit(&format!("/account/tokens/{id}/revoke"), &[]).await;
        assert_eq!(done.status, 303);
        assert_eq!(done.location(), "/account/tokens?notice=api-token-revoked");
        let after = api_get(&app, "/api/v1/me", Some(&secret), None).await;
        assert_eq!(after.status, 401);
        assert_eq!(error_code(&after), "unauthorized");
        let actions = app.audit_actions().await;
        for action in ["api_token_created", "api_token_revoked"] {
            assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
        }
    }
}

on_both! {
    async fn bad_token_input_is_refused_by_the_field(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.user_with_role(&unique_email("api-bad"), "facility").await;
        let cases: [(&str, &str, &str); 4] = [
            ("", "read", "name"),
            ("tab\there", "read", "name"),
            ("Sync", "admin", "scope"),
            (&"x".repeat(81), "write", "name"),
        ];
        for (name, scope, field) in cases {
            let page = c.submit("/account/tokens", &[("name", name), ("scope", scope)]).await;
            assert_eq!(page.status, 422, "{name:?} {scope:?}");
            assert!(page.has_error(field), "{field} for {name:?} {scope:?}");
            assert!(page.input_value("secret").is_none());
        }
        let kept = c.submit("/account/tokens", &[("name", "Kept name"), ("scope", "admin")]).await;
        assert_eq!(kept.input_value("name").as_deref(), Some("Kept name"));
        // No more than twenty in force.
        for n in 0..20 {
            make_token(&app, &c, &format!("Token {n}"), "read").await;
        }
        let one_more = c.submit("/account/tokens", &[("name", "One more"), ("scope", "read")]).await;
        assert_eq!(one_more.status, 422);
        assert!(one_more.has_error("name"));
        let stored: i64 = app
            .services
            .db
            .run(|c| {
                use diesel::prelude::*;
                Ok(sankofa::db::schema::api_tokens::table.count().get_result(c)?)
            })
            .await
            .unwrap();
        assert_eq!(stored, 20);
    }
}

on_both! {
    async fn only_a_live_bearer_token_opens_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let email = unique_email("api-live");
        let c = app.user_with_role(&email, "professional").await;
        let (secret, id) = make_token(&app, &c, "Sync", "write").await;

        // No token, a forged one, another scheme: 401 with the header.
        for token in [None, Some("sankofa_forged"), Some("not-even-ours")] {
            let page = api_get(&app, "/api/v1/me", token, None).await;
            assert_eq!(page.status, 401, "{token:?}");
            assert_eq!(page.header("www-authenticate").as_deref(), Some("Bearer"));
            assert_eq!(error_code(&page), "unauthorized");
        }
        let basic = c
            .http
            .get(c.url("/api/v1/me"))
            .basic_auth("someone", Some(&secret))
            .send()
            .await
            .unwrap();
        assert_eq!(basic.status(), 401);
        // The session cookie does not open the API...
        let with_cookie = c.get("/api/v1/me").await;
        assert_eq!(with_cookie.status, 401);
        // ...and a token does not open the pages.
        let page = TestClient::new(&app.base, None)
            .http
            .get(format!("{}/account", app.base))
            .bearer_auth(&secret)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 303, "a page wants a session");

        // Errors in the caller's language, as JSON, wherever under /api/.
        let unknown = api_get(&app, "/api/v1/nothing-here", Some(&secret), Some("fr")).await;
        assert_eq!(unknown.status, 404);
        assert_eq!(error_code(&unknown), "not_found");
        assert!(json(&unknown)["error"]["message"].as_str().unwrap().contains("Rien ici"));
        let french = api_get(&app, "/api/v1/me", None, Some("fr-FR,fr;q=0.9")).await;
        assert!(json(&french)["error"]["message"].as_str().unwrap().contains("jeton"));

        // A facility's token reads no professional's own profile.
        let f_email = unique_email("api-facility");
        let f = app.user_with_role(&f_email, "facility").await;
        let (facility_secret, _) = make_token(&app, &f, "Facility sync", "read").await;
        let refused = api_get(&app, "/api/v1/professional/profile", Some(&facility_secret), None).await;
        assert_eq!(refused.status, 403);
        assert_eq!(error_code(&refused), "forbidden");
        // Nor revokes another's token.
        assert_eq!(f.get(&format!("/account/tokens/{id}/revoke")).await.status, 404);
        assert_eq!(f.submit(&format!("/account/tokens/{id}/revoke"), &[]).await.status, 404);
        assert_eq!(api_get(&app, "/api/v1/me", Some(&secret), None).await.status, 200);

        // Logging out everywhere ends the tokens too.
        assert_eq!(c.submit("/account/logout-everywhere", &[]).await.status, 303);
        assert_eq!(api_get(&app, "/api/v1/me", Some(&secret), None).await.status, 401);
        assert_eq!(api_get(&app, "/api/v1/me", Some(&facility_secret), None).await.status, 200);
        // So does a disabled account.
        let facility_id = app.user(&f_email).await.unwrap().id;
        app.services
            .db
            .write(move |c| Ok(sankofa::store::users::disable(c, &facility_id, sankofa::db::now())?))
            .await
            .unwrap();
        assert_eq!(api_get(&app, "/api/v1/me", Some(&facility_secret), None).await.status, 401);
    }
}

/// The properties a schema of the document gives an object.
pub(crate) fn properties(doc: &Value, schema: &str) -> Vec<String> {
    let mut names: Vec<String> = doc["components"]["schemas"][schema]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("schema {schema}"))
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

pub(crate) fn keys(v: &Value) -> Vec<String> {
    let mut names: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    names.sort();
    names
}

on_both! {
    async fn the_openapi_document_describes_what_the_api_answers(backend) {
        let app = TestApp::spawn(backend).await;
        let doc = api_get(&app, "/api/v1/openapi.json", None, None).await;
        assert_eq!(doc.status, 200);
        let doc = json(&doc);
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
        assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
        for path in ["/api/v1/me", "/api/v1/professional/profile"] {
            assert!(doc["paths"][path]["get"].is_object(), "{path}");
        }

        let c = app.user_with_role(&unique_email("api-doc"), "professional").await;
        let (secret, _) = make_token(&app, &c, "Doc", "read").await;
        let me = json(&api_get(&app, "/api/v1/me", Some(&secret), None).await);
        assert_eq!(keys(&me), properties(&doc, "Me"));
        let profile = json(&api_get(&app, "/api/v1/professional/profile", Some(&secret), None).await);
        assert_eq!(keys(&profile), properties(&doc, "OwnProfile"));
        let consents = json(&api_get(&app, "/api/v1/professional/consents", Some(&secret), None).await);
        for consent in consents.as_array().unwrap() {
            assert_eq!(keys(consent), properties(&doc, "ConsentState"));
        }
        assert!(doc["paths"]["/api/v1/professional/consents/{kind}"]["put"].is_object());
        let error = json(&api_get(&app, "/api/v1/me", None, None).await);
        assert_eq!(keys(&error), properties(&doc, "ErrorBody"));
        assert_eq!(keys(&error["error"]), properties(&doc, "ErrorDetail"));

        // The reference page reads the same document.
        let reference = c.get("/api").await;
        assert_eq!(reference.status, 200);
        assert!(reference.body.replace("<wbr>", "").contains("<code class=\"path\">/api/v1/professional/profile</code>"));
        assert!(reference.body.contains("/api/v1/openapi.json"));
        crate::pages::check_page("/api", &reference, "en");
        // Every operation of the document, each under its area.
        let operations: usize = doc["paths"].as_object().unwrap().values()
            .map(|item| ["get", "post", "put", "patch", "delete"].iter().filter(|m| item[**m].is_object()).count())
            .sum();
        assert_eq!(reference.body.matches("<th scope=\"row\">").count(), operations);
        assert!(reference.body.contains("<h3 id=\"api-matcher\">The matcher</h3>"), "{}", reference.body);
    }
}

/// A request with a bearer token and a raw body.
pub(crate) async fn api_send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: &str,
) -> Page {
    let c = TestClient::new(&app.base, None);
    let req = c
        .http
        .request(method, c.url(path))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string());
    crate::helpers::contract::send(&c.http, req).await
}

fn given(page: &Page, kind: &str) -> bool {
    json(page)
        .as_array()
        .expect("a list")
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("{kind} listed"))["given"]
        .as_bool()
        .unwrap()
}

on_both! {
    async fn consents_change_through_the_api_with_a_write_token_only(backend) {
        let app = TestApp::spawn(backend).await;
        let c = app.user_with_role(&unique_email("api-consent"), "professional").await;
        let (read, _) = make_token(&app, &c, "Read", "read").await;
        let (write, _) = make_token(&app, &c, "Write", "write").await;
        let path = "/api/v1/professional/consents/statistics";
        let list = api_get(&app, "/api/v1/professional/consents", Some(&read), None).await;
        assert_eq!(list.status, 200, "{}", list.body);
        assert!(!given(&list, "statistics"));

        let refused = api_send(&app, reqwest::Method::PUT, path, &read, r#"{"given": true}"#).await;
        assert_eq!(refused.status, 403);
        assert_eq!(error_code(&refused), "forbidden");
        let done = api_send(&app, reqwest::Method::PUT, path, &write, r#"{"given": true}"#).await;
        assert_eq!(done.status, 200, "{}", done.body);
        assert!(given(&done, "statistics"));
        // The page shows what the API did.
        let page = c.get("/professional/consents").await;
        assert_eq!(page.status, 200);
        assert!(app.audit_actions().await.iter().any(|a| a == "consent_given"));

        // Bad bodies: refused, nothing changed.
        let cases: [(&str, u16, &str); 5] = [
            ("{\"given\": ", 400, "bad_request"),
            ("{\"given\": \"yes\"}", 400, "bad_request"),
            ("{\"given\": false, \"role\": \"admin\"}", 400, "bad_request"),
            ("[]", 400, "bad_request"),
            (&format!("{{\"given\": false, \"pad\": \"{}\"}}", "x".repeat(70_000)), 413, "payload_too_large"),
        ];
        for (body, status, code) in cases {
            let page = api_send(&app, reqwest::Method::PUT, path, &write, body).await;
            assert_eq!(page.status, status, "{}", &body[..body.len().min(40)]);
            assert_eq!(error_code(&page), code);
        }
        let unknown = api_send(&app, reqwest::Method::PUT, "/api/v1/professional/consents/marketing", &write, r#"{"given": true}"#).await;
        assert_eq!(unknown.status, 404);
        let list = api_get(&app, "/api/v1/professional/consents", Some(&read), None).await;
        assert!(given(&list, "statistics"), "nothing half-changed");
        let withdrawn = api_send(&app, reqwest::Method::PUT, path, &write, r#"{"given": false}"#).await;
        assert!(!given(&withdrawn, "statistics"));
        // Not a professional's: forbidden.
        let f = app.user_with_role(&unique_email("api-consent-f"), "facility").await;
        let (facility, _) = make_token(&app, &f, "Facility", "write").await;
        let page = api_send(&app, reqwest::Method::PUT, path, &facility, r#"{"given": true}"#).await;
        assert_eq!(page.status, 403);
    }
}

on_both! {
    async fn each_token_has_its_own_rate(backend) {
        let app = TestApp::spawn_with(backend, &[("RATE_LIMIT_API_PER_MINUTE", "3")]).await;
        let c = app.user_with_role(&unique_email("api-rate"), "professional").await;
        let (first, _) = make_token(&app, &c, "First", "read").await;
        let (second, _) = make_token(&app, &c, "Second", "read").await;
        for _ in 0..3 {
            assert_eq!(api_get(&app, "/api/v1/me", Some(&first), None).await.status, 200);
        }
        let limited = api_get(&app, "/api/v1/me", Some(&first), None).await;
        assert_eq!(limited.status, 429);
        assert_eq!(error_code(&limited), "rate_limited");
        let wait: u64 = limited.header("retry-after").expect("Retry-After").parse().unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        assert_eq!(api_get(&app, "/api/v1/me", Some(&second), None).await.status, 200);
    }
}

/// A token for an account made straight in the store (as for the registry's
/// professionals, who have no password to log in with).
async fn token_for(app: &TestApp, user_id: &str) -> String {
    let secret = format!("sankofa_{}", sankofa::security::random_token(32));
    let token = sankofa::store::api_tokens::ApiToken {
        id: sankofa::db::new_id(),
        user_id: user_id.to_string(),
        name: "Test".into(),
        secret_hash: sankofa::security::sha256_hex(&secret),
        can_write: false,
        session_epoch: 0,
        created_at: sankofa::db::now(),
        last_used_at: None,
        revoked_at: None,
    };
    app.services
        .db
        .write(move |c| Ok(sankofa::store::api_tokens::insert(c, &token)?))
        .await
        .unwrap();
    secret
}

on_both! {
    async fn the_professionals_own_records_come_back_as_documented(backend) {
        let app = TestApp::spawn(backend).await;
        let id = crate::registry::add(
            &app,
            crate::registry::Pro {
                window: Some(("on_site", 30, 21)),
                verified_licence: true,
                languages: vec![("en", "native"), ("fr", "professional")],
                ..Default::default()
            },
        )
        .await;
        let secret = token_for(&app, &id).await;
        let doc = json(&api_get(&app, "/api/v1/openapi.json", None, None).await);

        let profile = json(&api_get(&app, "/api/v1/professional/profile", Some(&secret), None).await);
        assert_eq!(profile["profession"], "2221");
        assert_eq!(profile["origin_country"], "GH");
        let spoken: Vec<String> = profile["languages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| format!("{}:{}", l["code"].as_str().unwrap(), l["level"].as_str().unwrap()))
            .collect();
        assert!(spoken.contains(&"fr:professional".to_string()), "{spoken:?}");

        let licences = api_get(&app, "/api/v1/professional/licences", Some(&secret), None).await;
        assert_eq!(licences.status, 200, "{}", licences.body);
        let licences = json(&licences);
        let licences = licences.as_array().unwrap();
        assert_eq!(licences.len(), 1);
        assert_eq!(licences[0]["status"], "verified");
        assert_eq!(keys(&licences[0]), properties(&doc, "LicenceItem"));

        let windows = api_get(&app, "/api/v1/professional/availability", Some(&secret), None).await;
        assert_eq!(windows.status, 200, "{}", windows.body);
        let windows = json(&windows);
        let windows = windows.as_array().unwrap();
        assert_eq!(windows.len(), 1);
        assert_eq!(windows[0]["modality"], "on_site");
        let starts = (sankofa::db::now().date() + chrono::Days::new(30)).format("%Y-%m-%d").to_string();
        assert_eq!(windows[0]["starts_on"], starts.as_str());
        assert_eq!(keys(&windows[0]), properties(&doc, "WindowItem"));
    }
}

#[test]
fn the_contract_check_refuses_what_the_document_does_not_promise() {
    use crate::helpers::contract::check;
    let json = Some("application/json");
    let me = r#"{"id":"u1","email":"a@b.example","full_name":"A","role":"admin","locale":"en","email_verified":true,"scope":"read"}"#;
    check("GET", "/api/v1/me", 200, json, me);
    let refused = |status: u16, content_type: Option<&'static str>, body: String| {
        std::panic::catch_unwind(move || check("GET", "/api/v1/me", status, content_type, &body))
            .is_err()
    };
    assert!(
        refused(
            200,
            json,
            me.replace("\"scope\":\"read\"", "\"scope\":\"read\",\"secret\":\"x\"")
        ),
        "a property nobody documents"
    );
    assert!(
        refused(200, json, me.replace("true", "\"yes\"")),
        "a wrong type"
    );
    assert!(
        refused(200, json, me.replace(",\"scope\":\"read\"", "")),
        "a required property missing"
    );
    assert!(
        refused(418, json, me.to_string()),
        "a status the operation does not document"
    );
    assert!(refused(200, Some("text/html"), me.to_string()), "not JSON");
    let paged = r#"{"items":[{"id":"a","title":"t","status":"open","modality":"virtual","starts_on":"2027-01-01","ends_on":"2027-02-01","positions":1,"urgent":false,"interests":0}],"next_cursor":null}"#;
    check("GET", "/api/v1/facilities/f1/assignments", 200, json, paged);
    assert!(
        std::panic::catch_unwind(|| check(
            "GET",
            "/api/v1/facilities/f1/assignments",
            200,
            json,
            &paged.replace("\"interests\":0", "\"interests\":\"none\"")
        ))
        .is_err(),
        "items of a list are checked too"
    );
}
