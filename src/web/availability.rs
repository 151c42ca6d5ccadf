//! The professional's availability windows: the list (current and past),
//! the form to add or change one, and deleting one after confirming.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::areas::NoticeQuery;
use super::forms::{Choice, CsrfForm, NoFields, Pairs, value};
use super::{Ctx, ok, render, see_other};
use crate::domain::availability::{DateRange, LocalHours, Modality};
use crate::domain::{FieldErrors, Role};
use crate::error::AppError;
use crate::services::Services;
use crate::services::availability::{self, SESSION_FIELDS, WindowInput};
use crate::store::availability::{Hours, Window};

/// A window as the list shows it.
pub struct WindowView {
    pub id: String,
    pub dates: String,
    pub modality: String,
    pub weekly_hours: Option<i32>,
    pub sessions: Vec<String>,
}

fn view(ctx: &Ctx, w: &Window, hours: &[Hours]) -> WindowView {
    WindowView {
        id: w.id.clone(),
        dates: ctx.ta2(
            "availability-dates",
            ("start", &w.starts_on.to_string()),
            ("end", &w.ends_on.to_string()),
        ),
        modality: ctx.t(&format!("modality-{}", w.modality)),
        weekly_hours: w.weekly_hours,
        sessions: hours
            .iter()
            .map(|h| {
                format!(
                    "{} {}–{}",
                    ctx.t(&format!("weekday-{}", h.weekday)),
                    LocalHours::clock(h.starts_minute as u16),
                    LocalHours::clock(h.ends_minute as u16)
                )
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "profile/availability.html")]
struct ListPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    current: Vec<WindowView>,
    past: Vec<WindowView>,
}

pub async fn list(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let today = chrono::Utc::now().date_naive();
    let (mut current, mut past) = (Vec::new(), Vec::new());
    for (w, hours) in availability::list(&services, &user).await? {
        let is_past = DateRange::new(w.starts_on, w.ends_on).is_none_or(|r| r.is_past(today));
        let v = view(&ctx, &w, &hours);
        if is_past {
            past.push(v)
        } else {
            current.push(v)
        }
    }
    past.reverse();
    ok(&ListPage {
        notice: ctx.notice(q.notice()),
        current,
        past,
        ctx: &ctx,
    })
}

#[derive(Template)]
#[template(path = "profile/availability_form.html")]
struct FormPage<'a> {
    ctx: &'a Ctx,
    action: String,
    editing: bool,
    form: WindowInput,
    errors: FieldErrors,
    fields: Vec<&'static str>,
    modalities: Vec<Choice>,
}

impl<'a> FormPage<'a> {
    fn new(ctx: &'a Ctx, window_id: Option<&str>, form: WindowInput, errors: FieldErrors) -> Self {
        let mut fields = vec!["starts_on", "ends_on", "modality", "weekly_hours"];
        fields.extend(SESSION_FIELDS);
        Self {
            ctx,
            action: match window_id {
                Some(id) => format!("/professional/availability/{id}/edit"),
                None => "/professional/availability/new".to_string(),
            },
            editing: window_id.is_some(),
            form,
            errors,
            fields,
            modalities: Modality::ALL
                .into_iter()
                .map(|m| Choice {
                    value: m.as_str().to_string(),
                    label: ctx.t(&format!("modality-{}", m.as_str())),
                })
                .collect(),
        }
    }

    fn day_name(&self, day: &usize) -> String {
        self.ctx.t(&format!("weekday-{}", day + 1))
    }

    fn day_field(&self, day: &usize) -> &'static str {
        SESSION_FIELDS[*day]
    }
}

fn input_from(pairs: &Pairs) -> WindowInput {
    let mut input = WindowInput {
        starts_on: value(pairs, "starts_on"),
        ends_on: value(pairs, "ends_on"),
        modality: value(pairs, "modality"),
        weekly_hours: value(pairs, "weekly_hours"),
        ..Default::default()
    };
    for day in 0..7 {
        input.from[day] = value(pairs, &format!("from_{}", day + 1));
        input.to[day] = value(pairs, &format!("to_{}", day + 1));
    }
    input
}

pub async fn new_form(ctx: Ctx, services: web::Data<Services>) -> Result<HttpResponse, AppError> {
    ctx.require(&services, Role::Professional).await?;
    ok(&FormPage::new(
        &ctx,
        None,
        WindowInput::default(),
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
    let (w, hours) = availability::find(&services, &user, &id).await?;
    ok(&FormPage::new(
        &ctx,
        Some(&id),
        WindowInput::from_stored(&w, &hours),
        FieldErrors::new(),
    ))
}

async fn save(
    ctx: Ctx,
    services: web::Data<Services>,
    window_id: Option<String>,
    pairs: Pairs,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let input = input_from(&pairs);
    match availability::save(&services, &user, window_id.as_deref(), &input).await {
        Ok(_) => Ok(see_other("/professional/availability?notice=window-saved")),
        Err(AppError::Validation(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormPage::new(&ctx, window_id.as_deref(), input, errors),
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
#[template(path = "profile/availability_delete.html")]
struct DeletePage<'a> {
    ctx: &'a Ctx,
    window: WindowView,
}

pub async fn delete_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let (w, hours) = availability::find(&services, &user, &path.into_inner()).await?;
    let window = view(&ctx, &w, &hours);
    ok(&DeletePage { window, ctx: &ctx })
}

pub async fn delete(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    availability::delete(&services, &user, &path.into_inner()).await?;
    Ok(see_other(
        "/professional/availability?notice=window-deleted",
    ))
}
