//! Splitting a Markdown record into its TOML front matter and its body.
//!
//! The front matter sits between two `+++` lines at the very top of the file (after an
//! optional byte-order mark). Offsets stay those of the whole file, so every position
//! reported later is a real line of the file (Zola once counted lines inside the
//! front matter, #1133).

use std::ops::Range;

/// The parts of a Markdown record, as byte ranges of the file.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split {
    pub(crate) front: Range<usize>,
    pub(crate) body: Range<usize>,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The file does not start with a `+++` line.
    Missing,
    /// The opening `+++` (this range) has no closing line.
    Unclosed(Range<usize>),
}

/// Splits `text` at its `+++` lines. Line ends may be `\n` or `\r\n`; a fence line may
/// carry trailing spaces.
pub(crate) fn split(text: &str) -> Result<Split, SplitError> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = lines_with_offsets(text, start);
    let Some((open_start, open_line)) = lines.next() else { return Err(SplitError::Missing) };
    if !is_fence(open_line) {
        return Err(SplitError::Missing);
    }
    let front_start = open_start + open_line.len();
    for (offset, line) in lines {
        if is_fence(line) {
            return Ok(Split { front: front_start..offset, body: offset + line.len()..text.len() });
        }
    }
    let fence_end = open_start + open_line.trim_end().len();
    Err(SplitError::Unclosed(open_start..fence_end))
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "+++"
}

/// Lines with their terminators, each with its byte offset.
fn lines_with_offsets(text: &str, start: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = start;
    text[start..].split_inclusive('\n').map(move |line| {
        let at = offset;
        offset += line.len();
        (at, line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_fences() {
        let text = "+++\ntitle = \"a\"\n+++\nbody\n";
        let split = split(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(&text[split.front], "title = \"a\"\n");
        assert_eq!(&text[split.body], "body\n");
    }

    #[test]
    fn crlf_bom_and_trailing_spaces() {
        let text = "\u{feff}+++ \r\ntitle = \"a\"\r\n+++\r\nbody";
        let split = split(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(&text[split.front], "title = \"a\"\r\n");
        assert_eq!(&text[split.body], "body");
    }

    #[test]
    fn empty_front_matter_and_body() {
        let text = "+++\n+++";
        let split = split(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(split.front, 4..4);
        assert_eq!(split.body, 7..7);
    }

    #[test]
    fn missing_and_unclosed() {
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("title = 1\n"), Err(SplitError::Missing));
        assert_eq!(split("\n+++\n+++\n"), Err(SplitError::Missing));
        assert_eq!(split("++++\n"), Err(SplitError::Missing));
        assert_eq!(split("+++\ntitle = 1\n"), Err(SplitError::Unclosed(0..3)));
        assert_eq!(split("+++"), Err(SplitError::Unclosed(0..3)));
    }
}
