//! File names for new records: `YYYY-MM-DD-<slug>`.
//!
//! Names are ASCII slugs (SPEC §2), and titles are Chinese. A slug is taken from the
//! title's ASCII words when it has some (`2026 Q1 budget` → `2026-q1-budget`); a Chinese
//! title gets just the date and a counter. Pinyin is offered only as a suggestion: the
//! `pinyin` crate reads one character at a time, so polyphones come out wrong
//! (重庆 → zhong-qing, not chong-qing), and a wrong name is worse than a plain one.

use pinyin::ToPinyin;

use crate::catalogue::is_slug;
use crate::dates::Date;

/// Longest slug made from a title, in bytes (cut at a word boundary).
const MAX_LEN: usize = 60;

/// The slug made from the title's ASCII words, if it has a word with a letter.
pub(crate) fn from_ascii_words(title: &str) -> Option<String> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if !words.iter().any(|w| w.chars().any(|c| c.is_ascii_alphabetic())) {
        return None;
    }
    Some(join_limited(words.iter().map(String::as_str)))
}

/// A pinyin reading of the title, one syllable per character, to suggest as `--slug`.
/// `None` when the title has no Chinese characters.
pub(crate) fn pinyin_suggestion(title: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    let mut ascii = String::new();
    let mut any_chinese = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            ascii.push(c.to_ascii_lowercase());
            continue;
        }
        if !ascii.is_empty() {
            words.push(std::mem::take(&mut ascii));
        }
        if let Some(p) = c.to_pinyin() {
            any_chinese = true;
            words.push(p.plain().to_owned());
        }
    }
    if !ascii.is_empty() {
        words.push(ascii);
    }
    if !any_chinese {
        return None;
    }
    Some(join_limited(words.iter().map(String::as_str).take(8)))
}

fn join_limited<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut slug = String::new();
    for word in words {
        if !slug.is_empty() && slug.len() + 1 + word.len() > MAX_LEN {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug.truncate(MAX_LEN);
    slug
}

/// Whether `name` already starts with a `YYYY-MM-DD-` date.
fn is_dated(name: &str) -> bool {
    name.len() > 11
        && name.as_bytes()[10] == b'-'
        && crate::dates::parse_date(&name[..10]).is_some()
}

/// The file stem for `--slug` (checked by the caller): the date is put in front unless it
/// is already there.
pub(crate) fn dated(day: Date, slug: &str) -> String {
    if is_dated(slug) { slug.to_owned() } else { format!("{day}-{slug}") }
}

/// `YYYY-MM-DD-1`, `-2`…: the first one for which `taken` is false.
pub(crate) fn counted(day: Date, taken: impl Fn(&str) -> bool) -> String {
    (1..).map(|n| format!("{day}-{n}")).find(|stem| !taken(stem)).unwrap_or_else(|| day.to_string())
}

/// Whether a user's `--slug` is acceptable.
pub(crate) fn valid(slug: &str) -> bool {
    is_slug(slug) && slug.len() <= 100
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Date {
        crate::dates::parse_date("2026-03-18").unwrap_or_else(|| panic!("date"))
    }

    #[test]
    fn ascii_words_make_the_slug() {
        assert_eq!(from_ascii_words("2026 Q1 Budget 预算").as_deref(), Some("2026-q1-budget"));
        assert_eq!(from_ascii_words("G328国道改造(二期)").as_deref(), Some("g328"));
        assert_eq!(from_ascii_words("2026年第一季度财政资金收支情况"), None);
        assert_eq!(from_ascii_words("关于公开栏的通知"), None);
    }

    #[test]
    fn pinyin_is_read_character_by_character() {
        // The reason it is only a suggestion: 重庆 is chong-qing.
        assert_eq!(pinyin_suggestion("重庆").as_deref(), Some("zhong-qing"));
        assert_eq!(pinyin_suggestion("2026年预算").as_deref(), Some("2026-nian-yu-suan"));
        assert_eq!(pinyin_suggestion("budget"), None);
    }

    #[test]
    fn dates_are_added_once_and_counters_skip_taken_names() {
        assert_eq!(dated(day(), "spring-plan"), "2026-03-18-spring-plan");
        assert_eq!(dated(day(), "2026-01-02-spring-plan"), "2026-01-02-spring-plan");
        assert_eq!(counted(day(), |s| s == "2026-03-18-1"), "2026-03-18-2");
        assert!(valid("q1-budget") && !valid("Q1") && !valid("预算") && !valid("-a"));
    }
}
