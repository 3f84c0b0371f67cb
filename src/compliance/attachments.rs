//! Attachments: each path, relative to the record's own folder, must resolve to an
//! existing file inside the record's unit folder and not inside a nested unit (SPEC §2).
//!
//! Paths are resolved lexically (`..` chains included) against the files the walk found
//! under `files/` folders, never by following links, so a crafted path cannot reach outside
//! the repository, through a linked folder, or to an ignored file.

use crate::diagnostics::{Diagnostic, Problem};
use crate::record::Record;
use crate::repo::Repo;
use crate::source::SourceMap;

/// Why an attachment path is not usable.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Unusable {
    /// Outside the unit folder (or the repository); `true` when inside a nested unit.
    Outside {
        nested_unit: bool,
    },
    Missing,
}

/// The attachment's path relative to the repository root (`units/…/files/x.pdf`), or why
/// it cannot be used.
pub(crate) fn resolve(
    repo: &Repo,
    record: &Record,
    record_path: &str,
    raw: &str,
) -> Result<String, Unusable> {
    let unit = &repo.units[record.unit];
    let unit_dir = format!("units/{}/", unit.id);
    let folder = record_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let joined = if raw.starts_with('/') { raw.to_owned() } else { format!("{folder}/{raw}") };
    let path =
        normalize(&joined.replace('\\', "/")).ok_or(Unusable::Outside { nested_unit: false })?;
    if !path.starts_with(&unit_dir) {
        return Err(Unusable::Outside { nested_unit: false });
    }
    // Inside a nested unit when a folder between the unit's and the file is a unit: a look-up
    // per folder, not a pass over every unit per attachment (quadratic at 100k records, #7).
    let nested = path[unit_dir.len()..]
        .match_indices('/')
        .any(|(i, _)| repo.unit_by_id(&path["units/".len()..unit_dir.len() + i]).is_some());
    if nested {
        return Err(Unusable::Outside { nested_unit: true });
    }
    // A file the walk found under a `files/` folder, the set `build` copies from: asking
    // the file system instead would also accept a path through a linked folder, an ignored
    // `.`/`_` file or a file outside `files/`, which `build` then silently drops.
    if !repo.attachments.contains(&path) {
        return Err(Unusable::Missing);
    }
    Ok(path)
}

/// Resolves `.` and `..` without touching the file system; `None` when the path climbs
/// above its root or is absolute.
fn normalize(path: &str) -> Option<String> {
    if path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

pub(crate) fn check(repo: &Repo, record: &Record, sources: &SourceMap) -> Vec<Diagnostic> {
    let record_path = sources.path(record.file);
    let mut out = Vec::new();
    for attachment in &record.attachments {
        let problem = match resolve(repo, record, record_path, &attachment.value) {
            Ok(_) => continue,
            Err(Unusable::Missing) => Problem::AttachmentMissing { path: attachment.value.clone() },
            Err(Unusable::Outside { nested_unit }) => {
                Problem::AttachmentOutside { path: attachment.value.clone(), nested_unit }
            }
        };
        out.push(Diagnostic::at(problem, record.file, attachment.span.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_dot_dot_chains() {
        assert_eq!(
            normalize("units/a/external/funds/../../files/x.pdf").as_deref(),
            Some("units/a/files/x.pdf")
        );
        assert_eq!(normalize("units/a/./files//x.pdf").as_deref(), Some("units/a/files/x.pdf"));
        assert_eq!(normalize("units/../../etc/passwd"), None);
        assert_eq!(normalize("/etc/passwd"), None);
    }
}
