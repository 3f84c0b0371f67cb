//! `gongkai init` run as a user runs it: a new repository passes `check` on the day it is
//! made, for every level; a folder that holds something is refused and left untouched.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::run_in;

const LEVELS: [&str; 6] = ["township", "village", "county", "city", "department", "station"];

/// `check --format json` on `dir`, as of `as_of` (or today).
fn check(dir: &Path, as_of: Option<&str>) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json", "--lang", "en"];
    if let Some(day) = as_of {
        args.extend(["--as-of", day]);
    }
    let out = run_in(dir, &args);
    let value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", out.stdout, out.stderr));
    (out.code, value)
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn a_new_repository_of_every_level_passes_check_with_no_diagnostic() {
    let tmp = tempfile::tempdir().unwrap();
    for level in LEVELS {
        for day in ["2026-03-18", "2026-08-26", "2027-01-02"] {
            let name = format!("{level}-{day}");
            let out = run_in(
                tmp.path(),
                &["init", &name, "--level", level, "--as-of", day, "--lang", "en"],
            );
            assert_eq!(out.code, 0, "{level}: {}", out.stderr);
            let (code, value) = check(&tmp.path().join(&name), Some(day));
            assert_eq!(code, 0, "{level} on {day}: {value:#}");
            assert_eq!(value["diagnostics"], serde_json::json!([]), "{level} on {day}");
            let statuses: Vec<&str> = value["coverage"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["status"].as_str().unwrap())
                .collect();
            assert!(statuses.iter().all(|s| *s == "ok"), "{level} on {day}: {statuses:?}");
        }
    }
}

#[test]
fn init_then_check_on_the_same_day_as_a_user_does() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(
        tmp.path(),
        &["init", "xiannv", "--name", "仙女镇", "--code", "321012100", "--lang", "zh"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "init writes nothing on stdout: {}", out.stdout);
    for expected in [
        "已创建",
        "xiannv/gongkai.toml",
        "gongkai check",
        "gongkai build",
        "gongkai sheets",
        "cd xiannv",
    ] {
        assert!(out.stderr.contains(expected), "missing {expected:?} in:\n{}", out.stderr);
    }
    let (code, value) = check(&tmp.path().join("xiannv"), None);
    assert_eq!(code, 0, "{value:#}");
    assert_eq!(value["summary"]["errors"], 0);
    assert_eq!(value["summary"]["warnings"], 0);
    assert_eq!(value["summary"]["records"], 12);
    let unit = std::fs::read_to_string(tmp.path().join("xiannv/units/xiannv/unit.toml")).unwrap();
    assert!(unit.contains("name = \"仙女镇\"") && unit.contains("code = \"321012100\""), "{unit}");
}

#[test]
fn the_files_of_a_township_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(tmp.path(), &["init", "xiannv", "--as-of", "2026-03-18", "--lang", "en"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let root = tmp.path().join("xiannv");
    insta::assert_snapshot!("township_files", files(&root).join("\n"));
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap();
    insta::assert_snapshot!("township_gongkai_toml", read("gongkai.toml"));
    insta::assert_snapshot!(
        "township_funds_example",
        read("units/xiannv/external/funds/2026-03-18-example.md")
    );
    assert_eq!(
        read(".gitignore").lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>(),
        ["/public/", "/sheets/"]
    );
    let example = read("units/xiannv/internal/appraisal/2026-03-18-example.md");
    assert!(
        example.contains("tags = [\"示例\"]") && example.contains("# example record"),
        "{example}"
    );
}

#[test]
fn a_village_declares_its_four_ones_and_a_city_its_dynamic_events() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(
        run_in(tmp.path(), &["init", "cun", "--level", "village", "--as-of", "2026-03-18"]).code,
        0
    );
    let unit = std::fs::read_to_string(tmp.path().join("cun/units/cun/unit.toml")).unwrap();
    for key in ["board =", "mailbox =", "finance_group =", "record_book ="] {
        assert!(unit.contains(key), "{key} in {unit}");
    }
    assert_eq!(
        run_in(tmp.path(), &["init", "shi", "--level", "city", "--as-of", "2026-03-18"]).code,
        0
    );
    let news = std::fs::read_to_string(
        tmp.path().join("shi/units/shi/external/news/2026-03-18-example.md"),
    )
    .unwrap();
    assert!(news.contains("\nevent = 2026-03-18"), "{news}");
}

#[test]
fn a_non_empty_folder_is_refused_and_left_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("busy");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let out = run_in(tmp.path(), &["init", "busy", "--lang", "en"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("not empty") && out.stderr.contains("nothing was written"),
        "{}",
        out.stderr
    );
    assert_eq!(files(&dir), ["notes.txt"]);
    let out = run_in(tmp.path(), &["init", "busy", "--lang", "zh"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("不是空的"), "{}", out.stderr);
    // A repository is never overwritten by a second init.
    assert_eq!(run_in(tmp.path(), &["init", "fresh"]).code, 0);
    let before = files(&tmp.path().join("fresh"));
    assert_eq!(run_in(tmp.path(), &["init", "fresh"]).code, 2);
    assert_eq!(files(&tmp.path().join("fresh")), before);
}

#[test]
fn an_empty_folder_or_one_with_only_git_is_fine() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("repo/.git")).unwrap();
    let out = run_in(&tmp.path().join("repo"), &["init", ".", "--lang", "en"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(tmp.path().join("repo/gongkai.toml").is_file());
    assert!(!out.stderr.contains("  cd "), "no `cd` for the current folder: {}", out.stderr);
}

#[test]
fn an_unknown_level_is_a_usage_error_that_lists_the_levels() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(tmp.path(), &["init", "x", "--level", "towns", "--lang", "en"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown level `towns`"), "{}", out.stderr);
    assert!(out.stderr.contains("did you mean `township`?"), "{}", out.stderr);
    for level in LEVELS {
        assert!(out.stderr.contains(level), "{level} in {}", out.stderr);
    }
    assert!(!tmp.path().join("x").exists());
    let out = run_in(tmp.path(), &["init", "x", "--level", "towns", "--lang", "zh"]);
    assert!(out.stderr.contains("未知的单位层级") && out.stderr.contains("乡镇"), "{}", out.stderr);
}

#[test]
fn a_bad_code_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(tmp.path(), &["init", "x", "--code", "abc", "--lang", "en"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("`--code abc` is not a valid code"), "{}", out.stderr);
    assert!(!tmp.path().join("x").exists());
}

#[test]
fn quiet_init_prints_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(tmp.path(), &["-q", "init", "x"]);
    assert_eq!(out.code, 0);
    assert_eq!((out.stdout.as_str(), out.stderr.as_str()), ("", ""));
}
