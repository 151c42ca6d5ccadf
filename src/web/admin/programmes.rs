//! Administrators' programme pages: the list, and the form that creates or
//! changes one (countries, eligibility rules, score weights, status).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::profile::ResidenceStatus;
use crate::domain::programme::{Criterion, ProgrammeDraft, ProgrammeStatus};
use crate::domain::{FieldErrors, Role, countries};
use crate::error::AppError;
use crate::services::Services;
use crate::services::programmes::{self, ProgrammeSummary};
use crate::web::areas::NoticeQuery;
use crate::web::forms::{Choice, CsrfForm, Pairs, value, values};
use crate::web::{Ctx, ok, render, see_other};

/// Splits typed country codes ("GH, NG SL") into codes.
pub fn split_codes(raw: &str) -> Vec<String> {
    raw.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| t.chars().take(10).collect())
        .take(300)
        .collect()
}

/// Country names in the page's language, "Ghana (GH), Nigeria (NG)".
pub fn country_names(ctx: &Ctx, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| match countries::find(c) {
            Some(country) => format!("{} ({c})", country.name(ctx.locale)),
            None => c.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Template)]
#[template(path = "admin/programmes.html")]
struct ListPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    programmes: Vec<ProgrammeSummary>,
}

impl ListPage<'_> {
    fn countries(&self, p: &ProgrammeSummary) -> String {
        country_names(self.ctx, &p.countries)
    }

    fn days(&self, p: &ProgrammeSummary) -> String {
        self.ctx.ta2(
            "programme-days",
            ("min", &p.programme.onsite_min_days.to_string()),
            ("max", &p.programme.onsite_max_days.to_string()),
        )
    }
}

pub async fn list(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let programmes = programmes::list(&services, &user).await?;
    ok(&ListPage {
        notice: ctx.notice(q.notice()),
        programmes,
        ctx: &ctx,
    })
}

#[derive(Template)]
#[template(path = "admin/programme_form.html")]
struct FormPage<'a> {
    ctx: &'a Ctx,
    action: String,
    editing: bool,
    form: ProgrammeDraft,
    errors: FieldErrors,
    fields: Vec<&'static str>,
}

impl<'a> FormPage<'a> {
    fn new(ctx: &'a Ctx, id: Option<&str>, form: ProgrammeDraft, errors: FieldErrors) -> Self {
        let mut fields = vec![
            "code",
            "name_en",
            "name_fr",
            "countries",
            "residence_statuses",
            "min_years_experience",
            "onsite_min_days",
            "onsite_max_days",
        ];
        fields.extend(Criterion::ALL.iter().map(|c| c.field()));
        fields.push("status");
        Self {
            ctx,
            action: match id {
                Some(id) => format!("/admin/programmes/{id}/edit"),
                None => "/admin/programmes/new".to_string(),
            },
            editing: id.is_some(),
            form,
            errors,
            fields,
        }
    }

    fn countries_text(&self) -> String {
        self.form.countries.join(", ")
    }

    fn statuses(&self) -> [ResidenceStatus; 4] {
        ResidenceStatus::ALL
    }

    fn has_status(&self, s: &ResidenceStatus) -> bool {
        self.form.residence_statuses.iter().any(|v| v == s.as_str())
    }

    fn criteria(&self) -> [Criterion; 9] {
        Criterion::ALL
    }

    fn weight(&self, c: &Criterion) -> String {
        let i = Criterion::ALL.iter().position(|x| x == c).unwrap_or(0);
        self.form.weights.get(i).cloned().unwrap_or_default()
    }

    fn status_choices(&self) -> Vec<Choice> {
        ProgrammeStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_string(),
                label: self.ctx.t(&format!("programme-status-{}", s.as_str())),
            })
            .collect()
    }
}

fn draft_from(pairs: &Pairs) -> ProgrammeDraft {
    ProgrammeDraft {
        code: value(pairs, "code"),
        name_en: value(pairs, "name_en"),
        name_fr: value(pairs, "name_fr"),
        countries: split_codes(&value(pairs, "countries")),
        residence_statuses: values(pairs, "residence_statuses"),
        min_years_experience: value(pairs, "min_years_experience"),
        onsite_min_days: value(pairs, "onsite_min_days"),
        onsite_max_days: value(pairs, "onsite_max_days"),
        weights: Criterion::ALL
            .iter()
            .map(|c| value(pairs, c.field()))
            .collect(),
        status: value(pairs, "status"),
    }
}

pub async fn new_form(ctx: Ctx, services: web::Data<Services>) -> Result<HttpResponse, AppError> {
    ctx.require(&services, Role::Admin).await?;
    ok(&FormPage::new(
        &ctx,
        None,
        ProgrammeDraft::new_with_defaults(),
        FieldErrors::new(),
    ))
}

pub async fn edit_form(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let id = path.into_inner();
    let draft = programmes::draft(&services, &user, &id).await?;
    ok(&FormPage::new(&ctx, Some(&id), draft, FieldErrors::new()))
}

async fn save(
    ctx: Ctx,
    services: web::Data<Services>,
    id: Option<String>,
    pairs: Pairs,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Admin).await?;
    let draft = draft_from(&pairs);
    let saved = match &id {
        Some(id) => programmes::update(&services, &user, id, &draft, &ctx.origin).await,
        None => programmes::create(&services, &user, &draft, &ctx.origin)
            .await
            .map(|_| ()),
    };
    match saved {
        Ok(()) => Ok(see_other("/admin/programmes?notice=programme-saved")),
        Err(AppError::Validation(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormPage::new(&ctx, id.as_deref(), draft, errors),
        ),
        Err(e) => Err(e),
    }
}

pub async fn create(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    save(ctx, services, None, form.0).await
}

pub async fn update(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    save(ctx, services, Some(path.into_inner()), form.0).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn typed_codes_split_on_commas_and_spaces() {
        assert_eq!(
            super::split_codes(" gh, NG;sl  ke"),
            vec!["gh", "NG", "sl", "ke"]
        );
        assert!(super::split_codes(" , ").is_empty());
    }
}
