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
