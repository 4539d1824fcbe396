//! What can happen to a session: a message, a command, a button.

use crate::level::Level;
use crate::stage::{DomainChoice, Stage};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Start a new interview on this case, or on one picked for the hardest domain (asking
    /// for it first when unknown).
    Begin {
        case: Option<String>,
    },
    /// Ask which domain is hardest; with `then_begin`, an interview starts after the answer.
    AskDomain {
        then_begin: bool,
    },
    /// A domain picked from buttons or a menu.
    ChooseDomain(DomainChoice),
    /// A timed interview of `minutes`: as `Begin`, or with `ask_domain` as `AskDomain` with
    /// `then_begin` (the domain is asked first, and Enter keeps it).
    Timed {
        case: Option<String>,
        minutes: u16,
        ask_domain: bool,
    },
    /// Ask which level they interview for; with `then_begin`, an interview starts after.
    AskLevel {
        then_begin: bool,
    },
    /// A level picked from buttons, a flag or a command.
    ChooseLevel(Level),
    /// Free text: an answer, or a domain typed by hand.
    Text(String),
    Command(Command),
    /// The person came back (a terminal restarted): show where we are.
    Resume,
    /// A daily prompt: one stage of a case, judged like an interview answer.
    Drill {
        case: String,
        stage: Stage,
    },
}

/// The commands available inside an interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Hint,
    Skip,
    Repeat,
    End,
    Help,
}

impl Command {
    pub const ALL: [Command; 5] = [
        Command::Hint,
        Command::Skip,
        Command::Repeat,
        Command::End,
        Command::Help,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Command::Hint => "hint",
            Command::Skip => "skip",
            Command::Repeat => "repeat",
            Command::End => "end",
            Command::Help => "help",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Command::Hint => "a nudge toward something you have not covered",
            Command::Skip => "move on to the next stage (scores 0 for this one)",
            Command::Repeat => "show the current question again",
            Command::End => "finish now and see the summary",
            Command::Help => "list the commands",
        }
    }

    /// Parses `/hint`, `hint`, `/HINT@mybot`.
    pub fn parse(text: &str) -> Option<Command> {
        let word = text.trim().strip_prefix('/')?;
        let word = word.split('@').next().unwrap_or(word).trim().to_lowercase();
        Command::ALL.into_iter().find(|c| c.name() == word)
    }
}

/// What the engine may not decide by itself: the time and chance, plus its settings.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Unix seconds.
    pub now: i64,
    /// Fresh randomness for this step; the same value gives the same choices.
    pub entropy: u64,
    pub config: Config,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Follow-ups per stage before the interview moves on.
    pub max_probes: u8,
    /// Longer answers are cut to this many characters, with a notice.
    pub max_answer_chars: usize,
    /// Ask for the level once, right after the domain, when it is not known yet. Off where
    /// nobody can answer (piped input): interviews then run at mid level.
    pub ask_level: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_probes: 2,
            max_answer_chars: 4000,
            ask_level: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_with_or_without_bot_suffix() {
        assert_eq!(Command::parse("/hint"), Some(Command::Hint));
        assert_eq!(Command::parse(" /SKIP@mlsd_bot "), Some(Command::Skip));
        assert_eq!(Command::parse("hint"), None);
        assert_eq!(Command::parse("/dance"), None);
    }
}
