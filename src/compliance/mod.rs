//! Whether each unit is doing its disclosure duty on the `--as-of` day (SPEC §4).
//!
//! `coverage.rs` decides, per unit × class, whether the class is `ok`, `missing`,
//! `stale` or `not-due` (completeness and freshness). The other rules look at records and
//! units one by one: timeliness of dynamic records and feedback (`timeliness.rs`),
//! attachments (`attachments.rs`), personal data in public records (`personal.rs`) and a
//! village's four ones (`four_ones.rs`). Everything here reads the checked repository and
//! only adds diagnostics.

mod coverage;

pub(crate) use coverage::{Coverage, CoverageStatus};

use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::repo::Repo;
use crate::source::SourceMap;

/// Runs every compliance rule; returns the coverage matrix.
pub(crate) fn check(repo: &Repo, as_of: Date, sources: &SourceMap, diagnostics: &mut Vec<Diagnostic>) -> Vec<Coverage> {
    let _ = sources;
    coverage::coverage(repo, as_of, diagnostics)
}
