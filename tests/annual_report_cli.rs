//! `gongkai annual-report` (issue #9): the statutory tables of the annual report for a
//! year, on `tests/fixtures/requests/annual`, in every format, with its consistency rule
//! 新收 + 上年结转 = 办理结果总计 + 结转下年度 shown to hold and to fail.
//!
//! The fixture's year 2026: public records published, abolished and expired in it (an
//! internal record, a draft and a 2027 record that must not count); requests received in
//! 2025 and answered in 2025 (not counted), in 2026 (carried over, then handled) and in
//! 2027 (carried over and carried forward); five new ones with every outcome but 其他处理,
//! one answered in 2027 (carried forward); and one of 2027 (not counted).

mod common;

use common::Repo;
use serde_json::Value;

const FIXTURE: &str = "requests/annual";

fn run_ok(repo: &Repo, args: &[&str]) -> String {
    let out = repo.run(args);
    assert_eq!(out.code, 0, "{args:?}\nstdout:\n{}\nstderr:\n{}", out.stdout, out.stderr);
    out.stdout
}

#[test]
fn the_tables_in_chinese() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(&repo, &["annual-report", "--as-of", "2027-01-15", "--lang", "zh"]);
    insta::assert_snapshot!("annual_table_zh", stdout);
}

#[test]
fn the_tables_in_english() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(
        &repo,
        &["annual-report", "--as-of", "2027-01-15", "--year", "2026", "--lang", "en"],
    );
    insta::assert_snapshot!("annual_table_en", stdout);
}

#[test]
fn the_json_document() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(&repo, &["annual-report", "--as-of", "2027-01-15", "--format", "json"]);
    insta::assert_snapshot!("annual_json", stdout);
    let value: Value = serde_json::from_str(&stdout).unwrap_or_default();
    assert_eq!(value["year"], 2026, "the default year is the one before --as-of");
    assert_eq!(value["consistency"]["holds"], true);
    // No request is ever listed one by one: not a subject, not a file.
    assert!(!stdout.contains("subject") && !stdout.contains("requests/"), "{stdout}");
}

#[test]
fn the_csv_has_a_byte_order_mark_and_both_tables() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(&repo, &["annual-report", "--as-of", "2027-01-15", "--format", "csv"]);
    assert!(stdout.starts_with('\u{feff}'), "Excel needs the BOM to read Chinese");
    insta::assert_snapshot!("annual_csv", stdout);
}

#[test]
fn the_rows_add_up_per_requester_kind() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(&repo, &["annual-report", "--as-of", "2027-01-15", "--format", "json"]);
    let value: Value = serde_json::from_str(&stdout).unwrap_or_default();
    let row = |key: &str| -> Vec<u64> {
        let rows = value["requests"]["rows"].as_array().cloned().unwrap_or_default();
        let row = rows.iter().find(|r| r["key"] == key).cloned().unwrap_or_default();
        row["values"].as_array().into_iter().flatten().filter_map(Value::as_u64).collect()
    };
    // 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    assert_eq!(row("new"), [2, 0, 0, 1, 1, 1, 5]);
    assert_eq!(row("carried-over"), [0, 1, 1, 0, 0, 0, 2]);
    assert_eq!(row("results-total"), [1, 1, 0, 1, 1, 1, 5]);
    assert_eq!(row("carried-forward"), [1, 0, 1, 0, 0, 0, 2]);
    let proactive = &value["proactive"];
    assert_eq!(
        proactive["total"],
        serde_json::json!({"published": 3, "abolished": 1, "current": 3})
    );
    assert_eq!(
        proactive["with_doc_no"],
        serde_json::json!({"published": 1, "abolished": 1, "current": 2})
    );
}

#[test]
fn another_year() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(
        &repo,
        &["annual-report", "--as-of", "2027-01-15", "--year", "2025", "--format", "json"],
    );
    let value: Value = serde_json::from_str(&stdout).unwrap_or_default();
    let rows = value["requests"]["rows"].as_array().cloned().unwrap_or_default();
    let total = |key: &str| rows.iter().find(|r| r["key"] == key).map(|r| r["values"][6].clone());
    assert_eq!(total("new"), Some(3.into()));
    assert_eq!(total("results-total"), Some(1.into()));
    assert_eq!(total("carried-forward"), Some(2.into()));
}

#[test]
fn inconsistent_requests_break_the_rule_and_are_named() {
    let repo = Repo::fixture(FIXTURE);
    // Answered before it was received, and answered without an outcome.
    repo.write(
        "units/office/requests/2026-replied-before.toml",
        "received = 2026-03-02\nchannel = \"当面\"\nrequester = \"自然人\"\nsubject = \"x\"\nreplied = 2025-12-01\noutcome = \"予以公开\"\n",
    );
    repo.write(
        "units/office/requests/2026-no-outcome.toml",
        "received = 2026-03-02\nchannel = \"当面\"\nrequester = \"商业企业\"\nsubject = \"x\"\nreplied = 2026-03-20\n",
    );
    let out = repo.run(&["annual-report", "--as-of", "2027-01-15", "--lang", "zh"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let failure = "核对不通过:本年新收 + 上年结转 ≠ 办理结果总计 + 结转下年度(自然人 3 + 0 ≠ 1 + 1;商业企业 1 + 1 ≠ 1 + 0;总计 7 + 2 ≠ 5 + 2);数据有矛盾的申请:units/office/requests/2026-no-outcome.toml、units/office/requests/2026-replied-before.toml(运行 `gongkai check` 查看)";
    assert!(out.stdout.contains(&format!("\n{failure}\n")), "{}", out.stdout);
    assert!(out.stderr.contains(failure), "{}", out.stderr);
    let out = repo.run(&["annual-report", "--as-of", "2027-01-15", "--format", "json"]);
    assert_eq!(out.code, 1);
    let value: Value = serde_json::from_str(&out.stdout).unwrap_or_default();
    assert_eq!(value["consistency"]["holds"], false);
    assert_eq!(value["consistency"]["offending"].as_array().map(Vec::len), Some(2));
}

#[test]
fn outside_a_repository_it_exits_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = common::run_in(dir.path(), &["annual-report", "--lang", "en"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("not a gongkai repository"), "{}", out.stderr);
}
