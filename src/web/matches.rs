//! Match pages: one page per match for each of its parties (the
//! coordinators of its country, the professional, the facility's staff)
//! with the steps that are theirs to take; the coordinator's dashboard of
//! matches by state; the professional's offers; a coordinator proposing a
//! pair from an interest.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::forms::{CsrfForm, Pairs, value};
use super::{Ctx, ok, render, see_other};
use crate::domain::matching::{Actor, DEFAULT_OFFER_DAYS, MatchState, Side};
use crate::domain::paging::Window;
use crate::domain::{FieldErrors, Role, countries, language};
use crate::error::AppError;
use crate::services::match_sharing::{SharedLicence, SharedProfile};
use crate::services::matches::{self, Ask, Dashboard, MatchView};
use crate::services::running::{self, ChecklistLine, RunningView};
use crate::services::{Services, calendar};
use crate::store::matches::MatchListed;

fn state_name(ctx: &Ctx, state: &str) -> String {
    ctx.t(&format!("match-state-{state}"))
}

fn when(at: &chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[derive(Template)]
#[template(path = "matches/match.html")]
struct MatchPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    view: MatchView,
    /// The step whose form was refused, what was typed, and why.
    refused: Option<(String, String)>,
    errors: FieldErrors,
    running: RunningView,
}

impl MatchPage<'_> {
    fn state(&self) -> String {
        state_name(self.ctx, &self.view.row.state)
    }

    fn country(&self) -> String {
        countries::name_or_code(&self.view.listed.country_code, self.ctx.locale)
    }

    fn dates(&self) -> String {
        let m = &self.view.listed;
        self.ctx.ta2(
            "assignment-dates",
            ("from", &m.starts_on.to_string()),
            ("to", &m.ends_on.to_string()),
        )
    }

    fn deadline(&self) -> Option<String> {
        self.view.row.deadline.as_ref().map(when)
    }

    /// What was typed in the reason of `action`'s form, if it was refused.
    fn typed(&self, action: &str) -> &str {
        match &self.refused {
            Some((a, reason)) if a == action => reason,
            _ => "",
        }
    }

    /// The message by the reason of `action`'s form, if it was refused.
    fn reason_error(&self, action: &str) -> Option<String> {
        match &self.refused {
            Some((a, _)) if a == action => self.ctx.err(&self.errors, "reason"),
            _ => None,
        }
    }

    fn is(&self, state: &str) -> bool {
        self.view.row.state == state
    }

    fn coordinator(&self) -> bool {
        self.view.actor == Actor::Coordinator
    }

    fn side(&self) -> bool {
        matches!(self.view.actor, Actor::Side(_))
    }

    fn is_professional(&self) -> bool {
        self.view.actor == Actor::Side(Side::Professional)
    }

    fn item_name(&self, line: &ChecklistLine) -> String {
        self.ctx.t(&format!("checklist-{}", line.item.as_str()))
    }

    /// "Ticked by … on …", or nothing when the item is open.
    fn ticked_by(&self, line: &ChecklistLine) -> String {
        match &line.ticked {
            Some((Some(name), at)) => {
                self.ctx
                    .ta2("checklist-ticked-by", ("name", name), ("at", &when(at)))
            }
            Some((None, at)) => self.ctx.ta("checklist-ticked-at", "at", &when(at)),
            None => String::new(),
        }
    }

    fn at(&self, at: &chrono::NaiveDateTime) -> String {
        when(at)
    }

    fn rating(&self, rating: &i32) -> String {
        self.ctx.t(&format!("feedback-rating-{rating}"))
    }

    /// Either side of a confirmed or completed match may take it into
    /// their calendar.
    fn has_calendar(&self) -> bool {
        self.side() && (self.is("confirmed") || self.is("completed"))
    }

    fn facility(&self) -> bool {
        self.view.actor == Actor::Side(Side::Facility)
    }

    fn shared_languages(&self, p: &SharedProfile) -> String {
        p.languages
            .iter()
            .map(|(code, level)| {
                let name =
                    language::find(code).map_or(code.clone(), |l| l.name(self.ctx.locale).into());
                format!(
                    "{name} ({})",
                    self.ctx.t(&format!("language-level-{level}"))
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn shared_licence_line(&self, l: &SharedLicence) -> String {
        let mut parts = vec![format!(
            "{}, {}",
            l.issuing_body,
            countries::name_or_code(&l.issuing_country, self.ctx.locale)
        )];
        if !l.number.trim().is_empty() {
            parts.push(
                self.ctx
                    .ta("match-shared-licence-number", "number", &l.number),
            );
        }
        parts.push(self.ctx.profession_name(Some(&l.profession_code)));
        parts.push(self.ctx.ta(
            "match-shared-licence-until",
            "date",
            &l.valid_until.to_string(),
        ));
        parts.retain(|p| !p.is_empty());
        parts.join(" · ")
    }

    fn default_days(&self) -> i64 {
        DEFAULT_OFFER_DAYS
    }

    fn step_line(&self, s: &crate::store::matches::Step) -> String {
        let to = state_name(self.ctx, &s.to_state);
        format!(
            "{} · {} → {}",
            when(&s.at),
            self.ctx.t(&format!("match-event-{}", s.event)),
            to
        )
    }
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

pub async fn page(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let id = path.into_inner();
    let view = matches::view(&services, &user, &id).await?;
    let running = running::of_match(&services, &user, &id).await?;
    ok(&MatchPage {
        notice: ctx.notice(q.notice.as_deref().unwrap_or_default()),
        view,
        refused: None,
        errors: FieldErrors::new(),
        running,
        ctx: &ctx,
    })
}

/// The calendar file of a confirmed assignment, for either side.
pub async fn calendar(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let file = calendar::of_match(&services, &user, &path.into_inner()).await?;
    Ok(calendar_download(file))
}

/// A calendar file as a download, for the page and the API.
pub fn calendar_download(file: calendar::CalendarFile) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", file.file_name),
        ))
        .body(file.body)
}

/// One step of a match, asked from its page.
pub async fn act(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let (id, action) = path.into_inner();
    let reason = value(&form.0, "reason");
    let typed = reason.clone();
    let days = || {
        value(&form.0, "days")
            .trim()
            .parse::<i64>()
            .unwrap_or(DEFAULT_OFFER_DAYS)
    };
    let ask = match action.as_str() {
        "approve" => Ask::Approve { days: days() },
        "reject" => Ask::Reject { reason },
        "accept" => Ask::Accept,
        "decline" => Ask::Decline { reason },
        "deadline" => Ask::ChangeDeadline { days: days() },
        "cancel" => Ask::Cancel { reason },
        "complete" => Ask::Complete,
        _ => return Err(AppError::NotFound),
    };
    match matches::act(&services, &user, &id, ask, &ctx.origin).await {
        Ok(()) => Ok(see_other(&format!("/matches/{id}?notice=match-{action}"))),
        Err(AppError::Validation(errors)) => {
            let view = matches::view(&services, &user, &id).await?;
            let running = running::of_match(&services, &user, &id).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &MatchPage {
                    notice: None,
                    view,
                    refused: Some((action, typed)),
                    errors,
                    running,
                    ctx: &ctx,
                },
            )
        }
        Err(e) => Err(e),
    }
}

/// A coordinator pairs the professional with the assignment they showed
/// interest in.
pub async fn propose(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let assignment = value(&form.0, "assignment_id");
    let professional = value(&form.0, "professional_id");
    let id = matches::propose(&services, &user, &assignment, &professional, &ctx.origin).await?;
    Ok(see_other(&format!("/matches/{id}?notice=match-propose")))
}

#[derive(Deserialize)]
pub struct DashboardQuery {
    state: Option<String>,
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "matches/dashboard.html")]
struct DashboardPage<'a> {
    ctx: &'a Ctx,
    board: Dashboard,
}

impl DashboardPage<'_> {
    fn states(&self) -> Vec<(&'static str, String, i64, bool)> {
        MatchState::ALL
            .into_iter()
            .map(|s| {
                let n = self
                    .board
                    .counts
                    .iter()
                    .find(|(k, _)| k == s.as_str())
                    .map_or(0, |(_, n)| *n);
                (
                    s.as_str(),
                    state_name(self.ctx, s.as_str()),
                    n,
                    self.board.state == Some(s),
                )
            })
            .collect()
    }

    fn state(&self, m: &MatchListed) -> String {
        state_name(self.ctx, &m.state)
    }

    fn country(&self, m: &MatchListed) -> String {
        countries::name_or_code(&m.country_code, self.ctx.locale)
    }

    fn page_link(&self, page: i64) -> String {
        match self.board.state {
            Some(s) => format!("/coordinator/matches?state={}&page={page}", s.as_str()),
            None => format!("/coordinator/matches?page={page}"),
        }
    }
}

pub async fn dashboard(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<DashboardQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let state = q.state.as_deref().and_then(|s| s.parse().ok());
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let window = Window::page(page, matches::PAGE_SIZE);
    let board = matches::dashboard(&services, &user, state, window).await?;
    ok(&DashboardPage { board, ctx: &ctx })
}

#[derive(Template)]
#[template(path = "matches/offers.html")]
struct OffersPage<'a> {
    ctx: &'a Ctx,
    offers: Vec<MatchListed>,
}

impl OffersPage<'_> {
    fn state(&self, m: &MatchListed) -> String {
        state_name(self.ctx, &m.state)
    }

    fn country(&self, m: &MatchListed) -> String {
        countries::name_or_code(&m.country_code, self.ctx.locale)
    }
}

pub async fn offers(ctx: Ctx, services: web::Data<Services>) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let offers = matches::of_professional(&services, &user).await?;
    ok(&OffersPage { offers, ctx: &ctx })
}
