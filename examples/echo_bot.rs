//! The trivial teloxide bot the load harness compares mlsd with: it answers every text with
//! the same text, through the same `Throttle` adaptor and polling mlsd uses.
//!
//! `MLSD_MAX_SEND_RATE` sets the global pacing as for mlsd (`0` turns it off); the per-chat
//! limits stay. Reads `TELOXIDE_TOKEN` and `TELOXIDE_API_URL` like mlsd.

use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::*;

#[tokio::main]
async fn main() {
    let Ok(token) = std::env::var("TELOXIDE_TOKEN") else {
        eprintln!("error: set TELOXIDE_TOKEN");
        std::process::exit(2);
    };
    let mut bot = Bot::new(token);
    if let Some(url) = std::env::var("TELOXIDE_API_URL")
        .ok()
        .and_then(|u| u.parse().ok())
    {
        bot = bot.set_api_url(url);
    }
    let rate = std::env::var("MLSD_MAX_SEND_RATE")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(30);
    let limits = Limits {
        // 0 means no global pacing; the throttle needs a number, so a very large one.
        messages_per_sec_overall: if rate == 0 { 1_000_000 } else { rate },
        // As mlsd has it in private chats: Telegram's one message a second, not teloxide's
        // default of 20 a minute, which is the limit for groups.
        messages_per_min_chat: 60,
        ..Limits::default()
    };
    let bot = bot.throttle(limits);
    teloxide::repl(
        bot,
        |bot: teloxide::adaptors::Throttle<Bot>, msg: Message| async move {
            if let Some(text) = msg.text() {
                bot.send_message(msg.chat.id, text).await?;
            }
            Ok(())
        },
    )
    .await;
}
