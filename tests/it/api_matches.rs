//! The match lifecycle through the API: a coordinator proposes and
//! approves, both sides accept, each party reads what is theirs, steps out
//! of turn answer 409 with the reason, and nobody else finds the match.

use reqwest::Method;
use serde_json::json as body;

use crate::api::{api_get, api_send, error_code, json, make_token};
use crate::assignments::facility;
use crate::helpers::{TestApp, TestClient, unique_email};
use crate::on_both;
use crate::registry::{coordinator_of, programme};

/// A nurse of Ghanaian origin, living in Leeds, who consents to be matched.
pub(crate) async fn nurse(app: &TestApp) -> (TestClient, String) {
    let email = unique_email("api-match-nurse");
    let nurse = app.user_with_role(&email, "professional").await;
    for (path, fields) in [
        (
            "/professional/profile/work",
            vec![("profession", "2222"), ("years_experience", "8")],
        ),
        (
            "/professional/profile/place",
            vec![
                ("origin_country", "GH"),
                ("residence_country", "GB"),
                ("residence_city", "Leeds"),
                ("residence_status", "citizen"),
                ("time_zone", "Europe/London"),
            ],
        ),
        ("/professional/consents/matching/give", vec![]),
    ] {
        assert_eq!(nurse.submit(path, &fields).await.status, 303, "{path}");
    }
    let id = app.user(&email).await.unwrap().id;
    (nurse, id)
}

async fn post(
    app: &TestApp,
    path: &str,
    token: &str,
    v: serde_json::Value,
) -> crate::helpers::Page {
    api_send(app, Method::POST, path, token, &v.to_string()).await
}

on_both! {
    async fn a_match_runs_its_course_through_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let (coordinator_token, _) = make_token(&app, &coordinator, "Programme tool", "write").await;
        let (coordinator_read, _) = make_token(&app, &coordinator, "Programme board", "read").await;
        let (staff, fid) = facility(&app, true).await;
        let (facility_token, _) = make_token(&app, &staff, "Hospital", "write").await;
        let list = format!("/api/v1/facilities/{fid}/assignments");
        let assignment = body!({
            "title": "Midwifery mentor", "objectives": "Train midwives.", "professions": ["2222"],
            "modality": "on_site", "starts_on": crate::assignments::day(30), "ends_on": crate::assignments::day(57),
            "positions": 1, "time_zone": "Africa/Accra"
        });
        let aid = json(&post(&app, &list, &facility_token, assignment).await)["id"].as_str().unwrap().to_string();
        assert_eq!(api_send(&app, Method::POST, &format!("{list}/{aid}/publish"), &facility_token, "").await.status, 200);
        let (nurse_client, nurse_id) = nurse(&app).await;
        let (nurse_token, _) = make_token(&app, &nurse_client, "Phone", "write").await;

        let proposal = body!({"assignment_id": aid, "professional_id": nurse_id});
        assert_eq!(post(&app, "/api/v1/coordinator/matches", &coordinator_read, proposal.clone()).await.status, 403);
        let proposed = post(&app, "/api/v1/coordinator/matches", &coordinator_token, proposal.clone()).await;
        assert_eq!(proposed.status, 201, "{}", proposed.body);
        let m = json(&proposed);
        let id = m["id"].as_str().unwrap().to_string();
        assert_eq!(proposed.header("location"), Some(format!("/api/v1/matches/{id}")));
        assert_eq!(m["state"], "proposed");
        assert_eq!(m["reader"], "coordinator");
        assert_eq!(m["professional_id"], nurse_id.as_str());
        assert_eq!(m["source"], "hand");
        let twice = post(&app, "/api/v1/coordinator/matches", &coordinator_token, proposal).await;
        assert_eq!(twice.status, 409);
        assert_eq!(json(&twice)["error"]["message"], sankofa::i18n::t(sankofa::domain::Locale::En, "conflict-match-exists").as_str());
        // Neither side sees a proposal.
        let one = format!("/api/v1/matches/{id}");
        assert_eq!(api_get(&app, &one, Some(&nurse_token), None).await.status, 404);
        assert_eq!(api_get(&app, &one, Some(&facility_token), None).await.status, 404);

        // Steps out of turn say why; a deadline too far is refused.
        let accept_early = post(&app, &format!("{one}/accept"), &nurse_token, body!({})).await;
        assert_eq!(accept_early.status, 404, "not the nurse's to see yet");
        let far = post(&app, &format!("{one}/approve"), &coordinator_token, body!({"days": 1_000_000_000_000_000_i64})).await;
        assert_eq!(far.status, 409, "{}", far.body);
        assert_eq!(json(&far)["error"]["message"], sankofa::i18n::t(sankofa::domain::Locale::En, "conflict-match-deadline-far").as_str());
        let complete_early = api_send(&app, Method::POST, &format!("{one}/complete"), &coordinator_token, "").await;
        assert_eq!(complete_early.status, 409);
        assert_eq!(error_code(&complete_early), "conflict");
        let no_reason = post(&app, &format!("{one}/reject"), &coordinator_token, body!({"reason": " "})).await;
        assert_eq!(no_reason.status, 422);
        assert!(json(&no_reason)["error"]["fields"]["reason"].is_string());
        assert_eq!(post(&app, &format!("{one}/promote"), &coordinator_token, body!({})).await.status, 404);
        assert_eq!(post(&app, &format!("{one}/approve"), &coordinator_token, body!({"days": 7, "why": "x"})).await.status, 400);

        let approved = post(&app, &format!("{one}/approve"), &coordinator_token, body!({"days": 7})).await;
        assert_eq!(approved.status, 200, "{}", approved.body);
        let approved = json(&approved);
        assert_eq!(approved["state"], "offered");
        assert!(approved["deadline"].is_string());

        // The offer, as each side reads it.
        let offers = json(&api_get(&app, "/api/v1/professional/matches", Some(&nurse_token), None).await);
        assert_eq!(offers["items"][0]["id"], id.as_str());
        let seen = json(&api_get(&app, &one, Some(&facility_token), None).await);
        assert_eq!(seen["reader"], "facility");
        assert!(seen["full_name"].is_null() && seen["shared_profile"].is_null(), "nothing of the nurse before consent (SECURITY 22)");
        assert!(seen["professional_id"].is_null());
        let shared = api_send(&app, Method::PUT, "/api/v1/professional/consents/share_profile", &nurse_token, r#"{"given": true}"#).await;
        assert_eq!(shared.status, 200);

        assert_eq!(api_send(&app, Method::POST, &format!("{one}/accept"), &nurse_token, "").await.status, 200);
        let again = api_send(&app, Method::POST, &format!("{one}/accept"), &nurse_token, "").await;
        assert_eq!(again.status, 409);
        assert_eq!(json(&again)["error"]["message"], sankofa::i18n::t(sankofa::domain::Locale::En, "conflict-match-already-accepted").as_str());
        let confirmed = api_send(&app, Method::POST, &format!("{one}/accept"), &facility_token, "").await;
        assert_eq!(confirmed.status, 200, "{}", confirmed.body);
        let confirmed = json(&confirmed);
        assert_eq!(confirmed["state"], "confirmed");
        assert!(confirmed["confirmed_at"].is_string());
        let profile = &confirmed["shared_profile"];
        assert!(profile["email"].as_str().unwrap().contains("api-match-nurse"), "{confirmed}");
        assert_eq!(profile["profession"], "2222");
        let events: Vec<&str> = confirmed["steps"].as_array().unwrap().iter().map(|s| s["to_state"].as_str().unwrap()).collect();
        assert!(events.contains(&"offered") && events.contains(&"confirmed"), "{events:?}");

        // The dashboard counts it and filters by state.
        let board = json(&api_get(&app, "/api/v1/coordinator/matches?state=confirmed", Some(&coordinator_read), None).await);
        assert_eq!(board["items"][0]["id"], id.as_str());
        assert!(board["counts"].as_array().unwrap().iter().any(|c| c["state"] == "confirmed" && c["count"] == 1));
        let bad = api_get(&app, "/api/v1/coordinator/matches?state=married", Some(&coordinator_read), None).await;
        assert_eq!(bad.status, 422);
        assert!(json(&bad)["error"]["fields"]["state"].is_string());
        let none = json(&api_get(&app, "/api/v1/coordinator/matches?state=offered", Some(&coordinator_read), None).await);
        assert!(none["items"].as_array().unwrap().is_empty());
        // The page says the same.
        assert!(coordinator.get(&format!("/matches/{id}")).await.body.contains("Confirmed"));
    }
}

on_both! {
    async fn no_one_else_finds_a_match_through_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let (token, _) = make_token(&app, &coordinator, "Tool", "write").await;
        let (staff, fid) = facility(&app, true).await;
        let (facility_token, _) = make_token(&app, &staff, "Hospital", "write").await;
        let list = format!("/api/v1/facilities/{fid}/assignments");
        let assignment = body!({
            "title": "Mentor", "objectives": "Train.", "professions": ["2222"], "modality": "on_site",
            "starts_on": crate::assignments::day(30), "ends_on": crate::assignments::day(57), "positions": 1,
            "time_zone": "Africa/Accra"
        });
        let aid = json(&post(&app, &list, &facility_token, assignment).await)["id"].as_str().unwrap().to_string();
        api_send(&app, Method::POST, &format!("{list}/{aid}/publish"), &facility_token, "").await;
        let (_, nurse_id) = nurse(&app).await;
        let m = json(&post(&app, "/api/v1/coordinator/matches", &token, body!({"assignment_id": aid, "professional_id": nurse_id})).await);
        let id = m["id"].as_str().unwrap().to_string();
        assert_eq!(post(&app, &format!("/api/v1/matches/{id}/approve"), &token, body!({})).await.status, 200, "seven days unless said");

        let ng = programme(&app, "NG-HEALTH", &["NG"], 0, "citizen").await;
        let other = coordinator_of(&app, &[&ng]).await;
        let (other_token, _) = make_token(&app, &other, "Other", "write").await;
        let (other_staff, _) = facility(&app, true).await;
        let (other_facility, _) = make_token(&app, &other_staff, "Other hospital", "write").await;
        let stranger = app.user_with_role(&unique_email("api-match-stranger"), "professional").await;
        let (stranger_token, _) = make_token(&app, &stranger, "Stranger", "write").await;
        let admin = app.user_with_role(&unique_email("api-match-admin"), "admin").await;
        let (admin_token, _) = make_token(&app, &admin, "Admin", "write").await;
        for (who, t) in [("another coordinator", &other_token), ("another facility", &other_facility), ("another professional", &stranger_token), ("an admin", &admin_token)] {
            assert_eq!(api_get(&app, &format!("/api/v1/matches/{id}"), Some(t), None).await.status, 404, "{who}");
            let step = post(&app, &format!("/api/v1/matches/{id}/cancel"), t, body!({"reason": "Mine now"})).await;
            assert_eq!(step.status, 404, "{who}: {}", step.body);
        }
        let theirs = post(&app, "/api/v1/coordinator/matches", &other_token, body!({"assignment_id": aid, "professional_id": nurse_id})).await;
        assert_eq!(theirs.status, 404, "not an assignment of their countries");
        let board = json(&api_get(&app, "/api/v1/coordinator/matches", Some(&other_token), None).await);
        assert!(board["items"].as_array().unwrap().is_empty());
        assert_eq!(api_get(&app, "/api/v1/coordinator/matches", Some(&facility_token), None).await.status, 403);
        assert_eq!(api_get(&app, "/api/v1/professional/matches", Some(&token), None).await.status, 403);
        let still = json(&api_get(&app, &format!("/api/v1/matches/{id}"), Some(&token), None).await);
        assert_eq!(still["state"], "offered", "nothing changed");
    }
}
