//! Programmes: administrators create and edit them; coordinators act inside
//! the active ones they belong to.

use std::collections::HashMap;

use super::accounts::CurrentUser;
use super::{Origin, Services};
use crate::db;
use crate::domain::programme::{
    self, Criterion, ProgrammeDraft, ValidProgramme, format_statuses, parse_statuses,
};
use crate::domain::{FieldError, Role};
use crate::error::{AppError, AppResult};
use crate::store::audit::{self, Event};
use crate::store::programmes::{self as store, Programme};

/// A programme with its countries and coordinators, for the list.
#[derive(Clone, Debug)]
pub struct ProgrammeSummary {
    pub programme: Programme,
    pub countries: Vec<String>,
    pub coordinators: usize,
}

/// Every programme, for an administrator.
pub async fn list(s: &Services, user: &CurrentUser) -> AppResult<Vec<ProgrammeSummary>> {
    user.require_role(Role::Admin)?;
    s.db.run(|c| {
        let mut countries: HashMap<String, Vec<String>> = HashMap::new();
        for (p, code) in store::all_countries(c)? {
            countries.entry(p).or_default().push(code);
        }
        let mut coordinators: HashMap<String, usize> = HashMap::new();
        for (p, ..) in store::all_coordinators(c)? {
            *coordinators.entry(p).or_default() += 1;
        }
        Ok(store::all(c)?
            .into_iter()
            .map(|p| ProgrammeSummary {
                countries: countries.remove(&p.id).unwrap_or_default(),
                coordinators: coordinators.get(&p.id).copied().unwrap_or(0),
                programme: p,
            })
            .collect())
    })
    .await
}

/// One programme with its countries and coordinators, for an administrator.
pub async fn summary(s: &Services, user: &CurrentUser, id: &str) -> AppResult<ProgrammeSummary> {
    user.require_role(Role::Admin)?;
    let id = id.to_string();
    s.db.run(move |c| {
        let programme = store::find(c, &id)?.ok_or(AppError::NotFound)?;
        Ok(ProgrammeSummary {
            countries: store::countries_of(c, &id)?,
            coordinators: usize::try_from(store::coordinator_count(c, &id)?).unwrap_or(0),
            programme,
        })
    })
    .await
}

/// The form of one programme as stored, for editing.
pub async fn draft(s: &Services, user: &CurrentUser, id: &str) -> AppResult<ProgrammeDraft> {
    user.require_role(Role::Admin)?;
    let id = id.to_string();
    s.db.run(move |c| {
        let p = store::find(c, &id)?.ok_or(AppError::NotFound)?;
        let countries = store::countries_of(c, &id)?;
        Ok(to_draft(&p, countries))
    })
    .await
}

fn to_draft(p: &Programme, countries: Vec<String>) -> ProgrammeDraft {
    let weights = [
        p.weight_diaspora,
        p.weight_skills,
        p.weight_experience,
        p.weight_availability,
        p.weight_languages,
        p.weight_track_record,
        p.weight_interest,
        p.weight_safeguards,
        p.weight_urgency,
    ];
    ProgrammeDraft {
        code: p.code.clone(),
        name_en: p.name_en.clone(),
        name_fr: p.name_fr.clone(),
        countries,
        residence_statuses: parse_statuses(&p.residence_statuses)
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        min_years_experience: p.min_years_experience.to_string(),
        onsite_min_days: p.onsite_min_days.to_string(),
        onsite_max_days: p.onsite_max_days.to_string(),
        weights: weights.iter().map(i32::to_string).collect(),
        status: p.status.clone(),
    }
}

fn to_row(id: &str, v: &ValidProgramme, created_at: chrono::NaiveDateTime) -> Programme {
    let w = |c: Criterion| v.weights.get(c);
    Programme {
        id: id.to_string(),
        code: v.code.clone(),
        name_en: v.name_en.clone(),
        name_fr: v.name_fr.clone(),
        residence_statuses: format_statuses(&v.eligibility.residence_statuses),
        min_years_experience: v.eligibility.min_years_experience,
        onsite_min_days: v.eligibility.onsite_min_days,
        onsite_max_days: v.eligibility.onsite_max_days,
        weight_diaspora: w(Criterion::Diaspora),
        weight_skills: w(Criterion::Skills),
        weight_experience: w(Criterion::Experience),
        weight_availability: w(Criterion::Availability),
        weight_languages: w(Criterion::Languages),
        weight_track_record: w(Criterion::TrackRecord),
        weight_interest: w(Criterion::Interest),
        weight_safeguards: w(Criterion::Safeguards),
        weight_urgency: w(Criterion::Urgency),
        status: v.status.as_str().to_string(),
        created_at,
        updated_at: db::now(),
    }
}

fn code_taken() -> AppError {
    AppError::validation("code", FieldError::new("err-programme-code-taken"))
}

/// Creates a programme; returns its id.
pub async fn create(
    s: &Services,
    user: &CurrentUser,
    draft: &ProgrammeDraft,
    origin: &Origin,
) -> AppResult<String> {
    user.require_role(Role::Admin)?;
    let valid = programme::validate(draft).map_err(AppError::Validation)?;
    let actor = user.id.clone();
    let addr = origin.addr.clone();
    s.db.write(move |c| {
        if store::code_taken(c, &valid.code, "")? {
            return Err(code_taken());
        }
        let id = db::new_id();
        let now = db::now();
        store::insert(c, &to_row(&id, &valid, now))?;
        store::replace_countries(c, &id, &valid.countries)?;
        record(
            c,
            &actor,
            "programme_created",
            &id,
            &valid.code,
            addr.as_deref(),
        )?;
        Ok(id)
    })
    .await
}

/// Changes a programme's every field.
pub async fn update(
    s: &Services,
    user: &CurrentUser,
    id: &str,
    draft: &ProgrammeDraft,
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Admin)?;
    let valid = programme::validate(draft).map_err(AppError::Validation)?;
    let actor = user.id.clone();
    let addr = origin.addr.clone();
    let id = id.to_string();
    s.db.write(move |c| {
        let before = store::find(c, &id)?.ok_or(AppError::NotFound)?;
        if store::code_taken(c, &valid.code, &id)? {
            return Err(code_taken());
        }
        store::update(c, &to_row(&id, &valid, before.created_at))?;
        store::replace_countries(c, &id, &valid.countries)?;
        record(
            c,
            &actor,
            "programme_changed",
            &id,
            &valid.code,
            addr.as_deref(),
        )
    })
    .await
}

fn record(
    c: &mut db::DbConn,
    actor: &str,
    action: &str,
    id: &str,
    code: &str,
    addr: Option<&str>,
) -> AppResult<()> {
    audit::record(
        c,
        &Event {
            actor_id: Some(actor),
            action,
            object_type: Some("programme"),
            object_id: Some(id),
            detail: Some(code),
            client_addr: addr,
        },
        db::now(),
    )?;
    Ok(())
}

/// The active programmes a coordinator acts in.
pub async fn mine(s: &Services, user: &CurrentUser) -> AppResult<Vec<Programme>> {
    user.require_role(Role::Coordinator)?;
    let id = user.id.clone();
    s.db.run(move |c| Ok(store::of_coordinator(c, &id)?)).await
}

/// Every programme as (id, code, name), active first: the choices of an
/// invitation or a change of programmes.
pub async fn choices(s: &Services, user: &CurrentUser) -> AppResult<Vec<Programme>> {
    user.require_role(Role::Admin)?;
    s.db.run(|c| Ok(store::all(c)?)).await
}

/// The countries of the coordinator's active programmes.
pub async fn my_countries(s: &Services, user: &CurrentUser) -> AppResult<Vec<String>> {
    user.require_role(Role::Coordinator)?;
    let id = user.id.clone();
    s.db.run(move |c| Ok(store::countries_of_coordinator(c, &id)?))
        .await
}
