//! The professional's consents: each in force or not, given or withdrawn
//! with one button, and the dated history.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::areas::NoticeQuery;
use super::forms::{CsrfForm, NoFields};
use super::{Ctx, ok, see_other};
use crate::domain::Role;
use crate::domain::consent::ConsentKind;
use crate::error::AppError;
use crate::services::{Services, consents};
use crate::store::consents::Consent;

pub struct KindView {
    pub kind: &'static str,
    pub given_at: Option<String>,
}

#[derive(Template)]
#[template(path = "profile/consents.html")]
struct ConsentsPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    kinds: Vec<KindView>,
    history: Vec<Consent>,
}

fn day(t: &chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

impl ConsentsPage<'_> {
    fn when(&self, t: &chrono::NaiveDateTime) -> String {
        day(t)
    }

    fn kind_name(&self, kind: &str) -> String {
        self.ctx.t(&format!("consent-{kind}-title"))
    }
}

pub async fn page(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let history = consents::history(&services, &user).await?;
    let kinds = ConsentKind::ALL
        .into_iter()
        .map(|k| KindView {
            kind: k.as_str(),
            given_at: history
                .iter()
                .find(|c| c.kind == k.as_str() && c.withdrawn_at.is_none())
                .map(|c| day(&c.given_at)),
        })
        .collect();
    ok(&ConsentsPage {
        notice: ctx.notice(q.notice()),
        kinds,
        history,
        ctx: &ctx,
    })
}

pub async fn change(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let (kind, action) = path.into_inner();
    let kind: ConsentKind = kind.parse().map_err(|()| AppError::NotFound)?;
    match action.as_str() {
        "give" => consents::give(&services, &user, kind, &ctx.origin).await?,
        "withdraw" => consents::withdraw(&services, &user, kind, &ctx.origin).await?,
        _ => return Err(AppError::NotFound),
    }
    Ok(see_other(&format!(
        "/professional/consents?notice=consent-{action}"
    )))
}
