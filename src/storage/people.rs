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

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::sql::{Conn, NO_ARGS, Param, Row, args};
use super::{Db, Result, StorageError, parse_time, time_text};
use crate::domain::attendance::{
    AttendanceSettings, DutyOverride, Handover, HandoverNotes, HandoverSummary, OnDuty,
    PaymentTotal, Punch, ShiftError, ShiftKey, ShiftKind, duty_status, handover_window,
};
use crate::domain::money::{from_fen, to_fen};
use crate::domain::people::{Departure, DepartureKind, Month, Role, Staff};
use crate::domain::points::{
    DetectedEvent, EventCode, EventSource, MonthRecords, PointEvent, Rule, RuleOverride, RuleTable,
    WaybillFacts, WorkedShift, detect_all,
};
use crate::domain::requests::{
    Appeal, AppealDecision, AppealOutcome, AppealTarget, AttendanceRequest, RequestError,
    RequestKind, RequestStatus, check_appeal, check_appeal_decision,
};
use crate::domain::review::{MonthReview, ReviewInputs, review_month};
use crate::domain::waybill::{PaymentMethod, WaybillStatus};

/// The settings key of the attendance settings.
const ATTENDANCE_KEY: &str = "attendance";

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
    /// folder (see [`Db::attachment_file`]); `None` without one.
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

impl Db {
    /// Everyone with dates and salary, in 工号 order.
    pub fn staff_records(&self) -> Result<Vec<Staff>> {
        let rows = self.sql().query_map(
            "SELECT id, name, role, joined_on, left_on, base_salary_fen FROM staff ORDER BY id",
            NO_ARGS,
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<Option<String>>(3)?,
                    r.get::<Option<String>>(4)?,
                    r.get::<i64>(5)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, role, joined, left, salary_fen) = row;
            let role = Role::from_label(&role).ok_or_else(|| {
                StorageError::Corrupt(format!("工号 {id} 的岗位「{role}」无法识别"))
            })?;
            out.push(Staff {
                id,
                name,
                role,
                joined_on: joined.as_deref().map(parse_day).transpose()?,
                left_on: left.as_deref().map(parse_day).transpose()?,
                base_salary_yuan: from_fen(salary_fen),
            });
        }
        Ok(out)
    }

    /// Adds or updates (by 工号) every record, in one transaction.
    pub fn import_staff(&mut self, staff: &[Staff]) -> Result<StaffImportSummary> {
        let tx = self.sql().begin()?;
        let mut summary = StaffImportSummary::default();
        for person in staff {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM staff WHERE id = ?1)",
                args![&person.id],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO staff (id, name, role, joined_on, left_on, base_salary_fen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role,
                     joined_on = excluded.joined_on, left_on = excluded.left_on,
                     base_salary_fen = excluded.base_salary_fen",
                args![
                    person.id,
                    person.name,
                    person.role.label(),
                    person.joined_on.map(day_text),
                    person.left_on.map(day_text),
                    to_fen(person.base_salary_yuan),
                ],
            )?;
            if exists {
                summary.updated += 1;
            } else {
                summary.added += 1;
            }
        }
        tx.commit()?;
        Ok(summary)
    }

    /// How `punch` compares with the record stored for its person, day and shift.
    pub fn punch_change(&self, punch: &Punch) -> Result<PunchChange> {
        punch_change(self.sql(), punch)
    }

    /// The clock-in records of the days `from..=to`, by person, day and shift.
    pub fn punches_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Punch>> {
        let rows = self.sql().query_map(
            "SELECT staff_id, day, shift, clock_in, clock_out FROM punches
             WHERE day >= ?1 AND day <= ?2 ORDER BY staff_id, day, shift",
            args![day_text(from), day_text(to)],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<Option<String>>(3)?,
                    r.get::<Option<String>>(4)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (staff_id, day, shift, clock_in, clock_out) = row;
            out.push(Punch {
                staff_id,
                day: parse_day(&day)?,
                shift: parse_shift(&shift)?,
                clock_in: parse_clock(clock_in)?,
                clock_out: parse_clock(clock_out)?,
            });
        }
        Ok(out)
    }

    /// Writes clock-in records in one transaction: new ones are added, ones with other
    /// punches are updated (the newer export wins, e.g. after a 补卡), the same ones
    /// change nothing. A new or changed record in a locked month refuses the whole import.
    pub fn import_punches(&mut self, punches: &[Punch]) -> Result<PunchImportSummary> {
        let tx = self.sql().begin()?;
        let locked = locked_months(*tx)?;
        let mut summary = PunchImportSummary::default();
        for punch in punches {
            let change = punch_change(*tx, punch)?;
            if change != PunchChange::Same && locked.contains(&Month::of(punch.day)) {
                return Err(locked_refusal(Month::of(punch.day), "打卡记录"));
            }
            let values = args![
                punch.staff_id,
                day_text(punch.day),
                punch.shift.label(),
                clock_text(punch.clock_in),
                clock_text(punch.clock_out),
            ];
            match change {
                PunchChange::Same => summary.unchanged += 1,
                PunchChange::New => {
                    tx.execute(
                        "INSERT INTO punches (staff_id, day, shift, clock_in, clock_out)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        values,
                    )?;
                    summary.added += 1;
                }
                PunchChange::Changed => {
                    tx.execute(
                        "UPDATE punches SET clock_in = ?4, clock_out = ?5
                         WHERE staff_id = ?1 AND day = ?2 AND shift = ?3",
                        values,
                    )?;
                    summary.changed += 1;
                }
            }
        }
        tx.commit()?;
        Ok(summary)
    }

    /// The stored events of `month`, in day order.
    pub fn point_events(&self, month: Month) -> Result<Vec<StoredEvent>> {
        let rows = self.sql().query_map(
            "SELECT id, staff_id, day, code, quantity, waybill_number, note, source, created_at,
                    attachment
             FROM point_events WHERE day >= ?1 AND day <= ?2 ORDER BY day, id",
            args![day_text(month.first_day()), day_text(month.last_day())],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                    r.get::<u32>(4)?,
                    r.get::<String>(5)?,
                    r.get::<String>(6)?,
                    r.get::<String>(7)?,
                    r.get::<String>(8)?,
                    r.get::<Option<String>>(9)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                staff_id,
                day,
                code,
                quantity,
                waybill_number,
                note,
                source,
                created_at,
                attachment,
            ) = row;
            let source = EventSource::from_label(&source)
                .ok_or_else(|| StorageError::Corrupt(format!("事件来源「{source}」无法识别")))?;
            out.push(StoredEvent {
                id,
                event: PointEvent {
                    staff_id,
                    day: parse_day(&day)?,
                    code: parse_code(&code)?,
                    quantity,
                    waybill_number,
                    note,
                    source,
                },
                created_at: parse_time(&created_at)?,
                attachment,
            });
        }
        Ok(out)
    }

    /// How many events exactly like `event` (person, day, rule, 数量, 单号, 说明) came
    /// from earlier imports: an events file imported twice adds nothing the second time.
    pub fn imported_event_count(&self, event: &PointEvent) -> Result<usize> {
        imported_count(self.sql(), event)
    }

    /// Imports the events of a file (every row, in file order) in one transaction, and
    /// under its lock counts what earlier imports stored: the k-th row exactly like an
    /// event is added only when fewer than k are stored. Two imports of one file at once
    /// store it once. Refused when an event to add falls in a locked month. Returns
    /// (added, skipped).
    pub fn import_point_events(
        &mut self,
        events: &[PointEvent],
        now: NaiveDateTime,
    ) -> Result<(usize, usize)> {
        let tx = self.sql().begin()?;
        let locked = locked_months(*tx)?;
        // Stored counts are read before this import writes any.
        let mut stored: std::collections::HashMap<&PointEvent, usize> =
            std::collections::HashMap::new();
        for event in events {
            if !stored.contains_key(event) {
                stored.insert(event, imported_count(*tx, event)?);
            }
        }
        let mut seen: std::collections::HashMap<&PointEvent, usize> =
            std::collections::HashMap::new();
        let (mut added, mut skipped) = (0, 0);
        for event in events {
            let occurrence = seen.entry(event).or_default();
            *occurrence += 1;
            if *occurrence <= stored.get(event).copied().unwrap_or(0) {
                skipped += 1;
                continue;
            }
            if locked.contains(&Month::of(event.day)) {
                return Err(locked_refusal(Month::of(event.day), "扣分事件"));
            }
            insert_event(*tx, event, "", None, now)?;
            added += 1;
        }
        tx.commit()?;
        Ok((added, skipped))
    }

    /// Adds events (entered or imported) in one transaction; refused when any falls in
    /// a locked month.
    pub fn add_point_events(&mut self, events: &[PointEvent], now: NaiveDateTime) -> Result<usize> {
        let tx = self.sql().begin()?;
        let locked = locked_months(*tx)?;
        for event in events {
            if locked.contains(&Month::of(event.day)) {
                return Err(locked_refusal(Month::of(event.day), "扣分事件"));
            }
            insert_event(*tx, event, "", None, now)?;
        }
        tx.commit()?;
        Ok(events.len())
    }

    /// Adds one event the supervisor entered, with `attachment` (a photo, a recording …)
    /// as its evidence: the file is copied into the attachments folder next to the
    /// database (see [`Db::attachments_dir`]) and the copy's path stored on the event.
    /// Refused in a locked month, and for an in-memory database when there is an
    /// attachment. Returns the event's row id.
    pub fn add_point_event_with_attachment(
        &mut self,
        event: &PointEvent,
        attachment: Option<&std::path::Path>,
        now: NaiveDateTime,
    ) -> Result<i64> {
        let month = Month::of(event.day);
        if locked_months(self.sql())?.contains(&month) {
            return Err(locked_refusal(month, "扣分事件"));
        }
        let kept = attachment.map(|a| self.keep_attachment(a)).transpose()?;
        let stored = kept.as_ref().map(|(path, _)| path.as_str());
        let written = (|| -> Result<i64> {
            let tx = self.sql().begin()?;
            let id = insert_event(*tx, event, "", stored, now)?;
            tx.commit()?;
            Ok(id)
        })();
        if written.is_err()
            && let Some((path, true)) = &kept
        {
            self.drop_attachment(path);
        }
        written
    }

    /// Removes an entered or imported event; refused in a locked month.
    pub fn remove_point_event(&mut self, id: i64) -> Result<()> {
        let tx = self.sql().begin()?;
        let day: Option<String> = tx.query_opt(
            "SELECT day FROM point_events WHERE id = ?1",
            args![id],
            |r| r.get(0),
        )?;
        let day =
            parse_day(&day.ok_or_else(|| StorageError::NotFound("找不到该扣分事件".into()))?)?;
        if locked_months(*tx)?.contains(&Month::of(day)) {
            return Err(locked_refusal(Month::of(day), "扣分事件"));
        }
        tx.execute("DELETE FROM point_events WHERE id = ?1", args![id])?;
        tx.commit()?;
        Ok(())
    }

    /// The supervisor's changes to the rules table.
    pub fn rule_overrides(&self) -> Result<BTreeMap<Rule, RuleOverride>> {
        let rows = self.sql().query_map(
            "SELECT code, wording, points FROM rule_overrides",
            NO_ARGS,
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<Option<String>>(1)?,
                    r.get::<Option<i64>>(2)?,
                ))
            },
        )?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (code, wording, points) = row;
            let rule = Rule::from_code(&code)
                .ok_or_else(|| StorageError::Corrupt(format!("规则「{code}」无法识别")))?;
            out.insert(rule, RuleOverride { wording, points });
        }
        Ok(out)
    }

    /// Saves the supervisor's change to one rule; an override with neither wording nor
    /// points restores the company default.
    pub fn save_rule_override(&self, rule: Rule, change: &RuleOverride) -> Result<()> {
        let wording = change
            .wording
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty());
        if wording.is_none() && change.points.is_none() {
            self.sql().execute(
                "DELETE FROM rule_overrides WHERE code = ?1",
                args![rule.code()],
            )?;
        } else {
            self.sql().execute(
                "INSERT INTO rule_overrides (code, wording, points) VALUES (?1, ?2, ?3)
                 ON CONFLICT(code) DO UPDATE SET wording = excluded.wording, points = excluded.points",
                args![rule.code(), wording, change.points])?;
        }
        Ok(())
    }

    /// The rules table: company defaults with the supervisor's overrides.
    pub fn rule_table(&self) -> Result<RuleTable> {
        Ok(RuleTable::with_overrides(&self.rule_overrides()?))
    }

    /// The attendance settings, defaults where never saved.
    pub fn attendance_settings(&self) -> Result<AttendanceSettings> {
        let text: Option<String> = self.sql().query_opt(
            "SELECT value FROM settings WHERE key = ?1",
            args![ATTENDANCE_KEY],
            |r| r.get(0),
        )?;
        match text {
            None => Ok(AttendanceSettings::default()),
            Some(text) => serde_json::from_str(&text).map_err(|e| json_corrupt("考勤设置", &e)),
        }
    }

    /// Saves the attendance settings.
    pub fn save_attendance_settings(&self, settings: &AttendanceSettings) -> Result<()> {
        let text = serde_json::to_string(settings)
            .map_err(|e| StorageError::Corrupt(format!("考勤设置无法保存：{e}")))?;
        self.sql().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            args![ATTENDANCE_KEY, text],
        )?;
        Ok(())
    }

    /// The records of `month` the detectors read, as they stand at `now` (a shift still
    /// running has not missed its handover yet; a waybill's notice is late only once the
    /// hours have passed).
    pub fn month_records(&self, month: Month, now: NaiveDateTime) -> Result<MonthRecords> {
        let from = format!("{} 00:00:00", day_text(month.first_day()));
        let to = format!("{} 00:00:00", day_text(month.next().first_day()));
        let rows = self.sql().query_map(
            "SELECT number, clerk_id, issued_at, freight_fen, rate_freight_fen, short_charge_fen
             FROM waybills
             WHERE issued_at >= ?1 AND issued_at < ?2 AND status <> ?3 AND short_charge_fen > 0
             ORDER BY issued_at, number",
            args![from, to, WaybillStatus::Void.label()],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<i64>(3)?,
                    r.get::<Option<i64>>(4)?,
                    r.get::<i64>(5)?,
                ))
            },
        )?;
        let mut short_charged = Vec::new();
        for row in rows {
            let (number, clerk_id, issued_at, freight, rate, short) = row;
            short_charged.push(WaybillFacts {
                number,
                clerk_id,
                issued_at: parse_time(&issued_at)?,
                freight_yuan: from_fen(freight),
                rate_freight_yuan: rate.map(from_fen),
                short_charge_yuan: from_fen(short),
            });
        }
        let (worked_shifts, handovers, handovers_since) = self.handover_records(month, now)?;
        Ok(MonthRecords {
            month,
            short_charged,
            worked_shifts,
            handovers,
            handovers_since,
            dispatch: self.dispatch_records(month, now)?,
            service: self.service_records(month, now)?,
        })
    }

    /// What the detectors find in `month` as of the local clock: [`Self::detections_at`]
    /// now.
    pub fn detections(&self, month: Month) -> Result<Vec<Detection>> {
        self.detections_at(month, chrono::Local::now().naive_local())
    }

    /// What the detectors find in `month` as of `now`, each with its dismissal if
    /// dismissed and its appeal if appealed.
    pub fn detections_at(&self, month: Month, now: NaiveDateTime) -> Result<Vec<Detection>> {
        let dismissed = self.dismissals(month)?;
        let appeals = self.appeals(month)?;
        Ok(detect_all(&self.month_records(month, now)?)
            .into_iter()
            .map(|found| {
                let rule = match found.event.code {
                    EventCode::Rule(rule) => Some(rule),
                    EventCode::LeftPost => None,
                };
                let dismissal = dismissed
                    .iter()
                    .find(|d| Some(d.rule) == rule && d.evidence_key == found.evidence_key)
                    .cloned();
                let appeal = appeals
                    .iter()
                    .find(|a| match &a.target {
                        AppealTarget::Detection {
                            rule: appealed,
                            evidence_key,
                        } => Some(*appealed) == rule && *evidence_key == found.evidence_key,
                        AppealTarget::Event(_) => false,
                    })
                    .cloned();
                Detection {
                    found,
                    dismissal,
                    appeal,
                }
            })
            .collect())
    }

    fn dismissals(&self, month: Month) -> Result<Vec<Dismissal>> {
        let rows = self.sql().query_map(
            "SELECT code, evidence_key, reason, dismissed_by, dismissed_at FROM dismissals
             WHERE day >= ?1 AND day <= ?2",
            args![day_text(month.first_day()), day_text(month.last_day())],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                    r.get::<String>(4)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (code, evidence_key, reason, dismissed_by, at) = row;
            out.push(Dismissal {
                rule: Rule::from_code(&code)
                    .ok_or_else(|| StorageError::Corrupt(format!("规则「{code}」无法识别")))?,
                evidence_key,
                reason,
                dismissed_by,
                dismissed_at: parse_time(&at)?,
            });
        }
        Ok(out)
    }

    /// Dismisses a detected event with a reason: it no longer counts. Refused without a
    /// reason and in a locked month.
    pub fn dismiss_detection(
        &mut self,
        found: &DetectedEvent,
        reason: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StorageError::Refused(
                "请填写撤销原因：检测到的扣分只有写明原因才能撤销".into(),
            ));
        }
        let month = Month::of(found.event.day);
        let tx = self.sql().begin()?;
        if locked_months(*tx)?.contains(&month) {
            return Err(locked_refusal(month, "检测到的扣分"));
        }
        tx.execute(
            "INSERT INTO dismissals (code, evidence_key, staff_id, day, reason, dismissed_by, dismissed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(code, evidence_key) DO UPDATE SET reason = excluded.reason,
                 dismissed_by = excluded.dismissed_by, dismissed_at = excluded.dismissed_at",
            args![
                found.event.code.code(),
                found.evidence_key,
                found.event.staff_id,
                day_text(found.event.day),
                reason,
                by,
                time_text(now),
            ])?;
        tx.commit()?;
        Ok(())
    }

    /// The months signed off.
    pub fn locked_months(&self) -> Result<BTreeSet<Month>> {
        locked_months(self.sql())
    }

    /// Signs off `month`: its detections that count are stored as events, the rules,
    /// attendance settings and staff of this moment are kept, and from now on nothing
    /// its review is made of can change.
    pub fn lock_month(&mut self, month: Month, by: &str, now: NaiveDateTime) -> Result<()> {
        let pending = self
            .appeals(month)?
            .iter()
            .filter(|a| a.decision.is_none())
            .count();
        if pending > 0 {
            return Err(StorageError::Refused(format!(
                "{month} 还有 {pending} 条申诉未处理：请先维持或撤销，再锁定"
            )));
        }
        let detections = self.detections_at(month, now)?;
        let departures =
            serde_json::to_string(&self.departures()?).map_err(|e| json_corrupt("离职记录", &e))?;
        let rules = serde_json::to_string(&self.rule_overrides()?.into_iter().collect::<Vec<_>>())
            .map_err(|e| json_corrupt("规则表", &e))?;
        let attendance = serde_json::to_string(&self.attendance_settings()?)
            .map_err(|e| json_corrupt("考勤设置", &e))?;
        let staff = serde_json::to_string(&self.staff_records()?)
            .map_err(|e| json_corrupt("员工名单", &e))?;
        let tx = self.sql().begin()?;
        if locked_months(*tx)?.contains(&month) {
            return Err(StorageError::Refused(format!("{month} 的考核已经锁定")));
        }
        for detection in detections.iter().filter(|d| d.counts()) {
            insert_event(
                *tx,
                &detection.found.event,
                &detection.found.evidence_key,
                None,
                now,
            )?;
        }
        tx.execute(
            "INSERT INTO month_locks (month, locked_at, locked_by, rules, attendance, staff, departures)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            args![
                month.to_string(),
                time_text(now),
                by,
                rules,
                attendance,
                staff,
                departures
            ])?;
        tx.commit()?;
        Ok(())
    }

    /// The review of `month`: from the stored records and, while the month is open, the
    /// detections that count (not dismissed, not withdrawn on appeal); a locked month is
    /// reviewed as it was signed. Events withdrawn on appeal do not count; approved
    /// requests excuse what they cover; departures set the last day and pay date.
    /// Shifts are graded only once over at `now`; a locked month is graded as of the
    /// moment it was locked, so its review stays as signed.
    pub fn month_review(&self, month: Month, now: NaiveDateTime) -> Result<MonthReview> {
        let punches = self.punches_between(month.first_day(), month.last_day())?;
        let schedule = self.schedule_between(month.first_day(), month.last_day())?;
        let withdrawn: BTreeSet<i64> = self
            .appeals(month)?
            .iter()
            .filter(|a| a.is_withdrawn())
            .filter_map(|a| match a.target {
                AppealTarget::Event(id) => Some(id),
                AppealTarget::Detection { .. } => None,
            })
            .collect();
        let stored: Vec<PointEvent> = self
            .point_events(month)?
            .into_iter()
            .filter(|s| !withdrawn.contains(&s.id))
            .map(|s| s.event)
            .collect();
        // Requests reaching into the month from the day before (a night shift) or after.
        let requests: Vec<AttendanceRequest> = self
            .requests_between(
                month.first_day().pred_opt().unwrap_or(month.first_day()),
                month.next().first_day(),
            )?
            .into_iter()
            .map(|r| r.request)
            .collect();
        let frozen: Option<(String, String, String, String, String)> = self.sql().query_opt(
            "SELECT rules, attendance, staff, departures, locked_at FROM month_locks
                 WHERE month = ?1",
            args![month.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let mut as_of = now;
        let (events, rules, settings, staff, departures) =
            if let Some((rules, attendance, staff, departures, locked_at)) = frozen {
                as_of = parse_time(&locked_at)?;
                let overrides: Vec<(Rule, RuleOverride)> =
                    serde_json::from_str(&rules).map_err(|e| json_corrupt("锁定时的规则表", &e))?;
                let settings: AttendanceSettings = serde_json::from_str(&attendance)
                    .map_err(|e| json_corrupt("锁定时的考勤设置", &e))?;
                let staff: Vec<Staff> = serde_json::from_str(&staff)
                    .map_err(|e| json_corrupt("锁定时的员工名单", &e))?;
                let departures: Vec<Departure> = serde_json::from_str(&departures)
                    .map_err(|e| json_corrupt("锁定时的离职记录", &e))?;
                (
                    stored,
                    RuleTable::with_overrides(&overrides.into_iter().collect()),
                    settings,
                    staff,
                    departures,
                )
            } else {
                let mut events = stored;
                events.extend(
                    self.detections_at(month, now)?
                        .into_iter()
                        .filter(Detection::counts)
                        .map(|d| d.found.event),
                );
                (
                    events,
                    self.rule_table()?,
                    self.attendance_settings()?,
                    self.staff_records()?,
                    self.departures()?,
                )
            };
        Ok(review_month(&ReviewInputs {
            month,
            staff: &staff,
            punches: &punches,
            events: &events,
            rules: &rules,
            settings: &settings,
            requests: &requests,
            departures: &departures,
            schedule: &schedule,
            now: as_of,
        }))
    }
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
    let role: Option<String> = conn.query_opt(
        "SELECT role FROM staff WHERE id = ?1",
        args![staff_id.trim()],
        |r| r.get(0),
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
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
    ))
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
        |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)),
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

impl Db {
    // Leave, outing and overtime requests (请假/外出/加班).

    /// Stores a request (from [`crate::domain::requests::RequestDraft::validate`], or
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
        let id = tx.insert(
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
                request.decided_at.map(time_text),
                time_text(now),
            ])?;
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
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM attendance_requests
                 WHERE staff_id = ?1 AND kind = ?2 AND from_at = ?3 AND to_at = ?4)",
                args![
                    request.staff_id,
                    request.kind.label(),
                    time_text(request.from),
                    time_text(request.to)
                ],
                |r| r.get(0),
            )?;
            if exists {
                summary.skipped += 1;
                continue;
            }
            tx.execute(
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
                    request.decided_at.or(Some(now)).map(time_text),
                    time_text(now),
                ])?;
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
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
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
                 open_notifications, stock_note, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
             ON CONFLICT(staff_id, day, shift) DO UPDATE SET
                 window_from = excluded.window_from, window_to = excluded.window_to,
                 pay_now_count = excluded.pay_now_count, pay_now_fen = excluded.pay_now_fen,
                 collect_count = excluded.collect_count, collect_fen = excluded.collect_fen,
                 monthly_count = excluded.monthly_count, monthly_fen = excluded.monthly_fen,
                 on_receipt_count = excluded.on_receipt_count,
                 on_receipt_fen = excluded.on_receipt_fen,
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
            ],
        )?;
        let id: i64 = tx.query_row(
            "SELECT id FROM handovers WHERE staff_id = ?1 AND day = ?2 AND shift = ?3",
            args![key.staff_id, day_text(key.day), key.shift.label()],
            |r| r.get(0),
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
    fn handover_records(
        &self,
        month: Month,
        now: NaiveDateTime,
    ) -> Result<(Vec<WorkedShift>, BTreeSet<ShiftKey>, Option<NaiveDate>)> {
        let attendance = self.attendance_settings()?;
        let range = [day_text(month.first_day()), day_text(month.last_day())];
        let rows = self.sql().query_map("SELECT p.staff_id, p.day, p.shift, s.role FROM punches p JOIN staff s ON s.id = p.staff_id
             WHERE p.day >= ?1 AND p.day <= ?2 AND p.shift IN ('早班', '中班', '晚班')
               AND (p.clock_in IS NOT NULL OR p.clock_out IS NOT NULL)
             ORDER BY p.staff_id, p.day, p.shift", args![range[0], range[1]], |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
            ))
        })?;
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
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                ))
            },
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
        let since: Option<String> =
            self.sql()
                .query_row("SELECT MIN(day) FROM handovers", NO_ARGS, |r| r.get(0))?;
        Ok((
            worked,
            handovers,
            since.as_deref().map(parse_day).transpose()?,
        ))
    }

    // Departures (离职).

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
        let joined: Option<Option<String>> = tx.query_opt(
            "SELECT joined_on FROM staff WHERE id = ?1",
            args![&departure.staff_id],
            |r| r.get(0),
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
        let rows = self.sql().query_map("SELECT staff_id, kind, applied_on, approved_on, last_day FROM departures ORDER BY staff_id", NO_ARGS, |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<Option<String>>(2)?,
                r.get::<Option<String>>(3)?,
                r.get::<String>(4)?,
            ))
        })?;
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
    /// [`crate::domain::attendance::duty_status`]): their clock-in records and monthly
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
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<Option<String>>(2)?,
                    r.get::<Option<String>>(3)?,
                ))
            },
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
        super::seals::seal(*tx, "duty_overrides", id)?;
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
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                    r.get::<String>(4)?,
                    r.get::<String>(5)?,
                ))
            },
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
    let count: i64 = conn.query_row(
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
        |r| r.get(0),
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
    Ok(tx.insert("INSERT INTO point_events (staff_id, day, code, quantity, waybill_number, note, source, evidence_key, created_at, attachment)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", args![
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
    ])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::format_yuan;
    use std::str::FromStr;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn now() -> NaiveDateTime {
        day("2026-12-02").and_hms_opt(9, 0, 0).unwrap()
    }

    fn nov() -> Month {
        "2026-11".parse().unwrap()
    }

    fn person(id: &str) -> Staff {
        Staff {
            id: id.into(),
            name: format!("员工{id}"),
            role: Role::Clerk,
            joined_on: Some(day("2025-01-01")),
            left_on: None,
            base_salary_yuan: rust_decimal::Decimal::from_str("4000").unwrap(),
        }
    }

    fn punch(id: &str, d: &str, clock_in: &str, clock_out: &str) -> Punch {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").ok();
        Punch {
            staff_id: id.into(),
            day: day(d),
            shift: ShiftKind::Early,
            clock_in: t(clock_in),
            clock_out: t(clock_out),
        }
    }

    fn event(id: &str, d: &str, code: &str) -> PointEvent {
        PointEvent {
            staff_id: id.into(),
            day: day(d),
            code: EventCode::from_code(code).unwrap(),
            quantity: 1,
            waybill_number: String::new(),
            note: String::new(),
            source: EventSource::Manual,
        }
    }

    fn db() -> Db {
        let mut db = Db::open_in_memory().unwrap();
        db.import_staff(&[person("A01"), person("A02")]).unwrap();
        db
    }

    fn points(db: &Db, id: &str) -> i64 {
        db.month_review(nov(), now())
            .unwrap()
            .people
            .iter()
            .find(|p| p.staff_id == id)
            .unwrap()
            .points
    }

    #[test]
    fn staff_import_adds_and_updates_by_id() {
        let mut db = db();
        let mut changed = person("A02");
        changed.name = "李四".into();
        changed.left_on = Some(day("2026-11-15"));
        changed.base_salary_yuan = rust_decimal::Decimal::from_str("4200.5").unwrap();
        let summary = db.import_staff(&[changed.clone(), person("A03")]).unwrap();
        assert_eq!(
            summary,
            StaffImportSummary {
                added: 1,
                updated: 1
            }
        );
        let all = db.staff_records().unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[1], changed);
        assert_eq!(format_yuan(all[1].base_salary_yuan), "4200.50");
    }

    #[test]
    fn punches_reimport_changes_nothing_and_newer_times_update() {
        let mut db = db();
        let rows = [
            punch("A01", "2026-11-02", "08:05", "20:00"),
            punch("A01", "2026-11-03", "08:00", "20:00"),
        ];
        let first = db.import_punches(&rows).unwrap();
        assert_eq!((first.added, first.changed, first.unchanged), (2, 0, 0));
        let review = db.month_review(nov(), now()).unwrap();
        let again = db.import_punches(&rows).unwrap();
        assert_eq!((again.added, again.changed, again.unchanged), (0, 0, 2));
        assert_eq!(db.month_review(nov(), now()).unwrap(), review);

        let corrected = [punch("A01", "2026-11-02", "08:00", "20:00")];
        let third = db.import_punches(&corrected).unwrap();
        assert_eq!((third.added, third.changed, third.unchanged), (0, 1, 0));
        assert_eq!(
            db.punches_between(day("2026-11-01"), day("2026-11-30"))
                .unwrap()[0],
            corrected[0]
        );
        assert_eq!(db.punch_change(&corrected[0]).unwrap(), PunchChange::Same);
        assert_eq!(db.punch_change(&rows[0]).unwrap(), PunchChange::Changed);
    }

    #[test]
    fn unknown_staff_punch_rolls_back_the_whole_import() {
        let mut db = db();
        let rows = [
            punch("A01", "2026-11-02", "08:05", "20:00"),
            punch("Z99", "2026-11-02", "08:05", "20:00"),
        ];
        assert!(db.import_punches(&rows).is_err());
        assert!(
            db.punches_between(day("2026-11-01"), day("2026-11-30"))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn events_and_imported_duplicates() {
        let mut db = db();
        let mut imported = event("A01", "2026-11-05", "P13");
        imported.source = EventSource::Import;
        db.add_point_events(&[imported.clone(), event("A01", "2026-11-06", "P1")], now())
            .unwrap();
        assert_eq!(db.imported_event_count(&imported).unwrap(), 1);
        let mut other = imported.clone();
        other.note = "另一件事".into();
        assert_eq!(db.imported_event_count(&other).unwrap(), 0);
        assert_eq!(points(&db, "A01"), 100 - 5 - 1);
        let stored = db.point_events(nov()).unwrap();
        assert_eq!(stored.len(), 2);
        db.remove_point_event(stored[1].id).unwrap();
        assert_eq!(points(&db, "A01"), 100 - 5);
        assert!(matches!(
            db.remove_point_event(stored[1].id),
            Err(StorageError::NotFound(_))
        ));
    }

    /// Rule overrides are stored and used by the review; an empty override restores.
    #[test]
    fn rule_overrides_change_the_review() {
        let mut db = db();
        db.add_point_events(&[event("A01", "2026-11-06", "P1")], now())
            .unwrap();
        db.save_rule_override(
            Rule::P1,
            &RuleOverride {
                wording: Some("接待不及时".into()),
                points: Some(-3),
            },
        )
        .unwrap();
        assert_eq!(points(&db, "A01"), 97);
        assert_eq!(db.rule_table().unwrap().wording(Rule::P1), "接待不及时");
        db.save_rule_override(Rule::P1, &RuleOverride::default())
            .unwrap();
        assert_eq!(points(&db, "A01"), 99);
        assert!(db.rule_overrides().unwrap().is_empty());
    }

    #[test]
    fn attendance_settings_round_trip() {
        let db = db();
        assert_eq!(
            db.attendance_settings().unwrap(),
            AttendanceSettings::default()
        );
        let settings = AttendanceSettings {
            gap_bracket: crate::domain::attendance::Bracket::Late,
            ..AttendanceSettings::default()
        };
        db.save_attendance_settings(&settings).unwrap();
        assert_eq!(db.attendance_settings().unwrap(), settings);
    }

    fn short_charged_waybill(db: &mut Db, number: &str, clerk: &str, at: &str) {
        // A waybill of 200 yuan against a rate table price of 255: 55 short.
        db.sql()
            .execute(
                "INSERT INTO waybills (number, issued_at, clerk_id, status, dest_code, dest_name,
                 shipper_name, shipper_phone, shipper_tail, consignee_name, consignee_phone,
                 consignee_tail, goods_name, pieces, packaging, weight_kg, volume_m3,
                 declared_by_shipper, fragile, orientation, condition, condition_note,
                 shipper_bears_damage, delivery, delivery_address, receipt_copies,
                 controlled_release, payment, transfer, rate_freight_fen, freight_fen,
                 premium_fen, delivery_fee_fen, total_fen, short_charge_fen, remarks)
                 VALUES (?1, ?2, ?3, '已开单', '430321', '湘潭县', '甲', '13912345678', '5678',
                 '乙', '13800001111', '1111', '服装', 1, '纸箱', '300', '1.2', 0, 0, '', '',
                 '', 0, '自提', '', 0, 0, '现付', 0, 25500, 20000, 0, 0, 20000, 5500, '')",
                args![number, at, clerk],
            )
            .unwrap();
    }

    /// P8 is detected from the waybills, counts until dismissed with a reason.
    #[test]
    fn detected_short_charge_counts_unless_dismissed() {
        let mut db = db();
        short_charged_waybill(&mut db, "GZ0001", "A01", "2026-11-20 09:15:00");
        short_charged_waybill(&mut db, "GZ0002", "A01", "2026-12-01 09:15:00");
        let review = db.month_review(nov(), now()).unwrap();
        let a01 = &review.people[0];
        assert_eq!(a01.items[0].rule, Rule::P8);
        assert_eq!(
            a01.items[0].detail,
            "未按报价表开单导致运费不够 1票：GZ0001"
        );
        assert_eq!(a01.points, 99);

        let detections = db.detections(nov()).unwrap();
        assert_eq!(detections.len(), 1);
        let found = detections[0].found.clone();
        assert!(matches!(
            db.dismiss_detection(&found, "  ", "S01", now()),
            Err(StorageError::Refused(_))
        ));
        db.dismiss_detection(&found, "客户是月结大客户，经理批准优惠", "S01", now())
            .unwrap();
        let detections = db.detections(nov()).unwrap();
        assert_eq!(
            detections[0].dismissal.as_ref().unwrap().reason,
            "客户是月结大客户，经理批准优惠"
        );
        assert_eq!(points(&db, "A01"), 106, "dismissed: no deduction, so B2");

        // Voided waybills are not held against the clerk.
        db.sql()
            .execute(
                "UPDATE waybills SET status = '作废' WHERE number = 'GZ0002'",
                NO_ARGS,
            )
            .unwrap();
        let dec: Month = "2026-12".parse().unwrap();
        assert!(db.detections(dec).unwrap().is_empty());
    }

    /// A locked month refuses every change and keeps its review.
    #[test]
    fn locked_month_refuses_changes_and_keeps_its_review() {
        let mut db = db();
        db.import_punches(&[punch("A01", "2026-11-02", "08:05", "20:00")])
            .unwrap();
        db.add_point_events(&[event("A01", "2026-11-06", "P1")], now())
            .unwrap();
        short_charged_waybill(&mut db, "GZ0001", "A01", "2026-11-20 09:15:00");
        short_charged_waybill(&mut db, "GZ0003", "A02", "2026-11-21 09:15:00");
        let found = db.detections(nov()).unwrap()[1].found.clone();
        let before = db.month_review(nov(), now()).unwrap();

        db.lock_month(nov(), "S01", now()).unwrap();
        assert!(db.locked_months().unwrap().contains(&nov()));
        assert_eq!(
            db.month_review(nov(), now()).unwrap(),
            before,
            "frozen as signed"
        );
        assert!(matches!(
            db.lock_month(nov(), "S01", now()),
            Err(StorageError::Refused(_))
        ));

        let refused = |result: Result<()>| {
            let error = result.unwrap_err();
            assert!(matches!(error, StorageError::Refused(_)), "{error:?}");
            assert!(
                error.to_string().contains("2026-11 的考核已锁定"),
                "{error}"
            );
        };
        refused(
            db.add_point_events(&[event("A01", "2026-11-07", "P1")], now())
                .map(drop),
        );
        refused(
            db.import_punches(&[punch("A01", "2026-11-02", "08:00", "20:00")])
                .map(drop),
        );
        refused(
            db.import_punches(&[punch("A01", "2026-11-09", "08:00", "20:00")])
                .map(drop),
        );
        let id = db.point_events(nov()).unwrap()[0].id;
        refused(db.remove_point_event(id));
        refused(db.dismiss_detection(&found, "理由", "S01", now()));

        // Re-importing the same records changes nothing, so it is allowed.
        let same = db
            .import_punches(&[punch("A01", "2026-11-02", "08:05", "20:00")])
            .unwrap();
        assert_eq!(same.unchanged, 1);
        // The triggers refuse what bypasses the checks.
        assert!(
            db.sql()
                .execute("DELETE FROM point_events WHERE id = ?1", args![id])
                .is_err()
        );
        assert!(
            db.sql()
                .execute("UPDATE punches SET clock_in = '08:00'", NO_ARGS)
                .is_err()
        );
        // Later changes to rules, settings, staff and waybills leave the locked review be.
        db.save_rule_override(
            Rule::P1,
            &RuleOverride {
                wording: None,
                points: Some(-9),
            },
        )
        .unwrap();
        let mut raised = person("A01");
        raised.base_salary_yuan = rust_decimal::Decimal::from_str("9000").unwrap();
        db.import_staff(&[raised]).unwrap();
        short_charged_waybill(&mut db, "GZ0004", "A01", "2026-11-22 09:15:00");
        assert_eq!(db.month_review(nov(), now()).unwrap(), before);

        // Other months are open.
        db.add_point_events(&[event("A01", "2026-12-01", "P1")], now())
            .unwrap();
    }

    // Phase 2: requests, appeals, handovers, departures, on duty.

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    /// A01 and A02 (clerks) and S01 (the supervisor).
    fn db_with_supervisor() -> Db {
        let mut db = db();
        let mut supervisor = person("S01");
        supervisor.role = Role::Supervisor;
        db.import_staff(&[supervisor]).unwrap();
        db
    }

    fn refused_with(result: Result<impl std::fmt::Debug>, words: &str) {
        match result {
            Err(StorageError::Refused(message)) => {
                assert!(message.contains(words), "「{words}」 in {message}");
            }
            other => panic!("expected a refusal with 「{words}」, got {other:?}"),
        }
    }

    fn waybill(db: &Db, number: &str, clerk: &str, at: &str, payment: &str, total_fen: i64) {
        db.sql()
            .execute(
                "INSERT INTO waybills (number, issued_at, clerk_id, status, dest_code, dest_name,
                 shipper_name, shipper_phone, shipper_tail, consignee_name, consignee_phone,
                 consignee_tail, goods_name, pieces, packaging, weight_kg, volume_m3,
                 declared_by_shipper, fragile, orientation, condition, condition_note,
                 shipper_bears_damage, delivery, delivery_address, receipt_copies,
                 controlled_release, payment, transfer, rate_freight_fen, freight_fen,
                 premium_fen, delivery_fee_fen, total_fen, short_charge_fen, remarks)
                 VALUES (?1, ?2, ?3, '已开单', '430321', '湘潭县', '甲', '13912345678', '5678',
                 '乙', '13800001111', '1111', '服装', 1, '纸箱', '300', '1.2', 0, 0, '', '',
                 '', 0, '自提', '', 0, 0, ?4, 0, ?5, ?5, 0, 0, ?5, 0, '')",
                args![number, at, clerk, payment, total_fen],
            )
            .unwrap();
    }

    fn leave_request(id: &str, from: &str, to: &str) -> AttendanceRequest {
        crate::domain::requests::RequestDraft {
            staff_id: id.into(),
            kind: Some(RequestKind::Leave),
            from: from.into(),
            to: to.into(),
            reason: "家里有事".into(),
        }
        .validate()
        .unwrap()
    }

    /// DOMAIN.md §8 row 11 in the database: a request counts once a supervisor approves
    /// it; a locked month refuses new requests and decisions.
    #[test]
    fn requests_count_once_approved_and_lock_with_the_month() {
        let mut db = db_with_supervisor();
        db.import_punches(&[punch("A01", "2026-11-02", "", "")])
            .unwrap();
        assert_eq!(points(&db, "A01"), 100 - 8 + 6, "absent");
        let stored = db
            .add_request(
                &leave_request("A01", "2026-11-02", "2026-11-02"),
                at("2026-11-01 18:00"),
            )
            .unwrap();
        assert_eq!(
            db.pending_requests().unwrap(),
            std::slice::from_ref(&stored)
        );
        assert_eq!(points(&db, "A01"), 98, "pending: not leave");
        refused_with(
            db.decide_request(stored.id, true, "A02", now()),
            "只有主管可以审批",
        );
        let decided = db.decide_request(stored.id, true, "S01", now()).unwrap();
        assert_eq!(decided.request.status, RequestStatus::Approved);
        assert!(db.pending_requests().unwrap().is_empty());
        assert_eq!(points(&db, "A01"), 106, "approved: excused, no A12");
        let listed = db
            .requests_between(day("2026-11-02"), day("2026-11-02"))
            .unwrap();
        assert_eq!(listed[0].request.decided_by.as_deref(), Some("S01"));
        // The supervisor can change the decision while the month is open.
        db.decide_request(stored.id, false, "S01", now()).unwrap();
        assert_eq!(points(&db, "A01"), 98);
        db.decide_request(stored.id, true, "S01", now()).unwrap();

        db.lock_month(nov(), "S01", now()).unwrap();
        let before = db.month_review(nov(), now()).unwrap();
        refused_with(
            db.decide_request(stored.id, false, "S01", now()),
            "2026-11 的考核已锁定",
        );
        refused_with(
            db.add_request(&leave_request("A01", "2026-10-31", "2026-11-01"), now()),
            "2026-11 的考核已锁定",
        );
        assert!(
            db.sql()
                .execute("UPDATE attendance_requests SET status = '驳回'", NO_ARGS)
                .is_err(),
            "the trigger guards the locked month"
        );
        assert_eq!(db.month_review(nov(), now()).unwrap(), before);
        // December is open.
        db.add_request(&leave_request("A01", "2026-12-01", "2026-12-01"), now())
            .unwrap();
    }

    /// Appeals within 5 working days, decided by the supervisor with a reason; a
    /// withdrawn event no longer counts; a late appeal names its deadline; a pending
    /// appeal blocks the lock; a locked month refuses appeals.
    #[test]
    fn appeals_change_the_review_until_the_month_is_locked() {
        let mut db = db_with_supervisor();
        // 2026-11-06 is a Friday: the deadline is Friday 11-13.
        db.add_point_events(&[event("A01", "2026-11-06", "P1")], now())
            .unwrap();
        let id = db.point_events(nov()).unwrap()[0].id;
        refused_with(
            db.appeal_event(id, "A01", "当时在接电话", at("2026-11-16 09:00")),
            "申诉已超过期限：事件日期 2026-11-06，须在 5 个工作日内（2026-11-13 前，含当天）提出",
        );
        refused_with(
            db.appeal_event(id, "A02", "理由", at("2026-11-09 09:00")),
            "只能对自己的扣分",
        );
        let appeal_id = db
            .appeal_event(id, "A01", "当时在接电话", at("2026-11-13 17:00"))
            .unwrap();
        refused_with(
            db.appeal_event(id, "A01", "再申诉", at("2026-11-13 17:30")),
            "已经申诉过（待处理）",
        );
        assert_eq!(db.appeals(nov()).unwrap()[0].status_label(), "待处理");
        refused_with(
            db.decide_appeal(appeal_id, AppealOutcome::Withdrawn, "", "S01", now()),
            "请填写维持或撤销的理由",
        );
        refused_with(
            db.decide_appeal(appeal_id, AppealOutcome::Withdrawn, "理由", "A02", now()),
            "只有主管可以处理申诉",
        );
        refused_with(db.lock_month(nov(), "S01", now()), "还有 1 条申诉未处理");
        assert_eq!(points(&db, "A01"), 99);
        let decided = db
            .decide_appeal(
                appeal_id,
                AppealOutcome::Withdrawn,
                "监控显示当时在接电话",
                "S01",
                now(),
            )
            .unwrap();
        assert!(decided.is_withdrawn());
        assert_eq!(points(&db, "A01"), 106, "withdrawn: no deduction, so B2");
        refused_with(
            db.decide_appeal(appeal_id, AppealOutcome::Upheld, "再议", "S01", now()),
            "该申诉已处理（撤销）",
        );

        // A detection appealed and upheld still counts, and is frozen at lock.
        short_charged_waybill(&mut db, "GZ0001", "A02", "2026-11-20 09:15:00");
        let found = db.detections(nov()).unwrap()[0].found.clone();
        let detection_appeal = db
            .appeal_detection(&found, "A02", "客户是老客户", at("2026-11-23 09:00"))
            .unwrap();
        assert!(db.detections(nov()).unwrap()[0].appeal.is_some());
        db.decide_appeal(
            detection_appeal,
            AppealOutcome::Upheld,
            "未经批准的优惠",
            "S01",
            now(),
        )
        .unwrap();
        assert_eq!(points(&db, "A02"), 99);
        db.lock_month(nov(), "S01", now()).unwrap();
        let frozen = db.point_events(nov()).unwrap();
        assert_eq!(frozen.len(), 2, "P1 (withdrawn, kept) and the frozen P8");
        assert_eq!(points(&db, "A01"), 106, "still withdrawn after the lock");
        assert_eq!(points(&db, "A02"), 99);
        refused_with(
            db.appeal_event(frozen[1].id, "A02", "理由", at("2026-11-23 10:00")),
            "2026-11 的考核已锁定",
        );
    }

    /// A detection withdrawn on appeal does not count, and is not frozen at lock.
    #[test]
    fn withdrawn_detection_is_not_frozen() {
        let mut db = db_with_supervisor();
        short_charged_waybill(&mut db, "GZ0001", "A01", "2026-11-20 09:15:00");
        let found = db.detections(nov()).unwrap()[0].found.clone();
        let id = db
            .appeal_detection(&found, "A01", "报价表当天已调价", at("2026-11-20 18:00"))
            .unwrap();
        db.decide_appeal(id, AppealOutcome::Withdrawn, "核实调价属实", "S01", now())
            .unwrap();
        assert!(!db.detections(nov()).unwrap()[0].counts());
        assert_eq!(points(&db, "A01"), 106);
        db.lock_month(nov(), "S01", now()).unwrap();
        assert!(db.point_events(nov()).unwrap().is_empty());
        assert_eq!(points(&db, "A01"), 106);
    }

    /// DOMAIN.md §6: the handover sums the clerk's waybills of the shift by payment
    /// method; the next clerk accepts it; a worked shift without one is P20 from the
    /// first handover recorded.
    #[test]
    fn handovers_sum_the_shift_and_missing_ones_are_p20() {
        let mut db = db_with_supervisor();
        let night = |id: &str, d: &str, clock_in: &str, clock_out: &str| Punch {
            shift: ShiftKind::Night,
            ..punch(id, d, clock_in, clock_out)
        };
        db.import_punches(&[
            punch("A01", "2026-11-02", "07:50", "20:10"),
            punch("A01", "2026-11-03", "08:00", "20:00"),
            night("A01", "2026-11-04", "19:55", "08:00"),
            punch("A01", "2026-11-05", "", ""),
            punch("S01", "2026-11-03", "08:00", "20:00"),
        ])
        .unwrap();
        waybill(&db, "GZ01", "A01", "2026-11-02 07:55:00", "现付", 10_000);
        waybill(&db, "GZ02", "A01", "2026-11-02 12:00:00", "提付", 30_000);
        waybill(&db, "GZ03", "A01", "2026-11-02 20:05:00", "现付", 5_000);
        waybill(&db, "GZ04", "A01", "2026-11-02 21:00:00", "现付", 99_900);
        waybill(&db, "GZ05", "A01", "2026-11-02 13:00:00", "月结", 7_000);
        db.sql()
            .execute(
                "UPDATE waybills SET status = '作废' WHERE number = 'GZ05'",
                NO_ARGS,
            )
            .unwrap();
        waybill(&db, "GZ06", "A02", "2026-11-02 13:00:00", "现付", 8_000);
        waybill(&db, "GZ07", "A01", "2026-11-05 02:00:00", "回单付", 4_500);

        let summary = db
            .handover_summary("A01", day("2026-11-02"), ShiftKind::Early)
            .unwrap();
        let figures: Vec<(&str, u32, String)> = summary
            .by_payment
            .iter()
            .map(|t| (t.payment.label(), t.waybills, format_yuan(t.total_yuan)))
            .collect();
        assert_eq!(
            figures,
            [
                ("现付", 2, "150.00".to_owned()),
                ("提付", 1, "300.00".to_owned()),
                ("月结", 0, "0.00".to_owned()),
                ("回单付", 0, "0.00".to_owned()),
            ]
        );
        assert_eq!(format_yuan(summary.cash_yuan()), "150.00");
        let night_summary = db
            .handover_summary("A01", day("2026-11-04"), ShiftKind::Night)
            .unwrap();
        assert_eq!(format_yuan(night_summary.total_yuan()), "45.00");
        refused_with(
            db.handover_summary("A01", day("2026-11-04"), ShiftKind::Rest),
            "只有早班、中班、晚班需要交接",
        );

        // No handover was ever recorded: no P20 yet.
        assert_eq!(points(&db, "A01"), 100 - 8 + 6);
        let key = ShiftKey {
            staff_id: "A01".into(),
            day: day("2026-11-02"),
            shift: ShiftKind::Early,
        };
        let notes = HandoverNotes {
            open_problems: "GZ02 收货方电话打不通".into(),
            open_notifications: String::new(),
            stock_note: "库存 12 票".into(),
        };
        let handover = db
            .record_handover(&key, &notes, at("2026-11-02 20:12"))
            .unwrap();
        assert_eq!(handover.summary, summary);
        assert_eq!(db.handover(&key).unwrap().unwrap(), handover);
        // From now on: the 11-03 and 11-04 shifts of A01 lack a handover (11-05 had no
        // punch; S01 is not a clerk).
        let p20: Vec<String> = db
            .detections(nov())
            .unwrap()
            .into_iter()
            .filter(|d| d.found.event.code == EventCode::Rule(Rule::P20))
            .map(|d| d.found.evidence_key)
            .collect();
        assert_eq!(p20, ["A01 2026-11-03 早班", "A01 2026-11-04 晚班"]);
        assert_eq!(points(&db, "A01"), 100 - 8 - 4);
        // P20 waits for the shift to end: during the night shift of 11-04 it has its
        // handover still to come, from its 08:00 end on it is missing.
        let p20_at = |now: &str| {
            db.detections_at(nov(), at(now))
                .unwrap()
                .into_iter()
                .filter(|d| d.found.event.code == EventCode::Rule(Rule::P20))
                .map(|d| d.found.evidence_key)
                .collect::<Vec<_>>()
        };
        assert_eq!(p20_at("2026-11-05 07:30"), ["A01 2026-11-03 早班"]);
        assert_eq!(
            p20_at("2026-11-05 08:00"),
            ["A01 2026-11-03 早班", "A01 2026-11-04 晚班"]
        );

        refused_with(
            db.accept_handover(handover.id, "A01", at("2026-11-02 20:15")),
            "不能接收自己的交接",
        );
        assert_eq!(db.handovers_to_accept().unwrap().len(), 1);
        let accepted = db
            .accept_handover(handover.id, "A02", at("2026-11-02 20:15"))
            .unwrap();
        assert_eq!(accepted.accepted_by.as_deref(), Some("A02"));
        assert!(db.handovers_to_accept().unwrap().is_empty());
        refused_with(
            db.record_handover(&key, &notes, at("2026-11-02 20:30")),
            "该交接已由 A02 接收",
        );
        let night_key = ShiftKey {
            day: day("2026-11-04"),
            shift: ShiftKind::Night,
            ..key
        };
        db.record_handover(
            &night_key,
            &HandoverNotes::default(),
            at("2026-11-05 08:05"),
        )
        .unwrap();
        assert_eq!(
            db.handovers_between(day("2026-11-01"), day("2026-11-30"))
                .unwrap()
                .len(),
            2
        );
        assert_eq!(points(&db, "A01"), 100 - 8 - 2);
    }

    /// DOMAIN.md §9 in the database: the departure's last day becomes the leave date,
    /// the review pays to it, on the settlement date; a locked month keeps the
    /// departures of its moment.
    /// An entered event's attachment is copied next to the database and named on the
    /// event; the original may go. A locked month refuses the event and copies nothing.
    #[test]
    fn an_entered_event_keeps_a_copy_of_its_attachment() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("k.sqlite3")).unwrap();
        db.import_staff(&db_with_supervisor().staff_records().unwrap())
            .unwrap();
        let original = dir.path().join("投诉录音.m4a");
        std::fs::write(&original, b"recording").unwrap();
        let event = PointEvent {
            staff_id: "A02".into(),
            day: day("2026-11-20"),
            code: EventCode::Rule(Rule::P19),
            quantity: 1,
            waybill_number: String::new(),
            note: "客户投诉态度差".into(),
            source: EventSource::Manual,
        };
        let id = db
            .add_point_event_with_attachment(&event, Some(&original), now())
            .unwrap();
        std::fs::remove_file(&original).unwrap();
        let stored = db.point_events(nov()).unwrap();
        assert_eq!((stored[0].id, &stored[0].event), (id, &event));
        let kept = stored[0].attachment.clone().unwrap();
        assert!(kept.starts_with("attachments/投诉录音-"), "{kept}");
        let file = db.attachment_file(&kept).unwrap();
        assert_eq!(std::fs::read(file).unwrap(), b"recording");
        // Without an attachment, as the events import has always been.
        db.add_point_event_with_attachment(&event, None, now())
            .unwrap();
        assert_eq!(db.point_events(nov()).unwrap()[1].attachment, None);

        db.lock_month(nov(), "S01", now()).unwrap();
        let other = dir.path().join("照片.jpg");
        std::fs::write(&other, b"photo").unwrap();
        assert!(
            db.add_point_event_with_attachment(&event, Some(&other), now())
                .is_err()
        );
        let copies = std::fs::read_dir(db.attachments_dir().unwrap())
            .unwrap()
            .count();
        assert_eq!(copies, 1, "nothing copied for a refused event");
    }

    #[test]
    fn departures_set_the_leave_date_and_the_pay_date() {
        let mut db = db_with_supervisor();
        let resigned = Departure::resignation("A02", day("2026-11-01"), day("2026-11-05")).unwrap();
        db.record_departure(&resigned, "S01", now()).unwrap();
        assert_eq!(db.departures().unwrap(), [resigned]);
        let staff = db.staff_records().unwrap();
        assert_eq!(staff[1].left_on, Some(day("2026-11-20")));
        let review = db.month_review(nov(), now()).unwrap();
        let a02 = &review.people[1];
        assert_eq!((a02.days_employed, a02.pay_date), (20, day("2026-11-21")));
        assert_eq!(format_yuan(a02.pay_yuan), "2826.67");

        db.lock_month(nov(), "S01", now()).unwrap();
        db.record_departure(
            &Departure::without_approval("A02", None, day("2026-11-12")),
            "S01",
            now(),
        )
        .unwrap();
        assert_eq!(
            db.month_review(nov(), now()).unwrap(),
            review,
            "frozen as signed"
        );
        let dec: Month = "2026-12".parse().unwrap();
        assert!(
            db.month_review(dec, now())
                .unwrap()
                .people
                .iter()
                .all(|p| p.staff_id != "A02")
        );
        db.clear_departure("A02").unwrap();
        assert_eq!(db.staff_records().unwrap()[1].left_on, None);
        assert!(matches!(
            db.clear_departure("A02"),
            Err(StorageError::NotFound(_))
        ));
        refused_with(
            db.record_departure(
                &Departure::dismissal("A01", day("2024-01-01")),
                "S01",
                now(),
            ),
            "早于入职日期",
        );
    }

    /// The on-duty check reads the clock-in records as the schedule (yesterday's night
    /// shift runs into this morning) and approved overtime; overrides are recorded.
    #[test]
    fn on_duty_and_overrides() {
        let mut db = db_with_supervisor();
        db.import_punches(&[Punch {
            shift: ShiftKind::Night,
            ..punch("A01", "2026-11-03", "", "")
        }])
        .unwrap();
        assert!(matches!(
            db.on_duty("A01", at("2026-11-04 03:00")).unwrap(),
            OnDuty::Shift {
                shift: ShiftKind::Night,
                ..
            }
        ));
        let off = db.on_duty("A01", at("2026-11-04 12:00")).unwrap();
        assert!(!off.is_on_duty());
        let mut overtime = leave_request("A01", "2026-11-04 10:00", "2026-11-04 14:00");
        overtime.kind = RequestKind::Overtime;
        let stored = db.add_request(&overtime, now()).unwrap();
        assert!(
            !db.on_duty("A01", at("2026-11-04 12:00"))
                .unwrap()
                .is_on_duty()
        );
        db.decide_request(stored.id, true, "S01", now()).unwrap();
        assert!(matches!(
            db.on_duty("A01", at("2026-11-04 12:00")).unwrap(),
            OnDuty::Overtime { .. }
        ));
        assert!(matches!(
            db.on_duty("Z99", at("2026-11-04 12:00")),
            Err(StorageError::NotFound(_))
        ));

        refused_with(
            db.record_override("A02", "A01", at("2026-11-04 16:00"), "顶班", ""),
            "只有主管可以授权",
        );
        refused_with(
            db.record_override("S01", "A01", at("2026-11-04 16:00"), " ", ""),
            "请填写授权原因",
        );
        let id = db
            .record_override(
                "S01",
                "A01",
                at("2026-11-04 16:00"),
                "晚班同事病假，临时顶班",
                "GZ2611040001",
            )
            .unwrap();
        let listed = db
            .duty_overrides(day("2026-11-04"), day("2026-11-04"))
            .unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, id);
        assert_eq!(listed[0].grant.waybill_number, "GZ2611040001");
        assert!(
            db.sql()
                .execute("DELETE FROM duty_overrides", NO_ARGS)
                .is_err(),
            "append-only"
        );
    }
}
