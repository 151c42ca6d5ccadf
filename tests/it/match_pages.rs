//! The match pages, as each party uses them: the coordinator proposes a
//! pair from an interest and approves it, the professional and the facility
//! accept from the match's page, the coordinator's dashboard counts it;
//! nobody else reaches it.

use crate::assignments::{create, facility, onsite};
use crate::helpers::{TestApp, unique_email};
use crate::on_both;
use crate::registry::{coordinator_of, programme};

pub(crate) fn match_id(location: &str) -> String {
    location
        .split("/matches/")
        .nth(1)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string()
}

on_both! {
    async fn each_party_takes_its_steps_from_the_match_page(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let (staff, fid) = facility(&app, true).await;
        let aid = create(&staff, &fid, &onsite()).await;
        assert_eq!(staff.submit(&format!("/facility/{fid}/assignments/{aid}/publish"), &[]).await.status, 303);

        let nurse_email = unique_email("mp-nurse");
        let nurse = app.user_with_role(&nurse_email, "professional").await;
        for (path, fields) in [
            ("/professional/profile/work", vec![("profession", "2222"), ("years_experience", "8")]),
            ("/professional/profile/place", vec![("origin_country", "GH"), ("residence_country", "GB"), ("residence_city", "Leeds"), ("residence_status", "citizen"), ("time_zone", "Europe/London")]),
            ("/professional/consents/matching/give", vec![]),
        ] {
            assert_eq!(nurse.submit(path, &fields).await.status, 303, "{path}");
        }
        let interest = nurse.submit(&format!("/assignments/{aid}/interest"), &[("note", "Available in March.")]).await;
        assert_eq!(interest.status, 303, "{}", interest.body);

        // Without the consent to be matched, a proposal says why not.
        let nurse_id = app.user(&nurse_email).await.unwrap().id;
        assert_eq!(nurse.submit("/professional/consents/matching/withdraw", &[]).await.status, 303);
        let refused = coordinator.submit("/coordinator/matches/propose", &[("assignment_id", &aid), ("professional_id", &nurse_id)]).await;
        assert_eq!(refused.status, 409);
        assert!(refused.body.contains("consented to be matched"), "{}", refused.body);
        let stranger_id = app.user(&unique_email("nobody")).await.map(|u| u.id).unwrap_or_else(|| "00000000-0000-0000-0000-000000000000".into());
        assert_eq!(coordinator.submit("/coordinator/matches/propose", &[("assignment_id", &aid), ("professional_id", &stranger_id)]).await.status, 404);
        assert_eq!(nurse.submit("/professional/consents/matching/give", &[]).await.status, 303);

        // From the interest to a proposal.
        let interests = coordinator.get("/coordinator/interests").await;
        assert!(interests.body.contains("action=\"/coordinator/matches/propose\""));
        let proposed = coordinator.submit("/coordinator/matches/propose", &[("assignment_id", &aid), ("professional_id", &nurse_id)]).await;
        assert_eq!(proposed.status, 303, "{}", proposed.body);
        let id = match_id(&proposed.location());
        let page = coordinator.get(&format!("/matches/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(&format!("action=\"/matches/{id}/approve\"")));
        assert_eq!(nurse.get(&format!("/matches/{id}")).await.status, 404, "nothing to see before approval");
        let again = coordinator.submit("/coordinator/matches/propose", &[("assignment_id", &aid), ("professional_id", &nurse_id)]).await;
        assert_eq!(again.status, 409);

        assert_eq!(coordinator.submit(&format!("/matches/{id}/approve"), &[("days", "7")]).await.status, 303);
        // A refusal needs its reason, shown by the field with the text kept.
        let long = "r".repeat(501);
        let refused = nurse.submit(&format!("/matches/{id}/decline"), &[("reason", &long)]).await;
        assert_eq!(refused.status, 422);
        assert!(refused.has_error("decline-reason") && refused.body.contains(&long));
        let empty = nurse.submit(&format!("/matches/{id}/decline"), &[("reason", " ")]).await;
        assert_eq!(empty.status, 422);
        assert!(empty.has_error("decline-reason"));
        crate::pages::check_page("/matches/… (refused)", &empty, "en");
        let offers = nurse.get("/professional/offers").await;
        assert!(offers.body.contains(&format!("/matches/{id}")));
        let page = nurse.get(&format!("/matches/{id}")).await;
        assert!(page.body.contains(&format!("action=\"/matches/{id}/accept\"")));
        assert!(!page.body.contains(&format!("action=\"/matches/{id}/cancel\"")), "the coordinator's steps are not hers");
        // Her step, not the coordinator's; the coordinator's, not hers.
        assert_eq!(nurse.submit(&format!("/matches/{id}/cancel"), &[("reason", "mine")]).await.status, 409);
        assert_eq!(nurse.submit(&format!("/matches/{id}/accept"), &[]).await.status, 303);
        assert!(nurse.get(&format!("/matches/{id}")).await.body.contains("You have accepted this offer"));

        let assignment = staff.get(&format!("/facility/{fid}/assignments/{aid}")).await;
        assert!(assignment.body.contains(&format!("/matches/{id}")), "the facility finds the offer");
        assert_eq!(staff.submit(&format!("/matches/{id}/accept"), &[]).await.status, 303);
        let page = coordinator.get(&format!("/matches/{id}")).await;
        assert!(page.body.contains("Confirmed"));
        let board = coordinator.get("/coordinator/matches?state=confirmed").await;
        assert_eq!(board.status, 200);
        assert!(board.body.contains(&format!("/matches/{id}")) && board.body.contains("1 match"));

        // Light, labelled pages in both languages.
        for lang in ["en", "fr"] {
            for c in [&coordinator, &nurse, &staff] {
                c.submit("/language", &[("lang", lang)]).await;
            }
            for (c, path) in [
                (&coordinator, format!("/matches/{id}")),
                (&coordinator, "/coordinator/matches".to_string()),
                (&coordinator, "/coordinator/interests".to_string()),
                (&nurse, format!("/matches/{id}")),
                (&nurse, "/professional/offers".to_string()),
                (&staff, format!("/matches/{id}")),
            ] {
                let page = c.get(&path).await;
                assert_eq!(page.status, 200, "{path}");
                crate::pages::check_page(&path, &page, lang);
            }
        }

        // Nobody else.
        let stranger = app.user_with_role(&unique_email("mp-stranger"), "professional").await;
        assert_eq!(stranger.get(&format!("/matches/{id}")).await.status, 404);
        assert_eq!(stranger.submit(&format!("/matches/{id}/accept"), &[]).await.status, 404);
        let (other_staff, _) = facility(&app, true).await;
        assert_eq!(other_staff.get(&format!("/matches/{id}")).await.status, 404);
        assert_eq!(app.client().get(&format!("/matches/{id}")).await.status, 303, "log in first");
        assert_eq!(coordinator.get("/matches/00000000-0000-0000-0000-000000000000").await.status, 404);
        assert_eq!(coordinator.submit(&format!("/matches/{id}/explode"), &[]).await.status, 404);
        assert_eq!(coordinator.post(&format!("/matches/{id}/cancel"), &[("reason", "no token")]).await.status, 403);
        assert_eq!(nurse.get("/coordinator/matches").await.status, 403);
        assert_eq!(coordinator.get("/professional/offers").await.status, 403);
    }
}

on_both! {
    async fn a_coordinator_proposes_from_a_professionals_profile_in_the_registry(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let (staff, fid) = facility(&app, true).await;
        let aid = create(&staff, &fid, &onsite()).await;
        let draft = create(&staff, &fid, &onsite()).await;
        assert_eq!(staff.submit(&format!("/facility/{fid}/assignments/{aid}/publish"), &[]).await.status, 303);

        let mut ids = Vec::new();
        for (name, profession) in [("midwife", "2222"), ("doctor", "2211")] {
            let email = unique_email(&format!("reg-{name}"));
            let c = app.user_with_role(&email, "professional").await;
            for (path, fields) in [
                ("/professional/profile/work", vec![("profession", profession), ("years_experience", "8")]),
                ("/professional/profile/place", vec![("origin_country", "GH"), ("residence_country", "GB"), ("residence_city", "Leeds"), ("residence_status", "citizen"), ("time_zone", "Europe/London")]),
                ("/professional/consents/matching/give", vec![]),
            ] {
                assert_eq!(c.submit(path, &fields).await.status, 303, "{path}");
            }
            ids.push(app.user(&email).await.unwrap().id);
        }
        let (midwife, doctor) = (&ids[0], &ids[1]);

        // The midwife's profile offers the open assignment that accepts
        // midwives, not the draft.
        let page = coordinator.get(&format!("/coordinator/professionals/{midwife}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(&format!("<option value=\"{aid}\">")), "{}", page.body);
        assert!(!page.body.contains(&draft));
        crate::pages::check_page("/coordinator/professionals/… (propose)", &page, "en");
        // The doctor's offers nothing: the assignment takes midwives and nurses.
        let page = coordinator.get(&format!("/coordinator/professionals/{doctor}")).await;
        assert!(!page.body.contains(&aid) && page.body.contains("No open assignment"));

        let proposed = coordinator.submit("/coordinator/matches/propose", &[("assignment_id", &aid), ("professional_id", midwife)]).await;
        assert_eq!(proposed.status, 303, "{}", proposed.body);
        assert!(proposed.location().starts_with("/matches/"));
        // Proposed once: no longer offered for her.
        let page = coordinator.get(&format!("/coordinator/professionals/{midwife}")).await;
        assert!(!page.body.contains(&format!("<option value=\"{aid}\">")));
        for lang in ["fr"] {
            coordinator.submit("/language", &[("lang", lang)]).await;
            let page = coordinator.get(&format!("/coordinator/professionals/{midwife}")).await;
            crate::pages::check_page("/coordinator/professionals/… (propose)", &page, lang);
        }
    }
}
