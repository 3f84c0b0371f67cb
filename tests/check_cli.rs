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

#[test]
fn a_missing_folder_or_a_gongkai_toml_folder_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::run_in(dir.path(), &["check", "no-such-folder", "--lang", "en"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    std::fs::create_dir(dir.path().join("gongkai.toml")).unwrap();
    let out = common::run_in(dir.path(), &["check", "--lang", "en"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("not a gongkai repository"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn an_unreadable_record_is_exit_2_naming_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let repo = Repo::fixture("valid/minimal");
    let path = repo.path().join("units/town/external/notes/2026-notice.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        eprintln!("running as root: permissions are not enforced; skipped");
        return;
    }
    let out = repo.run(&["check", "--lang", "en"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("2026-notice.md"), "{}", out.stderr);
}

#[test]
fn errors_are_exit_1_and_warnings_exit_0_unless_denied() {
    let run = |case: &str, extra: &[&str]| {
        let repo = Repo::fixture(case);
        let mut args = vec!["check", "--as-of", "2026-11-26"];
        args.extend_from_slice(extra);
        repo.run(&args).code
    };
    assert_eq!(run("valid/minimal", &[]), 0);
    assert_eq!(run("valid/minimal", &["--deny-warnings"]), 0);
    assert_eq!(run("invalid/warnings", &[]), 0);
    assert_eq!(run("invalid/warnings", &["--deny-warnings"]), 1);
    assert_eq!(run("invalid/many-faults", &[]), 1);
    for format in ["human", "short", "json", "github", "junit"] {
        assert_eq!(run("invalid/many-faults", &["--format", format]), 1, "{format}");
        assert_eq!(run("invalid/warnings", &["--format", format]), 0, "{format}");
    }
}

/// The diagnostics of `invalid/many-faults`, in the order they must be printed.
const MANY_FAULTS: [&str; 15] = [
    "unknown-key gongkai.toml:4:1",
    "toml-syntax units/town/external/notes/2026-a.md:4:15",
    "unknown-key units/town/external/notes/2026-b.md:3:1",
    "invalid-date units/town/external/notes/2026-b.md:4:11",
    "invalid-value units/town/external/notes/2026-b.md:5:10",
    "raw-html units/town/external/notes/2026-b.md:7:4",
    "wrong-type units/town/external/notes/2026-c.toml:1:9",
    "invalid-money units/town/external/notes/2026-c.toml:2:10",
    "not-reviewed units/town/external/notes/2026-d.md:1:1",
    "duplicate-index-no units/town/external/notes/2026-d.md:4:12",
    "duplicate-index-no units/town/external/notes/2026-e.md:3:12",
    "unknown-class units/town/external/ntoes/2026-x.md:1:1",
    "orphan-file units/town/readme.md:-:-",
    "wrong-type units/town/unit.toml:4:9",
    "missing-key units/town/village/unit.toml:1:1",
];

#[test]
fn every_fault_of_many_files_is_reported_in_one_run_sorted_by_file_and_line() {
    let value = common::assert_check("many-faults", 1, &MANY_FAULTS);
    assert_eq!(value["summary"]["errors"], 14);
    assert_eq!(value["summary"]["warnings"], 1);
    assert_eq!(value["summary"]["units"], 2);
    // 2026-a.md cannot be read as a record; the other six can.
    assert_eq!(value["summary"]["records"], 7);
}

#[test]
fn the_order_does_not_depend_on_threads() {
    let repo = Repo::fixture("invalid/many-faults");
    let args = ["check", "--format", "json", "--as-of", "2026-11-26", "--lang", "en"];
    let one = repo.run(&[&args[..], &["--jobs", "1"]].concat()).stdout;
    for _ in 0..3 {
        assert_eq!(repo.run(&[&args[..], &["--jobs", "4"]].concat()).stdout, one);
    }
}

#[test]
fn json_document_shape() {
    let repo = Repo::fixture("invalid/many-faults");
    let (_, value) = repo.check_json();
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&value), ["coverage", "diagnostics", "summary"]);
    assert_eq!(keys(&value["summary"]), ["errors", "records", "units", "warnings"]);
    for d in value["diagnostics"].as_array().unwrap() {
        assert_eq!(
            keys(d),
            ["code", "column", "file", "help", "line", "message", "severity"],
            "{d}"
        );
        let file = d["file"].as_str().unwrap();
        assert!(
            !file.starts_with('/') && !file.contains('\\') && !file.contains("[ROOT]"),
            "{file}"
        );
        assert!(["error", "warning"].contains(&d["severity"].as_str().unwrap()));
        // Line and column count from 1, and are null together.
        match (d["line"].as_u64(), d["column"].as_u64()) {
            (Some(l), Some(c)) => assert!(l >= 1 && c >= 1, "{d}"),
            (None, None) => {}
            _ => panic!("line and column: {d}"),
        }
    }
    let unknown_key = &value["diagnostics"][0];
    assert_eq!(unknown_key["message"], "unknown field `langauge`");
    assert_eq!(unknown_key["help"], "did you mean `language`?");
    // A diagnostic without a hint has `help: null`, not a missing key.
    assert!(value["diagnostics"].as_array().unwrap().iter().any(|d| d["help"].is_null()));
    let coverage = value["coverage"].as_array().unwrap();
    assert!(!coverage.is_empty());
    for c in coverage {
        assert_eq!(keys(c), ["class", "last_published", "records", "status", "unit"], "{c}");
        assert!(["ok", "missing", "stale", "not-due"].contains(&c["status"].as_str().unwrap()));
    }
    let village: Vec<_> = coverage.iter().filter(|c| c["unit"] == "town/village").collect();
    assert_eq!(village[0]["class"], "external/notes");
    assert_eq!(village[0]["status"], "ok");
    assert_eq!(village[0]["records"], 1);
    assert_eq!(village[0]["last_published"], "2026-03-18");
}

#[test]
fn github_format_prints_workflow_commands() {
    let repo = Repo::fixture("invalid/many-faults");
    let out = repo.run(&["check", "--format", "github", "--as-of", "2026-11-26", "--lang", "en"]);
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), MANY_FAULTS.len(), "{}", out.stdout);
    let re = regex::Regex::new(r"^::(error|warning) file=([^,]+)(?:,line=(\d+),col=(\d+))?,title=gongkai ([a-z0-9-]+)::(.+)$").unwrap();
    for (line, expected) in lines.iter().zip(MANY_FAULTS) {
        let caps = re.captures(line).unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let pos = |i: usize| caps.get(i).map_or("-", |m| m.as_str());
        let found = format!("{} {}:{}:{}", &caps[5], &caps[2], pos(3), pos(4));
        assert_eq!(found, expected);
        let severity = if expected.starts_with("raw-html") { "warning" } else { "error" };
        assert_eq!(&caps[1], severity, "{line}");
        // Messages and hints are on one line: newlines are escaped.
        assert!(!caps[6].contains('\n'));
    }
    assert!(
        lines[0].ends_with("::unknown field `langauge`%0Ahint: did you mean `language`?"),
        "{}",
        lines[0]
    );
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

/// Whether `xmllint` can be run (package libxml2-utils).
fn xmllint_available() -> bool {
    std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn junit_is_well_formed_with_one_testcase_per_file_and_failures_for_errors() {
    let repo = Repo::fixture("invalid/many-faults");
    let out = repo.run(&["check", "--format", "junit", "--as-of", "2026-11-26", "--lang", "zh"]);
    assert_eq!(out.code, 1);
    let xml = out.stdout;
    if xmllint_available() {
        let file = repo.path().join("report.xml");
        std::fs::write(&file, &xml).unwrap();
        let lint =
            std::process::Command::new("xmllint").arg("--noout").arg(&file).output().unwrap();
        assert!(lint.status.success(), "{}\n{xml}", String::from_utf8_lossy(&lint.stderr));
    } else {
        eprintln!("xmllint is not installed (libxml2-utils): well-formedness not checked");
    }
    let testcase = regex::Regex::new(r#"<testcase name="([^"]+)""#).unwrap();
    let names: Vec<&str> =
        testcase.captures_iter(&xml).map(|c| c.get(1).unwrap().as_str()).collect();
    let notes = "units/town/external/notes";
    for record in
        ["2026-a.md", "2026-b.md", "2026-c.toml", "2026-d.md", "2026-e.md", "2026-notice.md"]
    {
        let path = format!("{notes}/{record}");
        assert_eq!(names.iter().filter(|n| **n == path).count(), 1, "{path} in {names:?}");
    }
    for other in [
        "gongkai.toml",
        "units/town/unit.toml",
        "units/town/readme.md",
        "units/town/external/ntoes/2026-x.md",
    ] {
        assert!(names.contains(&other), "{other} in {names:?}");
    }
    // The clean record passes; a record with errors fails; warnings alone do not fail.
    let case = |name: &str| -> String {
        let start = xml.find(&format!("<testcase name=\"{name}\"")).unwrap();
        let rest = &xml[start..];
        let tag_end = rest.find('>').unwrap() + 1;
        let end = if rest[..tag_end].ends_with("/>") {
            tag_end
        } else {
            rest.find("</testcase>").unwrap() + 11
        };
        rest[..end].to_owned()
    };
    assert!(case(&format!("{notes}/2026-notice.md")).ends_with("/>"));
    assert!(case(&format!("{notes}/2026-c.toml")).contains("<failure type=\"wrong-type\""));
    assert!(case(&format!("{notes}/2026-b.md")).contains("<failure"));
    assert!(case(&format!("{notes}/2026-b.md")).contains("<system-out>"), "the warning");
    let failures = xml.matches("<failure ").count();
    // Every file with an error: settings, 5 records, the class typo, the orphan, 2 units.
    assert_eq!(failures, 10, "{xml}");
    assert!(xml.contains(&format!("failures=\"{failures}\"")));
}

/// Runs `check` on `invalid/many-faults` with a given environment (no `NO_COLOR`).
fn human_with(color: &str, no_color: Option<&str>) -> String {
    let repo = Repo::fixture("invalid/many-faults");
    let mut cmd = std::process::Command::new(common::BIN);
    cmd.args(["check", "--as-of", "2026-11-26", "--lang", "en", "--color", color])
        .current_dir(repo.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TERM", "xterm-256color");
    if let Some(value) = no_color {
        cmd.env("NO_COLOR", value);
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("run gongkai: {e}"));
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn color_always_colours_never_and_no_color_do_not() {
    assert!(human_with("always", None).contains("\x1b["));
    // The flag wins over the environment, as in cargo.
    assert!(human_with("always", Some("1")).contains("\x1b["));
    assert!(!human_with("never", None).contains('\x1b'));
    assert!(!human_with("auto", Some("1")).contains('\x1b'));
    // Not a terminal: `auto` means no colour.
    assert!(!human_with("auto", None).contains('\x1b'));
    // The text is the same, colours aside.
    let strip = regex::Regex::new("\x1b\\[[0-9;]*m").unwrap();
    assert_eq!(strip.replace_all(&human_with("always", None), ""), human_with("never", None));
}

#[test]
fn the_bundled_example_checks_clean_with_every_class_ok() {
    let repo = Repo::example("yangzhou");
    let (code, value) = repo.check_json();
    assert_eq!(code, 0, "{:#}", value["diagnostics"]);
    assert_eq!(value["summary"]["errors"], 0);
    assert_eq!(value["summary"]["warnings"], 0);
    let coverage = value["coverage"].as_array().unwrap();
    let not_ok: Vec<_> = coverage.iter().filter(|c| c["status"] != "ok").collect();
    assert!(not_ok.is_empty(), "{not_ok:#?}");
}
