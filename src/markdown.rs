//! Record bodies in Markdown: the only module that uses pulldown-cmark.
//!
//! [`to_html`] renders a body for the site and sanitises the result with ammonia: raw
//! HTML in records is allowed (`check` warns about it) but never reaches a page with a
//! script, an event handler, a `javascript:`/`data:` URL, a frame, a form or a `style`
//! attribute (SPEC §5). Bodies without raw HTML skip ammonia's parsing and get the same
//! bytes from [`fast_html`]. [`plain_text`] extracts the words, for summaries and search.

use std::borrow::Cow;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

#[cfg(test)]
mod differential;
mod fast_html;

/// The Markdown extensions records may use (tables, strikethrough, footnotes).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// The byte offset of the first raw HTML in `body`, if any (it is allowed, but sanitised
/// on output, so `check` warns about it).
pub(crate) fn raw_html_offset(body: &str) -> Option<usize> {
    // Raw HTML, block or inline, always starts with `<`: most bodies have none, and a
    // memchr is far cheaper than parsing them (14% of `check`'s instructions, #7).
    if !has_byte(body, b'<') {
        return None;
    }
    Parser::new_ext(body, options()).into_offset_iter().find_map(|(event, range)| match event {
        Event::Html(_) | Event::InlineHtml(_) => Some(range.start),
        _ => None,
    })
}

/// Whether `text` holds the ASCII byte `byte`: the `memchr` crate's search (16 or 32
/// bytes a step with SSE2 / AVX2) where `str::contains` goes a word at a time, over
/// every body up to three times (#7).
pub(crate) fn has_byte(text: &str, byte: u8) -> bool {
    memchr::memchr(byte, text.as_bytes()).is_some()
}

/// Prefix of every `id` that comes from a record body, so that it cannot clash with the
/// theme's own ids (which start with `gk-` and never with this).
const BODY_ID_PREFIX: &str = "gk-u-";

/// Renders `body` to sanitised HTML. `link` maps every relative link and image source
/// of the Markdown (`../../files/a.pdf`) to its place on the site, or to `None` when
/// it leads nowhere on the site: the link is then dropped and its text kept.
///
/// Bodies without raw HTML, nearly all, are written by [`fast_html`] as [`sanitised`]
/// would render them; the others, and the few constructs it leaves, by [`sanitised`].
pub(crate) fn to_html(body: &str, link: &dyn Fn(&str) -> Option<String>) -> String {
    fast(body, link).unwrap_or_else(|| sanitised(body, link))
}

/// [`to_html`] and [`plain_text`] of `body` from one parse: a record page renders the
/// body and hands its words to the search index, which parsed every body a second time
/// (7% of a build's instructions, #7).
pub(crate) fn to_html_and_text(
    body: &str,
    link: &dyn Fn(&str) -> Option<String>,
) -> (String, String) {
    let mut text = Collapsed::with_capacity(body.len());
    let fast = if has_byte(body, 0) {
        None
    } else {
        fast_html::render(events(body, link).inspect(|e| text.take(e)), body.len())
    };
    if let Some(html) = fast {
        return (html, text.out);
    }
    // The fast writer may have given up half-way: the words again, from the start.
    let mut text = Collapsed::with_capacity(body.len());
    let html = sanitise(events(body, link).inspect(|e| text.take(e)), body.len());
    (html, text.out)
}

/// `body` by [`fast_html`], the same bytes as [`sanitised`], or `None` when the body
/// needs the sanitiser. A NUL byte (no real record has one) beside CRs and `&#13;` is
/// read by html5ever in ways not worth copying (the random differential test found
/// one): bodies with a NUL go ammonia's way.
fn fast(body: &str, link: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if has_byte(body, 0) {
        return None;
    }
    fast_html::render(events(body, link), body.len())
}

/// `body` rendered by pulldown-cmark, then sanitised by ammonia: the reference that
/// [`fast_html`] must match, and the renderer of raw HTML.
fn sanitised(body: &str, link: &dyn Fn(&str) -> Option<String>) -> String {
    sanitise(events(body, link), body.len())
}

/// The events of a body of `len` bytes as HTML by pulldown-cmark, sanitised by ammonia.
fn sanitise<'a>(events: impl Iterator<Item = Event<'a>>, len: usize) -> String {
    let mut html = String::with_capacity(len * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitizer().clean(&html).to_string()
}

/// The events of `body`, its links and images mapped by [`rewrite`] (or dropped, their
/// text kept).
fn events<'a>(
    body: &'a str,
    link: &'a dyn Fn(&str) -> Option<String>,
) -> impl Iterator<Item = Event<'a>> {
    let mut dropped: Vec<bool> = Vec::new();
    Parser::new_ext(body, options()).filter_map(move |event| match event {
        // An e-mail autolink (`<a@b.cn>`) is written without its `mailto:`, which
        // pulldown-cmark adds on output: it is not a path on the site.
        Event::Start(Tag::Link { link_type: LinkType::Email, dest_url, title, id }) => {
            dropped.push(false);
            Some(Event::Start(Tag::Link { link_type: LinkType::Email, dest_url, title, id }))
        }
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest = rewrite(&dest_url, link, false);
            dropped.push(dest.is_none());
            dest.map(|dest_url| Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let dest = rewrite(&dest_url, link, true);
            dropped.push(dest.is_none());
            dest.map(|dest_url| Event::Start(Tag::Image { link_type, dest_url, title, id }))
        }
        Event::End(TagEnd::Link | TagEnd::Image) => {
            if dropped.pop().unwrap_or(false) {
                None
            } else {
                Some(event)
            }
        }
        other => Some(other),
    })
}

/// The new target of a Markdown link or image, `None` to drop it. Relative targets go
/// through `link`; images must be on the site (no request to another host).
fn rewrite<'a>(
    dest: &CowStr<'a>,
    link: &dyn Fn(&str) -> Option<String>,
    image: bool,
) -> Option<CowStr<'a>> {
    if dest.starts_with('#') {
        return Some(dest.clone());
    }
    if is_relative(dest) {
        return link(dest).map(CowStr::from);
    }
    if image { None } else { Some(dest.clone()) }
}

/// A relative reference (`a/b.pdf`, `../x`): no scheme, not rooted, not protocol-relative.
fn is_relative(url: &str) -> bool {
    let before_path = url.split(['/', '?', '#']).next().unwrap_or("");
    !url.starts_with('/') && !before_path.contains(':')
}

/// The one sanitiser of the run: ammonia's defaults made stricter for HTML5 and the site.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        // Obsolete in HTML5 (the validator rejects them) or image maps we do not need.
        builder.rm_tags(["acronym", "center", "strike", "tt", "map", "area"]);
        builder.tag_attributes(
            [
                ("a", &["href", "hreflang"][..]),
                ("img", &["alt", "src", "width", "height"]),
                ("ol", &["start"]),
                ("td", &["colspan", "rowspan", "headers"]),
                ("th", &["colspan", "rowspan", "headers", "scope"]),
                ("blockquote", &["cite"]),
                ("q", &["cite"]),
                ("del", &["cite", "datetime"]),
                ("ins", &["cite", "datetime"]),
                ("time", &["datetime"]),
            ]
            .into_iter()
            .map(|(tag, attrs)| (tag, attrs.iter().copied().collect()))
            .collect(),
        );
        builder.add_generic_attributes(["id"]);
        // No `rel` on links: a dropped `href` would leave `<a rel>`, which HTML forbids;
        // links never open new windows, so `noopener` has nothing to guard.
        builder.link_rel(None);
        builder.id_prefix(Some(BODY_ID_PREFIX));
        builder.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
        // Markdown tables only have column headers.
        builder.set_tag_attribute_value("th", "scope", "col");
        builder.attribute_filter(|element, attribute, value| match (element, attribute) {
            // Fragment links follow the prefixed ids (footnotes).
            (_, "href") if value.starts_with('#') && !value.starts_with("#gk-u-") => {
                Some(Cow::Owned(format!("#{BODY_ID_PREFIX}{}", &value[1..])))
            }
            // Raw `<img>` may not load from another host: the site works offline.
            ("img", "src") if !is_relative(value) => None,
            _ => Some(Cow::Borrowed(value)),
        });
        builder
    })
}

/// The words of a body without markup, whitespace collapsed (for summaries and search).
pub(crate) fn plain_text(body: &str) -> String {
    let mut text = Collapsed::with_capacity(body.len());
    for event in Parser::new_ext(body, options()) {
        text.take(&event);
    }
    text.out
}

/// Text with every run of whitespace made one space and none at either end: what
/// `split_whitespace().collect::<Vec<_>>().join(" ")` gives, built as the pieces come
/// instead (that line was 2.6% of a build's instructions, #7).
struct Collapsed {
    out: String,
    /// Whitespace was seen since the last word: a space goes before the next one.
    space: bool,
}

impl Collapsed {
    fn with_capacity(bytes: usize) -> Collapsed {
        Collapsed { out: String::with_capacity(bytes), space: false }
    }

    fn space(&mut self) {
        self.space = true;
    }

    /// Adds what an event of a body shows as words: its text, and a space where a
    /// block or a line ends. (Dropping a link's start and end, as [`events`] does, so
    /// changes nothing here.)
    fn take(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(t) | Event::Code(t) => self.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => self.space(),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => self.space(),
            _ => {}
        }
    }

    fn push_str(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        let mut word_start = 0;
        let mut i = 0;
        while i < bytes.len() {
            // `i` is always at the start of a character: a Han character is one step.
            let skip = SKIP[usize::from(bytes[i])];
            if skip != 0 {
                i += usize::from(skip);
                continue;
            }
            let width = whitespace_at(bytes, i);
            if width == 0 {
                i += 1;
                continue;
            }
            self.word(&piece[word_start..i]);
            self.space = true;
            i += width;
            word_start = i;
        }
        self.word(&piece[word_start..]);
    }

    fn word(&mut self, word: &str) {
        if word.is_empty() {
            return;
        }
        if self.space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.space = false;
        self.out.push_str(word);
    }
}

/// For each byte that starts a character: 0 when the character may be whitespace
/// (`char::is_whitespace`: ASCII whitespace, and the lead bytes of U+0085, U+00A0,
/// U+1680, U+2000–U+205F and U+3000), else the character's length in UTF-8, so Han
/// text and most punctuation go a character per look-up.
const SKIP: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b {
            0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3 => 0,
            0xF0..=0xFF => 4,
            0xE0..=0xEF => 3,
            0xC0..=0xDF => 2,
            _ => 1,
        };
        b += 1;
    }
    table
};

/// The length of the whitespace character at `bytes[i]`, or 0: `char::is_whitespace`
/// on the UTF-8 bytes, without decoding (U+3001 、 and U+201C “ share lead bytes with
/// whitespace and are in every Chinese paragraph).
fn whitespace_at(bytes: &[u8], i: usize) -> usize {
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        0x09..=0x0D | 0x20 => 1,
        0xC2 if matches!(next(1), 0x85 | 0xA0) => 2,
        0xE1 if (next(1), next(2)) == (0x9A, 0x80) => 3,
        0xE2 => match (next(1), next(2)) {
            (0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0x81, 0x9F) => 3,
            _ => 0,
        },
        0xE3 if (next(1), next(2)) == (0x80, 0x80) => 3,
        _ => 0,
    }
}

/// The first `chars` characters of `text`, with `…` when cut.
pub(crate) fn excerpt(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn collapsing_as_pieces_come_is_split_and_join(
            pieces in proptest::collection::vec(
                "[a-z资金。 \t\n\r\x0b\x0c\u{1c}\u{84}\u{85}\u{a0}\u{a1}\u{1680}\u{1681}\u{2000}\u{200a}\u{200b}\u{2028}\u{2029}\u{202a}\u{202f}\u{205e}\u{205f}\u{3000}\u{3001}“]{0,12}",
                0..6,
            ),
            breaks in proptest::collection::vec(any::<bool>(), 6),
        ) {
            let mut text = Collapsed::with_capacity(0);
            let mut joined = String::new();
            for (piece, space) in pieces.iter().zip(&breaks) {
                text.push_str(piece);
                joined.push_str(piece);
                if *space {
                    text.space();
                    joined.push(' ');
                }
            }
            let want = joined.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(text.out, want);
        }
    }

    #[test]
    fn whitespace_bytes_match_char_is_whitespace_for_every_character() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let want = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(whitespace_at(bytes, 0), want, "U+{:04X}", c as u32);
            assert!(want == 0 || SKIP[usize::from(bytes[0])] == 0, "U+{:04X}", c as u32);
            let skip = usize::from(SKIP[usize::from(bytes[0])]);
            assert!(skip == 0 || skip == c.len_utf8(), "U+{:04X}", c as u32);
        }
    }

    fn keep(url: &str) -> Option<String> {
        Some(format!("../{url}"))
    }

    #[test]
    fn finds_raw_html_block_and_inline() {
        assert_eq!(raw_html_offset("# 标题\n\n正文"), None);
        assert_eq!(raw_html_offset("正文\n\n<div>x</div>\n"), Some(8));
        assert_eq!(raw_html_offset("a <b>x</b>"), Some(2));
        assert_eq!(raw_html_offset("`<b>` in code"), None);
        assert_eq!(raw_html_offset("a &lt;b&gt; &#60;i&#62;"), None);
        assert_eq!(raw_html_offset("<http://example.com> 链接"), None);
    }

    #[test]
    fn email_autolinks_are_mail_links() {
        let html = to_html("监督邮箱 <gk@example.gov.cn>", &keep);
        assert!(
            html.contains("<a href=\"mailto:gk@example.gov.cn\">gk@example.gov.cn</a>"),
            "{html}"
        );
        let html = to_html("监督邮箱 <gk@example.gov.cn>", &|_| None);
        assert!(html.contains("href=\"mailto:gk@example.gov.cn\""), "{html}");
    }

    #[test]
    fn tables_render_with_column_headers() {
        let html = to_html("| 项目 | 金额 |\n|:---|---:|\n| 道路 | 100 |\n", &keep);
        assert!(html.contains("<th scope=\"col\">项目</th>"), "{html}");
        assert!(html.contains("<td>100</td>"), "{html}");
        assert!(!html.contains("style"), "{html}");
    }

    #[test]
    fn scripts_handlers_and_bad_urls_are_removed() {
        let body = "<script>alert(1)</script>\n\n<p onclick=\"x()\" style=\"color:red\">a</p>\n\n\
            [j](javascript:alert(1)) <a href=\"JaVaScRiPt:x\">b</a> <iframe src=\"https://e.com\"></iframe>\n\n\
            <form action=\"/x\"><input name=q></form> <img src=\"data:image/png;base64,AAAA\" alt=\"d\">\
            <img src=\"https://cdn.example.com/x.png\" alt=\"e\">\n\n![f](https://cdn.example.com/y.png)";
        let html = to_html(body, &keep);
        for bad in [
            "<script",
            "alert",
            "onclick",
            "style",
            "javascript",
            "JaVaScRiPt",
            "<iframe",
            "<form",
            "<input",
            "data:",
            "cdn.example.com",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains(">a</p>"), "{html}");
    }

    #[test]
    fn relative_links_are_mapped_and_unknown_ones_dropped() {
        let link =
            |url: &str| (url == "../../files/a.pdf").then(|| "../../../files/a.pdf".to_owned());
        let html = to_html(
            "[附件](../../files/a.pdf) [别处](../other.md) [站外](https://www.gov.cn/)",
            &link,
        );
        assert!(html.contains("<a href=\"../../../files/a.pdf\">附件</a>"), "{html}");
        assert!(html.contains(" 别处 "), "{html}");
        assert!(html.contains("href=\"https://www.gov.cn/\""), "{html}");
    }

    #[test]
    fn footnote_ids_and_links_agree() {
        let html = to_html("正文[^1]\n\n[^1]: 注释\n", &keep);
        assert!(html.contains("href=\"#gk-u-1\""), "{html}");
        assert!(html.contains("id=\"gk-u-1\""), "{html}");
    }

    #[test]
    fn plain_text_and_excerpts() {
        assert_eq!(
            plain_text("# 标题\n\n正文**加粗**。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
            "标题 正文加粗。 a b 1 2"
        );
        assert_eq!(excerpt("一二三四五", 3), "一二三…");
        assert_eq!(excerpt("一二三", 3), "一二三");
    }
}
