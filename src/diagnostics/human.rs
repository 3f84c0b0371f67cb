//! The human format: rustc-style diagnostics with the source line and a caret.
//!
//! Snippets are drawn by `codespan-reporting` (it measures display width, so carets line
//! up under Chinese text); diagnostics without a position get the same header and a
//! `-->` line drawn here.

use std::fmt::Write as _;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config};
use termcolor::{Ansi, NoColor, WriteColor};

use super::{Diagnostic, Located, Severity};
use crate::i18n::Lang;
use crate::source::{FileId, SourceMap};

/// Renders diagnostics, each followed by a blank line.
pub(crate) fn render_human(diagnostics: &[Diagnostic], sources: &SourceMap, lang: Lang, color: bool) -> String {
    let mut out: Vec<u8> = Vec::new();
    for diagnostic in diagnostics {
        if color {
            render_one(&mut Ansi::new(&mut out), diagnostic, sources, lang);
        } else {
            render_one(&mut NoColor::new(&mut out), diagnostic, sources, lang);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn render_one<W: WriteColor>(writer: &mut W, diagnostic: &Diagnostic, sources: &SourceMap, lang: Lang) {
    let located = Located::new(diagnostic, sources, lang);
    let notes: Vec<String> = located.help.iter().map(|h| hint_note(h, lang)).collect();
    if let (Some(file), Some(span)) = (diagnostic.file, &diagnostic.span) {
        let report = Report::new(severity(diagnostic.severity))
            .with_code(located.code)
            .with_message(&located.message)
            .with_labels(vec![Label::primary(file, label_span(sources, file, span))])
            .with_notes(notes.clone());
        let config = Config::default();
        if term::emit_to_write_style(writer, &config, &Files_(sources), &report).is_ok() {
            return;
        }
    }
    // No position (or codespan refused the span): header, path and hints by hand.
    let mut text = format!("{}[{}]: {}\n", diagnostic.severity.as_str(), located.code, located.message);
    if let Some(path) = &located.file {
        let _ = writeln!(text, "  --> {path}");
    }
    for note in &notes {
        let _ = writeln!(text, "  = {}", note.replace('\n', "\n    "));
    }
    text.push('\n');
    let _ = writer.write_all(text.as_bytes());
}

fn hint_note(help: &str, lang: Lang) -> String {
    format!("{}{help}", lang.pick("提示:", "hint: "))
}

fn severity(severity: Severity) -> ReportSeverity {
    match severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
    }
}

/// Keeps labels inside the text and on char boundaries, so codespan never panics or
/// refuses a span that a stage computed at the very end of a file.
fn label_span(sources: &SourceMap, file: FileId, span: &Range<usize>) -> Range<usize> {
    let text = sources.text(file);
    let start = crate::source::floor_char_boundary(text, span.start.min(text.len()));
    let end = crate::source::floor_char_boundary(text, span.end.min(text.len())).max(start);
    start..end
}

/// The source map seen through codespan's `Files` trait.
struct Files_<'a>(&'a SourceMap);

impl<'a> Files<'a> for Files_<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(self.0.path(id))
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(self.0.text(id))
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.0.get(id).line_index(byte_index))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.0.get(id);
        let starts = file.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge { given: line_index, max: starts.len() })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(file.text.len());
        Ok(start..end)
    }
}
