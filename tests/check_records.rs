//! Rules across records (duplicate index numbers and slugs), the 提出 → 审核 → 公开
//! workflow, and the warnings (names that are not slugs, long summaries, raw HTML).

mod common;

use common::{Repo, assert_check, help, message};

const NOTES: &str = "units/town/external/notes";

#[test]
fn every_record_sharing_an_index_number_is_reported_naming_the_others() {
    // 2026-d.md takes serial 00001 explicitly: the generated number of 2026-notice.md
    // skips it, so it collides with nothing.
    let value = assert_check(
        "duplicate-index-no",
        1,
        &[
            &format!("duplicate-index-no {NOTES}/2026-a.md:6:12"),
            &format!("duplicate-index-no {NOTES}/2026-b.md:6:12"),
            &format!("duplicate-index-no {NOTES}/2026-c.toml:2:12"),
        ],
    );
    assert_eq!(message(&value, 0), "duplicate index number `321012100/2026-00007`");
    assert_eq!(help(&value, 0), format!("also used by: {NOTES}/2026-b.md, {NOTES}/2026-c.toml"));
    assert_eq!(help(&value, 1), format!("also used by: {NOTES}/2026-a.md, {NOTES}/2026-c.toml"));
    assert_eq!(help(&value, 2), format!("also used by: {NOTES}/2026-a.md, {NOTES}/2026-b.md"));
}

#[test]
fn two_units_with_one_code_generate_the_same_index_numbers() {
    // Generated numbers have no position of their own: the records' first lines.
    let value = assert_check(
        "duplicate-unit-code",
        1,
        &[
            &format!("duplicate-index-no {NOTES}/2026-notice.md:1:1"),
            "duplicate-index-no units/village/external/notes/2026-notice.md:1:1",
        ],
    );
    assert_eq!(message(&value, 0), "duplicate index number `321012100/2026-00001`");
}

#[test]
fn a_md_and_a_toml_record_with_one_slug() {
    let value = assert_check(
        "duplicate-slug",
        1,
        &[
            &format!("duplicate-slug {NOTES}/2026-notice.md:1:1"),
            &format!("duplicate-slug {NOTES}/2026-notice.toml:1:1"),
        ],
    );
    assert_eq!(
        help(&value, 0),
        format!("the other is `{NOTES}/2026-notice.toml`; rename one of them")
    );
}

#[test]
fn a_published_record_needs_reviewed_by_and_reviewed_on() {
    // 2026-c.md is a draft with a date: drafts need no review yet.
    let value = assert_check(
        "not-reviewed",
        1,
        &[
            &format!("not-reviewed {NOTES}/2026-a.md:1:1"),
            &format!("not-reviewed {NOTES}/2026-b.md:1:1"),
        ],
    );
    assert_eq!(
        message(&value, 0),
        "published record was not reviewed (no `reviewed_by`, `reviewed_on`)"
    );
    assert_eq!(message(&value, 1), "published record was not reviewed (no `reviewed_on`)");
}

#[test]
fn reviewed_after_it_was_published() {
    let value = assert_check(
        "reviewed-after-published",
        1,
        &[&format!("reviewed-after-published {NOTES}/2026-a.md:5:15")],
    );
    assert_eq!(message(&value, 0), "reviewed on 2026-03-19, after it was published on 2026-03-18");
}

#[test]
fn status_published_without_a_published_date() {
    assert_check("missing-published", 1, &[&format!("missing-published {NOTES}/2026-a.md:3:10")]);
}

const WARNINGS: [&str; 4] = [
    "summary-too-long units/town/external/notes/2026-b.md:6:11",
    "raw-html units/town/external/notes/2026-c.md:9:5",
    "raw-html units/town/external/notes/2026-d.toml:3:1",
    "not-slug units/town/external/notes/2026_Notice.md:1:1",
];

#[test]
fn warnings_exit_0() {
    let value = assert_check("warnings", 0, &WARNINGS);
    assert_eq!(value["summary"]["errors"], 0);
    assert_eq!(value["summary"]["warnings"], 4);
    assert!(value["diagnostics"].as_array().unwrap().iter().all(|d| d["severity"] == "warning"));
    assert_eq!(message(&value, 0), "summary has 101 characters (more than 100)");
    assert_eq!(message(&value, 3), "name `2026_Notice.md` is not an ASCII slug");
}

#[test]
fn warnings_exit_1_with_deny_warnings() {
    let repo = Repo::fixture("invalid/warnings");
    let args =
        ["check", "--deny-warnings", "--format", "json", "--as-of", "2026-11-26", "--lang", "en"];
    let out = repo.run(&args);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(common::diagnostic_lines(&value), WARNINGS);
    // Human output too.
    assert_eq!(repo.run(&["check", "--deny-warnings", "--as-of", "2026-11-26"]).code, 1);
    assert_eq!(repo.run(&["check", "--as-of", "2026-11-26"]).code, 0);
}

#[test]
fn raw_html_in_a_toml_body_is_found_at_its_line() {
    // Regression: it pointed at the opening `"""` of the body (2:8 in invalid/warnings).
    assert!(WARNINGS.contains(&"raw-html units/town/external/notes/2026-d.toml:3:1"));
    let repo = Repo::fixture("valid/minimal");
    // With an escape the string cannot be mapped back: the start of the literal then.
    repo.write(&format!("{NOTES}/a.toml"), "title = \"a\"\nbody = \"a\\tb <b>x</b>\"\n");
    repo.write(&format!("{NOTES}/b.toml"), "title = \"b\"\nbody = '''\r\n第一行\r\n<i>y</i>'''\n");
    repo.write(&format!("{NOTES}/c.toml"), "title = \"c\"\nbody = \"正文<i>y</i>\"\n");
    let (_, lines) = repo.diagnostics();
    assert_eq!(
        lines,
        [
            format!("raw-html {NOTES}/a.toml:2:8"),
            format!("raw-html {NOTES}/b.toml:4:1"),
            format!("raw-html {NOTES}/c.toml:2:11"),
        ]
    );
}
