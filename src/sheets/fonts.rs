//! The fonts a sheet can be set in: loaded once per run, shared by every sheet.
//!
//! This module owns where fonts come from and which characters they cover. In
//! priority order:
//!
//! 1. the bundled subset of Noto Sans SC (regular and bold, GB2312 plus common
//!    punctuation, SIL OFL; made by `scripts/subset-font.sh`), compiled into
//!    the binary so sheets work on a machine with no CJK font at all;
//! 2. folders given with `--font-dir`, searched recursively;
//! 3. the system's fonts (fontconfig directories, e.g. Debian's
//!    `fonts-noto-cjk`), unless turned off.
//!
//! Typst draws *nothing* for a character that no font covers, and says
//! nothing either. So before rendering, [`super::coverage`] asks
//! [`FontSet::is_covered`] about every character of the data; rare name
//! characters such as 堃 are outside GB2312 and need layer 2 or 3.
//!
//! Scanning reads only metadata (family, variant, coverage); font files are
//! read and parsed lazily, once, on first use by any sheet (`FontStore` keeps
//! them in a `OnceLock`). It does not own the font *choice* of a sheet: that
//! is the template's `set text(font: ..)`, with Typst's fallback to any font
//! that covers a character.

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

/// Family name of the bundled subset (renamed so it never collides with a
/// full "Noto Sans SC" installed on the system).
pub(crate) const BUNDLED_FAMILY: &str = "Noto Sans SC Subset";

/// The bundled fonts, regular then bold. 2.5 MB each.
static BUNDLED: [&[u8]; 2] = [
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSansSC-Subset-Regular.ttf")),
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSansSC-Subset-Bold.ttf")),
];

/// Where to look for fonts besides the bundled ones.
#[derive(Debug, Clone, Default)]
pub(crate) struct FontOptions {
    /// Search the system's font directories.
    pub(crate) system: bool,
    /// Extra folders (`--font-dir`, repeatable), searched recursively.
    pub(crate) dirs: Vec<PathBuf>,
}

/// Where a loaded font came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FontOrigin {
    Bundled,
    Dir(PathBuf),
    System,
}

impl fmt::Display for FontOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FontOrigin::Bundled => f.write_str("bundled"),
            FontOrigin::Dir(dir) => write!(f, "font dir `{}`", dir.display()),
            FontOrigin::System => f.write_str("system"),
        }
    }
}

/// A fatal font problem: the tool cannot run as asked.
#[derive(Debug)]
pub(crate) enum FontError {
    /// The bundled data did not parse (a broken build, never user input).
    Bundled,
    /// A `--font-dir` that is not a readable folder.
    NotADir(PathBuf),
}

impl fmt::Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FontError::Bundled => f.write_str("cannot parse the bundled font (broken build)"),
            FontError::NotADir(p) => {
                write!(f, "cannot use font folder `{}` (not a readable folder)", p.display())
            }
        }
    }
}

impl std::error::Error for FontError {}

/// All fonts of a run. Build it once and share it (`&FontSet` or `Arc`)
/// across every sheet and thread: it is `Sync`, and each font file is parsed
/// at most once.
pub(crate) struct FontSet {
    store: FontStore,
    origins: Vec<FontOrigin>,
    /// Per character of the Basic Multilingual Plane, what [`FontSet::is_covered`]
    /// found: [`UNKNOWN`], [`COVERED`] or [`UNCOVERED`]. Shared by every sheet's glyph
    /// check, so each character is looked up in the faces once a run, not once a sheet
    /// (asking every face about a character none has is a search in each of them).
    /// Threads that race store the same answer.
    known: Box<[AtomicU8]>,
}

const UNKNOWN: u8 = 0;
const COVERED: u8 = 1;
const UNCOVERED: u8 = 2;

impl FontSet {
    /// The bundled fonts only, as on a fresh machine with no CJK font.
    pub(crate) fn bundled() -> Result<Self, FontError> {
        let known = (0..=u16::MAX).map(|_| AtomicU8::new(UNKNOWN)).collect();
        let mut set = FontSet { store: FontStore::new(), origins: Vec::new(), known };
        for data in BUNDLED {
            let font = Font::new(Bytes::new(data), 0).ok_or(FontError::Bundled)?;
            let info = font.info().clone();
            set.store.push((font, info));
            set.origins.push(FontOrigin::Bundled);
        }
        Ok(set)
    }

    /// Bundled fonts, then `opts.dirs`, then (if asked) the system's.
    pub(crate) fn load(opts: &FontOptions) -> Result<Self, FontError> {
        let mut set = Self::bundled()?;
        for dir in &opts.dirs {
            if !dir.is_dir() {
                return Err(FontError::NotADir(dir.clone()));
            }
            set.extend(typst_kit::fonts::scan(dir), FontOrigin::Dir(dir.clone()));
        }
        if opts.system {
            set.extend(typst_kit::fonts::system(), FontOrigin::System);
        }
        Ok(set)
    }

    fn extend(&mut self, fonts: impl Iterator<Item = (FontPath, FontInfo)>, origin: FontOrigin) {
        // fontdb yields faces in directory-listing order; sort by path and
        // index so the font book, and so Typst's choice between equally good
        // fallbacks, is the same on every run.
        let mut fonts: Vec<_> = fonts.collect();
        fonts.sort_by(|a, b| (&a.0.path, a.0.index).cmp(&(&b.0.path, b.0.index)));
        for entry in fonts {
            self.store.push(entry);
            self.origins.push(origin.clone());
        }
        // New faces may cover what none did.
        for slot in &self.known {
            slot.store(UNKNOWN, Ordering::Relaxed);
        }
    }

    /// Number of font faces (never zero: the bundled ones are always there).
    pub(crate) fn faces(&self) -> usize {
        self.origins.len()
    }

    /// Font metadata for Typst (`World::book`).
    pub(crate) fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    /// The font at `index`, parsed on first use (`World::font`).
    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// The first face (in priority order) whose cmap covers `c`.
    pub(crate) fn covers(&self, c: char) -> Option<usize> {
        (0..self.faces())
            .find(|&i| self.info(i).is_some_and(|info| info.coverage.contains(c as u32)))
    }

    /// Whether some face covers `c` ([`FontSet::covers`], remembered for the BMP).
    pub(crate) fn is_covered(&self, c: char) -> bool {
        let Some(slot) = self.known.get(c as usize) else { return self.covers(c).is_some() };
        match slot.load(Ordering::Relaxed) {
            COVERED => true,
            UNCOVERED => false,
            _ => {
                let covered = self.covers(c).is_some();
                slot.store(if covered { COVERED } else { UNCOVERED }, Ordering::Relaxed);
                covered
            }
        }
    }

    /// Family name and origin of the face at `index`.
    #[cfg(test)]
    pub(crate) fn describe(&self, index: usize) -> Option<(&str, &FontOrigin)> {
        Some((self.info(index)?.family.as_str(), self.origins.get(index)?))
    }

    /// Whether some face of `family` (case-insensitive) is loaded.
    pub(crate) fn has_family(&self, family: &str) -> bool {
        self.book().select_family(&family.to_lowercase()).next().is_some()
    }

    /// Number of faces per origin, for a `-v` log line.
    pub(crate) fn summary(&self) -> Vec<(FontOrigin, usize)> {
        let mut out: Vec<(FontOrigin, usize)> = Vec::new();
        for origin in &self.origins {
            match out.last_mut() {
                Some((o, n)) if o == origin => *n += 1,
                _ => out.push((origin.clone(), 1)),
            }
        }
        out
    }

    fn info(&self, index: usize) -> Option<&FontInfo> {
        self.book().info(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> FontSet {
        match FontSet::bundled() {
            Ok(set) => set,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn bundled_subset_has_regular_and_bold() {
        let set = bundled();
        assert_eq!(set.faces(), 2);
        assert!(set.has_family(BUNDLED_FAMILY));
        let weights: Vec<u16> = (0..2)
            .filter_map(|i| set.info(i))
            .map(|info| info.variant.weight.to_number())
            .collect();
        assert_eq!(weights, [400, 700]);
    }

    #[test]
    fn bundled_subset_covers_gb2312_but_not_rare_names() {
        let set = bundled();
        for c in "仙女镇政务公开栏监督电话意见箱审核下次刷新〔〕—①㈠￥".chars()
        {
            assert_eq!(set.covers(c), Some(0), "{c}");
        }
        for c in "堃玥珺".chars() {
            assert_eq!(set.covers(c), None, "{c}");
        }
        // Asked twice, the second answer from memory; beyond the BMP, never remembered.
        for c in "仙堃仙堃\u{20000}\u{20000}".chars() {
            assert_eq!(set.is_covered(c), set.covers(c).is_some(), "{c}");
        }
    }

    #[test]
    fn missing_font_dir_is_an_error() {
        let opts = FontOptions { system: false, dirs: vec!["/nonexistent/fonts".into()] };
        assert!(matches!(FontSet::load(&opts), Err(FontError::NotADir(_))));
    }

    #[test]
    fn rare_characters_come_from_the_system_not_the_subset() {
        let Ok(set) = FontSet::load(&FontOptions { system: true, dirs: Vec::new() }) else {
            panic!("fonts")
        };
        match set.covers('堃') {
            None => {
                eprintln!("note: no system font covers 堃 (install fonts-noto-cjk); not checked")
            }
            Some(i) => assert_eq!(set.describe(i).map(|d| d.1), Some(&FontOrigin::System)),
        }
        assert_eq!(set.covers('\u{E000}'), None, "private use");
    }

    #[test]
    fn summary_groups_origins() {
        assert_eq!(bundled().summary(), [(FontOrigin::Bundled, 2)]);
    }
}
