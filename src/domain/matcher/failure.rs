//! The names of the hard rules and of every way a pair can break one, with
//! the data a message to a person needs (the web layer words them).

use chrono::NaiveDate;

use super::input::Session;
use crate::domain::availability::Modality;
use crate::domain::profile::LanguageLevel;
use crate::domain::programme::Ineligible;

/// The nine hard rules, in the order of SPEC 4.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Profession,
    Specialty,
    ModalityAndDates,
    SessionTimes,
    Licence,
    Languages,
    Eligibility,
    Overlap,
    Standing,
}

impl Rule {
    pub const ALL: [Rule; 9] = [
        Rule::Profession,
        Rule::Specialty,
        Rule::ModalityAndDates,
        Rule::SessionTimes,
        Rule::Licence,
        Rule::Languages,
        Rule::Eligibility,
        Rule::Overlap,
        Rule::Standing,
    ];

    /// Its number in SPEC 4.1.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Profession => "profession",
            Rule::Specialty => "specialty",
            Rule::ModalityAndDates => "modality_and_dates",
            Rule::SessionTimes => "session_times",
            Rule::Licence => "licence",
            Rule::Languages => "languages",
            Rule::Eligibility => "eligibility",
            Rule::Overlap => "overlap",
            Rule::Standing => "standing",
        }
    }
}

/// Why a pair breaks a rule, with what a message to a person needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    Profession {
        has: String,
        accepted: Vec<String>,
    },
    Specialty {
        needed: String,
    },
    NoWindow {
        modality: Modality,
        start: NaiveDate,
        end: NaiveDate,
    },
    WeeklyHours {
        needed: i32,
        offered: i32,
    },
    /// A session, in the facility's time, falls outside the professional's
    /// hours from `from` on, where it is `local_*` in their time.
    SessionOutsideHours {
        session: Session,
        from: NaiveDate,
        local_weekday: u8,
        local_start_minute: u16,
        local_end_minute: u16,
    },
    NoLicence {
        profession: String,
    },
    LicenceExpires {
        valid_until: NaiveDate,
        needed_until: NaiveDate,
    },
    LanguageMissing {
        code: String,
        needed: LanguageLevel,
    },
    LanguageBelow {
        code: String,
        needed: LanguageLevel,
        has: LanguageLevel,
    },
    /// Origin, residence status or the programme's minimum experience.
    Ineligible(Ineligible),
    ExperienceBelow {
        needed: i32,
        has: i32,
    },
    OnSiteTooShort {
        days: i32,
        min: i32,
    },
    OnSiteTooLong {
        days: i32,
        max: i32,
    },
    OverlapsConfirmed {
        start: NaiveDate,
        end: NaiveDate,
    },
    DeclinedBefore,
    RejectedBefore,
    NoMatchingConsent,
    EmailUnverified,
    ProfileIncomplete,
}

impl Failure {
    pub fn rule(&self) -> Rule {
        match self {
            Failure::Profession { .. } => Rule::Profession,
            Failure::Specialty { .. } => Rule::Specialty,
            Failure::NoWindow { .. } | Failure::WeeklyHours { .. } => Rule::ModalityAndDates,
            Failure::SessionOutsideHours { .. } => Rule::SessionTimes,
            Failure::NoLicence { .. } | Failure::LicenceExpires { .. } => Rule::Licence,
            Failure::LanguageMissing { .. } | Failure::LanguageBelow { .. } => Rule::Languages,
            Failure::Ineligible(_)
            | Failure::ExperienceBelow { .. }
            | Failure::OnSiteTooShort { .. }
            | Failure::OnSiteTooLong { .. } => Rule::Eligibility,
            Failure::OverlapsConfirmed { .. } => Rule::Overlap,
            Failure::DeclinedBefore
            | Failure::RejectedBefore
            | Failure::NoMatchingConsent
            | Failure::EmailUnverified
            | Failure::ProfileIncomplete => Rule::Standing,
        }
    }
}
