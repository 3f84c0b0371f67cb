//! `gongkai annual-report`: the statutory tables of the annual report (年度报告) for one
//! year (default: the year before `--as-of`), as aligned tables, one JSON document or CSV
//! for a spreadsheet. The figures come from `annual.rs`, which the site renders too.
//!
//! Exit 0 when the report could be made and its consistency rule holds; 1 when the rule
//! is broken (which only inconsistent requests can do: the failure line names them, and
//! `gongkai check` explains them); 2 when it cannot run.

use std::fmt::Write as _;
use std::process::ExitCode;

use crate::annual::{self, AnnualReport, Counts};
use crate::check;
use crate::cli::{AnnualFormat, RepoOptions};
use crate::i18n::Lang;
use crate::term::{self, Term};

pub(crate) fn run(
    term: &Term,
    repo: &RepoOptions,
    year: Option<i16>,
    format: AnnualFormat,
) -> anyhow::Result<ExitCode> {
    let checked = check::check(&repo.dir, repo.as_of)?;
    super::due::note_errors(term, &checked);
    let year = year.unwrap_or(repo.as_of.year() - 1);
    let report = annual::report(&checked.repo, &checked.sources, year, repo.as_of);
    let text = match format {
        AnnualFormat::Table => table(&report, term.lang),
        AnnualFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report)?),
        AnnualFormat::Csv => csv_document(&report)?,
    };
    term::stdout(&text)?;
    if report.consistency.holds {
        return Ok(ExitCode::SUCCESS);
    }
    let message = failure(&report, term.lang);
    term.status(term.lang.pick("不一致", "Inconsistent"), &message);
    Ok(ExitCode::from(1))
}

/// The English labels of the requests table, by key.
fn label_en(key: &str) -> &str {
    match key {
        "natural-person" => "Natural persons",
        "business" => "Businesses",
        "research" => "Research institutions",
        "public-interest" => "Public-interest orgs",
        "legal-service" => "Legal services",
        "other" => "Other",
        "total" => "Total",
        "new" => "1. New requests this year",
        "carried-over" => "2. Carried over from last year",
        "disclosed" => "(1) Disclosed",
        "partly-disclosed" => "(2) Partly disclosed",
        "not-disclosed" => "(3) Not disclosed",
        "unavailable" => "(4) Cannot be provided",
        "not-processed" => "(5) Not processed",
        "other-handling" => "(6) Other handling",
        "results-total" => "(7) Total",
        "carried-forward" => "4. Carried forward to next year",
        other => other,
    }
}

fn table(report: &AnnualReport, lang: Lang) -> String {
    let mut out = match lang {
        Lang::Zh => format!(
            "{}{}年政府信息公开工作年度报告(统计表)\n截至 {};格式依据国办公开办函〔2021〕30号\n",
            report.title,
            report.year,
            crate::dates::chinese(report.as_of)
        ),
        Lang::En => format!(
            "{}: annual report on government information disclosure, {} (the tables)\nAs of {}; in the format of 国办公开办函〔2021〕30号\n",
            report.title, report.year, report.as_of
        ),
    };
    out.push_str(&proactive_table(report, lang));
    out.push_str(&requests_table(report, lang));
    out.push('\n');
    out.push_str(&consistency_line(report, lang));
    out.push_str(&not_derived_list(report, lang));
    out
}

fn proactive_table(report: &AnnualReport, lang: Lang) -> String {
    let p = &report.proactive;
    let header = match lang {
        Lang::Zh => ["类目", "名称", "本年新公开", "本年废止", "年末现行有效"],
        Lang::En => ["Class", "Name", "Published", "Abolished", "Current at year end"],
    };
    let mut rows = vec![header.map(str::to_owned).to_vec()];
    let row = |class: &str, name: &str, c: &Counts| {
        vec![
            class.to_owned(),
            name.to_owned(),
            c.published.to_string(),
            c.abolished.to_string(),
            c.current.to_string(),
        ]
    };
    rows.extend(p.classes.iter().map(|c| row(&c.class, &c.name, &c.counts)));
    rows.push(row(lang.pick("合计", "Total"), "", &p.total));
    rows.push(row(lang.pick("其中:有文号的文件", "of which with a 文号"), "", &p.with_doc_no));
    let heading = lang.pick(
        "\n二、主动公开政府信息情况(对外公开的记录)\n\n",
        "\n2. Proactive disclosure (public records)\n\n",
    );
    format!("{heading}{}", super::report::align(&rows, 2))
}

fn requests_table(report: &AnnualReport, lang: Lang) -> String {
    let t = &report.requests;
    let mut header = vec![lang.pick("项目", "Item").to_owned()];
    header.extend(t.columns.iter().map(|c| match lang {
        Lang::Zh => c.label.to_owned(),
        Lang::En => label_en(c.key).to_owned(),
    }));
    let mut rows = vec![header];
    let mut results_heading_done = false;
    for row in &t.rows {
        if row.outcome && !results_heading_done {
            rows.push(vec![lang.pick("三、本年度办理结果", "3. Handled this year").to_owned()]);
            results_heading_done = true;
        }
        let label = match lang {
            Lang::Zh => row.label.to_owned(),
            Lang::En => label_en(row.key).to_owned(),
        };
        let label = if row.outcome { format!("  {label}") } else { label };
        let mut cells = vec![label];
        cells.extend(row.values.iter().map(usize::to_string));
        rows.push(cells);
    }
    let heading = lang
        .pick("\n三、收到和处理政府信息公开申请情况\n\n", "\n3. Requests received and handled\n\n");
    let note = lang.pick(
        "(商业企业、科研机构、社会公益组织、法律服务机构、其他五列为“法人或其他组织”)\n",
        "(businesses to other: the five columns of 法人或其他组织, legal persons and other organisations)\n",
    );
    let mut out = format!("{heading}{}{note}", super::report::align(&rows, 1));
    if !t.uncounted.is_empty() {
        let _ = writeln!(
            out,
            "{}{}",
            lang.pick(
                "未计入(缺少收到日期或申请人类型):",
                "not counted (no usable received date or requester): "
            ),
            t.uncounted.join(lang.pick("、", ", "))
        );
    }
    out
}

fn consistency_line(report: &AnnualReport, lang: Lang) -> String {
    let total = report.consistency.columns.last();
    let (new, over, results, forward) =
        total.map(|c| (c.new, c.carried_over, c.results, c.carried_forward)).unwrap_or_default();
    let sums = format!("{new} + {over} = {results} + {forward}");
    match (lang, report.consistency.holds) {
        (Lang::Zh, true) => {
            format!("核对:本年新收 + 上年结转 = 办理结果总计 + 结转下年度({sums}),各列一致\n")
        }
        (Lang::En, true) => format!(
            "Check: new + carried over = handled + carried forward ({sums}): holds in every column\n"
        ),
        (_, false) => format!("{}\n", failure(report, lang)),
    }
}

/// The failure line of a broken consistency rule.
fn failure(report: &AnnualReport, lang: Lang) -> String {
    let c = &report.consistency;
    let columns: Vec<String> = c
        .columns
        .iter()
        .filter(|col| !col.holds)
        .map(|col| {
            let label = report
                .requests
                .columns
                .iter()
                .find(|k| k.key == col.column)
                .map(|k| match lang {
                    Lang::Zh => k.label,
                    Lang::En => label_en(k.key),
                })
                .unwrap_or(col.column);
            format!(
                "{label} {} + {} ≠ {} + {}",
                col.new, col.carried_over, col.results, col.carried_forward
            )
        })
        .collect();
    let files = c.offending.join(lang.pick("、", ", "));
    match lang {
        Lang::Zh => format!(
            "核对不通过:本年新收 + 上年结转 ≠ 办理结果总计 + 结转下年度({});数据有矛盾的申请:{files}(运行 `gongkai check` 查看)",
            columns.join(";")
        ),
        Lang::En => format!(
            "check failed: new + carried over ≠ handled + carried forward ({}); inconsistent requests: {files} (run `gongkai check` to see why)",
            columns.join("; ")
        ),
    }
}

fn not_derived_list(report: &AnnualReport, lang: Lang) -> String {
    let mut out = lang
        .pick(
            "\n无法从记录得出、需另行填写的项目:\n",
            "\nNot derived from the records (to be filled in):\n",
        )
        .to_owned();
    for n in &report.not_derived {
        let reason = lang.pick(n.reason, n.reason_en);
        let _ = match lang {
            Lang::Zh => writeln!(out, "- {}、{}:{reason}", n.section, n.item),
            Lang::En => writeln!(out, "- {}. {}: {reason}", n.section, n.item),
        };
    }
    out
}

/// Two blocks (二 and 三) in one sheet, headers in Chinese, UTF-8 with a byte-order mark
/// (which Excel needs to read Chinese).
fn csv_document(report: &AnnualReport) -> anyhow::Result<String> {
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    writer.write_record(["部分", "类目", "名称", "本年新公开", "本年废止", "年末现行有效"])?;
    let p = &report.proactive;
    let counts = |c: &Counts| [c.published, c.abolished, c.current].map(|n| n.to_string());
    for c in &p.classes {
        let mut record = vec!["二".to_owned(), c.class.clone(), c.name.clone()];
        record.extend(counts(&c.counts));
        writer.write_record(&record)?;
    }
    for (label, c) in [("合计", &p.total), ("其中:有文号的文件", &p.with_doc_no)] {
        let mut record = vec!["二".to_owned(), label.to_owned(), String::new()];
        record.extend(counts(c));
        writer.write_record(&record)?;
    }
    writer.write_record(Vec::<String>::new())?;
    let mut header = vec!["部分".to_owned(), "项目".to_owned()];
    header.extend(report.requests.columns.iter().map(|c| c.label.to_owned()));
    writer.write_record(&header)?;
    let mut results_heading_done = false;
    for row in &report.requests.rows {
        if row.outcome && !results_heading_done {
            writer.write_record(["三", "三、本年度办理结果"])?;
            results_heading_done = true;
        }
        let mut record = vec!["三".to_owned(), row.label.to_owned()];
        record.extend(row.values.iter().map(usize::to_string));
        writer.write_record(&record)?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("writing the CSV: {e}"))?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes)?))
}
