//! The judge's speed in CPU time: judging the 150-word answer of `benches/judge.rs` and
//! loading every dialogue file, each timed on the thread's own CPU clock. On a machine shared
//! with other builds, wall-clock benchmarks mostly measure the neighbours; CPU time tells
//! whether a change made the judge faster.
//!
//! `cargo run --release --example judge_cpu` from the repository root. Prints the minimum and
//! median over 30 runs of 2,000 judgements and over 15 loads.

use std::hint::black_box;
use std::path::PathBuf;

use mlsd::judge::{Setting, Turn, judge};
use mlsd::stage::Stage;

/// About 150 words, typed as a candidate would: some concepts, some filler, a typo.
const ANSWER: &str = include_str!("../benches/judge_answer.txt");

/// Seconds of CPU this thread has used.
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// (minimum, median) of some timings.
fn spread(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[0], v[v.len() / 2])
}

fn main() -> anyhow::Result<()> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dialogues");
    let mut loads = Vec::new();
    for _ in 0..15 {
        let start = cpu_seconds();
        let compiled = mlsd::dialogues::load(&[black_box(dir.clone())]);
        loads.push((cpu_seconds() - start) * 1e3);
        // The bot keeps its script for its whole life: freeing it is not part of start-up.
        std::mem::forget(compiled);
    }
    let script = mlsd::dialogues::load(&[dir]).script;
    let case = script
        .case("ad-click-prediction")
        .ok_or_else(|| anyhow::anyhow!("the reference case is missing"))?;
    let setting = Setting::new(case, Stage::Data, script.lexicon());
    const CALLS: u32 = 2000;
    let mut runs = Vec::new();
    for _ in 0..30 {
        let start = cpu_seconds();
        for _ in 0..CALLS {
            black_box(judge(&setting, &[Turn::first(black_box(ANSWER))]));
        }
        runs.push((cpu_seconds() - start) / f64::from(CALLS) * 1e6);
    }
    let (judge_min, judge_median) = spread(runs);
    let (load_min, load_median) = spread(loads);
    println!("judge a 150-word answer: {judge_median:.1} µs CPU median ({judge_min:.1} min)");
    println!("load every dialogue file: {load_median:.1} ms CPU median ({load_min:.1} min)");
    Ok(())
}
