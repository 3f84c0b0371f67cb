//! `gongkai init DIR`: a new repository that passes `gongkai check` on the day it is made.
//!
//! The files come from `scaffold` (text only); this module checks the command line,
//! refuses to write into a folder that already holds something, writes, and tells the
//! user what was made and what to run next.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::catalogue::{self, Level, is_slug};
use crate::dates::Date;
use crate::diagnostics::did_you_mean;
use crate::i18n::{self, Lang, Message};
use crate::scaffold::{self, InitParams, NewFile, UnitDefaults};
use crate::term::Term;

/// What `gongkai init` was given.
pub(crate) struct Request<'a> {
    pub(crate) dir: &'a Path,
    pub(crate) level: &'a str,
    pub(crate) name: Option<&'a str>,
    pub(crate) code: Option<&'a str>,
    pub(crate) today: Date,
}

pub(crate) fn run(term: &Term, request: &Request<'_>) -> anyhow::Result<ExitCode> {
    let lang = term.lang;
    let params = params(request, lang)?;
    ensure_empty(request.dir)?;
    let mut sources = crate::source::SourceMap::default();
    let catalogues = catalogue::load(&[], &mut sources, &mut Vec::new())?;
    let files = scaffold::files(&params, &catalogues);
    write(request.dir, &files)?;
    report(term, request.dir, &params, &files);
    Ok(ExitCode::SUCCESS)
}

/// Checks the options and fills in the defaults.
fn params(request: &Request<'_>, lang: Lang) -> anyhow::Result<InitParams> {
    let level = parse_level(request.level)?;
    let name = match request.name.map(str::trim) {
        Some("") => return Err(i18n::error("`--name` 不能为空", "`--name` cannot be empty")),
        Some(name) => name.to_owned(),
        None => UnitDefaults::name(level).to_owned(),
    };
    let code = request.code.map_or_else(|| UnitDefaults::code(level).to_owned(), str::to_owned);
    if !code.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        || !(6..=18).contains(&code.len())
    {
        return Err(i18n::error(
            format!(
                "`--code {code}` 不是有效的代码\n提示:填写 6—18 位的统计用区划代码或统一社会信用代码(数字和大写字母),例如 `321012100`"
            ),
            format!(
                "`--code {code}` is not a valid code\nhint: give a 6 to 18 character division or organisation code (digits and capital letters), e.g. `321012100`"
            ),
        ));
    }
    let slug = unit_slug(request.dir, level);
    Ok(InitParams { level, name, code, slug, today: request.today, lang })
}

/// The level, or a usage error that lists the levels.
pub(crate) fn parse_level(text: &str) -> anyhow::Result<Level> {
    if let Some(level) = Level::parse(text) {
        return Ok(level);
    }
    let names: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
    let listing: Vec<String> =
        Level::ALL.iter().map(|l| format!("{} ({})", l.as_str(), l.chinese())).collect();
    let (mut zh, mut en) = (format!("未知的单位层级 `{text}`"), format!("unknown level `{text}`"));
    if let Some(s) = did_you_mean(text, names.iter().copied()) {
        zh.push_str(&format!("\n提示:是不是 `{s}`?"));
        en.push_str(&format!("\nhint: did you mean `{s}`?"));
    }
    zh.push_str(&format!("\n提示:层级可为 {}", listing.join("、")));
    en.push_str(&format!("\nhint: the levels are {}", listing.join(", ")));
    Err(i18n::error(zh, en))
}

/// The unit's folder: the repository folder's own name when it is a slug
/// (`gongkai init xiannv` → `units/xiannv/`), else the level (`units/township/`).
fn unit_slug(dir: &Path, level: Level) -> String {
    let name =
        dir.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if is_slug(&name) { name } else { level.as_str().to_owned() }
}

/// A folder may be created, or be empty, or hold only hidden entries (`.git`) none of
/// which would be overwritten. Anything else is refused, before anything is written.
fn ensure_empty(dir: &Path) -> anyhow::Result<()> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        return Err(i18n::error(
            format!("`{shown}` 已存在,且不是文件夹"),
            format!("`{shown}` exists and is not a folder"),
        ));
    }
    if !dir.is_dir() {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).with_context(|| {
        Message::new(
            format!("无法读取文件夹 `{shown}`"),
            format!("cannot read the folder `{shown}`"),
        )
    })?;
    let mut found: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| {
            Message::new(
                format!("无法读取文件夹 `{shown}`"),
                format!("cannot read the folder `{shown}`"),
            )
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') || name == ".gitignore" {
            found.push(name);
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    found.sort();
    let first = found.first().cloned().unwrap_or_default();
    Err(i18n::error(
        format!(
            "文件夹 `{shown}` 不是空的(其中有 `{first}` 等 {} 项),未写入任何文件\n提示:换一个新文件夹名,或先清空该文件夹",
            found.len()
        ),
        format!(
            "the folder `{shown}` is not empty (it holds `{first}` and {} more); nothing was written\nhint: choose a new folder, or empty this one first",
            found.len() - 1
        ),
    ))
}

fn write(dir: &Path, files: &[NewFile]) -> anyhow::Result<()> {
    for file in files {
        let path: PathBuf = dir.join(&file.path);
        let shown = path.display();
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| {
                Message::new(
                    format!("无法创建文件夹 `{}`", parent.display()),
                    format!("cannot create the folder `{}`", parent.display()),
                )
            })?;
        }
        std::fs::write(&path, &file.text).with_context(|| {
            Message::new(format!("无法写入 `{shown}`"), format!("cannot write `{shown}`"))
        })?;
    }
    Ok(())
}

/// What was made (stderr), then the commands to run next.
fn report(term: &Term, dir: &Path, params: &InitParams, files: &[NewFile]) {
    let lang = term.lang;
    let shown = dir.display();
    let records = files.iter().filter(|f| f.path.ends_with("-example.md")).count();
    let head = match lang {
        Lang::Zh => format!(
            "新仓库 `{shown}`:{}({},{}),{records} 条示例记录",
            params.name,
            params.level.chinese(),
            params.level.as_str()
        ),
        Lang::En => format!(
            "repository `{shown}`: {} ({}), {records} example records",
            params.name,
            params.level.as_str()
        ),
    };
    term.status(lang.pick("已创建", "Created"), &head);
    if term.quiet {
        return;
    }
    let mut text = String::new();
    for file in files {
        text.push_str(&format!("  {}\n", dir.join(&file.path).display()));
    }
    let class = first_class(files, &params.slug);
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("  cd {}\n", shell_word(&shown.to_string()))
    };
    text.push_str(&match lang {
        Lang::Zh => format!(
            "\n示例记录都带有 `tags = [\"示例\"]`,请逐条改写为实际内容。下一步:\n{cd}  gongkai check     # 检查全部记录\n  gongkai build     # 生成网站到 public/\n  gongkai sheets    # 生成公开栏张贴页到 sheets/\n  gongkai new {} {class} \"标题\"   # 新建一条记录\n",
            params.slug
        ),
        Lang::En => format!(
            "\nThe example records are tagged `示例`: rewrite each with real content. Next:\n{cd}  gongkai check     # check every record\n  gongkai build     # write the website to public/\n  gongkai sheets    # write the noticeboard sheets to sheets/\n  gongkai new {} {class} \"title\"   # create a record\n",
            params.slug
        ),
    });
    term.stderr(&text);
}

/// The class folder of the first example record, for the `gongkai new` hint.
fn first_class(files: &[NewFile], slug: &str) -> String {
    let prefix = format!("units/{slug}/");
    files
        .iter()
        .filter_map(|f| f.path.strip_prefix(&prefix))
        .find_map(|rest| rest.split('/').nth(1))
        .unwrap_or("<class>")
        .to_owned()
}

/// Quotes a path for a shell when it needs it.
fn shell_word(text: &str) -> String {
    if text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
        text.to_owned()
    } else {
        format!("'{text}'")
    }
}
