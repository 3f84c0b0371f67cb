//! `gongkai check`: validate everything and print the diagnostics.

use std::process::ExitCode;

use crate::check::{self, Checked};
use crate::cli::{CheckFormat, RepoOptions};
use crate::diagnostics::{self, Counts};
use crate::term::{self, Term};

pub(crate) fn run(
    term: &Term,
    repo: &RepoOptions,
    format: CheckFormat,
    deny_warnings: bool,
) -> anyhow::Result<ExitCode> {
    let checked = check::check(&repo.dir, repo.as_of)?;
    let counts = diagnostics::count(&checked.diagnostics);
    print(term, &checked, format)?;
    if matches!(format, CheckFormat::Human | CheckFormat::Short) {
        term.status(term.lang.pick("检查完成", "Checked"), &summary(term, &checked, counts));
    }
    // The process ends here: leave freeing every record, field and source to the OS
    // (3% of `check`'s instructions, #7).
    std::mem::forget(checked);
    Ok(super::exit_code(counts, deny_warnings))
}

/// Prints the diagnostics in `format`: human and short on stderr, the rest on stdout.
pub(crate) fn print(term: &Term, checked: &Checked, format: CheckFormat) -> anyhow::Result<()> {
    let (d, s, lang) = (&checked.diagnostics, &checked.sources, term.lang);
    let shown: Vec<_> =
        if term.quiet { d.iter().filter(|x| x.is_error()).cloned().collect() } else { d.clone() };
    match format {
        CheckFormat::Human => term.stderr(&diagnostics::render_human(&shown, s, lang, term.color)),
        CheckFormat::Short => term.stderr(&diagnostics::short(&shown, s, lang)),
        CheckFormat::Json => {
            let coverage = serde_json::to_value(&checked.coverage)?;
            let value = diagnostics::json_value(
                d,
                s,
                lang,
                checked.repo.units.len(),
                checked.repo.records.len(),
                coverage,
            );
            term::stdout(&format!("{}\n", serde_json::to_string_pretty(&value)?))?;
        }
        CheckFormat::Github => term::stdout(&diagnostics::github(d, s, lang))?,
        CheckFormat::Junit => term::stdout(&diagnostics::junit(d, s, lang, &checked.files))?,
    }
    Ok(())
}

/// `12 个单位、86 条记录:0 个错误,2 个警告`.
fn summary(term: &Term, checked: &Checked, counts: Counts) -> String {
    let (units, records) = (checked.repo.units.len(), checked.repo.records.len());
    let (errors, warnings) = (counts.errors, counts.warnings);
    match term.lang {
        crate::i18n::Lang::Zh => {
            format!("{units} 个单位、{records} 条记录:{errors} 个错误,{warnings} 个警告")
        }
        crate::i18n::Lang::En => {
            let n = |count: usize, noun: &str| {
                format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
            };
            format!(
                "{}, {}: {}, {}",
                n(units, "unit"),
                n(records, "record"),
                n(errors, "error"),
                n(warnings, "warning")
            )
        }
    }
}
