//! The data directory is private: on a shared machine nobody but its owner can read users'
//! answers and Telegram ids, nor reach the control socket that hands out backups.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::bot::BotProcess;
use crate::fake_telegram::FakeTelegram;
use crate::util::{mlsd, run_with_input, text};

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// Every file and directory under `dir`, with its mode, that others could read.
fn readable_by_others(dir: &Path) -> Vec<(PathBuf, u32)> {
    let mut loose = Vec::new();
    if mode(dir) & 0o077 != 0 {
        loose.push((dir.to_path_buf(), mode(dir)));
    }
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if entry.file_type().expect("type").is_dir() {
            loose.extend(readable_by_others(&path));
        } else if mode(&path) & 0o077 != 0 {
            let m = mode(&path);
            loose.push((path, m));
        }
    }
    loose
}

fn practise(data: &Path) {
    let out = run_with_input(
        mlsd()
            .args(["practice", "--case", "ad-click-prediction", "--data-dir"])
            .arg(data),
        "I'd ask about the business goal first.\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_new_data_directory_and_its_files_are_owner_only() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("mlsd");
    practise(&data);
    assert_eq!(mode(&data), 0o700);
    assert_eq!(readable_by_others(&data), []);
}

#[test]
fn an_existing_world_readable_data_directory_is_tightened() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("mlsd");
    practise(&data);
    // What an older mlsd left behind: a 0755 directory and 0644 files.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    for entry in std::fs::read_dir(&data).expect("read_dir").flatten() {
        if entry.file_type().expect("type").is_file() {
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o644))
                .expect("chmod");
        }
    }
    assert_ne!(readable_by_others(&data), []);
    practise(&data);
    assert_eq!(readable_by_others(&data), []);
}

#[test]
fn the_control_socket_is_owner_only() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let fake = FakeTelegram::start();
    let _bot = BotProcess::ready(&fake, &data, &[]);
    let socket = mlsd::control::socket_path(&data);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !socket.exists() {
        assert!(std::time::Instant::now() < deadline, "no control socket");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(mode(&socket), 0o600);
    assert_eq!(mode(&data), 0o700);
}
