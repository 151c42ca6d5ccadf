//! Discovery: professionals search open assignments (every filter narrows,
//! pages keep the filters), read one with each programme's verdict on them,
//! express and withdraw interest; the facility and the coordinators see it;
//! nobody else reaches these pages.

use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};

use crate::assignments::{create, day, facility, onsite, virtual_work, with};
use crate::helpers::html::unescape;
use crate::helpers::{Page, TestApp, TestClient, unique_email};
use crate::on_both;
use crate::registry::{coordinator_of, programme};

/// A professional who can log in, with a profile: origin, years of
/// experience, residence status abroad and time zone.
pub(crate) async fn professional(
    app: &TestApp,
    origin: &str,
    years: i32,
    status: &str,
    zone: &str,
) -> (TestClient, String) {
    let email = unique_email("disc-pro");
    let client = app.user_with_role(&email, "professional").await;
    let id = app.user(&email).await.unwrap().id;
    let (uid, origin, status, zone) = (
        id.clone(),
        origin.to_string(),
        status.to_string(),
        zone.to_string(),
    );
    app.services
        .db
        .write(move |c| {
            let now = sankofa::db::now();
            sankofa::store::professionals::save(
                c,
                &sankofa::store::professionals::Profile {
                    user_id: uid,
                    profession_code: Some("2222".into()),
                    years_experience: Some(years),
                    wants_clinical: false,
                    origin_country: Some(origin),
                    residence_country: Some("GB".into()),
                    residence_city: Some("Leeds".into()),
                    residence_status: Some(status),
                    time_zone: Some(zone),
                    bio: String::new(),
                    created_at: now,
                    updated_at: now,
                },
            )?;
            Ok(())
        })
        .await
        .unwrap();
    (client, id)
}

/// Moves a facility (and so the assignments it creates next) to a country.
async fn move_facility(app: &TestApp, fid: &str, country: &str) {
    let (fid, country) = (fid.to_string(), country.to_string());
    app.services
        .db
        .write(move |c| {
            use sankofa::db::schema::facilities as f;
            diesel::update(f::table.filter(f::id.eq(&fid)))
                .set(f::country_code.eq(&country))
                .execute(c)?;
            Ok(())
        })
        .await
        .unwrap();
}

/// Creates and publishes an assignment; returns its id.
pub(crate) async fn published(
    staff: &TestClient,
    fid: &str,
    fields: &[(&'static str, String)],
) -> String {
    let id = create(staff, fid, fields).await;
    let page = staff
        .submit(&format!("/facility/{fid}/assignments/{id}/publish"), &[])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    id
}

/// Interests stored for an assignment, standing or withdrawn.
pub(crate) async fn interests_stored(app: &TestApp, assignment: &str) -> (i64, i64) {
    let aid = assignment.to_string();
    app.services
        .db
        .run(move |c| {
            use sankofa::db::schema::interests as i;
            let all: i64 = i::table
                .filter(i::assignment_id.eq(&aid))
                .count()
                .get_result(c)?;
            let standing: i64 = i::table
                .filter(i::assignment_id.eq(&aid))
                .filter(i::withdrawn_at.is_null())
                .count()
                .get_result(c)?;
            Ok((all, standing))
        })
        .await
        .unwrap()
}

fn shows(page: &Page, id: &str) -> bool {
    page.body.contains(&format!("href=\"/assignments/{id}\""))
}

fn found(n: usize) -> String {
    match n {
        1 => "1 open assignment found".to_string(),
        n => format!("{n} open assignments found"),
    }
}

on_both! {
    async fn every_filter_narrows_the_search_and_its_total(backend) {
        let app = TestApp::spawn(backend).await;
        programme(&app, "GH-KE", &["GH", "KE"], 0, "citizen").await;
        let (staff, fid) = facility(&app, true).await;
        let (kenya, kenya_fid) = facility(&app, true).await;
        move_facility(&app, &kenya_fid, "KE").await;

        let midwifery = published(&staff, &fid, &onsite()).await;
        let mut tele = with(virtual_work(), "urgent", "yes");
        tele.retain(|(k, v)| !(*k == "professions" && v == "2222"));
        let tele = published(&staff, &fid, &with(with(tele, "language_1", "fr"), "level_1", "conversational")).await;
        let mut emergency = with(with(onsite(), "title", "Emergency care TRAINER"), "specialty", "");
        emergency.retain(|(k, _)| *k != "professions");
        emergency.push(("professions", "2211".into()));
        let emergency = with(with(with(emergency, "starts_on", &day(100)), "ends_on", &day(127)), "objectives", "Teach triage to the casualty team.");
        let emergency = published(&kenya, &kenya_fid, &emergency).await;
        let draft = create(&staff, &fid, &with(onsite(), "title", "Draft never shown")).await;
        let closed = published(&staff, &fid, &with(onsite(), "title", "Closed never shown")).await;
        let close = staff.submit(&format!("/facility/{fid}/assignments/{closed}/close"), &[("reason", "Filled locally")]).await;
        assert_eq!(close.status, 303);

        let (pro, _) = professional(&app, "GH", 8, "citizen", "Europe/London").await;
        let all = pro.get("/assignments").await;
        assert_eq!(all.status, 200);
        assert!(all.body.contains(&found(3)), "{}", all.body);
        for id in [&midwifery, &tele, &emergency] {
            assert!(shows(&all, id), "{id} found");
        }
        assert!(!shows(&all, &draft) && !shows(&all, &closed), "drafts and closed assignments never appear");
        assert!(!all.body.contains("never shown"));
        assert!(all.body.contains("Tamale Teaching Hospital") && all.body.contains("Ghana") && all.body.contains("Kenya"));
        assert!(all.body.contains("WHO safeguards list") && all.body.contains("Urgent"));

        let cases: Vec<(String, Vec<&String>)> = vec![
            ("country=KE".into(), vec![&emergency]),
            ("profession=2211".into(), vec![&emergency]),
            ("profession=2222".into(), vec![&midwifery]),
            ("specialty=obstetrics_gynaecology".into(), vec![&midwifery, &tele]),
            ("modality=virtual".into(), vec![&tele]),
            ("modality=on_site".into(), vec![&midwifery, &emergency]),
            (format!("from={}", day(90)), vec![&tele, &emergency]),
            (format!("to={}", day(60)), vec![&midwifery, &tele]),
            (format!("from={}&to={}", day(90), day(95)), vec![&tele]),
            ("language=fr".into(), vec![&tele]),
            ("language=en".into(), vec![&midwifery, &emergency]),
            ("urgent=yes".into(), vec![&tele]),
            ("safeguards=yes".into(), vec![&midwifery, &tele]),
            ("q=neonatal".into(), vec![&tele]),
            ("q=trainer".into(), vec![&emergency]),
            ("q=CASUALTY".into(), vec![&emergency]),
            ("q=100%25".into(), vec![]),
            ("country=KE&safeguards=yes".into(), vec![]),
        ];
        for (query, want) in &cases {
            let page = pro.get(&format!("/assignments?{query}")).await;
            assert_eq!(page.status, 200, "{query}");
            assert!(page.body.contains(&found(want.len())), "{query}: {} in {}", found(want.len()), &page.body);
            for id in [&midwifery, &tele, &emergency] {
                assert_eq!(shows(&page, id), want.contains(&id), "{query}: {id}");
            }
        }

        // Bad criteria: 400, a message by each field, what was typed kept.
        let bad = pro.get("/assignments?country=XX&from=31%2F12%2F2027&language=zz&q=neonatal").await;
        assert_eq!(bad.status, 400);
        for field in ["country", "from", "language"] {
            assert!(bad.has_error(field), "{field}");
        }
        assert_eq!(bad.input_value("q").as_deref(), Some("neonatal"));
        assert_eq!(bad.input_value("from").as_deref(), Some("31/12/2027"));
        let inverted = pro.get(&format!("/assignments?from={}&to={}", day(90), day(30))).await;
        assert_eq!(inverted.status, 400);
        assert!(inverted.has_error("to"));
        assert!(all.body.len() < 30_000, "the page stays small: {}", all.body.len());
    }
}

on_both! {
    async fn pages_keep_the_filters(backend) {
        let app = TestApp::spawn(backend).await;
        let (staff, fid) = facility(&app, true).await;
        let mut ids = Vec::new();
        for n in 0..21 {
            let fields = with(virtual_work(), "title", &format!("Tele-mentoring round {n}"));
            ids.push(published(&staff, &fid, &fields).await);
        }
        let onsite_id = published(&staff, &fid, &onsite()).await;
        let (pro, _) = professional(&app, "GH", 8, "citizen", "Europe/London").await;

        let first = pro.get("/assignments?modality=virtual&q=tele").await;
        assert_eq!(first.status, 200);
        assert!(first.body.contains(&found(21)));
        assert_eq!(ids.iter().filter(|id| shows(&first, id)).count(), 20, "20 a page");
        assert!(first.body.contains("Page 1 of 2"));
        assert!(first.body.len() < 30_000, "a full page stays small: {}", first.body.len());
        let next = first.body.split("rel=\"next\"").next().unwrap();
        let link = next.rsplit("href=\"").next().unwrap().split('"').next().unwrap();
        let link = unescape(link);
        assert!(link.contains("modality=virtual") && link.contains("q=tele") && link.contains("page=2"), "{link}");

        let second = pro.get(&link).await;
        assert_eq!(second.status, 200);
        assert!(second.body.contains(&found(21)), "the total stays");
        assert_eq!(ids.iter().filter(|id| shows(&second, id)).count(), 1);
        assert!(!shows(&second, &onsite_id), "the filters still hold on page 2");
        assert!(second.body.contains("rel=\"prev\""));
    }
}

on_both! {
    async fn reading_shows_the_terms_the_verdicts_and_no_staff_email(backend) {
        let app = TestApp::spawn(backend).await;
        programme(&app, "GH-OPEN", &["GH"], 0, "citizen").await;
        programme(&app, "GH-SENIOR", &["GH"], 5, "citizen").await;
        programme(&app, "NG-ONLY", &["NG"], 0, "citizen").await;
        let (staff, fid) = facility(&app, true).await;
        let tele = published(&staff, &fid, &with(virtual_work(), "support_accommodation", "yes")).await;
        let draft = create(&staff, &fid, &onsite()).await;
        let closed = published(&staff, &fid, &onsite()).await;
        staff.submit(&format!("/facility/{fid}/assignments/{closed}/close"), &[("reason", "Filled")]).await;
        let staff_emails: Vec<String> = {
            let fid = fid.clone();
            app.services.db.run(move |c| Ok(sankofa::store::facilities::staff_of(c, &fid)?)).await.unwrap()
                .into_iter().map(|s| s.email).collect()
        };
        assert!(!staff_emails.is_empty());

        // Tokyo is 9 hours ahead of Accra all year.
        let (pro, _) = professional(&app, "GH", 2, "citizen", "Asia/Tokyo").await;
        let page = pro.get(&format!("/assignments/{tele}")).await;
        assert_eq!(page.status, 200);
        for text in [
            "Tele-mentoring of neonatal nurses", "Train 12 midwives in emergency obstetric care.",
            "Tamale Teaching Hospital", "Hospital", "Tamale", "Northern", "Ghana",
            "Nursing professional", "Obstetrics and gynaecology", "emergency obstetric care", "teaching",
            "English (Professional", "Virtual", "Africa/Accra", "Travel", "Accommodation", "Return flight.",
            "WHO safeguards list", "Tuesday 09:00–11:00", "Asia/Tokyo",
            "Tuesday 18:00–20:00", "Thursday 23:00–01:00 (next day)",
            "GH-OPEN", "You are eligible", "GH-SENIOR", "This programme needs at least 5 years of experience.",
        ] {
            assert!(page.body.contains(text), "{text} in the page");
        }
        assert!(!page.body.contains("NG-ONLY"), "only programmes covering the country");
        for email in &staff_emails {
            assert!(!page.body.contains(email.as_str()), "no staff email");
        }
        assert!(!page.body.contains("Kofi Boateng"), "no staff name");
        assert!(page.body.len() < 30_000);

        // The search shows the same sessions in the reader's time.
        let list = pro.get("/assignments?modality=virtual").await.body;
        assert!(list.contains("Tuesday 18:00–20:00") && list.contains("Asia/Tokyo"), "{list}");

        // From elsewhere, with another residence status: why not, for each.
        let (other, _) = professional(&app, "NG", 10, "work_permit", "Africa/Accra").await;
        let page = other.get(&format!("/assignments/{tele}")).await.body;
        assert!(page.contains("This programme is for people from one of its countries."));
        assert!(page.contains("does not accept your residence status"));
        assert!(!page.contains("You are eligible"));
        assert!(page.contains("Tuesday 09:00–11:00"), "their own zone is the facility's");

        for id in [draft.as_str(), closed.as_str(), "no-such-assignment"] {
            assert_eq!(pro.get(&format!("/assignments/{id}")).await.status, 404, "{id}");
            assert_eq!(pro.submit(&format!("/assignments/{id}/interest"), &[("note", "hi")]).await.status, 404, "{id}");
        }
    }
}

on_both! {
    async fn professional_expresses_and_withdraws_interest_seen_by_facility_and_coordinators(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let ng = programme(&app, "NG-HEALTH", &["NG"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let elsewhere = coordinator_of(&app, &[&ng]).await;
        let (staff, fid) = facility(&app, true).await;
        let id = published(&staff, &fid, &onsite()).await;
        let (pro, pro_id) = professional(&app, "GH", 8, "citizen", "Europe/London").await;

        let page = pro.get(&format!("/assignments/{id}")).await;
        assert!(page.body.contains("Express interest") && page.body.contains("name=\"note\""));
        let note = "I trained midwives in Kumasi for six years.";
        let done = pro.submit(&format!("/assignments/{id}/interest"), &[("note", note)]).await;
        assert_eq!(done.status, 303, "{}", done.body);
        assert_eq!(done.location(), format!("/assignments/{id}?notice=interest-expressed"));
        let page = pro.get(&done.location()).await.body;
        assert!(page.contains("Your interest is recorded") && page.contains("You expressed interest") && page.contains(note));
        assert!(page.contains(&format!("/assignments/{id}/withdraw")), "withdrawing is offered");
        assert!(!page.contains("name=\"note\""), "no second form");

        // A second time keeps the one.
        let again = pro.submit(&format!("/assignments/{id}/interest"), &[("note", "again")]).await;
        assert_eq!(again.status, 409);
        assert!(again.body.contains("already expressed interest"));
        assert_eq!(interests_stored(&app, &id).await, (1, 1));

        let facility_page = staff.get(&format!("/facility/{fid}/assignments/{id}")).await.body;
        assert!(facility_page.contains("1 professional interested") && facility_page.contains(note));

        let home = coordinator.get("/coordinator").await.body;
        assert!(home.contains("/coordinator/interests"), "linked from the coordinator's home");
        let listed = coordinator.get("/coordinator/interests").await;
        assert_eq!(listed.status, 200);
        for text in ["1 standing interest", "Midwifery mentor, maternity ward", "Tamale Teaching Hospital", "Test User", "Midwifery professional"] {
            assert!(listed.body.contains(text), "{text} listed");
        }
        assert!(listed.body.contains(&format!("/coordinator/professionals/{pro_id}")));
        let other = elsewhere.get("/coordinator/interests").await;
        assert_eq!(other.status, 200);
        assert!(other.body.contains("0 standing interests") && !other.body.contains("Midwifery mentor"), "another programme's coordinator sees none");

        // Withdrawn: gone for the facility and the coordinators; the page says so.
        let gone = pro.submit(&format!("/assignments/{id}/withdraw"), &[]).await;
        assert_eq!(gone.status, 303);
        let page = pro.get(&gone.location()).await.body;
        assert!(page.contains("Your interest is withdrawn") && page.contains("name=\"note\""));
        assert!(!staff.get(&format!("/facility/{fid}/assignments/{id}")).await.body.contains(note));
        assert!(coordinator.get("/coordinator/interests").await.body.contains("0 standing interests"));
        assert_eq!(interests_stored(&app, &id).await, (1, 0));

        // And expressed anew.
        assert_eq!(pro.submit(&format!("/assignments/{id}/interest"), &[("note", "")]).await.status, 303);
        assert_eq!(interests_stored(&app, &id).await, (2, 1));

        let actions = app.audit_actions().await;
        for a in ["interest_expressed", "interest_withdrawn"] {
            assert!(actions.iter().any(|x| x == a), "{a} audited");
        }
        let home = pro.get("/professional").await.body;
        assert!(home.contains("href=\"/assignments\""), "the professional's home links the search");
    }
}

on_both! {
    async fn a_note_too_long_is_refused_by_the_field_and_nothing_stored(backend) {
        let app = TestApp::spawn(backend).await;
        let (staff, fid) = facility(&app, true).await;
        let id = published(&staff, &fid, &onsite()).await;
        let (pro, _) = professional(&app, "GH", 8, "citizen", "Europe/London").await;
        let long = format!("{}<b>end</b>", "n".repeat(1000));
        let page = pro.submit(&format!("/assignments/{id}/interest"), &[("note", &long)]).await;
        assert_eq!(page.status, 422);
        assert!(page.has_error("note"), "a message by the field");
        assert!(page.body.contains("characters or fewer"));
        assert!(!page.body.contains("<b>end</b>"), "escaped");
        assert!(unescape(&page.body).contains(&long), "what was typed is kept");
        assert_eq!(interests_stored(&app, &id).await, (0, 0));
        assert!(!app.audit_actions().await.iter().any(|a| a == "interest_expressed"));
    }
}

on_both! {
    async fn only_professionals_discover_and_only_coordinators_list_interests(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let (staff, fid) = facility(&app, true).await;
        let id = published(&staff, &fid, &onsite()).await;
        let (pro, _) = professional(&app, "GH", 8, "citizen", "Europe/London").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let admin = app.user_with_role(&unique_email("disc-admin"), "admin").await;
        let anonymous = app.client();

        let pro_pages = ["/assignments".to_string(), format!("/assignments/{id}")];
        for path in &pro_pages {
            assert_eq!(pro.get(path).await.status, 200, "professional: {path}");
            let anon = anonymous.get(path).await;
            assert_eq!(anon.status, 303, "anonymous: {path}");
            assert!(anon.location().starts_with("/login"), "{path}");
            for (who, c) in [("facility", &staff), ("coordinator", &coordinator), ("admin", &admin)] {
                assert_eq!(c.get(path).await.status, 403, "{who}: {path}");
            }
        }
        for action in ["interest", "withdraw"] {
            let path = format!("/assignments/{id}/{action}");
            let anon = anonymous.submit(&path, &[("note", "x")]).await;
            assert_eq!(anon.status, 303, "anonymous: {path}");
            assert!(anon.location().starts_with("/login"));
            for (who, c) in [("facility", &staff), ("coordinator", &coordinator), ("admin", &admin)] {
                assert_eq!(c.submit(&path, &[("note", "x")]).await.status, 403, "{who}: {path}");
            }
            assert_eq!(pro.submit(&format!("/assignments/unknown-id/{action}"), &[]).await.status, 404);
            // Without the CSRF token nothing moves.
            assert_eq!(pro.post(&path, &[("note", "x")]).await.status, 403, "no CSRF: {path}");
        }
        assert_eq!(interests_stored(&app, &id).await, (0, 0), "no refused request stored anything");

        let path = "/coordinator/interests";
        assert_eq!(coordinator.get(path).await.status, 200);
        let anon = anonymous.get(path).await;
        assert_eq!(anon.status, 303);
        assert!(anon.location().starts_with("/login"));
        for (who, c) in [("professional", &pro), ("facility", &staff), ("admin", &admin)] {
            assert_eq!(c.get(path).await.status, 403, "{who}: {path}");
        }
    }
}
