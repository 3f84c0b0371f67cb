//! `compliance/`: the coverage matrix of every unit × class (status in colour and in
//! words) and each unit's share of classes in order, drawn as an inline SVG bar chart
//! (no script needed to see it) with the same figures in a table.
//!
//! Per-unit figures are a list of [`Score`]s with their column labels, so the 考核
//! scorecard (`report`) can add its columns here without touching the template.

use serde::Serialize;

use super::model::{ClassRef, Site};
use super::pages::Page;
use super::views::{self, Crumb};
use crate::catalogue::Audience;
use crate::compliance::CoverageStatus;
use crate::urls;

#[derive(Serialize)]
struct Legend {
    code: &'static str,
    label: &'static str,
    description: &'static str,
}

fn legend() -> Vec<Legend> {
    let item = |status: CoverageStatus, description| Legend {
        code: status.as_str(),
        label: status.chinese(),
        description,
    };
    vec![
        item(CoverageStatus::Ok, "有现行有效的公开信息，且按时刷新"),
        item(CoverageStatus::Stale, "有公开信息，但最近一次统一刷新后未更新"),
        item(CoverageStatus::Missing, "应公开而没有现行有效的公开信息"),
        item(CoverageStatus::NotDue, "动态栏目尚无事项，或选设栏目未设置"),
    ]
}

/// One figure of a unit (`达标率 83%`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Score {
    pub(crate) text: String,
    /// 0–100, for charts; `None` when nothing is counted.
    pub(crate) percent: Option<u32>,
}

#[derive(Serialize)]
struct UnitRow {
    name: String,
    href: String,
    ok: usize,
    stale: usize,
    missing: usize,
    not_due: usize,
    /// In the order of `score_labels`.
    scores: Vec<Score>,
}

#[derive(Serialize)]
struct Bar {
    name: String,
    y: u32,
    text_y: u32,
    width: u32,
    percent: u32,
    ok: usize,
    total: usize,
    /// `high`, `mid` or `low`: the bar's colour (the figure is printed beside it).
    band: &'static str,
}

#[derive(Serialize)]
struct Chart {
    width: u32,
    height: u32,
    label_x: u32,
    bar_x: u32,
    bar_space: u32,
    bar_height: u32,
    value_x: u32,
    bars: Vec<Bar>,
}

#[derive(Serialize)]
struct Cell {
    code: &'static str,
    label: &'static str,
    count: usize,
    href: Option<String>,
}

#[derive(Serialize)]
struct MatrixColumn {
    name: String,
    internal: bool,
}

#[derive(Serialize)]
struct MatrixRow {
    name: String,
    href: String,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct Matrix {
    name: String,
    columns: Vec<MatrixColumn>,
    rows: Vec<MatrixRow>,
}

pub(crate) fn fill(site: &Site<'_>, page: &mut Page<'_>) -> &'static str {
    page.titled("compliance", "政务公开合规情况");
    page.view.description = Some("各单位公开栏目的完整性与更新情况".to_owned());
    page.crumbs = vec![
        Crumb { name: "首页".to_owned(), href: Some(page.link.page(urls::HOME)) },
        Crumb { name: "合规情况".to_owned(), href: None },
    ];
    let units = unit_rows(site, &page.link);
    let window = site.repo.settings.windows.latest_ended(site.options.as_of).map(|s| s.chinese());
    page.insert("legend", &legend());
    page.insert("window", &window);
    page.insert("score_labels", &["达标率"]);
    page.insert("chart", &chart(&units));
    page.insert("units", &units);
    page.insert("matrices", &matrices(site, &page.link));
    "compliance.html"
}

/// The units that disclose anything, with their counts and scores.
fn unit_rows(site: &Site<'_>, link: &urls::Linker) -> Vec<UnitRow> {
    (0..site.repo.units.len())
        .filter(|&u| !site.classes[u].is_empty())
        .map(|u| {
            let unit = site.unit(u);
            let count = |status| {
                site.classes[u]
                    .iter()
                    .filter(|c| c.coverage.map(|x| x.status) == Some(status))
                    .count()
            };
            let (ok, stale, missing) = (
                count(CoverageStatus::Ok),
                count(CoverageStatus::Stale),
                count(CoverageStatus::Missing),
            );
            let not_due = site.classes[u].len() - ok - stale - missing;
            UnitRow {
                name: unit.name.clone(),
                href: link.page(&urls::unit(&unit.id)),
                ok,
                stale,
                missing,
                not_due,
                scores: vec![share(ok, ok + stale + missing)],
            }
        })
        .collect()
}

/// `ok` of `total` as a score (`83%（5/6）`).
pub(crate) fn share(ok: usize, total: usize) -> Score {
    if total == 0 {
        return Score { text: "—".to_owned(), percent: None };
    }
    let percent = u32::try_from(ok * 100 / total).unwrap_or(100);
    Score { text: format!("{percent}%（{ok}/{total}）"), percent: Some(percent) }
}

fn chart(units: &[UnitRow]) -> Chart {
    const ROW: u32 = 30;
    const BAR: u32 = 18;
    const LABEL: u32 = 230;
    const SPACE: u32 = 360;
    let mut bars = Vec::new();
    for unit in units {
        let Some(percent) = unit.scores.first().and_then(|s| s.percent) else { continue };
        let y = 8 + ROW * u32::try_from(bars.len()).unwrap_or(0);
        let band = match percent {
            90.. => "high",
            60..=89 => "mid",
            _ => "low",
        };
        let total = unit.ok + unit.stale + unit.missing;
        bars.push(Bar {
            name: unit.name.clone(),
            y,
            text_y: y + 14,
            width: SPACE * percent / 100,
            percent,
            ok: unit.ok,
            total,
            band,
        });
    }
    let height = 16 + ROW * u32::try_from(bars.len()).unwrap_or(0);
    Chart {
        width: LABEL + SPACE + 150,
        height,
        label_x: LABEL - 10,
        bar_x: LABEL,
        bar_space: SPACE,
        bar_height: BAR,
        value_x: LABEL + SPACE + 8,
        bars,
    }
}

/// One matrix per catalogue: its units as rows, its classes (for this audience) as
/// columns.
fn matrices(site: &Site<'_>, link: &urls::Linker) -> Vec<Matrix> {
    let mut out = Vec::new();
    for catalogue in &site.repo.catalogues.list {
        let units: Vec<usize> = (0..site.repo.units.len())
            .filter(|&u| site.unit(u).catalogues.contains(&catalogue.id))
            .collect();
        let classes: Vec<_> = catalogue
            .classes
            .iter()
            .filter(|c| site.options.internal || c.audience == Audience::External)
            .collect();
        if units.is_empty() || classes.is_empty() {
            continue;
        }
        let columns = classes
            .iter()
            .map(|c| MatrixColumn {
                name: c.name.clone(),
                internal: c.audience == Audience::Internal,
            })
            .collect();
        let rows = units
            .iter()
            .map(|&u| {
                let unit = site.unit(u);
                let cells = classes
                    .iter()
                    .map(|class| {
                        let found = site.classes[u].iter().find(|c| c.class.key() == class.key());
                        cell(site, found, link)
                    })
                    .collect();
                MatrixRow { name: unit.name.clone(), href: link.page(&urls::unit(&unit.id)), cells }
            })
            .collect();
        out.push(Matrix { name: catalogue.name.clone(), columns, rows });
    }
    out
}

fn cell(site: &Site<'_>, class: Option<&ClassRef<'_>>, link: &urls::Linker) -> Cell {
    let Some(class) = class else {
        return Cell { code: "none", label: "—", count: 0, href: None };
    };
    let (code, label) = views::status_of(class);
    Cell { code, label, count: class.records.len(), href: Some(link.page(&class.path(site))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_down_and_show_the_counts() {
        assert_eq!(share(5, 6).text, "83%（5/6）");
        assert_eq!(share(0, 0).percent, None);
        assert_eq!(share(3, 3).percent, Some(100));
    }
}
