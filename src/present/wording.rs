//! What the interviewer's replies say, in words. Shared by the terminal and Telegram so the
//! two never drift apart; the medium only changes how commands and menus are offered.

use super::doc::span::{bold as b, italic as i, plain as t};
use crate::interview::{
    Clarification, Command, Credited, Notice, Remark, Reply, StageScore, Stance, Summary,
};
use crate::level::Level;
use crate::stage::{Domain, DomainChoice, Stage};

use super::doc::{Doc, Span};

/// Where the words will be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    Terminal,
    /// Menus become buttons, so they are not spelled out in the text.
    Telegram,
}

/// A ten-cell bar for a 0–100 score, or for progress through the stages.
pub fn bar(filled_of_10: usize) -> String {
    let n = filled_of_10.min(10);
    format!("{}{}", "█".repeat(n), "░".repeat(10 - n))
}

fn score_bar(score: u8) -> String {
    bar((usize::from(score) + 5) / 10)
}

pub fn stage_heading(stage: Stage) -> String {
    format!("{}/{} · {}", stage.number(), Stage::COUNT, stage.title())
}

/// Labels may hold commas and "and" themselves, so they are separated by semicolons.
fn join_labels(labels: &[String]) -> String {
    labels.join("; ")
}

/// "Time-based split" → "time-based split", but "pCTR" and "GBDT" stay as written.
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => first
            .to_lowercase()
            .chain(std::iter::once(second))
            .chain(chars)
            .collect(),
        _ => label.to_owned(),
    }
}

/// Ways to open an acknowledgement; the engine picks one so they vary.
const OPENERS: [&str; 8] = [
    "Good:",
    "Right:",
    "Yes:",
    "That's the point:",
    "Good call:",
    "Agreed:",
    "Makes sense:",
    "Noted:",
];

/// "Label (“their words”)": the candidate sees what earned the credit.
fn join_credited(items: &[Credited]) -> String {
    items
        .iter()
        .map(|c| match &c.quote {
            Some(q) => format!("{} (“{}”)", c.label, q),
            None => c.label.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// "Label — “their words”", one per line of a stage's feedback.
fn credited_line(c: &Credited) -> String {
    match &c.quote {
        Some(q) => format!("{} — “{}”", c.label, q),
        None => c.label.clone(),
    }
}

/// The options of the domain menu, numbered as the terminal shows them.
pub fn domain_options() -> [DomainChoice; 4] {
    [
        DomainChoice::Domain(Domain::Nlp),
        DomainChoice::Domain(Domain::Cv),
        DomainChoice::Domain(Domain::SearchRecsys),
        DomainChoice::NotSure,
    ]
}

pub fn render(reply: &Reply, medium: Medium) -> Doc {
    let mut doc = Doc::default();
    match reply {
        Reply::DomainQuestion { current } => {
            doc.para(vec![
                b("Which domain do you find hardest?"),
                t(" I will pick most of your case studies from it."),
            ]);
            if medium == Medium::Terminal {
                let lines = domain_options()
                    .iter()
                    .enumerate()
                    .map(|(n, choice)| format!("  {}. {}", n + 1, choice.title()))
                    .collect();
                doc.pre(lines);
                match current {
                    Some(c) => doc.text(format!(
                        "Type a number or a name. Press Enter to keep {}.",
                        c.title()
                    )),
                    None => doc.text("Type a number or a name."),
                };
            } else if let Some(c) = current {
                doc.text(format!("Right now it is {}.", c.title()));
            }
        }
        Reply::DomainSet { choice } => {
            let text = match choice {
                DomainChoice::Domain(d) => format!(
                    "Noted: {}. Most cases will come from it, with an occasional one from elsewhere.",
                    d.title()
                ),
                DomainChoice::NotSure => {
                    "Noted: not sure yet. I will mix cases from every domain.".to_owned()
                }
            };
            doc.text(text);
        }
        Reply::LevelQuestion { current } => {
            doc.para(vec![
                b("Which level are you interviewing for?"),
                t(
                    " Senior and staff candidates get deeper questions and fewer hints, and are \
                   scored on how they hold up.",
                ),
            ]);
            if medium == Medium::Terminal {
                let lines = Level::ALL
                    .iter()
                    .enumerate()
                    .map(|(n, level)| format!("  {}. {}", n + 1, level.title()))
                    .collect();
                doc.pre(lines);
                doc.text(format!(
                    "Type a number or a name. Press Enter for {}.",
                    current.unwrap_or_default().title().to_lowercase()
                ));
            } else if let Some(c) = current {
                doc.text(format!("Right now it is {}.", c.title().to_lowercase()));
            }
        }
        Reply::LevelSet { level, running } => {
            let what = match level {
                Level::Mid => {
                    "I will keep follow-ups to the essentials, and /hint helps as \
                    often as you need."
                }
                Level::Senior => {
                    "Expect deeper questions about cost, scale and what breaks, \
                    and fewer hints; how you hold up counts in the score."
                }
                Level::Staff => {
                    "Expect several deeper questions per stage about cost, scale \
                    and failure, and one hint per stage; how you hold up counts in the score."
                }
            };
            doc.text(format!("Noted: {}. {what}", level.title().to_lowercase()));
            if let Some(running) = running {
                doc.text(format!(
                    "The interview in progress stays at {}; the new level applies from the next one.",
                    running.title().to_lowercase()
                ));
            }
        }
        Reply::Terms { level, minutes } => {
            let mut spans = Vec::new();
            if *level != Level::Mid {
                spans.push(b(format!("{} level: ", level.title())));
                spans.push(t(
                    "once you cover the basics, I will push on sizing, trade-offs and failure. ",
                ));
            }
            if let Some(m) = minutes {
                spans.push(b(format!("Clock: {m} minutes. ")));
                spans.push(t(
                    "I will keep the pace as an interviewer would, and move us on when a stage \
                     runs long.",
                ));
            }
            doc.para(spans);
        }
        Reply::Nudge { minutes_left, next } => {
            let left = match minutes_left {
                0 => "Less than a minute left".to_owned(),
                1 => "About a minute left".to_owned(),
                m => format!("About {m} minutes left"),
            };
            let then = match next {
                Some(stage) => format!("let's move to {}", stage_topic(*stage)),
                None => "let's wrap up".to_owned(),
            };
            doc.para(vec![b(format!("{left}: {then}."))]);
        }
        Reply::TimeUp => {
            doc.para(vec![b(
                "We are out of time, so let's stop here, as the interview would. Here is how it went.",
            )]);
        }
        Reply::DepthResult {
            level,
            asked,
            held,
            expected,
            share,
        } => {
            let level = level.title().to_lowercase();
            let head = if *asked == 0 {
                format!(
                    "Deeper questions: we did not get past the basics to any of the {expected} I expect at {level} level. "
                )
            } else {
                format!("Deeper questions: {held} of {expected} held up. ")
            };
            doc.para(vec![
                b(head),
                t(format!(
                    "They carry {share}% of the stage: a reply holds up when it gives a reason \
                     and engages with a number, a trade-off or a failure."
                )),
            ]);
        }
        Reply::CaseIntro {
            title,
            domains,
            scenario,
            ..
        } => {
            let domains: Vec<&str> = domains.iter().map(|d| d.title()).collect();
            doc.para(vec![
                b(format!("Case study: {title}")),
                t(" · "),
                i(domains.join(", ")),
            ]);
            for para in scenario.split("\n\n") {
                doc.text(para.trim());
            }
            doc.text(
                "We will go through the seven stages of the framework. Answer each question in \
                 your own words, as you would out loud: say what you would do and why.",
            );
        }
        Reply::Question { stage, text } => {
            let progress = bar((stage.number() * 10) / Stage::COUNT);
            doc.para(vec![b(stage_heading(*stage)), t(format!("  {progress}"))]);
            doc.text(text.clone());
        }
        Reply::Answers { items } => answers_doc(&mut doc, items),
        Reply::Feedback {
            acknowledged,
            named_only,
            corrected,
            opener,
        } => {
            if !acknowledged.is_empty() {
                let open = OPENERS[usize::from(*opener) % OPENERS.len()];
                doc.para(vec![
                    b(open),
                    t(" "),
                    t(join_credited(acknowledged)),
                    t("."),
                ]);
            }
            let mut items = Vec::new();
            if !named_only.is_empty() {
                items.push(vec![
                    t("Named, not yet explained: "),
                    t(join_credited(named_only)),
                ]);
            }
            if !corrected.is_empty() {
                items.push(vec![t("Corrected: "), t(join_labels(corrected))]);
            }
            doc.bullets(items);
        }
        Reply::AlreadyCovered { concepts } => {
            doc.para(vec![
                i("You already covered "),
                t(join_credited(concepts)),
                i(" earlier: that counts here. Build on it rather than repeat it."),
            ]);
        }
        Reply::Remark { remark } => {
            let text = match remark {
                Remark::ReadBack => "That is the case read back to me, not an answer: it earns \
                    nothing. Tell me what you would ask or do, in your own words."
                    .to_owned(),
                Remark::Repeated => "You said that already, word for word; it counts once. \
                    Add something new instead."
                    .to_owned(),
                Remark::Tour { stage } => format!(
                    "That touches every stage at once, a line each. Let's stay with {}: what \
                     exactly would you do here, and why?",
                    stage.title().to_lowercase()
                ),
                Remark::Elsewhere { about, here } => format!(
                    "That is mostly about {}, {}, so it earns little here. The question is \
                     about {}: {}",
                    about.title().to_lowercase(),
                    if about > here {
                        "which comes later"
                    } else {
                        "which we have done"
                    },
                    here.title().to_lowercase(),
                    if *here == Stage::Requirements {
                        "what would you ask or pin down first, for this case?"
                    } else {
                        "what would you do there, for this case?"
                    }
                ),
                Remark::Designing => "That goes straight to the design. At this stage an \
                    interviewer wants your questions first: what would you ask or pin down \
                    before building anything, and why does it matter for this case?"
                    .to_owned(),
                Remark::Generic => "That would fit any system: nothing in it is about this \
                    one, so it counts as naming the ideas, not applying them. Tie it to this \
                    case: its users, its numbers, what goes wrong here."
                    .to_owned(),
            };
            doc.para(vec![i(text)]);
        }
        Reply::Probe { text } => {
            doc.para(vec![b("Follow-up: "), t(text.clone())]);
        }
        Reply::Deeper { label } => {
            doc.para(vec![
                b("Follow-up: "),
                t(format!(
                    "Let's push on {}. What does that choice cost you at this case's numbers, \
                     what would break first, and what would make you choose differently?",
                    lower_first(label)
                )),
            ]);
        }
        Reply::AskWhy { labels } => {
            doc.para(vec![
                b("Follow-up: "),
                t(match labels.as_slice() {
                    [one] => format!(
                        "You mentioned \"{one}\" without saying why. Why does it matter for \
                         this problem, and what exactly would you do?"
                    ),
                    _ => format!(
                        "You listed these without explaining them: {}. Take them one at a \
                         time: why does each matter for this problem, and what exactly would \
                         you do?",
                        join_labels(labels)
                    ),
                }),
            ]);
        }
        Reply::StageResult {
            stage,
            model_answer,
            ..
        } => {
            if let Some(details) = result_details(reply) {
                doc.append(details);
            }
            doc.append(strong_answer(*stage, model_answer, false));
        }
        Reply::Skipped {
            stage,
            model_answer,
        } => {
            doc.para(vec![b(format!("Skipped {}.", stage.title()))]);
            doc.append(strong_answer(*stage, model_answer, false));
        }
        Reply::Hint { text } => {
            doc.para(vec![b("Hint: "), t(text.clone())]);
        }
        Reply::DrillIntro {
            title,
            stage,
            setting,
        } => {
            doc.para(vec![b("Daily practice"), t(" · "), i(title.clone())]);
            doc.text(setting.clone());
            doc.text(format!(
                "One question today, from stage {}/{}: {}. Answer as you would in the interview; \
                 I will ask one follow-up at most.",
                stage.number(),
                Stage::COUNT,
                stage.title()
            ));
        }
        Reply::DrillDone { score } => {
            doc.para(vec![b(format!("That's today's practice: {score}/100."))]);
            let next = match medium {
                Medium::Terminal => "Run `mlsd practice` for a full mock interview.",
                Medium::Telegram => "Send /interview for a full mock interview.",
            };
            doc.text(next);
        }
        Reply::Summary(summary) => summary_doc(&mut doc, summary, medium),
        Reply::Notice(notice) => notice_doc(&mut doc, notice, medium),
        Reply::Help => help_doc(&mut doc, medium),
    }
    doc
}

/// Own points quoted in a stage's result; each earns the same little credit, and a few show
/// what earned it.
const OWN_POINTS_QUOTED: usize = 3;

/// A stage's result in full: the score, every concept with the words that earned it, what
/// was missing and what to watch out for. `None` for other replies.
pub fn result_details(reply: &Reply) -> Option<Doc> {
    let Reply::StageResult {
        stage,
        score,
        explained,
        named_only,
        own_points,
        missing,
        misconceptions,
        ..
    } = reply
    else {
        return None;
    };
    let mut doc = Doc::default();
    doc.para(vec![
        b(format!("{}: {score}/100", stage.title())),
        t(format!("  {}", score_bar(*score))),
    ]);
    let mut items = Vec::new();
    for c in explained {
        items.push(vec![t("✓ "), t(credited_line(c))]);
    }
    for c in named_only {
        items.push(vec![t("~ Named without a reason: "), t(credited_line(c))]);
    }
    for quote in own_points.iter().take(OWN_POINTS_QUOTED) {
        items.push(vec![t("+ Your own point: "), t(format!("“{quote}”"))]);
    }
    if !missing.is_empty() {
        items.push(vec![
            t("✗ An interviewer would also want: "),
            t(join_labels(missing)),
        ]);
    }
    for m in misconceptions {
        items.push(vec![t("⚠ Watch out: "), t(credited_line(m))]);
    }
    doc.bullets(items);
    Some(doc)
}

/// A stage's result in a few lines, for a phone: the score, counts, the first few things
/// missing and what to watch out for; the details wait behind a button. `None` for replies
/// that are not a stage's end.
pub fn result_brief(reply: &Reply) -> Option<Doc> {
    /// Missing concepts named in the brief; the rest are in the details.
    const MISSING_NAMED: usize = 3;
    let mut doc = Doc::default();
    match reply {
        Reply::StageResult {
            stage,
            score,
            explained,
            named_only,
            own_points,
            missing,
            misconceptions,
            ..
        } => {
            doc.para(vec![
                b(format!("{}: {score}/100", stage.title())),
                t(format!("  {}", score_bar(*score))),
            ]);
            let mut counts = vec![format!("✓ {} explained", explained.len())];
            if !named_only.is_empty() {
                counts.push(format!("~ {} named without a reason", named_only.len()));
            }
            if !own_points.is_empty() {
                let points = if own_points.len() == 1 {
                    "point"
                } else {
                    "points"
                };
                counts.push(format!("+ {} own {points}", own_points.len()));
            }
            if !missing.is_empty() {
                counts.push(format!("✗ {} missing", missing.len()));
            }
            doc.text(counts.join(" · "));
            if !missing.is_empty() {
                let mut named = join_labels(&missing[..missing.len().min(MISSING_NAMED)]);
                if missing.len() > MISSING_NAMED {
                    named.push_str(&format!(" and {} more", missing.len() - MISSING_NAMED));
                }
                doc.para(vec![t("An interviewer would also want: "), t(named)]);
            }
            if !misconceptions.is_empty() {
                let labels: Vec<String> = misconceptions.iter().map(|m| m.label.clone()).collect();
                doc.para(vec![t("⚠ Watch out: "), t(join_labels(&labels))]);
            }
        }
        Reply::Skipped { stage, .. } => {
            doc.para(vec![b(format!("Skipped {}.", stage.title()))]);
        }
        _ => return None,
    }
    Some(doc)
}

/// A stage's model answer; `titled` names the stage, for when it is shown on its own.
pub fn strong_answer(stage: Stage, model_answer: &str, titled: bool) -> Doc {
    let mut doc = Doc::default();
    let heading = if titled {
        format!("A strong answer ({}): ", stage.title())
    } else {
        "A strong answer: ".to_owned()
    };
    doc.para(vec![b(heading), t(model_answer.to_owned())]);
    doc
}

/// The concepts a summary asks to review, as their own block.
pub fn summary_review(s: &Summary) -> Doc {
    let mut doc = Doc::default();
    if !s.review.is_empty() {
        doc.para(vec![b("Concepts to review:")]);
        doc.bullets(
            s.review
                .iter()
                .map(|(stage, c)| vec![t(c.label.clone()), i(format!(" ({})", stage.title()))])
                .collect(),
        );
    }
    doc
}

/// The interviewer's side of the requirements dialogue, in one reply: a single answer as a
/// sentence, several as a list the candidate can scan.
fn answers_doc(doc: &mut Doc, items: &[Clarification]) {
    let said = |c: &Clarification| match c {
        Clarification::Fact { stance, text, .. } => match stance {
            Stance::Asked => text.clone(),
            Stance::Confirmed => format!("Right, {}", lower_first(text)),
            Stance::Corrected { said } => {
                format!("Not {}: {}", said.join(" or "), lower_first(text))
            }
            Stance::Assumed => format!("As for your assumption: {}", lower_first(text)),
        },
        Clarification::Open { questions } => {
            let quoted: Vec<String> = questions.iter().map(|q| format!("“{q}”")).collect();
            format!(
                "I have nothing to add on {}: make a reasonable assumption, say it, and move on.",
                quoted.join(" and ")
            )
        }
    };
    let label = |c: &Clarification| match c {
        Clarification::Fact { label, .. } => label.clone(),
        Clarification::Open { .. } => "Anything else".to_owned(),
    };
    match items {
        [] => {}
        [one] => {
            doc.para(vec![i("Interviewer: "), t(said(one))]);
        }
        _ => {
            let asked = items.iter().any(|c| {
                matches!(
                    c,
                    Clarification::Fact {
                        stance: Stance::Asked,
                        ..
                    } | Clarification::Open { .. }
                )
            });
            let assumed = items.iter().any(|c| {
                matches!(
                    c,
                    Clarification::Fact {
                        stance: Stance::Confirmed | Stance::Corrected { .. } | Stance::Assumed,
                        ..
                    }
                )
            });
            let lead = match (asked, assumed) {
                (true, true) => "To your questions and assumptions:",
                (false, true) => "On your assumptions:",
                _ => "To your questions:",
            };
            doc.para(vec![i("Interviewer: "), t(lead)]);
            doc.bullets(
                items
                    .iter()
                    .map(|c| vec![b(label(c)), t(" — "), t(said(c))])
                    .collect(),
            );
        }
    }
}

fn summary_doc(doc: &mut Doc, s: &Summary, medium: Medium) {
    let heading = if s.ended_early {
        format!("Summary: {} (ended early)", s.title)
    } else {
        format!("Summary: {}", s.title)
    };
    doc.para(vec![b(heading)]);
    let mut terms = format!("Level: {}", s.level.title().to_lowercase());
    if let Some(m) = s.minutes {
        let used: u32 = s.times.iter().map(|(_, secs)| secs).sum();
        terms.push_str(&format!(" · timed: {m} minutes, {} used", clock_time(used)));
    }
    doc.text(format!("{terms}."));
    let width = Stage::ALL
        .iter()
        .map(|s| s.title().len())
        .max()
        .unwrap_or(0);
    let lines = s
        .stages
        .iter()
        .map(|(stage, score)| {
            let right = match score {
                StageScore::Scored(n) => format!("{} {n:>3}", score_bar(*n)),
                StageScore::Skipped => format!("{} skipped", bar(0)),
                StageScore::NotReached => "not reached".to_owned(),
            };
            let time = s
                .minutes
                .and(s.times.iter().find(|(st, _)| st == stage))
                .map(|(_, secs)| format!("  {:>5}", clock_time(*secs)))
                .unwrap_or_default();
            format!(
                "{}. {:<width$}  {right:<14}{time}",
                stage.number(),
                stage.title()
            )
            .trim_end()
            .to_owned()
        })
        .collect();
    doc.pre(lines);
    if s.ran_out
        && let Some((stage, _)) = s
            .stages
            .iter()
            .find(|(_, sc)| *sc == StageScore::NotReached)
    {
        doc.text(format!(
            "Time ran out before {}: next time, move on sooner from the stages that ran long.",
            stage_topic(*stage)
        ));
    }
    match s.overall {
        Some(overall) => doc.para(vec![b(format!("Overall: {overall}/100"))]),
        None => doc.text("No stage was answered, so there is no score this time."),
    };
    let score_of = |stage: Stage| {
        s.stages
            .iter()
            .find(|(st, _)| *st == stage)
            .map(|(_, sc)| match sc {
                StageScore::Scored(n) => *n,
                _ => 0,
            })
    };
    let mut strengths = Vec::new();
    if let Some(st) = s.strongest {
        strengths.push(t(format!(
            "Strongest: {} ({}).",
            st.title(),
            score_of(st).unwrap_or(0)
        )));
    }
    if let Some(st) = s.weakest {
        strengths.push(t(format!(
            " Weakest: {} ({}).",
            st.title(),
            score_of(st).unwrap_or(0)
        )));
    }
    doc.para(strengths);
    doc.append(summary_review(s));
    if !s.corrected.is_empty() {
        doc.para(vec![b(
            "You corrected yourself on these; next time lead with the right idea:",
        )]);
        doc.bullets(
            s.corrected
                .iter()
                .map(|(stage, label)| {
                    vec![
                        t(format!("first proposed: {label}")),
                        i(format!(" ({})", stage.title())),
                    ]
                })
                .collect(),
        );
    }
    match medium {
        Medium::Terminal => doc.text("Run `mlsd practice` again for another case."),
        Medium::Telegram => {
            doc.text("Send /interview for another case, or /progress to see how you are doing.")
        }
    };
}

fn notice_doc(doc: &mut Doc, notice: &Notice, medium: Medium) {
    let start = match medium {
        Medium::Terminal => "run `mlsd practice`",
        Medium::Telegram => "send /interview",
    };
    match notice {
        Notice::NoInterview => {
            doc.text(format!(
                "There is no interview running. To start one, {start}."
            ));
        }
        Notice::AlreadyInterviewing { title, stage } => {
            doc.text(format!(
                "You are in the middle of {title}, at {}. Keep answering, or /end it first.",
                stage_heading(*stage)
            ));
        }
        Notice::UnknownCase { id, known } => {
            doc.para(vec![
                t("There is no case called "),
                Span::Code(id.clone()),
                t(". The cases are:"),
            ]);
            doc.bullets(known.iter().map(|k| vec![Span::Code(k.clone())]).collect());
        }
        Notice::NotAnAnswer => {
            doc.text("I need a written answer to judge. Type it out, or use /hint or /skip.");
        }
        Notice::Truncated { kept_chars } => {
            doc.text(format!(
                "That is a long answer; I read the first {kept_chars} characters. In a real \
                 interview, shorter and structured lands better."
            ));
        }
        Notice::NoMoreHints => {
            doc.text("No more hints for this stage: you have touched on everything I would hint at. Answer, or /skip.");
        }
        Notice::DomainNotUnderstood | Notice::LevelNotUnderstood => {
            doc.text("I did not catch that.");
        }
        Notice::HintLimit { level, hints } => {
            let n = match hints {
                0 => "no hints".to_owned(),
                1 => "one hint".to_owned(),
                n => format!("{n} hints"),
            };
            doc.text(format!(
                "At {} level you get {n} per stage, and that is it for this one. Go with what \
                 you have, or /skip.",
                level.title().to_lowercase()
            ));
        }
        Notice::TimeLeft { minutes } => {
            doc.text(format!(
                "The clock kept running: about {minutes} minutes left."
            ));
        }
        Notice::CaseUnavailable { id } => {
            doc.text(format!(
                "The case `{id}` is no longer available, so that interview is closed; what you \
                 finished is kept in your history. To start another, {start}."
            ));
        }
        Notice::Resumed { title } => {
            doc.text(format!("Welcome back. We were in the middle of {title}."));
        }
        Notice::DailyContinue => {
            doc.para(vec![
                b("Daily practice: "),
                t("you are in the middle of an interview, so today's practice is to carry on with it."),
            ]);
        }
        Notice::NoCases => {
            doc.text("No case studies are loaded, so there is nothing to interview on. Check the dialogue files with `mlsd lint`.");
        }
    }
}

/// A stage as an interviewer names it in passing: "let's move to serving".
fn stage_topic(stage: Stage) -> &'static str {
    match stage {
        Stage::Requirements => "requirements",
        Stage::Framing => "framing the problem",
        Stage::Data => "the data",
        Stage::Model => "the model",
        Stage::Evaluation => "evaluation",
        Stage::Serving => "serving",
        Stage::Monitoring => "monitoring",
    }
}

/// Seconds as minutes and seconds: "4:05".
fn clock_time(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The in-interview commands, as a bullet list.
pub fn command_items() -> Vec<Vec<Span>> {
    Command::ALL
        .iter()
        .map(|c| {
            vec![
                Span::Code(format!("/{}", c.name())),
                t(format!(" {}", c.description())),
            ]
        })
        .collect()
}

fn help_doc(doc: &mut Doc, medium: Medium) {
    doc.para(vec![b("During an interview")]);
    let mut items = command_items();
    if medium == Medium::Terminal {
        // On Telegram this is a command of the bot's own, listed with the others by /help.
        items.push(vec![
            Span::Code("/dispute".to_owned()),
            t(" tell us a verdict was wrong: a concept you did cover, or credit you didn't earn"),
        ]);
    }
    doc.bullets(items);
    if medium == Medium::Terminal {
        doc.text("Everything else you type is your answer. Ctrl-D or Ctrl-C leaves; your progress is saved and the next `mlsd practice` resumes it.");
    }
}
