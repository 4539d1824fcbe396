//! One answer, read once: its words recognised against the lexicon, the reach of every
//! negation, and which sentences carry reasoning rather than a bare list of terms.

use super::cues::{self, Cues};
use super::lexicon::{Lexicon, Recognised};
use super::text::{self, Tokens};

use std::ops::Range;

/// How far a negation reaches: this many content words after the cue.
const NEGATION_REACH: usize = 3;
/// How far after a mention a take-back ("…is overkill") still counts.
const AFTERTHOUGHT_REACH: usize = 4;
/// How far from a term the word that ties it into a statement may stand.
const TIE_REACH: usize = 3;
/// The most items a heading ("metrics: …") ties into a statement.
const HEADED_ITEMS: usize = 5;
/// A sentence with fewer than one tying word in this many is a run of bare terms.
const BARE_RUN: usize = 6;

pub(super) fn is_number(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
}

#[derive(Debug, Clone)]
pub struct Analysis {
    /// The words, and the normalised text they were read from (see [`Tokens::normalized`]).
    pub tokens: Tokens,
    /// Per word: the phrasing term it was recognised as.
    pub terms: Vec<Option<Recognised>>,
    /// Words no phrasing uses that may be misspellings; each stage tries to correct them.
    pub typo_candidates: Vec<usize>,
    /// Per word: its roles as a negation, filler, connective…
    pub cues: Vec<Cues>,
    /// Per word: ties terms into a statement (see [`cues::is_glue`]), or is a number.
    ties: Vec<bool>,
    /// Per word: inside the reach of a dismissal ("not", "no need for", "instead of").
    pub dismissed: Vec<bool>,
    /// Per word: inside the reach of a word that disowns a misconception ("avoid").
    pub disowned: Vec<bool>,
    /// Per sentence: how it reads.
    pub shapes: Vec<Shape>,
    /// Per word: its crude stem if it is a content word (see [`super::given`]), from the
    /// same lexicon lookup as its term and cues.
    content_stems: Vec<Option<u64>>,
    /// Per word: has a digit in it (see [`is_number`]), so that passes over the answer's
    /// words need not look at their text again.
    pub(super) numbers: Vec<bool>,
    /// Per word: its text's hash, from the lexicon lookup (see [`super::overlap::answer_windows`]).
    word_hashes: Vec<u64>,
}

/// The room of an analysis that is done with, for the next one on the same thread: judging
/// an answer fills a dozen vectors a word long, and growing them anew for every answer was
/// a large and uneven share of the judge's time in the allocator.
#[derive(Default)]
struct Spare {
    text: String,
    tokens: text::Spare,
    terms: Vec<Option<Recognised>>,
    typo_candidates: Vec<usize>,
    cues: Vec<Cues>,
    ties: Vec<bool>,
    dismissed: Vec<bool>,
    disowned: Vec<bool>,
    shapes: Vec<Shape>,
    content_stems: Vec<Option<u64>>,
    numbers: Vec<bool>,
    word_hashes: Vec<u64>,
}

/// An answer text longer than this does not leave its room behind: one pasted book should
/// not stay in memory for the rest of the thread's life.
const SPARE_BYTES: usize = 64 * 1024;

thread_local! {
    static SPARE: std::cell::Cell<Option<Spare>> = const { std::cell::Cell::new(None) };
}

impl Spare {
    /// The room left by the last analysis on this thread, or none.
    fn take() -> Spare {
        SPARE
            .try_with(|spare| spare.take())
            .ok()
            .flatten()
            .unwrap_or_default()
    }
}

impl Drop for Analysis {
    fn drop(&mut self) {
        if self.tokens.normalized().len() > SPARE_BYTES {
            return;
        }
        let (tokens, text) = std::mem::take(&mut self.tokens).into_spare();
        let spare = Spare {
            text,
            tokens,
            terms: std::mem::take(&mut self.terms),
            typo_candidates: std::mem::take(&mut self.typo_candidates),
            cues: std::mem::take(&mut self.cues),
            ties: std::mem::take(&mut self.ties),
            dismissed: std::mem::take(&mut self.dismissed),
            disowned: std::mem::take(&mut self.disowned),
            shapes: std::mem::take(&mut self.shapes),
            content_stems: std::mem::take(&mut self.content_stems),
            numbers: std::mem::take(&mut self.numbers),
            word_hashes: std::mem::take(&mut self.word_hashes),
        };
        // During the thread's own teardown there is nowhere to keep it; it is freed.
        let _ = SPARE.try_with(|slot| slot.set(Some(spare)));
    }
}

/// How a sentence reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Enough words with a reason, consequence or comparison in them, or a real question.
    pub reasoned: bool,
    /// Three or more short items separated by commas, slashes or "and".
    pub list: bool,
    /// Opens with "because", "this", "so"…: it explains the sentence before.
    pub links_back: bool,
    /// Ends with a question mark or opens like a question.
    pub question: bool,
    /// List segments outside brackets (see [`segment_count`]).
    pub segments: usize,
}

impl Analysis {
    pub fn new(answer: &str, lexicon: &Lexicon) -> Analysis {
        let spare = Spare::take();
        let tokens = text::tokenize_into(text::normalize_into(answer, spare.text), spare.tokens);
        let n = tokens.words.len();
        let mut typo_candidates = spare.typo_candidates;
        let mut terms = spare.terms;
        let mut word_cues = spare.cues;
        let mut content_stems = spare.content_stems;
        let mut numbers = spare.numbers;
        let mut word_hashes = spare.word_hashes;
        typo_candidates.clear();
        terms.clear();
        terms.reserve(n);
        word_cues.clear();
        word_cues.reserve(n);
        content_stems.clear();
        content_stems.reserve(n);
        numbers.clear();
        numbers.reserve(n);
        word_hashes.clear();
        word_hashes.reserve(n);
        for (i, w) in tokens.texts().enumerate() {
            let looked = lexicon.lookup(w);
            if looked.term.is_none() && lexicon.may_be_typo(w) {
                typo_candidates.push(i);
            }
            terms.push(looked.term.map(Recognised::Exact));
            word_cues.push(looked.cues);
            content_stems.push(looked.content);
            numbers.push(looked.number);
            word_hashes.push(looked.hash);
        }
        let (mut dismissed, mut disowned) = (spare.dismissed, spare.disowned);
        reaches(&tokens, &word_cues, &mut dismissed, &mut disowned);
        let mut ties = spare.ties;
        ties.clear();
        ties.extend(
            word_cues
                .iter()
                .zip(&numbers)
                .map(|(c, &number)| c.glue() || number),
        );
        let mut shapes = spare.shapes;
        shapes.clear();
        shapes.extend(
            tokens
                .sentences
                .iter()
                .map(|s| shape(&tokens, &word_cues, &ties, s.words.clone(), s.question_mark)),
        );
        Analysis {
            tokens,
            terms,
            typo_candidates,
            cues: word_cues,
            ties,
            dismissed,
            disowned,
            shapes,
            content_stems,
            numbers,
            word_hashes,
        }
    }

    /// Per word: its text's hash (see [`super::overlap::word_hash`]).
    pub(super) fn word_hashes(&self) -> &[u64] {
        &self.word_hashes
    }

    /// Per word: its crude stem if it is a content word (see [`super::given`]).
    pub(super) fn content_stems(&self) -> &[Option<u64>] {
        &self.content_stems
    }

    /// Whether word `i` is a content word.
    pub fn is_content(&self, i: usize) -> bool {
        self.content_stems.get(i).is_some_and(Option::is_some)
    }

    pub fn word(&self, i: usize) -> &str {
        self.tokens.text(i)
    }

    pub fn len(&self) -> usize {
        self.tokens.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.words.is_empty()
    }

    /// Whether the answer asks or pins anything down: a question, or a word of asking,
    /// checking or assuming ("I'd confirm the budget", "assuming 500M users") that is not
    /// negated ("no questions, it's a normal recommender" asks nothing).
    pub fn clarifies(&self) -> bool {
        if self.shapes.iter().any(|s| s.question) {
            return true;
        }
        (0..self.len()).any(|i| {
            let before = |k: usize| i.checked_sub(k).map(|j| self.word(j));
            // "I know how it works" tells; "I'd want to know" asks.
            let asks = match self.word(i) {
                "know" => before(1) == Some("to"),
                word => cues::is_clarifying(word),
            };
            asks && !self.dismissed[i]
                && ![before(1), before(2)]
                    .into_iter()
                    .flatten()
                    .any(cues::refuses_asking)
        })
    }

    /// Whether a take-back follows the words `[start, end)` within the same clause.
    pub fn dismissed_after(&self, end: usize) -> bool {
        self.look_after(end, Cues::after, |_, w, next, content| {
            cues::is_dismissal_after(w, next, content)
        })
    }

    /// Whether a word disowning a misconception follows it ("accuracy is misleading").
    pub fn disowned_after(&self, end: usize) -> bool {
        self.look_after(end, Cues::disown_after, |prev, w, next, after| {
            cues::is_disowning_after_with(w, prev, next, after)
        })
    }

    /// `is_cue(previous word, word, next word, next word that is not filler)` (for "would",
    /// the next two words), asked only of
    /// words whose roles pass `may_be_cue`.
    fn look_after(
        &self,
        end: usize,
        may_be_cue: fn(Cues) -> bool,
        is_cue: impl Fn(Option<&str>, &str, Option<&str>, Option<&str>) -> bool,
    ) -> bool {
        let words = &self.tokens.words;
        let Some(last) = end.checked_sub(1).and_then(|i| words.get(i)) else {
            return false;
        };
        let mut content = 0;
        for i in end..words.len() {
            let w = &words[i];
            let roles = self.cues[i];
            if w.clause != last.clause || roles.ends_scope() {
                break;
            }
            if may_be_cue(roles) {
                // Only "not" and "never" look ahead, to the next word that is not filler;
                // "would" and the like to the two words after them ("would make sense").
                let text = |n: usize| (n < words.len()).then(|| self.tokens.text(n));
                let (next, next_content) = match self.tokens.text_of(w) {
                    "not" | "never" => {
                        let content = (i + 1..words.len())
                            .find(|&n| !self.cues[n].filler())
                            .map(|n| self.tokens.text(n));
                        (text(i + 1), content)
                    }
                    "would" | "could" | "might" => (text(i + 1), text(i + 2)),
                    _ => (None, None),
                };
                let prev = i.checked_sub(1).map(|p| self.tokens.text(p));
                if is_cue(prev, self.tokens.text_of(w), next, next_content) {
                    return true;
                }
            }
            if !roles.filler() {
                content += 1;
                if content >= AFTERTHOUGHT_REACH {
                    break;
                }
            }
        }
        false
    }

    /// Whether the mention at word `start` is explained: said with reasoning, or followed by
    /// a sentence that explains it.
    pub fn explained(&self, start: usize) -> bool {
        self.explained_words(start..start + 1, &[])
    }

    /// [`Analysis::explained`] for a mention spanning `words`: its own words do not count
    /// as what ties it into a statement ("split by time" alone says nothing more than
    /// "time split").
    ///
    /// `named` marks the words of every term the answer names: a "the" or an "is" inside a
    /// term ("time until the event", "input is") ties nothing together, or a salad of such
    /// terms would read as sentences.
    pub fn explained_words(&self, mention: Range<usize>, named: &[bool]) -> bool {
        self.statements(named).explained(mention)
    }

    /// What [`Analysis::explained_words`] needs for every mention of one answer, with the
    /// words of the named terms `named` set aside: counted once, asked many times.
    pub fn statements<'a>(&'a self, named: &'a [bool]) -> Statements<'a> {
        let free = self
            .tokens
            .sentences
            .iter()
            .map(|s| {
                s.words
                    .clone()
                    .filter(|&i| self.ties[i] && named.get(i) != Some(&true))
                    .count()
            })
            .collect();
        Statements {
            answer: self,
            named,
            free,
        }
    }
}

/// An answer with the words of its named terms set aside, ready to tell which mentions sit in
/// a statement (see [`Analysis::explained_words`]).
pub struct Statements<'a> {
    answer: &'a Analysis,
    named: &'a [bool],
    /// Per sentence: its tying words outside named terms.
    free: Vec<usize>,
}

impl Statements<'_> {
    /// Whether a word ties `mention` into a statement: neither part of it nor of a named term.
    fn ties(&self, mention: &Range<usize>, i: usize) -> bool {
        self.answer.ties[i] && !mention.contains(&i) && self.named.get(i) != Some(&true)
    }

    /// See [`Analysis::explained_words`].
    pub fn explained(&self, mention: Range<usize>) -> bool {
        let a = self.answer;
        let words = &a.tokens.words;
        let Some(word) = words.get(mention.start) else {
            return false;
        };
        let s = word.sentence as usize;
        let Some(&shape) = a.shapes.get(s) else {
            return false;
        };
        let Some(sentence) = a.tokens.sentences.get(s) else {
            return false;
        };
        if shape.list {
            return false;
        }
        // A clarifying question is its own reason: "can users hide ads?" needs no "because".
        if shape.question && shape.reasoned {
            return true;
        }
        // A term in a run of bare terms is named, not used, however long the sentence:
        // "precision recall auc ndcg" says nothing, "recall at 99% precision" does.
        if self.bare_sentence(s, sentence.words.clone(), &mention) {
            return false;
        }
        let tied = self.tied(&mention);
        if shape.segments >= 3 && !word.parenthetical {
            // A sentence of several parts that is not a bare list: a part of three words or
            // more ("alert on drops") says something about its term; one or two do not.
            return tied && segment_holds(words, sentence.words.clone(), mention.start, 3);
        }
        if tied && (shape.reasoned || self.states(sentence.words.clone(), &mention)) {
            return true;
        }
        // "Log loss. Because it punishes confident mistakes."
        a.shapes
            .get(s + 1)
            .is_some_and(|next| next.links_back && next.reasoned)
    }

    /// Whether the mention is an item of a short list under a heading that gives it a role:
    /// "offline metrics: precision@k, recall@k, NDCG" says what each term is for. The judge
    /// lets such items count as explained only alongside as many concepts explained in
    /// sentences, so a salad with titles stays a salad.
    pub fn headed(&self, mention: &Range<usize>) -> bool {
        let a = self.answer;
        let Some(sentence) = a
            .tokens
            .words
            .get(mention.start)
            .and_then(|w| a.tokens.sentences.get(w.sentence as usize))
        else {
            return false;
        };
        sentence.heading.is_some_and(|items| mention.start >= items) && self.headed_list(sentence)
    }

    /// Whether a sentence is a short list under a heading that gives its items a role: the
    /// heading has a word the bank's phrasings use that is not a filler or tying word
    /// ("metrics", "label", "offline"), and at most [`HEADED_ITEMS`] items follow. A longer
    /// run is a salad with a title.
    fn headed_list(&self, sentence: &text::Sentence) -> bool {
        let Some(items) = sentence.heading else {
            return false;
        };
        let a = self.answer;
        let words = &a.tokens.words;
        // A role the bank knows ("metrics", "label", "split"), not any word before a colon.
        let role = (sentence.words.start..items)
            .any(|i| a.terms[i].is_some() && !a.cues[i].glue() && !a.cues[i].filler());
        role && items < sentence.words.end
            && segment_count(&words[items..sentence.words.end]) <= HEADED_ITEMS
    }

    /// Whether sentence `s` is a run of terms: fewer than one tying word in [`BARE_RUN`]
    /// words, not counting the mention's own words or those of named terms.
    fn bare_sentence(&self, s: usize, sentence: Range<usize>, mention: &Range<usize>) -> bool {
        let count = sentence.len();
        let inside = (mention.start.max(sentence.start)..mention.end.min(sentence.end))
            .filter(|&i| self.answer.ties[i] && self.named.get(i) != Some(&true))
            .count();
        let glue = self.free.get(s).copied().unwrap_or(0) - inside;
        count >= 4 && count > glue * BARE_RUN
    }

    /// Whether a word that ties terms into a statement (a verb, a preposition, a number…)
    /// stands within a few words of the mention, in the same clause.
    fn tied(&self, mention: &Range<usize>) -> bool {
        let words = &self.answer.tokens.words;
        let Some(word) = words.get(mention.start) else {
            return false;
        };
        let from = mention.start.saturating_sub(TIE_REACH);
        let to = (mention.end + TIE_REACH).min(words.len());
        (from..to).any(|i| words[i].clause == word.clause && self.ties(mention, i))
    }

    /// Whether the mention's clause is a short statement of its own: three words or more
    /// with a verb, a preposition or a number among them ("I'd use log loss", "top 1,000").
    fn states(&self, sentence: Range<usize>, mention: &Range<usize>) -> bool {
        let words = &self.answer.tokens.words;
        let clause = words[mention.start].clause;
        // A clause never leaves its sentence, and its words stand together.
        let mut from = mention.start;
        while from > sentence.start && words[from - 1].clause == clause {
            from -= 1;
        }
        let (mut len, mut glue) = (0, 0);
        for (i, w) in words.iter().enumerate().take(sentence.end).skip(from) {
            if w.clause != clause {
                break;
            }
            if w.parenthetical || mention.contains(&i) {
                continue;
            }
            len += 1;
            if self.ties(mention, i) {
                glue += 1;
            }
        }
        len >= 2 && glue >= 1 && len <= glue * BARE_RUN
    }
}

/// Which words fall inside the reach of a dismissal ("not", "no need for"), and which inside
/// the reach of a word that disowns a misconception (a dismissal, or "avoid", "unlike"…),
/// written over `dismissed` and `disowned`.
fn reaches(tokens: &Tokens, roles: &[Cues], dismissed: &mut Vec<bool>, disowned: &mut Vec<bool>) {
    let words = &tokens.words;
    dismissed.clear();
    dismissed.resize(words.len(), false);
    disowned.clear();
    disowned.resize(words.len(), false);
    let mut i = 0;
    while i < words.len() {
        let (len, dismissal) = match dismissal_cue(tokens, roles, i) {
            Some(len) => (len, true),
            None if roles[i].disown_before() => (1, false),
            None => {
                i += 1;
                continue;
            }
        };
        let clause = tokens.words[i].clause;
        let mut content = 0;
        let mut j = i + len;
        while j < words.len() && tokens.words[j].clause == clause && !roles[j].ends_scope() {
            disowned[j] = true;
            dismissed[j] |= dismissal;
            if !roles[j].filler() {
                content += 1;
                if content >= NEGATION_REACH {
                    break;
                }
            }
            j += 1;
        }
        i += len;
    }
}

fn dismissal_cue(tokens: &Tokens, roles: &[Cues], i: usize) -> Option<usize> {
    // Nearly every word is none of the cues below: its text and the next word's need not be
    // read (every word of an answer is asked).
    if !roles[i].may_dismiss() {
        return None;
    }
    let words = &tokens.words;
    let w = tokens.text(i);
    let next = (i + 1 < words.len()).then(|| tokens.text(i + 1));
    // "skip the baseline"; but not "predict skips" or "skip rate".
    if w == "skip" && matches!(next, Some("the" | "a" | "an" | "any" | "over")) {
        return Some(1);
    }
    if roles[i].pair_first()
        && let Some(n) = next
        && cues::is_dismissal_pair(w, n)
    {
        return Some(2);
    }
    if !roles[i].dismissal() {
        return None;
    }
    // "no-click logs", "not-yet-seen ads": a hyphen makes the cue part of a compound word.
    if words.get(i + 1).is_some_and(|n| n.hyphenated) {
        return None;
    }
    let before: Vec<&str> = (i.saturating_sub(5)..i).map(|b| tokens.text(b)).collect();
    (!cues::cancels_dismissal(&before, w, next)).then_some(1)
}

/// Whether at least `least` words of the sentence `sentence`, outside brackets, share the
/// list segment of word `at`. A sentence's segment numbers only grow from word to word, so
/// those words stand together around `at`: walking out from it until `least` are found
/// answers the same as counting over the whole sentence, which every mention in a long
/// sentence used to pay for.
fn segment_holds(
    words: &[super::text::Word],
    sentence: Range<usize>,
    at: usize,
    least: usize,
) -> bool {
    let Some(segment) = words.get(at).map(|w| w.segment) else {
        return least == 0;
    };
    let same = |i: &usize| words[*i].segment == segment;
    let after = (at..sentence.end).take_while(same);
    let before = (sentence.start..at).rev().take_while(same);
    after
        .chain(before)
        .filter(|&i| !words[i].parenthetical)
        .take(least)
        .count()
        >= least
}

/// How many list segments a sentence has, not counting those inside brackets: "one head per
/// reaction (click, like, share)" is an example list, not a list of claims.
fn segment_count(words: &[super::text::Word]) -> usize {
    let mut count = 0;
    let mut last = None;
    for w in words.iter().filter(|w| !w.parenthetical) {
        if last != Some(w.segment) {
            count += 1;
            last = Some(w.segment);
        }
    }
    count.max(1)
}

fn shape(
    tokens: &Tokens,
    roles: &[Cues],
    ties: &[bool],
    range: Range<usize>,
    question_mark: bool,
) -> Shape {
    let first = roles.get(range.start).copied().unwrap_or_default();
    let words = &tokens.words[range.clone()];
    let count = words.len();
    let segments = segment_count(words);
    let connective = roles[range.clone()].iter().any(|r| r.connective());
    let glue = ties[range].iter().filter(|&&t| t).count();
    let question = question_mark || (count > 0 && first.opens_question());
    let list = segments >= 3 && (count as f32 / segments as f32) <= 3.0 && !connective;
    // However long, a run of terms with almost nothing tying them together is not reasoning.
    let bare = count >= 4 && count > glue * BARE_RUN;
    let reasoned =
        !list && !bare && (count >= 8 || (count >= 5 && connective) || (question && count >= 3));
    let links_back = count > 0 && first.links_back();
    Shape {
        reasoned,
        list,
        links_back,
        question,
        segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(text: &str) -> Analysis {
        Analysis::new(text, &Lexicon::default())
    }

    fn dismissed_words(text: &str) -> Vec<String> {
        let a = analyse(text);
        (0..a.len())
            .filter(|&i| a.dismissed[i])
            .map(|i| a.word(i).to_owned())
            .collect()
    }

    #[test]
    fn negation_reaches_a_few_content_words_within_its_clause() {
        assert_eq!(
            dismissed_words("I wouldn't bother with a time-based split"),
            ["bother", "with", "a", "time", "based", "split"]
        );
        assert_eq!(
            dismissed_words("no need for a baseline, use xgboost"),
            ["for", "a", "baseline"]
        );
        assert_eq!(
            dismissed_words("no need for pretrained weights or a baseline"),
            ["for", "pretrained", "weights", "or", "a", "baseline"]
        );
        assert!(
            dismissed_words("no need for realtime stuff like post age, batch is fine")
                .ends_with(&["post".to_owned(), "age".to_owned()])
        );
        assert_eq!(
            dismissed_words("not a random split but a chronological one"),
            ["a", "random", "split"]
        );
    }

    #[test]
    fn a_cue_inside_a_hyphenated_word_does_not_negate() {
        assert!(dismissed_words("train on the click and no-click logs with log loss").is_empty());
        assert!(dismissed_words("keep the not-yet-clicked ads as negatives").is_empty());
        assert_eq!(
            dismissed_words("no-click rows, not a random split"),
            ["a", "random", "split"]
        );
    }

    #[test]
    fn purpose_clauses_and_not_only_do_not_negate() {
        assert!(dismissed_words("make sure there is no leakage").is_empty());
        assert!(dismissed_words("make sure the list isn't the same video").is_empty());
        assert!(dismissed_words("a yes/no label per pair").is_empty());
        assert!(dismissed_words("not only the clicks but the hides").is_empty());
    }

    #[test]
    fn lists_and_reasoned_sentences_are_told_apart() {
        let list = analyse("time split, log loss, calibration, baseline");
        assert!(list.shapes[0].list);
        assert!(!list.explained(0));
        let reasoned = analyse("I would split by time so the model never trains on the future");
        assert!(reasoned.shapes[0].reasoned);
        assert!(reasoned.explained(3));
    }

    #[test]
    fn a_clarifying_question_counts_as_reasoned() {
        let a = analyse("Do we log clicks and impressions, and can users hide ads?");
        assert!(a.explained(9));
        let list = analyse("dau? qps? latency?");
        assert!(!list.explained(0));
    }

    #[test]
    fn a_following_because_explains_a_short_sentence() {
        let a = analyse("Log loss. Because it punishes confident wrong predictions.");
        assert!(a.explained(0));
        let b = analyse("Log loss. Calibration.");
        assert!(!b.explained(0));
    }

    #[test]
    fn a_words_segment_is_counted_around_it_as_over_the_whole_sentence() {
        for text in [
            "log loss, auc (click, like, share) and ne, then drift / alerts for ads",
            "one head per reaction (click, like), a calibration layer, and a time split",
            "precision, recall",
        ] {
            let a = analyse(text);
            let words = &a.tokens.words;
            for s in &a.tokens.sentences {
                for at in s.words.clone() {
                    let whole = words[s.words.clone()]
                        .iter()
                        .filter(|w| w.segment == words[at].segment && !w.parenthetical)
                        .count();
                    for least in 0..5 {
                        let holds = segment_holds(words, s.words.clone(), at, least);
                        assert_eq!(holds, whole >= least, "{text}");
                    }
                }
            }
        }
    }

    #[test]
    fn takebacks_after_a_mention_are_seen() {
        let a = analyse("a baseline is overkill here");
        assert!(a.dismissed_after(2));
        assert!(analyse("new users we can ignore").dismissed_after(2));
        // Arguing against a design by its harm disowns it; endorsing it does not.
        assert!(analyse("a random split would put the same house in both").disowned_after(3));
        assert!(analyse("a random split would make one house land in both").disowned_after(3));
        assert!(!analyse("a random split would make sense here").disowned_after(3));
        assert!(!analyse("a random split would work fine").disowned_after(3));
        let c = analyse("latency isn't really a concern for us");
        assert!(c.dismissed_after(1));
        let b = analyse("accuracy is misleading with one percent positives");
        assert!(b.disowned_after(1));
        assert!(analyse("accuracy is bad here").disowned_after(1));
        assert!(!analyse("a batch job deletes the bad ones").disowned_after(3));
    }
}
