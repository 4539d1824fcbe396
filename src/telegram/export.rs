//! `/export`: a user's whole history as a Markdown document they can keep.

use std::fmt::Write;

use crate::interview::{Finished, Session, StageOutcome};

use super::record::OwnDispute;

pub fn markdown(session: &Session, disputes: &[OwnDispute], now: i64) -> String {
    let mut out = history(session, now);
    if !disputes.is_empty() {
        out.push_str("\n## Verdicts you disputed\n\n");
        for own in disputes {
            let d = &own.dispute;
            let _ = writeln!(
                out,
                "- {}, `{}`, {}: {} — \"{}\"{}",
                date(d.at),
                d.case,
                d.stage.title(),
                d.label,
                d.direction.claim(),
                d.note
                    .as_ref()
                    .map(|n| format!(" (your note: {n})"))
                    .unwrap_or_default()
            );
        }
    }
    out
}

fn history(session: &Session, now: i64) -> String {
    let mut out = String::from("# Your mlsd practice history\n\n");
    let _ = writeln!(out, "Exported {}.\n", date(now));
    if let Some(domain) = session.domain {
        let _ = writeln!(out, "Hardest domain: {}.\n", domain.title());
    }
    if let Some(interview) = session.interview() {
        let _ = writeln!(
            out,
            "In progress: `{}`, at stage {} of 7 ({}).\n",
            interview.case,
            interview.stage.number(),
            interview.stage.title()
        );
    }
    if session.history.is_empty() {
        out.push_str("No finished interviews yet.\n");
        return out;
    }
    for (n, finished) in session.history.iter().enumerate() {
        interview(&mut out, n + 1, finished);
    }
    out
}

fn interview(out: &mut String, n: usize, f: &Finished) {
    let _ = writeln!(out, "## {n}. {}\n", f.title);
    let _ = writeln!(
        out,
        "Case `{}`, {}{}, {} level{}.\n",
        f.case,
        date(f.finished_at),
        if f.ended_early { ", ended early" } else { "" },
        f.level.title().to_lowercase(),
        f.minutes
            .map(|m| format!(", timed ({m} minutes)"))
            .unwrap_or_default()
    );
    for record in &f.stages {
        let _ = writeln!(
            out,
            "### {} — {}/100{}\n",
            record.stage.title(),
            record.outcome.score(),
            record
                .seconds
                .filter(|_| f.minutes.is_some())
                .map(|s| format!(" ({}:{:02})", s / 60, s % 60))
                .unwrap_or_default()
        );
        match &record.outcome {
            StageOutcome::Answered {
                answers,
                explained,
                named_only,
                missing,
                misconceptions,
                ..
            } => {
                for answer in answers {
                    for line in answer.lines() {
                        let _ = writeln!(out, "> {line}");
                    }
                    out.push('\n');
                }
                list(out, "Explained", explained.iter().map(|c| c.label.as_str()));
                list(
                    out,
                    "Named without a reason",
                    named_only.iter().map(|c| c.label.as_str()),
                );
                list(out, "Missing", missing.iter().map(|c| c.label.as_str()));
                list(
                    out,
                    "Misconceptions",
                    misconceptions.iter().map(String::as_str),
                );
            }
            StageOutcome::Skipped { .. } => out.push_str("Skipped.\n\n"),
        }
    }
}

fn list<'a>(out: &mut String, title: &str, items: impl Iterator<Item = &'a str>) {
    let items: Vec<&str> = items.collect();
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title}:\n");
    for item in items {
        let _ = writeln!(out, "- {item}");
    }
    out.push('\n');
}

/// A UTC date for humans, from unix seconds.
pub fn date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).map_or_else(
        || "an unknown date".to_owned(),
        |d| d.format("%Y-%m-%d").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_gregorian() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_700_000_000), "2023-11-14");
        assert_eq!(date(951_782_400), "2000-02-29");
    }

    #[test]
    fn an_empty_history_says_so() {
        let md = markdown(&Session::default(), &[], 0);
        assert!(md.starts_with("# Your mlsd practice history"));
        assert!(md.contains("No finished interviews yet."));
    }
}
