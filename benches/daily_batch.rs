//! Load harness for daily prompts (issue 6): 10,000 subscribers due in the same minute,
//! against a fake Bot API server that enforces Telegram's 30 messages per second with 429s.
//!
//! Reports how long the batch takes against the ideal 10,000 / 30 s, whether every user got
//! exactly one prompt, and how quickly an interactive message sent during the batch is
//! answered. Run with `cargo bench --bench daily_batch` (about six minutes); set
//! `MLSD_BATCH_USERS` for a smaller run. The report is also written to
//! `target/daily_batch_report.md`.

#[path = "../tests/it/fake_telegram.rs"]
#[allow(dead_code)]
mod fake_telegram;

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_telegram::{FakeTelegram, TOKEN};
use tokio::sync::watch;

const RATE: u32 = 30;

fn main() {
    let users: u64 = std::env::var("MLSD_BATCH_USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let fake = FakeTelegram::start();
    fake.rate_limit(RATE);
    let data = tempfile::tempdir().expect("tempdir");
    let now = chrono::Utc::now().timestamp();
    let due = now + 15;
    let time = chrono::DateTime::from_timestamp(due, 0)
        .expect("instant")
        .time();
    {
        let store = mlsd::store::Store::open(data.path()).expect("store");
        for user in 1..=users {
            mlsd::telegram::seed::daily_subscriber(&store, user, time, chrono_tz::UTC, due)
                .expect("seed");
        }
        store.flush().expect("flush");
    }
    eprintln!("seeded {users} subscribers due in 15 s");

    let (stop_tx, stop) = watch::channel(false);
    let url = fake.url();
    let dir = data.path().to_path_buf();
    let bot = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let script = mlsd::dialogues::load(&[
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dialogues")
        ])
        .script;
        let store = mlsd::store::Store::open(&dir).expect("store");
        let config = mlsd::telegram::BotConfig {
            token: TOKEN.to_owned(),
            api_url: Some(url.parse().expect("url")),
            allowed_users: None,
            admins: Vec::new(),
            webhook: None,
            data_dir: None,
            poll_timeout: Duration::from_secs(1),
            engine: mlsd::interview::Config::default(),
            max_send_rate: mlsd::telegram::DEFAULT_SEND_RATE,
            ..mlsd::telegram::BotConfig::default()
        };
        let clock: Arc<dyn Fn() -> i64 + Send + Sync> = Arc::new(mlsd::terminal::now);
        runtime
            .block_on(mlsd::telegram::run_until(
                config, script, store, clock, stop,
            ))
            .expect("bot");
        runtime.shutdown_timeout(Duration::from_secs(5));
    });

    let is_prompt = |m: &fake_telegram::Sent| m.text.contains("One question today");
    let due_at =
        Instant::now() + Duration::from_secs((due - chrono::Utc::now().timestamp()).max(0) as u64);
    let mut latencies = Vec::new();
    let mut first_prompt = None;
    let probe_user = 10_000_000;
    let mut next_probe = Instant::now();
    loop {
        let sent = fake.sent();
        let prompts = sent.iter().filter(|m| is_prompt(m)).count();
        if first_prompt.is_none() && prompts > 0 {
            first_prompt = Some(Instant::now());
        }
        if prompts as u64 >= users {
            break;
        }
        if first_prompt.is_some() && Instant::now() >= next_probe {
            let before = fake.sent_to(probe_user).len();
            let asked = Instant::now();
            fake.text(probe_user, "/help");
            fake.wait_for(probe_user, before, "a reply to /help", |m| {
                m.text.contains("Commands")
            });
            latencies.push(asked.elapsed());
            next_probe = Instant::now() + Duration::from_secs(10);
            eprintln!(
                "{prompts} prompts sent; /help answered in {:?}",
                latencies.last().expect("latency")
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let finished = Instant::now();
    std::thread::sleep(Duration::from_secs(5));
    let _ = stop_tx.send(true);
    bot.join().expect("bot thread");

    let sent = fake.sent();
    let mut per_user = std::collections::HashMap::<i64, usize>::new();
    for m in sent.iter().filter(|m| is_prompt(m)) {
        *per_user.entry(m.chat).or_default() += 1;
    }
    let exactly_once = per_user.len() as u64 == users && per_user.values().all(|&n| n == 1);
    let batch = finished.duration_since(due_at.min(first_prompt.unwrap_or(due_at)));
    let ideal = Duration::from_secs_f64(users as f64 / f64::from(RATE));
    latencies.sort();
    let median = latencies
        .get(latencies.len() / 2)
        .copied()
        .unwrap_or_default();
    let max = latencies.last().copied().unwrap_or_default();
    let report = format!(
        "# Daily batch: {users} prompts due at once, fake Bot API at {RATE} msg/s\n\n\
         | measure | value |\n|---|---|\n\
         | batch duration (due → last prompt) | {:.1} s |\n\
         | ideal ({users} / {RATE}) | {:.1} s |\n\
         | ratio to ideal | {:.3} |\n\
         | every user exactly one prompt | {} |\n\
         | users prompted | {} |\n\
         | 429 answers from the fake | {} |\n\
         | interactive /help during the batch: probes | {} |\n\
         | interactive latency: median / max | {:.2} s / {:.2} s |\n",
        batch.as_secs_f64(),
        ideal.as_secs_f64(),
        batch.as_secs_f64() / ideal.as_secs_f64(),
        if exactly_once { "yes" } else { "NO" },
        per_user.len(),
        fake.rejected_429(),
        latencies.len(),
        median.as_secs_f64(),
        max.as_secs_f64(),
    );
    println!("{report}");
    let target = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("daily_batch_report.md"), &report);
    assert!(exactly_once, "some users got no prompt or more than one");
}
