//! Machine formats of `check --format`: JSON, GitHub Actions workflow commands, JUnit XML,
//! and the one-line short format.
//!
//! Each takes already sorted diagnostics and produces a string; the JSON document's
//! fields are part of the contract (SPEC §4: fields may be added, never renamed).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Diagnostic, Located, Severity, count};
use crate::i18n::Lang;
use crate::source::{FileId, SourceMap};

/// The `check --format json` document. `coverage` is filled in by the compliance rules.
pub(crate) fn json_value(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    lang: Lang,
    units: usize,
    records: usize,
    coverage: Value,
) -> Value {
    let counts = count(diagnostics);
    let list: Vec<Located> = diagnostics.iter().map(|d| Located::new(d, sources, lang)).collect();
    json!({
        "summary": { "errors": counts.errors, "warnings": counts.warnings, "units": units, "records": records },
        "diagnostics": list,
        "coverage": coverage,
    })
}

/// `path:line:col: severity[code]: message`, one line each (hints on the next line).
pub(crate) fn short(diagnostics: &[Diagnostic], sources: &SourceMap, lang: Lang) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let l = Located::new(d, sources, lang);
        let place = match (&l.file, l.line, l.column) {
            (Some(f), Some(line), Some(col)) => format!("{f}:{line}:{col}: "),
            (Some(f), _, _) => format!("{f}: "),
            _ => String::new(),
        };
        let _ = writeln!(out, "{place}{}[{}]: {}", l.severity.as_str(), l.code, l.message);
        if let Some(help) = l.help {
            let _ = writeln!(out, "    {}{}", lang.pick("提示:", "hint: "), help.replace('\n', " "));
        }
    }
    out
}

/// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`).
pub(crate) fn github(diagnostics: &[Diagnostic], sources: &SourceMap, lang: Lang) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let l = Located::new(d, sources, lang);
        let mut props = Vec::new();
        if let Some(file) = &l.file {
            props.push(format!("file={}", escape_property(file)));
        }
        if let Some(line) = l.line {
            props.push(format!("line={line}"));
        }
        if let Some(col) = l.column {
            props.push(format!("col={col}"));
        }
        props.push(format!("title={}", escape_property(&format!("gongkai {}", l.code))));
        let mut message = l.message.clone();
        if let Some(help) = &l.help {
            message.push('\n');
            message.push_str(lang.pick("提示:", "hint: "));
            message.push_str(help);
        }
        let _ = writeln!(out, "::{} {}::{}", l.severity.as_str(), props.join(","), escape_data(&message));
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// JUnit XML: one test case per checked file (each record, unit and the settings), failed
/// by its errors; problems with no file go in a test case of their own.
pub(crate) fn junit(diagnostics: &[Diagnostic], sources: &SourceMap, lang: Lang, files: &[FileId]) -> String {
    let mut by_file: BTreeMap<Option<&str>, Vec<Located>> = BTreeMap::new();
    for &id in files {
        by_file.entry(Some(sources.path(id))).or_default();
    }
    for d in diagnostics {
        let path = d.file.map(|id| sources.path(id));
        by_file.entry(path).or_default().push(Located::new(d, sources, lang));
    }
    let tests = by_file.len();
    let failures = by_file.values().filter(|list| list.iter().any(|l| l.severity == Severity::Error)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"gongkai check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">");
    let _ = writeln!(
        out,
        "  <testsuite name=\"gongkai check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    );
    for (path, list) in &by_file {
        let name = path.unwrap_or("(repository)");
        let classname = junit_classname(name);
        let _ = write!(out, "    <testcase name=\"{}\" classname=\"{}\"", xml(name), xml(&classname));
        if list.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let errors: Vec<&Located> = list.iter().filter(|l| l.severity == Severity::Error).collect();
        if let Some(first) = errors.first() {
            let body: Vec<String> = errors.iter().map(|l| junit_line(l, lang)).collect();
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                xml(first.code),
                xml(&first.message),
                xml(&body.join("\n"))
            );
        }
        let warnings: Vec<String> =
            list.iter().filter(|l| l.severity == Severity::Warning).map(|l| junit_line(l, lang)).collect();
        if !warnings.is_empty() {
            let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&warnings.join("\n")));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn junit_line(l: &Located, lang: Lang) -> String {
    let place = match (&l.file, l.line, l.column) {
        (Some(f), Some(line), Some(col)) => format!("{f}:{line}:{col}"),
        (Some(f), _, _) => f.clone(),
        _ => String::new(),
    };
    let mut line = format!("{place}: {}[{}]: {}", l.severity.as_str(), l.code, l.message);
    if let Some(help) = &l.help {
        let _ = write!(line, " ({}{})", lang.pick("提示:", "hint: "), help.replace('\n', " "));
    }
    line
}

/// `units/yangzhou/jiangdu/xiannv/external/funds/x.md` → `yangzhou.jiangdu.xiannv.external.funds`.
fn junit_classname(path: &str) -> String {
    let trimmed = path.strip_prefix("units/").unwrap_or(path);
    match trimmed.rsplit_once('/') {
        Some((dir, _)) => dir.replace('/', "."),
        None => "gongkai".to_owned(),
    }
}

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn xml_escaping_drops_control_characters() {
        assert_eq!(xml("<a href=\"x\">&\u{1}</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    }

    #[test]
    fn classnames_follow_the_unit_path() {
        assert_eq!(junit_classname("units/a/b/external/funds/x.md"), "a.b.external.funds");
        assert_eq!(junit_classname("gongkai.toml"), "gongkai");
    }
}
