//! `dialogues/interviewer.toml`: how the interviewer conducts every interview — what each level
//! gets and is scored on, what a reply to a deeper question must hold, and the pace of a timed
//! interview. Content, so authors tune it without reading Rust.

use serde::Deserialize;
use toml::Spanned;

use crate::level::Level;
use crate::matching::{normalize, tokenize};
use crate::stage::Stage;

use super::diagnostic::{Diagnostic, SourceMap};
use super::diagnostic::{Source, toml_error};

/// The file name of the interviewer's conduct, beside the cases.
pub const CONDUCT_FILE: &str = "interviewer.toml";

/// Whether a source is the interviewer's conduct rather than a case.
pub fn is_conduct(source: &Source) -> bool {
    source.path.file_name().is_some_and(|n| n == CONDUCT_FILE)
}

/// How the interviewer conducts an interview, compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conduct {
    /// Per level, in [`Level::index`] order.
    pub levels: [LevelRules; 3],
    pub depth_answers: DepthAnswers,
    pub pace: Pace,
}

/// What one level gets and is scored on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelRules {
    /// Follow-ups per stage on top of the configured number.
    pub extra_follow_ups: u8,
    /// How many of a stage's follow-ups may be deeper questions.
    pub depth_questions: u8,
    /// `/hint`s per stage; `None` for no limit.
    pub hints: Option<u8>,
    /// Percent of a stage's score that rides on the replies to deeper questions.
    pub depth_share: u8,
}

/// What a reply to a deeper question must show to hold up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepthAnswers {
    pub min_words: usize,
    /// Phrases, as normalised words, that weigh a trade-off.
    pub tradeoffs: Vec<Vec<String>>,
    /// Phrases, as normalised words, that plan for failure.
    pub failures: Vec<Vec<String>>,
}

/// The pace of a timed interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// The length of `--timed` without `--minutes`.
    pub minutes: u16,
    /// Each stage's share of the interview, in framework order.
    pub shares: [u16; Stage::COUNT],
}

impl Conduct {
    pub fn level(&self, level: Level) -> LevelRules {
        self.levels[level.index()]
    }
}

impl Default for Conduct {
    /// The same as the shipped `dialogues/interviewer.toml` (a test keeps them equal), for a
    /// bank that has no such file.
    fn default() -> Self {
        let words = |list: &[&str]| list.iter().map(|p| phrase_words(p)).collect();
        Conduct {
            levels: [
                LevelRules {
                    extra_follow_ups: 0,
                    depth_questions: 1,
                    hints: None,
                    depth_share: 0,
                },
                LevelRules {
                    extra_follow_ups: 1,
                    depth_questions: 2,
                    hints: Some(2),
                    depth_share: 25,
                },
                LevelRules {
                    extra_follow_ups: 2,
                    depth_questions: 3,
                    hints: Some(1),
                    depth_share: 35,
                },
            ],
            depth_answers: DepthAnswers {
                min_words: 12,
                tradeoffs: words(&[
                    "trade off",
                    "tradeoff",
                    "cost",
                    "costs",
                    "expensive",
                    "cheaper",
                    "instead",
                    "versus",
                    "vs",
                    "at the expense",
                    "in exchange",
                    "worse",
                    "better",
                    "slower",
                    "faster",
                    "downside",
                    "upside",
                    "price",
                    "budget",
                    "latency",
                    "memory",
                    "but",
                ]),
                failures: words(&[
                    "fail",
                    "fallback",
                    "fall back",
                    "outage",
                    "degrade",
                    "timeout",
                    "time out",
                    "rollback",
                    "roll back",
                    "break",
                    "broken",
                    "goes down",
                    "stale",
                    "drift",
                    "retry",
                    "circuit breaker",
                    "backfill",
                    "alert",
                    "if it",
                    "what if",
                    "worst case",
                    "edge case",
                ]),
            },
            pace: Pace {
                minutes: 45,
                shares: [5, 4, 8, 9, 7, 7, 5],
            },
        }
    }
}

impl DepthAnswers {
    /// Whether `words` (normalised, in order) contain a number, a trade-off or a failure.
    pub fn engages(&self, words: &[&str]) -> bool {
        let has = |phrases: &[Vec<String>]| {
            phrases.iter().any(|p| {
                !p.is_empty()
                    && words.windows(p.len()).any(|w| {
                        // The last word of a phrase may be the start of a longer word.
                        w.iter().zip(p).enumerate().all(|(k, (word, want))| {
                            if k + 1 == p.len() {
                                word.starts_with(want.as_str())
                            } else {
                                word == want
                            }
                        })
                    })
            })
        };
        words.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit()))
            || has(&self.tradeoffs)
            || has(&self.failures)
    }
}

impl Pace {
    /// How long stage `stage` may take, in seconds, when it starts with `left` seconds of the
    /// interview remaining: its share of what is left, among the stages still to come.
    pub fn stage_budget(&self, stage: Stage, left: i64) -> i64 {
        let rest: u32 = Stage::ALL[stage.index()..]
            .iter()
            .map(|s| u32::from(self.shares[s.index()]))
            .sum();
        let share = u32::from(self.shares[stage.index()]);
        if rest == 0 {
            return left.max(0);
        }
        left.max(0) * i64::from(share) / i64::from(rest)
    }
}

fn phrase_words(phrase: &str) -> Vec<String> {
    tokenize(normalize(phrase))
        .texts()
        .map(str::to_owned)
        .collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConduct {
    levels: RawLevels,
    depth_answers: RawDepthAnswers,
    pace: RawPace,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevels {
    mid: Spanned<RawLevel>,
    senior: Spanned<RawLevel>,
    staff: Spanned<RawLevel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    extra_follow_ups: Spanned<i64>,
    depth_questions: Spanned<i64>,
    hints: Option<Spanned<i64>>,
    depth_share: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepthAnswers {
    min_words: Spanned<i64>,
    tradeoffs: Vec<Spanned<String>>,
    failures: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPace {
    minutes: Spanned<i64>,
    requirements: Spanned<i64>,
    framing: Spanned<i64>,
    data: Spanned<i64>,
    model: Spanned<i64>,
    evaluation: Spanned<i64>,
    serving: Spanned<i64>,
    monitoring: Spanned<i64>,
}

/// Reads the conduct file; every problem is a diagnostic, and a file with any problem gives
/// way to the default so the interview still runs.
pub(super) fn conduct(source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Option<Conduct> {
    let map = SourceMap::new(&source.path, &source.text);
    let raw: RawConduct = match toml::from_str(&source.text) {
        Ok(raw) => raw,
        Err(e) => {
            diagnostics.push(toml_error(&map, &e));
            return None;
        }
    };
    let before = diagnostics.len();
    let mut number = |value: &Spanned<i64>, range: std::ops::RangeInclusive<i64>, what: &str| {
        let v = *value.get_ref();
        if range.contains(&v) {
            v
        } else {
            diagnostics.push(map.error(
                &value.span(),
                format!(
                    "{what} must be between {} and {}",
                    range.start(),
                    range.end()
                ),
            ));
            *range.start()
        }
    };
    let mut level = |raw: &Spanned<RawLevel>| {
        let l = raw.get_ref();
        LevelRules {
            extra_follow_ups: number(&l.extra_follow_ups, 0..=5, "extra_follow_ups") as u8,
            depth_questions: number(&l.depth_questions, 0..=5, "depth_questions") as u8,
            hints: l.hints.as_ref().map(|h| number(h, 0..=20, "hints") as u8),
            depth_share: number(&l.depth_share, 0..=60, "depth_share") as u8,
        }
    };
    let levels = [
        level(&raw.levels.mid),
        level(&raw.levels.senior),
        level(&raw.levels.staff),
    ];
    let min_words = number(&raw.depth_answers.min_words, 1..=100, "min_words") as usize;
    let p = &raw.pace;
    let minutes = number(&p.minutes, 5..=240, "minutes") as u16;
    let shares = [
        &p.requirements,
        &p.framing,
        &p.data,
        &p.model,
        &p.evaluation,
        &p.serving,
        &p.monitoring,
    ]
    .map(|s| number(s, 1..=120, "a stage's share") as u16);
    let mut phrases = |list: &[Spanned<String>]| -> Vec<Vec<String>> {
        list.iter()
            .filter_map(|p| {
                let words = phrase_words(p.get_ref());
                if words.is_empty() {
                    diagnostics.push(map.error(&p.span(), "phrase has no words in it"));
                    None
                } else {
                    Some(words)
                }
            })
            .collect()
    };
    let tradeoffs = phrases(&raw.depth_answers.tradeoffs);
    let failures = phrases(&raw.depth_answers.failures);
    (diagnostics.len() == before).then_some(Conduct {
        levels,
        depth_answers: DepthAnswers {
            min_words,
            tradeoffs,
            failures,
        },
        pace: Pace { minutes, shares },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Source {
        crate::dialogues::builtin()
            .into_iter()
            .find(is_conduct)
            .expect("dialogues/interviewer.toml is built in")
    }

    #[test]
    fn the_shipped_file_is_the_default() {
        let mut diagnostics = Vec::new();
        let compiled = conduct(&shipped(), &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        assert_eq!(
            compiled,
            Some(Conduct::default()),
            "dialogues/interviewer.toml and Conduct::default() differ: a bank without the file \
             uses the default, so keep the two the same"
        );
    }

    #[test]
    fn a_bad_number_is_reported_where_it_is() {
        let text = shipped()
            .text
            .replace("depth_share = 35", "depth_share = 90");
        let source = Source {
            path: CONDUCT_FILE.into(),
            text,
        };
        let mut diagnostics = Vec::new();
        assert_eq!(conduct(&source, &mut diagnostics), None);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("depth_share"));
    }

    #[test]
    fn a_stage_gets_its_share_of_the_time_left() {
        let pace = Conduct::default().pace;
        assert_eq!(pace.stage_budget(Stage::Requirements, 45 * 60), 5 * 60);
        // Serving and monitoring share what is left, 7 to 5.
        assert_eq!(pace.stage_budget(Stage::Serving, 12 * 60), 7 * 60);
        assert_eq!(pace.stage_budget(Stage::Monitoring, 10 * 60), 10 * 60);
        assert_eq!(pace.stage_budget(Stage::Data, -5), 0);
    }

    #[test]
    fn a_deeper_reply_engages_with_numbers_trade_offs_or_failure() {
        let rules = Conduct::default().depth_answers;
        let words = |s: &str| -> Vec<String> { phrase_words(s) };
        let engages = |s: &str| {
            let w = words(s);
            rules.engages(&w.iter().map(String::as_str).collect::<Vec<_>>())
        };
        assert!(engages("at 12K QPS that is a lot of features"));
        assert!(engages("if the ranker fails we fall back to popularity"));
        assert!(engages("it costs us freshness"));
        assert!(!engages("I think that would be fine overall"));
    }
}
