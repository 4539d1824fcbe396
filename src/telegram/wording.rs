//! What the bot says that only makes sense on Telegram: the greeting, the command list,
//! refusals and confirmations. The interview's own wording is in `present`.

use crate::content::Script;
use crate::present::Doc;
use crate::present::span::{bold as b, code, plain as t};

use super::command::Command;
use teloxide::utils::command::BotCommands;

pub fn greeting() -> Doc {
    let mut doc = Doc::default();
    doc.para(vec![b(
        "Hi! I'm your mock interviewer for Machine Learning System Design.",
    )]);
    doc.text(
        "I pick a case study, ask you the seven stages of the framework one by one, judge each \
         answer against what interviewers listen for, and ask follow-ups when something \
         important is missing. Answer in your own words, as you would out loud.",
    );
    doc
}

pub fn help(script: &Script) -> Doc {
    let mut doc = Doc::default();
    doc.para(vec![b("Commands")]);
    doc.bullets(
        Command::bot_commands()
            .into_iter()
            .map(|c| vec![code(c.command.clone()), t(format!(" {}", c.description))])
            .collect(),
    );
    doc.para(vec![b("Case studies")]);
    doc.bullets(
        script
            .cases()
            .iter()
            .map(|c| vec![code(c.id.clone()), t(format!(" {}", c.title))])
            .collect(),
    );
    doc.text("Anything else you send during an interview is your answer.");
    doc
}

pub fn not_text(what: &str) -> Doc {
    let mut doc = Doc::default();
    doc.text(format!(
        "I can only read text answers, so I can't use {what}. Type your answer, or /help."
    ));
    doc
}

pub fn not_private() -> Doc {
    let mut doc = Doc::default();
    doc.text("Let's talk in private: open a chat with me and send /start. Your practice stays between us.");
    doc
}

pub fn edited() -> Doc {
    let mut doc = Doc::default();
    doc.text(
        "I judge messages as they were first sent, so that edit doesn't change your score. \
         To add to your answer, send another message.",
    );
    doc
}

pub fn unknown_command(word: &str) -> Doc {
    let mut doc = Doc::default();
    doc.para(vec![
        t("I don't know "),
        code(format!("/{word}")),
        t(". Send /help for the list of commands."),
    ]);
    doc
}

pub fn not_allowed() -> Doc {
    let mut doc = Doc::default();
    doc.text("Sorry, this bot is private: its owner has limited it to certain people.");
    doc
}

pub fn stale_button() -> &'static str {
    "That button is no longer valid."
}

/// A second tap on a button whose block is already in the chat.
pub fn already_shown() -> &'static str {
    "Already shown above."
}

/// A tap on a button whose block was dropped (it is from an older interview).
pub fn block_gone() -> &'static str {
    "That button is from an older interview; there is nothing more to show."
}

pub fn case_gone() -> &'static str {
    "That case study is no longer available."
}

pub fn delete_question() -> Doc {
    let mut doc = Doc::default();
    doc.para(vec![b("Delete everything?")]);
    doc.text(
        "This erases your interviews, scores, settings and daily practice schedule. It cannot \
         be undone. Send /export first if you want a copy.",
    );
    doc
}

pub fn deleted() -> Doc {
    let mut doc = Doc::default();
    doc.text("Done: everything I stored about you is erased. Send /start if you ever want to practise again.");
    doc
}

pub fn delete_cancelled() -> Doc {
    let mut doc = Doc::default();
    doc.text("Nothing was deleted.");
    doc
}

pub fn delete_expired() -> Doc {
    let mut doc = Doc::default();
    doc.text(
        "That button answered an older question, so nothing was deleted. Send /delete again \
         if you want to erase your data.",
    );
    doc
}

pub fn unreadable_record() -> Doc {
    let mut doc = Doc::default();
    doc.text(
        "I couldn't read your saved progress, so I have set it aside untouched (the bot's owner \
         can recover it) and started you fresh. Sorry about that.",
    );
    doc
}
