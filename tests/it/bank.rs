//! The case bank built into the binary: every command works from a directory that has no
//! `dialogues/`, and `--dialogues` / `--with-builtin` replace or extend it.

use std::path::Path;
use std::process::Command;

use crate::fake_telegram::FakeTelegram;
use crate::util::{mlsd, root, run_with_input, text};

/// The real binary, run from an empty directory outside the repository.
fn elsewhere(cwd: &Path) -> Command {
    let mut cmd = mlsd();
    cmd.current_dir(cwd);
    cmd
}

fn case_ids(cwd: &Path, args: &[&str]) -> Vec<String> {
    let out = elsewhere(cwd)
        .args(args)
        .args(["cases", "--json"])
        .output()
        .expect("run cases");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    list.as_array()
        .expect("array")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_owned())
        .collect()
}

fn shipped_case_count() -> usize {
    std::fs::read_dir(root().join("dialogues"))
        .expect("dialogues/")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        // The shared vocabulary and the interviewer's conduct are not cases.
        .filter(|e| {
            !["vocabulary.toml", "interviewer.toml"].contains(&&*e.file_name().to_string_lossy())
        })
        .count()
}

#[test]
fn every_command_works_from_a_directory_without_dialogue_files() {
    let cwd = tempfile::tempdir().expect("tempdir");
    let data = tempfile::tempdir().expect("tempdir");

    let ids = case_ids(cwd.path(), &[]);
    assert!(ids.contains(&"ad-click-prediction".to_owned()), "{ids:?}");
    assert!(ids.len() >= shipped_case_count(), "{ids:?}");

    let out = elsewhere(cwd.path())
        .arg("lint")
        .output()
        .expect("run lint");
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).starts_with("ok: "),
        "{}",
        text(&out.stdout)
    );

    let out = run_with_input(
        elsewhere(cwd.path()).args([
            "score",
            "--case",
            "ad-click-prediction",
            "--stage",
            "data",
            "--json",
        ]),
        "I'd split by time so nothing from the future leaks into training.",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(v["score"].as_u64().is_some_and(|s| s > 0), "{v}");

    let graded = root().join("tests/graded/ad-click-prediction.toml");
    let out = elsewhere(cwd.path())
        .arg("grade")
        .arg(&graded)
        .output()
        .expect("run grade");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("all"), "{}", text(&out.stdout));

    let out = run_with_input(
        elsewhere(cwd.path())
            .args(["practice", "--case", "ad-click-prediction", "--data-dir"])
            .arg(data.path()),
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1/7"), "{}", text(&out.stdout));
}

#[test]
fn the_bot_interviews_from_a_directory_without_dialogue_files() {
    let cwd = tempfile::tempdir().expect("tempdir");
    let data = tempfile::tempdir().expect("tempdir");
    let fake = FakeTelegram::start();
    let bot = crate::bot::BotProcess::start_in(cwd.path(), &fake.url(), data.path(), &[]);
    fake.text(1001, "/interview ad-click-prediction");
    fake.wait_for(1001, 0, "the first question", |m| m.text.contains("1/7"));
    drop(bot);
}

#[test]
fn dialogues_replaces_the_builtin_bank_and_with_builtin_adds_to_it() {
    let cwd = tempfile::tempdir().expect("tempdir");
    let mine = tempfile::tempdir().expect("tempdir");
    let reference = std::fs::read_to_string(root().join("dialogues/ad-click-prediction.toml"))
        .expect("reference case");
    std::fs::write(
        mine.path().join("my-ads.toml"),
        reference.replacen(
            "id = \"ad-click-prediction\"",
            "id = \"my-ad-click-prediction\"",
            1,
        ),
    )
    .expect("write a case");
    let dir = mine.path().to_str().expect("UTF-8 temp path");

    assert_eq!(
        case_ids(cwd.path(), &["--dialogues", dir]),
        ["my-ad-click-prediction"]
    );
    let both = case_ids(cwd.path(), &["--dialogues", dir, "--with-builtin"]);
    assert!(
        both.contains(&"my-ad-click-prediction".to_owned()),
        "{both:?}"
    );
    assert!(both.contains(&"ad-click-prediction".to_owned()), "{both:?}");
    assert_eq!(both.len(), case_ids(cwd.path(), &[]).len() + 1);

    let out = elsewhere(cwd.path())
        .args(["--dialogues", "no-such-dir", "cases"])
        .output()
        .expect("run cases");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no dialogue files at no-such-dir"),
        "{}",
        text(&out.stderr)
    );
}
