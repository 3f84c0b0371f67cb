//! Completeness and freshness: the coverage matrix of every unit × class.
//!
//! * A non-optional fixed class needs a current record on the `--as-of` day, else it is
//!   `missing` (also when all its records expired, were abolished or withdrawn).
//! * A fixed class with current records needs one published or reconfirmed on or after
//!   the first day of the latest refresh window that ended before `--as-of` (its end day
//!   counting as inside it), else it is `stale`.
//! * A dynamic class with no published record yet is `not-due` (a warning: an empty
//!   column); an optional fixed class with none is `not-due` silently.

use serde::Serialize;

use crate::catalogue::{Cadence, Class};
use crate::dates::Date;
use crate::diagnostics::{Diagnostic, Problem};
use crate::record::Record;
use crate::repo::Repo;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum CoverageStatus {
    Ok,
    Missing,
    Stale,
    NotDue,
}

impl CoverageStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            CoverageStatus::Ok => "ok",
            CoverageStatus::Missing => "missing",
            CoverageStatus::Stale => "stale",
            CoverageStatus::NotDue => "not-due",
        }
    }

    pub(crate) fn chinese(self) -> &'static str {
        match self {
            CoverageStatus::Ok => "正常",
            CoverageStatus::Missing => "缺失",
            CoverageStatus::Stale => "未刷新",
            CoverageStatus::NotDue => "暂无",
        }
    }
}

/// One cell of the coverage matrix (the JSON `coverage` entries of SPEC §4).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Coverage {
    /// The unit id.
    pub(crate) unit: String,
    /// `external/funds`.
    pub(crate) class: String,
    pub(crate) status: CoverageStatus,
    /// Published records of the class (current or not).
    pub(crate) records: usize,
    pub(crate) last_published: Option<Date>,
    /// Index of the unit (not serialised).
    #[serde(skip)]
    pub(crate) unit_index: usize,
    /// Whether the class is fixed (not serialised).
    #[serde(skip)]
    pub(crate) fixed: bool,
    #[serde(skip)]
    pub(crate) optional: bool,
}

pub(crate) fn coverage(repo: &Repo, as_of: Date, diagnostics: &mut Vec<Diagnostic>) -> Vec<Coverage> {
    let window_start = repo.settings.windows.latest_ended(as_of).map(|w| w.start);
    let mut matrix = Vec::new();
    for (u, unit) in repo.units.iter().enumerate() {
        for class in repo.unit_classes(unit) {
            let records: Vec<&Record> =
                repo.class_records(u, class.audience, &class.id).filter(|r| r.is_published()).collect();
            let (status, problem) = status(class, &records, as_of, window_start);
            if let Some((problem, at)) = problem {
                diagnostics.push(match at {
                    Some(record) => Diagnostic::at(problem, record.file, record.span_of("published")),
                    None => Diagnostic::in_file(problem, unit.file),
                });
            }
            matrix.push(Coverage {
                unit: unit.id.clone(),
                class: class.key(),
                status,
                records: records.len(),
                last_published: records.iter().filter_map(|r| r.published).filter(|d| *d <= as_of).max(),
                unit_index: u,
                fixed: class.cadence == Cadence::Fixed,
                optional: class.optional,
            });
        }
    }
    matrix
}

/// The status of one class, and the problem to report (with the record to point at).
fn status<'a>(
    class: &Class,
    records: &[&'a Record],
    as_of: Date,
    window_start: Option<Date>,
) -> (CoverageStatus, Option<(Problem, Option<&'a Record>)>) {
    let key = class.key();
    let name = class.name.clone();
    if class.cadence == Cadence::Dynamic {
        if records.iter().any(|r| r.published.is_some_and(|p| p <= as_of)) {
            return (CoverageStatus::Ok, None);
        }
        return (CoverageStatus::NotDue, Some((Problem::ClassEmpty { class: key, name }, None)));
    }
    let current: Vec<&Record> = records.iter().copied().filter(|r| r.is_current(as_of)).collect();
    if current.is_empty() {
        if class.optional && records.is_empty() {
            return (CoverageStatus::NotDue, None);
        }
        let had_records = !records.is_empty();
        return (CoverageStatus::Missing, Some((Problem::ClassMissing { class: key, name, had_records }, None)));
    }
    let Some(start) = window_start else { return (CoverageStatus::Ok, None) };
    let newest = current.iter().copied().max_by_key(|r| (r.last_posted(as_of), r.file));
    let last = newest.and_then(|r| r.last_posted(as_of));
    if last.is_some_and(|d| d >= start) {
        return (CoverageStatus::Ok, None);
    }
    let problem = Problem::ClassStale {
        class: key,
        name,
        last_posted: last.map(|d| d.to_string()).unwrap_or_default(),
        window_start: start.to_string(),
    };
    (CoverageStatus::Stale, Some((problem, newest)))
}
