//! The category schemas: which classes a unit must disclose, and what their records hold.
//!
//! The six built-in catalogues are TOML files in the project's `catalogues/` folder,
//! compiled in (`builtin.rs`). A repository's own `catalogues/*.toml` are read at run time
//! and merged over them (`merge.rs`): a file with a new `id` adds a catalogue, one with a
//! built-in `id` changes it class by class and field by field, so making one field
//! required takes three lines, not a copy of the whole schema.

mod builtin;
mod merge;
mod raw;

use serde::Serialize;

pub(crate) use builtin::builtin_sources;
pub(crate) use merge::{is_slug, load};

use crate::schema::FieldSpec;

/// Who a class is disclosed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Audience {
    /// 对外公开: the public.
    External,
    /// 对内公开: the unit's own staff only; never in a public output.
    Internal,
}

impl Audience {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Audience::External => "external",
            Audience::Internal => "internal",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Audience> {
        match text {
            "external" => Some(Audience::External),
            "internal" => Some(Audience::Internal),
            _ => None,
        }
    }

    pub(crate) fn chinese(self) -> &'static str {
        match self {
            Audience::External => "对外公开",
            Audience::Internal => "对内公开",
        }
    }
}

/// How a class's content is refreshed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Cadence {
    /// 常规性/阶段性: refreshed on the unified refresh days.
    Fixed,
    /// 动态性: published promptly after each event.
    Dynamic,
}

impl Cadence {
    pub(crate) fn chinese(self) -> &'static str {
        match self {
            Cadence::Fixed => "定期刷新",
            Cadence::Dynamic => "动态公开",
        }
    }
}

/// The administrative level of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    City,
    County,
    Township,
    Village,
    Department,
    Station,
}

impl Level {
    pub(crate) const ALL: [Level; 6] =
        [Level::City, Level::County, Level::Township, Level::Village, Level::Department, Level::Station];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Level::City => "city",
            Level::County => "county",
            Level::Township => "township",
            Level::Village => "village",
            Level::Department => "department",
            Level::Station => "station",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == text)
    }

    pub(crate) fn chinese(self) -> &'static str {
        match self {
            Level::City => "市",
            Level::County => "县(区)",
            Level::Township => "乡镇",
            Level::Village => "村",
            Level::Department => "部门",
            Level::Station => "基层站所",
        }
    }
}

/// The columns of the national standard disclosure catalogue (基层政务公开标准目录).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Standard {
    /// 公开内容(要素)
    pub(crate) content: String,
    /// 公开依据
    pub(crate) basis: String,
    /// 公开时限
    pub(crate) deadline: String,
    /// 公开主体
    pub(crate) subject: String,
    /// 公开渠道和载体
    pub(crate) channels: Vec<String>,
    /// 公开对象: 全社会 | 特定群体
    pub(crate) audience: String,
    /// 公开方式: 主动 | 依申请
    pub(crate) mode: String,
}

/// One class of a catalogue, e.g. township `external/funds` 资金管理.
#[derive(Clone, Debug)]
pub(crate) struct Class {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) audience: Audience,
    pub(crate) cadence: Cadence,
    pub(crate) optional: bool,
    pub(crate) description: String,
    pub(crate) standard: Standard,
    /// Typed fields the class adds to its records.
    pub(crate) fields: Vec<FieldSpec>,
    /// The id of the catalogue it belongs to.
    pub(crate) catalogue: String,
}

impl Class {
    /// `external/funds`.
    pub(crate) fn key(&self) -> String {
        format!("{}/{}", self.audience.as_str(), self.id)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Catalogue {
    pub(crate) id: String,
    pub(crate) name: String,
    /// The levels that get this catalogue when their `unit.toml` names none.
    pub(crate) levels: Vec<Level>,
    pub(crate) classes: Vec<Class>,
}

/// All catalogues of a run, built-in ones first, in a stable order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Catalogues {
    pub(crate) list: Vec<Catalogue>,
}

impl Catalogues {
    pub(crate) fn get(&self, id: &str) -> Option<&Catalogue> {
        self.list.iter().find(|c| c.id == id)
    }

    /// The catalogues a level gets by default (SPEC §3's table), in catalogue order.
    pub(crate) fn defaults_for(&self, level: Level) -> Vec<String> {
        self.list.iter().filter(|c| c.levels.contains(&level)).map(|c| c.id.clone()).collect()
    }

    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|c| c.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtins() -> Catalogues {
        let mut sources = crate::source::SourceMap::default();
        let mut diagnostics = Vec::new();
        let catalogues = load(&[], &mut sources, &mut diagnostics).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        catalogues
    }

    #[test]
    fn every_builtin_catalogue_loads() {
        let ids: Vec<_> = builtins().ids().map(str::to_owned).collect();
        assert_eq!(ids, ["government", "topics", "township", "department", "village", "station"]);
    }

    #[test]
    fn the_township_catalogue_has_exactly_the_twelve_classes_of_the_spec() {
        let catalogues = builtins();
        let township = catalogues.get("township").unwrap_or_else(|| panic!("no township catalogue"));
        let classes: Vec<(String, &str, Cadence, bool)> =
            township.classes.iter().map(|c| (c.key(), c.name.as_str(), c.cadence, c.optional)).collect();
        let fixed = Cadence::Fixed;
        assert_eq!(
            classes,
            [
                ("external/functions".to_owned(), "机构职能", fixed, false),
                ("external/economy".to_owned(), "经济发展", fixed, false),
                ("external/funds".to_owned(), "资金管理", fixed, false),
                ("external/agri-policy".to_owned(), "惠农政策", fixed, false),
                ("external/agri-fees".to_owned(), "涉农收费", fixed, false),
                ("external/public-works".to_owned(), "公益建设", fixed, false),
                ("external/personnel".to_owned(), "人事奖励", fixed, false),
                ("external/other".to_owned(), "其他", fixed, true),
                ("internal/finance".to_owned(), "财务收支", fixed, false),
                ("internal/integrity".to_owned(), "廉洁自律", fixed, false),
                ("internal/appraisal".to_owned(), "考核奖惩", fixed, false),
                ("internal/other".to_owned(), "其他", fixed, true),
            ]
        );
    }

    #[test]
    fn the_other_catalogues_match_the_spec_table() {
        let catalogues = builtins();
        let expect = |id: &str, classes: &[(&str, &str, Cadence)]| {
            let catalogue = catalogues.get(id).unwrap_or_else(|| panic!("no catalogue {id}"));
            let found: Vec<(&str, &str, Cadence)> =
                catalogue.classes.iter().map(|c| (c.id.as_str(), c.name.as_str(), c.cadence)).collect();
            assert_eq!(found, classes, "catalogue {id}");
            assert!(catalogue.classes.iter().all(|c| c.audience == Audience::External), "{id}");
        };
        use Cadence::{Dynamic as D, Fixed as F};
        expect(
            "government",
            &[
                ("news", "政务要闻", D),
                ("functions", "机构职责", F),
                ("major-matters", "重要事项", D),
                ("appointments", "人事任免", D),
                ("projects", "实事项目", F),
                ("statistics", "统计资料", F),
            ],
        );
        expect(
            "topics",
            &[
                ("procurement", "政府采购", D),
                ("tenders", "工程招标", D),
                ("medical-procurement", "医药采购", D),
                ("property-rights", "产权交易", D),
                ("land-transfer", "经营性土地出让", D),
                ("demolition", "拆迁补偿", D),
                ("service-center", "行政办事中心", F),
                ("fees", "教育医疗收费", F),
            ],
        );
        expect(
            "department",
            &[
                ("duties", "部门职责", F),
                ("policies", "政策法规", F),
                ("guides", "办事指南", F),
                ("commitments", "服务承诺", F),
                ("online-services", "网上办事", F),
                ("complaints", "投诉举报", D),
                ("news", "政务信息", D),
            ],
        );
        expect(
            "village",
            &[
                ("affairs", "村务", F),
                ("finance", "财务", F),
                ("subsidies", "惠农补贴", F),
                ("assets", "集体资产资源", F),
                ("projects", "工程项目", F),
                ("other", "其他", F),
            ],
        );
        expect(
            "station",
            &[
                ("matters", "办事事项", F),
                ("procedures", "办事程序", F),
                ("basis", "办事依据", F),
                ("commitments", "服务承诺", F),
                ("fees", "收费标准", F),
            ],
        );
    }

    #[test]
    fn default_catalogues_follow_the_level() {
        let c = builtins();
        assert_eq!(c.defaults_for(Level::City), ["government", "topics"]);
        assert_eq!(c.defaults_for(Level::County), ["government"]);
        assert_eq!(c.defaults_for(Level::Township), ["township"]);
        assert_eq!(c.defaults_for(Level::Village), ["village"]);
        assert_eq!(c.defaults_for(Level::Department), ["department"]);
        assert_eq!(c.defaults_for(Level::Station), ["station"]);
    }

    #[test]
    fn every_class_fills_the_standard_columns() {
        for catalogue in &builtins().list {
            for class in &catalogue.classes {
                let s = &class.standard;
                let filled = [&s.content, &s.basis, &s.deadline, &s.subject, &s.audience, &s.mode];
                assert!(filled.iter().all(|v| !v.trim().is_empty()), "{}/{}", catalogue.id, class.id);
                assert!(!s.channels.is_empty(), "{}/{}", catalogue.id, class.id);
                assert!(["全社会", "特定群体"].contains(&s.audience.as_str()), "{}/{}", catalogue.id, class.id);
                assert!(["主动", "依申请"].contains(&s.mode.as_str()), "{}/{}", catalogue.id, class.id);
                assert!(class.fields.iter().all(|f| !f.required), "built-in fields are optional");
            }
        }
    }
}
