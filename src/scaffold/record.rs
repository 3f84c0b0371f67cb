//! The text of a record file: a filled-in example for `init`, a template for `new`.
//!
//! Both carry the common keys of SPEC §2 and the class's typed fields. An example is
//! published and reviewed on the day it is made, so a new repository is complete and
//! fresh at once; a template is a draft, with the class's optional fields as commented-out
//! lines that show each field's label and type. Comments follow `--lang`; the content
//! itself (titles, bodies) is Chinese, as disclosure records are.

use crate::catalogue::{Cadence, Class};
use crate::i18n::Lang;
use crate::schema::{FieldSpec, FieldType};

use super::lines::Lines;
use super::sample::{self, Context, toml_string};

/// A front matter: TOML lines between `+++` lines.
type FrontMatter = Lines;

fn front_matter(fm: &FrontMatter) -> String {
    format!("+++\n{}+++\n", fm.render())
}

/// The filled-in example record of `class` that `gongkai init` writes.
pub(crate) fn example(
    class: &Class,
    cx: &Context,
    proposer: &str,
    within_days: i64,
    lang: Lang,
) -> String {
    let today = cx.today.to_string();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut fm = FrontMatter::new();
    fm.comment(l(
        "示例记录(gongkai init 生成):请改写为本单位的实际内容,或删除本文件",
        "example record (made by gongkai init): rewrite it with your unit's real content, or delete this file",
    ));
    fm.key("title", &toml_string(&format!("(示例){}", class.name)), "");
    fm.key("published", &today, l("公开日期", "date published"));
    fm.key("status", &toml_string("published"), "draft | reviewed | published | withdrawn");
    fm.key("proposed_by", &toml_string(proposer), l("提出", "proposed by"));
    fm.key("reviewed_by", &toml_string("(示例)审核人"), l("审核人", "reviewed by"));
    fm.key("reviewed_on", &today, l("审核日期", "date reviewed"));
    fm.key(
        "summary",
        &toml_string(&format!("{}类目的示例记录,请替换为实际内容。", class.name)),
        l("内容概述(不超过 100 字)", "summary (at most 100 characters)"),
    );
    fm.key("tags", &format!("[{}]", toml_string("示例")), "");
    if class.cadence == Cadence::Dynamic {
        fm.key("event", &today, &event_note(within_days, lang));
    }
    typed_fields(&mut fm, class, cx, lang, true);
    let mut text = front_matter(&fm);
    text.push('\n');
    text.push_str(&example_body(class, lang));
    text
}

/// The draft record that `gongkai new` writes.
pub(crate) fn template(
    class: &Class,
    title: &str,
    cx: &Context,
    within_days: i64,
    lang: Lang,
) -> String {
    let today = cx.today.to_string();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut fm = FrontMatter::new();
    fm.key("title", &toml_string(title), "");
    fm.key(
        "status",
        &toml_string("draft"),
        l("draft 草稿 → reviewed 已审核 → published 公开", "draft → reviewed → published"),
    );
    fm.key("published", &today, l("公开日期", "date published"));
    fm.key("proposed_by", &toml_string(""), l("提出:科室或人员", "proposed by: office or person"));
    fm.key(
        "reviewed_by",
        &toml_string(""),
        l("审核人(公开前必填)", "reviewed by (required to publish)"),
    );
    fm.key(
        "reviewed_on",
        &today,
        l("审核日期(不晚于公开日期)", "date reviewed (not after published)"),
    );
    fm.key(
        "summary",
        &toml_string(""),
        l("内容概述(不超过 100 字)", "summary (at most 100 characters)"),
    );
    fm.key("tags", "[]", l("标签", "tags"));
    if class.cadence == Cadence::Dynamic {
        fm.key("event", &today, &event_note(within_days, lang));
    }
    fm.commented("written", &today, l("成文日期", "date written"));
    fm.commented("doc_no", &toml_string(""), l("文号", "document number"));
    fm.commented(
        "expires",
        &today,
        l("有效期至(之后不再是现行信息)", "valid until (no longer current after)"),
    );
    fm.commented(
        "attachments",
        &format!("[{}]", toml_string("../../files/example.pdf")),
        l("附件,相对于本文件", "attachments, relative to this file"),
    );
    typed_fields(&mut fm, class, cx, lang, false);
    let mut text = front_matter(&fm);
    text.push('\n');
    text.push_str(l(
        "在此书写正文(Markdown,可用表格)。\n",
        "Write the body here (Markdown, tables allowed).\n",
    ));
    text
}

fn event_note(within_days: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("事项发生日期(动态类目必填;须在其后 {within_days} 天内公开)"),
        Lang::En => format!("when it happened (required here; publish within {within_days} days)"),
    }
}

/// The class's own fields: filled in (`fill`, for examples) where a valid value exists,
/// else commented out; required fields are always written out.
fn typed_fields(fm: &mut FrontMatter, class: &Class, cx: &Context, lang: Lang, fill: bool) {
    if class.fields.is_empty() {
        return;
    }
    fm.blank();
    fm.comment(&match (lang, fill) {
        (Lang::Zh, true) => format!("{}(`{}`)的字段", class.name, class.key()),
        (Lang::Zh, false) => format!("{}(`{}`)的字段,按需取消注释并填写", class.name, class.key()),
        (Lang::En, true) => format!("fields of {} (`{}`)", class.name, class.key()),
        (Lang::En, false) => format!(
            "fields of {} (`{}`): uncomment and fill in the ones you need",
            class.name,
            class.key()
        ),
    });
    for field in &class.fields {
        let note = describe(field, lang);
        match sample::value(field, cx) {
            Some(value) if fill || field.required => fm.key(&field.name, &value, &note),
            Some(value) => fm.commented(&field.name, &value, &note),
            None if field.required => fm.key(&field.name, &sample::shape(field, cx), &note),
            None => fm.commented(&field.name, &sample::shape(field, cx), &note),
        }
    }
}

/// `预算数(元) · 金额(元) · 必填`: the label, the type and whether it is required.
fn describe(field: &FieldSpec, lang: Lang) -> String {
    let mut parts = vec![field.label.clone(), type_name(&field.ty, lang)];
    if field.required {
        parts.push(lang.pick("必填", "required").to_owned());
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" · ")
}

fn type_name(ty: &FieldType, lang: Lang) -> String {
    let l = |zh: &str, en: &str| lang.pick(zh, en).to_owned();
    match ty {
        FieldType::String { pattern: Some(re) } => {
            format!("{} `{}`", l("字符串,格式", "string matching"), re.as_str())
        }
        FieldType::String { pattern: None } => l("字符串", "string"),
        FieldType::Text => l("文本", "text"),
        FieldType::Date => l("日期", "date"),
        FieldType::Integer => l("整数", "integer"),
        FieldType::Decimal => l("数字", "number"),
        FieldType::Money => l("金额(元,最多两位小数)", "money (yuan, at most 2 decimals)"),
        FieldType::Bool => l("是否(true/false)", "true or false"),
        FieldType::Enum(values) => format!("{}{}", l("可选值:", "one of: "), values.join(" | ")),
        FieldType::List(item) => {
            format!("{}{}", l("列表,每项为", "list of "), type_name(item, lang))
        }
        FieldType::Table(columns) | FieldType::Object(columns) => {
            let names: Vec<String> =
                columns.iter().map(|c| format!("{} {}", c.name, c.label)).collect();
            format!("{}{}", l("表格,列:", "table with columns: "), names.join(", "))
        }
    }
}

fn example_body(class: &Class, lang: Lang) -> String {
    let s = &class.standard;
    let mut body = format!("## (示例){}\n\n", class.name);
    body.push_str(lang.pick(
        "> 这是 `gongkai init` 生成的示例记录,说明本类目应公开什么。请按实际情况改写;也可以删除本文件,再用 `gongkai new` 新建记录。\n\n",
        "> This example record was made by `gongkai init` to show what this class discloses. Rewrite it with real content, or delete it and create records with `gongkai new`.\n\n",
    ));
    let rows: [(&str, &str); 4] = [
        ("类目说明", &class.description),
        ("公开内容", &s.content),
        ("公开依据", &s.basis),
        ("公开时限", &s.deadline),
    ];
    for (label, text) in rows {
        if !text.trim().is_empty() {
            body.push_str(&format!("- **{label}**:{}\n", text.trim()));
        }
    }
    body
}

/// The unit's name for `proposed_by` in examples: the office that usually proposes.
pub(crate) fn proposer(level: crate::catalogue::Level) -> &'static str {
    use crate::catalogue::Level;
    match level {
        Level::Village => "村民委员会",
        Level::Township => "党政办公室",
        Level::City | Level::County => "政府办公室",
        Level::Department | Level::Station => "办公室",
    }
}
