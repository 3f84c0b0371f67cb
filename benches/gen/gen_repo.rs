//! `gen-repo`: writes a deterministic benchmark repository (see `generate.rs`).
//!
//! ```sh
//! cargo run --release --example gen-repo -- --records 10000 --out /tmp/repo-10k [--seed 1] [--hugo /tmp/hugo-10k]
//! ```
//!
//! Prints one JSON line with what was written. The benchmark runner (`benches/run.py`)
//! calls it and caches the result by N.

mod generate;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: gen-repo --records N --out DIR [--seed S] [--hugo DIR]\n(DIR must not exist yet)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen-repo: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut records = None;
    let mut out = None;
    let mut seed = 1;
    let mut hugo = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("`{arg}` needs a value"));
        match arg.as_str() {
            "--records" => records = Some(value()?.parse().map_err(|e| format!("--records: {e}"))?),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--hugo" => hugo = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let records = records.ok_or("--records is required")?;
    let out = out.ok_or("--out is required")?;
    for dir in std::iter::once(&out).chain(hugo.as_ref()) {
        if dir.exists() {
            return Err(format!("{} already exists", dir.display()));
        }
    }
    let options = generate::Options { records, seed, hugo };
    let summary = generate::generate(&out, &options)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!("{}", summary.json());
    Ok(())
}
