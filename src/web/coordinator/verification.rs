//! The coordinators' verification queues: facilities and licences from their
//! programmes' countries, each opened, then verified or rejected with a reason.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::paging::Window;
use crate::domain::{FieldErrors, Role, countries};
use crate::error::AppError;
use crate::services::Services;
use crate::services::verification::{self, Queue};
use crate::store::facilities::{Facility, StaffMember};
use crate::store::licences::PendingLicence;
use crate::web::forms::{CsrfForm, Pairs, value};
use crate::web::{Ctx, ok, render, see_other};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    page: i64,
    notice: String,
}

fn country(ctx: &Ctx, code: &str) -> String {
    countries::name_or_code(code, ctx.locale)
}

fn profession(ctx: &Ctx, code: Option<&str>) -> String {
    match ctx.profession_name(code) {
        name if name.is_empty() => ctx.t("queue-no-profession"),
        name => name,
    }
}

/// The decision a path names: `verify` or `reject`; anything else is no page.
fn verifies(decision: &str) -> Result<bool, AppError> {
    match decision {
        "verify" => Ok(true),
        "reject" => Ok(false),
        _ => Err(AppError::NotFound),
    }
}

#[derive(Template)]
#[template(path = "coordinator/facilities.html")]
struct FacilitiesPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    queue: Queue<Facility>,
}

impl FacilitiesPage<'_> {
    fn country(&self, f: &Facility) -> String {
        country(self.ctx, &f.country_code)
    }

    fn day(&self, f: &Facility) -> String {
        f.created_at.format("%Y-%m-%d").to_string()
    }
}

/// The window of a queue's page.
fn window(page: i64) -> Window {
    Window::page(page.clamp(1, 10_000), verification::PAGE_SIZE)
}

pub async fn facilities(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let queue = verification::facility_queue(&services, &user, window(q.page)).await?;
    ok(&FacilitiesPage {
        notice: ctx.notice(&q.notice),
        queue,
        ctx: &ctx,
    })
}

#[derive(Template)]
#[template(path = "coordinator/facility.html")]
struct FacilityPage<'a> {
    ctx: &'a Ctx,
    facility: Facility,
    staff: Vec<StaffMember>,
    reason: String,
    errors: FieldErrors,
}

impl FacilityPage<'_> {
    fn decision_base(&self) -> String {
        format!("/coordinator/facilities/{}", self.facility.id)
    }

    fn status(&self) -> String {
        self.ctx
            .t(&format!("facility-status-{}", self.facility.status))
    }

    fn fields(&self) -> &'static [&'static str] {
        &["reason"]
    }

    fn country(&self) -> String {
        country(self.ctx, &self.facility.country_code)
    }

    fn kind(&self) -> String {
        self.ctx.t(&format!("facility-kind-{}", self.facility.kind))
    }
}

pub async fn facility(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let (facility, staff) = verification::facility(&services, &user, &path.into_inner()).await?;
    ok(&FacilityPage {
        facility,
        staff,
        reason: String::new(),
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

pub async fn decide_facility(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let (id, decision) = path.into_inner();
    let verify = verifies(&decision)?;
    let reason = value(&form.0, "reason");
    match verification::decide_facility(&services, &user, &id, verify, &reason, &ctx.origin).await {
        Ok(()) => Ok(see_other(&format!(
            "/coordinator/facilities?notice=facility-{}",
            if verify { "verified" } else { "rejected" }
        ))),
        Err(AppError::Validation(errors)) => {
            let (facility, staff) = verification::facility(&services, &user, &id).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &FacilityPage {
                    facility,
                    staff,
                    reason,
                    errors,
                    ctx: &ctx,
                },
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "coordinator/licences.html")]
struct LicencesPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    queue: Queue<PendingLicence>,
}

impl LicencesPage<'_> {
    fn licence_profession(&self, l: &PendingLicence) -> String {
        profession(self.ctx, Some(&l.licence.profession_code))
    }

    fn country(&self, l: &PendingLicence) -> String {
        country(self.ctx, &l.licence.issuing_country)
    }
}

pub async fn licences(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let queue = verification::licence_queue(&services, &user, window(q.page)).await?;
    ok(&LicencesPage {
        notice: ctx.notice(&q.notice),
        queue,
        ctx: &ctx,
    })
}

#[derive(Template)]
#[template(path = "coordinator/licence.html")]
struct LicencePage<'a> {
    ctx: &'a Ctx,
    pending: PendingLicence,
    reason: String,
    errors: FieldErrors,
}

impl LicencePage<'_> {
    fn decision_base(&self) -> String {
        format!("/coordinator/licences/{}", self.pending.licence.id)
    }

    fn status(&self) -> String {
        self.ctx
            .t(&format!("licence-status-{}", self.pending.licence.status))
    }

    fn fields(&self) -> &'static [&'static str] {
        &["reason"]
    }

    fn licence_profession(&self) -> String {
        profession(self.ctx, Some(&self.pending.licence.profession_code))
    }

    fn holder_profession(&self) -> String {
        profession(self.ctx, self.pending.profession_code.as_deref())
    }

    fn professions_differ(&self) -> bool {
        self.pending.profession_code.as_deref()
            != Some(self.pending.licence.profession_code.as_str())
    }

    fn issuing_country(&self) -> String {
        country(self.ctx, &self.pending.licence.issuing_country)
    }

    fn origin(&self) -> String {
        self.pending
            .origin_country
            .as_deref()
            .map(|c| country(self.ctx, c))
            .unwrap_or_default()
    }

    fn undecided(&self) -> bool {
        self.pending.licence.status == "unverified"
    }
}

pub async fn licence(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let l = verification::licence(&services, &user, &path.into_inner()).await?;
    ok(&LicencePage {
        pending: l,
        reason: String::new(),
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

pub async fn decide_licence(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let (id, decision) = path.into_inner();
    let verify = verifies(&decision)?;
    let reason = value(&form.0, "reason");
    match verification::decide_licence(&services, &user, &id, verify, &reason, &ctx.origin).await {
        Ok(()) => Ok(see_other(&format!(
            "/coordinator/licences?notice=licence-{}",
            if verify { "verified" } else { "rejected" }
        ))),
        Err(AppError::Validation(errors)) => {
            let l = verification::licence(&services, &user, &id).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &LicencePage {
                    pending: l,
                    reason,
                    errors,
                    ctx: &ctx,
                },
            )
        }
        Err(e) => Err(e),
    }
}
