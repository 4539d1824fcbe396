//! Webhook mode: Telegram POSTs each update to us instead of being polled, for users behind a
//! reverse proxy. An update is answered 200 only after it is handled and on disk; anything
//! else makes Telegram send it again, which the per-user update ids make harmless.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use teloxide::payloads::SetWebhookSetters;
use teloxide::types::{AllowedUpdate, Update};
use tokio::sync::watch;

use super::api::Api;
use super::poll::handle_batch;
use super::retry::{Backoff, pause};
use super::shared::Shared;

/// Where Telegram sends updates, and how it proves it is Telegram.
#[derive(Clone)]
pub struct Webhook {
    /// The public HTTPS address Telegram calls (the reverse proxy's).
    pub url: url::Url,
    /// Where this process listens.
    pub listen: SocketAddr,
    /// Sent by Telegram in `X-Telegram-Bot-Api-Secret-Token` with every update.
    pub secret: String,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook")
            .field("url", &self.url.as_str())
            .field("listen", &self.listen)
            .finish_non_exhaustive()
    }
}

const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// Whether two byte strings are equal, in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub async fn run<B>(
    shared: Arc<Shared<B>>,
    webhook: Webhook,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<()>
where
    B: Api,
{
    let listener = tokio::net::TcpListener::bind(webhook.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen for webhooks on {}: {e}", webhook.listen))?;
    tracing::info!(listen = %webhook.listen, url = %webhook.url, "listening for webhook updates");
    // Register the webhook, retrying while Telegram is unreachable.
    let mut backoff = Backoff::default();
    loop {
        let request = shared
            .bot
            .set_webhook(webhook.url.clone())
            .secret_token(webhook.secret.clone())
            .allowed_updates([
                AllowedUpdate::Message,
                AllowedUpdate::EditedMessage,
                AllowedUpdate::CallbackQuery,
            ]);
        match request.await {
            Ok(_) => {
                shared.health.api_ok(shared.clock.now());
                break;
            }
            Err(e) => {
                let wait = backoff.failed();
                tracing::warn!(error = %e, retry_in = ?wait, "cannot register the webhook");
                if !pause(wait, &mut stop).await {
                    return Ok(());
                }
            }
        }
    }
    // Keep the health status honest while no updates arrive.
    let watcher = {
        let shared = Arc::clone(&shared);
        let mut stop = stop.clone();
        tokio::spawn(async move {
            loop {
                match shared.bot.get_webhook_info().await {
                    Ok(info) => {
                        shared.health.api_ok(shared.clock.now());
                        if let Some(error) = info.last_error_message {
                            tracing::warn!(%error, "Telegram reports a problem delivering to the webhook");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot reach the Bot API"),
                }
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(60)) => {}
                    _ = stop.changed() => return,
                }
            }
        })
    };
    let path = webhook.url.path().to_owned();
    let app = Router::new()
        .route(&path, post(receive::<B>))
        .with_state((shared, Arc::new(webhook.secret.clone())));
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = stop.wait_for(|stopped| *stopped).await;
        })
        .await?;
    watcher.abort();
    Ok(())
}

async fn receive<B>(
    State((shared, secret)): State<(Arc<Shared<B>>, Arc<String>)>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode
where
    B: Api,
{
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !same(given, secret.as_bytes()) {
        tracing::warn!("refused a webhook call without the right secret token");
        return StatusCode::UNAUTHORIZED;
    }
    shared.health.api_ok(shared.clock.now());
    let update: Update = match serde_json::from_slice(&body) {
        Ok(update) => update,
        Err(e) => {
            // It would never parse, so asking Telegram to resend it would only loop.
            tracing::warn!(error = %e, "dropping a webhook update that does not parse");
            return StatusCode::OK;
        }
    };
    handle_batch(&shared, vec![update]).await;
    StatusCode::OK
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn secrets_compare_exactly() {
        assert!(same(b"s3cret", b"s3cret"));
        assert!(!same(b"s3cret", b"s3creT"));
        assert!(!same(b"s3cret", b"s3cre"));
        assert!(!same(b"", b"x"));
    }
}
