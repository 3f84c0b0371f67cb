//! Property tests (issue #8): invariants of the refresh-window logic, the personal-data
//! detectors and the front-matter splitter, checked on generated inputs with proptest.
//! The examples that pin exact behaviour are the unit tests beside each module.

use proptest::prelude::*;

use crate::compliance::personal::{self, Kind, is_id_number, luhn};
use crate::dates::{self, Date, MonthDay, Span, Window, Windows};
use crate::record::frontmatter::{SplitError, split};

// ---- dates and refresh windows ------------------------------------------------------

/// A day that exists in some year (02-29 included).
fn month_day() -> impl Strategy<Value = MonthDay> {
    (1i8..=12, 1i8..=31).prop_filter_map("no such day", |(month, day)| {
        Date::new(2024, month, day).ok().map(|_| MonthDay { month, day })
    })
}

fn window() -> impl Strategy<Value = Window> {
    (month_day(), month_day()).prop_map(|(a, b)| Window { start: a.min(b), end: a.max(b) })
}

fn windows() -> impl Strategy<Value = Windows> {
    proptest::collection::vec(window(), 0..5).prop_map(Windows::new)
}

fn day() -> impl Strategy<Value = Date> {
    (1000i64..=9998, 1i64..=12, 1i64..=31)
        .prop_filter_map("no such day", |(y, m, d)| dates::date(y, m, d))
}

/// Every concrete window near `day`, by brute force.
fn around(windows: &Windows, day: Date) -> Vec<Span> {
    windows.spans(day.year() - 2, day.year() + 2)
}

proptest! {
    #[test]
    fn latest_ended_is_the_last_window_over_before_the_day(w in windows(), d in day()) {
        let best = around(&w, d).into_iter().filter(|s| s.end < d).map(|s| s.end).max();
        prop_assert_eq!(w.latest_ended(d).map(|s| s.end), best);
        prop_assert_eq!(w.latest_ended(d).is_none(), w.is_empty());
    }

    #[test]
    fn current_holds_the_day_and_exists_whenever_a_window_does(w in windows(), d in day()) {
        let holds = around(&w, d).into_iter().any(|s| s.contains(d));
        match w.current(d) {
            Some(span) => prop_assert!(span.contains(d)),
            None => prop_assert!(!holds),
        }
    }

    #[test]
    fn next_is_the_first_window_starting_after_the_day(w in windows(), d in day()) {
        let first = around(&w, d).into_iter().filter(|s| s.start > d).map(|s| s.start).min();
        prop_assert_eq!(w.next(d).map(|s| s.start), first);
    }

    #[test]
    fn the_end_day_of_a_window_is_inside_it(w in window(), y in 1001i16..=9998) {
        let windows = Windows::new(vec![w]);
        let span = w.in_year(y);
        // On its last day the window is current, not yet the latest ended one ...
        prop_assert_eq!(windows.current(span.end), Some(span));
        prop_assert!(windows.latest_ended(span.end).is_none_or(|s| s.end < span.end));
        // ... and from the next day on it is the latest ended one.
        prop_assert_eq!(windows.latest_ended(dates::add_days(span.end, 1)), Some(span));
    }

    #[test]
    fn month_days_and_windows_parse_back_from_their_text(w in window()) {
        prop_assert_eq!(MonthDay::parse(&w.start.to_string()), Some(w.start));
        prop_assert_eq!(Window::parse(&w.to_string()), Ok(w));
        let text = format!("{:02}-{:02}", w.end.month, w.end.day);
        prop_assert_eq!(w.end.to_string(), text);
    }

    #[test]
    fn month_day_parse_accepts_exactly_the_days_of_a_leap_year(m in 0i8..=99, d in 0i8..=99) {
        let exists = Date::new(2024, m, d).is_ok();
        prop_assert_eq!(MonthDay::parse(&format!("{m:02}-{d:02}")).is_some(), exists);
    }

    #[test]
    fn dates_parse_back_from_their_text(d in day()) {
        prop_assert_eq!(dates::parse_date(&d.to_string()), Some(d));
    }
}

// ---- resident ID numbers, bank cards, mobiles -----------------------------------------

/// The check character of the first 17 digits (GB 11643, ISO 7064 MOD 11-2).
fn id_check(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 =
        first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b.wrapping_sub(b'0')) * w).sum();
    char::from(b"10X98765432"[(sum % 11) as usize])
}

/// The Luhn check digit that completes `digits`.
fn luhn_check(digits: &str) -> char {
    (b'0'..=b'9').map(char::from).find(|c| luhn(&format!("{digits}{c}"))).unwrap_or('0')
}

/// The first 17 digits of an ID with this region, birth date and sequence.
fn id_body(region: u32, y: i64, m: i64, d: i64, seq: u32) -> String {
    format!("{region:06}{y:04}{m:02}{d:02}{seq:03}")
}

/// A valid 18-character ID number.
fn valid_id() -> impl Strategy<Value = String> {
    (100_000u32..=899_999, 1900i64..=2100, 1i64..=12, 1i64..=31, 0u32..=999).prop_filter_map(
        "no such birth date",
        |(region, y, m, d, seq)| {
            dates::date(y, m, d)?;
            let body = id_body(region, y, m, d, seq);
            let check = id_check(&body);
            Some(format!("{body}{check}"))
        },
    )
}

/// Text around a number that does not join it (no digit, letter, `+` or `*` at its ends).
fn context() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[ 、。,:;()\\-年月日号身份证卡手机电话是为a-z]{0,6}")
        .unwrap_or_else(|e| panic!("{e}"))
        .prop_map(|s| s.trim_matches(|c: char| c.is_ascii_alphanumeric() || c == '-').to_owned())
}

const ALLOWED: [String; 0] = [];

proptest! {
    #[test]
    fn valid_ids_are_found_and_masked(id in valid_id(), before in context(), after in context()) {
        prop_assert!(is_id_number(&id));
        let text = format!("{before}{id}{after}");
        let found = personal::scan(&text, &ALLOWED);
        prop_assert_eq!(found.len(), 1, "{:?}", found);
        prop_assert_eq!(found[0].kind, Kind::IdNumber);
        prop_assert_eq!(&text[found[0].range.clone()], id.as_str());
        let masked = format!("{}**********{}", &id[..4], &id[14..]);
        prop_assert_eq!(&found[0].masked, &masked);
        let again = format!("{before}{masked}{after}");
        prop_assert!(personal::scan(&again, &ALLOWED).is_empty());
    }

    #[test]
    fn a_changed_check_digit_never_flags(id in valid_id(), shift in 1usize..11, ctx in context()) {
        const CHECKS: &[u8; 11] = b"0123456789X";
        let at = CHECKS.iter().position(|&c| c == id.as_bytes()[17]).unwrap_or(0);
        let other = char::from(CHECKS[(at + shift) % 11]);
        let wrong = format!("{}{other}", &id[..17]);
        prop_assert!(!is_id_number(&wrong));
        let text = format!("{ctx}{wrong}{ctx}");
        prop_assert!(personal::scan(&text, &ALLOWED).is_empty(), "{}", text);
    }

    #[test]
    fn an_impossible_birth_date_never_flags(
        region in 100_000u32..=899_999,
        (y, m, d) in (1900i64..=2100, 0i64..=19, 0i64..=39).prop_map(impossible),
        seq in 0u32..=999,
    ) {
        prop_assert!(dates::date(y, m, d).is_none());
        let body = id_body(region, y, m, d, seq);
        let id = format!("{body}{}", id_check(&body));
        prop_assert!(!is_id_number(&id));
        let found = personal::scan(&format!("号{id}。"), &ALLOWED);
        prop_assert!(found.iter().all(|f| f.kind != Kind::IdNumber), "{:?}", found);
        // With a month and day in range (02-30, 04-31) it is a mistyped ID, not a card
        // either; month 13 or day 00 with a good Luhn sum may be an 18-digit card.
        if (1..=12).contains(&m) && (1..=31).contains(&d) {
            prop_assert!(found.is_empty(), "{:?}", found);
        }
    }

    #[test]
    fn luhn_valid_cards_of_16_to_19_digits_are_found(
        digits in "[1-9][0-9]{14,17}",
        grouped in any::<bool>(),
        ctx in context(),
    ) {
        let card = format!("{digits}{}", luhn_check(&digits));
        prop_assert!(luhn(&card));
        // An 18-digit number that is a valid ID or credit code is judged as that instead.
        prop_assume!(!is_id_number(&card) && !personal::is_credit_code(&card));
        prop_assume!(!(card.len() == 18 && looks_like_an_id(&card)));
        let written = if grouped { group(&card) } else { card.clone() };
        let text = format!("{ctx}卡号{written}{ctx}");
        let found = personal::scan(&text, &ALLOWED);
        prop_assert_eq!(found.len(), 1, "{} {:?}", text, found);
        prop_assert_eq!(found[0].kind, Kind::BankCard);
        prop_assert_eq!(&text[found[0].range.clone()], written.as_str());
        let n = card.len();
        let masked = format!("{}{}{}", &card[..4], "*".repeat(n - 8), &card[n - 4..]);
        prop_assert_eq!(&found[0].masked, &masked);
    }

    #[test]
    fn masked_forms_are_never_flagged(
        digits in "[0-9]{19}",
        stars in 3usize..=12,
        ctx in context(),
    ) {
        for masked in [
            format!("{}{}{}", &digits[..4], "*".repeat(stars), &digits[15..]),
            format!("1{}****{}", &digits[..2], &digits[2..6]),
            format!("{}**********{}", &digits[..4], &digits[4..8]),
            format!("+86 1{}****{}", &digits[..2], &digits[2..6]),
        ] {
            let text = format!("{ctx}{masked}{ctx}");
            prop_assert!(personal::scan(&text, &ALLOWED).is_empty(), "{}", text);
        }
    }

    #[test]
    fn mobiles_are_found_unless_published(
        second in 3u8..=9,
        rest in "[0-9]{9}",
        form in 0usize..4,
        ctx in context(),
    ) {
        let number = format!("1{second}{rest}");
        let written = match form {
            0 => number.clone(),
            1 => format!("+86{number}"),
            2 => format!("{} {} {}", &number[..3], &number[3..7], &number[7..]),
            _ => format!("{}-{}-{}", &number[..3], &number[3..7], &number[7..]),
        };
        let text = format!("{ctx}电话{written}{ctx}");
        let found = personal::scan(&text, &ALLOWED);
        prop_assert_eq!(found.len(), 1, "{} {:?}", text, found);
        prop_assert_eq!(found[0].kind, Kind::Mobile);
        prop_assert_eq!(&found[0].masked, &format!("{}****{}", &number[..3], &number[7..]));
        let published = [format!("86{number}")];
        prop_assert!(personal::scan(&text, &published).is_empty(), "{}", text);
    }

    #[test]
    fn scanning_any_text_finds_numbers_on_char_boundaries(text in "\\PC{0,80}") {
        for finding in personal::scan(&text, &ALLOWED) {
            prop_assert!(text.get(finding.range.clone()).is_some());
        }
    }
}

/// The same year and month with a day that does not exist in it (when the day existed).
fn impossible((y, m, d): (i64, i64, i64)) -> (i64, i64, i64) {
    if dates::date(y, m, d).is_none() {
        return (y, m, d);
    }
    let days_in_month = (28..=31).rev().find(|&n| dates::date(y, m, n).is_some()).unwrap_or(31);
    (y, m, days_in_month + 1 + d % 8)
}

/// Region 1–8, a year 1900–2100 and a month and day in range: judged as an ID.
fn looks_like_an_id(digits: &str) -> bool {
    let n = |r: std::ops::Range<usize>| digits[r].parse::<u32>().unwrap_or(0);
    (1..=8).contains(&n(0..1))
        && (1900..=2100).contains(&n(6..10))
        && (1..=12).contains(&n(10..12))
        && (1..=31).contains(&n(12..14))
}

/// `6222 0212 3456 7890 128`: groups of four, the last one shorter.
fn group(card: &str) -> String {
    let chunks: Vec<&str> =
        (0..card.len()).step_by(4).map(|i| &card[i..(i + 4).min(card.len())]).collect();
    chunks.join(" ")
}

// ---- the front-matter splitter -------------------------------------------------------

/// Text made of fence lines, line ends, a BOM and short pieces of text: most generated
/// files hit a fence somewhere, and some hit every edge case at once.
fn record_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("+++".to_owned()),
        Just("+++\n".to_owned()),
        Just("+++ \r\n".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("++".to_owned()),
        "\\PC{0,6}",
        "[标题仙女镇 =\"a-z]{0,8}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn split_then_join_is_the_file(text in record_text()) {
        match split(&text) {
            Ok(parts) => {
                for at in [parts.front.start, parts.front.end, parts.body.start, parts.body.end] {
                    prop_assert!(text.is_char_boundary(at), "{} in {:?}", at, text);
                }
                prop_assert!(parts.front.start <= parts.front.end);
                prop_assert!(parts.front.end <= parts.body.start);
                prop_assert_eq!(parts.body.end, text.len());
                let open = &text[..parts.front.start];
                let close = &text[parts.front.end..parts.body.start];
                prop_assert_eq!(open.strip_prefix('\u{feff}').unwrap_or(open).trim_end(), "+++");
                prop_assert_eq!(close.trim_end(), "+++");
                let joined = [open, &text[parts.front.clone()], close, &text[parts.body.clone()]];
                prop_assert_eq!(joined.concat(), text.clone());
            }
            Err(SplitError::Unclosed(span)) => {
                prop_assert_eq!(text.get(span), Some("+++"));
            }
            Err(SplitError::Missing) => {
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let first = text.split('\n').next().unwrap_or("");
                prop_assert_ne!(first.trim_end(), "+++");
            }
        }
    }

    #[test]
    fn a_front_matter_and_body_come_back_out(
        front in "[a-z =\"标题\\n]{0,40}",
        body in "\\PC{0,40}",
        crlf in any::<bool>(),
    ) {
        prop_assume!(!front.lines().any(|l| l.trim_end() == "+++"));
        let nl = if crlf { "\r\n" } else { "\n" };
        let front = if front.is_empty() || front.ends_with('\n') { front } else { format!("{front}\n") };
        let front = front.replace('\n', nl);
        let text = format!("+++{nl}{front}+++{nl}{body}");
        let parts = split(&text).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(&text[parts.front], front.as_str());
        prop_assert_eq!(&text[parts.body], body.as_str());
    }
}
