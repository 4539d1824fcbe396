//! Words no dialogue file uses, with what looking them up found, kept for a while on each
//! thread.
//!
//! A word the bank does not know is stemmed and read for its roles on every lookup, several
//! thousand instructions for a long word, and then compared with a stage's keywords as a
//! possible typo. An answer is read again at every later stage of its interview (what was
//! said earlier counts later) and with every follow-up, so the same unknown words come back;
//! remembering them spares that work. What a lookup or a correction finds depends only on the
//! word and the finished lexicon or stage keywords, so a remembered result is the same result.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use super::lexicon::{Looked, TermId};

/// The most words remembered per thread and kind; past that the memory starts again, so a
/// stream of new words costs a bounded amount of memory.
const MOST_WORDS: usize = 1024;
/// Longer words are not remembered: they are rarely words, and one should not pin memory.
const LONGEST_WORD: usize = 64;

/// A fresh mark for a finished lexicon or a stage's keywords: what one found is never served
/// for another.
pub(super) fn new_mark() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Words and what was found for them in the lexicon or keywords marked `mark`.
struct Remembered<V> {
    mark: u64,
    found: FxHashMap<Box<str>, V>,
}

impl<V> Default for Remembered<V> {
    fn default() -> Self {
        Remembered {
            mark: 0,
            found: FxHashMap::default(),
        }
    }
}

impl<V: Copy> Remembered<V> {
    fn get(&self, mark: u64, word: &str) -> Option<V> {
        (self.mark == mark)
            .then(|| self.found.get(word).copied())
            .flatten()
    }

    fn insert(&mut self, mark: u64, word: &str, found: V) {
        if self.mark != mark || self.found.len() >= MOST_WORDS {
            self.mark = mark;
            self.found.clear();
        }
        self.found.insert(word.into(), found);
    }
}

#[derive(Default)]
struct Recent {
    /// Lexicon lookups of words the bank does not know.
    looked: Remembered<Looked>,
    /// Typo corrections into one stage's keywords.
    corrected: Remembered<Option<TermId>>,
}

thread_local! {
    static RECENT: RefCell<Recent> = RefCell::new(Recent::default());
}

/// `work()`, remembered in the part of [`RECENT`] `part` picks, under `mark` and `word`.
fn remembered<V: Copy>(
    part: fn(&mut Recent) -> &mut Remembered<V>,
    mark: u64,
    word: &str,
    work: impl FnOnce() -> V,
) -> V {
    if word.len() > LONGEST_WORD {
        return work();
    }
    let before = RECENT
        .try_with(|recent| {
            let mut recent = recent.try_borrow_mut().ok()?;
            part(&mut recent).get(mark, word)
        })
        .ok()
        .flatten();
    if let Some(found) = before {
        return found;
    }
    let found = work();
    // During the thread's teardown, or (never expected) inside another lookup, nothing is
    // remembered; the result is the same either way.
    let _ = RECENT.try_with(|recent| {
        if let Ok(mut recent) = recent.try_borrow_mut() {
            part(&mut recent).insert(mark, word, found);
        }
    });
    found
}

/// What looking `word` up in the lexicon marked `mark` found, remembered or worked out by
/// `look` (and then remembered).
pub(super) fn looked_up(mark: u64, word: &str, look: impl FnOnce() -> Looked) -> Looked {
    remembered(|r| &mut r.looked, mark, word, look)
}

/// What correcting `word` into the stage keywords marked `mark` found, remembered or worked
/// out by `correct` (and then remembered).
pub(super) fn corrected(
    mark: u64,
    word: &str,
    correct: impl FnOnce() -> Option<TermId>,
) -> Option<TermId> {
    remembered(|r| &mut r.corrected, mark, word, correct)
}
