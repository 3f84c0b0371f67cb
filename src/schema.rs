//! Field schemas and the validator that checks a TOML table against them.
//!
//! Records, `unit.toml`, `gongkai.toml` and requests are all checked the same way: a list
//! of [`FieldSpec`]s says which keys exist, their types and which are required, and
//! [`Validator::table`] walks the spanned TOML tree, reporting *every* unknown key (with a
//! "did you mean"), wrong type, missing key, impossible date and bad value, and returns the
//! values it could read. Serde derive would stop at the first error and lose positions,
//! which is why gongkai does not use it for user files.

use std::collections::BTreeSet;
use std::ops::Range;

use regex::Regex;

use crate::dates::{self, Date};
use crate::diagnostics::{Diagnostic, Problem, did_you_mean};
use crate::source::FileId;
use crate::toml_tree::{Kind, Node, Table};

/// One key of a table.
#[derive(Clone, Debug)]
pub(crate) struct FieldSpec {
    pub(crate) name: String,
    /// The Chinese label shown on pages and sheets.
    pub(crate) label: String,
    pub(crate) ty: FieldType,
    pub(crate) required: bool,
    /// Shown as a key figure on the noticeboard sheet.
    pub(crate) key: bool,
}

impl FieldSpec {
    pub(crate) fn new(name: &str, label: &str, ty: FieldType) -> FieldSpec {
        FieldSpec {
            name: name.to_owned(),
            label: label.to_owned(),
            ty,
            required: false,
            key: false,
        }
    }

    pub(crate) fn required(mut self) -> FieldSpec {
        self.required = true;
        self
    }
}

#[derive(Clone, Debug)]
pub(crate) enum FieldType {
    String {
        pattern: Option<Regex>,
    },
    /// Multi-line text (Markdown allowed where the page renders it).
    Text,
    Date,
    Integer,
    Decimal,
    /// An amount in yuan with at most two decimals.
    Money,
    #[allow(dead_code)] // no catalogue type name maps to it yet (`scalar` in catalogue/merge.rs)
    Bool,
    Enum(Vec<String>),
    List(Box<FieldType>),
    /// An array of tables, each with these columns.
    Table(Vec<FieldSpec>),
    /// One nested table with these keys (used by `gongkai.toml`'s `[refresh]`).
    Object(Vec<FieldSpec>),
}

impl FieldType {
    pub(crate) fn string() -> FieldType {
        FieldType::String { pattern: None }
    }

    pub(crate) fn enumeration(values: &[&str]) -> FieldType {
        FieldType::Enum(values.iter().map(|v| (*v).to_owned()).collect())
    }

    /// The name used in "expected X" messages.
    fn name(&self) -> &'static str {
        match self {
            FieldType::String { .. } => "string",
            FieldType::Text => "text",
            FieldType::Date => "date",
            FieldType::Integer => "integer",
            FieldType::Decimal => "decimal",
            FieldType::Money => "money",
            FieldType::Bool => "boolean",
            FieldType::Enum(_) => "enum",
            FieldType::List(_) => "list",
            FieldType::Table(_) => "rows",
            FieldType::Object(_) => "table",
        }
    }
}

/// An amount of money in fen (分), exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Money(pub(crate) i64);

impl Money {
    /// `1250000.5` → `1,250,000.50` (yuan, two decimals, thousands separated).
    pub(crate) fn display(self) -> String {
        let negative = self.0 < 0;
        let fen = self.0.unsigned_abs();
        let yuan = (fen / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{}{}.{:02}", if negative { "-" } else { "" }, grouped, fen % 100)
    }
}

/// A value that passed its type check.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// A string, text or enum value.
    Str(String),
    Date(Date),
    Int(i64),
    /// A decimal number as written (`12.5`).
    Decimal(String),
    Money(Money),
    Bool(bool),
    List(Vec<Spanned<Value>>),
    Rows(Vec<Fields>),
    /// Boxed: the other values are at most a `String`, and every value pays for the largest.
    Object(Box<Fields>),
}

impl Value {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value as one line of display text (dates as `2026-03-18`, money with yuan
    /// separators); lists joined with `、`, rows summarised by count.
    pub(crate) fn display(&self) -> String {
        match self {
            Value::Str(s) | Value::Decimal(s) => s.clone(),
            Value::Date(d) => d.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Money(m) => m.display(),
            Value::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
            Value::List(items) => {
                items.iter().map(|i| i.value.display()).collect::<Vec<_>>().join("、")
            }
            Value::Rows(rows) => format!("{} 项", rows.len()),
            Value::Object(fields) => format!("{} 项", fields.map.len()),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) span: Range<usize>,
}

/// The values of a table that passed their checks, by key, with the table's span.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Fields {
    pub(crate) span: Range<usize>,
    pub(crate) map: FieldMap,
    /// Keys that are written but whose value was reported as unusable (a wrong type, a
    /// day that does not exist): a rule that needs the key must not report it missing too.
    pub(crate) invalid: BTreeSet<String>,
}

/// Keys and their values, in key order, in one vector the size of the table. A
/// `BTreeMap` was 7 of the 10 KB a parsed record held (#7): a table has a handful of
/// keys, and each of its nodes has room for eleven, ~100 bytes apiece.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct FieldMap(Vec<(String, Spanned<Value>)>);

impl FieldMap {
    fn with_capacity(keys: usize) -> FieldMap {
        FieldMap(Vec::with_capacity(keys))
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Spanned<Value>> {
        let at = self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        Some(&self.0[at].1)
    }

    /// Adds `key`, or replaces its value.
    pub(crate) fn insert(&mut self, key: String, value: Spanned<Value>) {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (key, value)),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &Spanned<Value>> {
        self.0.iter().map(|(_, v)| v)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&String, &Spanned<Value>)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Fields {
    /// Whether `key` is written with a value that was reported as unusable.
    pub(crate) fn is_invalid(&self, key: &str) -> bool {
        self.invalid.contains(key)
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Spanned<Value>> {
        self.map.get(key)
    }

    pub(crate) fn str(&self, key: &str) -> Option<String> {
        self.get(key).and_then(|v| v.value.as_str()).map(str::to_owned)
    }

    pub(crate) fn date(&self, key: &str) -> Option<Date> {
        match self.get(key).map(|v| &v.value) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    pub(crate) fn int(&self, key: &str) -> Option<i64> {
        match self.get(key).map(|v| &v.value) {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        }
    }

    pub(crate) fn span(&self, key: &str) -> Option<Range<usize>> {
        self.get(key).map(|v| v.span.clone())
    }

    /// A list of strings (items that failed their check are already reported).
    pub(crate) fn strings(&self, key: &str) -> Vec<Spanned<String>> {
        match self.get(key).map(|v| &v.value) {
            Some(Value::List(items)) => items
                .iter()
                .filter_map(|i| {
                    i.value.as_str().map(|s| Spanned { value: s.to_owned(), span: i.span.clone() })
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn dates(&self, key: &str) -> Vec<Spanned<Date>> {
        match self.get(key).map(|v| &v.value) {
            Some(Value::List(items)) => items
                .iter()
                .filter_map(|i| match i.value {
                    Value::Date(d) => Some(Spanned { value: d, span: i.span.clone() }),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn rows(&self, key: &str) -> &[Fields] {
        match self.get(key).map(|v| &v.value) {
            Some(Value::Rows(rows)) => rows,
            _ => &[],
        }
    }
}

/// The keys a table may have: one list, or two looked up as one (a record's common keys,
/// then its class's own), so no combined list is built for every record (#7).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Specs<'a> {
    first: &'a [FieldSpec],
    second: &'a [FieldSpec],
}

impl<'a> Specs<'a> {
    pub(crate) fn two(first: &'a [FieldSpec], second: &'a [FieldSpec]) -> Specs<'a> {
        Specs { first, second }
    }

    fn iter(self) -> impl Iterator<Item = &'a FieldSpec> {
        self.first.iter().chain(self.second)
    }
}

impl<'a> From<&'a [FieldSpec]> for Specs<'a> {
    fn from(specs: &'a [FieldSpec]) -> Specs<'a> {
        Specs { first: specs, second: &[] }
    }
}

impl<'a> From<&'a Vec<FieldSpec>> for Specs<'a> {
    fn from(specs: &'a Vec<FieldSpec>) -> Specs<'a> {
        Specs::from(specs.as_slice())
    }
}

/// The name of a value in messages (`feedback[0].reply`), spelled out only when a message
/// needs it: formatting every key of every record was a tenth of `check`'s allocations (#7).
#[derive(Clone, Copy)]
enum Name<'a> {
    /// A prefix given by the caller, usually empty.
    Text(&'a str),
    /// A key after its table's prefix.
    Key(&'a Name<'a>, &'a str),
    /// `name[i]`.
    Item(&'a Name<'a>, usize),
    /// `name.`, the prefix of a nested table's keys.
    Dot(&'a Name<'a>),
}

impl std::fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Name::Text(text) => f.write_str(text),
            Name::Key(prefix, key) => write!(f, "{prefix}{key}"),
            Name::Item(name, i) => write!(f, "{name}[{i}]"),
            Name::Dot(name) => write!(f, "{name}."),
        }
    }
}

/// Checks tables of one file against schemas, collecting diagnostics.
pub(crate) struct Validator<'a> {
    pub(crate) file: FileId,
    pub(crate) diagnostics: &'a mut Vec<Diagnostic>,
}

impl Validator<'_> {
    fn report(&mut self, problem: Problem, span: Range<usize>) {
        self.diagnostics.push(Diagnostic::at(problem, self.file, span));
    }

    /// Checks `table` against `specs`. `prefix` names nested keys (`feedback.reply`);
    /// `missing_at` is where a missing key is reported. Keys in `ignore` are skipped
    /// silently (the caller reports them in its own way).
    pub(crate) fn table<'s>(
        &mut self,
        table: &Table,
        table_span: Range<usize>,
        specs: impl Into<Specs<'s>>,
        prefix: &str,
        missing_at: Range<usize>,
        ignore: &dyn Fn(&str) -> bool,
    ) -> Fields {
        self.table_in(table, table_span, specs.into(), &Name::Text(prefix), missing_at, ignore)
    }

    fn table_in(
        &mut self,
        table: &Table,
        table_span: Range<usize>,
        specs: Specs<'_>,
        prefix: &Name<'_>,
        missing_at: Range<usize>,
        ignore: &dyn Fn(&str) -> bool,
    ) -> Fields {
        let map = FieldMap::with_capacity(table.entries.len());
        let mut fields = Fields { span: table_span, map, ..Fields::default() };
        for entry in &table.entries {
            let full = Name::Key(prefix, &entry.key);
            let Some(spec) = specs.iter().find(|s| s.name == entry.key) else {
                if !ignore(&entry.key) {
                    let suggestion =
                        did_you_mean(&entry.key, specs.iter().map(|s| s.name.as_str()));
                    self.report(
                        Problem::UnknownKey { key: full.to_string(), suggestion },
                        entry.key_span.clone(),
                    );
                }
                continue;
            };
            let reported = self.diagnostics.len();
            if let Some(value) = self.value(&entry.value, &spec.ty, &full, spec.required) {
                fields
                    .map
                    .insert(entry.key.clone(), Spanned { value, span: entry.value.span.clone() });
            } else if self.diagnostics.len() > reported {
                fields.invalid.insert(entry.key.clone());
            }
        }
        for spec in specs.iter().filter(|s| s.required) {
            if table.get(&spec.name).is_none() {
                let key = Name::Key(prefix, &spec.name).to_string();
                self.report(Problem::MissingKey { key }, missing_at.clone());
            }
        }
        fields
    }

    /// Checks one value; `None` when it is unusable (already reported) or an empty
    /// optional string (treated as absent).
    fn value(
        &mut self,
        node: &Node,
        ty: &FieldType,
        key: &Name<'_>,
        required: bool,
    ) -> Option<Value> {
        let span = node.span.clone();
        let wrong = |found: &'static str| Problem::WrongType {
            key: key.to_string(),
            expected: ty.name(),
            found,
        };
        match (ty, &node.kind) {
            (FieldType::String { pattern }, Kind::String(s)) => {
                let s = self.non_empty(s, key, required, &span)?;
                if let Some(re) = pattern
                    && !re.is_match(&s)
                {
                    let problem = Problem::PatternMismatch {
                        key: key.to_string(),
                        value: s,
                        // Patterns are anchored when compiled (`^(?:…)$`); show them as written.
                        pattern: re
                            .as_str()
                            .trim_start_matches("^(?:")
                            .trim_end_matches(")$")
                            .to_owned(),
                    };
                    self.report(problem, span);
                    return None;
                }
                Some(Value::Str(s))
            }
            (FieldType::Text, Kind::String(s)) => {
                self.non_empty(s, key, required, &span).map(Value::Str)
            }
            (FieldType::Date, kind) => self.date(kind, key, span).map(Value::Date),
            (FieldType::Integer, Kind::Integer(Some(i))) => Some(Value::Int(*i)),
            (FieldType::Decimal, Kind::Integer(Some(i))) => Some(Value::Decimal(i.to_string())),
            (FieldType::Decimal, Kind::Float(f)) if f.parse::<f64>().is_ok_and(f64::is_finite) => {
                Some(Value::Decimal(f.clone()))
            }
            (FieldType::Money, kind) => match money(kind) {
                Some(m) => Some(Value::Money(m)),
                None => {
                    let value = match kind {
                        Kind::String(s) => s.clone(),
                        Kind::Float(f) => f.clone(),
                        Kind::Integer(_) => "…".to_owned(),
                        other => other.type_name().to_owned(),
                    };
                    self.report(Problem::InvalidMoney { key: key.to_string(), value }, span);
                    None
                }
            },
            (FieldType::Bool, Kind::Boolean(b)) => Some(Value::Bool(*b)),
            (FieldType::Enum(allowed), Kind::String(s)) => {
                if allowed.iter().any(|a| a == s) {
                    Some(Value::Str(s.clone()))
                } else {
                    let suggestion = did_you_mean(s, allowed.iter().map(String::as_str));
                    let problem = Problem::InvalidValue {
                        key: key.to_string(),
                        value: s.clone(),
                        allowed: allowed.clone(),
                        suggestion,
                    };
                    self.report(problem, span);
                    None
                }
            }
            (FieldType::List(item), Kind::Array(items)) => {
                let values = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| {
                        let v = self.value(n, item, &Name::Item(key, i), true)?;
                        Some(Spanned { value: v, span: n.span.clone() })
                    })
                    .collect();
                Some(Value::List(values))
            }
            (FieldType::Table(columns), Kind::Array(items)) => {
                let mut rows = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let Kind::Table(t) = &item.kind else {
                        self.report(
                            Problem::WrongType {
                                key: Name::Item(key, i).to_string(),
                                expected: "table",
                                found: item.kind.type_name(),
                            },
                            item.span.clone(),
                        );
                        continue;
                    };
                    let item_name = Name::Item(key, i);
                    rows.push(self.table_in(
                        t,
                        item.span.clone(),
                        columns.into(),
                        &Name::Dot(&item_name),
                        item.span.clone(),
                        &|_| false,
                    ));
                }
                Some(Value::Rows(rows))
            }
            (FieldType::Object(keys), Kind::Table(t)) => {
                let prefix = Name::Dot(key);
                Some(Value::Object(Box::new(self.table_in(
                    t,
                    span.clone(),
                    keys.into(),
                    &prefix,
                    span,
                    &|_| false,
                ))))
            }
            (_, kind) => {
                self.report(wrong(kind.type_name()), span);
                None
            }
        }
    }

    fn non_empty(
        &mut self,
        s: &str,
        key: &Name<'_>,
        required: bool,
        span: &Range<usize>,
    ) -> Option<String> {
        if !s.trim().is_empty() {
            return Some(s.to_owned());
        }
        if required {
            self.report(Problem::EmptyValue { key: key.to_string() }, span.clone());
        }
        None
    }

    fn date(&mut self, kind: &Kind, key: &Name<'_>, span: Range<usize>) -> Option<Date> {
        let parsed = match kind {
            Kind::Date { year, month, day } => {
                dates::date(i64::from(*year), i64::from(*month), i64::from(*day))
            }
            // Quoted dates and date-times are accepted for their day, as Hugo and Zola do.
            Kind::String(s) => dates::parse_date(s.trim()),
            Kind::DateTime(s) => s.get(..10).and_then(dates::parse_date),
            Kind::BadDate(_) => None,
            other => {
                self.report(
                    Problem::WrongType {
                        key: key.to_string(),
                        expected: "date",
                        found: other.type_name(),
                    },
                    span,
                );
                return None;
            }
        };
        if parsed.is_none() {
            // Spelled out only here: most dates are fine.
            let written = match kind {
                Kind::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
                Kind::String(s) | Kind::DateTime(s) | Kind::BadDate(s) => s.clone(),
                _ => String::new(),
            };
            self.report(Problem::InvalidDate { key: key.to_string(), value: written }, span);
        }
        parsed
    }
}

/// Reads an amount in yuan exactly: an integer, or a float written with at most two
/// decimals (read from its text, never through binary floating point).
fn money(kind: &Kind) -> Option<Money> {
    match kind {
        Kind::Integer(Some(i)) => i.checked_mul(100).map(Money),
        Kind::Float(text) => {
            let (negative, digits) = match text.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, text.strip_prefix('+').unwrap_or(text)),
            };
            let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
            if whole.is_empty()
                || frac.len() > 2
                || !(whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()))
            {
                return None;
            }
            let whole: i64 = whole.parse().ok()?;
            let frac: i64 = format!("{frac:0<2}").parse().ok()?;
            let fen = whole.checked_mul(100)?.checked_add(frac)?;
            Some(Money(if negative { -fen } else { fen }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;
    use crate::toml_tree;

    fn check(text: &str, specs: &[FieldSpec]) -> (Fields, Vec<(String, String)>) {
        let mut sources = SourceMap::default();
        let file = sources.add("t.toml".into(), text.into());
        let root = toml_tree::parse(text, 0).unwrap_or_else(|e| panic!("{e:?}"));
        let Kind::Table(table) = &root.kind else { panic!("root is a table") };
        let mut diagnostics = Vec::new();
        let fields = Validator { file, diagnostics: &mut diagnostics }.table(
            table,
            root.span.clone(),
            specs,
            "",
            0..0,
            &|_| false,
        );
        let found = diagnostics
            .iter()
            .map(|d| {
                let (line, col) = sources.get(file).position(d.span.clone().unwrap_or(0..0).start);
                (d.code().to_owned(), format!("{line}:{col}"))
            })
            .collect();
        (fields, found)
    }

    fn specs() -> Vec<FieldSpec> {
        vec![
            FieldSpec::new("title", "标题", FieldType::string()).required(),
            FieldSpec::new("published", "公开日期", FieldType::Date),
            FieldSpec::new("status", "状态", FieldType::enumeration(&["draft", "published"])),
            FieldSpec::new("amount", "金额", FieldType::Money),
            FieldSpec::new("tags", "标签", FieldType::List(Box::new(FieldType::string()))),
            FieldSpec::new(
                "items",
                "项目",
                FieldType::Table(vec![
                    FieldSpec::new("item", "项目", FieldType::string()).required(),
                    FieldSpec::new("fee", "标准", FieldType::Money).required(),
                ]),
            ),
        ]
    }

    #[test]
    fn field_maps_keep_keys_in_order_and_the_last_value() {
        let (fields, found) =
            check("title = \"t\"\nstatus = \"draft\"\npublished = 2026-03-18\n", &specs());
        assert!(found.is_empty(), "{found:?}");
        let keys: Vec<&str> = fields.map.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["published", "status", "title"], "in key order, as a BTreeMap");
        assert_eq!(fields.str("status").as_deref(), Some("draft"));
        assert_eq!(fields.get("tags"), None);
        let mut map = fields.map.clone();
        map.insert("status".into(), Spanned { value: Value::Str("published".into()), span: 0..0 });
        map.insert("amount".into(), Spanned { value: Value::Int(1), span: 0..0 });
        assert_eq!(map.len(), 4);
        assert_eq!(map.get("status").map(|v| &v.value), Some(&Value::Str("published".into())));
        let keys: Vec<&str> = map.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["amount", "published", "status", "title"]);
    }

    #[test]
    fn every_problem_is_found_at_its_place() {
        let text = "publised = 2026-03-18\nstatus = \"publish\"\namount = \"12万\"\ntags = [\"a\", 3]\n\n[[items]]\nitem = \"x\"\n";
        let (_, found) = check(text, &specs());
        let codes: Vec<_> = found.iter().map(|(c, p)| format!("{c}@{p}")).collect();
        assert_eq!(
            codes,
            [
                "unknown-key@1:1",
                "invalid-value@2:10",
                "invalid-money@3:10",
                "wrong-type@4:14",
                "missing-key@6:1",
                "missing-key@1:1",
            ]
        );
    }

    #[test]
    fn good_values_are_read() {
        let text = "title = \"仙女镇\"\npublished = \"2026-03-18\"\namount = 1250000.5\ntags = [\"财政\"]\nitems = [{item = \"x\", fee = 20}]\n";
        let (fields, found) = check(text, &specs());
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(fields.str("title").as_deref(), Some("仙女镇"));
        assert_eq!(fields.date("published").map(|d| d.to_string()).as_deref(), Some("2026-03-18"));
        assert_eq!(
            fields.get("amount").map(|v| v.value.display()).as_deref(),
            Some("1,250,000.50")
        );
        assert_eq!(fields.rows("items").len(), 1);
    }

    #[test]
    fn money_is_exact() {
        assert_eq!(money(&Kind::Float("0.1".into())), Some(Money(10)));
        assert_eq!(money(&Kind::Float("-3850.05".into())), Some(Money(-385_005)));
        assert_eq!(money(&Kind::Float("1.005".into())), None);
        assert_eq!(money(&Kind::Float("1e5".into())), None);
        assert_eq!(money(&Kind::Integer(Some(i64::MAX))), None);
        assert_eq!(Money(-123_456_789).display(), "-1,234,567.89");
        assert_eq!(Money(5).display(), "0.05");
    }

    #[test]
    fn impossible_quoted_dates_are_reported() {
        let (_, found) = check("title = \"x\"\npublished = \"2026-02-30\"\n", &specs());
        assert_eq!(found, [("invalid-date".to_owned(), "2:13".to_owned())]);
    }

    #[test]
    fn empty_required_strings_are_reported() {
        let (_, found) = check("title = \"  \"\n", &specs());
        assert_eq!(found, [("empty-value".to_owned(), "1:9".to_owned())]);
    }
}
