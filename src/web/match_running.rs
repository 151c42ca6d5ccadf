//! Running and closing a match from its pages: the checklist's ticks on the
//! match page, the professional's report and the facility's feedback on a
//! page each, after the end date.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::forms::{CsrfForm, Pairs, value};
use super::{Ctx, ok, render, see_other};
use crate::domain::FieldErrors;
use crate::domain::running::{FeedbackInput, ReportInput};
use crate::error::AppError;
use crate::services::Services;
use crate::services::matches::MatchView;
use crate::services::running;

/// Ticks or unticks one item of the checklist, from the match page.
pub async fn tick(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let id = path.into_inner();
    let item = value(&form.0, "item");
    let ticked = value(&form.0, "ticked") == "1";
    running::tick(&services, &user, &id, &item, ticked, &ctx.origin).await?;
    Ok(see_other(&format!(
        "/matches/{id}?notice=checklist-saved#checklist"
    )))
}

#[derive(Template)]
#[template(path = "matches/report.html")]
struct ReportPage<'a> {
    ctx: &'a Ctx,
    view: MatchView,
    form: ReportInput,
    errors: FieldErrors,
}

impl ReportPage<'_> {
    fn fields(&self) -> &'static [&'static str] {
        &[
            "activities",
            "people_trained",
            "patients_seen",
            "sessions_delivered",
            "hours_given",
            "notes",
        ]
    }
}

fn report_input(pairs: &Pairs) -> ReportInput {
    ReportInput {
        activities: value(pairs, "activities"),
        people_trained: value(pairs, "people_trained"),
        patients_seen: value(pairs, "patients_seen"),
        sessions_delivered: value(pairs, "sessions_delivered"),
        hours_given: value(pairs, "hours_given"),
        notes: value(pairs, "notes"),
    }
}

pub async fn report_page(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let (view, report) = running::report_form(&services, &user, &path.into_inner()).await?;
    let form = report.map_or_else(ReportInput::default, |r| ReportInput {
        activities: r.activities,
        people_trained: r.people_trained.to_string(),
        patients_seen: r.patients_seen.to_string(),
        sessions_delivered: r.sessions_delivered.to_string(),
        hours_given: r.hours_given.to_string(),
        notes: r.notes,
    });
    ok(&ReportPage {
        view,
        form,
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

pub async fn file_report(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let id = path.into_inner();
    let input = report_input(&form.0);
    match running::file_report(&services, &user, &id, &input, &ctx.origin).await {
        Ok(()) => Ok(see_other(&format!("/matches/{id}?notice=report-filed"))),
        Err(AppError::Validation(errors)) => {
            let (view, _) = running::report_form(&services, &user, &id).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ReportPage {
                    view,
                    form: input,
                    errors,
                    ctx: &ctx,
                },
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "matches/feedback.html")]
struct FeedbackPage<'a> {
    ctx: &'a Ctx,
    view: MatchView,
    form: FeedbackInput,
    errors: FieldErrors,
}

impl FeedbackPage<'_> {
    fn fields(&self) -> &'static [&'static str] {
        &["rating", "comments"]
    }

    fn checked(&self, value: &str) -> bool {
        self.form.rating.trim() == value
    }

    fn ratings(&self) -> [(&'static str, String); 5] {
        ["1", "2", "3", "4", "5"].map(|r| (r, self.ctx.t(&format!("feedback-rating-{r}"))))
    }
}

pub async fn feedback_page(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let (view, feedback) = running::feedback_form(&services, &user, &path.into_inner()).await?;
    let form = feedback.map_or_else(FeedbackInput::default, |f| FeedbackInput {
        rating: f.rating.to_string(),
        comments: f.comments,
    });
    ok(&FeedbackPage {
        view,
        form,
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

pub async fn file_feedback(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?;
    let id = path.into_inner();
    let input = FeedbackInput {
        rating: value(&form.0, "rating"),
        comments: value(&form.0, "comments"),
    };
    match running::file_feedback(&services, &user, &id, &input, &ctx.origin).await {
        Ok(()) => Ok(see_other(&format!("/matches/{id}?notice=feedback-filed"))),
        Err(AppError::Validation(errors)) => {
            let (view, _) = running::feedback_form(&services, &user, &id).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &FeedbackPage {
                    view,
                    form: input,
                    errors,
                    ctx: &ctx,
                },
            )
        }
        Err(e) => Err(e),
    }
}
