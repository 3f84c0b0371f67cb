//! QR codes for record URLs: a PNG for the PDF sheets ([`png_for`]), loaded by the
//! template with `image(..)`, and SVG text for the HTML sheets ([`svg_for`]).
//!
//! This module owns only the encoding: URL in, image out. The engines
//! ([`super::pdf`], [`super::html`]) decide the file names and serve them.
//!
//! Both have the standard four-module quiet zone and square modules (4 × 4 pixels in
//! the PNG, one unit in the SVG), so a template scales them to any size. The PNG
//! prints as crisp squares: Typst marks images not to be smoothed
//! (`/Interpolate false`) unless a template asks for `scaling: "smooth"`.

use std::fmt;
use std::sync::OnceLock;

use qrcode::canvas::{Canvas, MaskPattern, Module};
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

/// SVG text of a QR code for `url`, inlined in the HTML sheets.
///
/// Error correction level M (15 %): a printed board gets scratched and
/// faded, and M keeps typical record URLs (60–120 bytes) at a version small
/// enough (~33–41 modules) to scan from a 2.5 cm print.
///
/// One path: the outline of each dark area ([`outline_path`]). The `qrcode` crate's own
/// SVG renderer emits a rectangle per module; when the PDF sheets drew this SVG too
/// (usvg parsed every segment at layout, krilla converted it at export), a rectangle per
/// run of dark modules halved the segments and outlines took away another 38%. They now
/// use [`png_for`].
pub(crate) fn svg_for(url: &str) -> Result<String, QrError> {
    let (n, dark) = modules(url)?;
    let size = n + 2 * QUIET;
    let path = outline_path(&dark, n);
    Ok(format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {s} {s}" width="{s}" height="{s}" shape-rendering="crispEdges">"#,
            r##"<rect width="{s}" height="{s}" fill="#fff"/><path fill="#000" d="{d}"/></svg>"##
        ),
        s = size,
        d = path
    ))
}

/// Pixels per module side in [`png_for`]'s image. At one pixel per module, a PDF viewer
/// that does not smooth images (as Typst asks) draws modules 3 and 4 device pixels wide
/// by turns at 150 dpi, and zbar found none of the 7 codes of the example's township
/// sheet rendered at 96–180 dpi; at 4 it found 5 of 7 at 96 dpi and all from 120 dpi, as
/// many as from the SVG (4 and 7). 8 was no better, and larger.
const PNG_SCALE: usize = 4;

/// A 1-bit greyscale PNG of a QR code for `url` (as [`svg_for`]): [`PNG_SCALE`] pixels
/// per module side, quiet zone included, 0 dark and 1 light.
///
/// The PDF sheets use this, not the SVG: a QR code of ~33 modules is ~300 path segments
/// that Typst's SVG parser reads and krilla turns into content-stream operators and
/// compresses, for every record of every sheet, where a bitmap is a few hundred bytes to
/// decode and embed. `sheets` on 10,000 records: 16–19% less wall time.
pub(crate) fn png_for(url: &str) -> Result<Vec<u8>, QrError> {
    let (n, dark) = modules(url)?;
    let side = (n + 2 * QUIET) * PNG_SCALE;
    let row_bytes = side.div_ceil(8);
    // Light everywhere (bit 1); each row of modules is drawn once (dark pixels cleared,
    // most significant bit first) and copied to the rows below it.
    let mut pixels = vec![0xff; row_bytes * side];
    for (y, modules) in dark.chunks_exact(n).enumerate() {
        let first = (y + QUIET) * PNG_SCALE;
        let row = &mut pixels[first * row_bytes..(first + 1) * row_bytes];
        for (x, _) in modules.iter().enumerate().filter(|&(_, &d)| d == 1) {
            for px in (x + QUIET) * PNG_SCALE..(x + QUIET + 1) * PNG_SCALE {
                row[px / 8] &= !(0x80 >> (px % 8));
            }
        }
        for copy in 1..PNG_SCALE {
            pixels.copy_within(
                first * row_bytes..(first + 1) * row_bytes,
                (first + copy) * row_bytes,
            );
        }
    }
    let error = |reason: String| QrError { url: url.to_owned(), reason };
    let width = u32::try_from(side).map_err(|e| error(e.to_string()))?;
    let mut out = Vec::with_capacity(pixels.len() / 4 + 128);
    let mut encoder = png::Encoder::new(&mut out, width, width);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(|e| error(e.to_string()))?;
    writer.write_image_data(&pixels).map_err(|e| error(e.to_string()))?;
    writer.finish().map_err(|e| error(e.to_string()))?;
    Ok(out)
}

/// The outlines of the dark modules of an `n` × `n` code (`dark`, row by row), as SVG
/// path data offset by the quiet zone: one closed polygon per boundary, corners only.
///
/// Every boundary is walked with the dark side on its right (clockwise around a dark
/// area, anticlockwise around a light hole inside one), so the default nonzero fill
/// covers exactly the dark modules, as a rectangle per run did. A polygon needs one
/// segment per corner where a run needed five, and every segment is parsed (usvg),
/// converted (krilla) and written to the PDF.
fn outline_path(dark: &[u8], n: usize) -> String {
    const EAST: u8 = 1;
    const SOUTH: u8 = 2;
    const WEST: u8 = 4;
    const NORTH: u8 = 8;
    let is_dark = |x: isize, y: isize| {
        (0..n as isize).contains(&x)
            && (0..n as isize).contains(&y)
            && dark[y as usize * n + x as usize] == 1
    };
    // The edges leaving each corner point of the grid, (n + 1) × (n + 1).
    let side = n + 1;
    let mut out_edges = vec![0u8; side * side];
    for y in 0..n {
        for x in 0..n {
            if dark[y * n + x] == 0 {
                continue;
            }
            let (xi, yi) = (x as isize, y as isize);
            if !is_dark(xi, yi - 1) {
                out_edges[y * side + x] |= EAST;
            }
            if !is_dark(xi + 1, yi) {
                out_edges[y * side + x + 1] |= SOUTH;
            }
            if !is_dark(xi, yi + 1) {
                out_edges[(y + 1) * side + x + 1] |= WEST;
            }
            if !is_dark(xi - 1, yi) {
                out_edges[(y + 1) * side + x] |= NORTH;
            }
        }
    }
    let mut path = String::with_capacity(n * 96);
    for start in 0..out_edges.len() {
        while out_edges[start] != 0 {
            let (mut x, mut y) = (start % side, start / side);
            path.push('M');
            push_number(&mut path, x + QUIET);
            path.push(' ');
            push_number(&mut path, y + QUIET);
            // The first corner in scan order is the loop's top-left one, where two
            // edges leave only if two dark modules meet there diagonally: then east
            // first (any fixed choice keeps every loop's orientation).
            let mut heading = 0u8;
            let mut run = 0usize;
            loop {
                let here = &mut out_edges[y * side + x];
                if *here == 0 {
                    break;
                }
                // Where two dark modules touch at a corner, turn right, to stay
                // around the module just passed: each loop stays a simple polygon.
                let right = match heading {
                    EAST => SOUTH,
                    SOUTH => WEST,
                    WEST => NORTH,
                    _ => EAST,
                };
                let next = if *here & right != 0 {
                    right
                } else if *here & heading != 0 {
                    heading
                } else {
                    // The lowest bit: EAST before SOUTH before WEST before NORTH.
                    *here & here.wrapping_neg()
                };
                *here &= !next;
                if next != heading && run > 0 {
                    push_leg(&mut path, heading, run);
                    run = 0;
                }
                heading = next;
                run += 1;
                match next {
                    EAST => x += 1,
                    SOUTH => y += 1,
                    WEST => x -= 1,
                    _ => y -= 1,
                }
            }
            // The last leg ends where the loop started: `z` draws it.
            path.push('z');
        }
    }
    path
}

/// One straight leg of an outline, `len` modules long, as `h`/`v` with a sign.
fn push_leg(path: &mut String, heading: u8, len: usize) {
    path.push_str(match heading {
        1 => "h",
        2 => "v",
        4 => "h-",
        _ => "v-",
    });
    push_number(path, len);
}

/// `n` in decimal, as `Display` writes it.
fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut rest = n;
    loop {
        i -= 1;
        // `rest % 10` is a digit: the cast cannot truncate.
        digits[i] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
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

/// The 15-bit format information of level M with each mask, indexed by the mask's
/// number (ISO/IEC 18004 Annex C; the first eight entries of the `qrcode` crate's table,
/// whose index is `(level ^ 1) << 3 | mask` and M is 1).
const FORMAT_INFOS_M: [u16; 8] = [0x5412, 0x5125, 0x5e7c, 0x5b4b, 0x45f9, 0x40ce, 0x4f97, 0x4aa0];

/// Where the format information goes, most significant bit first: beside the top-left
/// finder, then split between the other two (negative coordinates count from the far
/// edge). The same cells, in the same order, as the `qrcode` crate draws them.
const FORMAT_MAIN: [(i16, i16); 15] = [
    (0, 8),
    (1, 8),
    (2, 8),
    (3, 8),
    (4, 8),
    (5, 8),
    (7, 8),
    (8, 8),
    (8, 7),
    (8, 5),
    (8, 4),
    (8, 3),
    (8, 2),
    (8, 1),
    (8, 0),
];
const FORMAT_SIDE: [(i16, i16); 15] = [
    (8, -1),
    (8, -2),
    (8, -3),
    (8, -4),
    (8, -5),
    (8, -6),
    (8, -7),
    (-8, 8),
    (-7, 8),
    (-6, 8),
    (-5, 8),
    (-4, 8),
    (-3, 8),
    (-2, 8),
    (-1, 8),
];

/// The modules of `url`'s QR code at level M, row by row (1 for dark), and the width:
/// the same code as `QrCode::with_error_correction_level` (a test holds them equal),
/// masked and scored here.
///
/// The crate boxes a closure per module when it scores the eight masks (470 µs a code,
/// 17% of `gongkai sheets`' CPU time; perf, 385 sheets, #7), and masks by cloning the
/// canvas and calling a function per module (a quarter of what was left). Here the
/// unmasked code is read once; each mask is a row-wide XOR of bit rows with the rule's
/// rows (computed once a run, [`mask_table`]) plus the 30 format cells, scored on bit
/// rows and their transpose; only the chosen mask is drawn on a byte grid.
fn modules(url: &str) -> Result<(usize, Vec<u8>), QrError> {
    let error = |e: qrcode::types::QrError| QrError { url: url.to_owned(), reason: e.to_string() };
    let bits = bits::encode_auto(url.as_bytes(), EcLevel::M).map_err(error)?;
    let version = bits.version();
    let (data, ecc) =
        ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).map_err(error)?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    let width = version.width();
    let n = usize::from(width.unsigned_abs());
    // The unmasked code: its colours, and which modules a mask may flip (data and error
    // correction, and any left empty, which the crate masks as light ones).
    let mut base = Vec::with_capacity(n * n);
    let mut flips = Vec::with_capacity(n * n);
    for y in 0..width {
        for x in 0..width {
            let (dark, flip) = match canvas.get(x, y) {
                Module::Empty => (false, true),
                Module::Unmasked(c) => (c == Color::Dark, true),
                Module::Masked(c) => (c == Color::Dark, false),
            };
            base.push(u8::from(dark));
            flips.push(u8::from(flip));
        }
    }
    let mut scratch = Scratch::default();
    let mut masked = vec![0; n * n];
    let mut best: Option<(u32, MaskPattern)> = None;
    // Up to 64 modules wide, each mask is applied and scored on bit rows; wider codes
    // (URLs over about 250 bytes) on the byte grid.
    let (base_rows, flip_rows) = (to_rows(&base, n), to_rows(&flips, n));
    for pattern in MASKS {
        let score = if n <= 64 {
            penalty_rows(&mask_rows(&base_rows, &flip_rows, n, pattern), n)
        } else {
            apply_mask(&base, &flips, n, pattern, &mut masked);
            scratch.penalty(&masked, n)
        };
        if best.is_none_or(|(lowest, _)| score < lowest) {
            best = Some((score, pattern));
        }
    }
    if let Some((_, pattern)) = best {
        apply_mask(&base, &flips, n, pattern, &mut masked);
    }
    Ok((n, masked))
}

/// `base` with `pattern` applied to the modules `flips` marks, and the format
/// information of level M with `pattern` drawn, into `out` (all `n` × `n`).
fn apply_mask(base: &[u8], flips: &[u8], n: usize, pattern: MaskPattern, out: &mut [u8]) {
    // One loop per mask, each with its rule inlined: called through a function pointer
    // per module, the rule cost more than the rest of the masking.
    use MaskPattern as P;
    match pattern {
        P::Checkerboard => xor(base, flips, n, out, |x, y| inverts(P::Checkerboard, x, y)),
        P::HorizontalLines => xor(base, flips, n, out, |x, y| inverts(P::HorizontalLines, x, y)),
        P::VerticalLines => xor(base, flips, n, out, |x, y| inverts(P::VerticalLines, x, y)),
        P::DiagonalLines => xor(base, flips, n, out, |x, y| inverts(P::DiagonalLines, x, y)),
        P::LargeCheckerboard => {
            xor(base, flips, n, out, |x, y| inverts(P::LargeCheckerboard, x, y));
        }
        P::Fields => xor(base, flips, n, out, |x, y| inverts(P::Fields, x, y)),
        P::Diamonds => xor(base, flips, n, out, |x, y| inverts(P::Diamonds, x, y)),
        P::Meadow => xor(base, flips, n, out, |x, y| inverts(P::Meadow, x, y)),
    }
    let format = FORMAT_INFOS_M[pattern as usize];
    let at = |(x, y): (i16, i16)| {
        let wrap = |v: i16| if v < 0 { n - usize::from(v.unsigned_abs()) } else { v as usize };
        wrap(y) * n + wrap(x)
    };
    for (i, (&main, &side)) in FORMAT_MAIN.iter().zip(&FORMAT_SIDE).enumerate() {
        let bit = u8::from(format & (1 << (14 - i)) != 0);
        out[at(main)] = bit;
        out[at(side)] = bit;
    }
    // The dark module beside the bottom-left finder.
    out[at((8, -8))] = 1;
}

/// `out` = `base`, with the modules that `flips` marks inverted where `invert(x, y)`.
#[inline(always)]
fn xor(base: &[u8], flips: &[u8], n: usize, out: &mut [u8], invert: impl Fn(usize, usize) -> bool) {
    for (y, ((out, base), flips)) in
        out.chunks_mut(n).zip(base.chunks(n)).zip(flips.chunks(n)).enumerate()
    {
        for (x, ((o, &b), &f)) in out.iter_mut().zip(base).zip(flips).enumerate() {
            *o = b ^ (f & u8::from(invert(x, y)));
        }
    }
}

/// Whether `pattern` inverts the module at column `x`, row `y` (ISO/IEC 18004 Table 10,
/// as the `qrcode` crate writes the rules).
#[inline(always)]
fn inverts(pattern: MaskPattern, x: usize, y: usize) -> bool {
    match pattern {
        MaskPattern::Checkerboard => (x + y).is_multiple_of(2),
        MaskPattern::HorizontalLines => y.is_multiple_of(2),
        MaskPattern::VerticalLines => x.is_multiple_of(3),
        MaskPattern::DiagonalLines => (x + y).is_multiple_of(3),
        MaskPattern::LargeCheckerboard => ((y / 2) + (x / 3)).is_multiple_of(2),
        MaskPattern::Fields => (x * y) % 2 + (x * y) % 3 == 0,
        MaskPattern::Diamonds => ((x * y) % 2 + (x * y) % 3).is_multiple_of(2),
        MaskPattern::Meadow => ((x + y) % 2 + (x * y) % 3).is_multiple_of(2),
    }
}

/// The rows of an `n` × `n` grid of 0 and 1 (`n` ≤ 64) as bits, bit `x` of row `y` the
/// module at column `x`; rows from `n` on are 0.
fn to_rows(grid: &[u8], n: usize) -> [u64; 64] {
    let mut rows = [0u64; 64];
    if n <= 64 {
        for (row, line) in rows.iter_mut().zip(grid.chunks(n)) {
            *row = line.iter().enumerate().fold(0, |r, (x, &d)| r | (u64::from(d & 1) << x));
        }
    }
    rows
}

/// Per mask (by its number) and row modulo 12, the columns 0..64 the mask inverts. Every
/// mask repeats every 2, 3, 4 or 6 rows, so 12 rows hold all of them.
fn mask_table() -> &'static [[u64; 12]; 8] {
    static TABLE: OnceLock<[[u64; 12]; 8]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [[0u64; 12]; 8];
        for pattern in MASKS {
            for (y, row) in table[pattern as usize].iter_mut().enumerate() {
                *row = (0..64).fold(0, |r, x| r | (u64::from(inverts(pattern, x, y)) << x));
            }
        }
        table
    })
}

/// [`apply_mask`] on bit rows (`n` ≤ 64): the rule from [`mask_table`], then the format
/// cells.
fn mask_rows(base: &[u64; 64], flips: &[u64; 64], n: usize, pattern: MaskPattern) -> [u64; 64] {
    let rule = &mask_table()[pattern as usize];
    let mut rows = [0u64; 64];
    for (y, row) in rows.iter_mut().enumerate().take(n) {
        *row = base[y] ^ (flips[y] & rule[y % 12]);
    }
    let format = FORMAT_INFOS_M[pattern as usize];
    let mut put = |(x, y): (i16, i16), dark: bool| {
        let wrap = |v: i16| if v < 0 { n - usize::from(v.unsigned_abs()) } else { v as usize };
        let (x, y) = (wrap(x), wrap(y));
        rows[y] = (rows[y] & !(1 << x)) | (u64::from(dark) << x);
    };
    for (i, (&main, &side)) in FORMAT_MAIN.iter().zip(&FORMAT_SIDE).enumerate() {
        let dark = format & (1 << (14 - i)) != 0;
        put(main, dark);
        put(side, dark);
    }
    put((8, -8), true);
    rows
}

/// `rows` transposed: bit `y` of column `x` is bit `x` of row `y` (the 64 × 64 block
/// swap of Hacker's Delight §7-3, for bit 0 first).
fn transpose(rows: &[u64; 64]) -> [u64; 64] {
    let mut a = *rows;
    let mut j = 32;
    let mut m: u64 = 0x0000_0000_FFFF_FFFF;
    while j != 0 {
        let mut k = 0;
        while k < 64 {
            let t = ((a[k] >> j) ^ a[k + j]) & m;
            a[k] ^= t << j;
            a[k + j] ^= t;
            k = (k + j + 1) & !j;
        }
        j >>= 1;
        m ^= m << j;
    }
    a
}

/// [`Scratch::penalty`] for codes up to 64 modules wide (version 11, URLs up to about
/// 250 bytes), on bit rows and columns: the same score (a test holds them equal) in a
/// twentieth of the work.
fn penalty_rows(rows: &[u64; 64], n: usize) -> u32 {
    let columns = transpose(rows);
    let (rows, columns) = (&rows[..n], &columns[..n]);
    let mut score = 0;
    let mut finders = 0;
    for &line in rows.iter().chain(columns) {
        score += runs_bits(line, n);
        finders += finder_like_bits(line, n);
    }
    score += finders.saturating_sub(2 * 360);
    let pairs = low_bits(n - 1);
    for pair in rows.windows(2) {
        let (top, bottom) = (pair[0], pair[1]);
        let same = !(top ^ (top >> 1)) & !(top ^ bottom) & !(bottom ^ (bottom >> 1)) & pairs;
        score += 3 * same.count_ones();
    }
    let darks: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let ratio = (darks as usize * 200 / (n * n).max(1)) as u32;
    score + ratio.abs_diff(100)
}

/// The lowest `k` bits set (`k` ≤ 64).
fn low_bits(k: usize) -> u64 {
    if k >= 64 { u64::MAX } else { (1 << k) - 1 }
}

/// [`runs`] of a line of `n` modules held as bits. A run of `len` ≥ 5 is `len` − 1
/// equal neighbours in a row, four of them at least; it scores `len` − 2, the number of
/// neighbour pairs it covers minus one.
fn runs_bits(line: u64, n: usize) -> u32 {
    let same = !(line ^ (line >> 1)) & low_bits(n - 1);
    let four = same & (same >> 1) & (same >> 2) & (same >> 3);
    let covered = four | (four << 1) | (four << 2) | (four << 3);
    let starts = four & !(four << 1);
    covered.count_ones() - starts.count_ones()
}

/// [`finder_like`] of a line of `n` modules held as bits (beyond the line is light, as
/// the scalar version's clipped counts make it).
fn finder_like_bits(line: u64, n: usize) -> u32 {
    let d = line & low_bits(n);
    let found = d & !(d >> 1) & (d >> 2) & (d >> 3) & (d >> 4) & !(d >> 5) & (d >> 6) & low_bits(n);
    let dark_before = (d << 1) | (d << 2) | (d << 3) | (d << 4);
    let dark_after = (d >> 7) | (d >> 8) | (d >> 9) | (d >> 10);
    40 * (found & !(dark_before & dark_after)).count_ones()
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
    fn penalty(&mut self, dark: &[u8], n: usize) -> u32 {
        self.rows.clear();
        self.rows.extend_from_slice(dark);
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
    fn png_has_square_modules_and_a_light_quiet_zone() {
        for k in 0..40 {
            let url = format!(
                "https://gk.example.gov.cn/yangzhou/{}/external/funds/{k}/",
                "x".repeat(k * 3)
            );
            let Ok((n, dark)) = modules(&url) else { panic!("{url}") };
            let Ok(png) = png_for(&url) else { panic!("{url}") };
            let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
            decoder.set_transformations(png::Transformations::EXPAND);
            let Ok(mut reader) = decoder.read_info() else { panic!("not a PNG") };
            let Some(len) = reader.output_buffer_size() else { panic!("size") };
            let mut buf = vec![0; len];
            let Ok(info) = reader.next_frame(&mut buf) else { panic!("frame") };
            let size = (n + 2 * QUIET) * PNG_SCALE;
            assert_eq!((info.width as usize, info.height as usize), (size, size));
            assert_eq!(info.color_type, png::ColorType::Grayscale);
            // Expanded to 8 bits: 0 dark, 255 light.
            for y in 0..size {
                for x in 0..size {
                    let (mx, my) = (x / PNG_SCALE, y / PNG_SCALE);
                    let inside =
                        (QUIET..QUIET + n).contains(&mx) && (QUIET..QUIET + n).contains(&my);
                    let want_dark = inside && dark[(my - QUIET) * n + (mx - QUIET)] == 1;
                    let pixel = buf[y * info.line_size + x];
                    assert_eq!(pixel == 0, want_dark, "{url}: module {x},{y} is {pixel}");
                    assert!(pixel == 0 || pixel == 255);
                }
            }
        }
    }

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

    /// The modules of a path's area: the nonzero winding number at each module's centre.
    /// Also checks that no module is covered twice (winding 0 or 1 only).
    fn filled(path: &str, size: usize) -> Vec<u8> {
        // Vertical edges as (x, y from, y to), from `M x y`, `h±n`, `v±n` and `z`.
        let mut edges = Vec::new();
        let (mut x, mut y, mut start) = (0i64, 0i64, (0i64, 0i64));
        let mut rest = path;
        while let Some(c) = rest.chars().next() {
            rest = &rest[1..];
            let mut number = || {
                let end =
                    rest.find(|c: char| !(c.is_ascii_digit() || c == '-')).unwrap_or(rest.len());
                let Ok(v) = rest[..end].parse::<i64>() else { panic!("number in {path}") };
                rest = rest[end..].trim_start_matches(' ');
                v
            };
            match c {
                'M' => {
                    (x, y) = (number(), number());
                    start = (x, y);
                }
                'h' => x += number(),
                'v' => {
                    let to = y + number();
                    edges.push((x, y, to));
                    y = to;
                }
                // The closing leg is straight: vertical (an edge) or horizontal.
                'z' => {
                    assert!(x == start.0 || y == start.1, "{path}");
                    if y != start.1 {
                        edges.push((x, y, start.1));
                    }
                    (x, y) = start;
                }
                other => panic!("unexpected {other} in {path}"),
            }
        }
        let mut out = Vec::new();
        for row in 0..size as i64 {
            for column in 0..size as i64 {
                // A ray from the centre to the right: downward edges count +1.
                let winding: i64 = edges
                    .iter()
                    .filter(|&&(ex, from, to)| {
                        ex > column && from.min(to) <= row && row < from.max(to)
                    })
                    .map(|&(_, from, to)| if to > from { 1 } else { -1 })
                    .sum();
                assert!(winding == 0 || winding == 1, "winding {winding} at {column},{row}");
                out.push(winding as u8);
            }
        }
        out
    }

    #[test]
    fn outlines_cover_exactly_the_dark_modules() {
        for k in 0..40 {
            let url = format!("https://gk.example.gov.cn/x/{}/{k}/", "ab".repeat(k));
            let Ok((n, dark)) = modules(&url) else { panic!() };
            let Ok(svg) = svg_for(&url) else { panic!() };
            let Some(path) = svg.split(" d=\"").nth(1).and_then(|p| p.split('"').next()) else {
                panic!("{svg}")
            };
            let size = n + 2 * QUIET;
            let mut expected = vec![0u8; size * size];
            for (i, &d) in dark.iter().enumerate() {
                expected[(i / n + QUIET) * size + i % n + QUIET] = d;
            }
            assert!(filled(path, size) == expected, "{url}");
        }
        // A light hole in a dark ring, which touches another dark module at a corner.
        #[rustfmt::skip]
        let ring = [
            1, 1, 1, 0,
            1, 0, 1, 0,
            1, 1, 1, 0,
            0, 0, 0, 1,
        ];
        let (n, size) = (4, 4 + 2 * QUIET);
        let mut expected = vec![0u8; size * size];
        for (i, &d) in ring.iter().enumerate() {
            expected[(i / n + QUIET) * size + i % n + QUIET] = d;
        }
        assert!(filled(&outline_path(&ring, n), size) == expected);
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
                let Ok((width, dark)) = modules(&url) else { panic!("{url}") };
                assert_eq!(width, code.width(), "{url}");
                assert!(dark == as_bytes(&code.to_colors()), "modules differ for {url}");
            }
        }
        // Wider than 64 modules: scored by the scalar penalty.
        for n in [300, 700, 1500] {
            let url = format!("https://gk.example.gov.cn/{}", "ab/".repeat(n / 3));
            let Ok(code) = qrcode::QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
            else {
                panic!("{url}")
            };
            assert!(code.width() > 64);
            let Ok((width, dark)) = modules(&url) else { panic!("{url}") };
            assert_eq!(width, code.width());
            assert!(dark == as_bytes(&code.to_colors()), "modules differ for {url}");
        }
    }

    fn as_bytes(colors: &[Color]) -> Vec<u8> {
        colors.iter().map(|&c| u8::from(c == Color::Dark)).collect()
    }

    /// Every mask, not only the best one, as the crate applies it (versions 1 to 14, so
    /// with and without version information).
    #[test]
    fn each_mask_matches_the_qrcode_crate() {
        for n in [5, 40, 80, 150, 250, 330] {
            let url = format!("https://gk.example.gov.cn/{}", "x".repeat(n));
            let Ok(bits) = bits::encode_auto(url.as_bytes(), EcLevel::M) else { panic!() };
            let version = bits.version();
            let Ok((data, ecc)) = ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M)
            else {
                panic!()
            };
            let mut canvas = Canvas::new(version, EcLevel::M);
            canvas.draw_all_functional_patterns();
            canvas.draw_data(&data, &ecc);
            let width = usize::from(version.width().unsigned_abs());
            let unmasked = |m: Module| match m {
                Module::Empty => (0, 1),
                Module::Unmasked(c) => (u8::from(c == Color::Dark), 1),
                Module::Masked(c) => (u8::from(c == Color::Dark), 0),
            };
            let (base, flips): (Vec<u8>, Vec<u8>) = (0..version.width())
                .flat_map(|y| (0..version.width()).map(move |x| (x, y)))
                .map(|(x, y)| unmasked(canvas.get(x, y)))
                .unzip();
            for pattern in MASKS {
                let mut expected = canvas.clone();
                expected.apply_mask(pattern);
                let mut ours = vec![0; width * width];
                apply_mask(&base, &flips, width, pattern, &mut ours);
                let expected = as_bytes(&expected.into_colors());
                assert!(ours == expected, "{url} {pattern:?}");
                if width <= 64 {
                    let rows =
                        mask_rows(&to_rows(&base, width), &to_rows(&flips, width), width, pattern);
                    assert!(rows == to_rows(&expected, width), "{url} {pattern:?} (bit rows)");
                }
            }
        }
    }

    /// The bit-row penalty is the scalar one, on random grids and on lines of one colour.
    #[test]
    fn bit_penalty_matches_the_scalar_one() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut scratch = Scratch::default();
        for n in (21..=64).chain([64, 63, 21]) {
            for round in 0..20 {
                let grid: Vec<u8> = (0..n * n)
                    .map(|_| match round {
                        0 => 1,
                        1 => 0,
                        // Long runs and finder-like lines turn up more with a bias.
                        2..=9 => u8::from(next() % 4 != 0),
                        _ => (next() & 1) as u8,
                    })
                    .collect();
                assert_eq!(
                    penalty_rows(&to_rows(&grid, n), n),
                    scratch.penalty(&grid, n),
                    "n = {n}, {round}"
                );
            }
        }
    }

    #[test]
    fn transpose_swaps_rows_and_columns() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut rows = [0u64; 64];
        for row in &mut rows {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *row = state;
        }
        let columns = transpose(&rows);
        for (y, row) in rows.iter().enumerate() {
            for (x, column) in columns.iter().enumerate() {
                assert_eq!((row >> x) & 1, (column >> y) & 1, "{x},{y}");
            }
        }
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 177, 1234567, usize::MAX] {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
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
