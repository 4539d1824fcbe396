//! The answer judge: what a stage's answers covered, how well, what they got wrong, what
//! the score is, and which follow-up an interviewer would ask next.
//!
//! Architecture invariant: judging is total and pure. Any text, including an empty one or a
//! sticker's caption, yields a verdict; nothing here fails on user input.

mod depth;
mod evidence;
mod heap;
mod probe;
mod reading;
mod substance;

use serde::Serialize;

use crate::content::{Case, StageSpec, Target};
use crate::matching::{Analysis, Hit, Lexicon, Shingles};
use crate::stage::Stage;

pub use depth::depth_replies_held;
pub use evidence::Quote;
pub use probe::{Probe, choose_probe, choose_probe_within};

use evidence::Quoting;
use reading::Reading;

/// Credit for a concept named without any reasoning around it, relative to an explained one.
pub const MENTION_CREDIT: f64 = 0.5;
/// The most that bare terms, however many, earn together: this share of the stage's weight.
pub const BARE_SHARE: f64 = 0.1;
/// The score of an on-topic answer that earns no concept: above an off-topic one.
pub const VAGUE_SCORE: u8 = 5;
/// Points taken off per misconception that still stands.
pub const MISCONCEPTION_PENALTY: f64 = 15.0;
/// The most an answer earns that only games the judge: a heap of keywords, the framework
/// recited in words that fit any case, or the interviewer's own words read back. Below any
/// honest attempt, even a mistaken one.
pub const GAMING_SCORE: u8 = 2;
/// The least an honest on-topic attempt earns when a mistake cancels what it got right: it
/// engaged with the question, which a heap of keywords did not.
pub const MISTAKEN_SCORE: u8 = 3;
/// Credit, in concept weight, for each clause that reasons about this stage in the case's own
/// terms without naming a concept of it: as much as an expected concept, since a reasoned
/// point in the case's terms is what an interviewer listens for.
pub const SUBSTANCE_CREDIT: f64 = 2.0;
/// The most such clauses earn together: this share of the stage's weight. Strong answers in
/// unforeseen words make four or five such points on average and medium ones fewer than one,
/// so a higher share lifts the strong answers and alternative designs the concept lists miss
/// and leaves medium, weak and gaming answers where they were. Raised from a quarter, then
/// from 0.4, measured on sets whose wording the dialogue files had not yet learned.
pub const SUBSTANCE_SHARE: f64 = 0.6;

/// How well one concept was covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credit {
    Missing,
    /// Named, but as a bare term: in a list, or in a sentence with no reason in it.
    Mentioned,
    /// Used in reasoning.
    Explained,
    /// Not needed: an alternative to it was covered (masks instead of boxes).
    Excused,
}

impl Credit {
    fn value(self) -> f64 {
        match self {
            Credit::Missing | Credit::Excused => 0.0,
            Credit::Mentioned => MENTION_CREDIT,
            Credit::Explained => 1.0,
        }
    }

    pub fn is_covered(self) -> bool {
        matches!(self, Credit::Mentioned | Credit::Explained)
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
    /// Per concept: the candidate's words that earned its credit.
    pub evidence: Vec<Option<Quote>>,
    /// Misconceptions said and not taken back.
    pub misconceptions: Vec<usize>,
    /// Clauses that reasoned about this stage without naming any of its concepts, each
    /// credited a little: the candidate's own argument.
    pub reasoning: Vec<Quote>,
    /// Per misconception of the stage: the words that stated it.
    pub misconception_evidence: Vec<Option<Quote>>,
    /// Misconceptions said, then corrected.
    pub corrected: Vec<usize>,
    /// Whether the latest answer named two or more concepts, none with a reason.
    pub list_only: bool,
    /// Concepts credited from what the candidate said at earlier stages.
    pub carried: Vec<usize>,
    /// What the latest answer was, when it was not an answer of its own.
    pub echo: Option<Echo>,
    /// The latest answer toured every stage at once instead of answering this one.
    pub tour: bool,
    /// The latest answer would fit any case: nothing in it is about this one.
    pub generic: bool,
    /// The latest answer was about this other stage, not this one.
    pub elsewhere: Option<Stage>,
    /// The latest answer, at requirements, designed the system instead of asking about it.
    pub designs: bool,
}

/// An answer that is mostly text the interview already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Echo {
    /// The scenario, a question, a model answer or a probe read back.
    Interviewer,
    /// The candidate's own earlier answer sent again.
    Repeat,
}

/// Where answers are judged: the case and stage, and what the candidate said before.
#[derive(Debug, Clone, Copy)]
pub struct Setting<'a> {
    pub case: &'a Case,
    pub stage: Stage,
    pub lexicon: &'a Lexicon,
    /// The candidate's answers at the earlier stages of this interview, with their stage.
    pub earlier: &'a [(Stage, String)],
}

impl<'a> Setting<'a> {
    pub fn new(case: &'a Case, stage: Stage, lexicon: &'a Lexicon) -> Self {
        Setting {
            case,
            stage,
            lexicon,
            earlier: &[],
        }
    }

    pub fn spec(&self) -> &'a StageSpec {
        self.case.stage(self.stage)
    }
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
            .filter(|(_, c)| **c == Credit::Missing)
            .map(|(i, _)| i)
    }
}

/// Whether each target was mentioned in earnest in one answer (negated mentions do not
/// count), and with what credit. Used by the judge and by the self-tests of `mlsd lint`.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    pub concepts: Vec<Credit>,
    /// Per concept: the words (indices into the analysis) that earned its credit.
    pub evidence: Vec<Option<std::ops::Range<usize>>>,
    /// Per misconception: `Some(true)` asserted, `Some(false)` only disowned, `None` absent.
    pub misconceptions: Vec<Option<bool>>,
    /// Per misconception: the words that asserted it.
    pub misconception_evidence: Vec<Option<std::ops::Range<usize>>>,
}

pub fn mentions(stage: &StageSpec, answer: &Analysis) -> Mentions {
    mentions_in(stage, answer, &[])
}

/// Room kept for pattern hits beyond the phrase hits in [`mentions_in`]: a few per answer.
const PATTERN_HITS: usize = 8;

/// [`mentions`], leaving out every hit that touches a `void` word (echoed, or in a sentence
/// about another stage).
fn mentions_in(stage: &StageSpec, answer: &Analysis, void: &[bool]) -> Mentions {
    let is_void =
        |words: &std::ops::Range<usize>| words.clone().any(|i| void.get(i) == Some(&true));
    let mut out = Mentions {
        concepts: vec![Credit::Missing; stage.concepts.len()],
        evidence: vec![None; stage.concepts.len()],
        misconceptions: vec![None; stage.misconceptions.len()],
        misconception_evidence: vec![None; stage.misconceptions.len()],
    };
    // Keywords first; a concept they already show explained needs no pattern search.
    let phrase_hits = stage.index.phrase_hits(answer);
    let mut named = vec![false; answer.len()];
    for h in &phrase_hits {
        if matches!(h.target, Target::Concept(_)) {
            named[h.words.clone()].iter_mut().for_each(|n| *n = true);
        }
    }
    let statements = answer.statements(&named);
    // A concept mention's credit, ignoring misconceptions: none when negated or taken back.
    let credit_of = |words: &std::ops::Range<usize>| {
        if answer.dismissed[words.start] || answer.dismissed_after(words.end) {
            None
        } else if statements.explained(words.clone()) {
            Some(Credit::Explained)
        } else {
            Some(Credit::Mentioned)
        }
    };
    // Concepts named as items of a headed list ("metrics: auc, ndcg"), which may count as
    // explained (see below).
    let mut headed = vec![false; stage.concepts.len()];
    // Room for the pattern hits too, rather than growing a step at a time.
    let mut hits: Vec<(Hit<Target>, Option<Credit>)> =
        Vec::with_capacity(phrase_hits.len() + PATTERN_HITS);
    hits.extend(
        phrase_hits
            .into_iter()
            // A misconception stays one wherever it is said; only credit is stage-bound.
            .filter(|h| matches!(h.target, Target::Misconception(_)) || !is_void(&h.words))
            .map(|h| {
                let credit = match h.target {
                    Target::Concept(_) => credit_of(&h.words),
                    Target::Misconception(_) | Target::Unless(_) => None,
                };
                (h, credit)
            }),
    );
    let mut settled = vec![false; stage.concepts.len()];
    for (hit, credit) in &hits {
        if let (Target::Concept(i), Some(Credit::Explained)) = (hit.target, credit) {
            settled[i] = true;
        }
    }
    for h in stage.index.pattern_hits(answer, |target| match target {
        Target::Concept(i) => !settled.get(i).copied().unwrap_or(true),
        Target::Misconception(_) | Target::Unless(_) => true,
    }) {
        if matches!(h.target, Target::Concept(_)) && is_void(&h.words) {
            continue;
        }
        let credit = match h.target {
            Target::Concept(_) => credit_of(&h.words),
            Target::Misconception(_) | Target::Unless(_) => None,
        };
        hits.push((h, credit));
    }
    // "Modality dropout" is not dropout: a concept's look-alikes void its mentions inside them.
    let unless: Vec<(usize, std::ops::Range<usize>)> = hits
        .iter()
        .filter_map(|(h, _)| match h.target {
            Target::Unless(i) => Some((i, h.words.clone())),
            _ => None,
        })
        .collect();
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
                let overlaps =
                    |m: &std::ops::Range<usize>| m.start < hit.words.end && hit.words.start < m.end;
                if asserted.iter().any(overlaps)
                    || unless.iter().any(|(u, m)| *u == i && overlaps(m))
                {
                    continue;
                }
                if credit == Credit::Mentioned
                    && statements.headed(&hit.words)
                    && let Some(h) = headed.get_mut(i)
                {
                    *h = true;
                }
                if let Some(c) = out.concepts.get_mut(i)
                    && credit > *c
                {
                    *c = credit;
                    out.evidence[i] = Some(hit.words.clone());
                }
            }
            Target::Unless(_) => {}
            Target::Misconception(i) => {
                let disowned = disowned(answer, &hit.words);
                if let Some(m) = out.misconceptions.get_mut(i) {
                    // One earnest assertion outweighs any disowned mention in the same answer.
                    *m = Some(m.unwrap_or(false) || !disowned);
                    if !disowned {
                        out.misconception_evidence[i] = Some(hit.words.clone());
                    }
                }
            }
        }
    }
    // Terse items under a heading keep full credit in an answer that explains things in
    // sentences too, up to as many as it explains there: a salad with titles explains none.
    let mut allowance = out
        .concepts
        .iter()
        .filter(|&&c| c == Credit::Explained)
        .count();
    for (c, h) in out.concepts.iter_mut().zip(&headed) {
        if allowance == 0 {
            break;
        }
        if *h && *c == Credit::Mentioned {
            *c = Credit::Explained;
            allowance -= 1;
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
pub fn judge(setting: &Setting<'_>, turns: &[Turn<'_>]) -> Verdict {
    let stage = setting.spec();
    let mut credits = vec![Credit::Missing; stage.concepts.len()];
    let mut evidence: Vec<Option<Quote>> = vec![None; stage.concepts.len()];
    let mut misconception_evidence: Vec<Option<Quote>> = vec![None; stage.misconceptions.len()];
    let mut standing = vec![false; stage.misconceptions.len()];
    let mut ever_said = vec![false; stage.misconceptions.len()];
    let mut list_only = false;
    let mut echo = None;
    let mut tour = false;
    let mut generic = false;
    let mut about = None;
    let mut designs = false;
    // Whether something the candidate said was on topic, in their own words.
    let mut own_words = false;
    // Whether every answer at this stage so far only gamed the judge: a reply that engages
    // lifts the cap.
    let mut gamed = !turns.is_empty();
    // Clauses that reason about this stage without naming any of its concepts.
    let mut reasoning: Vec<Quote> = Vec::new();
    // What the candidate said at earlier stages counts here when it belongs here: a time
    // split explained while framing the problem is not asked for again at the data stage.
    let mut carried = Vec::new();
    let nothing = Shingles::default();
    for (n, (said_at, text)) in setting.earlier.iter().enumerate() {
        // Clarifying questions ask about a thing; they do not design it.
        if *said_at == Stage::Requirements {
            continue;
        }
        let analysis = Analysis::new(text, setting.lexicon);
        let read = Reading::new(setting, &analysis, &nothing);
        if read.echo.is_some() {
            continue;
        }
        let found = mentions_in(stage, &analysis, &read.void);
        for (i, new) in found.concepts.iter().enumerate() {
            // Only what was explained carries over; a term dropped in passing does not. And
            // only a phrase: one word said about another stage ("split" of the data, "the
            // advertiser" being charged) is rarely this stage's concept.
            let phrase = found.evidence[i].as_ref().is_some_and(|w| w.len() >= 2);
            if read.tour || read.generic || *new != Credit::Explained || !phrase {
                continue;
            }
            let new = *new;
            if new > credits[i] {
                credits[i] = new;
                evidence[i] = found.evidence[i]
                    .clone()
                    .and_then(|words| Quote::new(n, text, &analysis, words))
                    .map(|q| Quote { earlier: true, ..q });
                if !carried.contains(&i) {
                    carried.push(i);
                }
            }
        }
    }
    let mut own = Shingles::of(setting.earlier.iter().map(|(_, text)| text.as_str()));
    for (n, turn) in turns.iter().enumerate() {
        let analysis = Analysis::new(turn.text, setting.lexicon);
        let quoting = Quoting::new(n, turn.text, &analysis);
        let read = Reading::new(setting, &analysis, &own);
        // Only a later turn can repeat this one.
        if n + 1 < turns.len() {
            own.add_windows(&read.windows);
        }
        // A reply to a follow-up answers a question about this case (its numbers, its
        // failure), so it is read in that light: only an opening answer can be one that
        // would fit any case.
        let fits_any_case = read.generic && turn.reply_to.is_none();
        // A reply to a follow-up may state what it was asked for ("ticket sales, mostly");
        // an opening answer at requirements that only tells has skipped the questions.
        let told = read.designs && turn.reply_to.is_none();
        // A reply to a follow-up may rightly range wider ("what does that cost you at this
        // case's numbers?" invites serving); an opening answer about another stage is
        // credited here only outside the clauses about that stage.
        let elsewhere = read.elsewhere.filter(|_| turn.reply_to.is_none());
        let credited = if elsewhere.is_some() {
            &read.void
        } else {
            &read.echoed
        };
        let mut found = mentions_in(stage, &analysis, credited);
        if read.tour || fits_any_case || told {
            // One line per stage names each; it explains none. Neither does good practice
            // recited in words that would fit any case, nor a design given where the
            // requirements were to be clarified: it names what matters without asking.
            for c in &mut found.concepts {
                *c = (*c).min(Credit::Mentioned);
            }
        }
        // Nothing in a tour, a recital that fits any case or the interviewer's words read
        // back or restated is the candidate's own argument.
        if read.mostly_here && !read.tour && !fits_any_case && !told && !read.restated {
            let mut claimed = vec![false; analysis.len()];
            for words in found
                .evidence
                .iter()
                .chain(&found.misconception_evidence)
                .flatten()
            {
                for c in &mut claimed[words.clone()] {
                    *c = true;
                }
            }
            reasoning.extend(
                substance::unclaimed(setting, &analysis, &read, &claimed)
                    .into_iter()
                    .filter_map(|words| quoting.quote(words)),
            );
        }
        for (i, new) in found.concepts.iter().enumerate() {
            if *new > credits[i] {
                credits[i] = *new;
                carried.retain(|&c| c != i);
                evidence[i] = found.evidence[i]
                    .clone()
                    .and_then(|words| quoting.quote(words));
            }
        }
        for (i, words) in found.misconception_evidence.iter().enumerate() {
            if let Some(words) = words {
                misconception_evidence[i] = quoting.quote(words.clone());
            }
        }
        // A reply is read in the light of its question: "no, mix it up so it's not all one
        // person" answers "how would you split the wedding album?".
        if let Some(Probe::Missing { concept }) = turn.reply_to
            && read.echo.is_none()
            && let Some((i, _)) = stage.concept(concept)
        {
            let answered = stage.follow_ups.hits(&analysis).iter().any(|h| {
                h.target == i
                    && !analysis.dismissed[h.words.start]
                    && !analysis.dismissed_after(h.words.end)
            });
            if answered {
                credits[i] = Credit::Explained;
                evidence[i] = stage
                    .follow_ups
                    .hits(&analysis)
                    .into_iter()
                    .find(|h| h.target == i)
                    .and_then(|h| quoting.quote(h.words));
            }
        }
        // A reasoned reply to "why?" explains the terms that were only named before: the one
        // term asked about, or each term the reply takes up again. A pasted tour of every
        // stage is no reply to "why?", however many "because" it holds.
        if let Some(Probe::Why { concepts }) = turn.reply_to
            && read.echo.is_none()
            && !read.tour
            && analysis.shapes.iter().any(|s| s.reasoned)
        {
            for id in concepts {
                if let Some((i, _)) = stage.concept(id)
                    && credits[i] == Credit::Mentioned
                    && (concepts.len() == 1 || found.concepts[i] >= Credit::Mentioned)
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
            && read.echo.is_none()
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
        let heap = list_only && heap::bare_items(turn.text) >= heap::HEAP_ITEMS;
        // A heap of terms designs nothing: it gets "why?". A design told instead of asked
        // is no list, though its terms were held to named above: it gets the follow-up for
        // what is missing, after the remark that asks for questions.
        designs = told && !heap;
        list_only &= !designs;
        gamed &= heap || read.echo.is_some() || read.tour;
        echo = read.echo;
        tour = read.tour;
        generic = fits_any_case;
        about = elsewhere;
        // A restatement of the question names nothing; an answer in the case's own nouns
        // that proposes something (even a mistake) does.
        let proposes = found.concepts.iter().any(|c| c.is_covered())
            || found.misconceptions.iter().any(Option::is_some);
        // Hitting this stage's own concepts or mistakes is being on topic, whatever the
        // stage profile made of the words around them: "train matrix factorization on the
        // registrations" at the model stage is an attempt, however wrong.
        let here = read.on_topic || (proposes && read.echo.is_none() && !read.tour);
        own_words |= here && (proposes || !read.restated);
    }
    // One of a group of alternatives is enough: the others are not missing.
    for i in 0..credits.len() {
        if credits[i] == Credit::Missing && stage.alternatives(i).any(|j| credits[j].is_covered()) {
            credits[i] = Credit::Excused;
        }
    }
    // A group of alternatives is one thing to cover: it is scored by its best-covered
    // member (then the heaviest), whether that member was explained, named or missed.
    let stands_for_its_group = |i: usize| {
        let key = |j: usize| {
            let covered = match credits[j] {
                Credit::Explained => 2,
                Credit::Mentioned => 1,
                Credit::Missing | Credit::Excused => 0,
            };
            (covered, stage.concepts[j].weight, std::cmp::Reverse(j))
        };
        stage.alternatives(i).all(|j| key(j) < key(i))
    };
    let counted: Vec<bool> = (0..credits.len())
        .map(|i| credits[i] != Credit::Excused && stands_for_its_group(i))
        .collect();
    let total: u32 = stage
        .concepts
        .iter()
        .zip(&counted)
        .filter(|&(_, &counts)| counts)
        .map(|(c, _)| u32::from(c.weight))
        .sum();
    let total = f64::from(total.max(1));
    let weighed = |keep: Credit| -> f64 {
        stage
            .concepts
            .iter()
            .zip(&credits)
            .zip(&counted)
            .filter(|&((_, &c), &counts)| counts && c == keep)
            .map(|((c, credit), _)| f64::from(c.weight) * credit.value())
            .sum()
    };
    // Bare terms earn a little, and only a little however many there are: naming every
    // metric in the book is not an evaluation plan.
    let earned = weighed(Credit::Explained) + weighed(Credit::Mentioned).min(BARE_SHARE * total);
    // A sound argument off the interviewer's list still counts, a little.
    let earned = (earned
        + (reasoning.len() as f64 * SUBSTANCE_CREDIT).min(SUBSTANCE_SHARE * total))
    .min(total);
    let misconceptions: Vec<usize> = (0..standing.len()).filter(|&i| standing[i]).collect();
    let corrected = (0..standing.len())
        .filter(|&i| ever_said[i] && !standing[i])
        .collect();
    let raw = 100.0 * earned / total - MISCONCEPTION_PENALTY * misconceptions.len() as f64;
    let mut score = raw.round().clamp(0.0, 100.0) as u8;
    // Something on topic, however vague, is a start an interviewer can work with, and even a
    // mistaken attempt engaged with the question; an answer about something else did not,
    // and neither did a heap of keywords, a recital that fits any case or the question read
    // back.
    if gamed {
        score = score.min(GAMING_SCORE);
    } else if own_words && misconceptions.is_empty() {
        score = score.max(VAGUE_SCORE);
    } else if own_words {
        score = score.max(MISTAKEN_SCORE);
    }
    for (i, c) in credits.iter().enumerate() {
        if !c.is_covered() {
            evidence[i] = None;
        }
    }
    carried.retain(|&i| credits[i].is_covered());
    Verdict {
        score,
        credits,
        carried,
        evidence,
        misconception_evidence,
        misconceptions,
        reasoning,
        corrected,
        list_only,
        echo,
        tour,
        generic,
        elsewhere: about,
        designs,
    }
}

#[cfg(test)]
mod tests;
