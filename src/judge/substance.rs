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
/// any concept of this stage; `claimed` marks the words a concept or misconception was found
/// in. Asked only of an answer mostly about this stage: a clause in plain words names no stage
/// at all, so the answer around it tells which stage it is about, and a clause about another
/// one is void.
pub(super) fn unclaimed(
    setting: &Setting<'_>,
    answer: &Analysis,
    read: &Reading,
    claimed: &[bool],
) -> Vec<Range<usize>> {
    let words = &answer.tokens.words;
    answer
        .tokens
        .clauses()
        .filter(|clause| {
            let sentence = words[clause.start].sentence as usize;
            let reasoned = answer.shapes.get(sentence).is_some_and(|s| s.reasoned);
            let says = clause.clone().filter(|&i| answer.is_content(i)).count();
            reasoned
                && says >= CONTENT_WORDS
                && clause.len() - says >= GLUE_WORDS
                && clause.clone().all(|i| !read.void[i] && !claimed[i])
                && clause
                    .clone()
                    .any(|i| setting.case.given.is_specific(answer, i))
        })
        .collect()
}
