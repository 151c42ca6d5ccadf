//! A professional's own profile: what it holds, what is still missing before
//! matching, and the edits of its parts. Only the professional reaches these.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Services;
use super::accounts::CurrentUser;
use crate::domain::profession::Profession;
use crate::domain::profile::{
    self, LanguageLevel, MAX_BIO, MAX_LANGUAGES, MAX_SKILL, MAX_SKILLS, MAX_SPECIALTIES, MAX_YEARS,
    ResidenceStatus,
};
use crate::domain::readiness::{self, Missing};
use crate::domain::validation::MAX_NAME;
use crate::domain::{FieldError, FieldErrors, Role, countries, language, time_zone};
use crate::error::{AppError, AppResult};
use crate::store::professionals::{self as store, Profile, Specialty};

/// Everything the profile page shows.
pub struct Overview {
    pub profile: Profile,
    pub specialties: Vec<String>,
    pub skills: Vec<String>,
    pub languages: Vec<(String, LanguageLevel)>,
    pub missing: Vec<Missing>,
}

fn empty_profile(user_id: &str) -> Profile {
    let now = crate::db::now();
    Profile {
        user_id: user_id.to_string(),
        created_at: now,
        updated_at: now,
        ..Profile::default()
    }
}

/// Creates the empty profile row the person's other rows hang on.
pub(crate) fn create_empty(c: &mut crate::db::DbConn, user_id: &str) -> AppResult<()> {
    store::save(c, &empty_profile(user_id))?;
    Ok(())
}

fn levels(rows: Vec<(String, String)>) -> Vec<(String, LanguageLevel)> {
    rows.into_iter()
        .filter_map(|(code, level)| Some((code, level.parse().ok()?)))
        .collect()
}

pub async fn overview(s: &Services, user: &CurrentUser) -> AppResult<Overview> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    let email_verified = user.email_verified;
    s.db.run(move |c| overview_of(c, &id, email_verified)).await
}

/// The own profile of the professional a bearer secret stands for, read
/// with the token in one trip to the database (the API's most frequent
/// read).
pub async fn overview_by_token(s: &Services, secret: &str) -> AppResult<Overview> {
    let (_, _, overview) = super::api_tokens::with_bearer(s, secret, |c, user, _| {
        user.require_role(Role::Professional)?;
        overview_of(c, &user.id, user.email_verified)
    })
    .await?;
    Ok(overview)
}

/// A professional's profile with what it still lacks, whoever reads it.
pub(crate) fn overview_of(
    c: &mut crate::db::DbConn,
    id: &str,
    email_verified: bool,
) -> AppResult<Overview> {
    let today = chrono::Utc::now().date_naive();
    let (profile, facts) = store::find_with_facts(c, id, today)?;
    let profile = profile.unwrap_or_else(|| empty_profile(id));
    let missing = readiness::missing(&readiness::Facts {
        email_verified,
        has_profession: profile.profession_code.is_some(),
        languages: facts.languages,
        future_windows: facts.future_windows,
        matching_consent: facts.matching_consent,
        wants_clinical: profile.wants_clinical,
        valid_verified_licences: facts.valid_verified_licences,
    });
    let tags = store::tags_of(c, id)?;
    Ok(Overview {
        specialties: tags.specialties,
        skills: tags.skills,
        languages: levels(tags.languages),
        missing,
        profile,
    })
}

// ---------------------------------------------------------------- work

/// The profession part of the profile, as typed.
#[derive(Clone, Debug, Default)]
pub struct WorkInput {
    pub profession: String,
    pub specialties: Vec<String>,
    pub years_experience: String,
    pub skills: String,
    pub wants_clinical: bool,
    pub bio: String,
}

/// What the work form needs: the saved values and the choices.
pub struct WorkForm {
    pub input: WorkInput,
    pub specialties: Arc<Vec<Specialty>>,
    pub suggestions: Arc<Vec<String>>,
}

/// Specialties and the popular skills change rarely; computing the popular
/// skills is a scan of every profile's tags, so both are kept for a while.
#[derive(Default)]
pub struct Vocabulary {
    specialties: Mutex<Option<(Instant, Arc<Vec<Specialty>>)>>,
    skills: Mutex<Option<(Instant, Arc<Vec<String>>)>>,
    residences: Mutex<Option<(Instant, Arc<Vec<String>>)>>,
    languages: Mutex<Option<(Instant, Arc<Vec<String>>)>>,
}

const VOCABULARY_FOR: Duration = Duration::from_secs(300);
const SUGGESTED_SKILLS: i64 = 100;

/// What `slot` keeps if still fresh, else what `load` reads, then kept.
async fn kept<T, F>(
    s: &Services,
    slot: &Mutex<Option<(Instant, Arc<T>)>>,
    load: F,
) -> AppResult<Arc<T>>
where
    T: Send + Sync + 'static,
    F: FnOnce(&mut crate::db::DbConn) -> AppResult<T> + Send + 'static,
{
    if let Ok(guard) = slot.lock()
        && let Some((at, value)) = guard.as_ref()
        && at.elapsed() < VOCABULARY_FOR
    {
        return Ok(value.clone());
    }
    let fresh = Arc::new(s.db.run(load).await?);
    if let Ok(mut guard) = slot.lock() {
        *guard = Some((Instant::now(), fresh.clone()));
    }
    Ok(fresh)
}

impl Vocabulary {
    async fn specialties(&self, s: &Services) -> AppResult<Arc<Vec<Specialty>>> {
        kept(s, &self.specialties, |c| Ok(store::all_specialties(c)?)).await
    }

    async fn skills(&self, s: &Services) -> AppResult<Arc<Vec<String>>> {
        kept(s, &self.skills, |c| {
            Ok(store::popular_skills(c, SUGGESTED_SKILLS)?)
        })
        .await
    }

    async fn get(&self, s: &Services) -> AppResult<(Arc<Vec<Specialty>>, Arc<Vec<String>>)> {
        Ok((self.specialties(s).await?, self.skills(s).await?))
    }

    /// Countries professionals live in, and languages they speak: the
    /// choices of the registry search.
    pub async fn registry_choices(
        &self,
        s: &Services,
    ) -> AppResult<(Arc<Vec<String>>, Arc<Vec<String>>)> {
        let residences = kept(s, &self.residences, |c| Ok(store::residence_countries(c)?)).await?;
        let languages = kept(s, &self.languages, |c| Ok(store::spoken_languages(c)?)).await?;
        Ok((residences, languages))
    }

    /// Forgets the specialties kept, after the list changed.
    pub fn forget_specialties(&self) {
        if let Ok(mut guard) = self.specialties.lock() {
            *guard = None;
        }
    }
}

/// Every specialty, with its names.
pub async fn specialties(s: &Services) -> AppResult<Arc<Vec<Specialty>>> {
    s.vocabulary.specialties(s).await
}

pub async fn work_form(s: &Services, user: &CurrentUser) -> AppResult<WorkForm> {
    user.require_role(Role::Professional)?;
    let (specialties, suggestions) = s.vocabulary.get(s).await?;
    let id = user.id.clone();
    let input =
        s.db.run(move |c| {
            let p = store::find(c, &id)?.unwrap_or_else(|| empty_profile(&id));
            Ok(WorkInput {
                profession: p.profession_code.unwrap_or_default(),
                specialties: store::specialties_of(c, &id)?,
                years_experience: p
                    .years_experience
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
                skills: store::skills_of(c, &id)?.join(", "),
                wants_clinical: p.wants_clinical,
                bio: p.bio,
            })
        })
        .await?;
    Ok(WorkForm {
        input,
        specialties,
        suggestions,
    })
}

/// The choices of the work form, for re-showing it after an error.
pub async fn work_choices(s: &Services, input: WorkInput) -> AppResult<WorkForm> {
    let (specialties, suggestions) = s.vocabulary.get(s).await?;
    Ok(WorkForm {
        input,
        specialties,
        suggestions,
    })
}

/// Free text that may span lines: at most `max` characters, no control
/// characters other than line breaks and tabs.
fn long_text(errors: &mut FieldErrors, field: &'static str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        errors.add(field, FieldError::too_long(max));
    } else if v
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.add(field, FieldError::new("err-control-chars"));
    }
    v.replace("\r\n", "\n")
}

pub async fn save_work(s: &Services, user: &CurrentUser, input: WorkInput) -> AppResult<()> {
    user.require_role(Role::Professional)?;
    let mut errors = FieldErrors::new();
    let profession = match input.profession.trim() {
        "" => None,
        code => match Profession::parse(code) {
            Some(p) => Some(p.code().to_string()),
            None => {
                errors.add("profession", FieldError::new("err-choice-unknown"));
                None
            }
        },
    };
    let years = match input.years_experience.trim() {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(n) if (0..=MAX_YEARS).contains(&n) => Some(n),
            _ => {
                errors.add(
                    "years_experience",
                    FieldError::new("err-number-range")
                        .arg("min", 0)
                        .arg("max", MAX_YEARS),
                );
                None
            }
        },
    };
    let mut specialties: Vec<String> = Vec::new();
    for code in &input.specialties {
        let code = code.trim().to_string();
        if !code.is_empty() && !specialties.contains(&code) {
            specialties.push(code);
        }
    }
    if specialties.len() > MAX_SPECIALTIES {
        errors.add(
            "specialties",
            FieldError::new("err-too-many").arg("max", MAX_SPECIALTIES),
        );
    }
    let skills = profile::parse_skills(&input.skills);
    if input
        .skills
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        errors.add("skills", FieldError::new("err-control-chars"));
    } else if skills.len() > MAX_SKILLS {
        errors.add(
            "skills",
            FieldError::new("err-too-many").arg("max", MAX_SKILLS),
        );
    } else if skills.iter().any(|t| t.chars().count() > MAX_SKILL) {
        errors.add(
            "skills",
            FieldError::new("err-skill-too-long").arg("max", MAX_SKILL),
        );
    }
    let bio = long_text(&mut errors, "bio", &input.bio, MAX_BIO);
    let id = user.id.clone();
    let wants_clinical = input.wants_clinical;
    let errors_so_far = errors;
    s.db.write(move |c| {
        let mut errors = errors_so_far;
        if specialties.len() <= MAX_SPECIALTIES {
            let known = store::known_specialties(c, &specialties)?;
            if known.len() != specialties.len() {
                errors.add("specialties", FieldError::new("err-choice-unknown"));
            }
        }
        errors.into_result().map_err(AppError::Validation)?;
        let mut p = store::find(c, &id)?.unwrap_or_else(|| empty_profile(&id));
        p.profession_code = profession;
        p.years_experience = years;
        p.wants_clinical = wants_clinical;
        p.bio = bio;
        p.updated_at = crate::db::now();
        store::save(c, &p)?;
        store::replace_specialties(c, &id, &specialties)?;
        store::replace_skills(c, &id, &skills)?;
        Ok(())
    })
    .await
}

// ---------------------------------------------------------------- place

/// Where the person comes from and lives, as typed.
#[derive(Clone, Debug, Default)]
pub struct PlaceInput {
    pub origin_country: String,
    pub residence_country: String,
    pub residence_city: String,
    pub residence_status: String,
    pub time_zone: String,
}

pub async fn place_form(s: &Services, user: &CurrentUser) -> AppResult<PlaceInput> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    s.db.run(move |c| {
        let p = store::find(c, &id)?.unwrap_or_else(|| empty_profile(&id));
        Ok(PlaceInput {
            origin_country: p.origin_country.unwrap_or_default(),
            residence_country: p.residence_country.unwrap_or_default(),
            residence_city: p.residence_city.unwrap_or_default(),
            residence_status: p.residence_status.unwrap_or_default(),
            time_zone: p.time_zone.unwrap_or_default(),
        })
    })
    .await
}

fn optional_country(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<String> {
    match value.trim() {
        "" => None,
        code => match countries::find(code) {
            Some(c) => Some(c.code.clone()),
            None => {
                errors.add(field, FieldError::new("err-country-unknown"));
                None
            }
        },
    }
}

pub async fn save_place(s: &Services, user: &CurrentUser, input: PlaceInput) -> AppResult<()> {
    user.require_role(Role::Professional)?;
    let mut errors = FieldErrors::new();
    let origin = optional_country(&mut errors, "origin_country", &input.origin_country);
    let residence = optional_country(&mut errors, "residence_country", &input.residence_country);
    let city = input.residence_city.trim().to_string();
    if city.chars().count() > MAX_NAME {
        errors.add("residence_city", FieldError::too_long(MAX_NAME));
    } else if city.chars().any(char::is_control) {
        errors.add("residence_city", FieldError::new("err-control-chars"));
    }
    let status = match input.residence_status.trim() {
        "" => None,
        v => match v.parse::<ResidenceStatus>() {
            Ok(st) => Some(st.as_str().to_string()),
            Err(()) => {
                errors.add("residence_status", FieldError::new("err-choice-unknown"));
                None
            }
        },
    };
    let zone = match input.time_zone.trim() {
        "" => None,
        z => match time_zone::parse(z) {
            Some(name) => Some(name.to_string()),
            None => {
                errors.add("time_zone", FieldError::new("err-time-zone-unknown"));
                None
            }
        },
    };
    errors.into_result().map_err(AppError::Validation)?;
    let id = user.id.clone();
    s.db.write(move |c| {
        let mut p = store::find(c, &id)?.unwrap_or_else(|| empty_profile(&id));
        p.origin_country = origin;
        p.residence_country = residence;
        p.residence_city = (!city.is_empty()).then_some(city);
        p.residence_status = status;
        p.time_zone = zone;
        p.updated_at = crate::db::now();
        store::save(c, &p)?;
        Ok(())
    })
    .await
}

// ---------------------------------------------------------------- languages

pub async fn languages(
    s: &Services,
    user: &CurrentUser,
) -> AppResult<Vec<(String, LanguageLevel)>> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    s.db.run(move |c| Ok(levels(store::languages_of(c, &id)?)))
        .await
}

/// Adds a language with its level, or changes the level of one listed.
pub async fn set_language(
    s: &Services,
    user: &CurrentUser,
    code: &str,
    level: &str,
) -> AppResult<()> {
    user.require_role(Role::Professional)?;
    let mut errors = FieldErrors::new();
    let language = language::find(code);
    if language.is_none() {
        errors.add("language", FieldError::new("err-choice-unknown"));
    }
    let level = level.parse::<LanguageLevel>().ok();
    if level.is_none() {
        errors.add("level", FieldError::new("err-choice-unknown"));
    }
    errors.into_result().map_err(AppError::Validation)?;
    let (Some(language), Some(level)) = (language, level) else {
        return Err(AppError::BadRequest);
    };
    let id = user.id.clone();
    s.db.write(move |c| {
        let listed = store::languages_of(c, &id)?;
        if listed.len() >= MAX_LANGUAGES && !listed.iter().any(|(l, _)| l == language.code()) {
            return Err(AppError::validation(
                "language",
                FieldError::new("err-too-many").arg("max", MAX_LANGUAGES),
            ));
        }
        if store::find(c, &id)?.is_none() {
            store::save(c, &empty_profile(&id))?;
        }
        store::set_language(c, &id, language.code(), level.as_str())?;
        Ok(())
    })
    .await
}

/// Removes one of the person's own languages; any other code is not found.
pub async fn remove_language(s: &Services, user: &CurrentUser, code: &str) -> AppResult<()> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    let code = code.to_string();
    s.db.write(move |c| {
        if store::remove_language(c, &id, &code)? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    })
    .await
}
