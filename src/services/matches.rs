//! The match lifecycle as people live it (SPEC F5): a coordinator proposes
//! a pair by hand (the matcher will too), approves it into an offer to both
//! sides or rejects it; each side accepts or declines before the deadline;
//! when both accept the match is confirmed, inside one transaction that
//! checks the positions left and the professional's other on-site matches;
//! the coordinator can change the deadline, cancel, and complete the match
//! after the assignment's end. Every step writes who, when and why, an
//! audit row, and emails the people concerned in their own language.

use super::accounts::CurrentUser;
use super::match_sharing::{self, SharedProfile};
use super::{Origin, Services};
use crate::db::{self, DbConn};
use crate::domain::assignment::AssignmentStatus;
use crate::domain::matching::{self, Actor, Event, Illegal, Match, MatchState, Side};
use crate::domain::paging::Window;
use crate::domain::{FieldError, FieldErrors, Role};
use crate::error::{AppError, AppResult};
use crate::mail::compose;
use crate::store::assignments::{self, Assignment};
use crate::store::audit::{self, Event as AuditEvent};
use crate::store::matches::{self as store, MatchRow, Step};
use crate::store::{facilities, programmes, registry, users};

/// The assignment's country is one of the coordinator's programmes'.
fn coordinates(c: &mut DbConn, user: &CurrentUser, a: &Assignment) -> AppResult<bool> {
    if user.role != Role::Coordinator {
        return Ok(false);
    }
    Ok(programmes::countries_of_coordinator(c, &user.id)?.contains(&a.country_code))
}

/// How the user stands to the match; not found when not at all.
fn actor_for(c: &mut DbConn, user: &CurrentUser, m: &MatchRow, a: &Assignment) -> AppResult<Actor> {
    if coordinates(c, user, a)? {
        return Ok(Actor::Coordinator);
    }
    if user.role == Role::Professional && user.id == m.user_id {
        return Ok(Actor::Side(Side::Professional));
    }
    if user.role == Role::Facility
        && facilities::for_staff(c, &user.id)?
            .iter()
            .any(|f| f.id == a.facility_id)
    {
        return Ok(Actor::Side(Side::Facility));
    }
    Err(AppError::NotFound)
}

fn life_of(m: &MatchRow, a: &Assignment, today: chrono::NaiveDate) -> Match {
    Match {
        state: m.state.parse().unwrap_or(MatchState::Cancelled),
        deadline: m.deadline,
        professional_accepted: m.professional_accepted_at.is_some(),
        facility_accepted: m.facility_accepted_at.is_some(),
        assignment_over: a.ends_on < today,
    }
}

fn conflict(Illegal(key): Illegal) -> AppError {
    AppError::Conflict(key)
}

fn audit_step(
    c: &mut DbConn,
    actor: Option<&str>,
    action: &'static str,
    match_id: &str,
    origin: &Origin,
) -> AppResult<()> {
    audit::record(
        c,
        &AuditEvent {
            actor_id: actor,
            action,
            object_type: Some("match"),
            object_id: Some(match_id),
            detail: None,
            client_addr: origin.addr.as_deref(),
        },
        db::now(),
    )?;
    Ok(())
}

/// What the steps of one transaction on one assignment leave behind: their
/// records, their audit rows and the letters telling both sides, written
/// together once every step is taken (a confirmation that fills the
/// assignment withdraws the other offers on it too).
#[derive(Default)]
struct Trail {
    steps: Vec<Step>,
    /// (actor, action, match) of each step.
    audits: Vec<(Option<String>, &'static str, String)>,
    /// (match, professional, what happened) for each step both sides are
    /// told of (`email-match-{what}-body`).
    letters: Vec<(String, String, &'static str)>,
}

impl Trail {
    fn write(self, s: &Services, c: &mut DbConn, a: &Assignment, origin: &Origin) -> AppResult<()> {
        store::record_all(c, &self.steps)?;
        let events: Vec<AuditEvent> = self
            .audits
            .iter()
            .map(|(actor, action, match_id)| AuditEvent {
                actor_id: actor.as_deref(),
                action,
                object_type: Some("match"),
                object_id: Some(match_id),
                detail: None,
                client_addr: origin.addr.as_deref(),
            })
            .collect();
        audit::record_all(c, &events, db::now())?;
        if self.letters.is_empty() {
            return Ok(());
        }
        let staff = facilities::staff_of(c, &a.facility_id)?;
        let ids: Vec<String> = self.letters.iter().map(|(_, p, _)| p.clone()).collect();
        let professionals = users::contacts_of(c, &ids)?;
        let mut letters: Vec<(String, crate::mail::Composed)> = Vec::new();
        for (match_id, professional, what) in &self.letters {
            let path = format!("/matches/{match_id}");
            let people = professionals
                .iter()
                .filter(|p| &p.id == professional)
                .map(|p| (&p.email, &p.full_name, &p.locale))
                .chain(staff.iter().map(|p| (&p.email, &p.full_name, &p.locale)));
            for (email, name, locale) in people {
                let letter = compose::match_step(
                    locale.parse().unwrap_or_default(),
                    name,
                    &a.title,
                    what,
                    s.config.public_link(&path),
                );
                letters.push((email.clone(), letter));
            }
        }
        Services::enqueue_emails(c, &letters)
    }
}

/// A coordinator pairs a professional of their registry with an open
/// assignment of their programmes' countries; anything else is not found.
pub async fn propose(
    s: &Services,
    user: &CurrentUser,
    assignment_id: &str,
    professional_id: &str,
    origin: &Origin,
) -> AppResult<String> {
    user.require_role(Role::Coordinator)?;
    let user = user.clone();
    let (assignment_id, professional_id) = (assignment_id.to_string(), professional_id.to_string());
    let origin = origin.clone();
    let clock = s.clock.clone();
    s.db.write(move |c| {
        let a = assignments::find(c, &assignment_id)?.ok_or(AppError::NotFound)?;
        if !coordinates(c, &user, &a)? {
            return Err(AppError::NotFound);
        }
        let rules = super::registry::rules(c, &user)?;
        if !registry::in_scope(c, &professional_id, &rules)? {
            // Someone who showed interest is known to the coordinator: say
            // why they cannot be matched. Anyone else is not found.
            return Err(
                if crate::store::discovery::standing(c, &a.id, &professional_id)?.is_some() {
                    AppError::Conflict("conflict-match-not-in-registry")
                } else {
                    AppError::NotFound
                },
            );
        }
        if a.status != AssignmentStatus::Open.as_str() {
            return Err(AppError::Conflict("conflict-match-assignment-not-open"));
        }
        if store::live_between(c, &a.id, &professional_id)? {
            return Err(AppError::Conflict("conflict-match-exists"));
        }
        let now = clock.now();
        let m = MatchRow {
            id: db::new_id(),
            assignment_id: a.id.clone(),
            user_id: professional_id.clone(),
            state: MatchState::Proposed.as_str().into(),
            source: "hand".into(),
            deadline: None,
            professional_accepted_at: None,
            facility_accepted_at: None,
            confirmed_at: None,
            onsite: a.modality == "on_site",
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            created_by: Some(user.id.clone()),
            created_at: now,
            updated_at: now,
        };
        store::insert(c, &m)?;
        store::record(
            c,
            &Step {
                id: db::new_id(),
                match_id: m.id.clone(),
                event: "propose".into(),
                from_state: None,
                to_state: m.state.clone(),
                actor_id: Some(user.id.clone()),
                reason: None,
                at: now,
            },
        )?;
        audit_step(c, Some(&user.id), "match_proposed", &m.id, &origin)?;
        Ok(m.id)
    })
    .await
}

/// The audit action of a step.
fn action_of(event: &Event, confirmed: bool) -> &'static str {
    match event {
        Event::Approve { .. } => "match_approved",
        Event::Reject { .. } => "match_rejected",
        Event::Accept if confirmed => "match_confirmed",
        Event::Accept => "match_accepted",
        Event::Decline { .. } => "match_declined",
        Event::ChangeDeadline { .. } => "match_deadline_changed",
        Event::Expire => "match_expired",
        Event::Complete => "match_completed",
        Event::Cancel { .. } => "match_cancelled",
        Event::Withdraw => "match_withdrawn",
    }
}

/// Who is told of a step, by email.
fn email_of(event: &Event, confirmed: bool) -> Option<&'static str> {
    match event {
        Event::Approve { .. } => Some("offered"),
        Event::Accept if confirmed => Some("confirmed"),
        Event::Decline { .. } => Some("declined"),
        Event::Expire => Some("expired"),
        Event::Cancel { .. } => Some("cancelled"),
        Event::Withdraw => Some("withdrawn"),
        Event::ChangeDeadline { .. } => Some("deadline"),
        _ => None,
    }
}

fn reason_of(event: &Event) -> Option<String> {
    match event {
        Event::Reject { reason } | Event::Decline { reason } | Event::Cancel { reason } => {
            Some(reason.trim().to_string())
        }
        _ => None,
    }
}

/// Moves a match one step inside the caller's transaction, leaving what it
/// writes besides the match to `trail`; the actor is already known to be
/// allowed to act on it.
fn step(
    s: &Services,
    c: &mut DbConn,
    m: &MatchRow,
    a: &Assignment,
    (actor, actor_id): (Actor, Option<&str>),
    event: &Event,
    trail: &mut Trail,
) -> AppResult<()> {
    let now = s.clock.now();
    let change =
        matching::apply(&life_of(m, a, now.date()), actor, event, now).map_err(conflict)?;
    let mut next = m.clone();
    next.state = change.to.state.as_str().to_string();
    next.deadline = change.to.deadline;
    next.updated_at = now;
    if let (Event::Accept, Actor::Side(side)) = (event, actor) {
        match side {
            Side::Professional => next.professional_accepted_at = Some(now),
            Side::Facility => next.facility_accepted_at = Some(now),
        }
    }
    let mut filled = false;
    if change.confirm {
        // Read under the locks: another confirmation may have won.
        let positions = store::lock_for_confirmation(c, &a.id, &m.user_id)?;
        let (taken, overlap) = store::taken_and_overlap(c, m)?;
        if taken >= i64::from(positions) {
            return Err(AppError::Conflict("conflict-match-positions-filled"));
        }
        if m.onsite && overlap {
            return Err(AppError::Conflict("conflict-match-overlap"));
        }
        next.confirmed_at = Some(now);
        filled = taken + 1 == i64::from(positions);
    }
    if !store::update_from(c, &m.state, &next)? {
        return Err(AppError::Conflict("conflict-match-moved"));
    }
    trail.steps.push(Step {
        id: db::new_id(),
        match_id: m.id.clone(),
        event: event.name().into(),
        from_state: Some(m.state.clone()),
        to_state: next.state.clone(),
        actor_id: actor_id.map(str::to_string),
        reason: reason_of(event),
        at: now,
    });
    trail.audits.push((
        actor_id.map(str::to_string),
        action_of(event, change.confirm),
        m.id.clone(),
    ));
    if let Some(what) = email_of(event, change.confirm) {
        trail.letters.push((m.id.clone(), m.user_id.clone(), what));
    }
    if filled {
        assignments::fill(c, &a.id, now)?;
        for other in store::offered_in(c, &a.id)? {
            step(
                s,
                c,
                &other,
                a,
                (Actor::System, None),
                &Event::Withdraw,
                trail,
            )?;
        }
    }
    Ok(())
}

/// Takes one step and writes what it leaves behind.
fn step_and_write(
    s: &Services,
    c: &mut DbConn,
    m: &MatchRow,
    a: &Assignment,
    actor: (Actor, Option<&str>),
    event: &Event,
    origin: &Origin,
) -> AppResult<()> {
    let mut trail = Trail::default();
    step(s, c, m, a, actor, event, &mut trail)?;
    trail.write(s, c, a, origin)
}

/// What a person asks of a match.
#[derive(Clone, Debug)]
pub enum Ask {
    Approve { days: i64 },
    Reject { reason: String },
    Accept,
    Decline { reason: String },
    ChangeDeadline { days: i64 },
    Complete,
    Cancel { reason: String },
}

/// A reason typed in a form: required, at most `MAX_REASON` characters,
/// refused by the field.
fn check_reason(reason: &str) -> AppResult<()> {
    let mut e = FieldErrors::new();
    let r = e.long_text("reason", reason, matching::MAX_REASON);
    if r.is_empty() && e.get("reason").is_none() {
        e.add("reason", FieldError::new("err-required"));
    }
    e.into_result().map_err(AppError::Validation)
}

/// Takes the step the user asks, if it is theirs to take now; a match they
/// have nothing to do with is not found, a step out of turn is a conflict
/// that says why.
pub async fn act(
    s: &Services,
    user: &CurrentUser,
    match_id: &str,
    ask: Ask,
    origin: &Origin,
) -> AppResult<()> {
    if let Ask::Reject { reason } | Ask::Decline { reason } | Ask::Cancel { reason } = &ask {
        check_reason(reason)?;
    }
    let svc = s.clone();
    let user = user.clone();
    let match_id = match_id.to_string();
    let origin = origin.clone();
    s.db.write(move |c| {
        // Either side may not see a proposal before its approval, let
        // alone act on it: not found, as for anyone else.
        let (m, a, actor) = party(c, &user, &match_id)?;
        let now = svc.clock.now();
        let event = match ask {
            Ask::Approve { days } => Event::Approve {
                deadline: matching::deadline_after(now, days),
            },
            Ask::Reject { reason } => Event::Reject { reason },
            Ask::Accept => Event::Accept,
            Ask::Decline { reason } => Event::Decline { reason },
            Ask::ChangeDeadline { days } => Event::ChangeDeadline {
                deadline: matching::deadline_after(now, days),
            },
            Ask::Complete => Event::Complete,
            Ask::Cancel { reason } => Event::Cancel { reason },
        };
        step_and_write(&svc, c, &m, &a, (actor, Some(&user.id)), &event, &origin)
    })
    .await
}

/// Expires the offers whose deadline has passed, each in its own
/// transaction; returns how many. Run by the scheduled jobs.
pub async fn expire_due(s: &Services) -> AppResult<usize> {
    let now = s.clock.now();
    let due = s.db.run(move |c| Ok(store::due_offers(c, now)?)).await?;
    let mut n = 0;
    for id in due {
        let svc = s.clone();
        let done =
            s.db.write(move |c| {
                let Some(m) = store::find(c, &id)? else {
                    return Ok(false);
                };
                let a = assignments::find(c, &m.assignment_id)?.ok_or(AppError::NotFound)?;
                match step_and_write(
                    &svc,
                    c,
                    &m,
                    &a,
                    (Actor::System, None),
                    &Event::Expire,
                    &Origin::default(),
                ) {
                    Ok(()) => Ok(true),
                    // Answered or moved meanwhile: nothing to expire.
                    Err(AppError::Conflict(_)) => Ok(false),
                    Err(e) => Err(e),
                }
            })
            .await?;
        n += usize::from(done);
    }
    Ok(n)
}

/// A match with its steps, for whoever may see it.
pub async fn find(
    s: &Services,
    user: &CurrentUser,
    match_id: &str,
) -> AppResult<(MatchRow, Vec<Step>)> {
    let user = user.clone();
    let match_id = match_id.to_string();
    s.db.run(move |c| {
        let m = store::find(c, &match_id)?.ok_or(AppError::NotFound)?;
        let a = assignments::find(c, &m.assignment_id)?.ok_or(AppError::NotFound)?;
        actor_for(c, &user, &m, &a)?;
        let steps = store::steps_of(c, &m.id)?;
        Ok((m, steps))
    })
    .await
}

/// Matches a page lists.
pub const PAGE_SIZE: i64 = 25;

/// A match as its page shows it to one of its parties.
pub struct MatchView {
    pub listed: store::MatchListed,
    pub row: MatchRow,
    pub actor: Actor,
    pub steps: Vec<Step>,
    /// What the facility sees of the professional: only once the match is
    /// approved and the professional consents to share (SECURITY 22); never
    /// set for anyone else.
    pub shared: Option<SharedProfile>,
}

impl MatchView {
    /// Whether the reader's side has accepted already.
    pub fn accepted_by_reader(&self) -> bool {
        match self.actor {
            Actor::Side(Side::Professional) => self.row.professional_accepted_at.is_some(),
            Actor::Side(Side::Facility) => self.row.facility_accepted_at.is_some(),
            _ => false,
        }
    }
}

/// The match, its assignment and how the user stands to it, for one of its
/// parties; not found for anyone else, and for either side before the
/// coordinator approves it.
pub(super) fn party(
    c: &mut DbConn,
    user: &CurrentUser,
    match_id: &str,
) -> AppResult<(MatchRow, Assignment, Actor)> {
    let row = store::find(c, match_id)?.ok_or(AppError::NotFound)?;
    let a = assignments::find(c, &row.assignment_id)?.ok_or(AppError::NotFound)?;
    let actor = actor_for(c, user, &row, &a)?;
    if matches!(actor, Actor::Side(_)) && matches!(row.state.as_str(), "proposed" | "rejected") {
        return Err(AppError::NotFound);
    }
    Ok((row, a, actor))
}

/// A match for one of its parties: the coordinators of its country, the
/// professional, the facility's staff; not found for anyone else.
pub async fn view(s: &Services, user: &CurrentUser, match_id: &str) -> AppResult<MatchView> {
    let user = user.clone();
    let match_id = match_id.to_string();
    let today = s.clock.now().date();
    s.db.run(move |c| {
        let (row, _, actor) = party(c, &user, &match_id)?;
        let mut listed = store::listed(c, &row.id)?.ok_or(AppError::NotFound)?;
        let steps = store::steps_of(c, &row.id)?;
        let mut shared = None;
        if actor == Actor::Side(Side::Facility) {
            shared = match_sharing::shared_profile(c, &row.state, &row.user_id, today)?;
            if shared.is_none() {
                listed.full_name.clear();
            }
        }
        Ok(MatchView {
            listed,
            row,
            actor,
            steps,
            shared,
        })
    })
    .await
}

/// The coordinator's dashboard: matches of their countries by state.
pub struct Dashboard {
    pub counts: Vec<(String, i64)>,
    pub state: Option<MatchState>,
    pub matches: Vec<store::MatchListed>,
    pub total: i64,
    pub window: Window,
}

impl Dashboard {
    pub fn page(&self) -> i64 {
        self.window.page_number()
    }

    pub fn pages(&self) -> i64 {
        self.window.pages(self.total)
    }
}

pub async fn dashboard(
    s: &Services,
    user: &CurrentUser,
    state: Option<MatchState>,
    window: Window,
) -> AppResult<Dashboard> {
    user.require_role(Role::Coordinator)?;
    let user = user.clone();
    s.db.run(move |c| {
        let countries = programmes::countries_of_coordinator(c, &user.id)?;
        let counts = store::counts_in(c, &countries)?;
        let (matches, total) = store::in_countries(
            c,
            &countries,
            state.map(MatchState::as_str),
            window.limit,
            window.offset,
        )?;
        Ok(Dashboard {
            counts,
            state,
            matches,
            total,
            window,
        })
    })
    .await
}

/// A professional's offers and matches.
pub async fn of_professional(
    s: &Services,
    user: &CurrentUser,
) -> AppResult<Vec<store::MatchListed>> {
    user.require_role(Role::Professional)?;
    let id = user.id.clone();
    s.db.run(move |c| Ok(store::of_professional(c, &id)?)).await
}
