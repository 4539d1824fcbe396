//! Running mlsd yourself: configuration errors, webhooks, health, backups, shutdown.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use mlsd::store::Store;

use crate::bot::BotProcess;
use crate::fake_telegram::{FakeTelegram, TOKEN};
use crate::util::{mlsd, text};

const ADA: i64 = 1001;

fn bot_error(env: &[(&str, &str)]) -> String {
    let mut cmd = mlsd();
    cmd.arg("bot");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line, got:\n{err}");
    lines[0].to_owned()
}

#[test]
fn configuration_errors_are_one_line_naming_the_problem_and_the_fix() {
    let data = tempfile::tempdir().expect("tempdir");
    let dir = data.path().display().to_string();
    assert_eq!(
        bot_error(&[("MLSD_DATA_DIR", &dir)]),
        "error: no bot token: set TELOXIDE_TOKEN to the token @BotFather gave you (or pass --token)"
    );
    let file = data.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let inside_file = file.join("data").display().to_string();
    let err = bot_error(&[("TELOXIDE_TOKEN", TOKEN), ("MLSD_DATA_DIR", &inside_file)]);
    assert!(
        err.starts_with(&format!(
            "error: cannot open the database at {inside_file}: cannot create the directory"
        )),
        "{err}"
    );
    let err = bot_error(&[
        ("TELOXIDE_TOKEN", TOKEN),
        ("MLSD_DATA_DIR", &dir),
        ("MLSD_MAX_SEND_RATE", "20000"),
    ]);
    assert!(
        err.starts_with("error: MLSD_MAX_SEND_RATE must be between 0 (no global pacing) and"),
        "{err}"
    );
    let err = bot_error(&[
        ("TELOXIDE_TOKEN", TOKEN),
        ("MLSD_DATA_DIR", &dir),
        ("MLSD_DIALOGUES", "/nonexistent"),
    ]);
    assert_eq!(
        err,
        "error: no dialogue files at /nonexistent: check --dialogues / MLSD_DIALOGUES, or leave both unset to use the built-in cases"
    );
    let broken = tempfile::tempdir().expect("tempdir");
    std::fs::write(broken.path().join("bad.toml"), "id = 3").expect("write");
    let broken_dir = broken.path().display().to_string();
    let mut cmd = mlsd();
    let out = cmd
        .arg("bot")
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("MLSD_DATA_DIR", &dir)
        .env("MLSD_DIALOGUES", &broken_dir)
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.lines().last().unwrap_or("").contains(&format!(
            "no usable case study in {broken_dir}; run `mlsd lint {broken_dir}`"
        )),
        "{err}"
    );
    let err = bot_error(&[
        ("TELOXIDE_TOKEN", TOKEN),
        ("MLSD_DATA_DIR", &dir),
        ("MLSD_ALLOWED_USERS", "42, bob"),
    ]);
    assert!(
        err.contains("`bob` in the allowed users is not a numeric Telegram user id"),
        "{err}"
    );
    let err = bot_error(&[
        ("TELOXIDE_TOKEN", TOKEN),
        ("MLSD_DATA_DIR", &dir),
        ("TELOXIDE_API_URL", "not a url"),
    ]);
    assert!(
        err.contains("TELOXIDE_API_URL `not a url` is not a URL"),
        "{err}"
    );
    assert!(!err.contains(TOKEN));
}

fn post(addr: &str, path: &str, secret: Option<&str>, body: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).expect("connect to the webhook");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let header = secret
        .map(|s| format!("X-Telegram-Bot-Api-Secret-Token: {s}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n{header}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

#[test]
fn webhook_mode_accepts_only_calls_with_the_secret_token() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let url = format!("http://{listen}/telegram-hook");
    let _bot = BotProcess::start(
        &fake.url(),
        data.path(),
        &[
            ("MLSD_WEBHOOK_URL", &url),
            ("MLSD_WEBHOOK_LISTEN", &listen),
            ("MLSD_WEBHOOK_SECRET", "s3cret-Token_1"),
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while fake.webhook().is_none() {
        assert!(
            Instant::now() < deadline,
            "the webhook was never registered"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        fake.webhook(),
        Some((url.clone(), "s3cret-Token_1".to_owned()))
    );
    let update = fake.text_update(ADA, "/start");
    assert_eq!(post(&listen, "/telegram-hook", None, &update), 401);
    assert_eq!(post(&listen, "/telegram-hook", Some("wrong"), &update), 401);
    std::thread::sleep(Duration::from_millis(500));
    assert!(fake.sent_to(ADA).is_empty(), "a refused call had an effect");
    assert_eq!(
        post(&listen, "/telegram-hook", Some("s3cret-Token_1"), &update),
        200
    );
    fake.wait_for(ADA, 0, "the greeting", |m| m.text.contains("Which domain"));
    // Telegram retrying the same update has no second effect.
    assert_eq!(
        post(&listen, "/telegram-hook", Some("s3cret-Token_1"), &update),
        200
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(fake.sent_to(ADA).len(), 1);
}

fn health(data: &Path) -> (bool, String) {
    let out = mlsd()
        .arg("health")
        .arg("--data-dir")
        .arg(data)
        .output()
        .expect("run");
    (out.status.success(), text(&out.stdout))
}

#[test]
fn health_reflects_whether_the_bot_is_running_and_reaching_telegram() {
    let data = tempfile::tempdir().expect("tempdir");
    let (ok, said) = health(data.path());
    assert!(!ok);
    assert!(
        said.starts_with("unhealthy: the bot is not running"),
        "{said}"
    );
    let fake = FakeTelegram::start();
    let _bot = BotProcess::ready(&fake, data.path(), &[]);
    let (ok, said) = health(data.path());
    assert!(ok, "{said}");
    assert!(
        said.starts_with("healthy: polling, last contact with the Bot API"),
        "{said}"
    );
}

fn all_records(data: &Path) -> Vec<(Vec<u8>, Vec<u8>)> {
    let store = Store::open(data).expect("open");
    let mut out = Vec::new();
    for name in store.db().tree_names() {
        let tree = store.db().open_tree(&name).expect("tree");
        for (k, v) in tree.iter().filter_map(Result::ok) {
            let mut key = name.to_vec();
            key.push(b'/');
            key.extend_from_slice(&k);
            out.push((key, v.to_vec()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_backup_taken_while_the_bot_runs_restores_every_users_record() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let mut bot = BotProcess::ready(&fake, data.path(), &[]);
    for (user, case) in [(ADA, "ad-click-prediction"), (2002, "news-feed")] {
        let before = fake.sent_to(user).len();
        fake.text(user, &format!("/interview {case}"));
        fake.wait_for(user, before, "the first question", |m| {
            m.text.contains("1/7")
        });
    }
    let before = fake.sent_to(3003).len();
    fake.text(3003, "/daily 08:30 Berlin");
    fake.wait_for(3003, before, "a confirmation", |m| {
        m.text.contains("Daily practice is on")
    });
    fake.wait_confirmed();
    let backups = tempfile::tempdir().expect("tempdir");
    let file = backups.path().join("mlsd.backup");
    let out = mlsd()
        .arg("backup")
        .arg(&file)
        .arg("--data-dir")
        .arg(data.path())
        .output()
        .expect("run backup");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("backed up"));
    // Let the outboxes drain, then stop, so the original can be compared.
    std::thread::sleep(Duration::from_secs(1));
    bot.kill();
    let restored = tempfile::tempdir().expect("tempdir");
    let out = mlsd()
        .arg("restore")
        .arg(&file)
        .arg("--data-dir")
        .arg(restored.path())
        .output()
        .expect("run restore");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let users = |records: &[(Vec<u8>, Vec<u8>)]| -> Vec<Vec<u8>> {
        records
            .iter()
            .filter(|(k, _)| k.starts_with(b"users/"))
            .map(|(k, _)| k.clone())
            .collect()
    };
    let original = all_records(data.path());
    let copy = all_records(restored.path());
    assert_eq!(users(&original).len(), 3);
    assert_eq!(users(&copy), users(&original));
    assert!(copy.iter().any(|(k, _)| k.starts_with(b"daily-due/")));
    // Restoring again would overwrite: refused.
    let out = mlsd()
        .arg("restore")
        .arg(&file)
        .arg("--data-dir")
        .arg(restored.path())
        .output()
        .expect("run restore");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("already holds data"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn sigterm_finishes_the_update_in_hand_and_exits_cleanly() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let mut bot = BotProcess::ready(&fake, data.path(), &[]);
    let before = fake.sent_to(ADA).len();
    fake.text(ADA, "/interview ad-click-prediction");
    crate::bot::sigterm(bot.pid());
    let status = bot
        .wait_exit(Duration::from_secs(20))
        .expect("exits after SIGTERM");
    assert!(status.success(), "{status:?}\n{}", bot.log());
    assert!(bot.log().contains("stopped"), "{}", bot.log());
    // Whatever the update did is kept: after a restart the interview is there, and the
    // question was sent exactly once.
    let _again = BotProcess::ready(&fake, data.path(), &[]);
    let later = fake.sent_to(ADA).len();
    fake.text(ADA, "/repeat");
    fake.wait_for(ADA, later, "the question again", |m| m.text.contains("1/7"));
    let intros = fake
        .sent_to(ADA)
        .iter()
        .skip(before)
        .filter(|m| m.text.contains("Case study:"))
        .count();
    assert_eq!(intros, 1);
}

#[test]
fn plain_mlsd_runs_the_bot_when_a_token_is_set_and_shows_help_otherwise() {
    let fake = FakeTelegram::start();
    let data = tempfile::tempdir().expect("tempdir");
    let mut child = mlsd()
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", fake.url())
        .env("MLSD_DATA_DIR", data.path())
        .env("MLSD_POLL_TIMEOUT", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn mlsd");
    let deadline = Instant::now() + Duration::from_secs(30);
    while fake.commands().is_none() {
        assert!(
            Instant::now() < deadline,
            "plain `mlsd` did not start the bot"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    fake.text(ADA, "/start");
    fake.wait_for(ADA, 0, "the greeting", |m| m.text.contains("Which domain"));
    let _ = child.kill();
    let _ = child.wait();
    let out = mlsd().output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stdout).contains("practice"),
        "help lists the commands"
    );
}

/// Sends `/start` from `users` at once and waits until each got the domain question.
fn everyone_starts(fake: &FakeTelegram, users: std::ops::Range<i64>) {
    for user in users.clone() {
        fake.text(user, "/start");
    }
    for user in users {
        fake.wait_for(user, 0, "the domain question", |m| {
            m.text.contains("Which domain")
        });
    }
}

#[test]
fn max_send_rate_paces_all_chats_together_and_zero_turns_pacing_off() {
    // The fake answers 429 above three messages a second, as Telegram does above its budget.
    let fake = FakeTelegram::start();
    fake.rate_limit(3);
    let data = tempfile::tempdir().expect("tempdir");
    let mut bot = BotProcess::ready(&fake, data.path(), &[("MLSD_MAX_SEND_RATE", "2")]);
    let started = std::time::Instant::now();
    everyone_starts(&fake, 2000..2008);
    assert_eq!(fake.rejected_429(), 0, "paced below the limit: no 429");
    let sent = fake.sent().len();
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(((sent as u64 - 2) * 1000) / 2),
        "{sent} messages at two a second"
    );
    bot.kill();

    let fake = FakeTelegram::start();
    fake.rate_limit(3);
    let data = tempfile::tempdir().expect("tempdir");
    let _bot = BotProcess::ready(&fake, data.path(), &[("MLSD_MAX_SEND_RATE", "0")]);
    everyone_starts(&fake, 2000..2008);
    assert!(
        fake.rejected_429() > 0,
        "without global pacing the burst hits the limit"
    );
}
