//! What `gongkai serve` adds to the site: the live-reload script tag put into every HTML
//! page it serves, the page shown while the repository has errors, and the two small
//! files both use. Nothing here is ever written to a build's output.

use crate::i18n::Lang;

/// Where the live-reload script is served (`/__gongkai/` cannot clash with the site:
/// unit folders are slugs, which do not start with `_`).
pub(super) const SCRIPT_PATH: &str = "/__gongkai/livereload.js";
/// The error page's style sheet (a file: the page's CSP allows no inline style).
pub(super) const STYLE_PATH: &str = "/__gongkai/serve.css";
/// The build counter the script polls.
pub(super) const VERSION_PATH: &str = "/__gongkai/version";

pub(super) const SCRIPT: &str = include_str!("assets/livereload.js");
pub(super) const STYLE: &str = include_str!("assets/serve.css");

/// The `<script>` tag, carrying the build counter the page was served with, so a rebuild
/// that lands between serving the page and the script's first poll is not missed.
pub(super) fn script_tag(version: u64) -> String {
    format!(r#"<script src="{SCRIPT_PATH}" data-version="{version}" defer></script>"#)
}

/// Puts the script tag before the last `</body>` (or at the end when there is none).
pub(super) fn inject(html: &str, version: u64) -> String {
    let tag = script_tag(version);
    match find_ascii_ci(html, "</body>") {
        Some(at) => format!("{}{tag}\n{}", &html[..at], &html[at..]),
        None => format!("{html}\n{tag}\n"),
    }
}

/// The byte offset of the last ASCII-case-insensitive occurrence of `needle`.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).rev().find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The page shown for every request while the repository does not build: `report` is the
/// diagnostics as `check` prints them (plain text; escaped here).
pub(super) fn error_page(lang: Lang, report: &str, version: u64) -> String {
    let title = lang.pick("网站未能生成", "The site could not be built");
    let advice = lang.pick(
        "请按下面的提示改正文件并保存；改好后本页会自动刷新。",
        "Fix the files as shown below and save them; this page reloads by itself when the site builds again.",
    );
    format!(
        r#"<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'">
<title>gongkai serve: {title}</title>
<link rel="stylesheet" href="{STYLE_PATH}">
</head>
<body>
<main>
<h1>{title}</h1>
<p>{advice}</p>
<pre>{report}</pre>
</main>
{script}
</body>
</html>
"#,
        html_lang = lang.pick("zh-CN", "en"),
        report = escape(report.trim_end()),
        script = script_tag(version),
    )
}

/// Escapes text for HTML element content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        let html = "<html><body><p>x</p></BODY></html>";
        let out = inject(html, 7);
        assert!(out.starts_with("<html><body><p>x</p><script src=\"/__gongkai/livereload.js\""));
        assert!(out.contains("data-version=\"7\""));
        assert!(out.ends_with("</BODY></html>"));
        assert!(inject("no body", 1).contains("livereload.js"));
    }

    #[test]
    fn the_error_page_escapes_the_report() {
        let page = error_page(Lang::En, "units/a.md:1:1: <script>alert(1)</script> & 'x'", 3);
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39;"));
        assert!(!page.contains("<script>alert"));
        assert!(page.contains(&script_tag(3)));
    }
}
