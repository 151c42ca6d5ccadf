//! Demonstration data at scale: a registry loaded by the service, explored
//! as its coordinators and professionals would, the same for a seed on any
//! database, grown by a second run, refused in production.

use diesel::prelude::*;
use sankofa::db::schema::{
    availability_windows, facilities, facility_staff, licences, professionals,
    programme_coordinators, programmes, users,
};
use sankofa::domain::Locale;
use sankofa::domain::facility::FacilityStatus;
use sankofa::domain::licence::LicenceStatus;
use sankofa::services::demo::places::REGIONS;
use sankofa::services::demo::{DEMO_PASSWORD, Scale, ScaleReport, generate, load_scale};

use crate::helpers::TestApp;
use crate::on_both;

async fn load(app: &TestApp, professionals: u64, facilities: u64, seed: u64) -> ScaleReport {
    let scale = Scale {
        professionals,
        facilities,
        seed,
    };
    load_scale(&app.services, scale, |_| {})
        .await
        .expect("the demonstration registry loads")
}

/// Rows in professionals, facilities, facility_staff, programmes,
/// programme_coordinators and users.
async fn counts(app: &TestApp) -> [i64; 6] {
    app.services
        .db
        .run(|c| {
            Ok([
                professionals::table.count().get_result(c)?,
                facilities::table.count().get_result(c)?,
                facility_staff::table.count().get_result(c)?,
                programmes::table.count().get_result(c)?,
                programme_coordinators::table.count().get_result(c)?,
                users::table.count().get_result(c)?,
            ])
        })
        .await
        .unwrap()
}

async fn specialties(app: &TestApp) -> Vec<String> {
    app.services
        .db
        .run(|c| Ok(sankofa::store::professionals::all_specialties(c)?))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.code)
        .collect()
}

/// What a professional looks like once stored, without ids or times:
/// email, name, profession, origin, residence, years, time zone, biography.
type Profile = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i32>,
    Option<String>,
    String,
);

/// Each profile with its numbers of licences and windows.
async fn stored_professionals(app: &TestApp) -> Vec<(Profile, i64, i64)> {
    app.services
        .db
        .run(|c| {
            let rows: Vec<(Profile, String)> = professionals::table
                .inner_join(users::table)
                .order(users::email)
                .select((
                    (
                        users::email,
                        users::full_name,
                        professionals::profession_code,
                        professionals::origin_country,
                        professionals::residence_country,
                        professionals::years_experience,
                        professionals::time_zone,
                        professionals::bio,
                    ),
                    users::id,
                ))
                .load(c)?;
            let mut out = Vec::new();
            for (profile, id) in rows {
                let l: i64 = licences::table
                    .filter(licences::user_id.eq(&id))
                    .count()
                    .get_result(c)?;
                let w: i64 = availability_windows::table
                    .filter(availability_windows::user_id.eq(&id))
                    .count()
                    .get_result(c)?;
                out.push((profile, l, w));
            }
            Ok(out)
        })
        .await
        .unwrap()
}

on_both! {
    async fn demo_registry_is_explored_by_its_coordinators_and_professionals(backend) {
        let app = TestApp::spawn(backend).await;
        let seed = 9;
        let report = load(&app, 300, 20, seed).await;
        assert_eq!(report.professionals, 1..301);
        assert_eq!(report.facilities, 1..21);
        assert_eq!(report.programmes_created, REGIONS.len());
        assert!(report.coordinators.iter().all(|c| c.created));
        let regions = REGIONS.len() as i64;
        assert_eq!(counts(&app).await, [300, 20, 20, regions, regions, 300 + 20 + regions]);

        let today = generate::today();
        let codes = specialties(&app).await;
        let people: Vec<_> = (1..=300).map(|i| generate::professional(seed, i, today, &codes)).collect();
        let coordinator_of = |country: &str| {
            let r = REGIONS.iter().position(|r| r.countries.contains(&country)).unwrap();
            report.coordinators[r].email.clone()
        };

        // The coordinator of a pending facility sees it waiting.
        let pending = (1..=20)
            .map(|i| generate::facility(seed, i))
            .find(|f| f.status == FacilityStatus::Pending)
            .expect("a facility waits for verification");
        let coordinator = app.client();
        coordinator.log_in(&coordinator_of(pending.country), DEMO_PASSWORD).await;
        let queue = coordinator.get("/coordinator/facilities").await;
        assert_eq!(queue.status, 200);
        assert!(queue.body.contains(&pending.name), "{} in {}", pending.name, queue.body);

        // The coordinator of a professional with a licence waiting sees it.
        let waiting = people
            .iter()
            .find(|p| p.licences.iter().any(|l| l.status == LicenceStatus::Unverified && l.valid_until >= today))
            .expect("a licence waits for verification");
        let coordinator = app.client();
        coordinator.log_in(&coordinator_of(waiting.origin), DEMO_PASSWORD).await;
        let queue = coordinator.get("/coordinator/licences").await;
        assert_eq!(queue.status, 200);
        assert!(queue.body.contains(&waiting.person.full_name), "{} in {}", waiting.person.full_name, queue.body);

        // A professional with everything in place has nothing left to do.
        let complete = people
            .iter()
            .find(|p| p.is_complete(today) && p.person.locale == Locale::En)
            .expect("a complete profile");
        let professional = app.client();
        professional.log_in(&complete.person.email, DEMO_PASSWORD).await;
        let profile = professional.get("/professional/profile").await;
        assert_eq!(profile.status, 200);
        assert!(profile.body.contains("class=\"ready\""), "{}", profile.body);
        assert!(!profile.body.contains("Still missing"), "{}", profile.body);

        // Verified facilities posted their Terms of Reference, as generated;
        // professionals of the right country and profession showed interest.
        let (index, verified) = (1..=20u64)
            .map(|i| (i, generate::facility(seed, i)))
            .find(|(_, f)| f.status == FacilityStatus::Verified)
            .expect("a verified facility");
        let posted = sankofa::services::demo::assignments::of_facility(seed, index, &verified, today, &codes);
        assert!(!posted.is_empty());
        let staff = app.client();
        staff.log_in(&verified.staff.email, DEMO_PASSWORD).await;
        let home = staff.get("/facility").await.body;
        let fid = home.split("/facility/").nth(1).unwrap().split('/').next().unwrap().to_string();
        let list = staff.get(&format!("/facility/{fid}/assignments")).await;
        assert_eq!(list.status, 200);
        for a in &posted {
            assert!(list.body.contains(&a.title.replace('’', "&#x27;")) || list.body.contains(&a.title), "{} in the list", a.title);
        }
        let (open, interests) = app
            .services
            .db
            .run(|c| {
                use sankofa::db::schema::{assignments, interests};
                Ok((
                    assignments::table.filter(assignments::status.eq("open")).count().get_result::<i64>(c)?,
                    interests::table.count().get_result::<i64>(c)?,
                ))
            })
            .await
            .unwrap();
        assert!(open > 10, "{open} open assignments");
        assert!(interests > 0, "interest shown");

        // Running again adds more with fresh addresses and reuses the programmes.
        let again = load(&app, 30, 2, seed).await;
        assert_eq!(again.professionals, 301..331);
        assert_eq!(again.facilities, 21..23);
        assert_eq!(again.programmes_created, 0);
        assert!(again.coordinators.iter().all(|c| !c.created));
        assert_eq!(
            again.coordinators.iter().map(|c| &c.email).collect::<Vec<_>>(),
            report.coordinators.iter().map(|c| &c.email).collect::<Vec<_>>()
        );
        assert_eq!(counts(&app).await, [330, 22, 22, regions, regions, 330 + 22 + regions]);
    }
}

on_both! {
    async fn the_same_seed_gives_the_same_professionals_in_two_databases(backend) {
        let first = TestApp::spawn(backend).await;
        let second = TestApp::spawn(backend).await;
        load(&first, 120, 3, 4).await;
        load(&second, 120, 3, 4).await;
        let a = stored_professionals(&first).await;
        let b = stored_professionals(&second).await;
        assert_eq!(a.len(), 120);
        assert_eq!(a, b);
        let other = TestApp::spawn(backend).await;
        load(&other, 120, 3, 5).await;
        assert_ne!(stored_professionals(&other).await, a, "another seed, other people");
    }
}

on_both! {
    async fn demo_registry_is_refused_in_production(backend) {
        let prod = TestApp::spawn_with(
            backend,
            &[("SANKOFA_ENV", "production"), ("PUBLIC_URL", "https://sankofa.example.org")],
        )
        .await;
        let scale = Scale { professionals: 10, facilities: 1, seed: 1 };
        assert!(load_scale(&prod.services, scale, |_| {}).await.is_err());
        assert_eq!(counts(&prod).await, [0; 6]);
    }
}

/// A match as the checks below read it: id, assignment, professional,
/// state, on site, dates, when each side accepted and when confirmed.
type Stored = (
    String,
    String,
    String,
    String,
    bool,
    chrono::NaiveDate,
    chrono::NaiveDate,
    Option<chrono::NaiveDateTime>,
    Option<chrono::NaiveDateTime>,
    Option<chrono::NaiveDateTime>,
);

/// A step of a match: match, event, from, to, reason, when.
type Event = (
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    chrono::NaiveDateTime,
);

/// A match with the professional's origin and profession, the assignment's
/// country and one profession it accepts.
type Pairing = (String, Option<String>, Option<String>, String, String);

/// The steps a match may take: (event, from, to); `propose` starts it.
const STEPS: &[(&str, &str, &str)] = &[
    ("approve", "proposed", "offered"),
    ("reject", "proposed", "rejected"),
    ("cancel", "proposed", "cancelled"),
    ("accept", "offered", "offered"),
    ("accept", "offered", "confirmed"),
    ("decline", "offered", "declined"),
    ("expire", "offered", "expired"),
    ("withdraw", "offered", "cancelled"),
    ("cancel", "offered", "cancelled"),
    ("cancel", "confirmed", "cancelled"),
    ("complete", "confirmed", "completed"),
];

on_both! {
    async fn demo_matches_are_in_every_state_and_keep_the_rules(backend) {
        use std::collections::{HashMap, HashSet};
        use sankofa::db::schema::{
            assignment_professions, assignments, match_checklist, match_events, match_feedback,
            match_reports, matches,
        };

        let app = TestApp::spawn(backend).await;
        load(&app, 600, 30, 11).await;
        let today = generate::today();
        let (stored, positions, events, pairs, ticks, reports, feedback) = app
            .services
            .db
            .run(|c| {
                let stored: Vec<Stored> = matches::table
                    .order(matches::id)
                    .select((
                        matches::id,
                        matches::assignment_id,
                        matches::user_id,
                        matches::state,
                        matches::onsite,
                        matches::starts_on,
                        matches::ends_on,
                        matches::professional_accepted_at,
                        matches::facility_accepted_at,
                        matches::confirmed_at,
                    ))
                    .load(c)?;
                let positions: Vec<(String, i32, String, chrono::NaiveDate)> = assignments::table
                    .select((assignments::id, assignments::positions, assignments::status, assignments::ends_on))
                    .load(c)?;
                let events: Vec<Event> =
                    match_events::table
                        .order((match_events::match_id, match_events::at, match_events::id))
                        .select((
                            match_events::match_id,
                            match_events::event,
                            match_events::from_state,
                            match_events::to_state,
                            match_events::reason,
                            match_events::at,
                        ))
                        .load(c)?;
                let pairs: Vec<Pairing> = matches::table
                    .inner_join(assignments::table.inner_join(assignment_professions::table))
                    .inner_join(sankofa::db::schema::users::table.inner_join(professionals::table))
                    .select((
                        matches::id,
                        professionals::origin_country,
                        professionals::profession_code,
                        assignments::country_code,
                        assignment_professions::profession_code,
                    ))
                    .load(c)?;
                let ticks: Vec<String> = match_checklist::table.select(match_checklist::match_id).load(c)?;
                let reports: Vec<(String, String, i32)> = match_reports::table
                    .select((match_reports::match_id, match_reports::activities, match_reports::hours_given))
                    .load(c)?;
                let feedback: Vec<(String, i32)> = match_feedback::table
                    .select((match_feedback::match_id, match_feedback::rating))
                    .load(c)?;
                Ok((stored, positions, events, pairs, ticks, reports, feedback))
            })
            .await
            .unwrap();

        // Every state of a match's life is there.
        let states: HashSet<&str> = stored.iter().map(|m| m.3.as_str()).collect();
        for s in sankofa::domain::matching::MatchState::ALL {
            assert!(states.contains(s.as_str()), "no {} match among {states:?}", s.as_str());
        }
        let state_of: HashMap<&str, &str> = stored.iter().map(|m| (m.0.as_str(), m.3.as_str())).collect();

        // One live match per professional and assignment.
        let mut live = HashSet::new();
        for m in stored.iter().filter(|m| ["proposed", "offered", "confirmed"].contains(&m.3.as_str())) {
            assert!(live.insert((&m.1, &m.2)), "two live matches pair {} with {}", m.2, m.1);
        }

        // Never more confirmed than positions; a full assignment is filled.
        let mut taken: HashMap<&str, i32> = HashMap::new();
        for m in stored.iter().filter(|m| ["confirmed", "completed"].contains(&m.3.as_str())) {
            *taken.entry(m.1.as_str()).or_default() += 1;
        }
        for (id, places, status, _) in &positions {
            let n = taken.get(id.as_str()).copied().unwrap_or(0);
            assert!(n <= *places, "{n} confirmed on {places} positions");
            if n == *places {
                assert_eq!(status, "filled", "a full assignment is filled");
            }
        }
        assert!(positions.iter().any(|p| p.2 == "filled"), "some assignment is filled");

        // No professional confirmed on site twice on the same days.
        let onsite: Vec<&Stored> = stored
            .iter()
            .filter(|m| m.4 && ["confirmed", "completed"].contains(&m.3.as_str()))
            .collect();
        for a in &onsite {
            for b in &onsite {
                assert!(
                    a.0 == b.0 || a.2 != b.2 || a.6 < b.5 || b.6 < a.5,
                    "{} confirmed on site twice from {} and {}", a.2, a.5, b.5
                );
            }
        }

        // Each professional came from the assignment's country and has a
        // profession it accepts.
        let fitting: HashSet<&str> = pairs
            .iter()
            .filter(|(_, origin, profession, country, accepted)| {
                origin.as_ref() == Some(country) && profession.as_ref() == Some(accepted)
            })
            .map(|p| p.0.as_str())
            .collect();
        for m in &stored {
            assert!(fitting.contains(m.0.as_str()), "match {} pairs someone from elsewhere", m.0);
        }

        // The history of each match leads to its state by allowed steps,
        // with reasons where one is asked, in time order and before now.
        let mut history: HashMap<&str, Vec<_>> = HashMap::new();
        for e in &events {
            history.entry(e.0.as_str()).or_default().push(e);
        }
        let now = sankofa::db::now();
        for m in &stored {
            let steps = history.get(m.0.as_str()).expect("a history");
            assert_eq!((steps[0].1.as_str(), steps[0].2.as_deref(), steps[0].3.as_str()), ("propose", None, "proposed"));
            for w in steps.windows(2) {
                let (prev, next) = (w[0], w[1]);
                assert!(prev.5 < next.5, "steps in time order");
                assert_eq!(next.2.as_deref(), Some(prev.3.as_str()), "each step starts where the last ended");
                assert!(
                    STEPS.contains(&(next.1.as_str(), prev.3.as_str(), next.3.as_str())),
                    "{} from {} to {}", next.1, prev.3, next.3
                );
                let wants_reason = ["reject", "decline", "cancel"].contains(&next.1.as_str());
                assert_eq!(next.4.is_some(), wants_reason, "{} with reason {:?}", next.1, next.4);
            }
            let last = steps.last().unwrap();
            assert_eq!(last.3, m.3, "the last step ends in the match's state");
            assert!(last.5 <= now, "no step in the future");
            if ["confirmed", "completed"].contains(&m.3.as_str()) {
                assert!(m.7.is_some() && m.8.is_some() && m.9.is_some(), "both sides accepted");
            }
        }

        // Checklists on confirmed on-site matches; reports on every completed
        // one, after its end; feedback on most, rated 1 to 5.
        let by_id: HashMap<&str, &Stored> = stored.iter().map(|m| (m.0.as_str(), m)).collect();
        assert!(!ticks.is_empty(), "some checklist ticked");
        for id in &ticks {
            let m = by_id[id.as_str()];
            assert!(m.4 && ["confirmed", "completed"].contains(&m.3.as_str()), "ticked on {}", m.3);
        }
        let completed: Vec<&Stored> = stored.iter().filter(|m| m.3 == "completed").collect();
        let reported: HashSet<&str> = reports.iter().map(|r| r.0.as_str()).collect();
        for m in &completed {
            assert!(m.6 < today, "completed after its end");
            assert!(reported.contains(m.0.as_str()), "a completed match has its report");
        }
        assert_eq!(reports.len(), completed.len(), "reports only on completed matches");
        assert!(reports.iter().all(|r| !r.1.is_empty() && r.2 > 0));
        assert!(!feedback.is_empty() && feedback.len() <= completed.len());
        assert!(feedback.iter().all(|(id, rating)| (1..=5).contains(rating) && state_of[id.as_str()] == "completed"));

    }
}
