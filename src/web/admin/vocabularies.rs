//! Administrators' vocabularies: the specialty list and the WHO safeguards list.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::programmes::country_names;
use crate::domain::{FieldErrors, Role};
use crate::error::AppError;
use crate::services::Services;
use crate::services::profiles;
use crate::services::vocabularies;
use crate::store::professionals::Specialty;
use crate::web::areas::NoticeQuery;
use crate::web::forms::{CsrfForm, Pairs, value};
use crate::web::{Ctx, ok, render, see_other};

#[derive(Template)]
#[template(path = "admin/specialties.html")]
struct SpecialtiesPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    specialties: Vec<Specialty>,
    name_en: String,
    name_fr: String,
    errors: FieldErrors,
}

impl SpecialtiesPage<'_> {
    fn fields(&self) -> &'static [&'static str] {
        &["name_en", "name_fr"]
    }
}

async fn specialties_page<'a>(
    ctx: &'a Ctx,
    services: &Services,
    notice: Option<String>,
    name_en: String,
    name_fr: String,
    errors: FieldErrors,
) -> Result<SpecialtiesPage<'a>, AppError> {
    let mut specialties = (*profiles::specialties(services).await?).clone();
    let locale = ctx.locale;
    specialties.sort_by_cached_key(|s| crate::domain::countries::collation_key(s.name(locale)));
    Ok(SpecialtiesPage {
        ctx,
        notice,
        specialties,
        name_en,
        name_fr,
        errors,
    })
}

pub async fn specialties(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(&services, Role::Admin).await?;
    let notice = ctx.notice(q.notice());
    let page = specialties_page(
        &ctx,
        &services,
        notice,
        String::new(),
        String::new(),
        FieldErrors::new(),
    )
    .await?;
    ok(&page)
}

pub async fn add_specialty(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let name_en = value(&form.0, "name_en");
    let name_fr = value(&form.0, "name_fr");
    match vocabularies::add_specialty(&services, &user, &name_en, &name_fr, &ctx.origin).await {
        Ok(()) => Ok(see_other("/admin/specialties?notice=specialty-added")),
        Err(AppError::Validation(errors)) => {
            let page = specialties_page(&ctx, &services, None, name_en, name_fr, errors).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "admin/safeguards.html")]
struct SafeguardsPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    current: vocabularies::SafeguardsList,
    countries: String,
    edition: String,
    errors: FieldErrors,
}

impl SafeguardsPage<'_> {
    fn fields(&self) -> &'static [&'static str] {
        &["countries", "edition"]
    }

    fn names(&self) -> String {
        country_names(self.ctx, &self.current.countries)
    }

    fn current_edition(&self) -> String {
        self.current
            .edition
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
}

pub async fn safeguards(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(&services, Role::Admin).await?;
    let current = vocabularies::safeguards_list(&services).await?;
    ok(&SafeguardsPage {
        notice: ctx.notice(q.notice()),
        countries: current.countries.join(" "),
        edition: current.edition.map(|d| d.to_string()).unwrap_or_default(),
        current,
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

pub async fn set_safeguards(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let countries = value(&form.0, "countries");
    let edition = value(&form.0, "edition");
    match vocabularies::set_safeguards(&services, &user, &countries, &edition, &ctx.origin).await {
        Ok(()) => Ok(see_other("/admin/safeguards?notice=safeguards-saved")),
        Err(AppError::Validation(errors)) => {
            let current = vocabularies::safeguards_list(&services).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &SafeguardsPage {
                    notice: None,
                    current,
                    countries,
                    edition,
                    errors,
                    ctx: &ctx,
                },
            )
        }
        Err(e) => Err(e),
    }
}
