//! The data carried by inline buttons. Anything can arrive here — an old button from last
//! month, or bytes forged by a client — so parsing is total and unknown data is `None`.

use crate::stage::{Domain, DomainChoice};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    Domain(DomainChoice),
    /// "Start an interview".
    Begin,
    /// "Yes, delete everything", carrying the nonce of the question it answers.
    DeleteConfirm {
        nonce: u32,
    },
    DeleteCancel,
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
            Callback::Begin => "begin".to_owned(),
            Callback::DeleteConfirm { nonce } => format!("delete:yes:{nonce:08x}"),
            Callback::DeleteCancel => "delete:no".to_owned(),
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
            Callback::Begin,
            Callback::DeleteConfirm { nonce: 1 },
            Callback::DeleteConfirm { nonce: u32::MAX },
            Callback::DeleteCancel,
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
            "more:",
            "more:1234",
            "more:-0000001",
        ] {
            assert_eq!(Callback::parse(junk), None, "{junk:?}");
        }
    }
}
