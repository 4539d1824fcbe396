//! The data carried by inline buttons. Anything can arrive here — an old button from last
//! month, or bytes forged by a client — so parsing is total and unknown data is `None`.

use crate::dispute::DisputeKey;
use crate::level::Level;
use crate::stage::{Domain, DomainChoice, Stage};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    Domain(DomainChoice),
    Level(Level),
    /// "Start an interview".
    Begin,
    /// "Yes, delete everything", carrying the nonce of the question it answers.
    DeleteConfirm {
        nonce: u32,
    },
    DeleteCancel,
    /// "Something's wrong" under the verdict on `stage` of the interview that started at
    /// `started_at`.
    Dispute {
        started_at: i64,
        stage: Stage,
    },
    /// One of that verdict's items, by its place in `dispute::choices`.
    DisputePick {
        started_at: i64,
        stage: Stage,
        choice: u8,
    },
    /// "Add a note" to the dispute stored under `key`.
    DisputeNote {
        key: DisputeKey,
    },
    /// "Show a strong answer", "Full feedback", …: a block kept on the user's shelf.
    Reveal {
        id: u32,
    },
}

impl Callback {
    pub fn data(self) -> String {
        match self {
            Callback::Domain(DomainChoice::Domain(d)) => format!("domain:{}", d.id()),
            Callback::Domain(DomainChoice::NotSure) => "domain:not-sure".to_owned(),
            Callback::Level(level) => format!("level:{}", level.id()),
            Callback::Begin => "begin".to_owned(),
            Callback::DeleteConfirm { nonce } => format!("delete:yes:{nonce:08x}"),
            Callback::DeleteCancel => "delete:no".to_owned(),
            Callback::Dispute { started_at, stage } => {
                format!("dispute:{started_at}:{}", stage.index())
            }
            Callback::DisputePick {
                started_at,
                stage,
                choice,
            } => format!("dispute:{started_at}:{}:{choice}", stage.index()),
            Callback::DisputeNote { key } => format!("dispute:note:{}", key.hex()),
            Callback::Reveal { id } => format!("more:{id:08x}"),
        }
    }

    pub fn parse(data: &str) -> Option<Callback> {
        match data {
            "begin" => Some(Callback::Begin),
            // Buttons shown before confirmations carried a nonce: they match no question.
            "delete:yes" => Some(Callback::DeleteConfirm { nonce: 0 }),
            "delete:no" => Some(Callback::DeleteCancel),
            "domain:not-sure" => Some(Callback::Domain(DomainChoice::NotSure)),
            _ if data.starts_with("dispute:") => parse_dispute(data.strip_prefix("dispute:")?),
            _ if data.starts_with("level:") => data
                .strip_prefix("level:")?
                .parse::<Level>()
                .ok()
                .filter(|l| data == format!("level:{}", l.id()))
                .map(Callback::Level),
            _ if data.starts_with("delete:yes:") => {
                let nonce = hex32(data.strip_prefix("delete:yes:")?)?;
                Some(Callback::DeleteConfirm { nonce })
            }
            _ if data.starts_with("more:") => {
                let id = hex32(data.strip_prefix("more:")?)?;
                Some(Callback::Reveal { id })
            }
            _ => {
                let id = data.strip_prefix("domain:")?;
                id.parse::<Domain>()
                    .ok()
                    .map(|d| Callback::Domain(DomainChoice::Domain(d)))
            }
        }
    }
}

fn parse_dispute(rest: &str) -> Option<Callback> {
    if let Some(hex) = rest.strip_prefix("note:") {
        return DisputeKey::parse_hex(hex)
            .filter(|_| hex.len() == 24)
            .map(|key| Callback::DisputeNote { key });
    }
    let number = |text: &str| {
        let digits =
            !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| text.parse::<i64>().ok()).flatten()
    };
    let mut parts = rest.split(':');
    let started_at = number(parts.next()?)?;
    let stage = *Stage::ALL.get(usize::try_from(number(parts.next()?)?).ok()?)?;
    let choice = match parts.next() {
        None => return Some(Callback::Dispute { started_at, stage }),
        Some(choice) => u8::try_from(number(choice)?).ok()?,
    };
    match parts.next() {
        None => Some(Callback::DisputePick {
            started_at,
            stage,
            choice,
        }),
        Some(_) => None,
    }
}

/// Exactly eight hex digits, as `data` writes them.
fn hex32(hex: &str) -> Option<u32> {
    let well_formed = hex.len() == 8 && hex.bytes().all(|b| b.is_ascii_hexdigit());
    u32::from_str_radix(hex, 16).ok().filter(|_| well_formed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_callback_round_trips_and_fits_telegrams_limit() {
        let all = [
            Callback::Domain(DomainChoice::Domain(Domain::Nlp)),
            Callback::Domain(DomainChoice::Domain(Domain::Cv)),
            Callback::Domain(DomainChoice::Domain(Domain::SearchRecsys)),
            Callback::Domain(DomainChoice::NotSure),
            Callback::Level(Level::Mid),
            Callback::Level(Level::Senior),
            Callback::Level(Level::Staff),
            Callback::Begin,
            Callback::DeleteConfirm { nonce: 1 },
            Callback::DeleteConfirm { nonce: u32::MAX },
            Callback::DeleteCancel,
            Callback::Dispute {
                started_at: 1_750_000_000,
                stage: Stage::Requirements,
            },
            Callback::DisputePick {
                started_at: 99_999_999_999,
                stage: Stage::Monitoring,
                choice: u8::MAX,
            },
            Callback::DisputeNote {
                key: DisputeKey::new(i64::MAX, u64::MAX),
            },
            Callback::Reveal { id: 1 },
            Callback::Reveal { id: u32::MAX },
        ];
        for c in all {
            assert_eq!(Callback::parse(&c.data()), Some(c));
            assert!(c.data().len() <= 64);
        }
    }

    #[test]
    fn forged_or_stale_data_is_none() {
        for junk in [
            "",
            "domain:",
            "domain:cooking",
            "delete",
            "<script>",
            "begin ",
            "delete:yes:",
            "delete:yes:12",
            "delete:yes:+0000001",
            "delete:yes:zzzzzzzz",
            "dispute:",
            "dispute:1",
            "dispute:1:7",
            "dispute:-1:0",
            "dispute:1:0:256",
            "dispute:1:0:1:2",
            "dispute:1:+0",
            "dispute:note:",
            "dispute:note:12",
            "dispute:99999999999999999999:0",
            "level:",
            "level:wizard",
            "level: senior",
            "more:",
            "more:1234",
            "more:-0000001",
        ] {
            assert_eq!(Callback::parse(junk), None, "{junk:?}");
        }
    }
}
