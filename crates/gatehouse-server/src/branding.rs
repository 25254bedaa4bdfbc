//! The operator's brand served by Gatehouse (`[branding]`).

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use crate::state::AppState;

/// `GET /static/logo`: the operator's logo (`branding.logo_file`), 404 without one. An SVG
/// runs no script and loads nothing (its own CSP), whoever opens it directly.
pub async fn logo(state: web::Data<AppState>) -> HttpResponse {
    let Some(logo) = state.config.branding.logo.as_ref() else {
        return HttpResponse::NotFound().finish();
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, logo.content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        ))
        .body(logo.bytes.clone())
}

/// `GET /static/brand.css`: `branding.primary_color` for buttons and links (404 without
/// one). Text on the colour is black or white, whichever reads better; in dark mode the
/// colour is used only where it stays readable on the dark card (WCAG AA, 4.5:1), else the
/// built-in dark accent stays.
pub async fn stylesheet(state: web::Data<AppState>) -> HttpResponse {
    let Some(color) = state.config.branding.primary_color.as_deref() else {
        return HttpResponse::NotFound().finish();
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/css; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(brand_css(color))
}

/// The brand stylesheet for `color` (`#rrggbb`).
pub fn brand_css(color: &str) -> String {
    use gatehouse_core::i18n::{contrast_ratio, parse_color, readable_on};
    let Some(rgb) = parse_color(color) else {
        return String::new();
    };
    let fg = readable_on(color);
    let mut css = format!(":root{{--accent:{color};--accent-fg:{fg}}}\n");
    // The dark theme's card colour (gatehouse.css).
    if contrast_ratio(rgb, (0x1b, 0x20, 0x29)) >= 4.5 {
        css.push_str(&format!(
            "@media (prefers-color-scheme:dark){{:root{{--accent:{color};--accent-fg:{fg}}}}}\n"
        ));
    } else {
        css.push_str(
            "@media (prefers-color-scheme:dark){:root{--accent:#6d95ff;--accent-fg:#0b1020}}\n",
        );
    }
    css
}

#[cfg(test)]
mod tests {
    use super::brand_css;

    #[test]
    fn the_brand_colour_keeps_text_readable_in_both_themes() {
        let dark_blue = brand_css("#1a3d8f");
        assert!(dark_blue.starts_with(":root{--accent:#1a3d8f;--accent-fg:#ffffff}"));
        // Too dark for the dark theme's card: the built-in dark accent stays there.
        assert!(
            dark_blue.contains("dark){:root{--accent:#6d95ff"),
            "{dark_blue}"
        );
        let yellow = brand_css("#ffd400");
        assert!(yellow.contains("--accent-fg:#000000"));
        assert!(yellow.contains("dark){:root{--accent:#ffd400"), "{yellow}");
    }
}
