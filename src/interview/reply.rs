//! What the interviewer says, as data. Each shell renders it for its medium.

use crate::level::Level;
use crate::stage::{Domain, DomainChoice, Stage};

use super::clarify::Clarification;
use super::session::ConceptNote;

/// A concept or misconception as the feedback names it, with the candidate's own words that
/// showed it, so they can check the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Credited {
    pub label: String,
    pub quote: Option<String>,
}

/// Answers that are not answers of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remark {
    /// The scenario, a question or a model answer read back.
    ReadBack,
    /// The candidate's own earlier answer sent again.
    Repeated,
    /// A tour of every stage instead of this one.
    Tour { stage: Stage },
    /// Good practice in words that would fit any case, nothing about this one.
    Generic,
    /// An answer about another stage than the one asked.
    Elsewhere { about: Stage, here: Stage },
    /// A design given where the requirements were to be clarified.
    Designing,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// "Which domain do you find hardest?", with the current choice if any.
    DomainQuestion {
        current: Option<DomainChoice>,
    },
    DomainSet {
        choice: DomainChoice,
    },
    /// "Which level are you interviewing for?", with the current choice if any.
    LevelQuestion {
        current: Option<Level>,
    },
    LevelSet {
        level: Level,
        /// An interview at another level is running: the new one applies from the next.
        running: Option<Level>,
    },
    /// What this interview expects, after the case intro: its level (other than mid) and
    /// its clock.
    Terms {
        level: Level,
        minutes: Option<u16>,
    },
    /// A stage ran past its share of a timed interview: the interviewer moves on.
    Nudge {
        minutes_left: u16,
        /// The stage coming next; `None` when it was the last.
        next: Option<Stage>,
    },
    /// A timed interview ran out: the interviewer stops and sums up.
    TimeUp,
    /// At a level that scores deeper questions: how the replies to them held up.
    DepthResult {
        level: Level,
        asked: u8,
        held: u8,
        expected: u8,
        /// Percent of the stage's score they carry.
        share: u8,
    },
    /// The case and its scenario, at the start of an interview.
    CaseIntro {
        id: String,
        title: String,
        domains: Vec<Domain>,
        scenario: String,
    },
    Question {
        stage: Stage,
        text: String,
    },
    /// Concepts of the new stage the candidate already covered at an earlier one.
    AlreadyCovered {
        concepts: Vec<Credited>,
    },
    /// What the latest answer covered, said while a follow-up is coming.
    Feedback {
        /// What this answer added, explained: acknowledged in one line.
        acknowledged: Vec<Credited>,
        /// What this answer named without saying why.
        named_only: Vec<Credited>,
        corrected: Vec<String>,
        /// Which way to open the acknowledgement, so it does not read the same every time.
        opener: u8,
    },
    /// The interviewer's answers to what the candidate asked, and their assumptions checked,
    /// gathered in one reply.
    Answers {
        items: Vec<Clarification>,
    },
    /// What the interviewer notices about the answer itself.
    Remark {
        remark: Remark,
    },
    Probe {
        text: String,
    },
    /// A deeper question about a choice the candidate explained, when no authored one exists.
    Deeper {
        label: String,
    },
    /// "Why?" about terms that were named without a reason.
    AskWhy {
        labels: Vec<String>,
    },
    /// The end of a stage: score, what was covered and missed, and a model answer.
    StageResult {
        stage: Stage,
        score: u8,
        explained: Vec<Credited>,
        named_only: Vec<Credited>,
        /// The candidate's own reasoning that no concept named, credited a little: quoted.
        own_points: Vec<String>,
        missing: Vec<String>,
        misconceptions: Vec<Credited>,
        model_answer: String,
    },
    Skipped {
        stage: Stage,
        model_answer: String,
    },
    Hint {
        text: String,
    },
    /// The opening of a daily prompt.
    DrillIntro {
        title: String,
        stage: Stage,
        /// The case in a few lines: a prompt at 8 a.m. must stand on its own.
        setting: String,
    },
    /// The end of a daily prompt.
    DrillDone {
        score: u8,
    },
    Summary(Summary),
    Notice(Notice),
    Help,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// A command or answer arrived with no interview running.
    NoInterview,
    AlreadyInterviewing {
        title: String,
        stage: Stage,
    },
    UnknownCase {
        id: String,
        known: Vec<String>,
    },
    /// The text has no words in it (emoji, punctuation).
    NotAnAnswer,
    Truncated {
        kept_chars: usize,
    },
    NoMoreHints,
    DomainNotUnderstood,
    LevelNotUnderstood,
    /// `/hint` past the level's hints for the stage.
    HintLimit {
        level: Level,
        hints: u8,
    },
    /// A timed interview resumed with this many minutes left.
    TimeLeft {
        minutes: u16,
    },
    /// The running interview's case is gone from the dialogue files.
    CaseUnavailable {
        id: String,
    },
    /// Welcome back, here is where we were.
    Resumed {
        title: String,
    },
    NoCases,
    /// A daily prompt arrived during an interview: carry on with it instead.
    DailyContinue,
}

/// The end of an interview.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub title: String,
    pub stages: Vec<(Stage, StageScore)>,
    /// Mean over the stages reached (skipped ones count as 0).
    pub overall: Option<u8>,
    pub strongest: Option<Stage>,
    pub weakest: Option<Stage>,
    /// The heaviest concepts missed or only named, with their stage.
    pub review: Vec<(Stage, ConceptNote)>,
    /// Misconceptions the candidate first proposed and then corrected, with their stage: worth
    /// leading with the right idea next time.
    pub corrected: Vec<(Stage, String)>,
    pub ended_early: bool,
    pub level: Level,
    /// A timed interview's length in minutes.
    pub minutes: Option<u16>,
    /// Minutes and seconds spent per stage reached, when known.
    pub times: Vec<(Stage, u32)>,
    /// The clock ran out before the last stage was done.
    pub ran_out: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageScore {
    Scored(u8),
    Skipped,
    NotReached,
}
