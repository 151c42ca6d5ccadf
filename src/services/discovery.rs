//! Discovery (SPEC F4): a professional searches open assignments, reads
//! one with what each programme covering it thinks of them, expresses
//! interest and withdraws it; coordinators see the interests standing in
//! their programmes' countries.

use super::accounts::CurrentUser;
use super::{Origin, Services, profiles};
use crate::db::{self, DbConn};
use crate::domain::Role;
use crate::domain::availability::LocalHours;
use crate::domain::discovery::{self, Criteria, MAX_PAGE, PAGE_SIZE, SearchInput};
use crate::domain::paging::Window;
use crate::domain::programme::{Eligibility, Ineligible, ProfessionalFacts, ineligibility};
use crate::domain::time_zone::{self, SeenSession};
use crate::error::{AppError, AppResult};
use crate::store::assignments::{self as assignments_store, Assignment, Parts};
use crate::store::audit::{self, Event};
use crate::store::discovery::{self as store, InterestListed, Listed, Standing};
use crate::store::facilities;
use crate::store::professionals;
use crate::store::programmes::{self, Programme};

/// The zone the professional reads times in, if their profile names one.
fn reader_zone(c: &mut DbConn, user: &CurrentUser) -> AppResult<Option<String>> {
    Ok(professionals::find(c, &user.id)?.and_then(|p| p.time_zone))
}

/// The weekly sessions (weekday, start, end in the facility's zone) of the
/// first week from `first_day`, seen from `reader` or else the facility's
/// own zone.
fn seen(
    sessions: &[(i32, i32, i32)],
    facility_zone: &str,
    reader: Option<&str>,
    first_day: chrono::NaiveDate,
) -> (String, Vec<SeenSession>) {
    let Some(from) = time_zone::zone(facility_zone) else {
        return (facility_zone.to_string(), Vec::new());
    };
    let to = reader.and_then(time_zone::zone).unwrap_or(from);
    let hours: Vec<LocalHours> = sessions
        .iter()
        .filter_map(|(d, s, e)| {
            LocalHours::new(
                u8::try_from(*d).ok()?,
                u16::try_from(*s).ok()?,
                u16::try_from(*e).ok()?,
            )
        })
        .collect();
    (
        to.name().to_string(),
        time_zone::sessions_seen_from(&hours, from, to, first_day),
    )
}

/// One open assignment found.
pub struct Found {
    pub listed: Listed,
    pub safeguards: bool,
    /// The zone the sessions are shown in, and the sessions (virtual work).
    pub zone: String,
    pub sessions: Vec<SeenSession>,
}

/// One page of results.
pub struct Results {
    pub criteria: Criteria,
    pub found: Vec<Found>,
    pub total: i64,
}

impl Results {
    pub fn pages(&self) -> i64 {
        ((self.total + PAGE_SIZE - 1) / PAGE_SIZE).min(MAX_PAGE)
    }
}

/// Searches open assignments; bad criteria are refused by field.
/// Searches open assignments; `window` says which of the results, else
/// the page the search names.
pub async fn search(
    s: &Services,
    user: &CurrentUser,
    input: &SearchInput,
    window: Option<Window>,
) -> AppResult<Results> {
    user.require_role(Role::Professional)?;
    let specialties = profiles::specialties(s).await?;
    let criteria = discovery::validate(input, |code| specialties.iter().any(|sp| sp.code == code))
        .map_err(AppError::Validation)?;
    let window = window.unwrap_or_else(|| Window::page(criteria.page, PAGE_SIZE));
    let user = user.clone();
    s.db.run(move |c| {
        let today = db::now().date();
        let (rows, total) = store::search(c, &criteria, today, window.limit, window.offset)?;
        let reader = reader_zone(c, &user)?;
        let virtual_ids: Vec<String> = rows
            .iter()
            .filter(|l| l.modality == "virtual")
            .map(|l| l.id.clone())
            .collect();
        let sessions = store::sessions_of(c, &virtual_ids)?;
        let mut countries: Vec<String> = rows.iter().map(|l| l.country_code.clone()).collect();
        countries.sort();
        countries.dedup();
        let listed = store::on_safeguards_list(c, &countries)?;
        let found = rows
            .into_iter()
            .map(|l| {
                let mine: Vec<(i32, i32, i32)> = sessions
                    .iter()
                    .filter(|(id, ..)| *id == l.id)
                    .map(|(_, d, st, e)| (*d, *st, *e))
                    .collect();
                let (zone, sessions) = seen(&mine, &l.time_zone, reader.as_deref(), l.starts_on);
                Found {
                    safeguards: listed.contains(&l.country_code),
                    zone,
                    sessions,
                    listed: l,
                }
            })
            .collect();
        Ok(Results {
            criteria,
            found,
            total,
        })
    })
    .await
}

/// The countries and languages of open assignments, for the search form.
pub async fn search_choices(
    s: &Services,
    user: &CurrentUser,
) -> AppResult<(Vec<String>, Vec<String>)> {
    user.require_role(Role::Professional)?;
    s.db.run(|c| Ok((store::open_countries(c)?, store::open_languages(c)?)))
        .await
}

/// What a professional may know of a facility.
pub struct PublicFacility {
    pub name: String,
    pub kind: String,
    pub city: String,
    pub region: String,
    pub country_code: String,
}

/// An active programme covering the assignment's country, and why the
/// reader falls outside it (nothing when eligible).
pub struct ProgrammeFit {
    pub programme: Programme,
    pub why_not: Vec<Ineligible>,
}

/// One open assignment as a professional reads it.
pub struct Reading {
    pub assignment: Assignment,
    pub parts: Parts,
    pub facility: PublicFacility,
    pub safeguards: bool,
    pub programmes: Vec<ProgrammeFit>,
    pub interest: Option<Standing>,
    pub zone: String,
    pub sessions: Vec<SeenSession>,
}

/// An open assignment; drafts, closed, filled and unknown ones are not
/// found.
fn open_assignment(c: &mut DbConn, id: &str) -> AppResult<Assignment> {
    assignments_store::find(c, id)?
        .filter(|a| a.status == "open")
        .ok_or(AppError::NotFound)
}

/// Reads one open assignment.
pub async fn read(s: &Services, user: &CurrentUser, assignment_id: &str) -> AppResult<Reading> {
    user.require_role(Role::Professional)?;
    let user = user.clone();
    let id = assignment_id.to_string();
    s.db.run(move |c| {
        let assignment = open_assignment(c, &id)?;
        let f = facilities::find(c, &assignment.facility_id)?.ok_or(AppError::NotFound)?;
        let parts = assignments_store::parts_of(c, &assignment.id)?;
        let profile = professionals::find(c, &user.id)?;
        let facts = ProfessionalFacts {
            origin_country: profile.as_ref().and_then(|p| p.origin_country.as_deref()),
            residence_status: profile
                .as_ref()
                .and_then(|p| p.residence_status.as_deref())
                .and_then(|s| s.parse().ok()),
            years_experience: profile.as_ref().and_then(|p| p.years_experience),
        };
        let programmes = programmes::active_covering(c, &assignment.country_code)?
            .into_iter()
            .map(|(p, countries)| {
                let rules = Eligibility {
                    residence_statuses: crate::domain::programme::parse_statuses(
                        &p.residence_statuses,
                    ),
                    min_years_experience: p.min_years_experience,
                    onsite_min_days: p.onsite_min_days,
                    onsite_max_days: p.onsite_max_days,
                };
                ProgrammeFit {
                    why_not: ineligibility(&countries, &rules, &facts),
                    programme: p,
                }
            })
            .collect();
        let reader = profile.as_ref().and_then(|p| p.time_zone.clone());
        let (zone, sessions) = seen(
            &parts.sessions,
            &assignment.time_zone,
            reader.as_deref(),
            assignment.starts_on,
        );
        Ok(Reading {
            safeguards: !store::on_safeguards_list(
                c,
                std::slice::from_ref(&assignment.country_code),
            )?
            .is_empty(),
            interest: store::standing(c, &assignment.id, &user.id)?,
            facility: PublicFacility {
                name: f.name,
                kind: f.kind,
                city: f.city,
                region: f.region,
                country_code: f.country_code,
            },
            parts,
            programmes,
            zone,
            sessions,
            assignment,
        })
    })
    .await
}

fn record(
    c: &mut DbConn,
    user: &CurrentUser,
    action: &'static str,
    interest_id: &str,
    origin: &Origin,
) -> AppResult<()> {
    audit::record(
        c,
        &Event {
            actor_id: Some(&user.id),
            action,
            object_type: Some("interest"),
            object_id: Some(interest_id),
            detail: None,
            client_addr: origin.addr.as_deref(),
        },
        db::now(),
    )?;
    Ok(())
}

/// Expresses interest in an open assignment, with a note; one standing
/// interest per professional and assignment.
pub async fn express_interest(
    s: &Services,
    user: &CurrentUser,
    assignment_id: &str,
    note: &str,
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Professional)?;
    let note = discovery::interest_note(note).map_err(AppError::Validation)?;
    let user = user.clone();
    let id = assignment_id.to_string();
    let origin = origin.clone();
    s.db.write(move |c| {
        let a = open_assignment(c, &id)?;
        if store::standing(c, &a.id, &user.id)?.is_some() {
            return Err(AppError::Conflict("conflict-interest-standing"));
        }
        let interest_id = db::new_id();
        store::express(c, &interest_id, &a.id, &user.id, &note, db::now()).map_err(|e| {
            match e {
                // Two requests at once: the index keeps one.
                diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                ) => AppError::Conflict("conflict-interest-standing"),
                other => other.into(),
            }
        })?;
        record(c, &user, "interest_expressed", &interest_id, &origin)
    })
    .await
}

/// Withdraws the professional's standing interest; nothing happens when
/// there is none.
pub async fn withdraw_interest(
    s: &Services,
    user: &CurrentUser,
    assignment_id: &str,
    origin: &Origin,
) -> AppResult<()> {
    user.require_role(Role::Professional)?;
    let user = user.clone();
    let id = assignment_id.to_string();
    let origin = origin.clone();
    s.db.write(move |c| {
        let a = open_assignment(c, &id)?;
        if let Some(interest_id) = store::withdraw(c, &a.id, &user.id, db::now())? {
            record(c, &user, "interest_withdrawn", &interest_id, &origin)?;
        }
        Ok(())
    })
    .await
}

/// A window of the interests standing in a coordinator's countries.
pub struct CoordinatorInterests {
    pub interests: Vec<InterestListed>,
    pub total: i64,
    pub window: Window,
}

impl CoordinatorInterests {
    pub fn page(&self) -> i64 {
        self.window.page_number()
    }

    pub fn pages(&self) -> i64 {
        self.window.pages(self.total)
    }
}

/// The interests standing in assignments of the coordinator's programmes'
/// countries, newest first.
pub async fn interests_for_coordinator(
    s: &Services,
    user: &CurrentUser,
    window: Window,
) -> AppResult<CoordinatorInterests> {
    user.require_role(Role::Coordinator)?;
    let user = user.clone();
    s.db.run(move |c| {
        let countries = programmes::countries_of_coordinator(c, &user.id)?;
        let (interests, total) =
            store::standing_in_countries(c, &countries, window.limit, window.offset)?;
        Ok(CoordinatorInterests {
            interests,
            total,
            window,
        })
    })
    .await
}
