//! The audit log page: a filter form, one page of entries with previous and
//! next links that keep the filter, and the same entries as a CSV download.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::audit::ACTIONS;
use crate::domain::{FieldErrors, Role};
use crate::error::AppError;
use crate::services::Services;
use crate::services::audit_log::{self, AuditPage, AuditRow, AuditSearch};
use crate::web::forms::Choice;
use crate::web::{Ctx, render};

/// The filter and page as they come in the query string.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditParams {
    actor: String,
    action: String,
    object_type: String,
    object_id: String,
    date_from: String,
    date_to: String,
    page: String,
}

impl AuditParams {
    fn search(&self) -> AuditSearch {
        AuditSearch {
            actor: self.actor.clone(),
            action: self.action.clone(),
            object_type: self.object_type.clone(),
            object_id: self.object_id.clone(),
            date_from: self.date_from.clone(),
            date_to: self.date_to.clone(),
        }
    }

    /// The page asked for; anything but a positive number is the first.
    fn page(&self) -> i64 {
        self.page.trim().parse().unwrap_or(1)
    }
}

/// The query string of `search` (only the criteria given) and `page`.
fn query(search: &AuditSearch, page: Option<i64>) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("actor", &search.actor),
        ("action", &search.action),
        ("object_type", &search.object_type),
        ("object_id", &search.object_id),
        ("date_from", &search.date_from),
        ("date_to", &search.date_to),
    ] {
        if !value.trim().is_empty() {
            q.append_pair(name, value.trim());
        }
    }
    if let Some(p) = page {
        q.append_pair("page", &p.to_string());
    }
    q.finish()
}

/// The form's fields in order, for the error summary.
const FIELDS: &[&str] = &[
    "actor",
    "action",
    "object_type",
    "object_id",
    "date_from",
    "date_to",
];

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditLogPage<'a> {
    ctx: &'a Ctx,
    form: AuditSearch,
    errors: FieldErrors,
    fields: &'static [&'static str],
    actions: Vec<Choice>,
    result: Option<AuditPage>,
    previous: Option<String>,
    next: Option<String>,
    /// "Page 2 of 5".
    position: String,
    csv: String,
}

impl AuditLogPage<'_> {
    fn when(&self, row: &AuditRow) -> String {
        row.entry.at.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

fn action_choices(ctx: &Ctx) -> Vec<Choice> {
    let mut choices: Vec<Choice> = ACTIONS
        .iter()
        .map(|a| Choice {
            value: a.to_string(),
            label: ctx.audit_word("action", a),
        })
        .collect();
    choices.sort_by(|a, b| a.label.cmp(&b.label));
    choices
}

/// "Page 2 of 5".
pub(super) fn page_of(ctx: &Ctx, page: i64, pages: i64) -> String {
    ctx.ta2(
        "admin-page-of",
        ("page", &page.to_string()),
        ("pages", &pages.to_string()),
    )
}

/// The page with the entries found, or with the filter's problems (400).
fn show(
    ctx: &Ctx,
    form: AuditSearch,
    found: Result<AuditPage, FieldErrors>,
) -> Result<HttpResponse, AppError> {
    let link = |p: i64| format!("/admin/audit?{}", query(&form, Some(p)));
    let (status, result, errors) = match found {
        Ok(r) => (StatusCode::OK, Some(r), FieldErrors::new()),
        Err(errors) => (StatusCode::BAD_REQUEST, None, errors),
    };
    let previous = result
        .as_ref()
        .filter(|r| r.page > 1)
        .map(|r| link((r.page - 1).min(r.pages)));
    let next = result
        .as_ref()
        .filter(|r| r.page < r.pages)
        .map(|r| link(r.page + 1));
    let position = result
        .as_ref()
        .map(|r| page_of(ctx, r.page, r.pages))
        .unwrap_or_default();
    let csv = format!("/admin/audit.csv?{}", query(&form, None));
    render(
        status,
        &AuditLogPage {
            actions: action_choices(ctx),
            fields: FIELDS,
            ctx,
            form,
            errors,
            result,
            previous,
            next,
            position,
            csv,
        },
    )
}

pub async fn page(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<AuditParams>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let form = q.search();
    match audit_log::search(&services, &user, &form, q.page()).await {
        Ok(found) => show(&ctx, form, Ok(found)),
        Err(AppError::Validation(errors)) => show(&ctx, form, Err(errors)),
        Err(e) => Err(e),
    }
}

pub async fn csv(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<AuditParams>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let form = q.search();
    match audit_log::csv(&services, &user, &form, &ctx.origin).await {
        Ok(body) => Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                ContentDisposition {
                    disposition: DispositionType::Attachment,
                    parameters: vec![DispositionParam::Filename("audit-log.csv".into())],
                },
            ))
            .body(body)),
        // A filter typed into the address rather than the page: the page, with its message.
        Err(AppError::Validation(errors)) => show(&ctx, form, Err(errors)),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_only_the_criteria_given() {
        let s = AuditSearch {
            actor: "a+b@example.org".into(),
            date_to: "2026-11-25".into(),
            ..Default::default()
        };
        assert_eq!(
            query(&s, Some(2)),
            "actor=a%2Bb%40example.org&date_to=2026-11-25&page=2"
        );
        assert_eq!(query(&AuditSearch::default(), None), "");
    }
}
