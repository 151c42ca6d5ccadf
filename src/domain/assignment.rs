//! Terms of Reference (SPEC F3): an assignment a verified facility posts,
//! on-site or virtual, its states, and the checks on every field.

use std::str::FromStr;

use chrono::NaiveDate;

use super::availability::{DateRange, LocalHours, Modality, parse_clock};
use super::profile::{LanguageLevel, MAX_SKILL, normalise_skill};
use super::validation::{FieldError, FieldErrors};
use super::{language, profession::Profession, time_zone};

pub const MAX_TITLE: usize = 120;
pub const MAX_OBJECTIVES: usize = 4000;
pub const MAX_SUPPORT_DETAILS: usize = 1000;
pub const MAX_CLOSE_REASON: usize = 500;
pub const MAX_POSITIONS: i32 = 50;
pub const MAX_MIN_YEARS: i32 = 50;
pub const MAX_HOURS_PER_WEEK: i32 = 60;
/// Most skills of each kind (required, desired).
pub const MAX_SKILLS: usize = 15;
/// Rows of the form: required languages and weekly sessions.
pub const LANGUAGE_ROWS: usize = 3;
pub const SESSION_ROWS: usize = 5;

/// Languages of work across the programmes' regions, always offered when a
/// facility asks for a language; the languages professionals of the registry
/// speak are offered too (asking for one nobody speaks finds nobody).
pub const WORK_LANGUAGES: &[&str] = &[
    "en", "fr", "pt", "ar", "es", "sw", "ha", "yo", "ig", "am", "om", "ti", "so", "wo", "ff", "bm",
    "ln", "kg", "rw", "rn", "lg", "tw", "ak", "ee", "mg", "sn", "ny", "zu", "xh", "st", "tn", "sg",
];

/// Form field names of the rows, for messages by the field.
pub const LANGUAGE_FIELDS: [&str; LANGUAGE_ROWS] = ["language_1", "language_2", "language_3"];
pub const LEVEL_FIELDS: [&str; LANGUAGE_ROWS] = ["level_1", "level_2", "level_3"];
pub const SESSION_FIELDS: [&str; SESSION_ROWS] = [
    "session_1",
    "session_2",
    "session_3",
    "session_4",
    "session_5",
];

/// Where an assignment is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignmentStatus {
    Draft,
    Open,
    Filled,
    Closed,
}

impl AssignmentStatus {
    pub const ALL: [AssignmentStatus; 4] = [Self::Draft, Self::Open, Self::Filled, Self::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Filled => "filled",
            Self::Closed => "closed",
        }
    }

    /// The facility may still change it.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Draft | Self::Open)
    }

    /// Publishing opens a draft, and only a draft.
    pub fn may_publish(self) -> bool {
        self == Self::Draft
    }

    /// The facility closes a draft or an open assignment; filled and closed
    /// ones are over.
    pub fn may_close(self) -> bool {
        self.is_editable()
    }
}

impl FromStr for AssignmentStatus {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// What the facility offers besides the work.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Support {
    pub travel: bool,
    pub accommodation: bool,
    pub allowance: bool,
    pub insurance: bool,
    pub details: String,
}

/// The form as typed.
#[derive(Clone, Debug, Default)]
pub struct AssignmentInput {
    pub title: String,
    pub objectives: String,
    pub professions: Vec<String>,
    pub specialty: String,
    pub required_skills: String,
    pub desired_skills: String,
    /// (language code, least level), one per row; empty rows are skipped.
    pub languages: Vec<(String, String)>,
    pub modality: String,
    pub starts_on: String,
    pub ends_on: String,
    pub hours_per_week: String,
    /// (weekday 1-7, start HH:MM, end HH:MM), one per row; empty rows skipped.
    pub sessions: Vec<(String, String, String)>,
    pub positions: String,
    pub clinical: bool,
    pub support_travel: bool,
    pub support_accommodation: bool,
    pub support_allowance: bool,
    pub support_insurance: bool,
    pub support_details: String,
    pub min_years_experience: String,
    pub urgent: bool,
    pub time_zone: String,
}

/// An assignment whose every field holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAssignment {
    pub title: String,
    pub objectives: String,
    pub professions: Vec<String>,
    pub specialty: Option<String>,
    pub required_skills: Vec<String>,
    pub desired_skills: Vec<String>,
    pub languages: Vec<(String, LanguageLevel)>,
    pub modality: Modality,
    pub dates: DateRange,
    /// Virtual work only.
    pub hours_per_week: Option<i32>,
    /// Virtual work only, in the facility's time zone.
    pub sessions: Vec<LocalHours>,
    pub positions: i32,
    pub clinical: bool,
    pub support: Support,
    pub min_years_experience: i32,
    pub urgent: bool,
    pub time_zone: String,
}

/// What the checks need beyond the form.
pub struct Rules<'a> {
    pub today: NaiveDate,
    /// Shortest and longest on-site presence in days (the programmes
    /// covering the facility's country); `None` when none covers it.
    pub onsite_days: Option<(i32, i32)>,
    pub specialty_known: &'a dyn Fn(&str) -> bool,
}

/// Days of presence, first and last included.
pub fn length_in_days(dates: DateRange) -> i32 {
    (dates.end() - dates.start()).num_days() as i32 + 1
}

/// Skills typed as one comma-separated line, checked for count and length.
fn skills(e: &mut FieldErrors, field: &'static str, raw: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw.split([',', ';', '\n']).filter_map(normalise_skill) {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > MAX_SKILLS {
        e.add(
            field,
            FieldError::new("err-too-many").arg("max", MAX_SKILLS),
        );
    } else if tags.iter().any(|t| t.chars().count() > MAX_SKILL) {
        e.add(
            field,
            FieldError::new("err-skill-too-long").arg("max", MAX_SKILL),
        );
    } else if tags.iter().any(|t| t.chars().any(char::is_control)) {
        e.add(field, FieldError::new("err-control-chars"));
    }
    tags
}

fn languages(e: &mut FieldErrors, rows: &[(String, String)]) -> Vec<(String, LanguageLevel)> {
    let mut out: Vec<(String, LanguageLevel)> = Vec::new();
    for (i, (code, level)) in rows.iter().enumerate().take(LANGUAGE_ROWS) {
        let (code, level) = (code.trim(), level.trim());
        if code.is_empty() && level.is_empty() {
            continue;
        }
        let lang = match language::find(code) {
            Some(l) => Some(l.code().to_string()),
            None if code.is_empty() => {
                e.add(LANGUAGE_FIELDS[i], FieldError::new("err-required"));
                None
            }
            None => {
                e.add(LANGUAGE_FIELDS[i], FieldError::new("err-choice-unknown"));
                None
            }
        };
        let min = match level.parse::<LanguageLevel>() {
            Ok(l) => Some(l),
            Err(_) => {
                e.add(LEVEL_FIELDS[i], FieldError::new("err-choose-option"));
                None
            }
        };
        if let (Some(code), Some(min)) = (lang, min) {
            if out.iter().any(|(c, _)| *c == code) {
                e.add(LANGUAGE_FIELDS[i], FieldError::new("err-language-repeated"));
            } else {
                out.push((code, min));
            }
        }
    }
    out
}

fn sessions(e: &mut FieldErrors, rows: &[(String, String, String)]) -> Vec<LocalHours> {
    let mut out: Vec<LocalHours> = Vec::new();
    for (i, (day, start, end)) in rows.iter().enumerate().take(SESSION_ROWS) {
        let (day, start, end) = (day.trim(), start.trim(), end.trim());
        if day.is_empty() && start.is_empty() && end.is_empty() {
            continue;
        }
        let field = SESSION_FIELDS[i];
        let weekday = day.parse::<u8>().ok().filter(|d| (1..=7).contains(d));
        let (Some(weekday), Some(start), Some(end)) =
            (weekday, parse_clock(start), parse_clock(end))
        else {
            e.add(field, FieldError::new("err-session"));
            continue;
        };
        let Some(session) = LocalHours::new(weekday, start, end) else {
            e.add(field, FieldError::new("err-hours-order"));
            continue;
        };
        let overlaps = out
            .iter()
            .any(|o| o.weekday() == weekday && o.start_minute() < end && start < o.end_minute());
        if overlaps {
            e.add(field, FieldError::new("err-session-overlap"));
            continue;
        }
        out.push(session);
    }
    out.sort_by_key(|s| (s.weekday(), s.start_minute()));
    out
}

/// Checks every field; all problems at once, each by its field.
pub fn validate(i: &AssignmentInput, rules: &Rules) -> Result<ValidAssignment, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = e.required_text("title", &i.title, MAX_TITLE);
    let objectives = i.objectives.trim();
    if objectives.is_empty() {
        e.add("objectives", FieldError::new("err-required"));
    }
    let objectives = e.long_text("objectives", objectives, MAX_OBJECTIVES);

    let mut professions: Vec<String> = Vec::new();
    for p in &i.professions {
        match Profession::parse(p.trim()) {
            Some(p) if !professions.iter().any(|x| x == p.code()) => {
                professions.push(p.code().to_string())
            }
            Some(_) => {}
            None => e.add("professions", FieldError::new("err-choice-unknown")),
        }
    }
    if professions.is_empty() && e.get("professions").is_none() {
        e.add("professions", FieldError::new("err-choose-at-least-one"));
    }
    professions.sort();

    let specialty = match i.specialty.trim() {
        "" => None,
        s if (rules.specialty_known)(s) => Some(s.to_string()),
        _ => {
            e.add("specialty", FieldError::new("err-choice-unknown"));
            None
        }
    };
    let required_skills = skills(&mut e, "required_skills", &i.required_skills);
    let mut desired_skills = skills(&mut e, "desired_skills", &i.desired_skills);
    desired_skills.retain(|t| !required_skills.contains(t));
    let languages = languages(&mut e, &i.languages);

    let modality = match i.modality.trim().parse::<Modality>() {
        Ok(m @ (Modality::OnSite | Modality::Virtual)) => Some(m),
        _ => {
            e.add("modality", FieldError::new("err-choose-option"));
            None
        }
    };
    let starts_on = e.required_date("starts_on", &i.starts_on);
    let ends_on = e.required_date("ends_on", &i.ends_on);
    if let Some(start) = starts_on
        && start < rules.today
    {
        e.add("starts_on", FieldError::new("err-date-past"));
    }
    let dates = match (starts_on, ends_on) {
        (Some(s), Some(end)) => {
            let d = DateRange::new(s, end);
            if d.is_none() {
                e.add("ends_on", FieldError::new("err-end-before-start"));
            }
            d
        }
        _ => None,
    };

    let mut hours_per_week = None;
    let mut session_list = Vec::new();
    match modality {
        Some(Modality::OnSite) => {
            if let (Some(d), Some((min, max))) = (dates, rules.onsite_days) {
                let days = length_in_days(d);
                if days < min || days > max {
                    e.add(
                        "ends_on",
                        FieldError::new("err-onsite-length")
                            .arg("min", min)
                            .arg("max", max)
                            .arg("days", days),
                    );
                }
            }
        }
        Some(Modality::Virtual) => {
            let hours = e.number_in("hours_per_week", &i.hours_per_week, 1, MAX_HOURS_PER_WEEK);
            hours_per_week = Some(hours);
            session_list = sessions(&mut e, &i.sessions);
            let errors_in_rows = SESSION_FIELDS.iter().any(|f| e.get(f).is_some());
            if session_list.is_empty() && !errors_in_rows {
                e.add("session_1", FieldError::new("err-sessions-required"));
            }
            let minutes: i32 = session_list
                .iter()
                .map(|s| i32::from(s.end_minute() - s.start_minute()))
                .sum();
            if e.get("hours_per_week").is_none() && minutes > hours * 60 {
                e.add(
                    "hours_per_week",
                    FieldError::new("err-sessions-exceed-hours")
                        .arg("hours", hours)
                        .arg("minutes", minutes),
                );
            }
        }
        _ => {}
    }

    let positions = e.number_in("positions", &i.positions, 1, MAX_POSITIONS);
    let min_years_experience = e.number_in(
        "min_years_experience",
        &i.min_years_experience,
        0,
        MAX_MIN_YEARS,
    );
    let support_details = e.long_text("support_details", &i.support_details, MAX_SUPPORT_DETAILS);
    let time_zone = match time_zone::parse(&i.time_zone) {
        Some(z) => z.to_string(),
        None => {
            e.add("time_zone", FieldError::new("err-time-zone-unknown"));
            String::new()
        }
    };

    e.into_result()?;
    Ok(ValidAssignment {
        title,
        objectives,
        professions,
        specialty,
        required_skills,
        desired_skills,
        languages,
        modality: modality.expect("checked"),
        dates: dates.expect("checked"),
        hours_per_week,
        sessions: session_list,
        positions,
        clinical: i.clinical,
        support: Support {
            travel: i.support_travel,
            accommodation: i.support_accommodation,
            allowance: i.support_allowance,
            insurance: i.support_insurance,
            details: support_details,
        },
        min_years_experience,
        urgent: i.urgent,
        time_zone,
    })
}

/// A reason to close, required, at most `MAX_CLOSE_REASON` characters.
pub fn close_reason(raw: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    let reason = e.long_text("reason", raw, MAX_CLOSE_REASON);
    if reason.is_empty() {
        e.add("reason", FieldError::new("err-required"));
    }
    e.into_result().map(|()| reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn known(code: &str) -> bool {
        code == "midwifery"
    }

    fn rules() -> Rules<'static> {
        Rules {
            today: d("2027-01-10"),
            onsite_days: Some((21, 90)),
            specialty_known: &known,
        }
    }

    fn onsite() -> AssignmentInput {
        AssignmentInput {
            title: "Midwifery mentor, maternity ward".into(),
            objectives: "Train 12 midwives in emergency obstetric care.\nReport weekly.".into(),
            professions: vec!["2222".into(), "2221".into()],
            specialty: "midwifery".into(),
            required_skills: "Emergency obstetric care, neonatal resuscitation".into(),
            desired_skills: "teaching, NEONATAL resuscitation".into(),
            languages: vec![("en".into(), "professional".into()), ("".into(), "".into())],
            modality: "on_site".into(),
            starts_on: "2027-02-01".into(),
            ends_on: "2027-02-28".into(),
            positions: "2".into(),
            clinical: true,
            support_travel: true,
            support_details: "Return flight and lodging near the hospital.".into(),
            min_years_experience: "5".into(),
            time_zone: "Africa/Accra".into(),
            ..Default::default()
        }
    }

    fn virtual_work() -> AssignmentInput {
        AssignmentInput {
            modality: "virtual".into(),
            hours_per_week: "4".into(),
            sessions: vec![
                ("2".into(), "09:00".into(), "11:00".into()),
                ("4".into(), "14:00".into(), "16:00".into()),
            ],
            ends_on: "2027-06-30".into(),
            ..onsite()
        }
    }

    fn errors(i: &AssignmentInput) -> Vec<(&'static str, &'static str)> {
        validate(i, &rules())
            .unwrap_err()
            .iter()
            .map(|(f, e)| (f, e.key))
            .collect()
    }

    #[test]
    fn an_onsite_assignment_is_understood() {
        let a = validate(&onsite(), &rules()).unwrap();
        assert_eq!(a.professions, vec!["2221", "2222"]);
        assert_eq!(a.specialty.as_deref(), Some("midwifery"));
        assert_eq!(
            a.required_skills,
            vec!["emergency obstetric care", "neonatal resuscitation"]
        );
        assert_eq!(
            a.desired_skills,
            vec!["teaching"],
            "a required skill is not also desired"
        );
        assert_eq!(
            a.languages,
            vec![("en".to_string(), LanguageLevel::Professional)]
        );
        assert_eq!(a.modality, Modality::OnSite);
        assert_eq!(length_in_days(a.dates), 28);
        assert_eq!(a.hours_per_week, None);
        assert!(a.sessions.is_empty());
        assert!(a.support.travel && !a.support.insurance);
        assert_eq!(a.time_zone, "Africa/Accra");
    }

    #[test]
    fn onsite_presence_keeps_to_the_programme_bounds_both_days_included() {
        let mut i = onsite();
        i.ends_on = "2027-02-21".into(); // 21 days
        assert!(validate(&i, &rules()).is_ok());
        i.ends_on = "2027-02-20".into(); // 20 days
        assert_eq!(errors(&i), vec![("ends_on", "err-onsite-length")]);
        i.ends_on = "2027-05-01".into(); // 90 days
        assert!(validate(&i, &rules()).is_ok());
        i.ends_on = "2027-05-02".into();
        assert_eq!(errors(&i), vec![("ends_on", "err-onsite-length")]);
    }

    #[test]
    fn dates_in_the_past_or_inverted_are_refused() {
        let mut i = onsite();
        i.starts_on = "2027-01-09".into();
        assert!(errors(&i).contains(&("starts_on", "err-date-past")));
        i.starts_on = "2027-01-10".into();
        i.ends_on = "2027-01-09".into();
        assert_eq!(errors(&i), vec![("ends_on", "err-end-before-start")]);
        i.ends_on = "next week".into();
        assert_eq!(errors(&i), vec![("ends_on", "err-date")]);
    }

    #[test]
    fn virtual_sessions_fit_the_hours_do_not_overlap_and_end_after_they_start() {
        let a = validate(&virtual_work(), &rules()).unwrap();
        assert_eq!(a.hours_per_week, Some(4));
        assert_eq!(a.sessions.len(), 2);
        assert_eq!(
            length_in_days(a.dates),
            150,
            "no on-site bounds for virtual work"
        );

        let mut i = virtual_work();
        i.hours_per_week = "3".into();
        assert_eq!(
            errors(&i),
            vec![("hours_per_week", "err-sessions-exceed-hours")]
        );

        let mut i = virtual_work();
        i.sessions[1] = ("2".into(), "10:30".into(), "12:00".into());
        assert_eq!(errors(&i), vec![("session_2", "err-session-overlap")]);

        let mut i = virtual_work();
        i.sessions[1] = ("2".into(), "11:00".into(), "12:00".into());
        assert!(
            validate(&i, &rules()).is_ok(),
            "touching sessions do not overlap"
        );

        let mut i = virtual_work();
        i.sessions[0] = ("2".into(), "11:00".into(), "11:00".into());
        assert_eq!(errors(&i), vec![("session_1", "err-hours-order")]);

        let mut i = virtual_work();
        i.sessions[0] = ("8".into(), "09:00".into(), "10:00".into());
        assert_eq!(errors(&i), vec![("session_1", "err-session")]);

        let mut i = virtual_work();
        i.sessions.clear();
        assert_eq!(errors(&i), vec![("session_1", "err-sessions-required")]);

        let mut i = virtual_work();
        i.hours_per_week = "0".into();
        assert_eq!(errors(&i), vec![("hours_per_week", "err-number-range")]);
    }

    #[test]
    fn positions_codes_and_lengths_are_checked_by_the_field() {
        let mut i = onsite();
        i.positions = "0".into();
        i.professions = vec!["9999".into()];
        i.specialty = "astrology".into();
        i.languages = vec![
            ("zz".into(), "professional".into()),
            ("fr".into(), "fluent".into()),
        ];
        i.time_zone = "Mars/Olympus".into();
        i.title = "x".repeat(MAX_TITLE + 1);
        i.objectives = "  ".into();
        i.modality = "either".into();
        i.min_years_experience = "-1".into();
        i.support_details = "y".repeat(MAX_SUPPORT_DETAILS + 1);
        let got = errors(&i);
        for want in [
            ("positions", "err-number-range"),
            ("professions", "err-choice-unknown"),
            ("specialty", "err-choice-unknown"),
            ("language_1", "err-choice-unknown"),
            ("level_2", "err-choose-option"),
            ("time_zone", "err-time-zone-unknown"),
            ("title", "err-too-long"),
            ("objectives", "err-required"),
            ("modality", "err-choose-option"),
            ("min_years_experience", "err-number-range"),
            ("support_details", "err-too-long"),
        ] {
            assert!(got.contains(&want), "{want:?} in {got:?}");
        }
        let mut i = onsite();
        i.positions = "1000".into();
        i.professions.clear();
        i.languages = vec![
            ("fr".into(), "basic".into()),
            ("fr".into(), "native".into()),
        ];
        let got = errors(&i);
        assert!(got.contains(&("positions", "err-number-range")));
        assert!(got.contains(&("professions", "err-choose-at-least-one")));
        assert!(got.contains(&("language_2", "err-language-repeated")));
    }

    #[test]
    fn states_move_forward_only() {
        use AssignmentStatus::*;
        assert!(Draft.may_publish() && !Open.may_publish() && !Closed.may_publish());
        assert!(Draft.may_close() && Open.may_close());
        assert!(!Filled.may_close() && !Closed.may_close());
        assert!(!Filled.is_editable() && !Closed.is_editable());
        assert_eq!("filled".parse::<AssignmentStatus>(), Ok(Filled));
        assert!(close_reason("  ").is_err());
        assert!(close_reason(&"r".repeat(MAX_CLOSE_REASON + 1)).is_err());
        assert_eq!(close_reason(" Filled locally ").unwrap(), "Filled locally");
    }
}
