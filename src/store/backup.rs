//! The backup file: every tree of the database, key by key, with a checksum.
//!
//! Layout: the magic `MLSDBAK1`; a u32 count of trees; per tree a u32 name length, the
//! name, a u64 entry count, and per entry a u32 key length, the key, a u32 value length,
//! the value; finally the CRC-32 of everything before it. Integers are big-endian.

use std::io::{self, Read, Write};

pub const MAGIC: &[u8; 8] = b"MLSDBAK1";

/// A tree's name and entries, as read from or written to a backup.
pub type Tree = (Vec<u8>, Vec<(Vec<u8>, Vec<u8>)>);

struct Crc<W> {
    inner: W,
    hasher: crc32fast::Hasher,
}

impl<W: Write> Write for Crc<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn len32(n: usize) -> io::Result<[u8; 4]> {
    u32::try_from(n)
        .map(u32::to_be_bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "entry too large for a backup"))
}

/// Writes trees given as (name, entries) to `out`.
pub fn write<W: Write>(
    out: W,
    trees: impl ExactSizeIterator<Item = (Vec<u8>, Box<dyn Iterator<Item = (Vec<u8>, Vec<u8>)>>)>,
    counts: &[u64],
) -> io::Result<()> {
    let mut w = Crc {
        inner: out,
        hasher: crc32fast::Hasher::new(),
    };
    w.write_all(MAGIC)?;
    w.write_all(&len32(trees.len())?)?;
    for ((name, entries), &count) in trees.zip(counts) {
        w.write_all(&len32(name.len())?)?;
        w.write_all(&name)?;
        w.write_all(&count.to_be_bytes())?;
        let mut written = 0u64;
        for (k, v) in entries {
            w.write_all(&len32(k.len())?)?;
            w.write_all(&k)?;
            w.write_all(&len32(v.len())?)?;
            w.write_all(&v)?;
            written += 1;
        }
        if written != count {
            return Err(io::Error::other(
                "a tree changed while it was being backed up",
            ));
        }
    }
    let crc = w.hasher.clone().finalize();
    w.inner.write_all(&crc.to_be_bytes())?;
    w.inner.flush()
}

/// Reads and checks a whole backup.
pub fn read<R: Read>(mut input: R) -> io::Result<Vec<Tree>> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_owned());
    if bytes.len() < MAGIC.len() + 8 || &bytes[..8] != MAGIC {
        return Err(bad("not an mlsd backup (wrong header)"));
    }
    let (body, crc) = bytes.split_at(bytes.len() - 4);
    let expected = u32::from_be_bytes(crc.try_into().map_err(|_| bad("truncated"))?);
    if crc32fast::hash(body) != expected {
        return Err(bad("the backup is damaged (checksum mismatch)"));
    }
    let mut at = MAGIC.len();
    let mut take = |n: usize| -> io::Result<&[u8]> {
        let slice = body.get(at..at + n).ok_or_else(|| bad("truncated"))?;
        at += n;
        Ok(slice)
    };
    let u32_at = |s: &[u8]| -> io::Result<usize> {
        Ok(u32::from_be_bytes(s.try_into().map_err(|_| bad("truncated"))?) as usize)
    };
    let tree_count = u32_at(take(4)?)?;
    let mut trees = Vec::with_capacity(tree_count.min(1024));
    for _ in 0..tree_count {
        let name_len = u32_at(take(4)?)?;
        let name = take(name_len)?.to_vec();
        let count = u64::from_be_bytes(take(8)?.try_into().map_err(|_| bad("truncated"))?);
        let mut entries = Vec::new();
        for _ in 0..count {
            let klen = u32_at(take(4)?)?;
            let k = take(klen)?.to_vec();
            let vlen = u32_at(take(4)?)?;
            let v = take(vlen)?.to_vec();
            entries.push((k, v));
        }
        trees.push((name, entries));
    }
    Ok(trees)
}
