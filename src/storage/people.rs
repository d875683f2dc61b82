//! People in the database: the staff list with dates and salary, clock-in records,
//! point events, the rules table's overrides, the attendance settings, dismissed
//! detections, signed-off (locked) months, and the monthly review computed from them.
//!
//! Imports write all their rows in one transaction or nothing. A locked month refuses
//! every change to what its review is made of (clock-in records, events, dismissals):
//! checked here with a Chinese message, and again by triggers of migration 2. Locking
//! freezes the month: its detected events are stored as rows, and the rules, attendance
//! settings and staff list of that moment are kept with the lock, so the signed review
//! never changes afterwards.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Db, Result, StorageError, parse_time, time_text};
use crate::domain::attendance::{AttendanceSettings, Punch, ShiftKind};
use crate::domain::money::{from_fen, to_fen};
use crate::domain::people::{Month, Role, Staff};
use crate::domain::points::{
    DetectedEvent, EventCode, EventSource, MonthRecords, PointEvent, Rule, RuleOverride, RuleTable,
    WaybillFacts, detect_all,
};
use crate::domain::review::{MonthReview, ReviewInputs, review_month};
use crate::domain::waybill::WaybillStatus;

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

/// A detection with its dismissal, if any: what the review screen lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// What the detector found.
    pub found: DetectedEvent,
    /// Set when dismissed; the event then does not count.
    pub dismissal: Option<Dismissal>,
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

impl Db {
    /// Everyone with dates and salary, in 工号 order.
    pub fn staff_records(&self) -> Result<Vec<Staff>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, role, joined_on, left_on, base_salary_fen FROM staff ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, role, joined, left, salary_fen) = row?;
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
        let tx = self
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut summary = StaffImportSummary::default();
        for person in staff {
            let exists: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM staff WHERE id = ?1)")?
                .query_row([&person.id], |r| r.get(0))?;
            tx.prepare_cached(
                "INSERT INTO staff (id, name, role, joined_on, left_on, base_salary_fen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role,
                     joined_on = excluded.joined_on, left_on = excluded.left_on,
                     base_salary_fen = excluded.base_salary_fen",
            )?
            .execute(params![
                person.id,
                person.name,
                person.role.label(),
                person.joined_on.map(day_text),
                person.left_on.map(day_text),
                to_fen(person.base_salary_yuan),
            ])?;
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
        punch_change(self.conn(), punch)
    }

    /// The clock-in records of the days `from..=to`, by person, day and shift.
    pub fn punches_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Punch>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT staff_id, day, shift, clock_in, clock_out FROM punches
             WHERE day >= ?1 AND day <= ?2 ORDER BY staff_id, day, shift",
        )?;
        let rows = stmt.query_map([day_text(from), day_text(to)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (staff_id, day, shift, clock_in, clock_out) = row?;
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
        let tx = self
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let locked = locked_months(&tx)?;
        let mut summary = PunchImportSummary::default();
        for punch in punches {
            let change = punch_change(&tx, punch)?;
            if change != PunchChange::Same && locked.contains(&Month::of(punch.day)) {
                return Err(locked_refusal(Month::of(punch.day), "打卡记录"));
            }
            let values = params![
                punch.staff_id,
                day_text(punch.day),
                punch.shift.label(),
                clock_text(punch.clock_in),
                clock_text(punch.clock_out),
            ];
            match change {
                PunchChange::Same => summary.unchanged += 1,
                PunchChange::New => {
                    tx.prepare_cached(
                        "INSERT INTO punches (staff_id, day, shift, clock_in, clock_out)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(values)?;
                    summary.added += 1;
                }
                PunchChange::Changed => {
                    tx.prepare_cached(
                        "UPDATE punches SET clock_in = ?4, clock_out = ?5
                         WHERE staff_id = ?1 AND day = ?2 AND shift = ?3",
                    )?
                    .execute(values)?;
                    summary.changed += 1;
                }
            }
        }
        tx.commit()?;
        Ok(summary)
    }

    /// The stored events of `month`, in day order.
    pub fn point_events(&self, month: Month) -> Result<Vec<StoredEvent>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, staff_id, day, code, quantity, waybill_number, note, source, created_at
             FROM point_events WHERE day >= ?1 AND day <= ?2 ORDER BY day, id",
        )?;
        let rows = stmt.query_map(
            [day_text(month.first_day()), day_text(month.last_day())],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, u32>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (id, staff_id, day, code, quantity, waybill_number, note, source, created_at) =
                row?;
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
            });
        }
        Ok(out)
    }

    /// How many events exactly like `event` (person, day, rule, 数量, 单号, 说明) came
    /// from earlier imports: an events file imported twice adds nothing the second time.
    pub fn imported_event_count(&self, event: &PointEvent) -> Result<usize> {
        let count: i64 = self
            .conn()
            .prepare_cached(
                "SELECT COUNT(*) FROM point_events WHERE source = ?1 AND staff_id = ?2
                 AND day = ?3 AND code = ?4 AND quantity = ?5 AND waybill_number = ?6
                 AND note = ?7",
            )?
            .query_row(
                params![
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

    /// Adds events (entered or imported) in one transaction; refused when any falls in
    /// a locked month.
    pub fn add_point_events(&mut self, events: &[PointEvent], now: NaiveDateTime) -> Result<usize> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let locked = locked_months(&tx)?;
        for event in events {
            if locked.contains(&Month::of(event.day)) {
                return Err(locked_refusal(Month::of(event.day), "扣分事件"));
            }
            insert_event(&tx, event, "", now)?;
        }
        tx.commit()?;
        Ok(events.len())
    }

    /// Removes an entered or imported event; refused in a locked month.
    pub fn remove_point_event(&mut self, id: i64) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        let day: Option<String> = tx
            .query_row("SELECT day FROM point_events WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let day =
            parse_day(&day.ok_or_else(|| StorageError::NotFound("找不到该扣分事件".into()))?)?;
        if locked_months(&tx)?.contains(&Month::of(day)) {
            return Err(locked_refusal(Month::of(day), "扣分事件"));
        }
        tx.execute("DELETE FROM point_events WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// The supervisor's changes to the rules table.
    pub fn rule_overrides(&self) -> Result<BTreeMap<Rule, RuleOverride>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT code, wording, points FROM rule_overrides")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (code, wording, points) = row?;
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
            self.conn()
                .execute("DELETE FROM rule_overrides WHERE code = ?1", [rule.code()])?;
        } else {
            self.conn().execute(
                "INSERT INTO rule_overrides (code, wording, points) VALUES (?1, ?2, ?3)
                 ON CONFLICT(code) DO UPDATE SET wording = excluded.wording, points = excluded.points",
                params![rule.code(), wording, change.points],
            )?;
        }
        Ok(())
    }

    /// The rules table: company defaults with the supervisor's overrides.
    pub fn rule_table(&self) -> Result<RuleTable> {
        Ok(RuleTable::with_overrides(&self.rule_overrides()?))
    }

    /// The attendance settings, defaults where never saved.
    pub fn attendance_settings(&self) -> Result<AttendanceSettings> {
        let text: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [ATTENDANCE_KEY],
                |r| r.get(0),
            )
            .optional()?;
        match text {
            None => Ok(AttendanceSettings::default()),
            Some(text) => serde_json::from_str(&text).map_err(|e| json_corrupt("考勤设置", &e)),
        }
    }

    /// Saves the attendance settings.
    pub fn save_attendance_settings(&self, settings: &AttendanceSettings) -> Result<()> {
        let text = serde_json::to_string(settings)
            .map_err(|e| StorageError::Corrupt(format!("考勤设置无法保存：{e}")))?;
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![ATTENDANCE_KEY, text],
        )?;
        Ok(())
    }

    /// The records of `month` the detectors read.
    pub fn month_records(&self, month: Month) -> Result<MonthRecords> {
        let from = format!("{} 00:00:00", day_text(month.first_day()));
        let to = format!("{} 00:00:00", day_text(month.next().first_day()));
        let mut stmt = self.conn().prepare_cached(
            "SELECT number, clerk_id, issued_at, freight_fen, rate_freight_fen, short_charge_fen
             FROM waybills
             WHERE issued_at >= ?1 AND issued_at < ?2 AND status <> ?3 AND short_charge_fen > 0
             ORDER BY issued_at, number",
        )?;
        let rows = stmt.query_map(params![from, to, WaybillStatus::Void.label()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        let mut short_charged = Vec::new();
        for row in rows {
            let (number, clerk_id, issued_at, freight, rate, short) = row?;
            short_charged.push(WaybillFacts {
                number,
                clerk_id,
                issued_at: parse_time(&issued_at)?,
                freight_yuan: from_fen(freight),
                rate_freight_yuan: rate.map(from_fen),
                short_charge_yuan: from_fen(short),
            });
        }
        Ok(MonthRecords {
            month,
            short_charged,
        })
    }

    /// What the detectors find in `month`, each with its dismissal if dismissed.
    pub fn detections(&self, month: Month) -> Result<Vec<Detection>> {
        let dismissed = self.dismissals(month)?;
        Ok(detect_all(&self.month_records(month)?)
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
                Detection { found, dismissal }
            })
            .collect())
    }

    fn dismissals(&self, month: Month) -> Result<Vec<Dismissal>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT code, evidence_key, reason, dismissed_by, dismissed_at FROM dismissals
             WHERE day >= ?1 AND day <= ?2",
        )?;
        let rows = stmt.query_map(
            [day_text(month.first_day()), day_text(month.last_day())],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (code, evidence_key, reason, dismissed_by, at) = row?;
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
        let tx = self.conn_mut().transaction()?;
        if locked_months(&tx)?.contains(&month) {
            return Err(locked_refusal(month, "检测到的扣分"));
        }
        tx.execute(
            "INSERT INTO dismissals (code, evidence_key, staff_id, day, reason, dismissed_by, dismissed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(code, evidence_key) DO UPDATE SET reason = excluded.reason,
                 dismissed_by = excluded.dismissed_by, dismissed_at = excluded.dismissed_at",
            params![
                found.event.code.code(),
                found.evidence_key,
                found.event.staff_id,
                day_text(found.event.day),
                reason,
                by,
                time_text(now),
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The months signed off.
    pub fn locked_months(&self) -> Result<BTreeSet<Month>> {
        locked_months(self.conn())
    }

    /// Signs off `month`: its detections that count are stored as events, the rules,
    /// attendance settings and staff of this moment are kept, and from now on nothing
    /// its review is made of can change.
    pub fn lock_month(&mut self, month: Month, by: &str, now: NaiveDateTime) -> Result<()> {
        let detections = self.detections(month)?;
        let rules = serde_json::to_string(&self.rule_overrides()?.into_iter().collect::<Vec<_>>())
            .map_err(|e| json_corrupt("规则表", &e))?;
        let attendance = serde_json::to_string(&self.attendance_settings()?)
            .map_err(|e| json_corrupt("考勤设置", &e))?;
        let staff = serde_json::to_string(&self.staff_records()?)
            .map_err(|e| json_corrupt("员工名单", &e))?;
        let tx = self
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if locked_months(&tx)?.contains(&month) {
            return Err(StorageError::Refused(format!("{month} 的考核已经锁定")));
        }
        for detection in detections.iter().filter(|d| d.dismissal.is_none()) {
            insert_event(
                &tx,
                &detection.found.event,
                &detection.found.evidence_key,
                now,
            )?;
        }
        tx.execute(
            "INSERT INTO month_locks (month, locked_at, locked_by, rules, attendance, staff)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                month.to_string(),
                time_text(now),
                by,
                rules,
                attendance,
                staff
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The review of `month`: from the stored records and, while the month is open, the
    /// detections that are not dismissed; a locked month is reviewed as it was signed.
    pub fn month_review(&self, month: Month) -> Result<MonthReview> {
        let punches = self.punches_between(month.first_day(), month.last_day())?;
        let stored: Vec<PointEvent> = self
            .point_events(month)?
            .into_iter()
            .map(|s| s.event)
            .collect();
        let frozen: Option<(String, String, String)> = self
            .conn()
            .query_row(
                "SELECT rules, attendance, staff FROM month_locks WHERE month = ?1",
                [month.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (events, rules, settings, staff) = if let Some((rules, attendance, staff)) = frozen {
            let overrides: Vec<(Rule, RuleOverride)> =
                serde_json::from_str(&rules).map_err(|e| json_corrupt("锁定时的规则表", &e))?;
            let settings: AttendanceSettings = serde_json::from_str(&attendance)
                .map_err(|e| json_corrupt("锁定时的考勤设置", &e))?;
            let staff: Vec<Staff> =
                serde_json::from_str(&staff).map_err(|e| json_corrupt("锁定时的员工名单", &e))?;
            (
                stored,
                RuleTable::with_overrides(&overrides.into_iter().collect()),
                settings,
                staff,
            )
        } else {
            let mut events = stored;
            events.extend(
                self.detections(month)?
                    .into_iter()
                    .filter(|d| d.dismissal.is_none())
                    .map(|d| d.found.event),
            );
            (
                events,
                self.rule_table()?,
                self.attendance_settings()?,
                self.staff_records()?,
            )
        };
        Ok(review_month(&ReviewInputs {
            month,
            staff: &staff,
            punches: &punches,
            events: &events,
            rules: &rules,
            settings: &settings,
        }))
    }
}

fn locked_months(conn: &rusqlite::Connection) -> Result<BTreeSet<Month>> {
    let mut stmt = conn.prepare_cached("SELECT month FROM month_locks")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = BTreeSet::new();
    for row in rows {
        let text = row?;
        out.insert(
            text.parse()
                .map_err(|_| StorageError::Corrupt(format!("锁定月份「{text}」格式不对")))?,
        );
    }
    Ok(out)
}

fn punch_change(conn: &rusqlite::Connection, punch: &Punch) -> Result<PunchChange> {
    let stored: Option<(Option<String>, Option<String>)> = conn
        .prepare_cached(
            "SELECT clock_in, clock_out FROM punches WHERE staff_id = ?1 AND day = ?2 AND shift = ?3",
        )?
        .query_row(
            params![punch.staff_id, day_text(punch.day), punch.shift.label()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
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

fn insert_event(
    tx: &Transaction<'_>,
    event: &PointEvent,
    evidence_key: &str,
    now: NaiveDateTime,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO point_events (staff_id, day, code, quantity, waybill_number, note, source, evidence_key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        event.staff_id,
        day_text(event.day),
        event.code.code(),
        event.quantity,
        event.waybill_number,
        event.note,
        event.source.label(),
        evidence_key,
        time_text(now),
    ])?;
    Ok(())
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
        db.month_review(nov())
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
        let review = db.month_review(nov()).unwrap();
        let again = db.import_punches(&rows).unwrap();
        assert_eq!((again.added, again.changed, again.unchanged), (0, 0, 2));
        assert_eq!(db.month_review(nov()).unwrap(), review);

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
        db.conn()
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
                params![number, at, clerk],
            )
            .unwrap();
    }

    /// P8 is detected from the waybills, counts until dismissed with a reason.
    #[test]
    fn detected_short_charge_counts_unless_dismissed() {
        let mut db = db();
        short_charged_waybill(&mut db, "GZ0001", "A01", "2026-11-20 09:15:00");
        short_charged_waybill(&mut db, "GZ0002", "A01", "2026-12-01 09:15:00");
        let review = db.month_review(nov()).unwrap();
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
        db.conn()
            .execute(
                "UPDATE waybills SET status = '作废' WHERE number = 'GZ0002'",
                [],
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
        let before = db.month_review(nov()).unwrap();

        db.lock_month(nov(), "S01", now()).unwrap();
        assert!(db.locked_months().unwrap().contains(&nov()));
        assert_eq!(db.month_review(nov()).unwrap(), before, "frozen as signed");
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
            db.conn()
                .execute("DELETE FROM point_events WHERE id = ?1", [id])
                .is_err()
        );
        assert!(
            db.conn()
                .execute("UPDATE punches SET clock_in = '08:00'", [])
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
        assert_eq!(db.month_review(nov()).unwrap(), before);

        // Other months are open.
        db.add_point_events(&[event("A01", "2026-12-01", "P1")], now())
            .unwrap();
    }
}
