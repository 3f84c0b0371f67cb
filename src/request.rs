//! Disclosure requests (依申请公开): `<unit>/requests/<slug>.toml`, one per request.
//!
//! Requests are checked like records and counted in reports; they are never published one
//! by one. The requester is a kind (自然人, 商业企业 …), never a name or a number.

use std::sync::LazyLock;

use crate::dates::Date;
use crate::diagnostics::{Diagnostic, Problem};
use crate::load::RequestFile;
use crate::schema::{FieldSpec, FieldType, Fields, Validator};
use crate::source::{FileId, SourceMap};
use crate::toml_tree::{self, Kind};
use crate::unit::strip_bom;

pub(crate) const CHANNELS: [&str; 5] = ["当面", "信函", "网上申请", "传真", "其他"];
pub(crate) const REQUESTERS: [&str; 6] =
    ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"];
pub(crate) const OUTCOMES: [&str; 6] =
    ["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"];

#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub(crate) file: FileId,
    pub(crate) unit: usize,
    #[allow(dead_code)] // parsed and checked; no report shows it yet
    pub(crate) slug: String,
    pub(crate) received: Option<Date>,
    #[allow(dead_code)] // parsed and checked; no report shows it yet
    pub(crate) channel: Option<String>,
    pub(crate) requester: Option<String>,
    pub(crate) subject: Option<String>,
    pub(crate) clarification_sent: Option<Date>,
    pub(crate) clarification_received: Option<Date>,
    pub(crate) consultation_days: i64,
    pub(crate) extended_on: Option<Date>,
    pub(crate) replied: Option<Date>,
    pub(crate) outcome: Option<String>,
    pub(crate) reason: Option<String>,
    pub(crate) fields: Fields,
}

static SPECS: LazyLock<Vec<FieldSpec>> = LazyLock::new(specs);

fn specs() -> Vec<FieldSpec> {
    let date = || FieldType::Date;
    vec![
        FieldSpec::new("received", "收到申请日期", date()).required(),
        FieldSpec::new("channel", "申请方式", FieldType::enumeration(&CHANNELS)).required(),
        FieldSpec::new("requester", "申请人类型", FieldType::enumeration(&REQUESTERS)).required(),
        FieldSpec::new("subject", "申请内容", FieldType::string()).required(),
        FieldSpec::new("clarification_sent", "告知补正日期", date()),
        FieldSpec::new("clarification_received", "收到补正日期", date()),
        FieldSpec::new("consultation_days", "征求第三方意见天数", FieldType::Integer),
        FieldSpec::new("extended_on", "延期告知日期", date()),
        FieldSpec::new("replied", "答复日期", date()),
        FieldSpec::new("outcome", "办理结果", FieldType::enumeration(&OUTCOMES)),
        FieldSpec::new("reason", "理由", FieldType::string()),
    ]
}

/// Reads one request file; `None` when it cannot be parsed (already reported).
pub(crate) fn parse(
    rf: &RequestFile,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Request> {
    let file = rf.file;
    let (text, base) = strip_bom(sources.text(file));
    let root = match toml_tree::parse(text, base) {
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
    let fields = Validator { file, diagnostics }.table(
        table,
        root.span.clone(),
        SPECS.as_slice(),
        "",
        0..0,
        &|_| false,
    );
    Some(Request {
        file,
        unit: rf.unit,
        slug: rf.slug.clone(),
        received: fields.date("received"),
        channel: fields.str("channel"),
        requester: fields.str("requester"),
        subject: fields.str("subject"),
        clarification_sent: fields.date("clarification_sent"),
        clarification_received: fields.date("clarification_received"),
        consultation_days: fields.int("consultation_days").unwrap_or(0),
        extended_on: fields.date("extended_on"),
        replied: fields.date("replied"),
        outcome: fields.str("outcome"),
        reason: fields.str("reason"),
        fields,
    })
}
