//! `gongkai check` run as a user runs it: exit codes, formats and the position of every
//! diagnostic. One fixture tree per concern under `tests/fixtures/`.

mod common;

use common::Repo;

#[test]
fn a_valid_repository_passes_with_exit_0() {
    let repo = Repo::fixture("valid/minimal");
    let (code, value) = repo.check_json();
    assert_eq!(code, 0, "{value:#}");
    assert_eq!(value["summary"]["errors"], 0);
    assert_eq!(value["summary"]["units"], 1);
    assert_eq!(value["summary"]["records"], 1);
}

#[test]
fn a_folder_without_gongkai_toml_is_not_a_repository_exit_2() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = common::run_in(dir.path(), &["check", "--lang", "en"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("not a gongkai repository"), "{}", out.stderr);
}

#[test]
fn a_bad_command_line_is_exit_2() {
    let repo = Repo::fixture("valid/minimal");
    assert_eq!(repo.run(&["check", "--as-of", "2026-02-30"]).code, 2);
    assert_eq!(repo.run(&["check", "--format", "yaml"]).code, 2);
    assert_eq!(repo.run(&["frobnicate"]).code, 2);
}
