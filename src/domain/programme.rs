//! Programmes: their code, origin countries, eligibility rules and score
//! weights, validated from what an administrator typed; and whether a
//! professional is eligible for one.

use std::str::FromStr;

use super::profile::ResidenceStatus;
use super::validation::{FieldError, FieldErrors, MAX_NAME};
use super::{Role, countries};

pub const MAX_CODE: usize = 20;
/// A programme covers a handful of countries; a typo should not add 200.
pub const MAX_COUNTRIES: usize = 60;
/// Longest on-site stay a programme may allow, in days (a year).
pub const MAX_ONSITE_DAYS: i32 = 366;
pub const MAX_WEIGHT: i32 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgrammeStatus {
    Active,
    Archived,
}

impl ProgrammeStatus {
    pub const ALL: [ProgrammeStatus; 2] = [ProgrammeStatus::Active, ProgrammeStatus::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            ProgrammeStatus::Active => "active",
            ProgrammeStatus::Archived => "archived",
        }
    }
}

impl FromStr for ProgrammeStatus {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// The score criteria of SPEC 4.2 and the two tie-breaking signals a
/// programme may also weight, in the order forms show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Criterion {
    Diaspora,
    Skills,
    Experience,
    Availability,
    Languages,
    TrackRecord,
    Interest,
    Safeguards,
    Urgency,
}

impl Criterion {
    pub const ALL: [Criterion; 9] = [
        Criterion::Diaspora,
        Criterion::Skills,
        Criterion::Experience,
        Criterion::Availability,
        Criterion::Languages,
        Criterion::TrackRecord,
        Criterion::Interest,
        Criterion::Safeguards,
        Criterion::Urgency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Criterion::Diaspora => "diaspora",
            Criterion::Skills => "skills",
            Criterion::Experience => "experience",
            Criterion::Availability => "availability",
            Criterion::Languages => "languages",
            Criterion::TrackRecord => "track_record",
            Criterion::Interest => "interest",
            Criterion::Safeguards => "safeguards",
            Criterion::Urgency => "urgency",
        }
    }

    /// The form field that carries this weight.
    pub fn field(self) -> &'static str {
        match self {
            Criterion::Diaspora => "weight_diaspora",
            Criterion::Skills => "weight_skills",
            Criterion::Experience => "weight_experience",
            Criterion::Availability => "weight_availability",
            Criterion::Languages => "weight_languages",
            Criterion::TrackRecord => "weight_track_record",
            Criterion::Interest => "weight_interest",
            Criterion::Safeguards => "weight_safeguards",
            Criterion::Urgency => "weight_urgency",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// Integer weights, one per criterion, each 0-100.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weights(pub [i32; 9]);

impl Weights {
    /// SPEC 4.2: a total of 100 over the seven criteria; safeguards-list and
    /// urgent assignments only break ties unless a programme weights them.
    pub const DEFAULT: Weights = Weights([30, 25, 15, 10, 5, 10, 5, 0, 0]);

    pub fn get(&self, c: Criterion) -> i32 {
        self.0[c.index()]
    }

    pub fn total(&self) -> i32 {
        self.0.iter().sum()
    }
}

impl Default for Weights {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Who a programme accepts (SPEC 4.1 rule 7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Eligibility {
    pub residence_statuses: Vec<ResidenceStatus>,
    pub min_years_experience: i32,
    pub onsite_min_days: i32,
    pub onsite_max_days: i32,
}

impl Default for Eligibility {
    /// A legal residence abroad of any kind, no minimum experience, and the
    /// three weeks to three months of on-site presence MIDA used.
    fn default() -> Self {
        Self {
            residence_statuses: vec![
                ResidenceStatus::Citizen,
                ResidenceStatus::PermanentResident,
                ResidenceStatus::WorkPermit,
            ],
            min_years_experience: 0,
            onsite_min_days: 21,
            onsite_max_days: 90,
        }
    }
}

/// Why a professional is not eligible for a programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ineligible {
    Origin,
    ResidenceStatus,
    Experience { needed: i32 },
}

impl Ineligible {
    pub fn as_str(&self) -> &'static str {
        match self {
            Ineligible::Origin => "origin",
            Ineligible::ResidenceStatus => "residence_status",
            Ineligible::Experience { .. } => "experience",
        }
    }
}

/// What eligibility is decided on.
#[derive(Clone, Debug, Default)]
pub struct ProfessionalFacts<'a> {
    pub origin_country: Option<&'a str>,
    pub residence_status: Option<ResidenceStatus>,
    pub years_experience: Option<i32>,
}

/// Every reason the professional falls outside the programme; empty when eligible.
pub fn ineligibility(
    countries: &[String],
    rules: &Eligibility,
    p: &ProfessionalFacts,
) -> Vec<Ineligible> {
    let mut why = Vec::new();
    if !p
        .origin_country
        .is_some_and(|o| countries.iter().any(|c| c == o))
    {
        why.push(Ineligible::Origin);
    }
    if !p
        .residence_status
        .is_some_and(|s| rules.residence_statuses.contains(&s))
    {
        why.push(Ineligible::ResidenceStatus);
    }
    if p.years_experience.unwrap_or(0) < rules.min_years_experience {
        why.push(Ineligible::Experience {
            needed: rules.min_years_experience,
        });
    }
    why
}

/// A programme as typed in the administrator's form.
#[derive(Clone, Debug, Default)]
pub struct ProgrammeDraft {
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
    pub countries: Vec<String>,
    pub residence_statuses: Vec<String>,
    pub min_years_experience: String,
    pub onsite_min_days: String,
    pub onsite_max_days: String,
    /// In the order of `Criterion::ALL`.
    pub weights: Vec<String>,
    pub status: String,
}

impl ProgrammeDraft {
    /// The form for a new programme, filled with the defaults.
    pub fn new_with_defaults() -> Self {
        let e = Eligibility::default();
        Self {
            residence_statuses: e
                .residence_statuses
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            min_years_experience: e.min_years_experience.to_string(),
            onsite_min_days: e.onsite_min_days.to_string(),
            onsite_max_days: e.onsite_max_days.to_string(),
            weights: Weights::DEFAULT.0.iter().map(i32::to_string).collect(),
            status: ProgrammeStatus::Active.as_str().to_string(),
            ..Default::default()
        }
    }
}

/// A programme that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProgramme {
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
    /// Sorted, without repeats.
    pub countries: Vec<String>,
    pub eligibility: Eligibility,
    pub weights: Weights,
    pub status: ProgrammeStatus,
}

/// Upper-case letters, digits and single hyphens inside, e.g. `GH-HEALTH`.
pub fn parse_code(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err(FieldError::new("err-required"));
    }
    if code.chars().count() > MAX_CODE {
        return Err(FieldError::too_long(MAX_CODE));
    }
    let shape_ok = code
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        && !code.starts_with('-')
        && !code.ends_with('-')
        && !code.contains("--")
        && code.len() >= 2;
    if shape_ok {
        Ok(code)
    } else {
        Err(FieldError::new("err-programme-code"))
    }
}

/// A whole number in `min..=max`.
fn int_in(e: &mut FieldErrors, field: &'static str, raw: &str, min: i32, max: i32) -> i32 {
    e.number_in(field, raw, min, max)
}

/// Checks every field; all problems at once.
pub fn validate(d: &ProgrammeDraft) -> Result<ValidProgramme, FieldErrors> {
    let mut e = FieldErrors::new();
    let code = parse_code(&d.code).map_err(|err| e.add("code", err)).ok();
    let name_en = e.required_text("name_en", &d.name_en, MAX_NAME);
    let name_fr = e.required_text("name_fr", &d.name_fr, MAX_NAME);

    let mut countries: Vec<String> = Vec::new();
    for raw in &d.countries {
        match countries::find(raw.trim()) {
            Some(c) => countries.push(c.code.clone()),
            None => e.add("countries", FieldError::new("err-country-unknown")),
        }
    }
    countries.sort();
    countries.dedup();
    if countries.is_empty() {
        e.add("countries", FieldError::new("err-choose-at-least-one"));
    } else if countries.len() > MAX_COUNTRIES {
        e.add(
            "countries",
            FieldError::new("err-too-many").arg("max", MAX_COUNTRIES),
        );
    }

    let mut statuses = Vec::new();
    for raw in &d.residence_statuses {
        match raw.parse::<ResidenceStatus>() {
            Ok(s) if !statuses.contains(&s) => statuses.push(s),
            Ok(_) => {}
            Err(()) => e.add("residence_statuses", FieldError::new("err-choice-unknown")),
        }
    }
    if statuses.is_empty() {
        e.add(
            "residence_statuses",
            FieldError::new("err-choose-at-least-one"),
        );
    }
    statuses.sort_by_key(|s| ResidenceStatus::ALL.iter().position(|a| a == s));

    let min_years = int_in(
        &mut e,
        "min_years_experience",
        &d.min_years_experience,
        0,
        super::profile::MAX_YEARS,
    );
    let onsite_min = int_in(
        &mut e,
        "onsite_min_days",
        &d.onsite_min_days,
        1,
        MAX_ONSITE_DAYS,
    );
    let onsite_max = int_in(
        &mut e,
        "onsite_max_days",
        &d.onsite_max_days,
        1,
        MAX_ONSITE_DAYS,
    );
    if e.get("onsite_min_days").is_none()
        && e.get("onsite_max_days").is_none()
        && onsite_max < onsite_min
    {
        e.add("onsite_max_days", FieldError::new("err-bounds-inverted"));
    }

    let mut weights = [0; 9];
    for (i, c) in Criterion::ALL.into_iter().enumerate() {
        let raw = d.weights.get(i).map(String::as_str).unwrap_or("");
        weights[i] = int_in(&mut e, c.field(), raw, 0, MAX_WEIGHT);
    }
    if e.iter().all(|(f, _)| !f.starts_with("weight_")) && weights.iter().all(|w| *w == 0) {
        e.add("weight_diaspora", FieldError::new("err-weights-all-zero"));
    }

    let status = d.status.parse::<ProgrammeStatus>().unwrap_or_else(|()| {
        e.add("status", FieldError::new("err-choice-unknown"));
        ProgrammeStatus::Active
    });

    e.into_result()?;
    Ok(ValidProgramme {
        code: code.unwrap_or_default(),
        name_en,
        name_fr,
        countries,
        eligibility: Eligibility {
            residence_statuses: statuses,
            min_years_experience: min_years,
            onsite_min_days: onsite_min,
            onsite_max_days: onsite_max,
        },
        weights: Weights(weights),
        status,
    })
}

/// Stored residence statuses: comma-separated codes, unknown ones skipped.
pub fn parse_statuses(stored: &str) -> Vec<ResidenceStatus> {
    stored
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

pub fn format_statuses(statuses: &[ResidenceStatus]) -> String {
    statuses
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Roles that an invitation can make: coordinators by an administrator,
/// facility staff by a colleague.
pub fn invitation_role(kind: &str) -> Option<Role> {
    match kind {
        "coordinator" => Some(Role::Coordinator),
        "facility_staff" => Some(Role::Facility),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ProgrammeDraft {
        ProgrammeDraft {
            code: " gh-health ".into(),
            name_en: "Ghana Health".into(),
            name_fr: "Santé Ghana".into(),
            countries: vec!["GH".into(), "GH".into()],
            ..ProgrammeDraft::new_with_defaults()
        }
    }

    #[test]
    fn defaults_validate_and_follow_the_spec() {
        let v = validate(&draft()).unwrap();
        assert_eq!(v.code, "GH-HEALTH");
        assert_eq!(v.countries, vec!["GH"]);
        assert_eq!(v.eligibility, Eligibility::default());
        assert_eq!(v.eligibility.onsite_min_days, 21);
        assert_eq!(v.eligibility.onsite_max_days, 90);
        assert_eq!(v.weights.get(Criterion::Diaspora), 30);
        assert_eq!(v.weights.get(Criterion::Interest), 5);
        assert_eq!(v.weights.total(), 100);
        assert_eq!(v.status, ProgrammeStatus::Active);
    }

    #[test]
    fn codes_are_letters_digits_and_inner_hyphens() {
        assert_eq!(parse_code("great-lakes-2").unwrap(), "GREAT-LAKES-2");
        for bad in [
            "",
            "-GH",
            "GH-",
            "G--H",
            "G",
            "GH HEALTH",
            "GH_HEALTH",
            "ÉCOLE",
        ] {
            assert!(parse_code(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_code(&"A".repeat(21)).unwrap_err().key, "err-too-long");
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut d = draft();
        d.code = "!".into();
        d.name_en = " ".into();
        d.countries = vec!["XX".into()];
        d.residence_statuses = vec![];
        d.min_years_experience = "-1".into();
        d.onsite_min_days = "90".into();
        d.onsite_max_days = "21".into();
        d.weights[2] = "12.5".into();
        d.weights[3] = "101".into();
        d.status = "gone".into();
        let e = validate(&d).unwrap_err();
        for f in [
            "code",
            "name_en",
            "countries",
            "residence_statuses",
            "min_years_experience",
            "onsite_max_days",
            "weight_experience",
            "weight_availability",
            "status",
        ] {
            assert!(e.get(f).is_some(), "{f} should be refused: {e:?}");
        }
        assert_eq!(e.get("onsite_max_days").unwrap().key, "err-bounds-inverted");
        assert!(e.get("name_fr").is_none());
    }

    #[test]
    fn weights_may_not_all_be_zero() {
        let mut d = draft();
        d.weights = vec!["0".into(); 9];
        assert_eq!(
            validate(&d)
                .unwrap_err()
                .get("weight_diaspora")
                .unwrap()
                .key,
            "err-weights-all-zero"
        );
    }

    #[test]
    fn equal_on_site_bounds_are_allowed() {
        let mut d = draft();
        d.onsite_min_days = "30".into();
        d.onsite_max_days = "30".into();
        assert!(validate(&d).is_ok());
    }

    #[test]
    fn eligibility_names_every_reason() {
        let countries = vec!["GH".to_string(), "NG".to_string()];
        let rules = Eligibility {
            min_years_experience: 5,
            ..Eligibility::default()
        };
        let ok = ProfessionalFacts {
            origin_country: Some("NG"),
            residence_status: Some(ResidenceStatus::WorkPermit),
            years_experience: Some(5),
        };
        assert!(ineligibility(&countries, &rules, &ok).is_empty());
        let short = ProfessionalFacts {
            years_experience: Some(4),
            ..ok.clone()
        };
        assert_eq!(
            ineligibility(&countries, &rules, &short),
            vec![Ineligible::Experience { needed: 5 }]
        );
        let elsewhere = ProfessionalFacts {
            origin_country: Some("KE"),
            residence_status: Some(ResidenceStatus::Other),
            years_experience: None,
        };
        assert_eq!(
            ineligibility(&countries, &rules, &elsewhere),
            vec![
                Ineligible::Origin,
                Ineligible::ResidenceStatus,
                Ineligible::Experience { needed: 5 }
            ]
        );
    }

    #[test]
    fn statuses_round_trip_through_storage() {
        let s = Eligibility::default().residence_statuses;
        assert_eq!(parse_statuses(&format_statuses(&s)), s);
        assert_eq!(
            parse_statuses("citizen,,bogus"),
            vec![ResidenceStatus::Citizen]
        );
    }
}
