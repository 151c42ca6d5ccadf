//! A demonstration registry at scale: programmes with their coordinators,
//! facilities with their staff, and professionals with everything a profile
//! holds, written in large batches, each batch one transaction.
//!
//! Running it again adds more: numbering continues after the highest one
//! already in the database, so the new addresses are fresh, the people
//! already there are left as they are, and a registry can be grown in steps
//! (a benchmark at 100,000, then 200,000) without starting over.

use chrono::{NaiveDate, NaiveDateTime};

use super::assignments::{self, DemoAssignment};
use super::generate::{self, EMAIL_DOMAIN, Facility, Professional};
use super::places::{self, REGIONS};
use super::{DEMO_PASSWORD, Services};
use crate::config::Environment;
use crate::db::{self, DbConn};
use crate::domain::Role;
use crate::domain::assignment::AssignmentStatus;
use crate::domain::consent::TEXT_VERSION;
use crate::domain::facility::FacilityStatus;
use crate::domain::licence::LicenceStatus;
use crate::domain::programme::{self, Criterion, ProgrammeDraft, ProgrammeStatus};
use crate::error::{AppError, AppResult};
use crate::security::passwords::Plain;
use crate::store::assignments::Assignment;
use crate::store::audit::{self, Event};
use crate::store::demo::{self as store, Batch};
use crate::store::{professionals, programmes, users};

/// Professionals per transaction: large enough that commits (and their
/// fsync) are rare, small enough that one batch stays a few megabytes.
pub const PROFESSIONALS_PER_BATCH: u64 = 1000;
pub const FACILITIES_PER_BATCH: u64 = 1000;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub professionals: u64,
    pub facilities: u64,
    pub seed: u64,
}

/// A coordinator account the load made or found, to be printed.
#[derive(Clone, Debug)]
pub struct CoordinatorLogin {
    pub programme: &'static str,
    pub full_name: String,
    pub email: String,
    /// Made by this load (with the demonstration password) or already there.
    pub created: bool,
}

#[derive(Clone, Debug)]
pub struct ScaleReport {
    /// Numbers of the professionals and facilities written by this load.
    pub professionals: std::ops::Range<u64>,
    pub facilities: std::ops::Range<u64>,
    pub programmes_created: usize,
    pub coordinators: Vec<CoordinatorLogin>,
    /// Rows written, all tables together.
    pub rows: u64,
}

/// What the first transaction settles: where numbering continues, the
/// specialties there are and the coordinator of each region.
struct Start {
    next_professional: u64,
    next_facility: u64,
    specialties: Vec<String>,
    /// By region index: the coordinator who verifies that region's licences.
    verifier: Vec<Option<String>>,
    programmes_created: usize,
    coordinators: Vec<CoordinatorLogin>,
}

/// Loads `scale` into the database. `progress` is told how many of the
/// professionals and facilities are written so far. Refused in production.
pub async fn load_scale(
    s: &Services,
    scale: Scale,
    progress: impl Fn(u64),
) -> AppResult<ScaleReport> {
    if s.config.environment == Environment::Production {
        return Err(AppError::Conflict(
            "demonstration data is refused in production",
        ));
    }
    // One hash for every account: they all share the printed password.
    let hash = s.hasher.hash(Plain::new(DEMO_PASSWORD)).await?;
    let today = generate::today();
    let seed = scale.seed;
    let start = {
        let hash = hash.clone();
        s.db.write(move |c| prepare(c, seed, &hash)).await?
    };
    let Start {
        next_professional,
        next_facility,
        specialties,
        verifier,
        programmes_created,
        coordinators,
    } = start;

    let mut rows = 0u64;
    let mut done = 0u64;
    let facilities = next_facility..next_facility + scale.facilities;
    let professionals = next_professional..next_professional + scale.professionals;
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut i = facilities.start;
    while i < facilities.end {
        let end = (i + FACILITIES_PER_BATCH).min(facilities.end);
        chunks.push(Chunk::Facilities(i..end));
        i = end;
    }
    let mut i = professionals.start;
    while i < professionals.end {
        let end = (i + PROFESSIONALS_PER_BATCH).min(professionals.end);
        chunks.push(Chunk::Professionals(i..end));
        i = end;
    }

    let ctx = Context {
        seed,
        today,
        hash: &hash,
        specialties: &specialties,
        verifier: &verifier,
    };
    // While one batch is written on a database thread, the next is generated
    // here: the two cores each have one of them.
    let mut pending = chunks.first().map(|c| ctx.build(c));
    for k in 0..chunks.len() {
        let Some(batch) = pending.take() else { break };
        let n = chunks[k].len();
        rows += batch.rows() as u64;
        let write = s.db.write(move |c| Ok(store::insert(c, &batch)?));
        let next = async { chunks.get(k + 1).map(|c| ctx.build(c)) };
        let (written, next) = futures_util::future::join(write, next).await;
        written?;
        pending = next;
        done += n;
        progress(done);
    }

    let detail = format!(
        "scale: {} professionals, {} facilities, seed {seed} (command line)",
        scale.professionals, scale.facilities
    );
    s.db.write(move |c| {
        audit::record(
            c,
            &Event {
                action: "demo_account_created",
                detail: Some(&detail),
                ..Default::default()
            },
            db::now(),
        )?;
        Ok(())
    })
    .await?;
    // The rows were written in bulk, past the store's own upkeep of the
    // registry: it is written anew, then the planners learn the tables.
    s.db.write(|c| Ok(crate::store::registry::rebuild(c)?))
        .await?;
    s.db.write(move |c| add_interests(c, seed)).await?;
    s.db.write(move |c| super::matches::add_matches(c, seed, today))
        .await?;
    s.db.run(|c| Ok(store::analyze(c)?)).await?;

    Ok(ScaleReport {
        professionals,
        facilities,
        programmes_created,
        coordinators,
        rows,
    })
}

/// Notes professionals leave with their interest.
const NOTES: &[&str] = &[
    "I trained in this region and would like to give back.",
    "I can arrange leave for these dates.",
    "I have taught this to ward teams before.",
    "",
];

/// The stream of the generator that draws interests.
const INTERESTS: u64 = 5;

/// Interest in the open assignments that have none yet: for most of them,
/// one to three professionals from the facility's country and of a
/// profession it accepts. Returns how many.
fn add_interests(c: &mut DbConn, seed: u64) -> AppResult<usize> {
    use std::collections::HashMap;
    let mut pool: HashMap<(String, String), Vec<String>> = HashMap::new();
    for (id, origin, profession) in store::matchable(c)? {
        if let (Some(o), Some(p)) = (origin, profession) {
            pool.entry((o, p)).or_default().push(id);
        }
    }
    let mut by_assignment: Vec<(String, String, Vec<String>)> = Vec::new();
    for (id, country, profession) in store::open_without_interest(c)? {
        match by_assignment.last_mut() {
            Some((last, _, professions)) if *last == id => professions.push(profession),
            _ => by_assignment.push((id, country, vec![profession])),
        }
    }
    let mut rng = generate::rng_for(seed, INTERESTS, 0);
    let now = db::now();
    let mut rows = Vec::new();
    for (id, country, professions) in by_assignment {
        if !generate::chance(&mut rng, 60) {
            continue;
        }
        let candidates: Vec<&String> = professions
            .iter()
            .filter_map(|p| pool.get(&(country.clone(), p.clone())))
            .flatten()
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let n = rand::Rng::random_range(&mut rng, 1..=3usize);
        for user_id in generate::pick_some(&mut rng, &candidates, n) {
            let note = *generate::pick::<&str>(&mut rng, NOTES);
            rows.push(store::InterestRow {
                id: db::new_id(),
                assignment_id: id.clone(),
                user_id: user_id.clone(),
                note,
                created_at: now,
            });
        }
    }
    store::insert_interests(c, &rows)?;
    Ok(rows.len())
}

enum Chunk {
    Professionals(std::ops::Range<u64>),
    Facilities(std::ops::Range<u64>),
}

impl Chunk {
    fn len(&self) -> u64 {
        match self {
            Chunk::Professionals(r) | Chunk::Facilities(r) => r.end - r.start,
        }
    }
}

/// What every batch is built from.
struct Context<'a> {
    seed: u64,
    today: NaiveDate,
    hash: &'a str,
    specialties: &'a [String],
    verifier: &'a [Option<String>],
}

impl Context<'_> {
    fn build(&self, chunk: &Chunk) -> Batch {
        let now = db::now();
        let mut b = Batch::default();
        match chunk {
            Chunk::Professionals(range) => {
                for n in range.clone() {
                    let p = generate::professional(self.seed, n, self.today, self.specialties);
                    self.add_professional(&mut b, &p, now);
                }
            }
            Chunk::Facilities(range) => {
                for n in range.clone() {
                    self.add_facility(&mut b, n, &generate::facility(self.seed, n), now);
                }
            }
        }
        b
    }

    fn user(&self, b: &mut Batch, p: &generate::Person, role: Role, now: NaiveDateTime) -> String {
        user_row(b, p, role, self.hash, now)
    }

    fn add_professional(&self, b: &mut Batch, p: &Professional, now: NaiveDateTime) {
        let id = self.user(b, &p.person, Role::Professional, now);
        b.professionals.push(store::ProfessionalRow {
            user_id: id.clone(),
            profession_code: p.profession,
            years_experience: p.years_experience,
            wants_clinical: p.wants_clinical,
            origin_country: p.origin,
            residence_country: p.residence,
            residence_city: p.residence_city,
            residence_status: p.residence_status.as_str(),
            time_zone: p.time_zone,
            bio: p.bio.clone(),
            created_at: now,
            updated_at: now,
        });
        for code in &p.specialties {
            b.specialties.push(store::SpecialtyRow {
                user_id: id.clone(),
                specialty_code: code.clone(),
            });
        }
        for tag in &p.skills {
            b.skills.push(store::SkillRow {
                user_id: id.clone(),
                tag,
            });
        }
        for (code, level) in &p.languages {
            b.languages.push(store::LanguageRow {
                user_id: id.clone(),
                language_code: code,
                level: level.as_str(),
            });
        }
        let verifier =
            places::region_of(p.origin).and_then(|r| self.verifier.get(r).cloned().flatten());
        for l in &p.licences {
            let decided = l.status != LicenceStatus::Unverified;
            b.licences.push(store::LicenceRow {
                id: db::new_id(),
                user_id: id.clone(),
                issuing_country: l.issuing_country,
                issuing_body: l.issuing_body.clone(),
                number: l.number.clone(),
                profession_code: p.profession,
                valid_from: l.valid_from,
                valid_until: l.valid_until,
                status: l.status.as_str(),
                status_reason: (l.status == LicenceStatus::Rejected)
                    .then_some("The register does not list this number."),
                verified_by: verifier.clone().filter(|_| decided),
                verified_at: decided.then_some(now),
                created_at: now,
                updated_at: now,
            });
        }
        for w in &p.windows {
            let window_id = db::new_id();
            for h in &w.hours {
                b.hours.push(store::HoursRow {
                    id: db::new_id(),
                    window_id: window_id.clone(),
                    weekday: i32::from(h.weekday()),
                    starts_minute: i32::from(h.start_minute()),
                    ends_minute: i32::from(h.end_minute()),
                });
            }
            b.windows.push(store::WindowRow {
                id: window_id,
                user_id: id.clone(),
                starts_on: w.range.start(),
                ends_on: w.range.end(),
                modality: w.modality.as_str(),
                weekly_hours: w.weekly_hours,
                created_at: now,
                updated_at: now,
            });
        }
        for kind in &p.consents {
            b.consents.push(store::ConsentRow {
                id: db::new_id(),
                user_id: id.clone(),
                kind: kind.as_str(),
                text_version: TEXT_VERSION,
                given_at: now,
            });
        }
    }

    fn add_facility(&self, b: &mut Batch, index: u64, f: &Facility, now: NaiveDateTime) {
        let user_id = self.user(b, &f.staff, Role::Facility, now);
        let facility_id = db::new_id();
        b.facilities.push(store::FacilityRow {
            id: facility_id.clone(),
            name: f.name.clone(),
            kind: f.kind.as_str(),
            country_code: f.country,
            region: f.region,
            city: f.city,
            status: f.status.as_str(),
            status_reason: (f.status == FacilityStatus::Rejected)
                .then_some("The registration documents could not be confirmed."),
            created_at: now,
            updated_at: now,
        });
        for a in assignments::of_facility(self.seed, index, f, self.today, self.specialties) {
            self.add_assignment(b, &facility_id, f.country, &user_id, &a, now);
        }
        b.staff.push(store::StaffRow {
            facility_id,
            user_id,
            created_at: now,
        });
    }

    fn add_assignment(
        &self,
        b: &mut Batch,
        facility_id: &str,
        country: &str,
        staff_id: &str,
        a: &DemoAssignment,
        now: NaiveDateTime,
    ) {
        let id = db::new_id();
        let open = a.status != AssignmentStatus::Draft;
        b.assignments.push(Assignment {
            id: id.clone(),
            facility_id: facility_id.to_string(),
            country_code: country.to_string(),
            title: a.title.clone(),
            objectives: a.objectives.clone(),
            specialty_code: a.specialty.map(str::to_string),
            modality: a.modality.as_str().to_string(),
            starts_on: a.dates.start(),
            ends_on: a.dates.end(),
            hours_per_week: a.hours_per_week,
            positions: a.positions,
            clinical: a.clinical,
            support_travel: a.support.travel,
            support_accommodation: a.support.accommodation,
            support_allowance: a.support.allowance,
            support_insurance: a.support.insurance,
            support_details: a.support.details.clone(),
            min_years_experience: a.min_years,
            urgent: a.urgent,
            time_zone: a.time_zone.to_string(),
            status: a.status.as_str().to_string(),
            closed_reason: a.closed_reason.map(str::to_string),
            created_by: Some(staff_id.to_string()),
            published_at: open.then_some(now),
            closed_at: (a.status == AssignmentStatus::Closed).then_some(now),
            created_at: now,
            updated_at: now,
        });
        for p in &a.professions {
            b.assignment_professions
                .push(store::AssignmentProfessionRow {
                    assignment_id: id.clone(),
                    profession_code: p,
                });
        }
        for (tags, required) in [(&a.required_skills, true), (&a.desired_skills, false)] {
            for tag in tags.iter() {
                b.assignment_skills.push(store::AssignmentSkillRow {
                    assignment_id: id.clone(),
                    tag,
                    required,
                });
            }
        }
        for (code, level) in &a.languages {
            b.assignment_languages.push(store::AssignmentLanguageRow {
                assignment_id: id.clone(),
                language_code: code,
                min_level: level.as_str(),
            });
        }
        for s in &a.sessions {
            b.assignment_sessions.push(store::AssignmentSessionRow {
                id: db::new_id(),
                assignment_id: id.clone(),
                weekday: i32::from(s.weekday()),
                starts_minute: i32::from(s.start_minute()),
                ends_minute: i32::from(s.end_minute()),
            });
        }
    }
}

/// A verified account with the shared password hash; returns its id.
fn user_row(
    b: &mut Batch,
    p: &generate::Person,
    role: Role,
    hash: &str,
    now: NaiveDateTime,
) -> String {
    let id = db::new_id();
    b.users.push(store::UserRow {
        id: id.clone(),
        email: p.email.clone(),
        password_hash: hash.to_string(),
        full_name: p.full_name.clone(),
        role: role.as_str(),
        locale: p.locale.code(),
        email_verified_at: now,
        privacy_accepted_at: now,
        session_epoch: 0,
        created_at: now,
        updated_at: now,
    });
    id
}

/// Settles numbering and makes the regional programmes and their
/// coordinators that are not there yet.
fn prepare(c: &mut DbConn, seed: u64, hash: &str) -> AppResult<Start> {
    let mut next_professional = 1;
    let mut next_facility = 1;
    for email in store::emails_at(c, EMAIL_DOMAIN)? {
        if let Some(n) = generate::professional_number(&email) {
            next_professional = next_professional.max(n + 1);
        }
        if let Some(n) = generate::facility_number(&email) {
            next_facility = next_facility.max(n + 1);
        }
    }
    let specialties = professionals::all_specialties(c)?
        .into_iter()
        .map(|s| s.code)
        .collect();

    let now = db::now();
    let mut verifier = Vec::with_capacity(REGIONS.len());
    let mut coordinators = Vec::with_capacity(REGIONS.len());
    let mut programmes_created = 0;
    for (i, region) in REGIONS.iter().enumerate() {
        let programme_id = match store::programme_by_code(c, region.code)? {
            Some(id) => id,
            None => {
                programmes_created += 1;
                create_programme(c, region, now)?
            }
        };
        let existing = store::coordinators_of(c, &programme_id)?;
        if let Some((id, full_name, email)) = existing.into_iter().next() {
            verifier.push(Some(id));
            coordinators.push(CoordinatorLogin {
                programme: region.code,
                full_name,
                email,
                created: false,
            });
            continue;
        }
        let person = generate::coordinator(seed, i);
        let (user_id, created) = match users::find_by_email(c, &person.email)? {
            Some(u) => (u.id, false),
            None => {
                let mut batch = Batch::default();
                let id = user_row(&mut batch, &person, Role::Coordinator, hash, now);
                store::insert(c, &batch)?;
                (id, true)
            }
        };
        let mut memberships = programmes::memberships(c, &user_id)?;
        memberships.push(programme_id.clone());
        programmes::replace_memberships(c, &user_id, &memberships, now)?;
        verifier.push(Some(user_id));
        coordinators.push(CoordinatorLogin {
            programme: region.code,
            full_name: person.full_name,
            email: person.email,
            created,
        });
    }
    Ok(Start {
        next_professional,
        next_facility,
        specialties,
        verifier,
        programmes_created,
        coordinators,
    })
}

/// A programme with the default eligibility and weights, checked by the
/// same rules as the administrator's form.
fn create_programme(
    c: &mut DbConn,
    region: &places::Region,
    now: NaiveDateTime,
) -> AppResult<String> {
    let valid = programme::validate(&ProgrammeDraft {
        code: region.code.to_string(),
        name_en: region.name_en.to_string(),
        name_fr: region.name_fr.to_string(),
        countries: region.countries.iter().map(|c| c.to_string()).collect(),
        ..ProgrammeDraft::new_with_defaults()
    })
    .map_err(AppError::Validation)?;
    let id = db::new_id();
    let w = |k: Criterion| valid.weights.get(k);
    programmes::insert(
        c,
        &programmes::Programme {
            id: id.clone(),
            code: valid.code.clone(),
            name_en: valid.name_en.clone(),
            name_fr: valid.name_fr.clone(),
            residence_statuses: programme::format_statuses(&valid.eligibility.residence_statuses),
            min_years_experience: valid.eligibility.min_years_experience,
            onsite_min_days: valid.eligibility.onsite_min_days,
            onsite_max_days: valid.eligibility.onsite_max_days,
            weight_diaspora: w(Criterion::Diaspora),
            weight_skills: w(Criterion::Skills),
            weight_experience: w(Criterion::Experience),
            weight_availability: w(Criterion::Availability),
            weight_languages: w(Criterion::Languages),
            weight_track_record: w(Criterion::TrackRecord),
            weight_interest: w(Criterion::Interest),
            weight_safeguards: w(Criterion::Safeguards),
            weight_urgency: w(Criterion::Urgency),
            status: ProgrammeStatus::Active.as_str().to_string(),
            created_at: now,
            updated_at: now,
        },
    )?;
    programmes::replace_countries(c, &id, &valid.countries)?;
    Ok(id)
}
