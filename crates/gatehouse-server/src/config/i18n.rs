//! `[i18n]` (which languages are offered) and `[branding]` (the operator's name, logo,
//! colour and links on every page and mail).

use gatehouse_core::i18n::{canonical, contrast_ratio, parse_color, PSEUDO, SHIPPED};
use serde::{Deserialize, Serialize};

use super::{key_err, ConfigError};

/// `[i18n]` as written.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawI18n {
    default_locale: Option<String>,
    locales: Option<Vec<String>>,
}

/// `[i18n]`: the languages offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct I18nConfig {
    /// `i18n.default_locale`: when nothing else decides.
    pub default_locale: String,
    /// `i18n.locales`: the languages offered (canonical tags), in the switcher's order.
    pub locales: Vec<String>,
}

/// Validates `[i18n]`.
pub(super) fn i18n(raw: RawI18n) -> Result<I18nConfig, ConfigError> {
    let known = |t: &str| SHIPPED.contains(&t) || PSEUDO.contains(&t);
    let mut locales = Vec::new();
    // Every shipped language unless the operator lists fewer (the pseudo locales only when
    // listed: they are for testing).
    let listed = raw
        .locales
        .unwrap_or_else(|| SHIPPED.iter().map(|s| s.to_string()).collect());
    for l in listed {
        let tag = canonical(&l).filter(|t| known(t)).ok_or_else(|| {
            key_err(
                "i18n.locales",
                format!(
                    "{l:?}: Gatehouse has no catalog for it (shipped: {}; for tests: {})",
                    SHIPPED.join(", "),
                    PSEUDO.join(", ")
                ),
            )
        })?;
        if !locales.contains(&tag) {
            locales.push(tag);
        }
    }
    if locales.is_empty() {
        return Err(key_err("i18n.locales", "list at least one language"));
    }
    let default_locale = match raw.default_locale {
        None if locales.iter().any(|l| l == "en") => "en".to_string(),
        None => locales[0].clone(),
        Some(d) => canonical(&d)
            .filter(|t| locales.contains(t))
            .ok_or_else(|| {
                key_err(
                    "i18n.default_locale",
                    format!("{d:?} is not one of i18n.locales ({})", locales.join(", ")),
                )
            })?,
    };
    Ok(I18nConfig {
        default_locale,
        locales,
    })
}

/// `[branding]` as written.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBranding {
    product_name: Option<String>,
    logo_file: Option<String>,
    primary_color: Option<String>,
    support_url: Option<String>,
    privacy_url: Option<String>,
}

/// A logo, read at start-up and served by Gatehouse.
#[derive(Clone, PartialEq, Eq)]
pub struct Logo {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// `image/svg+xml` or `image/png`.
    pub content_type: &'static str,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Logo({}, {} bytes)", self.content_type, self.bytes.len())
    }
}

/// `[branding]`: the operator's look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandingConfig {
    /// `branding.product_name`: pages, titles and mails name the service so.
    pub product_name: String,
    /// `branding.logo_file`, read.
    pub logo: Option<Logo>,
    /// `branding.primary_color` (`#rrggbb`): buttons and links.
    pub primary_color: Option<String>,
    /// `branding.support_url`: where people get help.
    pub support_url: Option<String>,
    /// `branding.privacy_url`: the privacy notice.
    pub privacy_url: Option<String>,
    /// Readability problems of the colours (WCAG 2.2 AA), logged at start-up.
    pub warnings: Vec<String>,
}

/// Largest logo file.
const MAX_LOGO_BYTES: usize = 512 * 1024;

fn logo(path: &str) -> Result<Logo, ConfigError> {
    let key = "branding.logo_file";
    let bytes =
        std::fs::read(path).map_err(|e| key_err(key, format!("{path}: cannot be read ({e})")))?;
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(key_err(
            key,
            format!("{path}: larger than {} KiB", MAX_LOGO_BYTES / 1024),
        ));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Logo {
            bytes,
            content_type: "image/png",
        });
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    if head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
        && head.contains("<svg")
    {
        return Ok(Logo {
            bytes,
            content_type: "image/svg+xml",
        });
    }
    Err(key_err(key, format!("{path}: not a PNG or SVG image")))
}

fn link(key: &str, value: Option<String>) -> Result<Option<String>, ConfigError> {
    let Some(v) = value else {
        return Ok(None);
    };
    let url = url::Url::parse(&v).map_err(|e| key_err(key, format!("{v:?}: {e}")))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(key_err(key, format!("{v:?}: an http(s) URL")));
    }
    Ok(Some(v))
}

/// Validates `[branding]`: a logo that cannot be read or is not an image stops start-up; a
/// colour that reads poorly is a warning.
pub(super) fn branding(raw: RawBranding) -> Result<BrandingConfig, ConfigError> {
    let product_name = raw.product_name.unwrap_or_else(|| "Gatehouse".into());
    if product_name.trim().is_empty()
        || product_name.chars().count() > 60
        || product_name.chars().any(char::is_control)
    {
        return Err(key_err(
            "branding.product_name",
            "1 to 60 characters, no control characters",
        ));
    }
    let mut warnings = Vec::new();
    let primary_color = match raw.primary_color {
        None => None,
        Some(c) => {
            let rgb = parse_color(&c).ok_or_else(|| {
                key_err(
                    "branding.primary_color",
                    format!("{c:?}: a colour such as \"#2754c5\""),
                )
            })?;
            // Buttons are white text on the colour, links the colour on white.
            let ratio = contrast_ratio(rgb, (255, 255, 255));
            if ratio < 4.5 {
                warnings.push(format!(
                    "branding.primary_color {c}: contrast with white is {ratio:.2}:1, below the 4.5:1 WCAG AA asks for text; buttons and links will be hard to read"
                ));
            }
            Some(c.trim().to_ascii_lowercase())
        }
    };
    Ok(BrandingConfig {
        product_name,
        logo: raw.logo_file.as_deref().map(logo).transpose()?,
        primary_color,
        support_url: link("branding.support_url", raw.support_url)?,
        privacy_url: link("branding.privacy_url", raw.privacy_url)?,
        warnings,
    })
}
