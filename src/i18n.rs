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

/// A fatal error (one that ends in exit code 2) worded in both languages. `main` prints
/// the one the run speaks; anywhere else it reads as English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Message {
    pub(crate) zh: String,
    pub(crate) en: String,
}

impl Message {
    pub(crate) fn new(zh: impl Into<String>, en: impl Into<String>) -> Message {
        Message { zh: zh.into(), en: en.into() }
    }

    pub(crate) fn pick(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for Message {}

/// A fatal error in both languages, for `?` and `return Err(...)`.
pub(crate) fn error(zh: impl Into<String>, en: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Message::new(zh, en))
}

/// A fatal error as `main` prints it: the outer message in `lang` (when it was written in
/// both), then its causes, `: `-separated, with the OS's reason for an I/O failure put in
/// Chinese too.
pub(crate) fn render_error(err: &anyhow::Error, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut causes = err.chain();
    if let Some(message) = err.downcast_ref::<Message>() {
        parts.push(message.pick(lang).to_owned());
        causes.next();
    }
    for cause in causes {
        match (cause.downcast_ref::<std::io::Error>(), lang) {
            (Some(io), Lang::Zh) => parts.push(io_reason_zh(io)),
            _ => parts.push(cause.to_string()),
        }
    }
    parts.join(lang.pick(":", ": "))
}

fn io_reason_zh(err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let reason = match err.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有访问权限",
        K::AlreadyExists => "已经存在",
        K::InvalidData => "内容无效",
        K::WriteZero | K::StorageFull => "磁盘空间不足",
        K::ReadOnlyFilesystem => "文件系统只读",
        K::NotADirectory => "不是文件夹",
        K::IsADirectory => "是文件夹,不是文件",
        K::DirectoryNotEmpty => "文件夹不为空",
        K::Interrupted => "操作被中断",
        _ => return format!("输入输出错误({err})"),
    };
    match err.raw_os_error() {
        Some(code) => format!("{reason}(os error {code})"),
        None => reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fatal_errors_speak_the_language_of_the_run() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let err = anyhow::Error::new(io).context(Message::new("无法读取 x", "cannot read x"));
        assert_eq!(render_error(&err, Lang::Zh), "无法读取 x:文件或文件夹不存在");
        assert_eq!(render_error(&err, Lang::En), "cannot read x: entity not found");
        let plain = error("单位 `a` 不存在", "unknown unit `a`");
        assert_eq!(render_error(&plain, Lang::Zh), "单位 `a` 不存在");
    }
}
