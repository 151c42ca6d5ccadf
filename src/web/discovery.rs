//! Discovery pages for professionals: searching open assignments, reading
//! one, expressing interest and withdrawing it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::forms::{Choice, CsrfForm, Pairs, profession_choices, value};
use super::terms::Terms;
use super::{Ctx, render, see_other};
use crate::domain::availability::LocalHours;
use crate::domain::discovery::SearchInput;
use crate::domain::programme::Ineligible;
use crate::domain::time_zone::SeenSession;
use crate::domain::{FieldErrors, Role, countries, language};
use crate::error::AppError;
use crate::services::Services;
use crate::services::discovery::{self, ProgrammeFit, Reading, Results};
use crate::services::profiles;
use crate::store::professionals::specialty_names;

/// The search form's fields in page order, for the summary of problems.
const SEARCH_FIELDS: &[&str] = &[
    "country",
    "profession",
    "specialty",
    "modality",
    "from",
    "to",
    "language",
    "q",
];

fn dates(ctx: &Ctx, from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
    ctx.ta2(
        "assignment-dates",
        ("from", &from.to_string()),
        ("to", &to.to_string()),
    )
}

/// A session as the reader sees it: "Tuesday 10:00–12:00".
fn session_line(ctx: &Ctx, s: &SeenSession) -> String {
    let line = format!(
        "{} {}–{}",
        ctx.t(&format!("weekday-{}", s.weekday)),
        LocalHours::clock(s.start_minute),
        LocalHours::clock(s.end_minute)
    );
    if s.ends_next_day {
        ctx.ta("discovery-session-next-day", "session", &line)
    } else {
        line
    }
}

fn zone_name(zone: &str) -> String {
    zone.replace('_', " ")
}

// ------------------------------------------------------------------ search

#[derive(Template)]
#[template(path = "discovery/search.html")]
struct SearchPage<'a> {
    ctx: &'a Ctx,
    input: SearchInput,
    errors: FieldErrors,
    results: Option<Results>,
    countries: Vec<Choice>,
    professions: Vec<Choice>,
    specialties: Vec<Choice>,
    modalities: Vec<Choice>,
    languages: Vec<Choice>,
}

impl SearchPage<'_> {
    fn fields(&self) -> &'static [&'static str] {
        SEARCH_FIELDS
    }

    fn country(&self, code: &str) -> String {
        countries::name_or_code(code, self.ctx.locale)
    }

    fn modality(&self, m: &str) -> String {
        self.ctx.t(&format!("modality-{m}"))
    }

    fn dates(&self, f: &discovery::Found) -> String {
        dates(self.ctx, f.listed.starts_on, f.listed.ends_on)
    }

    fn sessions(&self, f: &discovery::Found) -> String {
        f.sessions
            .iter()
            .map(|s| session_line(self.ctx, s))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn zone(&self, f: &discovery::Found) -> String {
        self.ctx
            .ta("discovery-sessions-in", "zone", &zone_name(&f.zone))
    }

    fn found_line(&self) -> String {
        self.results
            .as_ref()
            .map(|r| self.ctx.tn("discovery-found", "count", r.total))
            .unwrap_or_default()
    }

    /// The query string of this search on another page.
    fn page_link(&self, page: i64) -> String {
        let mut q = self.input.pairs();
        let page = page.to_string();
        q.push(("page", &page));
        format!(
            "/assignments?{}",
            serde_urlencoded::to_string(q).unwrap_or_default()
        )
    }
}

pub async fn search(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<SearchInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let input = q.into_inner();
    let (status, results, errors) = match discovery::search(&services, &user, &input, None).await {
        Ok(r) => (StatusCode::OK, Some(r), FieldErrors::new()),
        Err(AppError::Validation(e)) => (StatusCode::BAD_REQUEST, None, e),
        Err(e) => return Err(e),
    };
    let locale = ctx.locale;
    let (country_codes, language_codes) = discovery::search_choices(&services, &user).await?;
    let mut countries: Vec<Choice> = country_codes
        .iter()
        .map(|c| Choice {
            value: c.clone(),
            label: countries::name_or_code(c, locale),
        })
        .collect();
    countries.sort_by_cached_key(|c| countries::collation_key(&c.label));
    let mut specialties: Vec<Choice> = profiles::specialties(&services)
        .await?
        .iter()
        .map(|s| Choice {
            value: s.code.clone(),
            label: s.name(locale).to_string(),
        })
        .collect();
    specialties.sort_by_cached_key(|c| countries::collation_key(&c.label));
    let mut languages: Vec<Choice> = language_codes
        .iter()
        .filter_map(|code| language::find(code))
        .map(|l| Choice {
            value: l.code().to_string(),
            label: l.name(locale).to_string(),
        })
        .collect();
    languages.sort_by_cached_key(|c| countries::collation_key(&c.label));
    let page = SearchPage {
        countries,
        professions: profession_choices(&ctx),
        specialties,
        modalities: ["on_site", "virtual"]
            .into_iter()
            .map(|m| Choice {
                value: m.to_string(),
                label: ctx.t(&format!("modality-{m}")),
            })
            .collect(),
        languages,
        input,
        errors,
        results,
        ctx: &ctx,
    };
    render(status, &page)
}

// ------------------------------------------------------------------ read

#[derive(Deserialize)]
pub struct NoticeQuery {
    #[serde(default)]
    notice: String,
}

#[derive(Template)]
#[template(path = "discovery/assignment.html")]
struct ReadPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    reading: Reading,
    specialty: Option<String>,
    note: String,
    errors: FieldErrors,
}

impl ReadPage<'_> {
    fn fields(&self) -> &'static [&'static str] {
        &["note"]
    }

    fn country(&self) -> String {
        countries::name_or_code(&self.reading.facility.country_code, self.ctx.locale)
    }

    fn facility_kind(&self) -> String {
        self.ctx
            .t(&format!("facility-kind-{}", self.reading.facility.kind))
    }

    fn place(&self) -> String {
        let f = &self.reading.facility;
        [f.city.as_str(), f.region.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .chain([self.country()])
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn terms(&self) -> Terms<'_> {
        Terms {
            ctx: self.ctx,
            a: &self.reading.assignment,
            parts: &self.reading.parts,
        }
    }

    fn sessions(&self) -> String {
        self.reading
            .sessions
            .iter()
            .map(|s| session_line(self.ctx, s))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn zone(&self) -> String {
        self.ctx.ta(
            "discovery-sessions-in",
            "zone",
            &zone_name(&self.reading.zone),
        )
    }

    fn programme_name(&self, p: &ProgrammeFit) -> String {
        p.programme.name(&self.ctx.locale).to_string()
    }

    fn why_not(&self, p: &ProgrammeFit) -> Vec<String> {
        p.why_not
            .iter()
            .map(|w| match w {
                Ineligible::Experience { needed } => self.ctx.tn(
                    "discovery-ineligible-experience",
                    "years",
                    i64::from(*needed),
                ),
                other => self
                    .ctx
                    .t(&format!("discovery-ineligible-{}", other.as_str())),
            })
            .collect()
    }

    fn when(&self, at: &chrono::NaiveDateTime) -> String {
        at.format("%Y-%m-%d").to_string()
    }
}

async fn read_page(
    ctx: &Ctx,
    services: &Services,
    id: &str,
    notice: &str,
    note: String,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(services, Role::Professional).await?;
    let reading = discovery::read(services, &user, id).await?;
    let specialty = match &reading.assignment.specialty_code {
        Some(code) => {
            let all = profiles::specialties(services).await?;
            specialty_names(&all, std::slice::from_ref(code), ctx.locale).pop()
        }
        None => None,
    };
    render(
        status,
        &ReadPage {
            notice: ctx.notice(notice),
            reading,
            specialty,
            note,
            errors,
            ctx,
        },
    )
}

pub async fn read(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    read_page(
        &ctx,
        &services,
        &path.into_inner(),
        &q.notice,
        String::new(),
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

pub async fn express(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let id = path.into_inner();
    let note = value(&form.0, "note");
    match discovery::express_interest(&services, &user, &id, &note, &ctx.origin).await {
        Ok(()) => Ok(see_other(&format!(
            "/assignments/{id}?notice=interest-expressed"
        ))),
        Err(AppError::Validation(errors)) => {
            read_page(
                &ctx,
                &services,
                &id,
                "",
                note,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn withdraw(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    _form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let id = path.into_inner();
    discovery::withdraw_interest(&services, &user, &id, &ctx.origin).await?;
    Ok(see_other(&format!(
        "/assignments/{id}?notice=interest-withdrawn"
    )))
}
