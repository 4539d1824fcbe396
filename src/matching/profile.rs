//! Which stages of a case a word belongs to, from the phrasings of each stage's concepts: the
//! stage profile that tells an answer about serving from an answer about data.

use rustc_hash::FxHashMap;

use super::lexicon::TermId;

/// A word used by this many stages or more says nothing about which stage an answer is about.
const COMMON: u32 = 4;

/// Per term, the set of stages (bit `i` for the stage of index `i`) whose phrasings use it.
#[derive(Debug, Clone, Default)]
pub struct StageProfile {
    by_term: FxHashMap<TermId, u8>,
}

impl StageProfile {
    pub fn add(&mut self, term: TermId, stage: usize) {
        if stage < 8 {
            *self.by_term.entry(term).or_default() |= 1 << stage;
        }
    }

    /// Drops the terms shared by so many stages that they tell nothing.
    pub fn finish(&mut self) {
        self.by_term
            .retain(|_, stages| stages.count_ones() < COMMON);
    }

    /// The stages a term belongs to, as a bit set.
    pub fn stages(&self, term: TermId) -> u8 {
        self.by_term.get(&term).copied().unwrap_or(0)
    }
}
