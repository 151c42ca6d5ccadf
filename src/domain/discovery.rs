//! Professionals discovering open assignments (SPEC F4): what a search may
//! ask, checked field by field, and the note that comes with an interest.

use chrono::NaiveDate;

use super::availability::Modality;
use super::validation::{FieldError, FieldErrors};
use super::{countries, language, profession::Profession};

/// Results per page.
pub const PAGE_SIZE: i64 = 20;
/// Pages beyond this are not offered: narrow the search instead.
pub const MAX_PAGE: i64 = 500;
/// Longest free text searched for.
pub const MAX_TEXT: usize = 100;
/// Longest note with an interest.
pub const MAX_NOTE: usize = 1000;

/// The search as typed in the form (a GET query).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct SearchInput {
    pub country: String,
    pub profession: String,
    pub specialty: String,
    pub modality: String,
    pub from: String,
    pub to: String,
    pub language: String,
    pub urgent: String,
    pub safeguards: String,
    pub q: String,
    pub page: String,
}

impl SearchInput {
    /// The filters as query pairs, empty ones left out, for page links.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("country", &self.country),
            ("profession", &self.profession),
            ("specialty", &self.specialty),
            ("modality", &self.modality),
            ("from", &self.from),
            ("to", &self.to),
            ("language", &self.language),
            ("urgent", &self.urgent),
            ("safeguards", &self.safeguards),
            ("q", &self.q),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.as_str()))
        .collect()
    }
}

/// A search that passed every check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Criteria {
    pub country: Option<String>,
    pub profession: Option<String>,
    pub specialty: Option<String>,
    /// On-site or virtual.
    pub modality: Option<Modality>,
    /// Assignments still running on or after this day.
    pub from: Option<NaiveDate>,
    /// Assignments starting on or before this day.
    pub to: Option<NaiveDate>,
    pub language: Option<String>,
    pub urgent_only: bool,
    pub safeguards_only: bool,
    /// Lower-case, trimmed.
    pub text: Option<String>,
    pub page: i64,
}

fn ticked(v: &str) -> bool {
    !v.trim().is_empty()
}

fn optional_date(e: &mut FieldErrors, field: &'static str, raw: &str) -> Option<NaiveDate> {
    match raw.trim() {
        "" => None,
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
    let country = match input.country.trim() {
        "" => None,
        v => match countries::find(v) {
            Some(c) => Some(c.code.clone()),
            None => {
                e.add("country", FieldError::new("err-country-unknown"));
                None
            }
        },
    };
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
    let modality = match input.modality.trim() {
        "" => None,
        v => match v.parse::<Modality>() {
            Ok(m @ (Modality::OnSite | Modality::Virtual)) => Some(m),
            _ => {
                e.add("modality", FieldError::new("err-choose-option"));
                None
            }
        },
    };
    let from = optional_date(&mut e, "from", &input.from);
    let to = optional_date(&mut e, "to", &input.to);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        e.add("to", FieldError::new("err-end-before-start"));
    }
    let language = match input.language.trim() {
        "" => None,
        v => match language::find(v) {
            Some(l) => Some(l.code().to_string()),
            None => {
                e.add("language", FieldError::new("err-choice-unknown"));
                None
            }
        },
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
        country,
        profession,
        specialty,
        modality,
        from,
        to,
        language,
        urgent_only: ticked(&input.urgent),
        safeguards_only: ticked(&input.safeguards),
        text,
        page,
    })
}

/// The note with an interest: optional, at most `MAX_NOTE` characters.
pub fn interest_note(raw: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    let note = e.long_text("note", raw, MAX_NOTE);
    e.into_result().map(|()| note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(code: &str) -> bool {
        code == "midwifery"
    }

    fn fields(input: &SearchInput) -> Vec<(&'static str, &'static str)> {
        validate(input, known)
            .unwrap_err()
            .iter()
            .map(|(f, e)| (f, e.key))
            .collect()
    }

    #[test]
    fn an_empty_search_asks_for_everything_on_the_first_page() {
        let c = validate(&SearchInput::default(), known).unwrap();
        assert_eq!(
            c,
            Criteria {
                page: 1,
                ..Criteria::default()
            }
        );
    }

    #[test]
    fn every_filter_is_understood() {
        let input = SearchInput {
            country: "gh".into(),
            profession: "2222".into(),
            specialty: "midwifery".into(),
            modality: "virtual".into(),
            from: "2027-03-01".into(),
            to: "2027-03-31".into(),
            language: "FR".into(),
            urgent: "yes".into(),
            safeguards: "yes".into(),
            q: "  Neonatal CARE ".into(),
            page: "3".into(),
        };
        let c = validate(&input, known).unwrap();
        assert_eq!(c.country.as_deref(), Some("GH"));
        assert_eq!(c.profession.as_deref(), Some("2222"));
        assert_eq!(c.specialty.as_deref(), Some("midwifery"));
        assert_eq!(c.modality, Some(Modality::Virtual));
        assert_eq!(c.from, Some("2027-03-01".parse().unwrap()));
        assert_eq!(c.to, Some("2027-03-31".parse().unwrap()));
        assert_eq!(c.language.as_deref(), Some("fr"));
        assert!(c.urgent_only && c.safeguards_only);
        assert_eq!(c.text.as_deref(), Some("neonatal care"));
        assert_eq!(c.page, 3);
        assert_eq!(input.pairs().len(), 10, "every filter kept for page links");
    }

    #[test]
    fn bad_criteria_are_refused_by_the_field() {
        let input = SearchInput {
            country: "XX".into(),
            profession: "9999".into(),
            specialty: "astrology".into(),
            modality: "either".into(),
            from: "01/03/2027".into(),
            language: "zz".into(),
            q: "x".repeat(MAX_TEXT + 1),
            ..Default::default()
        };
        let got = fields(&input);
        for want in [
            ("country", "err-country-unknown"),
            ("profession", "err-choice-unknown"),
            ("specialty", "err-choice-unknown"),
            ("modality", "err-choose-option"),
            ("from", "err-date"),
            ("language", "err-choice-unknown"),
            ("q", "err-too-long"),
        ] {
            assert!(got.contains(&want), "{want:?} in {got:?}");
        }
        let inverted = SearchInput {
            from: "2027-03-31".into(),
            to: "2027-03-01".into(),
            ..Default::default()
        };
        assert_eq!(fields(&inverted), vec![("to", "err-end-before-start")]);
        let control = SearchInput {
            q: "a\u{0}b".into(),
            ..Default::default()
        };
        assert_eq!(fields(&control), vec![("q", "err-control-chars")]);
    }

    #[test]
    fn one_side_of_the_range_is_enough_and_odd_pages_start_over() {
        let c = validate(
            &SearchInput {
                from: "2027-03-01".into(),
                page: "0".into(),
                ..Default::default()
            },
            known,
        )
        .unwrap();
        assert_eq!((c.from.is_some(), c.to), (true, None));
        assert_eq!(c.page, 1);
        let c = validate(
            &SearchInput {
                page: "99999".into(),
                ..Default::default()
            },
            known,
        )
        .unwrap();
        assert_eq!(c.page, 1);
    }

    #[test]
    fn a_note_is_optional_and_at_most_a_thousand_characters() {
        assert_eq!(interest_note("  ").unwrap(), "");
        assert_eq!(interest_note(" I can help.\r\n").unwrap(), "I can help.");
        assert!(interest_note(&"é".repeat(MAX_NOTE)).is_ok());
        let e = interest_note(&"é".repeat(MAX_NOTE + 1)).unwrap_err();
        assert_eq!(e.get("note").map(|e| e.key), Some("err-too-long"));
    }
}
