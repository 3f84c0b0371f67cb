//! Entry points for the fuzz targets in `fuzz/` (issue #8). Not part of gongkai's
//! interface: hidden from the docs, free to change, and used by nothing else.
//!
//! Each function feeds outside bytes to one parser the way `check` does (decoding the
//! bytes as `load` does, the same schemas, the same follow-up rules) and then renders what
//! it found in every diagnostic format, so the fuzzer also reaches the span → line:column
//! code and the snippet renderer. A panic anywhere is a finding. Invariants that hold for
//! every input (a found number is really one, a mask is never found again, a window query
//! returns a window on the right side of the day) are asserted here too.

use std::sync::LazyLock;

use crate::catalogue::{Catalogues, Class};
use crate::compliance::personal;
use crate::dates::{self, MonthDay, Window, Windows};
use crate::diagnostics::{self, Diagnostic};
use crate::i18n::Lang;
use crate::load::{Format, RecordFile, UnitDir};
use crate::source::{FileId, SourceMap};

/// The built-in catalogues, read once.
static CATALOGUES: LazyLock<Catalogues> = LazyLock::new(|| {
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    crate::catalogue::load(&[], &mut sources, &mut diagnostics).unwrap_or_default()
});

/// Every class of the built-in catalogues, in catalogue order.
fn classes() -> Vec<&'static Class> {
    CATALOGUES.list.iter().flat_map(|c| c.classes.iter()).collect()
}

/// Adds `bytes` as a file, decoded as `load` decodes it; `None` when `load` would not
/// parse it (not UTF-8 or empty: the diagnostic is in `diagnostics`).
fn add(
    sources: &mut SourceMap,
    path: &str,
    bytes: &[u8],
    diagnostics: &mut Vec<Diagnostic>,
) -> FileId {
    let id = sources.add(path.to_owned(), String::new());
    let (text, problem) = crate::load::decode(id, bytes.to_vec());
    sources.set_text(id, text);
    diagnostics.extend(problem);
    id
}

/// Sorts and renders diagnostics in every format (panics are findings; output is dropped).
fn render(mut found: Vec<Diagnostic>, sources: &SourceMap, files: &[FileId]) -> usize {
    diagnostics::sort(&mut found, sources);
    for lang in [Lang::Zh, Lang::En] {
        let _ = diagnostics::render_human(&found, sources, lang, lang == Lang::En);
        let _ = diagnostics::short(&found, sources, lang);
        let _ = diagnostics::github(&found, sources, lang);
        let _ = diagnostics::junit(&found, sources, lang, files);
        let _ = diagnostics::json_value(&found, sources, lang, 1, 1, serde_json::Value::Null);
    }
    found.len()
}

/// A record file: the first byte picks the format (`.md` or `.toml`) and the built-in
/// class, the rest is the file. Parsed, checked by the record rules and the personal-data
/// scan, rendered. Returns the number of diagnostics.
pub fn record(data: &[u8]) -> usize {
    let Some((&selector, bytes)) = data.split_first() else { return 0 };
    let classes = classes();
    let class = classes.get(usize::from(selector >> 1) % classes.len().max(1)).copied();
    let format = if selector & 1 == 0 { Format::Markdown } else { Format::Toml };
    let mut sources = SourceMap::default();
    let mut found = Vec::new();
    let ext = if format == Format::Markdown { "md" } else { "toml" };
    let class_id = class.map_or("notes", |c| c.id.as_str());
    let audience = class.map_or(crate::catalogue::Audience::External, |c| c.audience);
    let path = format!("units/town/{}/{class_id}/r.{ext}", audience.as_str());
    let file = add(&mut sources, &path, bytes, &mut found);
    if found.is_empty() {
        let rf = RecordFile {
            file,
            unit: 0,
            audience,
            class: class_id.to_owned(),
            slug: "r".to_owned(),
            format,
        };
        if let Some(record) = crate::record::parse(&rf, &sources, class, &mut found) {
            found.extend(crate::check::record_rules::check(&record, &sources));
            let allowed = ["051486881234".to_owned()];
            found.extend(personal::check(&record, &sources, &allowed));
        }
    }
    render(found, &sources, &[file])
}

/// A `unit.toml`: parsed against the built-in catalogues, the four ones checked, rendered.
pub fn unit_toml(bytes: &[u8]) -> usize {
    let mut sources = SourceMap::default();
    let mut found = Vec::new();
    let file = add(&mut sources, "units/town/unit.toml", bytes, &mut found);
    let dir = UnitDir { id: "town".to_owned(), file, parent: None };
    let unit = crate::unit::parse(&dir, &sources, &CATALOGUES, found.is_empty(), &mut found);
    found.extend(crate::compliance::four_ones::check(&unit));
    render(found, &sources, &[file])
}

/// A `gongkai.toml`: parsed, then its refresh windows asked about a few days.
pub fn settings_toml(bytes: &[u8]) -> usize {
    let mut sources = SourceMap::default();
    let mut found = Vec::new();
    let file = add(&mut sources, "gongkai.toml", bytes, &mut found);
    let settings = if found.is_empty() {
        crate::config::parse(file, sources.text(file), &mut found)
    } else {
        crate::config::Settings::unreadable()
    };
    for day in [(2026, 1, 1), (2026, 8, 25), (2024, 2, 29), (-9999, 1, 1), (9999, 12, 31)] {
        if let Some(day) = dates::date(day.0, day.1, day.2) {
            check_windows(&settings.windows, day);
        }
    }
    render(found, &sources, &[file])
}

/// A record body: the raw-HTML scan `check` runs, then the site's renderer (Markdown to
/// sanitised HTML, with relative links mapped as the record page maps them), the plain
/// text and the excerpt. The rendered HTML must hold no forbidden element, no event
/// handler or `style` attribute and no `javascript:`/`data:`/`vbscript:` URL (SPEC §5).
pub fn markdown(bytes: &[u8]) -> Option<usize> {
    let body = std::str::from_utf8(bytes).ok()?;
    let offset = crate::markdown::raw_html_offset(body);
    if let Some(at) = offset {
        assert!(body.is_char_boundary(at), "raw HTML offset {at} inside a character");
    }
    let map = |dest: &str| dest.ends_with(".pdf").then(|| format!("../files/{dest}"));
    let html = crate::markdown::to_html(body, &map);
    if let Err(problem) = check_sanitised(&html) {
        panic!("{problem} in the HTML of {body:?}:\n{html}");
    }
    let text = crate::markdown::plain_text(body);
    let _ = crate::markdown::excerpt(&text, 100);
    offset
}

/// Walks serialised, sanitised HTML (text with `<` escaped, attribute values in double
/// quotes) and reports the first thing a record page may not contain.
pub fn check_sanitised(html: &str) -> Result<(), String> {
    const ELEMENTS: [&str; 12] = [
        "script", "iframe", "frame", "object", "embed", "form", "style", "link", "meta", "base",
        "svg", "math",
    ];
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        rest = rest.strip_prefix('/').unwrap_or(rest);
        let name_end =
            rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        if ELEMENTS.contains(&name.as_str()) {
            return Err(format!("element <{name}>"));
        }
        rest = &rest[name_end..];
        // Attributes up to the end of the tag; values are quoted, so a `>` in one is skipped.
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let attr_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len());
            let attr = rest[..attr_end].to_ascii_lowercase();
            rest = &rest[attr_end..];
            let mut value = "";
            if let Some(after) = rest.strip_prefix("=\"") {
                let end = after.find('"').ok_or_else(|| format!("unterminated value of {attr}"))?;
                value = &after[..end];
                rest = &after[end + 1..];
            }
            if attr.starts_with("on") || attr == "style" || attr == "srcdoc" {
                return Err(format!("attribute {attr}"));
            }
            let url: String = value
                .replace("&amp;", "&")
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let scheme_bad =
                ["javascript:", "data:", "vbscript:"].iter().any(|s| url.starts_with(s));
            if scheme_bad
                && matches!(attr.as_str(), "href" | "src" | "cite" | "action" | "formaction")
            {
                return Err(format!("{attr}=\"{value}\""));
            }
        }
    }
    Ok(())
}

/// The personal-data scan, with its invariants: every finding lies on character
/// boundaries, is a real ID / card / mobile, and once replaced by its mask is not found
/// again.
pub fn personal(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let allowed = ["051486881234".to_owned(), "13800001111".to_owned()];
    let found = personal::scan(&text, &allowed);
    let mut masked = String::new();
    let mut last = 0;
    for finding in &found {
        let range = finding.range.clone();
        assert!(range.start >= last, "findings overlap: {found:?}");
        let number = text.get(range.clone()).unwrap_or_else(|| panic!("not a char range"));
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        match finding.kind {
            personal::Kind::IdNumber => assert!(personal::is_id_number(number), "{number}"),
            personal::Kind::BankCard => {
                assert!((16..=19).contains(&digits.len()) && personal::luhn(&digits), "{number}")
            }
            personal::Kind::Mobile => assert!(digits.len() >= 11, "{number}"),
        }
        assert!(finding.masked.contains('*'), "{finding:?}");
        masked.push_str(text.get(last..range.start).unwrap_or_default());
        masked.push_str(&finding.masked);
        last = range.end;
    }
    masked.push_str(text.get(last..).unwrap_or_default());
    let again = personal::scan(&masked, &allowed);
    assert!(again.is_empty(), "masked text still has personal data: {masked:?} → {again:?}");
    found.len()
}

/// The date and window parsers: `YYYY-MM-DD`, `MM-DD`, `MM-DD..MM-DD`. Lines of the input
/// are windows; a parsed window's text parses back to itself; the windows are then asked
/// about days spread over the calendar.
pub fn dates(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let mut windows = Vec::new();
    for line in text.lines() {
        let _ = dates::parse_date(line);
        if let Some(day) = MonthDay::parse(line) {
            assert_eq!(MonthDay::parse(&day.to_string()), Some(day), "{line}");
        }
        if let Ok(window) = Window::parse(line) {
            assert_eq!(Window::parse(&window.to_string()), Ok(window), "{line}");
            windows.push(window);
        }
    }
    let windows = Windows::new(windows);
    let mut seed = bytes.iter().fold(0u32, |h, &b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    for _ in 0..8 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let year = i64::from(seed % 20_000) - 10_000;
        let Some(day) = dates::date(year, i64::from(seed % 12) + 1, i64::from(seed % 31) + 1)
        else {
            continue;
        };
        check_windows(&windows, day);
    }
    windows.spans(2026, 2026).len()
}

/// The questions the compliance rules ask of the windows, and their answers' invariants.
fn check_windows(windows: &Windows, day: dates::Date) {
    if let Some(span) = windows.latest_ended(day) {
        assert!(span.end < day && span.start <= span.end, "{span} ended before {day}");
    }
    if let Some(span) = windows.current(day) {
        assert!(span.contains(day), "{span} holds {day}");
    }
    if let Some(span) = windows.next(day) {
        assert!(span.start > day, "{span} starts after {day}");
    }
    let _ = windows.current_or_next(day).map(|s| (s.id(), s.chinese()));
}
