//! One short orchestrator per subcommand; this module dispatches and owns exit codes.
//!
//! Exit codes (SPEC §4): 0 success (warnings included), 1 errors in the catalogue (or
//! warnings with `--deny-warnings`), 2 when gongkai cannot run (bad command line,
//! unreadable input, I/O failure). 101 would be a panic, which is always a bug.

mod check;

use std::process::ExitCode;

use crate::cli::{Action, Options};
use crate::diagnostics::Counts;
use crate::term::Term;

pub(crate) fn run(options: Options) -> anyhow::Result<ExitCode> {
    let term = Term::new(&options.global);
    match &options.action {
        Action::Check { repo, format, deny_warnings } => check::run(&term, repo, *format, *deny_warnings),
    }
}

/// 1 when there are errors (or warnings that are denied), else 0.
pub(crate) fn exit_code(counts: Counts, deny_warnings: bool) -> ExitCode {
    if counts.errors > 0 || (deny_warnings && counts.warnings > 0) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
