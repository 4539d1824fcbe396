//! "Something's wrong" on Telegram: the button under a stage's verdict, the list of what can
//! be disputed, the thanks, and an optional note. Pure, like `conversation`: the record and
//! the disputes to store come out, the shell writes them in one transaction.

use crate::dispute::{self, Dispute, DisputeKey};
use crate::interview::Reply;
use crate::present::dispute as wording;
use crate::stage::Stage;

use super::callback::Callback;
use super::env::Env;
use super::outgoing::{Button, Keyboard, Outgoing};
use super::record::{Awaiting, OWN_DISPUTES_KEPT, OwnDispute, UserRecord};
use super::render;

/// Button labels longer than this are cut: Telegram shows one line per button on a phone.
const LABEL_CHARS: usize = 48;

/// "Something's wrong?" for the verdict that `replies` end a stage with, if they do.
pub fn button(record: &UserRecord, replies: &[Reply]) -> Option<Button> {
    let stage = replies.iter().rev().find_map(|r| match r {
        Reply::StageResult { stage, .. } => Some(*stage),
        _ => None,
    })?;
    // The verdict is in the running interview, or in the history if it was the last stage.
    let judged = dispute::latest(&record.session, Some(stage))?;
    Some(Button {
        label: "Something's wrong?".to_owned(),
        data: Callback::Dispute {
            started_at: judged.started_at,
            stage,
        }
        .data(),
    })
}

/// The list of what can be disputed about a verdict, one button each.
pub fn open(env: &Env<'_>, record: &UserRecord, started_at: i64, stage: Stage) -> Vec<Outgoing> {
    let Some(judged) = dispute::find(&record.session, started_at, stage) else {
        return gone();
    };
    let choices = dispute::choices(env.script, judged.case, judged.record);
    if choices.is_empty() {
        return render::text_messages(&wording::nothing_to_pick(), None);
    }
    let title = env
        .script
        .case(judged.case)
        .map_or(judged.case, |c| c.title.as_str());
    let rows = choices
        .iter()
        .enumerate()
        // Callback data holds the index in a byte.
        .take(usize::from(u8::MAX))
        .map(|(i, choice)| {
            vec![Button {
                label: cut(&wording::choice_button(choice)),
                data: Callback::DisputePick {
                    started_at,
                    stage,
                    choice: i as u8,
                }
                .data(),
            }]
        })
        .collect();
    render::text_messages(&wording::which(stage, title), Some(Keyboard { rows }))
}

/// `/dispute`: the list for the latest verdict.
pub fn open_latest(env: &Env<'_>, record: &UserRecord) -> Vec<Outgoing> {
    match dispute::latest(&record.session, None) {
        Some(j) => open(env, record, j.started_at, j.record.stage),
        None => render::text_messages(&wording::nothing_to_dispute(), None),
    }
}

/// What a dispute step says, and the dispute to store with the record (if any).
pub struct Said {
    pub send: Vec<Outgoing>,
    pub store: Option<(DisputeKey, Dispute)>,
}

impl Said {
    fn only(send: Vec<Outgoing>) -> Said {
        Said { send, store: None }
    }
}

/// A pick: stores the dispute (once) and thanks the candidate, offering a note.
pub fn pick(
    env: &Env<'_>,
    record: &mut UserRecord,
    user: Option<u64>,
    started_at: i64,
    stage: Stage,
    choice: u8,
) -> Said {
    let Some(judged) = dispute::find(&record.session, started_at, stage) else {
        return Said::only(gone());
    };
    let choices = dispute::choices(env.script, judged.case, judged.record);
    let Some(choice) = choices.get(usize::from(choice)) else {
        return Said::only(gone());
    };
    let Some(mut new) = Dispute::new(judged, choice, env.ctx.now) else {
        return Said::only(gone());
    };
    if record.disputes.iter().any(|d| d.dispute.same_claim(&new)) {
        return Said::only(render::text_messages(&wording::already_noted(), None));
    }
    if env.dispute_user_ids {
        new.user = user;
    }
    let key = DisputeKey::new(env.ctx.now, env.ctx.entropy);
    let store = Some((key, new.clone()));
    record.disputes.push(OwnDispute { key, dispute: new });
    if record.disputes.len() > OWN_DISPUTES_KEPT {
        let extra = record.disputes.len() - OWN_DISPUTES_KEPT;
        record.disputes.drain(..extra);
    }
    let note = Keyboard {
        rows: vec![vec![Button {
            label: "Add a note".to_owned(),
            data: Callback::DisputeNote { key }.data(),
        }]],
    };
    Said {
        send: render::text_messages(&wording::thanks(choice), Some(note)),
        store,
    }
}

/// "Add a note": the next message is the note.
pub fn ask_note(record: &mut UserRecord, key: DisputeKey) -> Vec<Outgoing> {
    if !record.disputes.iter().any(|d| d.key == key) {
        return gone();
    }
    record.awaiting = Awaiting::DisputeNote { key };
    render::text_messages(&wording::ask_note(), None)
}

/// The note itself. The interview is untouched: the candidate carries on with /repeat.
pub fn add_note(record: &mut UserRecord, key: DisputeKey, text: &str) -> Said {
    let Some(own) = record.disputes.iter_mut().find(|d| d.key == key) else {
        return Said::only(gone());
    };
    own.dispute.set_note(text);
    let store = Some((key, own.dispute.clone()));
    let doc = wording::note_added(record.session.interview().is_some());
    Said {
        send: render::text_messages(&doc, None),
        store,
    }
}

fn gone() -> Vec<Outgoing> {
    render::text_messages(&wording::verdict_gone(), None)
}

fn cut(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_owned();
    }
    let kept: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", kept.trim_end())
}
