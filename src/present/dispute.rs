//! What the interviewer says about disputes, for every shell.

use crate::dispute::{Choice, Direction, ItemKind};
use crate::stage::Stage;

use super::{Doc, Span};

/// "✗ Time-based split: I covered it", as a list line or a button.
pub fn choice_line(choice: &Choice) -> String {
    let mark = match (choice.kind, choice.direction) {
        (ItemKind::Misconception, _) => "⚠",
        (_, Direction::Undeserved) => "✓",
        _ => "✗",
    };
    format!(
        "{mark} {}: {}",
        choice.label,
        choice.direction.claim().to_lowercase()
    )
}

/// The question after "Something's wrong": which verdict.
pub fn which(stage: Stage, case_title: &str) -> Doc {
    let mut doc = Doc::default();
    doc.para(vec![
        Span::Bold("Which verdict was wrong?".to_owned()),
        Span::Text(format!(" {} — {case_title}.", stage.title())),
    ]);
    doc.text(
        "Pick the concept you did cover, the credit you didn't earn, or the mistake you \
         didn't make. It won't change your score: the case's authors read every one and fix \
         the judge.",
    );
    doc
}

pub fn thanks(choice: &Choice) -> Doc {
    let mut doc = Doc::default();
    doc.text(format!(
        "Thanks, noted: “{}” — {}. The authors will look at your answer.",
        choice.label,
        choice.direction.claim().to_lowercase()
    ));
    doc
}

pub fn already_noted() -> Doc {
    let mut doc = Doc::default();
    doc.text("You already told us about that one: it's noted.");
    doc
}

pub fn note_added() -> Doc {
    let mut doc = Doc::default();
    doc.text("Thanks, your note is with it.");
    doc
}

pub fn nothing_to_dispute() -> Doc {
    let mut doc = Doc::default();
    doc.text(
        "There's no verdict to dispute yet: answer a stage first, and its feedback will have \
         the option.",
    );
    doc
}

/// A verdict with nothing in it to pick (a stage judged without concepts, or skipped).
pub fn nothing_to_pick() -> Doc {
    let mut doc = Doc::default();
    doc.text("That stage has no verdict to dispute (it was skipped).");
    doc
}
