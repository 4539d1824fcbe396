//! The disputes tree: what candidates said the judge got wrong, for the case authors.

use crate::dispute::{Dispute, DisputeKey};

use super::{DISPUTES, Store, StoreError, encode};

/// Every stored dispute, oldest first, and how many records could not be read.
#[derive(Debug, Default)]
pub struct Disputes {
    pub entries: Vec<(DisputeKey, Dispute)>,
    pub unreadable: usize,
}

impl Store {
    /// Stores one dispute (from the terminal, where there is no user record to go with it).
    pub fn put_dispute(&self, key: DisputeKey, dispute: &Dispute) -> Result<(), StoreError> {
        self.put(DISPUTES, &key.0, dispute)
    }

    pub fn disputes(&self) -> Result<Disputes, StoreError> {
        let mut out = Disputes::default();
        for (key, bytes) in self.entries(DISPUTES)? {
            let decoded = DisputeKey::from_bytes(&key)
                .and_then(|k| self.decode::<Dispute>(&key, &bytes).ok().map(|d| (k, d)));
            match decoded {
                Some(entry) => out.entries.push(entry),
                None => out.unreadable += 1,
            }
        }
        Ok(out)
    }

    /// Marks disputes as reviewed; returns how many it found.
    pub fn dismiss_disputes(&self, keys: &[DisputeKey]) -> Result<usize, StoreError> {
        let mut dismissed = 0;
        {
            let _writing = self.writing();
            let tree = self.tree(DISPUTES)?;
            for key in keys {
                let Some(bytes) = tree.get(key.0).map_err(|e| self.io("read from", e))? else {
                    continue;
                };
                let mut dispute: Dispute = self.decode(&key.0, &bytes)?;
                dispute.dismissed = true;
                tree.insert(key.0, encode(&dispute))
                    .map_err(|e| self.io("write to", e))?;
                dismissed += 1;
            }
        }
        self.flush()?;
        Ok(dismissed)
    }

    /// How many disputes wait for review, and how many were dismissed.
    pub fn dispute_counts(&self) -> Result<(usize, usize), StoreError> {
        let all = self.disputes()?;
        let dismissed = all.entries.iter().filter(|(_, d)| d.dismissed).count();
        Ok((all.entries.len() - dismissed, dismissed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispute::{Direction, ItemKind};
    use crate::stage::Stage;

    #[test]
    fn disputes_survive_reopening_and_can_be_dismissed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dispute = Dispute {
            case: "c".into(),
            stage: Stage::Data,
            kind: ItemKind::Concept,
            id: "split".into(),
            label: "Split".into(),
            direction: Direction::Missed,
            answers: vec!["hold back the last two weeks".into()],
            note: None,
            at: 10,
            user: None,
            dismissed: false,
        };
        let key = DisputeKey::new(10, 3);
        {
            let store = Store::open(dir.path()).expect("open");
            store.put_dispute(key, &dispute).expect("put");
            store
                .tree(DISPUTES)
                .expect("tree")
                .insert(b"garbage-key", &b"{"[..])
                .expect("insert");
        }
        let store = Store::open(dir.path()).expect("reopen");
        let all = store.disputes().expect("read");
        assert_eq!(all.entries, vec![(key, dispute)]);
        assert_eq!(all.unreadable, 1);
        assert_eq!(store.dispute_counts().expect("counts"), (1, 0));
        let unknown = DisputeKey::new(99, 9);
        assert_eq!(store.dismiss_disputes(&[key, unknown]).expect("dismiss"), 1);
        assert_eq!(store.dispute_counts().expect("counts"), (0, 1));
    }
}
