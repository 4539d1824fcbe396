//! The public vocabulary of the framework: the seven stages and the three domains.
//!
//! Their ids appear in CLI flags, dialogue files, JSON output and stored records, so they are
//! spelled once here and nowhere else.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One stage of the ML system design framework, in interview order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Requirements,
    Framing,
    Data,
    Model,
    Evaluation,
    Serving,
    Monitoring,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Requirements,
        Stage::Framing,
        Stage::Data,
        Stage::Model,
        Stage::Evaluation,
        Stage::Serving,
        Stage::Monitoring,
    ];
    pub const COUNT: usize = Self::ALL.len();

    pub fn id(self) -> &'static str {
        match self {
            Stage::Requirements => "requirements",
            Stage::Framing => "framing",
            Stage::Data => "data",
            Stage::Model => "model",
            Stage::Evaluation => "evaluation",
            Stage::Serving => "serving",
            Stage::Monitoring => "monitoring",
        }
    }

    /// The human name shown next to `k/7`.
    pub fn title(self) -> &'static str {
        match self {
            Stage::Requirements => "Clarifying requirements",
            Stage::Framing => "Framing the problem as an ML task",
            Stage::Data => "Data preparation",
            Stage::Model => "Model development",
            Stage::Evaluation => "Evaluation",
            Stage::Serving => "Deployment and serving",
            Stage::Monitoring => "Monitoring and infrastructure",
        }
    }

    /// Position in the interview, counted from 1.
    pub fn number(self) -> usize {
        self.index() + 1
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn next(self) -> Option<Stage> {
        Stage::ALL.get(self.index() + 1).copied()
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stage `{0}`; expected one of: {list}", list = stage_list())]
pub struct UnknownStage(pub String);

fn stage_list() -> String {
    Stage::ALL.map(Stage::id).join(", ")
}

impl FromStr for Stage {
    type Err = UnknownStage;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Stage::ALL
            .into_iter()
            .find(|stage| stage.id() == s)
            .ok_or_else(|| UnknownStage(s.to_owned()))
    }
}

/// A family of problems a user can find hardest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Domain {
    #[serde(rename = "nlp")]
    Nlp,
    #[serde(rename = "cv")]
    Cv,
    #[serde(rename = "search-recsys")]
    SearchRecsys,
}

impl Domain {
    pub const ALL: [Domain; 3] = [Domain::Nlp, Domain::Cv, Domain::SearchRecsys];

    pub fn id(self) -> &'static str {
        match self {
            Domain::Nlp => "nlp",
            Domain::Cv => "cv",
            Domain::SearchRecsys => "search-recsys",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Domain::Nlp => "NLP",
            Domain::Cv => "Computer vision",
            Domain::SearchRecsys => "Search & recommendations",
        }
    }

    /// Reads what a person might type when asked for a domain: a number from the menu, an id,
    /// or a common name. `None` for anything else.
    pub fn parse_loose(text: &str) -> Option<DomainChoice> {
        let t: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        let choice = match t.as_str() {
            "1"
            | "nlp"
            | "text"
            | "language"
            | "natural language"
            | "natural language processing" => DomainChoice::Domain(Domain::Nlp),
            "2" | "cv" | "vision" | "computer vision" | "images" | "image" => {
                DomainChoice::Domain(Domain::Cv)
            }
            "3"
            | "search"
            | "recsys"
            | "searchrecsys"
            | "search recsys"
            | "recommendations"
            | "recommendation"
            | "search and recommendations"
            | "search recommendations"
            | "ranking" => DomainChoice::Domain(Domain::SearchRecsys),
            "4" | "not sure" | "unsure" | "dont know" | "any" | "random" | "no idea" => {
                DomainChoice::NotSure
            }
            _ => return None,
        };
        Some(choice)
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown domain `{0}`; expected one of: nlp, cv, search-recsys")]
pub struct UnknownDomain(pub String);

impl FromStr for Domain {
    type Err = UnknownDomain;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Domain::ALL
            .into_iter()
            .find(|d| d.id() == s)
            .ok_or_else(|| UnknownDomain(s.to_owned()))
    }
}

/// The answer to "which domain do you find hardest?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DomainChoice {
    Domain(Domain),
    NotSure,
}

impl DomainChoice {
    pub fn domain(self) -> Option<Domain> {
        match self {
            DomainChoice::Domain(d) => Some(d),
            DomainChoice::NotSure => None,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            DomainChoice::Domain(d) => d.title(),
            DomainChoice::NotSure => "Not sure",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_round_trip_through_their_ids() {
        for stage in Stage::ALL {
            assert_eq!(stage.id().parse::<Stage>(), Ok(stage));
        }
        assert_eq!(Stage::Monitoring.number(), 7);
        assert_eq!(Stage::Monitoring.next(), None);
        assert!("deployment".parse::<Stage>().is_err());
    }

    #[test]
    fn loose_domain_parsing_accepts_menu_numbers_and_names() {
        assert_eq!(
            Domain::parse_loose(" Computer Vision! "),
            Some(DomainChoice::Domain(Domain::Cv))
        );
        assert_eq!(
            Domain::parse_loose("3"),
            Some(DomainChoice::Domain(Domain::SearchRecsys))
        );
        assert_eq!(Domain::parse_loose("not sure"), Some(DomainChoice::NotSure));
        assert_eq!(Domain::parse_loose("cooking"), None);
    }
}
