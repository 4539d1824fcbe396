//! Drains users' outboxes: sends each queued message in order, removes it once Telegram
//! accepted it, and keeps it (retrying with backoff) while Telegram is unreachable. One task
//! per user with something to send; users are independent of each other.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use teloxide::types::ChatId;

use super::api::Api;
use super::outgoing::Queued;
use super::retry::Backoff;
use super::send::{Failure, send};
use super::users::Users;

/// At most this many messages (a turn's two) are sent before the write that removes them:
/// what a crash there sends twice. Telegram's per-chat limit lets about one message a second
/// through, so a backlog sent eight at a time before each write made no progress at all in
/// the crash drill (a kill every three seconds): the same eight went out after every restart.
const PER_WRITE: usize = 2;

/// The longest a user's delivery waits between attempts while Telegram keeps failing. Each
/// user backs off on their own, so with a minute's cap a storm of 5xx or 429 left some
/// turns waiting 20 s and more after the API answered again (BENCHMARKS.md, fault drills).
const MAX_RETRY_WAIT: Duration = Duration::from_secs(8);
/// The shortest wait after a failure, even when other sends succeed meanwhile.
const MIN_RETRY_WAIT: Duration = Duration::from_millis(250);

/// Counts daily prompts queued but not yet delivered.
#[derive(Debug, Default)]
pub struct Pending(AtomicUsize);

impl Pending {
    pub fn add(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    pub fn done(&self) {
        // Saturating: prompts left over from before a restart were never counted.
        let _ = self
            .0
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                Some(n.saturating_sub(1))
            });
    }

    pub fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

pub struct Deliverer<B> {
    bot: B,
    users: Arc<Users>,
    active: Mutex<HashSet<u64>>,
    pending: Arc<Pending>,
    /// Replies to users being sent right now; while there are any, the scheduler keeps at
    /// most one daily prompt ahead of them in the throttle's queue.
    replying: AtomicUsize,
    /// Ticks at each message Telegram accepts while some delivery waits to retry: the API
    /// answers again, so the waiting ones try again now instead of at their backoff's end.
    answered: tokio::sync::watch::Sender<u64>,
}

/// Counts one reply in flight for as long as it lives, however the send ends.
struct Replying<'a>(&'a AtomicUsize);

impl<'a> Replying<'a> {
    fn start(counter: &'a AtomicUsize) -> Replying<'a> {
        counter.fetch_add(1, Ordering::SeqCst);
        Replying(counter)
    }
}

impl Drop for Replying<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl<B> Deliverer<B>
where
    B: Api,
{
    pub fn new(bot: B, users: Arc<Users>, pending: Arc<Pending>) -> Arc<Self> {
        Arc::new(Deliverer {
            bot,
            users,
            active: Mutex::new(HashSet::new()),
            pending,
            replying: AtomicUsize::new(0),
            answered: tokio::sync::watch::Sender::new(0),
        })
    }

    /// Replies to users being sent at this moment (daily prompts not counted).
    pub fn replying(&self) -> usize {
        self.replying.load(Ordering::SeqCst)
    }

    /// Makes sure the user's outbox is being drained. Cheap to call often.
    pub fn notify(self: &Arc<Self>, user: u64) {
        let newly = self
            .active
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(user);
        if newly {
            let this = Arc::clone(self);
            tokio::spawn(async move { this.drain(user).await });
        }
    }

    /// Whether any outbox is still being drained (for graceful shutdown and tests).
    pub fn busy(&self) -> bool {
        !self
            .active
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
    }

    async fn drain(self: Arc<Self>, user: u64) {
        let mut backoff = Backoff::up_to(MAX_RETRY_WAIT);
        let mut queue = {
            let _guard = self.users.lock(user).await;
            self.head(user).await
        };
        while !queue.is_empty() {
            // Everything waiting goes out before one write removes it (a turn's two
            // messages, one write and flush instead of two). A crash before that write sends
            // them again: at least once, as before.
            let mut sent = Vec::new();
            let mut blocked = false;
            let mut failed = None;
            for queued in queue.iter().take(PER_WRITE) {
                let in_flight = (!queued.daily).then(|| Replying::start(&self.replying));
                let result = send(&self.bot, ChatId(user as i64), &queued.message).await;
                drop(in_flight);
                if !matches!(result, Err(Failure::Transient(_))) && queued.daily {
                    self.pending.done();
                }
                match result {
                    Ok(()) => {
                        backoff.succeeded();
                        self.answered();
                        sent.push(queued.id);
                    }
                    Err(Failure::Blocked) => {
                        tracing::info!(
                            user,
                            "the user blocked the bot; their replies and daily prompts stop"
                        );
                        sent.push(queued.id);
                        blocked = true;
                        break;
                    }
                    Err(Failure::Rejected(reason)) => {
                        tracing::error!(user, %reason, "Telegram rejected a message; dropping it");
                        sent.push(queued.id);
                    }
                    Err(Failure::Transient(reason)) => {
                        failed = Some(reason);
                        break;
                    }
                }
            }
            if !sent.is_empty() {
                queue = self.finish(user, &sent, blocked).await;
                if queue.is_empty() {
                    // Left the active set: a newer drain may already own this user.
                    return;
                }
            }
            if let Some(reason) = failed {
                let wait = backoff.failed();
                tracing::warn!(user, %reason, retry_in = ?wait, "could not deliver a reply; will retry");
                if self.until_answered(wait).await {
                    // The API answers again: a failure from now on starts from the shortest wait.
                    backoff.succeeded();
                }
                let _guard = self.users.lock(user).await;
                queue = self.head(user).await;
            }
        }
    }

    fn answered(&self) {
        if self.answered.receiver_count() > 0 {
            self.answered.send_modify(|n| *n = n.wrapping_add(1));
        }
    }

    /// Waits `wait`, or less once another delivery got through (but at least
    /// [`MIN_RETRY_WAIT`]); returns whether it was cut short.
    async fn until_answered(&self, wait: Duration) -> bool {
        let mut answered = self.answered.subscribe();
        let early = async {
            tokio::time::sleep(MIN_RETRY_WAIT.min(wait)).await;
            if answered.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => false,
            () = early => true,
        }
    }

    /// The messages to send as stored, or none after leaving the active set. Call it
    /// holding the user's lock: a handler that queues a message after that sees this drain
    /// gone and starts a new one.
    async fn head(&self, user: u64) -> Vec<Queued> {
        let head = match self.users.outbox(user).await {
            Ok(outbox) => outbox,
            Err(e) => {
                tracing::error!(user, error = %e, "cannot read a record to deliver its replies");
                Vec::new()
            }
        };
        self.leave_unless(user, head)
    }

    fn leave_unless(&self, user: u64, head: Vec<Queued>) -> Vec<Queued> {
        if head.is_empty() {
            self.active
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&user);
        }
        head
    }

    /// Removes delivered (or undeliverable) messages; on `blocked`, also stops everything
    /// that would send to this user. Returns what is left to send, taken from the record it
    /// saved (messages queued meanwhile), or none after leaving the active set.
    async fn finish(&self, user: u64, sent: &[u64], blocked: bool) -> Vec<Queued> {
        let _guard = self.users.lock(user).await;
        let mut record = match self.users.load(user).await {
            Ok(Some(record)) => record,
            // Erased meanwhile (/delete): nothing left to update or send.
            Ok(None) => return self.leave_unless(user, Vec::new()),
            Err(e) => {
                tracing::error!(user, error = %e, "cannot update a record after delivery");
                return self.leave_unless(user, Vec::new());
            }
        };
        record.outbox.retain(|q| !sent.contains(&q.id));
        if blocked {
            record.blocked = true;
            for dropped in record.outbox.drain(..) {
                if dropped.daily {
                    self.pending.done();
                }
            }
            super::daily::on_blocked(&mut record);
        }
        let next = if record.blocked {
            Vec::new()
        } else {
            record.outbox.clone()
        };
        match self.users.save(user, record).await {
            Ok(()) => self.leave_unless(user, next),
            Err(e) => {
                tracing::error!(user, error = %e, "cannot save a record after delivery");
                // Go on from what is stored.
                self.head(user).await
            }
        }
    }
}
