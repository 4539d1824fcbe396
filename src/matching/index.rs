//! Compiled phrasings of a group of targets (the concepts and misconceptions of one stage),
//! indexed so that one pass over an answer finds every mention.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use regex_automata::PatternSet;
use regex_automata::meta::Regex;
use rustc_hash::FxHashMap;

use super::analysis::Analysis;
use super::cues;
use super::lexicon::{Lexicon, Recognised, TermId, Typos};
use super::room;
use super::set::SetMatcher;
use super::text;

/// How many filler words ("by", "the") a phrasing may skip between two of its words.
const MAX_SKIP: usize = 2;

/// A keyword or multi-word phrase, as a sequence of terms, with the words as written (for
/// typo correction).
///
/// Shared, not copied: a keyword that recurs in other concepts and cases (half the bank's
/// keywords do) is compiled once and each index holds the same phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    terms: Arc<[TermId]>,
    words: Arc<[Box<str>]>,
}

impl Phrase {
    /// The phrase's words, as terms.
    pub fn terms(&self) -> &[TermId] {
        &self.terms
    }

    /// The phrase's words as written (normalised).
    pub fn words(&self) -> &[Box<str>] {
        &self.words
    }

    /// Compiles a keyword. Multi-word keywords also match their closed-up spelling
    /// ("pre trained" matches "pretrained"), returned as the second phrase.
    pub fn compile(keyword: &str, lexicon: &mut Lexicon) -> Option<(Phrase, Option<Phrase>)> {
        let tokens = text::tokenize(text::normalize(keyword));
        let words: Vec<&str> = tokens.texts().collect();
        Phrase::from_words(&words, lexicon)
    }

    /// [`Phrase::compile`] for a keyword already split into normalised words.
    pub fn from_words(words: &[&str], lexicon: &mut Lexicon) -> Option<(Phrase, Option<Phrase>)> {
        if words.is_empty() {
            return None;
        }
        let phrase = Phrase {
            terms: words.iter().map(|w| lexicon.intern(w)).collect(),
            words: words.iter().map(|&w| w.into()).collect(),
        };
        let closed = (words.len() > 1 && words.iter().all(|w| w.chars().all(char::is_alphabetic)))
            .then(|| {
                let joined = words.concat();
                Phrase {
                    terms: Arc::new([lexicon.intern(&joined)]),
                    words: Arc::new([joined.into()]),
                }
            });
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
#[derive(Debug)]
pub struct Index<T> {
    by_first_term: FxHashMap<TermId, Vec<(T, Phrase)>>,
    /// The keys of `by_first_term` and of `inverted`, as filters: most words of an answer
    /// start no phrasing of the stage, and a filter says so without a hash lookup.
    first_terms: TermSet,
    second_terms: TermSet,
    /// Two-word phrasings by their second word, with their first: a noun compound is also
    /// said the other way round through a preposition ("query understanding", "understanding
    /// the query"; "label noise", "noise in the labels").
    inverted: FxHashMap<TermId, Vec<(T, TermId)>>,
    typos: Typos,
    patterns: Vec<(T, Pattern)>,
    /// All patterns at once, built on first use: one pass over an answer says which
    /// patterns match, and only those run again to find where.
    set: OnceLock<Option<SetMatcher>>,
}

impl<T: Copy> Default for Index<T> {
    fn default() -> Self {
        Index {
            by_first_term: FxHashMap::default(),
            first_terms: TermSet::default(),
            second_terms: TermSet::default(),
            inverted: FxHashMap::default(),
            typos: Typos::default(),
            patterns: Vec::new(),
            set: OnceLock::new(),
        }
    }
}

impl<T: Copy> Index<T> {
    pub fn builder() -> IndexBuilder<T> {
        IndexBuilder {
            index: Index::default(),
        }
    }

    /// Every mention of every target in the answer, in order of appearance.
    pub fn hits(&self, answer: &Analysis) -> Vec<Hit<T>> {
        let mut hits = self.phrase_hits(answer);
        hits.extend(self.pattern_hits(answer, |_| true));
        hits.sort_by_key(|h| h.words.start);
        hits
    }

    /// Mentions found through keywords and phrases, in order of appearance.
    pub fn phrase_hits(&self, answer: &Analysis) -> Vec<Hit<T>> {
        // Room for a hit every few words, instead of growing from nothing hit by hit.
        let mut hits = Vec::with_capacity(answer.len() / 4);
        let mut overlay = room::take(&SPARE);
        let terms: &[Option<Recognised>] = if answer.typo_candidates.is_empty() {
            &answer.terms
        } else {
            overlay.extend_from_slice(&answer.terms);
            for &i in &answer.typo_candidates {
                if let Some(term) = self.typos.correct(answer.tokens.text(i)) {
                    overlay[i] = Some(Recognised::Typo(term));
                }
            }
            &overlay
        };
        // A phrasing of several words needs its last word in the answer (only inner filler
        // may be left out), and a compound said the other way round its first: most
        // candidates fail that test, so they need not be walked word by word.
        let said = TermSet::of(terms.iter().flatten().map(|r| r.term()));
        for (start, recognised) in terms.iter().enumerate() {
            let Some(recognised) = recognised else {
                continue;
            };
            if !self.first_terms.may_hold(recognised.term()) {
                continue;
            }
            let Some(candidates) = self.by_first_term.get(&recognised.term()) else {
                continue;
            };
            for (target, phrase) in candidates {
                if let [_, .., last] = *phrase.terms
                    && !said.may_hold(last)
                {
                    continue;
                }
                if let Some((end, typo)) = match_at(answer, terms, start, phrase) {
                    hits.push(Hit {
                        target: *target,
                        words: start..end,
                        typo,
                    });
                }
            }
        }
        for (start, recognised) in terms.iter().enumerate() {
            let Some(recognised) = recognised else {
                continue;
            };
            if !self.second_terms.may_hold(recognised.term()) {
                continue;
            }
            let Some(candidates) = self.inverted.get(&recognised.term()) else {
                continue;
            };
            for &(target, first) in candidates {
                if !said.may_hold(first) {
                    continue;
                }
                if let Some(end) = inverted_at(answer, terms, start, first) {
                    hits.push(Hit {
                        target,
                        words: start..end,
                        typo: matches!(recognised, Recognised::Typo(_)),
                    });
                }
            }
        }
        room::keep(&SPARE, overlay, SPARE_TERMS);
        hits
    }

    /// Mentions found through the patterns of the targets `wanted` accepts. Patterns of
    /// targets already settled need not run at all.
    pub fn pattern_hits(&self, answer: &Analysis, wanted: impl Fn(T) -> bool) -> Vec<Hit<T>> {
        let mut hits = Vec::new();
        if !self.patterns.iter().any(|(t, _)| wanted(*t)) {
            return hits;
        }
        for i in self.matching_patterns(answer.tokens.normalized()) {
            let (target, pattern) = &self.patterns[i];
            if !wanted(*target) {
                continue;
            }
            let Some(regex) = pattern.regex() else {
                continue;
            };
            for m in regex.find_iter(answer.tokens.normalized().as_bytes()) {
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
        hits
    }

    /// The patterns that match somewhere in `text`.
    fn matching_patterns(&self, text: &str) -> Vec<usize> {
        if self.patterns.is_empty() {
            return Vec::new();
        }
        let set = self
            .set
            .get_or_init(|| build_set(self.patterns.iter().map(|(_, p)| runnable(&p.source))));
        match set {
            Some(set) => {
                let mut matched = PatternSet::new(set.pattern_len());
                set.which_match(text.as_bytes(), &mut matched);
                matched.iter().map(|p| p.as_usize()).collect()
            }
            // Too large to combine: try each pattern on its own.
            None => (0..self.patterns.len()).collect(),
        }
    }

    /// Compiles every pattern now; returns the source and error of those that fail. Loading
    /// only parses patterns, so `mlsd lint` calls this to catch what only compiling finds
    /// (size limits).
    pub fn compile_all(&self) -> Vec<(String, String)> {
        self.patterns
            .iter()
            .filter_map(|(_, p)| match compile_pattern(&p.source) {
                Ok(_) => None,
                Err(e) => Some((p.source.clone(), e)),
            })
            .collect()
    }
}

/// An author's regular expression: checked when the dialogue files load, compiled the first
/// time an answer matches it. Compiling the whole bank up front would cost most of the
/// start-up budget for stages that may never be reached.
#[derive(Debug)]
struct Pattern {
    source: String,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| compile_pattern(&self.source).ok())
            .as_ref()
    }
}

/// A pattern that parsed, ready to be compiled on first use.
#[derive(Debug, Clone)]
pub struct CheckedPattern {
    source: String,
}

/// Parses an author's pattern, rejecting invalid syntax and patterns that match the empty
/// string. Only the syntax tree is built: translating it costs more than parsing, and what
/// only translating or compiling finds (an unknown Unicode class, a size limit) `mlsd lint`
/// finds with [`Index::compile_all`].
pub fn check_pattern(pattern: &str) -> Result<CheckedPattern, String> {
    PatternChecker::default().check(pattern)
}

/// [`check_pattern`] for many patterns: one parser, whose working space (its stacks of
/// groups and classes) is kept from one pattern to the next instead of grown again for each
/// of the bank's three thousand.
pub struct PatternChecker {
    parser: regex_syntax::ast::parse::Parser,
}

impl Default for PatternChecker {
    fn default() -> Self {
        PatternChecker {
            parser: regex_syntax::ast::parse::Parser::new(),
        }
    }
}

impl PatternChecker {
    pub fn check(&mut self, pattern: &str) -> Result<CheckedPattern, String> {
        super::syntax::check_syntax(&mut self.parser, pattern)?;
        Ok(CheckedPattern {
            source: pattern.to_owned(),
        })
    }

    /// A pattern of a built-in dialogue file whose text is the one `build.rs` checked with
    /// [`super::syntax::check_syntax`]: parsing the bank's patterns again was a third of
    /// loading it.
    pub fn checked_at_build(pattern: &str) -> CheckedPattern {
        CheckedPattern {
            source: pattern.to_owned(),
        }
    }
}

fn match_at(
    answer: &Analysis,
    terms: &[Option<Recognised>],
    start: usize,
    phrase: &Phrase,
) -> Option<(usize, bool)> {
    let words = &answer.tokens.words;
    let sentence = words[start].sentence;
    let mut typo = matches!(terms[start], Some(Recognised::Typo(_)));
    let mut at = start + 1;
    let last = phrase.terms.len() - 1;
    for (k, &term) in phrase.terms.iter().enumerate().skip(1) {
        let mut skipped = 0;
        let found = loop {
            let Some(word) = words.get(at) else {
                break false;
            };
            if word.sentence != sentence {
                break false;
            }
            match terms[at] {
                Some(r) if r.term() == term => {
                    typo |= matches!(r, Recognised::Typo(_));
                    break true;
                }
                _ if skipped < MAX_SKIP && answer.cues[at].skippable() => {
                    skipped += 1;
                    at += 1;
                }
                _ => break false,
            }
        };
        if found {
            at += 1;
            continue;
        }
        // A filler word inside the phrasing may be missing from the answer: "posts per day"
        // matches "posts/day", "split by time" matches "split time".
        if k < last && cues::is_skippable(&phrase.words[k]) {
            at -= skipped;
            continue;
        }
        return None;
    }
    Some((at, typo))
}

/// Links that may stand between the two words of a compound said the other way round: "noise
/// in the labels". At least one must be a preposition ("the serving model" is not "model
/// serving"), unless the second word is a gerund taking the first as its object:
/// "understanding the query", "sampling negatives", "tuning hyperparameters".
const MAX_LINKS: usize = 3;

/// Where the compound whose first word is `first` ends, said the other way round from its
/// second word at `start` ("understanding the query"), if it is.
fn inverted_at(
    answer: &Analysis,
    terms: &[Option<Recognised>],
    start: usize,
    first: TermId,
) -> Option<usize> {
    let words = &answer.tokens.words;
    let clause = words[start].clause;
    // A gerund after a determiner is an adjective: "the serving model".
    let gerund = answer.word(start).ends_with("ing")
        && start
            .checked_sub(1)
            .is_none_or(|b| answer.cues[b].compound_link() != Some(false));
    let mut preposition = gerund;
    for at in start + 1..(start + 2 + MAX_LINKS).min(words.len()) {
        if words[at].clause != clause {
            return None;
        }
        if preposition && terms[at].is_some_and(|r| r.term() == first) {
            return Some(at + 1);
        }
        match answer.cues[at].compound_link() {
            Some(is_preposition) => preposition |= is_preposition,
            None => return None,
        }
    }
    None
}

/// Room for more words than this is let go rather than kept (a pasted book).
const SPARE_TERMS: usize = 16 * 1024;

thread_local! {
    /// Room for an answer's terms with its typos corrected, one per stage searched, kept for
    /// the next answer (see [`super::room`]).
    static SPARE: std::cell::Cell<Vec<Option<Recognised>>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A set of terms that may answer "yes" for a term not in it (two terms share a bit when
/// their numbers agree modulo its size), never "no" for one that is: a filter in front of
/// exact lookups.
#[derive(Debug, Clone)]
struct TermSet([u64; TERM_SET_WORDS]);

/// 1,024 bits: an answer's 150 words fill a seventh of them.
const TERM_SET_WORDS: usize = 16;

impl Default for TermSet {
    fn default() -> Self {
        TermSet([0; TERM_SET_WORDS])
    }
}

impl TermSet {
    fn of(terms: impl Iterator<Item = TermId>) -> TermSet {
        let mut set = TermSet::default();
        for t in terms {
            set.insert(t);
        }
        set
    }

    fn slot(term: TermId) -> (usize, u64) {
        let bit = term.0 as usize % (TERM_SET_WORDS * 64);
        (bit / 64, 1 << (bit % 64))
    }

    fn insert(&mut self, term: TermId) {
        let (word, mask) = Self::slot(term);
        self.0[word] |= mask;
    }

    fn may_hold(&self, term: TermId) -> bool {
        let (word, mask) = Self::slot(term);
        self.0[word] & mask != 0
    }
}

pub struct IndexBuilder<T> {
    index: Index<T>,
}

impl<T: Copy> IndexBuilder<T> {
    pub fn phrase(&mut self, target: T, phrase: Phrase) {
        let Some(&first) = phrase.terms.first() else {
            return;
        };
        for (word, &term) in phrase.words.iter().zip(phrase.terms.iter()) {
            self.index.typos.add(word, term);
        }
        if let ([a, b], [_, second]) = (&*phrase.words, &*phrase.terms)
            && cues::compound_link(a).is_none()
            && cues::compound_link(b).is_none()
        {
            self.index.second_terms.insert(*second);
            self.index
                .inverted
                .entry(*second)
                .or_default()
                .push((target, first));
        }
        self.index.first_terms.insert(first);
        self.index
            .by_first_term
            .entry(first)
            .or_default()
            .push((target, phrase));
    }

    pub fn pattern(&mut self, target: T, checked: CheckedPattern) {
        self.index.patterns.push((
            target,
            Pattern {
                source: checked.source,
                compiled: OnceLock::new(),
            },
        ));
    }

    pub fn build(self) -> Index<T> {
        self.index
    }
}

/// The lazy DFA cache of one stage's pattern set, per thread that judges. At the regex
/// crate's default of 2 MB the sets held 90 MB once every stage had seen varied answers;
/// at 256 KB the DFA gives up on a plain 150-word answer and judging is 25 times slower.
const SET_DFA_BYTES: usize = 512 * 1024;

/// Every pattern of a stage in one automaton that says which of them match.
///
/// No literal prefilter: for a few hundred patterns it is a large Aho-Corasick automaton per
/// stage (20 MB for the bank) that finds a candidate in nearly every word of an English
/// answer, so it saves the DFA no work.
fn build_set(patterns: impl Iterator<Item = String>) -> Option<SetMatcher> {
    let patterns: Vec<String> = patterns.collect();
    SetMatcher::new(&patterns, on_bytes(), SET_DFA_BYTES)
}

/// Compiles an author's pattern the way every pattern is run (see [`runnable`]).
///
/// A pattern runs only where its stage's set said it matches, to find where: on a few
/// hundred bytes, where a backtracker (or the NFA simulation) is as fast as a DFA. So no
/// lazy DFA and no one-pass DFA: with them every compiled pattern carried caches per thread,
/// 47 MB for the bank on one thread.
pub fn compile_pattern(pattern: &str) -> Result<Regex, String> {
    regex_automata::meta::Regex::builder()
        .syntax(on_bytes())
        .configure(
            on_bytes_config()
                .nfa_size_limit(Some(1 << 20))
                .hybrid(false)
                .onepass(false)
                .dfa(false),
        )
        .build(&runnable(pattern))
        .map_err(|e| e.to_string())
}

/// How every pattern is read, in a stage's set and on its own alike (see [`runnable`]), so
/// that the set and the pattern never disagree on whether it matches.
fn on_bytes() -> regex_automata::util::syntax::Config {
    regex_automata::util::syntax::Config::new()
        .unicode(false)
        .utf8(false)
}

/// The matching side of [`on_bytes`]: an empty match may split a UTF-8 character.
fn on_bytes_config() -> regex_automata::meta::Config {
    regex_automata::meta::Config::new().utf8_empty(false)
}

/// An author's pattern as it is run: on the bytes of the normalised answer, which is in lower
/// case and nearly always English, with Unicode off except where the pattern names a
/// non-ASCII character or a Unicode class.
///
/// - `.` and `[^…]` match one byte, `\b`, `\w`, `\d` and `\s` are ASCII. In Unicode mode the
///   bank's 27,000 repetitions of `.` (from `.{0,30}` and the like) and five thousand `\b` made
///   the stage pattern sets' automata, and each thread's match caches for them, several times
///   larger: most of the judge's own memory. On English text the verdicts are the same; a
///   window such as `.{0,30}` spans fewer accented characters than before.
/// - Letters are lowered instead of matching case-insensitively: answers are normalised to
///   lower case, and case folding turns `k` and `s` into choices that include the Kelvin sign
///   and the long s.
/// - A non-ASCII character (`×`, `≥`) and `\p{…}` outside brackets keep Unicode, in
///   `(?u:…)`. Inside brackets they cannot: `mlsd lint` reports such a pattern.
pub fn runnable(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    // Inside `[...]`; nested classes count their brackets.
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                if depth == 0 && matches!(next, 'p' | 'P') {
                    out.push_str("(?u:\\");
                    out.push(next);
                    if chars.peek() == Some(&'{') {
                        for n in chars.by_ref() {
                            out.push(n);
                            if n == '}' {
                                break;
                            }
                        }
                    } else if let Some(n) = chars.next() {
                        out.push(n);
                    }
                    out.push(')');
                } else {
                    out.push(c);
                    out.push(next);
                }
            }
            '[' => {
                depth += 1;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal, not the end of the class.
                let mut lookahead = chars.clone();
                let mut skip = 0;
                if lookahead.next() == Some('^') {
                    skip = 1;
                    if lookahead.next() == Some(']') {
                        skip = 2;
                    }
                } else if chars.peek() == Some(&']') {
                    skip = 1;
                }
                for _ in 0..skip {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
            }
            ']' if depth > 0 => {
                depth -= 1;
                out.push(c);
            }
            // Group syntax (`(?P<name>`, `(?i:`) keeps its letters as written.
            '(' if depth == 0 && chars.peek() == Some(&'?') => {
                out.push(c);
                for n in chars.by_ref() {
                    out.push(n);
                    if matches!(n, ':' | ')' | '>') {
                        break;
                    }
                }
            }
            c if !c.is_ascii() && depth == 0 => {
                out.push_str("(?u:");
                out.extend(c.to_lowercase());
                out.push(')');
            }
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_run_in_lower_case_on_bytes_with_unicode_only_where_named() {
        let cases = [
            (r"\bsplit\b", r"\bsplit\b"),
            (r"\bLR\b [A-Z]\W\S", r"\blr\b [a-z]\W\S"),
            (r"(?P<Model>GBDT)(?:X)", r"(?P<Model>gbdt)(?:x)"),
            (r"users? (x|×) items", r"users? (x|(?u:×)) items"),
            (r"\p{Greek}+ \pL [\pL]", r"(?u:\p{Greek})+ (?u:\pL) [\pl]"),
            (r"[]A] [^]B] [a[\dC]]", r"[]a] [^]b] [a[\dc]]"),
            (r"\\B", r"\\b"),
            ("trailing\\", "trailing\\"),
        ];
        for (pattern, expected) in cases {
            assert_eq!(runnable(pattern), expected, "{pattern}");
        }
        // The same verdicts on English text.
        let re =
            compile_pattern(r"\bhold (back|out) the last \d+ (days|weeks)\b").expect("compiles");
        assert!(re.is_match(b"i'd hold back the last 2 weeks"));
        assert!(!re.is_match(b"withhold back the last 2 weeks"));
        let re = compile_pattern(r"\busers? (x|×) items\b.{0,5}\bgrid").expect("compiles");
        assert!(re.is_match("users × items, a grid".as_bytes()));
        // Inside brackets a non-ASCII character cannot run; lint reports it.
        assert!(compile_pattern(r"[x×]").is_err());
    }

    fn index(lexicon: &mut Lexicon, keywords: &[(u8, &str)]) -> Index<u8> {
        let mut b = Index::builder();
        for &(target, k) in keywords {
            let (p, closed) = Phrase::compile(k, lexicon).expect("phrase");
            b.phrase(target, p);
            if let Some(c) = closed {
                b.phrase(target, c);
            }
        }
        b.build()
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
    fn a_two_word_compound_is_also_found_the_other_way_round() {
        let mut lex = Lexicon::default();
        let idx = index(
            &mut lex,
            &[
                (1, "label noise"),
                (2, "query understanding"),
                (3, "model serving"),
            ],
        );
        assert_eq!(targets(&idx, &lex, "there is noise in the labels"), [1]);
        assert_eq!(targets(&idx, &lex, "noise across all our labels"), [1]);
        assert_eq!(
            targets(&idx, &lex, "understanding the query comes first"),
            [2]
        );
        // Without a preposition the words may mean something else.
        assert!(targets(&idx, &lex, "the serving model is small").is_empty());
        // Too far apart, or in another clause.
        assert!(targets(&idx, &lex, "noise, as we saw with the old labels").is_empty());
        assert!(targets(&idx, &lex, "noise in the data and in the labels").is_empty());
    }

    #[test]
    fn filler_inside_a_phrasing_may_be_left_out() {
        let mut lex = Lexicon::default();
        let idx = index(&mut lex, &[(1, "posts per day"), (2, "the model")]);
        assert_eq!(targets(&idx, &lex, "about 2B posts/day"), [1]);
        assert_eq!(targets(&idx, &lex, "about 2B posts a day"), [1]);
        assert!(
            targets(&idx, &lex, "the posts").is_empty(),
            "only inner filler is optional"
        );
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
        b.pattern(1u8, check_pattern(r"\bNE\b").expect("pattern"));
        let idx = b.build();
        assert_eq!(idx.hits(&Analysis::new("report NE daily", &lex)).len(), 1);
    }

    #[test]
    fn regex_hits_map_onto_words() {
        let mut lex = Lexicon::default();
        let mut b = Index::builder();
        b.pattern(7u8, check_pattern(r"\b\d+\s?ms\b").expect("pattern"));
        let idx = b.build();
        let hits = idx.hits(&Analysis::new("feed must load in 150 ms at p99", &lex));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].words, 4..6);
        lex.intern("unused");
    }

    #[test]
    fn patterns_compile_on_first_use_and_only_when_they_match() {
        let lex = Lexicon::default();
        let mut b = Index::builder();
        b.pattern(
            1u8,
            check_pattern(r"\baccuracy (is|as) the metric").expect("pattern"),
        );
        b.pattern(
            2u8,
            check_pattern(r"\bnormali[sz]ed entropy\b").expect("pattern"),
        );
        let idx = b.build();
        assert!(idx.set.get().is_none(), "nothing is built at load");
        let hits = idx.hits(&Analysis::new("ACCURACY is the metric", &lex));
        assert_eq!(hits.iter().map(|h| h.target).collect::<Vec<_>>(), [1]);
        assert!(idx.patterns[0].1.compiled.get().is_some());
        assert!(
            idx.patterns[1].1.compiled.get().is_none(),
            "never matched, never compiled"
        );
    }

    #[test]
    fn bad_patterns_are_rejected_with_a_reason() {
        assert_eq!(
            check_pattern(r"(ab").expect_err("unclosed"),
            "error: unclosed group"
        );
        for empty in [r"a*", r"\b(yes|)\b", r"(?i)x{0}", r"(a?b?)+"] {
            assert!(
                check_pattern(empty)
                    .expect_err(empty)
                    .contains("empty string"),
                "{empty}"
            );
        }
        for fine in [r"\b\d+\s?ms\b", r"(?i:a|bc)", r"x{2,}y?", r"\p{Greek}"] {
            assert!(check_pattern(fine).is_ok(), "{fine}");
        }
    }
}
