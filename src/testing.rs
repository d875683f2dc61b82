//! Times and days written as text, for the unit tests of every layer.

use chrono::{NaiveDate, NaiveDateTime};

/// `2026-11-23 09:30` (or with seconds) as a time.
pub(crate) fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .unwrap_or_else(|_| panic!("not a time: {text}"))
}

/// `2026-11-23` as a day.
pub(crate) fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|_| panic!("not a day: {text}"))
}

/// `hour:minute` on `year-month-day`.
pub(crate) fn time(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_opt(hour, minute, 0))
        .unwrap_or_else(|| panic!("not a time: {year}-{month}-{day} {hour}:{minute}"))
}
