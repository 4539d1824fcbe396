//! Messages the bot will send, as data: stored in a user's outbox before they are sent, so a
//! crash between saving and sending loses nothing.

use serde::{Deserialize, Serialize};

/// One message to one chat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outgoing {
    /// Telegram HTML (every piece of user or content text already escaped), at most 4096
    /// characters after entity parsing.
    Text {
        html: String,
        /// The same message without markup, sent if Telegram ever rejects the HTML.
        plain: String,
        #[serde(default)]
        keyboard: Option<Keyboard>,
    },
    /// The progress chart, rendered to PNG when it is sent.
    Chart {
        chart: super::progress::Chart,
        caption: String,
    },
    /// A file: the Markdown export of a user's history.
    Document {
        file_name: String,
        content: String,
        caption: String,
    },
}

/// Inline buttons, row by row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keyboard {
    pub rows: Vec<Vec<Button>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    /// Callback data, at most 64 bytes (see [`super::callback`]).
    pub data: String,
}

/// An outbox entry: a message and its place in the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    pub id: u64,
    pub message: Outgoing,
    /// Sent by the daily scheduler rather than in answer to the user.
    #[serde(default)]
    pub daily: bool,
}
