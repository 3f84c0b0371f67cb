//! Where files are: class folders the unit's catalogues lack, `class` keys that disagree
//! with the folder, files under no unit or outside a class folder, non-record files,
//! nested folders and symbolic links (reported, never followed).

mod common;

use common::{Repo, assert_check, help, message};

const NOTES: &str = "units/town/external/notes";

#[test]
fn a_class_folder_the_catalogues_lack_with_a_suggestion() {
    let value = assert_check(
        "unknown-class",
        1,
        &[
            "unknown-class units/town/external/funds/2026-b.md:1:1",
            "unknown-class units/town/external/ntoes/2026-a.md:1:1",
            "unknown-class units/town/internal/finance/2026-c.md:1:1",
        ],
    );
    assert_eq!(message(&value, 1), "class `external/ntoes` is not in this unit's catalogues");
    assert_eq!(help(&value, 1), "did you mean `external/notes`?");
    // Nothing close enough to suggest: the unit's classes of that audience are listed.
    assert_eq!(help(&value, 0), "this unit's external classes: `external/notes`");
    assert_eq!(help(&value, 2), "this unit's internal classes: `internal/ledger`");
}

#[test]
fn a_class_key_must_agree_with_the_folder_in_either_form() {
    // `class = "notes"` (2026-b.md) and `class = "external/notes"` (2026-c.toml) pass.
    let value = assert_check(
        "class-key",
        1,
        &[
            &format!("class-mismatch {NOTES}/2026-a.md:3:9"),
            &format!("class-mismatch {NOTES}/2026-d.toml:2:9"),
        ],
    );
    assert_eq!(
        message(&value, 0),
        "`class = \"ledger\"` disagrees with the folder `external/notes`"
    );
}

#[test]
fn records_under_no_unit() {
    let value = assert_check(
        "no-unit",
        1,
        &[
            "orphan-file units/2026-top.md:-:-",
            "orphan-file units/lost/external/notes/2026-a.md:-:-",
        ],
    );
    assert_eq!(message(&value, 1), "file belongs to no unit");
}

#[test]
fn files_directly_in_a_unit_folder_or_in_external() {
    let value = assert_check(
        "stray-files",
        1,
        &["orphan-file units/town/external/2026-a.md:-:-", "orphan-file units/town/readme.md:-:-"],
    );
    assert_eq!(message(&value, 0), "file is not in a class folder");
}

#[test]
fn a_non_record_file_in_a_class_folder() {
    assert_check(
        "non-record-file",
        1,
        &[
            &format!("orphan-file {NOTES}/2026-notes.txt:-:-"),
            &format!("orphan-file {NOTES}/2026-scan.pdf:-:-"),
        ],
    );
}

#[test]
fn a_folder_nested_in_a_class_folder() {
    let value = assert_check("nested-folder", 1, &[&format!("orphan-file {NOTES}/2026/a.md:-:-")]);
    assert_eq!(help(&value, 0), "put records directly in the class folder");
}

#[cfg(unix)]
#[test]
fn symlinks_under_units_are_reported_and_never_followed() {
    use std::os::unix::fs::symlink;
    let repo = Repo::fixture("valid/minimal");
    let outside = tempfile::tempdir().unwrap();
    // A record outside the repository: following the link would check it.
    std::fs::create_dir_all(outside.path().join("notes")).unwrap();
    std::fs::write(outside.path().join("notes/x.md"), "not a record").unwrap();
    let notes = repo.path().join(NOTES);
    symlink("2026-notice.md", notes.join("link.md")).unwrap();
    symlink(outside.path(), repo.path().join("units/town/external/outside")).unwrap();
    symlink(".", repo.path().join("units/town/loop")).unwrap();
    symlink("../notes", notes.join("self")).unwrap();
    symlink("/nonexistent/gongkai", notes.join("dangling.md")).unwrap();
    let (code, value) = repo.check_json();
    assert_eq!(code, 1, "{value:#}");
    assert_eq!(
        common::diagnostic_lines(&value),
        [
            "symlink units/town/external/notes/dangling.md:-:-",
            "symlink units/town/external/notes/link.md:-:-",
            "symlink units/town/external/notes/self:-:-",
            "symlink units/town/external/outside:-:-",
            "symlink units/town/loop:-:-",
        ]
    );
    assert_eq!(value["summary"]["records"], 1, "links are not followed");
    assert_eq!(message(&value, 0), "symbolic link under `units/` (not followed)");
}
