//! Integration tests, one binary: the engine driven through its public API, the real `mlsd`
//! executable, and the content under `dialogues/`.

mod architecture;
mod at_rest;
mod bank;
mod bot;
mod cli;
mod clock;
mod content;
mod daily;
mod disputes;
mod engine;
mod fake_telegram;
mod fuzz;
mod levels;
mod practice;
mod private;
mod selfhost;
mod transcripts;
mod util;
