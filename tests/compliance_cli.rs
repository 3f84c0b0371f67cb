//! The compliance rules of `gongkai check` (SPEC §4), each proved both ways on its own
//! fixture under `tests/fixtures/compliance/`: caught where it must be, and silent where
//! it must not fire. Boundary dates are the point of most tests.

mod common;

use common::{Repo, diagnostic_lines};
use serde_json::Value;

/// `gongkai check --format json --as-of <day> --lang en`: the exit code and the document.
fn check_at(repo: &Repo, as_of: &str) -> (i32, Value) {
    let out = repo.run(&["check", "--format", "json", "--as-of", as_of, "--lang", "en"]);
    let value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", out.stdout, out.stderr)
    });
    (out.code, value)
}

/// The diagnostics as `code file:line:col`.
fn diagnostics_at(repo: &Repo, as_of: &str) -> Vec<String> {
    diagnostic_lines(&check_at(repo, as_of).1)
}

/// The coverage matrix as `unit class status records last_published` lines.
fn coverage_at(repo: &Repo, as_of: &str) -> Vec<String> {
    let (_, value) = check_at(repo, as_of);
    let list = value["coverage"].as_array().cloned().unwrap_or_default();
    list.iter()
        .map(|c| {
            format!(
                "{} {} {} {} {}",
                c["unit"].as_str().unwrap_or("?"),
                c["class"].as_str().unwrap_or("?"),
                c["status"].as_str().unwrap_or("?"),
                c["records"],
                c["last_published"].as_str().unwrap_or("-"),
            )
        })
        .collect()
}

/// The status of one class in the coverage matrix.
fn status_of(repo: &Repo, as_of: &str, class: &str) -> String {
    let (_, value) = check_at(repo, as_of);
    let list = value["coverage"].as_array().cloned().unwrap_or_default();
    let entry = list.iter().find(|c| c["class"] == class);
    entry.and_then(|c| c["status"].as_str()).unwrap_or("absent").to_owned()
}

// ---- freshness -----------------------------------------------------------------------

#[test]
fn freshness_is_judged_against_the_march_window_on_the_last_day_of_august() {
    let repo = Repo::fixture("compliance/freshness");
    let (code, value) = check_at(&repo, "2026-08-25");
    assert_eq!(code, 0, "{value:#}");
    assert_eq!(diagnostic_lines(&value), Vec::<String>::new());
    assert_eq!(
        coverage_at(&repo, "2026-08-25"),
        [
            "town external/march-only ok 1 2026-03-18",
            "town external/reconfirmed-first-day ok 1 2026-03-18",
            "town external/reconfirmed-day-before ok 1 2026-03-18",
        ]
    );
}

#[test]
fn the_day_after_the_august_window_a_class_not_reposted_in_it_is_stale() {
    let repo = Repo::fixture("compliance/freshness");
    let (code, _) = check_at(&repo, "2026-08-26");
    assert_eq!(code, 1);
    assert_eq!(
        diagnostics_at(&repo, "2026-08-26"),
        [
            // Points at `published`: the last posting was the publication.
            "class-stale units/town/external/march-only/2026-plan.md:3:13",
            // Points at `reconfirmed`: the last posting was a re-posting, a day too early.
            "class-stale units/town/external/reconfirmed-day-before/2026-plan.md:6:15",
        ]
    );
    assert_eq!(status_of(&repo, "2026-08-26", "external/march-only"), "stale");
    // Reconfirmed on the window's first day: fresh.
    assert_eq!(status_of(&repo, "2026-08-26", "external/reconfirmed-first-day"), "ok");
    assert_eq!(status_of(&repo, "2026-08-26", "external/reconfirmed-day-before"), "stale");
}

#[test]
fn in_early_january_the_last_ended_window_is_last_years_august() {
    let repo = Repo::fixture("compliance/freshness");
    assert_eq!(status_of(&repo, "2027-01-10", "external/reconfirmed-first-day"), "ok");
    assert_eq!(status_of(&repo, "2027-01-10", "external/march-only"), "stale");
}

#[test]
fn stale_messages_name_the_last_posting_and_the_window() {
    let repo = Repo::fixture("compliance/freshness");
    let (_, value) = check_at(&repo, "2026-08-26");
    let d = &value["diagnostics"][1];
    assert_eq!(d["severity"], "error");
    assert_eq!(
        d["message"],
        "class `external/reconfirmed-day-before` (八月前一日重新确认) is stale: last posted 2026-08-14, before the refresh window that began 2026-08-15"
    );
    assert_eq!(
        d["help"],
        "post an update; if nothing changed, add a re-posting date such as `reconfirmed = [2026-08-15]`"
    );
}

// ---- completeness --------------------------------------------------------------------

#[test]
fn completeness_every_way_a_class_can_lack_a_current_record() {
    let repo = Repo::fixture("compliance/completeness");
    let (code, _) = check_at(&repo, "2026-11-26");
    assert_eq!(code, 1);
    assert_eq!(
        coverage_at(&repo, "2026-11-26"),
        [
            "town external/current ok 2 2026-10-08",
            "town external/expires-today ok 1 2026-03-18",
            "town external/expired missing 1 2026-03-18",
            "town external/abolished-tomorrow ok 1 2026-03-18",
            "town external/abolished-today missing 1 2026-03-18",
            "town external/withdrawn missing 0 -",
            "town external/not-yet-published missing 0 -",
            "town external/draft-only missing 0 -",
            "town external/empty missing 0 -",
            "town external/optional-empty not-due 0 -",
            "town external/optional-expired not-due 1 2026-03-18",
            "town external/news not-due 0 -",
            "town external/news-not-yet not-due 0 -",
            "town external/news-published ok 1 2026-11-02",
        ]
    );
}

#[test]
fn missing_classes_are_errors_on_the_unit_and_empty_dynamic_classes_warnings() {
    let repo = Repo::fixture("compliance/completeness");
    let (_, value) = check_at(&repo, "2026-11-26");
    let found: Vec<String> = value["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            format!(
                "{} {} {} {}",
                d["severity"].as_str().unwrap_or("?"),
                d["code"].as_str().unwrap_or("?"),
                d["file"].as_str().unwrap_or("?"),
                d["message"].as_str().unwrap_or("?")
            )
        })
        .collect();
    let unit = "units/town/unit.toml";
    let empty = |class: &str, name: &str| {
        format!(
            "warning class-empty {unit} dynamic class `external/{class}` ({name}) has no record yet (an empty column)"
        )
    };
    let never = |class: &str, name: &str| {
        format!(
            "error class-missing {unit} class `external/{class}` ({name}) has no published record"
        )
    };
    let lapsed = |class: &str, name: &str| {
        format!(
            "error class-missing {unit} class `external/{class}` ({name}) has no current record (all expired, abolished or withdrawn)"
        )
    };
    assert_eq!(
        found,
        [
            empty("news", "动态无记录"),
            empty("news-not-yet", "动态尚未公开"),
            lapsed("abolished-today", "今日废止"),
            never("draft-only", "仅有草稿"),
            never("empty", "无记录"),
            lapsed("expired", "已过期"),
            never("not-yet-published", "尚未公开"),
            lapsed("withdrawn", "已撤回"),
        ]
    );
    // No position of their own: line and column are null (SPEC §4).
    assert!(value["diagnostics"][0]["line"].is_null());
    assert_eq!(value["summary"]["errors"], 6);
    assert_eq!(value["summary"]["warnings"], 2);
}

#[test]
fn a_class_becomes_missing_the_day_after_it_expires_and_on_the_day_it_is_abolished() {
    let repo = Repo::fixture("compliance/completeness");
    assert_eq!(status_of(&repo, "2026-11-25", "external/expired"), "ok");
    assert_eq!(status_of(&repo, "2026-11-27", "external/expires-today"), "missing");
    assert_eq!(status_of(&repo, "2026-11-25", "external/abolished-today"), "ok");
    assert_eq!(status_of(&repo, "2026-11-27", "external/abolished-tomorrow"), "missing");
    // Published the next day: current from then on.
    assert_eq!(status_of(&repo, "2026-11-27", "external/not-yet-published"), "ok");
    assert_eq!(status_of(&repo, "2026-11-27", "external/news-not-yet"), "ok");
}

// ---- timeliness ----------------------------------------------------------------------

#[test]
fn a_record_published_exactly_20_days_after_its_event_is_on_time_21_is_late() {
    let repo = Repo::fixture("compliance/timeliness");
    assert_eq!(
        diagnostics_at(&repo, "2026-11-26"),
        [
            "late-publication units/town/external/news/2026-10-day-21.md:3:13",
            "event-missing units/town/external/news/2026-10-no-event.md:1:1",
            // Drafts are checked all the same: `due` needs the event to count from.
            "event-missing units/town/external/news/2026-11-draft-no-event.md:1:1",
            // Any record with an event, fixed classes included.
            "late-publication units/town/external/notes/2026-10-fixed-late.md:3:13",
        ]
    );
}

#[test]
fn late_publication_messages_give_the_days_and_the_limit_in_one_language() {
    let repo = Repo::fixture("compliance/timeliness");
    let (_, value) = check_at(&repo, "2026-11-26");
    assert_eq!(
        value["diagnostics"][0]["message"],
        "published late: the event was on 2026-10-01, published on 2026-10-22 (21 days; the limit is 20 days)"
    );
    let out = repo.run(&["check", "--format", "short", "--as-of", "2026-11-26", "--lang", "zh"]);
    assert!(
        out.stderr.contains(
            "公开不及时:事项发生于 2026-10-01,2026-10-22 才公开(相隔 21 天,时限 20 天)\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_shorter_limit_from_gongkai_toml_moves_the_boundary() {
    let repo = Repo::fixture("compliance/timeliness");
    let settings = std::fs::read_to_string(repo.path().join("gongkai.toml")).unwrap_or_default();
    repo.write(
        "gongkai.toml",
        settings.replace("dynamic_within_days = 20", "dynamic_within_days = 4"),
    );
    assert_eq!(
        diagnostics_at(&repo, "2026-11-26"),
        [
            "late-publication units/town/external/news/2026-10-day-20.md:3:13",
            "late-publication units/town/external/news/2026-10-day-21.md:3:13",
            "event-missing units/town/external/news/2026-10-no-event.md:1:1",
            "event-missing units/town/external/news/2026-11-draft-no-event.md:1:1",
            "late-publication units/town/external/notes/2026-10-fixed-late.md:3:13",
        ]
    );
}

// ---- feedback ------------------------------------------------------------------------

#[test]
fn feedback_answered_on_day_20_is_on_time_day_21_late_and_unanswered_counts_to_as_of() {
    let repo = Repo::fixture("compliance/feedback");
    let (code, value) = check_at(&repo, "2026-11-26");
    assert_eq!(code, 1);
    assert_eq!(
        diagnostic_lines(&value),
        [
            // The second `[[feedback]]` entry: received 10-01, answered 10-22.
            "feedback-late units/town/external/notes/2026-road-repair.md:13:1",
            // The fourth: received 11-05, unanswered 21 days later. The third (11-06,
            // 20 days) is still on time.
            "feedback-unanswered units/town/external/notes/2026-road-repair.md:23:1",
        ]
    );
    assert_eq!(
        value["diagnostics"][1]["message"],
        "feedback not answered: received 2026-11-05, 21 days ago (the limit is 20 days)"
    );
}

#[test]
fn unanswered_feedback_is_not_overdue_on_its_20th_day() {
    let repo = Repo::fixture("compliance/feedback");
    assert_eq!(
        diagnostics_at(&repo, "2026-11-25"),
        ["feedback-late units/town/external/notes/2026-road-repair.md:13:1"]
    );
}

// ---- attachments ---------------------------------------------------------------------

#[test]
fn attachments_must_exist_inside_the_records_own_unit() {
    let repo = Repo::fixture("compliance/attachments");
    let record = "units/town/external/notes/2026-budget.md";
    let (code, value) = check_at(&repo, "2026-11-26");
    assert_eq!(code, 1);
    // Lines 7, 8 and 15 are good: `files/x`, a `./sub/..` detour, backslashes.
    assert_eq!(
        diagnostic_lines(&value),
        [
            format!("attachment-missing {record}:9:3"),
            // Climbs out of the unit into a sibling unit's files.
            format!("attachment-outside {record}:10:3"),
            // Climbs out of the repository.
            format!("attachment-outside {record}:11:3"),
            // Into a nested unit's `files/`.
            format!("attachment-outside {record}:12:3"),
            // Absolute.
            format!("attachment-outside {record}:13:3"),
            // A folder is not a file.
            format!("attachment-missing {record}:14:3"),
        ]
    );
    let messages: Vec<&str> = value["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(
        messages[1],
        "attachment `../../../other/files/other-budget.pdf` is outside the record's unit folder"
    );
    assert_eq!(
        messages[3],
        "attachment `../../village/files/village-budget.pdf` belongs to a nested unit"
    );
}

#[test]
fn a_good_attachment_alone_raises_nothing() {
    let repo = Repo::fixture("compliance/attachments");
    repo.write(
        "units/town/external/notes/2026-budget.md",
        "+++\ntitle = \"2026年预算\"\npublished = 2026-03-18\nreviewed_by = \"张某某\"\nreviewed_on = 2026-03-16\nattachments = [\"../../files/2026-budget.pdf\"]\n+++\n正文。\n",
    );
    // The village's own record may use the village's files.
    repo.write(
        "units/town/village/external/notes/2026-budget.md",
        "+++\ntitle = \"村级预算\"\npublished = 2026-03-18\nreviewed_by = \"张某某\"\nreviewed_on = 2026-03-16\nattachments = [\"../../files/village-budget.pdf\"]\n+++\n正文。\n",
    );
    let (code, value) = check_at(&repo, "2026-11-26");
    assert_eq!((code, diagnostic_lines(&value)), (0, vec![]));
}

// ---- personal data -------------------------------------------------------------------

#[test]
fn personal_numbers_are_found_in_title_table_fields_feedback_and_body() {
    let repo = Repo::fixture("compliance/personal");
    let record = "units/town/external/subsidies/2026-payees.md";
    let (code, value) = check_at(&repo, "2026-11-26");
    assert_eq!(code, 1);
    assert_eq!(
        diagnostic_lines(&value),
        [
            format!("personal-mobile {record}:2:13"),    // title
            format!("personal-bank-card {record}:9:12"), // table field `payees`
            format!("personal-id {record}:17:20"),       // `[[feedback]]` question
            format!("personal-id {record}:21:6"),        // body: a valid ID
            format!("personal-mobile {record}:24:4"),    // +86 with spaces
            format!("personal-mobile {record}:25:4"),    // with hyphens
            format!("personal-bank-card {record}:26:4"), // passes Luhn
        ]
    );
    // Not flagged: a wrong check digit (line 22), an impossible birth date (23), a card
    // failing Luhn (27), masked numbers (28, and the second `payees` row), the unit's
    // published phone (29, and the feedback reply), credit codes (30, one all digits and
    // passing Luhn: r-uscc), and everything in
    // the internal record with the same text.
    let helps: Vec<&str> = value["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert_eq!(
        helps,
        [
            "mask it before publishing, e.g. `139****5678`",
            "mask it before publishing, e.g. `6222***********0128`",
            "mask it before publishing, e.g. `1101**********002X`",
            "mask it before publishing, e.g. `1101**********002X`",
            "mask it before publishing, e.g. `139****5678`",
            "mask it before publishing, e.g. `139****5678`",
            "mask it before publishing, e.g. `6222***********0128`",
        ]
    );
}

#[test]
fn internal_records_may_hold_personal_numbers() {
    let repo = Repo::fixture("compliance/personal");
    repo.remove("units/town/external/subsidies/2026-payees.md");
    let (code, value) = check_at(&repo, "2026-11-26");
    assert_eq!((code, diagnostic_lines(&value)), (0, vec![]));
}

#[test]
fn the_published_phone_is_allowed_only_as_published() {
    let repo = Repo::fixture("compliance/personal");
    let unit =
        std::fs::read_to_string(repo.path().join("units/town/unit.toml")).unwrap_or_default();
    repo.write("units/town/unit.toml", unit.replace("139 0514 8888", "0514-86881234"));
    let found = diagnostics_at(&repo, "2026-11-26");
    // Now line 29's 13905148888 and the reply's are someone's mobile.
    let record = "units/town/external/subsidies/2026-payees.md";
    assert!(found.contains(&format!("personal-mobile {record}:18:18")), "{found:?}");
    assert!(found.contains(&format!("personal-mobile {record}:29:6")), "{found:?}");
}

// ---- the village's four ones ---------------------------------------------------------

#[test]
fn a_village_must_declare_all_four_ones_a_township_none() {
    let repo = Repo::fixture("compliance/four-ones");
    let (code, value) = check_at(&repo, "2026-11-26");
    assert_eq!(code, 1);
    assert_eq!(
        diagnostic_lines(&value),
        [
            "four-ones-missing units/town/bare/unit.toml:1:1",
            "four-ones-missing units/town/incomplete/unit.toml:1:1"
        ]
    );
    assert_eq!(
        value["diagnostics"][1]["message"],
        "the village's four ones (四个一) are incomplete: no `finance_group`, `record_book`"
    );
}
