//! Loading the catalogues: built-ins, then the repository's own files merged over them,
//! then a check of the result (every problem in a local file becomes a diagnostic; a
//! problem in a built-in file is a bug in gongkai and stops the run).

use anyhow::{Context as _, bail};
use regex::Regex;

use super::raw::{RawCatalogue, RawClass, RawField, RawStandard};
use super::{Audience, Cadence, Catalogue, Catalogues, Class, Level, Standard};
use crate::diagnostics::{Diagnostic, Problem};
use crate::schema::{FieldSpec, FieldType};
use crate::source::{FileId, SourceMap};

/// Loads the built-in catalogues and merges `local` (already read files of the
/// repository's `catalogues/` folder, in path order) over them.
pub(crate) fn load(
    local: &[FileId],
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<Catalogues> {
    let mut raws: Vec<(RawCatalogue, Option<FileId>)> = Vec::new();
    for (path, text) in super::builtin_sources() {
        let raw: RawCatalogue = toml::from_str(text).with_context(|| format!("built-in catalogue {path} is invalid"))?;
        raws.push((raw, None));
    }
    for &file in local {
        let text = sources.text(file);
        let raw: RawCatalogue = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(err) => {
                let span = err.span().unwrap_or(0..0);
                let detail = err.message().trim().to_owned();
                diagnostics.push(Diagnostic::at(Problem::CatalogueInvalid { detail }, file, span));
                continue;
            }
        };
        match raws.iter_mut().find(|(r, _)| r.id == raw.id) {
            Some((existing, origin)) => {
                existing.merge(raw);
                *origin = Some(file);
            }
            None => raws.push((raw, Some(file))),
        }
    }
    let mut list = Vec::new();
    for (raw, origin) in raws {
        let mut problems = Vec::new();
        let catalogue = convert(raw, &mut problems);
        match origin {
            None if !problems.is_empty() => {
                bail!("built-in catalogue `{}` is invalid: {}", catalogue.id, problems.join("; "))
            }
            None => {}
            Some(file) => {
                let text = sources.text(file);
                for detail in problems {
                    let span = locate(text, &detail);
                    diagnostics.push(Diagnostic::at(Problem::CatalogueInvalid { detail }, file, span));
                }
            }
        }
        list.push(catalogue);
    }
    Ok(Catalogues { list })
}

/// Points a problem at the first quoted name it mentions, if the file has it.
fn locate(text: &str, detail: &str) -> std::ops::Range<usize> {
    let quoted = detail.split('`').nth(1).unwrap_or("");
    match (!quoted.is_empty()).then(|| text.find(&format!("\"{quoted}\""))).flatten() {
        Some(start) => start..start + quoted.len() + 2,
        None => 0..0,
    }
}

fn convert(raw: RawCatalogue, problems: &mut Vec<String>) -> Catalogue {
    if !is_slug(&raw.id) {
        problems.push(format!("catalogue id `{}` is not a slug", raw.id));
    }
    let name = raw.name.unwrap_or_else(|| {
        problems.push(format!("catalogue `{}` has no `name`", raw.id));
        raw.id.clone()
    });
    let mut levels = Vec::new();
    for level in raw.levels.unwrap_or_default() {
        match Level::parse(&level) {
            Some(l) => levels.push(l),
            None => problems.push(format!("unknown level `{level}` in catalogue `{}`", raw.id)),
        }
    }
    let mut classes: Vec<Class> = Vec::new();
    for rc in raw.classes {
        let Some(class) = convert_class(rc, &raw.id, problems) else { continue };
        if classes.iter().any(|c| c.id == class.id && c.audience == class.audience) {
            problems.push(format!("class `{}` is defined twice", class.key()));
            continue;
        }
        classes.push(class);
    }
    Catalogue { id: raw.id, name, levels, classes }
}

fn convert_class(raw: RawClass, catalogue: &str, problems: &mut Vec<String>) -> Option<Class> {
    let id = raw.id;
    if !is_slug(&id) {
        problems.push(format!("class id `{id}` is not a slug"));
    }
    let audience = match raw.audience.as_deref() {
        Some(a) => Audience::parse(a).or_else(|| {
            problems.push(format!("class `{id}`: audience `{a}` is neither `external` nor `internal`"));
            None
        })?,
        None => {
            problems.push(format!("class `{id}` has no `audience`"));
            return None;
        }
    };
    let cadence = match raw.cadence.as_deref() {
        Some("fixed") => Cadence::Fixed,
        Some("dynamic") => Cadence::Dynamic,
        Some(other) => {
            problems.push(format!("class `{id}`: cadence `{other}` is neither `fixed` nor `dynamic`"));
            return None;
        }
        None => {
            problems.push(format!("class `{id}` has no `cadence`"));
            return None;
        }
    };
    let name = raw.name.unwrap_or_else(|| {
        problems.push(format!("class `{id}` has no `name`"));
        id.clone()
    });
    let standard = convert_standard(raw.standard.unwrap_or_default(), &id, problems);
    let mut fields = Vec::new();
    for field in raw.fields {
        if crate::record::COMMON_KEYS.contains(&field.name.as_str()) {
            problems.push(format!("field `{}` of class `{id}` has the name of a common record key", field.name));
            continue;
        }
        if let Some(spec) = convert_field(field, &id, false, problems) {
            fields.push(spec);
        }
    }
    Some(Class {
        id,
        name,
        audience,
        cadence,
        optional: raw.optional.unwrap_or(false),
        description: raw.description.unwrap_or_default(),
        standard,
        fields,
        catalogue: catalogue.to_owned(),
    })
}

fn convert_standard(raw: RawStandard, class: &str, problems: &mut Vec<String>) -> Standard {
    let audience = raw.audience.unwrap_or_else(|| "全社会".to_owned());
    if !["全社会", "特定群体"].contains(&audience.as_str()) {
        problems.push(format!("class `{class}`: 公开对象 `{audience}` is neither 全社会 nor 特定群体"));
    }
    let mode = raw.mode.unwrap_or_else(|| "主动".to_owned());
    if !["主动", "依申请"].contains(&mode.as_str()) {
        problems.push(format!("class `{class}`: 公开方式 `{mode}` is neither 主动 nor 依申请"));
    }
    Standard {
        content: raw.content.unwrap_or_default(),
        basis: raw.basis.unwrap_or_default(),
        deadline: raw.deadline.unwrap_or_default(),
        subject: raw.subject.unwrap_or_default(),
        channels: raw.channels.unwrap_or_default(),
        audience,
        mode,
    }
}

fn convert_field(raw: RawField, class: &str, in_table: bool, problems: &mut Vec<String>) -> Option<FieldSpec> {
    let name = raw.name;
    let valid_name = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid_name {
        problems.push(format!("field name `{name}` of class `{class}` is not snake_case ASCII"));
        return None;
    }
    let Some(ty_name) = raw.ty else {
        problems.push(format!("field `{name}` of class `{class}` has no `type`"));
        return None;
    };
    let ty = match ty_name.as_str() {
        "string" => match raw.pattern.as_deref().map(|p| Regex::new(&format!("^(?:{p})$"))) {
            None => FieldType::String { pattern: None },
            Some(Ok(re)) => FieldType::String { pattern: Some(re) },
            Some(Err(err)) => {
                problems.push(format!("field `{name}`: pattern is not a valid regex ({err})"));
                return None;
            }
        },
        "enum" => match raw.values {
            Some(values) if !values.is_empty() => FieldType::Enum(values),
            _ => {
                problems.push(format!("enum field `{name}` of class `{class}` lists no `values`"));
                return None;
            }
        },
        "list" => match raw.item.as_deref().map(scalar).unwrap_or(Some(FieldType::string())) {
            Some(item) => FieldType::List(Box::new(item)),
            None => {
                problems.push(format!("field `{name}`: list items must be string, date, integer, decimal or money"));
                return None;
            }
        },
        "table" if in_table => {
            problems.push(format!("column `{name}` of class `{class}` cannot itself be a table"));
            return None;
        }
        "table" => {
            let columns: Vec<FieldSpec> = raw
                .columns
                .unwrap_or_default()
                .into_iter()
                .filter_map(|c| convert_field(c, class, true, problems))
                .collect();
            if columns.is_empty() {
                problems.push(format!("table field `{name}` of class `{class}` has no `column`"));
                return None;
            }
            FieldType::Table(columns)
        }
        other => match scalar(other) {
            Some(ty) => ty,
            None => {
                problems.push(format!("field `{name}` of class `{class}` has unknown type `{other}`"));
                return None;
            }
        },
    };
    Some(FieldSpec {
        label: raw.label.unwrap_or_else(|| name.clone()),
        name,
        ty,
        required: raw.required.unwrap_or(false),
        key: raw.key.unwrap_or(false),
    })
}

fn scalar(name: &str) -> Option<FieldType> {
    Some(match name {
        "string" => FieldType::string(),
        "text" => FieldType::Text,
        "date" => FieldType::Date,
        "integer" => FieldType::Integer,
        "decimal" => FieldType::Decimal,
        "money" => FieldType::Money,
        _ => return None,
    })
}

/// `[a-z0-9][a-z0-9-]*`, the form of every folder and file name (SPEC §2).
pub(crate) fn is_slug(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_local(text: &str) -> (Catalogues, Vec<Diagnostic>) {
        let mut sources = SourceMap::default();
        let file = sources.add("catalogues/local.toml".into(), text.into());
        let mut diagnostics = Vec::new();
        let catalogues = load(&[file], &mut sources, &mut diagnostics).unwrap_or_else(|e| panic!("{e:#}"));
        (catalogues, diagnostics)
    }

    #[test]
    fn a_local_file_can_make_one_builtin_field_required() {
        let (catalogues, diagnostics) = load_local(
            "id = \"township\"\n[[class]]\nid = \"agri-fees\"\n[[class.field]]\nname = \"fee_items\"\nrequired = true\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let class = catalogues
            .get("township")
            .and_then(|c| c.classes.iter().find(|c| c.id == "agri-fees"))
            .unwrap_or_else(|| panic!("class lost"));
        let field = class.fields.iter().find(|f| f.name == "fee_items").unwrap_or_else(|| panic!("field lost"));
        assert!(field.required);
        assert!(matches!(field.ty, FieldType::Table(_)), "the type is kept");
        assert_eq!(class.name, "涉农收费");
    }

    #[test]
    fn a_local_file_can_add_a_catalogue() {
        let (catalogues, diagnostics) = load_local(
            "id = \"school\"\nname = \"学校公开\"\n[[class]]\nid = \"fees\"\nname = \"收费\"\naudience = \"external\"\ncadence = \"fixed\"\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(catalogues.get("school").map(|c| c.classes.len()), Some(1));
    }

    #[test]
    fn problems_in_a_local_file_are_diagnostics() {
        let (_, diagnostics) = load_local(
            "id = \"school\"\nname = \"x\"\n[[class]]\nid = \"fees\"\nname = \"收费\"\naudience = \"public\"\ncadence = \"fixed\"\n",
        );
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code(), "catalogue-invalid");
        let (_, diagnostics) = load_local("id = \"x\"\nnmae = \"y\"\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].span, Some(9..13));
    }

    #[test]
    fn slugs() {
        assert!(is_slug("agri-fees"));
        assert!(is_slug("2026-q1-budget"));
        assert!(!is_slug("Agri"));
        assert!(!is_slug("-a"));
        assert!(!is_slug("资金"));
        assert!(!is_slug(""));
        assert!(!is_slug("a_b"));
    }
}
