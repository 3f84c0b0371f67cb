//! Personal data in public (external) records: unmasked resident ID numbers, mobile
//! numbers and bank card numbers (SPEC §4; DOMAIN.md §5 on masking).
//!
//! A candidate counts only when it is really one: an ID needs a valid birth date and check
//! digit (GB 11643), a card 16–19 digits passing Luhn, a mobile the 1[3-9] prefix. Masked
//! numbers (`3210**********0017`, `139****5678`) never match, unified social credit codes
//! hold letters or carry their own check character (GB 32100), and the published
//! supervision phones of the units are allowed. Every candidate must stand alone: a digit or letter next to it means it is
//! part of something longer.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::catalogue::Audience;
use crate::dates;
use crate::diagnostics::{Diagnostic, Problem};
use crate::record::Record;
use crate::schema::Value;
use crate::source::SourceMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    IdNumber,
    Mobile,
    BankCard,
}

/// A number found in a text: its kind, where (bytes of the text) and its masked form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) kind: Kind,
    pub(crate) range: Range<usize>,
    pub(crate) masked: String,
}

// ASCII digits only: `\d` also matches Arabic-Indic and fullwidth digits, and a "mobile"
// of two ASCII digits and nine others panicked when it was masked (fuzzing, #8).
static ID: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"[0-9]{17}[0-9Xx]").ok());
static CARD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -]?[0-9]{1,3})?|[0-9]{16,19}").ok()
});
static MOBILE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:\+?86[ -]?)?1[3-9][0-9](?:[0-9]{8}|[ -][0-9]{4}[ -][0-9]{4})").ok()
});

/// Finds personal numbers in `text`. `allowed` holds the digits of published phones.
pub(crate) fn scan(text: &str, allowed: &[String]) -> Vec<Finding> {
    let mut found: Vec<Finding> = Vec::new();
    if !may_hold_number(text) {
        return found;
    }
    let overlaps = |found: &[Finding], r: &Range<usize>| {
        found.iter().any(|f| f.range.start < r.end && r.start < f.range.end)
    };
    candidates(ID.as_ref(), text, |m| {
        let ok = stands_alone(text, m.range()) && is_id_number(m.as_str());
        if ok {
            let masked = mask_id(m.as_str());
            found.push(Finding { kind: Kind::IdNumber, range: m.range(), masked });
        }
        ok
    });
    candidates(CARD.as_ref(), text, |m| {
        let digits = digits_of(m.as_str());
        let range = m.range();
        let card = (16..=19).contains(&digits.len())
            && luhn(&digits)
            && !looks_like_id(&digits)
            && !is_credit_code(&digits);
        let ok = card && stands_alone(text, range.clone()) && !overlaps(&found, &range);
        if ok {
            found.push(Finding { kind: Kind::BankCard, range, masked: mask_card(&digits) });
        }
        ok
    });
    candidates(MOBILE.as_ref(), text, |m| {
        let range = m.range();
        let digits = digits_of(m.as_str());
        let number = &digits[digits.len().saturating_sub(11)..];
        let published = allowed.iter().any(|p| p.ends_with(number));
        let ok = number.len() == 11
            && stands_alone(text, range.clone())
            && !published
            && !overlaps(&found, &range);
        if ok {
            found.push(Finding { kind: Kind::Mobile, range, masked: mask_mobile(number) });
        }
        ok
    });
    found.sort_by_key(|f| f.range.start);
    found
}

/// Whether `text` may hold a match of one of the patterns. Every match has either a run of
/// at least 11 digits (an ID, an unbroken card or mobile number), or three groups joined
/// by single spaces or hyphens, the first of at least 3 digits, the second of exactly 4 and
/// the third of at least 4 (`139 1234 5678`, `6222 0212 3456 7890`). Most texts have
/// neither, not even with a landline such as `0514-86881234` in them, and this one pass
/// over the bytes costs a fraction of the three regex searches (13% of `check`'s
/// instructions before, #7). It errs on the safe side: any numeric character (`Nd`, `Nl`,
/// `No`) counts as a digit, as `\d` matches every Unicode decimal digit.
fn may_hold_number(text: &str) -> bool {
    // The current run of digits, and the two groups before it in a chain of groups joined
    // by single separators (0 when there is none). Byte by byte, and eight at a time where
    // there is no digit: decoding every character of a Chinese text would cost nearly as
    // much as the regexes saved.
    let (mut run, mut first, mut second) = (0, 0, 0);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let end = i + 8;
        if let Some(word) = bytes.get(i..end).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            // Eight bytes with no digit cannot hold a match and end any chain. They may end
            // inside a character that is not a digit, whose other bytes are skipped below.
            if !may_hold_digit(u64::from_le_bytes(word)) {
                (first, second, run) = (0, 0, 0);
                i = end;
                continue;
            }
        }
        while i < end.min(bytes.len()) {
            let (digit, len) = match bytes[i] {
                b'0'..=b'9' => (true, 1),
                b' ' | b'-' if run > 0 => {
                    (first, second, run) = (second, run, 0);
                    i += 1;
                    continue;
                }
                // ASCII, and the continuation bytes of a character skipped above.
                0..0xC0 => (false, 1),
                0xE2..=0xE9 | 0xEB..=0xEE => (false, 3),
                _ => {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    (c.is_numeric(), c.len_utf8())
                }
            };
            i += len;
            if !digit {
                (first, second, run) = (0, 0, 0);
                continue;
            }
            run += 1;
            if run >= 11 || (run >= 4 && first >= 3 && second == 4) {
                return true;
            }
        }
    }
    false
}

/// Whether one of the eight bytes of `word` is an ASCII digit or the first byte of a
/// character that may be a decimal digit (`１`, `٣`): any but those of U+2000..=U+9FFF and
/// U+B000..=U+EFFF (punctuation, CJK, Hangul, private use), which hold none. Byte-wise
/// comparisons from "Bit Twiddling Hacks": no byte carries into the next.
fn may_hold_digit(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = word & !HIGH;
    let between = |lo: u64, hi: u64| (low + ONES * (0x80 - lo)) & (ONES * (0x80 + hi) - low) & HIGH;
    let ascii_digit = !word & between(0x30, 0x39);
    let lead = word & (word << 1) & HIGH;
    let cjk = lead & (between(0x62, 0x69) | between(0x6B, 0x6E));
    (ascii_digit | (lead & !cjk)) != 0
}

/// Calls `accept` with every match of `re` in `text` that may stand alone. A match that
/// `accept` turns down does not hide a number that starts inside it: the search resumes
/// after the first separator in it, not at its end. In `1586-1462-1582-1110877931383889310`
/// the first match is the grouped form `1586-1462-1582-1110877`, which fails Luhn; the
/// 19-digit card after the third hyphen was missed (fuzzing, #8).
fn candidates<'t>(
    re: Option<&Regex>,
    text: &'t str,
    mut accept: impl FnMut(regex::Match<'t>) -> bool,
) {
    let Some(re) = re else { return };
    let mut at = 0;
    while let Some(m) = re.find_at(text, at) {
        at = if accept(m) {
            m.end()
        } else {
            // A number standing alone starts after a character that does not join it.
            let rest = &text[m.start()..];
            rest.char_indices()
                .find(|&(_, c)| !joins(c))
                .map_or(text.len(), |(i, c)| m.start() + i + c.len_utf8())
        };
        if at >= text.len() {
            break;
        }
    }
}

/// Whether `c` next to a number makes it part of something longer (or a masked number).
fn joins(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '*' || c == '+'
}

/// Not preceded or followed by a digit or ASCII letter (or a `+` / `*` that would make it
/// part of a longer or masked number).
fn stands_alone(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(joins) && !after.is_some_and(joins)
}

/// An 18-digit number shaped like an ID (region, birth date) is judged as an ID only: one
/// with a wrong check digit is a typo'd or fake ID, not a bank card.
fn looks_like_id(digits: &str) -> bool {
    let number =
        |range: Range<usize>| digits.get(range).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    digits.len() == 18
        && (1..=8).contains(&number(0..1))
        && (1900..=2100).contains(&number(6..10))
        && (1..=12).contains(&number(10..12))
        && (1..=31).contains(&number(12..14))
}

/// A unified social credit code (统一社会信用代码, GB 32100): 18 characters whose last is
/// the MOD 31 check character of the first 17. Many older codes are all digits, and one in
/// ten of those also passes Luhn, so an 18-digit number with a valid credit-code check is
/// an organisation, not a bank card. (A real 18-digit card passes this check one time in
/// 31; missing it is the price of not flagging every company on a tender notice.)
pub(crate) fn is_credit_code(code: &str) -> bool {
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let value = |b: &u8| CHARS.iter().position(|c| c == b);
    let bytes = code.as_bytes();
    if bytes.len() != 18 {
        return false;
    }
    let values: Option<Vec<usize>> = bytes.iter().map(value).collect();
    let Some(values) = values else { return false };
    let sum: usize = values[..17].iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    values[17] == (31 - sum % 31) % 31
}

fn digits_of(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// An 18-character resident ID number with a plausible region, a real birth date and the
/// right check digit (ISO 7064 MOD 11-2).
pub(crate) fn is_id_number(id: &str) -> bool {
    let bytes = id.as_bytes();
    if bytes.len() != 18 || !(b'1'..=b'8').contains(&bytes[0]) {
        return false;
    }
    let number = |range: Range<usize>| id.get(range).and_then(|s| s.parse::<i64>().ok());
    let (Some(year), Some(month), Some(day)) = (number(6..10), number(10..12), number(12..14))
    else {
        return false;
    };
    if !(1900..=2100).contains(&year) || dates::date(year, month, day).is_none() {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = bytes[..17].iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    bytes[17].to_ascii_uppercase() == check
}

/// The Luhn checksum of a bank card number.
pub(crate) fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// `321012199001010017` → `3210**********0017`.
fn mask_id(id: &str) -> String {
    format!("{}{}{}", &id[..4], "*".repeat(10), &id[14..])
}

/// `13912345678` → `139****5678`.
fn mask_mobile(number: &str) -> String {
    format!("{}****{}", &number[..3], &number[number.len() - 4..])
}

/// `6222021234567890123` → `6222***********0123`.
fn mask_card(digits: &str) -> String {
    format!("{}{}{}", &digits[..4], "*".repeat(digits.len() - 8), &digits[digits.len() - 4..])
}

/// Keys whose values are identifiers of the record itself, not content.
const NOT_CONTENT: &[&str] = &["index_no", "attachments", "class", "status"];

/// Checks one external record.
pub(crate) fn check(record: &Record, sources: &SourceMap, allowed: &[String]) -> Vec<Diagnostic> {
    if record.audience != Audience::External {
        return Vec::new();
    }
    let text = sources.text(record.file);
    let mut out = Vec::new();
    let mut report = |finding: Finding, at: usize| {
        let masked = finding.masked;
        let problem = match finding.kind {
            Kind::IdNumber => Problem::PersonalId { masked },
            Kind::Mobile => Problem::PersonalMobile { masked },
            Kind::BankCard => Problem::PersonalBankCard { masked },
        };
        let len = finding.range.len();
        out.push(Diagnostic::at(problem, record.file, at..at + len));
    };
    for (key, value) in record.fields.map.iter() {
        if NOT_CONTENT.contains(&key.as_str()) {
            continue;
        }
        strings(&value.value, value.span.clone(), &mut |s, span| {
            for finding in scan(s, allowed) {
                // Find the number in the file where the string literal is; escapes in the
                // literal may move it, so fall back to the start of the value.
                let needle = &s[finding.range.clone()];
                let raw = text.get(span.clone()).unwrap_or("");
                let at = raw.find(needle).map_or(span.start, |i| span.start + i);
                report(finding, at);
            }
        });
    }
    if record.fields.get("body").is_none() {
        for finding in scan(record.body_text(sources), allowed) {
            let at = record.body_offset + finding.range.start;
            report(finding, at);
        }
    }
    out
}

/// Calls `f` with every string inside a value (lists and table rows included) and the
/// span of the smallest value holding it.
fn strings(value: &Value, span: Range<usize>, f: &mut dyn FnMut(&str, Range<usize>)) {
    match value {
        Value::Str(s) => f(s, span),
        Value::List(items) => items.iter().for_each(|i| strings(&i.value, i.span.clone(), f)),
        Value::Rows(rows) => rows
            .iter()
            .flat_map(|r| r.map.values())
            .for_each(|v| strings(&v.value, v.span.clone(), f)),
        Value::Object(fields) => {
            fields.map.values().for_each(|v| strings(&v.value, v.span.clone(), f))
        }
        Value::Date(_) | Value::Int(_) | Value::Decimal(_) | Value::Money(_) | Value::Bool(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        scan(text, &["051486881234".to_owned(), "13800001111".to_owned()])
            .into_iter()
            .map(|f| (f.kind, f.masked))
            .collect()
    }

    // 11010519491231002X and 321012199001010017 are built with a valid check digit.
    #[test]
    fn id_numbers_need_a_real_birth_date_and_check_digit() {
        assert!(is_id_number("11010519491231002X"));
        assert!(is_id_number("11010519491231002x"));
        assert!(!is_id_number("110105194912310021"), "wrong check digit");
        assert!(!is_id_number("110105194902300026"), "February 30th");
        assert!(!is_id_number("913210127205633386"), "region 9 is not a province");
        assert_eq!(
            kinds("身份证号11010519491231002X。"),
            [(Kind::IdNumber, "1101**********002X".to_owned())]
        );
        assert!(kinds("身份证号110105194912310021").is_empty());
    }

    #[test]
    fn masked_numbers_and_credit_codes_are_not_personal_data() {
        assert!(kinds("3210**********0017、139****5678").is_empty());
        assert!(kinds("统一社会信用代码 91321012MA1W8KDX3Q").is_empty());
        assert!(kinds("索引号 321012100/2026-00012").is_empty());
    }

    #[test]
    fn all_digit_credit_codes_are_not_bank_cards() {
        // 913210001000004364 passes Luhn too; r-uscc: it was reported as a bank card.
        assert!(luhn("913210001000004364"));
        assert!(is_credit_code("913210001000004364"));
        assert!(is_credit_code("91321012MA1W8KDX3J"));
        assert!(!is_credit_code("91321012MA1W8KDX3Q"));
        assert!(kinds("中标单位代码 913210001000004364").is_empty());
        assert!(!is_credit_code("6222021234567890128"));
    }

    #[test]
    fn mobiles_in_every_common_form() {
        let expect = vec![(Kind::Mobile, "139****5678".to_owned())];
        assert_eq!(kinds("电话13912345678"), expect);
        assert_eq!(kinds("电话 +86 139 1234 5678"), expect);
        assert_eq!(kinds("电话+8613912345678"), expect);
        assert_eq!(kinds("电话139-1234-5678。"), expect);
        assert!(kinds("编号213912345678").is_empty(), "part of a longer number");
        assert!(kinds("监督电话 138-0000-1111").is_empty(), "a published phone");
        assert!(kinds("12912345678").is_empty(), "no 12x mobiles");
    }

    #[test]
    fn bank_cards_must_pass_luhn() {
        assert!(luhn("6222021234567890128"));
        assert!(!luhn("6222021234567890123"));
        assert_eq!(
            kinds("卡号6222021234567890128"),
            [(Kind::BankCard, "6222***********0128".to_owned())]
        );
        assert_eq!(
            kinds("卡号 6222 0212 3456 7890 128"),
            [(Kind::BankCard, "6222***********0128".to_owned())]
        );
        assert!(kinds("卡号6222021234567890123").is_empty());
    }

    #[test]
    fn the_prefilter_lets_every_candidate_through() {
        for text in [
            "13912345678",
            "+86 139 1234 5678",
            "139-1234-5678",
            "6222 0212 3456 7890 128",
            "11010519491231002X",
            "１３９１２３４５６７８",
        ] {
            assert!(may_hold_number(text), "{text}");
        }
        for text in [
            "139-1234-567",
            "0514-86881234",
            "电话 0514-86881234,2026-11-26",
            "1,250,000.00 元",
            "3210**********0017、139****5678",
            "139 - 1234 - 5678",
            "321012100/2026-00012",
        ] {
            assert!(!may_hold_number(text), "{text}");
        }
        // Full-width digits match `\d`; the prefilter must not hide them from the regexes.
        assert_eq!(
            scan("１３９１２３４５６７８", &[]).len(),
            scan_unfiltered("１３９１２３４５６７８").len()
        );
    }

    fn scan_unfiltered(text: &str) -> Vec<regex::Match<'_>> {
        [&ID, &CARD, &MOBILE]
            .into_iter()
            .flat_map(|re| re.iter())
            .flat_map(|re| re.find_iter(text))
            .collect()
    }

    #[test]
    fn words_with_a_possible_digit() {
        for b in 0..=255u8 {
            let possible = b.is_ascii_digit()
                || (b >= 0xC0 && !(0xE2..=0xE9).contains(&b) && !(0xEB..=0xEE).contains(&b));
            for at in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[at] = b;
                let found = may_hold_digit(u64::from_le_bytes(bytes));
                assert_eq!(found, possible, "{b:#x} at {at}");
            }
        }
        let word = |s: &str| {
            let mut bytes = [b' '; 8];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            may_hold_digit(u64::from_le_bytes(bytes))
        };
        assert!(word("１ab") && word("x9") && word("\u{10000}"));
        assert!(!word("仙女") && !word("-/:;") && !word("、。") && !word("\u{B000}\u{EFFF}"));
    }

    #[test]
    fn the_skipped_ranges_hold_no_digit() {
        // `\d` as the patterns use it, with the regex crate's own Unicode tables.
        let digit = Regex::new(r"^\d$").unwrap_or_else(|e| panic!("{e}"));
        for c in ('\u{2000}'..='\u{9FFF}').chain('\u{B000}'..='\u{EFFF}') {
            assert!(!digit.is_match(c.encode_utf8(&mut [0; 4])), "{c:?} U+{:04X}", c as u32);
        }
        assert!(digit.is_match("１") && digit.is_match("٣"));
    }

    #[test]
    fn the_prefilter_never_hides_a_regex_match() {
        // Random strings over digits, separators and look-alikes: whenever a pattern
        // matches, the prefilter must say so.
        let alphabet: Vec<char> = "0123456789111333999888  --+X*中文仙１ａ,".chars().collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut matched = 0;
        for _ in 0..50_000 {
            let mut next = || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state
            };
            let len = 8 + (next() % 30) as usize;
            let text: String =
                (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            if !scan_unfiltered(&text).is_empty() {
                matched += 1;
                assert!(may_hold_number(&text), "{text:?}");
            }
        }
        assert!(matched > 500, "the strings should hit the patterns often ({matched})");
    }

    #[test]
    fn r8_other_digits_never_make_a_number() {
        // Regression (#8, fuzzing): `\d` matched Arabic-Indic and fullwidth digits, and a
        // "mobile" of two ASCII digits and nine others panicked when it was masked.
        assert!(kinds("电话13٧٧٧٧٧٧٧٧٧。").is_empty());
        assert!(kinds("1586138613٧").is_empty());
        assert!(kinds("13９１２３４５６７８").is_empty());
        assert!(kinds("６２２２０２１２３４５６７８９０１２８").is_empty());
    }

    #[test]
    fn r8_a_rejected_candidate_does_not_hide_a_number_inside_it() {
        // Regression (#8, fuzzing): `1586-1462-1582-1110877` (grouped, fails Luhn) was the
        // match, so the card after the third hyphen was never looked at.
        assert_eq!(
            kinds("x9-158-1586-1462-1582-1110877931383889310"),
            [
                (Kind::Mobile, "158****1462".to_owned()),
                (Kind::BankCard, "1110***********9310".to_owned())
            ]
        );
        assert_eq!(
            kinds("1582-0000000000000006015"),
            [(Kind::BankCard, "0000***********6015".to_owned())]
        );
    }

    #[test]
    fn money_and_dates_are_not_numbers_of_people() {
        assert!(kinds("合计 1,250,000.00 元,2026-03-18 公开,第 2026 年").is_empty());
    }
}
