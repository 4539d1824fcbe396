//! The author's loop, end to end through the real binary: a paraphrased point is missed,
//! the candidate disputes it, the operator exports it, the author adds the phrasing that
//! `mlsd lint` asks for, and the same answer is credited.

use std::path::Path;

use crate::util::{mlsd, root, run_with_input, text};

/// A fair way to ask about the latency budget that the shipped bank does not know.
const PARAPHRASE: &str = "how quickly must we pick the ads before people notice the page is slow?";

fn practice(data: &Path, dialogues: &Path, input: &str) -> String {
    let out = run_with_input(
        mlsd()
            .args([
                "practice",
                "--case",
                "ad-click-prediction",
                "--max-probes",
                "0",
            ])
            .arg("--data-dir")
            .arg(data)
            .arg("--dialogues")
            .arg(dialogues),
        input,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn run(args: &[&str], dialogues: &Path) -> (bool, String) {
    let out = mlsd()
        .args(args)
        .arg("--dialogues")
        .arg(dialogues)
        .output()
        .expect("run mlsd");
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    (out.status.success(), all)
}

#[test]
fn a_missed_paraphrase_is_disputed_exported_added_and_then_credited() {
    let bank = tempfile::tempdir().expect("tempdir");
    for file in ["ad-click-prediction.toml", "vocabulary.toml"] {
        std::fs::copy(root().join("dialogues").join(file), bank.path().join(file))
            .expect("copy the case");
    }
    let case_file = bank.path().join("ad-click-prediction.toml");
    let data = tempfile::tempdir().expect("tempdir");

    // 1. The candidate asks about latency in their own words; the judge misses it.
    let before = practice(
        data.path(),
        bank.path(),
        &format!("{PARAPHRASE}\n/dispute\n"),
    );
    assert!(before.contains("Which verdict was wrong?"), "{before}");
    let number = before
        .lines()
        .find(|l| l.contains("✗ Latency budget — I covered it"))
        .and_then(|l| l.trim().split('.').next())
        .unwrap_or_else(|| panic!("latency is offered as missed:\n{before}"))
        .to_owned();

    // 2. They pick it, with a note. Nothing about their score changes.
    let picked = practice(
        data.path(),
        bank.path(),
        &format!("/dispute requirements\n{number} I asked how quickly the ads must be picked\n"),
    );
    assert!(
        picked.contains("Thanks, noted: “Latency budget”"),
        "{picked}"
    );

    // 3. The operator sees it, grouped, and exports it for review.
    let data_dir = data.path().to_str().expect("utf-8 path");
    let (ok, listing) = run(&["disputes", "--data-dir", data_dir], bank.path());
    assert!(ok, "{listing}");
    assert!(
        listing.contains("1 × \"I covered it\" — Latency budget"),
        "{listing}"
    );
    assert!(listing.contains("ad-click-prediction/requirements/latency"));
    assert!(listing.contains("note: I asked how quickly the ads must be picked"));
    let (ok, json) = run(&["disputes", "--json", "--data-dir", data_dir], bank.path());
    assert!(ok, "{json}");
    let groups: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(groups[0]["id"], "latency");
    assert_eq!(groups[0]["direction"], "missed");
    assert_eq!(groups[0]["disputes"][0]["answers"][0], PARAPHRASE);
    assert!(groups[0]["disputes"][0]["user"].is_null());

    let review_dir = tempfile::tempdir().expect("tempdir");
    let (ok, out) = run(
        &[
            "disputes",
            "--data-dir",
            data_dir,
            "--export",
            review_dir.path().to_str().expect("utf-8 path"),
        ],
        bank.path(),
    );
    assert!(ok, "{out}");
    let review = review_dir.path().join("ad-click-prediction.review.toml");
    let exported = std::fs::read_to_string(&review).expect("a review file");
    assert!(
        exported.contains("[[stages.requirements.concepts]]"),
        "{exported}"
    );
    assert!(exported.contains("id = \"latency\""), "{exported}");

    // 4. Lint names what to fix: the bank still misses the disputed answer.
    let lint = |paths: &[&Path]| {
        let out = mlsd()
            .arg("lint")
            .args(paths)
            .output()
            .expect("run mlsd lint");
        (out.status.success(), text(&out.stdout))
    };
    let (ok, report) = lint(&[&case_file, &review]);
    assert!(!ok, "{report}");
    assert!(
        report.contains("concept `latency` does not match") && report.contains("how quickly"),
        "{report}"
    );

    // 5. The author adds the phrasing the candidate used, as a content author would.
    let source = std::fs::read_to_string(&case_file).expect("read the case");
    let widened = source.replacen(
        "keywords = [\"latency\", \"latency budget\",",
        "keywords = [\"how quickly\", \"latency\", \"latency budget\",",
        1,
    );
    assert_ne!(
        widened, source,
        "the latency keywords line moved; update this test"
    );
    std::fs::write(&case_file, widened).expect("write the case");
    let (ok, report) = lint(&[&case_file, &review]);
    assert!(ok, "{report}");
    assert!(
        report.contains("1 disputed example(s) agree with the judge"),
        "{report}"
    );

    // 6. The author dismisses the group; the next candidate is credited.
    let (ok, out) = run(
        &[
            "disputes",
            "--data-dir",
            data_dir,
            "--dismiss",
            "ad-click-prediction/requirements/latency",
        ],
        bank.path(),
    );
    assert!(ok && out.contains("dismissed 1 dispute(s)"), "{out}");
    let (_, listing) = run(&["disputes", "--data-dir", data_dir], bank.path());
    assert!(listing.contains("No open disputes."), "{listing}");

    let next = tempfile::tempdir().expect("tempdir");
    let after = practice(next.path(), bank.path(), &format!("{PARAPHRASE}\n"));
    assert!(
        after.contains("✓ Latency budget") || after.contains("Latency budget —"),
        "{after}"
    );
    assert!(
        !before.contains("✓ Latency budget"),
        "the shipped bank already credits it:\n{before}"
    );
}

#[test]
fn a_terminal_dispute_with_nothing_to_dispute_or_a_stray_line_loses_nothing() {
    let data = tempfile::tempdir().expect("tempdir");
    let dialogues = root().join("dialogues");
    // Before any verdict there is nothing to dispute.
    let out = practice(data.path(), &dialogues, "/dispute\n");
    assert!(out.contains("no verdict to dispute yet"), "{out}");
    // After one, an answer typed instead of a number is read as the answer it is.
    let out = practice(
        data.path(),
        &dialogues,
        "what is the business objective, revenue or engagement?\n/dispute\nI'd predict the probability of a click per impression\n",
    );
    assert!(out.contains("Which verdict was wrong?"), "{out}");
    assert!(!out.contains("Thanks, noted"), "{out}");
    assert!(
        out.contains("3/7 · Data"),
        "the framing answer moved the interview on:\n{out}"
    );
}
