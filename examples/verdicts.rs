//! Every answer of some graded sets, judged, one line each: score, credits, misconceptions,
//! evidence offsets, list/echo/tour flags. A change meant to leave verdicts alone (a speed-up)
//! is checked by diffing this output before and after.
//!
//! `cargo run --release --example verdicts -- tests/graded/*.toml > before.txt` from the
//! repository root.

use anyhow::Context;
use mlsd::judge::{Setting, Turn, judge};

fn main() -> anyhow::Result<()> {
    let script = mlsd::dialogues::load(&[std::path::PathBuf::from("dialogues")]).script;
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
        let set = mlsd::graded::parse(&text).with_context(|| format!("in {path}"))?;
        let case = script
            .case(&set.case)
            .with_context(|| format!("{path}: no case {}", set.case))?;
        for (n, a) in set.answers.iter().enumerate() {
            let setting = Setting::new(case, a.stage, script.lexicon());
            let v = judge(&setting, &[Turn::first(&a.text)]);
            let evidence: Vec<_> = v
                .evidence
                .iter()
                .map(|e| e.as_ref().map(|q| (q.start, q.end)))
                .collect();
            println!(
                "{path}#{n} {} {:?} {:?} {:?} {} {:?} {}",
                v.score, v.credits, v.misconceptions, evidence, v.list_only, v.echo, v.tour
            );
        }
    }
    Ok(())
}
