//! What the bot stores per Telegram user: the interview session, the replies not yet
//! delivered, the last update handled (so a redelivered update has no second effect), and
//! the daily-practice settings.

use serde::{Deserialize, Serialize};

use crate::interview::Session;
use crate::store::Record;

use super::daily::Daily;
use super::outgoing::{Outgoing, Queued};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    #[serde(default)]
    pub session: Session,
    /// The highest update id already handled for this user.
    #[serde(default)]
    pub last_update: Option<u32>,
    /// Replies saved with the state they describe, removed once Telegram accepted them.
    #[serde(default)]
    pub outbox: Vec<Queued>,
    #[serde(default)]
    pub next_outgoing: u64,
    /// "Delete everything?" was asked and not yet answered.
    #[serde(default)]
    pub delete_pending: bool,
    /// Telegram said the user blocked the bot: nothing is sent until they write again.
    #[serde(default)]
    pub blocked: bool,
    #[serde(default)]
    pub daily: Daily,
    /// Unix seconds of the first message.
    #[serde(default)]
    pub first_seen: i64,
}

impl Record for UserRecord {
    const KIND: &'static str = "user";
    const VERSION: u32 = 1;
}

impl UserRecord {
    pub fn enqueue(&mut self, message: Outgoing) {
        self.push(message, false);
    }

    /// Queues a message of the daily scheduler.
    pub fn enqueue_daily(&mut self, message: Outgoing) {
        self.push(message, true);
    }

    fn push(&mut self, message: Outgoing, daily: bool) {
        self.outbox.push(Queued {
            id: self.next_outgoing,
            message,
            daily,
        });
        self.next_outgoing += 1;
    }

    /// Whether this update was handled before (Telegram redelivers after a crash).
    pub fn already_handled(&self, update: u32) -> bool {
        self.last_update.is_some_and(|last| update <= last)
    }
}
