//! `gongkai sheets`: check, then print the noticeboard sheets (公开栏) of one refresh
//! window into `--out`.
//!
//! Errors in the catalogue stop it before the output is touched (exit 1), printed as
//! `check` prints them; compliance gaps are warnings, as in `build` (a class without a
//! current record still gets its heading on the board). So do characters that no font
//! has (`glyph-missing`): nothing is rendered rather than a blank printed. A unit or
//! window that does not exist is a usage error (exit 2). Then every sheet renders against
//! one shared engine on `-j` threads, and the folder is replaced atomically.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::anyhow;
use rayon::prelude::*;

use crate::check;
use crate::cli::{self, CheckFormat, SheetFormat, SheetOptions};
use crate::diagnostics::{self, Diagnostic};
use crate::i18n::Lang;
use crate::sheets::{
    self, Engine, FontOptions, FontSet, Job, Paper, RenderOptions, Selection, SheetError,
    TemplateMessage,
};
use crate::source::FileId;
use crate::term::Term;
use crate::theme::{SHEET_TYPST, Theme};
use crate::write::{self, OutputFile};

/// A progress bar is worth showing from this many sheets on.
const PROGRESS_FROM: usize = 20;

pub(crate) fn run(
    term: &Term,
    options: &SheetOptions,
    jobs: Option<usize>,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let (dir, as_of) = (&options.repo.dir, options.repo.as_of);
    super::build::refuse_dangerous_out(dir, &options.out)?;
    let mut checked = check::check(dir, as_of)?;
    super::build::grade_gaps(&mut checked, false);
    let selection = Selection { units: &options.units, window: options.window.as_deref(), as_of };
    let chosen = sheets::choose(&checked.repo, &selection)
        .map_err(|e| anyhow!("{}", e.message(term.lang)))?;
    super::check::print(term, &checked, CheckFormat::Human)?;
    let errors = diagnostics::count(&checked.diagnostics).errors;
    if errors > 0 {
        let message = match term.lang {
            Lang::Zh => format!("{errors} 个错误，未生成公开栏（输出目录保持不变）"),
            Lang::En => format!("{errors} errors; no sheets were made (the output is unchanged)"),
        };
        term.status(term.lang.pick("失败", "Failed"), &message);
        return Ok(ExitCode::from(1));
    }
    let sheet_jobs = sheets::jobs(&checked.repo, &checked.sources, &chosen, as_of);
    if sheet_jobs.is_empty() {
        let message = term.lang.pick(
            "没有设置公开栏的单位（unit.toml 中的 `board`），未写入任何文件",
            "no unit has a noticeboard (`board` in unit.toml); nothing was written",
        );
        term.status(term.lang.pick("完成", "Finished"), message);
        return Ok(ExitCode::SUCCESS);
    }

    let theme = Theme::load(dir)?;
    let (template, template_path) = theme.sheet_typst();
    // A repository's template joins the sources, so a glyph missing from its text can be
    // shown with its line like any other diagnostic.
    let template_file = template_path
        .map(|_| checked.sources.add(format!("themes/{SHEET_TYPST}"), template.to_owned()));
    let fonts = crate::timings::phase("sheets: fonts", || {
        FontSet::load(&FontOptions {
            system: options.system_fonts,
            dirs: options.font_dirs.clone(),
        })
    })?;
    for (origin, faces) in fonts.summary() {
        term.verbose(&format!("fonts: {faces} faces ({origin})"));
    }
    let engine = Engine::new(fonts);

    let missing = crate::timings::phase("sheets: glyphs", || {
        glyphs(&engine, template, template_file, &sheet_jobs, &checked)
    })?;
    if !missing.is_empty() {
        term.stderr(&diagnostics::render_human(&missing, &checked.sources, term.lang, term.color));
        let message = match term.lang {
            Lang::Zh => {
                format!("{} 处文字无字体可印，未生成公开栏（输出目录保持不变）", missing.len())
            }
            Lang::En => format!(
                "{} places have characters no font has; no sheets were made (the output is unchanged)",
                missing.len()
            ),
        };
        term.status(term.lang.pick("失败", "Failed"), &message);
        return Ok(ExitCode::from(1));
    }

    let paper = match options.paper {
        cli::Paper::A3 => Paper::A3,
        cli::Paper::A4 => Paper::A4,
    };
    let stems: Vec<String> = sheet_jobs.iter().map(|j| j.stem(&checked.repo)).collect();
    let mut files = Vec::new();
    if matches!(options.format, SheetFormat::Pdf | SheetFormat::Both) {
        let threads = threads(jobs, sheet_jobs.len());
        // The PDFs' creation date is the window's first day, never the clock.
        let start = chosen.window.start;
        let created = (i32::from(start.year()), start.month() as u8, start.day() as u8);
        let render = Render { engine: &engine, template, template_path, paper, threads, created };
        files.extend(crate::timings::phase("sheets: pdfs", || {
            render.pdfs(term, &sheet_jobs, &stems)
        })?);
    }
    if matches!(options.format, SheetFormat::Html | SheetFormat::Both) {
        let pages: Vec<anyhow::Result<OutputFile>> = sheet_jobs
            .par_iter()
            .zip(&stems)
            .map(|(job, stem)| {
                let name = format!("{stem}.html");
                let html = sheets::render_html(&theme, &job.board, paper, &name)?;
                Ok(OutputFile::text(name, html))
            })
            .collect();
        files.extend(pages.into_iter().collect::<anyhow::Result<Vec<_>>>()?);
    }
    crate::timings::phase("sheets: write", || write::replace_dir(&options.out, &files))?;
    finished(term, options, &sheet_jobs, &chosen.window.id(), files.len(), started);
    Ok(ExitCode::SUCCESS)
}

/// Every `glyph-missing` diagnostic of every sheet, sorted, repeats removed.
fn glyphs(
    engine: &Engine,
    template: &str,
    template_file: Option<FileId>,
    jobs: &[Job],
    checked: &check::Checked,
) -> anyhow::Result<Vec<Diagnostic>> {
    let lists: Vec<Vec<Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            sheets::glyph_diagnostics(engine, job, &checked.sources).map_err(|e| anyhow!("{e}"))
        })
        .collect::<anyhow::Result<_>>()?;
    let mut found =
        sheets::template_glyph_diagnostics(engine, template, template_file, &checked.sources);
    found.extend(lists.into_iter().flatten());
    diagnostics::sort(&mut found, &checked.sources);
    Ok(found)
}

/// `-j`, else the number of CPUs; never more threads than sheets.
fn threads(jobs: Option<usize>, sheets: usize) -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    jobs.filter(|&j| j > 0).unwrap_or(cpus).clamp(1, sheets.max(1))
}

/// What every PDF of the run shares.
struct Render<'a> {
    engine: &'a Engine,
    template: &'a str,
    template_path: Option<&'a Path>,
    paper: Paper,
    threads: usize,
    created: (i32, u8, u8),
}

impl Render<'_> {
    fn pdfs(&self, term: &Term, jobs: &[Job], stems: &[String]) -> anyhow::Result<Vec<OutputFile>> {
        let work: Vec<_> = jobs
            .iter()
            .zip(stems)
            .map(|(job, stem)| {
                let opts =
                    RenderOptions { paper: self.paper, ident: stem.clone(), created: self.created };
                (job.board.clone(), opts)
            })
            .collect();
        let bar =
            (jobs.len() >= PROGRESS_FROM).then(|| term.progress(jobs.len() as u64, "Rendering"));
        let tick = || {
            if let Some(bar) = &bar {
                bar.inc(1);
            }
        };
        let results = self.engine.render_many(self.template, &work, self.threads, &tick);
        if let Some(bar) = &bar {
            bar.finish_and_clear();
        }
        let mut files = Vec::with_capacity(results.len());
        let mut warned: Vec<TemplateMessage> = Vec::new();
        let (mut compile, mut export, mut pages) = (0.0, 0.0, 0);
        for (result, stem) in results.into_iter().zip(stems) {
            let sheet = result.map_err(|e| self.error(stem, e))?;
            compile += sheet.compile_time.as_secs_f64();
            export += sheet.export_time.as_secs_f64();
            pages += sheet.pages;
            for w in sheet.warnings {
                if !warned.contains(&w) {
                    term.stderr(&format!("{}\n", self.describe("warning", &w)));
                    warned.push(w);
                }
            }
            files.push(OutputFile::bytes(format!("{stem}.pdf"), sheet.pdf));
        }
        term.verbose(&format!(
            "sheets: {} PDFs ({pages} pages) on {} threads; Typst compile {compile:.2} s, PDF export {export:.2} s",
            files.len(),
            self.threads
        ));
        Ok(files)
    }

    /// The template's name and a Typst message with its position and hints.
    fn describe(&self, severity: &str, m: &TemplateMessage) -> String {
        let name = match self.template_path {
            Some(_) => format!("themes/{SHEET_TYPST}"),
            None => format!("default/{SHEET_TYPST}"),
        };
        let at = m.position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default();
        let mut text =
            format!("{severity}: {name}{at}: {}", m.message.trim_start_matches("warning: "));
        for hint in &m.hints {
            text += &format!("\n  hint: {hint}");
        }
        text
    }

    fn error(&self, stem: &str, error: SheetError) -> anyhow::Error {
        match error {
            SheetError::Template(messages) => {
                let list: Vec<String> =
                    messages.iter().map(|m| self.describe("error", m)).collect();
                anyhow!(
                    "cannot render sheet `{stem}.pdf` (the sheet template failed)\n{}",
                    list.join("\n")
                )
            }
            other => anyhow!("cannot render sheet `{stem}.pdf` ({other})"),
        }
    }
}

fn finished(
    term: &Term,
    options: &SheetOptions,
    jobs: &[Job],
    window: &str,
    files: usize,
    started: Instant,
) {
    let mut units: Vec<usize> = jobs.iter().map(|j| j.unit).collect();
    units.dedup();
    let (boards, units, out) = (jobs.len(), units.len(), options.out.display());
    let paper = match options.paper {
        cli::Paper::A3 => "A3",
        cli::Paper::A4 => "A4",
    };
    let seconds = started.elapsed().as_secs_f64();
    let message = match term.lang {
        Lang::Zh => format!(
            "{units} 个单位的 {boards} 张公开栏（{window} 刷新期，{paper}，共 {files} 个文件），用时 {seconds:.2} 秒 → {out}"
        ),
        Lang::En => format!(
            "{boards} sheets for {units} units (window {window}, {paper}, {files} files) in {seconds:.2} s → {out}"
        ),
    };
    term.status(term.lang.pick("完成", "Finished"), &message);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_more_threads_than_sheets() {
        assert_eq!(threads(Some(8), 3), 3);
        assert_eq!(threads(Some(2), 300), 2);
        assert_eq!(threads(Some(0), 1), 1);
        assert!(threads(None, 300) >= 1);
    }
}
