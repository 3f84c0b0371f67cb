//! One short orchestrator per subcommand; this module dispatches and owns exit codes.
//!
//! Exit codes (SPEC §4): 0 success (warnings included), 1 errors in the catalogue (or
//! warnings with `--deny-warnings`), 2 when gongkai cannot run (bad command line,
//! unreadable input, I/O failure). 101 would be a panic, which is always a bug.

mod annual;
pub(crate) mod build;
mod check;
mod completions;
mod due;
mod init;
mod new;
mod report;
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
        Action::Due { repo, units, format } => due::run(&term, repo, units, *format),
        Action::Report { repo, format } => report::run(&term, repo, *format),
        Action::Init { dir, level, name, code, today } => {
            let request = init::Request {
                dir,
                level,
                name: name.as_deref(),
                code: code.as_deref(),
                today: *today,
            };
            init::run(&term, &request)
        }
        Action::New { root, unit, class, title, slug, today } => {
            let request =
                new::Request { root, unit, class, title, slug: slug.as_deref(), today: *today };
            new::run(&term, &request)
        }
        Action::Serve { repo, port, open, audience } => {
            let options =
                crate::serve::ServeOptions { repo, port: *port, open: *open, audience: *audience };
            crate::serve::run(&term, &options)
        }
        Action::AnnualReport { repo, year, format } => annual::run(&term, repo, *year, *format),
        Action::Completions { shell } => completions::completions(*shell),
        Action::Man => completions::man(),
    }
}

/// 1 when there are errors (or warnings that are denied), else 0.
pub(crate) fn exit_code(counts: Counts, deny_warnings: bool) -> ExitCode {
    if counts.errors > 0 || (deny_warnings && counts.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
