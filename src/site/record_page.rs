//! One record's page: the standard metadata table (索引号, 发布机构, 主题分类, 成文日期,
//! 发布日期, 文号, 有效性, then 提出 and 审核), the class's typed fields, the body,
//! the attachments and the feedback with its replies.

use serde::Serialize;

use super::model::Site;
use super::pages::{ClassValues, Page};
use super::views::{self, Crumb, ValidityView};
use crate::catalogue::Audience;
use crate::markdown;
use crate::record::Record;
use crate::schema::{FieldSpec, FieldType, Fields, Value};
use crate::urls::{self, Linker};

#[derive(Serialize)]
struct MetaItem {
    label: &'static str,
    value: String,
    /// A validity code, shown as a badge.
    code: Option<&'static str>,
    /// Takes a whole row of the table.
    wide: bool,
}

#[derive(Serialize)]
struct Field {
    label: String,
    value: String,
    /// Rendered Markdown (text fields), already sanitised.
    html: Option<String>,
    numeric: bool,
}

#[derive(Serialize)]
struct Column {
    label: String,
    numeric: bool,
}

#[derive(Serialize)]
struct Cell {
    value: String,
    numeric: bool,
}

#[derive(Serialize)]
struct FieldTable {
    label: String,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
}

#[derive(Serialize)]
struct Attachment {
    name: String,
    href: String,
    kind: String,
}

#[derive(Serialize)]
struct Feedback {
    received: String,
    question: String,
    reply: String,
    replied_on: String,
    answered: bool,
}

#[derive(Serialize)]
struct RecordView {
    title: String,
    internal: bool,
    validity: ValidityView,
    meta: Vec<MetaItem>,
    summary: Option<String>,
    fields: Vec<Field>,
    tables: Vec<FieldTable>,
    body_html: String,
    attachments: Vec<Attachment>,
    feedback: Vec<Feedback>,
}

#[derive(Serialize)]
struct ClassLink {
    name: String,
    href: String,
}

pub(crate) fn fill(site: &Site<'_>, page: &mut Page<'_>, i: usize) -> &'static str {
    let record = site.record(i);
    let unit = site.unit(record.unit);
    let class = site.class_of(i);
    let class_name = class.map_or_else(|| record.class.clone(), |c| c.name.clone());
    page.view.internal = record.audience == Audience::Internal;
    page.titled("record", &record.title);
    page.view.description = Some(site.summary(i).to_owned()).filter(|s| !s.is_empty());
    // Every record page of a class has the same crumbs, unit and class link (its pages
    // are side by side, so even the relative links agree): made into template values
    // once a class (#7).
    let key = (record.unit, record.audience, record.class.clone());
    let shared = page.shared.class_values(key, || {
        let mut crumbs = views::unit_crumbs(site, record.unit, &page.link);
        let class_path = urls::class(&unit.id, record.audience, &record.class);
        let href = page.link.page(&class_path);
        crumbs.push(Crumb { name: class_name.clone(), href: Some(href.clone()) });
        crumbs.push(Crumb { name: "正文".to_owned(), href: None });
        ClassValues {
            crumbs: tera::Value::from_serializable(&crumbs),
            unit: tera::Value::from_serializable(&views::unit_view(site, record.unit, &page.link)),
            class: tera::Value::from_serializable(&ClassLink { name: class_name.clone(), href }),
        }
    });
    page.crumbs_value = Some(shared.crumbs);
    let specs: &[FieldSpec] = class.map_or(&[], |c| &c.fields);
    let (fields, tables) = typed_fields(specs, &record.fields);
    let view = RecordView {
        title: record.title.clone(),
        internal: record.audience == Audience::Internal,
        validity: views::validity_view(site, i),
        meta: meta(site, i, &class_name),
        summary: record.summary.clone().filter(|s| !s.trim().is_empty()),
        fields,
        tables,
        body_html: body_html(site, i, &page.link),
        attachments: attachments(site, i, &page.link),
        feedback: feedback(record),
    };
    page.insert("record", &view);
    page.context.insert_value("unit", shared.unit);
    page.context.insert_value("class", shared.class);
    "record.html"
}

fn meta(site: &Site<'_>, i: usize, class_name: &str) -> Vec<MetaItem> {
    let r = site.record(i);
    let date = |d: Option<crate::dates::Date>| d.map_or_else(|| "—".to_owned(), |d| d.to_string());
    let text = |s: &Option<String>| {
        s.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "—".to_owned())
    };
    let item = |label, value| MetaItem { label, value, code: None, wide: false };
    let validity = site.validity(i);
    let mut items = vec![
        item("索引号", text(&r.index_no)),
        item("发布机构", site.unit(r.unit).name.clone()),
        item("主题分类", r.topic.clone().unwrap_or_else(|| class_name.to_owned())),
        item("公开类别", format!("{class_name}（{}）", r.audience.chinese())),
        item("成文日期", date(r.written)),
        item("发布日期", date(r.published)),
        item("文号", text(&r.doc_no)),
        MetaItem {
            label: "有效性",
            value: validity.label().to_owned(),
            code: Some(validity.code()),
            wide: false,
        },
    ];
    if let Some(day) = r.abolished {
        items.push(item("废止日期", day.to_string()));
    }
    if let Some(day) = r.expires {
        items.push(item("有效期至", day.to_string()));
    }
    items.push(item("提出", text(&r.proposed_by)));
    let reviewed = match (&r.reviewed_by, r.reviewed_on) {
        (Some(who), Some(day)) => format!("{who}（{day}）"),
        (Some(who), None) => who.clone(),
        (None, Some(day)) => day.to_string(),
        (None, None) => "—".to_owned(),
    };
    items.push(item("审核", reviewed));
    let as_of = site.options.as_of;
    let reposted: Vec<String> =
        r.reconfirmed.iter().filter(|d| **d <= as_of).map(|d| d.to_string()).collect();
    if !reposted.is_empty() {
        items.push(MetaItem { wide: true, ..item("复核再公开", reposted.join("、")) });
    }
    if !r.tags.is_empty() {
        items.push(MetaItem { wide: true, ..item("关键词", r.tags.join("、")) });
    }
    // Two items a row: an odd one out takes its row alone.
    if items.iter().filter(|m| !m.wide).count() % 2 == 1
        && let Some(last) = items.iter_mut().rfind(|m| !m.wide)
    {
        last.wide = true;
    }
    items
}

/// The class's own fields, in schema order: one-line values, and tables for rows.
fn typed_fields(specs: &[FieldSpec], values: &Fields) -> (Vec<Field>, Vec<FieldTable>) {
    let mut fields = Vec::new();
    let mut tables = Vec::new();
    for spec in specs {
        let Some(value) = values.get(&spec.name) else { continue };
        match (&spec.ty, &value.value) {
            (FieldType::Table(columns), Value::Rows(rows)) => {
                tables.push(table(&spec.label, columns, rows))
            }
            (FieldType::Text, Value::Str(text)) => fields.push(Field {
                label: spec.label.clone(),
                value: text.clone(),
                html: Some(markdown::to_html(text, &|_| None)),
                numeric: false,
            }),
            (_, v) => fields.push(Field {
                label: spec.label.clone(),
                value: display(v, &spec.label),
                html: None,
                numeric: numeric(v),
            }),
        }
    }
    (fields, tables)
}

/// A table field: the columns that have a value in some row.
fn table(label: &str, columns: &[FieldSpec], rows: &[Fields]) -> FieldTable {
    let used: Vec<&FieldSpec> =
        columns.iter().filter(|c| rows.iter().any(|r| r.get(&c.name).is_some())).collect();
    let numeric_column =
        |c: &FieldSpec| matches!(c.ty, FieldType::Money | FieldType::Integer | FieldType::Decimal);
    FieldTable {
        label: label.to_owned(),
        columns: used
            .iter()
            .map(|c| Column { label: c.label.clone(), numeric: numeric_column(c) })
            .collect(),
        rows: rows
            .iter()
            .map(|row| {
                used.iter()
                    .map(|c| match row.get(&c.name) {
                        Some(v) => {
                            Cell { value: display(&v.value, &c.label), numeric: numeric(&v.value) }
                        }
                        None => Cell { value: String::new(), numeric: false },
                    })
                    .collect()
            })
            .collect(),
    }
}

/// A value as shown on the page: money in yuan with separators, followed by 元 unless
/// its label already says so (`金额(元)`).
fn display(value: &Value, label: &str) -> String {
    match value {
        Value::Money(m) if label.contains('元') => m.display(),
        Value::Money(m) => format!("{} 元", m.display()),
        other => other.display(),
    }
}

fn numeric(value: &Value) -> bool {
    matches!(value, Value::Money(_) | Value::Int(_) | Value::Decimal(_))
}

/// The body, with its relative links mapped to the site: to the record's attachments,
/// and to the pages of other records in the output. Other relative links are dropped.
fn body_html(site: &Site<'_>, i: usize, link: &Linker) -> String {
    let taken = site.take_body(i);
    let body = taken.as_str();
    if body.trim().is_empty() {
        return String::new();
    }
    let declared: Vec<(String, String)> = site.attachments(i);
    let map = |url: &str| -> Option<String> {
        // Fragments are dropped: ids inside bodies are renamed on output.
        let path = url.split(['#', '?']).next().unwrap_or(url);
        let resolved = site.resolve(i, path)?;
        if let Some(r) = site.record_at(&resolved) {
            Some(link.page(site.record_path(r)))
        } else if declared.iter().any(|(_, p)| *p == resolved) {
            Some(link.file(&urls::attachment(&resolved)))
        } else {
            None
        }
    };
    let (html, text) = markdown::to_html_and_text(body, &map);
    site.keep_body_text(i, text);
    html
}

fn attachments(site: &Site<'_>, i: usize, link: &Linker) -> Vec<Attachment> {
    site.attachments(i)
        .into_iter()
        .map(|(_, path)| {
            let name = path.rsplit('/').next().unwrap_or(&path).to_owned();
            let kind = name
                .rsplit_once('.')
                .map_or_else(|| "文件".to_owned(), |(_, ext)| ext.to_ascii_uppercase());
            Attachment { href: link.file(&urls::attachment(&path)), name, kind }
        })
        .collect()
}

fn feedback(record: &Record) -> Vec<Feedback> {
    record
        .feedback
        .iter()
        .map(|f| Feedback {
            received: f.received.map(|d| d.to_string()).unwrap_or_default(),
            question: f.question.clone(),
            reply: f.reply.clone().unwrap_or_default(),
            replied_on: f.replied_on.map(|d| d.to_string()).unwrap_or_default(),
            answered: f.reply.as_deref().is_some_and(|r| !r.trim().is_empty()),
        })
        .collect()
}
