//! Terms of Reference through the API: a facility writes, publishes and
//! closes them with the form's own checks and messages; professionals
//! search, read and express interest; lists come by cursor; nobody reaches
//! another's.

use reqwest::Method;
use serde_json::{Value, json as body};

use crate::api::{api_get, api_send, error_code, ids, json, keys, make_token, properties};
use crate::assignments::{day, facility, ghana_programme};
use crate::discovery::{interests_stored, professional};
use crate::helpers::{TestApp, unique_email};
use crate::on_both;
use sankofa::domain::Locale;

/// The on-site assignment of the form tests, as the API takes it.
fn onsite() -> Value {
    body!({
        "title": "Midwifery mentor, maternity ward",
        "objectives": "Train 12 midwives in emergency obstetric care.",
        "professions": ["2222", "2221"],
        "specialty": "obstetrics_gynaecology",
        "required_skills": ["emergency obstetric care"],
        "desired_skills": ["teaching"],
        "languages": [{"code": "en", "level": "professional"}],
        "modality": "on_site",
        "starts_on": day(30),
        "ends_on": day(57),
        "positions": 2,
        "min_years_experience": 5,
        "clinical": true,
        "support": {"travel": true, "details": "Return flight."},
        "time_zone": "Africa/Accra"
    })
}

/// Tele-mentoring: two 2-hour sessions a week, 4 hours asked.
fn virtual_work() -> Value {
    let mut v = onsite();
    v["title"] = "Tele-mentoring of neonatal nurses".into();
    v["modality"] = "virtual".into();
    v["ends_on"] = day(150).into();
    v["hours_per_week"] = 4.into();
    v["sessions"] = body!([
        {"weekday": 2, "starts": "09:00", "ends": "11:00"},
        {"weekday": 4, "starts": "14:00", "ends": "16:00"}
    ]);
    v
}

fn with(mut v: Value, field: &str, value: Value) -> Value {
    v[field] = value;
    v
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    v: &Value,
) -> crate::helpers::Page {
    api_send(app, method, path, token, &v.to_string()).await
}

/// A POST with an empty body.
async fn post(app: &TestApp, path: &str, token: &str) -> crate::helpers::Page {
    api_send(app, Method::POST, path, token, "").await
}

/// The API's message for a field, as a form would show it.
fn message(locale: Locale, key: &str) -> String {
    sankofa::i18n::t(locale, key)
}

on_both! {
    async fn a_facility_writes_publishes_and_closes_terms_of_reference(backend) {
        let app = TestApp::spawn(backend).await;
        ghana_programme(&app).await;
        let (staff, fid) = facility(&app, true).await;
        let (write, _) = make_token(&app, &staff, "Hospital system", "write").await;
        let (read, _) = make_token(&app, &staff, "Dashboard", "read").await;
        let doc = json(&api_get(&app, "/api/v1/openapi.json", None, None).await);

        let mine = json(&api_get(&app, "/api/v1/facilities", Some(&read), None).await);
        let mine = mine.as_array().unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0]["id"], fid.as_str());
        assert_eq!(mine[0]["status"], "verified");
        assert_eq!(keys(&mine[0]), properties(&doc, "FacilityItem"));

        let list = format!("/api/v1/facilities/{fid}/assignments");
        let refused = send(&app, Method::POST, &list, &read, &onsite()).await;
        assert_eq!(refused.status, 403, "a read-only token writes nothing");
        let made = send(&app, Method::POST, &list, &write, &onsite()).await;
        assert_eq!(made.status, 201, "{}", made.body);
        let a = json(&made);
        let id = a["id"].as_str().unwrap().to_string();
        assert_eq!(made.header("location"), Some(format!("{list}/{id}")));
        assert_eq!(a["status"], "draft");
        assert_eq!(a["professions"], body!(["2221", "2222"]));
        assert_eq!(a["required_skills"], body!(["emergency obstetric care"]));
        assert_eq!(a["support"]["travel"], true);
        assert_eq!(keys(&a), properties(&doc, "AssignmentDetail"));
        // The page shows what the API wrote.
        let page = staff.get(&format!("/facility/{fid}/assignments/{id}")).await;
        assert!(page.body.contains("Midwifery mentor, maternity ward") && page.body.contains("Return flight."));

        let v = send(&app, Method::POST, &list, &write, &virtual_work()).await;
        assert_eq!(v.status, 201, "{}", v.body);
        let v = json(&v);
        assert_eq!(v["sessions"][1], body!({"weekday": 4, "starts": "14:00", "ends": "16:00"}));
        let virtual_id = v["id"].as_str().unwrap().to_string();

        // A list by cursor, newest first.
        let first = json(&api_get(&app, &format!("{list}?limit=1"), Some(&read), None).await);
        assert_eq!(ids(&first), vec![virtual_id.clone()]);
        assert_eq!(keys(&first["items"][0]), properties(&doc, "AssignmentSummary"));
        let cursor = first["next_cursor"].as_str().expect("more to come").to_string();
        let second = json(&api_get(&app, &format!("{list}?limit=1&cursor={cursor}"), Some(&read), None).await);
        assert_eq!(ids(&second), vec![id.clone()]);
        assert!(second["next_cursor"].is_null(), "the end of the list");
        let all = json(&api_get(&app, &list, Some(&read), None).await);
        assert_eq!(ids(&all).len(), 2);
        for (query, field) in [("limit=0", "limit"), ("limit=201", "limit"), ("limit=many", "limit"), ("cursor=nope", "cursor")] {
            let page = api_get(&app, &format!("{list}?{query}"), Some(&read), None).await;
            assert_eq!(page.status, 422, "{query}");
            assert_eq!(error_code(&page), "invalid");
            assert!(json(&page)["error"]["fields"][field].is_string(), "{query}: {}", page.body);
        }

        // Rewritten, published once, closed with a reason, then final.
        let one = format!("{list}/{id}");
        let changed = send(&app, Method::PUT, &one, &write, &with(onsite(), "positions", 3.into())).await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!(json(&changed)["positions"], 3);
        let published = post(&app, &format!("{one}/publish"), &write).await;
        assert_eq!(published.status, 200, "{}", published.body);
        assert_eq!(json(&published)["status"], "open");
        assert!(json(&published)["published_at"].is_string());
        let again = post(&app, &format!("{one}/publish"), &write).await;
        assert_eq!(again.status, 409);
        assert_eq!(error_code(&again), "conflict");
        assert_eq!(json(&again)["error"]["message"], message(Locale::En, "conflict-assignment-not-draft").as_str());
        let close = format!("{one}/close");
        let no_reason = send(&app, Method::POST, &close, &write, &body!({"reason": "  "})).await;
        assert_eq!(no_reason.status, 422);
        assert!(json(&no_reason)["error"]["fields"]["reason"].is_string());
        let closed = send(&app, Method::POST, &close, &write, &body!({"reason": "Filled by a national team"})).await;
        assert_eq!(closed.status, 200, "{}", closed.body);
        assert_eq!(json(&closed)["status"], "closed");
        assert_eq!(json(&closed)["closed_reason"], "Filled by a national team");
        assert_eq!(send(&app, Method::POST, &close, &write, &body!({"reason": "again"})).await.status, 409);
        assert_eq!(send(&app, Method::PUT, &one, &write, &onsite()).await.status, 409);
        let actions = app.audit_actions().await;
        for a in ["assignment_created", "assignment_updated", "assignment_published", "assignment_closed"] {
            assert!(actions.iter().any(|x| x == a), "{a} audited");
        }

        // Methods the path does not take.
        let wrong = api_send(&app, Method::DELETE, &one, &write, "").await;
        assert_eq!(wrong.status, 405);
        assert_eq!(wrong.header("allow").as_deref(), Some("GET, PUT"));
    }
}

on_both! {
    async fn bad_terms_of_reference_are_refused_by_the_field_with_the_forms_messages(backend) {
        let app = TestApp::spawn(backend).await;
        ghana_programme(&app).await;
        let (staff, fid) = facility(&app, true).await;
        let (write, _) = make_token(&app, &staff, "Hospital system", "write").await;
        let list = format!("/api/v1/facilities/{fid}/assignments");
        let four = body!([
            {"code": "en", "level": "basic"}, {"code": "fr", "level": "basic"},
            {"code": "ak", "level": "basic"}, {"code": "ee", "level": "basic"}
        ]);
        let cases: Vec<(Value, &str)> = vec![
            (with(onsite(), "starts_on", day(-1).into()), "starts_on"),
            (with(onsite(), "ends_on", day(29).into()), "ends_on"),
            (with(onsite(), "starts_on", "31/12/2027".into()), "starts_on"),
            (with(onsite(), "positions", 0.into()), "positions"),
            (with(onsite(), "professions", body!(["9999"])), "professions"),
            (with(onsite(), "professions", body!([])), "professions"),
            (with(onsite(), "languages", body!([{"code": "zz", "level": "basic"}])), "language_1"),
            (with(onsite(), "languages", four), "languages"),
            (with(onsite(), "time_zone", "Mars/Olympus".into()), "time_zone"),
            (with(onsite(), "title", "x".repeat(121).into()), "title"),
            (with(onsite(), "modality", "either".into()), "modality"),
            (with(virtual_work(), "hours_per_week", 3.into()), "hours_per_week"),
            (with(virtual_work(), "sessions", body!([{"weekday": 9, "starts": "09:00", "ends": "10:00"}])), "session_1"),
        ];
        for (v, field) in &cases {
            let page = send(&app, Method::POST, &list, &write, v).await;
            assert_eq!(page.status, 422, "{field}: {}", page.body);
            assert_eq!(error_code(&page), "invalid");
            assert!(json(&page)["error"]["fields"][field].is_string(), "{field}: {}", page.body);
        }
        // The messages of the form, in the caller's language.
        let c = crate::helpers::TestClient::new(&app.base, Some("fr"));
        let req = c
            .http
            .post(c.url(&list))
            .bearer_auth(&write)
            .json(&with(onsite(), "ends_on", day(10).into()));
        let page = crate::helpers::contract::send(&c.http, req).await;
        assert_eq!(page.status, 422);
        assert_eq!(json(&page)["error"]["fields"]["ends_on"], message(Locale::Fr, "err-end-before-start").as_str());
        // Bodies that are not the JSON asked for.
        for raw in ["{", "[]", "{\"title\": 5}"] {
            assert_eq!(api_send(&app, Method::POST, &list, &write, raw).await.status, 400, "{raw}");
        }
        let unknown = with(onsite(), "status", "open".into());
        assert_eq!(send(&app, Method::POST, &list, &write, &unknown).await.status, 400, "unknown fields refused");
        let huge = with(onsite(), "objectives", "y".repeat(70_000).into());
        assert_eq!(send(&app, Method::POST, &list, &write, &huge).await.status, 413);
        let all = json(&api_get(&app, &list, Some(&write), None).await);
        assert!(all["items"].as_array().unwrap().is_empty(), "nothing stored");
    }
}

on_both! {
    async fn no_one_reaches_anothers_terms_of_reference(backend) {
        let app = TestApp::spawn(backend).await;
        ghana_programme(&app).await;
        let (staff, fid) = facility(&app, true).await;
        let (write, _) = make_token(&app, &staff, "Mine", "write").await;
        let made = send(&app, Method::POST, &format!("/api/v1/facilities/{fid}/assignments"), &write, &onsite()).await;
        let id = json(&made)["id"].as_str().unwrap().to_string();
        let (other, other_fid) = facility(&app, true).await;
        let (theirs, _) = make_token(&app, &other, "Theirs", "write").await;
        let (unverified, unverified_fid) = facility(&app, false).await;
        let (pending, _) = make_token(&app, &unverified, "Pending", "write").await;

        let one = format!("/api/v1/facilities/{fid}/assignments/{id}");
        let foreign = [
            api_get(&app, &one, Some(&theirs), None).await,
            api_get(&app, &format!("/api/v1/facilities/{fid}/assignments"), Some(&theirs), None).await,
            api_get(&app, &format!("/api/v1/facilities/{other_fid}/assignments/{id}"), Some(&theirs), None).await,
            send(&app, Method::PUT, &one, &theirs, &onsite()).await,
            post(&app, &format!("{one}/publish"), &theirs).await,
            api_get(&app, &format!("/api/v1/facilities/{unverified_fid}/assignments"), Some(&pending), None).await,
        ];
        for page in &foreign {
            assert_eq!(page.status, 404, "{}", page.body);
            assert_eq!(error_code(page), "not_found");
        }
        let pro = app.user_with_role(&unique_email("api-tor-pro"), "professional").await;
        let (pro_token, _) = make_token(&app, &pro, "Pro", "write").await;
        assert_eq!(api_get(&app, "/api/v1/facilities", Some(&pro_token), None).await.status, 403);
        assert_eq!(api_get(&app, &one, Some(&pro_token), None).await.status, 403);
        assert_eq!(api_get(&app, &one, None, None).await.status, 401);
        let draft = json(&api_get(&app, &one, Some(&write), None).await);
        assert_eq!(draft["status"], "draft", "nothing changed by the others");
    }
}

on_both! {
    async fn professionals_search_read_and_express_interest(backend) {
        let app = TestApp::spawn(backend).await;
        ghana_programme(&app).await;
        let (staff, fid) = facility(&app, true).await;
        let (facility_token, _) = make_token(&app, &staff, "Hospital", "write").await;
        let list = format!("/api/v1/facilities/{fid}/assignments");
        let mut open = Vec::new();
        for v in [onsite(), virtual_work(), with(onsite(), "title", "Surgical mentor".into())] {
            let id = json(&send(&app, Method::POST, &list, &facility_token, &v).await)["id"].as_str().unwrap().to_string();
            assert_eq!(post(&app, &format!("{list}/{id}/publish"), &facility_token).await.status, 200);
            open.push(id);
        }
        let draft = json(&send(&app, Method::POST, &list, &facility_token, &onsite()).await)["id"].as_str().unwrap().to_string();

        let (client, _) = professional(&app, "GH", 8, "citizen", "Europe/London").await;
        let (read, _) = make_token(&app, &client, "Reader", "read").await;
        let (write, _) = make_token(&app, &client, "Writer", "write").await;
        let doc = json(&api_get(&app, "/api/v1/openapi.json", None, None).await);

        let all = json(&api_get(&app, "/api/v1/assignments", Some(&read), None).await);
        let found = ids(&all);
        assert_eq!(found.len(), 3, "open ones only: {found:?}");
        assert!(!found.contains(&draft));
        assert_eq!(keys(&all["items"][0]), properties(&doc, "OpenAssignment"));
        let virtual_only = json(&api_get(&app, "/api/v1/assignments?modality=virtual", Some(&read), None).await);
        assert_eq!(ids(&virtual_only), vec![open[1].clone()]);
        let sessions = &virtual_only["items"][0]["sessions"];
        assert_eq!(virtual_only["items"][0]["zone"], "Europe/London", "seen from the reader's zone");
        assert_eq!(sessions.as_array().unwrap().len(), 2);
        let text = json(&api_get(&app, "/api/v1/assignments?q=surgical", Some(&read), None).await);
        assert_eq!(ids(&text), vec![open[2].clone()]);
        // Page by page, each item once.
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/assignments?limit=2&cursor={c}"),
                None => "/api/v1/assignments?limit=2".to_string(),
            };
            let page = json(&api_get(&app, &path, Some(&read), None).await);
            seen.extend(ids(&page));
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
        }
        seen.sort();
        let mut expected = found.clone();
        expected.sort();
        assert_eq!(seen, expected);
        for (query, field) in [("country=ZZ", "country"), ("from=tomorrow", "from"), ("limit=500", "limit")] {
            let page = api_get(&app, &format!("/api/v1/assignments?{query}"), Some(&read), Some("fr")).await;
            assert_eq!(page.status, 422, "{query}");
            assert!(json(&page)["error"]["fields"][field].is_string(), "{query}: {}", page.body);
        }

        let one = format!("/api/v1/assignments/{}", open[0]);
        let detail = json(&api_get(&app, &one, Some(&read), None).await);
        assert_eq!(keys(&detail), properties(&doc, "OpenAssignmentDetail"));
        assert_eq!(detail["facility"]["country"], "GH");
        assert_eq!(detail["programmes"][0]["code"], "GH-HEALTH");
        assert_eq!(detail["programmes"][0]["why_not"], body!([]), "eligible");
        assert!(detail["interest"].is_null());
        assert_eq!(api_get(&app, &format!("/api/v1/assignments/{draft}"), Some(&read), None).await.status, 404);

        let interest = format!("{one}/interest");
        assert_eq!(send(&app, Method::POST, &interest, &read, &body!({"note": "x"})).await.status, 403);
        let long = send(&app, Method::POST, &interest, &write, &body!({"note": "n".repeat(1001)})).await;
        assert_eq!(long.status, 422);
        assert!(json(&long)["error"]["fields"]["note"].is_string());
        let expressed = send(&app, Method::POST, &interest, &write, &body!({"note": "I trained midwives in Kumasi."})).await;
        assert_eq!(expressed.status, 201, "{}", expressed.body);
        assert_eq!(json(&expressed)["interest"]["note"], "I trained midwives in Kumasi.");
        let twice = send(&app, Method::POST, &interest, &write, &body!({})).await;
        assert_eq!(twice.status, 409);
        assert_eq!(interests_stored(&app, &open[0]).await, (1, 1));
        // The facility sees it, name and note.
        let seen_by_facility = json(&api_get(&app, &format!("{list}/{}", open[0]), Some(&facility_token), None).await);
        assert_eq!(seen_by_facility["interests"][0]["note"], "I trained midwives in Kumasi.");
        // The coordinators of the country see it standing; others do not.
        let gh = crate::registry::programme(&app, "GH-RETURN", &["GH"], 0, "citizen").await;
        let coordinator = crate::registry::coordinator_of(&app, &[&gh]).await;
        let (coordinator_token, _) = make_token(&app, &coordinator, "Board", "read").await;
        let standing = json(&api_get(&app, "/api/v1/coordinator/interests", Some(&coordinator_token), None).await);
        assert_eq!(standing["items"][0]["assignment_id"], open[0].as_str());
        assert_eq!(standing["items"][0]["profession"], "2222");
        let ng = crate::registry::programme(&app, "NG-HEALTH", &["NG"], 0, "citizen").await;
        let other = crate::registry::coordinator_of(&app, &[&ng]).await;
        let (other_token, _) = make_token(&app, &other, "Other", "read").await;
        let none = json(&api_get(&app, "/api/v1/coordinator/interests", Some(&other_token), None).await);
        assert!(none["items"].as_array().unwrap().is_empty());
        let withdrawn = api_send(&app, Method::DELETE, &interest, &write, "").await;
        assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
        assert!(json(&withdrawn)["interest"].is_null());
        assert_eq!(interests_stored(&app, &open[0]).await, (1, 0));

        // Only professionals discover.
        assert_eq!(api_get(&app, "/api/v1/assignments", Some(&facility_token), None).await.status, 403);
        let actions = app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "interest_expressed") && actions.iter().any(|a| a == "interest_withdrawn"));
    }
}
