//! Drains users' outboxes: sends each queued message in order, removes it once Telegram
//! accepted it, and keeps it (retrying with backoff) while Telegram is unreachable. One task
//! per user with something to send; users are independent of each other.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use teloxide::types::ChatId;

use super::api::Api;
use super::outgoing::Queued;
use super::retry::Backoff;
use super::send::{Failure, send};
use super::users::Users;

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
        let mut backoff = Backoff::default();
        let mut next = {
            let _guard = self.users.lock(user).await;
            self.head(user).await
        };
        while let Some(queued) = next {
            let in_flight = (!queued.daily).then(|| Replying::start(&self.replying));
            let result = send(&self.bot, ChatId(user as i64), &queued.message).await;
            drop(in_flight);
            if !matches!(result, Err(Failure::Transient(_))) && queued.daily {
                self.pending.done();
            }
            next = match result {
                Ok(()) => {
                    backoff.succeeded();
                    self.finish(user, queued.id, false).await
                }
                Err(Failure::Blocked) => {
                    tracing::info!(
                        user,
                        "the user blocked the bot; their replies and daily prompts stop"
                    );
                    self.finish(user, queued.id, true).await
                }
                Err(Failure::Rejected(reason)) => {
                    tracing::error!(user, %reason, "Telegram rejected a message; dropping it");
                    self.finish(user, queued.id, false).await
                }
                Err(Failure::Transient(reason)) => {
                    let wait = backoff.failed();
                    tracing::warn!(user, %reason, retry_in = ?wait, "could not deliver a reply; will retry");
                    tokio::time::sleep(wait).await;
                    let _guard = self.users.lock(user).await;
                    self.head(user).await
                }
            };
        }
    }

    /// The next message to send as stored, or `None` after leaving the active set. Call it
    /// holding the user's lock: a handler that queues a message after that sees this drain
    /// gone and starts a new one.
    async fn head(&self, user: u64) -> Option<Queued> {
        let head = match self.users.load(user).await {
            Ok(Some(record)) => next_of(&record),
            Ok(None) => None,
            Err(e) => {
                tracing::error!(user, error = %e, "cannot read a record to deliver its replies");
                None
            }
        };
        self.leave_unless(user, head)
    }

    fn leave_unless(&self, user: u64, head: Option<Queued>) -> Option<Queued> {
        if head.is_none() {
            self.active
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&user);
        }
        head
    }

    /// Removes a delivered (or undeliverable) message; on `blocked`, also stops everything
    /// that would send to this user. Returns the next message to send, taken from the record
    /// it saved: reading the record again for it cost a third of the deliverer's work.
    async fn finish(&self, user: u64, id: u64, blocked: bool) -> Option<Queued> {
        let _guard = self.users.lock(user).await;
        let mut record = match self.users.load(user).await {
            Ok(Some(record)) => record,
            // Erased meanwhile (/delete): nothing left to update or send.
            Ok(None) => return self.leave_unless(user, None),
            Err(e) => {
                tracing::error!(user, error = %e, "cannot update a record after delivery");
                return self.leave_unless(user, None);
            }
        };
        record.outbox.retain(|q| q.id != id);
        if blocked {
            record.blocked = true;
            for dropped in record.outbox.drain(..) {
                if dropped.daily {
                    self.pending.done();
                }
            }
            super::daily::on_blocked(&mut record);
        }
        let next = next_of(&record);
        match self.users.save(user, record).await {
            Ok(()) => self.leave_unless(user, next),
            Err(e) => {
                tracing::error!(user, error = %e, "cannot save a record after delivery");
                // Go on from what is stored, as before this returned the next message.
                self.head(user).await
            }
        }
    }
}

/// What a record has to send next: nothing once the user blocked the bot.
fn next_of(record: &super::record::UserRecord) -> Option<Queued> {
    if record.blocked {
        return None;
    }
    record.outbox.first().cloned()
}
