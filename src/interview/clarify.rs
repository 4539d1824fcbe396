//! Requirements as a dialogue: the interviewer answers what the candidate asked, checks the
//! numbers they assumed against the case's facts, and admits what the case does not say.
//!
//! A statement such as "I'll assume 100M users" is not a question to answer but a guess to
//! confirm or correct; the facts are the numbers in the concept's `reply`. Nothing here reads
//! meaning beyond numbers, question marks and a few words of assumption, so a statement with
//! no number is neither confirmed nor contradicted, only given the facts.

use std::sync::LazyLock;

use regex::Regex;

use crate::content::StageSpec;
use crate::judge::{self, Credit, Setting, Turn, Verdict};

/// The interviewer's word on one thing the candidate raised while clarifying requirements.
#[derive(Debug, Clone, PartialEq)]
pub enum Clarification {
    /// A concept the candidate raised, answered from the case.
    Fact {
        label: String,
        stance: Stance,
        /// The case's answer (the concept's `reply`).
        text: String,
    },
    /// Questions the case holds no answer to, quoted.
    Open { questions: Vec<String> },
}

/// How the candidate raised a concept, which decides how its answer opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stance {
    /// Asked (or named) without a figure of their own: the answer is simply given.
    Asked,
    /// Their figures agree with the case's.
    Confirmed,
    /// Figures of theirs, as typed, that the case contradicts.
    Corrected { said: Vec<String> },
    /// Stated as an assumption with no figure to check: the facts, without a verdict.
    Assumed,
}

/// What to say about the concepts `newly` credited by the latest answer, in the order the
/// candidate raised them, and about the questions of that answer nothing answers.
pub fn clarifications(
    setting: &Setting<'_>,
    verdict: &Verdict,
    newly: &[usize],
    turns: &[&str],
) -> Vec<Clarification> {
    let spec = setting.spec();
    let mut facts: Vec<(usize, usize, Clarification)> = newly
        .iter()
        // What was asked gets an answer; a list of bare terms gets "why?", not the case's
        // facts, and a design given instead of questions gets asked for the questions.
        .filter(|&&i| {
            !(verdict.list_only || verdict.designs)
                || verdict.credits[i] == Credit::Explained
                || asked(verdict, i, turns)
        })
        .filter_map(|&i| {
            let concept = &spec.concepts[i];
            let text = concept.reply.clone()?;
            let quote = verdict.evidence[i].as_ref().filter(|q| !q.earlier);
            let said = quote.and_then(|q| {
                let answer = turns.get(q.answer)?;
                let stance = stance(
                    &sentence_around(answer, q.start, q.end),
                    &clause_around(answer, q.start, q.end),
                    &text,
                );
                Some((q.answer, q.start, stance))
            });
            let (answer, start, stance) = said.unwrap_or((usize::MAX, 0, Stance::Asked));
            Some((
                answer,
                start,
                Clarification::Fact {
                    label: concept.label.clone(),
                    stance,
                    text,
                },
            ))
        })
        .collect();
    facts.sort_by_key(|&(answer, start, _)| (answer, start));
    let mut out: Vec<Clarification> = facts.into_iter().map(|(_, _, c)| c).collect();
    if let Some(latest) = turns.last() {
        let open = open_questions(setting, spec, latest);
        if !open.is_empty() {
            out.push(Clarification::Open { questions: open });
        }
    }
    out
}

/// Questions of `answer` that name no concept of the stage: the case has nothing to say to
/// them, and a fair interviewer says so rather than ignore them. Only at a stage where the
/// interviewer answers questions at all.
fn open_questions(setting: &Setting<'_>, spec: &StageSpec, answer: &str) -> Vec<String> {
    if !spec.concepts.iter().any(|c| c.reply.is_some()) {
        return Vec::new();
    }
    sentences(answer)
        .filter(|s| s.trim_end().ends_with('?'))
        .filter(|s| {
            let alone = judge::judge(setting, &[Turn::first(s)]);
            alone.covered().next().is_none()
        })
        .map(|s| s.trim().to_owned())
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .take(MAX_OPEN)
        .collect()
}

/// How many unanswerable questions are quoted back; more would read as a lecture.
const MAX_OPEN: usize = 2;

/// How `sentence` raised a concept whose facts are `facts`. Figures are read in the whole
/// sentence (only those of a kind the facts hold count), words of assumption only in the
/// `clause` that raised it: in "what's the goal, engagement I guess, and how many users?"
/// the guess is about the goal, not the users.
fn stance(sentence: &str, clause: &str, facts: &str) -> Stance {
    let facts = quantities(facts);
    let theirs: Vec<Quantity> = quantities(sentence)
        .into_iter()
        .filter(|q| facts.iter().any(|f| f.kind == q.kind))
        .collect();
    let wrong: Vec<String> = theirs
        .iter()
        .filter(|q| {
            // A figure about users is checked against the users, when the facts say which
            // figure that is; otherwise against every figure of its kind.
            let same_kind = || facts.iter().filter(|f| f.kind == q.kind);
            let same_subject: Vec<&Quantity> =
                same_kind().filter(|f| f.shares_subject(q)).collect();
            let right = if same_subject.is_empty() {
                same_kind().any(|f| close(f.value, q.value))
            } else {
                same_subject.iter().any(|f| close(f.value, q.value))
            };
            !right
        })
        .map(|q| q.said.clone())
        .collect();
    if !wrong.is_empty() {
        return Stance::Corrected { said: wrong };
    }
    if !theirs.is_empty() {
        return Stance::Confirmed;
    }
    if !is_question(sentence) && assumes(clause) {
        return Stance::Assumed;
    }
    Stance::Asked
}

/// Within half again of each other: 400M for 500M is a fair estimate, 100M is not.
fn close(a: f64, b: f64) -> bool {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    lo > 0.0 && hi / lo <= 1.5
}

fn is_question(sentence: &str) -> bool {
    sentence.trim_end().ends_with('?')
}

/// Words that turn a statement into a stated assumption.
fn assumes(sentence: &str) -> bool {
    static CUES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(assum\w*|presumably|probably|i guess|i expect|i'?d expect|i imagine|let'?s say|say we|i'?ll say|i'?d estimate|estimate|likely)\b",
        )
        .expect("a valid pattern")
    });
    CUES.is_match(sentence)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Count,
    /// In seconds.
    Duration,
    Percent,
}

#[derive(Debug, Clone, PartialEq)]
struct Quantity {
    kind: Kind,
    value: f64,
    /// As typed, for "Not 100M: …".
    said: String,
    /// The words after it ("daily active user"), singular: what the figure counts.
    subject: Vec<String>,
}

impl Quantity {
    fn shares_subject(&self, other: &Quantity) -> bool {
        self.subject.iter().any(|w| other.subject.contains(w))
    }
}

/// Up to three words after a figure, before any punctuation, without the small words.
fn subject_after(rest: &str) -> Vec<String> {
    const SMALL: [&str; 16] = [
        "a", "an", "the", "of", "per", "and", "or", "at", "on", "in", "to", "for", "with", "we",
        "our", "about",
    ];
    rest.split([',', '.', ';', ':', '?', '!', '(', ')', '\n'])
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.chars().all(char::is_alphabetic) && !w.is_empty())
        .filter(|w| !SMALL.contains(&w.as_str()))
        .map(|w| match w.strip_suffix('s') {
            Some(one) if one.len() > 2 => one.to_owned(),
            _ => w,
        })
        .collect()
}

/// The figures of a text worth checking: percentages, durations, and counts large enough to
/// be a claim about scale (a multiplier, or at least a thousand). Small bare numbers ("2
/// regions", "top 10") are left alone.
fn quantities(text: &str) -> Vec<Quantity> {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)
            (?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)
            (?:\s|-)?
            (?P<unit>%|percent\b|k\b|thousand\b|m\b|mm\b|mn\b|million\b|b\b|bn\b|billion\b
              |ms\b|millisec\w*|s\b|secs?\b|seconds?\b|mins?\b|minutes?\b|h\b|hrs?\b|hours?\b|days?\b)?",
        )
        .expect("a valid pattern")
    });
    NUMBER
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            // "p99", "x2", "h100" are names, not figures.
            let before = text[..whole.start()].chars().next_back();
            if before.is_some_and(|b| b.is_alphanumeric() || b == '.') {
                return None;
            }
            let digits = c.name("num")?.as_str().replace(',', "");
            let n: f64 = digits.parse().ok()?;
            let unit = c
                .name("unit")
                .map(|u| u.as_str().to_lowercase())
                .unwrap_or_default();
            let (kind, value) = match unit.as_str() {
                "%" | "percent" => (Kind::Percent, n),
                "ms" => (Kind::Duration, n / 1000.0),
                u if u.starts_with("millisec") => (Kind::Duration, n / 1000.0),
                "s" | "sec" | "secs" | "second" | "seconds" => (Kind::Duration, n),
                "min" | "mins" | "minute" | "minutes" => (Kind::Duration, n * 60.0),
                "h" | "hr" | "hrs" | "hour" | "hours" => (Kind::Duration, n * 3600.0),
                "day" | "days" => (Kind::Duration, n * 86_400.0),
                "k" | "thousand" => (Kind::Count, n * 1e3),
                "m" | "mm" | "mn" | "million" => (Kind::Count, n * 1e6),
                "b" | "bn" | "billion" => (Kind::Count, n * 1e9),
                _ if n >= 1000.0 => (Kind::Count, n),
                _ => return None,
            };
            Some(Quantity {
                kind,
                value,
                said: whole.as_str().trim_end().to_owned(),
                subject: subject_after(&text[whole.end()..]),
            })
        })
        .collect()
}

/// The sentences of an answer, with their ending punctuation.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['.', '?', '!', '\n', ';'])
        .filter(|s| !s.trim().is_empty())
}

/// The sentence of `text` holding the characters `start..end`.
fn sentence_around(text: &str, start: usize, end: usize) -> String {
    let mut at = 0;
    let mut found = Vec::new();
    for s in sentences_with_blanks(text) {
        let len = s.chars().count();
        if at + len > start && at < end.max(start + 1) {
            found.push(s);
        }
        at += len;
    }
    found.concat()
}

/// The clause of `text` around the characters `start..end`: up to the nearest comma, dash,
/// bracket or sentence end on either side.
fn clause_around(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let boundary = |c: char| {
        matches!(
            c,
            ',' | ';' | '.' | '?' | '!' | '\n' | '-' | '—' | '(' | ')'
        )
    };
    let end = end.min(chars.len());
    let mut from = start.min(end);
    while from > 0 && !boundary(chars[from - 1]) {
        from -= 1;
    }
    let mut to = end;
    while to < chars.len() && !boundary(chars[to]) {
        to += 1;
    }
    chars[from..to].iter().collect()
}

fn sentences_with_blanks(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['.', '?', '!', '\n', ';'])
}

/// Whether the words that earned concept `i` stand in a question ("latency?"), which a
/// candidate asking tersely deserves an answer to.
fn asked(verdict: &Verdict, i: usize, texts: &[&str]) -> bool {
    let Some(quote) = verdict.evidence[i].as_ref().filter(|q| !q.earlier) else {
        return false;
    };
    texts.get(quote.answer).is_some_and(|text| {
        text.chars()
            .skip(quote.end)
            .find(|c| matches!(c, '.' | '!' | '?' | '\n'))
            == Some('?')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, f64)> {
        quantities(text)
            .into_iter()
            .map(|q| (q.kind, q.value))
            .collect()
    }

    #[test]
    fn figures_are_read_with_their_magnitude_and_unit() {
        assert_eq!(kinds("about 500M daily users"), vec![(Kind::Count, 5e8)]);
        assert_eq!(kinds("100 million users"), vec![(Kind::Count, 1e8)]);
        assert_eq!(kinds("a 50 ms budget"), vec![(Kind::Duration, 0.05)]);
        assert_eq!(kinds("within 5 seconds"), vec![(Kind::Duration, 5.0)]);
        assert_eq!(kinds("1 in 50,000 posts"), vec![(Kind::Count, 50_000.0)]);
        assert_eq!(kinds("under 0.5% of photos"), vec![(Kind::Percent, 0.5)]);
        assert_eq!(
            kinds("a 24-hour turnaround"),
            vec![(Kind::Duration, 86_400.0)]
        );
        assert!(kinds("p99 latency for the top 10 results in 2 regions").is_empty());
    }

    #[test]
    fn an_assumed_figure_is_confirmed_or_corrected_from_the_facts() {
        let facts =
            "About 500M daily active users, 60K requests per second on average and 150K at peak.";
        assert_eq!(
            stance("I'll assume 100M users.", "I'll assume 100M users.", facts),
            Stance::Corrected {
                said: vec!["100M".to_owned()]
            }
        );
        // Each wrong figure is named, and a figure is checked against what it counts: 10B
        // users is wrong even where the catalogue holds 10B videos.
        let catalogue = "About 500M daily active users and a catalogue of about 10B videos.";
        let said = |s: &[&str]| Stance::Corrected {
            said: s.iter().map(|s| (*s).to_owned()).collect(),
        };
        assert_eq!(
            stance("I'd assume 10B users.", "I'd assume 10B users.", catalogue),
            said(&["10B"])
        );
        assert_eq!(
            stance("Say 2 billion users and 800M videos.", "x", catalogue),
            said(&["2 billion", "800M"])
        );
        assert_eq!(
            stance("Say 500M users and 10B videos.", "x", catalogue),
            Stance::Confirmed
        );
        assert_eq!(
            stance(
                "Let's say around 450 million DAU.",
                "Let's say around 450 million DAU.",
                facts
            ),
            Stance::Confirmed
        );
        assert_eq!(
            stance(
                "Is the peak around 150k QPS?",
                "Is the peak around 150k QPS?",
                facts
            ),
            Stance::Confirmed
        );
        // A figure of another kind (a latency in a sentence about scale) is not this
        // concept's to judge.
        assert_eq!(
            stance(
                "I'll assume 500M users and a 50 ms budget.",
                "I'll assume 500M users and a 50 ms budget.",
                facts
            ),
            Stance::Confirmed
        );
        assert_eq!(
            stance(
                "How many users do we have?",
                "How many users do we have?",
                facts
            ),
            Stance::Asked
        );
        assert_eq!(
            stance(
                "I'll assume it is a global product.",
                "I'll assume it is a global product.",
                facts
            ),
            Stance::Assumed
        );
        assert_eq!(
            stance(
                "Is it safe to assume it's global?",
                "Is it safe to assume it's global?",
                facts
            ),
            Stance::Asked
        );
    }

    #[test]
    fn a_guess_belongs_to_its_clause() {
        let facts = "About 100M daily active users.";
        let sentence =
            "I'd ask what we're optimizing, engagement I guess, and how many users we have.";
        let at = sentence.find("how many").expect("in the sentence");
        let clause = clause_around(sentence, at, at + 8);
        assert_eq!(clause, " and how many users we have");
        assert_eq!(stance(sentence, &clause, facts), Stance::Asked);
    }

    #[test]
    fn the_sentence_around_a_quote_is_found_by_character_offsets() {
        let text = "Héllo there. I'll assume 100M users! And latency?";
        let start = text.chars().take_while(|&c| c != '1').count();
        assert_eq!(
            sentence_around(text, start, start + 4),
            " I'll assume 100M users!"
        );
    }
}
