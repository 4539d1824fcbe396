//! Long word sequences an answer shares with known text: the scenario read back, a question
//! pasted as its own answer, or the candidate's earlier answer sent again.
//!
//! Shared runs are found with word shingles (every `SHINGLE` consecutive words, hashed); only
//! runs of `MIN_RUN` words or more count, so quoting a number or a short phrase from the
//! scenario ("the 50 ms budget") is use, not echo.

use std::cell::Cell;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashSet, FxHasher};

use super::analysis::Analysis;
use super::room;
use super::text::{Tokens, normalize, tokenize};

const SHINGLE: usize = 3;
/// Shorter shared runs are quotes, not pastes.
pub const MIN_RUN: usize = 8;

/// The shingles of some known texts.
#[derive(Debug, Clone, Default)]
pub struct Shingles {
    set: FxHashSet<u64>,
}

impl Shingles {
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Shingles {
        let mut out = Shingles::default();
        for text in texts {
            out.add(text);
        }
        out
    }

    pub fn add(&mut self, text: &str) {
        let tokens = tokenize(normalize(text));
        self.add_tokens(&tokens);
    }

    pub fn add_tokens(&mut self, tokens: &Tokens) {
        self.add_windows(&windows(tokens));
    }

    /// Adds an answer's window hashes (see [`windows`]), already computed to look for echoes.
    pub fn add_windows(&mut self, hashes: &[u64]) {
        self.set.extend(hashes.iter().copied());
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// Per word of `tokens`: part of a run of at least [`MIN_RUN`] words that the known texts
    /// also contain.
    pub fn echoed(&self, tokens: &Tokens) -> Vec<bool> {
        self.echoed_windows(&windows(tokens), tokens.words.len())
    }

    /// [`Shingles::echoed`] for an answer's window hashes (see [`windows`]), so one answer
    /// is hashed once for several known texts.
    pub fn echoed_windows(&self, hashes: &[u64], words: usize) -> Vec<bool> {
        let mut covered = vec![false; words];
        if self.set.is_empty() || words < MIN_RUN {
            return covered;
        }
        let shared: Vec<bool> = hashes.iter().map(|h| self.set.contains(h)).collect();
        // A run of consecutive shared shingles covers its first word to its last.
        let mut i = 0;
        while i < shared.len() {
            if !shared[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < shared.len() && shared[i] {
                i += 1;
            }
            let end = i - 1 + SHINGLE;
            if end - start >= MIN_RUN {
                covered[start..end].iter_mut().for_each(|c| *c = true);
            }
        }
        covered
    }
}

/// The hash of every window of [`SHINGLE`] words of an answer. Each word is hashed once and
/// its hash combined into the windows it belongs to.
///
/// The vector is the room a [`give_back`] left on this thread if there is one (see
/// [`super::room`]).
pub fn windows(tokens: &Tokens) -> Vec<u64> {
    windows_of(tokens.texts().map(word_hash), tokens.words.len())
}

/// [`windows`] of an analysed answer, from the word hashes its lexicon lookups brought
/// (see [`super::lexicon::Looked::hash`]): the same windows, without hashing every word's
/// text a second time.
pub fn answer_windows(answer: &Analysis) -> Vec<u64> {
    windows_of(answer.word_hashes().iter().copied(), answer.len())
}

/// The hash of one word as [`windows`] combines it: its text through [`FxHasher`].
pub(super) fn word_hash(word: &str) -> u64 {
    let mut h = FxHasher::default();
    word.hash(&mut h);
    h.finish()
}

/// The windows of `words` word hashes, in order.
fn windows_of(hashes: impl Iterator<Item = u64>, words: usize) -> Vec<u64> {
    let mut out = room::take(&SPARE);
    out.reserve(words.saturating_sub(SHINGLE - 1));
    // The last `SHINGLE` words' hashes, oldest first: no vector of every word's hash.
    let mut window = [0u64; SHINGLE];
    for (i, hash) in hashes.enumerate() {
        window.rotate_left(1);
        window[SHINGLE - 1] = hash;
        if i + 1 >= SHINGLE {
            // Hashed as a slice, as the windows of a vector of word hashes were.
            let mut h = FxHasher::default();
            window[..].hash(&mut h);
            out.push(h.finish());
        }
    }
    out
}

/// Room for more windows than this is let go rather than kept (a pasted book).
const SPARE_WINDOWS: usize = 16 * 1024;

thread_local! {
    static SPARE: Cell<Vec<u64>> = const { Cell::new(Vec::new()) };
}

/// Keeps the room of windows that are done with for the next [`windows`] on this thread.
pub fn give_back(windows: Vec<u64>) {
    room::keep(&SPARE, windows, SPARE_WINDOWS);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn echoed_words(known: &str, answer: &str) -> usize {
        let tokens = tokenize(normalize(answer));
        Shingles::of([known])
            .echoed(&tokens)
            .iter()
            .filter(|&&e| e)
            .count()
    }

    #[test]
    fn windows_hash_as_slices_of_word_hashes() {
        let tokens = tokenize(normalize("one two three four five"));
        let words: Vec<u64> = tokens
            .texts()
            .map(|w| {
                let mut h = FxHasher::default();
                w.hash(&mut h);
                h.finish()
            })
            .collect();
        let expected: Vec<u64> = words
            .windows(SHINGLE)
            .map(|window| {
                let mut h = FxHasher::default();
                window.hash(&mut h);
                h.finish()
            })
            .collect();
        assert_eq!(windows(&tokens), expected);
        assert!(windows(&tokenize(normalize("one two"))).is_empty());
        // An analysed answer's windows, from its lookups' word hashes, are the same.
        let text = "One two, three: we'd A/B test 10,000 rows";
        let answer = Analysis::new(text, &super::super::Lexicon::default());
        assert_eq!(answer_windows(&answer), windows(&tokenize(normalize(text))));
    }

    #[test]
    fn a_pasted_paragraph_is_echoed_and_a_short_quote_is_not() {
        let scenario =
            "The app has about 500M daily active users who open the feed around 10 times a day.";
        assert_eq!(
            echoed_words(
                scenario,
                "so basically: the app has about 500M daily active users who open the feed"
            ),
            12
        );
        assert_eq!(
            echoed_words(
                scenario,
                "with 500M daily active users I'd precompute candidates"
            ),
            0
        );
    }
}
