//! `score`, `cases` and `lint` through the real binary.

use std::path::Path;

use crate::util::{mlsd, root, run_with_input, text};

fn score_json(stage: &str, answer: &str) -> serde_json::Value {
    let out = run_with_input(
        mlsd().args([
            "score",
            "--case",
            "ad-click-prediction",
            "--stage",
            stage,
            "--json",
        ]),
        answer,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn ids(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn score_json_has_the_documented_shape() {
    let v = score_json(
        "data",
        "I'd split by time so nothing from the future leaks into training, and since only 1% of \
         impressions are clicked I'd downsample the negatives.",
    );
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "case",
            "covered",
            "designs",
            "echo",
            "elsewhere",
            "generic",
            "misconceptions",
            "missing",
            "own_points",
            "probe",
            "score",
            "stage",
            "tour"
        ]
    );
    assert_eq!(v["case"], "ad-click-prediction");
    assert_eq!(v["stage"], "data");
    let score = v["score"].as_u64().expect("score");
    assert!((1..=100).contains(&score));
    let covered = ids(&v, "covered");
    assert!(covered.contains(&"time-split".to_owned()), "{covered:?}");
    assert!(
        covered.contains(&"class-imbalance".to_owned()),
        "{covered:?}"
    );
    assert!(v["covered"][0]["label"].is_string());
    // Every credit quotes the words that earned it, with character offsets into the answer.
    let evidence = &v["covered"][0]["evidence"];
    assert!(evidence["text"].is_string(), "{evidence}");
    assert!(evidence["end"].as_u64() > evidence["start"].as_u64());
    assert!(v["echo"].is_null());
    assert_eq!(v["tour"], false);
    assert!(ids(&v, "missing").contains(&"sparse-ids".to_owned()));
    assert!(v["probe"].is_string());
}

#[test]
fn score_reports_misconceptions_and_a_deeper_probe_when_nothing_is_missing() {
    let v = score_json("evaluation", "I'd measure accuracy on the test set");
    assert_eq!(ids(&v, "misconceptions"), ["accuracy-metric"]);
    assert!(v["probe"].as_str().expect("probe").contains("99%"));
    let strong = score_json(
        "evaluation",
        "Offline I'd compare log loss and normalized cross entropy against the average-CTR \
         predictor, plus ROC AUC for ranking, and check calibration of predicted vs observed \
         CTR because the auction prices on it. Online, an A/B test watching CTR, revenue and \
         the hide rate as a guardrail.",
    );
    // Nothing important is missing, so the follow-up pushes deeper on a choice instead.
    let probe = strong["probe"].as_str().expect("a depth follow-up");
    assert!(probe.contains("push on"), "{strong}");
    assert!(strong["score"].as_u64().expect("score") >= 90, "{strong}");
}

#[test]
fn score_rejects_an_unknown_case_or_stage_in_one_line() {
    let out = run_with_input(
        mlsd().args(["score", "--case", "nope", "--stage", "data"]),
        "x",
    );
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stderr).trim(),
        "error: unknown case `nope`; `mlsd cases` lists them"
    );
    let out = run_with_input(
        mlsd().args([
            "score",
            "--case",
            "ad-click-prediction",
            "--stage",
            "deploy",
        ]),
        "x",
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("unknown stage `deploy`"));
}

#[test]
fn cases_lists_ids_titles_and_domains() {
    let out = mlsd().args(["cases", "--json"]).output().expect("run");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ad = v
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["id"] == "ad-click-prediction")
        .expect("the reference case");
    assert_eq!(ad["domains"], serde_json::json!(["search-recsys"]));
    assert_eq!(ad["title"], "Ad click prediction on a social feed");
    let plain = text(&mlsd().arg("cases").output().expect("run").stdout);
    assert!(
        plain
            .lines()
            .any(|l| l.starts_with("ad-click-prediction") && l.contains("search-recsys"))
    );
}

#[test]
fn a_missing_dialogue_directory_is_one_clear_line() {
    let out = mlsd()
        .args(["--dialogues", "/nonexistent/dialogues", "cases"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stderr).trim(),
        "error: no dialogue files at /nonexistent/dialogues: check --dialogues / MLSD_DIALOGUES, or leave both unset to use the built-in cases"
    );
}

/// Writes the reference case, changed by `edit`, as `name` in a fresh directory, and lints it.
fn lint_mutant(edit: impl FnOnce(String) -> String) -> (bool, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = std::fs::read_to_string(root().join("dialogues/ad-click-prediction.toml"))
        .expect("reference case");
    let changed = edit(original);
    let path = dir.path().join("case.toml");
    std::fs::write(&path, &changed).expect("write");
    let out = mlsd().arg("lint").arg(&path).output().expect("run lint");
    (out.status.success(), text(&out.stdout), changed)
}

/// The 1-based line and column where `needle` starts in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).expect("needle in text");
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn assert_reported(output: &str, path_suffix: &str, at: (usize, usize), message: &str) {
    let wanted = format!("{path_suffix}:{}:{}: {message}", at.0, at.1);
    assert!(
        output
            .lines()
            .any(|l| l.ends_with(&wanted) || l.contains(&wanted)),
        "expected a line containing\n  {wanted}\nin\n{output}"
    );
}

#[test]
fn lint_passes_the_reference_case() {
    let (ok, out, _) = lint_mutant(|s| s);
    assert!(ok, "{out}");
    assert!(out.starts_with("ok: 1 case(s)"), "{out}");
}

#[test]
fn lint_reports_an_unknown_key_at_its_position() {
    let (ok, out, text) =
        lint_mutant(|s| s.replacen("weight = 3\n", "weight = 3\nweigth = 2\n", 1));
    assert!(!ok);
    assert_reported(
        &out,
        "case.toml",
        position(&text, "weigth"),
        "unknown field `weigth`",
    );
}

#[test]
fn lint_reports_a_duplicate_id() {
    let (ok, out, text) =
        lint_mutant(|s| s.replacen("id = \"scale\"", "id = \"business-objective\"", 1));
    assert!(!ok);
    let second = text
        .match_indices("id = \"business-objective\"")
        .nth(1)
        .expect("two")
        .0;
    let (line, column) = position(&text[second..], "\"business-objective\"");
    let line = line + text[..second].matches('\n').count();
    let column = column
        + text[..second]
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .chars()
            .count();
    assert_reported(
        &out,
        "case.toml",
        (line, column),
        "id `business-objective` is used twice in this case",
    );
}

#[test]
fn lint_reports_a_bad_regex_with_the_reason() {
    let (ok, out, text) = lint_mutant(|s| s.replacen("'\\b\\d+\\s?ms\\b'", "'\\b(\\d+ms'", 1));
    assert!(!ok);
    assert_reported(
        &out,
        "case.toml",
        position(&text, "'\\b(\\d+ms'"),
        "pattern is not a valid regex: error: unclosed group",
    );
}

#[test]
fn lint_reports_a_missing_stage_and_an_empty_probe() {
    let (ok, out, _) = lint_mutant(|s| {
        let start = s.find("[stages.monitoring]").expect("monitoring");
        s[..start].to_owned()
    });
    assert!(!ok);
    assert!(
        out.contains("stage `monitoring` is missing; every case needs all seven"),
        "{out}"
    );
    let (ok, out, text2) = lint_mutant(|s| {
        s.replacen(
            "probe = \"What is the business trying to get out of this system? How does the company make money on an ad?\"",
            "probe = \"  \"",
            1,
        )
    });
    assert!(!ok);
    assert_reported(
        &out,
        "case.toml",
        position(&text2, "\"  \""),
        "probe is empty",
    );
}

#[test]
fn lint_runs_the_examples_and_points_at_the_failing_one() {
    let (ok, out, text) = lint_mutant(|s| {
        s.replacen(
            "\"roughly how many impressions per day?\",",
            "\"roughly how many impressions per day?\",\n  \"tell me about the weather\",",
            1,
        )
    });
    assert!(!ok);
    assert_reported(
        &out,
        "case.toml",
        position(&text, "\"tell me about the weather\""),
        "concept `scale` does not match this example",
    );
}

#[test]
fn lint_reports_every_bad_file_not_only_the_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.toml"), "id = ").expect("write");
    std::fs::write(dir.path().join("b.toml"), "title = \"x\"").expect("write");
    let out = mlsd().arg("lint").arg(dir.path()).output().expect("run");
    assert!(!out.status.success());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("{}:1:", dir.path().join("a.toml").display())),
        "{stdout}"
    );
    assert!(stdout.contains("missing field `id`"), "{stdout}");
    assert!(stdout.contains("2 problem(s) found"), "{stdout}");
    assert!(Path::new(&dir.path().join("b.toml")).exists());
}
