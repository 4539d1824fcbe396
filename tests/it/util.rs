//! Helpers shared by the integration tests.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use mlsd::content::{Script, Source, compile};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bank the binary ships with, every case in it: what tells an answer about this case
/// from one that would fit any is read across the whole bank.
pub fn shipped_script() -> Script {
    let compiled = mlsd::dialogues::load(&[root().join("dialogues")]);
    assert!(
        compiled.diagnostics.is_empty(),
        "{:#?}",
        compiled.diagnostics
    );
    compiled.script
}

/// The reference case alone, so engine tests do not depend on the rest of the bank.
pub fn ad_click_script() -> Script {
    script_of(&["ad-click-prediction.toml"])
}

/// The given case files with the shared vocabulary, as the shipped bank reads them.
pub fn script_of(files: &[&str]) -> Script {
    let sources: Vec<Source> = files
        .iter()
        .chain(&["vocabulary.toml"])
        .map(|f| {
            let path = root().join("dialogues").join(f);
            let text = std::fs::read_to_string(&path).expect("dialogue file");
            Source { path, text }
        })
        .collect();
    let compiled = compile(&sources);
    assert!(
        compiled.diagnostics.is_empty(),
        "{:#?}",
        compiled.diagnostics
    );
    compiled.script
}

pub fn mlsd() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mlsd"));
    cmd.current_dir(root());
    cmd.env_remove("MLSD_DATA_DIR");
    cmd.env_remove("MLSD_DIALOGUES");
    cmd.env_remove("TELOXIDE_TOKEN");
    cmd
}

/// Runs the binary with `stdin` as input and returns its output.
pub fn run_with_input(cmd: &mut Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mlsd");
    let written = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    // A process that exits before reading its input (an argument error) closes the pipe.
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    child.wait_with_output().expect("wait")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
