//! Phone pacing, measured: whole interviews over every built-in case, answered with the
//! strong answers of `tests/graded`, through the pure conversation layer. What a candidate
//! sees after each answer must fit a phone screen or two; the long blocks wait behind
//! buttons that work, once, and keep working after a restart.

use crate::content::Script;
use crate::graded::{self, GradedSet};
use crate::interview::{Config, Context};
use crate::stage::Stage;

use super::callback::Callback;
use super::command::Command;
use super::conversation::{Outcome, handle};
use super::env::Env;
use super::incoming::{Incoming, Kind};
use super::outgoing::Outgoing;
use super::record::UserRecord;
use super::render::visible_len;

const T0: i64 = 1_760_000_000;

fn script() -> Script {
    crate::content::compile(&crate::dialogues::builtin()).script
}

fn graded_sets() -> Vec<GradedSet> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/graded");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/graded")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("a graded file");
            graded::parse(&text).expect("a graded set")
        })
        .collect()
}

/// One user talking to the bot; the record goes through JSON between updates, as it does
/// through sled.
struct Chat<'a> {
    script: &'a Script,
    record: UserRecord,
    update: u32,
    now: i64,
}

impl<'a> Chat<'a> {
    fn new(script: &'a Script) -> Chat<'a> {
        Chat {
            script,
            record: UserRecord::default(),
            update: 0,
            now: T0,
        }
    }

    fn send(&mut self, kind: Kind) -> Outcome {
        self.update += 1;
        self.now += 60;
        let env = Env {
            dispute_user_ids: false,
            script: self.script,
            ctx: Context {
                now: self.now,
                entropy: u64::from(self.update).wrapping_mul(0x9E37_79B9_7F4A_7C15),
                config: Config::default(),
            },
        };
        let incoming = Incoming {
            update: self.update,
            user: Some(7),
            chat: 7,
            kind,
        };
        let out = handle(&env, self.record.clone(), &incoming);
        let record = out.record.clone().expect("the record is kept");
        // A restart between any two updates: only what was stored survives.
        self.record = crate::store::decode(&crate::store::encode(&record)).expect("round trip");
        out
    }

    fn command(&mut self, text: &str) -> Outcome {
        use teloxide::utils::command::BotCommands;
        let command = Command::parse(text, "mlsd_bot").expect("a command");
        self.send(Kind::Command(command))
    }

    fn text(&mut self, text: &str) -> Outcome {
        self.send(Kind::Text(text.to_owned()))
    }

    fn stage(&self) -> Option<Stage> {
        self.record.session.interview().map(|i| i.stage)
    }
}

fn texts(out: &Outcome) -> Vec<(&str, &str)> {
    out.send
        .iter()
        .filter_map(|m| match m {
            Outgoing::Text { html, plain, .. } => Some((html.as_str(), plain.as_str())),
            _ => None,
        })
        .collect()
}

fn chars(out: &Outcome) -> usize {
    texts(out).iter().map(|(html, _)| visible_len(html)).sum()
}

/// The strong answers of a stage, then the decent ones, to answer its question and its
/// follow-ups in turn.
fn answers_for(set: &GradedSet, stage: Stage) -> Vec<&str> {
    let mut answers: Vec<_> = set
        .answers
        .iter()
        .filter(|a| a.stage == stage && a.grade >= 2)
        .collect();
    answers.sort_by_key(|a| std::cmp::Reverse(a.grade));
    answers.iter().map(|a| a.text.as_str()).collect()
}

/// The reveal buttons of an outcome's messages: (label, data).
fn reveal_buttons(out: &Outcome) -> Vec<(String, String)> {
    out.send
        .iter()
        .filter_map(|m| match m {
            Outgoing::Text {
                keyboard: Some(k), ..
            } => Some(k.rows.iter().flatten()),
            _ => None,
        })
        .flatten()
        .filter(|b| matches!(Callback::parse(&b.data), Some(Callback::Reveal { .. })))
        .map(|b| (b.label.clone(), b.data.clone()))
        .collect()
}

fn press(chat: &mut Chat<'_>, data: &str) -> Outcome {
    chat.send(Kind::Button {
        query: "q".to_owned(),
        callback: Callback::parse(data),
    })
}

/// The record as far as a user could notice: everything but the last update's id.
fn noticeable(record: &UserRecord) -> UserRecord {
    UserRecord {
        last_update: None,
        ..record.clone()
    }
}

#[test]
fn every_strong_answer_fits_a_phone_and_its_buttons_reveal_the_long_blocks() {
    let script = script();
    let mut worst = (0, String::new(), None);
    let mut answers = 0;
    let mut revealed = 0;
    for set in graded_sets() {
        let case = script.case(&set.case).expect("a built-in case");
        let mut chat = Chat::new(&script);
        chat.command(&format!("/interview {}", set.case));
        let mut turn_in_stage = 0;
        let mut last_stage = None;
        while let Some(stage) = chat.stage() {
            if last_stage != Some(stage) {
                turn_in_stage = 0;
                last_stage = Some(stage);
            }
            let strong = answers_for(&set, stage);
            assert!(
                !strong.is_empty(),
                "{}: no strong {stage:?} answer",
                set.case
            );
            let answer = strong[turn_in_stage % strong.len()];
            turn_in_stage += 1;
            assert!(turn_in_stage < 10, "{}: stuck at {stage:?}", set.case);
            let out = chat.text(answer);
            answers += 1;
            let (n, sent) = (chars(&out), texts(&out));
            assert!(
                sent.len() <= 2 && n <= super::pacing::BUDGET,
                "{} {stage:?}: {} messages, {n} characters:\n{:#?}",
                set.case,
                sent.len(),
                sent.iter().map(|(_, plain)| plain).collect::<Vec<_>>()
            );
            if n > worst.0 {
                worst = (n, set.case.clone(), Some(stage));
            }
            let closed = chat.stage() != Some(stage);
            let buttons = reveal_buttons(&out);
            if closed {
                let labels: Vec<&str> = buttons.iter().map(|(l, _)| l.as_str()).collect();
                assert!(
                    labels.contains(&"Full feedback") && labels.contains(&"Show a strong answer"),
                    "{} {stage:?}: {labels:?}",
                    set.case
                );
            }
            for (label, data) in buttons {
                let shown = press(&mut chat, &data);
                assert_eq!(
                    shown.callback.as_ref().and_then(|c| c.text.as_deref()),
                    None
                );
                let words: String = texts(&shown).iter().map(|(_, p)| *p).collect();
                match label.as_str() {
                    "Show a strong answer" => {
                        let model = &case.stage(stage).model_answer;
                        let opening: String = model
                            .split_whitespace()
                            .take(8)
                            .collect::<Vec<_>>()
                            .join(" ");
                        assert!(
                            words
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" ")
                                .contains(&opening),
                            "{} {stage:?}: {words}",
                            set.case
                        );
                    }
                    "Full feedback" => assert!(words.contains("/100"), "{words}"),
                    _ => assert!(!words.is_empty(), "{label}"),
                }
                revealed += 1;
                // Tapped again: a short word, and nothing a user could notice changes.
                let before = noticeable(&chat.record);
                let again = press(&mut chat, &data);
                assert!(again.send.is_empty());
                assert_eq!(
                    again.callback.and_then(|c| c.text).as_deref(),
                    Some(super::wording::already_shown())
                );
                assert_eq!(noticeable(&chat.record), before);
            }
        }
    }
    assert!(
        answers > 14 * 7 && revealed > 14 * 7 * 2,
        "{answers} answers, {revealed} blocks"
    );
    eprintln!(
        "longest reply to an answer: {worst:?} ({answers} answers, {revealed} blocks revealed)"
    );
}

#[test]
fn a_button_whose_block_is_gone_changes_nothing_not_even_a_pending_question() {
    let script = script();
    let mut chat = Chat::new(&script);
    chat.command("/delete");
    let before = noticeable(&chat.record);
    let out = press(&mut chat, &Callback::Reveal { id: 0x1234_5678 }.data());
    assert!(out.send.is_empty());
    assert_eq!(
        out.callback.and_then(|c| c.text).as_deref(),
        Some(super::wording::block_gone())
    );
    assert_eq!(noticeable(&chat.record), before);
}
