//! The command line: clap types, converted here into plain [`Options`].
//!
//! Nothing outside this module sees clap (ripgrep's lesson: encapsulate the argument
//! parser, or upgrading it touches everything). Dates and enums are parsed here so that a
//! bad `--as-of` is a usage error (exit 2) before any work starts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::dates::{self, Date};
use crate::i18n::Lang;

#[derive(Parser, Debug)]
#[command(
    name = "gongkai",
    version,
    about = "公开: compile government-disclosure catalogues into a checked website and noticeboard sheets",
    long_about = "gongkai (公开) reads a repository of disclosure records (TOML/Markdown), checks every \
record and unit against the category schemas, and writes the disclosure website and the printable \
noticeboard sheets.\n\ngongkai(公开)读取政务公开记录库,按分类目录逐条检查,生成政务公开网站和公开栏张贴页。",
    propagate_version = true,
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: GlobalArgs,
}

#[derive(Args, Debug)]
struct GlobalArgs {
    /// Language of messages [default: from LC_ALL / LC_MESSAGES / LANG]
    #[arg(long, value_enum, global = true)]
    lang: Option<LangArg>,
    /// When to colour the output
    #[arg(long, value_enum, global = true, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Print only errors
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print more about what is done (-vv for even more)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Number of threads [default: the number of CPUs]
    #[arg(short, long, global = true, value_name = "N")]
    jobs: Option<usize>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum LangArg {
    Zh,
    En,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
}

/// The repository folder and the day to judge against, shared by every command.
#[derive(Args, Debug)]
struct RepoArgs {
    /// The repository folder (holding gongkai.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Judge "current", "due" and "stale" as of this day (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    as_of: Option<Date>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check every record and unit; print diagnostics; exit 1 on any error
    Check {
        #[command(flatten)]
        repo: RepoArgs,
        /// Output format of the diagnostics
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Treat warnings as errors (exit 1)
        #[arg(long)]
        deny_warnings: bool,
    },
}

/// Output formats of `check`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CheckFormat {
    /// Diagnostics with source snippets, on stderr
    Human,
    /// One line per diagnostic, on stderr
    Short,
    /// One JSON document, on stdout
    Json,
    /// GitHub Actions workflow commands, on stdout
    Github,
    /// JUnit XML (one test case per file), on stdout
    Junit,
}

fn parse_date_arg(text: &str) -> Result<Date, String> {
    dates::parse_date(text).ok_or_else(|| format!("`{text}` is not a date of the form YYYY-MM-DD"))
}

/// Options common to every command.
#[derive(Clone, Debug)]
pub(crate) struct Global {
    pub(crate) lang: Lang,
    pub(crate) color: ColorArg,
    pub(crate) quiet: bool,
    pub(crate) verbose: u8,
    pub(crate) jobs: Option<usize>,
}

/// A repository folder and the `--as-of` day (today when not given).
#[derive(Clone, Debug)]
pub(crate) struct RepoOptions {
    pub(crate) dir: PathBuf,
    pub(crate) as_of: Date,
}

/// What to do, with plain values only.
#[derive(Clone, Debug)]
pub(crate) enum Action {
    Check { repo: RepoOptions, format: CheckFormat, deny_warnings: bool },
}

#[derive(Clone, Debug)]
pub(crate) struct Options {
    pub(crate) global: Global,
    pub(crate) action: Action,
}

impl RepoArgs {
    fn into_options(self) -> RepoOptions {
        RepoOptions { dir: self.dir, as_of: self.as_of.unwrap_or_else(dates::today) }
    }
}

/// Parses the process arguments; on a usage error or `--help`, clap prints and exits
/// (code 2 for errors, 0 for help and version).
pub(crate) fn parse() -> Options {
    from_cli(Cli::parse())
}

/// Parses the given arguments (for tests).
#[cfg(test)]
pub(crate) fn try_parse_from<I, T>(args: I) -> Result<Options, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    Cli::try_parse_from(args).map(from_cli)
}

fn from_cli(cli: Cli) -> Options {
    let g = cli.global;
    let lang = match g.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_env(),
    };
    let global = Global { lang, color: g.color, quiet: g.quiet, verbose: g.verbose, jobs: g.jobs };
    let action = match cli.command {
        Command::Check { repo, format, deny_warnings } => {
            Action::Check { repo: repo.into_options(), format, deny_warnings }
        }
    };
    Options { global, action }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn as_of_must_be_a_real_date() {
        assert!(try_parse_from(["gongkai", "check", "--as-of", "2026-02-30"]).is_err());
        let options = try_parse_from(["gongkai", "check", "x", "--as-of", "2026-02-28"]).unwrap_or_else(|e| panic!("{e}"));
        let Action::Check { repo, .. } = options.action;
        assert_eq!(repo.as_of.to_string(), "2026-02-28");
        assert_eq!(repo.dir, PathBuf::from("x"));
    }
}
