//! Consecutive local days with practice.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Streak {
    pub last_day: Option<NaiveDate>,
    pub length: u32,
    pub best: u32,
}

impl Streak {
    /// Counts practice on local day `day`.
    pub fn practised(&mut self, day: NaiveDate) {
        self.length = match self.last_day {
            Some(last) if last == day => self.length,
            Some(last) if last + Duration::days(1) == day => self.length + 1,
            Some(last) if last > day => return,
            _ => 1,
        };
        self.last_day = Some(day);
        self.best = self.best.max(self.length);
    }

    /// The streak as of `today`: still alive if the last practice was today or yesterday.
    pub fn current(&self, today: NaiveDate) -> u32 {
        match self.last_day {
            Some(last) if last + Duration::days(1) >= today => self.length,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daily::schedule::local_day;
    use chrono::{DateTime, Utc};
    use chrono_tz::America::Los_Angeles;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    #[test]
    fn the_streak_follows_midnight_in_the_users_zone() {
        let mut s = Streak::default();
        // 23:50 and 00:10 Los Angeles time: two local days, though the same UTC day.
        s.practised(local_day(Los_Angeles, at("2026-06-02T06:50:00Z")));
        s.practised(local_day(Los_Angeles, at("2026-06-02T07:10:00Z")));
        assert_eq!(s.length, 2);
        // Twice the same local day counts once.
        s.practised(local_day(Los_Angeles, at("2026-06-02T20:00:00Z")));
        assert_eq!(s.length, 2);
        let today = local_day(Los_Angeles, at("2026-06-03T18:00:00Z"));
        assert_eq!(
            s.current(today),
            2,
            "alive until the end of the next local day"
        );
        let later = local_day(Los_Angeles, at("2026-06-05T18:00:00Z"));
        assert_eq!(s.current(later), 0);
        s.practised(later);
        assert_eq!((s.length, s.best), (1, 2));
    }
}
