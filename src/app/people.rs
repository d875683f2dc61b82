//! Carrying out the people's commands: the staff list, passwords, attendance settings
//! and the schedule, departures, the rules, point events with their attachments,
//! detections, appeals, requests, handovers, locking a month and the review's exports.

use super::App;
use super::text;
use crate::domain::people::Month;
use crate::ui::PeopleCommand;
use chrono::NaiveDateTime;

impl App {
    /// Carries out one of the people's commands.
    pub(super) fn handle_people(
        &mut self,
        command: PeopleCommand,
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        match command {
            PeopleCommand::SaveStaff(person) => {
                self.require_supervisor()?;
                let label = format!("{} {}", person.id, person.name);
                self.db.import_staff(std::slice::from_ref(&person))?;
                self.reload_view()?;
                self.settings.message = Some((true, text::STAFF_SAVED.replace("{s}", &label)));
            }
            PeopleCommand::ResetPassword { staff_id, password } => {
                self.require_supervisor()?;
                self.db.set_password(&staff_id, &password, now)?;
                self.settings.message = Some((true, text::PASSWORD_SET.replace("{s}", &staff_id)));
            }
            PeopleCommand::SaveAttendanceSettings(settings) => {
                self.require_supervisor()?;
                self.db.save_attendance_settings(&settings)?;
                self.settings.attendance = Some(
                    crate::domain::people::attendance::AttendanceDraft::new(&settings),
                );
                self.settings.message = Some((true, text::ATTENDANCE_SAVED.to_owned()));
            }
            PeopleCommand::LoadSchedule(month) => {
                self.require_supervisor()?;
                self.load_schedule(month)?;
            }
            PeopleCommand::SaveSchedule { month, entries } => {
                self.require_supervisor()?;
                let count = self.db.save_schedule(month, &entries)?;
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
            PeopleCommand::SaveRule(rule, change) => {
                self.require_supervisor()?;
                self.db.save_rule_override(rule, &change)?;
                self.reload_view()?;
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
                if let Some(path) = rfd::FileDialog::new().pick_file() {
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
            PeopleCommand::DismissDetection { found, reason } => {
                self.require_supervisor()?;
                let by = self.user_id();
                let month = Month::of(found.event.day);
                self.db.dismiss_detection(&found, &reason, &by, now)?;
                self.review.message = Some((true, text::DISMISSED.to_owned()));
                self.load_review(month)?;
            }
            PeopleCommand::AppealEvent { event_id, reason } => {
                let by = self.user_id();
                self.db.appeal_event(event_id, &by, &reason, now)?;
                self.review.appeal_reason.clear();
                self.reload_review()?;
            }
            PeopleCommand::AppealDetection { found, reason } => {
                let by = self.user_id();
                self.db.appeal_detection(&found, &by, &reason, now)?;
                self.review.appeal_reason.clear();
                self.reload_review()?;
            }
            PeopleCommand::DecideAppeal {
                id,
                withdraw,
                reason,
            } => {
                self.require_supervisor()?;
                let by = self.user_id();
                let outcome = if withdraw {
                    crate::domain::people::requests::AppealOutcome::Withdrawn
                } else {
                    crate::domain::people::requests::AppealOutcome::Upheld
                };
                self.db.decide_appeal(id, outcome, &reason, &by, now)?;
                self.review.appeal_reason.clear();
                self.reload_review()?;
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
                let Some(path) = rfd::FileDialog::new()
                    .add_filter("CSV/XLSX", &["csv", "xlsx"])
                    .pick_file()
                else {
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
