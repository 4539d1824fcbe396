//! Keeping the data directory private: it holds every user's answers and Telegram ids, so on a
//! shared machine nobody but the owner may read it. The directory is 0700 and its files 0600,
//! also when an older version (or a loose umask) created them readable by everyone.

use std::path::Path;

/// Mode of the data directory and any directory inside it.
pub const DIR_MODE: u32 = 0o700;
/// Mode of every file in the data directory.
pub const FILE_MODE: u32 = 0o600;

/// Creates `dir` (and missing parents) owner-only, or tightens an existing data directory.
/// Returns whether the directory is mlsd's own, so its files are to be kept private too
/// ([`tighten_tree`] after sled opened it).
///
/// A directory that is neither empty nor an mlsd database (someone pointed `--data-dir` at
/// their home, say) is left as it is, with a warning: changing the modes of files mlsd does not
/// own would be a surprise.
pub fn prepare_dir(dir: &Path) -> std::io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        if !dir.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(DIR_MODE)
                .create(dir)?;
            return Ok(true);
        }
        if is_ours(dir)? {
            tighten(dir, DIR_MODE);
            return Ok(true);
        }
        if is_loose(dir) {
            tracing::warn!(
                path = %dir.display(),
                "the data directory is readable by other users and holds files that are not \
                 mlsd's, so its mode is left alone; use a directory of its own"
            );
        }
        Ok(false)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir).map(|()| false)
    }
}

/// Makes every file under the data directory 0600 and every directory below it 0700. Called
/// after sled opened the database, so the files it created are covered too.
pub fn tighten_tree(dir: &Path) {
    #[cfg(unix)]
    {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => {
                    tighten(&path, DIR_MODE);
                    tighten_tree(&path);
                }
                Ok(kind) if kind.is_file() => tighten(&path, FILE_MODE),
                _ => {}
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// An empty directory, or one that already holds an mlsd database.
#[cfg(unix)]
fn is_ours(dir: &Path) -> std::io::Result<bool> {
    let mut entries = std::fs::read_dir(dir)?;
    Ok(entries.next().is_none() || dir.join("db").is_file() || dir.join("conf").is_file())
}

#[cfg(unix)]
fn is_loose(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

/// Removes group and other bits beyond `mode`; a failure (a file owned by someone else) is a
/// warning, never a reason to refuse to run.
#[cfg(unix)]
fn tighten(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return;
    };
    let current = meta.permissions().mode() & 0o777;
    if current & !mode == 0 {
        return;
    }
    if let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(current & mode))
    {
        tracing::warn!(
            path = %path.display(),
            mode = format!("{current:o}"),
            error = %e,
            "cannot make this data file private; other users may be able to read it"
        );
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn a_new_data_directory_is_owner_only() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("a/b");
        assert!(prepare_dir(&dir).expect("create"));
        assert_eq!(mode(&dir), 0o700);
    }

    #[test]
    fn an_existing_loose_database_is_tightened() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("data");
        std::fs::create_dir(&dir).expect("mkdir");
        std::fs::write(dir.join("db"), b"").expect("write");
        std::fs::create_dir(dir.join("blobs")).expect("mkdir");
        std::fs::write(dir.join("blobs/1"), b"").expect("write");
        for (p, m) in [
            (dir.clone(), 0o755),
            (dir.join("db"), 0o644),
            (dir.join("blobs"), 0o755),
            (dir.join("blobs/1"), 0o664),
        ] {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(m)).expect("chmod");
        }
        assert!(prepare_dir(&dir).expect("prepare"));
        tighten_tree(&dir);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("db")), 0o600);
        assert_eq!(mode(&dir.join("blobs")), 0o700);
        assert_eq!(mode(&dir.join("blobs/1")), 0o600);
    }

    #[test]
    fn a_directory_holding_other_files_is_left_alone() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("home");
        std::fs::create_dir(&dir).expect("mkdir");
        std::fs::write(dir.join("notes.txt"), b"").expect("write");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        std::fs::set_permissions(
            dir.join("notes.txt"),
            std::fs::Permissions::from_mode(0o644),
        )
        .expect("chmod");
        assert!(!prepare_dir(&dir).expect("prepare"));
        assert_eq!(mode(&dir), 0o755);
        assert_eq!(mode(&dir.join("notes.txt")), 0o644);
    }
}
