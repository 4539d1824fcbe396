//! Load harness: simulated users running whole interviews against the real `mlsd bot`
//! binary, through a fake Bot API on loopback, and the same users against a trivial teloxide
//! echo bot (`examples/echo_bot.rs`) in the same run, for a ratio.
//!
//! Run:
//!
//! ```text
//! cargo build --release --example echo_bot
//! cargo bench --bench load
//! ```
//!
//! Settings (environment): `LOAD_USERS` (200), `LOAD_SECONDS` per bot (20),
//! `LOAD_SEND_RATE` passed to both bots as `MLSD_MAX_SEND_RATE` (0: no global pacing),
//! `LOAD_API_LIMIT` messages per second the fake API accepts before answering 429 (none),
//! `LOAD_STORED` users already in the store at start (0), `LOAD_THINK_MS` a user waits before each message (0), `LOAD_KILLS` SIGKILLs spread over
//! the run with a restart after each (crash drill), `LOAD_FAULTS` = `5xx` | `slow` | `429` |
//! `outage` (fault drill), `LOAD_ECHO=0` to skip the echo bot, and `LOAD_MLSD` the path of
//! another mlsd binary to run instead of this build's, `LOAD_SEND_LOG` a file for every
//! user message and sendMessage attempt with its time, chat and status. A drill runs mlsd alone
//! and ends with an audit of its store: every answer sent must be stored exactly once, and
//! every user must get a reply to one more message; the harness exits 1 otherwise. Everything stays on 127.0.0.1; every loop is bounded
//! in time. The report goes to stdout and `target/load_report.md`.
//!
//! Each user answers as soon as the bot's turn is over (a message that asks something), so
//! the figures show what the bot sustains, not how fast people type. Reported: answers per
//! second, p50/p99 from an answer to the first reply, CPU milliseconds per answer (from
//! /proc, the bot's own cost whatever the pacing), peak RSS.

#[path = "../tests/it/fake_telegram.rs"]
#[allow(dead_code)]
mod fake_telegram;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc};

const TOKEN: &str = "123456:LOAD-token-never-log-me";

/// Answers a candidate might type, per stage (1–7), two each so follow-ups differ.
const ANSWERS: [[&str; 2]; 7] = [
    [
        "What is the business objective, more revenue per click or engagement? How many daily \
         active users and what peak QPS? What latency budget does the ads call have, 50 ms? Do \
         we log impressions and clicks? Any privacy limits on the data?",
        "I'd also ask how often new campaigns launch, whether users can hide ads, and which \
         surfaces show ads, since that changes the data and the scale we design for.",
    ],
    [
        "The business goal is revenue, so the ML objective is to predict the probability of a \
         click for a user and an ad: binary classification over impressions, with the feature \
         vector built from user, ad and context, and the output is pCTR used to rank ads.",
        "Input is the user, the ad and the context; output is a calibrated click probability, \
         because the auction multiplies it by the bid.",
    ],
    [
        "Labels come from the logs: an impression is positive if clicked within a window, \
         negative otherwise. CTR is about 1% so the data is imbalanced; I'd downsample \
         negatives and recalibrate. Split chronologically to avoid leakage, and hash the high \
         cardinality ids or learn embeddings.",
        "Negative sampling keeps training cheap, and the chronological split matters because a \
         random split leaks future behaviour into training.",
    ],
    [
        "Start with a logistic regression baseline on hashed features, because it is fast and \
         interpretable, then try gradient boosted trees and a deep model with embeddings and \
         feature crosses like DCN. Train with log loss, continually on fresh data.",
        "The deep model costs more to serve, so I'd only ship it if it beats the baseline \
         offline and online by enough to pay for the latency.",
    ],
    [
        "Offline I'd use log loss and normalised cross entropy, plus calibration, since AUC \
         ignores calibration. Online, an A/B test on CTR and revenue, with guardrails on \
         latency and user hides.",
        "Accuracy is useless at 1% positives, so log loss and calibration offline, then an \
         A/B test tied to revenue online.",
    ],
    [
        "Serving is real-time: candidate generation narrows millions of ads to hundreds, then \
         the ranking model scores them within the latency budget. Cache user features, \
         compress the model, and roll out behind a shadow deployment then a canary.",
        "Batch scoring would be stale for new ads, so real-time inference with cached \
         features, and a canary before full rollout.",
    ],
    [
        "Monitor data drift in feature distributions and concept drift in CTR, training \
         serving skew between logged and online features, alert on calibration, and retrain \
         daily because ads and users change fast. Watch the feedback loop too.",
        "Retraining cadence follows how fast calibration decays; alerts on drift and skew \
         catch a broken pipeline before revenue drops.",
    ],
];

/// How long a user waits for the bot's turn to end before counting a stall and going on.
const TURN_LIMIT: Duration = Duration::from_secs(20);

const CASES: [&str; 3] = ["ad-click-prediction", "news-feed", "similar-listings"];

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------
// The fake Bot API, built for load: per-chat channels instead of one list to search.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Faults {
    None,
    /// One in five sends fails with 500.
    ServerErrors,
    /// Every call waits 300 ms.
    Slow,
    /// 429 with retry_after 2 for every send, in storms of 3 s every 10 s.
    Storms,
    /// The API is gone (every call answers 502, as a proxy in front of it would) for 30 s,
    /// from 5 s after the start.
    Outage,
}

struct Api {
    updates: Mutex<(VecDeque<Value>, i64)>,
    news: Notify,
    chats: Mutex<HashMap<i64, mpsc::UnboundedSender<(Instant, String)>>>,
    next_update: AtomicU64,
    next_message: AtomicU64,
    limit: Option<u32>,
    window: Mutex<VecDeque<Instant>>,
    rejected_429: AtomicUsize,
    refused_bad: AtomicUsize,
    server_errors: AtomicUsize,
    attempts: AtomicU64,
    faults: Faults,
    started: Instant,
    connected: Notify,
    polls: AtomicUsize,
    /// `LOAD_SEND_LOG`: every user message and every sendMessage attempt, as (seconds since
    /// the start, chat, HTTP status; 0 for a user's message), to see one chat's timeline.
    log: Option<Mutex<Vec<(f64, i64, u16)>>>,
}

fn reply(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn ok(result: Value) -> Response {
    reply(StatusCode::OK, json!({"ok": true, "result": result}))
}

fn fail(status: StatusCode, description: &str, retry_after: Option<u32>) -> Response {
    let mut body = json!({"ok": false, "error_code": status.as_u16(), "description": description});
    if let Some(r) = retry_after {
        body["parameters"] = json!({"retry_after": r});
    }
    reply(status, body)
}

impl Api {
    fn note(&self, chat: i64, status: u16) {
        if let Some(log) = &self.log {
            let t = self.started.elapsed().as_secs_f64();
            log.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((t, chat, status));
        }
    }

    fn push_text(&self, chat: i64, text: &str) {
        self.note(chat, 0);
        let id = self.next_update.fetch_add(1, Ordering::Relaxed);
        let update = json!({"update_id": id, "message": {
            "message_id": id, "date": 1_700_000_000, "text": text,
            "chat": {"id": chat, "type": "private", "first_name": "Load"},
            "from": {"id": chat, "is_bot": false, "first_name": "Load"}
        }});
        self.updates
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .push_back(update);
        self.news.notify_waiters();
    }

    fn subscribe(&self, chat: i64) -> mpsc::UnboundedReceiver<(Instant, String)> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.chats
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(chat, tx);
        rx
    }

    /// Whether the current fault plan refuses this call, and how.
    fn fault(&self, sending: bool) -> Option<Response> {
        let t = self.started.elapsed().as_secs_f64();
        match self.faults {
            Faults::Outage if (5.0..35.0).contains(&t) => {
                Some(fail(StatusCode::BAD_GATEWAY, "Bad Gateway", None))
            }
            Faults::ServerErrors
                if sending && self.attempts.fetch_add(1, Ordering::Relaxed) % 5 == 4 =>
            {
                self.server_errors.fetch_add(1, Ordering::Relaxed);
                Some(fail(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal Server Error",
                    None,
                ))
            }
            Faults::Storms if sending && (t % 10.0) < 3.0 => {
                self.rejected_429.fetch_add(1, Ordering::Relaxed);
                Some(fail(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too Many Requests: retry after 2",
                    Some(2),
                ))
            }
            _ => None,
        }
    }
}

async fn handle(
    State(api): State<Arc<Api>>,
    UrlPath((bot, method)): UrlPath<(String, String)>,
    body: Bytes,
) -> Response {
    if bot.strip_prefix("bot") != Some(TOKEN) {
        return fail(StatusCode::UNAUTHORIZED, "Unauthorized", None);
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or(json!({}));
    let method = method.to_ascii_lowercase();
    if api.faults == Faults::Slow {
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    if method == "sendmessage" {
        let response = match api.fault(true) {
            Some(refused) => refused,
            None => send(&api, &body),
        };
        api.note(
            body["chat_id"].as_i64().unwrap_or(0),
            response.status().as_u16(),
        );
        return response;
    }
    if let Some(refused) = api.fault(false) {
        return refused;
    }
    match method.as_str() {
        "getme" => ok(json!({
            "id": 4242, "is_bot": true, "first_name": "load", "username": "load_bot",
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false,
            "has_main_web_app": false
        })),
        "deletewebhook" | "setmycommands" | "answercallbackquery" => ok(json!(true)),
        "getupdates" => {
            if api.polls.fetch_add(1, Ordering::Relaxed) == 0 {
                api.connected.notify_waiters();
            }
            get_updates(&api, &body).await
        }
        // The load users never ask for charts or exports.
        _ => fail(StatusCode::NOT_FOUND, "Not Found: method not found", None),
    }
}

async fn get_updates(api: &Api, body: &Value) -> Response {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let timeout = body["timeout"].as_u64().unwrap_or(0).min(10);
    let limit = body["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = api.news.notified();
        {
            let mut q = api.updates.lock().unwrap_or_else(|e| e.into_inner());
            if offset > q.1 {
                q.1 = offset;
            }
            while q
                .0
                .front()
                .is_some_and(|u| u["update_id"].as_i64().unwrap_or(0) < offset)
            {
                q.0.pop_front();
            }
            if !q.0.is_empty() || tokio::time::Instant::now() >= deadline {
                let batch: Vec<Value> = q.0.iter().take(limit).cloned().collect();
                return ok(Value::Array(batch));
            }
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}

fn send(api: &Api, body: &Value) -> Response {
    let chat = body["chat_id"].as_i64().unwrap_or(0);
    let text = body["text"].as_str().unwrap_or_default();
    let visible = if body["parse_mode"].as_str() == Some("HTML") {
        match fake_telegram::check_html(text) {
            Ok(v) => v,
            Err(reason) => {
                api.refused_bad.fetch_add(1, Ordering::Relaxed);
                return fail(
                    StatusCode::BAD_REQUEST,
                    &format!("Bad Request: can't parse entities: {reason}"),
                    None,
                );
            }
        }
    } else {
        text.to_owned()
    };
    let units: usize = visible.chars().map(char::len_utf16).sum();
    if visible.trim().is_empty() || units > 4096 {
        api.refused_bad.fetch_add(1, Ordering::Relaxed);
        return fail(StatusCode::BAD_REQUEST, "Bad Request: message text", None);
    }
    if let Some(per_second) = api.limit {
        let now = Instant::now();
        let mut w = api.window.lock().unwrap_or_else(|e| e.into_inner());
        while w
            .front()
            .is_some_and(|&t| now.duration_since(t) >= Duration::from_secs(1))
        {
            w.pop_front();
        }
        if w.len() >= per_second as usize {
            api.rejected_429.fetch_add(1, Ordering::Relaxed);
            return fail(
                StatusCode::TOO_MANY_REQUESTS,
                "Too Many Requests: retry after 1",
                Some(1),
            );
        }
        w.push_back(now);
    }
    let id = api.next_message.fetch_add(1, Ordering::Relaxed);
    if let Some(tx) = api
        .chats
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&chat)
    {
        let _ = tx.send((Instant::now(), visible.clone()));
    }
    ok(json!({
        "message_id": id, "date": 1_700_000_000, "text": visible,
        "chat": {"id": chat, "type": "private", "first_name": "Load"}
    }))
}

async fn serve(api: Arc<Api>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    let app = Router::new()
        .route("/{bot}/{method}", post(handle))
        .with_state(api);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

// ---------------------------------------------------------------------------------------
// Users.

#[derive(Default)]
struct Tally {
    answers: u64,
    latencies: Vec<Duration>,
    /// Turns that never ended within the wait (a reply lost or very late).
    stalls: u64,
    interviews: u64,
    /// Every answer sent, with its reference tag (each unique).
    sent: Vec<Sent>,
    /// Per user, the `/skip`s sent before each of their `/interview` commands, in order.
    starts: HashMap<String, Vec<u64>>,
}

/// Whether a message ends the bot's turn: it asks something or starts a stage. A stage's
/// result ("Data preparation: 72/100") is followed by the next question in a second message,
/// even when it quotes a question of the candidate's.
fn ends_turn(text: &str) -> bool {
    let result = text.contains("/100") && !text.contains("Summary");
    !result && (text.contains('?') || text.contains("/7") || text.contains("Summary"))
}

/// The stage a message puts the user in, from its `k/7` heading.
fn stage_of(text: &str) -> Option<usize> {
    let at = text.find("/7")?;
    let digit = text[..at].chars().last()?.to_digit(10)?;
    (1..=7).contains(&digit).then_some(digit as usize)
}

/// How long a simulated person waits after the bot's turn before typing (`LOAD_THINK_MS`).
fn think() -> Duration {
    Duration::from_millis(env_num("LOAD_THINK_MS", 0).min(60_000))
}

async fn mlsd_user(api: Arc<Api>, chat: i64, until: Instant, tally: Arc<Mutex<Tally>>) {
    let mut inbox = api.subscribe(chat);
    let case = CASES[chat as usize % CASES.len()];
    let mut next = format!("/interview {case}");
    let mut stage = 1usize;
    let mut probe = 0usize;
    let mut local = Tally::default();
    let mut tag_no = 0u64;
    let mut skips = 0u64;
    let mut starts = Vec::new();
    let pause = think();
    while Instant::now() < until {
        tokio::time::sleep(pause).await;
        let answering = !next.starts_with('/');
        if let Some(at) = next.rfind("(ref ") {
            local.sent.push(Sent {
                tag: next[at..].to_owned(),
                text: next[..at].to_owned(),
                skips_before: skips,
                starts_before: starts.len(),
            });
        }
        if next == "/skip" {
            skips += 1;
        }
        if next.starts_with("/interview") {
            starts.push(skips);
        }
        let sent = Instant::now();
        api.push_text(chat, &next);
        let mut first = None;
        let mut last = String::new();
        let turn_limit = Instant::now() + TURN_LIMIT;
        loop {
            let left = turn_limit.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, inbox.recv()).await {
                Ok(Some((at, text))) => {
                    first.get_or_insert(at);
                    let done = ends_turn(&text);
                    last = text;
                    if done {
                        break;
                    }
                }
                _ => {
                    local.stalls += 1;
                    break;
                }
            }
        }
        if let Some(at) = first
            && answering
        {
            local.answers += 1;
            local.latencies.push(at.saturating_duration_since(sent));
        }
        if last.contains("Summary") {
            local.interviews += 1;
            next = format!("/interview {case}");
            stage = 1;
            continue;
        }
        match stage_of(&last) {
            Some(s) if s != stage || !answering => {
                stage = s;
                probe = 0;
            }
            _ => probe += 1,
        }
        next = if probe >= 3 {
            "/skip".to_owned()
        } else {
            // A tag per answer, so the store can be checked for each one after a drill.
            tag_no += 1;
            format!("{} (ref u{chat}-{tag_no})", ANSWERS[stage - 1][probe % 2])
        };
    }
    let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
    t.answers += local.answers;
    t.latencies.extend(local.latencies);
    t.stalls += local.stalls;
    t.interviews += local.interviews;
    t.sent.extend(local.sent);
    t.starts.insert(chat.to_string(), starts);
}

async fn echo_user(api: Arc<Api>, chat: i64, until: Instant, tally: Arc<Mutex<Tally>>) {
    let mut inbox = api.subscribe(chat);
    let mut local = Tally::default();
    let mut i = 0usize;
    let pause = think();
    while Instant::now() < until {
        tokio::time::sleep(pause).await;
        let text = ANSWERS[i % 7][i % 2];
        i += 1;
        let sent = Instant::now();
        api.push_text(chat, text);
        match tokio::time::timeout(Duration::from_secs(60), inbox.recv()).await {
            Ok(Some((at, _))) => {
                local.answers += 1;
                local.latencies.push(at.saturating_duration_since(sent));
            }
            _ => local.stalls += 1,
        }
    }
    let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
    t.answers += local.answers;
    t.latencies.extend(local.latencies);
    t.stalls += local.stalls;
}

// ---------------------------------------------------------------------------------------
// The bot process.

/// CPU seconds (user + system) the process has used so far.
fn cpu_seconds(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses and may hold spaces.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<f64>().ok()))
        .sum();
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    ticks / hz.max(1.0)
}

/// Peak resident memory in megabytes, from /proc.
fn peak_rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn echo_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    // target/<profile>/deps/load-… → target/<profile>/examples/echo_bot
    let profile = exe.parent()?.parent()?;
    let path = profile.join("examples").join("echo_bot");
    path.exists().then_some(path)
}

struct Figures {
    name: String,
    seconds: f64,
    answers: u64,
    p50: Duration,
    p99: Duration,
    cpu_ms_per_answer: f64,
    rss_mb: f64,
    stalls: u64,
    interviews: u64,
    rejected_429: usize,
    refused_bad: usize,
    kills: u32,
    server_errors: usize,
    /// From spawning the process to its first getUpdates.
    startup: Duration,
    /// Peak RSS before the first user wrote.
    idle_rss_mb: f64,
}

impl Figures {
    fn rate(&self) -> f64 {
        self.answers as f64 / self.seconds.max(0.001)
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

struct Run<'a> {
    name: &'a str,
    binary: &'a Path,
    args: &'a [&'a str],
    users: u64,
    seconds: u64,
    send_rate: u64,
    api_limit: Option<u32>,
    faults: Faults,
    echo: bool,
    /// SIGKILLs at random moments during the run (crash drill).
    kills: u32,
    /// Users already in the store before the start (subscribed to daily practice).
    stored: u64,
}

/// Fills a data directory with `n` users subscribed to daily practice, due tomorrow so the
/// scheduler leaves them alone during the run.
fn seed(data: &Path, n: u64) {
    let store = mlsd::store::Store::open(data).expect("store");
    let due = chrono::Utc::now().timestamp() + 86_400;
    let time = chrono::DateTime::from_timestamp(due, 0)
        .expect("instant")
        .time();
    for user in 1..=n {
        mlsd::telegram::seed::daily_subscriber(&store, 1_000_000 + user, time, chrono_tz::UTC, due)
            .expect("seed");
    }
    store.flush().expect("flush");
}

fn spawn_bot(r: &Run<'_>, addr: SocketAddr, data: &Path) -> Child {
    Command::new(r.binary)
        .args(r.args)
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", format!("http://{addr}"))
        .env("MLSD_DATA_DIR", data)
        .env(
            "MLSD_DIALOGUES",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("dialogues"),
        )
        .env("MLSD_POLL_TIMEOUT", "5")
        .env("MLSD_MAX_SEND_RATE", r.send_rate.to_string())
        .env("MLSD_LOG", "warn")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn bot")
}

fn stop(child: &mut Child) {
    // SAFETY: a plain signal to a child this harness started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A small deterministic generator for the kill moments (no extra dependency).
fn next_random(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// What the store says after a run: every answer a user sent must be stored exactly once.
#[derive(Debug, Default)]
struct Audit {
    sent: usize,
    lost: Vec<String>,
    doubled: Vec<String>,
    /// Answers not stored that the bot rightly did not keep (see [`audit_store`]).
    excused: usize,
    /// Users who got no reply to one more answer after the run.
    stuck: Vec<i64>,
}

/// An answer a simulated user sent.
#[derive(Debug, Clone)]
struct Sent {
    /// `(ref u<chat>-<n>)`, unique per answer.
    tag: String,
    /// The answer without its tag.
    text: String,
    /// How many `/skip`s its user had sent before it: the order of answers and commands,
    /// which tells an answer sent after the user's skips ended an interview from a lost one.
    skips_before: u64,
    /// How many `/interview` commands its user had sent before it.
    starts_before: usize,
}

/// Every string inside a stored JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// The tags quoted in `v`.
fn tags_in(v: &Value) -> Vec<String> {
    let mut texts = Vec::new();
    strings(v, &mut texts);
    let mut tags = Vec::new();
    for text in texts {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("(ref u") {
            let tail = &rest[at..];
            let end = tail.find(')').map_or(tail.len(), |e| e + 1);
            tags.push(tail[..end].to_owned());
            rest = &tail[end..];
        }
    }
    tags
}

/// `(chat, n)` of a tag `(ref u<chat>-<n>)`.
fn tag_parts(tag: &str) -> Option<(String, u64)> {
    let inner = tag.strip_prefix("(ref u")?.strip_suffix(')')?;
    let (chat, n) = inner.rsplit_once('-')?;
    Some((chat.to_owned(), n.parse().ok()?))
}

/// Reads the store after a run. An answer missing from it is lost unless the bot rightly
/// did not keep it, which after restarts happens in two ways: a re-sent message (delivery
/// is at least once) makes the simulated user answer a turn early, so it either repeats an
/// answer word for word (the interview counts a repeat once, by design) or answers after
/// the interview ended (the bot says none is running). Both show in the store: a repeat
/// has a stored twin in the same interview, and a late answer sits between two interviews
/// (the stored answers just before and after it belong to different interviews). An
/// answer the store dropped inside a running interview is neither.
fn audit_store(data: &Path, sent: &[Sent], starts: &HashMap<String, Vec<u64>>) -> Audit {
    let store = mlsd::store::Store::open(data).expect("the store opens after the run");
    let users = store.tree("users").expect("users tree");
    let mut counts: HashMap<String, usize> = HashMap::new();
    // Where each stored tag is: which interview of its user (history index, or the
    // running one after all of them).
    let mut interview_of: HashMap<String, usize> = HashMap::new();
    // For a tag in a finished interview: how many stages after its own were skipped.
    let mut skipped_after: HashMap<String, u64> = HashMap::new();
    for item in users.iter() {
        let (_, bytes) = item.expect("readable entry");
        let value: Value = serde_json::from_slice(&bytes).expect("a JSON record");
        // Only what was judged: the outbox (replies not yet sent) is not an answer.
        let session = &value["data"]["session"];
        let history = session["history"].as_array().cloned().unwrap_or_default();
        for (i, finished) in history.iter().enumerate() {
            let stages = finished["stages"].as_array().cloned().unwrap_or_default();
            for (j, stage) in stages.iter().enumerate() {
                let skipped = stages[j + 1..]
                    .iter()
                    .filter(|s| s["outcome"] == "skipped")
                    .count() as u64;
                for tag in tags_in(stage) {
                    skipped_after.insert(tag, skipped);
                }
            }
            for tag in tags_in(finished) {
                *counts.entry(tag.clone()).or_default() += 1;
                interview_of.insert(tag, i);
            }
        }
        for tag in tags_in(&session["phase"]) {
            *counts.entry(tag.clone()).or_default() += 1;
            interview_of.insert(tag, history.len());
        }
    }
    let text_of: HashMap<&str, &str> = sent
        .iter()
        .map(|s| (s.tag.as_str(), s.text.as_str()))
        .collect();
    let skips_before: HashMap<&str, u64> = sent
        .iter()
        .map(|s| (s.tag.as_str(), s.skips_before))
        .collect();
    // Stored tags per user, in the order they were sent.
    let mut stored: HashMap<String, Vec<u64>> = HashMap::new();
    for tag in interview_of.keys() {
        if let Some((chat, n)) = tag_parts(tag) {
            stored.entry(chat).or_default().push(n);
        }
    }
    for list in stored.values_mut() {
        list.sort_unstable();
    }
    let mut audit = Audit {
        sent: sent.len(),
        ..Audit::default()
    };
    for s in sent {
        match counts.get(&s.tag).copied().unwrap_or(0) {
            0 => {
                let excused = tag_parts(&s.tag).is_some_and(|(chat, n)| {
                    let list = stored.get(&chat).map(Vec::as_slice).unwrap_or(&[]);
                    let tag = |k: u64| format!("(ref u{chat}-{k})");
                    let before = list.iter().rev().find(|&&k| k < n).copied();
                    let after = list.iter().find(|&&k| k > n).copied();
                    let place = |k: Option<u64>| k.and_then(|k| interview_of.get(&tag(k)).copied());
                    // With nothing stored after it, it cannot be told from a lost answer.
                    let between = after.is_some() && place(before) != place(after);
                    let repeat = list.iter().any(|&k| {
                        place(Some(k)) == place(before)
                            && text_of.get(tag(k).as_str()) == Some(&s.text.as_str())
                    });
                    // Sent after its interview ended, with nothing stored after it (the
                    // next interview holds nothing yet). The last stored answer's interview
                    // is finished and holds nothing after that answer, so what ended it was
                    // that answer or a `/skip` (one per stage skipped after it, perhaps one
                    // more for its own stage). Updates of a chat are handled in order, so it
                    // was over when this answer came if the user had sent more skips since
                    // that answer than stages were skipped after it, or sent no skip at all
                    // between this answer and their next `/interview`. A skip sent again
                    // after a resent reply ends an interview early this way. An answer
                    // dropped while the interview ran has a skip after it that ended it.
                    let ended = before.is_some_and(|b| {
                        let at = tag(b);
                        let Some(&k) = skipped_after.get(&at) else {
                            return false;
                        };
                        if after.is_some_and(|a| place(Some(a)) == place(before)) {
                            return false;
                        }
                        let since = s.skips_before.saturating_sub(
                            skips_before.get(at.as_str()).copied().unwrap_or(u64::MAX),
                        );
                        let next_start = starts
                            .get(&chat)
                            .and_then(|list| list.get(s.starts_before).copied());
                        since > k || next_start == Some(s.skips_before)
                    });
                    between || repeat || ended
                });
                if excused {
                    audit.excused += 1;
                } else {
                    audit.lost.push(s.tag.clone());
                }
            }
            1 => {}
            _ => audit.doubled.push(s.tag.clone()),
        }
    }
    audit
}

/// For a lost answer: the user's stored tags (history interviews, then the running phase),
/// so a reader can tell a late answer after an interview from a dropped one.
fn lost_context(data: &Path, tag: &str) -> String {
    let Some((chat, _)) = tag_parts(tag) else {
        return String::new();
    };
    let Ok(store) = mlsd::store::Store::open(data) else {
        return "store unreadable".to_owned();
    };
    let Ok(users) = store.tree("users") else {
        return String::new();
    };
    let Ok(id) = chat.parse::<u64>() else {
        return String::new();
    };
    let key = mlsd::store::UserKey::Telegram(id).bytes();
    let Ok(Some(bytes)) = users.get(key) else {
        return "no record".to_owned();
    };
    let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
        return "unreadable record".to_owned();
    };
    let session = &value["data"]["session"];
    let numbers = |v: &Value| {
        let mut n: Vec<u64> = tags_in(v)
            .iter()
            .filter_map(|t| tag_parts(t).map(|(_, n)| n))
            .collect();
        n.sort_unstable();
        format!("{n:?}")
    };
    let history: Vec<String> = session["history"]
        .as_array()
        .map(|h| h.iter().map(numbers).collect())
        .unwrap_or_default();
    let phase = session["phase"]
        .as_object()
        .and_then(|p| p.keys().next().cloned())
        .unwrap_or_else(|| session["phase"].to_string().chars().take(40).collect());
    format!(
        "interviews {}; running ({phase}): {}",
        history.join(" "),
        numbers(&session["phase"])
    )
}

/// Waits until the bot has confirmed every update (so each was handled and stored).
fn wait_drained(api: &Api, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        let drained = {
            let q = api.updates.lock().unwrap_or_else(|e| e.into_inner());
            q.0.is_empty() && q.1 >= api.next_update.load(Ordering::Relaxed) as i64
        };
        if drained {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

fn run(r: &Run<'_>) -> (Figures, Option<Audit>) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let api = Arc::new(Api {
        updates: Mutex::new((VecDeque::new(), 0)),
        news: Notify::new(),
        chats: Mutex::new(HashMap::new()),
        next_update: AtomicU64::new(1),
        next_message: AtomicU64::new(1),
        limit: r.api_limit,
        window: Mutex::new(VecDeque::new()),
        rejected_429: AtomicUsize::new(0),
        refused_bad: AtomicUsize::new(0),
        server_errors: AtomicUsize::new(0),
        attempts: AtomicU64::new(0),
        faults: r.faults,
        started: Instant::now(),
        connected: Notify::new(),
        polls: AtomicUsize::new(0),
        log: std::env::var_os("LOAD_SEND_LOG").map(|_| Mutex::new(Vec::new())),
    });
    let addr = runtime.block_on(serve(Arc::clone(&api)));
    let mut data = tempfile::tempdir().expect("tempdir");
    if r.stored > 0 && !r.echo {
        seed(data.path(), r.stored);
    }
    let spawned = Instant::now();
    let mut child = spawn_bot(r, addr, data.path());
    let connected = runtime.block_on(async {
        let wait = api.connected.notified();
        if api.polls.load(Ordering::Relaxed) > 0 {
            return true;
        }
        tokio::time::timeout(Duration::from_secs(60), wait)
            .await
            .is_ok()
    });
    assert!(connected, "{} never polled for updates", r.name);
    let startup = spawned.elapsed();
    let idle_rss_mb = peak_rss_mb(child.id());
    let tally = Arc::new(Mutex::new(Tally::default()));
    let cpu_before = cpu_seconds(child.id());
    let started = Instant::now();
    let until = started + Duration::from_secs(r.seconds);
    let mut tasks = Vec::new();
    for i in 0..r.users {
        let chat = 10_000 + i as i64;
        let (api, tally) = (Arc::clone(&api), Arc::clone(&tally));
        tasks.push(if r.echo {
            runtime.spawn(echo_user(api, chat, until, tally))
        } else {
            runtime.spawn(mlsd_user(api, chat, until, tally))
        });
    }
    // Crash drill: kills spread over the run at random moments, each followed by a
    // restart on the same data directory.
    let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ u64::from(std::process::id());
    let mut kills = 0;
    if r.kills > 0 {
        let gap = Duration::from_secs(r.seconds).as_millis() as u64 / u64::from(r.kills + 1);
        while kills < r.kills && Instant::now() < until {
            let wait = gap / 2 + next_random(&mut seed) % gap.max(1);
            std::thread::sleep(Duration::from_millis(wait));
            let _ = child.kill();
            let _ = child.wait();
            kills += 1;
            child = spawn_bot(r, addr, data.path());
        }
    }
    runtime.block_on(async {
        for t in tasks {
            let _ = t.await;
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds(child.id()) - cpu_before;
    let rss_mb = peak_rss_mb(child.id());
    let mut audit = None;
    if !r.echo {
        let drained = wait_drained(&api, Duration::from_secs(90));
        // Everyone can go on: one more answer each, and a reply to it.
        let stuck: Vec<i64> = runtime.block_on(async {
            let mut checks = Vec::new();
            for i in 0..r.users {
                let chat = 10_000 + i as i64;
                let api = Arc::clone(&api);
                checks.push(tokio::spawn(async move {
                    let mut inbox = api.subscribe(chat);
                    api.push_text(chat, "/repeat");
                    let got = tokio::time::timeout(Duration::from_secs(60), inbox.recv()).await;
                    (chat, matches!(got, Ok(Some(_))))
                }));
            }
            let mut stuck = Vec::new();
            for c in checks {
                if let Ok((chat, false)) = c.await {
                    stuck.push(chat);
                }
            }
            stuck
        });
        let drained = drained && wait_drained(&api, Duration::from_secs(30));
        stop(&mut child);
        let sent = tally.lock().unwrap_or_else(|e| e.into_inner()).sent.clone();
        let starts = tally
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .starts
            .clone();
        let mut a = audit_store(data.path(), &sent, &starts);
        a.stuck = stuck;
        if !drained {
            eprintln!("warning: the bot did not confirm every update before the audit");
        }
        if !(a.lost.is_empty() && a.doubled.is_empty() && a.stuck.is_empty()) {
            // A failed audit is worth a look at the store itself: keep it.
            let kept = std::mem::replace(&mut data, tempfile::tempdir().expect("tempdir")).keep();
            eprintln!(
                "the audit failed; the bot's data directory is kept at {}",
                kept.display()
            );
            for s in sent.iter().filter(|s| a.lost.contains(&s.tag)).take(10) {
                eprintln!("lost {}: {}", s.tag, lost_context(&kept, &s.tag));
            }
        }
        audit = Some(a);
    } else {
        stop(&mut child);
    }
    runtime.shutdown_background();
    if let (Some(log), Some(path)) = (&api.log, std::env::var_os("LOAD_SEND_LOG")) {
        write_send_log(
            &log.lock().unwrap_or_else(|e| e.into_inner()),
            Path::new(&path),
        );
    }
    let t = tally.lock().unwrap_or_else(|e| e.into_inner());
    let mut latencies = t.latencies.clone();
    latencies.sort();
    let figures = Figures {
        name: r.name.to_owned(),
        seconds,
        answers: t.answers,
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        // After kills the last process has run only part of the time: no CPU figure.
        cpu_ms_per_answer: if kills == 0 {
            cpu * 1000.0 / (t.answers.max(1) as f64)
        } else {
            f64::NAN
        },
        rss_mb,
        stalls: t.stalls,
        interviews: t.interviews,
        rejected_429: api.rejected_429.load(Ordering::Relaxed),
        refused_bad: api.refused_bad.load(Ordering::Relaxed),
        kills,
        server_errors: api.server_errors.load(Ordering::Relaxed),
        startup,
        idle_rss_mb,
    };
    (figures, audit)
}

/// Writes the send log (`LOAD_SEND_LOG`) and prints the most sends to one chat in any 60 s.
fn write_send_log(log: &[(f64, i64, u16)], path: &Path) {
    let mut text = String::from("seconds\tchat\tstatus\n");
    let mut by_chat: HashMap<i64, Vec<f64>> = HashMap::new();
    for &(t, chat, status) in log {
        text.push_str(&format!("{t:.3}\t{chat}\t{status}\n"));
        if status != 0 {
            by_chat.entry(chat).or_default().push(t);
        }
    }
    let busiest = by_chat
        .values()
        .map(|times| {
            let mut most = 0;
            let mut first = 0;
            for (i, &t) in times.iter().enumerate() {
                while t - times[first] >= 60.0 {
                    first += 1;
                }
                most = most.max(i + 1 - first);
            }
            most
        })
        .max()
        .unwrap_or(0);
    match std::fs::write(path, text) {
        Ok(()) => println!(
            "Send log: {} (most sendMessage calls to one chat in any 60 s: {busiest})",
            path.display()
        ),
        Err(e) => eprintln!("cannot write the send log {}: {e}", path.display()),
    }
}

fn main() {
    let users = env_num("LOAD_USERS", 200).clamp(1, 5_000);
    let seconds = env_num("LOAD_SECONDS", 20).clamp(1, 600);
    let send_rate = env_num("LOAD_SEND_RATE", 0);
    let kills = env_num("LOAD_KILLS", 0).min(1_000) as u32;
    let stored = env_num("LOAD_STORED", 0).min(1_000_000);
    let api_limit = std::env::var("LOAD_API_LIMIT")
        .ok()
        .and_then(|v| v.parse().ok());
    let faults = match std::env::var("LOAD_FAULTS").as_deref() {
        Ok("5xx") => Faults::ServerErrors,
        Ok("slow") => Faults::Slow,
        Ok("429") => Faults::Storms,
        Ok("outage") => Faults::Outage,
        _ => Faults::None,
    };
    let drill = kills > 0 || faults != Faults::None;
    // `LOAD_MLSD` runs another build of the bot (an older one, to alternate old and new on a
    // noisy machine) against the same harness.
    let mlsd = std::env::var_os("LOAD_MLSD")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_mlsd")), PathBuf::from);
    let (figures, audit) = run(&Run {
        name: "mlsd",
        binary: &mlsd,
        args: &["bot"],
        users,
        seconds,
        send_rate,
        api_limit,
        faults,
        echo: false,
        kills,
        stored,
    });
    let mut results = vec![figures];
    // A drill is about mlsd alone; the echo bot is for the load figures.
    if !drill && std::env::var("LOAD_ECHO").as_deref() != Ok("0") {
        match echo_binary() {
            Some(echo) => results.push(
                run(&Run {
                    name: "echo",
                    binary: &echo,
                    args: &[],
                    users,
                    seconds,
                    send_rate,
                    api_limit,
                    faults: Faults::None,
                    echo: true,
                    kills: 0,
                    stored: 0,
                })
                .0,
            ),
            None => eprintln!(
                "echo bot not built: run `cargo build --release --example echo_bot` first"
            ),
        }
    }
    let mut report = format!(
        "# Load report\n\n{users} users, {seconds} s per bot, think {} ms, \
         MLSD_MAX_SEND_RATE={send_rate}, API limit {}, faults {faults:?}, kills {kills}; {} \
         cores, {}\n\n",
        think().as_millis(),
        api_limit.map_or("none".to_owned(), |l| format!("{l}/s")),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::env::consts::ARCH,
    );
    report.push_str(&format!(
        "{stored} users stored before the start. Start-up to the first poll and RSS before \
         any user wrote: {}\n\n",
        results
            .iter()
            .map(|f| format!(
                "{} {:.0} ms, {:.1} MB",
                f.name,
                f.startup.as_secs_f64() * 1000.0,
                f.idle_rss_mb
            ))
            .collect::<Vec<_>>()
            .join("; ")
    ));
    report.push_str(
        "| bot | answers | answers/s | p50 | p99 | CPU ms/answer | peak RSS MB | stalled turns | interviews done | 429s | 5xx | refused as malformed |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for f in &results {
        report.push_str(&format!(
            "| {} | {} | {:.1} | {:.1} ms | {:.1} ms | {:.2} | {:.1} | {} | {} | {} | {} | {} |\n",
            f.name,
            f.answers,
            f.rate(),
            f.p50.as_secs_f64() * 1000.0,
            f.p99.as_secs_f64() * 1000.0,
            f.cpu_ms_per_answer,
            f.rss_mb,
            f.stalls,
            f.interviews,
            f.rejected_429,
            f.server_errors,
            f.refused_bad,
        ));
    }
    if let [m, e] = &results[..] {
        report.push_str(&format!(
            "\nmlsd / echo: throughput {:.2}×, p99 {:.2}×, CPU per answer {:.1}×\n",
            m.rate() / e.rate().max(0.001),
            m.p99.as_secs_f64() / e.p99.as_secs_f64().max(1e-9),
            m.cpu_ms_per_answer / e.cpu_ms_per_answer.max(1e-9),
        ));
    }
    let mut failed = false;
    if let Some(a) = &audit {
        failed = !(a.lost.is_empty() && a.doubled.is_empty() && a.stuck.is_empty());
        report.push_str(&format!(
            "\nAudit of the store after the run ({} kills): {} answers sent, {} lost, {} stored \
             twice, {} users without a reply to one more message{}\n\
             ({} not stored by design: a word-for-word repeat inside an interview, or sent \
             after it ended)\n",
            results[0].kills,
            a.sent,
            a.lost.len(),
            a.doubled.len(),
            a.stuck.len(),
            if failed { " — FAILED" } else { " — ok" },
            a.excused,
        ));
        for tag in a.lost.iter().chain(&a.doubled).take(10) {
            report.push_str(&format!("  {tag}\n"));
        }
    }
    print!("{report}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/load_report.md");
    let _ = std::fs::write(out, &report);
    if failed {
        std::process::exit(1);
    }
}
