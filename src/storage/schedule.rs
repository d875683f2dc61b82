//! The monthly schedule (排班) the supervisor keeps in the window: per person and day,
//! the shift worked or 休息. The review grades a scheduled worked shift without any
//! clock-in row as absence once it has ended, and the on-duty rule reads the schedule
//! next to the clock-in records (see [`crate::domain::people::attendance::unpunched_shifts`]).

use crate::storage::sql::Row;
use chrono::NaiveDate;

use super::sql::args;
use super::{Db, Result, StorageError};
use crate::domain::people::Month;
use crate::domain::people::attendance::{ScheduledShift, ShiftKind};

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

impl Db {
    /// The schedule of the days `from..=to`, in 工号 and day order.
    pub fn schedule_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ScheduledShift>> {
        let rows = self.sql().query_map(
            "SELECT staff_id, day, shift FROM schedule WHERE day >= ?1 AND day <= ?2
             ORDER BY staff_id, day",
            args![day_text(from), day_text(to)],
            Row::read::<(String, String, String)>,
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (staff_id, day, shift) = row;
            out.push(ScheduledShift {
                staff_id,
                day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                    .map_err(|_| StorageError::Corrupt(format!("排班日期「{day}」格式不对")))?,
                shift: ShiftKind::from_label(&shift)
                    .ok_or_else(|| StorageError::Corrupt(format!("排班「{shift}」无法识别")))?,
            });
        }
        Ok(out)
    }

    /// Replaces the schedule of `month` with `entries`, in one transaction. Refused
    /// when the month is locked, when an entry lies outside the month or is not
    /// 早班/中班/晚班/休息, or names a 工号 not on the staff list.
    pub fn save_schedule(
        &mut self,
        month: Month,
        entries: &[ScheduledShift],
        edit: super::revisions::Edit<'_>,
    ) -> Result<usize> {
        if self.locked_months()?.contains(&month) {
            return Err(StorageError::Refused(format!(
                "{month} 的考核已锁定（已签字确认），不能再改动排班"
            )));
        }
        if let Some(bad) = entries
            .iter()
            .find(|e| !month.contains(e.day) || !ScheduledShift::KINDS.contains(&e.shift))
        {
            return Err(StorageError::Refused(format!(
                "排班 {} {} {} 不属于 {month} 或不是早班、中班、晚班、休息",
                bad.staff_id,
                day_text(bad.day),
                bad.shift.label()
            )));
        }
        let tx = self.sql().begin()?;
        super::revisions::advance(*tx, super::revisions::Record::Schedule(month), edit)?;
        tx.execute(
            "DELETE FROM schedule WHERE day >= ?1 AND day <= ?2",
            args![day_text(month.first_day()), day_text(month.last_day())],
        )?;
        for entry in entries {
            let known: bool = tx.one(
                "SELECT EXISTS (SELECT 1 FROM staff WHERE id = ?1)",
                args![&entry.staff_id],
            )?;
            if !known {
                return Err(StorageError::NotFound(format!(
                    "工号 {} 不在员工名单中",
                    entry.staff_id
                )));
            }
            tx.execute(
                "INSERT INTO schedule (staff_id, day, shift) VALUES (?1, ?2, ?3)",
                args![entry.staff_id, day_text(entry.day), entry.shift.label()],
            )?;
        }
        tx.commit()?;
        Ok(entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::{Role, Staff};
    use crate::testing::{at, day};

    fn db() -> Db {
        let mut db = Db::open_in_memory().unwrap();
        let person = |id: &str, role| Staff {
            id: id.into(),
            name: format!("员工{id}"),
            role,
            joined_on: Some(day("2025-01-01")),
            left_on: None,
            base_salary_yuan: rust_decimal::Decimal::from(4000),
        };
        db.import_staff(&[person("A01", Role::Clerk), person("S01", Role::Supervisor)])
            .unwrap();
        db
    }

    fn plan(d: &str, shift: ShiftKind) -> ScheduledShift {
        ScheduledShift {
            staff_id: "A01".into(),
            day: day(d),
            shift,
        }
    }

    fn nov() -> Month {
        "2026-11".parse().unwrap()
    }

    /// A01 scheduled 早班 on 11-20 and 休息 on 11-21.
    fn scheduled() -> Db {
        let mut db = db();
        let plans = [
            plan("2026-11-20", ShiftKind::Early),
            plan("2026-11-21", ShiftKind::Rest),
        ];
        let edit = crate::storage::revisions::Edit::unattributed();
        db.save_schedule(nov(), &plans, edit).unwrap();
        db
    }

    #[test]
    fn the_schedule_of_a_month_is_replaced_whole() {
        let mut db = scheduled();
        db.save_schedule(
            nov(),
            &[plan("2026-11-22", ShiftKind::Night)],
            crate::storage::revisions::Edit::unattributed(),
        )
        .unwrap();
        assert_eq!(
            db.schedule_between(day("2026-11-01"), day("2026-11-30"))
                .unwrap(),
            [plan("2026-11-22", ShiftKind::Night)]
        );
        assert!(
            db.save_schedule(
                nov(),
                &[plan("2026-12-01", ShiftKind::Early)],
                crate::storage::revisions::Edit::unattributed()
            )
            .is_err(),
            "outside the month"
        );
        assert!(
            db.save_schedule(
                nov(),
                &[plan("2026-11-23", ShiftKind::Leave)],
                crate::storage::revisions::Edit::unattributed()
            )
            .is_err(),
            "请假 is a request, not a schedule"
        );
        let stranger = ScheduledShift {
            staff_id: "Z99".into(),
            ..plan("2026-11-23", ShiftKind::Early)
        };
        assert!(
            db.save_schedule(
                nov(),
                &[stranger],
                crate::storage::revisions::Edit::unattributed()
            )
            .is_err()
        );
        assert_eq!(
            db.schedule_between(day("2026-11-01"), day("2026-11-30"))
                .unwrap()
                .len(),
            1,
            "a refused save changes nothing"
        );
    }

    /// The review grades a scheduled shift without a clock-in row as absence once it
    /// has ended; a locked month's schedule cannot change.
    #[test]
    fn the_review_and_the_lock_read_the_schedule() {
        let mut db = db();
        db.save_schedule(
            nov(),
            &[plan("2026-11-20", ShiftKind::Early)],
            crate::storage::revisions::Edit::unattributed(),
        )
        .unwrap();
        let a01 = |db: &Db, now: &str| {
            db.month_review(nov(), at(now)).unwrap().people[0]
                .items
                .iter()
                .map(|i| (i.rule.code(), i.points))
                .collect::<Vec<_>>()
        };
        assert_eq!(a01(&db, "2026-11-20 12:00"), [("B2", 6)], "still running");
        assert_eq!(a01(&db, "2026-11-21 09:00"), [("A7", -8), ("B2", 6)]);
        db.lock_month(nov(), "S01", at("2026-12-02 09:00")).unwrap();
        assert!(
            db.save_schedule(nov(), &[], crate::storage::revisions::Edit::unattributed())
                .is_err()
        );
    }

    /// The on-duty rule honours the schedule: a scheduled shift puts its clerk on duty
    /// before any clock-in record exists; 休息 does not.
    #[test]
    fn on_duty_by_the_schedule() {
        let db = scheduled();
        let on = |db: &Db, now: &str| db.on_duty("A01", at(now)).unwrap().is_on_duty();
        assert!(on(&db, "2026-11-20 09:00"));
        assert!(!on(&db, "2026-11-20 21:00"));
        assert!(!on(&db, "2026-11-21 09:00"), "休息");
    }
}
