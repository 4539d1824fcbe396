//! Which stages of a case a word belongs to, from the phrasings of each stage's concepts: the
//! stage profile that tells an answer about serving from an answer about data.

use super::lexicon::TermId;

/// A word used by this many stages or more says nothing about which stage an answer is about.
const COMMON: u32 = 4;

/// Per term, the set of stages (bit `i` for the stage of index `i`) whose phrasings use it.
///
/// Indexed by the term's number: terms are numbered densely from 0, and every word of an
/// answer with a term is looked up here, which a hash map made a lookup of a hash each.
#[derive(Debug, Clone, Default)]
pub struct StageProfile {
    by_term: Vec<u8>,
}

impl StageProfile {
    pub fn add(&mut self, term: TermId, stage: usize) {
        if stage < 8 {
            let at = term.0 as usize;
            if self.by_term.len() <= at {
                self.by_term.resize(at + 1, 0);
            }
            self.by_term[at] |= 1 << stage;
        }
    }

    /// Drops the terms shared by so many stages that they tell nothing.
    pub fn finish(&mut self) {
        for stages in &mut self.by_term {
            if stages.count_ones() >= COMMON {
                *stages = 0;
            }
        }
        self.by_term.shrink_to_fit();
    }

    /// The stages a term belongs to, as a bit set.
    pub fn stages(&self, term: TermId) -> u8 {
        self.by_term.get(term.0 as usize).copied().unwrap_or(0)
    }
}
