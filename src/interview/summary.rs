//! The end-of-interview summary, built from the stage records alone.

use crate::stage::Stage;

use super::reply::{StageScore, Summary};
use super::session::{ConceptNote, StageOutcome, StageRecord};

/// How many concepts the summary asks to review.
const REVIEW_LEN: usize = 6;

pub fn summarise(title: &str, records: &[StageRecord], ended_early: bool) -> Summary {
    let score_of = |stage: Stage| {
        records
            .iter()
            .find(|r| r.stage == stage)
            .map_or(StageScore::NotReached, |r| match r.outcome {
                StageOutcome::Answered { score, .. } => StageScore::Scored(score),
                StageOutcome::Skipped { .. } => StageScore::Skipped,
            })
    };
    let stages: Vec<(Stage, StageScore)> = Stage::ALL.iter().map(|&s| (s, score_of(s))).collect();
    let reached: Vec<(Stage, u8)> = records
        .iter()
        .map(|r| (r.stage, r.outcome.score()))
        .collect();
    let overall = (!reached.is_empty()).then(|| {
        let sum: u32 = reached.iter().map(|&(_, s)| u32::from(s)).sum();
        (sum as f64 / reached.len() as f64).round() as u8
    });
    // Ties go to the earlier stage for "strongest" and to the later one for "weakest", so
    // the two differ whenever more than one stage was reached.
    let strongest = reached
        .iter()
        .rev()
        .max_by_key(|&&(_, s)| s)
        .map(|&(stage, _)| stage);
    let weakest = reached
        .iter()
        .rev()
        .min_by_key(|&&(_, s)| s)
        .map(|&(stage, _)| stage)
        .filter(|&w| reached.len() > 1 || Some(w) != strongest);
    let mut review: Vec<(Stage, ConceptNote)> = records
        .iter()
        .flat_map(|r| r.outcome.to_review().map(move |c| (r.stage, c.clone())))
        .collect();
    review.sort_by_key(|(stage, c)| (std::cmp::Reverse(c.weight), *stage));
    review.truncate(REVIEW_LEN);
    let corrected = records
        .iter()
        .flat_map(|r| match &r.outcome {
            StageOutcome::Answered { corrected, .. } => {
                corrected.iter().map(|m| (r.stage, m.clone())).collect()
            }
            StageOutcome::Skipped { .. } => Vec::new(),
        })
        .collect();
    Summary {
        title: title.to_owned(),
        stages,
        overall,
        strongest,
        weakest,
        review,
        corrected,
        ended_early,
        level: crate::level::Level::default(),
        minutes: None,
        times: records
            .iter()
            .filter_map(|r| r.seconds.map(|s| (r.stage, s)))
            .collect(),
        ran_out: false,
    }
}
