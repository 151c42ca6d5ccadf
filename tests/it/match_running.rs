//! Running and closing a confirmed match from its pages, on both databases:
//! the coordinator and the professional tick the on-site checklist (who and
//! when kept, the facility cannot); after the end date, on a moved clock,
//! the professional files a report and the facility its feedback, each
//! refused by its fields when wrong with what was typed kept; the
//! coordinators hear when both are in and complete the match; nobody else
//! reaches any of it.

use std::time::Duration;

use chrono::TimeDelta;

use crate::assignments::{create, facility, onsite};
use crate::helpers::{TestApp, TestClient, unique_email};
use crate::on_both;
use crate::registry::{coordinator_of, programme};

fn match_id(location: &str) -> String {
    location
        .split("/matches/")
        .nth(1)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string()
}

pub(crate) struct Confirmed {
    pub(crate) app: TestApp,
    pub(crate) coordinator: TestClient,
    pub(crate) coordinator_email: String,
    pub(crate) nurse: TestClient,
    pub(crate) staff: TestClient,
    pub(crate) id: String,
}

/// A nurse confirmed on site for an assignment 30 to 57 days ahead.
pub(crate) async fn confirmed(backend: crate::helpers::Backend) -> Confirmed {
    let app = TestApp::spawn(backend).await;
    let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
    let coordinator = coordinator_of(&app, &[&gh]).await;
    let coordinator_email = app
        .services
        .db
        .run(|c| Ok(sankofa::store::users::with_role(c, "coordinator")?))
        .await
        .unwrap()
        .remove(0)
        .2;
    let (staff, fid) = facility(&app, true).await;
    let aid = create(&staff, &fid, &onsite()).await;
    assert_eq!(
        staff
            .submit(&format!("/facility/{fid}/assignments/{aid}/publish"), &[])
            .await
            .status,
        303
    );
    let nurse_email = unique_email("run-nurse");
    let nurse = app.user_with_role(&nurse_email, "professional").await;
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
    let nurse_id = app.user(&nurse_email).await.unwrap().id;
    let proposed = coordinator
        .submit(
            "/coordinator/matches/propose",
            &[("assignment_id", &aid), ("professional_id", &nurse_id)],
        )
        .await;
    assert_eq!(proposed.status, 303, "{}", proposed.body);
    let id = match_id(&proposed.location());
    assert_eq!(
        coordinator
            .submit(&format!("/matches/{id}/approve"), &[("days", "7")])
            .await
            .status,
        303
    );
    assert_eq!(
        nurse
            .submit(&format!("/matches/{id}/accept"), &[])
            .await
            .status,
        303
    );
    assert_eq!(
        staff
            .submit(&format!("/matches/{id}/accept"), &[])
            .await
            .status,
        303
    );
    Confirmed {
        app,
        coordinator,
        coordinator_email,
        nurse,
        staff,
        id,
    }
}

on_both! {
    async fn the_checklist_is_ticked_by_the_coordinator_and_the_professional_with_who_and_when(backend) {
        let Confirmed { app, coordinator, nurse, staff, id, .. } = confirmed(backend).await;
        let page = nurse.get(&format!("/matches/{id}")).await;
        assert!(page.body.contains("Before departure") && page.body.contains("Travel booked"));
        assert_eq!(page.body.matches("Mark as done").count(), 4, "four items, none done");

        let done = nurse.submit(&format!("/matches/{id}/checklist"), &[("item", "travel"), ("ticked", "1")]).await;
        assert_eq!(done.status, 303);
        assert!(done.location().ends_with("notice=checklist-saved#checklist"));
        assert_eq!(coordinator.submit(&format!("/matches/{id}/checklist"), &[("item", "permit"), ("ticked", "1")]).await.status, 303);
        // Ticking twice keeps the first tick.
        assert_eq!(coordinator.submit(&format!("/matches/{id}/checklist"), &[("item", "travel"), ("ticked", "1")]).await.status, 303);
        let page = coordinator.get(&format!("/matches/{id}")).await;
        assert_eq!(page.body.matches("Mark as not done").count(), 2, "{}", page.body);
        let ticks = app.services.db.run({
            let id = id.clone();
            move |c| Ok(sankofa::store::running::ticks_of(c, &id)?)
        }).await.unwrap();
        assert_eq!(ticks.len(), 2);
        let travel = ticks.iter().find(|t| t.item == "travel").unwrap();
        let permit = ticks.iter().find(|t| t.item == "permit").unwrap();
        assert_ne!(travel.ticked_by, permit.ticked_by, "each tick says who");
        assert!(page.body.contains("by "), "the page says who ticked");

        // The facility sees the checklist but does not tick it.
        let staff_page = staff.get(&format!("/matches/{id}")).await;
        assert!(staff_page.body.contains("Travel booked") && !staff_page.body.contains("Mark as done"));
        let refused = staff.submit(&format!("/matches/{id}/checklist"), &[("item", "insurance"), ("ticked", "1")]).await;
        assert_eq!(refused.status, 409);
        assert!(refused.body.contains("Only the coordinator and the professional"), "{}", refused.body);
        // Unknown items, strangers and forged requests.
        assert_eq!(nurse.submit(&format!("/matches/{id}/checklist"), &[("item", "visa"), ("ticked", "1")]).await.status, 404);
        let stranger = app.user_with_role(&unique_email("run-stranger"), "professional").await;
        assert_eq!(stranger.submit(&format!("/matches/{id}/checklist"), &[("item", "travel"), ("ticked", "0")]).await.status, 404);
        assert_eq!(nurse.post(&format!("/matches/{id}/checklist"), &[("item", "insurance"), ("ticked", "1")]).await.status, 403, "no CSRF token");

        // Unticking.
        assert_eq!(nurse.submit(&format!("/matches/{id}/checklist"), &[("item", "travel"), ("ticked", "0")]).await.status, 303);
        let page = nurse.get(&format!("/matches/{id}")).await;
        assert_eq!(page.body.matches("Mark as not done").count(), 1);
        for lang in ["en", "fr"] {
            nurse.submit("/language", &[("lang", lang)]).await;
            let page = nurse.get(&format!("/matches/{id}")).await;
            crate::pages::check_page("/matches/… (checklist)", &page, lang);
        }
    }
}

on_both! {
    async fn after_the_end_date_the_report_and_the_feedback_close_the_match(backend) {
        let Confirmed { app, coordinator, coordinator_email, nurse, staff, id } = confirmed(backend).await;
        // Too early: the assignment has not started.
        assert_eq!(nurse.get(&format!("/matches/{id}/report")).await.status, 409);
        let early = nurse.submit(&format!("/matches/{id}/report"), &[("activities", "Teaching"), ("people_trained", "1"), ("patients_seen", "1"), ("sessions_delivered", "1"), ("hours_given", "1")]).await;
        assert_eq!(early.status, 409);
        assert!(early.body.contains("can be filed after the assignment"));
        assert!(!nurse.get(&format!("/matches/{id}")).await.body.contains(&format!("/matches/{id}/report\"")));

        // The clock moves past the end date.
        app.services.clock.advance(TimeDelta::days(60));
        let page = nurse.get(&format!("/matches/{id}")).await;
        assert!(page.body.contains(&format!("href=\"/matches/{id}/report\"")), "the report is due");
        let form = nurse.get(&format!("/matches/{id}/report")).await;
        assert_eq!(form.status, 200);
        for lang in ["en", "fr"] {
            nurse.submit("/language", &[("lang", lang)]).await;
            let p = nurse.get(&format!("/matches/{id}/report")).await;
            crate::pages::check_page("/matches/…/report", &p, lang);
        }
        nurse.submit("/language", &[("lang", "en")]).await;

        // Wrong figures: each refused by its field, what was typed kept, nothing filed.
        let bad = nurse.submit(&format!("/matches/{id}/report"), &[("activities", ""), ("people_trained", "-3"), ("patients_seen", "lots"), ("sessions_delivered", "4"), ("hours_given", "99999"), ("notes", "Kept text")]).await;
        assert_eq!(bad.status, 422);
        for f in ["activities", "people_trained", "patients_seen", "hours_given"] {
            assert!(bad.has_error(f), "{f}");
        }
        assert!(!bad.has_error("sessions_delivered"));
        assert_eq!(bad.input_value("patients_seen").as_deref(), Some("lots"));
        assert!(bad.body.contains("Kept text"));
        crate::pages::check_page("/matches/…/report (refused)", &bad, "en");
        let none = app.services.db.run({ let id = id.clone(); move |c| Ok(sankofa::store::running::report_of(c, &id)?) }).await.unwrap();
        assert!(none.is_none(), "nothing half-written");

        // Only the professional reports; only the facility gives feedback.
        assert_eq!(staff.get(&format!("/matches/{id}/report")).await.status, 409);
        assert_eq!(coordinator.submit(&format!("/matches/{id}/feedback"), &[("rating", "5")]).await.status, 409);

        let filed = nurse.submit(&format!("/matches/{id}/report"), &[("activities", "Trained midwives in emergency obstetric care."), ("people_trained", "12"), ("patients_seen", "85"), ("sessions_delivered", "9"), ("hours_given", "140"), ("notes", "")]).await;
        assert_eq!(filed.status, 303, "{}", filed.body);
        assert!(filed.location().ends_with("notice=report-filed"));
        // Corrected once: the figures change, still one report.
        assert_eq!(nurse.submit(&format!("/matches/{id}/report"), &[("activities", "Trained midwives in emergency obstetric care."), ("people_trained", "14"), ("patients_seen", "85"), ("sessions_delivered", "9"), ("hours_given", "140")]).await.status, 303);
        let report = app.services.db.run({ let id = id.clone(); move |c| Ok(sankofa::store::running::report_of(c, &id)?) }).await.unwrap().unwrap();
        assert_eq!((report.people_trained, report.hours_given), (14, 140));
        let page = coordinator.get(&format!("/matches/{id}")).await;
        assert!(page.body.contains("Trained midwives") && page.body.contains("The facility has not given feedback yet."));
        let staff_page = staff.get(&format!("/matches/{id}")).await;
        assert!(!staff_page.body.contains("Trained midwives"), "the facility does not read the professional's report");

        // The feedback, in French, with a wrong rating first.
        staff.submit("/language", &[("lang", "fr")]).await;
        let form = staff.get(&format!("/matches/{id}/feedback")).await;
        assert_eq!(form.status, 200);
        crate::pages::check_page("/matches/…/feedback", &form, "fr");
        let bad = staff.submit(&format!("/matches/{id}/feedback"), &[("rating", "9"), ("comments", "Très utile")]).await;
        assert_eq!(bad.status, 422);
        assert!(bad.has_error("rating") && bad.body.contains("Très utile"));
        crate::pages::check_page("/matches/…/feedback (refused)", &bad, "fr");
        assert_eq!(app.smtp.count_to(&coordinator_email), 0, "nothing yet for the coordinator");
        assert_eq!(staff.submit(&format!("/matches/{id}/feedback"), &[("rating", "5"), ("comments", "Très utile")]).await.status, 303);
        let mail = app.smtp.wait_for(&coordinator_email, Duration::from_secs(10)).await;
        assert!(mail.subject().contains("can be closed"), "{}", mail.subject());
        assert!(mail.text().contains(&format!("/matches/{id}")));
        assert!(!nurse.get(&format!("/matches/{id}")).await.body.contains("Très utile"), "the professional does not read the facility's feedback");

        // The coordinator closes it; nothing can be filed after that.
        assert_eq!(coordinator.submit(&format!("/matches/{id}/complete"), &[]).await.status, 303);
        assert_eq!(nurse.submit(&format!("/matches/{id}/report"), &[("activities", "More"), ("people_trained", "1"), ("patients_seen", "1"), ("sessions_delivered", "1"), ("hours_given", "1")]).await.status, 409);
        assert_eq!(staff.get(&format!("/matches/{id}/feedback")).await.status, 409);
        let page = coordinator.get(&format!("/matches/{id}")).await;
        assert!(page.body.contains("Completed") && page.body.contains("Très utile") && page.body.contains("Trained midwives"));
        // One message to the coordinator, however often the two are corrected.
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(app.smtp.count_to(&coordinator_email), 1);

        // Nobody else.
        let stranger = app.user_with_role(&unique_email("run-other"), "professional").await;
        assert_eq!(stranger.get(&format!("/matches/{id}/report")).await.status, 404);
        let (other_staff, _) = facility(&app, true).await;
        assert_eq!(other_staff.get(&format!("/matches/{id}/feedback")).await.status, 404);
        assert_eq!(other_staff.submit(&format!("/matches/{id}/feedback"), &[("rating", "1")]).await.status, 404);
        assert_eq!(app.client().get(&format!("/matches/{id}/report")).await.status, 303, "log in first");
        assert_eq!(staff.post(&format!("/matches/{id}/feedback"), &[("rating", "1")]).await.status, 403, "no CSRF token");
    }
}
