//! Replies rendered as Telegram messages: HTML with every piece of text escaped, one message
//! per step (Telegram allows about one message a second per chat), split at block
//! boundaries when longer than Telegram's limit, with buttons where the reply offers a
//! choice.

use crate::interview::Reply;
use crate::level::Level;
use crate::present::{Doc, Medium, domain_options, escape_html, render};

use super::callback::Callback;
use super::outgoing::{Button, Keyboard, Outgoing};

/// Telegram's limit for a text message, counted after entity parsing in UTF-16 code units.
pub const TEXT_LIMIT: usize = 4096;
/// Telegram's limit for a photo or document caption.
pub const CAPTION_LIMIT: usize = 1024;

/// The messages for one step's replies, preceded by `intro` (shell wording such as a
/// greeting).
pub fn messages(intro: Doc, replies: &[Reply]) -> Vec<Outgoing> {
    let mut doc = intro;
    for reply in replies {
        doc.append(render(reply, Medium::Telegram));
    }
    let keyboard = keyboard_for(replies);
    text_messages(&doc, keyboard)
}

/// Splits a document into messages within the limit; the keyboard goes on the last one.
pub fn text_messages(doc: &Doc, keyboard: Option<Keyboard>) -> Vec<Outgoing> {
    let mut chunks: Vec<(String, String)> = Vec::new();
    for (html, plain) in doc.telegram_blocks() {
        let pieces = if visible_len(&html) > TEXT_LIMIT {
            // One block too long for a message (a huge model answer): send it as escaped
            // plain text in pieces, losing only its formatting.
            split_words(&plain, TEXT_LIMIT)
                .into_iter()
                .map(|p| (escape_html(&p), p))
                .collect()
        } else {
            vec![(html, plain)]
        };
        for (html, plain) in pieces {
            match chunks.last_mut() {
                Some((h, p)) if visible_len(h) + 2 + visible_len(&html) <= TEXT_LIMIT => {
                    h.push_str("\n\n");
                    h.push_str(&html);
                    p.push_str("\n\n");
                    p.push_str(&plain);
                }
                _ => chunks.push((html, plain)),
            }
        }
    }
    let count = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, (html, plain))| Outgoing::Text {
            html,
            plain,
            keyboard: if i + 1 == count {
                keyboard.clone()
            } else {
                None
            },
        })
        .collect()
}

/// The menu a step's replies offer as buttons, if any.
pub fn keyboard_for(replies: &[Reply]) -> Option<Keyboard> {
    if replies
        .iter()
        .any(|r| matches!(r, Reply::DomainQuestion { .. }))
    {
        let buttons: Vec<Button> = domain_options()
            .iter()
            .map(|&choice| Button {
                label: choice.title().to_owned(),
                data: Callback::Domain(choice).data(),
            })
            .collect();
        return Some(Keyboard {
            rows: buttons.chunks(2).map(<[Button]>::to_vec).collect(),
        });
    }
    if replies
        .iter()
        .any(|r| matches!(r, Reply::LevelQuestion { .. }))
    {
        return Some(Keyboard {
            rows: vec![
                Level::ALL
                    .iter()
                    .map(|&level| Button {
                        label: level.title().to_owned(),
                        data: Callback::Level(level).data(),
                    })
                    .collect(),
            ],
        });
    }
    let domain_set = replies.iter().any(|r| {
        matches!(
            r,
            Reply::DomainSet { .. } | Reply::LevelSet { running: None, .. }
        )
    });
    let started = replies.iter().any(|r| matches!(r, Reply::CaseIntro { .. }));
    (domain_set && !started).then(|| Keyboard {
        rows: vec![vec![Button {
            label: "Start an interview".to_owned(),
            data: Callback::Begin.data(),
        }]],
    })
}

/// The length Telegram measures: text after entity parsing, in UTF-16 code units.
pub fn visible_len(html: &str) -> usize {
    let mut len = 0;
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                for t in chars.by_ref() {
                    if t == '>' {
                        break;
                    }
                }
            }
            '&' => {
                // Our HTML only ever contains &lt; &gt; &amp; — each is one character.
                for t in chars.by_ref() {
                    if t == ';' {
                        break;
                    }
                }
                len += 1;
            }
            c => len += c.len_utf16(),
        }
    }
    len
}

/// Splits plain text into pieces of at most `limit` UTF-16 units, at whitespace when
/// possible.
fn split_words(text: &str, limit: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut current_len = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let len: usize = word.chars().map(char::len_utf16).sum();
        if current_len + len > limit && !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
            current_len = 0;
        }
        if len > limit {
            // A single "word" longer than a message: cut it by characters.
            for c in word.chars() {
                if current_len + c.len_utf16() > limit {
                    pieces.push(std::mem::take(&mut current));
                    current_len = 0;
                }
                current.push(c);
                current_len += c.len_utf16();
            }
            continue;
        }
        current.push_str(word);
        current_len += len;
    }
    if !current.trim().is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Shortens a caption to Telegram's limit, at a word boundary, with an ellipsis.
pub fn caption(text: &str) -> String {
    if text.chars().map(char::len_utf16).sum::<usize>() <= CAPTION_LIMIT {
        return text.to_owned();
    }
    let mut out = split_words(text, CAPTION_LIMIT - 1)
        .into_iter()
        .next()
        .unwrap_or_default();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::Span;

    #[test]
    fn visible_length_counts_text_not_markup_and_utf16_units() {
        assert_eq!(visible_len("<b>a&lt;b</b>"), 3);
        assert_eq!(visible_len("🙂"), 2);
        assert_eq!(visible_len("<pre>x</pre>\n\n<i>é</i>"), 4);
    }

    #[test]
    fn long_documents_split_at_block_boundaries_within_the_limit() {
        let mut doc = Doc::default();
        for i in 0..40 {
            doc.para(vec![
                Span::Bold(format!("Part {i}: ")),
                Span::Text("x <&> ".repeat(30)),
            ]);
        }
        let messages = text_messages(&doc, None);
        assert!(messages.len() > 1);
        let mut total_parts = 0;
        for m in &messages {
            let Outgoing::Text { html, .. } = m else {
                panic!("text")
            };
            assert!(visible_len(html) <= TEXT_LIMIT);
            assert_eq!(html.matches("<b>").count(), html.matches("</b>").count());
            total_parts += html.matches("<b>Part").count();
        }
        assert_eq!(total_parts, 40);
    }

    #[test]
    fn a_single_huge_block_is_cut_into_plain_pieces() {
        let mut doc = Doc::default();
        doc.para(vec![Span::Bold("y".repeat(20_000))]);
        let messages = text_messages(&doc, None);
        assert_eq!(messages.len(), 5);
        for m in &messages {
            let Outgoing::Text { html, .. } = m else {
                panic!("text")
            };
            assert!(visible_len(html) <= TEXT_LIMIT);
        }
    }

    #[test]
    fn captions_are_cut_to_1024() {
        let long = "word ".repeat(400);
        let c = caption(&long);
        assert!(c.chars().count() <= CAPTION_LIMIT);
        assert!(c.ends_with('…'));
    }
}
