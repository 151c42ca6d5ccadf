//! Messages in each locale, from the Fluent files under `locales/`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

use crate::domain::Locale;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Without this every argument is wrapped in invisible isolation marks.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");

fn langid(locale: Locale) -> &'static LanguageIdentifier {
    match locale {
        Locale::En => &EN,
        Locale::Fr => &FR,
    }
}

/// The message files, to know every key.
const SOURCES: [&str; 2] = [
    include_str!("../../locales/en/main.ftl"),
    include_str!("../../locales/fr/main.ftl"),
];

/// Every message formatted once without arguments, per locale: a page asks
/// for dozens of them, and a lookup in this table costs a hash instead of
/// language negotiation and formatting each time.
static FORMATTED: LazyLock<[HashMap<&'static str, String>; 2]> = LazyLock::new(|| {
    let keys: Vec<&'static str> = SOURCES
        .iter()
        .flat_map(|src| src.lines())
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim()))
        .collect();
    Locale::ALL.map(|locale| {
        keys.iter()
            .filter_map(|k| Some((*k, LOCALES.try_lookup(langid(locale), k)?)))
            .collect()
    })
});

fn formatted(locale: Locale) -> &'static HashMap<&'static str, String> {
    &FORMATTED[locale as usize]
}

/// The message `key` with one number, so that its plural variants (`[one]`,
/// `*[other]`) are chosen by the locale's plural rules.
pub fn t_count(locale: Locale, key: &str, name: &str, n: i64) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> =
        HashMap::from([(Cow::Owned(name.to_string()), FluentValue::from(n))]);
    LOCALES.lookup_with_args(langid(locale), key, &args)
}

/// The message `key` in `locale` (English when the locale lacks it).
pub fn t(locale: Locale, key: &str) -> String {
    match formatted(locale).get(key) {
        Some(message) => message.clone(),
        None => LOCALES.lookup(langid(locale), key),
    }
}

/// The message `key`, if this locale or English has it.
pub fn t_opt(locale: Locale, key: &str) -> Option<String> {
    formatted(locale).get(key).cloned()
}

/// The message `key` with named arguments.
pub fn t_args(locale: Locale, key: &str, args: &[(&str, String)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Owned(k.to_string()), FluentValue::from(v.clone())))
        .collect();
    LOCALES.lookup_with_args(langid(locale), key, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_exist_in_both_locales() {
        let read = |l: &str| {
            std::fs::read_to_string(format!(
                "{}/locales/{l}/main.ftl",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        let keys = |src: String| -> std::collections::BTreeSet<String> {
            src.lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
                .collect()
        };
        let en = keys(read("en"));
        let fr = keys(read("fr"));
        let only_en: Vec<_> = en.difference(&fr).collect();
        let only_fr: Vec<_> = fr.difference(&en).collect();
        assert!(only_en.is_empty(), "missing in French: {only_en:?}");
        assert!(only_fr.is_empty(), "missing in English: {only_fr:?}");
        assert!(en.len() > 50);
    }

    #[test]
    fn counts_choose_the_plural_variant() {
        let en = |n| t_count(Locale::En, "admin-log-count", "count", n);
        let fr = |n| t_count(Locale::Fr, "admin-log-count", "count", n);
        assert_eq!(
            (en(0), en(1), en(60)),
            ("No entries".into(), "One entry".into(), "60 entries".into())
        );
        // French counts 0 and 1 alike ("one"); the exact 0 wins over both.
        assert_eq!(
            (fr(0), fr(1), fr(2)),
            (
                "Aucune entrée".into(),
                "Une entrée".into(),
                "2 entrées".into()
            )
        );
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        let s = t_args(Locale::Fr, "err-too-long", &[("max", "120".into())]);
        assert!(s.contains("120"), "{s}");
        assert!(!s.contains('\u{2068}'));
    }
}
