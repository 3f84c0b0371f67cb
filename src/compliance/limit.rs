//! The time allowed for dynamic items and feedback: `dynamic_within_days` calendar days
//! after the event (SPEC §2 `[refresh]`).

use crate::config::Settings;
use crate::dates::{self, Date};

/// How long after a day something is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Limit {
    pub(crate) days: i64,
}

impl Limit {
    pub(crate) fn from_settings(settings: &Settings) -> Limit {
        Limit { days: settings.dynamic_within_days }
    }

    /// The last day that is still on time for something that happened on `from`.
    pub(crate) fn due(self, from: Date) -> Date {
        dates::add_days(from, self.days)
    }

    /// Whether `done` is on time for `from` (the due day itself counts as on time).
    pub(crate) fn on_time(self, from: Date, done: Date) -> bool {
        done <= self.due(from)
    }

    /// `20 天 / 20 days`, for messages.
    pub(crate) fn label(self) -> String {
        format!("{} 天 / {} days", self.days, self.days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_the_limit_is_on_time_one_more_is_late() {
        let limit = Limit { days: 20 };
        let event = dates::parse_date("2026-03-05").unwrap_or_else(|| panic!("date"));
        assert!(limit.on_time(event, dates::add_days(event, 20)));
        assert!(!limit.on_time(event, dates::add_days(event, 21)));
        assert!(limit.on_time(event, event));
    }
}
