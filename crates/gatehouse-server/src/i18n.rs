//! Message catalogs (Project Fluent, `locales/*.ftl`, embedded in the binary): one bundle per
//! shipped language, English as the reference every other catalog must match key for key.
//! Plurals and numbers are the catalog's (CLDR plural rules per language), never string
//! concatenation. The pseudo locales derive from English: `en-XA` accents and lengthens
//! every text (a word that stays plain ASCII on a page did not come from a catalog), `ar-XB`
//! also marks it right to left.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use gatehouse_core::i18n::{PSEUDO, SHIPPED};
use unic_langid::LanguageIdentifier;

/// The catalogs' sources, by language.
const SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../locales/en.ftl")),
    ("de", include_str!("../locales/de.ftl")),
    ("fr", include_str!("../locales/fr.ftl")),
    ("es", include_str!("../locales/es.ftl")),
    ("nb", include_str!("../locales/nb.ftl")),
    ("nl", include_str!("../locales/nl.ftl")),
    ("pt-BR", include_str!("../locales/pt-BR.ftl")),
];

/// Every catalog, ready to format.
pub struct Catalogs {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Catalogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogs")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// An argument of a message: text or a number (numbers choose plural forms).
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// Text, as is.
    Text(&'a str),
    /// A number (plural rules and the language's digits).
    Number(i64),
}

fn bundle(tag: &'static str, source: &'static str) -> Result<FluentBundle<FluentResource>, String> {
    let resource = FluentResource::try_new(source.to_string())
        .map_err(|(_, errors)| format!("locales/{tag}.ftl: {errors:?}"))?;
    let id: LanguageIdentifier = tag.parse().map_err(|e| format!("locales/{tag}.ftl: {e}"))?;
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Pages set `dir`; isolation marks around every argument would only get in the way of
    // people copying an e-mail address out of a sentence.
    b.set_use_isolating(false);
    b.add_resource(resource)
        .map_err(|errors| format!("locales/{tag}.ftl: {errors:?}"))?;
    Ok(b)
}

impl Catalogs {
    /// Loads every shipped catalog (they are part of the binary: a broken one is a bug the
    /// tests catch, and start-up says which file).
    pub fn load() -> Result<Self, String> {
        let mut bundles = HashMap::new();
        for (tag, source) in SOURCES {
            bundles.insert(*tag, bundle(tag, source)?);
        }
        Ok(Self { bundles })
    }

    /// The message `key` in `locale` with `args`; English when the language has no catalog;
    /// the key itself (and an error in the log) when even English lacks it.
    pub fn text(&self, locale: &str, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let pseudo = PSEUDO.contains(&locale);
        let bundle = self
            .bundles
            .get(locale)
            .filter(|_| !pseudo)
            .or_else(|| self.bundles.get("en"));
        let Some(bundle) = bundle else {
            return key.to_string();
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::error!(i18n.key = key, i18n.locale = locale, "no such message");
            return key.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let v = match value {
                Arg::Text(t) => FluentValue::from(*t),
                Arg::Number(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, v);
        }
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned();
        if !errors.is_empty() {
            tracing::error!(i18n.key = key, i18n.locale = locale, errors = ?errors, "message formatting failed");
        }
        match locale {
            "en-XA" => pseudo_text(&text),
            "ar-XB" => format!("\u{202e}{}\u{202c}", pseudo_text(&text)),
            _ => text,
        }
    }

    /// The message ids of a language's catalog, sorted.
    pub fn keys(&self, locale: &str) -> Vec<String> {
        let Some((_, source)) = SOURCES.iter().find(|(t, _)| *t == locale) else {
            return Vec::new();
        };
        // A message starts at the line's beginning with its id and ` =` (Fluent syntax:
        // comments start with `#`, terms with `-`, continuations with a space).
        let mut keys: Vec<String> = source
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
            .collect();
        keys.sort();
        keys
    }
}

/// Accented, lengthened English (the pseudo locale `en-XA`): every letter becomes a
/// look-alike outside ASCII and every text grows by a third, in brackets, so untranslated
/// words and layouts that break on longer languages show.
fn pseudo_text(text: &str) -> String {
    let accent = |c: char| match c {
        'a' => 'á',
        'b' => 'ƀ',
        'c' => 'ç',
        'd' => 'ð',
        'e' => 'é',
        'f' => 'ƒ',
        'g' => 'ĝ',
        'h' => 'ĥ',
        'i' => 'î',
        'j' => 'ĵ',
        'k' => 'ķ',
        'l' => 'ļ',
        'm' => 'ɱ',
        'n' => 'ñ',
        'o' => 'ö',
        'p' => 'þ',
        'q' => 'ǫ',
        'r' => 'ŕ',
        's' => 'š',
        't' => 'ţ',
        'u' => 'û',
        'v' => 'ṽ',
        'w' => 'ŵ',
        'x' => 'ẋ',
        'y' => 'ý',
        'z' => 'ž',
        'A' => 'Á',
        'B' => 'Ɓ',
        'C' => 'Ç',
        'D' => 'Ð',
        'E' => 'É',
        'F' => 'Ƒ',
        'G' => 'Ĝ',
        'H' => 'Ĥ',
        'I' => 'Î',
        'J' => 'Ĵ',
        'K' => 'Ķ',
        'L' => 'Ļ',
        'M' => 'Ṁ',
        'N' => 'Ñ',
        'O' => 'Ö',
        'P' => 'Þ',
        'Q' => 'Ǫ',
        'R' => 'Ŕ',
        'S' => 'Š',
        'T' => 'Ţ',
        'U' => 'Û',
        'V' => 'Ṽ',
        'W' => 'Ŵ',
        'X' => 'Ẋ',
        'Y' => 'Ý',
        'Z' => 'Ž',
        other => other,
    };
    let accented: String = text.chars().map(accent).collect();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let padding = "·".repeat(letters.div_ceil(3));
    format!(
        "[{accented}{}{padding}]",
        if padding.is_empty() { "" } else { " " }
    )
}

/// The languages with a catalog (shipped ones and the pseudo locales).
pub fn available() -> impl Iterator<Item = &'static str> {
    SHIPPED.iter().chain(PSEUDO.iter()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_has_exactly_the_english_messages() {
        let c = Catalogs::load().expect("catalogs");
        let english = c.keys("en");
        assert!(!english.is_empty());
        for tag in SHIPPED {
            assert_eq!(
                c.keys(tag),
                english,
                "locales/{tag}.ftl differs from en.ftl"
            );
            // Each one formats without errors, with any arguments it names.
            for key in &english {
                let text = c.text(
                    tag,
                    key,
                    &[
                        ("count", Arg::Number(2)),
                        ("product", Arg::Text("Acme")),
                        ("app", Arg::Text("CRM")),
                        ("email", Arg::Text("ada@example.com")),
                    ],
                );
                assert!(!text.is_empty() && text != *key, "{tag} {key}");
                assert!(!text.contains('{'), "{tag} {key}: {text}");
            }
        }
    }

    #[test]
    fn plurals_are_the_catalogs() {
        let c = Catalogs::load().unwrap();
        let left = |tag: &str, n: i64| c.text(tag, "attempts-left", &[("count", Arg::Number(n))]);
        assert_eq!(left("en", 1), "1 attempt left");
        assert_eq!(left("en", 2), "2 attempts left");
        assert_eq!(left("de", 1), "Noch 1 Versuch");
        assert_eq!(left("de", 3), "Noch 3 Versuche");
        // French and Brazilian Portuguese count 0 as one (CLDR), English does not.
        assert_eq!(left("fr", 0), "0 tentative restante");
        assert_eq!(left("pt-BR", 0), "0 tentativa restante");
        assert_eq!(left("en", 0), "0 attempts left");
        assert_eq!(left("es", 1), "Queda 1 intento");
        assert_eq!(left("nl", 4), "Nog 4 pogingen");
        // A language without a catalog reads English.
        assert_eq!(left("sv", 2), "2 attempts left");
    }

    #[test]
    fn pseudo_locales_leave_no_plain_word() {
        let c = Catalogs::load().unwrap();
        let t = c.text("en-XA", "login-remember", &[]);
        assert!(t.starts_with('[') && t.ends_with(']'), "{t}");
        let words: Vec<&str> = t
            .trim_matches(|ch| ch == '[' || ch == ']')
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic) && w.is_ascii())
            .collect();
        assert!(words.is_empty(), "{t}");
        assert!(t.chars().count() > "Remember me on this computer".len());
        let rtl = c.text("ar-XB", "login-title", &[]);
        assert!(rtl.starts_with('\u{202e}'), "{rtl}");
        assert_eq!(available().count(), SHIPPED.len() + PSEUDO.len());
    }
}
