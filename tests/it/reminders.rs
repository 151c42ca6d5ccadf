//! The reminders the database schedules, on both databases, living through
//! deadlines and end dates by moving the lifecycle's clock: an offer's
//! deadline 48 hours ahead to the side that has not answered, once however
//! many runs (at the same instant too), again when the deadline changes,
//! then the expiry; the report and the feedback 3 and 14 days after the
//! end, unless filed; a licence running out within 60 days under a
//! confirmed clinical match. Each email arrives in its reader's language.

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use sankofa::domain::Locale;
use sankofa::services::Origin;
use sankofa::services::matches::{self, Ask};
use sankofa::services::reminders::send_due;

use crate::assignments::{create, day, onsite, with};
use crate::helpers::TestApp;
use crate::helpers::smtp::Received;
use crate::matches::{Scene, accepted_offer, open_assignment, publish, scene, state_of};
use crate::on_both;
use crate::registry::{Pro, add};

const WAIT: Duration = Duration::from_secs(10);

const OFFER: &str = "reminder-offer-deadline";
const REPORT: &str = "reminder-report-due";
const FEEDBACK: &str = "reminder-feedback-due";
const LICENCE: &str = "reminder-licence-expiring";

/// Messages of `kind` queued for `to` in the outbox, sent or not.
async fn queued(app: &TestApp, to: &str, kind: &'static str) -> i64 {
    let to = to.to_string();
    app.services
        .db
        .run(move |c| {
            use sankofa::db::schema::outbox;
            Ok(outbox::table
                .filter(outbox::recipient.eq(to))
                .filter(outbox::kind.eq(kind))
                .count()
                .get_result(c)?)
        })
        .await
        .unwrap()
}

/// Waits for the message of `kind` to `to` with its subject in `locale`
/// and a link to `path`.
async fn letter(app: &TestApp, to: &str, kind: &str, locale: Locale, path: &str) -> Received {
    let subject = sankofa::i18n::t(locale, &format!("email-{kind}-subject"));
    for n in 1..=20 {
        let m = app.smtp.wait_for_nth(to, n, WAIT).await;
        if m.subject() == subject && m.link(path).is_some() {
            return m;
        }
    }
    panic!("no message {subject:?} linking to {path} to {to}");
}

/// Moves the lifecycle's clock to `at`.
fn move_to(app: &TestApp, at: NaiveDateTime) {
    let by = at - app.services.clock.now();
    app.services.clock.advance(by);
}

/// Noon on the day `days` after `date`.
fn noon(date: NaiveDate, days: i64) -> NaiveDateTime {
    (date + TimeDelta::days(days))
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

async fn match_row(app: &TestApp, id: &str) -> sankofa::store::matches::MatchRow {
    let id = id.to_string();
    app.services
        .db
        .run(move |c| Ok(sankofa::store::matches::find(c, &id)?))
        .await
        .unwrap()
        .unwrap()
}

/// The professional's email, after setting their language.
async fn speaking(app: &TestApp, id: &str, locale: &'static str) -> String {
    let id = id.to_string();
    app.services
        .db
        .write(move |c| {
            sankofa::store::users::set_locale(c, &id, locale, sankofa::db::now())?;
            Ok(sankofa::store::users::find(c, &id)?.unwrap().email)
        })
        .await
        .unwrap()
}

/// An offer on `aid` the professional accepted and the facility confirmed.
async fn confirmed(sc: &Scene, aid: &str, professional: &str) -> String {
    let id = accepted_offer(sc, aid, professional).await;
    matches::act(
        &sc.app.services,
        &sc.staff,
        &id,
        Ask::Accept,
        &Origin::default(),
    )
    .await
    .unwrap();
    assert_eq!(state_of(&sc.app, &id).await, "confirmed");
    id
}

async fn sent(app: &TestApp) -> usize {
    send_due(&app.services).await.unwrap()
}

on_both! {
    async fn an_offer_deadline_is_reminded_48_hours_ahead_once_to_the_side_that_has_not_answered(backend) {
        let sc = scene(backend).await;
        let app = &sc.app;
        let o = Origin::default();
        let staff = sc.staff.email.clone();
        let aid = open_assignment(&sc, 30, 2).await;
        // Abena accepted her offer; neither side answered Kwame's.
        let abena = add(app, Pro { name: "Abena Ofori", ..Pro::default() }).await;
        let abena_email = speaking(app, &abena, "en").await;
        let answered = accepted_offer(&sc, &aid, &abena).await;
        let kwame = add(app, Pro { name: "Kwame Asante", ..Pro::default() }).await;
        let kwame_email = speaking(app, &kwame, "fr").await;
        let silent = matches::propose(&app.services, &sc.coordinator, &aid, &kwame, &o).await.unwrap();
        matches::act(&app.services, &sc.coordinator, &silent, Ask::Approve { days: 7 }, &o).await.unwrap();
        let deadline = match_row(app, &answered).await.deadline.unwrap();

        assert_eq!(sent(app).await, 0, "seven days ahead");
        move_to(app, deadline - TimeDelta::hours(49));
        assert_eq!(sent(app).await, 0, "49 hours ahead");
        assert_eq!(queued(app, &staff, OFFER).await, 0);

        // Two servers look at the same instant: each offer is reminded once.
        move_to(app, deadline - TimeDelta::hours(47));
        let (a, b) = tokio::join!(send_due(&app.services), send_due(&app.services));
        assert_eq!(a.unwrap() + b.unwrap(), 2, "one reminder per offer");
        assert_eq!(sent(app).await, 0, "never twice");
        assert_eq!(queued(app, &staff, OFFER).await, 2, "the facility answered neither");
        assert_eq!(queued(app, &kwame_email, OFFER).await, 1);
        assert_eq!(queued(app, &abena_email, OFFER).await, 0, "Abena accepted already");
        let fr = letter(app, &kwame_email, OFFER, Locale::Fr, &format!("/matches/{silent}")).await;
        assert!(fr.text().contains("Acceptez-la ou refusez-la"), "{}", fr.text());
        let deadline_text = match_row(app, &silent).await.deadline.unwrap().format("%Y-%m-%d %H:%M UTC").to_string();
        assert!(fr.text().contains(&deadline_text), "{}", fr.text());
        letter(app, &staff, OFFER, Locale::En, &format!("/matches/{answered}")).await;

        // A new deadline is a new reminder.
        matches::act(&app.services, &sc.coordinator, &answered, Ask::ChangeDeadline { days: 1 }, &o).await.unwrap();
        assert_eq!(sent(app).await, 1);
        assert_eq!(sent(app).await, 0);
        assert_eq!(queued(app, &staff, OFFER).await, 3);
        assert_eq!(queued(app, &abena_email, OFFER).await, 0);

        // The new deadline passes: the offer expires and both sides hear of it.
        let moved = match_row(app, &answered).await.deadline.unwrap();
        assert!(moved < deadline);
        move_to(app, moved + TimeDelta::minutes(1));
        assert_eq!(matches::expire_due(&app.services).await.unwrap(), 1);
        assert_eq!(state_of(app, &answered).await, "expired");
        assert_eq!(state_of(app, &silent).await, "offered", "its deadline comes 23 hours later");
        letter(app, &abena_email, "match-expired", Locale::En, &format!("/matches/{answered}")).await;
        letter(app, &staff, "match-expired", Locale::En, &format!("/matches/{answered}")).await;
        assert_eq!(sent(app).await, 0, "an expired offer is not reminded");
        assert_eq!(queued(app, &staff, OFFER).await, 3);
    }
}

on_both! {
    async fn the_report_and_the_feedback_are_asked_for_3_and_14_days_after_the_end_unless_filed(backend) {
        let sc = scene(backend).await;
        let app = &sc.app;
        let staff = sc.staff.email.clone();
        let aid = open_assignment(&sc, 30, 2).await;
        let ama = add(app, Pro { name: "Ama Owusu", ..Pro::default() }).await;
        let ama_email = speaking(app, &ama, "fr").await;
        let yaw = add(app, Pro { name: "Yaw Boateng", ..Pro::default() }).await;
        let yaw_email = speaking(app, &yaw, "en").await;
        let unfiled = confirmed(&sc, &aid, &ama).await;
        let reported = confirmed(&sc, &aid, &yaw).await;
        let (rid, by) = (reported.clone(), yaw.clone());
        app.services.db.write(move |c| {
            sankofa::store::running::file_report(c, &sankofa::store::running::Report {
                match_id: rid,
                activities: "Trained the maternity team.".into(),
                people_trained: 12,
                patients_seen: 40,
                sessions_delivered: 8,
                hours_given: 160,
                notes: String::new(),
                filed_by: Some(by),
                filed_at: sankofa::db::now(),
            })?;
            Ok(())
        }).await.unwrap();
        let ends_on = match_row(app, &unfiled).await.ends_on;

        move_to(app, noon(ends_on, 2));
        assert_eq!(sent(app).await, 0, "two days after the end");
        move_to(app, noon(ends_on, 3));
        assert_eq!(sent(app).await, 2, "both matches miss something");
        assert_eq!(sent(app).await, 0, "never twice");
        assert_eq!(queued(app, &ama_email, REPORT).await, 1);
        assert_eq!(queued(app, &yaw_email, REPORT).await, 0, "Yaw filed his report");
        assert_eq!(queued(app, &staff, FEEDBACK).await, 2, "the facility gave no feedback");
        let fr = letter(app, &ama_email, REPORT, Locale::Fr, &format!("/matches/{unfiled}")).await;
        assert!(fr.text().contains(&ends_on.to_string()), "{}", fr.text());
        letter(app, &staff, FEEDBACK, Locale::En, &format!("/matches/{reported}")).await;

        // The facility gives its feedback on Ama's match only.
        let (fid, by) = (unfiled.clone(), sc.staff.id.clone());
        app.services.db.write(move |c| {
            sankofa::store::running::file_feedback(c, &sankofa::store::running::Feedback {
                match_id: fid,
                rating: 5,
                comments: "Excellent.".into(),
                filed_by: Some(by),
                filed_at: sankofa::db::now(),
            })?;
            Ok(())
        }).await.unwrap();

        move_to(app, noon(ends_on, 13));
        assert_eq!(sent(app).await, 0, "thirteen days after the end");
        move_to(app, noon(ends_on, 14));
        assert_eq!(sent(app).await, 2);
        assert_eq!(sent(app).await, 0, "never twice");
        assert_eq!(queued(app, &ama_email, REPORT).await, 2, "asked again");
        assert_eq!(queued(app, &yaw_email, REPORT).await, 0);
        assert_eq!(queued(app, &staff, FEEDBACK).await, 3, "asked again for Yaw's match only");
        move_to(app, noon(ends_on, 40));
        assert_eq!(sent(app).await, 0, "no third time");
    }
}

on_both! {
    async fn a_licence_running_out_is_reminded_once_under_a_confirmed_clinical_match_only(backend) {
        let sc = scene(backend).await;
        let app = &sc.app;
        let clinical = open_assignment(&sc, 30, 1).await;
        let mut fields = with(with(onsite(), "starts_on", &day(100)), "ends_on", &day(127));
        fields.retain(|(k, _)| *k != "clinical");
        let teaching = create(&sc.staff_client, &sc.fid, &fields).await;
        publish(&sc.staff_client, &sc.fid, &teaching).await;
        let efua = add(app, Pro { name: "Efua Mensah", verified_licence: true, clinical: true, ..Pro::default() }).await;
        let efua_email = speaking(app, &efua, "fr").await;
        let kojo = add(app, Pro { name: "Kojo Addo", verified_licence: true, clinical: true, ..Pro::default() }).await;
        let kojo_email = speaking(app, &kojo, "en").await;
        // Both licences run out in 70 days.
        let until = app.services.clock.today() + TimeDelta::days(70);
        let n = app.services.db.write(move |c| {
            use sankofa::db::schema::licences;
            Ok(diesel::update(licences::table).set(licences::valid_until.eq(until)).execute(c)?)
        }).await.unwrap();
        assert_eq!(n, 2);
        confirmed(&sc, &clinical, &efua).await;
        confirmed(&sc, &teaching, &kojo).await;

        assert_eq!(sent(app).await, 0, "seventy days ahead");
        move_to(app, noon(until, -59));
        assert_eq!(sent(app).await, 1, "only the clinical match's licence");
        assert_eq!(sent(app).await, 0, "never twice");
        assert_eq!(queued(app, &efua_email, LICENCE).await, 1);
        assert_eq!(queued(app, &kojo_email, LICENCE).await, 0, "Kojo does not practise on this assignment");
        let fr = letter(app, &efua_email, LICENCE, Locale::Fr, "/professional/licences").await;
        assert!(fr.text().contains(&until.to_string()), "{}", fr.text());
    }
}
