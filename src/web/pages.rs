//! Public pages: landing, privacy notice, probes, the stylesheet, the language switch.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::assets::{STYLESHEET, STYLESHEET_PATH};
use super::context::LANG_COOKIE;
use super::forms::CsrfForm;
use super::{Ctx, WebSettings, ok, safe_next, see_other};
use crate::domain::Locale;
use crate::error::AppError;
use crate::services::{Services, accounts};

#[derive(Template)]
#[template(path = "landing.html")]
struct Landing<'a> {
    ctx: &'a Ctx,
}

pub async fn landing(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ok(&Landing { ctx: &ctx })
}

#[derive(Template)]
#[template(path = "privacy.html")]
struct Privacy<'a> {
    ctx: &'a Ctx,
}

pub async fn privacy(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ok(&Privacy { ctx: &ctx })
}

/// Liveness: the process answers. Never touches the database.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok\n")
}

/// Readiness: the database answers.
pub async fn readyz(services: web::Data<Services>) -> HttpResponse {
    match services.db.ping().await {
        Ok(()) => HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("ready\n"),
        Err(_) => HttpResponse::ServiceUnavailable()
            .insert_header((header::RETRY_AFTER, "5"))
            .content_type("text/plain; charset=utf-8")
            .body("database unreachable\n"),
    }
}

pub async fn static_file(path: web::Path<String>) -> Result<HttpResponse, AppError> {
    if format!("/static/{}", path.into_inner()) != *STYLESHEET_PATH {
        return Err(AppError::NotFound);
    }
    Ok(HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(STYLESHEET))
}

#[derive(Deserialize)]
pub struct LanguageInput {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    next: String,
}

/// The footer switch: remembered in the account when signed in, else in a cookie.
pub async fn set_language(
    ctx: Ctx,
    services: web::Data<Services>,
    settings: web::Data<WebSettings>,
    form: CsrfForm<LanguageInput>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let locale: Locale = form.lang.parse().map_err(|_| AppError::BadRequest)?;
    let target = safe_next(&form.next).unwrap_or_else(|| "/".into());
    let mut res = see_other(&target);
    if let Some(user) = &ctx.user {
        accounts::set_locale(&services, user, locale, &ctx.origin).await?;
    }
    let cookie = Cookie::build(LANG_COOKIE, locale.code())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(settings.secure_cookies)
        .max_age(CookieDuration::days(365))
        .finish();
    res.add_cookie(&cookie)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
    Ok(res)
}
