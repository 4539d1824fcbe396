//! What an answer reasons about at this stage that no concept of the stage names: a sound
//! argument an interviewer did not have on their list still shows understanding.

use std::ops::Range;

use crate::matching::Analysis;

use super::Setting;
use super::reading::Reading;

/// A clause needs this many content words to say something...
const CONTENT_WORDS: usize = 4;
/// ...and this many other words to be a sentence, not a run of nouns.
const GLUE_WORDS: usize = 2;

/// The clauses (word ranges) of `answer` that reason, in the case's own terms, without naming
/// any concept of this stage, in an answer mostly about this stage. `claimed` marks the words
/// a concept or misconception was found in. A clause in plain words names no stage at all:
/// the answer around it tells which stage it is about, and a clause about another one is
/// void.
pub(super) fn unclaimed(
    setting: &Setting<'_>,
    answer: &Analysis,
    read: &Reading,
    claimed: &[bool],
) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    if !read.mostly_here {
        return found;
    }
    let words = &answer.tokens.words;
    let n = words.len();
    let mut start = 0;
    while start < n {
        let clause = words[start].clause;
        let mut end = start;
        while end < n && words[end].clause == clause {
            end += 1;
        }
        let range = start..end;
        start = end;
        let sentence = words[range.start].sentence as usize;
        let reasoned = answer.shapes.get(sentence).is_some_and(|s| s.reasoned);
        let glue = range.clone().filter(|&i| !answer.is_content(i)).count() >= GLUE_WORDS;
        if !reasoned || !glue || !range.clone().all(|i| !read.void[i] && !claimed[i]) {
            continue;
        }
        let says = range.clone().filter(|&i| answer.is_content(i)).count();
        let tied = range
            .clone()
            .any(|i| setting.case.given.is_specific(answer, i));
        if says >= CONTENT_WORDS && tied {
            found.push(range);
        }
    }
    found
}
