//! Which follow-up an interviewer asks next, given what is covered and what was asked.

use serde::{Deserialize, Serialize};

use super::{Credit, Verdict};
use crate::content::StageSpec;

/// A follow-up question. Stored with the session, so it names concepts by id: a reordered
/// dialogue file does not change what a stored probe meant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Probe {
    /// A concept that matters is missing.
    Missing { concept: String },
    /// Concepts were named without a reason.
    Why { concepts: Vec<String> },
    /// The answer contains a misconception.
    Correct { misconception: String },
    /// The must-haves are covered: push on a choice the candidate explained, as an
    /// interviewer does with a strong candidate (why it, what it costs, what breaks at scale).
    Depth { concept: String },
}

/// Concepts below this weight are not worth a follow-up of their own.
const PROBE_WEIGHT: u8 = 2;
/// A "why?" follow-up asks about at most this many named terms.
const WHY_BREADTH: usize = 2;

/// The most useful follow-up not asked yet, or `None` when nothing important is left.
///
/// Order: correct a misconception first (it would mislead everything after it), then ask why
/// when the answer was a bare list, then ask for the heaviest missing concept.
pub fn choose_probe(stage: &StageSpec, verdict: &Verdict, asked: &[Probe]) -> Option<Probe> {
    choose_probe_within(stage, verdict, asked, 1)
}

/// [`choose_probe`], with up to `depth_questions` deeper questions per stage (each about a
/// different choice) instead of one: senior and staff candidates are pushed further.
pub fn choose_probe_within(
    stage: &StageSpec,
    verdict: &Verdict,
    asked: &[Probe],
    depth_questions: usize,
) -> Option<Probe> {
    for &i in &verdict.misconceptions {
        let probe = Probe::Correct {
            misconception: stage.misconceptions[i].id.clone(),
        };
        if !asked.contains(&probe) {
            return Some(probe);
        }
    }
    let already_why: Vec<&String> = asked
        .iter()
        .filter_map(|p| match p {
            Probe::Why { concepts } => Some(concepts),
            _ => None,
        })
        .flatten()
        .collect();
    if verdict.list_only {
        let mut named: Vec<usize> = verdict
            .credits
            .iter()
            .enumerate()
            .filter(|&(i, &c)| {
                c == Credit::Mentioned && !already_why.contains(&&stage.concepts[i].id)
            })
            .map(|(i, _)| i)
            .collect();
        named.sort_by_key(|&i| std::cmp::Reverse(stage.concepts[i].weight));
        named.truncate(WHY_BREADTH);
        if !named.is_empty() {
            named.sort_unstable();
            return Some(Probe::Why {
                concepts: named
                    .into_iter()
                    .map(|i| stage.concepts[i].id.clone())
                    .collect(),
            });
        }
    }
    let missing = verdict
        .missing()
        .filter(|&i| stage.concepts[i].weight >= PROBE_WEIGHT)
        .map(|i| &stage.concepts[i])
        .filter(|c| {
            let asked_about = |id: &str| {
                asked.contains(&Probe::Missing {
                    concept: id.to_owned(),
                })
            };
            // One question per group of alternatives: "boxes or masks?" is asked once.
            let alternative_asked = stage.concept(&c.id).is_some_and(|(i, _)| {
                stage
                    .alternatives(i)
                    .any(|j| asked_about(&stage.concepts[j].id))
            });
            !asked_about(&c.id) && !alternative_asked
        })
        // Heaviest first; among equals, the order the author wrote them in.
        .max_by_key(|c| {
            (
                c.weight,
                std::cmp::Reverse(stage.concept(&c.id).map(|(i, _)| i)),
            )
        })
        .map(|c| Probe::Missing {
            concept: c.id.clone(),
        });
    missing.or_else(|| depth(stage, verdict, asked, depth_questions))
}

/// A question about the weightiest choice the candidate explained, up to `limit` per stage:
/// strong answers earn harder questions, not silence.
fn depth(stage: &StageSpec, verdict: &Verdict, asked: &[Probe], limit: usize) -> Option<Probe> {
    let deeper: Vec<&String> = asked
        .iter()
        .filter_map(|p| match p {
            Probe::Depth { concept } => Some(concept),
            _ => None,
        })
        .collect();
    // Clarifying questions are asked, not defended: requirements get no depth probe.
    if stage.stage == crate::stage::Stage::Requirements || deeper.len() >= limit {
        return None;
    }
    stage
        .concepts
        .iter()
        .zip(&verdict.credits)
        .enumerate()
        .filter(|&(_, (_, &credit))| credit == Credit::Explained)
        .filter(|&(_, (c, _))| !deeper.contains(&&c.id))
        // An authored depth question beats the generic one; then the heaviest, then the
        // first the author wrote.
        .max_by_key(|&(i, (c, _))| (c.depth.is_some(), c.weight, std::cmp::Reverse(i)))
        .map(|(_, (c, _))| Probe::Depth {
            concept: c.id.clone(),
        })
}
