//! Daily practice for a Telegram user: the `/daily` command, the state kept in their record,
//! and what happens when their prompt falls due. Pure; the scheduler does the I/O.

use crate::present::span::{bold as b, code, plain as t};
use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::daily::{self, Problem, Request, Why};
use crate::interview::{Event, Session, StageRecord};
use crate::present::Doc;

use super::env::Env;
use super::outgoing::Outgoing;
use super::record::{Awaiting, Daily, UserRecord};
use super::render;
use crate::clock::instant;

/// Telegram said the user blocked the bot: no more daily prompts.
pub fn on_blocked(record: &mut UserRecord) {
    record.daily.at = None;
    record.daily.next_due = None;
}

const EXAMPLE: &str = "/daily 08:30 Europe/Berlin";

/// Handles `/daily …`.
pub fn command(env: &Env<'_>, record: &mut UserRecord, args: &str) -> Vec<Outgoing> {
    let mut doc = Doc::default();
    match daily::parse(args) {
        Request::Show => show(&mut doc, &record.daily, env.ctx.now),
        Request::Off => {
            record.daily.at = None;
            record.daily.next_due = None;
            doc.text(
                "Daily practice is off. Send /daily 08:30 with your time zone to start again.",
            );
        }
        Request::Set { time, zone } => {
            let zone = zone.or_else(|| record.daily.tz());
            match zone {
                Some(zone) => subscribe(&mut doc, &mut record.daily, time, zone, env.ctx.now),
                None => {
                    record.awaiting = Awaiting::TimeZone { at: time };
                    doc.para(vec![
                        t(format!(
                            "{} in which time zone? Reply with a city (",
                            time.format("%H:%M")
                        )),
                        code("Berlin"),
                        t(") or a zone name, or send "),
                        code(EXAMPLE),
                        t("."),
                    ]);
                }
            }
        }
        Request::Invalid(Problem::Time(text)) => {
            doc.para(vec![
                t(format!(
                    "I couldn't read \"{text}\" as a time. Use 24-hour hours and minutes, like "
                )),
                code(EXAMPLE),
                t("."),
            ]);
        }
        Request::Invalid(Problem::Zone(text)) => {
            doc.para(vec![
                t(format!(
                    "I don't know the time zone \"{text}\". Use a zone name such as "
                )),
                code("Europe/Berlin"),
                t(" or "),
                code("America/New_York"),
                t(", or a big city near you, like "),
                code(EXAMPLE),
                t("."),
            ]);
        }
    }
    render::text_messages(&doc, None)
}

/// A text that answers "in which time zone?" for a prompt at `time`, if it is one.
pub fn zone_reply(
    env: &Env<'_>,
    record: &mut UserRecord,
    time: NaiveTime,
    text: &str,
) -> Option<Vec<Outgoing>> {
    let zone = daily::settings::parse_zone(text)?;
    let mut doc = Doc::default();
    subscribe(&mut doc, &mut record.daily, time, zone, env.ctx.now);
    Some(render::text_messages(&doc, None))
}

fn subscribe(doc: &mut Doc, d: &mut Daily, time: NaiveTime, zone: Tz, now: i64) {
    d.zone = Some(zone.name().to_owned());
    d.at = Some(time);
    let next = daily::next_due(zone, time, instant(now), d.last_sent);
    d.next_due = Some(next.timestamp());
    doc.para(vec![
        b("Daily practice is on: "),
        t(format!(
            "one question every day at {} ({}).",
            time.format("%H:%M"),
            zone.name()
        )),
    ]);
    doc.text(format!(
        "The first one comes {}. It draws on your hardest domain, and concepts you missed come \
         back after 1, 3, 7 and 14 days until they stick. /daily off stops it.",
        when(zone, next, now)
    ));
}

fn show(doc: &mut Doc, d: &Daily, now: i64) {
    match (d.at, d.tz(), d.next_due) {
        (Some(at), Some(zone), Some(next)) => {
            doc.para(vec![
                b("Daily practice: "),
                t(format!(
                    "every day at {} ({}).",
                    at.format("%H:%M"),
                    zone.name()
                )),
            ]);
            doc.text(format!("Next prompt: {}.", when(zone, instant(next), now)));
        }
        _ => {
            doc.para(vec![
                t("Daily practice is off. To get one question a day at a time that suits you, send "),
                code(EXAMPLE),
                t("."),
            ]);
        }
    }
    let streak = d.streak.current(d.today(now));
    if streak > 0 || d.streak.best > 0 {
        doc.text(format!(
            "Streak: {} (best {}).",
            days(streak),
            days(d.streak.best)
        ));
    }
}

pub fn days(n: u32) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// "today at 08:30", "tomorrow at 08:30" or "Mon 1 Jun at 08:30", in the user's zone.
pub fn when(zone: Tz, at: DateTime<Utc>, now: i64) -> String {
    let local = at.with_timezone(&zone);
    let today = daily::local_day(zone, instant(now));
    let day = local.date_naive();
    let time = local.format("%H:%M");
    if day == today {
        format!("today at {time}")
    } else if Some(day) == today.succ_opt() {
        format!("tomorrow at {time}")
    } else {
        format!("{} at {time}", local.format("%a %-d %b"))
    }
}

/// A line for /progress: the streak and the next prompt.
pub fn progress_line(d: &Daily, now: i64) -> Option<String> {
    let streak = d.streak.current(d.today(now));
    let next = match (d.tz(), d.next_due) {
        (Some(zone), Some(next)) => {
            format!(" Next daily prompt: {}.", when(zone, instant(next), now))
        }
        _ => " Daily practice is off (/daily to set it up).".to_owned(),
    };
    Some(format!("Streak: {}.{next}", days(streak)))
}

/// The stage records of a session, oldest first, each with its case: interviews finished,
/// then the one in progress. Records are only ever appended, so a step's new records are the
/// tail.
fn records(session: &Session) -> Vec<(&str, &StageRecord)> {
    let mut out: Vec<(&str, &StageRecord)> = session
        .history
        .iter()
        .flat_map(|f| f.stages.iter().map(move |r| (f.case.as_str(), r)))
        .collect();
    if let Some(i) = session.interview() {
        out.extend(i.done.iter().map(|r| (i.case.as_str(), r)));
    }
    out
}

pub fn record_count(session: &Session) -> usize {
    records(session).len()
}

/// After a step: stages judged since `before` feed the review queue and the streak.
pub fn after_step(record: &mut UserRecord, before: usize, now: i64) {
    let today = record.daily.today(now);
    let fresh: Vec<(String, StageRecord)> = records(&record.session)
        .into_iter()
        .skip(before)
        .map(|(case, r)| (case.to_owned(), r.clone()))
        .collect();
    for (case, r) in fresh {
        daily::review::record(&mut record.daily.reviews, &case, r.stage, &r.outcome, today);
        if matches!(r.outcome, crate::interview::StageOutcome::Answered { .. }) {
            record.daily.streak.practised(today);
        }
    }
}

/// What reaching a due prompt did: the record to store and the messages to send.
pub struct Fired {
    pub record: UserRecord,
    pub send: Vec<Outgoing>,
}

/// A prompt was due at `due`; it is `now`. Sends it (at most once per local day, at most
/// two hours late) and schedules the next one. `None` when the user has no daily practice
/// scheduled at that instant (a stale index entry).
pub fn fire(env: &Env<'_>, mut record: UserRecord, due: i64) -> Option<Fired> {
    let d = &record.daily;
    if d.next_due != Some(due) {
        return None;
    }
    let (Some(at), Some(zone)) = (d.at, d.tz()) else {
        record.daily.next_due = None;
        return Some(Fired {
            record,
            send: Vec::new(),
        });
    };
    let now = instant(env.ctx.now);
    let plan = daily::plan(zone, at, instant(due), now, d.last_sent);
    record.daily.next_due = Some(plan.next_due.timestamp());
    let Some(day) = plan.send_for else {
        return Some(Fired {
            record,
            send: Vec::new(),
        });
    };
    record.daily.last_sent = Some(day);
    let Some(prompt) = daily::choose(
        env.script,
        &record.session,
        &record.daily.reviews,
        day,
        env.ctx.entropy,
    ) else {
        return Some(Fired {
            record,
            send: Vec::new(),
        });
    };
    let mut intro = Doc::default();
    match &prompt.why {
        Why::Review(labels) => {
            intro.para(vec![
                b("Back for review: "),
                t(labels.join("; ")),
                t(". You missed these before; let's see if they stick."),
            ]);
        }
        Why::Weakest => {
            intro.text(format!(
                "Today: {}, your weakest stage so far.",
                prompt.stage.title()
            ));
        }
        Why::Fresh => {}
    }
    let session = std::mem::take(&mut record.session);
    let step = crate::interview::step(
        env.script,
        session,
        Event::Drill {
            case: prompt.case,
            stage: prompt.stage,
        },
        &env.ctx,
    );
    record.session = step.session;
    let send = render::messages(intro, &step.replies);
    Some(Fired { record, send })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_reads_naturally_in_the_users_zone() {
        let zone: Tz = "Europe/Berlin".parse().expect("zone");
        let now = "2026-06-01T10:00:00Z"
            .parse::<DateTime<Utc>>()
            .expect("t")
            .timestamp();
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("t");
        assert_eq!(
            when(zone, at("2026-06-01T16:30:00Z"), now),
            "today at 18:30"
        );
        assert_eq!(
            when(zone, at("2026-06-02T06:30:00Z"), now),
            "tomorrow at 08:30"
        );
        assert_eq!(
            when(zone, at("2026-06-05T06:30:00Z"), now),
            "Fri 5 Jun at 08:30"
        );
    }
}
