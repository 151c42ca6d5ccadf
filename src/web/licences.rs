//! The professional's licences: the list with each one's status, the form
//! to add or change one, and deleting one after confirming.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::areas::NoticeQuery;
use super::forms::{Choice, CsrfForm, NoFields, Pairs, country_choices, profession_choices, value};
use super::{Ctx, ok, render, see_other};
use crate::domain::licence::shown_status;
use crate::domain::profession::Profession;
use crate::domain::{FieldErrors, Role, countries};
use crate::error::AppError;
use crate::services::Services;
use crate::services::licences::{self, LicenceInput};
use crate::store::licences::Licence;

/// A licence as the list shows it.
pub struct LicenceView {
    pub id: String,
    pub title: String,
    pub number: String,
    pub dates: String,
    pub status: &'static str,
    pub reason: Option<String>,
}

fn view(ctx: &Ctx, l: &Licence, today: chrono::NaiveDate) -> LicenceView {
    let country = countries::name_or_code(&l.issuing_country, ctx.locale);
    let profession = Profession::parse(&l.profession_code)
        .map(|p| ctx.t(&p.label_key()))
        .unwrap_or_default();
    LicenceView {
        id: l.id.clone(),
        title: format!("{profession} · {}, {country}", l.issuing_body),
        number: l.number.clone(),
        dates: ctx.ta2(
            "licence-dates",
            ("from", &l.valid_from.to_string()),
            ("until", &l.valid_until.to_string()),
        ),
        status: l
            .status
            .parse()
            .map_or("unverified", |s| shown_status(s, l.valid_until, today)),
        reason: l.status_reason.clone(),
    }
}

#[derive(Template)]
#[template(path = "profile/licences.html")]
struct ListPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    licences: Vec<LicenceView>,
}

impl ListPage<'_> {
    fn status_class(&self, status: &str) -> &'static str {
        match status {
            "verified" => "tag-ok",
            _ => "tag-warn",
        }
    }
}

pub async fn list(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let today = chrono::Utc::now().date_naive();
    let licences = licences::list(&services, &user)
        .await?
        .iter()
        .map(|l| view(&ctx, l, today))
        .collect();
    ok(&ListPage {
        notice: ctx.notice(q.notice()),
        licences,
        ctx: &ctx,
    })
}

#[derive(Template)]
#[template(path = "profile/licence_form.html")]
struct FormPage<'a> {
    ctx: &'a Ctx,
    action: String,
    editing: bool,
    verified: bool,
    form: LicenceInput,
    errors: FieldErrors,
    fields: &'static [&'static str],
    countries: Vec<Choice>,
    professions: Vec<Choice>,
}

const FIELDS: &[&str] = &[
    "issuing_country",
    "issuing_body",
    "number",
    "licence_profession",
    "valid_from",
    "valid_until",
];

impl<'a> FormPage<'a> {
    fn new(
        ctx: &'a Ctx,
        licence_id: Option<&str>,
        verified: bool,
        form: LicenceInput,
        errors: FieldErrors,
    ) -> Self {
        Self {
            ctx,
            action: match licence_id {
                Some(id) => format!("/professional/licences/{id}/edit"),
                None => "/professional/licences/new".to_string(),
            },
            editing: licence_id.is_some(),
            verified,
            form,
            errors,
            fields: FIELDS,
            countries: country_choices(ctx),
            professions: profession_choices(ctx),
        }
    }
}

fn input_from(pairs: &Pairs) -> LicenceInput {
    LicenceInput {
        issuing_country: value(pairs, "issuing_country"),
        issuing_body: value(pairs, "issuing_body"),
        number: value(pairs, "number"),
        profession: value(pairs, "licence_profession"),
        valid_from: value(pairs, "valid_from"),
        valid_until: value(pairs, "valid_until"),
    }
}

pub async fn new_form(ctx: Ctx, services: web::Data<Services>) -> Result<HttpResponse, AppError> {
    ctx.require(&services, Role::Professional).await?;
    ok(&FormPage::new(
        &ctx,
        None,
        false,
        LicenceInput::default(),
        FieldErrors::new(),
    ))
}

pub async fn edit_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let id = path.into_inner();
    let l = licences::find(&services, &user, &id).await?;
    let verified = l.status == "verified";
    ok(&FormPage::new(
        &ctx,
        Some(&id),
        verified,
        LicenceInput::from_stored(&l),
        FieldErrors::new(),
    ))
}

async fn save(
    ctx: Ctx,
    services: web::Data<Services>,
    licence_id: Option<String>,
    pairs: Pairs,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let input = input_from(&pairs);
    match licences::save(&services, &user, licence_id.as_deref(), &input, &ctx.origin).await {
        Ok(_) => Ok(see_other("/professional/licences?notice=licence-saved")),
        Err(AppError::Validation(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormPage::new(&ctx, licence_id.as_deref(), false, input, errors),
        ),
        Err(e) => Err(e),
    }
}

pub async fn create(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    save(ctx, services, None, form.0).await
}

pub async fn update(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    save(ctx, services, Some(path.into_inner()), form.0).await
}

#[derive(Template)]
#[template(path = "profile/licence_delete.html")]
struct DeletePage<'a> {
    ctx: &'a Ctx,
    licence: LicenceView,
}

pub async fn delete_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let l = licences::find(&services, &user, &path.into_inner()).await?;
    let licence = view(&ctx, &l, chrono::Utc::now().date_naive());
    ok(&DeletePage { licence, ctx: &ctx })
}

pub async fn delete(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    licences::delete(&services, &user, &path.into_inner(), &ctx.origin).await?;
    Ok(see_other("/professional/licences?notice=licence-deleted"))
}
