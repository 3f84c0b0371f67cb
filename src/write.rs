//! The only module that touches output folders (the site's `--out`, and the sheets').
//!
//! Renderers hand over [`OutputFile`]s, one by one as they are made ([`Staging::put`],
//! so a site of 100,000 pages is never held in memory).
//! They go into a temporary folder beside the output (`.public.gongkai-tmp` for
//! `public/`), which is swapped in only when complete, so a failed or killed build
//! leaves the previous output untouched (SPEC §5). On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: there is
//! never a moment without a site. Elsewhere (or on a file system without exchange) it is
//! two renames in quick succession. Leftovers of a killed run have predictable names and
//! are removed at the start of the next one.
//!
//! Files are not forced to disk one by one, nor with a `syncfs` (which flushes the whole
//! file system, other programs' writes included: a 10,000-record build took 11 s, and 90 s
//! while another program was writing, for 1.4 s of work). As with cargo, Zola and Hugo,
//! the kernel writes the pages back; the swap is atomic for every reader and against a
//! killed or failed gongkai, and only the parent folder is synced after it.
//!
//! The previous output is removed after the swap, many subtrees at a time
//! ([`remove_tree`]): one by one, a 10,000-record site took 30 to 100 s to remove on a
//! cloud disk where every unlink waits, against a few seconds to write it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, bail};

#[cfg(target_os = "linux")]
mod at;

/// What a file of the output holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    Bytes(Vec<u8>),
    /// Copied from this source file when written (attachments: never read into memory).
    Copy(PathBuf),
}

/// One file of an output folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OutputFile {
    /// Relative to the output folder, with `/` separators.
    pub(crate) path: String,
    pub(crate) content: Content,
}

impl OutputFile {
    pub(crate) fn text(path: impl Into<String>, text: String) -> OutputFile {
        OutputFile { path: path.into(), content: Content::Bytes(text.into_bytes()) }
    }

    pub(crate) fn bytes(path: impl Into<String>, bytes: Vec<u8>) -> OutputFile {
        OutputFile { path: path.into(), content: Content::Bytes(bytes) }
    }

    pub(crate) fn copy(path: impl Into<String>, source: PathBuf) -> OutputFile {
        OutputFile { path: path.into(), content: Content::Copy(source) }
    }
}

/// The temporary folders beside `out`: the one being written, and (without an atomic
/// exchange) the previous output on its way out.
fn scratch_paths(out: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let name = out
        .file_name()
        .with_context(|| format!("`{}` cannot be an output folder", out.display()))?;
    let name = name.to_string_lossy();
    let parent = out.parent().unwrap_or(Path::new(""));
    Ok((parent.join(format!(".{name}.gongkai-tmp")), parent.join(format!(".{name}.gongkai-old"))))
}

/// A new output folder being written beside `out`, file by file (from many threads),
/// then swapped in by [`Staging::commit`]. Dropped without a commit, it removes itself
/// and the previous output stays as it was.
pub(crate) struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    /// Paths written so far (two outputs may not share one).
    seen: Mutex<BTreeSet<String>>,
    /// Folders known to exist.
    folders: Mutex<BTreeSet<String>>,
    /// `tmp` and some of its folders, open (files are made relative to them).
    #[cfg(target_os = "linux")]
    open: at::Folders,
    committed: bool,
}

impl Staging {
    /// Clears leftovers of an earlier run and creates the scratch folder.
    pub(crate) fn begin(out: &Path) -> anyhow::Result<Staging> {
        if out.exists() && !out.is_dir() {
            bail!("cannot write the output to `{}`: it is a file, not a folder", out.display());
        }
        let (tmp, old) = scratch_paths(out)?;
        if let Some(parent) = tmp.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create folder `{}`", parent.display()))?;
        }
        remove_leftover(&tmp)?;
        recover_previous(out, &old)?;
        remove_leftover(&old)?;
        std::fs::create_dir(&tmp)
            .with_context(|| format!("cannot create folder `{}`", tmp.display()))?;
        let folders = Mutex::new(BTreeSet::from([String::new()]));
        #[cfg(target_os = "linux")]
        let open = at::Folders::open(&tmp)
            .with_context(|| format!("cannot open folder `{}`", tmp.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            old,
            seen: Mutex::default(),
            folders,
            #[cfg(target_os = "linux")]
            open,
            committed: false,
        })
    }

    /// Writes one file into the scratch folder.
    pub(crate) fn put(&self, file: &OutputFile) -> anyhow::Result<()> {
        check_path(&file.path)?;
        if !lock(&self.seen).insert(file.path.clone()) {
            bail!(
                "two outputs would be written to `{}`\nhint: a unit folder may not be named like a page of the \
                 site (`compliance`, `search`, `static`, `catalogue`, `page`, `annual-report`), nor a record like an attachment",
                file.path
            );
        }
        // One `mkdir` per new folder; the set spares the known ones. Its ancestors
        // exist too once it does: without them in the set, a class page written after
        // its records' pages asked `mkdir` again (4,800 times at 10,000 records, each a
        // failed look-up of a long path).
        let dir = file.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        // The file is made from its grandparent folder (`at`): the folder of a record's
        // class for its page `<slug>/index.html`.
        let (base, leaf) = dir.rsplit_once('/').unwrap_or(("", dir));
        if !lock(&self.folders).contains(dir) {
            self.make_folder(dir, base, leaf)?;
            let mut folders = lock(&self.folders);
            for known in ancestors(dir) {
                if !folders.insert(known.to_owned()) {
                    break;
                }
            }
        }
        let rest = if base.is_empty() { &file.path[..] } else { &file.path[base.len() + 1..] };
        self.write_file(base, rest, file)
    }

    /// Creates the folder `dir` of the output (`leaf` in `base`), and its missing parents.
    fn make_folder(&self, dir: &str, base: &str, leaf: &str) -> anyhow::Result<()> {
        let cannot = |dir: &str| format!("cannot create folder `{}`", self.tmp.join(dir).display());
        #[cfg(target_os = "linux")]
        {
            // Missing ancestors first, top down, each from the output folder: by whole
            // path, `create_dir_all` tried the folder itself first and climbed one
            // failed look-up at a time (2,600 failed `mkdir`s at 10,000 records: a
            // record's page comes before its class page).
            let missing: Vec<&str> = {
                let known = lock(&self.folders);
                ancestors(base).take_while(|folder| !known.contains(*folder)).collect()
            };
            for folder in missing.iter().rev() {
                self.open.mkdir("", folder).with_context(|| cannot(folder))?;
            }
            self.open.mkdir(base, leaf).with_context(|| cannot(dir))
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (base, leaf);
            std::fs::create_dir_all(self.tmp.join(dir)).with_context(|| cannot(dir))
        }
    }

    /// Writes `file`, which is `rest` inside the existing folder `base`.
    fn write_file(&self, base: &str, rest: &str, file: &OutputFile) -> anyhow::Result<()> {
        #[cfg(target_os = "linux")]
        return self
            .open
            .write(base, rest, &file.content)
            .with_context(|| cannot_write(&self.tmp.join(&file.path), &file.content));
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (base, rest);
            write_one(&self.tmp.join(&file.path), &file.content)
        }
    }

    /// Flushes the new folder to disk and puts it in the place of `out`.
    pub(crate) fn commit(mut self) -> anyhow::Result<()> {
        self.committed = true;
        swap_in(&self.tmp, &self.out, &self.old)
    }
}

/// Replaces the folder `out` with exactly `files`, atomically (as [`Staging`] does for a
/// caller that has every file in hand, such as `gongkai sheets`).
pub(crate) fn replace_dir(out: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    let staging = Staging::begin(out)?;
    for file in files {
        staging.put(file)?;
    }
    staging.commit()
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.tmp);
        }
    }
}

/// A poisoned lock only means another writer panicked; the set is still usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A path must stay inside the output folder.
fn check_path(path: &str) -> anyhow::Result<()> {
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.contains('\\')
        || path.split('/').any(|part| part.is_empty() || part == "." || part == "..");
    if bad {
        bail!(
            "cannot write `{path}`: not a relative path inside the output folder (a bug in gongkai)"
        );
    }
    Ok(())
}

/// Without an atomic exchange, a run killed between its two renames leaves the previous
/// output as `old` and nothing at `out`: it is put back before anything else, so a next
/// run that fails does not lose the site.
fn recover_previous(out: &Path, old: &Path) -> anyhow::Result<()> {
    let old_is_dir = std::fs::symlink_metadata(old).is_ok_and(|m| m.is_dir());
    if old_is_dir && std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(old, out).with_context(|| {
            format!("cannot move `{}` back to `{}`", old.display(), out.display())
        })?;
    }
    Ok(())
}

fn remove_leftover(path: &Path) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => remove_tree(path),
        Ok(_) => std::fs::remove_file(path),
        Err(_) => return Ok(()),
    }
    .with_context(|| format!("cannot remove `{}` (left over from an earlier run)", path.display()))
}

/// Subtrees handed to the removers at once (a site has one folder per page, so even a
/// small one splits into that many after a few levels).
const SUBTREES: usize = 256;
/// Removals in flight. Not the number of CPUs: removing is waiting, not computing. On
/// ext4 mounted with `discard` (usual for cloud disks) each unlink of a written-back file
/// or folder waited about 3 ms here, so a 10,000-record site (26,745 entries) took 90 s
/// to remove one by one; 16 at a time overlap those waits (measured 2× faster with the
/// machine loaded, more when it is not).
const REMOVERS: usize = 16;

/// `remove_dir_all`, many subtrees at a time.
///
/// The top levels are walked here (without following links: `DirEntry::file_type` does
/// not) until there are [`SUBTREES`] folders; each is then removed by std's
/// `remove_dir_all`, which works through directory handles and so cannot be led out of
/// the tree by a folder swapped for a link meanwhile. Entries that vanish meanwhile are
/// fine: the aim is that nothing is left.
fn remove_tree(root: &Path) -> std::io::Result<()> {
    let mut walked = Vec::new();
    let mut files = Vec::new();
    let mut frontier = vec![root.to_path_buf()];
    while !frontier.is_empty() && frontier.len() < SUBTREES {
        let mut next = Vec::new();
        for dir in frontier {
            for entry in std::fs::read_dir(&dir)? {
                let entry = entry?;
                if entry.file_type()?.is_dir() {
                    next.push(entry.path());
                } else {
                    files.push(entry.path());
                }
            }
            walked.push(dir);
        }
        frontier = next;
    }
    let gone = |result: std::io::Result<()>| match result {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    };
    let remove = || -> std::io::Result<()> {
        use rayon::prelude::*;
        frontier.par_iter().try_for_each(|dir| gone(std::fs::remove_dir_all(dir)))?;
        files.par_iter().try_for_each(|file| gone(std::fs::remove_file(file)))
    };
    // A pool of its own: the global one has one thread per CPU, and is the caller's.
    match rayon::ThreadPoolBuilder::new().num_threads(REMOVERS).build() {
        Ok(pool) => pool.install(remove)?,
        Err(_) => remove()?,
    }
    // Children before parents.
    for dir in walked.iter().rev() {
        gone(std::fs::remove_dir(dir))?;
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn write_one(target: &Path, content: &Content) -> anyhow::Result<()> {
    match content {
        Content::Bytes(bytes) => std::fs::write(target, bytes),
        Content::Copy(source) => std::fs::copy(source, target).map(|_| ()),
    }
    .with_context(|| cannot_write(target, content))
}

/// `a/b/c`, `a/b`, `a`: a folder of the output and the folders above it, up to (not
/// including) the output itself, `""`.
fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(dir), |d| d.rsplit_once('/').map(|(parent, _)| parent))
        .filter(|d| !d.is_empty())
}

/// What could not be done when writing `content` to `target`.
fn cannot_write(target: &Path, content: &Content) -> String {
    match content {
        Content::Bytes(_) => format!("cannot write `{}`", target.display()),
        Content::Copy(source) => {
            format!("cannot copy `{}` to `{}`", source.display(), target.display())
        }
    }
}

/// Puts `tmp` in the place of `out`; the previous output is removed afterwards.
fn swap_in(tmp: &Path, out: &Path, old: &Path) -> anyhow::Result<()> {
    if !out.exists() {
        std::fs::rename(tmp, out)
            .with_context(|| format!("cannot move `{}` to `{}`", tmp.display(), out.display()))?;
        return sync_parent(out);
    }
    if exchange(tmp, out) {
        // `tmp` now holds the previous output.
        sync_parent(out)?;
        return remove_leftover(tmp);
    }
    std::fs::rename(out, old).with_context(|| format!("cannot move `{}` aside", out.display()))?;
    if let Err(err) = std::fs::rename(tmp, out) {
        let _ = std::fs::rename(old, out);
        return Err(err)
            .with_context(|| format!("cannot move `{}` to `{}`", tmp.display(), out.display()));
    }
    sync_parent(out)?;
    remove_leftover(old)
}

/// Swaps two folders in one step; false where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Makes the renames durable (where folders can be opened and synced).
fn sync_parent(path: &Path) -> anyhow::Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if let Ok(dir) = std::fs::File::open(parent) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use rayon::prelude::*;

    /// What the site's renderer does: begin, put every file from many threads, commit.
    fn replace_dir_parallel(out: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
        let staging = Staging::begin(out)?;
        files.par_iter().try_for_each(|file| staging.put(file))?;
        staging.commit()
    }

    fn list(root: &Path) -> Vec<String> {
        let mut found: Vec<String> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path().strip_prefix(root).unwrap_or(e.path()).to_string_lossy().replace('\\', "/")
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn replaces_the_folder_and_leaves_no_scratch() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("public");
        let source = dir.path().join("a.pdf");
        std::fs::write(&source, b"%PDF").unwrap_or_else(|e| panic!("{e}"));
        replace_dir(&out, &[OutputFile::text("index.html", "one".into())])
            .unwrap_or_else(|e| panic!("{e:#}"));
        let second = [
            OutputFile::text("a/index.html", "two".into()),
            OutputFile::copy("a/files/a.pdf", source),
        ];
        replace_dir(&out, &second).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(list(&out), ["a/files/a.pdf", "a/index.html"]);
        assert_eq!(std::fs::read(out.join("a/files/a.pdf")).unwrap_or_default(), b"%PDF");
        assert_eq!(list(dir.path()).len(), 3, "{:?}", list(dir.path()));
    }

    #[test]
    fn a_created_folder_makes_its_ancestors_known() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let staging =
            Staging::begin(&dir.path().join("public")).unwrap_or_else(|e| panic!("{e:#}"));
        let put = |path: &str| {
            staging.put(&OutputFile::text(path, path.into())).unwrap_or_else(|e| panic!("{e:#}"));
        };
        put("a/b/c/index.html");
        let known: Vec<String> = lock(&staging.folders).iter().cloned().collect();
        assert_eq!(known, ["", "a", "a/b", "a/b/c"], "a/b and a need no second mkdir");
        put("a/b/index.html");
        put("a/b/d/index.html");
        staging.commit().unwrap_or_else(|e| panic!("{e:#}"));
        let written = std::fs::read_to_string(dir.path().join("public/a/b/index.html"));
        assert_eq!(written.unwrap_or_default(), "a/b/index.html");
    }

    #[test]
    fn ancestors_climb_to_the_output_folder() {
        assert_eq!(ancestors("a/b/c").collect::<Vec<_>>(), ["a/b/c", "a/b", "a"]);
        assert_eq!(ancestors("a").collect::<Vec<_>>(), ["a"]);
        assert_eq!(ancestors("").count(), 0);
    }

    #[test]
    fn leftovers_of_a_killed_run_are_cleared() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("public");
        std::fs::create_dir_all(dir.path().join(".public.gongkai-tmp/x"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join(".public.gongkai-tmp/x/stale.html"), "")
            .unwrap_or_else(|e| panic!("{e}"));
        replace_dir(&out, &[OutputFile::text("index.html", "new".into())])
            .unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(list(dir.path()), ["public/index.html"]);
    }

    #[test]
    fn a_previous_output_left_aside_by_a_killed_swap_is_put_back() {
        // Killed between `out → old` and `tmp → out` (the swap without exchange).
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("public");
        std::fs::create_dir_all(dir.path().join(".public.gongkai-old"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join(".public.gongkai-old/index.html"), "previous")
            .unwrap_or_else(|e| panic!("{e}"));
        // The next run fails before its commit: the previous site is back all the same.
        drop(Staging::begin(&out).unwrap_or_else(|e| panic!("{e:#}")));
        assert_eq!(list(dir.path()), ["public/index.html"]);
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap_or_default(), "previous");
        // With an output in place, a stale `old` is only removed.
        std::fs::create_dir_all(dir.path().join(".public.gongkai-old"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join(".public.gongkai-old/stale.html"), "")
            .unwrap_or_else(|e| panic!("{e}"));
        replace_dir(&out, &[OutputFile::text("index.html", "new".into())])
            .unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(list(dir.path()), ["public/index.html"]);
    }

    #[test]
    fn bad_or_clashing_paths_are_refused_and_nothing_is_left() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("public");
        for files in [
            vec![OutputFile::text("../x", String::new())],
            vec![OutputFile::text("a", String::new()), OutputFile::text("a", String::new())],
            vec![OutputFile::text("a", String::new()), OutputFile::text("a/b", String::new())],
        ] {
            assert!(replace_dir_parallel(&out, &files).is_err());
        }
        assert!(list(dir.path()).is_empty());
        assert_eq!(std::fs::read_dir(dir.path()).map(|d| d.count()).unwrap_or(1), 0);
    }

    #[test]
    fn a_failed_write_keeps_the_previous_output() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("public");
        replace_dir(&out, &[OutputFile::text("index.html", "old".into())])
            .unwrap_or_else(|e| panic!("{e:#}"));
        let missing = OutputFile::copy("a.pdf", dir.path().join("no-such-file"));
        assert!(
            replace_dir(&out, &[OutputFile::text("index.html", "new".into()), missing]).is_err()
        );
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap_or_default(), "old");
        assert_eq!(list(dir.path()), ["public/index.html"]);
    }
}
