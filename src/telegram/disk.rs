//! The one thread through which the running bot touches the database, committing writes in
//! groups.
//!
//! Two reasons, both measured under load. sled frees its 512 KB write buffers (and old page
//! versions) through epoch-based reclamation, which parks garbage in a bag per thread until
//! the bag fills: with the runtime's ninety-odd threads each writing now and then, dozens of
//! buffers waited in half-empty bags and memory grew for as long as users answered. And
//! every reply waited for a flush of its own: writes that arrive while one flush runs now
//! share the next one (group commit), so the disk sees one flush per batch, not one per user.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use crate::store::{Store, StoreError};

/// What is left to do for a write once the batch is on disk: tell its caller.
type Done = Box<dyn FnOnce(&Result<(), StoreError>) + Send>;
/// A read or a write; a write that succeeded returns what to do after the flush.
type Job = Box<dyn FnOnce(&Store) -> Option<Done> + Send>;

/// At most this many jobs share one flush, so a flood of writes still reports back steadily.
const BATCH: usize = 256;

pub struct Disk {
    jobs: Sender<Job>,
    store: Store,
}

impl Disk {
    pub fn start(store: Store) -> std::io::Result<Disk> {
        let (jobs, queue) = channel::<Job>();
        let own = store.clone();
        std::thread::Builder::new()
            .name("mlsd-disk".to_owned())
            .spawn(move || work(&own, &queue))?;
        Ok(Disk { jobs, store })
    }

    /// Runs `f` on the disk thread and returns once its writes are on disk.
    pub async fn write<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<R, StoreError> + Send + 'static,
    ) -> Result<R, StoreError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |store| match f(store) {
            Ok(value) => Some(Box::new(move |flushed: &Result<(), StoreError>| {
                // The caller may have gone (the bot is stopping): nothing to tell.
                let _ = tx.send(flushed.clone().map(|()| value));
            })),
            Err(e) => {
                let _ = tx.send(Err(e));
                None
            }
        });
        self.submit(job, rx).await
    }

    /// Runs `f` on the disk thread without waiting for a flush: for reads, and for the
    /// rare operations that flush on their own (erasing a user, setting a record aside).
    pub async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<R, StoreError> + Send + 'static,
    ) -> Result<R, StoreError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |store| {
            let _ = tx.send(f(store));
            None
        });
        self.submit(job, rx).await
    }

    async fn submit<R>(
        &self,
        job: Job,
        rx: tokio::sync::oneshot::Receiver<Result<R, StoreError>>,
    ) -> Result<R, StoreError> {
        if self.jobs.send(job).is_err() {
            return Err(self.stopped());
        }
        // A job that panicked dropped its sender without a word.
        rx.await.unwrap_or_else(|_| Err(self.stopped()))
    }

    fn stopped(&self) -> StoreError {
        self.store.io(
            "use",
            "the operation failed unexpectedly and was not completed",
        )
    }
}

fn work(store: &Store, queue: &Receiver<Job>) {
    // Ends when every sender is gone: the bot is shutting down.
    while let Ok(first) = queue.recv() {
        let mut waiting = Vec::new();
        let mut next = Some(first);
        let mut taken = 0;
        while let Some(job) = next {
            // A panicking job (sled panics on some damaged pages) fails alone.
            if let Ok(Some(done)) =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(store)))
            {
                waiting.push(done);
            }
            taken += 1;
            next = match queue.try_recv() {
                Ok(job) if taken < BATCH => Some(job),
                Ok(job) => {
                    // Over the batch: it starts the next one, after this flush.
                    flush_and_tell(store, std::mem::take(&mut waiting));
                    taken = 0;
                    Some(job)
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => None,
            };
        }
        flush_and_tell(store, waiting);
    }
}

fn flush_and_tell(store: &Store, waiting: Vec<Done>) {
    if waiting.is_empty() {
        return;
    }
    // sled panics on some damaged files; the writers hear of it and the thread goes on.
    let flushed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| store.flush()))
        .unwrap_or_else(|_| Err(store.io("flush", "the database failed while flushing")));
    for done in waiting {
        done(&flushed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_write_is_on_disk_when_it_returns_and_a_failure_reaches_only_its_caller() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).expect("store");
        let disk = Disk::start(store.clone()).expect("thread");
        let written = disk
            .write(|s| {
                s.tree("t")?
                    .insert(b"k", b"v".to_vec())
                    .map(|_| 7)
                    .map_err(|e| s.io("write to", e))
            })
            .await;
        assert_eq!(written.ok(), Some(7));
        let read = disk
            .run(|s| s.tree("t")?.get(b"k").map_err(|e| s.io("read from", e)))
            .await;
        assert_eq!(read.ok().flatten().as_deref(), Some(&b"v"[..]));
        let failed: Result<(), _> = disk.write(|s| Err(s.io("write to", "no room"))).await;
        assert!(failed.is_err_and(|e| e.to_string().contains("no room")));
        let panicked: Result<(), _> = disk.run(|_| panic!("a damaged page")).await;
        assert!(panicked.is_err());
        assert_eq!(
            disk.run(|_| Ok(1)).await.ok(),
            Some(1),
            "the thread survives"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn writes_that_arrive_together_each_hear_back_and_each_is_stored() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).expect("store");
        let disk = std::sync::Arc::new(Disk::start(store.clone()).expect("thread"));
        let mut tasks = tokio::task::JoinSet::new();
        // More than a batch, so some share a flush and one batch spills into the next.
        let n = BATCH as u32 + 100;
        for i in 0..n {
            let disk = std::sync::Arc::clone(&disk);
            tasks.spawn(async move {
                disk.write(move |s| {
                    s.tree("t")?
                        .insert(i.to_be_bytes(), i.to_be_bytes().to_vec())
                        .map(|_| i)
                        .map_err(|e| s.io("write to", e))
                })
                .await
            });
        }
        let mut heard = Vec::new();
        while let Some(done) = tasks.join_next().await {
            heard.push(done.expect("task").expect("write"));
        }
        heard.sort_unstable();
        assert_eq!(heard, (0..n).collect::<Vec<_>>());
        assert_eq!(store.tree("t").expect("tree").len(), n as usize);
    }
}
