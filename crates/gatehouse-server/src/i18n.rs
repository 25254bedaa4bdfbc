//! Message catalogs (Project Fluent, `locales/*.ftl`, embedded in the binary): one bundle per
//! shipped language, English as the reference every other catalog must match key for key.
//! Plurals and numbers are the catalog's (CLDR plural rules per language), never string
//! concatenation. The pseudo locales derive from English: `en-XA` accents and lengthens
//! every text (a word that stays plain ASCII on a page did not come from a catalog), `ar-XB`
//! also marks it right to left.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use gatehouse_core::i18n::PSEUDO;
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

    /// Whether English has the message `key`.
    pub fn has(&self, key: &str) -> bool {
        self.bundles
            .get("en")
            .is_some_and(|b| b.get_message(key).is_some())
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

/// The shipped catalogs, loaded once (they are part of the binary; [`init`] checks them at
/// start-up and the tests check every one).
pub fn catalogs() -> &'static Catalogs {
    CATALOGS.get_or_init(|| match Catalogs::load() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    })
}

static CATALOGS: OnceLock<Catalogs> = OnceLock::new();

/// Loads the catalogs, or says which file is broken.
pub fn init() -> Result<&'static Catalogs, String> {
    if let Some(c) = CATALOGS.get() {
        return Ok(c);
    }
    let c = Catalogs::load()?;
    Ok(CATALOGS.get_or_init(|| c))
}

/// What every page and mail of an installation says about itself: its name, logo, colour
/// and links, and the languages it offers (`[branding]`, `[i18n]`).
#[derive(Debug, Clone, Default)]
pub struct Brand {
    /// `branding.product_name`.
    pub product: String,
    /// A logo is served at `/static/logo`.
    pub logo: bool,
    /// `branding.primary_color` (`#rrggbb`; a stylesheet at `/static/brand.css` applies it).
    pub primary_color: Option<String>,
    /// `branding.support_url`.
    pub support_url: Option<String>,
    /// `branding.privacy_url`.
    pub privacy_url: Option<String>,
    /// `i18n.locales`.
    pub locales: Vec<String>,
    /// `i18n.default_locale`.
    pub default_locale: String,
    /// The issuer (mails link to it).
    pub issuer: String,
}

/// One entry of the language switcher.
#[derive(Debug, Clone)]
pub struct LanguageOption {
    /// The tag.
    pub tag: String,
    /// The language's own name.
    pub name: String,
    /// The switcher's link (back to the page).
    pub url: String,
    /// The page is in this language.
    pub current: bool,
}

/// The voice of a mail to a person who saved `saved` as their language: that one when it is
/// offered, else the language of the page that caused the mail (the request's), else
/// `i18n.default_locale`.
pub fn mail_voice(brand: &Arc<Brand>, saved: Option<&str>) -> Tr {
    let offered = saved.and_then(|s| gatehouse_core::i18n::best_match(s, &brand.locales));
    let lang = match offered {
        Some(l) => l.to_string(),
        None => CURRENT
            .try_with(|c| c.borrow().lang.clone())
            .unwrap_or_else(|_| brand.default_locale.clone()),
    };
    let lang = if lang.is_empty() {
        "en".to_string()
    } else {
        lang
    };
    Tr::new(&lang, brand.clone())
}

/// A page's or a mail's voice: its language, writing direction and the brand. Templates
/// call [`Tr::t`] and friends for every text they show.
#[derive(Debug, Clone)]
pub struct Tr {
    /// The language tag (`de`, `pt-BR`, `en-XA`).
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// The local path the language switcher leads back to.
    pub back: String,
    brand: Arc<Brand>,
}

impl Brand {
    /// The brand and languages of `config`.
    pub fn of(config: &crate::config::Config) -> Self {
        Self {
            product: config.branding.product_name.clone(),
            logo: config.branding.logo.is_some(),
            primary_color: config.branding.primary_color.clone(),
            support_url: config.branding.support_url.clone(),
            privacy_url: config.branding.privacy_url.clone(),
            locales: config.i18n.locales.clone(),
            default_locale: config.i18n.default_locale.clone(),
            issuer: config.issuer.to_string(),
        }
    }
}

impl Tr {
    /// `lang` (a tag with a catalog) for `brand`.
    pub fn new(lang: &str, brand: Arc<Brand>) -> Self {
        Self {
            lang: lang.to_string(),
            dir: gatehouse_core::i18n::direction(lang),
            back: "/".into(),
            brand,
        }
    }

    /// The brand.
    pub fn brand(&self) -> &Brand {
        &self.brand
    }

    /// The message `key` with `arg` and the product's name (`$product`).
    fn branded(&self, key: &str, arg: (&str, Arg<'_>)) -> String {
        self.with(key, &[arg, ("product", Arg::Text(&self.brand.product))])
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        self.with(key, &[("product", Arg::Text(&self.brand.product))])
    }

    /// The message `key` with one text argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.branded(key, (name, Arg::Text(value)))
    }

    /// The message `key` counting `count` (its plural forms are the catalog's).
    pub fn n(&self, key: &str, count: impl TryInto<i64>) -> String {
        let count = count.try_into().unwrap_or(i64::MAX);
        self.branded(key, ("count", Arg::Number(count)))
    }

    /// The message `key` with `args`.
    pub fn with(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        catalogs().text(&self.lang, key, args)
    }

    /// A duration in words ("15 minutes", "1 day").
    pub fn duration(&self, secs: u64) -> String {
        let (key, n) = match secs {
            s if s >= 86_400 && s % 86_400 == 0 => ("duration-days", s / 86_400),
            s if s >= 3600 && s % 3600 == 0 => ("duration-hours", s / 3600),
            s if s >= 60 => ("duration-minutes", s.div_ceil(60)),
            s => ("duration-seconds", s),
        };
        self.n(key, n)
    }

    /// The product's name.
    pub fn product(&self) -> &str {
        &self.brand.product
    }

    /// The language switcher (empty when one language is offered).
    pub fn languages(&self) -> Vec<LanguageOption> {
        let locales = &self.brand.locales;
        if locales.len() < 2 {
            return Vec::new();
        }
        let back: String = url::form_urlencoded::byte_serialize(self.back.as_bytes()).collect();
        locales
            .iter()
            .map(|tag| LanguageOption {
                name: catalogs().text(tag, "language-name", &[]),
                url: format!("/language?lang={tag}&back={back}"),
                current: *tag == self.lang,
                tag: tag.clone(),
            })
            .collect()
    }
}

impl Default for Tr {
    /// The request's voice ([`current`]).
    fn default() -> Self {
        current()
    }
}

tokio::task_local! {
    static CURRENT: RefCell<Tr>;
}

/// Runs `fut` (a request) speaking `tr`.
pub async fn scope<F: std::future::Future>(tr: Tr, fut: F) -> F::Output {
    CURRENT.scope(RefCell::new(tr), fut).await
}

/// The voice of the request being handled; outside a request, the default brand in English.
pub fn current() -> Tr {
    CURRENT
        .try_with(|c| c.borrow().clone())
        .unwrap_or_else(|_| {
            Tr::new(
                "en",
                Arc::new(Brand {
                    product: "Gatehouse".into(),
                    ..Brand::default()
                }),
            )
        })
}

/// Changes the request's language (a page that knows better: `ui_locales`, the account's
/// saved language); what follows in the request, error pages included, speaks it.
pub fn set_current(lang: &str) {
    let _ = CURRENT.try_with(|c| {
        let mut c = c.borrow_mut();
        c.lang = lang.to_string();
        c.dir = gatehouse_core::i18n::direction(lang);
    });
}

/// Sets where the language switcher of the request's page leads back to.
pub fn set_back(path: &str) {
    let _ = CURRENT.try_with(|c| c.borrow_mut().back = path.to_string());
}

/// `f` with the request's voice (outside a request, the default one: [`current`]).
fn in_current<R>(f: impl Fn(&Tr) -> R) -> R {
    CURRENT
        .try_with(|c| f(&c.borrow()))
        .unwrap_or_else(|_| f(&current()))
}

/// The message `key` in the request's language.
pub fn t(key: &str) -> String {
    in_current(|tr| tr.t(key))
}

/// The message `key` with one text argument, in the request's language.
pub fn t1(key: &str, name: &str, value: &str) -> String {
    in_current(|tr| tr.t1(key, name, value))
}

/// The message `key` with `args`, in the request's language.
pub fn with(key: &str, args: &[(&str, Arg<'_>)]) -> String {
    in_current(|tr| tr.with(key, args))
}

/// The message `key` counting `count`, in the request's language.
pub fn n(key: &str, count: i64) -> String {
    in_current(|tr| tr.n(key, count))
}

#[cfg(test)]
mod tests {
    use gatehouse_core::i18n::SHIPPED;

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
                        ("total", Arg::Number(10)),
                        ("product", Arg::Text("Acme")),
                        ("app", Arg::Text("CRM")),
                        ("email", Arg::Text("ada@example.com")),
                        ("upstream", Arg::Text("Google")),
                        ("name", Arg::Text("Ada")),
                        ("what", Arg::Text("x")),
                        ("ending", Arg::Text("0123")),
                        ("when", Arg::Text("x")),
                        ("method", Arg::Text("x")),
                        ("version", Arg::Text("2")),
                        ("valid_for", Arg::Text("x")),
                        ("code", Arg::Text("123456")),
                        ("browser", Arg::Text("Firefox")),
                        ("os", Arg::Text("Linux")),
                    ],
                );
                assert!(!text.is_empty() && text != *key, "{tag} {key}");
                // `strength-label` keeps a `{}` for the script to fill.
                if key != "strength-label" {
                    assert!(!text.contains('{'), "{tag} {key}: {text}");
                }
            }
        }
    }

    #[test]
    fn plurals_are_the_catalogs() {
        let c = Catalogs::load().unwrap();
        let left =
            |tag: &str, n: i64| c.text(tag, "login-invalid-left", &[("count", Arg::Number(n))]);
        assert_eq!(
            left("en", 1),
            "Invalid username or password. 1 attempt left."
        );
        assert_eq!(
            left("en", 2),
            "Invalid username or password. 2 attempts left."
        );
        assert_eq!(
            left("en", 0),
            "Invalid username or password. 0 attempts left."
        );
        // French and Brazilian Portuguese count 0 as one (CLDR), English does not.
        for tag in ["fr", "pt-BR"] {
            assert_eq!(left(tag, 0).replace('0', "1"), left(tag, 1), "{tag}");
        }
        assert_ne!(left("en", 0).replace('0', "1"), left("en", 1));
        for tag in ["de", "fr", "es", "nl", "pt-BR"] {
            assert_ne!(
                left(tag, 1).replace('1', "2"),
                left(tag, 2),
                "{tag}: one plural form"
            );
        }
        assert!(left("de", 3).contains('3'));
        // A language without a catalog reads English.
        assert_eq!(left("sv", 2), left("en", 2));
    }

    /// Every message English has is used somewhere: in the sources, the templates or the
    /// scripts (as a quoted key), tests left out.
    #[test]
    fn every_message_is_used() {
        fn walk(dir: &std::path::Path, out: &mut String) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    // Unit tests do not count as a use.
                    let code = text.split("\n#[cfg(test)]").next().unwrap_or_default();
                    out.push_str(code);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sources = String::new();
        for dir in ["src", "templates", "static"] {
            walk(&root.join(dir), &mut sources);
        }
        let unused: Vec<String> = Catalogs::load()
            .unwrap()
            .keys("en")
            .into_iter()
            .filter(|k| !sources.contains(&format!("\"{k}\"")))
            .collect();
        assert!(unused.is_empty(), "in en.ftl but never used: {unused:?}");
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
    }
}
