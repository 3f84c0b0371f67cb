//! The statutory annual report (政府信息公开工作年度报告): the figures of its tables that
//! the repository can tell, for one year, in the format of 国办公开办函〔2021〕30号.
//!
//! * 二、主动公开: the public (external) records published in the year, abolished in
//!   the year and current on 31 December, per class, and the same for records with a
//!   文号. The format's rows (规章 and 行政规范性文件 made, abolished and in force;
//!   许可, 处罚 and 强制 decisions; fees collected) are not what records say: they are
//!   listed in `not_derived`, with the 文号 counts as the nearest figure.
//! * 三、依申请公开: received in the year (本年新收), pending at its start (上年结转),
//!   answered in it by outcome (办理结果), and still pending at its end (结转下年度), per
//!   requester kind; with the format's check 新收 + 上年结转 = 办理结果总计 + 结转下年度,
//!   per column. With consistent requests it holds by construction; a request answered
//!   before the year it was received in, or answered without an outcome, breaks it, and
//!   `offending` names them.
//!
//! Pure: the checked repository in, a value out that serialises to the JSON document of
//! `gongkai annual-report --format json` and that the site renders with
//! `themes/default/annual-report.html`. Requests are only ever counted, never listed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dates::{self, Date};
use crate::record::Record;
use crate::repo::Repo;
use crate::request::{OUTCOMES, REQUESTERS};
use crate::source::SourceMap;

/// The report of one year.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct AnnualReport {
    pub(crate) year: i16,
    /// The site's title (who reports).
    pub(crate) title: String,
    pub(crate) as_of: Date,
    /// 二、主动公开政府信息情况.
    pub(crate) proactive: Proactive,
    /// 三、收到和处理政府信息公开申请情况.
    pub(crate) requests: RequestTable,
    /// 新收 + 上年结转 = 办理结果总计 + 结转下年度, per column.
    pub(crate) consistency: Consistency,
    /// What the format asks for and the repository cannot tell.
    pub(crate) not_derived: Vec<NotDerived>,
}

/// Public records counted three ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Counts {
    /// 本年新公开: published in the year.
    pub(crate) published: usize,
    /// 本年废止: abolished in the year.
    pub(crate) abolished: usize,
    /// 年末现行有效: current on 31 December.
    pub(crate) current: usize,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ClassCounts {
    /// `external/news`.
    pub(crate) class: String,
    pub(crate) name: String,
    #[serde(flatten)]
    pub(crate) counts: Counts,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Proactive {
    pub(crate) classes: Vec<ClassCounts>,
    pub(crate) total: Counts,
    /// Records with a 文号: the nearest figure to the format's 规章 and 规范性文件 rows.
    pub(crate) with_doc_no: Counts,
}

/// A column of the requests table.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Column {
    /// `natural-person`, `business`, …, `total`.
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    /// Under 法人或其他组织.
    pub(crate) organisation: bool,
}

/// A row of the requests table: one figure per column, the total last.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Row {
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    /// Indented under 三、本年度办理结果.
    pub(crate) outcome: bool,
    pub(crate) values: Vec<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct RequestTable {
    pub(crate) columns: Vec<Column>,
    pub(crate) rows: Vec<Row>,
    /// Requests left out: no usable `received` or `requester` (reported by `check`).
    pub(crate) uncounted: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ColumnCheck {
    pub(crate) column: &'static str,
    pub(crate) new: usize,
    pub(crate) carried_over: usize,
    pub(crate) results: usize,
    pub(crate) carried_forward: usize,
    pub(crate) holds: bool,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Consistency {
    pub(crate) holds: bool,
    pub(crate) columns: Vec<ColumnCheck>,
    /// The requests that break the rule (files relative to the root).
    pub(crate) offending: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct NotDerived {
    pub(crate) section: &'static str,
    pub(crate) item: &'static str,
    pub(crate) reason: &'static str,
    pub(crate) reason_en: &'static str,
}

/// The columns, in the format's order: 自然人, the five 法人或其他组织, 总计.
const COLUMNS: [(&str, &str, bool); 7] = [
    ("natural-person", "自然人", false),
    ("business", "商业企业", true),
    ("research", "科研机构", true),
    ("public-interest", "社会公益组织", true),
    ("legal-service", "法律服务机构", true),
    ("other", "其他", true),
    ("total", "总计", false),
];

/// The rows: key, label, under 办理结果.
const ROWS: [(&str, &str, bool); 10] = [
    ("new", "一、本年新收政府信息公开申请数量", false),
    ("carried-over", "二、上年结转政府信息公开申请数量", false),
    ("disclosed", "（一）予以公开", true),
    ("partly-disclosed", "（二）部分公开", true),
    ("not-disclosed", "（三）不予公开", true),
    ("unavailable", "（四）无法提供", true),
    ("not-processed", "（五）不予处理", true),
    ("other-handling", "（六）其他处理", true),
    ("results-total", "（七）总计", true),
    ("carried-forward", "四、结转下年度继续办理", false),
];

/// The row index of each outcome (in the order of [`OUTCOMES`]).
const OUTCOME_ROW: [usize; 6] = [2, 3, 4, 5, 6, 7];
const NEW: usize = 0;
const CARRIED_OVER: usize = 1;
const RESULTS_TOTAL: usize = 8;
const CARRIED_FORWARD: usize = 9;

/// The report of `year` as of `as_of` (up to `as_of` when the year is still running).
pub(crate) fn report(repo: &Repo, sources: &SourceMap, year: i16, as_of: Date) -> AnnualReport {
    let start = dates::date(i64::from(year), 1, 1).unwrap_or(as_of);
    // A year still running ends, for the report, on `as_of`: a record scheduled for
    // December is not public yet and must not be counted (nor shown on the site).
    let end = dates::date(i64::from(year), 12, 31).unwrap_or(as_of).min(as_of);
    let requests = request_table(repo, sources, start, end);
    let consistency = consistency(&requests.table, requests.offending);
    AnnualReport {
        year,
        title: repo.settings.title.clone(),
        as_of,
        proactive: proactive(repo, start, end),
        requests: requests.table,
        consistency,
        not_derived: not_derived(),
    }
}

fn proactive(repo: &Repo, start: Date, end: Date) -> Proactive {
    let mut classes: BTreeMap<(String, String), Counts> = BTreeMap::new();
    let (mut total, mut with_doc_no) = (Counts::default(), Counts::default());
    let public = repo
        .records
        .iter()
        .filter(|r| r.audience == crate::catalogue::Audience::External && r.is_published());
    for record in public {
        let Some(counts) = counts_of(record, start, end) else { continue };
        let name = repo.class_of(record).map(|c| c.name.clone()).unwrap_or_default();
        add(classes.entry((record.class_key(), name)).or_default(), counts);
        add(&mut total, counts);
        if record.doc_no.is_some() {
            add(&mut with_doc_no, counts);
        }
    }
    Proactive {
        classes: classes
            .into_iter()
            .map(|((class, name), counts)| ClassCounts { class, name, counts })
            .collect(),
        total,
        with_doc_no,
    }
}

/// What one record adds; `None` when it adds nothing.
fn counts_of(record: &Record, start: Date, end: Date) -> Option<Counts> {
    let in_year = |d: Option<Date>| d.is_some_and(|d| start <= d && d <= end);
    let counts = Counts {
        published: usize::from(in_year(record.published)),
        abolished: usize::from(in_year(record.abolished)),
        current: usize::from(record.is_current(end)),
    };
    (counts != Counts::default()).then_some(counts)
}

fn add(to: &mut Counts, counts: Counts) {
    to.published += counts.published;
    to.abolished += counts.abolished;
    to.current += counts.current;
}

struct Counted {
    table: RequestTable,
    offending: Vec<String>,
}

fn request_table(repo: &Repo, sources: &SourceMap, start: Date, end: Date) -> Counted {
    let mut rows: Vec<Row> = ROWS
        .iter()
        .map(|&(key, label, outcome)| Row { key, label, outcome, values: vec![0; COLUMNS.len()] })
        .collect();
    let (mut uncounted, mut offending) = (Vec::new(), Vec::new());
    for request in &repo.requests {
        let path = sources.path(request.file).to_owned();
        let column =
            request.requester.as_deref().and_then(|r| REQUESTERS.iter().position(|k| *k == r));
        let (Some(received), Some(column)) = (request.received, column) else {
            uncounted.push(path);
            continue;
        };
        if received > end {
            continue;
        }
        let replied = request.replied;
        let pending_at = |day: Date| replied.is_none_or(|r| r >= day);
        let mut counted_in = 0i32; // +1 for new / carried over, -1 for results / forward
        let mut count = |row: usize, sign: i32| {
            rows[row].values[column] += 1;
            counted_in += sign;
        };
        if received >= start {
            count(NEW, 1);
        } else if pending_at(start) {
            count(CARRIED_OVER, 1);
        }
        match replied {
            Some(r) if start <= r && r <= end => {
                let outcome =
                    request.outcome.as_deref().and_then(|o| OUTCOMES.iter().position(|k| *k == o));
                if let Some(i) = outcome {
                    count(OUTCOME_ROW[i], -1);
                }
            }
            Some(r) if r < start => {}
            _ => count(CARRIED_FORWARD, -1),
        }
        if counted_in != 0 {
            offending.push(path);
        }
    }
    for row in &mut rows {
        row.values[COLUMNS.len() - 1] = row.values[..COLUMNS.len() - 1].iter().sum();
    }
    for column in 0..COLUMNS.len() {
        rows[RESULTS_TOTAL].values[column] =
            OUTCOME_ROW.iter().map(|&r| rows[r].values[column]).sum();
    }
    let columns = COLUMNS
        .iter()
        .map(|&(key, label, organisation)| Column { key, label, organisation })
        .collect();
    Counted { table: RequestTable { columns, rows, uncounted }, offending }
}

fn consistency(table: &RequestTable, offending: Vec<String>) -> Consistency {
    let columns: Vec<ColumnCheck> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let value = |row: usize| table.rows[row].values[i];
            let (new, carried_over) = (value(NEW), value(CARRIED_OVER));
            let (results, carried_forward) = (value(RESULTS_TOTAL), value(CARRIED_FORWARD));
            ColumnCheck {
                column: column.key,
                new,
                carried_over,
                results,
                carried_forward,
                holds: new + carried_over == results + carried_forward,
            }
        })
        .collect();
    Consistency { holds: columns.iter().all(|c| c.holds), columns, offending }
}

fn not_derived() -> Vec<NotDerived> {
    let item = |section, item, reason, reason_en| NotDerived { section, item, reason, reason_en };
    vec![
        item("一", "总体情况", "由本机关撰写", "written by the reporting body"),
        item(
            "二",
            "规章、行政规范性文件（本年制发、本年废止、现行有效）",
            "记录不区分文件类型;“有文号的文件”一行可作参考",
            "records do not say what kind of document they are; the row of records with a 文号 is the nearest figure",
        ),
        item(
            "二",
            "行政许可、行政处罚、行政强制（本年处理决定数量）",
            "处理决定不作为公开记录登记",
            "decisions are not registered as disclosure records",
        ),
        item(
            "二",
            "行政事业性收费（金额）",
            "收费记录列的是标准,不是收取的金额",
            "fee records give the rates, not the amounts collected",
        ),
        item(
            "三",
            "（三）不予公开、（四）无法提供、（五）不予处理、（六）其他处理的分项",
            "理由(reason)为自由文字,无法归入分项",
            "`reason` is free text and cannot be sorted into the sub-rows",
        ),
        item("四", "政府信息公开行政复议、行政诉讼情况", "未登记", "not registered"),
        item(
            "五、六",
            "存在的主要问题及改进情况、其他需要报告的事项",
            "由本机关撰写",
            "written by the reporting body",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_rows_follow_the_outcomes() {
        for (i, outcome) in OUTCOMES.iter().enumerate() {
            let label = ROWS[OUTCOME_ROW[i]].1;
            assert!(label.ends_with(outcome), "{label} / {outcome}");
        }
        for (i, requester) in REQUESTERS.iter().enumerate() {
            assert_eq!(COLUMNS[i].1, *requester);
        }
        assert_eq!(ROWS[RESULTS_TOTAL].0, "results-total");
        assert_eq!(ROWS[CARRIED_FORWARD].0, "carried-forward");
    }
}
