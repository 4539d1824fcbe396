//! Choosing the next case: mostly from the hardest domain, sometimes from the others, unseen
//! cases first, never the same case twice in a row while there is another.

use crate::content::{Case, Script};
use crate::stage::Domain;

/// In how many picks out of 100 the hardest domain is favoured, when it is known.
const FAVOURED_PERCENT: u64 = 80;

/// Splits one random value into independent-looking ones (splitmix64).
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `past` holds the case ids of earlier interviews, oldest first.
pub fn pick_case<'s>(
    script: &'s Script,
    domain: Option<Domain>,
    past: &[&str],
    entropy: u64,
) -> Option<&'s Case> {
    let last = past.last().copied();
    let seen = |c: &Case| past.contains(&c.id.as_str());
    let all: Vec<&Case> = script.cases().iter().collect();
    let favoured = domain.map_or_else(
        || all.clone(),
        |d| all.iter().copied().filter(|c| c.in_domain(d)).collect(),
    );
    let others: Vec<&Case> = all
        .iter()
        .copied()
        .filter(|c| !favoured.iter().any(|f| f.id == c.id))
        .collect();
    let pool = if others.is_empty() || favoured.is_empty() {
        if favoured.is_empty() { all } else { favoured }
    } else if mix(entropy) % 100 < FAVOURED_PERCENT {
        favoured
    } else {
        others
    };
    let unseen: Vec<&Case> = pool.iter().copied().filter(|c| !seen(c)).collect();
    let not_last: Vec<&Case> = pool
        .iter()
        .copied()
        .filter(|c| Some(c.id.as_str()) != last)
        .collect();
    let choices = if !unseen.is_empty() {
        unseen
    } else if !not_last.is_empty() {
        not_last
    } else {
        pool
    };
    let n = choices.len() as u64;
    (n > 0).then(|| choices[(mix(entropy ^ 0xA5A5) % n) as usize])
}
