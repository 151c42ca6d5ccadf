//! The home page of each role's area, guarded by role.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Ctx, ok};
use crate::domain::{Locale, Role, countries};
use crate::error::AppError;
use crate::services::{Services, areas, facility_staff};
use crate::store::audit::AuditEntry;
use crate::store::facilities::{Facility, StaffMember};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    notice: String,
}

impl NoticeQuery {
    pub fn notice(&self) -> &str {
        &self.notice
    }
}

#[derive(Template)]
#[template(path = "areas/professional.html")]
struct ProfessionalHome<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
}

pub async fn professional(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(&services, Role::Professional).await?;
    ok(&ProfessionalHome {
        notice: ctx.notice(q.notice()),
        ctx: &ctx,
    })
}

pub struct FacilityView {
    pub id: String,
    pub name: String,
    pub place: String,
    pub status: String,
    pub status_key: String,
    pub staff: Vec<StaffMember>,
}

fn facility_view(f: Facility, staff: Vec<StaffMember>, locale: Locale) -> FacilityView {
    let country = countries::name_or_code(&f.country_code, locale);
    FacilityView {
        place: format!("{}, {}, {}", f.city, f.region, country),
        status_key: format!("facility-status-{}", f.status),
        status: f.status,
        name: f.name,
        id: f.id,
        staff,
    }
}

#[derive(Template)]
#[template(path = "areas/facility.html")]
struct FacilityHome<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    facilities: Vec<FacilityView>,
}

pub async fn facility(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let facilities = facility_staff::mine(&services, &user)
        .await?
        .into_iter()
        .map(|(f, staff)| facility_view(f, staff, ctx.locale))
        .collect();
    ok(&FacilityHome {
        notice: ctx.notice(q.notice()),
        facilities,
        ctx: &ctx,
    })
}

#[derive(Template)]
#[template(path = "areas/admin.html")]
struct AdminHome<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    overview: areas::AdminOverview,
}

impl AdminHome<'_> {
    fn when(&self, e: &AuditEntry) -> String {
        e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
    }
}

pub async fn admin(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let overview = areas::admin_overview(&services, &user).await?;
    ok(&AdminHome {
        notice: ctx.notice(q.notice()),
        overview,
        ctx: &ctx,
    })
}
