//! Normalisation and tokenisation: from what someone typed on a phone to a sequence of words
//! that knows which sentence and clause each word sits in.
//!
//! Both answers and the phrasings in dialogue files go through the same functions, so a
//! keyword written as "Time-based split" and an answer typed as "time based split" meet halfway.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::{IsNormalized, is_nfkc_quick};

/// Unicode NFKC, lower case, straight quotes and dashes, no invisible characters, single
/// spaces. Line breaks survive because they end sentences and bullet points.
pub fn normalize(input: &str) -> String {
    normalize_into(input, String::new())
}

/// [`normalize`] into `buffer`, whose old contents are dropped and whose room is reused: an
/// answer's text is normalised into the room the previous answer's text left behind.
pub(super) fn normalize_into(input: &str, buffer: String) -> String {
    if input.is_ascii() {
        normalize_ascii(input, buffer)
    } else {
        normalize_unicode(input, buffer)
    }
}

fn normalize_unicode(input: &str, buffer: String) -> String {
    let composed: Cow<'_, str> = if is_nfkc_quick(input.chars()) == IsNormalized::Yes {
        Cow::Borrowed(input)
    } else {
        Cow::Owned(input.nfkc().collect())
    };
    let mut out = buffer;
    out.clear();
    out.reserve(composed.len());
    let mut pending_space = false;
    for c in composed.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2022}' | '\u{25E6}' | '\u{2023}' => '*',
            '\u{2192}' | '\u{21D2}' => '>',
            // Zero-width characters and directional marks carry no meaning for the judge.
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}' => continue,
            c => c,
        };
        if c == '\n' {
            // Trailing spaces before a break are noise; the break itself is kept.
            pending_space = false;
            if !out.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty() && !out.ends_with('\n');
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c == '@' {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
            out.push_str("at");
            pending_space = true;
            continue;
        }
        for lower in c.to_lowercase() {
            out.push(lower);
        }
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

/// The same rules as [`normalize`] for the common case of plain ASCII.
fn normalize_ascii(input: &str, buffer: String) -> String {
    let bytes = input.as_bytes();
    let mut out = buffer.into_bytes();
    out.clear();
    if only_case_to_change(bytes) {
        out.extend_from_slice(bytes);
        out.make_ascii_lowercase();
        // Only ASCII bytes were pushed.
        return String::from_utf8(out).unwrap_or_default();
    }
    // "@" is the only byte that grows ("at"); a few spare bytes spare a reallocation.
    out.reserve(input.len() + 8);
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        // Most of an answer is runs of letters, digits and punctuation that only need lower
        // casing: copied a run at a time rather than a byte at a time.
        if PLAIN[usize::from(bytes[i])] {
            let start = i;
            while i < bytes.len() && PLAIN[usize::from(bytes[i])] {
                i += 1;
            }
            if pending_space {
                out.push(b' ');
                pending_space = false;
            }
            let from = out.len();
            out.extend_from_slice(&bytes[start..i]);
            out[from..].make_ascii_lowercase();
            continue;
        }
        let b = bytes[i];
        i += 1;
        match b {
            b'\n' => {
                pending_space = false;
                if out.last().is_some_and(|&l| l != b'\n') {
                    out.push(b'\n');
                }
            }
            b' ' | b'\t' | b'\r' | 0x0B | 0x0C => {
                pending_space = out.last().is_some_and(|&l| l != b'\n');
            }
            b if b.is_ascii_control() => {
                pending_space = out.last().is_some_and(|&l| l != b'\n');
            }
            b => {
                if pending_space {
                    out.push(b' ');
                    pending_space = false;
                }
                match b {
                    b'`' => out.push(b'\''),
                    // "ndcg@10" reads "ndcg at 10", for keywords and patterns alike.
                    b'@' => {
                        if out.last().is_some_and(|&l| l != b' ' && l != b'\n') {
                            out.push(b' ');
                        }
                        out.extend_from_slice(b"at");
                        pending_space = true;
                    }
                    b => out.push(b.to_ascii_lowercase()),
                }
            }
        }
    }
    while out.last() == Some(&b'\n') {
        out.pop();
    }
    // Only ASCII bytes were pushed.
    String::from_utf8(out).unwrap_or_default()
}

/// Whether normalising `bytes` only lowers their case: every byte is one [`PLAIN`] keeps, or
/// a single space or line break between two such bytes. Most answers are typed so, and
/// lowering the whole text at once is several times cheaper than the rules byte by byte.
fn only_case_to_change(bytes: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    // A space or line break at either end has no plain byte on its other side.
    if !is_plain(first) || !is_plain(last) {
        return false;
    }
    // Every byte after the first, with the byte before it, checked without a branch per byte
    // so the compiler compares many at once (this check reads every byte of every answer);
    // a block's verdict is looked at once per block, so a text that fails early stops early.
    const BLOCK: usize = 64;
    let mut at = 1;
    while at < bytes.len() {
        let end = (at + BLOCK).min(bytes.len());
        let bad =
            bytes[at - 1..end - 1]
                .iter()
                .zip(&bytes[at..end])
                .fold(0u8, |bad, (&before, &b)| {
                    let spaced = ((b == b' ') | (b == b'\n')) & is_plain(before);
                    bad | u8::from(!(is_plain(b) | spaced))
                });
        if bad != 0 {
            return false;
        }
        at = end;
    }
    true
}

/// Whether [`normalize_ascii`] keeps `b` as it is, apart from its case: everything printable
/// but the space, the backtick and "@". By comparisons without a branch, so that
/// [`only_case_to_change`] can test many bytes at once; [`PLAIN`] is the same rule by table.
const fn is_plain(b: u8) -> bool {
    (b >= b'!') & (b <= b'~') & (b != b'`') & (b != b'@')
}

/// [`is_plain`] by table, for walks that read one byte at a time.
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = 0;
    while b < 256 {
        plain[b] = is_plain(b as u8);
        b += 1;
    }
    plain
};

/// The ASCII letters and digits, as [`u8::is_ascii_alphanumeric`] tells them, by table: a
/// word's bytes are read one at a time, and a lookup is cheaper than its range checks.
const ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The most words a heading before a colon may have ("offline metrics:", "on the eval set:").
const HEADING_WORDS: usize = 6;

/// A word of the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the normalised text (used to map regex hits onto words).
    pub span: Range<usize>,
    /// Where the word as it is compared (apostrophes and contractions resolved) sits in
    /// [`Tokens`]' text: most words are their own span of the normalised text, so tokenising
    /// builds no string per word; see [`Tokens::text`].
    text: Range<u32>,
    pub sentence: u32,
    pub clause: u32,
    /// Index of the list segment inside its sentence (commas, slashes, "and", "or").
    pub segment: u32,
    /// Inside brackets.
    pub parenthetical: bool,
    /// Joined to the word before by a hyphen ("no-click", "time-based").
    pub hyphenated: bool,
}

/// A sentence, with what the judge needs to know about its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub words: Range<usize>,
    /// Ends with a question mark.
    pub question_mark: bool,
    /// Opens with a short heading and a colon ("offline metrics: precision@k, ndcg"): the
    /// first word after the colon.
    pub heading: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub words: Vec<Word>,
    pub sentences: Vec<Sentence>,
    /// The normalised text, then the words that are not spans of it ("would" for "'d",
    /// "10000" for "10,000").
    text: String,
    /// The length of the normalised text at the start of `text`.
    normalized: usize,
    /// The tokeniser's buffer for the words that are not spans, kept for reuse (see
    /// [`Spare`]); its contents mean nothing.
    spare_extras: String,
}

impl Tokens {
    /// The normalised text the words were read from.
    pub fn normalized(&self) -> &str {
        self.text.get(..self.normalized).unwrap_or_default()
    }

    /// Word `i` as it is compared.
    pub fn text(&self, i: usize) -> &str {
        self.text_of(&self.words[i])
    }

    /// `word` (one of [`Tokens::words`]) as it is compared.
    pub fn text_of(&self, word: &Word) -> &str {
        self.text
            .get(word.text.start as usize..word.text.end as usize)
            .unwrap_or_default()
    }

    /// Every word as it is compared, in order.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| self.text_of(w))
    }

    /// Each clause's words, in order.
    pub fn clauses(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let mut start = 0;
        std::iter::from_fn(move || {
            let clause = self.words.get(start)?.clause;
            let end = start
                + self.words[start..]
                    .iter()
                    .take_while(|w| w.clause == clause)
                    .count();
            Some(std::mem::replace(&mut start, end)..end)
        })
    }

    /// The tokens' room, for [`tokenize_into`] to fill again, and their text's.
    pub(super) fn into_spare(self) -> (Spare, String) {
        let spare = Spare {
            words: self.words,
            sentences: self.sentences,
            extras: self.spare_extras,
        };
        (spare, self.text)
    }

    /// The index of the first word that starts at or after `byte`.
    pub fn word_at_byte(&self, byte: usize) -> Option<usize> {
        let i = self.words.partition_point(|w| w.span.end <= byte);
        (i < self.words.len()).then_some(i)
    }
}

/// Splits normalised text into words, sentences, clauses and list segments. Given a
/// `String`, the tokens keep it rather than a copy.
pub fn tokenize(normalized: impl Into<String>) -> Tokens {
    let mut tokens = tokenize_into(normalized.into(), Spare::default());
    // Only an answer's tokens are reused; these may be kept for as long as the bank is.
    tokens.spare_extras = String::new();
    tokens
}

/// Room left by an answer's tokens, for the next answer's: [`tokenize_into`] clears it and
/// fills it instead of growing new vectors word by word.
#[derive(Debug, Default)]
pub(super) struct Spare {
    pub words: Vec<Word>,
    pub sentences: Vec<Sentence>,
    pub extras: String,
}

/// [`tokenize`] into the room of `spare`; the room of its `extras` is kept in the tokens
/// (see [`Tokens::into_spare`]).
pub(super) fn tokenize_into(mut text: String, spare: Spare) -> Tokens {
    let (mut tokens, extras) = Tokenizer::new(&text, spare).run();
    tokens.normalized = text.len();
    text.push_str(&extras);
    tokens.text = text;
    tokens.spare_extras = extras;
    tokens
}

/// Which of the marks that change a word's text (see [`Tokenizer::push_contraction`]) it holds.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    apostrophe: bool,
    /// A thousands separator ("10,000").
    comma: bool,
}

impl Marks {
    fn of(raw: &str) -> Marks {
        Marks {
            apostrophe: raw.contains('\''),
            comma: raw.contains(','),
        }
    }
}

struct Tokenizer<'a> {
    src: &'a str,
    out: Tokens,
    /// The words that are not spans of `src`, each at `src.len()` plus its offset here in
    /// the finished [`Tokens`]' text.
    extras: String,
    sentence: u32,
    clause: u32,
    segment: u32,
    sentence_start: usize,
    /// The first word after the sentence's heading colon, if it has one.
    heading: Option<usize>,
    depth: u32,
}

impl<'a> Tokenizer<'a> {
    fn new(src: &'a str, spare: Spare) -> Self {
        let Spare {
            mut words,
            mut sentences,
            mut extras,
        } = spare;
        words.clear();
        sentences.clear();
        extras.clear();
        // About one word per six bytes of English.
        words.reserve(src.len() / 5 + 1);
        Tokenizer {
            src,
            out: Tokens {
                words,
                sentences,
                text: String::new(),
                normalized: 0,
                spare_extras: String::new(),
            },
            extras,
            sentence: 0,
            clause: 0,
            segment: 0,
            sentence_start: 0,
            heading: None,
            depth: 0,
        }
    }

    fn run(mut self) -> (Tokens, String) {
        let bytes = self.src.as_bytes();
        let mut i = 0;
        while i < self.src.len() {
            let c = match bytes[i] {
                b if b.is_ascii() => char::from(b),
                _ => self.src[i..].chars().next().unwrap_or(' '),
            };
            if c.is_alphanumeric() {
                i = self.word(i);
                continue;
            }
            match c {
                // "e.g." and "i.e." are not sentence ends.
                '.' | '!' | '?' if !self.is_abbreviation_dot(i) => self.end_sentence(c == '?'),
                '\n' | ';' => self.end_sentence(false),
                // A comma also ends a negation's reach: "no baseline, use xgboost".
                ',' => {
                    self.segment += 1;
                    self.clause += 1;
                }
                // "train/val/test" is one compound; "log loss / auc" separates items.
                '/' if i > 0
                    && bytes[i - 1].is_ascii_alphanumeric()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) => {}
                '/' | '&' | '+' => self.segment += 1,
                '(' | '[' => {
                    self.clause += 1;
                    self.depth += 1;
                }
                ')' | ']' => {
                    self.clause += 1;
                    self.depth = self.depth.saturating_sub(1);
                }
                // "->", "=>" and "→" (normalised to '>') read as "so": a consequence.
                '>' => {
                    self.clause += 1;
                    let arrow = i == 0 || matches!(bytes[i - 1], b'-' | b'=' | b' ');
                    if arrow {
                        self.push_text(i..i + 1, "so");
                    }
                }
                ':' => {
                    self.clause += 1;
                    // "10:30" and "3:1" are numbers, not headings.
                    let between_digits = i > 0
                        && bytes[i - 1].is_ascii_digit()
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                    let before = self.out.words.len() - self.sentence_start;
                    if !between_digits
                        && self.heading.is_none()
                        && (1..=HEADING_WORDS).contains(&before)
                    {
                        self.heading = Some(self.out.words.len());
                    }
                }
                '"' | '=' => self.clause += 1,
                '-' | '*' => {
                    // A dash with spaces around it, or a bullet, starts a new clause; inside a
                    // word ("time-based") it only separates.
                    let spaced_before = i == 0 || matches!(bytes[i - 1], b' ' | b'\n');
                    if spaced_before {
                        self.clause += 1;
                    }
                }
                _ => {}
            }
            i += c.len_utf8();
        }
        self.end_sentence(false);
        (self.out, self.extras)
    }

    fn is_abbreviation_dot(&self, i: usize) -> bool {
        let before = &self.src[..i];
        let last_word = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let after = self.src[i + 1..].chars().next();
        matches!(last_word, "e" | "g" | "i" | "vs" | "etc" | "approx" | "incl")
            && after.is_none_or(|c| c == ' ' || c.is_alphanumeric() || c == ',')
            // "etc." at the very end still ends the sentence, which costs nothing.
            || (last_word.chars().all(|c| c.is_ascii_digit())
                && !last_word.is_empty()
                && after.is_some_and(|c| c.is_ascii_digit()))
    }

    /// Reads one word starting at `start`; returns the byte after it.
    fn word(&mut self, start: usize) -> usize {
        let (end, marks) = self.word_end(start);
        self.finish_word(start, end, marks)
    }

    /// Where the word starting at `start` ends: letters and digits, inner apostrophes, and
    /// digit separators ("10,000", "1.5"). Also says which of those marks the word holds,
    /// found on the way instead of searched for again.
    fn word_end(&self, start: usize) -> (usize, Marks) {
        let bytes = self.src.as_bytes();
        let mut marks = Marks::default();
        let mut i = start;
        loop {
            // Letters and digits are nearly all of a word: skipped a run at a time, by table.
            i += bytes[i..]
                .iter()
                .take_while(|&&b| ALPHANUMERIC[usize::from(b)])
                .count();
            match bytes.get(i) {
                Some(b'\'') if bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) => {
                    marks.apostrophe = true;
                    i += 1
                }
                Some(&b @ (b',' | b'.'))
                    if i > start
                        && bytes[i - 1].is_ascii_digit()
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) =>
                {
                    marks.comma |= b == b',';
                    i += 1
                }
                Some(b) if b.is_ascii() => return (i, marks),
                None => return (i, marks),
                Some(_) => {
                    let end = self.word_end_unicode(start, i);
                    return (end, Marks::of(&self.src[start..end]));
                }
            }
        }
    }

    /// The general case of [`Self::word_end`], from `from` on, for words with non-ASCII letters.
    fn word_end_unicode(&self, start: usize, from: usize) -> usize {
        let src = self.src;
        let mut end = from;
        let mut chars = src[from..].char_indices().peekable();
        while let Some((off, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let joins = c.is_alphanumeric()
                || (matches!(c, '\'') && next.is_some_and(char::is_alphanumeric))
                // 10,000 and 1.5 stay one word.
                || (matches!(c, ',' | '.')
                    && src[start..from + off].ends_with(|p: char| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit()));
            if !joins {
                break;
            }
            end = from + off + c.len_utf8();
        }
        end
    }

    fn finish_word(&mut self, start: usize, end: usize, marks: Marks) -> usize {
        let src = self.src;
        let raw = &src[start..end];
        // "w/ labels": with.
        if raw == "w"
            && src[end..].starts_with('/')
            && !src[end + 1..].starts_with(char::is_alphanumeric)
        {
            self.push_text(start..end + 1, "with");
            return end + 1;
        }
        // "a/b" testing: a single letter, a slash and a single letter are one word.
        let mut chars = raw.chars();
        if chars.next().is_some() && chars.next().is_none() {
            let mut it = src[end..].chars();
            if it.next() == Some('/')
                && let Some(second) = it.next()
                && second.is_alphabetic()
                && !it.next().is_some_and(char::is_alphanumeric)
            {
                let joined_end = end + 1 + second.len_utf8();
                let from = self.src.len() + self.extras.len();
                self.extras.push_str(raw);
                self.extras.push(second);
                let to = self.src.len() + self.extras.len();
                self.push_word(start..joined_end, from..to);
                return joined_end;
            }
        }
        self.push_contraction(start..end, raw, marks);
        end
    }

    fn push_contraction(&mut self, span: Range<usize>, raw: &str, marks: Marks) {
        if !marks.apostrophe {
            if marks.comma {
                self.push_text(span, &raw.replace(',', ""));
            } else {
                self.push_word(span.clone(), span);
            }
            return;
        }
        let (stem, negated) = match raw {
            "can't" => ("can", true),
            "won't" => ("will", true),
            "shan't" => ("shall", true),
            _ => match raw.strip_suffix("n't") {
                Some(stem) => (stem, true),
                None => (raw, false),
            },
        };
        // "they've been" keeps its verb so phrasings like "have been" still match; "'s" is
        // dropped because it is as often a possessive as "is".
        let (stem, verb) = [
            ("'s", None),
            ("'d", Some("would")),
            ("'ll", Some("will")),
            ("'re", Some("are")),
            ("'ve", Some("have")),
            ("'m", Some("am")),
        ]
        .iter()
        .find_map(|(suffix, verb)| stem.strip_suffix(suffix).map(|s| (s, *verb)))
        .unwrap_or((stem, None));
        // Most stems are the start of the word as typed ("would" of "wouldn't"): a span of
        // the text like any other word.
        if !stem.contains('\'') && raw.starts_with(stem) {
            self.push_word(span.clone(), span.start..span.start + stem.len());
        } else {
            self.push_text(span.clone(), &stem.replace('\'', ""));
        }
        if let Some(verb) = verb {
            self.push_text(span.clone(), verb);
        }
        if negated {
            self.push_text(span, "not");
        }
    }

    /// The text at `range` of the finished [`Tokens`]' text.
    fn text_at(&self, range: Range<usize>) -> Option<&str> {
        match range.start.checked_sub(self.src.len()) {
            Some(from) => self.extras.get(from..range.end - self.src.len()),
            None => self.src.get(range),
        }
    }

    /// Pushes a word whose text is not a span of the normalised text.
    fn push_text(&mut self, span: Range<usize>, text: &str) {
        let from = self.src.len() + self.extras.len();
        self.extras.push_str(text);
        let to = self.src.len() + self.extras.len();
        self.push_word(span, from..to);
    }

    /// Pushes a word whose text is `text` of [`Tokens`]' text.
    fn push_word(&mut self, span: Range<usize>, text: Range<usize>) {
        if text.is_empty() {
            return;
        }

        // "and" / "or" between items also separate list segments; the word itself stays. After
        // a comma (", and") the comma already separated them.
        let opens_segment = self
            .out
            .words
            .last()
            .is_none_or(|w| w.segment != self.segment || w.sentence != self.sentence);
        // Only a word of two or three letters needs its text read.
        let separator = text.len() <= 3
            && matches!(self.text_at(text.clone()), Some("and" | "or"))
            && !opens_segment;
        // Most words follow a space: only a '-' before the word needs the character before it.
        let hyphenated = span.start > 0
            && self.src.as_bytes()[span.start - 1] == b'-'
            && self.src[..span.start]
                .strip_suffix('-')
                .and_then(|before| before.chars().next_back())
                .is_some_and(char::is_alphanumeric);
        // Answers and phrasings are far shorter than 4 GB; a longer text's words past that
        // point would read as empty, never out of bounds.
        let text = u32::try_from(text.start).unwrap_or(u32::MAX)
            ..u32::try_from(text.end).unwrap_or(u32::MAX);
        self.out.words.push(Word {
            hyphenated,
            span,
            text,
            sentence: self.sentence,
            clause: self.clause,
            segment: self.segment,
            parenthetical: self.depth > 0,
        });
        if separator {
            self.segment += 1;
        }
    }

    fn end_sentence(&mut self, question_mark: bool) {
        let end = self.out.words.len();
        if end > self.sentence_start {
            self.out.sentences.push(Sentence {
                words: self.sentence_start..end,
                question_mark,
                heading: self.heading.filter(|&h| h < end),
            });
            self.sentence += 1;
        } else if question_mark {
            // "latency?" after a comma-less run still marks the previous sentence a question.
            if let Some(last) = self.out.sentences.last_mut() {
                last.question_mark = true;
            }
        }
        self.sentence_start = end;
        self.heading = None;
        self.clause += 1;
        self.segment = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_heading_before_a_colon_is_marked() {
        let heading = |t: &str| tokenize(normalize(t)).sentences[0].heading;
        assert_eq!(heading("Offline metrics: precision@k, NDCG"), Some(2));
        assert_eq!(heading("ship it at 10:30 every day"), None);
        assert_eq!(heading("one two three four five six seven: x"), None);
        assert_eq!(heading("no colon here"), None);
    }

    fn words(s: &str) -> Vec<String> {
        tokenize(normalize(s)).texts().map(str::to_owned).collect()
    }

    #[test]
    fn normalisation_folds_width_case_quotes_and_invisible_characters() {
        assert_eq!(
            normalize("ＴＩＭＥ\u{200B}‑based  “split”\r\n\n\nok  "),
            "time-based \"split\"\nok"
        );
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_the_general_one() {
        for text in [
            "  Time-Based\tSPLIT  \r\n\n\n  ok `quoted`  \n",
            "a\x07b\n",
            "ndcg@10, x @ y, @start",
            "",
            "\n\n",
            "Time Based split\nThen TEST it.",
            "one two",
            " one two",
            "one two ",
            "one  two",
            "one\n\ntwo",
            "one \ntwo",
            "one\n two",
            "one\ttwo",
            "x",
            " ",
        ] {
            // Into a buffer holding an earlier text, as an answer after another is.
            let ascii = normalize_ascii(text, "stale text".to_owned());
            assert_eq!(ascii, normalize_unicode(text, String::new()), "{text:?}");
        }
    }

    #[test]
    fn the_case_only_check_agrees_with_a_byte_by_byte_walk() {
        // The rule as first written: a plain byte, or a space or line break after one.
        fn walked(bytes: &[u8]) -> bool {
            let mut after_plain = false;
            for &b in bytes {
                if PLAIN[usize::from(b)] {
                    after_plain = true;
                } else if matches!(b, b' ' | b'\n') && after_plain {
                    after_plain = false;
                } else {
                    return false;
                }
            }
            after_plain || bytes.is_empty()
        }
        for b in 0..=255u8 {
            assert_eq!(is_plain(b), PLAIN[usize::from(b)], "{b}");
            let printable_but = b.is_ascii_graphic() && b != b'`' && b != b'@';
            assert_eq!(is_plain(b), printable_but, "{b}");
        }
        let alphabet = [b'a', b'Z', b' ', b'\n', b'@', b'`', b'\t', 0xC3];
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..5 {
            let longer: Vec<Vec<u8>> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |&b| [t.as_slice(), &[b]].concat()))
                .collect();
            for t in &longer {
                assert_eq!(only_case_to_change(t), walked(t), "{t:?}");
            }
            texts = longer;
        }
        // Across the check's blocks: a fault at every place of a long plain text.
        let long: Vec<u8> = b"ab cd\nef ".iter().copied().cycle().take(300).collect();
        for at in 0..long.len() {
            for b in [b' ', b'@', b'\n'] {
                let mut t = long.clone();
                t[at] = b;
                assert_eq!(only_case_to_change(&t), walked(&t), "{at} {b}");
            }
        }
    }

    #[test]
    fn words_with_accents_digits_and_separators_stay_whole() {
        assert_eq!(
            words("naïve café, 10,000 rows"),
            ["naïve", "café", "10000", "rows"]
        );
        assert_eq!(words("pré-entraîné"), ["pré", "entraîné"]);
    }

    #[test]
    fn contractions_become_a_word_and_not() {
        assert_eq!(
            words("I wouldn't bother; we can't, it's fine"),
            [
                "i", "would", "not", "bother", "we", "can", "not", "it", "fine"
            ]
        );
        assert_eq!(words("they've been"), ["they", "have", "been"]);
    }

    #[test]
    fn abbreviations_and_numbers_do_not_end_sentences() {
        let t = tokenize(normalize("Use e.g. 1.5 weeks, 10,000 rows. Then test."));
        assert_eq!(t.sentences.len(), 2);
        let texts: Vec<_> = t.texts().collect();
        assert_eq!(
            texts,
            [
                "use", "e", "g", "1.5", "weeks", "10000", "rows", "then", "test"
            ]
        );
    }

    #[test]
    fn a_slash_b_is_one_word_and_at_sign_is_at() {
        assert_eq!(
            words("A/B test of ndcg@10"),
            ["ab", "test", "of", "ndcg", "at", "10"]
        );
        assert_eq!(
            normalize("recall@5 and ndcg @ 10"),
            "recall at 5 and ndcg at 10"
        );
        assert_eq!(
            words("w/ labels -> fewer misroutes"),
            ["with", "labels", "so", "fewer", "misroutes"]
        );
    }

    #[test]
    fn commas_slashes_and_conjunctions_separate_list_segments() {
        let t = tokenize("log loss, auc / calibration and ne, and drift");
        let segments: Vec<u32> = t.words.iter().map(|w| w.segment).collect();
        assert_eq!(segments, [0, 0, 1, 2, 2, 3, 4, 4]);
        let compound = tokenize("split into train/val/test sets");
        assert!(compound.words.iter().all(|w| w.segment == 0));
    }
}
