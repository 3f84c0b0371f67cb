//! `gongkai.toml`: the repository's site settings and refresh rules.

use crate::dates::{Window, Windows};
use crate::diagnostics::{Diagnostic, Problem};
use crate::schema::{FieldSpec, FieldType, Validator, Value};
use crate::source::FileId;
use crate::toml_tree::{self, Kind};

/// The settings of a repository.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Settings {
    pub(crate) title: String,
    /// Always ends with `/`.
    pub(crate) base_url: String,
    pub(crate) language: String,
    pub(crate) windows: Windows,
    /// A dynamic item is due this many days after its event.
    pub(crate) dynamic_within_days: i64,
    /// When set, the same rule counted in working days instead.
    pub(crate) dynamic_within_working_days: Option<i64>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            title: String::new(),
            base_url: "/".to_owned(),
            language: "zh-CN".to_owned(),
            windows: Windows::default(),
            dynamic_within_days: 20,
            dynamic_within_working_days: None,
        }
    }
}

fn specs() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new("title", "网站名称", FieldType::string()).required(),
        FieldSpec::new("base_url", "网址", FieldType::String { pattern: regex::Regex::new(r"^https?://\S+$").ok() })
            .required(),
        FieldSpec::new("language", "语言", FieldType::string()),
        FieldSpec::new(
            "refresh",
            "刷新",
            FieldType::Object(vec![
                FieldSpec::new("windows", "统一刷新时段", FieldType::List(Box::new(FieldType::string()))),
                FieldSpec::new("dynamic_within_days", "动态信息公开时限(日)", FieldType::Integer),
                FieldSpec::new("dynamic_within_working_days", "动态信息公开时限(工作日)", FieldType::Integer),
            ]),
        ),
    ]
}

/// Reads the settings, reporting every problem; unusable values fall back to defaults so
/// the records can still be checked.
pub(crate) fn parse(file: FileId, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Settings {
    let mut settings = Settings::default();
    let root = match toml_tree::parse(text, 0) {
        Ok(root) => root,
        Err(errors) => {
            for e in errors {
                diagnostics.push(Diagnostic::at(Problem::TomlSyntax { detail: e.message }, file, e.span));
            }
            return settings;
        }
    };
    let Kind::Table(table) = &root.kind else { return settings };
    let fields = Validator { file, diagnostics }.table(table, root.span.clone(), &specs(), "", 0..0, &|_| false);
    if let Some(title) = fields.str("title") {
        settings.title = title;
    }
    if let Some(url) = fields.str("base_url") {
        settings.base_url = if url.ends_with('/') { url } else { format!("{url}/") };
    }
    if let Some(language) = fields.str("language") {
        settings.language = language;
    }
    if let Some(Value::Object(refresh)) = fields.get("refresh").map(|v| &v.value) {
        if refresh.get("windows").is_some() {
            let mut windows = Vec::new();
            for item in refresh.strings("windows") {
                match Window::parse(&item.value) {
                    Ok(w) => windows.push(w),
                    Err(e) => {
                        let backwards = e == crate::dates::WindowError::Backwards;
                        let problem = Problem::InvalidWindow { value: item.value, backwards };
                        diagnostics.push(Diagnostic::at(problem, file, item.span));
                    }
                }
            }
            settings.windows = Windows::new(windows);
        }
        let mut positive = |key: &str| {
            let days = refresh.int(key)?;
            if days >= 1 {
                return Some(days);
            }
            report_not_positive(key, days, refresh.span(key), file, diagnostics);
            None
        };
        if let Some(days) = positive("dynamic_within_days") {
            settings.dynamic_within_days = days;
        }
        settings.dynamic_within_working_days = positive("dynamic_within_working_days");
    }
    settings
}

fn report_not_positive(
    key: &str,
    days: i64,
    span: Option<std::ops::Range<usize>>,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let problem = Problem::InvalidValue {
        key: format!("refresh.{key}"),
        value: days.to_string(),
        allowed: vec!["1, 2, 3, …".to_owned()],
        suggestion: None,
    };
    diagnostics.push(Diagnostic::at(problem, file, span.unwrap_or(0..0)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    fn read(text: &str) -> (Settings, Vec<String>) {
        let mut sources = SourceMap::default();
        let file = sources.add("gongkai.toml".into(), text.into());
        let mut diagnostics = Vec::new();
        let settings = parse(file, text, &mut diagnostics);
        let codes = diagnostics
            .iter()
            .map(|d| {
                let (l, c) = sources.get(file).position(d.span.clone().unwrap_or(0..0).start);
                format!("{}@{l}:{c}", d.code())
            })
            .collect();
        (settings, codes)
    }

    #[test]
    fn the_spec_example_reads() {
        let (settings, codes) = read(
            "title = \"扬州市政务公开网\"\nbase_url = \"https://gk.example.gov.cn\"\nlanguage = \"zh-CN\"\n\n[refresh]\nwindows = [\"01-15..01-25\", \"03-15..03-25\", \"08-15..08-25\"]\ndynamic_within_days = 20\n",
        );
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(settings.base_url, "https://gk.example.gov.cn/");
        assert_eq!(settings.windows, Windows::default());
    }

    #[test]
    fn bad_windows_and_keys_are_reported() {
        let (_, codes) = read(
            "title = \"x\"\nbase_url = \"https://a/\"\ntitel = 1\n[refresh]\nwindows = [\"08-25..08-15\", \"8-1..8-2\"]\ndynamic_within_days = 0\n",
        );
        assert_eq!(codes, ["unknown-key@3:1", "invalid-window@5:12", "invalid-window@5:28", "invalid-value@6:23"]);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let (_, codes) = read("title = \"x\"\nbase_url = \n");
        assert_eq!(codes.len(), 1);
        assert!(codes[0].starts_with("toml-syntax@2:"), "{codes:?}");
    }
}
