//! The data carried by inline buttons. Anything can arrive here — an old button from last
//! month, or bytes forged by a client — so parsing is total and unknown data is `None`.

use crate::level::Level;
use crate::stage::{Domain, DomainChoice};

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
        }
    }

    pub fn parse(data: &str) -> Option<Callback> {
        match data {
            "begin" => Some(Callback::Begin),
            // Buttons shown before confirmations carried a nonce: they match no question.
            "delete:yes" => Some(Callback::DeleteConfirm { nonce: 0 }),
            "delete:no" => Some(Callback::DeleteCancel),
            "domain:not-sure" => Some(Callback::Domain(DomainChoice::NotSure)),
            _ if data.starts_with("level:") => data
                .strip_prefix("level:")?
                .parse::<Level>()
                .ok()
                .filter(|l| data == format!("level:{}", l.id()))
                .map(Callback::Level),
            _ if data.starts_with("delete:yes:") => {
                let hex = data.strip_prefix("delete:yes:")?;
                let well_formed = hex.len() == 8 && hex.bytes().all(|b| b.is_ascii_hexdigit());
                let nonce = u32::from_str_radix(hex, 16).ok().filter(|_| well_formed)?;
                Some(Callback::DeleteConfirm { nonce })
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
            "level:",
            "level:wizard",
            "level: senior",
        ] {
            assert_eq!(Callback::parse(junk), None, "{junk:?}");
        }
    }
}
