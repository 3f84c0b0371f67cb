//! `gongkai report`: the assessment (考核) scorecard per unit, as an aligned table, one
//! JSON document or CSV for a spreadsheet.
//!
//! Like `due` it reports and does not judge: exit 0 whenever it could run, 2 when it
//! cannot. The figures come from `compliance::score`, which the site's compliance page
//! uses too.

use std::fmt::Write as _;
use std::process::ExitCode;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::check;
use crate::cli::{RepoOptions, ReportFormat};
use crate::compliance::score::{self, Scorecard, Share, WEIGHTS};
use crate::dates::Date;
use crate::i18n::Lang;
use crate::term::{self, Term};

pub(crate) fn run(
    term: &Term,
    repo: &RepoOptions,
    format: ReportFormat,
) -> anyhow::Result<ExitCode> {
    let checked = check::check(&repo.dir, repo.as_of)?;
    super::due::note_errors(term, &checked);
    let cards = score::scorecards(&checked.repo, &checked.coverage, repo.as_of);
    let total = score::total(&cards);
    let text = match format {
        ReportFormat::Table => table(&cards, &total, repo.as_of, term.lang),
        ReportFormat::Json => json_document(&cards, &total, repo.as_of)?,
        ReportFormat::Csv => csv_document(&cards, &total)?,
    };
    term::stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The headers of the five shares, in the order of [`WEIGHTS`].
fn share_names(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["类目覆盖", "按时刷新", "动态及时", "规范审核", "反馈及时"],
        Lang::En => ["Covered", "Fresh", "On time", "Reviewed", "Feedback"],
    }
}

fn not_applicable(lang: Lang) -> &'static str {
    lang.pick("不适用", "n/a")
}

/// `10/12 83%`, or n/a. Whole percents, rounded down, keep the table narrow and never
/// show 100% for a share that is not complete (JSON and CSV have one decimal).
fn share_cell(share: Share, lang: Lang) -> String {
    match share.ratio() {
        Some(r) => format!("{}/{} {}%", share.count, share.of, (r * 100.0 + 1e-9).floor()),
        None => not_applicable(lang).to_owned(),
    }
}

fn score_cell(score: Option<f64>, lang: Lang) -> String {
    score.map_or_else(|| not_applicable(lang).to_owned(), |s| format!("{s:.1}"))
}

fn table(cards: &[Scorecard], total: &Scorecard, as_of: Date, lang: Lang) -> String {
    let mut header = vec![lang.pick("单位", "Unit"), lang.pick("名称", "Name")];
    header.extend(share_names(lang));
    header.push(lang.pick("总分", "Score"));
    let mut rows: Vec<Vec<String>> = vec![header.into_iter().map(str::to_owned).collect()];
    let row = |unit: &str, card: &Scorecard| {
        let mut cells = vec![unit.to_owned(), card.name.clone()];
        cells.extend(card.shares().map(|s| share_cell(s, lang)));
        cells.push(score_cell(card.score, lang));
        cells
    };
    rows.extend(cards.iter().map(|c| row(&c.unit, c)));
    rows.push(row(lang.pick("合计", "Total"), total));
    let mut out = match lang {
        Lang::Zh => format!("政务公开考核评分(截至 {})\n\n", crate::dates::chinese(as_of)),
        Lang::En => format!("Disclosure scorecard as of {as_of}\n\n"),
    };
    out.push_str(&align(&rows, 2));
    out.push('\n');
    out.push_str(&weights_note(lang));
    out
}

/// Left-aligns the first two columns and right-aligns the rest, measuring text in
/// terminal columns (a Chinese character takes two).
pub(super) fn align(rows: &[Vec<String>], left_columns: usize) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| rows.iter().filter_map(|r| r.get(i)).map(|c| c.width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[i].saturating_sub(cell.width()));
            if i > 0 {
                line.push_str("  ");
            }
            if i < left_columns {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

fn weights_note(lang: Lang) -> String {
    let names = share_names(lang);
    let parts: Vec<String> =
        names.iter().zip(WEIGHTS).map(|(name, (_, w))| format!("{name} {w}")).collect();
    match lang {
        Lang::Zh => {
            format!("权重:{};“不适用”的项不计,其权重按比例分给其他各项。\n", parts.join("、"))
        }
        Lang::En => format!(
            "Weights: {}; an n/a share is left out and its weight spread over the others.\n",
            parts.join(", ")
        ),
    }
}

/// The `report --format json` document (field order as written here).
#[derive(Serialize)]
struct Document<'a> {
    as_of: Date,
    weights: Weights,
    units: &'a [Scorecard],
    total: Total,
}

/// The weights by share name, in the order of [`WEIGHTS`].
#[derive(Serialize)]
struct Weights {
    covered: u32,
    fresh: u32,
    on_time: u32,
    reviewed: u32,
    feedback: u32,
}

/// The pooled scorecard of all units, without a unit's name.
#[derive(Serialize)]
struct Total {
    covered: Share,
    fresh: Share,
    on_time: Share,
    reviewed: Share,
    feedback: Share,
    score: Option<f64>,
}

fn json_document(cards: &[Scorecard], total: &Scorecard, as_of: Date) -> anyhow::Result<String> {
    let [covered, fresh, on_time, reviewed, feedback] = WEIGHTS.map(|(_, w)| w);
    let weights = Weights { covered, fresh, on_time, reviewed, feedback };
    let total = Total {
        covered: total.covered,
        fresh: total.fresh,
        on_time: total.on_time,
        reviewed: total.reviewed,
        feedback: total.feedback,
        score: total.score,
    };
    let document = Document { as_of, weights, units: cards, total };
    Ok(format!("{}\n", serde_json::to_string_pretty(&document)?))
}

/// The CSV columns: headers in Chinese (what the assessors' spreadsheets use).
const CSV_HEADER: [&str; 19] = [
    "单位",
    "名称",
    "层级",
    "应公开类目数",
    "已覆盖类目数",
    "类目覆盖率(%)",
    "定期类目数",
    "按时刷新类目数",
    "按时刷新率(%)",
    "动态信息数",
    "及时公开数",
    "动态及时率(%)",
    "已公开记录数",
    "规范审核数",
    "规范审核率(%)",
    "应答复反馈数",
    "及时答复数",
    "反馈及时率(%)",
    "总分",
];

/// UTF-8 with a byte-order mark, which Excel needs to read Chinese; n/a is an empty cell
/// so the rates stay numbers.
fn csv_document(cards: &[Scorecard], total: &Scorecard) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER)?;
    let number = |x: Option<f64>| x.map(|x| format!("{x:.1}")).unwrap_or_default();
    for (unit, card) in cards.iter().map(|c| (c.unit.as_str(), c)).chain([("合计", total)]) {
        let mut record = vec![
            unit.to_owned(),
            card.name.clone(),
            card.level.map(|l| l.chinese().to_owned()).unwrap_or_default(),
        ];
        for share in card.shares() {
            record.push(share.of.to_string());
            record.push(share.count.to_string());
            record.push(number(share.percent()));
        }
        record.push(number(card.score));
        writer.write_record(&record)?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("writing the CSV: {e}"))?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_display_width() {
        let rows = vec![
            vec!["单位".to_owned(), "x".to_owned(), "总分".to_owned()],
            vec!["town".to_owned(), "测试镇".to_owned(), "9.5".to_owned()],
        ];
        assert_eq!(align(&rows, 2), "单位  x       总分\ntown  测试镇   9.5\n");
    }
}
