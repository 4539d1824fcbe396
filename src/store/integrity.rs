//! Knowing what the database held, independently of sled.
//!
//! sled recovers a torn log by dropping its tail, and a lost or truncated file can open as an
//! empty database: the store would carry on with users' progress silently gone. So the store
//! keeps its own account beside the database, in a small manifest file:
//!
//! - a *generation*, bumped in a tree of its own before every flush. The manifest is written
//!   only after the flush that made a generation durable, so at open the database must hold
//!   at least the manifest's generation; fewer means writes that were on disk are gone.
//!   A crash at any moment leaves the manifest behind the database, never ahead of it, so a
//!   `kill -9` is not mistaken for damage.
//! - at a clean close, the number of entries and a CRC-32 of every key and value. When the
//!   database opens at exactly that generation, its contents must match.
//!
//! The manifest itself is replaced atomically (temporary file, fsync, rename, fsync of the
//! directory). It lags the database by at most [`MANIFEST_EVERY`] while running, which only
//! limits how small a loss is noticed, never causes a false alarm.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The manifest's file name, beside sled's own files in the data directory.
pub const MANIFEST: &str = "mlsd-manifest";
/// The tree holding the generation. Internal: left out of backups and emptiness checks.
pub const META: &str = "__mlsd_meta";
const GENERATION: &[u8] = b"generation";
const HEADER: &str = "mlsd-manifest 1";

/// How often a running store rewrites its manifest at most.
pub const MANIFEST_EVERY: Duration = Duration::from_secs(1);

/// What a clean close saw in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contents {
    pub entries: u64,
    pub crc: u32,
}

/// The store's own account of the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manifest {
    /// A generation the database is known to have reached on disk.
    pub generation: u64,
    /// Set only by a clean close, when nothing could change after it was counted.
    pub clean: Option<Contents>,
}

impl Manifest {
    pub fn render(&self) -> String {
        let mut body = format!("{HEADER}\ngeneration {}\n", self.generation);
        if let Some(c) = self.clean {
            body.push_str(&format!("entries {}\ncrc32 {:08x}\n", c.entries, c.crc));
        }
        let check = crc32fast::hash(body.as_bytes());
        body.push_str(&format!("check {check:08x}\n"));
        body
    }

    /// Parses a manifest; `Err` says what is wrong with it.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let (body, check) = text
            .trim_end_matches('\n')
            .rsplit_once('\n')
            .ok_or("it is truncated")?;
        let body = format!("{body}\n");
        let check = check
            .strip_prefix("check ")
            .and_then(|c| u32::from_str_radix(c, 16).ok())
            .ok_or("it is truncated")?;
        if crc32fast::hash(body.as_bytes()) != check {
            return Err("its checksum does not match".into());
        }
        let mut lines = body.lines();
        if lines.next() != Some(HEADER) {
            return Err("it has an unknown header".into());
        }
        let mut generation = None;
        let mut entries = None;
        let mut crc = None;
        for line in lines {
            let (name, value) = line.split_once(' ').ok_or("it has a malformed line")?;
            match name {
                "generation" => generation = value.parse::<u64>().ok(),
                "entries" => entries = value.parse::<u64>().ok(),
                "crc32" => crc = u32::from_str_radix(value, 16).ok(),
                _ => return Err(format!("it has an unknown field `{name}`")),
            }
        }
        let generation = generation.ok_or("it has no generation")?;
        let clean = match (entries, crc) {
            (Some(entries), Some(crc)) => Some(Contents { entries, crc }),
            (None, None) => None,
            _ => return Err("its contents line is incomplete".into()),
        };
        Ok(Manifest { generation, clean })
    }
}

/// Reads the manifest in `dir`: `Ok(None)` when there is none.
pub fn read(dir: &Path) -> Result<Option<Manifest>, String> {
    let path = dir.join(MANIFEST);
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|_| "it is not text".to_owned())?;
            Manifest::parse(&text).map(Some)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// Replaces the manifest in `dir` atomically and durably.
pub fn write(dir: &Path, manifest: &Manifest) -> std::io::Result<()> {
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(manifest.render().as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, dir.join(MANIFEST))?;
    sync_dir(dir)
}

/// Makes a rename in `dir` durable.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

/// The generation sled holds, if it ever held one.
pub fn stored_generation(db: &sled::Db) -> sled::Result<Option<u64>> {
    let meta = db.open_tree(META)?;
    Ok(meta.get(GENERATION)?.and_then(|v| {
        let bytes: [u8; 8] = v.as_ref().try_into().ok()?;
        Some(u64::from_be_bytes(bytes))
    }))
}

/// Counts and checksums every entry of every tree but [`META`], reading each value so that a
/// page sled cannot read fails here, at open, rather than in the middle of a conversation.
pub fn contents(db: &sled::Db) -> sled::Result<Contents> {
    let mut hasher = crc32fast::Hasher::new();
    let mut entries = 0u64;
    let mut names = db.tree_names();
    names.sort();
    for name in names {
        if name.as_ref() == META.as_bytes() {
            continue;
        }
        let tree = db.open_tree(&name)?;
        hasher.update(&(name.len() as u64).to_be_bytes());
        hasher.update(&name);
        for item in tree.iter() {
            let (k, v) = item?;
            hasher.update(&(k.len() as u64).to_be_bytes());
            hasher.update(&k);
            hasher.update(&(v.len() as u64).to_be_bytes());
            hasher.update(&v);
            entries += 1;
        }
    }
    Ok(Contents {
        entries,
        crc: hasher.finalize(),
    })
}

/// Compares what sled recovered with the manifest. `Err` describes the loss.
pub fn check(
    manifest: Option<Manifest>,
    stored: Option<u64>,
    found: Contents,
) -> Result<(), String> {
    let Some(manifest) = manifest else {
        return match stored {
            // The generation is only ever written after the manifest exists.
            Some(g) => Err(format!(
                "its manifest ({MANIFEST}) is missing although the database reached generation {g}"
            )),
            // A new database, or one from before manifests: nothing to compare with.
            None => Ok(()),
        };
    };
    let stored = stored.unwrap_or(0);
    if stored < manifest.generation {
        return Err(format!(
            "it held writes up to generation {} but only generation {stored} survived \
             ({} records remain); data has been lost",
            manifest.generation, found.entries
        ));
    }
    if stored == manifest.generation
        && let Some(clean) = manifest.clean
        && clean != found
    {
        return Err(format!(
            "it held {} records at its last clean shutdown and now holds {} that differ \
             from them",
            clean.entries, found.entries
        ));
    }
    Ok(())
}

/// The running store's side of the account: bumping generations and keeping the manifest
/// behind them.
#[derive(Debug)]
pub struct Ledger {
    dir: PathBuf,
    /// The last generation handed out; held while its value is written so that the stored
    /// generation only ever goes up.
    next: Mutex<u64>,
    /// When the manifest was last written, and with which generation.
    written: Mutex<(Instant, u64)>,
}

impl Ledger {
    pub fn new(dir: PathBuf, generation: u64) -> Ledger {
        Ledger {
            dir,
            next: Mutex::new(generation),
            written: Mutex::new((Instant::now(), generation)),
        }
    }

    /// Records a new generation in sled (not yet flushed) and returns it.
    pub fn bump(&self, db: &sled::Db) -> sled::Result<u64> {
        let meta = db.open_tree(META)?;
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let generation = *next + 1;
        meta.insert(GENERATION, &generation.to_be_bytes())?;
        *next = generation;
        Ok(generation)
    }

    pub fn current(&self) -> u64 {
        *self.next.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Called after a flush made `generation` durable: records it in the manifest unless
    /// that was done very recently (or someone else is doing it right now).
    pub fn flushed(&self, generation: u64) -> std::io::Result<()> {
        let Ok(mut written) = self.written.try_lock() else {
            return Ok(());
        };
        if generation <= written.1 || written.0.elapsed() < MANIFEST_EVERY {
            return Ok(());
        }
        write(
            &self.dir,
            &Manifest {
                generation,
                clean: None,
            },
        )?;
        *written = (Instant::now(), generation);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_round_trips_and_refuses_damage() {
        let m = Manifest {
            generation: 42,
            clean: Some(Contents {
                entries: 7,
                crc: 0xdead_beef,
            }),
        };
        assert_eq!(Manifest::parse(&m.render()), Ok(m));
        let running = Manifest {
            generation: 3,
            clean: None,
        };
        assert_eq!(Manifest::parse(&running.render()), Ok(running));
        let text = m.render().replace("generation 42", "generation 43");
        assert!(Manifest::parse(&text).is_err());
        assert!(Manifest::parse(&m.render()[..20]).is_err());
        assert!(Manifest::parse("").is_err());
    }

    #[test]
    fn fewer_generations_than_the_manifest_is_a_loss_more_is_a_crash() {
        let found = Contents { entries: 1, crc: 1 };
        let m = |generation, clean: bool| {
            Some(Manifest {
                generation,
                clean: clean.then_some(found),
            })
        };
        assert!(check(m(5, false), Some(4), found).is_err());
        assert!(check(m(5, false), None, found).is_err());
        assert!(check(m(5, false), Some(9), found).is_ok());
        assert!(check(m(5, true), Some(5), found).is_ok());
        let other = Contents { entries: 1, crc: 2 };
        assert!(check(m(5, true), Some(5), other).is_err());
        // Writes after a clean close and then a crash: nothing to compare with.
        assert!(check(m(5, true), Some(6), other).is_ok());
        assert!(check(None, None, found).is_ok());
        assert!(check(None, Some(1), found).is_err());
    }
}
