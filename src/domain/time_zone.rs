//! IANA time zones, from chrono-tz, and the zones of each country from the
//! time zone database's own `zone.tab` (public domain, copied from tzdata).

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::LazyLock;

const ZONE_TAB: &str = include_str!("zone.tab");

static BY_COUNTRY: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for line in ZONE_TAB.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        if let (Some(country), Some(_), Some(zone)) = (cols.next(), cols.next(), cols.next())
            && parse(zone).is_some()
        {
            map.entry(country).or_default().push(zone);
        }
    }
    for zones in map.values_mut() {
        zones.sort_unstable();
    }
    map
});

/// The canonical name of a zone chrono-tz knows, e.g. `Africa/Accra`.
pub fn parse(name: &str) -> Option<&'static str> {
    chrono_tz::Tz::from_str(name.trim())
        .ok()
        .map(|tz| tz.name())
}

/// The zones of a country (ISO 3166-1 alpha-2), sorted; empty if unknown.
pub fn of_country(code: &str) -> Vec<&'static str> {
    BY_COUNTRY
        .get(code.to_ascii_uppercase().as_str())
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_parse_and_belong_to_countries() {
        assert_eq!(parse("Africa/Accra"), Some("Africa/Accra"));
        assert_eq!(parse(" Europe/Paris "), Some("Europe/Paris"));
        assert!(parse("Mars/Olympus_Mons").is_none());
        assert!(parse("").is_none());
        assert_eq!(of_country("gh"), vec!["Africa/Accra"]);
        assert!(of_country("US").contains(&"America/New_York"));
        assert!(of_country("CA").len() > 5);
        assert!(of_country("XX").is_empty());
    }
}
