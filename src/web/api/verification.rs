//! The coordinators' verification queues through the API: facilities and
//! licences of their countries waiting, oldest first, and the decision on
//! each (the people concerned are emailed, as from the pages).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Caller, ErrorBody, List, PageQuery, day, moment, origin};
use crate::error::AppError;
use crate::services::{Services, verification};
use crate::store::facilities::Facility;
use crate::store::licences::PendingLicence;

/// A facility waiting for verification, or decided.
#[derive(Serialize, ToSchema)]
pub struct FacilityToVerify {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    pub region: String,
    pub city: String,
    /// `pending`, `verified` or `rejected`.
    pub status: String,
    pub status_reason: Option<String>,
    /// When it signed up (UTC).
    pub created_at: String,
}

fn facility_item(f: Facility) -> FacilityToVerify {
    FacilityToVerify {
        id: f.id,
        name: f.name,
        kind: f.kind,
        country: f.country_code,
        region: f.region,
        city: f.city,
        status: f.status,
        status_reason: f.status_reason,
        created_at: moment(f.created_at),
    }
}

/// Someone acting for a facility.
#[derive(Serialize, ToSchema)]
pub struct StaffItem {
    pub full_name: String,
    pub email: String,
}

/// A facility with the people acting for it.
#[derive(Serialize, ToSchema)]
pub struct FacilityDetail {
    pub facility: FacilityToVerify,
    pub staff: Vec<StaffItem>,
}

#[utoipa::path(
    get,
    path = "/api/v1/coordinator/facilities",
    operation_id = "facilities_to_verify",
    tag = "verification",
    summary = "Facilities of the coordinator's countries waiting for verification, oldest first",
    params(PageQuery),
    responses(
        (status = 200, body = List<FacilityToVerify>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token"),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn facilities(
    caller: Caller,
    services: web::Data<Services>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let window = q.window()?;
    let queue = verification::facility_queue(&services, &caller.user, window).await?;
    Ok(HttpResponse::Ok().json(List {
        next_cursor: window.next_cursor(queue.total),
        items: queue.items.into_iter().map(facility_item).collect(),
    }))
}

async fn facility_detail(
    services: &Services,
    caller: &Caller,
    id: &str,
) -> Result<FacilityDetail, AppError> {
    let (f, staff) = verification::facility(services, &caller.user, id).await?;
    Ok(FacilityDetail {
        facility: facility_item(f),
        staff: staff
            .into_iter()
            .map(|m| StaffItem {
                full_name: m.full_name,
                email: m.email,
            })
            .collect(),
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/coordinator/facilities/{facility}",
    operation_id = "facility_to_verify",
    tag = "verification",
    summary = "A facility of the coordinator's countries, with its staff",
    params(("facility" = String, Path)),
    responses(
        (status = 200, body = FacilityDetail),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "Not a facility of the coordinator's countries"),
    ),
    security(("bearer" = []))
)]
pub async fn facility(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(facility_detail(&services, &caller, &path).await?))
}

/// A verification decision: verified, or rejected with the reason.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub verify: bool,
    /// Required to reject: at most 500 characters.
    #[serde(default)]
    pub reason: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/coordinator/facilities/{facility}/decision",
    operation_id = "facility_decide",
    tag = "verification",
    summary = "Verifies or rejects a pending facility; its staff are emailed",
    params(("facility" = String, Path)),
    request_body = Decision,
    responses(
        (status = 200, body = FacilityDetail),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Already decided"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A rejection without a reason"),
    ),
    security(("bearer" = []))
)]
pub async fn decide_facility(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<Decision>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let reason = body.reason.clone().unwrap_or_default();
    verification::decide_facility(
        &services,
        &caller.user,
        &path,
        body.verify,
        &reason,
        &origin(&req),
    )
    .await?;
    Ok(HttpResponse::Ok().json(facility_detail(&services, &caller, &path).await?))
}

/// A licence waiting for verification, with its holder.
#[derive(Serialize, ToSchema)]
pub struct LicenceToVerify {
    pub id: String,
    pub holder_id: String,
    pub holder_name: String,
    /// The holder's country of origin (ISO 3166-1 alpha-2).
    pub origin_country: Option<String>,
    pub issuing_country: String,
    pub issuing_body: String,
    pub number: String,
    /// ISCO-08 code of the profession licensed.
    pub profession: String,
    pub valid_from: String,
    pub valid_until: String,
    /// `unverified`, `verified` or `rejected`.
    pub status: String,
    pub status_reason: Option<String>,
}

fn licence_item(p: PendingLicence) -> LicenceToVerify {
    let l = p.licence;
    LicenceToVerify {
        id: l.id,
        holder_id: l.user_id,
        holder_name: p.full_name,
        origin_country: p.origin_country,
        issuing_country: l.issuing_country,
        issuing_body: l.issuing_body,
        number: l.number,
        profession: l.profession_code,
        valid_from: day(l.valid_from),
        valid_until: day(l.valid_until),
        status: l.status,
        status_reason: l.status_reason,
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/coordinator/licences",
    operation_id = "licences_to_verify",
    tag = "verification",
    summary = "Licences of professionals from the coordinator's countries waiting for verification",
    params(PageQuery),
    responses(
        (status = 200, body = List<LicenceToVerify>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a coordinator's token"),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn licences(
    caller: Caller,
    services: web::Data<Services>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let window = q.window()?;
    let queue = verification::licence_queue(&services, &caller.user, window).await?;
    Ok(HttpResponse::Ok().json(List {
        next_cursor: window.next_cursor(queue.total),
        items: queue.items.into_iter().map(licence_item).collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/coordinator/licences/{licence}",
    operation_id = "licence_to_verify",
    tag = "verification",
    summary = "A licence of a professional from the coordinator's countries",
    params(("licence" = String, Path)),
    responses(
        (status = 200, body = LicenceToVerify),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn licence(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let l = verification::licence(&services, &caller.user, &path).await?;
    Ok(HttpResponse::Ok().json(licence_item(l)))
}

#[utoipa::path(
    post,
    path = "/api/v1/coordinator/licences/{licence}/decision",
    operation_id = "licence_decide",
    tag = "verification",
    summary = "Verifies or rejects an unverified licence; the professional is emailed",
    params(("licence" = String, Path)),
    request_body = Decision,
    responses(
        (status = 200, body = LicenceToVerify),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Already decided"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A rejection without a reason"),
    ),
    security(("bearer" = []))
)]
pub async fn decide_licence(
    caller: Caller,
    services: web::Data<Services>,
    path: web::Path<String>,
    body: web::Json<Decision>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    caller.require_write()?;
    let reason = body.reason.clone().unwrap_or_default();
    verification::decide_licence(
        &services,
        &caller.user,
        &path,
        body.verify,
        &reason,
        &origin(&req),
    )
    .await?;
    let l = verification::licence(&services, &caller.user, &path).await?;
    Ok(HttpResponse::Ok().json(licence_item(l)))
}
