//! The only module that touches output folders (the site's `--out`, and the sheets').
//!
//! Renderers hand over a list of [`OutputFile`]s; [`replace_dir`] writes them into a
//! temporary folder beside the output (`.public.gongkai-tmp` for `public/`), flushes it
//! to disk and then swaps it in, so a failed or killed build leaves the previous output
//! untouched (SPEC §5). On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: there is
//! never a moment without a site. Elsewhere (or on a file system without exchange) it is
//! two renames in quick succession. Leftovers of a killed run have predictable names and
//! are removed at the start of the next one.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use rayon::prelude::*;

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

/// Replaces the folder `out` with exactly `files`, atomically.
pub(crate) fn replace_dir(out: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    check_paths(files)?;
    if out.exists() && !out.is_dir() {
        bail!("cannot write the output to `{}`: it is a file, not a folder", out.display());
    }
    let (tmp, old) = scratch_paths(out)?;
    if let Some(parent) = tmp.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create folder `{}`", parent.display()))?;
    }
    remove_leftover(&tmp)?;
    remove_leftover(&old)?;
    let written = write_all(&tmp, files).and_then(|()| flush(&tmp));
    if let Err(err) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(err);
    }
    swap_in(&tmp, out, &old)
}

/// Paths must stay inside the output folder and be unique.
fn check_paths(files: &[OutputFile]) -> anyhow::Result<()> {
    let mut seen = BTreeSet::new();
    for file in files {
        let path = &file.path;
        let bad = path.is_empty()
            || path.starts_with('/')
            || path.contains('\\')
            || path.split('/').any(|part| part.is_empty() || part == "." || part == "..");
        if bad {
            bail!(
                "cannot write `{path}`: not a relative path inside the output folder (a bug in gongkai)"
            );
        }
        if !seen.insert(path.as_str()) {
            bail!(
                "two outputs would be written to `{path}`\nhint: a unit folder may not be named like a page of \
                 the site (`compliance`, `search`, `static`, `catalogue`, `page`), nor a record like an attachment"
            );
        }
    }
    // A file may not also be a folder (`a` and `a/b`).
    for path in &seen {
        let mut prefix = String::new();
        for part in path.split('/') {
            if !prefix.is_empty() && seen.contains(prefix.trim_end_matches('/')) {
                bail!(
                    "`{}` would be both a file and a folder of the output",
                    prefix.trim_end_matches('/')
                );
            }
            prefix.push_str(part);
            prefix.push('/');
        }
    }
    Ok(())
}

fn remove_leftover(path: &Path) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(_) => return Ok(()),
    }
    .with_context(|| format!("cannot remove `{}` (left over from an earlier run)", path.display()))
}

fn write_all(root: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    folders.insert(root.to_path_buf());
    for file in files {
        if let Some((dir, _)) = file.path.rsplit_once('/') {
            folders.insert(root.join(dir));
        }
    }
    for folder in &folders {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create folder `{}`", folder.display()))?;
    }
    files.par_iter().try_for_each(|file| write_one(&root.join(&file.path), &file.content))
}

fn write_one(target: &Path, content: &Content) -> anyhow::Result<()> {
    match content {
        Content::Bytes(bytes) => {
            let mut f = std::fs::File::create(target)
                .with_context(|| format!("cannot create `{}`", target.display()))?;
            f.write_all(bytes).with_context(|| format!("cannot write `{}`", target.display()))?;
            sync_file(&f, target)
        }
        Content::Copy(source) => {
            std::fs::copy(source, target).with_context(|| {
                format!("cannot copy `{}` to `{}`", source.display(), target.display())
            })?;
            let f = std::fs::File::open(target)
                .with_context(|| format!("cannot open `{}`", target.display()))?;
            sync_file(&f, target)
        }
    }
}

/// On Linux one `syncfs` after writing flushes everything at once (see [`flush`]);
/// elsewhere each file is synced as it is written.
fn sync_file(file: &std::fs::File, path: &Path) -> anyhow::Result<()> {
    if cfg!(target_os = "linux") {
        return Ok(());
    }
    file.sync_all().with_context(|| format!("cannot flush `{}` to disk", path.display()))
}

/// Makes the new folder durable before it is swapped in.
fn flush(root: &Path) -> anyhow::Result<()> {
    let dir =
        std::fs::File::open(root).with_context(|| format!("cannot open `{}`", root.display()))?;
    #[cfg(target_os = "linux")]
    rustix::fs::syncfs(&dir)
        .with_context(|| format!("cannot flush `{}` to disk", root.display()))?;
    #[cfg(not(target_os = "linux"))]
    let _ = dir.sync_all();
    Ok(())
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
    fn bad_or_clashing_paths_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("public");
        for files in [
            vec![OutputFile::text("../x", String::new())],
            vec![OutputFile::text("a", String::new()), OutputFile::text("a", String::new())],
            vec![OutputFile::text("a", String::new()), OutputFile::text("a/b", String::new())],
        ] {
            assert!(replace_dir(&out, &files).is_err());
        }
        assert!(list(dir.path()).is_empty());
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
