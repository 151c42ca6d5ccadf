//! The verification queues through the API: a coordinator verifies or
//! rejects the facilities and licences of their countries, the people
//! concerned are emailed, a second decision is a conflict, and nobody else
//! reaches them.

use std::time::Duration;

use reqwest::Method;
use serde_json::json as body;

use crate::api::{api_get, api_send, ids, json, make_token};
use crate::assignments::facility;
use crate::helpers::{TestApp, unique_email};
use crate::on_both;
use crate::programmes::professional_with_licence;
use crate::registry::{coordinator_of, programme};

const WAIT: Duration = Duration::from_secs(10);

on_both! {
    async fn coordinators_decide_facilities_and_licences_through_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let (write, _) = make_token(&app, &coordinator, "Verification desk", "write").await;
        let (read, _) = make_token(&app, &coordinator, "Verification board", "read").await;
        let (_, pending) = facility(&app, false).await;
        let (_, other_pending) = facility(&app, false).await;

        let queue = json(&api_get(&app, "/api/v1/coordinator/facilities", Some(&read), None).await);
        let waiting = ids(&queue);
        assert!(waiting.contains(&pending) && waiting.contains(&other_pending), "{waiting:?}");
        let one = format!("/api/v1/coordinator/facilities/{pending}");
        let detail = json(&api_get(&app, &one, Some(&read), None).await);
        assert_eq!(detail["facility"]["status"], "pending");
        let staff_email = detail["staff"][0]["email"].as_str().unwrap().to_string();

        let decide = format!("{one}/decision");
        assert_eq!(api_send(&app, Method::POST, &decide, &read, &body!({"verify": true}).to_string()).await.status, 403);
        let no_reason = api_send(&app, Method::POST, &decide, &write, &body!({"verify": false}).to_string()).await;
        assert_eq!(no_reason.status, 422);
        assert!(json(&no_reason)["error"]["fields"]["reason"].is_string());
        let rejected = api_send(&app, Method::POST, &decide, &write, &body!({"verify": false, "reason": "No registration number"}).to_string()).await;
        assert_eq!(rejected.status, 200, "{}", rejected.body);
        assert_eq!(json(&rejected)["facility"]["status"], "rejected");
        assert_eq!(json(&rejected)["facility"]["status_reason"], "No registration number");
        let mail = app.smtp.wait_for_nth(&staff_email, 2, WAIT).await;
        assert!(mail.text().contains("No registration number"), "{}", mail.text());
        let again = api_send(&app, Method::POST, &decide, &write, &body!({"verify": true}).to_string()).await;
        assert_eq!(again.status, 409);
        assert_eq!(json(&again)["error"]["message"], "This facility has already been verified or rejected.");
        let verified = api_send(&app, Method::POST, &format!("/api/v1/coordinator/facilities/{other_pending}/decision"), &write, &body!({"verify": true}).to_string()).await;
        assert_eq!(json(&verified)["facility"]["status"], "verified");
        let queue = json(&api_get(&app, "/api/v1/coordinator/facilities", Some(&read), None).await);
        assert!(ids(&queue).is_empty(), "nothing waits any more");

        let nurse_email = unique_email("api-verify-nurse");
        let (_, licence) = professional_with_licence(&app, &nurse_email, "GH").await;
        let licences = json(&api_get(&app, "/api/v1/coordinator/licences", Some(&read), None).await);
        assert_eq!(ids(&licences), vec![licence.clone()]);
        assert_eq!(licences["items"][0]["issuing_body"], "Nursing and Midwifery Council");
        let decided = api_send(&app, Method::POST, &format!("/api/v1/coordinator/licences/{licence}/decision"), &write, &body!({"verify": true}).to_string()).await;
        assert_eq!(decided.status, 200, "{}", decided.body);
        assert_eq!(json(&decided)["status"], "verified");
        app.smtp.wait_for(&nurse_email, WAIT).await;
        assert_eq!(api_send(&app, Method::POST, &format!("/api/v1/coordinator/licences/{licence}/decision"), &write, &body!({"verify": true}).to_string()).await.status, 409);
        let actions = app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "facility_rejected") && actions.iter().any(|a| a == "licence_verified"), "{actions:?}");

        // Another programme's coordinator, or another role: nothing.
        let ng = programme(&app, "NG-HEALTH", &["NG"], 0, "citizen").await;
        let other = coordinator_of(&app, &[&ng]).await;
        let (theirs, _) = make_token(&app, &other, "Other desk", "write").await;
        assert_eq!(api_get(&app, &one, Some(&theirs), None).await.status, 404);
        assert_eq!(api_get(&app, &format!("/api/v1/coordinator/licences/{licence}"), Some(&theirs), None).await.status, 404);
        assert!(ids(&json(&api_get(&app, "/api/v1/coordinator/licences", Some(&theirs), None).await)).is_empty());
        let pro = app.user_with_role(&unique_email("api-verify-pro"), "professional").await;
        let (pro_token, _) = make_token(&app, &pro, "Pro", "write").await;
        assert_eq!(api_get(&app, "/api/v1/coordinator/facilities", Some(&pro_token), None).await.status, 403);
        assert_eq!(api_send(&app, Method::POST, &decide, &pro_token, &body!({"verify": true}).to_string()).await.status, 403);
    }
}
