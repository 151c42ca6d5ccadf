//! The account's API tokens: the list, a form to make one (its secret shown
//! once, on the page that answers the form), and revocation after a
//! confirmation.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;

use super::areas::NoticeQuery;
use super::forms::{Choice, CsrfForm, NoFields};
use super::{Ctx, ok, render, see_other};
use crate::domain::FieldErrors;
use crate::error::AppError;
use crate::services::Services;
use crate::services::api_tokens::{self, Made};
use crate::store::api_tokens::ApiToken;

/// A time of a token, in UTC.
fn when(at: &NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[derive(Template)]
#[template(path = "account_tokens.html")]
struct TokensPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    tokens: Vec<ApiToken>,
    input: TokenInput,
    errors: FieldErrors,
    /// The token just made, with its secret: shown this once.
    made: Option<Made>,
}

impl TokensPage<'_> {
    fn summary(&self) -> Vec<(String, String)> {
        self.ctx.error_summary(&self.errors, &["name", "scope"])
    }

    fn scopes(&self) -> Vec<Choice> {
        ["read", "write"]
            .iter()
            .map(|s| Choice {
                value: s.to_string(),
                label: self.ctx.t(&format!("api-tokens-scope-{s}")),
            })
            .collect()
    }

    fn scope_of(&self, t: &ApiToken) -> String {
        let scope = if t.can_write { "write" } else { "read" };
        self.ctx.t(&format!("api-tokens-scope-{scope}"))
    }

    fn last_used(&self, t: &ApiToken) -> String {
        t.last_used_at
            .as_ref()
            .map(when)
            .unwrap_or_else(|| self.ctx.t("api-tokens-never-used"))
    }

    fn created(&self, t: &ApiToken) -> String {
        when(&t.created_at)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenInput {
    name: String,
    scope: String,
}

pub async fn page(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let tokens = api_tokens::list(&services, &user).await?;
    ok(&TokensPage {
        notice: ctx.notice(q.notice()),
        tokens,
        input: TokenInput {
            scope: "read".into(),
            ..TokenInput::default()
        },
        errors: FieldErrors::new(),
        made: None,
        ctx: &ctx,
    })
}

pub async fn create(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<TokenInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let input = form.0;
    let result = api_tokens::create(&services, &user, &input.name, &input.scope, &ctx.origin).await;
    let (status, made, errors, input) = match result {
        Ok(made) => (
            StatusCode::OK,
            Some(made),
            FieldErrors::new(),
            TokenInput::default(),
        ),
        Err(AppError::Validation(errors)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, None, errors, input)
        }
        Err(other) => return Err(other),
    };
    let tokens = api_tokens::list(&services, &user).await?;
    let mut res = render(
        status,
        &TokensPage {
            notice: None,
            tokens,
            input,
            errors,
            made,
            ctx: &ctx,
        },
    )?;
    // The secret is on this page only: keep it out of every cache.
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "account_token_revoke.html")]
struct RevokePage<'a> {
    ctx: &'a Ctx,
    token: ApiToken,
}

pub async fn revoke_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let token = api_tokens::find(&services, &user, &path).await?;
    ok(&RevokePage { token, ctx: &ctx })
}

pub async fn revoke(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    api_tokens::revoke(&services, &user, &path, &ctx.origin).await?;
    Ok(see_other("/account/tokens?notice=api-token-revoked"))
}
