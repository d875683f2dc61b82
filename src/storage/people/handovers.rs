//! Shift handovers (上下班工作交接): the shift's figures, recording and accepting.

use super::{
    day_text, handover_summary, parse_day, parse_shift, query_handovers, refused, role_of,
};
use crate::domain::desk::waybill::PaymentMethod;
use crate::domain::money::to_fen;
use crate::domain::people::attendance::{
    Handover, HandoverNotes, HandoverSummary, ShiftError, ShiftKey, ShiftKind,
};
use crate::domain::people::detection::WorkedShift;
use crate::domain::people::{Month, Role};
use crate::storage::sql::Row;
use crate::storage::sql::{NO_ARGS, args};
use crate::storage::{Db, Result, StorageError, time_text};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeSet;

impl Db {
    /// What the shift `shift` of `staff_id` on `day` took in, from the clerk's waybills
    /// (not void) issued during it, by payment method.
    pub fn handover_summary(
        &self,
        staff_id: &str,
        day: NaiveDate,
        shift: ShiftKind,
    ) -> Result<HandoverSummary> {
        let key = ShiftKey {
            staff_id: staff_id.trim().to_owned(),
            day,
            shift,
        };
        role_of(self.sql(), &key.staff_id)?;
        handover_summary(self.sql(), &key, &self.attendance_settings()?)
    }

    /// Records the handover of a shift with the figures of this moment and the clerk's
    /// notes; recording again replaces it until the next clerk has accepted it.
    pub fn record_handover(
        &mut self,
        key: &ShiftKey,
        notes: &HandoverNotes,
        now: NaiveDateTime,
    ) -> Result<Handover> {
        let settings = self.attendance_settings()?;
        let tx = self.sql().begin()?;
        role_of(*tx, &key.staff_id)?;
        if let Some(earlier) = query_handovers(
            *tx,
            "staff_id = ?1 AND day = ?2 AND shift = ?3",
            args![key.staff_id, day_text(key.day), key.shift.label()],
        )?
        .pop()
            && let Some(by) = earlier.accepted_by
        {
            return Err(refused(&ShiftError::AlreadyAccepted(by)));
        }
        let summary = handover_summary(*tx, key, &settings)?;
        let notes = HandoverNotes {
            open_problems: notes.open_problems.trim().to_owned(),
            open_notifications: notes.open_notifications.trim().to_owned(),
            stock_note: notes.stock_note.trim().to_owned(),
        };
        let count = |p| {
            i64::from(
                summary
                    .by_payment
                    .iter()
                    .find(|t| t.payment == p)
                    .map_or(0, |t| t.waybills),
            )
        };
        tx.execute(
            "INSERT INTO handovers (staff_id, day, shift, window_from, window_to,
                 pay_now_count, pay_now_fen, collect_count, collect_fen, monthly_count,
                 monthly_fen, on_receipt_count, on_receipt_fen, open_problems,
                 open_notifications, stock_note, recorded_at, cod_deduct_count, cod_deduct_fen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
             ON CONFLICT(staff_id, day, shift) DO UPDATE SET
                 window_from = excluded.window_from, window_to = excluded.window_to,
                 pay_now_count = excluded.pay_now_count, pay_now_fen = excluded.pay_now_fen,
                 collect_count = excluded.collect_count, collect_fen = excluded.collect_fen,
                 monthly_count = excluded.monthly_count, monthly_fen = excluded.monthly_fen,
                 on_receipt_count = excluded.on_receipt_count,
                 on_receipt_fen = excluded.on_receipt_fen,
                 cod_deduct_count = excluded.cod_deduct_count,
                 cod_deduct_fen = excluded.cod_deduct_fen,
                 open_problems = excluded.open_problems,
                 open_notifications = excluded.open_notifications,
                 stock_note = excluded.stock_note, recorded_at = excluded.recorded_at",
            args![
                key.staff_id,
                day_text(key.day),
                key.shift.label(),
                time_text(summary.from),
                time_text(summary.to),
                count(PaymentMethod::PayNow),
                to_fen(summary.total_of(PaymentMethod::PayNow)),
                count(PaymentMethod::Collect),
                to_fen(summary.total_of(PaymentMethod::Collect)),
                count(PaymentMethod::Monthly),
                to_fen(summary.total_of(PaymentMethod::Monthly)),
                count(PaymentMethod::OnReceipt),
                to_fen(summary.total_of(PaymentMethod::OnReceipt)),
                notes.open_problems,
                notes.open_notifications,
                notes.stock_note,
                time_text(now),
                count(PaymentMethod::CodDeduct),
                to_fen(summary.total_of(PaymentMethod::CodDeduct)),
            ],
        )?;
        let id: i64 = tx.one(
            "SELECT id FROM handovers WHERE staff_id = ?1 AND day = ?2 AND shift = ?3",
            args![key.staff_id, day_text(key.day), key.shift.label()],
        )?;
        tx.commit()?;
        Ok(Handover {
            id,
            summary,
            notes,
            recorded_at: now,
            accepted_by: None,
            accepted_at: None,
        })
    }

    /// The next clerk accepts a handover (not their own, once).
    pub fn accept_handover(&mut self, id: i64, by: &str, now: NaiveDateTime) -> Result<Handover> {
        let tx = self.sql().begin()?;
        let handover = query_handovers(*tx, "id = ?1", args![id])?
            .pop()
            .ok_or_else(|| StorageError::NotFound("找不到该交接记录".into()))?;
        role_of(*tx, by)?;
        handover.check_acceptance(by).map_err(|e| refused(&e))?;
        tx.execute(
            "UPDATE handovers SET accepted_by = ?2, accepted_at = ?3 WHERE id = ?1",
            args![id, by.trim(), time_text(now)],
        )?;
        tx.commit()?;
        Ok(Handover {
            accepted_by: Some(by.trim().to_owned()),
            accepted_at: Some(now),
            ..handover
        })
    }

    /// The handover of one shift, if recorded.
    pub fn handover(&self, key: &ShiftKey) -> Result<Option<Handover>> {
        Ok(query_handovers(
            self.sql(),
            "staff_id = ?1 AND day = ?2 AND shift = ?3",
            args![key.staff_id, day_text(key.day), key.shift.label()],
        )?
        .pop())
    }

    /// The handovers of shifts on the days `from..=to`, by day, shift and 工号.
    pub fn handovers_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Handover>> {
        query_handovers(
            self.sql(),
            "day >= ?1 AND day <= ?2",
            args![day_text(from), day_text(to)],
        )
    }

    /// Handovers no one has accepted yet: what the next clerk is shown.
    pub fn handovers_to_accept(&self) -> Result<Vec<Handover>> {
        query_handovers(self.sql(), "accepted_by IS NULL", NO_ARGS)
    }

    /// What the P20 detector reads: the clerks' worked shifts of `month`, the shifts
    /// with a handover, and the first day any handover was recorded.
    #[allow(
        clippy::type_complexity,
        reason = "three parts of MonthRecords, named there"
    )]
    pub(super) fn handover_records(
        &self,
        month: Month,
        now: NaiveDateTime,
    ) -> Result<(Vec<WorkedShift>, BTreeSet<ShiftKey>, Option<NaiveDate>)> {
        let attendance = self.attendance_settings()?;
        let range = [day_text(month.first_day()), day_text(month.last_day())];
        let rows = self.sql().query_map("SELECT p.staff_id, p.day, p.shift, s.role FROM punches p JOIN staff s ON s.id = p.staff_id
             WHERE p.day >= ?1 AND p.day <= ?2 AND p.shift IN ('早班', '中班', '晚班')
               AND (p.clock_in IS NOT NULL OR p.clock_out IS NOT NULL)
             ORDER BY p.staff_id, p.day, p.shift", args![range[0], range[1]], Row::read::<(String, String, String, String)>)?;
        let mut worked = Vec::new();
        for row in rows {
            let (staff_id, day, shift, role) = row;
            let (day, shift) = (parse_day(&day)?, parse_shift(&shift)?);
            // A shift still running has its handover still to come.
            if !attendance.has_ended(shift, day, now) {
                continue;
            }
            worked.push(WorkedShift {
                key: ShiftKey {
                    staff_id,
                    day,
                    shift,
                },
                role: Role::from_label(&role)
                    .ok_or_else(|| StorageError::Corrupt(format!("岗位「{role}」无法识别")))?,
            });
        }
        let rows = self.sql().query_map(
            "SELECT staff_id, day, shift FROM handovers WHERE day >= ?1 AND day <= ?2",
            args![range[0], range[1]],
            Row::read::<(String, String, String)>,
        )?;
        let mut handovers = BTreeSet::new();
        for row in rows {
            let (staff_id, day, shift) = row;
            handovers.insert(ShiftKey {
                staff_id,
                day: parse_day(&day)?,
                shift: parse_shift(&shift)?,
            });
        }
        let since: Option<String> = self.sql().one("SELECT MIN(day) FROM handovers", NO_ARGS)?;
        Ok((
            worked,
            handovers,
            since.as_deref().map(parse_day).transpose()?,
        ))
    }

    // Departures (离职).
}
