//! Terms of Reference as a facility writes them: a verified facility drafts,
//! publishes, changes and closes assignments; bad input is refused by the
//! field with nothing stored; nobody else reaches them.

use std::time::Duration;

use chrono::Utc;
use diesel::RunQueryDsl;

use crate::helpers::{PASSWORD, TestApp, TestClient, unique_email};
use crate::on_both;
use crate::programmes::facility_id_of;

const WAIT: Duration = Duration::from_secs(10);

pub(crate) fn day(offset: i64) -> String {
    (Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

/// A facility in Ghana, signed up and signed in; verified when asked.
pub(crate) async fn facility(app: &TestApp, verified: bool) -> (TestClient, String) {
    let email = unique_email("tor-staff");
    let c = app.client();
    c.sign_up_facility(&email, PASSWORD).await;
    c.log_in(&email, PASSWORD).await;
    let id = facility_id_of(app, &email).await;
    if verified {
        let fid = id.clone();
        let done = app
            .services
            .db
            .write(move |c| {
                Ok(sankofa::store::facilities::decide(
                    c,
                    &fid,
                    "pending",
                    "verified",
                    None,
                    sankofa::db::now(),
                )?)
            })
            .await
            .unwrap();
        assert!(done);
    }
    (c, id)
}

/// The programme covering Ghana: on-site presence of 21 to 90 days.
pub(crate) async fn ghana_programme(app: &TestApp) {
    crate::registry::programme(app, "GH-HEALTH", &["GH"], 0, "citizen").await;
}

/// A valid on-site assignment of 28 days starting in 30 days.
pub(crate) fn onsite() -> Vec<(&'static str, String)> {
    vec![
        ("title", "Midwifery mentor, maternity ward".into()),
        (
            "objectives",
            "Train 12 midwives in emergency obstetric care.".into(),
        ),
        ("professions", "2222".into()),
        ("professions", "2221".into()),
        ("specialty", "obstetrics_gynaecology".into()),
        ("required_skills", "emergency obstetric care".into()),
        ("desired_skills", "teaching".into()),
        ("language_1", "en".into()),
        ("level_1", "professional".into()),
        ("modality", "on_site".into()),
        ("starts_on", day(30)),
        ("ends_on", day(57)),
        ("positions", "2".into()),
        ("min_years_experience", "5".into()),
        ("clinical", "yes".into()),
        ("support_travel", "yes".into()),
        ("support_details", "Return flight.".into()),
        ("time_zone", "Africa/Accra".into()),
    ]
}

/// A valid virtual assignment: two 2-hour sessions a week, 4 hours asked.
pub(crate) fn virtual_work() -> Vec<(&'static str, String)> {
    let mut f = onsite();
    f.retain(|(k, _)| !matches!(*k, "modality" | "ends_on" | "title"));
    f.extend([
        ("title", "Tele-mentoring of neonatal nurses".into()),
        ("modality", "virtual".into()),
        ("ends_on", day(150)),
        ("hours_per_week", "4".into()),
        ("session_1_day", "2".into()),
        ("session_1_start", "09:00".into()),
        ("session_1_end", "11:00".into()),
        ("session_2_day", "4".into()),
        ("session_2_start", "14:00".into()),
        ("session_2_end", "16:00".into()),
    ]);
    f
}

pub(crate) fn with(
    mut fields: Vec<(&'static str, String)>,
    name: &'static str,
    value: &str,
) -> Vec<(&'static str, String)> {
    fields.retain(|(k, _)| *k != name);
    fields.push((name, value.to_string()));
    fields
}

pub(crate) fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// How many assignments the facility holds.
async fn stored(app: &TestApp, facility: &str) -> i64 {
    let id = facility.to_string();
    app.services
        .db
        .run(move |c| Ok(sankofa::store::assignments::of_facility(c, &id, 1, 0)?.1))
        .await
        .unwrap()
}

/// Creates an assignment through the form; returns its id.
pub(crate) async fn create(
    c: &TestClient,
    facility: &str,
    fields: &[(&'static str, String)],
) -> String {
    let page = c
        .submit(
            &format!("/facility/{facility}/assignments/new"),
            &pairs(fields),
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let location = page.location();
    let rest = location
        .split("/assignments/")
        .nth(1)
        .expect("the assignment's page");
    rest.split('?').next().unwrap().to_string()
}

on_both! {
    async fn a_verified_facility_drafts_publishes_changes_and_closes_an_assignment(backend) {
        let app = TestApp::spawn(backend).await;
        ghana_programme(&app).await;
        let (staff, fid) = facility(&app, true).await;

        let home = staff.get("/facility").await;
        assert!(home.body.contains(&format!("/facility/{fid}/assignments")), "the facility links its Terms of Reference");
        let empty = staff.get(&format!("/facility/{fid}/assignments")).await;
        assert_eq!(empty.status, 200);
        let form = staff.get(&format!("/facility/{fid}/assignments/new")).await;
        assert_eq!(form.status, 200);
        assert!(form.body.contains("between 21 and 90 days"), "the programme's bounds are told");
        assert!(form.body.contains(r#"<option value="Africa/Accra" selected>"#), "the facility's zone by default");

        let id = create(&staff, &fid, &onsite()).await;
        let page = staff.get(&format!("/facility/{fid}/assignments/{id}?notice=assignment-saved")).await;
        assert_eq!(page.status, 200);
        for text in ["Midwifery mentor, maternity ward", "Draft", "Midwifery professional", "Obstetrics and gynaecology", "emergency obstetric care", "English (Professional", "Travel", "Return flight."] {
            assert!(page.body.contains(text), "{text} in the page");
        }
        let list = staff.get(&format!("/facility/{fid}/assignments")).await.body;
        assert!(list.contains(&id) && list.contains("1 assignment"));

        let virtual_id = create(&staff, &fid, &virtual_work()).await;
        let page = staff.get(&format!("/facility/{fid}/assignments/{virtual_id}")).await.body;
        assert!(page.contains("Tuesday 09:00–11:00") && page.contains("Thursday 14:00–16:00"), "{page}");

        // Published once; a second time is a conflict that says why.
        assert_eq!(staff.submit(&format!("/facility/{fid}/assignments/{id}/publish"), &[]).await.status, 303);
        let again = staff.submit(&format!("/facility/{fid}/assignments/{id}/publish"), &[]).await;
        assert_eq!(again.status, 409);
        assert!(again.body.contains("Only a draft can be published"), "the page says why");
        assert!(staff.get(&format!("/facility/{fid}/assignments/{id}")).await.body.contains("Open"));

        // A professional interested in the open assignment hears of a change.
        let pro_email = unique_email("tor-pro");
        app.user_with_role(&pro_email, "professional").await;
        let pro_id = app.user(&pro_email).await.unwrap().id;
        let (aid, pid) = (id.clone(), pro_id.clone());
        app.services.db.write(move |c| {
            use diesel::ExpressionMethods;
            use sankofa::db::schema::interests as i;
            diesel::insert_into(i::table).values((
                i::id.eq(sankofa::db::new_id()),
                i::assignment_id.eq(&aid),
                i::user_id.eq(&pid),
                i::note.eq("I trained midwives in Kumasi."),
                i::created_at.eq(sankofa::db::now()),
            )).execute(c)?;
            Ok(())
        }).await.unwrap();
        let page = staff.get(&format!("/facility/{fid}/assignments/{id}")).await.body;
        assert!(page.contains("1 professional interested") && page.contains("I trained midwives in Kumasi."));
        assert!(!page.contains(&pro_email), "no contact details before a match (SECURITY 22)");
        let changed = staff.submit(&format!("/facility/{fid}/assignments/{id}/edit"), &pairs(&with(onsite(), "positions", "3"))).await;
        assert_eq!(changed.status, 303, "{}", changed.body);
        let mail = app.smtp.wait_for(&pro_email, WAIT).await;
        assert!(mail.subject().contains("has changed"), "{}", mail.subject());
        assert!(mail.text().contains(&format!("/assignments/{id}")));
        let edit = staff.get(&format!("/facility/{fid}/assignments/{id}/edit")).await;
        assert_eq!(edit.input_value("positions").as_deref(), Some("3"));

        // Closing asks for a reason, then ends every change.
        let close = format!("/facility/{fid}/assignments/{id}/close");
        assert_eq!(staff.get(&close).await.status, 200);
        let no_reason = staff.submit(&close, &[("reason", "  ")]).await;
        assert_eq!(no_reason.status, 422);
        assert!(no_reason.has_error("reason"));
        assert_eq!(staff.submit(&close, &[("reason", "Filled by a national team")]).await.status, 303);
        let page = staff.get(&format!("/facility/{fid}/assignments/{id}")).await.body;
        assert!(page.contains("Closed") && page.contains("Filled by a national team"));
        assert_eq!(staff.submit(&close, &[("reason", "again")]).await.status, 409);
        assert_eq!(staff.submit(&format!("/facility/{fid}/assignments/{id}/edit"), &pairs(&onsite())).await.status, 409);
        assert_eq!(staff.submit(&format!("/facility/{fid}/assignments/{id}/publish"), &[]).await.status, 409);

        let actions = app.audit_actions().await;
        for a in ["assignment_created", "assignment_published", "assignment_updated", "assignment_closed"] {
            assert!(actions.iter().any(|x| x == a), "{a} audited");
        }
    }
}

on_both! {
    async fn bad_assignments_are_refused_by_the_field_keeping_what_was_typed(backend) {
        let app = TestApp::spawn(backend).await;
        ghana_programme(&app).await;
        let (staff, fid) = facility(&app, true).await;
        let new = format!("/facility/{fid}/assignments/new");
        let long = "x".repeat(121);
        let cases: Vec<(Vec<(&'static str, String)>, &str)> = vec![
            (with(onsite(), "starts_on", &day(-1)), "starts_on"),
            (with(onsite(), "ends_on", &day(29)), "ends_on"),
            (with(onsite(), "ends_on", &day(49)), "ends_on"),
            (with(onsite(), "ends_on", &day(120)), "ends_on"),
            (with(onsite(), "starts_on", "31/12/2027"), "starts_on"),
            (with(with(virtual_work(), "session_2_day", "2"), "session_2_start", "10:00"), "session_2"),
            (with(virtual_work(), "hours_per_week", "3"), "hours_per_week"),
            (with(virtual_work(), "session_1_end", "09:00"), "session_1"),
            (with(onsite(), "positions", "0"), "positions"),
            (with(onsite(), "positions", "1000"), "positions"),
            (with(onsite(), "professions", "9999"), "professions"),
            (with(onsite(), "language_1", "zz"), "language_1"),
            (with(onsite(), "time_zone", "Mars/Olympus"), "time_zone"),
            (with(onsite(), "specialty", "astrology"), "specialty"),
            (with(onsite(), "title", &long), "title"),
            (with(onsite(), "objectives", &"y".repeat(4001)), "objectives"),
            (with(onsite(), "modality", "either"), "modality"),
        ];
        for (fields, field) in &cases {
            let page = staff.submit(&new, &pairs(fields)).await;
            assert_eq!(page.status, 422, "{field}: {}", &page.body[..page.body.len().min(400)]);
            assert!(page.has_error(field), "{field}: message by the field");
            assert!(page.body.contains("Midwifery mentor") || page.body.contains("Tele-mentoring") || *field == "title", "{field}: the title is kept");
        }
        assert_eq!(stored(&app, &fid).await, 0, "nothing stored");

        // Script in a title is shown as text; fields the form does not offer are ignored.
        let script = "<script>alert(1)</script> mentor";
        let mut fields = with(onsite(), "title", script);
        fields.push(("status", "open".into()));
        fields.push(("facility_id", "someone-else".into()));
        let id = create(&staff, &fid, &fields).await;
        let page = staff.get(&format!("/facility/{fid}/assignments/{id}")).await.body;
        assert!(!page.contains(script) && page.contains("alert(1)"), "escaped, not run");
        assert!(page.contains("Draft"), "the state is never typed");
        assert_eq!(stored(&app, &fid).await, 1);
    }
}

on_both! {
    async fn only_staff_of_a_verified_facility_reach_its_assignments(backend) {
        let app = TestApp::spawn(backend).await;
        ghana_programme(&app).await;
        let (staff, fid) = facility(&app, true).await;
        let (other, other_fid) = facility(&app, true).await;
        let (pending, pending_fid) = facility(&app, false).await;
        let id = create(&staff, &fid, &onsite()).await;
        let professional = app.user_with_role(&unique_email("tor-p"), "professional").await;
        let admin = app.user_with_role(&unique_email("tor-a"), "admin").await;
        let coordinator = app.user_with_role(&unique_email("tor-c"), "coordinator").await;
        let anonymous = app.client();

        for path in [format!("/facility/{pending_fid}/assignments"), format!("/facility/{pending_fid}/assignments/new")] {
            assert_eq!(pending.get(&path).await.status, 404, "unverified: {path}");
        }
        assert_eq!(pending.submit(&format!("/facility/{pending_fid}/assignments/new"), &pairs(&onsite())).await.status, 404);
        assert_eq!(stored(&app, &pending_fid).await, 0);

        let reads = [
            format!("/facility/{fid}/assignments"),
            format!("/facility/{fid}/assignments/new"),
            format!("/facility/{fid}/assignments/{id}"),
            format!("/facility/{fid}/assignments/{id}/edit"),
            format!("/facility/{fid}/assignments/{id}/close"),
        ];
        for path in &reads {
            assert_eq!(staff.get(path).await.status, 200, "own: {path}");
            assert_eq!(other.get(path).await.status, 404, "another facility: {path}");
            assert_eq!(professional.get(path).await.status, 403, "professional: {path}");
            assert_eq!(admin.get(path).await.status, 403, "admin: {path}");
            assert_eq!(coordinator.get(path).await.status, 403, "coordinator: {path}");
            assert_eq!(anonymous.get(path).await.status, 303, "anonymous: {path}");
        }
        // Another facility's assignment under one's own facility id.
        for path in [
            format!("/facility/{other_fid}/assignments/{id}"),
            format!("/facility/{other_fid}/assignments/{id}/edit"),
        ] {
            assert_eq!(other.get(&path).await.status, 404, "{path}");
        }
        let valid = onsite();
        let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
            (format!("/facility/{other_fid}/assignments/{id}/edit"), pairs(&valid)),
            (format!("/facility/{other_fid}/assignments/{id}/publish"), vec![]),
            (format!("/facility/{other_fid}/assignments/{id}/close"), vec![("reason", "mine now")]),
            (format!("/facility/{fid}/assignments/{id}/publish"), vec![]),
        ];
        for (path, fields) in &posts {
            assert_eq!(other.submit(path, fields).await.status, 404, "POST {path}");
        }
        // Without the CSRF token nothing moves.
        assert_eq!(staff.post(&format!("/facility/{fid}/assignments/{id}/publish"), &[]).await.status, 403);
        let page = staff.get(&format!("/facility/{fid}/assignments/{id}")).await.body;
        assert!(page.contains("Draft"), "still a draft");
    }
}
