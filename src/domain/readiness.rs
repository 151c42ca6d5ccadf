//! What a professional still lacks before the matcher may consider them.

/// One thing missing, in the order a person would fix them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    VerifiedEmail,
    Profession,
    Language,
    FutureAvailability,
    MatchingConsent,
    VerifiedLicence,
}

impl Missing {
    pub fn as_str(self) -> &'static str {
        match self {
            Missing::VerifiedEmail => "verified_email",
            Missing::Profession => "profession",
            Missing::Language => "language",
            Missing::FutureAvailability => "future_availability",
            Missing::MatchingConsent => "matching_consent",
            Missing::VerifiedLicence => "verified_licence",
        }
    }
}

/// The facts readiness is decided on.
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts {
    pub email_verified: bool,
    pub has_profession: bool,
    pub languages: i64,
    pub future_windows: i64,
    pub matching_consent: bool,
    /// The person wants clinical assignments, which need a verified licence.
    pub wants_clinical: bool,
    pub valid_verified_licences: i64,
}

/// Everything still missing; empty when the person is ready to be matched.
pub fn missing(f: &Facts) -> Vec<Missing> {
    let checks = [
        (f.email_verified, Missing::VerifiedEmail),
        (f.has_profession, Missing::Profession),
        (f.languages > 0, Missing::Language),
        (f.future_windows > 0, Missing::FutureAvailability),
        (f.matching_consent, Missing::MatchingConsent),
        (
            !f.wants_clinical || f.valid_verified_licences > 0,
            Missing::VerifiedLicence,
        ),
    ];
    checks
        .into_iter()
        .filter(|(ok, _)| !ok)
        .map(|(_, m)| m)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_account_misses_everything_but_the_licence() {
        assert_eq!(
            missing(&Facts::default()),
            vec![
                Missing::VerifiedEmail,
                Missing::Profession,
                Missing::Language,
                Missing::FutureAvailability,
                Missing::MatchingConsent,
            ]
        );
    }

    #[test]
    fn a_licence_is_needed_only_for_clinical_work() {
        let ready = Facts {
            email_verified: true,
            has_profession: true,
            languages: 2,
            future_windows: 1,
            matching_consent: true,
            wants_clinical: false,
            valid_verified_licences: 0,
        };
        assert!(missing(&ready).is_empty());
        let clinical = Facts {
            wants_clinical: true,
            ..ready
        };
        assert_eq!(missing(&clinical), vec![Missing::VerifiedLicence]);
        let licensed = Facts {
            valid_verified_licences: 1,
            ..clinical
        };
        assert!(missing(&licensed).is_empty());
    }
}
