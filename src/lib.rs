//! mlsd: a mock interviewer for Machine Learning System Design interviews.
//!
//! The core (`stage`, `matching`, `content`, `judge`, `interview`) is pure: no I/O, no clock,
//! no randomness of its own. The shells around it (`store`, `terminal`, `cli`) do the I/O.

pub mod cli;
pub mod clock;
pub mod content;
pub mod control;
pub mod daily;
pub mod dialogues;
pub mod dispute;
pub mod graded;
pub mod interview;
pub mod judge;
pub mod level;
pub mod lint;
pub mod matching;
pub mod parallel;
pub mod present;
pub mod stage;
pub mod store;
pub mod telegram;
pub mod terminal;
