//! Leave, outing and overtime requests (请假/外出/加班) and their decisions; appeals (申诉) of
//! events and detections.

use super::{
    APPEAL_COLUMNS, EventRow, RequestImportSummary, StoredRequest, appeal_from_row, appeal_row,
    appeal_status, day_text, insert_appeal, locked_months, locked_refusal, parse_code, parse_day,
    query_requests, refuse_locked_span, refused, require_supervisor, role_of,
};
use crate::domain::people::Month;
use crate::domain::people::points::{DetectedEvent, EventSource, PointEvent};
use crate::domain::people::requests::{
    Appeal, AppealDecision, AppealOutcome, AttendanceRequest, RequestStatus, check_appeal_decision,
};
use crate::storage::sql::Row;
use crate::storage::sql::args;
use crate::storage::{Db, Result, StorageError, time_text};
use chrono::{NaiveDate, NaiveDateTime};

impl Db {
    // Leave, outing and overtime requests (请假/外出/加班).

    /// Stores a request (from [`crate::domain::people::requests::RequestDraft::validate`], or
    /// imported with its decision); refused when it touches a locked month.
    pub fn add_request(
        &mut self,
        request: &AttendanceRequest,
        now: NaiveDateTime,
    ) -> Result<StoredRequest> {
        let tx = self.sql().begin()?;
        role_of(*tx, &request.staff_id)?;
        refuse_locked_span(*tx, request.from, request.to, "请假/外出/加班申请")?;
        if request.to <= request.from || request.reason.trim().is_empty() {
            return Err(StorageError::Refused(
                "申请的结束时间必须晚于开始时间，并写明事由".into(),
            ));
        }
        let id = insert_request(*tx, request, request.decided_at, now)?;
        tx.commit()?;
        Ok(StoredRequest {
            id,
            request: request.clone(),
            created_at: now,
        })
    }

    /// Imports requests (a file of DingTalk's approvals): all in one transaction or none;
    /// a request already here (same person, kind, start and end) is not added again.
    pub fn import_requests(
        &mut self,
        requests: &[AttendanceRequest],
        now: NaiveDateTime,
    ) -> Result<RequestImportSummary> {
        let tx = self.sql().begin()?;
        let mut summary = RequestImportSummary::default();
        for request in requests {
            role_of(*tx, &request.staff_id)?;
            refuse_locked_span(*tx, request.from, request.to, "请假/外出/加班申请")?;
            let exists: bool = tx.one(
                "SELECT EXISTS (SELECT 1 FROM attendance_requests
                 WHERE staff_id = ?1 AND kind = ?2 AND from_at = ?3 AND to_at = ?4)",
                args![
                    request.staff_id,
                    request.kind.label(),
                    time_text(request.from),
                    time_text(request.to)
                ],
            )?;
            if exists {
                summary.skipped += 1;
                continue;
            }
            insert_request(*tx, request, request.decided_at.or(Some(now)), now)?;
            summary.added += 1;
        }
        tx.commit()?;
        Ok(summary)
    }

    /// Approves (`approve`) or rejects a request: by a supervisor, not their own; a
    /// decision may be changed until the month is locked.
    pub fn decide_request(
        &mut self,
        id: i64,
        approve: bool,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<StoredRequest> {
        let tx = self.sql().begin()?;
        let stored = query_requests(*tx, "id = ?1", args![id])?
            .pop()
            .ok_or_else(|| StorageError::NotFound("找不到该申请".into()))?;
        require_supervisor(*tx, by, "审批请假、外出和加班")?;
        refuse_locked_span(
            *tx,
            stored.request.from,
            stored.request.to,
            "请假/外出/加班申请",
        )?;
        let decided = stored
            .request
            .decided(approve, by, now)
            .map_err(|e| refused(&e))?;
        tx.execute(
            "UPDATE attendance_requests SET status = ?2, decided_by = ?3, decided_at = ?4
             WHERE id = ?1",
            args![
                id,
                decided.status.label(),
                decided.decided_by,
                decided.decided_at.map(time_text)
            ],
        )?;
        tx.commit()?;
        Ok(StoredRequest {
            request: decided,
            ..stored
        })
    }

    /// Every request overlapping the days `from..=to`, of any status, by start.
    pub fn requests_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<StoredRequest>> {
        let start = format!("{} 00:00:00", day_text(from));
        let end = format!("{} 00:00:00", day_text(to.succ_opt().unwrap_or(to)));
        query_requests(self.sql(), "from_at < ?2 AND to_at > ?1", args![start, end])
    }

    /// The requests waiting for a decision (待批), by start.
    pub fn pending_requests(&self) -> Result<Vec<StoredRequest>> {
        query_requests(
            self.sql(),
            "status = ?1",
            args![RequestStatus::Pending.label()],
        )
    }

    // Appeals (申诉).

    /// A clerk's appeal of a stored event (entered, imported, or frozen at lock): their
    /// own, a deduction, within 5 working days of the event's date, once, in an open
    /// month. Returns the appeal's id.
    pub fn appeal_event(
        &mut self,
        event_id: i64,
        by: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        let tx = self.sql().begin()?;
        let row: Option<EventRow> = tx.query_opt(
            "SELECT staff_id, day, code, quantity, waybill_number, note, source, evidence_key
                 FROM point_events WHERE id = ?1",
            args![event_id],
            Row::read,
        )?;
        let (staff_id, day, code, quantity, waybill_number, note, source, evidence_key) =
            row.ok_or_else(|| StorageError::NotFound("找不到该扣分事件".into()))?;
        let event = PointEvent {
            staff_id,
            day: parse_day(&day)?,
            code: parse_code(&code)?,
            quantity,
            waybill_number,
            note,
            source: EventSource::from_label(&source)
                .ok_or_else(|| StorageError::Corrupt(format!("事件来源「{source}」无法识别")))?,
            charge_yuan: None,
        };
        // A detection frozen at lock may have been appealed while the month was open.
        let earlier = tx
            .query_opt(
                "SELECT outcome FROM appeals WHERE event_id = ?1
                 OR (event_id IS NULL AND ?2 <> '' AND code = ?3 AND evidence_key = ?2)",
                args![event_id, evidence_key, code],
                |r| r.get::<Option<String>>(0),
            )?
            .map(|outcome| appeal_status(outcome.as_deref()));
        let id = insert_appeal(*tx, &event, Some(event_id), "", earlier, by, reason, now)?;
        tx.commit()?;
        Ok(id)
    }

    /// A clerk's appeal of a detection of an open month, on the same terms as
    /// [`Db::appeal_event`]. Returns the appeal's id.
    pub fn appeal_detection(
        &mut self,
        found: &DetectedEvent,
        by: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        let tx = self.sql().begin()?;
        let earlier = tx
            .query_opt(
                "SELECT outcome FROM appeals
                 WHERE event_id IS NULL AND code = ?1 AND evidence_key = ?2",
                args![found.event.code.code(), found.evidence_key],
                |r| r.get::<Option<String>>(0),
            )?
            .map(|outcome| appeal_status(outcome.as_deref()));
        let id = insert_appeal(
            *tx,
            &found.event,
            None,
            &found.evidence_key,
            earlier,
            by,
            reason,
            now,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The supervisor upholds (维持) or withdraws (撤销) an appeal, with a reason; a
    /// withdrawn event no longer counts. Refused when decided already, by the appellant,
    /// by someone not a supervisor, and in a locked month.
    pub fn decide_appeal(
        &mut self,
        appeal_id: i64,
        outcome: AppealOutcome,
        reason: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<Appeal> {
        let tx = self.sql().begin()?;
        let appeal = tx
            .query_opt(
                &format!("SELECT {APPEAL_COLUMNS} FROM appeals WHERE id = ?1"),
                args![appeal_id],
                appeal_row,
            )?
            .map(appeal_from_row)
            .transpose()?
            .ok_or_else(|| StorageError::NotFound("找不到该申诉".into()))?;
        check_appeal_decision(&appeal, by, reason).map_err(|e| refused(&e))?;
        require_supervisor(*tx, by, "处理申诉")?;
        let month = Month::of(appeal.day);
        if locked_months(*tx)?.contains(&month) {
            return Err(locked_refusal(month, "申诉"));
        }
        let decision = AppealDecision {
            outcome,
            reason: reason.trim().to_owned(),
            decided_by: by.trim().to_owned(),
            decided_at: now,
        };
        tx.execute(
            "UPDATE appeals SET outcome = ?2, outcome_reason = ?3, decided_by = ?4, decided_at = ?5
             WHERE id = ?1",
            args![
                appeal_id,
                outcome.label(),
                decision.reason,
                decision.decided_by,
                time_text(now)
            ],
        )?;
        tx.commit()?;
        Ok(Appeal {
            decision: Some(decision),
            ..appeal
        })
    }

    /// The appeals of events of `month`, by event date.
    pub fn appeals(&self, month: Month) -> Result<Vec<Appeal>> {
        let rows = self.sql().query_map(&format!(
            "SELECT {APPEAL_COLUMNS} FROM appeals WHERE day >= ?1 AND day <= ?2 ORDER BY day, id"
        ),
            args![day_text(month.first_day()), day_text(month.last_day())],
            appeal_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(appeal_from_row(row)?);
        }
        Ok(out)
    }

    // Shift handovers (上下班工作交接).
}

/// Writes `request` as it stands, decided at `decided_at` (if decided), received `now`.
fn insert_request(
    conn: crate::storage::sql::Conn<'_>,
    request: &AttendanceRequest,
    decided_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<i64> {
    Ok(conn.insert(
        "INSERT INTO attendance_requests
             (staff_id, kind, from_at, to_at, reason, status, decided_by, decided_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        args![
            request.staff_id,
            request.kind.label(),
            time_text(request.from),
            time_text(request.to),
            request.reason.trim(),
            request.status.label(),
            request.decided_by,
            decided_at.map(time_text),
            time_text(now),
        ],
    )?)
}
