//! The files of one run and the mapping from byte offsets to `line:column`.
//!
//! Every file gongkai reads or reports on gets a [`FileId`] in a [`SourceMap`] that lives
//! for the whole run, so diagnostics can carry byte ranges and be turned into positions
//! (and source snippets) only when they are printed. Positions are counted in the whole
//! file, 1-based, with columns counted in Unicode scalar values (one per Chinese
//! character), which is what editors and GitHub annotations show.

use std::ops::Range;
use std::sync::OnceLock;

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct FileId(pub(crate) u32);

/// One file: its path relative to the repository root (with `/` separators) and, for
/// text files, its content.
#[derive(Debug)]
pub(crate) struct SourceFile {
    pub(crate) path: String,
    pub(crate) text: String,
    /// Computed on first use: only files with a diagnostic need them, and most have none
    /// (a pass over every file's bytes on the main thread, #7).
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    fn new(path: String, text: String) -> SourceFile {
        SourceFile { path, text, line_starts: OnceLock::new() }
    }

    /// Puts `text` in place of the file's text (whose line starts go with it) and
    /// returns the old one.
    fn replace_text(&mut self, text: String) -> String {
        self.line_starts = OnceLock::new();
        std::mem::replace(&mut self.text, text)
    }

    /// The 1-based line and column of a byte offset (clamped to the text).
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_index(offset);
        let mut start = self.line_starts()[line];
        // A byte-order mark is invisible in editors: it is not a column.
        if start == 0 && self.text.starts_with('\u{feff}') {
            start = offset.min('\u{feff}'.len_utf8());
        }
        let column = self.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The 0-based index of the line holding `offset`.
    pub(crate) fn line_index(&self, offset: usize) -> usize {
        match self.line_starts().binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Byte offsets where each line starts (the first is always 0).
    pub(crate) fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }
}

/// All files of a run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub(crate) struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub(crate) fn add(&mut self, path: String, text: String) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(path, text));
        id
    }

    pub(crate) fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub(crate) fn path(&self, id: FileId) -> &str {
        &self.get(id).path
    }

    pub(crate) fn text(&self, id: FileId) -> &str {
        &self.get(id).text
    }

    /// Drops the text of every file, keeping the paths. For `build`, once the
    /// diagnostics are printed and the record pages have taken their files' texts
    /// ([`SourceMap::take_text`]): the texts were the size of the repository (444 MB of
    /// the peak at 100,000 records, #7). Line and column lookups of a released file find
    /// nothing.
    pub(crate) fn release_texts(&mut self) {
        for file in &mut self.files {
            file.replace_text(String::new());
        }
    }

    /// Moves the text of a file out, leaving it released (see
    /// [`SourceMap::release_texts`]): a record page takes its file's text this way and
    /// renders the body in it, so no body is ever copied.
    pub(crate) fn take_text(&mut self, id: FileId) -> String {
        self.files[id.0 as usize].replace_text(String::new())
    }

    /// Replaces the text of a file (used once a file has been read in parallel).
    pub(crate) fn set_text(&mut self, id: FileId, text: String) {
        self.files[id.0 as usize].replace_text(text);
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// The largest char boundary at or before `offset`.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Shifts a range by `base` bytes (spans of a parsed fragment into spans of the file).
pub(crate) fn shift(range: Range<usize>, base: usize) -> Range<usize> {
    range.start + base..range.end + base
}

/// The 1-based line of the first invalid byte in `bytes`, and the valid prefix decoded
/// lossily, for reporting files that are not UTF-8.
pub(crate) fn first_invalid_utf8(bytes: &[u8]) -> Option<(usize, usize)> {
    match std::str::from_utf8(bytes) {
        Ok(_) => None,
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            // The valid prefix is UTF-8 by construction, so counting chars is exact.
            let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
            Some((line, column))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let mut map = SourceMap::default();
        let id = map.add("a.md".into(), "标题 = 1\nx = \"仙女镇\"\n".into());
        let file = map.get(id);
        assert_eq!(file.position(0), (1, 1));
        // `=` on the first line is the 4th character but the 8th byte.
        assert_eq!(file.position("标题 ".len()), (1, 4));
        let second = "标题 = 1\n".len();
        assert_eq!(file.position(second), (2, 1));
        assert_eq!(file.position(second + 4), (2, 5));
        // Offsets past the end clamp to the last position.
        assert_eq!(file.position(10_000), (3, 1));
    }

    #[test]
    fn released_texts_keep_their_paths() {
        let mut map = SourceMap::default();
        let id = map.add("units/a/record.md".into(), "标题\n正文\n".into());
        assert_eq!(map.get(id).position(7), (2, 1));
        map.release_texts();
        assert_eq!(map.path(id), "units/a/record.md");
        assert_eq!(map.text(id), "");
        assert_eq!(map.get(id).position(7), (1, 1));
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let mut map = SourceMap::default();
        let id = map.add("a.toml".into(), "\u{feff}title = 5\nb = 1\n".into());
        let file = map.get(id);
        assert_eq!(file.position(0), (1, 1));
        assert_eq!(file.position(3), (1, 1));
        assert_eq!(file.position(3 + "title = ".len()), (1, 9));
        assert_eq!(file.position(3 + "title = 5\n".len()), (2, 1));
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let mut map = SourceMap::default();
        let id = map.add("a".into(), "仙女".into());
        assert_eq!(map.get(id).position(1), (1, 1));
        assert_eq!(map.get(id).position(4), (1, 2));
    }

    #[test]
    fn invalid_utf8_reports_the_line_of_the_first_bad_byte() {
        assert_eq!(first_invalid_utf8(b"ok\n"), None);
        assert_eq!(first_invalid_utf8(b"a\nb\n\xff"), Some((3, 1)));
        assert_eq!(first_invalid_utf8("a\n仙女".as_bytes()), None);
        assert_eq!(first_invalid_utf8(b"a\n\xe4\xbb\x99x\xc3"), Some((2, 3)));
    }
}
