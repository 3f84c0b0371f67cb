//! Every problem gongkai can report, with its stable code and its wording.
//!
//! One enum, one place: the code (part of the interface: CI filters on it), the default
//! severity and the message and hint in both languages are all decided here, so the same
//! fault reads the same everywhere (Zola once said "section" in a page's error because a
//! message was copied). Wording follows STYLE.md: lowercase, no final period, names in
//! backticks, causes in parentheses, fixes on `hint:` lines.

use crate::compliance::deadline::Derivation;
use crate::i18n::{Lang, Message};

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
    SpecialFile,
    TooDeep {
        limit: usize,
    },
    NameNotUtf8,
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
        class: String,
        suggestion: Option<String>,
        known: Vec<String>,
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
    FourOnesMissing {
        missing: Vec<&'static str>,
    },
    EventMissing {
        class: String,
    },
    LatePublication {
        event: String,
        published: String,
        days: i64,
        limit: i64,
        working: bool,
    },
    FeedbackLate {
        received: String,
        replied_on: String,
        days: i64,
        limit: i64,
        working: bool,
    },
    FeedbackUnanswered {
        received: String,
        days: i64,
        limit: i64,
        working: bool,
    },
    AttachmentMissing {
        path: String,
    },
    AttachmentOutside {
        path: String,
        nested_unit: bool,
    },
    PersonalId {
        masked: String,
    },
    PersonalMobile {
        masked: String,
    },
    PersonalBankCard {
        masked: String,
    },
    // ---- holiday calendar and disclosure requests (依申请公开) ---------------------
    CalendarInvalid {
        detail: Message,
    },
    CalendarNotCovered {
        year: i16,
        covered: String,
        uses: usize,
    },
    RequestOverdue {
        due: String,
        days: i64,
        derivation: Derivation,
    },
    RequestLate {
        replied: String,
        due: String,
        derivation: Derivation,
        could_extend: bool,
    },
    RequestDateOrder {
        key: &'static str,
        value: String,
        other_key: &'static str,
        other: String,
    },
    ClarificationNotSent,
    ClarificationLate {
        sent: String,
        due: String,
    },
    ExtensionLate {
        extended_on: String,
        deadline: String,
    },
    OutcomeWithoutReply,
    ReplyWithoutOutcome,
    ReasonMissing {
        outcome: String,
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
            Problem::SpecialFile => "special-file",
            Problem::TooDeep { .. } => "too-deep",
            Problem::NameNotUtf8 => "name-not-utf8",
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
            Problem::FourOnesMissing { .. } => "four-ones-missing",
            Problem::EventMissing { .. } => "event-missing",
            Problem::LatePublication { .. } => "late-publication",
            Problem::FeedbackLate { .. } => "feedback-late",
            Problem::FeedbackUnanswered { .. } => "feedback-unanswered",
            Problem::AttachmentMissing { .. } => "attachment-missing",
            Problem::AttachmentOutside { .. } => "attachment-outside",
            Problem::PersonalId { .. } => "personal-id",
            Problem::PersonalMobile { .. } => "personal-mobile",
            Problem::PersonalBankCard { .. } => "personal-bank-card",
            Problem::CalendarInvalid { .. } => "calendar-invalid",
            Problem::CalendarNotCovered { .. } => "calendar-not-covered",
            Problem::RequestOverdue { .. } => "request-overdue",
            Problem::RequestLate { .. } => "request-late",
            Problem::RequestDateOrder { .. } => "request-date-order",
            Problem::ClarificationNotSent => "clarification-not-sent",
            Problem::ClarificationLate { .. } => "clarification-late",
            Problem::ExtensionLate { .. } => "extension-late",
            Problem::OutcomeWithoutReply => "outcome-without-reply",
            Problem::ReplyWithoutOutcome => "reply-without-outcome",
            Problem::ReasonMissing { .. } => "reason-missing",
            Problem::GlyphMissing { .. } => "glyph-missing",
        }
    }

    /// Whether this is a gap in a unit's disclosure duty over time (a class missing or
    /// stale, something late or unanswered) rather than a fault in the files. `build`
    /// and `sheets` publish despite gaps (as warnings, unless `--strict`): the public
    /// should see what there is, and the compliance page shows the gaps.
    pub(crate) fn is_compliance_gap(&self) -> bool {
        matches!(
            self,
            Problem::ClassMissing { .. }
                | Problem::ClassStale { .. }
                | Problem::FourOnesMissing { .. }
                | Problem::LatePublication { .. }
                | Problem::FeedbackLate { .. }
                | Problem::FeedbackUnanswered { .. }
                | Problem::RequestOverdue { .. }
                | Problem::RequestLate { .. }
                | Problem::ClarificationLate { .. }
                | Problem::ExtensionLate { .. }
        )
    }

    /// The severity unless a command changes it.
    pub(crate) fn default_severity(&self) -> Severity {
        match self {
            Problem::NotSlug { .. }
            | Problem::SummaryTooLong { .. }
            | Problem::RawHtml
            | Problem::ClassEmpty { .. }
            | Problem::CalendarNotCovered { .. } => Severity::Warning,
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
            Problem::SpecialFile => t(
                zh,
                "不是普通文件(管道、套接字或设备文件,未读取)",
                "not a regular file (a pipe, socket or device; not read)",
            ),
            Problem::TooDeep { limit } => {
                if zh {
                    format!("文件夹嵌套过深(`units/` 下超过 {limit} 层,其内容未读取)")
                } else {
                    format!(
                        "folder is nested too deep (more than {limit} levels under `units/`; its content is not read)"
                    )
                }
            }
            Problem::NameNotUtf8 => {
                t(zh, "名称不是 UTF-8 编码(未读取)", "name is not valid UTF-8 (not read)")
            }
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
            Problem::UnknownClass { class, .. } => {
                if zh {
                    format!("本单位的目录中没有类目 `{class}`")
                } else {
                    format!("class `{class}` is not in this unit's catalogues")
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
            Problem::FourOnesMissing { missing } => {
                let zh_names: Vec<&str> = missing
                    .iter()
                    .map(|k| crate::compliance::four_ones::name(k, Lang::Zh))
                    .collect();
                let keys = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                if zh {
                    format!("村务公开“四个一”不全:缺少{}({keys})", zh_names.join("、"))
                } else {
                    format!("the village's four ones (四个一) are incomplete: no {keys}")
                }
            }
            Problem::EventMissing { class } => {
                if zh {
                    format!("动态类目 `{class}` 的记录缺少事项发生日期 `event`")
                } else {
                    format!("record of the dynamic class `{class}` has no `event` date")
                }
            }
            Problem::LatePublication { event, published, days, limit, working } => {
                let (days, limit) = (count(*days, *working, lang), count(*limit, *working, lang));
                if zh {
                    format!(
                        "公开不及时:事项发生于 {event},{published} 才公开(相隔 {days},时限 {limit})"
                    )
                } else {
                    format!(
                        "published late: the event was on {event}, published on {published} ({days}; the limit is {limit})"
                    )
                }
            }
            Problem::FeedbackLate { received, replied_on, days, limit, working } => {
                let (days, limit) = (count(*days, *working, lang), count(*limit, *working, lang));
                if zh {
                    format!(
                        "反馈答复不及时:{received} 收到,{replied_on} 才答复(相隔 {days},时限 {limit})"
                    )
                } else {
                    format!(
                        "feedback answered late: received {received}, replied {replied_on} ({days}; the limit is {limit})"
                    )
                }
            }
            Problem::FeedbackUnanswered { received, days, limit, working } => {
                let (days, limit) = (count(*days, *working, lang), count(*limit, *working, lang));
                if zh {
                    format!("反馈逾期未答复:{received} 收到,已过 {days}(时限 {limit})")
                } else {
                    format!(
                        "feedback not answered: received {received}, {days} ago (the limit is {limit})"
                    )
                }
            }
            Problem::AttachmentMissing { path } => {
                if zh {
                    format!("附件 `{path}` 不存在")
                } else {
                    format!("attachment `{path}` does not exist")
                }
            }
            Problem::AttachmentOutside { path, nested_unit } => match (zh, nested_unit) {
                (true, false) => format!("附件 `{path}` 不在本单位的文件夹内"),
                (true, true) => format!("附件 `{path}` 属于下级单位,不属于本单位"),
                (false, false) => {
                    format!("attachment `{path}` is outside the record's unit folder")
                }
                (false, true) => format!("attachment `{path}` belongs to a nested unit"),
            },
            Problem::PersonalId { .. } => t(
                zh,
                "对外公开的内容包含未脱敏的居民身份证号码",
                "public record contains an unmasked resident ID number",
            ),
            Problem::PersonalMobile { .. } => t(
                zh,
                "对外公开的内容包含未脱敏的手机号码",
                "public record contains an unmasked mobile phone number",
            ),
            Problem::PersonalBankCard { .. } => t(
                zh,
                "对外公开的内容包含未脱敏的银行卡号",
                "public record contains an unmasked bank card number",
            ),
            Problem::CalendarInvalid { detail } => {
                if zh {
                    format!("节假日日历有误({})", detail.zh)
                } else {
                    format!("invalid holiday calendar ({})", detail.en)
                }
            }
            Problem::CalendarNotCovered { year, .. } => {
                if zh {
                    format!(
                        "节假日日历不含 {year} 年:{year} 年的工作日按周一至周五计算(未计法定节假日和调休)"
                    )
                } else {
                    format!(
                        "the holiday calendar does not cover {year}: working days in {year} are counted Monday to Friday (no public holidays, no make-up days)"
                    )
                }
            }
            Problem::RequestOverdue { due, days, .. } => {
                if zh {
                    format!("依申请公开逾期未答复:最迟应于 {due} 答复,已逾期 {days} 天")
                } else {
                    let s = if *days == 1 { "" } else { "s" };
                    format!(
                        "request not answered in time: the reply was due on {due} ({days} day{s} ago)"
                    )
                }
            }
            Problem::RequestLate { replied, due, .. } => {
                if zh {
                    format!("依申请公开答复逾期:{replied} 才答复,最迟应于 {due} 答复")
                } else {
                    format!(
                        "request answered late: replied on {replied}, the reply was due on {due}"
                    )
                }
            }
            Problem::RequestDateOrder { key, value, other_key, other } => {
                if zh {
                    format!("`{key}`({value})早于 `{other_key}`({other})")
                } else {
                    format!("`{key}` ({value}) is before `{other_key}` ({other})")
                }
            }
            Problem::ClarificationNotSent => t(
                zh,
                "有补正到达日期 `clarification_received`,但没有告知补正日期 `clarification_sent`",
                "`clarification_received` without `clarification_sent` (when was the applicant asked to supplement?)",
            ),
            Problem::ClarificationLate { sent, due } => {
                if zh {
                    format!("告知补正过晚:{sent} 才告知,应在收到申请后 7 个工作日内({due} 前)告知")
                } else {
                    format!(
                        "supplement asked for too late: on {sent}, more than 7 working days after receipt (the last day was {due})"
                    )
                }
            }
            Problem::ExtensionLate { extended_on, deadline } => {
                if zh {
                    format!("延期告知过晚:{extended_on} 才告知,已过原答复期限 {deadline},延期不计")
                } else {
                    format!(
                        "extension notified too late: on {extended_on}, after the original deadline {deadline} (the extension does not count)"
                    )
                }
            }
            Problem::OutcomeWithoutReply => t(
                zh,
                "有办理结果 `outcome`,但没有答复日期 `replied`",
                "`outcome` without `replied` (when was the reply sent?)",
            ),
            Problem::ReplyWithoutOutcome => t(
                zh,
                "已答复(`replied`),但没有办理结果 `outcome`",
                "`replied` without an `outcome`",
            ),
            Problem::ReasonMissing { outcome } => {
                if zh {
                    format!("办理结果为“{outcome}”,但没有说明理由 `reason`")
                } else {
                    format!("outcome `{outcome}` without a `reason`")
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
            Problem::SpecialFile => t(zh, "请把它移出 `units/`", "move it out of `units/`"),
            Problem::TooDeep { .. } => t(
                zh,
                "单位层级(市、县、乡镇、村)只需几层;请检查是否误建了文件夹",
                "an administrative hierarchy needs only a few levels; look for folders created by mistake",
            ),
            Problem::NameNotUtf8 => t(
                zh,
                "请只用小写字母、数字和连字符重新命名",
                "rename it with lowercase letters, digits and hyphens",
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
            Problem::UnknownClass { suggestion: Some(s), .. } => {
                if zh {
                    format!("是不是 `{s}`?")
                } else {
                    format!("did you mean `{s}`?")
                }
            }
            Problem::UnknownClass { class, known, .. } => {
                let audience = class.split('/').next().unwrap_or_default();
                let list = known.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>();
                match (zh, list.is_empty()) {
                    (true, false) => {
                        format!("本单位的{}类目:{}", audience_zh(audience), list.join("、"))
                    }
                    (false, false) => {
                        format!("this unit's {audience} classes: {}", list.join(", "))
                    }
                    (true, true) => format!("本单位没有{}类目", audience_zh(audience)),
                    (false, true) => format!("this unit has no {audience} classes"),
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
            Problem::InvalidDate { value, .. } if names_no_real_day(value) => t(
                zh,
                "日历上没有这一天,请核对月份和日期",
                "there is no such day in the calendar: check the month and the day",
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
            Problem::FourOnesMissing { .. } => t(
                zh,
                "在 unit.toml 中填写 `board`、`mailbox`、`finance_group`(民主理财小组成员)和 `record_book`(记录簿存放处)",
                "declare `board`, `mailbox`, `finance_group` (the 民主理财小组 members) and `record_book` in unit.toml",
            ),
            Problem::EventMissing { .. } => t(
                zh,
                "加上 `event = 2026-03-05` 这样的事项发生日期",
                "add the day it happened, e.g. `event = 2026-03-05`",
            ),
            Problem::LatePublication { .. } => t(
                zh,
                "动态信息应在事项发生后及时公开;如日期填错请更正",
                "dynamic items must be published promptly after the event; correct the dates if they are wrong",
            ),
            Problem::FeedbackLate { .. } | Problem::FeedbackUnanswered { .. } => t(
                zh,
                "及时答复群众反馈,并填写 `reply` 和 `replied_on`",
                "answer the feedback and record `reply` and `replied_on`",
            ),
            Problem::AttachmentMissing { .. } => t(
                zh,
                "附件放在单位的 `files/` 文件夹中,路径相对于记录所在文件夹,例如 `../../files/a.pdf`",
                "attachments go in the unit's `files/` folder; paths are relative to the record's folder, e.g. `../../files/a.pdf`",
            ),
            Problem::AttachmentOutside { .. } => t(
                zh,
                "把附件放进本单位的 `files/` 文件夹",
                "put the attachment in this unit's `files/` folder",
            ),
            Problem::PersonalId { masked }
            | Problem::PersonalMobile { masked }
            | Problem::PersonalBankCard { masked } => {
                if zh {
                    format!("公开前请脱敏,例如写作 `{masked}`")
                } else {
                    format!("mask it before publishing, e.g. `{masked}`")
                }
            }
            Problem::CalendarInvalid { .. } => t(
                zh,
                "格式见 README 的“节假日日历”一节",
                "see “Holiday calendar” in the README for the format",
            ),
            Problem::CalendarNotCovered { year, covered, uses } => {
                if zh {
                    format!(
                        "节假日日历覆盖 {covered} 年,本仓库有 {uses} 个期限涉及 {year} 年;国务院公布 {year} 年节假日安排后,在 `catalogues/calendar/` 中添加该年(格式见 README 的“节假日日历”一节)"
                    )
                } else {
                    let s = if *uses == 1 { "" } else { "s" };
                    format!(
                        "the calendar covers {covered}, and {uses} deadline{s} in this repository reach into {year}; once the State Council announces the holidays of {year}, add the year in `catalogues/calendar/` (see “Holiday calendar” in the README)"
                    )
                }
            }
            Problem::RequestOverdue { derivation, .. } => {
                format!("{}{}", t(zh, "期限:", "deadline: "), derivation.text(lang))
            }
            Problem::RequestLate { derivation, could_extend, .. } => {
                let mut hint = format!("{}{}", t(zh, "期限:", "deadline: "), derivation.text(lang));
                if *could_extend {
                    hint.push_str(&t(
                        zh,
                        "\n已在原期限内告知延期的,填写延期告知日期 `extended_on`",
                        "\nif the applicant was told of an extension within the original period, record the day in `extended_on`",
                    ));
                }
                hint
            }
            Problem::RequestDateOrder { .. } => t(zh, "请核对日期", "check the dates"),
            Problem::ClarificationNotSent => t(
                zh,
                "填写告知补正的日期,例如 `clarification_sent = 2026-03-05`",
                "add the day the applicant was asked, e.g. `clarification_sent = 2026-03-05`",
            ),
            Problem::ClarificationLate { .. } => t(
                zh,
                "条例第三十条:申请内容不明确的,应当自收到申请之日起 7 个工作日内一次性告知申请人作出补正",
                "Art. 30 of the regulations: ask for a supplement once, within 7 working days of receipt",
            ),
            Problem::ExtensionLate { .. } => t(
                zh,
                "条例第三十三条:需要延长答复期限的,应当在原期限内告知申请人,延长的期限最长不得超过 20 个工作日",
                "Art. 33 of the regulations: an extension (at most 20 working days) must be notified within the original period",
            ),
            Problem::OutcomeWithoutReply => t(
                zh,
                "填写答复日期 `replied`;尚未答复的,先删除 `outcome`",
                "add `replied`, or remove `outcome` while the request is pending",
            ),
            Problem::ReplyWithoutOutcome => {
                let list = crate::request::OUTCOMES.map(|o| format!("`{o}`")).join(", ");
                if zh { format!("可选值:{list}") } else { format!("allowed values: {list}") }
            }
            Problem::ReasonMissing { .. } => t(
                zh,
                "予以公开以外的答复都应说明理由(条例第三十六条),例如 `reason = \"涉及第三方个人隐私\"`",
                "every outcome but 予以公开 needs its reason (Art. 36 of the regulations), e.g. `reason = \"涉及第三方个人隐私\"`",
            ),
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

/// `2026-02-30` or `2026-02-30T10:00`: the form of a day, but no day of the calendar.
fn names_no_real_day(value: &str) -> bool {
    let b = value.as_bytes();
    let shaped = b.len() >= 10
        && b[..10]
            .iter()
            .enumerate()
            .all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    shaped && crate::dates::parse_date(&value[..10]).is_none()
}

/// `对外公开` for `external`, `对内公开` for `internal`.
fn audience_zh(audience: &str) -> &'static str {
    if audience == "internal" { "对内公开" } else { "对外公开" }
}

/// `20 天` / `20 个工作日`, `20 days` / `20 working days`.
fn count(n: i64, working: bool, lang: Lang) -> String {
    match (lang, working) {
        (Lang::Zh, false) => format!("{n} 天"),
        (Lang::Zh, true) => format!("{n} 个工作日"),
        (Lang::En, false) => format!("{n} day{}", if n == 1 { "" } else { "s" }),
        (Lang::En, true) => format!("{n} working day{}", if n == 1 { "" } else { "s" }),
    }
}

fn t(zh: bool, chinese: &str, english: &str) -> String {
    if zh { chinese.to_owned() } else { english.to_owned() }
}
