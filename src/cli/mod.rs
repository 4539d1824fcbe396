//! The command line: parse arguments, load what each command needs, run it.

mod score;

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};

use crate::content::{Compiled, Script};
use crate::interview::Config;
use crate::stage::Stage;
use crate::store::Store;
use crate::{dialogues, lint, terminal};

pub use score::{ScoreReport, score};

#[derive(Debug, Parser)]
#[command(
    name = "mlsd",
    version,
    about = "A mock interviewer for Machine Learning System Design interviews",
    long_about = "A mock interviewer for Machine Learning System Design interviews. \
                  Practise in a terminal with `mlsd practice`, or run the Telegram bot."
)]
pub struct Cli {
    /// Directory (or file) of dialogue files.
    #[arg(
        long,
        global = true,
        env = "MLSD_DIALOGUES",
        default_value = "dialogues"
    )]
    pub dialogues: PathBuf,

    #[command(subcommand)]
    pub command: Commands,
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Practise a mock interview in this terminal (no Telegram token needed).
    Practice {
        /// Interview on this case instead of one picked for your hardest domain.
        #[arg(long)]
        case: Option<String>,
        /// Where progress is kept.
        #[arg(long, env = "MLSD_DATA_DIR")]
        data_dir: Option<PathBuf>,
        /// Follow-up questions per stage before moving on.
        #[arg(long, default_value_t = 2)]
        max_probes: u8,
        /// Set an unreadable saved session aside (it is kept, not deleted) and start fresh.
        #[arg(long)]
        reset: bool,
    },
    /// Judge one answer read from stdin, without any saved state.
    Score {
        #[arg(long)]
        case: String,
        /// One of: requirements, framing, data, model, evaluation, serving, monitoring.
        #[arg(long)]
        stage: Stage,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List the case studies.
    Cases {
        #[arg(long)]
        json: bool,
    },
    /// Measure how well the judge orders graded answer sets (pairwise accuracy).
    Grade {
        /// Graded set files (see tests/graded/).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also print every pair the judge put in the wrong order.
        #[arg(long)]
        verbose: bool,
    },
    /// Check dialogue files and run their self-test examples.
    Lint {
        /// Files or directories; the dialogue directory when none are given.
        paths: Vec<PathBuf>,
    },
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Commands::Practice {
            case,
            data_dir,
            max_probes,
            reset,
        } => {
            let script = load_script(&cli.dialogues)?;
            let dir = data_dir.map_or_else(default_data_dir, Ok)?;
            let store = Store::open(&dir)?;
            if reset && terminal::reset(&store)? {
                eprintln!("Your previous session was set aside; starting fresh.");
            }
            let config = Config {
                max_probes,
                ..Config::default()
            };
            let practice = terminal::Practice {
                script: &script,
                store: &store,
                case,
                config,
            };
            let stdin = std::io::stdin();
            terminal::run(practice, &mut stdin.lock(), &mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Commands::Score { case, stage, json } => {
            let script = load_script(&cli.dialogues)?;
            let Some(case) = script.case(&case) else {
                bail!("unknown case `{case}`; `mlsd cases` lists them");
            };
            if std::io::stdin().is_terminal() {
                eprintln!("Type or paste the answer, then Ctrl-D.");
            }
            let mut answer = String::new();
            std::io::stdin()
                .read_to_string(&mut answer)
                .context("cannot read the answer from stdin")?;
            let report = score(&script, case, stage, &answer);
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                print!("{}", report.to_text());
            }
            Ok(ExitCode::SUCCESS)
        }
        Commands::Cases { json } => {
            let script = load_script(&cli.dialogues)?;
            print!("{}", cases_listing(&script, json)?);
            Ok(ExitCode::SUCCESS)
        }
        Commands::Grade { files, verbose } => {
            let script = load_script(&cli.dialogues)?;
            grade_files(&script, &files, verbose)
        }
        Commands::Lint { paths } => {
            let paths = if paths.is_empty() {
                vec![cli.dialogues]
            } else {
                paths
            };
            Ok(lint_paths(&paths))
        }
    }
}

fn cases_listing(script: &Script, json: bool) -> anyhow::Result<String> {
    if json {
        let list: Vec<serde_json::Value> = script
            .cases()
            .iter()
            .map(|c| {
                serde_json::json!({
                    "id": c.id,
                    "title": c.title,
                    "domains": c.domains,
                })
            })
            .collect();
        return Ok(format!("{}\n", serde_json::to_string(&list)?));
    }
    let width = script.cases().iter().map(|c| c.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in script.cases() {
        let domains: Vec<&str> = c.domains.iter().map(|d| d.id()).collect();
        out.push_str(&format!(
            "{:<width$}  {:<20}  {}\n",
            c.id,
            domains.join(","),
            c.title
        ));
    }
    Ok(out)
}

fn grade_files(script: &Script, files: &[PathBuf], verbose: bool) -> anyhow::Result<ExitCode> {
    let mut total = crate::graded::Ordering::default();
    for file in files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let set = crate::graded::parse(&text).with_context(|| format!("in {}", file.display()))?;
        let ordering = crate::graded::ordering(script, &set)
            .with_context(|| format!("in {}", file.display()))?;
        let stages: Vec<String> = ordering
            .per_stage
            .iter()
            .map(|(stage, (pairs, correct))| format!("{stage} {correct}/{pairs}"))
            .collect();
        println!(
            "{:<28} {:.3}  ({}/{} pairs; {})",
            set.case,
            ordering.accuracy(),
            ordering.correct,
            ordering.pairs,
            stages.join(", ")
        );
        if verbose {
            for m in &ordering.misordered {
                println!(
                    "  {}: grade {} scored {} <= grade {} scored {}\n    better: {}\n    worse:  {}",
                    m.stage,
                    m.better.0,
                    m.better.1,
                    m.worse.0,
                    m.worse.1,
                    m.better.2.trim(),
                    m.worse.2.trim()
                );
            }
        }
        total.add(&ordering);
    }
    println!(
        "{:<28} {:.3}  ({}/{} pairs)",
        "all",
        total.accuracy(),
        total.correct,
        total.pairs
    );
    Ok(ExitCode::SUCCESS)
}

fn lint_paths(paths: &[PathBuf]) -> ExitCode {
    let compiled = dialogues::load(paths);
    let mut problems = compiled.diagnostics;
    problems.extend(lint::self_test(&compiled.script));
    for p in &problems {
        println!("{p}");
    }
    let cases = compiled.script.cases().len();
    let examples: usize = compiled
        .script
        .cases()
        .iter()
        .flat_map(|c| c.stages())
        .map(|s| {
            s.concepts
                .iter()
                .map(|c| c.examples.must_match.len() + c.examples.must_not_match.len())
                .sum::<usize>()
                + s.misconceptions
                    .iter()
                    .map(|m| m.examples.must_match.len() + m.examples.must_not_match.len())
                    .sum::<usize>()
        })
        .sum();
    if problems.is_empty() {
        println!("ok: {cases} case(s), {examples} self-test example(s) passed");
        ExitCode::SUCCESS
    } else {
        println!("{} problem(s) found", problems.len());
        ExitCode::FAILURE
    }
}

/// Loads the dialogue files for a command that interviews. Problems in some files are
/// reported and those cases left out; no usable case at all is an error.
pub fn load_script(path: &Path) -> anyhow::Result<Script> {
    if !path.exists() {
        bail!(
            "no dialogue files at {}: pass --dialogues DIR or set MLSD_DIALOGUES",
            path.display()
        );
    }
    let Compiled {
        script,
        diagnostics,
    } = dialogues::load(&[path.to_path_buf()]);
    for d in &diagnostics {
        eprintln!("warning: {d} (this case is left out; `mlsd lint` checks the files)");
    }
    if script.is_empty() {
        bail!(
            "no usable case study in {}; run `mlsd lint {}` to see what is wrong",
            path.display(),
            path.display()
        );
    }
    Ok(script)
}

fn default_data_dir() -> anyhow::Result<PathBuf> {
    directories::ProjectDirs::from("", "", "mlsd")
        .map(|d| d.data_dir().to_path_buf())
        .context("cannot find a home directory for the data; pass --data-dir or set MLSD_DATA_DIR")
}
