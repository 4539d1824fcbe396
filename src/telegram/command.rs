//! The bot's commands. Their doc comments become the `/help` text and the menu Telegram
//! shows on phones (`setMyCommands`).

use teloxide::utils::command::BotCommands;

use crate::interview::Command as EngineCommand;

#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// Start here: pick the domain you find hardest.
    Start,
    /// Start a mock interview (/interview news-feed for a case, /interview timed for 45 minutes).
    Interview(String),
    /// A nudge toward something you have not covered.
    Hint,
    /// Move on to the next stage.
    Skip,
    /// Show the current question again.
    Repeat,
    /// Finish the interview now and see the summary.
    End,
    /// Tell us a verdict was wrong: a concept you did cover, or credit you didn't earn.
    Dispute,
    /// Change the domain you find hardest.
    Domain,
    /// The level you interview for: /level senior (mid, senior or staff).
    Level(String),
    /// Your scores so far, with a chart.
    Progress,
    /// Daily practice prompt: /daily 08:30 Europe/Berlin, or /daily off.
    Daily(String),
    /// Download your whole history as a Markdown file.
    Export,
    /// Erase everything the bot stores about you.
    Delete,
    /// List the commands and the case studies.
    Help,
    /// Usage figures (admins only).
    #[command(hide)]
    Stats,
}

impl Command {
    /// The interview's own command this one is, if any: the terminal and Telegram share
    /// `/hint`, `/skip`, `/repeat` and `/end`, and the engine decides what they do.
    pub fn engine(&self) -> Option<EngineCommand> {
        match self {
            Command::Hint => Some(EngineCommand::Hint),
            Command::Skip => Some(EngineCommand::Skip),
            Command::Repeat => Some(EngineCommand::Repeat),
            Command::End => Some(EngineCommand::End),
            _ => None,
        }
    }
}

/// The command menu for `setMyCommands`. teloxide's list carries the "/" prefix, which the
/// Bot API does not allow in command names (`[a-z0-9_]{1,32}`).
pub fn menu() -> Vec<teloxide::types::BotCommand> {
    Command::bot_commands()
        .into_iter()
        .map(|mut c| {
            c.command = c.command.trim_start_matches('/').to_owned();
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_has_telegram_valid_names_and_hides_admin_commands() {
        let menu = menu();
        assert!(menu.iter().all(|c| {
            !c.command.is_empty()
                && c.command.len() <= 32
                && c.command
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
                && (3..=256).contains(&c.description.chars().count())
        }));
        assert!(menu.iter().any(|c| c.command == "interview"));
        assert!(!menu.iter().any(|c| c.command == "stats"));
    }

    #[test]
    fn every_interview_command_means_the_same_in_telegram_and_the_terminal() {
        for engine in EngineCommand::ALL {
            let word = format!("/{}", engine.name());
            let telegram = Command::parse(&word, "mlsd_bot").expect("a Telegram command");
            // /help lists Telegram's own commands and the cases; the rest are the engine's.
            if engine != EngineCommand::Help {
                assert_eq!(telegram.engine(), Some(engine), "{word}");
            }
        }
    }
}
