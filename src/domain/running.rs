//! Running and closing a confirmed match (SPEC F6): the on-site checklist,
//! the professional's report and the facility's feedback after the end
//! date. Pure rules: who may do what, when, and what a form may hold.

use std::str::FromStr;

use chrono::NaiveDate;

use super::FieldErrors;
use super::matching::{Actor, MatchState, Side};

/// What must be ready before an on-site assignment starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChecklistItem {
    /// Temporary practice permit or licence recognition.
    Permit,
    Travel,
    Insurance,
    /// Pre-departure orientation.
    Orientation,
}

impl ChecklistItem {
    pub const ALL: [ChecklistItem; 4] = [
        Self::Permit,
        Self::Travel,
        Self::Insurance,
        Self::Orientation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Permit => "permit",
            Self::Travel => "travel",
            Self::Insurance => "insurance",
            Self::Orientation => "orientation",
        }
    }
}

impl FromStr for ChecklistItem {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|i| i.as_str() == s).ok_or(())
    }
}

/// What the rules need to know of a match.
#[derive(Clone, Copy, Debug)]
pub struct Running {
    pub state: MatchState,
    pub onsite: bool,
    pub ends_on: NaiveDate,
    pub today: NaiveDate,
}

impl Running {
    fn over(&self) -> bool {
        self.ends_on < self.today
    }
}

/// Why a step of running a match is refused: a `conflict-*` message key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused(pub &'static str);

/// The coordinator and the professional tick (and untick) the checklist of
/// a confirmed on-site match.
pub fn may_tick(r: &Running, actor: Actor) -> Result<(), Refused> {
    if !matches!(actor, Actor::Coordinator | Actor::Side(Side::Professional)) {
        return Err(Refused("conflict-checklist-not-yours"));
    }
    if !r.onsite {
        return Err(Refused("conflict-checklist-virtual"));
    }
    if r.state != MatchState::Confirmed {
        return Err(Refused("conflict-checklist-not-confirmed"));
    }
    Ok(())
}

/// The professional reports, and the facility gives feedback, on a
/// confirmed match after its end date; either may be corrected until the
/// coordinator completes the match.
pub fn may_file(r: &Running, actor: Actor, wanted: Side) -> Result<(), Refused> {
    if actor != Actor::Side(wanted) {
        return Err(Refused("conflict-report-not-yours"));
    }
    if r.state != MatchState::Confirmed {
        return Err(Refused("conflict-report-not-confirmed"));
    }
    if !r.over() {
        return Err(Refused("conflict-report-too-early"));
    }
    Ok(())
}

/// Longest text of a report or feedback.
pub const MAX_TEXT: usize = 4000;
/// The largest count a report takes for people, patients or sessions.
pub const MAX_COUNT: i32 = 100_000;
/// The most hours a report takes.
pub const MAX_HOURS: i32 = 10_000;

/// A report as typed.
#[derive(Clone, Debug, Default)]
pub struct ReportInput {
    pub activities: String,
    pub people_trained: String,
    pub patients_seen: String,
    pub sessions_delivered: String,
    pub hours_given: String,
    pub notes: String,
}

/// A report as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFigures {
    pub activities: String,
    pub people_trained: i32,
    pub patients_seen: i32,
    pub sessions_delivered: i32,
    pub hours_given: i32,
    pub notes: String,
}

impl ReportInput {
    pub fn validate(&self) -> Result<ReportFigures, FieldErrors> {
        let mut e = FieldErrors::new();
        let activities = e.long_text("activities", &self.activities, MAX_TEXT);
        if activities.is_empty() && e.get("activities").is_none() {
            e.add("activities", super::FieldError::new("err-required"));
        }
        let people_trained = e.number_in("people_trained", &self.people_trained, 0, MAX_COUNT);
        let patients_seen = e.number_in("patients_seen", &self.patients_seen, 0, MAX_COUNT);
        let sessions_delivered =
            e.number_in("sessions_delivered", &self.sessions_delivered, 0, MAX_COUNT);
        let hours_given = e.number_in("hours_given", &self.hours_given, 0, MAX_HOURS);
        let notes = e.long_text("notes", &self.notes, MAX_TEXT);
        e.into_result().map(|()| ReportFigures {
            activities,
            people_trained,
            patients_seen,
            sessions_delivered,
            hours_given,
            notes,
        })
    }
}

/// Feedback as typed.
#[derive(Clone, Debug, Default)]
pub struct FeedbackInput {
    pub rating: String,
    pub comments: String,
}

impl FeedbackInput {
    /// The rating (1 to 5) and the comments.
    pub fn validate(&self) -> Result<(i32, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let rating = e.number_in("rating", &self.rating, 1, 5);
        let comments = e.long_text("comments", &self.comments, MAX_TEXT);
        e.into_result().map(|()| (rating, comments))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn running(state: MatchState, onsite: bool, today: &str) -> Running {
        Running {
            state,
            onsite,
            ends_on: day("2027-03-31"),
            today: day(today),
        }
    }

    const PRO: Actor = Actor::Side(Side::Professional);
    const FAC: Actor = Actor::Side(Side::Facility);

    #[test]
    fn items_round_trip() {
        for i in ChecklistItem::ALL {
            assert_eq!(i.as_str().parse(), Ok(i));
        }
        assert!("visa".parse::<ChecklistItem>().is_err());
    }

    #[test]
    fn the_coordinator_and_the_professional_tick_a_confirmed_onsite_match() {
        let r = running(MatchState::Confirmed, true, "2027-01-10");
        assert_eq!(may_tick(&r, Actor::Coordinator), Ok(()));
        assert_eq!(may_tick(&r, PRO), Ok(()));
        assert_eq!(
            may_tick(&r, FAC),
            Err(Refused("conflict-checklist-not-yours"))
        );
        assert_eq!(
            may_tick(&r, Actor::System),
            Err(Refused("conflict-checklist-not-yours"))
        );
    }

    #[test]
    fn no_checklist_for_a_virtual_or_unconfirmed_match() {
        let virtual_ = running(MatchState::Confirmed, false, "2027-01-10");
        assert_eq!(
            may_tick(&virtual_, PRO),
            Err(Refused("conflict-checklist-virtual"))
        );
        for state in MatchState::ALL {
            if state == MatchState::Confirmed {
                continue;
            }
            assert_eq!(
                may_tick(&running(state, true, "2027-01-10"), Actor::Coordinator),
                Err(Refused("conflict-checklist-not-confirmed")),
                "{state:?}"
            );
        }
    }

    #[test]
    fn reports_come_after_the_end_date_from_their_side() {
        let last_day = running(MatchState::Confirmed, true, "2027-03-31");
        let after = running(MatchState::Confirmed, true, "2027-04-01");
        assert_eq!(
            may_file(&last_day, PRO, Side::Professional),
            Err(Refused("conflict-report-too-early"))
        );
        assert_eq!(may_file(&after, PRO, Side::Professional), Ok(()));
        assert_eq!(may_file(&after, FAC, Side::Facility), Ok(()));
        assert_eq!(
            may_file(&after, FAC, Side::Professional),
            Err(Refused("conflict-report-not-yours"))
        );
        assert_eq!(
            may_file(&after, Actor::Coordinator, Side::Facility),
            Err(Refused("conflict-report-not-yours"))
        );
        for state in [
            MatchState::Completed,
            MatchState::Cancelled,
            MatchState::Offered,
        ] {
            assert_eq!(
                may_file(
                    &running(state, false, "2027-04-01"),
                    PRO,
                    Side::Professional
                ),
                Err(Refused("conflict-report-not-confirmed"))
            );
        }
    }

    #[test]
    fn a_report_takes_counts_in_range_and_needs_activities() {
        let ok = ReportInput {
            activities: "Trained theatre nurses\r\nin triage".into(),
            people_trained: "12".into(),
            patients_seen: "0".into(),
            sessions_delivered: " 4 ".into(),
            hours_given: "30".into(),
            notes: String::new(),
        };
        let r = ok.validate().unwrap();
        assert_eq!(r.activities, "Trained theatre nurses\nin triage");
        assert_eq!((r.people_trained, r.sessions_delivered), (12, 4));

        let bad = ReportInput {
            activities: "  ".into(),
            people_trained: "-1".into(),
            patients_seen: "many".into(),
            sessions_delivered: "".into(),
            hours_given: "10001".into(),
            notes: "x".repeat(MAX_TEXT + 1),
        };
        let e = bad.validate().unwrap_err();
        for f in [
            "activities",
            "people_trained",
            "patients_seen",
            "sessions_delivered",
            "hours_given",
            "notes",
        ] {
            assert!(e.get(f).is_some(), "{f}");
        }
    }

    #[test]
    fn a_rating_is_one_to_five() {
        let f = |r: &str| {
            FeedbackInput {
                rating: r.into(),
                comments: "Good".into(),
            }
            .validate()
        };
        assert_eq!(f("1").unwrap().0, 1);
        assert_eq!(f("5").unwrap().0, 5);
        for bad in ["0", "6", "", "four"] {
            assert!(f(bad).unwrap_err().get("rating").is_some(), "{bad}");
        }
    }
}
