//! The bot's user records in sled, with one lock per user so that the update handler and
//! the outbox deliverer never overwrite each other's changes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

use crate::dispute::{Dispute, DisputeKey};
use crate::store::{
    Beside, DISPUTES, Entry, QUARANTINE, Record, Store, StoreError, UserKey, encode,
};

use super::disk::Disk;
use super::outgoing::Queued;
use super::record::UserRecord;
use super::schedule::{DUE, due_key, parse_due_key};

/// Tree of [`UserRecord`]s, keyed by `UserKey::Telegram`.
pub const USERS: &str = "users";

/// At most this many records are held in memory while their replies are delivered; beyond
/// it (a long outage with many replies waiting) the deliverer reads them from disk.
const HOT_MAX: usize = 1_000;

pub struct Users {
    locks: Mutex<HashMap<u64, Arc<AsyncMutex<()>>>>,
    /// Every read and write goes through it: one thread touches sled, writes share flushes.
    disk: Disk,
    /// For decoding on the caller's thread, with errors that name the database.
    store: Store,
    /// Records as last stored (on disk, flushed) while their outbox is being delivered. An
    /// answer's record was read back once per delivered message to remove it; decoding was
    /// most of the database thread's work. Touched only under the user's lock, updated only
    /// after a write is on disk, dropped on any failure: it never says what sled does not.
    hot: Mutex<HashMap<u64, UserRecord>>,
}

impl Users {
    /// Starts the thread that reads and writes the records.
    pub fn start(store: Store) -> std::io::Result<Users> {
        Ok(Users {
            locks: Mutex::new(HashMap::new()),
            disk: Disk::start(store.clone())?,
            store,
            hot: Mutex::new(HashMap::new()),
        })
    }

    fn hot(&self) -> std::sync::MutexGuard<'_, HashMap<u64, UserRecord>> {
        self.hot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Remembers the record just stored while it has replies to deliver.
    fn stored(&self, user: u64, record: UserRecord) {
        let mut hot = self.hot();
        if record.outbox.is_empty() || record.blocked {
            hot.remove(&user);
        } else if hot.len() < HOT_MAX || hot.contains_key(&user) {
            hot.insert(user, record);
        } else {
            hot.remove(&user);
        }
    }

    fn forget(&self, user: u64) {
        self.hot().remove(&user);
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

    /// The user's record as stored. Call it holding the user's lock.
    pub async fn load(&self, user: u64) -> Result<Option<UserRecord>, StoreError> {
        if let Some(record) = self.hot().get(&user) {
            return Ok(Some(record.clone()));
        }
        let key = UserKey::Telegram(user).bytes();
        let read = key.clone();
        let bytes = self
            .disk
            .run(move |store| store.get_bytes(USERS, &read))
            .await?;
        // Decoded here, on the runtime's threads, not on the one database thread.
        bytes
            .map(|bytes| self.store.decode(&key, &bytes))
            .transpose()
    }

    /// The replies waiting for delivery, oldest first; none once the user blocked the bot.
    /// Call it holding the user's lock.
    pub async fn outbox(&self, user: u64) -> Result<Vec<Queued>, StoreError> {
        if let Some(record) = self.hot().get(&user) {
            return Ok(waiting(record));
        }
        Ok(self
            .load(user)
            .await?
            .as_ref()
            .map(waiting)
            .unwrap_or_default())
    }

    /// Stores the record, moves its entry in the due index to match, and waits until both
    /// are on disk. One transaction: the index never disagrees with the record.
    pub async fn save(&self, user: u64, record: UserRecord) -> Result<(), StoreError> {
        self.save_with(user, record, &[]).await
    }

    /// Like [`Users::save`], with the disputes the update made, in the same transaction.
    pub async fn save_with(
        &self,
        user: u64,
        record: UserRecord,
        disputes: &[(DisputeKey, Dispute)],
    ) -> Result<(), StoreError> {
        let entries: Vec<Entry> = disputes
            .iter()
            .map(|(key, dispute)| (key.0.to_vec(), encode(dispute)))
            .collect();
        // Encoded here, on the runtime's threads: the database thread only writes.
        let bytes = encode(&record);
        let next_due = record.daily.next_due;
        let written = self
            .disk
            .write(move |store| {
                write_encoded(
                    store,
                    user,
                    &bytes,
                    next_due,
                    Beside {
                        tree: DISPUTES,
                        entries: &entries,
                    },
                )
            })
            .await;
        match written {
            Ok(()) => self.stored(user, record),
            Err(_) => self.forget(user),
        }
        written
    }

    /// Index entries due at or before `now`, oldest first, at most `limit`.
    pub async fn due(&self, now: i64, limit: usize) -> Result<Vec<(i64, u64)>, StoreError> {
        self.disk
            .run(move |store| {
                let keys = store.keys_through(DUE, &due_key(now, u64::MAX), limit)?;
                let mut out = Vec::new();
                for key in keys {
                    match parse_due_key(&key) {
                        Some(entry) => out.push(entry),
                        // A key we cannot read is removed so it cannot stall the queue.
                        None => {
                            let _ = store.remove(DUE, &key);
                        }
                    }
                }
                Ok(out)
            })
            .await
    }

    /// Removes an index entry that no record points at.
    pub async fn drop_due(&self, due: i64, user: u64) -> Result<(), StoreError> {
        self.disk
            .write(move |store| store.remove(DUE, &due_key(due, user)))
            .await
    }

    /// Disputes waiting for review and dismissed ones (for /stats).
    pub async fn dispute_counts(&self) -> Result<(usize, usize), StoreError> {
        self.disk.run(|store| store.dispute_counts()).await
    }

    /// Every readable user record (for /stats); unreadable ones are skipped.
    pub async fn all(&self) -> Result<Vec<UserRecord>, StoreError> {
        self.disk
            .run(|store| {
                Ok(store
                    .entries(USERS)?
                    .into_iter()
                    .filter_map(|(key, bytes)| store.decode::<UserRecord>(&key, &bytes).ok())
                    .collect())
            })
            .await
    }

    /// Sets an unreadable record aside so its owner can carry on.
    pub async fn quarantine(&self, user: u64, now: i64) -> Result<bool, StoreError> {
        self.forget(user);
        self.disk
            .run(move |store| store.quarantine(USERS, &UserKey::Telegram(user).bytes(), now))
            .await
    }

    /// Removes every key that belongs to the user, in every tree, including records set
    /// aside in quarantine and the disputes they made.
    pub async fn erase(&self, user: u64) -> Result<(), StoreError> {
        self.forget(user);
        self.disk
            .run(move |store| {
                let key = UserKey::Telegram(user).bytes();
                // Their disputes first: if the erasure stops half-way, the record that lists
                // them is still there for the next /delete.
                let disputes: Vec<Vec<u8>> = store
                    .get::<UserRecord>(USERS, &key)
                    .ok()
                    .flatten()
                    .map(|r| r.disputes.iter().map(|d| d.key.0.to_vec()).collect())
                    .unwrap_or_default();
                store.remove_all(DISPUTES, &disputes)?;
                store.erase_indexed(
                    USERS,
                    &key,
                    DUE,
                    |r: &UserRecord| r.daily.next_due.map(|at| due_key(at, user)),
                    QUARANTINE,
                )
            })
            .await
    }

    /// Users with replies still waiting to be delivered (after a restart).
    pub async fn with_pending_outbox(&self) -> Result<Vec<u64>, StoreError> {
        self.disk.run(pending_outbox).await
    }
}

/// Stores the record and moves its due-index entry, in one transaction, without waiting for
/// the disk (for bulk writes followed by one flush).
pub fn write(store: &Store, user: u64, record: &UserRecord) -> Result<(), StoreError> {
    write_encoded(
        store,
        user,
        &encode(record),
        record.daily.next_due,
        Beside::NOTHING,
    )
}

/// Stores an encoded record whose next prompt is due at `next_due`, moving its due-index
/// entry in the same transaction.
fn write_encoded(
    store: &Store,
    user: u64,
    bytes: &[u8],
    next_due: Option<i64>,
    beside: Beside<'_>,
) -> Result<(), StoreError> {
    store.put_indexed_encoded(
        USERS,
        &UserKey::Telegram(user).bytes(),
        bytes,
        DUE,
        next_due.map(|at| due_key(at, user)),
        |r: &StoredDue| r.daily.next_due.map(|at| due_key(at, user)),
        beside,
    )
}

/// Of a stored user record, only what its due-index entry depends on: what a write reads of
/// the record it replaces.
#[derive(Debug, Default, Serialize, Deserialize)]
struct StoredDue {
    #[serde(default)]
    daily: DueOnly,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct DueOnly {
    #[serde(default)]
    next_due: Option<i64>,
}

impl Record for StoredDue {
    const KIND: &'static str = UserRecord::KIND;
    const VERSION: u32 = UserRecord::VERSION;

    /// `daily.next_due` is where it was in every older version.
    fn upgrade(_version: u32, value: serde_json::Value) -> Result<Self, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }
}

/// What a record has to send: nothing once the user blocked the bot.
fn waiting(record: &UserRecord) -> Vec<Queued> {
    if record.blocked {
        return Vec::new();
    }
    record.outbox.clone()
}

fn pending_outbox(store: &Store) -> Result<Vec<u64>, StoreError> {
    let mut users = Vec::new();
    for (key, bytes) in store.entries(USERS)? {
        let Some(user) = UserKey::telegram_id(&key) else {
            continue;
        };
        match store.decode::<UserRecord>(&key, &bytes) {
            Ok(record) if !record.outbox.is_empty() && !record.blocked => users.push(user),
            Ok(_) => {}
            // An unreadable record is dealt with when its owner next writes.
            Err(e) => tracing::warn!(error = %e, "skipping an unreadable record at start-up"),
        }
    }
    Ok(users)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_due_a_write_reads_back_is_the_one_the_record_holds() {
        let mut record = UserRecord::default();
        record.daily.next_due = Some(1_700_000_000);
        let read: StoredDue = crate::store::decode(&encode(&record)).expect("decode");
        assert_eq!(read.daily.next_due, record.daily.next_due);
        let read: StoredDue =
            crate::store::decode(&encode(&UserRecord::default())).expect("decode");
        assert_eq!(read.daily.next_due, None);
    }
}
