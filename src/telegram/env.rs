//! What the pure decision code knows besides a user's record: the script and this step's
//! context (time, randomness, engine settings). Its own module so that `conversation` and
//! `daily`, which both take it, do not import each other.

use crate::content::Script;
use crate::interview::Context;

pub struct Env<'a> {
    pub script: &'a Script,
    pub ctx: Context,
    /// The operator asked for disputes to carry the Telegram user id.
    pub dispute_user_ids: bool,
}
