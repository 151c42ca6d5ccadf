//! The hard rules of SPEC 4.1, checked: a pair that breaks one is never
//! proposed, and a pair that breaks exactly one is a near miss.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::compile::{Asg, Before, Pro};
use super::failure::{Failure, Rule};
use super::input::Programme;
use super::sessions::{LocalSlot, local_slots};
use crate::domain::availability::Modality;
use crate::domain::profile::LanguageLevel;

/// A failure as the fast path keeps it: small and copied, told in full
/// (`describe`) only for the pairs a person will see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Miss {
    Profession,
    Specialty,
    NoWindow,
    WeeklyHours { offered: i32 },
    Session(LocalSlot),
    NoLicence,
    LicenceExpires { until: i32 },
    LanguageMissing(usize),
    LanguageBelow(usize, LanguageLevel),
    Ineligible(usize),
    ExperienceBelow,
    OnSiteTooShort(i32),
    OnSiteTooLong(i32),
    Overlap(usize),
    Before(Before),
    NoConsent,
    EmailUnverified,
    ProfileIncomplete,
}

fn date(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or_default()
}

impl Miss {
    pub(super) fn describe(self, pro: &Pro, asg: &Asg, programme: &Programme) -> Failure {
        let a = asg.src;
        match self {
            Miss::Profession => Failure::Profession {
                has: pro.src.profession.clone(),
                accepted: a.professions.clone(),
            },
            Miss::Specialty => Failure::Specialty {
                needed: a.specialty.clone().unwrap_or_default(),
            },
            Miss::NoWindow => Failure::NoWindow {
                modality: if asg.on_site {
                    Modality::OnSite
                } else {
                    Modality::Virtual
                },
                start: date(asg.start),
                end: date(asg.end),
            },
            Miss::WeeklyHours { offered } => Failure::WeeklyHours {
                needed: asg.weekly,
                offered,
            },
            Miss::Session(s) => Failure::SessionOutsideHours {
                session: s.session,
                from: s.from,
                local_weekday: s.weekday,
                local_start_minute: s.start_minute,
                local_end_minute: s.end_minute,
            },
            Miss::NoLicence => Failure::NoLicence {
                profession: pro.src.profession.clone(),
            },
            Miss::LicenceExpires { until } => Failure::LicenceExpires {
                valid_until: date(until),
                needed_until: date(asg.end),
            },
            Miss::LanguageMissing(i) => Failure::LanguageMissing {
                code: a.languages[i].code.clone(),
                needed: a.languages[i].level,
            },
            Miss::LanguageBelow(i, has) => Failure::LanguageBelow {
                code: a.languages[i].code.clone(),
                needed: a.languages[i].level,
                has,
            },
            Miss::Ineligible(i) => Failure::Ineligible(pro.ineligible[i].clone()),
            Miss::ExperienceBelow => Failure::ExperienceBelow {
                needed: a.min_years_experience,
                has: pro.src.years_experience,
            },
            Miss::OnSiteTooShort(days) => Failure::OnSiteTooShort {
                days,
                min: programme.eligibility.onsite_min_days,
            },
            Miss::OnSiteTooLong(days) => Failure::OnSiteTooLong {
                days,
                max: programme.eligibility.onsite_max_days,
            },
            Miss::Overlap(i) => Failure::OverlapsConfirmed {
                start: pro.src.confirmed_on_site[i].start(),
                end: pro.src.confirmed_on_site[i].end(),
            },
            Miss::Before(Before::Declined) => Failure::DeclinedBefore,
            Miss::Before(Before::Rejected) => Failure::RejectedBefore,
            Miss::NoConsent => Failure::NoMatchingConsent,
            Miss::EmailUnverified => Failure::EmailUnverified,
            Miss::ProfileIncomplete => Failure::ProfileIncomplete,
        }
    }

    pub(super) fn rule(self) -> Rule {
        match self {
            Miss::Profession => Rule::Profession,
            Miss::Specialty => Rule::Specialty,
            Miss::NoWindow | Miss::WeeklyHours { .. } => Rule::ModalityAndDates,
            Miss::Session(_) => Rule::SessionTimes,
            Miss::NoLicence | Miss::LicenceExpires { .. } => Rule::Licence,
            Miss::LanguageMissing(_) | Miss::LanguageBelow(..) => Rule::Languages,
            Miss::Ineligible(_)
            | Miss::ExperienceBelow
            | Miss::OnSiteTooShort(_)
            | Miss::OnSiteTooLong(_) => Rule::Eligibility,
            Miss::Overlap(_) => Rule::Overlap,
            Miss::Before(_) | Miss::NoConsent | Miss::EmailUnverified | Miss::ProfileIncomplete => {
                Rule::Standing
            }
        }
    }
}

/// The local forms of one assignment's sessions, by professional time zone:
/// a registry has a few dozen zones, so each is worked out once.
#[derive(Default)]
pub(super) struct SlotCache(Vec<(Tz, Vec<LocalSlot>)>);

impl SlotCache {
    fn get(&mut self, asg: &Asg, zone: Tz) -> &[LocalSlot] {
        let i = match self.0.iter().position(|(z, _)| *z == zone) {
            Some(i) => i,
            None => {
                let slots = match &asg.src.presence {
                    super::input::Presence::Virtual {
                        period, sessions, ..
                    } => local_slots(
                        sessions,
                        asg.src.time_zone,
                        zone,
                        period.start(),
                        period.end(),
                    ),
                    super::input::Presence::OnSite(_) => Vec::new(),
                };
                self.0.push((zone, slots));
                self.0.len() - 1
            }
        };
        &self.0[i].1
    }
}

/// Availability measures saturate here: two weeks of margin around an
/// on-site stay, eight spare hours a week for virtual work.
const FULL_MARGIN_DAYS: i64 = 14;
const FULL_SPARE_HOURS: i64 = 8;

/// What a pair's check found: up to `limit` failed rules (one miss each,
/// in rule order) and the availability measure of the best window.
pub(super) struct Verdict {
    pub misses: Vec<Miss>,
    pub availability: i64,
}

/// Rules 3 and 4 and the availability measure: the windows that offer the
/// work, then those whose hours hold every session.
fn windows(pro: &Pro, asg: &Asg, slots: &mut SlotCache) -> (Option<Miss>, Option<Miss>, i64) {
    let mut covering = false;
    let mut offered = 0;
    let mut best_rule3 = -1;
    let mut best_both = -1;
    let mut session_miss = None;
    for w in &pro.windows {
        let (ws, we) = (w.start, w.end);
        let modality_ok = if asg.on_site {
            w.modality != Modality::Virtual
        } else {
            w.modality != Modality::OnSite
        };
        if !modality_ok || ws > asg.start || we < asg.end {
            continue;
        }
        covering = true;
        if asg.on_site {
            let margin = i64::from((asg.start - ws).min(we - asg.end));
            best_both = best_both.max(margin.min(FULL_MARGIN_DAYS) * 1000 / FULL_MARGIN_DAYS);
            continue;
        }
        offered = offered.max(w.weekly);
        if w.weekly < asg.weekly {
            continue;
        }
        let spare = i64::from(w.weekly - asg.weekly).min(FULL_SPARE_HOURS);
        let measure = spare * 1000 / FULL_SPARE_HOURS;
        best_rule3 = best_rule3.max(measure);
        match slots.get(asg, pro.zone).iter().find(|s| !s.fits(w.hours)) {
            None => best_both = best_both.max(measure),
            Some(s) => {
                session_miss.get_or_insert(Miss::Session(*s));
            }
        }
    }
    if !covering {
        return (Some(Miss::NoWindow), None, 0);
    }
    if asg.on_site {
        return (None, None, best_both.max(0));
    }
    if best_rule3 < 0 {
        return (Some(Miss::WeeklyHours { offered }), None, 0);
    }
    if best_both < 0 {
        return (None, session_miss, best_rule3);
    }
    (None, None, best_both)
}

/// Checks the pair against every rule, stopping once `limit` rules failed.
pub(super) fn evaluate(
    pro: &Pro,
    asg: &Asg,
    programme: &Programme,
    slots: &mut SlotCache,
    limit: usize,
) -> Verdict {
    let mut misses = Vec::new();
    let availability = evaluate_into(pro, asg, programme, slots, limit, &mut misses);
    Verdict {
        misses,
        availability,
    }
}

/// `evaluate` into a buffer the caller keeps (most candidates fail a rule,
/// and a run checks millions); returns the availability measure.
pub(super) fn evaluate_into(
    pro: &Pro,
    asg: &Asg,
    programme: &Programme,
    slots: &mut SlotCache,
    limit: usize,
    misses: &mut Vec<Miss>,
) -> i64 {
    misses.clear();
    macro_rules! fail {
        ($m:expr) => {{
            misses.push($m);
            if misses.len() >= limit {
                misses.sort_by_key(|m| m.rule());
                return 0;
            }
        }};
    }
    let a = asg.src;

    // 1. Profession.
    if !asg.professions.contains(&pro.profession) {
        fail!(Miss::Profession);
    }
    // 2. Specialty.
    if asg.specialty != super::compile::NONE && !pro.specialties.contains(&asg.specialty) {
        fail!(Miss::Specialty);
    }
    // 9. Standing: the cheapest to tell, so it comes early.
    if let Ok(i) = asg.before.binary_search_by_key(&pro.index, |(p, _)| *p) {
        fail!(Miss::Before(asg.before[i].1));
    } else if !pro.ready {
        let p = pro.src;
        fail!(if !p.matching_consent {
            Miss::NoConsent
        } else if !p.email_verified {
            Miss::EmailUnverified
        } else {
            Miss::ProfileIncomplete
        });
    }
    // 7. Programme eligibility.
    let days = asg.end - asg.start + 1;
    let rules = &programme.eligibility;
    if !pro.ineligible.is_empty() {
        fail!(Miss::Ineligible(0));
    } else if pro.years < a.min_years_experience {
        fail!(Miss::ExperienceBelow);
    } else if asg.on_site && days < rules.onsite_min_days {
        fail!(Miss::OnSiteTooShort(days));
    } else if asg.on_site && days > rules.onsite_max_days {
        fail!(Miss::OnSiteTooLong(days));
    }
    // 8. No overlap with a confirmed on-site match.
    if let Some(i) = pro
        .confirmed
        .iter()
        .position(|&(s, e)| s <= asg.end && asg.start <= e)
    {
        fail!(Miss::Overlap(i));
    }
    // 6. Languages.
    for (i, &(code, needed)) in asg.languages.iter().enumerate() {
        match pro.languages.iter().find(|(c, _)| *c == code) {
            None => {
                fail!(Miss::LanguageMissing(i));
                break;
            }
            Some(&(_, has)) if has < needed => {
                fail!(Miss::LanguageBelow(i, has));
                break;
            }
            Some(_) => {}
        }
    }
    // 5. A licence valid on the last day of clinical work.
    if a.clinical {
        match pro.licence_until {
            None => fail!(Miss::NoLicence),
            Some(until) if until < asg.end => fail!(Miss::LicenceExpires { until }),
            Some(_) => {}
        }
    }
    // 3 and 4. Modality, dates, weekly hours and session times.
    let (rule3, rule4, availability) = windows(pro, asg, slots);
    if let Some(m) = rule3 {
        fail!(m);
    }
    if let Some(m) = rule4 {
        fail!(m);
    }
    misses.sort_by_key(|m| m.rule());
    availability
}
