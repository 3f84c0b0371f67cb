//! No leaks (issue #8, SPEC §5 "Internal records never reach a public build, in any file"):
//! the fixture `tests/fixtures/no_leak` carries canary strings in every field of its
//! internal records (title, summary, body, link text, doc_no, proposer, reviewer, topic,
//! tags, feedback, every kind of class field, the file names), in an internal-only
//! attachment's name and bytes, in the internal class's name, description and standard,
//! and in external records that are not published (withdrawn, draft, reviewed, scheduled)
//! and a disclosure request.
//!
//! The public site and the external sheet are searched, every file and every file name,
//! for each canary in several spellings: as is (any case), percent-encoded, JSON-escaped
//! (`\uXXXX`), as HTML character references and in pinyin. The internal site and sheet
//! must show the internal canaries, so the search is shown to find what it looks for.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::Repo;
use pinyin::ToPinyin;

const AS_OF: &str = "2026-08-20";

/// In internal records, the internal class and the internal-only attachment: in no public
/// output, and (every one of them) in the internal site.
const INTERNAL: &[&str] = &[
    "LEAKTITLE",
    "金丝雀题名",
    "LEAKPROPOSER",
    "金丝雀提出部门",
    "LEAKREVIEWER",
    "金丝雀审核人",
    "LEAKDOCNO",
    "金丝雀发",
    "LEAKSUMMARY",
    "金丝雀概述",
    "LEAKTOPIC",
    "金丝雀主题",
    "LEAKTAG",
    "金丝雀标签",
    "LEAKHOLDER",
    "金丝雀经办人",
    "LEAKNOTES",
    "金丝雀备注",
    "LEAKLIST",
    "金丝雀名单",
    "LEAKCELL",
    "金丝雀明细",
    "LEAKQUESTION",
    "金丝雀提问",
    "LEAKREPLY",
    "金丝雀答复",
    "LEAKBODY",
    "金丝雀正文",
    "LEAKLINKTEXT",
    "金丝雀链接",
    "LEAKTOMLTITLE",
    "金丝雀表格题名",
    "LEAKTOMLBODY",
    "金丝雀表格正文",
    "leakslug",
    "leaktomlslug",
    "leakattach",
    "LEAKFILEBYTES",
    "金丝雀附件",
    "leakclass",
    "LEAKCLASSNAME",
    "金丝雀内部类名",
    "LEAKCLASSDESC",
    "金丝雀类说明",
    "LEAKSTDCONTENT",
    "金丝雀公开内容",
    "LEAKSTDBASIS",
    "金丝雀依据",
    "LEAKFIELDLABEL",
    "金丝雀字段名",
];

/// In records that are not published and in a disclosure request: in no output at all,
/// public or internal.
const NEVER: &[&str] = &[
    "leakwithdrawn",
    "金丝雀撤回",
    "LEAKWITHDRAWNSUMMARY",
    "LEAKWITHDRAWNFILEBYTES",
    "leakdraft",
    "金丝雀草稿",
    "leakreviewed",
    "金丝雀待发",
    "leakfuture",
    "金丝雀未来",
    "leakrequest",
    "金丝雀申请事项",
    "LEAKREASON",
    "金丝雀理由",
];

/// The spellings a canary could take in an output file, lower-cased (the files are
/// searched lower-cased): as is, percent-encoded, JSON-escaped, as HTML character
/// references (hex and decimal) and, for Chinese, in pinyin with and without spaces.
fn spellings(canary: &str) -> Vec<String> {
    let mut forms = vec![canary.to_lowercase()];
    if canary.is_ascii() {
        return forms;
    }
    let mut percent = String::new();
    for byte in canary.bytes() {
        if byte.is_ascii_alphanumeric() {
            percent.push(char::from(byte));
        } else {
            percent.push_str(&format!("%{byte:02x}"));
        }
    }
    let escaped = |f: &dyn Fn(char) -> String| -> String {
        canary.chars().map(|c| if c.is_ascii() { c.to_string() } else { f(c) }).collect()
    };
    forms.push(percent.to_lowercase());
    forms.push(escaped(&|c| format!("\\u{:04x}", u32::from(c))).to_lowercase());
    forms.push(escaped(&|c| format!("&#x{:x};", u32::from(c))).to_lowercase());
    forms.push(escaped(&|c| format!("&#{};", u32::from(c))));
    let syllables: Vec<&str> =
        canary.chars().filter_map(|c| c.to_pinyin().map(|p| p.plain())).collect();
    if syllables.len() >= 3 {
        forms.push(syllables.concat());
        forms.push(syllables.join(" "));
    }
    forms
}

/// Every file under `root` (relative path → bytes).
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.expect("walk the output");
        let rel = entry.path().strip_prefix(root).expect("prefix").to_string_lossy().into_owned();
        if entry.file_type().is_file() {
            found.insert(rel, std::fs::read(entry.path()).expect("read an output file"));
        } else {
            // Folder names are searched too.
            found.entry(rel).or_default();
        }
    }
    found
}

/// Whether `pdftotext` (poppler-utils) is on the `PATH`.
fn has_pdftotext() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join("pdftotext").is_file()))
}

/// The text `pdftotext` finds in a PDF, or `None` when the tool is not installed (run
/// with the deadline of every run in the tests).
fn pdf_text(path: &Path) -> Option<String> {
    if !has_pdftotext() {
        return None;
    }
    let mut command = std::process::Command::new("pdftotext");
    command.args(["-enc", "UTF-8"]).arg(path).arg("-");
    let out = common::timed(command, Path::new("."));
    assert_eq!(out.code, 0, "pdftotext {} failed: {}", path.display(), out.stderr);
    Some(out.stdout)
}

/// Where each canary was found in `tree`: `(canary, spelling, file)`. Every file is
/// searched in its bytes and in whatever its base64-looking runs decode to (a search
/// index may ship its shards in base64); with `pdfs`, the PDFs also (with pdftotext) in their text, with
/// whitespace removed, as pdftotext may break a line anywhere. (The site's PDFs are
/// copied attachments, the fixture's fake ones: their bytes are what is searched.)
fn find(
    tree: &BTreeMap<String, Vec<u8>>,
    root: &Path,
    canaries: &[&str],
    pdfs: bool,
) -> Vec<String> {
    let mut hits = Vec::new();
    for (path, bytes) in tree {
        let text = String::from_utf8_lossy(bytes);
        let mut haystacks = vec![path.to_lowercase(), text.to_lowercase()];
        haystacks.extend(base64_runs(&text));
        if pdfs
            && path.ends_with(".pdf")
            && let Some(text) = pdf_text(&root.join(path))
        {
            haystacks.push(text.split_whitespace().collect::<String>().to_lowercase());
        }
        for canary in canaries {
            for form in spellings(canary) {
                if haystacks.iter().any(|h| h.contains(&form)) {
                    hits.push(format!("{canary} (as `{form}`) in {path}"));
                }
            }
        }
    }
    hits
}

/// The lower-cased text of every run of 16 or more base64 characters in `text` that
/// decodes (standard alphabet, padded).
fn base64_runs(text: &str) -> Vec<String> {
    use base64::Engine;
    let run = regex::Regex::new(r"[A-Za-z0-9+/]{16,}={0,2}").expect("regex");
    run.find_iter(text)
        .filter_map(|m| base64::engine::general_purpose::STANDARD.decode(m.as_str()).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).to_lowercase())
        .collect()
}

/// The search finds a canary in each spelling it claims to look for (so the tests above
/// can fail), and in base64.
#[test]
fn the_search_finds_every_spelling() {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode("x LEAKTITLE 金丝雀题名 y");
    let files = [
        ("a.html", "<p>leaktitle</p>".to_owned()),
        ("b.json", r#"{"t":"\u91d1\u4E1D\u96C0\u9898\u540D"}"#.to_owned()),
        ("c.xml", "<a href=\"/%E9%87%91%E4%B8%9D%E9%9B%80%E9%A2%98%E5%90%8D/\">".to_owned()),
        ("d.html", "&#x91d1;&#x4e1d;&#x96c0;&#x9898;&#x540d;".to_owned()),
        ("e.html", "&#37329;&#19997;&#38592;&#39064;&#21517;".to_owned()),
        ("f.js", "jin si que ti ming".to_owned()),
        ("g.js", format!("i(\"{encoded}\")")),
    ];
    for (name, content) in files {
        let tree = BTreeMap::from([(name.to_owned(), content.clone().into_bytes())]);
        let hits = find(&tree, Path::new("."), &["LEAKTITLE", "金丝雀题名"], false);
        assert!(!hits.is_empty(), "nothing found in {name}: {content}");
    }
    let tree = BTreeMap::from([("leakslug/index.html".to_owned(), Vec::new())]);
    assert!(!find(&tree, Path::new("."), &["leakslug"], false).is_empty(), "file names");
}

/// Every canary of the fixture is in one of the lists (a new one cannot be forgotten).
#[test]
fn every_canary_of_the_fixture_is_listed() {
    let root = common::fixture_path("no_leak");
    let token = regex::Regex::new(r"LEAK[A-Z]+|leak[a-z]+|金丝雀[\p{Han}]+").expect("regex");
    let mut seen = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(&root).expect("prefix").to_string_lossy().into_owned();
        let text = std::fs::read(entry.path()).map(|b| String::from_utf8_lossy(&b).into_owned());
        for hay in [rel, text.unwrap_or_default()] {
            seen.extend(token.find_iter(&hay).map(|m| m.as_str().to_owned()));
        }
    }
    let listed = |t: &str| {
        INTERNAL.iter().chain(NEVER).any(|c| t.to_lowercase().contains(&c.to_lowercase()))
    };
    let missing: Vec<_> = seen.iter().filter(|t| !listed(t)).collect();
    assert!(missing.is_empty(), "canaries in the fixture but in no list: {missing:?}");
    assert!(seen.len() >= 50, "only {} canaries found in the fixture", seen.len());
}

#[test]
fn no_internal_or_unpublished_content_in_any_file_of_the_public_site() {
    let repo = Repo::fixture("no_leak");
    let built = common::run_timed(
        repo.path(),
        &["build", "--as-of", AS_OF, "--out", "public", "--lang", "en"],
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    let root = repo.path().join("public");
    let tree = files(&root);
    // The scan sees real content: pages, exports, feeds, the search index, attachments.
    for expected in [
        "index.html",
        "feed.xml",
        "town/feed.xml",
        "sitemap.xml",
        "catalogue.json",
        "catalogue.csv",
        "calendar.ics",
        "search/index.html",
        "town/catalogue/index.html",
        "town/external/notices/2026-08-16-public-notice/index.html",
        "town/files/public-notice.pdf",
    ] {
        assert!(tree.contains_key(expected), "{expected} missing from the public site");
    }
    let all: String = tree.values().map(|b| String::from_utf8_lossy(b).into_owned()).collect();
    assert!(all.contains("2026年秋季道路维修通知"), "the public record is missing");

    // `丝雀` is in every Chinese canary and nowhere else: it catches a search index that
    // splits text into characters and pairs of characters.
    let canaries: Vec<&str> = INTERNAL.iter().chain(NEVER).copied().chain(["丝雀"]).collect();
    let hits = find(&tree, &root, &canaries, false);
    assert!(hits.is_empty(), "leaked into the public site:\n{}", hits.join("\n"));
    eprintln!(
        "public site: {} canaries × their spellings searched in {} files and folder names, none found",
        canaries.len(),
        tree.len()
    );

    // The internal site has every internal canary (so the search finds what it looks
    // for) and still none of the unpublished ones.
    let built = common::run_timed(
        repo.path(),
        &["build", "--as-of", AS_OF, "--out", "intranet", "--audience", "internal", "--lang", "en"],
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    let root = repo.path().join("intranet");
    let tree = files(&root);
    assert!(tree.contains_key("town/files/leakattach.pdf"), "the internal attachment is missing");
    let hits = find(&tree, &root, INTERNAL, false);
    for canary in INTERNAL {
        let prefix = format!("{canary} (as");
        assert!(hits.iter().any(|h| h.starts_with(&prefix)), "{canary} missing from the intranet");
    }
    let hits = find(&tree, &root, NEVER, false);
    assert!(hits.is_empty(), "unpublished content in the intranet:\n{}", hits.join("\n"));
}

#[test]
fn the_external_sheet_has_no_internal_content_and_the_internal_sheet_has_it() {
    let repo = Repo::fixture("no_leak");
    let made = common::run_timed(
        repo.path(),
        &[
            "sheets",
            "--as-of",
            AS_OF,
            "--format",
            "both",
            "--no-system-fonts",
            "--out",
            "sheets",
            "--lang",
            "en",
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let root = repo.path().join("sheets");
    let tree = files(&root);
    let names: Vec<&String> = tree.keys().filter(|k| k.contains('.')).collect();
    assert_eq!(
        names,
        [
            "town/2026-08/external.html",
            "town/2026-08/external.pdf",
            "town/2026-08/internal.html",
            "town/2026-08/internal.pdf"
        ]
    );
    let has_pdftotext = has_pdftotext();
    if !has_pdftotext {
        eprintln!(
            "SKIPPED the text of the PDF sheets: pdftotext (poppler-utils) is not installed; \
             only their bytes and the HTML sheets are searched"
        );
    }
    let external: BTreeMap<String, Vec<u8>> = tree
        .iter()
        .filter(|(k, _)| !k.contains("internal"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let canaries: Vec<&str> = INTERNAL.iter().chain(NEVER).copied().chain(["丝雀"]).collect();
    let hits = find(&external, &root, &canaries, true);
    assert!(hits.is_empty(), "leaked into the external sheet:\n{}", hits.join("\n"));

    // The internal sheet prints its records' titles, summaries and doc numbers.
    let printed = ["LEAKTITLE", "金丝雀题名", "LEAKSUMMARY", "LEAKTOMLTITLE", "LEAKDOCNO"];
    for sheet in ["town/2026-08/internal.html", "town/2026-08/internal.pdf"] {
        if sheet.ends_with(".pdf") && !has_pdftotext {
            continue;
        }
        let one: BTreeMap<String, Vec<u8>> =
            tree.iter().filter(|(k, _)| *k == sheet).map(|(k, v)| (k.clone(), v.clone())).collect();
        let hits = find(&one, &root, &printed, true);
        for canary in printed {
            let prefix = format!("{canary} (as");
            assert!(hits.iter().any(|h| h.starts_with(&prefix)), "{canary} missing from {sheet}");
        }
    }
    let hits = find(&tree, &root, NEVER, true);
    assert!(hits.is_empty(), "unpublished content on a sheet:\n{}", hits.join("\n"));
}
