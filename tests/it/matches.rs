//! The match lifecycle through its service functions, on both databases:
//! a coordinator proposes and approves, both sides accept, the match is
//! confirmed and the assignment filled, other offers withdrawn; steps out
//! of turn are conflicts that say why, strangers find nothing; and two
//! confirmations that conflict, sent at the same instant many times over,
//! never both succeed.

use std::time::Duration;

use sankofa::domain::Role;
use sankofa::error::AppError;
use sankofa::services::Origin;
use sankofa::services::accounts::CurrentUser;
use sankofa::services::matches::{self, Ask};

use crate::assignments::{create, facility, onsite, with};
use crate::helpers::{TestApp, TestClient, unique_email};
use crate::on_both;
use crate::registry::{Pro, add, coordinator_of, programme};

const WAIT: Duration = Duration::from_secs(10);

async fn current(app: &TestApp, id: &str) -> CurrentUser {
    let id = id.to_string();
    let u = app
        .services
        .db
        .run(move |c| Ok(sankofa::store::users::find(c, &id)?))
        .await
        .unwrap()
        .unwrap();
    CurrentUser {
        id: u.id,
        email: u.email,
        full_name: u.full_name,
        role: u.role.parse::<Role>().unwrap(),
        locale: u.locale.parse().unwrap(),
        email_verified: true,
        session_epoch: u.session_epoch,
    }
}

async fn user_id(app: &TestApp, email: &str) -> String {
    app.user(email).await.unwrap().id
}

/// The id of the signed-in client's account, from its home page's session.
async fn staff_id(app: &TestApp, facility_id: &str) -> String {
    let fid = facility_id.to_string();
    app.services
        .db
        .run(move |c| Ok(sankofa::store::facilities::staff_of(c, &fid)?))
        .await
        .unwrap()
        .remove(0)
        .user_id
}

pub(crate) async fn publish(staff: &TestClient, fid: &str, id: &str) {
    let page = staff
        .submit(&format!("/facility/{fid}/assignments/{id}/publish"), &[])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
}

pub(crate) async fn state_of(app: &TestApp, id: &str) -> String {
    let id = id.to_string();
    app.services
        .db
        .run(move |c| Ok(sankofa::store::matches::find(c, &id)?))
        .await
        .unwrap()
        .unwrap()
        .state
}

async fn status_of(app: &TestApp, id: &str) -> String {
    let id = id.to_string();
    app.services
        .db
        .run(move |c| Ok(sankofa::store::assignments::find(c, &id)?))
        .await
        .unwrap()
        .unwrap()
        .status
}

/// Waits for a message to `to` whose subject has `about`.
async fn mail_about(app: &TestApp, to: &str, about: &str) {
    for n in 1..=8 {
        if app
            .smtp
            .wait_for_nth(to, n, WAIT)
            .await
            .subject()
            .contains(about)
        {
            return;
        }
    }
    panic!("no message about {about} to {to}");
}

fn conflict_key<T: std::fmt::Debug>(r: Result<T, AppError>) -> &'static str {
    match r {
        Err(AppError::Conflict(key)) => key,
        other => panic!("a conflict, not {other:?}"),
    }
}

pub(crate) struct Scene {
    pub(crate) app: TestApp,
    pub(crate) coordinator: CurrentUser,
    pub(crate) staff: CurrentUser,
    pub(crate) staff_client: TestClient,
    pub(crate) fid: String,
}

pub(crate) async fn scene(backend: crate::helpers::Backend) -> Scene {
    let app = TestApp::spawn(backend).await;
    let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
    let coordinator_client = coordinator_of(&app, &[&gh]).await;
    drop(coordinator_client);
    let coordinator_id = app
        .services
        .db
        .run(|c| Ok(sankofa::store::users::with_role(c, "coordinator")?))
        .await
        .unwrap()
        .remove(0)
        .0;
    let (staff_client, fid) = facility(&app, true).await;
    let staff_id = staff_id(&app, &fid).await;
    Scene {
        coordinator: current(&app, &coordinator_id).await,
        staff: current(&app, &staff_id).await,
        staff_client,
        fid,
        app,
    }
}

/// An open on-site assignment from `from` days ahead, `positions` of them.
pub(crate) async fn open_assignment(sc: &Scene, from: i64, positions: u32) -> String {
    let fields = with(
        with(
            with(onsite(), "starts_on", &crate::assignments::day(from)),
            "ends_on",
            &crate::assignments::day(from + 27),
        ),
        "positions",
        &positions.to_string(),
    );
    let id = create(&sc.staff_client, &sc.fid, &fields).await;
    publish(&sc.staff_client, &sc.fid, &id).await;
    id
}

on_both! {
    async fn a_match_goes_from_proposal_to_confirmation_and_fills_the_assignment(backend) {
        let sc = scene(backend).await;
        let app = &sc.app;
        let o = Origin::default();
        let aid = open_assignment(&sc, 30, 1).await;
        let nurse_email = unique_email("m-nurse");
        let nurse_client = app.user_with_role(&nurse_email, "professional").await;
        drop(nurse_client);
        let nurse_id = user_id(app, &nurse_email).await;
        // In the registry: a profile from Ghana, consenting to be matched.
        let other = add(app, Pro { name: "Kofi Mensah", ..Pro::default() }).await;
        let nid = nurse_id.clone();
        app.services.db.write(move |c| {
            let now = sankofa::db::now();
            sankofa::store::professionals::save(c, &sankofa::store::professionals::Profile {
                user_id: nid.clone(),
                profession_code: Some("2221".into()),
                years_experience: Some(8),
                origin_country: Some("GH".into()),
                residence_country: Some("GB".into()),
                residence_status: Some("citizen".into()),
                created_at: now,
                updated_at: now,
                ..Default::default()
            })?;
            sankofa::store::consents::give(c, &sankofa::db::new_id(), &nid, "matching", "2026-11-25", now)?;
            Ok(())
        }).await.unwrap();
        let nurse = current(app, &nurse_id).await;

        let id = matches::propose(&app.services, &sc.coordinator, &aid, &nurse_id, &o).await.unwrap();
        assert_eq!(state_of(app, &id).await, "proposed");
        assert_eq!(conflict_key(matches::propose(&app.services, &sc.coordinator, &aid, &nurse_id, &o).await), "conflict-match-exists");
        // Only the coordinator approves: to the professional, a proposal is
        // not there yet, to see or to act on.
        assert!(matches!(matches::act(&app.services, &nurse, &id, Ask::Accept, &o).await, Err(AppError::NotFound)));
        assert!(matches!(matches::act(&app.services, &nurse, &id, Ask::Approve { days: 7 }, &o).await, Err(AppError::NotFound)));
        matches::act(&app.services, &sc.coordinator, &id, Ask::Approve { days: 7 }, &o).await.unwrap();
        assert_eq!(state_of(app, &id).await, "offered");
        assert_eq!(conflict_key(matches::act(&app.services, &nurse, &id, Ask::Approve { days: 7 }, &o).await), "conflict-match-not-yours");
        let mail = app.smtp.wait_for(&nurse_email, WAIT).await;
        assert!(mail.subject().contains("offer"), "{}", mail.subject());

        // Another professional's offer on the same position.
        let second = matches::propose(&app.services, &sc.coordinator, &aid, &other, &o).await.unwrap();
        matches::act(&app.services, &sc.coordinator, &second, Ask::Approve { days: 7 }, &o).await.unwrap();

        // A stranger finds nothing.
        let stranger_email = unique_email("m-stranger");
        app.user_with_role(&stranger_email, "professional").await;
        let stranger = current(app, &user_id(app, &stranger_email).await).await;
        assert!(matches!(matches::act(&app.services, &stranger, &id, Ask::Accept, &o).await, Err(AppError::NotFound)));
        assert!(matches!(matches::find(&app.services, &stranger, &id).await, Err(AppError::NotFound)));

        matches::act(&app.services, &nurse, &id, Ask::Accept, &o).await.unwrap();
        assert_eq!(conflict_key(matches::act(&app.services, &nurse, &id, Ask::Accept, &o).await), "conflict-match-already-accepted");
        assert_eq!(state_of(app, &id).await, "offered");
        matches::act(&app.services, &sc.staff, &id, Ask::Accept, &o).await.unwrap();
        assert_eq!(state_of(app, &id).await, "confirmed");
        assert_eq!(status_of(app, &aid).await, "filled", "the only position is filled");
        assert_eq!(state_of(app, &second).await, "cancelled", "the other offer is withdrawn");

        let (_, steps) = matches::find(&app.services, &sc.coordinator, &id).await.unwrap();
        let events: Vec<&str> = steps.iter().map(|s| s.event.as_str()).collect();
        assert_eq!(events, vec!["propose", "approve", "accept", "accept"]);
        assert!(steps.iter().all(|s| s.actor_id.is_some()));
        let actions = app.audit_actions().await;
        for a in ["match_proposed", "match_approved", "match_accepted", "match_confirmed", "match_withdrawn"] {
            assert!(actions.iter().any(|x| x == a), "{a} audited");
        }
        // Cancelling needs a reason; completion waits for the end.
        match matches::act(&app.services, &sc.coordinator, &id, Ask::Cancel { reason: " ".into() }, &o).await {
            Err(AppError::Validation(e)) => assert!(e.get("reason").is_some()),
            other => panic!("refused by the field, not {other:?}"),
        }
        assert_eq!(conflict_key(matches::act(&app.services, &sc.coordinator, &id, Ask::Complete, &o).await), "conflict-match-not-over");
        matches::act(&app.services, &sc.coordinator, &id, Ask::Cancel { reason: "Visa refused".into() }, &o).await.unwrap();
        assert_eq!(state_of(app, &id).await, "cancelled");
        assert_eq!(conflict_key(matches::act(&app.services, &sc.coordinator, &id, Ask::Cancel { reason: "again".into() }, &o).await), "conflict-match-over");
    }
}

/// A professional of the registry the coordinator may match, accepted on
/// their side of an offer on `aid`; returns the match id.
pub(crate) async fn accepted_offer(sc: &Scene, aid: &str, professional: &str) -> String {
    let o = Origin::default();
    let app = &sc.app;
    let id = matches::propose(&app.services, &sc.coordinator, aid, professional, &o)
        .await
        .unwrap();
    matches::act(
        &app.services,
        &sc.coordinator,
        &id,
        Ask::Approve { days: 7 },
        &o,
    )
    .await
    .unwrap();
    let pro = current(app, professional).await;
    matches::act(&app.services, &pro, &id, Ask::Accept, &o)
        .await
        .unwrap();
    id
}

on_both! {
    async fn conflicting_confirmations_at_the_same_instant_never_both_succeed(backend) {
        let sc = scene(backend).await;
        let app = &sc.app;
        let o = Origin::default();
        for round in 0..12 {
            // Two professionals, one position: both facility acceptances race.
            let aid = open_assignment(&sc, 30 + round, 1).await;
            let a = add(app, Pro { name: "Ama Owusu", ..Pro::default() }).await;
            let b = add(app, Pro { name: "Yaw Boateng", ..Pro::default() }).await;
            let ma = accepted_offer(&sc, &aid, &a).await;
            let mb = accepted_offer(&sc, &aid, &b).await;
            let (ra, rb) = tokio::join!(
                matches::act(&app.services, &sc.staff, &ma, Ask::Accept, &o),
                matches::act(&app.services, &sc.staff, &mb, Ask::Accept, &o),
            );
            let won = [&ra, &rb].iter().filter(|r| r.is_ok()).count();
            assert_eq!(won, 1, "round {round}: {ra:?} {rb:?}");
            for r in [ra, rb] {
                if let Err(e) = r {
                    assert!(matches!(e, AppError::Conflict(_)), "a conflict, never an error: {e:?}");
                }
            }
            assert_eq!(status_of(app, &aid).await, "filled");

            // One professional, two overlapping on-site assignments.
            let x = open_assignment(&sc, 200 + round * 3, 1).await;
            let y = open_assignment(&sc, 205 + round * 3, 1).await;
            let p = add(app, Pro { name: "Esi Quaye", ..Pro::default() }).await;
            let mx = accepted_offer(&sc, &x, &p).await;
            let my = accepted_offer(&sc, &y, &p).await;
            let (rx, ry) = tokio::join!(
                matches::act(&app.services, &sc.staff, &mx, Ask::Accept, &o),
                matches::act(&app.services, &sc.staff, &my, Ask::Accept, &o),
            );
            let won = [&rx, &ry].iter().filter(|r| r.is_ok()).count();
            assert_eq!(won, 1, "round {round}: {rx:?} {ry:?}");
            let lost = if rx.is_ok() { ry } else { rx };
            assert_eq!(conflict_key(lost), "conflict-match-overlap");
        }
    }
}

on_both! {
    async fn offers_past_their_deadline_expire_once_and_both_sides_hear_of_it(backend) {
        let sc = scene(backend).await;
        let app = &sc.app;
        let o = Origin::default();
        let aid = open_assignment(&sc, 30, 2).await;
        let p = add(app, Pro { name: "Abena Ofori", ..Pro::default() }).await;
        let id = accepted_offer(&sc, &aid, &p).await;
        assert_eq!(matches::expire_due(&app.services).await.unwrap(), 0, "not due yet");
        // The clock moves past the deadline.
        let mid = id.clone();
        app.services.db.write(move |c| {
            use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
            use sankofa::db::schema::matches as m;
            diesel::update(m::table.find(&mid))
                .set(m::deadline.eq(sankofa::db::now() - chrono::Duration::minutes(1)))
                .execute(c)?;
            Ok(())
        }).await.unwrap();
        assert_eq!(conflict_key(matches::act(&app.services, &sc.staff, &id, Ask::Accept, &o).await), "conflict-match-deadline-passed");
        assert_eq!(matches::expire_due(&app.services).await.unwrap(), 1);
        assert_eq!(state_of(app, &id).await, "expired");
        assert_eq!(matches::expire_due(&app.services).await.unwrap(), 0, "never twice");
        mail_about(app, &sc.staff.email, "expired").await;
        assert!(app.audit_actions().await.iter().any(|a| a == "match_expired"));
    }
}
