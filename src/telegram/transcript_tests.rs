//! Golden transcripts on Telegram: the inputs of `tests/transcripts/{strong-senior,
//! mid-level,gaming}.txt` sent to the bot's conversation layer, and every message it sends
//! back as a phone shows it (plain text, then its buttons), in
//! `tests/transcripts/telegram/`. Read them as a candidate would: two short messages per
//! answer, the long parts behind buttons. After an intended change, regenerate with
//! `UPDATE_EXPECT=1`.

use std::fmt::Write;
use std::path::PathBuf;

use crate::content::Script;
use crate::interview::{Config, Context};

use super::command::Command;
use super::conversation::handle;
use super::env::Env;
use super::incoming::{Incoming, Kind};
use super::outgoing::Outgoing;
use super::record::UserRecord;

const NAMES: [&str; 3] = ["strong-senior", "mid-level", "gaming"];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts")
}

fn script() -> Script {
    crate::content::compile(&crate::dialogues::builtin()).script
}

/// A terminal transcript's input line as a Telegram update.
fn kind(line: &str) -> Kind {
    use teloxide::utils::command::BotCommands;
    let command = |text: &str| Kind::Command(Command::parse(text, "mlsd_bot").expect("a command"));
    if let Some(level) = line.strip_prefix("!level ") {
        return command(&format!("/level {level}"));
    }
    if let Some(case) = line.strip_prefix("!begin ") {
        return command(&format!("/interview {case}"));
    }
    if line.starts_with('/') {
        return command(line);
    }
    Kind::Text(line.to_owned())
}

fn replay(script: &Script, inputs: &[&str]) -> String {
    let mut record = UserRecord::default();
    let mut out = String::new();
    for (i, line) in inputs.iter().enumerate() {
        let update = i as u32 + 1;
        let env = Env {
            dispute_user_ids: false,
            script,
            ctx: Context {
                now: 1_700_000_000 + i64::from(update) * 60,
                entropy: 42 + u64::from(update),
                config: Config::default(),
            },
        };
        let incoming = Incoming {
            update,
            user: Some(7),
            chat: 7,
            kind: kind(line),
        };
        let outcome = handle(&env, record, &incoming);
        record = outcome.record.expect("the record is kept");
        let _ = writeln!(out, "> {line}\n");
        for message in &outcome.send {
            match message {
                Outgoing::Text {
                    plain, keyboard, ..
                } => {
                    let _ = writeln!(out, "{plain}");
                    if let Some(k) = keyboard {
                        let labels: Vec<&str> =
                            k.rows.iter().flatten().map(|b| b.label.as_str()).collect();
                        let _ = writeln!(out, "[{}]", labels.join("] ["));
                    }
                }
                Outgoing::Chart { caption, .. } => {
                    let _ = writeln!(out, "(chart) {caption}");
                }
                Outgoing::Document { file_name, .. } => {
                    let _ = writeln!(out, "(file) {file_name}");
                }
            }
            out.push_str("———\n");
        }
        out.push('\n');
    }
    out
}

#[test]
fn telegram_transcripts_match_their_golden_files() {
    let script = script();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut stale = Vec::new();
    for name in NAMES {
        let terminal = std::fs::read_to_string(dir().join(format!("{name}.txt")))
            .expect("the terminal transcript");
        let inputs: Vec<&str> = terminal
            .lines()
            .filter_map(|l| l.strip_prefix("> "))
            .collect();
        let actual = replay(&script, &inputs);
        let path = dir().join("telegram").join(format!("{name}.txt"));
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if actual != expected {
            if update {
                std::fs::create_dir_all(dir().join("telegram")).expect("mkdir");
                std::fs::write(&path, &actual).expect("write transcript");
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "transcripts differ (rerun with UPDATE_EXPECT=1 and review the diff): {stale:?}"
    );
}
