//! `unit.toml` and `gongkai.toml`: every rule of the two settings files, with the exit
//! code, code, file, line and column of each diagnostic (`tests/fixtures/invalid/`).

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
