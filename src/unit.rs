//! `unit.toml`: one administrative unit (a city, county, township, village, department or
//! station), its contacts and noticeboard, and the catalogues it discloses under.

use std::ops::Range;
use std::sync::LazyLock;

use crate::catalogue::{Catalogues, Level};
use crate::diagnostics::{Diagnostic, Problem, did_you_mean};
use crate::load::UnitDir;
use crate::schema::{FieldSpec, FieldType, Fields, Spanned, Validator, Value};
use crate::source::{FileId, SourceMap};
use crate::toml_tree::{self, Kind};

/// A unit after its `unit.toml` was checked.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    /// The path under `units/`, e.g. `yangzhou/jiangdu/xiannv`.
    pub(crate) id: String,
    pub(crate) file: FileId,
    pub(crate) parent: Option<usize>,
    pub(crate) name: String,
    pub(crate) level: Option<Level>,
    /// 统计用区划代码 or organisation code; the first part of generated 索引号.
    pub(crate) code: Option<String>,
    /// 监督电话.
    pub(crate) phone: Option<String>,
    /// Where the noticeboard (公开栏) stands.
    pub(crate) board: Option<String>,
    /// Where the suggestion box (意见箱) is.
    pub(crate) mailbox: Option<String>,
    /// The catalogues the unit discloses under (explicit, or the level's default).
    pub(crate) catalogues: Vec<String>,
    /// Whether `catalogues` is what the user meant: false when `unit.toml` could not be
    /// read, or names no usable level or catalogue list (already reported). Then a record
    /// of the unit is not reported for a class the list lacks: that would blame every
    /// record for one fault of `unit.toml`.
    pub(crate) catalogues_known: bool,
    /// A village's democratic finance group (民主理财小组), who hold the 民主理财证.
    pub(crate) finance_group: Vec<String>,
    /// Where a village keeps its 村务公开记录簿.
    pub(crate) record_book: Option<String>,
    /// The checked values with their spans, for later rules.
    pub(crate) fields: Fields,
}

impl Unit {
    /// The span to point at for a problem of the unit as a whole (its `name`, else the
    /// first line).
    pub(crate) fn anchor(&self) -> Range<usize> {
        self.fields.span("name").unwrap_or(0..0)
    }

    pub(crate) fn is_village(&self) -> bool {
        self.level == Some(Level::Village)
    }
}

/// Built once: compiling the two patterns for every unit cost more than parsing it (#7).
static SPECS: LazyLock<Vec<FieldSpec>> = LazyLock::new(specs);

fn specs() -> Vec<FieldSpec> {
    let list = || FieldType::List(Box::new(FieldType::string()));
    vec![
        FieldSpec::new("name", "名称", FieldType::string()).required(),
        FieldSpec::new("level", "层级", FieldType::string()).required(),
        FieldSpec::new(
            "code",
            "代码",
            FieldType::String { pattern: regex::Regex::new("^[0-9A-Z]{6,18}$").ok() },
        ),
        FieldSpec::new(
            "phone",
            "监督电话",
            FieldType::String { pattern: regex::Regex::new(r"^[0-9+()\- ]{3,30}$").ok() },
        ),
        FieldSpec::new("board", "公开栏位置", FieldType::string()),
        FieldSpec::new("mailbox", "意见箱位置", FieldType::string()),
        FieldSpec::new("catalogues", "公开目录", list()),
        FieldSpec::new("finance_group", "民主理财小组", list()),
        FieldSpec::new("record_book", "村务公开记录簿", FieldType::string()),
    ]
}

/// Reads one `unit.toml`. `usable` is false when the file could not be read as text (it
/// is already reported); the unit still exists, named after its folder.
pub(crate) fn parse(
    dir: &UnitDir,
    sources: &SourceMap,
    catalogues: &Catalogues,
    usable: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Unit {
    let file = dir.file;
    let text = sources.text(file);
    let mut unit = Unit {
        id: dir.id.clone(),
        file,
        parent: dir.parent,
        name: dir.id.rsplit('/').next().unwrap_or(&dir.id).to_owned(),
        level: None,
        code: None,
        phone: None,
        board: None,
        mailbox: None,
        catalogues: Vec::new(),
        catalogues_known: false,
        finance_group: Vec::new(),
        record_book: None,
        fields: Fields::default(),
    };
    if !usable {
        return unit;
    }
    let (body, base) = strip_bom(text);
    let root = match toml_tree::parse(body, base) {
        Ok(root) => root,
        Err(errors) => {
            for e in errors {
                diagnostics.push(Diagnostic::at(
                    Problem::TomlSyntax { detail: e.message },
                    file,
                    e.span,
                ));
            }
            return unit;
        }
    };
    let Kind::Table(table) = &root.kind else { return unit };
    let has_code = table.get("code").is_some();
    let fields = Validator { file, diagnostics }.table(
        table,
        root.span.clone(),
        SPECS.as_slice(),
        "",
        0..0,
        &|_| false,
    );
    if let Some(name) = fields.str("name") {
        unit.name = name;
    }
    if let (Some(level), Some(span)) = (fields.str("level"), fields.span("level")) {
        unit.level = Level::parse(&level);
        if unit.level.is_none() {
            let suggestion = did_you_mean(&level, Level::ALL.iter().map(|l| l.as_str()));
            diagnostics.push(Diagnostic::at(
                Problem::UnknownLevel { level, suggestion },
                file,
                span,
            ));
        }
    }
    unit.code = fields.str("code");
    unit.phone = fields.str("phone");
    unit.board = fields.str("board");
    unit.mailbox = fields.str("mailbox");
    unit.record_book = fields.str("record_book");
    unit.finance_group = fields.strings("finance_group").into_iter().map(|s| s.value).collect();
    (unit.catalogues, unit.catalogues_known) =
        match (table.get("catalogues"), fields.get("catalogues")) {
            (Some(_), Some(Spanned { value: Value::List(items), .. })) => {
                let mut ids = Vec::new();
                let mut known = true;
                for item in fields.strings("catalogues") {
                    if catalogues.get(&item.value).is_some() {
                        ids.push(item.value);
                    } else if catalogues.is_broken(&item.value) {
                        // Its file is reported; the catalogue is not "unknown".
                        known = false;
                    } else {
                        known = false;
                        let suggestion = did_you_mean(&item.value, catalogues.ids());
                        diagnostics.push(Diagnostic::at(
                            Problem::UnknownCatalogue { id: item.value, suggestion },
                            file,
                            item.span,
                        ));
                    }
                }
                // An item that is not a string was reported by the schema.
                (ids, known && items.iter().all(|i| matches!(i.value, Value::Str(_))))
            }
            // Present but not a list of strings (reported by the schema).
            (Some(_), _) => (Vec::new(), false),
            (None, _) => match unit.level {
                Some(level) => (catalogues.defaults_for(level), true),
                None => (Vec::new(), false),
            },
        };
    unit.fields = fields;
    check_classes_are_distinct(&unit, catalogues, diagnostics);
    // A unit that discloses needs a code: it starts every generated 索引号.
    if !unit.catalogues.is_empty() && !has_code {
        diagnostics.push(Diagnostic::at(
            Problem::MissingKey { key: "code".to_owned() },
            file,
            0..0,
        ));
    }
    unit
}

/// Two catalogues of one unit may not define the same class, or its records would be
/// ambiguous.
fn check_classes_are_distinct(
    unit: &Unit,
    catalogues: &Catalogues,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen: Vec<(String, &str)> = Vec::new();
    for id in &unit.catalogues {
        let Some(catalogue) = catalogues.get(id) else { continue };
        for class in &catalogue.classes {
            let key = class.key();
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let problem = Problem::DuplicateClass {
                    class: key.clone(),
                    first: (*first).to_owned(),
                    second: id.clone(),
                };
                let span = unit
                    .fields
                    .span("catalogues")
                    .or_else(|| unit.fields.span("level"))
                    .unwrap_or(0..0);
                diagnostics.push(Diagnostic::at(problem, unit.file, span));
            } else {
                seen.push((key, &catalogue.id));
            }
        }
    }
}

/// A leading byte-order mark is skipped (Windows editors write one) without shifting the
/// positions of what follows.
pub(crate) fn strip_bom(text: &str) -> (&str, usize) {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    }
}
