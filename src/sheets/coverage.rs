//! Glyph coverage: find every character that no loaded font can draw, and say
//! which string it came from.
//!
//! Typst silently leaves a blank where no font has a glyph, so a rare name
//! character (堃, 玥, 珺) would vanish from a printed board. This module owns
//! the check that runs before rendering: it walks every string of the sheet's
//! data and every text leaf of the template (comments excluded), asks
//! [`FontSet::is_covered`] about each character, and returns the misses with
//! their place, so the caller can write a diagnostic that names the record.
//! It does not decide what to do about a miss; [`super::pdf`] refuses to
//! render.
//!
//! The check matches Typst's own font fallback (`text(fallback: true)`, the
//! default): a character is drawable when *any* loaded face covers it. A theme
//! that turns fallback off can still get blanks; that is documented in `docs/sheet-data.md`.

use serde_json::Value;
use typst::syntax::{Lines, SyntaxKind, SyntaxNode};
use typst::text::is_default_ignorable;

use super::fonts::FontSet;

/// Characters of one string that no loaded font covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Uncovered {
    /// Distinct missing characters, in order of first appearance.
    pub(crate) chars: Vec<char>,
    /// Where the string is.
    pub(crate) place: Place,
    /// The whole string, for the diagnostic.
    pub(crate) text: String,
}

/// Where an uncovered string sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// In the sheet data: a JSON pointer such as `/classes/2/records/5/title`,
    /// with the class and record index when it is inside a record.
    Data { pointer: String, record: Option<(usize, usize)> },
    /// In the template: 1-based line and column (in characters).
    Template { line: usize, column: usize },
}

/// Checks the data and the template against the fonts.
pub(crate) struct Checker<'a> {
    fonts: &'a FontSet,
    out: Vec<Uncovered>,
}

/// One step of the path to a string of the data: a key or an index. Borrowed, and
/// turned into a JSON pointer only for a miss: a board has thousands of strings and
/// nearly never a miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

impl<'a> Checker<'a> {
    pub(crate) fn new(fonts: &'a FontSet) -> Self {
        Checker { fonts, out: Vec::new() }
    }

    /// Check every string in `data` (keys are not printed, so not checked).
    pub(crate) fn data(&mut self, data: &Value) -> &mut Self {
        let mut path = Vec::new();
        self.walk(data, &mut path);
        self
    }

    /// Check the text of a Typst template, skipping comments.
    pub(crate) fn template(&mut self, text: &str) -> &mut Self {
        let root = typst::syntax::parse(text);
        let lines = Lines::new(text.to_owned());
        let mut offset = 0;
        self.leaves(&root, &lines, &mut offset);
        self
    }

    /// The misses, in walk order (data first, then template).
    pub(crate) fn finish(&mut self) -> Vec<Uncovered> {
        std::mem::take(&mut self.out)
    }

    fn walk<'v>(&mut self, value: &'v Value, path: &mut Vec<Step<'v>>) {
        match value {
            Value::String(s) => {
                let chars = self.missing(s);
                if !chars.is_empty() {
                    let place = Place::Data { pointer: pointer(path), record: record_of(path) };
                    self.out.push(Uncovered { chars, place, text: s.clone() });
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    self.walk(item, path);
                    path.pop();
                }
            }
            Value::Object(map) => {
                // serde_json's Map is ordered by key (no preserve_order), so
                // the walk order is stable.
                for (key, item) in map {
                    path.push(Step::Key(key));
                    self.walk(item, path);
                    path.pop();
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    fn leaves(&mut self, node: &SyntaxNode, lines: &Lines<String>, offset: &mut usize) {
        if node.children().len() == 0 {
            let text = node.leaf_text();
            let comment = matches!(node.kind(), SyntaxKind::LineComment | SyntaxKind::BlockComment);
            if !comment {
                let chars = self.missing(text);
                if !chars.is_empty() {
                    let (line, column) = lines.byte_to_line_column(*offset).unwrap_or((0, 0));
                    let place = Place::Template { line: line + 1, column: column + 1 };
                    self.out.push(Uncovered { chars, place, text: text.to_string() });
                }
            }
            *offset += node.len();
            return;
        }
        for child in node.children() {
            self.leaves(child, lines, offset);
        }
    }

    fn missing(&mut self, text: &str) -> Vec<char> {
        let mut out = Vec::new();
        for c in text.chars() {
            // Whitespace, controls and default-ignorables (ZWJ, variation
            // selectors) are never drawn, so they need no glyph.
            if c.is_whitespace() || c.is_control() || is_default_ignorable(c) {
                continue;
            }
            if !self.fonts.is_covered(c) && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

/// RFC 6901 JSON pointer of a path.
fn pointer(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        out.push('/');
        match step {
            Step::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// `(class, record)` for a path under `/classes/C/records/R/…`.
fn record_of(path: &[Step<'_>]) -> Option<(usize, usize)> {
    match path {
        [Step::Key("classes"), Step::Index(c), Step::Key("records"), Step::Index(r), ..] => {
            Some((*c, *r))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn bundled() -> FontSet {
        match FontSet::bundled() {
            Ok(set) => set,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn reports_rare_and_private_use_characters_with_their_record() {
        let fonts = bundled();
        let data = json!({
            "unit": {"name": "仙女镇"},
            "classes": [
                {"name": "人事奖励", "records": [
                    {"title": "关于表彰王堃同志的决定", "summary": "王堃、李玥\u{E000}"},
                ]},
            ],
        });
        let misses = Checker::new(&fonts).data(&data).finish();
        assert_eq!(misses.len(), 2, "{misses:?}");
        assert_eq!(misses[0].chars, ['堃', '玥', '\u{E000}']);
        assert_eq!(
            misses[0].place,
            Place::Data { pointer: "/classes/0/records/0/summary".into(), record: Some((0, 0)) }
        );
        assert_eq!(misses[1].chars, ['堃']);
        assert_eq!(misses[1].text, "关于表彰王堃同志的决定");
    }

    #[test]
    fn ignores_whitespace_and_variation_selectors() {
        let fonts = bundled();
        let data = json!({"a": "政务\n公开\u{200B}栏\u{FE0F}\t"});
        assert!(Checker::new(&fonts).data(&data).finish().is_empty());
    }

    #[test]
    fn template_text_is_checked_but_comments_are_not() {
        let fonts = bundled();
        let template = "// 注释里的堃不算\n= 公开栏\n#let x = \"玥\"\n";
        let misses = Checker::new(&fonts).template(template).finish();
        assert_eq!(misses.len(), 1, "{misses:?}");
        assert_eq!(misses[0].chars, ['玥']);
        assert_eq!(misses[0].place, Place::Template { line: 3, column: 10 });
    }

    #[test]
    fn pointer_escapes_per_rfc_6901() {
        assert_eq!(
            pointer(&[Step::Key("a/b"), Step::Key("c~d"), Step::Index(12)]),
            "/a~1b/c~0d/12"
        );
    }
}
