//! Departures (离职), the on-duty check and the supervisor's overrides of it.

use super::{
    StoredOverride, day_text, parse_clock, parse_day, parse_shift, query_requests, refused, role_of,
};
use crate::domain::people::attendance::{DutyOverride, OnDuty, Punch, duty_status};
use crate::domain::people::requests::AttendanceRequest;
use crate::domain::people::{Departure, DepartureKind};
use crate::storage::sql::Row;
use crate::storage::sql::{NO_ARGS, args};
use crate::storage::{Db, Result, StorageError, parse_time, time_text};
use chrono::{NaiveDate, NaiveDateTime};

impl Db {
    /// Records how someone left; its last day becomes their leave date (离职日期) on the
    /// staff list. Recording again replaces it. A locked month keeps the departures of
    /// its moment.
    pub fn record_departure(
        &mut self,
        departure: &Departure,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.sql().begin()?;
        let joined: Option<Option<String>> = tx.value(
            "SELECT joined_on FROM staff WHERE id = ?1",
            args![&departure.staff_id],
        )?;
        let joined = joined.ok_or_else(|| {
            StorageError::NotFound(format!("工号 {} 不在员工名单中", departure.staff_id))
        })?;
        departure
            .validate(joined.as_deref().map(parse_day).transpose()?)
            .map_err(|e| refused(&e))?;
        tx.execute(
            "INSERT INTO departures (staff_id, kind, applied_on, approved_on, last_day, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(staff_id) DO UPDATE SET kind = excluded.kind,
                 applied_on = excluded.applied_on, approved_on = excluded.approved_on,
                 last_day = excluded.last_day, recorded_by = excluded.recorded_by,
                 recorded_at = excluded.recorded_at",
            args![
                departure.staff_id,
                departure.kind.label(),
                departure.applied_on.map(day_text),
                departure.approved_on.map(day_text),
                day_text(departure.last_day),
                by.trim(),
                time_text(now),
            ])?;
        tx.execute(
            "UPDATE staff SET left_on = ?2 WHERE id = ?1",
            args![departure.staff_id, day_text(departure.last_day)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Removes a departure recorded by mistake, and the leave date with it.
    pub fn clear_departure(&mut self, staff_id: &str) -> Result<()> {
        let tx = self.sql().begin()?;
        let removed = tx.execute(
            "DELETE FROM departures WHERE staff_id = ?1",
            args![staff_id],
        )?;
        if removed == 0 {
            return Err(StorageError::NotFound(format!(
                "工号 {staff_id} 没有离职记录"
            )));
        }
        tx.execute(
            "UPDATE staff SET left_on = NULL WHERE id = ?1",
            args![staff_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every recorded departure, in 工号 order.
    pub fn departures(&self) -> Result<Vec<Departure>> {
        let rows = self.sql().query_map("SELECT staff_id, kind, applied_on, approved_on, last_day FROM departures ORDER BY staff_id", NO_ARGS, Row::read::<(String, String, Option<String>, Option<String>, String)>)?;
        let mut out = Vec::new();
        for row in rows {
            let (staff_id, kind, applied, approved, last_day) = row;
            out.push(Departure {
                staff_id,
                kind: DepartureKind::from_label(&kind)
                    .ok_or_else(|| StorageError::Corrupt(format!("离职类别「{kind}」无法识别")))?,
                applied_on: applied.as_deref().map(parse_day).transpose()?,
                approved_on: approved.as_deref().map(parse_day).transpose()?,
                last_day: parse_day(&last_day)?,
            });
        }
        Ok(out)
    }

    // On duty (当班) and the supervisor's override.

    /// Whether `staff_id` may issue waybills at `now` (see
    /// [`crate::domain::people::attendance::duty_status`]): their clock-in records and monthly
    /// schedule (排班) of today and yesterday are the schedule, approved 请假 puts them
    /// off, approved 加班 on.
    pub fn on_duty(&self, staff_id: &str, now: NaiveDateTime) -> Result<OnDuty> {
        role_of(self.sql(), staff_id)?;
        let today = now.date();
        let rows = self.sql().query_map(
            "SELECT day, shift, clock_in, clock_out FROM punches
             WHERE staff_id = ?1 AND day >= ?2 AND day <= ?3",
            args![
                staff_id,
                day_text(today.pred_opt().unwrap_or(today)),
                day_text(today)
            ],
            Row::read::<(String, String, Option<String>, Option<String>)>,
        )?;
        let mut schedule = Vec::new();
        for row in rows {
            let (day, shift, clock_in, clock_out) = row;
            schedule.push(Punch {
                staff_id: staff_id.to_owned(),
                day: parse_day(&day)?,
                shift: parse_shift(&shift)?,
                clock_in: parse_clock(clock_in)?,
                clock_out: parse_clock(clock_out)?,
            });
        }
        // The monthly schedule counts next to the clock-in records: a shift planned
        // there puts its clerk on duty before any record of it is imported.
        schedule.extend(
            self.schedule_between(today.pred_opt().unwrap_or(today), today)?
                .into_iter()
                .filter(|s| s.staff_id == staff_id)
                .map(|s| s.as_record()),
        );
        let at = time_text(now);
        let requests: Vec<AttendanceRequest> = query_requests(
            self.sql(),
            "staff_id = ?1 AND from_at <= ?2 AND to_at > ?2",
            args![staff_id, at],
        )?
        .into_iter()
        .map(|r| r.request)
        .collect();
        Ok(duty_status(
            &schedule,
            &requests,
            now,
            &self.attendance_settings()?,
        ))
    }

    /// Records a supervisor's permission for `clerk_id` to issue a waybill off duty
    /// (append-only): only a supervisor, not for themself, with a reason. Returns its id.
    pub fn record_override(
        &self,
        supervisor_id: &str,
        clerk_id: &str,
        now: NaiveDateTime,
        reason: &str,
        waybill_number: &str,
    ) -> Result<i64> {
        let grant = DutyOverride {
            supervisor_id: supervisor_id.trim().to_owned(),
            clerk_id: clerk_id.trim().to_owned(),
            at: now,
            reason: reason.trim().to_owned(),
            waybill_number: waybill_number.trim().to_owned(),
        };
        role_of(self.sql(), &grant.clerk_id)?;
        grant
            .check(role_of(self.sql(), &grant.supervisor_id)?)
            .map_err(|e| refused(&e))?;
        let tx = self.sql().begin()?;
        let id = tx.insert(
            "INSERT INTO duty_overrides (at, supervisor_id, clerk_id, reason, waybill_number)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            args![
                time_text(grant.at),
                grant.supervisor_id,
                grant.clerk_id,
                grant.reason,
                grant.waybill_number
            ],
        )?;
        crate::storage::seals::seal(*tx, "duty_overrides", id)?;
        tx.commit()?;
        Ok(id)
    }

    /// The overrides given on the days `from..=to`, in time order.
    pub fn duty_overrides(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<StoredOverride>> {
        let rows = self.sql().query_map(
            "SELECT id, at, supervisor_id, clerk_id, reason, waybill_number FROM duty_overrides
             WHERE at >= ?1 AND at < ?2 ORDER BY at, id",
            args![
                format!("{} 00:00:00", day_text(from)),
                format!("{} 00:00:00", day_text(to.succ_opt().unwrap_or(to))),
            ],
            Row::read::<(i64, String, String, String, String, String)>,
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (id, at, supervisor_id, clerk_id, reason, waybill_number) = row;
            out.push(StoredOverride {
                id,
                grant: DutyOverride {
                    supervisor_id,
                    clerk_id,
                    at: parse_time(&at)?,
                    reason,
                    waybill_number,
                },
            });
        }
        Ok(out)
    }
}
