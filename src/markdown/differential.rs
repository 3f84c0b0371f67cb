//! Differential tests of [`super::fast_html`]: on every body it takes, it must give the
//! very bytes of the slow path ([`super::sanitised`], pulldown-cmark and ammonia). The
//! bodies are the repository's own (examples, test fixtures, the fuzz corpus), the
//! benchmark generator's, hand-written edge cases and random Markdown from a grammar.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use super::{fast, plain_text, raw_html_offset, sanitised, to_html, to_html_and_text};

type Link = dyn Fn(&str) -> Option<String>;

/// Maps relative links as the record pages do (into the site, or dropped).
fn to_site(url: &str) -> Option<String> {
    (!url.contains("missing")).then(|| format!("../../{url}"))
}

/// Maps relative links off the site: images then lose their `src` in ammonia.
fn off_site(url: &str) -> Option<String> {
    Some(format!("https://example.com/{url}"))
}

fn drop_all(_: &str) -> Option<String> {
    None
}

const LINKS: [&Link; 3] = [&to_site, &off_site, &drop_all];

/// Whether the fast path took `body`; panics if it gave other bytes than the slow path.
fn same(body: &str, link: &Link) -> bool {
    let slow = sanitised(body, link);
    match fast(body, link) {
        Some(fast) => {
            assert_eq!(fast, slow, "fast and slow paths differ on {body:?}");
            true
        }
        None => false,
    }
}

/// Hand-written cases, each with whether the fast path takes it.
const CASES: &[(&str, bool)] = &[
    ("", true),
    ("纯文本", true),
    ("# 标题 *强调* **加粗**\n\n## `代码` 二级\n\n###### 六级\n\n正文", true),
    ("Setext\n===\n\nSecond\n---\n", true),
    ("- 一\n- 二\n  - 嵌套\n  - 嵌套二\n    1. 深\n- 三\n", true),
    ("- 松散\n\n- 列表\n\n  第二段\n", true),
    ("3. 三\n4. 四\n\n1) 一\n\n0. 零\n\n123456789. 大\n", true),
    ("* a\n\n  > 引用\n  > 续\n\n  ```\n  code\n  ```\n", true),
    ("`<b>x</b> & \"q\"` 与 ``a ` b``", true),
    ("```rust\nfn main() { println!(\"<&>\"); }\n```\n\n```\n无语言\n```\n", true),
    ("~~~ lang extra words\nx\n~~~\n\n    缩进代码\n    第二行\n", true),
    ("正文[^1]和[^b]。\n\n[^1]: 第一条\n[^b]: 第二条 **加粗**\n", true),
    ("[^a]: 先定义\n\n后引用[^a]和未定义[^none]\n\n[^unused]: 没人引用\n", true),
    ("引用[^gk-u-x]\n\n[^gk-u-x]: 已有前缀\n", true),
    ("> [^q]: 引用中的脚注\n\n文[^q]\n", true),
    ("[^1]: 多段\n\n    第二段\n\n文[^1]", true),
    ("| 左 | 中 | 右 | 无 |\n|:--|:-:|--:|---|\n| a | | c \\| d | `e|f` |\n| 1 |\n", true),
    ("| 只有表头 |\n|---|\n", true),
    ("| a | b |\n|---|---|\n| **x** | [l](http://e.com) |\n\n后文", true),
    ("[链接](http://example.com/a?b=1&c=2 \"标题 \\\"引\\\" <b> & '单'\")", true),
    ("[相对](../../files/a.pdf) [缺失](missing.pdf) [片段](#part) [前缀](#gk-u-x)", true),
    ("[javascript](javascript:alert(1)) [大写](JAVASCRIPT:x) [实体](java&#115;cript:x)", true),
    ("[data](data:text/html,x) [vb](vbscript:x) [ftp](ftp://x.org/) [tel](tel:+86-514)", true),
    ("[协议相对](//example.com/x) [根](/abs/path) [空格](<a b.pdf>) [百分号](a%20b.pdf)", true),
    (
        "[中文](http://例子.中国/路径?查询=值) [引号](http://x.org/'q') [井](http://x.org/#frag)",
        true,
    ),
    ("[控制](<http://x.org/\u{1}>) [制表](<\thttp://x>) [冒号](:x) [仅方案](http:)", true),
    ("[坏端口](http://x:99999/) [坏主机](http://[x]/) [mailto](MAILTO:a@b.c) [空]()", true),
    ("[title only](\"t\") [[方括号]](x.pdf) [引用式][r] [折叠][] [r]\n\n[r]: /u \"T\"", true),
    ("<http://example.com/a?b&c> <mailto:a@b.c> <a@b.c> <javascript:alert(1)>", true),
    ("<https://例子.中国/> <irc://x> <HTTP://EXAMPLE.COM>", true),
    ("![图](img/a.png \"标题\") ![*强调*`代码`<和>&\"](b.png) ![](c.png)", true),
    ("![外站](https://cdn.example.com/x.png) ![缺失](missing.png) ![片段](#x)", true),
    ("![嵌套 [链接](x.pdf) 与 ![图](y.png)](z.png) ![脚注[^1]](f.png)\n\n[^1]: n", true),
    ("[![图](a.png)](b.pdf) [文![图](a.png)](http://x.org)", true),
    ("&amp; &nbsp; &#160; &quot; &#39; &lt;b&gt; &copy; &#x1F600; &bogus; & < > \" '", true),
    ("\u{a0}前后\u{a0} 非BMP 𠀀𠀁 𝄞 😀 \u{202e} \u{feff}", true),
    ("硬换行  \n反斜杠\\\n软换行\n结束", true),
    ("~~删除~~ ~单波浪~ ***粗斜*** _下划线_ __粗__ *a **b** c*", true),
    ("\\* \\_ \\` \\# \\[ \\] \\< \\> \\& \\| \\\\", true),
    ("---\n\n***\n\n___\n\n文字\n***\n", true),
    ("CR LF\r\n第二行\r\n\r\n```\r\ncode\r\n```\r\n\r\n- a\r\n- b\r\n", true),
    ("lone\rCR &#13; 实体 &#13;&#10;", true),
    ("[t](u \"title\r\nline\")", true),
    ("# 标题 #\n\n#没有空格\n\n#\n", true),
    ("> 引用\n>\n> > 嵌套\n\n> - 列表\n> 1. 有序\n", true),
    ("- [ ] 任务\n- [x] 完成\n", true),
    ("$x$ $$y$$ {#id .class}", true),
    // Not a link: pulldown-cmark does not put footnote references in links.
    ("[链接中的脚注[^1]](http://x.org)\n\n[^1]: n", true),
    // An autolink in a link: the HTML parser closes the outer `<a>` at the inner one.
    ("[<http://x.org/>文字](http://example.com/)", false),
    ("NUL \0 字符 [t\0](<u\0v> \"t\0\") ![a\0](b\0.png \"\0\")", false),
    // A NUL, a CR and `&#13;` together: html5ever's reading of that is not copied.
    ("[^1]: - | **`&#13;\0\r>`** | h |\n      |---|---|\n    - x\n", false),
    ("实体 NUL &#0;", true),
    ("<div>块</div>\n", false),
    ("行内 <b>粗</b>", false),
    ("<!-- 注释 -->\n\n文", false),
    ("![alt <b>x</b>](a.png)", false),
];

#[test]
fn hand_written_cases() {
    for (body, fast) in CASES {
        assert_eq!(same(body, &to_site), *fast, "fast path taken? {body:?}");
        same(body, &off_site);
        same(body, &drop_all);
    }
}

/// Bodies of the repository's records: Markdown after the front matter, and every
/// string of a TOML record (its `body` and its text fields).
fn repository_bodies() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut bodies = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            let name = path.display().to_string();
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            match path.extension().and_then(|e| e.to_str()) {
                Some("md") => match crate::record::frontmatter::split(&text) {
                    Ok(split) => bodies.push((name, text[split.body].to_owned())),
                    Err(_) => bodies.push((name, text)),
                },
                Some("toml") => {
                    let Ok(table) = toml::from_str::<toml::Table>(&text) else { continue };
                    let mut strings = Vec::new();
                    collect_strings(&toml::Value::Table(table), &mut strings);
                    bodies.extend(strings.into_iter().map(|s| (name.clone(), s)));
                }
                _ => {}
            }
        }
    }
    bodies
}

fn collect_strings(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        toml::Value::Table(table) => table.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[test]
fn every_body_of_the_repository() {
    let bodies = repository_bodies();
    let md = bodies.iter().filter(|(name, _)| name.ends_with(".md")).count();
    assert!(md > 200, "only {md} Markdown records found");
    for (name, body) in &bodies {
        for (i, link) in LINKS.into_iter().enumerate() {
            let fast = same(body, link);
            // The slow path gets raw HTML and, off the site, images (ammonia drops `src`).
            let off_site_image = i == 1 && body.contains("![");
            if raw_html_offset(body).is_none() && !off_site_image {
                assert!(fast, "{name}: the fast path left {body:?}");
            }
        }
    }
}

#[test]
fn every_body_of_the_fuzz_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/markdown");
    let mut fast = 0;
    let mut total = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let Ok(body) = std::str::from_utf8(&bytes) else { continue };
        for link in LINKS {
            total += 1;
            fast += usize::from(same(body, link));
        }
    }
    assert!(total > 300 && fast * 2 > total, "{fast} of {total} on the fast path");
}

/// The generator of the benchmark's repositories (`gen-repo`).
#[path = "../../benches/gen/content.rs"]
#[allow(dead_code, unreachable_pub)]
mod content;

#[test]
fn bodies_of_the_benchmark_generator() {
    let words = content::Words::new();
    let mut rng = content::Rng::new(7);
    for _ in 0..300 {
        let target = rng.range(1000, 4000) as usize;
        let table = content::generic_table(&mut rng);
        let body = content::body(&words, &mut rng, target, &table, "0514-87654321");
        assert!(same(&body, &to_site), "the fast path left {body:?}");
    }
}

// ---- random Markdown ------------------------------------------------------------------

fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "http://example.com/a?b=1&c=2",
            "https://例子.中国/路径",
            "HTTP://X.ORG",
            "mailto:a@b.c",
            "tel:+86-514",
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "java&#115;cript:x",
            "data:text/html,x",
            "vbscript:x",
            "ftp://x.org/",
            "//example.com/x",
            "/root/path",
            "../../files/a.pdf",
            "missing.pdf",
            "a.png",
            "#part",
            "#gk-u-part",
            "#",
            "<a b.pdf>",
            "a%20b",
            "'q'",
            "x&amp;y",
            "http://x:99999/",
            "http://[x]/",
            ":x",
            "http:",
            "<>",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z:/#?&.%]{0,12}",
    ]
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "文字", "a", "word", " ", "  ", "\"", "'", "<", ">", "&", "&amp;", "&nbsp;",
            "&#160;", "&quot;", "&#39;", "&lt;b&gt;", "&#13;", "&#0;", "&bogus;", "\u{a0}", "\0",
            "𠀀𝄞", "\\*", "\\|", "|", "*", "_", "~", "`", "[", "]", "!", "#", "-", "1.", "\r",
            "\r\n", "\n", "  \n", "\\\n", "$x$", "<b>", "</i>", "<!-- c -->", "&#x1F600;",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,4}",
    ]
}

fn inline() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        6 => word(),
        1 => (url(), word()).prop_map(|(u, t)| format!("<{u}>{t}")),
        1 => prop::sample::select(vec!["[^1]", "[^note]", "[^gk-u-x]", "[^none]"]).prop_map(str::to_owned),
    ];
    let leaves = prop::collection::vec(leaf, 0..5).prop_map(|w| w.concat());
    leaves.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|w| w.concat()),
            inner.clone().prop_map(|t| format!("*{t}*")),
            inner.clone().prop_map(|t| format!("**{t}**")),
            inner.clone().prop_map(|t| format!("~~{t}~~")),
            inner.clone().prop_map(|t| format!("`{t}`")),
            (inner.clone(), url(), word()).prop_map(|(t, u, ti)| format!("[{t}]({u} \"{ti}\")")),
            (inner.clone(), url()).prop_map(|(t, u)| format!("[{t}]({u})")),
            (inner.clone(), url()).prop_map(|(t, u)| format!("![{t}]({u})")),
            inner.prop_map(|t| format!("[{t}][r]")),
        ]
    })
}

/// A block without blocks inside.
fn leaf_block() -> impl Strategy<Value = String> {
    let aligns = vec!["|---|---|", "|:--|--:|", "|:-:|---|", "---|---"];
    prop_oneof![
        4 => inline(),
        1 => (1..=7usize, inline()).prop_map(|(n, t)| format!("{} {t}", "#".repeat(n))),
        1 => inline().prop_map(|t| format!("{t}\n===")),
        1 => (prop::sample::select(vec!["", "rust", "a b", "<x>"]), word())
            .prop_map(|(l, t)| format!("```{l}\n{t}\n<b>&\n```")),
        1 => word().prop_map(|t| format!("    {t}\n    x")),
        1 => (prop::sample::select(aligns), inline(), inline())
            .prop_map(|(a, x, y)| format!("| {x} | h |\n{a}\n| {y} | |\n| a \\| b |")),
        1 => prop::sample::select(vec!["---", "***", "___"]).prop_map(str::to_owned),
        1 => (url(), word()).prop_map(|(u, t)| format!("[r]: {u} \"{t}\"")),
    ]
}

/// `text` with every line but the first indented by `width` spaces.
fn indented(text: &str, width: usize) -> String {
    text.replace('\n', &format!("\n{}", " ".repeat(width)))
}

/// A block: a leaf, or list items, quotes and footnotes holding blocks.
fn block() -> impl Strategy<Value = String> {
    leaf_block().prop_recursive(3, 24, 3, |inner| {
        let blocks = prop::collection::vec(inner, 1..3).prop_map(|b| b.join("\n\n"));
        prop_oneof![
            (
                prop::sample::select(vec!["- ", "* ", "1. ", "3) ", "0. "]),
                blocks.clone(),
                1..3usize
            )
                .prop_map(|(m, b, n)| {
                    let item = format!("{m}{}", indented(&b, m.len()));
                    vec![item; n].join("\n")
                }),
            blocks.clone().prop_map(|b| format!("> {}", b.replace('\n', "\n> "))),
            (prop::sample::select(vec!["1", "note", "gk-u-x", "unused"]), blocks)
                .prop_map(|(n, b)| format!("[^{n}]: {}", indented(&b, 4))),
        ]
    })
}

fn body() -> impl Strategy<Value = String> {
    let separator = prop::sample::select(vec!["\n\n", "\n", "\r\n\r\n", "\n\n  "]);
    prop::collection::vec((block(), separator), 0..6)
        .prop_map(|blocks| blocks.into_iter().map(|(b, s)| b + s).collect())
}

#[test]
fn random_markdown() {
    let config = Config { cases: 5000, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let taken = std::cell::Cell::new(0);
    let plain = std::cell::Cell::new(0);
    let result = runner.run(&(body(), 0..LINKS.len()), |(body, i)| {
        let slow = sanitised(&body, LINKS[i]);
        if raw_html_offset(&body).is_none() {
            plain.set(plain.get() + 1);
        }
        if let Some(quick) = fast(&body, LINKS[i]) {
            taken.set(taken.get() + 1);
            if quick != slow {
                return Err(TestCaseError::fail(format!(
                    "{body:?}\nfast: {quick:?}\nslow: {slow:?}"
                )));
            }
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    // Most bodies without raw HTML must go the fast way, or this tests little.
    assert!(taken.get() * 10 > plain.get() * 7, "{} of {} plain bodies", taken.get(), plain.get());
}

/// One parse for a record page's HTML and the search's words gives what the two
/// parses gave, on either path (and when the fast writer gives up half-way).
#[test]
fn html_and_text_from_one_parse() {
    let bodies = repository_bodies().into_iter().map(|(_, body)| body);
    let cases = CASES.iter().map(|(body, _)| body.to_string());
    let mut slow = 0;
    for body in bodies.chain(cases) {
        for link in LINKS {
            let (html, text) = to_html_and_text(&body, link);
            assert_eq!(html, to_html(&body, link), "{body:?}");
            assert_eq!(text, plain_text(&body), "{body:?}");
            slow += usize::from(fast(&body, link).is_none());
        }
    }
    assert!(slow > 10, "the slow path was taken {slow} times");
}
