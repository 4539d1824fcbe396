//! Messages the bot will send, as data: stored in a user's outbox before they are sent, so a
//! crash between saving and sending loses nothing.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// One message to one chat.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "Stored<'static>")]
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

/// How a message is stored. A text's plain version is almost always its HTML with the tags
/// taken out and the entities read back; then it is left out and worked out again when read.
/// Records carry their outbox and the blocks behind buttons, so the duplicate was about a
/// sixth of every user record, encoded and decoded at every write and read. Records written
/// before keep their `plain`, and read as they always did. Written from a borrowed message
/// (no copy of its texts), read into an owned one.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Stored<'a> {
    Text {
        html: Cow<'a, str>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        plain: Option<Cow<'a, str>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        keyboard: Option<Cow<'a, Keyboard>>,
    },
    Chart {
        chart: Cow<'a, super::progress::Chart>,
        caption: Cow<'a, str>,
    },
    Document {
        file_name: Cow<'a, str>,
        content: Cow<'a, str>,
        caption: Cow<'a, str>,
    },
}

impl From<Stored<'static>> for Outgoing {
    fn from(stored: Stored<'static>) -> Outgoing {
        match stored {
            Stored::Text {
                html,
                plain,
                keyboard,
            } => Outgoing::Text {
                plain: plain.map_or_else(|| shown(&html).collect(), Cow::into_owned),
                html: html.into_owned(),
                keyboard: keyboard.map(Cow::into_owned),
            },
            Stored::Chart { chart, caption } => Outgoing::Chart {
                chart: chart.into_owned(),
                caption: caption.into_owned(),
            },
            Stored::Document {
                file_name,
                content,
                caption,
            } => Outgoing::Document {
                file_name: file_name.into_owned(),
                content: content.into_owned(),
                caption: caption.into_owned(),
            },
        }
    }
}

impl Serialize for Outgoing {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let stored = match self {
            Outgoing::Text {
                html,
                plain,
                keyboard,
            } => Stored::Text {
                html: Cow::Borrowed(html),
                plain: (!shown(html).eq(plain.chars())).then_some(Cow::Borrowed(plain)),
                keyboard: keyboard.as_ref().map(Cow::Borrowed),
            },
            Outgoing::Chart { chart, caption } => Stored::Chart {
                chart: Cow::Borrowed(chart),
                caption: Cow::Borrowed(caption),
            },
            Outgoing::Document {
                file_name,
                content,
                caption,
            } => Stored::Document {
                file_name: Cow::Borrowed(file_name),
                content: Cow::Borrowed(content),
                caption: Cow::Borrowed(caption),
            },
        };
        stored.serialize(serializer)
    }
}

/// The characters of Telegram HTML as written by `present::escape_html` and the renderer, as
/// a phone shows them: tags dropped, `&lt;`, `&gt;`, `&amp;` and `&quot;` read back.
fn shown(html: &str) -> impl Iterator<Item = char> + '_ {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let mut chars = rest.chars();
            let c = chars.next()?;
            rest = chars.as_str();
            match c {
                '<' => {
                    rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
                }
                '&' => {
                    for (entity, c) in [("lt;", '<'), ("gt;", '>'), ("amp;", '&'), ("quot;", '"')] {
                        if let Some(after) = rest.strip_prefix(entity) {
                            rest = after;
                            return Some(c);
                        }
                    }
                    return Some('&');
                }
                c => return Some(c),
            }
        }
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::Doc;

    fn text(html: &str, plain: &str) -> Outgoing {
        Outgoing::Text {
            html: html.to_owned(),
            plain: plain.to_owned(),
            keyboard: None,
        }
    }

    #[test]
    fn a_plain_version_that_the_html_gives_is_not_stored_and_comes_back_the_same() {
        let mut doc = Doc::default();
        doc.text("Splits & leaks: <train> before \"test\"");
        let messages = super::super::render::text_messages(&doc, None);
        for message in messages {
            let json = serde_json::to_string(&message).expect("encode");
            assert!(!json.contains("\"plain\""), "{json}");
            let back: Outgoing = serde_json::from_str(&json).expect("decode");
            assert_eq!(back, message);
        }
        let bold = text(
            "<b>Data: 80/100</b> a &lt; b &amp;&amp; c",
            "Data: 80/100 a < b && c",
        );
        let json = serde_json::to_string(&bold).expect("encode");
        assert!(!json.contains("\"plain\""), "{json}");
        assert_eq!(serde_json::from_str::<Outgoing>(&json).ok(), Some(bold));
    }

    #[test]
    fn a_plain_version_that_differs_is_stored_and_an_old_message_still_reads() {
        let differs = text("<b>Data</b>", "DATA");
        let json = serde_json::to_string(&differs).expect("encode");
        assert!(json.contains("\"plain\":\"DATA\""), "{json}");
        assert_eq!(serde_json::from_str::<Outgoing>(&json).ok(), Some(differs));
        let old = r#"{"kind":"text","html":"<b>Hi</b>","plain":"Hi!","keyboard":null}"#;
        assert_eq!(
            serde_json::from_str::<Outgoing>(old).ok(),
            Some(text("<b>Hi</b>", "Hi!"))
        );
    }
}
