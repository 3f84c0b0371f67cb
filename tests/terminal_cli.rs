//! `--color`, `NO_COLOR`, `-q` and `-v` on the commands of issue #6, as cargo has them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::run_in;

const ESC: char = '\u{1b}';

#[test]
fn colour_only_when_asked_for_off_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    // The helper sets NO_COLOR=1 and stderr is a pipe: `auto` and `never` are plain.
    let out = run_in(tmp.path(), &["init", "a", "--lang", "en"]);
    assert!(!out.stderr.contains(ESC), "{}", out.stderr);
    let out = run_in(tmp.path(), &["init", "b", "--color", "never"]);
    assert!(!out.stderr.contains(ESC));
    // `always` wins over NO_COLOR, as a command-line flag should.
    let out = run_in(tmp.path(), &["init", "c", "--color", "always", "--lang", "en"]);
    assert!(
        out.stderr.trim_start().starts_with(&format!("{ESC}[1;32mCreated{ESC}[0m")),
        "{:?}",
        out.stderr
    );
    let out = run_in(tmp.path(), &["new", "x", "y", "z", "--color", "always", "--lang", "en"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with(&format!("{ESC}[1;31merror{ESC}[0m: ")), "{:?}", out.stderr);
}

#[test]
fn quiet_keeps_the_data_and_verbose_says_more() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run_in(tmp.path(), &["-q", "init", "r", "--as-of", "2026-03-18"]).code, 0);
    let repo = tmp.path().join("r");
    let quiet = run_in(&repo, &["new", "r", "funds", "Budget", "-q", "--as-of", "2026-03-18"]);
    assert_eq!(
        (quiet.code, quiet.stdout.as_str(), quiet.stderr.as_str()),
        (0, "units/r/external/funds/2026-03-18-budget.md\n", "")
    );
    let verbose = run_in(
        &repo,
        &["new", "r", "funds", "Plan", "-v", "--as-of", "2026-03-18", "--lang", "en"],
    );
    assert!(
        verbose.stderr.contains("unit `r` (示例镇), class `external/funds` (资金管理)"),
        "{}",
        verbose.stderr
    );
    let normal =
        run_in(&repo, &["new", "r", "funds", "Report", "--as-of", "2026-03-18", "--lang", "en"]);
    assert!(
        !normal.stderr.contains("class `external/funds` (资金管理), file"),
        "{}",
        normal.stderr
    );
}
