//! `gongkai completions SHELL` and `gongkai man`: generated from the clap definition.
//!
//! These two are about the command line itself, so they are the one place outside
//! `cli.rs` that handles a `clap::Command` (through `cli::command()`); clap_complete and
//! clap_mangen take nothing else.

use std::process::ExitCode;

use crate::cli::{self, Shell};
use crate::term;

pub(crate) fn completions(shell: Shell) -> anyhow::Result<ExitCode> {
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
        Shell::Elvish => S::Elvish,
    };
    let mut command = cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "gongkai", &mut script);
    term::stdout(&String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}

/// The man page in roff: the whole command, then one section per subcommand with its
/// options, so a single `gongkai.1` documents everything.
pub(crate) fn man() -> anyhow::Result<ExitCode> {
    let command = cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).manual("gongkai").render(&mut page)?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("gongkai {}", sub.get_name());
        page.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        let sub_man = clap_mangen::Man::new(sub.clone().bin_name(name));
        let mut part = Vec::new();
        sub_man.render_description_section(&mut part)?;
        sub_man.render_synopsis_section(&mut part)?;
        sub_man.render_options_section(&mut part)?;
        // Sections of a subcommand become subsections of its own section.
        // Each render repeats the `\*(Aq` definition, already made at the top of the page.
        let part: String = String::from_utf8_lossy(&part)
            .lines()
            .filter(|l| !l.starts_with(".ie \\n(.g") && !l.starts_with(".el .ds Aq"))
            .map(|l| match l.strip_prefix(".SH ") {
                Some(rest) => format!(".SS {rest}\n"),
                None => format!("{l}\n"),
            })
            .collect();
        page.extend_from_slice(part.as_bytes());
    }
    term::stdout(&title_first(&String::from_utf8_lossy(&page)))?;
    Ok(ExitCode::SUCCESS)
}

/// clap_mangen opens with the definition of the `\*(Aq` string; `man`, `file` and
/// `whatis` look for `.TH` on the first line, and the definition works as well after it.
fn title_first(page: &str) -> String {
    let Some(start) = page.find("\n.TH ") else { return page.to_owned() };
    let end = page[start + 1..].find('\n').map_or(page.len(), |i| start + 1 + i + 1);
    format!("{}{}{}", &page[start + 1..end], &page[..start + 1], &page[end..])
}
