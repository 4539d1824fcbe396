//! The `mlsd` binary: argument parsing and error reporting; everything else is the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    restore_sigpipe();
    private_files();
    let cli = mlsd::cli::Cli::parse();
    match mlsd::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Everything mlsd writes (the database sled grows, backups, exports) holds users' answers
/// and Telegram ids: files it creates later are owner-only whatever the login's umask.
fn private_files() {
    #[cfg(unix)]
    // SAFETY: umask only changes the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Rust ignores SIGPIPE, so `mlsd grade … | head -1` would panic on the closed pipe. A
/// command-line tool should simply stop, as `cat` does.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to the default at start-up, before any threads
    // exist, has no preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
