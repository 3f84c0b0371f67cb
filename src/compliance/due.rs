//! The to-do list of `gongkai due`: per unit, what must be posted or refreshed next and
//! what is overdue, as of a day (SPEC §5 "`due` and `report`").
//!
//! Pure: it reads the checked repository and its coverage matrix and returns values;
//! `cmd/due.rs` prints them. Four lists per unit:
//!
//! * **refresh**: the fixed classes to post in the refresh window (the current one, else
//!   the next). A `missing` class comes first (post now), then a `stale` one (it missed
//!   the last window: refresh now), then every class with no posting (publication or
//!   reconfirmation) inside the window yet. An optional class with no current record has
//!   nothing to refresh.
//! * **dynamic**: drafts and reviewed records with an `event` whose deadline (`event` +
//!   `dynamic_within_days`) has passed or falls within the next `dynamic_within_days`.
//! * **feedback**: unanswered feedback received by the day, with its deadline.
//! * **four ones**: what a village has not declared.
//! * **requests**: disclosure requests (依申请公开) not answered by the day, each with its
//!   deadline and how it was computed (`deadline.rs`); one waiting for a supplement has
//!   no deadline until it arrives.

use serde::Serialize;

use super::deadline::{self, Clock, Derivation};
use super::four_ones;
use super::limit::Limit;
use super::{Coverage, CoverageStatus};
use crate::catalogue::Cadence;
use crate::dates::{self, Date, Span};
use crate::record::{Record, Status};
use crate::repo::Repo;
use crate::source::SourceMap;

/// The whole to-do list (the `due --format json` document).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DueList {
    pub(crate) as_of: Date,
    /// The window the refresh lists are for; `None` when no windows are configured.
    pub(crate) window: Option<WindowDue>,
    pub(crate) dynamic_within_days: i64,
    /// Set when the limit is counted in working days instead (then this is the limit).
    pub(crate) dynamic_within_working_days: Option<i64>,
    pub(crate) units: Vec<UnitDue>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct WindowDue {
    /// `2027-01`.
    pub(crate) id: String,
    pub(crate) start: Date,
    pub(crate) end: Date,
    /// Whether `as_of` falls inside it (else it is the next one).
    pub(crate) current: bool,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct UnitDue {
    pub(crate) unit: String,
    pub(crate) name: String,
    pub(crate) refresh: Vec<ClassDue>,
    pub(crate) dynamic: Vec<RecordDue>,
    pub(crate) feedback: Vec<FeedbackDue>,
    pub(crate) four_ones: Vec<FourOne>,
    pub(crate) requests: Vec<RequestDue>,
}

impl UnitDue {
    pub(crate) fn is_empty(&self) -> bool {
        self.refresh.is_empty()
            && self.dynamic.is_empty()
            && self.feedback.is_empty()
            && self.four_ones.is_empty()
            && self.requests.is_empty()
    }
}

/// A disclosure request not answered by the day.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RequestDue {
    pub(crate) file: String,
    pub(crate) subject: String,
    pub(crate) requester: Option<String>,
    pub(crate) received: Date,
    /// `None` while a supplement is awaited: the clock is stopped.
    pub(crate) due: Option<Date>,
    /// Calendar days to `due`; negative when overdue.
    pub(crate) days_left: Option<i64>,
    pub(crate) overdue: bool,
    /// The day the applicant was asked to supplement, while the supplement is awaited.
    pub(crate) awaiting_supplement: Option<Date>,
    /// How `due` was computed.
    pub(crate) derivation: Option<Derivation>,
}

/// What to do with a fixed class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Action {
    /// No current record: post one now.
    PostNow,
    /// Not refreshed in the last window that ended: refresh now.
    RefreshNow,
    /// Post or reconfirm it within the window.
    Refresh,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ClassDue {
    /// `external/funds`.
    pub(crate) class: String,
    pub(crate) name: String,
    pub(crate) status: CoverageStatus,
    pub(crate) action: Action,
    /// `refresh`: the window's last day; `refresh-now`: the last day of the window that
    /// was missed; `post-now`: none.
    pub(crate) due: Option<Date>,
    pub(crate) overdue: bool,
    /// The latest publication or reconfirmation of a current record, up to `as_of`.
    pub(crate) last_posted: Option<Date>,
    /// The last day the class still has a current record, when all of them expire or are
    /// abolished (then it turns `missing` the day after, window or not).
    pub(crate) current_until: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct RecordDue {
    /// Relative to the repository root.
    pub(crate) file: String,
    pub(crate) title: String,
    pub(crate) class: String,
    pub(crate) status: Status,
    pub(crate) event: Date,
    pub(crate) due: Date,
    /// Negative when overdue.
    pub(crate) days_left: i64,
    pub(crate) overdue: bool,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct FeedbackDue {
    pub(crate) file: String,
    /// The line of the `[[feedback]]` entry.
    pub(crate) line: usize,
    /// The title of the record it is about.
    pub(crate) record: String,
    pub(crate) question: String,
    pub(crate) received: Date,
    pub(crate) due: Date,
    pub(crate) days_left: i64,
    pub(crate) overdue: bool,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct FourOne {
    /// The `unit.toml` key: `board`, `mailbox`, `finance_group` or `record_book`.
    pub(crate) key: &'static str,
    pub(crate) name: &'static str,
}

/// The to-do list of the units `selected` (indices into `repo.units`) as of `as_of`.
pub(crate) fn due(
    repo: &Repo,
    sources: &SourceMap,
    coverage: &[Coverage],
    as_of: Date,
    selected: &[usize],
) -> DueList {
    let windows = &repo.settings.windows;
    let window = windows.current_or_next(as_of);
    let missed = windows.latest_ended(as_of);
    let limit = Limit::from_repo(repo);
    let units = selected
        .iter()
        .map(|&u| {
            let cells: Vec<&Coverage> = coverage.iter().filter(|c| c.unit_index == u).collect();
            UnitDue {
                unit: repo.units[u].id.clone(),
                name: repo.units[u].name.clone(),
                refresh: refresh(repo, u, &cells, as_of, window, missed),
                dynamic: dynamic(repo, sources, u, as_of, limit),
                feedback: feedback(repo, sources, u, as_of, limit),
                four_ones: four_ones_missing(repo, u),
                requests: requests(repo, sources, u, as_of),
            }
        })
        .collect();
    DueList {
        as_of,
        window: window.map(|w| WindowDue {
            id: w.id(),
            start: w.start,
            end: w.end,
            current: w.contains(as_of),
        }),
        dynamic_within_days: repo.settings.dynamic_within_days,
        dynamic_within_working_days: repo.settings.dynamic_within_working_days,
        units,
    }
}

/// The units `due` lists by default: those with classes to disclose or requests, and
/// villages.
pub(crate) fn default_units(repo: &Repo) -> Vec<usize> {
    (0..repo.units.len())
        .filter(|&u| {
            let unit = &repo.units[u];
            unit.is_village()
                || repo.unit_classes(unit).next().is_some()
                || repo.requests.iter().any(|r| r.unit == u)
        })
        .collect()
}

fn refresh(
    repo: &Repo,
    unit: usize,
    cells: &[&Coverage],
    as_of: Date,
    window: Option<Span>,
    missed: Option<Span>,
) -> Vec<ClassDue> {
    let mut out = Vec::new();
    for cell in cells.iter().filter(|c| c.fixed) {
        let Some(class) = repo
            .unit_classes(&repo.units[unit])
            .find(|c| c.key() == cell.class && c.cadence == Cadence::Fixed)
        else {
            continue;
        };
        let records: Vec<&Record> = repo.class_records(unit, class.audience, &class.id).collect();
        let current: Vec<&Record> =
            records.iter().copied().filter(|r| r.is_current(as_of)).collect();
        let last_posted = current.iter().filter_map(|r| r.last_posted(as_of)).max();
        // `None` as soon as one current record has no end.
        let ends: Option<Vec<Date>> = current.iter().map(|r| last_current_day(r)).collect();
        let current_until = ends.and_then(|ends| ends.into_iter().max());
        let (action, due) = match cell.status {
            CoverageStatus::Missing => (Action::PostNow, None),
            CoverageStatus::Stale => (Action::RefreshNow, missed.map(|w| w.end)),
            // An optional class with no current record: nothing to refresh.
            CoverageStatus::NotDue => continue,
            CoverageStatus::Ok => match window {
                Some(w) if !posted_in(&records, w) => (Action::Refresh, Some(w.end)),
                _ => continue,
            },
        };
        out.push(ClassDue {
            class: cell.class.clone(),
            name: class.name.clone(),
            status: cell.status,
            action,
            due,
            overdue: action != Action::Refresh,
            last_posted,
            current_until,
        });
    }
    // Stable: catalogue order within each action.
    out.sort_by_key(|c| c.action);
    out
}

/// The last day a record is current: its `expires` day, or the day before `abolished`.
fn last_current_day(record: &Record) -> Option<Date> {
    let abolished = record.abolished.map(|d| dates::add_days(d, -1));
    match (record.expires, abolished) {
        (Some(e), Some(a)) => Some(e.min(a)),
        (e, a) => e.or(a),
    }
}

/// Whether a record of the class is posted (published or reconfirmed, scheduled ones
/// included) inside the window and current on that day.
fn posted_in(records: &[&Record], window: Span) -> bool {
    records.iter().filter(|r| r.is_published()).any(|r| {
        r.published
            .into_iter()
            .chain(r.reconfirmed.iter().copied())
            .any(|d| window.contains(d) && r.is_current(d))
    })
}

fn dynamic(
    repo: &Repo,
    sources: &SourceMap,
    unit: usize,
    as_of: Date,
    limit: Limit<'_>,
) -> Vec<RecordDue> {
    let horizon = limit.due(as_of);
    let mut out: Vec<RecordDue> = repo
        .records
        .iter()
        .filter(|r| r.unit == unit && matches!(r.status, Status::Draft | Status::Reviewed))
        .filter_map(|r| {
            let event = r.event?;
            let due = limit.due(event);
            (due <= horizon).then(|| RecordDue {
                file: sources.path(r.file).to_owned(),
                title: r.title.clone(),
                class: r.class_key(),
                status: r.status,
                event,
                due,
                days_left: dates::days_between(as_of, due),
                overdue: due < as_of,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.due, &a.file).cmp(&(b.due, &b.file)));
    out
}

fn feedback(
    repo: &Repo,
    sources: &SourceMap,
    unit: usize,
    as_of: Date,
    limit: Limit<'_>,
) -> Vec<FeedbackDue> {
    let mut out = Vec::new();
    for record in repo.records.iter().filter(|r| r.unit == unit) {
        for entry in &record.feedback {
            let Some(received) = entry.received else { continue };
            let answered = entry.replied_on.is_some_and(|d| d <= as_of);
            if answered || received > as_of {
                continue;
            }
            let due = limit.due(received);
            out.push(FeedbackDue {
                file: sources.path(record.file).to_owned(),
                line: sources.get(record.file).position(entry.span.start).0,
                record: record.title.clone(),
                question: entry.question.clone(),
                received,
                due,
                days_left: dates::days_between(as_of, due),
                overdue: due < as_of,
            });
        }
    }
    out.sort_by(|a, b| (a.due, &a.file, a.line).cmp(&(b.due, &b.file, b.line)));
    out
}

/// The unit's requests received by the day and not answered by it, soonest deadline first
/// (those waiting for a supplement last).
fn requests(repo: &Repo, sources: &SourceMap, unit: usize, as_of: Date) -> Vec<RequestDue> {
    let mut out: Vec<RequestDue> = repo
        .requests
        .iter()
        .filter(|r| r.unit == unit)
        .filter_map(|r| {
            let received = r.received.filter(|d| *d <= as_of)?;
            let answered = match r.replied {
                Some(replied) => replied <= as_of,
                // An outcome without a reply date is answered on a day unknown (reported).
                None => r.outcome.is_some(),
            };
            if answered {
                return None;
            }
            let (due, awaiting, derivation) = match deadline::clock(r, &repo.calendar) {
                Clock::Running(d) => (Some(d.due), None, Some(d.derivation)),
                Clock::AwaitingSupplement { sent } => (None, Some(sent), None),
                Clock::NoReceipt => (None, None, None),
            };
            Some(RequestDue {
                file: sources.path(r.file).to_owned(),
                subject: r.subject.clone().unwrap_or_default(),
                requester: r.requester.clone(),
                received,
                due,
                days_left: due.map(|d| dates::days_between(as_of, d)),
                overdue: due.is_some_and(|d| d < as_of),
                awaiting_supplement: awaiting,
                derivation,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.due.is_none(), a.due, &a.file).cmp(&(b.due.is_none(), b.due, &b.file)));
    out
}

fn four_ones_missing(repo: &Repo, unit: usize) -> Vec<FourOne> {
    let unit = &repo.units[unit];
    if !unit.is_village() {
        return Vec::new();
    }
    four_ones::missing(unit)
        .into_iter()
        .map(|key| FourOne { key, name: four_ones::name(key, crate::i18n::Lang::Zh) })
        .collect()
}
