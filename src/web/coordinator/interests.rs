//! The interests professionals expressed in assignments of the
//! coordinator's programmes' countries.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::discovery::{MAX_PAGE, PAGE_SIZE};
use crate::domain::paging::Window;
use crate::domain::{Role, countries};
use crate::error::AppError;
use crate::services::Services;
use crate::services::discovery;
use crate::web::{Ctx, ok};

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "coordinator/interests.html")]
struct InterestsPage<'a> {
    ctx: &'a Ctx,
    list: discovery::CoordinatorInterests,
}

impl InterestsPage<'_> {
    fn country(&self, code: &str) -> String {
        countries::name_or_code(code, self.ctx.locale)
    }

    fn when(&self, at: &chrono::NaiveDateTime) -> String {
        at.format("%Y-%m-%d").to_string()
    }
}

/// The interests standing in the coordinator's programmes' countries.
pub async fn list(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let page = q.page.unwrap_or(1).clamp(1, MAX_PAGE);
    let window = Window::page(page, PAGE_SIZE);
    let list = discovery::interests_for_coordinator(&services, &user, window).await?;
    ok(&InterestsPage { list, ctx: &ctx })
}
