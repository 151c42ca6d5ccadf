//! ISO 639-1 languages: the codes from the `isolang` crate, their names in
//! English and French from the Unicode CLDR through ICU4X.

use std::sync::LazyLock;

use super::Locale;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language {
    code: &'static str,
    names: [&'static str; 2],
}

impl Language {
    pub fn code(self) -> &'static str {
        self.code
    }

    pub fn name(self, locale: Locale) -> &'static str {
        self.names[locale as usize]
    }
}

/// A name as it starts a line in a list: CLDR writes French language names
/// in lower case ("allemand"), as they are within a sentence.
fn capitalised(name: &str) -> &'static str {
    let mut chars = name.chars();
    let title: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    // Built once for the life of the process: about 370 short names.
    Box::leak(title.into_boxed_str())
}

static ALL: LazyLock<Vec<Language>> = LazyLock::new(|| {
    use icu_experimental::displaynames::DisplayNamesOptions;
    use icu_experimental::displaynames::multi::LanguageDisplayNames;
    use icu_locale_core::{locale, subtags};
    let options = DisplayNamesOptions::default();
    let display = [locale!("en"), locale!("fr")]
        .map(|l| LanguageDisplayNames::try_new(l.into(), options).ok());
    let mut codes: Vec<&'static str> = isolang::languages().filter_map(|l| l.to_639_1()).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
        .into_iter()
        .map(|code| {
            let subtag = code.parse::<subtags::Language>().ok();
            let names = [0, 1].map(|i| {
                let name = match (&display[i], subtag) {
                    (Some(d), Some(s)) => d.of(s).unwrap_or(code),
                    _ => code,
                };
                capitalised(name)
            });
            Language { code, names }
        })
        .collect()
});

static SORTED: LazyLock<[Vec<Language>; 2]> = LazyLock::new(|| {
    Locale::ALL.map(|locale| {
        let mut v = ALL.clone();
        v.sort_by_cached_key(|l| super::countries::collation_key(l.name(locale)));
        v
    })
});

/// The language with this ISO 639-1 code, if it is one.
pub fn find(code: &str) -> Option<Language> {
    let code = code.trim().to_ascii_lowercase();
    ALL.binary_search_by_key(&code.as_str(), |l| l.code)
        .ok()
        .map(|i| ALL[i])
}

/// Every language, in the alphabetical order of its name in `locale`.
pub fn sorted(locale: Locale) -> impl Iterator<Item = Language> {
    SORTED[locale as usize].iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_639_1_codes_with_names() {
        assert_eq!(find("sw").map(|l| l.name(Locale::En)), Some("Swahili"));
        assert_eq!(find("de").map(|l| l.name(Locale::Fr)), Some("Allemand"));
        assert_eq!(find("yo").map(|l| l.name(Locale::Fr)), Some("Yoruba"));
        assert!(
            sorted(Locale::Fr).all(|l| l.name(Locale::Fr) != l.code()),
            "every language has a French name"
        );
        assert_eq!(find("FR").map(Language::code), Some("fr"));
        assert!(find("xx").is_none());
        assert!(
            find("fra").is_none(),
            "three-letter codes are not ISO 639-1"
        );
        assert!(sorted(Locale::En).count() >= 180);
    }
}
