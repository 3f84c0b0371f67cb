//! `gongkai due` and `gongkai report` run as users run them, on the repository built for
//! them (`tests/fixtures/compliance/due-report`) with a fixed `--as-of`: every format is
//! snapshot-tested (the wording and the JSON field names are part of the interface), and
//! the exit codes say they report rather than judge.

mod common;

use common::Repo;
use serde_json::Value;

const FIXTURE: &str = "compliance/due-report";

fn run_ok(repo: &Repo, args: &[&str]) -> String {
    let out = repo.run(args);
    assert_eq!(out.code, 0, "{args:?}\nstdout:\n{}\nstderr:\n{}", out.stdout, out.stderr);
    out.stdout
}

fn json(repo: &Repo, args: &[&str]) -> Value {
    let stdout = run_ok(repo, args);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

// ---- due -----------------------------------------------------------------------------

#[test]
fn due_lists_what_to_post_refresh_and_answer_in_chinese() {
    let repo = Repo::fixture(FIXTURE);
    let out = repo.run(&["due", "--as-of", "2026-11-26", "--lang", "zh"]);
    // The records have errors, but `due` reports and does not judge: exit 0, and a note.
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "        注意 记录库有 9 个错误,运行 `gongkai check` 查看\n");
    insta::assert_snapshot!("due_zh_2026_11_26", out.stdout);
}

#[test]
fn due_in_english() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(&repo, &["due", "--as-of", "2026-11-26", "--lang", "en", "-q"]);
    insta::assert_snapshot!("due_en_2026_11_26", stdout);
}

#[test]
fn due_inside_a_refresh_window_lists_what_is_not_posted_in_it_yet() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(&repo, &["due", "--as-of", "2026-08-20", "--lang", "zh"]);
    insta::assert_snapshot!("due_zh_2026_08_20", stdout);
}

#[test]
fn due_as_json() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(&repo, &["due", "--as-of", "2026-11-26", "--format", "json"]);
    insta::assert_snapshot!("due_json_2026_11_26", stdout);
}

#[test]
fn due_for_the_given_units_only() {
    let repo = Repo::fixture(FIXTURE);
    let args =
        ["due", "--as-of", "2026-11-26", "--format", "json", "--unit", "county/town/village"];
    let value = json(&repo, &args);
    let units: Vec<&str> = value["units"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["unit"].as_str())
        .collect();
    assert_eq!(units, ["county/town/village"]);
    // A grouping unit asked for by name is listed, with nothing to do.
    let value =
        json(&repo, &["due", "--as-of", "2026-11-26", "--format", "json", "--unit", "county/"]);
    assert_eq!(value["units"][0]["unit"], "county");
    assert_eq!(value["units"][0]["refresh"], serde_json::json!([]));
    let stdout =
        run_ok(&repo, &["due", "--as-of", "2026-11-26", "--lang", "en", "--unit", "county"]);
    assert!(stdout.ends_with("测试县 (county)\n  nothing due\n"), "{stdout}");
}

#[test]
fn due_boundaries_of_the_dynamic_deadlines() {
    let repo = Repo::fixture(FIXTURE);
    let value = json(&repo, &["due", "--as-of", "2026-11-26", "--format", "json"]);
    let dynamic: Vec<String> = value["units"][0]["dynamic"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            format!(
                "{} {} {}",
                d["event"].as_str().unwrap_or("?"),
                d["due"].as_str().unwrap_or("?"),
                d["days_left"]
            )
        })
        .collect();
    // Overdue, due today, and up to exactly 20 days ahead; the draft whose deadline is
    // 44 days away (event 2026-12-20) is not listed yet, nor are published records.
    assert_eq!(
        dynamic,
        [
            "2026-11-01 2026-11-21 -5",
            "2026-11-06 2026-11-26 0",
            "2026-11-20 2026-12-10 14",
            "2026-11-26 2026-12-16 20"
        ]
    );
    let feedback: Vec<String> = value["units"][0]["feedback"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| format!("{} {}", d["line"], d["overdue"]))
        .collect();
    assert_eq!(feedback, ["19 true", "23 false"]);
}

#[test]
fn an_unknown_unit_is_a_usage_error_with_a_suggestion() {
    let repo = Repo::fixture(FIXTURE);
    let out = repo.run(&["due", "--unit", "county/twon", "--lang", "en"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "error: unknown unit `county/twon`\nhint: did you mean `county/town`?\n"
    );
    let out = repo.run(&["due", "--unit", "nowhere", "--lang", "zh"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr, "错误:未知的单位 `nowhere`\n提示:单位名是 `units/` 下的路径\n");
}

#[test]
fn due_and_report_outside_a_repository_exit_2() {
    let dir = tempfile::tempdir().expect("tmp");
    for command in ["due", "report"] {
        let out = common::run_in(dir.path(), &[command, "--lang", "en"]);
        assert_eq!(out.code, 2, "{command}: {}", out.stderr);
        assert!(out.stderr.contains("not a gongkai repository"), "{}", out.stderr);
    }
    let repo = Repo::fixture(FIXTURE);
    assert_eq!(repo.run(&["report", "--format", "xlsx"]).code, 2);
    assert_eq!(repo.run(&["due", "--as-of", "2026-11-31"]).code, 2);
}

// ---- report --------------------------------------------------------------------------

#[test]
fn report_table_in_chinese() {
    let repo = Repo::fixture(FIXTURE);
    let out = repo.run(&["report", "--as-of", "2026-11-26", "--lang", "zh"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("report_table_zh", out.stdout);
}

#[test]
fn report_table_in_english() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(&repo, &["report", "--as-of", "2026-11-26", "--lang", "en"]);
    insta::assert_snapshot!("report_table_en", stdout);
}

#[test]
fn report_as_json() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(&repo, &["report", "--as-of", "2026-11-26", "--format", "json"]);
    insta::assert_snapshot!("report_json", stdout);
}

#[test]
fn report_as_csv_with_a_byte_order_mark_for_excel() {
    let repo = Repo::fixture(FIXTURE);
    let stdout = run_ok(&repo, &["report", "--as-of", "2026-11-26", "--format", "csv"]);
    let body = stdout.strip_prefix('\u{feff}').unwrap_or_else(|| panic!("no BOM:\n{stdout}"));
    assert!(body.starts_with("单位,名称,层级,"), "{body}");
    insta::assert_snapshot!("report_csv", body);
}

#[test]
fn the_scores_follow_the_documented_weights() {
    let repo = Repo::fixture(FIXTURE);
    let value = json(&repo, &["report", "--as-of", "2026-11-26", "--format", "json"]);
    // 测试镇: covered 2/3, fresh 1/3, on time 1/3, reviewed 4/5, feedback 1/3:
    // (2/3·30 + 1/3·25 + 1/3·20 + 4/5·15 + 1/3·10) = 50.33 → 50.3
    assert_eq!(value["units"][0]["score"], 50.3);
    // 测试村: on time and feedback n/a, so the other 70 points fill 100:
    // (4/5·30 + 3/5·25 + 1·15) / 70 · 100 = 77.14 → 77.1
    assert_eq!(value["units"][1]["on_time"]["share"], Value::Null);
    assert_eq!(value["units"][1]["score"], 77.1);
    // The county only groups: no scorecard.
    assert_eq!(value["units"].as_array().map(Vec::len), Some(2));
}

// ---- the bundled example -------------------------------------------------------------

#[test]
fn the_bundled_example_scores_100_and_has_nothing_overdue() {
    let repo = Repo::example("yangzhou");
    let value = json(&repo, &["report", "--as-of", "2026-11-26", "--format", "json"]);
    assert_eq!(value["total"]["score"], 100.0, "{value:#}");
    let value = json(&repo, &["due", "--as-of", "2026-11-26", "--format", "json"]);
    for unit in value["units"].as_array().into_iter().flatten() {
        for class in unit["refresh"].as_array().into_iter().flatten() {
            assert_eq!(class["action"], "refresh", "{unit:#}");
        }
        for item in ["dynamic", "feedback"] {
            for entry in unit[item].as_array().into_iter().flatten() {
                assert_eq!(entry["overdue"], false, "{entry:#}");
            }
        }
        assert_eq!(unit["four_ones"], serde_json::json!([]));
    }
}

#[test]
fn due_on_the_last_day_of_a_window_and_the_day_after() {
    let repo = Repo::fixture(FIXTURE);
    let summary = |as_of: &str| {
        let value =
            json(&repo, &["due", "--as-of", as_of, "--format", "json", "--unit", "county/town"]);
        let refresh: Vec<String> = value["units"][0]["refresh"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                format!(
                    "{} {}",
                    c["class"].as_str().unwrap_or("?"),
                    c["action"].as_str().unwrap_or("?")
                )
            })
            .collect();
        (
            value["window"]["id"].as_str().unwrap_or("-").to_owned(),
            value["window"]["current"].clone(),
            refresh,
        )
    };
    // 08-25: still inside the August window; `works` (posted in March) can be refreshed in it.
    assert_eq!(
        summary("2026-08-25"),
        (
            "2026-08".to_owned(),
            Value::Bool(true),
            vec!["internal/ledger post-now".to_owned(), "external/works refresh".to_owned()]
        )
    );
    // 08-26: the window is over, `works` missed it; everything is due again in January.
    assert_eq!(
        summary("2026-08-26"),
        (
            "2027-01".to_owned(),
            Value::Bool(false),
            vec![
                "internal/ledger post-now".to_owned(),
                "external/works refresh-now".to_owned(),
                "external/funds refresh".to_owned()
            ]
        )
    );
}
