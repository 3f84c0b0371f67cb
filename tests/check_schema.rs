//! The keys and values of records, in `.md` front matter and in `.toml` records: unknown
//! keys (with a "did you mean"), wrong types, missing `title`, impossible dates, bad
//! `status`, typed class fields (enum, pattern, money). One fixture per rule under
//! `tests/fixtures/invalid/`; `unit.toml` and `gongkai.toml` are in `check_units.rs`.

mod common;

use common::{assert_check, help, message};

const NOTES: &str = "units/town/external/notes";

#[test]
fn unknown_keys_with_did_you_mean_in_md_and_toml_records() {
    let value = assert_check(
        "record-unknown-keys",
        1,
        &[
            &format!("unknown-key {NOTES}/2026-funds.toml:2:1"),
            &format!("unknown-key {NOTES}/2026-funds.toml:3:1"),
            &format!("unknown-key {NOTES}/2026-notice.md:6:1"),
            &format!("unknown-key {NOTES}/2026-notice.md:7:1"),
        ],
    );
    assert_eq!(message(&value, 0), "unknown field `pubished`");
    assert_eq!(help(&value, 0), "did you mean `published`?");
    // `body` is a key of `.toml` records only.
    assert_eq!(help(&value, 1), "did you mean `body`?");
    assert_eq!(help(&value, 2), "did you mean `tags`?");
    // Class fields are suggested too.
    assert_eq!(help(&value, 3), "did you mean `amount`?");
}

#[test]
fn wrong_types_in_md_and_toml_records() {
    let value = assert_check(
        "record-wrong-types",
        1,
        &[
            &format!("wrong-type {NOTES}/2026-funds.toml:1:9"),
            &format!("wrong-type {NOTES}/2026-funds.toml:2:15"),
            &format!("wrong-type {NOTES}/2026-funds.toml:3:12"),
            &format!("wrong-type {NOTES}/2026-notice.md:6:8"),
            &format!("wrong-type {NOTES}/2026-notice.md:7:11"),
        ],
    );
    assert_eq!(message(&value, 0), "field `title` should be a string, found an integer");
    assert_eq!(message(&value, 3), "field `tags` should be an array, found a string");
}

#[test]
fn a_record_needs_a_non_empty_title() {
    let value = assert_check(
        "record-missing-title",
        1,
        &[
            &format!("empty-value {NOTES}/2026-blank.toml:1:9"),
            &format!("missing-key {NOTES}/2026-funds.toml:1:1"),
            &format!("missing-key {NOTES}/2026-notice.md:1:1"),
        ],
    );
    assert_eq!(message(&value, 1), "missing required field `title`");
}

#[test]
fn impossible_dates_quoted_and_unquoted_are_all_reported() {
    // Every bad day of a file is found in one run: an unquoted one is a TOML syntax
    // error to the parser, which once hid every other fault of the file.
    let value = assert_check(
        "impossible-dates",
        1,
        &[
            &format!("invalid-date {NOTES}/2026-funds.toml:4:15"),
            &format!("invalid-date {NOTES}/2026-funds.toml:5:16"),
            &format!("invalid-date {NOTES}/2026-funds.toml:8:12"),
            &format!("invalid-date {NOTES}/2026-funds.toml:11:14"),
            &format!("invalid-date {NOTES}/2026-notice.md:3:13"),
            &format!("invalid-date {NOTES}/2026-notice.md:5:15"),
        ],
    );
    assert_eq!(message(&value, 2), "`2026-04-31` in `feedback[0].received` is not a valid date");
    assert_eq!(message(&value, 4), "`2026-02-30` in `published` is not a valid date");
    assert_eq!(
        help(&value, 4),
        "there is no such day in the calendar: check the month and the day"
    );
}

#[test]
fn a_bad_value_is_not_also_reported_missing() {
    // Regression: a key written with a bad value was also reported absent by the rules
    // that need it: `missing-published`, `not-reviewed`, `feedback-incomplete`,
    // `feedback-unanswered` and `event-missing`.
    assert_check(
        "bad-values-no-cascade",
        1,
        &[
            "invalid-date units/town/external/news/d.md:4:9",
            &format!("invalid-date {NOTES}/a.md:4:13"),
            &format!("wrong-type {NOTES}/b.md:4:15"),
            &format!("invalid-date {NOTES}/b.md:5:15"),
            &format!("invalid-date {NOTES}/c.toml:10:14"),
        ],
    );
}

#[test]
fn bad_status_values() {
    let value = assert_check(
        "bad-status",
        1,
        &[
            &format!("invalid-value {NOTES}/2026-funds.toml:2:10"),
            &format!("invalid-value {NOTES}/2026-notice.md:4:10"),
        ],
    );
    assert_eq!(help(&value, 0), "allowed values: `draft`, `reviewed`, `published`, `withdrawn`");
    assert_eq!(help(&value, 1), "did you mean `published`?");
}

#[test]
fn typed_class_fields_enum_and_pattern() {
    let value = assert_check(
        "typed-fields",
        1,
        &[
            &format!("pattern-mismatch {NOTES}/2026-funds.toml:3:11"),
            &format!("invalid-value {NOTES}/2026-notice.md:6:8"),
        ],
    );
    assert_eq!(help(&value, 0), "expected to match `[A-Z]{2}-[0-9]{4}`");
    assert_eq!(help(&value, 1), "allowed values: `收入`, `支出`");
}

#[test]
fn money_has_at_most_two_decimals_and_is_a_number() {
    let value = assert_check(
        "bad-money",
        1,
        &[
            &format!("invalid-money {NOTES}/2026-funds.toml:2:10"),
            &format!("invalid-money {NOTES}/2026-notice.md:6:10"),
        ],
    );
    assert_eq!(
        message(&value, 1),
        "`1.005` in `amount` is not an amount (yuan, at most 2 decimals)"
    );
}
