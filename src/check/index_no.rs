//! Rules across records: generated 索引号, duplicate 索引号, duplicate slugs.
//!
//! A missing `index_no` is generated as `<unit code>/<year>-<serial>` (SPEC §2), the serial
//! counting the unit's records of that year in order of (`published`, path) and skipping
//! serials already taken by explicit numbers. Withdrawn records keep their number, so
//! withdrawing one does not renumber the rest.
//!
//! Internal (对内公开) records are counted in a sequence of their own, written
//! `<unit code>/<year>-N<serial>`: were they counted with the public ones, the gaps in
//! the public numbers would tell anyone how many internal records a unit keeps.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::Audience;
use crate::diagnostics::{Diagnostic, Problem};
use crate::record::{Record, Status};
use crate::source::SourceMap;
use crate::unit::Unit;

/// Fills in missing index numbers. `records` must be in path order.
pub(crate) fn generate(records: &mut [Record], units: &[Unit], sources: &SourceMap) {
    let mut groups: BTreeMap<(usize, Audience), Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        groups.entry((r.unit, r.audience)).or_default().push(i);
    }
    for ((unit, audience), indices) in groups {
        let Some(code) = &units[unit].code else { continue };
        let prefix = sequence_prefix(audience);
        let mut taken: BTreeSet<(i16, u32)> = BTreeSet::new();
        for &i in &indices {
            if let Some(serial) =
                records[i].index_no.as_deref().and_then(|n| serial_of(n, code, prefix))
            {
                taken.insert(serial);
            }
        }
        let mut pending: Vec<usize> = indices
            .into_iter()
            .filter(|&i| {
                let r = &records[i];
                r.index_no.is_none()
                    && r.published.is_some()
                    && matches!(r.status, Status::Published | Status::Withdrawn)
            })
            .collect();
        pending.sort_by(|&a, &b| {
            (records[a].published, sources.path(records[a].file))
                .cmp(&(records[b].published, sources.path(records[b].file)))
        });
        let mut next: BTreeMap<i16, u32> = BTreeMap::new();
        for i in pending {
            let Some(year) = records[i].published.map(|d| d.year()) else { continue };
            let serial = next.entry(year).or_insert(1);
            while taken.contains(&(year, *serial)) {
                *serial += 1;
            }
            records[i].index_no = Some(format!("{code}/{year}-{prefix}{:05}", *serial));
            records[i].index_no_generated = true;
            *serial += 1;
        }
    }
}

/// What comes before the serial: nothing for public records, `N` (内) for internal ones.
fn sequence_prefix(audience: Audience) -> &'static str {
    match audience {
        Audience::External => "",
        Audience::Internal => "N",
    }
}

/// `(year, serial)` of an index number of the form `<code>/<year>-<prefix><serial>`.
fn serial_of(index_no: &str, code: &str, prefix: &str) -> Option<(i16, u32)> {
    let rest = index_no.strip_prefix(code)?.strip_prefix('/')?;
    let (year, serial) = rest.split_once('-')?;
    let serial = serial.strip_prefix(prefix)?;
    if year.len() != 4 || serial.is_empty() || !serial.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((year.parse().ok()?, serial.parse().ok()?))
}

/// Every record sharing an index number gets a diagnostic naming the others.
pub(crate) fn duplicates(records: &[Record], sources: &SourceMap) -> Vec<Diagnostic> {
    let mut by_number: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        if let Some(n) = &r.index_no {
            by_number.entry(n).or_default().push(r);
        }
    }
    let mut out = Vec::new();
    for (number, group) in by_number.into_iter().filter(|(_, g)| g.len() > 1) {
        for r in &group {
            let others = group
                .iter()
                .filter(|o| o.file != r.file)
                .map(|o| sources.path(o.file).to_owned())
                .collect();
            let problem = Problem::DuplicateIndexNo { index_no: number.to_owned(), others };
            let span = if r.index_no_generated { r.anchor() } else { r.span_of("index_no") };
            out.push(Diagnostic::at(problem, r.file, span));
        }
    }
    out
}

/// `a.md` and `a.toml` in one class folder would be one page.
pub(crate) fn duplicate_slugs(records: &[Record], sources: &SourceMap) -> Vec<Diagnostic> {
    let mut by_place: BTreeMap<(usize, &str, &str, &str), Vec<&Record>> = BTreeMap::new();
    for r in records {
        by_place.entry((r.unit, r.audience.as_str(), &r.class, &r.slug)).or_default().push(r);
    }
    let mut out = Vec::new();
    for group in by_place.values().filter(|g| g.len() > 1) {
        for r in group {
            let Some(other) = group.iter().find(|o| o.file != r.file) else { continue };
            let problem = Problem::DuplicateSlug {
                slug: r.slug.clone(),
                other: sources.path(other.file).to_owned(),
            };
            out.push(Diagnostic::at_start(problem, r.file));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Audience, Catalogues};
    use crate::load::{Format, RecordFile, UnitDir};

    /// Units with these codes (`None`: no code) and records `(unit, path, front matter)`,
    /// read by the real parsers; records must be given in path order.
    fn setup(codes: &[Option<&str>], files: &[(usize, &str, &str)]) -> (Vec<Record>, SourceMap) {
        let mut sources = SourceMap::default();
        let mut diagnostics = Vec::new();
        let units: Vec<Unit> = codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let code = code.map(|c| format!("code = \"{c}\"\n")).unwrap_or_default();
                let text = format!("name = \"u{i}\"\nlevel = \"township\"\n{code}");
                let file = sources.add(format!("units/u{i}/unit.toml"), text);
                let dir = UnitDir { id: format!("u{i}"), file, parent: None };
                crate::unit::parse(&dir, &sources, &Catalogues::default(), true, &mut diagnostics)
            })
            .collect();
        let mut records = Vec::new();
        for (unit, path, front) in files {
            let file = sources.add((*path).to_owned(), format!("+++\ntitle = \"t\"\n{front}+++\n"));
            let slug = path.rsplit('/').next().unwrap_or(path).trim_end_matches(".md").to_owned();
            let rf = RecordFile {
                file,
                unit: *unit,
                audience: if path.contains("internal/") {
                    Audience::Internal
                } else {
                    Audience::External
                },
                class: "notes".to_owned(),
                slug,
                format: Format::Markdown,
            };
            records.extend(crate::record::parse(&rf, &sources, None, &mut diagnostics));
        }
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        generate(&mut records, &units, &sources);
        (records, sources)
    }

    /// `path → index_no` (`-` for none), generated ones marked with `*`.
    fn numbers(records: &[Record], sources: &SourceMap) -> Vec<String> {
        records
            .iter()
            .map(|r| {
                let mark = if r.index_no_generated { "*" } else { "" };
                format!("{} {}{mark}", sources.path(r.file), r.index_no.as_deref().unwrap_or("-"))
            })
            .collect()
    }

    #[test]
    fn serials_follow_published_then_path() {
        let (records, sources) = setup(
            &[Some("321012100")],
            &[
                (0, "a.md", "published = 2026-03-18\n"),
                (0, "b.md", "published = 2026-03-18\n"),
                (0, "c.md", "published = 2026-03-01\n"),
            ],
        );
        assert_eq!(
            numbers(&records, &sources),
            [
                "a.md 321012100/2026-00002*",
                "b.md 321012100/2026-00003*",
                "c.md 321012100/2026-00001*"
            ]
        );
    }

    #[test]
    fn serials_taken_by_explicit_numbers_are_skipped() {
        let (records, sources) = setup(
            &[Some("321012100")],
            &[
                (0, "a.md", "published = 2026-01-05\n"),
                (0, "b.md", "published = 2026-12-01\nindex_no = \"321012100/2026-00002\"\n"),
                (0, "c.md", "published = 2026-01-06\n"),
                // A draft's explicit number is taken too; other forms reserve nothing.
                (0, "d.md", "index_no = \"321012100/2026-00003\"\n"),
                (0, "e.md", "published = 2026-01-07\nindex_no = \"仙政发〔2026〕4号\"\n"),
                (0, "f.md", "published = 2026-01-08\n"),
            ],
        );
        assert_eq!(
            numbers(&records, &sources),
            [
                "a.md 321012100/2026-00001*",
                "b.md 321012100/2026-00002",
                "c.md 321012100/2026-00004*",
                "d.md 321012100/2026-00003",
                "e.md 仙政发〔2026〕4号",
                "f.md 321012100/2026-00005*",
            ]
        );
    }

    #[test]
    fn each_year_counts_from_one() {
        let (records, sources) = setup(
            &[Some("321012100")],
            &[
                (0, "a.md", "published = 2026-01-02\n"),
                (0, "b.md", "published = 2025-12-31\n"),
                (0, "c.md", "published = 2025-03-01\nindex_no = \"321012100/2026-00001\"\n"),
                (0, "d.md", "published = 2025-06-01\n"),
            ],
        );
        // c.md's explicit number is of 2026, whatever its date: it takes 2026's 00001.
        assert_eq!(
            numbers(&records, &sources),
            [
                "a.md 321012100/2026-00002*",
                "b.md 321012100/2025-00002*",
                "c.md 321012100/2026-00001",
                "d.md 321012100/2025-00001*",
            ]
        );
    }

    #[test]
    fn withdrawn_records_keep_their_numbers_drafts_and_reviewed_get_none() {
        let (records, sources) = setup(
            &[Some("321012100")],
            &[
                (0, "a.md", "published = 2026-03-01\nstatus = \"withdrawn\"\n"),
                (0, "b.md", "published = 2026-03-02\nstatus = \"draft\"\n"),
                (0, "c.md", "published = 2026-03-03\nstatus = \"reviewed\"\n"),
                (0, "d.md", "status = \"draft\"\n"),
                (0, "e.md", "published = 2026-03-05\n"),
            ],
        );
        assert_eq!(
            numbers(&records, &sources),
            [
                "a.md 321012100/2026-00001*",
                "b.md -",
                "c.md -",
                "d.md -",
                "e.md 321012100/2026-00002*"
            ]
        );
    }

    #[test]
    fn each_unit_counts_on_its_own_and_a_unit_without_code_gets_none() {
        let (records, sources) = setup(
            &[Some("321012100"), Some("321012101"), None],
            &[
                (0, "u0/a.md", "published = 2026-03-01\n"),
                // Another unit's number does not reserve a serial here.
                (0, "u0/b.md", "published = 2026-03-02\nindex_no = \"321012101/2026-00002\"\n"),
                (0, "u0/c.md", "published = 2026-03-03\n"),
                (1, "u1/a.md", "published = 2026-03-01\n"),
                (2, "u2/a.md", "published = 2026-03-01\n"),
            ],
        );
        assert_eq!(
            numbers(&records, &sources),
            [
                "u0/a.md 321012100/2026-00001*",
                "u0/b.md 321012101/2026-00002",
                "u0/c.md 321012100/2026-00002*",
                "u1/a.md 321012101/2026-00001*",
                "u2/a.md -",
            ]
        );
        // u0/b.md borrows u1's number space, but not its serial: no collision here.
        assert!(duplicates(&records, &sources).is_empty());
    }

    #[test]
    fn serials_are_read_only_from_the_units_own_numbers() {
        assert_eq!(serial_of("321012100/2026-00012", "321012100", ""), Some((2026, 12)));
        assert_eq!(serial_of("321012100/2026-00012", "321012101", ""), None);
        assert_eq!(serial_of("321012100/202603-00012", "321012100", ""), None);
        assert_eq!(serial_of("321012100/2026-", "321012100", ""), None);
        assert_eq!(serial_of("321012100/2026-N00003", "321012100", "N"), Some((2026, 3)));
        assert_eq!(serial_of("321012100/2026-N00003", "321012100", ""), None);
    }

    #[test]
    fn internal_records_have_a_sequence_of_their_own() {
        // Public numbers have no gaps where internal records fall between them.
        let (records, sources) = setup(
            &[Some("321012100")],
            &[
                (0, "external/a.md", "published = 2026-03-01\n"),
                (0, "external/c.md", "published = 2026-03-03\n"),
                (0, "internal/b.md", "published = 2026-03-02\n"),
                (
                    0,
                    "internal/d.md",
                    "published = 2026-03-04\nindex_no = \"321012100/2026-N00001\"\n",
                ),
            ],
        );
        assert_eq!(
            numbers(&records, &sources),
            [
                "external/a.md 321012100/2026-00001*",
                "external/c.md 321012100/2026-00002*",
                "internal/b.md 321012100/2026-N00002*",
                "internal/d.md 321012100/2026-N00001",
            ]
        );
    }
}
