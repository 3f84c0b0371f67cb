//! The benchmark's generated repositories (benches/gen, issue #7) are what the figures are
//! measured on, so they must stay clean: a small one checks with exit 0 and no
//! diagnostics, and the generator writes the same bytes every time. No timing here: the
//! benchmark runner (`benches/run.py`) is the check for speed.

#![allow(clippy::expect_used)]

#[path = "../benches/gen/generate.rs"]
#[allow(dead_code, unreachable_pub)]
mod generate;

mod common;

use std::collections::BTreeMap;
use std::path::Path;

fn generate_into(dir: &Path, records: usize, hugo: bool) -> generate::Summary {
    let options = generate::Options { records, seed: 7, hugo: hugo.then(|| dir.join("hugo")) };
    generate::generate(&dir.join("repo"), &options).expect("generate")
}

/// Every file under `dir` with its content.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("prefix").to_string_lossy().into_owned();
                files.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}

#[test]
fn a_generated_repository_checks_clean() {
    let dir = tempfile::tempdir().expect("tmp");
    let summary = generate_into(dir.path(), 200, true);
    assert_eq!(summary.records, 200);
    assert!(summary.internal > 0 && summary.attachments > 0 && summary.requests > 0);
    let out = common::run_in(
        &dir.path().join("repo"),
        &["check", "--format", "json", "--as-of", generate::AS_OF, "--lang", "en"],
    );
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(out.code, 0, "{}", common::diagnostic_lines(&value).join("\n"));
    assert_eq!(value["summary"]["records"], 200);
    assert_eq!(value["diagnostics"].as_array().map(Vec::len), Some(0), "{value:#}");
    let coverage = value["coverage"].as_array().expect("coverage");
    assert!(coverage.iter().all(|c| c["status"] == "ok" || c["status"] == "not-due"));
    // The Hugo copy holds one page per public record.
    let hugo = tree(&dir.path().join("hugo/content"));
    let pages = hugo.keys().filter(|k| !k.ends_with("_index.md")).count();
    assert_eq!(pages, summary.public);
}

#[test]
fn the_generator_is_deterministic() {
    let (a, b) = (tempfile::tempdir().expect("tmp"), tempfile::tempdir().expect("tmp"));
    generate_into(a.path(), 150, false);
    generate_into(b.path(), 150, false);
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert!(ta.len() > 150);
    assert!(ta == tb, "two runs with the same seed differ");
}
