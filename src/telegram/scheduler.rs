//! Sends daily prompts as they fall due. Each tick reads only the due part of the index.
//!
//! A prompt is written to the user's outbox in the same transaction that records the day as
//! prompted and schedules the next one, so a crash can neither lose nor repeat a day's
//! prompt. The scheduler never lets more than half a second's worth of prompts (at the
//! configured send rate) wait for delivery, and only one while replies to users are being
//! sent: when Telegram slows down (429) it waits too, and an interactive reply never queues
//! behind more than half a second of daily prompts.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::api::Api;
use super::daily;
use super::env::Env;
use super::shared::Shared;

/// Daily prompts allowed to wait for delivery at once when global pacing is off: each goes to
/// another chat, so they leave at once; this only bounds the memory they hold.
pub const IN_FLIGHT_UNPACED: usize = 100;
/// How many due entries one pass takes from the index.
const BATCH: usize = 500;

pub async fn run<B>(shared: Arc<Shared<B>>, tick: Duration, mut stop: watch::Receiver<bool>)
where
    B: Api,
{
    loop {
        if *stop.borrow() {
            return;
        }
        let now = shared.clock.now();
        let due = match shared.users.due(now, BATCH).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the daily schedule");
                Vec::new()
            }
        };
        let busy = !due.is_empty();
        for (at, user) in due {
            while shared.pending.get() >= room(&shared) {
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(20)) => {}
                    _ = stop.changed() => return,
                }
            }
            if *stop.borrow() {
                return;
            }
            fire(&shared, at, user).await;
        }
        if !busy {
            tokio::select! {
                _ = tokio::time::sleep(tick) => {}
                _ = stop.changed() => return,
            }
        }
    }
}

/// How many daily prompts may wait for delivery now: one while users are being answered, so
/// a burst of replies never queues behind a batch of prompts; otherwise half a second's
/// worth at the configured send rate.
fn room<B>(shared: &Shared<B>) -> usize
where
    B: Api,
{
    if shared.deliverer.replying() > 0 {
        1
    } else {
        shared.daily_in_flight
    }
}

async fn fire<B>(shared: &Shared<B>, due: i64, user: u64)
where
    B: Api,
{
    let guard = shared.users.lock(user).await;
    let record = match shared.users.load(user).await {
        Ok(Some(record)) => record,
        Ok(None) => {
            let _ = shared.users.drop_due(due, user).await;
            return;
        }
        Err(e) => {
            tracing::error!(user, error = %e, "cannot read a record for its daily prompt");
            // Leave the entry: the problem is reported, and it must not spin; drop it and
            // let the user's next message (which quarantines the record) start afresh.
            let _ = shared.users.drop_due(due, user).await;
            return;
        }
    };
    let env = Env {
        script: &shared.script,
        ctx: shared.clock.context(shared.engine),
        dispute_user_ids: shared.policy.dispute_user_ids,
    };
    let Some(fired) = daily::fire(&env, record, due) else {
        // The record no longer points at this entry.
        let _ = shared.users.drop_due(due, user).await;
        return;
    };
    let mut record = fired.record;
    let added = fired.send.len();
    for m in fired.send {
        record.enqueue_daily(m);
        shared.pending.add();
    }
    if let Err(e) = shared.users.save(user, record).await {
        tracing::error!(user, error = %e, "cannot save a daily prompt");
        for _ in 0..added {
            shared.pending.done();
        }
        return;
    }
    let sends = added > 0;
    drop(guard);
    if sends {
        shared.deliverer.notify(user);
    }
}
