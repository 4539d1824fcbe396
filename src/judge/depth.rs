//! Whether the replies to deeper questions hold up: at the levels that score them, a senior
//! candidate is expected to defend a choice with numbers, trade-offs or what happens when it
//! fails, not only to name it.

use crate::content::DepthAnswers;
use crate::matching::{Analysis, Shingles};

use super::reading::Reading;
use super::{Probe, Setting, Turn};

/// How many of `turns` answer a deeper question and hold up: the candidate's own words (not
/// read back, not an earlier answer again), long enough, reasoned, and engaging with a
/// number, a trade-off or a failure.
pub fn depth_replies_held(
    setting: &Setting<'_>,
    turns: &[Turn<'_>],
    rules: &DepthAnswers,
) -> usize {
    let mut own = Shingles::of(setting.earlier.iter().map(|(_, text)| text.as_str()));
    let mut held = 0;
    for turn in turns {
        let analysis = Analysis::new(turn.text, setting.lexicon);
        if matches!(turn.reply_to, Some(Probe::Depth { .. })) {
            let read = Reading::new(setting, &analysis, &own);
            let words: Vec<&str> = (0..analysis.len()).map(|i| analysis.word(i)).collect();
            let holds = read.echo.is_none()
                && words.len() >= rules.min_words
                && analysis.shapes.iter().any(|s| s.reasoned)
                && rules.engages(&words);
            held += usize::from(holds);
        }
        own.add_tokens(&analysis.tokens);
    }
    held
}
