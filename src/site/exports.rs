//! The electronic disclosure catalogue (电子目录) of every record in the output:
//! `catalogue.json` for machines and `catalogue.csv` for spreadsheets (UTF-8 with a
//! byte-order mark, which Excel needs to read Chinese, and CRLF line ends).

use serde::Serialize;

use super::model::Site;
use crate::catalogue::Audience;
use crate::urls;
use crate::write::OutputFile;

#[derive(Serialize)]
struct Entry<'a> {
    index_no: &'a str,
    title: &'a str,
    unit: &'a str,
    unit_name: &'a str,
    class: String,
    class_name: &'a str,
    audience: &'static str,
    published: Option<String>,
    written: Option<String>,
    doc_no: Option<&'a str>,
    topic: Option<&'a str>,
    summary: &'a str,
    validity: &'static str,
    validity_label: &'static str,
    /// The page, relative to the site root (for the site's own scripts).
    path: String,
    /// The page's absolute URL.
    url: String,
    attachments: Vec<String>,
}

#[derive(Serialize)]
struct Document<'a> {
    title: &'a str,
    base_url: &'a str,
    as_of: String,
    audience: &'static str,
    count: usize,
    records: Entries<'a>,
}

/// The entries of every record in the output, each made as it is written: held in a
/// vector, they were 45 MB at 100,000 records beside the text they become (#7).
struct Entries<'a>(&'a Site<'a>);

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(entries(self.0))
    }
}

fn entries<'a>(site: &'a Site<'a>) -> impl Iterator<Item = Entry<'a>> {
    let base = &site.options.base_url;
    site.records.iter().map(move |&i| {
        let r = site.record(i);
        let unit = site.unit(r.unit);
        let validity = site.validity(i);
        let path = site.record_path(i);
        Entry {
            index_no: r.index_no.as_deref().unwrap_or(""),
            title: &r.title,
            unit: &unit.id,
            unit_name: &unit.name,
            class: r.class_key(),
            class_name: site.class_of(i).map_or(r.class.as_str(), |c| c.name.as_str()),
            audience: r.audience.as_str(),
            published: r.published.map(|d| d.to_string()),
            written: r.written.map(|d| d.to_string()),
            doc_no: r.doc_no.as_deref(),
            topic: r.topic.as_deref(),
            summary: site.summary(i),
            validity: validity.code(),
            validity_label: validity.label(),
            url: urls::absolute(base, path),
            path: path.to_owned(),
            attachments: site
                .attachments(i)
                .into_iter()
                .map(|(_, p)| urls::absolute(base, &urls::attachment(&p)))
                .collect(),
        }
    })
}

/// Bytes reserved per record for `catalogue.json` and `catalogue.csv`: more than a
/// record takes (about 800 and 280), so the text is written into one allocation
/// instead of a doubling one whose copies touched twice its size in fresh pages (#7).
/// Reserved and unwritten memory is never touched, so it costs nothing.
const JSON_BYTES_PER_RECORD: usize = 2048;
const CSV_BYTES_PER_RECORD: usize = 1024;

pub(crate) fn json(site: &Site<'_>) -> anyhow::Result<OutputFile> {
    let document = Document {
        title: &site.repo.settings.title,
        base_url: &site.options.base_url,
        as_of: site.options.as_of.to_string(),
        audience: if site.options.internal { "internal" } else { "public" },
        count: site.records.len(),
        records: Entries(site),
    };
    let mut text = Vec::with_capacity((site.records.len() + 1) * JSON_BYTES_PER_RECORD);
    serde_json::to_writer_pretty(&mut text, &document)?;
    text.push(b'\n');
    Ok(OutputFile::bytes(urls::CATALOGUE_JSON, text))
}

pub(crate) fn csv(site: &Site<'_>) -> anyhow::Result<OutputFile> {
    let mut out = Vec::with_capacity((site.records.len() + 1) * CSV_BYTES_PER_RECORD);
    out.extend_from_slice("\u{feff}".as_bytes());
    {
        let mut writer =
            csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        writer.write_record([
            "索引号",
            "标题",
            "发布机构",
            "单位",
            "公开类别",
            "公开属性",
            "主题分类",
            "成文日期",
            "发布日期",
            "文号",
            "有效性",
            "网址",
        ])?;
        for e in entries(site) {
            let audience = if e.audience == Audience::Internal.as_str() {
                "对内公开"
            } else {
                "对外公开"
            };
            writer.write_record([
                e.index_no,
                e.title,
                e.unit_name,
                e.unit,
                e.class_name,
                audience,
                e.topic.unwrap_or(""),
                e.written.as_deref().unwrap_or(""),
                e.published.as_deref().unwrap_or(""),
                e.doc_no.unwrap_or(""),
                e.validity_label,
                &e.url,
            ])?;
        }
        writer.flush()?;
    }
    Ok(OutputFile::bytes(urls::CATALOGUE_CSV, out))
}
