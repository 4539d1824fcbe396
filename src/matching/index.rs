//! Compiled phrasings of a group of targets (the concepts and misconceptions of one stage),
//! indexed so that one pass over an answer finds every mention.

use std::ops::Range;

use regex::{Regex, RegexSet};

use rustc_hash::FxHashMap;

use super::analysis::Analysis;
use super::cues;
use super::lexicon::{Lexicon, TermId};
use super::text;

/// How many filler words ("by", "the") a phrasing may skip between two of its words.
const MAX_SKIP: usize = 2;

/// A keyword or multi-word phrase, as a sequence of terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase(Box<[TermId]>);

impl Phrase {
    /// Compiles a keyword. Multi-word keywords also match their closed-up spelling
    /// ("pre trained" matches "pretrained"), returned as the second phrase.
    pub fn compile(keyword: &str, lexicon: &mut Lexicon) -> Option<(Phrase, Option<Phrase>)> {
        let tokens = text::tokenize(&text::normalize(keyword));
        if tokens.words.is_empty() {
            return None;
        }
        let words: Vec<&str> = tokens.words.iter().map(|w| w.text.as_str()).collect();
        let phrase = Phrase(words.iter().map(|w| lexicon.intern(w)).collect());
        let closed = (words.len() > 1 && words.iter().all(|w| w.chars().all(char::is_alphabetic)))
            .then(|| Phrase(Box::new([lexicon.intern(&words.concat())])));
        Some((phrase, closed))
    }
}

/// Where a phrasing was found, in words of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<T> {
    pub target: T,
    pub words: Range<usize>,
    /// Found through a tolerated typo.
    pub typo: bool,
}

/// All phrasings of a stage, ready to run.
#[derive(Debug, Clone)]
pub struct Index<T> {
    by_first_term: FxHashMap<TermId, Vec<(T, Phrase)>>,
    regex_set: RegexSet,
    regexes: Vec<(T, Regex)>,
}

impl<T: Copy> Default for Index<T> {
    fn default() -> Self {
        Index {
            by_first_term: FxHashMap::default(),
            regex_set: RegexSet::empty(),
            regexes: Vec::new(),
        }
    }
}

impl<T: Copy> Index<T> {
    pub fn builder() -> IndexBuilder<T> {
        IndexBuilder {
            index: Index::default(),
            patterns: Vec::new(),
        }
    }

    /// Every mention of every target in the answer, in order of appearance.
    pub fn hits(&self, answer: &Analysis) -> Vec<Hit<T>> {
        let mut hits = Vec::new();
        for (start, recognised) in answer.terms.iter().enumerate() {
            let Some(recognised) = recognised else {
                continue;
            };
            let Some(candidates) = self.by_first_term.get(&recognised.term()) else {
                continue;
            };
            for (target, phrase) in candidates {
                if let Some((end, typo)) = match_at(answer, start, phrase) {
                    hits.push(Hit {
                        target: *target,
                        words: start..end,
                        typo,
                    });
                }
            }
        }
        if !self.regexes.is_empty() {
            for i in self.regex_set.matches(&answer.normalized).iter() {
                let (target, regex) = &self.regexes[i];
                for m in regex.find_iter(&answer.normalized) {
                    let Some(first) = answer.tokens.word_at_byte(m.start()) else {
                        continue;
                    };
                    let last = answer
                        .tokens
                        .word_at_byte(m.end().saturating_sub(1))
                        .unwrap_or(first);
                    hits.push(Hit {
                        target: *target,
                        words: first..(last + 1).max(first + 1),
                        typo: false,
                    });
                }
            }
        }
        hits.sort_by_key(|h| h.words.start);
        hits
    }
}

fn match_at(answer: &Analysis, start: usize, phrase: &Phrase) -> Option<(usize, bool)> {
    let words = &answer.tokens.words;
    let sentence = words[start].sentence;
    let mut typo = matches!(
        answer.terms[start],
        Some(super::lexicon::Recognised::Typo(_))
    );
    let mut at = start + 1;
    for &term in &phrase.0[1..] {
        let mut skipped = 0;
        loop {
            let word = words.get(at)?;
            if word.sentence != sentence {
                return None;
            }
            match answer.terms[at] {
                Some(r) if r.term() == term => {
                    typo |= matches!(r, super::lexicon::Recognised::Typo(_));
                    break;
                }
                _ if skipped < MAX_SKIP && cues::is_skippable(&word.text) => {
                    skipped += 1;
                    at += 1;
                }
                _ => return None,
            }
        }
        at += 1;
    }
    Some((at, typo))
}

pub struct IndexBuilder<T> {
    index: Index<T>,
    patterns: Vec<String>,
}

impl<T: Copy> IndexBuilder<T> {
    pub fn phrase(&mut self, target: T, phrase: Phrase) {
        let Some(&first) = phrase.0.first() else {
            return;
        };
        self.index
            .by_first_term
            .entry(first)
            .or_default()
            .push((target, phrase));
    }

    pub fn regex(&mut self, target: T, regex: Regex) {
        self.patterns.push(regex.as_str().to_owned());
        self.index.regexes.push((target, regex));
    }

    pub fn build(mut self) -> Result<Index<T>, regex::Error> {
        // Built with the same options as each pattern, or the prefilter would disagree.
        self.index.regex_set = regex::RegexSetBuilder::new(&self.patterns)
            .case_insensitive(true)
            .size_limit(1 << 24)
            .build()?;
        Ok(self.index)
    }
}

/// Compiles an author's pattern the way every pattern is run: case-insensitive, against the
/// normalised answer.
pub fn compile_pattern(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(lexicon: &mut Lexicon, keywords: &[(u8, &str)]) -> Index<u8> {
        let mut b = Index::builder();
        for &(target, k) in keywords {
            let (p, closed) = Phrase::compile(k, lexicon).expect("phrase");
            b.phrase(target, p);
            if let Some(c) = closed {
                b.phrase(target, c);
            }
        }
        b.build().expect("index")
    }

    fn targets(index: &Index<u8>, lexicon: &Lexicon, answer: &str) -> Vec<u8> {
        index
            .hits(&Analysis::new(answer, lexicon))
            .into_iter()
            .map(|h| h.target)
            .collect()
    }

    #[test]
    fn phrases_match_across_inflection_hyphens_and_filler() {
        let mut lex = Lexicon::default();
        let idx = index(
            &mut lex,
            &[
                (1, "time based split"),
                (2, "split by time"),
                (3, "pre trained"),
            ],
        );
        assert_eq!(targets(&idx, &lex, "Time-based splits!"), [1]);
        assert_eq!(
            targets(&idx, &lex, "we split the data by time"),
            Vec::<u8>::new()
        );
        assert_eq!(targets(&idx, &lex, "splitting by the time"), [2]);
        assert_eq!(targets(&idx, &lex, "a pretrained encoder"), [3]);
    }

    #[test]
    fn phrases_do_not_cross_sentences() {
        let mut lex = Lexicon::default();
        let idx = index(&mut lex, &[(1, "log loss")]);
        assert!(targets(&idx, &lex, "we log. loss is high").is_empty());
    }

    #[test]
    fn patterns_are_case_insensitive_in_the_prefilter_too() {
        let lex = Lexicon::default();
        let mut b = Index::builder();
        b.regex(1u8, compile_pattern(r"\bNE\b").expect("regex"));
        let idx = b.build().expect("index");
        assert_eq!(idx.hits(&Analysis::new("report NE daily", &lex)).len(), 1);
    }

    #[test]
    fn regex_hits_map_onto_words() {
        let mut lex = Lexicon::default();
        let mut b = Index::builder();
        b.regex(7u8, compile_pattern(r"\b\d+\s?ms\b").expect("regex"));
        let idx = b.build().expect("index");
        let hits = idx.hits(&Analysis::new("feed must load in 150 ms at p99", &lex));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].words, 4..6);
        lex.intern("unused");
    }
}
