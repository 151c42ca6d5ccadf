//! ISO 3166-1 alpha-2 countries with their names in each locale, from the `keshvar` crate.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::Locale;

pub struct Country {
    pub code: String,
    names: [&'static str; 2],
}

impl Country {
    pub fn name(&self, locale: Locale) -> &'static str {
        self.names[locale_index(locale)]
    }
}

fn locale_index(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::Fr => 1,
    }
}

struct Table {
    countries: Vec<Country>,
    by_code: HashMap<String, usize>,
    /// Indices into `countries`, sorted by name for each locale.
    sorted: [Vec<usize>; 2],
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut countries: Vec<Country> = keshvar::CountryIterator::new()
        .map(|c| {
            let en = c.iso_short_name();
            let fr = c.translations().get("fr").copied().unwrap_or(en);
            Country {
                code: c.alpha2().to_string(),
                names: [en, fr],
            }
        })
        .collect();
    countries.sort_by(|a, b| a.code.cmp(&b.code));
    let by_code = countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.clone(), i))
        .collect();
    let sorted = [Locale::En, Locale::Fr].map(|l| {
        let mut idx: Vec<usize> = (0..countries.len()).collect();
        idx.sort_by_cached_key(|&i| collation_key(countries[i].name(l)));
        idx
    });
    Table {
        countries,
        by_code,
        sorted,
    }
});

/// Orders "Égypte" with the E's and "Åland" with the A's: compare the
/// canonical decomposition without its combining marks, ignoring case.
pub fn collation_key(name: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    name.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The country with this code, if it is one.
pub fn find(code: &str) -> Option<&'static Country> {
    let t = &*TABLE;
    t.by_code
        .get(&code.trim().to_ascii_uppercase())
        .map(|&i| &t.countries[i])
}

/// The country's name in `locale`, or the code itself when it names none.
pub fn name_or_code(code: &str, locale: Locale) -> String {
    find(code).map_or_else(|| code.to_string(), |c| c.name(locale).to_string())
}

/// All countries, in the alphabetical order of their names in `locale`.
pub fn sorted(locale: Locale) -> impl Iterator<Item = &'static Country> {
    let t = &*TABLE;
    t.sorted[locale_index(locale)]
        .iter()
        .map(|&i| &t.countries[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_both_locales() {
        let gh = find("gh").unwrap();
        assert_eq!(gh.code, "GH");
        assert_eq!(gh.name(Locale::En), "Ghana");
        assert_eq!(find("CI").unwrap().name(Locale::Fr), "Côte d'Ivoire");
        assert!(find("XX").is_none());
        assert!(sorted(Locale::En).count() >= 249);
    }

    #[test]
    fn french_order_ignores_accents() {
        let names: Vec<&str> = sorted(Locale::Fr).map(|c| c.name(Locale::Fr)).collect();
        let egypt = names.iter().position(|n| *n == "Égypte").unwrap();
        let ecuador = names.iter().position(|n| *n == "Équateur").unwrap();
        let spain = names.iter().position(|n| *n == "Espagne").unwrap();
        assert!(
            egypt < ecuador && ecuador < spain,
            "{egypt} {ecuador} {spain}"
        );
    }
}
