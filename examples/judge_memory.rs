//! How the judge's memory grows with the number of threads judging at once: every thread
//! that judges gets its own caches for the stage pattern sets. A finding of the load harness
//! (BENCHMARKS.md): the bot judges on up to ~30 threads, so its RSS grows under load.
//!
//! `cargo run --release --example judge_memory -- THREADS` (default 1), from the repository
//! root. Prints RSS after loading and after 3,000 varied answers per thread.

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse().ok())
        .unwrap_or(0)
}

const WORDS: [&str; 20] = [
    "click",
    "drift",
    "baseline",
    "because",
    "latency",
    "split",
    "label",
    "ranking",
    "embedding",
    "cache",
    "canary",
    "A/B",
    "not",
    "accuracy",
    "recall",
    "users",
    "QPS",
    "privacy",
    "features",
    "retrain",
];

fn main() {
    let threads: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1)
        .clamp(1, 64);
    let script = mlsd::dialogues::load(&[std::path::PathBuf::from("dialogues")]).script;
    if script.cases().is_empty() {
        eprintln!("no dialogue files: run from the repository root");
        std::process::exit(2);
    }
    println!("loaded: {} MB", rss_kb() / 1024);
    std::thread::scope(|s| {
        for t in 0..threads {
            let script = &script;
            s.spawn(move || {
                let mut seed = 0x2545_F491_4F6C_DD1Du64 + t as u64;
                for i in 0..3000usize {
                    let mut answer = String::new();
                    for _ in 0..60 {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        answer.push_str(WORDS[(seed % 20) as usize]);
                        answer.push_str(if seed.is_multiple_of(7) { ". " } else { " " });
                        answer.push_str(&format!("w{} ", seed % 997));
                    }
                    let case = &script.cases()[i % script.cases().len()];
                    let setting = mlsd::judge::Setting::new(
                        case,
                        mlsd::stage::Stage::ALL[i % 7],
                        script.lexicon(),
                    );
                    let turn = mlsd::judge::Turn::first(&answer);
                    std::hint::black_box(mlsd::judge::judge(&setting, &[turn]));
                }
            });
        }
    });
    println!(
        "after 3,000 answers on each of {threads} threads: {} MB",
        rss_kb() / 1024
    );
}
