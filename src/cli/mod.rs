//! The command line: parse arguments, load what each command needs, run it.

mod disputes;
mod score;

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};

use crate::content::{Compiled, Script};
use crate::interview::Config;
use crate::level::Level;
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
    /// Directory (or file) of dialogue files to use instead of the built-in case bank.
    #[arg(long, global = true, env = "MLSD_DIALOGUES", value_name = "DIR")]
    pub dialogues: Option<PathBuf>,

    /// With --dialogues: use the built-in cases as well (a file in DIR replaces the built-in
    /// file of the same name).
    #[arg(long, global = true, env = "MLSD_WITH_BUILTIN")]
    pub with_builtin: bool,

    #[command(subcommand)]
    pub command: Option<Commands>,
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Run the Telegram bot (long polling).
    Bot(BotArgs),
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
        /// The level you interview for: mid, senior or staff (remembered).
        #[arg(long)]
        level: Option<Level>,
        /// Run the interview on a clock (45 minutes unless --minutes says otherwise).
        #[arg(long)]
        timed: bool,
        /// The length of a timed interview in minutes (implies --timed).
        #[arg(long, value_parser = clap::value_parser!(u16).range(5..=240))]
        minutes: Option<u16>,
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
    /// Exit 0 if the bot using this data directory is running and reaching Telegram.
    Health {
        #[arg(long, env = "MLSD_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Write a consistent snapshot of all data to FILE (while the bot runs, or not).
    Backup {
        file: PathBuf,
        #[arg(long, env = "MLSD_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Load a backup into an empty data directory (never overwrites).
    Restore {
        file: PathBuf,
        #[arg(long, env = "MLSD_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
    /// What candidates disputed, grouped by case and concept, most frequent first (while the
    /// bot runs, or not).
    Disputes {
        #[arg(long, env = "MLSD_DATA_DIR")]
        data_dir: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Include disputes already dismissed.
        #[arg(long)]
        all: bool,
        /// Write one review file per case into DIR: the disputed answers as self-test
        /// examples, checked with `mlsd lint CASE-FILE REVIEW-FILE`.
        #[arg(long, value_name = "DIR")]
        export: Option<PathBuf>,
        /// Set reviewed disputes aside: a group (`case/stage/concept`, as listed) or one
        /// dispute by its id. Repeatable.
        #[arg(long, value_name = "GROUP-OR-ID")]
        dismiss: Vec<String>,
    },
    /// Check dialogue files and run their self-test examples; review files exported by
    /// `mlsd disputes --export` are checked against the cases named beside them.
    Lint {
        /// Files or directories; the dialogue directory when none are given.
        paths: Vec<PathBuf>,
    },
}

/// Settings of the Telegram bot. Every flag can also come from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct BotArgs {
    /// The bot token from @BotFather.
    #[arg(long, env = "TELOXIDE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Another Bot API server (a local one, or a test double).
    #[arg(long, env = "TELOXIDE_API_URL")]
    pub api_url: Option<String>,
    /// Where the users' progress is kept.
    #[arg(long, env = "MLSD_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Comma-separated Telegram user ids allowed to use the bot; everyone when unset.
    #[arg(long, env = "MLSD_ALLOWED_USERS")]
    pub allowed_users: Option<String>,
    /// Comma-separated Telegram user ids who may use /stats.
    #[arg(long, env = "MLSD_ADMIN_IDS")]
    pub admin_ids: Option<String>,
    /// Store the Telegram user id with each dispute (off: disputes name no one).
    #[arg(long, env = "MLSD_DISPUTE_USER_IDS")]
    pub dispute_user_ids: bool,
    /// Seconds one long-polling request waits for new messages (1–15).
    #[arg(long, env = "MLSD_POLL_TIMEOUT", default_value_t = 10)]
    pub poll_timeout: u64,
    /// Follow-up questions per stage before moving on.
    #[arg(long, env = "MLSD_MAX_PROBES", default_value_t = 2)]
    pub max_probes: u8,
    /// Messages per second across all chats (Telegram allows about 30); 0 turns global
    /// pacing off. The limit of about one message a second per chat always stays.
    #[arg(long, env = "MLSD_MAX_SEND_RATE", default_value_t = crate::telegram::DEFAULT_SEND_RATE)]
    pub max_send_rate: u32,
    /// Receive updates by webhook at this public HTTPS URL (behind your reverse proxy)
    /// instead of long polling.
    #[arg(long, env = "MLSD_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// Address the webhook server listens on.
    #[arg(long, env = "MLSD_WEBHOOK_LISTEN", default_value = "0.0.0.0:8080")]
    pub webhook_listen: String,
    /// Secret Telegram must send with every webhook call (1–256 of A-Z a-z 0-9 _ -);
    /// generated when not given.
    #[arg(long, env = "MLSD_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,
    /// Log level: error, warn, info, debug or trace (or a tracing filter).
    #[arg(long, env = "MLSD_LOG", default_value = "info")]
    pub log_level: String,
    /// Log format: human or json (one JSON object per line).
    #[arg(long, env = "MLSD_LOG_FORMAT", default_value = "human")]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Human,
    Json,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // An empty variable in an .env file means "not set", not "the current directory".
    let dir = cli.dialogues.filter(|d| !d.as_os_str().is_empty());
    let bank = dialogues::Bank::new(dir, cli.with_builtin);
    let command = match cli.command {
        Some(command) => command,
        None if std::env::var_os("TELOXIDE_TOKEN").is_some() => {
            Commands::Bot(BotArgs::parse_from_env())
        }
        None => {
            use clap::CommandFactory;
            Cli::command().print_help()?;
            return Ok(ExitCode::from(2));
        }
    };
    match command {
        Commands::Bot(args) => run_bot(&bank, args),
        Commands::Health { data_dir } => health(data_dir),
        Commands::Backup { file, data_dir } => backup(&file, data_dir),
        Commands::Restore { file, data_dir } => restore(&file, data_dir),
        Commands::Practice {
            case,
            data_dir,
            max_probes,
            level,
            timed,
            minutes,
            reset,
        } => {
            let script = load_script(&bank)?;
            let dir = data_dir.map_or_else(default_data_dir, Ok)?;
            let store = Store::open(&dir)?;
            if reset && terminal::reset(&store)? {
                eprintln!("Your previous session was set aside; starting fresh.");
            }
            // Only someone at a keyboard is asked for their level; piped answers stay answers.
            let config = Config {
                max_probes,
                ask_level: std::io::stdin().is_terminal(),
                ..Config::default()
            };
            let minutes = minutes.or(timed.then_some(script.conduct().pace.minutes));
            let practice = terminal::Practice {
                script: &script,
                store: &store,
                case,
                level,
                minutes,
                config,
                clock: crate::clock::Clock::system(),
            };
            let mut stdout = std::io::stdout();
            match terminal::Editor::for_terminal() {
                Some(mut editor) => terminal::run(practice, &mut editor, &mut stdout)?,
                None => {
                    let mut lines = terminal::Lines(std::io::stdin().lock());
                    terminal::run(practice, &mut lines, &mut stdout)?
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Commands::Score { case, stage, json } => {
            let script = load_script(&bank)?;
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
            let script = load_script(&bank)?;
            print!("{}", cases_listing(&script, json)?);
            Ok(ExitCode::SUCCESS)
        }
        Commands::Grade { files, verbose } => {
            let script = load_script(&bank)?;
            grade_files(&script, &files, verbose)
        }
        Commands::Disputes {
            data_dir,
            json,
            all,
            export,
            dismiss,
        } => {
            let dir = data_dir.map_or_else(default_data_dir, Ok)?;
            disputes::run(
                &dir,
                &disputes::Request {
                    json,
                    all,
                    export,
                    dismiss,
                },
            )
        }
        Commands::Lint { paths } => {
            // Review files (exported disputes) are checked against the case files named
            // beside them, or the bank when none are.
            let reviews = dialogues::review_files(&paths);
            let cases = dialogues::case_paths(&paths);
            // Files named on the command line are checked alone: an author linting a new file
            // wants its problems, not the bank's.
            let compiled = if cases.is_empty() {
                bank.load()
            } else {
                dialogues::load(&cases)
            };
            Ok(lint_compiled(compiled, &reviews))
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
    let mut shapes = crate::graded::ShapeScores::default();
    for file in files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let set = crate::graded::parse(&text).with_context(|| format!("in {}", file.display()))?;
        let ordering = crate::graded::ordering(script, &set)
            .with_context(|| format!("in {}", file.display()))?;
        shapes
            .add(script, &set)
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
    print_shapes(&shapes);
    print_generated(&crate::graded::generated(script));
    Ok(ExitCode::SUCCESS)
}

/// Median scores per failure shape of the sets, with the targets they are held to.
fn print_shapes(shapes: &crate::graded::ShapeScores) {
    use crate::graded::AnswerShape as S;
    if shapes.scores.keys().all(|(s, _)| *s == S::Honest) {
        return;
    }
    println!("\nby shape (median score; answers)");
    let fmt = |m: Option<f64>| m.map_or("-".to_owned(), |m| format!("{m:.0}"));
    for (shape, target) in [
        (S::Textbook, ""),
        (S::Paraphrase, ""),
        (S::Alternative, ""),
        (S::Honest, ""),
        (S::Salad, "target <= 10"),
        (S::Paste, "target <= 15"),
        (S::Echo, "target <= 10"),
        (S::Offtopic, ""),
    ] {
        let n = shapes.count(shape);
        if n == 0 {
            continue;
        }
        let grades: Vec<String> = (0..=3)
            .rev()
            .filter_map(|g| {
                shapes
                    .median(shape, Some(g))
                    .map(|m| format!("grade {g}: {m:.0}"))
            })
            .collect();
        println!(
            "  {:<12} {:>4}  ({n}; {}) {target}",
            shape.id(),
            fmt(shapes.median(shape, None)),
            grades.join(", ")
        );
    }
    if let (Some(plain), Some(other)) = (
        shapes.median(S::Textbook, Some(3)),
        shapes.median(S::Paraphrase, Some(3)),
    ) && plain > 0.0
    {
        println!(
            "  strong paraphrase / strong textbook: {:.2} (target >= 0.90)",
            other / plain
        );
    }
}

/// Gaming answers made from every case: salads of each stage's own keywords, and the
/// interviewer's own words read back.
fn print_generated(g: &crate::graded::Generated) {
    let med = |v: &[u8]| {
        let mut v = v.to_vec();
        crate::graded::median(&mut v).map_or("-".to_owned(), |m| format!("{m:.0}"))
    };
    let max = |v: &[u8]| v.iter().max().copied().unwrap_or(0);
    println!("\ngenerated from the cases (median, max over every stage)");
    for (name, scores) in &g.salads {
        println!(
            "  salad, {name:<11} {:>4} {:>4}  (target median <= 10)",
            med(scores),
            max(scores)
        );
    }
    for (name, scores) in [
        ("scenario read back", &g.scenario),
        ("question read back", &g.question),
        ("model answer read back", &g.model_answer),
    ] {
        println!("  {name:<23} {:>4} {:>4}", med(scores), max(scores));
    }
}

fn lint_compiled(compiled: Compiled, reviews: &[PathBuf]) -> ExitCode {
    let mut problems = compiled.diagnostics;
    problems.extend(lint::self_test(&compiled.script));
    let mut reviewed = 0;
    for path in reviews {
        let read = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|text| crate::dispute::review::parse(&text));
        match read {
            Ok(review) => {
                reviewed += review.examples().len();
                problems.extend(lint::review(&compiled.script, path, &review));
            }
            Err(message) => problems.push(crate::content::Diagnostic {
                location: crate::content::Location {
                    path: path.clone(),
                    line: 0,
                    column: 0,
                },
                message: format!("not a review file: {message}"),
            }),
        }
    }
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
        let reviewed = if reviews.is_empty() {
            String::new()
        } else {
            format!(", {reviewed} disputed example(s) agree with the judge")
        };
        println!("ok: {cases} case(s), {examples} self-test example(s) passed{reviewed}");
        ExitCode::SUCCESS
    } else {
        println!("{} problem(s) found", problems.len());
        ExitCode::FAILURE
    }
}

/// Loads the dialogue files for a command that interviews. Problems in some files are
/// reported and those cases left out; no usable case at all is an error.
pub fn load_script(bank: &dialogues::Bank) -> anyhow::Result<Script> {
    if let dialogues::Bank::Dir(path) | dialogues::Bank::DirAndBuiltin(path) = bank
        && !path.exists()
    {
        bail!(
            "no dialogue files at {}: check --dialogues / MLSD_DIALOGUES, or leave both unset \
             to use the built-in cases",
            path.display()
        );
    }
    let Compiled {
        script,
        diagnostics,
    } = bank.load();
    for d in &diagnostics {
        eprintln!("warning: {d} (this case is left out; `mlsd lint` checks the files)");
    }
    if script.is_empty() {
        let lint = match bank {
            dialogues::Bank::Builtin => "mlsd lint".to_owned(),
            dialogues::Bank::Dir(dir) | dialogues::Bank::DirAndBuiltin(dir) => {
                format!("mlsd lint {}", dir.display())
            }
        };
        bail!(
            "no usable case study in {}; run `{lint}` to see what is wrong",
            bank.describe()
        );
    }
    Ok(script)
}

impl BotArgs {
    /// The settings when `mlsd` runs without a subcommand: everything from the environment.
    fn parse_from_env() -> BotArgs {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            args: BotArgs,
        }
        Only::parse_from(["mlsd"]).args
    }
}

fn run_bot(bank: &dialogues::Bank, args: BotArgs) -> anyhow::Result<ExitCode> {
    init_logging(&args.log_level, args.log_format)?;
    let config = bot_config(args)?;
    let script = load_script(bank)?;
    let dir = config
        .data_dir
        .clone()
        .context("the data directory is always set by bot_config")?;
    let store = Store::open(&dir)?;
    tracing::info!(data_dir = %dir.display(), cases = script.cases().len(), "starting the bot");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(crate::telegram::run(config, script, store))?;
    Ok(ExitCode::SUCCESS)
}

/// Every setting of the bot checked in one place: the first problem stops the bot with one
/// line naming the setting and how to fix it.
fn bot_config(mut args: BotArgs) -> anyhow::Result<crate::telegram::BotConfig> {
    // An empty variable in an .env file means "not set", not "an empty list".
    for value in [
        &mut args.api_url,
        &mut args.allowed_users,
        &mut args.admin_ids,
        &mut args.webhook_url,
        &mut args.webhook_secret,
    ] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            *value = None;
        }
    }
    let Some(token) = args.token.filter(|t| !t.trim().is_empty()) else {
        bail!(
            "no bot token: set TELOXIDE_TOKEN to the token @BotFather gave you (or pass --token)"
        );
    };
    let api_url = args
        .api_url
        .map(|u| {
            url::Url::parse(u.trim_end_matches('/')).map_err(|e| {
                anyhow::anyhow!(
                    "TELOXIDE_API_URL `{u}` is not a URL ({e}); use e.g. http://127.0.0.1:8081"
                )
            })
        })
        .transpose()?;
    let allowed_users = args
        .allowed_users
        .map(|list| parse_user_ids(&list))
        .transpose()?;
    let admins = args
        .admin_ids
        .map(|list| parse_user_ids(&list))
        .transpose()?
        .unwrap_or_default();
    if !(1..=15).contains(&args.poll_timeout) {
        bail!("poll timeout must be between 1 and 15 seconds (the HTTP client gives up at 17)");
    }
    let webhook = match args.webhook_url {
        None => None,
        Some(url) => {
            let url = url::Url::parse(&url).map_err(|e| {
                anyhow::anyhow!("MLSD_WEBHOOK_URL `{url}` is not a URL ({e}); use e.g. https://bot.example.com/telegram")
            })?;
            let listen = args.webhook_listen.parse().map_err(|_| {
                anyhow::anyhow!(
                    "MLSD_WEBHOOK_LISTEN `{}` is not an address; use e.g. 0.0.0.0:8080",
                    args.webhook_listen
                )
            })?;
            let secret = match args.webhook_secret {
                Some(secret) => {
                    let valid = (1..=256).contains(&secret.len())
                        && secret
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    if !valid {
                        bail!(
                            "MLSD_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"
                        );
                    }
                    secret
                }
                None => format!(
                    "{:016x}{:016x}",
                    crate::clock::entropy(),
                    crate::clock::entropy()
                ),
            };
            Some(crate::telegram::webhook::Webhook {
                url,
                listen,
                secret,
            })
        }
    };
    if args.max_send_rate > crate::telegram::MAX_SEND_RATE {
        bail!(
            "MLSD_MAX_SEND_RATE must be between 0 (no global pacing) and {} messages per second; \
             Telegram allows about 30",
            crate::telegram::MAX_SEND_RATE
        );
    }
    let dir = args.data_dir.map_or_else(default_data_dir, Ok)?;
    Ok(crate::telegram::BotConfig {
        token,
        api_url,
        allowed_users,
        admins,
        dispute_user_ids: args.dispute_user_ids,
        poll_timeout: std::time::Duration::from_secs(args.poll_timeout),
        webhook,
        data_dir: Some(dir),
        engine: Config {
            max_probes: args.max_probes,
            ..Config::default()
        },
        max_send_rate: args.max_send_rate,
    })
}

fn health(data_dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let dir = data_dir.map_or_else(default_data_dir, Ok)?;
    let status = match crate::control::health(&dir) {
        Ok(status) => status,
        Err(e) => {
            println!("unhealthy: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    match status.verdict(crate::clock::now()) {
        Ok(summary) => {
            println!("healthy: {summary}");
            Ok(ExitCode::SUCCESS)
        }
        Err(reason) => {
            println!("unhealthy: {reason}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn backup(file: &Path, data_dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let dir = data_dir.map_or_else(default_data_dir, Ok)?;
    let partial = file.with_extension("partial");
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&partial)
            .with_context(|| format!("cannot write {}", partial.display()))?,
    );
    let written = match crate::control::backup(&dir, &mut out) {
        Ok(bytes) => bytes,
        Err(crate::control::ControlError::NotRunning(_)) => {
            // No bot running: read the database directly.
            let store = Store::open(&dir)?;
            store.export(&mut out)?;
            std::io::Write::flush(&mut out)?;
            std::fs::metadata(&partial).map(|m| m.len()).unwrap_or(0)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e.into());
        }
    };
    std::io::Write::flush(&mut out)?;
    drop(out);
    std::fs::rename(&partial, file)
        .with_context(|| format!("cannot move the backup to {}", file.display()))?;
    println!(
        "backed up {} ({written} bytes) to {}",
        dir.display(),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn restore(file: &Path, data_dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let dir = data_dir.map_or_else(default_data_dir, Ok)?;
    if crate::control::health(&dir).is_ok() {
        bail!(
            "a bot is running on {}; stop it before restoring",
            dir.display()
        );
    }
    let input =
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let store = Store::open(&dir)?;
    let entries = store.import(std::io::BufReader::new(input))?;
    println!("restored {entries} records into {}", dir.display());
    Ok(ExitCode::SUCCESS)
}

/// Parses `MLSD_ALLOWED_USERS`: numeric Telegram user ids separated by commas.
pub fn parse_user_ids(list: &str) -> anyhow::Result<Vec<u64>> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<u64>().map_err(|_| {
                anyhow::anyhow!(
                    "`{s}` in the allowed users is not a numeric Telegram user id (e.g. 123456789)"
                )
            })
        })
        .collect()
}

fn init_logging(level: &str, format: LogFormat) -> anyhow::Result<()> {
    // A bare level ("debug") applies to mlsd's own logs, with dependencies kept at warn so
    // sled's tracing does not drown them; a full filter ("mlsd=debug,sled=info") is used as
    // written.
    let directives = if level.contains('=') || level.contains(',') {
        level.to_owned()
    } else {
        format!("warn,mlsd={level}")
    };
    let filter = tracing_subscriber::EnvFilter::try_new(&directives).map_err(|e| {
        anyhow::anyhow!(
            "log level `{level}` is not valid ({e}); use error, warn, info, debug or trace"
        )
    })?;
    // Colours only on a terminal: Docker logs and files get plain text.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false);
    let result = match format {
        LogFormat::Human => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    result.map_err(|e| anyhow::anyhow!("cannot set up logging: {e}"))
}

fn default_data_dir() -> anyhow::Result<PathBuf> {
    directories::ProjectDirs::from("", "", "mlsd")
        .map(|d| d.data_dir().to_path_buf())
        .context("cannot find a home directory for the data; pass --data-dir or set MLSD_DATA_DIR")
}
