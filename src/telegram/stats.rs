//! `/stats` for the bot's admins: how the bot is used, in aggregate. Nothing in it
//! identifies a user.

use crate::interview::{InterviewKind, Phase};
use crate::present::{Doc, Span};
use crate::stage::Stage;

use super::record::UserRecord;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub users: usize,
    pub interviews_started: usize,
    pub interviews_finished: usize,
    pub drills_answered: usize,
    pub daily_subscribers: usize,
    /// Per stage: the sum of scores and how many.
    pub stage_scores: [(u64, u64); Stage::COUNT],
    /// Disputes waiting for review and dismissed, when they could be counted.
    pub disputes: Option<(usize, usize)>,
}

pub fn compute(records: impl IntoIterator<Item = UserRecord>) -> Stats {
    let mut s = Stats::default();
    for r in records {
        s.users += 1;
        if r.daily.at.is_some() {
            s.daily_subscribers += 1;
        }
        if let Phase::Interviewing(i) = &r.session.phase
            && i.kind == InterviewKind::Full
        {
            s.interviews_started += 1;
        }
        for f in &r.session.history {
            match f.kind {
                InterviewKind::Full => {
                    s.interviews_started += 1;
                    if !f.ended_early {
                        s.interviews_finished += 1;
                    }
                }
                InterviewKind::Drill => s.drills_answered += 1,
            }
            for stage in &f.stages {
                let (sum, n) = &mut s.stage_scores[stage.stage.index()];
                *sum += u64::from(stage.outcome.score());
                *n += 1;
            }
        }
    }
    s
}

pub fn render(s: &Stats) -> Doc {
    let mut doc = Doc::default();
    doc.para(vec![Span::Bold("Usage".to_owned())]);
    doc.pre(vec![
        format!("users                {:>7}", s.users),
        format!("interviews started   {:>7}", s.interviews_started),
        format!("interviews finished  {:>7}", s.interviews_finished),
        format!("daily answers        {:>7}", s.drills_answered),
        format!("daily subscribers    {:>7}", s.daily_subscribers),
    ]);
    if let Some((open, dismissed)) = s.disputes {
        doc.text(format!(
            "Disputed verdicts: {open} to review, {dismissed} dismissed. \
             `mlsd disputes` lists them."
        ));
    }
    doc.para(vec![Span::Bold("Average score by stage".to_owned())]);
    doc.pre(
        Stage::ALL
            .iter()
            .map(|stage| {
                let (sum, n) = s.stage_scores[stage.index()];
                let avg = if n == 0 {
                    "   –".to_owned()
                } else {
                    format!("{:>4}", (sum as f64 / n as f64).round())
                };
                format!("{:<32} {avg}  ({n})", stage.title())
            })
            .collect(),
    );
    doc
}
