//! `mlsd disputes`: the stored disputes grouped by what they are about, most frequent first,
//! so an author fixes the phrasing many candidates tripped on before the one-off.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use crate::stage::Stage;

use super::{Direction, Dispute, DisputeKey, ItemKind};

/// Disputes that say the same thing about the same concept of the same case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub case: String,
    pub stage: Stage,
    pub kind: ItemKind,
    pub id: String,
    pub label: String,
    pub direction: Direction,
    pub disputes: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub key: DisputeKey,
    #[serde(flatten)]
    pub dispute: Dispute,
}

impl Group {
    /// How authors name the group on the command line: `case/stage/concept`.
    pub fn name(&self) -> String {
        let item = if self.id.is_empty() {
            &self.label
        } else {
            &self.id
        };
        format!("{}/{}/{item}", self.case, self.stage.id())
    }
}

/// Groups `entries`, leaving out dismissed ones unless `dismissed` is set. Largest group
/// first; ties in case, stage and concept order, so the listing is stable.
pub fn groups(entries: Vec<(DisputeKey, Dispute)>, dismissed: bool) -> Vec<Group> {
    type GroupKey = (String, Stage, ItemKind, String, String, Direction);
    let mut map: BTreeMap<GroupKey, Vec<Entry>> = BTreeMap::new();
    for (key, dispute) in entries {
        if dispute.dismissed && !dismissed {
            continue;
        }
        let group = (
            dispute.case.clone(),
            dispute.stage,
            dispute.kind,
            dispute.id.clone(),
            dispute.label.clone(),
            dispute.direction,
        );
        map.entry(group).or_default().push(Entry { key, dispute });
    }
    let mut out: Vec<Group> = map
        .into_iter()
        .map(
            |((case, stage, kind, id, label, direction), disputes)| Group {
                case,
                stage,
                kind,
                id,
                label,
                direction,
                disputes,
            },
        )
        .collect();
    // Stable: equal counts keep the map's order.
    out.sort_by_key(|g| std::cmp::Reverse(g.disputes.len()));
    out
}

/// The operator's listing: one block per group, with each dispute's id, date, note and the
/// start of the answer.
pub fn text(groups: &[Group]) -> String {
    if groups.is_empty() {
        return "No open disputes.\n".to_owned();
    }
    let total: usize = groups.iter().map(|g| g.disputes.len()).sum();
    let mut out = format!(
        "{total} dispute{} in {} group{}, most frequent first.\n",
        plural(total),
        groups.len(),
        plural(groups.len())
    );
    for g in groups {
        let _ = writeln!(
            out,
            "\n{} × \"{}\" — {} ({} {})\n  {}",
            g.disputes.len(),
            g.direction.claim(),
            g.label,
            match g.kind {
                ItemKind::Concept => "concept",
                ItemKind::Misconception => "misconception",
            },
            g.direction.id(),
            g.name(),
        );
        for e in &g.disputes {
            let d = &e.dispute;
            let _ = writeln!(
                out,
                "  - {} {}{}{}: {}",
                e.key.hex(),
                crate::clock::instant(d.at).format("%Y-%m-%d"),
                d.user.map(|u| format!(" user {u}")).unwrap_or_default(),
                if d.dismissed { " (dismissed)" } else { "" },
                excerpt(&d.answer(), 160)
            );
            if let Some(note) = &d.note {
                let _ = writeln!(out, "      note: {}", excerpt(note, 160));
            }
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The start of `text` on one line, cut at a word boundary.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// Which stored disputes a `--dismiss` argument names: one dispute by its id, or every
/// dispute of a group by `case/stage/concept`.
pub fn select<'a>(groups: &'a [Group], name: &str) -> Vec<&'a Entry> {
    let name = name.trim();
    if let Some(key) = DisputeKey::parse_hex(name) {
        return groups
            .iter()
            .flat_map(|g| &g.disputes)
            .filter(|e| e.key == key)
            .collect();
    }
    groups
        .iter()
        .filter(|g| g.name() == name)
        .flat_map(|g| &g.disputes)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn dispute(case: &str, id: &str, direction: Direction, at: i64) -> Dispute {
        Dispute {
            case: case.to_owned(),
            stage: Stage::Data,
            kind: ItemKind::Concept,
            id: id.to_owned(),
            label: format!("Label {id}"),
            direction,
            answers: vec![format!("answer about {id} at {at}")],
            note: None,
            at,
            user: None,
            dismissed: false,
        }
    }

    #[test]
    fn groups_are_most_frequent_first_and_dismissed_ones_are_left_out() {
        let mut entries = vec![
            (
                DisputeKey::new(1, 1),
                dispute("a", "x", Direction::Missed, 1),
            ),
            (
                DisputeKey::new(2, 1),
                dispute("b", "y", Direction::Missed, 2),
            ),
            (
                DisputeKey::new(3, 1),
                dispute("b", "y", Direction::Missed, 3),
            ),
            (
                DisputeKey::new(4, 1),
                dispute("b", "y", Direction::Undeserved, 4),
            ),
        ];
        let g = groups(entries.clone(), false);
        assert_eq!(g.len(), 3);
        assert_eq!((g[0].name(), g[0].disputes.len()), ("b/data/y".into(), 2));
        assert_eq!(g[0].direction, Direction::Missed);
        entries[1].1.dismissed = true;
        entries[2].1.dismissed = true;
        let g = groups(entries.clone(), false);
        assert_eq!(g.len(), 2);
        assert!(g.iter().all(|g| g.disputes.len() == 1));
        assert_eq!(groups(entries, true)[0].disputes.len(), 2);
    }

    #[test]
    fn the_listing_names_groups_ids_and_notes() {
        let mut d = dispute("a", "x", Direction::Missed, 1_750_000_000);
        d.note = Some("I said partition by drive".into());
        let key = DisputeKey::new(1_750_000_000, 7);
        let g = groups(vec![(key, d)], false);
        let listing = text(&g);
        assert!(listing.contains("1 dispute in 1 group"), "{listing}");
        assert!(listing.contains("\"I covered it\" — Label x"), "{listing}");
        assert!(listing.contains("a/data/x"), "{listing}");
        assert!(listing.contains(&key.hex()), "{listing}");
        assert!(
            listing.contains("note: I said partition by drive"),
            "{listing}"
        );
        assert_eq!(select(&g, "a/data/x").len(), 1);
        assert_eq!(select(&g, &key.hex()).len(), 1);
        assert!(select(&g, "a/data/other").is_empty());
        assert_eq!(text(&[]), "No open disputes.\n");
    }

    #[test]
    fn an_excerpt_is_one_line_cut_at_a_word() {
        assert_eq!(excerpt("a\nb  c", 10), "a b c");
        assert_eq!(excerpt("hold back the last two weeks", 12), "hold back…");
    }
}
