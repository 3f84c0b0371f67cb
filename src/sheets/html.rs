//! The HTML sheet (`--format html`): the same board as a print-ready page, for units that
//! print from a browser.
//!
//! This module owns the page's context (the [`Board`] as `board`, each record's QR code
//! as inline SVG in `qr_svg`, the paper) and its Content-Security-Policy. The layout is
//! the theme's `sheets/board.html` (Tera), with `@page` sized for A3 or A4. The page
//! loads nothing: styles are inline, QR codes are inline SVG, and the policy added here
//! allows exactly the page's own `<style>` blocks (by SHA-256 hash), no scripts, no
//! requests, whatever a repository's template says.

use anyhow::{Context as _, bail};
use base64::Engine as _;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::theme::{SHEET_HTML, Theme};

use super::data::Board;
use super::pdf::Paper;
use super::qr;

/// The sheet as an HTML document. `name` names the sheet in error messages.
pub(crate) fn render(
    theme: &Theme,
    board: &Board,
    paper: Paper,
    name: &str,
) -> anyhow::Result<String> {
    let mut value = json!({ "board": board });
    for class in value["board"]["classes"].as_array_mut().into_iter().flatten() {
        for record in class["records"].as_array_mut().into_iter().flatten() {
            let svg = match record.get("url").and_then(Value::as_str) {
                Some(url) => {
                    Some(qr::svg_for(url).with_context(|| format!("cannot draw sheet `{name}`"))?)
                }
                None => None,
            };
            record["qr_svg"] = json!(svg);
        }
    }
    value["paper"] = json!(match paper {
        Paper::A3 => "A3",
        Paper::A4 => "A4",
    });
    value["internal"] = json!(board.audience == super::data::Audience::Internal);
    let context = tera::Context::from_serialize(&value)
        .map_err(|e| anyhow::anyhow!("cannot build the context of sheet `{name}` ({e})"))?;
    let html = String::from_utf8(theme.render(SHEET_HTML, &context, name)?)
        .with_context(|| format!("sheet `{name}` rendered to text that is not UTF-8"))?;
    with_csp(&html).with_context(|| format!("cannot finish sheet `{name}`"))
}

/// Inserts the Content-Security-Policy at the top of `<head>` (after `<meta charset>`
/// when the template has one), allowing the page's inline styles by hash and nothing else.
fn with_csp(html: &str) -> anyhow::Result<String> {
    let Some(head) = find_tag(html, "<head") else {
        bail!("the template `{SHEET_HTML}` has no `<head>` element");
    };
    let charset = html.to_ascii_lowercase()[head..].find("<meta charset").map(|i| head + i);
    let Some(end) =
        html[charset.unwrap_or(head)..].find('>').map(|i| charset.unwrap_or(head) + i + 1)
    else {
        bail!("the template `{SHEET_HTML}` has an unclosed `<head>` tag");
    };
    let hashes: Vec<String> = styles(html)
        .map(|css| {
            let digest = Sha256::digest(css.as_bytes());
            format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
        })
        .collect();
    let style_src = if hashes.is_empty() { "'none'".to_owned() } else { hashes.join(" ") };
    let policy = format!(
        "default-src 'none'; style-src {style_src}; img-src data:; base-uri 'none'; form-action 'none'"
    );
    let meta = format!("\n<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">");
    Ok(format!("{}{meta}{}", &html[..end], &html[end..]))
}

/// The byte offset of the first `tag` (e.g. `<head`) followed by `>` or whitespace,
/// ignoring ASCII case.
fn find_tag(html: &str, tag: &str) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(tag).map(|i| from + i) {
        let after = lower.as_bytes().get(i + tag.len());
        if after.is_some_and(|b| *b == b'>' || b.is_ascii_whitespace()) {
            return Some(i);
        }
        from = i + tag.len();
    }
    None
}

/// The contents of every `<style>` element, exactly as the browser hashes them.
fn styles(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        let open = find_tag(rest, "<style")?;
        let body = open + rest[open..].find('>')? + 1;
        let close = rest[body..].to_ascii_lowercase().find("</style")? + body;
        let css = &rest[body..close];
        rest = &rest[close..];
        Some(css)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_hashes_each_style_block() {
        let html = "<!DOCTYPE html><html><HEAD><style>a{}</style><style media=\"print\">b{}</style></head></html>";
        let Ok(out) = with_csp(html) else { panic!("csp") };
        let digest = |css: &str| {
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(css.as_bytes()))
        };
        assert!(out.starts_with(
            "<!DOCTYPE html><html><HEAD>\n<meta http-equiv=\"Content-Security-Policy\""
        ));
        assert!(
            out.contains(&format!(
                "style-src 'sha256-{}' 'sha256-{}';",
                digest("a{}"),
                digest("b{}")
            )),
            "{out}"
        );
        assert!(out.contains("default-src 'none'"));
    }

    #[test]
    fn the_policy_follows_the_charset() {
        let Ok(out) = with_csp("<html><head>\n<meta charset=\"utf-8\">\n<title>x</title>") else {
            panic!("csp")
        };
        assert!(
            out.starts_with("<html><head>\n<meta charset=\"utf-8\">\n<meta http-equiv="),
            "{out}"
        );
    }

    #[test]
    fn a_page_without_head_is_refused() {
        assert!(with_csp("<html><body></body></html>").is_err());
        assert!(with_csp("<html><header></header></html>").is_err());
    }
}
