//! Spaced repetition of missed concepts: missed today, asked again tomorrow; answered well,
//! asked again after 3, 7, 14, 30 and 60 days; then considered learned.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::interview::{ConceptNote, StageOutcome};
use crate::stage::Stage;

/// The intervals, in days, between reviews of a concept that keeps being answered well.
pub const LADDER: [u16; 6] = [1, 3, 7, 14, 30, 60];
/// Concepts lighter than this are not worth a review of their own.
const REVIEW_WEIGHT: u8 = 2;
/// The most concepts kept in the queue; the lightest and farthest are dropped first.
const QUEUE_LIMIT: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub case: String,
    pub stage: Stage,
    pub concept: String,
    pub label: String,
    pub weight: u8,
    pub due: NaiveDate,
    /// Days until `due` when it was last set.
    pub interval: u16,
}

/// Updates the queue with how a stage went on local day `day`.
pub fn record(
    reviews: &mut Vec<Review>,
    case: &str,
    stage: Stage,
    outcome: &StageOutcome,
    day: NaiveDate,
) {
    let (explained, named, missing): (&[ConceptNote], &[ConceptNote], &[ConceptNote]) =
        match outcome {
            StageOutcome::Answered {
                explained,
                named_only,
                missing,
                ..
            } => (explained, named_only, missing),
            StageOutcome::Skipped { missing } => (&[], &[], missing),
        };
    let find = |reviews: &Vec<Review>, id: &str| {
        reviews
            .iter()
            .position(|r| r.case == case && r.stage == stage && r.concept == id)
    };
    for c in explained {
        if let Some(i) = find(reviews, &c.id) {
            let next = LADDER
                .iter()
                .copied()
                .find(|&step| step > reviews[i].interval);
            match next {
                Some(interval) => {
                    reviews[i].interval = interval;
                    reviews[i].due = day + Duration::days(i64::from(interval));
                }
                None => {
                    reviews.remove(i);
                }
            }
        }
    }
    for c in named {
        // Named without a reason: not learned, but not forgotten either; same interval again.
        match find(reviews, &c.id) {
            Some(i) => reviews[i].due = day + Duration::days(i64::from(reviews[i].interval)),
            None => add(reviews, case, stage, c, day),
        }
    }
    for c in missing {
        match find(reviews, &c.id) {
            Some(i) => {
                reviews[i].interval = LADDER[0];
                reviews[i].due = day + Duration::days(1);
            }
            None => add(reviews, case, stage, c, day),
        }
    }
    if reviews.len() > QUEUE_LIMIT {
        reviews.sort_by_key(|r| (std::cmp::Reverse(r.weight), r.due));
        reviews.truncate(QUEUE_LIMIT);
    }
}

fn add(reviews: &mut Vec<Review>, case: &str, stage: Stage, c: &ConceptNote, day: NaiveDate) {
    if c.weight < REVIEW_WEIGHT {
        return;
    }
    reviews.push(Review {
        case: case.to_owned(),
        stage,
        concept: c.id.clone(),
        label: c.label.clone(),
        weight: c.weight,
        due: day + Duration::days(1),
        interval: LADDER[0],
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: &str, weight: u8) -> ConceptNote {
        ConceptNote {
            id: id.into(),
            label: id.into(),
            weight,
        }
    }

    fn answered(explained: &[&str], missing: &[&str]) -> StageOutcome {
        StageOutcome::Answered {
            score: 50,
            answers: vec![],
            explained: explained.iter().map(|i| note(i, 3)).collect(),
            named_only: vec![],
            missing: missing.iter().map(|i| note(i, 3)).collect(),
            misconceptions: vec![],
            corrected: vec![],
            hints: 0,
            depth: None,
        }
    }

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + Duration::days(n)
    }

    #[test]
    fn a_missed_concept_comes_back_after_1_3_7_14_days_then_is_learned() {
        let mut q = Vec::new();
        record(&mut q, "c", Stage::Data, &answered(&[], &["split"]), day(0));
        assert_eq!((q[0].due, q[0].interval), (day(1), 1));
        let mut today = day(1);
        let mut seen = Vec::new();
        while let Some(r) = q.first().cloned() {
            today = r.due;
            record(&mut q, "c", Stage::Data, &answered(&["split"], &[]), today);
            seen.push(q.first().map(|r| r.interval));
        }
        assert_eq!(
            seen,
            [Some(3), Some(7), Some(14), Some(30), Some(60), None],
            "learned after the last step"
        );
        assert!(today > day(100));
    }

    #[test]
    fn missing_it_again_starts_over() {
        let mut q = Vec::new();
        record(&mut q, "c", Stage::Data, &answered(&[], &["split"]), day(0));
        record(&mut q, "c", Stage::Data, &answered(&["split"], &[]), day(1));
        record(&mut q, "c", Stage::Data, &answered(&["split"], &[]), day(4));
        assert_eq!(q[0].interval, 7);
        record(
            &mut q,
            "c",
            Stage::Data,
            &answered(&[], &["split"]),
            day(11),
        );
        assert_eq!((q[0].due, q[0].interval), (day(12), 1));
    }

    #[test]
    fn light_concepts_are_not_queued() {
        let mut q = Vec::new();
        let outcome = StageOutcome::Skipped {
            missing: vec![note("heavy", 2), note("light", 1)],
        };
        record(&mut q, "c", Stage::Model, &outcome, day(0));
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].concept, "heavy");
    }
}
