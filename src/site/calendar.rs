//! `calendar.ics` (RFC 5545): the unified refresh windows of the coming year, as
//! all-day events a clerk can add to a calendar. Lines end in CRLF and are folded at
//! 75 octets (never inside a UTF-8 character); UIDs and DTSTAMP come from the data and
//! `--as-of`, so the file is the same on every run.

use super::model::Site;
use crate::dates::{self, Date};
use crate::urls;
use crate::write::OutputFile;

pub(crate) fn file(site: &Site<'_>) -> OutputFile {
    let as_of = site.options.as_of;
    let until = dates::add_days(as_of, 366);
    let windows = &site.repo.settings.windows;
    let spans: Vec<_> = windows
        .spans(as_of.year(), as_of.year().saturating_add(1))
        .into_iter()
        .filter(|s| s.end >= as_of && s.start < until)
        .collect();
    let host = host(&site.options.base_url);
    let title = &site.repo.settings.title;
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//gongkai//refresh windows//ZH".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", text(&format!("{title}：公开栏统一刷新时段"))),
    ];
    for span in spans {
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:refresh-{}@{host}", span.start),
            format!("DTSTAMP:{}T000000Z", compact(as_of)),
            format!("DTSTART;VALUE=DATE:{}", compact(span.start)),
            // DTEND of an all-day event is the day after the last one.
            format!("DTEND;VALUE=DATE:{}", compact(dates::add_days(span.end, 1))),
            format!("SUMMARY:{}", text(&format!("政务公开栏统一刷新（{}）", span.chinese()))),
            format!(
                "DESCRIPTION:{}",
                text(&format!(
                    "{}—{}为公开栏统一刷新时段：各单位在此期间更新定期公开的栏目，并在网站同步发布。详见 {}",
                    span.start,
                    span.end,
                    urls::absolute(&site.options.base_url, urls::COMPLIANCE)
                ))
            ),
            "TRANSP:TRANSPARENT".to_owned(),
            "END:VEVENT".to_owned(),
        ]);
    }
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
    }
    OutputFile::text(urls::CALENDAR, out)
}

/// `20260315`.
fn compact(day: Date) -> String {
    format!("{:04}{:02}{:02}", day.year(), day.month(), day.day())
}

/// The host of `base_url`, for UIDs (`gongkai.invalid` when there is none).
fn host(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or("", |(_, r)| r);
    let host = rest.split(['/', ':']).next().unwrap_or("");
    if host.is_empty() { "gongkai.invalid".to_owned() } else { host.to_owned() }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets and ended with CRLF (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        // The first line holds 75 octets; continuation lines start with a space.
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let line = format!("SUMMARY:{}", "仙".repeat(40));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{} octets: {part}", part.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{line}\r\n"));
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(host("https://gk.example.gov.cn/x/"), "gk.example.gov.cn");
        assert_eq!(host("/"), "gongkai.invalid");
    }
}
