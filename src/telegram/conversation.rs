//! The bot's decisions, as a pure function: a user's record and one classified update in, the
//! new record and the messages to send out. The shell around it only loads, saves and sends.

use crate::dispute::{Dispute, DisputeKey};
use crate::interview::{self, Event, Phase};
use crate::present::{Doc, Span, strong_answer};

use super::callback::Callback;
use super::command::Command;
use super::daily;
use super::dispute;
pub use super::env::Env;
use super::export;
use super::incoming::{Incoming, Kind};
use super::outgoing::{Button, Keyboard, Outgoing};
use super::pacing;
use super::progress;
use super::record::{Awaiting, DELETE_CONFIRMATION_SECS, UserRecord};
use super::render::{self, caption};
use super::shelf::{Block, Reveal};
use super::wording;

/// The result of handling one update.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The record to store, or `None` to erase everything about the user.
    pub record: Option<UserRecord>,
    /// Messages to send after the record is stored (they go through the outbox).
    pub send: Vec<Outgoing>,
    /// The answer to a button press, sent at once: Telegram shows a spinner until then.
    pub callback: Option<CallbackAnswer>,
    /// Disputes to store with the record, in the same transaction.
    pub disputes: Vec<(DisputeKey, Dispute)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackAnswer {
    pub query: String,
    /// Shown as a small notice, for stale buttons.
    pub text: Option<String>,
}

/// Handles an update for a user whose record is `record`. The caller has already checked
/// the allowlist, that the chat is private, and that the update is new.
pub fn handle(env: &Env<'_>, mut record: UserRecord, incoming: &Incoming) -> Outcome {
    record.last_update = Some(incoming.update);
    if record.first_seen == 0 {
        record.first_seen = env.ctx.now;
    }
    // A user who writes again has unblocked the bot.
    record.blocked = false;
    // Whatever the bot was waiting for is answered by this update or abandoned by it; the
    // handlers below set a new question when they ask one.
    let awaiting = std::mem::take(&mut record.awaiting);
    let mut out = Outcome {
        record: None,
        send: Vec::new(),
        callback: None,
        disputes: Vec::new(),
    };
    match &incoming.kind {
        Kind::Command(command) => command_(env, &mut record, command, &mut out),
        Kind::UnknownCommand(word) => out.send = text(wording::unknown_command(word)),
        Kind::Text(text) if let Awaiting::DisputeNote { key } = awaiting => {
            let said = dispute::add_note(&mut record, key, text);
            out.send = said.send;
            out.disputes.extend(said.store);
        }
        Kind::Text(text) => {
            let zone = match awaiting {
                Awaiting::TimeZone { at } => daily::zone_reply(env, &mut record, at, text),
                _ => None,
            };
            match zone {
                Some(messages) => out.send = messages,
                None => step(
                    env,
                    &mut record,
                    Doc::default(),
                    Event::Text(text.clone()),
                    &mut out,
                ),
            }
        }
        Kind::Button { query, callback } => {
            out.callback = Some(CallbackAnswer {
                query: query.clone(),
                text: callback
                    .is_none()
                    .then(|| wording::stale_button().to_owned()),
            });
            match callback {
                Some(Callback::Domain(choice)) => step(
                    env,
                    &mut record,
                    Doc::default(),
                    Event::ChooseDomain(*choice),
                    &mut out,
                ),
                Some(Callback::Level(level)) => step(
                    env,
                    &mut record,
                    Doc::default(),
                    Event::ChooseLevel(*level),
                    &mut out,
                ),
                Some(Callback::Begin) => step(
                    env,
                    &mut record,
                    Doc::default(),
                    Event::Begin { case: None },
                    &mut out,
                ),
                Some(Callback::DeleteConfirm { nonce })
                    if awaiting_confirms(awaiting, *nonce, env.ctx.now) =>
                {
                    out.send = text(wording::deleted());
                    return out;
                }
                Some(Callback::DeleteConfirm { .. }) => {
                    out.send = text(wording::delete_expired());
                }
                Some(Callback::DeleteCancel) => out.send = text(wording::delete_cancelled()),
                Some(Callback::Dispute { started_at, stage }) => {
                    out.send = dispute::open(env, &record, *started_at, *stage);
                }
                Some(Callback::DisputePick {
                    started_at,
                    stage,
                    choice,
                }) => {
                    let said = dispute::pick(
                        env,
                        &mut record,
                        incoming.user,
                        *started_at,
                        *stage,
                        *choice,
                    );
                    out.send = said.send;
                    out.disputes.extend(said.store);
                }
                Some(Callback::DisputeNote { key }) => {
                    out.send = dispute::ask_note(&mut record, *key);
                }
                Some(Callback::Reveal { id }) => reveal(env, &mut record, *id, awaiting, &mut out),
                None => {}
            }
        }
        Kind::NotText(what) => out.send = text(wording::not_text(what)),
        Kind::Edited => out.send = text(wording::edited()),
        Kind::NotPrivate | Kind::Ignored => {}
    }
    out.record = Some(record);
    out
}

/// Whether a "Yes, delete everything" button with `nonce` answers the question the user
/// was asked last, and soon enough.
fn awaiting_confirms(awaiting: Awaiting, nonce: u32, now: i64) -> bool {
    matches!(awaiting, Awaiting::DeleteConfirmation { nonce: n, asked_at }
        if n == nonce && now - asked_at <= DELETE_CONFIRMATION_SECS)
}

fn text(doc: Doc) -> Vec<Outgoing> {
    render::text_messages(&doc, None)
}

/// Runs the interview engine and queues its replies, after `intro`, paced for a phone.
fn step(env: &Env<'_>, record: &mut UserRecord, intro: Doc, event: Event, out: &mut Outcome) {
    let before = daily::record_count(&record.session);
    // A stage these replies close belongs to the interview running before the step.
    let case = record.session.interview().map(|i| i.case.clone());
    let session = std::mem::take(&mut record.session);
    // Everyone on Telegram can answer: the level is asked once, after the domain.
    let ctx = interview::Context {
        config: interview::Config {
            ask_level: true,
            ..env.ctx.config
        },
        ..env.ctx
    };
    let result = interview::step(env.script, session, event, &ctx);
    record.session = result.session;
    daily::after_step(record, before, env.ctx.now);
    let finished_drill = result
        .replies
        .iter()
        .any(|r| matches!(r, interview::Reply::DrillDone { .. }));
    let dispute = dispute::button(record, &result.replies);
    let mut outro = Doc::default();
    if finished_drill {
        let streak = record.daily.streak.current(record.daily.today(env.ctx.now));
        outro.text(format!(
            "Streak: {}. See you tomorrow.",
            daily::days(streak)
        ));
    }
    out.send.extend(pacing::messages(
        intro,
        &result.replies,
        outro,
        case.as_deref(),
        dispute,
        &mut record.shelf,
        env.ctx.entropy,
    ));
}

/// Shows a block kept behind a button, once. A tap on a button whose block is gone or
/// already shown gets a short word and changes nothing (not even a pending question).
fn reveal(env: &Env<'_>, record: &mut UserRecord, id: u32, awaiting: Awaiting, out: &mut Outcome) {
    let shown = match record.shelf.reveal(id) {
        Reveal::Show(Block::Rendered { messages }) => Ok(messages.clone()),
        Reveal::Show(Block::Strong { case, stage }) => match env.script.case(case) {
            Some(c) => Ok(text(strong_answer(
                *stage,
                &c.stage(*stage).model_answer,
                true,
            ))),
            None => Err(wording::case_gone()),
        },
        Reveal::AlreadyShown => Err(wording::already_shown()),
        Reveal::Gone => Err(wording::block_gone()),
    };
    match shown {
        Ok(messages) => out.send = messages,
        Err(word) => {
            record.awaiting = awaiting;
            if let Some(answer) = out.callback.as_mut() {
                answer.text = Some(word.to_owned());
            }
        }
    }
}

fn command_(env: &Env<'_>, record: &mut UserRecord, command: &Command, out: &mut Outcome) {
    match command {
        Command::Start => {
            let event = match record.session.phase {
                Phase::Interviewing(_) => Event::Resume,
                _ => Event::AskDomain { then_begin: false },
            };
            step(env, record, wording::greeting(), event, out);
        }
        Command::Interview(args) => {
            let event = interview_event(args, env.script.conduct().pace.minutes);
            step(env, record, Doc::default(), event, out);
        }
        Command::Level(arg) => {
            let event = match crate::level::Level::parse_loose(arg) {
                Some(level) if !arg.trim().is_empty() => Event::ChooseLevel(level),
                _ => Event::AskLevel { then_begin: false },
            };
            step(env, record, Doc::default(), event, out);
        }
        Command::Hint | Command::Skip | Command::Repeat | Command::End => {
            if let Some(c) = command.engine() {
                step(env, record, Doc::default(), Event::Command(c), out);
            }
        }
        Command::Domain => step(
            env,
            record,
            Doc::default(),
            Event::AskDomain { then_begin: false },
            out,
        ),
        Command::Help => out.send = text(wording::help(env.script)),
        Command::Progress => out.send = progress_messages(record, env.ctx.now),
        Command::Daily(args) => out.send = daily::command(env, record, args),
        Command::Dispute => out.send = dispute::open_latest(env, record),
        Command::Export => {
            out.send = vec![Outgoing::Document {
                file_name: "mlsd-history.md".to_owned(),
                content: export::markdown(&record.session, &record.disputes, env.ctx.now),
                caption: "Your practice history.".to_owned(),
            }];
        }
        Command::Delete => {
            // Never 0: buttons from before nonces parse as nonce 0 and must match nothing.
            let nonce = (env.ctx.entropy as u32).max(1);
            record.awaiting = Awaiting::DeleteConfirmation {
                nonce,
                asked_at: env.ctx.now,
            };
            out.send = render::text_messages(
                &wording::delete_question(),
                Some(Keyboard {
                    rows: vec![vec![
                        Button {
                            label: "Yes, delete everything".to_owned(),
                            data: Callback::DeleteConfirm { nonce }.data(),
                        },
                        Button {
                            label: "Cancel".to_owned(),
                            data: Callback::DeleteCancel.data(),
                        },
                    ]],
                }),
            );
        }
        // Admins are answered before this point; to anyone else the command does not exist.
        Command::Stats => out.send = text(wording::unknown_command("stats")),
    }
}

/// `/interview`, `/interview CASE`, `/interview timed [MINUTES] [CASE]`.
fn interview_event(args: &str, default_minutes: u16) -> Event {
    let mut words = args.split_whitespace().map(str::to_lowercase).peekable();
    if words.peek().map(String::as_str) != Some("timed") {
        let case = args.trim();
        let case = (!case.is_empty()).then(|| case.to_lowercase());
        return Event::Begin { case };
    }
    words.next();
    let minutes = match words.peek().and_then(|w| w.parse::<u16>().ok()) {
        Some(m) => {
            words.next();
            m.clamp(5, 240)
        }
        None => default_minutes,
    };
    Event::Timed {
        case: words.next(),
        minutes,
        ask_domain: false,
    }
}

fn progress_messages(record: &UserRecord, now: i64) -> Vec<Outgoing> {
    let p = progress::progress(&record.session);
    let mut doc = Doc::default();
    doc.para(vec![Span::Bold("Your progress".to_owned())]);
    if let Some(line) = daily::progress_line(&record.daily, now) {
        doc.text(line);
    }
    if let Some(interview) = record.session.interview() {
        doc.text(format!(
            "In progress: {} — {}. Send /repeat to see the question.",
            interview.case,
            crate::present::stage_heading(interview.stage)
        ));
    }
    if p.interviews == 0 {
        doc.text("No finished interviews yet. Send /interview to start one.");
        return render::text_messages(&doc, None);
    }
    doc.text(format!(
        "Finished interviews: {}.{}",
        p.interviews,
        p.chart
            .overall
            .last()
            .map(|s| format!(" Latest overall score: {s}/100."))
            .unwrap_or_default()
    ));
    let lines: Vec<String> = crate::stage::Stage::ALL
        .iter()
        .zip(&p.chart.stage_averages)
        .map(|(stage, avg)| match avg {
            Some(a) => format!(
                "{:<8} {} {a:>3}",
                short(*stage),
                crate::present::bar((usize::from(*a) + 5) / 10)
            ),
            None => format!("{:<8} {}   –", short(*stage), crate::present::bar(0)),
        })
        .collect();
    doc.pre(lines);
    if let Some((stage, avg)) = p.weakest {
        doc.text(format!(
            "Weakest stage so far: {} ({avg}). Your next interviews will show whether it improves.",
            stage.title()
        ));
    }
    let mut messages = render::text_messages(&doc, None);
    messages.push(Outgoing::Chart {
        chart: p.chart,
        caption: caption("Average score by stage, and your overall score per interview."),
    });
    messages
}

fn short(stage: crate::stage::Stage) -> &'static str {
    use crate::stage::Stage::*;
    match stage {
        Requirements => "Require",
        Framing => "Framing",
        Data => "Data",
        Model => "Model",
        Evaluation => "Evaluate",
        Serving => "Serving",
        Monitoring => "Monitor",
    }
}

/// The conversation as transcripts: updates in, the record and the words out.
#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;
    use crate::content::Script;
    use crate::interview::{Config, Context};

    const T0: i64 = 1_750_000_000;

    fn script() -> Script {
        let sources: Vec<_> = crate::dialogues::builtin()
            .into_iter()
            .filter(|s| s.path.ends_with("ad-click-prediction.toml"))
            .collect();
        crate::content::compile(&sources).script
    }

    /// Feeds updates to `handle` as the shell does; returns the last record (None once
    /// erased) and every outcome.
    struct Chat {
        script: Script,
        record: Option<UserRecord>,
        update: u32,
    }

    impl Chat {
        fn new() -> Chat {
            Chat {
                script: script(),
                record: Some(UserRecord::default()),
                update: 0,
            }
        }

        fn send(&mut self, now: i64, kind: Kind) -> Outcome {
            self.update += 1;
            let env = Env {
                dispute_user_ids: false,
                script: &self.script,
                ctx: Context {
                    now,
                    entropy: u64::from(self.update) * 0x9E37_79B9,
                    config: Config::default(),
                },
            };
            let record = self.record.clone().expect("the user was erased");
            let incoming = Incoming {
                update: self.update,
                user: Some(1001),
                chat: 1001,
                kind,
            };
            let out = handle(&env, record, &incoming);
            self.record = out.record.clone();
            out
        }

        fn text(&mut self, now: i64, text: &str) -> Outcome {
            if let Some(rest) = text.strip_prefix('/') {
                use teloxide::utils::command::BotCommands;
                let command = Command::parse(text, "mlsd_bot")
                    .unwrap_or_else(|_| panic!("not a command: {rest}"));
                return self.send(now, Kind::Command(command));
            }
            self.send(now, Kind::Text(text.to_owned()))
        }

        fn press(&mut self, now: i64, data: &str) -> Outcome {
            self.send(
                now,
                Kind::Button {
                    query: "q".to_owned(),
                    callback: Callback::parse(data),
                },
            )
        }

        fn awaiting(&self) -> Awaiting {
            self.record.as_ref().expect("record").awaiting
        }
    }

    fn words(out: &Outcome) -> String {
        out.send
            .iter()
            .map(|m| match m {
                Outgoing::Text { plain, .. } => plain.clone(),
                Outgoing::Chart { caption, .. } | Outgoing::Document { caption, .. } => {
                    caption.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn yes_button(out: &Outcome) -> String {
        out.send
            .iter()
            .find_map(|m| match m {
                Outgoing::Text {
                    keyboard: Some(k), ..
                } => k.rows.first()?.first().map(|b| b.data.clone()),
                _ => None,
            })
            .expect("a keyboard")
    }

    #[test]
    fn delete_erases_only_with_the_button_of_the_last_question() {
        let mut chat = Chat::new();
        chat.text(T0, "/start");
        let ask = chat.text(T0, "/delete");
        assert!(matches!(
            chat.awaiting(),
            Awaiting::DeleteConfirmation { .. }
        ));
        let old_yes = yes_button(&ask);
        // Any other input abandons the question.
        chat.text(T0 + 5, "I'd ask about the business goal first.");
        assert_eq!(chat.awaiting(), Awaiting::Nothing);
        let refused = chat.press(T0 + 10, &old_yes);
        assert!(refused.record.is_some());
        assert!(
            words(&refused).contains("nothing was deleted"),
            "{}",
            words(&refused)
        );

        let ask = chat.text(T0 + 20, "/delete");
        let yes = yes_button(&ask);
        assert_ne!(yes, old_yes);
        // A button from before nonces, and a forged nonce, match nothing.
        for stale in ["delete:yes", "delete:yes:00000000"] {
            let ask = chat.text(T0 + 20, "/delete");
            let out = chat.press(T0 + 21, stale);
            assert!(out.record.is_some(), "{stale}");
            assert_ne!(yes_button(&ask), stale);
        }
        let ask = chat.text(T0 + 30, "/delete");
        let erased = chat.press(T0 + 40, &yes_button(&ask));
        assert_eq!(erased.record, None);
        assert!(words(&erased).contains("erased"), "{}", words(&erased));
    }

    #[test]
    fn a_delete_confirmation_expires() {
        let mut chat = Chat::new();
        let ask = chat.text(T0, "/delete");
        let late = chat.press(T0 + DELETE_CONFIRMATION_SECS + 1, &yes_button(&ask));
        assert!(late.record.is_some());
        assert!(words(&late).contains("nothing was deleted"));
        let cancel = {
            let ask = chat.text(T0, "/delete");
            let _ = yes_button(&ask);
            chat.press(T0 + 1, "delete:no")
        };
        assert!(words(&cancel).contains("Nothing was deleted"));
        assert_eq!(chat.awaiting(), Awaiting::Nothing);
    }

    #[test]
    fn a_time_zone_is_asked_for_and_any_other_input_abandons_the_question() {
        let mut chat = Chat::new();
        let ask = chat.text(T0, "/daily 08:30");
        assert!(
            words(&ask).contains("in which time zone"),
            "{}",
            words(&ask)
        );
        let at = NaiveTime::from_hms_opt(8, 30, 0).expect("time");
        assert_eq!(chat.awaiting(), Awaiting::TimeZone { at });
        let on = chat.text(T0 + 1, "Berlin");
        assert!(
            words(&on).contains("Daily practice is on"),
            "{}",
            words(&on)
        );
        assert_eq!(chat.awaiting(), Awaiting::Nothing);

        let mut chat = Chat::new();
        chat.text(T0, "/daily 08:30");
        chat.text(T0 + 1, "/help");
        assert_eq!(chat.awaiting(), Awaiting::Nothing);
        let later = chat.text(T0 + 2, "Berlin");
        assert!(!words(&later).contains("Daily practice is on"));
        assert_eq!(chat.record.as_ref().and_then(|r| r.daily.at), None);
    }

    #[test]
    fn stale_buttons_and_unknown_commands_get_a_clear_word() {
        let mut chat = Chat::new();
        let out = chat.press(T0, "something-old");
        assert_eq!(
            out.callback.and_then(|c| c.text).as_deref(),
            Some(wording::stale_button())
        );
        let out = chat.send(T0, Kind::UnknownCommand("frobnicate".to_owned()));
        assert!(words(&out).contains("/frobnicate"), "{}", words(&out));
    }
}
