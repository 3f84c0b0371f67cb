//! Writing output files relative to open folders (`mkdirat`, `openat`), Linux only.
//!
//! By whole path, the kernel walks every component of
//! `site/.public.gongkai-tmp/<unit>/external/<class>/<slug>/index.html` twice a page
//! (the `mkdir` of the page's folder, then the `open` of its file). Here both start from
//! the page's grandparent folder (the class, for a record page), held open while its
//! pages are written: the walk is one or two components, and a 10,000-record build takes
//! 1% less CPU on tmpfs (on ext4, creating the inodes costs far more than finding them,
//! #7). The pages of a class are rendered side by side, so a few recently used folders
//! are enough.

use std::io::Write;
use std::os::fd::OwnedFd;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rustix::fs::{CWD, Mode, OFlags, mkdirat, openat};
use rustix::io::Errno;

use super::{Content, lock};

/// Folders kept open: a few per thread (a record page's class, a listing's unit).
const RECENT: usize = 16;

/// The output folder being written, and some of its folders, open.
pub(super) struct Folders {
    root: Arc<OwnedFd>,
    /// Most recently used first: (path relative to the root, folder).
    recent: Mutex<Vec<(String, Arc<OwnedFd>)>>,
}

impl Folders {
    pub(super) fn open(root: &Path) -> std::io::Result<Folders> {
        let fd =
            openat(CWD, root, OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())?;
        Ok(Folders { root: Arc::new(fd), recent: Mutex::default() })
    }

    /// The folder `dir` of the output (`""` is the output itself), which exists.
    fn folder(&self, dir: &str) -> std::io::Result<Arc<OwnedFd>> {
        if dir.is_empty() {
            return Ok(Arc::clone(&self.root));
        }
        {
            let mut recent = lock(&self.recent);
            if let Some(at) = recent.iter().position(|(path, _)| path == dir) {
                recent[..=at].rotate_right(1);
                return Ok(Arc::clone(&recent[0].1));
            }
        }
        // Opened outside the lock: the other threads go on meanwhile.
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = Arc::new(openat(&*self.root, dir, flags, Mode::empty())?);
        let mut recent = lock(&self.recent);
        recent.insert(0, (dir.to_owned(), Arc::clone(&fd)));
        recent.truncate(RECENT);
        Ok(fd)
    }

    /// Creates the folder `name` (a name, or a path whose parent exists) in the existing
    /// folder `dir`. One that exists already is fine: another thread may have made it
    /// first.
    pub(super) fn mkdir(&self, dir: &str, name: &str) -> std::io::Result<()> {
        match mkdirat(&*self.folder(dir)?, name, Mode::from_raw_mode(0o777)) {
            Ok(()) | Err(Errno::EXIST) => Ok(()),
            Err(err) => Err(err.into()),
        }
    }

    /// Writes `content` to `rest` (one or more components) inside the folder `dir`.
    pub(super) fn write(&self, dir: &str, rest: &str, content: &Content) -> std::io::Result<()> {
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::CLOEXEC;
        let fd = openat(&*self.folder(dir)?, rest, flags, Mode::from_raw_mode(0o666))?;
        let mut file = std::fs::File::from(fd);
        match content {
            Content::Bytes(bytes) => file.write_all(bytes),
            // std's copy between two files uses copy_file_range: no bytes pass through us.
            Content::Copy(source) => {
                std::io::copy(&mut std::fs::File::open(source)?, &mut file).map(|_| ())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_relative_to_open_folders_and_forgets_the_oldest() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let folders = Folders::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        folders.mkdir("", "a").unwrap_or_else(|e| panic!("{e}"));
        folders.mkdir("", "a").unwrap_or_else(|e| panic!("an existing folder is fine: {e}"));
        for i in 0..RECENT + 4 {
            folders.mkdir("a", &format!("{i}")).unwrap_or_else(|e| panic!("{e}"));
            folders.mkdir(&format!("a/{i}"), "p").unwrap_or_else(|e| panic!("{e}"));
            let page = Content::Bytes(format!("page {i}").into_bytes());
            folders
                .write(&format!("a/{i}"), "p/index.html", &page)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(lock(&folders.recent).len(), RECENT);
        assert_eq!(lock(&folders.recent)[0].0, format!("a/{}", RECENT + 3), "newest first");
        let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap_or_default();
        assert_eq!(read("a/0/p/index.html"), "page 0");
        assert_eq!(read(&format!("a/{}/p/index.html", RECENT + 3)), format!("page {}", RECENT + 3));
        // A folder forgotten is opened again.
        folders
            .write("a/0", "p/index.html", &Content::Bytes(b"again".to_vec()))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read("a/0/p/index.html"), "again");
        let source = dir.path().join("source.pdf");
        std::fs::write(&source, b"%PDF-1.7").unwrap_or_else(|e| panic!("{e}"));
        folders.write("", "copy.pdf", &Content::Copy(source)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read("copy.pdf"), "%PDF-1.7");
        assert!(folders.write("", "x/missing-folder.html", &Content::Bytes(Vec::new())).is_err());
    }
}
