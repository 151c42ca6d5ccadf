//! The matcher on synthetic data: professionals drawn by the demo-data
//! generator (its distributions of professions, origins, languages,
//! licences and windows), assignments at the demo facilities, one programme
//! covering every origin. Prints wall time, pairs, proposals, total score
//! and peak memory.
//!
//! `cargo bench --bench matcher` runs 1,000 x 300 and 100,000 x 10,000;
//! `cargo bench --bench matcher -- PROFESSIONALS ASSIGNMENTS` runs one size.

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sankofa::domain::availability::{DateRange, LocalHours};
use sankofa::domain::licence::LicenceStatus;
use sankofa::domain::matcher::{
    Assignment, Licence, Options, Presence, Professional, Programme, Spoken, TrackRecord, Window,
    run,
};
use sankofa::domain::profile::LanguageLevel;
use sankofa::domain::programme::{Eligibility, Weights};
use sankofa::domain::{consent::ConsentKind, time_zone};
use sankofa::services::demo::generate;
use sankofa::services::demo::places::{self, ORIGINS, PROFESSIONS};

const SEED: u64 = 2027;
/// Facilities assignments are spread over.
const FACILITIES: u64 = 2_000;
/// Countries on the safeguards list in this synthetic registry.
const SAFEGUARDS: &[&str] = &["CD", "CM", "ET", "SN", "SO", "TZ", "UG", "ZM", "ZW"];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 4).unwrap_or_default()
}

fn weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| *w).sum();
    let mut n = rng.random_range(0..total);
    for (item, w) in items {
        if n < *w {
            return item;
        }
        n -= w;
    }
    &items[items.len() - 1].0
}

fn chance(rng: &mut ChaCha8Rng, percent: u32) -> bool {
    rng.random_range(0..100) < percent
}

fn all_specialties() -> Vec<String> {
    let mut all: Vec<String> = PROFESSIONS
        .iter()
        .flat_map(|(p, _)| places::family(p).specialties(p).iter())
        .map(|s| s.to_string())
        .collect();
    all.sort();
    all.dedup();
    all
}

fn assignment(i: u64) -> Assignment {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ (i << 20));
    let facility = generate::facility(SEED, 1 + i % FACILITIES);
    let country = facility.country;
    let zone = time_zone::of_country(country)
        .first()
        .and_then(|z| z.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let profession = *weighted(&mut rng, PROFESSIONS);
    let family = places::family(profession);
    let specialties = family.specialties(profession);
    let skills = family.skills();
    let pick = |rng: &mut ChaCha8Rng| -> Vec<String> {
        let n = rng.random_range(0..=2);
        (0..n)
            .map(|_| skills[rng.random_range(0..skills.len())].to_string())
            .collect()
    };
    let official = places::origin(country).map_or("en", |o| o.official);
    let start = today() + Days::new(rng.random_range(14..480));
    let presence = if chance(&mut rng, 65) {
        let end = start + Days::new(rng.random_range(20..90));
        Presence::OnSite(DateRange::new(start, end).unwrap_or_else(|| unreachable!()))
    } else {
        let end = start + Days::new(rng.random_range(28..120));
        let sessions = (0..rng.random_range(1..=2))
            .filter_map(|_| {
                let from = [8u16, 10, 12, 14, 16, 18][rng.random_range(0..6)] * 60;
                LocalHours::new(rng.random_range(1..=5), from, from + 120)
            })
            .collect();
        Presence::Virtual {
            period: DateRange::new(start, end).unwrap_or_else(|| unreachable!()),
            weekly_hours: rng.random_range(2..=6),
            sessions,
        }
    };
    Assignment {
        id: format!("a{i:06}"),
        country: country.to_string(),
        time_zone: zone,
        professions: vec![profession.to_string()],
        specialty: (chance(&mut rng, 40) && !specialties.is_empty())
            .then(|| specialties[rng.random_range(0..specialties.len().min(6))].to_string()),
        required_skills: pick(&mut rng),
        desired_skills: pick(&mut rng),
        languages: vec![Spoken {
            code: official.to_string(),
            level: if chance(&mut rng, 80) {
                LanguageLevel::Professional
            } else {
                LanguageLevel::Conversational
            },
        }],
        presence,
        positions: *weighted(&mut rng, &[(1u32, 40), (2, 30), (3, 20), (4, 10)]),
        clinical: family != places::Family::Management && chance(&mut rng, 70),
        min_years_experience: rng.random_range(0..=5),
        urgent: chance(&mut rng, 10),
        safeguards_list: SAFEGUARDS.contains(&country),
        declined_by: vec![],
        rejected: vec![],
    }
}

fn professional(i: u64, specialties: &[String], assignments: u64) -> Professional {
    let g = generate::professional(SEED, i, today(), specialties);
    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ (i << 24) ^ 0x5A);
    let complete = g.is_complete(today());
    let confirmed_on_site = if chance(&mut rng, 3) {
        let s = today() + Days::new(rng.random_range(0..400));
        DateRange::new(s, s + Days::new(30)).into_iter().collect()
    } else {
        vec![]
    };
    let completed = *weighted(&mut rng, &[(0u32, 80), (1, 12), (2, 5), (4, 3)]);
    let ratings = (0..completed).map(|_| rng.random_range(3..=5)).collect();
    let interests = if assignments > 0 && chance(&mut rng, 3) {
        vec![format!("a{:06}", 1 + rng.random_range(0..assignments))]
    } else {
        vec![]
    };
    Professional {
        id: format!("p{i:07}"),
        profession: g.profession.to_string(),
        specialties: g.specialties,
        skills: g.skills.iter().map(|s| s.to_string()).collect(),
        languages: g
            .languages
            .iter()
            .map(|(code, level)| Spoken {
                code: code.to_string(),
                level: *level,
            })
            .collect(),
        origin_country: Some(g.origin.to_string()),
        residence_status: Some(g.residence_status),
        years_experience: g.years_experience,
        time_zone: g.time_zone.parse().unwrap_or(chrono_tz::UTC),
        windows: g
            .windows
            .iter()
            .map(|w| Window {
                range: w.range,
                modality: w.modality,
                weekly_hours: w.weekly_hours.unwrap_or(0),
                hours: w.hours.clone(),
            })
            .collect(),
        licences: g
            .licences
            .iter()
            .filter(|l| l.status == LicenceStatus::Verified)
            .map(|l| Licence {
                profession: g.profession.to_string(),
                valid_until: l.valid_until,
            })
            .collect(),
        confirmed_on_site,
        matching_consent: g.consents.contains(&ConsentKind::Matching),
        email_verified: chance(&mut rng, 97),
        profile_complete: complete,
        track_record: TrackRecord { completed, ratings },
        interests,
    }
}

/// Peak resident memory of this process so far, in MiB.
fn peak_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

fn bench(professionals: u64, assignments: u64) {
    let made = Instant::now();
    let specialties = all_specialties();
    let pros: Vec<Professional> = (1..=professionals)
        .map(|i| professional(i, &specialties, assignments))
        .collect();
    let asgs: Vec<Assignment> = (1..=assignments).map(assignment).collect();
    let programme = Programme {
        countries: ORIGINS.iter().map(|o| o.code.to_string()).collect(),
        eligibility: Eligibility::default(),
        weights: Weights::DEFAULT,
    };
    let positions: u32 = asgs.iter().map(|a| a.positions).sum();
    let generated = made.elapsed();
    let before = peak_mib();

    // Small runs are repeated and the fastest kept; the large one runs once.
    let rounds = if professionals * assignments <= 10_000_000 {
        20
    } else {
        1
    };
    let mut best = Duration::MAX;
    let mut outcome = None;
    for _ in 0..rounds {
        let started = Instant::now();
        let out = run(&pros, &asgs, &programme, &Options::default());
        best = best.min(started.elapsed());
        outcome = Some(out);
    }
    let Some(out) = outcome else { return };
    let proposals = out.proposals().count();
    println!(
        "matcher {professionals} professionals x {assignments} assignments ({positions} positions)"
    );
    println!(
        "  generated in      {:>10.1} ms (not timed)",
        generated.as_secs_f64() * 1e3
    );
    println!(
        "  wall              {:>10.1} ms (best of {rounds})",
        best.as_secs_f64() * 1e3
    );
    println!("  candidate pairs   {:>10}", out.candidate_pairs);
    println!("  feasible pairs    {:>10}", out.feasible_pairs);
    println!("  proposals         {proposals:>10}");
    println!(
        "  total score       {:>10.3}",
        out.total_score as f64 / 1000.0
    );
    println!(
        "  mean score        {:>10.3}",
        out.total_score as f64 / 1000.0 / proposals.max(1) as f64
    );
    if let (Some(b), Some(p)) = (before, peak_mib()) {
        println!("  peak memory       {p:>10} MiB (input alone {b} MiB)");
    }
}

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    match args[..] {
        [p, a] => bench(p, a),
        _ => {
            bench(1_000, 300);
            bench(100_000, 10_000);
        }
    }
}
