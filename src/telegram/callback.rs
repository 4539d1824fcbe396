//! The data carried by inline buttons. Anything can arrive here — an old button from last
//! month, or bytes forged by a client — so parsing is total and unknown data is `None`.

use crate::stage::{Domain, DomainChoice};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    Domain(DomainChoice),
    /// "Start an interview".
    Begin,
    DeleteConfirm,
    DeleteCancel,
}

impl Callback {
    pub fn data(self) -> String {
        match self {
            Callback::Domain(DomainChoice::Domain(d)) => format!("domain:{}", d.id()),
            Callback::Domain(DomainChoice::NotSure) => "domain:not-sure".to_owned(),
            Callback::Begin => "begin".to_owned(),
            Callback::DeleteConfirm => "delete:yes".to_owned(),
            Callback::DeleteCancel => "delete:no".to_owned(),
        }
    }

    pub fn parse(data: &str) -> Option<Callback> {
        match data {
            "begin" => Some(Callback::Begin),
            "delete:yes" => Some(Callback::DeleteConfirm),
            "delete:no" => Some(Callback::DeleteCancel),
            "domain:not-sure" => Some(Callback::Domain(DomainChoice::NotSure)),
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
            Callback::Begin,
            Callback::DeleteConfirm,
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
        ] {
            assert_eq!(Callback::parse(junk), None, "{junk:?}");
        }
    }
}
