//! Who the demonstration registry holds: each professional, facility and
//! coordinator is a pure function of the seed and their number, so that the
//! same seed gives the same registry on every machine and every backend.

use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::places::{self, Family, ORIGINS, Origin, PROFESSIONS, REGIONS};
use crate::domain::availability::{DateRange, LocalHours, Modality};
use crate::domain::consent::ConsentKind;
use crate::domain::countries;
use crate::domain::facility::{FacilityKind, FacilityStatus};
use crate::domain::licence::LicenceStatus;
use crate::domain::profile::{LanguageLevel, ResidenceStatus};
use crate::domain::{Locale, profile};

/// The domain of every generated address.
pub const EMAIL_DOMAIN: &str = "demo.sankofa.example";
/// How far ahead availability windows reach: 18 months.
pub const HORIZON_DAYS: u64 = 548;

/// A person with an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub full_name: String,
    pub email: String,
    pub locale: Locale,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Licence {
    pub issuing_country: &'static str,
    pub issuing_body: String,
    pub number: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub status: LicenceStatus,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    pub range: DateRange,
    pub modality: Modality,
    pub weekly_hours: Option<i32>,
    pub hours: Vec<LocalHours>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Professional {
    pub person: Person,
    pub profession: &'static str,
    pub specialties: Vec<String>,
    pub skills: Vec<&'static str>,
    pub years_experience: i32,
    pub wants_clinical: bool,
    pub origin: &'static str,
    pub residence: &'static str,
    pub residence_city: &'static str,
    pub residence_status: ResidenceStatus,
    pub time_zone: &'static str,
    pub bio: String,
    pub languages: Vec<(&'static str, LanguageLevel)>,
    pub licences: Vec<Licence>,
    pub windows: Vec<Window>,
    pub consents: Vec<ConsentKind>,
}

impl Professional {
    /// Whether nothing stands between this person and the matcher on `today`
    /// (the readiness rules of `domain::readiness`).
    pub fn is_complete(&self, today: NaiveDate) -> bool {
        let licensed = self
            .licences
            .iter()
            .any(|l| l.status == LicenceStatus::Verified && l.valid_until >= today);
        !self.languages.is_empty()
            && self.windows.iter().any(|w| w.range.end() >= today)
            && self.consents.contains(&ConsentKind::Matching)
            && (!self.wants_clinical || licensed)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facility {
    pub name: String,
    pub kind: FacilityKind,
    pub country: &'static str,
    pub region: &'static str,
    pub city: &'static str,
    pub status: FacilityStatus,
    pub staff: Person,
}

/// Separate streams for each kind of record, so that adding facilities
/// never changes the professionals of a seed.
const PROFESSIONALS: u64 = 1;
const FACILITIES: u64 = 2;
const COORDINATORS: u64 = 3;

pub(super) fn rng_for(seed: u64, kind: u64, index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ kind.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    rng.set_stream(index);
    rng
}

/// One of `items`, each as likely as its weight.
pub(super) fn weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| *w).sum();
    let mut n = rng.random_range(0..total.max(1));
    for (item, w) in items {
        if n < *w {
            return item;
        }
        n -= w;
    }
    &items[items.len() - 1].0
}

pub(super) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// Up to `n` different items of `items`, in the order drawn.
pub(super) fn pick_some<T: Copy + PartialEq>(
    rng: &mut ChaCha8Rng,
    items: &[T],
    n: usize,
) -> Vec<T> {
    let mut chosen = Vec::with_capacity(n);
    for _ in 0..n * 3 {
        if chosen.len() >= n.min(items.len()) {
            break;
        }
        let item = *pick(rng, items);
        if !chosen.contains(&item) {
            chosen.push(item);
        }
    }
    chosen
}

pub(super) fn chance(rng: &mut ChaCha8Rng, percent: u32) -> bool {
    rng.random_range(0..100) < percent
}

/// The part of an address a name gives: lower-case ASCII letters, with a
/// hyphen for spaces and inner hyphens ("Dela Cruz" -> "dela-cruz").
pub fn slug(name: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    let mut out = String::with_capacity(name.len());
    for c in name.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c == ' ' || c == '-') && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn person(rng: &mut ChaCha8Rng, origin: &Origin, tag: &str) -> Person {
    let first = *pick(rng, origin.first_names);
    let last = *pick(rng, origin.last_names);
    Person {
        full_name: format!("{first} {last}"),
        email: format!("{}.{}.{tag}@{EMAIL_DOMAIN}", slug(first), slug(last)),
        locale: if origin.francophone {
            Locale::Fr
        } else {
            Locale::En
        },
    }
}

fn origin_weights() -> Vec<(&'static Origin, u32)> {
    ORIGINS.iter().map(|o| (o, o.weight)).collect()
}

/// Professional number `index` (from 1) of `seed`, with windows from `today`.
/// `specialties` are the codes of the specialties table; only those are used.
pub fn professional(
    seed: u64,
    index: u64,
    today: NaiveDate,
    specialties: &[String],
) -> Professional {
    let mut rng = rng_for(seed, PROFESSIONALS, index);
    let origin = *weighted(&mut rng, &origin_weights());
    let mut person = person(&mut rng, origin, &index.to_string());
    let profession = *weighted(&mut rng, PROFESSIONS);
    let family = places::family(profession);

    let residence_code = *weighted(&mut rng, origin.abroad.residences());
    let residence = places::residence(residence_code).unwrap_or(&places::RESIDENCES[0]);
    let (city, zone) = *pick(&mut rng, residence.cities);
    let residence_status = if matches!(residence.code, "SA" | "AE") {
        if chance(&mut rng, 92) {
            ResidenceStatus::WorkPermit
        } else {
            ResidenceStatus::Other
        }
    } else {
        *weighted(
            &mut rng,
            &[
                (ResidenceStatus::Citizen, 35),
                (ResidenceStatus::PermanentResident, 30),
                (ResidenceStatus::WorkPermit, 30),
                (ResidenceStatus::Other, 5),
            ],
        )
    };
    if origin.code == "CM" && chance(&mut rng, 20) {
        // The anglophone regions of Cameroon.
        person.locale = Locale::En;
    }

    let fitting: Vec<&str> = family
        .specialties(profession)
        .iter()
        .copied()
        .filter(|c| specialties.iter().any(|s| s == c))
        .collect();
    let how_many = *weighted(&mut rng, &[(0usize, 15), (1, 60), (2, 25)]);
    let specialties: Vec<String> = pick_some(&mut rng, &fitting, how_many)
        .into_iter()
        .map(str::to_string)
        .collect();
    let skill_count = rng.random_range(2..=6).min(profile::MAX_SKILLS);
    let skills = pick_some(&mut rng, family.skills(), skill_count);
    let years_experience =
        (rng.random_range(1..=12) + rng.random_range(0..=24)).min(profile::MAX_YEARS);
    let wants_clinical = family != Family::Management && chance(&mut rng, 85);

    let languages = languages(&mut rng, origin, residence.language);
    let licences = licences(&mut rng, family, origin.code, residence.code, today);
    let windows = windows(&mut rng, today);
    let consents = [
        (ConsentKind::Matching, 92),
        (ConsentKind::ShareProfile, 75),
        (ConsentKind::Statistics, 88),
    ]
    .into_iter()
    .filter(|(_, p)| chance(&mut rng, *p))
    .map(|(k, _)| k)
    .collect();

    let origin_name = countries::find(origin.code)
        .map(|c| c.name(person.locale))
        .unwrap_or(origin.code);
    let bio = match person.locale {
        Locale::En => format!(
            "{years_experience} years in practice, mostly {}. Based in {city}; \
             I would like to support colleagues in {origin_name}.",
            skills.join(", ")
        ),
        Locale::Fr => format!(
            "{years_experience} ans de pratique, surtout : {}. Je vis à {city} et \
             souhaite épauler des collègues ({origin_name}).",
            skills.join(", ")
        ),
    };

    Professional {
        person,
        profession,
        specialties,
        skills,
        years_experience,
        wants_clinical,
        origin: origin.code,
        residence: residence.code,
        residence_city: city,
        residence_status,
        time_zone: zone,
        bio,
        languages,
        licences,
        windows,
        consents,
    }
}

fn languages(
    rng: &mut ChaCha8Rng,
    origin: &Origin,
    spoken_abroad: &'static str,
) -> Vec<(&'static str, LanguageLevel)> {
    let mut out = vec![(*weighted(rng, origin.mother_tongues), LanguageLevel::Native)];
    let mut add = |code: &'static str, level: LanguageLevel| {
        if !out.iter().any(|(c, _)| *c == code) {
            out.push((code, level));
        }
    };
    add(origin.official, LanguageLevel::Professional);
    let level = match spoken_abroad {
        "en" | "fr" => LanguageLevel::Professional,
        "ar" => *weighted(
            rng,
            &[
                (LanguageLevel::Basic, 60),
                (LanguageLevel::Conversational, 40),
            ],
        ),
        _ => *weighted(
            rng,
            &[
                (LanguageLevel::Conversational, 50),
                (LanguageLevel::Professional, 50),
            ],
        ),
    };
    add(spoken_abroad, level);
    if origin.official == "fr" && chance(rng, 40) {
        add("en", LanguageLevel::Conversational);
    }
    out
}

fn licences(
    rng: &mut ChaCha8Rng,
    family: Family,
    origin: &'static str,
    residence: &'static str,
    today: NaiveDate,
) -> Vec<Licence> {
    let count = *weighted(rng, &[(0usize, 4), (1, 76), (2, 20)]);
    let first_abroad = chance(rng, 60);
    (0..count)
        .map(|i| {
            let country = if (i == 0) == first_abroad {
                residence
            } else {
                origin
            };
            let issuing_body = family
                .licensing_body(country)
                .map(str::to_string)
                .unwrap_or_else(|| {
                    let generic = match family {
                        Family::Nursing | Family::Midwifery => "Nursing and Midwifery Council",
                        Family::Medicine => "Medical and Dental Council",
                        Family::Pharmacy => "Pharmacy Council",
                        _ => "Health Professions Council",
                    };
                    let name = countries::find(country)
                        .map(|c| c.name(Locale::En))
                        .unwrap_or(country);
                    format!("{generic} of {name}")
                });
            let prefix = match family {
                Family::Nursing => "RN",
                Family::Midwifery => "RM",
                Family::Medicine => "MD",
                Family::Pharmacy => "PH",
                Family::Laboratory => "LS",
                Family::Imaging => "RT",
                Family::Allied => "HP",
                Family::Management => "HM",
            };
            let valid_from = today - Days::new(rng.random_range(30..2000));
            let valid_until = valid_from + Days::new(rng.random_range(1095..=1826));
            let status = *weighted(
                rng,
                &[
                    (LicenceStatus::Verified, 82),
                    (LicenceStatus::Unverified, 14),
                    (LicenceStatus::Rejected, 4),
                ],
            );
            Licence {
                issuing_country: country,
                issuing_body,
                number: format!("{prefix}{:07}", rng.random_range(0..10_000_000)),
                valid_from,
                valid_until,
                status,
            }
        })
        .collect()
}

/// Windows one after the other from `today`, within the horizon: two never
/// share a day, so two of one modality never overlap.
fn windows(rng: &mut ChaCha8Rng, today: NaiveDate) -> Vec<Window> {
    let horizon = today + Days::new(HORIZON_DAYS);
    let count = *weighted(rng, &[(0usize, 8), (1, 45), (2, 35), (3, 12)]);
    let mut start = today + Days::new(rng.random_range(0..=45));
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let modality = *weighted(
            rng,
            &[
                (Modality::Virtual, 45),
                (Modality::OnSite, 35),
                (Modality::Either, 20),
            ],
        );
        let days = match modality {
            Modality::Virtual => rng.random_range(30..=180),
            _ => rng.random_range(21..=90),
        };
        let end = start + Days::new(days - 1);
        let Some(range) = DateRange::new(start, end).filter(|_| end <= horizon) else {
            break;
        };
        let (weekly_hours, hours) = if modality.has_weekly_hours() {
            let weekly = *weighted(
                rng,
                &[
                    (2, 20),
                    (4, 30),
                    (6, 15),
                    (8, 15),
                    (10, 10),
                    (16, 7),
                    (20, 3),
                ],
            );
            let days = rng.random_range(1..=3);
            let mut weekdays = pick_some(rng, &[1u8, 2, 3, 4, 5, 6, 7], days);
            weekdays.sort_unstable();
            let hours = weekdays
                .into_iter()
                .filter_map(|d| {
                    let (from, to) = if d >= 6 {
                        *pick(rng, &[(540u16, 780u16), (600, 720), (840, 1020)])
                    } else {
                        *pick(rng, &[(1080u16, 1260u16), (720, 840), (1140, 1320)])
                    };
                    LocalHours::new(d, from, to)
                })
                .collect();
            (Some(weekly), hours)
        } else {
            (None, Vec::new())
        };
        out.push(Window {
            range,
            modality,
            weekly_hours,
            hours,
        });
        start = end + Days::new(rng.random_range(7..=120));
    }
    out
}

/// Facility number `index` (from 1) of `seed`, with its one staff member.
pub fn facility(seed: u64, index: u64) -> Facility {
    let mut rng = rng_for(seed, FACILITIES, index);
    let origin = *weighted(&mut rng, &origin_weights());
    let (city, region) = *pick(&mut rng, origin.towns);
    let kind = *weighted(
        &mut rng,
        &[
            (FacilityKind::Hospital, 40),
            (FacilityKind::HealthCentre, 25),
            (FacilityKind::Clinic, 15),
            (FacilityKind::TeachingInstitution, 10),
            (FacilityKind::MinistryUnit, 7),
            (FacilityKind::Other, 3),
        ],
    );
    let name = facility_name(&mut rng, kind, origin.francophone, city, region);
    let status = *weighted(
        &mut rng,
        &[
            (FacilityStatus::Verified, 75),
            (FacilityStatus::Pending, 20),
            (FacilityStatus::Rejected, 5),
        ],
    );
    let staff = person(&mut rng, origin, &format!("f{index}"));
    Facility {
        name,
        kind,
        country: origin.code,
        region,
        city,
        status,
        staff,
    }
}

fn facility_name(
    rng: &mut ChaCha8Rng,
    kind: FacilityKind,
    francophone: bool,
    city: &str,
    region: &str,
) -> String {
    const PATRONS_EN: &[&str] = &[
        "St. Mary’s",
        "Holy Family",
        "Mercy",
        "Good Shepherd",
        "Unity",
        "Hope",
        "Riverside",
        "Central",
        "Lakeside",
        "Hillside",
    ];
    const PATRONS_FR: &[&str] = &[
        "Saint-Joseph",
        "Sainte-Marie",
        "de la Paix",
        "de l’Espoir",
        "du Centre",
        "du Plateau",
        "de la Cité",
        "Notre-Dame",
        "des Cocotiers",
        "du Fleuve",
    ];
    let n = rng.random_range(0..3);
    if francophone {
        let patron = *pick(rng, PATRONS_FR);
        match kind {
            FacilityKind::Hospital => match n {
                0 => format!("Centre hospitalier universitaire de {city}"),
                1 => format!("Hôpital régional de {city}"),
                _ => format!("Hôpital {patron}, {city}"),
            },
            FacilityKind::HealthCentre => format!("Centre de santé {patron}, {city}"),
            FacilityKind::Clinic => format!("Clinique {patron}, {city}"),
            FacilityKind::TeachingInstitution => {
                format!("Institut de formation en soins infirmiers de {city}")
            }
            FacilityKind::MinistryUnit => format!("Direction régionale de la santé, {region}"),
            FacilityKind::Other => format!("Centre de transfusion sanguine de {city}"),
        }
    } else {
        let patron = *pick(rng, PATRONS_EN);
        match kind {
            FacilityKind::Hospital => match n {
                0 => format!("{city} Teaching Hospital"),
                1 => format!("{city} Regional Hospital"),
                _ => format!("{patron} Hospital, {city}"),
            },
            FacilityKind::HealthCentre => format!("{patron} Health Centre, {city}"),
            FacilityKind::Clinic => format!("{patron} Maternity Clinic, {city}"),
            FacilityKind::TeachingInstitution => {
                format!("{city} College of Nursing and Midwifery")
            }
            FacilityKind::MinistryUnit => format!("{region} Regional Health Directorate"),
            FacilityKind::Other => format!("{city} Blood Transfusion Service"),
        }
    }
}

/// The coordinator of programme `region` (an index into `REGIONS`).
pub fn coordinator(seed: u64, region: usize) -> Person {
    let mut rng = rng_for(seed, COORDINATORS, region as u64);
    let r = &REGIONS[region.min(REGIONS.len() - 1)];
    let code = *pick(&mut rng, r.countries);
    let origin = places::origin(code).unwrap_or(&ORIGINS[0]);
    person(&mut rng, origin, &format!("c{}", region + 1))
}

/// The professional number in a generated address (`….17@…` is 17); `None`
/// for staff, coordinators and anything else.
pub fn professional_number(email: &str) -> Option<u64> {
    let local = email.strip_suffix(EMAIL_DOMAIN)?.strip_suffix('@')?;
    local.rsplit_once('.')?.1.parse().ok()
}

/// The facility number in a generated staff address (`….f17@…` is 17).
pub fn facility_number(email: &str) -> Option<u64> {
    let local = email.strip_suffix(EMAIL_DOMAIN)?.strip_suffix('@')?;
    local.rsplit_once('.')?.1.strip_prefix('f')?.parse().ok()
}

/// Today's date in the calendar generation works with (UTC).
pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}
