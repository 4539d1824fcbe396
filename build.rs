//! Embeds every `dialogues/*.toml` into the binary, so `mlsd` works from any directory and
//! `cargo install` gives a complete tool. A new file under `dialogues/` is picked up on the
//! next build without touching Rust.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/matching/syntax.rs"]
mod syntax;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dir = manifest.join("dialogues");
    // A directory makes cargo rescan every file in it, so edits and new files rebuild.
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
            // Disputes exported for review are not cases.
            .filter(|p| {
                !p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(".review.toml"))
            })
            .collect(),
        // A source tree without dialogues builds a binary with an empty bank; the command
        // line then asks for --dialogues.
        Err(_) => Vec::new(),
    };
    files.sort();
    let mut out = String::from("pub static BUILTIN: &[(&str, &str, bool)] = &[\n");
    for file in &files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("dialogue file names are UTF-8");
        let path = file.to_str().expect("the source path is UTF-8");
        let checked = patterns_check_out(file);
        writeln!(out, "    ({name:?}, include_str!({path:?}), {checked}),")
            .expect("write to a String");
    }
    out.push_str("];\n");
    let target = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"))
        .join("builtin_dialogues.rs");
    std::fs::write(target, out).expect("write the embedded dialogue list");
}

/// Whether every pattern of a dialogue file passes the check loading would make
/// (`check_syntax`): then loading the same text skips it. Every string under a `patterns` key
/// is checked, wherever it stands, so no pattern the loader reads is missed; a file that is
/// not TOML, or holds anything else under that key, is left for the loader to check and report.
fn patterns_check_out(file: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(file) else {
        return false;
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return false;
    };
    let mut parser = regex_syntax::ast::parse::Parser::new();
    table_checks_out(&table, &mut parser)
}

fn table_checks_out(table: &toml::Table, parser: &mut regex_syntax::ast::parse::Parser) -> bool {
    table.iter().all(|(key, value)| {
        if key == "patterns" {
            let Some(patterns) = value.as_array() else {
                return false;
            };
            patterns.iter().all(|p| {
                p.as_str()
                    .is_some_and(|p| syntax::check_syntax(parser, p).is_ok())
            })
        } else {
            value_checks_out(value, parser)
        }
    })
}

fn value_checks_out(value: &toml::Value, parser: &mut regex_syntax::ast::parse::Parser) -> bool {
    match value {
        toml::Value::Table(t) => table_checks_out(t, parser),
        toml::Value::Array(items) => items.iter().all(|v| value_checks_out(v, parser)),
        _ => true,
    }
}
