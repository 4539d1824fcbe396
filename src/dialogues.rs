//! Where the case bank comes from: the dialogue files built into the binary, a directory on
//! disk, or both. The only I/O of content loading.

use std::path::{Path, PathBuf};

use crate::content::{
    Compiled, Diagnostic, Location, Source, VOCABULARY_FILE, compile, is_vocabulary,
};

// `BUILTIN`: (file name, text, whether build.rs found all its patterns sound) of every
// `dialogues/*.toml` at build time (see build.rs).
include!(concat!(env!("OUT_DIR"), "/builtin_dialogues.rs"));

/// Built-in files are named like this in diagnostics, so a problem in one is told apart from a
/// file on disk.
const BUILTIN_PREFIX: &str = "(built in)/dialogues";

/// The dialogue files compiled into this binary.
pub fn builtin() -> Vec<Source> {
    BUILTIN
        .iter()
        .map(|(name, text, _)| Source {
            path: Path::new(BUILTIN_PREFIX).join(name),
            text: (*text).to_owned(),
        })
        .collect()
}

/// Whether `text` is that of a built-in dialogue file whose patterns `build.rs` checked, under
/// any name or path: the same bytes hold the same patterns.
pub fn patterns_checked_at_build(text: &str) -> bool {
    BUILTIN
        .iter()
        .any(|&(_, builtin, checked)| checked && builtin == text)
}

/// Which dialogue files a command uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bank {
    /// The files built into the binary.
    Builtin,
    /// Only the files at this path (a directory or one file).
    Dir(PathBuf),
    /// The built-in files plus the files at this path; a file on disk replaces the built-in
    /// file of the same name, which is how a shipped case is customised.
    DirAndBuiltin(PathBuf),
}

impl Bank {
    /// The bank the command line asks for: `--dialogues DIR` replaces the built-in bank,
    /// `--with-builtin` keeps it as well.
    pub fn new(dir: Option<PathBuf>, with_builtin: bool) -> Bank {
        match (dir, with_builtin) {
            (None, _) => Bank::Builtin,
            (Some(dir), false) => Bank::Dir(dir),
            (Some(dir), true) => Bank::DirAndBuiltin(dir),
        }
    }

    /// Where the files come from, for messages.
    pub fn describe(&self) -> String {
        match self {
            Bank::Builtin => "the built-in dialogue files".to_owned(),
            Bank::Dir(dir) => dir.display().to_string(),
            Bank::DirAndBuiltin(dir) => {
                format!("{} and the built-in dialogue files", dir.display())
            }
        }
    }

    /// Reads every file of the bank; unreadable paths become diagnostics.
    pub fn sources(&self) -> (Vec<Source>, Vec<Diagnostic>) {
        match self {
            Bank::Builtin => (builtin(), Vec::new()),
            Bank::Dir(dir) => {
                let (mut sources, problems) = read_sources(std::slice::from_ref(dir));
                add_vocabulary(&mut sources, dir);
                (sources, problems)
            }
            Bank::DirAndBuiltin(dir) => {
                let (mine, problems) = read_sources(std::slice::from_ref(dir));
                let mut sources: Vec<Source> = builtin()
                    .into_iter()
                    .filter(|b| {
                        !mine
                            .iter()
                            .any(|m| m.path.file_name() == b.path.file_name())
                    })
                    .collect();
                sources.extend(mine);
                (sources, problems)
            }
        }
    }

    /// Reads and compiles the bank; problems are returned, good cases still load.
    pub fn load(&self) -> Compiled {
        let (sources, problems) = self.sources();
        compile_with(sources, problems)
    }
}

/// Every case is judged with the shared vocabulary: a bank without its own
/// `vocabulary.toml` takes the one beside a single case file, or else the built-in one.
fn add_vocabulary(sources: &mut Vec<Source>, path: &Path) {
    if sources.iter().any(is_vocabulary) {
        return;
    }
    let beside = path
        .parent()
        .filter(|_| path.is_file())
        .map(|dir| dir.join(VOCABULARY_FILE))
        .filter(|p| p.is_file());
    if let Some(file) = beside
        && let Ok(text) = std::fs::read_to_string(&file)
    {
        sources.push(Source { path: file, text });
        return;
    }
    sources.extend(builtin().into_iter().filter(is_vocabulary));
}

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
        // Disputes exported for review sit beside the cases they are about.
        .filter(|p| !crate::dispute::review::is_review_file(p))
        .collect();
    files.sort();
    Ok(files)
}

/// The paths of `mlsd lint` that hold cases: not review files, nor directories that hold
/// only review files.
pub fn case_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .filter(|p| {
            if p.is_dir() {
                let reviews = !review_files(std::slice::from_ref(*p)).is_empty();
                !(reviews && toml_files(p).is_ok_and(|f| f.is_empty()))
            } else {
                !crate::dispute::review::is_review_file(p)
            }
        })
        .cloned()
        .collect()
}

/// The review files (`mlsd disputes --export`) among `paths` and in the directories named.
pub fn review_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| crate::dispute::review::is_review_file(p) && p.is_file())
                .collect();
            found.sort();
            out.extend(found);
        } else if crate::dispute::review::is_review_file(path) {
            out.push(path.clone());
        }
    }
    out
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
    let (mut sources, problems) = read_sources(paths);
    // Cases extend shared concepts and use the families: a file checked alone is checked
    // with the vocabulary it will be judged with.
    if let Some(first) = paths.first() {
        add_vocabulary(&mut sources, first);
    }
    compile_with(sources, problems)
}

fn compile_with(sources: Vec<Source>, mut problems: Vec<Diagnostic>) -> Compiled {
    let mut compiled = compile(&sources);
    problems.append(&mut compiled.diagnostics);
    compiled.diagnostics = problems;
    compiled
}
