//! The check pipeline shared by every command: load, parse, validate, cross-check.
//!
//! `load` walks and reads the files; settings, catalogues and units are parsed; records
//! and requests are parsed and checked in parallel (rayon, order-preserving collects), then
//! the rules across records run once, sequentially. The result is a [`Checked`]
//! repository with every diagnostic, sorted. Commands decide what to do with it: `check`
//! prints, `build` and `sheets` stop when there are errors.

mod index_no;
pub(crate) mod record_rules;

use std::path::Path;

use rayon::prelude::*;

use crate::catalogue;
use crate::compliance::{self, Coverage};
use crate::config;
use crate::dates::Date;
use crate::diagnostics::{self, Diagnostic, Problem, did_you_mean};
use crate::load::{self, Layout, RecordFile};
use crate::record::{self, Record};
use crate::repo::Repo;
use crate::request;
use crate::source::{FileId, SourceMap};
use crate::unit::{self, Unit};
use crate::workdays;

/// A checked repository and everything found on the way.
#[derive(Debug)]
pub(crate) struct Checked {
    pub(crate) repo: Repo,
    pub(crate) sources: SourceMap,
    /// Sorted by file and position.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// One entry per unit × class.
    pub(crate) coverage: Vec<Coverage>,
    /// The files checked (settings, units, records, requests), for JUnit.
    pub(crate) files: Vec<FileId>,
}

/// Checks the repository at `root` as of `as_of`. Fails only when it cannot run at all
/// (no `gongkai.toml`, a file that cannot be read).
pub(crate) fn check(root: &Path, as_of: Date) -> anyhow::Result<Checked> {
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    let layout =
        crate::timings::phase("check: load", || load::load(root, &mut sources, &mut diagnostics))?;
    let usable = |id: FileId| !layout.unusable.contains(&id);

    let settings = match layout.settings {
        Some(file) if usable(file) => config::parse(file, sources.text(file), &mut diagnostics),
        _ => config::Settings::unreadable(),
    };
    let local: Vec<FileId> = layout.catalogues.iter().copied().filter(|&id| usable(id)).collect();
    let catalogues = catalogue::load(&local, &mut sources, &mut diagnostics)?;
    let calendars: Vec<FileId> =
        layout.calendars.iter().copied().filter(|&id| usable(id)).collect();
    let calendar = workdays::load(&calendars, &sources, &mut diagnostics)?;

    let units: Vec<(Unit, Vec<Diagnostic>)> = layout
        .units
        .par_iter()
        .map(|dir| {
            let mut found = Vec::new();
            let unit = unit::parse(dir, &sources, &catalogues, usable(dir.file), &mut found);
            (unit, found)
        })
        .collect();
    let units: Vec<Unit> = units
        .into_iter()
        .map(|(unit, found)| {
            diagnostics.extend(found);
            unit
        })
        .collect();

    let parsed: Vec<(Option<Record>, Vec<Diagnostic>)> =
        crate::timings::phase("check: records", || {
            layout
                .records
                .par_iter()
                .map(|rf| {
                    parse_and_check_record(rf, &units, &catalogues, &sources, usable(rf.file))
                })
                .collect()
        });
    let mut records = Vec::with_capacity(parsed.len());
    for (record, found) in parsed {
        diagnostics.extend(found);
        records.extend(record);
    }
    let requests = parse_requests(&layout, &sources, &mut diagnostics);

    index_no::generate(&mut records, &units, &sources);
    diagnostics.extend(index_no::duplicates(&records, &sources));
    diagnostics.extend(index_no::duplicate_slugs(&records, &sources));

    let files = checked_files(&layout);
    let repo = Repo::new(
        root.to_path_buf(),
        settings,
        catalogues,
        units,
        records,
        requests,
        layout.attachments,
    )
    .with_calendar(calendar);
    let coverage = crate::timings::phase("check: compliance", || {
        compliance::check(&repo, as_of, &sources, &mut diagnostics)
    });
    diagnostics::sort(&mut diagnostics, &sources);
    Ok(Checked { repo, sources, diagnostics, coverage, files })
}

/// Parses one record and runs the rules of a record on its own.
fn parse_and_check_record(
    rf: &RecordFile,
    units: &[Unit],
    catalogues: &catalogue::Catalogues,
    sources: &SourceMap,
    usable: bool,
) -> (Option<Record>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    if !usable {
        return (None, found);
    }
    let unit = &units[rf.unit];
    let classes: Vec<&catalogue::Class> = unit
        .catalogues
        .iter()
        .filter_map(|id| catalogues.get(id))
        .flat_map(|c| c.classes.iter())
        .collect();
    let class = classes.iter().copied().find(|c| c.audience == rf.audience && c.id == rf.class);
    // A class its catalogue file defines but got wrong is reported there, not here.
    let broken = || {
        unit.catalogues
            .iter()
            .filter_map(|id| catalogues.get(id))
            .any(|c| c.broken_classes.contains(&rf.class))
    };
    if class.is_none() && unit.catalogues_known && !broken() {
        let same_audience: Vec<&str> =
            classes.iter().filter(|c| c.audience == rf.audience).map(|c| c.id.as_str()).collect();
        // Full keys (`external/notes`) throughout.
        let audience = rf.audience.as_str();
        let problem = Problem::UnknownClass {
            class: format!("{audience}/{}", rf.class),
            suggestion: did_you_mean(&rf.class, same_audience.iter().copied())
                .map(|s| format!("{audience}/{s}")),
            known: same_audience.iter().map(|c| format!("{audience}/{c}")).collect(),
        };
        found.push(Diagnostic::at_start(problem, rf.file));
    }
    let record = record::parse(rf, sources, class, &mut found);
    if let Some(record) = &record {
        found.extend(record_rules::check(record, sources));
    }
    (record, found)
}

fn parse_requests(
    layout: &Layout,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<request::Request> {
    let mut requests = Vec::new();
    for rf in &layout.requests {
        if layout.unusable.contains(&rf.file) {
            continue;
        }
        requests.extend(request::parse(rf, sources, diagnostics));
    }
    requests
}

fn checked_files(layout: &Layout) -> Vec<FileId> {
    let mut files: Vec<FileId> = layout.settings.into_iter().collect();
    files.extend(layout.catalogues.iter().copied());
    files.extend(layout.calendars.iter().copied());
    files.extend(layout.units.iter().map(|u| u.file));
    files.extend(layout.records.iter().map(|r| r.file));
    files.extend(layout.requests.iter().map(|r| r.file));
    files
}
