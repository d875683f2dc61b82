//! People in the database: the staff list with dates and salary, clock-in records,
//! point events, the rules table's overrides, the attendance settings, dismissed
//! detections, signed-off (locked) months, and the monthly review computed from them;
//! leave/outing/overtime requests and appeals (refused, like the rest, in a locked
//! month), shift handovers, departures, and the on-duty check with the supervisor's
//! overrides.
//!
//! Imports write all their rows in one transaction or nothing. A locked month refuses
//! every change to what its review is made of (clock-in records, events, dismissals):
//! checked here with a Chinese message, and again by triggers of migration 2. Locking
//! freezes the month: its detected events are stored as rows, and the rules, attendance
//! settings and staff list of that moment are kept with the lock, so the signed review
//! never changes afterwards.

#[cfg(test)]
mod charge_tests;
mod charges;
mod duty;
mod handovers;
#[cfg(test)]
mod request_tests;
mod requests;
mod review;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::sql::{Conn, NO_ARGS, Param, Row, args};
use super::{Result, StorageError, parse_time, time_text};
use crate::domain::desk::waybill::{PaymentMethod, WaybillStatus};
use crate::domain::money::from_fen;
use crate::domain::people::attendance::{
    AttendanceSettings, DutyOverride, Handover, HandoverNotes, HandoverSummary, PaymentTotal,
    Punch, ShiftError, ShiftKey, ShiftKind, handover_window,
};
use crate::domain::people::points::{DetectedEvent, EventCode, EventSource, PointEvent, Rule};
use crate::domain::people::requests::{
    Appeal, AppealDecision, AppealOutcome, AppealTarget, AttendanceRequest, RequestError,
    RequestKind, RequestStatus, check_appeal,
};
use crate::domain::people::{Month, Role};

/// What a staff import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StaffImportSummary {
    /// New 工号.
    pub added: usize,
    /// Existing 工号 updated.
    pub updated: usize,
}

/// What a clock-in import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PunchImportSummary {
    /// Records not there before.
    pub added: usize,
    /// Records whose punches changed (the newer file wins).
    pub changed: usize,
    /// Records already there with the same punches.
    pub unchanged: usize,
}

/// How a clock-in record compares with the one stored for its person, day and shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PunchChange {
    /// Not stored yet.
    New,
    /// Stored with other punches.
    Changed,
    /// Stored exactly so.
    Same,
}

/// A stored point event with its row id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    /// Row id, to remove it.
    pub id: i64,
    /// The event.
    pub event: PointEvent,
    /// When it was recorded.
    pub created_at: NaiveDateTime,
    /// The file kept as its evidence (附件), as stored: relative to the database's
    /// folder (see [`crate::storage::Db::attachment_file`]); `None` without one.
    pub attachment: Option<String>,
}

/// A detected event the supervisor dismissed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dismissal {
    /// The rule of the detection.
    pub rule: Rule,
    /// The detection's evidence key (e.g. the waybill number).
    pub evidence_key: String,
    /// Why it does not count.
    pub reason: String,
    /// 工号 of who dismissed it.
    pub dismissed_by: String,
    /// When.
    pub dismissed_at: NaiveDateTime,
}

/// A detection with its dismissal and appeal, if any: what the review screen lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// What the detector found.
    pub found: DetectedEvent,
    /// Set when dismissed; the event then does not count.
    pub dismissal: Option<Dismissal>,
    /// The clerk's appeal, if any; a withdrawn (撤销) one means the event does not count.
    pub appeal: Option<Appeal>,
}

impl Detection {
    /// Whether it counts in the review: neither dismissed nor withdrawn on appeal.
    #[must_use]
    pub fn counts(&self) -> bool {
        self.dismissal.is_none() && !self.appeal.as_ref().is_some_and(Appeal::is_withdrawn)
    }
}

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn parse_day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StorageError::Corrupt(format!("日期「{text}」格式不对")))
}

fn clock_text(time: Option<NaiveTime>) -> Option<String> {
    time.map(|t| t.format("%H:%M").to_string())
}

fn parse_clock(text: Option<String>) -> Result<Option<NaiveTime>> {
    text.map(|t| {
        NaiveTime::parse_from_str(&t, "%H:%M")
            .map_err(|_| StorageError::Corrupt(format!("打卡时间「{t}」格式不对")))
    })
    .transpose()
}

fn parse_shift(text: &str) -> Result<ShiftKind> {
    ShiftKind::from_label(text)
        .ok_or_else(|| StorageError::Corrupt(format!("班次「{text}」无法识别")))
}

fn parse_code(text: &str) -> Result<EventCode> {
    EventCode::from_code(text)
        .ok_or_else(|| StorageError::Corrupt(format!("规则「{text}」无法识别")))
}

fn locked_refusal(month: Month, what: &str) -> StorageError {
    StorageError::Refused(format!(
        "{month} 的考核已锁定（已签字确认），不能再改动{what}"
    ))
}

fn json_corrupt(what: &str, error: &serde_json::Error) -> StorageError {
    StorageError::Corrupt(format!("{what}无法读取：{error}"))
}

/// What a requests import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestImportSummary {
    /// Requests added.
    pub added: usize,
    /// Rows already here from an earlier import.
    pub skipped: usize,
}

/// A stored leave, outing or overtime request with its row id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRequest {
    /// Row id, to decide it.
    pub id: i64,
    /// The request.
    pub request: AttendanceRequest,
    /// When it was entered.
    pub created_at: NaiveDateTime,
}

/// A stored supervisor override of the on-duty rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOverride {
    /// Row id.
    pub id: i64,
    /// The override.
    pub grant: DutyOverride,
}

fn refused(error: &impl std::fmt::Display) -> StorageError {
    StorageError::Refused(error.to_string())
}

fn parse_at(text: Option<&str>) -> Result<Option<NaiveDateTime>> {
    text.map(parse_time).transpose()
}

/// The 岗位 of `staff_id`; `NotFound` when not on the staff list.
fn role_of(conn: Conn<'_>, staff_id: &str) -> Result<Role> {
    let role: Option<String> = conn.value(
        "SELECT role FROM staff WHERE id = ?1",
        args![staff_id.trim()],
    )?;
    let role =
        role.ok_or_else(|| StorageError::NotFound(format!("工号 {staff_id} 不在员工名单中")))?;
    Role::from_label(&role)
        .ok_or_else(|| StorageError::Corrupt(format!("工号 {staff_id} 的岗位「{role}」无法识别")))
}

/// Refuses unless `by` is a supervisor (主管).
fn require_supervisor(conn: Conn<'_>, by: &str, what: &str) -> Result<()> {
    if role_of(conn, by)? == Role::Supervisor {
        Ok(())
    } else {
        Err(StorageError::Refused(format!("只有主管可以{what}")))
    }
}

/// Refuses when any month from `from` to `to` is locked.
fn refuse_locked_span(
    conn: Conn<'_>,
    from: NaiveDateTime,
    to: NaiveDateTime,
    what: &str,
) -> Result<()> {
    let (first, last) = (Month::of(from.date()), Month::of(to.date()));
    if let Some(month) = locked_months(conn)?
        .into_iter()
        .find(|m| first <= *m && *m <= last)
    {
        return Err(locked_refusal(month, what));
    }
    Ok(())
}

const REQUEST_COLUMNS: &str =
    "id, staff_id, kind, from_at, to_at, reason, status, decided_by, decided_at, created_at";

fn request_row(r: &Row) -> super::sql::Result<[Option<String>; 10]> {
    Ok([
        Some(r.get::<i64>(0)?.to_string()),
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ])
}

fn stored_request(row: [Option<String>; 10]) -> Result<StoredRequest> {
    let [
        id,
        staff_id,
        kind,
        from,
        to,
        reason,
        status,
        decided_by,
        decided_at,
        created_at,
    ] = row;
    let text = |v: Option<String>| v.unwrap_or_default();
    let kind = text(kind);
    let status = text(status);
    Ok(StoredRequest {
        id: text(id)
            .parse()
            .map_err(|_| StorageError::Corrupt("申请编号无法读取".into()))?,
        request: AttendanceRequest {
            staff_id: text(staff_id),
            kind: RequestKind::from_label(&kind)
                .ok_or_else(|| StorageError::Corrupt(format!("申请类别「{kind}」无法识别")))?,
            from: parse_time(&text(from))?,
            to: parse_time(&text(to))?,
            reason: text(reason),
            status: RequestStatus::from_label(&status)
                .ok_or_else(|| StorageError::Corrupt(format!("申请状态「{status}」无法识别")))?,
            decided_by,
            decided_at: parse_at(decided_at.as_deref())?,
        },
        created_at: parse_time(&text(created_at))?,
    })
}

fn query_requests(
    conn: Conn<'_>,
    filter: &str,
    values: &[&dyn Param],
) -> Result<Vec<StoredRequest>> {
    let rows = conn.query_map(
        &format!(
            "SELECT {REQUEST_COLUMNS} FROM attendance_requests WHERE {filter} ORDER BY from_at, id"
        ),
        values,
        request_row,
    )?;
    let mut out = Vec::new();
    for row in rows {
        out.push(stored_request(row)?);
    }
    Ok(out)
}

/// A point event's row: 工号, day, code, 数量, 单号, 说明, source, evidence key.
type EventRow = (String, String, String, u32, String, String, String, String);

/// 待处理, 维持 or 撤销 of a stored appeal's outcome.
fn appeal_status(outcome: Option<&str>) -> &'static str {
    outcome
        .and_then(AppealOutcome::from_label)
        .map_or("待处理", AppealOutcome::label)
}

const APPEAL_COLUMNS: &str = "id, staff_id, event_id, code, evidence_key, day, reason, filed_at, \
                              outcome, outcome_reason, decided_by, decided_at";

type AppealRow = (
    i64,
    String,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

fn appeal_row(r: &Row) -> super::sql::Result<AppealRow> {
    r.read()
}

fn appeal_from_row(row: AppealRow) -> Result<Appeal> {
    let (
        id,
        staff_id,
        event_id,
        code,
        evidence_key,
        day,
        reason,
        filed_at,
        outcome,
        outcome_reason,
        decided_by,
        decided_at,
    ) = row;
    let code = parse_code(&code)?;
    let target = match (event_id, code) {
        (Some(id), _) => AppealTarget::Event(id),
        (None, EventCode::Rule(rule)) => AppealTarget::Detection { rule, evidence_key },
        (None, EventCode::LeftPost) => {
            return Err(StorageError::Corrupt(format!("申诉 {id} 的对象无法识别")));
        }
    };
    let decision = match (outcome, decided_by, decided_at) {
        (Some(outcome), Some(decided_by), Some(decided_at)) => Some(AppealDecision {
            outcome: AppealOutcome::from_label(&outcome)
                .ok_or_else(|| StorageError::Corrupt(format!("申诉结果「{outcome}」无法识别")))?,
            reason: outcome_reason,
            decided_by,
            decided_at: parse_time(&decided_at)?,
        }),
        _ => None,
    };
    Ok(Appeal {
        id,
        staff_id,
        target,
        code,
        day: parse_day(&day)?,
        reason,
        filed_at: parse_time(&filed_at)?,
        decision,
    })
}

/// The handover table's columns of each payment method: (count, fen).
fn payment_columns(payment: PaymentMethod) -> (&'static str, &'static str) {
    match payment {
        PaymentMethod::PayNow => ("pay_now_count", "pay_now_fen"),
        PaymentMethod::Collect => ("collect_count", "collect_fen"),
        PaymentMethod::Monthly => ("monthly_count", "monthly_fen"),
        PaymentMethod::OnReceipt => ("on_receipt_count", "on_receipt_fen"),
        PaymentMethod::CodDeduct => ("cod_deduct_count", "cod_deduct_fen"),
    }
}

fn handover_columns() -> String {
    let figures: Vec<String> = PaymentMethod::ALL
        .iter()
        .map(|&p| {
            let (count, fen) = payment_columns(p);
            format!("{count}, {fen}")
        })
        .collect();
    format!(
        "id, staff_id, day, shift, window_from, window_to, {}, open_problems, \
         open_notifications, stock_note, recorded_at, accepted_by, accepted_at",
        figures.join(", ")
    )
}

fn handover_from_row(r: &Row) -> Result<Handover> {
    let key = ShiftKey {
        staff_id: r.get(1)?,
        day: parse_day(&r.get::<String>(2)?)?,
        shift: parse_shift(&r.get::<String>(3)?)?,
    };
    let mut column = 6;
    let mut by_payment = Vec::new();
    for &payment in PaymentMethod::ALL {
        by_payment.push(PaymentTotal {
            payment,
            waybills: r.get(column)?,
            total_yuan: from_fen(r.get(column + 1)?),
        });
        column += 2;
    }
    Ok(Handover {
        id: r.get(0)?,
        summary: HandoverSummary {
            key,
            from: parse_time(&r.get::<String>(4)?)?,
            to: parse_time(&r.get::<String>(5)?)?,
            by_payment,
        },
        notes: HandoverNotes {
            open_problems: r.get(column)?,
            open_notifications: r.get(column + 1)?,
            stock_note: r.get(column + 2)?,
        },
        recorded_at: parse_time(&r.get::<String>(column + 3)?)?,
        accepted_by: r.get(column + 4)?,
        accepted_at: parse_at(r.get::<Option<String>>(column + 5)?.as_deref())?,
    })
}

fn query_handovers(conn: Conn<'_>, filter: &str, values: &[&dyn Param]) -> Result<Vec<Handover>> {
    let rows = conn.rows(
        &format!(
            "SELECT {} FROM handovers WHERE {filter} ORDER BY day, shift, staff_id",
            handover_columns()
        ),
        values,
    )?;
    let mut out = Vec::new();
    for row in rows {
        out.push(handover_from_row(&row)?);
    }
    Ok(out)
}

fn punch_of(conn: Conn<'_>, key: &ShiftKey) -> Result<Option<Punch>> {
    let stored: Option<(Option<String>, Option<String>)> = conn.query_opt(
        "SELECT clock_in, clock_out FROM punches WHERE staff_id = ?1 AND day = ?2 AND shift = ?3",
        args![key.staff_id, day_text(key.day), key.shift.label()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    stored
        .map(|(clock_in, clock_out)| {
            Ok(Punch {
                staff_id: key.staff_id.clone(),
                day: key.day,
                shift: key.shift,
                clock_in: parse_clock(clock_in)?,
                clock_out: parse_clock(clock_out)?,
            })
        })
        .transpose()
}

fn handover_summary(
    conn: Conn<'_>,
    key: &ShiftKey,
    settings: &AttendanceSettings,
) -> Result<HandoverSummary> {
    let punch = punch_of(conn, key)?;
    let (from, to) = handover_window(settings, key, punch.as_ref())
        .ok_or_else(|| refused(&ShiftError::NotAWorkedShift))?;
    let rows = conn.query_map(
        "SELECT payment, total_fen FROM waybills
         WHERE clerk_id = ?1 AND issued_at >= ?2 AND issued_at < ?3 AND status <> ?4",
        args![
            key.staff_id,
            time_text(from),
            time_text(to),
            WaybillStatus::Void.label()
        ],
        Row::read::<(String, i64)>,
    )?;
    let mut waybills = Vec::new();
    for row in rows {
        let (payment, total) = row;
        let payment = PaymentMethod::from_label(&payment)
            .ok_or_else(|| StorageError::Corrupt(format!("付款方式「{payment}」无法识别")))?;
        waybills.push((payment, from_fen(total)));
    }
    Ok(HandoverSummary::new(key.clone(), (from, to), &waybills))
}

/// Checks and stores an appeal of `event` (stored as `event_id`, or a detection with
/// `evidence_key`); `earlier` is the status of an earlier appeal of it, if any.
#[allow(
    clippy::too_many_arguments,
    reason = "the parts of one appeal, checked together"
)]
fn insert_appeal(
    tx: Conn<'_>,
    event: &PointEvent,
    event_id: Option<i64>,
    evidence_key: &str,
    earlier: Option<&'static str>,
    by: &str,
    reason: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    let month = Month::of(event.day);
    if locked_months(tx)?.contains(&month) {
        return Err(locked_refusal(month, "申诉"));
    }
    check_appeal(event, by, reason, now.date()).map_err(|e| refused(&e))?;
    if let Some(status) = earlier {
        return Err(refused(&RequestError::AlreadyAppealed(status)));
    }
    Ok(tx.insert(
        "INSERT INTO appeals (staff_id, event_id, code, evidence_key, day, reason, filed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        args![
            event.staff_id,
            event_id,
            event.code.code(),
            evidence_key,
            day_text(event.day),
            reason.trim(),
            time_text(now),
        ],
    )?)
}

fn locked_months(conn: Conn<'_>) -> Result<BTreeSet<Month>> {
    let rows = conn.query_map("SELECT month FROM month_locks", NO_ARGS, |r| {
        r.get::<String>(0)
    })?;
    let mut out = BTreeSet::new();
    for row in rows {
        let text = row;
        out.insert(
            text.parse()
                .map_err(|_| StorageError::Corrupt(format!("锁定月份「{text}」格式不对")))?,
        );
    }
    Ok(out)
}

fn punch_change(conn: Conn<'_>, punch: &Punch) -> Result<PunchChange> {
    let stored: Option<(Option<String>, Option<String>)> = conn.query_opt(
        "SELECT clock_in, clock_out FROM punches WHERE staff_id = ?1 AND day = ?2 AND shift = ?3",
        args![punch.staff_id, day_text(punch.day), punch.shift.label()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match stored {
        None => PunchChange::New,
        Some((clock_in, clock_out))
            if clock_in == clock_text(punch.clock_in)
                && clock_out == clock_text(punch.clock_out) =>
        {
            PunchChange::Same
        }
        Some(_) => PunchChange::Changed,
    })
}

/// How many events exactly like `event` earlier imports stored.
fn imported_count(conn: Conn<'_>, event: &PointEvent) -> Result<usize> {
    let count: i64 = conn.one(
        "SELECT COUNT(*) FROM point_events WHERE source = ?1 AND staff_id = ?2
             AND day = ?3 AND code = ?4 AND quantity = ?5 AND waybill_number = ?6
             AND note = ?7",
        args![
            EventSource::Import.label(),
            event.staff_id,
            day_text(event.day),
            event.code.code(),
            event.quantity,
            event.waybill_number,
            event.note,
        ],
    )?;
    Ok(usize::try_from(count).unwrap_or(0))
}

fn insert_event(
    tx: Conn<'_>,
    event: &PointEvent,
    evidence_key: &str,
    attachment: Option<&str>,
    now: NaiveDateTime,
) -> Result<i64> {
    Ok(tx.insert("INSERT INTO point_events (staff_id, day, code, quantity, waybill_number, note, source, evidence_key, created_at, attachment, charge_fen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", args![
        event.staff_id,
        day_text(event.day),
        event.code.code(),
        event.quantity,
        event.waybill_number,
        event.note,
        event.source.label(),
        evidence_key,
        time_text(now),
        attachment,
        event.charge_yuan.map(crate::domain::money::to_fen),
    ])?)
}
