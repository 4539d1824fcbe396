//! The words the interviewer has already said: an answer made of them and little else is the
//! scenario or a question read back in other words ("so we're building the ads model for a
//! big social app, 500M people a day…"), which word shingles miss once it is reordered.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::analysis::{Analysis, is_number};
use super::cues::Cues;
use super::text::{normalize, tokenize};

/// An answer with fewer content words than this is too short to tell a read-back from a
/// terse answer that uses the case's own nouns.
const MIN_CONTENT: usize = 8;
/// The share of an answer's content words the interviewer had said, from which it is read
/// back. Honest answers, even weak ones, bring at least a fifth of new words; the read-backs
/// of the development sets bring almost none. An answer that also quotes the scenario's
/// figures back is held to the lower share; one in the case's nouns alone ("clicks in the
/// search logs can be labels") may be a proposal made of them, and must be almost all given.
const GIVEN_SHARE_WITH_FIGURES: f64 = 0.8;
const GIVEN_SHARE: f64 = 0.9;
/// An answer this much in the interviewer's words says nothing of its own, though it is too
/// loose to count as read back.
const MOSTLY_GIVEN: f64 = 0.6;
/// Quoting this many of the scenario's figures is restating it.
const FIGURES: usize = 2;

/// The content words of the interviewer's texts, by crude stem.
#[derive(Debug, Clone, Default)]
pub struct Given {
    stems: FxHashSet<u64>,
    /// The scenario's content words, figures left out; read by [`Given::distinguish`].
    scenario: FxHashSet<u64>,
    /// The scenario's words few other cases use: what an answer about this case, and not
    /// about any case, talks of ("advertisers", "receipts", "camera cars").
    own: FxHashSet<u64>,
    /// The content words of the case's concepts' keywords (read by [`Given::distinguish`]),
    /// and of those the ones few other cases' keywords use ("auction", "plates", "invoice
    /// totals").
    keywords: FxHashSet<u64>,
    /// The case's own scenario words and its own keyword words together: what
    /// [`Given::specifics`] looks each word up in, once.
    specific: FxHashSet<u64>,
    /// Every content word the case's interviewer says: scenario, keywords, and its concepts'
    /// labels, probes and hints (read by [`Given::distinguish`]). The examples are left out:
    /// they would make loading the bank a tenth slower and tell the same words.
    prose: FxHashSet<u64>,
    /// The specific words that most cases' files do not also say: what
    /// [`Given::distinctives`] looks each word up in.
    distinctive: FxHashSet<u64>,
}

/// A scenario word shared by more cases than this belongs to the field, not to one case.
const OWN_CASES: usize = 2;
/// A keyword word shared by more cases' keywords than this belongs to the field. Keywords
/// are broader than scenarios ("videos" is in six cases' keywords, "uploads" in five), so the
/// bar is a little higher: at two, strong answers about the video cases read as generic.
const OWN_KEYWORD_CASES: usize = 3;

/// A word that more than this share of the cases' files say somewhere belongs to the field,
/// however few of their keywords hold it: "model", "data" or "pipeline" tie an answer to no
/// case. Never fewer cases than [`OWN_KEYWORD_CASES`], so that a small bank keeps its words.
const FIELD_SHARE: f64 = 0.5;

impl Given {
    pub fn new<'a>(scenario: &'a str, questions: impl IntoIterator<Item = &'a str>) -> Given {
        let mut given = Given::default();
        for (n, text) in std::iter::once(scenario).chain(questions).enumerate() {
            let tokens = tokenize(normalize(text));
            for w in tokens.texts() {
                if is_content(w, Cues::of(w)) {
                    let stem = stem_hash(w);
                    given.stems.insert(stem);
                    if n == 0 && !is_number(w) {
                        given.scenario.insert(stem);
                    }
                }
            }
        }
        given
    }

    /// Adds the words of the case's keywords, from which [`Given::specifics`] tells an answer
    /// about this case from one that would fit any.
    pub fn with_keywords<'a>(mut self, keywords: impl IntoIterator<Item = &'a str>) -> Given {
        // A keyword shared through the vocabulary recurs in many concepts; its words are
        // the same each time.
        let mut seen = FxHashSet::default();
        for k in keywords.into_iter().filter(|k| seen.insert(*k)) {
            for w in tokenize(normalize(k)).texts() {
                if is_content(w, Cues::of(w)) && !is_number(w) {
                    self.keywords.insert(stem_hash(w));
                }
            }
        }
        self
    }

    /// Adds more of the case's file (its concepts' labels, probes and hints),
    /// from which [`Given::distinguish`] tells the words the field shares. Called after
    /// [`Given::with_keywords`].
    pub fn with_prose<'a>(mut self, texts: impl IntoIterator<Item = &'a str>) -> Given {
        for text in texts {
            for w in tokenize(normalize(text)).texts() {
                if is_content(w, Cues::of(w)) && !is_number(w) {
                    self.prose.insert(stem_hash(w));
                }
            }
        }
        self.prose.extend(self.scenario.iter().copied());
        self.prose.extend(self.keywords.iter().copied());
        self
    }

    /// Keeps as each case's own words those of its scenario that few other cases' scenarios
    /// use, and those of its keywords that few other cases' keywords use. A bank of one case
    /// keeps them all. Called once, when the whole bank is known: the scenario and keyword
    /// words it reads are needed for nothing else and are let go.
    pub fn distinguish<'a>(cases: impl IntoIterator<Item = &'a mut Given>) {
        let mut cases: Vec<&mut Given> = cases.into_iter().collect();
        let scenarios = used_by(cases.iter().map(|g| &g.scenario));
        let keywords = used_by(cases.iter().map(|g| &g.keywords));
        let prose = used_by(cases.iter().map(|g| &g.prose));
        let field = (FIELD_SHARE * cases.len() as f64).max(OWN_KEYWORD_CASES as f64);
        let of_the_field = |stem: &u64| prose.get(stem).is_some_and(|&n| n as f64 > field);
        for g in &mut cases {
            g.own = rare(&std::mem::take(&mut g.scenario), &scenarios, OWN_CASES);
            g.specific = rare(
                &std::mem::take(&mut g.keywords),
                &keywords,
                OWN_KEYWORD_CASES,
            );
            g.specific.extend(g.own.iter().copied());
            g.distinctive = g
                .specific
                .iter()
                .copied()
                .filter(|stem| !of_the_field(stem))
                .collect();
            g.prose = FxHashSet::default();
        }
    }

    /// How many of the answer's words, outside `void`, are this case's own.
    pub fn own_words(&self, answer: &Analysis, void: &[bool]) -> usize {
        count_words(answer, void, |_, stem| {
            stem.is_some_and(|stem| self.own.contains(&stem))
        })
    }

    /// How many of the answer's words, outside `void`, tie it to this case: its own scenario
    /// and keyword words, and figures. A generic answer ("monitor drift, retrain, A/B test
    /// the new model") has almost none; an answer about this case, even in plain words, quotes
    /// its numbers or names its things.
    pub fn specifics(&self, answer: &Analysis, void: &[bool]) -> usize {
        count_words(answer, void, |number, stem| self.ties(number, stem))
    }

    /// [`Given::specifics`] without the words most cases' files also say: a generic
    /// paragraph names "labels", "pipeline" or "behind" that a few cases' keywords hold, and
    /// few words that only this case and two or three others use.
    pub fn distinctives(&self, answer: &Analysis, void: &[bool]) -> usize {
        count_words(answer, void, |number, stem| {
            number || stem.is_some_and(|stem| self.distinctive.contains(&stem))
        })
    }

    /// Whether the answer's word `i` ties it to this case (see [`Given::specifics`]).
    pub fn is_specific(&self, answer: &Analysis, i: usize) -> bool {
        let number = answer.numbers.get(i) == Some(&true);
        self.ties(number, answer.content_stems().get(i).copied().flatten())
    }

    /// Whether a word, a figure or not and of this content stem, ties an answer to this case.
    fn ties(&self, number: bool, stem: Option<u64>) -> bool {
        number || stem.is_some_and(|stem| self.specific.contains(&stem))
    }

    /// Whether `answer` says back what the interviewer said and adds next to nothing. Where
    /// the candidate is expected to ask (`asking`), an answer made mostly of questions is
    /// asking, not reading back, even in the case's words; elsewhere, questions in the case's
    /// words are the question read back ("how would I evaluate this offline and online?").
    pub fn read_back(&self, answer: &Analysis, asking: bool) -> bool {
        self.read_back_tallied(answer, asking, self.tally(answer))
    }

    /// [`Given::read_back`], and whether the answer is mostly the interviewer's words, from
    /// one count of its words: the judge asks both of every answer. Mostly given is a
    /// restatement of the question ("I'd monitor it and act if there were a problem, to keep
    /// it healthy"), too loose to be a read-back but adding nothing of the candidate's own.
    pub fn read_back_and_mostly_given(&self, answer: &Analysis, asking: bool) -> (bool, bool) {
        let tally = self.tally(answer);
        (
            self.read_back_tallied(answer, asking, tally),
            mostly_given_tallied(tally),
        )
    }

    fn read_back_tallied(
        &self,
        answer: &Analysis,
        asking: bool,
        (content, given, figures): (usize, usize, usize),
    ) -> bool {
        if self.stems.is_empty() {
            return false;
        }
        if asking && asks(answer) {
            return false;
        }
        let share = if figures >= FIGURES {
            GIVEN_SHARE_WITH_FIGURES
        } else {
            GIVEN_SHARE
        };
        content >= MIN_CONTENT && given as f64 >= share * content as f64
    }

    /// How many content words the answer has, how many of them the interviewer said, and how
    /// many of those are figures.
    fn tally(&self, answer: &Analysis) -> (usize, usize, usize) {
        let (mut content, mut given, mut figures) = (0usize, 0usize, 0usize);
        for (stem, &number) in answer.content_stems().iter().zip(&answer.numbers) {
            if let Some(stem) = stem {
                content += 1;
                if self.stems.contains(stem) {
                    given += 1;
                    figures += usize::from(number);
                }
            }
        }
        (content, given, figures)
    }
}

/// Whether most of an answer's content words are the interviewer's, from its tally (see
/// [`Given::tally`]).
fn mostly_given_tallied((content, given, _): (usize, usize, usize)) -> bool {
    content > 0 && given as f64 >= MOSTLY_GIVEN * content as f64
}

/// How many of the answer's words outside `void` satisfy `counts(whether it is a number, its
/// content stem)`.
fn count_words(
    answer: &Analysis,
    void: &[bool],
    counts: impl Fn(bool, Option<u64>) -> bool,
) -> usize {
    answer
        .numbers
        .iter()
        .zip(answer.content_stems())
        .zip(void)
        .filter(|&((&number, &stem), &void)| !void && counts(number, stem))
        .count()
}

/// A word's crude stem if it is a content word (see [`is_content`]), else `None`.
pub(super) fn content_stem(word: &str, cues: Cues) -> Option<u64> {
    is_content(word, cues).then(|| stem_hash(word))
}

/// In how many of `sets` each stem is.
fn used_by<'a>(sets: impl Iterator<Item = &'a FxHashSet<u64>>) -> FxHashMap<u64, usize> {
    let mut used_by = FxHashMap::default();
    for set in sets {
        for &stem in set {
            *used_by.entry(stem).or_default() += 1;
        }
    }
    used_by
}

/// The stems of `set` in at most `max` sets.
fn rare(set: &FxHashSet<u64>, used_by: &FxHashMap<u64, usize>, max: usize) -> FxHashSet<u64> {
    set.iter()
        .copied()
        .filter(|s| used_by.get(s).is_some_and(|&n| n <= max))
        .collect()
}

/// Whether most of the answer's sentences are questions, counting those that open with a
/// question after a word of lead-in ("also, do we have labels").
fn asks(answer: &Analysis) -> bool {
    let words = &answer.tokens.words;
    let sentences = answer.tokens.sentences.len();
    let questions = answer
        .shapes
        .iter()
        .enumerate()
        .filter(|&(s, shape)| {
            shape.question || {
                let mut opening = words
                    .iter()
                    .zip(&answer.cues)
                    .filter(|(w, _)| w.sentence as usize == s);
                let lead_in = opening.next().is_some_and(|(w, _)| {
                    matches!(
                        answer.tokens.text_of(w),
                        "also"
                            | "and"
                            | "so"
                            | "then"
                            | "plus"
                            | "but"
                            | "finally"
                            | "lastly"
                            | "next"
                    )
                });
                lead_in
                    && opening
                        .next()
                        .is_some_and(|(_, cues)| cues.opens_question())
            }
        })
        .count();
    questions * 2 > sentences
}

/// A word that carries meaning: not glue or filler, and not one of the words every answer
/// opens with ("so", "what", "ask").
fn is_content(word: &str, cues: Cues) -> bool {
    let numeric = is_number(word);
    numeric
        || (word.len() >= 3
            && !cues.filler()
            && !cues.glue()
            && !matches!(
                word,
                "what"
                    | "which"
                    | "how"
                    | "why"
                    | "when"
                    | "where"
                    | "who"
                    | "does"
                    | "did"
                    | "done"
                    | "yes"
                    | "okay"
                    | "well"
                    | "want"
                    | "ask"
                    | "know"
                    | "think"
                    | "get"
                    | "got"
                    | "let"
                    | "lets"
                    | "basically"
                    | "before"
                    | "after"
                    | "then"
                    | "than"
                    | "each"
                    | "every"
                    | "all"
                    | "other"
                    | "own"
                    | "same"
                    | "only"
                    | "one"
                    | "two"
            ))
}

/// A stem good enough to tell "designing" from "design" and "ads" from "ad", hashed. The
/// lexicon's stemmer would be finer and ten times slower; this runs on every word.
fn stem_hash(word: &str) -> u64 {
    let mut stem = word;
    for suffix in ["ing", "ed", "es", "s", "ly"] {
        if stem.len() > suffix.len() + 3
            && let Some(s) = stem.strip_suffix(suffix)
        {
            stem = s;
            break;
        }
    }
    let mut h = FxHasher::default();
    stem.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::Lexicon;

    const SCENARIO: &str = "You are designing the model that decides which ads appear in the \
        feed of a large social app. The app has about 500M daily active users who open the feed \
        around 10 times a day, so the ads system serves roughly 60K feed requests per second. \
        Advertisers pay per click. The whole ad decision has a budget of 50 ms.";
    const QUESTION: &str = "Before you design anything, what would you like to ask me?";

    fn read_back(answer: &str) -> bool {
        let lexicon = Lexicon::default();
        Given::new(SCENARIO, [QUESTION]).read_back(&Analysis::new(answer, &lexicon), true)
    }

    #[test]
    fn a_cases_own_words_are_those_few_other_scenarios_use() {
        let lexicon = Lexicon::default();
        let mut ads = Given::new(SCENARIO, [QUESTION]);
        let mut feed = Given::new("A social app ranks the feed for 100M daily users.", []);
        let mut videos = Given::new("A video app serves 500M daily users a feed.", []);
        Given::distinguish([&mut ads, &mut feed, &mut videos]);
        let answer = Analysis::new(
            "Advertisers pay per click, so the feed for daily users must stay fast.",
            &lexicon,
        );
        let void = vec![false; answer.tokens.words.len()];
        // "advertisers", "pay", "click" are this case's; "daily", "users", "feed" every case's.
        assert_eq!(ads.own_words(&answer, &void), 3);
        assert_eq!(videos.own_words(&answer, &void), 0);
    }

    #[test]
    fn an_answer_names_its_cases_things_or_quotes_its_numbers_and_a_generic_one_does_neither() {
        let lexicon = Lexicon::default();
        let mut ads = Given::new(SCENARIO, [QUESTION]).with_keywords([
            "auction price",
            "bid times pctr",
            "log loss",
            "monitor drift",
        ]);
        let mut feed = Given::new("A social app ranks the feed for 100M daily users.", [])
            .with_keywords(["dwell time", "monitor drift", "log loss"]);
        let mut videos = Given::new("A video app serves 500M daily users a feed.", [])
            .with_keywords(["watch time", "monitor drift", "log loss"]);
        let mut search = Given::new("A search box suggests queries.", []).with_keywords([
            "prefix",
            "monitor drift",
            "log loss",
        ]);
        Given::distinguish([&mut ads, &mut feed, &mut videos, &mut search]);
        let specifics = |text: &str| {
            let answer = Analysis::new(text, &lexicon);
            ads.specifics(&answer, &vec![false; answer.tokens.words.len()])
        };
        // "monitor", "drift", "log", "loss" are in every case's keywords.
        assert_eq!(
            specifics("I would monitor drift and log loss and retrain."),
            0
        );
        // The case's keyword words (auction, bid), its scenario's (advertisers) and a figure.
        assert_eq!(
            specifics("The auction multiplies the bid, advertisers see it within 50 ms."),
            4
        );
    }

    #[test]
    fn the_scenario_in_other_words_is_read_back() {
        assert!(read_back(
            "So we're designing the model deciding which ads show up in the feed of a big \
             social app: 500M users a day, opening it 10 times, 60K requests a second, \
             advertisers paying per click and 50 ms for the decision. What would I ask?"
        ));
    }

    #[test]
    fn questions_in_the_cases_words_and_real_answers_are_not() {
        assert!(!read_back(
            "How many ads are active? Does the 50 ms cover the whole ad decision? Do \
             advertisers pay per click or per impression?"
        ));
        assert!(!read_back(
            "With 60K requests a second and 50 ms, I'd retrieve a thousand candidate ads \
             cheaply, then rank them with a calibrated click model, since the bid multiplies it."
        ));
        assert!(!read_back("ads in the feed, 50 ms"));
    }

    #[test]
    fn the_question_asked_back_where_the_candidate_should_answer_is_read_back() {
        let lexicon = Lexicon::default();
        let given = Given::new(
            SCENARIO,
            [
                "How would you evaluate this model offline and online, with which metrics, and \
                 how would you know the new model is better than the current one?",
            ],
        );
        let answer = Analysis::new(
            "How would we evaluate this model offline and online, with which metrics? And how \
             would we know the new model is better than the current one?",
            &lexicon,
        );
        assert!(given.read_back(&answer, false));
        assert!(!given.read_back(&answer, true));
    }
}
