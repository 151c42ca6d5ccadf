//! Professionals discovering open Terms of Reference through the API:
//! search with the page's filters, read one, express and withdraw interest.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::facility::{LanguageNeed, Support, needs};
use super::{Caller, ErrorBody, List, PageQuery, clock, day, moment, origin};
use crate::domain::discovery::SearchInput;
use crate::domain::time_zone::SeenSession;
use crate::error::AppError;
use crate::services::{Services, discovery};

/// The search, with the filters of the page; every one optional.
#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// ISO 3166-1 alpha-2 code of the assignment's country.
    pub country: Option<String>,
    /// ISCO-08 code.
    pub profession: Option<String>,
    pub specialty: Option<String>,
    /// `on_site` or `virtual`.
    pub modality: Option<String>,
    /// Running on or after this day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Starting on or before this day.
    pub to: Option<String>,
    /// ISO 639-1 code of a language asked for.
    pub language: Option<String>,
    /// Urgent assignments only.
    pub urgent: Option<bool>,
    /// Only countries on the WHO health workforce support and safeguards list.
    pub safeguards: Option<bool>,
    /// Text in the title or objectives.
    pub q: Option<String>,
    /// The `next_cursor` of the previous answer.
    pub cursor: Option<String>,
    /// How many items, from 1 to 200.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
}

impl SearchQuery {
    fn input(&self) -> SearchInput {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let tick = |v: Option<bool>| if v == Some(true) { "1" } else { "" }.to_string();
        SearchInput {
            country: text(&self.country),
            profession: text(&self.profession),
            specialty: text(&self.specialty),
            modality: text(&self.modality),
            from: text(&self.from),
            to: text(&self.to),
            language: text(&self.language),
            urgent: tick(self.urgent),
            safeguards: tick(self.safeguards),
            q: text(&self.q),
            page: String::new(),
        }
    }
}

/// A weekly session seen from the reader's time zone, in the first week.
#[derive(Serialize, ToSchema)]
pub struct SessionSeen {
    /// The first day it falls on, `YYYY-MM-DD`.
    pub date: String,
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: u8,
    /// `HH:MM`.
    pub starts: String,
    pub ends: String,
    /// It ends on the reader's next day.
    pub ends_next_day: bool,
}

fn seen(sessions: Vec<SeenSession>) -> Vec<SessionSeen> {
    let clock = |m: u16| clock(i32::from(m));
    sessions
        .into_iter()
        .map(|s| SessionSeen {
            date: day(s.date),
            weekday: s.weekday,
            starts: clock(s.start_minute),
            ends: clock(s.end_minute),
            ends_next_day: s.ends_next_day,
        })
        .collect()
}

/// An open assignment found.
#[derive(Serialize, ToSchema)]
pub struct OpenAssignment {
    pub id: String,
    pub title: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    pub facility_name: String,
    pub urgent: bool,
    /// `on_site` or `virtual`.
    pub modality: String,
    pub starts_on: String,
    pub ends_on: String,
    /// The country is on the WHO health workforce support and safeguards list.
    pub safeguards: bool,
    /// The time zone `sessions` are given in: the reader's, else the facility's.
    pub zone: String,
    pub sessions: Vec<SessionSeen>,
}

#[utoipa::path(
    get,
    path = "/api/v1/assignments",
    operation_id = "assignments_search",
    tag = "discovery",
    summary = "Searches open Terms of Reference, soonest first",
    params(SearchQuery),
    responses(
        (status = 200, body = List<OpenAssignment>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a professional's token"),
        (status = 422, body = ErrorBody, description = "A filter, cursor or limit that does not hold, by field"),
    ),
    security(("bearer" = []))
)]
pub async fn search(
    caller: Caller,
    services: web::Data<Services>,
    q: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let window = super::window(q.cursor.as_ref(), q.limit.as_ref())?;
    let results = discovery::search(&services, &caller.user, &q.input(), Some(window)).await?;
    let next_cursor = window.next_cursor(results.total);
    let items = results
        .found
        .into_iter()
        .map(|f| OpenAssignment {
            id: f.listed.id,
            title: f.listed.title,
            country: f.listed.country_code,
            facility_name: f.listed.facility_name,
            urgent: f.listed.urgent,
            modality: f.listed.modality,
            starts_on: day(f.listed.starts_on),
            ends_on: day(f.listed.ends_on),
            safeguards: f.safeguards,
            zone: f.zone,
            sessions: seen(f.sessions),
        })
        .collect();
    Ok(HttpResponse::Ok().json(List { items, next_cursor }))
}

/// What a professional may know of the facility.
#[derive(Serialize, ToSchema)]
pub struct PublicFacility {
    pub name: String,
    pub kind: String,
    pub city: String,
    pub region: String,
    pub country: String,
}

/// A programme covering the assignment's country, and why the reader falls
/// outside it.
#[derive(Serialize, ToSchema)]
pub struct ProgrammeFit {
    pub code: String,
    pub name: String,
    /// Empty when eligible; else `origin`, `residence_status`, `experience`.
    pub why_not: Vec<String>,
}

/// The reader's interest standing in the assignment.
#[derive(Serialize, ToSchema)]
pub struct Interest {
    pub id: String,
    pub note: String,
    pub created_at: String,
}

/// An open assignment as a professional reads it.
#[derive(Serialize, ToSchema)]
pub struct OpenAssignmentDetail {
    pub id: String,
    pub title: String,
    pub objectives: String,
    pub facility: PublicFacility,
    /// ISCO-08 codes.
    pub professions: Vec<String>,
    pub specialty: Option<String>,
    pub required_skills: Vec<String>,
    pub desired_skills: Vec<String>,
    pub languages: Vec<LanguageNeed>,
    pub modality: String,
    pub starts_on: String,
    pub ends_on: String,
    pub hours_per_week: Option<i32>,
    pub zone: String,
    pub sessions: Vec<SessionSeen>,
    pub positions: i32,
    pub clinical: bool,
    pub support: Support,
    pub min_years_experience: i32,
    pub urgent: bool,
    pub safeguards: bool,
    pub programmes: Vec<ProgrammeFit>,
    /// Null when the reader has expressed none.
    pub interest: Option<Interest>,
}

async fn detail(
    services: &Services,
    caller: &Caller,
    id: &str,
) -> Result<OpenAssignmentDetail, AppError> {
    let r = discovery::read(services, &caller.user, id).await?;
    let locale = caller.user.locale;
    let a = r.assignment;
    let (required_skills, desired_skills, languages) = needs(&r.parts);
    let support = Support::of(&a);
    Ok(OpenAssignmentDetail {
        required_skills,
        desired_skills,
        professions: r.parts.professions.clone(),
        languages,
        facility: PublicFacility {
            name: r.facility.name,
            kind: r.facility.kind,
            city: r.facility.city,
            region: r.facility.region,
            country: r.facility.country_code,
        },
        programmes: r
            .programmes
            .into_iter()
            .map(|p| ProgrammeFit {
                name: p.programme.name(&locale).to_string(),
                code: p.programme.code,
                why_not: p.why_not.iter().map(|w| w.as_str().to_string()).collect(),
            })
            .collect(),
        interest: r.interest.map(|i| Interest {
            id: i.id,
            note: i.note,
            created_at: moment(i.created_at),
        }),
        zone: r.zone,
        sessions: seen(r.sessions),
        safeguards: r.safeguards,
        id: a.id,
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
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/assignments/{assignment}",
    operation_id = "assignment_read",
    tag = "discovery",
    summary = "Reads one open assignment, with the programmes covering it",
    params(("assignment" = String, Path)),
    responses(
        (status = 200, body = OpenAssignmentDetail),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "Not open, or no such assignment"),
    ),
    security(("bearer" = []))
)]
pub async fn read(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(detail(&services, &caller, &path).await?))
}

/// An interest, with a note to the facility.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct InterestBody {
    /// At most 1000 characters.
    pub note: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/assignments/{assignment}/interest",
    operation_id = "interest_express",
    tag = "discovery",
    summary = "Expresses interest in an open assignment",
    params(("assignment" = String, Path)),
    request_body = InterestBody,
    responses(
        (status = 201, body = OpenAssignmentDetail),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "An interest already stands"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn express(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<InterestBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    discovery::express_interest(&services, &caller.user, &path, &body.note, &origin(&req)).await?;
    Ok(HttpResponse::Created().json(detail(&services, &caller, &path).await?))
}

#[utoipa::path(
    delete,
    path = "/api/v1/assignments/{assignment}/interest",
    operation_id = "interest_withdraw",
    tag = "discovery",
    summary = "Withdraws the caller's interest (nothing happens when none stands)",
    params(("assignment" = String, Path)),
    responses(
        (status = 200, body = OpenAssignmentDetail),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn withdraw(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    discovery::withdraw_interest(&services, &caller.user, &path, &origin(&req)).await?;
    Ok(HttpResponse::Ok().json(detail(&services, &caller, &path).await?))
}

/// An interest standing in an assignment of the coordinator's countries.
#[derive(Serialize, ToSchema)]
pub struct StandingInterest {
    pub assignment_id: String,
    pub title: String,
    pub facility_name: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    pub professional_id: String,
    pub full_name: String,
    /// ISCO-08 code.
    pub profession: Option<String>,
    /// UTC, ISO 8601.
    pub created_at: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/coordinator/interests",
    operation_id = "coordinator_interests",
    tag = "discovery",
    summary = "Interests standing in assignments of the coordinator's countries, newest first",
    params(PageQuery),
    responses(
        (status = 200, body = List<StandingInterest>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token"),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn for_coordinator(
    caller: Caller,
    services: web::Data<Services>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let window = q.window()?;
    let list = discovery::interests_for_coordinator(&services, &caller.user, window).await?;
    let items = list
        .interests
        .into_iter()
        .map(|i| StandingInterest {
            assignment_id: i.assignment_id,
            title: i.title,
            facility_name: i.facility_name,
            country: i.country_code,
            professional_id: i.user_id,
            full_name: i.full_name,
            profession: i.profession_code,
            created_at: moment(i.created_at),
        })
        .collect();
    Ok(HttpResponse::Ok().json(List {
        items,
        next_cursor: window.next_cursor(list.total),
    }))
}
