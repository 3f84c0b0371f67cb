//! The holiday calendar as data: the built-in `catalogues/calendar/*.toml`, compiled in,
//! and the repository's own `catalogues/calendar/*.toml`, whose years replace the
//! built-in ones (a newly announced year, a corrected one).
//!
//! A file holds `[[years]]` entries (see `catalogues/calendar/cn-holidays.toml` for the
//! format). Every problem in a repository's file is a `calendar-invalid` diagnostic at its
//! value; a problem in a built-in file is a bug in gongkai and stops the run.

use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::bail;

use super::{Holiday, WorkCalendar, Year};
use crate::dates::Date;
use crate::diagnostics::{Diagnostic, Problem};
use crate::i18n::Message;
use crate::schema::{FieldSpec, FieldType, Fields, Validator, Value};
use crate::source::{FileId, SourceMap};
use crate::toml_tree::{self, Kind};

/// `(file name, TOML text)` of every built-in calendar file.
const BUILTIN: &[(&str, &str)] =
    &[("cn-holidays.toml", include_str!("../../catalogues/calendar/cn-holidays.toml"))];

fn specs() -> Vec<FieldSpec> {
    let holiday = vec![
        FieldSpec::new("name", "节日", FieldType::string()).required(),
        FieldSpec::new("from", "放假首日", FieldType::Date).required(),
        FieldSpec::new("to", "放假末日", FieldType::Date),
        FieldSpec::new("workdays", "调休上班日", FieldType::List(Box::new(FieldType::Date))),
    ];
    let year = vec![
        FieldSpec::new("year", "年份", FieldType::Integer).required(),
        FieldSpec::new("source", "依据", FieldType::string()).required(),
        FieldSpec::new("issued", "发布日期", FieldType::Date),
        FieldSpec::new("holidays", "节假日", FieldType::Table(holiday)).required(),
    ];
    vec![FieldSpec::new("years", "年度安排", FieldType::Table(year)).required()]
}

/// The built-in calendar plus the repository's files (already read, in path order).
pub(crate) fn load(
    local: &[FileId],
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<WorkCalendar> {
    let mut years = builtin_years()?;
    // Where each year was first written in the repository, to report a second one.
    let mut seen: BTreeMap<i16, (FileId, Range<usize>)> = BTreeMap::new();
    for &file in local {
        for (year, span) in parse(file, sources.text(file), diagnostics) {
            if let Some((first, _)) = seen.get(&year.year) {
                let path = sources.path(*first);
                let detail = Message::new(
                    format!("{} 年重复(首次写在 {path})", year.year),
                    format!("{} is written twice (first in {path})", year.year),
                );
                diagnostics.push(Diagnostic::at(Problem::CalendarInvalid { detail }, file, span));
                continue;
            }
            seen.insert(year.year, (file, span));
            years.retain(|y| y.year != year.year);
            years.push(year);
        }
    }
    Ok(WorkCalendar::new(years))
}

/// The years of the built-in files.
pub(super) fn builtin_years() -> anyhow::Result<Vec<Year>> {
    let mut sources = SourceMap::default();
    let mut years = Vec::new();
    for (name, text) in BUILTIN {
        let mut found = Vec::new();
        let file = sources.add(format!("(built-in)/catalogues/calendar/{name}"), (*text).into());
        years.extend(parse(file, text, &mut found).into_iter().map(|(y, _)| y));
        if let Some(first) = found.first() {
            let detail = first.problem.message(crate::i18n::Lang::En);
            bail!("built-in calendar {name} is invalid: {detail}");
        }
    }
    Ok(years)
}

/// The usable years of one file, each with the span of its `year` value.
fn parse(file: FileId, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<(Year, Range<usize>)> {
    let (text, base) = crate::unit::strip_bom(text);
    let root = match toml_tree::parse(text, base) {
        Ok(root) => root,
        Err(errors) => {
            for e in errors {
                let problem = Problem::TomlSyntax { detail: e.message };
                diagnostics.push(Diagnostic::at(problem, file, e.span));
            }
            return Vec::new();
        }
    };
    let Kind::Table(table) = &root.kind else { return Vec::new() };
    let fields = Validator { file, diagnostics }.table(
        table,
        root.span.clone(),
        &specs(),
        "",
        0..0,
        &|_| false,
    );
    let mut out: Vec<(Year, Range<usize>)> = Vec::new();
    for row in fields.rows("years") {
        let mut report = |detail: Message, span: Range<usize>| {
            diagnostics.push(Diagnostic::at(Problem::CalendarInvalid { detail }, file, span));
        };
        if let Some(year) = year_of(row, &mut report) {
            if out.iter().any(|(y, _)| y.year == year.year) {
                let span = row.span("year").unwrap_or(row.span.clone());
                let (zh, en) = (
                    format!("{} 年在本文件中重复", year.year),
                    format!("{} is written twice in this file", year.year),
                );
                report(Message::new(zh, en), span);
                continue;
            }
            out.push((year, row.span("year").unwrap_or(row.span.clone())));
        }
    }
    out
}

/// One `[[years]]` entry, checked; `None` when its `year` or `source` is unusable.
fn year_of(row: &Fields, report: &mut dyn FnMut(Message, Range<usize>)) -> Option<Year> {
    let written = row.int("year")?;
    let year_span = row.span("year").unwrap_or(row.span.clone());
    let Some(year) = i16::try_from(written).ok().filter(|y| (1..=9999).contains(y)) else {
        report(
            Message::new(format!("`{written}` 不是年份"), format!("`{written}` is not a year")),
            year_span,
        );
        return None;
    };
    let source = row.str("source")?;
    let mut holidays = Vec::new();
    for h in row.rows("holidays") {
        if let Some(holiday) = holiday_of(h, year, report) {
            holidays.push((holiday, h.span.clone()));
        }
    }
    check_overlaps(&holidays, report);
    Some(Year {
        year,
        source,
        issued: row.date("issued"),
        holidays: holidays.into_iter().map(|(h, _)| h).collect(),
    })
}

fn holiday_of(
    row: &Fields,
    year: i16,
    report: &mut dyn FnMut(Message, Range<usize>),
) -> Option<Holiday> {
    let (name, from) = (row.str("name")?, row.date("from")?);
    let span = |key: &str| row.span(key).unwrap_or(row.span.clone());
    // A notice may reach back into late December (a New Year bridged with the weekend).
    let in_notice = |d: Date| d.year() == year || (d.year() == year - 1 && d.month() == 12);
    let mut ok = true;
    let to = row.date("to").unwrap_or(from);
    let written_to = row.date("to");
    for (key, day) in [("from", Some(from)), ("to", written_to)] {
        let Some(day) = day else { continue };
        if !in_notice(day) {
            report(
                Message::new(
                    format!("`{key}` {day} 不在 {year} 年"),
                    format!("`{key}` {day} is not in {year}"),
                ),
                span(key),
            );
            ok = false;
        }
    }
    if to < from {
        report(
            Message::new(
                format!("`to` {to} 早于 `from` {from}"),
                format!("`to` {to} is before `from` {from}"),
            ),
            span("to"),
        );
        ok = false;
    }
    let mut workdays = Vec::new();
    if let Some(Value::List(items)) = row.get("workdays").map(|v| &v.value) {
        for item in items {
            let Value::Date(day) = item.value else { continue };
            let problem = if !in_notice(day) {
                Some(Message::new(
                    format!("调休上班日 {day} 不在 {year} 年"),
                    format!("make-up working day {day} is not in {year}"),
                ))
            } else if super::is_weekday(day) {
                Some(Message::new(
                    format!("调休上班日 {day} 不是周六或周日"),
                    format!("make-up working day {day} is not a Saturday or Sunday"),
                ))
            } else if from <= day && day <= to {
                Some(Message::new(
                    format!("调休上班日 {day} 在本假期 {from}..{to} 之内"),
                    format!("make-up working day {day} is inside the holiday {from}..{to}"),
                ))
            } else {
                None
            };
            match problem {
                Some(detail) => report(detail, item.span.clone()),
                None => workdays.push(day),
            }
        }
    }
    ok.then_some(Holiday { name, from, to, workdays })
}

/// Two holidays of a year must not share a day, and no make-up day may be another
/// holiday's day off.
fn check_overlaps(
    holidays: &[(Holiday, Range<usize>)],
    report: &mut dyn FnMut(Message, Range<usize>),
) {
    for (i, (a, _)) in holidays.iter().enumerate() {
        for (b, span) in &holidays[i + 1..] {
            if a.from <= b.to && b.from <= a.to {
                let zh = format!("“{}”与“{}”的放假日期重叠", b.name, a.name);
                report(
                    Message::new(zh, format!("`{}` overlaps `{}`", b.name, a.name)),
                    span.clone(),
                );
            }
        }
    }
    for (a, span) in holidays {
        for (b, _) in holidays {
            if let Some(day) = a.workdays.iter().find(|d| b.from <= **d && **d <= b.to) {
                let zh = format!("调休上班日 {day} 是“{}”的放假日", b.name);
                let en = format!("make-up working day {day} is a day off of `{}`", b.name);
                report(Message::new(zh, en), span.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Year>, Vec<String>) {
        let mut sources = SourceMap::default();
        let file = sources.add("catalogues/calendar/local.toml".into(), text.into());
        let mut diagnostics = Vec::new();
        let years = parse(file, text, &mut diagnostics).into_iter().map(|(y, _)| y).collect();
        let found = diagnostics
            .iter()
            .map(|d| {
                let (l, c) = sources.get(file).position(d.span.clone().unwrap_or(0..0).start);
                format!("{}@{l}:{c} {}", d.code(), d.problem.message(crate::i18n::Lang::En))
            })
            .collect();
        (years, found)
    }

    #[test]
    fn the_builtin_calendar_is_valid_and_covers_2024_to_2026() {
        let years = builtin_years().unwrap_or_else(|e| panic!("{e}"));
        let covered: Vec<i16> = years.iter().map(|y| y.year).collect();
        assert_eq!(covered, [2024, 2025, 2026]);
        assert!(years.iter().all(|y| y.source.contains("国办发明电")));
    }

    #[test]
    fn the_table_lists_every_file_of_the_calendar_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogues/calendar");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let listed: Vec<String> = BUILTIN.iter().map(|(n, _)| (*n).to_owned()).collect();
        assert_eq!(listed, on_disk);
    }

    #[test]
    fn faults_are_reported_at_their_values() {
        let (years, found) = read(
            "[[years]]\nyear = 2027\nsource = \"x\"\nholidays = [\n  { name = \"春节\", from = 2027-02-06, to = 2027-02-04 },\n  { name = \"a\", from = 2028-01-01 },\n  { name = \"b\", from = 2027-05-01, workdays = [2027-05-06, 2027-05-08, 2027-05-01] },\n]\n",
        );
        assert_eq!(
            found,
            [
                "calendar-invalid@5:42 invalid holiday calendar (`to` 2027-02-04 is before `from` 2027-02-06)",
                "calendar-invalid@6:24 invalid holiday calendar (`from` 2028-01-01 is not in 2027)",
                "calendar-invalid@7:48 invalid holiday calendar (make-up working day 2027-05-06 is not a Saturday or Sunday)",
                "calendar-invalid@7:72 invalid holiday calendar (make-up working day 2027-05-01 is inside the holiday 2027-05-01..2027-05-01)",
            ],
            "{found:#?}"
        );
        // The usable holiday is kept; 2027-05-08 (a Saturday) is its make-up day.
        assert_eq!(years.len(), 1);
        assert_eq!(years[0].holidays.len(), 1);
    }

    #[test]
    fn a_year_twice_and_overlaps_are_reported() {
        let (_, found) = read(
            "[[years]]\nyear = 2027\nsource = \"x\"\nholidays = [{ name = \"a\", from = 2027-01-01, to = 2027-01-03 }, { name = \"b\", from = 2027-01-03 }]\n[[years]]\nyear = 2027\nsource = \"y\"\nholidays = []\n",
        );
        let codes: Vec<&str> = found.iter().map(|f| f.split(' ').next().unwrap_or("")).collect();
        assert_eq!(codes, ["calendar-invalid@4:65", "calendar-invalid@6:8"], "{found:#?}");
    }
}
