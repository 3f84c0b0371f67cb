//! `gongkai new UNIT CLASS TITLE`: a draft record with the right front matter.
//!
//! The unit and class are looked up in the checked repository (so local catalogues
//! count); the text comes from `scaffold`. stdout gets only the new file's path, so
//! `$EDITOR "$(gongkai new …)"` works; advice goes to stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::catalogue::{Audience, Class};
use crate::check;
use crate::dates::Date;
use crate::diagnostics::did_you_mean;
use crate::i18n::{self, Lang, Message};
use crate::repo::Repo;
use crate::scaffold::{self, Context};
use crate::term::{self, Term};
use crate::unit::Unit;

/// What `gongkai new` was given.
pub(crate) struct Request<'a> {
    pub(crate) root: &'a Path,
    pub(crate) unit: &'a str,
    pub(crate) class: &'a str,
    pub(crate) title: &'a str,
    pub(crate) slug: Option<&'a str>,
    pub(crate) today: Date,
}

pub(crate) fn run(term: &Term, request: &Request<'_>) -> anyhow::Result<ExitCode> {
    let lang = term.lang;
    let title = request.title.trim();
    if title.is_empty() {
        return Err(i18n::error("标题不能为空", "the title cannot be empty"));
    }
    if let Some(slug) = request.slug {
        check_slug(slug)?;
    }
    let checked = check::check(request.root, request.today)?;
    let repo = &checked.repo;
    let unit = find_unit(repo, request.unit)?;
    let class = find_class(repo, unit, request.class)?;
    let folder =
        request.root.join("units").join(&unit.id).join(class.audience.as_str()).join(&class.id);
    let (stem, counted) = file_stem(&folder, request.slug, title, request.today);
    refuse_existing(request.root, &folder, &stem)?;
    term.verbose(&match lang {
        Lang::Zh => format!(
            "单位 `{}`({}),类目 `{}`({}),文件名 `{stem}.md`",
            unit.id,
            unit.name,
            class.key(),
            class.name
        ),
        Lang::En => format!(
            "unit `{}` ({}), class `{}` ({}), file `{stem}.md`",
            unit.id,
            unit.name,
            class.key(),
            class.name
        ),
    });
    let phone = unit.phone.clone().unwrap_or_default();
    let cx = Context { today: request.today, unit_name: unit.name.clone(), phone };
    let text = scaffold::template(class, title, &cx, repo.settings.dynamic_within_days, lang);
    let path = folder.join(format!("{stem}.md"));
    create(&folder, &path, &text)?;
    term::stdout(&format!("{}\n", display(request.root, &path)))?;
    advise(term, class, title, counted);
    Ok(ExitCode::SUCCESS)
}

/// The file name without extension, and whether it is only the date and a counter (then a
/// pinyin name is suggested).
fn file_stem(folder: &Path, slug: Option<&str>, title: &str, today: Date) -> (String, bool) {
    match (slug, scaffold::from_ascii_words(title)) {
        (Some(slug), _) => (scaffold::dated(today, slug), false),
        (None, Some(words)) => (scaffold::dated(today, &words), false),
        (None, None) => {
            let taken = |stem: &str| {
                ["md", "toml"].iter().any(|ext| folder.join(format!("{stem}.{ext}")).exists())
            };
            (scaffold::counted(today, taken), true)
        }
    }
}

/// A record with the same name, in either format, is never overwritten (nor would two
/// records with one slug pass `check`).
fn refuse_existing(root: &Path, folder: &Path, stem: &str) -> anyhow::Result<()> {
    let Some(existing) =
        ["md", "toml"].iter().map(|ext| folder.join(format!("{stem}.{ext}"))).find(|p| p.exists())
    else {
        return Ok(());
    };
    let existing = display(root, &existing);
    Err(i18n::error(
        format!("`{existing}` 已存在,未覆盖\n提示:用 `--slug` 另取一个文件名"),
        format!(
            "`{existing}` already exists; it was not overwritten\nhint: choose another name with `--slug`"
        ),
    ))
}

fn check_slug(slug: &str) -> anyhow::Result<()> {
    if scaffold::valid_slug(slug) {
        return Ok(());
    }
    let mut zh = format!(
        "`--slug {slug}` 不是有效的文件名\n提示:只用小写字母、数字和连字符,例如 `--slug q1-budget`"
    );
    let mut en = format!(
        "`--slug {slug}` is not a valid file name\nhint: use lowercase letters, digits and hyphens, e.g. `--slug q1-budget`"
    );
    if let Some(suggestion) = scaffold::pinyin_suggestion(slug) {
        zh.push_str(&format!("\n提示:拼音可写作 `{suggestion}`(按字注音,多音字请核对)"));
        en.push_str(&format!("\nhint: in pinyin that could be `{suggestion}` (read character by character; check polyphones)"));
    }
    Err(i18n::error(zh, en))
}

/// The unit `id` names: its id, with or without `units/` and a trailing `/`, or its name
/// when no other unit has that name.
fn find_unit<'a>(repo: &'a Repo, wanted: &str) -> anyhow::Result<&'a Unit> {
    let id = wanted.trim().replace('\\', "/");
    let id = id.strip_prefix("./").unwrap_or(&id);
    let id = id.strip_prefix("units/").unwrap_or(id).trim_end_matches('/');
    if let Some(unit) = repo.units.iter().find(|u| u.id == id) {
        return Ok(unit);
    }
    let by_name: Vec<&Unit> = repo.units.iter().filter(|u| u.name == id).collect();
    if let [unit] = by_name.as_slice() {
        return Ok(unit);
    }
    let ids: Vec<&str> = repo.units.iter().map(|u| u.id.as_str()).collect();
    let suggestion = did_you_mean(id, ids.iter().copied()).or_else(|| {
        // A typo in the last part of a long id (`jiangdu/xianv`) is still a typo.
        let last = id.rsplit('/').next().unwrap_or(id);
        let lasts = repo.units.iter().map(|u| u.id.rsplit('/').next().unwrap_or(&u.id));
        let found = did_you_mean(last, lasts)?;
        repo.units
            .iter()
            .find(|u| u.id.ends_with(&format!("/{found}")) || u.id == found)
            .map(|u| u.id.clone())
    });
    let head = (format!("没有单位 `{wanted}`"), format!("unknown unit `{wanted}`"));
    let listed: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    Err(unknown(head, suggestion, ("单位", "units"), &listed))
}

/// The class `wanted` names among the unit's: `funds`, `external/funds` or `资金管理`.
fn find_class<'a>(repo: &'a Repo, unit: &'a Unit, wanted: &str) -> anyhow::Result<&'a Class> {
    let classes: Vec<&Class> = repo.unit_classes(unit).collect();
    if classes.is_empty() {
        return Err(i18n::error(
            format!("单位 `{}` 没有公开目录(`catalogues = []`),不能新建记录", unit.id),
            format!(
                "unit `{}` has no catalogues (`catalogues = []`), so it takes no records",
                unit.id
            ),
        ));
    }
    let wanted = wanted.trim().trim_matches('/');
    let found: Vec<&Class> = match wanted.split_once('/') {
        Some((audience, id)) => {
            let audience = Audience::parse(audience);
            classes.iter().copied().filter(|c| Some(c.audience) == audience && c.id == id).collect()
        }
        None => {
            let by_id: Vec<&Class> = classes.iter().copied().filter(|c| c.id == wanted).collect();
            if by_id.is_empty() {
                classes.iter().copied().filter(|c| c.name == wanted).collect()
            } else {
                by_id
            }
        }
    };
    match found.as_slice() {
        [class] => Ok(class),
        [] => {
            let keys: Vec<String> = classes.iter().map(|c| c.key()).collect();
            let ids = classes.iter().map(|c| c.id.as_str());
            let suggestion = did_you_mean(wanted, keys.iter().map(String::as_str)).or_else(|| {
                let id = did_you_mean(wanted.rsplit('/').next().unwrap_or(wanted), ids)?;
                let matching: Vec<String> =
                    classes.iter().filter(|c| c.id == id).map(|c| c.key()).collect();
                Some(if matching.len() == 1 { id } else { matching.join("` / `") })
            });
            let listed: Vec<String> =
                classes.iter().map(|c| format!("`{}` ({})", c.key(), c.name)).collect();
            let head = (
                format!("单位 `{}` 的目录中没有类目 `{wanted}`", unit.id),
                format!("unit `{}` has no class `{wanted}`", unit.id),
            );
            Err(unknown(head, suggestion, ("类目", "classes"), &listed))
        }
        many => {
            let keys: Vec<String> = many.iter().map(|c| format!("`{}`", c.key())).collect();
            Err(i18n::error(
                format!("类目 `{wanted}` 有歧义\n提示:请写明是 {}", keys.join(" 还是 ")),
                format!(
                    "the class `{wanted}` is ambiguous\nhint: say which: {}",
                    keys.join(" or ")
                ),
            ))
        }
    }
}

/// A message with a "did you mean" and the list of what exists (`what`: the Chinese
/// noun and the English plural; `known`: entries as shown).
fn unknown(
    head: (String, String),
    suggestion: Option<String>,
    what: (&str, &str),
    known: &[String],
) -> anyhow::Error {
    let (mut zh, mut en) = head;
    if let Some(s) = suggestion {
        zh.push_str(&format!("\n提示:是不是 `{s}`?"));
        en.push_str(&format!("\nhint: did you mean `{s}`?"));
    }
    const SHOWN: usize = 20;
    let mut list: Vec<String> = known.iter().take(SHOWN).cloned().collect();
    if known.len() > SHOWN {
        list.push("…".to_owned());
    }
    if !list.is_empty() {
        zh.push_str(&format!("\n提示:可选的{}:{}", what.0, list.join("、")));
        en.push_str(&format!("\nhint: the {} are: {}", what.1, list.join(", ")));
    }
    i18n::error(zh, en)
}

fn create(folder: &Path, path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    std::fs::create_dir_all(folder).with_context(|| {
        Message::new(
            format!("无法创建文件夹 `{}`", folder.display()),
            format!("cannot create the folder `{}`", folder.display()),
        )
    })?;
    let shown = path.display();
    // `create_new`: never overwrite, even if the file appeared since it was looked for.
    let mut file =
        std::fs::OpenOptions::new().write(true).create_new(true).open(path).with_context(|| {
            Message::new(format!("无法创建 `{shown}`"), format!("cannot create `{shown}`"))
        })?;
    file.write_all(text.as_bytes()).with_context(|| {
        Message::new(format!("无法写入 `{shown}`"), format!("cannot write `{shown}`"))
    })
}

/// The path as the user would type it: relative to the current folder when `--root` is
/// the current folder.
fn display(root: &Path, path: &Path) -> String {
    let shown: PathBuf = if root == Path::new(".") {
        path.strip_prefix(".").unwrap_or(path).to_path_buf()
    } else {
        path.to_path_buf()
    };
    shown.display().to_string()
}

fn advise(term: &Term, class: &Class, title: &str, counted: bool) {
    if term.quiet {
        return;
    }
    let lang = term.lang;
    let mut text = match lang {
        Lang::Zh => format!(
            "已新建{}(`{}`)的记录草稿。填好内容和审核人后,把 `status` 改为 \"published\",再运行 `gongkai check`。\n",
            class.name,
            class.key()
        ),
        Lang::En => format!(
            "created a draft record of {} (`{}`). Fill it in and name the reviewer, set `status` to \"published\", then run `gongkai check`.\n",
            class.name,
            class.key()
        ),
    };
    if counted && let Some(suggestion) = scaffold::pinyin_suggestion(title) {
        text.push_str(&match lang {
                Lang::Zh => format!(
                    "提示:文件名只含日期。想要易读的文件名,可以删除本文件,再加上 `--slug` 重新运行,例如 `--slug {suggestion}`(拼音按字注音,多音字可能有误,请核对)\n"
                ),
                Lang::En => format!(
                    "hint: the file name is only the date. For a readable one, delete the file and run again with `--slug`, e.g. `--slug {suggestion}` (pinyin read character by character; check polyphones)\n"
                ),
            });
    }
    term.stderr(&text);
}
