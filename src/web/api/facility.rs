//! A facility's staff through the API: their facilities and the Terms of
//! Reference they post, from draft to publication and closing.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::professional::WeeklyHours;
use super::{Caller, ErrorBody, List, PageQuery, clock, day, moment, origin};
use crate::domain::FieldError;
use crate::domain::assignment::{AssignmentInput, LANGUAGE_ROWS, SESSION_ROWS};
use crate::error::AppError;
use crate::services::assignments::{self, AssignmentView};
use crate::services::{Services, facility_staff};
use crate::store::assignments::{Assignment, Parts};

/// A facility the caller acts for.
#[derive(Serialize, ToSchema)]
pub struct FacilityItem {
    pub id: String,
    pub name: String,
    /// `hospital`, `clinic`, `health_centre`...
    pub kind: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    pub region: String,
    pub city: String,
    /// `pending`, `verified` or `rejected`: only a verified facility posts.
    pub status: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/facilities",
    operation_id = "facilities",
    tag = "facility",
    summary = "The facilities the caller acts for",
    responses(
        (status = 200, body = Vec<FacilityItem>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a facility's staff"),
    ),
    security(("bearer" = []))
)]
pub async fn facilities(
    caller: Caller,
    services: web::Data<Services>,
) -> Result<HttpResponse, AppError> {
    let items: Vec<FacilityItem> = facility_staff::mine(&services, &caller.user)
        .await?
        .into_iter()
        .map(|(f, _)| FacilityItem {
            id: f.id,
            name: f.name,
            kind: f.kind,
            country: f.country_code,
            region: f.region,
            city: f.city,
            status: f.status,
        })
        .collect();
    Ok(HttpResponse::Ok().json(items))
}

/// An assignment in its facility's list.
#[derive(Serialize, ToSchema)]
pub struct AssignmentSummary {
    pub id: String,
    pub title: String,
    /// `draft`, `open`, `filled` or `closed`.
    pub status: String,
    /// `on_site` or `virtual`.
    pub modality: String,
    pub starts_on: String,
    pub ends_on: String,
    pub positions: i32,
    pub urgent: bool,
    /// Interests standing.
    pub interests: i64,
}

#[utoipa::path(
    get,
    path = "/api/v1/facilities/{facility}/assignments",
    operation_id = "facility_assignments",
    tag = "facility",
    summary = "A facility's Terms of Reference, newest first",
    params(("facility" = String, Path), PageQuery),
    responses(
        (status = 200, body = List<AssignmentSummary>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "Not a verified facility of the caller's"),
        (status = 422, body = ErrorBody, description = "A bad cursor or limit"),
    ),
    security(("bearer" = []))
)]
pub async fn list(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let window = q.window()?;
    let found = assignments::list(&services, &caller.user, &path, window).await?;
    let next_cursor = window.next_cursor(found.total);
    let items = found
        .assignments
        .into_iter()
        .map(|(a, interests)| AssignmentSummary {
            id: a.id,
            title: a.title,
            status: a.status,
            modality: a.modality,
            starts_on: day(a.starts_on),
            ends_on: day(a.ends_on),
            positions: a.positions,
            urgent: a.urgent,
            interests,
        })
        .collect();
    Ok(HttpResponse::Ok().json(List { items, next_cursor }))
}

/// A language the assignment asks for, and the least level.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageNeed {
    /// ISO 639-1 code.
    pub code: String,
    /// `basic`, `conversational`, `professional` or `native`.
    pub level: String,
}

/// What the facility offers the professional.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Support {
    pub travel: bool,
    pub accommodation: bool,
    pub allowance: bool,
    pub insurance: bool,
    pub details: String,
}

/// An interest a professional expressed (name and profession only).
#[derive(Serialize, ToSchema)]
pub struct InterestItem {
    pub id: String,
    pub full_name: String,
    pub profession: Option<String>,
    pub note: String,
    pub created_at: String,
}

/// A match offered to the facility for the assignment.
#[derive(Serialize, ToSchema)]
pub struct FacilityMatch {
    pub id: String,
    /// `approved`, `offered`, `confirmed`, `completed`...
    pub state: String,
    /// Null until the professional consents to share their profile.
    pub full_name: Option<String>,
    pub profession: Option<String>,
    /// When the offer lapses, while it is offered (UTC).
    pub deadline: Option<String>,
}

/// Terms of Reference as their facility reads them.
#[derive(Serialize, ToSchema)]
pub struct AssignmentDetail {
    pub id: String,
    pub facility_id: String,
    /// `draft`, `open`, `filled` or `closed`.
    pub status: String,
    pub closed_reason: Option<String>,
    pub title: String,
    pub objectives: String,
    /// ISCO-08 codes.
    pub professions: Vec<String>,
    pub specialty: Option<String>,
    pub required_skills: Vec<String>,
    pub desired_skills: Vec<String>,
    pub languages: Vec<LanguageNeed>,
    /// `on_site` or `virtual`.
    pub modality: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Virtual work only.
    pub hours_per_week: Option<i32>,
    /// Virtual work only, in the assignment's time zone.
    pub sessions: Vec<WeeklyHours>,
    pub positions: i32,
    pub clinical: bool,
    pub support: Support,
    pub min_years_experience: i32,
    pub urgent: bool,
    /// IANA time zone.
    pub time_zone: String,
    pub published_at: Option<String>,
    pub interests: Vec<InterestItem>,
    pub matches: Vec<FacilityMatch>,
}

impl Support {
    /// What an assignment offers.
    pub(super) fn of(a: &Assignment) -> Support {
        Support {
            travel: a.support_travel,
            accommodation: a.support_accommodation,
            allowance: a.support_allowance,
            insurance: a.support_insurance,
            details: a.support_details.clone(),
        }
    }
}

/// What an assignment asks for: (required skills, desired skills,
/// languages).
pub(super) fn needs(parts: &Parts) -> (Vec<String>, Vec<String>, Vec<LanguageNeed>) {
    let skills = |required: bool| {
        parts
            .skills
            .iter()
            .filter(|(_, r)| *r == required)
            .map(|(tag, _)| tag.clone())
            .collect()
    };
    let languages = parts
        .languages
        .iter()
        .map(|(code, level)| LanguageNeed {
            code: code.clone(),
            level: level.clone(),
        })
        .collect();
    (skills(true), skills(false), languages)
}

fn detail(v: AssignmentView) -> AssignmentDetail {
    let AssignmentView {
        assignment: a,
        parts,
        interests,
        matches,
        ..
    } = v;
    let (required_skills, desired_skills, languages) = needs(&parts);
    let support = Support::of(&a);
    AssignmentDetail {
        required_skills,
        desired_skills,
        professions: parts.professions.clone(),
        languages,
        sessions: parts
            .sessions
            .iter()
            .map(|(weekday, starts, ends)| WeeklyHours {
                weekday: *weekday,
                starts: clock(*starts),
                ends: clock(*ends),
            })
            .collect(),
        interests: interests
            .into_iter()
            .map(|i| InterestItem {
                id: i.id,
                full_name: i.full_name,
                profession: i.profession_code,
                note: i.note,
                created_at: moment(i.created_at),
            })
            .collect(),
        matches: matches
            .into_iter()
            .map(|m| FacilityMatch {
                id: m.id,
                state: m.state,
                full_name: Some(m.full_name).filter(|n| !n.is_empty()),
                profession: m.profession_code,
                deadline: m.deadline.map(moment),
            })
            .collect(),
        id: a.id,
        facility_id: a.facility_id,
        status: a.status,
        closed_reason: a.closed_reason,
        title: a.title,
        objectives: a.objectives,
        specialty: a.specialty_code,
        modality: a.modality,
        starts_on: day(a.starts_on),
        ends_on: day(a.ends_on),
        hours_per_week: a.hours_per_week,
        positions: a.positions,
        clinical: a.clinical,
        support,
        min_years_experience: a.min_years_experience,
        urgent: a.urgent,
        time_zone: a.time_zone,
        published_at: a.published_at.map(moment),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/facilities/{facility}/assignments/{assignment}",
    operation_id = "facility_assignment",
    tag = "facility",
    summary = "One of a facility's Terms of Reference, with its interests and matches",
    params(("facility" = String, Path), ("assignment" = String, Path)),
    responses(
        (status = 200, body = AssignmentDetail),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn view(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (facility, id) = path.into_inner();
    let v = assignments::view(&services, &caller.user, &facility, &id).await?;
    Ok(HttpResponse::Ok().json(detail(v)))
}

/// Weekly hours of virtual work, in the assignment's time zone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionBody {
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: i32,
    /// `HH:MM`.
    pub starts: String,
    pub ends: String,
}

/// Terms of Reference as written by the facility. The checks and their
/// messages are the form's; a problem in the n-th language or session is
/// reported on `language_n` / `session_n`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentBody {
    pub title: String,
    pub objectives: String,
    /// ISCO-08 codes, at least one.
    pub professions: Vec<String>,
    #[serde(default)]
    pub specialty: Option<String>,
    #[serde(default)]
    pub required_skills: Vec<String>,
    #[serde(default)]
    pub desired_skills: Vec<String>,
    /// At most three.
    #[serde(default)]
    pub languages: Vec<LanguageNeed>,
    /// `on_site` or `virtual`.
    pub modality: String,
    /// `YYYY-MM-DD`, today or later.
    pub starts_on: String,
    pub ends_on: String,
    /// Virtual work: hours a week, 1 to 40.
    #[serde(default)]
    pub hours_per_week: Option<i32>,
    /// Virtual work: at most five weekly sessions.
    #[serde(default)]
    pub sessions: Vec<SessionBody>,
    pub positions: i32,
    #[serde(default)]
    pub clinical: bool,
    #[serde(default)]
    pub support: Support,
    #[serde(default)]
    pub min_years_experience: i32,
    #[serde(default)]
    pub urgent: bool,
    /// IANA time zone of the facility's country.
    pub time_zone: String,
}

impl AssignmentBody {
    /// The form's input these fields make; more rows than the form has are
    /// refused.
    fn input(self) -> Result<AssignmentInput, AppError> {
        if self.languages.len() > LANGUAGE_ROWS {
            return Err(AppError::validation(
                "languages",
                FieldError::new("err-too-many").arg("max", LANGUAGE_ROWS),
            ));
        }
        if self.sessions.len() > SESSION_ROWS {
            return Err(AppError::validation(
                "sessions",
                FieldError::new("err-too-many").arg("max", SESSION_ROWS),
            ));
        }
        Ok(AssignmentInput {
            title: self.title,
            objectives: self.objectives,
            professions: self.professions,
            specialty: self.specialty.unwrap_or_default(),
            required_skills: self.required_skills.join("\n"),
            desired_skills: self.desired_skills.join("\n"),
            languages: self
                .languages
                .into_iter()
                .map(|l| (l.code, l.level))
                .collect(),
            modality: self.modality,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            hours_per_week: self
                .hours_per_week
                .map(|h| h.to_string())
                .unwrap_or_default(),
            sessions: self
                .sessions
                .into_iter()
                .map(|s| (s.weekday.to_string(), s.starts, s.ends))
                .collect(),
            positions: self.positions.to_string(),
            clinical: self.clinical,
            support_travel: self.support.travel,
            support_accommodation: self.support.accommodation,
            support_allowance: self.support.allowance,
            support_insurance: self.support.insurance,
            support_details: self.support.details,
            min_years_experience: self.min_years_experience.to_string(),
            urgent: self.urgent,
            time_zone: self.time_zone,
        })
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/facilities/{facility}/assignments",
    operation_id = "facility_assignment_create",
    tag = "facility",
    summary = "Writes new Terms of Reference as a draft",
    params(("facility" = String, Path)),
    request_body = AssignmentBody,
    responses(
        (status = 201, body = AssignmentDetail, headers(("Location" = String))),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a facility's staff"),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "The problems, by field"),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<AssignmentBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let facility = path.into_inner();
    let input = body.into_inner().input()?;
    let id = assignments::create(&services, &caller.user, &facility, &input, &origin(&req)).await?;
    let v = assignments::view(&services, &caller.user, &facility, &id).await?;
    Ok(super::created(
        format!("/api/v1/facilities/{facility}/assignments/{id}"),
        &detail(v),
    ))
}

#[utoipa::path(
    put,
    path = "/api/v1/facilities/{facility}/assignments/{assignment}",
    operation_id = "facility_assignment_update",
    tag = "facility",
    summary = "Rewrites a draft or open assignment (those interested are told)",
    params(("facility" = String, Path), ("assignment" = String, Path)),
    request_body = AssignmentBody,
    responses(
        (status = 200, body = AssignmentDetail),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Filled or closed: no longer editable"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
    body: web::Json<AssignmentBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let (facility, id) = path.into_inner();
    let input = body.into_inner().input()?;
    assignments::update(
        &services,
        &caller.user,
        &facility,
        &id,
        &input,
        &origin(&req),
    )
    .await?;
    let v = assignments::view(&services, &caller.user, &facility, &id).await?;
    Ok(HttpResponse::Ok().json(detail(v)))
}

#[utoipa::path(
    post,
    path = "/api/v1/facilities/{facility}/assignments/{assignment}/publish",
    operation_id = "facility_assignment_publish",
    tag = "facility",
    summary = "Opens a draft to professionals",
    params(("facility" = String, Path), ("assignment" = String, Path)),
    responses(
        (status = 200, body = AssignmentDetail),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not a draft, or its start has passed"),
    ),
    security(("bearer" = []))
)]
pub async fn publish(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let (facility, id) = path.into_inner();
    assignments::publish(&services, &caller.user, &facility, &id, &origin(&req)).await?;
    let v = assignments::view(&services, &caller.user, &facility, &id).await?;
    Ok(HttpResponse::Ok().json(detail(v)))
}

/// Why the assignment closes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    pub reason: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/facilities/{facility}/assignments/{assignment}/close",
    operation_id = "facility_assignment_close",
    tag = "facility",
    summary = "Closes a draft or open assignment, with the reason",
    params(("facility" = String, Path), ("assignment" = String, Path)),
    request_body = CloseBody,
    responses(
        (status = 200, body = AssignmentDetail),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Already filled or closed"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "No reason given, or too long"),
    ),
    security(("bearer" = []))
)]
pub async fn close(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
    body: web::Json<CloseBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let (facility, id) = path.into_inner();
    assignments::close(
        &services,
        &caller.user,
        &facility,
        &id,
        &body.reason,
        &origin(&req),
    )
    .await?;
    let v = assignments::view(&services, &caller.user, &facility, &id).await?;
    Ok(HttpResponse::Ok().json(detail(v)))
}
