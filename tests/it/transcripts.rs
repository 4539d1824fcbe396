//! Golden transcripts: each file under `tests/transcripts/` holds the lines a person typed
//! (`> …`) with the interviewer's replies after each, rendered as the terminal shows them.
//! The test replays the inputs with a fixed clock and fixed randomness and compares the
//! whole file. After an intended change of wording, regenerate with `UPDATE_EXPECT=1`.
//!
//! Input lines: free text is an answer, `/cmd` a command, `!begin CASE` starts a case,
//! `!domain ID` picks a domain from the menu, `!level LEVEL` sets the level.

use mlsd::interview::{Command, Config, Context, Event, Session, step};
use mlsd::present::{Medium, render};
use mlsd::stage::{Domain, DomainChoice};

use crate::util::{root, shipped_script};

fn event(line: &str) -> Event {
    if let Some(case) = line.strip_prefix("!begin ") {
        return Event::Begin {
            case: Some(case.trim().to_owned()),
        };
    }
    if let Some(domain) = line.strip_prefix("!domain ") {
        let d: Domain = domain.trim().parse().expect("domain id");
        return Event::ChooseDomain(DomainChoice::Domain(d));
    }
    if let Some(level) = line.strip_prefix("!level ") {
        return Event::ChooseLevel(level.trim().parse().expect("level id"));
    }
    match Command::parse(line) {
        Some(c) => Event::Command(c),
        None => Event::Text(line.to_owned()),
    }
}

fn replay(inputs: &[String]) -> String {
    let script = shipped_script();
    let mut session = Session::default();
    let mut out = String::new();
    for (i, input) in inputs.iter().enumerate() {
        let ctx = Context {
            now: 1_700_000_000 + i as i64 * 60,
            entropy: 42 + i as u64,
            config: Config::default(),
        };
        let s = step(&script, session, event(input), &ctx);
        session = s.session;
        out.push_str(&format!("> {input}\n"));
        for reply in &s.replies {
            out.push('\n');
            out.push_str(&render(reply, Medium::Terminal).to_plain());
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

#[test]
fn transcripts_match_their_golden_files() {
    let dir = root().join("tests").join("transcripts");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("transcripts dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no transcripts in {}", dir.display());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut stale = Vec::new();
    for file in files {
        let expected = std::fs::read_to_string(&file).expect("read transcript");
        let inputs: Vec<String> = expected
            .lines()
            .filter_map(|l| l.strip_prefix("> "))
            .map(str::to_owned)
            .collect();
        let actual = replay(&inputs);
        if actual != expected {
            if update {
                std::fs::write(&file, &actual).expect("write transcript");
            } else {
                stale.push(file.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "transcripts differ (rerun with UPDATE_EXPECT=1 and review the diff): {stale:?}"
    );
}
