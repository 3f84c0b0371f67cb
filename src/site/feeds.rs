//! Atom feeds (RFC 4287) of the newest records: one for the site (`feed.xml`) and one
//! per unit, covering the unit and the units below it (`<unit>/feed.xml`). Times are
//! the record's days at midnight, China time, so feeds only change when the data does.

use std::collections::HashMap;

use rayon::prelude::*;

use super::model::Site;
use crate::catalogue::Audience;
use crate::dates::Date;
use crate::urls;
use crate::write::OutputFile;

/// Entries per feed.
const ENTRIES: usize = 50;

/// Escapes text for XML content and attribute values.
pub(crate) fn xml_escape(text: &str) -> String {
    // Most text (titles, names, summaries) has nothing to escape.
    let plain = |b: &u8| {
        *b >= 0x20 && !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
            || matches!(b, b'\t' | b'\n' | b'\r')
    };
    if text.as_bytes().iter().all(plain) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// `2026-03-18T00:00:00+08:00`.
fn timestamp(day: Date) -> String {
    format!("{day}T00:00:00+08:00")
}

/// The site's feed and one per unit.
pub(crate) fn all(site: &Site<'_>) -> Vec<OutputFile> {
    let title = &site.repo.settings.title;
    let mut feeds = vec![(
        urls::FEED.to_owned(),
        format!("{title}：最新公开"),
        urls::HOME.to_owned(),
        &site.newest,
    )];
    for (u, unit) in site.repo.units.iter().enumerate() {
        let name = format!("{}：最新公开", unit.name);
        feeds.push((urls::unit_feed(&unit.id), name, urls::unit(&unit.id), &site.subtree[u]));
    }
    // A record's entry is the same in every feed it is in (its unit's, each enclosing
    // unit's, the site's), so each is written once, not once a feed (#7).
    let mut shown: Vec<usize> =
        feeds.iter().flat_map(|f| f.3.iter().take(ENTRIES)).copied().collect();
    shown.sort_unstable();
    shown.dedup();
    let entries: HashMap<usize, String> = shown.par_iter().map(|&i| (i, entry(site, i))).collect();
    feeds
        .iter()
        .map(|(path, title, page, newest)| feed(site, path, title, page, newest, &entries))
        .collect()
}

fn feed(
    site: &Site<'_>,
    path: &str,
    title: &str,
    page: &str,
    newest: &[usize],
    entries: &HashMap<usize, String>,
) -> OutputFile {
    let base = &site.options.base_url;
    let shown: Vec<usize> = newest.iter().copied().take(ENTRIES).collect();
    let updated = shown
        .iter()
        .filter_map(|&i| site.record(i).last_posted(site.options.as_of))
        .max()
        .unwrap_or(site.options.as_of);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    xml.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    xml.push_str(&format!("  <id>{}</id>\n", xml_escape(&urls::absolute(base, path))));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&urls::absolute(base, path))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&urls::absolute(base, page))
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", timestamp(updated)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&site.repo.settings.title)
    ));
    xml.push_str("  <generator>gongkai</generator>\n");
    for entry in shown.iter().filter_map(|i| entries.get(i)) {
        xml.push_str(entry);
    }
    xml.push_str("</feed>\n");
    OutputFile::text(path, xml)
}

fn entry(site: &Site<'_>, i: usize) -> String {
    let r = site.record(i);
    let url = urls::absolute(&site.options.base_url, site.record_path(i));
    let published = r.published.unwrap_or(site.options.as_of);
    let updated = r.last_posted(site.options.as_of).unwrap_or(published);
    let marker = if r.audience == Audience::Internal { "【对内公开】" } else { "" };
    let validity = site.validity(i);
    let note = if validity == super::model::Validity::Valid {
        String::new()
    } else {
        format!("（{}）", validity.label())
    };
    let class_name = site.class_of(i).map_or(r.class.as_str(), |c| c.name.as_str());
    let mut xml = String::from("  <entry>\n");
    xml.push_str(&format!(
        "    <title>{}</title>\n",
        xml_escape(&format!("{marker}{}{note}", r.title))
    ));
    xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
    xml.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&url)
    ));
    xml.push_str(&format!("    <published>{}</published>\n", timestamp(published)));
    xml.push_str(&format!("    <updated>{}</updated>\n", timestamp(updated)));
    xml.push_str(&format!(
        "    <author><name>{}</name></author>\n",
        xml_escape(&site.unit(r.unit).name)
    ));
    xml.push_str(&format!(
        "    <category term=\"{}\" label=\"{}\"/>\n",
        xml_escape(&r.class_key()),
        xml_escape(class_name)
    ));
    let summary = site.summary(i);
    if !summary.is_empty() {
        xml.push_str(&format!("    <summary type=\"text\">{}</summary>\n", xml_escape(summary)));
    }
    xml.push_str("  </entry>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_control_characters() {
        assert_eq!(xml_escape("a<b>&\"c\"'\u{1}"), "a&lt;b&gt;&amp;&quot;c&quot;&apos;");
        assert_eq!(xml_escape("政务\t公开\r\n"), "政务\t公开\r\n");
        assert_eq!(xml_escape("公开\u{1f}"), "公开");
    }
}
