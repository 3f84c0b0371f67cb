//! The command line: clap types, converted here into plain [`Options`].
//!
//! Nothing outside this module sees clap (ripgrep's lesson: encapsulate the argument
//! parser, or upgrading it touches everything). Dates and enums are parsed here so that a
//! bad `--as-of` is a usage error (exit 2) before any work starts.

mod zh;

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
    /// Check, then write the static disclosure website
    Build {
        #[command(flatten)]
        repo: RepoArgs,
        /// Output folder
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Who the site is for: the public, or the unit's own staff (intranet, with 对内公开 records)
        #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
        audience: AudienceArg,
        /// Override `base_url` from gongkai.toml (e.g. for an intranet mirror)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Refuse to build when a unit is not compliant (missing or stale classes are errors)
        #[arg(long)]
        strict: bool,
    },
    /// Write the printable noticeboard sheets (公开栏) for a refresh window
    Sheets {
        #[command(flatten)]
        repo: RepoArgs,
        /// The refresh window, e.g. 2026-08 [default: the current window, else the next one]
        #[arg(long, value_name = "YYYY-MM")]
        window: Option<String>,
        /// Only this unit (repeatable) [default: every unit with a noticeboard]
        #[arg(long = "unit", value_name = "ID")]
        units: Vec<String>,
        /// Paper size
        #[arg(long, value_enum, default_value_t = Paper::A3)]
        paper: Paper,
        /// What to write
        #[arg(long, value_enum, default_value_t = SheetFormat::Pdf)]
        format: SheetFormat,
        /// Output folder
        #[arg(long, default_value = "sheets")]
        out: PathBuf,
        /// Extra folder of fonts to use (repeatable)
        #[arg(long = "font-dir", value_name = "DIR")]
        font_dirs: Vec<PathBuf>,
        /// Use only the bundled font and --font-dir, not the system's (same bytes on every machine)
        #[arg(long)]
        no_system_fonts: bool,
    },
    /// Per unit: what must be posted or refreshed next, and what is overdue
    Due {
        #[command(flatten)]
        repo: RepoArgs,
        /// Only this unit (repeatable)
        #[arg(long = "unit", value_name = "ID")]
        units: Vec<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = DueFormat::Human)]
        format: DueFormat,
    },
    /// Compliance scorecard (考核) per unit
    Report {
        #[command(flatten)]
        repo: RepoArgs,
        /// Output format
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Scaffold a new repository with one example record per class
    Init {
        /// The folder to create (must not exist or be empty)
        dir: PathBuf,
        /// Level of the first unit
        #[arg(long, default_value = "township")]
        level: String,
        /// Name of the first unit, e.g. 仙女镇
        #[arg(long)]
        name: Option<String>,
        /// Statistical division code or organisation code of the first unit
        #[arg(long)]
        code: Option<String>,
        /// The day the example records are published and reviewed [default: today]
        #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
        as_of: Option<Date>,
    },
    /// Create a record file with the right front matter
    New {
        /// The unit id, e.g. yangzhou/jiangdu/xiannv
        unit: String,
        /// The class, e.g. funds or external/funds
        class: String,
        /// The record's title
        title: String,
        /// Name of the file: `YYYY-MM-DD-<SLUG>.md` [default: from the title's ASCII words, else the date and a counter]
        #[arg(long)]
        slug: Option<String>,
        /// The repository folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The day to date the record [default: today]
        #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
        as_of: Option<Date>,
    },
    /// Preview the site on 127.0.0.1, rebuilding on every change
    Serve {
        #[command(flatten)]
        repo: RepoArgs,
        /// Port to listen on
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Open the site in a browser
        #[arg(long)]
        open: bool,
        /// Who the preview is for
        #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
        audience: AudienceArg,
    },
    /// The statutory annual report (年度报告) of disclosure work
    AnnualReport {
        #[command(flatten)]
        repo: RepoArgs,
        /// The year reported on [default: last year]
        #[arg(long)]
        year: Option<i16>,
        /// Output format
        #[arg(long, value_enum, default_value_t = AnnualFormat::Table)]
        format: AnnualFormat,
    },
    /// Print a shell completion script
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff)
    Man,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AudienceArg {
    /// The public site (对外公开 only)
    Public,
    /// The intranet site (对外公开 and 对内公开)
    Internal,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Paper {
    A3,
    A4,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SheetFormat {
    Pdf,
    Html,
    Both,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DueFormat {
    Human,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReportFormat {
    Table,
    Json,
    Csv,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AnnualFormat {
    Table,
    Json,
    Csv,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
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
    Check {
        repo: RepoOptions,
        format: CheckFormat,
        deny_warnings: bool,
    },
    Build {
        repo: RepoOptions,
        out: PathBuf,
        audience: AudienceArg,
        base_url: Option<String>,
        strict: bool,
    },
    Sheets(SheetOptions),
    Due {
        repo: RepoOptions,
        units: Vec<String>,
        format: DueFormat,
    },
    Report {
        repo: RepoOptions,
        format: ReportFormat,
    },
    Init {
        dir: PathBuf,
        level: String,
        name: Option<String>,
        code: Option<String>,
        today: Date,
    },
    New {
        root: PathBuf,
        unit: String,
        class: String,
        title: String,
        slug: Option<String>,
        today: Date,
    },
    Serve {
        repo: RepoOptions,
        port: u16,
        open: bool,
        audience: AudienceArg,
    },
    AnnualReport {
        repo: RepoOptions,
        year: Option<i16>,
        format: AnnualFormat,
    },
    Completions {
        shell: Shell,
    },
    Man,
}

#[derive(Clone, Debug)]
pub(crate) struct SheetOptions {
    pub(crate) repo: RepoOptions,
    pub(crate) window: Option<String>,
    pub(crate) units: Vec<String>,
    pub(crate) paper: Paper,
    pub(crate) format: SheetFormat,
    pub(crate) out: PathBuf,
    pub(crate) font_dirs: Vec<PathBuf>,
    pub(crate) system_fonts: bool,
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
/// (code 2 for errors, 0 for help and version). Help is in Chinese when the run is.
pub(crate) fn parse() -> Options {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let command = match lang_in_args(&args).unwrap_or_else(Lang::from_env) {
        Lang::Zh => zh::localize(command()),
        Lang::En => command(),
    };
    let matches = command.get_matches_from(args);
    match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => from_cli(cli),
        Err(e) => e.exit(),
    }
}

/// `--lang zh` / `--lang=en` among the arguments, looked for before clap parses them so
/// that `--help` can speak the same language.
fn lang_in_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let words: Vec<&str> =
        args.iter().skip(1).filter_map(|a| a.to_str()).take_while(|a| *a != "--").collect();
    let value =
        words.iter().enumerate().rev().find_map(|(i, w)| match w.strip_prefix("--lang") {
            Some("") => words.get(i + 1).copied(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        })?;
    match value {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The clap command (for completions and the man page).
pub(crate) fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
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
        Command::Build { repo, out, audience, base_url, strict } => {
            Action::Build { repo: repo.into_options(), out, audience, base_url, strict }
        }
        Command::Sheets { repo, window, units, paper, format, out, font_dirs, no_system_fonts } => {
            Action::Sheets(SheetOptions {
                repo: repo.into_options(),
                window,
                units,
                paper,
                format,
                out,
                font_dirs,
                system_fonts: !no_system_fonts,
            })
        }
        Command::Due { repo, units, format } => {
            Action::Due { repo: repo.into_options(), units, format }
        }
        Command::Report { repo, format } => Action::Report { repo: repo.into_options(), format },
        Command::Init { dir, level, name, code, as_of } => {
            Action::Init { dir, level, name, code, today: as_of.unwrap_or_else(dates::today) }
        }
        Command::New { unit, class, title, slug, root, as_of } => Action::New {
            root,
            unit,
            class,
            title,
            slug,
            today: as_of.unwrap_or_else(dates::today),
        },
        Command::Serve { repo, port, open, audience } => {
            Action::Serve { repo: repo.into_options(), port, open, audience }
        }
        Command::AnnualReport { repo, year, format } => {
            Action::AnnualReport { repo: repo.into_options(), year, format }
        }
        Command::Completions { shell } => Action::Completions { shell },
        Command::Man => Action::Man,
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
        let options = try_parse_from(["gongkai", "check", "x", "--as-of", "2026-02-28"])
            .unwrap_or_else(|e| panic!("{e}"));
        let Action::Check { repo, .. } = options.action else { panic!("not check") };
        assert_eq!(repo.as_of.to_string(), "2026-02-28");
        assert_eq!(repo.dir, PathBuf::from("x"));
    }
}
