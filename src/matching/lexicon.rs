//! The vocabulary of every phrasing in the dialogue files, stemmed and interned, plus the
//! typo-tolerant lookup that lets "chronologicaly" and "leakge" still count.
//!
//! Built once while the dialogue files compile, then only read.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};

/// An interned stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId(pub u32);

/// Words shorter than this are never treated as typos: too many real words sit one edit apart.
const MIN_FUZZY_CHARS: usize = 6;
/// From this length on, two edits are allowed.
const TWO_EDIT_CHARS: usize = 10;

pub struct Lexicon {
    stemmer: Stemmer,
    /// Stem → term.
    terms: FxHashMap<Box<str>, TermId>,
    /// Surface form seen in a phrasing → term; skips stemming for the common case.
    surfaces: FxHashMap<Box<str>, TermId>,
    /// Every word written anywhere in the content. A word found here is spelled on purpose,
    /// so it is never "corrected" into a keyword it happens to resemble.
    known_words: FxHashSet<Box<str>>,
    /// Keyword surface forms long enough for typo matching, grouped by first character.
    fuzzy: FxHashMap<char, Vec<(Box<str>, TermId)>>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("terms", &self.terms.len())
            .field("known_words", &self.known_words.len())
            .finish()
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon {
            stemmer: Stemmer::create(Algorithm::English),
            terms: FxHashMap::default(),
            surfaces: FxHashMap::default(),
            known_words: FxHashSet::default(),
            fuzzy: FxHashMap::default(),
        }
    }
}

/// How a word of an answer was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recognised {
    Exact(TermId),
    Typo(TermId),
}

impl Recognised {
    pub fn term(self) -> TermId {
        match self {
            Recognised::Exact(t) | Recognised::Typo(t) => t,
        }
    }
}

impl Lexicon {
    pub fn stem<'a>(&self, word: &'a str) -> std::borrow::Cow<'a, str> {
        self.stemmer.stem(word)
    }

    /// Interns a word of a phrasing and returns its term.
    pub fn intern(&mut self, word: &str) -> TermId {
        if let Some(&t) = self.surfaces.get(word) {
            return t;
        }
        let stem = self.stemmer.stem(word).into_owned();
        let next = TermId(self.terms.len() as u32);
        let term = *self.terms.entry(stem.into_boxed_str()).or_insert(next);
        self.surfaces.insert(word.into(), term);
        self.known_words.insert(word.into());
        if word.chars().count() >= MIN_FUZZY_CHARS - 1 && word.chars().all(char::is_alphabetic) {
            if let Some(first) = word.chars().next() {
                let bucket = self.fuzzy.entry(first).or_default();
                if !bucket.iter().any(|(w, _)| &**w == word) {
                    bucket.push((word.into(), term));
                }
            }
        }
        term
    }

    /// Records a word that appears in prose (questions, examples, model answers).
    pub fn learn_word(&mut self, word: &str) {
        if !self.known_words.contains(word) {
            self.known_words.insert(word.into());
        }
    }

    /// The term of an answer word, if any phrasing uses it.
    pub fn recognise(&self, word: &str) -> Option<Recognised> {
        if let Some(&t) = self.surfaces.get(word) {
            return Some(Recognised::Exact(t));
        }
        if !word.chars().any(char::is_alphabetic) {
            return None;
        }
        let stem = self.stemmer.stem(word);
        if let Some(&t) = self.terms.get(&*stem) {
            return Some(Recognised::Exact(t));
        }
        self.typo(word).map(Recognised::Typo)
    }

    fn typo(&self, word: &str) -> Option<TermId> {
        let len = word.chars().count();
        if len < MIN_FUZZY_CHARS || self.known_words.contains(word) {
            return None;
        }
        let allowed = if len >= TWO_EDIT_CHARS { 2 } else { 1 };
        let first = word.chars().next()?;
        let bucket = self.fuzzy.get(&first)?;
        bucket
            .iter()
            .filter(|(candidate, _)| candidate.chars().count().abs_diff(len) <= allowed)
            .map(|(candidate, term)| (strsim::osa_distance(word, candidate), *term))
            .filter(|&(distance, _)| distance <= allowed)
            .min_by_key(|&(distance, _)| distance)
            .map(|(_, term)| term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(words: &[&str]) -> Lexicon {
        let mut lex = Lexicon::default();
        for w in words {
            lex.intern(w);
        }
        lex
    }

    #[test]
    fn inflections_share_a_term() {
        let lex = lexicon(&["chronological", "split"]);
        let split = lex.recognise("split").map(Recognised::term);
        assert_eq!(lex.recognise("splits").map(Recognised::term), split);
        assert_eq!(
            lex.recognise("chronologically").map(Recognised::term),
            lex.recognise("chronological").map(Recognised::term)
        );
    }

    #[test]
    fn typos_in_longer_words_are_tolerated() {
        let lex = lexicon(&["chronological", "leakage"]);
        assert!(matches!(
            lex.recognise("chronologicaly"),
            Some(Recognised::Typo(_))
        ));
        assert!(matches!(lex.recognise("leakge"), Some(Recognised::Typo(_))));
        assert!(matches!(
            lex.recognise("chronlogical"),
            Some(Recognised::Typo(_))
        ));
    }

    #[test]
    fn short_words_and_known_words_are_not_corrected() {
        let mut lex = lexicon(&["precision", "drift", "sample"]);
        assert_eq!(lex.recognise("draft"), None, "too short to be a typo");
        assert_eq!(lex.recognise("decision"), None, "different first letter");
        lex.learn_word("simple");
        assert_eq!(lex.recognise("simple"), None, "a real word of the content");
    }
}
