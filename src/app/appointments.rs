//! Carrying out the 送货预约 commands (issue 18 item 1): making, moving and missing
//! appointments, the day shown, and a vehicle's run sheet printed or saved. A failure is
//! shown in the service page's message.

use super::App;
use crate::documents::dispatch::run_sheet_pdf::run_sheet_pdf;
use crate::ui::service::ServiceCommand;
use crate::ui::service::appointments::AppointmentsState;
use chrono::{Duration, NaiveDateTime};

/// Chinese text of the appointment commands.
mod text {
    pub const MADE: &str = "已预约运单 {n}：{w}";
    pub const MOVED: &str = "已改约：运单 {n} 改为 {w}";
    pub const MISSED: &str = "预约 #{id} 已登记未履约，货物回到待预约";
    pub const SAVED: &str = "派车单已保存：{p}";
    pub const DOC: &str = "送货派车单";
}

impl App {
    /// Runs one 送货预约 command.
    pub(super) fn try_appointment(
        &mut self,
        command: ServiceCommand,
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        let by = self.user_id();
        match command {
            ServiceCommand::MakeAppointment {
                number,
                appointment,
            } => {
                self.db.make_appointment(&number, &appointment, &by, now)?;
                self.after_appointment(
                    text::MADE
                        .replace("{n}", &number)
                        .replace("{w}", &appointment.when()),
                )?;
            }
            ServiceCommand::MoveAppointment {
                id,
                appointment,
                reason,
            } => {
                let old = self.db.appointment(id)?;
                self.db
                    .move_appointment(id, &appointment, &reason, &by, now)?;
                self.after_appointment(
                    text::MOVED
                        .replace("{n}", &old.waybill_number)
                        .replace("{w}", &appointment.when()),
                )?;
            }
            ServiceCommand::MissAppointment { id, reason } => {
                self.db.miss_appointment(id, &reason, &by, now)?;
                self.service.appointments.miss_reasons.remove(&id);
                self.after_appointment(text::MISSED.replace("{id}", &id.to_string()))?;
            }
            ServiceCommand::AppointmentsDay(day) => {
                self.service.appointments.day = Some(day);
                self.reload_appointments(now)?;
            }
            ServiceCommand::RunSheet { day, vehicle, save } => {
                let lines: Vec<_> = self
                    .db
                    .appointments_on(day)?
                    .iter()
                    .filter(|l| l.stored.appointment.vehicle == vehicle)
                    .map(crate::storage::dispatch::appointments::AppointmentLine::run_line)
                    .collect();
                let bytes = run_sheet_pdf(
                    &self.view.settings.company_name,
                    &self.view.settings.station_name,
                    day,
                    &vehicle,
                    &lines,
                    now,
                )?;
                let name = format!(
                    "{}-{}",
                    day.format("%Y%m%d"),
                    if vehicle.is_empty() {
                        "未派车"
                    } else {
                        &vehicle
                    }
                );
                if save {
                    let file = format!("送货派车单-{name}.pdf");
                    if let Some(path) =
                        crate::app::dialogs::save_bytes(file, "PDF", &["pdf"], &bytes)?
                    {
                        self.service.message = Some((
                            true,
                            text::SAVED.replace("{p}", &path.display().to_string()),
                        ));
                    }
                } else {
                    let printer = self.view.print.waybill_printer.clone();
                    self.send_to_printer(&format!("run-{name}"), &bytes, &printer, text::DOC)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// After a change: the form closed, the lists reloaded, the message shown.
    fn after_appointment(&mut self, message: String) -> anyhow::Result<()> {
        let state = &mut self.service.appointments;
        state.form = None;
        state.problem = None;
        self.reload_appointments((self.clock)())?;
        self.service.message = Some((true, message));
        Ok(())
    }

    /// Loads what the 送货预约 tab shows.
    pub(super) fn reload_appointments(&mut self, now: NaiveDateTime) -> anyhow::Result<()> {
        let state: &mut AppointmentsState = &mut self.service.appointments;
        let day = *state.day.get_or_insert(now.date() + Duration::days(1));
        state.risks = self.db.late_risks(now)?;
        state.candidates = self.db.delivery_candidates(now)?;
        state.lines = self.db.appointments_on(day)?;
        Ok(())
    }
}
