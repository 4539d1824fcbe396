//! The Telegram bot: the same interview engine, a teloxide shell around it.
//!
//! Architecture invariant: every decision is made by pure code (`incoming`, `route`,
//! `conversation`, `daily`, `render`, the engine); the rest only moves bytes. A reply is on disk in the user's outbox
//! before it is sent, and a batch of updates is confirmed to Telegram only after it is
//! handled, so neither a crash nor a network failure loses progress or repeats an answer.

mod api;
mod callback;
mod command;
mod conversation;
mod daily;
mod deliver;
mod disk;
mod dispute;
mod env;
mod export;
mod incoming;
mod outgoing;
mod pacing;
#[cfg(test)]
mod phone_tests;
mod poll;
mod progress;
mod record;
mod render;
mod retry;
mod route;
mod schedule;
mod scheduler;
pub mod seed;
mod send;
mod shared;
mod shelf;
mod stats;
#[cfg(test)]
mod transcript_tests;
mod users;
pub mod webhook;
mod wording;
mod workers;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::*;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::content::Script;
use crate::interview::Config as EngineConfig;
use crate::store::Store;

pub use command::Command;
pub use record::UserRecord;
pub use render::{TEXT_LIMIT, visible_len};
pub use users::USERS;

/// What the bot needs to run, already validated.
#[derive(Clone)]
pub struct BotConfig {
    pub token: String,
    pub api_url: Option<url::Url>,
    /// Users allowed to talk to the bot; everyone when `None`.
    pub allowed_users: Option<Vec<u64>>,
    /// Users who may see /stats.
    pub admins: Vec<u64>,
    /// Disputes carry the user's Telegram id (off by default: they name no one).
    pub dispute_user_ids: bool,
    /// How long one getUpdates call waits for news (below the HTTP client's 17 s).
    pub poll_timeout: Duration,
    /// Receive updates by webhook instead of long polling.
    pub webhook: Option<webhook::Webhook>,
    /// Where the control socket for `mlsd health` and `mlsd backup` goes.
    pub data_dir: Option<std::path::PathBuf>,
    pub engine: EngineConfig,
    /// Messages per second across all chats; 0 turns global pacing off (the per-chat limit
    /// of about one a second stays).
    pub max_send_rate: u32,
}

/// Telegram's documented budget for a bot: about 30 messages per second across all chats.
pub const DEFAULT_SEND_RATE: u32 = 30;

/// Messages a minute to one private chat: what Telegram's one a second allows.
const PRIVATE_PER_MINUTE: u32 = 60;

/// The highest `max_send_rate` accepted. Also what "off" means to teloxide's throttle, whose
/// queue holds one second of messages (so `u32::MAX` would try to allocate it up front).
pub const MAX_SEND_RATE: u32 = 10_000;

impl Default for BotConfig {
    /// Settings for tests and benches: everything at its documented default, no token.
    fn default() -> Self {
        BotConfig {
            token: String::new(),
            api_url: None,
            allowed_users: None,
            admins: Vec::new(),
            dispute_user_ids: false,
            poll_timeout: Duration::from_secs(10),
            webhook: None,
            data_dir: None,
            engine: EngineConfig::default(),
            max_send_rate: DEFAULT_SEND_RATE,
        }
    }
}

impl BotConfig {
    /// The throttle's limits for private chats (every reply and daily prompt): the global
    /// rate from the settings and Telegram's one message a second in a chat. teloxide also
    /// caps every chat that is not a channel or supergroup at 20 messages a minute, which is
    /// Telegram's limit for groups: in a private chat it stalled a user answering briskly
    /// for the rest of the minute after their 20th message (BENCHMARKS.md, fault finding 4).
    fn limits(&self) -> Limits {
        Limits {
            messages_per_sec_overall: self.overall_rate(MAX_SEND_RATE),
            messages_per_min_chat: PRIVATE_PER_MINUTE,
            ..Limits::default()
        }
    }

    /// The limits for group notices: teloxide's defaults (20 messages a minute per group),
    /// within the global rate. Never above Telegram's 30 a second: the throttle sets aside
    /// a queue slot per message of its overall rate, and a notice is a courtesy.
    fn group_limits(&self) -> Limits {
        Limits {
            messages_per_sec_overall: self.overall_rate(DEFAULT_SEND_RATE),
            ..Limits::default()
        }
    }

    /// The messages a second across all chats: the setting, at most `cap`, and `cap` when
    /// pacing is off (0).
    fn overall_rate(&self, cap: u32) -> u32 {
        match self.max_send_rate {
            0 => cap,
            rate => rate.min(cap),
        }
    }

    /// Daily prompts allowed to wait for delivery at once: about half a second of the global
    /// budget, so an interactive reply never waits behind more than that.
    fn daily_in_flight(&self) -> usize {
        match self.max_send_rate {
            0 => scheduler::IN_FLIGHT_UNPACED,
            rate => (rate as usize / 2).max(1),
        }
    }
}

impl std::fmt::Debug for BotConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the token.
        f.debug_struct("BotConfig")
            .field("api_url", &self.api_url.as_ref().map(|u| u.as_str()))
            .field("allowed_users", &self.allowed_users)
            .field("dispute_user_ids", &self.dispute_user_ids)
            .field("poll_timeout", &self.poll_timeout)
            .field("webhook", &self.webhook)
            .field("max_send_rate", &self.max_send_rate)
            .finish_non_exhaustive()
    }
}

/// Runs the bot until SIGINT or SIGTERM; then finishes the batch in hand, flushes and returns.
pub async fn run(config: BotConfig, script: Script, store: Store) -> anyhow::Result<()> {
    let (stop_tx, stop) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing the updates in hand");
        let _ = stop_tx.send(true);
    });
    run_with_clock(config, script, store, Clock::system(), stop).await
}

/// How often the daily scheduler looks for due prompts when none were due.
const SCHEDULER_TICK: Duration = Duration::from_millis(500);

/// Runs the bot until `stop` turns true. `clock` gives unix seconds: a simulated clock in
/// tests and benches; randomness is the system's.
pub async fn run_until(
    config: BotConfig,
    script: Script,
    store: Store,
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
    stop: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    run_with_clock(config, script, store, Clock::with_now(clock), stop).await
}

/// Runs the bot until `stop` turns true, taking time and randomness from `clock`.
pub async fn run_with_clock(
    config: BotConfig,
    script: Script,
    store: Store,
    clock: Clock,
    stop: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let mut bot = Bot::new(config.token.clone());
    if let Some(url) = &config.api_url {
        bot = bot.set_api_url(url.clone());
    }
    // Groups get their own throttle: its tighter per-minute limit, and the bot-wide pause
    // after a 429 that a busy group could earn, stay away from the users' replies.
    let groups = bot.clone().throttle(config.group_limits());
    let bot = bot.throttle(config.limits());
    let mode = if config.webhook.is_some() {
        "webhook"
    } else {
        "polling"
    };
    let health = crate::control::Health::new(mode, clock.now());
    #[cfg(unix)]
    let control = config.data_dir.clone().map(|dir| {
        tokio::spawn(crate::control::serve(
            dir,
            store.clone(),
            Arc::clone(&health),
            stop.clone(),
        ))
    });
    let polling = config.webhook.is_none();
    let Some(me) = connect(&bot, polling, stop.clone()).await else {
        return Ok(());
    };
    health.api_ok(clock.now());
    let bot_name = me.username().to_owned();
    tracing::info!(bot = %bot_name, "connected to the Bot API");
    if let Err(e) = bot.set_my_commands(command::menu()).await {
        tracing::warn!(error = %e, "could not register the command menu");
    }
    let users = Arc::new(users::Users::start(store.clone())?);
    let pending = Arc::new(deliver::Pending::default());
    let deliverer = deliver::Deliverer::new(bot.clone(), Arc::clone(&users), Arc::clone(&pending));
    for user in users
        .with_pending_outbox()
        .await
        .context("cannot scan for undelivered replies")?
    {
        deliverer.notify(user);
    }
    let shared = Arc::new(shared::Shared {
        bot,
        groups,
        bot_name,
        script: Arc::new(script),
        users,
        deliverer,
        policy: route::Policy {
            allowed: config.allowed_users.clone(),
            admins: config.admins.clone(),
            dispute_user_ids: config.dispute_user_ids,
        },
        engine: config.engine,
        clock,
        pending,
        daily_in_flight: config.daily_in_flight(),
        health,
        workers: workers::Workers::new(workers::THREADS)?,
    });
    let daily = tokio::spawn(scheduler::run(
        Arc::clone(&shared),
        SCHEDULER_TICK,
        stop.clone(),
    ));
    match config.webhook.clone() {
        Some(hook) => webhook::run(Arc::clone(&shared), hook, stop).await?,
        None => poll::run(Arc::clone(&shared), config.poll_timeout, stop).await,
    }
    let _ = daily.await;
    #[cfg(unix)]
    if let Some(control) = control {
        let _ = control.await;
    }
    // Give replies already queued a moment to go out; whatever remains is sent at the
    // next start.
    for _ in 0..50 {
        if !shared.deliverer.busy() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    store.flush()?;
    tracing::info!("stopped");
    Ok(())
}

/// Waits for the Bot API to answer getMe, retrying with backoff; `None` if asked to stop
/// first. When polling, also removes a webhook left from webhook mode, which would block
/// getUpdates.
async fn connect<B>(
    bot: &B,
    polling: bool,
    mut stop: watch::Receiver<bool>,
) -> Option<teloxide::types::Me>
where
    B: Requester,
    B::Err: std::fmt::Display,
{
    let mut backoff = retry::Backoff::default();
    loop {
        match bot.get_me().await {
            Ok(me) => {
                if polling && let Err(e) = bot.delete_webhook().await {
                    tracing::warn!(error = %e, "could not remove a webhook");
                }
                return Some(me);
            }
            Err(e) => {
                let wait = backoff.failed();
                tracing::warn!(error = %e, retry_in = ?wait, "cannot reach the Bot API");
                if !retry::pause(wait, &mut stop).await {
                    return None;
                }
            }
        }
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod limits_tests {
    use super::*;

    #[test]
    fn a_private_chat_gets_a_message_a_second_and_a_group_twenty_a_minute() {
        let unpaced = BotConfig {
            max_send_rate: 0,
            ..BotConfig::default()
        };
        let private = unpaced.limits();
        assert_eq!(private.messages_per_sec_chat, 1);
        assert_eq!(private.messages_per_min_chat, 60);
        assert_eq!(private.messages_per_sec_overall, MAX_SEND_RATE);
        let groups = unpaced.group_limits();
        assert_eq!(groups.messages_per_min_chat, 20);
        assert_eq!(groups.messages_per_sec_overall, DEFAULT_SEND_RATE);
        let paced = BotConfig {
            max_send_rate: 5,
            ..BotConfig::default()
        };
        assert_eq!(paced.limits().messages_per_sec_overall, 5);
        assert_eq!(paced.group_limits().messages_per_sec_overall, 5);
    }
}
