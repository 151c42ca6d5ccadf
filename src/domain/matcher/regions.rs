//! Sub-regions of the UN M49 geoscheme, for the diaspora tie of SPEC 4.2: a
//! professional from a neighbouring country is closer than one from afar.

/// A sub-region, named as the UN Statistics Division names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SubRegion {
    NorthernAfrica,
    WesternAfrica,
    MiddleAfrica,
    EasternAfrica,
    SouthernAfrica,
    SouthernAsia,
    SouthEasternAsia,
}

const TABLE: [(SubRegion, &[&str]); 7] = [
    (
        SubRegion::NorthernAfrica,
        &["DZ", "EG", "EH", "LY", "MA", "SD", "TN"],
    ),
    (
        SubRegion::WesternAfrica,
        &[
            "BF", "BJ", "CI", "CV", "GH", "GM", "GN", "GW", "LR", "ML", "MR", "NE", "NG", "SH",
            "SL", "SN", "TG",
        ],
    ),
    (
        SubRegion::MiddleAfrica,
        &["AO", "CD", "CF", "CG", "CM", "GA", "GQ", "ST", "TD"],
    ),
    (
        SubRegion::EasternAfrica,
        &[
            "BI", "DJ", "ER", "ET", "IO", "KE", "KM", "MG", "MU", "MW", "MZ", "RE", "RW", "SC",
            "SO", "SS", "TF", "TZ", "UG", "YT", "ZM", "ZW",
        ],
    ),
    (SubRegion::SouthernAfrica, &["BW", "LS", "NA", "SZ", "ZA"]),
    (
        SubRegion::SouthernAsia,
        &["AF", "BD", "BT", "IN", "IR", "LK", "MV", "NP", "PK"],
    ),
    (
        SubRegion::SouthEasternAsia,
        &[
            "BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN",
        ],
    ),
];

/// The sub-region of a country (ISO 3166-1 alpha-2), when the table has it.
pub fn of(country: &str) -> Option<SubRegion> {
    TABLE
        .iter()
        .find(|(_, codes)| codes.contains(&country))
        .map(|(r, _)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_share_a_sub_region() {
        assert_eq!(of("GH"), Some(SubRegion::WesternAfrica));
        assert_eq!(of("GH"), of("NG"));
        assert_eq!(of("CM"), Some(SubRegion::MiddleAfrica));
        assert_ne!(of("KE"), of("ZA"));
        assert_eq!(of("FR"), None);
    }

    #[test]
    fn no_country_is_in_two_sub_regions() {
        let mut all: Vec<&str> = TABLE.iter().flat_map(|(_, c)| c.iter().copied()).collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}
