//! The on-disk envelope of every stored value: a schema version and the value as JSON.
//!
//! JSON rather than a binary format: records are small, a human can inspect a backup, and
//! serde's defaults let new fields arrive without a migration.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

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

#[derive(Deserialize)]
struct EnvelopeIn {
    v: u32,
    data: serde_json::Value,
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

pub fn decode<T: Record>(bytes: &[u8]) -> Result<T, DecodeError> {
    let envelope: EnvelopeIn =
        serde_json::from_slice(bytes).map_err(|e| DecodeError::Garbled(e.to_string()))?;
    match envelope.v.cmp(&T::VERSION) {
        std::cmp::Ordering::Equal => {
            serde_json::from_value(envelope.data).map_err(|e| DecodeError::Garbled(e.to_string()))
        }
        std::cmp::Ordering::Greater => Err(DecodeError::TooNew {
            found: envelope.v,
            supported: T::VERSION,
        }),
        std::cmp::Ordering::Less => {
            T::upgrade(envelope.v, envelope.data).map_err(DecodeError::Garbled)
        }
    }
}
