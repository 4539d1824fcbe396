//! The interviewer: a state machine over a person's [`Session`], shared unchanged by the
//! terminal and the Telegram bot.
//!
//! Architecture invariant: `step` is pure. It knows nothing of Telegram, sled or the clock;
//! time and randomness arrive in the [`Context`], and replies leave as data.

mod clarify;
mod engine;
mod event;
mod pick;
mod reply;
mod session;
mod summary;

pub use clarify::{Clarification, Stance};
pub use engine::{Step, step};
pub use event::{Command, Config, Context, Event};
pub use pick::{mix, pick_case};
pub use reply::{Credited, Notice, Remark, Reply, StageScore, Summary};
pub use session::{
    Awaiting, ConceptNote, DepthRecord, Finished, Interview, InterviewKind, Phase, RecordedTurn,
    Session, StageOutcome, StageRecord,
};
pub use summary::summarise;
