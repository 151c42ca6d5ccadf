//! The matches of the demonstration registry: professionals paired with
//! assignments of their country of origin, in every state of a match's
//! life, each with the history the lifecycle would have written. Confirmed
//! on-site matches have part of their checklist ticked; completed ones, on
//! assignments already over, have their report and most their feedback.
//!
//! The pairs keep what the live system keeps: one live match per
//! professional and assignment, never more confirmed than positions (a
//! full assignment is filled), never two confirmed on-site matches of one
//! professional sharing a day.

use std::collections::{HashMap, HashSet};

use chrono::{Days, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::generate::{chance, pick, pick_some, rng_for, weighted};
use crate::db::{self, DbConn};
use crate::domain::matching::{DEFAULT_OFFER_DAYS, MatchState};
use crate::domain::running::ChecklistItem;
use crate::error::AppResult;
use crate::store::assignments;
use crate::store::demo::{self as store, Candidate, MatchBatch};
use crate::store::matches::{MatchRow, Step};
use crate::store::programmes;
use crate::store::running::{Feedback, Report, Tick};

/// The stream of the generator that draws matches.
const MATCHES: u64 = 6;

/// In percent: open assignments that get matches, and those already over.
const OPEN_MATCHED: u32 = 30;
const PAST_MATCHED: u32 = 70;

/// An assignment over for at least this many days may have completed
/// matches: its report, feedback and closure all fit before today.
const SETTLED_DAYS: u64 = 14;

/// Past copies made when no assignment over has anyone to complete it.
const PAST_COPIES: usize = 3;

const REJECTED: &[&str] = &[
    "Another candidate fits the objectives better.",
    "The licence is not yet verified for clinical work.",
    "The dates do not fit the professional's availability.",
];
const DECLINED_BY_PROFESSIONAL: &[&str] = &[
    "I cannot get leave for these dates.",
    "Family commitments this period.",
    "I have taken up a new post and cannot travel this year.",
];
const DECLINED_BY_FACILITY: &[&str] = &[
    "We need someone who can stay longer.",
    "The ward will be closed for renovation then.",
];
const ALREADY_TAKEN: &str = "I am already committed on those dates.";
const CANCELLED: &[&str] = &[
    "The visa was refused.",
    "The facility postponed the programme.",
    "The professional fell ill before departure.",
];
const ACTIVITIES: &[&str] = &[
    "Bedside teaching on the wards, two skills workshops and a revised protocol adopted by the team.",
    "Weekly case reviews with the team, a short course with a final assessment, and supervision of junior staff.",
    "Training of trainers so the local team can run the course again, and an audit of current practice.",
    "Mentoring during clinics, simulation drills and a checklist now used at every shift handover.",
];
const NOTES: &[&str] = &[
    "The team asked for a follow-up next year.",
    "Supplies were short in the second week; the facility has ordered more.",
    "",
];
const COMMENTS: &[(i32, &str)] = &[
    (
        5,
        "Excellent: the team gained skills they use every day, and the protocols are still in place.",
    ),
    (
        5,
        "Outstanding commitment and very good teaching; we would welcome them back.",
    ),
    (
        4,
        "Very useful visit; more time for the night staff would have helped.",
    ),
    (4, "Good mentoring and well prepared sessions."),
    (
        3,
        "Useful, though the schedule left little time for the wards.",
    ),
    (2, "The sessions did not fit our equipment well."),
    (1, "The objectives were not met."),
];

/// An assignment with what pairing it needs.
struct Target {
    id: String,
    country: String,
    title: String,
    onsite: bool,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    positions: i32,
    min_years: i32,
    /// Over long enough for its matches to be completed.
    over: bool,
    staff_id: Option<String>,
    staff_email: String,
    professions: Vec<String>,
}

/// A programme covering a country: who acts for it and whom it accepts.
struct Cover {
    coordinator: String,
    statuses: Vec<String>,
    min_years: i32,
}

/// One professional paired with one assignment.
struct Pair<'a> {
    target: &'a Target,
    user_id: &'a str,
    coordinator: &'a str,
}

/// A match as it is being lived, step by step.
struct History {
    row: MatchRow,
    steps: Vec<Step>,
}

impl History {
    fn propose(pair: &Pair, source: &str, at: NaiveDateTime) -> Self {
        let id = db::new_id();
        let row = MatchRow {
            id: id.clone(),
            assignment_id: pair.target.id.clone(),
            user_id: pair.user_id.to_string(),
            state: MatchState::Proposed.as_str().into(),
            source: source.into(),
            deadline: None,
            professional_accepted_at: None,
            facility_accepted_at: None,
            confirmed_at: None,
            onsite: pair.target.onsite,
            starts_on: pair.target.starts_on,
            ends_on: pair.target.ends_on,
            created_by: Some(pair.coordinator.to_string()),
            created_at: at,
            updated_at: at,
        };
        let steps = vec![Step {
            id: db::new_id(),
            match_id: id,
            event: "propose".into(),
            from_state: None,
            to_state: row.state.clone(),
            actor_id: Some(pair.coordinator.to_string()),
            reason: None,
            at,
        }];
        History { row, steps }
    }

    fn last(&self) -> NaiveDateTime {
        self.row.updated_at
    }

    /// Records a step; never before the previous one.
    fn step(
        &mut self,
        event: &str,
        to: MatchState,
        actor: Option<&str>,
        reason: Option<&str>,
        at: NaiveDateTime,
    ) -> NaiveDateTime {
        let at = at.max(self.last() + Duration::minutes(1));
        self.steps.push(Step {
            id: db::new_id(),
            match_id: self.row.id.clone(),
            event: event.into(),
            from_state: Some(self.row.state.clone()),
            to_state: to.as_str().into(),
            actor_id: actor.map(str::to_string),
            reason: reason.map(str::to_string),
            at,
        });
        self.row.state = to.as_str().into();
        self.row.updated_at = at;
        at
    }

    fn approve(&mut self, coordinator: &str, at: NaiveDateTime) {
        let at = self.step("approve", MatchState::Offered, Some(coordinator), None, at);
        self.row.deadline = Some(at + Duration::days(DEFAULT_OFFER_DAYS));
    }

    /// One side accepts; the second acceptance confirms.
    fn accept(&mut self, pair: &Pair, professional: bool, at: NaiveDateTime) {
        let other = if professional {
            self.row.facility_accepted_at.is_some()
        } else {
            self.row.professional_accepted_at.is_some()
        };
        let to = if other {
            MatchState::Confirmed
        } else {
            MatchState::Offered
        };
        let actor = if professional {
            Some(pair.user_id)
        } else {
            pair.target.staff_id.as_deref()
        };
        let at = self.step("accept", to, actor, None, at);
        if professional {
            self.row.professional_accepted_at = Some(at);
        } else {
            self.row.facility_accepted_at = Some(at);
        }
        if other {
            self.row.confirmed_at = Some(at);
        }
    }

    fn deadline(&self) -> NaiveDateTime {
        self.row.deadline.unwrap_or(self.last())
    }
}

/// A moment between `from` and `to`, to the minute; `from` when there is
/// no room.
fn between(rng: &mut ChaCha8Rng, from: NaiveDateTime, to: NaiveDateTime) -> NaiveDateTime {
    let minutes = (to - from).num_minutes();
    if minutes <= 1 {
        return from;
    }
    from + Duration::minutes(rng.random_range(0..minutes))
}

fn hours(rng: &mut ChaCha8Rng, range: std::ops::RangeInclusive<i64>) -> Duration {
    Duration::hours(rng.random_range(range))
}

fn at_hour(day: NaiveDate, hour: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default())
}

/// Adds matches to the assignments that have none yet, open ones and those
/// over; returns how many.
pub(super) fn add_matches(c: &mut DbConn, seed: u64, today: NaiveDate) -> AppResult<usize> {
    let now = db::now();
    let mut pool = store::candidates(c)?;
    // Ids are new each load; addresses are the seed's.
    pool.sort_by(|a, b| a.email.cmp(&b.email));
    let mut by_origin: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, p) in pool.iter().enumerate() {
        if let (Some(o), Some(pr)) = (&p.origin, &p.profession) {
            by_origin.entry((o, pr)).or_default().push(i);
        }
    }
    let covers = covers(c)?;
    let mut targets = targets(c, today)?;
    let mut taken: HashMap<String, Vec<(NaiveDate, NaiveDate)>> = HashMap::new();
    for (user, from, to) in store::onsite_taken(c)? {
        taken.entry(user).or_default().push((from, to));
    }
    let eligible = |t: &Target| -> (Vec<usize>, Option<&str>) {
        let Some(cs) = covers.get(&t.country) else {
            return (Vec::new(), None);
        };
        let mut out: Vec<usize> = t
            .professions
            .iter()
            .filter_map(|p| by_origin.get(&(t.country.as_str(), p.as_str())))
            .flatten()
            .copied()
            .filter(|&i| cs.iter().any(|cover| admits(cover, t, &pool[i])))
            .collect();
        out.sort_unstable();
        out.dedup();
        (out, cs.first().map(|cover| cover.coordinator.as_str()))
    };

    let mut rng = rng_for(seed, MATCHES, 0);
    // When nothing over has anyone to complete it, a few assignments that
    // do are copied into the past, as if posted and run before.
    if !targets.iter().any(|t| t.over && !eligible(t).0.is_empty()) {
        let models: Vec<usize> = (0..targets.len())
            .filter(|&i| targets[i].onsite && !eligible(&targets[i]).0.is_empty())
            .take(PAST_COPIES)
            .collect();
        let mut copies = Vec::new();
        for i in models {
            copies.push(past_copy(c, &mut rng, &targets[i], today, now)?);
        }
        targets.extend(copies.into_iter().flatten());
    }

    let mut b = MatchBatch::default();
    let mut seen: HashSet<MatchState> = HashSet::new();
    for t in &targets {
        let (candidates, coordinator) = eligible(t);
        let Some(coordinator) = coordinator else {
            continue;
        };
        if candidates.is_empty()
            || !chance(&mut rng, if t.over { PAST_MATCHED } else { OPEN_MATCHED })
        {
            continue;
        }
        let slots = if t.over {
            t.positions as usize + usize::from(chance(&mut rng, 30))
        } else {
            *weighted(&mut rng, &[(1usize, 40), (2, 30), (3, 20), (4, 10)])
        };
        let chosen = pick_some(&mut rng, &candidates, slots);
        let people: Vec<&Candidate> = chosen.iter().map(|&i| &pool[i]).collect();
        let full = if t.over {
            past_matches(&mut b, &mut rng, t, coordinator, &people, &mut taken, now)
        } else {
            open_matches(
                &mut b,
                &mut rng,
                t,
                coordinator,
                &people,
                &mut taken,
                &mut seen,
                now,
            )
        };
        if full {
            b.filled.push(t.id.clone());
        }
    }
    let n = b.matches.len();
    store::insert_matches(c, &b, now)?;
    Ok(n)
}

fn admits(cover: &Cover, t: &Target, p: &Candidate) -> bool {
    let years = p.years.unwrap_or(0);
    p.residence_status
        .as_ref()
        .is_some_and(|s| cover.statuses.contains(s))
        && years >= cover.min_years
        && years >= t.min_years
}

/// The active programmes covering each country, each with its first
/// coordinator.
fn covers(c: &mut DbConn) -> AppResult<HashMap<String, Vec<Cover>>> {
    let mut coordinator: HashMap<String, String> = HashMap::new();
    for (programme, user, ..) in programmes::all_coordinators(c)? {
        coordinator.entry(programme).or_insert(user);
    }
    let programmes: HashMap<String, programmes::Programme> = programmes::all(c)?
        .into_iter()
        .filter(|p| p.status == "active")
        .map(|p| (p.id.clone(), p))
        .collect();
    let mut out: HashMap<String, Vec<Cover>> = HashMap::new();
    for (programme_id, country) in programmes::all_countries(c)? {
        let (Some(p), Some(who)) = (
            programmes.get(&programme_id),
            coordinator.get(&programme_id),
        ) else {
            continue;
        };
        out.entry(country).or_default().push(Cover {
            coordinator: who.clone(),
            statuses: crate::domain::programme::parse_statuses(&p.residence_statuses)
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            min_years: p.min_years_experience,
        });
    }
    Ok(out)
}

/// The assignments to pair, in an order the seed decides (not their ids,
/// which are new each load).
fn targets(c: &mut DbConn, today: NaiveDate) -> AppResult<Vec<Target>> {
    let mut by_id: HashMap<String, Target> = HashMap::new();
    for r in store::to_match(c, today)? {
        by_id
            .entry(r.id.clone())
            .or_insert_with(|| Target {
                id: r.id,
                country: r.country,
                title: r.title,
                onsite: r.modality == "on_site",
                starts_on: r.starts_on,
                ends_on: r.ends_on,
                positions: r.positions.max(1),
                min_years: r.min_years,
                over: r.status == "closed" && r.ends_on + Days::new(SETTLED_DAYS) <= today,
                staff_id: r.staff_id,
                staff_email: r.staff_email.unwrap_or_default(),
                professions: Vec::new(),
            })
            .professions
            .push(r.profession);
    }
    let mut out: Vec<Target> = by_id
        .into_values()
        // Closed lately, not long over: left alone.
        .filter(|t| t.over || t.ends_on >= today)
        .collect();
    for t in &mut out {
        t.professions.sort();
    }
    out.sort_by(|a, b| {
        (
            &a.staff_email,
            a.starts_on,
            a.ends_on,
            &a.title,
            &a.professions,
        )
            .cmp(&(
                &b.staff_email,
                b.starts_on,
                b.ends_on,
                &b.title,
                &b.professions,
            ))
    });
    Ok(out)
}

/// A copy of an assignment, run and closed before today; None when it is
/// gone.
fn past_copy(
    c: &mut DbConn,
    rng: &mut ChaCha8Rng,
    t: &Target,
    today: NaiveDate,
    now: NaiveDateTime,
) -> AppResult<Option<Target>> {
    let Some(mut a) = assignments::find(c, &t.id)? else {
        return Ok(None);
    };
    let parts = assignments::parts_of(c, &t.id)?;
    let length = a.ends_on - a.starts_on;
    a.id = db::new_id();
    a.ends_on = today - Days::new(rng.random_range(30..=200));
    a.starts_on = a.ends_on - length;
    a.status = "closed".into();
    a.closed_reason = Some("The assignment is over.".into());
    a.closed_at = Some(now);
    assignments::insert(c, &a, &parts)?;
    Ok(Some(Target {
        id: a.id,
        starts_on: a.starts_on,
        ends_on: a.ends_on,
        over: true,
        country: t.country.clone(),
        title: t.title.clone(),
        onsite: t.onsite,
        positions: t.positions,
        min_years: t.min_years,
        staff_id: t.staff_id.clone(),
        staff_email: t.staff_email.clone(),
        professions: t.professions.clone(),
    }))
}

fn source(rng: &mut ChaCha8Rng) -> &'static str {
    if chance(rng, 60) { "matcher" } else { "hand" }
}

fn overlaps(taken: &HashMap<String, Vec<(NaiveDate, NaiveDate)>>, user: &str, t: &Target) -> bool {
    t.onsite
        && taken
            .get(user)
            .is_some_and(|v| v.iter().any(|(s, e)| *s <= t.ends_on && *e >= t.starts_on))
}

fn take(taken: &mut HashMap<String, Vec<(NaiveDate, NaiveDate)>>, user: &str, t: &Target) {
    if t.onsite {
        taken
            .entry(user.to_string())
            .or_default()
            .push((t.starts_on, t.ends_on));
    }
}

/// The states of an open assignment's matches: each state not seen yet
/// first, so that a small registry shows them all, then as they happen.
fn draw_state(rng: &mut ChaCha8Rng, seen: &mut HashSet<MatchState>) -> MatchState {
    use MatchState::*;
    let order = [
        Confirmed, Offered, Proposed, Declined, Rejected, Expired, Cancelled,
    ];
    let state = order
        .into_iter()
        .find(|s| !seen.contains(s))
        .unwrap_or_else(|| {
            *weighted(
                rng,
                &[
                    (Proposed, 18),
                    (Rejected, 10),
                    (Offered, 20),
                    (Declined, 12),
                    (Expired, 8),
                    (Confirmed, 22),
                    (Cancelled, 10),
                ],
            )
        });
    seen.insert(state);
    state
}

/// Matches of an assignment still ahead; true when it is now full.
#[allow(clippy::too_many_arguments)]
fn open_matches(
    b: &mut MatchBatch,
    rng: &mut ChaCha8Rng,
    t: &Target,
    coordinator: &str,
    people: &[&Candidate],
    taken: &mut HashMap<String, Vec<(NaiveDate, NaiveDate)>>,
    seen: &mut HashSet<MatchState>,
    now: NaiveDateTime,
) -> bool {
    let mut plan: Vec<(&Candidate, MatchState)> =
        people.iter().map(|p| (*p, draw_state(rng, seen))).collect();
    // Confirmations first: whether they fill the assignment decides what
    // becomes of the others.
    plan.sort_by_key(|(_, s)| *s != MatchState::Confirmed);
    let mut confirmed = 0;
    let mut filled_at: Option<NaiveDateTime> = None;
    for (p, state) in plan {
        let pair = Pair {
            target: t,
            user_id: &p.user_id,
            coordinator,
        };
        let mut state = state;
        let mut why = None;
        if state == MatchState::Confirmed {
            if overlaps(taken, &p.user_id, t) {
                state = MatchState::Declined;
                why = Some(ALREADY_TAKEN);
            } else if confirmed >= t.positions {
                state = MatchState::Declined;
            }
        }
        let h = match (state, filled_at) {
            (MatchState::Confirmed, _) => {
                let h = confirmed_history(rng, &pair, now);
                take(taken, &p.user_id, t);
                confirmed += 1;
                if confirmed == t.positions {
                    filled_at = h.row.confirmed_at;
                }
                tick_some(b, rng, &pair, &h, now);
                h
            }
            // The last position filled withdraws the offers still open,
            // and the coordinator turns down the proposals left.
            (MatchState::Offered, Some(at)) => {
                let mut h = offered_history(rng, &pair, at);
                h.step("withdraw", MatchState::Cancelled, None, None, at);
                h
            }
            (MatchState::Proposed, Some(at)) => {
                let mut h = History::propose(&pair, source(rng), at - hours(rng, 24..=240));
                h.step(
                    "reject",
                    MatchState::Rejected,
                    Some(coordinator),
                    Some("The positions are filled."),
                    between(rng, at, now - Duration::minutes(10)),
                );
                h
            }
            (MatchState::Declined, _) => declined_history(rng, &pair, why, now),
            _ => settled_history(rng, &pair, state, now),
        };
        b.matches.push(h.row);
        b.steps.extend(h.steps);
    }
    confirmed == t.positions
}

/// Approved at most five days before `end`, so the deadline is still ahead
/// of it; one side may have accepted already.
fn offered_history(rng: &mut ChaCha8Rng, pair: &Pair, end: NaiveDateTime) -> History {
    let approved = end - hours(rng, 2..=120);
    let mut h = History::propose(pair, source(rng), approved - hours(rng, 4..=72));
    h.approve(pair.coordinator, approved);
    if chance(rng, 50) {
        let at = between(rng, approved, end - Duration::minutes(10));
        h.accept(pair, chance(rng, 60), at);
    }
    h
}

/// Offered, then accepted by both sides before the deadline.
fn confirmed_history(rng: &mut ChaCha8Rng, pair: &Pair, now: NaiveDateTime) -> History {
    let approved = now - Duration::days(rng.random_range(3..=40));
    accepted_by_both(rng, pair, approved, now)
}

fn accepted_by_both(
    rng: &mut ChaCha8Rng,
    pair: &Pair,
    approved: NaiveDateTime,
    end: NaiveDateTime,
) -> History {
    let mut h = History::propose(pair, source(rng), approved - hours(rng, 4..=96));
    h.approve(pair.coordinator, approved);
    let last = h.deadline().min(end) - Duration::minutes(30);
    let professional_first = chance(rng, 60);
    let first = between(rng, approved, approved + (last - approved) / 2);
    h.accept(pair, professional_first, first);
    let second = between(rng, first, last);
    h.accept(pair, !professional_first, second);
    h
}

fn declined_history(
    rng: &mut ChaCha8Rng,
    pair: &Pair,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> History {
    let approved = now - Duration::days(rng.random_range(3..=40));
    let mut h = History::propose(pair, source(rng), approved - hours(rng, 4..=72));
    h.approve(pair.coordinator, approved);
    let by_professional = reason.is_some() || chance(rng, 65);
    let reason = reason.unwrap_or_else(|| {
        if by_professional {
            *pick(rng, DECLINED_BY_PROFESSIONAL)
        } else {
            *pick(rng, DECLINED_BY_FACILITY)
        }
    });
    let actor = if by_professional {
        Some(pair.user_id)
    } else {
        pair.target.staff_id.as_deref()
    };
    let last = h.deadline().min(now) - Duration::minutes(30);
    let at = between(rng, approved, last);
    h.step("decline", MatchState::Declined, actor, Some(reason), at);
    h
}

/// A match in `state` that neither takes a position nor waits on one.
fn settled_history(
    rng: &mut ChaCha8Rng,
    pair: &Pair,
    state: MatchState,
    now: NaiveDateTime,
) -> History {
    use MatchState::*;
    match state {
        Proposed => History::propose(pair, source(rng), now - hours(rng, 2..=96)),
        Rejected => {
            let at = now - Duration::days(rng.random_range(2..=40));
            let mut h = History::propose(pair, source(rng), at);
            let reason = *pick(rng, REJECTED);
            let when = at + hours(rng, 4..=48);
            h.step(
                "reject",
                Rejected,
                Some(pair.coordinator),
                Some(reason),
                when,
            );
            h
        }
        Offered => offered_history(rng, pair, now),
        Expired => {
            let approved = now - Duration::days(rng.random_range(9..=60));
            let mut h = History::propose(pair, source(rng), approved - hours(rng, 4..=72));
            h.approve(pair.coordinator, approved);
            let deadline = h.deadline();
            if chance(rng, 40) {
                let at = between(rng, approved, deadline - Duration::hours(1));
                h.accept(pair, chance(rng, 50), at);
            }
            let minutes = rng.random_range(1..=5);
            h.step(
                "expire",
                Expired,
                None,
                None,
                deadline + Duration::minutes(minutes),
            );
            h
        }
        Cancelled => {
            let reason = *pick(rng, CANCELLED);
            let mut h = match rng.random_range(0..3) {
                0 => History::propose(
                    pair,
                    source(rng),
                    now - Duration::days(rng.random_range(3..=30)),
                ),
                1 => offered_history(rng, pair, now - Duration::days(1)),
                _ => {
                    let approved = now - Duration::days(rng.random_range(10..=40));
                    accepted_by_both(rng, pair, approved, now - Duration::days(2))
                }
            };
            let at = between(rng, h.last(), now - Duration::minutes(10));
            h.step(
                "cancel",
                Cancelled,
                Some(pair.coordinator),
                Some(reason),
                at,
            );
            h
        }
        _ => declined_history(rng, pair, None, now),
    }
}

/// Some of the checklist of a confirmed on-site match, ticked by the
/// professional or the coordinator since the confirmation.
fn tick_some(
    b: &mut MatchBatch,
    rng: &mut ChaCha8Rng,
    pair: &Pair,
    h: &History,
    end: NaiveDateTime,
) {
    if !h.row.onsite {
        return;
    }
    let from = h.row.confirmed_at.unwrap_or(h.last());
    for item in ChecklistItem::ALL {
        if chance(rng, 55) {
            tick(b, rng, pair, &h.row.id, item, from, end);
        }
    }
}

fn tick(
    b: &mut MatchBatch,
    rng: &mut ChaCha8Rng,
    pair: &Pair,
    match_id: &str,
    item: ChecklistItem,
    from: NaiveDateTime,
    to: NaiveDateTime,
) {
    let by = if chance(rng, 60) {
        pair.user_id
    } else {
        pair.coordinator
    };
    b.ticks.push(Tick {
        match_id: match_id.to_string(),
        item: item.as_str().into(),
        ticked_by: Some(by.to_string()),
        ticked_at: between(rng, from, to),
    });
}

/// Matches of an assignment already over: as many completed as positions
/// allow (the professional free on those dates), sometimes one that did
/// not go ahead; true when every position was taken.
fn past_matches(
    b: &mut MatchBatch,
    rng: &mut ChaCha8Rng,
    t: &Target,
    coordinator: &str,
    people: &[&Candidate],
    taken: &mut HashMap<String, Vec<(NaiveDate, NaiveDate)>>,
    now: NaiveDateTime,
) -> bool {
    let start = at_hour(t.starts_on, 8);
    let mut completed = 0;
    for p in people {
        let pair = Pair {
            target: t,
            user_id: &p.user_id,
            coordinator,
        };
        let approved = start - Duration::days(rng.random_range(30..=75));
        let h = if completed < t.positions && !overlaps(taken, &p.user_id, t) {
            completed += 1;
            take(taken, &p.user_id, t);
            completed_history(b, rng, &pair, approved)
        } else if chance(rng, 50) {
            let mut h = accepted_by_both(rng, &pair, approved, start);
            let reason = *pick(rng, CANCELLED);
            let at = between(rng, h.last(), start - Duration::hours(1));
            h.step(
                "cancel",
                MatchState::Cancelled,
                Some(coordinator),
                Some(reason),
                at,
            );
            h
        } else {
            declined_history(rng, &pair, None, start)
        };
        b.matches.push(h.row);
        b.steps.extend(h.steps);
    }
    debug_assert!(now > at_hour(t.ends_on, 17));
    completed == t.positions
}

/// Confirmed well before the start, the checklist ticked, the report and
/// most feedback filed after the end, then closed by the coordinator.
fn completed_history(
    b: &mut MatchBatch,
    rng: &mut ChaCha8Rng,
    pair: &Pair,
    approved: NaiveDateTime,
) -> History {
    let t = pair.target;
    let start = at_hour(t.starts_on, 8);
    let end = at_hour(t.ends_on, 17);
    let mut h = accepted_by_both(rng, pair, approved, start);
    if t.onsite {
        let from = h.row.confirmed_at.unwrap_or(h.last());
        for item in ChecklistItem::ALL {
            tick(
                b,
                rng,
                pair,
                &h.row.id,
                item,
                from,
                start - Duration::days(1),
            );
        }
    }
    let days = (t.ends_on - t.starts_on).num_days() as i32 + 1;
    let weeks = (days / 7).max(1);
    let (sessions, hours_given, patients) = if t.onsite {
        let sessions = rng.random_range(weeks..=weeks * 4);
        (
            sessions,
            days * 5 + rng.random_range(0..=days),
            rng.random_range(0..=days * 8),
        )
    } else {
        let sessions = weeks * rng.random_range(1..=3);
        (sessions, sessions * 2, rng.random_range(0..=weeks * 3))
    };
    let filed = end + hours(rng, 12..=96);
    b.reports.push(Report {
        match_id: h.row.id.clone(),
        activities: pick(rng, ACTIVITIES).to_string(),
        people_trained: rng.random_range(3..=45),
        patients_seen: patients,
        sessions_delivered: sessions,
        hours_given,
        notes: pick(rng, NOTES).to_string(),
        filed_by: Some(pair.user_id.to_string()),
        filed_at: filed,
    });
    let mut closed = filed;
    if chance(rng, 85) {
        let rating = *weighted(rng, &[(5, 45), (4, 35), (3, 12), (2, 5), (1, 3)]);
        let said: Vec<&str> = COMMENTS
            .iter()
            .filter(|(r, _)| *r == rating)
            .map(|(_, c)| *c)
            .collect();
        let at = end + hours(rng, 24..=144);
        b.feedback.push(Feedback {
            match_id: h.row.id.clone(),
            rating,
            comments: pick(rng, &said).to_string(),
            filed_by: t.staff_id.clone(),
            filed_at: at,
        });
        closed = closed.max(at);
    }
    h.step(
        "complete",
        MatchState::Completed,
        Some(pair.coordinator),
        None,
        closed + hours(rng, 24..=72),
    );
    h
}
