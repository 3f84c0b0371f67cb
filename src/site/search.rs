//! The search index of `search/` (SPEC §5): the records in the output as
//! [`SearchDoc`]s, handed to [`crate::search::build_index`], which owns the format.
//!
//! Only records that [`Site`] lets through go in, so a public build's index cannot hold
//! an internal record, title, term or count: the model decided the audience once, and
//! the index is made from `site.records` alone. What is searchable is what the record
//! page shows: title, unit, class, date, 内容概述, 索引号, 文号, 主题分类, tags, the
//! class fields of the class's schema and the body as plain text.

use std::borrow::Cow;

use rayon::prelude::*;

use super::model::Site;
use crate::markdown;
use crate::schema::{FieldSpec, FieldType, Fields, Value};
use crate::search::{self, SearchDoc};
use crate::write::OutputFile;

/// Every file of the search index, sorted by path. `body_texts` holds, by record, the
/// words of the bodies already parsed (by their pages); the others are parsed here.
pub(crate) fn files(site: &Site<'_>, mut body_texts: Vec<Option<String>>) -> Vec<OutputFile> {
    // Each body's words are dropped once in their record's text: held until every
    // record had its text, they were a second copy of all bodies (160 MB of fresh
    // memory at 100,000 records, #7).
    let bodies: Vec<Option<String>> =
        site.records.iter().map(|&i| body_texts.get_mut(i).and_then(Option::take)).collect();
    drop(body_texts);
    let docs: Vec<SearchDoc> = crate::timings::phase("search: docs", || {
        site.records
            .par_iter()
            .zip(bodies)
            .map(|(&i, body)| doc(site, i, body.as_deref()))
            .collect()
    });
    search::build_index(docs)
        .into_iter()
        .map(|(path, bytes)| OutputFile::bytes(path, bytes))
        .collect()
}

fn doc(site: &Site<'_>, i: usize, body_text: Option<&str>) -> SearchDoc {
    let record = site.record(i);
    let class = site.class_of(i);
    // Readable text first: the index keeps the first characters of `text` as the
    // result's snippet. The 内容概述 when written (else the body starts the same way),
    // then the body, then the codes and labels that are searched but make poor reading.
    let mut parts: Vec<Cow<'_, str>> = Vec::new();
    parts.extend(record.summary.iter().filter(|s| !s.trim().is_empty()).map(|s| s.into()));
    // A body with words gave them to the search on its page, which took it.
    parts.push(
        body_text
            .map_or_else(|| markdown::plain_text(site.take_body(i).as_str()).into(), Cow::from),
    );
    let codes = [&record.index_no, &record.doc_no, &record.topic];
    parts.extend(codes.into_iter().flatten().map(|s| s.into()));
    parts.extend(record.tags.iter().map(|s| s.into()));
    if let Some(class) = class {
        for spec in &class.fields {
            if let Some(value) = record.fields.get(&spec.name) {
                field_text(&spec.ty, &value.value, &mut parts);
            }
        }
    }
    parts.retain(|p| !p.trim().is_empty());
    SearchDoc {
        url: site.record_path(i).to_owned(),
        title: record.title.clone(),
        unit: site.unit(record.unit).name.clone(),
        class: class.map_or_else(|| record.class.clone(), |c| c.name.clone()),
        date: record.published.map(|d| d.to_string()).unwrap_or_default(),
        text: parts.join(" "),
    }
}

/// The words of a class field as the record page shows them (text fields, and the text
/// cells of table fields; numbers and money are left out: they are figures to read, and
/// `12,000.00` would only add noise to the index).
fn field_text<'a>(ty: &FieldType, value: &'a Value, out: &mut Vec<Cow<'a, str>>) {
    match (ty, value) {
        (FieldType::Text, Value::Str(text)) => out.push(markdown::plain_text(text).into()),
        (_, Value::Str(text)) => out.push(text.into()),
        (FieldType::Table(columns), Value::Rows(rows)) => {
            for row in rows {
                row_text(columns, row, out);
            }
        }
        _ => {}
    }
}

fn row_text<'a>(columns: &[FieldSpec], row: &'a Fields, out: &mut Vec<Cow<'a, str>>) {
    for column in columns {
        if let Some(value) = row.get(&column.name) {
            field_text(&column.ty, &value.value, out);
        }
    }
}
