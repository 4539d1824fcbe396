//! Mechanics of the judge on a small synthetic stage; the real cases are exercised by the
//! graded answer sets under `tests/`.

use std::path::PathBuf;

use super::*;
use crate::content::{Script, Source, compile};
use crate::stage::Stage;

const DATA_STAGE: &str = r#"
questions = ["How would you prepare the data?"]
model_answer = "Split by time and handle the imbalance."

[[concepts]]
id = "time-split"
label = "Chronological split"
weight = 3
keywords = ["time based split", "chronological split", "split by time", "temporal split"]
patterns = ['\bout[- ]of[- ]time\b']
probe = "How would you split the data without leaking the future?"
hint = "Think about when each example happened."
examples.match = ["split by time", "a temporal split"]
examples.no_match = ["random split", "no temporal split"]

[[concepts]]
id = "imbalance"
label = "Class imbalance"
weight = 2
keywords = ["class imbalance", "imbalanced", "downsample negatives", "negative downsampling"]
probe = "Only 1% of impressions are clicked. What does that do to training?"
hint = "Count the positives."
examples.match = ["the data is imbalanced", "negative downsampling"]
examples.no_match = ["balanced diet", "downsample images"]

[[concepts]]
id = "hashing"
label = "Hashing trick"
weight = 1
keywords = ["hashing trick", "feature hashing"]
probe = "How would you handle ids with millions of values?"
hint = "Buckets."
examples.match = ["the hashing trick", "feature hashing"]
examples.no_match = ["hash map", "trick question"]

[[misconceptions]]
id = "random-split"
label = "Random split of time-ordered data"
keywords = ["random split", "shuffle the data"]
probe = "If you shuffle before splitting, which days end up in training?"
examples.match = ["I'd do a random split"]
examples.no_match = ["avoid a random split"]
"#;

fn stage_toml(stage: Stage, body: &str) -> String {
    // Re-key the stage body under [stages.<id>] so one fixture can fill any stage.
    let mut out = String::new();
    for line in body.lines() {
        let line = line
            .replace("[[concepts]]", &format!("[[stages.{stage}.concepts]]"))
            .replace(
                "[[misconceptions]]",
                &format!("[[stages.{stage}.misconceptions]]"),
            );
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn script() -> Script {
    fixture("fixture", Stage::Data, DATA_STAGE)
}

/// A one-case script with `body` at `stage` and the data fixture, ids prefixed, elsewhere.
fn fixture(id: &str, stage_with_body: Stage, body: &str) -> Script {
    let mut text = format!(
        "id = \"{id}\"\ntitle = \"Fixture\"\ndomains = [\"search-recsys\"]\nscenario = \"1M users\"\n"
    );
    for stage in Stage::ALL {
        let body = if stage == stage_with_body {
            body.to_owned()
        } else {
            DATA_STAGE.replace("id = \"", &format!("id = \"{stage}-"))
        };
        // The scalar keys must come before any array of tables in TOML.
        text.push_str(&format!("[stages.{stage}]\n"));
        text.push_str(&stage_toml(stage, &body));
    }
    let compiled = compile(&[Source {
        path: PathBuf::from(format!("{id}.toml")),
        text,
    }]);
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
    compiled.script
}

fn verdict(script: &Script, answers: &[&str]) -> Verdict {
    let turns: Vec<Turn<'_>> = answers.iter().map(|a| Turn::first(a)).collect();
    judge(
        &Setting::new(&script.cases()[0], Stage::Data, script.lexicon()),
        &turns,
    )
}

#[test]
fn negated_mentions_earn_nothing() {
    let s = script();
    let v = verdict(
        &s,
        &["I wouldn't bother with a time-based split, the data is small"],
    );
    assert_eq!(v.credits[0], Credit::Missing);
    let v = verdict(&s, &["A time based split is unnecessary here"]);
    assert_eq!(v.credits[0], Credit::Missing);
}

#[test]
fn typos_and_inflections_still_count() {
    let s = script();
    let v = verdict(
        &s,
        &["I'd use a chronologicaly ordered split... no wait, chronlogical splits"],
    );
    assert!(v.credits[0].is_covered(), "{v:?}");
    let v = verdict(&s, &["we are splitting by the time of the impression"]);
    assert!(v.credits[0].is_covered(), "{v:?}");
}

#[test]
fn a_buzzword_list_scores_clearly_below_reasoning_and_asks_why() {
    let s = script();
    let list = verdict(&s, &["time based split, class imbalance, hashing trick"]);
    let reasoned = verdict(
        &s,
        &[
            "I'd use a time based split so the model never trains on the future. Clicks are rare, \
           so class imbalance matters and I'd downsample negatives. For huge id spaces the \
           hashing trick keeps the embedding tables bounded.",
        ],
    );
    assert!(list.list_only);
    assert_eq!(reasoned.score, 100);
    assert!(
        list.score + 30 <= reasoned.score,
        "{} vs {}",
        list.score,
        reasoned.score
    );
    let stage = s.cases()[0].stage(Stage::Data);
    assert_eq!(
        choose_probe(stage, &list, &[]),
        Some(Probe::Why {
            concepts: vec!["time-split".into(), "imbalance".into()]
        })
    );
}

#[test]
fn a_heap_of_keywords_earns_less_than_a_terse_honest_list() {
    let s = script();
    let heap = "time based split / class imbalance / hashing trick / embeddings / dashboards / \
                latency / drift / retraining";
    let salad = verdict(&s, &[heap]);
    let terse = verdict(&s, &["time based split, class imbalance, hashing trick"]);
    assert!(salad.list_only);
    assert!(salad.score <= GAMING_SCORE, "{salad:?}");
    assert!(
        terse.score > salad.score,
        "{} vs {}",
        terse.score,
        salad.score
    );
    // A heap followed by a reply that reasons is an answer after all.
    let answered = verdict(
        &s,
        &[
            heap,
            "I'd split by time so the model never trains on the future, and downsample the \
             negatives because clicks are rare",
        ],
    );
    assert!(answered.score > 30, "{answered:?}");
}

#[test]
fn follow_up_answers_count_together_with_the_first() {
    let s = script();
    let stage = s.cases()[0].stage(Stage::Data);
    let first = verdict(
        &s,
        &["Clicks are rare so the data is heavily imbalanced, I'd reweight"],
    );
    let probe = choose_probe(stage, &first, &[]).expect("a probe");
    assert_eq!(
        probe,
        Probe::Missing {
            concept: "time-split".into()
        }
    );
    let reply = "I'd split by time, training on weeks one to three and testing on week four";
    let both = judge(
        &Setting::new(&s.cases()[0], Stage::Data, s.lexicon()),
        &[
            Turn::first("Clicks are rare so the data is heavily imbalanced, I'd reweight"),
            Turn {
                text: reply,
                reply_to: Some(&probe),
            },
        ],
    );
    assert!(both.credits[0].is_covered() && both.credits[1].is_covered());
    assert!(both.score > first.score);
}

#[test]
fn a_reasoned_reply_to_why_upgrades_named_terms() {
    let s = script();
    let probe = Probe::Why {
        concepts: vec!["time-split".into()],
    };
    let v = judge(
        &Setting::new(&s.cases()[0], Stage::Data, s.lexicon()),
        &[
            Turn::first("time based split, hashing trick, imbalance"),
            Turn {
                text: "Because tomorrow's clicks must never leak into training, or offline \
                       metrics look better than production",
                reply_to: Some(&probe),
            },
        ],
    );
    assert_eq!(v.credits[0], Credit::Explained);
}

#[test]
fn a_reply_to_why_explains_only_the_terms_it_takes_up_and_never_as_a_tour() {
    let s = script();
    let probe = Probe::Why {
        concepts: vec!["time-split".into(), "imbalance".into()],
    };
    let setting = Setting::new(&s.cases()[0], Stage::Data, s.lexicon());
    let reply = |text| {
        judge(
            &setting,
            &[
                Turn::first("time based split, hashing trick, class imbalance"),
                Turn {
                    text,
                    reply_to: Some(&probe),
                },
            ],
        )
    };
    let index = |id: &str| {
        s.cases()[0]
            .stage(Stage::Data)
            .concept(id)
            .map(|(i, _)| i)
            .expect("concept")
    };
    // Reasoned, but about one of the two terms: only that one is explained.
    let one = reply("A time based split, because tomorrow's clicks must never leak into training");
    assert_eq!(one.credits[index("time-split")], Credit::Explained);
    assert_eq!(one.credits[index("imbalance")], Credit::Mentioned);
    // A paragraph about every stage answers no "why?".
    let tour = reply(
        "First I clarify the business goal because it matters, then frame it as supervised \
         learning, collect and label data, train a baseline then a deep model, evaluate with \
         AUC and an A/B test, serve it behind a low-latency API with caching, and monitor \
         drift with alerts and retraining.",
    );
    assert_eq!(tour.credits[index("time-split")], Credit::Mentioned);
    assert_eq!(tour.credits[index("imbalance")], Credit::Mentioned);
}

#[test]
fn misconceptions_cost_points_until_corrected() {
    let s = script();
    let stage = s.cases()[0].stage(Stage::Data);
    let wrong = verdict(
        &s,
        &["I'd do a random split of all impressions into train and test"],
    );
    assert_eq!(wrong.misconceptions, [0]);
    let probe = choose_probe(stage, &wrong, &[]).expect("probe");
    assert!(matches!(probe, Probe::Correct { .. }));
    let fixed = judge(
        &Setting::new(&s.cases()[0], Stage::Data, s.lexicon()),
        &[
            Turn::first("I'd do a random split of all impressions into train and test"),
            Turn {
                text: "Right, that mixes future days into training; split by time instead",
                reply_to: Some(&probe),
            },
        ],
    );
    assert!(fixed.misconceptions.is_empty());
    assert_eq!(fixed.corrected, [0]);
    let avoided = verdict(&s, &["Avoid a random split here, it leaks"]);
    assert!(avoided.misconceptions.is_empty());
}

#[test]
fn words_asserting_a_misconception_earn_no_concept_credit() {
    let s = script();
    // "split" alone is not a concept, but "random split" must not count as "split by time"
    // even where the phrasings overlap.
    let v = verdict(
        &s,
        &["shuffle the data, then a random split by time of day"],
    );
    assert_eq!(v.misconceptions, [0]);
    assert_eq!(v.credits[0], Credit::Missing, "{v:?}");
}

#[test]
fn nothing_important_left_means_a_deeper_question_then_none() {
    let s = script();
    let stage = s.cases()[0].stage(Stage::Data);
    let v = verdict(
        &s,
        &[
            "Split by time so nothing from the future leaks, and since clicks are rare I would \
           downsample negatives and recalibrate afterwards.",
        ],
    );
    assert_eq!(v.credits[2], Credit::Missing);
    // Weight-1 concepts are not asked for; the heaviest explained choice is pushed on instead.
    let depth = Probe::Depth {
        concept: "time-split".into(),
    };
    assert_eq!(choose_probe(stage, &v, &[]), Some(depth.clone()));
    assert_eq!(
        choose_probe(stage, &v, &[depth]),
        None,
        "one depth probe a stage"
    );
}

#[test]
fn any_text_gets_a_verdict() {
    let s = script();
    for text in [
        "",
        "🙂🙂",
        "<b>&amp;</b>",
        "\u{202E}abc\u{200B}",
        &"word ".repeat(5000),
    ] {
        let v = verdict(&s, &[text]);
        assert_eq!(v.score, 0);
    }
}

const MODEL_STAGE: &str = r#"
questions = ["Which model would you build?"]
model_answer = "A detector with boxes, or a segmentation model with masks."

[[concepts]]
id = "boxes"
label = "Bounding boxes"
weight = 3
group = "localisation"
keywords = ["bounding boxes", "box regression"]
probe = "What does the model output for each face?"
hint = "Where is the face?"
examples.match = ["predict bounding boxes", "box regression head"]
examples.no_match = ["no boxes", "a box of chocolates"]

[[concepts]]
id = "masks"
label = "Segmentation masks"
weight = 3
group = "localisation"
keywords = ["segmentation masks", "pixel masks"]
probe = "What does the model output for each face?"
hint = "Which pixels?"
examples.match = ["segmentation masks per face", "pixel masks"]
examples.no_match = ["face masks during covid", "no masks"]

[[concepts]]
id = "regularisation"
label = "Regularisation"
weight = 2
keywords = ["dropout", "weight decay"]
unless = ["modality dropout"]
probe_accepts = ["keep the weights small"]
probe = "How would you keep it from overfitting?"
hint = "Overfitting."
examples.match = ["dropout between layers", "weight decay of 1e-4"]
examples.no_match = ["modality dropout so either input can be missing", "drop out of school"]
"#;

fn model_script() -> Script {
    fixture("alt", Stage::Model, MODEL_STAGE)
}

fn model_verdict(s: &Script, turns: &[Turn<'_>]) -> Verdict {
    judge(
        &Setting::new(&s.cases()[0], Stage::Model, s.lexicon()),
        turns,
    )
}

#[test]
fn an_alternative_design_is_enough_and_the_other_is_not_missing() {
    let s = model_script();
    let v = model_verdict(
        &s,
        &[Turn::first(
            "I'd predict segmentation masks for every face so the blur follows its outline",
        )],
    );
    assert_eq!(v.credits[0], Credit::Excused);
    assert_eq!(v.credits[1], Credit::Explained);
    assert!(v.missing().all(|i| i != 0), "boxes listed as missing");
    let stage = s.cases()[0].stage(Stage::Model);
    assert_ne!(
        choose_probe(stage, &v, &[]),
        Some(Probe::Missing {
            concept: "boxes".into()
        })
    );
    // Full marks for the concepts that apply: masks (3) of masks + regularisation (3 + 2).
    assert_eq!(v.score, 60);
}

#[test]
fn alternatives_none_of_which_was_covered_weigh_as_one_missing_concept() {
    let s = model_script();
    let v = model_verdict(
        &s,
        &[Turn::first(
            "I'd add dropout between the dense layers so it does not overfit",
        )],
    );
    assert_eq!(v.credits[..2], [Credit::Missing, Credit::Missing]);
    // Regularisation (2) of the localisation group (3, once) and regularisation (2).
    assert_eq!(v.score, 40);
    // Naming the other alternative as well neither adds to the group nor dilutes it.
    let both = model_verdict(
        &s,
        &[Turn::first(
            "Bounding boxes. I'd predict segmentation masks for every face so the blur follows its outline",
        )],
    );
    assert_eq!(both.credits[..2], [Credit::Mentioned, Credit::Explained]);
    assert_eq!(both.score, 60);
}

#[test]
fn a_look_alike_phrase_earns_nothing() {
    let s = model_script();
    let v = model_verdict(
        &s,
        &[Turn::first(
            "I'd train with modality dropout so the model copes when the text is missing",
        )],
    );
    assert_eq!(v.credits[2], Credit::Missing);
    let v = model_verdict(
        &s,
        &[Turn::first("I'd add dropout between the dense layers")],
    );
    assert_eq!(v.credits[2], Credit::Explained);
}

#[test]
fn a_reply_is_read_in_the_light_of_its_follow_up() {
    let s = model_script();
    let probe = Probe::Missing {
        concept: "regularisation".into(),
    };
    let reply = "keep the weights small and stop early when validation loss rises";
    let without = model_verdict(&s, &[Turn::first(reply)]);
    assert_eq!(without.credits[2], Credit::Missing);
    let with = model_verdict(
        &s,
        &[
            Turn::first("bounding boxes from a detector"),
            Turn {
                text: reply,
                reply_to: Some(&probe),
            },
        ],
    );
    assert_eq!(with.credits[2], Credit::Explained);
}
