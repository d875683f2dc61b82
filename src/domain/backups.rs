//! Automatic backups as a policy: what a backup file is called, which copies are kept
//! (the newest of each of the last 14 days and of each of the last 12 months), and when
//! the last good backup is too old. Pure: storage writes and deletes the files.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use std::collections::BTreeSet;

/// Days of daily copies kept.
pub const DAILY_KEPT: usize = 14;

/// Months of monthly copies kept.
pub const MONTHLY_KEPT: usize = 12;

/// After this many days without a good backup the status bar turns red.
pub const STALE_AFTER_DAYS: i64 = 2;

/// Where automatic backups go, and when the last good one was made (a setting).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct BackupSettings {
    /// The folder chosen in 设置 (a USB drive, a shared folder); empty: `backups/` beside
    /// the database.
    pub folder: String,
    /// When the last backup was written and verified.
    pub last_ok: Option<NaiveDateTime>,
}

/// The file name of a backup made at `at`: `kaidan-20261205-162730.sqlite3`, which sorts
/// by time.
#[must_use]
pub fn file_name(at: NaiveDateTime) -> String {
    format!("kaidan-{}.sqlite3", at.format("%Y%m%d-%H%M%S"))
}

/// The name of the `n`-th backup made in the same second (`n` from 2): `-2` after the time.
#[must_use]
pub fn nth_file_name(at: NaiveDateTime, n: u32) -> String {
    format!("kaidan-{}-{n}.sqlite3", at.format("%Y%m%d-%H%M%S"))
}

/// The time a backup file was made, read from its name; `None` for any other file.
#[must_use]
pub fn made_at(name: &str) -> Option<NaiveDateTime> {
    let stamp = name.strip_prefix("kaidan-")?.strip_suffix(".sqlite3")?;
    let (time, nth) = stamp.split_at_checked(15)?;
    if !(nth.is_empty()
        || nth
            .strip_prefix('-')
            .is_some_and(|n| n.parse::<u32>().is_ok()))
    {
        return None;
    }
    NaiveDateTime::parse_from_str(time, "%Y%m%d-%H%M%S").ok()
}

/// Which of the backups made at `made` to delete: every copy that is neither made on the
/// newest day (today's start-of-day copy stays beside the handovers', and one just
/// restored from is not deleted by the copy a restore keeps aside), nor the newest of one
/// of the last [`DAILY_KEPT`] days with a backup, nor the newest of one of the last
/// [`MONTHLY_KEPT`] months with a backup. Sorted, oldest first.
#[must_use]
pub fn to_delete(made: &[NaiveDateTime]) -> Vec<NaiveDateTime> {
    let mut newest_first: Vec<NaiveDateTime> = made.to_vec();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    newest_first.dedup();
    let newest_day = newest_first.first().map(NaiveDateTime::date);
    let mut keep: BTreeSet<NaiveDateTime> = newest_first
        .iter()
        .filter(|at| Some(at.date()) == newest_day)
        .copied()
        .collect();
    let mut days: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut months: BTreeSet<(i32, u32)> = BTreeSet::new();
    for at in &newest_first {
        let day = at.date();
        if days.len() < DAILY_KEPT && days.insert(day) {
            keep.insert(*at);
        }
        let month = (day.year(), day.month());
        if !months.contains(&month) && months.len() < MONTHLY_KEPT {
            months.insert(month);
            keep.insert(*at);
        }
    }
    let mut out: Vec<NaiveDateTime> = newest_first
        .into_iter()
        .filter(|at| !keep.contains(at))
        .collect();
    out.sort_unstable();
    out
}

/// Whether the last good backup is too old (or there is none): the status bar's red.
#[must_use]
pub fn stale(last: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    last.is_none_or(|at| (now - at).num_days() >= STALE_AFTER_DAYS)
}

/// How the status bar says the age of the last good backup: 今天 16:20, 昨天, 3 天前.
#[must_use]
pub fn age_text(last: Option<NaiveDateTime>, now: NaiveDateTime) -> String {
    match last {
        None => "尚未备份".to_owned(),
        Some(at) => match (now.date() - at.date()).num_days() {
            0 => format!("今天 {}", at.format("%H:%M")),
            1 => "昨天".to_owned(),
            days => format!("{days} 天前"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::at;

    #[test]
    fn names_sort_by_time_and_read_back() {
        let made = at("2026-12-05 16:27");
        assert_eq!(file_name(made), "kaidan-20261205-162700.sqlite3");
        assert_eq!(made_at(&file_name(made)), Some(made));
        assert_eq!(made_at(&nth_file_name(made, 2)), Some(made));
        for other in [
            "kaidan.sqlite3",
            "notes.txt",
            "kaidan-2026.sqlite3",
            ".kaidan-20261205-162700.sqlite3.kaidan-partial",
        ] {
            assert_eq!(made_at(other), None, "{other}");
        }
    }

    #[test]
    fn the_newest_of_14_days_and_of_12_months_are_kept() {
        // Two backups a day (start of day and a handover) for 400 days.
        let first = at("2025-11-01 08:00");
        let made: Vec<NaiveDateTime> = (0..400)
            .flat_map(|d| {
                let day = first + chrono::Duration::days(d);
                [day, day + chrono::Duration::hours(12)]
            })
            .collect();
        let deleted = to_delete(&made);
        let kept: Vec<NaiveDateTime> = made
            .iter()
            .filter(|m| !deleted.contains(m))
            .copied()
            .collect();
        let newest = *made.last().unwrap();
        // Today: both copies. The 13 days before: the evening copy of each.
        let hours = chrono::Duration::hours;
        assert!(kept.contains(&(newest - hours(12))));
        for d in 0..14 {
            let evening = newest - chrono::Duration::days(d);
            assert!(kept.contains(&evening), "day {d}");
            if d > 0 {
                assert!(!kept.contains(&(evening - hours(12))), "day {d}");
            }
        }
        // 12 months: each month's last copy; 14 + 12 less the two months the days share.
        let months: BTreeSet<(i32, u32)> = kept.iter().map(|k| (k.year(), k.month())).collect();
        assert_eq!(months.len(), 12);
        assert!(kept.len() <= DAILY_KEPT + MONTHLY_KEPT + 1);
        assert!(
            kept.len() >= DAILY_KEPT + MONTHLY_KEPT - 2,
            "{}",
            kept.len()
        );
        assert!(deleted.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_few_backups_are_all_kept() {
        let made = [at("2026-12-01 08:00"), at("2026-12-02 08:00")];
        assert!(to_delete(&made).is_empty());
    }

    #[test]
    fn two_days_without_a_backup_is_stale() {
        let now = at("2026-12-05 16:00");
        assert!(stale(None, now));
        assert!(!stale(Some(at("2026-12-04 08:00")), now));
        assert!(stale(Some(at("2026-12-03 15:59")), now));
        assert_eq!(age_text(Some(at("2026-12-05 08:05")), now), "今天 08:05");
        assert_eq!(age_text(Some(at("2026-12-04 23:00")), now), "昨天");
        assert_eq!(age_text(Some(at("2026-12-01 23:00")), now), "4 天前");
        assert_eq!(age_text(None, now), "尚未备份");
    }
}
