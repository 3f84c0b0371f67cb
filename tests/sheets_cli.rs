//! `gongkai sheets` run as a clerk runs it: the PDFs themselves are checked with
//! poppler-utils (`pdfinfo`, `pdffonts`, `pdftotext`; `scripts/setup-test-deps.sh`
//! installs them): page size and count, embedded fonts, the text on the page, internal
//! content kept off the public board, determinism, and the usage errors.

// Test helpers: a failure to read or write the test's own files is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Repo;

const TOWN: &str = "sheets/township";
/// As of this day the fixture's window is 2026-08 (15–25 August).
const AS_OF: &str = "2026-08-20";

fn sheets(repo: &Repo, extra: &[&str]) -> common::Output {
    let mut args = vec!["sheets", "--as-of", AS_OF, "--lang", "en"];
    args.extend_from_slice(extra);
    repo.run(&args)
}

fn ok(out: &common::Output) {
    assert_eq!(out.code, 0, "stdout:\n{}\nstderr:\n{}", out.stdout, out.stderr);
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel =
                    path.strip_prefix(dir).expect("prefix").to_string_lossy().replace('\\', "/");
                found.push(rel);
            }
        }
    }
    found.sort();
    found
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[][..] })
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{tool}` ({e}); run scripts/setup-test-deps.sh"));
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn text(pdf: &Path) -> String {
    poppler("pdftotext", &[], pdf)
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    poppler("pdftotext", &["-f", &p, "-l", &p], pdf)
}

fn pages(pdf: &Path) -> usize {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Every page is `want` points, to 0.01 pt.
fn assert_size(pdf: &Path, want: (f64, f64)) {
    let info = poppler("pdfinfo", &["-l", "999"], pdf);
    let sizes: Vec<(f64, f64)> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .filter_map(|l| {
            let nums: Vec<f64> =
                l.split(':').nth(1)?.split_whitespace().filter_map(|w| w.parse().ok()).collect();
            Some((*nums.first()?, *nums.get(1)?))
        })
        .collect();
    assert_eq!(sizes.len(), pages(pdf), "{info}");
    for (w, h) in sizes {
        assert!(
            (w - want.0).abs() < 0.01 && (h - want.1).abs() < 0.01,
            "page is {w} x {h}, want {want:?}"
        );
    }
}

/// (name, embedded) of every font of the PDF.
fn fonts(pdf: &Path) -> Vec<(String, bool)> {
    poppler("pdffonts", &[], pdf)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let emb = cols.len().checked_sub(5).and_then(|i| cols.get(i))?;
            Some((cols.first()?.to_string(), *emb == "yes"))
        })
        .collect()
}

/// The titles of the record files under `dir` (the `title = "…"` line).
fn titles(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for rel in files(dir) {
        let text = std::fs::read_to_string(dir.join(&rel)).unwrap_or_default();
        if let Some(line) = text.lines().find(|l| l.starts_with("title = \"")) {
            out.push(line.trim_start_matches("title = \"").trim_end_matches('"').to_owned());
        }
    }
    out
}

/// Text as pdftotext gives it, without the line breaks it puts into long titles.
fn flat(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn a_township_gets_an_external_and_an_internal_a3_sheet_and_a_village_one() {
    let repo = Repo::fixture(TOWN);
    let out = sheets(&repo, &[]);
    ok(&out);
    assert!(
        out.stderr.contains("3 sheets for 2 units (window 2026-08, A3, 3 files)"),
        "{}",
        out.stderr
    );
    assert_eq!(
        files(&repo.path().join("sheets")),
        [
            "qingshan/2026-08/external.pdf",
            "qingshan/2026-08/internal.pdf",
            "qingshan/hetang/2026-08/external.pdf",
        ]
    );
    let pdf = repo.path().join("sheets/qingshan/2026-08/external.pdf");
    assert_size(&pdf, (841.89, 1190.55));
    assert!(fonts(&pdf).iter().all(|(_, embedded)| *embedded), "{:?}", fonts(&pdf));
    assert!(
        fonts(&pdf).iter().any(|(name, _)| name.contains("NotoSansSCSubset")),
        "{:?}",
        fonts(&pdf)
    );
    let all = flat(&text(&pdf));
    for expected in [
        "青山镇政务公开栏",
        "2026年8月15日—8月25日",
        "2026年第二季度镇级财政资金收支情况",
        "青山镇2026年涉农收费项目及标准",
        "关于表彰2025年度先进工作者的决定",
        // Key figures: amounts in 万元, fee items as rows.
        "3862.40万元",
        "8460.00万元",
        "不动产登记费",
        "80元/件",
        "3.08元/立方米",
        // Every class keeps its heading, with a note when it has nothing current.
        "机构职能",
        "经济发展",
        "公益建设",
        "本栏目本期无更新内容",
        // The footer.
        "监督电话：0514-86880000",
        "意见箱：公开栏左侧意见箱",
        "审核人：赵纪委",
        "2026年8月17日",
        "下次刷新：2027年1月15日—1月25日",
    ] {
        assert!(all.contains(expected), "`{expected}` missing from:\n{all}");
    }
    assert!(!all.contains("已过期"), "an expired record is on the board:\n{all}");
    assert!(!all.contains("对内公开"), "{all}");
    let village = flat(&text(&repo.path().join("sheets/qingshan/hetang/2026-08/external.pdf")));
    assert!(village.contains("青山镇荷塘村村务公开栏"), "{village}");
    assert!(village.contains("56.20万元") && village.contains("49.85万元"), "{village}");
}

#[test]
fn internal_content_stays_on_the_internal_sheet_marked_on_every_page() {
    let repo = Repo::fixture(TOWN);
    // Enough internal records to need several pages.
    for i in 0..24 {
        repo.write(
            &format!("units/qingshan/internal/finance/2026-extra-{i:02}.md"),
            format!(
                "+++\ntitle = \"机关内部收支明细第{i}号\"\npublished = 2026-08-18\nreviewed_by = \"党政办主任\"\n\
                 reviewed_on = 2026-08-17\nsummary = \"{}\"\n+++\n",
                "仅供本单位干部职工查阅，请勿外传。".repeat(4)
            ),
        );
    }
    ok(&sheets(&repo, &["--paper", "a4"]));
    let internal = repo.path().join("sheets/qingshan/2026-08/internal.pdf");
    let n = pages(&internal);
    assert!(n >= 2, "{n} pages");
    for page in 1..=n {
        assert!(page_text(&internal, page).contains("对内公开"), "page {page} is not marked");
    }
    let external = flat(&text(&repo.path().join("sheets/qingshan/2026-08/external.pdf")));
    for title in titles(&repo.path().join("units/qingshan/internal")) {
        assert!(!external.contains(&flat(&title)), "internal `{title}` on the external sheet");
    }
    assert!(flat(&text(&internal)).contains("机关第二季度财务收支明细（内部资料）"));
}

#[test]
fn a4_sheets_are_a4() {
    let repo = Repo::fixture(TOWN);
    ok(&sheets(&repo, &["--paper", "a4", "--unit", "qingshan/hetang"]));
    assert_eq!(files(&repo.path().join("sheets")), ["qingshan/hetang/2026-08/external.pdf"]);
    assert_size(&repo.path().join("sheets/qingshan/hetang/2026-08/external.pdf"), (595.28, 841.89));
}

#[test]
fn the_same_input_gives_the_same_bytes_on_any_number_of_threads() {
    let repo = Repo::fixture(TOWN);
    ok(&sheets(&repo, &["-j", "1", "--format", "both", "--out", "one"]));
    ok(&sheets(&repo, &["-j", "3", "--format", "both", "--out", "two"]));
    let (one, two) = (repo.path().join("one"), repo.path().join("two"));
    let list = files(&one);
    assert_eq!(list.len(), 6, "{list:?}");
    assert_eq!(list, files(&two));
    for rel in list {
        let same = std::fs::read(one.join(&rel)).ok() == std::fs::read(two.join(&rel)).ok();
        assert!(same, "`{rel}` differs between runs");
    }
}

#[test]
fn html_sheets_are_self_contained_print_pages() {
    let repo = Repo::fixture(TOWN);
    ok(&sheets(&repo, &["--format", "html", "--paper", "a4"]));
    assert_eq!(
        files(&repo.path().join("sheets")),
        [
            "qingshan/2026-08/external.html",
            "qingshan/2026-08/internal.html",
            "qingshan/hetang/2026-08/external.html",
        ]
    );
    let html = std::fs::read_to_string(repo.path().join("sheets/qingshan/2026-08/external.html"))
        .expect("read");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("@page { size: A4;"), "{html}");
    assert!(
        html.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-")
    );
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), "no inline QR code");
    assert!(html.contains("https://gk.example.gov.cn/qingshan/external/funds/2026-q2-funds/"));
    assert!(html.contains("青山镇政务公开栏") && html.contains("80元/件"));
    for bad in ["<script", "<link", "src=\"http", "url(", "@import", "对内公开"] {
        assert!(!html.contains(bad), "`{bad}` in the external HTML sheet");
    }
    let internal =
        std::fs::read_to_string(repo.path().join("sheets/qingshan/2026-08/internal.html"))
            .expect("read");
    assert!(internal.contains("对内公开") && internal.contains("@page { size: A4;"));
}

#[test]
fn qr_codes_point_at_the_record_pages_of_the_site() {
    let repo = Repo::fixture(TOWN);
    ok(&sheets(&repo, &["--format", "html"]));
    let html = std::fs::read_to_string(repo.path().join("sheets/qingshan/2026-08/external.html"))
        .expect("read");
    for url in [
        "https://gk.example.gov.cn/qingshan/external/funds/2026-q2-funds/",
        "https://gk.example.gov.cn/qingshan/external/agri-fees/2026-fee-list/",
        "https://gk.example.gov.cn/qingshan/external/personnel/2026-awards/",
    ] {
        assert!(html.contains(&format!("href=\"{url}\"")), "{url}");
    }
    let internal =
        std::fs::read_to_string(repo.path().join("sheets/qingshan/2026-08/internal.html"))
            .expect("read");
    assert!(!internal.contains("<svg"), "the public site has no page for an internal record");
}

#[test]
fn a_character_no_font_has_is_a_diagnostic_and_nothing_is_written() {
    let repo = Repo::fixture(TOWN);
    repo.write(
        "units/qingshan/external/personnel/2026-commendation.md",
        "+++\ntitle = \"关于表彰王堃同志的通报\"\npublished = 2026-08-18\nreviewed_by = \"组织委员\"\n\
         reviewed_on = 2026-08-17\n+++\n正文。\n",
    );
    let empty = tempfile::tempdir().expect("tmp");
    let dir = empty.path().to_str().expect("utf-8 path");
    let out = sheets(&repo, &["--no-system-fonts", "--font-dir", dir]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("error[glyph-missing]"), "{}", out.stderr);
    assert!(out.stderr.contains("no font has `U+5803 堃` (in `title`)"), "{}", out.stderr);
    assert!(
        out.stderr.contains("units/qingshan/external/personnel/2026-commendation.md:2:"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("fonts-noto-cjk") && out.stderr.contains("--font-dir"),
        "{}",
        out.stderr
    );
    assert!(!repo.path().join("sheets").exists());
}

#[test]
fn a_character_from_a_font_dir_is_printed() {
    let noto = Path::new("/usr/share/fonts/opentype/noto");
    if !noto.join("NotoSansCJK-Regular.ttc").is_file() {
        eprintln!("note: fonts-noto-cjk is not installed; skipped");
        return;
    }
    let repo = Repo::fixture(TOWN);
    repo.write(
        "units/qingshan/external/personnel/2026-commendation.md",
        "+++\ntitle = \"关于表彰王堃同志的通报\"\npublished = 2026-08-18\nreviewed_by = \"组织委员\"\n\
         reviewed_on = 2026-08-17\n+++\n正文。\n",
    );
    let dir = noto.to_str().expect("path");
    ok(&sheets(&repo, &["--no-system-fonts", "--font-dir", dir, "--unit", "qingshan"]));
    let pdf = repo.path().join("sheets/qingshan/2026-08/external.pdf");
    assert!(flat(&text(&pdf)).contains("关于表彰王堃同志的通报"));
    assert!(fonts(&pdf).iter().all(|(_, embedded)| *embedded));
}

#[test]
fn unknown_units_and_windows_are_usage_errors() {
    let repo = Repo::fixture(TOWN);
    let out = sheets(&repo, &["--unit", "qingshan/hetan"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no unit `qingshan/hetan`"), "{}", out.stderr);
    assert!(out.stderr.contains("did you mean `qingshan/hetang`?"), "{}", out.stderr);
    for window in ["2026-05", "2026-8", "august"] {
        let out = sheets(&repo, &["--window", window]);
        assert_eq!(out.code, 2, "{window}: {}", out.stderr);
        assert!(out.stderr.contains("not a configured refresh window"), "{}", out.stderr);
    }
    assert!(!repo.path().join("sheets").exists());
}

#[test]
fn the_default_window_is_the_current_one_else_the_next() {
    let repo = Repo::fixture(TOWN);
    ok(&repo.run(&["sheets", "--as-of", "2026-09-01", "--unit", "qingshan/hetang"]));
    assert_eq!(files(&repo.path().join("sheets")), ["qingshan/hetang/2027-01/external.pdf"]);
    ok(&repo.run(&[
        "sheets",
        "--as-of",
        "2026-09-01",
        "--window",
        "2026-03",
        "--unit",
        "qingshan/hetang",
    ]));
    assert_eq!(files(&repo.path().join("sheets")), ["qingshan/hetang/2026-03/external.pdf"]);
}

#[test]
fn errors_in_the_catalogue_stop_before_the_output_is_touched() {
    let repo = Repo::fixture(TOWN);
    ok(&sheets(&repo, &[]));
    let before = files(&repo.path().join("sheets"));
    repo.write(
        "units/qingshan/external/funds/2026-broken.md",
        "+++\ntitle = \"坏记录\"\npublised = 2026-08-18\n+++\n",
    );
    let out = sheets(&repo, &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("unknown-key"), "{}", out.stderr);
    assert_eq!(files(&repo.path().join("sheets")), before);
}

/// The bundled example: every unit with a board gets its sheets, and internal titles never
/// reach an external one.
#[test]
fn the_bundled_example_prints_every_board() {
    let repo = Repo::example("yangzhou");
    let out = repo.run(&["sheets", "--as-of", "2026-11-26", "--lang", "en"]);
    ok(&out);
    let list = files(&repo.path().join("sheets"));
    for expected in [
        "yangzhou/2027-01/external.pdf",
        "yangzhou/jiangdu/xiannv/2027-01/external.pdf",
        "yangzhou/jiangdu/xiannv/2027-01/internal.pdf",
        "yangzhou/jiangdu/xiannv/longtang/2027-01/external.pdf",
        "yangzhou/jiangdu/xiannv/nongji/2027-01/external.pdf",
    ] {
        assert!(list.contains(&expected.to_owned()), "{expected} not in {list:?}");
    }
    let units = repo.path().join("units");
    let internal_titles: Vec<String> = files(&units)
        .into_iter()
        .filter(|f| f.contains("/internal/"))
        .flat_map(|f| titles_of(&units.join(f)))
        .collect();
    assert!(!internal_titles.is_empty());
    for pdf in list.iter().filter(|f| f.ends_with("external.pdf")) {
        let all = flat(&text(&repo.path().join("sheets").join(pdf)));
        for title in &internal_titles {
            assert!(!all.contains(&flat(title)), "internal `{title}` in {pdf}");
        }
    }
    let xiannv = repo.path().join("sheets/yangzhou/jiangdu/xiannv/2027-01/external.pdf");
    assert_size(&xiannv, (841.89, 1190.55));
    let all = flat(&text(&xiannv));
    for expected in
        ["仙女镇政务公开栏", "2027年1月15日—1月25日", "仙女镇2026年涉农收费项目及标准公示"]
    {
        assert!(all.contains(expected), "`{expected}` missing");
    }
}

fn titles_of(path: &PathBuf) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with("title = \""))
        .map(|l| l.trim_start_matches("title = \"").trim_end_matches('"').to_owned())
        .take(1)
        .collect()
}

#[test]
fn a_repository_template_replaces_the_built_in_one() {
    let repo = Repo::fixture(TOWN);
    repo.write(
        "themes/sheets/board.typ",
        "#let data = json(\"/data.json\")\n#set page(paper: data.paper)\n#set text(font: data.fonts)\n\
         = 自制公开栏：#data.unit.name\n#for c in data.classes [#c.name ]\n",
    );
    ok(&sheets(&repo, &["--unit", "qingshan"]));
    let all = flat(&text(&repo.path().join("sheets/qingshan/2026-08/external.pdf")));
    assert!(all.contains("自制公开栏：青山镇"), "{all}");
    assert!(all.contains("资金管理") && !all.contains("监督电话"), "{all}");
}

#[test]
fn a_broken_template_is_reported_with_its_line() {
    let repo = Repo::fixture(TOWN);
    repo.write("themes/sheets/board.typ", "#let data = json(\"/data.json\")\n\n#data.nope\n");
    let out = sheets(&repo, &["--unit", "qingshan"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("themes/sheets/board.typ:3:"), "{}", out.stderr);
    assert!(out.stderr.contains("qingshan/2026-08/external.pdf"), "{}", out.stderr);
    assert!(!repo.path().join("sheets").exists());
}

#[test]
fn a_character_no_font_has_in_a_repository_template_is_shown_at_its_line() {
    let repo = Repo::fixture(TOWN);
    repo.write(
        "themes/sheets/board.typ",
        "#let data = json(\"/data.json\")\n// 注释里的堃不算\n= 公开栏 \u{E000}\n",
    );
    let out = sheets(&repo, &["--unit", "qingshan", "--no-system-fonts"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("themes/sheets/board.typ:3:"), "{}", out.stderr);
    assert!(out.stderr.contains("U+E000"), "{}", out.stderr);
    assert!(!out.stderr.contains("U+5803"), "{}", out.stderr);
}
