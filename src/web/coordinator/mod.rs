//! The coordinators' area: the home page, the verification queues, the
//! registry search and the interests professionals expressed.

pub mod interests;
pub mod matcher;
pub mod registry;
pub mod verification;

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::Role;
use crate::error::AppError;
use crate::services::Services;
use crate::services::verification as queues;
use crate::web::areas::NoticeQuery;
use crate::web::{Ctx, ok};

/// The coordinator's home: their programmes and what waits in each queue.
#[derive(Template)]
#[template(path = "areas/coordinator.html")]
struct HomePage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    home: queues::CoordinatorHome,
}

pub async fn home(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let home = queues::home(&services, &user).await?;
    ok(&HomePage {
        notice: ctx.notice(q.notice()),
        home,
        ctx: &ctx,
    })
}
