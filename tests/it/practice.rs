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

/// `mlsd practice` on a pseudo-terminal, as a person at a keyboard runs it.
struct Terminal {
    child: Child,
    keys: std::fs::File,
    screen: std::sync::Arc<std::sync::Mutex<String>>,
    seen: usize,
}

impl Terminal {
    fn start(data: &Path, args: &[&str]) -> Terminal {
        use std::os::fd::{FromRawFd, OwnedFd};
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: 40,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two descriptors that this test then owns.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and are owned here alone.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let clone = |fd: &OwnedFd| fd.try_clone().expect("dup");
        let child = mlsd()
            .arg("practice")
            .arg("--data-dir")
            .arg(data)
            .args(args)
            .env("TERM", "xterm")
            .stdin(Stdio::from(clone(&slave)))
            .stdout(Stdio::from(clone(&slave)))
            .stderr(Stdio::from(slave))
            .spawn()
            .expect("spawn mlsd practice");
        let keys = std::fs::File::from(clone(&master));
        let mut replies = std::fs::File::from(clone(&master));
        let mut display = std::fs::File::from(master);
        let screen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let shared = screen.clone();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut buf = [0u8; 4096];
            while let Ok(n) = display.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let chunk = String::from_utf8_lossy(&buf[..n]).into_owned();
                // The editor asks where the cursor is; a terminal answers.
                for _ in chunk.matches("\x1b[6n") {
                    let _ = replies.write_all(b"\x1b[1;1R");
                }
                shared.lock().expect("screen").push_str(&chunk);
            }
        });
        Terminal {
            child,
            keys,
            screen,
            seen: 0,
        }
    }

    fn type_keys(&mut self, keys: &str) {
        self.keys.write_all(keys.as_bytes()).expect("type");
        self.keys.flush().expect("flush");
    }

    /// Waits for `marker` on screen after what was already seen; returns what came since.
    fn wait_for(&mut self, marker: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen.lock().expect("screen").clone();
            if let Some(at) = screen[self.seen..].find(marker) {
                let since = screen[self.seen..self.seen + at + marker.len()].to_owned();
                self.seen += at + marker.len();
                return since;
            }
            assert!(
                Instant::now() < deadline,
                "no {marker:?} on screen; it shows:\n{}",
                &screen[self.seen..]
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn on_a_terminal_a_pasted_paragraph_is_one_answer_and_up_recalls_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut term = Terminal::start(dir.path(), &["--case", "ad-click-prediction"]);
    term.wait_for("1/7 · Clarifying requirements");
    term.wait_for("> ");
    // A paragraph pasted with its line breaks, then Enter: one answer, both questions in it.
    term.type_keys(
        "\x1b[200~What's the business goal, revenue?\nHow many daily active users and what \
         peak QPS?\x1b[201~\r",
    );
    let reply = term.wait_for("Follow-up:");
    assert!(reply.contains("To your questions:"), "{reply}");
    assert!(reply.contains("500M"), "{reply}");
    term.wait_for("> ");
    // Up brings the answer back; sent again, it is recognised as said before.
    term.type_keys("\x1b[A\r");
    term.wait_for("You said that already");
    term.wait_for("> ");
    // Ctrl-D on an empty line leaves, with progress saved.
    term.type_keys("\x04");
    term.wait_for("Your progress is saved");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = term.child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "mlsd did not leave on Ctrl-D");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
}

#[test]
fn on_a_terminal_ctrl_c_leaves_with_progress_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut term = Terminal::start(dir.path(), &["--case", "ad-click-prediction"]);
    term.wait_for("> ");
    term.type_keys("half an answer\x03");
    term.wait_for("Your progress is saved");
    drop(term);
    let (ok, again, _) = practice(dir.path(), &[], "");
    assert!(ok);
    assert!(again.contains("1/7 · Clarifying requirements"), "{again}");
}
