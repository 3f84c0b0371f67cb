//! The checked repository: settings, catalogues, units and records, with the lookups every
//! later stage needs (a unit's classes, a record's class, a unit's children).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use crate::catalogue::{Audience, Catalogues, Class};
use crate::config::Settings;
use crate::record::Record;
use crate::request::Request;
use crate::unit::Unit;
use crate::workdays::WorkCalendar;

#[derive(Debug)]
pub(crate) struct Repo {
    pub(crate) root: PathBuf,
    pub(crate) settings: Settings,
    pub(crate) catalogues: Catalogues,
    /// In walk order: a parent before its children.
    pub(crate) units: Vec<Unit>,
    /// In path order.
    pub(crate) records: Vec<Record>,
    pub(crate) requests: Vec<Request>,
    /// The working-day calendar: the built-in holidays with the repository's changes.
    pub(crate) calendar: WorkCalendar,
    /// Every file under a unit's `files/`, relative to the root.
    pub(crate) attachments: BTreeSet<String>,
    /// Record indices by (unit, audience, class), in path order.
    by_class: BTreeMap<(usize, Audience, String), Vec<usize>>,
    /// Unit indices by id.
    by_id: HashMap<String, usize>,
}

impl Repo {
    pub(crate) fn new(
        root: PathBuf,
        settings: Settings,
        catalogues: Catalogues,
        units: Vec<Unit>,
        records: Vec<Record>,
        requests: Vec<Request>,
        attachments: BTreeSet<String>,
    ) -> Repo {
        let mut by_class: BTreeMap<(usize, Audience, String), Vec<usize>> = BTreeMap::new();
        for (i, r) in records.iter().enumerate() {
            by_class.entry((r.unit, r.audience, r.class.clone())).or_default().push(i);
        }
        let calendar = WorkCalendar::default();
        let by_id = units.iter().enumerate().map(|(i, u)| (u.id.clone(), i)).collect();
        Repo {
            root,
            settings,
            catalogues,
            units,
            records,
            requests,
            calendar,
            attachments,
            by_class,
            by_id,
        }
    }

    /// The repository with its working-day calendar.
    pub(crate) fn with_calendar(self, calendar: WorkCalendar) -> Repo {
        Repo { calendar, ..self }
    }

    /// The unit whose id (path under `units/`) is `id`.
    pub(crate) fn unit_by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The classes of a unit's catalogues, in catalogue order.
    pub(crate) fn unit_classes<'a>(
        &'a self,
        unit: &'a Unit,
    ) -> impl Iterator<Item = &'a Class> + 'a {
        unit.catalogues
            .iter()
            .filter_map(|id| self.catalogues.get(id))
            .flat_map(|c| c.classes.iter())
    }

    /// The class `audience/id` of a unit, if its catalogues have it.
    pub(crate) fn unit_class<'a>(
        &'a self,
        unit: &'a Unit,
        audience: Audience,
        id: &str,
    ) -> Option<&'a Class> {
        self.unit_classes(unit).find(|c| c.audience == audience && c.id == id)
    }

    /// The class of a record.
    pub(crate) fn class_of(&self, record: &Record) -> Option<&Class> {
        self.unit_class(&self.units[record.unit], record.audience, &record.class)
    }

    /// The direct children of a unit (or the top-level units for `None`).
    pub(crate) fn children(&self, parent: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.units.iter().enumerate().filter(move |(_, u)| u.parent == parent).map(|(i, _)| i)
    }

    /// The unit and its ancestors, outermost first (for breadcrumbs).
    pub(crate) fn ancestry(&self, unit: usize) -> Vec<usize> {
        let mut chain = vec![unit];
        let mut current = self.units[unit].parent;
        while let Some(parent) = current {
            // Parents always come earlier in the list, so this cannot loop.
            if parent >= *chain.last().unwrap_or(&0) {
                break;
            }
            chain.push(parent);
            current = self.units[parent].parent;
        }
        chain.reverse();
        chain
    }

    /// The records of one unit's class.
    pub(crate) fn class_records<'a>(
        &'a self,
        unit: usize,
        audience: Audience,
        class: &'a str,
    ) -> impl Iterator<Item = &'a Record> + 'a {
        let key = (unit, audience, class.to_owned());
        self.by_class.get(&key).into_iter().flatten().map(|&i| &self.records[i])
    }
}
