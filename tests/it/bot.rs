//! The real `mlsd bot` binary against a fake Bot API server on loopback.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use mlsd::store::Store;

use crate::fake_telegram::{FakeTelegram, Fault, Sent, TOKEN};
use crate::util::mlsd;

const ADA: i64 = 1001;

pub struct BotProcess {
    child: Child,
    log: PathBuf,
    _logdir: tempfile::TempDir,
}

impl BotProcess {
    pub fn start(api_url: &str, data: &Path, env: &[(&str, &str)]) -> BotProcess {
        Self::start_in(&crate::util::root(), api_url, data, env)
    }

    /// Starts the bot with `cwd` as its current directory.
    pub fn start_in(cwd: &Path, api_url: &str, data: &Path, env: &[(&str, &str)]) -> BotProcess {
        let logdir = tempfile::tempdir().expect("tempdir");
        let log = logdir.path().join("bot.log");
        let mut cmd = mlsd();
        cmd.current_dir(cwd)
            .arg("bot")
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("TELOXIDE_API_URL", api_url)
            .env("MLSD_DATA_DIR", data)
            .env("MLSD_POLL_TIMEOUT", "1")
            .env("MLSD_LOG", "debug")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&log).expect("log file"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("spawn mlsd bot");
        BotProcess {
            child,
            log,
            _logdir: logdir,
        }
    }

    /// Starts and waits until the bot registered its commands (it is connected).
    pub fn ready(fake: &FakeTelegram, data: &Path, env: &[(&str, &str)]) -> BotProcess {
        let bot = Self::start(&fake.url(), data, env);
        let deadline = Instant::now() + Duration::from_secs(30);
        while fake.commands().is_none() {
            assert!(
                Instant::now() < deadline,
                "the bot never connected:\n{}",
                bot.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        bot
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the process to exit on its own, up to `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn sigterm(pid: u32) {
    // SAFETY: sending a signal to a child process this test spawned.
    unsafe {
        libc::kill(pid as i32, libc::SIGTERM);
    }
}

fn html(m: &Sent) -> bool {
    m.parse_mode.as_deref() == Some("HTML")
}

/// Sends text and waits for the reply that contains `expect`.
pub fn say(fake: &FakeTelegram, user: i64, text: &str, expect: &str) -> Sent {
    let before = fake.sent_to(user).len();
    fake.text(user, text);
    fake.wait_for(
        user,
        before,
        &format!("containing {expect:?} after {text:?}"),
        |m| m.text.contains(expect),
    )
}

pub fn press(fake: &FakeTelegram, user: i64, data: &str, expect: &str) -> Sent {
    let before = fake.sent_to(user).len();
    fake.button(user, data);
    fake.wait_for(
        user,
        before,
        &format!("containing {expect:?} after pressing {data}"),
        |m| m.text.contains(expect),
    )
}

#[test]
fn onboarding_asks_the_hardest_domain_with_buttons_and_starts_an_interview() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let _bot = BotProcess::ready(&fake, data.path(), &[]);
    let commands = fake.commands().expect("setMyCommands");
    let names: Vec<&str> = commands
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|c| c["command"].as_str())
        .collect();
    assert!(fake.sent().is_empty());
    for expected in [
        "start",
        "interview",
        "hint",
        "skip",
        "progress",
        "export",
        "delete",
        "help",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert!(!names.contains(&"stats"), "admin command is hidden");

    let greeting = say(&fake, ADA, "/start", "Which domain do you find hardest?");
    assert!(html(&greeting));
    assert!(greeting.text.contains("mock interviewer"));
    assert_eq!(
        greeting.buttons(),
        [
            "domain:nlp",
            "domain:cv",
            "domain:search-recsys",
            "domain:not-sure"
        ]
    );
    // The level is asked once, right after the domain.
    let level = press(&fake, ADA, "domain:cv", "Noted: Computer vision");
    assert!(level.text.contains("Which level are you interviewing for?"));
    assert_eq!(
        level.buttons(),
        ["level:mid", "level:senior", "level:staff"]
    );
    let noted = press(&fake, ADA, "level:senior", "Noted: senior");
    assert_eq!(noted.buttons(), ["begin"]);
    let answers = fake.callback_answers();
    assert_eq!(answers.len(), 2, "every button press is answered");
    let intro = press(&fake, ADA, "begin", "1/7 · Clarifying requirements");
    assert!(intro.text.contains("Case study:"));
}

#[test]
fn a_whole_interview_reaches_the_summary() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let _bot = BotProcess::ready(&fake, data.path(), &[]);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    let reply = say(
        &fake,
        ADA,
        "What's the business objective, revenue? How many daily active users and peak QPS? \
         What's the latency budget? Do we log clicks and impressions, can users hide ads? How \
         often do new campaigns launch? Any privacy limits?",
        "2/7",
    );
    assert!(reply.text.contains("<b>"), "formatted: {}", reply.text);
    // The stage's result comes just before the next question, in brief.
    let sent = fake.sent_to(ADA);
    let result = &sent[sent.len() - 2];
    assert!(
        result.text.contains("Clarifying requirements:"),
        "{}",
        result.text
    );
    for k in 3..=7 {
        say(&fake, ADA, "/skip", &format!("{k}/7"));
    }
    let summary = say(&fake, ADA, "/skip", "Summary:");
    assert!(summary.text.contains("Overall:"));
    assert!(summary.text.contains("Concepts to review"));
    let progress_before = fake.sent_to(ADA).len();
    fake.text(ADA, "/progress");
    let photo = fake.wait_for(ADA, progress_before, "a chart", |m| m.method == "sendPhoto");
    assert!(
        photo
            .file
            .as_deref()
            .is_some_and(|f| f.starts_with(b"\x89PNG"))
    );
    // What the user sees: a portrait chart that fills a phone's width.
    let png = photo.file.as_deref().expect("a file");
    let reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .expect("the chart decodes");
    assert_eq!((reader.info().width, reader.info().height), (720, 1080));
    let text = fake
        .sent_to(ADA)
        .into_iter()
        .skip(progress_before)
        .find(|m| m.method == "sendMessage")
        .expect("progress text");
    assert!(
        text.text.contains("Finished interviews: 1."),
        "{}",
        text.text
    );
    let md = export(&fake, ADA);
    assert!(md.contains("# Your mlsd practice history"));
    assert!(md.contains("Ad click prediction"));
    assert!(md.contains("> What's the business objective"));
}

/// The callback data of the button labelled `label`.
fn button_labelled(m: &Sent, label: &str) -> Option<String> {
    m.markup.as_ref()?["inline_keyboard"]
        .as_array()?
        .iter()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .find(|b| b["text"] == label)
        .and_then(|b| b["callback_data"].as_str().map(str::to_owned))
}

#[test]
fn long_blocks_wait_behind_buttons_that_work_once_and_survive_a_restart() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let mut bot = BotProcess::ready(&fake, data.path(), &[]);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    let before = fake.sent_to(ADA).len();
    say(
        &fake,
        ADA,
        "What's the business objective, revenue? How many daily active users and peak QPS? \
         What's the latency budget? Do we log clicks and impressions, can users hide ads? How \
         often do new campaigns launch? Any privacy limits?",
        "2/7",
    );
    let replies: Vec<Sent> = fake.sent_to(ADA).into_iter().skip(before).collect();
    assert_eq!(replies.len(), 2, "{replies:#?}");
    let shown: usize = replies
        .iter()
        .map(|m| {
            let visible = crate::fake_telegram::check_html(&m.text).expect("valid HTML");
            visible.chars().map(char::len_utf16).sum::<usize>()
        })
        .sum();
    assert!(shown <= 1_200, "{shown} characters on screen");
    let result = &replies[0];
    assert!(!result.text.contains("A strong answer"), "{}", result.text);
    let strong = button_labelled(result, "Show a strong answer").expect("a strong-answer button");
    let full = button_labelled(result, "Full feedback").expect("a feedback button");

    let answer = press(
        &fake,
        ADA,
        &strong,
        "A strong answer (Clarifying requirements)",
    );
    assert!(answer.text.contains("500M DAU"), "{}", answer.text);

    // After a crash, the other button still works, and the first is not shown twice.
    bot.kill();
    let _bot = BotProcess::start(&fake.url(), data.path(), &[]);
    let feedback = press(&fake, ADA, &full, "Clarifying requirements:");
    assert!(
        feedback.text.contains("✓ Business objective"),
        "{}",
        feedback.text
    );
    let sent_before = fake.sent_to(ADA).len();
    let answered_before = fake.callback_answers().len();
    fake.button(ADA, &strong);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while fake.callback_answers().len() == answered_before {
        assert!(
            std::time::Instant::now() < deadline,
            "the tap was never answered"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let (_, word) = fake.callback_answers().pop().expect("an answer");
    assert_eq!(word.as_deref(), Some("Already shown above."));
    // The interview is where it was.
    say(&fake, ADA, "/repeat", "2/7");
    assert_eq!(fake.sent_to(ADA).len(), sent_before + 1);
}

#[test]
fn sigkill_in_the_middle_resumes_every_user_at_the_same_question() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let mut bot = BotProcess::ready(&fake, data.path(), &[]);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    say(&fake, ADA, "/skip", "2/7");
    say(&fake, 2002, "/interview news-feed", "1/7");
    bot.kill();
    let _bot = BotProcess::start(&fake.url(), data.path(), &[]);
    let again = say(&fake, ADA, "/repeat", "2/7 · Framing");
    assert!(!again.text.contains("1/7"));
    say(&fake, 2002, "/repeat", "1/7 · Clarifying requirements");
}

#[test]
fn redelivered_updates_after_a_crash_have_no_second_effect() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let mut bot = BotProcess::ready(&fake, data.path(), &[]);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    fake.wait_confirmed();
    // The next batch is handled, but the bot dies before confirming it.
    fake.freeze_confirmations();
    say(&fake, ADA, "/skip", "2/7");
    let replies_before = fake.sent_to(ADA).len();
    bot.kill();
    fake.thaw_confirmations();
    let _bot = BotProcess::start(&fake.url(), data.path(), &[]);
    // The /skip is delivered again; it must not skip a second stage.
    fake.wait_confirmed();
    let again = say(&fake, ADA, "/repeat", "· Framing");
    assert!(again.text.contains("2/7"), "{}", again.text);
    let repeats: Vec<Sent> = fake.sent_to(ADA).into_iter().skip(replies_before).collect();
    assert!(
        !repeats.iter().any(|m| m.text.contains("3/7")),
        "the redelivered /skip was applied twice"
    );
}

#[test]
fn bad_input_gets_a_clear_answer_and_loses_nothing() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let _bot = BotProcess::ready(&fake, data.path(), &[]);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    let sticker = serde_json::json!({"sticker": {
        "file_id": "a", "file_unique_id": "b", "type": "regular",
        "width": 512, "height": 512, "is_animated": false, "is_video": false
    }});
    for (fields, what) in [
        (sticker, "a sticker"),
        (
            serde_json::json!({"photo": [{"file_id": "p", "file_unique_id": "q", "width": 1, "height": 1}]}),
            "a photo",
        ),
        (
            serde_json::json!({"voice": {
                "file_id": "v", "file_unique_id": "w", "duration": 3,
                "mime_type": "audio/ogg", "file_size": 4000
            }}),
            "a voice message",
        ),
        (
            serde_json::json!({"document": {"file_id": "d", "file_unique_id": "e"}}),
            "a file",
        ),
        (
            serde_json::json!({"location": {"latitude": 52.5, "longitude": 13.4}}),
            "a location",
        ),
    ] {
        let before = fake.sent_to(ADA).len();
        fake.message(ADA, fields);
        let reply = fake.wait_for(ADA, before, what, |m| m.text.contains("text answers"));
        assert!(reply.text.contains(what), "{}", reply.text);
    }
    let long = format!("What is the revenue goal? {}", "really ".repeat(3000));
    let reply = say(&fake, ADA, &long, "first 4000 characters");
    assert!(reply.text.len() < long.len());
    say(
        &fake,
        ADA,
        "<b>bold?</b> & <script>alert(1)</script> 🙂 مرحبا \u{200B}",
        "Follow-up",
    );
    let edit_before = fake.sent_to(ADA).len();
    fake.edited(ADA, "changed my mind");
    fake.wait_for(ADA, edit_before, "about the edit", |m| {
        m.text.contains("first sent")
    });
    let stale_before = fake.callback_answers().len();
    fake.button(ADA, "domain:cooking");
    let deadline = Instant::now() + Duration::from_secs(30);
    while fake.callback_answers().len() == stale_before {
        assert!(Instant::now() < deadline, "stale button not answered");
        std::thread::sleep(Duration::from_millis(20));
    }
    let (_, text) = fake.callback_answers().last().cloned().expect("answer");
    assert_eq!(text.as_deref(), Some("That button is no longer valid."));
    say(&fake, ADA, "/dance", "I don't know");
    say(&fake, ADA, "/interview nope", "There is no case called");
    let group_before = fake.sent_to(-555).len();
    fake.group_text(-555, ADA, "/start");
    fake.wait_for(-555, group_before, "a private-chat note", |m| {
        m.text.contains("in private")
    });
    // Nothing above cost the interview its place.
    say(&fake, ADA, "/repeat", "1/7 · Clarifying requirements");
    // Every message was accepted by the fake server: valid HTML, within limits.
    assert!(fake.sent().iter().all(|m| !m.text.is_empty()));
}

#[test]
fn a_reply_longer_than_telegrams_limit_is_split_at_paragraphs() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let dialogues = tempfile::tempdir().expect("tempdir");
    let reference =
        std::fs::read_to_string(crate::util::root().join("dialogues/ad-click-prediction.toml"))
            .expect("reference case");
    let long_answer = "A strong answer covers <many> things & more. ".repeat(180);
    let changed = reference.replacen(
        "model_answer = \"\"\"\nA strong candidate pins down",
        &format!("model_answer = \"\"\"\n{long_answer}\n\nA strong candidate pins down"),
        1,
    );
    assert_ne!(changed, reference);
    std::fs::write(dialogues.path().join("case.toml"), changed).expect("write");
    let dir = dialogues.path().display().to_string();
    let _bot = BotProcess::ready(&fake, data.path(), &[("MLSD_DIALOGUES", &dir)]);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    let before = fake.sent_to(ADA).len();
    fake.text(ADA, "/skip");
    fake.wait_for(ADA, before, "the next question", |m| m.text.contains("2/7"));
    let skipped = fake
        .sent_to(ADA)
        .into_iter()
        .skip(before)
        .find(|m| m.text.contains("Skipped"))
        .expect("the stage's end");
    let strong = button_labelled(&skipped, "Show a strong answer").expect("a button");
    let before = fake.sent_to(ADA).len();
    fake.button(ADA, &strong);
    fake.wait_for(ADA, before, "the end of the strong answer", |m| {
        m.text.contains("A strong candidate pins down")
    });
    let parts: Vec<Sent> = fake.sent_to(ADA).into_iter().skip(before).collect();
    assert!(parts.len() >= 2, "{} part(s)", parts.len());
    for p in &parts {
        let visible = crate::fake_telegram::check_html(&p.text).expect("valid HTML");
        assert!(visible.chars().map(char::len_utf16).sum::<usize>() <= 4096);
    }
    assert!(parts.iter().any(|p| p.text.contains("&lt;many&gt;")));
}

#[test]
fn flood_control_server_errors_and_blocked_users_are_handled() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let _bot = BotProcess::ready(&fake, data.path(), &[]);
    // 429: the reply still arrives, after the wait Telegram asked for.
    fake.fail("sendMessage", &[Fault::RetryAfter(2)]);
    let asked = Instant::now();
    say(&fake, ADA, "/start", "Which domain");
    assert!(
        asked.elapsed() >= Duration::from_secs(2),
        "retry_after was not honoured"
    );
    // 5xx twice: delivered on a later attempt.
    fake.fail("sendMessage", &[Fault::ServerError, Fault::ServerError]);
    say(&fake, ADA, "/help", "Commands");
    // 403: the user blocked the bot; the reply is dropped and nothing else is tried.
    fake.fail("sendMessage", &[Fault::Forbidden]);
    let before = fake.sent_to(ADA).len();
    fake.text(ADA, "/domain");
    fake.wait_confirmed();
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(fake.sent_to(ADA).len(), before);
    // Writing again unblocks.
    say(&fake, ADA, "/help", "Commands");
}

#[test]
fn an_unreachable_bot_api_at_start_is_retried_not_fatal() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr")
    };
    let data = tempfile::tempdir().expect("tempdir");
    let mut bot = BotProcess::start(
        &format!("http://{port}"),
        data.path(),
        &[("MLSD_LOG", "trace")],
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while !bot.log().contains("cannot reach the Bot API") {
        assert!(Instant::now() < deadline, "no retry logged:\n{}", bot.log());
        assert!(
            bot.wait_exit(Duration::from_millis(50)).is_none(),
            "the bot exited:\n{}",
            bot.log()
        );
    }
    let fake = FakeTelegram::start_on(port);
    say(&fake, ADA, "/start", "Which domain");
    let log = bot.log();
    assert!(!log.contains(TOKEN), "the token leaked into the log");
    assert!(
        !log.contains("TEST-token"),
        "part of the token leaked into the log"
    );
    assert!(fake.tokens_seen().iter().all(|t| t == TOKEN));
}

#[test]
fn the_token_never_appears_in_logs() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let bot = BotProcess::ready(&fake, data.path(), &[("MLSD_LOG", "trace")]);
    fake.fail("sendMessage", &[Fault::ServerError]);
    say(&fake, ADA, "/start", "Which domain");
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    let log = bot.log();
    assert!(log.contains("connected to the Bot API"), "{log}");
    assert!(
        !log.contains(TOKEN) && !log.contains("TEST-token"),
        "token in log:\n{log}"
    );
}

fn keys_mentioning(data: &Path, user: u64) -> Vec<String> {
    let store = Store::open(data).expect("open store");
    let needle = user.to_be_bytes();
    let mut found = Vec::new();
    for name in store.db().tree_names() {
        let tree = store.db().open_tree(&name).expect("tree");
        for key in tree.iter().keys().filter_map(Result::ok) {
            if key.windows(8).any(|w| w == needle) {
                found.push(format!("{}: {:?}", String::from_utf8_lossy(&name), key));
            }
        }
    }
    found
}

#[test]
fn the_allowlist_refuses_others_and_stores_nothing_about_them() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let mut bot = BotProcess::ready(&fake, data.path(), &[("MLSD_ALLOWED_USERS", "1001, 7")]);
    say(&fake, ADA, "/start", "Which domain");
    say(&fake, 3003, "/start", "this bot is private");
    say(&fake, 3003, "I'd split by time", "this bot is private");
    fake.wait_confirmed();
    bot.kill();
    assert!(keys_mentioning(data.path(), 3003).is_empty());
    assert!(!keys_mentioning(data.path(), 1001).is_empty());
}

#[test]
fn delete_asks_first_then_leaves_no_key_of_that_user() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let mut bot = BotProcess::ready(&fake, data.path(), &[]);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    say(&fake, ADA, "/end", "Summary");
    say(&fake, 2002, "/start", "Which domain");
    let ask = say(&fake, ADA, "/delete", "Delete everything?");
    let buttons = ask.buttons();
    assert_eq!(buttons.len(), 2, "{buttons:?}");
    assert!(buttons[0].starts_with("delete:yes:"), "{buttons:?}");
    assert_eq!(buttons[1], "delete:no");
    press(&fake, ADA, "delete:no", "Nothing was deleted");
    press(&fake, ADA, &buttons[0], "nothing was deleted");
    let again = say(&fake, ADA, "/delete", "Delete everything?");
    assert_ne!(
        again.buttons()[0],
        buttons[0],
        "every question has its own button"
    );
    press(
        &fake,
        ADA,
        &again.buttons()[0],
        "everything I stored about you is erased",
    );
    fake.wait_confirmed();
    bot.kill();
    assert_eq!(
        keys_mentioning(data.path(), ADA as u64),
        Vec::<String>::new()
    );
    assert!(
        !keys_mentioning(data.path(), 2002).is_empty(),
        "other users are untouched"
    );
}

/// The old bug: a "Yes, delete everything" left unanswered stayed armed, and tapping it days
/// later erased the running interview and all history.
#[test]
fn an_old_delete_button_tapped_after_practising_erases_nothing() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let mut bot = BotProcess::ready(&fake, data.path(), &[]);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    say(&fake, ADA, "/end", "Summary");
    let ask = say(&fake, ADA, "/delete", "Delete everything?");
    let yes = ask.buttons()[0].clone();
    // The question is ignored; the user practises instead.
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    say(
        &fake,
        ADA,
        "I'd ask about the business objective and the scale first.",
        "",
    );
    let refused = press(&fake, ADA, &yes, "nothing was deleted");
    assert!(refused.text.contains("/delete again"), "{}", refused.text);
    say(&fake, ADA, "/repeat", "1/7");
    say(&fake, ADA, "/progress", "Finished interviews: 1");
    fake.wait_confirmed();
    bot.kill();
    assert!(!keys_mentioning(data.path(), ADA as u64).is_empty());
}

#[test]
fn admins_see_usage_figures_and_nobody_else_knows_the_command() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let _bot = BotProcess::ready(&fake, data.path(), &[("MLSD_ADMIN_IDS", "4242")]);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    say(&fake, ADA, "/end", "Summary");
    say(&fake, 2002, "/daily 08:30 Berlin", "Daily practice is on");
    say(&fake, ADA, "/stats", "I don't know");
    let stats = say(&fake, 4242, "/stats", "Usage");
    assert!(
        stats.text.contains("interviews started         1"),
        "{}",
        stats.text
    );
    assert!(
        stats.text.contains("daily subscribers          1"),
        "{}",
        stats.text
    );
    assert!(
        !stats.text.contains("1001") && !stats.text.contains("2002"),
        "no user ids"
    );
}

#[test]
fn one_user_never_sees_another_users_data() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let _bot = BotProcess::ready(&fake, data.path(), &[]);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    say(
        &fake,
        ADA,
        "ADA-SECRET what is the revenue model?",
        "Follow-up",
    );
    say(&fake, ADA, "/end", "Summary");
    say(&fake, 2002, "/interview news-feed", "1/7");
    say(&fake, 2002, "/end", "Summary");
    for (user, own, other) in [
        (ADA, "ADA-SECRET", "News feed"),
        (2002, "News feed", "ADA-SECRET"),
    ] {
        let before = fake.sent_to(user).len();
        fake.text(user, "/export");
        let doc = fake.wait_for(user, before, "an export", |m| m.method == "sendDocument");
        let md = String::from_utf8(doc.file.expect("file")).expect("utf8");
        assert!(md.to_lowercase().contains(&own.to_lowercase()), "{md}");
        assert!(
            !md.contains(other),
            "user {user} sees another user's data:\n{md}"
        );
        let progress = say(&fake, user, "/progress", "Finished interviews: 1.");
        assert!(!progress.text.contains(other));
    }
}

/// Sends /export and returns the Markdown file the bot sends back.
fn export(fake: &FakeTelegram, user: i64) -> String {
    let before = fake.sent_to(user).len();
    fake.text(user, "/export");
    let doc = fake.wait_for(user, before, "a document", |m| m.method == "sendDocument");
    String::from_utf8(doc.file.expect("file")).expect("utf8")
}

/// The text and callback data of every button of a message.
fn labelled_buttons(m: &Sent) -> Vec<(String, String)> {
    m.markup
        .as_ref()
        .and_then(|k| k["inline_keyboard"].as_array())
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .map(|b| {
            (
                b["text"].as_str().unwrap_or_default().to_owned(),
                b["callback_data"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_disputed_verdict_is_kept_for_the_authors_without_the_user_and_leaves_with_delete() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let env = [("MLSD_MAX_PROBES", "0"), ("MLSD_ADMIN_IDS", "4242")];
    let mut bot = BotProcess::ready(&fake, data.path(), &env);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    let before = fake.sent_to(ADA).len();
    say(
        &fake,
        ADA,
        "how quickly must we pick the ads before people notice the page is slow?",
        "2/7",
    );
    // The verdict is the first of the two messages, the next question the second.
    let verdict = fake.sent_to(ADA)[before].clone();
    assert!(
        verdict.text.contains("Clarifying requirements:"),
        "{}",
        verdict.text
    );
    let open = labelled_buttons(&verdict)
        .into_iter()
        .find(|(label, _)| label == "Something's wrong?")
        .unwrap_or_else(|| panic!("a dispute button under the verdict: {:?}", verdict.markup));
    let list = press(&fake, ADA, &open.1, "Which verdict was wrong?");
    let (label, pick) = labelled_buttons(&list)
        .into_iter()
        .find(|(label, _)| label.contains("Latency budget"))
        .unwrap_or_else(|| panic!("latency is offered: {:?}", list.markup));
    assert_eq!(label, "✗ I covered: Latency budget");
    let thanks = press(&fake, ADA, &pick, "Thanks, noted");
    // A second tap stores nothing twice.
    press(&fake, ADA, &pick, "already told us");
    let note = thanks.buttons()[0].clone();
    assert!(note.starts_with("dispute:note:"), "{note}");
    press(&fake, ADA, &note, "Send your note");
    say(
        &fake,
        ADA,
        "I asked how quickly the ads must be picked",
        "your note is with it",
    );
    // The interview carries on where it was.
    say(&fake, ADA, "/repeat", "2/7");
    // A forged or stale button is answered and changes nothing.
    press(&fake, ADA, "dispute:12345:0", "no longer here");

    let stats = say(&fake, 4242, "/stats", "Usage");
    assert!(
        stats.text.contains("Disputed verdicts: 1 to review"),
        "{}",
        stats.text
    );
    let md = export(&fake, ADA);
    assert!(md.contains("## Verdicts you disputed"), "{md}");
    assert!(md.contains("Latency budget — \"I covered it\""), "{md}");
    assert!(md.contains("your note: I asked how quickly"), "{md}");

    // The operator reads them from the running bot, with no user named.
    let listing = mlsd()
        .args(["disputes", "--json", "--data-dir"])
        .arg(data.path())
        .output()
        .expect("mlsd disputes");
    assert!(
        listing.status.success(),
        "{}",
        crate::util::text(&listing.stderr)
    );
    let groups: serde_json::Value =
        serde_json::from_slice(&listing.stdout).expect("json from the running bot");
    let dispute = &groups[0]["disputes"][0];
    assert_eq!(groups[0]["id"], "latency");
    assert_eq!(
        dispute["note"],
        "I asked how quickly the ads must be picked"
    );
    assert!(dispute["user"].is_null(), "{dispute}");
    assert_eq!(groups.as_array().map(Vec::len), Some(1));

    let ask = say(&fake, ADA, "/delete", "Delete everything?");
    press(
        &fake,
        ADA,
        &ask.buttons()[0],
        "everything I stored about you is erased",
    );
    fake.wait_confirmed();
    bot.kill();
    let store = Store::open(data.path()).expect("open store");
    let left = store.disputes().expect("disputes");
    assert!(left.entries.is_empty(), "{:?}", left.entries);
}

#[test]
fn an_operator_may_have_disputes_name_their_user() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let env = [("MLSD_MAX_PROBES", "0"), ("MLSD_DISPUTE_USER_IDS", "true")];
    let mut bot = BotProcess::ready(&fake, data.path(), &env);
    say(&fake, ADA, "/interview ad-click-prediction", "1/7");
    say(&fake, ADA, "what's the latency budget?", "2/7");
    let list = say(&fake, ADA, "/dispute", "Which verdict was wrong?");
    let (_, undeserved) = labelled_buttons(&list)
        .into_iter()
        .find(|(label, _)| label == "✓ Not earned: Latency budget")
        .unwrap_or_else(|| panic!("the credit can be disputed: {:?}", list.markup));
    press(&fake, ADA, &undeserved, "Thanks, noted");
    fake.wait_confirmed();
    bot.kill();
    let store = Store::open(data.path()).expect("open store");
    let all = store.disputes().expect("disputes").entries;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].1.user, Some(ADA as u64));
    assert_eq!(all[0].1.direction, mlsd::dispute::Direction::Undeserved);
}
