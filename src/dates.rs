//! Calendar dates and the unified refresh windows (统一刷新时间).
//!
//! gongkai deals only in civil dates (no times, no time zones): a record is published on a
//! day, a window runs from one day to another, and `--as-of` is a day. Refresh windows are
//! written as `MM-DD..MM-DD` in `gongkai.toml` and recur every year; [`Windows`] answers
//! the questions the compliance rules and the sheets ask of them.

use std::fmt;

pub(crate) use jiff::civil::Date;

/// Builds a date, or `None` when it does not exist (2026-02-30).
pub(crate) fn date(year: i64, month: i64, day: i64) -> Option<Date> {
    let year = i16::try_from(year).ok()?;
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(year, month, day).ok()
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    date(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `date + days`, saturating at jiff's range (years -9999..=9999), which no real record
/// reaches.
pub(crate) fn add_days(date: Date, days: i64) -> Date {
    date.saturating_add(jiff::Span::new().days(days.clamp(-7_000_000, 7_000_000)))
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days_between(from: Date, to: Date) -> i64 {
    to.since(from).map(|span| i64::from(span.get_days())).unwrap_or(0)
}

/// Today in the local time zone (falls back to UTC when the zone is unknown).
pub(crate) fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// `2026年3月18日`.
pub(crate) fn chinese(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// A day of the year, `MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct MonthDay {
    pub(crate) month: i8,
    pub(crate) day: i8,
}

impl MonthDay {
    /// Parses `MM-DD`; 02-29 is allowed (it falls on 02-28 in common years).
    pub(crate) fn parse(text: &str) -> Option<MonthDay> {
        let (m, d) = text.split_once('-')?;
        if m.len() != 2 || d.len() != 2 {
            return None;
        }
        let month: i8 = m.parse().ok()?;
        let day: i8 = d.parse().ok()?;
        // 2024 is a leap year, so this accepts exactly the days that exist in some year.
        Date::new(2024, month, day).ok()?;
        Some(MonthDay { month, day })
    }

    /// This day in `year`.
    pub(crate) fn in_year(self, year: i16) -> Date {
        Date::new(year, self.month, self.day)
            .or_else(|_| Date::new(year, self.month, self.day - 1))
            .unwrap_or(Date::constant(2000, 1, 1))
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// A yearly refresh window such as `08-15..08-25`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Window {
    pub(crate) start: MonthDay,
    pub(crate) end: MonthDay,
}

/// Why a `MM-DD..MM-DD` text is not a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WindowError {
    /// Not of the form `MM-DD..MM-DD`, or a day that does not exist.
    Malformed,
    /// The end comes before the start (windows may not span the new year).
    Backwards,
}

impl Window {
    pub(crate) fn parse(text: &str) -> Result<Window, WindowError> {
        let (start, end) = text.split_once("..").ok_or(WindowError::Malformed)?;
        let start = MonthDay::parse(start.trim()).ok_or(WindowError::Malformed)?;
        let end = MonthDay::parse(end.trim()).ok_or(WindowError::Malformed)?;
        if end < start {
            return Err(WindowError::Backwards);
        }
        Ok(Window { start, end })
    }

    /// This window in `year`.
    pub(crate) fn in_year(self, year: i16) -> Span {
        Span { start: self.start.in_year(year), end: self.end.in_year(year) }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A concrete window: from `start` to `end`, both days included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Span {
    pub(crate) start: Date,
    pub(crate) end: Date,
}

impl Span {
    pub(crate) fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }

    /// `2026-08` (the window's id in sheet paths and `--window`).
    pub(crate) fn id(&self) -> String {
        format!("{:04}-{:02}", self.start.year(), self.start.month())
    }

    /// `2026年8月15日—8月25日`.
    pub(crate) fn chinese(&self) -> String {
        if self.start.year() == self.end.year() {
            format!("{}—{}月{}日", chinese(self.start), self.end.month(), self.end.day())
        } else {
            format!("{}—{}", chinese(self.start), chinese(self.end))
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// The configured refresh windows, sorted by start day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Windows(Vec<Window>);

impl Default for Windows {
    /// 15–25 January, March and August, the unified refresh days of the township boards.
    fn default() -> Windows {
        let window = |m| Window { start: MonthDay { month: m, day: 15 }, end: MonthDay { month: m, day: 25 } };
        Windows(vec![window(1), window(3), window(8)])
    }
}

impl Windows {
    pub(crate) fn new(mut windows: Vec<Window>) -> Windows {
        windows.sort_by_key(|w| (w.start, w.end));
        windows.dedup();
        Windows(windows)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// All windows of the years `from..=to`, in order.
    pub(crate) fn spans(&self, from: i16, to: i16) -> Vec<Span> {
        (from..=to).flat_map(|year| self.0.iter().map(move |w| w.in_year(year))).collect()
    }

    /// The latest window that ended before `day`, its end day counting as inside it: on
    /// 08-25 the March window is the latest ended one, on 08-26 the August one.
    pub(crate) fn latest_ended(&self, day: Date) -> Option<Span> {
        let year = day.year();
        self.spans(year.saturating_sub(1), year).into_iter().filter(|s| s.end < day).max_by_key(|s| s.end)
    }

    /// The window `day` falls in, if any.
    pub(crate) fn current(&self, day: Date) -> Option<Span> {
        let year = day.year();
        self.spans(year.saturating_sub(1), year).into_iter().find(|s| s.contains(day))
    }

    /// The first window that starts after `day`.
    pub(crate) fn next(&self, day: Date) -> Option<Span> {
        let year = day.year();
        self.spans(year, year.saturating_add(1)).into_iter().find(|s| s.start > day)
    }

    /// The current window, else the next one (what the sheets print by default).
    pub(crate) fn current_or_next(&self, day: Date) -> Option<Span> {
        self.current(day).or_else(|| self.next(day))
    }

    /// The window whose id (`2026-08`) is `id`.
    pub(crate) fn by_id(&self, id: &str) -> Option<Span> {
        let year: i16 = id.get(..4)?.parse().ok()?;
        self.spans(year, year).into_iter().find(|s| s.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        parse_date(text).unwrap_or_else(|| panic!("bad test date {text}"))
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2028-02-29").is_some());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("2026-1-01").is_none());
        assert!(parse_date("２０２６-01-01").is_none());
    }

    #[test]
    fn window_syntax() {
        assert!(Window::parse("08-15..08-25").is_ok());
        assert_eq!(Window::parse("08-25..08-15"), Err(WindowError::Backwards));
        assert_eq!(Window::parse("8-15..08-25"), Err(WindowError::Malformed));
        assert_eq!(Window::parse("02-30..03-01"), Err(WindowError::Malformed));
        assert_eq!(Window::parse("08-15"), Err(WindowError::Malformed));
        assert!(Window::parse("02-29..03-01").is_ok());
        assert_eq!(MonthDay::parse("02-29").map(|m| m.in_year(2026)), Some(d("2026-02-28")));
    }

    #[test]
    fn the_end_day_of_a_window_counts_as_inside_it() {
        let w = Windows::default();
        assert_eq!(w.latest_ended(d("2026-08-25")).map(|s| s.start), Some(d("2026-03-15")));
        assert_eq!(w.latest_ended(d("2026-08-26")).map(|s| s.start), Some(d("2026-08-15")));
        assert_eq!(w.latest_ended(d("2026-01-10")).map(|s| s.start), Some(d("2025-08-15")));
    }

    #[test]
    fn current_and_next() {
        let w = Windows::default();
        assert_eq!(w.current(d("2026-08-15")).map(|s| s.id()), Some("2026-08".into()));
        assert_eq!(w.current(d("2026-08-26")), None);
        assert_eq!(w.next(d("2026-11-26")).map(|s| s.id()), Some("2027-01".into()));
        assert_eq!(w.current_or_next(d("2026-03-20")).map(|s| s.id()), Some("2026-03".into()));
        assert_eq!(w.by_id("2026-03").map(|s| s.end), Some(d("2026-03-25")));
        assert_eq!(w.by_id("2026-04"), None);
        assert_eq!(Windows::new(vec![]).next(d("2026-01-01")), None);
    }

    #[test]
    fn chinese_labels() {
        let span = Windows::default().by_id("2026-08");
        assert_eq!(span.map(|s| s.chinese()), Some("2026年8月15日—8月25日".into()));
    }

    #[test]
    fn day_arithmetic() {
        assert_eq!(add_days(d("2026-03-05"), 20), d("2026-03-25"));
        assert_eq!(days_between(d("2026-03-05"), d("2026-03-25")), 20);
        assert_eq!(days_between(d("2026-03-25"), d("2026-03-05")), -20);
        assert_eq!(days_between(d("2025-12-25"), d("2026-01-14")), 20);
    }
}
