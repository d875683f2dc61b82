//! What the demo's parts share: a time on one of its days, and the error a demo step
//! that storage refused is reported as.

use crate::storage::StorageError;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// `hour:minute` on `day`.
pub(super) fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDateTime::new(
        day,
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN),
    )
}

/// A step of the demo that was refused, said as the demo's.
pub(super) fn refused(e: impl std::fmt::Display) -> StorageError {
    StorageError::Refused(format!("演示数据：{e}"))
}
