//! The matcher's results in words a coordinator reads: rule names, why a pair
//! breaks a rule, each score part and why a professional was left out.

use chrono::NaiveDate;

use crate::domain::Locale;
use crate::domain::availability::LocalHours;
use crate::domain::language;
use crate::domain::matcher::{Failure, Part, Rule, Why};
use crate::domain::profession::Profession;
use crate::domain::profile::LanguageLevel;
use crate::domain::programme::{Criterion, Ineligible};
use crate::i18n::{t, t_args, t_count};
use crate::store::professionals::Specialty;

/// The name of a hard rule.
pub fn rule_name(locale: Locale, rule: Rule) -> String {
    t(locale, &format!("matcher-rule-{}", rule.as_str()))
}

/// The name of a score criterion, as the programme form shows it.
pub fn criterion_name(locale: Locale, criterion: Criterion) -> String {
    t(locale, &format!("criterion-{}", criterion.as_str()))
}

/// One sentence saying how the pair breaks its rule. Specialties are named
/// by their code: their names live in the database (see
/// [`failure_detail_named`]).
pub fn failure_detail(locale: Locale, failure: &Failure) -> String {
    failure_detail_named(locale, failure, &[])
}

/// As [`failure_detail`], naming specialties from `specialties`; a code not
/// among them is shown as it is.
pub fn failure_detail_named(
    locale: Locale,
    failure: &Failure,
    specialties: &[Specialty],
) -> String {
    let msg = |key: &str, args: &[(&str, String)]| t_args(locale, key, args);
    match failure {
        Failure::Profession { has, accepted } => {
            let accepted: Vec<String> = accepted
                .iter()
                .map(|code| quoted(locale, &profession(locale, code)))
                .collect();
            let accepted = ("accepted", accepted.join(", "));
            if has.trim().is_empty() {
                msg("matcher-failure-profession-none", &[accepted])
            } else {
                let has = ("has", quoted(locale, &profession(locale, has)));
                msg("matcher-failure-profession", &[has, accepted])
            }
        }
        Failure::Specialty { needed } => {
            let name = specialties
                .iter()
                .find(|s| &s.code == needed)
                .map_or(needed.as_str(), |s| s.name(locale));
            msg(
                "matcher-failure-specialty",
                &[("specialty", quoted(locale, name))],
            )
        }
        Failure::NoWindow {
            modality,
            start,
            end,
        } => msg(
            "matcher-failure-no-window",
            &[
                ("modality", modality.as_str().to_string()),
                ("start", day(*start)),
                ("end", day(*end)),
            ],
        ),
        Failure::WeeklyHours { needed, offered } => msg(
            "matcher-failure-weekly-hours",
            &[
                ("needed", count(locale, "matcher-hours", *needed)),
                ("offered", count(locale, "matcher-hours", *offered)),
            ],
        ),
        Failure::SessionOutsideHours {
            session,
            from,
            local_weekday,
            local_start_minute,
            local_end_minute,
        } => msg(
            "matcher-failure-session",
            &[
                ("weekday", weekday(locale, session.weekday())),
                ("start", clock(session.start_minute())),
                ("end", clock(session.end_minute())),
                ("local_weekday", weekday(locale, *local_weekday)),
                ("local_start", clock(*local_start_minute)),
                ("local_end", clock(*local_end_minute)),
                ("from", day(*from)),
            ],
        ),
        Failure::NoLicence { profession: code } => msg(
            "matcher-failure-no-licence",
            &[("profession", quoted(locale, &profession(locale, code)))],
        ),
        Failure::LicenceExpires {
            valid_until,
            needed_until,
        } => msg(
            "matcher-failure-licence-expires",
            &[
                ("valid_until", day(*valid_until)),
                ("needed_until", day(*needed_until)),
            ],
        ),
        Failure::LanguageMissing { code, needed } => msg(
            "matcher-failure-language-missing",
            &[
                ("language", language_name(locale, code)),
                ("needed", level(locale, *needed)),
            ],
        ),
        Failure::LanguageBelow { code, needed, has } => msg(
            "matcher-failure-language-below",
            &[
                ("language", language_name(locale, code)),
                ("needed", level(locale, *needed)),
                ("has", level(locale, *has)),
            ],
        ),
        Failure::Ineligible(Ineligible::Origin) => t(locale, "matcher-failure-origin"),
        Failure::Ineligible(Ineligible::ResidenceStatus) => {
            t(locale, "matcher-failure-residence-status")
        }
        Failure::Ineligible(Ineligible::Experience { needed }) => msg(
            "matcher-failure-programme-experience",
            &[("needed", count(locale, "matcher-years", *needed))],
        ),
        Failure::ExperienceBelow { needed, has } => msg(
            "matcher-failure-experience-below",
            &[
                ("needed", count(locale, "matcher-years", *needed)),
                ("has", count(locale, "matcher-years", *has)),
            ],
        ),
        Failure::OnSiteTooShort { days, min } => msg(
            "matcher-failure-onsite-too-short",
            &[
                ("days", count(locale, "matcher-days", *days)),
                ("min", count(locale, "matcher-days", *min)),
            ],
        ),
        Failure::OnSiteTooLong { days, max } => msg(
            "matcher-failure-onsite-too-long",
            &[
                ("days", count(locale, "matcher-days", *days)),
                ("max", count(locale, "matcher-days", *max)),
            ],
        ),
        Failure::OverlapsConfirmed { start, end } => msg(
            "matcher-failure-overlap",
            &[("start", day(*start)), ("end", day(*end))],
        ),
        Failure::DeclinedBefore => t(locale, "matcher-failure-declined"),
        Failure::RejectedBefore => t(locale, "matcher-failure-rejected"),
        Failure::NoMatchingConsent => t(locale, "matcher-failure-no-consent"),
        Failure::EmailUnverified => t(locale, "matcher-failure-email-unverified"),
        Failure::ProfileIncomplete => t(locale, "matcher-failure-profile-incomplete"),
    }
}

/// One criterion's share of a score: "Skills: 0.667 × 25 = 16.7 points".
pub fn part_line(locale: Locale, part: &Part) -> String {
    t_args(
        locale,
        "matcher-part",
        &[
            ("criterion", criterion_name(locale, part.criterion)),
            ("measure", share(locale, part.measure)),
            ("weight", part.weight.to_string()),
            ("points", score_points(locale, part.points)),
        ],
    )
}

/// A score in thousandths of a point, as people read it: "72.5 points".
pub fn score_points(locale: Locale, thousandths: i64) -> String {
    let tenths = round_div(thousandths, 100);
    // French counts 0,5 and 1,9 points in the singular: what decides is the
    // whole part (CLDR's `i`), which `t_count` selects on. English always
    // writes "points" after a decimal, and its message ignores the count.
    let unit = t_count(locale, "matcher-points-unit", "count", tenths / 10);
    t_args(
        locale,
        "matcher-points",
        &[
            ("points", score_number(locale, thousandths)),
            ("unit", unit),
        ],
    )
}

/// A score in thousandths of a point as a number to one decimal, rounded
/// half away from zero: "72.5" in English, "72,5" in French.
pub fn score_number(locale: Locale, thousandths: i64) -> String {
    decimal(locale, round_div(thousandths, 100), 1)
}

/// Why a professional has no proposal in this run. `assignment_title` is
/// the title of the assignment the reason refers to (unused when there is none).
pub fn why_left_out(locale: Locale, why: &Why, assignment_title: &str) -> String {
    match why {
        Why::Outscored { score, .. } => t_args(
            locale,
            "matcher-why-outscored",
            &[
                ("assignment", assignment_title.to_string()),
                ("score", score_number(locale, *score)),
            ],
        ),
        Why::NearMiss { failure, .. } => t_args(
            locale,
            "matcher-why-near-miss",
            &[
                ("assignment", assignment_title.to_string()),
                ("rule", rule_name(locale, failure.rule())),
                ("detail", failure_detail(locale, failure)),
            ],
        ),
        Why::NoCandidate => t(locale, "matcher-why-no-candidate"),
    }
}

/// A measure in thousandths as a share with three decimals: "0.667".
fn share(locale: Locale, thousandths: i64) -> String {
    decimal(locale, thousandths, 3)
}

/// `n` divided by `d` (positive), rounded half away from zero.
fn round_div(n: i64, d: i64) -> i64 {
    let q = (n.abs() + d / 2) / d;
    if n < 0 { -q } else { q }
}

/// `scaled / 10^places` written with the locale's decimal sign, and its
/// thousands grouped (a comma in English, a narrow no-break space in French).
fn decimal(locale: Locale, scaled: i64, places: u32) -> String {
    let (point, group) = match locale {
        Locale::En => ('.', ","),
        Locale::Fr => (',', "\u{202f}"),
    };
    let unit = 10_i64.pow(places);
    let (whole, fraction) = (
        scaled.unsigned_abs() / unit as u64,
        scaled.unsigned_abs() % unit as u64,
    );
    let digits = whole.to_string();
    let mut out = String::new();
    if scaled < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(group);
        }
        out.push(c);
    }
    if places > 0 {
        out.push(point);
        out.push_str(&format!("{fraction:0width$}", width = places as usize));
    }
    out
}

fn quoted(locale: Locale, text: &str) -> String {
    t_args(locale, "matcher-quoted", &[("text", text.to_string())])
}

/// A profession's name, or its code if Sankofa does not know it.
fn profession(locale: Locale, code: &str) -> String {
    Profession::parse(code).map_or_else(|| code.to_string(), |p| t(locale, &p.label_key()))
}

/// A language's name inside a sentence, or its code if it is not one.
fn language_name(locale: Locale, code: &str) -> String {
    language::find(code).map_or_else(|| code.to_string(), |l| in_sentence(locale, l.name(locale)))
}

fn level(locale: Locale, level: LanguageLevel) -> String {
    t(locale, &format!("matcher-level-{}", level.as_str()))
}

/// 1 = Monday, inside a sentence.
fn weekday(locale: Locale, number: u8) -> String {
    in_sentence(locale, &t(locale, &format!("weekday-{number}")))
}

/// The vocabularies capitalise names to start lines in lists; French writes
/// language and weekday names in lower case inside a sentence (CLDR gives
/// them so), English keeps its capitals.
fn in_sentence(locale: Locale, name: &str) -> String {
    match locale {
        Locale::En => name.to_string(),
        Locale::Fr => {
            let mut chars = name.chars();
            chars
                .next()
                .map(|first| first.to_lowercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

fn count(locale: Locale, key: &str, n: i32) -> String {
    t_count(locale, key, "count", i64::from(n))
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// `HH:MM`; a local session running past midnight ends on the next day's clock.
fn clock(minute: u16) -> String {
    LocalHours::clock(if minute > 1440 { minute - 1440 } else { minute })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::availability::Modality;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Its position in `every_failure`; a new variant stops this compiling
    /// until it has a sample there.
    fn variant(f: &Failure) -> usize {
        match f {
            Failure::Profession { .. } => 0,
            Failure::Specialty { .. } => 1,
            Failure::NoWindow { .. } => 2,
            Failure::WeeklyHours { .. } => 3,
            Failure::SessionOutsideHours { .. } => 4,
            Failure::NoLicence { .. } => 5,
            Failure::LicenceExpires { .. } => 6,
            Failure::LanguageMissing { .. } => 7,
            Failure::LanguageBelow { .. } => 8,
            Failure::Ineligible(Ineligible::Origin) => 9,
            Failure::Ineligible(Ineligible::ResidenceStatus) => 10,
            Failure::Ineligible(Ineligible::Experience { .. }) => 11,
            Failure::ExperienceBelow { .. } => 12,
            Failure::OnSiteTooShort { .. } => 13,
            Failure::OnSiteTooLong { .. } => 14,
            Failure::OverlapsConfirmed { .. } => 15,
            Failure::DeclinedBefore => 16,
            Failure::RejectedBefore => 17,
            Failure::NoMatchingConsent => 18,
            Failure::EmailUnverified => 19,
            Failure::ProfileIncomplete => 20,
        }
    }

    /// A sample of every way to break a rule, with what its English and
    /// French sentences must contain.
    fn every_failure() -> Vec<(Failure, Vec<&'static str>, Vec<&'static str>)> {
        vec![
            (
                Failure::Profession {
                    has: "2221".into(),
                    accepted: vec!["2211".into(), "2212".into()],
                },
                vec![
                    "“Nursing professional”",
                    "“Generalist medical practitioner”, “Specialist medical practitioner”",
                ],
                vec!["«\u{a0}", "\u{a0}»"],
            ),
            (
                Failure::Specialty {
                    needed: "neonatology".into(),
                },
                vec!["neonatology"],
                vec!["neonatology"],
            ),
            (
                Failure::NoWindow {
                    modality: Modality::Virtual,
                    start: d("2027-03-01"),
                    end: d("2027-05-31"),
                },
                vec!["virtual", "2027-03-01", "2027-05-31"],
                vec!["à distance", "2027-03-01", "2027-05-31"],
            ),
            (
                Failure::WeeklyHours {
                    needed: 10,
                    offered: 1,
                },
                vec!["10 hours", "1 hour."],
                vec!["10\u{a0}heures", "1\u{a0}heure."],
            ),
            (
                Failure::SessionOutsideHours {
                    session: LocalHours::new(1, 14 * 60, 16 * 60).unwrap(),
                    from: d("2027-03-30"),
                    local_weekday: 7,
                    local_start_minute: 23 * 60,
                    local_end_minute: 25 * 60,
                },
                vec![
                    "Monday",
                    "14:00",
                    "16:00",
                    "Sunday",
                    "23:00",
                    "01:00",
                    "2027-03-30",
                ],
                vec![
                    "lundi",
                    "14:00",
                    "16:00",
                    "dimanche",
                    "23:00",
                    "01:00",
                    "2027-03-30",
                ],
            ),
            (
                Failure::NoLicence {
                    profession: "2222".into(),
                },
                vec!["Midwifery professional"],
                vec!["«\u{a0}"],
            ),
            (
                Failure::LicenceExpires {
                    valid_until: d("2027-04-30"),
                    needed_until: d("2027-05-31"),
                },
                vec!["2027-04-30", "2027-05-31"],
                vec!["2027-04-30", "2027-05-31"],
            ),
            (
                Failure::LanguageMissing {
                    code: "pt".into(),
                    needed: LanguageLevel::Conversational,
                },
                vec!["Portuguese", "conversational"],
                vec!["portugais", "conversationnel"],
            ),
            (
                Failure::LanguageBelow {
                    code: "fr".into(),
                    needed: LanguageLevel::Native,
                    has: LanguageLevel::Basic,
                },
                vec!["French", "native", "basic"],
                vec!["français", "natif", "élémentaire"],
            ),
            (
                Failure::Ineligible(Ineligible::Origin),
                vec!["country of origin"],
                vec!["pays d’origine"],
            ),
            (
                Failure::Ineligible(Ineligible::ResidenceStatus),
                vec!["residence status"],
                vec!["statut de résidence"],
            ),
            (
                Failure::Ineligible(Ineligible::Experience { needed: 3 }),
                vec!["3 years"],
                vec!["3\u{a0}ans"],
            ),
            (
                Failure::ExperienceBelow { needed: 5, has: 1 },
                vec!["5 years", "1 year "],
                vec!["5\u{a0}ans", "1\u{a0}an "],
            ),
            (
                Failure::OnSiteTooShort { days: 14, min: 21 },
                vec!["14 days", "21 days"],
                vec!["14\u{a0}jours", "21\u{a0}jours"],
            ),
            (
                Failure::OnSiteTooLong { days: 120, max: 90 },
                vec!["120 days", "90 days"],
                vec!["120\u{a0}jours", "90\u{a0}jours"],
            ),
            (
                Failure::OverlapsConfirmed {
                    start: d("2027-04-10"),
                    end: d("2027-04-24"),
                },
                vec!["2027-04-10", "2027-04-24"],
                vec!["2027-04-10", "2027-04-24"],
            ),
            (Failure::DeclinedBefore, vec!["Declined"], vec!["décliné"]),
            (Failure::RejectedBefore, vec!["rejected"], vec!["écartée"]),
            (
                Failure::NoMatchingConsent,
                vec!["consent"],
                vec!["consentement"],
            ),
            (Failure::EmailUnverified, vec!["email"], vec!["e-mail"]),
            (
                Failure::ProfileIncomplete,
                vec!["incomplete"],
                vec!["incomplet"],
            ),
        ]
    }

    fn assert_worded(s: &str) {
        assert!(!s.trim().is_empty());
        assert!(
            !s.contains("{ $") && !s.contains("{$"),
            "placeholder left: {s}"
        );
        assert!(!s.contains("matcher-"), "missing message: {s}");
    }

    #[test]
    fn every_failure_is_one_sentence_with_its_data_in_both_locales() {
        let samples = every_failure();
        let mut seen: Vec<usize> = samples.iter().map(|(f, ..)| variant(f)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(
            seen,
            (0..=20).collect::<Vec<_>>(),
            "a variant has no sample"
        );
        for (failure, en, fr) in &samples {
            for (locale, wanted) in [(Locale::En, en), (Locale::Fr, fr)] {
                let s = failure_detail(locale, failure);
                assert_worded(&s);
                assert!(s.ends_with('.'), "{s}");
                for w in wanted {
                    assert!(s.contains(w), "{locale}: {s:?} lacks {w:?}");
                }
            }
            assert_ne!(
                failure_detail(Locale::En, failure),
                failure_detail(Locale::Fr, failure)
            );
        }
    }

    #[test]
    fn a_language_below_the_level_reads_plainly() {
        let f = Failure::LanguageBelow {
            code: "fr".into(),
            needed: LanguageLevel::Professional,
            has: LanguageLevel::Conversational,
        };
        assert_eq!(
            failure_detail(Locale::En, &f),
            "Needs French at professional level; has conversational."
        );
        assert_eq!(
            failure_detail(Locale::Fr, &f),
            "Demande le niveau professionnel en français\u{202f}; a le niveau conversationnel."
        );
    }

    #[test]
    fn french_sentences_keep_their_no_break_spaces() {
        let f = Failure::Profession {
            has: "2221".into(),
            accepted: vec!["2211".into()],
        };
        let s = failure_detail(Locale::Fr, &f);
        assert!(s.contains("\u{a0}: «\u{a0}"), "{s}");
        assert!(s.contains("\u{a0}»\u{202f}; la mission"), "{s}");
        assert!(!s.contains(" :") && !s.contains(" ;"), "{s}");
    }

    #[test]
    fn a_professional_without_a_profession_is_told_so() {
        let f = Failure::Profession {
            has: String::new(),
            accepted: vec!["2261".into()],
        };
        assert_eq!(
            failure_detail(Locale::En, &f),
            "Gives no profession; the assignment accepts “Dentist”."
        );
        let fr = failure_detail(Locale::Fr, &f);
        assert!(
            fr.starts_with("N’indique aucune profession\u{202f}; "),
            "{fr}"
        );
    }

    #[test]
    fn specialties_are_named_when_their_names_are_given() {
        let f = Failure::Specialty {
            needed: "neo".into(),
        };
        let list = [Specialty {
            code: "neo".into(),
            name_en: "Neonatology".into(),
            name_fr: "Néonatologie".into(),
        }];
        assert!(failure_detail_named(Locale::En, &f, &list).contains("“Neonatology”"));
        assert!(failure_detail_named(Locale::Fr, &f, &list).contains("«\u{a0}Néonatologie\u{a0}»"));
    }

    #[test]
    fn a_part_reads_as_its_sum_in_both_locales() {
        let part = Part {
            criterion: Criterion::Skills,
            measure: 667,
            weight: 25,
            points: 667 * 25,
        };
        assert_eq!(
            part_line(Locale::En, &part),
            "Skills: 0.667 × 25 = 16.7 points"
        );
        assert_eq!(
            part_line(Locale::Fr, &part),
            "Compétences\u{a0}: 0,667 × 25 = 16,7\u{a0}points"
        );
        let whole = Part {
            criterion: Criterion::Diaspora,
            measure: 1000,
            weight: 30,
            points: 30_000,
        };
        assert_eq!(
            part_line(Locale::En, &whole),
            "Diaspora tie: 1.000 × 30 = 30.0 points"
        );
    }

    #[test]
    fn scores_round_half_away_from_zero_and_group_thousands() {
        assert_eq!(score_number(Locale::En, 16_650), "16.7");
        assert_eq!(score_number(Locale::En, 16_649), "16.6");
        assert_eq!(score_number(Locale::En, 0), "0.0");
        assert_eq!(score_number(Locale::En, -16_650), "-16.7");
        assert_eq!(score_number(Locale::En, 1_234_567), "1,234.6");
        assert_eq!(score_number(Locale::Fr, 1_234_567), "1\u{202f}234,6");
        assert_eq!(score_points(Locale::En, 1_500), "1.5 points");
        // Below two, French counts in the singular.
        assert_eq!(score_points(Locale::Fr, 1_500), "1,5\u{a0}point");
        assert_eq!(score_points(Locale::Fr, 2_000), "2,0\u{a0}points");
    }

    #[test]
    fn every_rule_and_criterion_has_its_own_name() {
        for locale in Locale::ALL {
            let rules: Vec<String> = Rule::ALL.iter().map(|r| rule_name(locale, *r)).collect();
            let criteria: Vec<String> = Criterion::ALL
                .iter()
                .map(|c| criterion_name(locale, *c))
                .collect();
            for names in [&rules, &criteria] {
                for n in names.iter() {
                    assert_worded(n);
                    assert!(!n.starts_with("criterion-"), "{n}");
                }
                let mut unique = names.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(unique.len(), names.len(), "{names:?}");
            }
        }
        assert_eq!(
            rule_name(Locale::En, Rule::Overlap),
            "Overlap with a confirmed assignment"
        );
    }

    #[test]
    fn a_professional_left_out_is_told_why() {
        let title = "Neonatal nursing mentor";
        let outscored = Why::Outscored {
            assignment: 0,
            score: 72_450,
        };
        let near = Why::NearMiss {
            assignment: 0,
            failure: Failure::EmailUnverified,
        };
        for locale in Locale::ALL {
            let s = why_left_out(locale, &outscored, title);
            assert_worded(&s);
            assert!(
                s.contains(title) && s.contains(&score_number(locale, 72_450)),
                "{s}"
            );
            let s = why_left_out(locale, &near, title);
            assert_worded(&s);
            assert!(s.contains(title), "{s}");
            assert!(s.contains(&rule_name(locale, Rule::Standing)), "{s}");
            assert!(
                s.contains(&failure_detail(locale, &Failure::EmailUnverified)),
                "{s}"
            );
            assert_worded(&why_left_out(locale, &Why::NoCandidate, title));
        }
        assert!(why_left_out(Locale::En, &outscored, title).contains("(score 72.5)"));
        assert!(why_left_out(Locale::Fr, &outscored, title).contains("(score 72,5)"));
    }
}
