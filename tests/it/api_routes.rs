//! Every operation of the API against every role, on both databases: each
//! role's token gets what is its own, the wrong role is refused (403),
//! another's object is not found (404); without a token, or with a revoked
//! one, 401; a read-only token changes nothing (403). The table must name
//! every operation the OpenAPI document offers.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json as body};

use crate::api::{api_get, api_send, json, make_token};
use crate::api_matches::nurse;
use crate::assignments::{day, facility};
use crate::helpers::contract::{DOCUMENT, template};
use crate::helpers::{TestApp, TestClient, unique_email};
use crate::on_both;
use crate::registry::{coordinator_of, programme};

/// A step that would succeed and change what the other rows rely on: its
/// success is the functional tests' business.
const SKIP: u16 = 0;

/// One operation: method, path, body, and the status for the write token
/// of (admin, coordinator, professional, facility).
struct Row {
    method: Method,
    path: String,
    body: Option<Value>,
    expected: [u16; 4],
}

fn row(method: Method, path: String, body: Option<Value>, expected: [u16; 4]) -> Row {
    Row {
        method,
        path,
        body,
        expected,
    }
}

async fn call(app: &TestApp, r: &Row, token: Option<&str>) -> u16 {
    match (&r.method, token) {
        (&Method::GET, _) => api_get(app, &r.path, token, None).await.status,
        (_, Some(t)) => {
            let raw = r.body.as_ref().map(Value::to_string).unwrap_or_default();
            api_send(app, r.method.clone(), &r.path, t, &raw)
                .await
                .status
        }
        (_, None) => {
            let c = TestClient::new(&app.base, None);
            let raw = r.body.as_ref().map(Value::to_string).unwrap_or_default();
            let req = c
                .http
                .request(r.method.clone(), c.url(&r.path))
                .header("content-type", "application/json")
                .body(raw);
            crate::helpers::contract::send(&c.http, req).await.status
        }
    }
}

fn assignment() -> Value {
    body!({
        "title": "Midwifery mentor", "objectives": "Train midwives.", "professions": ["2222"],
        "modality": "on_site", "starts_on": day(30), "ends_on": day(57), "positions": 1,
        "time_zone": "Africa/Accra"
    })
}

fn programme_body() -> Value {
    body!({
        "code": "GH-HEALTH", "name_en": "Ghana Health", "name_fr": "Santé Ghana",
        "countries": ["GH"], "residence_statuses": ["citizen"],
        "min_years_experience": 0, "onsite_min_days": 21, "onsite_max_days": 90,
        "weights": {"diaspora": 30, "skills": 25, "experience": 15, "availability": 10,
                    "languages": 5, "track_record": 10, "interest": 5, "safeguards": 0, "urgency": 0},
        "status": "active"
    })
}

on_both! {
    async fn every_api_operation_answers_each_role_as_expected(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let (staff, fid) = facility(&app, true).await;
        let (nurse_client, nurse_id) = nurse(&app).await;
        let admin = app.user_with_role(&unique_email("api-routes-admin"), "admin").await;
        let clients = [&admin, &coordinator, &nurse_client, &staff];
        let mut write = Vec::new();
        let mut read = Vec::new();
        for c in clients {
            write.push(make_token(&app, c, "Write", "write").await.0);
            read.push(make_token(&app, c, "Read", "read").await.0);
        }
        let (revoked, revoked_id) = make_token(&app, &nurse_client, "Revoked", "write").await;
        assert_eq!(nurse_client.submit(&format!("/account/tokens/{revoked_id}/revoke"), &[]).await.status, 303);

        let list = format!("/api/v1/facilities/{fid}/assignments");
        let open = json(&api_send(&app, Method::POST, &list, &write[3], &assignment().to_string()).await)["id"].as_str().unwrap().to_string();
        assert_eq!(api_send(&app, Method::POST, &format!("{list}/{open}/publish"), &write[3], "").await.status, 200);
        let draft = json(&api_send(&app, Method::POST, &list, &write[3], &assignment().to_string()).await)["id"].as_str().unwrap().to_string();
        let proposal = body!({"assignment_id": open, "professional_id": nurse_id});
        let m = json(&api_send(&app, Method::POST, "/api/v1/coordinator/matches", &write[1], &proposal.to_string()).await)["id"].as_str().unwrap().to_string();
        assert_eq!(api_send(&app, Method::POST, &format!("/api/v1/matches/{m}/approve"), &write[1], "").await.status, 200);

        // A licence of the coordinator's country, verified already.
        let licensed = crate::registry::add(&app, crate::registry::Pro { verified_licence: true, ..Default::default() }).await;
        let (licence, window) = app.services.db.run(move |c| Ok((
            sankofa::store::licences::of_user(c, &licensed)?.remove(0).id,
            sankofa::store::availability::of_user(c, &licensed)?.remove(0).0.id,
        ))).await.unwrap();
        // Refused by their fields: nothing written.
        let no_licence = body!({"issuing_country": "", "issuing_body": "", "number": "", "profession": "", "valid_from": "", "valid_until": ""});
        let no_window = body!({"starts_on": "", "ends_on": "", "modality": ""});
        let a_licence = body!({"issuing_country": "GB", "issuing_body": "NMC", "number": "1", "profession": "2222", "valid_from": day(-1), "valid_until": day(300)});
        let a_window = body!({"starts_on": day(1), "ends_on": day(30), "modality": "on_site"});

        // A stored run of the matcher.
        let ran = api_send(&app, Method::POST, "/api/v1/coordinator/matcher/runs", &write[1], &body!({"programme": "GH-HEALTH"}).to_string()).await;
        assert_eq!(ran.status, 201, "{}", ran.body);
        let run = format!("/api/v1/coordinator/matcher/runs/{}", json(&ran)["run_id"].as_str().unwrap());
        let report = body!({"activities": "Teaching", "people_trained": 1, "patients_seen": 1, "sessions_delivered": 1, "hours_given": 1});

        use Method as M;
        let rows = vec![
            // (admin, coordinator, professional, facility)
            row(M::GET, "/api/v1/me".into(), None, [200, 200, 200, 200]),
            row(M::GET, "/api/v1/professional/profile".into(), None, [403, 403, 200, 403]),
            row(M::GET, "/api/v1/professional/licences".into(), None, [403, 403, 200, 403]),
            row(M::GET, "/api/v1/professional/availability".into(), None, [403, 403, 200, 403]),
            row(M::GET, "/api/v1/professional/consents".into(), None, [403, 403, 200, 403]),
            row(M::PUT, "/api/v1/professional/profile/work".into(), Some(body!({})), [403, 403, SKIP, 403]),
            row(M::PUT, "/api/v1/professional/profile/place".into(), Some(body!({})), [403, 403, SKIP, 403]),
            row(M::PUT, "/api/v1/professional/languages/fr".into(), Some(body!({"level": "basic"})), [403, 403, 200, 403]),
            row(M::DELETE, "/api/v1/professional/languages/de".into(), None, [403, 403, 404, 403]),
            row(M::POST, "/api/v1/professional/licences".into(), Some(no_licence), [403, 403, 422, 403]),
            // Another professional's: not found.
            row(M::GET, format!("/api/v1/professional/licences/{licence}"), None, [403, 403, 404, 403]),
            row(M::PUT, format!("/api/v1/professional/licences/{licence}"), Some(a_licence), [403, 403, 404, 403]),
            row(M::DELETE, format!("/api/v1/professional/licences/{licence}"), None, [403, 403, 404, 403]),
            row(M::POST, "/api/v1/professional/availability".into(), Some(no_window), [403, 403, 422, 403]),
            row(M::GET, format!("/api/v1/professional/availability/{window}"), None, [403, 403, 404, 403]),
            row(M::PUT, format!("/api/v1/professional/availability/{window}"), Some(a_window), [403, 403, 404, 403]),
            row(M::DELETE, format!("/api/v1/professional/availability/{window}"), None, [403, 403, 404, 403]),
            row(M::PUT, "/api/v1/professional/consents/statistics".into(), Some(body!({"given": false})), [403, 403, SKIP, 403]),
            row(M::GET, "/api/v1/professional/matches".into(), None, [403, 403, 200, 403]),
            row(M::GET, "/api/v1/facilities".into(), None, [403, 403, 403, 200]),
            row(M::GET, list.clone(), None, [403, 403, 403, 200]),
            row(M::POST, list.clone(), Some(assignment()), [403, 403, 403, SKIP]),
            row(M::GET, format!("{list}/{open}"), None, [403, 403, 403, 200]),
            row(M::PUT, format!("{list}/{draft}"), Some(assignment()), [403, 403, 403, SKIP]),
            row(M::POST, format!("{list}/{draft}/publish"), None, [403, 403, 403, SKIP]),
            row(M::POST, format!("{list}/{draft}/close"), Some(body!({"reason": "Not needed"})), [403, 403, 403, SKIP]),
            row(M::GET, "/api/v1/assignments".into(), None, [403, 403, 200, 403]),
            row(M::GET, format!("/api/v1/assignments/{open}"), None, [403, 403, 200, 403]),
            row(M::POST, format!("/api/v1/assignments/{open}/interest"), Some(body!({"note": ""})), [403, 403, SKIP, 403]),
            row(M::DELETE, format!("/api/v1/assignments/{open}/interest"), None, [403, 403, SKIP, 403]),
            row(M::GET, "/api/v1/coordinator/matches".into(), None, [403, 200, 403, 403]),
            row(M::POST, "/api/v1/coordinator/matches".into(), Some(proposal.clone()), [403, 409, 403, 403]),
            row(M::GET, format!("/api/v1/matches/{m}"), None, [404, 200, 200, 200]),
            row(M::POST, format!("/api/v1/matches/{m}/complete"), None, [404, 409, 409, 409]),
            // Offered, not confirmed: no checklist, report, feedback or calendar yet.
            row(M::GET, format!("/api/v1/matches/{m}/running"), None, [404, 200, 200, 200]),
            row(M::PUT, format!("/api/v1/matches/{m}/running/checklist/travel"), Some(body!({"ticked": true})), [404, 409, 409, 409]),
            row(M::PUT, format!("/api/v1/matches/{m}/running/report"), Some(report), [404, 409, 409, 409]),
            row(M::PUT, format!("/api/v1/matches/{m}/running/feedback"), Some(body!({"rating": 5})), [404, 409, 409, 409]),
            row(M::GET, format!("/api/v1/matches/{m}/calendar"), None, [404, 404, 404, 404]),
            row(M::GET, "/api/v1/coordinator/matcher".into(), None, [403, 200, 403, 403]),
            // A dry run stores nothing.
            row(M::POST, "/api/v1/coordinator/matcher/runs".into(), Some(body!({"programme": "GH-HEALTH", "dry_run": true})), [403, 200, 403, 403]),
            row(M::GET, run.clone(), None, [403, 200, 403, 403]),
            row(M::POST, format!("{run}/decision"), Some(body!({"decision": "approve", "matches": []})), [403, 422, 403, 403]),
            row(M::GET, "/api/v1/fhir/Practitioner".into(), None, [403, 200, 403, 403]),
            row(M::GET, format!("/api/v1/fhir/Practitioner/{nurse_id}"), None, [403, 200, 403, 403]),
            row(M::GET, "/api/v1/coordinator/registry".into(), None, [403, 200, 403, 403]),
            row(M::GET, "/api/v1/coordinator/interests".into(), None, [403, 200, 403, 403]),
            row(M::GET, format!("/api/v1/coordinator/professionals/{nurse_id}"), None, [403, 200, 403, 403]),
            row(M::GET, "/api/v1/coordinator/facilities".into(), None, [403, 200, 403, 403]),
            row(M::GET, format!("/api/v1/coordinator/facilities/{fid}"), None, [403, 200, 403, 403]),
            // Already verified: a conflict, nothing changed.
            row(M::POST, format!("/api/v1/coordinator/facilities/{fid}/decision"), Some(body!({"verify": false, "reason": "Doubts"})), [403, 409, 403, 403]),
            row(M::GET, "/api/v1/coordinator/licences".into(), None, [403, 200, 403, 403]),
            row(M::GET, format!("/api/v1/coordinator/licences/{licence}"), None, [403, 200, 403, 403]),
            row(M::POST, format!("/api/v1/coordinator/licences/{licence}/decision"), Some(body!({"verify": false, "reason": "Doubts"})), [403, 409, 403, 403]),
            row(M::GET, "/api/v1/observatory".into(), None, [200, 200, 403, 403]),
            row(M::GET, "/api/v1/observatory/public".into(), None, [200, 200, 200, 200]),
            row(M::GET, "/api/v1/admin/programmes".into(), None, [200, 403, 403, 403]),
            // The code is taken: refused by the field, nothing written.
            row(M::POST, "/api/v1/admin/programmes".into(), Some(programme_body()), [422, 403, 403, 403]),
            row(M::GET, format!("/api/v1/admin/programmes/{gh}"), None, [200, 403, 403, 403]),
            row(M::PUT, format!("/api/v1/admin/programmes/{gh}"), Some(programme_body()), [SKIP, 403, 403, 403]),
        ];

        // The table names every operation of the document.
        let mut offered = BTreeSet::new();
        for (path, item) in DOCUMENT["paths"].as_object().unwrap() {
            for method in ["get", "post", "put", "patch", "delete"] {
                if item[method].is_object() && !item[method]["security"].is_null() {
                    offered.insert(format!("{method} {path}"));
                }
            }
        }
        let covered: BTreeSet<String> = rows
            .iter()
            .map(|r| format!("{} {}", r.method.as_str().to_lowercase(), template(&r.path).expect("a documented path")))
            .collect();
        assert_eq!(covered, offered, "every operation in the table, and only those");

        let roles = ["admin", "coordinator", "professional", "facility"];
        for r in &rows {
            let what = format!("{} {}", r.method, r.path);
            assert_eq!(call(&app, r, None).await, 401, "no token: {what}");
            assert_eq!(call(&app, r, Some(&revoked)).await, 401, "revoked token: {what}");
            for (i, want) in r.expected.iter().enumerate() {
                if r.method != Method::GET {
                    // A read-only token changes nothing, whoever holds it.
                    let got = call(&app, r, Some(&read[i])).await;
                    assert_eq!(got, 403, "{}'s read-only token: {what}", roles[i]);
                }
                if *want != SKIP {
                    assert_eq!(call(&app, r, Some(&write[i])).await, *want, "{}: {what}", roles[i]);
                }
            }
        }
        // The document itself needs no token.
        assert_eq!(api_get(&app, "/api/v1/openapi.json", None, None).await.status, 200);
        // Nothing changed: the draft is a draft, the offer still stands.
        assert_eq!(json(&api_get(&app, &format!("{list}/{draft}"), Some(&read[3]), None).await)["status"], "draft");
        assert_eq!(json(&api_get(&app, &format!("/api/v1/matches/{m}"), Some(&read[1]), None).await)["state"], "offered");
    }
}
