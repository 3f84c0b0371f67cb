//! Crash safety (issue #8, SPEC §5): `gongkai build` and `gongkai sheets` are killed with
//! SIGKILL at many points of their run, and each time the output folder must be exactly
//! what it was (the repository does not change, so "the previous output" and "the new
//! complete output" are the same bytes: any torn, partial or missing file fails), and the
//! next normal run must succeed and leave no `.<out>.gongkai-tmp` / `.gongkai-old` folder
//! behind.
//!
//! The kill points are spread from 1 ms to a little past the measured length of a whole
//! run, so they land while the repository is read, while files are written, during the
//! flush and around the folder swap. How many kills hit a running process (rather than
//! one that had already finished) is printed and must be most of them.

#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../benches/gen/generate.rs"]
#[allow(dead_code, unreachable_pub)]
mod generate;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

const BIN: &str = env!("CARGO_BIN_EXE_gongkai");

/// The longest a normal run may take before the test gives up on it.
const RUN_DEADLINE: Duration = Duration::from_secs(120);

/// Every entry under `dir`: files by path with the sha-256 of their bytes, folders and
/// symlinks marked as such.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.expect("walk the output");
        let rel = entry.path().strip_prefix(dir).expect("prefix").to_string_lossy().into_owned();
        let kind = entry.file_type();
        let value = if kind.is_dir() {
            "folder".to_owned()
        } else if kind.is_symlink() {
            "symlink".to_owned()
        } else {
            let bytes = std::fs::read(entry.path()).expect("read an output file");
            format!("{}:{:x}", bytes.len(), Sha256::digest(&bytes))
        };
        found.insert(rel, value);
    }
    found
}

/// The entries of `parent` other than the repository's own (`units`, `gongkai.toml`, …):
/// after a normal run only the output folder itself may be there.
fn scratch_left(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .expect("read_dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gongkai-tmp") || n.contains("gongkai-old"))
        .collect();
    names.sort();
    names
}

/// Waits for `child` at most `deadline`; kills it and fails the test when it runs longer.
fn wait_within(child: &mut Child, deadline: Duration, what: &str) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} still running after {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn spawn(repo: &Path, args: &[&str]) -> Child {
    Command::new(BIN)
        .args(args)
        .current_dir(repo)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gongkai")
}

/// A normal run that must succeed; returns how long it took.
fn run_ok(repo: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let mut child = spawn(repo, args);
    let status = wait_within(&mut child, RUN_DEADLINE, &format!("gongkai {args:?}"));
    assert!(status.success(), "gongkai {args:?} failed: {status}");
    started.elapsed()
}

/// The `i`-th of `count` kill points for a run taking `full`: a few very early ones, the
/// rest evenly spread from 10 ms to 1.15 × `full`.
fn kill_point(i: usize, count: usize, full: Duration) -> Duration {
    let early = [1, 3, 10].map(Duration::from_millis);
    if let Some(point) = early.get(i) {
        return *point;
    }
    let end = full.mul_f64(1.15).max(Duration::from_millis(20));
    let rest = count.saturating_sub(early.len()).max(2);
    let share = (i - early.len() + 1) as f64 / rest as f64;
    Duration::from_millis(10) + (end - Duration::from_millis(10)).mul_f64(share)
}

/// The two tests run one at a time: the timing of one must not be skewed by the other.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

struct Outcome {
    points: usize,
    killed_while_running: usize,
}

/// Kills `gongkai <args>` at every kill point; checks the output folder after each kill
/// and after the normal run that follows it.
fn kill_repeatedly(repo: &Path, args: &[&str], out: &Path, count: usize) -> Outcome {
    run_ok(repo, args);
    let before = snapshot(out);
    assert!(!before.is_empty(), "the first run wrote nothing to {}", out.display());
    // Measure a replacing run (the case being killed below): the fastest of three, so
    // that a slow outlier does not push the kill points past the end of most runs.
    let mut full = (0..3).map(|_| run_ok(repo, args)).min().unwrap_or_default();
    assert_eq!(snapshot(out), before, "two runs of the same repository differ");
    eprintln!("{args:?}: a whole run takes {full:?}");
    let mut killed_while_running = 0;
    for i in 0..count {
        // Runs get faster as the machine quietens (other tests end): the kill points
        // follow the fastest run seen so far, so they keep landing inside a run.
        let delay = &kill_point(i, count, full);
        let mut child = spawn(repo, args);
        std::thread::sleep(*delay);
        if child.try_wait().expect("try_wait").is_none() {
            child.kill().expect("SIGKILL");
            killed_while_running += 1;
        }
        let status = wait_within(&mut child, RUN_DEADLINE, "a killed gongkai");
        let what = format!("kill point {i} ({delay:?} of {full:?}, {status})");
        assert!(out.is_dir(), "{what}: the output folder is gone");
        let after = snapshot(out);
        if after != before {
            let differ: Vec<_> = before
                .keys()
                .chain(after.keys())
                .filter(|k| before.get(*k) != after.get(*k))
                .take(10)
                .collect();
            panic!("{what}: the output changed, e.g. {differ:?}");
        }
        // The next normal run clears whatever the killed one left and succeeds.
        full = full.min(run_ok(repo, args));
        let parent = out.parent().expect("parent");
        assert_eq!(scratch_left(parent), Vec::<String>::new(), "{what}: scratch folders left");
        assert_eq!(snapshot(out), before, "{what}: the run after the kill wrote something else");
    }
    Outcome { points: count, killed_while_running }
}

#[test]
fn a_killed_build_leaves_the_previous_site_byte_identical() {
    let _serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("repo");
    let options = generate::Options { records: 300, seed: 8, hugo: None };
    generate::generate(&repo, &options).expect("generate a repository");
    let out = repo.join("public");
    let args = ["build", "--as-of", "2026-11-26", "--out", "public", "--quiet"];
    let outcome = kill_repeatedly(&repo, &args, &out, 32);
    eprintln!(
        "build: {} kill points, {} killed while running, output identical every time",
        outcome.points, outcome.killed_while_running
    );
    assert!(outcome.points >= 30);
    // Most kills must land in a running build, or the test proves little.
    assert!(
        outcome.killed_while_running * 2 >= outcome.points,
        "only {} of {} kills hit a running build",
        outcome.killed_while_running,
        outcome.points
    );
}

#[test]
fn killed_sheets_leave_the_previous_sheets_byte_identical() {
    let _serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("repo");
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets/township"), &repo);
    let out = repo.join("sheets");
    let args = [
        "sheets",
        "--as-of",
        "2026-08-20",
        "--format",
        "both",
        "--no-system-fonts",
        "--out",
        "sheets",
        "--quiet",
    ];
    let outcome = kill_repeatedly(&repo, &args, &out, 8);
    eprintln!(
        "sheets: {} kill points, {} killed while running, output identical every time",
        outcome.points, outcome.killed_while_running
    );
    assert!(outcome.killed_while_running >= 4, "only {} kills hit", outcome.killed_while_running);
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk the fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
