//! Levels: what a mid, senior and staff candidate get from the interviewer and how they are
//! scored, through the engine, the terminal binary and the bot.

use mlsd::content::Script;
use mlsd::interview::{
    Command, Config, Context, Event, Notice, Phase, Reply, Session, StageOutcome, step,
};
use mlsd::judge::Probe;
use mlsd::level::Level;
use mlsd::present::{Medium, render};
use mlsd::stage::{Domain, DomainChoice, Stage};

use crate::util::{ad_click_script, mlsd, run_with_input, script_of, text};

/// The graded strong answer for the data stage of ad click prediction.
const STRONG_DATA: &str = "Each impression is a row, labeled positive if it was clicked within \
    an attribution window and negative otherwise, since clicks can arrive late. CTR is about 1% \
    so the data is heavily imbalanced; I'd downsample negatives. Features: user features like \
    demographics and past ad clicks, ad features like advertiser, campaign and category, and \
    context like device and time of day. The ids are high cardinality so I'd use embeddings or \
    the hashing trick, and add some feature crosses like user country x ad category. I'd split \
    chronologically, train on the first weeks and validate on the last days, so there's no \
    leakage from the future.";

/// A reply to a deeper question that holds up: numbers, a trade-off, a failure, and reasons.
const DEFENDED: &str = "At 1% CTR and about 10 billion impressions a day, keeping every \
    negative costs a lot of training time, so I'd keep 1 in 10 negatives, but that inflates the \
    predicted CTR, so I'd recalibrate by the sampling rate; if calibration drifts we overcharge \
    advertisers, so I'd alert on predicted versus observed CTR.";

/// Another, about a different choice.
const DEFENDED_TOO: &str = "Hashing ids into 2^24 buckets keeps the embedding tables at a few \
    gigabytes instead of hundreds, but collisions merge rare advertisers, so I'd give the top \
    100K ids their own rows; if a new campaign floods in, the hashed rows degrade gracefully \
    rather than fail.";

/// A reply that does not hold up.
const SHRUG: &str = "Not sure, probably fine.";

const T0: i64 = 1_700_000_000;

fn ctx(now: i64, ask_level: bool) -> Context {
    Context {
        now,
        entropy: 7,
        config: Config {
            ask_level,
            ..Config::default()
        },
    }
}

struct Run<'a> {
    script: &'a Script,
    session: Session,
    now: i64,
    ask_level: bool,
}

impl<'a> Run<'a> {
    fn at(script: &'a Script, level: Option<Level>) -> Self {
        Run {
            script,
            session: Session {
                level,
                ..Session::default()
            },
            now: T0,
            ask_level: false,
        }
    }

    fn send(&mut self, event: Event) -> Vec<Reply> {
        self.now += 60;
        let s = step(
            self.script,
            std::mem::take(&mut self.session),
            event,
            &ctx(self.now, self.ask_level),
        );
        self.session = s.session;
        s.replies
    }

    fn text(&mut self, text: &str) -> Vec<Reply> {
        self.send(Event::Text(text.to_owned()))
    }

    fn stage(&self) -> Option<Stage> {
        self.session.interview().map(|i| i.stage)
    }

    fn probes(&self) -> Vec<Probe> {
        self.session
            .interview()
            .map(|i| i.probes.clone())
            .unwrap_or_default()
    }
}

/// How the data stage went for a candidate at `level` who answers it strongly and replies to
/// the follow-ups with `replies` in turn: the deeper questions asked, every reply, and the
/// stage score.
struct DataStage {
    depth_questions: usize,
    replies: Vec<Reply>,
    score: u8,
    outcome: StageOutcome,
}

fn data_stage(script: &Script, level: Level, answers: &[&str]) -> DataStage {
    let mut run = Run::at(script, Some(level));
    run.send(Event::Begin {
        case: Some("ad-click-prediction".into()),
    });
    run.send(Event::Command(Command::Skip));
    run.send(Event::Command(Command::Skip));
    assert_eq!(run.stage(), Some(Stage::Data));
    let mut replies = run.text(STRONG_DATA);
    let mut asked = Vec::new();
    while run.stage() == Some(Stage::Data) {
        asked = run.probes();
        assert!(asked.len() < 10, "the stage never closes: {asked:?}");
        let reply = answers[asked.len() % answers.len()];
        replies.extend(run.text(reply));
    }
    let record = run
        .session
        .interview()
        .and_then(|i| i.done.iter().find(|r| r.stage == Stage::Data))
        .expect("the data stage was recorded")
        .clone();
    DataStage {
        depth_questions: asked
            .iter()
            .filter(|p| matches!(p, Probe::Depth { .. }))
            .count(),
        replies,
        score: record.outcome.score(),
        outcome: record.outcome,
    }
}

#[test]
fn senior_and_staff_candidates_are_pushed_deeper_than_mid() {
    let script = ad_click_script();
    let mid = data_stage(&script, Level::Mid, &[DEFENDED, DEFENDED_TOO]);
    let senior = data_stage(&script, Level::Senior, &[DEFENDED, DEFENDED_TOO]);
    let staff = data_stage(&script, Level::Staff, &[DEFENDED, DEFENDED_TOO]);
    assert!(mid.depth_questions <= 1, "mid: {}", mid.depth_questions);
    assert_eq!(senior.depth_questions, 2);
    assert!(
        staff.depth_questions > senior.depth_questions,
        "staff {} vs senior {}",
        staff.depth_questions,
        senior.depth_questions
    );
    // Each deeper question is about a different choice.
    let mut run = Run::at(&script, Some(Level::Staff));
    run.send(Event::Begin {
        case: Some("ad-click-prediction".into()),
    });
    run.send(Event::Command(Command::Skip));
    run.send(Event::Command(Command::Skip));
    run.text(STRONG_DATA);
    while run.stage() == Some(Stage::Data) && run.probes().len() < 4 {
        run.text(DEFENDED);
    }
    let deeper: Vec<Probe> = run
        .probes()
        .into_iter()
        .filter(|p| matches!(p, Probe::Depth { .. }))
        .collect();
    let mut unique = deeper.clone();
    unique.dedup();
    assert_eq!(unique, deeper);
    // Mid hears nothing about deeper questions counting.
    assert!(
        !mid.replies
            .iter()
            .any(|r| matches!(r, Reply::DepthResult { .. }))
    );
}

#[test]
fn above_mid_the_replies_to_deeper_questions_carry_part_of_the_score() {
    let script = ad_click_script();
    let mid = data_stage(&script, Level::Mid, &[SHRUG]);
    let held = data_stage(&script, Level::Senior, &[DEFENDED, DEFENDED_TOO]);
    let shrugged = data_stage(&script, Level::Senior, &[SHRUG]);
    let result = |stage: &DataStage| {
        stage.replies.iter().find_map(|r| match r {
            Reply::DepthResult { held, expected, .. } => Some((*held, *expected)),
            _ => None,
        })
    };
    assert_eq!(result(&held), Some((2, 2)), "{:#?}", held.replies);
    assert_eq!(result(&shrugged), Some((0, 2)), "{:#?}", shrugged.replies);
    assert!(
        shrugged.score < mid.score,
        "a senior who cannot defend a choice scores below a mid with the same answer: {} vs {}",
        shrugged.score,
        mid.score
    );
    assert!(
        held.score > shrugged.score + 20,
        "{} vs {}",
        held.score,
        shrugged.score
    );
    // The stage records the concepts' own score beside the depth.
    let StageOutcome::Answered {
        depth: Some(depth), ..
    } = &shrugged.outcome
    else {
        panic!("{:?}", shrugged.outcome);
    };
    assert_eq!((depth.held, depth.expected), (0, 2));
    assert!(depth.concept_score > shrugged.score);
    // The wording says what holds up.
    let words = render(
        &Reply::DepthResult {
            level: Level::Senior,
            asked: 2,
            held: 0,
            expected: 2,
            share: 25,
        },
        Medium::Terminal,
    )
    .to_plain();
    assert!(words.contains("0 of 2 held up"), "{words}");
    assert!(words.contains("25%"), "{words}");
}

#[test]
fn staff_gets_one_hint_a_stage_and_mid_as_many_as_it_needs() {
    let script = ad_click_script();
    for (level, hints) in [(Level::Mid, 3), (Level::Senior, 2), (Level::Staff, 1)] {
        let mut run = Run::at(&script, Some(level));
        run.send(Event::Begin {
            case: Some("ad-click-prediction".into()),
        });
        let mut given = 0;
        let mut refused = None;
        for _ in 0..3 {
            let replies = run.send(Event::Command(Command::Hint));
            given += replies
                .iter()
                .filter(|r| matches!(r, Reply::Hint { .. }))
                .count();
            refused = refused.or(replies.into_iter().find_map(|r| match r {
                Reply::Notice(Notice::HintLimit { level, hints }) => Some((level, hints)),
                _ => None,
            }));
        }
        assert_eq!(given, hints, "{level}");
        let expect_refusal = (level != Level::Mid).then_some((level, hints as u8));
        assert_eq!(refused, expect_refusal, "{level}");
    }
}

#[test]
fn the_level_is_asked_once_after_the_domain_and_the_interview_runs_at_it() {
    let script = script_of(&["ad-click-prediction.toml"]);
    let mut run = Run::at(&script, None);
    run.ask_level = true;
    run.send(Event::AskDomain { then_begin: true });
    let replies = run.send(Event::ChooseDomain(DomainChoice::Domain(
        Domain::SearchRecsys,
    )));
    assert!(
        replies
            .iter()
            .any(|r| matches!(r, Reply::LevelQuestion { current: None })),
        "{replies:#?}"
    );
    assert!(matches!(run.session.phase, Phase::ChoosingLevel { .. }));
    let not_understood = run.text("wizard");
    assert!(
        not_understood
            .iter()
            .any(|r| matches!(r, Reply::Notice(Notice::LevelNotUnderstood)))
    );
    let started = run.text("2");
    assert!(
        started.iter().any(|r| matches!(
            r,
            Reply::LevelSet {
                level: Level::Senior,
                running: None
            }
        )),
        "{started:#?}"
    );
    assert!(
        started.iter().any(|r| matches!(
            r,
            Reply::Terms {
                level: Level::Senior,
                minutes: None
            }
        )),
        "{started:#?}"
    );
    assert_eq!(run.session.level, Some(Level::Senior));
    assert_eq!(
        run.session.interview().map(|i| i.level),
        Some(Level::Senior)
    );

    // Known now: changing the domain does not ask again, and a change of level mid-interview
    // applies from the next one.
    let changed = run.send(Event::ChooseLevel(Level::Staff));
    assert!(changed.iter().any(|r| matches!(
        r,
        Reply::LevelSet {
            level: Level::Staff,
            running: Some(Level::Senior)
        }
    )));
    assert_eq!(
        run.session.interview().map(|i| i.level),
        Some(Level::Senior)
    );
    let summary = run.send(Event::Command(Command::End));
    let Some(Reply::Summary(summary)) = summary.last() else {
        panic!("{summary:#?}");
    };
    assert_eq!(summary.level, Level::Senior);
    let words = render(&Reply::Summary(summary.clone()), Medium::Terminal).to_plain();
    assert!(words.contains("Level: senior"), "{words}");
    assert_eq!(run.session.history[0].level, Level::Senior);
    let again = run.send(Event::AskDomain { then_begin: false });
    assert!(
        !again
            .iter()
            .any(|r| matches!(r, Reply::LevelQuestion { .. }))
    );
    let chosen = run.send(Event::ChooseDomain(DomainChoice::NotSure));
    assert!(
        !chosen
            .iter()
            .any(|r| matches!(r, Reply::LevelQuestion { .. }))
    );
}

#[test]
fn a_session_stored_before_levels_loads_and_runs_at_mid() {
    // A session as the previous version wrote it: no level, no clock, no stage times.
    let old = br#"{"v":1,"data":{"domain":{"domain":"cv"},"phase":{"phase":"interviewing",
        "kind":"full","case":"ad-click-prediction","started_at":1700000000,"stage":"framing",
        "question":0,"awaiting":{"awaiting":"answer"},"turns":[],"probes":[],"hinted":[],
        "done":[{"stage":"requirements","outcome":{"outcome":"answered","score":70,
        "answers":["What is the business objective?"],"explained":[],"named_only":[],
        "missing":[],"misconceptions":[],"corrected":[],"hints":0}}]},
        "history":[{"kind":"full","case":"ad-click-prediction","title":"Ad click prediction",
        "started_at":1,"finished_at":2,"stages":[],"ended_early":true}]}}"#;
    let session: Session = mlsd::store::decode(old).expect("an old session loads");
    assert_eq!(session.level, None);
    let interview = session.interview().expect("the interview is still running");
    assert_eq!(interview.level, Level::Mid);
    assert_eq!(interview.minutes, None);
    assert_eq!(session.history[0].level, Level::Mid);

    let script = ad_click_script();
    let mut run = Run::at(&script, None);
    run.session = session;
    let resumed = run.send(Event::Resume);
    assert!(
        resumed
            .iter()
            .any(|r| matches!(r, Reply::Notice(Notice::Resumed { .. })))
    );
    let end = run.send(Event::Command(Command::End));
    let Some(Reply::Summary(summary)) = end.last() else {
        panic!("{end:#?}");
    };
    assert_eq!(summary.level, Level::Mid);
    assert_eq!(summary.minutes, None);
    // Round trip: what is stored now loads again.
    let back: Session =
        mlsd::store::decode(&mlsd::store::encode(&run.session)).expect("round trip");
    assert_eq!(back, run.session);
}

fn practice(data: &std::path::Path, args: &[&str], input: &str) -> String {
    let out = run_with_input(
        mlsd()
            .arg("practice")
            .arg("--data-dir")
            .arg(data)
            .args(args),
        input,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn the_terminal_takes_a_level_and_remembers_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = practice(
        dir.path(),
        &["--case", "ad-click-prediction", "--level", "staff"],
        "/hint\n/hint\n/end\n",
    );
    assert!(out.contains("Noted: staff."), "{out}");
    assert!(out.contains("Staff level:"), "{out}");
    assert!(
        out.contains("At staff level you get one hint per stage"),
        "{out}"
    );
    assert!(out.contains("Level: staff."), "{out}");

    // Remembered: the next interview runs at staff without the flag, and says nothing new.
    let next = practice(dir.path(), &["--case", "ad-click-prediction"], "/end\n");
    assert!(!next.contains("Noted:"), "{next}");
    assert!(next.contains("Staff level:"), "{next}");

    // Piped input is never asked for a level: answers stay answers.
    let fresh = tempfile::tempdir().expect("tempdir");
    let piped = practice(fresh.path(), &[], "3\n/end\n");
    assert!(!piped.contains("Which level"), "{piped}");
    assert!(piped.contains("Level: mid-level."), "{piped}");

    let bad = run_with_input(
        mlsd()
            .arg("practice")
            .arg("--data-dir")
            .arg(fresh.path())
            .args(["--level", "wizard"]),
        "",
    );
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("mid, senior, staff"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn on_telegram_level_shows_and_sets_the_level_with_buttons_and_a_timed_interview_runs_at_it() {
    use crate::bot::{BotProcess, press, say};
    use crate::fake_telegram::FakeTelegram;
    const GRACE: i64 = 2002;

    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let _bot = BotProcess::ready(&fake, data.path(), &[]);
    let names: Vec<String> = fake
        .commands()
        .and_then(|c| c.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| c["command"].as_str().map(str::to_owned))
        .collect();
    assert!(names.contains(&"level".to_owned()), "{names:?}");

    let ask = say(
        &fake,
        GRACE,
        "/level",
        "Which level are you interviewing for?",
    );
    assert_eq!(ask.buttons(), ["level:mid", "level:senior", "level:staff"]);
    let noted = press(&fake, GRACE, "level:staff", "Noted: staff");
    assert_eq!(noted.buttons(), ["begin"]);
    let shown = say(&fake, GRACE, "/level", "Right now it is staff");
    assert_eq!(shown.buttons().len(), 3);
    say(&fake, GRACE, "/level senior", "Noted: senior");

    let intro = say(
        &fake,
        GRACE,
        "/interview timed ad-click-prediction",
        "Clock: 45 minutes",
    );
    assert!(intro.text.contains("Senior level:"), "{}", intro.text);
    assert!(intro.text.contains("1/7"), "{}", intro.text);
    // A level chosen during the interview applies from the next one.
    say(&fake, GRACE, "/level mid", "stays at senior");
    let summary = say(&fake, GRACE, "/end", "Summary:");
    assert!(
        summary.text.contains("Level: senior · timed: 45 minutes"),
        "{}",
        summary.text
    );
    let custom = say(
        &fake,
        GRACE,
        "/interview timed 30 ad-click-prediction",
        "Clock: 30 minutes",
    );
    assert!(!custom.text.contains("Senior level:"), "{}", custom.text);
}
