//! The generated registry: the same for a seed, valid in every code, in the
//! intended proportions, with windows that never overlap.

use chrono::{Days, NaiveDate};

use super::generate::{self, HORIZON_DAYS};
use super::places::{self, ORIGINS, REGIONS};
use crate::domain::availability::Modality;
use crate::domain::consent::ConsentKind;
use crate::domain::licence::{LicenceStatus, MAX_BODY, MAX_NUMBER};
use crate::domain::profession::Profession;
use crate::domain::programme::{self, ProgrammeDraft};
use crate::domain::{Email, countries, language, profile, time_zone};

/// The specialties the migrations seed.
const SEEDED: &[&str] = &[
    "anaesthesiology",
    "emergency_medicine",
    "general_surgery",
    "internal_medicine",
    "obstetrics_gynaecology",
    "paediatrics",
    "neonatology",
    "psychiatry",
    "radiology",
    "pathology",
    "ophthalmology",
    "orthopaedics",
    "cardiology",
    "oncology",
    "nephrology",
    "infectious_diseases",
    "public_health",
    "family_medicine",
    "critical_care_nursing",
    "theatre_nursing",
    "midwifery",
    "neurology",
    "neurosurgery",
    "dermatology",
    "endocrinology",
    "gastroenterology",
    "haematology",
    "pulmonology",
    "urology",
    "otorhinolaryngology",
    "plastic_surgery",
    "paediatric_surgery",
    "cardiothoracic_surgery",
    "intensive_care",
    "palliative_care",
    "geriatrics",
    "epidemiology",
    "laboratory_medicine",
    "paediatric_nursing",
    "mental_health_nursing",
    "community_health_nursing",
    "health_management",
];

fn specialties() -> Vec<String> {
    SEEDED.iter().map(|s| s.to_string()).collect()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_people() {
    let s = specialties();
    for i in [1, 2, 17, 99_999] {
        assert_eq!(
            generate::professional(7, i, today(), &s),
            generate::professional(7, i, today(), &s)
        );
        assert_eq!(generate::facility(7, i), generate::facility(7, i));
    }
    assert_eq!(generate::coordinator(7, 3), generate::coordinator(7, 3));
    let differ = (1..=20)
        .filter(|i| {
            generate::professional(7, *i, today(), &s) != generate::professional(8, *i, today(), &s)
        })
        .count();
    assert_eq!(differ, 20, "another seed, other people");
    assert_ne!(
        generate::professional(7, 1, today(), &s).person,
        generate::professional(7, 2, today(), &s).person
    );
}

#[test]
fn every_professional_is_valid() {
    let s = specialties();
    let horizon = today() + Days::new(HORIZON_DAYS);
    for i in 1..=3000 {
        let p = generate::professional(11, i, today(), &s);
        let who = format!("{i}: {p:?}");
        assert!(Email::parse(&p.person.email).is_ok(), "{who}");
        assert_eq!(generate::professional_number(&p.person.email), Some(i));
        assert!(Profession::parse(p.profession).is_some(), "{who}");
        assert!(countries::find(p.origin).is_some(), "{who}");
        assert!(countries::find(p.residence).is_some(), "{who}");
        assert!(places::region_of(p.origin).is_some(), "{who}");
        assert_eq!(time_zone::parse(p.time_zone), Some(p.time_zone), "{who}");
        assert!(
            time_zone::of_country(p.residence).contains(&p.time_zone),
            "{who}"
        );
        assert!((0..=profile::MAX_YEARS).contains(&p.years_experience));
        assert!(p.specialties.len() <= profile::MAX_SPECIALTIES);
        assert!(p.specialties.iter().all(|c| SEEDED.contains(&c.as_str())));
        assert!(!p.skills.is_empty() && p.skills.len() <= profile::MAX_SKILLS);
        for tag in &p.skills {
            assert_eq!(profile::normalise_skill(tag).as_deref(), Some(*tag));
        }
        assert!(!p.languages.is_empty());
        for (k, (code, _)) in p.languages.iter().enumerate() {
            assert!(language::find(code).is_some(), "{code} in {who}");
            assert!(!p.languages[..k].iter().any(|(c, _)| c == code), "{who}");
        }
        assert!(p.bio.chars().count() <= profile::MAX_BIO);
        for l in &p.licences {
            assert!(countries::find(l.issuing_country).is_some());
            assert!(l.valid_until >= l.valid_from);
            assert!(!l.issuing_body.is_empty() && l.issuing_body.chars().count() <= MAX_BODY);
            assert!(l.number.len() <= MAX_NUMBER);
        }
        for (k, w) in p.windows.iter().enumerate() {
            assert!(
                w.range.start() >= today() && w.range.end() <= horizon,
                "{who}"
            );
            match w.modality {
                Modality::OnSite => assert!(w.weekly_hours.is_none() && w.hours.is_empty()),
                _ => assert!(w.weekly_hours.is_some_and(|h| (1..=168).contains(&h))),
            }
            for other in &p.windows[..k] {
                assert!(
                    !(other.range.overlaps(w.range) && other.modality.shares_with(w.modality)),
                    "windows overlap: {who}"
                );
            }
        }
    }
}

#[test]
fn proportions_are_roughly_as_intended() {
    let s = specialties();
    let n = 5000u64;
    let people: Vec<_> = (1..=n)
        .map(|i| generate::professional(3, i, today(), &s))
        .collect();
    let share = |f: &dyn Fn(&generate::Professional) -> bool| {
        people.iter().filter(|p| f(p)).count() as f64 / n as f64
    };
    let nurses = share(&|p| matches!(p.profession, "2221" | "3221"));
    let doctors = share(&|p| matches!(p.profession, "2211" | "2212"));
    let midwives = share(&|p| matches!(p.profession, "2222" | "3222"));
    assert!((0.40..0.48).contains(&nurses), "nurses {nurses}");
    assert!((0.18..0.26).contains(&doctors), "doctors {doctors}");
    assert!(nurses > doctors && doctors > midwives);
    let nigerians = share(&|p| p.origin == "NG");
    assert!((0.17..0.23).contains(&nigerians), "Nigerians {nigerians}");
    let matching = share(&|p| p.consents.contains(&ConsentKind::Matching));
    assert!(matching > 0.88, "matching consent {matching}");
    let licences: Vec<_> = people.iter().flat_map(|p| &p.licences).collect();
    let verified = licences
        .iter()
        .filter(|l| l.status == LicenceStatus::Verified)
        .count() as f64
        / licences.len() as f64;
    assert!(verified > 0.75, "verified licences {verified}");
    let complete = share(&|p| p.is_complete(today()));
    assert!((0.5..0.95).contains(&complete), "complete {complete}");
    // Everyone lives in a receiving country.
    assert!(
        people
            .iter()
            .all(|p| places::residence(p.residence).is_some())
    );
}

#[test]
fn facilities_and_coordinators_are_valid() {
    let mut verified = 0;
    for i in 1..=500 {
        let f = generate::facility(5, i);
        assert!(countries::find(f.country).is_some());
        assert!(places::region_of(f.country).is_some());
        assert!(!f.name.is_empty() && !f.region.is_empty() && !f.city.is_empty());
        assert!(Email::parse(&f.staff.email).is_ok(), "{f:?}");
        assert_eq!(generate::facility_number(&f.staff.email), Some(i));
        assert_eq!(generate::professional_number(&f.staff.email), None);
        if f.status == crate::domain::facility::FacilityStatus::Verified {
            verified += 1;
        }
    }
    assert!(verified > 300, "most facilities are verified: {verified}");
    for r in 0..REGIONS.len() {
        let c = generate::coordinator(5, r);
        assert!(Email::parse(&c.email).is_ok());
        assert_eq!(generate::professional_number(&c.email), None);
        assert_eq!(generate::facility_number(&c.email), None);
    }
}

#[test]
fn each_origin_has_one_programme_and_programmes_validate() {
    for o in ORIGINS {
        let regions = REGIONS
            .iter()
            .filter(|r| r.countries.contains(&o.code))
            .count();
        assert_eq!(regions, 1, "{}", o.code);
        assert!(countries::find(o.code).is_some());
        assert!(language::find(o.official).is_some());
        for (code, _) in o.mother_tongues {
            assert!(language::find(code).is_some(), "{code}");
        }
    }
    for r in REGIONS {
        assert!(r.countries.iter().all(|c| places::origin(c).is_some()));
        let valid = programme::validate(&ProgrammeDraft {
            code: r.code.into(),
            name_en: r.name_en.into(),
            name_fr: r.name_fr.into(),
            countries: r.countries.iter().map(|c| c.to_string()).collect(),
            ..ProgrammeDraft::new_with_defaults()
        });
        assert!(valid.is_ok(), "{}: {valid:?}", r.code);
    }
    for r in places::RESIDENCES {
        assert!(language::find(r.language).is_some());
        for (_, zone) in r.cities {
            assert!(time_zone::of_country(r.code).contains(zone), "{zone}");
        }
    }
}

#[test]
fn names_become_plain_addresses() {
    assert_eq!(generate::slug("N’Guessan"), "nguessan");
    assert_eq!(generate::slug("Dela Cruz"), "dela-cruz");
    assert_eq!(generate::slug("Cissé"), "cisse");
    assert_eq!(generate::slug("Jean-Baptiste"), "jean-baptiste");
    assert_eq!(generate::slug("van der Merwe"), "van-der-merwe");
}

#[test]
fn every_generated_assignment_passes_the_checks_of_the_form() {
    use super::assignments::of_facility;
    use crate::domain::assignment::{AssignmentInput, AssignmentStatus, Rules, validate};
    let known = |code: &str| SEEDED.contains(&code);
    let mut count = 0;
    let mut open = 0;
    for i in 1..=300 {
        let f = generate::facility(7, i);
        for a in of_facility(7, i, &f, today(), &specialties()) {
            count += 1;
            open += usize::from(a.status == AssignmentStatus::Open);
            let input = AssignmentInput {
                title: a.title.clone(),
                objectives: a.objectives.clone(),
                professions: a.professions.iter().map(|p| p.to_string()).collect(),
                specialty: a.specialty.unwrap_or_default().to_string(),
                required_skills: a.required_skills.join(", "),
                desired_skills: a.desired_skills.join(", "),
                languages: a
                    .languages
                    .iter()
                    .map(|(c, l)| (c.to_string(), l.as_str().to_string()))
                    .collect(),
                modality: a.modality.as_str().to_string(),
                starts_on: a.dates.start().to_string(),
                ends_on: a.dates.end().to_string(),
                hours_per_week: a.hours_per_week.map(|h| h.to_string()).unwrap_or_default(),
                sessions: a
                    .sessions
                    .iter()
                    .map(|s| {
                        (
                            s.weekday().to_string(),
                            crate::domain::availability::LocalHours::clock(s.start_minute()),
                            crate::domain::availability::LocalHours::clock(s.end_minute()),
                        )
                    })
                    .collect(),
                positions: a.positions.to_string(),
                min_years_experience: a.min_years.to_string(),
                time_zone: a.time_zone.to_string(),
                urgent: a.urgent,
                clinical: a.clinical,
                ..Default::default()
            };
            // Past ones were valid on the day they were written.
            let rules = Rules {
                today: a.dates.start().min(today()),
                onsite_days: Some((21, 90)),
                specialty_known: &known,
            };
            if let Err(e) = validate(&input, &rules) {
                panic!("{input:?}: {:?}", e.iter().collect::<Vec<_>>());
            }
        }
    }
    assert!(count > 800, "{count}");
    assert!(open * 100 / count > 60, "{open} of {count} open");
}
