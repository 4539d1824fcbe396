//! Daily practice settings of a user (the scheduler comes with the daily-prompts work).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Daily {}

/// Telegram said the user blocked the bot: no more daily prompts.
pub fn on_blocked(record: &mut super::record::UserRecord) {
    record.daily = Daily::default();
}
