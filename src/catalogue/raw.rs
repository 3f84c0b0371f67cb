//! The catalogue file format as written, before merging and checking.
//!
//! Everything but the ids is optional here, because a local catalogue that changes a
//! built-in one states only what it changes. Whether a *new* catalogue, class or field
//! says enough is checked when it is converted (`merge.rs`).

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCatalogue {
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) levels: Option<Vec<String>>,
    #[serde(default, rename = "class")]
    pub(super) classes: Vec<RawClass>,
}

#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClass {
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) audience: Option<String>,
    pub(super) cadence: Option<String>,
    pub(super) optional: Option<bool>,
    pub(super) description: Option<String>,
    pub(super) standard: Option<RawStandard>,
    #[serde(default, rename = "field")]
    pub(super) fields: Vec<RawField>,
}

#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStandard {
    pub(super) content: Option<String>,
    pub(super) basis: Option<String>,
    pub(super) deadline: Option<String>,
    pub(super) subject: Option<String>,
    pub(super) channels: Option<Vec<String>>,
    pub(super) audience: Option<String>,
    pub(super) mode: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawField {
    pub(super) name: String,
    pub(super) label: Option<String>,
    #[serde(rename = "type")]
    pub(super) ty: Option<String>,
    pub(super) required: Option<bool>,
    pub(super) key: Option<bool>,
    pub(super) values: Option<Vec<String>>,
    pub(super) pattern: Option<String>,
    pub(super) item: Option<String>,
    #[serde(rename = "column")]
    pub(super) columns: Option<Vec<RawField>>,
}

impl RawCatalogue {
    /// Applies `other` (a local file with the same id) over `self`.
    pub(super) fn merge(&mut self, other: RawCatalogue) {
        merge_opt(&mut self.name, other.name);
        merge_opt(&mut self.levels, other.levels);
        for class in other.classes {
            match self.classes.iter_mut().find(|c| c.id == class.id) {
                Some(existing) => existing.merge(class),
                None => self.classes.push(class),
            }
        }
    }
}

impl RawClass {
    fn merge(&mut self, other: RawClass) {
        merge_opt(&mut self.name, other.name);
        merge_opt(&mut self.audience, other.audience);
        merge_opt(&mut self.cadence, other.cadence);
        merge_opt(&mut self.optional, other.optional);
        merge_opt(&mut self.description, other.description);
        match (&mut self.standard, other.standard) {
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            (slot @ None, theirs) => *slot = theirs,
            (Some(_), None) => {}
        }
        merge_fields(&mut self.fields, other.fields);
    }
}

impl RawStandard {
    fn merge(&mut self, other: RawStandard) {
        merge_opt(&mut self.content, other.content);
        merge_opt(&mut self.basis, other.basis);
        merge_opt(&mut self.deadline, other.deadline);
        merge_opt(&mut self.subject, other.subject);
        merge_opt(&mut self.channels, other.channels);
        merge_opt(&mut self.audience, other.audience);
        merge_opt(&mut self.mode, other.mode);
    }
}

impl RawField {
    fn merge(&mut self, other: RawField) {
        merge_opt(&mut self.label, other.label);
        merge_opt(&mut self.ty, other.ty);
        merge_opt(&mut self.required, other.required);
        merge_opt(&mut self.key, other.key);
        merge_opt(&mut self.values, other.values);
        merge_opt(&mut self.pattern, other.pattern);
        merge_opt(&mut self.item, other.item);
        match (&mut self.columns, other.columns) {
            (Some(mine), Some(theirs)) => merge_fields(mine, theirs),
            (slot @ None, theirs) => *slot = theirs,
            (Some(_), None) => {}
        }
    }
}

fn merge_fields(mine: &mut Vec<RawField>, theirs: Vec<RawField>) {
    for field in theirs {
        match mine.iter_mut().find(|f| f.name == field.name) {
            Some(existing) => existing.merge(field),
            None => mine.push(field),
        }
    }
}

fn merge_opt<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}
