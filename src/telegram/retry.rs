//! How the bot waits after failing to reach Telegram: one policy for every loop that retries
//! (connecting, polling, registering the webhook, delivering).

use std::time::Duration;

use tokio::sync::watch;

/// The longest wait between two attempts while Telegram is failing.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// Consecutive failures, and the wait they call for: 1 s, 2 s, 4 s… up to a minute, or up to
/// the cap given to [`Backoff::up_to`].
#[derive(Debug)]
pub struct Backoff {
    failures: u32,
    max: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff::up_to(MAX_WAIT)
    }
}

impl Backoff {
    /// Waits that stop growing at `max`.
    pub fn up_to(max: Duration) -> Backoff {
        Backoff { failures: 0, max }
    }

    /// Counts a failure and returns how long to wait before the next attempt.
    pub fn failed(&mut self) -> Duration {
        let wait = Duration::from_secs(1u64 << self.failures.min(6)).min(self.max);
        self.failures = self.failures.saturating_add(1);
        wait
    }

    /// Counts a success; returns whether it ended a run of failures (worth a log line).
    pub fn succeeded(&mut self) -> bool {
        std::mem::take(&mut self.failures) > 0
    }
}

/// Sleeps for `wait`; `false` if `stop` turned true first.
pub async fn pause(wait: Duration, stop: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(wait) => true,
        _ = stop.changed() => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_a_minute_and_reset_on_success() {
        let mut b = Backoff::default();
        let waits: Vec<u64> = (0..8).map(|_| b.failed().as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60]);
        assert!(b.succeeded());
        assert!(!b.succeeded());
        assert_eq!(b.failed(), Duration::from_secs(1));
        let mut capped = Backoff::up_to(Duration::from_secs(8));
        let waits: Vec<u64> = (0..6).map(|_| capped.failed().as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 8, 8]);
    }
}
