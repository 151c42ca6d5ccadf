//! The matcher on the coordinator's pages: run it for one of their
//! programmes, read a run's proposals by assignment with each score's
//! breakdown, and approve or reject several at once.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::matcher::{Failure, decode_parts};
use crate::domain::matching::DEFAULT_OFFER_DAYS;
use crate::domain::paging::Window;
use crate::domain::{FieldErrors, Role, countries};
use crate::error::AppError;
use crate::services::Services;
use crate::services::matcher::{self, Ask, Decision, PROPOSALS_PER_PAGE, RunView};
use crate::store::matcher_runs::{Run, RunProposal};
use crate::store::programmes::Programme;
use crate::web::forms::{CsrfForm, Pairs, value, values};
use crate::web::matcher_words::{failure_detail, part_line, rule_name, score_points};
use crate::web::{Ctx, ok, render, see_other};

/// Next best candidates and near misses a run's page shows per
/// assignment, so that the page stays light; the run keeps more.
const ALTERNATES_SHOWN: usize = 3;
const NEAR_MISSES_SHOWN: usize = 5;

fn when(at: &chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[derive(Template)]
#[template(path = "coordinator/matcher.html")]
struct OverviewPage<'a> {
    ctx: &'a Ctx,
    programmes: Vec<(Programme, Vec<Run>)>,
}

impl OverviewPage<'_> {
    fn name<'p>(&self, p: &'p Programme) -> &'p str {
        p.name(&self.ctx.locale)
    }

    fn run_line(&self, r: &Run) -> String {
        self.ctx.t_args(
            "matcher-run-line",
            &[
                ("at", when(&r.started_at)),
                ("proposals", r.proposals.to_string()),
                ("professionals", r.professionals.to_string()),
                ("positions", r.positions.to_string()),
                ("score", score_points(self.ctx.locale, r.total_score)),
                ("ms", r.duration_ms.to_string()),
            ],
        )
    }
}

pub async fn overview(ctx: Ctx, services: web::Data<Services>) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let programmes = matcher::overview(&services, &user).await?;
    ok(&OverviewPage {
        programmes,
        ctx: &ctx,
    })
}

/// Runs the matcher for one of the coordinator's programmes and shows the run.
pub async fn run(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let code = value(&form.0, "programme");
    let (report, _, _) = matcher::run_programme(
        &services,
        Some(&user),
        &code,
        &Ask::default(),
        &ctx.origin,
        |_| {},
    )
    .await?;
    let id = report.run_id.unwrap_or_default();
    Ok(see_other(&format!(
        "/coordinator/matcher/runs/{id}?notice=matcher-ran"
    )))
}

#[derive(Deserialize)]
pub struct RunQuery {
    page: Option<i64>,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "coordinator/matcher_run.html")]
struct RunPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    view: RunView,
    errors: FieldErrors,
    /// The reason typed for a refused rejection.
    reason: String,
    /// The days typed for a refused approval.
    days: String,
    chosen: Vec<String>,
}

impl RunPage<'_> {
    fn summary(&self) -> String {
        let r = &self.view.run;
        self.ctx.t_args(
            "matcher-run-summary",
            &[
                ("at", when(&r.started_at)),
                ("professionals", r.professionals.to_string()),
                ("assignments", r.assignments.to_string()),
                ("positions", r.positions.to_string()),
                ("feasible", r.feasible_pairs.to_string()),
                ("proposals", r.proposals.to_string()),
                ("score", score_points(self.ctx.locale, r.total_score)),
                ("ms", r.duration_ms.to_string()),
            ],
        )
    }

    /// Whether `p` opens a new assignment in the list.
    fn first_of_assignment(&self, i: &usize) -> bool {
        *i == 0
            || self.view.proposals[*i - 1].assignment_id != self.view.proposals[*i].assignment_id
    }

    /// Whether `i` closes its assignment's group in the list.
    fn last_of_assignment(&self, i: &usize) -> bool {
        let list = &self.view.proposals;
        *i + 1 == list.len() || list[*i + 1].assignment_id != list[*i].assignment_id
    }

    /// The next best candidates of an assignment: name and score.
    fn alternates(&self, assignment_id: &str) -> Vec<String> {
        self.view
            .notes
            .iter()
            .filter(|n| n.assignment_id == assignment_id && n.kind == "alternate")
            .take(ALTERNATES_SHOWN)
            .map(|n| {
                format!(
                    "{} · {}",
                    n.full_name,
                    score_points(self.ctx.locale, n.score)
                )
            })
            .collect()
    }

    /// The near misses of an assignment: name, what they would score, the
    /// rule broken and why.
    fn near_misses(&self, assignment_id: &str) -> Vec<String> {
        self.view
            .notes
            .iter()
            .filter(|n| n.assignment_id == assignment_id && n.kind == "near_miss")
            .take(NEAR_MISSES_SHOWN)
            .map(|n| match Failure::decode(&n.detail) {
                Some(f) => self.ctx.t_args(
                    "matcher-near-miss-line",
                    &[
                        ("name", n.full_name.clone()),
                        ("score", score_points(self.ctx.locale, n.score)),
                        ("rule", rule_name(self.ctx.locale, f.rule())),
                        ("detail", failure_detail(self.ctx.locale, &f)),
                    ],
                ),
                None => n.full_name.clone(),
            })
            .collect()
    }

    fn place(&self, p: &RunProposal) -> String {
        format!(
            "{}, {} · {}",
            p.facility_name,
            countries::name_or_code(&p.country_code, self.ctx.locale),
            self.ctx.ta2(
                "assignment-dates",
                ("from", &p.starts_on.to_string()),
                ("to", &p.ends_on.to_string()),
            )
        )
    }

    fn state(&self, p: &RunProposal) -> String {
        self.ctx.t(&format!("match-state-{}", p.state))
    }

    fn score(&self, p: &RunProposal) -> String {
        score_points(self.ctx.locale, p.score.unwrap_or(0))
    }

    fn parts(&self, p: &RunProposal) -> Vec<String> {
        decode_parts(p.score_parts.as_deref().unwrap_or_default())
            .iter()
            .filter(|part| part.weight > 0)
            .map(|part| part_line(self.ctx.locale, part))
            .collect()
    }

    fn chosen(&self, p: &RunProposal) -> bool {
        self.chosen.contains(&p.match_id)
    }

    fn any_open(&self) -> bool {
        self.view.proposals.iter().any(|p| p.state == "proposed")
    }

    fn page_link(&self, page: i64) -> String {
        format!("/coordinator/matcher/runs/{}?page={page}", self.view.run.id)
    }
}

pub async fn run_page(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    q: web::Query<RunQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let view = matcher::run_view(
        &services,
        &user,
        &path.into_inner(),
        Window::page(q.page.unwrap_or(1).clamp(1, 100_000), PROPOSALS_PER_PAGE),
    )
    .await?;
    ok(&RunPage {
        notice: ctx.notice(q.notice.as_deref().unwrap_or_default()),
        view,
        errors: FieldErrors::new(),
        reason: String::new(),
        days: DEFAULT_OFFER_DAYS.to_string(),
        chosen: Vec::new(),
        ctx: &ctx,
    })
}

/// Approves or rejects the proposals ticked on a run's page.
pub async fn decide(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let id = path.into_inner();
    let chosen = values(&form.0, "matches");
    let reason = value(&form.0, "reason");
    let days = value(&form.0, "days");
    let decision = match value(&form.0, "decision").as_str() {
        "approve" => Decision::Approve {
            // Left empty, the default; anything but a number is refused by
            // the field.
            days: match days.trim() {
                "" => DEFAULT_OFFER_DAYS,
                d => d.parse().unwrap_or(0),
            },
        },
        "reject" => Decision::Reject {
            reason: reason.clone(),
        },
        _ => return Err(AppError::NotFound),
    };
    match matcher::decide(&services, &user, &id, &chosen, &decision, &ctx.origin).await {
        Ok((done, refused)) => {
            let notice = if refused > 0 {
                "matcher-decided-some"
            } else {
                "matcher-decided"
            };
            let _ = done;
            Ok(see_other(&format!(
                "/coordinator/matcher/runs/{id}?notice={notice}"
            )))
        }
        Err(AppError::Validation(errors)) => {
            let view =
                matcher::run_view(&services, &user, &id, Window::page(1, PROPOSALS_PER_PAGE))
                    .await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &RunPage {
                    notice: None,
                    view,
                    errors,
                    reason,
                    days,
                    chosen,
                    ctx: &ctx,
                },
            )
        }
        Err(e) => Err(e),
    }
}
