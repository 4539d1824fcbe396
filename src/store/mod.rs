//! Durable state in sled: the only module that knows sled exists.
//!
//! Every write is flushed to disk before it returns, so a reply sent after a write never
//! describes state that a crash could lose. A record that cannot be read is an error naming
//! the database and the key; nothing is ever silently reset.

pub mod backup;
mod disputes;
mod indexed;
pub mod integrity;
mod private;
mod record;
pub mod snapshot;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard};

pub use indexed::{Beside, Entry};
pub use record::{DecodeError, Record, decode, encode};

use crate::dispute::Dispute;
use crate::interview::Session;

/// Tree of interview sessions, keyed by [`UserKey`].
pub const SESSIONS: &str = "sessions";
/// Where unreadable records are moved by an explicit reset, so nothing is destroyed.
pub const QUARANTINE: &str = "quarantine";

impl Record for Session {
    const KIND: &'static str = "session";
    const VERSION: u32 = 1;
}

/// Tree of [`Dispute`]s, keyed by [`crate::dispute::DisputeKey`]: no user in the key.
pub const DISPUTES: &str = "disputes";

impl Record for Dispute {
    const KIND: &'static str = "dispute";
    const VERSION: u32 = 1;
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database at {path}: it is in use by another mlsd process")]
    Locked { path: PathBuf },
    #[error("cannot open the database at {path}: {detail}")]
    Open { path: PathBuf, detail: String },
    #[error("{}", damaged_message(path, detail, snapshot.as_deref()))]
    Damaged {
        path: PathBuf,
        detail: String,
        /// The newest snapshot in the data directory, if any.
        snapshot: Option<PathBuf>,
    },
    #[error("{name}={value} is not valid: expected {expected}")]
    Setting {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("cannot {action} the database at {path}: {detail}")]
    Io {
        path: PathBuf,
        action: &'static str,
        detail: String,
    },
    #[error(
        "the {kind} record `{key}` in {path} is unreadable ({detail}); it has been left untouched"
    )]
    Corrupt {
        path: PathBuf,
        kind: &'static str,
        key: String,
        detail: String,
    },
    #[error(
        "the {kind} record `{key}` in {path} was written by a newer mlsd (schema {found}, this one reads up to {supported}); upgrade mlsd"
    )]
    TooNew {
        path: PathBuf,
        kind: &'static str,
        key: String,
        found: u32,
        supported: u32,
    },
}

fn damaged_message(path: &Path, detail: &str, snapshot: Option<&Path>) -> String {
    let dir = path.display();
    let from = match snapshot {
        Some(file) => format!(
            "move {dir} aside (e.g. to {dir}.damaged) and restore its newest snapshot: \
             `mlsd restore {dir}.damaged/{}/{} --data-dir {dir}`",
            snapshot::DIR,
            file.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ),
        None => format!(
            "move {dir} aside and run `mlsd restore BACKUP-FILE --data-dir {dir}` with your \
             latest backup"
        ),
    };
    format!(
        "cannot open the database at {dir}: it is damaged: {detail}. Nothing was changed. \
         To recover, {from}. If you are sure the data is right as it is, delete \
         {dir}/{} to accept it.",
        integrity::MANIFEST
    )
}

/// Runs `f`, turning a panic into `Err(())` without the panic message reaching the terminal:
/// sled panics on some damaged files, and the user should see one clear error instead.
fn quietly<R>(f: impl FnOnce() -> R) -> Result<R, ()> {
    thread_local! {
        // Per thread: the hook runs on the panicking thread, so other threads' panics
        // are still reported.
        static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|_| ())
}

impl StoreError {
    /// Whether the problem is one record, so the rest of the database is fine.
    pub fn is_record_problem(&self) -> bool {
        matches!(self, StoreError::Corrupt { .. } | StoreError::TooNew { .. })
    }
}

/// The length of a Telegram [`UserKey`] in bytes.
pub const USERKEY_LEN: usize = 3 + 8;

/// Who a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserKey {
    /// The single person practising in a terminal.
    Terminal,
    Telegram(u64),
}

impl UserKey {
    pub fn bytes(self) -> Vec<u8> {
        match self {
            UserKey::Terminal => b"terminal".to_vec(),
            UserKey::Telegram(id) => {
                let mut key = b"tg:".to_vec();
                key.extend_from_slice(&id.to_be_bytes());
                key
            }
        }
    }

    /// The Telegram user id of a key made by [`UserKey::bytes`].
    pub fn telegram_id(key: &[u8]) -> Option<u64> {
        let rest = key.strip_prefix(b"tg:")?;
        let bytes: [u8; 8] = rest.try_into().ok()?;
        Some(u64::from_be_bytes(bytes))
    }

    fn display(key: &[u8]) -> String {
        match key.strip_prefix(b"tg:") {
            Some(rest) if rest.len() == 8 => {
                let mut id = [0u8; 8];
                id.copy_from_slice(rest);
                format!("tg:{}", u64::from_be_bytes(id))
            }
            _ => String::from_utf8_lossy(key).into_owned(),
        }
    }
}

/// How the store uses memory and how it keeps snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreOptions {
    /// sled's page cache. sled's own default (1 GB) is more than a small VPS has; records
    /// are small and the working set is the users active right now.
    pub cache_mb: u64,
    pub snapshots: snapshot::SnapshotPolicy,
}

impl Default for StoreOptions {
    fn default() -> StoreOptions {
        StoreOptions {
            cache_mb: 16,
            snapshots: snapshot::SnapshotPolicy::default(),
        }
    }
}

impl StoreOptions {
    /// The defaults, overridden by `MLSD_CACHE_MB`, `MLSD_SNAPSHOT_KEEP` and
    /// `MLSD_SNAPSHOT_HOURS` where set.
    pub fn from_env() -> Result<StoreOptions, StoreError> {
        let mut options = StoreOptions::default();
        if let Some(mb) = env_number("MLSD_CACHE_MB", "a number of megabytes, e.g. 16")? {
            options.cache_mb = mb.max(1);
        }
        if let Some(keep) = env_number("MLSD_SNAPSHOT_KEEP", "a count, 0 to turn snapshots off")? {
            options.snapshots.keep = usize::try_from(keep).unwrap_or(usize::MAX);
        }
        if let Some(hours) = env_number("MLSD_SNAPSHOT_HOURS", "a number of hours, e.g. 24")? {
            options.snapshots.every = std::time::Duration::from_secs(hours.max(1) * 3600);
        }
        Ok(options)
    }
}

fn env_number(name: &'static str, expected: &'static str) -> Result<Option<u64>, StoreError> {
    match std::env::var(name) {
        // Empty counts as unset, as for every other setting.
        Ok(value) if value.trim().is_empty() => Ok(None),
        Ok(value) => value
            .trim()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| StoreError::Setting {
                name,
                value,
                expected,
            }),
        Err(_) => Ok(None),
    }
}

#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    db: sled::Db,
    path: PathBuf,
    /// Every write holds this for reading; a backup holds it for writing, so a snapshot
    /// never interleaves with a change.
    gate: RwLock<()>,
    ledger: integrity::Ledger,
    options: StoreOptions,
}

impl Inner {
    /// Writes a consistent snapshot of every tree to `out`, holding off writes meanwhile.
    fn export(&self, out: impl std::io::Write) -> Result<(), StoreError> {
        let io = |action, e: &dyn std::fmt::Display| StoreError::Io {
            path: self.path.clone(),
            action,
            detail: e.to_string(),
        };
        let _exclusive = self.gate.write().unwrap_or_else(|e| e.into_inner());
        let names: Vec<sled::IVec> = self.db.tree_names();
        let mut trees = Vec::new();
        let mut counts = Vec::new();
        // Entries are streamed rather than collected: a daily snapshot of every user must not
        // hold the whole database in memory at once. Writes are held off, so the counts taken
        // first stay true; the first read error is kept to be reported as such.
        let failed: std::rc::Rc<std::cell::RefCell<Option<sled::Error>>> = Default::default();
        for name in names {
            // The generation belongs to this database; a restored one starts its own.
            if name.as_ref() == integrity::META.as_bytes() {
                continue;
            }
            let tree = self.db.open_tree(&name).map_err(|e| io("read from", &e))?;
            counts.push(tree.len() as u64);
            let failed = std::rc::Rc::clone(&failed);
            let iter: Box<dyn Iterator<Item = (Vec<u8>, Vec<u8>)>> =
                Box::new(tree.iter().map_while(move |item| match item {
                    Ok((k, v)) => Some((k.to_vec(), v.to_vec())),
                    Err(e) => {
                        failed.borrow_mut().get_or_insert(e);
                        None
                    }
                }));
            trees.push((name.to_vec(), iter));
        }
        let written = backup::write(out, trees.into_iter(), &counts);
        if let Some(e) = failed.borrow_mut().take() {
            return Err(io("read from", &e));
        }
        written.map_err(|e| io("back up", &e))
    }

    /// Writes a snapshot into the data directory if the newest is older than the policy
    /// allows; returns its path.
    fn snapshot_if_due(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<PathBuf>, StoreError> {
        let policy = self.options.snapshots;
        if !snapshot::due(&self.path, policy, now) {
            // A smaller `keep` takes effect without waiting for the next snapshot.
            snapshot::prune(&self.path, policy);
            return Ok(None);
        }
        snapshot::take(&self.path, policy, now, |out| {
            self.export(out).map_err(std::io::Error::other)
        })
        .map(Some)
        .map_err(|e| StoreError::Io {
            path: self.path.clone(),
            action: "snapshot",
            detail: e.to_string(),
        })
    }
}

impl Drop for Inner {
    /// The last handle is gone, so nothing can change any more: record exactly what the
    /// database holds, for the next open to compare with.
    fn drop(&mut self) {
        let closed = (|| -> Result<(), String> {
            self.db.flush().map_err(|e| e.to_string())?;
            let contents = integrity::contents(&self.db).map_err(|e| e.to_string())?;
            // A short-lived `mlsd practice` may never see a day pass while open; taking a
            // due snapshot at close keeps one around from the first session on.
            if contents.entries > 0
                && let Err(e) = self.snapshot_if_due(chrono::Utc::now())
            {
                tracing::warn!(error = %e, "could not take a snapshot");
            }
            let manifest = integrity::Manifest {
                generation: self.ledger.current(),
                clean: Some(contents),
            };
            integrity::write(&self.path, &manifest).map_err(|e| e.to_string())
        })();
        if let Err(e) = closed {
            tracing::warn!(path = %self.path.display(), error = %e, "could not record a clean close");
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.inner.path)
            .finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database in `dir`, with options from the environment.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_with(dir, StoreOptions::from_env()?)
    }

    /// Opens (creating if needed) the database in `dir`, checks that it holds everything it
    /// held before, and takes a snapshot if one is due.
    pub fn open_with(dir: &Path, options: StoreOptions) -> Result<Store, StoreError> {
        let path = dir.to_path_buf();
        let private = private::prepare_dir(dir).map_err(|e| StoreError::Open {
            path: path.clone(),
            detail: format!("cannot create the directory: {e}"),
        })?;
        let damaged = |detail: String| StoreError::Damaged {
            path: path.clone(),
            detail,
            snapshot: snapshot::newest(dir),
        };
        // Read before sled touches the directory.
        let manifest = integrity::read(dir).map_err(|e| {
            damaged(format!(
                "its manifest ({}) is unreadable: {e}",
                integrity::MANIFEST
            ))
        })?;
        // sled panics on some kinds of damage instead of returning an error; a damaged file
        // must still end in a clear message, so the panic is caught here.
        let config = sled::Config::new()
            .path(dir)
            .cache_capacity(options.cache_mb.saturating_mul(1024 * 1024));
        let opened = quietly(|| config.open());
        let db = match opened {
            Ok(Ok(db)) => db,
            Ok(Err(e)) => {
                let detail = e.to_string();
                if detail.contains("could not acquire lock") {
                    return Err(StoreError::Locked { path });
                }
                return Err(damaged(format!("sled cannot read it ({detail})")));
            }
            Err(()) => return Err(damaged("sled cannot read its files".to_owned())),
        };
        if private {
            private::tighten_tree(dir);
        }
        let found = quietly(|| {
            let stored = integrity::stored_generation(&db)?;
            let contents = integrity::contents(&db)?;
            Ok::<_, sled::Error>((stored, contents))
        });
        let (stored, contents) = match found {
            Ok(Ok(found)) => found,
            Ok(Err(e)) => return Err(damaged(format!("some of it cannot be read ({e})"))),
            Err(()) => return Err(damaged("some of it cannot be read".to_owned())),
        };
        integrity::check(manifest, stored, contents).map_err(damaged)?;
        let generation = stored.unwrap_or(0);
        // From here until a clean close the contents may change without a new generation
        // (unflushed writes), so the manifest no longer vouches for them.
        integrity::write(
            dir,
            &integrity::Manifest {
                generation,
                clean: None,
            },
        )
        .map_err(|e| StoreError::Io {
            path: path.clone(),
            action: "write the manifest of",
            detail: e.to_string(),
        })?;
        let store = Store {
            inner: Arc::new(Inner {
                db,
                path,
                gate: RwLock::new(()),
                ledger: integrity::Ledger::new(dir.to_path_buf(), generation),
                options,
            }),
        };
        if contents.entries > 0 {
            store.snapshot_if_due(chrono::Utc::now())?;
        }
        store.keep_snapshotting();
        Ok(store)
    }

    /// Writes a snapshot into the data directory if the newest is older than the policy
    /// allows; returns its path.
    pub fn snapshot_if_due(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<PathBuf>, StoreError> {
        self.inner.snapshot_if_due(now)
    }

    /// Checks for a due snapshot in the background for as long as the store is open, so a
    /// bot that runs for weeks keeps a week of snapshots.
    fn keep_snapshotting(&self) {
        if self.inner.options.snapshots.keep == 0 {
            return;
        }
        let weak = Arc::downgrade(&self.inner);
        let tick = self
            .inner
            .options
            .snapshots
            .every
            .min(std::time::Duration::from_secs(3600));
        let spawned = std::thread::Builder::new()
            .name("mlsd-snapshots".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(tick);
                    let Some(inner) = weak.upgrade() else { return };
                    let store = Store { inner };
                    if let Err(e) = store.snapshot_if_due(chrono::Utc::now()) {
                        tracing::warn!(error = %e, "could not take a snapshot");
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "cannot start taking snapshots");
        }
    }

    /// Held while writing, so that a backup sees all of a change or none of it.
    pub fn writing(&self) -> RwLockReadGuard<'_, ()> {
        self.inner.gate.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes a consistent snapshot of every tree to `out`, holding off writes meanwhile.
    pub fn export(&self, out: impl std::io::Write) -> Result<(), StoreError> {
        self.inner.export(out)
    }

    /// Whether nothing has ever been stored here.
    pub fn is_empty(&self) -> bool {
        self.inner.db.tree_names().iter().all(|name| {
            name.as_ref() == integrity::META.as_bytes()
                || self
                    .inner
                    .db
                    .open_tree(name)
                    .map(|t| t.is_empty())
                    .unwrap_or(false)
        })
    }

    /// Loads a backup into this store, which must be empty.
    pub fn import(&self, input: impl std::io::Read) -> Result<usize, StoreError> {
        if !self.is_empty() {
            return Err(StoreError::Io {
                path: self.inner.path.clone(),
                action: "restore into",
                detail: "it already holds data; restore only into an empty data directory".into(),
            });
        }
        let trees = backup::read(input).map_err(|e| self.io("read the backup for", e))?;
        let mut entries = 0;
        let _writing = self.writing();
        for (name, items) in trees {
            // The generation belongs to this database, not to the one backed up.
            if name == integrity::META.as_bytes() {
                continue;
            }
            let tree = self
                .inner
                .db
                .open_tree(&name)
                .map_err(|e| self.io("write to", e))?;
            for (k, v) in items {
                tree.insert(k, v).map_err(|e| self.io("write to", e))?;
                entries += 1;
            }
        }
        drop(_writing);
        self.flush()?;
        Ok(entries)
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// An I/O failure on this database, named for the user.
    pub fn io(&self, action: &'static str, e: impl std::fmt::Display) -> StoreError {
        StoreError::Io {
            path: self.inner.path.clone(),
            action,
            detail: e.to_string(),
        }
    }

    pub fn tree(&self, name: &str) -> Result<sled::Tree, StoreError> {
        self.inner
            .db
            .open_tree(name)
            .map_err(|e| self.io("open a tree of", e))
    }

    pub fn get<T: Record>(&self, tree: &str, key: &[u8]) -> Result<Option<T>, StoreError> {
        let Some(bytes) = self
            .tree(tree)?
            .get(key)
            .map_err(|e| self.io("read from", e))?
        else {
            return Ok(None);
        };
        self.decode(key, &bytes).map(Some)
    }

    /// The stored bytes under `key`, not decoded: for a caller that decodes on another
    /// thread than the one that reads (see [`Store::decode`]).
    pub fn get_bytes(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .tree(tree)?
            .get(key)
            .map_err(|e| self.io("read from", e))?
            .map(|bytes| bytes.to_vec()))
    }

    pub fn decode<T: Record>(&self, key: &[u8], bytes: &[u8]) -> Result<T, StoreError> {
        decode(bytes).map_err(|e| match e {
            DecodeError::Garbled(detail) => StoreError::Corrupt {
                path: self.inner.path.clone(),
                kind: T::KIND,
                key: UserKey::display(key),
                detail,
            },
            DecodeError::TooNew { found, supported } => StoreError::TooNew {
                path: self.inner.path.clone(),
                kind: T::KIND,
                key: UserKey::display(key),
                found,
                supported,
            },
        })
    }

    /// Writes a record and waits until it is on disk.
    pub fn put<T: Record>(&self, tree: &str, key: &[u8], value: &T) -> Result<(), StoreError> {
        let _writing = self.writing();
        self.tree(tree)?
            .insert(key, encode(value))
            .map_err(|e| self.io("write to", e))?;
        self.flush()
    }

    /// Waits until every write made so far is on disk, and keeps the manifest's account.
    pub fn flush(&self) -> Result<(), StoreError> {
        // sled's flush is internally synchronised; it does not need the write gate.
        // The generation goes in before the flush, so the flush makes it durable and the
        // manifest may then claim it.
        let generation = self
            .inner
            .ledger
            .bump(&self.inner.db)
            .map_err(|e| self.io("write to", e))?;
        self.inner.db.flush().map_err(|e| self.io("flush", e))?;
        self.inner
            .ledger
            .flushed(generation)
            .map_err(|e| self.io("write the manifest of", e))
    }

    /// Moves an unreadable record aside (into [`QUARANTINE`], under a key naming its tree and
    /// the time) so its owner can start fresh without the bytes being destroyed.
    pub fn quarantine(&self, tree: &str, key: &[u8], now: i64) -> Result<bool, StoreError> {
        let _writing = self.writing();
        let source = self.tree(tree)?;
        let Some(bytes) = source.get(key).map_err(|e| self.io("read from", e))? else {
            return Ok(false);
        };
        let mut aside = format!("{tree}/{now}/").into_bytes();
        aside.extend_from_slice(key);
        self.tree(QUARANTINE)?
            .insert(aside, bytes)
            .map_err(|e| self.io("write to", e))?;
        source.remove(key).map_err(|e| self.io("write to", e))?;
        self.flush()?;
        Ok(true)
    }

    pub fn load_session(&self, user: UserKey) -> Result<Option<Session>, StoreError> {
        self.get(SESSIONS, &user.bytes())
    }

    pub fn save_session(&self, user: UserKey, session: &Session) -> Result<(), StoreError> {
        self.put(SESSIONS, &user.bytes(), session)
    }

    /// The sled handle, for tests and tools that inspect the raw database; the program's own
    /// modules go through the methods above and in `indexed.rs`.
    pub fn db(&self) -> &sled::Db {
        &self.inner.db
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::{Domain, DomainChoice};

    #[test]
    fn sessions_survive_reopening() {
        let dir = tempfile::tempdir().expect("tempdir");
        let session = Session {
            domain: Some(DomainChoice::Domain(Domain::Cv)),
            ..Session::default()
        };
        {
            let store = Store::open(dir.path()).expect("open");
            store
                .save_session(UserKey::Terminal, &session)
                .expect("save");
        }
        let store = Store::open(dir.path()).expect("reopen");
        assert_eq!(
            store.load_session(UserKey::Terminal).expect("load"),
            Some(session)
        );
        assert_eq!(
            store.load_session(UserKey::Telegram(7)).expect("load"),
            None
        );
    }

    #[test]
    fn a_garbled_record_is_an_error_naming_path_and_key_and_stays_on_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        let key = UserKey::Telegram(42).bytes();
        store
            .tree(SESSIONS)
            .expect("tree")
            .insert(&key, &b"{not json"[..])
            .expect("insert");
        let err = store
            .load_session(UserKey::Telegram(42))
            .expect_err("garbled");
        let msg = err.to_string();
        assert!(
            msg.contains("tg:42") && msg.contains(&dir.path().display().to_string()),
            "{msg}"
        );
        assert!(
            store
                .tree(SESSIONS)
                .expect("tree")
                .get(&key)
                .expect("get")
                .is_some()
        );
        assert!(store.quarantine(SESSIONS, &key, 1).expect("quarantine"));
        assert_eq!(
            store.load_session(UserKey::Telegram(42)).expect("load"),
            None
        );
        assert_eq!(store.tree(QUARANTINE).expect("tree").len(), 1);
    }

    #[test]
    fn a_backup_round_trips_every_tree_and_restores_only_into_an_empty_store() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        let session = Session {
            domain: Some(DomainChoice::NotSure),
            ..Session::default()
        };
        store
            .save_session(UserKey::Terminal, &session)
            .expect("save");
        store
            .tree("other")
            .expect("tree")
            .insert(b"k\x00\xff", &b"v"[..])
            .expect("insert");
        let mut bytes = Vec::new();
        store.export(&mut bytes).expect("export");
        let target = tempfile::tempdir().expect("tempdir");
        let restored = Store::open(target.path()).expect("open");
        let n = restored.import(&bytes[..]).expect("import");
        assert_eq!(n, 2);
        assert_eq!(
            restored.load_session(UserKey::Terminal).expect("load"),
            Some(session)
        );
        let again = restored.import(&bytes[..]).expect_err("not empty");
        assert!(again.to_string().contains("already holds data"), "{again}");
        let mut damaged = bytes.clone();
        let middle = damaged.len() / 2;
        damaged[middle] ^= 1;
        let fresh = tempfile::tempdir().expect("tempdir");
        let err = Store::open(fresh.path())
            .expect("open")
            .import(&damaged[..])
            .expect_err("damaged");
        assert!(err.to_string().contains("checksum"), "{err}");
    }

    #[test]
    fn a_record_from_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        store
            .tree(SESSIONS)
            .expect("tree")
            .insert(b"terminal", &br#"{"v":99,"data":{}}"#[..])
            .expect("insert");
        let err = store.load_session(UserKey::Terminal).expect_err("too new");
        assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    }
}
