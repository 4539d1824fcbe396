//! Integration tests, one binary: the engine driven through its public API, the real `mlsd`
//! executable, and the content under `dialogues/`.

mod cli;
mod content;
mod engine;
mod practice;
mod transcripts;
mod util;
