//! gongkai (公开): a compiler for government-disclosure catalogues.
//!
//! The crate is a binary with a thin library around it so that fuzz targets and
//! benchmarks can reach the parsers. The stages, in order: `cli` → `load` → `record`,
//! `unit`, `config`, `catalogue` → `check` and `compliance` → the outputs. See the
//! README for the user's view and `../shared/SPEC.md` for the contract.

mod catalogue;
mod check;
mod cli;
mod cmd;
mod compliance;
mod config;
mod dates;
mod diagnostics;
mod i18n;
mod load;
mod markdown;
mod record;
mod repo;
mod request;
mod schema;
mod sheets;
mod site;
mod source;
mod term;
mod theme;
mod toml_tree;
mod unit;
mod urls;
mod write;

use std::process::ExitCode;

/// Runs gongkai with the process's arguments and returns its exit code.
pub fn main() -> ExitCode {
    let options = cli::parse();
    if let Some(jobs) = options.global.jobs.filter(|&j| j > 0) {
        // Only fails when a pool already exists, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(jobs).build_global();
    }
    let lang = options.global.lang;
    match cmd::run(options) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{}{err:#}", lang.pick("错误:", "error: "));
            ExitCode::from(2)
        }
    }
}
