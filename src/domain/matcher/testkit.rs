//! Pairs that pass every rule, to be bent one rule at a time, and small
//! random instances for the optimum's checks.

use chrono::NaiveDate;
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::domain::availability::{DateRange, LocalHours, Modality};
use crate::domain::profile::{LanguageLevel, ResidenceStatus};
use crate::domain::programme::{Eligibility, Weights};

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn range(from: &str, to: &str) -> DateRange {
    DateRange::new(d(from), d(to)).unwrap()
}

pub fn spoken(code: &str, level: LanguageLevel) -> Spoken {
    Spoken {
        code: code.into(),
        level,
    }
}

pub fn programme() -> Programme {
    Programme {
        countries: vec!["CM".into(), "GH".into(), "KE".into(), "NG".into()],
        eligibility: Eligibility::default(),
        weights: Weights::DEFAULT,
    }
}

/// A Ghanaian nurse in London, free all of 2027 for either kind of work,
/// any hour of any day.
pub fn nurse(id: &str) -> Professional {
    Professional {
        id: id.into(),
        profession: "2221".into(),
        specialties: vec!["midwifery".into()],
        skills: vec!["triage".into(), "neonatal care".into()],
        languages: vec![
            spoken("en", LanguageLevel::Professional),
            spoken("tw", LanguageLevel::Native),
        ],
        origin_country: Some("GH".into()),
        residence_status: Some(ResidenceStatus::Citizen),
        years_experience: 8,
        time_zone: chrono_tz::Europe::London,
        windows: vec![Window {
            range: range("2027-01-01", "2027-12-31"),
            modality: Modality::Either,
            weekly_hours: 10,
            hours: (1..=7)
                .filter_map(|w| LocalHours::new(w, 0, 1440))
                .collect(),
        }],
        licences: vec![Licence {
            profession: "2221".into(),
            valid_until: d("2029-12-31"),
        }],
        confirmed_on_site: vec![],
        matching_consent: true,
        email_verified: true,
        profile_complete: true,
        track_record: TrackRecord::default(),
        interests: vec![],
    }
}

/// Four weeks of clinical nursing at a hospital in Kumasi, in English.
pub fn on_site(id: &str, from: &str, to: &str) -> Assignment {
    Assignment {
        id: id.into(),
        country: "GH".into(),
        time_zone: chrono_tz::Africa::Accra,
        professions: vec!["2221".into()],
        specialty: None,
        required_skills: vec!["triage".into()],
        desired_skills: vec![],
        languages: vec![spoken("en", LanguageLevel::Professional)],
        presence: Presence::OnSite(range(from, to)),
        positions: 1,
        clinical: true,
        min_years_experience: 0,
        urgent: false,
        safeguards_list: false,
        declined_by: vec![],
        rejected: vec![],
    }
}

/// Virtual teaching with the given weekly sessions (facility time).
pub fn virtual_work(id: &str, from: &str, to: &str, sessions: Vec<Session>) -> Assignment {
    Assignment {
        presence: Presence::Virtual {
            period: range(from, to),
            weekly_hours: 4,
            sessions,
        },
        clinical: false,
        ..on_site(id, from, to)
    }
}

const ORIGINS: [&str; 5] = ["GH", "NG", "KE", "CM", "FR"];
const ZONES: [Tz; 3] = [
    chrono_tz::Europe::London,
    chrono_tz::America::Toronto,
    chrono_tz::Europe::Paris,
];
const SKILLS: [&str; 4] = ["triage", "surgery", "teaching", "ultrasound"];

fn some<T: Clone>(rng: &mut ChaCha8Rng, items: &[T], percent: u32) -> Vec<T> {
    items
        .iter()
        .filter(|_| rng.random_range(0..100) < percent)
        .cloned()
        .collect()
}

fn level(rng: &mut ChaCha8Rng) -> LanguageLevel {
    LanguageLevel::ALL[rng.random_range(1..4)]
}

fn day_in_2027(rng: &mut ChaCha8Rng, from: u64, to: u64) -> NaiveDate {
    d("2027-02-01") + chrono::Days::new(rng.random_range(from..to))
}

/// A small instance where most rules bite now and then: two professions,
/// two specialties, a few skills, languages, zones and dates close together.
pub fn random_instance(
    seed: u64,
    professionals: usize,
    assignments: usize,
) -> (Vec<Professional>, Vec<Assignment>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let asgs: Vec<Assignment> = (0..assignments)
        .map(|i| {
            let start = day_in_2027(&mut rng, 15, 60);
            let days = rng.random_range(19..60);
            let end = start + chrono::Days::new(days);
            let presence = if rng.random_range(0..3) == 0 {
                let sessions = (0..rng.random_range(1..3))
                    .filter_map(|_| {
                        let from = rng.random_range(6..20) * 60;
                        LocalHours::new(rng.random_range(1..=7), from, from + 120)
                    })
                    .collect();
                Presence::Virtual {
                    period: DateRange::new(start, end).unwrap(),
                    weekly_hours: rng.random_range(1..6),
                    sessions,
                }
            } else {
                Presence::OnSite(DateRange::new(start, end).unwrap())
            };
            Assignment {
                id: format!("a{:02}", (i * 7 + seed as usize) % 100),
                country: ORIGINS[rng.random_range(0..3)].into(),
                time_zone: chrono_tz::Africa::Accra,
                professions: if rng.random_range(0..4) == 0 {
                    vec!["2221".into(), "2222".into()]
                } else {
                    vec![["2221", "2221", "2222"][rng.random_range(0..3)].into()]
                },
                specialty: [None, None, None, Some("s1".into()), Some("s2".into())]
                    [rng.random_range(0..5)]
                .clone(),
                required_skills: some(&mut rng, &SKILLS, 30)
                    .into_iter()
                    .map(String::from)
                    .collect(),
                desired_skills: some(&mut rng, &SKILLS, 30)
                    .into_iter()
                    .map(String::from)
                    .collect(),
                languages: some(&mut rng, &["en", "fr"], 30)
                    .into_iter()
                    .map(|c| spoken(c, LanguageLevel::ALL[rng.random_range(0..3)]))
                    .collect(),
                presence,
                positions: rng.random_range(1..3),
                clinical: rng.random_range(0..2) == 0,
                min_years_experience: rng.random_range(0..4),
                urgent: rng.random_range(0..4) == 0,
                safeguards_list: rng.random_range(0..4) == 0,
                declined_by: vec![],
                rejected: vec![],
            }
        })
        .collect();
    let ids: Vec<String> = asgs.iter().map(|a| a.id.clone()).collect();
    let mut asgs = asgs;
    let pros = (0..professionals)
        .map(|i| {
            let id = format!("p{:02}", (i * 13 + seed as usize) % 100);
            let windows = (0..rng.random_range(1..3))
                .map(|_| {
                    let start = day_in_2027(&mut rng, 0, 30);
                    let end = start + chrono::Days::new(rng.random_range(60..200));
                    let hours = (0..rng.random_range(1..6))
                        .filter_map(|_| {
                            let from = rng.random_range(4..16) * 60;
                            LocalHours::new(rng.random_range(1..=7), from, from + 480)
                        })
                        .collect();
                    Window {
                        range: DateRange::new(start, end).unwrap(),
                        modality: Modality::ALL[rng.random_range(0..4).min(2)],
                        weekly_hours: rng.random_range(1..10),
                        hours,
                    }
                })
                .collect();
            let profession = ["2221", "2221", "2222"][rng.random_range(0..3)].to_string();
            let mut p = Professional {
                id: id.clone(),
                profession: profession.clone(),
                specialties: some(&mut rng, &["s1".to_string(), "s2".to_string()], 60),
                skills: some(&mut rng, &SKILLS, 50)
                    .into_iter()
                    .map(String::from)
                    .collect(),
                languages: some(&mut rng, &["en", "fr", "sw"], 70)
                    .into_iter()
                    .map(|c| spoken(c, level(&mut rng)))
                    .collect(),
                origin_country: Some(
                    ORIGINS[rng.random_range(0..5).min(rng.random_range(0..5))].into(),
                ),
                residence_status: Some(
                    ResidenceStatus::ALL[rng.random_range(0..4).min(rng.random_range(0..4))],
                ),
                years_experience: rng.random_range(0..20),
                time_zone: ZONES[rng.random_range(0..3)],
                windows,
                licences: if rng.random_range(0..4) == 0 {
                    vec![]
                } else {
                    vec![Licence {
                        profession,
                        valid_until: day_in_2027(&mut rng, 60, 300),
                    }]
                },
                confirmed_on_site: if rng.random_range(0..10) == 0 {
                    let s = day_in_2027(&mut rng, 0, 100);
                    vec![DateRange::new(s, s + chrono::Days::new(20)).unwrap()]
                } else {
                    vec![]
                },
                matching_consent: rng.random_range(0..20) != 0,
                email_verified: rng.random_range(0..20) != 0,
                profile_complete: rng.random_range(0..20) != 0,
                track_record: TrackRecord {
                    completed: rng.random_range(0..4),
                    ratings: some(&mut rng, &[2, 4, 5], 40),
                },
                interests: some(&mut rng, &ids, 20),
            };
            if rng.random_range(0..8) == 0 && !asgs.is_empty() {
                let a = rng.random_range(0..asgs.len());
                asgs[a].declined_by.push(id.clone());
            }
            if p.languages.is_empty() {
                p.languages.push(spoken("en", LanguageLevel::Native));
            }
            p
        })
        .collect();
    (pros, asgs)
}
