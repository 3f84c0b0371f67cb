//! The reply deadline of a disclosure request (依申请公开) and how it was computed.
//!
//! 条例 Art. 30–33, as SPEC §2 puts them: the reply is due 20 working days after receipt,
//! or after the supplement (补正) arrived when one was asked for (the clock restarts);
//! third-party consultation (征求第三方意见, `consultation_days`) is not counted; an
//! extension notified within the original period (`extended_on`) adds 20 working days.
//!
//! The original period here includes the consultation days: they are "not counted" in
//! whichever period they fell, and an extension notified on the last day of a period
//! lengthened by consultation is on time. Every step is kept ([`Derivation`]) so `check`
//! and `due` can show how the date came about (alaveteli#5101), with the holidays and
//! make-up days that moved it and the years counted without a calendar.

use std::fmt::Write as _;

use serde::Serialize;

use crate::dates::Date;
use crate::i18n::Lang;
use crate::request::Request;
use crate::workdays::WorkCalendar;

/// Working days to reply (Art. 33).
pub(crate) const REPLY_DAYS: i64 = 20;
/// Working days an extension adds (Art. 33).
pub(crate) const EXTENSION_DAYS: i64 = 20;
/// Working days to ask for a supplement (Art. 30).
pub(crate) const CLARIFICATION_DAYS: i64 = 7;

/// One step of the computation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub(crate) enum Step {
    /// The request was received.
    Received { date: Date },
    /// The supplement arrived: the clock restarts on this day.
    Supplement { date: Date },
    /// The reply period from the start of the clock.
    Reply { working_days: i64, due: Date },
    /// Third-party consultation, not counted.
    Consultation { working_days: i64, due: Date },
    /// An extension notified on `notice`.
    Extension { working_days: i64, notice: Date, due: Date },
}

/// A holiday that took working days out of the counted period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct HolidayOff {
    pub(crate) name: String,
    pub(crate) from: Date,
    pub(crate) to: Date,
}

/// How a deadline was computed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Derivation {
    pub(crate) steps: Vec<Step>,
    /// Holidays inside the counted period that took working days out of it.
    pub(crate) holidays: Vec<HolidayOff>,
    /// Weekend days worked (调休) inside the counted period.
    pub(crate) makeup_days: Vec<Date>,
    /// Years of the period the holiday calendar does not cover (counted Monday to Friday).
    pub(crate) uncovered_years: Vec<i16>,
}

/// A running clock's deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Deadline {
    /// The day the clock started: `received`, or `clarification_received`.
    pub(crate) start: Date,
    /// The deadline without an extension: the last day an extension can be notified.
    pub(crate) original: Date,
    /// The deadline.
    pub(crate) due: Date,
    pub(crate) derivation: Derivation,
}

/// Where a request's clock stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Clock {
    /// No usable `received` date (already reported).
    NoReceipt,
    /// A supplement was asked for on `sent` and has not arrived: the clock is stopped.
    AwaitingSupplement {
        sent: Date,
    },
    Running(Deadline),
}

/// The last day to ask for a supplement.
pub(crate) fn clarification_due(received: Date, calendar: &WorkCalendar) -> Date {
    calendar.add_working_days(received, CLARIFICATION_DAYS)
}

/// The request's deadline.
pub(crate) fn clock(request: &Request, calendar: &WorkCalendar) -> Clock {
    let Some(received) = request.received else { return Clock::NoReceipt };
    let mut steps = vec![Step::Received { date: received }];
    let start = match (request.clarification_sent, request.clarification_received) {
        // A supplement before the request itself is reported; the clock ignores it.
        (_, Some(arrived)) if arrived >= received => {
            steps.push(Step::Supplement { date: arrived });
            arrived
        }
        (Some(sent), None) => return Clock::AwaitingSupplement { sent },
        _ => received,
    };
    let mut due = calendar.add_working_days(start, REPLY_DAYS);
    steps.push(Step::Reply { working_days: REPLY_DAYS, due });
    if request.consultation_days > 0 {
        due = calendar.add_working_days(due, request.consultation_days);
        steps.push(Step::Consultation { working_days: request.consultation_days, due });
    }
    let original = due;
    if let Some(notice) = request.extended_on.filter(|n| received <= *n && *n <= original) {
        due = calendar.add_working_days(due, EXTENSION_DAYS);
        steps.push(Step::Extension { working_days: EXTENSION_DAYS, notice, due });
    }
    let (holidays, makeup_days) = calendar.breaks_in(start, due);
    let derivation = Derivation {
        steps,
        holidays: holidays
            .into_iter()
            .map(|h| HolidayOff { name: h.name.clone(), from: h.from, to: h.to })
            .collect(),
        makeup_days,
        uncovered_years: calendar.uncovered_years(received, due),
    };
    Clock::Running(Deadline { start, original, due, derivation })
}

impl Derivation {
    /// `收到 2026-03-02 → 补正到达 2026-03-10 起算 20 个工作日 → 2026-04-08,…`.
    pub(crate) fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        let supplement = self.steps.iter().any(|s| matches!(s, Step::Supplement { .. }));
        for step in &self.steps {
            let _ = match (step, lang) {
                (Step::Received { date }, Lang::Zh) if supplement => write!(out, "收到 {date} → "),
                (Step::Received { date }, Lang::Zh) => write!(out, "收到 {date} "),
                (Step::Received { date }, Lang::En) if supplement => {
                    write!(out, "received {date} → ")
                }
                (Step::Received { date }, Lang::En) => write!(out, "received {date}, "),
                (Step::Supplement { date }, Lang::Zh) => write!(out, "补正到达 {date} "),
                (Step::Supplement { date }, Lang::En) => {
                    write!(out, "supplement arrived {date}, ")
                }
                (Step::Reply { working_days, due }, Lang::Zh) => {
                    write!(out, "起算 {working_days} 个工作日 → {due}")
                }
                (Step::Reply { working_days, due }, Lang::En) => {
                    write!(out, "{working_days} working days from then → {due}")
                }
                (Step::Consultation { working_days, due }, Lang::Zh) => {
                    write!(out, ",征求第三方意见 {working_days} 个工作日不计入 → {due}")
                }
                (Step::Consultation { working_days, due }, Lang::En) => write!(
                    out,
                    "; third-party consultation, {working_days} working days not counted → {due}"
                ),
                (Step::Extension { working_days, notice, due }, Lang::Zh) => {
                    write!(out, ",延期 {working_days} 个工作日({notice} 告知)→ {due}")
                }
                (Step::Extension { working_days, notice, due }, Lang::En) => write!(
                    out,
                    "; extended by {working_days} working days (notified {notice}) → {due}"
                ),
            };
        }
        out.push_str(&self.notes(lang));
        out
    }

    /// The holidays, make-up days and uncovered years, in parentheses (or nothing).
    fn notes(&self, lang: Lang) -> String {
        let mut notes = Vec::new();
        let span = |h: &HolidayOff| {
            if h.from == h.to {
                h.from.to_string()
            } else {
                format!("{}{}{}", h.from, lang.pick("—", " to "), h.to)
            }
        };
        if !self.holidays.is_empty() {
            let list: Vec<String> =
                self.holidays.iter().map(|h| format!("{} {}", h.name, span(h))).collect();
            notes.push(match lang {
                Lang::Zh => format!("其间{} 放假", list.join("、")),
                Lang::En => format!("days off: {}", list.join(", ")),
            });
        }
        if !self.makeup_days.is_empty() {
            let list: Vec<String> = self.makeup_days.iter().map(Date::to_string).collect();
            notes.push(match lang {
                Lang::Zh => format!("{} 调休上班", list.join("、")),
                Lang::En => format!("make-up working days: {}", list.join(", ")),
            });
        }
        if !self.uncovered_years.is_empty() {
            let years: Vec<String> = self.uncovered_years.iter().map(i16::to_string).collect();
            notes.push(match lang {
                Lang::Zh => format!("{} 年不在节假日日历中,按周一至周五计", years.join("、")),
                Lang::En => format!(
                    "{} not in the holiday calendar: counted Monday to Friday",
                    years.join(", ")
                ),
            });
        }
        match (notes.is_empty(), lang) {
            (true, _) => String::new(),
            (false, Lang::Zh) => format!("({})", notes.join(";")),
            (false, Lang::En) => format!(" ({})", notes.join("; ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;
    use crate::schema::Fields;
    use crate::source::FileId;

    fn d(text: &str) -> Date {
        parse_date(text).unwrap_or_else(|| panic!("bad test date {text}"))
    }

    fn request() -> Request {
        Request {
            file: FileId(0),
            unit: 0,
            slug: "r".into(),
            received: Some(d("2026-03-02")),
            channel: None,
            requester: None,
            subject: None,
            clarification_sent: None,
            clarification_received: None,
            consultation_days: 0,
            extended_on: None,
            replied: None,
            outcome: None,
            reason: None,
            fields: Fields::default(),
        }
    }

    fn running(request: &Request) -> Deadline {
        match clock(request, &WorkCalendar::builtin()) {
            Clock::Running(deadline) => deadline,
            other => panic!("not running: {other:?}"),
        }
    }

    #[test]
    fn twenty_working_days_after_receipt() {
        let deadline = running(&request());
        assert_eq!(deadline.due, d("2026-03-30"));
        assert_eq!(
            deadline.derivation.text(Lang::Zh),
            "收到 2026-03-02 起算 20 个工作日 → 2026-03-30"
        );
        assert_eq!(
            deadline.derivation.text(Lang::En),
            "received 2026-03-02, 20 working days from then → 2026-03-30"
        );
    }

    #[test]
    fn the_spec_example_step_by_step() {
        let r = Request {
            clarification_sent: Some(d("2026-03-05")),
            clarification_received: Some(d("2026-03-10")),
            consultation_days: 10,
            extended_on: Some(d("2026-03-25")),
            ..request()
        };
        let deadline = running(&r);
        assert_eq!(deadline.start, d("2026-03-10"));
        // 03-10 + 20 → 04-08 (清明 04-06 off); + 10 → 04-22; + 20 → 05-22 (劳动节 05-01..05
        // off, 05-09 worked).
        assert_eq!(deadline.original, d("2026-04-22"));
        assert_eq!(deadline.due, d("2026-05-22"));
        assert_eq!(
            deadline.derivation.text(Lang::Zh),
            "收到 2026-03-02 → 补正到达 2026-03-10 起算 20 个工作日 → 2026-04-08,征求第三方意见 10 个工作日不计入 → 2026-04-22,延期 20 个工作日(2026-03-25 告知)→ 2026-05-22(其间清明节 2026-04-04—2026-04-06、劳动节 2026-05-01—2026-05-05 放假;2026-05-09 调休上班)"
        );
    }

    #[test]
    fn a_supplement_not_arrived_stops_the_clock() {
        let r = Request { clarification_sent: Some(d("2026-03-05")), ..request() };
        assert_eq!(
            clock(&r, &WorkCalendar::builtin()),
            Clock::AwaitingSupplement { sent: d("2026-03-05") }
        );
    }

    #[test]
    fn a_late_extension_does_not_count() {
        let r = Request { extended_on: Some(d("2026-03-31")), ..request() };
        let deadline = running(&r);
        assert_eq!(deadline.due, d("2026-03-30"));
        let r = Request { extended_on: Some(d("2026-03-30")), ..request() };
        assert_eq!(running(&r).due, d("2026-04-28"));
    }

    #[test]
    fn years_without_a_calendar_are_named() {
        let r = Request { received: Some(d("2026-12-21")), ..request() };
        let deadline = running(&r);
        assert_eq!(deadline.due, d("2027-01-18"));
        assert_eq!(deadline.derivation.uncovered_years, [2027]);
        assert!(
            deadline
                .derivation
                .text(Lang::En)
                .ends_with(" (2027 not in the holiday calendar: counted Monday to Friday)"),
            "{}",
            deadline.derivation.text(Lang::En)
        );
    }
}
