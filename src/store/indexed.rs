//! Records with an index entry kept beside them in another tree (the daily prompts' due
//! index), and the key scans the bot needs. Here so that no module outside `store` touches
//! sled: the transaction that keeps a record and its index entry in agreement lives in one
//! place.

use super::{Record, Store, StoreError, decode, encode};

/// A key and its value, as stored.
pub type Entry = (Vec<u8>, Vec<u8>);

/// Records of another tree written together with a user's record.
#[derive(Debug, Clone, Copy)]
pub struct Beside<'a> {
    pub tree: &'a str,
    pub entries: &'a [Entry],
}

impl Beside<'static> {
    /// Nothing beside (the tree is named only because a transaction needs every tree).
    pub const NOTHING: Beside<'static> = Beside {
        tree: super::DISPUTES,
        entries: &[],
    };
}

impl Store {
    /// Writes `value` under `key` in `tree` and, in the same transaction, moves its entry in
    /// `index` from where the stored record's `index_key` said to where the new one says. The
    /// index never disagrees with the record, whatever crashes when. Not flushed: call
    /// [`Store::flush`] (or write many, then flush once).
    pub fn put_indexed<T: Record>(
        &self,
        tree: &str,
        key: &[u8],
        value: &T,
        index: &str,
        index_key: impl Fn(&T) -> Option<Vec<u8>>,
    ) -> Result<(), StoreError> {
        self.put_indexed_encoded(
            tree,
            key,
            &encode(value),
            index,
            index_key(value),
            &index_key,
            Beside::NOTHING,
        )
    }

    /// Like [`Store::put_indexed`], for a record already encoded (with [`encode`]) and its
    /// index entry already worked out: a caller with one thread for the database encodes on
    /// its own threads, so the database thread does only the writing. Also writes `beside`
    /// in the same transaction: records of another tree that belong with this one (a user's
    /// disputes). The record being replaced is read as `O`, which need hold only what its
    /// index entry depends on (`old_index_key` must agree with the new entry): reading all
    /// of it again on every write was a third of the bot's decoding under load.
    #[allow(clippy::too_many_arguments)]
    pub fn put_indexed_encoded<O: Record>(
        &self,
        tree: &str,
        key: &[u8],
        bytes: &[u8],
        index: &str,
        new_entry: Option<Vec<u8>>,
        old_index_key: impl Fn(&O) -> Option<Vec<u8>>,
        beside: Beside<'_>,
    ) -> Result<(), StoreError> {
        use sled::Transactional;
        use sled::transaction::{ConflictableTransactionError, TransactionError};
        let _writing = self.writing();
        let records = self.tree(tree)?;
        let entries = self.tree(index)?;
        let side = self.tree(beside.tree)?;
        let result = (&records, &entries, &side).transaction(|(records, entries, side)| {
            for (k, v) in beside.entries {
                side.insert(k.as_slice(), v.as_slice())?;
            }
            let old = records.insert(key, bytes)?;
            // An unreadable old record has no entry anyone could use; a stale one is
            // dropped by its reader when it falls due.
            let old_entry = old
                .and_then(|b| decode::<O>(&b).ok())
                .and_then(|r| old_index_key(&r));
            if old_entry != new_entry {
                if let Some(k) = &old_entry {
                    entries.remove(k.as_slice())?;
                }
                if let Some(k) = &new_entry {
                    entries.insert(k.as_slice(), &[][..])?;
                }
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        result.map_err(|e| match e {
            TransactionError::Storage(e) => self.io("write to", e),
            TransactionError::Abort(()) => self.io("write to", "transaction aborted"),
        })
    }

    /// Removes the record under `key` in `tree` and its entry in `index`, then every key in
    /// `aside` (quarantine) that ends with `key`, and flushes: nothing of it is left.
    pub fn erase_indexed<T: Record>(
        &self,
        tree: &str,
        key: &[u8],
        index: &str,
        index_key: impl Fn(&T) -> Option<Vec<u8>>,
        aside: &str,
    ) -> Result<(), StoreError> {
        let _writing = self.writing();
        let records = self.tree(tree)?;
        let entry = records
            .get(key)
            .map_err(|e| self.io("read from", e))?
            .and_then(|bytes| decode::<T>(&bytes).ok())
            .and_then(|r| index_key(&r));
        if let Some(k) = entry {
            self.tree(index)?
                .remove(k)
                .map_err(|e| self.io("write to", e))?;
        }
        records.remove(key).map_err(|e| self.io("write to", e))?;
        let set_aside = self.tree(aside)?;
        let doomed: Vec<sled::IVec> = set_aside
            .iter()
            .keys()
            .filter_map(Result::ok)
            .filter(|k| k.ends_with(key))
            .collect();
        for k in doomed {
            set_aside.remove(k).map_err(|e| self.io("write to", e))?;
        }
        self.flush()
    }

    /// Keys of `tree` up to and including `end`, in order, at most `limit`.
    pub fn keys_through(
        &self,
        tree: &str,
        end: &[u8],
        limit: usize,
    ) -> Result<Vec<Vec<u8>>, StoreError> {
        self.tree(tree)?
            .range(..=end)
            .keys()
            .take(limit)
            .map(|k| k.map(|k| k.to_vec()).map_err(|e| self.io("read from", e)))
            .collect()
    }

    /// Removes `keys` from `tree` and flushes.
    pub fn remove_all(&self, tree: &str, keys: &[Vec<u8>]) -> Result<(), StoreError> {
        {
            let _writing = self.writing();
            let tree = self.tree(tree)?;
            for key in keys {
                tree.remove(key.as_slice())
                    .map_err(|e| self.io("write to", e))?;
            }
        }
        self.flush()
    }

    /// Removes one key (an index entry nothing points at).
    pub fn remove(&self, tree: &str, key: &[u8]) -> Result<(), StoreError> {
        let _writing = self.writing();
        self.tree(tree)?
            .remove(key)
            .map(drop)
            .map_err(|e| self.io("write to", e))
    }

    /// Every key and value of `tree`, in key order.
    pub fn entries(&self, tree: &str) -> Result<Vec<Entry>, StoreError> {
        self.tree(tree)?
            .iter()
            .map(|item| {
                item.map(|(k, v)| (k.to_vec(), v.to_vec()))
                    .map_err(|e| self.io("read from", e))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, Serialize, Deserialize)]
    struct Due(Option<u8>);

    impl Record for Due {
        const KIND: &'static str = "due";
        const VERSION: u32 = 1;
    }

    fn entry(d: &Due) -> Option<Vec<u8>> {
        d.0.map(|at| vec![at, b'k'])
    }

    #[test]
    fn the_index_follows_the_record_and_erasing_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        let keys = |tree| {
            store
                .entries(tree)
                .expect("entries")
                .into_iter()
                .map(|(k, _)| k)
                .collect::<Vec<_>>()
        };
        store
            .put_indexed("r", b"k", &Due(Some(5)), "i", entry)
            .expect("put");
        assert_eq!(keys("i"), [vec![5, b'k']]);
        store
            .put_indexed("r", b"k", &Due(Some(9)), "i", entry)
            .expect("put");
        assert_eq!(keys("i"), [vec![9, b'k']]);
        assert_eq!(
            store.keys_through("i", &[8], 10).expect("keys"),
            Vec::<Vec<u8>>::new()
        );
        store
            .put_indexed("r", b"k", &Due(None), "i", entry)
            .expect("put");
        assert!(keys("i").is_empty());

        store
            .put_indexed("r", b"k", &Due(Some(3)), "i", entry)
            .expect("put");
        store.put("q", b"r/1/k", &Due(None)).expect("aside");
        store.put("q", b"r/1/other", &Due(None)).expect("aside");
        store
            .erase_indexed("r", b"k", "i", entry, "q")
            .expect("erase");
        assert!(keys("r").is_empty());
        assert!(keys("i").is_empty());
        assert_eq!(keys("q"), [b"r/1/other".to_vec()]);
    }
}
