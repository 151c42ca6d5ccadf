//! Programmes and coordinators: administrators create programmes and invite
//! coordinators by email; coordinators verify facilities and licences from
//! their programmes' countries and nothing else; removal ends their sessions.

use std::time::Duration;

use crate::helpers::html::{path_of, query_param};
use crate::helpers::{OTHER_PASSWORD, PASSWORD, TestApp, TestClient, unique_email};
use crate::on_both;

const WAIT: Duration = Duration::from_secs(10);

/// A form sent to a path, and the status expected for each role of the table.
type Post<'a> = (String, Vec<(&'a str, &'a str)>, [u16; 6]);

/// The fields of a valid programme form, defaults included.
pub(crate) fn programme_fields<'a>(code: &'a str, countries: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("name_en", "Ghana Health"),
        ("name_fr", "Santé Ghana"),
        ("countries", countries),
        ("residence_statuses", "citizen"),
        ("residence_statuses", "permanent_resident"),
        ("residence_statuses", "work_permit"),
        ("min_years_experience", "2"),
        ("onsite_min_days", "21"),
        ("onsite_max_days", "90"),
        ("weight_diaspora", "30"),
        ("weight_skills", "25"),
        ("weight_experience", "15"),
        ("weight_availability", "10"),
        ("weight_languages", "5"),
        ("weight_track_record", "10"),
        ("weight_interest", "5"),
        ("weight_safeguards", "0"),
        ("weight_urgency", "0"),
        ("status", "active"),
    ]
}

async fn programmes_of(app: &TestApp) -> Vec<sankofa::store::programmes::Programme> {
    app.services
        .db
        .run(|c| Ok(sankofa::store::programmes::all(c)?))
        .await
        .unwrap()
}

/// Creates a programme through the admin form; returns its id.
async fn create_programme(
    app: &TestApp,
    admin: &TestClient,
    code: &str,
    countries: &str,
) -> String {
    let saved = admin
        .submit("/admin/programmes/new", &programme_fields(code, countries))
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    programmes_of(app)
        .await
        .into_iter()
        .find(|p| p.code == code.to_uppercase())
        .expect("stored")
        .id
}

/// Invites a coordinator into programmes and follows the emailed link to
/// an account; returns the signed-in client.
async fn coordinator_via_invitation(
    app: &TestApp,
    admin: &TestClient,
    email: &str,
    programmes: &[&str],
) -> TestClient {
    let mut fields = vec![("email", email), ("locale", "en")];
    fields.extend(programmes.iter().map(|p| ("programmes", *p)));
    let sent = admin.submit("/admin/coordinators/invite", &fields).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let mail = app.smtp.wait_for(email, WAIT).await;
    let link = mail
        .link("/invitations/accept?token=")
        .expect("an invitation link");
    let c = app.client();
    let form = c.get(&path_of(&link)).await;
    assert_eq!(form.status, 200, "{}", form.body);
    let token = query_param(&link, "token");
    let done = c
        .submit(
            "/invitations/accept",
            &[
                ("token", &token),
                ("full_name", "Abena Coordinator"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        (done.status, done.location().as_str()),
        (303, "/coordinator?notice=invitation-accepted"),
        "{}",
        done.body
    );
    c
}

/// A professional from `origin` with a licence waiting for verification.
pub(crate) async fn professional_with_licence(
    app: &TestApp,
    email: &str,
    origin: &str,
) -> (TestClient, String) {
    let c = app.user_with_role(email, "professional").await;
    let work = c
        .submit(
            "/professional/profile/work",
            &[
                ("profession", "2222"),
                ("years_experience", "8"),
                ("wants_clinical", "yes"),
            ],
        )
        .await;
    assert_eq!(work.status, 303, "{}", work.body);
    let place = c
        .submit(
            "/professional/profile/place",
            &[
                ("origin_country", origin),
                ("residence_country", "GB"),
                ("residence_city", "Leeds"),
                ("residence_status", "citizen"),
                ("time_zone", "Europe/London"),
            ],
        )
        .await;
    assert_eq!(place.status, 303, "{}", place.body);
    let until = (chrono::Utc::now().date_naive() + chrono::Duration::days(400)).to_string();
    let added = c
        .submit(
            "/professional/licences/new",
            &[
                ("issuing_country", "GB"),
                ("issuing_body", "Nursing and Midwifery Council"),
                ("number", "12A3456B"),
                ("licence_profession", "2222"),
                ("valid_from", "2020-01-01"),
                ("valid_until", &until),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let id = app.user(email).await.unwrap().id;
    let licence = app
        .services
        .db
        .run(move |c| Ok(sankofa::store::licences::of_user(c, &id)?))
        .await
        .unwrap()
        .remove(0);
    (c, licence.id)
}

pub(crate) async fn facility_id_of(app: &TestApp, email: &str) -> String {
    let id = app.user(email).await.unwrap().id;
    app.services
        .db
        .run(move |c| Ok(sankofa::store::facilities::for_staff(c, &id)?))
        .await
        .unwrap()
        .remove(0)
        .id
}

async fn facility_status(app: &TestApp, id: &str) -> (String, Option<String>) {
    let id = id.to_string();
    let f = app
        .services
        .db
        .run(move |c| Ok(sankofa::store::facilities::find(c, &id)?))
        .await
        .unwrap()
        .unwrap();
    (f.status, f.status_reason)
}

on_both! {
    async fn admin_creates_and_changes_a_programme(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("prog-admin"), "admin").await;
        assert_eq!(admin.get("/admin/programmes/new").await.status, 200);
        let id = create_programme(&app, &admin, "gh-health", "GH, gh sl").await;
        let p = programmes_of(&app).await.remove(0);
        assert_eq!((p.code.as_str(), p.min_years_experience, p.onsite_min_days, p.weight_diaspora), ("GH-HEALTH", 2, 21, 30));
        let list = admin.get("/admin/programmes").await;
        assert!(list.body.contains("GH-HEALTH") && list.body.contains("Sierra Leone (SL)"), "{}", list.body);
        let edit = admin.get(&format!("/admin/programmes/{id}/edit")).await;
        assert_eq!(edit.input_value("countries").as_deref(), Some("GH, SL"));

        let mut fields = programme_fields("GH-HEALTH", "GH");
        fields.retain(|(k, _)| *k != "status");
        fields.push(("status", "archived"));
        let changed = admin.submit(&format!("/admin/programmes/{id}/edit"), &fields).await;
        assert_eq!(changed.status, 303, "{}", changed.body);
        let p = programmes_of(&app).await.remove(0);
        assert_eq!(p.status, "archived");
        let countries = app.services.db.run(move |c| Ok(sankofa::store::programmes::countries_of(c, &id)?)).await.unwrap();
        assert_eq!(countries, vec!["GH"]);
        let actions = app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "programme_created") && actions.iter().any(|a| a == "programme_changed"));
        assert_eq!(admin.get("/admin/programmes/00000000-0000-0000-0000-000000000000/edit").await.status, 404);
    }
}

on_both! {
    async fn bad_programme_input_is_refused_by_the_field_and_nothing_is_stored(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("prog-bad"), "admin").await;
        let long = "N".repeat(121);
        let cases: Vec<(&str, &str, &str)> = vec![
            ("code", "", "Enter this information"),
            ("code", "GH HEALTH!", "capital letters"),
            ("name_en", &long, "120 characters or fewer"),
            ("countries", "GH XX", "Choose a country from the list"),
            ("countries", "", "Choose at least one"),
            ("min_years_experience", "-1", "whole number from 0 to 70"),
            ("onsite_min_days", "0", "whole number from 1 to 366"),
            ("onsite_max_days", "10", "at least the shortest"),
            ("weight_skills", "12.5", "whole number from 0 to 100"),
            ("weight_urgency", "101", "whole number from 0 to 100"),
            ("status", "deleted", "Choose one of the options"),
        ];
        for (field, bad, message) in cases {
            let mut fields: Vec<(&str, &str)> = programme_fields("GH-HEALTH", "GH").into_iter().filter(|(k, _)| *k != field).collect();
            fields.push((field, bad));
            let page = admin.submit("/admin/programmes/new", &fields).await;
            assert_eq!(page.status, 422, "{field}={bad:?}");
            assert!(page.has_error(field), "{field}={bad:?}: {}", page.body);
            assert!(page.body.contains(message), "{field}={bad:?} should say {message:?}");
            assert_eq!(page.input_value("name_fr").as_deref(), Some("Santé Ghana"), "typed values are kept");
        }
        let zero: Vec<(&str, &str)> = programme_fields("GH-HEALTH", "GH").into_iter().map(|(k, v)| if k.starts_with("weight_") { (k, "0") } else { (k, v) }).collect();
        assert_eq!(admin.submit("/admin/programmes/new", &zero).await.status, 422);
        let no_status: Vec<(&str, &str)> = programme_fields("GH-HEALTH", "GH").into_iter().filter(|(k, _)| *k != "residence_statuses").collect();
        assert!(admin.submit("/admin/programmes/new", &no_status).await.has_error("residence_statuses"));
        assert!(programmes_of(&app).await.is_empty(), "nothing half-written");

        create_programme(&app, &admin, "GH-HEALTH", "GH").await;
        let twice = admin.submit("/admin/programmes/new", &programme_fields("gh-health", "NG")).await;
        assert_eq!(twice.status, 422);
        assert!(twice.body.contains("Another programme already has this code"));
        assert_eq!(programmes_of(&app).await.len(), 1);

        let xss = "<script>alert(1)</script>";
        let mut fields = programme_fields("XSS", "GH");
        fields.retain(|(k, _)| *k != "name_en");
        fields.push(("name_en", xss));
        let created = admin.submit("/admin/programmes/new", &fields).await;
        assert_eq!(created.status, 303);
        let list = admin.get("/admin/programmes").await;
        assert!(!list.body.contains(xss) && (list.body.contains("&lt;script&gt;") || list.body.contains("&#60;script&#62;")));
    }
}

on_both! {
    async fn invited_coordinator_sets_a_password_and_the_link_works_once_for_seven_days(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("inv-admin"), "admin").await;
        let gh = create_programme(&app, &admin, "GH-HEALTH", "GH").await;
        let email = unique_email("inv-coord");
        let c = coordinator_via_invitation(&app, &admin, &email, &[&gh]).await;
        let home = c.get("/coordinator").await;
        assert_eq!(home.status, 200);
        assert!(home.body.contains("GH-HEALTH") && home.body.contains("Welcome"), "{}", home.body);
        let user = app.user(&email).await.unwrap();
        assert_eq!(user.role, "coordinator");
        assert!(user.email_verified_at.is_some(), "the link proved the address");
        let list = admin.get("/admin/coordinators").await;
        assert!(list.body.contains(&email) && list.body.contains("GH-HEALTH"));

        // The same link again: refused with a clear page.
        let mail = app.smtp.wait_for(&email, WAIT).await;
        let token = query_param(&mail.link("/invitations/accept?token=").unwrap(), "token");
        let again = app.client();
        let page = again.get(&format!("/invitations/accept?token={token}")).await;
        assert_eq!(page.status, 400);
        assert!(page.body.contains("link"), "{}", page.body);
        let post = again.submit("/invitations/accept", &[("token", &token), ("full_name", "X"), ("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
        assert_eq!(post.status, 400);

        // A link past its seven days: refused.
        let late = unique_email("inv-late");
        admin.submit("/admin/coordinators/invite", &[("email", &late), ("locale", "fr"), ("programmes", &gh)]).await;
        let mail = app.smtp.wait_for(&late, WAIT).await;
        assert!(mail.subject().contains("Sankofa") && mail.text().contains("GH-HEALTH"));
        assert!(mail.text().contains("7 jours"), "in the invitee's language: {}", mail.text());
        let token = query_param(&mail.link("/invitations/accept?token=").unwrap(), "token");
        let lapse = late.clone();
        app.services.db.write(move |c| {
            use diesel::prelude::*;
            use sankofa::db::schema::invitations;
            diesel::update(invitations::table.filter(invitations::email.eq(&lapse)))
                .set(invitations::expires_at.eq(sankofa::db::now() - chrono::Duration::seconds(1)))
                .execute(c)?;
            Ok(())
        }).await.unwrap();
        assert_eq!(app.client().get(&format!("/invitations/accept?token={token}")).await.status, 400);
        assert!(app.user(&late).await.is_none());

        // Bad typing on a good link: by the field, the name kept, the link still good.
        let third = unique_email("inv-third");
        admin.submit("/admin/coordinators/invite", &[("email", &third), ("locale", "en"), ("programmes", &gh)]).await;
        let mail = app.smtp.wait_for(&third, WAIT).await;
        let token = query_param(&mail.link("/invitations/accept?token=").unwrap(), "token");
        let t = app.client();
        let short = t.submit("/invitations/accept", &[("token", &token), ("full_name", "Kwame <b>"), ("password", "short"), ("password_confirm", "short")]).await;
        assert_eq!(short.status, 422);
        assert!(short.has_error("password"));
        assert_eq!(short.input_value("full_name").as_deref(), Some("Kwame <b>"));
        assert!(app.user(&third).await.is_none());
        assert_eq!(t.get(&format!("/invitations/accept?token={token}")).await.status, 200);
    }
}

on_both! {
    async fn invitation_form_refuses_bad_input_and_existing_accounts(backend) {
        let app = TestApp::spawn(backend).await;
        let admin_email = unique_email("inv-bad-admin");
        let admin = app.user_with_role(&admin_email, "admin").await;
        let gh = create_programme(&app, &admin, "GH-HEALTH", "GH").await;
        let none = admin.submit("/admin/coordinators/invite", &[("email", "not-an-address"), ("locale", "en")]).await;
        assert_eq!(none.status, 422);
        assert!(none.has_error("email") && none.has_error("programmes"));
        assert_eq!(none.input_value("email").as_deref(), Some("not-an-address"));
        let unknown = admin.submit("/admin/coordinators/invite", &[("email", "a@example.org"), ("locale", "en"), ("programmes", "nope")]).await;
        assert!(unknown.has_error("programmes"));
        let taken = admin.submit("/admin/coordinators/invite", &[("email", &admin_email), ("locale", "en"), ("programmes", &gh)]).await;
        assert_eq!(taken.status, 422);
        assert!(taken.body.contains("already has an account"));
        assert_eq!(app.smtp.count_to("a@example.org"), 0);
    }
}

on_both! {
    async fn coordinator_verifies_facilities_of_their_countries_and_staff_are_told(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("fac-admin"), "admin").await;
        let gh = create_programme(&app, &admin, "GH-HEALTH", "GH").await;
        let ng = create_programme(&app, &admin, "NG-HEALTH", "NG").await;
        let coordinator = coordinator_via_invitation(&app, &admin, &unique_email("fac-coord"), &[&gh]).await;
        let stranger = coordinator_via_invitation(&app, &admin, &unique_email("fac-stranger"), &[&ng]).await;

        // Two facilities in Ghana sign up.
        let staff = unique_email("fac-staff");
        app.client().sign_up_facility(&staff, PASSWORD).await;
        let other_staff = unique_email("fac-staff2");
        app.client().sign_up_facility(&other_staff, PASSWORD).await;
        let (first, second) = (facility_id_of(&app, &staff).await, facility_id_of(&app, &other_staff).await);

        let queue = coordinator.get("/coordinator/facilities").await;
        assert!(queue.body.contains(&first) && queue.body.contains("2 waiting"), "{}", queue.body);
        assert!(!stranger.get("/coordinator/facilities").await.body.contains(&first), "another programme's coordinator");
        for path in [format!("/coordinator/facilities/{first}")] {
            assert_eq!(stranger.get(&path).await.status, 404);
        }
        assert_eq!(stranger.submit(&format!("/coordinator/facilities/{first}/verify"), &[]).await.status, 404);
        assert_eq!(facility_status(&app, &first).await.0, "pending");

        let page = coordinator.get(&format!("/coordinator/facilities/{first}")).await;
        assert!(page.body.contains("Tamale Teaching Hospital") && page.body.contains(&staff));
        let verified = coordinator.submit(&format!("/coordinator/facilities/{first}/verify"), &[]).await;
        assert_eq!((verified.status, verified.location().as_str()), (303, "/coordinator/facilities?notice=facility-verified"));
        assert_eq!(facility_status(&app, &first).await.0, "verified");
        let told = app.smtp.wait_for_nth(&staff, 2, WAIT).await;
        assert!(told.subject().contains("verified"), "{}", told.subject());
        assert!(told.text().contains("Tamale Teaching Hospital"));
        let again = coordinator.submit(&format!("/coordinator/facilities/{first}/reject"), &[("reason", "late")]).await;
        assert_eq!(again.status, 409, "decided once");
        assert!(again.body.contains("This facility has already been verified or rejected."), "{}", again.body);

        // A rejection needs a reason, which reaches the staff.
        let blank = coordinator.submit(&format!("/coordinator/facilities/{second}/reject"), &[("reason", "  ")]).await;
        assert_eq!(blank.status, 422);
        assert!(blank.has_error("reason"));
        let long = coordinator.submit(&format!("/coordinator/facilities/{second}/reject"), &[("reason", &"x".repeat(501))]).await;
        assert_eq!(long.status, 422);
        assert_eq!(facility_status(&app, &second).await.0, "pending");
        let reason = "The registration number <b>does not</b> match the ministry's list";
        let rejected = coordinator.submit(&format!("/coordinator/facilities/{second}/reject"), &[("reason", reason)]).await;
        assert_eq!(rejected.status, 303);
        assert_eq!(facility_status(&app, &second).await, ("rejected".into(), Some(reason.into())));
        let told = app.smtp.wait_for_nth(&other_staff, 2, WAIT).await;
        assert!(told.text().contains(reason));
        assert!(!told.html().contains("<b>does not</b>"), "the reason is escaped in HTML");
        assert!(coordinator.get("/coordinator/facilities").await.body.contains("0 waiting"));
        let actions = app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "facility_verified") && actions.iter().any(|a| a == "facility_rejected"));
        // The facility's own page shows the decision.
        let fac = app.client();
        fac.log_in(&staff, PASSWORD).await;
        assert!(fac.get("/facility").await.body.contains("Verified"));
    }
}

on_both! {
    async fn coordinator_verifies_a_licence_and_readiness_follows(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("lic-admin"), "admin").await;
        let gh = create_programme(&app, &admin, "GH-HEALTH", "GH").await;
        let ng = create_programme(&app, &admin, "NG-HEALTH", "NG").await;
        let coordinator = coordinator_via_invitation(&app, &admin, &unique_email("lic-coord"), &[&gh]).await;
        let stranger = coordinator_via_invitation(&app, &admin, &unique_email("lic-stranger"), &[&ng]).await;
        let email = unique_email("lic-pro");
        let (pro, licence) = professional_with_licence(&app, &email, "GH").await;
        let (_, nigerian) = professional_with_licence(&app, &unique_email("lic-pro-ng"), "NG").await;
        assert!(pro.get("/professional/profile").await.body.contains("Have a licence verified"));

        let queue = coordinator.get("/coordinator/licences").await;
        assert!(queue.body.contains(&licence) && !queue.body.contains(&nigerian), "{}", queue.body);
        assert_eq!(coordinator.get(&format!("/coordinator/licences/{nigerian}")).await.status, 404);
        assert_eq!(stranger.get(&format!("/coordinator/licences/{licence}")).await.status, 404);
        assert_eq!(stranger.submit(&format!("/coordinator/licences/{licence}/verify"), &[]).await.status, 404);
        let page = coordinator.get(&format!("/coordinator/licences/{licence}")).await;
        assert!(page.body.contains("12A3456B") && page.body.contains("Nursing and Midwifery Council"));
        assert_eq!(coordinator.submit(&format!("/coordinator/licences/{licence}/maybe"), &[]).await.status, 404);

        let done = coordinator.submit(&format!("/coordinator/licences/{licence}/verify"), &[]).await;
        assert_eq!((done.status, done.location().as_str()), (303, "/coordinator/licences?notice=licence-verified"));
        let told = app.smtp.wait_for(&email, WAIT).await;
        assert!(told.subject().contains("licence") && told.text().contains("12A3456B"), "{}", told.text());
        assert!(!pro.get("/professional/profile").await.body.contains("Have a licence verified"), "readiness follows");
        assert!(pro.get("/professional/licences").await.body.contains("Verified"));
        let again = coordinator.submit(&format!("/coordinator/licences/{licence}/reject"), &[("reason", "x")]).await;
        assert_eq!(again.status, 409);
        assert!(again.body.contains("This licence has already been verified or rejected."), "{}", again.body);

        // The Nigerian licence, rejected with a reason by its own coordinator.
        let reject = stranger.submit(&format!("/coordinator/licences/{nigerian}/reject"), &[("reason", "Number not on the register")]).await;
        assert_eq!(reject.status, 303);
        let actions = app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "licence_verified") && actions.iter().any(|a| a == "licence_rejected"));
    }
}

on_both! {
    async fn changed_programmes_apply_at_once_and_removal_ends_every_session(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("rm-admin"), "admin").await;
        let gh = create_programme(&app, &admin, "GH-HEALTH", "GH").await;
        let ng = create_programme(&app, &admin, "NG-HEALTH", "NG").await;
        let email = unique_email("rm-coord");
        let coordinator = coordinator_via_invitation(&app, &admin, &email, &[&ng]).await;
        let staff = unique_email("rm-staff");
        app.client().sign_up_facility(&staff, PASSWORD).await;
        let facility = facility_id_of(&app, &staff).await;
        assert_eq!(coordinator.get(&format!("/coordinator/facilities/{facility}")).await.status, 404);

        let id = app.user(&email).await.unwrap().id;
        assert_eq!(admin.get(&format!("/admin/coordinators/{id}/programmes")).await.status, 200);
        let none = admin.submit(&format!("/admin/coordinators/{id}/programmes"), &[]).await;
        assert_eq!(none.status, 422);
        assert!(none.has_error("programmes"));
        let moved = admin.submit(&format!("/admin/coordinators/{id}/programmes"), &[("programmes", &gh)]).await;
        assert_eq!(moved.status, 303);
        assert_eq!(coordinator.get(&format!("/coordinator/facilities/{facility}")).await.status, 200, "at once");

        let confirm = admin.get(&format!("/admin/coordinators/{id}/remove")).await;
        assert!(confirm.body.contains(&email));
        let removed = admin.submit(&format!("/admin/coordinators/{id}/remove"), &[]).await;
        assert_eq!((removed.status, removed.location().as_str()), (303, "/admin/coordinators?notice=coordinator-removed"));
        let refused = coordinator.get("/coordinator").await;
        assert_eq!(refused.status, 303, "the old cookie is refused");
        assert!(refused.location().starts_with("/login"));
        assert_eq!(app.client().submit("/login", &[("email", &email), ("password", PASSWORD)]).await.status, 401);
        assert_eq!(admin.get(&format!("/admin/coordinators/{id}/remove")).await.status, 404, "gone");
        assert!(!admin.get("/admin/coordinators").await.body.contains(&email));
    }
}

on_both! {
    async fn a_removed_coordinator_is_invited_back_into_the_new_programmes_only(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("back-admin"), "admin").await;
        let gh = create_programme(&app, &admin, "GH-HEALTH", "GH").await;
        let ng = create_programme(&app, &admin, "NG-HEALTH", "NG").await;
        let email = unique_email("back-coord");
        let old = coordinator_via_invitation(&app, &admin, &email, &[&gh]).await;
        let id = app.user(&email).await.unwrap().id;
        assert_eq!(admin.submit(&format!("/admin/coordinators/{id}/remove"), &[]).await.status, 303);
        assert_eq!(old.get("/coordinator").await.status, 303);

        // Invited again, into another programme, in French.
        let sent = admin.submit("/admin/coordinators/invite", &[("email", &email), ("locale", "fr"), ("programmes", &ng)]).await;
        assert_eq!((sent.status, sent.location().as_str()), (303, "/admin/coordinators?notice=coordinator-invited"), "{}", sent.body);
        let mail = app.smtp.wait_for_nth(&email, 2, WAIT).await;
        assert!(mail.text().contains("NG-HEALTH"), "{}", mail.text());
        let token = query_param(&mail.link("/invitations/accept?token=").unwrap(), "token");
        let back = app.client();
        let form = back.get(&format!("/invitations/accept?token={token}")).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(form.body.contains("NG-HEALTH"));
        let done = back
            .submit("/invitations/accept", &[("token", &token), ("full_name", "Abena Mensah"), ("password", OTHER_PASSWORD), ("password_confirm", OTHER_PASSWORD)])
            .await;
        assert_eq!((done.status, done.location().as_str()), (303, "/coordinator?notice=invitation-accepted"), "{}", done.body);
        let user = app.user(&email).await.unwrap();
        assert_eq!((user.id.as_str(), user.full_name.as_str(), user.locale.as_str()), (id.as_str(), "Abena Mensah", "fr"), "the same account, renamed");
        assert!(user.disabled_at.is_none() && user.email_verified_at.is_some());
        let home = back.get("/coordinator").await;
        assert_eq!(home.status, 200);
        assert!(home.body.contains("NG-HEALTH") && !home.body.contains("GH-HEALTH"), "{}", home.body);

        // Signs in with the new password only, into the new programme only;
        // the session from before the removal stays refused.
        assert_eq!(app.client().submit("/login", &[("email", &email), ("password", PASSWORD)]).await.status, 401);
        let fresh = app.client();
        fresh.log_in(&email, OTHER_PASSWORD).await;
        let home = fresh.get("/coordinator").await;
        assert!(home.body.contains("NG-HEALTH") && !home.body.contains("GH-HEALTH"), "{}", home.body);
        let refused = old.get("/coordinator").await;
        assert_eq!(refused.status, 303, "the old cookie is refused");
        assert!(refused.location().starts_with("/login"));
        assert!(admin.get("/admin/coordinators").await.body.contains(&email));

        // The link worked once; a coordinator in use cannot be invited again.
        assert_eq!(app.client().get(&format!("/invitations/accept?token={token}")).await.status, 400);
        let again = admin.submit("/admin/coordinators/invite", &[("email", &email), ("locale", "en"), ("programmes", &gh)]).await;
        assert_eq!(again.status, 422);
        assert!(again.body.contains("already has an account"));
    }
}

on_both! {
    async fn admin_extends_specialties_and_records_a_safeguards_edition(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("voc-admin"), "admin").await;
        let page = admin.get("/admin/safeguards").await;
        assert!(page.body.contains("55 countries") && page.body.contains("2023-03-14"), "{}", page.body);
        let added = admin.submit("/admin/specialties", &[("name_en", "Tropical medicine"), ("name_fr", "Médecine tropicale")]).await;
        assert_eq!(added.status, 303, "{}", added.body);
        let pro = app.user_with_role(&unique_email("voc-pro"), "professional").await;
        assert!(pro.get("/professional/profile/work").await.body.contains("tropical_medicine"), "offered at once");
        let twice = admin.submit("/admin/specialties", &[("name_en", "Tropical medicine"), ("name_fr", "Autre")]).await;
        assert_eq!(twice.status, 422);
        assert!(twice.has_error("name_en"));
        assert_eq!(admin.submit("/admin/specialties", &[("name_en", ""), ("name_fr", "x")]).await.status, 422);

        let bad = admin.submit("/admin/safeguards", &[("countries", "GH NG ZZ"), ("edition", "2030-01-01")]).await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("ZZ") && bad.has_error("countries"));
        let future = admin.submit("/admin/safeguards", &[("countries", "GH NG"), ("edition", "2999-01-01")]).await;
        assert!(future.has_error("edition"));
        let saved = admin.submit("/admin/safeguards", &[("countries", "gh, NG\nsl"), ("edition", "2025-06-01")]).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let list = app.services.db.run(|c| Ok((sankofa::store::safeguards::countries(c)?, sankofa::store::safeguards::edition(c)?))).await.unwrap();
        assert_eq!(list.0, vec!["GH", "NG", "SL"]);
        assert_eq!(list.1.unwrap().to_string(), "2025-06-01");
        let actions = app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "specialty_added") && actions.iter().any(|a| a == "safeguards_list_changed"));
    }
}

on_both! {
    async fn every_programme_route_answers_each_role_as_expected(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.user_with_role(&unique_email("tbl-admin"), "admin").await;
        let gh = create_programme(&app, &admin, "GH-HEALTH", "GH").await;
        let ng = create_programme(&app, &admin, "NG-HEALTH", "NG").await;
        let coordinator = coordinator_via_invitation(&app, &admin, &unique_email("tbl-coord"), &[&gh]).await;
        let other_email = unique_email("tbl-other");
        let other = coordinator_via_invitation(&app, &admin, &other_email, &[&ng]).await;
        let coord_id = app.user(&other_email).await.unwrap().id;
        let staff = unique_email("tbl-staff");
        let facility_client = app.client();
        facility_client.sign_up_facility(&staff, PASSWORD).await;
        facility_client.log_in(&staff, PASSWORD).await;
        let facility = facility_id_of(&app, &staff).await;
        let (professional, licence) = professional_with_licence(&app, &unique_email("tbl-pro"), "GH").await;
        let anonymous = app.client();

        // (path, admin, coordinator, coordinator of another programme, professional, facility, anonymous)
        let rows: Vec<(String, [u16; 6])> = vec![
            ("/admin/programmes".into(), [200, 403, 403, 403, 403, 303]),
            ("/admin/programmes/new".into(), [200, 403, 403, 403, 403, 303]),
            (format!("/admin/programmes/{gh}/edit"), [200, 403, 403, 403, 403, 303]),
            ("/admin/coordinators".into(), [200, 403, 403, 403, 403, 303]),
            ("/admin/coordinators/invite".into(), [200, 403, 403, 403, 403, 303]),
            (format!("/admin/coordinators/{coord_id}/programmes"), [200, 403, 403, 403, 403, 303]),
            (format!("/admin/coordinators/{coord_id}/remove"), [200, 403, 403, 403, 403, 303]),
            ("/admin/specialties".into(), [200, 403, 403, 403, 403, 303]),
            ("/admin/safeguards".into(), [200, 403, 403, 403, 403, 303]),
            ("/coordinator".into(), [403, 200, 200, 403, 403, 303]),
            ("/coordinator/facilities".into(), [403, 200, 200, 403, 403, 303]),
            (format!("/coordinator/facilities/{facility}"), [403, 200, 404, 403, 403, 303]),
            ("/coordinator/licences".into(), [403, 200, 200, 403, 403, 303]),
            (format!("/coordinator/licences/{licence}"), [403, 200, 404, 403, 403, 303]),
        ];
        let clients = [("admin", &admin), ("coordinator", &coordinator), ("other programme", &other), ("professional", &professional), ("facility", &facility_client), ("anonymous", &anonymous)];
        for (path, expected) in &rows {
            for ((who, c), want) in clients.iter().zip(expected) {
                assert_eq!(c.get(path).await.status, *want, "{who}: {path}");
            }
        }
        // Writes: only the right role, and a coordinator only inside their programmes.
        let posts: Vec<Post> = vec![
            ("/admin/programmes/new".into(), programme_fields("NEW", "KE"), [303, 403, 403, 403, 403, 303]),
            (format!("/coordinator/facilities/{facility}/reject"), vec![("reason", "no")], [403, 404, 404, 403, 403, 303]),
            (format!("/coordinator/licences/{licence}/reject"), vec![("reason", "no")], [403, 404, 404, 403, 403, 303]),
        ];
        for (path, fields, expected) in &posts {
            for ((who, c), want) in clients.iter().zip(expected).skip(2) {
                assert_eq!(c.submit(path, fields).await.status, *want, "{who}: POST {path}");
            }
        }
        assert_eq!(facility_status(&app, &facility).await.0, "pending", "nothing changed");
        assert_eq!(programmes_of(&app).await.len(), 2);
        // POST without the CSRF token.
        assert_eq!(coordinator.post(&format!("/coordinator/facilities/{facility}/verify"), &[]).await.status, 403);
        assert_eq!(admin.post("/admin/programmes/new", &programme_fields("NOCSRF", "GH")).await.status, 403);
        assert_eq!(programmes_of(&app).await.len(), 2);
    }
}

on_both! {
    async fn a_nul_character_in_a_path_or_form_is_a_bad_request(backend) {
        let app = TestApp::spawn(backend).await;
        let pro = app.user_with_role(&unique_email("nul-pro"), "professional").await;
        let status = pro.get("/professional/licences/a%00b/edit").await.status;
        assert!(status == 400 || status == 404, "{status}");
        let admin = app.user_with_role(&unique_email("nul-admin"), "admin").await;
        let status = admin.get("/admin/coordinators/a%00b/programmes").await.status;
        assert!(status == 400 || status == 404, "{status}");
        let status = admin.submit("/admin/coordinators/invite", &[("email", "a@example.org"), ("locale", "en"), ("programmes", "a\0b")]).await.status;
        assert!((400..500).contains(&status), "{status}");
    }
}

on_both! {
    async fn facility_staff_invite_a_colleague_who_joins_the_facility(backend) {
        let app = TestApp::spawn(backend).await;
        let staff = unique_email("staff-a");
        let c = app.client();
        c.sign_up_facility(&staff, PASSWORD).await;
        c.log_in(&staff, PASSWORD).await;
        let facility = facility_id_of(&app, &staff).await;
        let other_staff = unique_email("staff-b");
        let other = app.client();
        other.sign_up_facility(&other_staff, PASSWORD).await;
        other.log_in(&other_staff, PASSWORD).await;

        assert_eq!(other.get(&format!("/facility/{facility}/invite")).await.status, 404, "another facility's staff");
        let colleague = unique_email("staff-new");
        assert_eq!(other.submit(&format!("/facility/{facility}/invite"), &[("email", &colleague), ("locale", "en")]).await.status, 404);
        let bad = c.submit(&format!("/facility/{facility}/invite"), &[("email", "nope"), ("locale", "en")]).await;
        assert_eq!(bad.status, 422);
        assert!(bad.has_error("email"));
        assert_eq!(bad.input_value("email").as_deref(), Some("nope"));
        let taken = c.submit(&format!("/facility/{facility}/invite"), &[("email", &other_staff), ("locale", "en")]).await;
        assert_eq!(taken.status, 422);

        let sent = c.submit(&format!("/facility/{facility}/invite"), &[("email", &colleague), ("locale", "en")]).await;
        assert_eq!((sent.status, sent.location().as_str()), (303, "/facility?notice=staff-invited"));
        let mail = app.smtp.wait_for(&colleague, WAIT).await;
        assert!(mail.text().contains("Tamale Teaching Hospital") && mail.text().contains("Kofi Boateng"), "{}", mail.text());
        let token = query_param(&mail.link("/invitations/accept?token=").unwrap(), "token");
        let joined = app.client();
        assert!(joined.get(&format!("/invitations/accept?token={token}")).await.body.contains("Tamale Teaching Hospital"));
        let done = joined.submit("/invitations/accept", &[("token", &token), ("full_name", "Esi Colleague"), ("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
        assert_eq!((done.status, done.location().as_str()), (303, "/facility?notice=invitation-accepted"));
        let home = joined.get("/facility").await;
        assert!(home.body.contains("Tamale Teaching Hospital") && home.body.contains("Kofi Boateng") && home.body.contains("Esi Colleague"), "{}", home.body);
        assert!(c.get("/facility").await.body.contains("Esi Colleague"), "the facility's page lists its staff");
        assert!(!other.get("/facility").await.body.contains("Esi Colleague"));
        assert!(app.audit_actions().await.iter().any(|a| a == "staff_invited"));
    }
}
