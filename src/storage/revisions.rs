//! Revisions of the records a supervisor edits whole on a page — the rate table, the
//! station's settings, a member of staff — so that two people editing one of them at
//! once cannot overwrite each other unawares (issue 15): the page keeps the revision it
//! opened, and a save that finds another since is refused with who saved it and when.
//!
//! Every write of such a record moves its revision on, whatever wrote it (a page, an
//! import, the command line), in the same transaction. The revisions live in `settings`
//! under `revision:<record>` as `<number>\t<工号>\t<time>`: no table of their own, and
//! they move with `copy` and the backups like every setting.

use super::sql::{Conn, args};
use super::{Db, Result, StorageError, parse_time, time_text};
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

/// The revisions of every record with one, as a page opens them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revisions(BTreeMap<String, i64>);

impl Revisions {
    /// The revision of `record` (0 when it was never saved since revisions began).
    #[must_use]
    pub fn of(&self, record: Record<'_>) -> i64 {
        self.0.get(&record.key()).copied().unwrap_or(0)
    }
}

/// Who saves a record edited whole, when, and the revision the page opened it at.
#[derive(Debug, Clone, Copy)]
pub struct Edit<'a> {
    /// The revision the page opened; `None` saves whatever came since.
    pub seen: Option<i64>,
    /// 工号 of who saves.
    pub by: &'a str,
    /// When.
    pub at: NaiveDateTime,
}

impl Edit<'static> {
    /// A save not made on a page (an import, the demo, a test): nothing to compare with.
    #[must_use]
    pub fn unattributed() -> Self {
        Self {
            seen: None,
            by: "",
            at: now(),
        }
    }
}

impl Db {
    /// Every record's revision now. A page reads them before the records, so a save
    /// between the two reads refuses the page's save rather than losing the other one.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn revisions(&self) -> Result<Revisions> {
        let rows = self.sql().query_map(
            "SELECT key, value FROM settings WHERE key LIKE 'revision:%'",
            super::sql::NO_ARGS,
            super::sql::Row::read::<(String, String)>,
        )?;
        Ok(Revisions(
            rows.into_iter()
                .map(|(key, value)| {
                    let number = value
                        .split('\t')
                        .next()
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0);
                    (key, number)
                })
                .collect(),
        ))
    }

    /// The revision of one record now.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn revision(&self, record: Record<'_>) -> Result<i64> {
        Ok(stored(self.sql(), record)?.map_or(0, |(number, ..)| number))
    }
}

/// The settings kept as JSON that a page edits whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// 打印设置.
    Print,
    /// 理赔设置.
    Claims,
    /// 考勤设置.
    Attendance,
    /// 发车设置.
    Dispatch,
    /// 咨询投诉设置.
    Service,
}

impl Setting {
    /// Its key in `settings`.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Print => "print",
            Self::Claims => "claims",
            Self::Attendance => "attendance",
            Self::Dispatch => "dispatch",
            Self::Service => "service",
        }
    }

    /// What a clerk calls it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Print => "打印设置",
            Self::Claims => "理赔设置",
            Self::Attendance => "考勤设置",
            Self::Dispatch => "发车设置",
            Self::Service => "咨询投诉设置",
        }
    }
}

/// The time an unattributed write (an import, the command line, the demo) is noted at.
pub(super) fn now() -> NaiveDateTime {
    super::whole_seconds(chrono::Local::now().naive_local())
}

/// A record with a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record<'a> {
    /// The rate table (报价表).
    Rates,
    /// The station's desk settings (开单设置).
    DeskSettings,
    /// One member of staff, by 工号.
    Staff(&'a str),
    /// A setting kept as JSON.
    Setting(Setting),
    /// The prohibited goods list (禁运品名单).
    Prohibited,
    /// A month's schedule (排班).
    Schedule(crate::domain::people::Month),
    /// One station's record (站点), by its number.
    Station(i64),
    /// One rule of the points table (扣分规则): its wording and points.
    Rule(crate::domain::people::points::Rule),
}

impl Record<'_> {
    fn key(self) -> String {
        match self {
            Self::Rates => "revision:rates".to_owned(),
            Self::DeskSettings => "revision:desk".to_owned(),
            Self::Staff(id) => format!("revision:staff:{}", id.trim()),
            Self::Setting(setting) => format!("revision:{}", setting.key()),
            Self::Prohibited => "revision:prohibited".to_owned(),
            Self::Schedule(month) => format!("revision:schedule:{month}"),
            Self::Station(id) => format!("revision:station:{id}"),
            Self::Rule(rule) => format!("revision:rule:{}", rule.code()),
        }
    }

    /// What a clerk calls it.
    fn label(self) -> String {
        match self {
            Self::Rates => "报价表".to_owned(),
            Self::DeskSettings => "开单设置".to_owned(),
            Self::Staff(id) => format!("员工 {} 的资料", id.trim()),
            Self::Setting(setting) => setting.label().to_owned(),
            Self::Prohibited => "禁运品名单".to_owned(),
            Self::Schedule(month) => format!("{month} 排班"),
            Self::Station(id) => format!("站点 {id} 的资料"),
            Self::Rule(rule) => format!("扣分规则 {}", rule.code()),
        }
    }
}

/// The stored revision: number, who, when.
fn stored(conn: Conn<'_>, record: Record<'_>) -> Result<Option<(i64, String, String)>> {
    let text: Option<String> = conn.value(
        "SELECT value FROM settings WHERE key = ?1",
        args![record.key()],
    )?;
    let Some(text) = text else {
        return Ok(None);
    };
    let mut parts = text.splitn(3, '\t');
    let number = parts.next().and_then(|n| n.parse().ok()).ok_or_else(|| {
        StorageError::Corrupt(format!("「{}」的修改记号无法读取", record.label()))
    })?;
    let by = parts.next().unwrap_or_default().to_owned();
    let at = parts.next().unwrap_or_default().to_owned();
    Ok(Some((number, by, at)))
}

/// Moves `record`'s revision on, in the transaction that changes it. With `seen` (the
/// revision the page opened), refuses when another save came since, naming who and
/// when; nothing is written then.
///
/// # Errors
/// Refused as above; the database cannot be written.
pub(super) fn advance(conn: Conn<'_>, record: Record<'_>, edit: Edit<'_>) -> Result<i64> {
    let last = stored(conn, record)?;
    let number = last.as_ref().map_or(0, |(number, ..)| *number);
    if let (Some(seen), Some((_, by, at))) = (edit.seen, &last)
        && seen != number
    {
        let name: Option<String> =
            conn.query_opt("SELECT name FROM staff WHERE id = ?1", args![by], |r| {
                r.get(0)
            })?;
        let who = format!("{by} {}", name.unwrap_or_default())
            .trim()
            .to_owned();
        let who = if who.is_empty() {
            "另一个柜台或导入".to_owned()
        } else {
            who
        };
        let at =
            parse_time(at).map_or_else(|_| at.clone(), |t| t.format("%m-%d %H:%M").to_string());
        return Err(StorageError::Refused(format!(
            "{} 在您打开之后已被 {who} 于 {at} 修改，您的修改没有保存：请放弃改动或重新打开这一页，看过新的内容再改",
            record.label()
        )));
    }
    let next = number + 1;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        args![
            record.key(),
            format!("{next}\t{}\t{}", edit.by.trim(), time_text(edit.at))
        ],
    )?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::desk::rates::{RateRow, RateTable};
    use crate::domain::people::{Role, Staff};
    use crate::storage::test_server::SharedPlace;
    use rust_decimal::Decimal;

    fn at(hour: u32, minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .unwrap()
    }

    fn rates(minimum: i64) -> RateTable {
        RateTable::new(vec![RateRow {
            dest_code: "430321".into(),
            from_weight_kg: Decimal::ZERO,
            heavy_yuan_per_kg: Decimal::ONE,
            light_yuan_per_m3: Decimal::from(200),
            minimum_yuan: Decimal::from(minimum),
            delivery_fee_yuan: Decimal::ZERO,
        }])
        .unwrap()
    }

    /// A save by `by` at `hour:minute` from the revision `seen`.
    fn by(by: &str, seen: Option<i64>, hour: u32, minute: u32) -> Edit<'_> {
        Edit {
            seen,
            by,
            at: at(hour, minute),
        }
    }

    fn place_with_supervisors() -> SharedPlace {
        let place = SharedPlace::new();
        let supervisor = |id: &str, name: &str| Staff {
            id: id.into(),
            name: name.into(),
            role: Role::Supervisor,
            joined_on: None,
            left_on: None,
            base_salary_yuan: Decimal::ZERO,
        };
        place
            .counter()
            .unwrap()
            .import_staff(&[supervisor("S01", "刘建国"), supervisor("S02", "周敏")])
            .unwrap();
        place
    }

    /// Two supervisors save the rate table from the same revision at the same moment,
    /// each on a connection of its own: one is saved, the other refused naming the one
    /// who was first, and the table is the first one's whole.
    #[test]
    fn of_two_rate_tables_saved_at_once_from_one_revision_one_is_kept_and_the_other_told() {
        let place = place_with_supervisors();
        let mut first = place.counter().unwrap();
        let mut second = place.counter().unwrap();
        let seen = first.revision(Record::Rates).unwrap();
        assert_eq!(second.revision(Record::Rates).unwrap(), seen);
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| first.edit_rate_table(&rates(30), by("S01", Some(seen), 10, 0)));
            let b = s.spawn(|| second.edit_rate_table(&rates(40), by("S02", Some(seen), 10, 0)));
            (a.join().unwrap(), b.join().unwrap())
        });
        assert_eq!(
            [&a, &b].iter().filter(|r| r.is_ok()).count(),
            1,
            "{a:?} {b:?}"
        );
        let refusal = a.err().or(b.err()).unwrap().to_string();
        let kept = place.counter().unwrap().rate_table().unwrap();
        let winner = if kept.rows()[0].minimum_yuan == Decimal::from(30) {
            "S01 刘建国"
        } else {
            "S02 周敏"
        };
        assert!(
            refusal.contains("报价表") && refusal.contains(winner) && refusal.contains("没有保存"),
            "{refusal}"
        );
        assert_eq!(
            place.counter().unwrap().revision(Record::Rates).unwrap(),
            seen + 1
        );
    }

    #[test]
    fn settings_and_a_staff_record_saved_since_they_were_opened_are_not_overwritten() {
        let place = place_with_supervisors();
        let first = place.counter().unwrap();
        let mut second = place.counter().unwrap();
        // The desk settings.
        let opened = second.revision(Record::DeskSettings).unwrap();
        let mut settings = first.desk_settings().unwrap();
        settings.station_name = "广州白云站".into();
        first
            .edit_desk_settings(&settings, by("S01", Some(opened), 9, 30))
            .unwrap();
        settings.station_name = "广州站".into();
        let refusal = second
            .edit_desk_settings(&settings, by("S02", Some(opened), 9, 31))
            .unwrap_err()
            .to_string();
        assert!(
            refusal.contains("开单设置") && refusal.contains("S01 刘建国 于 11-23 09:30"),
            "{refusal}"
        );
        assert_eq!(second.desk_settings().unwrap().station_name, "广州白云站");
        // A staff record.
        let clerk = |salary: i64| Staff {
            id: "A01".into(),
            name: "张丽".into(),
            role: Role::Clerk,
            joined_on: None,
            left_on: None,
            base_salary_yuan: Decimal::from(salary),
        };
        second.import_staff(&[clerk(3000)]).unwrap();
        let opened = second.revision(Record::Staff("A01")).unwrap();
        // An import is a save too: the page opened before it is refused.
        place
            .counter()
            .unwrap()
            .import_staff(&[clerk(3200)])
            .unwrap();
        let refusal = second
            .edit_staff(&clerk(3600), None, by("S02", Some(opened), 9, 40))
            .unwrap_err()
            .to_string();
        assert!(
            refusal.contains("员工 A01 的资料") && refusal.contains("另一个柜台或导入"),
            "{refusal}"
        );
        // Opened anew, it saves.
        let opened = second.revision(Record::Staff("A01")).unwrap();
        second
            .edit_staff(&clerk(3600), None, by("S02", Some(opened), 9, 41))
            .unwrap();
        let salary = second
            .staff_records()
            .unwrap()
            .into_iter()
            .find(|s| s.id == "A01")
            .map(|s| s.base_salary_yuan);
        assert_eq!(salary, Some(Decimal::from(3600)));
        // Without a revision (a 工号 typed anew), a save is as typed.
        second
            .edit_staff(&clerk(3700), None, by("S02", None, 9, 42))
            .unwrap();
    }

    /// A setting a page edits whole (the claim terms here): saved from an older
    /// revision it is refused, saved unattributed it still moves the revision on.
    #[test]
    fn a_setting_saved_since_the_page_opened_it_is_not_overwritten() {
        use crate::domain::service::claims::ClaimSettings;
        let place = place_with_supervisors();
        let first = place.counter().unwrap();
        let second = place.counter().unwrap();
        let record = Record::Setting(Setting::Claims);
        let opened = second.revision(record).unwrap();
        let terms = |multiple: i64| ClaimSettings {
            freight_multiple: Decimal::from(multiple),
        };
        first
            .save_claim_settings(&terms(2), by("S01", Some(opened), 11, 0))
            .unwrap();
        let refusal = second
            .save_claim_settings(&terms(5), by("S02", Some(opened), 11, 1))
            .unwrap_err()
            .to_string();
        assert!(
            refusal.contains("理赔设置") && refusal.contains("S01 刘建国 于 11-23 11:00"),
            "{refusal}"
        );
        assert_eq!(second.claim_settings().unwrap(), terms(2));
        second
            .save_claim_settings(&terms(3), Edit::unattributed())
            .unwrap();
        assert_eq!(second.revision(record).unwrap(), opened + 2);
    }

    /// A month's schedule saved at another desk since this one loaded it.
    #[test]
    fn a_schedule_saved_since_it_was_loaded_is_not_overwritten() {
        use crate::domain::people::Month;
        use crate::domain::people::attendance::{ScheduledShift, ShiftKind};
        let place = place_with_supervisors();
        let mut first = place.counter().unwrap();
        let mut second = place.counter().unwrap();
        let month: Month = "2026-11".parse().unwrap();
        let opened = second.revision(Record::Schedule(month)).unwrap();
        let plan = |shift| {
            [ScheduledShift {
                staff_id: "S01".into(),
                day: month.first_day(),
                shift,
            }]
        };
        first
            .save_schedule(
                month,
                &plan(ShiftKind::Early),
                by("S01", Some(opened), 12, 0),
            )
            .unwrap();
        let refusal = second
            .save_schedule(
                month,
                &plan(ShiftKind::Night),
                by("S02", Some(opened), 12, 1),
            )
            .unwrap_err()
            .to_string();
        assert!(
            refusal.contains("2026-11 排班") && refusal.contains("S01 刘建国"),
            "{refusal}"
        );
        let kept = second
            .schedule_between(month.first_day(), month.last_day())
            .unwrap();
        assert_eq!(kept[0].shift, ShiftKind::Early);
    }
}
