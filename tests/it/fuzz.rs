//! Property tests over everything that comes from outside: answers (any Unicode), dialogue
//! files (any bytes, and real files mutated), stored records and backup files (any bytes).
//!
//! The runs here are short so `cargo test` stays quick. For a longer run:
//! `PROPTEST_CASES=5000 cargo test --release --test it fuzz::`.

use std::path::PathBuf;
use std::sync::OnceLock;

use mlsd::content::{Script, Source, compile};
use mlsd::interview::{Config, Context, Event, Session, step};
use mlsd::judge::{Setting, Turn, judge};
use mlsd::stage::Stage;
use mlsd::store::{Store, UserKey, backup, decode, encode, integrity};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::Config as Runs;

use crate::util::root;

/// `default` cases, or `PROPTEST_CASES` when set.
fn runs(default: u32) -> Runs {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Runs {
        cases,
        failure_persistence: None,
        ..Runs::default()
    }
}

fn script() -> &'static Script {
    static SCRIPT: OnceLock<Script> = OnceLock::new();
    SCRIPT.get_or_init(crate::util::shipped_script)
}

fn dialogue_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("dialogues"))
        .expect("dialogues")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// Answers that reach deep into the matcher: the content's own words, negations, lists and
/// reasons, mixed with arbitrary Unicode, control characters and markup.
fn answer() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        4 => prop::sample::select(vec![
            "click", "clicks", "logistic", "regression", "baseline", "precision", "recall",
            "AUC", "latency", "ms", "QPS", "DAU", "drift", "A/B", "test", "embedding",
            "negative", "sampling", "chronological", "split", "leakage", "because", "so",
            "not", "never", "wouldn't", "don't", "accuracy", "imbalance", "canary", "cache",
            "ranking", "retrieval", "label", "labels", "features", "1%", "p99", "200ms",
        ])
        .prop_map(str::to_owned),
        2 => "[ ,.;:!?()\\-'\"/\n]{1,3}",
        2 => any::<String>(),
        1 => "\\PC{0,40}",
        1 => prop::sample::select(vec![
            "<b>", "</i>", "&amp;", "\u{200b}", "\u{feff}", "\u{301}", "ﬁ", "İ", "ß", "🙂",
            "\u{0}", "\r\n", "x".repeat(300).leak(),
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(word, 0..80).prop_map(|words| words.join(" "))
}

proptest! {
    #![proptest_config(runs(48))]

    #[test]
    fn the_judge_scores_any_answer_within_0_to_100(
        case in 0usize..64,
        stage in 0usize..7,
        first in answer(),
        second in answer(),
    ) {
        let script = script();
        let case = &script.cases()[case % script.cases().len()];
        let setting = Setting::new(case, Stage::ALL[stage], script.lexicon());
        let stage = setting.spec();
        let verdict = judge(&setting, &[Turn::first(&first)]);
        prop_assert!(verdict.score <= 100);
        let both = judge(&setting, &[Turn::first(&first), Turn::first(&second)]);
        prop_assert!(both.score <= 100);
        prop_assert_eq!(both.credits.len(), stage.concepts.len());
    }

    #[test]
    fn the_interview_answers_every_text_with_a_reply(texts in prop::collection::vec(answer(), 1..12)) {
        let script = script();
        let mut session = Session::default();
        let mut now = 1_700_000_000;
        let begin = step(script, session, Event::Begin { case: Some("ad-click-prediction".into()) }, &Context { now, entropy: 1, config: Config::default() });
        session = begin.session;
        for text in texts {
            now += 30;
            let ctx = Context { now, entropy: now as u64, config: Config::default() };
            let s = step(script, session, Event::Text(text), &ctx);
            prop_assert!(!s.replies.is_empty());
            session = s.session;
        }
        // What the engine leaves behind is what the store keeps: it must read back.
        let stored = encode(&session);
        prop_assert_eq!(decode::<Session>(&stored).ok(), Some(session));
    }

    #[test]
    fn records_of_any_bytes_are_an_error_or_a_value_never_a_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        json in "\\{\"v\":[0-9]{1,3},\"data\":\\PC{0,80}\\}",
    ) {
        let _ = decode::<Session>(&bytes);
        let _ = decode::<Session>(json.as_bytes());
        let _ = backup::read(&bytes[..]);
        let _ = integrity::Manifest::parse(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn a_stored_session_with_flipped_bytes_is_refused_or_read_never_a_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4),
    ) {
        let script = script();
        let begun = step(script, Session::default(), Event::Begin { case: Some("ad-click-prediction".into()) }, &Context { now: 1, entropy: 1, config: Config::default() });
        let mut bytes = encode(&begun.session);
        for (at, mask) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= mask;
        }
        let _ = decode::<Session>(&bytes);
    }
}

proptest! {
    // Compiling the whole bank is the slow part; fewer cases.
    #![proptest_config(runs(12))]

    #[test]
    fn the_dialogue_loader_reports_any_bytes_without_panicking(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("fuzzed.toml");
        std::fs::write(&file, &bytes).expect("write");
        let compiled = mlsd::dialogues::load(&[file]);
        // Garbage never yields a case without a word of complaint.
        prop_assert!(compiled.script.cases().is_empty() || compiled.diagnostics.is_empty());
    }

    #[test]
    fn mutated_real_dialogue_files_load_or_are_reported(
        file in 0usize..64,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>(), 0usize..40), 1..6),
    ) {
        let files = dialogue_files();
        let path = files[file % files.len()].clone();
        let mut bytes = std::fs::read(&path).expect("read");
        for (at, kind, byte, len) in edits {
            let i = at.index(bytes.len().max(1)).min(bytes.len());
            match kind {
                0 => if i < bytes.len() { bytes[i] = byte },
                1 => bytes.insert(i, byte),
                2 => { let end = (i + len).min(bytes.len()); bytes.drain(i..end); }
                _ => { let end = (i + len).min(bytes.len()); let copy = bytes[i..end].to_vec(); bytes.splice(i..i, copy); }
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let compiled = compile(&[Source { path, text }]);
        for d in &compiled.diagnostics {
            prop_assert!(!d.message.is_empty());
        }
    }
}

#[test]
fn a_store_hands_back_garbage_records_as_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let mut runner = proptest::test_runner::TestRunner::new(runs(64));
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..300), |bytes| {
            store
                .tree(mlsd::store::SESSIONS)
                .expect("tree")
                .insert(UserKey::Terminal.bytes(), bytes)
                .expect("insert");
            let _ = store.load_session(UserKey::Terminal);
            Ok(())
        })
        .expect("no panics");
}

/// Arbitrary updates through the fake Bot API into the real bot: texts of any Unicode,
/// buttons with any data, edits and group messages, from a handful of users at once. The
/// bot must stay up, send nothing Telegram would refuse, and still answer a newcomer.
#[test]
fn the_bot_survives_arbitrary_updates() {
    use crate::bot::BotProcess;
    use crate::fake_telegram::FakeTelegram;

    #[derive(Debug, Clone)]
    enum Poke {
        Text(i64, String),
        Button(i64, String),
        Edited(i64, String),
        /// A group message (the bot only works in private chats).
        Group(i64, String),
    }
    let text = prop_oneof![
        answer(),
        any::<String>(),
        prop::sample::select(vec![
            "/start",
            "/interview",
            "/skip",
            "/hint",
            "/repeat",
            "/progress",
            "/delete",
            "/daily 25:99 Mars/Phobos",
            "/interview no-such-case",
            "/help@other_bot",
            "/",
        ])
        .prop_map(str::to_owned),
    ];
    let data = prop_oneof![
        any::<String>(),
        prop::sample::select(vec![
            "begin",
            "domain:nlp",
            "domain:",
            "domain:cv:extra",
            "delete:yes",
            "delete:no",
        ])
        .prop_map(str::to_owned),
    ];
    let user = 5001i64..5006;
    let poke = prop_oneof![
        6 => (user.clone(), text.clone()).prop_map(|(u, t)| Poke::Text(u, t)),
        2 => (user.clone(), data).prop_map(|(u, d)| Poke::Button(u, d)),
        1 => (user.clone(), text.clone()).prop_map(|(u, t)| Poke::Edited(u, t)),
        1 => text.prop_map(|t| Poke::Group(-900, t)),
    ];
    let count = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(60)
        .clamp(1, 5_000);
    let mut runner = proptest::test_runner::TestRunner::new(runs(1));
    let pokes = prop::collection::vec(poke, count)
        .new_tree(&mut runner)
        .expect("generate")
        .current();

    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let mut bot = BotProcess::ready(&fake, data.path(), &[]);
    for poke in &pokes {
        match poke {
            Poke::Text(u, t) => fake.text(*u, t),
            Poke::Button(u, d) => fake.button(*u, d),
            Poke::Edited(u, t) => fake.edited(*u, t),
            Poke::Group(g, t) => fake.group_text(*g, 5001, t),
        };
    }
    fake.wait_confirmed();
    assert!(
        bot.wait_exit(std::time::Duration::from_millis(100))
            .is_none(),
        "the bot exited:\n{}",
        bot.log()
    );
    let before = fake.sent_to(7777).len();
    fake.text(7777, "/start");
    fake.wait_for(7777, before, "a greeting after the barrage", |m| {
        m.text.contains("Which domain do you find hardest?")
    });
    let log = bot.log();
    assert!(!log.contains("panicked"), "{log}");
    assert!(
        !log.contains("Bad Request"),
        "the bot sent something Telegram refuses:\n{log}"
    );
}
