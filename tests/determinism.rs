//! Determinism (issue #8, SPEC §5 "same input and `--as-of`, same bytes"): the site and the
//! sheets of one repository are byte-identical from run to run, with one thread or many,
//! and wherever the repository lies (two copies in different folders, under different
//! names, so no absolute path, temporary name or clock can slip into the output).

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../benches/gen/generate.rs"]
#[allow(dead_code, unreachable_pub)]
mod generate;

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every entry under `root`: files with their bytes, folders as `None`.
fn tree(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.expect("walk the output");
        let rel = entry.path().strip_prefix(root).expect("prefix").to_string_lossy().into_owned();
        let bytes = entry.file_type().is_file().then(|| std::fs::read(entry.path()).expect("read"));
        found.insert(rel, bytes);
    }
    found
}

/// Fails with the first few paths that differ.
fn assert_same(a: &Path, b: &Path, what: &str) -> usize {
    let (left, right) = (tree(a), tree(b));
    assert!(!left.is_empty(), "{what}: nothing written to {}", a.display());
    let differ: Vec<&String> = left
        .keys()
        .chain(right.keys())
        .filter(|k| left.get(*k) != right.get(*k))
        .take(10)
        .collect();
    assert!(differ.is_empty(), "{what}: the outputs differ, e.g. {differ:?}");
    left.values().filter(|v| v.is_some()).count()
}

/// Two copies of `source` in different folders under different names.
fn two_copies(source: &Path) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dir.path().join("first/repo"), dir.path().join("second/another-name"));
    for copy in [&a, &b] {
        common::copy_tree(source, copy);
    }
    (dir, a, b)
}

fn run(repo: &Path, args: &[&str]) {
    let out = common::run_timed(repo, args);
    assert_eq!(out.code, 0, "gongkai {args:?}:\n{}", out.stderr);
}

/// Builds in both copies: default threads, default again, and `-j 1`, all compared.
fn check_site(source: &Path, as_of: &str, extra: &[&str]) -> usize {
    let (_dir, a, b) = two_copies(source);
    let mut args = vec!["build", "--as-of", as_of, "--quiet"];
    args.extend_from_slice(extra);
    let with = |out: &'static str, jobs: Option<&'static str>| -> Vec<&str> {
        let mut v = args.clone();
        v.extend(["--out", out]);
        v.extend(jobs.map(|j| ["--jobs", j]).into_iter().flatten());
        v
    };
    run(&a, &with("public", None));
    run(&a, &with("again", None));
    run(&a, &with("one-thread", Some("1")));
    run(&b, &with("elsewhere", Some("4")));
    let files = assert_same(&a.join("public"), &a.join("again"), "two builds");
    assert_same(&a.join("public"), &a.join("one-thread"), "default vs -j 1");
    assert_same(&a.join("public"), &b.join("elsewhere"), "another folder, -j 4");
    // A rebuild over an existing output gives the same bytes too.
    run(&a, &with("public", Some("2")));
    assert_same(&a.join("public"), &a.join("again"), "a rebuild over the output");
    files
}

#[test]
fn the_site_is_byte_identical_across_runs_threads_and_folders() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/yangzhou");
    let public = check_site(&example, "2026-11-26", &[]);
    let internal = check_site(&example, "2026-11-26", &["--audience", "internal"]);
    eprintln!("yangzhou: {public} public and {internal} internal files identical");

    // Enough records to keep several threads busy.
    let dir = tempfile::tempdir().expect("temp dir");
    let options = generate::Options { records: 400, seed: 3, hugo: None };
    generate::generate(&dir.path().join("repo"), &options).expect("generate");
    let generated = check_site(&dir.path().join("repo"), "2026-11-26", &[]);
    eprintln!("generated repository: {generated} files identical");
    assert!(generated > 400);
}

#[test]
fn the_sheets_are_byte_identical_across_runs_threads_and_folders() {
    let fixture = common::fixture_path("sheets/township");
    let (_dir, a, b) = two_copies(&fixture);
    let args = |out: &'static str, jobs: Option<&'static str>| {
        let mut v = vec![
            "sheets",
            "--as-of",
            "2026-08-20",
            "--format",
            "both",
            "--no-system-fonts",
            "--quiet",
            "--out",
            out,
        ];
        if let Some(j) = jobs {
            v.extend(["--jobs", j]);
        }
        v
    };
    run(&a, &args("sheets", None));
    run(&a, &args("again", None));
    run(&a, &args("one-thread", Some("1")));
    run(&b, &args("elsewhere", Some("4")));
    let files = assert_same(&a.join("sheets"), &a.join("again"), "two runs");
    assert_same(&a.join("sheets"), &a.join("one-thread"), "default vs -j 1");
    assert_same(&a.join("sheets"), &b.join("elsewhere"), "another folder, -j 4");
    let pdfs = tree(&a.join("sheets")).keys().filter(|k| k.ends_with(".pdf")).count();
    assert!(pdfs >= 3, "only {pdfs} PDFs");
    eprintln!("sheets: {files} files ({pdfs} PDFs) identical");
}
