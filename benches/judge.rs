//! Judge and start-up speed. Targets: judging a 150-word answer against a stage in
//! at most 25 µs median (issue 13); loading and compiling every dialogue file, with the shared
//! vocabulary, in at most 100 ms.
//!
//! Run with `cargo bench --bench judge`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use mlsd::judge::{Setting, Turn, judge};
use mlsd::stage::Stage;

/// About 150 words, typed as a candidate would: some concepts, some filler, a typo.
const ANSWER: &str = include_str!("judge_answer.txt");

fn dialogue_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dialogues")
}

fn benches(c: &mut Criterion) {
    let words = ANSWER.split_whitespace().count();
    assert!((140..=170).contains(&words), "answer has {words} words");
    let script = mlsd::dialogues::load(&[dialogue_dir()]).script;
    let case = script.case("ad-click-prediction").expect("reference case");
    let setting = Setting::new(case, Stage::Data, script.lexicon());

    c.bench_function("judge a 150-word answer against a stage", |b| {
        b.iter(|| judge(&setting, &[Turn::first(black_box(ANSWER))]))
    });

    let mut group = c.benchmark_group("start-up");
    group.sample_size(20);
    // The bot keeps its script for its whole life, so freeing it is not part of start-up.
    group.bench_function("load and compile every dialogue file", |b| {
        b.iter_with_large_drop(|| mlsd::dialogues::load(&[black_box(dialogue_dir())]))
    });
    group.finish();
}

criterion_group! {
    name = judge_benches;
    // No plots: mlsd's plotters build draws only with fonts it registers itself.
    config = Criterion::default().without_plots();
    targets = benches
}
criterion_main!(judge_benches);
