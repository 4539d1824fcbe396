//! Review files: disputes written as the self-test examples of a case file, so an author can
//! check them against the bank (`mlsd lint CASE-FILE REVIEW-FILE`), add the phrasing the
//! candidates used, and paste the examples into the case file as regression tests.
//!
//! A review file is named `<case>.review.toml` and has the shape of a case file's concept
//! blocks, with `review_for` naming the case:
//!
//! ```toml
//! review_for = "ad-click-prediction"
//!
//! [[stages.data.concepts]]
//! id = "time-split"
//! examples.match = ["partition by drive/route, not by image"]
//! ```

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Deserialize;

use crate::stage::Stage;

use super::report::{Group, excerpt};
use super::{Direction, ItemKind};

/// How review files end, so the bank never mistakes one for a case.
pub const SUFFIX: &str = ".review.toml";

/// Whether `path` names a review file.
pub fn is_review_file(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(SUFFIX))
}

/// One review file per case: its file name and contents.
pub fn export(groups: &[Group], today: &str) -> Vec<(String, String)> {
    let mut per_case: BTreeMap<&str, Vec<&Group>> = BTreeMap::new();
    for g in groups {
        per_case.entry(&g.case).or_default().push(g);
    }
    per_case
        .into_iter()
        .map(|(case, groups)| (format!("{case}{SUFFIX}"), file(case, &groups, today)))
        .collect()
}

fn file(case: &str, groups: &[&Group], today: &str) -> String {
    let count: usize = groups.iter().map(|g| g.disputes.len()).sum();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {count} disputed verdict(s) on `{case}`, exported by `mlsd disputes --export` on {today}."
    );
    out.push_str(
        "#\n\
         # Each block below has the shape of a concept (or misconception) in the case file.\n\
         # For each example: if the candidate is right, add a keyword or pattern to that concept\n\
         # in the case file until `mlsd lint <case file> <this file>` passes, then move the\n\
         # example into the concept's list there, so it stays a regression test. If the\n\
         # candidate is wrong, delete the example here. Then dismiss the disputes with\n\
         # `mlsd disputes --dismiss <group>`.\n",
    );
    let _ = writeln!(out, "\nreview_for = {}", toml_string(case));
    for g in groups {
        let list = if g.direction.should_match() {
            "match"
        } else {
            "no_match"
        };
        let table = match g.kind {
            ItemKind::Concept => "concepts",
            ItemKind::Misconception => "misconceptions",
        };
        let _ = writeln!(
            out,
            "\n# {} — {} candidate(s): \"{}\". Dismiss with: mlsd disputes --dismiss {}",
            one_line(&g.label),
            g.disputes.len(),
            g.direction.claim(),
            one_line(&g.name())
        );
        if g.id.is_empty() {
            out.push_str("# The case file no longer has this item; find it by its label.\n");
        }
        for e in &g.disputes {
            if let Some(note) = &e.dispute.note {
                let _ = writeln!(out, "#   note: {}", excerpt(note, 200));
            }
        }
        let _ = writeln!(out, "[[stages.{}.{table}]]", g.stage.id());
        let _ = writeln!(out, "id = {}", toml_string(&g.id));
        let _ = writeln!(out, "examples.{list} = [");
        let mut seen = Vec::new();
        for e in &g.disputes {
            let answer = e.dispute.answer();
            // The same answer disputed twice is one example.
            if seen.contains(&answer) {
                continue;
            }
            let _ = writeln!(out, "  {},", toml_string(&answer));
            seen.push(answer);
        }
        out.push_str("]\n");
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A review file as read back.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFile {
    pub review_for: String,
    #[serde(default)]
    pub stages: BTreeMap<Stage, ReviewStage>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewStage {
    #[serde(default)]
    pub concepts: Vec<ReviewItem>,
    #[serde(default)]
    pub misconceptions: Vec<ReviewItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewItem {
    pub id: String,
    #[serde(default)]
    pub examples: ReviewExamples,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewExamples {
    #[serde(default, rename = "match")]
    pub must_match: Vec<String>,
    #[serde(default, rename = "no_match")]
    pub must_not_match: Vec<String>,
}

pub fn parse(text: &str) -> Result<ReviewFile, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

/// One example of a review file, flattened for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example<'a> {
    pub stage: Stage,
    pub kind: ItemKind,
    pub id: &'a str,
    pub text: &'a str,
    pub direction: ExampleDirection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleDirection {
    Match,
    NoMatch,
}

impl ReviewFile {
    pub fn examples(&self) -> Vec<Example<'_>> {
        let mut out = Vec::new();
        for (&stage, spec) in &self.stages {
            let lists = spec.concepts.iter().map(|i| (ItemKind::Concept, i)).chain(
                spec.misconceptions
                    .iter()
                    .map(|i| (ItemKind::Misconception, i)),
            );
            for (kind, item) in lists {
                let matches = item
                    .examples
                    .must_match
                    .iter()
                    .map(|t| (t, ExampleDirection::Match));
                let misses = item
                    .examples
                    .must_not_match
                    .iter()
                    .map(|t| (t, ExampleDirection::NoMatch));
                for (text, direction) in matches.chain(misses) {
                    out.push(Example {
                        stage,
                        kind,
                        id: &item.id,
                        text,
                        direction,
                    });
                }
            }
        }
        out
    }
}

impl From<Direction> for ExampleDirection {
    fn from(d: Direction) -> ExampleDirection {
        if d.should_match() {
            ExampleDirection::Match
        } else {
            ExampleDirection::NoMatch
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispute::report::groups;
    use crate::dispute::{Dispute, DisputeKey};

    fn dispute(direction: Direction, kind: ItemKind, answer: &str) -> Dispute {
        Dispute {
            case: "ad-click-prediction".into(),
            stage: Stage::Data,
            kind,
            id: "time-split".into(),
            label: "Time-based split".into(),
            direction,
            answers: vec![answer.into()],
            note: Some("I said \"hold back\"\nreally".into()),
            at: 1,
            user: None,
            dismissed: false,
        }
    }

    #[test]
    fn an_export_reads_back_as_the_examples_it_was_made_from() {
        let tricky = "hold back the last \"two\" weeks\nand 'test' on them \\ ok";
        let entries = vec![
            (
                DisputeKey::new(1, 1),
                dispute(Direction::Missed, ItemKind::Concept, tricky),
            ),
            (
                DisputeKey::new(2, 1),
                dispute(Direction::Missed, ItemKind::Concept, tricky),
            ),
            (
                DisputeKey::new(3, 1),
                dispute(Direction::NotSaid, ItemKind::Misconception, "no shuffle"),
            ),
        ];
        let files = export(&groups(entries, false), "2026-12-02");
        assert_eq!(files.len(), 1);
        let (name, text) = &files[0];
        assert_eq!(name, "ad-click-prediction.review.toml");
        assert!(is_review_file(std::path::Path::new(name)));
        let review = parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(review.review_for, "ad-click-prediction");
        let examples = review.examples();
        // The same answer disputed twice is one example.
        assert_eq!(examples.len(), 2, "{text}");
        assert_eq!(examples[0].text, tricky);
        assert_eq!(examples[0].direction, ExampleDirection::Match);
        assert_eq!(examples[1].kind, ItemKind::Misconception);
        assert_eq!(examples[1].direction, ExampleDirection::NoMatch);
        assert!(text.contains("--dismiss ad-click-prediction/data/time-split"));
        assert!(
            text.contains("#   note: I said \"hold back\" really"),
            "{text}"
        );
    }

    #[test]
    fn a_review_file_with_unknown_fields_is_refused() {
        assert!(parse("review_for = \"x\"\nfoo = 1").is_err());
        assert!(parse("[stages.data]\nconcepts = []").is_err());
        assert!(parse("review_for = \"x\"\n[stages.nowhere]").is_err());
    }
}
