//! The match lifecycle through the API: the coordinator's dashboard and
//! proposals by hand, each party's view of a match, and its steps, with the
//! same rules as the pages (409 for a step out of turn).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{Caller, ErrorBody, List, PageQuery, day, moment, origin};
use crate::domain::matching::{Actor, DEFAULT_OFFER_DAYS, MatchState, Side};
use crate::error::AppError;
use crate::services::matches::{self, Ask, MatchView};
use crate::services::{Services, match_sharing::SharedProfile};
use crate::store::matches::MatchListed;

/// A match in a list.
#[derive(Serialize, ToSchema)]
pub struct MatchItem {
    pub id: String,
    /// `proposed`, `rejected`, `offered`, `declined`, `expired`,
    /// `confirmed`, `completed` or `cancelled`.
    pub state: String,
    pub assignment_id: String,
    pub title: String,
    pub facility_name: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// Null where the reader may not know the professional yet.
    pub full_name: Option<String>,
    /// ISCO-08 code.
    pub profession: Option<String>,
    /// When the offer lapses, while it is offered (UTC).
    pub deadline: Option<String>,
    pub starts_on: String,
    pub ends_on: String,
}

fn item(m: MatchListed) -> MatchItem {
    MatchItem {
        id: m.id,
        state: m.state,
        assignment_id: m.assignment_id,
        title: m.title,
        facility_name: m.facility_name,
        country: m.country_code,
        full_name: Some(m.full_name).filter(|n| !n.is_empty()),
        profession: m.profession_code,
        deadline: m.deadline.map(moment),
        starts_on: day(m.starts_on),
        ends_on: day(m.ends_on),
    }
}

/// How many matches stand in one state.
#[derive(Serialize, ToSchema)]
pub struct StateCount {
    pub state: String,
    pub count: i64,
}

/// The coordinator's dashboard: counts by state, and the matches asked for.
#[derive(Serialize, ToSchema)]
pub struct Dashboard {
    pub counts: Vec<StateCount>,
    pub items: Vec<MatchItem>,
    pub next_cursor: Option<String>,
}

/// The matches of one state, or all.
#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// `proposed`, `rejected`, `offered`, `declined`, `expired`,
    /// `confirmed`, `completed` or `cancelled`; every state when absent.
    pub state: Option<String>,
    /// The `next_cursor` of the previous answer.
    pub cursor: Option<String>,
    /// How many items, from 1 to 200.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/coordinator/matches",
    operation_id = "coordinator_matches",
    tag = "matches",
    summary = "The matches of the coordinator's countries, newest first, with counts by state",
    params(DashboardQuery),
    responses(
        (status = 200, body = Dashboard),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token"),
        (status = 422, body = ErrorBody, description = "An unknown state, a bad cursor or limit"),
    ),
    security(("bearer" = []))
)]
pub async fn dashboard(
    caller: Caller,
    services: web::Data<Services>,
    q: web::Query<DashboardQuery>,
) -> Result<HttpResponse, AppError> {
    let window = super::window(q.cursor.as_ref(), q.limit.as_ref())?;
    let state = match q.state.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(s.parse::<MatchState>().map_err(|()| {
            AppError::validation("state", crate::domain::FieldError::new("err-choose-option"))
        })?),
    };
    let board = matches::dashboard(&services, &caller.user, state, window).await?;
    Ok(HttpResponse::Ok().json(Dashboard {
        next_cursor: window.next_cursor(board.total),
        counts: board
            .counts
            .into_iter()
            .map(|(state, count)| StateCount { state, count })
            .collect(),
        items: board.matches.into_iter().map(item).collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/professional/matches",
    operation_id = "professional_matches",
    tag = "matches",
    summary = "The professional's offers and matches",
    params(PageQuery),
    responses(
        (status = 200, body = List<MatchItem>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a professional's token"),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn of_professional(
    caller: Caller,
    services: web::Data<Services>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let window = q.window()?;
    let all = matches::of_professional(&services, &caller.user).await?;
    let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
    let skip = usize::try_from(window.offset).unwrap_or(usize::MAX);
    let take = usize::try_from(window.limit).unwrap_or(0);
    let items = all.into_iter().skip(skip).take(take).map(item).collect();
    Ok(HttpResponse::Ok().json(List {
        items,
        next_cursor: window.next_cursor(total),
    }))
}

/// One step of a match's life.
#[derive(Serialize, ToSchema)]
pub struct StepItem {
    /// `propose`, `approve`, `reject`, `accept`, `decline`, `expire`,
    /// `confirm`, `deadline`, `complete`, `cancel`, `withdraw`.
    pub event: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub reason: Option<String>,
    /// UTC, ISO 8601.
    pub at: String,
}

/// A verified licence, valid today, as the facility reads it.
#[derive(Serialize, ToSchema)]
pub struct SharedLicenceItem {
    pub issuing_body: String,
    pub issuing_country: String,
    pub number: String,
    pub profession: String,
    pub valid_until: String,
}

/// What the facility may know of the professional once the match is
/// approved and the professional consents to share it.
#[derive(Serialize, ToSchema)]
pub struct SharedProfileItem {
    pub full_name: String,
    pub email: String,
    pub profession: Option<String>,
    pub languages: Vec<super::facility::LanguageNeed>,
    pub licences: Vec<SharedLicenceItem>,
}

fn shared(p: SharedProfile) -> SharedProfileItem {
    SharedProfileItem {
        full_name: p.full_name,
        email: p.email,
        profession: p.profession_code,
        languages: p
            .languages
            .into_iter()
            .map(|(code, level)| super::facility::LanguageNeed { code, level })
            .collect(),
        licences: p
            .licences
            .into_iter()
            .map(|l| SharedLicenceItem {
                issuing_body: l.issuing_body,
                issuing_country: l.issuing_country,
                number: l.number,
                profession: l.profession_code,
                valid_until: day(l.valid_until),
            })
            .collect(),
    }
}

/// A match as one of its parties reads it.
#[derive(Serialize, ToSchema)]
pub struct MatchDetail {
    pub id: String,
    /// `proposed`, `rejected`, `offered`, `declined`, `expired`,
    /// `confirmed`, `completed` or `cancelled`.
    pub state: String,
    pub assignment_id: String,
    pub title: String,
    pub facility_name: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// Null where the reader may not know the professional yet.
    pub full_name: Option<String>,
    /// ISCO-08 code.
    pub profession: Option<String>,
    /// When the offer lapses, while it is offered (UTC).
    pub deadline: Option<String>,
    pub starts_on: String,
    pub ends_on: String,
    /// `matcher` or `hand`.
    pub source: String,
    /// Whether the work is on site.
    pub onsite: bool,
    pub professional_accepted_at: Option<String>,
    pub facility_accepted_at: Option<String>,
    pub confirmed_at: Option<String>,
    /// How the reader stands to the match: `coordinator`, `professional`
    /// or `facility`.
    pub reader: String,
    /// The professional's account, for the coordinator (null otherwise).
    pub professional_id: Option<String>,
    pub steps: Vec<StepItem>,
    /// For the facility once shared; null otherwise.
    pub shared_profile: Option<SharedProfileItem>,
}

fn detail(v: MatchView) -> MatchDetail {
    let reader = match v.actor {
        Actor::Coordinator => "coordinator",
        Actor::Side(Side::Professional) => "professional",
        Actor::Side(Side::Facility) => "facility",
        Actor::System => "system",
    };
    let professional_id = (v.actor == Actor::Coordinator).then(|| v.listed.user_id.clone());
    let m = item(v.listed);
    MatchDetail {
        id: m.id,
        state: m.state,
        assignment_id: m.assignment_id,
        title: m.title,
        facility_name: m.facility_name,
        country: m.country,
        full_name: m.full_name,
        profession: m.profession,
        deadline: m.deadline,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        source: v.row.source,
        onsite: v.row.onsite,
        professional_accepted_at: v.row.professional_accepted_at.map(moment),
        facility_accepted_at: v.row.facility_accepted_at.map(moment),
        confirmed_at: v.row.confirmed_at.map(moment),
        reader: reader.to_string(),
        professional_id,
        steps: v
            .steps
            .into_iter()
            .map(|s| StepItem {
                event: s.event,
                from_state: s.from_state,
                to_state: s.to_state,
                reason: s.reason,
                at: moment(s.at),
            })
            .collect(),
        shared_profile: v.shared.map(shared),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/matches/{match}",
    operation_id = "match_read",
    tag = "matches",
    summary = "A match, for one of its parties",
    params(("match" = String, Path)),
    responses(
        (status = 200, body = MatchDetail),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "Not a match the caller is party to"),
    ),
    security(("bearer" = []))
)]
pub async fn read(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let v = matches::view(&services, &caller.user, &path).await?;
    Ok(HttpResponse::Ok().json(detail(v)))
}

/// A pair the coordinator proposes by hand.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalBody {
    /// An open assignment of the coordinator's countries.
    pub assignment_id: String,
    /// A professional of the coordinator's registry.
    pub professional_id: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/coordinator/matches",
    operation_id = "match_propose",
    tag = "matches",
    summary = "Proposes a professional for an open assignment",
    request_body = ProposalBody,
    responses(
        (status = 201, body = MatchDetail, headers(("Location" = String))),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "Not an assignment or professional of the coordinator's"),
        (status = 409, body = ErrorBody, description = "Not open, already matched, or out of the registry"),
        (status = 413, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn propose(
    caller: Caller,
    services: web::Data<Services>,
    body: web::Json<ProposalBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let id = matches::propose(
        &services,
        &caller.user,
        &body.assignment_id,
        &body.professional_id,
        &origin(&req),
    )
    .await?;
    let v = matches::view(&services, &caller.user, &id).await?;
    Ok(super::created(format!("/api/v1/matches/{id}"), &detail(v)))
}

/// A step of a match.
#[derive(Deserialize, Serialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum StepName {
    /// The coordinator offers it to both sides.
    Approve,
    /// The coordinator refuses it (reason).
    Reject,
    /// One side accepts the offer.
    Accept,
    /// One side refuses the offer (reason).
    Decline,
    /// The coordinator moves the offer's deadline (days).
    Deadline,
    /// The coordinator closes it after the work.
    Complete,
    /// Anyone with a say stops it before completion (reason).
    Cancel,
}

/// What a step needs: a reason to reject, decline or cancel; days until
/// the deadline to approve or move it (1 to 60, 7 unless said).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct StepBody {
    pub reason: Option<String>,
    pub days: Option<i64>,
}

#[utoipa::path(
    post,
    path = "/api/v1/matches/{match}/{step}",
    operation_id = "match_step",
    tag = "matches",
    summary = "Takes one step of a match, if it is the caller's to take now",
    params(("match" = String, Path), ("step" = StepName, Path)),
    request_body(content = Option<StepBody>, description = "Empty for accept and complete"),
    responses(
        (status = 200, body = MatchDetail),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not a step the match can take now, or not the caller's; the message says why"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A reason missing or too long"),
    ),
    security(("bearer" = []))
)]
pub async fn step(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<(String, StepName)>,
    body: web::Bytes,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let (id, step) = path.into_inner();
    let body: StepBody = super::optional_json(&body)?;
    let reason = body.reason.unwrap_or_default();
    let days = body.days.unwrap_or(DEFAULT_OFFER_DAYS);
    let ask = match step {
        StepName::Approve => Ask::Approve { days },
        StepName::Reject => Ask::Reject { reason },
        StepName::Accept => Ask::Accept,
        StepName::Decline => Ask::Decline { reason },
        StepName::Deadline => Ask::ChangeDeadline { days },
        StepName::Complete => Ask::Complete,
        StepName::Cancel => Ask::Cancel { reason },
    };
    matches::act(&services, &caller.user, &id, ask, &origin(&req)).await?;
    let v = matches::view(&services, &caller.user, &id).await?;
    Ok(HttpResponse::Ok().json(detail(v)))
}
