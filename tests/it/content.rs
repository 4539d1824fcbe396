//! The dialogue bank as shipped: every file lints clean, the bank has what the product
//! promises, and the judge orders every graded answer set the way an interviewer would.

use std::collections::BTreeMap;

use mlsd::content::Script;
use mlsd::stage::{Domain, Stage};

use crate::util::{root, shipped_script};

/// The shipped bank, whose every self-test example must hold too.
fn bank() -> Script {
    let script = shipped_script();
    let problems: Vec<String> = mlsd::lint::self_test(&script)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        problems.is_empty(),
        "dialogue files have problems:\n{}",
        problems.join("\n")
    );
    script
}

#[test]
fn every_dialogue_file_lints_clean() {
    assert!(!bank().is_empty());
}

/// The case ids are a public interface: other tools address them.
const CASES: [&str; 14] = [
    "ad-click-prediction",
    "document-field-extraction",
    "event-recommendation",
    "harmful-content",
    "news-feed",
    "people-you-may-know",
    "product-image-moderation",
    "query-autocomplete",
    "similar-listings",
    "street-view-blurring",
    "support-ticket-routing",
    "video-recommendation",
    "video-search",
    "visual-search",
];

#[test]
fn the_bank_holds_the_promised_cases_with_deep_stages() {
    let script = bank();
    let ids: Vec<&str> = script.cases().iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, CASES);
    for case in script.cases() {
        for stage in Stage::ALL {
            let spec = case.stage(stage);
            assert!(
                spec.concepts.len() >= 6,
                "{}/{stage} has {} concepts; a stage needs at least 6",
                case.id,
                spec.concepts.len()
            );
            assert!(
                spec.concepts.iter().any(|c| c.weight == 3),
                "{}/{stage} has no essential (weight 3) concept",
                case.id
            );
        }
    }
    for domain in Domain::ALL {
        let n = script
            .cases()
            .iter()
            .filter(|c| c.in_domain(domain))
            .count();
        assert!(n >= 4, "domain {domain} has {n} cases; it needs at least 4");
    }
}

#[test]
fn the_judge_orders_every_graded_set_like_an_interviewer() {
    let script = bank();
    let dir = root().join("tests").join("graded");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("graded dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut report = BTreeMap::new();
    let mut total = mlsd::graded::Ordering::default();
    let mut stages_per_case = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read graded set");
        let set = mlsd::graded::parse(&text).expect("graded set parses");
        let ordering = mlsd::graded::ordering(&script, &set).expect("known case");
        stages_per_case.insert(set.case.clone(), ordering.per_stage.len());
        total.add(&ordering);
        report.insert(set.case, ordering);
    }
    // `cargo test -- --nocapture` shows the figures reported in the issue notes.
    for (case, o) in &report {
        println!(
            "{case:<28} {:.3} ({}/{} pairs)",
            o.accuracy(),
            o.correct,
            o.pairs
        );
    }
    println!(
        "{:<28} {:.3} ({}/{} pairs)",
        "all",
        total.accuracy(),
        total.correct,
        total.pairs
    );
    for case in CASES {
        let o = report
            .get(case)
            .unwrap_or_else(|| panic!("no graded set for {case}"));
        assert!(
            o.accuracy() >= 0.9,
            "{case}: pairwise accuracy {:.3} < 0.9",
            o.accuracy()
        );
        let stages = stages_per_case[case];
        assert!(
            stages >= 3,
            "{case}: graded answers cover only {stages} stages"
        );
    }
}

#[test]
fn the_judge_does_not_regress_on_held_out_answers() {
    let script = bank();
    let mut total = mlsd::graded::Ordering::default();
    let dir = root().join("tests").join("holdout").join("blind-2");
    for entry in std::fs::read_dir(&dir)
        .expect("holdout dir")
        .filter_map(Result::ok)
    {
        let text = std::fs::read_to_string(entry.path()).expect("read");
        let set = mlsd::graded::parse(&text).expect("parses");
        total.add(&mlsd::graded::ordering(&script, &set).expect("known case"));
    }
    println!(
        "held-out: {:.3} ({}/{} pairs)",
        total.accuracy(),
        total.correct,
        total.pairs
    );
    assert!(total.pairs >= 300, "the held-out set is missing answers");
    assert!(
        total.accuracy() >= 0.88,
        "held-out accuracy fell to {:.3}",
        total.accuracy()
    );
}

fn score(script: &Script, case: &str, stage: Stage, answer: &str) -> mlsd::judge::Verdict {
    let case = script.case(case).expect("case");
    mlsd::judge::judge(
        &mlsd::judge::Setting::new(case, stage, script.lexicon()),
        &[mlsd::judge::Turn::first(answer)],
    )
}

#[test]
fn a_salad_earns_little_whatever_separates_its_terms() {
    let script = bank();
    let terms = [
        "time based split",
        "class imbalance",
        "downsample negatives",
        "hashing trick",
        "embeddings",
        "feature crosses",
        "leakage",
        "attribution window",
    ];
    // Honest, and wrong: an interviewer still has something to work with.
    let mistaken = score(
        &script,
        "ad-click-prediction",
        Stage::Data,
        "I'd take the click logs, shuffle all the impressions and split them randomly 80/20",
    );
    assert!(!mistaken.misconceptions.is_empty(), "{mistaken:?}");
    for sep in [" ", ", ", "\n", "\n• ", " 🔥 ", " / ", "; "] {
        let salad = terms.join(sep);
        let v = score(&script, "ad-click-prediction", Stage::Data, &salad);
        assert!(
            v.score <= mlsd::judge::GAMING_SCORE && v.score < mistaken.score,
            "{sep:?}: {} for a salad, {} for an honest mistake",
            v.score,
            mistaken.score
        );
    }
    // Hitting this stage's mistake is an attempt at it, whatever stage its other words seem
    // to belong to.
    let factorised = score(
        &script,
        "event-recommendation",
        Stage::Model,
        "collaborative filtering, find users who registered for similar events and recommend \
         what they registered for. train matrix factorization on the user event registrations \
         and take the top scores per user.",
    );
    assert!(
        !factorised.misconceptions.is_empty() && factorised.score > mlsd::judge::GAMING_SCORE,
        "{factorised:?}"
    );
    let said = "I'd split by time so we never train on the future, and downsample the \
                negatives because only 1% of impressions are clicked, then recalibrate.";
    let v = score(&script, "ad-click-prediction", Stage::Data, said);
    assert!(v.score >= 25, "an explained answer scored {}", v.score);
}

#[test]
fn the_question_asked_back_instead_of_answered_earns_nothing() {
    let script = bank();
    let v = score(
        &script,
        "ad-click-prediction",
        Stage::Evaluation,
        "How would we evaluate this model offline and online? And how do we know the new \
         model is better than the old one?",
    );
    assert_eq!(v.score, 0, "{v:?}");
    let v = score(
        &script,
        "ad-click-prediction",
        Stage::Monitoring,
        "The model is live, so what would I monitor and what would make me act? I'd monitor \
         the model and act if the monitoring showed a problem, to keep it healthy.",
    );
    assert_eq!(v.score, 0, "{v:?}");
}

#[test]
fn the_scenario_read_back_earns_nothing_and_is_named() {
    let script = bank();
    let case = script.case("ad-click-prediction").expect("case");
    let v = score(
        &script,
        "ad-click-prediction",
        Stage::Requirements,
        &format!("so basically: {}", case.scenario),
    );
    assert_eq!(v.score, 0);
    assert_eq!(v.echo, Some(mlsd::judge::Echo::Interviewer));
}

/// Reordered and reworded, the scenario is still the interviewer's: no 8-word run survives,
/// yet nothing in it is the candidate's. Questions in the case's own words are not read-backs.
#[test]
fn the_scenario_reworded_earns_nothing_and_questions_in_its_words_still_count() {
    let script = bank();
    let reworded = "OK so the ads that show up in the feed of a big social app are picked by \
                    the model we design. 500M users a day open the feed 10 times each, that's \
                    60K requests a second, 150K at peak. Advertisers pay per click and the ad \
                    decision gets 50 ms of the 200 ms feed. What would I want to ask?";
    let v = score(
        &script,
        "ad-click-prediction",
        Stage::Requirements,
        reworded,
    );
    assert_eq!(v.score, 0, "{:?}", v.credits);
    assert_eq!(v.echo, Some(mlsd::judge::Echo::Interviewer));
    let asked = "Do advertisers pay per click only, or also per impression? Does the 50 ms \
                 cover retrieval and ranking of the ads? How many of the 10M ads are live?";
    let v = score(&script, "ad-click-prediction", Stage::Requirements, asked);
    assert_eq!(v.echo, None);
    assert!(v.score > 0, "questions about the case scored {}", v.score);
}

#[test]
fn the_shared_vocabulary_credits_other_words_for_the_same_thing() {
    let script = bank();
    // "partition" for split, from dialogues/vocabulary.toml: no case lists it.
    let v = score(
        &script,
        "ad-click-prediction",
        Stage::Data,
        "I'd partition by time: train on the first three weeks, test on the last one.",
    );
    let spec = script
        .case("ad-click-prediction")
        .expect("case")
        .stage(Stage::Data);
    let (i, _) = spec.concept("time-split").expect("concept");
    assert!(v.credits[i].is_covered(), "{:?}", v.credits);
}

#[test]
fn ranging_over_the_stages_in_the_cases_own_terms_is_an_answer_and_a_generic_tour_is_not() {
    let script = bank();
    // A framing answer that walks through candidates, pair features and the final list, as
    // strong candidates do, naming this case's things at every step.
    let ranging = score(
        &script,
        "people-you-may-know",
        Stage::Framing,
        "For a person A and someone they are not yet connected to, B, I'd predict the chance \
         that A sends B a request and B accepts within two weeks of seeing the suggestion. \
         Candidates come first from friends of friends, shared schools and employers and \
         uploaded contacts, a few thousand per user, because nobody can score a billion people \
         on each visit. Each pair then gets a score from mutual friend counts, a shared school \
         or workplace, profile views between them and how often B accepts strangers. Rank by \
         that chance, drop anyone blocked or already pending, and spread the suggestions so \
         popular people are not flooded with requests.",
    );
    assert!(!ranging.tour, "{ranging:?}");
    assert!(ranging.score >= 40, "{}", ranging.score);
    // Its own reasoning in the clauses that belong to framing counts, as in any answer.
    assert!(!ranging.reasoning.is_empty(), "{ranging:?}");
    // The same range of stages in words that would fit any case.
    let paste = score(
        &script,
        "people-you-may-know",
        Stage::Framing,
        "First I clarify the business objective and constraints, then frame it as supervised \
         learning with clear labels. I collect and clean data, engineer features, handle \
         imbalance and split into train, validation and test. I start with a logistic \
         regression baseline and move to a deep model, tune hyperparameters, evaluate with \
         AUC, precision and recall offline and an A/B test online, serve behind a low-latency \
         API with caching, and monitor drift with alerts and regular retraining.",
    );
    assert!(paste.tour, "{paste:?}");
    assert!(paste.score <= 15, "{}", paste.score);
}

#[test]
fn reciting_the_frameworks_steps_is_refused_at_every_stage_and_a_plan_in_the_cases_terms_is_not() {
    let script = bank();
    // Every step of the framework by its usual names, and nothing of any case. Where its
    // clauses read as the stage's own (clarifying questions at requirements, a drift alert at
    // monitoring), the tour rule alone let it through: it scored up to 37.
    let recital = "My approach would be the usual one. Start by clarifying the business goal and \
         the constraints with the stakeholders, then formulate it as a supervised problem with a \
         clear label. Collect the data from the logs, clean it, do some feature engineering and \
         split the data so nothing leaks. Train a simple baseline first, then a neural network, \
         and tune the hyperparameters. Check precision and AUC offline, then run an A/B test \
         before the full launch. Deploy it behind an endpoint with autoscaling, and once it is \
         in production monitor for drift and retrain it when quality drops.";
    for case in script.cases() {
        for stage in Stage::ALL {
            let verdict = score(&script, &case.id, stage, recital);
            assert!(verdict.tour, "{} {stage:?}: {verdict:?}", case.id);
            assert!(
                verdict.score <= mlsd::judge::GAMING_SCORE,
                "{} {stage:?}: {}",
                case.id,
                verdict.score
            );
        }
    }
    // A monitoring plan names evaluation, serving and retraining too, in this case's things.
    let plan = score(
        &script,
        "ad-click-prediction",
        Stage::Monitoring,
        "Every hour I'd compare predicted clicks with actual clicks, per advertiser and per \
         country: if that ratio drifts, advertisers are being overcharged, so an alert fires and \
         we roll back to the previous model. I'd also watch tail latency against the budget, AUC \
         on yesterday's impressions, and whether the daily retrain landed before we deploy it.",
    );
    assert!(!plan.tour, "{plan:?}");
    assert!(plan.score >= 50, "{}", plan.score);
}

#[test]
fn a_vague_answer_on_topic_scores_above_one_about_another_stage() {
    let script = bank();
    let vague = score(
        &script,
        "news-feed",
        Stage::Monitoring,
        "I'd put up some dashboards after launch and look at them now and then",
    );
    let other = score(
        &script,
        "news-feed",
        Stage::Monitoring,
        "I would collect clicks and likes as labels and engineer user and post features",
    );
    assert!(
        vague.score > other.score,
        "{} vs {}",
        vague.score,
        other.score
    );
}

#[test]
fn evidence_quotes_the_words_that_earned_each_credit() {
    let script = bank();
    let spec = script
        .case("ad-click-prediction")
        .expect("case")
        .stage(Stage::Data);
    let (split, _) = spec.concept("time-split").expect("concept");
    // A keyword, a vocabulary family ("partition" for "split") and a pattern.
    for (answer, words) in [
        (
            "Then I'd do a Chronological Split, so that training never sees the future.",
            "Chronological Split",
        ),
        (
            "We partition by time: the first three weeks train, the last one tests.",
            "partition by time",
        ),
        (
            "Training on older weeks and checking on the newest days keeps it honest.",
            "Training on older weeks",
        ),
    ] {
        let v = score(&script, "ad-click-prediction", Stage::Data, answer);
        let quote = v.evidence[split]
            .as_ref()
            .unwrap_or_else(|| panic!("no evidence for {answer:?}: {:?}", v.credits));
        let chars: Vec<char> = answer.chars().collect();
        let at: String = chars[quote.start..quote.end].iter().collect();
        assert_eq!(at, quote.text, "offsets point at the quote");
        assert!(
            quote.text.contains(words),
            "{:?} does not quote {words:?}",
            quote.text
        );
    }
}

#[test]
fn a_case_concept_extends_a_shared_one_and_a_wrong_id_is_named() {
    use mlsd::content::{Source, compile};
    let dir = root().join("dialogues");
    let read = |name: &str| Source {
        path: dir.join(name),
        text: std::fs::read_to_string(dir.join(name)).expect("read"),
    };
    let vocabulary = read("vocabulary.toml");
    let case = read("ad-click-prediction.toml");
    assert!(case.text.contains("extends = \"ab-test\""));
    let compiled = compile(&[vocabulary.clone(), case.clone()]);
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
    // The case itself no longer lists "controlled experiment": the shared concept does.
    let v = score(
        &compiled.script,
        "ad-click-prediction",
        Stage::Evaluation,
        "then a controlled experiment decides whether it ships",
    );
    let spec = compiled.script.cases()[0].stage(Stage::Evaluation);
    let (i, _) = spec.concept("ab-test").expect("concept");
    assert!(v.credits[i].is_covered());
    let broken = Source {
        text: case
            .text
            .replace("extends = \"ab-test\"", "extends = \"ab-tset\""),
        ..case
    };
    let compiled = compile(&[vocabulary, broken]);
    assert!(
        compiled
            .diagnostics
            .iter()
            .any(|d| d.message.contains("no shared concept") && d.message.contains("ab-tset")),
        "{:?}",
        compiled.diagnostics
    );
}

#[test]
fn the_frameworks_own_words_are_linted() {
    use mlsd::content::{Source, compile};
    let dir = root().join("dialogues");
    let vocabulary = std::fs::read_to_string(dir.join("vocabulary.toml")).expect("read");
    let case = Source {
        path: dir.join("ad-click-prediction.toml"),
        text: std::fs::read_to_string(dir.join("ad-click-prediction.toml")).expect("read"),
    };
    let with = |text: String| {
        compile(&[
            Source {
                path: dir.join("vocabulary.toml"),
                text,
            },
            case.clone(),
        ])
        .diagnostics
    };
    assert_eq!(vocabulary.matches("monitoring = [").count(), 1);
    let empty = with(vocabulary.replace("monitoring = [", "monitoring = [\"!!\", "));
    assert!(
        empty
            .iter()
            .any(|d| d.message.contains("phrase has no words")),
        "{empty:?}"
    );
    let unknown = with(format!("{vocabulary}\nfeedback = [\"loop\"]\n"));
    assert!(
        unknown.iter().any(|d| d.message.contains("feedback")),
        "{unknown:?}"
    );
}

#[test]
fn terse_items_under_a_heading_keep_full_credit_beside_real_statements_only() {
    let script = bank();
    let explained = |v: &mlsd::judge::Verdict| {
        v.credits
            .iter()
            .filter(|&&c| c == mlsd::judge::Credit::Explained)
            .count()
    };
    let headed = "Offline metrics: log loss, AUC, calibration.";
    let alone = score(&script, "ad-click-prediction", Stage::Evaluation, headed);
    assert_eq!(
        explained(&alone),
        0,
        "a salad with a title explains nothing"
    );
    assert!(alone.score <= 10, "scored {}", alone.score);
    let answer = format!(
        "I'd run an online A/B test against the current model because offline gains do not \
         always carry over to revenue. {headed}"
    );
    let full = score(&script, "ad-click-prediction", Stage::Evaluation, &answer);
    let spec = script
        .case("ad-click-prediction")
        .expect("case")
        .stage(Stage::Evaluation);
    for id in ["log-loss", "auc", "calibration-check"] {
        let (i, _) = spec.concept(id).expect("concept");
        assert_eq!(full.credits[i], mlsd::judge::Credit::Explained, "{id}");
    }
}

fn holdout(name: &str) -> Vec<mlsd::graded::GradedSet> {
    let dir = root().join("tests").join("holdout").join(name);
    let mut sets = Vec::new();
    for entry in std::fs::read_dir(&dir)
        .expect("holdout dir")
        .filter_map(Result::ok)
    {
        let text = std::fs::read_to_string(entry.path()).expect("read");
        sets.push(mlsd::graded::parse(&text).expect("parses"));
    }
    sets
}

/// What a held-out set must keep: floors below the figures measured on it, a guard against
/// regressions and never a target to tune on.
struct Floors {
    ordering: f64,
    /// Strong paraphrased answers' median over strong textbook answers'.
    ratio: f64,
    /// The most its gaming answers' medians may score; `None` for a set of honest answers.
    gaming: Option<Gaming>,
}

struct Gaming {
    salad: f64,
    paste: f64,
    echo: f64,
}

/// The targets for gaming answers.
const TARGETS: Gaming = Gaming {
    salad: 10.0,
    paste: 15.0,
    echo: 10.0,
};

fn keeps_its_floors(name: &str, floors: Floors) {
    use mlsd::graded::AnswerShape as S;
    let script = bank();
    let mut shapes = mlsd::graded::ShapeScores::default();
    let mut total = mlsd::graded::Ordering::default();
    for set in holdout(name) {
        shapes.add(&script, &set).expect("known case");
        total.add(&mlsd::graded::ordering(&script, &set).expect("known case"));
    }
    let strong = |shape| shapes.median(shape, Some(3)).expect("strong answers");
    let ratio = strong(S::Paraphrase) / strong(S::Textbook);
    println!("{name}: ordering {:.3}, ratio {ratio:.2}", total.accuracy());
    if let Some(g) = floors.gaming {
        for (shape, most) in [(S::Salad, g.salad), (S::Paste, g.paste), (S::Echo, g.echo)] {
            let median = shapes.median(shape, None).expect("answers of that shape");
            assert!(median <= most, "{name} {shape:?}: median {median}");
        }
    }
    assert!(
        ratio >= floors.ratio,
        "{name}: strong paraphrases keep only {ratio:.2} of the credit"
    );
    assert!(
        total.accuracy() >= floors.ordering,
        "{name}: ordering fell to {:.3}",
        total.accuracy()
    );
}

/// `blind-19`, written blind at the start of stop 29 and never read: the honest figure for
/// that stop's requirements rules (before them: ordering 0.957, ratio 0.99; after: 0.963,
/// 0.99).
#[test]
fn blind_19_keeps_its_floors() {
    keeps_its_floors(
        "blind-19",
        Floors {
            ordering: 0.95,
            ratio: 0.95,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-17`, written blind during stop 28 and never read: the honest figure for that stop's
/// recital rule (before it: ordering 0.966, ratio 0.99; after: 0.969, 0.99).
#[test]
fn blind_17_keeps_its_floors() {
    keeps_its_floors(
        "blind-17",
        Floors {
            ordering: 0.95,
            ratio: 0.95,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-16`, written blind at the start of stop 28 and never read: the honest figure for
/// that stop's own-point change (before the stop's work: ordering 0.926, ratio 0.89; after:
/// 0.929, 1.00).
#[test]
fn blind_16_keeps_its_floors() {
    keeps_its_floors(
        "blind-16",
        Floors {
            ordering: 0.91,
            ratio: 0.95,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-14`, written blind at the start of stop 27 and never read: the honest figure of
/// that stop (before its judge work: ordering 0.968, ratio 0.83; after: 0.968, 0.83; after
/// stop 28's: 0.971, 1.00).
#[test]
fn blind_14_keeps_its_floors() {
    keeps_its_floors(
        "blind-14",
        Floors {
            ordering: 0.96,
            ratio: 0.95,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-15`, honest answers (mostly strong paraphrases and alternative designs) written
/// blind at the start of stop 27 and read while widening the bank's phrasings: a development
/// set (before: ordering 0.943, ratio 0.89; after: 0.985, 0.94).
#[test]
fn blind_15_keeps_its_floors() {
    keeps_its_floors(
        "blind-15",
        Floors {
            ordering: 0.97,
            ratio: 0.95,
            gaming: None,
        },
    );
}

/// `blind-13`, written blind at the start of stop 26 and never read: the honest figure
/// (before that stop's judge work: ordering 0.966, ratio 0.80; after: 0.974, 0.91).
#[test]
fn blind_13_keeps_its_floors() {
    keeps_its_floors(
        "blind-13",
        Floors {
            ordering: 0.96,
            ratio: 0.95,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-12`, honest answers (mostly strong paraphrases and alternative designs) written
/// blind at the start of stop 26 and read while tuning: a development set (before: ordering
/// 0.883, ratio 0.84; stop 26: 0.918, 0.93; stop 27: 0.953, 0.97).
#[test]
fn blind_12_keeps_its_floors() {
    keeps_its_floors(
        "blind-12",
        Floors {
            ordering: 0.94,
            ratio: 0.95,
            gaming: None,
        },
    );
}

/// `blind-11`, written blind at the start of stop 25 and never read, measured in aggregate
/// only (stop 25: ordering 0.950, ratio 0.72; stop 26: 0.952, 0.85; stop 27: 0.952, 0.89).
#[test]
fn blind_11_keeps_its_floors() {
    keeps_its_floors(
        "blind-11",
        Floors {
            ordering: 0.94,
            ratio: 0.95,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-4`, a development set since stop 16.
#[test]
fn gaming_earns_little_and_paraphrases_keep_most_credit_on_unseen_answers() {
    keeps_its_floors(
        "blind-4",
        Floors {
            ordering: 0.95,
            ratio: 0.93,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-10`, written blind at the end of stop 21; measured since, aggregates only (stop 25:
/// ordering 0.929, ratio 0.83; stop 26: 0.940, 0.93). One case's opening lines were seen at the start of stop 25.
#[test]
fn blind_10_keeps_its_floors() {
    keeps_its_floors(
        "blind-10",
        Floors {
            ordering: 0.93,
            ratio: 0.95,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-9`, written blind at the start of stop 20 and measured once, aggregates only, at
/// stop 21 (ordering 0.901, ratio 0.69, salad 10, paste 10, echo 5).
#[test]
fn blind_9_keeps_its_floors() {
    keeps_its_floors(
        "blind-9",
        Floors {
            ordering: 0.94,
            ratio: 0.95,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-8`, written blind at the start of stop 19 and measured once at its end with the
/// stop-18 judge's verdicts (ordering 0.934, ratio 0.71, salad 10, paste 10, echo 5); a
/// development set since stop 20 (ordering 0.940, ratio 0.75).
#[test]
fn blind_8_keeps_its_floors() {
    keeps_its_floors(
        "blind-8",
        Floors {
            ordering: 0.95,
            ratio: 0.95,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-7`, written blind before stop 18's judge work and measured once after it
/// (ordering 0.889, ratio 0.65, salad 10, paste 10, echo 4).
#[test]
fn blind_7_keeps_its_floors() {
    keeps_its_floors(
        "blind-7",
        Floors {
            ordering: 0.93,
            ratio: 0.95,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-6`, measured once at stop 17 (ordering 0.875, ratio 0.78, paste 36, echo 5), a
/// development set since stop 18 (ordering 0.897, paste 10 after the generic-answer rule).
#[test]
fn the_previous_held_out_set_keeps_its_floors() {
    keeps_its_floors(
        "blind-6",
        Floors {
            ordering: 0.93,
            ratio: 0.85,
            gaming: Some(TARGETS),
        },
    );
}

/// `blind-5`, a development set since stop 17 (ordering 0.937, ratio 0.89, echo 0 at stop 18).
#[test]
fn an_older_held_out_set_keeps_its_floors() {
    keeps_its_floors(
        "blind-5",
        Floors {
            ordering: 0.96,
            ratio: 0.93,
            gaming: Some(Gaming {
                echo: 5.0,
                ..TARGETS
            }),
        },
    );
}

#[test]
fn an_argument_off_the_interviewers_list_earns_a_little_and_is_quoted() {
    let script = bank();
    let split = "I'd split the logs by time so nothing from the future leaks into training.";
    let argued = format!(
        "{split} Advertisers who pause a campaign for a week come back with a different \
         audience, so their older rows say little about them now."
    );
    let bare = score(&script, "ad-click-prediction", Stage::Data, split);
    let own = score(&script, "ad-click-prediction", Stage::Data, &argued);
    assert!(bare.reasoning.is_empty(), "{bare:?}");
    assert_eq!(own.reasoning.len(), 1, "{own:?}");
    assert!(own.reasoning[0].text.contains("older rows"), "{own:?}");
    assert!(own.score > bare.score, "{} vs {}", own.score, bare.score);

    // Arguments alone, however sound, are not a full answer to the stage.
    let only = score(
        &script,
        "ad-click-prediction",
        Stage::Data,
        "Advertisers who pause a campaign for a week come back with a different audience, so \
         their older rows say little about them now. Small advertisers have only a handful of \
         rows each, which means their estimates swing wildly from day to day. Big advertisers \
         change their creatives every few days, so a row from last month describes an ad that \
         no longer runs.",
    );
    assert!(only.reasoning.len() >= 2, "{only:?}");
    // Three sound points and no label, split or imbalance: short of a medium answer.
    assert!(only.score < 50, "{only:?}");

    // An answer about another stage argues about that stage, not this one.
    let elsewhere = score(
        &script,
        "news-feed",
        Stage::Monitoring,
        "Every post shown in the feed becomes one example, because whether the viewer reacted \
         is the label, and I'd train on the older weeks so the newest week stays unseen.",
    );
    assert!(elsewhere.reasoning.is_empty(), "{elsewhere:?}");
}
