//! Long polling with at-least-once handling: a batch of updates is confirmed to Telegram (by
//! asking for the next one) only after every update in it is handled and its effects are on
//! disk. Together with the last handled update id kept per user, a crash at any moment
//! neither loses an update nor applies one twice.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use teloxide::RequestError;
use teloxide::payloads::{AnswerCallbackQuerySetters, GetUpdatesSetters};
use teloxide::types::{AllowedUpdate, CallbackQueryId, ChatId, Update};
use tokio::sync::watch;

use crate::present::Doc;

use super::api::Api;
use super::conversation::{self, CallbackAnswer, Env};
use super::incoming::{Incoming, Kind, classify};
use super::outgoing::Outgoing;
use super::record::UserRecord;
use super::render;
use super::retry::{Backoff, pause};
use super::route::{Route, route};
pub use super::shared::Shared;
use super::wording;

/// Polls until `stop` turns true, then returns after the batch in hand is handled.
pub async fn run<B>(shared: Arc<Shared<B>>, poll_timeout: Duration, mut stop: watch::Receiver<bool>)
where
    B: Api,
{
    let mut offset: i32 = 0;
    // Updates that wait are turns that wait: after an outage, polling resumes within 15 s.
    let mut backoff = Backoff::up_to(Duration::from_secs(15));
    loop {
        if *stop.borrow() {
            return;
        }
        let request = shared
            .bot
            .get_updates()
            .offset(offset)
            .timeout(poll_timeout.as_secs() as u32)
            .allowed_updates([
                AllowedUpdate::Message,
                AllowedUpdate::EditedMessage,
                AllowedUpdate::CallbackQuery,
            ]);
        let updates = tokio::select! {
            result = request => result,
            _ = stop.changed() => return,
        };
        let updates = match updates {
            Ok(updates) => {
                if backoff.succeeded() {
                    tracing::info!("reconnected to the Bot API");
                }
                shared.health.api_ok(shared.clock.now());
                updates
            }
            Err(RequestError::RetryAfter(after)) => {
                tracing::warn!(
                    seconds = after.seconds(),
                    "flood control on getUpdates; waiting"
                );
                tokio::time::sleep(after.duration()).await;
                continue;
            }
            Err(e) => {
                let wait = backoff.failed();
                tracing::warn!(error = %e, retry_in = ?wait, "cannot get updates from the Bot API");
                if !pause(wait, &mut stop).await {
                    return;
                }
                continue;
            }
        };
        let Some(last) = updates.last().map(|u| u.id.0) else {
            continue;
        };
        handle_batch(&shared, updates).await;
        offset = last as i32 + 1;
    }
}

/// How long a batch waits for the notice to a group chat before moving on.
const GROUP_NOTICE_WAIT: Duration = Duration::from_secs(1);

/// Handles a batch: each user's updates in order, users in parallel; returns when all are
/// done.
pub async fn handle_batch<B>(shared: &Arc<Shared<B>>, updates: Vec<Update>)
where
    B: Api,
{
    let mut by_chat: BTreeMap<i64, Vec<Incoming>> = BTreeMap::new();
    for update in &updates {
        let incoming = classify(update, &shared.bot_name);
        if incoming.kind == Kind::Ignored {
            continue;
        }
        let chat = by_chat.entry(incoming.chat).or_default();
        // One "private chats only" notice per group and batch is plenty.
        if incoming.kind == Kind::NotPrivate && chat.iter().any(|i| i.kind == Kind::NotPrivate) {
            continue;
        }
        chat.push(incoming);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (_, incomings) in by_chat {
        let shared = Arc::clone(shared);
        tasks.spawn(async move {
            for incoming in incomings {
                handle(&shared, incoming).await;
            }
        });
    }
    while let Some(result) = tasks.join_next().await {
        if let Err(e) = result {
            tracing::error!(error = %e, "an update handler failed");
        }
    }
}

async fn handle<B>(shared: &Shared<B>, incoming: Incoming)
where
    B: Api,
{
    let chat = ChatId(incoming.chat);
    let user = match route(&shared.policy, &incoming) {
        Route::Drop => return,
        Route::GroupNotice => {
            // A courtesy, stored nowhere: it must not hold the whole batch, and everyone's
            // replies, behind the group's slow per-chat limit.
            let notice = direct(&shared.groups, chat, wording::not_private());
            if tokio::time::timeout(GROUP_NOTICE_WAIT, notice)
                .await
                .is_err()
            {
                tracing::debug!(chat = chat.0, "gave up on a group notice");
            }
            return;
        }
        Route::NotAllowed => {
            answer_button(shared, &incoming, None).await;
            direct(&shared.bot, chat, wording::not_allowed()).await;
            return;
        }
        Route::Stats => {
            let doc = match shared.users.all().await {
                Ok(records) => {
                    let mut stats = super::stats::compute(records);
                    match shared.users.dispute_counts().await {
                        Ok(counts) => stats.disputes = Some(counts),
                        Err(e) => tracing::warn!(error = %e, "cannot count disputes for /stats"),
                    }
                    super::stats::render(&stats)
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot read records for /stats");
                    could_not_save()
                }
            };
            direct(&shared.bot, chat, doc).await;
            return;
        }
        Route::Conversation { user } => user,
    };
    let ctx = shared.clock.context(shared.engine);
    let now = ctx.now;
    let guard = shared.users.lock(user).await;
    let mut intro = None;
    let record = match shared.users.load(user).await {
        Ok(record) => record.unwrap_or_default(),
        Err(e) if e.is_record_problem() => {
            tracing::error!(user, error = %e, "setting an unreadable record aside");
            if let Err(e) = shared.users.quarantine(user, now).await {
                tracing::error!(user, error = %e, "cannot set the unreadable record aside");
                drop(guard);
                direct(&shared.bot, chat, could_not_save()).await;
                return;
            }
            intro = Some(wording::unreadable_record());
            UserRecord::default()
        }
        Err(e) => {
            tracing::error!(user, error = %e, "cannot read a user record");
            drop(guard);
            direct(&shared.bot, chat, could_not_save()).await;
            return;
        }
    };
    if record.already_handled(incoming.update) {
        drop(guard);
        answer_button(shared, &incoming, None).await;
        // Its replies may still be waiting if the crash came before they were sent.
        shared.deliverer.notify(user);
        return;
    }
    let script = Arc::clone(&shared.script);
    let dispute_user_ids = shared.policy.dispute_user_ids;
    let update = incoming.clone();
    let decided = shared
        .workers
        .run(move || {
            let env = Env {
                script: &script,
                ctx,
                dispute_user_ids,
            };
            conversation::handle(&env, record, &update)
        })
        .await;
    let Some(outcome) = decided else {
        tracing::error!(
            user,
            "the conversation failed on an update; nothing was saved"
        );
        drop(guard);
        answer_button(shared, &incoming, None).await;
        direct(&shared.bot, chat, could_not_save()).await;
        return;
    };
    let callback = outcome.callback.clone();
    match outcome.record {
        Some(mut record) => {
            if let Some(intro) = intro {
                for m in render::text_messages(&intro, None) {
                    record.enqueue(m);
                }
            }
            for m in outcome.send {
                record.enqueue(m);
            }
            if let Err(e) = shared
                .users
                .save_with(user, record, &outcome.disputes)
                .await
            {
                tracing::error!(user, error = %e, "cannot save a user record");
                drop(guard);
                answer_button(shared, &incoming, callback).await;
                direct(&shared.bot, chat, could_not_save()).await;
                return;
            }
            drop(guard);
            answer_button(shared, &incoming, callback).await;
            shared.deliverer.notify(user);
        }
        None => {
            let erased = shared.users.erase(user).await;
            drop(guard);
            answer_button(shared, &incoming, callback).await;
            match erased {
                Ok(()) => {
                    tracing::info!(user, "erased a user's data at their request");
                    for m in outcome.send {
                        send_direct(&shared.bot, chat, &m).await;
                    }
                }
                Err(e) => {
                    tracing::error!(user, error = %e, "cannot erase a user's data");
                    direct(&shared.bot, chat, could_not_save()).await;
                }
            }
        }
    }
}

fn could_not_save() -> Doc {
    let mut doc = Doc::default();
    doc.text("Sorry, I couldn't save that just now, so it didn't count. Please send it again in a moment.");
    doc
}

/// Every button press is answered, even a stale or refused one, so the phone stops its
/// spinner.
async fn answer_button<B>(shared: &Shared<B>, incoming: &Incoming, answer: Option<CallbackAnswer>)
where
    B: Api,
{
    let Kind::Button { query, .. } = &incoming.kind else {
        return;
    };
    let text = answer.and_then(|a| a.text);
    let mut request = shared
        .bot
        .answer_callback_query(CallbackQueryId(query.clone()));
    if let Some(text) = text {
        request = request.text(text);
    }
    if let Err(e) = request.await {
        tracing::debug!(error = %e, "could not answer a button press");
    }
}

/// Sends a message that is not stored (refusals, group notices, the goodbye after erasing).
async fn direct<B>(bot: &B, chat: ChatId, doc: Doc)
where
    B: Api,
{
    for m in render::text_messages(&doc, None) {
        send_direct(bot, chat, &m).await;
    }
}

async fn send_direct<B>(bot: &B, chat: ChatId, message: &Outgoing)
where
    B: Api,
{
    if let Err(failure) = super::send::send(bot, chat, message).await {
        tracing::warn!(?failure, "could not send a message");
    }
}
