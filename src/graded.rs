//! Graded answer sets: answers of known quality, written as candidates type them, used to
//! measure whether the judge orders answers the way an interviewer would.
//!
//! The measure is pairwise ordering accuracy: over every pair of answers to the same stage
//! with different grades, the share where the better answer scores strictly higher. A tie
//! counts as a miss.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::content::Script;
use crate::judge::{Turn, judge};
use crate::stage::Stage;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradedSet {
    pub case: String,
    #[serde(rename = "answer", default)]
    pub answers: Vec<GradedAnswer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradedAnswer {
    pub stage: Stage,
    /// 0 (off the mark) to 3 (what a strong candidate says).
    pub grade: u8,
    pub text: String,
}

/// A pair the judge put in the wrong order (or tied).
#[derive(Debug, Clone)]
pub struct Misordered {
    pub stage: Stage,
    pub better: (u8, u8, String),
    pub worse: (u8, u8, String),
}

#[derive(Debug, Clone, Default)]
pub struct Ordering {
    pub pairs: usize,
    pub correct: usize,
    pub per_stage: BTreeMap<Stage, (usize, usize)>,
    pub misordered: Vec<Misordered>,
}

impl Ordering {
    pub fn accuracy(&self) -> f64 {
        if self.pairs == 0 {
            return 1.0;
        }
        self.correct as f64 / self.pairs as f64
    }

    pub fn add(&mut self, other: &Ordering) {
        self.pairs += other.pairs;
        self.correct += other.correct;
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GradedError {
    #[error("{0}")]
    Parse(#[from] toml::de::Error),
    #[error("unknown case `{0}`")]
    UnknownCase(String),
}

pub fn parse(text: &str) -> Result<GradedSet, GradedError> {
    Ok(toml::from_str(text)?)
}

/// Scores every answer of the set and counts correctly ordered pairs.
pub fn ordering(script: &Script, set: &GradedSet) -> Result<Ordering, GradedError> {
    let case = script
        .case(&set.case)
        .ok_or_else(|| GradedError::UnknownCase(set.case.clone()))?;
    let scored: Vec<(Stage, u8, u8, &str)> = set
        .answers
        .iter()
        .map(|a| {
            let v = judge(
                case.stage(a.stage),
                script.lexicon(),
                &[Turn::first(&a.text)],
            );
            (a.stage, a.grade, v.score, a.text.as_str())
        })
        .collect();
    let mut out = Ordering::default();
    for (i, a) in scored.iter().enumerate() {
        for b in &scored[i + 1..] {
            if a.0 != b.0 || a.1 == b.1 {
                continue;
            }
            let (better, worse) = if a.1 > b.1 { (a, b) } else { (b, a) };
            let right = better.2 > worse.2;
            out.pairs += 1;
            let entry = out.per_stage.entry(a.0).or_default();
            entry.0 += 1;
            if right {
                out.correct += 1;
                entry.1 += 1;
            } else {
                out.misordered.push(Misordered {
                    stage: a.0,
                    better: (better.1, better.2, better.3.to_owned()),
                    worse: (worse.1, worse.2, worse.3.to_owned()),
                });
            }
        }
    }
    Ok(out)
}
