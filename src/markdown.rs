//! Record bodies in Markdown: the only module that uses pulldown-cmark.

use pulldown_cmark::{Event, Options, Parser};

/// The Markdown extensions records may use (tables, strikethrough, footnotes).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// The byte offset of the first raw HTML in `body`, if any (it is allowed, but sanitised
/// on output, so `check` warns about it).
pub(crate) fn raw_html_offset(body: &str) -> Option<usize> {
    // Raw HTML, block or inline, always starts with `<`: most bodies have none, and a
    // memchr is far cheaper than parsing them (14% of `check`'s instructions, #7).
    if !body.contains('<') {
        return None;
    }
    Parser::new_ext(body, options()).into_offset_iter().find_map(|(event, range)| match event {
        Event::Html(_) | Event::InlineHtml(_) => Some(range.start),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_raw_html_block_and_inline() {
        assert_eq!(raw_html_offset("# 标题\n\n正文"), None);
        assert_eq!(raw_html_offset("正文\n\n<div>x</div>\n"), Some(8));
        assert_eq!(raw_html_offset("a <b>x</b>"), Some(2));
        assert_eq!(raw_html_offset("`<b>` in code"), None);
        assert_eq!(raw_html_offset("a &lt;b&gt; &#60;i&#62;"), None);
        assert_eq!(raw_html_offset("<http://example.com> 链接"), None);
    }
}
