//! Daily practice prompts, end to end in simulated time: the bot runs in this process with an
//! injected clock, against the fake Bot API server.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use crate::fake_telegram::{FakeTelegram, Fault, Sent, TOKEN};

/// The bot, running in this process until stopped.
struct InProcess {
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

fn unix(s: &str) -> i64 {
    s.parse::<DateTime<Utc>>().expect("instant").timestamp()
}

impl InProcess {
    fn start(fake: &FakeTelegram, data: &Path, clock: &Arc<AtomicI64>) -> InProcess {
        let (stop, rx) = watch::channel(false);
        let url = fake.url();
        let data = data.to_path_buf();
        let clock = Arc::clone(clock);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            let script = crate::util::shipped_script();
            let store = mlsd::store::Store::open(&data).expect("store");
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
                dispute_user_ids: false,
            };
            let clock_fn: Arc<dyn Fn() -> i64 + Send + Sync> =
                Arc::new(move || clock.load(Ordering::SeqCst));
            let result = runtime.block_on(mlsd::telegram::run_until(
                config, script, store, clock_fn, rx,
            ));
            runtime.shutdown_timeout(Duration::from_secs(5));
            result.expect("bot run");
        });
        InProcess {
            stop,
            thread: Some(thread),
        }
    }

    fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.thread.take() {
            t.join().expect("bot thread");
        }
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn prompts(fake: &FakeTelegram, user: i64) -> Vec<Sent> {
    fake.sent_to(user)
        .into_iter()
        .filter(|m| m.text.contains("One question today"))
        .collect()
}

fn wait_prompts(fake: &FakeTelegram, user: i64, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while prompts(fake, user).len() < n {
        assert!(
            Instant::now() < deadline,
            "user {user} got {} prompt(s), expected {n}",
            prompts(fake, user).len()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn say(fake: &FakeTelegram, user: i64, text: &str, expect: &str) -> Sent {
    let before = fake.sent_to(user).len();
    fake.text(user, text);
    fake.wait_for(user, before, &format!("{expect:?} after {text:?}"), |m| {
        m.text.contains(expect)
    })
}

/// Lets the scheduler run a few ticks.
fn settle() {
    std::thread::sleep(Duration::from_millis(1500));
}

#[test]
fn a_subscriber_gets_exactly_one_prompt_per_local_day_and_its_answer_is_judged() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    // 07:00 in Berlin.
    let clock = Arc::new(AtomicI64::new(unix("2026-06-01T05:00:00Z")));
    let bot = InProcess::start(&fake, data.path(), &clock);
    let on = say(
        &fake,
        1,
        "/daily 08:30 Europe/Berlin",
        "Daily practice is on",
    );
    assert!(on.text.contains("today at 08:30"), "{}", on.text);
    let shown = say(&fake, 1, "/daily", "Next prompt");
    assert!(shown.text.contains("today at 08:30"), "{}", shown.text);
    settle();
    assert!(prompts(&fake, 1).is_empty(), "not due yet");
    clock.store(unix("2026-06-01T06:30:00Z"), Ordering::SeqCst);
    wait_prompts(&fake, 1, 1);
    let before = fake.sent_to(1).len();
    fake.text(1, "I'm not sure, maybe more data?");
    fake.wait_for(1, before, "a judged answer", |m| {
        m.text.contains("Follow-up") || m.text.contains("/100")
    });
    // Later the same day: nothing more.
    clock.store(unix("2026-06-01T18:00:00Z"), Ordering::SeqCst);
    settle();
    assert_eq!(prompts(&fake, 1).len(), 1);
    // The next morning: the second one.
    clock.store(unix("2026-06-02T06:31:00Z"), Ordering::SeqCst);
    wait_prompts(&fake, 1, 2);
    bot.stop();
}

#[test]
fn a_drill_answer_gets_feedback_and_the_streak_counts_local_days() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(AtomicI64::new(unix("2026-06-01T12:00:00Z")));
    let _bot = InProcess::start(&fake, data.path(), &clock);
    say(&fake, 7, "/daily 09:00 Tokyo", "Daily practice is on");
    for (day, n) in [("2026-06-02T00:00:30Z", 1), ("2026-06-03T00:00:30Z", 2)] {
        clock.store(unix(day), Ordering::SeqCst);
        wait_prompts(&fake, 7, n);
        let before = fake.sent_to(7).len();
        fake.text(7, "I would ask about the business goal and the scale");
        fake.wait_for(7, before, "a judged answer", |m| {
            m.text.contains("Follow-up") || m.text.contains("/100")
        });
        let done = say(&fake, 7, "/skip", "Streak:");
        assert!(
            done.text.contains(&format!("Streak: {n} day")),
            "{}",
            done.text
        );
    }
    let progress = say(&fake, 7, "/progress", "Streak: 2 days");
    assert!(
        progress
            .text
            .contains("Next daily prompt: tomorrow at 09:00"),
        "{}",
        progress.text
    );
}

#[test]
fn a_bare_time_asks_for_a_zone_and_bad_input_gets_an_example() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(AtomicI64::new(unix("2026-06-01T12:00:00Z")));
    let _bot = InProcess::start(&fake, data.path(), &clock);
    say(&fake, 3, "/daily 25:99", "/daily 08:30 Europe/Berlin");
    say(
        &fake,
        3,
        "/daily 08:30 Atlantis",
        "I don't know the time zone",
    );
    say(&fake, 3, "/daily 8am", "in which time zone?");
    let on = say(&fake, 3, "new york", "Daily practice is on");
    assert!(on.text.contains("America/New_York"), "{}", on.text);
    // The zone is remembered: a bare time now just changes the time.
    let changed = say(&fake, 3, "/daily 7:15pm", "Daily practice is on");
    assert!(
        changed.text.contains("19:15 (America/New_York)"),
        "{}",
        changed.text
    );
    say(&fake, 3, "/daily off", "Daily practice is off");
    let shown = say(&fake, 3, "/daily", "Daily practice is off");
    assert!(shown.text.contains("/daily 08:30 Europe/Berlin"));
}

#[test]
fn downtime_within_two_hours_still_sends_longer_skips_to_the_next_day() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(AtomicI64::new(unix("2026-06-01T05:00:00Z")));
    let bot = InProcess::start(&fake, data.path(), &clock);
    say(
        &fake,
        1,
        "/daily 08:30 Europe/Berlin",
        "Daily practice is on",
    );
    say(
        &fake,
        2,
        "/daily 08:30 Europe/Berlin",
        "Daily practice is on",
    );
    bot.stop();
    // Down across the due time; back 90 minutes late.
    clock.store(unix("2026-06-01T08:00:00Z"), Ordering::SeqCst);
    let bot = InProcess::start(&fake, data.path(), &clock);
    wait_prompts(&fake, 1, 1);
    wait_prompts(&fake, 2, 1);
    bot.stop();
    // Down again, back three hours after the next day's prompt: it is skipped.
    clock.store(unix("2026-06-02T09:30:00Z"), Ordering::SeqCst);
    let bot = InProcess::start(&fake, data.path(), &clock);
    settle();
    assert_eq!(
        prompts(&fake, 1).len(),
        1,
        "more than two hours late: skipped"
    );
    // Waits for the word that matters: a reply from before the restart, delivered again
    // because its delivery was not yet recorded (at least once, by design), also says
    // "Next prompt", but "today".
    let shown = say(&fake, 1, "/daily", "tomorrow at 08:30");
    assert!(shown.text.contains("Next prompt"), "{}", shown.text);
    clock.store(unix("2026-06-03T06:30:00Z"), Ordering::SeqCst);
    wait_prompts(&fake, 1, 2);
    bot.stop();
}

#[test]
fn a_user_who_blocked_the_bot_gets_no_more_prompts() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(AtomicI64::new(unix("2026-06-01T05:00:00Z")));
    let _bot = InProcess::start(&fake, data.path(), &clock);
    say(
        &fake,
        4,
        "/daily 08:30 Europe/Berlin",
        "Daily practice is on",
    );
    fake.fail("sendMessage", &[Fault::Forbidden]);
    clock.store(unix("2026-06-01T06:30:00Z"), Ordering::SeqCst);
    settle();
    settle();
    assert!(prompts(&fake, 4).is_empty());
    clock.store(unix("2026-06-02T06:30:00Z"), Ordering::SeqCst);
    settle();
    assert!(
        prompts(&fake, 4).is_empty(),
        "daily practice was turned off by the 403"
    );
    let shown = say(&fake, 4, "/daily", "Daily practice is off");
    assert!(!shown.text.contains("Next prompt"));
}

#[test]
fn many_prompts_due_at_once_arrive_exactly_once_despite_flood_control() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(AtomicI64::new(unix("2026-06-01T05:00:00Z")));
    let bot = InProcess::start(&fake, data.path(), &clock);
    let users: Vec<i64> = (100..220).collect();
    for &u in &users {
        fake.text(u, "/daily 08:30 Europe/Berlin");
    }
    for &u in &users {
        fake.wait_for(u, 0, "a confirmation", |m| {
            m.text.contains("Daily practice is on")
        });
    }
    // Telegram allows 30 messages a second; this fake allows 10 and answers 429 beyond.
    fake.rate_limit(10);
    fake.fail("sendMessage", &[Fault::RetryAfter(1)]);
    clock.store(unix("2026-06-01T06:30:00Z"), Ordering::SeqCst);
    // Interactive replies still get through while the batch is being sent. (How fast, at
    // Telegram's real limits, is measured by the daily_batch benchmark.)
    std::thread::sleep(Duration::from_millis(500));
    say(&fake, 9, "/help", "Commands");
    // Restart in the middle of the batch.
    let deadline = Instant::now() + Duration::from_secs(30);
    while users
        .iter()
        .filter(|&&u| !prompts(&fake, u).is_empty())
        .count()
        < 10
    {
        assert!(Instant::now() < deadline, "the batch did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    bot.stop();
    let sent_before_restart = users
        .iter()
        .filter(|&&u| !prompts(&fake, u).is_empty())
        .count();
    assert!(
        sent_before_restart < users.len(),
        "the restart came too late to be mid-batch"
    );
    let _bot = InProcess::start(&fake, data.path(), &clock);
    for &u in &users {
        wait_prompts(&fake, u, 1);
    }
    settle();
    for &u in &users {
        assert_eq!(prompts(&fake, u).len(), 1, "user {u}");
    }
    assert!(
        fake.rejected_429() > 0,
        "the fake's flood control was exercised"
    );
}
