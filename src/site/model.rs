//! What a build shows: the records, classes and coverage cells an audience may see, with
//! the orderings every page needs. Everything audience-related is decided here, once:
//! the pages, feeds, exports and sitemap only ever see what [`Site`] lets through, so a
//! public build cannot leak an internal record, class or count by accident.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Mutex;

use rayon::prelude::*;

use super::SiteOptions;
use crate::catalogue::{Audience, Class};
use crate::check::Checked;
use crate::compliance::Coverage;
use crate::dates::{self, Date};
use crate::markdown;
use crate::record::{Body, Record, Status};
use crate::repo::Repo;
use crate::source::SourceMap;
use crate::unit::Unit;
use crate::urls;

/// 有效性 of a record on the `--as-of` day (DOMAIN §6: abolished and expired documents
/// stay online, clearly marked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Validity {
    Valid,
    /// 已过期: past `expires`.
    Expired(Date),
    /// 已废止: on or after `abolished`.
    Abolished(Date),
    /// 已撤回 (only reachable for a record that is not published, so never on the site).
    Withdrawn,
}

impl Validity {
    pub(crate) fn of(record: &Record, as_of: Date) -> Validity {
        if record.status == Status::Withdrawn {
            return Validity::Withdrawn;
        }
        if let Some(day) = record.abolished.filter(|a| *a <= as_of) {
            return Validity::Abolished(day);
        }
        if let Some(day) = record.expires.filter(|e| *e < as_of) {
            return Validity::Expired(day);
        }
        Validity::Valid
    }

    pub(crate) fn code(self) -> &'static str {
        match self {
            Validity::Valid => "valid",
            Validity::Expired(_) => "expired",
            Validity::Abolished(_) => "abolished",
            Validity::Withdrawn => "withdrawn",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Validity::Valid => "有效",
            Validity::Expired(_) => "已过期",
            Validity::Abolished(_) => "已废止",
            Validity::Withdrawn => "已撤回",
        }
    }

    /// The sentence on a record page that is no longer valid.
    pub(crate) fn note(self) -> String {
        match self {
            Validity::Valid => String::new(),
            Validity::Expired(day) => {
                format!("本信息有效期至{}，已过期，仅供查阅。", dates::chinese(day))
            }
            Validity::Abolished(day) => {
                format!("本信息已于{}废止，不再执行，仅供查阅。", dates::chinese(day))
            }
            Validity::Withdrawn => "本信息已撤回。".to_owned(),
        }
    }
}

/// One class of one unit as the build shows it.
#[derive(Clone, Debug)]
pub(crate) struct ClassRef<'a> {
    pub(crate) unit: usize,
    pub(crate) class: &'a Class,
    /// Visible records, newest first.
    pub(crate) records: Vec<usize>,
    pub(crate) coverage: Option<&'a Coverage>,
}

impl ClassRef<'_> {
    pub(crate) fn path(&self, site: &Site<'_>) -> String {
        urls::class(&site.repo.units[self.unit].id, self.class.audience, &self.class.id)
    }
}

/// The checked repository seen by one build.
pub(crate) struct Site<'a> {
    pub(crate) repo: &'a Repo,
    pub(crate) sources: &'a SourceMap,
    pub(crate) options: &'a SiteOptions,
    /// Indices of the records in the output, in path order.
    pub(crate) records: Vec<usize>,
    /// The same, newest first (published day, then path).
    pub(crate) newest: Vec<usize>,
    /// Per unit: its visible classes in catalogue order.
    pub(crate) classes: Vec<Vec<ClassRef<'a>>>,
    /// Per unit: its children, in walk order.
    pub(crate) children: Vec<Vec<usize>>,
    /// Per unit: the visible records of the unit and every unit below it, newest first.
    pub(crate) subtree: Vec<Vec<usize>>,
    /// Per unit: its own visible records, newest first.
    pub(crate) own: Vec<Vec<usize>>,
    /// Per record in the output: its 内容概述, or the start of its body.
    summaries: BTreeMap<usize, String>,
    /// Records in the output by source path (`units/a/external/news/x.md`).
    by_source: BTreeMap<&'a str, usize>,
    /// Per record (all of the repository's): the site path of its page. Made once: a
    /// record's path is asked for by its page, the lists it is in, the feeds, the
    /// exports and the search (13 times a record, #7).
    paths: Vec<String>,
    /// Per record (all of the repository's): the words of its body, kept by its page
    /// for the search index.
    body_texts: Mutex<Vec<Option<String>>>,
    /// Per record (all of the repository's): the body of a record the build shows, until
    /// its page takes it; empty for the others.
    bodies: Mutex<Vec<TakenBody>>,
}

/// A record's Markdown body, moved out of the checked repository: the text of its file
/// (or a `.toml` record's `body` string) and where the body is in it.
#[derive(Debug, Default)]
pub(crate) struct TakenBody {
    text: String,
    range: Range<usize>,
}

impl TakenBody {
    pub(crate) fn as_str(&self) -> &str {
        self.text.get(self.range.clone()).unwrap_or("")
    }
}

/// Moves the bodies of the records the build shows out of the checked repository, for
/// [`Site::new`], and releases every other text of the repository's files (all
/// diagnostics are printed by then). Each record page takes its body and drops it once
/// rendered, so the files' texts (444 MB at 100,000 records) make room for what the
/// later pages and the search index allocate instead of adding to it; fresh memory is
/// what grows faster than the records on the machines we measure (#7). A body is its
/// file's text, never a copy.
pub(crate) fn take_bodies(checked: &mut Checked, options: &SiteOptions) -> Vec<TakenBody> {
    let Checked { repo, sources, .. } = checked;
    let bodies = repo
        .records
        .iter_mut()
        .map(|r| {
            if !shows_record(r, options) {
                return TakenBody::default();
            }
            match std::mem::replace(&mut r.body, Body::Owned(String::new())) {
                Body::InFile(range) => TakenBody { text: sources.take_text(r.file), range },
                Body::Owned(text) => TakenBody { range: 0..text.len(), text },
            }
        })
        .collect();
    sources.release_texts();
    bodies
}

impl<'a> Site<'a> {
    /// `bodies` are those of [`take_bodies`]: the records' own are empty.
    pub(crate) fn new(
        checked: &'a Checked,
        bodies: Vec<TakenBody>,
        options: &'a SiteOptions,
    ) -> Site<'a> {
        let repo = &checked.repo;
        let records: Vec<usize> =
            (0..repo.records.len()).filter(|&i| shows_record(&repo.records[i], options)).collect();
        let mut newest = records.clone();
        newest.sort_by_key(|&i| (Reverse(repo.records[i].published), i));
        let mut by_class: BTreeMap<(usize, Audience, &str), Vec<usize>> = BTreeMap::new();
        let mut own = vec![Vec::new(); repo.units.len()];
        let mut subtree = vec![Vec::new(); repo.units.len()];
        for &i in &newest {
            let r = &repo.records[i];
            by_class.entry((r.unit, r.audience, r.class.as_str())).or_default().push(i);
            own[r.unit].push(i);
            for u in repo.ancestry(r.unit) {
                subtree[u].push(i);
            }
        }
        let coverage: BTreeMap<(usize, &str), &Coverage> =
            checked.coverage.iter().map(|c| ((c.unit_index, c.class.as_str()), c)).collect();
        let classes = (0..repo.units.len())
            .map(|u| {
                repo.unit_classes(&repo.units[u])
                    .filter(|c| options.internal || c.audience == Audience::External)
                    .map(|class| ClassRef {
                        unit: u,
                        class,
                        records: by_class
                            .get(&(u, class.audience, class.id.as_str()))
                            .cloned()
                            .unwrap_or_default(),
                        coverage: coverage.get(&(u, class.key().as_str())).copied(),
                    })
                    .collect()
            })
            .collect();
        let children = (0..repo.units.len()).map(|u| repo.children(Some(u)).collect()).collect();
        let summaries = records
            .par_iter()
            .map(|&i| {
                (i, summary_of(&repo.records[i], bodies.get(i).map_or("", TakenBody::as_str)))
            })
            .collect();
        let sources = &checked.sources;
        let by_source = records.iter().map(|&i| (sources.path(repo.records[i].file), i)).collect();
        let paths = repo
            .records
            .iter()
            .map(|r| urls::record(&repo.units[r.unit].id, r.audience, &r.class, &r.slug))
            .collect();
        Site {
            repo,
            sources,
            options,
            records,
            newest,
            classes,
            children,
            subtree,
            own,
            summaries,
            by_source,
            paths,
            body_texts: Mutex::new(vec![None; repo.records.len()]),
            bodies: Mutex::new(bodies),
        }
    }

    /// Record `i`'s Markdown body, taken: its page is its only reader once the model is
    /// made (the search index reads the words the page kept). Empty when taken before.
    pub(crate) fn take_body(&self, i: usize) -> TakenBody {
        let mut bodies = self.bodies.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        bodies.get_mut(i).map(std::mem::take).unwrap_or_default()
    }

    /// Keeps the words of record `i`'s body, as its page parsed them, for the search.
    pub(crate) fn keep_body_text(&self, i: usize, text: String) {
        if let Some(cell) = self.body_texts().get_mut(i) {
            *cell = Some(text);
        }
    }

    /// The words of the bodies the pages kept, by record (taken: the search index is
    /// their only reader, and holding them beside it would add to the peak memory).
    pub(crate) fn take_body_texts(&self) -> Vec<Option<String>> {
        std::mem::take(&mut *self.body_texts())
    }

    fn body_texts(&self) -> std::sync::MutexGuard<'_, Vec<Option<String>>> {
        self.body_texts.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn record(&self, i: usize) -> &'a Record {
        &self.repo.records[i]
    }

    pub(crate) fn unit(&self, u: usize) -> &'a Unit {
        &self.repo.units[u]
    }

    /// The top-level units.
    pub(crate) fn roots(&self) -> Vec<usize> {
        self.repo.children(None).collect()
    }

    /// The class of a record in the output (always known: the record passed `check`).
    pub(crate) fn class_of(&self, i: usize) -> Option<&'a Class> {
        self.repo.class_of(self.record(i))
    }

    /// The site path of a record's page.
    pub(crate) fn record_path(&self, i: usize) -> &str {
        self.paths.get(i).map_or("", String::as_str)
    }

    pub(crate) fn validity(&self, i: usize) -> Validity {
        Validity::of(self.record(i), self.options.as_of)
    }

    /// The record's file, relative to the repository root.
    pub(crate) fn source_path(&self, i: usize) -> &'a str {
        self.sources.path(self.record(i).file)
    }

    /// Where a path written in a record (an attachment, a link in its body) leads, as a
    /// path relative to the repository root; `None` when it leaves the repository.
    pub(crate) fn resolve(&self, i: usize, written: &str) -> Option<String> {
        let source = self.source_path(i);
        let dir = source.rsplit_once('/').map_or("", |(d, _)| d);
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for part in written.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                _ => parts.push(part),
            }
        }
        Some(parts.join("/"))
    }

    /// An attachment of a record in the output, if it is a file of the record's unit
    /// (`units/<unit>/…/files/…`) that exists.
    pub(crate) fn attachment(&self, i: usize, written: &str) -> Option<String> {
        let path = self.resolve(i, written)?;
        let unit_dir = format!("units/{}/", self.unit(self.record(i).unit).id);
        (path.starts_with(&unit_dir) && self.repo.attachments.contains(&path)).then_some(path)
    }

    /// The attachments of a record in the output that resolve to files, as written and
    /// resolved.
    pub(crate) fn attachments(&self, i: usize) -> Vec<(String, String)> {
        self.record(i)
            .attachments
            .iter()
            .filter_map(|a| self.attachment(i, &a.value).map(|path| (a.value.clone(), path)))
            .collect()
    }

    /// The record in the output whose file is at `path` (relative to the root).
    pub(crate) fn record_at(&self, path: &str) -> Option<usize> {
        self.by_source.get(path).copied()
    }

    /// The record's 内容概述, or the start of its body.
    pub(crate) fn summary(&self, i: usize) -> &str {
        self.summaries.get(&i).map_or("", String::as_str)
    }
}

/// In the output: published on or before the `--as-of` day (a record dated later is
/// scheduled, not yet public), and for the audience of the build.
fn shows_record(record: &Record, options: &SiteOptions) -> bool {
    record.is_published()
        && record.published.is_some_and(|p| p <= options.as_of)
        && (options.internal || record.audience == Audience::External)
}

fn summary_of(record: &Record, body: &str) -> String {
    match &record.summary {
        Some(s) if !s.trim().is_empty() => s.trim().to_owned(),
        _ => markdown::excerpt(&markdown::plain_text(body), 100),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::check;

    fn body_of(checked: &Checked, bodies: &[TakenBody], path_end: &str) -> String {
        let i = checked
            .repo
            .records
            .iter()
            .position(|r| checked.sources.path(r.file).ends_with(path_end))
            .unwrap_or_else(|| panic!("no record {path_end}"));
        bodies[i].as_str().to_owned()
    }

    #[test]
    fn bodies_are_taken_for_the_records_shown_and_every_other_text_is_released() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site/basic");
        let as_of = dates::parse_date("2026-11-26").unwrap_or_else(|| panic!("date"));
        let mut checked = check::check(&dir, as_of).unwrap_or_else(|e| panic!("{e}"));
        let road =
            std::fs::read_to_string(dir.join("units/city/town/external/notes/2026-09-01-road.md"))
                .unwrap_or_else(|e| panic!("{e}"));
        let expected_road = road.split_once("\n+++\n").map(|(_, body)| body.to_owned());
        let options =
            SiteOptions { as_of, internal: false, base_url: "https://x.gov.cn/".to_owned() };
        let bodies = take_bodies(&mut checked, &options);
        assert_eq!(bodies.len(), checked.repo.records.len());
        // A Markdown record: its file's text, cut to the body; a `.toml` one: its `body`.
        assert_eq!(Some(body_of(&checked, &bodies, "2026-09-01-road.md")), expected_road);
        assert_eq!(body_of(&checked, &bodies, "2026-09-10-fees.toml"), "收费项目见下表。\n");
        // Not shown: a draft, an internal record on the public site, a record due later.
        for hidden in ["2026-10-draft.md", "2026-09-20-ledger.md", "2026-12-01-scheduled.md"] {
            assert_eq!(body_of(&checked, &bodies, hidden), "", "{hidden}");
        }
        for file in checked.repo.records.iter().map(|r| r.file).chain(checked.files.iter().copied())
        {
            assert_eq!(checked.sources.text(file), "", "{}", checked.sources.path(file));
        }
    }
}
