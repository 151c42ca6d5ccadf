//! The observatory's figures (SPEC F7): for coordinators and admins, exact,
//! over their programmes' countries; for the public, protected, over the
//! professionals who consent to be counted.
//!
//! Freshness: what the store counts is read in a few grouped queries and
//! kept, with the public cubes protected once, for at most
//! `FIGURES_FOR`. Changes that must leave the public figures at once (a
//! consent to be counted given or withdrawn, an account erased) move
//! `figures_stamp` in their own transaction; every request compares the
//! stamp, one indexed read, and reads everything again when it moved, on
//! every server. Other changes (a new profile, a report filed) show within
//! `FIGURES_FOR`, and each page says when its figures were read.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use tokio::sync::Mutex;

use super::Services;
use super::accounts::CurrentUser;
use crate::domain::disclosure::Protected;
use crate::domain::observatory::{
    self as domain, AssignmentFact, Cubes, DeliveredFact, Facts, Filters, LicenceState, Month,
    People, Report, Scope,
};
use crate::domain::profession::Profession;
use crate::domain::{FieldError, FieldErrors, Role};
use crate::error::{AppError, AppResult};
use crate::store::{observatory as store, programmes, safeguards};

/// How long figures are kept when nothing moved the stamp.
pub const FIGURES_FOR: Duration = Duration::from_secs(60);

/// What was read, and the public's protected cubes.
pub struct Snapshot {
    stamp: i64,
    taken: Instant,
    today: NaiveDate,
    /// When the figures were read, for the page to say.
    pub read_at: NaiveDateTime,
    facts: Facts,
    safeguards: HashSet<String>,
    public: Cubes<Protected>,
}

/// The figures kept between requests.
#[derive(Default)]
pub struct Keeper {
    /// Held while figures are read that requests must wait for.
    slot: Mutex<Option<Arc<Snapshot>>>,
    /// Figures being read behind the requests.
    refreshing: AtomicBool,
}

/// The figures. When the stamp moved (someone must leave the public
/// figures), the day changed or nothing is kept, they are read now and the
/// request waits; when they are merely older than `FIGURES_FOR`, the kept
/// ones serve while they are read anew behind.
async fn snapshot(s: &Services) -> AppResult<Arc<Snapshot>> {
    let stamp = s.db.run(|c| Ok(store::stamp(c)?)).await?;
    let today = s.clock.today();
    let current = |kept: &Option<Arc<Snapshot>>| {
        kept.as_ref()
            .filter(|k| k.stamp == stamp && k.today == today)
            .cloned()
    };
    if let Some(kept) = current(&*s.figures.slot.lock().await) {
        if kept.taken.elapsed() >= FIGURES_FOR && !s.figures.refreshing.swap(true, Ordering::AcqRel)
        {
            let svc = s.clone();
            tokio::spawn(async move {
                match read(&svc, today).await {
                    Ok(fresh) => {
                        let mut slot = svc.figures.slot.lock().await;
                        if slot.as_ref().is_none_or(|k| k.stamp <= fresh.stamp) {
                            *slot = Some(Arc::new(fresh));
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "observatory figures not read"),
                }
                svc.figures.refreshing.store(false, Ordering::Release);
            });
        }
        return Ok(kept);
    }
    let mut slot = s.figures.slot.lock().await;
    // Another request may have read them while this one waited.
    if let Some(kept) = current(&slot) {
        return Ok(kept);
    }
    let fresh = Arc::new(read(s, today).await?);
    *slot = Some(fresh.clone());
    Ok(fresh)
}

/// Reads the figures and protects the public's.
async fn read(s: &Services, today: NaiveDate) -> AppResult<Snapshot> {
    let started = Instant::now();
    let (stamp, facts, safeguards) =
        s.db.run(move |c| {
            // Read together, so that the stamp kept is never newer than the facts.
            let stamp = store::stamp(c)?;
            Ok((stamp, facts(c, today)?, safeguards::countries(c)?))
        })
        .await?;
    let read_at = s.clock.now();
    let read_in = started.elapsed();
    tokio::task::spawn_blocking(move || -> AppResult<Snapshot> {
        let safeguards: HashSet<String> = safeguards.into_iter().collect();
        let public = domain::cubes(
            &facts,
            &Scope::default(),
            &Filters::default(),
            &safeguards,
            true,
        )
        .map_err(|e| AppError::Internal(anyhow::anyhow!("public figures: {e}")))?
        .protect();
        tracing::info!(
            read_ms = read_in.as_millis() as u64,
            protected_ms = (started.elapsed() - read_in).as_millis() as u64,
            "observatory figures read"
        );
        Ok(Snapshot {
            stamp,
            taken: Instant::now(),
            today,
            read_at,
            facts,
            safeguards,
            public,
        })
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("public figures: {e}")))?
}

/// Everything the observatory counts, from the store.
fn facts(c: &mut crate::db::DbConn, today: NaiveDate) -> AppResult<Facts> {
    let people = store::people(c, today)?
        .into_iter()
        .map(|r| People {
            profession: r.profession,
            origin: r.origin,
            residence: r.residence,
            ready: r.ready,
            licence: match r.licence {
                2 => LicenceState::Verified,
                1 => LicenceState::Awaiting,
                _ => LicenceState::None,
            },
            counted: r.counted,
            people: r.people,
        })
        .collect();
    let mut confirmed: std::collections::HashMap<String, Vec<NaiveDateTime>> =
        std::collections::HashMap::new();
    for r in store::confirmations(c)? {
        confirmed
            .entry(r.assignment_id)
            .or_default()
            .push(r.confirmed_at);
    }
    let assignments = store::assignments(c)?
        .into_iter()
        .map(|a| {
            let at = a.published_at.unwrap_or(a.created_at);
            let confirmations = confirmed.get(&a.id).map(Vec::as_slice).unwrap_or(&[]);
            AssignmentFact {
                country: a.country,
                onsite: a.modality == "on_site",
                status: a.status,
                month: Month::of(at.date()),
                positions: i64::from(a.positions),
                confirmations: confirmations.len() as i64,
                confirmation_days: confirmations
                    .iter()
                    .map(|t| (*t - at).num_days().max(0))
                    .sum(),
            }
        })
        .collect();
    let delivered = store::delivered(c)?
        .into_iter()
        .map(|d| DeliveredFact {
            days: if d.onsite {
                (d.ends_on - d.starts_on).num_days() + 1
            } else {
                0
            },
            hours: if d.onsite {
                0
            } else {
                i64::from(d.hours.unwrap_or(0))
            },
            sessions: i64::from(d.sessions.unwrap_or(0)),
            trained: i64::from(d.trained.unwrap_or(0)),
            patients: i64::from(d.patients.unwrap_or(0)),
            rating: d.rating.map(i64::from),
            month: Month::of(d.ends_on),
            country: d.country,
            origin: d.origin,
            profession: d.profession,
            onsite: d.onsite,
            counted: d.counted == 1,
        })
        .collect();
    Ok(Facts {
        people,
        assignments,
        delivered,
    })
}

/// The filters as typed in the form, kept to show again.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct FilterInput {
    pub programme: String,
    pub from: String,
    pub to: String,
    pub profession: String,
    pub modality: String,
    pub year: String,
}

/// A coordinator's or admin's figures.
pub struct CoordinatorView {
    /// (id, code, English name, French name) of the programmes one may pick.
    pub programmes: Vec<programmes::Programme>,
    pub report: Report,
    pub read_at: NaiveDateTime,
}

/// The public's figures.
pub struct PublicView {
    pub report: Report,
    /// Years with figures, newest first, for the filter.
    pub years: Vec<i32>,
    pub read_at: NaiveDateTime,
}

fn check_profession(e: &mut FieldErrors, code: &str) -> Option<String> {
    let code = code.trim();
    if code.is_empty() {
        return None;
    }
    if Profession::parse(code).is_some() {
        Some(code.to_string())
    } else {
        e.add("profession", FieldError::new("err-choose-option"));
        None
    }
}

fn check_modality(e: &mut FieldErrors, modality: &str) -> Option<String> {
    match modality.trim() {
        "" => None,
        m @ ("on_site" | "virtual") => Some(m.to_string()),
        _ => {
            e.add("modality", FieldError::new("err-choose-option"));
            None
        }
    }
}

fn check_month(e: &mut FieldErrors, field: &'static str, value: &str) -> Option<Month> {
    if value.trim().is_empty() {
        return None;
    }
    match value.parse::<Month>() {
        Ok(m) => Some(m),
        Err(()) => {
            e.add(field, FieldError::new("err-month"));
            None
        }
    }
}

/// The figures of the coordinator's programmes (one of them if picked), or
/// of every programme for an admin; the filters refused by the field.
pub async fn for_coordinator(
    s: &Services,
    user: &CurrentUser,
    input: &FilterInput,
) -> AppResult<CoordinatorView> {
    let uid = user.id.clone();
    let role = user.role;
    if !matches!(role, Role::Coordinator | Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let programme_id = input.programme.trim().to_string();
    let (choices, countries) =
        s.db.run(move |c| {
            let choices = if role == Role::Admin {
                programmes::all(c)?
            } else {
                programmes::of_coordinator(c, &uid)?
            };
            let countries = if programme_id.is_empty() {
                if role == Role::Admin {
                    None
                } else {
                    Some(programmes::countries_of_coordinator(c, &uid)?)
                }
            } else if choices.iter().any(|p| p.id == programme_id) {
                Some(programmes::countries_of(c, &programme_id)?)
            } else {
                Some(Vec::new())
            };
            Ok((choices, countries))
        })
        .await?;
    let mut e = FieldErrors::new();
    if !input.programme.trim().is_empty() && !choices.iter().any(|p| p.id == input.programme.trim())
    {
        e.add("programme", FieldError::new("err-choose-option"));
    }
    let filters = Filters {
        profession: check_profession(&mut e, &input.profession),
        modality: check_modality(&mut e, &input.modality),
        from: check_month(&mut e, "from", &input.from),
        to: check_month(&mut e, "to", &input.to),
        year: None,
    };
    if let (Some(from), Some(to)) = (filters.from, filters.to)
        && from > to
    {
        e.add("to", FieldError::new("err-month-order"));
    }
    e.into_result().map_err(AppError::Validation)?;
    let snapshot = snapshot(s).await?;
    let read_at = snapshot.read_at;
    let report = tokio::task::spawn_blocking(move || -> AppResult<Report> {
        let scope = Scope {
            countries: countries.map(|c| c.into_iter().collect()),
        };
        let cubes = domain::cubes(
            &snapshot.facts,
            &scope,
            &filters,
            &snapshot.safeguards,
            false,
        )
        .map_err(|e| AppError::Internal(anyhow::anyhow!("figures: {e}")))?;
        Ok(domain::report(
            &cubes,
            &filters,
            &snapshot.safeguards,
            Month::of(snapshot.today),
        ))
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("figures: {e}")))??;
    Ok(CoordinatorView {
        programmes: choices,
        report,
        read_at,
    })
}

/// The public statistics: only professionals who consent to be counted,
/// every small count protected; filters by profession, modality and year.
pub async fn public(s: &Services, input: &FilterInput) -> AppResult<PublicView> {
    let mut e = FieldErrors::new();
    let year = match input.year.trim() {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(y) if (1900..=9999).contains(&y) => Some(y),
            _ => {
                e.add("year", FieldError::new("err-choose-option"));
                None
            }
        },
    };
    let filters = Filters {
        profession: check_profession(&mut e, &input.profession),
        modality: check_modality(&mut e, &input.modality),
        from: None,
        to: None,
        year,
    };
    e.into_result().map_err(AppError::Validation)?;
    let snapshot = snapshot(s).await?;
    let report = domain::report(
        &snapshot.public,
        &filters,
        &snapshot.safeguards,
        Month::of(snapshot.today),
    );
    let years = snapshot.public.years();
    Ok(PublicView {
        report,
        years,
        read_at: snapshot.read_at,
    })
}
