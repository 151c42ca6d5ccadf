//! The professional's own records written through the API, on both
//! databases: the work and place parts of the profile, spoken languages,
//! licences and availability windows, each refused by its fields with the
//! forms' messages and nothing written, a read-only token refused, and
//! another professional's licence or window not found.

use reqwest::Method;
use serde_json::{Value, json as body};

use crate::api::{api_get, api_send, json, make_token};
use crate::assignments::day;
use crate::helpers::{Page, TestApp, unique_email};
use crate::on_both;
use crate::registry::{Pro, add};

async fn send(app: &TestApp, method: Method, path: &str, token: &str, v: Value) -> Page {
    api_send(app, method, path, token, &v.to_string()).await
}

fn fields(page: &Page) -> Vec<String> {
    assert_eq!(page.status, 422, "{}", page.body);
    json(page)["error"]["fields"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

on_both! {
    async fn a_professional_writes_the_profile_through_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let pro = app.user_with_role(&unique_email("api-records"), "professional").await;
        let (write, _) = make_token(&app, &pro, "Phone", "write").await;
        let (read, _) = make_token(&app, &pro, "Watch", "read").await;
        let profile = "/api/v1/professional/profile";
        let work = "/api/v1/professional/profile/work";
        let place = "/api/v1/professional/profile/place";

        let what = body!({"profession": "2222", "years_experience": 8, "skills": ["neonatal resuscitation", "ultrasound"],
            "wants_clinical": true, "bio": "Midwife in Leeds."});
        assert_eq!(send(&app, Method::PUT, work, &read, what.clone()).await.status, 403);
        let saved = send(&app, Method::PUT, work, &write, what).await;
        assert_eq!(saved.status, 200, "{}", saved.body);
        let p = json(&saved);
        assert_eq!(p["profession"], "2222");
        assert_eq!(p["years_experience"], 8);
        assert_eq!(p["skills"], body!(["neonatal resuscitation", "ultrasound"]));
        assert_eq!(p["wants_clinical"], true);

        // Wrong values: each field says why, nothing is written.
        let bad = send(&app, Method::PUT, work, &write, body!({"profession": "9999", "years_experience": 200, "specialties": ["no-such-specialty"]})).await;
        assert_eq!(fields(&bad), ["profession", "specialties", "years_experience"]);
        assert_eq!(json(&bad)["error"]["fields"]["years_experience"], "Enter a whole number from 0 to 70");
        assert_eq!(json(&api_get(&app, profile, Some(&read), None).await)["profession"], "2222");
        assert_eq!(send(&app, Method::PUT, work, &write, body!({"profession": "2222", "tardy": true})).await.status, 400);
        assert_eq!(send(&app, Method::PUT, work, &write, body!({"years_experience": "eight"})).await.status, 400);

        let bad = send(&app, Method::PUT, place, &write, body!({"origin_country": "XX", "time_zone": "Mars/Olympus", "residence_status": "tourist"})).await;
        assert_eq!(fields(&bad), ["origin_country", "residence_status", "time_zone"]);
        let here = send(&app, Method::PUT, place, &write, body!({"origin_country": "GH", "residence_country": "GB",
            "residence_city": "Leeds", "residence_status": "citizen", "time_zone": "Europe/London"})).await;
        assert_eq!(here.status, 200, "{}", here.body);
        assert_eq!(json(&here)["origin_country"], "GH");
        assert_eq!(json(&here)["time_zone"], "Europe/London");

        // Languages.
        let fr = "/api/v1/professional/languages/fr";
        let spoken = send(&app, Method::PUT, fr, &write, body!({"level": "professional"})).await;
        assert_eq!(spoken.status, 200, "{}", spoken.body);
        assert_eq!(json(&spoken)["languages"], body!([{"code": "fr", "level": "professional"}]));
        assert_eq!(fields(&send(&app, Method::PUT, fr, &write, body!({"level": "fluent"})).await), ["level"]);
        assert_eq!(fields(&send(&app, Method::PUT, "/api/v1/professional/languages/xx", &write, body!({"level": "basic"})).await), ["language"]);
        assert_eq!(api_send(&app, Method::DELETE, fr, &read, "").await.status, 403);
        assert_eq!(api_send(&app, Method::DELETE, fr, &write, "").await.status, 204);
        assert_eq!(api_send(&app, Method::DELETE, fr, &write, "").await.status, 404);
        assert!(json(&api_get(&app, profile, Some(&read), None).await)["languages"].as_array().unwrap().is_empty());

        // Not a professional: refused.
        let staff = app.user_with_role(&unique_email("api-records-staff"), "facility").await;
        let (staff_token, _) = make_token(&app, &staff, "Desk", "write").await;
        assert_eq!(send(&app, Method::PUT, work, &staff_token, body!({})).await.status, 403);
    }
}

on_both! {
    async fn a_professional_keeps_licences_and_windows_through_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let pro = app.user_with_role(&unique_email("api-records-licence"), "professional").await;
        let (write, _) = make_token(&app, &pro, "Phone", "write").await;
        let (read, _) = make_token(&app, &pro, "Watch", "read").await;

        let licences = "/api/v1/professional/licences";
        let licence = body!({"issuing_country": "GB", "issuing_body": "Nursing and Midwifery Council", "number": "12A3456B",
            "profession": "2222", "valid_from": day(-400), "valid_until": day(700)});
        assert_eq!(send(&app, Method::POST, licences, &read, licence.clone()).await.status, 403);
        let bad = send(&app, Method::POST, licences, &write, body!({"issuing_country": "GB", "issuing_body": "", "number": "",
            "profession": "2222", "valid_from": day(10), "valid_until": day(-10)})).await;
        let refused = fields(&bad);
        for f in ["issuing_body", "number", "valid_until"] {
            assert!(refused.iter().any(|r| r == f), "{f}: {refused:?}");
        }
        assert!(json(&api_get(&app, licences, Some(&read), None).await).as_array().unwrap().is_empty(), "nothing written");
        let added = send(&app, Method::POST, licences, &write, licence.clone()).await;
        assert_eq!(added.status, 201, "{}", added.body);
        let id = json(&added)["id"].as_str().unwrap().to_string();
        let one = format!("{licences}/{id}");
        assert_eq!(added.header("location"), Some(one.clone()));
        assert_eq!(json(&added)["status"], "unverified");
        assert_eq!(json(&api_get(&app, &one, Some(&read), None).await)["number"], "12A3456B");
        let mut changed = licence.clone();
        changed["number"] = body!("12A3456C");
        let put = send(&app, Method::PUT, &one, &write, changed.clone()).await;
        assert_eq!(put.status, 200, "{}", put.body);
        assert_eq!(json(&put)["number"], "12A3456C");

        // Windows.
        let windows = "/api/v1/professional/availability";
        let evenings = body!({"starts_on": day(10), "ends_on": day(100), "modality": "virtual", "weekly_hours": 6,
            "hours": [{"weekday": 2, "starts": "18:00", "ends": "21:00"}, {"weekday": 4, "starts": "18:00", "ends": "20:00"}]});
        let added = send(&app, Method::POST, windows, &write, evenings.clone()).await;
        assert_eq!(added.status, 201, "{}", added.body);
        let w = json(&added);
        let window = format!("{windows}/{}", w["id"].as_str().unwrap());
        assert_eq!(added.header("location"), Some(window.clone()));
        assert_eq!(w["hours"], body!([{"weekday": 2, "starts": "18:00", "ends": "21:00"}, {"weekday": 4, "starts": "18:00", "ends": "20:00"}]));
        assert_eq!(fields(&send(&app, Method::POST, windows, &write, evenings.clone()).await), ["starts_on"], "overlaps the first");
        let mut odd = evenings.clone();
        odd["hours"] = body!([{"weekday": 8, "starts": "18:00", "ends": "21:00"}]);
        assert_eq!(fields(&send(&app, Method::POST, windows, &write, odd).await), ["hours"]);
        let mut odd = evenings.clone();
        odd["hours"] = body!([{"weekday": i64::MIN, "starts": "18:00", "ends": "21:00"}]);
        assert_eq!(fields(&send(&app, Method::POST, windows, &write, odd).await), ["hours"]);
        let mut twice = evenings.clone();
        twice["hours"] = body!([{"weekday": 2, "starts": "18:00", "ends": "21:00"}, {"weekday": 2, "starts": "07:00", "ends": "08:00"}]);
        assert_eq!(fields(&send(&app, Method::POST, windows, &write, twice).await), ["hours"]);
        let mut backwards = evenings.clone();
        backwards["hours"] = body!([{"weekday": 3, "starts": "21:00", "ends": "18:00"}]);
        assert_eq!(fields(&send(&app, Method::POST, windows, &write, backwards).await), ["hours_3"]);
        let on_site = body!({"starts_on": day(200), "ends_on": day(150), "modality": "on_site"});
        assert_eq!(fields(&send(&app, Method::POST, windows, &write, on_site).await), ["ends_on"]);
        assert_eq!(json(&api_get(&app, windows, Some(&read), None).await).as_array().unwrap().len(), 1, "nothing more written");
        let mut longer = evenings.clone();
        longer["ends_on"] = body!(day(120));
        longer["hours"] = body!([]);
        let put = send(&app, Method::PUT, &window, &write, longer).await;
        assert_eq!(put.status, 200, "{}", put.body);
        assert_eq!(json(&put)["ends_on"], day(120).as_str());
        assert!(json(&put)["hours"].as_array().unwrap().is_empty());

        // Another professional's licence and window are not found.
        let other = add(&app, Pro { verified_licence: true, ..Pro::default() }).await;
        let (other_licence, other_window) = app.services.db.run(move |c| {
            let l = sankofa::store::licences::of_user(c, &other)?;
            let w = sankofa::store::availability::of_user(c, &other)?;
            Ok((l[0].id.clone(), w[0].0.id.clone()))
        }).await.unwrap();
        let theirs = format!("{windows}/{other_window}");
        assert_eq!(api_get(&app, &theirs, Some(&read), None).await.status, 404);
        assert_eq!(send(&app, Method::PUT, &theirs, &write, evenings.clone()).await.status, 404);
        assert_eq!(api_send(&app, Method::DELETE, &theirs, &write, "").await.status, 404);
        let theirs = format!("{licences}/{other_licence}");
        assert_eq!(api_get(&app, &theirs, Some(&read), None).await.status, 404);
        assert_eq!(send(&app, Method::PUT, &theirs, &write, changed.clone()).await.status, 404);
        assert_eq!(api_send(&app, Method::DELETE, &theirs, &write, "").await.status, 404);
        let unknown = format!("{licences}/no-such-licence");
        assert_eq!(api_get(&app, &unknown, Some(&read), None).await.status, 404);
        assert_eq!(send(&app, Method::PUT, &unknown, &write, changed).await.status, 404);

        // Deleted, with the read-only token refused first.
        assert_eq!(api_send(&app, Method::DELETE, &one, &read, "").await.status, 403);
        assert_eq!(api_send(&app, Method::DELETE, &one, &write, "").await.status, 204);
        assert_eq!(api_get(&app, &one, Some(&read), None).await.status, 404);
        assert_eq!(api_send(&app, Method::DELETE, &window, &write, "").await.status, 204);
        assert_eq!(api_get(&app, &window, Some(&read), None).await.status, 404);
        let actions = app.audit_actions().await;
        for a in ["licence_added", "licence_changed", "licence_deleted"] {
            assert!(actions.iter().any(|x| x == a), "{a}: {actions:?}");
        }
    }
}
