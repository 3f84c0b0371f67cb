//! `calendar-not-covered`: working days counted in a year the holiday calendar does not
//! cover, where every weekday is taken for a working day (no holidays, no make-up days).
//!
//! One warning per such year, at the first place (in path order) whose deadline reaches
//! into it, with the number of places in its help line: one stale calendar must not bury
//! the other diagnostics under a copy per request. Places are request deadlines (always
//! in working days) and, with `dynamic_within_working_days`, the deadlines of records
//! with an `event` and of feedback.

use std::collections::BTreeMap;
use std::ops::Range;

use super::deadline::{self, Clock};
use super::limit::Limit;
use crate::diagnostics::{Diagnostic, Problem};
use crate::repo::Repo;
use crate::source::{FileId, SourceMap};

/// A deadline that reaches into an uncovered year.
struct Use {
    year: i16,
    file: FileId,
    span: Range<usize>,
}

pub(crate) fn check(repo: &Repo, sources: &SourceMap, limit: Limit<'_>) -> Vec<Diagnostic> {
    let mut uses = request_uses(repo);
    if limit.working {
        for record in &repo.records {
            if let Some(event) = record.event {
                let span = record.span_of("event");
                for year in limit.uncovered_years(event) {
                    uses.push(Use { year, file: record.file, span: span.clone() });
                }
            }
            for entry in &record.feedback {
                let Some(received) = entry.received else { continue };
                for year in limit.uncovered_years(received) {
                    uses.push(Use { year, file: record.file, span: entry.span.clone() });
                }
            }
        }
    }
    let mut by_year: BTreeMap<i16, Vec<Use>> = BTreeMap::new();
    for u in uses {
        by_year.entry(u.year).or_default().push(u);
    }
    let covered = repo.calendar.covered_label();
    by_year
        .into_iter()
        .filter_map(|(year, list)| {
            let count = list.len();
            let first = list.into_iter().min_by(|a, b| {
                (sources.path(a.file), a.span.start).cmp(&(sources.path(b.file), b.span.start))
            })?;
            let problem =
                Problem::CalendarNotCovered { year, covered: covered.clone(), uses: count };
            Some(Diagnostic::at(problem, first.file, first.span))
        })
        .collect()
}

fn request_uses(repo: &Repo) -> Vec<Use> {
    let mut uses = Vec::new();
    for request in &repo.requests {
        let Some(received) = request.received else { continue };
        let (years, key) = match deadline::clock(request, &repo.calendar) {
            Clock::Running(d) => {
                let key = if d.start == received { "received" } else { "clarification_received" };
                (d.derivation.uncovered_years, key)
            }
            Clock::AwaitingSupplement { .. } | Clock::NoReceipt => {
                let due = deadline::clarification_due(received, &repo.calendar);
                (repo.calendar.uncovered_years(received, due), "received")
            }
        };
        let span = request.fields.span(key).unwrap_or(0..0);
        uses.extend(years.into_iter().map(|year| Use {
            year,
            file: request.file,
            span: span.clone(),
        }));
    }
    uses
}
