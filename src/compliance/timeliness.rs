//! Timeliness: dynamic records need an `event` and must be published within the limit
//! after it; feedback must be answered within the limit after it was received (or, still
//! unanswered, must not be older than that on `--as-of`).
//!
//! Drafts and reviewed records are checked all the same (SPEC §2): a draft of a dynamic
//! class needs its `event` too, since that is what `gongkai due` counts its deadline
//! from. Only the publication date itself is judged on published records alone.

use super::limit::Limit;
use crate::catalogue::Cadence;
use crate::dates::Date;
use crate::diagnostics::{Diagnostic, Problem};
use crate::record::Record;
use crate::repo::Repo;

pub(crate) fn check(
    repo: &Repo,
    record: &Record,
    as_of: Date,
    limit: Limit<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let dynamic = repo.class_of(record).is_some_and(|c| c.cadence == Cadence::Dynamic);
    let published = record.published.filter(|_| record.is_published());
    match (record.event, published) {
        (None, _) if dynamic && !record.fields.is_invalid("event") => {
            let problem = Problem::EventMissing { class: record.class_key() };
            out.push(Diagnostic::at(problem, record.file, record.anchor()));
        }
        (Some(event), Some(published)) if !limit.on_time(event, published) => {
            let problem = Problem::LatePublication {
                event: event.to_string(),
                published: published.to_string(),
                days: limit.elapsed(event, published),
                limit: limit.days,
                working: limit.working,
            };
            out.push(Diagnostic::at(problem, record.file, record.span_of("published")));
        }
        _ => {}
    }
    for (entry, row) in record.feedback.iter().zip(record.fields.rows("feedback")) {
        let Some(received) = entry.received else { continue };
        let problem = match entry.replied_on {
            Some(replied) if !limit.on_time(received, replied) => Problem::FeedbackLate {
                received: received.to_string(),
                replied_on: replied.to_string(),
                days: limit.elapsed(received, replied),
                limit: limit.days,
                working: limit.working,
            },
            // A bad `replied_on` is reported already; it was answered, on a day unknown.
            None if !row.is_invalid("replied_on") && !limit.on_time(received, as_of) => {
                Problem::FeedbackUnanswered {
                    received: received.to_string(),
                    days: limit.elapsed(received, as_of),
                    limit: limit.days,
                    working: limit.working,
                }
            }
            _ => continue,
        };
        out.push(Diagnostic::at(problem, record.file, entry.span.clone()));
    }
    out
}
