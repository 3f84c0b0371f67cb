//! TOML text into a tree of values that remember where they came from.
//!
//! This is the only module that touches the `toml` crate's parser. It turns a document
//! into [`Node`]s with byte spans in the *whole file* (the caller passes the offset of the
//! TOML fragment, e.g. the front matter), and turns the parser's errors into plain
//! [`SyntaxError`]s. Giving meaning to the values (types, required keys, unknown keys) is
//! the job of `schema`.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::source::shift;

/// A value with its span in the file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub(crate) span: Range<usize>,
    pub(crate) kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    String(String),
    /// An integer; `None` when it does not fit in an `i64`.
    Integer(Option<i64>),
    /// A float, as written (so money amounts can be read exactly).
    Float(String),
    Boolean(bool),
    /// A local date such as `2026-03-18`.
    Date {
        year: u16,
        month: u8,
        day: u8,
    },
    /// Any other date-time form (with a time or an offset), as written.
    DateTime(String),
    /// A date or date-time that does not exist (`2026-02-30`, `2026-03-01T25:00:00`), as
    /// written. The TOML parser rejects these as syntax errors; `parse` recovers them so
    /// the rest of the file is checked.
    BadDate(String),
    Array(Vec<Node>),
    Table(Table),
}

/// A table in source order.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Table {
    pub(crate) entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) key_span: Range<usize>,
    pub(crate) value: Node,
}

impl Table {
    pub(crate) fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// A syntax error with its span in the file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SyntaxError {
    pub(crate) span: Range<usize>,
    pub(crate) message: String,
}

impl Kind {
    /// The TOML name of this kind of value, for "expected X, found Y" messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Kind::String(_) => "string",
            Kind::Integer(_) => "integer",
            Kind::Float(_) => "float",
            Kind::Boolean(_) => "boolean",
            Kind::Date { .. } => "date",
            Kind::BadDate(written) if written.len() == 10 => "date",
            Kind::DateTime(_) | Kind::BadDate(_) => "date-time",
            Kind::Array(_) => "array",
            Kind::Table(_) => "table",
        }
    }
}

/// Parses `text`, a TOML document that starts at byte `base` of its file.
///
/// Returns the whole table (with the document's span) or the first syntax error. The
/// parser recovers and goes on, but what it finds after a fault is mostly that fault
/// again: an unclosed `[` makes every later line "a missing comma", `a = = 1` is two
/// errors. Like cargo and Zola, gongkai reports the first; other files are still checked.
/// Dates and times that do not exist (`2026-02-30`, `T25:00`) are not syntax errors here:
/// they become [`Kind::BadDate`] values so the schema reports them at their key, and every
/// other key of the file is still checked.
pub(crate) fn parse(text: &str, base: usize) -> Result<Node, Vec<SyntaxError>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    let end = text.len();
    let errors: Vec<SyntaxError> = errors
        .into_iter()
        .map(|e| SyntaxError {
            span: e.span().unwrap_or(end..end),
            message: e.message().trim().to_owned(),
        })
        .collect();
    let mut converter =
        Converter { text, base, errors: &errors, in_dates: vec![false; errors.len()] };
    let table = converter.table(root.get_ref());
    let first = errors
        .iter()
        .zip(&converter.in_dates)
        .filter(|(_, in_date)| !**in_date)
        .map(|(error, _)| error)
        .min_by_key(|error| error.span.start);
    match first {
        None => Ok(Node { span: shift(root.span(), base), kind: Kind::Table(table) }),
        Some(error) => Err(vec![SyntaxError {
            span: shift(error.span.clone(), base),
            message: error.message.clone(),
        }]),
    }
}

/// Turns the parser's tree into [`Node`]s, noting which errors lie inside a date-time
/// value (the recovered tree keeps such a value, with its span, as an empty date-time).
struct Converter<'a> {
    text: &'a str,
    base: usize,
    errors: &'a [SyntaxError],
    in_dates: Vec<bool>,
}

impl Converter<'_> {
    fn table(&mut self, table: &DeTable<'_>) -> Table {
        let entries = table
            .iter()
            .map(|(key, value)| Entry {
                key: key.get_ref().to_string(),
                key_span: shift(key.span(), self.base),
                value: self.node(value.get_ref(), value.span()),
            })
            .collect();
        Table { entries }
    }

    fn node(&mut self, value: &DeValue<'_>, span: Range<usize>) -> Node {
        let kind = match value {
            DeValue::String(s) => Kind::String(s.to_string()),
            DeValue::Integer(i) => Kind::Integer(parse_integer(i.as_str(), i.radix())),
            DeValue::Float(f) => Kind::Float(f.as_str().replace('_', "")),
            DeValue::Boolean(b) => Kind::Boolean(*b),
            DeValue::Datetime(dt) => match self.bad_date(&span) {
                Some(written) => Kind::BadDate(written),
                None => match (dt.date, dt.time, dt.offset) {
                    (Some(d), None, None) => {
                        Kind::Date { year: d.year, month: d.month, day: d.day }
                    }
                    _ => Kind::DateTime(dt.to_string()),
                },
            },
            DeValue::Array(items) => Kind::Array(
                items.iter().map(|item| self.node(item.get_ref(), item.span())).collect(),
            ),
            DeValue::Table(table) => Kind::Table(self.table(table)),
        };
        Node { span: shift(span, self.base), kind }
    }

    /// The value as written, when a parse error lies inside it.
    fn bad_date(&mut self, span: &Range<usize>) -> Option<String> {
        if span.is_empty() {
            return None;
        }
        let mut found = false;
        for (i, error) in self.errors.iter().enumerate() {
            if span.start <= error.span.start && error.span.end <= span.end {
                self.in_dates[i] = true;
                found = true;
            }
        }
        found.then(|| self.text.get(span.clone()).unwrap_or_default().to_owned())
    }
}

fn parse_integer(digits: &str, radix: u32) -> Option<i64> {
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    let clean = clean.strip_prefix('+').unwrap_or(&clean);
    i64::from_str_radix(clean, radix).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(node: &Node) -> &Table {
        match &node.kind {
            Kind::Table(t) => t,
            other => panic!("expected a table, got {other:?}"),
        }
    }

    #[test]
    fn spans_are_shifted_into_the_file() {
        let text = "title = \"仙女镇\"\npublished = 2026-03-18\n";
        let root = parse(text, 4).unwrap_or_else(|e| panic!("{e:?}"));
        let t = table(&root);
        assert_eq!(t.entries[0].key, "title");
        assert_eq!(t.entries[0].key_span, 4..9);
        assert_eq!(
            &text[t.entries[0].value.span.start - 4..t.entries[0].value.span.end - 4],
            "\"仙女镇\""
        );
        assert_eq!(t.entries[1].value.kind, Kind::Date { year: 2026, month: 3, day: 18 });
    }

    #[test]
    fn keys_keep_source_order() {
        let root = parse("b = 1\na = 2\n", 0).unwrap_or_else(|e| panic!("{e:?}"));
        let keys: Vec<_> = table(&root).entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["b", "a"]);
    }

    #[test]
    fn syntax_errors_are_shifted_into_the_file() {
        let errors = parse("a = \nb = [1,\n", 10).err().unwrap_or_default();
        assert!(!errors.is_empty());
        assert!(errors.iter().all(|e| e.span.start >= 10));
    }

    #[test]
    fn integers_and_floats() {
        let root = parse("a = 1_000\nb = 0x10\nc = 12.50\nd = 99999999999999999999\n", 0)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let t = table(&root);
        assert_eq!(t.entries[0].value.kind, Kind::Integer(Some(1000)));
        assert_eq!(t.entries[1].value.kind, Kind::Integer(Some(16)));
        assert_eq!(t.entries[2].value.kind, Kind::Float("12.50".into()));
        assert!(matches!(parse("d = 99999999999999999999\n", 0), Err(_) | Ok(_)));
    }

    #[test]
    fn impossible_dates_are_recovered_as_values() {
        let text = "a = 2026-02-30\nb = [2026-01-01, 2026-13-01]\nc = 1\n";
        let root = parse(text, 5).unwrap_or_else(|e| panic!("{e:?}"));
        let t = table(&root);
        assert_eq!(t.entries[0].value.kind, Kind::BadDate("2026-02-30".into()));
        assert_eq!(t.entries[0].value.span, 9..19);
        let Kind::Array(items) = &t.entries[1].value.kind else { panic!("not an array") };
        assert_eq!(items[1].kind, Kind::BadDate("2026-13-01".into()));
        assert_eq!(t.entries[2].value.kind, Kind::Integer(Some(1)));
        // A real syntax error next to a bad date is still a syntax error.
        assert!(parse("a = 2026-02-30\nb = \n", 0).is_err());
    }

    #[test]
    fn impossible_date_times_are_bad_dates_not_another_day() {
        // Regression: patching the text replaced the day of `2026-02-30T10:00:00` with
        // 2000-01-01 and kept the time, so the record was silently dated 2000-01-01.
        let text = "a = 2026-02-30T10:00:00\nb = {c = 2026-03-01T25:00:00}\nd = 1\n";
        let root = parse(text, 0).unwrap_or_else(|e| panic!("{e:?}"));
        let t = table(&root);
        assert_eq!(t.entries[0].value.kind, Kind::BadDate("2026-02-30T10:00:00".into()));
        let Kind::Table(b) = &t.entries[1].value.kind else { panic!("not a table") };
        assert_eq!(b.entries[0].value.kind, Kind::BadDate("2026-03-01T25:00:00".into()));
        assert_eq!(t.entries[2].value.kind, Kind::Integer(Some(1)));
    }

    #[test]
    fn a_bad_date_does_not_hide_a_syntax_error() {
        let errors = parse("a = 2026-02-30\nb = \n", 0).err().unwrap_or_default();
        let starts: Vec<usize> = errors.iter().map(|e| e.span.start).collect();
        assert_eq!(starts, [19]);
    }

    #[test]
    fn only_the_first_syntax_error_is_reported_not_its_cascade() {
        let errors = parse("foo = = 1\nb = 2\nc = = 3\n", 0).err().unwrap_or_default();
        let starts: Vec<usize> = errors.iter().map(|e| e.span.start).collect();
        assert_eq!(starts, [6]);
        // An unclosed array: the parser also calls each later line a missing comma.
        let text = "tags = [\"a\", \"b\"\nx = 1\ny = 2\n";
        let errors = parse(text, 0).err().unwrap_or_default();
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn array_of_tables_items_have_spans() {
        let text = "[[feedback]]\nreceived = 2026-03-20\n[[feedback]]\nreceived = 2026-03-21\n";
        let root = parse(text, 0).unwrap_or_else(|e| panic!("{e:?}"));
        let Kind::Array(items) = &table(&root).entries[0].value.kind else {
            panic!("not an array")
        };
        assert_eq!(items.len(), 2);
        assert!(items[1].span.start > items[0].span.start);
    }
}
