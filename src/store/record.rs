//! The on-disk envelope of every stored value: a schema version and the value as JSON.
//!
//! JSON rather than a binary format: records are small, a human can inspect a backup, and
//! serde's defaults let new fields arrive without a migration.

use std::marker::PhantomData;

use serde::de::{DeserializeOwned, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A type stored in sled. `VERSION` goes up when the meaning of stored bytes changes; older
/// versions are converted in `upgrade`.
pub trait Record: Serialize + DeserializeOwned {
    /// Names the kind of record in error messages.
    const KIND: &'static str;
    const VERSION: u32;

    /// Converts a value written by an older version. The default knows no older versions.
    fn upgrade(version: u32, _value: serde_json::Value) -> Result<Self, String> {
        Err(format!("no conversion from schema version {version}"))
    }
}

#[derive(Serialize)]
struct EnvelopeOut<'a, T> {
    v: u32,
    data: &'a T,
}

pub fn encode<T: Record>(value: &T) -> Vec<u8> {
    // Serialising plain data structs to JSON cannot fail (no maps with non-string keys).
    serde_json::to_vec(&EnvelopeOut {
        v: T::VERSION,
        data: value,
    })
    .unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not an envelope at all, or the data does not fit the type.
    Garbled(String),
    /// Written by a newer mlsd.
    TooNew { found: u32, supported: u32 },
}

/// Reads an envelope straight into `T` when it holds the current version. The bot reads a
/// user's record several times per answer (to handle it, to deliver each reply, to move
/// the due index), and building a `serde_json::Value` first and then `T` from it was half
/// of the bot's instructions under load (`valgrind --tool=callgrind` on `mlsd bot` under
/// the load harness). Older versions still go through a `Value` for `Record::upgrade`.
pub fn decode<T: Record>(bytes: &[u8]) -> Result<T, DecodeError> {
    let garbled = |e: serde_json::Error| DecodeError::Garbled(e.to_string());
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let read = serde::Deserializer::deserialize_map(&mut de, EnvelopeVisitor::<T>(PhantomData))
        .map_err(garbled)?;
    de.end().map_err(garbled)?;
    let (version, data) = match read {
        Read::Current(value) => return Ok(value),
        Read::Other { version, data } => (version, data),
    };
    match version.cmp(&T::VERSION) {
        std::cmp::Ordering::Equal => serde_json::from_value(data).map_err(garbled),
        std::cmp::Ordering::Greater => Err(DecodeError::TooNew {
            found: version,
            supported: T::VERSION,
        }),
        std::cmp::Ordering::Less => T::upgrade(version, data).map_err(DecodeError::Garbled),
    }
}

/// What an envelope held: the current version read as `T`, or another version (or `data`
/// before `v`, which this encoder never writes) kept as JSON.
enum Read<T> {
    Current(T),
    Other {
        version: u32,
        data: serde_json::Value,
    },
}

struct EnvelopeVisitor<T>(PhantomData<T>);

impl<'de, T: Record> Visitor<'de> for EnvelopeVisitor<T> {
    type Value = Read<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a record envelope {\"v\": version, \"data\": ...}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read<T>, A::Error> {
        let mut version: Option<u32> = None;
        let mut current: Option<T> = None;
        let mut other: Option<serde_json::Value> = None;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::V if version.is_some() => return Err(A::Error::duplicate_field("v")),
                Key::V => version = Some(map.next_value()?),
                Key::Data if current.is_some() || other.is_some() => {
                    return Err(A::Error::duplicate_field("data"));
                }
                Key::Data if version == Some(T::VERSION) => current = Some(map.next_value()?),
                Key::Data => other = Some(map.next_value()?),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let version = version.ok_or_else(|| A::Error::missing_field("v"))?;
        match (current, other) {
            (Some(value), _) if version == T::VERSION => Ok(Read::Current(value)),
            (_, Some(data)) => Ok(Read::Other { version, data }),
            _ => Err(A::Error::missing_field("data")),
        }
    }
}

/// An envelope's field names; any other field is ignored, as the derived reader did.
enum Key {
    V,
    Data,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Key, E> {
                Ok(match name {
                    "v" => Key::V,
                    "data" => Key::Data,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}
