//! The judge's cost in instructions, which a busy machine does not distort: loads every
//! dialogue file, then judges the 150-word answer of `benches/judge.rs` N + 1 times.
//!
//! ```sh
//! cargo build --release --example judge_count
//! valgrind --tool=cachegrind --cache-sim=no target/release/examples/judge_count 0
//! valgrind --tool=cachegrind --cache-sim=no target/release/examples/judge_count 100
//! ```
//!
//! The first run is a load and one judgement (which compiles the stage's patterns); the
//! difference between the two, divided by 100, is one judgement.

use std::hint::black_box;
use std::path::PathBuf;

use mlsd::judge::{Setting, Turn, judge};
use mlsd::stage::Stage;

/// About 150 words, typed as a candidate would: some concepts, some filler, a typo.
const ANSWER: &str = include_str!("../benches/judge_answer.txt");

fn main() -> anyhow::Result<()> {
    let times: u32 = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 0,
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dialogues");
    let script = mlsd::dialogues::load(&[dir]).script;
    let case = script
        .case("ad-click-prediction")
        .ok_or_else(|| anyhow::anyhow!("the reference case is missing"))?;
    let setting = Setting::new(case, Stage::Data, script.lexicon());
    for _ in 0..=times {
        black_box(judge(&setting, &[Turn::first(black_box(ANSWER))]));
    }
    Ok(())
}
