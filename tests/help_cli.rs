//! The command line's own documentation: `--help` in both languages (snapshots),
//! completion scripts and the man page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::run_in;

fn help(args: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(tmp.path(), args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

#[test]
fn help_of_init_and_new_in_both_languages() {
    for command in ["init", "new"] {
        let en = help(&[command, "--help", "--lang", "en"]);
        let zh = help(&["--lang", "zh", command, "--help"]);
        assert_ne!(en, zh, "{command}");
        insta::assert_snapshot!(format!("{command}_help_en"), en);
        insta::assert_snapshot!(format!("{command}_help_zh"), zh);
    }
}

#[test]
fn chinese_help_follows_the_locale_and_has_no_english_headings() {
    let tmp = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(common::BIN)
        .args(["check", "--help"])
        .env_clear()
        .env("LANG", "zh_CN.UTF-8")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("用法:") && text.contains("选项:"), "{text}");
    for english in
        ["Usage:", "Options:", "Arguments:", "Print help", "[default:", "possible values"]
    {
        assert!(!text.contains(english), "{english:?} in:\n{text}");
    }
}

#[test]
fn bash_completions_name_the_subcommands() {
    let script = help(&["completions", "bash"]);
    for word in ["gongkai", "check", "build", "sheets", "init", "new", "--as-of", "--lang"] {
        assert!(script.contains(word), "{word} missing from the bash completions");
    }
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        assert!(!help(&["completions", shell]).is_empty(), "{shell}");
    }
}

#[test]
fn the_man_page_is_roff_and_documents_every_command() {
    let page = help(&["man"]);
    assert!(page.starts_with(".TH"), "{}", &page[..page.len().min(200)]);
    for section in ["GONGKAI INIT", "GONGKAI NEW", "GONGKAI CHECK", "\\-\\-as\\-of"] {
        assert!(page.contains(section), "{section} missing from the man page");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    for _ in 0..3 {
        let mut child = Command::new(common::BIN)
            .arg("man")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end at once, like `gongkai man | true`.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}
