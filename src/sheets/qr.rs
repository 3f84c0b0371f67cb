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

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, bits, ec};

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
    let (n, colors) = modules(url)?;
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

/// The masks in the order the `qrcode` crate tries them (the first lowest score wins).
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The modules of `url`'s QR code at level M, row by row, and the width: the same
/// code as `QrCode::with_error_correction_level` (a test holds them equal), with the
/// mask scored here. The crate boxes a closure per module when it scores the eight
/// masks: 470 µs a code, 17% of `gongkai sheets`' CPU time (perf, 385 sheets, #7).
/// The same rules on a grid of bytes, without branches where modules are random,
/// take 110 µs.
fn modules(url: &str) -> Result<(usize, Vec<Color>), QrError> {
    let error = |e: qrcode::types::QrError| QrError { url: url.to_owned(), reason: e.to_string() };
    let bits = bits::encode_auto(url.as_bytes(), EcLevel::M).map_err(error)?;
    let version = bits.version();
    let (data, ecc) =
        ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).map_err(error)?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    let n = usize::from(version.width().unsigned_abs());
    let mut scratch = Scratch::default();
    let mut best: Option<(u32, Vec<Color>)> = None;
    for pattern in MASKS {
        let mut masked = canvas.clone();
        // Masking leaves every module `Masked(colour)`, so colours are all there is to
        // compare from here on.
        masked.apply_mask(pattern);
        let colors = masked.into_colors();
        let score = scratch.penalty(&colors, n);
        if best.as_ref().is_none_or(|(lowest, _)| score < *lowest) {
            best = Some((score, colors));
        }
    }
    Ok((n, best.map(|(_, colors)| colors).unwrap_or_default()))
}

/// Buffers reused across the eight masks of a code.
#[derive(Default)]
struct Scratch {
    /// Dark modules as 1, row by row, then column by column (the transpose).
    rows: Vec<u8>,
    columns: Vec<u8>,
    /// Dark modules before each position of a line.
    before: Vec<u32>,
}

impl Scratch {
    /// The penalty score of a masked code of `n` × `n` modules (ISO/IEC 18004 §7.8.3,
    /// computed as the `qrcode` crate does).
    fn penalty(&mut self, colors: &[Color], n: usize) -> u32 {
        self.rows.clear();
        self.rows.extend(colors.iter().map(|&c| u8::from(c == Color::Dark)));
        self.columns.clear();
        for x in 0..n {
            self.columns.extend(self.rows.iter().skip(x).step_by(n));
        }
        let mut score = 0;
        let mut finders = 0;
        for lines in [&self.rows, &self.columns] {
            for line in lines.chunks(n) {
                score += runs(line);
                finders += finder_like(line, &mut self.before);
            }
        }
        // The three finder patterns add 40 in each of their middle three rows and
        // columns: the crate takes that away.
        score += finders.saturating_sub(2 * 360);
        // 2×2 blocks of one colour, overlapping ones counted: 3 each.
        for pair in self.rows.chunks(n).collect::<Vec<_>>().windows(2) {
            let (top, bottom) = (pair[0], pair[1]);
            for x in 0..n - 1 {
                // `&`, not `&&`: on random modules a branch per test mispredicts half
                // the time, and that cost more than all the arithmetic.
                let m = top[x];
                score += 3 * u32::from((m == top[x + 1]) & (m == bottom[x]) & (m == bottom[x + 1]));
            }
        }
        // Dark modules away from half: one point per half percent.
        let darks = self.rows.iter().filter(|&&d| d == 1).count();
        let ratio = (darks * 200 / self.rows.len().max(1)) as u32;
        score + ratio.abs_diff(100)
    }
}

/// Runs of five or more modules of one colour in a line: 3 + (length − 5) each.
/// Branch-free, as the blocks above.
fn runs(line: &[u8]) -> u32 {
    let mut score = 0;
    let mut run: u32 = 1;
    for pair in line.windows(2) {
        let same = u32::from(pair[0] == pair[1]);
        score += (1 - same) * u32::from(run >= 5) * run.saturating_sub(2);
        run = run * same + 1;
    }
    score + u32::from(run >= 5) * run.saturating_sub(2)
}

/// `#.###.#` in a line with no dark module among the four before it, or among the
/// four after it: 40 each. `before` is a buffer for the line's running dark count.
fn finder_like(line: &[u8], before: &mut Vec<u32>) -> u32 {
    const FINDER: u8 = 0b101_1101;
    before.clear();
    before.push(0);
    for &d in line {
        before.push(before[before.len() - 1] + u32::from(d));
    }
    let darks = |from: usize, to: usize| before[to.min(line.len())] - before[from];
    let mut score = 0;
    let mut window = 0u8;
    for (k, &d) in line.iter().enumerate() {
        window = ((window << 1) | d) & 0x7f;
        // The pattern reads the same both ways, so the bit order does not matter.
        if k >= 6 && window == FINDER {
            let j = k - 6;
            if darks(j.saturating_sub(4), j) == 0 || darks(j + 7, j + 11) == 0 {
                score += 40;
            }
        }
    }
    score
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
        let Ok(code) = qrcode::QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        else {
            panic!()
        };
        let dark = code.to_colors().iter().filter(|c| **c == Color::Dark).count();
        let Ok(svg) = svg_for(url) else { panic!() };
        // Sum of run lengths: every `h{len}` counts `len` modules.
        let covered: usize =
            svg.split('h').skip(1).filter_map(|s| s.split('v').next()?.parse::<usize>().ok()).sum();
        assert_eq!(covered, dark);
    }

    /// The crate's own encoder is the oracle: same version, same mask, same modules.
    #[test]
    fn modules_match_the_qrcode_crate() {
        let hosts = ["https://gk.example.gov.cn/", "http://10.1.2.3:8080/gk/", "https://x.cn/"];
        for (h, host) in hosts.iter().enumerate() {
            for n in 0..120 {
                let url = format!(
                    "{host}{}/external/funds/2026-q{}-{}/",
                    "yangzhou/".repeat(n % 9),
                    n % 4,
                    n * 7 + h
                );
                let Ok(code) =
                    qrcode::QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
                else {
                    panic!("{url}")
                };
                let Ok((width, colors)) = modules(&url) else { panic!("{url}") };
                assert_eq!(width, code.width(), "{url}");
                assert!(colors == code.to_colors(), "modules differ for {url}");
            }
        }
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
