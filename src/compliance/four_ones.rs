//! A village's four ones (四个一): 民主理财证 (its finance group), 村务公开记录簿,
//! 村务公开栏 and 村务公开意见箱 must all be declared in its `unit.toml`.

use crate::diagnostics::{Diagnostic, Problem};
use crate::unit::Unit;

/// The `unit.toml` keys of the four ones a village has not declared.
pub(crate) fn missing(unit: &Unit) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if unit.board.is_none() {
        missing.push("board");
    }
    if unit.mailbox.is_none() {
        missing.push("mailbox");
    }
    if unit.finance_group.is_empty() {
        missing.push("finance_group");
    }
    if unit.record_book.is_none() {
        missing.push("record_book");
    }
    missing
}

pub(crate) fn check(unit: &Unit) -> Option<Diagnostic> {
    if !unit.is_village() {
        return None;
    }
    let missing = missing(unit);
    (!missing.is_empty())
        .then(|| Diagnostic::at_start(Problem::FourOnesMissing { missing }, unit.file))
}
