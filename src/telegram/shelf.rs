//! The long blocks a phone is spared until asked: a stage's full feedback, its strong answer,
//! the rest of the interviewer's answers, the concepts to review. Kept in the user's record,
//! so a button works after a restart; each shows its block once, and a button whose block
//! has been dropped or already shown changes nothing.

use serde::{Deserialize, Serialize};

use crate::interview::mix;
use crate::stage::Stage;

use super::outgoing::Outgoing;

/// How many blocks are kept: about two interviews' worth (two or three per stage). Older
/// buttons are answered with a short word instead.
pub const KEPT: usize = 32;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Shelf {
    #[serde(default)]
    entries: Vec<Shelved>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shelved {
    /// What the button carries. Drawn at random, so a button from before `/delete` never
    /// matches a block shelved after it.
    pub id: u32,
    pub block: Block,
    /// Shown already: another tap only points up.
    #[serde(default)]
    pub shown: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// Messages rendered when the block was shelved (feedback with the candidate's quotes,
    /// which no later state could rebuild exactly).
    Rendered { messages: Vec<Outgoing> },
    /// A stage's model answer, read from the case when asked for: nothing to store.
    Strong { case: String, stage: Stage },
}

/// What a tap on a button for block `id` finds.
#[derive(Debug, Clone, PartialEq)]
pub enum Reveal<'a> {
    /// The block, now marked as shown.
    Show(&'a Block),
    AlreadyShown,
    /// Dropped (too old), or never ours.
    Gone,
}

impl Shelf {
    /// Keeps `block` and returns the id its button carries. `seed` is fresh randomness.
    pub fn put(&mut self, block: Block, seed: u64) -> u32 {
        let mut draw = seed;
        let id = loop {
            draw = mix(draw);
            let id = (draw as u32).max(1);
            if !self.entries.iter().any(|e| e.id == id) {
                break id;
            }
        };
        self.entries.push(Shelved {
            id,
            block,
            shown: false,
        });
        let excess = self.entries.len().saturating_sub(KEPT);
        self.entries.drain(..excess);
        id
    }

    /// Finds block `id` for a tap and marks it as shown.
    pub fn reveal(&mut self, id: u32) -> Reveal<'_> {
        match self.entries.iter_mut().find(|e| e.id == id) {
            None => Reveal::Gone,
            Some(e) if e.shown => Reveal::AlreadyShown,
            Some(e) => {
                e.shown = true;
                Reveal::Show(&e.block)
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strong(stage: Stage) -> Block {
        Block::Strong {
            case: "c".to_owned(),
            stage,
        }
    }

    #[test]
    fn a_block_shows_once_and_old_ones_are_dropped() {
        let mut shelf = Shelf::default();
        let first = shelf.put(strong(Stage::Data), 1);
        assert_eq!(shelf.reveal(first), Reveal::Show(&strong(Stage::Data)));
        assert_eq!(shelf.reveal(first), Reveal::AlreadyShown);
        assert_eq!(shelf.reveal(first ^ 1), Reveal::Gone);
        let ids: Vec<u32> = (0..KEPT as u64)
            .map(|k| shelf.put(strong(Stage::Model), 100 + k))
            .collect();
        assert_eq!(shelf.len(), KEPT);
        assert_eq!(shelf.reveal(first), Reveal::Gone);
        assert!(matches!(shelf.reveal(ids[0]), Reveal::Show(_)));
    }

    #[test]
    fn ids_are_distinct_even_from_the_same_seed() {
        let mut shelf = Shelf::default();
        let a = shelf.put(strong(Stage::Data), 7);
        let b = shelf.put(strong(Stage::Data), 7);
        assert_ne!(a, b);
        assert_ne!(a, 0);
    }
}
