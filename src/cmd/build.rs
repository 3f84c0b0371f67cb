//! `gongkai build`: check, then render the site and swap it into `--out`.
//!
//! Errors in the catalogue stop the build before the output is touched (exit 1), and
//! are printed as `check` prints them. Compliance gaps (a class missing or stale, a late
//! record) are what the site's compliance page is for: they are warnings here, and
//! errors only with `--strict`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

use anyhow::bail;

use crate::check::{self, Checked};
use crate::cli::{AudienceArg, CheckFormat, RepoOptions};
use crate::diagnostics::{self, Severity};
use crate::site::{self, Progress, Rendered, SiteOptions};
use crate::term::Term;
use crate::theme::Theme;
use crate::write;

/// A progress bar is worth showing from this many pages on.
const PROGRESS_FROM: usize = 300;

pub(crate) struct BuildOptions<'a> {
    pub(crate) repo: &'a RepoOptions,
    pub(crate) out: &'a Path,
    pub(crate) audience: AudienceArg,
    pub(crate) base_url: Option<&'a str>,
    pub(crate) strict: bool,
}

pub(crate) fn run(term: &Term, options: &BuildOptions<'_>) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    refuse_dangerous_out(&options.repo.dir, options.out)?;
    let mut checked =
        crate::timings::phase("check", || check_and_print(term, options.repo, options.strict))?;
    let counts = diagnostics::count(&checked.diagnostics);
    if counts.errors > 0 {
        let message = match term.lang {
            crate::i18n::Lang::Zh => {
                format!("{} 个错误，未生成网站（输出目录保持不变）", counts.errors)
            }
            crate::i18n::Lang::En => format!(
                "{} errors; the site was not built (the output is unchanged)",
                counts.errors
            ),
        };
        term.status(term.lang.pick("失败", "Failed"), &message);
        return Ok(ExitCode::from(1));
    }
    let rendered = render_into(term, &mut checked, options)?;
    let seconds = started.elapsed().as_secs_f64();
    let (pages, files, out) = (rendered.pages, rendered.files, options.out.display());
    let message = match term.lang {
        crate::i18n::Lang::Zh => {
            format!(
                "{pages} 个页面（共 {files} 个文件），{} 个警告，用时 {seconds:.2} 秒 → {out}",
                counts.warnings
            )
        }
        crate::i18n::Lang::En => {
            format!(
                "{pages} pages ({files} files), {} warnings in {seconds:.2} s → {out}",
                counts.warnings
            )
        }
    };
    term.status(term.lang.pick("完成", "Finished"), &message);
    // The process ends next: freeing every record, field and string one by one cost
    // 1% of a build's instructions, for memory the exit gives back anyway.
    std::mem::forget(checked);
    Ok(ExitCode::SUCCESS)
}

/// Checks the repository, grades the compliance gaps and prints every diagnostic as
/// `check` does. The caller stops when there are errors (`gongkai serve` shares this).
pub(crate) fn check_and_print(
    term: &Term,
    repo: &RepoOptions,
    strict: bool,
) -> anyhow::Result<Checked> {
    let mut checked = check::check(&repo.dir, repo.as_of)?;
    grade_gaps(&mut checked, strict);
    super::check::print(term, &checked, CheckFormat::Human)?;
    Ok(checked)
}

/// Renders the checked site and swaps it into `options.out` as a whole, so a reader of
/// the folder never sees half a site (`gongkai serve` shares this).
pub(crate) fn render_into(
    term: &Term,
    checked: &mut Checked,
    options: &BuildOptions<'_>,
) -> anyhow::Result<Rendered> {
    let theme = Theme::load(&options.repo.dir)?;
    let base_url = options
        .base_url
        .map(normalise_base_url)
        .unwrap_or_else(|| checked.repo.settings.base_url.clone());
    let site_options = SiteOptions {
        as_of: options.repo.as_of,
        internal: options.audience == AudienceArg::Internal,
        base_url,
    };
    let progress = Bar { term, bar: OnceLock::new() };
    let staging = write::Staging::begin(options.out)?;
    let rendered =
        site::render(checked, &theme, &site_options, &progress, &|file| staging.put(file))?;
    if let Some(bar) = progress.bar.get() {
        bar.finish_and_clear();
    }
    crate::timings::phase("commit", || staging.commit())?;
    Ok(rendered)
}

/// Gaps are warnings, or errors with `--strict`.
pub(super) fn grade_gaps(checked: &mut Checked, strict: bool) {
    for d in &mut checked.diagnostics {
        if d.problem.is_compliance_gap() {
            d.severity = if strict { Severity::Error } else { Severity::Warning };
        }
    }
}

/// `https://x.gov.cn/gk` → `https://x.gov.cn/gk/`.
fn normalise_base_url(url: &str) -> String {
    if url.ends_with('/') { url.to_owned() } else { format!("{url}/") }
}

/// The output folder is replaced as a whole, so it may not be (or hold) the repository,
/// nor sit inside its sources.
pub(super) fn refuse_dangerous_out(repo: &Path, out: &Path) -> anyhow::Result<()> {
    let absolute = |p: &Path| -> PathBuf {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        p.canonicalize().unwrap_or(p)
    };
    let (repo, out_abs) = (absolute(repo), absolute(out));
    if repo.starts_with(&out_abs) {
        bail!(
            "`{}` cannot be the output folder: it holds the repository, and the output is replaced",
            out.display()
        );
    }
    for source in ["units", "catalogues", "themes"] {
        if out_abs.starts_with(repo.join(source)) {
            bail!(
                "`{}` cannot be the output folder: it is inside the repository's `{source}/`",
                out.display()
            );
        }
    }
    if out_abs.join("gongkai.toml").exists() {
        bail!("`{}` cannot be the output folder: it is a gongkai repository", out.display());
    }
    Ok(())
}

/// The progress bar, shown on a terminal when there are many pages.
struct Bar<'a> {
    term: &'a Term,
    bar: OnceLock<indicatif::ProgressBar>,
}

impl Progress for Bar<'_> {
    fn start(&self, pages: usize) {
        if pages >= PROGRESS_FROM {
            let _ = self.bar.set(self.term.progress(pages as u64, "Rendering"));
        }
    }

    fn tick(&self) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_end_with_a_slash() {
        assert_eq!(normalise_base_url("https://x.gov.cn/gk"), "https://x.gov.cn/gk/");
        assert_eq!(normalise_base_url("https://x.gov.cn/"), "https://x.gov.cn/");
    }

    #[test]
    fn the_repository_cannot_be_the_output() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join("units")).unwrap_or_else(|e| panic!("{e}"));
        assert!(refuse_dangerous_out(&repo, &repo).is_err());
        assert!(refuse_dangerous_out(&repo, dir.path()).is_err());
        assert!(refuse_dangerous_out(&repo, &repo.join("units/public")).is_err());
        assert!(refuse_dangerous_out(&repo, &repo.join("public")).is_ok());
        assert!(refuse_dangerous_out(&repo, &dir.path().join("public")).is_ok());
    }
}
