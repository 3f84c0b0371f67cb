//! Disclosure requests (依申请公开, issue #9): the reply deadline in working days with the
//! holiday calendar (条例 Art. 30–33), and the consistency of a request's dates and
//! outcome. Each rule is proved both ways on its own fixture under
//! `tests/fixtures/requests/`, with boundary days the point of most tests.

mod common;

use common::{Repo, diagnostic_lines};
use serde_json::Value;

/// `gongkai check --format json --as-of <day> --lang <lang>`: the exit code and document.
fn check(repo: &Repo, as_of: &str, lang: &str) -> (i32, Value) {
    let out = repo.run(&["check", "--format", "json", "--as-of", as_of, "--lang", lang]);
    let value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", out.stdout, out.stderr)
    });
    (out.code, value)
}

fn diagnostics(case: &str, as_of: &str) -> (i32, Vec<String>) {
    let repo = Repo::fixture(&format!("requests/{case}"));
    let (code, value) = check(&repo, as_of, "en");
    (code, diagnostic_lines(&value))
}

/// The message and help of the diagnostic on `file` (`code file:line:col` prefix match).
fn message_and_help(value: &Value, file: &str) -> (String, String) {
    let list = value["diagnostics"].as_array().cloned().unwrap_or_default();
    let d = list.iter().find(|d| d["file"].as_str().is_some_and(|f| f.ends_with(file)));
    let d = d.unwrap_or_else(|| panic!("no diagnostic on {file}: {value:#}"));
    (
        d["message"].as_str().unwrap_or_default().to_owned(),
        d["help"].as_str().unwrap_or_default().to_owned(),
    )
}

// ---- the deadline --------------------------------------------------------------------

#[test]
fn a_reply_on_the_last_working_day_is_on_time_the_next_working_day_late() {
    // Received Friday 2026-03-06: the 20th working day is Friday 04-03; 04-04..06 is 清明,
    // so the next working day is Tuesday 04-07.
    let (code, found) = diagnostics("deadline", "2026-04-03");
    assert_eq!(found, ["request-late units/office/requests/next-working-day.toml:6:11"]);
    assert_eq!(code, 1);
}

#[test]
fn a_pending_request_is_overdue_the_day_after_its_deadline() {
    let (_, found) = diagnostics("deadline", "2026-04-04");
    assert_eq!(
        found,
        [
            "request-late units/office/requests/next-working-day.toml:6:11",
            // At its `received`, where the clock started.
            "request-overdue units/office/requests/pending.toml:2:12",
        ]
    );
    let repo = Repo::fixture("requests/deadline");
    let (_, value) = check(&repo, "2026-04-04", "en");
    let (message, help) = message_and_help(&value, "pending.toml");
    assert_eq!(
        message,
        "request not answered in time: the reply was due on 2026-04-03 (1 day ago)"
    );
    assert_eq!(help, "deadline: received 2026-03-06, 20 working days from then → 2026-04-03");
}

#[test]
fn the_spring_festival_and_its_make_up_days_move_the_deadline() {
    // Thursday 2026-02-05 + 20 working days, 02-15..23 off, 02-14 and 02-28 worked:
    // 2026-03-11. Calendar days would have given 02-25.
    let (_, found) = diagnostics("spring-festival", "2026-11-26");
    assert_eq!(found, ["request-late units/office/requests/next-day.toml:5:11"]);
    let repo = Repo::fixture("requests/spring-festival");
    let (_, value) = check(&repo, "2026-11-26", "zh");
    let (message, help) = message_and_help(&value, "next-day.toml");
    assert_eq!(message, "依申请公开答复逾期:2026-03-12 才答复,最迟应于 2026-03-11 答复");
    assert_eq!(
        help,
        "期限:收到 2026-02-05 起算 20 个工作日 → 2026-03-11(其间春节 2026-02-15—2026-02-23 放假;2026-02-14、2026-02-28 调休上班)\n已在原期限内告知延期的,填写延期告知日期 `extended_on`"
    );
}

#[test]
fn deadline_diagnostics_render_with_their_derivation() {
    let repo = Repo::fixture("requests/spring-festival");
    for lang in ["zh", "en"] {
        let out = repo.run(&["check", "--as-of", "2026-11-26", "--lang", lang]);
        assert_eq!(out.code, 1);
        insta::assert_snapshot!(format!("spring_festival_human_{lang}"), out.stderr);
    }
}

// ---- clarification (补正) ------------------------------------------------------------

#[test]
fn a_supplement_restarts_the_clock_and_must_be_asked_for_within_7_working_days() {
    // restarted.toml: asked on the 7th working day, answered 04-14 (20 working days
    // after the supplement of 03-16; 03-30 without the restart): no diagnostic.
    let (code, found) = diagnostics("clarification", "2026-11-26");
    assert_eq!(
        found,
        [
            "request-date-order units/office/requests/arrived-before-asked.toml:6:26",
            "clarification-late units/office/requests/asked-late.toml:6:22",
            "clarification-not-sent units/office/requests/never-asked.toml:5:26",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_supplement_never_received_stops_the_clock() {
    let repo = Repo::fixture("requests/clarification");
    let (_, value) = check(&repo, "2027-06-01", "en");
    let files: Vec<String> = diagnostic_lines(&value);
    assert!(!files.iter().any(|f| f.contains("awaiting.toml")), "{files:?}");
}

// ---- extension and consultation ------------------------------------------------------

#[test]
fn an_extension_counts_when_notified_within_the_original_period() {
    let (_, found) = diagnostics("extension", "2026-11-26");
    assert_eq!(
        found,
        [
            // Notified after 04-03: the extension does not count, and the reply is late.
            "extension-late units/office/requests/notified-late.toml:5:15",
            "request-late units/office/requests/notified-late.toml:6:11",
            "request-late units/office/requests/without-notice.toml:5:11",
        ]
    );
    let repo = Repo::fixture("requests/extension");
    let (_, value) = check(&repo, "2026-11-26", "en");
    let (message, help) = message_and_help(&value, "notified-late.toml");
    assert_eq!(
        message,
        "extension notified too late: on 2026-04-07, after the original deadline 2026-04-03 (the extension does not count)"
    );
    assert!(help.starts_with("Art. 33"), "{help}");
    // Without a notice, the help suggests recording one (the reply was within 20 more).
    let (_, help) = message_and_help(&value, "without-notice.toml");
    assert!(help.ends_with("record the day in `extended_on`"), "{help}");
}

#[test]
fn consultation_days_are_working_days_not_counted() {
    // 04-03 + 15 working days → 04-27: on time on 04-27, late on 04-28.
    let (_, found) = diagnostics("consultation", "2026-11-26");
    assert_eq!(
        found,
        [
            "invalid-value units/office/requests/negative.toml:5:21",
            "request-late units/office/requests/next-day.toml:6:11",
        ]
    );
    let repo = Repo::fixture("requests/consultation");
    let (_, value) = check(&repo, "2026-11-26", "zh");
    let (_, help) = message_and_help(&value, "next-day.toml");
    assert!(
        help.starts_with(
            "期限:收到 2026-03-06 起算 20 个工作日 → 2026-04-03,征求第三方意见 15 个工作日不计入 → 2026-04-27(其间清明节"
        ),
        "{help}"
    );
}

// ---- consistency ---------------------------------------------------------------------

#[test]
fn inconsistent_requests_are_reported_at_their_keys() {
    let (code, found) = diagnostics("consistency", "2026-11-26");
    assert_eq!(
        found,
        [
            "reason-missing units/office/requests/no-reason.toml:6:11",
            // An outcome without a reply date is answered on a day unknown: not overdue.
            "outcome-without-reply units/office/requests/outcome-without-reply.toml:5:11",
            "request-date-order units/office/requests/replied-before-received.toml:5:11",
            "reply-without-outcome units/office/requests/reply-without-outcome.toml:5:11",
        ]
    );
    assert_eq!(code, 1);
    let repo = Repo::fixture("requests/consistency");
    let (_, value) = check(&repo, "2026-11-26", "zh");
    assert_eq!(
        message_and_help(&value, "replied-before-received.toml").0,
        "`replied`(2026-03-05)早于 `received`(2026-03-06)"
    );
    assert_eq!(
        message_and_help(&value, "no-reason.toml").0,
        "办理结果为“不予公开”,但没有说明理由 `reason`"
    );
}

// ---- the holiday calendar --------------------------------------------------------------

#[test]
fn a_deadline_outside_the_calendar_warns_once_per_year() {
    let repo = Repo::fixture("requests/uncovered");
    let (code, value) = check(&repo, "2026-12-30", "en");
    assert_eq!(
        diagnostic_lines(&value),
        ["calendar-not-covered units/office/requests/december.toml:3:12"]
    );
    assert_eq!(code, 0, "a warning");
    let (message, help) = message_and_help(&value, "december.toml");
    assert_eq!(
        message,
        "the holiday calendar does not cover 2027: working days in 2027 are counted Monday to Friday (no public holidays, no make-up days)"
    );
    assert!(help.starts_with("the calendar covers 2024–2026, and 2 deadlines"), "{help}");
    // `due` says how the date was counted.
    let out = repo.run(&["due", "--as-of", "2026-12-30", "--lang", "en"]);
    assert!(
        out.stdout.contains(
            "received 2026-12-21, 20 working days from then → 2027-01-18 (2027 not in the holiday calendar: counted Monday to Friday)"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn a_repository_calendar_adds_a_year_and_silences_the_warning() {
    let repo = Repo::fixture("requests/uncovered");
    // A made-up 2027 (the real notice is not verified yet): 01-01 off, 01-18 off too.
    repo.write(
        "catalogues/calendar/2027.toml",
        "[[years]]\nyear = 2027\nsource = \"测试用安排\"\nholidays = [\n  { name = \"元旦\", from = 2027-01-01 },\n  { name = \"测试假\", from = 2027-01-18, workdays = [2027-01-16] },\n]\n",
    );
    let (code, value) = check(&repo, "2026-12-30", "en");
    assert_eq!(diagnostic_lines(&value), Vec::<String>::new());
    assert_eq!(code, 0);
    // 2026-12-21 + 20: 01-01 and 01-18 off, Saturday 01-16 worked → 01-19.
    let out = repo.run(&["due", "--as-of", "2026-12-30", "--format", "json"]);
    let due: Value = serde_json::from_str(&out.stdout).unwrap_or_default();
    let requests = &due["units"][0]["requests"];
    assert_eq!(requests[0]["file"], "units/office/requests/december.toml");
    assert_eq!(requests[0]["due"], "2027-01-19");
    assert_eq!(requests[0]["derivation"]["makeup_days"], serde_json::json!(["2027-01-16"]));
}

#[test]
fn an_invalid_repository_calendar_is_reported_where_it_is_wrong() {
    let repo = Repo::fixture("requests/uncovered");
    repo.write(
        "catalogues/calendar/2027.toml",
        "[[years]]\nyear = 2027\nsource = \"x\"\nholidays = [{ name = \"元旦\", from = 2027-01-01, workdays = [2027-01-04] }]\n",
    );
    let (code, value) = check(&repo, "2026-12-30", "zh");
    assert_eq!(diagnostic_lines(&value), ["calendar-invalid catalogues/calendar/2027.toml:4:59"]);
    assert_eq!(code, 1);
    assert_eq!(
        message_and_help(&value, "2027.toml").0,
        "节假日日历有误(调休上班日 2027-01-04 不是周六或周日)"
    );
}

// ---- dynamic items in working days ---------------------------------------------------

#[test]
fn dynamic_within_working_days_counts_the_national_day_holiday_out() {
    // The event of 2026-10-01 + 20 working days (10-01..07 off, 10-10 worked) is 11-03:
    // both records published 10-21 and 10-22 are on time in working days.
    let repo = Repo::fixture("compliance/timeliness");
    let settings = std::fs::read_to_string(repo.path().join("gongkai.toml")).unwrap_or_default();
    repo.write(
        "gongkai.toml",
        settings.replace("dynamic_within_days = 20", "dynamic_within_working_days = 20"),
    );
    let (_, value) = check(&repo, "2026-11-26", "zh");
    let lines = diagnostic_lines(&value);
    assert!(!lines.iter().any(|l| l.contains("2026-10-day-21.md")), "{lines:#?}");
    // The scorecard counts the same way: 3 of 5 on time instead of 2 of 5.
    let out = repo.run(&["report", "--as-of", "2026-11-26", "--format", "json"]);
    let report: Value = serde_json::from_str(&out.stdout).unwrap_or_default();
    assert_eq!(report["units"][0]["on_time"]["count"], 3, "{}", out.stdout);
    // Both keys written: the working days win.
    repo.write(
        "gongkai.toml",
        settings.replace(
            "dynamic_within_days = 20",
            "dynamic_within_days = 20\ndynamic_within_working_days = 20",
        ),
    );
    let (_, value) = check(&repo, "2026-11-26", "zh");
    assert_eq!(diagnostic_lines(&value), lines);
    // The limit is in working days in every message.
    repo.write(
        "gongkai.toml",
        settings.replace("dynamic_within_days = 20", "dynamic_within_working_days = 5"),
    );
    let (_, value) = check(&repo, "2026-11-26", "zh");
    let (message, _) = message_and_help(&value, "2026-10-day-21.md");
    assert_eq!(
        message,
        "公开不及时:事项发生于 2026-10-01,2026-10-22 才公开(相隔 12 个工作日,时限 5 个工作日)"
    );
    let out = repo.run(&["due", "--as-of", "2026-11-26", "--lang", "en"]);
    assert!(
        out.stdout.contains("dynamic items and feedback are due 5 working days after the event"),
        "{}",
        out.stdout
    );
}

// ---- due -----------------------------------------------------------------------------

#[test]
fn due_lists_unanswered_requests_with_how_their_deadline_was_computed() {
    let repo = Repo::fixture("requests/due");
    for lang in ["zh", "en"] {
        let out = repo.run(&["due", "--as-of", "2026-04-01", "--lang", lang, "-q"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        insta::assert_snapshot!(format!("due_requests_{lang}"), out.stdout);
    }
    let out = repo.run(&["due", "--as-of", "2026-04-01", "--format", "json"]);
    insta::assert_snapshot!("due_requests_json", out.stdout);
}

// ---- never published -----------------------------------------------------------------

#[test]
fn the_bundled_example_requests_are_on_time() {
    let repo = Repo::example("yangzhou");
    let (_, value) = check(&repo, "2026-11-26", "en");
    let lines = diagnostic_lines(&value);
    assert!(!lines.iter().any(|l| l.contains("/requests/")), "{lines:#?}");
}
