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
    Date { year: u16, month: u8, day: u8 },
    /// Any other date-time form (with a time or an offset), as written.
    DateTime(String),
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
            Kind::DateTime(_) => "date-time",
            Kind::Array(_) => "array",
            Kind::Table(_) => "table",
        }
    }
}

/// Parses `text`, a TOML document that starts at byte `base` of its file.
///
/// Returns the whole table (with the document's span) or every syntax error found.
pub(crate) fn parse(text: &str, base: usize) -> Result<Node, Vec<SyntaxError>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let end = text.len();
        return Err(errors
            .into_iter()
            .map(|e| {
                let span = e.span().unwrap_or(end..end);
                SyntaxError { span: shift(span, base), message: e.message().trim().to_owned() }
            })
            .collect());
    }
    let span = root.span();
    let table = convert_table(root.get_ref(), base);
    Ok(Node { span: shift(span, base), kind: Kind::Table(table) })
}

fn convert_table(table: &DeTable<'_>, base: usize) -> Table {
    let entries = table
        .iter()
        .map(|(key, value)| Entry {
            key: key.get_ref().to_string(),
            key_span: shift(key.span(), base),
            value: convert(value.get_ref(), value.span(), base),
        })
        .collect();
    Table { entries }
}

fn convert(value: &DeValue<'_>, span: Range<usize>, base: usize) -> Node {
    let kind = match value {
        DeValue::String(s) => Kind::String(s.to_string()),
        DeValue::Integer(i) => Kind::Integer(parse_integer(i.as_str(), i.radix())),
        DeValue::Float(f) => Kind::Float(f.as_str().replace('_', "")),
        DeValue::Boolean(b) => Kind::Boolean(*b),
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => Kind::Date { year: d.year, month: d.month, day: d.day },
            _ => Kind::DateTime(dt.to_string()),
        },
        DeValue::Array(items) => {
            Kind::Array(items.iter().map(|item| convert(item.get_ref(), item.span(), base)).collect())
        }
        DeValue::Table(table) => Kind::Table(convert_table(table, base)),
    };
    Node { span: shift(span, base), kind }
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
        assert_eq!(&text[t.entries[0].value.span.start - 4..t.entries[0].value.span.end - 4], "\"仙女镇\"");
        assert_eq!(t.entries[1].value.kind, Kind::Date { year: 2026, month: 3, day: 18 });
    }

    #[test]
    fn keys_keep_source_order() {
        let root = parse("b = 1\na = 2\n", 0).unwrap_or_else(|e| panic!("{e:?}"));
        let keys: Vec<_> = table(&root).entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["b", "a"]);
    }

    #[test]
    fn every_syntax_error_is_reported() {
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
    fn array_of_tables_items_have_spans() {
        let text = "[[feedback]]\nreceived = 2026-03-20\n[[feedback]]\nreceived = 2026-03-21\n";
        let root = parse(text, 0).unwrap_or_else(|e| panic!("{e:?}"));
        let Kind::Array(items) = &table(&root).entries[0].value.kind else { panic!("not an array") };
        assert_eq!(items.len(), 2);
        assert!(items[1].span.start > items[0].span.start);
    }
}
