//! gongkai (公开): a compiler for government-disclosure catalogues.
//!
//! The crate is a binary with a thin library around it so that fuzz targets and
//! benchmarks can reach the parsers. The stages, in order: `cli` → `load` → `record`,
//! `unit`, `config`, `catalogue` → `check` and `compliance` → the outputs. See the
//! README for the user's view and `../shared/SPEC.md` for the contract.

mod annual;
mod catalogue;
mod check;
mod cli;
mod cmd;
mod compliance;
mod config;
mod dates;
mod diagnostics;
/// Entry points for the fuzz targets in `fuzz/`: not part of gongkai's interface.
#[doc(hidden)]
pub mod fuzz;
mod i18n;
mod load;
mod markdown;
#[cfg(test)]
mod properties;
mod record;
mod repo;
mod request;
mod scaffold;
mod schema;
mod search;
mod serve;
mod sheets;
mod site;
mod source;
mod term;
mod theme;
mod timings;
mod toml_tree;
mod unit;
mod urls;
mod workdays;
mod write;

use std::process::ExitCode;

/// More threads than this are never started, whatever `--jobs` asks for.
const MAX_JOBS: usize = 256;

/// Runs gongkai with the process's arguments and returns its exit code.
pub fn main() -> ExitCode {
    let options = cli::parse();
    // Clamped: rayon starts every thread up front, and `-j 100000` hung for minutes (and
    // `-j 99999999999` was killed) before any work began (#8).
    if let Some(jobs) = options.global.jobs.filter(|&j| j > 0).map(|j| j.min(MAX_JOBS)) {
        // Only fails when a pool already exists, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(jobs).build_global();
    }
    let lang = options.global.lang;
    let color = term::Term::new(&options.global).color;
    match cmd::run(options) {
        Ok(code) => code,
        Err(err) => {
            let label = lang.pick("错误", "error");
            let label = if color { format!("\x1b[1;31m{label}\x1b[0m") } else { label.to_owned() };
            eprintln!("{label}{}{}", lang.pick(":", ": "), i18n::render_error(&err, lang));
            ExitCode::from(2)
        }
    }
}
