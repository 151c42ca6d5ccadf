//! The input turned into what the rules compare quickly: words as small
//! integers, dates as day numbers, cross-references as indices, and both
//! sides in the order of their ids so that the input's order never matters.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

use super::input::{Assignment, Professional, Programme, Window};
use super::regions::{self, SubRegion};
use crate::domain::availability::{LocalHours, Modality};
use crate::domain::profile::LanguageLevel;
use crate::domain::programme::{Ineligible, ProfessionalFacts, ineligibility};

pub(super) const NONE: u32 = u32::MAX;

pub(super) fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// Every word the instance uses (professions, specialties, skills, language
/// and country codes), each given a number once.
#[derive(Default)]
pub(super) struct Words(HashMap<String, u32>);

impl Words {
    fn id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.0.get(w) {
            return id;
        }
        let id = self.0.len() as u32;
        self.0.insert(w.to_string(), id);
        id
    }

    fn ids(&mut self, ws: &[String]) -> Vec<u32> {
        let mut v: Vec<u32> = ws.iter().map(|w| self.id(w)).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// A window in day numbers.
pub(super) struct Win<'a> {
    pub start: i32,
    pub end: i32,
    pub modality: Modality,
    pub weekly: i32,
    pub hours: &'a [LocalHours],
}

/// Checking a pair reads this struct's first fields and rarely more: a
/// registry does not fit in the processor's caches, so each line read is
/// felt a few million times (hence `repr(C)`, hottest first).
#[repr(C)]
pub(super) struct Pro<'a> {
    /// Position in the instance, in the order of ids.
    pub index: u32,
    pub profession: u32,
    pub years: i32,
    /// Last valid day of the latest verified licence for their profession.
    pub licence_until: Option<i32>,
    /// Consent, verified email and complete profile.
    pub ready: bool,
    pub zone: Tz,
    pub languages: Vec<(u32, LanguageLevel)>,
    pub windows: Vec<Win<'a>>,
    pub src: &'a Professional,
    /// Position in the caller's slice.
    pub input: usize,
    pub specialties: Vec<u32>,
    pub skills: Vec<u32>,
    pub origin: u32,
    pub sub_region: Option<SubRegion>,
    /// Reasons the programme refuses this person, whatever the assignment.
    pub ineligible: Vec<Ineligible>,
    /// Track record measure, in thousandths.
    pub track: i64,
    /// Assignments asked for, as indices, sorted.
    pub interests: Vec<u32>,
    pub confirmed: Vec<(i32, i32)>,
}

/// Why a professional may not be proposed for an assignment again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Before {
    Declined,
    Rejected,
}

pub(super) struct Asg<'a> {
    pub src: &'a Assignment,
    pub input: usize,
    pub index: u32,
    pub professions: Vec<u32>,
    pub specialty: u32,
    pub required: Vec<u32>,
    pub desired: Vec<u32>,
    pub languages: Vec<(u32, LanguageLevel)>,
    pub country: u32,
    pub sub_region: Option<SubRegion>,
    pub start: i32,
    pub end: i32,
    /// Hours a week asked; 0 on site.
    pub weekly: i32,
    pub on_site: bool,
    /// Professionals excluded, by index, sorted.
    pub before: Vec<(u32, Before)>,
}

pub(super) struct Instance<'a> {
    pub pros: Vec<Pro<'a>>,
    pub asgs: Vec<Asg<'a>>,
    pub programme: &'a Programme,
}

/// SPEC 4.2: none completed is neutral (0.5); each completed assignment adds
/// 0.05 up to four, and the mean rating moves the measure by 0.15 a star
/// around three stars.
pub(super) fn track_measure(completed: u32, ratings: &[u8]) -> i64 {
    if completed == 0 {
        return 500;
    }
    let mut m = 500 + 50 * i64::from(completed.min(4));
    if !ratings.is_empty() {
        let sum: i64 = ratings.iter().map(|r| i64::from((*r).clamp(1, 5))).sum();
        let n = ratings.len() as i64;
        // 150 * (mean - 3), rounded towards zero.
        m += 150 * (sum - 3 * n) / n;
    }
    m.clamp(0, 1000)
}

fn win(w: &Window) -> Win<'_> {
    Win {
        start: day(w.range.start()),
        end: day(w.range.end()),
        modality: w.modality,
        weekly: w.weekly_hours,
        hours: &w.hours,
    }
}

pub(super) fn compile<'a>(
    professionals: &'a [Professional],
    assignments: &'a [Assignment],
    programme: &'a Programme,
) -> Instance<'a> {
    let mut words = Words::default();
    let mut pro_order: Vec<usize> = (0..professionals.len()).collect();
    pro_order.sort_by(|&a, &b| professionals[a].id.cmp(&professionals[b].id));
    let mut asg_order: Vec<usize> = (0..assignments.len()).collect();
    asg_order.sort_by(|&a, &b| assignments[a].id.cmp(&assignments[b].id));
    let pro_index: HashMap<&str, u32> = pro_order
        .iter()
        .enumerate()
        .map(|(i, &p)| (professionals[p].id.as_str(), i as u32))
        .collect();
    let asg_index: HashMap<&str, u32> = asg_order
        .iter()
        .enumerate()
        .map(|(i, &a)| (assignments[a].id.as_str(), i as u32))
        .collect();

    let asgs = asg_order
        .iter()
        .enumerate()
        .map(|(index, &input)| {
            let a = &assignments[input];
            let dates = a.presence.dates();
            let (weekly, on_site) = match &a.presence {
                super::input::Presence::OnSite(_) => (0, true),
                super::input::Presence::Virtual { weekly_hours, .. } => (*weekly_hours, false),
            };
            let mut before: Vec<(u32, Before)> = a
                .rejected
                .iter()
                .map(|id| (id, Before::Rejected))
                .chain(a.declined_by.iter().map(|id| (id, Before::Declined)))
                .filter_map(|(id, why)| pro_index.get(id.as_str()).map(|&p| (p, why)))
                .collect();
            // A declined professional is told so rather than "rejected".
            before.sort_by_key(|(p, why)| (*p, *why != Before::Declined));
            before.dedup_by_key(|(p, _)| *p);
            Asg {
                src: a,
                input,
                index: index as u32,
                professions: words.ids(&a.professions),
                specialty: a.specialty.as_deref().map_or(NONE, |s| words.id(s)),
                required: words.ids(&a.required_skills),
                desired: words.ids(&a.desired_skills),
                languages: a
                    .languages
                    .iter()
                    .map(|l| (words.id(&l.code), l.level))
                    .collect(),
                country: words.id(&a.country),
                sub_region: regions::of(&a.country),
                start: day(dates.start()),
                end: day(dates.end()),
                weekly,
                on_site,
                before,
            }
        })
        .collect();

    let pros = pro_order
        .iter()
        .enumerate()
        .map(|(index, &input)| {
            let p = &professionals[input];
            let facts = ProfessionalFacts {
                origin_country: p.origin_country.as_deref(),
                residence_status: p.residence_status,
                years_experience: Some(p.years_experience),
            };
            let profession = words.id(&p.profession);
            let licence_until = p
                .licences
                .iter()
                .filter(|l| l.profession == p.profession)
                .map(|l| day(l.valid_until))
                .max();
            let mut interests: Vec<u32> = p
                .interests
                .iter()
                .filter_map(|id| asg_index.get(id.as_str()).copied())
                .collect();
            interests.sort_unstable();
            Pro {
                src: p,
                input,
                index: index as u32,
                profession,
                years: p.years_experience,
                licence_until,
                ready: p.matching_consent && p.email_verified && p.profile_complete,
                zone: p.time_zone,
                specialties: words.ids(&p.specialties),
                skills: words.ids(&p.skills),
                languages: p
                    .languages
                    .iter()
                    .map(|l| (words.id(&l.code), l.level))
                    .collect(),
                origin: p.origin_country.as_deref().map_or(NONE, |c| words.id(c)),
                sub_region: p.origin_country.as_deref().and_then(regions::of),
                ineligible: ineligibility(&programme.countries, &programme.eligibility, &facts),
                track: track_measure(p.track_record.completed, &p.track_record.ratings),
                interests,
                confirmed: p
                    .confirmed_on_site
                    .iter()
                    .map(|r| (day(r.start()), day(r.end())))
                    .collect(),
                windows: p.windows.iter().map(win).collect(),
            }
        })
        .collect();

    Instance {
        pros,
        asgs,
        programme,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn track_record_is_neutral_without_history_and_moves_with_ratings() {
        assert_eq!(track_measure(0, &[]), 500);
        assert_eq!(track_measure(1, &[]), 550);
        assert_eq!(track_measure(9, &[]), 700);
        assert_eq!(track_measure(4, &[5, 5]), 1000);
        assert_eq!(track_measure(4, &[1]), 400);
        assert_eq!(track_measure(1, &[3]), 550);
        assert_eq!(track_measure(2, &[4, 5]), 600 + 225);
    }
}
