//! The vocabulary of every phrasing in the dialogue files, stemmed and interned, and the
//! typo-tolerant lookup that lets "chronologicaly" and "leakge" still count.
//!
//! Built once while the dialogue files compile, then only read. Typos are corrected only
//! into the words of the stage being judged ([`Typos`]): that keeps the search small, and a
//! word can never be "corrected" into something the stage does not listen for.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use super::cues::Cues;
use super::text::{normalize, tokenize};

/// How many pieces the bank's prose is cut into for [`Lexicon::finish`]: a few per core,
/// so a core that finishes early takes another.
const PROSE_CHUNKS: usize = 16;

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
    /// Every word written anywhere in the content, with its term if it has one: the words of
    /// phrasings, and the words of prose (questions, probes, model answers). A word found
    /// here is recognised with one lookup, and is never "corrected" as a typo because the
    /// content spells it on purpose. Prose words get their term in [`Lexicon::finish`].
    words: FxHashMap<Box<str>, Option<TermId>>,
    /// After [`Lexicon::finish`]: each known word's term, cue roles and content stem, in
    /// one lookup.
    known: FxHashMap<Box<str>, Looked>,
    /// Stems worked out ahead, side by side while the files are read (see [`stems`]); each
    /// is taken when its word is interned, and the rest let go at [`Lexicon::finish`].
    stemmed: FxHashMap<Box<str>, Box<str>>,
    finished: bool,
    /// Set by [`Lexicon::finish`], cleared by any later change: the mark under which this
    /// lexicon's lookups of unknown words are remembered (see [`super::recent`]).
    mark: Option<u64>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("terms", &self.terms.len())
            .field("words", &self.words.len())
            .finish()
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon {
            stemmer: Stemmer::create(Algorithm::English),
            terms: FxHashMap::default(),
            words: FxHashMap::default(),
            known: FxHashMap::default(),
            stemmed: FxHashMap::default(),
            finished: false,
            mark: None,
        }
    }
}

/// What the judge needs of a word, worked out once per word of the bank rather than once per
/// word of every answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Looked {
    /// The phrasing term it was recognised as.
    pub term: Option<TermId>,
    /// Its roles as a negation, filler, connective…
    pub cues: Cues,
    /// Its crude stem if it is a content word (see [`super::given`]).
    pub content: Option<u64>,
    /// It has a digit in it (see [`super::analysis::is_number`]).
    pub number: bool,
    /// Its text's hash as word shingles combine it (see [`super::overlap::word_hash`]):
    /// worked out with the rest, so an answer's words are not hashed again for its echoes.
    pub hash: u64,
}

impl Looked {
    fn of(word: &str, term: Option<TermId>) -> Looked {
        let cues = Cues::of(word);
        Looked {
            term,
            cues,
            content: super::given::content_stem(word, cues),
            number: super::analysis::is_number(word),
            hash: super::overlap::word_hash(word),
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
    /// Interns a word of a phrasing and returns its term.
    pub fn intern(&mut self, word: &str) -> TermId {
        if let Some(&Some(t)) = self.words.get(word) {
            return t;
        }
        self.mark = None;
        let stem = match self.stemmed.remove(word) {
            Some(stem) => stem,
            None => self.stemmer.stem(word).into(),
        };
        let next = TermId(self.terms.len() as u32);
        let term = *self.terms.entry(stem).or_insert(next);
        self.words.insert(word.into(), Some(term));
        term
    }

    /// Stems worked out ahead by [`stems`], for [`Lexicon::intern`] to take instead of
    /// stemming on the one thread that interns.
    pub fn add_stems(&mut self, stems: Vec<(Box<str>, Box<str>)>) {
        self.stemmed.extend(stems);
    }

    /// Makes `word` (and every word sharing its stem) the same term as `canonical`, so a
    /// phrasing written with either matches both. Returns `false`, changing nothing, when the
    /// word already has another term.
    pub fn alias(&mut self, word: &str, canonical: &str) -> bool {
        let term = self.intern(canonical);
        self.mark = None;
        let stem = self.stemmer.stem(word).into_owned();
        match self.terms.get(stem.as_str()) {
            Some(&existing) if existing != term => return false,
            Some(_) => {}
            None => {
                self.terms.insert(stem.into_boxed_str(), term);
            }
        }
        if let Some(Some(existing)) = self.words.get(word)
            && *existing != term
        {
            return false;
        }
        self.words.insert(word.into(), Some(term));
        true
    }

    /// Records a word that appears in prose (questions, probes, model answers).
    pub fn learn_word(&mut self, word: &str) {
        if !self.words.contains_key(word) {
            self.mark = None;
            self.words.insert(word.into(), None);
        }
    }

    /// Learns the words of `prose` (questions, probes, model answers) and gives every word
    /// learned without a term its term; call once every phrasing is interned.
    ///
    /// Prose is most of the bank's text, and reading it needs nothing but the finished terms,
    /// so it is tokenised and stemmed side by side; the words it adds are the same in any
    /// order, since a phrasing's word already has its term and a prose word only needs one.
    pub fn finish(&mut self, prose: &[String]) {
        let chunks: Vec<&[String]> = prose
            .chunks(prose.len().div_ceil(PROSE_CHUNKS).max(1))
            .collect();
        let learned = crate::parallel::map(&chunks, |texts| {
            let mut new: FxHashMap<Box<str>, Option<TermId>> = FxHashMap::default();
            for text in *texts {
                for word in tokenize(normalize(text)).texts() {
                    if !self.words.contains_key(word) && !new.contains_key(word) {
                        let term = self.by_stem(word);
                        new.insert(word.into(), term);
                    }
                }
            }
            new
        });
        for (word, term) in learned.into_iter().flatten() {
            self.words.entry(word).or_insert(term);
        }
        let unresolved: Vec<Box<str>> = self
            .words
            .iter()
            .filter(|(_, t)| t.is_none())
            .map(|(w, _)| w.clone())
            .collect();
        for word in unresolved {
            let term = self.by_stem(&word);
            self.words.insert(word, term);
        }
        // A word's cue roles and content stem are most of this; they need nothing but the
        // word, so they are worked out side by side too.
        let words: Vec<(&Box<str>, &Option<TermId>)> = self.words.iter().collect();
        let chunks: Vec<&[(&Box<str>, &Option<TermId>)]> = words
            .chunks(words.len().div_ceil(PROSE_CHUNKS).max(1))
            .collect();
        let looked = crate::parallel::map(&chunks, |chunk| {
            chunk
                .iter()
                .map(|&(w, &t)| (w.clone(), Looked::of(w, t)))
                .collect::<Vec<_>>()
        });
        self.known = looked.into_iter().flatten().collect();
        self.stemmed = FxHashMap::default();
        self.finished = true;
        self.mark = Some(super::recent::new_mark());
    }

    /// A word's term (if any phrasing uses it), its cue roles and its content stem.
    pub fn lookup(&self, word: &str) -> Looked {
        match self.known.get(word) {
            Some(&found) => found,
            // Stemming and reading an unknown word is costly, and an answer is read again at
            // every later stage: its unknown words are remembered for a while.
            None => match self.mark {
                Some(mark) => {
                    super::recent::looked_up(mark, word, || Looked::of(word, self.recognise(word)))
                }
                None => Looked::of(word, self.recognise(word)),
            },
        }
    }

    /// The term of an answer word, if some phrasing uses that word or another form of it.
    pub fn recognise(&self, word: &str) -> Option<TermId> {
        match self.words.get(word) {
            Some(&Some(t)) => Some(t),
            Some(None) if self.finished => None,
            _ => self.by_stem(word),
        }
    }

    fn by_stem(&self, word: &str) -> Option<TermId> {
        if !word.chars().any(char::is_alphabetic) {
            return None;
        }
        let stem = self.stemmer.stem(word);
        self.terms
            .get(&*stem)
            // Snowball stems "embed" to "emb" but "embedding" to "embed": a word that is
            // itself another word's stem belongs to that word's term.
            .or_else(|| self.terms.get(word))
            .copied()
    }

    /// Whether an unrecognised word may be a misspelling: long enough, made of letters, and
    /// not a word the content itself uses.
    pub fn may_be_typo(&self, word: &str) -> bool {
        char_len(word) >= MIN_FUZZY_CHARS
            && word.chars().all(char::is_alphabetic)
            && !self.words.contains_key(word)
    }
}

/// Each word with its stem, as [`Lexicon::intern`] would stem it: stemming is most of
/// interning a new word, and this part needs no lexicon, so it runs where the files are read.
pub fn stems<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<(Box<str>, Box<str>)> {
    let stemmer = Stemmer::create(Algorithm::English);
    words
        .into_iter()
        .map(|w| (w.into(), stemmer.stem(w).into()))
        .collect()
}

fn char_len(word: &str) -> usize {
    if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    }
}

/// The keyword words of one stage, grouped for typo lookup by first letter and length.
#[derive(Debug, Clone, Default)]
pub struct Typos {
    by_shape: FxHashMap<Shape, Vec<Candidate>>,
    /// Renewed by every word added, 0 while there is none: the mark under which corrections
    /// into these words are remembered (see [`super::recent`]).
    mark: u64,
}

/// First letter and length in characters.
type Shape = (char, usize);

/// A keyword word, its set of letters (see [`letters`]) and its term.
type Candidate = (Box<str>, u64, TermId);

/// The set of letters a word contains, one bit each. An edit changes at most two bits, so
/// words whose sets differ by more than twice the allowed edits need no distance computed.
fn letters(word: &str) -> u64 {
    word.chars()
        .fold(0, |mask, c| mask | 1 << (u32::from(c) % 64))
}

impl Typos {
    pub fn add(&mut self, word: &str, term: TermId) {
        let len = char_len(word);
        if len + 1 < MIN_FUZZY_CHARS || !word.chars().all(char::is_alphabetic) {
            return;
        }
        let Some(first) = word.chars().next() else {
            return;
        };
        let bucket = self.by_shape.entry((first, len)).or_default();
        if !bucket.iter().any(|(w, _, _)| &**w == word) {
            bucket.push((word.into(), letters(word), term));
            self.mark = super::recent::new_mark();
        }
    }

    /// The keyword term a misspelt word most likely stands for: same first letter, at most
    /// one edit apart (two from 10 letters), by optimal string alignment distance.
    pub fn correct(&self, word: &str) -> Option<TermId> {
        // An answer's typos come back each time it is read again (see [`super::recent`]).
        match self.mark {
            0 => self.correct_anew(word),
            mark => super::recent::corrected(mark, word, || self.correct_anew(word)),
        }
    }

    /// [`Typos::correct`], worked out.
    fn correct_anew(&self, word: &str) -> Option<TermId> {
        let len = char_len(word);
        let allowed = if len >= TWO_EDIT_CHARS { 2 } else { 1 };
        let first = word.chars().next()?;
        let mask = letters(word);
        let mut best: Option<(usize, TermId)> = None;
        for candidate_len in len.saturating_sub(allowed)..=len + allowed {
            let Some(bucket) = self.by_shape.get(&(first, candidate_len)) else {
                continue;
            };
            for (candidate, candidate_mask, term) in bucket {
                if (mask ^ candidate_mask).count_ones() as usize > 2 * allowed {
                    continue;
                }
                if let Some(distance) = osa_within(word, candidate, allowed)
                    && best.is_none_or(|(d, _)| distance < d)
                {
                    best = Some((distance, *term));
                }
            }
        }
        best.map(|(_, term)| term)
    }
}

/// The optimal string alignment distance between `a` and `b` (as `strsim::osa_distance`
/// counts it) when it is at most `most`, else `None`.
///
/// Only the cells within `most` of the diagonal can lie on an alignment that costs `most`
/// or less (a cell's distance is at least how far it is off the diagonal), so for the ASCII
/// words typos are looked for in, only that band is worked out, on the stack, with every
/// other cell held at `most + 1`. The full table, allocated per pair, was most of the cost
/// of correcting a typo.
fn osa_within(a: &str, b: &str, most: usize) -> Option<usize> {
    const LONGEST: usize = 63;
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if !a.is_ascii() || !b.is_ascii() || x.len() > LONGEST || y.len() > LONGEST || most > 200 {
        let d = strsim::osa_distance(a, b);
        return (d <= most).then_some(d);
    }
    if x.len().abs_diff(y.len()) > most {
        return None;
    }
    let far = most as u8 + 1;
    let mut before = [far; LONGEST + 1];
    let mut above = [far; LONGEST + 1];
    let mut row = [far; LONGEST + 1];
    for (j, cell) in above.iter_mut().enumerate().take(y.len() + 1) {
        *cell = (j.min(usize::from(far))) as u8;
    }
    for i in 1..=x.len() {
        row.fill(far);
        if i <= most {
            row[0] = i as u8;
        }
        let from = i.saturating_sub(most).max(1);
        let to = (i + most).min(y.len());
        for j in from..=to {
            let cost = u8::from(x[i - 1] != y[j - 1]);
            let mut d = (above[j] + 1).min(row[j - 1] + 1).min(above[j - 1] + cost);
            if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d.min(far);
        }
        std::mem::swap(&mut before, &mut above);
        std::mem::swap(&mut above, &mut row);
    }
    let d = usize::from(above[y.len()]);
    (d <= most).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(words: &[&str]) -> (Lexicon, Typos) {
        let mut lex = Lexicon::default();
        let mut typos = Typos::default();
        for w in words {
            let t = lex.intern(w);
            typos.add(w, t);
        }
        (lex, typos)
    }

    fn correct(lex: &Lexicon, typos: &Typos, word: &str) -> Option<TermId> {
        lex.may_be_typo(word).then(|| typos.correct(word)).flatten()
    }

    #[test]
    fn an_unknown_word_remembered_reads_the_same_and_only_for_its_lexicon() {
        let finished = |words: &[&str]| {
            let (mut lex, _) = lexicon(words);
            lex.finish(&[]);
            lex
        };
        let splits = finished(&["split"]);
        let leaks = finished(&["leakage"]);
        // "splitting" and "leakages" are in neither lexicon's words: looked up by stem.
        for _ in 0..2 {
            assert_eq!(splits.lookup("splitting").term, splits.recognise("split"));
            assert!(splits.lookup("splitting").term.is_some());
            assert_eq!(leaks.lookup("splitting").term, None);
            assert_eq!(leaks.lookup("leakages").term, leaks.recognise("leakage"));
        }
        // The same for typos, corrected into each stage's own keywords.
        let (lex, mut typos) = lexicon(&["leakage"]);
        let (_, others) = lexicon(&["chronological"]);
        for _ in 0..2 {
            assert_eq!(correct(&lex, &typos, "leakge"), lex.recognise("leakage"));
            assert_eq!(correct(&lex, &others, "leakge"), None);
        }
        typos.add("leakges", TermId(7));
        assert_eq!(correct(&lex, &typos, "leakgess"), Some(TermId(7)));
        // Changed after finishing, a lexicon no longer reads through what it remembered.
        let mut later = finished(&["split"]);
        assert_eq!(later.lookup("leakages").term, None);
        later.intern("leakage");
        assert_eq!(later.lookup("leakages").term, later.recognise("leakage"));
    }

    #[test]
    fn the_banded_distance_agrees_with_strsim_within_its_band() {
        // A small deterministic generator: pairs of words over few letters, so that edits,
        // transpositions and near misses are common.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let word = |next: &mut dyn FnMut(u64) -> u64| -> String {
            let len = next(9) as usize;
            (0..len).map(|_| char::from(b'a' + next(4) as u8)).collect()
        };
        for _ in 0..20_000 {
            let a = word(&mut next);
            let b = if next(2) == 0 {
                word(&mut next)
            } else {
                // A near miss of `a`: one or two random edits.
                let mut b: Vec<u8> = a.bytes().collect();
                for _ in 0..=next(2) {
                    let at = if b.is_empty() {
                        0
                    } else {
                        next(b.len() as u64) as usize
                    };
                    match next(4) {
                        0 if !b.is_empty() => {
                            b.remove(at);
                        }
                        1 => b.insert(at, b'a' + next(4) as u8),
                        2 if at + 1 < b.len() => b.swap(at, at + 1),
                        _ if !b.is_empty() => b[at] = b'a' + next(4) as u8,
                        _ => {}
                    }
                }
                String::from_utf8(b).expect("ascii")
            };
            let full = strsim::osa_distance(&a, &b);
            for most in 0..4 {
                assert_eq!(
                    osa_within(&a, &b, most),
                    (full <= most).then_some(full),
                    "{a} {b} {most}"
                );
            }
        }
        assert_eq!(osa_within("chronologicaly", "chronological", 2), Some(1));
        assert_eq!(osa_within("naïve", "naive", 1), Some(1));
    }

    #[test]
    fn inflections_share_a_term() {
        let (lex, _) = lexicon(&["chronological", "split"]);
        assert_eq!(lex.recognise("splits"), lex.recognise("split"));
        assert_eq!(
            lex.recognise("chronologically"),
            lex.recognise("chronological")
        );
    }

    #[test]
    fn a_word_that_is_another_words_stem_shares_its_term() {
        let (lex, _) = lexicon(&["embedding"]);
        assert_eq!(lex.recognise("embed"), lex.recognise("embedding"));
        assert!(lex.recognise("embed").is_some());
    }

    #[test]
    fn prose_words_resolve_the_same_before_and_after_finish() {
        let (mut lex, _) = lexicon(&["split"]);
        lex.learn_word("splitting");
        lex.learn_word("because");
        let before = (lex.recognise("splitting"), lex.recognise("because"));
        lex.finish(&[]);
        assert_eq!(
            (lex.recognise("splitting"), lex.recognise("because")),
            before
        );
        assert_eq!(before, (lex.recognise("split"), None));
    }

    #[test]
    fn typos_in_longer_words_are_tolerated() {
        let (lex, typos) = lexicon(&["chronological", "leakage"]);
        let chrono = lex.recognise("chronological");
        assert_eq!(correct(&lex, &typos, "chronologicaly"), chrono);
        assert_eq!(correct(&lex, &typos, "chronlogical"), chrono);
        assert_eq!(correct(&lex, &typos, "leakge"), lex.recognise("leakage"));
    }

    #[test]
    fn short_words_and_known_words_are_not_corrected() {
        let (mut lex, typos) = lexicon(&["precision", "drift", "sample"]);
        assert_eq!(
            correct(&lex, &typos, "draft"),
            None,
            "too short to be a typo"
        );
        assert_eq!(
            correct(&lex, &typos, "decision"),
            None,
            "different first letter"
        );
        lex.learn_word("simple");
        assert_eq!(
            correct(&lex, &typos, "simple"),
            None,
            "a real word of the content"
        );
    }
}
