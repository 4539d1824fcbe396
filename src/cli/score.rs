//! `mlsd score`: one answer judged without any state, as text or as one JSON object.

use serde::Serialize;

use crate::content::{Case, Script};
use crate::interview::Reply;
use crate::judge::{self, Credit, Probe, Turn};
use crate::present::{Medium, render};
use crate::stage::Stage;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreReport {
    pub case: String,
    pub stage: Stage,
    /// 0–100.
    pub score: u8,
    pub covered: Vec<Covered>,
    /// Clauses that reasoned about the stage without naming any of its concepts, each
    /// credited a little.
    pub own_points: Vec<Evidence>,
    pub missing: Vec<Item>,
    /// The follow-up an interviewer would ask next, if any.
    pub probe: Option<String>,
    pub misconceptions: Vec<Mistaken>,
    /// Set when the answer was mostly text the interview already holds.
    pub echo: Option<judge::Echo>,
    /// Set when the answer toured every stage instead of answering this one.
    pub tour: bool,
    /// Set when the answer would fit any case.
    pub generic: bool,
    /// The stage the answer was about, when it was about another one.
    pub elsewhere: Option<Stage>,
    /// Set when an opening answer at requirements designed instead of asking.
    pub designs: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mistaken {
    pub id: String,
    pub label: String,
    /// The words that stated it.
    pub evidence: Option<Evidence>,
}

/// The candidate's words that earned a credit: the text and its character offsets in the
/// answer (end exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl From<&judge::Quote> for Evidence {
    fn from(q: &judge::Quote) -> Self {
        Evidence {
            text: q.text.clone(),
            start: q.start,
            end: q.end,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Covered {
    pub id: String,
    pub label: String,
    /// False when the concept was only named, with no reasoning around it.
    pub explained: bool,
    pub evidence: Option<Evidence>,
}

pub fn score(script: &Script, case: &Case, stage: Stage, answer: &str) -> ScoreReport {
    let spec = case.stage(stage);
    let setting = judge::Setting::new(case, stage, script.lexicon());
    let verdict = judge::judge(&setting, &[Turn::first(answer)]);
    let item = |id: &str, label: &str| Item {
        id: id.to_owned(),
        label: label.to_owned(),
    };
    let covered = spec
        .concepts
        .iter()
        .zip(&verdict.credits)
        .zip(&verdict.evidence)
        .filter(|((_, c), _)| c.is_covered())
        .map(|((c, credit), quote)| Covered {
            id: c.id.clone(),
            label: c.label.clone(),
            explained: *credit == Credit::Explained,
            evidence: quote.as_ref().map(Evidence::from),
        })
        .collect();
    let missing = verdict
        .missing()
        .map(|i| item(&spec.concepts[i].id, &spec.concepts[i].label))
        .collect();
    let misconceptions = verdict
        .misconceptions
        .iter()
        .map(|&i| Mistaken {
            id: spec.misconceptions[i].id.clone(),
            label: spec.misconceptions[i].label.clone(),
            evidence: verdict
                .misconception_evidence
                .get(i)
                .and_then(Option::as_ref)
                .map(Evidence::from),
        })
        .collect();
    let probe = judge::choose_probe(spec, &verdict, &[]).map(|p| probe_text(spec, &p));
    ScoreReport {
        case: case.id.clone(),
        stage,
        score: verdict.score,
        covered,
        own_points: verdict.reasoning.iter().map(Evidence::from).collect(),
        missing,
        probe,
        misconceptions,
        echo: verdict.echo,
        tour: verdict.tour,
        generic: verdict.generic,
        elsewhere: verdict.elsewhere,
        designs: verdict.designs,
    }
}

fn probe_text(spec: &crate::content::StageSpec, probe: &Probe) -> String {
    let reply = match probe {
        Probe::Missing { concept } => spec.concept(concept).map(|(_, c)| c.probe.clone()),
        Probe::Depth { concept } => spec.concept(concept).map(|(_, c)| {
            let reply = match &c.depth {
                Some(text) => Reply::Probe { text: text.clone() },
                None => Reply::Deeper {
                    label: c.label.clone(),
                },
            };
            let text = render(&reply, Medium::Terminal).to_plain();
            text.trim_start_matches("Follow-up: ").to_owned()
        }),
        Probe::Correct { misconception } => spec
            .misconception(misconception)
            .map(|(_, m)| m.probe.clone()),
        Probe::Why { concepts } => {
            let labels: Vec<String> = concepts
                .iter()
                .filter_map(|id| spec.concept(id).map(|(_, c)| c.label.clone()))
                .collect();
            let single_why = match concepts.as_slice() {
                [only] => spec.concept(only).and_then(|(_, c)| c.why.clone()),
                _ => None,
            };
            let reply = match single_why {
                Some(text) => Reply::Probe { text },
                None => Reply::AskWhy { labels },
            };
            let text = render(&reply, Medium::Terminal).to_plain();
            Some(text.trim_start_matches("Follow-up: ").to_owned())
        }
    };
    reply.unwrap_or_default()
}

/// " — “their words”", or nothing.
fn quoted(evidence: Option<&Evidence>) -> String {
    evidence
        .map(|e| format!(" — “{}”", e.text))
        .unwrap_or_default()
}

impl ScoreReport {
    pub fn to_text(&self) -> String {
        let mut out = format!("{} / {}: {}/100\n", self.case, self.stage, self.score);
        for c in &self.covered {
            let how = if c.explained {
                "explained"
            } else {
                "named only"
            };
            let quote = quoted(c.evidence.as_ref());
            out.push_str(&format!("  covered   {} ({how}){quote}\n", c.label));
        }
        for p in &self.own_points {
            out.push_str(&format!("  own point “{}”\n", p.text));
        }
        for m in &self.missing {
            out.push_str(&format!("  missing   {}\n", m.label));
        }
        for m in &self.misconceptions {
            let quote = quoted(m.evidence.as_ref());
            out.push_str(&format!("  mistaken  {}{quote}\n", m.label));
        }
        if let Some(p) = &self.probe {
            out.push_str(&format!("follow-up: {p}\n"));
        }
        out
    }
}
