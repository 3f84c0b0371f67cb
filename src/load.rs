//! Walking a catalogue repository and reading its files.
//!
//! The walk is sorted and never follows symbolic links, so the [`Layout`] (which files
//! are units, records, requests and attachments) is the same on every machine and a link
//! loop cannot hang it. Files are then read in parallel into the [`SourceMap`]. Nothing is
//! parsed here; problems of *place* (a file in no unit, a symlink, a name that is not a
//! slug, a file too large or not UTF-8) become diagnostics.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;
use walkdir::WalkDir;

use crate::catalogue::Audience;
use crate::catalogue::is_slug;
use crate::diagnostics::{Diagnostic, OrphanReason, Problem};
use crate::source::{FileId, SourceMap, first_invalid_utf8};

/// Record and request files larger than this are refused (with a diagnostic): a record is
/// a page of text, and reading a stray 50 MB dump into memory helps nobody.
pub(crate) const MAX_TEXT_FILE: u64 = 10 * 1024 * 1024;

/// Folders deeper than this under `units/` are reported and not read. A real hierarchy
/// (city, county, township, village, then `external/<class>/`) is under ten levels; the
/// limit keeps every path far below the system's path length limit (`PATH_MAX`), which a
/// 10,000-deep tree exceeds: that was a fatal "file name too long" (exit 2) with a
/// 20,000-character path in the message.
pub(crate) const MAX_DEPTH: usize = 64;

/// Where everything is in a repository.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    #[allow(dead_code)] // kept for diagnostics and tools; nothing reads it yet
    pub(crate) root: PathBuf,
    pub(crate) settings: Option<FileId>,
    pub(crate) catalogues: Vec<FileId>,
    /// The repository's holiday calendar files, `catalogues/calendar/*.toml`.
    pub(crate) calendars: Vec<FileId>,
    /// Units in walk order: a parent always comes before its children.
    pub(crate) units: Vec<UnitDir>,
    pub(crate) records: Vec<RecordFile>,
    pub(crate) requests: Vec<RequestFile>,
    /// Paths (relative to the root, `/`-separated) of every file under a unit's `files/`.
    pub(crate) attachments: BTreeSet<String>,
    /// Files that could not be read as text (too large, not UTF-8, empty): already
    /// reported, and skipped by the parsers.
    pub(crate) unusable: BTreeSet<FileId>,
}

#[derive(Debug)]
pub(crate) struct UnitDir {
    /// The unit's path under `units/`, e.g. `yangzhou/jiangdu`; also its URL path.
    pub(crate) id: String,
    pub(crate) file: FileId,
    /// The nearest enclosing unit, if any.
    pub(crate) parent: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Markdown,
    Toml,
}

#[derive(Debug)]
pub(crate) struct RecordFile {
    pub(crate) file: FileId,
    pub(crate) unit: usize,
    pub(crate) audience: Audience,
    /// The class folder's name.
    pub(crate) class: String,
    /// The file name without its extension.
    pub(crate) slug: String,
    pub(crate) format: Format,
}

#[derive(Debug)]
pub(crate) struct RequestFile {
    pub(crate) file: FileId,
    pub(crate) unit: usize,
    pub(crate) slug: String,
}

/// What a folder under `units/` is.
#[derive(Clone, Debug)]
enum Place {
    Unit(usize),
    Area(usize, Audience),
    Class(usize, Audience, String),
    NestedInClass,
    Files,
    Requests(usize),
    /// A folder no unit holds (no `unit.toml` here or in a reserved role).
    NoUnit,
}

/// Walks `root` and reads every text file gongkai checks. Fails (exit 2) when `root` has
/// no `gongkai.toml` or a file cannot be read.
pub(crate) fn load(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<Layout> {
    let settings_path = root.join("gongkai.toml");
    if !settings_path.is_file() {
        let shown = root.display();
        return Err(crate::i18n::error(
            format!(
                "{shown} 不是 gongkai 仓库(没有 gongkai.toml)\n提示:用 `gongkai init <文件夹>` 新建一个仓库"
            ),
            format!(
                "{shown} is not a gongkai repository (no gongkai.toml)\nhint: create one with `gongkai init <folder>`"
            ),
        ));
    }
    let mut layout = Layout { root: root.to_path_buf(), ..Layout::default() };
    let read = Mutex::new(Vec::new());
    rayon::scope(|scope| {
        let mut reader = Reader { root, scope, read: &read, pending: Vec::new() };
        find_files(root, &mut layout, sources, diagnostics, &mut reader)?;
        reader.send(sources);
        anyhow::Ok(())
    })?;
    let read = read.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    layout.unusable = take_texts(read, sources, diagnostics)?;
    Ok(layout)
}

/// Reads the files the walk finds while it goes on, in batches on the other threads:
/// the walk is sequential, and waiting for its end before reading cost its whole
/// time (#7).
struct Reader<'a, 's> {
    root: &'a Path,
    scope: &'a rayon::Scope<'s>,
    read: &'s Mutex<Vec<ReadResult>>,
    /// The files found since the last batch was sent.
    pending: Vec<FileId>,
}

/// A file read: its text and what makes it unusable, or the I/O error.
type ReadResult = (FileId, anyhow::Result<(String, Option<Diagnostic>)>);

/// Files per reading task.
const READ_BATCH: usize = 64;

impl<'a, 's> Reader<'a, 's> {
    fn push(&mut self, id: FileId) {
        self.pending.push(id);
    }

    /// Sends the files found since the last batch when there are enough of them.
    fn send_full_batch(&mut self, sources: &SourceMap) {
        if self.pending.len() >= READ_BATCH {
            self.send(sources);
        }
    }

    /// Sends the files found since the last batch.
    fn send(&mut self, sources: &SourceMap) {
        let batch: Vec<(FileId, PathBuf)> =
            self.pending.drain(..).map(|id| (id, self.root.join(sources.path(id)))).collect();
        let read = self.read;
        self.scope.spawn(move |_| {
            let texts: Vec<ReadResult> =
                batch.iter().map(|(id, path)| (*id, read_one(*id, path))).collect();
            read.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(texts);
        });
    }
}

/// Finds every file to check, and hands the ones to read to `to_read`.
fn find_files(
    root: &Path,
    layout: &mut Layout,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
    to_read: &mut Reader<'_, '_>,
) -> anyhow::Result<()> {
    let settings = sources.add("gongkai.toml".to_owned(), String::new());
    layout.settings = Some(settings);
    to_read.push(settings);
    for path in sorted_files(&root.join("catalogues"), "toml")? {
        let id = sources.add(format!("catalogues/{path}"), String::new());
        layout.catalogues.push(id);
        to_read.push(id);
    }
    for path in sorted_files(&root.join("catalogues").join("calendar"), "toml")? {
        let id = sources.add(format!("catalogues/calendar/{path}"), String::new());
        layout.calendars.push(id);
        to_read.push(id);
    }
    let units_root = root.join("units");
    // `units` itself may not be a link either: the walk would follow it (walkdir always
    // follows its root), out of the repository and, for a link to `/`, over every disk.
    if std::fs::symlink_metadata(&units_root).is_ok_and(|m| m.file_type().is_symlink()) {
        let id = sources.add("units".to_owned(), String::new());
        diagnostics.push(Diagnostic::in_file(Problem::Symlink, id));
    } else if units_root.is_dir() {
        walk_units(root, &units_root, layout, sources, diagnostics, to_read)?;
    }
    Ok(())
}

/// Names of the `*.ext` files directly in `dir` (sorted), or none if it does not exist.
fn sorted_files(dir: &Path, ext: &str) -> anyhow::Result<Vec<String>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut names = Vec::new();
    for entry in
        std::fs::read_dir(dir).with_context(|| cannot("读取文件夹", "read the folder", dir))?
    {
        let entry = entry.with_context(|| cannot("读取文件夹", "read the folder", dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().is_ok_and(|t| t.is_file())
            && !ignored(&name)
            && name.ends_with(&format!(".{ext}"))
        {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Files and folders starting with `.` or `_` are ignored (SPEC §2).
fn ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

/// `a/b/c` relative to the repository root, always with `/`.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    // Where `/` is the separator, a path walked down from the root is already written
    // that way: no need to take it apart (this ran for every file on the main thread, #7).
    if std::path::MAIN_SEPARATOR == '/'
        && !rel.has_root()
        && let Some(text) = rel.to_str().filter(|t| is_plain_relative(t))
    {
        return text.to_owned();
    }
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// `a/b/c`: no empty, `.` or `..` part, which `components()` would drop or keep apart.
fn is_plain_relative(text: &str) -> bool {
    !text.is_empty() && text.split('/').all(|part| !matches!(part, "" | "." | ".."))
}

fn walk_units(
    root: &Path,
    units_root: &Path,
    layout: &mut Layout,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
    to_read: &mut Reader<'_, '_>,
) -> anyhow::Result<()> {
    // The place of each folder on the way down to the current entry, by depth: the walk is
    // depth first, so an entry's parent is the last folder one level up.
    let mut places: Vec<Place> = Vec::new();
    let mut walker = WalkDir::new(units_root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !ignored(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = entry.with_context(|| format!("cannot walk {}", units_root.display()))?;
        let path = entry.path();
        let rel = relative(root, path);
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.depth() == 0 {
            places.push(Place::NoUnit);
            continue;
        }
        places.truncate(entry.depth());
        let parent = places.last().unwrap_or(&Place::NoUnit);
        let file_type = entry.file_type();
        // Reported, never read: a name that is not UTF-8 has no exact relative path to
        // read it by (nor a URL); a pipe would block the read forever.
        let unreadable = if entry.file_name().to_str().is_none() {
            Some(Problem::NameNotUtf8)
        } else if file_type.is_symlink() {
            Some(Problem::Symlink)
        } else if !file_type.is_dir() && !file_type.is_file() {
            Some(Problem::SpecialFile)
        } else {
            None
        };
        if let Some(problem) = unreadable {
            let id = sources.add(rel, String::new());
            diagnostics.push(Diagnostic::in_file(problem, id));
            if file_type.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if file_type.is_dir() && entry.depth() > MAX_DEPTH {
            let id = sources.add(rel, String::new());
            diagnostics.push(Diagnostic::in_file(Problem::TooDeep { limit: MAX_DEPTH }, id));
            walker.skip_current_dir();
            continue;
        }
        if file_type.is_dir() {
            let place =
                folder_place(parent, &name, path, root, layout, sources, diagnostics, to_read);
            places.push(place);
            continue;
        }
        file_place(parent, &name, rel, layout, sources, diagnostics, to_read);
        to_read.send_full_batch(sources);
    }
    Ok(())
}

/// Decides what a folder is from its parent's place and its name.
#[allow(clippy::too_many_arguments)]
fn folder_place(
    parent: &Place,
    name: &str,
    path: &Path,
    root: &Path,
    layout: &mut Layout,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
    to_read: &mut Reader<'_, '_>,
) -> Place {
    match parent {
        Place::Unit(unit) => match name {
            "external" => return Place::Area(*unit, Audience::External),
            "internal" => return Place::Area(*unit, Audience::Internal),
            "files" => return Place::Files,
            "requests" => return Place::Requests(*unit),
            _ => {}
        },
        Place::Area(unit, audience) => return Place::Class(*unit, *audience, name.to_owned()),
        Place::Class(..) | Place::NestedInClass | Place::Requests(_) => {
            return Place::NestedInClass;
        }
        Place::Files => return Place::Files,
        Place::NoUnit => {}
    }
    // A folder in a unit (or anywhere under `units/`) is a unit when it holds `unit.toml`.
    let unit_toml = path.join("unit.toml");
    let is_unit = std::fs::symlink_metadata(&unit_toml).is_ok_and(|m| m.is_file());
    if !is_unit {
        return Place::NoUnit;
    }
    let id = relative(&root.join("units"), path);
    let file = sources.add(format!("units/{id}/unit.toml"), String::new());
    to_read.push(file);
    // Name warnings point at the first line of a file gongkai reads (the unit's
    // `unit.toml`, the record): SPEC §4 gives every diagnostic a line where one exists.
    if !name.is_empty() && !is_slug(name) {
        diagnostics.push(Diagnostic::at_start(Problem::NotSlug { name: name.to_owned() }, file));
    }
    let parent_unit = match parent {
        Place::Unit(u) => Some(*u),
        // A unit inside a plain folder has no parent unit, but may have one further up.
        _ => nearest_unit(layout, &id),
    };
    layout.units.push(UnitDir { id, file, parent: parent_unit });
    Place::Unit(layout.units.len() - 1)
}

fn nearest_unit(layout: &Layout, id: &str) -> Option<usize> {
    layout
        .units
        .iter()
        .enumerate()
        .rev()
        .find(|(_, u)| id.strip_prefix(u.id.as_str()).is_some_and(|rest| rest.starts_with('/')))
        .map(|(i, _)| i)
}

/// Registers a file according to the place of its folder.
fn file_place(
    parent: &Place,
    name: &str,
    rel: String,
    layout: &mut Layout,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
    to_read: &mut Reader<'_, '_>,
) {
    let orphan = |reason, sources: &mut SourceMap, diagnostics: &mut Vec<Diagnostic>| {
        let id = sources.add(rel.clone(), String::new());
        diagnostics.push(Diagnostic::in_file(Problem::OrphanFile { reason }, id));
    };
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem, ext),
        None => (name, ""),
    };
    match parent {
        Place::Unit(_) if name == "unit.toml" => {}
        Place::Unit(_) | Place::Area(..) => orphan(OrphanReason::NotInClass, sources, diagnostics),
        Place::NoUnit => orphan(OrphanReason::NoUnit, sources, diagnostics),
        Place::NestedInClass => orphan(OrphanReason::TooDeep, sources, diagnostics),
        Place::Files => {
            layout.attachments.insert(rel);
        }
        Place::Class(unit, audience, class) => {
            let format = match ext {
                "md" => Format::Markdown,
                "toml" => Format::Toml,
                _ => return orphan(OrphanReason::NotARecord, sources, diagnostics),
            };
            let file = sources.add(rel, String::new());
            to_read.push(file);
            if !is_slug(stem) {
                diagnostics
                    .push(Diagnostic::at_start(Problem::NotSlug { name: name.to_owned() }, file));
            }
            layout.records.push(RecordFile {
                file,
                unit: *unit,
                audience: *audience,
                class: class.clone(),
                slug: stem.to_owned(),
                format,
            });
        }
        Place::Requests(unit) => {
            if ext != "toml" {
                return orphan(OrphanReason::NotARequest, sources, diagnostics);
            }
            let file = sources.add(rel, String::new());
            to_read.push(file);
            if !is_slug(stem) {
                diagnostics
                    .push(Diagnostic::at_start(Problem::NotSlug { name: name.to_owned() }, file));
            }
            layout.requests.push(RequestFile { file, unit: *unit, slug: stem.to_owned() });
        }
    }
}

/// Puts the texts read into `sources`; a file that is too large, not UTF-8 or empty
/// keeps an empty text and gets a diagnostic. An I/O error is fatal (the first, in
/// the order the files were found).
fn take_texts(
    mut read: Vec<ReadResult>,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<BTreeSet<FileId>> {
    // Batches finish in any order; file ids were given in the order found.
    read.sort_by_key(|(id, _)| *id);
    let mut unusable = BTreeSet::new();
    for (id, result) in read {
        let (text, problem) = result?;
        sources.set_text(id, text);
        if let Some(problem) = problem {
            unusable.insert(id);
            diagnostics.push(problem);
        }
    }
    Ok(unusable)
}

/// "cannot read x" in both languages (a fatal error's context).
fn cannot(zh: &str, en: &str, path: &Path) -> crate::i18n::Message {
    let shown = path.display();
    crate::i18n::Message::new(format!("无法{zh} {shown}"), format!("cannot {en} {shown}"))
}

fn read_one(id: FileId, path: &Path) -> anyhow::Result<(String, Option<Diagnostic>)> {
    let cannot_read = || cannot("读取", "read", path);
    // Open, then ask the open file its size: one look-up of the path instead of two.
    let file = std::fs::File::open(path).with_context(cannot_read)?;
    let size = file.metadata().with_context(cannot_read)?.len();
    let too_large = |size| {
        let problem = Problem::FileTooLarge { size, limit: MAX_TEXT_FILE };
        Ok((String::new(), Some(Diagnostic::in_file(problem, id))))
    };
    if size > MAX_TEXT_FILE {
        return too_large(size);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    // Never more than the limit in memory, even when the file grows after `metadata`.
    // `Take::read_to_end` also trusts the capacity reserved above, where the `File` one
    // asks the size again (two more system calls per file, #7).
    file.take(MAX_TEXT_FILE + 1).read_to_end(&mut bytes).with_context(cannot_read)?;
    if bytes.len() as u64 > MAX_TEXT_FILE {
        return too_large(bytes.len() as u64);
    }
    Ok(decode(id, bytes))
}

/// The text of a file's bytes, and the problem that makes it unusable (not UTF-8, or
/// empty). One validation pass: the position of a bad byte is worked out only for the
/// rare file that is not UTF-8 (validating twice was 7% of `check`, #7).
pub(crate) fn decode(id: FileId, bytes: Vec<u8>) -> (String, Option<Diagnostic>) {
    let text = match utf8_string(bytes) {
        Ok(text) => text,
        Err(bytes) => return not_utf8(id, &bytes),
    };
    let empty = text.trim_start_matches('\u{feff}').trim().is_empty();
    let problem = empty.then(|| Diagnostic::at_start(Problem::EmptyFile, id));
    (text, problem)
}

/// `String::from_utf8` with a faster check. std validates one character at a time and
/// has a fast path for ASCII only, so validating Chinese files was 3% of a build's
/// instructions (#7); simdutf8 checks 16 or 32 bytes a step (SSE4.2 / AVX2, chosen at
/// run time, a plain check on other CPUs).
#[allow(unsafe_code)]
fn utf8_string(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    match simdutf8::basic::from_utf8(&bytes) {
        // SAFETY: simdutf8 has just found the bytes to be valid UTF-8.
        Ok(_) => Ok(unsafe { String::from_utf8_unchecked(bytes) }),
        Err(_) => Err(bytes),
    }
}

/// A file that is not UTF-8: its text (decoded lossily, so the snippet shows the line with
/// the bad byte) and the diagnostic pointing at that byte.
fn not_utf8(id: FileId, bytes: &[u8]) -> (String, Option<Diagnostic>) {
    let (line, column) = first_invalid_utf8(bytes).unwrap_or((1, 1));
    let text = String::from_utf8_lossy(bytes).into_owned();
    let line_start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
    let offset =
        line_start + text[line_start..].chars().take(column - 1).map(char::len_utf8).sum::<usize>();
    let diagnostic =
        Diagnostic { span: Some(offset..offset), ..Diagnostic::in_file(Problem::NotUtf8, id) };
    (text, Some(diagnostic))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The fast check accepts and rejects exactly what std does: Chinese, ASCII,
        /// 4-byte characters, and every kind of broken sequence cut anywhere.
        #[test]
        fn utf8_check_agrees_with_std(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("索引号".as_bytes().to_vec()),
                    Just(b"title = \"x\"\n".to_vec()),
                    Just("𠀀".as_bytes().to_vec()),
                    proptest::collection::vec(any::<u8>(), 0..4),
                ],
                0..40,
            ),
            cut in 0usize..200,
        ) {
            let mut bytes: Vec<u8> = pieces.concat();
            bytes.truncate(cut.max(bytes.len() / 2));
            let expected = String::from_utf8(bytes.clone()).map_err(|e| e.into_bytes());
            prop_assert_eq!(utf8_string(bytes), expected);
        }
    }
}
