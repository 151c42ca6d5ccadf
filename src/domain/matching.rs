//! The life of a match (SPEC F5, F6): a professional paired with an
//! assignment, from the proposal to its completion. A pure state machine:
//! the services read the match, ask here whether an event may happen and
//! what it changes, and write that in one transaction with its audit row
//! and emails. Checks that need other matches (an overlapping confirmed
//! on-site match, positions already filled) are the store's, inside the
//! transaction that confirms.

use std::str::FromStr;

use chrono::{Duration, NaiveDateTime};

/// Days an offer stays open unless the coordinator says otherwise.
pub const DEFAULT_OFFER_DAYS: i64 = 7;
/// The longest deadline a coordinator may give.
pub const MAX_OFFER_DAYS: i64 = 60;
/// Longest reason for a rejection, a refusal or a cancellation.
pub const MAX_REASON: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchState {
    /// By the matcher or by a coordinator's hand, waiting for approval.
    Proposed,
    /// Refused by the coordinator, with a reason.
    Rejected,
    /// Approved and offered to both sides until the deadline.
    Offered,
    /// Refused by one side, with a reason.
    Declined,
    /// The deadline passed before both sides accepted.
    Expired,
    /// Both sides accepted and the checks held.
    Confirmed,
    /// Over, closed by the coordinator.
    Completed,
    /// Stopped before completion, with a reason.
    Cancelled,
}

impl MatchState {
    pub const ALL: [MatchState; 8] = [
        Self::Proposed,
        Self::Rejected,
        Self::Offered,
        Self::Declined,
        Self::Expired,
        Self::Confirmed,
        Self::Completed,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Rejected => "rejected",
            Self::Offered => "offered",
            Self::Declined => "declined",
            Self::Expired => "expired",
            Self::Confirmed => "confirmed",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    /// Nothing can happen to it any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Rejected | Self::Declined | Self::Expired | Self::Completed | Self::Cancelled
        )
    }
}

impl FromStr for MatchState {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// The two sides an offer goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Professional,
    Facility,
}

/// Who acts on a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A coordinator of the programme covering the assignment's country.
    Coordinator,
    /// The professional of the match, or staff of the assignment's facility.
    Side(Side),
    /// The scheduled jobs: expiry, and offers withdrawn when an assignment
    /// is filled.
    System,
}

/// What a match is, as far as its life goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    pub state: MatchState,
    pub deadline: Option<NaiveDateTime>,
    pub professional_accepted: bool,
    pub facility_accepted: bool,
    /// The last day of the assignment has passed.
    pub assignment_over: bool,
}

/// Something that may happen to a match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Approve {
        deadline: NaiveDateTime,
    },
    Reject {
        reason: String,
    },
    Accept,
    Decline {
        reason: String,
    },
    ChangeDeadline {
        deadline: NaiveDateTime,
    },
    Expire,
    Complete,
    Cancel {
        reason: String,
    },
    /// The assignment's last position was filled by another match.
    Withdraw,
}

impl Event {
    pub fn name(&self) -> &'static str {
        match self {
            Event::Approve { .. } => "approve",
            Event::Reject { .. } => "reject",
            Event::Accept => "accept",
            Event::Decline { .. } => "decline",
            Event::ChangeDeadline { .. } => "change_deadline",
            Event::Expire => "expire",
            Event::Complete => "complete",
            Event::Cancel { .. } => "cancel",
            Event::Withdraw => "withdraw",
        }
    }
}

/// Why an event may not happen: a message key (`conflict-match-…`) the
/// 409 page shows in the reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Illegal(pub &'static str);

/// What an event changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub to: Match,
    /// Both sides have now accepted: the service confirms, with the checks
    /// only a transaction over every match can make.
    pub confirm: bool,
}

/// The deadline of an offer approved at `now`, `days` ahead.
pub fn deadline_after(now: NaiveDateTime, days: i64) -> NaiveDateTime {
    // Any number may be typed: past the bounds either way, the deadline
    // stays just past them for the checks to refuse, never overflows.
    now + Duration::days(days.clamp(-1, MAX_OFFER_DAYS + 1))
}

fn reason_ok(reason: &str) -> Result<(), Illegal> {
    let r = reason.trim();
    if r.is_empty() {
        Err(Illegal("conflict-match-reason-required"))
    } else if r.chars().count() > MAX_REASON {
        Err(Illegal("conflict-match-reason-too-long"))
    } else {
        Ok(())
    }
}

fn deadline_ok(deadline: NaiveDateTime, now: NaiveDateTime) -> Result<(), Illegal> {
    if deadline <= now {
        Err(Illegal("conflict-match-deadline-past"))
    } else if deadline > now + Duration::days(MAX_OFFER_DAYS) {
        Err(Illegal("conflict-match-deadline-far"))
    } else {
        Ok(())
    }
}

/// Whether `actor` may make `event` happen to `m` at `now`, and what it
/// changes.
pub fn apply(
    m: &Match,
    actor: Actor,
    event: &Event,
    now: NaiveDateTime,
) -> Result<Change, Illegal> {
    use MatchState::*;
    let mut to = m.clone();
    let mut confirm = false;
    let coordinator = actor == Actor::Coordinator;
    match (m.state, event) {
        (s, _) if s.is_final() => return Err(Illegal("conflict-match-over")),
        (Proposed, Event::Approve { deadline }) if coordinator => {
            deadline_ok(*deadline, now)?;
            to.state = Offered;
            to.deadline = Some(*deadline);
            to.professional_accepted = false;
            to.facility_accepted = false;
        }
        (Proposed, Event::Reject { reason }) if coordinator => {
            reason_ok(reason)?;
            to.state = Rejected;
        }
        (Offered, Event::Accept | Event::Decline { .. })
            if m.deadline.is_some_and(|d| now >= d) =>
        {
            return Err(Illegal("conflict-match-deadline-passed"));
        }
        (Offered, Event::Accept) => {
            let Actor::Side(side) = actor else {
                return Err(Illegal("conflict-match-not-yours"));
            };
            let already = match side {
                Side::Professional => &mut to.professional_accepted,
                Side::Facility => &mut to.facility_accepted,
            };
            if *already {
                return Err(Illegal("conflict-match-already-accepted"));
            }
            *already = true;
            if to.professional_accepted && to.facility_accepted {
                to.state = Confirmed;
                confirm = true;
            }
        }
        (Offered, Event::Decline { reason }) if matches!(actor, Actor::Side(_)) => {
            reason_ok(reason)?;
            to.state = Declined;
        }
        (Offered, Event::ChangeDeadline { deadline }) if coordinator => {
            deadline_ok(*deadline, now)?;
            to.deadline = Some(*deadline);
        }
        (Offered, Event::Expire) if actor == Actor::System => {
            if m.deadline.is_none_or(|d| now < d) {
                return Err(Illegal("conflict-match-not-due"));
            }
            to.state = Expired;
        }
        (Offered, Event::Withdraw) if actor == Actor::System => {
            to.state = Cancelled;
        }
        (Confirmed, Event::Complete) if coordinator => {
            if !m.assignment_over {
                return Err(Illegal("conflict-match-not-over"));
            }
            to.state = Completed;
        }
        (Proposed | Offered | Confirmed, Event::Cancel { reason }) if coordinator => {
            reason_ok(reason)?;
            to.state = Cancelled;
        }
        (_, Event::Approve { .. } | Event::Reject { .. } | Event::ChangeDeadline { .. })
        | (_, Event::Complete | Event::Cancel { .. })
            if !coordinator =>
        {
            return Err(Illegal("conflict-match-not-yours"));
        }
        (_, Event::Decline { .. }) if !matches!(actor, Actor::Side(_)) => {
            return Err(Illegal("conflict-match-not-yours"));
        }
        _ => return Err(Illegal("conflict-match-not-now")),
    }
    Ok(Change { to, confirm })
}

#[cfg(test)]
mod tests {
    use super::*;
    use MatchState::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn now() -> NaiveDateTime {
        at("2027-03-01 10:00")
    }

    #[test]
    fn any_number_of_days_makes_a_deadline_the_checks_can_refuse() {
        for days in [i64::MIN, -5, 0, MAX_OFFER_DAYS + 1, i64::MAX] {
            let d = deadline_after(now(), days);
            assert!(deadline_ok(d, now()).is_err(), "{days}");
        }
        for days in [1, DEFAULT_OFFER_DAYS, MAX_OFFER_DAYS] {
            assert!(
                deadline_ok(deadline_after(now(), days), now()).is_ok(),
                "{days}"
            );
        }
    }

    fn m(state: MatchState) -> Match {
        Match {
            state,
            deadline: (state == Offered).then(|| at("2027-03-08 10:00")),
            professional_accepted: false,
            facility_accepted: false,
            assignment_over: false,
        }
    }

    const CO: Actor = Actor::Coordinator;
    const PRO: Actor = Actor::Side(Side::Professional);
    const FAC: Actor = Actor::Side(Side::Facility);
    const SYS: Actor = Actor::System;

    fn events() -> Vec<Event> {
        vec![
            Event::Approve {
                deadline: at("2027-03-08 10:00"),
            },
            Event::Reject {
                reason: "Not now".into(),
            },
            Event::Accept,
            Event::Decline {
                reason: "Family matters".into(),
            },
            Event::ChangeDeadline {
                deadline: at("2027-03-10 10:00"),
            },
            Event::Expire,
            Event::Complete,
            Event::Cancel {
                reason: "Visa refused".into(),
            },
            Event::Withdraw,
        ]
    }

    /// Every state, actor and event: exactly the transitions of the life
    /// of a match are allowed, every other answers why not.
    #[test]
    fn only_the_transitions_of_the_life_of_a_match_are_allowed() {
        let allowed: &[(MatchState, Actor, &str, MatchState)] = &[
            (Proposed, CO, "approve", Offered),
            (Proposed, CO, "reject", Rejected),
            (Proposed, CO, "cancel", Cancelled),
            (Offered, PRO, "accept", Offered),
            (Offered, FAC, "accept", Offered),
            (Offered, PRO, "decline", Declined),
            (Offered, FAC, "decline", Declined),
            (Offered, CO, "change_deadline", Offered),
            (Offered, SYS, "withdraw", Cancelled),
            (Offered, CO, "cancel", Cancelled),
            (Confirmed, CO, "cancel", Cancelled),
        ];
        for state in MatchState::ALL {
            for actor in [CO, PRO, FAC, SYS] {
                for event in events() {
                    let got = apply(&m(state), actor, &event, now());
                    let want = allowed
                        .iter()
                        .find(|(s, a, e, _)| *s == state && *a == actor && *e == event.name());
                    match (want, got) {
                        (Some((.., to)), Ok(change)) => {
                            assert_eq!(change.to.state, *to, "{state:?} {actor:?} {event:?}")
                        }
                        (None, Err(Illegal(key))) => {
                            assert!(key.starts_with("conflict-match-"), "{key}")
                        }
                        (want, got) => {
                            panic!("{state:?} {actor:?} {event:?}: want {want:?}, got {got:?}")
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn final_states_never_move() {
        for state in [Rejected, Declined, Expired, Completed, Cancelled] {
            assert!(state.is_final());
            for event in events() {
                assert_eq!(
                    apply(&m(state), CO, &event, now()),
                    Err(Illegal("conflict-match-over"))
                );
            }
        }
        assert!(!Proposed.is_final() && !Offered.is_final() && !Confirmed.is_final());
    }

    #[test]
    fn both_sides_accepting_asks_for_confirmation_once() {
        let first = apply(&m(Offered), PRO, &Event::Accept, now()).unwrap();
        assert!(!first.confirm && first.to.professional_accepted);
        assert_eq!(
            apply(&first.to, PRO, &Event::Accept, now()),
            Err(Illegal("conflict-match-already-accepted"))
        );
        let both = apply(&first.to, FAC, &Event::Accept, now()).unwrap();
        assert!(both.confirm);
        assert_eq!(both.to.state, Confirmed);
        // The other order too.
        let f = apply(&m(Offered), FAC, &Event::Accept, now()).unwrap();
        assert!(apply(&f.to, PRO, &Event::Accept, now()).unwrap().confirm);
    }

    #[test]
    fn the_deadline_bounds_answers_and_expiry() {
        let deadline = at("2027-03-08 10:00");
        let just_before = at("2027-03-08 09:59");
        assert!(apply(&m(Offered), PRO, &Event::Accept, just_before).is_ok());
        assert_eq!(
            apply(&m(Offered), PRO, &Event::Accept, deadline),
            Err(Illegal("conflict-match-deadline-passed"))
        );
        assert_eq!(
            apply(&m(Offered), SYS, &Event::Expire, just_before),
            Err(Illegal("conflict-match-not-due"))
        );
        assert_eq!(
            apply(&m(Offered), SYS, &Event::Expire, deadline)
                .unwrap()
                .to
                .state,
            Expired
        );
        // A coordinator gives more time, never a past or far deadline.
        let later = at("2027-03-12 10:00");
        let moved = apply(
            &m(Offered),
            CO,
            &Event::ChangeDeadline { deadline: later },
            now(),
        )
        .unwrap();
        assert_eq!(moved.to.deadline, Some(later));
        for (bad, key) in [
            (now(), "conflict-match-deadline-past"),
            (
                now() + Duration::days(MAX_OFFER_DAYS) + Duration::minutes(1),
                "conflict-match-deadline-far",
            ),
        ] {
            assert_eq!(
                apply(
                    &m(Offered),
                    CO,
                    &Event::ChangeDeadline { deadline: bad },
                    now()
                ),
                Err(Illegal(key))
            );
            assert_eq!(
                apply(&m(Proposed), CO, &Event::Approve { deadline: bad }, now()),
                Err(Illegal(key))
            );
        }
        assert_eq!(deadline_after(now(), DEFAULT_OFFER_DAYS), deadline);
    }

    #[test]
    fn reasons_are_required_and_bounded() {
        for (event, state, actor) in [
            (Event::Reject { reason: " ".into() }, Proposed, CO),
            (Event::Decline { reason: "".into() }, Offered, PRO),
            (
                Event::Cancel {
                    reason: "\n".into(),
                },
                Confirmed,
                CO,
            ),
        ] {
            assert_eq!(
                apply(&m(state), actor, &event, now()),
                Err(Illegal("conflict-match-reason-required"))
            );
        }
        let long = "r".repeat(MAX_REASON + 1);
        assert_eq!(
            apply(&m(Proposed), CO, &Event::Reject { reason: long }, now()),
            Err(Illegal("conflict-match-reason-too-long"))
        );
    }

    #[test]
    fn completion_waits_for_the_end_of_the_assignment() {
        assert_eq!(
            apply(&m(Confirmed), CO, &Event::Complete, now()),
            Err(Illegal("conflict-match-not-over"))
        );
        let over = Match {
            assignment_over: true,
            ..m(Confirmed)
        };
        assert_eq!(
            apply(&over, CO, &Event::Complete, now()).unwrap().to.state,
            Completed
        );
        assert_eq!(
            apply(&over, PRO, &Event::Complete, now()),
            Err(Illegal("conflict-match-not-yours"))
        );
    }

    #[test]
    fn states_read_back_from_their_names() {
        for s in MatchState::ALL {
            assert_eq!(s.as_str().parse::<MatchState>(), Ok(s));
        }
        assert!("approved".parse::<MatchState>().is_err());
    }
}
