//! The built-in catalogues (`catalogues/*.toml`, the same files gongkai embeds) read just
//! enough to know each level's classes and to fill their typed fields with plausible
//! values of the right type.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::content::{self, Rng, q};

const BUILTIN: [&str; 6] = [
    include_str!("../../catalogues/township.toml"),
    include_str!("../../catalogues/government.toml"),
    include_str!("../../catalogues/topics.toml"),
    include_str!("../../catalogues/department.toml"),
    include_str!("../../catalogues/village.toml"),
    include_str!("../../catalogues/station.toml"),
];

#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) ty: String,
    pub(crate) item: Option<String>,
    pub(crate) values: Vec<String>,
    pub(crate) required: bool,
    pub(crate) columns: Vec<Field>,
}

#[derive(Clone, Debug)]
pub(crate) struct Class {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) external: bool,
    pub(crate) fixed: bool,
    pub(crate) optional: bool,
    pub(crate) fields: Vec<Field>,
}

impl Class {
    pub(crate) fn audience(&self) -> &'static str {
        if self.external { "external" } else { "internal" }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Catalogue {
    pub(crate) levels: Vec<String>,
    pub(crate) classes: Vec<Class>,
}

pub(crate) fn builtin() -> Result<Vec<Catalogue>, String> {
    BUILTIN.iter().map(|text| catalogue(text)).collect()
}

fn catalogue(text: &str) -> Result<Catalogue, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(toml::Value::as_array)
            .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    let levels = strings(table.get("levels"));
    let mut classes = Vec::new();
    for class in table.get("class").and_then(toml::Value::as_array).into_iter().flatten() {
        let get = |k: &str| class.get(k).and_then(toml::Value::as_str).unwrap_or("").to_owned();
        classes.push(Class {
            id: get("id"),
            name: get("name"),
            external: get("audience") == "external",
            fixed: get("cadence") == "fixed",
            optional: class.get("optional").and_then(toml::Value::as_bool).unwrap_or(false),
            fields: fields(class.get("field")),
        });
    }
    Ok(Catalogue { levels, classes })
}

fn fields(value: Option<&toml::Value>) -> Vec<Field> {
    let Some(items) = value.and_then(toml::Value::as_array) else { return Vec::new() };
    items
        .iter()
        .map(|f| {
            let get = |k: &str| f.get(k).and_then(toml::Value::as_str).map(str::to_owned);
            Field {
                name: get("name").unwrap_or_default(),
                ty: get("type").unwrap_or_default(),
                item: get("item"),
                values: f
                    .get("values")
                    .and_then(toml::Value::as_array)
                    .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default(),
                required: f.get("required").and_then(toml::Value::as_bool).unwrap_or(false),
                columns: fields(f.get("column")),
            }
        })
        .collect()
}

/// What typed values may refer to.
pub(crate) struct Context<'a> {
    pub(crate) unit_name: &'a str,
    pub(crate) phone: &'a str,
    pub(crate) published: Date,
}

/// `name = value` lines for the class's typed fields: every required one, most optional
/// ones.
pub(crate) fn typed_fields(class: &Class, ctx: &Context<'_>, rng: &mut Rng) -> String {
    let mut out = String::new();
    for field in &class.fields {
        if !field.required && !rng.chance(0.7) {
            continue;
        }
        if let Some(value) = value(field, ctx, rng) {
            let _ = writeln!(out, "{} = {value}", field.name);
        }
    }
    out
}

/// A TOML value for `field`, or `None` for a type the generator does not know.
fn value(field: &Field, ctx: &Context<'_>, rng: &mut Rng) -> Option<String> {
    let v = match field.ty.as_str() {
        "string" => q(&string(&field.name, ctx, rng)),
        "text" => q(&format!("{}。", content::phrase(rng))),
        "date" => content::add_days(ctx.published, -rng.range(0, 90)).to_string(),
        "integer" if field.name == "year" => ctx.published.year().to_string(),
        "integer" => rng.range(1, 300).to_string(),
        "decimal" => format!("{}.{}", rng.range(0, 99), rng.range(0, 9)),
        "money" => match field.name.as_str() {
            "standard" | "fee" | "price" | "amount" | "annual_rent" => {
                content::money(rng, 0, 5_000)
            }
            _ => content::money(rng, 10_000, 90_000_000),
        },
        "bool" | "boolean" => rng.chance(0.5).to_string(),
        "enum" if !field.values.is_empty() => q(rng.pick::<String>(&field.values)),
        "list" => {
            let item = Field {
                name: field.name.clone(),
                ty: field.item.clone().unwrap_or_else(|| "string".to_owned()),
                item: None,
                values: field.values.clone(),
                required: true,
                columns: Vec::new(),
            };
            let n = rng.range(2, 4);
            let items: Option<Vec<String>> = (0..n).map(|_| value(&item, ctx, rng)).collect();
            format!("[{}]", items?.join(", "))
        }
        "table" => {
            let mut rows = String::from("[\n");
            for _ in 0..rng.range(2, 6) {
                let mut cells = Vec::new();
                for column in &field.columns {
                    if column.required || rng.chance(0.7) {
                        cells.push(format!("{} = {}", column.name, value(column, ctx, rng)?));
                    }
                }
                let _ = writeln!(rows, "  {{ {} }},", cells.join(", "));
            }
            rows.push(']');
            rows
        }
        _ => return None,
    };
    Some(v)
}

/// A string for a field, chosen by its name.
fn string(name: &str, ctx: &Context<'_>, rng: &mut Rng) -> String {
    let year = ctx.published.year();
    match name {
        "office_address" => format!("{}机关大院{}号楼", ctx.unit_name, rng.range(1, 9)),
        "office_hours" => "工作日上午8:30—12:00,下午14:00—17:30".to_owned(),
        "consult_phone" => format!("0514-8{:07}", rng.range(0, 9_999_999)),
        "url" => format!("https://zwfw.example.gov.cn/item/{}", rng.range(1000, 99_999)),
        "report_phone" => ctx.phone.to_owned(),
        "period" => format!("{year}年1—{}月", rng.range(3, 12)),
        "name" | "lessee" | "finance_group" => content::person(rng),
        "position" => format!("{}办主任", content::place_name(rng)),
        "unit" => (*rng.pick(&["元/件", "元/亩", "元/人", "元/次", "元/立方米"])).to_owned(),
        "basis" | "issuer" | "decided_by" | "source" => {
            format!("{}〔{year}〕{}号", ctx.unit_name, rng.range(1, 120))
        }
        "contractor" | "supplier" | "winner" | "transferee" | "demolisher" | "appraiser" => {
            format!("扬州市{}建设有限公司", content::place_name(rng))
        }
        "project_no" | "parcel_no" | "batch" => format!("YZ{year}-{:04}", rng.range(1, 9999)),
        _ => content::phrase(rng).to_owned(),
    }
}
