//! The time allowed for dynamic items and feedback (SPEC §2 `[refresh]`):
//! `dynamic_within_days` calendar days after the event, or, when the repository sets
//! `dynamic_within_working_days`, that many working days (工作日, counted with the holiday
//! calendar, as the 条例 Art. 26 counts its 20 working days).

use crate::dates::{self, Date};
use crate::repo::Repo;
use crate::workdays::WorkCalendar;

/// How long after a day something is due.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limit<'a> {
    pub(crate) days: i64,
    /// `days` are working days, counted with `calendar`.
    pub(crate) working: bool,
    calendar: &'a WorkCalendar,
}

impl<'a> Limit<'a> {
    pub(crate) fn from_repo(repo: &'a Repo) -> Limit<'a> {
        let settings = &repo.settings;
        match settings.dynamic_within_working_days {
            Some(days) => Limit { days, working: true, calendar: &repo.calendar },
            None => Limit {
                days: settings.dynamic_within_days,
                working: false,
                calendar: &repo.calendar,
            },
        }
    }

    /// The last day that is still on time for something that happened on `from`.
    pub(crate) fn due(self, from: Date) -> Date {
        if self.working {
            self.calendar.add_working_days(from, self.days)
        } else {
            dates::add_days(from, self.days)
        }
    }

    /// Whether `done` is on time for `from` (the due day itself counts as on time).
    pub(crate) fn on_time(self, from: Date, done: Date) -> bool {
        done <= self.due(from)
    }

    /// The time from `from` to `to` in the limit's unit (days or working days).
    pub(crate) fn elapsed(self, from: Date, to: Date) -> i64 {
        if self.working {
            self.calendar.working_days_between(from, to)
        } else {
            dates::days_between(from, to)
        }
    }

    /// The years from `from` to its deadline that working days are counted in without a
    /// calendar (none when the limit is in calendar days).
    pub(crate) fn uncovered_years(self, from: Date) -> Vec<i16> {
        if self.working { self.calendar.uncovered_years(from, self.due(from)) } else { Vec::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        dates::parse_date(text).unwrap_or_else(|| panic!("bad test date {text}"))
    }

    #[test]
    fn exactly_the_limit_is_on_time_one_more_is_late() {
        let calendar = WorkCalendar::builtin();
        let limit = Limit { days: 20, working: false, calendar: &calendar };
        let event = d("2026-03-05");
        assert!(limit.on_time(event, dates::add_days(event, 20)));
        assert!(!limit.on_time(event, dates::add_days(event, 21)));
        assert!(limit.on_time(event, event));
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let calendar = WorkCalendar::builtin();
        let limit = Limit { days: 20, working: true, calendar: &calendar };
        // Thursday 2026-02-05 + 20 working days: the Spring Festival (02-15..23) is off,
        // 02-14 and 02-28 are worked → Wednesday 2026-03-11.
        assert_eq!(limit.due(d("2026-02-05")), d("2026-03-11"));
        assert!(limit.on_time(d("2026-02-05"), d("2026-03-11")));
        assert!(!limit.on_time(d("2026-02-05"), d("2026-03-12")));
        assert_eq!(limit.elapsed(d("2026-02-05"), d("2026-03-12")), 21);
        assert!(limit.uncovered_years(d("2026-02-05")).is_empty());
        assert_eq!(limit.uncovered_years(d("2026-12-20")), [2027]);
    }
}
