//! Which sheets to print, and what is on them: checked repository → [`Board`]s (no I/O).
//!
//! This module owns the choice of units (every unit with a noticeboard, or `--unit`),
//! the window (`--window`, else the current refresh window, else the next), and for each
//! unit an external board (every external class of its catalogues, with the records
//! current on `--as-of`, newest first) and, when its catalogues have internal classes, an
//! internal one (对内公开). A class without a current record keeps its heading, so nothing
//! is silently missing from a board. Every string is preformatted here (dates in Chinese,
//! amounts via `figures.rs`), and where each came from is kept in [`Origins`] so a glyph
//! that no font has can be reported at its file and line.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::catalogue::{Audience, Class};
use crate::dates::{self, Date, Span};
use crate::diagnostics::did_you_mean;
use crate::markdown;
use crate::record::Record;
use crate::repo::Repo;
use crate::source::{FileId, SourceMap};
use crate::unit::Unit;
use crate::urls;

use super::data::{self, Board};
use super::figures;

/// Characters of a body shown as a record's summary when it has no `summary`.
const SUMMARY_CHARS: usize = 100;

/// What the command line asked for.
#[derive(Clone, Debug)]
pub(crate) struct Selection<'a> {
    /// Unit ids; empty for every unit with a noticeboard.
    pub(crate) units: &'a [String],
    /// `YYYY-MM`; `None` for the current window, else the next one.
    pub(crate) window: Option<&'a str>,
    pub(crate) as_of: Date,
}

/// Why a selection cannot be printed: a usage error (exit 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SelectError {
    UnknownUnit { id: String, suggestion: Option<String> },
    UnknownWindow { id: String, known: Vec<String> },
    NoWindows,
}

impl SelectError {
    /// The message and, where useful, a hint.
    pub(crate) fn message(&self, lang: crate::i18n::Lang) -> String {
        let zh = lang == crate::i18n::Lang::Zh;
        match self {
            SelectError::UnknownUnit { id, suggestion } => {
                let mut text = if zh {
                    format!("没有单位 `{id}`(单位编号是 `units/` 下的路径)")
                } else {
                    format!("no unit `{id}` (a unit id is its path under `units/`)")
                };
                if let Some(s) = suggestion {
                    text += &if zh {
                        format!("\n提示:是不是 `{s}`?")
                    } else {
                        format!("\nhint: did you mean `{s}`?")
                    };
                }
                text
            }
            SelectError::UnknownWindow { id, known } => {
                let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                if zh {
                    format!("`{id}` 不是配置的统一刷新期(`gongkai.toml` 的 `[refresh] windows`)\n提示:可选:{list}")
                } else {
                    format!(
                        "`{id}` is not a configured refresh window (`[refresh] windows` in `gongkai.toml`)\nhint: windows near it: {list}"
                    )
                }
            }
            SelectError::NoWindows => lang
                .pick(
                    "`gongkai.toml` 没有配置统一刷新期(`[refresh] windows` 为空)",
                    "no refresh windows are configured (`[refresh] windows` in `gongkai.toml` is empty)",
                )
                .to_owned(),
        }
    }
}

/// The units and window to print.
#[derive(Clone, Debug)]
pub(crate) struct Chosen {
    /// Unit indices, in repository order.
    pub(crate) units: Vec<usize>,
    pub(crate) window: Span,
    pub(crate) next: Span,
}

/// Resolves the selection against the repository.
pub(crate) fn choose(repo: &Repo, selection: &Selection<'_>) -> Result<Chosen, SelectError> {
    let windows = &repo.settings.windows;
    if windows.is_empty() {
        return Err(SelectError::NoWindows);
    }
    let window = match selection.window {
        Some(id) => windows.by_id(id).ok_or_else(|| {
            let year =
                id.get(..4).and_then(|y| y.parse::<i16>().ok()).unwrap_or(selection.as_of.year());
            let known = windows.spans(year, year).iter().map(Span::id).collect();
            SelectError::UnknownWindow { id: id.to_owned(), known }
        })?,
        None => windows.current_or_next(selection.as_of).ok_or(SelectError::NoWindows)?,
    };
    let next = windows.next(window.end).ok_or(SelectError::NoWindows)?;
    let units = if selection.units.is_empty() {
        (0..repo.units.len()).filter(|&u| repo.units[u].board.is_some()).collect()
    } else {
        let mut chosen = Vec::new();
        for id in selection.units {
            let id = id.trim_matches('/');
            let Some(u) = repo.units.iter().position(|unit| unit.id == id) else {
                let suggestion = did_you_mean(id, repo.units.iter().map(|u| u.id.as_str()));
                return Err(SelectError::UnknownUnit { id: id.to_owned(), suggestion });
            };
            chosen.push(u);
        }
        chosen.sort_unstable();
        chosen.dedup();
        chosen
    };
    Ok(Chosen { units, window, next })
}

/// Where a string of a board came from: its file, the span of its value, the key.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Origin {
    pub(crate) file: FileId,
    pub(crate) span: Range<usize>,
    pub(crate) field: String,
}

/// Origins by JSON pointer into the board (`/classes/2/records/0/title`). A pointer
/// without an entry belongs to its longest registered prefix.
#[derive(Clone, Debug, Default)]
pub(crate) struct Origins(BTreeMap<String, Origin>);

impl Origins {
    fn add(&mut self, pointer: String, file: FileId, span: Range<usize>, field: &str) {
        self.0.insert(pointer, Origin { file, span, field: field.to_owned() });
    }

    /// The origin of the string at `pointer`, or of the nearest enclosing part.
    pub(crate) fn find(&self, pointer: &str) -> Option<&Origin> {
        let mut p = pointer;
        loop {
            if let Some(o) = self.0.get(p) {
                return Some(o);
            }
            p = &p[..p.rfind('/')?];
        }
    }
}

/// One sheet to print.
#[derive(Clone, Debug)]
pub(crate) struct Job {
    pub(crate) unit: usize,
    pub(crate) audience: Audience,
    pub(crate) board: Board,
    pub(crate) origins: Origins,
}

impl Job {
    /// `<unit>/<window>/<audience>`: the sheet's path without extension, and its PDF id.
    pub(crate) fn stem(&self, repo: &Repo) -> String {
        let unit = &repo.units[self.unit].id;
        format!("{unit}/{}/{}", self.board.window.code, self.audience.as_str())
    }
}

/// The boards of the chosen units: external first, then internal, unit by unit.
pub(crate) fn jobs(repo: &Repo, sources: &SourceMap, chosen: &Chosen, as_of: Date) -> Vec<Job> {
    let mut jobs = Vec::new();
    for &u in &chosen.units {
        for audience in [Audience::External, Audience::Internal] {
            let classes: Vec<&Class> =
                repo.unit_classes(&repo.units[u]).filter(|c| c.audience == audience).collect();
            if audience == Audience::Internal && classes.is_empty() {
                continue;
            }
            jobs.push(board(repo, sources, u, audience, &classes, chosen, as_of));
        }
    }
    jobs
}

fn board(
    repo: &Repo,
    sources: &SourceMap,
    u: usize,
    audience: Audience,
    classes: &[&Class],
    chosen: &Chosen,
    as_of: Date,
) -> Job {
    let unit = &repo.units[u];
    let mut origins = Origins::default();
    let unit_data = unit_data(unit, &mut origins);
    let mut on_sheet: Vec<&Record> = Vec::new();
    let mut out_classes = Vec::new();
    for (c, class) in classes.iter().enumerate() {
        let mut records: Vec<&Record> =
            repo.class_records(u, audience, &class.id).filter(|r| r.is_current(as_of)).collect();
        // Newest first; `class_records` is in path order, which breaks ties stably.
        records.sort_by_key(|r| std::cmp::Reverse(r.published));
        on_sheet.extend(records.iter().copied());
        let records = records
            .iter()
            .enumerate()
            .map(|(r, record)| {
                let at = format!("/classes/{c}/records/{r}");
                record_data(repo, sources, unit, class, record, &at, &mut origins)
            })
            .collect();
        out_classes.push(data::Class { id: class.id.clone(), name: class.name.clone(), records });
    }
    let reviewed = review(&on_sheet, &mut origins);
    let board = Board {
        unit: unit_data,
        board_title: board_title(unit).to_owned(),
        audience: match audience {
            Audience::External => data::Audience::External,
            Audience::Internal => data::Audience::Internal,
        },
        window: window(chosen.window),
        next_window: window(chosen.next),
        reviewed,
        classes: out_classes,
        generated_for: chosen.window.id(),
    };
    Job { unit: u, audience, board, origins }
}

/// 村务公开栏 for a village, 政务公开栏 otherwise.
fn board_title(unit: &Unit) -> &'static str {
    if unit.is_village() { "村务公开栏" } else { "政务公开栏" }
}

fn unit_data(unit: &Unit, origins: &mut Origins) -> data::Unit {
    // Anything of the board without an origin of its own (a class name from a catalogue)
    // is reported at the unit.
    origins.add(String::new(), unit.file, unit.anchor(), "name");
    for key in ["name", "phone", "board", "mailbox"] {
        if let Some(span) = unit.fields.span(key) {
            origins.add(format!("/unit/{key}"), unit.file, span, key);
        }
    }
    data::Unit {
        id: unit.id.clone(),
        name: unit.name.clone(),
        level: unit.level.map(|l| l.as_str()).unwrap_or_default().to_owned(),
        phone: unit.phone.clone().unwrap_or_default(),
        board: unit.board.clone().unwrap_or_default(),
        mailbox: unit.mailbox.clone().unwrap_or_default(),
    }
}

fn record_data(
    repo: &Repo,
    sources: &SourceMap,
    unit: &Unit,
    class: &Class,
    record: &Record,
    at: &str,
    origins: &mut Origins,
) -> data::Record {
    let file = record.file;
    origins.add(at.to_owned(), file, record.anchor(), "");
    for key in ["title", "index_no", "doc_no", "reviewed_by"] {
        if let Some(span) = record.fields.span(key) {
            origins.add(format!("{at}/{key}"), file, span, key);
        }
    }
    let summary = match &record.summary {
        Some(s) if !s.trim().is_empty() => {
            origins.add(format!("{at}/summary"), file, record.span_of("summary"), "summary");
            s.trim().to_owned()
        }
        _ => {
            let body = record.body_text(sources);
            let span = record.body_offset..record.body_offset + body.len();
            origins.add(format!("{at}/summary"), file, span, "body");
            markdown::excerpt(&markdown::plain_text(body), SUMMARY_CHARS)
        }
    };
    let figures = figures::key_figures(class, record)
        .into_iter()
        .enumerate()
        .map(|(i, sourced)| {
            origins.add(format!("{at}/figures/{i}"), file, sourced.span, &sourced.field);
            sourced.figure
        })
        .collect();
    // The public site has no pages for internal records, so they get no QR code.
    let url = (record.audience == Audience::External).then(|| {
        let path = urls::record(&unit.id, record.audience, &class.id, &record.slug);
        urls::absolute(&repo.settings.base_url, &path)
    });
    data::Record {
        title: record.title.clone(),
        date: record.published.map(dates::chinese).unwrap_or_default(),
        summary,
        figures,
        url,
        index_no: record.index_no.clone().unwrap_or_default(),
        doc_no: record.doc_no.clone(),
        reviewed_by: record.reviewed_by.clone().unwrap_or_default(),
        reviewed_on: record.reviewed_on.map(dates::chinese).unwrap_or_default(),
    }
}

/// The sheet's 审核: the most recent review among its records (the latest `reviewed_on`;
/// on the same day, the record printed first).
fn review(records: &[&Record], origins: &mut Origins) -> data::Review {
    let latest = records
        .iter()
        .filter(|r| r.reviewed_by.is_some())
        .max_by(|a, b| a.reviewed_on.cmp(&b.reviewed_on).then(b.file.cmp(&a.file)));
    match latest {
        Some(r) => {
            if let Some(span) = r.fields.span("reviewed_by") {
                origins.add("/reviewed/by".to_owned(), r.file, span, "reviewed_by");
            }
            data::Review {
                by: r.reviewed_by.clone().unwrap_or_default(),
                on: r.reviewed_on.map(dates::chinese).unwrap_or_default(),
            }
        }
        None => data::Review { by: String::new(), on: String::new() },
    }
}

fn window(span: Span) -> data::Window {
    data::Window {
        code: span.id(),
        start: dates::chinese(span.start),
        end: dates::chinese(span.end),
        label: span.chinese(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_fall_back_to_the_enclosing_part() {
        let mut origins = Origins::default();
        let file = FileId(0);
        origins.add(String::new(), file, 0..0, "name");
        origins.add("/classes/0/records/1".into(), file, 5..5, "");
        origins.add("/classes/0/records/1/title".into(), file, 10..20, "title");
        assert_eq!(
            origins.find("/classes/0/records/1/title").map(|o| o.span.clone()),
            Some(10..20)
        );
        assert_eq!(origins.find("/classes/0/records/1/date").map(|o| o.span.clone()), Some(5..5));
        assert_eq!(origins.find("/classes/3/name").map(|o| o.field.as_str()), Some("name"));
    }
}
