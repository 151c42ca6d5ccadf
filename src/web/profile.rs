//! The professional's own profile: the overview with what is still missing,
//! and the forms for its parts (work, place, languages).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::areas::NoticeQuery;
use super::forms::{
    Choice, CsrfForm, NoFields, Pairs, country_choices, profession_choices, value, values,
};
use super::{Ctx, ok, render, see_other};
use crate::domain::profession::Profession;
use crate::domain::profile::{LanguageLevel, ResidenceStatus};
use crate::domain::readiness::Missing;
use crate::domain::{FieldErrors, Role, countries, language, time_zone};
use crate::error::AppError;
use crate::services::Services;
use crate::services::profiles::{self, Overview, PlaceInput, WorkForm, WorkInput};
use crate::store::professionals::{Specialty, specialty_names};

// ---------------------------------------------------------------- overview

#[derive(Template)]
#[template(path = "profile/overview.html")]
struct OverviewPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    o: Overview,
    specialties: std::sync::Arc<Vec<Specialty>>,
}

impl OverviewPage<'_> {
    fn country(&self, code: &Option<String>) -> String {
        code.as_deref()
            .map(|c| countries::name_or_code(c, self.ctx.locale))
            .unwrap_or_default()
    }

    fn specialty_names(&self) -> String {
        specialty_names(&self.specialties, &self.o.specialties, self.ctx.locale).join(", ")
    }

    fn profession(&self) -> String {
        self.o
            .profile
            .profession_code
            .as_deref()
            .and_then(Profession::parse)
            .map(|p| self.ctx.t(&p.label_key()))
            .unwrap_or_default()
    }

    fn origin(&self) -> String {
        self.country(&self.o.profile.origin_country)
    }

    fn residence(&self) -> String {
        let country = self.country(&self.o.profile.residence_country);
        match self.o.profile.residence_city.as_deref() {
            Some(city) if !country.is_empty() => format!("{city}, {country}"),
            Some(city) => city.to_string(),
            None => country,
        }
    }

    fn status(&self) -> String {
        self.o
            .profile
            .residence_status
            .as_deref()
            .map(|s| self.ctx.t(&format!("residence-status-{s}")))
            .unwrap_or_default()
    }

    fn language_line(&self, code: &str, level: &LanguageLevel) -> String {
        let name =
            language::find(code).map_or(code.to_string(), |l| l.name(self.ctx.locale).to_string());
        format!(
            "{name} ({})",
            self.ctx.t(&format!("language-level-{}", level.as_str()))
        )
    }

    fn missing_text(&self, m: &Missing) -> String {
        self.ctx.t(&format!("readiness-{}", m.as_str()))
    }

    /// Where to go to fix `m`.
    fn missing_link(&self, m: &Missing) -> &'static str {
        match m {
            Missing::VerifiedEmail => "/account",
            Missing::Profession => "/professional/profile/work",
            Missing::Language => "/professional/profile/languages",
            Missing::MatchingConsent => "/professional/consents",
            Missing::FutureAvailability => "/professional/availability/new",
            Missing::VerifiedLicence => "/professional/licences",
        }
    }
}

pub async fn overview(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let o = profiles::overview(&services, &user).await?;
    let specialties = profiles::specialties(&services).await?;
    ok(&OverviewPage {
        notice: ctx.notice(q.notice()),
        o,
        specialties,
        ctx: &ctx,
    })
}

// ---------------------------------------------------------------- work

#[derive(Template)]
#[template(path = "profile/work.html")]
struct WorkPage<'a> {
    ctx: &'a Ctx,
    form: WorkForm,
    errors: FieldErrors,
    fields: &'static [&'static str],
    professions: Vec<Choice>,
}

const WORK_FIELDS: &[&str] = &[
    "profession",
    "specialties",
    "years_experience",
    "skills",
    "bio",
];

impl<'a> WorkPage<'a> {
    fn new(ctx: &'a Ctx, form: WorkForm, errors: FieldErrors) -> Self {
        Self {
            ctx,
            form,
            errors,
            fields: WORK_FIELDS,
            professions: profession_choices(ctx),
        }
    }

    fn specialty_name<'b>(&self, s: &'b Specialty) -> &'b str {
        s.name(self.ctx.locale)
    }

    /// The specialties in the alphabetical order of the page's language.
    fn sorted_specialties(&self) -> Vec<&Specialty> {
        let mut v: Vec<&Specialty> = self.form.specialties.iter().collect();
        v.sort_by_cached_key(|s| countries::collation_key(s.name(self.ctx.locale)));
        v
    }

    fn has_specialty(&self, code: &str) -> bool {
        self.form.input.specialties.iter().any(|c| c == code)
    }
}

pub async fn work_form(ctx: Ctx, services: web::Data<Services>) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let form = profiles::work_form(&services, &user).await?;
    ok(&WorkPage::new(&ctx, form, FieldErrors::new()))
}

pub async fn save_work(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let pairs = form.0;
    let input = WorkInput {
        profession: value(&pairs, "profession"),
        specialties: values(&pairs, "specialties"),
        years_experience: value(&pairs, "years_experience"),
        skills: value(&pairs, "skills"),
        wants_clinical: !value(&pairs, "wants_clinical").is_empty(),
        bio: value(&pairs, "bio"),
    };
    match profiles::save_work(&services, &user, input.clone()).await {
        Ok(()) => Ok(see_other("/professional/profile?notice=profile-saved")),
        Err(AppError::Validation(errors)) => {
            let form = profiles::work_choices(&services, input).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &WorkPage::new(&ctx, form, errors),
            )
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------- place

#[derive(Template)]
#[template(path = "profile/place.html")]
struct PlacePage<'a> {
    ctx: &'a Ctx,
    form: PlaceInput,
    errors: FieldErrors,
    fields: &'static [&'static str],
    countries: Vec<Choice>,
    statuses: Vec<Choice>,
    zones: Vec<Choice>,
}

const PLACE_FIELDS: &[&str] = &[
    "origin_country",
    "residence_country",
    "residence_city",
    "residence_status",
    "time_zone",
];

impl<'a> PlacePage<'a> {
    fn new(ctx: &'a Ctx, form: PlaceInput, errors: FieldErrors) -> Self {
        let countries = country_choices(ctx);
        let statuses = ResidenceStatus::ALL
            .into_iter()
            .map(|s| Choice {
                value: s.as_str().to_string(),
                label: ctx.t(&format!("residence-status-{}", s.as_str())),
            })
            .collect();
        // The zones of the country of residence first, so most people pick
        // from two or three; any other zone can be typed.
        let zones = time_zone::of_country(form.residence_country.trim())
            .into_iter()
            .map(|z| Choice {
                value: z.to_string(),
                label: z.replace('_', " "),
            })
            .collect();
        Self {
            ctx,
            form,
            errors,
            fields: PLACE_FIELDS,
            countries,
            statuses,
            zones,
        }
    }

    /// Whether the saved zone is one of those offered in the list.
    fn zone_listed(&self) -> bool {
        self.zones.iter().any(|z| z.value == self.form.time_zone)
    }
}

pub async fn place_form(ctx: Ctx, services: web::Data<Services>) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let form = profiles::place_form(&services, &user).await?;
    ok(&PlacePage::new(&ctx, form, FieldErrors::new()))
}

pub async fn save_place(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let pairs = form.0;
    // A zone typed in the free field wins over the list.
    let typed_zone = value(&pairs, "time_zone_other");
    let input = PlaceInput {
        origin_country: value(&pairs, "origin_country"),
        residence_country: value(&pairs, "residence_country"),
        residence_city: value(&pairs, "residence_city"),
        residence_status: value(&pairs, "residence_status"),
        time_zone: if typed_zone.trim().is_empty() {
            value(&pairs, "time_zone")
        } else {
            typed_zone
        },
    };
    match profiles::save_place(&services, &user, input.clone()).await {
        Ok(()) => Ok(see_other("/professional/profile?notice=profile-saved")),
        Err(AppError::Validation(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &PlacePage::new(&ctx, input, errors),
        ),
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------- languages

#[derive(Template)]
#[template(path = "profile/languages.html")]
struct LanguagesPage<'a> {
    ctx: &'a Ctx,
    notice: Option<String>,
    listed: Vec<(String, String, String)>,
    choices: Vec<Choice>,
    levels: Vec<Choice>,
    language: String,
    level: String,
    errors: FieldErrors,
    fields: &'static [&'static str],
}

impl<'a> LanguagesPage<'a> {
    fn new(
        ctx: &'a Ctx,
        listed: Vec<(String, LanguageLevel)>,
        language: String,
        level: String,
        errors: FieldErrors,
    ) -> Self {
        let listed = listed
            .into_iter()
            .map(|(code, level)| {
                let name =
                    language::find(&code).map_or(code.clone(), |l| l.name(ctx.locale).to_string());
                (
                    code,
                    name,
                    ctx.t(&format!("language-level-{}", level.as_str())),
                )
            })
            .collect();
        let choices = language::sorted(ctx.locale)
            .map(|l| Choice {
                value: l.code().to_string(),
                label: l.name(ctx.locale).to_string(),
            })
            .collect();
        let levels = LanguageLevel::ALL
            .into_iter()
            .map(|l| Choice {
                value: l.as_str().to_string(),
                label: ctx.t(&format!("language-level-{}", l.as_str())),
            })
            .collect();
        Self {
            ctx,
            notice: None,
            listed,
            choices,
            levels,
            language,
            level,
            errors,
            fields: &["language", "level"],
        }
    }
}

pub async fn languages(
    ctx: Ctx,
    services: web::Data<Services>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let listed = profiles::languages(&services, &user).await?;
    let mut page = LanguagesPage::new(
        &ctx,
        listed,
        String::new(),
        String::new(),
        FieldErrors::new(),
    );
    page.notice = ctx.notice(q.notice());
    ok(&page)
}

pub async fn set_language(
    ctx: Ctx,
    services: web::Data<Services>,
    form: CsrfForm<Pairs>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    let pairs = form.0;
    let (code, level) = (value(&pairs, "language"), value(&pairs, "level"));
    match profiles::set_language(&services, &user, &code, &level).await {
        Ok(()) => Ok(see_other(
            "/professional/profile/languages?notice=language-saved",
        )),
        Err(AppError::Validation(errors)) => {
            let listed = profiles::languages(&services, &user).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &LanguagesPage::new(&ctx, listed, code, level, errors),
            )
        }
        Err(e) => Err(e),
    }
}

pub async fn remove_language(
    ctx: Ctx,
    services: web::Data<Services>,
    path: web::Path<String>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(&services, Role::Professional).await?;
    profiles::remove_language(&services, &user, &path.into_inner()).await?;
    Ok(see_other(
        "/professional/profile/languages?notice=language-removed",
    ))
}
