//! The built-in catalogues, compiled into the binary from the project's `catalogues/`.
//!
//! One table lists them all, in the order they are offered (`government` before `topics`,
//! so a city's classes list its government columns first); a test checks that the table
//! and the folder agree, so a new file cannot be forgotten.

/// `(file name, TOML text)` of every built-in catalogue.
const BUILTIN: &[(&str, &str)] = &[
    ("government.toml", include_str!("../../catalogues/government.toml")),
    ("topics.toml", include_str!("../../catalogues/topics.toml")),
    ("township.toml", include_str!("../../catalogues/township.toml")),
    ("department.toml", include_str!("../../catalogues/department.toml")),
    ("village.toml", include_str!("../../catalogues/village.toml")),
    ("station.toml", include_str!("../../catalogues/station.toml")),
];

/// The built-in catalogues as `(path for messages, text)`.
pub(crate) fn builtin_sources() -> impl Iterator<Item = (String, &'static str)> {
    BUILTIN.iter().map(|(name, text)| (format!("(built-in)/catalogues/{name}"), *text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_file_of_the_catalogues_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogues");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = BUILTIN.iter().map(|(name, _)| (*name).to_owned()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }
}
