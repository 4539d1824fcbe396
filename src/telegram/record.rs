//! What the bot stores per Telegram user: the interview session, the replies not yet
//! delivered, the last update handled (so a redelivered update has no second effect), and
//! the daily-practice settings.

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::clock::instant;
use crate::daily::{Review, Streak};
use crate::dispute::{Dispute, DisputeKey};
use crate::interview::Session;
use crate::store::Record;

use super::outgoing::{Outgoing, Queued};
use super::shelf::Shelf;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    #[serde(default)]
    pub session: Session,
    /// The highest update id already handled for this user.
    #[serde(default)]
    pub last_update: Option<u32>,
    /// Replies saved with the state they describe, removed once Telegram accepted them.
    #[serde(default)]
    pub outbox: Vec<Queued>,
    #[serde(default)]
    pub next_outgoing: u64,
    /// What the bot asked and waits for an answer to, besides the interview itself.
    #[serde(default)]
    pub awaiting: Awaiting,
    /// Telegram said the user blocked the bot: nothing is sent until they write again.
    #[serde(default)]
    pub blocked: bool,
    #[serde(default)]
    pub daily: Daily,
    /// Unix seconds of the first message.
    #[serde(default)]
    pub first_seen: i64,
    /// The verdicts this user disputed: a copy of what the disputes tree holds under each
    /// key, so `/export` shows them and `/delete` knows what to erase. The tree itself names
    /// no user.
    #[serde(default)]
    pub disputes: Vec<OwnDispute>,
    /// Long blocks waiting behind buttons ("Show a strong answer", "Full feedback").
    #[serde(default)]
    pub shelf: Shelf,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnDispute {
    pub key: DisputeKey,
    pub dispute: Dispute,
}

/// The most disputes one user keeps; older ones stay with the authors, not in the record.
pub const OWN_DISPUTES_KEPT: usize = 200;

/// A user's daily practice: when, where, and what they missed (for spaced repetition).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Daily {
    /// IANA time zone, remembered even while daily practice is off.
    #[serde(default)]
    pub zone: Option<String>,
    /// Local time of the prompt; daily practice is on when set.
    #[serde(default)]
    pub at: Option<NaiveTime>,
    /// Unix seconds of the next prompt, mirrored by the due index.
    #[serde(default)]
    pub next_due: Option<i64>,
    /// The local day of the last prompt sent: never two in one day.
    #[serde(default)]
    pub last_sent: Option<NaiveDate>,
    #[serde(default)]
    pub streak: Streak,
    #[serde(default)]
    pub reviews: Vec<Review>,
}

impl Daily {
    pub fn tz(&self) -> Option<Tz> {
        self.zone.as_deref().and_then(|z| z.parse().ok())
    }

    /// The user's local day at `now` (UTC's when no zone is known).
    pub fn today(&self, now: i64) -> NaiveDate {
        let at = instant(now);
        self.tz()
            .map_or_else(|| at.date_naive(), |tz| crate::daily::local_day(tz, at))
    }
}

/// What the bot waits for from a user. Any input other than the answer clears it, so a
/// question left unanswered never gives an old button or a later message a second meaning.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Awaiting {
    #[default]
    Nothing,
    /// "Delete everything?" was asked at `asked_at` (Unix seconds) with buttons carrying
    /// `nonce`: only those buttons, pressed soon, erase anything.
    DeleteConfirmation { nonce: u32, asked_at: i64 },
    /// "/daily 08:30" came without a known zone: the time, waiting for a zone.
    TimeZone { at: NaiveTime },
    /// "Add a note" was pressed: the next message is the note to the dispute under `key`.
    DisputeNote { key: DisputeKey },
}

/// How long a "Yes, delete everything" button stays valid after it was shown.
pub const DELETE_CONFIRMATION_SECS: i64 = 30 * 60;

impl Record for UserRecord {
    const KIND: &'static str = "user";
    /// 2: `awaiting` replaced the flag `delete_pending` and `daily.awaiting_zone`.
    const VERSION: u32 = 2;

    fn upgrade(version: u32, mut value: serde_json::Value) -> Result<Self, String> {
        if version != 1 {
            return Err(format!("no conversion from schema version {version}"));
        }
        let Some(fields) = value.as_object_mut() else {
            return Err("a user record is not a JSON object".to_owned());
        };
        // A pending deletion is not carried over: its buttons carry no nonce, so they could
        // never match; the user sends /delete again.
        fields.remove("delete_pending");
        let zone_time = fields
            .get_mut("daily")
            .and_then(|d| d.as_object_mut())
            .and_then(|d| d.remove("awaiting_zone"))
            .filter(|t| !t.is_null());
        let mut record: UserRecord = serde_json::from_value(value).map_err(|e| e.to_string())?;
        if let Some(at) = zone_time {
            let at: NaiveTime = serde_json::from_value(at).map_err(|e| e.to_string())?;
            record.awaiting = Awaiting::TimeZone { at };
        }
        Ok(record)
    }
}

impl UserRecord {
    pub fn enqueue(&mut self, message: Outgoing) {
        self.push(message, false);
    }

    /// Queues a message of the daily scheduler.
    pub fn enqueue_daily(&mut self, message: Outgoing) {
        self.push(message, true);
    }

    fn push(&mut self, message: Outgoing, daily: bool) {
        self.outbox.push(Queued {
            id: self.next_outgoing,
            message,
            daily,
        });
        self.next_outgoing += 1;
    }

    /// Whether this update was handled before (Telegram redelivers after a crash).
    pub fn already_handled(&self, update: u32) -> bool {
        self.last_update.is_some_and(|last| update <= last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{decode, encode};

    #[test]
    fn a_version_1_record_loads_with_its_questions_mapped_to_the_new_state() {
        let old = br#"{"v":1,"data":{"last_update":7,"delete_pending":true,
            "daily":{"zone":null,"awaiting_zone":"08:30:00"},"first_seen":5}}"#;
        let record: UserRecord = decode(old).expect("an old record loads");
        assert_eq!(record.last_update, Some(7));
        assert_eq!(record.first_seen, 5);
        let at = NaiveTime::from_hms_opt(8, 30, 0).expect("time");
        assert_eq!(record.awaiting, Awaiting::TimeZone { at });

        let pending_delete = br#"{"v":1,"data":{"delete_pending":true}}"#;
        let record: UserRecord = decode(pending_delete).expect("an old record loads");
        assert_eq!(record.awaiting, Awaiting::Nothing);
    }

    #[test]
    fn the_waiting_state_survives_a_round_trip() {
        let record = UserRecord {
            awaiting: Awaiting::DeleteConfirmation {
                nonce: 42,
                asked_at: 1_000,
            },
            ..UserRecord::default()
        };
        let back: UserRecord = decode(&encode(&record)).expect("decode");
        assert_eq!(back, record);
    }
}
