//! Following an emailed invitation: set a name and a password, and arrive
//! signed in as a coordinator or a facility's staff member.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::auth::TokenQuery;
use super::forms::CsrfForm;
use super::{Ctx, WebSettings, ok, render, session};
use crate::domain::FieldErrors;
use crate::error::AppError;
use crate::services::Services;
use crate::services::invitations::{self, InvitationView};

#[derive(Template)]
#[template(path = "auth/invitation.html")]
struct AcceptPage<'a> {
    ctx: &'a Ctx,
    token: String,
    invitation: InvitationView,
    full_name: String,
    errors: FieldErrors,
}

impl AcceptPage<'_> {
    fn fields(&self) -> &'static [&'static str] {
        &["full_name", "password", "password_confirm"]
    }

    fn into(&self) -> String {
        self.invitation.into.join(", ")
    }

    fn role_key(&self) -> String {
        format!("invitation-into-{}", self.invitation.role.as_str())
    }
}

pub async fn accept_form(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let invitation = invitations::check(&services, &q.token).await?;
    ok(&AcceptPage {
        token: q.token.clone(),
        invitation,
        full_name: String::new(),
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AcceptInput {
    token: String,
    full_name: String,
    password: String,
    password_confirm: String,
}

pub async fn accept(
    ctx: Ctx,
    services: web::Data<Services>,
    settings: web::Data<WebSettings>,
    form: CsrfForm<AcceptInput>,
) -> Result<HttpResponse, AppError> {
    let f = form.0;
    match invitations::accept(
        &services,
        &f.token,
        &f.full_name,
        &f.password,
        &f.password_confirm,
        &ctx.origin,
    )
    .await
    {
        Ok(who) => {
            let (token, _) = services.tokens.session(
                &who.user_id,
                who.session_epoch,
                chrono::Utc::now().timestamp(),
            );
            let mut res = super::see_other(&format!(
                "{}?notice=invitation-accepted",
                who.role.home_path()
            ));
            res.add_cookie(&session::cookie(&settings, token))
                .map_err(|e| AppError::Internal(anyhow::anyhow!("cookie: {e}")))?;
            Ok(res)
        }
        Err(AppError::Validation(errors)) => {
            let invitation = invitations::check(&services, &f.token).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &AcceptPage {
                    token: f.token,
                    invitation,
                    full_name: f.full_name,
                    errors,
                    ctx: &ctx,
                },
            )
        }
        Err(other) => Err(other),
    }
}
