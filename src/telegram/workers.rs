//! A small fixed pool of threads for the conversation's pure decisions (the judge among
//! them). The regular expressions of the content keep a match cache per thread that uses
//! them; judging on whichever of the runtime's thirty-odd threads took the update grew memory
//! with every thread that ever judged. Judging takes tens of microseconds, so one thread
//! decides for thousands of answers a second, and every further thread would hold its own
//! copy of those caches (tens of MB once the whole bank has been used).

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

pub struct Workers {
    jobs: Mutex<Sender<Job>>,
}

/// How many threads decide at once.
pub const THREADS: usize = 1;

impl Workers {
    pub fn new(threads: usize) -> std::io::Result<Workers> {
        let (jobs, queue) = channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..threads.max(1) {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("mlsd-decide-{i}"))
                .spawn(move || work(&queue))?;
        }
        Ok(Workers {
            jobs: Mutex::new(jobs),
        })
    }

    /// Runs `f` on the pool and waits for its result; `None` if it panicked.
    pub async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce() -> R + Send + 'static,
    ) -> Option<R> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            // The waiting side may be gone (the bot is stopping): nothing to tell.
            let _ = tx.send(result.ok());
        });
        let sent = self
            .jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(job);
        if sent.is_err() {
            return None;
        }
        rx.await.ok().flatten()
    }
}

fn work(queue: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while waiting for the next job, not while running it.
        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
        match next {
            Ok(job) => job(),
            // Every sender is gone: the bot is shutting down.
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_on_the_pool_and_a_panic_is_a_none_not_a_dead_pool() {
        let workers = Workers::new(2).expect("threads");
        let name = workers
            .run(|| std::thread::current().name().map(str::to_owned))
            .await
            .flatten();
        assert!(name.is_some_and(|n| n.starts_with("mlsd-decide-")));
        let panicked: Option<()> = workers.run(|| panic!("boom")).await;
        assert_eq!(panicked, None);
        for i in 0..10 {
            assert_eq!(workers.run(move || i * 2).await, Some(i * 2));
        }
    }
}
