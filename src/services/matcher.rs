//! Running the matcher for a programme (SPEC 4): its inputs read from the
//! store, the pure matcher run on them, and unless it is a dry run, the run
//! recorded with its proposals entering the match lifecycle as 'proposed'
//! (source 'matcher'), for the coordinators to approve or reject.

use std::collections::HashSet;
use std::time::Instant;

use serde::Serialize;

use super::accounts::CurrentUser;
use super::{Origin, Services};
use crate::db;
use crate::domain::matcher::{self, Options, Outcome};
use crate::domain::matching::MAX_OFFER_DAYS;
use crate::domain::paging::Window;
use crate::domain::{FieldError, FieldErrors, Role};
use crate::error::{AppError, AppResult};
use crate::store::audit::{self, Event as AuditEvent};
use crate::store::matcher_input::{self, Inputs};
use crate::store::matcher_runs::{self, Note, Proposal, Run};
use crate::store::programmes;

/// Where a run stands, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Loading,
    Matching,
    Recording,
    Done,
}

/// One proposal of a run.
#[derive(Clone, Debug, Serialize)]
pub struct Proposed {
    pub assignment_id: String,
    pub professional_id: String,
    /// Thousandths of a point.
    pub score: i64,
    /// `Score::encode_parts`.
    pub parts: String,
    /// The match it became; none in a dry run, or when the pair already
    /// had a live match.
    pub match_id: Option<String>,
}

/// What a run did, for a person or a program to read.
#[derive(Clone, Debug, Serialize)]
pub struct RunReport {
    /// None for a dry run, which stores nothing.
    pub run_id: Option<String>,
    pub programme: String,
    pub dry_run: bool,
    pub professionals: usize,
    pub assignments: usize,
    /// Positions still free on those assignments.
    pub positions: u32,
    pub candidate_pairs: usize,
    pub feasible_pairs: usize,
    /// Thousandths of a point.
    pub total_score: i64,
    pub proposals: Vec<Proposed>,
    /// Proposals not written because the pair already had a live match.
    pub already_matched: usize,
    pub left_out: usize,
    pub load_ms: u128,
    pub match_ms: u128,
    pub record_ms: u128,
}

/// What a caller asks of a run.
#[derive(Clone, Debug, Default)]
pub struct Ask {
    pub dry_run: bool,
    /// Keep every feasible pair in the outcome (for `--export-instance`).
    pub keep_feasible: bool,
}

/// Runs the matcher for the programme with this code. A coordinator may run
/// it for their own programmes only (anything else is not found); without a
/// user it is the operator's command line.
pub async fn run_programme(
    s: &Services,
    user: Option<&CurrentUser>,
    code: &str,
    ask: &Ask,
    origin: &Origin,
    progress: impl Fn(Stage),
) -> AppResult<(RunReport, Inputs, Outcome)> {
    if let Some(u) = user {
        u.require_role(Role::Coordinator)?;
    }
    let run_by = user.map(|u| u.id.clone());
    let code = code.trim().to_string();
    let today = s.clock.today();
    let started_at = s.clock.now();
    progress(Stage::Loading);
    let loading = Instant::now();
    let (programme, inputs) = {
        let run_by = run_by.clone();
        s.db.run(move |c| {
            let p = programmes::find_by_code(c, &code)?.ok_or(AppError::NotFound)?;
            if let Some(id) = &run_by
                && !programmes::coordinates(c, &p.id, id)?
            {
                return Err(AppError::NotFound);
            }
            let inputs = matcher_input::inputs(c, &p, today)?;
            Ok((p, inputs))
        })
        .await?
    };
    let load_ms = loading.elapsed().as_millis();

    progress(Stage::Matching);
    let matching = Instant::now();
    let options = Options {
        keep_feasible: ask.keep_feasible,
        ..Options::default()
    };
    let outcome = matcher::run(
        &inputs.professionals,
        &inputs.assignments,
        &inputs.programme,
        &options,
    );
    let match_ms = matching.elapsed().as_millis();

    let mut report = RunReport {
        run_id: None,
        programme: programme.code.clone(),
        dry_run: ask.dry_run,
        professionals: inputs.professionals.len(),
        assignments: inputs.assignments.len(),
        positions: inputs.assignments.iter().map(|a| a.positions).sum(),
        candidate_pairs: outcome.candidate_pairs,
        feasible_pairs: outcome.feasible_pairs,
        total_score: outcome.total_score,
        proposals: outcome
            .proposals()
            .map(|(a, c)| Proposed {
                assignment_id: inputs.assignments[a].id.clone(),
                professional_id: inputs.professionals[c.professional].id.clone(),
                score: c.score.total,
                parts: c.score.encode_parts(),
                match_id: None,
            })
            .collect(),
        already_matched: 0,
        left_out: outcome.left_out.len(),
        load_ms,
        match_ms,
        record_ms: 0,
    };
    if ask.dry_run {
        progress(Stage::Done);
        return Ok((report, inputs, outcome));
    }

    progress(Stage::Recording);
    let recording = Instant::now();
    let run_id = db::new_id();
    let dates: std::collections::HashMap<&str, (bool, chrono::NaiveDate, chrono::NaiveDate)> =
        inputs
            .assignments
            .iter()
            .map(|a| {
                let d = a.presence.dates();
                (a.id.as_str(), (a.presence.is_on_site(), d.start(), d.end()))
            })
            .collect();
    let mut proposals = Vec::with_capacity(report.proposals.len());
    for p in &mut report.proposals {
        let (onsite, starts_on, ends_on) = dates[p.assignment_id.as_str()];
        let id = db::new_id();
        p.match_id = Some(id.clone());
        proposals.push(Proposal {
            id,
            assignment_id: p.assignment_id.clone(),
            user_id: p.professional_id.clone(),
            state: "proposed",
            source: "matcher",
            onsite,
            starts_on,
            ends_on,
            created_by: run_by.clone(),
            created_at: started_at,
            updated_at: started_at,
            run_id: Some(run_id.clone()),
            score: Some(p.score),
            score_parts: Some(p.parts.clone()),
        });
    }
    let mut notes = Vec::new();
    for ao in &outcome.assignments {
        let assignment_id = &inputs.assignments[ao.assignment].id;
        for (rank, c) in ao.alternates.iter().enumerate() {
            notes.push(Note {
                run_id: run_id.clone(),
                assignment_id: assignment_id.clone(),
                kind: "alternate",
                rank: i32::try_from(rank).unwrap_or(i32::MAX),
                user_id: inputs.professionals[c.professional].id.clone(),
                score: c.score.total,
                detail: c.score.encode_parts(),
            });
        }
        for (rank, n) in ao.near_misses.iter().enumerate() {
            notes.push(Note {
                run_id: run_id.clone(),
                assignment_id: assignment_id.clone(),
                kind: "near_miss",
                rank: i32::try_from(rank).unwrap_or(i32::MAX),
                user_id: inputs.professionals[n.professional].id.clone(),
                score: n.score.total,
                detail: n.failure.encode(),
            });
        }
    }
    let run = Run {
        id: run_id.clone(),
        programme_id: programme.id.clone(),
        run_by: run_by.clone(),
        dry_run: false,
        started_at,
        duration_ms: i64::try_from(load_ms + match_ms).unwrap_or(i64::MAX),
        professionals: i32::try_from(report.professionals).unwrap_or(i32::MAX),
        assignments: i32::try_from(report.assignments).unwrap_or(i32::MAX),
        positions: i32::try_from(report.positions).unwrap_or(i32::MAX),
        candidate_pairs: i64::try_from(report.candidate_pairs).unwrap_or(i64::MAX),
        feasible_pairs: i64::try_from(report.feasible_pairs).unwrap_or(i64::MAX),
        proposals: 0,
        total_score: report.total_score,
    };
    let addr = origin.addr.clone();
    let (written, skipped) =
        s.db.write(move |c| {
            let ids: Vec<String> = {
                let mut v: Vec<String> =
                    proposals.iter().map(|p| p.assignment_id.clone()).collect();
                v.sort();
                v.dedup();
                v
            };
            // A pair matched meanwhile (by hand, or by another run) keeps
            // its match; the run does not propose it twice.
            let live: HashSet<(String, String)> =
                matcher_runs::live_pairs(c, &ids)?.into_iter().collect();
            let (fresh, stale): (Vec<Proposal>, Vec<Proposal>) = proposals
                .into_iter()
                .partition(|p| !live.contains(&(p.assignment_id.clone(), p.user_id.clone())));
            let mut run = run;
            run.proposals = i32::try_from(fresh.len()).unwrap_or(i32::MAX);
            matcher_runs::insert(c, &run)?;
            matcher_runs::insert_proposals(c, &fresh)?;
            matcher_runs::insert_notes(c, &notes)?;
            let detail = format!("{} proposals", fresh.len());
            audit::record(
                c,
                &AuditEvent {
                    actor_id: run.run_by.as_deref(),
                    action: "matcher_run",
                    object_type: Some("programme"),
                    object_id: Some(&run.programme_id),
                    detail: Some(&detail),
                    client_addr: addr.as_deref(),
                },
                db::now(),
            )?;
            Ok((
                fresh.into_iter().map(|p| p.id).collect::<HashSet<String>>(),
                stale.len(),
            ))
        })
        .await?;
    for p in &mut report.proposals {
        if p.match_id.as_ref().is_some_and(|id| !written.contains(id)) {
            p.match_id = None;
        }
    }
    report.already_matched = skipped;
    report.run_id = Some(run_id);
    report.record_ms = recording.elapsed().as_millis();
    progress(Stage::Done);
    Ok((report, inputs, outcome))
}

/// A coordinator's programmes, each with its latest runs.
pub async fn overview(
    s: &Services,
    user: &CurrentUser,
) -> AppResult<Vec<(programmes::Programme, Vec<Run>)>> {
    user.require_role(Role::Coordinator)?;
    let id = user.id.clone();
    s.db.run(move |c| {
        let mut out = Vec::new();
        for p in programmes::of_coordinator(c, &id)? {
            let runs = matcher_runs::of_programme(c, &p.id, RUNS_LISTED)?;
            out.push((p, runs));
        }
        Ok(out)
    })
    .await
}

/// Runs each programme's page lists.
pub const RUNS_LISTED: i64 = 5;
/// Proposals a run's page lists at once.
pub const PROPOSALS_PER_PAGE: i64 = 8;

/// A stored run with a window of its proposals, for the programme's
/// coordinators.
pub struct RunView {
    pub run: Run,
    pub programme: programmes::Programme,
    pub proposals: Vec<matcher_runs::RunProposal>,
    /// The next best candidates and near misses of the assignments listed.
    pub notes: Vec<matcher_runs::NoteSeen>,
    pub total: i64,
    /// The part of the proposals listed.
    pub window: Window,
    /// Profiles, availability, licences, consents or Terms of Reference
    /// changed since the run read them.
    pub stale: bool,
}

impl RunView {
    /// The page number of the proposals listed, in pages of their window.
    pub fn page(&self) -> i64 {
        self.window.page_number()
    }

    pub fn pages(&self) -> i64 {
        self.window.pages(self.total)
    }
}

fn own_run(
    c: &mut db::DbConn,
    user: &CurrentUser,
    run_id: &str,
) -> AppResult<(Run, programmes::Programme)> {
    let run = matcher_runs::find(c, run_id)?.ok_or(AppError::NotFound)?;
    if !programmes::coordinates(c, &run.programme_id, &user.id)? {
        return Err(AppError::NotFound);
    }
    let p = programmes::find(c, &run.programme_id)?.ok_or(AppError::NotFound)?;
    Ok((run, p))
}

pub async fn run_view(
    s: &Services,
    user: &CurrentUser,
    run_id: &str,
    window: Window,
) -> AppResult<RunView> {
    user.require_role(Role::Coordinator)?;
    let user = user.clone();
    let run_id = run_id.to_string();
    s.db.run(move |c| {
        let (run, programme) = own_run(c, &user, &run_id)?;
        let (proposals, total) =
            matcher_runs::proposals_of(c, &run.id, window.limit, window.offset)?;
        let stale = matcher_runs::changed_since(c, run.started_at)?;
        let mut listed: Vec<String> = proposals.iter().map(|p| p.assignment_id.clone()).collect();
        listed.dedup();
        let notes = matcher_runs::notes_of(c, &run.id, &listed)?;
        Ok(RunView {
            run,
            programme,
            proposals,
            notes,
            total,
            window,
            stale,
        })
    })
    .await
}

/// What a coordinator decides for several proposals of a run at once.
#[derive(Clone, Debug)]
pub enum Decision {
    Approve { days: i64 },
    Reject { reason: String },
}

/// Approves or rejects the chosen proposals of a run, each as its own step
/// of the lifecycle; returns how many moved and how many could not (moved
/// meanwhile, or no longer a proposal). None chosen, days out of range or a
/// rejection without a reason are refused by the field.
pub async fn decide(
    s: &Services,
    user: &CurrentUser,
    run_id: &str,
    match_ids: &[String],
    decision: &Decision,
    origin: &Origin,
) -> AppResult<(usize, usize)> {
    user.require_role(Role::Coordinator)?;
    let mut e = FieldErrors::new();
    if match_ids.is_empty() {
        e.add("matches", FieldError::new("err-choose-at-least-one"));
    }
    if let Decision::Approve { days } = decision
        && !(1..=MAX_OFFER_DAYS).contains(days)
    {
        e.add(
            "days",
            FieldError::new("err-number-range")
                .arg("min", 1)
                .arg("max", MAX_OFFER_DAYS),
        );
    }
    e.into_result().map_err(AppError::Validation)?;
    let owner = user.clone();
    let run = run_id.to_string();
    let ids: Vec<String> = match_ids.to_vec();
    let of_run: HashSet<String> =
        s.db.run(move |c| {
            own_run(c, &owner, &run)?;
            Ok(matcher_runs::of_run(c, &run, &ids)?.into_iter().collect())
        })
        .await?;
    let (mut done, mut refused) = (0, 0);
    for id in match_ids {
        if !of_run.contains(id) {
            refused += 1;
            continue;
        }
        let ask = match decision {
            Decision::Approve { days } => super::matches::Ask::Approve { days: *days },
            Decision::Reject { reason } => super::matches::Ask::Reject {
                reason: reason.clone(),
            },
        };
        match super::matches::act(s, user, id, ask, origin).await {
            Ok(()) => done += 1,
            Err(AppError::Conflict(_)) => refused += 1,
            Err(e) => return Err(e),
        }
    }
    Ok((done, refused))
}
