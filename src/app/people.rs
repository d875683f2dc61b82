//! Carrying out the people's commands: the staff list, passwords, attendance settings
//! and the schedule, departures, the rules, point events with their attachments,
//! detections, appeals, requests, handovers, locking a month and the review's exports.

use super::App;
use super::text;

/// Chinese text of the handover's prefilled notes.
mod handover_text {
    pub const NONE_TO_NOTIFY: &str = "无待通知提货";
    pub const TO_NOTIFY: &str = "待通知提货 {n} 票（其中超时 {o} 票）：{list}";
    pub const STOCK: &str = "库存 {n} 票 {p} 件";
    pub const LATE: &str = "，其中 {k} 票要求到货日期将误";
}
use crate::domain::people::Month;
use crate::domain::people::requests::AppealOutcome;
use crate::imports::{ImportFailure, PeopleFile, import_people};
use crate::ui::{AppealId, PeopleCommand};
use chrono::NaiveDateTime;

impl App {
    /// Carries out one of the people's commands.
    pub(super) fn handle_people(
        &mut self,
        command: PeopleCommand,
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        match command {
            PeopleCommand::SaveStaff { person, seen, post } => {
                self.require_supervisor()?;
                let label = format!("{} {}", person.id, person.name);
                let by = self.user_id();
                let saved = self.db.edit_staff(&person, post, self.edit(seen, &by));
                self.reload_view_after(saved)?;
                self.reload_view()?;
                self.settings.staff_seen = None;
                self.settings.message = Some((true, text::STAFF_SAVED.replace("{s}", &label)));
            }
            PeopleCommand::ResetPassword { staff_id, password } => {
                self.require_supervisor()?;
                self.db.set_password(&staff_id, &password, now)?;
                self.settings.message = Some((true, text::PASSWORD_SET.replace("{s}", &staff_id)));
            }
            PeopleCommand::SaveAttendanceSettings { settings, seen } => {
                self.require_supervisor()?;
                let by = self.user_id();
                self.db
                    .save_attendance_settings(&settings, self.edit(seen, &by))?;
                self.settings.attendance_seen = Some(self.db.revision(
                    crate::storage::revisions::Record::Setting(
                        crate::storage::revisions::Setting::Attendance,
                    ),
                )?);
                self.settings.attendance = Some(
                    crate::domain::people::attendance::AttendanceDraft::new(&settings),
                );
                self.settings.message = Some((true, text::ATTENDANCE_SAVED.to_owned()));
            }
            PeopleCommand::LoadSchedule(month) => {
                self.require_supervisor()?;
                self.load_schedule(month)?;
            }
            PeopleCommand::SaveSchedule {
                month,
                entries,
                seen,
            } => {
                self.require_supervisor()?;
                let by = self.user_id();
                let count = self
                    .db
                    .save_schedule(month, &entries, self.edit(seen, &by))?;
                self.load_schedule(month)?;
                self.settings.message = Some((
                    true,
                    text::SCHEDULE_SAVED
                        .replace("{m}", &month.to_string())
                        .replace("{n}", &count.to_string()),
                ));
            }
            PeopleCommand::RecordDeparture(departure) => {
                self.require_supervisor()?;
                self.db.record_departure(&departure, &self.user_id(), now)?;
                self.reload_view()?;
                self.settings.departures = self.db.departures()?;
                self.settings.departure = crate::domain::people::DepartureDraft::default();
                self.settings.message = Some((
                    true,
                    text::DEPARTURE_SAVED
                        .replace("{s}", &departure.staff_id)
                        .replace("{d}", &departure.last_day.to_string()),
                ));
            }
            PeopleCommand::ClearDeparture(staff_id) => {
                self.require_supervisor()?;
                self.db.clear_departure(&staff_id)?;
                self.reload_view()?;
                self.settings.departures = self.db.departures()?;
                self.settings.message =
                    Some((true, text::DEPARTURE_CLEARED.replace("{s}", &staff_id)));
            }
            PeopleCommand::SaveRule(rule, change, seen) => {
                self.require_supervisor()?;
                let by = self.user_id();
                let saved = self
                    .db
                    .save_rule_override(rule, &change, self.edit(Some(seen), &by));
                self.reload_view()?;
                // The row shows what is stored now: this save, or, refused, the other's.
                let stored = crate::ui::settings::RuleRow::shown(rule, &self.view);
                if let Some(row) = self.settings.rules.iter_mut().find(|r| r.rule == rule) {
                    *row = stored;
                }
                saved?;
                self.settings.message = Some((true, text::RULE_SAVED.replace("{r}", rule.code())));
            }
            PeopleCommand::LoadReview(month) => self.load_review(month)?,
            PeopleCommand::AddPointEvent(event, attachment) => {
                self.require_supervisor()?;
                let month = Month::of(event.day);
                self.db
                    .add_point_event_with_attachment(&event, attachment.as_deref(), now)?;
                self.review.event_attachment = None;
                self.review.message = Some((
                    true,
                    text::EVENT_SAVED
                        .replace("{s}", &event.staff_id)
                        .replace("{c}", event.code.code()),
                ));
                self.load_review(month)?;
            }
            PeopleCommand::PickEventAttachment => {
                self.require_supervisor()?;
                if let Some(path) = crate::app::dialogs::pick_any() {
                    self.review.event_attachment = Some(path);
                }
            }
            PeopleCommand::OpenAttachment(stored) => {
                let missing = text::ATTACHMENT_MISSING.replace("{f}", &stored);
                let file = self
                    .db
                    .attachment_file(&stored)
                    .filter(|f| f.exists())
                    .ok_or_else(|| anyhow::anyhow!(missing))?;
                if let Err(e) = self.printing.open(&file) {
                    anyhow::bail!(
                        text::ATTACHMENT_OPEN_FAILED
                            .replace("{f}", &file.display().to_string())
                            .replace("{e}", &e.to_string())
                    );
                }
            }
            PeopleCommand::AdjustCharge {
                staff_id,
                month,
                key,
                amount_yuan,
                reason,
            } => {
                self.require_supervisor()?;
                let by = self.user_id();
                let change = crate::domain::people::review::charges::Adjustment {
                    staff_id,
                    key,
                    amount_yuan,
                    reason,
                    by,
                    at: now,
                };
                self.db.adjust_charge(month, &change)?;
                self.review.charge_change = (String::new(), String::new());
                self.review.message = Some((true, text::CHARGE_ADJUSTED.to_owned()));
                self.load_review(month)?;
            }
            PeopleCommand::DismissDetection { found, reason } => {
                self.require_supervisor()?;
                let by = self.user_id();
                let month = Month::of(found.event.day);
                self.db.dismiss_detection(&found, &reason, &by, now)?;
                self.review.message = Some((true, text::DISMISSED.to_owned()));
                self.load_review(month)?;
            }
            PeopleCommand::AppealEvent { event_id, reason } => {
                self.appeal_step(false, |db, by| db.appeal_event(event_id, by, &reason, now))?;
            }
            PeopleCommand::AppealDetection { found, reason } => {
                self.appeal_step(false, |db, by| {
                    db.appeal_detection(&found, by, &reason, now)
                })?;
            }
            PeopleCommand::DecideAppeal {
                appeal,
                withdraw,
                reason,
            } => {
                let outcome = AppealOutcome::of(withdraw);
                self.appeal_step(true, |db, by| match appeal {
                    AppealId::Event(id) => {
                        db.decide_appeal(id, outcome, &reason, by, now).map(drop)
                    }
                    AppealId::Charge(id) => db
                        .decide_charge_appeal(id, outcome, &reason, by, now)
                        .map(drop),
                })?;
            }
            PeopleCommand::AppealCharge { month, key, reason } => {
                let by = self.user_id();
                self.db.appeal_charge(month, &key, &by, &reason, now)?;
                self.review.appeal_reason.clear();
                self.load_review(month)?;
                self.review.message = Some((true, text::CHARGE_APPEALED.to_owned()));
            }
            PeopleCommand::ConfirmDebts(month) => {
                self.require_supervisor()?;
                let by = self.user_id();
                let added = self.db.confirm_clerk_debts(month, &by, now)?;
                self.load_review(month)?;
                self.review.message = Some((
                    true,
                    text::DEBTS_CONFIRMED.replace("{n}", &added.to_string()),
                ));
            }
            PeopleCommand::LockMonth(month) => {
                self.require_supervisor()?;
                let by = self.user_id();
                self.db.lock_month(month, &by, now)?;
                self.load_review(month)?;
                self.review.message = Some((
                    true,
                    text::LOCKED.replace("{m}", &month.first_day().format("%Y-%m").to_string()),
                ));
            }
            PeopleCommand::PickPeopleFile(kind) => {
                self.require_supervisor()?;
                let Some(path) = crate::app::dialogs::pick("CSV/XLSX", &["csv", "xlsx"]) else {
                    return Ok(());
                };
                self.prepare_people_import(kind, &path)?;
            }
            PeopleCommand::ImportPeople {
                kind,
                path,
                mapping,
            } => {
                self.require_supervisor()?;
                self.import_people(kind, &path, &mapping)?;
            }
            PeopleCommand::RecordHandover(notes) => {
                let key = self
                    .shift
                    .summary
                    .as_ref()
                    .map(|s| s.key.clone())
                    .ok_or_else(|| anyhow::anyhow!(text::NOT_ON_SHIFT))?;
                self.db.record_handover(&key, &notes, now)?;
                self.shift.message = Some((true, text::HANDOVER_DONE.to_owned()));
                self.load_shift()?;
                self.handover_backup();
            }
            PeopleCommand::AcceptHandover(id) => {
                let by = self.user_id();
                self.db.accept_handover(id, &by, now)?;
                self.shift.message = Some((true, text::HANDOVER_ACCEPTED.to_owned()));
                self.load_shift()?;
            }
            PeopleCommand::SubmitRequest(request) => {
                self.db.add_request(&request, now)?;
                self.shift.request = crate::domain::people::requests::RequestDraft::default();
                self.shift.message = Some((true, text::REQUEST_DONE.to_owned()));
                self.load_shift()?;
            }
            PeopleCommand::DecideRequest { id, approve } => {
                self.require_supervisor()?;
                let by = self.user_id();
                self.db.decide_request(id, approve, &by, now)?;
                self.load_shift()?;
            }
            PeopleCommand::ExportReview { month, xlsx } => {
                self.require_supervisor()?;
                self.export_review(month, xlsx)?;
            }
        }
        Ok(())
    }
}

impl App {
    pub(super) fn load_review(&mut self, month: Month) -> anyhow::Result<()> {
        let now = (self.clock)();
        let review = self.db.month_review(month, now)?;
        // Everyone sees the detections (a clerk only their own, to appeal them).
        self.review.detections = self.db.detections_at(month, now)?;
        self.review.events = self.db.point_events(month)?;
        self.review.appeals = self.db.appeals(month)?;
        self.review.charge_appeals = self.db.charge_appeals(month)?;
        self.review.locked = self.db.locked_months()?.contains(&month);
        self.review.satisfaction = self.db.satisfaction(month)?.1;
        let mut history = Vec::new();
        let mut m = month;
        for _ in 0..6 {
            let past = if m == month {
                review.clone()
            } else {
                self.db.month_review(m, now)?
            };
            for p in &past.people {
                history.push((m, p.staff_id.clone(), p.points));
            }
            m = Month::of(m.first_day() - chrono::Days::new(1));
        }
        history.reverse();
        self.review.history = history;
        self.review.review = Some(review);
        self.review.month = Some(month);
        Ok(())
    }

    /// Reads a people file's header and proposes the mapping: a column of the required
    /// name, when the file has one.
    pub fn prepare_people_import(
        &mut self,
        kind: usize,
        path: &std::path::Path,
    ) -> anyhow::Result<()> {
        let kind_of = PeopleFile::ALL
            .get(kind)
            .copied()
            .unwrap_or(PeopleFile::Punches);
        let headers = crate::documents::tabular::read_headers(path)?;
        let import = &mut self.review.import;
        import.kind = kind;
        import.required = kind_of.columns().iter().map(|c| (*c).to_owned()).collect();
        import.mapping = import
            .required
            .iter()
            .map(|r| {
                headers
                    .iter()
                    .find(|h| *h == r)
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        import.headers = headers;
        import.path = Some(path.to_owned());
        import.report = None;
        Ok(())
    }

    /// Imports a people file with its columns mapped; every bad row is reported and
    /// nothing is written when there is one.
    pub fn import_people(
        &mut self,
        kind: usize,
        path: &std::path::Path,
        mapping: &[String],
    ) -> anyhow::Result<()> {
        let kind_of = PeopleFile::ALL
            .get(kind)
            .copied()
            .unwrap_or(PeopleFile::Punches);
        let table = crate::documents::tabular::read_table_mapped(
            path,
            kind_of.columns(),
            kind_of.optional_columns(),
            mapping,
        );
        let outcome = match table {
            Ok(table) => import_people(&mut self.db, kind_of, &table, (self.clock)()),
            Err(e) => {
                self.review.import.report = Some((false, e.to_string()));
                return Ok(());
            }
        };
        match outcome {
            Ok(summary) => {
                self.review.import.report = Some((true, summary));
                self.reload_view()?;
                if let Some(month) = self.review.month {
                    self.load_review(month)?;
                }
            }
            Err(ImportFailure::Rows(errors)) => {
                self.review.import.report = Some((false, errors.report()));
            }
            Err(ImportFailure::Storage(e)) => return Err(e.into()),
        }
        Ok(())
    }

    /// Shows the schedule (排班) of `month` in the settings page.
    pub(super) fn load_schedule(&mut self, month: Month) -> anyhow::Result<()> {
        let revision = self
            .db
            .revision(crate::storage::revisions::Record::Schedule(month))?;
        let entries = self
            .db
            .schedule_between(month.first_day(), month.last_day())?;
        self.settings.show_schedule(month, &entries, revision);
        Ok(())
    }

    /// One step of an appeal (filing one, or a supervisor's decision when `supervisor`),
    /// taken as the logged-in person; then the reason box is emptied and the review read
    /// again.
    fn appeal_step<T>(
        &mut self,
        supervisor: bool,
        step: impl FnOnce(&mut crate::storage::Db, &str) -> crate::storage::Result<T>,
    ) -> anyhow::Result<()> {
        if supervisor {
            self.require_supervisor()?;
        }
        let by = self.user_id();
        step(&mut self.db, &by)?;
        self.review.appeal_reason.clear();
        self.reload_review()
    }

    pub(super) fn reload_review(&mut self) -> anyhow::Result<()> {
        let month = self
            .review
            .month
            .unwrap_or_else(|| Month::of((self.clock)().date()));
        self.load_review(month)
    }

    /// Loads the handover and requests page for the user.
    pub(super) fn load_shift(&mut self) -> anyhow::Result<()> {
        let now = (self.clock)();
        let user = self.user_id();
        self.shift.summary = match self.db.on_duty(&user, now)? {
            crate::domain::people::attendance::OnDuty::Shift { day, shift, .. } => {
                Some(self.db.handover_summary(&user, day, shift)?)
            }
            _ => None,
        };
        self.shift.recorded = match &self.shift.summary {
            Some(s) => self.db.handover(&s.key)?,
            None => None,
        };
        if self.shift.recorded.is_none() && self.shift.summary.is_some() {
            self.prefill_handover_notes(now)?;
        }
        self.shift.cash_book = self.shift_cash_book(now)?;
        self.shift.to_accept = self.db.handovers_to_accept()?;
        let from = now.date() - chrono::Days::new(31);
        let to = now.date() + chrono::Days::new(31);
        self.shift.mine = self
            .db
            .requests_between(from, to)?
            .into_iter()
            .filter(|r| r.request.staff_id == user)
            .collect();
        self.shift.pending = if self.supervisor() {
            self.db.pending_requests()?
        } else {
            Vec::new()
        };
        Ok(())
    }

    /// Fills the handover's 未通知提货 and 库存情况 from the records as they stand, when
    /// the clerk has not written them yet: the next clerk reads facts, and may add to them.
    fn prefill_handover_notes(&mut self, now: NaiveDateTime) -> anyhow::Result<()> {
        let notes = &mut self.shift.notes;
        if notes.open_notifications.trim().is_empty() {
            let lines = self.db.to_notify(now)?;
            notes.open_notifications = if lines.is_empty() {
                handover_text::NONE_TO_NOTIFY.to_owned()
            } else {
                let overdue = lines.iter().filter(|l| l.overdue).count();
                let numbers: Vec<&str> = lines.iter().take(8).map(|l| l.number.as_str()).collect();
                let more = if lines.len() > numbers.len() {
                    "等"
                } else {
                    ""
                };
                handover_text::TO_NOTIFY
                    .replace("{n}", &lines.len().to_string())
                    .replace("{o}", &overdue.to_string())
                    .replace("{list}", &format!("{}{more}", numbers.join("、")))
            };
        }
        if notes.stock_note.trim().is_empty() {
            let today = now.date();
            let stock = self.db.stock(
                &crate::storage::dispatch::StockQuery {
                    issued_since: Some(today - chrono::Days::new(90)),
                    ..Default::default()
                },
                today,
            )?;
            let pieces: u64 = stock.iter().map(|l| u64::from(l.pieces_left)).sum();
            let late = stock
                .iter()
                .filter(|l| crate::domain::dispatch::arrival_alert(l.required_by, today).is_some())
                .count();
            let mut line = handover_text::STOCK
                .replace("{n}", &stock.len().to_string())
                .replace("{p}", &pieces.to_string());
            if late > 0 {
                line.push_str(&handover_text::LATE.replace("{k}", &late.to_string()));
            }
            notes.stock_note = line;
        }
        Ok(())
    }

    /// Why the clerk may not issue now, or `None` when on duty. The rule applies once
    /// the station keeps a schedule (排班 or clock-in records of the last 31 days): a
    /// station that keeps none cannot tell who is on duty, and is not locked out of its
    /// desk.
    pub(super) fn off_duty_reason(
        &self,
        clerk_id: &str,
        now: NaiveDateTime,
    ) -> anyhow::Result<Option<String>> {
        let since = now.date() - chrono::Days::new(31);
        if self.db.punches_between(since, now.date())?.is_empty()
            && self.db.schedule_between(since, now.date())?.is_empty()
        {
            return Ok(None);
        }
        Ok(match self.db.on_duty(clerk_id, now)? {
            crate::domain::people::attendance::OnDuty::Off { reason } => Some(reason),
            _ => None,
        })
    }

    pub(super) fn export_review(&mut self, month: Month, xlsx: bool) -> anyhow::Result<()> {
        let review = self.db.month_review(month, (self.clock)())?;
        let label = month.first_day().format("%Y-%m").to_string();
        let (bytes, name, filter) = if xlsx {
            (
                crate::documents::people::review_xlsx::review_xlsx(&review)?,
                format!("{label}-工资表.xlsx"),
                "xlsx",
            )
        } else {
            (
                crate::documents::people::review_pdf::review_pdf(
                    &review,
                    &self.view.settings.company_name,
                )?,
                format!("{label}-考核表.pdf"),
                "pdf",
            )
        };
        let Some(path) =
            crate::app::dialogs::save_bytes(name, filter.to_uppercase(), &[filter], &bytes)?
        else {
            return Ok(());
        };
        self.review.message = Some((
            true,
            text::SAVED_PDF.replace("{p}", &path.display().to_string()),
        ));
        Ok(())
    }
}
