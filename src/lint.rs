//! The self-tests of `mlsd lint`: every concept's and misconception's examples are run
//! through the judge's own matching, so an author learns at once when a phrasing is too
//! narrow or too eager.

use crate::content::{Diagnostic, Script};
use crate::judge::mentions;
use crate::matching::Analysis;

pub fn self_test(script: &Script) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for case in script.cases() {
        for spec in case.stages() {
            for (pattern, error) in spec.index.compile_all() {
                out.push(Diagnostic {
                    location: crate::content::Location {
                        path: case.source.clone(),
                        line: 0,
                        column: 0,
                    },
                    message: format!(
                        "stage `{}`: pattern `{pattern}` does not compile: {error}",
                        spec.stage
                    ),
                });
            }
            let found = |text: &str| mentions(spec, &Analysis::new(text, script.lexicon()));
            for (i, concept) in spec.concepts.iter().enumerate() {
                for (text, location) in &concept.examples.must_match {
                    if !found(text).concepts[i].is_covered() {
                        out.push(Diagnostic {
                            location: location.clone(),
                            message: format!(
                                "concept `{}` does not match this example; add a keyword or pattern that covers it",
                                concept.id
                            ),
                        });
                    }
                }
                for (text, location) in &concept.examples.must_not_match {
                    if found(text).concepts[i].is_covered() {
                        out.push(Diagnostic {
                            location: location.clone(),
                            message: format!(
                                "concept `{}` matches this example, which it must not; narrow its phrasings",
                                concept.id
                            ),
                        });
                    }
                }
            }
            for (i, m) in spec.misconceptions.iter().enumerate() {
                for (text, location) in &m.examples.must_match {
                    if found(text).misconceptions[i] != Some(true) {
                        out.push(Diagnostic {
                            location: location.clone(),
                            message: format!(
                                "misconception `{}` does not match this example; add a keyword or pattern that covers it",
                                m.id
                            ),
                        });
                    }
                }
                for (text, location) in &m.examples.must_not_match {
                    if found(text).misconceptions[i] == Some(true) {
                        out.push(Diagnostic {
                            location: location.clone(),
                            message: format!(
                                "misconception `{}` matches this example, which it must not; narrow its phrasings",
                                m.id
                            ),
                        });
                    }
                }
            }
        }
    }
    out
}

/// Checks the examples of a review file (`mlsd disputes --export`) against the bank: each
/// disputed answer the judge still gets wrong is a problem, naming the concept to fix.
pub fn review(
    script: &Script,
    path: &std::path::Path,
    review: &crate::dispute::review::ReviewFile,
) -> Vec<Diagnostic> {
    use crate::dispute::ItemKind;
    use crate::dispute::review::ExampleDirection;
    let at = |message: String| Diagnostic {
        location: crate::content::Location {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
        },
        message,
    };
    let Some(case) = script.case(&review.review_for) else {
        return vec![at(format!(
            "no case `{}` in the dialogue files checked; name its case file too",
            review.review_for
        ))];
    };
    let mut out = Vec::new();
    for example in review.examples() {
        let spec = case.stage(example.stage);
        let analysis = Analysis::new(example.text, script.lexicon());
        let found = mentions(spec, &analysis);
        let what = match example.kind {
            ItemKind::Concept => "concept",
            ItemKind::Misconception => "misconception",
        };
        let matched = match example.kind {
            ItemKind::Concept => spec
                .concepts
                .iter()
                .position(|c| c.id == example.id)
                .map(|i| found.concepts[i].is_covered()),
            ItemKind::Misconception => spec
                .misconceptions
                .iter()
                .position(|m| m.id == example.id)
                .map(|i| found.misconceptions[i] == Some(true)),
        };
        let excerpt = crate::dispute::report::excerpt(example.text, 80);
        let Some(matched) = matched else {
            out.push(at(format!(
                "stage `{}`: {case_file} has no {what} `{}`",
                example.stage,
                example.id,
                case_file = case.source.display()
            )));
            continue;
        };
        let problem = match (example.direction, matched) {
            (ExampleDirection::Match, false) => Some(format!(
                "stage `{}`: {what} `{}` does not match \"{excerpt}\" yet; if the candidate is right, add a keyword or pattern to it in {}",
                example.stage,
                example.id,
                case.source.display()
            )),
            (ExampleDirection::NoMatch, true) => Some(format!(
                "stage `{}`: {what} `{}` still matches \"{excerpt}\"; if the candidate is right, narrow its phrasings in {}",
                example.stage,
                example.id,
                case.source.display()
            )),
            _ => None,
        };
        out.extend(problem.map(at));
    }
    out
}
