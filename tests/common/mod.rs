//! The CLI test helper: copy a fixture tree to a temporary folder, run the real binary on
//! it with a scrubbed environment, and look at the exit code, the output and the files.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_gongkai");

/// `tests/fixtures/<name>`.
pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A fixture copied into a temporary folder (removed on drop).
pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    /// Copies `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Repo {
        Repo::copy_of(&fixture_path(name))
    }

    /// Copies `examples/<name>`.
    pub fn example(name: &str) -> Repo {
        Repo::copy_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name))
    }

    pub fn copy_of(source: &Path) -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(source, dir.path());
        Repo { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or overwrites) a file of the repository, creating its folders.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Repo {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
        self
    }

    pub fn remove(&self, rel: &str) -> &Repo {
        let path = self.path().join(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(path).expect("rmdir");
        } else {
            std::fs::remove_file(path).expect("rm");
        }
        self
    }

    /// Runs `gongkai <args…>` in the repository folder.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(self.path(), args)
    }

    /// `gongkai check --format json --as-of 2026-11-26 --lang en`, parsed.
    pub fn check_json(&self) -> (i32, serde_json::Value) {
        let out = self.run(&["check", "--format", "json", "--as-of", "2026-11-26", "--lang", "en"]);
        let value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
            panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", out.stdout, out.stderr)
        });
        (out.code, value)
    }

    /// The diagnostics of `check_json` as `code file:line:col` strings (`-` for none).
    pub fn diagnostics(&self) -> (i32, Vec<String>) {
        let (code, value) = self.check_json();
        (code, diagnostic_lines(&value))
    }
}

pub fn diagnostic_lines(value: &serde_json::Value) -> Vec<String> {
    let list = value["diagnostics"].as_array().cloned().unwrap_or_default();
    list.iter()
        .map(|d| {
            let pos = |k: &str| d[k].as_u64().map_or("-".to_owned(), |n| n.to_string());
            format!(
                "{} {}:{}:{}",
                d["code"].as_str().unwrap_or("?"),
                d["file"].as_str().unwrap_or("-"),
                pos("line"),
                pos("column")
            )
        })
        .collect()
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with a scrubbed environment: no colour, no locale, no user config.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .env("TZ", "Asia/Shanghai")
        .output()
        .expect("run gongkai");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Copies a folder tree (files and folders only; links are recreated as links).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("entry");
        let kind = entry.file_type().expect("file type");
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).expect("link"), &target)
                .expect("symlink");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Replaces the temporary root in output with `[ROOT]` for snapshots.
pub fn redact(text: &str, root: &Path) -> String {
    text.replace(&root.display().to_string(), "[ROOT]")
}
