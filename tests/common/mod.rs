//! The CLI test helper: copy a fixture tree to a temporary folder, run the real binary on
//! it with a scrubbed environment, and look at the exit code, the output and the files.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

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

/// Checks `tests/fixtures/invalid/<case>` and asserts the exit code and the *full* list of
/// diagnostics as `code file:line:col`, so that no unexpected diagnostic slips in.
/// Returns the JSON document for further checks (messages, hints).
#[track_caller]
pub fn assert_check(case: &str, exit: i32, expected: &[&str]) -> serde_json::Value {
    let repo = Repo::fixture(&format!("invalid/{case}"));
    let (code, value) = repo.check_json();
    let found = diagnostic_lines(&value);
    assert_eq!(found, expected, "diagnostics of {case}:\n{:#}", value["diagnostics"]);
    assert_eq!(code, exit, "exit code of {case}");
    value
}

/// The `help` of the diagnostic at `index` of a JSON document.
pub fn help(value: &serde_json::Value, index: usize) -> &str {
    value["diagnostics"][index]["help"].as_str().unwrap_or("")
}

/// The `message` of the diagnostic at `index` of a JSON document.
pub fn message(value: &serde_json::Value, index: usize) -> &str {
    value["diagnostics"][index]["message"].as_str().unwrap_or("")
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

/// How long one run may take before [`run_timed`] kills it and fails the test: a hang is
/// a bug (issue #8), and a test that waits forever hides it.
pub const DEADLINE: std::time::Duration = std::time::Duration::from_secs(60);

/// Like [`run_in`], but kills the run and panics when it takes longer than [`DEADLINE`].
pub fn run_timed(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(BIN);
    command.args(args);
    timed(command, dir)
}

/// Runs `command` in `dir` with the scrubbed environment of [`run_in`]; kills it and
/// panics after [`DEADLINE`]. Output goes through files, so a chatty run cannot block on
/// a full pipe.
pub fn timed(mut command: Command, dir: &Path) -> Output {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let (stdout, stderr) = (out_dir.path().join("stdout"), out_dir.path().join("stderr"));
    let mut child = command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .env("TZ", "Asia/Shanghai")
        .stdin(std::process::Stdio::null())
        .stdout(std::fs::File::create(&stdout).expect("stdout file"))
        .stderr(std::fs::File::create(&stderr).expect("stderr file"))
        .spawn()
        .expect("run gongkai");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} hung: killed after {DEADLINE:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    Output { code: status.code().unwrap_or(-1), stdout: read(&stdout), stderr: read(&stderr) }
}

impl Repo {
    /// [`run_timed`] in the repository folder.
    pub fn run_timed(&self, args: &[&str]) -> Output {
        run_timed(self.path(), args)
    }
}
