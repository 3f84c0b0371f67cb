//! Timeliness: dynamic records need an `event` and must be published within the limit
//! after it; feedback must be answered within the limit after it was received (or, still
//! unanswered, must not be older than that on `--as-of`).

use super::limit::Limit;
use crate::catalogue::Cadence;
use crate::dates::{self, Date};
use crate::diagnostics::{Diagnostic, Problem};
use crate::record::Record;
use crate::repo::Repo;

pub(crate) fn check(repo: &Repo, record: &Record, as_of: Date, limit: Limit) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !record.is_published() {
        return out;
    }
    let dynamic = repo.class_of(record).is_some_and(|c| c.cadence == Cadence::Dynamic);
    match (record.event, record.published) {
        (None, _) if dynamic => {
            let problem = Problem::EventMissing { class: record.class_key() };
            out.push(Diagnostic::at(problem, record.file, record.anchor()));
        }
        (Some(event), Some(published)) if !limit.on_time(event, published) => {
            let problem = Problem::LatePublication {
                event: event.to_string(),
                published: published.to_string(),
                days: dates::days_between(event, published),
                limit: limit.label(),
            };
            out.push(Diagnostic::at(problem, record.file, record.span_of("published")));
        }
        _ => {}
    }
    for entry in &record.feedback {
        let Some(received) = entry.received else { continue };
        let problem = match entry.replied_on {
            Some(replied) if !limit.on_time(received, replied) => Problem::FeedbackLate {
                received: received.to_string(),
                replied_on: replied.to_string(),
                days: dates::days_between(received, replied),
                limit: limit.label(),
            },
            None if !limit.on_time(received, as_of) => Problem::FeedbackUnanswered {
                received: received.to_string(),
                days: dates::days_between(received, as_of),
                limit: limit.label(),
            },
            _ => continue,
        };
        out.push(Diagnostic::at(problem, record.file, entry.span.clone()));
    }
    out
}
