//! `gongkai due`: what each unit must post or refresh next, and what is overdue.
//!
//! It reports and does not judge: it exits 0 whenever it could run, errors in the
//! records included (a note on stderr says how many), and 2 when it cannot (not a
//! repository, an unknown `--unit`). The list itself comes from `compliance::due`.

use std::fmt::Write as _;
use std::process::ExitCode;

use crate::check::{self, Checked};
use crate::cli::{DueFormat, RepoOptions};
use crate::compliance::due::{
    self, Action, ClassDue, DueList, FeedbackDue, RecordDue, RequestDue, UnitDue,
};
use crate::dates::Date;
use crate::diagnostics::{self, did_you_mean};
use crate::i18n::Lang;
use crate::repo::Repo;
use crate::term::{self, Term};

pub(crate) fn run(
    term: &Term,
    repo: &RepoOptions,
    units: &[String],
    format: DueFormat,
) -> anyhow::Result<ExitCode> {
    let checked = check::check(&repo.dir, repo.as_of)?;
    let selected = select_units(&checked.repo, units, term.lang)?;
    note_errors(term, &checked);
    let list = due::due(&checked.repo, &checked.sources, &checked.coverage, repo.as_of, &selected);
    let text = match format {
        DueFormat::Human => human(&list, term.lang),
        DueFormat::Json => format!("{}\n", serde_json::to_string_pretty(&list)?),
    };
    term::stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The indices of the units asked for, in the order given (every unit with classes, and
/// every village, when none is given). An unknown id is a usage error.
pub(crate) fn select_units(repo: &Repo, ids: &[String], lang: Lang) -> anyhow::Result<Vec<usize>> {
    if ids.is_empty() {
        return Ok(due::default_units(repo));
    }
    let mut selected = Vec::new();
    for id in ids {
        let id = id.trim_matches('/');
        let Some(index) = repo.units.iter().position(|u| u.id == id) else {
            let known = repo.units.iter().map(|u| u.id.as_str());
            let hint = match did_you_mean(id, known) {
                Some(s) => {
                    lang.pick("\n提示:是不是 `{}`?", "\nhint: did you mean `{}`?").replace("{}", &s)
                }
                None => lang
                    .pick(
                        "\n提示:单位名是 `units/` 下的路径",
                        "\nhint: a unit id is its path under `units/`",
                    )
                    .to_owned(),
            };
            anyhow::bail!(
                "{}{hint}",
                lang.pick("未知的单位 `{}`", "unknown unit `{}`").replace("{}", id)
            );
        };
        if !selected.contains(&index) {
            selected.push(index);
        }
    }
    Ok(selected)
}

/// One line on stderr when the repository has errors: the list is still printed.
pub(crate) fn note_errors(term: &Term, checked: &Checked) {
    let errors = diagnostics::count(&checked.diagnostics).errors;
    if errors > 0 {
        let message = match term.lang {
            Lang::Zh => format!("记录库有 {errors} 个错误,运行 `gongkai check` 查看"),
            Lang::En => {
                format!("the repository has {errors} errors; run `gongkai check` to see them")
            }
        };
        term.status(term.lang.pick("注意", "Note"), &message);
    }
}

/// The to-do list as short lines, grouped by unit.
fn human(list: &DueList, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", heading(list, lang));
    for unit in &list.units {
        out.push('\n');
        unit_block(&mut out, unit, list, lang);
    }
    out
}

fn heading(list: &DueList, lang: Lang) -> String {
    let window = match &list.window {
        None => lang.pick("未设置统一刷新期", "no refresh windows are configured").to_owned(),
        Some(w) => {
            let span = window_label(w.start, w.end, lang);
            match (lang, w.current) {
                (Lang::Zh, true) => format!("本期统一刷新:{span}(进行中)"),
                (Lang::Zh, false) => format!("下一统一刷新期:{span}"),
                (Lang::En, true) => format!("refresh window now open: {span}"),
                (Lang::En, false) => format!("next refresh window: {span}"),
            }
        }
    };
    let limit = match (list.dynamic_within_working_days, lang) {
        (Some(n), Lang::Zh) => format!("{n} 个工作日"),
        (Some(n), Lang::En) => format!("{n} working days"),
        (None, Lang::Zh) => format!("{} 天", list.dynamic_within_days),
        (None, Lang::En) => format!("{} days", list.dynamic_within_days),
    };
    match lang {
        Lang::Zh => format!(
            "待办事项(截至 {})\n{window};动态信息和群众反馈的时限为 {limit}",
            crate::dates::chinese(list.as_of)
        ),
        Lang::En => format!(
            "Due as of {}\n{window}; dynamic items and feedback are due {limit} after the event",
            list.as_of
        ),
    }
}

fn window_label(start: Date, end: Date, lang: Lang) -> String {
    match lang {
        Lang::Zh => crate::dates::Span { start, end }.chinese(),
        Lang::En => format!("{start} to {end}"),
    }
}

fn unit_block(out: &mut String, unit: &UnitDue, list: &DueList, lang: Lang) {
    let _ = writeln!(out, "{} ({})", unit.name, unit.unit);
    if unit.is_empty() {
        let _ = writeln!(out, "  {}", lang.pick("无待办事项", "nothing due"));
        return;
    }
    for action in [Action::PostNow, Action::RefreshNow, Action::Refresh] {
        let classes: Vec<&ClassDue> = unit.refresh.iter().filter(|c| c.action == action).collect();
        if let Some(first) = classes.first() {
            let _ = writeln!(out, "  {}", action_heading(action, first.due, list, lang));
            for class in classes {
                let _ = writeln!(out, "    - {}", class_line(class, lang));
            }
        }
    }
    if !unit.dynamic.is_empty() {
        let _ = writeln!(out, "  {}", lang.pick("动态信息待公开:", "dynamic items to publish:"));
        for record in &unit.dynamic {
            let _ = writeln!(out, "    - {}", record_line(record, lang));
        }
    }
    if !unit.feedback.is_empty() {
        let _ = writeln!(out, "  {}", lang.pick("群众反馈待答复:", "feedback to answer:"));
        for entry in &unit.feedback {
            let _ = writeln!(out, "    - {}", feedback_line(entry, lang));
        }
    }
    if !unit.requests.is_empty() {
        let _ =
            writeln!(out, "  {}", lang.pick("依申请公开待答复:", "disclosure requests to answer:"));
        for request in &unit.requests {
            let _ = writeln!(out, "    - {}", request_line(request, lang));
            if let Some(derivation) = &request.derivation {
                let _ = writeln!(out, "      {}", derivation.text(lang));
            }
        }
    }
    if !unit.four_ones.is_empty() {
        let names: Vec<String> = unit
            .four_ones
            .iter()
            .map(|f| format!("{} `{}`", crate::compliance::four_ones::name(f.key, lang), f.key))
            .collect();
        let _ = writeln!(
            out,
            "  {}{}",
            lang.pick("“四个一”未登记:", "four ones not declared: "),
            names.join(lang.pick("、", ", "))
        );
    }
}

fn action_heading(action: Action, due: Option<Date>, list: &DueList, lang: Lang) -> String {
    match (action, lang) {
        (Action::PostNow, Lang::Zh) => "立即公开(没有现行有效的记录):".to_owned(),
        (Action::PostNow, Lang::En) => "post now (no current record):".to_owned(),
        (Action::RefreshNow, _) => {
            let end = due.map(|d| d.to_string()).unwrap_or_default();
            match lang {
                Lang::Zh => format!("立即刷新(未在 {end} 结束的刷新期内刷新):"),
                Lang::En => format!("refresh now (missed the window that ended {end}):"),
            }
        }
        (Action::Refresh, _) => {
            let span = list.window.as_ref().map(|w| window_label(w.start, w.end, lang));
            let span = span.unwrap_or_default();
            match lang {
                Lang::Zh => format!("在刷新期内刷新({span}):"),
                Lang::En => format!("refresh in the window ({span}):"),
            }
        }
    }
}

fn class_line(class: &ClassDue, lang: Lang) -> String {
    let last = match (class.last_posted, lang) {
        (Some(d), Lang::Zh) => format!(",最近公开于 {d}"),
        (Some(d), Lang::En) => format!(", last posted {d}"),
        (None, _) => String::new(),
    };
    let until = match (class.current_until, lang) {
        (Some(d), Lang::Zh) => format!(";现行记录有效至 {d}"),
        (Some(d), Lang::En) => format!("; its records lapse after {d}"),
        (None, _) => String::new(),
    };
    format!("{} `{}`{last}{until}", class.name, class.class)
}

fn record_line(record: &RecordDue, lang: Lang) -> String {
    let days = days_label(record.days_left, lang);
    let status = match (record.status, lang) {
        (crate::record::Status::Reviewed, Lang::Zh) => "已审核",
        (crate::record::Status::Reviewed, Lang::En) => "reviewed",
        (_, Lang::Zh) => "草稿",
        (_, Lang::En) => "draft",
    };
    match lang {
        Lang::Zh => format!(
            "[{days}] 《{}》({status},事项发生于 {},最迟 {} 公开) {}",
            record.title, record.event, record.due, record.file
        ),
        Lang::En => format!(
            "[{days}] \"{}\" ({status}; event {}, publish by {}) {}",
            record.title, record.event, record.due, record.file
        ),
    }
}

fn feedback_line(entry: &FeedbackDue, lang: Lang) -> String {
    let days = days_label(entry.days_left, lang);
    let question = shorten(&entry.question, 24);
    match lang {
        Lang::Zh => format!(
            "[{days}] “{question}”({} 收到,最迟 {} 答复;《{}》) {}:{}",
            entry.received, entry.due, entry.record, entry.file, entry.line
        ),
        Lang::En => format!(
            "[{days}] \"{question}\" (received {}, answer by {}; on \"{}\") {}:{}",
            entry.received, entry.due, entry.record, entry.file, entry.line
        ),
    }
}

fn request_line(request: &RequestDue, lang: Lang) -> String {
    let subject = shorten(&request.subject, 24);
    let requester = request.requester.as_deref().unwrap_or("?");
    match (request.due, request.days_left, request.awaiting_supplement) {
        (Some(due), Some(days_left), _) => {
            let days = days_label(days_left, lang);
            match lang {
                Lang::Zh => {
                    format!("[{days}] “{subject}”({requester},最迟 {due} 答复) {}", request.file)
                }
                Lang::En => {
                    format!("[{days}] \"{subject}\" ({requester}; reply by {due}) {}", request.file)
                }
            }
        }
        (_, _, Some(sent)) => match lang {
            Lang::Zh => format!(
                "[等待补正] “{subject}”({requester},{sent} 告知补正,补正到达后重新起算 20 个工作日) {}",
                request.file
            ),
            Lang::En => format!(
                "[awaiting supplement] \"{subject}\" ({requester}; asked on {sent}, 20 working days from its arrival) {}",
                request.file
            ),
        },
        _ => format!("\"{subject}\" {}", request.file),
    }
}

/// `逾期 5 天` / `5 days overdue`, `今天到期` / `due today`, `还剩 3 天` / `3 days left`.
fn days_label(days_left: i64, lang: Lang) -> String {
    let n = days_left.abs();
    let plural = if n == 1 { "" } else { "s" };
    match (lang, days_left.signum()) {
        (Lang::Zh, -1) => format!("逾期 {n} 天"),
        (Lang::Zh, 0) => "今天到期".to_owned(),
        (Lang::Zh, _) => format!("还剩 {n} 天"),
        (Lang::En, -1) => format!("{n} day{plural} overdue"),
        (Lang::En, 0) => "due today".to_owned(),
        (Lang::En, _) => format!("{n} day{plural} left"),
    }
}

/// The first `max` characters of a one-line version of `text`, with `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_worded_by_sign() {
        assert_eq!(days_label(-5, Lang::Zh), "逾期 5 天");
        assert_eq!(days_label(0, Lang::Zh), "今天到期");
        assert_eq!(days_label(1, Lang::En), "1 day left");
        assert_eq!(days_label(-2, Lang::En), "2 days overdue");
    }

    #[test]
    fn long_questions_are_shortened_on_one_line() {
        assert_eq!(shorten("短问题", 24), "短问题");
        assert_eq!(shorten("一二三四五\n六七", 5), "一二三四五…");
    }
}
