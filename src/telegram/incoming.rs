//! What an update from Telegram means for us, decided without any I/O.

use teloxide::types::{Message, Update, UpdateKind};
use teloxide::utils::command::BotCommands;

use super::callback::Callback;
use super::command::Command;

/// One update, classified.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub update: u32,
    /// The Telegram user, when there is one.
    pub user: Option<u64>,
    pub chat: i64,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Command(Command),
    /// A `/word` that is not one of our commands.
    UnknownCommand(String),
    Text(String),
    /// A button press; `None` when the data is not ours (stale or forged).
    Button {
        query: String,
        callback: Option<Callback>,
    },
    /// A sticker, photo, voice note… with what it was, for the reply.
    NotText(&'static str),
    /// Something said in a group or channel.
    NotPrivate,
    /// An edited message.
    Edited,
    /// Nothing for us (member updates, polls, inline queries…).
    Ignored,
}

/// Classifies an update. `bot_name` is the bot's username, so `/help@our_bot` is ours and
/// `/help@other_bot` is not.
pub fn classify(update: &Update, bot_name: &str) -> Incoming {
    let id = update.id.0;
    match &update.kind {
        UpdateKind::Message(msg) => from_message(id, msg, bot_name),
        UpdateKind::EditedMessage(msg) => Incoming {
            update: id,
            user: msg.from.as_ref().map(|u| u.id.0),
            chat: msg.chat.id.0,
            kind: if msg.chat.is_private() {
                Kind::Edited
            } else {
                Kind::Ignored
            },
        },
        UpdateKind::CallbackQuery(q) => Incoming {
            update: id,
            user: Some(q.from.id.0),
            chat: q
                .message
                .as_ref()
                .map_or(q.from.id.0 as i64, |m| m.chat().id.0),
            kind: Kind::Button {
                query: q.id.0.clone(),
                callback: q.data.as_deref().and_then(Callback::parse),
            },
        },
        _ => Incoming {
            update: id,
            user: None,
            chat: 0,
            kind: Kind::Ignored,
        },
    }
}

fn from_message(update: u32, msg: &Message, bot_name: &str) -> Incoming {
    let user = msg.from.as_ref().map(|u| u.id.0);
    let chat = msg.chat.id.0;
    let incoming = |kind| Incoming {
        update,
        user,
        chat,
        kind,
    };
    if !msg.chat.is_private() {
        // Only answer in a group when spoken to: a command, or a reply to us.
        let addressed = msg.text().is_some_and(|t| t.starts_with('/'));
        return incoming(if addressed {
            Kind::NotPrivate
        } else {
            Kind::Ignored
        });
    }
    let Some(text) = msg.text() else {
        return incoming(Kind::NotText(what(msg)));
    };
    if let Some(rest) = text.trim_start().strip_prefix('/') {
        if let Ok(command) = Command::parse(text.trim(), bot_name) {
            return incoming(Kind::Command(command));
        }
        let word: String = rest
            .split(|c: char| c.is_whitespace() || c == '@')
            .next()
            .unwrap_or("")
            .chars()
            .take(32)
            .collect();
        // "/ 5 stars" or "/" alone is text, not a command.
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return incoming(Kind::UnknownCommand(word));
        }
    }
    incoming(Kind::Text(text.to_owned()))
}

fn what(msg: &Message) -> &'static str {
    if msg.sticker().is_some() {
        "a sticker"
    } else if msg.photo().is_some() {
        "a photo"
    } else if msg.voice().is_some() || msg.audio().is_some() {
        "a voice message"
    } else if msg.video().is_some() || msg.video_note().is_some() || msg.animation().is_some() {
        "a video"
    } else if msg.document().is_some() {
        "a file"
    } else if msg.location().is_some() {
        "a location"
    } else if msg.contact().is_some() {
        "a contact"
    } else if msg.poll().is_some() {
        "a poll"
    } else {
        "that"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parsed from text, as the HTTP client does: teloxide's flattened update kind does not
    /// deserialise from a `serde_json::Value`.
    fn update(json: serde_json::Value) -> Update {
        serde_json::from_str(&json.to_string()).expect("update json")
    }

    fn private(extra: serde_json::Value) -> Update {
        let mut message = serde_json::json!({
            "message_id": 5,
            "date": 1_700_000_000,
            "chat": {"id": 42, "type": "private", "first_name": "Ada"},
            "from": {"id": 42, "is_bot": false, "first_name": "Ada"},
        });
        for (k, v) in extra.as_object().expect("object") {
            message[k] = v.clone();
        }
        update(serde_json::json!({"update_id": 7, "message": message}))
    }

    #[test]
    fn commands_text_and_unknown_commands() {
        let k = |text: &str| classify(&private(serde_json::json!({"text": text})), "mlsd_bot").kind;
        assert_eq!(k("/hint"), Kind::Command(Command::Hint));
        assert_eq!(k("/hint@mlsd_bot"), Kind::Command(Command::Hint));
        assert_eq!(
            k("/interview news-feed"),
            Kind::Command(Command::Interview("news-feed".into()))
        );
        assert_eq!(k("/dance now"), Kind::UnknownCommand("dance".into()));
        assert_eq!(k("/hint@other_bot"), Kind::UnknownCommand("hint".into()));
        assert_eq!(
            k("I'd split by time"),
            Kind::Text("I'd split by time".into())
        );
        assert_eq!(k("/ 5 stars"), Kind::Text("/ 5 stars".into()));
    }

    #[test]
    fn stickers_and_photos_are_not_text() {
        let sticker = private(serde_json::json!({"sticker": {
            "file_id": "a", "file_unique_id": "b", "type": "regular",
            "width": 512, "height": 512, "is_animated": false, "is_video": false
        }}));
        assert_eq!(classify(&sticker, "b").kind, Kind::NotText("a sticker"));
        let location =
            private(serde_json::json!({"location": {"latitude": 1.0, "longitude": 2.0}}));
        assert_eq!(classify(&location, "b").kind, Kind::NotText("a location"));
    }

    #[test]
    fn groups_get_one_polite_answer_only_when_addressed() {
        let group = |text: &str| {
            update(serde_json::json!({"update_id": 8, "message": {
                "message_id": 1, "date": 1, "text": text,
                "chat": {"id": -100, "type": "group", "title": "team"},
                "from": {"id": 42, "is_bot": false, "first_name": "Ada"}
            }}))
        };
        assert_eq!(classify(&group("/start"), "b").kind, Kind::NotPrivate);
        assert_eq!(classify(&group("lunch?"), "b").kind, Kind::Ignored);
    }

    #[test]
    fn buttons_with_foreign_data_are_still_buttons() {
        let press = |data: &str| {
            update(serde_json::json!({"update_id": 9, "callback_query": {
                "id": "q1", "chat_instance": "c", "data": data,
                "from": {"id": 42, "is_bot": false, "first_name": "Ada"}
            }}))
        };
        assert_eq!(
            classify(&press("begin"), "b").kind,
            Kind::Button {
                query: "q1".into(),
                callback: Some(Callback::Begin)
            }
        );
        assert_eq!(
            classify(&press("x".repeat(64).as_str()), "b").kind,
            Kind::Button {
                query: "q1".into(),
                callback: None
            }
        );
    }
}
