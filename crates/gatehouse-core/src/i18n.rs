//! Which language a person sees, and colours that stay readable (issue 15). Pure: the server
//! gathers the sources from the request, the cookie and the account and asks [`negotiate`].
//!
//! The order, first match wins: the authorization request's `ui_locales` (OIDC Core
//! §3.1.2.1, "End-User's preferred languages and scripts for the user interface … in order of
//! preference"), the language the person picked on a page (the switcher's cookie), the
//! account's saved `locale`, the browser's `Accept-Language` (RFC 9110 §12.5.4), then
//! `i18n.default_locale`. A source names a language Gatehouse offers or is skipped.

/// The languages Gatehouse ships catalogs for (BCP 47 tags, RFC 5646).
pub const SHIPPED: &[&str] = &["en", "de", "fr", "es", "nb", "nl", "pt-BR"];

/// Pseudo locales for testing the catalogs (the Android convention): `en-XA` is English with
/// accented, lengthened text (every string that did not come from a catalog stands out);
/// `ar-XB` is the same laid out right to left.
pub const PSEUDO: &[&str] = &["en-XA", "ar-XB"];

/// Where a language may come from, in the order they win.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sources<'a> {
    /// The authorization request's `ui_locales` (space-separated tags, in preference order).
    pub ui_locales: Option<&'a str>,
    /// The language picked with a page's switcher (its cookie).
    pub picked: Option<&'a str>,
    /// The account's saved `locale`.
    pub saved: Option<&'a str>,
    /// The browser's `Accept-Language` header.
    pub accept_language: Option<&'a str>,
}

/// Which source decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `ui_locales`.
    UiLocales,
    /// The switcher's cookie.
    Picked,
    /// The account's saved `locale`.
    Saved,
    /// `Accept-Language`.
    AcceptLanguage,
    /// `i18n.default_locale`.
    Default,
}

/// The language to use among `offered` (canonical tags, as [`canonical`] writes them), and
/// which source decided; `default` when no source names an offered language.
pub fn negotiate<'o>(
    s: &Sources<'_>,
    offered: &'o [String],
    default: &'o str,
) -> (&'o str, Source) {
    if let Some(tag) = s.ui_locales.and_then(|v| {
        v.split_ascii_whitespace()
            .find_map(|t| best_match(t, offered))
    }) {
        return (tag, Source::UiLocales);
    }
    if let Some(tag) = s.picked.and_then(|v| best_match(v, offered)) {
        return (tag, Source::Picked);
    }
    if let Some(tag) = s.saved.and_then(|v| best_match(v, offered)) {
        return (tag, Source::Saved);
    }
    if let Some(tag) = s.accept_language.and_then(|v| {
        accept_language(v)
            .into_iter()
            .find_map(|t| best_match(t, offered))
    }) {
        return (tag, Source::AcceptLanguage);
    }
    (default, Source::Default)
}

/// The offered tag a requested one matches: the same tag (case does not matter), else the
/// same language (`de-AT` finds `de`; `pt` and `pt-PT` find `pt-BR`; `nb-NO` finds `nb`).
/// `no` (Norwegian) reads as `nb`, the written standard Gatehouse ships.
pub fn best_match<'o>(requested: &str, offered: &'o [String]) -> Option<&'o str> {
    let requested = canonical(requested)?;
    if let Some(exact) = offered.iter().find(|o| **o == requested) {
        return Some(exact);
    }
    let language = |tag: &str| {
        let l = tag.split('-').next().unwrap_or_default().to_string();
        if l == "no" {
            "nb".to_string()
        } else {
            l
        }
    };
    let wanted = language(&requested);
    // A pseudo locale is only ever chosen by its own exact tag.
    offered
        .iter()
        .filter(|o| !PSEUDO.contains(&o.as_str()))
        .find(|o| language(o) == wanted)
        .map(String::as_str)
}

/// The language ranges of an `Accept-Language` header (RFC 9110 §12.5.4) in preference
/// order: by weight, ties in the order written; `q=0` (not acceptable) and `*` left out.
pub fn accept_language(header: &str) -> Vec<&str> {
    let mut ranges: Vec<(u16, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let range = pieces.next()?.trim();
            if range.is_empty() || range == "*" {
                return None;
            }
            let mut weight = 1000u16;
            for p in pieces {
                if let Some(q) = p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")) {
                    weight = qvalue(q)?;
                }
            }
            (weight > 0).then_some((weight, i, range))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().map(|(_, _, r)| r).collect()
}

/// An RFC 9110 §12.4.2 qvalue in thousandths; `None` when malformed.
fn qvalue(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// A language tag in canonical case (`pt-br` → `pt-BR`, `ZH-hant` → `zh-Hant`), when it is a
/// plain one: a 2–3 letter language, then optional script (4 letters), region (2 letters or
/// 3 digits) and variants. `None` for anything else (private use, grandfathered tags,
/// characters a tag cannot hold), so a cookie or header cannot smuggle text anywhere.
pub fn canonical(tag: &str) -> Option<String> {
    let tag = tag.trim().replace('_', "-");
    if tag.is_empty() || tag.len() > 35 {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for (i, part) in tag.split('-').enumerate() {
        if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let alpha = part.bytes().all(|b| b.is_ascii_alphabetic());
        let shaped = match (i, part.len()) {
            (0, 2 | 3) if alpha => part.to_ascii_lowercase(),
            (0, _) => return None,
            (_, 4) if alpha => {
                let lower = part.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            (_, 2) if alpha => part.to_ascii_uppercase(),
            (_, 3) if part.bytes().all(|b| b.is_ascii_digit()) => part.to_string(),
            _ => part.to_ascii_lowercase(),
        };
        out.push(shaped);
    }
    Some(out.join("-"))
}

/// The text direction of a language: `rtl` for the scripts written right to left (Arabic,
/// Hebrew, Persian, Urdu, and the `ar-XB` pseudo locale), else `ltr`.
pub fn direction(tag: &str) -> &'static str {
    let language = tag.split('-').next().unwrap_or_default();
    if matches!(language, "ar" | "he" | "fa" | "ur" | "ps" | "yi" | "dv") {
        "rtl"
    } else {
        "ltr"
    }
}

/// A `#rrggbb` (or `#rgb`) colour as red, green, blue.
pub fn parse_color(text: &str) -> Option<(u8, u8, u8)> {
    let hex = text.trim().strip_prefix('#')?;
    let digits: Vec<u8> = hex
        .chars()
        .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some((r * 17, g * 17, b * 17)),
        [r1, r2, g1, g2, b1, b2] => Some((r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
        _ => None,
    }
}

/// WCAG 2.2 contrast ratio of two colours (1 to 21). AA asks at least 4.5 for body text
/// (success criterion 1.4.3) and 3 for large text and controls.
pub fn contrast_ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    // WCAG 2.2 "relative luminance", from sRGB.
    let luminance = |(r, g, b): (u8, u8, u8)| {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    };
    let (la, lb) = (luminance(a), luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// White or black, whichever reads better on `background` (`#rrggbb`; white when it is
/// not a colour).
pub fn readable_on(background: &str) -> &'static str {
    match parse_color(background) {
        Some(bg) if contrast_ratio(bg, (0, 0, 0)) > contrast_ratio(bg, (255, 255, 255)) => {
            "#000000"
        }
        _ => "#ffffff",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_on_a_brand_colour_is_the_more_readable_of_white_and_black() {
        assert_eq!(readable_on("#2754c5"), "#ffffff");
        assert_eq!(readable_on("#ffd400"), "#000000");
        assert_eq!(readable_on("nonsense"), "#ffffff");
    }

    fn offered() -> Vec<String> {
        SHIPPED.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_first_source_that_names_an_offered_language_wins() {
        let o = offered();
        let all = Sources {
            ui_locales: Some("sv fr-CA"),
            picked: Some("de"),
            saved: Some("nl"),
            accept_language: Some("es;q=0.9, en;q=0.8"),
        };
        assert_eq!(negotiate(&all, &o, "en"), ("fr", Source::UiLocales));
        let s = Sources {
            ui_locales: Some("sv ja"),
            ..all
        };
        assert_eq!(negotiate(&s, &o, "en"), ("de", Source::Picked));
        let s = Sources {
            picked: Some("klingon!"),
            ..s
        };
        assert_eq!(negotiate(&s, &o, "en"), ("nl", Source::Saved));
        let s = Sources { saved: None, ..s };
        assert_eq!(negotiate(&s, &o, "en"), ("es", Source::AcceptLanguage));
        let s = Sources {
            accept_language: Some("ja, *;q=0.5"),
            ..s
        };
        assert_eq!(negotiate(&s, &o, "de"), ("de", Source::Default));
        assert_eq!(
            negotiate(&Sources::default(), &o, "en"),
            ("en", Source::Default)
        );
    }

    #[test]
    fn languages_match_by_tag_then_by_language() {
        let o = offered();
        assert_eq!(best_match("de-AT", &o), Some("de"));
        assert_eq!(best_match("PT-br", &o), Some("pt-BR"));
        assert_eq!(best_match("pt", &o), Some("pt-BR"));
        assert_eq!(best_match("pt-PT", &o), Some("pt-BR"));
        assert_eq!(best_match("no", &o), Some("nb"));
        assert_eq!(best_match("nb_NO", &o), Some("nb"));
        assert_eq!(best_match("nn", &o), None);
        assert_eq!(best_match("", &o), None);
        // A pseudo locale only by its own tag.
        let mut with_pseudo = o.clone();
        with_pseudo.push("en-XA".into());
        let only_pseudo = vec!["en-XA".to_string()];
        assert_eq!(best_match("en-US", &only_pseudo), None);
        assert_eq!(best_match("en-xa", &with_pseudo), Some("en-XA"));
    }

    #[test]
    fn accept_language_is_read_by_weight() {
        assert_eq!(
            accept_language("da, en-gb;q=0.8, en;q=0.7"),
            ["da", "en-gb", "en"]
        );
        assert_eq!(
            accept_language("fr;q=0.5, de;q=0.9, nl, es;q=0"),
            ["nl", "de", "fr"]
        );
        assert_eq!(accept_language("de;q=0.50, fr;q=0.5"), ["de", "fr"]);
        // Malformed weights drop that range only.
        assert_eq!(accept_language("de;q=2, fr;q=0.1234, nl;q=1.000"), ["nl"]);
        assert!(accept_language("").is_empty());
    }

    #[test]
    fn tags_are_canonical_or_refused() {
        assert_eq!(canonical("pt_br").as_deref(), Some("pt-BR"));
        assert_eq!(canonical("ZH-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(canonical("es-419").as_deref(), Some("es-419"));
        assert_eq!(canonical("en-XA").as_deref(), Some("en-XA"));
        for bad in [
            "",
            "e",
            "english",
            "de-<script>",
            "x-private",
            "de--AT",
            "de AT",
        ] {
            assert_eq!(canonical(bad), None, "{bad}");
        }
        assert_eq!(direction("ar-XB"), "rtl");
        assert_eq!(direction("he"), "rtl");
        assert_eq!(direction("pt-BR"), "ltr");
    }

    #[test]
    fn contrast_follows_wcag() {
        let black = parse_color("#000").unwrap();
        let white = parse_color("#ffffff").unwrap();
        assert!((contrast_ratio(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(white, white) - 1.0).abs() < 1e-9);
        // Gatehouse's own button blue on white passes AA; a light yellow does not.
        let blue = parse_color("#2754c5").unwrap();
        assert!(contrast_ratio(blue, white) >= 4.5);
        let yellow = parse_color("#ffd84d").unwrap();
        assert!(contrast_ratio(yellow, white) < 3.0);
        assert_eq!(parse_color("#12345"), None);
        assert_eq!(parse_color("red"), None);
        assert_eq!(parse_color("#gg0000"), None);
    }
}
