//! Embeds every `dialogues/*.toml` into the binary, so `mlsd` works from any directory and
//! `cargo install` gives a complete tool. A new file under `dialogues/` is picked up on the
//! next build without touching Rust.

use std::fmt::Write as _;
use std::path::PathBuf;

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
    let mut out = String::from("pub static BUILTIN: &[(&str, &str)] = &[\n");
    for file in &files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("dialogue file names are UTF-8");
        let path = file.to_str().expect("the source path is UTF-8");
        writeln!(out, "    ({name:?}, include_str!({path:?})),").expect("write to a String");
    }
    out.push_str("];\n");
    let target = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"))
        .join("builtin_dialogues.rs");
    std::fs::write(target, out).expect("write the embedded dialogue list");
}
