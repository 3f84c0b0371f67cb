//! Reading one record file into a [`Record`]: split, parse the TOML, check every key
//! against the common schema and the class's fields.

use std::sync::LazyLock;

use super::frontmatter::{self, SplitError};
use super::{Body, Feedback, Record, Status};
use crate::catalogue::Class;
use crate::diagnostics::{Diagnostic, Problem};
use crate::load::{Format, RecordFile};
use crate::schema::{FieldSpec, FieldType, Fields, Specs, Validator};
use crate::source::SourceMap;
use crate::toml_tree::{self, Kind, Node};
use crate::unit::strip_bom;

/// The common keys of Markdown records and of `.toml` records, built once: building them
/// for every record was a third of `check`'s allocations (#7).
static COMMON_SPECS: LazyLock<[Vec<FieldSpec>; 2]> =
    LazyLock::new(|| [common_specs(false), common_specs(true)]);

/// The schema of the keys every record may have; `with_body` for `.toml` records.
fn common_specs(with_body: bool) -> Vec<FieldSpec> {
    let date = || FieldType::Date;
    let string = FieldType::string;
    let list = |item| FieldType::List(Box::new(item));
    let mut specs = vec![
        FieldSpec::new("title", "标题", string()).required(),
        FieldSpec::new("published", "发布日期", date()),
        FieldSpec::new("written", "成文日期", date()),
        FieldSpec::new("event", "事项发生日期", date()),
        FieldSpec::new("status", "状态", FieldType::enumeration(&Status::NAMES)),
        FieldSpec::new("proposed_by", "提出", string()),
        FieldSpec::new("reviewed_by", "审核人", string()),
        FieldSpec::new("reviewed_on", "审核日期", date()),
        FieldSpec::new("index_no", "索引号", string()),
        FieldSpec::new("doc_no", "文号", string()),
        FieldSpec::new("expires", "有效期至", date()),
        FieldSpec::new("reconfirmed", "重新确认日期", list(date())),
        FieldSpec::new("tags", "标签", list(string())),
        FieldSpec::new("attachments", "附件", list(string())),
        FieldSpec::new(
            "feedback",
            "反馈",
            FieldType::Table(vec![
                FieldSpec::new("received", "收到日期", date()).required(),
                FieldSpec::new("question", "问题", FieldType::Text).required(),
                FieldSpec::new("reply", "答复", FieldType::Text),
                FieldSpec::new("replied_on", "答复日期", date()),
            ]),
        ),
        FieldSpec::new("summary", "内容概述", FieldType::Text),
        FieldSpec::new("topic", "主题分类", string()),
        FieldSpec::new("class", "类目", string()),
        FieldSpec::new("abolished", "废止日期", date()),
    ];
    if with_body {
        specs.push(FieldSpec::new("body", "正文", FieldType::Text));
    }
    specs
}

/// Reads a record. `class` is `None` when the class folder is not in the unit's
/// catalogues (already reported): then the class's own keys are not known, and keys
/// outside the common schema are left alone rather than reported as unknown.
/// Returns `None` when the file cannot be read as a record (already reported).
pub(crate) fn parse(
    rf: &RecordFile,
    sources: &SourceMap,
    class: Option<&Class>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Record> {
    let file = rf.file;
    let text = sources.text(file);
    let (front, body_range) = match rf.format {
        Format::Markdown => match frontmatter::split(text) {
            Ok(split) => (split.front, Some(split.body)),
            Err(SplitError::Missing) => {
                diagnostics.push(Diagnostic::at_start(Problem::FrontMatterMissing, file));
                return None;
            }
            Err(SplitError::Unclosed(span)) => {
                diagnostics.push(Diagnostic::at(Problem::FrontMatterUnclosed, file, span));
                return None;
            }
        },
        Format::Toml => {
            let (_, base) = strip_bom(text);
            (base..text.len(), None)
        }
    };
    let root = match toml_tree::parse(&text[front.clone()], front.start) {
        Ok(root) => root,
        Err(errors) => {
            for e in errors {
                diagnostics.push(Diagnostic::at(
                    Problem::TomlSyntax { detail: e.message },
                    file,
                    e.span,
                ));
            }
            return None;
        }
    };
    let Kind::Table(table) = &root.kind else { return None };
    let common = &COMMON_SPECS[usize::from(rf.format == Format::Toml)];
    let specs = Specs::two(common, class.map_or(&[], |c| c.fields.as_slice()));
    // Without a class, its keys are unknown; a class field its catalogue got wrong is
    // reported there.
    let ignore_unknown = |key: &str| class.is_none_or(|c| c.broken_fields.iter().any(|f| f == key));
    let fields = Validator { file, diagnostics }.table(
        table,
        root.span.clone(),
        specs,
        "",
        0..0,
        &ignore_unknown,
    );
    let (body, body_offset) = match body_range {
        Some(range) => (Body::InFile(range.clone()), range.start),
        None => body_of_toml_record(text, &fields, table.get("body").map(|e| &e.value)),
    };
    Some(build(rf, fields, body, body_offset))
}

fn body_of_toml_record(text: &str, fields: &Fields, node: Option<&Node>) -> (Body, usize) {
    let body = fields.str("body").unwrap_or_default();
    let Some(node) = node else { return (Body::Owned(body), 0) };
    let offset = content_start(text, node.span.start, &body).unwrap_or(node.span.start);
    (Body::Owned(body), offset)
}

/// Where the content of the string literal at `start` begins, when the file holds it as
/// is (no escapes): then offsets in the string are offsets in the file. TOML drops the
/// newline right after an opening `"""` or `'''`.
fn content_start(text: &str, start: usize, content: &str) -> Option<usize> {
    let literal = text.get(start..)?;
    let open = if literal.starts_with("\"\"\"") || literal.starts_with("'''") { 3 } else { 1 };
    let after = literal.get(open..)?;
    let newline = match (open, after.starts_with("\r\n"), after.starts_with('\n')) {
        (3, true, _) => 2,
        (3, _, true) => 1,
        _ => 0,
    };
    let at = start + open + newline;
    (text.get(at..at + content.len()) == Some(content)).then_some(at)
}

fn build(rf: &RecordFile, fields: Fields, body: Body, body_offset: usize) -> Record {
    let published = fields.date("published");
    let status = match fields.str("status").as_deref().and_then(Status::parse) {
        Some(status) => status,
        None if published.is_some() => Status::Published,
        None => Status::Draft,
    };
    let feedback = fields
        .rows("feedback")
        .iter()
        .map(|row| Feedback {
            received: row.date("received"),
            question: row.str("question").unwrap_or_default(),
            reply: row.str("reply"),
            replied_on: row.date("replied_on"),
            span: row.span.clone(),
        })
        .collect();
    Record {
        file: rf.file,
        unit: rf.unit,
        audience: rf.audience,
        class: rf.class.clone(),
        slug: rf.slug.clone(),
        title: fields.str("title").unwrap_or_else(|| rf.slug.clone()),
        status,
        published,
        written: fields.date("written"),
        event: fields.date("event"),
        reviewed_on: fields.date("reviewed_on"),
        expires: fields.date("expires"),
        abolished: fields.date("abolished"),
        proposed_by: fields.str("proposed_by"),
        reviewed_by: fields.str("reviewed_by"),
        doc_no: fields.str("doc_no"),
        summary: fields.str("summary"),
        topic: fields.str("topic"),
        index_no: fields.str("index_no"),
        index_no_generated: false,
        reconfirmed: fields.dates("reconfirmed").into_iter().map(|d| d.value).collect(),
        tags: fields.strings("tags").into_iter().map(|s| s.value).collect(),
        attachments: fields.strings("attachments"),
        feedback,
        body,
        body_offset,
        fields,
    }
}
