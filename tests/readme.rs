//! The README stays true to the program: every diagnostic code, every command and every
//! option is documented, and the examples in it pass `gongkai check`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The codes `Problem::code` returns, read from its source.
fn codes() -> Vec<String> {
    let source = read("src/diagnostics/problem.rs");
    let start = source.find("fn code(&self)").expect("fn code in problem.rs");
    let body = &source[start..];
    let end = body.find("\n    }\n").unwrap_or(body.len());
    body[..end]
        .lines()
        .filter_map(|l| l.split("=> \"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_diagnostic_code_is_in_the_readme_table() {
    let readme = read("README.md");
    let codes = codes();
    assert!(codes.len() > 30, "read {} codes only", codes.len());
    let missing: Vec<&String> =
        codes.iter().filter(|c| !readme.contains(&format!("| `{c}` |"))).collect();
    assert!(
        missing.is_empty(),
        "add these codes to the README's table of diagnostic codes: {missing:?}"
    );
}

#[test]
fn every_command_and_option_is_in_the_readme() {
    let readme = read("README.md");
    let tmp = tempfile::tempdir().unwrap();
    let top = common::run_in(tmp.path(), &["--help", "--lang", "en"]).stdout;
    let commands: Vec<String> = top
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect();
    assert!(commands.len() >= 10, "{commands:?}");
    for command in &commands {
        assert!(
            readme.contains(&format!("`gongkai {command}")),
            "`gongkai {command}` is not in the README"
        );
        let help = common::run_in(tmp.path(), &[command, "--help", "--lang", "en"]).stdout;
        for word in help.split(|c: char| c.is_whitespace() || c == ',') {
            let Some(option) = word.strip_prefix("--").filter(|o| !o.is_empty()) else { continue };
            let option = option.split(['=', '[', '.']).next().unwrap();
            if option == "help" || option == "version" {
                continue;
            }
            assert!(
                readme.contains(&format!("--{option}")),
                "`gongkai {command} --{option}` is not in the README"
            );
        }
    }
}

#[test]
fn the_sections_the_lead_fills_are_marked() {
    let readme = read("README.md");
    for heading in ["# 评分权重 / Scoring weights", "# 性能 / Performance"] {
        assert!(readme.contains(heading), "{heading}");
    }
    assert!(readme.contains("cargo run --release -- build examples/yangzhou"));
    assert!(readme.contains("bash scripts/test.sh"));
    assert!(readme.find("# 中文") < readme.find("# English"), "Chinese first");
}

#[test]
fn the_record_and_request_examples_pass_check() {
    let readme = read("README.md");
    let block = |lang: &str, marker: &str| -> String {
        readme
            .split(&format!("```{lang}\n"))
            .skip(1)
            .map(|b| b.split("```").next().unwrap().to_owned())
            .find(|b| b.contains(marker))
            .unwrap_or_else(|| panic!("no ```{lang} block with {marker}"))
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = common::run_in(tmp.path(), &["init", "r", "-q", "--as-of", "2026-03-18"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let repo = common::Repo { dir: tmp };
    let root = "r/units/r";
    repo.write(
        &format!("{root}/external/funds/2026-q1-budget.md"),
        block("markdown", "[[feedback]]"),
    )
    .write(&format!("{root}/files/2026-q1-budget.pdf"), "%PDF-1.4\n")
    .write(&format!("{root}/external/agri-fees/2026-fee-list.toml"), block("toml", "fee_items"))
    .write(&format!("{root}/requests/2026-03-road-funds.toml"), block("toml", "channel ="));
    let out = common::run_in(
        &repo.path().join("r"),
        &["check", "--as-of", "2026-03-25", "--format", "short"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}
