//! The keys and values of records, in `.md` front matter and in `.toml` records: unknown
//! keys (with a "did you mean"), wrong types, missing `title`, impossible dates, bad
//! `status`, typed class fields (enum, pattern, money). One fixture per rule under
//! `tests/fixtures/invalid/`; `unit.toml` and `gongkai.toml` are in `check_units.rs`.

mod common;

use common::assert_check;

const NOTES: &str = "units/town/external/notes";

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
