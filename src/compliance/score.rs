//! The assessment (考核) scorecard of `gongkai report` and the site's compliance page:
//! five shares per unit and an overall score from 0 to 100 (the weights and why are in
//! `docs/scoring.md`).
//!
//! | share | counted among | counts |
//! |---|---|---|
//! | `covered` | required (non-optional) fixed classes | classes with a current record (not `missing`) |
//! | `fresh` | fixed classes, optional ones only when they have a current record | classes `ok` |
//! | `on_time` | records of dynamic classes published by the day, plus unpublished ones already past their deadline | published within `dynamic_within_days` of their `event` |
//! | `reviewed` | records published by the day | with `reviewed_by` and a `reviewed_on` not after `published` |
//! | `feedback` | feedback answered by the day, plus unanswered feedback past its deadline | answered within `dynamic_within_days` |
//!
//! A share with nothing to count is "n/a" (`None`), and its weight is spread over the
//! others in proportion; a unit with every share n/a has no score.
//!
//! Pure: values in, values out.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::limit::Limit;
use super::{Coverage, CoverageStatus};
use crate::catalogue::{Cadence, Level};
use crate::dates::Date;
use crate::record::{Record, Status};
use crate::repo::Repo;

/// The weights of the five shares, in the order of [`Scorecard::shares`]; they add up to
/// 100.
pub(crate) const WEIGHTS: [(&str, u32); 5] =
    [("covered", 30), ("fresh", 25), ("on_time", 20), ("reviewed", 15), ("feedback", 10)];

/// `count` out of `of`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Share {
    pub(crate) count: usize,
    pub(crate) of: usize,
}

impl Share {
    fn add(&mut self, counts: bool) {
        self.of += 1;
        self.count += usize::from(counts);
    }

    /// The share from 0 to 1; `None` ("n/a") when there is nothing to count.
    pub(crate) fn ratio(self) -> Option<f64> {
        (self.of > 0).then(|| self.count as f64 / self.of as f64)
    }

    /// The share in percent, one decimal (`83.3`).
    pub(crate) fn percent(self) -> Option<f64> {
        self.ratio().map(|r| round1(r * 100.0))
    }

    fn plus(self, other: Share) -> Share {
        Share { count: self.count + other.count, of: self.of + other.of }
    }
}

impl Serialize for Share {
    /// `{"count": 10, "of": 12, "share": 0.8333}` (`share` is null when `of` is 0).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Share", 3)?;
        s.serialize_field("count", &self.count)?;
        s.serialize_field("of", &self.of)?;
        s.serialize_field("share", &self.ratio().map(|r| (r * 10_000.0).round() / 10_000.0))?;
        s.end()
    }
}

/// One unit's scorecard (or the pooled total, with `unit` empty).
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct Scorecard {
    pub(crate) unit: String,
    pub(crate) name: String,
    pub(crate) level: Option<Level>,
    pub(crate) covered: Share,
    pub(crate) fresh: Share,
    pub(crate) on_time: Share,
    pub(crate) reviewed: Share,
    pub(crate) feedback: Share,
    /// 0–100 with one decimal; `None` when every share is n/a.
    pub(crate) score: Option<f64>,
}

impl Scorecard {
    /// The five shares, in the order of [`WEIGHTS`].
    pub(crate) fn shares(&self) -> [Share; 5] {
        [self.covered, self.fresh, self.on_time, self.reviewed, self.feedback]
    }

    fn with_score(mut self) -> Scorecard {
        self.score = score(&self.shares());
        self
    }
}

/// The weighted score of five shares: n/a shares drop out and the others' weights are
/// scaled up to fill 100.
pub(crate) fn score(shares: &[Share; 5]) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0u32);
    for (share, (_, weight)) in shares.iter().zip(WEIGHTS) {
        if let Some(ratio) = share.ratio() {
            sum += ratio * f64::from(weight);
            weights += weight;
        }
    }
    (weights > 0).then(|| round1(sum * 100.0 / f64::from(weights)))
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// One scorecard per unit that has classes to disclose, in unit order.
pub(crate) fn scorecards(repo: &Repo, coverage: &[Coverage], as_of: Date) -> Vec<Scorecard> {
    let limit = Limit::from_repo(repo);
    (0..repo.units.len())
        .filter(|&u| coverage.iter().any(|c| c.unit_index == u))
        .map(|u| scorecard(repo, coverage, u, as_of, limit))
        .collect()
}

/// The pooled scorecard of several units: counts added up, then scored.
pub(crate) fn total(cards: &[Scorecard]) -> Scorecard {
    let empty = Scorecard {
        unit: String::new(),
        name: String::new(),
        level: None,
        covered: Share::default(),
        fresh: Share::default(),
        on_time: Share::default(),
        reviewed: Share::default(),
        feedback: Share::default(),
        score: None,
    };
    cards
        .iter()
        .fold(empty, |t, c| Scorecard {
            covered: t.covered.plus(c.covered),
            fresh: t.fresh.plus(c.fresh),
            on_time: t.on_time.plus(c.on_time),
            reviewed: t.reviewed.plus(c.reviewed),
            feedback: t.feedback.plus(c.feedback),
            ..t
        })
        .with_score()
}

fn scorecard(
    repo: &Repo,
    coverage: &[Coverage],
    unit: usize,
    as_of: Date,
    limit: Limit<'_>,
) -> Scorecard {
    let (mut covered, mut fresh) = (Share::default(), Share::default());
    for cell in coverage.iter().filter(|c| c.unit_index == unit && c.fixed) {
        if !cell.optional {
            covered.add(cell.status != CoverageStatus::Missing);
        }
        if !cell.optional || cell.status != CoverageStatus::NotDue {
            fresh.add(cell.status == CoverageStatus::Ok);
        }
    }
    let records: Vec<&Record> = repo.records.iter().filter(|r| r.unit == unit).collect();
    let (mut on_time, mut reviewed, mut feedback) = Default::default();
    for record in &records {
        let published = record.published.filter(|p| record.is_published() && *p <= as_of);
        if repo.class_of(record).is_some_and(|c| c.cadence == Cadence::Dynamic) {
            count_on_time(record, published, as_of, limit, &mut on_time);
        }
        if let Some(published) = published {
            let ok =
                record.reviewed_by.is_some() && record.reviewed_on.is_some_and(|d| d <= published);
            Share::add(&mut reviewed, ok);
        }
        count_feedback(record, as_of, limit, &mut feedback);
    }
    let unit = &repo.units[unit];
    Scorecard {
        unit: unit.id.clone(),
        name: unit.name.clone(),
        level: unit.level,
        covered,
        fresh,
        on_time,
        reviewed,
        feedback,
        score: None,
    }
    .with_score()
}

/// A dynamic record counts once published, or once its deadline passed unpublished.
fn count_on_time(
    record: &Record,
    published: Option<Date>,
    as_of: Date,
    limit: Limit<'_>,
    share: &mut Share,
) {
    match (published, record.event) {
        (Some(published), event) => share.add(event.is_some_and(|e| limit.on_time(e, published))),
        (None, Some(event)) if record.status != Status::Withdrawn && limit.due(event) < as_of => {
            share.add(false);
        }
        _ => {}
    }
}

/// Feedback counts once answered, or once its deadline passed unanswered.
fn count_feedback(record: &Record, as_of: Date, limit: Limit<'_>, share: &mut Share) {
    for entry in &record.feedback {
        let Some(received) = entry.received.filter(|r| *r <= as_of) else { continue };
        match entry.replied_on.filter(|d| *d <= as_of) {
            Some(replied) => share.add(limit.on_time(received, replied)),
            None if limit.due(received) < as_of => share.add(false),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(count: usize, of: usize) -> Share {
        Share { count, of }
    }

    #[test]
    fn the_weights_add_up_to_100() {
        assert_eq!(WEIGHTS.iter().map(|(_, w)| w).sum::<u32>(), 100);
    }

    #[test]
    fn a_perfect_unit_scores_100_and_an_empty_one_nothing() {
        let all = [share(10, 10), share(12, 12), share(3, 3), share(20, 20), share(1, 1)];
        assert_eq!(score(&all), Some(100.0));
        assert_eq!(score(&[Share::default(); 5]), None);
    }

    #[test]
    fn weights_of_na_shares_are_spread_over_the_others() {
        // covered 1/2 (30), fresh 0/2 (25), on time n/a, reviewed 1/1 (15), feedback n/a:
        // (0.5 × 30 + 0 × 25 + 1 × 15) / 70 = 42.857… → 42.9
        let shares = [share(1, 2), share(0, 2), share(0, 0), share(1, 1), share(0, 0)];
        assert_eq!(score(&shares), Some(42.9));
        // Only one share counted: it is the score.
        assert_eq!(
            score(&[share(0, 0), share(3, 4), share(0, 0), share(0, 0), share(0, 0)]),
            Some(75.0)
        );
    }

    #[test]
    fn shares_in_percent_and_json() {
        assert_eq!(share(5, 6).percent(), Some(83.3));
        assert_eq!(share(0, 0).percent(), None);
        let json = serde_json::to_string(&share(2, 3)).unwrap_or_default();
        assert_eq!(json, r#"{"count":2,"of":3,"share":0.6667}"#);
        let json = serde_json::to_string(&share(0, 0)).unwrap_or_default();
        assert_eq!(json, r#"{"count":0,"of":0,"share":null}"#);
    }
}
