//! The terminal: colour, quiet and verbose, progress bars, and writing to stdout without
//! dying on a closed pipe.
//!
//! Colour is decided once, here, from `--color`, `NO_COLOR`, `TERM=dumb` and whether
//! stderr is a terminal. stdout carries only the data the user asked for (JSON, tables);
//! diagnostics, progress and status lines go to stderr.

use std::io::{IsTerminal, Write};

use crate::cli::{ColorArg, Global};
use crate::i18n::Lang;

#[derive(Clone, Debug)]
pub(crate) struct Term {
    pub(crate) lang: Lang,
    /// Colour on stderr.
    pub(crate) color: bool,
    pub(crate) quiet: bool,
    pub(crate) verbose: u8,
    /// stderr is a terminal (progress bars are shown only then).
    pub(crate) interactive: bool,
}

impl Term {
    pub(crate) fn new(global: &Global) -> Term {
        let interactive = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let color = match global.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => interactive && !no_color && !dumb,
        };
        Term { lang: global.lang, color, quiet: global.quiet, verbose: global.verbose, interactive }
    }

    /// A status line on stderr in cargo's style (`    Finished …`), unless `-q`.
    pub(crate) fn status(&self, verb: &str, message: &str) {
        if self.quiet {
            return;
        }
        let line = if self.color {
            format!("\x1b[1;32m{verb:>12}\x1b[0m {message}\n")
        } else {
            format!("{verb:>12} {message}\n")
        };
        let _ = std::io::stderr().write_all(line.as_bytes());
    }

    /// A line on stderr only with `-v`.
    pub(crate) fn verbose(&self, message: &str) {
        if self.verbose > 0 && !self.quiet {
            let _ = writeln!(std::io::stderr(), "{message}");
        }
    }

    /// Writes text to stderr (diagnostics).
    pub(crate) fn stderr(&self, text: &str) {
        let _ = std::io::stderr().write_all(text.as_bytes());
    }

    /// A progress bar on stderr for `len` steps, hidden off a terminal and with `-q`.
    pub(crate) fn progress(&self, len: u64, message: &'static str) -> indicatif::ProgressBar {
        if !self.interactive || self.quiet {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(len);
        let style = indicatif::ProgressStyle::with_template("{msg:>12.green.bold} [{bar:30}] {pos}/{len}")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(message);
        bar
    }
}

/// Writes `text` to stdout. A closed pipe (`gongkai report | head`) is not an error: the
/// reader has what it wanted (ripgrep does the same).
pub(crate) fn stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
