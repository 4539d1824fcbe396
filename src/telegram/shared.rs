//! What every task of the running bot shares: the Bot API client, the script, the user
//! records, the deliverer, the settings and the clock. Its own module so that polling, the
//! webhook and the scheduler use it without importing each other.

use std::sync::Arc;

use crate::clock::Clock;
use crate::content::Script;
use crate::interview::Config as EngineConfig;

use super::deliver::{Deliverer, Pending};
use super::route::Policy;
use super::users::Users;
use super::workers::Workers;

/// Everything an update needs, shared by all tasks.
pub struct Shared<B> {
    pub bot: B,
    /// The client for notices to group chats, throttled apart (20 messages a minute each).
    pub groups: B,
    pub bot_name: String,
    pub script: Arc<Script>,
    pub users: Arc<Users>,
    pub deliverer: Arc<Deliverer<B>>,
    /// Who may use the bot and who may see /stats.
    pub policy: Policy,
    pub engine: EngineConfig,
    /// The time and randomness of every step (injectable in tests).
    pub clock: Clock,
    /// Daily prompts queued but not delivered yet.
    pub pending: Arc<Pending>,
    /// How many daily prompts may wait for delivery at once (from the send rate).
    pub daily_in_flight: usize,
    pub health: Arc<crate::control::Health>,
    /// Where the conversation (and the judge) runs: a few threads, not every thread.
    pub workers: Workers,
}
