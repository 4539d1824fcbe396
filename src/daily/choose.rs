//! Which question a daily prompt asks: concepts due for review first, otherwise a stage of a
//! case from the hardest domain, leaning toward the user's weakest stage.

use chrono::NaiveDate;

use crate::content::Script;
use crate::interview::{Session, mix, pick_case};
use crate::stage::Stage;

use super::review::Review;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub case: String,
    pub stage: Stage,
    pub why: Why,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Concepts missed before are due again (their labels).
    Review(Vec<String>),
    /// The stage the user scores lowest on.
    Weakest,
    /// Something new from the hardest domain.
    Fresh,
}

pub fn choose(
    script: &Script,
    session: &Session,
    reviews: &[Review],
    today: NaiveDate,
    entropy: u64,
) -> Option<Prompt> {
    let mut due: Vec<&Review> = reviews
        .iter()
        .filter(|r| r.due <= today && script.case(&r.case).is_some())
        .collect();
    due.sort_by_key(|r| (r.due, std::cmp::Reverse(r.weight)));
    if let Some(first) = due.first() {
        let labels = due
            .iter()
            .filter(|r| r.case == first.case && r.stage == first.stage)
            .map(|r| r.label.clone())
            .collect();
        return Some(Prompt {
            case: first.case.clone(),
            stage: first.stage,
            why: Why::Review(labels),
        });
    }
    let past: Vec<&str> = session.past_cases().collect();
    let domain = session.domain.and_then(|d| d.domain());
    let case = pick_case(script, domain, &past, entropy)?;
    let weakest = weakest_stage(session);
    let (stage, why) = match weakest {
        // Most days the weakest stage; sometimes another, so every stage stays in practice.
        Some(stage) if mix(entropy ^ 0x5EED) % 100 < 60 => (stage, Why::Weakest),
        _ => (
            Stage::ALL[(mix(entropy ^ 0xD1CE) % Stage::COUNT as u64) as usize],
            Why::Fresh,
        ),
    };
    Some(Prompt {
        case: case.id.clone(),
        stage,
        why,
    })
}

fn weakest_stage(session: &Session) -> Option<Stage> {
    let mut sums = [(0u32, 0u32); Stage::COUNT];
    for finished in &session.history {
        for r in &finished.stages {
            let (sum, n) = &mut sums[r.stage.index()];
            *sum += u32::from(r.outcome.score());
            *n += 1;
        }
    }
    Stage::ALL
        .iter()
        .zip(sums)
        .filter(|(_, (_, n))| *n > 0)
        .min_by_key(|(_, (sum, n))| sum * 100 / n)
        .map(|(&stage, _)| stage)
}
