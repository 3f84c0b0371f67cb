//! `gongkai build` run as a user runs it: the files of the site, a few pages, determinism,
//! atomic replacement, what a public build may contain, sanitising and theme overrides.
//! Fixtures: `tests/fixtures/site/<case>/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::Repo;

const AS_OF: &str = "2026-11-26";

/// Builds into `<repo>/<out>` and returns the output.
fn build(repo: &Repo, out: &str, extra: &[&str]) -> common::Output {
    let mut args = vec!["build", "--as-of", AS_OF, "--lang", "en", "--out", out];
    args.extend_from_slice(extra);
    repo.run(&args)
}

fn built(repo: &Repo, out: &str, extra: &[&str]) -> PathBuf {
    let result = build(repo, out, extra);
    assert_eq!(result.code, 0, "build failed:\n{}", result.stderr);
    repo.path().join(out)
}

/// Every file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in
            std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel =
                    path.strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
                files.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}

fn text(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_files_of_the_site() {
    let repo = Repo::fixture("site/basic");
    let out = built(&repo, "public", &[]);
    let list: Vec<String> = tree(&out).into_keys().collect();
    insta::assert_snapshot!("basic_file_list", list.join("\n"));
}

#[test]
fn pages_and_machine_readable_files() {
    let repo = Repo::fixture("site/basic");
    let out = built(&repo, "public", &[]);
    for (name, rel) in [
        ("record_page", "city/town/external/notes/2026-09-01-road/index.html"),
        ("abolished_record_page", "city/town/external/rules/2025-old-rule/index.html"),
        ("catalogue_page", "city/town/catalogue/index.html"),
        ("unit_feed", "city/town/feed.xml"),
        ("calendar", "calendar.ics"),
        ("catalogue_csv", "catalogue.csv"),
        ("sitemap", "sitemap.xml"),
    ] {
        insta::assert_snapshot!(name, text(&out, rel));
    }
}

#[test]
fn builds_are_byte_identical_whatever_the_threads() {
    let repo = Repo::fixture("site/basic");
    let one = tree(&built(&repo, "one", &["-j", "1"]));
    let again = tree(&built(&repo, "again", &[]));
    let threads = tree(&built(&repo, "threads", &["-j", "4"]));
    assert!(one.len() > 20);
    assert!(one == again, "two builds differ");
    assert!(one == threads, "-j 1 and -j 4 differ");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let repo = Repo::fixture("site/basic");
    let out = built(&repo, "public", &[]);
    let before = tree(&out);
    repo.write(
        "units/city/town/external/notes/2026-bad.md",
        "+++\ntitle = 1\npublished = 2026-02-30\n+++\n",
    );
    let result = build(&repo, "public", &[]);
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(result.stderr.contains("the site was not built"), "{}", result.stderr);
    assert!(tree(&out) == before, "the output changed");
    let names: Vec<String> = std::fs::read_dir(repo.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("gongkai-")), "scratch folders left: {names:?}");
}

#[test]
fn leftovers_of_a_killed_build_do_not_trip_the_next() {
    let repo = Repo::fixture("site/basic");
    repo.write(".public.gongkai-tmp/city/index.html", "half-written");
    repo.write(".public.gongkai-old/index.html", "previous site");
    repo.write("public/stale.html", "from an older build");
    let out = built(&repo, "public", &[]);
    assert!(!out.join("stale.html").exists());
    assert!(out.join("index.html").exists());
    assert!(!repo.path().join(".public.gongkai-tmp").exists());
    assert!(!repo.path().join(".public.gongkai-old").exists());
}

/// Strings that appear only in the fixture's internal class, records and files (and in
/// records that are not published yet).
const CANARIES: &[&str] = &[
    "CANARY-INTERNAL-TITLE",
    "CANARY-INTERNAL-SUMMARY",
    "CANARY-INTERNAL-BODY",
    "CANARY-INTERNAL-FILE",
    "canary-ledger",
    "CANARY内部账目",
    "CANARY-DRAFT",
    "CANARY-SCHEDULED",
    "internal/ledger",
    "2026-00004",
];

#[test]
fn a_public_build_holds_nothing_internal() {
    let repo = Repo::fixture("site/basic");
    let out = built(&repo, "public", &[]);
    for (path, bytes) in tree(&out) {
        let content = String::from_utf8_lossy(&bytes);
        for canary in CANARIES {
            assert!(!path.contains(canary), "{canary} in the file name {path}");
            assert!(!content.contains(canary), "{canary} in {path}");
        }
        assert!(!content.contains("对内公开"), "对内公开 in {path}");
    }
}

#[test]
fn an_internal_build_holds_the_internal_records_marked() {
    let repo = Repo::fixture("site/basic");
    let out = built(&repo, "intranet", &["--audience", "internal"]);
    let files = tree(&out);
    let all: String = files.values().map(|b| String::from_utf8_lossy(b).into_owned()).collect();
    for canary in &CANARIES[..6] {
        assert!(all.contains(canary), "{canary} missing from the internal build");
    }
    for canary in ["CANARY-DRAFT", "CANARY-SCHEDULED"] {
        assert!(!all.contains(canary), "{canary} is not published yet");
    }
    assert!(files.contains_key("city/town/files/canary-ledger.pdf"));
    let page = text(&out, "city/town/internal/ledger/2026-09-20-ledger/index.html");
    assert!(page.contains("<title>【对内公开】镇机关第三季度账目"), "no marked title");
    assert!(page.contains("gk-banner-internal"), "no banner");
    assert!(text(&out, "index.html").contains("内部版本"), "the intranet is not marked as such");
}

#[test]
fn raw_html_in_records_comes_out_clean() {
    let repo = Repo::fixture("site/sanitise");
    let out = built(&repo, "public", &[]);
    let page = text(&out, "town/external/notes/2026-hostile/index.html");
    let start = page.find("<div class=\"gk-body\">").expect("body");
    let end = page[start..].find("<section class=\"gk-feedback\"").expect("end of body") + start;
    let body = &page[start..end];
    for n in 1..=7 {
        assert!(body.contains(&format!("SAFE-TEXT-{n}")), "SAFE-TEXT-{n} lost:\n{body}");
    }
    let lower = body.to_lowercase();
    for bad in [
        "<script",
        "<iframe",
        "<form",
        "<input",
        "<object",
        "<embed",
        "<style",
        "<svg",
        "javascript:",
        "data:text",
    ] {
        assert!(!lower.contains(bad), "{bad} in:\n{body}");
    }
    // No event handler attribute in any tag of the page (escaped text, also inside a
    // quoted attribute value, is harmless).
    let tag = regex::Regex::new(r#"(?i)<[a-z][^>]*>"#).expect("regex");
    let quoted = regex::Regex::new(r#""[^"]*""#).expect("regex");
    let handler = regex::Regex::new(r"(?i)\son[a-z]+\s*=").expect("regex");
    for m in tag.find_iter(&page) {
        let bare = quoted.replace_all(m.as_str(), "\"\"");
        assert!(!handler.is_match(&bare), "event handler in {}", m.as_str());
    }
    assert!(!page.to_lowercase().contains("<script"), "a script on a record page");
    for (path, bytes) in tree(&out) {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(&bytes).to_lowercase();
            let scripts = html.matches("<script").count();
            let ours = html.matches("<script src=\"../static/search.js\" defer></script>").count();
            assert_eq!(scripts, ours, "a script other than the theme's in {path}");
        }
    }
}

#[test]
fn a_repository_theme_overrides_one_block_and_adds_files() {
    let repo = Repo::fixture("site/theme");
    let themed = tree(&built(&repo, "themed", &[]));
    repo.remove("themes");
    let plain = tree(&built(&repo, "plain", &[]));
    let record = "town/external/notes/2026-notice/index.html";
    let (a, b) =
        (String::from_utf8_lossy(&themed[record]), String::from_utf8_lossy(&plain[record]));
    assert!(a.contains("THEME-OVERRIDE 群众留言") && !a.contains("意见反馈"), "{a}");
    assert!(b.contains("意见反馈"));
    // Outside the block, the page is the same.
    let head = |s: &str| s[..s.find("<section").unwrap_or(s.len())].trim_end().to_owned();
    assert_eq!(head(&a), head(&b));
    assert_eq!(
        themed.get("static/extra.css").map(Vec::as_slice),
        Some(&b"/* THEME-STATIC */\n"[..])
    );
    for (path, bytes) in &plain {
        if path != record {
            assert!(themed.get(path) == Some(bytes), "{path} changed");
        }
    }
}

#[test]
fn compliance_gaps_are_warnings_unless_strict() {
    let repo = Repo::fixture("site/basic");
    let result = build(&repo, "public", &[]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stderr.contains("warning[feedback-unanswered]"), "{}", result.stderr);
    assert!(result.stderr.contains("Finished"), "{}", result.stderr);
    let strict = build(&repo, "strict", &["--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(strict.stderr.contains("error[feedback-unanswered]"), "{}", strict.stderr);
    assert!(!repo.path().join("strict").exists());
}

#[test]
fn the_output_may_not_be_the_repository() {
    let repo = Repo::fixture("site/basic");
    let result = build(&repo, ".", &[]);
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(repo.path().join("gongkai.toml").exists());
}

#[test]
fn a_broken_theme_names_the_template_and_page_and_keeps_the_previous_site() {
    let repo = Repo::fixture("site/theme");
    let out = built(&repo, "public", &[]);
    let before = tree(&out);
    repo.write("themes/record.html", "{% extends \"default/record.html\" %}{% block record_feedback %}{{ record.no_such_field }}{% endblock record_feedback %}");
    let result = build(&repo, "public", &[]);
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(result.stderr.contains("record.html"), "{}", result.stderr);
    assert!(result.stderr.contains("town/external/notes/2026-notice/"), "{}", result.stderr);
    assert!(tree(&out) == before, "the output changed");
    assert!(!repo.path().join(".public.gongkai-tmp").exists());
}
