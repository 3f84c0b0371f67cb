//! Diagnostics: problems in a user's files, collected as values and printed at the end.
//!
//! A [`Diagnostic`] is a [`Problem`] (what is wrong, see `problem.rs`) at a place (a file
//! and a byte range). Stages push diagnostics into a `Vec` and never stop at the first;
//! the command sorts them by file and position and renders them in the format asked for
//! (`human.rs` with source snippets, `formats.rs` for JSON, GitHub, JUnit and short).
//! Fatal errors, where gongkai cannot run at all, are not diagnostics: they are
//! `anyhow` errors that end in exit code 2.

mod formats;
mod human;
mod problem;

use std::ops::Range;

use serde::Serialize;

pub(crate) use formats::{github, json_value, junit, short};
pub(crate) use human::render_human;
pub(crate) use problem::{OrphanReason, Problem};

use crate::i18n::Lang;
use crate::source::{FileId, SourceMap};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A problem at a place.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Diagnostic {
    pub(crate) problem: Problem,
    pub(crate) severity: Severity,
    /// `None` only for problems of the whole repository.
    pub(crate) file: Option<FileId>,
    /// `None` where the fault has no position (a missing class, a symlink).
    pub(crate) span: Option<Range<usize>>,
}

impl Diagnostic {
    /// A problem at a span of a file.
    pub(crate) fn at(problem: Problem, file: FileId, span: Range<usize>) -> Diagnostic {
        let severity = problem.default_severity();
        Diagnostic { problem, severity, file: Some(file), span: Some(span) }
    }

    /// A problem of a file as a whole, shown at its first line (SPEC §4: "a fault with no
    /// position of its own points at the record's first line").
    pub(crate) fn at_start(problem: Problem, file: FileId) -> Diagnostic {
        Diagnostic::at(problem, file, 0..0)
    }

    /// A problem that has a file but no position in it.
    pub(crate) fn in_file(problem: Problem, file: FileId) -> Diagnostic {
        let severity = problem.default_severity();
        Diagnostic { problem, severity, file: Some(file), span: None }
    }

    pub(crate) fn code(&self) -> &'static str {
        self.problem.code()
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A diagnostic resolved against the sources: what every output format prints.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Located {
    pub(crate) code: &'static str,
    pub(crate) severity: Severity,
    pub(crate) file: Option<String>,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

impl Located {
    pub(crate) fn new(diagnostic: &Diagnostic, sources: &SourceMap, lang: Lang) -> Located {
        let file = diagnostic.file.map(|id| sources.path(id).to_owned());
        let position = match (diagnostic.file, &diagnostic.span) {
            (Some(id), Some(span)) => Some(sources.get(id).position(span.start)),
            _ => None,
        };
        Located {
            code: diagnostic.code(),
            severity: diagnostic.severity,
            file,
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
            message: diagnostic.problem.message(lang),
            help: diagnostic.problem.help(lang),
        }
    }
}

/// Sorts diagnostics by file path, then position, then code, so output never depends on
/// the order in which threads finished.
pub(crate) fn sort(diagnostics: &mut Vec<Diagnostic>, sources: &SourceMap) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            let path = d.file.map(|id| sources.path(id));
            let start = d.span.as_ref().map(|s| s.start);
            (path, start, d.code(), d.severity)
        };
        key(a).cmp(&key(b)).then_with(|| format!("{:?}", a.problem).cmp(&format!("{:?}", b.problem)))
    });
    // Exact repeats (one fault found by two routes) are reported once.
    diagnostics.dedup();
}

/// Counts of errors and warnings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
}

pub(crate) fn count(diagnostics: &[Diagnostic]) -> Counts {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    Counts { errors, warnings: diagnostics.len() - errors }
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_only() {
        let keys = ["published", "proposed_by", "reviewed_by", "title"];
        assert_eq!(did_you_mean("publised", keys).as_deref(), Some("published"));
        assert_eq!(did_you_mean("reveiwed_by", keys).as_deref(), Some("reviewed_by"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
