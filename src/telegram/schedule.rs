//! The index of daily prompts by due time: keys are the due instant (big-endian, so sled
//! keeps them in time order) followed by the user key, values empty. Start-up and each tick
//! read only the entries that are due.

use crate::store::USERKEY_LEN;

/// Tree of due daily prompts.
pub const DUE: &str = "daily-due";

/// Whether `key` of `tree` belongs to the user whose key is `user`.
pub fn key_belongs_to(tree: &str, key: &[u8], user: &[u8]) -> bool {
    match tree {
        DUE => key.len() == 8 + USERKEY_LEN && key.ends_with(user),
        _ => key == user,
    }
}
