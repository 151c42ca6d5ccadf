//! Licences to practise: the status a coordinator gives, and the status
//! shown, where an expired licence is told by its date, never stored stale.

use std::str::FromStr;

use chrono::NaiveDate;

/// Longest issuing body name and licence number.
pub const MAX_BODY: usize = 160;
pub const MAX_NUMBER: usize = 60;

/// What a coordinator decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LicenceStatus {
    Unverified,
    Verified,
    Rejected,
}

impl LicenceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LicenceStatus::Unverified => "unverified",
            LicenceStatus::Verified => "verified",
            LicenceStatus::Rejected => "rejected",
        }
    }
}

impl FromStr for LicenceStatus {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "unverified" => Ok(Self::Unverified),
            "verified" => Ok(Self::Verified),
            "rejected" => Ok(Self::Rejected),
            _ => Err(()),
        }
    }
}

/// The status a person sees: a rejection stands; otherwise a licence whose
/// last valid day has passed is expired, whatever was decided before.
pub fn shown_status(
    stored: LicenceStatus,
    valid_until: NaiveDate,
    today: NaiveDate,
) -> &'static str {
    match stored {
        LicenceStatus::Rejected => "rejected",
        _ if valid_until < today => "expired",
        s => s.as_str(),
    }
}

/// Whether a change to a licence must be verified again: anything a
/// coordinator checked (who issued it, its number, its dates, the country,
/// the profession) changed.
pub fn needs_new_verification(before: &LicenceFacts, after: &LicenceFacts) -> bool {
    before != after
}

/// What a coordinator checks on a licence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LicenceFacts {
    pub issuing_country: String,
    pub issuing_body: String,
    pub number: String,
    pub profession_code: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn expiry_is_derived_from_the_date() {
        let today = d("2027-01-10");
        assert_eq!(
            shown_status(LicenceStatus::Verified, d("2027-01-10"), today),
            "verified"
        );
        assert_eq!(
            shown_status(LicenceStatus::Verified, d("2027-01-09"), today),
            "expired"
        );
        assert_eq!(
            shown_status(LicenceStatus::Unverified, d("2026-01-01"), today),
            "expired"
        );
        assert_eq!(
            shown_status(LicenceStatus::Rejected, d("2026-01-01"), today),
            "rejected"
        );
        assert_eq!(
            shown_status(LicenceStatus::Unverified, d("2028-01-01"), today),
            "unverified"
        );
    }

    #[test]
    fn any_checked_fact_changed_needs_a_new_verification() {
        let a = LicenceFacts {
            issuing_country: "GB".into(),
            issuing_body: "Nursing and Midwifery Council".into(),
            number: "12A3456B".into(),
            profession_code: "2222".into(),
            valid_from: d("2020-01-01"),
            valid_until: d("2028-01-01"),
        };
        assert!(!needs_new_verification(&a, &a.clone()));
        let b = LicenceFacts {
            number: "12A3456C".into(),
            ..a.clone()
        };
        assert!(needs_new_verification(&a, &b));
        let c = LicenceFacts {
            valid_until: d("2029-01-01"),
            ..a.clone()
        };
        assert!(needs_new_verification(&a, &c));
    }
}
