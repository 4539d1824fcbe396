//! The dialogue file exactly as written: serde structs that mirror the TOML, with spans kept
//! so every problem can be reported at `file:line:column`. Nothing outside `content` sees
//! these types.

use serde::Deserialize;
use toml::Spanned;

pub type Text = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    pub id: Text,
    pub title: Text,
    pub domains: Spanned<Vec<Text>>,
    pub scenario: Text,
    pub stages: Spanned<RawStages>,
}

/// One optional field per stage so that a missing stage gets our message, not serde's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStages {
    pub requirements: Option<Spanned<RawStage>>,
    pub framing: Option<Spanned<RawStage>>,
    pub data: Option<Spanned<RawStage>>,
    pub model: Option<Spanned<RawStage>>,
    pub evaluation: Option<Spanned<RawStage>>,
    pub serving: Option<Spanned<RawStage>>,
    pub monitoring: Option<Spanned<RawStage>>,
}

impl RawStages {
    /// The stages in interview order, as in `Stage::ALL`.
    pub fn into_array(self) -> [Option<Spanned<RawStage>>; 7] {
        let RawStages {
            requirements,
            framing,
            data,
            model,
            evaluation,
            serving,
            monitoring,
        } = self;
        [
            requirements,
            framing,
            data,
            model,
            evaluation,
            serving,
            monitoring,
        ]
    }

    /// The stages present, in interview order.
    pub fn iter(&self) -> impl Iterator<Item = &RawStage> {
        [
            &self.requirements,
            &self.framing,
            &self.data,
            &self.model,
            &self.evaluation,
            &self.serving,
            &self.monitoring,
        ]
        .into_iter()
        .flatten()
        .map(Spanned::get_ref)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    pub questions: Spanned<Vec<Text>>,
    pub model_answer: Text,
    #[serde(default)]
    pub concepts: Vec<Spanned<RawConcept>>,
    #[serde(default)]
    pub misconceptions: Vec<Spanned<RawMisconception>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConcept {
    pub id: Text,
    pub label: Text,
    pub weight: Spanned<i64>,
    #[serde(default)]
    pub keywords: Vec<Text>,
    #[serde(default)]
    pub patterns: Vec<Text>,
    pub probe: Text,
    pub hint: Text,
    pub why: Option<Text>,
    /// A deeper question once the concept is explained and the stage's must-haves are covered.
    pub depth: Option<Text>,
    pub reply: Option<Text>,
    /// Concepts of one group are alternatives: covering one is enough.
    pub group: Option<Text>,
    /// Phrasings credited only in a reply to this concept's own follow-up.
    #[serde(default)]
    pub probe_accepts: Vec<Text>,
    /// Phrasings that look like this concept but are something else ("modality dropout" is
    /// not dropout as regularisation): a mention inside one of them earns nothing.
    #[serde(default)]
    pub unless: Vec<Text>,
    /// A shared concept of `vocabulary.toml` whose phrasings and examples this one adds to.
    pub extends: Option<Text>,
    pub examples: Spanned<RawExamples>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMisconception {
    pub id: Text,
    pub label: Text,
    #[serde(default)]
    pub keywords: Vec<Text>,
    #[serde(default)]
    pub patterns: Vec<Text>,
    pub probe: Text,
    pub examples: Spanned<RawExamples>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    #[serde(rename = "match", default)]
    pub must_match: Vec<Text>,
    #[serde(rename = "no_match", default)]
    pub must_not_match: Vec<Text>,
}

/// `dialogues/vocabulary.toml`: the words shared by every case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVocabulary {
    #[serde(rename = "family", default)]
    pub families: Vec<Spanned<RawFamily>>,
    #[serde(rename = "concept", default)]
    pub concepts: Vec<Spanned<RawSharedConcept>>,
    #[serde(default)]
    pub framework: RawFramework,
}

/// The phrases that name each step of the framework itself, in any case ("clarify the
/// objective", "deploy", "monitor drift").
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFramework {
    #[serde(default)]
    pub requirements: Vec<Text>,
    #[serde(default)]
    pub framing: Vec<Text>,
    #[serde(default)]
    pub data: Vec<Text>,
    #[serde(default)]
    pub model: Vec<Text>,
    #[serde(default)]
    pub evaluation: Vec<Text>,
    #[serde(default)]
    pub serving: Vec<Text>,
    #[serde(default)]
    pub monitoring: Vec<Text>,
}

/// A concept most cases need (an A/B test, a time-based split): its phrasings and examples
/// written once, and extended by a case's concept with `extends`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSharedConcept {
    pub id: Text,
    #[serde(default)]
    pub keywords: Vec<Text>,
    #[serde(default)]
    pub patterns: Vec<Text>,
    pub examples: Spanned<RawExamples>,
}

/// Words and phrasings that mean the same thing in ML system design.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFamily {
    pub terms: Vec<Text>,
}
