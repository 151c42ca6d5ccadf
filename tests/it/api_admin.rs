//! Administrators' programmes and the observatory's aggregates through the
//! API: the form's checks and messages, the pages' figures with small
//! counts protected for the public, and nobody else reaching them.

use reqwest::Method;
use serde_json::{Value, json as body};

use crate::api::{api_get, api_send, error_code, json, make_token};
use crate::helpers::{TestApp, unique_email};
use crate::observatory::count_me;
use crate::on_both;
use crate::registry::{Pro, add, coordinator_of, programme};

fn ghana() -> Value {
    body!({
        "code": "GH-HEALTH", "name_en": "Ghana Health", "name_fr": "Santé Ghana",
        "countries": ["GH"], "residence_statuses": ["citizen", "work_permit"],
        "min_years_experience": 2, "onsite_min_days": 21, "onsite_max_days": 90,
        "weights": {"diaspora": 30, "skills": 25, "experience": 15, "availability": 10,
                    "languages": 5, "track_record": 10, "interest": 5, "safeguards": 0, "urgency": 0},
        "status": "active"
    })
}

fn with(mut v: Value, field: &str, value: Value) -> Value {
    v[field] = value;
    v
}

on_both! {
    async fn an_admin_writes_programmes_through_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("api-admin"), "admin").await;
        let (write, _) = make_token(&app, &admin, "Ministry tool", "write").await;
        let (read, _) = make_token(&app, &admin, "Ministry board", "read").await;
        let list = "/api/v1/admin/programmes";

        assert_eq!(api_send(&app, Method::POST, list, &read, &ghana().to_string()).await.status, 403);
        let made = api_send(&app, Method::POST, list, &write, &ghana().to_string()).await;
        assert_eq!(made.status, 201, "{}", made.body);
        let p = json(&made);
        let id = p["id"].as_str().unwrap().to_string();
        assert_eq!(made.header("location"), Some(format!("{list}/{id}")));
        assert_eq!(p["countries"], body!(["GH"]));
        assert_eq!(p["weights"]["diaspora"], 30);
        assert_eq!(p["coordinators"], 0);
        // The page lists what the API made.
        assert!(admin.get("/admin/programmes").await.body.contains("GH-HEALTH"));

        let cases: Vec<(Value, &str)> = vec![
            (ghana(), "code"),
            (with(ghana(), "code", "GH HEALTH!".into()), "code"),
            (with(ghana(), "countries", body!(["ZZ"])), "countries"),
            (with(ghana(), "countries", body!([])), "countries"),
            (with(ghana(), "residence_statuses", body!(["tourist"])), "residence_statuses"),
            (with(ghana(), "onsite_min_days", 0.into()), "onsite_min_days"),
            (with(ghana(), "weights", body!({"diaspora": 0, "skills": 0, "experience": 0, "availability": 0,
                "languages": 0, "track_record": 0, "interest": 0, "safeguards": 0, "urgency": 0})), "weight_diaspora"),
            (with(ghana(), "weights", body!({"diaspora": 101, "skills": 0, "experience": 0, "availability": 0,
                "languages": 0, "track_record": 0, "interest": 0, "safeguards": 0, "urgency": 0})), "weight_diaspora"),
        ];
        for (v, field) in &cases {
            let page = api_send(&app, Method::POST, list, &write, &v.to_string()).await;
            assert_eq!(page.status, 422, "{field}: {}", page.body);
            assert!(json(&page)["error"]["fields"][field].is_string(), "{field}: {}", page.body);
        }
        let unknown = with(ghana(), "weights", body!({"diaspora": 1, "luck": 3}));
        assert_eq!(api_send(&app, Method::POST, list, &write, &unknown.to_string()).await.status, 400);
        assert_eq!(json(&api_get(&app, list, Some(&read), None).await).as_array().unwrap().len(), 1, "nothing else stored");

        let one = format!("{list}/{id}");
        let changed = api_send(&app, Method::PUT, &one, &write, &with(ghana(), "name_en", "Ghana Health Return".into()).to_string()).await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!(json(&api_get(&app, &one, Some(&read), None).await)["name_en"], "Ghana Health Return");
        assert_eq!(api_get(&app, &format!("{list}/nope"), Some(&read), None).await.status, 404);
        // A coordinator joins: the programme read alone says what the list says.
        crate::registry::coordinator_of(&app, &[&id]).await;
        let alone = json(&api_get(&app, &one, Some(&read), None).await);
        assert_eq!(alone["coordinators"], 1);
        assert_eq!(alone, json(&api_get(&app, list, Some(&read), None).await)[0]);
        let actions = app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "programme_created") && actions.iter().any(|a| a == "programme_changed"));

        let coordinator = app.user_with_role(&unique_email("api-admin-coord"), "coordinator").await;
        let (theirs, _) = make_token(&app, &coordinator, "Coordinator", "write").await;
        let refused = api_get(&app, list, Some(&theirs), None).await;
        assert_eq!(refused.status, 403);
        assert_eq!(error_code(&refused), "forbidden");
        assert_eq!(api_send(&app, Method::PUT, &one, &theirs, &ghana().to_string()).await.status, 403);
    }
}

fn headline(v: &Value, figure: &str) -> (String, Option<i64>) {
    let f = &v["headline"][figure];
    (
        f["shown"].as_str().unwrap().to_string(),
        f["value"].as_i64(),
    )
}

on_both! {
    async fn the_observatorys_figures_come_through_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        // Six professionals of Ghanaian origin; three consent to be counted.
        for i in 0..6 {
            let id = add(&app, Pro::default()).await;
            if i < 3 {
                count_me(&app, &id).await;
            }
        }
        let (token, _) = make_token(&app, &coordinator, "Programme board", "read").await;
        let figures = api_get(&app, "/api/v1/observatory", Some(&token), None).await;
        assert_eq!(figures.status, 200, "{}", figures.body);
        let v = json(&figures);
        assert_eq!(headline(&v, "professionals"), ("exact".into(), Some(6)), "the coordinator's exact figures");
        let ids: Vec<&str> = v["tables"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
        assert_eq!(ids, sankofa::domain::observatory::TABLES.to_vec());
        let people = &v["tables"][0];
        let ghana = people["rows"].as_array().unwrap().iter().find(|r| r["label"]["code"] == "GH").expect("a row for Ghana");
        assert_eq!(ghana["label"]["kind"], "country");
        assert!(ghana["values"].as_array().unwrap().iter().any(|f| f["value"] == 6), "{ghana}");
        assert!(people["columns"].as_array().unwrap().iter().any(|c| c == "total"));

        let public = json(&api_get(&app, "/api/v1/observatory/public", Some(&token), None).await);
        assert_eq!(headline(&public, "professionals"), ("small".into(), None), "three counted: fewer than five");
        let facility = app.user_with_role(&unique_email("api-obs-facility"), "facility").await;
        let (facility_token, _) = make_token(&app, &facility, "Facility", "read").await;
        assert_eq!(api_get(&app, "/api/v1/observatory/public", Some(&facility_token), None).await.status, 200);
        assert_eq!(api_get(&app, "/api/v1/observatory", Some(&facility_token), None).await.status, 403);
        assert_eq!(api_get(&app, "/api/v1/observatory/public", None, None).await.status, 401);

        for (query, field) in [("from=2027-13", "from"), ("from=2027-05&to=2027-01", "to"), ("programme=someone-elses", "programme"), ("modality=teleport", "modality")] {
            let page = api_get(&app, &format!("/api/v1/observatory?{query}"), Some(&token), None).await;
            assert_eq!(page.status, 422, "{query}: {}", page.body);
            assert!(json(&page)["error"]["fields"][field].is_string(), "{query}: {}", page.body);
        }
        let page = api_get(&app, "/api/v1/observatory/public?year=20x7", Some(&token), None).await;
        assert_eq!(page.status, 422);
        assert!(json(&page)["error"]["fields"]["year"].is_string());
    }
}
