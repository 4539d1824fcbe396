//! Which of a stage's patterns match somewhere in an answer, in one pass of a lazy DFA.
//!
//! The regex crate's meta engine answers this too, but through its general overlapping
//! search, which stops at every match state to report one pattern at a time and pays for
//! that on every byte; and it compiles a reverse automaton that this question never uses.
//! Here the forward lazy DFA, configured as the meta engine configures it, walks the answer
//! once and collects every pattern of every match state it passes. Where the lazy DFA
//! cannot answer (its cache thrashes, or a Unicode word boundary meets a non-ASCII byte),
//! the PikeVM of the same automaton does, as in the meta engine: the answer is the same.

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::nfa::thompson::pikevm::{Cache as VmCache, PikeVM};
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchKind, PatternSet};

/// Per thread that judges: the lazy DFA's cache, and the PikeVM's once it was needed.
#[derive(Debug)]
struct Caches {
    dfa: Option<DfaCache>,
    vm: Option<VmCache>,
}

type MakeCaches = Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// Every pattern of a stage in one automaton that says which of them match.
pub(super) struct SetMatcher {
    dfa: Option<DFA>,
    vm: PikeVM,
    caches: Pool<Caches, MakeCaches>,
}

impl std::fmt::Debug for SetMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetMatcher")
            .field("patterns", &self.vm.pattern_len())
            .finish()
    }
}

impl SetMatcher {
    /// Compiles `patterns` (already in their runnable form) with the syntax `syntax`; the
    /// lazy DFA's cache is at most `dfa_bytes` per thread. `None` when they do not compile
    /// together.
    pub(super) fn new(
        patterns: &[String],
        syntax: regex_automata::util::syntax::Config,
        dfa_bytes: usize,
    ) -> Option<SetMatcher> {
        let nfa: NFA = thompson::Compiler::new()
            .syntax(syntax)
            .configure(
                thompson::Config::new()
                    // An empty match may split a UTF-8 character, as in `on_bytes_config`.
                    .utf8(false)
                    .nfa_size_limit(Some(1 << 24))
                    .shrink(false)
                    .which_captures(WhichCaptures::None),
            )
            .build_many(patterns)
            .ok()?;
        // The meta engine's own settings for its lazy DFA, so that it gives up (and the
        // PikeVM answers) where the meta engine's would.
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .starts_for_each_pattern(false)
                    .unicode_word_boundary(true)
                    .specialize_start_states(false)
                    .cache_capacity(dfa_bytes)
                    .skip_cache_capacity_check(false)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .ok();
        let vm = PikeVM::builder()
            .configure(PikeVM::config().match_kind(MatchKind::All))
            .build_from_nfa(nfa)
            .ok()?;
        let for_caches = dfa.clone();
        let make: MakeCaches = Box::new(move || Caches {
            dfa: for_caches.as_ref().map(DFA::create_cache),
            vm: None,
        });
        Some(SetMatcher {
            dfa,
            vm,
            caches: Pool::new(make),
        })
    }

    pub(super) fn pattern_len(&self) -> usize {
        self.vm.pattern_len()
    }

    /// Adds to `matched` every pattern that matches somewhere in `text`.
    pub(super) fn which_match(&self, text: &[u8], matched: &mut PatternSet) {
        let input = Input::new(text);
        let mut caches = self.caches.get();
        if let (Some(dfa), Some(cache)) = (&self.dfa, caches.dfa.as_mut())
            && scan(dfa, cache, &input, matched).is_some()
        {
            return;
        }
        let vm = &self.vm;
        let cache = caches.vm.get_or_insert_with(|| vm.create_cache());
        vm.which_overlapping_matches(cache, &input, matched);
    }
}

/// The lazy DFA's walk over all of `input`, adding the patterns of each match state it
/// passes; `None` when the DFA gave up (what it added so far still matched).
///
/// Most steps follow a transition already in the cache; only a step into a state not built
/// yet tells the cache how far the search got, which is all its give-up rule reads.
fn scan(
    dfa: &DFA,
    cache: &mut DfaCache,
    input: &Input<'_>,
    matched: &mut PatternSet,
) -> Option<()> {
    let text = input.haystack();
    let mut sid = dfa.start_state_forward(cache, input).ok()?;
    cache.search_start(0);
    let mut walk = || -> Option<()> {
        for (at, &byte) in text.iter().enumerate() {
            // A match state is tagged, and is left the slow way: it is rare.
            let cached = if sid.is_tagged() {
                None
            } else {
                Some(dfa.next_state_untagged(cache, sid, byte)).filter(|n| !n.is_unknown())
            };
            sid = match cached {
                Some(next) => next,
                None => {
                    cache.search_update(at);
                    dfa.next_state(cache, sid, byte).ok()?
                }
            };
            if sid.is_tagged() {
                if sid.is_match() {
                    add_matches(dfa, cache, sid, matched);
                } else if sid.is_dead() {
                    return Some(());
                } else if sid.is_quit() {
                    return None;
                }
            }
        }
        cache.search_update(text.len());
        sid = dfa.next_eoi_state(cache, sid).ok()?;
        if sid.is_match() {
            add_matches(dfa, cache, sid, matched);
        }
        Some(())
    };
    let done = walk();
    cache.search_finish(text.len());
    done
}

fn add_matches(dfa: &DFA, cache: &DfaCache, sid: LazyStateID, matched: &mut PatternSet) {
    for i in 0..dfa.match_len(cache, sid) {
        // Every pattern of the DFA has room in the set.
        let _ = matched.try_insert(dfa.match_pattern(cache, sid, i));
    }
}
