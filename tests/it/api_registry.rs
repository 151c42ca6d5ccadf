//! The coordinators' registry through the API: the page's filters, lists
//! by cursor, one profile read and audited, nobody outside the registry.

use crate::api::{api_get, error_code, ids, json, make_token};
use crate::helpers::{TestApp, unique_email};
use crate::on_both;
use crate::registry::{Pro, add, coordinator_of, programme};

on_both! {
    async fn coordinators_search_and_read_their_registry(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let (token, _) = make_token(&app, &coordinator, "Registry sync", "read").await;
        let nurse = add(&app, Pro { name: "Abena Ofori", verified_licence: true, languages: vec![("en", "native"), ("fr", "professional")], ..Pro::default() }).await;
        let midwife = add(&app, Pro { name: "Esi Quaye", profession: "2222", ..Pro::default() }).await;
        let outside = add(&app, Pro { name: "Chidi Okafor", origin: "NG", ..Pro::default() }).await;

        let all = json(&api_get(&app, "/api/v1/coordinator/registry", Some(&token), None).await);
        let found = ids(&all);
        assert!(found.contains(&nurse) && found.contains(&midwife), "{found:?}");
        assert!(!found.contains(&outside), "another programme's country of origin");
        let midwives = json(&api_get(&app, "/api/v1/coordinator/registry?profession=2222", Some(&token), None).await);
        assert_eq!(ids(&midwives), vec![midwife.clone()]);
        let french = json(&api_get(&app, "/api/v1/coordinator/registry?language=fr&level=professional", Some(&token), None).await);
        assert_eq!(ids(&french), vec![nurse.clone()]);
        let licensed = json(&api_get(&app, "/api/v1/coordinator/registry?licence=true", Some(&token), None).await);
        assert_eq!(ids(&licensed), vec![nurse.clone()]);
        let first = json(&api_get(&app, "/api/v1/coordinator/registry?limit=1&sort=name", Some(&token), None).await);
        assert_eq!(ids(&first), vec![nurse.clone()], "Abena before Esi");
        let cursor = first["next_cursor"].as_str().unwrap().to_string();
        let second = json(&api_get(&app, &format!("/api/v1/coordinator/registry?limit=1&sort=name&cursor={cursor}"), Some(&token), None).await);
        assert_eq!(ids(&second), vec![midwife.clone()]);
        assert!(second["next_cursor"].is_null());
        for (query, field) in [("origin=ZZ", "origin"), ("modality=on_site", "from"), ("profession=9999", "profession")] {
            let page = api_get(&app, &format!("/api/v1/coordinator/registry?{query}"), Some(&token), Some("fr")).await;
            assert_eq!(page.status, 422, "{query}: {}", page.body);
            assert!(json(&page)["error"]["fields"][field].is_string(), "{query}: {}", page.body);
        }

        let one = api_get(&app, &format!("/api/v1/coordinator/professionals/{nurse}"), Some(&token), None).await;
        assert_eq!(one.status, 200, "{}", one.body);
        let p = json(&one);
        assert_eq!(p["full_name"], "Abena Ofori");
        assert_eq!(p["profile"]["origin_country"], "GH");
        assert_eq!(p["licences"][0]["status"], "verified");
        assert_eq!(p["availability"][0]["modality"], "on_site");
        assert!(app.audit_actions().await.iter().any(|a| a == "profile_viewed"), "read as the page reads it");

        let missing = api_get(&app, &format!("/api/v1/coordinator/professionals/{outside}"), Some(&token), None).await;
        assert_eq!(missing.status, 404);
        assert_eq!(error_code(&missing), "not_found");
        let pro = app.user_with_role(&unique_email("api-reg-pro"), "professional").await;
        let (pro_token, _) = make_token(&app, &pro, "Pro", "read").await;
        assert_eq!(api_get(&app, "/api/v1/coordinator/registry", Some(&pro_token), None).await.status, 403);
    }
}
