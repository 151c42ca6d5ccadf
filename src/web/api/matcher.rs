//! The matcher through the API: the coordinator's programmes with their
//! latest runs, a run (stored, or dry) for one of them, a stored run's
//! proposals with each score's parts, the next best candidates and the near
//! misses, and decisions on several proposals at once, through the same
//! service functions as the pages.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Caller, ErrorBody, PageQuery, day, moment, origin};
use crate::domain::matcher::{Failure, decode_parts};
use crate::domain::matching::DEFAULT_OFFER_DAYS;
use crate::error::AppError;
use crate::services::Services;
use crate::services::matcher::{self, Ask, Decision, RunReport};
use crate::store::matcher_runs::{NoteSeen, Run, RunProposal};
use crate::web::context::visitor_locale;
use crate::web::matcher_words::failure_detail;

/// One criterion's share of a score.
#[derive(Serialize, ToSchema)]
pub struct ScorePart {
    /// `diaspora`, `skills`, `experience`, `availability`, `languages`,
    /// `track_record`, `interest`, `safeguards` or `urgency`.
    pub criterion: String,
    /// How well the pair meets it, in thousandths (0 to 1000).
    pub measure: i64,
    /// The programme's weight of the criterion.
    pub weight: i32,
    /// `measure × weight`: thousandths of a point.
    pub points: i64,
}

fn parts(encoded: &str) -> Vec<ScorePart> {
    decode_parts(encoded)
        .into_iter()
        .map(|p| ScorePart {
            criterion: p.criterion.as_str().to_string(),
            measure: p.measure,
            weight: p.weight,
            points: p.points,
        })
        .collect()
}

/// A stored run of the matcher.
#[derive(Serialize, ToSchema)]
pub struct RunItem {
    pub id: String,
    /// UTC, ISO 8601.
    pub started_at: String,
    pub duration_ms: i64,
    /// Professionals of the registry the run read.
    pub professionals: i32,
    /// Open assignments of the programme's countries it read.
    pub assignments: i32,
    /// Positions still free on them.
    pub positions: i32,
    pub candidate_pairs: i64,
    /// Pairs that break no rule.
    pub feasible_pairs: i64,
    /// Proposals the run wrote.
    pub proposals: i32,
    /// Thousandths of a point.
    pub total_score: i64,
}

fn run_item(r: Run) -> RunItem {
    RunItem {
        id: r.id,
        started_at: moment(r.started_at),
        duration_ms: r.duration_ms,
        professionals: r.professionals,
        assignments: r.assignments,
        positions: r.positions,
        candidate_pairs: r.candidate_pairs,
        feasible_pairs: r.feasible_pairs,
        proposals: r.proposals,
        total_score: r.total_score,
    }
}

/// One of the coordinator's programmes and its latest runs.
#[derive(Serialize, ToSchema)]
pub struct ProgrammeRuns {
    pub programme_id: String,
    pub code: String,
    /// In the caller's language.
    pub name: String,
    /// The latest five, newest first.
    pub runs: Vec<RunItem>,
}

/// The coordinator's programmes, each with its latest runs.
#[derive(Serialize, ToSchema)]
pub struct MatcherOverview {
    pub programmes: Vec<ProgrammeRuns>,
}

#[utoipa::path(
    get,
    path = "/api/v1/coordinator/matcher",
    operation_id = "matcher_overview",
    tag = "matcher",
    summary = "The coordinator's programmes, each with its latest runs of the matcher",
    responses(
        (status = 200, body = MatcherOverview),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token"),
    ),
    security(("bearer" = []))
)]
pub async fn overview(
    caller: Caller,
    services: web::Data<Services>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let locale = visitor_locale(&req);
    let programmes = matcher::overview(&services, &caller.user).await?;
    Ok(HttpResponse::Ok().json(MatcherOverview {
        programmes: programmes
            .into_iter()
            .map(|(p, runs)| ProgrammeRuns {
                name: p.name(&locale).to_string(),
                programme_id: p.id,
                code: p.code,
                runs: runs.into_iter().map(run_item).collect(),
            })
            .collect(),
    }))
}

/// A run asked for.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunBody {
    /// The code of one of the coordinator's programmes.
    pub programme: String,
    /// Compute the proposals without storing the run or proposing anyone.
    #[serde(default)]
    pub dry_run: bool,
}

/// A pair the run proposes.
#[derive(Serialize, ToSchema)]
pub struct ProposedPair {
    pub assignment_id: String,
    pub professional_id: String,
    /// Thousandths of a point.
    pub score: i64,
    pub parts: Vec<ScorePart>,
    /// The match the proposal became; null in a dry run, or when the pair
    /// already had a match under way.
    pub match_id: Option<String>,
}

/// What a run did.
#[derive(Serialize, ToSchema)]
pub struct RunOutcome {
    /// Null for a dry run, which stores nothing.
    pub run_id: Option<String>,
    /// The programme's code.
    pub programme: String,
    pub dry_run: bool,
    pub professionals: i64,
    pub assignments: i64,
    pub positions: i64,
    pub candidate_pairs: i64,
    pub feasible_pairs: i64,
    /// Thousandths of a point.
    pub total_score: i64,
    pub proposals: Vec<ProposedPair>,
    /// Pairs not proposed again because they already had a match under way.
    pub already_matched: i64,
    /// Professionals the run could place nowhere.
    pub left_out: i64,
    pub duration_ms: i64,
}

fn count(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

fn outcome(r: RunReport) -> RunOutcome {
    RunOutcome {
        run_id: r.run_id,
        programme: r.programme,
        dry_run: r.dry_run,
        professionals: count(r.professionals),
        assignments: count(r.assignments),
        positions: i64::from(r.positions),
        candidate_pairs: count(r.candidate_pairs),
        feasible_pairs: count(r.feasible_pairs),
        total_score: r.total_score,
        proposals: r
            .proposals
            .into_iter()
            .map(|p| ProposedPair {
                parts: parts(&p.parts),
                assignment_id: p.assignment_id,
                professional_id: p.professional_id,
                score: p.score,
                match_id: p.match_id,
            })
            .collect(),
        already_matched: count(r.already_matched),
        left_out: count(r.left_out),
        duration_ms: count(r.load_ms + r.match_ms + r.record_ms),
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/coordinator/matcher/runs",
    operation_id = "matcher_run",
    tag = "matcher",
    summary = "Runs the matcher for one of the coordinator's programmes; its proposals wait for approval",
    request_body = RunBody,
    responses(
        (status = 200, body = RunOutcome, description = "A dry run: nothing stored"),
        (status = 201, body = RunOutcome, headers(("Location" = String))),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token, or a read-only one"),
        (status = 404, body = ErrorBody, description = "Not a programme the caller coordinates"),
        (status = 413, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn run(
    caller: Caller,
    services: web::Data<Services>,
    body: web::Json<RunBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let ask = Ask {
        dry_run: body.dry_run,
        keep_feasible: false,
    };
    let (report, _, _) = matcher::run_programme(
        &services,
        Some(&caller.user),
        &body.programme,
        &ask,
        &origin(&req),
        |_| {},
    )
    .await?;
    Ok(match report.run_id.clone() {
        Some(id) => super::created(
            format!("/api/v1/coordinator/matcher/runs/{id}"),
            &outcome(report),
        ),
        None => HttpResponse::Ok().json(outcome(report)),
    })
}

/// A proposal of a stored run, as it stands now.
#[derive(Serialize, ToSchema)]
pub struct RunProposalItem {
    pub match_id: String,
    /// The match's state now: `proposed` until decided.
    pub state: String,
    /// Thousandths of a point.
    pub score: Option<i64>,
    pub parts: Vec<ScorePart>,
    pub professional_id: String,
    pub full_name: String,
    pub assignment_id: String,
    pub title: String,
    pub facility_name: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    pub starts_on: String,
    pub ends_on: String,
}

fn proposal_item(p: RunProposal) -> RunProposalItem {
    RunProposalItem {
        parts: parts(p.score_parts.as_deref().unwrap_or_default()),
        match_id: p.match_id,
        state: p.state,
        score: p.score,
        professional_id: p.user_id,
        full_name: p.full_name,
        assignment_id: p.assignment_id,
        title: p.title,
        facility_name: p.facility_name,
        country: p.country_code,
        starts_on: day(p.starts_on),
        ends_on: day(p.ends_on),
    }
}

/// A next best candidate or a near miss of an assignment listed.
#[derive(Serialize, ToSchema)]
pub struct RunNote {
    pub assignment_id: String,
    /// `alternate`: the next best who break no rule; `near_miss`: who
    /// would score well but break one rule.
    pub kind: String,
    pub professional_id: String,
    pub full_name: String,
    /// Thousandths of a point.
    pub score: i64,
    /// For a near miss, the rule broken: `profession`, `specialty`,
    /// `modality_and_dates`, `session_times`, `licence`, `languages`,
    /// `eligibility`, `overlap` or `standing`.
    pub rule: Option<String>,
    /// For a near miss, how the pair breaks it, in the caller's language.
    pub why: Option<String>,
}

fn note(n: NoteSeen, locale: crate::domain::Locale) -> RunNote {
    let failure = (n.kind == "near_miss")
        .then(|| Failure::decode(&n.detail))
        .flatten();
    RunNote {
        rule: failure.as_ref().map(|f| f.rule().as_str().to_string()),
        why: failure.as_ref().map(|f| failure_detail(locale, f)),
        assignment_id: n.assignment_id,
        kind: n.kind,
        professional_id: n.user_id,
        full_name: n.full_name,
        score: n.score,
    }
}

/// A stored run, some of its proposals, and the notes of their assignments.
#[derive(Serialize, ToSchema)]
pub struct RunDetail {
    pub run: RunItem,
    /// The programme's code.
    pub programme: String,
    /// Profiles, availability, licences, consents or Terms of Reference
    /// changed since the run read them: run it again before deciding.
    pub stale: bool,
    /// The proposals, by assignment then best score.
    pub items: Vec<RunProposalItem>,
    /// The cursor of the next proposals; null at the end.
    pub next_cursor: Option<String>,
    /// The next best candidates and near misses of the assignments listed.
    pub notes: Vec<RunNote>,
}

#[utoipa::path(
    get,
    path = "/api/v1/coordinator/matcher/runs/{run}",
    operation_id = "matcher_run_read",
    tag = "matcher",
    summary = "A stored run: its proposals with their scores' parts, the next best and the near misses",
    params(("run" = String, Path), PageQuery),
    responses(
        (status = 200, body = RunDetail),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token"),
        (status = 404, body = ErrorBody, description = "Not a run of the caller's programmes"),
        (status = 422, body = ErrorBody, description = "A bad cursor or limit"),
    ),
    security(("bearer" = []))
)]
pub async fn read(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let window = q.window()?;
    let locale = visitor_locale(&req);
    let v = matcher::run_view(&services, &caller.user, &path, window).await?;
    Ok(HttpResponse::Ok().json(RunDetail {
        next_cursor: window.next_cursor(v.total),
        programme: v.programme.code,
        stale: v.stale,
        run: run_item(v.run),
        items: v.proposals.into_iter().map(proposal_item).collect(),
        notes: v.notes.into_iter().map(|n| note(n, locale)).collect(),
    }))
}

/// What the coordinator decides for the proposals chosen.
#[derive(Deserialize, Serialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Offer each to both sides, with a deadline in `days`.
    Approve,
    /// Refuse each, with a `reason`.
    Reject,
}

/// A decision on several proposals of a run.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunDecision {
    pub decision: Verdict,
    /// The proposals' match ids; at least one.
    pub matches: Vec<String>,
    /// Days until the offers lapse (1 to 60, 7 unless said), to approve.
    pub days: Option<i64>,
    /// Why, to reject.
    pub reason: Option<String>,
}

/// How many proposals moved, and how many could not (decided meanwhile,
/// or not of this run).
#[derive(Serialize, ToSchema)]
pub struct Decided {
    pub decided: i64,
    pub refused: i64,
}

#[utoipa::path(
    post,
    path = "/api/v1/coordinator/matcher/runs/{run}/decision",
    operation_id = "matcher_decide",
    tag = "matcher",
    summary = "Approves or rejects several proposals of a run, each as its own step",
    params(("run" = String, Path)),
    request_body = RunDecision,
    responses(
        (status = 200, body = Decided),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token, or a read-only one"),
        (status = 404, body = ErrorBody, description = "Not a run of the caller's programmes"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "No proposal chosen, no reason to reject, or days out of range"),
    ),
    security(("bearer" = []))
)]
pub async fn decide(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<RunDecision>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let body = body.into_inner();
    let decision = match body.decision {
        Verdict::Approve => Decision::Approve {
            days: body.days.unwrap_or(DEFAULT_OFFER_DAYS),
        },
        Verdict::Reject => Decision::Reject {
            reason: body.reason.unwrap_or_default(),
        },
    };
    let (decided, refused) = matcher::decide(
        &services,
        &caller.user,
        &path,
        &body.matches,
        &decision,
        &origin(&req),
    )
    .await?;
    Ok(HttpResponse::Ok().json(Decided {
        decided: count(decided),
        refused: count(refused),
    }))
}
