//! The matcher and a match's running through the API, on both databases: a
//! coordinator runs the matcher (dry, then stored), reads a run's proposals
//! by cursor with each score's parts and the near misses, decides several
//! at once, refused by the field when the decision lacks what it needs;
//! the parties tick the checklist, file the report and the feedback after
//! the end date, and download the calendar file; nobody else reaches any of
//! it.

use std::time::Duration;

use chrono::TimeDelta;
use reqwest::Method;
use serde_json::{Value, json as body};

use crate::api::{api_get, api_send, error_code, json, make_token};
use crate::helpers::{Page, TestApp, unique_email};
use crate::match_running::confirmed;
use crate::matcher_runs::scene;
use crate::on_both;
use crate::registry::{Pro, add, coordinator_of, programme};

const WAIT: Duration = Duration::from_secs(10);

async fn post(app: &TestApp, path: &str, token: &str, v: Value) -> Page {
    api_send(app, Method::POST, path, token, &v.to_string()).await
}

async fn put(app: &TestApp, path: &str, token: &str, v: Value) -> Page {
    api_send(app, Method::PUT, path, token, &v.to_string()).await
}

async fn live_matches(app: &TestApp) -> i64 {
    app.services
        .db
        .run(|c| {
            use diesel::prelude::*;
            use sankofa::db::schema::matches;
            Ok(matches::table.count().get_result::<i64>(c)?)
        })
        .await
        .unwrap()
}

on_both! {
    async fn a_coordinator_runs_the_matcher_and_decides_through_the_api(backend) {
        let sc = scene(backend).await;
        let app = &sc.app;
        // One more midwife, a year short of what the assignments ask.
        add(app, Pro { name: "Abena Nearly", profession: "2222", years: 4, ..Pro::default() }).await;
        let (write, _) = make_token(app, &sc.coordinator_client, "Matcher tool", "write").await;
        let (read, _) = make_token(app, &sc.coordinator_client, "Matcher board", "read").await;

        let overview = json(&api_get(app, "/api/v1/coordinator/matcher", Some(&read), Some("fr")).await);
        assert_eq!(overview["programmes"][0]["code"], "GH-HEALTH");
        assert!(overview["programmes"][0]["runs"].as_array().unwrap().is_empty());

        let runs = "/api/v1/coordinator/matcher/runs";
        let ask = body!({"programme": "GH-HEALTH"});
        assert_eq!(post(app, runs, &read, ask.clone()).await.status, 403);
        assert_eq!(post(app, runs, &write, body!({"programme": "GH-HEALTH", "tardy": 1})).await.status, 400);
        assert_eq!(post(app, runs, &write, body!({"programme": "NOPE"})).await.status, 404);

        // A dry run stores nothing.
        let dry = post(app, runs, &write, body!({"programme": "GH-HEALTH", "dry_run": true})).await;
        assert_eq!(dry.status, 200, "{}", dry.body);
        let dry = json(&dry);
        assert!(dry["run_id"].is_null());
        let proposed = dry["proposals"].as_array().unwrap();
        assert_eq!(proposed.len(), 3, "two positions each, three who may be proposed: {dry}");
        assert!(proposed.iter().all(|p| p["match_id"].is_null()));
        assert_eq!(live_matches(app).await, 0);

        let ran = post(app, runs, &write, ask).await;
        assert_eq!(ran.status, 201, "{}", ran.body);
        let outcome = json(&ran);
        let run_id = outcome["run_id"].as_str().unwrap().to_string();
        let run = format!("{runs}/{run_id}");
        assert_eq!(ran.header("location"), Some(run.clone()));
        assert_eq!(outcome["proposals"].as_array().unwrap().len(), 3);
        let parts = &outcome["proposals"][0]["parts"];
        assert!(parts.as_array().unwrap().iter().any(|p| p["criterion"] == "diaspora"), "{parts}");
        let total: i64 = parts.as_array().unwrap().iter().map(|p| p["points"].as_i64().unwrap()).sum();
        assert_eq!(total, outcome["proposals"][0]["score"].as_i64().unwrap(), "the parts add up to the score");
        assert_eq!(live_matches(app).await, 3);
        let overview = json(&api_get(app, "/api/v1/coordinator/matcher", Some(&read), None).await);
        assert_eq!(overview["programmes"][0]["runs"][0]["id"], run_id.as_str());

        // The run by cursor: two, then the last.
        let first = json(&api_get(app, &format!("{run}?limit=2"), Some(&read), Some("fr")).await);
        assert_eq!(first["items"].as_array().unwrap().len(), 2);
        assert_eq!(first["run"]["proposals"], 3);
        assert_eq!(first["stale"], false);
        assert!(first["items"].as_array().unwrap().iter().all(|p| p["state"] == "proposed"));
        let cursor = first["next_cursor"].as_str().unwrap();
        let rest = json(&api_get(app, &format!("{run}?limit=2&cursor={cursor}"), Some(&read), None).await);
        assert_eq!(rest["items"].as_array().unwrap().len(), 1);
        assert!(rest["next_cursor"].is_null());
        let mut ids: Vec<String> = first["items"].as_array().unwrap().iter().chain(rest["items"].as_array().unwrap())
            .map(|p| p["match_id"].as_str().unwrap().to_string()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 3);
        // The midwife short of experience: a near miss, said in French.
        let notes = first["notes"].as_array().unwrap();
        let miss = notes.iter().find(|n| n["kind"] == "near_miss" && n["full_name"] == "Abena Nearly").unwrap_or_else(|| panic!("{notes:?}"));
        assert_eq!(miss["rule"], "eligibility");
        assert!(miss["why"].as_str().unwrap().contains("la mission en demande au moins"), "{miss}");
        assert!(notes.iter().filter(|n| n["kind"] == "alternate").all(|n| n["rule"].is_null() && n["why"].is_null()));
        assert_eq!(error_code(&api_get(app, &format!("{run}?limit=0"), Some(&read), None).await), "invalid");

        // Decisions: each lack refused by its field, nothing moved.
        let decide = format!("{run}/decision");
        let none = post(app, &decide, &write, body!({"decision": "approve", "matches": []})).await;
        assert_eq!(none.status, 422);
        assert!(json(&none)["error"]["fields"]["matches"].is_string());
        let days = post(app, &decide, &write, body!({"decision": "approve", "matches": [ids[0]], "days": 0})).await;
        assert_eq!(days.status, 422);
        assert!(json(&days)["error"]["fields"]["days"].is_string());
        let reason = post(app, &decide, &write, body!({"decision": "reject", "matches": [ids[2]]})).await;
        assert_eq!(reason.status, 422);
        assert!(json(&reason)["error"]["fields"]["reason"].is_string());
        assert_eq!(post(app, &decide, &write, body!({"decision": "maybe", "matches": [ids[0]]})).await.status, 400);
        assert_eq!(post(app, &decide, &read, body!({"decision": "approve", "matches": [ids[0]]})).await.status, 403);

        let approved = post(app, &decide, &write, body!({"decision": "approve", "matches": [ids[0], ids[1]], "days": 5})).await;
        assert_eq!(approved.status, 200, "{}", approved.body);
        assert_eq!(json(&approved), body!({"decided": 2, "refused": 0}));
        let rejected = post(app, &decide, &write, body!({"decision": "reject", "matches": [ids[2], "not-of-this-run"], "reason": "Not this season."})).await;
        assert_eq!(json(&rejected), body!({"decided": 1, "refused": 1}));
        let again = post(app, &decide, &write, body!({"decision": "approve", "matches": [ids[0]]})).await;
        assert_eq!(json(&again), body!({"decided": 0, "refused": 1}));
        let states: Vec<Value> = json(&api_get(app, &run, Some(&read), None).await)["items"].as_array().unwrap().iter().map(|p| p["state"].clone()).collect();
        assert_eq!(states.iter().filter(|s| **s == "offered").count(), 2);
        assert_eq!(states.iter().filter(|s| **s == "rejected").count(), 1);
        let deadline = json(&api_get(app, &format!("/api/v1/matches/{}", ids[0]), Some(&read), None).await)["deadline"].as_str().unwrap().to_string();
        let in_five = (app.services.clock.now() + TimeDelta::days(5)).format("%Y-%m-%d").to_string();
        assert!(deadline.starts_with(&in_five), "{deadline} is five days ahead");

        // Nobody else.
        let ng = programme(app, "NG-HEALTH", &["NG"], 0, "citizen").await;
        let other = coordinator_of(app, &[&ng]).await;
        let (theirs, _) = make_token(app, &other, "Other desk", "write").await;
        assert_eq!(api_get(app, &run, Some(&theirs), None).await.status, 404);
        assert_eq!(post(app, &decide, &theirs, body!({"decision": "approve", "matches": [ids[2]]})).await.status, 404);
        assert_eq!(post(app, runs, &theirs, body!({"programme": "GH-HEALTH"})).await.status, 404);
        let theirs_overview = json(&api_get(app, "/api/v1/coordinator/matcher", Some(&theirs), None).await);
        assert_eq!(theirs_overview["programmes"].as_array().unwrap().len(), 1);
        assert_eq!(theirs_overview["programmes"][0]["code"], "NG-HEALTH");
        let pro = app.user_with_role(&unique_email("api-matcher-pro"), "professional").await;
        let (pro_token, _) = make_token(app, &pro, "Pro", "write").await;
        assert_eq!(api_get(app, "/api/v1/coordinator/matcher", Some(&pro_token), None).await.status, 403);
        assert_eq!(api_get(app, &run, Some(&pro_token), None).await.status, 403);
        assert_eq!(post(app, runs, &pro_token, body!({"programme": "GH-HEALTH"})).await.status, 403);
        let actions = app.audit_actions().await;
        assert_eq!(actions.iter().filter(|a| *a == "matcher_run").count(), 1, "{actions:?}");
    }
}

on_both! {
    async fn a_confirmed_match_is_run_and_closed_through_the_api(backend) {
        let c = confirmed(backend).await;
        let app = &c.app;
        let (coordinator, _) = make_token(app, &c.coordinator, "Desk", "write").await;
        let (nurse, _) = make_token(app, &c.nurse, "Phone", "write").await;
        let (nurse_read, _) = make_token(app, &c.nurse, "Watch", "read").await;
        let (staff, _) = make_token(app, &c.staff, "Hospital", "write").await;
        let base = format!("/api/v1/matches/{}", c.id);
        let running = format!("{base}/running");

        let seen = json(&api_get(app, &running, Some(&nurse_read), None).await);
        let items: Vec<&str> = seen["checklist"].as_array().unwrap().iter().map(|l| l["item"].as_str().unwrap()).collect();
        assert_eq!(items, ["permit", "travel", "insurance", "orientation"]);
        assert_eq!(seen["may_tick"], true);
        assert_eq!(seen["may_report"], false, "not before the end date");
        assert_eq!(seen["over"], false);

        // The checklist: the professional and the coordinator, not the facility.
        let travel = format!("{running}/checklist/travel");
        assert_eq!(put(app, &travel, &nurse_read, body!({"ticked": true})).await.status, 403);
        let ticked = put(app, &travel, &nurse, body!({"ticked": true})).await;
        assert_eq!(ticked.status, 200, "{}", ticked.body);
        let line = json(&ticked)["checklist"][1].clone();
        assert_eq!(line["ticked"], true);
        assert!(line["ticked_by"].is_string() && line["ticked_at"].is_string(), "{line}");
        assert_eq!(json(&put(app, &format!("{running}/checklist/permit"), &coordinator, body!({"ticked": true})).await)["checklist"][0]["ticked"], true);
        let refused = put(app, &format!("{running}/checklist/insurance"), &staff, body!({"ticked": true})).await;
        assert_eq!(refused.status, 409);
        assert_eq!(put(app, &format!("{running}/checklist/visa"), &nurse, body!({"ticked": true})).await.status, 404);
        assert_eq!(put(app, &travel, &nurse, body!({"ticked": "yes"})).await.status, 400);
        let unticked = json(&put(app, &travel, &nurse, body!({"ticked": false})).await);
        assert_eq!(unticked["checklist"][1]["ticked"], false);
        assert!(unticked["checklist"][1]["ticked_at"].is_null());

        // The calendar file, for either side, not the coordinator.
        let ics = api_get(app, &format!("{base}/calendar"), Some(&nurse_read), None).await;
        assert_eq!(ics.status, 200);
        assert!(ics.header("content-type").unwrap().starts_with("text/calendar"));
        assert!(ics.header("content-disposition").unwrap().contains(".ics"));
        assert!(ics.body.contains("BEGIN:VEVENT"), "{}", ics.body);
        assert_eq!(api_get(app, &format!("{base}/calendar"), Some(&staff), None).await.status, 200);
        assert_eq!(api_get(app, &format!("{base}/calendar"), Some(&coordinator), None).await.status, 404);

        // Too early for the report.
        let report = body!({"activities": "Trained midwives in neonatal resuscitation.", "people_trained": 14,
            "patients_seen": 120, "sessions_delivered": 9, "hours_given": 160, "notes": ""});
        assert_eq!(put(app, &format!("{running}/report"), &nurse, report.clone()).await.status, 409);

        app.services.clock.advance(TimeDelta::days(60));
        let bad = put(app, &format!("{running}/report"), &nurse, body!({"activities": " ", "people_trained": -1,
            "patients_seen": 0, "sessions_delivered": 0, "hours_given": 99999999})).await;
        assert_eq!(bad.status, 422);
        let fields = json(&bad)["error"]["fields"].clone();
        for f in ["activities", "people_trained", "hours_given"] {
            assert!(fields[f].is_string(), "{f}: {fields}");
        }
        assert!(fields["patients_seen"].is_null());
        assert_eq!(put(app, &format!("{running}/report"), &staff, report.clone()).await.status, 409);
        let filed = put(app, &format!("{running}/report"), &nurse, report).await;
        assert_eq!(filed.status, 200, "{}", filed.body);
        assert_eq!(json(&filed)["report"]["people_trained"], 14);
        // The facility never reads the professional's report.
        assert!(json(&api_get(app, &running, Some(&staff), None).await)["report"].is_null());

        let bad = put(app, &format!("{running}/feedback"), &staff, body!({"rating": 6})).await;
        assert_eq!(bad.status, 422);
        assert!(json(&bad)["error"]["fields"]["rating"].is_string());
        assert_eq!(put(app, &format!("{running}/feedback"), &nurse, body!({"rating": 5})).await.status, 409);
        let given = put(app, &format!("{running}/feedback"), &staff, body!({"rating": 5, "comments": "Excellent mentor."})).await;
        assert_eq!(given.status, 200, "{}", given.body);
        assert_eq!(json(&given)["feedback"]["rating"], 5);
        assert!(json(&api_get(app, &running, Some(&nurse), None).await)["feedback"].is_null(), "the professional does not read the facility's feedback");
        let both = json(&api_get(app, &running, Some(&coordinator), None).await);
        assert_eq!(both["report"]["hours_given"], 160);
        assert_eq!(both["feedback"]["comments"], "Excellent mentor.");
        // Both in: the coordinator hears it, and closes the match.
        app.smtp.wait_for(&c.coordinator_email, WAIT).await;
        let done = post(app, &format!("{base}/complete"), &coordinator, body!({})).await;
        assert_eq!(json(&done)["state"], "completed");
        let actions = app.audit_actions().await;
        for a in ["match_checklist_ticked", "match_checklist_unticked", "match_report_filed", "match_feedback_filed"] {
            assert!(actions.iter().any(|x| x == a), "{a}: {actions:?}");
        }

        // Nobody else.
        let stranger = app.user_with_role(&unique_email("api-running-stranger"), "professional").await;
        let (theirs, _) = make_token(app, &stranger, "Stranger", "write").await;
        assert_eq!(api_get(app, &running, Some(&theirs), None).await.status, 404);
        assert_eq!(put(app, &travel, &theirs, body!({"ticked": true})).await.status, 404);
        assert_eq!(api_get(app, &format!("{base}/calendar"), Some(&theirs), None).await.status, 404);
        assert_eq!(put(app, &format!("{running}/report"), &theirs, body!({"activities": "x", "people_trained": 0,
            "patients_seen": 0, "sessions_delivered": 0, "hours_given": 0})).await.status, 404);
        // A POST to the running is no step of the match.
        assert_eq!(api_send(app, Method::POST, &running, &nurse, "").await.status, 405);
    }
}
