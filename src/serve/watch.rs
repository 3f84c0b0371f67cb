//! Watching the repository for `gongkai serve`: which changes matter, and waiting for a
//! burst of them to settle before one rebuild.
//!
//! Only the build's inputs are watched: `gongkai.toml` and the `units/`, `catalogues/` and
//! `themes/` trees. Everything else (`.git`, `public/`, `sheets/`, the build's temporary
//! folder, editors' swap and backup files) is ignored, so writing an output never
//! triggers a rebuild. It does not build or serve anything.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::Context;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// The folders of a repository the site is built from (besides `gongkai.toml`).
const SOURCES: [&str; 3] = ["units", "catalogues", "themes"];
/// A burst of changes (an editor's save, a `git checkout`) is over after this much quiet.
pub(super) const QUIET: Duration = Duration::from_millis(150);
/// …but a rebuild is not put off for longer than this by a steady stream of changes.
const LONGEST_WAIT: Duration = Duration::from_secs(2);

/// What the main loop of `serve` waits for.
#[derive(Debug)]
pub(super) enum Signal {
    /// A file of the repository changed (relative to the repository).
    Changed(PathBuf),
    /// Ctrl-C (or SIGTERM): stop.
    Stop,
}

/// The watches on one repository.
pub(super) struct Watch {
    watcher: RecommendedWatcher,
    root: PathBuf,
    /// Source folders with a recursive watch.
    watched: BTreeSet<&'static str>,
}

/// Starts watching `root` (an absolute path); changes that matter go to `signals`.
/// `ignore` is the build's temporary folder, in case it sits inside the repository.
pub(super) fn start(root: &Path, ignore: &Path, signals: Sender<Signal>) -> anyhow::Result<Watch> {
    let (root_owned, ignore) = (root.to_path_buf(), ignore.to_path_buf());
    let handler = move |event: notify::Result<notify::Event>| {
        // A failing watch (too many files for inotify, say) is told by `refresh` failing;
        // an event we cannot read is treated as a change, to be safe.
        let Ok(event) = event else {
            let _ = signals.send(Signal::Changed(PathBuf::new()));
            return;
        };
        if !matters(&event.kind) {
            return;
        }
        for path in &event.paths {
            if let Some(relative) = relevant(&root_owned, &ignore, path) {
                let _ = signals.send(Signal::Changed(relative));
            }
        }
    };
    let mut watcher =
        notify::recommended_watcher(handler).context("cannot watch the repository for changes")?;
    // Not recursive: `gongkai.toml`, and source folders appearing or being replaced.
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch `{}` for changes", root.display()))?;
    let mut watch = Watch { watcher, root: root.to_path_buf(), watched: BTreeSet::new() };
    watch.refresh(&[])?;
    Ok(watch)
}

impl Watch {
    /// Watches the source folders that exist and are not watched yet, and again those
    /// among `changed` (a folder deleted and made anew, by `git checkout` say, is a new
    /// folder that the old watch does not cover).
    pub(super) fn refresh(&mut self, changed: &[PathBuf]) -> anyhow::Result<()> {
        for name in SOURCES {
            let replaced = changed.iter().any(|c| c == Path::new(name));
            if replaced && self.watched.remove(name) {
                let _ = self.watcher.unwatch(&self.root.join(name));
            }
            let folder = self.root.join(name);
            if self.watched.contains(name) || !folder.is_dir() {
                continue;
            }
            self.watcher
                .watch(&folder, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch `{}` for changes", folder.display()))?;
            self.watched.insert(name);
        }
        Ok(())
    }
}

/// Reading a file (our own build does) is not a change; nor is a change of permissions
/// or access time.
fn matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// The path relative to the repository when a change there can alter the site.
fn relevant(root: &Path, ignore: &Path, path: &Path) -> Option<PathBuf> {
    if path.starts_with(ignore) {
        return None;
    }
    let relative = path.strip_prefix(root).ok()?;
    let names: Vec<&str> = relative
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (first, last) = (names.first()?, names.last()?);
    if names.len() == 1 && *first == "gongkai.toml" {
        return Some(relative.to_path_buf());
    }
    if !SOURCES.contains(first) || names.iter().any(|n| n.starts_with('.')) || scratch(last) {
        return None;
    }
    Some(relative.to_path_buf())
}

/// Editors' swap, backup and lock files: vim's `.x.swp` and `4913`, emacs's `#x#` and
/// `.#x`, `x~` backups (hidden files are already skipped).
fn scratch(name: &str) -> bool {
    name == "4913"
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".crdownload", ".part"]
            .iter()
            .any(|e| name.ends_with(e))
}

/// After a first change, the changes that follow until [`QUIET`] passes without one.
pub(super) struct Settled {
    pub(super) changes: Vec<PathBuf>,
    pub(super) stop: bool,
}

/// Waits for the burst that `first` began to end.
pub(super) fn settle(first: PathBuf, signals: &Receiver<Signal>) -> Settled {
    let started = Instant::now();
    let mut settled = Settled { changes: vec![first], stop: false };
    while started.elapsed() < LONGEST_WAIT {
        match signals.recv_timeout(QUIET) {
            Ok(Signal::Changed(path)) => {
                if !settled.changes.contains(&path) {
                    settled.changes.push(path);
                }
            }
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => {
                settled.stop = true;
                break;
            }
            Err(RecvTimeoutError::Timeout) => break,
        }
    }
    settled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_inputs_of_the_site_matter() {
        let (root, tmp) = (Path::new("/r"), Path::new("/r/units/.tmp-serve"));
        let yes = |p: &str| relevant(root, tmp, Path::new(p)).is_some();
        assert!(yes("/r/gongkai.toml"));
        assert!(yes("/r/units/town/external/notes/2026-01-01-a.md"));
        assert!(yes("/r/catalogues/township.toml"));
        assert!(yes("/r/themes/record.html"));
        assert!(yes("/r/units"));
        assert!(!yes("/r/public/index.html"));
        assert!(!yes("/r/.public.gongkai-tmp/index.html"));
        assert!(!yes("/r/.git/index"));
        assert!(!yes("/r/units/town/.a.md.swp"));
        assert!(!yes("/r/units/town/a.md~"));
        assert!(!yes("/r/units/town/4913"));
        assert!(!yes("/r/units/town/#a.md#"));
        assert!(!yes("/r/units/.tmp-serve/site/index.html"));
        assert!(!yes("/elsewhere/units/a.md"));
        assert!(!yes("/r/README.md"));
    }

    #[test]
    fn reading_is_not_a_change() {
        assert!(!matters(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(matters(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(matters(&EventKind::Modify(ModifyKind::Any)));
    }
}
