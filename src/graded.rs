//! Graded answer sets: answers of known quality, written as candidates type them, used to
//! measure whether the judge orders answers the way an interviewer would.
//!
//! The measure is pairwise ordering accuracy: over every pair of answers to the same stage
//! with different grades, the share where the better answer scores strictly higher. A tie
//! counts as a miss.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::content::Script;
use crate::judge::{Setting, Turn, judge};
use crate::stage::Stage;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradedSet {
    pub case: String,
    #[serde(rename = "answer", default)]
    pub answers: Vec<GradedAnswer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradedAnswer {
    pub stage: Stage,
    /// 0 (off the mark) to 3 (what a strong candidate says).
    pub grade: u8,
    /// How the answer was written, for figures per failure shape.
    #[serde(default)]
    pub shape: AnswerShape,
    pub text: String,
}

/// How an answer was written: honestly in the usual words, in other words, or to game the
/// judge. The judge's figures are reported per shape, since it can gain on one and lose on
/// another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerShape {
    /// An honest answer, no particular wording.
    #[default]
    Honest,
    /// In the field's standard vocabulary.
    Textbook,
    /// In uncommon but correct words.
    Paraphrase,
    /// A valid but less common design.
    Alternative,
    /// Bare terms with any separator.
    Salad,
    /// One generic paragraph about every stage.
    Paste,
    /// The scenario or the question read back.
    Echo,
    /// A sensible answer to another stage.
    Offtopic,
}

impl AnswerShape {
    pub fn id(self) -> &'static str {
        match self {
            AnswerShape::Honest => "honest",
            AnswerShape::Textbook => "textbook",
            AnswerShape::Paraphrase => "paraphrase",
            AnswerShape::Alternative => "alternative",
            AnswerShape::Salad => "salad",
            AnswerShape::Paste => "paste",
            AnswerShape::Echo => "echo",
            AnswerShape::Offtopic => "offtopic",
        }
    }
}

/// Every answer's score, grouped by shape and grade.
#[derive(Debug, Clone, Default)]
pub struct ShapeScores {
    pub scores: BTreeMap<(AnswerShape, u8), Vec<u8>>,
}

impl ShapeScores {
    pub fn add(&mut self, script: &Script, set: &GradedSet) -> Result<(), GradedError> {
        let case = script
            .case(&set.case)
            .ok_or_else(|| GradedError::UnknownCase(set.case.clone()))?;
        for a in &set.answers {
            let v = judge(
                &Setting::new(case, a.stage, script.lexicon()),
                &[Turn::first(&a.text)],
            );
            self.scores
                .entry((a.shape, a.grade))
                .or_default()
                .push(v.score);
        }
        Ok(())
    }

    /// The median score of the answers of `shape` (any grade when `grade` is `None`).
    pub fn median(&self, shape: AnswerShape, grade: Option<u8>) -> Option<f64> {
        let mut all: Vec<u8> = self
            .scores
            .iter()
            .filter(|((s, g), _)| *s == shape && grade.is_none_or(|want| *g == want))
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        median(&mut all)
    }

    pub fn count(&self, shape: AnswerShape) -> usize {
        self.scores
            .iter()
            .filter(|((s, _), _)| *s == shape)
            .map(|(_, v)| v.len())
            .sum()
    }
}

pub fn median(values: &mut [u8]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (f64::from(values[mid - 1]) + f64::from(values[mid])) / 2.0
    } else {
        f64::from(values[mid])
    })
}

/// Gaming answers made from the cases themselves, so every case and stage is tried, not only
/// those a set covers: each stage's own keywords as a salad with every separator, and the
/// interviewer's words (scenario, questions, model answers) read back.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Per separator name, the scores of every stage's salad.
    pub salads: BTreeMap<&'static str, Vec<u8>>,
    pub scenario: Vec<u8>,
    pub question: Vec<u8>,
    pub model_answer: Vec<u8>,
}

/// The separators a salad is tried with.
pub const SEPARATORS: [(&str, &str); 8] = [
    ("spaces", " "),
    ("commas", ", "),
    ("newlines", "\n"),
    ("bullets", "\n• "),
    ("emoji", " 🔥 "),
    ("slashes", " / "),
    ("semicolons", "; "),
    ("hashtags", " #"),
];

/// How many keywords a generated salad strings together.
const SALAD_TERMS: usize = 15;

pub fn generated(script: &Script) -> Generated {
    let mut out = Generated::default();
    for case in script.cases() {
        for spec in case.stages() {
            let score = |text: &str| {
                judge(
                    &Setting::new(case, spec.stage, script.lexicon()),
                    &[Turn::first(text)],
                )
                .score
            };
            // The first keywords of every concept, round-robin, as a candidate who memorised
            // the vocabulary would string them.
            let mut terms: Vec<&str> = Vec::new();
            let longest = spec
                .concepts
                .iter()
                .map(|c| c.keywords.len())
                .max()
                .unwrap_or(0);
            'fill: for k in 0..longest {
                for c in &spec.concepts {
                    if let Some(word) = c.keywords.get(k) {
                        terms.push(word);
                        if terms.len() == SALAD_TERMS {
                            break 'fill;
                        }
                    }
                }
            }
            for (name, sep) in SEPARATORS {
                let salad = if name == "bullets" || name == "hashtags" {
                    format!("{}{}", sep.trim_start_matches('\n'), terms.join(sep))
                } else {
                    terms.join(sep)
                };
                out.salads.entry(name).or_default().push(score(&salad));
            }
            // The same terms under headings, which tie a short list to a role: one heading
            // over all of them, and a heading over every three ("metrics: a, b, c").
            let heading = spec.stage.id();
            let headed = format!("{heading}: {}", terms.join(", "));
            out.salads.entry("headed").or_default().push(score(&headed));
            let lines: Vec<String> = terms
                .chunks(3)
                .map(|chunk| format!("{heading}: {}", chunk.join(", ")))
                .collect();
            out.salads
                .entry("headed lines")
                .or_default()
                .push(score(&lines.join("\n")));
            // …and after one sentence that gives a reason, which switches headings on.
            let reasoned = format!(
                "I would cover these because each of them matters for the design.\n{}",
                lines.join("\n")
            );
            out.salads
                .entry("headed lines, one reason")
                .or_default()
                .push(score(&reasoned));
            if spec.stage == Stage::Requirements {
                out.scenario.push(score(&case.scenario));
            }
            if let Some(q) = spec.questions.first() {
                out.question.push(score(q));
            }
            out.model_answer.push(score(&spec.model_answer));
        }
    }
    out
}

/// A pair the judge put in the wrong order (or tied).
#[derive(Debug, Clone)]
pub struct Misordered {
    pub stage: Stage,
    pub better: (u8, u8, String),
    pub worse: (u8, u8, String),
}

#[derive(Debug, Clone, Default)]
pub struct Ordering {
    pub pairs: usize,
    pub correct: usize,
    pub per_stage: BTreeMap<Stage, (usize, usize)>,
    pub misordered: Vec<Misordered>,
}

impl Ordering {
    pub fn accuracy(&self) -> f64 {
        if self.pairs == 0 {
            return 1.0;
        }
        self.correct as f64 / self.pairs as f64
    }

    pub fn add(&mut self, other: &Ordering) {
        self.pairs += other.pairs;
        self.correct += other.correct;
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GradedError {
    #[error("{0}")]
    Parse(#[from] toml::de::Error),
    #[error("unknown case `{0}`")]
    UnknownCase(String),
}

pub fn parse(text: &str) -> Result<GradedSet, GradedError> {
    Ok(toml::from_str(text)?)
}

/// Scores every answer of the set and counts correctly ordered pairs.
pub fn ordering(script: &Script, set: &GradedSet) -> Result<Ordering, GradedError> {
    let case = script
        .case(&set.case)
        .ok_or_else(|| GradedError::UnknownCase(set.case.clone()))?;
    let scored: Vec<(Stage, u8, u8, &str)> = set
        .answers
        .iter()
        .map(|a| {
            let v = judge(
                &Setting::new(case, a.stage, script.lexicon()),
                &[Turn::first(&a.text)],
            );
            (a.stage, a.grade, v.score, a.text.as_str())
        })
        .collect();
    let mut out = Ordering::default();
    for (i, a) in scored.iter().enumerate() {
        for b in &scored[i + 1..] {
            if a.0 != b.0 || a.1 == b.1 {
                continue;
            }
            let (better, worse) = if a.1 > b.1 { (a, b) } else { (b, a) };
            let right = better.2 > worse.2;
            out.pairs += 1;
            let entry = out.per_stage.entry(a.0).or_default();
            entry.0 += 1;
            if right {
                out.correct += 1;
                entry.1 += 1;
            } else {
                out.misordered.push(Misordered {
                    stage: a.0,
                    better: (better.1, better.2, better.3.to_owned()),
                    worse: (worse.1, worse.2, worse.3.to_owned()),
                });
            }
        }
    }
    Ok(out)
}
