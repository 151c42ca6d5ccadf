//! The coordinators' registry search: only professionals who consented to be
//! matched and are eligible for one of the coordinator's programmes; every
//! filter narrows; pages keep the filters; opening a profile is audited.

use chrono::{Duration, NaiveDate};

use crate::helpers::{TestApp, TestClient, unique_email};
use crate::on_both;

/// A professional written straight into the store, as the forms would.
#[derive(Clone)]
pub(crate) struct Pro {
    pub(crate) name: &'static str,
    pub(crate) profession: &'static str,
    pub(crate) years: i32,
    pub(crate) origin: &'static str,
    pub(crate) residence: &'static str,
    pub(crate) status: &'static str,
    pub(crate) languages: Vec<(&'static str, &'static str)>,
    pub(crate) skills: Vec<&'static str>,
    /// (modality, days from today to the start, length in days)
    pub(crate) window: Option<(&'static str, i64, i64)>,
    pub(crate) consent: bool,
    pub(crate) verified_licence: bool,
    pub(crate) clinical: bool,
}

impl Default for Pro {
    fn default() -> Self {
        Self {
            name: "Ama Owusu",
            profession: "2221",
            years: 8,
            origin: "GH",
            residence: "GB",
            status: "citizen",
            languages: vec![("en", "native")],
            skills: vec!["triage"],
            window: Some(("on_site", 30, 90)),
            consent: true,
            verified_licence: false,
            clinical: false,
        }
    }
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

pub(crate) async fn add(app: &TestApp, p: Pro) -> String {
    app.services
        .db
        .write(move |c| {
            use sankofa::store::{availability, consents, licences, professionals, users};
            let now = sankofa::db::now();
            let id = sankofa::db::new_id();
            users::insert(
                c,
                &users::NewUser {
                    id: &id,
                    email: &unique_email("reg"),
                    password_hash: "x",
                    full_name: p.name,
                    role: "professional",
                    locale: "en",
                    email_verified_at: Some(now),
                    privacy_accepted_at: Some(now),
                    session_epoch: 0,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            professionals::save(
                c,
                &professionals::Profile {
                    user_id: id.clone(),
                    profession_code: Some(p.profession.into()),
                    years_experience: Some(p.years),
                    wants_clinical: p.clinical,
                    origin_country: Some(p.origin.into()),
                    residence_country: Some(p.residence.into()),
                    residence_city: Some("Leeds".into()),
                    residence_status: Some(p.status.into()),
                    time_zone: Some("Europe/London".into()),
                    bio: String::new(),
                    created_at: now,
                    updated_at: now,
                },
            )?;
            for (code, level) in &p.languages {
                professionals::set_language(c, &id, code, level)?;
            }
            professionals::replace_skills(
                c,
                &id,
                &p.skills.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            )?;
            if let Some((modality, start, days)) = p.window {
                let starts_on = today() + Duration::days(start);
                availability::save(
                    c,
                    &availability::Window {
                        id: sankofa::db::new_id(),
                        user_id: id.clone(),
                        starts_on,
                        ends_on: starts_on + Duration::days(days),
                        modality: modality.into(),
                        weekly_hours: (modality != "on_site").then_some(6),
                        created_at: now,
                        updated_at: now,
                    },
                    &[],
                )?;
            }
            if p.consent {
                consents::give(
                    c,
                    &sankofa::db::new_id(),
                    &id,
                    "matching",
                    "2026-11-25",
                    now,
                )?;
            }
            if p.verified_licence {
                licences::insert(
                    c,
                    &licences::Licence {
                        id: sankofa::db::new_id(),
                        user_id: id.clone(),
                        issuing_country: "GB".into(),
                        issuing_body: "NMC".into(),
                        number: "1".into(),
                        profession_code: p.profession.into(),
                        valid_from: today() - Duration::days(365),
                        valid_until: today() + Duration::days(365),
                        status: "verified".into(),
                        status_reason: None,
                        verified_by: None,
                        verified_at: Some(now),
                        created_at: now,
                        updated_at: now,
                    },
                )?;
            }
            Ok(id)
        })
        .await
        .unwrap()
}

/// A programme in the store: its countries and rules.
pub(crate) async fn programme(
    app: &TestApp,
    code: &str,
    countries: &[&str],
    min_years: i32,
    statuses: &str,
) -> String {
    let code = code.to_string();
    let countries: Vec<String> = countries.iter().map(|c| c.to_string()).collect();
    let statuses = statuses.to_string();
    app.services
        .db
        .write(move |c| {
            use sankofa::store::programmes::{self, Programme};
            let now = sankofa::db::now();
            let id = sankofa::db::new_id();
            programmes::insert(
                c,
                &Programme {
                    id: id.clone(),
                    code: code.clone(),
                    name_en: code.clone(),
                    name_fr: code,
                    residence_statuses: statuses,
                    min_years_experience: min_years,
                    onsite_min_days: 21,
                    onsite_max_days: 90,
                    weight_diaspora: 30,
                    weight_skills: 25,
                    weight_experience: 15,
                    weight_availability: 10,
                    weight_languages: 5,
                    weight_track_record: 10,
                    weight_interest: 5,
                    weight_safeguards: 0,
                    weight_urgency: 0,
                    status: "active".into(),
                    created_at: now,
                    updated_at: now,
                },
            )?;
            programmes::replace_countries(c, &id, &countries)?;
            Ok(id)
        })
        .await
        .unwrap()
}

pub(crate) async fn coordinator_of(app: &TestApp, programmes: &[&str]) -> TestClient {
    let email = unique_email("reg-coord");
    let c = app.user_with_role(&email, "coordinator").await;
    let id = app.user(&email).await.unwrap().id;
    let ids: Vec<String> = programmes.iter().map(|p| p.to_string()).collect();
    app.services
        .db
        .write(move |c| {
            Ok(sankofa::store::programmes::replace_memberships(
                c,
                &id,
                &ids,
                sankofa::db::now(),
            )?)
        })
        .await
        .unwrap();
    c
}

fn shows(page: &crate::helpers::Page, id: &str) -> bool {
    page.body
        .contains(&format!("/coordinator/professionals/{id}"))
}

on_both! {
    async fn only_consenting_eligible_professionals_of_the_programmes_appear(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 2, "citizen,permanent_resident,work_permit").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let eligible = add(&app, Pro::default()).await;
        let no_consent = add(&app, Pro { consent: false, ..Pro::default() }).await;
        let elsewhere = add(&app, Pro { origin: "NG", ..Pro::default() }).await;
        let junior = add(&app, Pro { years: 1, ..Pro::default() }).await;
        let other_status = add(&app, Pro { status: "other", ..Pro::default() }).await;

        let page = coordinator.get("/coordinator/registry").await;
        assert_eq!(page.status, 200);
        assert!(shows(&page, &eligible), "{}", page.body);
        for (why, id) in [("no consent", &no_consent), ("other origin", &elsewhere), ("too junior", &junior), ("residence status", &other_status)] {
            assert!(!shows(&page, id), "{why}");
            assert_eq!(coordinator.get(&format!("/coordinator/professionals/{id}")).await.status, 404, "{why}");
        }
        assert!(page.body.contains("1 professional found"), "{}", page.body);
        // On a phone the results can be reached without going through the filters.
        assert!(page.body.contains(r##"<a href="#results-title">Go to the results (1 professional found)</a>"##), "{}", page.body);

        // Opening a profile is audited without copying it; specialties show by name.
        let pro = eligible.clone();
        app.services
            .db
            .write(move |c| Ok(sankofa::store::professionals::replace_specialties(c, &pro, &["emergency_medicine".into()])?))
            .await
            .unwrap();
        let profile = coordinator.get(&format!("/coordinator/professionals/{eligible}")).await;
        assert_eq!(profile.status, 200);
        assert!(profile.body.contains("Ama Owusu") && profile.body.contains("triage"));
        assert!(profile.body.contains("Emergency medicine") && !profile.body.contains("emergency_medicine"), "{}", profile.body);
        let viewed = app
            .services
            .db
            .run(|c| Ok(sankofa::store::audit::recent(c, 50)?))
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.action == "profile_viewed")
            .expect("an audit row");
        assert_eq!(viewed.object_id.as_deref(), Some(eligible.as_str()));
        assert!(viewed.detail.is_none(), "no profile data copied");

        // A coordinator with no programme sees no one.
        let idle = coordinator_of(&app, &[]).await;
        let empty = idle.get("/coordinator/registry").await;
        assert!(empty.body.contains("0 professionals found") && !shows(&empty, &eligible));
        assert_eq!(idle.get(&format!("/coordinator/professionals/{eligible}")).await.status, 404);
    }
}

on_both! {
    async fn every_filter_narrows_the_search(backend) {
        let app = TestApp::spawn(backend).await;
        let west = programme(&app, "WEST", &["GH", "NG", "SN"], 0, "citizen,permanent_resident,work_permit").await;
        let coordinator = coordinator_of(&app, &[&west]).await;
        let nurse = add(&app, Pro { name: "Kwame Mensah", languages: vec![("fr", "professional"), ("en", "native")], skills: vec!["neonatal resuscitation"], verified_licence: true, clinical: true, ..Pro::default() }).await;
        let doctor = add(&app, Pro { name: "Ngozi Okafor", profession: "2211", origin: "NG", residence: "US", years: 15, languages: vec![("fr", "conversational")], skills: vec!["ultrasound"], window: Some(("virtual", 10, 200)), ..Pro::default() }).await;
        let midwife = add(&app, Pro { name: "Awa Diop", profession: "2222", origin: "SN", residence: "FR", years: 3, languages: vec![("fr", "native")], window: Some(("either", 0, 365)), clinical: true, ..Pro::default() }).await;

        let from = (today() + Duration::days(40)).to_string();
        let to = (today() + Duration::days(60)).to_string();
        let cases: Vec<(String, Vec<&String>)> = vec![
            ("profession=2221".into(), vec![&nurse]),
            ("origin=NG".into(), vec![&doctor]),
            ("residence=FR".into(), vec![&midwife]),
            ("language=fr&level=professional".into(), vec![&nurse, &midwife]),
            ("language=fr".into(), vec![&nurse, &doctor, &midwife]),
            (format!("modality=on_site&from={from}&to={to}"), vec![&nurse, &midwife]),
            (format!("modality=virtual&from={from}&to={to}"), vec![&doctor, &midwife]),
            ("licence=yes".into(), vec![&nurse]),
            ("ready=yes".into(), vec![&nurse, &doctor]),
            ("q=ULTRA".into(), vec![&doctor]),
            ("q=okafor".into(), vec![&doctor]),
            ("q=50%25".into(), vec![]),
            ("language=fr&level=conversational&origin=GH&profession=2221".into(), vec![&nurse]),
        ];
        for (query, expected) in cases {
            let page = coordinator.get(&format!("/coordinator/registry?{query}")).await;
            assert_eq!(page.status, 200, "{query}: {}", page.body);
            for id in [&nurse, &doctor, &midwife] {
                assert_eq!(shows(&page, id), expected.contains(&id), "{query}: {id}");
            }
        }
        // Sorted by experience, by name.
        let by_years = coordinator.get("/coordinator/registry?sort=experience").await.body;
        let (d, n, m) = (by_years.find(&doctor).unwrap(), by_years.find(&nurse).unwrap(), by_years.find(&midwife).unwrap());
        assert!(d < n && n < m, "experience order");
        let by_name = coordinator.get("/coordinator/registry?sort=name").await.body;
        let (d, n, m) = (by_name.find(&doctor).unwrap(), by_name.find(&nurse).unwrap(), by_name.find(&midwife).unwrap());
        assert!(m < n && n < d, "name order: Awa, Kwame, Ngozi");
    }
}

on_both! {
    async fn bad_criteria_are_refused_by_the_field_and_kept(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let long = "x".repeat(101);
        for (query, field) in [
            ("profession=9999", "profession"),
            ("specialty=astrology", "specialty"),
            ("origin=XX", "origin"),
            ("language=zz", "language"),
            ("language=fr&level=fluent", "level"),
            ("modality=either&from=2027-01-01&to=2027-02-01", "modality"),
            ("modality=on_site&from=2027-02-01&to=2027-01-01", "to"),
            ("modality=on_site&from=tomorrow&to=2027-01-01", "from"),
            ("sort=age", "sort"),
        ] {
            let page = coordinator.get(&format!("/coordinator/registry?{query}")).await;
            assert_eq!(page.status, 400, "{query}");
            assert!(page.has_error(field), "{query}: {}", page.body);
            assert!(!page.body.contains("#results-title"), "no results to go to");
        }
        let page = coordinator.get(&format!("/coordinator/registry?q={long}&profession=2221")).await;
        assert_eq!(page.status, 400);
        assert!(page.has_error("q"));
        assert_eq!(page.input_value("q").as_deref(), Some(long.as_str()), "typed text kept");
        let xss = coordinator.get("/coordinator/registry?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
        assert_eq!(xss.status, 200);
        assert!(!xss.body.contains("<script>alert(1)"));
        assert_eq!(coordinator.get("/coordinator/registry?page=-3").await.status, 200);
    }
}

on_both! {
    async fn pages_keep_the_filters_and_the_total(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        for _ in 0..30 {
            add(&app, Pro { profession: "2222", ..Pro::default() }).await;
        }
        add(&app, Pro::default()).await;
        let first = coordinator.get("/coordinator/registry?profession=2222&sort=name").await;
        assert!(first.body.contains("30 professionals found") && first.body.contains("Page 1 of 2"), "{}", first.body);
        assert_eq!(first.body.matches("/coordinator/professionals/").count(), 25);
        let next = first.body.split("rel=\"next\"").next().unwrap();
        let href = next.rsplit("href=\"").next().unwrap().split('"').next().unwrap();
        let href = crate::helpers::html::unescape(href);
        assert!(href.contains("profession=2222") && href.contains("sort=name") && href.contains("page=2"), "{href}");
        let second = coordinator.get(&href).await;
        assert_eq!(second.body.matches("/coordinator/professionals/").count(), 5);
        assert!(second.body.contains("Page 2 of 2"));
    }
}

/// The registry's rows are what `rebuild` would write from the profiles.
async fn registry_is_current(app: &TestApp, step: &str) {
    let (kept, rebuilt) = app
        .services
        .db
        .write(|c| {
            use sankofa::store::registry;
            let kept = registry::all(c)?;
            registry::rebuild(c)?;
            Ok((kept, registry::all(c)?))
        })
        .await
        .unwrap();
    assert_eq!(kept, rebuilt, "after {step}");
}

on_both! {
    async fn the_registry_follows_every_change_of_a_profile_at_once(backend) {
        let app = TestApp::spawn(backend).await;
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let email = unique_email("reg-follow");
        let (pro, licence) = crate::programmes::professional_with_licence(&app, &email, "GH").await;
        let id = app.user(&email).await.unwrap().id;
        let from = (today() + Duration::days(50)).to_string();
        let to = (today() + Duration::days(80)).to_string();
        let available = format!("/coordinator/registry?modality=on_site&from={from}&to={to}");
        let search = |query: &str| {
            let coordinator = coordinator.clone();
            let query = query.to_string();
            async move { coordinator.get(&query).await }
        };
        let found = |query: &'static str| {
            let id = id.clone();
            async move { shows(&search(query).await, &id) }
        };
        assert!(!found("/coordinator/registry").await, "no consent yet");
        registry_is_current(&app, "the profile").await;

        let given = pro.submit("/professional/consents/matching/give", &[]).await;
        assert_eq!(given.status, 303);
        assert!(found("/coordinator/registry").await, "consent given");
        registry_is_current(&app, "the consent").await;

        let fr = pro.submit("/professional/profile/languages", &[("language", "fr"), ("level", "professional")]).await;
        assert_eq!(fr.status, 303, "{}", fr.body);
        assert!(found("/coordinator/registry?language=fr&level=professional").await);
        assert!(!found("/coordinator/registry?language=fr&level=native").await);
        registry_is_current(&app, "a language").await;

        let work = pro.submit("/professional/profile/work", &[
            ("profession", "2222"),
            ("years_experience", "8"),
            ("wants_clinical", "yes"),
            ("specialties", "obstetrics_gynaecology"),
            ("skills", "breech delivery, kangaroo care"),
        ]).await;
        assert_eq!(work.status, 303, "{}", work.body);
        assert!(found("/coordinator/registry?q=kangaroo").await, "a skill");
        assert!(!found("/coordinator/registry?q=delivery%20kangaroo").await, "never across two skills");
        assert!(found("/coordinator/registry?specialty=obstetrics_gynaecology").await, "a specialty");
        assert!(!found("/coordinator/registry?specialty=midwifery").await, "another specialty");
        registry_is_current(&app, "the work").await;

        let window = pro.submit("/professional/availability/new", &[
            ("starts_on", &(today() + Duration::days(40)).to_string()),
            ("ends_on", &(today() + Duration::days(100)).to_string()),
            ("modality", "on_site"),
        ]).await;
        assert_eq!(window.status, 303, "{}", window.body);
        assert!(shows(&search(&available).await, &id), "window added");
        assert!(!found("/coordinator/registry?licence=yes").await, "licence not verified yet");
        assert!(!found("/coordinator/registry?ready=yes").await, "clinical work needs a verified licence");
        registry_is_current(&app, "a window").await;

        let verified = coordinator.submit(&format!("/coordinator/licences/{licence}/verify"), &[]).await;
        assert_eq!(verified.status, 303, "{}", verified.body);
        assert!(found("/coordinator/registry?licence=yes").await, "licence verified");
        assert!(found("/coordinator/registry?ready=yes").await, "ready");
        registry_is_current(&app, "the licence decision").await;

        let removed = pro.submit("/professional/profile/languages/fr/remove", &[]).await;
        assert_eq!(removed.status, 303, "{}", removed.body);
        assert!(!found("/coordinator/registry?language=fr").await, "language removed");
        registry_is_current(&app, "a language removed").await;

        let windows = pro.get("/professional/availability").await.body;
        let window_id = windows
            .split("/professional/availability/")
            .filter_map(|rest| rest.split_once("/edit").map(|(id, _)| id))
            .next()
            .unwrap();
        let deleted = pro.submit(&format!("/professional/availability/{window_id}/delete"), &[]).await;
        assert_eq!(deleted.status, 303, "{}", deleted.body);
        assert!(!shows(&search(&available).await, &id), "window deleted");
        assert!(!found("/coordinator/registry?ready=yes").await, "no window to come");
        registry_is_current(&app, "a window deleted").await;

        let withdrawn = pro.submit("/professional/consents/matching/withdraw", &[]).await;
        assert_eq!(withdrawn.status, 303);
        assert!(!found("/coordinator/registry").await, "consent withdrawn");
        assert_eq!(coordinator.get(&format!("/coordinator/professionals/{id}")).await.status, 404);
        registry_is_current(&app, "the consent withdrawn").await;

        assert_eq!(pro.submit("/professional/consents/matching/give", &[]).await.status, 303);
        assert!(found("/coordinator/registry").await, "consent given again");
        let gone = pro.submit("/account/delete", &[("current_password", crate::helpers::PASSWORD)]).await;
        assert_eq!(gone.status, 303, "{}", gone.body);
        assert!(!found("/coordinator/registry").await, "account deleted");
        registry_is_current(&app, "the account deleted").await;
    }
}

on_both! {
    async fn the_registry_is_written_from_the_profiles_when_its_rows_are_missing(backend) {
        let app = TestApp::spawn(backend).await;
        let a = add(&app, Pro::default()).await;
        let b = add(&app, Pro { name: "Kofi Boateng", consent: false, ..Pro::default() }).await;
        let (filled, again, rows) = app
            .services
            .db
            .write(|c| {
                use diesel::RunQueryDsl;
                use sankofa::store::registry;
                diesel::sql_query("DELETE FROM registry_entries").execute(c)?;
                let filled = registry::fill_if_missing(c)?;
                let again = registry::fill_if_missing(c)?;
                Ok((filled, again, registry::all(c)?))
            })
            .await
            .unwrap();
        assert_eq!(filled, Some(1), "one professional consented");
        assert_eq!(again, None, "nothing missing any more");
        let ids: Vec<&str> = rows.iter().map(|r| r.user_id.as_str()).collect();
        assert_eq!(ids, vec![a.as_str()]);
        assert!(!ids.contains(&b.as_str()));
    }
}
