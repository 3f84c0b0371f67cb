//! Key figures: a record's typed fields marked `key = true` in its class, as printed
//! label–value rows (`收入` → `74800.00万元`).
//!
//! This module owns the display form of typed values on a sheet: amounts in 元 or 万元,
//! units taken from the field's label (`补贴标准(元/亩)` → `125元/亩`), dates in Chinese,
//! and table fields summarised as one row per table row (a fee list prints as its fee
//! items). It returns each figure with the span of the value it came from, so a glyph
//! missing from the fonts can be reported at the field. It does not choose which records
//! are on a sheet (`boards.rs`).

use std::ops::Range;

use crate::catalogue::Class;
use crate::dates;
use crate::record::Record;
use crate::schema::{FieldSpec, FieldType, Fields, Money, Value};

use super::data::Figure;

/// A figure, the field it came from and the span of the value in the record's file.
#[derive(Clone, Debug)]
pub(crate) struct Sourced {
    pub(crate) figure: Figure,
    pub(crate) field: String,
    pub(crate) span: Range<usize>,
}

/// The key figures of `record`, in the order of its class's fields.
pub(crate) fn key_figures(class: &Class, record: &Record) -> Vec<Sourced> {
    let mut out = Vec::new();
    for spec in class.fields.iter().filter(|f| f.key) {
        let Some(value) = record.fields.get(&spec.name) else { continue };
        let (label, unit) = split_unit(&spec.label);
        match (&spec.ty, &value.value) {
            (FieldType::Table(columns), Value::Rows(rows)) => {
                for (i, row) in rows.iter().enumerate() {
                    let (label, value) = row_figure(columns, row, i);
                    let figure = Figure { label, value, numeric: false };
                    let field = format!("{}[{i}]", spec.name);
                    out.push(Sourced { figure, field, span: row.span.clone() });
                }
            }
            (_, Value::Rows(_) | Value::Object(_)) => {}
            (_, v) => {
                let numeric = matches!(v, Value::Money(_) | Value::Int(_) | Value::Decimal(_));
                let figure = Figure { label: label.to_owned(), value: display(v, unit), numeric };
                out.push(Sourced { figure, field: spec.name.clone(), span: value.span.clone() });
            }
        }
    }
    out
}

/// `预算数(元)` → (`预算数`, `元`); full-width brackets too. No unit → (label, "").
pub(crate) fn split_unit(label: &str) -> (&str, &str) {
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = label.strip_suffix(close)
            && let Some(i) = inner.rfind(open)
        {
            return (inner[..i].trim_end(), &inner[i + open.len_utf8()..]);
        }
    }
    (label, "")
}

/// One typed value as display text, with the unit from its label.
fn display(value: &Value, unit: &str) -> String {
    match value {
        Value::Money(m) => money(*m, unit),
        Value::Int(i) => with_unit(&i.to_string(), unit),
        Value::Decimal(d) => with_unit(d, unit),
        Value::Date(d) => dates::chinese(*d),
        Value::Str(s) => s.clone(),
        Value::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Value::List(items) => {
            items.iter().map(|i| display(&i.value, "")).collect::<Vec<_>>().join("、")
        }
        Value::Rows(rows) => format!("{}项", rows.len()),
        Value::Object(fields) => format!("{}项", fields.map.len()),
    }
}

/// `5` + `工作日` → `5个工作日`; `6.8` + `%` → `6.8%`.
fn with_unit(number: &str, unit: &str) -> String {
    match unit {
        "工作日" => format!("{number}个工作日"),
        _ => format!("{number}{unit}"),
    }
}

/// An amount whose label says `(元)` (or nothing): 元 below 1万元, 万元 below 1亿元, then
/// 亿元 (two decimals), as a reader of a noticeboard counts. A per-unit rate (`元/亩`)
/// keeps 元 and its unit.
fn money(m: Money, unit: &str) -> String {
    match unit {
        "" | "元" => scaled_yuan(m),
        u if u.starts_with("元/") => format!("{}{u}", exact_yuan(m)),
        u => format!("{}元{u}", exact_yuan(m)),
    }
}

/// `3850.5` → `3850.50元`; `38624000` → `3862.40万元`; `9860000000` → `98.60亿元`.
fn scaled_yuan(m: Money) -> String {
    let fen = m.0.unsigned_abs();
    let sign = if m.0 < 0 { "-" } else { "" };
    if fen < 1_000_000 {
        return format!("{}元", exact_yuan(m));
    }
    // Hundredths of 万元 (100 元) and of 亿元 (100万元), rounded half away from zero; 亿
    // from 1亿元 on, after rounding (99 999 999 元 is 1.00亿元, not 10000.00万元).
    let wan = (fen + 5_000) / 10_000;
    let (hundredths, unit) = if wan < 1_000_000 {
        (wan, "万元")
    } else {
        ((fen + 50_000_000) / 100_000_000, "亿元")
    };
    format!("{sign}{}.{:02}{unit}", hundredths / 100, hundredths % 100)
}

/// `80` → `80`; `3.08` → `3.08`; `3850.5` → `3850.50` (yuan, no separators).
fn exact_yuan(m: Money) -> String {
    let (sign, fen) = (if m.0 < 0 { "-" } else { "" }, m.0.unsigned_abs());
    if fen % 100 == 0 {
        format!("{sign}{}", fen / 100)
    } else {
        format!("{sign}{}.{:02}", fen / 100, fen % 100)
    }
}

/// One row of a table field as a figure: its first column is the label; the other
/// columns make the value. A `unit` column joins the amount before it (`80元/件`);
/// numbers after the first part keep their label (`同比增长3.6%`).
fn row_figure(columns: &[FieldSpec], row: &Fields, index: usize) -> (String, String) {
    let mut label = None;
    let mut parts: Vec<String> = Vec::new();
    // The last part is an amount in yuan waiting for its unit column (`80` → `80元/件`).
    let mut rate = false;
    for (i, column) in columns.iter().enumerate() {
        let Some(value) = row.get(&column.name).map(|v| &v.value) else { continue };
        let (name, unit) = split_unit(&column.label);
        if i == 0 {
            label = Some(display(value, unit));
            continue;
        }
        if let (true, Some(last), Value::Str(u)) = (column.name == "unit", parts.last_mut(), value)
        {
            // `80` + `户·月` → `80元/户·月`; `80` + `元/件` → `80元/件`; `41.2` + `亿元`.
            if rate && !u.starts_with('元') {
                last.push_str("元/");
            }
            last.push_str(u);
            rate = false;
            continue;
        }
        let unit_follows =
            columns.get(i + 1).is_some_and(|c| c.name == "unit") && row.get("unit").is_some();
        let (text, is_rate) = match value {
            Value::Money(m) if unit_follows => (exact_yuan(*m), true),
            _ => (display(value, unit), false),
        };
        let numeric = matches!(value, Value::Money(_) | Value::Int(_) | Value::Decimal(_));
        parts.push(if numeric && !parts.is_empty() { format!("{name}{text}") } else { text });
        rate = is_rate;
    }
    let label = label.unwrap_or_else(|| format!("第{}项", index + 1));
    (label, parts.join("，"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(y: f64) -> Money {
        Money((y * 100.0).round() as i64)
    }

    #[test]
    fn labels_lose_their_unit() {
        assert_eq!(split_unit("预算数(元)"), ("预算数", "元"));
        assert_eq!(split_unit("补贴标准(元/亩)"), ("补贴标准", "元/亩"));
        assert_eq!(split_unit("完成进度（%）"), ("完成进度", "%"));
        assert_eq!(split_unit("办公时间"), ("办公时间", ""));
    }

    #[test]
    fn amounts_are_in_yuan_or_ten_thousands() {
        assert_eq!(money(yuan(748_000_000.0), "元"), "7.48亿元");
        assert_eq!(money(yuan(99_999_999.0), "元"), "1.00亿元");
        assert_eq!(money(yuan(84_600_000.0), "元"), "8460.00万元");
        assert_eq!(money(yuan(38_624_049.0), "元"), "3862.40万元");
        assert_eq!(money(yuan(12_345.0), ""), "1.23万元");
        assert_eq!(money(yuan(3_850.5), "元"), "3850.50元");
        assert_eq!(money(yuan(80.0), "元"), "80元");
        assert_eq!(money(yuan(125.0), "元/亩"), "125元/亩");
        assert_eq!(money(yuan(-20_000.0), "元"), "-2.00万元");
    }

    #[test]
    fn numbers_take_the_unit_of_their_label() {
        assert_eq!(display(&Value::Int(5), "工作日"), "5个工作日");
        assert_eq!(display(&Value::Decimal("6.8".into()), "%"), "6.8%");
        let day = dates::parse_date("2026-03-18").map(Value::Date);
        assert_eq!(day.map(|d| display(&d, "")), Some("2026年3月18日".to_owned()));
    }

    fn spec(name: &str, label: &str, ty: FieldType) -> FieldSpec {
        FieldSpec::new(name, label, ty)
    }

    fn row(values: Vec<(&str, Value)>) -> Fields {
        let mut fields = Fields::default();
        for (k, v) in values {
            fields.map.insert(k.to_owned(), crate::schema::Spanned { value: v, span: 0..0 });
        }
        fields
    }

    #[test]
    fn fee_items_print_as_rates() {
        let columns = vec![
            spec("item", "项目", FieldType::string()),
            spec("standard", "标准(元)", FieldType::Money),
            spec("unit", "计费单位", FieldType::string()),
            spec("basis", "收费依据", FieldType::string()),
        ];
        let r = row(vec![
            ("item", Value::Str("不动产登记费".into())),
            ("standard", Value::Money(yuan(80.0))),
            ("unit", Value::Str("元/件".into())),
            ("basis", Value::Str("发改价格规〔2016〕2559号".into())),
        ]);
        assert_eq!(
            row_figure(&columns, &r, 0),
            ("不动产登记费".into(), "80元/件，发改价格规〔2016〕2559号".into())
        );
        let r = row(vec![
            ("item", Value::Str("垃圾处理费".into())),
            ("standard", Value::Money(yuan(5.0))),
            ("unit", Value::Str("户·月".into())),
        ]);
        assert_eq!(row_figure(&columns, &r, 1), ("垃圾处理费".into(), "5元/户·月".into()));
    }

    #[test]
    fn indicators_keep_the_labels_of_later_numbers() {
        let columns = vec![
            spec("indicator", "指标", FieldType::string()),
            spec("value", "数值", FieldType::Decimal),
            spec("unit", "单位", FieldType::string()),
            spec("growth", "同比增长(%)", FieldType::Decimal),
        ];
        let r = row(vec![
            ("indicator", Value::Str("地区生产总值".into())),
            ("value", Value::Decimal("41.2".into())),
            ("unit", Value::Str("亿元".into())),
            ("growth", Value::Decimal("6.8".into())),
        ]);
        assert_eq!(
            row_figure(&columns, &r, 0),
            ("地区生产总值".into(), "41.2亿元，同比增长6.8%".into())
        );
    }

    #[test]
    fn a_row_without_its_first_column_is_numbered() {
        let columns = vec![
            spec("name", "姓名", FieldType::string()),
            spec("grade", "等次", FieldType::string()),
        ];
        let r = row(vec![("grade", Value::Str("优秀".into()))]);
        assert_eq!(row_figure(&columns, &r, 2), ("第3项".into(), "优秀".into()));
    }
}
