//! Creating subscribed users directly in the store, for load tests and bulk imports, without
//! a conversation for each.

use chrono::NaiveTime;
use chrono_tz::Tz;

use crate::store::{Store, StoreError};

use super::record::UserRecord;
use super::users;

/// Stores a user subscribed to daily practice at `time` in `zone`, with the first prompt due
/// at `due` (unix seconds), and indexes it.
pub fn daily_subscriber(
    store: &Store,
    user: u64,
    time: NaiveTime,
    zone: Tz,
    due: i64,
) -> Result<(), StoreError> {
    let mut record = UserRecord::default();
    record.daily.zone = Some(zone.name().to_owned());
    record.daily.at = Some(time);
    record.daily.next_due = Some(due);
    users::write(store, user, &record)
}
