//! The professional's own records through the API: profile, licences,
//! availability windows and consents.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{BearerSecret, Caller, ErrorBody, clock, day, moment};
use crate::domain::consent::ConsentKind;
use crate::domain::licence::{LicenceStatus, shown_status};
use crate::error::AppError;
use crate::services::accounts::CurrentUser;
use crate::services::{Services, availability, licences, profiles};

/// A spoken language and how well.
#[derive(Serialize, ToSchema)]
pub struct SpokenLanguage {
    /// ISO 639-1 code.
    pub code: String,
    /// `basic`, `conversational`, `professional` or `native`.
    pub level: String,
}

/// The professional's own profile, with what it still lacks to be matched.
#[derive(Serialize, ToSchema)]
pub struct OwnProfile {
    /// ISCO-08 code of the profession.
    pub profession: Option<String>,
    pub years_experience: Option<i32>,
    pub wants_clinical: bool,
    /// ISO 3166-1 alpha-2 codes.
    pub origin_country: Option<String>,
    pub residence_country: Option<String>,
    pub residence_city: Option<String>,
    pub residence_status: Option<String>,
    /// IANA time zone.
    pub time_zone: Option<String>,
    pub bio: String,
    /// Specialty codes.
    pub specialties: Vec<String>,
    pub skills: Vec<String>,
    pub languages: Vec<SpokenLanguage>,
    /// What the profile still needs before it can be matched.
    pub missing: Vec<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/professional/profile",
    tag = "professional",
    summary = "The professional's own profile",
    responses(
        (status = 200, body = OwnProfile),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "The token's account is not a professional's"),
    ),
    security(("bearer" = []))
)]
pub async fn own_profile(
    secret: BearerSecret,
    services: web::Data<Services>,
) -> Result<HttpResponse, AppError> {
    let o = profiles::overview_by_token(&services, &secret.0).await?;
    Ok(HttpResponse::Ok().json(profile_of(o)))
}

/// A profile as the API writes it.
pub(super) fn profile_of(o: profiles::Overview) -> OwnProfile {
    let p = o.profile;
    OwnProfile {
        profession: p.profession_code,
        years_experience: p.years_experience,
        wants_clinical: p.wants_clinical,
        origin_country: p.origin_country,
        residence_country: p.residence_country,
        residence_city: p.residence_city,
        residence_status: p.residence_status,
        time_zone: p.time_zone,
        bio: p.bio,
        specialties: o.specialties,
        skills: o.skills,
        languages: o
            .languages
            .into_iter()
            .map(|(code, level)| SpokenLanguage {
                code,
                level: level.as_str().to_string(),
            })
            .collect(),
        missing: o.missing.iter().map(|m| m.as_str().to_string()).collect(),
    }
}

/// A licence to practise and where its verification stands.
#[derive(Serialize, ToSchema)]
pub struct LicenceItem {
    pub id: String,
    /// ISO 3166-1 alpha-2 code of the issuing country.
    pub issuing_country: String,
    pub issuing_body: String,
    pub number: String,
    /// ISCO-08 code of the profession it licenses.
    pub profession: String,
    pub valid_from: String,
    pub valid_until: String,
    /// `unverified`, `verified`, `rejected`, or `expired` once past its
    /// last valid day.
    pub status: String,
    /// Why it was rejected, when it was.
    pub status_reason: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/professional/licences",
    tag = "professional",
    summary = "The professional's licences",
    responses(
        (status = 200, body = Vec<LicenceItem>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn licences(
    caller: Caller,
    services: web::Data<Services>,
) -> Result<HttpResponse, AppError> {
    let today = services.clock.now().date();
    let items: Vec<LicenceItem> = licences::list(&services, &caller.user)
        .await?
        .into_iter()
        .map(|l| licence_item(l, today))
        .collect();
    Ok(HttpResponse::Ok().json(items))
}

/// A licence as the API writes it, its status as of `today`.
pub(super) fn licence_item(
    l: crate::store::licences::Licence,
    today: chrono::NaiveDate,
) -> LicenceItem {
    LicenceItem {
        status: shown_status(
            l.status.parse().unwrap_or(LicenceStatus::Unverified),
            l.valid_until,
            today,
        )
        .to_string(),
        id: l.id,
        issuing_country: l.issuing_country,
        issuing_body: l.issuing_body,
        number: l.number,
        profession: l.profession_code,
        valid_from: day(l.valid_from),
        valid_until: day(l.valid_until),
        status_reason: l.status_reason,
    }
}

/// Weekly hours of virtual work, in the time zone of whoever works them.
#[derive(Serialize, ToSchema)]
pub struct WeeklyHours {
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: i32,
    /// `HH:MM`.
    pub starts: String,
    pub ends: String,
}

/// A window of availability.
#[derive(Serialize, ToSchema)]
pub struct WindowItem {
    pub id: String,
    pub starts_on: String,
    pub ends_on: String,
    /// `on_site` or `virtual`.
    pub modality: String,
    pub weekly_hours: Option<i32>,
    pub hours: Vec<WeeklyHours>,
}

#[utoipa::path(
    get,
    path = "/api/v1/professional/availability",
    tag = "professional",
    summary = "The professional's availability windows",
    responses(
        (status = 200, body = Vec<WindowItem>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn availability(
    caller: Caller,
    services: web::Data<Services>,
) -> Result<HttpResponse, AppError> {
    let items: Vec<WindowItem> = availability::list(&services, &caller.user)
        .await?
        .into_iter()
        .map(window_item)
        .collect();
    Ok(HttpResponse::Ok().json(items))
}

/// An availability window as the API writes it.
pub(super) fn window_item(
    (w, hours): (
        crate::store::availability::Window,
        Vec<crate::store::availability::Hours>,
    ),
) -> WindowItem {
    WindowItem {
        id: w.id,
        starts_on: day(w.starts_on),
        ends_on: day(w.ends_on),
        modality: w.modality,
        weekly_hours: w.weekly_hours,
        hours: hours
            .into_iter()
            .map(|h| WeeklyHours {
                weekday: h.weekday,
                starts: clock(h.starts_minute),
                ends: clock(h.ends_minute),
            })
            .collect(),
    }
}

/// One kind of consent and whether it is in force.
#[derive(Serialize, ToSchema)]
pub struct ConsentState {
    /// `matching`, `share_profile` or `statistics`.
    pub kind: String,
    pub given: bool,
    /// When the consent in force was given (UTC, ISO 8601).
    pub given_at: Option<String>,
    /// The version of the consent text agreed to.
    pub text_version: Option<String>,
}

async fn consent_states(
    services: &Services,
    user: &CurrentUser,
) -> Result<Vec<ConsentState>, AppError> {
    let history = crate::services::consents::history(services, user).await?;
    Ok(ConsentKind::ALL
        .iter()
        .map(|kind| {
            let live = history
                .iter()
                .find(|c| c.kind == kind.as_str() && c.withdrawn_at.is_none());
            ConsentState {
                kind: kind.as_str().to_string(),
                given: live.is_some(),
                given_at: live.map(|c| moment(c.given_at)),
                text_version: live.map(|c| c.text_version.clone()),
            }
        })
        .collect())
}

#[utoipa::path(
    get,
    path = "/api/v1/professional/consents",
    tag = "professional",
    summary = "The professional's consents",
    responses(
        (status = 200, body = Vec<ConsentState>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn consents(
    caller: Caller,
    services: web::Data<Services>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(consent_states(&services, &caller.user).await?))
}

/// A kind of consent, in a path.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKindName {
    /// To be considered by the matcher.
    Matching,
    /// To show the profile to a facility once a match is approved.
    ShareProfile,
    /// To be counted in the public statistics.
    Statistics,
}

impl From<ConsentKindName> for ConsentKind {
    fn from(name: ConsentKindName) -> ConsentKind {
        match name {
            ConsentKindName::Matching => ConsentKind::Matching,
            ConsentKindName::ShareProfile => ConsentKind::ShareProfile,
            ConsentKindName::Statistics => ConsentKind::Statistics,
        }
    }
}

/// A consent given or withdrawn.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentChange {
    pub given: bool,
}

#[utoipa::path(
    put,
    path = "/api/v1/professional/consents/{kind}",
    tag = "professional",
    summary = "Gives or withdraws one consent",
    params(("kind" = ConsentKindName, Path, description = "The kind of consent")),
    request_body = ConsentChange,
    responses(
        (status = 200, body = Vec<ConsentState>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A read-only token, or not a professional's"),
        (status = 404, body = ErrorBody, description = "No such kind of consent"),
        (status = 413, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn set_consent(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<ConsentKindName>,
    body: web::Json<ConsentChange>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let kind = ConsentKind::from(path.into_inner());
    let origin = super::origin(&req);
    if body.given {
        crate::services::consents::give(&services, &caller.user, kind, &origin).await?;
    } else {
        crate::services::consents::withdraw(&services, &caller.user, kind, &origin).await?;
    }
    Ok(HttpResponse::Ok().json(consent_states(&services, &caller.user).await?))
}
