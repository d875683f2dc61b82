//! What the monthly review is made of, and the review: the staff list, clock-in records,
//! point events, the rules table's overrides, the attendance settings, detections and
//! their dismissal, locking a month.

use super::{
    Detection, Dismissal, PunchChange, PunchImportSummary, StaffImportSummary, StoredEvent,
    clock_text, day_text, imported_count, insert_event, json_corrupt, locked_months,
    locked_refusal, parse_clock, parse_code, parse_day, parse_shift, punch_change,
};
use crate::domain::desk::alteration::{AlterationFacts, FieldChange, HistoryAction};
use crate::domain::desk::waybill::WaybillStatus;
use crate::domain::money::{from_fen, to_fen};
use crate::domain::people::attendance::{AttendanceSettings, Punch};
use crate::domain::people::detection::{MonthRecords, WaybillFacts, detect_all};
use crate::domain::people::points::{
    DetectedEvent, EventCode, EventSource, PointEvent, Rule, RuleOverride, RuleTable,
};
use crate::domain::people::requests::{AppealTarget, AttendanceRequest};
use crate::domain::people::review::{MonthReview, ReviewInputs, review_month};
use crate::domain::people::{Departure, Month, Role, Staff};
use crate::domain::stations::{Scope, check_post};
use crate::storage::revisions::{self, Edit, Record, Setting};
use crate::storage::sql::{Conn, Row};
use crate::storage::sql::{NO_ARGS, args};
use crate::storage::{Db, Result, StorageError, parse_time, time_text};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::{BTreeMap, BTreeSet};

/// The alterations (`?1`) recorded in `[?2, ?3)`, by `waybill_history_action_at`
/// (migration 35; before it every review read the whole history).
pub(super) const ALTERATIONS: &str =
    "SELECT h.waybill_number, w.clerk_id, h.at, h.staff_id, h.reason, h.changes
     FROM waybill_history h JOIN waybills w ON w.number = h.waybill_number
     WHERE h.action = ?1 AND h.at >= ?2 AND h.at < ?3
     ORDER BY h.id";

impl Db {
    /// Everyone with dates and salary, in 工号 order.
    pub fn staff_records(&self) -> Result<Vec<Staff>> {
        let rows = self.sql().query_map(
            "SELECT id, name, role, joined_on, left_on, base_salary_fen FROM staff ORDER BY id",
            NO_ARGS,
            Row::read::<(String, String, String, Option<String>, Option<String>, i64)>,
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
        let edit = Edit::unattributed();
        for person in staff {
            if write_staff(*tx, self.scope(), person, edit)? {
                summary.updated += 1;
            } else {
                summary.added += 1;
            }
        }
        tx.commit()?;
        Ok(summary)
    }

    /// Adds or updates one record as edited on a page (refused, naming who and when, if
    /// another save came since the revision the page opened it at), and puts them at
    /// `post` when given (the company's supervisor moving someone; `stations`).
    pub fn edit_staff(
        &mut self,
        person: &Staff,
        post: Option<Scope>,
        edit: Edit<'_>,
    ) -> Result<()> {
        let tx = self.sql().begin()?;
        write_staff(*tx, self.scope(), person, edit)?;
        if let Some(post) = post {
            crate::storage::stations::move_staff(*tx, self.scope(), &person.id, post)?;
        }
        tx.commit()?;
        Ok(())
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
            Row::read::<(String, String, String, Option<String>, Option<String>)>,
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
                    attachment, charge_fen
             FROM point_events WHERE day >= ?1 AND day <= ?2 ORDER BY day, id",
            args![day_text(month.first_day()), day_text(month.last_day())],
            Row::read::<(
                i64,
                String,
                String,
                String,
                u32,
                String,
                String,
                String,
                String,
                Option<String>,
                Option<i64>,
            )>,
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
                charge,
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
                    charge_yuan: charge.map(from_fen),
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
        let read = attachment.map(|a| self.read_attachment(a)).transpose()?;
        let tx = self.sql().begin()?;
        let month = Month::of(event.day);
        if locked_months(*tx)?.contains(&month) {
            return Err(locked_refusal(month, "扣分事件"));
        }
        let made = match &read {
            Some(file) => self.keep_attachment(*tx, file)?,
            None => false,
        };
        let stored = read.as_ref().map(|file| file.stored.as_str());
        match insert_event(*tx, event, "", stored, now) {
            Ok(id) => {
                tx.commit()?;
                Ok(id)
            }
            Err(e) => {
                if let (Some(file), true) = (&read, made) {
                    self.unkeep_attachment(file);
                }
                Err(e)
            }
        }
    }

    /// Removes an entered or imported event; refused in a locked month.
    pub fn remove_point_event(&mut self, id: i64) -> Result<()> {
        let tx = self.sql().begin()?;
        let day: Option<String> =
            tx.value("SELECT day FROM point_events WHERE id = ?1", args![id])?;
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
            Row::read::<(String, Option<String>, Option<i64>)>,
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
    /// points restores the company default. Refused when another save of that rule came
    /// after the revision `edit.seen` the page showed (two supervisors at once). Returns
    /// the rule's new revision.
    pub fn save_rule_override(
        &self,
        rule: Rule,
        change: &RuleOverride,
        edit: Edit<'_>,
    ) -> Result<i64> {
        change.check(rule).map_err(StorageError::Refused)?;
        let wording = change
            .wording
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty());
        let tx = self.sql().begin()?;
        let revision = revisions::advance(*tx, Record::Rule(rule), edit)?;
        if wording.is_none() && change.points.is_none() {
            tx.execute(
                "DELETE FROM rule_overrides WHERE code = ?1",
                args![rule.code()],
            )?;
        } else {
            tx.execute(
                "INSERT INTO rule_overrides (code, wording, points) VALUES (?1, ?2, ?3)
                 ON CONFLICT(code) DO UPDATE SET wording = excluded.wording, points = excluded.points",
                args![rule.code(), wording, change.points])?;
        }
        tx.commit()?;
        Ok(revision)
    }

    /// The rules table: company defaults with the supervisor's overrides.
    pub fn rule_table(&self) -> Result<RuleTable> {
        Ok(RuleTable::with_overrides(&self.rule_overrides()?))
    }

    /// The attendance settings, defaults where never saved.
    pub fn attendance_settings(&self) -> Result<AttendanceSettings> {
        let setting = Setting::Attendance;
        crate::storage::settings::read_json(self.sql(), setting.key(), setting.label())
    }

    /// Saves the attendance settings.
    pub fn save_attendance_settings(
        &self,
        settings: &AttendanceSettings,
        edit: Edit<'_>,
    ) -> Result<()> {
        self.save_setting(Setting::Attendance, settings, edit)
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
            Row::read::<(String, String, String, i64, Option<i64>, i64)>,
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
            alterations: self.alterations_between(&from, &to)?,
            reweighs: self.reweighs_between(&from, &to)?,
        })
    }

    /// The alterations recorded in `[from, to)` with the issuing clerk of each waybill,
    /// oldest first: what P2, P3 and P5 are found in.
    fn alterations_between(&self, from: &str, to: &str) -> Result<Vec<AlterationFacts>> {
        let rows = self.sql().query_map(
            ALTERATIONS,
            args![HistoryAction::Alter.label(), from, to],
            Row::read::<(String, String, String, String, String, String)>,
        )?;
        let mut out = Vec::new();
        for (number, clerk_id, at, altered_by, reason, changes) in rows {
            let changes: Vec<FieldChange> = serde_json::from_str(&changes)
                .map_err(|e| json_corrupt(&format!("运单 {number} 的修改记录"), &e))?;
            out.push(AlterationFacts {
                number,
                clerk_id,
                altered_at: parse_time(&at)?,
                altered_by,
                reason,
                changes,
            });
        }
        Ok(out)
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
            Row::read::<(String, String, String, String, String)>,
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
        let reason = crate::storage::required_reason(
            reason,
            "请填写撤销原因：检测到的扣分只有写明原因才能撤销",
        )?;
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
        // The lock holds every station's review: the company's to sign where several
        // stations share the database.
        if self.scope() != Scope::Company && self.stations()?.len() > 1 {
            return Err(StorageError::Refused(format!(
                "{month} 的考核由总部锁定：几个站点共用数据库时，锁定对全公司生效"
            )));
        }
        // Everything the lock keeps is read in its transaction, under the writer lock: an
        // appeal, a dismissal or a waiver that lands while the supervisor signs is either
        // in what is signed or waits until after it (and then meets a locked month).
        let tx = self.sql().begin()?;
        let locked = locked_months(*tx)?;
        if locked.contains(&month) {
            return Err(StorageError::Refused(format!("{month} 的考核已经锁定")));
        }
        let pending = self
            .appeals(month)?
            .iter()
            .filter(|a| a.decision.is_none())
            .count()
            + self
                .charge_appeals(month)?
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
        let carried = self.carried_out(month, now)?;
        if locked.contains(&month.next()) && carried != "[]" {
            return Err(StorageError::Refused(format!(
                "{next} 已经锁定，{month} 的未扣回费用无法结转到 {next}：请先免除或更改这些费用，再锁定",
                next = month.next()
            )));
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
            "INSERT INTO month_locks (month, locked_at, locked_by, rules, attendance, staff, departures, carried)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            args![
                month.to_string(),
                time_text(now),
                by,
                rules,
                attendance,
                staff,
                departures,
                carried
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
        let frozen_at = frozen.is_some();
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
        let mut review = review_month(&ReviewInputs {
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
        });
        let locked_at = frozen_at.then_some(as_of);
        self.add_month_charges(&mut review, locked_at)?;
        // A station's supervisor reviews the station's people.
        if self.scope() != Scope::Company {
            let posts = self.posts()?;
            review.people.retain(|p| {
                posts
                    .get(&p.staff_id)
                    .is_some_and(|post| *post == self.scope())
            });
        }
        Ok(review)
    }
}

/// Adds or updates one staff record, moving its revision on; says whether it existed.
/// A new one joins the station `scope` acts for; a station's connection may change only
/// its own people (the company's, anyone).
fn write_staff(conn: Conn<'_>, scope: Scope, person: &Staff, edit: Edit<'_>) -> Result<bool> {
    revisions::advance(conn, Record::Staff(&person.id), edit)?;
    let post: Option<Option<i64>> = conn.value(
        "SELECT station_id FROM staff WHERE id = ?1",
        args![&person.id],
    )?;
    let exists = post.is_some();
    if let Some(post) = post
        && scope != Scope::Company
        && post != scope.stored()
    {
        return Err(StorageError::Refused(format!(
            "工号 {} 不是本站的员工：只能由其所在站点或总部的主管修改",
            person.id
        )));
    }
    let post = post.unwrap_or(Some(scope.acting()));
    check_post(person.role, Scope::of(post)).map_err(StorageError::Refused)?;
    conn.execute(
        "INSERT INTO staff (id, name, role, joined_on, left_on, base_salary_fen, station_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
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
            scope.acting(),
        ],
    )?;
    Ok(exists)
}
