//! The compiled script: case studies with their stages, concepts and misconceptions, matchers
//! built and phrasings normalised. This is what the judge and the interview read.

use std::path::{Path, PathBuf};

use crate::matching::{Given, Index, Lexicon, Shingles, Signposts, StageProfile};
use crate::stage::{Domain, Stage};

use super::conduct::Conduct;
use super::diagnostic::Location;

/// Every case study, ready to interview with.
#[derive(Debug, Default)]
pub struct Script {
    pub(super) cases: Vec<Case>,
    pub(super) lexicon: Lexicon,
    /// How the interviewer conducts every interview (`interviewer.toml`).
    pub(super) conduct: Conduct,
}

impl Script {
    pub fn cases(&self) -> &[Case] {
        &self.cases
    }

    pub fn case(&self, id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.id == id)
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }

    pub fn conduct(&self) -> &Conduct {
        &self.conduct
    }
}

#[derive(Debug)]
pub struct Case {
    pub id: String,
    pub title: String,
    pub domains: Vec<Domain>,
    pub scenario: String,
    pub source: PathBuf,
    /// Exactly one per stage, in framework order.
    pub(super) stages: Vec<StageSpec>,
    /// Everything the interviewer says in this case (scenario, questions, model answers,
    /// probes, replies): read back, it earns nothing.
    pub known: Shingles,
    /// The content words of the scenario and the questions: an answer made of them alone is
    /// read back in other words.
    pub given: Given,
    /// Which stages each content word belongs to.
    pub profile: StageProfile,
    /// The phrases that name each step of the framework in any case, shared by every case.
    pub signposts: std::sync::Arc<Signposts>,
}

impl Case {
    pub fn stage(&self, stage: Stage) -> &StageSpec {
        &self.stages[stage.index()]
    }

    pub fn stages(&self) -> &[StageSpec] {
        &self.stages
    }

    pub fn source(&self) -> &Path {
        &self.source
    }

    pub fn in_domain(&self, domain: Domain) -> bool {
        self.domains.contains(&domain)
    }
}

/// What one mention found in an answer refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Concept(usize),
    Misconception(usize),
    /// Words that look like the concept but mean something else.
    Unless(usize),
}

#[derive(Debug)]
pub struct StageSpec {
    pub stage: Stage,
    pub questions: Vec<String>,
    pub model_answer: String,
    pub concepts: Vec<Concept>,
    pub misconceptions: Vec<Misconception>,
    pub index: Index<Target>,
    /// Per concept, phrasings that count only in a reply to its own follow-up.
    pub follow_ups: Index<usize>,
}

impl StageSpec {
    pub fn concept(&self, id: &str) -> Option<(usize, &Concept)> {
        self.concepts.iter().enumerate().find(|(_, c)| c.id == id)
    }

    pub fn misconception(&self, id: &str) -> Option<(usize, &Misconception)> {
        self.misconceptions
            .iter()
            .enumerate()
            .find(|(_, m)| m.id == id)
    }

    /// The other concepts of `i`'s group of alternatives.
    pub fn alternatives(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let group = self.concepts.get(i).and_then(|c| c.group.as_deref());
        self.concepts
            .iter()
            .enumerate()
            .filter(move |&(j, c)| j != i && group.is_some() && c.group.as_deref() == group)
            .map(|(j, _)| j)
    }

    pub fn total_weight(&self) -> u32 {
        self.concepts.iter().map(|c| u32::from(c.weight)).sum()
    }
}

/// Something an interviewer listens for at a stage.
#[derive(Debug)]
pub struct Concept {
    pub id: String,
    pub label: String,
    /// 1 = nice to hear, 2 = expected, 3 = essential.
    pub weight: u8,
    /// Asked when the concept is missing.
    pub probe: String,
    /// Given on `/hint`.
    pub hint: String,
    /// Asked when the concept is named without a reason; a generic question otherwise.
    pub why: Option<String>,
    /// Asked to push deeper once the stage's must-haves are covered and this concept was
    /// explained: its cost, its trade-off, what breaks at the case's numbers.
    pub depth: Option<String>,
    /// What the interviewer answers when a candidate raises it (mostly clarifying questions).
    pub reply: Option<String>,
    /// The keywords as the author wrote them.
    pub keywords: Vec<String>,
    /// Its group of alternatives, if any: covering one member is enough.
    pub group: Option<String>,
    pub examples: Examples,
}

/// A wrong idea worth correcting on the spot.
#[derive(Debug)]
pub struct Misconception {
    pub id: String,
    pub label: String,
    pub probe: String,
    pub examples: Examples,
}

/// Self-test sentences, kept with their place in the file for `mlsd lint`.
#[derive(Debug, Default)]
pub struct Examples {
    pub must_match: Vec<(String, Location)>,
    pub must_not_match: Vec<(String, Location)>,
}

/// The weight scale of concepts.
pub const MIN_WEIGHT: u8 = 1;
pub const MAX_WEIGHT: u8 = 3;
