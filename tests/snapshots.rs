//! Snapshots of what users read: the human diagnostics (their wording is part of the
//! interface) in English and Chinese, and `--help`. Review changes with `cargo insta
//! review`, or run with `INSTA_UPDATE=always` and read the diff of `tests/snapshots/`.

mod common;

use common::{Repo, redact};

/// The human output of `check` on `tests/fixtures/<case>`, temp root redacted.
fn human(case: &str, lang: &str) -> String {
    let repo = Repo::fixture(case);
    let out = repo.run(&["check", "--as-of", "2026-11-26", "--color", "never", "--lang", lang]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "human diagnostics go to stderr: {}", out.stdout);
    redact(&out.stderr, repo.path())
}

macro_rules! human_snapshots {
    ($($name:ident: $case:literal,)*) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(concat!(stringify!($name), "_en"), human($case, "en"));
            insta::assert_snapshot!(concat!(stringify!($name), "_zh"), human($case, "zh"));
        }
    )*};
}

human_snapshots! {
    human_front_matter_syntax: "invalid/fm-toml-syntax",
    human_unknown_keys: "invalid/record-unknown-keys",
    human_impossible_dates: "invalid/impossible-dates",
    human_typed_fields: "invalid/typed-fields",
    human_warnings: "invalid/warnings",
    human_many_faults: "invalid/many-faults",
    human_caret_under_chinese_text: "invalid/cjk-caret",
    human_clean: "valid/minimal",
}

/// `gongkai <args>` run outside any repository, version redacted.
fn help(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = common::run_in(dir.path(), args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

#[test]
fn help_of_gongkai() {
    insta::assert_snapshot!(help(&["--lang", "en", "--help"]));
}

#[test]
fn help_of_check() {
    insta::assert_snapshot!(help(&["--lang", "en", "check", "--help"]));
}

#[test]
fn help_of_gongkai_zh() {
    insta::assert_snapshot!(help(&["--lang", "zh", "--help"]));
}
