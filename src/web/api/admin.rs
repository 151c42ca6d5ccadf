//! Administrators' programmes through the API: list, read, create and
//! change them, with the form's checks and messages.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Caller, ErrorBody, origin};
use crate::domain::programme::{Criterion, ProgrammeDraft};
use crate::error::AppError;
use crate::services::Services;
use crate::services::programmes::{self, ProgrammeSummary};

/// How much each criterion of the matcher's score weighs, 0 to 100 (not
/// all zero).
#[derive(Serialize, Deserialize, ToSchema, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub diaspora: i32,
    pub skills: i32,
    pub experience: i32,
    pub availability: i32,
    pub languages: i32,
    pub track_record: i32,
    pub interest: i32,
    pub safeguards: i32,
    pub urgency: i32,
}

impl Weights {
    /// In the order of the matcher's criteria.
    fn in_order(self) -> [i32; 9] {
        [
            self.diaspora,
            self.skills,
            self.experience,
            self.availability,
            self.languages,
            self.track_record,
            self.interest,
            self.safeguards,
            self.urgency,
        ]
    }
}

/// A programme: where it works, whom it accepts, how its matcher weighs.
#[derive(Serialize, ToSchema)]
pub struct ProgrammeItem {
    pub id: String,
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
    /// `active` or `archived`.
    pub status: String,
    /// ISO 3166-1 alpha-2 codes of the countries it covers.
    pub countries: Vec<String>,
    /// Residence statuses abroad it accepts.
    pub residence_statuses: Vec<String>,
    pub min_years_experience: i32,
    pub onsite_min_days: i32,
    pub onsite_max_days: i32,
    pub weights: Weights,
    /// How many coordinators act in it.
    pub coordinators: usize,
}

fn item(s: ProgrammeSummary) -> ProgrammeItem {
    let p = s.programme;
    ProgrammeItem {
        residence_statuses: crate::domain::programme::parse_statuses(&p.residence_statuses)
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        weights: Weights {
            diaspora: p.weight_diaspora,
            skills: p.weight_skills,
            experience: p.weight_experience,
            availability: p.weight_availability,
            languages: p.weight_languages,
            track_record: p.weight_track_record,
            interest: p.weight_interest,
            safeguards: p.weight_safeguards,
            urgency: p.weight_urgency,
        },
        id: p.id,
        code: p.code,
        name_en: p.name_en,
        name_fr: p.name_fr,
        status: p.status,
        countries: s.countries,
        min_years_experience: p.min_years_experience,
        onsite_min_days: p.onsite_min_days,
        onsite_max_days: p.onsite_max_days,
        coordinators: s.coordinators,
    }
}

async fn one(services: &Services, caller: &Caller, id: &str) -> Result<ProgrammeItem, AppError> {
    Ok(item(programmes::summary(services, &caller.user, id).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/programmes",
    operation_id = "admin_programmes",
    tag = "admin",
    summary = "Every programme",
    responses(
        (status = 200, body = Vec<ProgrammeItem>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not an admin's token"),
    ),
    security(("bearer" = []))
)]
pub async fn list(caller: Caller, services: web::Data<Services>) -> Result<HttpResponse, AppError> {
    let items: Vec<ProgrammeItem> = programmes::list(&services, &caller.user)
        .await?
        .into_iter()
        .map(item)
        .collect();
    Ok(HttpResponse::Ok().json(items))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/programmes/{programme}",
    operation_id = "admin_programme",
    tag = "admin",
    summary = "One programme",
    params(("programme" = String, Path)),
    responses(
        (status = 200, body = ProgrammeItem),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn read(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(one(&services, &caller, &path).await?))
}

/// A programme as written by an admin. The checks and their messages are
/// the form's; a weight's problem is reported on `weight_{criterion}`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeBody {
    /// A short unique code, such as `GH-HEALTH`.
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
    /// ISO 3166-1 alpha-2 codes, at least one.
    pub countries: Vec<String>,
    /// `citizen`, `permanent_resident`, `work_permit`, `student`, `other`.
    pub residence_statuses: Vec<String>,
    pub min_years_experience: i32,
    pub onsite_min_days: i32,
    pub onsite_max_days: i32,
    pub weights: Weights,
    /// `active` or `archived`.
    pub status: String,
}

impl ProgrammeBody {
    fn draft(self) -> ProgrammeDraft {
        debug_assert_eq!(Criterion::ALL.len(), 9);
        ProgrammeDraft {
            code: self.code,
            name_en: self.name_en,
            name_fr: self.name_fr,
            countries: self.countries,
            residence_statuses: self.residence_statuses,
            min_years_experience: self.min_years_experience.to_string(),
            onsite_min_days: self.onsite_min_days.to_string(),
            onsite_max_days: self.onsite_max_days.to_string(),
            weights: self.weights.in_order().iter().map(i32::to_string).collect(),
            status: self.status,
        }
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/programmes",
    operation_id = "admin_programme_create",
    tag = "admin",
    summary = "Creates a programme",
    request_body = ProgrammeBody,
    responses(
        (status = 201, body = ProgrammeItem, headers(("Location" = String))),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "The problems, by field (a code taken is one)"),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    caller: Caller,
    services: web::Data<Services>,
    body: web::Json<ProgrammeBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let draft = body.into_inner().draft();
    let id = programmes::create(&services, &caller.user, &draft, &origin(&req)).await?;
    Ok(super::created(
        format!("/api/v1/admin/programmes/{id}"),
        &one(&services, &caller, &id).await?,
    ))
}

#[utoipa::path(
    put,
    path = "/api/v1/admin/programmes/{programme}",
    operation_id = "admin_programme_update",
    tag = "admin",
    summary = "Rewrites a programme",
    params(("programme" = String, Path)),
    request_body = ProgrammeBody,
    responses(
        (status = 200, body = ProgrammeItem),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<ProgrammeBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let draft = body.into_inner().draft();
    programmes::update(&services, &caller.user, &path, &draft, &origin(&req)).await?;
    Ok(HttpResponse::Ok().json(one(&services, &caller, &path).await?))
}
