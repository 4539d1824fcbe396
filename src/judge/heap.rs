//! Whether an answer is a heap of keywords: many bare terms one after another, whatever
//! separates them (commas, slashes, newlines, bullets, hashtags, emoji or only spaces).
//!
//! Read off the raw text, not the tokens: what matters is how the candidate laid the words
//! out, and a separator such as an emoji or a hashtag leaves no trace in the normalised text.

use crate::matching::{compound_link, is_filler};

/// This many bare items make a heap. Keyword salads list eight or more; a terse honest
/// answer ("drift, alerts, latency"; "labels, time split, imbalance, hashing trick, feature
/// crosses") lists five at most.
pub(super) const HEAP_ITEMS: usize = 7;

/// The longest piece between separators that is one item ("latency p99", "index freshness").
const ITEM_WORDS: usize = 3;
/// A piece this long with no small word tying it together is a run of terms separated by
/// spaces: "drift prevalence precision recall appeals latency". Shorter ones in between are
/// phrases in telegraphic style ("features like mutual friends count").
const RUN_WORDS: usize = 6;

/// How many bare items the answer lists: pieces between separators that are a short noun
/// phrase with no small word in them, plus every word of a long run of terms. A piece with a
/// small word in it ("clean the data", "split into train and test") says something, however
/// tersely; an answer with more than one such phrase is not a heap at all.
pub(super) fn bare_items(text: &str) -> usize {
    let mut bare = 0;
    let mut phrases = 0;
    for piece in text.split(is_separator) {
        let words: Vec<&str> = piece
            // "human-in-the-loop" is one term, not a phrase with "in" and "the" in it.
            .split(|c: char| !c.is_alphanumeric() && !matches!(c, '\'' | '’' | '-'))
            .filter(|w| !w.is_empty())
            .collect();
        if words.iter().any(|w| is_small_word(w))
            || words.len() > ITEM_WORDS && words.len() < RUN_WORDS
        {
            phrases += 1;
        } else if words.len() >= RUN_WORDS {
            bare += words.len();
        } else if !words.is_empty() {
            bare += 1;
        }
    }
    // A heading ("Monitoring plan: …") is allowed; sentences between the terms are not.
    if phrases > 1 { 0 } else { bare }
}

/// Whether a character separates items: list punctuation, and anything that is neither a
/// letter, a digit, a space nor punctuation that sits inside a term ("p@10", "a/b" aside).
fn is_separator(c: char) -> bool {
    match c {
        ',' | ';' | '/' | '|' | '\n' | '\r' | '\t' | '#' | ':' | '•' | '·' | '*' | '>' => true,
        c if c.is_alphanumeric() || c.is_whitespace() => false,
        '-' | '\'' | '’' | '.' | '@' | '&' | '+' | '%' | '(' | ')' | '_' | '"' | '!' | '?' => {
            false
        }
        _ => true,
    }
}

/// Words that tie other words into a statement: articles, pronouns, prepositions,
/// conjunctions, auxiliaries. A keyword heap has none of them.
fn is_small_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    // "I'd", "it's": the pronoun ties the phrase as the whole word would.
    let word = lower.split(['\'', '’']).next().unwrap_or(&lower);
    // "cost per document" is one term, as "per-class recall" is.
    word != "per" && (is_filler(word) || compound_link(word).is_some())
        || matches!(
            word,
            "or" | "but" | "so" | "if" | "then" | "than" | "because" | "not" | "no"
        )
}

#[cfg(test)]
mod tests {
    use super::bare_items;

    #[test]
    fn keyword_heaps_count_every_term_whatever_separates_them() {
        for heap in [
            "drift, calibration, latency, hide rate, DAU, retention, dashboards, alerts",
            "drift prevalence precision recall appeals latency dashboards alerting retraining",
            "#NDCG #MRR #precisionatk #recallatk #ABtest #interleaving #CTR #watchtime",
            "drift 📉 ctr 📊 latency ⏱️ p99 🚨 alerts 🔔 index freshness 🗂️ retraining 🔁 rollback",
            "- GPU\n- TensorRT\n- batching\n- autoscaling\n- API gateway\n- CDN\n- queue\n- p99",
            "Monitoring plan:\ndrift\nlatency\ndashboards\nalerts\nretraining\nSLOs\nobservability",
            "• SLA • GDPR • throughput • cost per document • human-in-the-loop • PII • EU residency",
        ] {
            assert!(bare_items(heap) >= super::HEAP_ITEMS, "{heap}");
        }
    }

    #[test]
    fn terse_honest_answers_are_not_heaps() {
        for terse in [
            "drift, alerts, latency",
            "labels, time split, imbalance, hashing trick, feature crosses",
            "collect the interaction data, clean it, remove bots and duplicates, split into train and test",
            "I'd split by time so the model never sees the future, and downsample the negatives",
        ] {
            assert!(bare_items(terse) < super::HEAP_ITEMS, "{terse}");
        }
    }
}
