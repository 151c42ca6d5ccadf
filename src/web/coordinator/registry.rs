//! The registry search page and a professional's profile as a coordinator
//! reads it.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::profile::LanguageLevel;
use crate::domain::readiness::Missing;
use crate::domain::registry::{SearchInput, Sort};
use crate::domain::{FieldErrors, Locale, Role, countries, language};
use crate::error::AppError;
use crate::services::registry::{self, ProfessionalView, Results};
use crate::services::{Services, profiles, programmes};
use crate::store::professionals::{Specialty, specialty_names};
use crate::store::registry::Found;
use crate::web::forms::{Choice, profession_choices};
use crate::web::{Ctx, ok, render};

fn country_choices(locale: Locale, codes: &[String]) -> Vec<Choice> {
    let mut out: Vec<Choice> = codes
        .iter()
        .map(|c| Choice {
            value: c.clone(),
            label: countries::name_or_code(c, locale),
        })
        .collect();
    out.sort_by_cached_key(|c| countries::collation_key(&c.label));
    out
}

#[derive(Template)]
#[template(path = "coordinator/registry.html")]
struct SearchPage<'a> {
    ctx: &'a Ctx,
    input: SearchInput,
    errors: FieldErrors,
    results: Option<Results>,
    professions: Vec<Choice>,
    specialties: Vec<Choice>,
    origins: Vec<Choice>,
    residences: Vec<Choice>,
    languages: Vec<Choice>,
    levels: Vec<Choice>,
    modalities: Vec<Choice>,
    sorts: Vec<Choice>,
}

impl SearchPage<'_> {
    fn fields(&self) -> &'static [&'static str] {
        &[
            "profession",
            "specialty",
            "origin",
            "residence",
            "language",
            "level",
            "modality",
            "from",
            "to",
            "q",
            "sort",
        ]
    }

    fn profession(&self, f: &Found) -> String {
        self.ctx.profession_name(f.profession_code.as_deref())
    }

    fn place(&self, f: &Found) -> String {
        let country = f
            .residence_country
            .as_deref()
            .map(|c| countries::name_or_code(c, self.ctx.locale))
            .unwrap_or_default();
        match &f.residence_city {
            Some(city) if !city.is_empty() => format!("{city}, {country}"),
            _ => country,
        }
    }

    fn origin(&self, f: &Found) -> String {
        f.origin_country
            .as_deref()
            .map(|c| countries::name_or_code(c, self.ctx.locale))
            .unwrap_or_default()
    }

    fn years(&self, f: &Found) -> String {
        f.years_experience
            .map(|y| y.to_string())
            .unwrap_or_default()
    }

    fn is_ready(&self, f: &Found) -> bool {
        self.results
            .as_ref()
            .is_some_and(|r| r.ready.contains(&f.user_id))
    }

    /// The query string of this search on another page.
    fn page_link(&self, page: i64) -> String {
        let i = &self.input;
        let pairs = [
            ("profession", &i.profession),
            ("specialty", &i.specialty),
            ("origin", &i.origin),
            ("residence", &i.residence),
            ("language", &i.language),
            ("level", &i.level),
            ("modality", &i.modality),
            ("from", &i.from),
            ("to", &i.to),
            ("licence", &i.licence),
            ("ready", &i.ready),
            ("q", &i.q),
            ("sort", &i.sort),
        ];
        let mut q: Vec<(&str, &str)> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        let page = page.to_string();
        q.push(("page", &page));
        format!(
            "/coordinator/registry?{}",
            serde_urlencoded::to_string(q).unwrap_or_default()
        )
    }

    fn found_line(&self) -> String {
        self.results
            .as_ref()
            .map(|r| self.ctx.tn("registry-found", "count", r.total))
            .unwrap_or_default()
    }
}

fn choices<T: Copy>(
    ctx: &Ctx,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    prefix: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|x| Choice {
            value: code(*x).to_string(),
            label: ctx.t(&format!("{prefix}{}", code(*x))),
        })
        .collect()
}

pub async fn search(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<SearchInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let input = q.into_inner();
    let outcome = registry::search(&services, &user, &input, None).await;
    let (status, results, errors) = match outcome {
        Ok(r) => (StatusCode::OK, Some(r), FieldErrors::new()),
        Err(AppError::Validation(e)) => (StatusCode::BAD_REQUEST, None, e),
        Err(e) => return Err(e),
    };
    let locale = ctx.locale;
    let origin_codes = programmes::my_countries(&services, &user).await?;
    let (residences, spoken) = services.vocabulary.registry_choices(&services).await?;
    let mut specialties: Vec<Choice> = profiles::specialties(&services)
        .await?
        .iter()
        .map(|s| Choice {
            value: s.code.clone(),
            label: s.name(locale).to_string(),
        })
        .collect();
    specialties.sort_by_cached_key(|c| countries::collation_key(&c.label));
    let mut languages: Vec<Choice> = spoken
        .iter()
        .filter_map(|code| language::find(code))
        .map(|l| Choice {
            value: l.code().to_string(),
            label: l.name(locale).to_string(),
        })
        .collect();
    languages.sort_by_cached_key(|c| countries::collation_key(&c.label));
    let page = SearchPage {
        professions: profession_choices(&ctx),
        specialties,
        origins: country_choices(locale, &origin_codes),
        residences: country_choices(locale, &residences),
        languages,
        levels: choices(
            &ctx,
            &LanguageLevel::ALL,
            LanguageLevel::as_str,
            "language-level-",
        ),
        modalities: vec![
            Choice {
                value: "on_site".into(),
                label: ctx.t("modality-on_site"),
            },
            Choice {
                value: "virtual".into(),
                label: ctx.t("modality-virtual"),
            },
        ],
        sorts: choices(&ctx, &Sort::ALL, Sort::as_str, "registry-sort-"),
        input,
        errors,
        results,
        ctx: &ctx,
    };
    render(status, &page)
}

#[derive(Template)]
#[template(path = "coordinator/professional.html")]
struct ProfilePage<'a> {
    ctx: &'a Ctx,
    view: ProfessionalView,
    specialties: Arc<Vec<Specialty>>,
}

impl ProfilePage<'_> {
    fn specialty_names(&self) -> String {
        specialty_names(
            &self.specialties,
            &self.view.overview.specialties,
            self.ctx.locale,
        )
        .join(", ")
    }

    fn profession(&self) -> String {
        self.ctx
            .profession_name(self.view.overview.profile.profession_code.as_deref())
    }

    fn country(&self, code: &Option<String>) -> String {
        code.as_deref()
            .map(|c| countries::name_or_code(c, self.ctx.locale))
            .unwrap_or_default()
    }

    fn languages(&self) -> Vec<String> {
        self.view
            .overview
            .languages
            .iter()
            .map(|(code, level)| {
                let name = language::find(code)
                    .map_or(code.clone(), |l| l.name(self.ctx.locale).to_string());
                format!(
                    "{name} ({})",
                    self.ctx.t(&format!("language-level-{}", level.as_str()))
                )
            })
            .collect()
    }

    fn missing(&self) -> Vec<String> {
        self.view
            .overview
            .missing
            .iter()
            .map(|m: &Missing| self.ctx.t(&format!("registry-missing-{}", m.as_str())))
            .collect()
    }

    /// "Title · Facility, Country · from – to", for the proposal form.
    fn proposable_line(&self, a: &crate::store::assignments::Proposable) -> String {
        format!(
            "{} · {}, {} · {}",
            a.title,
            a.facility_name,
            crate::domain::countries::name_or_code(&a.country_code, self.ctx.locale),
            self.ctx.ta2(
                "assignment-dates",
                ("from", &a.starts_on.to_string()),
                ("to", &a.ends_on.to_string()),
            )
        )
    }

    fn licence_line(&self, l: &crate::store::licences::Licence) -> String {
        let status = l.status.parse().map_or("unverified", |s| {
            crate::domain::licence::shown_status(s, l.valid_until, chrono::Utc::now().date_naive())
        });
        format!(
            "{}, {} · {} · {} – {} · {}",
            l.issuing_body,
            countries::name_or_code(&l.issuing_country, self.ctx.locale),
            l.number,
            l.valid_from,
            l.valid_until,
            self.ctx.t(&format!("licence-status-{status}"))
        )
    }

    fn window_line(&self, w: &crate::store::availability::Window) -> String {
        let mut line = format!(
            "{} – {} · {}",
            w.starts_on,
            w.ends_on,
            self.ctx.t(&format!("modality-{}", w.modality))
        );
        if let Some(h) = w.weekly_hours {
            line.push_str(&format!(
                " · {}",
                self.ctx.tn("registry-weekly-hours", "hours", i64::from(h))
            ));
        }
        line
    }
}

pub async fn profile(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Coordinator).await?;
    let view = registry::open(&services, &user, &path.into_inner(), &ctx.origin).await?;
    let specialties = profiles::specialties(&services).await?;
    ok(&ProfilePage {
        view,
        specialties,
        ctx: &ctx,
    })
}
