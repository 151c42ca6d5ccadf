//! Every match route against every role, on both databases: the parties of
//! a match (its coordinator, its professional, its facility's staff) get
//! what is theirs; anyone else — a coordinator of another programme,
//! another professional, another facility, an administrator — finds
//! nothing (404); the wrong role is refused (403); a visitor is sent to log
//! in; and none of the refused requests changes the match.

use crate::assignments::{create, facility, onsite};
use crate::helpers::{TestClient, unique_email};
use crate::match_running::{Confirmed, confirmed};
use crate::on_both;
use crate::registry::{coordinator_of, programme};

/// A form sent to a path, and the status expected for each column.
type Post<'a> = (String, Vec<(&'a str, &'a str)>, [u16; 8]);

/// Status of a step nobody may take now, for a column: the caller skips it.
const SKIP: u16 = 0;

on_both! {
    async fn every_match_route_answers_each_role_as_expected(backend) {
        let Confirmed { app, coordinator, nurse, staff, id, .. } = confirmed(backend).await;
        let ng = programme(&app, "NG-HEALTH", &["NG"], 0, "citizen").await;
        let other_coordinator = coordinator_of(&app, &[&ng]).await;
        let admin = app.user_with_role(&unique_email("mr-admin"), "admin").await;
        let other_pro = app.user_with_role(&unique_email("mr-pro"), "professional").await;
        let (other_staff, other_fid) = facility(&app, true).await;
        let other_aid = create(&other_staff, &other_fid, &onsite()).await;
        assert_eq!(other_staff.submit(&format!("/facility/{other_fid}/assignments/{other_aid}/publish"), &[]).await.status, 303);
        let anonymous = app.client();
        let nurse_id = app.services.db.run({
            let id = id.clone();
            move |c| Ok(sankofa::store::matches::find(c, &id)?.unwrap().user_id)
        }).await.unwrap();

        let clients: [(&str, &TestClient); 8] = [
            ("admin", &admin),
            ("coordinator", &coordinator),
            ("coordinator of another programme", &other_coordinator),
            ("the professional", &nurse),
            ("another professional", &other_pro),
            ("the facility", &staff),
            ("another facility", &other_staff),
            ("anonymous", &anonymous),
        ];
        let m = format!("/matches/{id}");
        // A confirmed on-site match whose assignment has not started.
        // (path, admin, coordinator, other coordinator, professional, other professional, facility, other facility, anonymous)
        let gets: Vec<(String, [u16; 8])> = vec![
            (m.clone(), [404, 200, 404, 200, 404, 200, 404, 303]),
            (format!("{m}/report"), [404, 409, 404, 409, 404, 409, 404, 303]),
            (format!("{m}/feedback"), [404, 409, 404, 409, 404, 409, 404, 303]),
            (format!("{m}/calendar.ics"), [404, 404, 404, 200, 404, 200, 404, 303]),
            ("/coordinator/matches".into(), [403, 200, 200, 403, 403, 403, 403, 303]),
            ("/coordinator/matches?state=confirmed".into(), [403, 200, 200, 403, 403, 403, 403, 303]),
            ("/professional/offers".into(), [403, 403, 403, 200, 200, 403, 403, 303]),
        ];
        for (path, expected) in &gets {
            for ((who, c), want) in clients.iter().zip(expected) {
                assert_eq!(c.get(path).await.status, *want, "{who}: GET {path}");
            }
        }
        // The match does not show in another coordinator's dashboard.
        assert!(!other_coordinator.get("/coordinator/matches").await.body.contains(&id));

        let steps_before = app.services.db.run({
            let id = id.clone();
            move |c| Ok(sankofa::store::matches::steps_of(c, &id)?.len())
        }).await.unwrap();
        let reason = vec![("reason", "Not this time.")];
        let report = vec![("activities", "Teaching"), ("people_trained", "1"), ("patients_seen", "1"), ("sessions_delivered", "1"), ("hours_given", "1")];
        let posts: Vec<Post> = vec![
            (format!("{m}/approve"), vec![("days", "7")], [404, 409, 404, 409, 404, 409, 404, 303]),
            (format!("{m}/reject"), reason.clone(), [404, 409, 404, 409, 404, 409, 404, 303]),
            (format!("{m}/accept"), vec![], [404, 409, 404, 409, 404, 409, 404, 303]),
            (format!("{m}/decline"), reason.clone(), [404, 409, 404, 409, 404, 409, 404, 303]),
            (format!("{m}/deadline"), vec![("days", "3")], [404, 409, 404, 409, 404, 409, 404, 303]),
            (format!("{m}/complete"), vec![], [404, 409, 404, 409, 404, 409, 404, 303]),
            // Cancelling is the coordinator's, and would end the match: only the refusals here.
            (format!("{m}/cancel"), reason.clone(), [404, SKIP, 404, 409, 404, 409, 404, 303]),
            (format!("{m}/explode"), vec![], [404, 404, 404, 404, 404, 404, 404, 303]),
            (format!("{m}/checklist"), vec![("item", "travel"), ("ticked", "1")], [404, 303, 404, 303, 404, 409, 404, 303]),
            (format!("{m}/report"), report.clone(), [404, 409, 404, 409, 404, 409, 404, 303]),
            (format!("{m}/feedback"), vec![("rating", "4"), ("comments", "")], [404, 409, 404, 409, 404, 409, 404, 303]),
            (
                "/coordinator/matches/propose".into(),
                vec![("assignment_id", &other_aid), ("professional_id", &nurse_id)],
                [403, SKIP, 404, 403, 403, 403, 403, 303],
            ),
        ];
        for (path, fields, expected) in &posts {
            for ((who, c), want) in clients.iter().zip(expected) {
                if *want == SKIP {
                    continue;
                }
                let got = c.submit(path, fields).await;
                assert_eq!(got.status, *want, "{who}: POST {path}: {}", got.body.chars().take(300).collect::<String>());
                if *want == 303 && *who == "anonymous" {
                    assert!(got.location().starts_with("/login"), "{who}: POST {path}");
                }
            }
        }
        // None of it moved the match; the two ticks were the only change.
        let (state, steps_after, ticks) = app.services.db.run({
            let id = id.clone();
            move |c| {
                let m = sankofa::store::matches::find(c, &id)?.unwrap();
                Ok((m.state, sankofa::store::matches::steps_of(c, &id)?.len(), sankofa::store::running::ticks_of(c, &id)?.len()))
            }
        }).await.unwrap();
        assert_eq!((state.as_str(), steps_after, ticks), ("confirmed", steps_before, 1));
        // Forged: the coordinator's own step without the CSRF token.
        assert_eq!(coordinator.post(&format!("{m}/cancel"), &reason).await.status, 403);
        assert_eq!(coordinator.post("/coordinator/matches/propose", &[("assignment_id", other_aid.as_str()), ("professional_id", nurse_id.as_str())]).await.status, 403);
        // A match that does not exist, for its own coordinator: 404 on every route.
        let none = "/matches/00000000-0000-0000-0000-000000000000";
        for path in [none.to_string(), format!("{none}/report"), format!("{none}/feedback"), format!("{none}/calendar.ics")] {
            assert_eq!(coordinator.get(&path).await.status, 404, "{path}");
        }
        assert_eq!(coordinator.submit(&format!("{none}/checklist"), &[("item", "travel"), ("ticked", "1")]).await.status, 404);
    }
}
