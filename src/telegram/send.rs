//! Sending one message through the Bot API, and what a failure means for us.

use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::payloads::{SendDocumentSetters, SendMessageSetters, SendPhotoSetters};
use teloxide::prelude::Requester;
use teloxide::types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, ParseMode};

use super::outgoing::{Keyboard, Outgoing};
use super::progress;

/// How a failed send should be handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The user blocked the bot or is gone: stop sending to them.
    Blocked,
    /// Telegram refused this message for good (bad request): drop it.
    Rejected(String),
    /// Worth retrying later: network trouble, a 5xx, flood control.
    Transient(String),
}

pub fn classify(error: &RequestError) -> Failure {
    match error {
        RequestError::Api(api) => match api {
            ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::BotKickedFromChannel
            | ApiError::ChatNotFound
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots => Failure::Blocked,
            ApiError::Unknown(text) if text.starts_with("Forbidden") => Failure::Blocked,
            ApiError::Unknown(text) if !text.starts_with("Bad Request") => {
                Failure::Transient(text.clone())
            }
            other => Failure::Rejected(other.to_string()),
        },
        RequestError::RetryAfter(after) => {
            Failure::Transient(format!("flood control, retry after {}s", after.seconds()))
        }
        RequestError::MigrateToChatId(_) => Failure::Rejected(error.to_string()),
        // Network errors carry no URL (teloxide redacts the token from them).
        RequestError::Network(_) | RequestError::InvalidJson { .. } | RequestError::Io(_) => {
            Failure::Transient(error.to_string())
        }
    }
}

fn markup(keyboard: &Keyboard) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(keyboard.rows.iter().map(|row| {
        row.iter()
            .map(|b| InlineKeyboardButton::callback(b.label.clone(), b.data.clone()))
            .collect::<Vec<_>>()
    }))
}

/// Sends one message. HTML that Telegram cannot parse is sent again as plain text, so a
/// formatting bug never swallows a reply.
pub async fn send<B>(bot: &B, chat: ChatId, message: &Outgoing) -> Result<(), Failure>
where
    B: Requester<Err = RequestError>,
{
    match message {
        Outgoing::Text {
            html,
            plain,
            keyboard,
        } => {
            let mut request = bot
                .send_message(chat, html.clone())
                .parse_mode(ParseMode::Html);
            if let Some(k) = keyboard {
                request = request.reply_markup(markup(k));
            }
            match request.await {
                Ok(_) => Ok(()),
                Err(RequestError::Api(ApiError::CantParseEntities(reason))) => {
                    tracing::error!(%reason, "Telegram rejected our HTML; sending plain text instead");
                    let mut request = bot.send_message(chat, plain.clone());
                    if let Some(k) = keyboard {
                        request = request.reply_markup(markup(k));
                    }
                    request.await.map(drop).map_err(|e| classify(&e))
                }
                Err(e) => Err(classify(&e)),
            }
        }
        Outgoing::Chart { chart, caption } => {
            let chart = chart.clone();
            let png = tokio::task::spawn_blocking(move || progress::render_png(&chart))
                .await
                .map_err(|e| Failure::Rejected(e.to_string()))?
                .map_err(|e| Failure::Rejected(e.to_string()))?;
            bot.send_photo(chat, InputFile::memory(png).file_name("progress.png"))
                .caption(caption.clone())
                .await
                .map(drop)
                .map_err(|e| classify(&e))
        }
        Outgoing::Document {
            file_name,
            content,
            caption,
        } => bot
            .send_document(
                chat,
                InputFile::memory(content.clone().into_bytes()).file_name(file_name.clone()),
            )
            .caption(caption.clone())
            .await
            .map(drop)
            .map_err(|e| classify(&e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocked_users_bad_requests_and_outages_are_told_apart() {
        assert_eq!(
            classify(&RequestError::Api(ApiError::BotBlocked)),
            Failure::Blocked
        );
        assert_eq!(
            classify(&RequestError::Api(ApiError::Unknown(
                "Forbidden: whatever".into()
            ))),
            Failure::Blocked
        );
        assert!(matches!(
            classify(&RequestError::Api(ApiError::MessageIsTooLong)),
            Failure::Rejected(_)
        ));
        assert!(matches!(
            classify(&RequestError::Api(ApiError::Unknown(
                "Internal Server Error".into()
            ))),
            Failure::Transient(_)
        ));
    }
}
