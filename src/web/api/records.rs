//! The professional's changes to their own records through the API: the
//! work and place parts of the profile, spoken languages, licences and
//! availability windows, through the same service functions and checks as
//! the forms (422 by field, with the forms' messages).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::professional::{
    LicenceItem, OwnProfile, WindowItem, licence_item, profile_of, window_item,
};
use super::{Caller, ErrorBody, origin};
use crate::domain::{FieldError, FieldErrors};
use crate::error::AppError;
use crate::services::availability::{self, WindowInput};
use crate::services::licences::{self, LicenceInput};
use crate::services::profiles::{self, PlaceInput, WorkInput};
use crate::services::{Services, accounts::CurrentUser};

async fn profile_answer(services: &Services, user: &CurrentUser) -> Result<HttpResponse, AppError> {
    let o = profiles::overview(services, user).await?;
    Ok(HttpResponse::Ok().json(profile_of(o)))
}

/// What the professional does: every field is written, and one left out is
/// cleared.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkBody {
    /// ISCO-08 code of the profession: `2211` generalist medical
    /// practitioner, `2212` specialist, `2221` nurse, `2222` midwife...
    pub profession: Option<String>,
    /// Specialty codes, at most 10.
    #[serde(default)]
    pub specialties: Vec<String>,
    /// 0 to 70.
    pub years_experience: Option<i64>,
    /// Skills, each a short tag; commas and semicolons also separate tags.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Whether they want clinical work (a licence is then checked).
    #[serde(default)]
    pub wants_clinical: bool,
    #[serde(default)]
    pub bio: String,
}

#[utoipa::path(
    put,
    path = "/api/v1/professional/profile/work",
    operation_id = "profile_work",
    tag = "professional",
    summary = "Writes what the professional does: profession, specialties, experience, skills, bio",
    request_body = WorkBody,
    responses(
        (status = 200, body = OwnProfile),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "An unknown code, a number out of range, text too long"),
    ),
    security(("bearer" = []))
)]
pub async fn work(
    caller: Caller,
    services: web::Data<Services>,
    body: web::Json<WorkBody>,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let b = body.into_inner();
    let input = WorkInput {
        profession: b.profession.unwrap_or_default(),
        specialties: b.specialties,
        years_experience: b
            .years_experience
            .map(|y| y.to_string())
            .unwrap_or_default(),
        skills: b.skills.join("\n"),
        wants_clinical: b.wants_clinical,
        bio: b.bio,
    };
    profiles::save_work(&services, &caller.user, input).await?;
    profile_answer(&services, &caller.user).await
}

/// Where the professional comes from and lives: every field is written, and
/// one left out is cleared.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceBody {
    /// ISO 3166-1 alpha-2 code.
    pub origin_country: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub residence_country: Option<String>,
    pub residence_city: Option<String>,
    /// `citizen`, `permanent_resident`, `work_permit` or `other`.
    pub residence_status: Option<String>,
    /// IANA time zone, such as `Europe/London`.
    pub time_zone: Option<String>,
}

#[utoipa::path(
    put,
    path = "/api/v1/professional/profile/place",
    operation_id = "profile_place",
    tag = "professional",
    summary = "Writes where the professional comes from and lives",
    request_body = PlaceBody,
    responses(
        (status = 200, body = OwnProfile),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "An unknown country, status or time zone"),
    ),
    security(("bearer" = []))
)]
pub async fn place(
    caller: Caller,
    services: web::Data<Services>,
    body: web::Json<PlaceBody>,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let b = body.into_inner();
    let input = PlaceInput {
        origin_country: b.origin_country.unwrap_or_default(),
        residence_country: b.residence_country.unwrap_or_default(),
        residence_city: b.residence_city.unwrap_or_default(),
        residence_status: b.residence_status.unwrap_or_default(),
        time_zone: b.time_zone.unwrap_or_default(),
    };
    profiles::save_place(&services, &caller.user, input).await?;
    profile_answer(&services, &caller.user).await
}

/// How well the professional speaks a language.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelBody {
    /// `basic`, `conversational`, `professional` or `native`.
    pub level: String,
}

#[utoipa::path(
    put,
    path = "/api/v1/professional/languages/{language}",
    operation_id = "language_set",
    tag = "professional",
    summary = "Adds a spoken language, or changes its level",
    params(("language" = String, Path, description = "ISO 639-1 code")),
    request_body = LevelBody,
    responses(
        (status = 200, body = OwnProfile),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "An unknown language or level, or too many languages"),
    ),
    security(("bearer" = []))
)]
pub async fn set_language(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<LevelBody>,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    profiles::set_language(&services, &caller.user, &path, &body.level).await?;
    profile_answer(&services, &caller.user).await
}

#[utoipa::path(
    delete,
    path = "/api/v1/professional/languages/{language}",
    operation_id = "language_remove",
    tag = "professional",
    summary = "Removes a spoken language",
    params(("language" = String, Path, description = "ISO 639-1 code")),
    responses(
        (status = 204),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 404, body = ErrorBody, description = "Not a language of the profile"),
    ),
    security(("bearer" = []))
)]
pub async fn remove_language(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    profiles::remove_language(&services, &caller.user, &path).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A licence to practise, as the professional states it; a change to what
/// was verified sends it back to verification.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LicenceBody {
    /// ISO 3166-1 alpha-2 code.
    pub issuing_country: String,
    pub issuing_body: String,
    pub number: String,
    /// ISCO-08 code of the profession it licenses.
    pub profession: String,
    /// `YYYY-MM-DD`.
    pub valid_from: String,
    /// `YYYY-MM-DD`.
    pub valid_until: String,
}

fn licence_input(b: LicenceBody) -> LicenceInput {
    LicenceInput {
        issuing_country: b.issuing_country,
        issuing_body: b.issuing_body,
        number: b.number,
        profession: b.profession,
        valid_from: b.valid_from,
        valid_until: b.valid_until,
    }
}

async fn licence_answer(
    services: &Services,
    user: &CurrentUser,
    id: &str,
) -> Result<LicenceItem, AppError> {
    let l = licences::find(services, user, id).await?;
    Ok(licence_item(l, services.clock.today()))
}

#[utoipa::path(
    post,
    path = "/api/v1/professional/licences",
    operation_id = "licence_add",
    tag = "professional",
    summary = "Adds a licence; it waits for a coordinator's verification",
    request_body = LicenceBody,
    responses(
        (status = 201, body = LicenceItem, headers(("Location" = String))),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A field missing or wrong, or too many licences"),
    ),
    security(("bearer" = []))
)]
pub async fn add_licence(
    caller: Caller,
    services: web::Data<Services>,
    body: web::Json<LicenceBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let input = licence_input(body.into_inner());
    let id = licences::save(&services, &caller.user, None, &input, &origin(&req)).await?;
    let item = licence_answer(&services, &caller.user, &id).await?;
    Ok(super::created(
        format!("/api/v1/professional/licences/{id}"),
        &item,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/professional/licences/{licence}",
    operation_id = "licence_read",
    tag = "professional",
    summary = "One of the professional's licences",
    params(("licence" = String, Path)),
    responses(
        (status = 200, body = LicenceItem),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a professional's token"),
        (status = 404, body = ErrorBody, description = "Not a licence of the caller's"),
    ),
    security(("bearer" = []))
)]
pub async fn licence(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let item = licence_answer(&services, &caller.user, &path).await?;
    Ok(HttpResponse::Ok().json(item))
}

#[utoipa::path(
    put,
    path = "/api/v1/professional/licences/{licence}",
    operation_id = "licence_change",
    tag = "professional",
    summary = "Rewrites one of the professional's licences; a change to what was verified sends it back to verification",
    params(("licence" = String, Path)),
    request_body = LicenceBody,
    responses(
        (status = 200, body = LicenceItem),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 404, body = ErrorBody, description = "Not a licence of the caller's"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A field missing or wrong"),
    ),
    security(("bearer" = []))
)]
pub async fn change_licence(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<LicenceBody>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let input = licence_input(body.into_inner());
    licences::save(&services, &caller.user, Some(&path), &input, &origin(&req)).await?;
    let item = licence_answer(&services, &caller.user, &path).await?;
    Ok(HttpResponse::Ok().json(item))
}

#[utoipa::path(
    delete,
    path = "/api/v1/professional/licences/{licence}",
    operation_id = "licence_delete",
    tag = "professional",
    summary = "Deletes one of the professional's licences",
    params(("licence" = String, Path)),
    responses(
        (status = 204),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 404, body = ErrorBody, description = "Not a licence of the caller's"),
    ),
    security(("bearer" = []))
)]
pub async fn delete_licence(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    licences::delete(&services, &caller.user, &path, &origin(&req)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Hours of one weekday for virtual work, in the professional's time zone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursBody {
    /// 1 (Monday) to 7 (Sunday); each day at most once.
    pub weekday: i64,
    /// `HH:MM`.
    pub starts: String,
    /// `HH:MM`, after `starts`.
    pub ends: String,
}

/// A window of availability; weekly hours and hours for virtual work.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WindowBody {
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// `YYYY-MM-DD`, not before `starts_on`.
    pub ends_on: String,
    /// `on_site`, `virtual` or `either`.
    pub modality: String,
    /// For virtual work (`virtual` or `either`): 1 to 168.
    pub weekly_hours: Option<i64>,
    #[serde(default)]
    pub hours: Vec<HoursBody>,
}

/// The window as the form would have it typed; a weekday out of range or
/// given twice is refused by the field `hours`.
fn window_input(b: WindowBody) -> Result<WindowInput, AppError> {
    let mut input = WindowInput {
        starts_on: b.starts_on,
        ends_on: b.ends_on,
        modality: b.modality,
        weekly_hours: b.weekly_hours.map(|h| h.to_string()).unwrap_or_default(),
        ..WindowInput::default()
    };
    let mut e = FieldErrors::new();
    let mut seen = [false; 7];
    for h in b.hours {
        match usize::try_from(h.weekday)
            .ok()
            .filter(|d| (1..=7).contains(d))
            .map(|d| d - 1)
        {
            Some(d) if !seen[d] => {
                seen[d] = true;
                input.from[d] = h.starts;
                input.to[d] = h.ends;
            }
            Some(_) => e.add("hours", FieldError::new("err-weekday-twice")),
            None => e.add(
                "hours",
                FieldError::new("err-number-range")
                    .arg("min", 1)
                    .arg("max", 7),
            ),
        }
    }
    e.into_result().map_err(AppError::Validation)?;
    Ok(input)
}

async fn window_answer(
    services: &Services,
    user: &CurrentUser,
    id: &str,
) -> Result<WindowItem, AppError> {
    Ok(window_item(availability::find(services, user, id).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/professional/availability",
    operation_id = "window_add",
    tag = "professional",
    summary = "Adds a window of availability",
    request_body = WindowBody,
    responses(
        (status = 201, body = WindowItem, headers(("Location" = String))),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A field missing or wrong, an overlap with another window, or too many windows"),
    ),
    security(("bearer" = []))
)]
pub async fn add_window(
    caller: Caller,
    services: web::Data<Services>,
    body: web::Json<WindowBody>,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let input = window_input(body.into_inner())?;
    let id = availability::save(&services, &caller.user, None, &input).await?;
    let item = window_answer(&services, &caller.user, &id).await?;
    Ok(super::created(
        format!("/api/v1/professional/availability/{id}"),
        &item,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/professional/availability/{window}",
    operation_id = "window_read",
    tag = "professional",
    summary = "One of the professional's windows of availability",
    params(("window" = String, Path)),
    responses(
        (status = 200, body = WindowItem),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a professional's token"),
        (status = 404, body = ErrorBody, description = "Not a window of the caller's"),
    ),
    security(("bearer" = []))
)]
pub async fn window(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let item = window_answer(&services, &caller.user, &path).await?;
    Ok(HttpResponse::Ok().json(item))
}

#[utoipa::path(
    put,
    path = "/api/v1/professional/availability/{window}",
    operation_id = "window_change",
    tag = "professional",
    summary = "Rewrites one of the professional's windows of availability",
    params(("window" = String, Path)),
    request_body = WindowBody,
    responses(
        (status = 200, body = WindowItem),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 404, body = ErrorBody, description = "Not a window of the caller's"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A field missing or wrong, or an overlap with another window"),
    ),
    security(("bearer" = []))
)]
pub async fn change_window(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<WindowBody>,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let input = window_input(body.into_inner())?;
    availability::save(&services, &caller.user, Some(&path), &input).await?;
    let item = window_answer(&services, &caller.user, &path).await?;
    Ok(HttpResponse::Ok().json(item))
}

#[utoipa::path(
    delete,
    path = "/api/v1/professional/availability/{window}",
    operation_id = "window_delete",
    tag = "professional",
    summary = "Deletes one of the professional's windows of availability",
    params(("window" = String, Path)),
    responses(
        (status = 204),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 404, body = ErrorBody, description = "Not a window of the caller's"),
    ),
    security(("bearer" = []))
)]
pub async fn delete_window(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    availability::delete(&services, &caller.user, &path).await?;
    Ok(HttpResponse::NoContent().finish())
}
