//! Every problem gongkai can report, with its stable code and its wording.
//!
//! One enum, one place: the code (part of the interface: CI filters on it), the default
//! severity and the message and hint in both languages are all decided here, so the same
//! fault reads the same everywhere (Zola once said "section" in a page's error because a
//! message was copied). Wording follows STYLE.md: lowercase, no final period, names in
//! backticks, causes in parentheses, fixes on `hint:` lines.

use crate::i18n::Lang;

use super::Severity;

/// A problem found in a user's files.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Problem {
    // ---- files and syntax --------------------------------------------------------
    NotUtf8,
    EmptyFile,
    FileTooLarge {
        size: u64,
        limit: u64,
    },
    TomlSyntax {
        detail: String,
    },
    FrontMatterMissing,
    FrontMatterUnclosed,
    Symlink,
    OrphanFile {
        reason: OrphanReason,
    },
    NotSlug {
        name: String,
    },
    // ---- keys and values ---------------------------------------------------------
    UnknownKey {
        key: String,
        suggestion: Option<String>,
    },
    WrongType {
        key: String,
        expected: &'static str,
        found: &'static str,
    },
    MissingKey {
        key: String,
    },
    EmptyValue {
        key: String,
    },
    InvalidDate {
        key: String,
        value: String,
    },
    InvalidValue {
        key: String,
        value: String,
        allowed: Vec<String>,
        suggestion: Option<String>,
    },
    PatternMismatch {
        key: String,
        value: String,
        pattern: String,
    },
    InvalidMoney {
        key: String,
        value: String,
    },
    InvalidWindow {
        value: String,
        backwards: bool,
    },
    // ---- units, classes and catalogues -------------------------------------------
    UnknownLevel {
        level: String,
        suggestion: Option<String>,
    },
    UnknownCatalogue {
        id: String,
        suggestion: Option<String>,
    },
    UnknownClass {
        audience: String,
        class: String,
        suggestion: Option<String>,
    },
    ClassMismatch {
        key_value: String,
        folder: String,
    },
    CatalogueInvalid {
        detail: String,
    },
    DuplicateClass {
        class: String,
        first: String,
        second: String,
    },
    // ---- records -----------------------------------------------------------------
    DuplicateIndexNo {
        index_no: String,
        others: Vec<String>,
    },
    DuplicateSlug {
        slug: String,
        other: String,
    },
    MissingPublished,
    NotReviewed {
        missing: Vec<&'static str>,
    },
    ReviewedAfterPublished {
        reviewed_on: String,
        published: String,
    },
    FeedbackIncomplete {
        missing: &'static str,
    },
    SummaryTooLong {
        chars: usize,
    },
    RawHtml,
    // ---- compliance over time (SPEC §4) ------------------------------------------
    ClassMissing {
        class: String,
        name: String,
        had_records: bool,
    },
    ClassStale {
        class: String,
        name: String,
        last_posted: String,
        window_start: String,
    },
    ClassEmpty {
        class: String,
        name: String,
    },
    // ---- noticeboard sheets ------------------------------------------------------
    /// Characters no loaded font has: Typst would print a blank (`field` is the key).
    GlyphMissing {
        chars: Vec<char>,
        field: String,
    },
}

/// Why a file under `units/` belongs to no record, unit or attachment folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OrphanReason {
    /// In a folder with no `unit.toml` (anywhere up to `units/`).
    NoUnit,
    /// Directly in a unit folder, or directly in `external/` or `internal/`.
    NotInClass,
    /// Not a `.md` or `.toml` file inside a class folder.
    NotARecord,
    /// Inside a folder nested in a class folder.
    TooDeep,
    /// In `requests/` but not a `.toml` file.
    NotARequest,
}

impl Problem {
    /// The stable code, e.g. `unknown-key`.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Problem::NotUtf8 => "not-utf8",
            Problem::EmptyFile => "empty-file",
            Problem::FileTooLarge { .. } => "file-too-large",
            Problem::TomlSyntax { .. } => "toml-syntax",
            Problem::FrontMatterMissing => "front-matter-missing",
            Problem::FrontMatterUnclosed => "front-matter-unclosed",
            Problem::Symlink => "symlink",
            Problem::OrphanFile { .. } => "orphan-file",
            Problem::NotSlug { .. } => "not-slug",
            Problem::UnknownKey { .. } => "unknown-key",
            Problem::WrongType { .. } => "wrong-type",
            Problem::MissingKey { .. } => "missing-key",
            Problem::EmptyValue { .. } => "empty-value",
            Problem::InvalidDate { .. } => "invalid-date",
            Problem::InvalidValue { .. } => "invalid-value",
            Problem::PatternMismatch { .. } => "pattern-mismatch",
            Problem::InvalidMoney { .. } => "invalid-money",
            Problem::InvalidWindow { .. } => "invalid-window",
            Problem::UnknownLevel { .. } => "unknown-level",
            Problem::UnknownCatalogue { .. } => "unknown-catalogue",
            Problem::UnknownClass { .. } => "unknown-class",
            Problem::ClassMismatch { .. } => "class-mismatch",
            Problem::CatalogueInvalid { .. } => "catalogue-invalid",
            Problem::DuplicateClass { .. } => "duplicate-class",
            Problem::DuplicateIndexNo { .. } => "duplicate-index-no",
            Problem::DuplicateSlug { .. } => "duplicate-slug",
            Problem::MissingPublished => "missing-published",
            Problem::NotReviewed { .. } => "not-reviewed",
            Problem::ReviewedAfterPublished { .. } => "reviewed-after-published",
            Problem::FeedbackIncomplete { .. } => "feedback-incomplete",
            Problem::SummaryTooLong { .. } => "summary-too-long",
            Problem::RawHtml => "raw-html",
            Problem::ClassMissing { .. } => "class-missing",
            Problem::ClassStale { .. } => "class-stale",
            Problem::ClassEmpty { .. } => "class-empty",
            Problem::GlyphMissing { .. } => "glyph-missing",
        }
    }

    /// The severity unless a command changes it.
    pub(crate) fn default_severity(&self) -> Severity {
        match self {
            Problem::NotSlug { .. }
            | Problem::SummaryTooLong { .. }
            | Problem::RawHtml
            | Problem::ClassEmpty { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The message, one line.
    pub(crate) fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Problem::NotUtf8 => t(zh, "文件不是 UTF-8 编码", "file is not valid UTF-8"),
            Problem::EmptyFile => t(zh, "文件为空", "file is empty"),
            Problem::FileTooLarge { size, limit } => {
                if zh {
                    format!("文件过大({} 字节,上限 {} 字节)", size, limit)
                } else {
                    format!("file is too large ({size} bytes, the limit is {limit})")
                }
            }
            Problem::TomlSyntax { detail } => {
                if zh {
                    format!("TOML 语法错误({detail})")
                } else {
                    format!("invalid TOML ({detail})")
                }
            }
            Problem::FrontMatterMissing => t(
                zh,
                "记录缺少以 `+++` 开头的 TOML 前置元数据",
                "record has no TOML front matter (it must start with a `+++` line)",
            ),
            Problem::FrontMatterUnclosed => t(
                zh,
                "前置元数据没有结束的 `+++` 行",
                "front matter is not closed (no second `+++` line)",
            ),
            Problem::Symlink => t(
                zh,
                "`units/` 下不允许符号链接(未跟随)",
                "symbolic link under `units/` (not followed)",
            ),
            Problem::OrphanFile { reason } => match reason {
                OrphanReason::NoUnit => t(zh, "文件不属于任何单位", "file belongs to no unit"),
                OrphanReason::NotInClass => {
                    t(zh, "文件不在任何类目文件夹中", "file is not in a class folder")
                }
                OrphanReason::NotARecord => t(
                    zh,
                    "类目文件夹中只能放 `.md` 或 `.toml` 记录",
                    "only `.md` and `.toml` records belong in a class folder",
                ),
                OrphanReason::TooDeep => t(
                    zh,
                    "类目文件夹中不能再嵌套文件夹",
                    "folders cannot be nested inside a class folder",
                ),
                OrphanReason::NotARequest => t(
                    zh,
                    "`requests/` 中只能放 `.toml` 申请登记",
                    "only `.toml` request files belong in `requests/`",
                ),
            },
            Problem::NotSlug { name } => {
                if zh {
                    format!("名称 `{name}` 不是 ASCII 短名(slug)")
                } else {
                    format!("name `{name}` is not an ASCII slug")
                }
            }
            Problem::UnknownKey { key, .. } => {
                if zh {
                    format!("未知字段 `{key}`")
                } else {
                    format!("unknown field `{key}`")
                }
            }
            Problem::WrongType { key, expected, found } => {
                let (expected, found) = (type_label(expected, lang), type_label(found, lang));
                if zh {
                    format!("字段 `{key}` 应为{expected},实为{found}")
                } else {
                    format!("field `{key}` should be {expected}, found {found}")
                }
            }
            Problem::MissingKey { key } => {
                if zh {
                    format!("缺少必填字段 `{key}`")
                } else {
                    format!("missing required field `{key}`")
                }
            }
            Problem::EmptyValue { key } => {
                if zh {
                    format!("字段 `{key}` 为空")
                } else {
                    format!("field `{key}` is empty")
                }
            }
            Problem::InvalidDate { key, value } => {
                if zh {
                    format!("字段 `{key}` 的日期 `{value}` 不存在或格式不对")
                } else {
                    format!("`{value}` in `{key}` is not a valid date")
                }
            }
            Problem::InvalidValue { key, value, .. } => {
                if zh {
                    format!("字段 `{key}` 的取值 `{value}` 不在允许范围内")
                } else {
                    format!("`{value}` is not an allowed value of `{key}`")
                }
            }
            Problem::PatternMismatch { key, value, .. } => {
                if zh {
                    format!("字段 `{key}` 的取值 `{value}` 格式不符")
                } else {
                    format!("`{value}` does not have the form required for `{key}`")
                }
            }
            Problem::InvalidMoney { key, value } => {
                if zh {
                    format!("字段 `{key}` 的金额 `{value}` 无效(以元为单位,最多两位小数)")
                } else {
                    format!("`{value}` in `{key}` is not an amount (yuan, at most 2 decimals)")
                }
            }
            Problem::InvalidWindow { value, backwards } => match (zh, backwards) {
                (true, false) => format!("刷新时段 `{value}` 格式不对(应为 `MM-DD..MM-DD`)"),
                (true, true) => format!("刷新时段 `{value}` 的结束日早于开始日"),
                (false, false) => {
                    format!("refresh window `{value}` is not of the form `MM-DD..MM-DD`")
                }
                (false, true) => format!("refresh window `{value}` ends before it starts"),
            },
            Problem::UnknownLevel { level, .. } => {
                if zh {
                    format!("未知的单位层级 `{level}`")
                } else {
                    format!("unknown unit level `{level}`")
                }
            }
            Problem::UnknownCatalogue { id, .. } => {
                if zh {
                    format!("未知的目录 `{id}`")
                } else {
                    format!("unknown catalogue `{id}`")
                }
            }
            Problem::UnknownClass { audience, class, .. } => {
                if zh {
                    format!("本单位的目录中没有类目 `{audience}/{class}`")
                } else {
                    format!("class `{audience}/{class}` is not in this unit's catalogues")
                }
            }
            Problem::ClassMismatch { key_value, folder } => {
                if zh {
                    format!("`class = \"{key_value}\"` 与所在文件夹 `{folder}` 不一致")
                } else {
                    format!("`class = \"{key_value}\"` disagrees with the folder `{folder}`")
                }
            }
            Problem::CatalogueInvalid { detail } => {
                if zh {
                    format!("目录定义有误({detail})")
                } else {
                    format!("invalid catalogue ({detail})")
                }
            }
            Problem::DuplicateClass { class, first, second } => {
                if zh {
                    format!("类目 `{class}` 同时出现在目录 `{first}` 和 `{second}` 中")
                } else {
                    format!("class `{class}` is in both catalogues `{first}` and `{second}`")
                }
            }
            Problem::DuplicateIndexNo { index_no, .. } => {
                if zh {
                    format!("索引号 `{index_no}` 重复")
                } else {
                    format!("duplicate index number `{index_no}`")
                }
            }
            Problem::DuplicateSlug { slug, .. } => {
                if zh {
                    format!("同一类目中有两条记录都叫 `{slug}`")
                } else {
                    format!("two records named `{slug}` in one class")
                }
            }
            Problem::MissingPublished => t(
                zh,
                "状态为 `published` 的记录缺少公开日期 `published`",
                "record has `status = \"published\"` but no `published` date",
            ),
            Problem::NotReviewed { missing } => {
                let keys = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                if zh {
                    format!("已公开的记录未经审核(缺少 {keys})")
                } else {
                    format!("published record was not reviewed (no {keys})")
                }
            }
            Problem::ReviewedAfterPublished { reviewed_on, published } => {
                if zh {
                    format!("审核日期 {reviewed_on} 晚于公开日期 {published}")
                } else {
                    format!("reviewed on {reviewed_on}, after it was published on {published}")
                }
            }
            Problem::FeedbackIncomplete { missing } => {
                if zh {
                    format!("反馈缺少 `{missing}`")
                } else {
                    format!("feedback has no `{missing}`")
                }
            }
            Problem::SummaryTooLong { chars } => {
                if zh {
                    format!("内容概述有 {chars} 个字,超过 100 字")
                } else {
                    format!("summary has {chars} characters (more than 100)")
                }
            }
            Problem::RawHtml => t(
                zh,
                "正文包含原始 HTML(发布时会被清理)",
                "body contains raw HTML (it is sanitised on output)",
            ),
            Problem::ClassMissing { class, name, had_records } => match (zh, had_records) {
                (true, false) => format!("类目 `{class}`({name})没有公开任何记录"),
                (true, true) => {
                    format!("类目 `{class}`({name})没有现行有效的记录(均已过期、废止或撤回)")
                }
                (false, false) => format!("class `{class}` ({name}) has no published record"),
                (false, true) => format!(
                    "class `{class}` ({name}) has no current record (all expired, abolished or withdrawn)"
                ),
            },
            Problem::ClassStale { class, name, last_posted, window_start } => {
                if zh {
                    format!(
                        "类目 `{class}`({name})未按时刷新:最近一次公开于 {last_posted},早于 {window_start} 开始的统一刷新期"
                    )
                } else {
                    format!(
                        "class `{class}` ({name}) is stale: last posted {last_posted}, before the refresh window that began {window_start}"
                    )
                }
            }
            Problem::ClassEmpty { class, name } => {
                if zh {
                    format!("动态类目 `{class}`({name})尚无任何记录(栏目为空)")
                } else {
                    format!("dynamic class `{class}` ({name}) has no record yet (an empty column)")
                }
            }
            Problem::GlyphMissing { chars, field } => {
                let list = chars
                    .iter()
                    .map(|c| format!("`U+{:04X} {c}`", *c as u32))
                    .collect::<Vec<_>>()
                    .join(", ");
                if zh {
                    format!("没有字体包含 {list}(在 `{field}` 中),公开栏上会印成空白")
                } else {
                    format!("no font has {list} (in `{field}`): the sheet would print a blank")
                }
            }
        }
    }

    /// The hint, where one helps.
    pub(crate) fn help(&self, lang: Lang) -> Option<String> {
        let zh = lang == Lang::Zh;
        let hint = match self {
            Problem::NotUtf8 => t(zh, "请以 UTF-8 编码另存此文件", "save the file as UTF-8"),
            Problem::EmptyFile => {
                t(zh, "删除此文件,或写入内容", "delete the file or give it content")
            }
            Problem::FileTooLarge { .. } => t(
                zh,
                "大文件请作为附件放入单位的 `files/` 文件夹",
                "put large documents in the unit's `files/` folder as attachments",
            ),
            Problem::FrontMatterMissing => t(
                zh,
                "在文件开头加上:\n+++\ntitle = \"……\"\n+++",
                "start the file with:\n+++\ntitle = \"…\"\n+++",
            ),
            Problem::FrontMatterUnclosed => {
                t(zh, "在前置元数据之后加一行 `+++`", "add a `+++` line after the front matter")
            }
            Problem::Symlink => t(
                zh,
                "请用实际文件或文件夹替换该链接",
                "replace the link with the real file or folder",
            ),
            Problem::OrphanFile { reason } => match reason {
                OrphanReason::NoUnit => t(
                    zh,
                    "在所在文件夹中添加 `unit.toml`,或把文件移入某个单位",
                    "add a `unit.toml` to its folder, or move the file into a unit",
                ),
                OrphanReason::NotInClass => t(
                    zh,
                    "记录应放在 `external/<类目>/` 或 `internal/<类目>/` 中",
                    "records go in `external/<class>/` or `internal/<class>/`",
                ),
                OrphanReason::NotARecord => t(
                    zh,
                    "附件请放入单位的 `files/` 文件夹",
                    "attachments go in the unit's `files/` folder",
                ),
                OrphanReason::TooDeep => {
                    t(zh, "把记录直接放在类目文件夹中", "put records directly in the class folder")
                }
                OrphanReason::NotARequest => {
                    t(zh, "申请登记的格式见 SPEC §2", "see SPEC §2 for the format of a request")
                }
            },
            Problem::NotSlug { .. } => t(
                zh,
                "文件和文件夹名请只用小写字母、数字和连字符,中文写在内容里",
                "use lowercase letters, digits and hyphens; Chinese goes in the content",
            ),
            Problem::UnknownKey { suggestion: Some(s), .. }
            | Problem::UnknownLevel { suggestion: Some(s), .. }
            | Problem::UnknownCatalogue { suggestion: Some(s), .. }
            | Problem::InvalidValue { suggestion: Some(s), .. } => {
                if zh {
                    format!("是不是 `{s}`?")
                } else {
                    format!("did you mean `{s}`?")
                }
            }
            Problem::UnknownClass { suggestion: Some(s), audience, .. } => {
                if zh {
                    format!("是不是 `{audience}/{s}`?")
                } else {
                    format!("did you mean `{audience}/{s}`?")
                }
            }
            Problem::InvalidValue { allowed, .. } if !allowed.is_empty() => {
                let list = allowed.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
                if zh { format!("可选值:{list}") } else { format!("allowed values: {list}") }
            }
            Problem::UnknownLevel { .. } => t(
                zh,
                "层级可为 city、county、township、village、department、station",
                "levels are city, county, township, village, department and station",
            ),
            Problem::PatternMismatch { pattern, .. } => {
                if zh {
                    format!("应符合正则表达式 `{pattern}`")
                } else {
                    format!("expected to match `{pattern}`")
                }
            }
            Problem::InvalidMoney { .. } => t(
                zh,
                "金额以元为单位写成数字,例如 `125000` 或 `3850.50`",
                "write the amount in yuan as a number, e.g. `125000` or `3850.50`",
            ),
            Problem::InvalidDate { .. } => {
                t(zh, "日期写作 `2026-03-18`(不加引号)", "write dates as `2026-03-18` (unquoted)")
            }
            Problem::InvalidWindow { .. } => {
                t(zh, "例如 `\"08-15..08-25\"`", "for example `\"08-15..08-25\"`")
            }
            Problem::ClassMismatch { folder, .. } => {
                if zh {
                    format!("删除 `class` 字段,或把文件移到 `{folder}` 以外的正确文件夹")
                } else {
                    format!(
                        "remove the `class` key, or move the file out of `{folder}` into the right folder"
                    )
                }
            }
            Problem::DuplicateIndexNo { others, .. } => {
                let list = others.join(", ");
                if zh {
                    format!("同一索引号也用于:{list}")
                } else {
                    format!("also used by: {list}")
                }
            }
            Problem::DuplicateSlug { other, .. } => {
                if zh {
                    format!("另一条是 `{other}`;请改名其中之一")
                } else {
                    format!("the other is `{other}`; rename one of them")
                }
            }
            Problem::MissingPublished => t(
                zh,
                "加上 `published = 2026-03-18` 这样的公开日期",
                "add a date such as `published = 2026-03-18`",
            ),
            Problem::NotReviewed { .. } => t(
                zh,
                "按“提出→审核→公开”程序,填写 `reviewed_by` 和 `reviewed_on`",
                "follow 提出 → 审核 → 公开: fill in `reviewed_by` and `reviewed_on`",
            ),
            Problem::ReviewedAfterPublished { .. } => {
                t(zh, "先审核,后公开", "a record must be reviewed before it is published")
            }
            Problem::SummaryTooLong { .. } => {
                t(zh, "内容概述不超过 100 字", "keep the summary to 100 characters")
            }
            Problem::RawHtml => t(zh, "尽量用 Markdown 书写", "prefer Markdown"),
            Problem::ClassMissing { .. } => t(
                zh,
                "用 `gongkai new <单位> <类目> \"标题\"` 新建一条记录并公开",
                "create and publish a record with `gongkai new <unit> <class> \"title\"`",
            ),
            Problem::ClassStale { window_start, .. } => {
                if zh {
                    format!(
                        "更新内容后重新公开;内容不变的,在记录中加上 `reconfirmed = [{window_start}]` 这样的重新确认日期"
                    )
                } else {
                    format!(
                        "post an update; if nothing changed, add a re-posting date such as `reconfirmed = [{window_start}]`"
                    )
                }
            }
            Problem::GlyphMissing { .. } => t(
                zh,
                "安装含有该字的字体,如 Debian/Ubuntu 的 `fonts-noto-cjk`(`sudo apt install fonts-noto-cjk`),或用 `--font-dir <文件夹>` 指定字体",
                "install a font that has it, e.g. `fonts-noto-cjk` on Debian/Ubuntu (`sudo apt install fonts-noto-cjk`), or pass `--font-dir <folder>`",
            ),
            Problem::MissingKey { key } if key == "code" => t(
                zh,
                "填写统计用区划代码或统一社会信用代码,例如 `code = \"321012100\"`",
                "give the statistical division code or organisation code, e.g. `code = \"321012100\"`",
            ),
            _ => return None,
        };
        Some(hint)
    }
}

/// "a date" / "日期" for a type name used in schemas and by TOML.
fn type_label(name: &str, lang: Lang) -> &'static str {
    let (zh, en) = match name {
        "string" => ("字符串", "a string"),
        "text" => ("文本", "text (a string)"),
        "date" => ("日期", "a date"),
        "date-time" => ("日期时间", "a date-time"),
        "integer" => ("整数", "an integer"),
        "float" => ("小数", "a float"),
        "decimal" => ("数字", "a number"),
        "money" => ("金额(数字)", "an amount (a number)"),
        "enum" => ("可选值之一", "one of the allowed values"),
        "boolean" | "bool" => ("布尔值", "true or false"),
        "list" | "array" => ("数组", "an array"),
        "table" => ("表", "a table"),
        "rows" => {
            ("表格数组(`[[...]]` 或 `[{...}]`)", "an array of tables (`[[...]]` or `[{...}]`)")
        }
        _ => ("值", "a value"),
    };
    lang.pick(zh, en)
}

fn t(zh: bool, chinese: &str, english: &str) -> String {
    if zh { chinese.to_owned() } else { english.to_owned() }
}
