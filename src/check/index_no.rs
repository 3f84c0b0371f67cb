//! Rules across records: generated 索引号, duplicate 索引号, duplicate slugs.
//!
//! A missing `index_no` is generated as `<unit code>/<year>-<serial>` (SPEC §2), the serial
//! counting the unit's records of that year in order of (`published`, path) and skipping
//! serials already taken by explicit numbers. Withdrawn records keep their number, so
//! withdrawing one does not renumber the rest.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Problem};
use crate::record::{Record, Status};
use crate::source::SourceMap;
use crate::unit::Unit;

/// Fills in missing index numbers. `records` must be in path order.
pub(crate) fn generate(records: &mut [Record], units: &[Unit], sources: &SourceMap) {
    let mut by_unit: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        by_unit.entry(r.unit).or_default().push(i);
    }
    for (unit, indices) in by_unit {
        let Some(code) = &units[unit].code else { continue };
        let mut taken: BTreeSet<(i16, u32)> = BTreeSet::new();
        for &i in &indices {
            if let Some(serial) = records[i].index_no.as_deref().and_then(|n| serial_of(n, code)) {
                taken.insert(serial);
            }
        }
        let mut pending: Vec<usize> = indices
            .into_iter()
            .filter(|&i| {
                let r = &records[i];
                r.index_no.is_none() && r.published.is_some() && matches!(r.status, Status::Published | Status::Withdrawn)
            })
            .collect();
        pending.sort_by(|&a, &b| (records[a].published, sources.path(records[a].file)).cmp(&(records[b].published, sources.path(records[b].file))));
        let mut next: BTreeMap<i16, u32> = BTreeMap::new();
        for i in pending {
            let Some(year) = records[i].published.map(|d| d.year()) else { continue };
            let serial = next.entry(year).or_insert(1);
            while taken.contains(&(year, *serial)) {
                *serial += 1;
            }
            records[i].index_no = Some(format!("{code}/{year}-{:05}", *serial));
            records[i].index_no_generated = true;
            *serial += 1;
        }
    }
}

/// `(year, serial)` of an index number of the form `<code>/<year>-<serial>`.
fn serial_of(index_no: &str, code: &str) -> Option<(i16, u32)> {
    let rest = index_no.strip_prefix(code)?.strip_prefix('/')?;
    let (year, serial) = rest.split_once('-')?;
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
            let others = group.iter().filter(|o| o.file != r.file).map(|o| sources.path(o.file).to_owned()).collect();
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
            let problem = Problem::DuplicateSlug { slug: r.slug.clone(), other: sources.path(other.file).to_owned() };
            out.push(Diagnostic::at_start(problem, r.file));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_are_read_only_from_the_units_own_numbers() {
        assert_eq!(serial_of("321012100/2026-00012", "321012100"), Some((2026, 12)));
        assert_eq!(serial_of("321012100/2026-00012", "321012101"), None);
        assert_eq!(serial_of("321012100/202603-00012", "321012100"), None);
        assert_eq!(serial_of("321012100/2026-", "321012100"), None);
    }
}
