//! Work spread over the machine's cores while the dialogue files load, with results in the
//! order of the input: what loading builds must not depend on which thread finished first.
//!
//! Only pure work goes here (reading TOML, checking patterns, tokenising prose). What must
//! happen in file order (interning terms, which numbers them) stays on the calling thread.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads to use for `items` pieces of work: one per core, at most one per piece.
fn threads(items: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(items)
}

/// `items.iter().map(f).collect()`, on as many threads as the machine has cores. Pieces
/// differ in size (a case file is three times the vocabulary), so each thread takes the next
/// piece when it is free.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if threads(items.len()) <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads(items.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            break mine;
                        };
                        mine.push((i, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `f` on every item, the items split into one run per core.
pub fn for_each_mut<T: Send>(items: &mut [T], f: impl Fn(&mut T) + Sync) {
    let threads = threads(items.len());
    if threads <= 1 {
        items.iter_mut().for_each(f);
        return;
    }
    let f = &f;
    std::thread::scope(|scope| {
        for part in items.chunks_mut(items.len().div_ceil(threads)) {
            scope.spawn(move || part.iter_mut().for_each(f));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_input() {
        let items: Vec<usize> = (0..100).collect();
        assert_eq!(
            map(&items, |i| i * 2),
            (0..100).map(|i| i * 2).collect::<Vec<_>>()
        );
        let mut items = items;
        for_each_mut(&mut items, |i| *i += 1);
        assert_eq!(items, (1..101).collect::<Vec<_>>());
        assert!(map(&[] as &[u8], |_| ()).is_empty());
    }
}
