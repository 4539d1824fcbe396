//! How one answer sits in the interview, before any concept is matched: which words are
//! read back from the case or the candidate's earlier answers, which clauses belong to another
//! stage, and whether the answer tours the whole framework instead of answering this stage.

use crate::matching::{Analysis, Shingles};
use crate::stage::Stage;

use super::{Echo, Setting};

/// How one answer sits in the interview: which of its words are read back from known text or
/// belong to another stage (and so earn nothing here), and what that makes of the answer.
pub(super) struct Reading {
    /// Words read back, or in a clause about another stage: what an answer given at another
    /// stage carries here leaves these out.
    pub void: Vec<bool>,
    /// Words read back only. The answer to this stage's own question is credited for what it
    /// says here even inside a clause mostly about another stage: a framing answer that
    /// walks through candidate generation still frames the problem in it, and a clarifying
    /// question may well ask about serving ("does the 50 ms cover retrieval too?").
    pub echoed: Vec<bool>,
    pub echo: Option<Echo>,
    pub tour: bool,
    /// Long, and nothing in it ties it to this case: it would fit any.
    pub generic: bool,
    pub on_topic: bool,
    /// On topic, but mostly in the interviewer's own words: a restatement of the question.
    pub restated: bool,
    /// The stage this answer is about when none of its clauses is about this one and two or
    /// more are about that one: an answer to another question, credited here only for what
    /// it says outside those clauses.
    pub elsewhere: Option<Stage>,
    /// On topic, and at least half of the clauses that are about a stage are about this one.
    pub mostly_here: bool,
    /// At requirements: the answer designs the system instead of clarifying it. It asks
    /// nothing and pins nothing down or assumes nothing; it tells.
    pub designs: bool,
    /// The answer's word windows, for adding it to the candidate's own known text.
    pub windows: Vec<u64>,
}

impl Drop for Reading {
    fn drop(&mut self) {
        // The next answer's windows on this thread go in the same room.
        crate::matching::give_back_windows(std::mem::take(&mut self.windows));
    }
}

/// An answer whose clauses belong to this many stages or more is a tour of the framework.
const TOUR_STAGES: usize = 4;
/// An answer that uses this many of the case's own words is about this case, not a tour
/// that would fit any case. Generic pastes use up to five; the strong answers that range
/// widest, nine or more.
const CASE_WORDS: usize = 7;
/// An answer that names this many of the case's own things or figures (`Given::specifics`)
/// is about this case even when its clauses range over the stages. Counted in every clause
/// but what is read back: a framing answer that walks through candidates and pair features
/// names the case's things in the very clauses that belong to other stages. On the
/// development sets, pastes that tour name up to six; strong answers that range over four
/// stages, ten or more.
const TOUR_SPECIFICS: usize = 8;
/// An answer that names this many steps of the framework by the framework's own words for
/// them ("clarify", "A/B test", "deploy", "monitor drift")...
const RECITAL_STEPS: usize = 4;
/// ...and fewer than this many words that tie it to this case and that most cases' files do
/// not also say (`Given::distinctives`) recites the framework instead of answering. On the
/// development sets this takes 203 of 217 generic pastes for tours (97 before) and no honest
/// answer that was not one already; monitoring plans, which name many steps, quote the
/// case's figures and things.
const RECITAL_DISTINCTIVES: usize = 4;
/// An answer this long has had room to say something about this case.
const GENERIC_WORDS: usize = 50;
/// An answer of `GENERIC_WORDS` or more with no more than this many words that tie it to the
/// case (see `Given::specifics`) would fit any case. On the development sets: seven long
/// pastes in ten, none of 700 strong answers, one long partial answer in fourteen.
const GENERIC_SPECIFICS: usize = 2;

impl Reading {
    pub fn new(setting: &Setting<'_>, answer: &Analysis, own: &Shingles) -> Reading {
        let n = answer.len();
        let windows = crate::matching::answer_windows(answer);
        let interviewer = setting.case.known.echoed_windows(&windows, n);
        let repeat = own.echoed_windows(&windows, n);
        let count = |v: &[bool]| v.iter().filter(|&&b| b).count();
        // Read back in other words: nothing in it is the candidate's.
        let asking = setting.stage == Stage::Requirements;
        // Both read off one count of the answer's words.
        let (read_back, mostly_given) = setting
            .case
            .given
            .read_back_and_mostly_given(answer, asking);
        let reworded = n > 0 && read_back;
        let echo = if n == 0 {
            None
        } else if count(&interviewer) * 2 >= n || reworded {
            Some(Echo::Interviewer)
        } else if count(&repeat) * 2 >= n {
            Some(Echo::Repeat)
        } else {
            None
        };
        let echoed: Vec<bool> = interviewer
            .iter()
            .zip(&repeat)
            .map(|(a, b)| *a || *b || reworded)
            .collect();
        let mut void = echoed.clone();
        // Which stage each clause is about, from the stage profile of its words.
        let current = setting.stage.index();
        let mut owners = [0usize; Stage::COUNT];
        let mut on_topic = false;
        for clause in answer.tokens.clauses() {
            let mut counts = [0usize; Stage::COUNT];
            for i in clause.clone() {
                if !void[i]
                    && let Some(term) = answer.terms[i]
                {
                    // Most terms belong to one stage or none: only the set bits are walked.
                    let mut stages = setting.case.profile.stages(term.term());
                    while stages != 0 {
                        if let Some(c) = counts.get_mut(stages.trailing_zeros() as usize) {
                            *c += 1;
                        }
                        stages &= stages - 1;
                    }
                }
            }
            let (other, most) = counts
                .iter()
                .enumerate()
                .filter(|&(s, _)| s != current)
                .max_by_key(|&(_, c)| *c)
                .map_or((current, 0), |(s, c)| (s, *c));
            // Only a clause clearly about another stage: two of its words there, none here.
            if most >= 2 && counts[current] == 0 {
                owners[other] += 1;
                void[clause].iter_mut().for_each(|v| *v = true);
            } else if counts[current] > 0 && counts[current] >= most {
                owners[current] += 1;
                on_topic = true;
            }
        }
        let stages = owners.iter().filter(|&&c| c > 0).count();
        let owned: usize = owners.iter().sum();
        let ranging = stages >= TOUR_STAGES && owners[current] * 2 < owned;
        // A paste tours the framework in words that fit any case; a candidate who ranges
        // over the stages while talking about this case's own things is answering.
        let tour = ranging
            && setting.case.given.own_words(answer, &void) < CASE_WORDS
            && setting.case.given.specifics(answer, &echoed) < TOUR_SPECIFICS;
        // A recital walks through the framework by its own names for the steps, whichever
        // stage its clauses seem to be about: at requirements, "clarify the objective, then
        // collect data and labels" reads as clarifying questions clause by clause.
        let distinctives = setting.case.given.distinctives(answer, &echoed);
        let steps = if distinctives < RECITAL_DISTINCTIVES {
            setting.case.signposts.steps_named(answer, &echoed)
        } else {
            0
        };
        let tour = tour || steps >= RECITAL_STEPS;
        // An answer mostly about other stages reasons about them, whatever a clause of it
        // says in passing about this one. One that ranges over the stages around this one in
        // the case's own terms, with no other stage holding more of its clauses, reasons
        // about this one in the clauses that belong here.
        let leading = owners
            .iter()
            .enumerate()
            .all(|(s, &c)| s == current || c <= owners[current]);
        let mostly_here =
            on_topic && (owners[current] * 2 >= owned || (ranging && !tour && leading));
        // Two clauses about one other stage, not one each about two: a weak answer that
        // says "encoder" once and "serve" once is still an attempt at this stage.
        let elsewhere = if owners[current] == 0 {
            Stage::ALL
                .into_iter()
                .zip(owners)
                .filter(|&(_, c)| c >= 2)
                .max_by_key(|&(_, c)| c)
                .map(|(s, _)| s)
        } else {
            None
        };
        let generic = echo.is_none()
            && n >= GENERIC_WORDS
            && setting.case.given.specifics(answer, &void) <= GENERIC_SPECIFICS;
        let clarifies = asking && answer.clarifies();
        Reading {
            void,
            echoed,
            echo,
            tour,
            generic,
            // Clarifying questions are what requirements are for, whatever they ask about:
            // "how big does it need to be, and what is in place today?" is on topic there
            // though no stage's words are in it.
            on_topic: (on_topic || clarifies) && echo.is_none(),
            restated: echo.is_none() && mostly_given,
            elsewhere: elsewhere.filter(|_| echo.is_none()),
            mostly_here: mostly_here && echo.is_none(),
            // On the development sets every honest requirements answer of grade 2 or 3 asks
            // or assumes something, and no answer to another stage given there does.
            designs: asking && n > 0 && echo.is_none() && !clarifies,
            windows,
        }
    }
}
