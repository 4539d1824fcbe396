//! Time and randomness for the shells, in one module so tests can inject both. The core never
//! reads either: it receives them in `interview::Context`.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::interview::{Config, Context};

/// Unix seconds now, from the system clock.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Fresh randomness without a dependency: the standard library seeds its hasher randomly.
pub fn entropy() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

/// Unix seconds as a UTC instant (the epoch for values chrono cannot represent).
pub fn instant(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap_or_default()
}

type Source<T> = Arc<dyn Fn() -> T + Send + Sync>;

/// Where a running bot gets the time and its randomness: the system in production, a
/// simulated clock or fixed values in tests.
#[derive(Clone)]
pub struct Clock {
    now: Source<i64>,
    entropy: Source<u64>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::new(Arc::new(now), Arc::new(entropy))
    }

    pub fn new(now: Source<i64>, entropy: Source<u64>) -> Clock {
        Clock { now, entropy }
    }

    /// A clock that reads `now` and draws system randomness.
    pub fn with_now(now: Source<i64>) -> Clock {
        Clock::new(now, Arc::new(entropy))
    }

    pub fn now(&self) -> i64 {
        (self.now)()
    }

    pub fn entropy(&self) -> u64 {
        (self.entropy)()
    }

    /// The engine's context for one step: the time now and fresh randomness.
    pub fn context(&self, config: Config) -> Context {
        Context {
            now: self.now(),
            entropy: self.entropy(),
            config,
        }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clock").field("now", &self.now()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_injected_clock_gives_its_values() {
        let clock = Clock::new(Arc::new(|| 42), Arc::new(|| 7));
        let ctx = clock.context(Config::default());
        assert_eq!((ctx.now, ctx.entropy), (42, 7));
        assert_eq!(instant(0).timestamp(), 0);
    }
}
