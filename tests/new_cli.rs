//! `gongkai new` run as a user runs it: the record it writes passes `check`, its path is
//! the only thing on stdout, and mistakes in the unit or class get a suggestion.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{Output, run_in};

const DAY: &str = "2026-03-18";

/// A fresh repository made by `init` at `<tmp>/<name>`.
fn init(tmp: &Path, name: &str, level: &str) -> PathBuf {
    let out = run_in(tmp, &["init", name, "--level", level, "--as-of", DAY]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    tmp.join(name)
}

fn new(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend(["--as-of", DAY]);
    run_in(dir, &all)
}

fn check_ok(dir: &Path) {
    let out = run_in(dir, &["check", "--format", "json", "--as-of", DAY, "--lang", "en"]);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(out.code, 0, "{value:#}");
    assert_eq!(value["diagnostics"], serde_json::json!([]));
}

#[test]
fn a_new_record_of_a_fixed_class_passes_check() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = init(tmp.path(), "xiannv", "township");
    let out = new(&repo, &["xiannv", "funds", "2026年第一季度财政资金收支情况", "--lang", "en"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "units/xiannv/external/funds/2026-03-18-1.md\n");
    let text = std::fs::read_to_string(repo.join(out.stdout.trim())).unwrap();
    insta::assert_snapshot!("funds_template_en", text);
    // The pinyin reading is offered on stderr, never used silently.
    assert!(out.stderr.contains("--slug 2026-nian-di-yi-ji-du"), "{}", out.stderr);
    check_ok(&repo);
}

#[test]
fn a_new_record_of_a_dynamic_class_has_an_event_and_passes_check() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = init(tmp.path(), "shi", "city");
    let out = new(
        &repo,
        &["shi", "external/procurement", "Road lighting procurement 2026", "--lang", "zh"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "units/shi/external/procurement/2026-03-18-road-lighting-procurement-2026.md\n"
    );
    let text = std::fs::read_to_string(repo.join(out.stdout.trim())).unwrap();
    insta::assert_snapshot!("procurement_template_zh", text);
    assert!(text.contains("\nevent = 2026-03-18"), "{text}");
    assert!(out.stderr.contains("已新建政府采购"), "{}", out.stderr);
    check_ok(&repo);
}

#[test]
fn a_filled_in_draft_can_be_published() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = init(tmp.path(), "cun", "village");
    let out = new(&repo, &["cun", "财务", "3月份财务收支", "--slug", "march-ledger"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = repo.join(out.stdout.trim());
    assert!(path.ends_with("external/finance/2026-03-18-march-ledger.md"), "{}", path.display());
    let text = std::fs::read_to_string(&path).unwrap();
    let published = text
        .replace("status = \"draft\"", "status = \"published\"")
        .replace("reviewed_by = \"\"", "reviewed_by = \"李某某\"")
        .replace("# income = 10000", "income = 25000.50");
    std::fs::write(&path, published).unwrap();
    check_ok(&repo);
}

#[test]
fn the_root_option_and_a_unit_path_from_tab_completion_work() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = init(tmp.path(), "xiannv", "township");
    let out =
        new(tmp.path(), &["units/xiannv/", "economy", "Half-year figures", "--root", "xiannv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.trim(),
        Path::new("xiannv")
            .join("units/xiannv/external/economy/2026-03-18-half-year-figures.md")
            .display()
            .to_string()
    );
    check_ok(&repo);
}

#[test]
fn an_unknown_unit_or_class_gets_a_suggestion_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = init(tmp.path(), "xiannv", "township");
    let out = new(&repo, &["xianv", "funds", "x", "--lang", "en"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown unit `xianv`")
            && out.stderr.contains("did you mean `xiannv`?"),
        "{}",
        out.stderr
    );
    let out = new(&repo, &["xiannv", "fund", "x", "--lang", "en"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("has no class `fund`") && out.stderr.contains("did you mean `funds`?"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("`internal/appraisal` (考核奖惩)"),
        "lists the classes: {}",
        out.stderr
    );
    let out = new(&repo, &["xiannv", "fund", "x", "--lang", "zh"]);
    assert!(
        out.stderr.contains("没有类目 `fund`") && out.stderr.contains("是不是 `funds`?"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn an_ambiguous_class_must_be_named_in_full() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = init(tmp.path(), "xiannv", "township");
    let out = new(&repo, &["xiannv", "other", "x", "--lang", "en"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("`external/other` or `internal/other`"), "{}", out.stderr);
    let out = new(&repo, &["xiannv", "internal/other", "x"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "units/xiannv/internal/other/2026-03-18-x.md\n");
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = init(tmp.path(), "xiannv", "township");
    let first = new(&repo, &["xiannv", "funds", "x", "--slug", "budget"]);
    assert_eq!(first.code, 0);
    let path = repo.join(first.stdout.trim());
    std::fs::write(&path, "+++\ntitle = \"mine\"\n+++\n").unwrap();
    let again = new(&repo, &["xiannv", "funds", "y", "--slug", "budget", "--lang", "en"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "+++\ntitle = \"mine\"\n+++\n");
    // Without --slug, the counter moves on instead.
    let one = new(&repo, &["xiannv", "funds", "预算"]);
    let two = new(&repo, &["xiannv", "funds", "预算"]);
    assert_eq!(
        (one.stdout.trim(), two.stdout.trim()),
        (
            "units/xiannv/external/funds/2026-03-18-1.md",
            "units/xiannv/external/funds/2026-03-18-2.md"
        )
    );
}

#[test]
fn a_slug_must_be_a_slug() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = init(tmp.path(), "xiannv", "township");
    let out = new(&repo, &["xiannv", "funds", "x", "--slug", "预算", "--lang", "en"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("not a valid file name") && out.stderr.contains("yu-suan"),
        "{}",
        out.stderr
    );
}

#[test]
fn new_outside_a_repository_is_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = new(tmp.path(), &["x", "funds", "t", "--lang", "zh"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("不是 gongkai 仓库"), "{}", out.stderr);
}
