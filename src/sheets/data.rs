//! The data contract between gongkai and the sheet template: what one board
//! sheet shows, as plain serialisable values.
//!
//! This module owns the shape of `/data.json`, the only way records reach a
//! template (`#let data = json("/data.json")`). Records are never spliced into
//! Typst markup, so a title such as `#panic()` or `*` prints as itself. It does
//! not own how checked records become a [`Board`] (that is `boards.rs`, which
//! picks the current records, formats dates and figures) nor the rendering
//! ([`super::pdf`]).
//!
//! Every string is final display text: dates are preformatted Chinese strings
//! (`2026年8月15日`), amounts carry their unit (`12.50万元`). The template does
//! no formatting beyond layout, so a user theme cannot get a date wrong.
//!
//! The engine adds two things when it writes `/data.json` (see `docs/sheet-data.md`):
//! `paper` (`"a3"` or `"a4"`) at the top level and `qr` (a virtual path such
//! as `/qr/0-3.svg`, for `image(..)`) on every record that has a `url`.

use serde::Serialize;

/// One board sheet: a unit's external or internal board for one refresh window.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Board {
    /// The unit whose board this is.
    pub(crate) unit: Unit,
    /// The board's name after the unit name: `政务公开栏`, `村务公开栏`.
    pub(crate) board_title: String,
    /// Who may read it; an internal board is marked 对内公开 on every page.
    pub(crate) audience: Audience,
    /// The refresh window this sheet is posted for.
    pub(crate) window: Window,
    /// The next refresh window, printed in the footer (下次刷新).
    pub(crate) next_window: Window,
    /// Who reviewed the sheet's content (审核人) and when.
    pub(crate) reviewed: Review,
    /// The classes in catalogue order, each with its current records.
    pub(crate) classes: Vec<Class>,
    /// The window code the sheet was generated for, e.g. `2026-08`.
    pub(crate) generated_for: String,
}

impl Board {
    /// How many records the sheet prints: what its render time grows with.
    pub(crate) fn record_count(&self) -> usize {
        self.classes.iter().map(|c| c.records.len()).sum()
    }
}

/// The unit, with the contact details every sheet must print.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Unit {
    /// The unit id (its path under `units/`), e.g. `yangzhou/jiangdu/xiannv`.
    pub(crate) id: String,
    /// Display name, e.g. `仙女镇`.
    pub(crate) name: String,
    /// `city`, `county`, `township`, `village`, `department` or `station`.
    pub(crate) level: String,
    /// Supervision phone (监督电话).
    pub(crate) phone: String,
    /// Where the noticeboard stands.
    pub(crate) board: String,
    /// Where the suggestion box (意见箱) is.
    pub(crate) mailbox: String,
}

/// External (对外公开) or internal (对内公开) board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Audience {
    External,
    Internal,
}

/// A refresh window, preformatted.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Window {
    /// Machine code, e.g. `2026-08`.
    pub(crate) code: String,
    /// First day, e.g. `2026年8月15日`.
    pub(crate) start: String,
    /// Last day, e.g. `2026年8月25日`.
    pub(crate) end: String,
    /// The range as printed, e.g. `2026年8月15日—8月25日`.
    pub(crate) label: String,
}

/// Reviewer (审核人) and review date of the sheet as a whole.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Review {
    pub(crate) by: String,
    /// e.g. `2026年8月14日`.
    pub(crate) on: String,
}

/// One disclosure class and its current records.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Class {
    /// Class id, e.g. `funds`.
    pub(crate) id: String,
    /// Display name, e.g. `资金管理`.
    pub(crate) name: String,
    /// Current records, in the order they should be printed (newest first).
    pub(crate) records: Vec<Record>,
}

/// One record as printed on the board.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Record {
    pub(crate) title: String,
    /// Publication date, e.g. `2026年3月18日`.
    pub(crate) date: String,
    /// Plain text: the record's `summary`, else the first lines of its body
    /// with Markdown removed. May be empty.
    pub(crate) summary: String,
    /// Key figures from the class's typed fields, in schema order.
    pub(crate) figures: Vec<Figure>,
    /// Absolute URL of the record's page; the engine draws a QR code for it.
    pub(crate) url: Option<String>,
    /// 索引号.
    pub(crate) index_no: String,
    /// 文号, when the record has one.
    pub(crate) doc_no: Option<String>,
    /// 审核人 of the record.
    pub(crate) reviewed_by: String,
    /// e.g. `2026年3月16日`.
    pub(crate) reviewed_on: String,
}

/// One row of a record's key figures, e.g. `招标底价` → `128.60万元`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Figure {
    pub(crate) label: String,
    pub(crate) value: String,
    /// A single amount or number (set right-aligned); text and table rows are not.
    pub(crate) numeric: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_serialises_lowercase() {
        let json = serde_json::to_string(&[Audience::External, Audience::Internal]);
        assert_eq!(json.ok().as_deref(), Some(r#"["external","internal"]"#));
    }
}
