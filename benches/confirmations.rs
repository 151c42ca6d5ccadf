//! Contested confirmations (SPEC F5): 50 open on-site assignments of two
//! positions each, four offers on each that the facility has accepted, and
//! the 200 accepts of the professionals fired at once over HTTP at the real
//! server. Twenty professionals hold offers on two assignments whose dates
//! overlap, so the rule that nobody is confirmed on site twice on the same
//! days is contested too. Every position must be filled exactly, with no
//! double booking, every answer a confirmation (303) or a refusal (409).
//!
//! Before the burst, a warm-up round confirms one offer on each of
//! `WARMUP_ASSIGNMENTS` other assignments, far later in the year, all at
//! once: every pooled connection has then served the confirmation's
//! statements, as on a server that has been up for a while, and the burst
//! measures confirmations rather than the database's first queries on new
//! connections. The warm-up is neither timed nor counted.
//!
//! `cargo bench --bench confirmations` runs it on SQLite (a temporary file)
//! and on PostgreSQL (`PG_URL`, default `postgres://postgres@127.0.0.1:5432`,
//! the database `sankofa_bench_confirmations` created and dropped);
//! `BACKENDS=sqlite` or `BACKENDS=postgres` runs one. Exits non-zero when
//! an invariant fails.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use sankofa::config::Config;
use sankofa::db;
use sankofa::startup::Application;
use sankofa::store::assignments::{self, Assignment, Parts};
use sankofa::store::matches::{self, MatchRow};
use sankofa::store::{facilities, users};

const ASSIGNMENTS: usize = 50;
const POSITIONS: i32 = 2;
const OFFERS_PER_ASSIGNMENT: usize = 4;
/// Professionals holding offers on both assignments of an overlapping pair.
const DOUBLE_HOLDERS: usize = 20;
/// Assignments of the warm-up round, one position and one offer each.
const WARMUP_ASSIGNMENTS: usize = 40;
const PASSWORD: &str = "bench confirmations password";
const PG_DATABASE: &str = "sankofa_bench_confirmations";
/// Target of the issue: the slowest of 100 answers under this.
const P99_TARGET_MS: f64 = 200.0;

/// What the scene holds: each offer's id and professional, and the
/// professionals' addresses.
struct Scene {
    /// (match id, professional index)
    offers: Vec<(String, usize)>,
    /// The warm-up round's offers, and its assignments.
    warmup: Vec<(String, usize)>,
    warmup_assignments: Vec<String>,
    emails: Vec<String>,
}

/// One professional's browser: a cookie jar, no redirects followed.
struct Browser {
    http: reqwest::Client,
    base: String,
}

impl Browser {
    fn new(base: &str) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client");
        Browser {
            http,
            base: base.to_string(),
        }
    }

    async fn page(&self, path: &str) -> String {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET answered");
        assert_eq!(r.status(), 200, "GET {path}");
        r.text().await.expect("page body")
    }

    /// The CSRF token of a page's form.
    async fn csrf(&self, path: &str) -> String {
        let body = self.page(path).await;
        let at = body.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
        body[at..].split('"').next().unwrap_or_default().to_string()
    }

    async fn log_in(&self, email: &str) {
        let token = self.csrf("/login").await;
        let r = self
            .http
            .post(format!("{}/login", self.base))
            .form(&[
                ("csrf", token.as_str()),
                ("email", email),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .expect("login answered");
        assert_eq!(r.status(), 303, "login of {email}");
    }
}

/// Writes the scene through the store: one facility, its assignments, the
/// professionals and their offers, already accepted by the facility.
async fn seed(app: &Application) -> Scene {
    let hash = sankofa::security::passwords::hash_with_params(PASSWORD, 19_456, 2, 1)
        .expect("password hash");
    let singles = ASSIGNMENTS * OFFERS_PER_ASSIGNMENT - 2 * DOUBLE_HOLDERS;
    let people = DOUBLE_HOLDERS + singles;
    let emails: Vec<String> = (0..people)
        .map(|i| format!("professional.{i}@bench.sankofa.example"))
        .collect();
    let list = emails.clone();
    let offers = app
        .services()
        .db
        .write(move |c| {
            let now = db::now();
            let today = now.date();
            let user = |c: &mut db::DbConn, email: &str, role: &str| {
                let id = db::new_id();
                users::insert(
                    c,
                    &users::NewUser {
                        id: &id,
                        email,
                        password_hash: &hash,
                        full_name: "Bench Person",
                        role,
                        locale: "en",
                        email_verified_at: Some(now),
                        privacy_accepted_at: Some(now),
                        session_epoch: 0,
                        created_at: now,
                        updated_at: now,
                    },
                )
                .map(|_| id)
            };
            let staff = user(c, "staff@bench.sankofa.example", "facility")?;
            let facility_id = db::new_id();
            facilities::insert(
                c,
                &facilities::NewFacility {
                    id: &facility_id,
                    name: "Korle Bu Teaching Hospital",
                    kind: "hospital",
                    country_code: "GH",
                    region: "Greater Accra",
                    city: "Accra",
                    status: "verified",
                    created_at: now,
                    updated_at: now,
                },
            )?;
            facilities::add_staff(c, &facility_id, &staff, now)?;
            let ids: Vec<String> = list
                .iter()
                .map(|e| user(c, e, "professional"))
                .collect::<Result<_, _>>()?;
            let mut offers = Vec::new();
            let mut next_single = DOUBLE_HOLDERS;
            for i in 0..ASSIGNMENTS {
                // Assignments 2k and 2k+1 share days; other pairs do not.
                let starts = today + Days::new(30 + 40 * (i as u64 / 2) + 5 * (i as u64 % 2));
                let ends = starts + Days::new(20);
                let a = assignment(&facility_id, &staff, i, starts, ends, now);
                assignments::insert(c, &a, &Parts::default())?;
                let mut holders = Vec::new();
                if i / 2 < DOUBLE_HOLDERS {
                    holders.push(i / 2);
                }
                while holders.len() < OFFERS_PER_ASSIGNMENT {
                    holders.push(next_single);
                    next_single += 1;
                }
                for p in holders {
                    let id = db::new_id();
                    matches::insert(
                        c,
                        &MatchRow {
                            id: id.clone(),
                            assignment_id: a.id.clone(),
                            user_id: ids[p].clone(),
                            state: "offered".into(),
                            source: "hand".into(),
                            deadline: Some(now + chrono::Duration::days(7)),
                            professional_accepted_at: None,
                            facility_accepted_at: Some(now),
                            confirmed_at: None,
                            onsite: true,
                            starts_on: starts,
                            ends_on: ends,
                            created_by: None,
                            created_at: now,
                            updated_at: now,
                        },
                    )?;
                    offers.push((id, p));
                }
            }
            // The warm-up: a year later, one position and one offer each.
            let mut warmup = Vec::new();
            let mut warmup_assignments = Vec::new();
            for i in 0..WARMUP_ASSIGNMENTS {
                let starts = today + Days::new(400 + 30 * i as u64);
                let ends = starts + Days::new(20);
                let mut a = assignment(&facility_id, &staff, 1000 + i, starts, ends, now);
                a.positions = 1;
                assignments::insert(c, &a, &Parts::default())?;
                let p = DOUBLE_HOLDERS + i;
                let id = db::new_id();
                matches::insert(
                    c,
                    &MatchRow {
                        id: id.clone(),
                        assignment_id: a.id.clone(),
                        user_id: ids[p].clone(),
                        state: "offered".into(),
                        source: "hand".into(),
                        deadline: Some(now + chrono::Duration::days(7)),
                        professional_accepted_at: None,
                        facility_accepted_at: Some(now),
                        confirmed_at: None,
                        onsite: true,
                        starts_on: starts,
                        ends_on: ends,
                        created_by: None,
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                warmup.push((id, p));
                warmup_assignments.push(a.id);
            }
            Ok::<_, sankofa::error::AppError>((offers, warmup, warmup_assignments))
        })
        .await
        .expect("the scene is written");
    let (offers, warmup, warmup_assignments) = offers;
    Scene {
        offers,
        warmup,
        warmup_assignments,
        emails,
    }
}

fn assignment(
    facility_id: &str,
    staff: &str,
    i: usize,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    now: chrono::NaiveDateTime,
) -> Assignment {
    Assignment {
        id: db::new_id(),
        facility_id: facility_id.into(),
        country_code: "GH".into(),
        title: format!("Neonatal care mentoring {i}"),
        objectives: "Teach neonatal resuscitation to the ward teams.".into(),
        specialty_code: None,
        modality: "on_site".into(),
        starts_on,
        ends_on,
        hours_per_week: None,
        positions: POSITIONS,
        clinical: false,
        support_travel: true,
        support_accommodation: true,
        support_allowance: false,
        support_insurance: true,
        support_details: String::new(),
        min_years_experience: 0,
        urgent: false,
        time_zone: "Africa/Accra".into(),
        status: "open".into(),
        closed_reason: None,
        created_by: Some(staff.into()),
        published_at: Some(now),
        closed_at: None,
        created_at: now,
        updated_at: now,
    }
}

/// What one run measured and found.
struct Outcome {
    confirmed: usize,
    refused: usize,
    other: Vec<u16>,
    latencies: Vec<Duration>,
    /// Assignments with fewer or more confirmed than positions.
    wrongly_filled: usize,
    /// Professionals confirmed on site twice on the same days.
    double_booked: usize,
    /// Assignments full but not marked filled.
    not_marked: usize,
}

async fn run(url: &str) -> Outcome {
    let dir = tempfile::tempdir().expect("temporary directory");
    let env: HashMap<&str, String> = HashMap::from([
        ("DATABASE_URL", url.to_string()),
        ("DATA_DIR", dir.path().to_string_lossy().to_string()),
        ("BIND", "127.0.0.1:0".into()),
        (
            "SESSION_SECRET",
            "62656e63685f636f6e6669726d6174696f6e735f7365637265745f33325f6279".into(),
        ),
        ("OUTBOX_WORKER", "false".into()),
        ("RATE_LIMIT_AUTH_PER_MINUTE", "100000".into()),
        ("RUST_LOG", "warn".into()),
        // The server's pool of database connections, as in production
        // unless DB_POOL_SIZE says otherwise.
        (
            "DB_POOL_SIZE",
            std::env::var("DB_POOL_SIZE").unwrap_or_else(|_| "10".into()),
        ),
    ]);
    let config = Config::from_lookup(|k| env.get(k).cloned()).expect("configuration");
    let app = Application::build(config).await.expect("the server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    let services = app.services().clone();
    let handle = app.handle();
    let scene = seed(&app).await;
    tokio::spawn(app.run_until_stopped());

    // Everyone logs in and opens their offer's page, a few at a time.
    let browsers: Vec<Arc<Browser>> = scene
        .emails
        .iter()
        .map(|_| Arc::new(Browser::new(&base)))
        .collect();
    {
        use futures_util::StreamExt;
        futures_util::stream::iter(browsers.iter().zip(&scene.emails))
            .for_each_concurrent(8, |(b, email)| async move { b.log_in(email).await })
            .await;
    }
    let prepare = |offers: &[(String, usize)]| {
        use futures_util::StreamExt;
        let browsers = &browsers;
        let base = &base;
        futures_util::stream::iter(offers.to_vec())
            .map(move |(id, p)| async move {
                let path = format!("/matches/{id}");
                let token = browsers[p].csrf(&path).await;
                (browsers[p].clone(), format!("{base}{path}/accept"), token)
            })
            .buffered(8)
            .collect::<Vec<_>>()
    };
    let warm = prepare(&scene.warmup).await;
    let ready = prepare(&scene.offers).await;

    // The warm-up round, all at once, untimed.
    let answers =
        futures_util::future::join_all(warm.into_iter().map(|(browser, url, token)| async move {
            browser
                .http
                .post(url)
                .form(&[("csrf", token)])
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }))
        .await;
    assert!(
        answers.iter().all(|s| *s == 303),
        "every warm-up accept confirms: {answers:?}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;

    // All accepts wait at the gate, then go together.
    let gate = Arc::new(tokio::sync::Barrier::new(ready.len() + 1));
    let mut tasks = Vec::new();
    for (browser, url, token) in ready {
        let gate = gate.clone();
        tasks.push(tokio::spawn(async move {
            let request = browser.http.post(url).form(&[("csrf", token)]);
            gate.wait().await;
            let started = Instant::now();
            let status = request
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0);
            (status, started.elapsed())
        }));
    }
    // PROFILE_BURST=1 leaves a quiet second on each side of the burst and
    // prints its CLOCK_MONOTONIC bounds, for `perf record -k CLOCK_MONOTONIC`.
    let profiling = std::env::var("PROFILE_BURST").is_ok();
    if profiling {
        tokio::time::sleep(Duration::from_secs(1)).await;
        eprintln!("burst starts at {:.6}", monotonic());
    }
    gate.wait().await;
    let mut outcome = Outcome {
        confirmed: 0,
        refused: 0,
        other: Vec::new(),
        latencies: Vec::new(),
        wrongly_filled: 0,
        double_booked: 0,
        not_marked: 0,
    };
    for t in tasks {
        let (status, took) = t.await.expect("request task");
        outcome.latencies.push(took);
        match status {
            303 => outcome.confirmed += 1,
            409 => outcome.refused += 1,
            s => outcome.other.push(s),
        }
    }
    outcome.latencies.sort();
    if profiling {
        eprintln!("burst ends at {:.6}", monotonic());
        tokio::time::sleep(Duration::from_secs(1)).await;
    }

    let (per_assignment, onsite, statuses) = services
        .db
        .run(|c| {
            use diesel::prelude::*;
            use sankofa::db::schema::{assignments, matches};
            let confirmed: Vec<(String, String, NaiveDate, NaiveDate)> = matches::table
                .filter(matches::state.eq_any(["confirmed", "completed"]))
                .filter(matches::onsite.eq(true))
                .select((
                    matches::assignment_id,
                    matches::user_id,
                    matches::starts_on,
                    matches::ends_on,
                ))
                .load(c)?;
            let statuses: Vec<(String, i32, String)> = assignments::table
                .select((assignments::id, assignments::positions, assignments::status))
                .load(c)?;
            let mut per: HashMap<String, i32> = HashMap::new();
            for (a, ..) in &confirmed {
                *per.entry(a.clone()).or_default() += 1;
            }
            Ok::<_, sankofa::error::AppError>((per, confirmed, statuses))
        })
        .await
        .expect("the outcome is read");
    for (id, positions, status) in &statuses {
        if scene.warmup_assignments.contains(id) {
            continue;
        }
        let n = per_assignment.get(id).copied().unwrap_or(0);
        if n != *positions {
            outcome.wrongly_filled += 1;
        }
        if n == *positions && status != "filled" {
            outcome.not_marked += 1;
        }
    }
    for (i, a) in onsite.iter().enumerate() {
        for b in &onsite[i + 1..] {
            if a.1 == b.1 && a.2 <= b.3 && b.2 <= a.3 {
                outcome.double_booked += 1;
            }
        }
    }
    handle.stop(true).await;
    outcome
}

/// Seconds on the clock `perf record -k CLOCK_MONOTONIC` stamps samples with.
fn monotonic() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the current time into `t`.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0
}

fn pg_admin(server: &str, options: &str) -> PgConnection {
    PgConnection::establish(&format!("{server}/postgres{options}")).expect("PostgreSQL answers")
}

#[tokio::main]
async fn main() {
    let backends = std::env::var("BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    let pg_server = std::env::var("PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
        .trim_end_matches('/')
        .to_string();
    let pg_options = std::env::var("PG_OPTIONS").unwrap_or_else(|_| "?sslmode=disable".into());
    let positions = ASSIGNMENTS * POSITIONS as usize;
    println!(
        "{} accepts at once on {ASSIGNMENTS} assignments x {POSITIONS} positions = {positions} positions ({DOUBLE_HOLDERS} professionals with offers on overlapping dates)",
        ASSIGNMENTS * OFFERS_PER_ASSIGNMENT
    );
    println!(
        "{:<10} {:>9} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}  verdict",
        "database",
        "confirmed",
        "409",
        "other",
        "filled",
        "double",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms"
    );
    let mut failed = false;
    for backend in backends.split(',').map(str::trim).filter(|b| !b.is_empty()) {
        let (outcome, _dir) = match backend {
            "sqlite" => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = dir.path().join("sankofa.db").to_string_lossy().to_string();
                (run(&url).await, Some(dir))
            }
            "postgres" => {
                let drop = format!("DROP DATABASE IF EXISTS \"{PG_DATABASE}\" WITH (FORCE)");
                let mut admin = pg_admin(&pg_server, &pg_options);
                admin
                    .batch_execute(&drop)
                    .expect("drop an old bench database");
                admin
                    .batch_execute(&format!("CREATE DATABASE \"{PG_DATABASE}\""))
                    .expect("create the bench database");
                let outcome = run(&format!("{pg_server}/{PG_DATABASE}{pg_options}")).await;
                pg_admin(&pg_server, &pg_options)
                    .batch_execute(&drop)
                    .expect("drop the bench database");
                (outcome, None)
            }
            other => {
                eprintln!("unknown backend {other}: sqlite or postgres");
                std::process::exit(2);
            }
        };
        let l = &outcome.latencies;
        let p99 = percentile(l, 99.0);
        let mut broken = Vec::new();
        if outcome.confirmed != positions {
            broken.push(format!("{} confirmed, not {positions}", outcome.confirmed));
        }
        if !outcome.other.is_empty() {
            broken.push(format!("other answers {:?}", outcome.other));
        }
        if outcome.wrongly_filled > 0 {
            broken.push(format!(
                "{} assignments not filled exactly",
                outcome.wrongly_filled
            ));
        }
        if outcome.not_marked > 0 {
            broken.push(format!(
                "{} full assignments not marked filled",
                outcome.not_marked
            ));
        }
        if outcome.double_booked > 0 {
            broken.push(format!("{} double bookings", outcome.double_booked));
        }
        let verdict = if !broken.is_empty() {
            failed = true;
            format!("FAILED: {}", broken.join("; "))
        } else if p99 >= P99_TARGET_MS {
            format!("ok, but p99 above the {P99_TARGET_MS} ms target")
        } else {
            "ok".to_string()
        };
        println!(
            "{:<10} {:>9} {:>5} {:>5} {:>7} {:>7} {:>7.1} {:>7.1} {:>7.1} {:>7.1}  {verdict}",
            backend,
            outcome.confirmed,
            outcome.refused,
            outcome.other.len(),
            format!("{}/{}", ASSIGNMENTS - outcome.wrongly_filled, ASSIGNMENTS),
            outcome.double_booked,
            percentile(l, 50.0),
            percentile(l, 95.0),
            p99,
            l.last().map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0),
        );
    }
    if failed {
        std::process::exit(1);
    }
}
