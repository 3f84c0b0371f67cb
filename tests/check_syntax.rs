//! Files that cannot be read as records: malformed TOML (in front matter, `.toml`
//! records; `unit.toml` and `gongkai.toml` are in `check_units.rs`), missing or unclosed
//! front matter, invalid UTF-8 and empty files. Positions count in the whole file.

mod common;

use common::{assert_check, help, message};

const NOTICE: &str = "units/town/external/notes/2026-notice";

#[test]
fn malformed_front_matter_is_reported_at_its_line_in_the_whole_file() {
    // Line 4 of the file is line 3 of the front matter: Zola once reported the latter.
    let value = assert_check("fm-toml-syntax", 1, &[&format!("toml-syntax {NOTICE}.md:4:15")]);
    assert!(message(&value, 0).contains("string values must be quoted"), "{value:#}");
}

#[test]
fn a_syntax_error_is_reported_once_not_with_its_cascade() {
    // Regression: `reviewed_by = = "张某某"` was two errors (`extra =`, `unexpected key`),
    // an unclosed array one error on every later line.
    assert_check("fm-toml-syntax-cascade", 1, &[&format!("toml-syntax {NOTICE}.md:4:15")]);
    assert_check("record-toml-syntax", 1, &[&format!("toml-syntax {NOTICE}.toml:4:1")]);
}

#[test]
fn unclosed_front_matter_points_at_the_opening_fence() {
    let value =
        assert_check("fm-unclosed", 1, &[&format!("front-matter-unclosed {NOTICE}.md:1:1")]);
    assert_eq!(help(&value, 0), "add a `+++` line after the front matter");
}

#[test]
fn a_markdown_record_without_front_matter() {
    let value = assert_check("fm-missing", 1, &[&format!("front-matter-missing {NOTICE}.md:1:1")]);
    assert!(help(&value, 0).starts_with("start the file with:\n+++\n"), "{value:#}");
}

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    // `reviewed_by` is written in GBK: the bad byte is the 16th character of line 4.
    let value = assert_check("not-utf8", 1, &[&format!("not-utf8 {NOTICE}.md:4:16")]);
    assert_eq!(help(&value, 0), "save the file as UTF-8");
}

#[test]
fn empty_and_blank_files() {
    assert_check(
        "empty-file",
        1,
        &[
            "empty-file units/town/external/notes/2026-blank.toml:1:1",
            "empty-file units/town/external/notes/2026-empty.md:1:1",
        ],
    );
}
