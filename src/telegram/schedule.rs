//! The index of daily prompts by due time: keys are the due instant (big-endian, so sled
//! keeps them in time order) followed by the user key, values empty. Start-up and each tick
//! read only the entries that are due.

use crate::store::{USERKEY_LEN, UserKey};

/// Tree of due daily prompts.
pub const DUE: &str = "daily-due";

/// The index key of a prompt due at `due` (unix seconds) for `user`.
pub fn due_key(due: i64, user: u64) -> Vec<u8> {
    let mut key = (due.max(0) as u64).to_be_bytes().to_vec();
    key.extend_from_slice(&UserKey::Telegram(user).bytes());
    key
}

/// The due instant and user of an index key.
pub fn parse_due_key(key: &[u8]) -> Option<(i64, u64)> {
    if key.len() != 8 + USERKEY_LEN {
        return None;
    }
    let due = u64::from_be_bytes(key[..8].try_into().ok()?);
    let user = UserKey::telegram_id(&key[8..])?;
    Some((i64::try_from(due).ok()?, user))
}
