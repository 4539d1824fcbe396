//! Reading dialogue files from disk: the only I/O of content loading.

use std::path::{Path, PathBuf};

use crate::content::{Compiled, Diagnostic, Location, Source, compile};

/// Collects the `.toml` files under each path (a file or a directory, not recursive beyond
/// one level of directories), reading each; unreadable paths become diagnostics.
pub fn read_sources(paths: &[PathBuf]) -> (Vec<Source>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let files = if path.is_dir() {
            match toml_files(path) {
                Ok(files) if files.is_empty() => {
                    problems.push(problem(path, "no .toml dialogue files in this directory"));
                    continue;
                }
                Ok(files) => files,
                Err(e) => {
                    problems.push(problem(path, &format!("cannot list directory: {e}")));
                    continue;
                }
            }
        } else {
            vec![path.clone()]
        };
        for file in files {
            match std::fs::read(&file) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => sources.push(Source { path: file, text }),
                    Err(e) => problems.push(problem(
                        &file,
                        &format!(
                            "not UTF-8 text (invalid byte at offset {})",
                            e.utf8_error().valid_up_to()
                        ),
                    )),
                },
                Err(e) => problems.push(problem(&file, &format!("cannot read: {e}"))),
            }
        }
    }
    (sources, problems)
}

fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn problem(path: &Path, message: &str) -> Diagnostic {
    Diagnostic {
        location: Location {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
        },
        message: message.to_owned(),
    }
}

/// Reads and compiles dialogue files; problems are returned, good cases still load.
pub fn load(paths: &[PathBuf]) -> Compiled {
    let (sources, mut problems) = read_sources(paths);
    let mut compiled = compile(&sources);
    problems.append(&mut compiled.diagnostics);
    compiled.diagnostics = problems;
    compiled
}
