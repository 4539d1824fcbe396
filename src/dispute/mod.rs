//! Disputes: a candidate saying a verdict was wrong ("I did cover the time-based split"), kept
//! for the case's authors. A dispute changes nothing in the candidate's score; it is evidence
//! that a phrasing is missing (or too eager) in the bank.
//!
//! Pure: what can be disputed about a finished stage, the stored record, and (in `report`
//! and `review`) what the operator and the authors make of many of them.

pub mod report;
pub mod review;

use serde::{Deserialize, Serialize};

use crate::content::Script;
use crate::interview::{Session, StageOutcome, StageRecord};
use crate::stage::Stage;

/// What the candidate says was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// A concept marked missing (or only named) that the candidate says they covered.
    Missed,
    /// A concept credited that the candidate says they did not earn.
    Undeserved,
    /// A misconception flagged that the candidate says they did not state.
    NotSaid,
}

impl Direction {
    pub fn id(self) -> &'static str {
        match self {
            Direction::Missed => "missed",
            Direction::Undeserved => "undeserved",
            Direction::NotSaid => "not-said",
        }
    }

    /// How the candidate put it, for lists and buttons.
    pub fn claim(self) -> &'static str {
        match self {
            Direction::Missed => "I covered it",
            Direction::Undeserved => "I didn't earn it",
            Direction::NotSaid => "I didn't say that",
        }
    }

    /// Whether the answer should have matched (an `examples.match`) or not.
    pub fn should_match(self) -> bool {
        self == Direction::Missed
    }
}

/// Which list of a stage the disputed item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Concept,
    Misconception,
}

/// One thing a candidate may dispute about a finished stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub kind: ItemKind,
    /// The concept's or misconception's id in the case file; empty when the case file no
    /// longer has it (the label is kept either way).
    pub id: String,
    pub label: String,
    pub direction: Direction,
}

/// What can be disputed about `record`, most often disputed first: what was missed, then
/// what was only named, the misconceptions flagged, and last the credits given.
pub fn choices(script: &Script, case: &str, record: &StageRecord) -> Vec<Choice> {
    let StageOutcome::Answered {
        explained,
        named_only,
        missing,
        misconceptions,
        ..
    } = &record.outcome
    else {
        // A skipped stage was not judged: there is no verdict to dispute.
        return Vec::new();
    };
    let concept = |direction| {
        move |n: &crate::interview::ConceptNote| Choice {
            kind: ItemKind::Concept,
            id: n.id.clone(),
            label: n.label.clone(),
            direction,
        }
    };
    // Misconceptions are stored by label; their id comes from the case file, if it still
    // has them.
    let spec = script.case(case).map(|c| c.stage(record.stage));
    let misconception = |label: &String| Choice {
        kind: ItemKind::Misconception,
        id: spec
            .and_then(|s| s.misconceptions.iter().find(|m| &m.label == label))
            .map(|m| m.id.clone())
            .unwrap_or_default(),
        label: label.clone(),
        direction: Direction::NotSaid,
    };
    missing
        .iter()
        .map(concept(Direction::Missed))
        .chain(named_only.iter().map(concept(Direction::Missed)))
        .chain(misconceptions.iter().map(misconception))
        .chain(explained.iter().map(concept(Direction::Undeserved)))
        .collect()
}

/// A finished stage the candidate can still dispute: in the running interview or in their
/// history.
#[derive(Debug, Clone, Copy)]
pub struct Judged<'a> {
    pub case: &'a str,
    /// When its interview started (Unix seconds): with the stage, it names the verdict.
    pub started_at: i64,
    pub record: &'a StageRecord,
}

/// The verdict on `stage` of the interview that started at `started_at`.
pub fn find(session: &Session, started_at: i64, stage: Stage) -> Option<Judged<'_>> {
    judged(session).find(|j| j.started_at == started_at && j.record.stage == stage)
}

/// The most recent verdict, or the most recent one on `stage`.
pub fn latest(session: &Session, stage: Option<Stage>) -> Option<Judged<'_>> {
    judged(session).find(|j| stage.is_none_or(|s| j.record.stage == s))
}

/// Every stage verdict, newest first.
fn judged(session: &Session) -> impl Iterator<Item = Judged<'_>> {
    let running = session.interview().into_iter().flat_map(|i| {
        i.done.iter().rev().map(|record| Judged {
            case: &i.case,
            started_at: i.started_at,
            record,
        })
    });
    let past = session.history.iter().rev().flat_map(|f| {
        f.stages.iter().rev().map(|record| Judged {
            case: &f.case,
            started_at: f.started_at,
            record,
        })
    });
    running.chain(past)
}

/// A stored dispute. It names no user unless the operator turned that on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    pub case: String,
    pub stage: Stage,
    pub kind: ItemKind,
    /// Empty when the case file no longer had the item.
    pub id: String,
    pub label: String,
    pub direction: Direction,
    /// The candidate's answers at that stage, in order.
    pub answers: Vec<String>,
    /// What the candidate added in their own words, if anything.
    #[serde(default)]
    pub note: Option<String>,
    /// Unix seconds.
    pub at: i64,
    /// The Telegram user id, only when the operator asked for it.
    #[serde(default)]
    pub user: Option<u64>,
    /// Reviewed by an author and set aside.
    #[serde(default)]
    pub dismissed: bool,
}

/// The longest note kept: a line or two, not a second answer.
pub const NOTE_LIMIT: usize = 1_000;

impl Dispute {
    pub fn new(judged: Judged<'_>, choice: &Choice, at: i64) -> Option<Dispute> {
        let StageOutcome::Answered { answers, .. } = &judged.record.outcome else {
            return None;
        };
        Some(Dispute {
            case: judged.case.to_owned(),
            stage: judged.record.stage,
            kind: choice.kind,
            id: choice.id.clone(),
            label: choice.label.clone(),
            direction: choice.direction,
            answers: answers.clone(),
            note: None,
            at,
            user: None,
            dismissed: false,
        })
    }

    /// The answers as one text, as the judge read them together.
    pub fn answer(&self) -> String {
        self.answers.join("\n\n")
    }

    pub fn set_note(&mut self, note: &str) {
        let note = note.trim();
        if note.is_empty() {
            return;
        }
        let kept: String = note.chars().take(NOTE_LIMIT).collect();
        self.note = Some(kept);
    }

    /// Whether `other` says the same thing about the same verdict (a second tap).
    pub fn same_claim(&self, other: &Dispute) -> bool {
        self.case == other.case
            && self.stage == other.stage
            && self.kind == other.kind
            && self.label == other.label
            && self.direction == other.direction
            && self.answers == other.answers
    }
}

/// Where a dispute is stored: when it was made, and a random part so that two made in the
/// same second differ. Keys sort by time; none names a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DisputeKey(pub [u8; 12]);

impl DisputeKey {
    pub fn new(at: i64, entropy: u64) -> DisputeKey {
        let mut key = [0u8; 12];
        key[..8].copy_from_slice(&at.to_be_bytes());
        key[8..].copy_from_slice(&(entropy as u32).to_be_bytes());
        DisputeKey(key)
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<DisputeKey> {
        bytes.try_into().ok().map(DisputeKey)
    }

    pub fn hex(self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn parse_hex(text: &str) -> Option<DisputeKey> {
        let text = text.trim();
        if text.len() != 24 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut key = [0u8; 12];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(DisputeKey(key))
    }
}

impl Serialize for DisputeKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

impl<'de> Deserialize<'de> for DisputeKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        DisputeKey::parse_hex(&text)
            .ok_or_else(|| serde::de::Error::custom("a dispute key is 24 hex digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interview::ConceptNote;

    fn note(id: &str) -> ConceptNote {
        ConceptNote {
            id: id.to_owned(),
            label: format!("Label of {id}"),
            weight: 2,
        }
    }

    fn record(stage: Stage) -> StageRecord {
        StageRecord {
            stage,
            seconds: None,
            outcome: StageOutcome::Answered {
                score: 40,
                answers: vec!["first".into(), "second".into()],
                explained: vec![note("e")],
                named_only: vec![note("n")],
                missing: vec![note("m")],
                misconceptions: vec!["Random split".into()],
                corrected: Vec::new(),
                hints: 0,
                depth: Default::default(),
            },
        }
    }

    #[test]
    fn missed_concepts_come_first_and_each_list_has_its_direction() {
        let script = Script::default();
        let got = choices(&script, "gone", &record(Stage::Data));
        let summary: Vec<(&str, Direction)> = got
            .iter()
            .map(|c| (c.label.as_str(), c.direction))
            .collect();
        assert_eq!(
            summary,
            [
                ("Label of m", Direction::Missed),
                ("Label of n", Direction::Missed),
                ("Random split", Direction::NotSaid),
                ("Label of e", Direction::Undeserved),
            ]
        );
        // The case is gone from the bank: the misconception keeps its label, not an id.
        assert_eq!(got[2].id, "");
        let skipped = StageRecord {
            stage: Stage::Data,
            seconds: None,
            outcome: StageOutcome::Skipped {
                missing: vec![note("m")],
            },
        };
        assert!(choices(&script, "gone", &skipped).is_empty());
    }

    #[test]
    fn the_latest_verdict_is_found_in_the_running_interview_before_the_history() {
        use crate::interview::{Finished, Interview, InterviewKind, Phase};
        let mut running = Interview::new(InterviewKind::Full, "b", Stage::Model, 0, 200);
        running.done = vec![record(Stage::Requirements), record(Stage::Framing)];
        let session = Session {
            history: vec![Finished {
                kind: InterviewKind::Full,
                case: "a".into(),
                title: "A".into(),
                started_at: 100,
                finished_at: 150,
                stages: vec![record(Stage::Data)],
                ended_early: true,
                level: Default::default(),
                minutes: None,
            }],
            phase: Phase::Interviewing(running),
            ..Session::default()
        };
        let last = latest(&session, None).expect("a verdict");
        assert_eq!((last.case, last.record.stage), ("b", Stage::Framing));
        let data = latest(&session, Some(Stage::Data)).expect("from history");
        assert_eq!((data.case, data.started_at), ("a", 100));
        assert!(find(&session, 100, Stage::Data).is_some());
        assert!(find(&session, 200, Stage::Data).is_none());
    }

    #[test]
    fn keys_round_trip_as_hex_and_sort_by_time() {
        let a = DisputeKey::new(1_750_000_000, 0xdead_beef_0000_0001);
        let b = DisputeKey::new(1_750_000_001, 0);
        assert!(a < b);
        assert_eq!(DisputeKey::parse_hex(&a.hex()), Some(a));
        for junk in ["", "zz", &a.hex()[1..], "g00000000000000000000000"] {
            assert_eq!(DisputeKey::parse_hex(junk), None, "{junk}");
        }
    }

    #[test]
    fn a_note_is_trimmed_and_bounded() {
        let script = Script::default();
        let session_record = record(Stage::Data);
        let judged = Judged {
            case: "c",
            started_at: 1,
            record: &session_record,
        };
        let choice = &choices(&script, "c", &session_record)[0];
        let mut d = Dispute::new(judged, choice, 5).expect("answered");
        assert_eq!(d.answer(), "first\n\nsecond");
        d.set_note("   ");
        assert_eq!(d.note, None);
        d.set_note(&"x".repeat(5_000));
        assert_eq!(d.note.as_ref().map(|n| n.chars().count()), Some(NOTE_LIMIT));
    }
}
