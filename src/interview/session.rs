//! Everything the interviewer remembers about one person: their hardest domain, where they
//! are in the current interview, and the interviews they finished.
//!
//! These types are stored, so they are a compatibility boundary: add fields with defaults,
//! never rename. The store wraps them in a versioned envelope.

use serde::{Deserialize, Serialize};

use crate::judge::Probe;
use crate::level::Level;
use crate::stage::{DomainChoice, Stage};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The domain they find hardest; `None` until they say.
    #[serde(default)]
    pub domain: Option<DomainChoice>,
    /// The level they interview for; `None` until they say (interviews then run at mid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default)]
    pub phase: Phase,
    /// Finished (or ended) interviews, oldest first.
    #[serde(default)]
    pub history: Vec<Finished>,
}

impl Session {
    /// The case ids of past full interviews, oldest first (daily drills do not count).
    pub fn past_cases(&self) -> impl Iterator<Item = &str> {
        self.history
            .iter()
            .filter(|f| f.kind == InterviewKind::Full)
            .map(|f| f.case.as_str())
    }

    pub fn interview(&self) -> Option<&Interview> {
        match &self.phase {
            Phase::Interviewing(i) => Some(i),
            _ => None,
        }
    }
}

/// Where the conversation stands.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "kebab-case")]
pub enum Phase {
    /// No interview running.
    #[default]
    Idle,
    /// We asked for the hardest domain and wait for the answer.
    ChoosingDomain {
        /// Start an interview once they answer.
        then_begin: bool,
        /// That interview is timed, for this many minutes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minutes: Option<u16>,
    },
    /// We asked which level they interview for (once, after the domain) and wait.
    ChoosingLevel {
        then_begin: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minutes: Option<u16>,
    },
    Interviewing(Interview),
}

/// A full mock interview, or the single stage of a daily prompt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InterviewKind {
    #[default]
    Full,
    /// One stage, one follow-up at most.
    Drill,
}

/// An interview in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interview {
    #[serde(default)]
    pub kind: InterviewKind,
    pub case: String,
    /// Unix seconds.
    pub started_at: i64,
    pub stage: Stage,
    /// Which of the stage's questions was asked.
    pub question: usize,
    pub awaiting: Awaiting,
    /// Answers given at the current stage, in order.
    pub turns: Vec<RecordedTurn>,
    /// Follow-ups asked at the current stage.
    pub probes: Vec<Probe>,
    /// Concepts hinted at the current stage.
    #[serde(default)]
    pub hinted: Vec<String>,
    /// Stages already behind us.
    pub done: Vec<StageRecord>,
    /// The level this interview runs at (an interview from before levels ran at mid).
    #[serde(default)]
    pub level: Level,
    /// A timed interview's length in minutes; `None` when untimed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u16>,
    /// Unix seconds when the current stage began (`None` in interviews from before the clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_started_at: Option<i64>,
    /// Whether the interviewer already said this stage runs long.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nudged: bool,
}

impl Interview {
    /// Whether the current stage has an answer, so closing it gives a verdict.
    pub fn answered(&self) -> bool {
        !self.turns.is_empty()
    }

    /// An interview (or drill) waiting for the answer to `question` of `stage`.
    pub fn new(kind: InterviewKind, case: &str, stage: Stage, question: usize, now: i64) -> Self {
        Interview {
            kind,
            case: case.to_owned(),
            started_at: now,
            stage,
            question,
            awaiting: Awaiting::Answer,
            turns: Vec::new(),
            probes: Vec::new(),
            hinted: Vec::new(),
            done: Vec::new(),
            level: Level::default(),
            minutes: None,
            stage_started_at: Some(now),
            nudged: false,
        }
    }

    /// Unix seconds when a timed interview runs out.
    pub fn deadline(&self) -> Option<i64> {
        self.minutes.map(|m| self.started_at + i64::from(m) * 60)
    }
}

/// What the interviewer is waiting for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "awaiting", rename_all = "kebab-case")]
pub enum Awaiting {
    /// The answer to the stage's question.
    Answer,
    /// The answer to a follow-up.
    ProbeReply { probe: Probe },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedTurn {
    pub text: String,
    #[serde(default)]
    pub reply_to: Option<Probe>,
}

/// How one stage went, self-contained so history survives edits to the dialogue files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageRecord {
    pub stage: Stage,
    pub outcome: StageOutcome,
    /// Seconds spent at the stage (`None` in records from before the clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum StageOutcome {
    Answered {
        score: u8,
        answers: Vec<String>,
        explained: Vec<ConceptNote>,
        named_only: Vec<ConceptNote>,
        missing: Vec<ConceptNote>,
        #[serde(default)]
        misconceptions: Vec<String>,
        /// Misconceptions said and then taken back during the stage.
        #[serde(default)]
        corrected: Vec<String>,
        #[serde(default)]
        hints: u8,
        /// How the replies to deeper questions went, when the level scores them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        depth: Option<DepthRecord>,
    },
    Skipped {
        missing: Vec<ConceptNote>,
    },
}

impl StageOutcome {
    pub fn score(&self) -> u8 {
        match self {
            StageOutcome::Answered { score, .. } => *score,
            StageOutcome::Skipped { .. } => 0,
        }
    }

    /// Concepts worth reviewing: missing ones, then those only named.
    pub fn to_review(&self) -> impl Iterator<Item = &ConceptNote> {
        let (missing, named): (&[ConceptNote], &[ConceptNote]) = match self {
            StageOutcome::Answered {
                missing,
                named_only,
                ..
            } => (missing, named_only),
            StageOutcome::Skipped { missing } => (missing, &[]),
        };
        missing.iter().chain(named)
    }
}

/// The deeper questions of a stage at a level that scores them: how many replies held up out
/// of how many the level expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepthRecord {
    /// Deeper questions asked: the basics come first, so a thin stage may get none.
    #[serde(default)]
    pub asked: u8,
    pub held: u8,
    pub expected: u8,
    /// The stage's score from its concepts alone, before the deeper questions counted.
    pub concept_score: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConceptNote {
    pub id: String,
    pub label: String,
    pub weight: u8,
}

/// A past interview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finished {
    #[serde(default)]
    pub kind: InterviewKind,
    pub case: String,
    pub title: String,
    pub started_at: i64,
    pub finished_at: i64,
    pub stages: Vec<StageRecord>,
    /// Ended with `/end` before the last stage.
    pub ended_early: bool,
    #[serde(default)]
    pub level: Level,
    /// The length of a timed interview, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u16>,
}
