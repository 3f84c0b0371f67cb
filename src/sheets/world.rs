//! The smallest Typst `World` that can compile one sheet: one main source (the
//! template text), a few virtual files held in memory, the shared fonts.
//!
//! This module owns the virtual file system a template sees. There is no
//! project folder and no package access: `/data.json` and `/qr/*.png` are the
//! only files, so a template (built-in or a user's theme) can read nothing
//! from disk and nothing from the network. `datetime.today()` fails on
//! purpose: dates come preformatted in the data, so output never depends on
//! the day it was rendered.
//!
//! Everything expensive (standard library, fonts) is borrowed, so a world is
//! cheap to build per sheet and many can run in parallel.

use std::path::PathBuf;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, PathError, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::fonts::FontSet;

/// Virtual path of the template.
pub(crate) const MAIN_PATH: &str = "/board.typ";

/// One sheet's world.
pub(crate) struct SheetWorld<'a> {
    library: &'a LazyHash<Library>,
    fonts: &'a FontSet,
    main: Source,
    // A handful of files per sheet: a linear scan beats hashing and keeps
    // the order deterministic.
    files: Vec<(FileId, Bytes)>,
}

impl<'a> SheetWorld<'a> {
    /// A world whose main file is `main` (from [`main_source`]), with `files` as
    /// (absolute virtual path, content) pairs.
    pub(crate) fn new(
        library: &'a LazyHash<Library>,
        fonts: &'a FontSet,
        main: Source,
        files: Vec<(String, Bytes)>,
    ) -> Result<Self, PathError> {
        let files = files
            .into_iter()
            .map(|(path, bytes)| Ok((file_id(&path)?, bytes)))
            .collect::<Result<_, PathError>>()?;
        Ok(SheetWorld { library, fonts, main, files })
    }

    /// The template source (for turning spans into line:column).
    pub(crate) fn main_source(&self) -> &Source {
        &self.main
    }
}

/// The template as the main source. Parsed here, once: the sheets of a run share it (a
/// clone is a reference count), instead of parsing the template again for each.
pub(crate) fn main_source(template: &str) -> Result<Source, PathError> {
    Ok(Source::new(file_id(MAIN_PATH)?, template.to_owned()))
}

/// The interned id of a project file. Ids are global and never freed, but the
/// same path always gives the same id, so rendering many sheets reuses
/// `/board.typ`, `/data.json` and `/qr/C-R.png` instead of growing the table.
fn file_id(path: &str) -> Result<FileId, PathError> {
    Ok(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path)?).intern())
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
}

impl World for SheetWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(not_found(id)) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.files
            .iter()
            .find(|(fid, _)| *fid == id)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use typst::LibraryExt;

    use super::*;

    #[test]
    fn serves_only_its_virtual_files() {
        let Ok(fonts) = FontSet::bundled() else { panic!("bundled fonts") };
        let library = LazyHash::new(Library::builder().build());
        let files = vec![("/data.json".to_owned(), Bytes::from_string("{}".to_owned()))];
        let Ok(main) = main_source("= Hi") else { panic!("path") };
        let Ok(world) = SheetWorld::new(&library, &fonts, main, files) else { panic!("paths") };
        let Ok(data) = file_id("/data.json") else { panic!("path") };
        let Ok(etc) = file_id("/etc/passwd") else { panic!("path") };
        assert_eq!(world.file(data).ok().map(|b| b.to_vec()), Some(b"{}".to_vec()));
        assert!(matches!(world.file(etc), Err(FileError::NotFound(_))));
        assert!(world.source(data).is_err());
        assert!(world.today(None).is_none());
    }

    #[test]
    fn same_path_same_id() {
        assert_eq!(file_id("/qr/0-1.png").ok(), file_id("/qr/0-1.png").ok());
    }
}
