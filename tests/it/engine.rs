//! The interview engine's transitions, through its public API on the real reference case.

use mlsd::content::Script;
use mlsd::interview::{
    Clarification, Command, Config, Context, Event, Notice, Phase, Reply, Session, StageOutcome,
    StageScore, Stance, step,
};
use mlsd::present::{Medium, render};
use mlsd::stage::{Domain, DomainChoice, Stage};

use crate::util::ad_click_script;

const STRONG_REQUIREMENTS: &str = "What's the business objective, revenue per click? How many \
    daily active users and what peak QPS? What's the latency budget for the ads call? Do we log \
    impressions and clicks, and can users hide ads? How often do new campaigns launch? Any \
    privacy limits on the data we can use? Where do ads appear, only in the feed?";

fn ctx(now: i64) -> Context {
    Context {
        now,
        entropy: 7,
        config: Config::default(),
    }
}

struct Run<'a> {
    script: &'a Script,
    session: Session,
    now: i64,
}

impl<'a> Run<'a> {
    fn new(script: &'a Script) -> Self {
        Run {
            script,
            session: Session::default(),
            now: 1_700_000_000,
        }
    }

    fn send(&mut self, event: Event) -> Vec<Reply> {
        self.now += 60;
        let s = step(
            self.script,
            std::mem::take(&mut self.session),
            event,
            &ctx(self.now),
        );
        self.session = s.session;
        s.replies
    }

    fn text(&mut self, text: &str) -> Vec<Reply> {
        self.send(Event::Text(text.to_owned()))
    }

    fn command(&mut self, c: Command) -> Vec<Reply> {
        self.send(Event::Command(c))
    }

    fn stage(&self) -> Option<Stage> {
        self.session.interview().map(|i| i.stage)
    }

    fn begin(&mut self) -> Vec<Reply> {
        self.send(Event::Begin {
            case: Some("ad-click-prediction".into()),
        })
    }
}

fn question_of(replies: &[Reply]) -> Option<Stage> {
    replies.iter().find_map(|r| match r {
        Reply::Question { stage, .. } => Some(*stage),
        _ => None,
    })
}

fn has_probe(replies: &[Reply]) -> bool {
    replies
        .iter()
        .any(|r| matches!(r, Reply::Probe { .. } | Reply::AskWhy { .. }))
}

#[test]
fn beginning_a_case_introduces_it_and_asks_the_first_question() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    let replies = run.begin();
    assert!(matches!(&replies[0], Reply::CaseIntro { id, .. } if id == "ad-click-prediction"));
    assert_eq!(question_of(&replies), Some(Stage::Requirements));
    assert_eq!(run.stage(), Some(Stage::Requirements));
}

#[test]
fn a_strong_answer_moves_on_without_a_probe() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    let replies = run.text(STRONG_REQUIREMENTS);
    assert!(!has_probe(&replies), "{replies:#?}");
    let result = replies.iter().find_map(|r| match r {
        Reply::StageResult { score, .. } => Some(*score),
        _ => None,
    });
    assert!(result.is_some_and(|s| s >= 80), "{result:?}");
    assert_eq!(question_of(&replies), Some(Stage::Framing));
    // The interviewer answered the clarifying questions with the scenario's numbers.
    let replied = replies.iter().any(|r| {
        matches!(r, Reply::Answers { items } if items.iter().any(
            |c| matches!(c, Clarification::Fact { text, .. } if text.contains("500M"))))
    });
    assert!(replied, "{replies:#?}");
    // Gathered in one reply, not one reply per question.
    let gathered = replies
        .iter()
        .filter(|r| matches!(r, Reply::Answers { .. }))
        .count();
    assert_eq!(gathered, 1, "{replies:#?}");
}

/// What the interviewer said about the requirement labelled `label`, in the latest replies.
fn stance_on<'a>(replies: &'a [Reply], label: &str) -> Option<&'a Stance> {
    replies.iter().find_map(|r| match r {
        Reply::Answers { items } => items.iter().find_map(|c| match c {
            Clarification::Fact {
                label: l, stance, ..
            } if l.starts_with(label) => Some(stance),
            _ => None,
        }),
        _ => None,
    })
}

#[test]
fn a_stated_assumption_is_confirmed_or_corrected_not_answered_as_a_question() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    let replies = run.text(
        "I'll assume 100M daily active users. The latency budget is probably around 50 ms \
         for the ads call. What's the business goal?",
    );
    assert_eq!(
        stance_on(&replies, "Scale"),
        Some(&Stance::Corrected {
            said: vec!["100M".to_owned()]
        }),
        "{replies:#?}"
    );
    assert_eq!(
        stance_on(&replies, "Latency"),
        Some(&Stance::Confirmed),
        "{replies:#?}"
    );
    assert_eq!(
        stance_on(&replies, "Business objective"),
        Some(&Stance::Asked),
        "{replies:#?}"
    );
    let words: String = replies
        .iter()
        .map(|r| render(r, Medium::Terminal).to_plain())
        .collect();
    assert!(words.contains("Not 100M: about 500M"), "{words}");
}

#[test]
fn a_list_of_bare_terms_gets_why_not_the_cases_facts_but_terse_questions_get_answers() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    let salad = run.text("business objective scale latency budget privacy freshness qps dau");
    assert_eq!(stance_on(&salad, "Latency"), None, "{salad:#?}");
    assert!(
        salad.iter().any(|r| matches!(r, Reply::AskWhy { .. })),
        "{salad:#?}"
    );

    let mut run = Run::new(&script);
    run.begin();
    let terse = run.text("latency? scale? privacy?");
    assert_eq!(
        stance_on(&terse, "Latency"),
        Some(&Stance::Asked),
        "{terse:#?}"
    );
}

#[test]
fn a_question_the_case_cannot_answer_is_admitted_not_ignored() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    let replies = run.text("What's the peak QPS? Is the team based in Berlin?");
    let open = replies.iter().find_map(|r| match r {
        Reply::Answers { items } => items.iter().find_map(|c| match c {
            Clarification::Open { questions } => Some(questions.clone()),
            _ => None,
        }),
        _ => None,
    });
    assert_eq!(
        open,
        Some(vec!["Is the team based in Berlin?".to_owned()]),
        "{replies:#?}"
    );
}

#[test]
fn a_weak_answer_gets_at_most_two_probes_then_the_stage_closes() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    let first = run.text("I'd want to know the revenue model.");
    assert!(has_probe(&first));
    assert_eq!(run.stage(), Some(Stage::Requirements));
    let second = run.text("not sure");
    assert!(has_probe(&second));
    let third = run.text("no idea really");
    assert!(!has_probe(&third));
    assert!(third.iter().any(|r| matches!(r, Reply::StageResult { .. })));
    assert_eq!(run.stage(), Some(Stage::Framing));
}

#[test]
fn the_probe_answer_counts_with_the_first_answer() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    run.text(STRONG_REQUIREMENTS);
    // Framing: name the task but not the click probability; a probe follows.
    let first = run.text("It's a binary classification problem, then we rank the ads.");
    assert!(has_probe(&first));
    run.text(
        "The model outputs the probability that the user clicks the ad, and ads are ordered by \
         that times the bid in the auction.",
    );
    // Close the stage wherever it stands and read what it recorded.
    run.command(Command::End);
    let framing = &run.session.history[0].stages[1];
    assert_eq!(framing.stage, Stage::Framing);
    let StageOutcome::Answered {
        explained,
        named_only,
        answers,
        ..
    } = &framing.outcome
    else {
        panic!("framing was answered: {framing:?}");
    };
    assert_eq!(answers.len(), 2);
    let covered: Vec<&str> = explained
        .iter()
        .chain(named_only)
        .map(|c| c.id.as_str())
        .collect();
    assert!(covered.contains(&"binary-classification"), "{covered:?}");
    assert!(
        covered.contains(&"predict-click-probability"),
        "{covered:?}"
    );
    assert!(covered.contains(&"auction-expected-value"), "{covered:?}");
}

#[test]
fn skip_records_zero_and_shows_the_model_answer() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    let replies = run.command(Command::Skip);
    assert!(matches!(
        replies[0],
        Reply::Skipped {
            stage: Stage::Requirements,
            ..
        }
    ));
    assert_eq!(run.stage(), Some(Stage::Framing));
    let done = &run.session.interview().expect("interview").done;
    assert!(matches!(done[0].outcome, StageOutcome::Skipped { .. }));
}

#[test]
fn hints_prefer_the_pending_probe_then_run_out() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    run.text(STRONG_REQUIREMENTS);
    run.text("It's a binary classification problem.");
    let pending = match &run.session.interview().expect("interview").awaiting {
        mlsd::interview::Awaiting::ProbeReply { probe } => probe.clone(),
        other => panic!("expected a probe, got {other:?}"),
    };
    let hint = run.command(Command::Hint);
    let mlsd::judge::Probe::Missing { concept } = pending else {
        panic!("expected a missing-concept probe");
    };
    let spec = script
        .case("ad-click-prediction")
        .expect("case")
        .stage(Stage::Framing);
    let expected = &spec.concept(&concept).expect("concept").1.hint;
    assert_eq!(
        hint,
        [Reply::Hint {
            text: expected.clone()
        }]
    );
    let mut last = Vec::new();
    for _ in 0..spec.concepts.len() + 1 {
        last = run.command(Command::Hint);
    }
    assert_eq!(last, [Reply::Notice(Notice::NoMoreHints)]);
}

#[test]
fn repeat_shows_the_question_and_the_pending_probe_again() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    let probe = run.text("What is the revenue model?");
    let again = run.command(Command::Repeat);
    assert_eq!(question_of(&again), Some(Stage::Requirements));
    let probe_text = |rs: &[Reply]| {
        rs.iter()
            .find(|r| matches!(r, Reply::Probe { .. } | Reply::AskWhy { .. }))
            .cloned()
    };
    assert_eq!(probe_text(&again), probe_text(&probe));
}

#[test]
fn end_gives_a_summary_and_keeps_the_interview_in_history() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    run.text(STRONG_REQUIREMENTS);
    run.text("binary classification");
    let replies = run.command(Command::End);
    let Some(Reply::Summary(summary)) = replies.last() else {
        panic!("expected a summary: {replies:#?}");
    };
    assert!(summary.ended_early);
    assert!(matches!(summary.stages[0], (Stage::Requirements, StageScore::Scored(s)) if s >= 80));
    assert!(matches!(
        summary.stages[1],
        (Stage::Framing, StageScore::Scored(_))
    ));
    assert_eq!(summary.stages[2], (Stage::Data, StageScore::NotReached));
    assert_eq!(summary.strongest, Some(Stage::Requirements));
    assert_eq!(summary.weakest, Some(Stage::Framing));
    assert!(!summary.review.is_empty());
    assert_eq!(run.session.phase, Phase::Idle);
    assert_eq!(run.session.history.len(), 1);
}

#[test]
fn a_full_interview_reaches_the_summary_after_seven_stages() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    let mut summary = None;
    for _ in 0..Stage::COUNT * 3 {
        let replies = run.text("I would think about it carefully and discuss trade-offs.");
        if let Some(Reply::Summary(s)) = replies.last() {
            summary = Some(s.clone());
            break;
        }
    }
    let summary = summary.expect("summary after the last stage");
    assert!(!summary.ended_early);
    assert!(
        summary
            .stages
            .iter()
            .all(|(_, s)| matches!(s, StageScore::Scored(_)))
    );
    assert_eq!(run.session.history[0].stages.len(), Stage::COUNT);
}

#[test]
fn without_a_domain_the_engine_asks_then_starts_on_the_answer() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    let replies = run.send(Event::Begin { case: None });
    assert_eq!(replies, [Reply::DomainQuestion { current: None }]);
    let confused = run.text("pizza");
    assert_eq!(confused[0], Reply::Notice(Notice::DomainNotUnderstood));
    let replies = run.text("cv");
    assert_eq!(
        replies[0],
        Reply::DomainSet {
            choice: DomainChoice::Domain(Domain::Cv)
        }
    );
    // Only one case is loaded, so it is picked even though it is not a CV case.
    assert!(matches!(&replies[1], Reply::CaseIntro { .. }));
}

#[test]
fn bad_input_gets_a_clear_answer_and_changes_nothing() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    assert_eq!(run.text("hello?"), [Reply::Notice(Notice::NoInterview)]);
    assert_eq!(
        run.command(Command::Skip),
        [Reply::Notice(Notice::NoInterview)]
    );
    let unknown = run.send(Event::Begin {
        case: Some("nope".into()),
    });
    assert!(
        matches!(&unknown[0], Reply::Notice(Notice::UnknownCase { known, .. }) if known == &["ad-click-prediction"])
    );
    run.begin();
    let before = run.session.clone();
    assert_eq!(run.text("🙂🙂🙂"), [Reply::Notice(Notice::NotAnAnswer)]);
    assert_eq!(run.session, before);
    let again = run.begin();
    assert!(matches!(
        again[0],
        Reply::Notice(Notice::AlreadyInterviewing { .. })
    ));
}

#[test]
fn a_huge_answer_is_cut_with_a_notice_and_still_judged() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    let huge = format!("What is the revenue goal? {}", "blah ".repeat(4000));
    let replies = run.text(&huge);
    assert!(matches!(
        replies[0],
        Reply::Notice(Notice::Truncated { kept_chars: 4000 })
    ));
    let turns = &run.session.interview().expect("interview").turns;
    assert!(turns.iter().all(|t| t.text.chars().count() <= 4000));
}

#[test]
fn a_case_that_disappeared_closes_the_interview_but_keeps_history() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    run.command(Command::Skip);
    let empty = Script::default();
    let s = step(
        &empty,
        run.session.clone(),
        Event::Text("an answer".into()),
        &ctx(0),
    );
    assert!(matches!(
        s.replies[0],
        Reply::Notice(Notice::CaseUnavailable { .. })
    ));
    assert_eq!(s.session.phase, Phase::Idle);
    assert_eq!(s.session.history.len(), 1);
}

#[test]
fn the_engine_is_deterministic() {
    let script = ad_click_script();
    let play = || {
        let mut run = Run::new(&script);
        let mut all = run.begin();
        all.extend(run.text("revenue? latency?"));
        all.extend(run.command(Command::Hint));
        (all, run.session)
    };
    assert_eq!(play(), play());
}

#[test]
fn a_daily_drill_asks_one_stage_with_at_most_one_follow_up() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    let opening = run.send(Event::Drill {
        case: "ad-click-prediction".into(),
        stage: Stage::Data,
    });
    assert!(matches!(
        opening[0],
        Reply::DrillIntro {
            stage: Stage::Data,
            ..
        }
    ));
    assert_eq!(question_of(&opening), Some(Stage::Data));
    let first = run.text("I'd use the click logs.");
    assert!(has_probe(&first), "one follow-up");
    let second = run.text("not sure");
    assert!(!has_probe(&second), "but only one");
    assert!(second.iter().any(|r| matches!(
        r,
        Reply::StageResult {
            stage: Stage::Data,
            ..
        }
    )));
    assert!(matches!(second.last(), Some(Reply::DrillDone { .. })));
    assert_eq!(run.session.phase, Phase::Idle);
    assert_eq!(
        run.session.history[0].kind,
        mlsd::interview::InterviewKind::Drill
    );
    // A drill is not an interview for case picking.
    assert_eq!(run.session.past_cases().count(), 0);
}

#[test]
fn a_daily_prompt_during_an_interview_points_back_to_it() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    run.command(Command::Skip);
    let replies = run.send(Event::Drill {
        case: "ad-click-prediction".into(),
        stage: Stage::Model,
    });
    assert_eq!(replies[0], Reply::Notice(Notice::DailyContinue));
    assert_eq!(question_of(&replies), Some(Stage::Framing));
    assert_eq!(run.stage(), Some(Stage::Framing));
}

#[test]
fn starting_an_interview_closes_an_unanswered_drill() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.send(Event::Drill {
        case: "ad-click-prediction".into(),
        stage: Stage::Serving,
    });
    let replies = run.begin();
    assert!(
        matches!(&replies[0], Reply::CaseIntro { .. }),
        "{replies:#?}"
    );
    assert_eq!(run.stage(), Some(Stage::Requirements));
    assert!(
        run.session.history.is_empty(),
        "nothing was answered, nothing recorded"
    );
}

#[test]
fn what_was_explained_earlier_counts_later_and_is_never_asked_again() {
    let script = ad_click_script();
    let mut run = Run::new(&script);
    run.begin();
    run.text(STRONG_REQUIREMENTS);
    // Framing, with a word about the data split that belongs to the next stage.
    let framing = "It's binary classification: predict the probability the user clicks the ad, \
        then rank by pCTR times bid, so the probabilities must be calibrated. For training I'd \
        split the logs by time, so the model never learns from the future.";
    let mut replies = run.text(framing);
    while run.stage() == Some(Stage::Framing) {
        replies = run.text("I'd keep it as pointwise binary classification on each impression.");
    }
    assert_eq!(run.stage(), Some(Stage::Data));
    let covered = replies.iter().find_map(|r| match r {
        Reply::AlreadyCovered { concepts } => Some(concepts.clone()),
        _ => None,
    });
    let covered = covered.expect("the data stage says what was already covered");
    assert!(
        covered.iter().any(|c| c.label.contains("Chronological")),
        "{covered:?}"
    );
    // No follow-up at the data stage asks for the split again.
    for _ in 0..3 {
        let replies = run.text("Rows are impressions joined with clicks.");
        for r in &replies {
            if let Reply::Probe { text } = r {
                assert!(!text.contains("leaking the future"), "re-asked: {text}");
            }
        }
        if run.stage() != Some(Stage::Data) {
            break;
        }
    }
}

/// The strong (grade 3) answer the case's graded set holds for each stage.
fn strong_answers(case: &str) -> std::collections::BTreeMap<Stage, String> {
    let path = crate::util::root()
        .join("tests")
        .join("graded")
        .join(format!("{case}.toml"));
    let text = std::fs::read_to_string(path).expect("graded set");
    let set = mlsd::graded::parse(&text).expect("parses");
    let mut out = std::collections::BTreeMap::new();
    for a in set.answers.into_iter().filter(|a| a.grade == 3) {
        out.entry(a.stage).or_insert(a.text);
    }
    out
}

#[test]
fn a_strong_candidate_is_pushed_deeper_and_never_asked_for_what_they_said() {
    let compiled = mlsd::dialogues::Bank::Builtin.load();
    let script = compiled.script;
    let (mut stages_total, mut stages_probed) = (0, 0);
    for case in script.cases() {
        let answers = strong_answers(&case.id);
        let mut run = Run::new(&script);
        run.send(Event::Begin {
            case: Some(case.id.clone()),
        });
        let mut credited: Vec<String> = Vec::new();
        while let Some(stage) = run.stage() {
            let answer = answers
                .get(&stage)
                .cloned()
                .unwrap_or_else(|| "I'd keep it simple here.".to_owned());
            let mut replies = run.text(&answer);
            let mut probed = false;
            while run.stage() == Some(stage) {
                let interview = run.session.interview().expect("interview");
                for probe in &interview.probes {
                    if let mlsd::judge::Probe::Missing { concept } = probe {
                        let label = &case.stage(stage).concept(concept).expect("concept").1.label;
                        assert!(
                            !credited.contains(label),
                            "{}: {stage} asks for {label:?}, credited earlier",
                            case.id
                        );
                    }
                }
                probed = true;
                replies = run.text("That is what I would do, for the reasons I gave.");
            }
            for r in &replies {
                if let Reply::StageResult { explained, .. } = r {
                    credited.extend(explained.iter().map(|c| c.label.clone()));
                }
            }
            if answers.contains_key(&stage) {
                stages_total += 1;
                stages_probed += usize::from(probed);
            }
        }
    }
    // Most stages of a strong interview get at least one follow-up.
    assert!(
        stages_probed * 2 > stages_total,
        "{stages_probed} of {stages_total} strong stages got a follow-up"
    );
}

/// Good practice recited in words that would fit any system is named, not credited as
/// applied, and the interviewer says so; an answer as long that is about this case is not.
#[test]
fn an_answer_that_would_fit_any_case_is_told_so() {
    let script = crate::util::shipped_script();
    let generic_remark = |replies: &[Reply]| {
        replies.iter().any(|r| {
            matches!(
                r,
                Reply::Remark {
                    remark: mlsd::interview::Remark::Generic
                }
            )
        })
    };
    let mut run = Run::new(&script);
    run.begin();
    let replies = run.text(
        "Before designing anything I would want to understand the business goal and how \
         success will be measured, who the users are and what they need, how much traffic we \
         expect and what the latency budget is, what data and labels already exist and how \
         reliable they are, whether there is a current solution we need to beat, and any \
         constraints around privacy, fairness, cost or regulation that limit what we build.",
    );
    assert!(generic_remark(&replies), "{replies:#?}");
    let mut run = Run::new(&script);
    run.begin();
    let replies = run.text(
        "What's the business objective: revenue per click, or value for advertisers too? With \
         500M daily users opening the feed ten times, is 150K requests a second the peak we \
         design for, and does the 50 ms cover both retrieval and the auction? Do we log \
         impressions and clicks with timestamps, and can users hide ads? How often do \
         advertisers launch new campaigns, and are there privacy limits on what we can use?",
    );
    assert!(!generic_remark(&replies), "{replies:#?}");
}

/// An opening answer about another stage than the one asked earns here only what it says
/// outside that stage, and the interviewer says which stage it was about; an answer that
/// asks about this stage and then strays is read as an answer here.
#[test]
fn an_answer_about_another_stage_is_told_so_and_earns_little_here() {
    use mlsd::judge::{Setting, Turn, judge};
    let script = crate::util::shipped_script();
    let case = script.case("harmful-content").expect("case");
    let about_evaluation = "I'd evaluate each harm type on its own with precision-recall \
        curves on a held-out set labelled by expert reviewers. I'd report PR-AUC and recall at a \
        fixed precision rather than accuracy. Online I'd run an A/B test before rollout.";
    let verdict_at = |stage: Stage, text: &str| {
        judge(
            &Setting::new(case, stage, script.lexicon()),
            &[Turn::first(text)],
        )
    };
    let asked_here = verdict_at(Stage::Requirements, about_evaluation);
    assert_eq!(
        asked_here.elsewhere,
        Some(Stage::Evaluation),
        "{asked_here:?}"
    );
    let where_it_belongs = verdict_at(Stage::Evaluation, about_evaluation);
    assert_eq!(where_it_belongs.elsewhere, None);
    assert!(
        asked_here.score <= 20 && where_it_belongs.score >= 40,
        "{} at requirements, {} at evaluation",
        asked_here.score,
        where_it_belongs.score
    );

    let remark = |replies: &[Reply]| {
        replies.iter().find_map(|r| match r {
            Reply::Remark {
                remark: mlsd::interview::Remark::Elsewhere { about, here },
            } => Some((*about, *here)),
            _ => None,
        })
    };
    let mut run = Run::new(&script);
    run.send(Event::Begin {
        case: Some("harmful-content".into()),
    });
    let replies = run.text(about_evaluation);
    assert_eq!(
        remark(&replies),
        Some((Stage::Evaluation, Stage::Requirements)),
        "{replies:#?}"
    );
    let shown: String = replies
        .iter()
        .map(|r| render(r, Medium::Terminal).to_plain())
        .collect();
    assert!(
        shown.contains("mostly about evaluation, which comes later")
            && shown.contains("what would you ask"),
        "{shown}"
    );

    let mut run = Run::new(&script);
    run.send(Event::Begin {
        case: Some("harmful-content".into()),
    });
    let replies = run.text(
        "How is harm defined here, and which actions can we take: remove, downrank or send to \
         review? I'd evaluate each harm type on its own with precision-recall curves on a \
         held-out set labelled by expert reviewers.",
    );
    assert_eq!(remark(&replies), None, "{replies:#?}");
}

/// At requirements, a design given instead of questions names what matters without
/// clarifying any of it: it earns little, and the interviewer asks for the questions first.
/// The same points asked or pinned down as assumptions are clarifying, and a reply to a
/// follow-up may simply state what it was asked for.
#[test]
fn a_design_given_instead_of_clarifying_questions_is_told_so() {
    use mlsd::judge::{Setting, Turn, judge};
    let script = crate::util::shipped_script();
    let case = script.case("event-recommendation").expect("case");
    let design = "I'd take the user's city from their profile, pull upcoming events within 30 km \
        from a geo index, add events their friends bookmarked, score a few hundred candidates \
        with a ranker and return twenty, all well inside the latency budget at our traffic.";
    let asking = "Which city does the user's profile give us, and how far would people travel \
        for an event? Can we see which events their friends bookmarked? What latency budget \
        and traffic should I plan for?";
    let at_requirements = |text: &str| {
        judge(
            &Setting::new(case, Stage::Requirements, script.lexicon()),
            &[Turn::first(text)],
        )
    };
    let told = at_requirements(design);
    let asked = at_requirements(asking);
    assert!(told.designs && !asked.designs, "{told:?}\n{asked:?}");
    assert!(
        told.score <= 10 && asked.score > told.score + 15,
        "a design {} vs the same points asked {}",
        told.score,
        asked.score
    );

    let mut run = Run::new(&script);
    run.send(Event::Begin {
        case: Some("event-recommendation".into()),
    });
    let replies = run.text(design);
    assert!(
        replies.iter().any(|r| matches!(
            r,
            Reply::Remark {
                remark: mlsd::interview::Remark::Designing
            }
        )),
        "{replies:#?}"
    );
    let shown: String = replies
        .iter()
        .map(|r| render(r, Medium::Terminal).to_plain())
        .collect();
    assert!(shown.contains("straight to the design"), "{shown}");
    // Nothing was asked, so the interviewer answers nothing yet; asked next, it answers.
    assert_eq!(stance_on(&replies, "Location"), None, "{replies:#?}");
    let replies = run.text(
        "Fair. What share of sessions give us the phone's location, and is precise location \
         something we may keep?",
    );
    assert!(stance_on(&replies, "Location").is_some(), "{replies:#?}");

    // Questions, however vague, are what this stage is for: a little above nothing. Saying
    // there is nothing to ask is no question.
    let vague = at_requirements(
        "I'd want to know a bit more about the whole thing first, what exists today and who \
         it is for.",
    );
    let refused = at_requirements(
        "No questions, it's a normal recommender, I'd reuse what works for movies.",
    );
    assert!(!vague.designs && refused.designs, "{vague:?}\n{refused:?}");
    assert!(vague.score > refused.score, "{vague:?}\n{refused:?}");

    // A reply to "what is the business after?" states it; that is no design.
    let probe = mlsd::judge::Probe::Missing {
        concept: "business-objective".into(),
    };
    let reply = judge(
        &Setting::new(case, Stage::Requirements, script.lexicon()),
        &[
            Turn::first(asking),
            Turn {
                text: "Ticket sales for paid events, and more people going to free ones.",
                reply_to: Some(&probe),
            },
        ],
    );
    assert!(!reply.designs, "{reply:?}");
}
