//! `unit.toml`, `gongkai.toml` and local `catalogues/`: every rule of the settings files,
//! with the exit code, code, file, line and column of each diagnostic, and no cascade
//! onto the records when one of them is wrong (`tests/fixtures/invalid/`).

mod common;

use common::{assert_check, help};

#[test]
fn malformed_unit_toml_is_reported_at_its_position_without_a_cascade() {
    // The records of the unit are not blamed for a class its unreadable unit.toml lacks.
    assert_check("unit-toml-syntax", 1, &["toml-syntax units/town/unit.toml:6:20"]);
}

#[test]
fn unit_toml_needs_name_level_and_code() {
    let value = assert_check(
        "unit-missing-keys",
        1,
        &[
            "missing-key units/town/unit.toml:1:1",
            "missing-key units/town/unit.toml:1:1",
            "missing-key units/town/unit.toml:1:1",
        ],
    );
    let messages: Vec<&str> = (0..3).map(|i| common::message(&value, i)).collect();
    assert!(messages[0].contains("`code`"), "{messages:?}");
    assert!(messages[1].contains("`level`"), "{messages:?}");
    assert!(messages[2].contains("`name`"), "{messages:?}");
    assert!(help(&value, 0).contains("code = \"321012100\""));
}

#[test]
fn a_unit_without_level_does_not_blame_its_records() {
    assert_check("unit-no-level", 1, &["missing-key units/town/unit.toml:1:1"]);
}

#[test]
fn catalogues_of_the_wrong_type_do_not_fall_back_to_the_level_default() {
    // Regression: a wrongly typed `catalogues` fell back to the township catalogue, and
    // the unit's records were reported in a class that catalogue lacks.
    assert_check("unit-catalogues-wrong-type", 1, &["wrong-type units/town/unit.toml:7:14"]);
}

#[test]
fn malformed_gongkai_toml_is_exit_1_at_its_position_without_stale_classes() {
    // Regression: the unreadable settings fell back to the default refresh windows, so
    // every fixed class was also reported `class-stale`.
    assert_check("settings-syntax", 1, &["toml-syntax gongkai.toml:6:9"]);
}

#[test]
fn gongkai_toml_unknown_keys_wrong_types_and_missing_keys() {
    let value = assert_check(
        "settings-keys",
        1,
        &[
            "missing-key gongkai.toml:1:1",
            "unknown-key gongkai.toml:3:1",
            "unknown-key gongkai.toml:5:1",
            "wrong-type gongkai.toml:9:23",
        ],
    );
    assert_eq!(help(&value, 1), "did you mean `title`?");
    assert_eq!(help(&value, 2), "did you mean `language`?");
}

#[test]
fn refresh_windows_must_be_forward_mm_dd_ranges() {
    let value = assert_check(
        "settings-windows",
        1,
        &[
            "invalid-window gongkai.toml:7:28",
            "invalid-window gongkai.toml:7:42",
            "invalid-window gongkai.toml:7:58",
        ],
    );
    assert!(common::message(&value, 0).contains("`8-15..8-25`"));
    assert!(common::message(&value, 1).contains("ends before it starts"));
}

#[test]
fn windows_of_the_wrong_type_mean_no_windows_not_the_defaults() {
    assert_check(
        "settings-windows-wrong-type",
        1,
        &["pattern-mismatch gongkai.toml:4:12", "wrong-type gongkai.toml:7:11"],
    );
}

#[test]
fn unit_toml_unknown_keys_and_wrong_types() {
    let value = assert_check(
        "unit-keys",
        1,
        &["wrong-type units/town/unit.toml:4:9", "unknown-key units/town/unit.toml:6:1"],
    );
    assert_eq!(help(&value, 1), "did you mean `mailbox`?");
}

#[test]
fn an_unknown_level_is_reported_with_a_suggestion() {
    let value = assert_check("unit-unknown-level", 1, &["unknown-level units/town/unit.toml:2:9"]);
    assert_eq!(help(&value, 0), "did you mean `township`?");
}

#[test]
fn an_unknown_catalogue_is_reported_with_a_suggestion() {
    let value =
        assert_check("unit-unknown-catalogue", 1, &["unknown-catalogue units/town/unit.toml:7:15"]);
    assert_eq!(help(&value, 0), "did you mean `fixture`?");
}

#[test]
fn an_impossible_date_in_unit_toml_is_a_wrong_type_and_the_rest_is_checked() {
    let value = assert_check(
        "unit-date-value",
        1,
        &["wrong-type units/town/unit.toml:3:8", "wrong-type units/town/unit.toml:6:11"],
    );
    assert_eq!(common::message(&value, 0), "field `code` should be a string, found a date");
}

#[test]
fn an_impossible_date_in_gongkai_toml_is_a_wrong_type_and_the_rest_is_checked() {
    assert_check(
        "settings-date-value",
        1,
        &["wrong-type gongkai.toml:2:9", "wrong-type gongkai.toml:4:12"],
    );
}

#[test]
fn an_invalid_class_in_a_local_catalogue_does_not_blame_its_records() {
    // Regression: the record in `external/notes` was also `unknown-class`.
    let value = assert_check(
        "catalogue-broken-class",
        1,
        &["catalogue-invalid catalogues/fixture.toml:6:6"],
    );
    assert!(common::message(&value, 0).contains("audience `public`"), "{value:#}");
}

#[test]
fn an_unreadable_local_catalogue_is_not_also_unknown_to_its_units() {
    // Regression: `catalogues = ["fixture"]` was also `unknown-catalogue`.
    assert_check("catalogue-unreadable", 1, &["catalogue-invalid catalogues/fixture.toml:10:1"]);
}

#[test]
fn an_invalid_class_field_does_not_make_the_records_key_unknown() {
    // Regression: the record's `amount` was also `unknown-key`.
    assert_check("catalogue-broken-field", 1, &["catalogue-invalid catalogues/fixture.toml:13:8"]);
}
