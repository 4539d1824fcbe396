//! The answer judge: what a stage's answers covered, how well, what they got wrong, what
//! the score is, and which follow-up an interviewer would ask next.
//!
//! Architecture invariant: judging is total and pure. Any text, including an empty one or a
//! sticker's caption, yields a verdict; nothing here fails on user input.

mod probe;

use serde::Serialize;

use crate::content::{StageSpec, Target};
use crate::matching::{Analysis, Hit, Lexicon};

pub use probe::{Probe, choose_probe};

/// Credit for a concept named without any reasoning around it, relative to an explained one.
pub const MENTION_CREDIT: f64 = 0.5;
/// Points taken off per misconception that still stands.
pub const MISCONCEPTION_PENALTY: f64 = 15.0;

/// How well one concept was covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credit {
    Missing,
    /// Named, but as a bare term: in a list, or in a sentence with no reason in it.
    Mentioned,
    /// Used in reasoning.
    Explained,
}

impl Credit {
    fn value(self) -> f64 {
        match self {
            Credit::Missing => 0.0,
            Credit::Mentioned => MENTION_CREDIT,
            Credit::Explained => 1.0,
        }
    }

    pub fn is_covered(self) -> bool {
        self != Credit::Missing
    }
}

/// One answer of a stage, and the follow-up it answered, if any.
#[derive(Debug, Clone, Copy)]
pub struct Turn<'a> {
    pub text: &'a str,
    pub reply_to: Option<&'a Probe>,
}

impl<'a> Turn<'a> {
    pub fn first(text: &'a str) -> Self {
        Turn {
            text,
            reply_to: None,
        }
    }
}

/// The judgement of all answers given so far at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// 0–100.
    pub score: u8,
    /// Per concept, in the order of the stage.
    pub credits: Vec<Credit>,
    /// Misconceptions said and not taken back.
    pub misconceptions: Vec<usize>,
    /// Misconceptions said, then corrected.
    pub corrected: Vec<usize>,
    /// Whether the latest answer named two or more concepts, none with a reason.
    pub list_only: bool,
}

impl Verdict {
    pub fn covered(&self) -> impl Iterator<Item = usize> + '_ {
        self.credits
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_covered())
            .map(|(i, _)| i)
    }

    pub fn missing(&self) -> impl Iterator<Item = usize> + '_ {
        self.credits
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_covered())
            .map(|(i, _)| i)
    }
}

/// Whether each target was mentioned in earnest in one answer (negated mentions do not
/// count), and with what credit. Used by the judge and by the self-tests of `mlsd lint`.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    pub concepts: Vec<Credit>,
    /// Per misconception: `Some(true)` asserted, `Some(false)` only disowned, `None` absent.
    pub misconceptions: Vec<Option<bool>>,
}

pub fn mentions(stage: &StageSpec, answer: &Analysis) -> Mentions {
    let mut out = Mentions {
        concepts: vec![Credit::Missing; stage.concepts.len()],
        misconceptions: vec![None; stage.misconceptions.len()],
    };
    // A concept mention's credit, ignoring misconceptions: none when negated or taken back.
    let credit_of = |words: &std::ops::Range<usize>| {
        if answer.dismissed[words.start] || answer.dismissed_after(words.end) {
            None
        } else if answer.explained(words.start) {
            Some(Credit::Explained)
        } else {
            Some(Credit::Mentioned)
        }
    };
    // Keywords first; a concept they already show explained needs no pattern search.
    let mut hits: Vec<(Hit<Target>, Option<Credit>)> = stage
        .index
        .phrase_hits(answer)
        .into_iter()
        .map(|h| {
            let credit = match h.target {
                Target::Concept(_) => credit_of(&h.words),
                Target::Misconception(_) => None,
            };
            (h, credit)
        })
        .collect();
    let mut settled = vec![false; stage.concepts.len()];
    for (hit, credit) in &hits {
        if let (Target::Concept(i), Some(Credit::Explained)) = (hit.target, credit) {
            settled[i] = true;
        }
    }
    for h in stage.index.pattern_hits(answer, |target| match target {
        Target::Concept(i) => !settled.get(i).copied().unwrap_or(true),
        Target::Misconception(_) => true,
    }) {
        let credit = match h.target {
            Target::Concept(_) => credit_of(&h.words),
            Target::Misconception(_) => None,
        };
        hits.push((h, credit));
    }
    // Words that assert a misconception earn no concept credit: "rank the ads by bid" is not
    // a point for ranking or for the auction.
    let asserted: Vec<std::ops::Range<usize>> = hits
        .iter()
        .filter(|(h, _)| matches!(h.target, Target::Misconception(_)))
        .filter(|(h, _)| !disowned(answer, &h.words))
        .map(|(h, _)| h.words.clone())
        .collect();
    for (hit, credit) in hits {
        match hit.target {
            Target::Concept(i) => {
                let Some(credit) = credit else { continue };
                if asserted
                    .iter()
                    .any(|m| m.start < hit.words.end && hit.words.start < m.end)
                {
                    continue;
                }
                if let Some(c) = out.concepts.get_mut(i) {
                    *c = (*c).max(credit);
                }
            }
            Target::Misconception(i) => {
                let disowned = disowned(answer, &hit.words);
                if let Some(m) = out.misconceptions.get_mut(i) {
                    // One earnest assertion outweighs any disowned mention in the same answer.
                    *m = Some(m.unwrap_or(false) || !disowned);
                }
            }
        }
    }
    out
}

/// Whether a misconception's mention is taken back: disowned before ("avoid a random
/// split") or after ("accuracy is misleading"), or negated inside a match that runs across a
/// clause ("maximise accepted requests, not requests sent").
fn disowned(answer: &Analysis, words: &std::ops::Range<usize>) -> bool {
    if answer.disowned[words.start] || answer.disowned_after(words.end) {
        return true;
    }
    let tokens = &answer.tokens.words;
    let first_clause = tokens[words.start].clause;
    (words.start + 1..words.end.min(tokens.len()))
        .any(|i| tokens[i].clause != first_clause && answer.dismissed[i])
}

/// Judges every answer given at a stage together: the follow-ups add to the first answer.
pub fn judge(stage: &StageSpec, lexicon: &Lexicon, turns: &[Turn<'_>]) -> Verdict {
    let mut credits = vec![Credit::Missing; stage.concepts.len()];
    let mut standing = vec![false; stage.misconceptions.len()];
    let mut ever_said = vec![false; stage.misconceptions.len()];
    let mut list_only = false;
    for turn in turns {
        let analysis = Analysis::new(turn.text, lexicon);
        let found = mentions(stage, &analysis);
        for (credit, new) in credits.iter_mut().zip(&found.concepts) {
            *credit = (*credit).max(*new);
        }
        // A reasoned reply to "why?" explains the terms that were only named before.
        if let Some(Probe::Why { concepts }) = turn.reply_to
            && analysis.shapes.iter().any(|s| s.reasoned)
        {
            for id in concepts {
                if let Some((i, _)) = stage.concept(id)
                    && credits[i] == Credit::Mentioned
                {
                    credits[i] = Credit::Explained;
                }
            }
        }
        for (i, m) in found.misconceptions.iter().enumerate() {
            match m {
                Some(true) => {
                    standing[i] = true;
                    ever_said[i] = true;
                }
                Some(false) => standing[i] = false,
                None => {}
            }
        }
        if let Some(Probe::Correct { misconception }) = turn.reply_to
            && let Some((i, _)) = stage.misconception(misconception)
            && found.misconceptions[i] != Some(true)
        {
            standing[i] = false;
        }
        let named: Vec<Credit> = found
            .concepts
            .iter()
            .copied()
            .filter(|c| c.is_covered())
            .collect();
        // One term in a short sentence is a thin answer, not a list: it gets the follow-up
        // for what is missing. Several bare terms get "why?".
        list_only = named.len() >= 2 && named.iter().all(|&c| c == Credit::Mentioned);
    }
    let total = f64::from(stage.total_weight().max(1));
    let earned: f64 = stage
        .concepts
        .iter()
        .zip(&credits)
        .map(|(c, credit)| f64::from(c.weight) * credit.value())
        .sum();
    let misconceptions: Vec<usize> = (0..standing.len()).filter(|&i| standing[i]).collect();
    let corrected = (0..standing.len())
        .filter(|&i| ever_said[i] && !standing[i])
        .collect();
    let raw = 100.0 * earned / total - MISCONCEPTION_PENALTY * misconceptions.len() as f64;
    Verdict {
        score: raw.round().clamp(0.0, 100.0) as u8,
        credits,
        misconceptions,
        corrected,
        list_only,
    }
}

#[cfg(test)]
mod tests;
