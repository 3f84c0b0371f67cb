//! What `gongkai init` and `gongkai new` write, as text (no I/O here).
//!
//! `repo.rs` makes the files of a new repository, `record.rs` the text of a record (a
//! filled-in example or a draft template), `sample.rs` example values for typed fields
//! (checked with the same validator `check` uses), `slug.rs` file names. The commands in
//! `cmd/init.rs` and `cmd/new.rs` decide where the text goes and talk to the user.

mod lines;
mod record;
mod repo;
mod sample;
mod slug;

pub(crate) use record::template;
pub(crate) use repo::{InitParams, UnitDefaults, files};
pub(crate) use sample::Context;
pub(crate) use slug::{counted, dated, from_ascii_words, pinyin_suggestion, valid as valid_slug};

/// A file to create, at a path relative to the new repository's root (`/`-separated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NewFile {
    pub(crate) path: String,
    pub(crate) text: String,
}
