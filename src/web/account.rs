//! The signed-in user's own account: password, sessions.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::areas::NoticeQuery;
use super::forms::{CsrfForm, NoFields};
use super::{Ctx, WebSettings, ok, render, see_other, session};
use crate::domain::FieldErrors;
use crate::error::AppError;
use crate::services::{Services, accounts};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    errors: FieldErrors,
}

const PASSWORD_FIELDS: &[&str] = &["current_password", "password", "password_confirm"];

pub async fn page(ctx: Ctx, q: web::Query<NoticeQuery>) -> Result<HttpResponse, AppError> {
    ctx.require_user()?;
    ok(&AccountPage {
        notice: ctx.notice(q.notice()),
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordInput {
    current_password: String,
    password: String,
    password_confirm: String,
}

pub async fn change_password(
    ctx: Ctx,
    services: web::Data<Services>,
    settings: web::Data<WebSettings>,
    form: CsrfForm<PasswordInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let f = form.0;
    match accounts::change_password(
        &services,
        &user,
        &f.current_password,
        &f.password,
        &f.password_confirm,
        &ctx.origin,
    )
    .await
    {
        Ok(epoch) => {
            // Every other session has ended; this browser gets a new one.
            let (token, _) =
                services
                    .tokens
                    .session(&user.id, epoch, chrono::Utc::now().timestamp());
            let mut res = see_other("/account?notice=password-changed");
            res.add_cookie(&session::cookie(&settings, token))
                .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
            Ok(res)
        }
        Err(AppError::Validation(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &AccountPage {
                notice: None,
                errors,
                ctx: &ctx,
            },
        ),
        Err(other) => Err(other),
    }
}

pub async fn logout_everywhere(
    ctx: Ctx,
    services: web::Data<Services>,
    settings: web::Data<WebSettings>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    accounts::logout_everywhere(&services, &user, &ctx.origin).await?;
    let mut res = see_other("/login?notice=logged-out-everywhere");
    res.add_cookie(&session::removal(&settings))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
    Ok(res)
}

#[derive(Template)]
#[template(path = "account_delete.html")]
struct DeletePage<'a> {
    ctx: &'a Ctx,
    errors: FieldErrors,
}

impl DeletePage<'_> {
    fn summary(&self) -> Vec<(String, String)> {
        self.ctx.error_summary(&self.errors, &["current_password"])
    }
}

pub async fn delete_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.require_user()?;
    ok(&DeletePage {
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeleteInput {
    current_password: String,
}

pub async fn delete(
    ctx: Ctx,
    services: web::Data<Services>,
    settings: web::Data<WebSettings>,
    form: CsrfForm<DeleteInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    match accounts::delete_account(&services, &user, &form.0.current_password, &ctx.origin).await {
        Ok(()) => {
            let mut res = see_other("/login?notice=account-deleted");
            res.add_cookie(&session::removal(&settings))
                .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
            Ok(res)
        }
        Err(AppError::Validation(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &DeletePage { errors, ctx: &ctx },
        ),
        Err(other) => Err(other),
    }
}

impl AccountPage<'_> {
    fn summary(&self) -> Vec<(String, String)> {
        self.ctx.error_summary(&self.errors, PASSWORD_FIELDS)
    }
}

/// All the person's data as one JSON attachment.
pub async fn export(ctx: Ctx, services: web::Data<Services>) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let data = crate::services::data_rights::export(&services, &user).await?;
    let body = serde_json::to_string_pretty(&data)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("export: {e}")))?;
    let file = format!(
        "attachment; filename=\"sankofa-data-{}.json\"",
        chrono::Utc::now().format("%Y-%m-%d")
    );
    Ok(HttpResponse::Ok()
        .content_type("application/json; charset=utf-8")
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, file))
        .body(body))
}
