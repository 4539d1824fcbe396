//! Durable state in sled: the only module that knows sled exists.
//!
//! Every write is flushed to disk before it returns, so a reply sent after a write never
//! describes state that a crash could lose. A record that cannot be read is an error naming
//! the database and the key; nothing is ever silently reset.

pub mod backup;
mod indexed;
mod private;
mod record;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard};

pub use record::{DecodeError, Record, decode, encode};

use crate::interview::Session;

/// Tree of interview sessions, keyed by [`UserKey`].
pub const SESSIONS: &str = "sessions";
/// Where unreadable records are moved by an explicit reset, so nothing is destroyed.
pub const QUARANTINE: &str = "quarantine";

impl Record for Session {
    const KIND: &'static str = "session";
    const VERSION: u32 = 1;
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database at {path}: it is in use by another mlsd process")]
    Locked { path: PathBuf },
    #[error("cannot open the database at {path}: {detail}")]
    Open { path: PathBuf, detail: String },
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

#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    path: PathBuf,
    /// Every write holds this for reading; a backup holds it for writing, so a snapshot
    /// never interleaves with a change.
    gate: Arc<RwLock<()>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database in `dir`.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let path = dir.to_path_buf();
        let private = private::prepare_dir(dir).map_err(|e| StoreError::Open {
            path: path.clone(),
            detail: format!("cannot create the directory: {e}"),
        })?;
        // sled panics on some kinds of damage instead of returning an error; a damaged file
        // must still end in a clear message, so the panic is caught here.
        let opened = std::panic::catch_unwind(|| sled::Config::new().path(dir).open());
        let db = match opened {
            Ok(Ok(db)) => db,
            Ok(Err(e)) => {
                let detail = e.to_string();
                if detail.contains("could not acquire lock") {
                    return Err(StoreError::Locked { path });
                }
                return Err(StoreError::Open {
                    path,
                    detail: format!("{detail} (the files may be damaged; restore a backup)"),
                });
            }
            Err(_) => {
                return Err(StoreError::Open {
                    path,
                    detail: "the files are damaged (restore a backup)".to_owned(),
                });
            }
        };
        if private {
            private::tighten_tree(dir);
        }
        Ok(Store {
            db,
            path,
            gate: Arc::new(RwLock::new(())),
        })
    }

    /// Held while writing, so that a backup sees all of a change or none of it.
    pub fn writing(&self) -> RwLockReadGuard<'_, ()> {
        self.gate.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes a consistent snapshot of every tree to `out`, holding off writes meanwhile.
    pub fn export(&self, out: impl std::io::Write) -> Result<(), StoreError> {
        let _exclusive = self.gate.write().unwrap_or_else(|e| e.into_inner());
        let names: Vec<sled::IVec> = self.db.tree_names();
        let mut trees = Vec::new();
        let mut counts = Vec::new();
        for name in names {
            let tree = self
                .db
                .open_tree(&name)
                .map_err(|e| self.io("read from", e))?;
            let entries: Vec<(Vec<u8>, Vec<u8>)> = tree
                .iter()
                .filter_map(Result::ok)
                .map(|(k, v)| (k.to_vec(), v.to_vec()))
                .collect();
            counts.push(entries.len() as u64);
            let iter: Box<dyn Iterator<Item = (Vec<u8>, Vec<u8>)>> = Box::new(entries.into_iter());
            trees.push((name.to_vec(), iter));
        }
        backup::write(out, trees.into_iter(), &counts).map_err(|e| self.io("back up", e))
    }

    /// Whether nothing has ever been stored here.
    pub fn is_empty(&self) -> bool {
        self.db.tree_names().iter().all(|name| {
            self.db
                .open_tree(name)
                .map(|t| t.is_empty())
                .unwrap_or(false)
        })
    }

    /// Loads a backup into this store, which must be empty.
    pub fn import(&self, input: impl std::io::Read) -> Result<usize, StoreError> {
        if !self.is_empty() {
            return Err(StoreError::Io {
                path: self.path.clone(),
                action: "restore into",
                detail: "it already holds data; restore only into an empty data directory".into(),
            });
        }
        let trees = backup::read(input).map_err(|e| self.io("read the backup for", e))?;
        let mut entries = 0;
        let _writing = self.writing();
        for (name, items) in trees {
            let tree = self
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
        &self.path
    }

    fn io(&self, action: &'static str, e: impl std::fmt::Display) -> StoreError {
        StoreError::Io {
            path: self.path.clone(),
            action,
            detail: e.to_string(),
        }
    }

    pub fn tree(&self, name: &str) -> Result<sled::Tree, StoreError> {
        self.db
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

    pub fn decode<T: Record>(&self, key: &[u8], bytes: &[u8]) -> Result<T, StoreError> {
        decode(bytes).map_err(|e| match e {
            DecodeError::Garbled(detail) => StoreError::Corrupt {
                path: self.path.clone(),
                kind: T::KIND,
                key: UserKey::display(key),
                detail,
            },
            DecodeError::TooNew { found, supported } => StoreError::TooNew {
                path: self.path.clone(),
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

    pub fn flush(&self) -> Result<(), StoreError> {
        // sled's flush is internally synchronised; it does not need the write gate.
        self.db.flush().map(|_| ()).map_err(|e| self.io("flush", e))
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
        &self.db
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
