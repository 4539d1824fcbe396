//! mlsd: a mock interviewer for Machine Learning System Design interviews.
//!
//! The core (`stage`, `matching`, `content`, `judge`, `interview`) is pure: no I/O, no clock,
//! no randomness of its own. The shells around it (`store`, `terminal`, `cli`) do the I/O.

pub mod content;
pub mod judge;
pub mod matching;
pub mod stage;
