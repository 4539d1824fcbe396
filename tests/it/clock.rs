//! The timed interview: the pace an interviewer keeps, time per stage in the summary, a stop
//! when time is up, and a clock that survives a restart. The engine runs on a fake clock (the
//! time is an input), the binary and the bot on the real one.

use std::io::Cursor;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use mlsd::clock::Clock;
use mlsd::interview::{Config, Context, Event, Notice, Reply, Session, StageScore, step};
use mlsd::present::{Medium, render};
use mlsd::stage::Stage;
use mlsd::store::{Store, UserKey};

use crate::util::{ad_click_script, mlsd, run_with_input, text};

const STRONG_REQUIREMENTS: &str = "What's the business objective, revenue per click? How many \
    daily active users and what peak QPS? What's the latency budget for the ads call? Do we log \
    impressions and clicks, and can users hide ads? How often do new campaigns launch? Any \
    privacy limits on the data we can use? Where do ads appear, only in the feed?";

const T0: i64 = 1_700_000_000;
const MIN: i64 = 60;

fn at(
    script: &mlsd::content::Script,
    session: Session,
    event: Event,
    now: i64,
) -> (Session, Vec<Reply>) {
    let ctx = Context {
        now,
        entropy: 7,
        config: Config::default(),
    };
    let s = step(script, session, event, &ctx);
    (s.session, s.replies)
}

fn words(replies: &[Reply]) -> String {
    replies
        .iter()
        .map(|r| render(r, Medium::Terminal).to_plain())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn a_timed_interview_keeps_pace_and_stops_when_time_is_up() {
    let script = ad_click_script();
    let (session, replies) = at(
        &script,
        Session::default(),
        Event::Timed {
            case: Some("ad-click-prediction".into()),
            minutes: 45,
            ask_domain: false,
        },
        T0,
    );
    assert!(
        replies.iter().any(|r| matches!(
            r,
            Reply::Terms {
                minutes: Some(45),
                ..
            }
        )),
        "{replies:#?}"
    );
    // Requirements in three minutes: no nudge, on to framing.
    let (session, replies) = at(
        &script,
        session,
        Event::Text(STRONG_REQUIREMENTS.into()),
        T0 + 3 * MIN,
    );
    assert!(!replies.iter().any(|r| matches!(r, Reply::Nudge { .. })));
    assert_eq!(session.interview().map(|i| i.stage), Some(Stage::Framing));

    // Framing's share is about four minutes; a thin answer after five would earn a follow-up,
    // but the interviewer keeps pace and moves on instead.
    let (session, replies) = at(
        &script,
        session,
        Event::Text("It's a binary classification problem, then we rank the ads.".into()),
        T0 + 8 * MIN,
    );
    assert!(
        !replies
            .iter()
            .any(|r| matches!(r, Reply::Probe { .. } | Reply::AskWhy { .. })),
        "{replies:#?}"
    );
    assert!(
        replies.iter().any(|r| matches!(
            r,
            Reply::Nudge {
                minutes_left: 37,
                next: Some(Stage::Data)
            }
        )),
        "{replies:#?}"
    );
    let said = words(&replies);
    assert!(
        said.contains("About 37 minutes left: let's move to the data."),
        "{said}"
    );
    assert_eq!(session.interview().map(|i| i.stage), Some(Stage::Data));

    // A restart: the stored session comes back with its clock still running.
    let stored = mlsd::store::encode(&session);
    let session: Session = mlsd::store::decode(&stored).expect("decode");
    let (session, replies) = at(&script, session, Event::Resume, T0 + 20 * MIN);
    assert!(
        replies
            .iter()
            .any(|r| matches!(r, Reply::Notice(Notice::TimeLeft { minutes: 25 }))),
        "{replies:#?}"
    );

    // Past the 45 minutes, the next answer is heard, and then the interviewer stops.
    let (session, replies) = at(
        &script,
        session,
        Event::Text("Labels come from the click logs, and I'd split by time.".into()),
        T0 + 46 * MIN,
    );
    assert!(session.interview().is_none());
    let time_up = replies
        .iter()
        .position(|r| matches!(r, Reply::TimeUp))
        .expect("time is up");
    let Some(Reply::Summary(summary)) = replies.last() else {
        panic!("{replies:#?}");
    };
    assert!(
        replies[..time_up].iter().any(|r| matches!(
            r,
            Reply::StageResult {
                stage: Stage::Data,
                ..
            }
        )),
        "the last answer is judged before the stop"
    );
    assert!(summary.ran_out);
    assert_eq!(summary.minutes, Some(45));
    assert_eq!(
        summary.times,
        vec![
            (Stage::Requirements, 3 * 60),
            (Stage::Framing, 5 * 60),
            (Stage::Data, 38 * 60)
        ]
    );
    assert!(
        summary
            .stages
            .contains(&(Stage::Model, StageScore::NotReached))
    );
    let said = words(&replies);
    for expected in [
        "We are out of time",
        "timed: 45 minutes, 46:00 used",
        "Clarifying requirements",
        "3:00",
        "5:00",
        "38:00",
        "Time ran out before the model",
    ] {
        assert!(said.contains(expected), "{expected:?} in\n{said}");
    }
    assert_eq!(session.history[0].minutes, Some(45));
}

#[test]
fn an_untimed_interview_never_nudges_and_shows_no_times() {
    let script = ad_click_script();
    let (session, _) = at(
        &script,
        Session::default(),
        Event::Begin {
            case: Some("ad-click-prediction".into()),
        },
        T0,
    );
    let (session, replies) = at(
        &script,
        session,
        Event::Text("I'd want to know the revenue model.".into()),
        T0 + 90 * MIN,
    );
    assert!(
        replies.iter().any(|r| matches!(r, Reply::Probe { .. })),
        "an hour and a half later, still a follow-up: {replies:#?}"
    );
    let (_, replies) = at(
        &script,
        session,
        Event::Command(mlsd::interview::Command::End),
        T0 + 91 * MIN,
    );
    let said = words(&replies);
    assert!(!said.contains("timed"), "{said}");
    assert!(!said.contains("1:00"), "{said}");
}

#[test]
fn the_terminal_runs_on_an_injected_clock() {
    let script = ad_click_script();
    let data = tempfile::tempdir().expect("tempdir");
    let store = Store::open(data.path()).expect("store");
    let now = Arc::new(AtomicI64::new(T0));
    let clock = {
        let now = Arc::clone(&now);
        Clock::new(Arc::new(move || now.load(Ordering::SeqCst)), Arc::new(|| 7))
    };
    let practice = |input: &str| {
        let mut out = Vec::new();
        mlsd::terminal::run(
            mlsd::terminal::Practice {
                script: &script,
                store: &store,
                case: Some("ad-click-prediction".into()),
                level: None,
                minutes: Some(30),
                config: Config::default(),
                clock: clock.clone(),
            },
            &mut mlsd::terminal::Lines(Cursor::new(input.to_owned())),
            &mut out,
        )
        .expect("practice");
        String::from_utf8(out).expect("utf-8")
    };
    let first = practice("");
    assert!(first.contains("Clock: 30 minutes."), "{first}");
    now.store(T0 + 12 * MIN, Ordering::SeqCst);
    let second = practice("/end\n");
    assert!(second.contains("about 18 minutes left"), "{second}");
    assert!(second.contains("timed: 30 minutes"), "{second}");
    let session = store
        .load_session(UserKey::Terminal)
        .expect("load")
        .expect("a session");
    assert_eq!(session.history[0].minutes, Some(30));
}

#[test]
fn the_binary_runs_a_timed_interview_and_resumes_it_after_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str], input: &str| {
        let out = run_with_input(
            mlsd()
                .arg("practice")
                .arg("--data-dir")
                .arg(dir.path())
                .args(args),
            input,
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let first = run(&["--case", "ad-click-prediction", "--timed"], "/skip\n");
    assert!(first.contains("Clock: 45 minutes."), "{first}");
    assert!(first.contains("Your progress is saved"), "{first}");

    // Started again without flags: the same interview, its clock still running.
    let second = run(&[], "/end\n");
    assert!(second.contains("Welcome back."), "{second}");
    assert!(second.contains("minutes left."), "{second}");
    assert!(second.contains("timed: 45 minutes"), "{second}");
    // Time per stage: requirements took well under a minute.
    assert!(
        second
            .lines()
            .any(|l| l.starts_with("1. Clarifying requirements") && l.trim_end().ends_with("0:00")),
        "{second}"
    );

    let custom = run(
        &["--case", "ad-click-prediction", "--minutes", "30"],
        "/end\n",
    );
    assert!(custom.contains("Clock: 30 minutes."), "{custom}");
    let bad = run_with_input(
        mlsd()
            .arg("practice")
            .arg("--data-dir")
            .arg(dir.path())
            .args(["--minutes", "0"]),
        "",
    );
    assert!(!bad.status.success());
}
