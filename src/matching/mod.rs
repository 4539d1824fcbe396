//! Text matching for the judge: normalise, tokenise, stem, and find the phrasings of
//! concepts in an answer with typo tolerance and negation scopes.
//!
//! Architecture invariant: this module knows nothing of case studies, stages or scores. It
//! finds mentions; deciding what they are worth is the judge's job.

mod analysis;
mod cues;
mod given;
mod index;
mod lexicon;
mod overlap;
mod profile;
mod recent;
mod room;
mod set;
mod signposts;
mod syntax;
mod text;

pub use analysis::{Analysis, Shape, Statements};
pub(crate) use cues::{compound_link, is_filler};
pub use given::Given;
pub use index::{
    CheckedPattern, Hit, Index, IndexBuilder, PatternChecker, Phrase, check_pattern,
    compile_pattern,
};
pub use lexicon::{Lexicon, Recognised, TermId, stems};
pub use overlap::{MIN_RUN, Shingles, answer_windows, give_back as give_back_windows, windows};
pub use profile::StageProfile;
pub use signposts::Signposts;
pub use text::{Tokens, normalize, tokenize};

/// Whether a word only ties others together ("the", "by", "would"): it says nothing about
/// which concept or stage an answer is about.
pub fn is_function_word(word: &str) -> bool {
    cues::is_glue(word) || cues::is_filler(word)
}
