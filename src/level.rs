//! The level a candidate is interviewing for. Part of the public vocabulary: the `--level`
//! flag, `/level` on Telegram, stored sessions and `dialogues/interviewer.toml` use these ids.
//!
//! What a level changes (follow-ups, hints, how depth is scored) is content, read from
//! `dialogues/interviewer.toml`; this module only names the levels.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Knows the building blocks; the interviewer guides more and pushes less.
    #[default]
    Mid,
    /// Drives the design: sizes it, weighs trade-offs, plans for failure.
    Senior,
    /// As senior, and holds up under several deeper questions per stage.
    Staff,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Mid, Level::Senior, Level::Staff];

    pub fn id(self) -> &'static str {
        match self {
            Level::Mid => "mid",
            Level::Senior => "senior",
            Level::Staff => "staff",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Level::Mid => "Mid-level",
            Level::Senior => "Senior",
            Level::Staff => "Staff",
        }
    }

    pub fn index(self) -> usize {
        match self {
            Level::Mid => 0,
            Level::Senior => 1,
            Level::Staff => 2,
        }
    }

    /// Reads what a person might type when asked for a level: a number from the menu, an id
    /// or a common name. `None` for anything else.
    pub fn parse_loose(text: &str) -> Option<Level> {
        let t: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        let level = match t.as_str() {
            "1" | "mid" | "midlevel" | "mid level" | "junior" | "intermediate" | "l4" | "e4" => {
                Level::Mid
            }
            "2" | "senior" | "sr" | "l5" | "e5" => Level::Senior,
            "3" | "staff" | "principal" | "lead" | "l6" | "e6" | "staff plus" => Level::Staff,
            _ => return None,
        };
        Some(level)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level `{0}`; expected one of: mid, senior, staff")]
pub struct UnknownLevel(pub String);

impl FromStr for Level {
    type Err = UnknownLevel;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|l| l.id() == s.trim().to_lowercase())
            .ok_or_else(|| UnknownLevel(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_from_ids_menu_numbers_and_common_names() {
        for level in Level::ALL {
            assert_eq!(level.id().parse::<Level>(), Ok(level));
            assert_eq!(Level::parse_loose(level.id()), Some(level));
        }
        assert_eq!(Level::parse_loose(" 2 "), Some(Level::Senior));
        assert_eq!(Level::parse_loose("Staff!"), Some(Level::Staff));
        assert_eq!(Level::parse_loose("wizard"), None);
        assert!("principal".parse::<Level>().is_err());
    }
}
