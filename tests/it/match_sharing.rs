//! What a facility sees of the professional of a match (SECURITY 22): the
//! profession only until a coordinator approved the match and the
//! professional consents to share; then the name, email, languages and
//! verified licences, hidden again the moment the consent is withdrawn.
//! And the calendar file both sides of a confirmed match download.

use chrono::{Datelike, Duration, Utc};

use crate::assignments::{create, facility, onsite, virtual_work};
use crate::helpers::{Backend, TestApp, TestClient, unique_email};
use crate::match_pages::match_id;
use crate::on_both;
use crate::registry::{coordinator_of, programme};

pub(crate) const NAME: &str = "Adwoa Sarpong-Kumah";
const VERIFIED_NUMBER: &str = "NMC-778899";
const PENDING_NUMBER: &str = "PENDING-4455";

/// A facility's assignment, a professional of the registry and a match
/// between them that a coordinator approved.
pub(crate) struct Scene {
    pub(crate) app: TestApp,
    pub(crate) coordinator: TestClient,
    pub(crate) staff: TestClient,
    pub(crate) fid: String,
    pub(crate) aid: String,
    pub(crate) nurse: TestClient,
    pub(crate) nurse_email: String,
    pub(crate) id: String,
}

/// The scene with an assignment made of `fields`, the match offered.
pub(crate) async fn offered(backend: Backend, fields: &[(&'static str, String)]) -> Scene {
    let app = TestApp::spawn(backend).await;
    let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
    let coordinator = coordinator_of(&app, &[&gh]).await;
    let (staff, fid) = facility(&app, true).await;
    let aid = create(&staff, &fid, fields).await;
    let published = staff
        .submit(&format!("/facility/{fid}/assignments/{aid}/publish"), &[])
        .await;
    assert_eq!(published.status, 303, "{}", published.body);

    let nurse_email = unique_email("share-nurse");
    let nurse = app.user_with_role(&nurse_email, "professional").await;
    let nurse_id = app.user(&nurse_email).await.unwrap().id;
    let nid = nurse_id.clone();
    app.services
        .db
        .write(move |c| {
            use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
            use sankofa::db::schema::users;
            use sankofa::store::{consents, licences, professionals};
            let now = sankofa::db::now();
            let today = now.date();
            diesel::update(users::table.find(&nid))
                .set(users::full_name.eq(NAME))
                .execute(c)?;
            professionals::save(
                c,
                &professionals::Profile {
                    user_id: nid.clone(),
                    profession_code: Some("2222".into()),
                    years_experience: Some(8),
                    origin_country: Some("GH".into()),
                    residence_country: Some("GB".into()),
                    residence_status: Some("citizen".into()),
                    time_zone: Some("Europe/London".into()),
                    created_at: now,
                    updated_at: now,
                    ..Default::default()
                },
            )?;
            professionals::set_language(c, &nid, "en", "native")?;
            professionals::set_language(c, &nid, "fr", "professional")?;
            for (number, status) in [
                (VERIFIED_NUMBER, "verified"),
                (PENDING_NUMBER, "unverified"),
            ] {
                licences::insert(
                    c,
                    &licences::Licence {
                        id: sankofa::db::new_id(),
                        user_id: nid.clone(),
                        issuing_country: "GB".into(),
                        issuing_body: "Nursing and Midwifery Council".into(),
                        number: number.into(),
                        profession_code: "2222".into(),
                        valid_from: today - chrono::Duration::days(365),
                        valid_until: today + chrono::Duration::days(365),
                        status: status.into(),
                        status_reason: None,
                        verified_by: None,
                        verified_at: (status == "verified").then_some(now),
                        created_at: now,
                        updated_at: now,
                    },
                )?;
            }
            consents::give(
                c,
                &sankofa::db::new_id(),
                &nid,
                "matching",
                "2026-11-25",
                now,
            )?;
            Ok(())
        })
        .await
        .unwrap();

    let proposed = coordinator
        .submit(
            "/coordinator/matches/propose",
            &[("assignment_id", &aid), ("professional_id", &nurse_id)],
        )
        .await;
    assert_eq!(proposed.status, 303, "{}", proposed.body);
    let id = match_id(&proposed.location());
    let approved = coordinator
        .submit(&format!("/matches/{id}/approve"), &[("days", "7")])
        .await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    Scene {
        app,
        coordinator,
        staff,
        fid,
        aid,
        nurse,
        nurse_email,
        id,
    }
}

impl Scene {
    /// Both sides accept: the match is confirmed.
    pub(crate) async fn confirm(&self) {
        for c in [&self.nurse, &self.staff] {
            let page = c.submit(&format!("/matches/{}/accept", self.id), &[]).await;
            assert_eq!(page.status, 303, "{}", page.body);
        }
    }

    async fn consent(&self, action: &str) {
        let page = self
            .nurse
            .submit(
                &format!("/professional/consents/share_profile/{action}"),
                &[],
            )
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
    }

    /// Asserts the facility's pages show nothing of the professional but
    /// their profession.
    async fn facility_sees_nothing(&self, why: &str) {
        let page = self.staff.get(&format!("/matches/{}", self.id)).await;
        assert_eq!(page.status, 200);
        for secret in [
            NAME,
            self.nurse_email.as_str(),
            VERIFIED_NUMBER,
            PENDING_NUMBER,
        ] {
            assert!(
                !page.body.contains(secret),
                "{why}: {secret} on the match page"
            );
        }
        let list = self
            .staff
            .get(&format!("/facility/{}/assignments/{}", self.fid, self.aid))
            .await;
        assert!(
            list.body.contains(&format!("/matches/{}", self.id)),
            "{why}"
        );
        assert!(
            !list.body.contains(NAME),
            "{why}: the name on the assignment page"
        );
    }
}

on_both! {
    async fn a_facility_sees_the_professional_only_while_they_consent_to_share(backend) {
        let sc = offered(backend, &onsite()).await;
        let path = format!("/matches/{}", sc.id);

        sc.facility_sees_nothing("before consent").await;
        let page = sc.staff.get(&path).await;
        assert!(page.body.contains("has not agreed to share their profile yet"), "{}", page.body);
        assert!(page.body.contains("Midwifery professional"), "the profession is shown");
        assert!(sc.staff.get(&format!("/facility/{}/assignments/{}", sc.fid, sc.aid)).await.body.contains("profile not shared"));

        // The coordinator and the professional see the name as before.
        let coordinator = sc.coordinator.get(&path).await;
        assert!(coordinator.body.contains(NAME) && coordinator.body.contains("/coordinator/professionals/"));
        assert!(sc.nurse.get(&path).await.body.contains(NAME));

        sc.consent("give").await;
        let page = sc.staff.get(&path).await;
        assert_eq!(page.status, 200);
        for shown in [NAME, sc.nurse_email.as_str(), VERIFIED_NUMBER, "Nursing and Midwifery Council", "English (Native)"] {
            assert!(page.body.contains(shown), "{shown} shown once shared");
        }
        assert!(!page.body.contains(PENDING_NUMBER), "a licence not verified stays hidden");
        assert!(!page.body.contains("has not agreed"));
        assert!(sc.staff.get(&format!("/facility/{}/assignments/{}", sc.fid, sc.aid)).await.body.contains(NAME));
        for lang in ["en", "fr"] {
            sc.staff.submit("/language", &[("lang", lang)]).await;
            let page = sc.staff.get(&path).await;
            crate::pages::check_page(&path, &page, lang);
        }
        sc.staff.submit("/language", &[("lang", "en")]).await;

        // Withdrawing hides it again at once.
        sc.consent("withdraw").await;
        sc.facility_sees_nothing("after withdrawal").await;

        // Given again, but the match ends: hidden too.
        sc.consent("give").await;
        assert!(sc.staff.get(&path).await.body.contains(NAME));
        let declined = sc.staff.submit(&format!("{path}/decline"), &[("reason", "The post was filled locally.")]).await;
        assert_eq!(declined.status, 303, "{}", declined.body);
        sc.facility_sees_nothing("after the match ended").await;
        assert!(sc.staff.get(&path).await.body.contains("This match has ended"));

        // Another facility's staff find nothing.
        let (other, _) = facility(&sc.app, true).await;
        assert_eq!(other.get(&path).await.status, 404);
    }
}

/// `days` from today as an iCalendar date.
fn ics_day(days: i64) -> String {
    (Utc::now().date_naive() + Duration::days(days))
        .format("%Y%m%d")
        .to_string()
}

on_both! {
    async fn both_sides_take_a_confirmed_onsite_assignment_into_their_calendar(backend) {
        let sc = offered(backend, &onsite()).await;
        let path = format!("/matches/{}/calendar.ics", sc.id);
        assert_eq!(sc.nurse.get(&path).await.status, 404, "an offer may still fall through");
        assert!(!sc.nurse.get(&format!("/matches/{}", sc.id)).await.body.contains("calendar.ics"));

        sc.confirm().await;
        let file = sc.nurse.get(&path).await;
        assert_eq!(file.status, 200, "{}", file.body);
        assert_eq!(file.header("content-type").as_deref(), Some("text/calendar; charset=utf-8"));
        let disposition = file.header("content-disposition").unwrap();
        assert!(disposition.starts_with("attachment; filename=\"sankofa-") && disposition.ends_with(".ics\""), "{disposition}");
        // 28 days from day 30 to day 57: DTEND is the day after the last.
        assert!(file.body.contains(&format!("DTSTART;VALUE=DATE:{}\r\n", ics_day(30))), "{}", file.body);
        assert!(file.body.contains(&format!("DTEND;VALUE=DATE:{}\r\n", ics_day(58))), "{}", file.body);
        assert!(file.body.contains("SUMMARY:Midwifery mentor\\, maternity ward"), "{}", file.body);
        assert!(file.body.contains(&format!("UID:{}-0@", sc.id)));
        assert_eq!(file.body.matches("BEGIN:VEVENT").count(), 1);
        assert!(sc.nurse.get(&format!("/matches/{}", sc.id)).await.body.contains(&path));
        let staff = sc.staff.get(&path).await;
        assert_eq!(staff.status, 200);
        assert!(sc.staff.get(&format!("/matches/{}", sc.id)).await.body.contains(&path));

        // Nobody else: not a stranger, not a coordinator (of this programme or another).
        let stranger = sc.app.user_with_role(&unique_email("cal-stranger"), "professional").await;
        assert_eq!(stranger.get(&path).await.status, 404);
        assert_eq!(sc.coordinator.get(&path).await.status, 404);
        let sn = programme(&sc.app, "SN-HEALTH", &["SN"], 0, "citizen").await;
        let elsewhere = coordinator_of(&sc.app, &[&sn]).await;
        assert_eq!(elsewhere.get(&path).await.status, 404);
        let (other_staff, _) = facility(&sc.app, true).await;
        assert_eq!(other_staff.get(&path).await.status, 404);
        assert_eq!(sc.app.client().get(&path).await.status, 303, "log in first");
    }
}

on_both! {
    async fn a_virtual_assignment_comes_as_weekly_sessions_in_the_facility_time_zone(backend) {
        let sc = offered(backend, &virtual_work()).await;
        sc.confirm().await;
        let file = sc.nurse.get(&format!("/matches/{}/calendar.ics", sc.id)).await;
        assert_eq!(file.status, 200, "{}", file.body);
        // Tuesdays 09:00-11:00 and Thursdays 14:00-16:00 in Accra, from day 30 to day 150.
        let start = Utc::now().date_naive() + Duration::days(30);
        let first = |weekday: u32| {
            let ahead = (i64::from(weekday) - i64::from(start.weekday().number_from_monday())).rem_euclid(7);
            (start + Duration::days(ahead)).format("%Y%m%d").to_string()
        };
        assert!(file.body.contains(&format!("DTSTART;TZID=Africa/Accra:{}T090000\r\n", first(2))), "{}", file.body);
        assert!(file.body.contains(&format!("DTEND;TZID=Africa/Accra:{}T110000\r\n", first(2))));
        assert!(file.body.contains(&format!("DTSTART;TZID=Africa/Accra:{}T140000\r\n", first(4))));
        let until = format!("RRULE:FREQ=WEEKLY;UNTIL={}T235959Z\r\n", ics_day(150));
        assert_eq!(file.body.matches(&until).count(), 2, "{}", file.body);
    }
}
