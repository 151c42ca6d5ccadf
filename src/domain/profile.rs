//! What a professional says about themselves: residence status abroad,
//! language levels, skill tags, and the limits on each profile field.

use std::str::FromStr;

/// Longest short bio, in characters.
pub const MAX_BIO: usize = 2000;
/// Most skills one profile holds.
pub const MAX_SKILLS: usize = 40;
/// Longest skill tag, in characters.
pub const MAX_SKILL: usize = 60;
/// Most specialties one profile holds.
pub const MAX_SPECIALTIES: usize = 10;
/// Most languages one profile holds.
pub const MAX_LANGUAGES: usize = 20;
/// Years of experience accepted.
pub const MAX_YEARS: i32 = 70;

/// Legal residence status in the country of residence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResidenceStatus {
    Citizen,
    PermanentResident,
    WorkPermit,
    Other,
}

impl ResidenceStatus {
    pub const ALL: [ResidenceStatus; 4] = [
        ResidenceStatus::Citizen,
        ResidenceStatus::PermanentResident,
        ResidenceStatus::WorkPermit,
        ResidenceStatus::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResidenceStatus::Citizen => "citizen",
            ResidenceStatus::PermanentResident => "permanent_resident",
            ResidenceStatus::WorkPermit => "work_permit",
            ResidenceStatus::Other => "other",
        }
    }
}

impl FromStr for ResidenceStatus {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// How well a language is spoken, in increasing order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LanguageLevel {
    Basic,
    Conversational,
    Professional,
    Native,
}

impl LanguageLevel {
    pub const ALL: [LanguageLevel; 4] = [
        LanguageLevel::Basic,
        LanguageLevel::Conversational,
        LanguageLevel::Professional,
        LanguageLevel::Native,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LanguageLevel::Basic => "basic",
            LanguageLevel::Conversational => "conversational",
            LanguageLevel::Professional => "professional",
            LanguageLevel::Native => "native",
        }
    }
}

impl FromStr for LanguageLevel {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// A skill as stored: trimmed, case-folded, inner white space collapsed to
/// one space, so that "Ultrasound ", "ultrasound" and "ULTRA  SOUND" are one
/// tag each ("ultrasound", "ultrasound", "ultra sound"). `None` when empty.
pub fn normalise_skill(raw: &str) -> Option<String> {
    let tag = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!tag.is_empty()).then_some(tag)
}

/// Skills typed as one comma-separated line, normalised, without repeats,
/// in the order first typed.
pub fn parse_skills(raw: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw.split([',', ';', '\n']).filter_map(normalise_skill) {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_are_trimmed_case_folded_and_collapsed() {
        assert_eq!(
            normalise_skill("  Point-of-Care  ULTRASOUND "),
            Some("point-of-care ultrasound".into())
        );
        assert_eq!(normalise_skill(" \t "), None);
        assert_eq!(
            parse_skills("Triage, triage ,  Neonatal   resuscitation,,"),
            vec!["triage".to_string(), "neonatal resuscitation".to_string()]
        );
    }

    #[test]
    fn language_levels_are_ordered() {
        assert!(LanguageLevel::Basic < LanguageLevel::Conversational);
        assert!(LanguageLevel::Professional < LanguageLevel::Native);
        assert_eq!("native".parse(), Ok(LanguageLevel::Native));
        assert!("fluent".parse::<LanguageLevel>().is_err());
    }

    #[test]
    fn residence_statuses_round_trip() {
        for s in ResidenceStatus::ALL {
            assert_eq!(s.as_str().parse(), Ok(s));
        }
        assert!("tourist".parse::<ResidenceStatus>().is_err());
    }
}
