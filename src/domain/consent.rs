//! Consents a professional gives and withdraws (SPEC 3.6), each separately.

use std::str::FromStr;

/// The version of the consent texts shown today; stored with each consent
/// so that what a person agreed to can be told later. Change it whenever a
/// `consent-*-text` message changes in meaning.
pub const TEXT_VERSION: &str = "2026-11-25";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentKind {
    /// To be considered by the matcher at all.
    Matching,
    /// To show the profile to a facility once a coordinator approved a match with it.
    ShareProfile,
    /// To be counted in public statistics.
    Statistics,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 3] = [
        ConsentKind::Matching,
        ConsentKind::ShareProfile,
        ConsentKind::Statistics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::Matching => "matching",
            ConsentKind::ShareProfile => "share_profile",
            ConsentKind::Statistics => "statistics",
        }
    }
}

impl FromStr for ConsentKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in ConsentKind::ALL {
            assert_eq!(k.as_str().parse(), Ok(k));
        }
        assert!("marketing".parse::<ConsentKind>().is_err());
    }
}
