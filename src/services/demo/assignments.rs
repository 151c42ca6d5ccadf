//! The Terms of Reference of the demonstration facilities: each verified
//! facility posts a few, on-site or virtual, some urgent, some for a team,
//! most open, some past and closed. A pure function of the seed and the
//! facility's number, like the rest of the registry.

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::generate::{Facility, chance, pick, pick_some, rng_for, weighted};
use super::places::{self, PROFESSIONS};
use crate::domain::assignment::{AssignmentStatus, Support};
use crate::domain::availability::{DateRange, LocalHours, Modality};
use crate::domain::facility::FacilityStatus;
use crate::domain::profile::LanguageLevel;

/// The stream of the generator that draws assignments.
const ASSIGNMENTS: u64 = 4;

/// One assignment as generated.
#[derive(Clone, Debug)]
pub struct DemoAssignment {
    pub title: String,
    pub objectives: String,
    pub professions: Vec<&'static str>,
    pub specialty: Option<&'static str>,
    pub required_skills: Vec<&'static str>,
    pub desired_skills: Vec<&'static str>,
    pub languages: Vec<(&'static str, LanguageLevel)>,
    pub modality: Modality,
    pub dates: DateRange,
    pub hours_per_week: Option<i32>,
    /// In the facility's time zone.
    pub sessions: Vec<LocalHours>,
    pub positions: i32,
    pub clinical: bool,
    pub support: Support,
    pub min_years: i32,
    pub urgent: bool,
    pub status: AssignmentStatus,
    pub closed_reason: Option<&'static str>,
    pub time_zone: &'static str,
}

/// What the assignments of a family teach or do.
fn title(rng: &mut ChaCha8Rng, modality: Modality, skill: &str, francophone: bool) -> String {
    let remote = modality == Modality::Virtual;
    let forms: &[&str] = match (francophone, remote) {
        (false, false) => &[
            "Clinical mentor in {}",
            "Training of ward staff in {}",
            "Specialist support: {}",
            "Setting up a service for {}",
        ],
        (false, true) => &[
            "Tele-mentoring in {}",
            "Remote case reviews: {}",
            "Online course in {}",
        ],
        (true, false) => &[
            "Mentorat clinique : {}",
            "Formation des équipes : {}",
            "Appui spécialisé : {}",
            "Mise en place d’un service : {}",
        ],
        (true, true) => &[
            "Télé-mentorat : {}",
            "Revues de cas à distance : {}",
            "Cours en ligne : {}",
        ],
    };
    pick(rng, forms).replace("{}", skill)
}

/// The assignments facility number `index` posted, as of `today`;
/// `specialties` are the codes of the specialties table.
pub fn of_facility(
    seed: u64,
    index: u64,
    facility: &Facility,
    today: NaiveDate,
    specialties: &[String],
) -> Vec<DemoAssignment> {
    if facility.status != FacilityStatus::Verified {
        return Vec::new();
    }
    let mut rng = rng_for(seed, ASSIGNMENTS, index);
    let origin = places::origin(facility.country).unwrap_or(&places::ORIGINS[0]);
    let zone = crate::domain::time_zone::of_country(facility.country)
        .first()
        .copied()
        .unwrap_or("UTC");
    let count = rng.random_range(2..=10);
    (0..count)
        .map(|_| one(&mut rng, origin, zone, today, specialties))
        .collect()
}

fn one(
    rng: &mut ChaCha8Rng,
    origin: &'static places::Origin,
    zone: &'static str,
    today: NaiveDate,
    specialties: &[String],
) -> DemoAssignment {
    let profession = *weighted(rng, PROFESSIONS);
    let family = places::family(profession);
    let mut professions = vec![profession];
    if chance(rng, 30) {
        let other = *weighted(rng, PROFESSIONS);
        if places::family(other) == family && other != profession {
            professions.push(other);
        }
    }
    let fitting: Vec<&'static str> = family
        .specialties(profession)
        .iter()
        .copied()
        .filter(|c| specialties.iter().any(|s| s == c))
        .collect();
    let specialty = (!fitting.is_empty() && chance(rng, 60)).then(|| *pick(rng, &fitting));
    let skill_count = rng.random_range(1..=4);
    let skills = pick_some(rng, family.skills(), skill_count);
    let (required_skills, desired_skills) = skills.split_at(skills.len().div_ceil(2));
    let mut languages = vec![(
        origin.official,
        *weighted(
            rng,
            &[
                (LanguageLevel::Conversational, 40),
                (LanguageLevel::Professional, 60),
            ],
        ),
    )];
    if chance(rng, 25) {
        let tongue = *weighted(rng, origin.mother_tongues);
        if tongue != origin.official {
            languages.push((tongue, LanguageLevel::Basic));
        }
    }

    let modality = if chance(rng, 40) {
        Modality::Virtual
    } else {
        Modality::OnSite
    };
    // Most are ahead; some are over (and closed), some about to start.
    let past = chance(rng, 12);
    let start = if past {
        today - Days::new(rng.random_range(120..=700))
    } else {
        today + Days::new(rng.random_range(7..=330))
    };
    let (length, hours_per_week, sessions) = match modality {
        Modality::Virtual => {
            let weeks: u64 = rng.random_range(4..=26);
            let count = rng.random_range(1..=3usize);
            let mut sessions: Vec<LocalHours> = pick_some(rng, &[1u8, 2, 3, 4, 5], count)
                .into_iter()
                .filter_map(|day| {
                    let start = rng.random_range(8..=15u16) * 60;
                    LocalHours::new(day, start, start + 120)
                })
                .collect();
            sessions.sort_by_key(|s| (s.weekday(), s.start_minute()));
            let hours = (sessions.len() as i32) * 2 + rng.random_range(0..=2);
            (weeks * 7 - 1, Some(hours), sessions)
        }
        _ => (rng.random_range(21..=90) - 1, None, Vec::new()),
    };
    let end = start + Days::new(length);
    let dates = DateRange::new(start, end).expect("end after start");
    let status = if past {
        AssignmentStatus::Closed
    } else {
        *weighted(
            rng,
            &[
                (AssignmentStatus::Open, 88),
                (AssignmentStatus::Draft, 7),
                (AssignmentStatus::Closed, 5),
            ],
        )
    };
    let closed_reason = (status == AssignmentStatus::Closed).then_some(if past {
        "The assignment is over."
    } else {
        "Covered by a national team."
    });
    let skill_line = required_skills.first().copied().unwrap_or("clinical care");
    let support = Support {
        travel: modality == Modality::OnSite && chance(rng, 80),
        accommodation: modality == Modality::OnSite && chance(rng, 70),
        allowance: chance(rng, 50),
        insurance: modality == Modality::OnSite && chance(rng, 60),
        details: String::new(),
    };
    DemoAssignment {
        title: title(rng, modality, skill_line, origin.francophone),
        objectives: format!(
            "Strengthen {} at the facility: hands-on teaching, protocols adapted to local resources, and a short report at the end.",
            required_skills.join(", ")
        ),
        professions,
        specialty,
        required_skills: required_skills.to_vec(),
        desired_skills: desired_skills.to_vec(),
        languages,
        modality,
        dates,
        hours_per_week,
        sessions,
        positions: *weighted(rng, &[(1, 70), (2, 18), (3, 8), (5, 4)]),
        clinical: modality == Modality::OnSite && chance(rng, 70),
        support,
        min_years: *weighted(rng, &[(0, 30), (2, 25), (5, 30), (10, 15)]),
        urgent: chance(rng, 15),
        status,
        closed_reason,
        time_zone: zone,
    }
}
