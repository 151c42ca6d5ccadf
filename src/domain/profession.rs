//! Professions: the ISCO-08 unit groups WHO's National Health Workforce
//! Accounts use. Their names are in the locale files (`profession-CODE`).

/// The unit groups Sankofa registers, in ISCO-08 order.
pub const ALL: [&str; 23] = [
    "1342", "2211", "2212", "2221", "2222", "2240", "2261", "2262", "2263", "2264", "2265", "2266",
    "2267", "2269", "2310", "2634", "3211", "3212", "3213", "3221", "3222", "3256", "3258",
];

/// An ISCO-08 unit group Sankofa knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Profession(&'static str);

impl Profession {
    pub fn parse(code: &str) -> Option<Self> {
        ALL.iter()
            .find(|c| **c == code.trim())
            .map(|c| Profession(c))
    }

    pub fn code(self) -> &'static str {
        self.0
    }

    /// The message key of its name.
    pub fn label_key(self) -> String {
        format!("profession-{}", self.0)
    }

    pub fn all() -> impl Iterator<Item = Profession> {
        ALL.iter().map(|c| Profession(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_unit_groups_parse() {
        assert_eq!(
            Profession::parse("2221").map(Profession::code),
            Some("2221")
        );
        assert_eq!(
            Profession::parse(" 2211 ").map(Profession::code),
            Some("2211")
        );
        assert!(Profession::parse("9999").is_none());
        assert!(Profession::parse("").is_none());
        assert_eq!(Profession::all().count(), 23);
    }
}
