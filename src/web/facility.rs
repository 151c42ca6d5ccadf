//! Facility staff inviting a colleague to act for their facility.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::forms::{Choice, CsrfForm, Pairs, locale_choices, value};
use super::{Ctx, ok, render, see_other};
use crate::domain::{FieldErrors, Role};
use crate::error::AppError;
use crate::services::{Services, facility_staff};
use crate::store::facilities::Facility;

#[derive(Template)]
#[template(path = "facility/invite.html")]
struct InvitePage<'a> {
    ctx: &'a Ctx,
    facility: Facility,
    email: String,
    locale: String,
    errors: FieldErrors,
}

impl InvitePage<'_> {
    fn fields(&self) -> &'static [&'static str] {
        &["email", "locale"]
    }

    fn locales(&self) -> Vec<Choice> {
        locale_choices()
    }
}

pub async fn invite_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let facility = facility_staff::facility(&services, &user, &path.into_inner()).await?;
    ok(&InvitePage {
        facility,
        email: String::new(),
        locale: ctx.locale.code().to_string(),
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

pub async fn invite(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let id = path.into_inner();
    let email = value(&form.0, "email");
    let locale = value(&form.0, "locale");
    match facility_staff::invite(&services, &user, &id, &email, &locale, &ctx.origin).await {
        Ok(()) => Ok(see_other("/facility?notice=staff-invited")),
        Err(AppError::Validation(errors)) => {
            let facility = facility_staff::facility(&services, &user, &id).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &InvitePage {
                    facility,
                    email,
                    locale,
                    errors,
                    ctx: &ctx,
                },
            )
        }
        Err(e) => Err(e),
    }
}
