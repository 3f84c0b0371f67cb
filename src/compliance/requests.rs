//! The rules of a disclosure request (依申请公开, SPEC §2): answered in time, and its
//! dates and outcome consistent with each other.
//!
//! | code | when |
//! |---|---|
//! | `request-overdue` | no reply (and no outcome) on `--as-of`, after the deadline |
//! | `request-late` | `replied` after the deadline |
//! | `request-date-order` | a date before the one it must follow (`replied`, `clarification_sent`, `extended_on` before `received`; `clarification_received` before `clarification_sent`) |
//! | `clarification-not-sent` | `clarification_received` without `clarification_sent` |
//! | `clarification-late` | `clarification_sent` more than 7 working days after `received` |
//! | `extension-late` | `extended_on` after the original deadline (the extension does not count) |
//! | `outcome-without-reply` / `reply-without-outcome` | one of `outcome` and `replied` alone |
//! | `reason-missing` | an outcome other than 予以公开 without `reason` |
//!
//! Each diagnostic points at the key it is about; the deadline ones carry the
//! computation ([`super::deadline`]) for their help line.

use std::ops::Range;

use super::deadline::{self, Clock, EXTENSION_DAYS};
use crate::dates::{self, Date};
use crate::diagnostics::{Diagnostic, Problem};
use crate::request::Request;
use crate::workdays::WorkCalendar;

/// The only outcome that needs no reason.
pub(crate) const DISCLOSED: &str = "予以公开";

pub(crate) fn check(request: &Request, calendar: &WorkCalendar, as_of: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at =
        |problem: Problem, key: &str| Diagnostic::at(problem, request.file, span(request, key));
    let fields = &request.fields;
    if request.consultation_days < 0 {
        let problem = Problem::InvalidValue {
            key: "consultation_days".into(),
            value: request.consultation_days.to_string(),
            allowed: vec!["0, 1, 2, …".to_owned()],
            suggestion: None,
        };
        out.push(at(problem, "consultation_days"));
    }
    out.extend(date_order(request).into_iter().map(|(problem, key)| at(problem, key)));
    if request.clarification_received.is_some()
        && request.clarification_sent.is_none()
        && !fields.is_invalid("clarification_sent")
    {
        out.push(at(Problem::ClarificationNotSent, "clarification_received"));
    }
    if let (Some(received), Some(sent)) = (request.received, request.clarification_sent) {
        let due = deadline::clarification_due(received, calendar);
        if sent > due {
            let problem =
                Problem::ClarificationLate { sent: sent.to_string(), due: due.to_string() };
            out.push(at(problem, "clarification_sent"));
        }
    }
    out.extend(timeliness(request, calendar, as_of).map(|(problem, key)| at(problem, key)));
    match (&request.outcome, request.replied) {
        (Some(_), None) if !fields.is_invalid("replied") => {
            out.push(at(Problem::OutcomeWithoutReply, "outcome"));
        }
        (None, Some(_)) if !fields.is_invalid("outcome") => {
            out.push(at(Problem::ReplyWithoutOutcome, "replied"));
        }
        _ => {}
    }
    if let Some(outcome) = &request.outcome
        && outcome != DISCLOSED
        && request.reason.is_none()
        && !fields.is_invalid("reason")
    {
        out.push(at(Problem::ReasonMissing { outcome: outcome.clone() }, "outcome"));
    }
    out
}

/// The span of a key's value, or the file's start when it is not written.
fn span(request: &Request, key: &str) -> Range<usize> {
    request.fields.span(key).unwrap_or(0..0)
}

/// Dates before the ones they must follow.
fn date_order(request: &Request) -> Vec<(Problem, &'static str)> {
    let mut out = Vec::new();
    let mut before = |key: &'static str, value: Option<Date>, other_key, other: Option<Date>| {
        if let (Some(value), Some(other)) = (value, other)
            && value < other
        {
            let problem = Problem::RequestDateOrder {
                key,
                value: value.to_string(),
                other_key,
                other: other.to_string(),
            };
            out.push((problem, key));
        }
    };
    let received = request.received;
    before("clarification_sent", request.clarification_sent, "received", received);
    match request.clarification_sent {
        Some(sent) => before(
            "clarification_received",
            request.clarification_received,
            "clarification_sent",
            Some(sent),
        ),
        None => {
            before("clarification_received", request.clarification_received, "received", received)
        }
    }
    before("extended_on", request.extended_on, "received", received);
    before("replied", request.replied, "received", received);
    out
}

/// `request-late`, `request-overdue` and `extension-late`, with the key each is about.
fn timeliness(
    request: &Request,
    calendar: &WorkCalendar,
    as_of: Date,
) -> impl Iterator<Item = (Problem, &'static str)> {
    let mut out = Vec::new();
    let (Some(received), Clock::Running(deadline)) =
        (request.received, deadline::clock(request, calendar))
    else {
        return out.into_iter();
    };
    if let Some(notice) = request.extended_on.filter(|n| *n >= received && *n > deadline.original) {
        let problem = Problem::ExtensionLate {
            extended_on: notice.to_string(),
            deadline: deadline.original.to_string(),
        };
        out.push((problem, "extended_on"));
    }
    match request.replied {
        Some(replied) if replied >= received && replied > deadline.due => {
            let extended = calendar.add_working_days(deadline.original, EXTENSION_DAYS);
            let problem = Problem::RequestLate {
                replied: replied.to_string(),
                due: deadline.due.to_string(),
                could_extend: request.extended_on.is_none() && replied <= extended,
                derivation: deadline.derivation,
            };
            out.push((problem, "replied"));
        }
        None if request.outcome.is_none()
            && !request.fields.is_invalid("replied")
            && deadline.due < as_of =>
        {
            let key =
                if deadline.start == received { "received" } else { "clarification_received" };
            let problem = Problem::RequestOverdue {
                due: deadline.due.to_string(),
                days: dates::days_between(deadline.due, as_of),
                derivation: deadline.derivation,
            };
            out.push((problem, key));
        }
        _ => {}
    }
    out.into_iter()
}
