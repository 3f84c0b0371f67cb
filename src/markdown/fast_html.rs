//! The fast path of [`super::to_html`] (#7): a body without raw HTML rendered straight to
//! the bytes that the slow path, [`super::sanitised`] (pulldown-cmark's `push_html`, then
//! ammonia's parse, clean and serialise), gives for it, at a fraction of the cost.
//!
//! Without raw HTML every tag is pulldown-cmark's, well nested, so what ammonia does to
//! them follows from the events alone. [`render`] does it while writing:
//!
//! - markup as html5ever serialises it: void elements without ` /` (`<br>`, `<hr>`,
//!   `<img …>`); text escapes `&`, `<`, `>` and U+00A0 (`&nbsp;`), not quotes; attribute
//!   values escape `&`, `"`, `<`, `>` and U+00A0; as HTML parsing does, CR LF and CR
//!   become LF, and a NUL is dropped from text and becomes U+FFFD in attribute values;
//!   every newline of `push_html` is kept;
//! - `class` and `style` are dropped (footnotes, code block languages, table alignment),
//!   `th` gets `scope="col"`, ids are prefixed with [`super::BODY_ID_PREFIX`] and
//!   fragment links follow them;
//! - a link whose URL ammonia refuses (by the `url` crate: unparsable, or a scheme other
//!   than http, https, mailto and tel) keeps its text and `title` but loses `href`.
//!
//! [`render`] gives `None`, and the caller takes the slow path, for: raw HTML (even in an
//! image's alt text); a link in a link's text (an autolink: the HTML parser closes the
//! outer `<a>` there); an image `src` that ammonia would remove (never on the site, as
//! images leading off it are dropped before); events of extensions that
//! [`super::options`] does not enable.
//!
//! The newlines follow pulldown-cmark 0.13's `HtmlWriter`. The tests in
//! `super::differential` hold both paths equal on every body of the repository, on the
//! benchmark generator's and on random Markdown, so an upgrade of pulldown-cmark, ammonia
//! or html5ever that changes either side fails them.

use std::collections::HashMap;

use ammonia::Url;
use ammonia::url::ParseError;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::{BODY_ID_PREFIX, is_relative};

/// A body's events (links already mapped, as for the slow path) as sanitised HTML, or
/// `None` when the slow path must render them.
pub(super) fn render<'a>(events: impl Iterator<Item = Event<'a>>, len: usize) -> Option<String> {
    let mut writer = Writer {
        out: String::with_capacity(len + len / 2),
        end_newline: true,
        in_head: false,
        in_link: false,
        numbers: HashMap::new(),
    };
    writer.run(events)?;
    if super::has_byte(&writer.out, b'\r') {
        // The HTML parser reads CR LF and a lone CR as LF. A CR can only come from text or
        // an attribute value, with the characters of `push_html`'s output around it, so
        // normalising this output is normalising the parser's input.
        return Some(writer.out.replace("\r\n", "\n").replace('\r', "\n"));
    }
    Some(writer.out)
}

/// pulldown-cmark's `HtmlWriter`, restricted to the events of [`super::options`], with
/// ammonia's changes made on the way.
struct Writer<'a> {
    out: String,
    /// Whether the output ends with a newline (`push_html` adds one before blocks if not).
    end_newline: bool,
    /// Inside a table's head row: its cells are `th`.
    in_head: bool,
    /// Inside an `<a>`, where another `<a>` would be re-nested by the parser.
    in_link: bool,
    /// Footnote numbers, by label, in order of first mention (reference or definition).
    numbers: HashMap<CowStr<'a>, usize>,
}

impl<'a> Writer<'a> {
    fn run(&mut self, mut events: impl Iterator<Item = Event<'a>>) -> Option<()> {
        while let Some(event) = events.next() {
            match event {
                Event::Start(Tag::Image { dest_url, title, .. }) => {
                    self.image(&dest_url, &title, &mut events)?
                }
                Event::Start(tag) => self.start(tag)?,
                Event::End(tag) => self.end(tag)?,
                Event::Text(text) => {
                    text_escaped(&mut self.out, &text);
                    self.end_newline = text.ends_with('\n');
                }
                Event::Code(text) => {
                    self.out.push_str("<code>");
                    text_escaped(&mut self.out, &text);
                    self.write("</code>");
                }
                Event::SoftBreak => self.write("\n"),
                Event::HardBreak => self.write("<br>\n"),
                Event::Rule => self.block("<hr>\n"),
                Event::FootnoteReference(name) => {
                    self.out.push_str("<sup>");
                    self.link(format!("#{name}"), "")?;
                    let number = self.number(name);
                    self.out.push_str(&number.to_string());
                    self.write("</a></sup>");
                    self.in_link = false;
                }
                Event::Html(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
                | Event::TaskListMarker(_) => return None,
            }
        }
        Some(())
    }

    fn start(&mut self, tag: Tag<'a>) -> Option<()> {
        match tag {
            Tag::Paragraph => self.block("<p>"),
            Tag::Heading { level, id: None, classes, attrs }
                if classes.is_empty() && attrs.is_empty() =>
            {
                self.block(&format!("<{level}>"))
            }
            Tag::BlockQuote(None) => self.block("<blockquote>\n"),
            // The language class is dropped.
            Tag::CodeBlock(CodeBlockKind::Fenced(_) | CodeBlockKind::Indented) => {
                self.block("<pre><code>")
            }
            Tag::List(Some(1)) => self.block("<ol>\n"),
            Tag::List(Some(start)) => self.block(&format!("<ol start=\"{start}\">\n")),
            Tag::List(None) => self.block("<ul>\n"),
            Tag::Item => self.block("<li>"),
            Tag::FootnoteDefinition(name) => {
                self.block("<div id=\"");
                let id = if name.starts_with(BODY_ID_PREFIX) {
                    name.to_string()
                } else {
                    format!("{BODY_ID_PREFIX}{name}")
                };
                attribute_escaped(&mut self.out, &id);
                self.out.push_str("\"><sup>");
                let number = self.number(name);
                self.out.push_str(&number.to_string());
                self.write("</sup>");
            }
            // Alignments are `style` attributes, which are dropped.
            Tag::Table(_) => self.write("<table>"),
            Tag::TableHead => {
                self.in_head = true;
                self.write("<thead><tr>");
            }
            Tag::TableRow => self.write("<tr>"),
            Tag::TableCell if self.in_head => self.write("<th scope=\"col\">"),
            Tag::TableCell => self.write("<td>"),
            Tag::Emphasis => self.write("<em>"),
            Tag::Strong => self.write("<strong>"),
            Tag::Strikethrough => self.write("<del>"),
            Tag::Link { link_type, dest_url, title, .. } => {
                let mut href = String::new();
                if link_type == LinkType::Email {
                    href.push_str("mailto:");
                }
                href_escaped(&mut href, &dest_url);
                self.link(href, &title)?;
            }
            // Images are written by `image`; the rest needs options that are not enabled.
            Tag::Image { .. }
            | Tag::Heading { .. }
            | Tag::BlockQuote(Some(_))
            | Tag::HtmlBlock
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => return None,
        }
        Some(())
    }

    fn end(&mut self, tag: TagEnd) -> Option<()> {
        let html = match tag {
            TagEnd::Paragraph => "</p>\n",
            TagEnd::Heading(level) => {
                self.write(&format!("</{level}>\n"));
                return Some(());
            }
            TagEnd::BlockQuote(None) => "</blockquote>\n",
            TagEnd::CodeBlock => "</code></pre>\n",
            TagEnd::List(true) => "</ol>\n",
            TagEnd::List(false) => "</ul>\n",
            TagEnd::Item => "</li>\n",
            TagEnd::FootnoteDefinition => "</div>\n",
            TagEnd::Table => "</tbody></table>\n",
            TagEnd::TableHead => {
                self.in_head = false;
                "</tr></thead><tbody>\n"
            }
            TagEnd::TableRow => "</tr>\n",
            TagEnd::TableCell if self.in_head => "</th>",
            TagEnd::TableCell => "</td>",
            TagEnd::Emphasis => "</em>",
            TagEnd::Strong => "</strong>",
            TagEnd::Strikethrough => "</del>",
            TagEnd::Link => {
                self.in_link = false;
                "</a>"
            }
            // An image's end is read with its alt text.
            TagEnd::Image
            | TagEnd::BlockQuote(Some(_))
            | TagEnd::HtmlBlock
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_) => return None,
        };
        self.write(html);
        Some(())
    }

    /// `<img>`, its alt text being the text of the events up to the image's end.
    fn image(
        &mut self,
        dest: &str,
        title: &str,
        events: &mut impl Iterator<Item = Event<'a>>,
    ) -> Option<()> {
        let mut src = String::new();
        href_escaped(&mut src, dest);
        // ammonia would remove `src` (reordering the other attributes): rare, as images
        // off the site are dropped before rendering.
        if !url_allowed(&src) || !is_relative(&src) {
            return None;
        }
        self.out.push_str("<img src=\"");
        attribute_escaped(&mut self.out, &src);
        self.out.push_str("\" alt=\"");
        let mut nested = 0;
        for event in events.by_ref() {
            match event {
                Event::Start(_) => nested += 1,
                Event::End(_) if nested == 0 => break,
                Event::End(_) => nested -= 1,
                Event::Text(text) | Event::Code(text) => attribute_escaped(&mut self.out, &text),
                Event::SoftBreak | Event::HardBreak | Event::Rule => self.out.push(' '),
                Event::FootnoteReference(name) => {
                    let number = self.number(name);
                    self.out.push_str(&format!("[{number}]"));
                }
                Event::Html(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
                | Event::TaskListMarker(_) => return None,
            }
        }
        self.out.push('"');
        self.title(title);
        self.write(">");
        Some(())
    }

    /// `<a>` to `href` (as the sanitiser sees it), which loses `href` if ammonia refuses
    /// the URL and keeps `title`.
    fn link(&mut self, href: String, title: &str) -> Option<()> {
        if self.in_link {
            return None;
        }
        self.in_link = true;
        self.out.push_str("<a");
        if url_allowed(&href) {
            self.out.push_str(" href=\"");
            attribute_escaped(&mut self.out, &fragment_href(href));
            self.out.push('"');
        }
        self.title(title);
        self.write(">");
        Some(())
    }

    /// ` title="…"`, unless empty (a generic attribute ammonia keeps).
    fn title(&mut self, title: &str) {
        if !title.is_empty() {
            self.out.push_str(" title=\"");
            attribute_escaped(&mut self.out, title);
            self.out.push('"');
        }
    }

    /// The number of a footnote, given on its first mention.
    fn number(&mut self, name: CowStr<'a>) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(name).or_insert(next)
    }

    /// A block's start tag, on a line of its own.
    fn block(&mut self, html: &str) {
        if !self.end_newline {
            self.out.push('\n');
        }
        self.write(html);
    }

    fn write(&mut self, html: &str) {
        self.out.push_str(html);
        self.end_newline = html.ends_with('\n');
    }
}

/// A link or image URL as the sanitiser sees it: pulldown-cmark's `escape_href`, which
/// percent-encodes every byte outside its safe set, with `&` and `'` as the parser decodes
/// them from `&amp;` and `&#x27;`.
fn href_escaped(out: &mut String, url: &str) {
    const SAFE: &[u8] = b"!#$%&'()*+,-./:;=?@^_~";
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in url.bytes() {
        if byte.is_ascii_alphanumeric() || SAFE.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
}

/// ammonia's check of an `href` or `src`: an allowed scheme, or relative.
fn url_allowed(url: &str) -> bool {
    match Url::parse(url) {
        Ok(url) => matches!(url.scheme(), "http" | "https" | "mailto" | "tel"),
        Err(error) => error == ParseError::RelativeUrlWithoutBase,
    }
}

/// The sanitiser's attribute filter on `href`: fragments follow the prefixed ids.
fn fragment_href(href: String) -> String {
    match href.strip_prefix('#') {
        Some(id) if !id.starts_with(BODY_ID_PREFIX) => format!("#{BODY_ID_PREFIX}{id}"),
        _ => href,
    }
}

/// Text as html5ever parses and serialises it (a NUL is dropped).
fn text_escaped(out: &mut String, text: &str) {
    escaped(out, text, false);
}

/// An attribute value as html5ever parses and serialises it (a NUL becomes U+FFFD).
fn attribute_escaped(out: &mut String, value: &str) {
    escaped(out, value, true);
}

/// The bytes [`escaped`] stops at: `&`, `<`, `>`, `"`, NUL and U+00A0's first byte.
const SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let mut i = 0;
    while i < 6 {
        special[b"&<>\"\0\xC2"[i] as usize] = true;
        i += 1;
    }
    special
};

fn escaped(out: &mut String, s: &str, attribute: bool) {
    let bytes = s.as_bytes();
    let mut done = 0;
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|&b| SPECIAL[usize::from(b)]) {
        let at = from + at;
        let (entity, len) = match (bytes[at], bytes.get(at + 1)) {
            (b'&', _) => ("&amp;", 1),
            (b'<', _) => ("&lt;", 1),
            (b'>', _) => ("&gt;", 1),
            (b'"', _) if attribute => ("&quot;", 1),
            (0xC2, Some(0xA0)) => ("&nbsp;", 2),
            (0, _) if attribute => ("\u{fffd}", 1),
            (0, _) => ("", 1),
            // A quote in text, or another character starting with 0xC2.
            _ => {
                from = at + 1;
                continue;
            }
        };
        // `at` is at an ASCII byte or at the first byte of U+00A0: a character boundary.
        out.push_str(&s[done..at]);
        out.push_str(entity);
        done = at + len;
        from = done;
    }
    out.push_str(&s[done..]);
}
