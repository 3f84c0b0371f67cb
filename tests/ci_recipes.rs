//! The CI recipes in `examples/ci/` run what they say: the `gongkai` command lines are
//! taken out of the GitHub Actions and GitLab CI files (and the pre-commit hook is run as
//! it is) against a fresh repository and a broken one, with the built binary on `PATH`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn recipe(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci").join(name)
}

/// The `gongkai …` command lines of a CI file: `run: gongkai …` (GitHub) and
/// `- gongkai …` list items (GitLab). Installing gongkai is the only other step.
fn gongkai_commands(yaml: &str) -> Vec<String> {
    yaml.lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("run:").or_else(|| l.strip_prefix("- ")).map(str::trim))
        .filter(|command| command.starts_with("gongkai "))
        .map(str::to_owned)
        .collect()
}

/// A folder holding a `gongkai` that is the binary under test.
fn bin_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(common::BIN, dir.path().join("gongkai")).unwrap();
    dir
}

/// Runs a shell command line in `dir` as CI would, with gongkai on the `PATH`.
fn sh(dir: &Path, bin: &Path, line: &str) -> (i32, String, String) {
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("sh")
        .args(["-c", line])
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("NO_COLOR", "1")
        // The time zone the repositories were made in (`common::run_in`): `init` dates
        // its records today, and between 16:00 and 24:00 UTC today in Shanghai is
        // tomorrow in UTC, when every record would be published in the future.
        .env("TZ", "Asia/Shanghai")
        .env("HOME", dir)
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// A repository made by `gongkai init` today (so it is valid today, as CI sees it), and a
/// copy with a record that has an unknown key.
fn repositories(tmp: &Path) -> (PathBuf, PathBuf) {
    for name in ["good", "bad"] {
        let out = common::run_in(tmp, &["init", name, "-q"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    let bad = tmp.join("bad");
    let record = bad.join("units/bad/external/funds/2000-01-01-broken.md");
    std::fs::write(&record, "+++\ntitle = \"坏记录\"\npublised = 2000-01-01\n+++\n").unwrap();
    (tmp.join("good"), bad)
}

#[test]
fn the_github_workflow_annotates_errors_and_fails() {
    let yaml = std::fs::read_to_string(recipe("github-actions.yml")).unwrap();
    let commands = gongkai_commands(&yaml);
    assert_eq!(commands, ["gongkai check --format github --lang zh"]);
    let (tmp, bin) = (tempfile::tempdir().unwrap(), bin_dir());
    let (good, bad) = repositories(tmp.path());
    for command in &commands {
        let (code, stdout, stderr) = sh(&good, bin.path(), command);
        assert_eq!(code, 0, "{command}: {stdout}{stderr}");
        assert!(!stdout.contains("::error"), "{stdout}");
        let (code, stdout, _) = sh(&bad, bin.path(), command);
        assert_eq!(code, 1, "{command}: {stdout}");
        assert!(
            stdout.contains("::error file=units/bad/external/funds/2000-01-01-broken.md,line=3"),
            "{stdout}"
        );
        assert!(stdout.contains("publised"), "{stdout}");
    }
}

#[test]
fn the_gitlab_job_writes_a_junit_report_and_fails() {
    let yaml = std::fs::read_to_string(recipe("gitlab-ci.yml")).unwrap();
    let commands = gongkai_commands(&yaml);
    assert_eq!(commands, ["gongkai check --format junit --lang zh > gongkai-junit.xml"]);
    assert!(yaml.contains("junit: gongkai-junit.xml"), "the report is the file the job writes");
    let (tmp, bin) = (tempfile::tempdir().unwrap(), bin_dir());
    let (good, bad) = repositories(tmp.path());
    for command in &commands {
        let (code, _, stderr) = sh(&good, bin.path(), command);
        assert_eq!(code, 0, "{command}: {stderr}");
        let report = std::fs::read_to_string(good.join("gongkai-junit.xml")).unwrap();
        assert!(
            report.starts_with("<?xml")
                && report.contains("<testsuite")
                && !report.contains("<failure"),
            "{report}"
        );
        let (code, _, _) = sh(&bad, bin.path(), command);
        assert_eq!(code, 1);
        let report = std::fs::read_to_string(bad.join("gongkai-junit.xml")).unwrap();
        assert!(report.contains("<failure") && report.contains("unknown-key"), "{report}");
    }
}

#[test]
fn the_pre_commit_hook_refuses_a_broken_catalogue() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed; the pre-commit hook is not tested");
        return;
    }
    let hook = recipe("pre-commit");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&hook).unwrap().permissions().mode();
        assert!(mode & 0o111 != 0, "the hook must be executable");
    }
    let (tmp, bin) = (tempfile::tempdir().unwrap(), bin_dir());
    let (good, bad) = repositories(tmp.path());
    let hook = hook.display().to_string();
    for (repo, expected) in [(&good, 0), (&bad, 1)] {
        let setup = "git init -q . && git add -A";
        assert_eq!(sh(repo, bin.path(), setup).0, 0);
        let (code, stdout, stderr) = sh(repo, bin.path(), &format!("sh {hook}"));
        assert_eq!(code, expected, "{}: {stdout}{stderr}", repo.display());
        if expected == 1 {
            assert!(stderr.contains("unknown-key"), "{stderr}");
        }
    }
    // A commit that does not touch the catalogue is not held up by it.
    let (code, _, _) = sh(
        &bad,
        bin.path(),
        &format!("git reset -q && echo x > notes.txt && git add notes.txt && sh {hook}"),
    );
    assert_eq!(code, 0);
}
