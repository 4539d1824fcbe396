//! The framework's own words: phrases that name a step of any ML design, whatever the case
//! ("clarify the business objective", "deploy it", "monitor drift"). A candidate answering
//! one step names a few of them; a paragraph that would fit under any question walks through
//! them all.
//!
//! The phrases are content (`dialogues/vocabulary.toml`); which step each one names is only a
//! number here.

use super::analysis::Analysis;

/// Phrases as normalised words, each with the step it names. The last word of a phrase may
/// be the start of a longer word: "deploy" also names "deployment".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signposts {
    phrases: Vec<(u8, Vec<String>)>,
}

impl Signposts {
    /// Adds a phrase naming step `step` (below 32). An empty phrase names nothing.
    pub fn add(&mut self, step: u8, words: Vec<String>) {
        if !words.is_empty() && step < 32 {
            self.phrases.push((step, words));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// How many different steps the answer names outside `void`.
    pub fn steps_named(&self, answer: &Analysis, void: &[bool]) -> usize {
        let n = answer.len();
        let mut named = 0u32;
        for (step, phrase) in &self.phrases {
            if named & (1 << step) != 0 || phrase.len() > n {
                continue;
            }
            let found = (0..=n - phrase.len()).any(|start| {
                phrase.iter().enumerate().all(|(k, want)| {
                    let i = start + k;
                    let word = answer.tokens.text(i);
                    void.get(i) != Some(&true)
                        && if k + 1 == phrase.len() {
                            word.starts_with(want.as_str())
                        } else {
                            word == want
                        }
                })
            });
            if found {
                named |= 1 << step;
            }
        }
        named.count_ones() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{Lexicon, normalize, tokenize};

    fn words(phrase: &str) -> Vec<String> {
        tokenize(normalize(phrase))
            .texts()
            .map(str::to_owned)
            .collect()
    }

    fn signposts() -> Signposts {
        let mut s = Signposts::default();
        s.add(0, words("clarify"));
        s.add(1, words("a/b test"));
        s.add(2, words("deploy"));
        s.add(2, words("in production"));
        s.add(3, words("monitor"));
        s
    }

    #[test]
    fn counts_each_step_once_and_reads_the_last_word_as_a_start() {
        let lexicon = Lexicon::default();
        let answer = Analysis::new(
            "Clarifying first, then an A/B test, then deployment in production, then monitoring.",
            &lexicon,
        );
        let void = vec![false; answer.len()];
        assert_eq!(signposts().steps_named(&answer, &void), 4);
    }

    #[test]
    fn words_left_out_name_nothing() {
        let lexicon = Lexicon::default();
        let answer = Analysis::new("I would deploy it and monitor it", &lexicon);
        let mut void = vec![false; answer.len()];
        assert_eq!(signposts().steps_named(&answer, &void), 2);
        void[2] = true;
        assert_eq!(signposts().steps_named(&answer, &void), 1);
        // "deployed" is not named by "deployment", only the other way round.
        let mut longer = Signposts::default();
        longer.add(0, words("deployment"));
        let answer = Analysis::new("it was deployed", &lexicon);
        assert_eq!(longer.steps_named(&answer, &[]), 0);
    }
}
