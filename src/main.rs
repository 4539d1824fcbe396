//! The `mlsd` binary: argument parsing and error reporting; everything else is the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    restore_sigpipe();
    private_files();
    malloc_settings();
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

/// glibc gives each thread that allocates its own arena (up to 8 per core), and the bot's
/// runtime threads each keep a partly empty one (when store writes still ran on blocking
/// threads, some 30 of them). The load harness (50 users, 30 s) measured 111 MB peak RSS
/// with 16 arenas and 101 MB with two, at the same throughput. Now that one thread decides
/// and one touches the database, one arena is enough: with 10,000 stored users and 200
/// users answering, peak RSS 59.3–61.0 MB with two, 57.3–58.0 MB with one, and CPU per
/// answer within the noise (1.09 and 1.21 ms with 2,000 users in bursts).
///
/// glibc also raises its mmap threshold (from 128 KB up to 32 MB) each time a large block
/// that was mapped on its own is freed, so later large blocks (sled's 512 KB write buffers,
/// HTTP buffers, a record being encoded) come from the heap instead, and the heap keeps the
/// pages after they are freed. A fixed threshold and trim threshold give them back. With
/// 10,000 stored users and 200 users answering (the load harness, 20 s) peak RSS went from
/// 64.6–67.5 MB to 56.6–59.1 MB and RSS before any user wrote from 52.3–54.4 to 46.7–48.0
/// MB, at no measurable cost in CPU per answer.
///
/// glibc's own settings (`MALLOC_ARENA_MAX`, `MALLOC_MMAP_THRESHOLD_`,
/// `MALLOC_TRIM_THRESHOLD_`, or any `GLIBC_TUNABLES`) still win.
fn malloc_settings() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let set = |name: &str| std::env::var_os(name).is_some();
        let tunables = set("GLIBC_TUNABLES");
        // SAFETY: mallopt only sets allocator parameters; called before any thread exists.
        unsafe {
            if !set("MALLOC_ARENA_MAX") && !tunables {
                libc::mallopt(libc::M_ARENA_MAX, 1);
            }
            if !set("MALLOC_MMAP_THRESHOLD_") && !tunables {
                libc::mallopt(libc::M_MMAP_THRESHOLD, MALLOC_THRESHOLD);
            }
            if !set("MALLOC_TRIM_THRESHOLD_") && !tunables {
                libc::mallopt(libc::M_TRIM_THRESHOLD, MALLOC_THRESHOLD);
            }
        }
    }
}

/// glibc's default starting mmap threshold, kept fixed, and the free memory at the top of
/// the heap kept before it is returned to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MALLOC_THRESHOLD: libc::c_int = 128 * 1024;
