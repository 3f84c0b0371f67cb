//! The language of messages (`--lang zh|en`) and its default from the locale.
//!
//! Every user-facing sentence is written in both languages next to each other, in the
//! module that owns it (diagnostics in `diagnostics/problem.rs`, command output in the
//! command's module), and picked with [`Lang::pick`]. This module only decides which
//! language a run speaks.

/// The language messages are printed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The language of the environment's locale: Chinese when `LC_ALL`, `LC_MESSAGES` or
    /// `LANG` (the first one set, as POSIX orders them) starts with `zh`, English when a
    /// locale is set to anything else, and Chinese when none is set, since the users of
    /// gongkai are Chinese offices.
    pub(crate) fn from_env() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        match locale {
            None => Lang::Zh,
            Some(value) if value.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            // `C` and `POSIX` are what a bare CI machine or container reports.
            Some(_) => Lang::En,
        }
    }

    /// Picks the Chinese or the English text.
    pub(crate) fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
