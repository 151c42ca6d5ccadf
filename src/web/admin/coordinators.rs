//! Administrators' coordinator pages: who coordinates which programmes, the
//! invitation form, changing someone's programmes, removing someone.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::{FieldErrors, Role};
use crate::error::AppError;
use crate::services::Services;
use crate::services::coordinators::{self, CoordinatorRow, PendingInvitation};
use crate::services::programmes;
use crate::store::programmes::Programme;
use crate::web::areas::NoticeQuery;
use crate::web::forms::{Choice, CsrfForm, NoFields, Pairs, value, values};
use crate::web::{Ctx, ok, render, see_other};

#[derive(Template)]
#[template(path = "admin/coordinators.html")]
struct ListPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    coordinators: Vec<CoordinatorRow>,
    invitations: Vec<PendingInvitation>,
    programmes: Vec<Programme>,
}

impl ListPage<'_> {
    fn codes(&self, c: &CoordinatorRow) -> String {
        self.programmes
            .iter()
            .filter(|p| c.programme_ids.contains(&p.id))
            .map(|p| p.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn day(&self, at: &chrono::NaiveDateTime) -> String {
        at.format("%Y-%m-%d").to_string()
    }
}

pub async fn list(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let all = coordinators::list(&services, &user).await?;
    let programmes = programmes::choices(&services, &user).await?;
    ok(&ListPage {
        notice: ctx.notice(q.notice()),
        coordinators: all.coordinators,
        invitations: all.invitations,
        programmes,
        ctx: &ctx,
    })
}

/// What the invitation form holds.
#[derive(Default)]
pub struct InviteInput {
    pub email: String,
    pub locale: String,
    pub programmes: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/coordinator_invite.html")]
struct InvitePage<'a> {
    ctx: &'a Ctx,
    form: InviteInput,
    errors: FieldErrors,
    programmes: Vec<Programme>,
}

impl InvitePage<'_> {
    fn chosen(&self, p: &Programme) -> bool {
        self.form.programmes.contains(&p.id)
    }

    fn locales(&self) -> Vec<Choice> {
        crate::web::forms::locale_choices()
    }

    fn fields(&self) -> &'static [&'static str] {
        &["email", "locale", "programmes"]
    }
}

pub async fn invite_form(
    ctx: Ctx,
    services: web::Data<Services>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let programmes = programmes::choices(&services, &user).await?;
    ok(&InvitePage {
        form: InviteInput {
            locale: ctx.locale.code().to_string(),
            ..Default::default()
        },
        errors: FieldErrors::new(),
        programmes,
        ctx: &ctx,
    })
}

pub async fn invite(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let input = InviteInput {
        email: value(&form.0, "email"),
        locale: value(&form.0, "locale"),
        programmes: values(&form.0, "programmes"),
    };
    match coordinators::invite(
        &services,
        &user,
        &input.email,
        &input.locale,
        &input.programmes,
        &ctx.origin,
    )
    .await
    {
        Ok(()) => Ok(see_other("/admin/coordinators?notice=coordinator-invited")),
        Err(AppError::Validation(errors)) => {
            let programmes = programmes::choices(&services, &user).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &InvitePage {
                    form: input,
                    errors,
                    programmes,
                    ctx: &ctx,
                },
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "admin/coordinator_programmes.html")]
struct ProgrammesPage<'a> {
    ctx: &'a Ctx,
    coordinator: CoordinatorRow,
    chosen: Vec<String>,
    errors: FieldErrors,
    programmes: Vec<Programme>,
}

impl ProgrammesPage<'_> {
    fn chosen(&self, p: &Programme) -> bool {
        self.chosen.contains(&p.id)
    }

    fn fields(&self) -> &'static [&'static str] {
        &["programmes"]
    }
}

pub async fn programmes_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let coordinator = coordinators::find(&services, &user, &path.into_inner()).await?;
    let programmes = programmes::choices(&services, &user).await?;
    ok(&ProgrammesPage {
        chosen: coordinator.programme_ids.clone(),
        coordinator,
        errors: FieldErrors::new(),
        programmes,
        ctx: &ctx,
    })
}

pub async fn change_programmes(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let id = path.into_inner();
    let chosen = values(&form.0, "programmes");
    match coordinators::change_programmes(&services, &user, &id, &chosen, &ctx.origin).await {
        Ok(()) => Ok(see_other(
            "/admin/coordinators?notice=coordinator-programmes-saved",
        )),
        Err(AppError::Validation(errors)) => {
            let coordinator = coordinators::find(&services, &user, &id).await?;
            let programmes = programmes::choices(&services, &user).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ProgrammesPage {
                    coordinator,
                    chosen,
                    errors,
                    programmes,
                    ctx: &ctx,
                },
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "admin/coordinator_remove.html")]
struct RemovePage<'a> {
    ctx: &'a Ctx,
    coordinator: CoordinatorRow,
}

pub async fn remove_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let coordinator = coordinators::find(&services, &user, &path.into_inner()).await?;
    ok(&RemovePage {
        coordinator,
        ctx: &ctx,
    })
}

pub async fn remove(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    coordinators::remove(&services, &user, &path.into_inner(), &ctx.origin).await?;
    Ok(see_other("/admin/coordinators?notice=coordinator-removed"))
}
