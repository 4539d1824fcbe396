//! `mlsd practice` through the real binary's stdin: quitting and resuming, SIGKILL, and what
//! happens when the data directory is locked or damaged.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mlsd::store::{SESSIONS, Store, UserKey};

use crate::util::{mlsd, run_with_input, text};

fn practice(data: &Path, args: &[&str], input: &str) -> (bool, String, String) {
    let out = run_with_input(
        mlsd()
            .arg("practice")
            .arg("--data-dir")
            .arg(data)
            .args(args),
        input,
    );
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

/// The paragraph after the `k/7 · Stage` heading: the question text.
fn question_after(out: &str, heading: &str) -> String {
    let at = out
        .rfind(heading)
        .unwrap_or_else(|| panic!("no `{heading}` in\n{out}"));
    out[at..]
        .split("\n\n")
        .nth(1)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[test]
fn quitting_and_starting_again_resumes_the_same_question() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, first, _) = practice(
        dir.path(),
        &["--case", "ad-click-prediction"],
        "/skip\nbinary classification\n",
    );
    assert!(ok);
    assert!(first.contains("Your progress is saved"), "{first}");
    let question = question_after(&first, "2/7 · Framing");
    let probe_line = first
        .lines()
        .rev()
        .find(|l| l.starts_with("Follow-up:"))
        .expect("a follow-up was asked")
        .to_owned();

    let (ok, second, _) = practice(dir.path(), &[], "");
    assert!(ok);
    assert!(
        second.contains("Welcome back. We were in the middle of Ad click prediction"),
        "{second}"
    );
    assert_eq!(question_after(&second, "2/7 · Framing"), question);
    assert!(
        second.contains(&probe_line),
        "the pending follow-up is asked again:\n{second}"
    );

    let (_, third, _) = practice(dir.path(), &[], "/skip\n");
    assert!(third.contains("3/7 · Data preparation"), "{third}");
}

#[test]
fn a_new_run_asks_the_domain_and_keeps_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, out, _) = practice(dir.path(), &[], "3\n/end\n");
    assert!(ok);
    assert!(out.contains("Which domain do you find hardest?"), "{out}");
    assert!(out.contains("Noted: Search & recommendations."), "{out}");
    assert!(out.contains("Summary:"), "{out}");
    // Next time, Enter keeps the previous choice.
    let (_, again, _) = practice(dir.path(), &[], "\n");
    assert!(
        again.contains("Press Enter to keep Search & recommendations"),
        "{again}"
    );
    assert!(again.contains("Case study:"), "{again}");
}

/// A practice process that is read while it runs.
struct Live {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: String,
}

impl Live {
    fn start(data: &Path, args: &[&str]) -> Live {
        let mut child = mlsd()
            .arg("practice")
            .arg("--data-dir")
            .arg(data)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Live {
            child,
            lines,
            seen: String::new(),
        }
    }

    fn send(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        writeln!(stdin, "{line}").expect("write");
        stdin.flush().expect("flush");
    }

    fn wait_for(&mut self, marker: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.seen.contains(marker) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push_str(&line);
                    self.seen.push('\n');
                }
                Err(_) => panic!("`{marker}` never appeared in:\n{}", self.seen),
            }
        }
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn sigkill_right_after_a_reply_loses_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut live = Live::start(dir.path(), &["--case", "ad-click-prediction"]);
    live.wait_for("1/7 · Clarifying requirements");
    live.send("What is the business objective? How many daily active users?");
    live.wait_for("Follow-up:");
    // SIGKILL: no chance to save anything on the way out.
    live.child.kill().expect("kill");
    live.child.wait().expect("wait");
    let (ok, out, _) = practice(dir.path(), &[], "");
    assert!(ok);
    assert!(out.contains("Welcome back"), "{out}");
    assert!(out.contains("1/7 · Clarifying requirements"), "{out}");
    assert!(
        out.contains("Follow-up:"),
        "the pending follow-up survives: {out}"
    );
}

#[test]
fn a_data_directory_in_use_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut live = Live::start(dir.path(), &["--case", "ad-click-prediction"]);
    live.wait_for("1/7");
    let (ok, _, err) = practice(dir.path(), &[], "");
    assert!(!ok);
    assert_eq!(
        err.trim(),
        format!(
            "error: cannot open the database at {}: it is in use by another mlsd process",
            dir.path().display()
        )
    );
}

#[test]
fn an_unreadable_record_is_reported_kept_and_can_be_set_aside() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = Store::open(dir.path()).expect("open");
        store
            .tree(SESSIONS)
            .expect("tree")
            .insert(UserKey::Terminal.bytes(), &b"\x00garbage"[..])
            .expect("insert");
        store.flush().expect("flush");
    }
    let (ok, _, err) = practice(dir.path(), &[], "");
    assert!(!ok);
    assert!(err.contains("the session record `terminal`"), "{err}");
    assert!(err.contains(&dir.path().display().to_string()), "{err}");
    assert!(err.contains("mlsd practice --reset"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let (ok, out, err) = practice(
        dir.path(),
        &["--reset", "--case", "ad-click-prediction"],
        "",
    );
    assert!(ok, "{err}");
    assert!(err.contains("set aside"), "{err}");
    assert!(out.contains("Case study:"), "{out}");
    let store = Store::open(dir.path()).expect("open");
    assert_eq!(store.tree(mlsd::store::QUARANTINE).expect("tree").len(), 1);
}

#[test]
fn damaged_database_files_are_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, _, _) = practice(dir.path(), &["--case", "ad-click-prediction"], "/skip\n");
    assert!(ok);
    for entry in walk(dir.path()) {
        let len = std::fs::metadata(&entry).map(|m| m.len()).unwrap_or(0) as usize;
        std::fs::write(&entry, vec![0xA5u8; len.max(64)]).expect("overwrite");
    }
    let (ok, _, err) = practice(dir.path(), &[], "");
    assert!(!ok, "damaged files must not be read as an empty database");
    assert!(
        err.starts_with("error: cannot open the database at"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)
        .expect("read_dir")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
