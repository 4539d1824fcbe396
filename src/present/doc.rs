//! A tiny rich-text document: paragraphs of styled spans and bullet lists. Wording is
//! written once against it; each medium renders it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Bold(String),
    Italic(String),
    Code(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Para(Vec<Span>),
    Bullets(Vec<Vec<Span>>),
    /// Fixed-width lines (score bars).
    Pre(Vec<String>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    pub blocks: Vec<Block>,
}

impl Doc {
    pub fn para(&mut self, spans: Vec<Span>) -> &mut Self {
        if !spans.is_empty() {
            self.blocks.push(Block::Para(spans));
        }
        self
    }

    pub fn text(&mut self, text: impl Into<String>) -> &mut Self {
        self.para(vec![Span::Text(text.into())])
    }

    pub fn bullets(&mut self, items: Vec<Vec<Span>>) -> &mut Self {
        if !items.is_empty() {
            self.blocks.push(Block::Bullets(items));
        }
        self
    }

    pub fn pre(&mut self, lines: Vec<String>) -> &mut Self {
        if !lines.is_empty() {
            self.blocks.push(Block::Pre(lines));
        }
        self
    }

    pub fn append(&mut self, mut other: Doc) -> &mut Self {
        self.blocks.append(&mut other.blocks);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Plain text for terminals and logs: styles dropped, blocks separated by blank lines.
    pub fn to_plain(&self) -> String {
        self.blocks
            .iter()
            .map(|b| plain_block(b, "  - "))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Telegram HTML, with every piece of text escaped. Returns one string per block so the
    /// caller can split long messages at block boundaries.
    pub fn to_html_blocks(&self) -> Vec<String> {
        self.blocks
            .iter()
            .map(|block| match block {
                Block::Para(spans) => html_spans(spans),
                Block::Bullets(items) => items
                    .iter()
                    .map(|item| format!("• {}", html_spans(item)))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::Pre(lines) => format!("<pre>{}</pre>", escape_html(&lines.join("\n"))),
            })
            .collect()
    }
}

impl Doc {
    /// Each block as Telegram HTML and as plain text, side by side, so a long message can be
    /// split at a block boundary and each part still has a plain twin.
    pub fn telegram_blocks(&self) -> Vec<(String, String)> {
        let plain = self.blocks.iter().map(|b| plain_block(b, "• "));
        self.to_html_blocks().into_iter().zip(plain).collect()
    }
}

/// One block as plain text, list items marked with `bullet`.
fn plain_block(block: &Block, bullet: &str) -> String {
    let mut out = String::new();
    match block {
        Block::Para(spans) => push_plain(&mut out, spans),
        Block::Bullets(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(bullet);
                push_plain(&mut out, item);
            }
        }
        Block::Pre(lines) => out.push_str(&lines.join("\n")),
    }
    out
}

fn push_plain(out: &mut String, spans: &[Span]) {
    for span in spans {
        match span {
            Span::Text(t) | Span::Bold(t) | Span::Italic(t) | Span::Code(t) => out.push_str(t),
        }
    }
}

fn html_spans(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        match span {
            Span::Text(t) => out.push_str(&escape_html(t)),
            Span::Bold(t) => {
                out.push_str("<b>");
                out.push_str(&escape_html(t));
                out.push_str("</b>");
            }
            Span::Italic(t) => {
                out.push_str("<i>");
                out.push_str(&escape_html(t));
                out.push_str("</i>");
            }
            Span::Code(t) => {
                out.push_str("<code>");
                out.push_str(&escape_html(t));
                out.push_str("</code>");
            }
        }
    }
    out
}

/// Short constructors for wording code, where they keep sentences readable.
pub mod span {
    use super::Span;

    pub fn plain(s: impl Into<String>) -> Span {
        Span::Text(s.into())
    }
    pub fn bold(s: impl Into<String>) -> Span {
        Span::Bold(s.into())
    }
    pub fn italic(s: impl Into<String>) -> Span {
        Span::Italic(s.into())
    }
    pub fn code(s: impl Into<String>) -> Span {
        Span::Code(s.into())
    }
}

/// Escapes the three characters Telegram's HTML parse mode requires escaped.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_piece_of_text() {
        let mut doc = Doc::default();
        doc.para(vec![Span::Bold("<b>&".into()), Span::Text(" a<b".into())]);
        doc.bullets(vec![vec![Span::Code("x>y".into())]]);
        assert_eq!(
            doc.to_html_blocks(),
            ["<b>&lt;b&gt;&amp;</b> a&lt;b", "• <code>x&gt;y</code>"]
        );
    }

    #[test]
    fn plain_text_separates_blocks_with_blank_lines() {
        let mut doc = Doc::default();
        doc.text("one").bullets(vec![
            vec![Span::Text("a".into())],
            vec![Span::Text("b".into())],
        ]);
        assert_eq!(doc.to_plain(), "one\n\n  - a\n  - b");
    }
}
