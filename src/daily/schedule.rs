//! When a daily prompt is due, in the user's own time zone, and what to do when the bot
//! reaches a due prompt late.
//!
//! Pure: every function takes the current instant as an argument.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// A prompt found at most this late is still sent; an older one is skipped, not piled up.
pub const GRACE: Duration = Duration::hours(2);

/// The instant of `time` on `day` in `zone`. A time that does not exist that day (the hour
/// skipped when clocks go forward) moves forward by the gap; a time that exists twice (when
/// clocks go back) is the first of the two. Either way there is exactly one instant per day.
pub fn instant(zone: Tz, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = day.and_time(time);
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // Read the missing time with the offset in force just before the jump: 02:30
            // on the night clocks go from 02:00 to 03:00 becomes 03:30.
            let before = zone
                .from_local_datetime(&(naive - Duration::hours(3)))
                .earliest()
                .map(|b| b.offset().fix());
            before
                .and_then(|offset| offset.from_local_datetime(&naive).single())
                .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
        }
    }
}

/// The local date of an instant in a zone.
pub fn local_day(zone: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&zone).date_naive()
}

/// The first prompt instant strictly after `after`, on a day after `last_sent` (if any).
pub fn next_due(
    zone: Tz,
    time: NaiveTime,
    after: DateTime<Utc>,
    last_sent: Option<NaiveDate>,
) -> DateTime<Utc> {
    let mut day = local_day(zone, after) - Duration::days(1);
    loop {
        let candidate = instant(zone, day, time);
        if candidate > after && last_sent.is_none_or(|sent| day > sent) {
            return candidate;
        }
        day += Duration::days(1);
    }
}

/// What to do on reaching a prompt that was due at `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Send the prompt of this local day now; `None` to skip it.
    pub send_for: Option<NaiveDate>,
    /// When the next prompt is due.
    pub next_due: DateTime<Utc>,
}

/// Decides about a due prompt reached at `now`: sent if at most [`GRACE`] late and not sent
/// already that local day; in every case the next prompt is the first one after that day.
pub fn plan(
    zone: Tz,
    time: NaiveTime,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
    last_sent: Option<NaiveDate>,
) -> Plan {
    let due_day = local_day(zone, due);
    let late = now - due;
    let already = last_sent.is_some_and(|sent| sent >= due_day);
    let send_for = (late >= Duration::zero() && late <= GRACE && !already).then_some(due_day);
    // After a long downtime the days in between are skipped; a prompt still within the
    // grace window is due at once.
    let last = send_for.or(last_sent).max(Some(due_day));
    let next_due = next_due(zone, time, now - GRACE, last);
    Plan { send_for, next_due }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }
    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("utc instant")
    }

    #[test]
    fn a_time_skipped_by_spring_forward_goes_out_once_after_the_gap() {
        // Berlin, 2026-03-29: 02:00 → 03:00. 02:30 does not exist that day.
        let at = instant(Berlin, d(2026, 3, 29), t(2, 30));
        assert_eq!(
            at,
            utc("2026-03-29T01:30:00Z"),
            "03:30 CEST, the gap's length later"
        );
        let before = instant(Berlin, d(2026, 3, 28), t(2, 30));
        let after = instant(Berlin, d(2026, 3, 30), t(2, 30));
        assert_eq!(before, utc("2026-03-28T01:30:00Z"));
        assert_eq!(after, utc("2026-03-30T00:30:00Z"));
        // Walking the schedule over the change gives one prompt per local day.
        let mut due = next_due(Berlin, t(2, 30), utc("2026-03-27T12:00:00Z"), None);
        let mut days = Vec::new();
        let mut last = None;
        for _ in 0..4 {
            let p = plan(Berlin, t(2, 30), due, due, last);
            let sent = p.send_for.expect("sent on time");
            days.push(sent);
            last = Some(sent);
            due = p.next_due;
        }
        assert_eq!(
            days,
            [
                d(2026, 3, 28),
                d(2026, 3, 29),
                d(2026, 3, 30),
                d(2026, 3, 31)
            ]
        );
    }

    #[test]
    fn a_time_repeated_by_fall_back_is_its_first_occurrence() {
        // Berlin, 2026-10-25: 03:00 → 02:00. 02:30 happens twice.
        let at = instant(Berlin, d(2026, 10, 25), t(2, 30));
        assert_eq!(at, utc("2026-10-25T00:30:00Z"));
        let p = plan(Berlin, t(2, 30), at, at + Duration::minutes(1), None);
        assert_eq!(p.send_for, Some(d(2026, 10, 25)));
        // The second 02:30 is not a second prompt.
        assert_eq!(p.next_due, instant(Berlin, d(2026, 10, 26), t(2, 30)));
    }

    #[test]
    fn late_prompts_within_two_hours_are_sent_older_ones_skipped() {
        let due = instant(Berlin, d(2026, 6, 1), t(8, 30));
        let one_hour = plan(Berlin, t(8, 30), due, due + Duration::hours(1), None);
        assert_eq!(one_hour.send_for, Some(d(2026, 6, 1)));
        assert_eq!(one_hour.next_due, instant(Berlin, d(2026, 6, 2), t(8, 30)));
        let three_hours = plan(Berlin, t(8, 30), due, due + Duration::hours(3), None);
        assert_eq!(three_hours.send_for, None);
        assert_eq!(
            three_hours.next_due,
            instant(Berlin, d(2026, 6, 2), t(8, 30))
        );
    }

    #[test]
    fn after_days_of_downtime_missed_days_are_skipped_not_piled_up() {
        let due = instant(Berlin, d(2026, 6, 1), t(8, 30));
        // Back on June 4 at 09:00: June 4's prompt is 30 minutes late, so it is due now.
        let now = instant(Berlin, d(2026, 6, 4), t(9, 0));
        let p = plan(Berlin, t(8, 30), due, now, None);
        assert_eq!(p.send_for, None, "June 1 is long gone");
        assert_eq!(p.next_due, instant(Berlin, d(2026, 6, 4), t(8, 30)));
        let p2 = plan(Berlin, t(8, 30), p.next_due, now, None);
        assert_eq!(p2.send_for, Some(d(2026, 6, 4)));
        // Back at noon instead: June 4's prompt is 3.5 hours late; the next is June 5.
        let noon = instant(Berlin, d(2026, 6, 4), t(12, 0));
        let p3 = plan(Berlin, t(8, 30), due, noon, None);
        assert_eq!(p3.next_due, instant(Berlin, d(2026, 6, 5), t(8, 30)));
    }

    #[test]
    fn a_day_already_prompted_is_not_prompted_again() {
        let due = instant(Berlin, d(2026, 6, 1), t(8, 30));
        let p = plan(Berlin, t(8, 30), due, due, Some(d(2026, 6, 1)));
        assert_eq!(p.send_for, None);
        assert_eq!(p.next_due, instant(Berlin, d(2026, 6, 2), t(8, 30)));
    }
}
