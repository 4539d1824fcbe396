//! The bot's user records in sled, with one lock per user so that the update handler and
//! the outbox deliverer never overwrite each other's changes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

use crate::store::{QUARANTINE, Store, StoreError, UserKey};

use super::record::UserRecord;
use super::schedule::{DUE, due_key, parse_due_key};

/// Tree of [`UserRecord`]s, keyed by `UserKey::Telegram`.
pub const USERS: &str = "users";

pub struct Users {
    store: Store,
    locks: Mutex<HashMap<u64, Arc<AsyncMutex<()>>>>,
}

impl Users {
    pub fn new(store: Store) -> Users {
        Users {
            store,
            locks: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for exclusive access to one user's records.
    pub async fn lock(&self, user: u64) -> OwnedMutexGuard<()> {
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
            if locks.len() > 10_000 {
                // Forget locks nobody holds, so the map does not grow with every user ever.
                locks.retain(|_, l| Arc::strong_count(l) > 1);
            }
            locks.entry(user).or_default().clone()
        };
        lock.lock_owned().await
    }

    pub fn load(&self, user: u64) -> Result<Option<UserRecord>, StoreError> {
        self.store.get(USERS, &UserKey::Telegram(user).bytes())
    }

    /// Stores the record, moves its entry in the due index to match, and waits until both
    /// are on disk. One transaction: the index never disagrees with the record.
    pub fn save(&self, user: u64, record: &UserRecord) -> Result<(), StoreError> {
        tokio::task::block_in_place(|| self.save_blocking(user, record))
    }

    /// Like [`Users::save`] without waiting for the disk, for bulk writes followed by one
    /// flush.
    pub fn save_unflushed(&self, user: u64, record: &UserRecord) -> Result<(), StoreError> {
        self.write(user, record)
    }

    fn save_blocking(&self, user: u64, record: &UserRecord) -> Result<(), StoreError> {
        self.write(user, record)?;
        self.store.flush()
    }

    fn write(&self, user: u64, record: &UserRecord) -> Result<(), StoreError> {
        let _writing = self.store.writing();
        use sled::Transactional;
        use sled::transaction::{ConflictableTransactionError, TransactionError};
        let key = UserKey::Telegram(user).bytes();
        let users = self.store.tree(USERS)?;
        let due = self.store.tree(DUE)?;
        let bytes = crate::store::encode(record);
        let new_due = record.daily.next_due;
        let result = (&users, &due).transaction(|(users, due)| {
            let old = users.insert(key.as_slice(), bytes.as_slice())?;
            let old_due = old
                .and_then(|b| crate::store::decode::<UserRecord>(&b).ok())
                .and_then(|r| r.daily.next_due);
            if old_due != new_due {
                if let Some(at) = old_due {
                    due.remove(due_key(at, user))?;
                }
                if let Some(at) = new_due {
                    due.insert(due_key(at, user), &[][..])?;
                }
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        if let Err(e) = result {
            let detail = match e {
                TransactionError::Storage(e) => e.to_string(),
                TransactionError::Abort(()) => "transaction aborted".to_owned(),
            };
            return Err(StoreError::Io {
                path: self.store.path().to_path_buf(),
                action: "write to",
                detail,
            });
        }
        Ok(())
    }

    /// Index entries due at or before `now`, oldest first, at most `limit`.
    pub fn due(&self, now: i64, limit: usize) -> Result<Vec<(i64, u64)>, StoreError> {
        let tree = self.store.tree(DUE)?;
        let end = due_key(now, u64::MAX);
        let mut out = Vec::new();
        for item in tree.range(..=end).keys().take(limit) {
            let key = item.map_err(|e| io(&self.store, e))?;
            match parse_due_key(&key) {
                Some(entry) => out.push(entry),
                // A key we cannot read is removed so it cannot stall the queue.
                None => {
                    let _ = tree.remove(&key);
                }
            }
        }
        Ok(out)
    }

    /// Removes an index entry that no record points at.
    pub fn drop_due(&self, due: i64, user: u64) -> Result<(), StoreError> {
        let _writing = self.store.writing();
        self.store
            .tree(DUE)?
            .remove(due_key(due, user))
            .map(drop)
            .map_err(|e| io(&self.store, e))
    }

    /// Every readable user record (for /stats); unreadable ones are skipped.
    pub fn all(&self) -> Result<Vec<UserRecord>, StoreError> {
        let tree = self.store.tree(USERS)?;
        let mut out = Vec::new();
        for item in tree.iter() {
            let (key, bytes) = item.map_err(|e| io(&self.store, e))?;
            if let Ok(record) = self.store.decode::<UserRecord>(&key, &bytes) {
                out.push(record);
            }
        }
        Ok(out)
    }

    /// Sets an unreadable record aside so its owner can carry on.
    pub fn quarantine(&self, user: u64, now: i64) -> Result<bool, StoreError> {
        self.store
            .quarantine(USERS, &UserKey::Telegram(user).bytes(), now)
    }

    /// Removes every key that belongs to the user, in every tree, including records set
    /// aside in quarantine.
    pub fn erase(&self, user: u64) -> Result<(), StoreError> {
        let key = UserKey::Telegram(user).bytes();
        tokio::task::block_in_place(|| {
            let _writing = self.store.writing();
            let users = self.store.tree(USERS)?;
            // The record says where its due-index entry is; an unreadable record has none
            // the scheduler could use, and a stale entry is dropped when it falls due.
            let due_at = users
                .get(&key)
                .map_err(|e| io(&self.store, e))?
                .and_then(|bytes| crate::store::decode::<UserRecord>(&bytes).ok())
                .and_then(|record| record.daily.next_due);
            if let Some(at) = due_at {
                self.store
                    .tree(DUE)?
                    .remove(due_key(at, user))
                    .map_err(|e| io(&self.store, e))?;
            }
            users.remove(&key).map_err(|e| io(&self.store, e))?;
            // Records set aside in quarantine are rare; their keys end with the user key.
            let q = self.store.tree(QUARANTINE)?;
            let doomed: Vec<sled::IVec> = q
                .iter()
                .keys()
                .filter_map(Result::ok)
                .filter(|k| k.ends_with(&key))
                .collect();
            for k in doomed {
                q.remove(k).map_err(|e| io(&self.store, e))?;
            }
            self.store.flush()
        })
    }

    /// Users with replies still waiting to be delivered (after a restart).
    pub fn with_pending_outbox(&self) -> Result<Vec<u64>, StoreError> {
        let tree = self.store.tree(USERS)?;
        let mut users = Vec::new();
        for item in tree.iter() {
            let (key, bytes) = item.map_err(|e| io(&self.store, e))?;
            let Some(user) = telegram_user(&key) else {
                continue;
            };
            match self.store.decode::<UserRecord>(&key, &bytes) {
                Ok(record) if !record.outbox.is_empty() && !record.blocked => users.push(user),
                Ok(_) => {}
                // An unreadable record is dealt with when its owner next writes.
                Err(e) => tracing::warn!(error = %e, "skipping an unreadable record at start-up"),
            }
        }
        Ok(users)
    }
}

/// The user id in a `tg:` key.
pub fn telegram_user(key: &[u8]) -> Option<u64> {
    let rest = key.strip_prefix(b"tg:")?;
    let bytes: [u8; 8] = rest.try_into().ok()?;
    Some(u64::from_be_bytes(bytes))
}

fn io(store: &Store, e: sled::Error) -> StoreError {
    StoreError::Io {
        path: store.path().to_path_buf(),
        action: "write to",
        detail: e.to_string(),
    }
}
