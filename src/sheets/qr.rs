//! QR codes for record URLs, as SVG text the template loads with `image(..)`.
//!
//! This module owns only the encoding: URL in, SVG out. The engine
//! ([`super::pdf`]) decides the virtual file names and serves them.
//!
//! The SVG is drawn in module units (one unit per QR module, with the standard
//! four-module quiet zone), so the template scales it to any size and the PDF
//! gets crisp vector squares rather than a bitmap.

use std::fmt;
use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

/// A URL too long for a QR code (over ~2 KB at level M).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QrError {
    pub(crate) url: String,
    pub(crate) reason: String,
}

impl fmt::Display for QrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot encode `{}` as a QR code ({})", self.url, self.reason)
    }
}

impl std::error::Error for QrError {}

/// Light modules around the code, as the QR standard requires for scanning.
const QUIET: usize = 4;

/// SVG text of a QR code for `url`.
///
/// Error correction level M (15 %): a printed board gets scratched and
/// faded, and M keeps typical record URLs (60–120 bytes) at a version small
/// enough (~33–41 modules) to scan from a 2.5 cm print.
///
/// One path, one rectangle per horizontal run of dark modules. The `qrcode`
/// crate's own SVG renderer emits a rectangle per module, about twice as
/// many path segments, and SVG conversion was a measurable share of a
/// sheet's render time.
pub(crate) fn svg_for(url: &str) -> Result<String, QrError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| QrError { url: url.to_owned(), reason: e.to_string() })?;
    let n = code.width();
    let colors = code.to_colors();
    let size = n + 2 * QUIET;
    let mut path = String::new();
    for (y, row) in colors.chunks(n).enumerate() {
        let mut x = 0;
        while x < n {
            if row[x] == Color::Light {
                x += 1;
                continue;
            }
            let start = x;
            while x < n && row[x] == Color::Dark {
                x += 1;
            }
            let len = x - start;
            // Writing to a String cannot fail.
            let _ = write!(path, "M{} {}h{len}v1h-{len}z", start + QUIET, y + QUIET);
        }
    }
    Ok(format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {s} {s}" width="{s}" height="{s}" shape-rendering="crispEdges">"#,
            r##"<rect width="{s}" height="{s}" fill="#fff"/><path fill="#000" d="{d}"/></svg>"##
        ),
        s = size,
        d = path
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_in_module_units_with_quiet_zone() {
        let Ok(svg) = svg_for("https://gk.example.gov.cn/yangzhou/jiangdu/xiannv/") else {
            panic!("short url must encode");
        };
        assert!(svg.contains("<svg"));
        // Version 3 (29 modules) or 4 (33) plus 2 × 4 quiet modules.
        assert!(
            svg.contains(r#"viewBox="0 0 37 37""#) || svg.contains(r#"viewBox="0 0 41 41""#),
            "{svg}"
        );
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let url = "https://gk.example.gov.cn/x/";
        let Ok(code) = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M) else {
            panic!()
        };
        let dark = code.to_colors().iter().filter(|c| **c == Color::Dark).count();
        let Ok(svg) = svg_for(url) else { panic!() };
        // Sum of run lengths: every `h{len}` counts `len` modules.
        let covered: usize =
            svg.split('h').skip(1).filter_map(|s| s.split('v').next()?.parse::<usize>().ok()).sum();
        assert_eq!(covered, dark);
    }

    #[test]
    fn same_url_same_svg() {
        let url = "https://gk.example.gov.cn/a/";
        assert_eq!(svg_for(url), svg_for(url));
    }

    #[test]
    fn overlong_url_is_an_error() {
        let url = format!("https://gk.example.gov.cn/{}", "a".repeat(4000));
        assert!(svg_for(&url).is_err());
    }
}
