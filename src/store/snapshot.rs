//! Rotating snapshots in the data directory, so there is always something to restore.
//!
//! A snapshot is a backup file (see [`super::backup`]) named after the UTC time it was taken,
//! under `snapshots/` in the data directory. Whoever has the store open writes one when the
//! newest is older than the interval, and keeps the newest few.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};

/// The folder of snapshots inside the data directory.
pub const DIR: &str = "snapshots";
const PREFIX: &str = "mlsd-";
const SUFFIX: &str = ".bak";
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// When snapshots are taken and how many are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotPolicy {
    /// How many to keep; 0 turns snapshots off.
    pub keep: usize,
    /// The age of the newest snapshot at which another is taken.
    pub every: Duration,
}

impl Default for SnapshotPolicy {
    fn default() -> SnapshotPolicy {
        SnapshotPolicy {
            keep: 7,
            every: Duration::from_secs(24 * 3600),
        }
    }
}

pub fn file_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(STAMP))
}

fn taken_at(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

/// The snapshots in `data_dir`, oldest first.
pub fn list(data_dir: &Path) -> Vec<(DateTime<Utc>, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(data_dir.join(DIR)) else {
        return Vec::new();
    };
    let mut out: Vec<(DateTime<Utc>, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name();
            let at = taken_at(name.to_str()?)?;
            Some((at, e.path()))
        })
        .collect();
    out.sort();
    out
}

pub fn newest(data_dir: &Path) -> Option<PathBuf> {
    list(data_dir).pop().map(|(_, path)| path)
}

/// Whether a snapshot is due at `now`.
pub fn due(data_dir: &Path, policy: SnapshotPolicy, now: DateTime<Utc>) -> bool {
    if policy.keep == 0 {
        return false;
    }
    match list(data_dir).last() {
        None => true,
        Some((at, _)) => {
            let age = now.signed_duration_since(*at);
            // A snapshot from the future (the clock moved back) counts as fresh, so the
            // clock going back cannot make the store write one every time it is opened.
            age.to_std().is_ok_and(|age| age >= policy.every)
        }
    }
}

/// Writes a snapshot with `export` (temporary file, fsync, rename), then removes the oldest
/// beyond `policy.keep`.
pub fn take(
    data_dir: &Path,
    policy: SnapshotPolicy,
    now: DateTime<Utc>,
    export: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
    let dir = data_dir.join(DIR);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(file_name(now));
    let partial = path.with_extension("partial");
    let result = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&partial)?);
        export(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&partial, &path)?;
        super::integrity::sync_dir(&dir)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    prune(data_dir, policy);
    Ok(path)
}

/// Removes the oldest snapshots beyond `policy.keep` (all but one when it is 0, so turning
/// snapshots off never deletes the last thing there is to restore).
pub fn prune(data_dir: &Path, policy: SnapshotPolicy) {
    let all = list(data_dir);
    let surplus = all.len().saturating_sub(policy.keep.max(1));
    for (_, old) in all.into_iter().take(surplus) {
        let _ = std::fs::remove_file(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_time_and_parse_back() {
        let at = DateTime::from_timestamp(1_700_000_000, 0).expect("time");
        let name = file_name(at);
        assert_eq!(name, "mlsd-20231114T221320Z.bak");
        assert_eq!(taken_at(&name), Some(at));
        assert_eq!(taken_at("mlsd-garbage.bak"), None);
    }

    #[test]
    fn only_the_newest_are_kept_and_a_fresh_one_is_not_due() {
        let dir = tempfile::tempdir().expect("tempdir");
        let policy = SnapshotPolicy {
            keep: 3,
            every: Duration::from_secs(3600),
        };
        let start = DateTime::from_timestamp(1_700_000_000, 0).expect("time");
        assert!(due(dir.path(), policy, start));
        for hour in 0..5 {
            let at = start + chrono::Duration::hours(hour);
            take(dir.path(), policy, at, |out| {
                std::io::Write::write_all(out, b"x")
            })
            .expect("take");
        }
        let kept = list(dir.path());
        assert_eq!(kept.len(), 3);
        assert_eq!(kept[0].0, start + chrono::Duration::hours(2));
        let last = start + chrono::Duration::hours(4);
        assert!(!due(
            dir.path(),
            policy,
            last + chrono::Duration::minutes(59)
        ));
        assert!(due(
            dir.path(),
            policy,
            last + chrono::Duration::minutes(60)
        ));
        assert!(!due(dir.path(), policy, start));
    }
}
