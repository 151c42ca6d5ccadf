//! A verified facility's Terms of Reference: the list, the form that
//! creates or changes an assignment, its page with the interests received,
//! publishing it, and closing it with a reason.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::forms::{Choice, CsrfForm, Pairs, profession_choices, value, values};
use super::terms::{self, Terms};
use super::{Ctx, ok, render, see_other};
use crate::domain::assignment::{
    AssignmentInput, LANGUAGE_FIELDS, LANGUAGE_ROWS, LEVEL_FIELDS, SESSION_FIELDS, SESSION_ROWS,
    WORK_LANGUAGES,
};
use crate::domain::paging::Window;
use crate::domain::profile::LanguageLevel;
use crate::domain::{FieldErrors, Role, countries, language};
use crate::error::AppError;
use crate::services::Services;
use crate::services::accounts::CurrentUser;
use crate::services::assignments::{
    self, AssignmentView, FacilityAssignments, FormContext, blank_input, input_of,
};
use crate::services::profiles;
use crate::store::assignments::Assignment;
use crate::store::professionals::{Specialty, specialty_names};

/// The form's fields in page order, for the summary of problems.
const FIELDS: &[&str] = &[
    "title",
    "objectives",
    "professions",
    "specialty",
    "required_skills",
    "desired_skills",
    "language_1",
    "level_1",
    "language_2",
    "level_2",
    "language_3",
    "level_3",
    "modality",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "session_1",
    "session_2",
    "session_3",
    "session_4",
    "session_5",
    "positions",
    "min_years_experience",
    "support_details",
    "time_zone",
];

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
    notice: Option<String>,
}

// ------------------------------------------------------------------ list

#[derive(Template)]
#[template(path = "facility/assignments.html")]
struct ListPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    list: FacilityAssignments,
}

impl ListPage<'_> {
    fn dates(&self, a: &Assignment) -> String {
        terms::dates(self.ctx, a)
    }

    fn modality(&self, a: &Assignment) -> String {
        terms::modality(self.ctx, a)
    }

    fn status(&self, a: &Assignment) -> String {
        self.ctx.t(&format!("assignment-status-{}", a.status))
    }

    fn interests(&self, n: &i64) -> String {
        self.ctx.tn("assignment-interests", "count", *n)
    }
}

pub async fn list(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let window = Window::page(page, assignments::PAGE_SIZE);
    let list = assignments::list(&services, &user, &path.into_inner(), window).await?;
    ok(&ListPage {
        notice: ctx.notice(q.notice.as_deref().unwrap_or_default()),
        list,
        ctx: &ctx,
    })
}

// ------------------------------------------------------------------ form

#[derive(Template)]
#[template(path = "facility/assignment_form.html")]
struct FormPage<'a> {
    ctx: &'a Ctx,
    action: String,
    editing: bool,
    context: FormContext,
    form: AssignmentInput,
    errors: FieldErrors,
    fields: &'static [&'static str],
}

impl FormPage<'_> {
    fn professions(&self) -> Vec<Choice> {
        profession_choices(self.ctx)
    }

    fn has_profession(&self, code: &str) -> bool {
        self.form.professions.iter().any(|p| p == code)
    }

    fn specialties(&self) -> Vec<Choice> {
        let mut out: Vec<Choice> = self
            .context
            .specialties
            .iter()
            .map(|s| Choice {
                value: s.code.clone(),
                label: s.name(self.ctx.locale).to_string(),
            })
            .collect();
        out.sort_by_cached_key(|c| countries::collation_key(&c.label));
        out
    }

    /// The languages of work, those of the registry, and any already chosen.
    fn languages(&self) -> Vec<Choice> {
        let chosen: Vec<&str> = self
            .form
            .languages
            .iter()
            .map(|(c, _)| c.as_str())
            .collect();
        language::sorted(self.ctx.locale)
            .filter(|l| {
                let code = l.code();
                WORK_LANGUAGES.contains(&code)
                    || self.context.spoken.iter().any(|s| s == code)
                    || chosen.contains(&code)
            })
            .map(|l| Choice {
                value: l.code().to_string(),
                label: l.name(self.ctx.locale).to_string(),
            })
            .collect()
    }

    fn levels(&self) -> Vec<Choice> {
        LanguageLevel::ALL
            .into_iter()
            .map(|l| Choice {
                value: l.as_str().to_string(),
                label: self.ctx.t(&format!("language-level-{}", l.as_str())),
            })
            .collect()
    }

    fn modalities(&self) -> Vec<Choice> {
        ["on_site", "virtual"]
            .into_iter()
            .map(|m| Choice {
                value: m.to_string(),
                label: self.ctx.t(&format!("modality-{m}")),
            })
            .collect()
    }

    fn weekdays(&self) -> Vec<Choice> {
        (1..=7)
            .map(|d| Choice {
                value: d.to_string(),
                label: self.ctx.t(&format!("weekday-{d}")),
            })
            .collect()
    }

    fn zones(&self) -> Vec<Choice> {
        let mut zones: Vec<&str> = self.context.zones.clone();
        let typed = self.form.time_zone.as_str();
        if !typed.is_empty() && !zones.contains(&typed) {
            zones.push(typed);
        }
        zones
            .into_iter()
            .map(|z| Choice {
                value: z.to_string(),
                label: z.replace('_', " "),
            })
            .collect()
    }

    /// Row `i` of the languages: (language field, level field, code, level).
    fn language_rows(&self) -> Vec<(&'static str, &'static str, String, String)> {
        (0..LANGUAGE_ROWS)
            .map(|i| {
                let (code, level) = self.form.languages.get(i).cloned().unwrap_or_default();
                (LANGUAGE_FIELDS[i], LEVEL_FIELDS[i], code, level)
            })
            .collect()
    }

    /// Row `i` of the sessions: (field, number, weekday, start, end).
    fn session_rows(&self) -> Vec<(&'static str, usize, String, String, String)> {
        (0..SESSION_ROWS)
            .map(|i| {
                let (d, s, e) = self.form.sessions.get(i).cloned().unwrap_or_default();
                (SESSION_FIELDS[i], i + 1, d, s, e)
            })
            .collect()
    }

    fn bounds_hint(&self) -> String {
        match self.context.onsite_days {
            Some((min, max)) => self.ctx.ta2(
                "assignment-dates-hint-bounds",
                ("min", &min.to_string()),
                ("max", &max.to_string()),
            ),
            None => self.ctx.t("assignment-dates-hint"),
        }
    }
}

/// The form as posted; fields it does not offer (facility, status) are
/// never read.
fn input_from(pairs: &Pairs) -> AssignmentInput {
    let yes = |name: &str| value(pairs, name) == "yes";
    AssignmentInput {
        title: value(pairs, "title"),
        objectives: value(pairs, "objectives"),
        professions: values(pairs, "professions").into_iter().take(30).collect(),
        specialty: value(pairs, "specialty"),
        required_skills: value(pairs, "required_skills"),
        desired_skills: value(pairs, "desired_skills"),
        languages: (0..LANGUAGE_ROWS)
            .map(|i| {
                (
                    value(pairs, LANGUAGE_FIELDS[i]),
                    value(pairs, LEVEL_FIELDS[i]),
                )
            })
            .collect(),
        modality: value(pairs, "modality"),
        starts_on: value(pairs, "starts_on"),
        ends_on: value(pairs, "ends_on"),
        hours_per_week: value(pairs, "hours_per_week"),
        sessions: (1..=SESSION_ROWS)
            .map(|n| {
                (
                    value(pairs, &format!("session_{n}_day")),
                    value(pairs, &format!("session_{n}_start")),
                    value(pairs, &format!("session_{n}_end")),
                )
            })
            .collect(),
        positions: value(pairs, "positions"),
        clinical: yes("clinical"),
        support_travel: yes("support_travel"),
        support_accommodation: yes("support_accommodation"),
        support_allowance: yes("support_allowance"),
        support_insurance: yes("support_insurance"),
        support_details: value(pairs, "support_details"),
        min_years_experience: value(pairs, "min_years_experience"),
        urgent: yes("urgent"),
        time_zone: value(pairs, "time_zone"),
    }
}

/// The form, blank or as typed, for a new assignment (`id` none) or one
/// being changed; refused input comes back with its messages and 422.
async fn show_form(
    ctx: &Ctx,
    services: &Services,
    user: &CurrentUser,
    facility_id: &str,
    id: Option<&str>,
    form: Option<AssignmentInput>,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let context = assignments::form_context(services, user, facility_id).await?;
    let action = match id {
        Some(id) => format!("/facility/{facility_id}/assignments/{id}/edit"),
        None => format!("/facility/{facility_id}/assignments/new"),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(
        status,
        &FormPage {
            action,
            editing: id.is_some(),
            form: form.unwrap_or_else(|| blank_input(&context)),
            context,
            errors,
            fields: FIELDS,
            ctx,
        },
    )
}

pub async fn new_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let facility_id = path.into_inner();
    show_form(
        &ctx,
        &services,
        &user,
        &facility_id,
        None,
        None,
        FieldErrors::new(),
    )
    .await
}

pub async fn create(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let facility_id = path.into_inner();
    let input = input_from(&form.0);
    match assignments::create(&services, &user, &facility_id, &input, &ctx.origin).await {
        Ok(id) => Ok(see_other(&format!(
            "/facility/{facility_id}/assignments/{id}?notice=assignment-saved"
        ))),
        Err(AppError::Validation(errors)) => {
            show_form(
                &ctx,
                &services,
                &user,
                &facility_id,
                None,
                Some(input),
                errors,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn edit_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let (facility_id, id) = path.into_inner();
    let view = assignments::view(&services, &user, &facility_id, &id).await?;
    let form = input_of(&view.assignment, &view.parts);
    show_form(
        &ctx,
        &services,
        &user,
        &facility_id,
        Some(&id),
        Some(form),
        FieldErrors::new(),
    )
    .await
}

pub async fn update(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let (facility_id, id) = path.into_inner();
    let input = input_from(&form.0);
    match assignments::update(&services, &user, &facility_id, &id, &input, &ctx.origin).await {
        Ok(()) => Ok(see_other(&format!(
            "/facility/{facility_id}/assignments/{id}?notice=assignment-saved"
        ))),
        Err(AppError::Validation(errors)) => {
            show_form(
                &ctx,
                &services,
                &user,
                &facility_id,
                Some(&id),
                Some(input),
                errors,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

// ------------------------------------------------------------------ one

#[derive(Template)]
#[template(path = "facility/assignment.html")]
struct ViewPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    view: AssignmentView,
    specialties: Arc<Vec<Specialty>>,
}

impl ViewPage<'_> {
    fn specialty(&self) -> Option<String> {
        let code = self.view.assignment.specialty_code.clone()?;
        specialty_names(&self.specialties, &[code], self.ctx.locale).pop()
    }

    fn terms(&self) -> Terms<'_> {
        Terms {
            ctx: self.ctx,
            a: &self.view.assignment,
            parts: &self.view.parts,
        }
    }

    fn status(&self) -> String {
        self.ctx.t(&format!(
            "assignment-status-{}",
            self.view.assignment.status
        ))
    }

    fn editable(&self) -> bool {
        matches!(self.view.assignment.status.as_str(), "draft" | "open")
    }

    fn when(&self, at: &chrono::NaiveDateTime) -> String {
        at.format("%Y-%m-%d").to_string()
    }
}

pub async fn view(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
    q: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let (facility_id, id) = path.into_inner();
    let view = assignments::view(&services, &user, &facility_id, &id).await?;
    ok(&ViewPage {
        notice: ctx.notice(q.notice.as_deref().unwrap_or_default()),
        specialties: profiles::specialties(&services).await?,
        view,
        ctx: &ctx,
    })
}

pub async fn publish(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
    _form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let (facility_id, id) = path.into_inner();
    assignments::publish(&services, &user, &facility_id, &id, &ctx.origin).await?;
    Ok(see_other(&format!(
        "/facility/{facility_id}/assignments/{id}?notice=assignment-published"
    )))
}

// ------------------------------------------------------------------ close

#[derive(Template)]
#[template(path = "facility/assignment_close.html")]
struct ClosePage<'a> {
    ctx: &'a Ctx,
    view: AssignmentView,
    reason: String,
    errors: FieldErrors,
}

impl ClosePage<'_> {
    fn fields(&self) -> &'static [&'static str] {
        &["reason"]
    }
}

pub async fn close_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let (facility_id, id) = path.into_inner();
    let view = assignments::view(&services, &user, &facility_id, &id).await?;
    ok(&ClosePage {
        view,
        reason: String::new(),
        errors: FieldErrors::new(),
        ctx: &ctx,
    })
}

pub async fn close(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<(String, String)>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Facility).await?;
    let (facility_id, id) = path.into_inner();
    let reason = value(&form.0, "reason");
    match assignments::close(&services, &user, &facility_id, &id, &reason, &ctx.origin).await {
        Ok(()) => Ok(see_other(&format!(
            "/facility/{facility_id}/assignments/{id}?notice=assignment-closed"
        ))),
        Err(AppError::Validation(errors)) => {
            let view = assignments::view(&services, &user, &facility_id, &id).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ClosePage {
                    view,
                    reason,
                    errors,
                    ctx: &ctx,
                },
            )
        }
        Err(e) => Err(e),
    }
}
