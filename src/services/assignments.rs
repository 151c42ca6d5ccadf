//! Terms of Reference as a facility's staff write them (SPEC F3): create a
//! draft, edit it, publish it, close it with a reason. Only staff of a
//! verified facility reach its assignments; anyone else finds nothing.

use std::sync::Arc;

use chrono::NaiveDate;

use super::accounts::CurrentUser;
use super::{Origin, Services};
use crate::db::{self, DbConn};
use crate::domain::assignment::{
    self, AssignmentInput, AssignmentStatus, LANGUAGE_ROWS, Rules, SESSION_ROWS, ValidAssignment,
};
use crate::domain::availability::LocalHours;
use crate::domain::facility::FacilityStatus;
use crate::domain::paging::Window;
use crate::domain::{Role, time_zone};
use crate::error::{AppError, AppResult};
use crate::mail::compose;
use crate::store::assignments::{self as store, Assignment, InterestSeen, Parts};
use crate::store::audit::{self, Event};
use crate::store::facilities::{self, Facility};
use crate::store::professionals::Specialty;
use crate::store::programmes;

/// Assignments a page lists.
pub const PAGE_SIZE: i64 = 20;

/// A verified facility of the signed-in staff member; anything else is not
/// found.
fn posting_facility(c: &mut DbConn, user: &CurrentUser, facility_id: &str) -> AppResult<Facility> {
    user.require_role(Role::Facility)?;
    facilities::for_staff(c, &user.id)?
        .into_iter()
        .find(|f| f.id == facility_id && f.status == FacilityStatus::Verified.as_str())
        .ok_or(AppError::NotFound)
}

/// One of the facility's assignments; another facility's is not found.
fn own_assignment(
    c: &mut DbConn,
    user: &CurrentUser,
    facility_id: &str,
    assignment_id: &str,
) -> AppResult<(Facility, Assignment)> {
    let f = posting_facility(c, user, facility_id)?;
    let a = store::find(c, assignment_id)?
        .filter(|a| a.facility_id == f.id)
        .ok_or(AppError::NotFound)?;
    Ok((f, a))
}

/// The form's choices and defaults.
pub struct FormContext {
    pub facility: Facility,
    pub specialties: Arc<Vec<Specialty>>,
    /// The zones of the facility's country, the first the default.
    pub zones: Vec<&'static str>,
    pub onsite_days: Option<(i32, i32)>,
    /// Languages professionals of the registry speak.
    pub spoken: Arc<Vec<String>>,
}

fn rules<'a>(
    today: NaiveDate,
    onsite_days: Option<(i32, i32)>,
    known: &'a dyn Fn(&str) -> bool,
) -> Rules<'a> {
    Rules {
        today,
        onsite_days,
        specialty_known: known,
    }
}

/// What the form needs for a new assignment.
pub async fn form_context(
    s: &Services,
    user: &CurrentUser,
    facility_id: &str,
) -> AppResult<FormContext> {
    let specialties = super::profiles::specialties(s).await?;
    let (_, spoken) = s.vocabulary.registry_choices(s).await?;
    let user = user.clone();
    let id = facility_id.to_string();
    s.db.run(move |c| {
        let facility = posting_facility(c, &user, &id)?;
        let onsite_days = programmes::onsite_bounds_for(c, &facility.country_code)?;
        Ok(FormContext {
            spoken,
            zones: time_zone::of_country(&facility.country_code),
            facility,
            specialties,
            onsite_days,
        })
    })
    .await
}

/// An empty form: the facility's own time zone, one position.
pub fn blank_input(ctx: &FormContext) -> AssignmentInput {
    AssignmentInput {
        modality: "on_site".into(),
        positions: "1".into(),
        min_years_experience: "0".into(),
        time_zone: ctx.zones.first().copied().unwrap_or("UTC").to_string(),
        languages: vec![Default::default(); LANGUAGE_ROWS],
        sessions: vec![Default::default(); SESSION_ROWS],
        ..Default::default()
    }
}

fn row_of(v: &ValidAssignment, base: Assignment) -> (Assignment, Parts) {
    let a = Assignment {
        title: v.title.clone(),
        objectives: v.objectives.clone(),
        specialty_code: v.specialty.clone(),
        modality: v.modality.as_str().to_string(),
        starts_on: v.dates.start(),
        ends_on: v.dates.end(),
        hours_per_week: v.hours_per_week,
        positions: v.positions,
        clinical: v.clinical,
        support_travel: v.support.travel,
        support_accommodation: v.support.accommodation,
        support_allowance: v.support.allowance,
        support_insurance: v.support.insurance,
        support_details: v.support.details.clone(),
        min_years_experience: v.min_years_experience,
        urgent: v.urgent,
        time_zone: v.time_zone.clone(),
        ..base
    };
    let mut skills: Vec<(String, bool)> = v
        .required_skills
        .iter()
        .map(|t| (t.clone(), true))
        .collect();
    skills.extend(v.desired_skills.iter().map(|t| (t.clone(), false)));
    let parts = Parts {
        professions: v.professions.clone(),
        skills,
        languages: v
            .languages
            .iter()
            .map(|(c, l)| (c.clone(), l.as_str().to_string()))
            .collect(),
        sessions: v
            .sessions
            .iter()
            .map(|s| {
                (
                    i32::from(s.weekday()),
                    i32::from(s.start_minute()),
                    i32::from(s.end_minute()),
                )
            })
            .collect(),
    };
    (a, parts)
}

/// The form as the stored assignment fills it.
pub fn input_of(a: &Assignment, p: &Parts) -> AssignmentInput {
    let mut languages: Vec<(String, String)> = p.languages.clone();
    languages.resize(LANGUAGE_ROWS.max(languages.len()), Default::default());
    let mut sessions: Vec<(String, String, String)> = p
        .sessions
        .iter()
        .map(|(d, s, e)| {
            (
                d.to_string(),
                LocalHours::clock(*s as u16),
                LocalHours::clock(*e as u16),
            )
        })
        .collect();
    sessions.resize(SESSION_ROWS.max(sessions.len()), Default::default());
    let skills = |required: bool| {
        p.skills
            .iter()
            .filter(|(_, r)| *r == required)
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    AssignmentInput {
        title: a.title.clone(),
        objectives: a.objectives.clone(),
        professions: p.professions.clone(),
        specialty: a.specialty_code.clone().unwrap_or_default(),
        required_skills: skills(true),
        desired_skills: skills(false),
        languages,
        modality: a.modality.clone(),
        starts_on: a.starts_on.to_string(),
        ends_on: a.ends_on.to_string(),
        hours_per_week: a.hours_per_week.map(|h| h.to_string()).unwrap_or_default(),
        sessions,
        positions: a.positions.to_string(),
        clinical: a.clinical,
        support_travel: a.support_travel,
        support_accommodation: a.support_accommodation,
        support_allowance: a.support_allowance,
        support_insurance: a.support_insurance,
        support_details: a.support_details.clone(),
        min_years_experience: a.min_years_experience.to_string(),
        urgent: a.urgent,
        time_zone: a.time_zone.clone(),
    }
}

fn record(
    c: &mut DbConn,
    user: &CurrentUser,
    action: &'static str,
    id: &str,
    origin: &Origin,
) -> AppResult<()> {
    audit::record(
        c,
        &Event {
            actor_id: Some(&user.id),
            action,
            object_type: Some("assignment"),
            object_id: Some(id),
            detail: None,
            client_addr: origin.addr.as_deref(),
        },
        db::now(),
    )?;
    Ok(())
}

/// Saves a new assignment as a draft; bad fields are refused by field and
/// nothing is written.
pub async fn create(
    s: &Services,
    user: &CurrentUser,
    facility_id: &str,
    input: &AssignmentInput,
    origin: &Origin,
) -> AppResult<String> {
    let specialties = super::profiles::specialties(s).await?;
    let user = user.clone();
    let facility_id = facility_id.to_string();
    let input = input.clone();
    let origin = origin.clone();
    s.db.write(move |c| {
        let f = posting_facility(c, &user, &facility_id)?;
        let now = db::now();
        let known = |code: &str| specialties.iter().any(|sp| sp.code == code);
        let bounds = programmes::onsite_bounds_for(c, &f.country_code)?;
        let valid = assignment::validate(&input, &rules(now.date(), bounds, &known))
            .map_err(AppError::Validation)?;
        let base = Assignment {
            id: db::new_id(),
            facility_id: f.id.clone(),
            country_code: f.country_code.clone(),
            status: AssignmentStatus::Draft.as_str().to_string(),
            closed_reason: None,
            created_by: Some(user.id.clone()),
            published_at: None,
            closed_at: None,
            created_at: now,
            updated_at: now,
            title: String::new(),
            objectives: String::new(),
            specialty_code: None,
            modality: String::new(),
            starts_on: now.date(),
            ends_on: now.date(),
            hours_per_week: None,
            positions: 1,
            clinical: false,
            support_travel: false,
            support_accommodation: false,
            support_allowance: false,
            support_insurance: false,
            support_details: String::new(),
            min_years_experience: 0,
            urgent: false,
            time_zone: String::new(),
        };
        let (a, parts) = row_of(&valid, base);
        store::insert(c, &a, &parts)?;
        record(c, &user, "assignment_created", &a.id, &origin)?;
        Ok(a.id)
    })
    .await
}

/// Saves the changes to a draft or open assignment. When it is open and
/// people expressed interest, each is told by email.
pub async fn update(
    s: &Services,
    user: &CurrentUser,
    facility_id: &str,
    assignment_id: &str,
    input: &AssignmentInput,
    origin: &Origin,
) -> AppResult<()> {
    let specialties = super::profiles::specialties(s).await?;
    let svc = s.clone();
    let user = user.clone();
    let (facility_id, assignment_id) = (facility_id.to_string(), assignment_id.to_string());
    let input = input.clone();
    let origin = origin.clone();
    s.db.write(move |c| {
        let (f, current) = own_assignment(c, &user, &facility_id, &assignment_id)?;
        let status: AssignmentStatus = current.status.parse().unwrap_or(AssignmentStatus::Closed);
        if !status.is_editable() {
            return Err(AppError::Conflict("conflict-assignment-not-editable"));
        }
        let now = db::now();
        let known = |code: &str| specialties.iter().any(|sp| sp.code == code);
        let bounds = programmes::onsite_bounds_for(c, &f.country_code)?;
        let valid = assignment::validate(&input, &rules(now.date(), bounds, &known))
            .map_err(AppError::Validation)?;
        let (a, parts) = row_of(
            &valid,
            Assignment {
                updated_at: now,
                ..current
            },
        );
        if !store::update(c, &a, &parts)? {
            return Err(AppError::Conflict("conflict-assignment-not-editable"));
        }
        if status == AssignmentStatus::Open {
            let link = svc.config.public_link(&format!("/assignments/{}", a.id));
            for (email, name, locale) in store::interested(c, &a.id)? {
                let letter = compose::assignment_changed(
                    locale.parse().unwrap_or_default(),
                    &name,
                    &a.title,
                    &f.name,
                    link.clone(),
                );
                Services::enqueue_email(c, &email, &letter)?;
            }
        }
        record(c, &user, "assignment_updated", &a.id, &origin)
    })
    .await
}

/// Opens a draft to professionals.
pub async fn publish(
    s: &Services,
    user: &CurrentUser,
    facility_id: &str,
    assignment_id: &str,
    origin: &Origin,
) -> AppResult<()> {
    let user = user.clone();
    let (facility_id, assignment_id) = (facility_id.to_string(), assignment_id.to_string());
    let origin = origin.clone();
    s.db.write(move |c| {
        let (_, a) = own_assignment(c, &user, &facility_id, &assignment_id)?;
        let today = db::now().date();
        if a.starts_on < today {
            return Err(AppError::Conflict("conflict-assignment-past"));
        }
        if !store::publish(c, &a.id, db::now())? {
            return Err(AppError::Conflict("conflict-assignment-not-draft"));
        }
        record(c, &user, "assignment_published", &a.id, &origin)
    })
    .await
}

/// Closes a draft or an open assignment, with the reason.
pub async fn close(
    s: &Services,
    user: &CurrentUser,
    facility_id: &str,
    assignment_id: &str,
    reason: &str,
    origin: &Origin,
) -> AppResult<()> {
    let reason = assignment::close_reason(reason).map_err(AppError::Validation)?;
    let user = user.clone();
    let (facility_id, assignment_id) = (facility_id.to_string(), assignment_id.to_string());
    let origin = origin.clone();
    s.db.write(move |c| {
        let (_, a) = own_assignment(c, &user, &facility_id, &assignment_id)?;
        if !store::close(c, &a.id, &reason, db::now())? {
            return Err(AppError::Conflict("conflict-assignment-over"));
        }
        record(c, &user, "assignment_closed", &a.id, &origin)
    })
    .await
}

/// A facility's assignments, a window of them, with the interests in each.
pub struct FacilityAssignments {
    pub facility: Facility,
    pub assignments: Vec<(Assignment, i64)>,
    pub total: i64,
    pub window: Window,
}

impl FacilityAssignments {
    pub fn page(&self) -> i64 {
        self.window.page_number()
    }

    pub fn pages(&self) -> i64 {
        self.window.pages(self.total)
    }
}

pub async fn list(
    s: &Services,
    user: &CurrentUser,
    facility_id: &str,
    window: Window,
) -> AppResult<FacilityAssignments> {
    let user = user.clone();
    let facility_id = facility_id.to_string();
    s.db.run(move |c| {
        let facility = posting_facility(c, &user, &facility_id)?;
        let (rows, total) = store::of_facility(c, &facility.id, window.limit, window.offset)?;
        let ids: Vec<String> = rows.iter().map(|a| a.id.clone()).collect();
        let counts = store::interest_counts(c, &ids)?;
        let assignments = rows
            .into_iter()
            .map(|a| {
                let n = counts
                    .iter()
                    .find(|(id, _)| *id == a.id)
                    .map_or(0, |(_, n)| *n);
                (a, n)
            })
            .collect();
        Ok(FacilityAssignments {
            facility,
            assignments,
            total,
            window,
        })
    })
    .await
}

/// One assignment as its facility reads it, with the interests received
/// (names and professions only, SECURITY 22).
pub struct AssignmentView {
    pub facility: Facility,
    pub assignment: Assignment,
    pub parts: Parts,
    pub interests: Vec<InterestSeen>,
    /// Matches offered to the facility for this assignment; the name is
    /// blank where the professional has not shared their profile.
    pub matches: Vec<crate::store::matches::MatchListed>,
}

pub async fn view(
    s: &Services,
    user: &CurrentUser,
    facility_id: &str,
    assignment_id: &str,
) -> AppResult<AssignmentView> {
    let user = user.clone();
    let (facility_id, assignment_id) = (facility_id.to_string(), assignment_id.to_string());
    s.db.run(move |c| {
        let (facility, assignment) = own_assignment(c, &user, &facility_id, &assignment_id)?;
        let mut matches = crate::store::matches::of_assignment(c, &assignment.id)?;
        super::match_sharing::hide_unshared_names(c, &mut matches)?;
        Ok(AssignmentView {
            parts: store::parts_of(c, &assignment.id)?,
            interests: store::interests_in(c, &assignment.id)?,
            matches,
            facility,
            assignment,
        })
    })
    .await
}
