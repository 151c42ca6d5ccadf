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

#[derive(Template)]
#[template(path = "account_email.html")]
struct EmailPage<'a> {
    ctx: &'a Ctx,
    new_email: String,
    errors: FieldErrors,
}

impl EmailPage<'_> {
    fn summary(&self) -> Vec<(String, String)> {
        self.ctx
            .error_summary(&self.errors, &["new_email", "current_password"])
    }
}

pub async fn email_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.require_user()?;
    ok(&EmailPage {
        new_email: String::new(),
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EmailInput {
    new_email: String,
    current_password: String,
}

pub async fn change_email(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<EmailInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let f = form.0;
    match accounts::request_email_change(
        &services,
        &user,
        &f.new_email,
        &f.current_password,
        &ctx.origin,
    )
    .await
    {
        Ok(()) => Ok(see_other("/account?notice=email-change-sent")),
        Err(AppError::Validation(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EmailPage {
                new_email: f.new_email,
                errors,
                ctx: &ctx,
            },
        ),
        Err(other) => Err(other),
    }
}

#[derive(Template)]
#[template(path = "account_email_confirm.html")]
struct EmailConfirmPage<'a> {
    ctx: &'a Ctx,
    token: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenInput {
    token: String,
}

/// Opening the link changes nothing: its owner, signed in, confirms.
pub async fn email_confirm_form(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<TokenInput>,
) -> Result<HttpResponse, AppError> {
    let owner = accounts::check_email_change_link(&services, &q.token)?;
    match &ctx.user {
        None => {
            let next: String = url::form_urlencoded::byte_serialize(ctx.here.as_bytes()).collect();
            Ok(see_other(&format!("/login?next={next}")))
        }
        Some(u) if u.id != owner => Err(AppError::WrongAccount),
        Some(_) => ok(&EmailConfirmPage {
            token: q.token.clone(),
            ctx: &ctx,
        }),
    }
}

pub async fn email_confirm(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<TokenInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    accounts::confirm_email_change(&services, &user, &form.0.token, &ctx.origin).await?;
    Ok(see_other("/account?notice=email-changed"))
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
