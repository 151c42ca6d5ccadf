//! The matcher run for a programme from the store, on both databases: its
//! inputs are the registry and the programme's open assignments; its best
//! pairs enter the lifecycle as proposals (source 'matcher', the run and the
//! score kept) and the run is stored; a dry run stores nothing; no one with
//! a proposal waiting is proposed again; only the programme's coordinators
//! may run it; the command line does the same and exports the instance.

use sankofa::error::AppError;
use sankofa::services::matcher::{Ask, run_programme};

use crate::assignments::{create, facility, onsite, pairs};
use crate::helpers::{TestApp, unique_email};
use crate::on_both;
use crate::registry::{Pro, add, coordinator_of, programme};

pub(crate) struct Scene {
    pub(crate) app: TestApp,
    pub(crate) coordinator: sankofa::services::accounts::CurrentUser,
    pub(crate) coordinator_client: crate::helpers::TestClient,
    pub(crate) assignments: Vec<String>,
    /// Two midwives and a nurse who may be proposed, then a nurse without
    /// consent and a doctor (the assignments take midwives and nurses).
    pub(crate) pros: Vec<String>,
}

async fn current(app: &TestApp, email: &str) -> sankofa::services::accounts::CurrentUser {
    let u = app.user(email).await.unwrap();
    sankofa::services::accounts::CurrentUser {
        id: u.id,
        email: u.email,
        full_name: u.full_name,
        role: u.role.parse().unwrap(),
        locale: u.locale.parse().unwrap(),
        email_verified: true,
        session_epoch: u.session_epoch,
    }
}

pub(crate) async fn scene(backend: crate::helpers::Backend) -> Scene {
    let app = TestApp::spawn(backend).await;
    let gh = programme(&app, "GH-HEALTH", &["GH"], 0, "citizen").await;
    let coordinator_client = coordinator_of(&app, &[&gh]).await;
    let coordinator_email = app
        .services
        .db
        .run(|c| Ok(sankofa::store::users::with_role(c, "coordinator")?))
        .await
        .unwrap()
        .remove(0)
        .2;
    let (staff, fid) = facility(&app, true).await;
    // No specialty asked, no clinical work: two positions each.
    let fields: Vec<(&'static str, String)> = onsite()
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "specialty" | "clinical"))
        .collect();
    let mut assignments = Vec::new();
    for _ in 0..2 {
        let id = create(&staff, &fid, &fields).await;
        assert_eq!(
            staff
                .submit(
                    &format!("/facility/{fid}/assignments/{id}/publish"),
                    &pairs(&[])
                )
                .await
                .status,
            303
        );
        assignments.push(id);
    }
    let mut pros = Vec::new();
    for p in [
        Pro {
            name: "Adjoa Mensah",
            profession: "2222",
            years: 12,
            ..Pro::default()
        },
        Pro {
            name: "Efua Boateng",
            profession: "2222",
            years: 7,
            ..Pro::default()
        },
        Pro {
            name: "Kojo Asante",
            profession: "2221",
            years: 6,
            ..Pro::default()
        },
        Pro {
            name: "Yaw Darko",
            profession: "2221",
            consent: false,
            ..Pro::default()
        },
        Pro {
            name: "Kwame Osei",
            profession: "2211",
            ..Pro::default()
        },
    ] {
        pros.push(add(&app, p).await);
    }
    Scene {
        coordinator: current(&app, &coordinator_email).await,
        coordinator_client,
        app,
        assignments,
        pros,
    }
}

type Row = (String, String, String, String, Option<String>, Option<i64>);

async fn matches_of(app: &TestApp) -> Vec<Row> {
    app.services
        .db
        .run(|c| {
            use diesel::prelude::*;
            use sankofa::db::schema::matches;
            Ok(matches::table
                .select((
                    matches::assignment_id,
                    matches::user_id,
                    matches::state,
                    matches::source,
                    matches::run_id,
                    matches::score,
                ))
                .order(matches::user_id)
                .load::<Row>(c)?)
        })
        .await
        .unwrap()
}

on_both! {
    async fn a_run_proposes_the_best_pairs_and_stores_itself(backend) {
        let sc = scene(backend).await;
        let s = &sc.app.services;

        // A dry run says what it would do and stores nothing.
        let (dry, _, _) = run_programme(s, Some(&sc.coordinator), "GH-HEALTH", &Ask { dry_run: true, keep_feasible: false }, &Default::default(), |_| {}).await.unwrap();
        assert_eq!((dry.assignments, dry.positions), (2, 4));
        assert_eq!(dry.proposals.len(), 3, "the three who may be matched");
        assert!(dry.run_id.is_none() && dry.proposals.iter().all(|p| p.match_id.is_none()));
        assert!(matches_of(&sc.app).await.is_empty());

        let (report, _, outcome) = run_programme(s, Some(&sc.coordinator), "GH-HEALTH", &Ask::default(), &Default::default(), |_| {}).await.unwrap();
        assert_eq!(report.total_score, dry.total_score, "the same input gives the same run");
        let proposed: Vec<&str> = report.proposals.iter().map(|p| p.professional_id.as_str()).collect();
        for (i, id) in sc.pros.iter().enumerate() {
            assert_eq!(proposed.contains(&id.as_str()), i < 3, "professional {i}");
        }
        // Each proposal is a match waiting for approval, with its run and score.
        let rows = matches_of(&sc.app).await;
        assert_eq!(rows.len(), 3);
        let run_id = report.run_id.clone().unwrap();
        for (aid, _, state, source, run, score) in &rows {
            assert!(sc.assignments.contains(aid));
            assert_eq!((state.as_str(), source.as_str()), ("proposed", "matcher"));
            assert_eq!(run.as_deref(), Some(run_id.as_str()));
            assert!(score.unwrap() > 0);
        }
        assert_eq!(outcome.total_score, rows.iter().map(|r| r.5.unwrap()).sum::<i64>());
        // No assignment gets more than its two positions.
        for aid in &sc.assignments {
            assert!(rows.iter().filter(|r| &r.0 == aid).count() <= 2);
        }
        // Each has its first step, and the coordinator finds it on their dashboard.
        let steps = s.db.run({ let id = report.proposals[0].match_id.clone().unwrap(); move |c| Ok(sankofa::store::matches::steps_of(c, &id)?) }).await.unwrap();
        assert_eq!(steps.len(), 1);
        assert_eq!((steps[0].event.as_str(), steps[0].actor_id.as_deref()), ("propose", Some(sc.coordinator.id.as_str())));
        let runs = s.db.run(|c| {
            let p = sankofa::store::programmes::find_by_code(c, "GH-HEALTH")?.unwrap();
            Ok(sankofa::store::matcher_runs::of_programme(c, &p.id, 10)?)
        }).await.unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!((runs[0].proposals, runs[0].professionals, runs[0].positions), (3, 4, 4));
        assert_eq!(runs[0].run_by.as_deref(), Some(sc.coordinator.id.as_str()));

        // A second run proposes nobody again while their proposals wait.
        let (again, _, _) = run_programme(s, Some(&sc.coordinator), "GH-HEALTH", &Ask::default(), &Default::default(), |_| {}).await.unwrap();
        assert!(again.proposals.is_empty(), "{:?}", again.proposals);
        assert_eq!(again.positions, 1, "three of the four positions are held by proposals");
        assert_eq!(matches_of(&sc.app).await.len(), 3);
    }
}

on_both! {
    async fn only_the_programmes_coordinators_run_it(backend) {
        let sc = scene(backend).await;
        let s = &sc.app.services;
        let ng = programme(&sc.app, "NG-HEALTH", &["NG"], 0, "citizen").await;
        drop(ng);
        let pro_email = unique_email("mr-pro");
        sc.app.user_with_role(&pro_email, "professional").await;
        let pro = current(&sc.app, &pro_email).await;
        let other_email = unique_email("mr-other");
        let other_client = sc.app.user_with_role(&other_email, "coordinator").await;
        drop(other_client);
        let other = current(&sc.app, &other_email).await;
        let ask = Ask::default();
        assert!(matches!(run_programme(s, Some(&other), "GH-HEALTH", &ask, &Default::default(), |_| {}).await, Err(AppError::NotFound)));
        assert!(matches!(run_programme(s, Some(&pro), "GH-HEALTH", &ask, &Default::default(), |_| {}).await, Err(AppError::Forbidden)));
        assert!(matches!(run_programme(s, Some(&sc.coordinator), "NOPE", &ask, &Default::default(), |_| {}).await, Err(AppError::NotFound)));
        assert!(matches_of(&sc.app).await.is_empty());
    }
}

on_both! {
    async fn the_command_line_runs_it_and_exports_the_instance(backend) {
        let sc = scene(backend).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("instance.json");
        let run = |args: &[&str]| {
            std::process::Command::new(env!("CARGO_BIN_EXE_sankofa"))
                .arg("match")
                .args(args)
                .env("DATABASE_URL", &sc.app.db.url)
                .env("DATA_DIR", sc.app.data_dir.path())
                .env("SESSION_SECRET", crate::helpers::app::TEST_SECRET)
                .output()
                .unwrap()
        };
        let out = run(&["--programme", "GH-HEALTH", "--dry-run", "--json", "--export-instance", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["proposals"].as_array().unwrap().len(), 3);
        assert!(matches_of(&sc.app).await.is_empty(), "a dry run stores nothing");
        // The instance: every feasible pair with its score, and the
        // proposals' total is the best the pairs allow.
        let instance: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(instance["professionals"].as_array().unwrap().len(), 4);
        let positions: Vec<i64> = instance["assignments"].as_array().unwrap().iter().map(|a| a["positions"].as_i64().unwrap()).collect();
        assert_eq!(positions, vec![2, 2]);
        let pairs: Vec<(usize, usize, i64)> = instance["pairs"].as_array().unwrap().iter().map(|p| (p[0].as_u64().unwrap() as usize, p[1].as_u64().unwrap() as usize, p[2].as_i64().unwrap())).collect();
        assert_eq!(pairs.len(), 6, "three people, each fit for both");
        let best = brute_force(&pairs, &positions, 4);
        assert_eq!(instance["total_score"].as_i64().unwrap(), best);

        let out = run(&["--programme", "GH-HEALTH"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("3 proposals are waiting"), "{text}");
        assert_eq!(matches_of(&sc.app).await.len(), 3);
        let out = run(&["--programme", "NOPE"]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("no programme has the code"));
    }
}

/// The best total over every way of giving each professional at most one
/// assignment within its positions.
fn brute_force(pairs: &[(usize, usize, i64)], positions: &[i64], professionals: usize) -> i64 {
    fn go(p: usize, n: usize, pairs: &[(usize, usize, i64)], left: &mut Vec<i64>) -> i64 {
        if p == n {
            return 0;
        }
        let mut best = go(p + 1, n, pairs, left);
        for &(a, q, s) in pairs.iter().filter(|x| x.1 == p) {
            let _ = q;
            if left[a] > 0 {
                left[a] -= 1;
                best = best.max(s + go(p + 1, n, pairs, left));
                left[a] += 1;
            }
        }
        best
    }
    go(0, professionals, pairs, &mut positions.to_vec())
}

on_both! {
    async fn a_coordinator_runs_the_matcher_and_decides_several_proposals_at_once(backend) {
        let sc = scene(backend).await;
        let c = &sc.coordinator_client;
        let home = c.get("/coordinator/matcher").await;
        assert_eq!(home.status, 200);
        assert!(home.body.contains("GH-HEALTH") && home.body.contains("has not run for this programme yet"));
        crate::pages::check_page("/coordinator/matcher", &home, "en");
        // One more midwife, a year short of what the assignments ask.
        add(&sc.app, Pro { name: "Abena Nearly", profession: "2222", years: 4, ..Pro::default() }).await;

        let ran = c.submit("/coordinator/matcher/run", &[("programme", "GH-HEALTH")]).await;
        assert_eq!(ran.status, 303, "{}", ran.body);
        let run_page = ran.location().split('?').next().unwrap().to_string();
        assert!(run_page.starts_with("/coordinator/matcher/runs/"));
        let page = c.get(&ran.location()).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("The matcher ran"));
        assert!(!page.body.contains("changed since this run"), "fresh");
        let ids: Vec<String> = page.body.match_indices("name=\"matches\" value=\"").map(|(i, m)| page.body[i + m.len()..].split('"').next().unwrap().to_string()).collect();
        assert_eq!(ids.len(), 3, "three proposals to decide");
        assert!(page.body.contains("Diaspora"), "each score's breakdown");
        assert!(page.body.contains("Next best candidates"), "{}", page.body);
        assert!(page.body.contains("Abena Nearly") && page.body.contains("Near misses"), "the near miss, with the rule and why");
        assert!(page.body.contains("the assignment asks for at least"), "{}", page.body);
        for lang in ["en", "fr"] {
            c.submit("/language", &[("lang", lang)]).await;
            let p = c.get(&run_page).await;
            crate::pages::check_page("/coordinator/matcher/runs/…", &p, lang);
            let p = c.get("/coordinator/matcher").await;
            crate::pages::check_page("/coordinator/matcher", &p, lang);
        }
        c.submit("/language", &[("lang", "en")]).await;
        let decide = format!("{run_page}/decide");

        // Nothing ticked, or a rejection without a reason: refused by the field.
        let none = c.submit(&decide, &[("decision", "approve"), ("days", "7")]).await;
        assert_eq!(none.status, 422);
        assert!(none.has_error("matches"));
        let no_reason = c.submit(&decide, &[("decision", "reject"), ("matches", &ids[2]), ("reason", " ")]).await;
        assert_eq!(no_reason.status, 422);
        assert!(no_reason.has_error("reason"));
        assert!(no_reason.body.contains(&format!("value=\"{}\" checked", ids[2])), "the ticks are kept");
        crate::pages::check_page("/coordinator/matcher/runs/… (refused)", &no_reason, "en");
        let no_days = c.submit(&decide, &[("decision", "approve"), ("matches", &ids[0]), ("days", "0")]).await;
        assert_eq!(no_days.status, 422);
        assert!(no_days.has_error("days"));
        assert!(no_days.body.contains("name=\"days\" type=\"number\" min=\"1\" max=\"60\" value=\"0\""), "the days typed are kept");
        crate::pages::check_page("/coordinator/matcher/runs/… (days refused)", &no_days, "en");

        // Two approved at once, the third rejected.
        let approved = c.submit(&decide, &[("decision", "approve"), ("days", "7"), ("matches", &ids[0]), ("matches", &ids[1])]).await;
        assert_eq!(approved.status, 303);
        assert!(approved.location().ends_with("notice=matcher-decided"));
        let rejected = c.submit(&decide, &[("decision", "reject"), ("matches", &ids[2]), ("reason", "Not this season.")]).await;
        assert_eq!(rejected.status, 303);
        let states: Vec<String> = matches_of(&sc.app).await.into_iter().map(|r| r.2).collect();
        assert_eq!(states.iter().filter(|s| *s == "offered").count(), 2);
        assert_eq!(states.iter().filter(|s| *s == "rejected").count(), 1);
        // Deciding again moves nothing more and says so.
        let again = c.submit(&decide, &[("decision", "approve"), ("days", "7"), ("matches", &ids[0])]).await;
        assert!(again.location().ends_with("notice=matcher-decided-some"));

        // A profile changed since: the run says it may be stale.
        let pro = sc.pros[0].clone();
        sc.app.services.db.write(move |c| {
            use diesel::prelude::*;
            use sankofa::db::schema::professionals;
            diesel::update(professionals::table.find(pro)).set(professionals::updated_at.eq(sankofa::db::now() + chrono::TimeDelta::seconds(5))).execute(c)?;
            Ok(())
        }).await.unwrap();
        assert!(c.get(&run_page).await.body.contains("changed since this run"));

        // Nobody else.
        let ng = programme(&sc.app, "NG-HEALTH", &["NG"], 0, "citizen").await;
        let other = coordinator_of(&sc.app, &[&ng]).await;
        assert_eq!(other.get(&run_page).await.status, 404);
        assert_eq!(other.submit(&decide, &[("decision", "approve"), ("matches", &ids[0])]).await.status, 404);
        assert_eq!(other.submit("/coordinator/matcher/run", &[("programme", "GH-HEALTH")]).await.status, 404);
        assert!(!other.get("/coordinator/matcher").await.body.contains("GH-HEALTH"));
        let pro = sc.app.user_with_role(&unique_email("mr-page-pro"), "professional").await;
        assert_eq!(pro.get("/coordinator/matcher").await.status, 403);
        assert_eq!(pro.get(&run_page).await.status, 403);
        assert_eq!(sc.app.client().get(&run_page).await.status, 303);
        assert_eq!(c.post("/coordinator/matcher/run", &[("programme", "GH-HEALTH")]).await.status, 403, "no CSRF token");
    }
}
