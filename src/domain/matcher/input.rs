//! What the matcher is given: professionals, assignments and the programme,
//! as plain values the store builds and the benchmark generates.

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::domain::availability::{DateRange, LocalHours, Modality};
use crate::domain::profile::{LanguageLevel, ResidenceStatus};
use crate::domain::programme::{Eligibility, Weights};

/// A language and how well it is spoken (or, on an assignment, the least
/// level accepted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spoken {
    /// ISO 639-1.
    pub code: String,
    pub level: LanguageLevel,
}

/// An availability window as the matcher reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    pub range: DateRange,
    pub modality: Modality,
    /// Hours a week offered for virtual work; ignored for on-site windows.
    pub weekly_hours: i32,
    /// When sessions can be given, in the professional's own time zone.
    pub hours: Vec<LocalHours>,
}

/// A licence a coordinator verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Licence {
    /// ISCO-08 code of the profession it licenses.
    pub profession: String,
    /// Last valid day.
    pub valid_until: NaiveDate,
}

/// Completed assignments and the ratings they received (1-5 each; an
/// assignment may be unrated).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrackRecord {
    pub completed: u32,
    pub ratings: Vec<u8>,
}

/// A professional as the matcher sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Professional {
    pub id: String,
    /// ISCO-08 code.
    pub profession: String,
    pub specialties: Vec<String>,
    /// Normalised tags (`profile::normalise_skill`).
    pub skills: Vec<String>,
    pub languages: Vec<Spoken>,
    /// ISO 3166-1 alpha-2.
    pub origin_country: Option<String>,
    pub residence_status: Option<ResidenceStatus>,
    pub years_experience: i32,
    pub time_zone: Tz,
    pub windows: Vec<Window>,
    /// Verified licences only.
    pub licences: Vec<Licence>,
    /// Dates of on-site matches already confirmed.
    pub confirmed_on_site: Vec<DateRange>,
    pub matching_consent: bool,
    pub email_verified: bool,
    pub profile_complete: bool,
    pub track_record: TrackRecord,
    /// Ids of the assignments the professional asked for.
    pub interests: Vec<String>,
}

/// One weekly session of a virtual assignment: a weekday and a span of
/// minutes, in the facility's time zone (the same validated shape as a
/// professional's local hours).
pub type Session = LocalHours;

/// When and how an assignment is done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Presence {
    OnSite(DateRange),
    Virtual {
        period: DateRange,
        weekly_hours: i32,
        sessions: Vec<Session>,
    },
}

impl Presence {
    pub fn dates(&self) -> DateRange {
        match self {
            Presence::OnSite(r) => *r,
            Presence::Virtual { period, .. } => *period,
        }
    }

    pub fn is_on_site(&self) -> bool {
        matches!(self, Presence::OnSite(_))
    }
}

/// An open assignment (Terms of Reference) as the matcher sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub id: String,
    /// ISO 3166-1 alpha-2 of the facility.
    pub country: String,
    pub time_zone: Tz,
    /// ISCO-08 codes accepted.
    pub professions: Vec<String>,
    pub specialty: Option<String>,
    pub required_skills: Vec<String>,
    pub desired_skills: Vec<String>,
    pub languages: Vec<Spoken>,
    pub presence: Presence,
    pub positions: u32,
    pub clinical: bool,
    pub min_years_experience: i32,
    pub urgent: bool,
    /// The facility's country is on the WHO health workforce support and
    /// safeguards list.
    pub safeguards_list: bool,
    /// Professionals who declined this assignment before.
    pub declined_by: Vec<String>,
    /// Professionals rejected for this assignment before.
    pub rejected: Vec<String>,
}

/// The programme a run is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programme {
    /// Origin countries it covers.
    pub countries: Vec<String>,
    pub eligibility: Eligibility,
    pub weights: Weights,
}

/// How much a run reports beyond the proposals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Next best candidates kept for each assignment.
    pub alternates: usize,
    /// Near misses kept for each assignment, best scores first.
    pub near_misses: usize,
    /// Keep every feasible pair with its score in the outcome, for an
    /// independent check of the optimum.
    pub keep_feasible: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            alternates: 5,
            near_misses: 10,
            keep_feasible: false,
        }
    }
}
