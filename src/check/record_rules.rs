//! Rules of one record on its own: its class key, the 提出 → 审核 → 公开 workflow, its
//! feedback entries, its summary and raw HTML.

use crate::diagnostics::{Diagnostic, Problem};
use crate::record::{Record, Status};
use crate::source::SourceMap;

/// Checks one record (its file's text in `sources`); pure, so records are checked in
/// parallel.
pub(crate) fn check(record: &Record, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    class_key(record, &mut out);
    workflow(record, &mut out);
    feedback(record, &mut out);
    summary(record, &mut out);
    raw_html(record, sources, &mut out);
    out
}

/// A `class` key must name the record's folder: `funds` or `external/funds`.
fn class_key(record: &Record, out: &mut Vec<Diagnostic>) {
    let Some(value) = record.fields.str("class") else { return };
    let folder = record.class_key();
    if value != record.class && value != folder {
        let problem = Problem::ClassMismatch { key_value: value, folder };
        out.push(Diagnostic::at(problem, record.file, record.span_of("class")));
    }
}

fn workflow(record: &Record, out: &mut Vec<Diagnostic>) {
    if record.status != Status::Published {
        return;
    }
    // A key written with a bad value is reported as such, not as missing too.
    let absent = |key: &str| !record.fields.is_invalid(key);
    let Some(published) = record.published else {
        if absent("published") {
            let span = record.span_of("status");
            out.push(Diagnostic::at(Problem::MissingPublished, record.file, span));
        }
        return;
    };
    let mut missing = Vec::new();
    if record.reviewed_by.is_none() && absent("reviewed_by") {
        missing.push("reviewed_by");
    }
    if record.reviewed_on.is_none() && absent("reviewed_on") {
        missing.push("reviewed_on");
    }
    if !missing.is_empty() {
        out.push(Diagnostic::at(Problem::NotReviewed { missing }, record.file, record.anchor()));
    }
    if let Some(reviewed_on) = record.reviewed_on
        && reviewed_on > published
    {
        let problem = Problem::ReviewedAfterPublished {
            reviewed_on: reviewed_on.to_string(),
            published: published.to_string(),
        };
        out.push(Diagnostic::at(problem, record.file, record.span_of("reviewed_on")));
    }
}

/// A reply needs its date and a date needs its reply, or timeliness cannot be judged.
fn feedback(record: &Record, out: &mut Vec<Diagnostic>) {
    // `feedback` rows and entries are built one for one.
    for (entry, row) in record.feedback.iter().zip(record.fields.rows("feedback")) {
        let missing = match (&entry.reply, entry.replied_on) {
            (Some(_), None) if !row.is_invalid("replied_on") => "replied_on",
            (None, Some(_)) if !row.is_invalid("reply") => "reply",
            _ => continue,
        };
        out.push(Diagnostic::at(
            Problem::FeedbackIncomplete { missing },
            record.file,
            entry.span.clone(),
        ));
    }
}

fn summary(record: &Record, out: &mut Vec<Diagnostic>) {
    let Some(summary) = &record.summary else { return };
    let chars = summary.trim().chars().count();
    if chars > 100 {
        out.push(Diagnostic::at(
            Problem::SummaryTooLong { chars },
            record.file,
            record.span_of("summary"),
        ));
    }
}

fn raw_html(record: &Record, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    if let Some(offset) = crate::markdown::raw_html_offset(record.body_text(sources)) {
        // A `.toml` body with escapes cannot be mapped back to the file: its start then.
        let exact = record.fields.get("body").is_none()
            || record.span_of("body").start != record.body_offset;
        let span = if exact {
            let at = record.body_offset + offset;
            at..at
        } else {
            record.span_of("body")
        };
        out.push(Diagnostic::at(Problem::RawHtml, record.file, span));
    }
}
