//! Data at rest, through the real binary: a database file that is truncated, has flipped
//! bytes or is gone is refused at start with a way back, and a snapshot is there to restore.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

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

/// A data directory with one interview under way, opened twice so a snapshot exists.
fn with_progress() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, out, err) = practice(
        dir.path(),
        &["--case", "ad-click-prediction"],
        "/skip\nbinary classification of clicks\n",
    );
    assert!(ok, "{out}{err}");
    let (ok, out, err) = practice(dir.path(), &[], "");
    assert!(ok, "{err}");
    assert!(out.contains("Welcome back"), "{out}");
    dir
}

fn snapshots(data: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(data.join("snapshots"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    all.sort();
    all
}

/// What a user must see instead of an empty start.
fn assert_refused(data: &Path, stderr: &str) {
    let dir = data.display().to_string();
    // The bot's log may carry sled's own complaint first; the error is the last word.
    let err = stderr
        .lines()
        .rfind(|l| l.starts_with("error: "))
        .unwrap_or(stderr);
    assert!(
        err.starts_with(&format!(
            "error: cannot open the database at {dir}: it is damaged"
        )),
        "{err}"
    );
    assert!(err.contains("mlsd restore"), "{err}");
    assert!(
        err.contains(&format!("{dir}.damaged/snapshots/mlsd-")),
        "{err}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Welcome"), "{stderr}");
}

/// The end of what sled has written: its log file is preallocated and the rest is zeros,
/// which a truncation can take away without losing anything.
fn written(bytes: &[u8]) -> usize {
    bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1)
}

/// Where the newest copy of the session record lies in the log.
fn live_record(bytes: &[u8]) -> std::ops::Range<usize> {
    let needle = b"ad-click-prediction";
    let at = bytes
        .windows(needle.len())
        .rposition(|w| w == needle)
        .expect("the session is in the log");
    at..at + needle.len()
}

fn damage(data: &Path, how: impl FnOnce(&mut Vec<u8>)) {
    let file = data.join("db");
    let mut bytes = std::fs::read(&file).expect("read db");
    how(&mut bytes);
    std::fs::write(&file, bytes).expect("write db");
}

#[test]
fn a_truncated_database_is_refused_not_started_empty() {
    let data = with_progress();
    damage(data.path(), |b| b.truncate(written(b) / 2));
    let (ok, out, err) = practice(data.path(), &[], "");
    assert!(!ok, "{out}");
    assert_refused(data.path(), &err);
    // Every command that opens the store refuses it, the bot included.
    let out = mlsd()
        .args(["bot", "--token", "1:x", "--api-url", "http://127.0.0.1:9"])
        .arg("--data-dir")
        .arg(data.path())
        .stdin(Stdio::null())
        .output()
        .expect("run bot");
    assert!(!out.status.success());
    assert_refused(data.path(), &text(&out.stderr));
}

#[test]
fn flipped_bytes_in_the_stored_progress_are_refused() {
    let data = with_progress();
    let pristine = std::fs::read(data.path().join("db")).expect("read");
    let record = live_record(&pristine);
    // In the record itself and in the log entries after it.
    let end = written(&pristine);
    let spots = [
        record.start,
        record.start + 5,
        record.end - 1,
        (record.end + end) / 2,
        end - 1,
    ];
    for at in spots {
        std::fs::write(data.path().join("db"), &pristine).expect("restore bytes");
        damage(data.path(), |b| b[at] ^= 0x5a);
        let (ok, _, err) = practice(data.path(), &[], "");
        assert!(!ok, "a flipped byte at {at} of {end} was not noticed");
        assert_refused(data.path(), &err);
    }
}

#[test]
fn a_lost_database_file_or_manifest_is_refused() {
    let data = with_progress();
    std::fs::remove_file(data.path().join("db")).expect("remove db");
    let (ok, _, err) = practice(data.path(), &[], "");
    assert!(!ok);
    assert_refused(data.path(), &err);

    let data = with_progress();
    std::fs::remove_file(data.path().join("mlsd-manifest")).expect("remove manifest");
    let (ok, _, err) = practice(data.path(), &[], "");
    assert!(!ok);
    assert_refused(data.path(), &err);
}

#[test]
fn the_way_back_the_error_names_restores_the_interview() {
    let data = with_progress();
    damage(data.path(), |b| b.truncate(written(b) * 2 / 3));
    let (_, _, err) = practice(data.path(), &[], "");
    assert_refused(data.path(), &err);
    // Follow the message to the letter.
    let aside = PathBuf::from(format!("{}.damaged", data.path().display()));
    std::fs::rename(data.path(), &aside).expect("move aside");
    let snapshot = snapshots(&aside).pop().expect("a snapshot was kept");
    let out = mlsd()
        .arg("restore")
        .arg(&snapshot)
        .arg("--data-dir")
        .arg(data.path())
        .output()
        .expect("restore");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (ok, out, err) = practice(data.path(), &[], "");
    assert!(ok, "{err}");
    assert!(
        out.contains("Welcome back. We were in the middle of Ad click prediction"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&aside);
}

#[test]
fn snapshots_rotate_and_keep_the_configured_number() {
    let data = with_progress();
    assert_eq!(snapshots(data.path()).len(), 1, "one snapshot a day");
    // One hour apart is the finest interval; fake older snapshots by renaming.
    for day in 1..=9 {
        let name = format!("mlsd-202001{day:02}T000000Z.bak");
        std::fs::copy(
            &snapshots(data.path())[0],
            data.path().join("snapshots").join(name),
        )
        .expect("copy");
    }
    let newest = snapshots(data.path()).pop().expect("newest");
    let mut cmd = mlsd();
    cmd.env("MLSD_SNAPSHOT_KEEP", "3");
    let out = run_with_input(cmd.arg("practice").arg("--data-dir").arg(data.path()), "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let kept = snapshots(data.path());
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert_eq!(kept.last(), Some(&newest), "the newest is never dropped");
}

#[test]
fn sigkill_at_random_moments_never_looks_like_damage() {
    let data = tempfile::tempdir().expect("tempdir");
    let answers = [
        "/skip",
        "We predict the probability of a click as binary classification with logistic regression",
        "Labels come from clicks, with negative sampling and a chronological split",
    ];
    for round in 0..12u64 {
        let mut child = mlsd()
            .arg("practice")
            .arg("--data-dir")
            .arg(data.path())
            .args(["--case", "ad-click-prediction"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        if let Some(stdin) = child.stdin.as_mut() {
            for a in answers.iter().cycle().take(6) {
                let _ = writeln!(stdin, "{a}");
            }
        }
        // A spread of moments: during open, mid-answer, mid-flush.
        std::thread::sleep(Duration::from_millis(5 + (round * 37) % 200));
        let _ = child.kill();
        let _ = child.wait();
        let (ok, _, err) = practice(data.path(), &[], "");
        assert!(ok, "a kill in round {round} was taken for damage: {err}");
    }
}
