//! The coordinators' registry search: what may be asked, checked field by
//! field, and the order results come in.

use std::str::FromStr;

use chrono::NaiveDate;

use super::availability::Modality;
use super::profile::LanguageLevel;
use super::validation::{FieldError, FieldErrors};
use super::{countries, language, profession::Profession};

/// Longest free text searched for.
pub const MAX_TEXT: usize = 100;
/// Results per page.
pub const PAGE_SIZE: i64 = 25;
/// Pages beyond this are not offered: narrow the search instead.
pub const MAX_PAGE: i64 = 400;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Experience,
    Name,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Experience, Sort::Name];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Experience => "experience",
            Sort::Name => "name",
        }
    }
}

impl FromStr for Sort {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// The search as typed in the form (a GET query).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct SearchInput {
    pub profession: String,
    pub specialty: String,
    pub origin: String,
    pub residence: String,
    pub language: String,
    pub level: String,
    pub modality: String,
    pub from: String,
    pub to: String,
    pub licence: String,
    pub ready: String,
    pub q: String,
    pub sort: String,
    pub page: String,
}

/// Available for a kind of work over a whole span of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Availability {
    /// On-site or virtual; a window for either kind also counts.
    pub modality: Modality,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A search that passed every check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Criteria {
    pub profession: Option<String>,
    pub specialty: Option<String>,
    pub origin: Option<String>,
    pub residence: Option<String>,
    /// A language and the least level asked.
    pub language: Option<(String, LanguageLevel)>,
    pub availability: Option<Availability>,
    pub licence_verified: bool,
    pub ready: bool,
    /// Lower-case, trimmed.
    pub text: Option<String>,
    pub sort: Sort,
    pub page: i64,
}

impl Criteria {
    /// How many filters narrow the search (sorting and paging aside).
    pub fn filters(&self) -> usize {
        [
            self.profession.is_some(),
            self.specialty.is_some(),
            self.origin.is_some(),
            self.residence.is_some(),
            self.language.is_some(),
            self.availability.is_some(),
            self.licence_verified,
            self.ready,
            self.text.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }
}

fn ticked(v: &str) -> bool {
    !v.trim().is_empty()
}

fn country(e: &mut FieldErrors, field: &'static str, raw: &str) -> Option<String> {
    match raw.trim() {
        "" => None,
        v => match countries::find(v) {
            Some(c) => Some(c.code.clone()),
            None => {
                e.add(field, FieldError::new("err-country-unknown"));
                None
            }
        },
    }
}

fn date(e: &mut FieldErrors, field: &'static str, raw: &str) -> Option<NaiveDate> {
    match raw.trim() {
        "" => {
            e.add(field, FieldError::new("err-required"));
            None
        }
        v => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map_err(|_| e.add(field, FieldError::new("err-date")))
            .ok(),
    }
}

/// Checks the search; every problem by its field. `known_specialty` says
/// whether a specialty code exists.
pub fn validate(
    input: &SearchInput,
    known_specialty: impl Fn(&str) -> bool,
) -> Result<Criteria, FieldErrors> {
    let mut e = FieldErrors::new();
    let profession = match input.profession.trim() {
        "" => None,
        v => match Profession::parse(v) {
            Some(p) => Some(p.code().to_string()),
            None => {
                e.add("profession", FieldError::new("err-choice-unknown"));
                None
            }
        },
    };
    let specialty = match input.specialty.trim() {
        "" => None,
        v if v.len() <= 60 && known_specialty(v) => Some(v.to_string()),
        _ => {
            e.add("specialty", FieldError::new("err-choice-unknown"));
            None
        }
    };
    let origin = country(&mut e, "origin", &input.origin);
    let residence = country(&mut e, "residence", &input.residence);

    let language = match (input.language.trim(), input.level.trim()) {
        ("", "") => None,
        ("", _) => {
            e.add("language", FieldError::new("err-required"));
            None
        }
        (code, level) => {
            let lang = language::find(code);
            if lang.is_none() {
                e.add("language", FieldError::new("err-choice-unknown"));
            }
            let min = if level.is_empty() {
                Some(LanguageLevel::Basic)
            } else {
                level.parse::<LanguageLevel>().ok()
            };
            if min.is_none() {
                e.add("level", FieldError::new("err-choice-unknown"));
            }
            match (lang, min) {
                (Some(l), Some(min)) => Some((l.code().to_string(), min)),
                _ => None,
            }
        }
    };

    let availability = match (input.modality.trim(), input.from.trim(), input.to.trim()) {
        ("", "", "") => None,
        (m, from, to) => {
            let modality = match m.parse::<Modality>() {
                Ok(Modality::Either) | Err(()) => {
                    e.add("modality", FieldError::new("err-choose-option"));
                    None
                }
                Ok(m) => Some(m),
            };
            let from = date(&mut e, "from", from);
            let to = date(&mut e, "to", to);
            if let (Some(f), Some(t)) = (from, to)
                && t < f
            {
                e.add("to", FieldError::new("err-end-before-start"));
            }
            match (modality, from, to) {
                (Some(modality), Some(from), Some(to)) if to >= from => {
                    Some(Availability { modality, from, to })
                }
                _ => None,
            }
        }
    };

    let text = match input.q.trim() {
        "" => None,
        v if v.chars().count() > MAX_TEXT => {
            e.add("q", FieldError::too_long(MAX_TEXT));
            None
        }
        v if v.chars().any(char::is_control) => {
            e.add("q", FieldError::new("err-control-chars"));
            None
        }
        v => Some(v.to_lowercase()),
    };
    let sort = match input.sort.trim() {
        "" => Sort::default(),
        v => v.parse().unwrap_or_else(|()| {
            e.add("sort", FieldError::new("err-choice-unknown"));
            Sort::default()
        }),
    };
    // A page number out of range is no one's typing mistake: the first page.
    let page = input
        .page
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|p| (1..=MAX_PAGE).contains(p))
        .unwrap_or(1);
    e.into_result()?;
    Ok(Criteria {
        profession,
        specialty,
        origin,
        residence,
        language,
        availability,
        licence_verified: ticked(&input.licence),
        ready: ticked(&input.ready),
        text,
        sort,
        page,
    })
}

/// The word a registry row holds for a language spoken at `level` or
/// better (see `language_words`).
pub fn language_word(code: &str, level: LanguageLevel) -> String {
    format!("{code}:{}", level.as_str())
}

/// The languages of a professional as their registry row holds them: each
/// language at every level up to the one spoken, space-separated with a
/// space at each end, so that "French at professional level or better" is
/// one whole-word match of `language_word("fr", Professional)`.
pub fn language_words<'a>(spoken: impl IntoIterator<Item = (&'a str, LanguageLevel)>) -> String {
    let mut out = String::from(" ");
    for (code, level) in spoken {
        for l in LanguageLevel::ALL.into_iter().filter(|l| *l <= level) {
            out.push_str(&language_word(code, l));
            out.push(' ');
        }
    }
    out
}

/// Codes (specialties) as a registry row holds them: space-separated with a
/// space at each end, for a whole-word match.
pub fn words<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from(" ");
    for c in codes {
        out.push_str(c);
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SearchInput {
        SearchInput {
            profession: "2221".into(),
            origin: "gh".into(),
            language: "fr".into(),
            level: "professional".into(),
            modality: "on_site".into(),
            from: "2027-02-01".into(),
            to: "2027-03-01".into(),
            q: "  Ultrasound ".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_full_search_is_understood() {
        let c = validate(&input(), |_| true).unwrap();
        assert_eq!(c.profession.as_deref(), Some("2221"));
        assert_eq!(c.origin.as_deref(), Some("GH"));
        assert_eq!(
            c.language,
            Some(("fr".to_string(), LanguageLevel::Professional))
        );
        assert_eq!(c.availability.unwrap().modality, Modality::OnSite);
        assert_eq!(c.text.as_deref(), Some("ultrasound"));
        assert_eq!((c.sort, c.page), (Sort::Relevance, 1));
        assert_eq!(c.filters(), 5);
    }

    #[test]
    fn an_empty_search_has_no_filters() {
        let c = validate(&SearchInput::default(), |_| false).unwrap();
        assert_eq!(
            c,
            Criteria {
                page: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let bad = SearchInput {
            profession: "9999".into(),
            specialty: "astrology".into(),
            origin: "XX".into(),
            level: "fluent".into(),
            modality: "either".into(),
            from: "2027-03-01".into(),
            to: "2027-02-01".into(),
            q: "x".repeat(101),
            sort: "age".into(),
            ..Default::default()
        };
        let e = validate(&bad, |_| false).unwrap_err();
        for f in [
            "profession",
            "specialty",
            "origin",
            "language",
            "modality",
            "to",
            "q",
            "sort",
        ] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
    }

    #[test]
    fn a_language_without_level_means_any_level_and_pages_stay_in_range() {
        let c = validate(
            &SearchInput {
                language: "en".into(),
                page: "100000".into(),
                ..Default::default()
            },
            |_| true,
        )
        .unwrap();
        assert_eq!(c.language.unwrap().1, LanguageLevel::Basic);
        assert_eq!(c.page, 1);
    }

    #[test]
    fn a_language_is_written_at_every_level_up_to_the_one_spoken() {
        let w = language_words([
            ("fr", LanguageLevel::Professional),
            ("en", LanguageLevel::Basic),
        ]);
        assert_eq!(w, " fr:basic fr:conversational fr:professional en:basic ");
        let has = |code, level| w.contains(&format!(" {} ", language_word(code, level)));
        assert!(has("fr", LanguageLevel::Professional));
        assert!(has("fr", LanguageLevel::Basic));
        assert!(!has("fr", LanguageLevel::Native));
        assert!(!has("en", LanguageLevel::Conversational));
        assert_eq!(language_words([]), " ");
        assert_eq!(words(["cardiology", "icu"]), " cardiology icu ");
    }
}
