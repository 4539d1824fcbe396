//! One step's replies laid out for a phone. What closes a stage and what comes next are two
//! messages, together at most [`BUDGET`] characters; the long blocks (full feedback, the
//! strong answer, the interviewer's further answers, the concepts to review) go on the
//! user's shelf behind buttons.

use crate::interview::{Clarification, Reply, Summary};
use crate::present::{Doc, Medium, render, result_brief, result_details, summary_review};

use super::callback::Callback;
use super::outgoing::{Button, Keyboard, Outgoing};
use super::render::{keyboard_for, text_messages, visible_len};
use super::shelf::{Block, Shelf};

/// What one answer may put on a phone's screen, in characters, across its messages.
pub const BUDGET: usize = 1_200;

/// Buttons per keyboard row: two labels fit a phone's width without being cut.
const PER_ROW: usize = 2;

/// The messages for one step's replies, between `intro` and `outro` (shell wording such as
/// a greeting or a streak). `case` is the case whose stage these replies may close, and
/// `dispute` the button that disputes its verdict; `seed`
/// is fresh randomness for the ids of shelved blocks (the shelf keeps them distinct).
pub fn messages(
    intro: Doc,
    replies: &[Reply],
    outro: Doc,
    case: Option<&str>,
    dispute: Option<Button>,
    shelf: &mut Shelf,
    seed: u64,
) -> Vec<Outgoing> {
    let end_of_stage = replies
        .iter()
        .rposition(|r| matches!(r, Reply::StageResult { .. } | Reply::Skipped { .. }));
    let (now, next) = match end_of_stage {
        Some(k) => replies.split_at(k + 1),
        None => (replies, &[][..]),
    };
    let answers: &[Clarification] = now
        .iter()
        .find_map(|r| match r {
            Reply::Answers { items } => Some(items.as_slice()),
            _ => None,
        })
        .unwrap_or(&[]);
    let summary = next.iter().find_map(|r| match r {
        Reply::Summary(s) => Some(s),
        _ => None,
    });
    // Shrink until it fits: first the summary's review list, then the interviewer's answers
    // from the last, never below one.
    let mut plan = Plan {
        answers_kept: answers.len(),
        review_shelved: false,
    };
    let fits = |plan: &Plan| {
        let (first, second) = plan.docs(&intro, now, next, &outro);
        length(&first) + length(&second) <= BUDGET
    };
    if !fits(&plan) && summary.is_some_and(|s| !s.review.is_empty()) {
        plan.review_shelved = true;
    }
    while !fits(&plan) && plan.answers_kept > 1 {
        plan.answers_kept -= 1;
    }

    let (first, second) = plan.docs(&intro, now, next, &outro);
    let mut first_buttons = Vec::new();
    let withheld = &answers[plan.answers_kept.min(answers.len())..];
    if !withheld.is_empty() {
        let rest = render(
            &Reply::Answers {
                items: withheld.to_vec(),
            },
            Medium::Telegram,
        );
        let id = shelf.put(
            Block::Rendered {
                messages: text_messages(&rest, None),
            },
            seed,
        );
        first_buttons.push(reveal(format!("More answers ({})", withheld.len()), id));
    }
    if let Some(result) = end_of_stage.map(|k| &replies[k]) {
        let details = result_details(result).map(|doc| {
            shelf.put(
                Block::Rendered {
                    messages: text_messages(&doc, None),
                },
                seed,
            )
        });
        let strong = match (result, case) {
            (Reply::StageResult { stage, .. } | Reply::Skipped { stage, .. }, Some(case)) => {
                Some(shelf.put(
                    Block::Strong {
                        case: case.to_owned(),
                        stage: *stage,
                    },
                    seed,
                ))
            }
            _ => None,
        };
        first_buttons.extend(result_buttons(details, strong, dispute));
    }
    let mut second_buttons = Vec::new();
    if let Some(s) = summary.filter(|_| plan.review_shelved) {
        let id = shelf.put(
            Block::Rendered {
                messages: text_messages(&summary_review(s), None),
            },
            seed,
        );
        second_buttons.push(reveal(
            format!("Concepts to review ({})", s.review.len()),
            id,
        ));
    }
    // Menus the replies offer (the domain choice, "Start an interview") go on the last
    // message, as before pacing.
    let menu = keyboard_for(replies);
    if second.is_empty() {
        let keyboard = menu.or_else(|| keyboard(first_buttons));
        return text_messages(&first, keyboard);
    }
    let mut out = text_messages(&first, keyboard(first_buttons));
    out.extend(text_messages(
        &second,
        menu.or_else(|| keyboard(second_buttons)),
    ));
    out
}

/// The buttons under a stage's result, in order: every button that belongs there is added
/// here, so they share one keyboard.
pub fn result_buttons(
    details: Option<u32>,
    strong: Option<u32>,
    dispute: Option<Button>,
) -> Vec<Button> {
    let mut buttons = Vec::new();
    if let Some(id) = details {
        buttons.push(reveal("Full feedback", id));
    }
    if let Some(id) = strong {
        buttons.push(reveal("Show a strong answer", id));
    }
    buttons.extend(dispute);
    buttons
}

/// A keyboard of `buttons`, a few to a row; none for no buttons.
pub fn keyboard(buttons: Vec<Button>) -> Option<Keyboard> {
    (!buttons.is_empty()).then(|| Keyboard {
        rows: buttons.chunks(PER_ROW).map(<[Button]>::to_vec).collect(),
    })
}

fn reveal(label: impl Into<String>, id: u32) -> Button {
    Button {
        label: label.into(),
        data: Callback::Reveal { id }.data(),
    }
}

/// How much of the long blocks stays on screen.
struct Plan {
    answers_kept: usize,
    review_shelved: bool,
}

impl Plan {
    /// The two messages: what closes the stage, and what comes next.
    fn docs(&self, intro: &Doc, now: &[Reply], next: &[Reply], outro: &Doc) -> (Doc, Doc) {
        let mut first = intro.clone();
        for reply in now {
            let doc = match reply {
                Reply::Answers { items } => render(
                    &Reply::Answers {
                        items: items[..self.answers_kept.min(items.len())].to_vec(),
                    },
                    Medium::Telegram,
                ),
                Reply::StageResult { .. } | Reply::Skipped { .. } => {
                    result_brief(reply).unwrap_or_default()
                }
                _ => render(reply, Medium::Telegram),
            };
            first.append(doc);
        }
        let mut second = Doc::default();
        for reply in next {
            let doc = match reply {
                Reply::Summary(s) if self.review_shelved => render(
                    &Reply::Summary(Summary {
                        review: Vec::new(),
                        ..s.clone()
                    }),
                    Medium::Telegram,
                ),
                _ => render(reply, Medium::Telegram),
            };
            second.append(doc);
        }
        // The shell's closing words join whichever message is last.
        if second.is_empty() {
            first.append(outro.clone());
        } else {
            second.append(outro.clone());
        }
        (first, second)
    }
}

/// Characters on screen, as Telegram counts them, with the blank lines between blocks.
fn length(doc: &Doc) -> usize {
    let blocks = doc.telegram_blocks();
    let text: usize = blocks.iter().map(|(html, _)| visible_len(html)).sum();
    text + 2 * blocks.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interview::{ConceptNote, Credited, StageScore, Stance};
    use crate::stage::Stage;

    fn result(stage: Stage) -> Reply {
        Reply::StageResult {
            stage,
            score: 60,
            explained: vec![Credited {
                label: "Time-based split".to_owned(),
                quote: Some("split by day".to_owned()),
            }],
            named_only: Vec::new(),
            own_points: Vec::new(),
            missing: vec!["Negative sampling".to_owned()],
            misconceptions: Vec::new(),
            model_answer: "A strong answer. ".repeat(60),
        }
    }

    fn labels(messages: &[Outgoing]) -> Vec<String> {
        messages
            .iter()
            .filter_map(|m| match m {
                Outgoing::Text {
                    keyboard: Some(k), ..
                } => Some(k.rows.iter().flatten().map(|b| b.label.clone())),
                _ => None,
            })
            .flatten()
            .collect()
    }

    fn on_screen(messages: &[Outgoing]) -> usize {
        messages
            .iter()
            .map(|m| match m {
                Outgoing::Text { html, .. } => visible_len(html),
                _ => 0,
            })
            .sum()
    }

    #[test]
    fn many_answers_keep_the_first_on_screen_and_the_rest_behind_a_button() {
        let items: Vec<Clarification> = (0..9)
            .map(|k| Clarification::Fact {
                label: format!("Requirement {k}"),
                stance: Stance::Asked,
                text: "A fact the case holds, with its figures spelled out. ".repeat(3),
            })
            .collect();
        let replies = [
            Reply::Answers { items },
            result(Stage::Requirements),
            Reply::Question {
                stage: Stage::Framing,
                text: "What does the model predict?".to_owned(),
            },
        ];
        let mut shelf = Shelf::default();
        let out = messages(
            Doc::default(),
            &replies,
            Doc::default(),
            Some("case"),
            None,
            &mut shelf,
            7,
        );
        assert_eq!(out.len(), 2);
        assert!(on_screen(&out) <= BUDGET, "{}", on_screen(&out));
        let labels = labels(&out);
        let more = labels
            .iter()
            .find(|l| l.starts_with("More answers ("))
            .expect("a button for the rest");
        assert!(labels.contains(&"Show a strong answer".to_owned()));
        assert!(labels.contains(&"Full feedback".to_owned()));
        // Whatever is not on screen is on the shelf: more answers, details, strong answer.
        assert_eq!(shelf.len(), 3, "{more}");
    }

    #[test]
    fn a_long_summary_keeps_its_review_list_behind_a_button() {
        let review: Vec<(Stage, ConceptNote)> = (0..12)
            .map(|k| {
                (
                    Stage::ALL[k % Stage::COUNT],
                    ConceptNote {
                        id: format!("c{k}"),
                        label: format!("A concept worth reviewing with a long label, number {k}"),
                        weight: 3,
                    },
                )
            })
            .collect();
        let summary = Summary {
            title: "A case".to_owned(),
            stages: Stage::ALL
                .iter()
                .map(|&s| (s, StageScore::Scored(50)))
                .collect(),
            overall: Some(50),
            strongest: Some(Stage::Data),
            weakest: Some(Stage::Model),
            review,
            corrected: Vec::new(),
            ended_early: false,
            level: Default::default(),
            minutes: None,
            times: Vec::new(),
            ran_out: false,
        };
        let replies = [result(Stage::Monitoring), Reply::Summary(summary)];
        let mut shelf = Shelf::default();
        let out = messages(
            Doc::default(),
            &replies,
            Doc::default(),
            Some("case"),
            None,
            &mut shelf,
            7,
        );
        assert_eq!(out.len(), 2);
        assert!(on_screen(&out) <= BUDGET, "{}", on_screen(&out));
        assert!(labels(&out).contains(&"Concepts to review (12)".to_owned()));
    }

    #[test]
    fn a_reply_that_closes_no_stage_stays_one_message_with_its_menu() {
        let mut shelf = Shelf::default();
        let out = messages(
            Doc::default(),
            &[Reply::DomainQuestion { current: None }],
            Doc::default(),
            None,
            None,
            &mut shelf,
            7,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(labels(&out).len(), 4);
        assert!(shelf.is_empty());
    }
}
