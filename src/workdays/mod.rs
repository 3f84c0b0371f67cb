//! Working days (工作日) with the official holiday calendar.
//!
//! A day is a working day when it is a make-up working day (调休上班日) of the calendar,
//! or else when it is Monday to Friday and not inside a public holiday (放假日). The
//! calendar is data (`data.rs`: the built-in `catalogues/calendar/*.toml`, overridable by
//! the repository's own); a year it does not cover is counted Monday to Friday only, and
//! the callers say so (`uncovered_years`).
//!
//! Counting follows the 条例's "within N working days of receipt": the day itself does
//! not count, so [`WorkCalendar::add_working_days`]`(d, n)` is the n-th working day after
//! `d`, and [`WorkCalendar::working_days_between`]`(a, b)` counts the working days in
//! `(a, b]`. Pure: values in, values out.

mod data;

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Weekday;
use serde::Serialize;

use crate::dates::{self, Date};

pub(crate) use data::load;

/// One holiday as announced: the days off and the weekend days worked in exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Holiday {
    pub(crate) name: String,
    pub(crate) from: Date,
    pub(crate) to: Date,
    pub(crate) workdays: Vec<Date>,
}

/// The holidays of one year and the notice they come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Year {
    pub(crate) year: i16,
    pub(crate) source: String,
    pub(crate) issued: Option<Date>,
    pub(crate) holidays: Vec<Holiday>,
}

/// The working-day calendar: the covered years and, for fast look-ups, every day off and
/// every make-up working day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct WorkCalendar {
    years: BTreeMap<i16, Year>,
    /// Days off, with the index of their holiday in `holidays`.
    off: BTreeMap<Date, usize>,
    /// Make-up working days, with the index of their holiday.
    work: BTreeMap<Date, usize>,
    holidays: Vec<Holiday>,
}

impl WorkCalendar {
    /// A calendar of these years (a later entry for a year replaces an earlier one).
    pub(crate) fn new(years: impl IntoIterator<Item = Year>) -> WorkCalendar {
        let mut by_year = BTreeMap::new();
        for year in years {
            by_year.insert(year.year, year);
        }
        let mut calendar = WorkCalendar { years: by_year, ..WorkCalendar::default() };
        let holidays: Vec<Holiday> =
            calendar.years.values().flat_map(|y| y.holidays.iter().cloned()).collect();
        for (i, holiday) in holidays.iter().enumerate() {
            let mut day = holiday.from;
            while day <= holiday.to {
                calendar.off.insert(day, i);
                let next = dates::add_days(day, 1);
                if next == day {
                    break;
                }
                day = next;
            }
            for &w in &holiday.workdays {
                calendar.work.insert(w, i);
            }
        }
        calendar.holidays = holidays;
        calendar
    }

    /// The built-in calendar (`catalogues/calendar/`), without the repository's changes.
    #[cfg(test)]
    pub(crate) fn builtin() -> WorkCalendar {
        WorkCalendar::new(data::builtin_years().unwrap_or_else(|e| panic!("{e}")))
    }

    pub(crate) fn covers(&self, year: i16) -> bool {
        self.years.contains_key(&year)
    }

    /// The years from `from` to `to` (either order) that the calendar does not cover.
    pub(crate) fn uncovered_years(&self, from: Date, to: Date) -> Vec<i16> {
        let (a, b) = if from <= to { (from, to) } else { (to, from) };
        (a.year()..=b.year()).filter(|y| !self.covers(*y)).collect()
    }

    /// `2024–2026`, or `2024、2026` when there are gaps; empty when none.
    pub(crate) fn covered_label(&self) -> String {
        let years: Vec<i16> = self.years.keys().copied().collect();
        match (years.first(), years.last()) {
            (Some(first), Some(last)) if i32::from(*last - *first) + 1 == years.len() as i32 => {
                if first == last {
                    first.to_string()
                } else {
                    format!("{first}–{last}")
                }
            }
            _ => years.iter().map(i16::to_string).collect::<Vec<_>>().join("、"),
        }
    }

    pub(crate) fn is_working_day(&self, day: Date) -> bool {
        if self.work.contains_key(&day) {
            return true;
        }
        is_weekday(day) && !self.off.contains_key(&day)
    }

    /// The `n`-th working day after `day` (`day` itself for `n <= 0`).
    pub(crate) fn add_working_days(&self, day: Date, n: i64) -> Date {
        let mut day = day;
        let mut left = n.max(0);
        while left > 0 {
            // A plain week (no holiday, no make-up day) has exactly five working days.
            let week_end = dates::add_days(day, 7);
            if left > 5 && week_end != day && !self.has_entries(day, week_end) {
                day = week_end;
                left -= 5;
                continue;
            }
            let next = dates::add_days(day, 1);
            if next == day {
                break; // the end of the calendar: nothing later exists
            }
            day = next;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The working days in `(from, to]`; negative (the same count) when `to` is earlier.
    pub(crate) fn working_days_between(&self, from: Date, to: Date) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let mut count = weekdays_between(from, to);
        let bounds = (std::ops::Bound::Excluded(from), std::ops::Bound::Included(to));
        count -= self
            .off
            .range(bounds)
            .filter(|(d, _)| is_weekday(**d) && !self.work.contains_key(d))
            .count() as i64;
        count += self.work.range(bounds).filter(|(d, _)| !is_weekday(**d)).count() as i64;
        count
    }

    /// The holidays that take at least one weekday out of `(from, to]`, and the make-up
    /// working days in it: what a derivation names so the count can be followed.
    pub(crate) fn breaks_in(&self, from: Date, to: Date) -> (Vec<&Holiday>, Vec<Date>) {
        if to <= from {
            return (Vec::new(), Vec::new());
        }
        let bounds = (std::ops::Bound::Excluded(from), std::ops::Bound::Included(to));
        let mut indices = BTreeSet::new();
        for (day, &i) in self.off.range(bounds) {
            if is_weekday(*day) && !self.work.contains_key(day) {
                indices.insert(i);
            }
        }
        let makeup: Vec<Date> =
            self.work.range(bounds).filter(|(d, _)| !is_weekday(**d)).map(|(d, _)| *d).collect();
        (indices.into_iter().map(|i| &self.holidays[i]).collect(), makeup)
    }

    /// Whether any day of `(from, to]` is a day off or a make-up working day.
    fn has_entries(&self, from: Date, to: Date) -> bool {
        let bounds = (std::ops::Bound::Excluded(from), std::ops::Bound::Included(to));
        self.off.range(bounds).next().is_some() || self.work.range(bounds).next().is_some()
    }
}

fn is_weekday(day: Date) -> bool {
    !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// Monday-to-Friday days in `(from, to]`, `from <= to`.
fn weekdays_between(from: Date, to: Date) -> i64 {
    let days = dates::days_between(from, to);
    let mut count = days / 7 * 5;
    let mut day = dates::add_days(from, days / 7 * 7);
    while day < to {
        day = dates::add_days(day, 1);
        count += i64::from(is_weekday(day));
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(text: &str) -> Date {
        dates::parse_date(text).unwrap_or_else(|| panic!("bad test date {text}"))
    }

    #[test]
    fn the_2026_spring_festival_and_its_make_up_days() {
        let cal = WorkCalendar::builtin();
        assert!(cal.is_working_day(d("2026-02-13")), "Friday before");
        assert!(cal.is_working_day(d("2026-02-14")), "Saturday worked (调休)");
        for day in 15..=23 {
            assert!(!cal.is_working_day(d(&format!("2026-02-{day}"))), "02-{day} is off");
        }
        assert!(cal.is_working_day(d("2026-02-24")));
        assert!(cal.is_working_day(d("2026-02-28")), "Saturday worked (调休)");
        assert!(!cal.is_working_day(d("2026-03-01")), "an ordinary Sunday");
        // From Thursday 02-12: 13th (1), 14th Sat (2), 24th–27th (3–6), 28th Sat (7).
        assert_eq!(cal.add_working_days(d("2026-02-12"), 7), d("2026-02-28"));
        assert_eq!(cal.working_days_between(d("2026-02-12"), d("2026-02-28")), 7);
        let (holidays, makeup) = cal.breaks_in(d("2026-02-12"), d("2026-02-28"));
        assert_eq!(holidays.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(), ["春节"]);
        assert_eq!(makeup, [d("2026-02-14"), d("2026-02-28")]);
    }

    #[test]
    fn the_day_itself_does_not_count() {
        let cal = WorkCalendar::builtin();
        // Monday 2026-03-02 + 20 working days: Monday 03-30.
        assert_eq!(cal.add_working_days(d("2026-03-02"), 20), d("2026-03-30"));
        // A request on a Saturday: counting starts on Monday.
        assert_eq!(cal.add_working_days(d("2026-03-07"), 1), d("2026-03-09"));
        assert_eq!(cal.add_working_days(d("2026-03-07"), 0), d("2026-03-07"));
        // Across 清明 (04-04..04-06, Monday 04-06 off): the brief's example.
        assert_eq!(cal.add_working_days(d("2026-03-10"), 20), d("2026-04-08"));
    }

    #[test]
    fn uncovered_years_are_counted_monday_to_friday() {
        let cal = WorkCalendar::builtin();
        assert_eq!(cal.uncovered_years(d("2026-12-20"), d("2027-01-20")), [2027]);
        assert!(cal.uncovered_years(d("2026-01-01"), d("2026-12-31")).is_empty());
        // 2027-01-01 is a Friday: without a calendar it counts as a working day.
        assert!(cal.is_working_day(d("2027-01-01")));
        assert_eq!(cal.covered_label(), "2024–2026");
    }

    #[test]
    fn a_calendar_without_years_is_monday_to_friday() {
        let cal = WorkCalendar::default();
        assert!(cal.is_working_day(d("2026-02-16")));
        assert_eq!(cal.add_working_days(d("2026-02-13"), 5), d("2026-02-20"));
        assert_eq!(cal.covered_label(), "");
    }

    #[test]
    fn the_end_of_the_calendar_does_not_loop() {
        let cal = WorkCalendar::builtin();
        let last = d("9999-12-30");
        assert_eq!(cal.add_working_days(last, 1_000_000), d("9999-12-31"));
        assert!(cal.working_days_between(d("2026-01-01"), last) > 0);
    }

    fn any_day() -> impl Strategy<Value = Date> {
        // 2023-01-01 .. 2028-12-31: around and inside the built-in years.
        (0i64..2192).prop_map(|n| dates::add_days(Date::constant(2023, 1, 1), n))
    }

    proptest! {
        #[test]
        fn adding_lands_on_a_working_day_after_the_start(day in any_day(), n in 1i64..80) {
            let cal = WorkCalendar::builtin();
            let end = cal.add_working_days(day, n);
            prop_assert!(end > day);
            prop_assert!(cal.is_working_day(end));
            // It is the first day with n working days: the day before has n - 1.
            prop_assert_eq!(cal.working_days_between(day, dates::add_days(end, -1)), n - 1);
        }

        #[test]
        fn counting_undoes_adding(day in any_day(), n in 0i64..80) {
            let cal = WorkCalendar::builtin();
            prop_assert_eq!(cal.working_days_between(day, cal.add_working_days(day, n)), n);
        }

        #[test]
        fn adding_is_additive(day in any_day(), a in 0i64..40, b in 0i64..40) {
            let cal = WorkCalendar::builtin();
            prop_assert_eq!(
                cal.add_working_days(cal.add_working_days(day, a), b),
                cal.add_working_days(day, a + b)
            );
        }

        #[test]
        fn adding_is_monotonic(x in any_day(), y in any_day(), n in 0i64..60) {
            let cal = WorkCalendar::builtin();
            let (a, b) = if x <= y { (x, y) } else { (y, x) };
            prop_assert!(cal.add_working_days(a, n) <= cal.add_working_days(b, n));
        }

        #[test]
        fn counts_add_up_and_are_antisymmetric(a in any_day(), b in any_day(), c in any_day()) {
            let cal = WorkCalendar::builtin();
            let between = |x, y| cal.working_days_between(x, y);
            prop_assert_eq!(between(a, b), -between(b, a));
            prop_assert_eq!(between(a, c), between(a, b) + between(b, c));
            // The count is the number of working days, day by day.
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let mut by_day = 0;
            let mut day = lo;
            while day < hi {
                day = dates::add_days(day, 1);
                by_day += i64::from(cal.is_working_day(day));
            }
            prop_assert_eq!(between(lo, hi), by_day);
        }

        #[test]
        fn holidays_are_off_and_make_up_days_are_worked(day in any_day()) {
            let cal = WorkCalendar::builtin();
            let listed_off = cal.off.contains_key(&day);
            let listed_work = cal.work.contains_key(&day);
            prop_assert!(!(listed_off && listed_work));
            if listed_off { prop_assert!(!cal.is_working_day(day)); }
            if listed_work { prop_assert!(cal.is_working_day(day)); }
            if !listed_off && !listed_work {
                prop_assert_eq!(cal.is_working_day(day), is_weekday(day));
            }
        }

        #[test]
        fn a_plain_week_has_five_working_days(day in any_day()) {
            let cal = WorkCalendar::default();
            prop_assert_eq!(cal.working_days_between(day, dates::add_days(day, 7)), 5);
            if is_weekday(day) {
                prop_assert_eq!(cal.add_working_days(day, 5), dates::add_days(day, 7));
            }
        }
    }
}
