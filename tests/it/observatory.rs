//! The observatory on both databases: figures checked against hand counts
//! through the CSV files a coordinator or admin downloads; the public
//! statistics count only consenting professionals, show every count under 5
//! as "<5" and resist differencing across rows, columns and every filter;
//! a withdrawn consent leaves the public figures at once; an erased account
//! keeps the delivered figures true; only coordinators and admins reach the
//! observatory.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use crate::helpers::{TestApp, TestClient, unique_email};
use crate::on_both;
use crate::registry::{Pro, add, coordinator_of, programme};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    date(s).and_hms_opt(9, 0, 0).unwrap()
}

pub(crate) async fn count_me(app: &TestApp, user_id: &str) {
    let id = user_id.to_string();
    app.services
        .db
        .write(move |c| {
            sankofa::store::consents::give(
                c,
                &sankofa::db::new_id(),
                &id,
                "statistics",
                "2026-11-25",
                sankofa::db::now(),
            )?;
            Ok::<_, sankofa::error::AppError>(())
        })
        .await
        .unwrap();
}

/// A professional in the store, counted in public statistics or not.
async fn professional(app: &TestApp, p: Pro, counted: bool) -> String {
    let id = add(app, p).await;
    if counted {
        count_me(app, &id).await;
    }
    id
}

/// Delivered work: a completed match with its report and, if given, feedback.
struct Work {
    user_id: String,
    onsite: bool,
    starts: &'static str,
    ends: &'static str,
    hours: i32,
    sessions: i32,
    trained: i32,
    patients: i32,
    rating: Option<i32>,
}

/// Writes an assignment (published on `published`, `status`) and the
/// completed matches of `work` on it.
async fn assignment_with(
    app: &TestApp,
    country: &'static str,
    onsite: bool,
    status: &'static str,
    published: &'static str,
    positions: i32,
    work: Vec<Work>,
) -> String {
    app.services
        .db
        .write(move |c| {
            use sankofa::store::assignments::{self, Assignment, Parts};
            use sankofa::store::matches::{self, MatchRow};
            use sankofa::store::{facilities, running};
            let now = sankofa::db::now();
            let facility_id = sankofa::db::new_id();
            facilities::insert(
                c,
                &facilities::NewFacility {
                    id: &facility_id,
                    name: "District Hospital",
                    kind: "hospital",
                    country_code: country,
                    region: "Region",
                    city: "City",
                    status: "verified",
                    created_at: now,
                    updated_at: now,
                },
            )?;
            let starts_on = work.first().map_or(date("2026-01-05"), |w| date(w.starts));
            let ends_on = work.first().map_or(date("2026-01-14"), |w| date(w.ends));
            let a = Assignment {
                id: sankofa::db::new_id(),
                facility_id,
                country_code: country.into(),
                title: "Neonatal care mentoring".into(),
                objectives: "Teach neonatal resuscitation.".into(),
                specialty_code: None,
                modality: if onsite { "on_site" } else { "virtual" }.into(),
                starts_on,
                ends_on,
                hours_per_week: (!onsite).then_some(4),
                positions,
                clinical: false,
                support_travel: true,
                support_accommodation: true,
                support_allowance: false,
                support_insurance: true,
                support_details: String::new(),
                min_years_experience: 0,
                urgent: false,
                time_zone: "Africa/Accra".into(),
                status: status.into(),
                closed_reason: None,
                created_by: None,
                published_at: (status != "draft").then(|| at(published)),
                closed_at: None,
                created_at: at(published),
                updated_at: now,
            };
            assignments::insert(c, &a, &Parts::default())?;
            for w in work {
                let id = sankofa::db::new_id();
                matches::insert(
                    c,
                    &MatchRow {
                        id: id.clone(),
                        assignment_id: a.id.clone(),
                        user_id: w.user_id.clone(),
                        state: "completed".into(),
                        source: "hand".into(),
                        deadline: None,
                        professional_accepted_at: Some(at(published)),
                        facility_accepted_at: Some(at(published)),
                        confirmed_at: Some(at(published) + chrono::Duration::days(4)),
                        onsite: w.onsite,
                        starts_on: date(w.starts),
                        ends_on: date(w.ends),
                        created_by: None,
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                running::file_report(
                    c,
                    &running::Report {
                        match_id: id.clone(),
                        activities: "Mentoring".into(),
                        people_trained: w.trained,
                        patients_seen: w.patients,
                        sessions_delivered: w.sessions,
                        hours_given: w.hours,
                        notes: String::new(),
                        filed_by: None,
                        filed_at: now,
                    },
                )?;
                if let Some(rating) = w.rating {
                    running::file_feedback(
                        c,
                        &running::Feedback {
                            match_id: id,
                            rating,
                            comments: String::new(),
                            filed_by: None,
                            filed_at: now,
                        },
                    )?;
                }
            }
            Ok::<_, sankofa::error::AppError>(a.id)
        })
        .await
        .unwrap()
}

/// A CSV file as rows of cells by column name; the first column is the
/// row's label.
pub(crate) struct Csv {
    head: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

impl Csv {
    pub(crate) fn parse(body: &str) -> Csv {
        let mut r = csv::Reader::from_reader(body.as_bytes());
        let head = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows = r
            .records()
            .map(|x| x.unwrap().iter().map(str::to_string).collect())
            .collect();
        Csv { head, rows }
    }

    pub(crate) fn cell(&self, row: &str, column: &str) -> String {
        let c = self
            .head
            .iter()
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("no column {column} in {:?}", self.head));
        self.rows
            .iter()
            .find(|r| r[0] == row)
            .map(|r| r[c].clone())
            .unwrap_or_else(|| panic!("no row {row} in {:?}", self.rows))
    }

    pub(crate) fn has_row(&self, row: &str) -> bool {
        self.rows.iter().any(|r| r[0] == row)
    }
}

async fn csv(client: &TestClient, path: &str) -> Csv {
    let page = client.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    assert!(
        page.header("content-type")
            .unwrap_or_default()
            .starts_with("text/csv"),
        "{path}"
    );
    assert!(
        page.header("content-disposition")
            .unwrap_or_default()
            .starts_with("attachment"),
        "{path}"
    );
    Csv::parse(&page.body)
}

/// The hand-counted registry: Ghanaian nurses and midwives in the United
/// Kingdom, Senegalese nurses in France, one Kenyan doctor in the United
/// States; Ghana and Senegal are on the WHO safeguards list, Kenya is not.
pub(crate) struct Fixture {
    pub(crate) app: TestApp,
    nurses_gh: Vec<String>,
    doctor_ke: String,
}

pub(crate) async fn fixture(backend: crate::helpers::Backend) -> Fixture {
    let app = TestApp::spawn(backend).await;
    let mut nurses_gh = Vec::new();
    for i in 0..6 {
        let p = Pro {
            profession: "2221",
            origin: "GH",
            residence: "GB",
            verified_licence: i < 2,
            ..Pro::default()
        };
        nurses_gh.push(professional(&app, p, true).await);
    }
    for _ in 0..2 {
        let p = Pro {
            profession: "2222",
            origin: "GH",
            residence: "GB",
            ..Pro::default()
        };
        professional(&app, p, true).await;
    }
    for _ in 0..3 {
        let p = Pro {
            profession: "2221",
            origin: "SN",
            residence: "FR",
            languages: vec![("fr", "native")],
            ..Pro::default()
        };
        professional(&app, p, true).await;
    }
    // Wants clinical work without a verified licence: not ready; not counted.
    let doctor_ke = professional(
        &app,
        Pro {
            profession: "2211",
            origin: "KE",
            residence: "US",
            clinical: true,
            ..Pro::default()
        },
        false,
    )
    .await;
    let work = |user: &str, trained, patients, sessions, rating| Work {
        user_id: user.to_string(),
        onsite: true,
        starts: "2026-01-05",
        ends: "2026-01-14",
        hours: 0,
        sessions,
        trained,
        patients,
        rating,
    };
    assignment_with(
        &app,
        "GH",
        true,
        "filled",
        "2025-12-01",
        2,
        vec![
            work(&nurses_gh[0], 12, 30, 4, Some(5)),
            work(&nurses_gh[1], 3, 5, 2, Some(4)),
        ],
    )
    .await;
    assignment_with(
        &app,
        "GH",
        false,
        "open",
        "2026-01-10",
        1,
        vec![Work {
            user_id: doctor_ke.clone(),
            onsite: false,
            starts: "2026-01-15",
            ends: "2026-02-20",
            hours: 16,
            sessions: 8,
            trained: 20,
            patients: 0,
            rating: None,
        }],
    )
    .await;
    Fixture {
        app,
        nurses_gh,
        doctor_ke,
    }
}

on_both! {
    async fn figures_match_hand_counts(backend) {
        let f = fixture(backend).await;
        let admin = f.app.user_with_role(&unique_email("obs-admin"), "admin").await;

        let people = csv(&admin, "/observatory/people-by-origin.csv").await;
        assert_eq!(people.cell("Ghana", "Total"), "8");
        assert_eq!(people.cell("Ghana", "Nursing professional"), "6");
        assert_eq!(people.cell("Ghana", "Midwifery professional"), "2");
        assert_eq!(people.cell("Ghana", "WHO safeguards list"), "1");
        assert_eq!(people.cell("Senegal", "Total"), "3");
        assert_eq!(people.cell("Kenya", "Total"), "1");
        assert_eq!(people.cell("Kenya", "WHO safeguards list"), "");
        assert_eq!(people.cell("Total", "Total"), "12");

        let flows = csv(&admin, "/observatory/flows.csv").await;
        assert_eq!(flows.cell("United Kingdom of Great Britain and Northern Ireland → Ghana", "Professionals"), "8");
        assert_eq!(flows.cell("France → Senegal", "Professionals"), "3");

        let ready = csv(&admin, "/observatory/readiness.csv").await;
        assert_eq!(ready.cell("Total", "Registered"), "12");
        assert_eq!(ready.cell("Total", "Ready to be matched"), "11");
        assert_eq!(ready.cell("Nursing professional", "Verified licence"), "2");
        assert_eq!(ready.cell("Total", "Licence awaiting verification"), "0");

        let status = csv(&admin, "/observatory/assignments-by-status.csv").await;
        assert_eq!(status.cell("Filled", "On site"), "1");
        assert_eq!(status.cell("Open", "Virtual (remote)"), "1");
        assert_eq!(status.cell("Total", "Total"), "2");
        let by_country = csv(&admin, "/observatory/assignments-by-country.csv").await;
        assert_eq!(by_country.cell("Ghana", "Positions asked"), "3");
        assert_eq!(by_country.cell("Ghana", "Positions filled"), "3");
        assert_eq!(
            by_country.cell("Ghana", "Days from publication to confirmation (mean)"),
            "4.0"
        );
        let by_month = csv(&admin, "/observatory/assignments-by-month.csv").await;
        assert_eq!(by_month.cell("2025-12", "Assignments"), "1");
        assert_eq!(by_month.cell("2026-01", "Assignments"), "1");

        let delivered = csv(&admin, "/observatory/delivered-by-origin.csv").await;
        assert_eq!(delivered.cell("Ghana", "Completed matches"), "2");
        assert_eq!(delivered.cell("Ghana", "On-site person-days"), "20");
        assert_eq!(delivered.cell("Kenya", "Virtual hours"), "16");
        assert_eq!(delivered.cell("Total", "Sessions"), "14");
        assert_eq!(delivered.cell("Total", "People trained"), "35");
        assert_eq!(delivered.cell("Total", "Patients seen"), "35");
        assert_eq!(delivered.cell("Total", "Facility rating (mean of 5)"), "4.5");
        let by_month = csv(&admin, "/observatory/delivered-by-month.csv").await;
        assert_eq!(by_month.cell("2026-01", "On-site person-days"), "20");
        assert_eq!(by_month.cell("2026-02", "Virtual hours"), "16");

        // The safeguards list's share: all on-site days, none of the hours.
        let page = admin.get("/observatory").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("100.0% of on-site person-days, 0.0% of virtual hours"), "{}", page.body);

        // Filters narrow every table.
        let nurses = csv(&admin, "/observatory/people-by-origin.csv?profession=2221").await;
        assert_eq!(nurses.cell("Total", "Total"), "9");
        assert!(!nurses.has_row("Kenya"));
        let nurses = csv(&admin, "/observatory/delivered-by-origin.csv?profession=2221").await;
        assert_eq!(nurses.cell("Total", "Completed matches"), "2");
        let remote = csv(&admin, "/observatory/delivered-by-origin.csv?modality=virtual").await;
        assert_eq!(remote.cell("Total", "Completed matches"), "1");
        assert_eq!(remote.cell("Total", "On-site person-days"), "0");
        let february = csv(&admin, "/observatory/delivered-by-origin.csv?from=2026-02&to=2026-02").await;
        assert_eq!(february.cell("Total", "Completed matches"), "1");
        let december = csv(&admin, "/observatory/assignments-by-status.csv?from=2025-12&to=2025-12").await;
        assert_eq!(december.cell("Total", "Total"), "1");

        // A coordinator sees their programmes' countries only.
        let ke = programme(&f.app, "KE-HEALTH", &["KE"], 0, "citizen").await;
        let coordinator = coordinator_of(&f.app, &[&ke]).await;
        let people = csv(&coordinator, "/observatory/people-by-origin.csv").await;
        assert_eq!(people.cell("Total", "Total"), "1");
        assert!(!people.has_row("Ghana"));
        let delivered = csv(&coordinator, "/observatory/delivered-by-origin.csv").await;
        assert_eq!(delivered.cell("Total", "Completed matches"), "0");

        // The public: consenting professionals only, small counts hidden.
        let public = f.app.client();
        let people = csv(&public, "/statistics/people-by-origin.csv").await;
        assert_eq!(people.cell("Total", "Total"), "11");
        assert!(!people.has_row("Kenya"), "the Kenyan doctor is not counted");
        assert_eq!(people.cell("Senegal", "Total"), "<5");
        assert_eq!(people.cell("Ghana", "Midwifery professional"), "<5");
        assert_ne!(people.cell("Ghana", "Nursing professional"), "6", "derivable from Ghana's total");
        let delivered = csv(&public, "/statistics/delivered-by-origin.csv").await;
        assert_eq!(delivered.cell("Total", "Completed matches"), "<5");
        assert_ne!(delivered.cell("Total", "On-site person-days"), "20");
        let page = public.get("/statistics").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("<strong>11</strong> professionals registered"), "{}", page.body);
    }
}

on_both! {
    async fn withdrawn_consent_leaves_the_public_figures_at_once(backend) {
        let f = fixture(backend).await;
        let public = f.app.client();
        let before = csv(&public, "/statistics/readiness.csv").await;
        assert_eq!(before.cell("Total", "Registered"), "11");
        // A counted nurse withdraws, through the consents page.
        let email = unique_email("obs-withdraw");
        let nurse = f.app.user_with_role(&email, "professional").await;
        for (path, fields) in [
            ("/professional/profile/work", vec![("profession", "2221"), ("years_experience", "5")]),
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
            ("/professional/consents/statistics/give", vec![]),
        ] {
            assert_eq!(nurse.submit(path, &fields).await.status, 303, "{path}");
        }
        let counted = csv(&public, "/statistics/readiness.csv").await;
        assert_eq!(counted.cell("Total", "Registered"), "12");
        assert_eq!(
            nurse.submit("/professional/consents/statistics/withdraw", &[]).await.status,
            303
        );
        let after = csv(&public, "/statistics/readiness.csv").await;
        assert_eq!(after.cell("Total", "Registered"), "11", "gone at once, not after the figures expire");
        // Coordinators still count every registered professional.
        let admin = f.app.user_with_role(&unique_email("obs-admin"), "admin").await;
        let all = csv(&admin, "/observatory/readiness.csv").await;
        assert_eq!(all.cell("Total", "Registered"), "13");
    }
}

on_both! {
    async fn an_erased_account_keeps_the_delivered_figures_true(backend) {
        let f = fixture(backend).await;
        let admin = f.app.user_with_role(&unique_email("obs-admin"), "admin").await;
        let before = csv(&admin, "/observatory/delivered-by-origin.csv").await;
        for id in [f.nurses_gh[0].clone(), f.doctor_ke.clone()] {
            f.app
                .services
                .db
                .write(move |c| {
                    sankofa::store::users::erase(c, &id, sankofa::db::now())?;
                    Ok::<_, sankofa::error::AppError>(())
                })
                .await
                .unwrap();
        }
        let after = csv(&admin, "/observatory/delivered-by-origin.csv").await;
        for (row, col) in [
            ("Ghana", "Completed matches"),
            ("Ghana", "On-site person-days"),
            ("Kenya", "Virtual hours"),
            ("Total", "People trained"),
        ] {
            assert_eq!(before.cell(row, col), after.cell(row, col), "{row} {col}");
        }
        let by_profession = csv(&admin, "/observatory/delivered-by-profession.csv").await;
        assert_eq!(by_profession.cell("Nursing professional", "Completed matches"), "2");
        assert_eq!(by_profession.cell("Generalist medical practitioner", "Virtual hours"), "16");
        // They are no longer registered.
        let people = csv(&admin, "/observatory/people-by-origin.csv").await;
        assert_eq!(people.cell("Total", "Total"), "10");
    }
}

on_both! {
    async fn only_coordinators_and_admins_reach_the_observatory(backend) {
        let app = TestApp::spawn(backend).await;
        let anonymous = app.client();
        let page = anonymous.get("/observatory").await;
        assert_eq!(page.status, 303);
        assert!(page.location().starts_with("/login"), "{}", page.location());
        assert_eq!(anonymous.get("/observatory/flows.csv").await.status, 303);
        for role in ["professional", "facility"] {
            let c = app.user_with_role(&unique_email("obs-role"), role).await;
            assert_eq!(c.get("/observatory").await.status, 403, "{role}");
            assert_eq!(c.get("/observatory/flows.csv").await.status, 403, "{role}");
            assert_eq!(c.get("/observatory/chart/delivered-by-month.svg").await.status, 403, "{role}");
        }
        let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
        let coordinator = coordinator_of(&app, &[&gh]).await;
        let admin = app.user_with_role(&unique_email("obs-admin"), "admin").await;
        for c in [&coordinator, &admin] {
            let page = c.get("/observatory").await;
            assert_eq!(page.status, 200);
            assert!(page.body.len() < 30 * 1024, "{} bytes", page.body.len());
            assert_eq!(c.get("/observatory/no-such-table.csv").await.status, 404);
            let chart = c.get("/observatory/chart/delivered-by-month.svg").await;
            assert_eq!(chart.status, 200);
            assert!(chart.header("content-type").unwrap_or_default().starts_with("image/svg+xml"));
            assert!(chart.body.contains("<svg") && chart.body.contains("<title>"));
        }
        // Bad filters: refused by the field, what was typed kept, 400.
        let page = coordinator.get("/observatory?from=2026-13&to=2025-01&modality=boat").await;
        assert_eq!(page.status, 400);
        assert!(page.has_error("from") && page.has_error("modality"));
        assert_eq!(page.input_value("from").as_deref(), Some("2026-13"));
        let page = coordinator.get("/observatory?from=2026-05&to=2026-01").await;
        assert_eq!(page.status, 400);
        assert!(page.has_error("to"));
        // Another programme's id is not a choice.
        let other = programme(&app, "SN-HEALTH", &["SN"], 0, "citizen").await;
        let page = coordinator.get(&format!("/observatory?programme={other}")).await;
        assert_eq!(page.status, 400);
        assert!(page.has_error("programme"));
        assert_eq!(coordinator.get(&format!("/observatory/flows.csv?programme={other}")).await.status, 422);

        let page = anonymous.get("/statistics").await;
        assert_eq!(page.status, 200);
        assert!(page.body.len() < 30 * 1024);
        assert_eq!(anonymous.get("/statistics?year=nineteen").await.status, 400);
        let page = anonymous.get("/statistics").await;
        let french = app.client_fr().get("/statistics").await;
        assert_eq!(french.status, 200);
        assert!(french.body.contains("Statistiques publiques"));
        assert!(page.body.contains("Public statistics"));
    }
}

// ---------------------------------------------------------------- differencing

/// Bounds an adversary knows for a figure not shown: "<5" is 0 to 4, a
/// hidden count at least 5; a hidden measure anything from 0.
fn bounds(text: &str, is_count: bool) -> Option<(i64, i64)> {
    match text {
        "<5" if is_count => Some((0, 4)),
        "<5" => Some((0, i64::MAX)),
        "hidden" if is_count => Some((5, i64::MAX)),
        "hidden" => Some((0, i64::MAX)),
        _ => None,
    }
}

/// Stands for an unbounded figure in the adversary's sums.
const FAR: i128 = 1 << 80;

/// One published relation: `whole` = sum of `parts`. Reports a figure not
/// shown that the relation pins to one value other than zero: a "<5" worked
/// out as 0 tells of nobody.
fn pinned(whole: &str, parts: &[String], is_count: bool) -> Option<String> {
    let mut unknown: Vec<(i64, i64)> = Vec::new();
    let mut known = 0i64;
    let mut terms: Vec<(&str, i64)> = vec![(whole, -1)];
    terms.extend(parts.iter().map(|p| (p.as_str(), 1)));
    let mut signs = Vec::new();
    for (text, sign) in &terms {
        match bounds(text, is_count) {
            Some(b) => {
                unknown.push(b);
                signs.push(*sign);
            }
            None => known += sign * text.parse::<i64>().unwrap_or(0),
        }
    }
    // sum(sign_i * x_i) = -known over the unknowns.
    if unknown.is_empty() {
        return None;
    }
    // Each unknown's range from the others' bounds.
    for i in 0..unknown.len() {
        let (mut lo, mut hi) = (i128::from(-known), i128::from(-known));
        for (j, (l, h)) in unknown.iter().enumerate() {
            if i == j {
                continue;
            }
            let (l, h) = (
                i128::from(*l),
                if *h == i64::MAX { FAR } else { i128::from(*h) },
            );
            if signs[j] > 0 {
                lo -= h;
                hi -= l;
            } else {
                lo += l;
                hi += h;
            }
        }
        let (lo, hi) = if signs[i] > 0 { (lo, hi) } else { (-hi, -lo) };
        let own = unknown[i];
        let own_hi = if own.1 == i64::MAX {
            FAR
        } else {
            i128::from(own.1)
        };
        let lo = lo.max(i128::from(own.0));
        let hi = hi.min(own_hi);
        if lo == hi && lo != 0 {
            return Some(format!("pinned to {lo}: {whole} = {parts:?}"));
        }
    }
    None
}

/// Columns of each table that add up across rows, and whether they count
/// people (or matches, assignments) rather than measure.
fn additive(table: &str, column: &str) -> Option<bool> {
    match table {
        "people-by-origin" | "flows" | "assignments-by-status" => Some(true),
        "readiness" => matches!(
            column,
            "Registered"
                | "Ready to be matched"
                | "Verified licence"
                | "Licence awaiting verification"
        )
        .then_some(true),
        "assignments-by-country" | "assignments-by-month" => match column {
            "Assignments" => Some(true),
            "Positions asked" | "Positions filled" => Some(false),
            _ => None,
        },
        _ => match column {
            "Completed matches" => Some(true),
            "Facility rating (mean of 5)" | "WHO safeguards list" => None,
            _ => Some(false),
        },
    }
}

const TABLES: [&str; 9] = [
    "people-by-origin",
    "flows",
    "readiness",
    "assignments-by-status",
    "assignments-by-country",
    "assignments-by-month",
    "delivered-by-origin",
    "delivered-by-profession",
    "delivered-by-month",
];

on_both! {
    async fn public_figures_resist_differencing(backend) {
        let app = TestApp::spawn(backend).await;
        // Many small groups: four professions, five origins, three
        // residences, spread so that most cells are under five.
        let professions = ["2221", "2222", "2211", "2212"];
        let origins = ["GH", "SN", "KE", "NG", "CM"];
        let residences = ["GB", "FR", "US"];
        let mut ids = Vec::new();
        for i in 0..61usize {
            let p = Pro {
                profession: professions[(i * 7) % 4],
                origin: origins[(i * i + i / 3) % 5],
                residence: residences[(i / 2) % 3],
                ..Pro::default()
            };
            ids.push(professional(&app, p, i % 9 != 0).await);
        }
        let years = [("2025-03-01", "2025-04-07", "2025-04-16"), ("2026-01-01", "2026-02-02", "2026-02-11")];
        for (k, (published, starts, ends)) in years.iter().enumerate() {
            for (j, onsite) in [true, false, true].into_iter().enumerate() {
                let work: Vec<Work> = (0..(2 + (k + j) % 4))
                    .map(|n| Work {
                        user_id: ids[(k * 17 + j * 7 + n * 3) % ids.len()].clone(),
                        onsite,
                        starts,
                        ends,
                        hours: if onsite { 0 } else { 6 + n as i32 },
                        sessions: 2 + n as i32,
                        trained: 3 * n as i32,
                        patients: 10 + n as i32,
                        rating: (n % 2 == 0).then_some(4),
                    })
                    .collect();
                let status = if j == 2 { "closed" } else { "filled" };
                assignment_with(&app, origins[(k + j) % 5], onsite, status, published, work.len() as i32, work).await;
            }
        }
        let public = app.client();
        // Every filter combination, every table, as downloaded.
        let mut seen: HashMap<(String, String, String, String, String), Csv> = HashMap::new();
        let year_values = ["", "2025", "2026"];
        let modality_values = ["", "on_site", "virtual"];
        let mut profession_values = vec![""];
        profession_values.extend(professions);
        let mut small = 0;
        for year in year_values {
            for profession in &profession_values {
                for modality in modality_values {
                    for table in TABLES {
                        let path = format!(
                            "/statistics/{table}.csv?year={year}&profession={profession}&modality={modality}"
                        );
                        let file = csv(&public, &path).await;
                        small += file.rows.iter().flatten().filter(|c| *c == "<5").count();
                        seen.insert(
                            (table.into(), year.into(), profession.to_string(), modality.into(), String::new()),
                            file,
                        );
                    }
                }
            }
        }
        assert!(small > 50, "the fixture has many small counts: {small}");
        let mut leaks = Vec::new();
        let cell = |f: &Csv, row: &str, col: usize| -> String {
            f.rows.iter().find(|r| r[0] == row).map_or("0".into(), |r| r[col].clone())
        };
        for ((table, year, profession, modality, _), f) in &seen {
            // Rows add up to the total row, column by column.
            if let Some(total) = f.rows.iter().find(|r| r[0] == "Total") {
                for (c, name) in f.head.iter().enumerate().skip(2) {
                    let Some(is_count) = additive(table, name) else { continue };
                    let parts: Vec<String> = f
                        .rows
                        .iter()
                        .filter(|r| r[0] != "Total")
                        .map(|r| r[c].clone())
                        .collect();
                    if let Some(l) = pinned(&total[c], &parts, is_count) {
                        leaks.push(format!("{table} y={year} p={profession} m={modality} column {name}: {l}"));
                    }
                }
            }
            // Columns add up to the total column (professions, modalities).
            if matches!(table.as_str(), "people-by-origin" | "assignments-by-status") {
                let last = f.head.len() - 1;
                for r in &f.rows {
                    let parts: Vec<String> = r[2..last].to_vec();
                    if let Some(l) = pinned(&r[last], &parts, true) {
                        leaks.push(format!("{table} y={year} p={profession} m={modality} row {}: {l}", r[0]));
                    }
                }
            }
            // Each filter: the unfiltered figure is the sum of the filtered ones.
            let filters: [(&str, Vec<&str>); 3] = [
                ("year", year_values[1..].to_vec()),
                ("profession", profession_values[1..].to_vec()),
                ("modality", modality_values[1..].to_vec()),
            ];
            for (name, values) in filters {
                let unset = match name {
                    "year" => year.is_empty(),
                    "profession" => profession.is_empty(),
                    _ => modality.is_empty(),
                };
                if !unset {
                    continue;
                }
                // Filters that do not narrow a table leave it alone.
                let narrows = match (name, table.as_str()) {
                    ("profession", t) => !t.starts_with("assignments"),
                    ("year", t) => !matches!(t, "people-by-origin" | "flows" | "readiness"),
                    ("modality", t) => !matches!(t, "people-by-origin" | "flows" | "readiness"),
                    _ => true,
                };
                if !narrows {
                    continue;
                }
                let children: Vec<&Csv> = values
                    .iter()
                    .filter_map(|v| {
                        let key = match name {
                            "year" => (table.clone(), v.to_string(), profession.clone(), modality.clone(), String::new()),
                            "profession" => (table.clone(), year.clone(), v.to_string(), modality.clone(), String::new()),
                            _ => (table.clone(), year.clone(), profession.clone(), v.to_string(), String::new()),
                        };
                        seen.get(&key)
                    })
                    .collect();
                for r in &f.rows {
                    for (c, col) in f.head.iter().enumerate().skip(2) {
                        let Some(is_count) = additive(table, col) else { continue };
                        // A filtered table may lack the column (one profession).
                        let parts: Option<Vec<String>> = children
                            .iter()
                            .map(|ch| ch.head.iter().position(|h| h == col).map(|cc| cell(ch, &r[0], cc)))
                            .collect();
                        let Some(parts) = parts else { continue };
                        if let Some(l) = pinned(&r[c], &parts, is_count) {
                            leaks.push(format!("{table} y={year} p={profession} m={modality} by {name}, row {} column {col}: {l}", r[0]));
                        }
                    }
                }
            }
        }
        assert!(leaks.is_empty(), "{} leaks, first: {:#?}", leaks.len(), &leaks[..leaks.len().min(10)]);
    }
}
