//! The static site (SPEC §5): checked records in, a list of output files out. No I/O
//! here: `write` puts the files on disk, and attachments are copy entries, never read.
//!
//! `model` decides what the build shows (audience, `--as-of`), once; `pages` renders
//! the HTML pages in parallel against one shared theme (the output keeps the order of
//! the jobs, whatever the threads do); `exports`, `feeds`, `sitemap` and `calendar`
//! write the machine-readable files; `search` the offline search index (format in
//! `crate::search`); `compliance` and `record_page` fill the two
//! richest pages.

mod calendar;
mod compliance;
mod exports;
mod feeds;
mod model;
mod pages;
mod record_page;
mod search;
mod sitemap;
mod views;

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::check::Checked;
use crate::dates::Date;
use crate::theme::{StaticFile, Theme};
use crate::timings;
use crate::urls;
use crate::write::OutputFile;

/// How to build.
#[derive(Clone, Debug)]
pub(crate) struct SiteOptions {
    pub(crate) as_of: Date,
    /// The intranet site, with 对内公开 records; else the public one.
    pub(crate) internal: bool,
    /// Ends with `/`.
    pub(crate) base_url: String,
}

/// What a render made.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rendered {
    /// HTML pages.
    pub(crate) pages: usize,
    /// All files, pages included.
    pub(crate) files: usize,
}

/// Told how many pages there are, then of each page rendered (a progress bar).
pub(crate) trait Progress: Sync {
    fn start(&self, pages: usize);
    fn tick(&self);
}

/// Where the files go as they are made (from many threads; the order does not matter,
/// the content of every file is fixed by the input).
pub(crate) type Sink<'a> = dyn Fn(&OutputFile) -> anyhow::Result<()> + Sync + 'a;

/// Renders the whole site into `sink`. The records' bodies are moved out of `checked`
/// (see [`model::take_bodies`]) and dropped as their pages are made; the other texts of
/// the repository's files are released: print the diagnostics first.
pub(crate) fn render(
    checked: &mut Checked,
    theme: &Theme,
    options: &SiteOptions,
    progress: &dyn Progress,
    sink: &Sink<'_>,
) -> anyhow::Result<Rendered> {
    let (site, shared, jobs) = timings::phase("site: model", || {
        let bodies = model::take_bodies(checked, options);
        let site = model::Site::new(checked, bodies, options);
        let shared = pages::Shared::new(views::SiteView::new(&site));
        let jobs = pages::jobs(&site);
        (site, shared, jobs)
    });
    progress.start(jobs.len());
    let render_all = |jobs: &[pages::Job]| {
        jobs.par_iter().try_for_each(|&job| {
            sink(&pages::render(&site, &shared, theme, job)?)?;
            progress.tick();
            anyhow::Ok(())
        })
    };
    let (records, others): (Vec<pages::Job>, Vec<pages::Job>) =
        jobs.iter().partition(|job| matches!(job, pages::Job::Record(_)));
    // The record pages first: they hand the words of their bodies to the search index,
    // which is then made while the other pages render (parsing every body twice was 7%
    // of a build, #7). The exports and feeds are sequential: they are made beside the
    // pages, where they cost no wall time.
    let (pages, files) = rayon::join(
        || {
            timings::phase("site: record pages", || render_all(&records))?;
            let (pages, search) = rayon::join(
                || timings::phase("site: other pages", || render_all(&others)),
                || {
                    let body_texts = site.take_body_texts();
                    let files =
                        timings::phase("site: search index", || search::files(&site, body_texts));
                    put_all(files, sink)
                },
            );
            pages?;
            search
        },
        || other_files(&site, theme, &jobs, sink),
    );
    let files = pages? + files?;
    Ok(Rendered { pages: jobs.len(), files: jobs.len() + files })
}

/// Hands `files` to `sink`, in parallel; returns how many there were.
fn put_all(files: Vec<OutputFile>, sink: &Sink<'_>) -> anyhow::Result<usize> {
    files.par_iter().try_for_each(sink)?;
    Ok(files.len())
}

/// The files of the site made beside the pages: exports, feeds, sitemap, attachments
/// and the theme's static files, each batch handed to `sink` as soon as it is made
/// (held until the pages were done, they were part of the build's peak memory, #7).
/// Returns how many files it wrote.
fn other_files(
    site: &model::Site<'_>,
    theme: &Theme,
    jobs: &[pages::Job],
    sink: &Sink<'_>,
) -> anyhow::Result<usize> {
    let exports = timings::phase("site: exports", || {
        anyhow::Ok(vec![exports::json(site)?, exports::csv(site)?, calendar::file(site)])
    })?;
    let mut count = put_all(exports, sink)?;
    count += put_all(
        timings::phase("site: feeds, sitemap", || {
            let mut files = feeds::all(site);
            files.extend(sitemap::files(site, jobs));
            files.extend(attachments(site));
            files.extend(statics(theme));
            files
        }),
        sink,
    )?;
    Ok(count)
}

/// The attachments of the records in the output, each copied once.
fn attachments(site: &model::Site<'_>) -> Vec<OutputFile> {
    let paths: BTreeSet<String> =
        site.records.iter().flat_map(|&i| site.attachments(i)).map(|(_, p)| p).collect();
    paths
        .into_iter()
        .map(|p| OutputFile::copy(urls::attachment(&p), site.repo.root.join(&p)))
        .collect()
}

fn statics(theme: &Theme) -> Vec<OutputFile> {
    theme
        .statics()
        .iter()
        .map(|(path, file)| match file {
            StaticFile::Builtin(bytes) => OutputFile::bytes(path.clone(), bytes.to_vec()),
            StaticFile::User(source) => OutputFile::copy(path.clone(), source.clone()),
        })
        .collect()
}
