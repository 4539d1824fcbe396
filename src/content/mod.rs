//! The dialogue files: what a case study holds, how its file is written, and how it compiles.
//!
//! Architecture invariant: nothing outside this module sees TOML. Everything downstream reads
//! the compiled [`Script`], where patterns are already built and phrasings normalised.

mod compile;
mod conduct;
mod diagnostic;
mod model;
mod raw;

pub use compile::{Compiled, MIN_EXAMPLES, VOCABULARY_FILE, compile, is_vocabulary};
pub use conduct::{CONDUCT_FILE, Conduct, DepthAnswers, LevelRules, Pace, is_conduct};
pub use diagnostic::{Diagnostic, Location, Source};
pub use model::{
    Case, Concept, Examples, MAX_WEIGHT, MIN_WEIGHT, Misconception, Script, StageSpec, Target,
};
