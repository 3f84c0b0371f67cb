//! Whether each unit is doing its disclosure duty on the `--as-of` day (SPEC §4).
//!
//! `coverage.rs` decides, per unit × class, whether the class is `ok`, `missing`,
//! `stale` or `not-due` (completeness and freshness). The other rules look at records and
//! units one by one: timeliness of dynamic records and feedback (`timeliness.rs`),
//! attachments (`attachments.rs`), personal data in public records (`personal.rs`) and a
//! village's four ones (`four_ones.rs`), and disclosure requests (`requests.rs`, with the
//! deadline computation in `deadline.rs` and the warning for years the holiday calendar
//! does not cover in `uncovered.rs`). Everything here reads the checked repository and
//! only adds diagnostics.
//!
//! Two views are built on the same rules for the commands that report rather than judge:
//! the to-do list of `gongkai due` (`due.rs`) and the assessment scorecard of
//! `gongkai report` and the site's compliance page (`score.rs`).

pub(crate) mod attachments;
mod coverage;
pub(crate) mod deadline;
pub(crate) mod due;
pub(crate) mod four_ones;
pub(crate) mod limit;
pub(crate) mod personal;
pub(crate) mod requests;
pub(crate) mod score;
mod timeliness;
mod uncovered;

use rayon::prelude::*;

pub(crate) use coverage::{Coverage, CoverageStatus};

use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::repo::Repo;
use crate::source::SourceMap;

/// Runs every compliance rule; returns the coverage matrix.
pub(crate) fn check(
    repo: &Repo,
    as_of: Date,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Coverage> {
    let matrix = coverage::coverage(repo, as_of, diagnostics);
    diagnostics.extend(repo.units.iter().filter_map(four_ones::check));
    let limit = limit::Limit::from_repo(repo);
    let allowed = published_phones(repo);
    let found: Vec<Vec<Diagnostic>> = repo
        .records
        .par_iter()
        .map(|record| {
            let mut out = timeliness::check(repo, record, as_of, limit);
            out.extend(attachments::check(repo, record, sources));
            out.extend(personal::check(record, sources, &allowed));
            out
        })
        .collect();
    diagnostics.extend(found.into_iter().flatten());
    for request in &repo.requests {
        diagnostics.extend(requests::check(request, &repo.calendar, as_of));
    }
    diagnostics.extend(uncovered::check(repo, sources, limit));
    matrix
}

/// The digits of every unit's published supervision phone: numbers that may appear in
/// public records.
fn published_phones(repo: &Repo) -> Vec<String> {
    repo.units
        .iter()
        .filter_map(|u| u.phone.as_deref())
        .map(|p| p.chars().filter(char::is_ascii_digit).collect())
        .collect()
}
