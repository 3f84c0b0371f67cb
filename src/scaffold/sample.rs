//! Example values for the typed fields of a class, as TOML text.
//!
//! A few field names of the built-in catalogues get a realistic value (`office_hours`,
//! `period`...); every other field gets one made from its type. Each value is then run
//! through the same [`Validator`] that `check` uses, so a value that a pattern or a local
//! catalogue rejects is never written: the field is left out (or commented out) instead.
//! That is what lets `gongkai init` promise a repository that passes `check` at once.

use crate::dates::Date;
use crate::schema::{FieldSpec, FieldType, Validator};
use crate::source::FileId;
use crate::toml_tree::{self, Kind};

/// What the examples are made of: the day and the unit they belong to.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    pub(crate) today: Date,
    pub(crate) unit_name: String,
    /// The unit's supervision phone (the one number that is not personal data).
    pub(crate) phone: String,
}

/// A TOML string literal.
pub(crate) fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A valid TOML value for `spec`, or `None` when none could be made.
pub(crate) fn value(spec: &FieldSpec, cx: &Context) -> Option<String> {
    let candidate =
        known(&spec.name, &spec.ty, cx).unwrap_or_else(|| by_type(&spec.ty, &spec.label, cx));
    is_valid(spec, &candidate).then_some(candidate)
}

/// A value that shows the form of `spec` in a commented-out line, valid or not (an
/// empty string for a string with a pattern the example does not match).
pub(crate) fn shape(spec: &FieldSpec, cx: &Context) -> String {
    value(spec, cx).unwrap_or_else(|| by_type(&spec.ty, &spec.label, cx))
}

/// Realistic values for fields of the built-in catalogues.
fn known(name: &str, ty: &FieldType, cx: &Context) -> Option<String> {
    let year = cx.today.year();
    let s = |text: &str| Some(toml_string(text));
    let list = |items: &[&str]| {
        Some(format!("[{}]", items.iter().map(|i| toml_string(i)).collect::<Vec<_>>().join(", ")))
    };
    match (name, ty) {
        (_, FieldType::String { .. }) if name.ends_with("phone") => s(&cx.phone),
        ("office_address", _) => s(&format!("{}便民服务中心", cx.unit_name)),
        ("office_hours", _) => s("周一至周五 8:30—12:00,14:00—17:30"),
        ("period", _) => s(&format!("{year}年")),
        ("year", FieldType::Integer) => Some(year.to_string()),
        ("departments", FieldType::List(_)) => {
            list(&["党政办公室", "经济发展办公室", "社会事业办公室"])
        }
        ("bodies", FieldType::List(_)) => list(&["办公室", "政策法规科", "行政审批科"]),
        ("materials", FieldType::List(_)) => list(&["申请表", "身份证明材料"]),
        ("pledges", FieldType::List(_)) => list(&["一次告知", "限时办结", "首问负责"]),
        ("items", FieldType::List(_)) => list(&["(示例)办事事项一", "(示例)办事事项二"]),
        ("steps", FieldType::List(_)) => list(&["受理", "审核", "办结"]),
        ("laws", FieldType::List(_)) => list(&["《中华人民共和国政府信息公开条例》"]),
        ("url", _) => s("https://www.example.gov.cn/"),
        ("time_limit_days", _) => Some("5".to_owned()),
        ("duration_days", _) => Some("90".to_owned()),
        ("households", _) => Some("120".to_owned()),
        ("progress_percent", _) => Some("50.0".to_owned()),
        _ => None,
    }
}

/// A value made from the type alone.
fn by_type(ty: &FieldType, label: &str, cx: &Context) -> String {
    match ty {
        FieldType::String { .. } | FieldType::Text => toml_string(&format!("(示例){label}")),
        FieldType::Date => cx.today.to_string(),
        FieldType::Integer => "1".to_owned(),
        FieldType::Decimal => "1.5".to_owned(),
        FieldType::Money => "10000".to_owned(),
        FieldType::Bool => "false".to_owned(),
        FieldType::Enum(values) => toml_string(values.first().map_or("", String::as_str)),
        FieldType::List(item) => format!("[{}]", by_type(item, label, cx)),
        FieldType::Table(columns) | FieldType::Object(columns) => {
            let cells: Vec<String> =
                columns.iter().map(|c| format!("{} = {}", key(&c.name), cell(c, cx))).collect();
            let table = format!("{{ {} }}", cells.join(", "));
            if matches!(ty, FieldType::Table(_)) { format!("[{table}]") } else { table }
        }
    }
}

/// A cell of a table row: names of people are shown masked as 某某, the usual form.
fn cell(column: &FieldSpec, cx: &Context) -> String {
    match (column.name.as_str(), &column.ty) {
        ("name", FieldType::String { .. }) => toml_string("张某某"),
        _ => known(&column.name, &column.ty, cx)
            .unwrap_or_else(|| by_type(&column.ty, &column.label, cx)),
    }
}

/// A bare key when it can be one, else a quoted one.
pub(crate) fn key(name: &str) -> String {
    let bare =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { name.to_owned() } else { toml_string(name) }
}

/// Whether `value` passes the checks `check` would run on `spec`.
fn is_valid(spec: &FieldSpec, value: &str) -> bool {
    let text = format!("{} = {value}\n", key(&spec.name));
    let Ok(root) = toml_tree::parse(&text, 0) else { return false };
    let Kind::Table(table) = &root.kind else { return false };
    let mut diagnostics = Vec::new();
    let fields = Validator { file: FileId(0), diagnostics: &mut diagnostics }.table(
        table,
        root.span.clone(),
        std::slice::from_ref(spec),
        "",
        0..0,
        &|_| false,
    );
    diagnostics.is_empty() && fields.get(&spec.name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> Context {
        Context {
            today: crate::dates::parse_date("2026-03-18").unwrap_or_else(|| panic!("date")),
            unit_name: "仙女镇".to_owned(),
            phone: "0514-86881234".to_owned(),
        }
    }

    #[test]
    fn values_follow_the_type() {
        let money = FieldSpec::new("budget", "预算数(元)", FieldType::Money);
        assert_eq!(value(&money, &cx()).as_deref(), Some("10000"));
        let kind =
            FieldSpec::new("kind", "类别", FieldType::enumeration(&["干部任免", "表彰奖励"]));
        assert_eq!(value(&kind, &cx()).as_deref(), Some("\"干部任免\""));
        let rows = FieldSpec::new(
            "entries",
            "名单",
            FieldType::Table(vec![
                FieldSpec::new("name", "姓名", FieldType::string()).required(),
                FieldSpec::new("grade", "等次", FieldType::enumeration(&["优秀"])).required(),
            ]),
        );
        assert_eq!(
            value(&rows, &cx()).as_deref(),
            Some("[{ name = \"张某某\", grade = \"优秀\" }]")
        );
    }

    #[test]
    fn a_value_the_pattern_rejects_is_not_offered() {
        let pattern = regex::Regex::new("^[0-9]{4}$").ok();
        let spec = FieldSpec::new("lot", "标段", FieldType::String { pattern });
        assert_eq!(value(&spec, &cx()), None);
        let phone = FieldSpec::new(
            "consult_phone",
            "咨询电话",
            FieldType::String { pattern: regex::Regex::new("^0514-[0-9]{8}$").ok() },
        );
        assert_eq!(value(&phone, &cx()).as_deref(), Some("\"0514-86881234\""));
    }
}
