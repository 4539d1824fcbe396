//! `mlsd practice`: the interview in a terminal, one answer at a time, saved after every
//! step. On a terminal, answers are typed in a line editor (editing, history, a pasted
//! paragraph taken whole); from a pipe, each line is an answer.

use std::io::{self, BufRead, IsTerminal, Write};

use anyhow::Context as _;

use crate::clock::Clock;
use crate::content::Script;
use crate::dispute::{self, Dispute, DisputeKey};
use crate::interview::{self, Command, Config, Context, Event, Phase, Reply, Session};
use crate::level::Level;
use crate::present::dispute as wording;
use crate::present::{Medium, render};
use crate::stage::Stage;
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

/// Where answers come from.
pub trait Answers {
    /// The next answer, after showing `prompt`; `None` once the person has left (end of
    /// input, Ctrl-D, Ctrl-C).
    fn next(&mut self, prompt: &str, output: &mut dyn Write) -> io::Result<Option<String>>;
}

/// One answer per line, as from a pipe or a file.
pub struct Lines<R>(pub R);

impl<R: BufRead> Answers for Lines<R> {
    fn next(&mut self, prompt: &str, output: &mut dyn Write) -> io::Result<Option<String>> {
        write!(output, "{prompt}")?;
        output.flush()?;
        let mut line = String::new();
        if self.0.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        Ok(Some(line.trim_end_matches(['\n', '\r']).to_owned()))
    }
}

/// A line editor on the terminal: arrows, Ctrl-A/E/W and friends, Up for earlier answers.
/// A paste arrives whole (bracketed paste), newlines included, so a pasted paragraph is one
/// answer; Enter sends it. History lives in memory only and is gone when mlsd exits.
pub struct Editor(rustyline::DefaultEditor);

/// Answers kept for Up and Down within one run.
const HISTORY: usize = 200;

impl Editor {
    /// A line editor when both stdin and stdout are a terminal; `None` otherwise (piped
    /// input keeps one answer per line).
    pub fn for_terminal() -> Option<Editor> {
        if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
            return None;
        }
        let config = rustyline::Config::builder()
            .max_history_size(HISTORY)
            .ok()?
            .auto_add_history(true)
            .bracketed_paste(true)
            .build();
        rustyline::DefaultEditor::with_config(config)
            .ok()
            .map(Editor)
    }
}

impl Answers for Editor {
    fn next(&mut self, prompt: &str, output: &mut dyn Write) -> io::Result<Option<String>> {
        use rustyline::error::ReadlineError;
        // The editor draws its prompt itself, on its own line.
        let (blank, prompt) = match prompt.rfind('\n') {
            Some(at) => prompt.split_at(at + 1),
            None => ("", prompt),
        };
        write!(output, "{blank}")?;
        output.flush()?;
        match self.0.readline(prompt) {
            Ok(answer) => Ok(Some(answer)),
            // Ctrl-D on an empty line, and Ctrl-C, leave: progress is already saved.
            Err(ReadlineError::Eof | ReadlineError::Interrupted) => Ok(None),
            Err(ReadlineError::Io(e)) => Err(e),
            Err(e) => Err(io::Error::other(e)),
        }
    }
}

/// Runs the practice loop until the interview ends or input does. Every state change is on
/// disk before its replies are printed, so Ctrl-C or a closed terminal loses nothing.
pub fn run(
    practice: Practice<'_>,
    input: &mut dyn Answers,
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
    // A `/dispute` waiting for the number of the verdict it is about.
    let mut disputing: Option<Asked> = None;
    loop {
        if let Some(e) = event.take() {
            let ended = apply(script, store, &mut session, e, config, &clock, output)?;
            if ended {
                return Ok(());
            }
        }
        let Some(line) = input.next("\n> ", output)? else {
            writeln!(
                output,
                "\n\nYour progress is saved. Run `mlsd practice` to pick up where you left off."
            )?;
            return Ok(());
        };
        if let Some(asked) = disputing.take()
            && record_dispute(store, &session, &asked, &line, &clock, output)?
        {
            continue;
        }
        if let Some(stage) = dispute_command(&line) {
            disputing = ask_dispute(script, &session, stage, output)?;
            continue;
        }
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
        if matches!(reply, Reply::StageResult { .. }) {
            writeln!(output, "\n{}", wording::offer_terminal())?;
        }
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

/// `/dispute`, or `/dispute data`: the stage it names, if any (the latest verdict if none).
fn dispute_command(line: &str) -> Option<Option<Stage>> {
    let rest = line.trim().strip_prefix("/dispute")?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some(rest.trim().parse::<Stage>().ok())
}

/// A verdict the candidate was asked about, and its numbered choices.
struct Asked {
    started_at: i64,
    stage: Stage,
    choices: Vec<dispute::Choice>,
}

fn ask_dispute(
    script: &Script,
    session: &Session,
    stage: Option<Stage>,
    output: &mut dyn Write,
) -> anyhow::Result<Option<Asked>> {
    let Some(judged) = dispute::latest(session, stage) else {
        writeln!(output, "\n{}", wording::nothing_to_dispute().to_plain())?;
        return Ok(None);
    };
    let choices = dispute::choices(script, judged.case, judged.record);
    if choices.is_empty() {
        writeln!(output, "\n{}", wording::nothing_to_pick().to_plain())?;
        return Ok(None);
    }
    let title = script
        .case(judged.case)
        .map_or(judged.case, |c| c.title.as_str());
    writeln!(
        output,
        "\n{}",
        wording::which(judged.record.stage, title).to_plain()
    )?;
    for (i, choice) in choices.iter().enumerate() {
        writeln!(output, "  {}. {}", i + 1, wording::choice_line(choice))?;
    }
    writeln!(
        output,
        "Type its number, and if you like what you meant (\"1 I said hold back the last two \
         weeks\"). Anything else goes on with the interview."
    )?;
    Ok(Some(Asked {
        started_at: judged.started_at,
        stage: judged.record.stage,
        choices,
    }))
}

/// Stores the dispute `line` picks. Returns false when the line picks nothing, so it is read
/// as what it is (an answer, a command): nothing typed is lost.
fn record_dispute(
    store: &Store,
    session: &Session,
    asked: &Asked,
    line: &str,
    clock: &Clock,
    output: &mut dyn Write,
) -> anyhow::Result<bool> {
    let line = line.trim();
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let Some(choice) = line[..digits]
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| asked.choices.get(i))
    else {
        return Ok(false);
    };
    let Some(judged) = dispute::find(session, asked.started_at, asked.stage) else {
        return Ok(false);
    };
    let now = clock.now();
    let Some(mut d) = Dispute::new(judged, choice, now) else {
        return Ok(false);
    };
    d.set_note(line[digits..].trim_start_matches([' ', '.', ':', ')', '-']));
    store.put_dispute(DisputeKey::new(now, clock.entropy()), &d)?;
    writeln!(output, "\n{}", wording::thanks(choice).to_plain())?;
    Ok(true)
}

/// Sets the terminal's unreadable record aside, keeping its bytes in the quarantine tree.
pub fn reset(store: &Store) -> anyhow::Result<bool> {
    Ok(store.quarantine(SESSIONS, &UserKey::Terminal.bytes(), now())?)
}

pub use crate::clock::{entropy, now};
