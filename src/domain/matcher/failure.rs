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

/// Failures kept as one line of text with a run (`encode`) and read back
/// to be worded in the reader's language (`decode`): the variant's name,
/// then its fields, separated by `|`; lists by `,`.
impl Failure {
    pub fn encode(&self) -> String {
        let d = |d: &NaiveDate| d.to_string();
        let parts: Vec<String> = match self {
            Failure::Profession { has, accepted } => {
                vec!["profession".into(), has.clone(), accepted.join(",")]
            }
            Failure::Specialty { needed } => vec!["specialty".into(), needed.clone()],
            Failure::NoWindow {
                modality,
                start,
                end,
            } => vec![
                "no_window".into(),
                modality.as_str().into(),
                d(start),
                d(end),
            ],
            Failure::WeeklyHours { needed, offered } => {
                vec![
                    "weekly_hours".into(),
                    needed.to_string(),
                    offered.to_string(),
                ]
            }
            Failure::SessionOutsideHours {
                session,
                from,
                local_weekday,
                local_start_minute,
                local_end_minute,
            } => vec![
                "session".into(),
                session.weekday().to_string(),
                session.start_minute().to_string(),
                session.end_minute().to_string(),
                d(from),
                local_weekday.to_string(),
                local_start_minute.to_string(),
                local_end_minute.to_string(),
            ],
            Failure::NoLicence { profession } => vec!["no_licence".into(), profession.clone()],
            Failure::LicenceExpires {
                valid_until,
                needed_until,
            } => vec!["licence_expires".into(), d(valid_until), d(needed_until)],
            Failure::LanguageMissing { code, needed } => {
                vec![
                    "language_missing".into(),
                    code.clone(),
                    needed.as_str().into(),
                ]
            }
            Failure::LanguageBelow { code, needed, has } => vec![
                "language_below".into(),
                code.clone(),
                needed.as_str().into(),
                has.as_str().into(),
            ],
            Failure::Ineligible(Ineligible::Origin) => vec!["ineligible_origin".into()],
            Failure::Ineligible(Ineligible::ResidenceStatus) => {
                vec!["ineligible_residence".into()]
            }
            Failure::Ineligible(Ineligible::Experience { needed }) => {
                vec!["ineligible_experience".into(), needed.to_string()]
            }
            Failure::ExperienceBelow { needed, has } => {
                vec![
                    "experience_below".into(),
                    needed.to_string(),
                    has.to_string(),
                ]
            }
            Failure::OnSiteTooShort { days, min } => {
                vec!["too_short".into(), days.to_string(), min.to_string()]
            }
            Failure::OnSiteTooLong { days, max } => {
                vec!["too_long".into(), days.to_string(), max.to_string()]
            }
            Failure::OverlapsConfirmed { start, end } => {
                vec!["overlap".into(), d(start), d(end)]
            }
            Failure::DeclinedBefore => vec!["declined".into()],
            Failure::RejectedBefore => vec!["rejected".into()],
            Failure::NoMatchingConsent => vec!["no_consent".into()],
            Failure::EmailUnverified => vec!["email_unverified".into()],
            Failure::ProfileIncomplete => vec!["profile_incomplete".into()],
        };
        parts.join("|")
    }

    /// What `encode` wrote; `None` for anything else.
    pub fn decode(text: &str) -> Option<Failure> {
        let f: Vec<&str> = text.split('|').collect();
        let at = |i: usize| f.get(i).copied();
        let date = |i: usize| at(i)?.parse::<NaiveDate>().ok();
        let int = |i: usize| at(i)?.parse::<i32>().ok();
        let level = |i: usize| at(i)?.parse::<LanguageLevel>().ok();
        Some(match *f.first()? {
            "profession" => Failure::Profession {
                has: at(1)?.into(),
                accepted: at(2)?
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
            "specialty" => Failure::Specialty {
                needed: at(1)?.into(),
            },
            "no_window" => Failure::NoWindow {
                modality: at(1)?.parse().ok()?,
                start: date(2)?,
                end: date(3)?,
            },
            "weekly_hours" => Failure::WeeklyHours {
                needed: int(1)?,
                offered: int(2)?,
            },
            "session" => Failure::SessionOutsideHours {
                session: Session::new(
                    at(1)?.parse().ok()?,
                    at(2)?.parse().ok()?,
                    at(3)?.parse().ok()?,
                )?,
                from: date(4)?,
                local_weekday: at(5)?.parse().ok()?,
                local_start_minute: at(6)?.parse().ok()?,
                local_end_minute: at(7)?.parse().ok()?,
            },
            "no_licence" => Failure::NoLicence {
                profession: at(1)?.into(),
            },
            "licence_expires" => Failure::LicenceExpires {
                valid_until: date(1)?,
                needed_until: date(2)?,
            },
            "language_missing" => Failure::LanguageMissing {
                code: at(1)?.into(),
                needed: level(2)?,
            },
            "language_below" => Failure::LanguageBelow {
                code: at(1)?.into(),
                needed: level(2)?,
                has: level(3)?,
            },
            "ineligible_origin" => Failure::Ineligible(Ineligible::Origin),
            "ineligible_residence" => Failure::Ineligible(Ineligible::ResidenceStatus),
            "ineligible_experience" => {
                Failure::Ineligible(Ineligible::Experience { needed: int(1)? })
            }
            "experience_below" => Failure::ExperienceBelow {
                needed: int(1)?,
                has: int(2)?,
            },
            "too_short" => Failure::OnSiteTooShort {
                days: int(1)?,
                min: int(2)?,
            },
            "too_long" => Failure::OnSiteTooLong {
                days: int(1)?,
                max: int(2)?,
            },
            "overlap" => Failure::OverlapsConfirmed {
                start: date(1)?,
                end: date(2)?,
            },
            "declined" => Failure::DeclinedBefore,
            "rejected" => Failure::RejectedBefore,
            "no_consent" => Failure::NoMatchingConsent,
            "email_unverified" => Failure::EmailUnverified,
            "profile_incomplete" => Failure::ProfileIncomplete,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_reads_back_as_written() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let all = vec![
            Failure::Profession {
                has: "2211".into(),
                accepted: vec!["2221".into(), "2222".into()],
            },
            Failure::Profession {
                has: String::new(),
                accepted: vec![],
            },
            Failure::Specialty {
                needed: "obstetrics_gynaecology".into(),
            },
            Failure::NoWindow {
                modality: Modality::OnSite,
                start: day("2027-03-01"),
                end: day("2027-03-28"),
            },
            Failure::WeeklyHours {
                needed: 6,
                offered: 4,
            },
            Failure::SessionOutsideHours {
                session: Session::new(2, 540, 660).unwrap(),
                from: day("2027-03-28"),
                local_weekday: 2,
                local_start_minute: 600,
                local_end_minute: 720,
            },
            Failure::NoLicence {
                profession: "2221".into(),
            },
            Failure::LicenceExpires {
                valid_until: day("2027-03-27"),
                needed_until: day("2027-03-28"),
            },
            Failure::LanguageMissing {
                code: "fr".into(),
                needed: LanguageLevel::Professional,
            },
            Failure::LanguageBelow {
                code: "fr".into(),
                needed: LanguageLevel::Professional,
                has: LanguageLevel::Conversational,
            },
            Failure::Ineligible(Ineligible::Origin),
            Failure::Ineligible(Ineligible::ResidenceStatus),
            Failure::Ineligible(Ineligible::Experience { needed: 3 }),
            Failure::ExperienceBelow { needed: 5, has: 4 },
            Failure::OnSiteTooShort { days: 10, min: 21 },
            Failure::OnSiteTooLong { days: 120, max: 90 },
            Failure::OverlapsConfirmed {
                start: day("2027-03-10"),
                end: day("2027-04-10"),
            },
            Failure::DeclinedBefore,
            Failure::RejectedBefore,
            Failure::NoMatchingConsent,
            Failure::EmailUnverified,
            Failure::ProfileIncomplete,
        ];
        for f in all {
            assert_eq!(
                Failure::decode(&f.encode()),
                Some(f.clone()),
                "{}",
                f.encode()
            );
        }
        assert_eq!(Failure::decode("specialty"), None);
        assert_eq!(Failure::decode("weekly_hours|six|4"), None);
        assert_eq!(Failure::decode("nonsense"), None);
    }
}
