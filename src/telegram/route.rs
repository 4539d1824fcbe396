//! The first decision about an update, before any record is read: who may talk to the bot,
//! what happens in group chats, and which admin commands bypass the conversation. Pure, so
//! every rule is a row in a table test; `poll::handle` only carries the verdict out.

use super::command::Command;
use super::incoming::{Incoming, Kind};

/// Who may use the bot, from the validated settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Users allowed to talk to the bot; everyone when `None`.
    pub allowed: Option<Vec<u64>>,
    /// Users who may see /stats.
    pub admins: Vec<u64>,
    /// Disputes carry the user's id (the operator turned it on).
    pub dispute_user_ids: bool,
}

/// What to do with one classified update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Nothing to do (no user, or nothing for us).
    Drop,
    /// Spoken to in a group: say the bot works in private chats, store nothing.
    GroupNotice,
    /// Not on the allowlist: refuse (answering a button press), store nothing.
    NotAllowed,
    /// An admin asked for usage figures.
    Stats,
    /// A user's update: their record goes through `conversation::handle`.
    Conversation { user: u64 },
}

pub fn route(policy: &Policy, incoming: &Incoming) -> Route {
    match incoming.kind {
        Kind::Ignored => return Route::Drop,
        // Nothing about group chats is stored, not even who wrote.
        Kind::NotPrivate => return Route::GroupNotice,
        _ => {}
    }
    let Some(user) = incoming.user else {
        return Route::Drop;
    };
    if policy
        .allowed
        .as_ref()
        .is_some_and(|allowed| !allowed.contains(&user))
    {
        return Route::NotAllowed;
    }
    if incoming.kind == Kind::Command(Command::Stats) && policy.admins.contains(&user) {
        return Route::Stats;
    }
    // Everyone else who sends /stats reaches the conversation, which answers as for any
    // unknown command: the command is not advertised.
    Route::Conversation { user }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telegram::callback::Callback;

    const ADA: u64 = 1001;
    const BOB: u64 = 2002;
    const ADMIN: u64 = 4242;

    fn update(user: Option<u64>, kind: Kind) -> Incoming {
        Incoming {
            update: 1,
            user,
            chat: user.map_or(-100, |u| u as i64),
            kind,
        }
    }

    #[test]
    fn routing_table() {
        let open = Policy {
            allowed: None,
            admins: vec![ADMIN],
            dispute_user_ids: false,
        };
        let closed = Policy {
            allowed: Some(vec![ADA, ADMIN]),
            admins: vec![ADMIN],
            dispute_user_ids: false,
        };
        let text = || Kind::Text("hello".to_owned());
        let stats = || Kind::Command(Command::Stats);
        let button = || Kind::Button {
            query: "q".to_owned(),
            callback: Some(Callback::Begin),
        };
        let rows: Vec<(&str, &Policy, Incoming, Route)> = vec![
            (
                "anyone may talk to an open bot",
                &open,
                update(Some(BOB), text()),
                Route::Conversation { user: BOB },
            ),
            (
                "an allowed user talks",
                &closed,
                update(Some(ADA), text()),
                Route::Conversation { user: ADA },
            ),
            (
                "others are refused",
                &closed,
                update(Some(BOB), text()),
                Route::NotAllowed,
            ),
            (
                "their buttons too",
                &closed,
                update(Some(BOB), button()),
                Route::NotAllowed,
            ),
            (
                "an admin gets /stats",
                &open,
                update(Some(ADMIN), stats()),
                Route::Stats,
            ),
            (
                "a user's /stats is a conversation",
                &open,
                update(Some(ADA), stats()),
                Route::Conversation { user: ADA },
            ),
            (
                "the allowlist comes before /stats",
                &closed,
                update(Some(BOB), stats()),
                Route::NotAllowed,
            ),
            (
                "a group command gets the notice",
                &closed,
                update(Some(BOB), Kind::NotPrivate),
                Route::GroupNotice,
            ),
            (
                "an update without a user is dropped",
                &open,
                update(None, text()),
                Route::Drop,
            ),
            (
                "nothing for us is dropped",
                &open,
                update(Some(ADA), Kind::Ignored),
                Route::Drop,
            ),
            (
                "a sticker is a conversation",
                &open,
                update(Some(ADA), Kind::NotText("a sticker")),
                Route::Conversation { user: ADA },
            ),
        ];
        for (why, policy, incoming, expected) in rows {
            assert_eq!(route(policy, &incoming), expected, "{why}");
        }
    }
}
