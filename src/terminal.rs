//! `mlsd practice`: the interview in a terminal, one line per answer, saved after every step.

use std::io::{BufRead, Write};

use anyhow::Context as _;

use crate::clock::Clock;
use crate::content::Script;
use crate::interview::{self, Command, Config, Context, Event, Phase, Reply, Session};
use crate::level::Level;
use crate::present::{Medium, render};
use crate::store::{SESSIONS, Store, UserKey};

pub struct Practice<'a> {
    pub script: &'a Script,
    pub store: &'a Store,
    pub case: Option<String>,
    /// `--level`: remembered for this and later interviews.
    pub level: Option<Level>,
    /// `--timed` / `--minutes`: the length of a timed interview.
    pub minutes: Option<u16>,
    pub config: Config,
    pub clock: Clock,
}

/// Runs the practice loop until the interview ends or input does. Every state change is on
/// disk before its replies are printed, so Ctrl-C or a closed terminal loses nothing.
pub fn run(
    practice: Practice<'_>,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let Practice {
        script,
        store,
        case,
        level,
        minutes,
        config,
        clock,
    } = practice;
    let mut session = store
        .load_session(UserKey::Terminal)
        .with_context(
            || "run `mlsd practice --reset` to set the unreadable record aside and start fresh",
        )?
        .unwrap_or_default();
    // A new level is remembered like the domain; the same one again needs no word.
    if let Some(level) = level.filter(|&l| session.level != Some(l)) {
        apply(
            script,
            store,
            &mut session,
            Event::ChooseLevel(level),
            config,
            &clock,
            output,
        )?;
    }
    let first = match (&session.phase, case, minutes) {
        (Phase::Interviewing(_), None, _) => Event::Resume,
        (Phase::Interviewing(running), Some(case), _) if running.case == case => Event::Resume,
        (_, case, Some(minutes)) => Event::Timed {
            ask_domain: case.is_none(),
            case,
            minutes,
        },
        (_, Some(case), None) => Event::Begin { case: Some(case) },
        (_, None, None) => Event::AskDomain { then_begin: true },
    };
    let mut event = Some(first);
    loop {
        if let Some(e) = event.take() {
            let ended = apply(script, store, &mut session, e, config, &clock, output)?;
            if ended {
                return Ok(());
            }
        }
        write!(output, "\n> ")?;
        output.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(
                output,
                "\n\nYour progress is saved. Run `mlsd practice` to pick up where you left off."
            )?;
            return Ok(());
        }
        let line = line.trim_end_matches(['\n', '\r']).to_owned();
        event = Some(match line.trim().strip_prefix('/') {
            Some(_) => match Command::parse(&line) {
                Some(c) => Event::Command(c),
                None => {
                    writeln!(
                        output,
                        "\nUnknown command {}. Type /help for the list.",
                        line.trim()
                    )?;
                    continue;
                }
            },
            None => Event::Text(line),
        });
    }
}

/// One step: engine, save, print. Returns true when the interview is over.
fn apply(
    script: &Script,
    store: &Store,
    session: &mut Session,
    event: Event,
    config: Config,
    clock: &Clock,
    output: &mut dyn Write,
) -> anyhow::Result<bool> {
    let ctx: Context = clock.context(config);
    let step = interview::step(script, std::mem::take(session), event, &ctx);
    store.save_session(UserKey::Terminal, &step.session)?;
    *session = step.session;
    for reply in &step.replies {
        writeln!(output, "\n{}", render(reply, Medium::Terminal).to_plain())?;
    }
    let finished = step.replies.iter().any(|r| matches!(r, Reply::Summary(_)));
    let stuck = matches!(session.phase, Phase::Idle) && no_interview_possible(&step.replies);
    Ok(finished || stuck)
}

/// A start that could not happen (no cases, unknown case) ends the run instead of waiting
/// for input that has nowhere to go.
fn no_interview_possible(replies: &[Reply]) -> bool {
    replies.iter().any(|r| {
        matches!(
            r,
            Reply::Notice(interview::Notice::NoCases | interview::Notice::UnknownCase { .. })
        )
    })
}

/// Sets the terminal's unreadable record aside, keeping its bytes in the quarantine tree.
pub fn reset(store: &Store) -> anyhow::Result<bool> {
    Ok(store.quarantine(SESSIONS, &UserKey::Terminal.bytes(), now())?)
}

pub use crate::clock::{entropy, now};
