//! Words no dialogue file uses, with what looking them up found, kept for a while on each
//! thread.
//!
//! A word the bank does not know is stemmed and read for its roles on every lookup, several
//! thousand instructions for a long word. An answer is read again at every later stage of its
//! interview (what was said earlier counts later) and with every follow-up, so the same
//! unknown words come back; remembering them spares the stemmer. What a lookup finds depends
//! only on the word and the finished lexicon, so a remembered result is the same result.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use super::lexicon::Looked;

/// The most words remembered per thread; past that the memory starts again, so a stream of
/// new words costs a bounded amount of memory.
const MOST_WORDS: usize = 1024;
/// Longer words are not remembered: they are rarely words, and one should not pin memory.
const LONGEST_WORD: usize = 64;

/// A finished lexicon's mark: what one lexicon found is never served for another.
pub(super) fn new_mark() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[derive(Default)]
struct Recent {
    /// The mark of the lexicon the words were looked up in.
    mark: u64,
    looked: FxHashMap<Box<str>, Looked>,
}

thread_local! {
    static RECENT: RefCell<Recent> = RefCell::new(Recent::default());
}

/// What looking `word` up in the lexicon marked `mark` found, remembered or worked out by
/// `look` (and then remembered).
pub(super) fn looked_up(mark: u64, word: &str, look: impl FnOnce() -> Looked) -> Looked {
    if word.len() > LONGEST_WORD {
        return look();
    }
    let remembered = RECENT
        .try_with(|recent| {
            let recent = recent.try_borrow().ok()?;
            (recent.mark == mark)
                .then(|| recent.looked.get(word).copied())
                .flatten()
        })
        .ok()
        .flatten();
    if let Some(found) = remembered {
        return found;
    }
    let found = look();
    // During the thread's teardown, or (never expected) inside another lookup, nothing is
    // remembered; the result is the same either way.
    let _ = RECENT.try_with(|recent| {
        if let Ok(mut recent) = recent.try_borrow_mut() {
            if recent.mark != mark || recent.looked.len() >= MOST_WORDS {
                recent.mark = mark;
                recent.looked.clear();
            }
            recent.looked.insert(word.into(), found);
        }
    });
    found
}
