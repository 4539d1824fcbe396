//! `mlsd disputes`: the operator's and the authors' view of what candidates disputed. It asks
//! the running bot over its control socket, or reads the database when no bot runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::control::{self, ControlError};
use crate::dispute::report::{self, Group};
use crate::dispute::{Dispute, DisputeKey, review};
use crate::store::Store;

pub struct Request {
    pub json: bool,
    pub all: bool,
    pub export: Option<PathBuf>,
    pub dismiss: Vec<String>,
}

pub fn run(dir: &Path, request: &Request) -> anyhow::Result<ExitCode> {
    let source = Source::new(dir)?;
    let entries = source.disputes()?;
    if !request.dismiss.is_empty() {
        return dismiss(&source, entries, &request.dismiss);
    }
    let groups = report::groups(entries, request.all);
    if let Some(out) = &request.export {
        return export(&groups, out);
    }
    if request.json {
        println!("{}", serde_json::to_string_pretty(&groups)?);
    } else {
        print!("{}", report::text(&groups));
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the disputes are read from: the running bot, or the database itself.
enum Source<'a> {
    Bot(&'a Path),
    Store(Store),
}

impl<'a> Source<'a> {
    fn new(dir: &'a Path) -> anyhow::Result<Source<'a>> {
        match control::health(dir) {
            Ok(_) => Ok(Source::Bot(dir)),
            Err(ControlError::NotRunning(_)) => Ok(Source::Store(Store::open(dir)?)),
            Err(e) => Err(e.into()),
        }
    }

    fn disputes(&self) -> anyhow::Result<Vec<(DisputeKey, Dispute)>> {
        match self {
            Source::Bot(dir) => Ok(control::disputes(dir)?),
            Source::Store(store) => {
                let all = store.disputes()?;
                if all.unreadable > 0 {
                    eprintln!(
                        "{} dispute record(s) could not be read and are left out",
                        all.unreadable
                    );
                }
                Ok(all.entries)
            }
        }
    }

    fn dismiss(&self, keys: &[DisputeKey]) -> anyhow::Result<usize> {
        match self {
            Source::Bot(dir) => Ok(control::dismiss(dir, keys)?),
            Source::Store(store) => Ok(store.dismiss_disputes(keys)?),
        }
    }
}

fn dismiss(
    source: &Source<'_>,
    entries: Vec<(DisputeKey, Dispute)>,
    names: &[String],
) -> anyhow::Result<ExitCode> {
    let groups = report::groups(entries, false);
    let mut keys = Vec::new();
    for name in names {
        let found = report::select(&groups, name);
        if found.is_empty() {
            anyhow::bail!(
                "no open dispute or group `{name}`; `mlsd disputes` lists them (groups as case/stage/concept)"
            );
        }
        keys.extend(found.into_iter().map(|e| e.key));
    }
    keys.sort();
    keys.dedup();
    let n = source.dismiss(&keys)?;
    println!("dismissed {n} dispute(s)");
    Ok(ExitCode::SUCCESS)
}

fn export(groups: &[Group], dir: &Path) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let files = review::export(groups, &today);
    for (name, text) in &files {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    if files.is_empty() {
        println!("No open disputes to export.");
    } else {
        println!(
            "Check them with `mlsd lint dialogues/<case>.toml {}/<case>{}`.",
            dir.display(),
            review::SUFFIX
        );
    }
    Ok(ExitCode::SUCCESS)
}
