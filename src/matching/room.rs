//! Vectors kept per thread between answers, so that the next answer fills the same room.
//!
//! An answer's per-word vectors fill a kilobyte or more, and an allocation that size makes the
//! allocator tidy its free lists, a large and uneven share of judging. Each user declares its
//! own `thread_local!` slot and takes and keeps its room through these two functions.

use std::cell::Cell;
use std::thread::LocalKey;

/// A slot of a thread's spare room for vectors of `T`.
pub(super) type Slot<T> = LocalKey<Cell<Vec<T>>>;

/// Empty room, left in `slot` by an earlier answer on this thread if there was one.
pub(super) fn take<T: 'static>(slot: &'static Slot<T>) -> Vec<T> {
    let mut room = slot.try_with(Cell::take).unwrap_or_default();
    room.clear();
    room
}

/// Keeps `room` in `slot` for the next answer on this thread, unless it holds more than
/// `most` items (a pasted book is let go, not pinned).
pub(super) fn keep<T: 'static>(slot: &'static Slot<T>, room: Vec<T>, most: usize) {
    if room.capacity() <= most {
        // During the thread's teardown there is nowhere to keep it; it is freed.
        let _ = slot.try_with(|spare| spare.set(room));
    }
}
