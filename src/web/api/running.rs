//! Running and closing a confirmed match through the API: the on-site
//! checklist and its ticks, the professional's report, the facility's
//! feedback, and the calendar file of the assignment, with the same rules as
//! the match's page (409 with the reason when it is not the caller's to do
//! now).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Caller, ErrorBody, moment, origin};
use crate::domain::running::{ChecklistItem, FeedbackInput, ReportInput};
use crate::error::AppError;
use crate::services::running::{self, RunningView};
use crate::services::{Services, calendar};

/// An item of the on-site checklist.
#[derive(Deserialize, Serialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistName {
    /// Temporary practice permit or licence recognition.
    Permit,
    Travel,
    Insurance,
    /// Pre-departure orientation.
    Orientation,
}

impl ChecklistName {
    fn item(self) -> ChecklistItem {
        match self {
            ChecklistName::Permit => ChecklistItem::Permit,
            ChecklistName::Travel => ChecklistItem::Travel,
            ChecklistName::Insurance => ChecklistItem::Insurance,
            ChecklistName::Orientation => ChecklistItem::Orientation,
        }
    }
}

/// One item of the checklist and its tick.
#[derive(Serialize, ToSchema)]
pub struct ChecklistLine {
    /// `permit`, `travel`, `insurance` or `orientation`.
    pub item: String,
    pub ticked: bool,
    /// Who ticked it; null when unticked or when the account is gone.
    pub ticked_by: Option<String>,
    /// UTC, ISO 8601; null when unticked.
    pub ticked_at: Option<String>,
}

/// The professional's report of the work done.
#[derive(Serialize, ToSchema)]
pub struct ReportItem {
    pub activities: String,
    pub people_trained: i32,
    pub patients_seen: i32,
    pub sessions_delivered: i32,
    pub hours_given: i32,
    pub notes: String,
    /// UTC, ISO 8601.
    pub filed_at: String,
}

/// The facility's feedback on the work done.
#[derive(Serialize, ToSchema)]
pub struct FeedbackItem {
    /// 1 to 5.
    pub rating: i32,
    pub comments: String,
    /// UTC, ISO 8601.
    pub filed_at: String,
}

/// A match's running as one of its parties sees it, and what they may do.
#[derive(Serialize, ToSchema)]
pub struct Running {
    /// The on-site checklist; empty for virtual work.
    pub checklist: Vec<ChecklistLine>,
    pub may_tick: bool,
    /// For the coordinator and the professional; null until filed.
    pub report: Option<ReportItem>,
    pub may_report: bool,
    /// For the coordinator and the facility; null until given.
    pub feedback: Option<FeedbackItem>,
    pub may_give_feedback: bool,
    /// Confirmed and past its end date: the time of reports and feedback.
    pub over: bool,
}

fn running_body(v: RunningView) -> Running {
    Running {
        checklist: v
            .checklist
            .into_iter()
            .map(|l| ChecklistLine {
                item: l.item.as_str().to_string(),
                ticked: l.ticked.is_some(),
                ticked_by: l.ticked.as_ref().and_then(|(who, _)| who.clone()),
                ticked_at: l.ticked.map(|(_, at)| moment(at)),
            })
            .collect(),
        may_tick: v.may_tick,
        report: v.report.map(|r| ReportItem {
            activities: r.activities,
            people_trained: r.people_trained,
            patients_seen: r.patients_seen,
            sessions_delivered: r.sessions_delivered,
            hours_given: r.hours_given,
            notes: r.notes,
            filed_at: moment(r.filed_at),
        }),
        may_report: v.may_report,
        feedback: v.feedback.map(|f| FeedbackItem {
            rating: f.rating,
            comments: f.comments,
            filed_at: moment(f.filed_at),
        }),
        may_give_feedback: v.may_give_feedback,
        over: v.over,
    }
}

async fn answer(services: &Services, caller: &Caller, id: &str) -> Result<HttpResponse, AppError> {
    let v = running::of_match(services, &caller.user, id).await?;
    Ok(HttpResponse::Ok().json(running_body(v)))
}

#[utoipa::path(
    get,
    path = "/api/v1/matches/{match}/running",
    operation_id = "match_running",
    tag = "matches",
    summary = "A match's checklist, report and feedback, for one of its parties",
    params(("match" = String, Path)),
    responses(
        (status = 200, body = Running),
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
    answer(&services, &caller, &path).await
}

/// Ticked or not.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TickBody {
    pub ticked: bool,
}

#[utoipa::path(
    put,
    path = "/api/v1/matches/{match}/running/checklist/{item}",
    operation_id = "match_tick",
    tag = "matches",
    summary = "Ticks or unticks an item of a confirmed on-site match's checklist",
    params(("match" = String, Path), ("item" = ChecklistName, Path)),
    request_body = TickBody,
    responses(
        (status = 200, body = Running),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not confirmed, not on site, or not the caller's to tick"),
        (status = 413, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn tick(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<(String, ChecklistName)>,
    body: web::Json<TickBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let (id, item) = path.into_inner();
    running::tick(
        &services,
        &caller.user,
        &id,
        item.item().as_str(),
        body.ticked,
        &origin(&req),
    )
    .await?;
    answer(&services, &caller, &id).await
}

/// The professional's report, filed after the end date.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    /// What was done; required, at most 4000 characters.
    pub activities: String,
    /// 0 to 100000.
    pub people_trained: i64,
    /// 0 to 100000.
    pub patients_seen: i64,
    /// 0 to 100000.
    pub sessions_delivered: i64,
    /// 0 to 10000.
    pub hours_given: i64,
    /// At most 4000 characters.
    #[serde(default)]
    pub notes: String,
}

#[utoipa::path(
    put,
    path = "/api/v1/matches/{match}/running/report",
    operation_id = "match_report",
    tag = "matches",
    summary = "The professional files, or corrects, the report after the end date",
    params(("match" = String, Path)),
    request_body = ReportBody,
    responses(
        (status = 200, body = Running),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not confirmed, not over yet, or not the professional's"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A figure out of range, or text missing or too long"),
    ),
    security(("bearer" = []))
)]
pub async fn report(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<ReportBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let b = body.into_inner();
    let input = ReportInput {
        activities: b.activities,
        people_trained: b.people_trained.to_string(),
        patients_seen: b.patients_seen.to_string(),
        sessions_delivered: b.sessions_delivered.to_string(),
        hours_given: b.hours_given.to_string(),
        notes: b.notes,
    };
    running::file_report(&services, &caller.user, &path, &input, &origin(&req)).await?;
    answer(&services, &caller, &path).await
}

/// The facility's feedback, given after the end date.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackBody {
    /// 1 to 5.
    pub rating: i64,
    /// At most 4000 characters.
    #[serde(default)]
    pub comments: String,
}

#[utoipa::path(
    put,
    path = "/api/v1/matches/{match}/running/feedback",
    operation_id = "match_feedback",
    tag = "matches",
    summary = "The facility gives, or corrects, its feedback after the end date",
    params(("match" = String, Path)),
    request_body = FeedbackBody,
    responses(
        (status = 200, body = Running),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not confirmed, not over yet, or not the facility's"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A rating out of range, or comments too long"),
    ),
    security(("bearer" = []))
)]
pub async fn feedback(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<FeedbackBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let b = body.into_inner();
    let input = FeedbackInput {
        rating: b.rating.to_string(),
        comments: b.comments,
    };
    running::file_feedback(&services, &caller.user, &path, &input, &origin(&req)).await?;
    answer(&services, &caller, &path).await
}

#[utoipa::path(
    get,
    path = "/api/v1/matches/{match}/calendar",
    operation_id = "match_calendar",
    tag = "matches",
    summary = "The calendar file (iCalendar) of a confirmed or completed assignment, for either side",
    params(("match" = String, Path)),
    responses(
        (status = 200, content_type = "text/calendar", body = String,
         headers(("Content-Disposition" = String))),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "Not a side of the match, or the match is not confirmed"),
    ),
    security(("bearer" = []))
)]
pub async fn calendar(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let file = calendar::of_match(&services, &caller.user, &path).await?;
    Ok(crate::web::matches::calendar_download(file))
}
