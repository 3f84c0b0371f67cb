//! `gongkai serve`: a local preview of the site that rebuilds itself as files change.
//!
//! This module owns the run: it binds 127.0.0.1 (only: the preview may hold internal
//! records, and a clerk's laptop is on the office network), builds into a temporary
//! folder outside the repository (never `public/`), and then rebuilds on every change
//! that `watch.rs` reports, until Ctrl-C, when it removes the temporary folder. Builds
//! share `gongkai build`'s `check_and_print` and `render_into`, so the preview is the
//! site `build` would write, byte for byte, before `http.rs` adds the live-reload script
//! to the HTML pages it serves. A repository with errors does not stop the server: every
//! page then shows the diagnostics (`page.rs`) until the files are fixed.
//!
//! A port in use is a clear error (exit 2) rather than a silent move to another port: a
//! second `serve` left running would otherwise go unnoticed, with the browser still
//! showing the first.

mod http;
mod page;
mod watch;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, mpsc};
use std::time::Instant;

use anyhow::Context;

use crate::cli::{AudienceArg, RepoOptions};
use crate::cmd::build::{self, BuildOptions};
use crate::diagnostics;
use crate::i18n::{self, Lang};
use crate::term::{self, Term};
use watch::Signal;

/// What `gongkai serve` was asked to do.
pub(crate) struct ServeOptions<'a> {
    pub(crate) repo: &'a RepoOptions,
    pub(crate) port: u16,
    pub(crate) open: bool,
    pub(crate) audience: AudienceArg,
}

/// The result of the last build, as the server shows it.
pub(super) enum Outcome {
    /// The build folder holds the site.
    Ready,
    /// The repository has errors (or the site could not be rendered): the report, as
    /// plain text, shown on every page.
    Broken(String),
}

/// What the server threads read and the build loop writes.
pub(super) struct State {
    /// The build folder.
    root: PathBuf,
    port: u16,
    lang: Lang,
    /// Counts finished builds; the live-reload script reloads when it changes.
    version: AtomicU64,
    outcome: RwLock<Outcome>,
}

impl State {
    fn version(&self) -> u64 {
        self.version.load(Ordering::SeqCst)
    }

    fn outcome(&self) -> RwLockReadGuard<'_, Outcome> {
        // A poisoned lock only means a panic elsewhere; the value is still whole.
        self.outcome.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Publishes a build: the outcome first, then the counter the browsers poll.
    fn publish(&self, outcome: Outcome) {
        *self.outcome.write().unwrap_or_else(PoisonError::into_inner) = outcome;
        self.version.fetch_add(1, Ordering::SeqCst);
    }
}

pub(crate) fn run(term: &Term, options: &ServeOptions<'_>) -> anyhow::Result<ExitCode> {
    let listener = bind(options.port)?;
    let address = listener.local_addr().context("cannot read the server's address")?;
    let url = format!("http://{address}/");
    let temp = tempfile::Builder::new()
        .prefix("gongkai-serve-")
        .tempdir()
        .context("cannot create a temporary folder for the preview")?;
    let root = temp.path().join("site");
    term.verbose(&format!(
        "{}{}",
        term.lang.pick("临时文件夹:", "temporary folder: "),
        temp.path().display()
    ));
    let builder = Builder { term, options, out: &root, base_url: &url };

    // Ctrl-C and changes arrive on one channel, so the loop below waits for both.
    let (signals, events) = mpsc::channel();
    let stop = signals.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    })
    .context("cannot catch Ctrl-C")?;
    let repo_dir = std::path::absolute(&options.repo.dir)
        .and_then(|p| p.canonicalize())
        .with_context(|| format!("cannot read `{}`", options.repo.dir.display()))?;
    // Watching starts before the first build, so an edit made during it is not lost.
    let mut watch = watch::start(&repo_dir, temp.path(), signals)?;

    // Not a repository (no `gongkai.toml`) is a fatal error, as for `build`.
    let first = builder.build(true)?;
    let state = Arc::new(State {
        root: root.clone(),
        port: address.port(),
        lang: term.lang,
        version: AtomicU64::new(0),
        outcome: RwLock::new(Outcome::Ready),
    });
    state.publish(first);
    let server = http::start(listener, state.clone())?;
    announce(term, &url, options.open);

    // Until Ctrl-C (the channel cannot close: the watcher and the Ctrl-C handler hold senders).
    while let Ok(Signal::Changed(first)) = events.recv() {
        let settled = watch::settle(first, &events);
        if settled.stop {
            break;
        }
        report_changes(term, &repo_dir, &settled.changes);
        if let Err(err) = watch.refresh(&settled.changes) {
            term.stderr(&format!("{}\n", i18n::render_error(&err, term.lang)));
        }
        match builder.build(false) {
            Ok(outcome) => state.publish(outcome),
            Err(err) => state.publish(Outcome::Broken(i18n::render_error(&err, term.lang))),
        }
    }

    server.stop();
    drop(watch);
    let temp_path = temp.path().to_path_buf();
    temp.close().with_context(|| format!("cannot remove `{}`", temp_path.display()))?;
    term.status(term.lang.pick("已停止", "Stopped"), term.lang.pick("预览已关闭", "the preview"));
    Ok(ExitCode::SUCCESS)
}

/// Binds 127.0.0.1:`port` (`0`: any free port).
fn bind(port: u16) -> anyhow::Result<TcpListener> {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    TcpListener::bind(address).map_err(|err| {
        if err.kind() == std::io::ErrorKind::AddrInUse {
            i18n::error(
                format!(
                    "端口 {port} 已被占用(是否已有一个 `gongkai serve` 在运行?)\n提示:用 `--port` 换一个端口,如 `--port {}`",
                    port.wrapping_add(1)
                ),
                format!(
                    "port {port} is in use (is another `gongkai serve` running?)\nhint: choose another with `--port`, e.g. `--port {}`",
                    port.wrapping_add(1)
                ),
            )
        } else {
            anyhow::Error::new(err).context(i18n::Message::new(
                format!("无法在 127.0.0.1:{port} 上监听"),
                format!("cannot listen on 127.0.0.1:{port}"),
            ))
        }
    })
}

/// Prints the address: alone on stdout (for scripts and tests, even with `-q`), and as a
/// status line on stderr.
fn announce(term: &Term, url: &str, open: bool) {
    let _ = term::stdout(&format!("{url}\n"));
    let message = match term.lang {
        Lang::Zh => format!("{url}(文件改动后自动重新生成;按 Ctrl-C 停止)"),
        Lang::En => format!("{url} (rebuilds when files change; Ctrl-C to stop)"),
    };
    term.status(term.lang.pick("预览地址", "Serving"), &message);
    if open && let Err(err) = opener::open(url) {
        let message = match term.lang {
            Lang::Zh => format!("无法打开浏览器({err}),请手动打开 {url}"),
            Lang::En => format!("cannot open a browser ({err}); open {url} by hand"),
        };
        term.status(term.lang.pick("警告", "Warning"), &message);
    }
}

/// One line per rebuild naming what changed.
fn report_changes(term: &Term, root: &Path, changes: &[PathBuf]) {
    // Name a file that is still there: an editor's (or `sed -i`'s) temporary file comes
    // and goes before the file it replaces.
    let named = |p: &&PathBuf| !p.as_os_str().is_empty();
    let Some(first) = changes
        .iter()
        .filter(named)
        .find(|p| root.join(p).exists())
        .or_else(|| changes.iter().find(named))
    else {
        return;
    };
    let first = first.display();
    let message = match (term.lang, changes.len()) {
        (_, 1) => first.to_string(),
        (Lang::Zh, n) => format!("{first} 等 {n} 个文件"),
        (Lang::En, n) => format!("{first} and {} more", n - 1),
    };
    term.status(term.lang.pick("文件改动", "Changed"), &message);
}

/// Builds the site into the temporary folder.
struct Builder<'a> {
    term: &'a Term,
    options: &'a ServeOptions<'a>,
    out: &'a Path,
    base_url: &'a str,
}

impl Builder<'_> {
    /// Builds once. A fatal error of the check is returned (on the first build it ends the
    /// run); errors in the records and failures to render become [`Outcome::Broken`].
    fn build(&self, first: bool) -> anyhow::Result<Outcome> {
        let (term, started) = (self.term, Instant::now());
        let mut checked = match build::check_and_print(term, self.options.repo, false) {
            Ok(checked) => checked,
            Err(err) if first => return Err(err),
            Err(err) => return Ok(self.broken(i18n::render_error(&err, term.lang))),
        };
        let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
        if !errors.is_empty() {
            let report = diagnostics::render_human(&errors, &checked.sources, term.lang, false);
            return Ok(self.broken(report));
        }
        let options = BuildOptions {
            repo: self.options.repo,
            out: self.out,
            audience: self.options.audience,
            // Absolute links (the 404 page's, the feeds') point at the preview.
            base_url: Some(self.base_url),
            strict: false,
        };
        match build::render_into(term, &mut checked, &options) {
            Ok(rendered) => {
                let seconds = started.elapsed().as_secs_f64();
                let message = match term.lang {
                    Lang::Zh => format!("{} 个页面,用时 {seconds:.2} 秒", rendered.pages),
                    Lang::En => format!("{} pages in {seconds:.2} s", rendered.pages),
                };
                term.status(term.lang.pick("已生成", "Built"), &message);
                Ok(Outcome::Ready)
            }
            Err(err) => Ok(self.broken(i18n::render_error(&err, term.lang))),
        }
    }

    fn broken(&self, report: String) -> Outcome {
        let term = self.term;
        term.status(
            term.lang.pick("有错误", "Errors"),
            term.lang.pick(
                "网站未能生成,浏览器中显示错误;改正后自动恢复",
                "the site was not built; the browser shows the errors until they are fixed",
            ),
        );
        Outcome::Broken(report)
    }
}
