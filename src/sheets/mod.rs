//! Noticeboard sheets (公开栏): checked records → printable boards, as PDF or HTML bytes
//! (no I/O; `cmd/sheets.rs` writes them through `write`).
//!
//! Flow: `boards` picks the units, the window and each board's current records and
//! preformats them into a [`Board`] (the data contract of `data`, documented in
//! `docs/sheet-data.md`) → `pdf::Engine` (fonts loaded once by `fonts`, Typst's library)
//! checks every character against the fonts (`coverage`; a miss becomes a `glyph-missing`
//! diagnostic here, at the record's file and line) → Typst compiles the theme's
//! `sheets/board.typ` in a sandboxed `world` with the board as `/data.json` and a QR code
//! per record (`qr`) → PDF with a fixed identity and date. `html` renders the same board
//! with the theme's `sheets/board.html`.

mod boards;
mod coverage;
mod data;
mod figures;
mod fonts;
mod html;
mod pdf;
mod qr;
#[cfg(test)]
mod test_boards;
mod world;

pub(crate) use boards::{Job, Selection, choose, jobs};
pub(crate) use fonts::{FontOptions, FontSet};
pub(crate) use html::render as render_html;
pub(crate) use pdf::{Engine, Paper, RenderOptions, SheetError, TemplateMessage};

use crate::diagnostics::{Diagnostic, Problem};
use crate::source::{FileId, SourceMap};

use coverage::{Place, Uncovered};

/// The `glyph-missing` diagnostics of one sheet's data: every character that no loaded
/// font covers, at the file and line it came from. An empty list means the data can be
/// printed without blanks.
pub(crate) fn glyph_diagnostics(
    engine: &Engine,
    job: &Job,
    sources: &SourceMap,
) -> Result<Vec<Diagnostic>, SheetError> {
    let misses = engine.check_data(&job.board)?;
    Ok(misses.iter().map(|miss| glyph_diagnostic(miss, None, Some(job), sources)).collect())
}

/// The `glyph-missing` diagnostics of the sheet template (the same for every sheet).
pub(crate) fn template_glyph_diagnostics(
    engine: &Engine,
    template: &str,
    template_file: Option<FileId>,
    sources: &SourceMap,
) -> Vec<Diagnostic> {
    let misses = engine.check_template(template);
    misses.iter().map(|miss| glyph_diagnostic(miss, template_file, None, sources)).collect()
}

fn glyph_diagnostic(
    miss: &Uncovered,
    template_file: Option<FileId>,
    job: Option<&Job>,
    sources: &SourceMap,
) -> Diagnostic {
    let chars = miss.chars.clone();
    match &miss.place {
        Place::Data { pointer, .. } => {
            let last = pointer.rsplit('/').next().unwrap_or_default();
            let Some(origin) = job.and_then(|job| job.origins.find(pointer)) else {
                return nowhere(Problem::GlyphMissing { chars, field: last.to_owned() });
            };
            let field = if origin.field.is_empty() { last } else { &origin.field };
            let span = narrow(sources.text(origin.file), &origin.span, &miss.chars);
            Diagnostic::at(
                Problem::GlyphMissing { chars, field: field.to_owned() },
                origin.file,
                span,
            )
        }
        Place::Template { line, column } => {
            let problem = Problem::GlyphMissing { chars, field: "template".to_owned() };
            match template_file {
                Some(file) => {
                    let offset = offset_of(sources.text(file), *line, *column);
                    Diagnostic::at(problem, file, offset..offset)
                }
                None => nowhere(problem),
            }
        }
    }
}

/// A problem with no file (the built-in template, which the bundled fonts cover).
fn nowhere(problem: Problem) -> Diagnostic {
    let severity = problem.default_severity();
    Diagnostic { problem, severity, file: None, span: None }
}

/// The first of `chars` inside `span` of `text` (the character itself, so the caret
/// points at it), else `span` as it is (e.g. a character written as a `\u` escape).
fn narrow(text: &str, span: &std::ops::Range<usize>, chars: &[char]) -> std::ops::Range<usize> {
    let Some(slice) = text.get(span.clone()) else { return span.clone() };
    match slice.char_indices().find(|(_, c)| chars.contains(c)) {
        Some((i, c)) => span.start + i..span.start + i + c.len_utf8(),
        None => span.clone(),
    }
}

/// The byte offset of 1-based `line` and `column` (in characters) of `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = text.get(start..).unwrap_or_default();
    start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_points_at_the_missing_character() {
        let text = "title = \"关于王堃同志\"\n";
        assert_eq!(narrow(text, &(8..text.len() - 1), &['堃']), 18..21);
        assert_eq!(narrow(text, &(8..10), &['玥']), 8..10);
    }

    #[test]
    fn line_and_column_become_an_offset() {
        let text = "a\n仙女镇x\n";
        assert_eq!(offset_of(text, 2, 4), 2 + 9);
        assert_eq!(offset_of(text, 1, 1), 0);
    }
}
