//! The candidate's own words that earned a credit, quoted back in the feedback: a verdict a
//! candidate can check is one they can trust.

use std::ops::Range;

use serde::Serialize;

use crate::matching::Analysis;

/// Words of context kept on each side of the words that matched, inside their clause.
const CONTEXT_WORDS: usize = 2;
/// A quote longer than this many words is cut around the words that matched.
const MAX_WORDS: usize = 12;

/// A span of one answer, quoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// Which of the stage's answers (0 for the first, then one per follow-up), or of the
    /// earlier stages' answers when `earlier` is set.
    pub answer: usize,
    /// Said at an earlier stage of the interview.
    pub earlier: bool,
    /// The words as the candidate typed them, where they can be found; else as normalised.
    pub text: String,
    /// Character offsets into that answer, end exclusive.
    pub start: usize,
    pub end: usize,
    /// The words quoted stop before the words that earned the credit do: a long clause is
    /// quoted by its first words.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
}

impl Quote {
    /// The quote as the candidate reads it: a cut one says so, so that it does not read as
    /// if they stopped mid-sentence.
    pub fn shown(&self) -> String {
        if self.cut {
            format!("{}…", self.text)
        } else {
            self.text.clone()
        }
    }

    /// Quotes the words `hit` of `analysis`, the reading of `original`, with a little context.
    pub fn new(
        answer: usize,
        original: &str,
        analysis: &Analysis,
        hit: Range<usize>,
    ) -> Option<Quote> {
        Quoting {
            answer,
            original,
            analysis,
            lowered: false,
        }
        .quote(hit)
    }
}

/// One answer as typed and as read, for quoting several of its spans.
pub(super) struct Quoting<'a> {
    answer: usize,
    original: &'a str,
    analysis: &'a Analysis,
    /// `original` is ASCII and its lower case is byte for byte the normalised text, as most
    /// answers are: then every span sits at the same offsets in both, which each quote
    /// otherwise checks for itself, and its character offsets are its byte offsets.
    lowered: bool,
}

impl<'a> Quoting<'a> {
    /// Answer number `answer`, typed as `original` and read as `analysis`. Told once per
    /// answer whether its normalised text is only its lower case (one pass over it, without
    /// a branch per byte), instead of per quote.
    pub fn new(answer: usize, original: &'a str, analysis: &'a Analysis) -> Quoting<'a> {
        let normalised = analysis.tokens.normalized().as_bytes();
        let typed = original.as_bytes();
        let lowered = typed.len() == normalised.len()
            && typed.is_ascii()
            && typed
                .iter()
                .zip(normalised)
                .fold(0u8, |differ, (t, l)| differ | (t.to_ascii_lowercase() ^ l))
                == 0;
        Quoting {
            answer,
            original,
            analysis,
            lowered,
        }
    }

    /// Quotes the words `hit` with a little context.
    pub fn quote(&self, hit: Range<usize>) -> Option<Quote> {
        let (answer, original, analysis) = (self.answer, self.original, self.analysis);
        let words = &analysis.tokens.words;
        let first = words.get(hit.start)?;
        let last_hit = hit.end.checked_sub(1).filter(|&l| l < words.len())?;
        let clause = first.clause;
        let mut start = hit.start;
        while start > 0 && hit.start - start < CONTEXT_WORDS && words[start - 1].clause == clause {
            start -= 1;
        }
        let mut end = last_hit;
        while end + 1 < words.len()
            && end - last_hit < CONTEXT_WORDS
            && words[end + 1].clause == clause
        {
            end += 1;
        }
        if end + 1 - start > MAX_WORDS {
            start = hit.start;
            end = (hit.start + MAX_WORDS - 1).min(last_hit.max(hit.start));
        }
        let cut = end < last_hit;
        let bytes = words[start].span.start..words[end].span.end;
        let normalised = analysis.tokens.normalized().get(bytes.clone())?;
        // Typed text keeps its spelling and case; normalising maps offsets only when it
        // changed nothing but case, so otherwise find the span in the lower-cased original.
        let same_length = self.lowered
            || (original.len() == analysis.tokens.normalized().len()
                && original.is_char_boundary(bytes.start)
                && original.is_char_boundary(bytes.end)
                && original
                    .get(bytes.clone())
                    .is_some_and(|o| lowers_to(o, normalised)));
        let found = if same_length {
            Some(bytes.start)
        } else {
            original.to_lowercase().find(normalised).filter(|&at| {
                original.is_char_boundary(at) && original.is_char_boundary(at + normalised.len())
            })
        };
        let (text, byte_start) = match found {
            Some(at) => (
                original.get(at..at + normalised.len())?.to_owned(),
                Some(at),
            ),
            None => (normalised.to_owned(), None),
        };
        let start = match byte_start {
            // All ASCII: a character is a byte.
            Some(b) if self.lowered => b,
            Some(b) => char_count(&original[..b]),
            None => 0,
        };
        let end = start + char_count(&text);
        Some(Quote {
            answer,
            earlier: false,
            text,
            start,
            end,
            cut,
        })
    }
}

/// How many characters `text` has: its length in bytes when it is ASCII, as answers nearly
/// always are. Telling that is cheaper than counting characters, and every quote counts the
/// answer up to where it starts.
fn char_count(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// Whether `typed` in lower case is `lowered`: the typed words of a quote are nearly always
/// ASCII, and comparing them byte by byte spares lower-casing them into a new string.
fn lowers_to(typed: &str, lowered: &str) -> bool {
    if typed.is_ascii() {
        typed.len() == lowered.len()
            && typed
                .bytes()
                .zip(lowered.bytes())
                .all(|(t, l)| t.to_ascii_lowercase() == l)
    } else {
        typed.to_lowercase() == lowered
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::Lexicon;

    #[test]
    fn a_long_clause_is_quoted_by_its_first_words_and_says_it_was_cut() {
        let lexicon = Lexicon::default();
        let text = "Because a ranker that only ever shows what it already believes people like \
                    will keep learning from its own picks, fresh creators never get a chance.";
        let analysis = Analysis::new(text, &lexicon);
        let clause = 0..analysis.tokens.words.len();
        let long = Quote::new(0, text, &analysis, clause).expect("a quote");
        assert!(long.cut, "{long:?}");
        assert_eq!(long.text.split_whitespace().count(), MAX_WORDS);
        assert!(text.starts_with(&long.text));
        assert_eq!(long.shown(), format!("{}…", long.text));
        let short = Quote::new(0, text, &analysis, 1..3).expect("a quote");
        assert!(!short.cut, "{short:?}");
        assert_eq!(short.shown(), short.text);
    }
}
