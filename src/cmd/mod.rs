//! One short orchestrator per subcommand; this module dispatches and owns exit codes.
//!
//! Exit codes (SPEC §4): 0 success (warnings included), 1 errors in the catalogue (or
//! warnings with `--deny-warnings`), 2 when gongkai cannot run (bad command line,
//! unreadable input, I/O failure). 101 would be a panic, which is always a bug.

mod build;
mod check;
mod sheets;

use std::process::ExitCode;

use crate::cli::{Action, Options};
use crate::diagnostics::Counts;
use crate::term::Term;

pub(crate) fn run(options: Options) -> anyhow::Result<ExitCode> {
    let term = Term::new(&options.global);
    match &options.action {
        Action::Check { repo, format, deny_warnings } => {
            check::run(&term, repo, *format, *deny_warnings)
        }
        Action::Build { repo, out, audience, base_url, strict } => {
            let options = build::BuildOptions {
                repo,
                out,
                audience: *audience,
                base_url: base_url.as_deref(),
                strict: *strict,
            };
            build::run(&term, &options)
        }
        Action::Sheets(sheet_options) => sheets::run(&term, sheet_options, options.global.jobs),
        Action::Due { .. } => not_yet("due"),
        Action::Report { .. } => not_yet("report"),
        Action::Init { .. } => not_yet("init"),
        Action::New { .. } => not_yet("new"),
        Action::Serve { .. } => not_yet("serve"),
        Action::AnnualReport { .. } => not_yet("annual-report"),
        Action::Completions { .. } => not_yet("completions"),
        Action::Man => not_yet("man"),
    }
}

/// Placeholder while a command is being built; exits 2 like any command that cannot run.
fn not_yet(command: &str) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`gongkai {command}` is not implemented yet")
}

/// 1 when there are errors (or warnings that are denied), else 0.
pub(crate) fn exit_code(counts: Counts, deny_warnings: bool) -> ExitCode {
    if counts.errors > 0 || (deny_warnings && counts.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
