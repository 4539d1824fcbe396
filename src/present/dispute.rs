//! What the interviewer says about disputes, for every shell.

use crate::dispute::{Choice, Direction, ItemKind};
use crate::stage::Stage;

use super::{Doc, Span};

/// "✗ Time-based split — I covered it", as a list line.
pub fn choice_line(choice: &Choice) -> String {
    format!(
        "{} {} — {}",
        mark(choice),
        choice.label,
        choice.direction.claim()
    )
}

/// "✗ I covered: Time-based split", as a button: the claim first, since a long label is cut.
pub fn choice_button(choice: &Choice) -> String {
    let claim = match choice.direction {
        Direction::Missed => "I covered",
        Direction::Undeserved => "Not earned",
        Direction::NotSaid => "Didn't say",
    };
    format!("{} {claim}: {}", mark(choice), choice.label)
}

/// The mark the verdict showed the item with.
fn mark(choice: &Choice) -> &'static str {
    match (choice.kind, choice.direction) {
        (ItemKind::Misconception, _) => "⚠",
        (_, Direction::Undeserved) => "✓",
        _ => "✗",
    }
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
        choice.direction.claim()
    ));
    doc
}

pub fn already_noted() -> Doc {
    let mut doc = Doc::default();
    doc.text("You already told us about that one: it's noted.");
    doc
}

pub fn ask_note() -> Doc {
    let mut doc = Doc::default();
    doc.text("Send your note in one message: what you meant, in a line or two.");
    doc
}

/// The note is kept; `interviewing` says how to get back to the question.
pub fn note_added(interviewing: bool) -> Doc {
    let mut doc = Doc::default();
    doc.text("Thanks, your note is with it.");
    if interviewing {
        doc.text("Back to the interview: /repeat shows the question.");
    }
    doc
}

/// A button about a verdict that is no longer in the user's history.
pub fn verdict_gone() -> Doc {
    let mut doc = Doc::default();
    doc.text("That verdict is no longer here to dispute (it may have been erased).");
    doc
}

/// Under a verdict in the terminal, where there is no button.
pub fn offer_terminal() -> &'static str {
    "Verdict wrong? Type /dispute to tell us."
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
