//! The parked-email page: messages the mail server refused for good, each
//! to send again or discard (after a confirmation page), or all sent again.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::Role;
use crate::error::AppError;
use crate::services::Services;
use crate::services::parked_mail::{self, ParkedPage};
use crate::store::outbox::ParkedMessage;
use crate::web::forms::{CsrfForm, NoFields};
use crate::web::{Ctx, ok, see_other};

/// Longest part of a mail server's error shown in the list.
const ERROR_SHOWN: usize = 300;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    notice: String,
    page: String,
}

#[derive(Template)]
#[template(path = "admin/outbox.html")]
struct ParkedList<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    parked: ParkedPage,
    previous: Option<String>,
    next: Option<String>,
    position: String,
}

fn when(m: &ParkedMessage) -> String {
    m.created_at.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn last_error(m: &ParkedMessage) -> String {
    let e = m.last_error.as_deref().unwrap_or("");
    match e.char_indices().nth(ERROR_SHOWN) {
        Some((cut, _)) => format!("{}…", &e[..cut]),
        None => e.to_string(),
    }
}

impl ParkedList<'_> {
    fn when(&self, m: &ParkedMessage) -> String {
        when(m)
    }

    fn last_error(&self, m: &ParkedMessage) -> String {
        last_error(m)
    }
}

pub async fn list(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let page = q.page.trim().parse().unwrap_or(1);
    let parked = parked_mail::list(&services, &user, page).await?;
    let link = |p: i64| format!("/admin/outbox?page={p}");
    ok(&ParkedList {
        notice: ctx.notice(&q.notice),
        previous: (parked.page > 1).then(|| link((parked.page - 1).min(parked.pages))),
        next: (parked.page < parked.pages).then(|| link(parked.page + 1)),
        position: super::audit::page_of(&ctx, parked.page, parked.pages),
        parked,
        ctx: &ctx,
    })
}

pub async fn resend(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    parked_mail::resend(&services, &user, &path.into_inner(), &ctx.origin).await?;
    Ok(see_other("/admin/outbox?notice=email-resent"))
}

pub async fn resend_all(
    ctx: Ctx,
    services: web::Data<Services>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    parked_mail::resend_all(&services, &user, &ctx.origin).await?;
    Ok(see_other("/admin/outbox?notice=emails-resent-all"))
}

#[derive(Template)]
#[template(path = "admin/outbox_discard.html")]
struct DiscardPage<'a> {
    ctx: &'a Ctx,
    message: ParkedMessage,
    when: String,
    last_error: String,
}

pub async fn discard_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let message = parked_mail::find(&services, &user, &path.into_inner()).await?;
    ok(&DiscardPage {
        when: when(&message),
        last_error: last_error(&message),
        message,
        ctx: &ctx,
    })
}

pub async fn discard(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    parked_mail::discard(&services, &user, &path.into_inner(), &ctx.origin).await?;
    Ok(see_other("/admin/outbox?notice=email-discarded"))
}
