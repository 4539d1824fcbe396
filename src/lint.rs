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
