//! The 送货预约 tab (issue 18 item 1): goods whose 要求到货日期 is near or past; the goods
//! to be delivered without an appointment (waiting here or on the way); the appointment
//! form (day, window, address, who receives, vehicle, what was said) to make one or to
//! move one with the reason; and a day's appointments by vehicle, each vehicle's run
//! sheet printed or saved, each appointment moved or marked missed with the reason.

use super::super::Command;
use super::super::widgets::{
    ERROR_RED, OK_GREEN, WARN_AMBER, choice, error_text, field_label, section, text_field,
};
use super::ServiceCommand;
use crate::domain::dispatch::Stage;
use crate::domain::dispatch::appointment::{
    AppointmentDraft, AppointmentField, DayPart, check_reason, late_for_required,
};
use crate::storage::dispatch::appointments::{AppointmentLine, DeliveryCandidate};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use egui::{RichText, Ui};
use std::collections::HashMap;

/// Chinese text of this tab.
mod text {
    pub const RISKS: &str = "可能误期（要求到货日期已近或已过，未送达）";
    pub const TO_BOOK: &str = "待预约送货（送货上门的运单，已到站或在途）";
    pub const NONE_TO_BOOK: &str = "没有待预约的送货";
    pub const HERE: &str = "已到站";
    pub const ON_THE_WAY: &str = "在途";
    pub const BOOKED: &str = "已约 {w}";
    pub const BOOK: &str = "预约";
    pub const FORM_NEW: &str = "预约送货 {n}：{c}";
    pub const FORM_MOVE: &str = "改约 #{id}（运单 {n}）";
    pub const FROM: &str = "从";
    pub const TO: &str = "到";
    pub const REASON: &str = "改约原因";
    pub const SAVE: &str = "保存预约";
    pub const SAVE_MOVE: &str = "保存改约";
    pub const CANCEL: &str = "取消";
    pub const DAY: &str = "送货单日期";
    pub const PREV: &str = "◀ 前一天";
    pub const NEXT: &str = "后一天 ▶";
    pub const TOMORROW: &str = "明天";
    pub const NONE_ON_DAY: &str = "这一天没有预约送货";
    pub const NO_VEHICLE: &str = "未派车";
    pub const VEHICLE_HEAD: &str = "{v}：{n} 票，{p} 件";
    pub const PRINT: &str = "打印派车单";
    pub const PDF: &str = "派车单 PDF…";
    pub const MOVE: &str = "改约";
    pub const MISS: &str = "登记未履约";
    pub const MISS_REASON: &str = "未履约原因 #{id}";
    pub const DELIVERED: &str = "已送达";
    pub const FIX: &str = "有 {n} 处需要修改，见红字";
}

/// What the form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A new appointment for this waybill.
    New(String),
    /// Moving appointment `id` of this waybill.
    Move(i64, String),
}

/// The appointment form open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentForm {
    /// What it is for.
    pub target: Target,
    /// 收货方, for the title.
    pub consignee: String,
    /// The waybill's 要求到货日期.
    pub required_by: Option<NaiveDate>,
    /// As typed.
    pub draft: AppointmentDraft,
    /// 改约原因 as typed.
    pub reason: String,
    /// Show the problems (after the first attempt).
    pub show_errors: bool,
}

/// Everything the tab keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct AppointmentsState {
    /// Goods that may be late.
    pub risks: Vec<DeliveryCandidate>,
    /// Goods to be delivered.
    pub candidates: Vec<DeliveryCandidate>,
    /// The day whose appointments are shown; `None` until loaded (then tomorrow).
    pub day: Option<NaiveDate>,
    /// Its open appointments, by vehicle.
    pub lines: Vec<AppointmentLine>,
    /// The form, when open.
    pub form: Option<AppointmentForm>,
    /// 未履约 reasons as typed, per appointment.
    pub miss_reasons: HashMap<i64, String>,
    /// A problem found before anything was sent (a missing reason), shown until the
    /// next attempt.
    pub problem: Option<String>,
}

/// Draws the tab.
pub fn appointments_ui(
    ui: &mut Ui,
    state: &mut AppointmentsState,
    now: NaiveDateTime,
) -> Option<Command> {
    let mut command = None;
    if !state.risks.is_empty() {
        section(ui, text::RISKS);
        for c in &state.risks {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&c.waybill.number).monospace());
                ui.label(format!(
                    "{} {}",
                    c.waybill.consignee_name, c.waybill.consignee_phone
                ));
                ui.label(where_text(c));
                if let Some(alert) = &c.alert {
                    ui.label(RichText::new(alert).color(ERROR_RED).strong());
                }
            });
        }
        ui.separator();
    }
    section(ui, text::TO_BOOK);
    let waiting: Vec<&DeliveryCandidate> = state
        .candidates
        .iter()
        .filter(|c| c.open.is_none())
        .collect();
    if waiting.is_empty() {
        ui.label(RichText::new(text::NONE_TO_BOOK).weak());
    }
    let mut open_form = None;
    egui::Grid::new("appointment_candidates")
        .num_columns(6)
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for c in waiting {
                let w = &c.waybill;
                ui.label(RichText::new(&w.number).monospace());
                ui.label(where_text(c));
                ui.label(format!("{} {}", w.consignee_name, w.consignee_phone));
                ui.label(format!("{} {} 件", w.goods_name, w.pieces));
                match &c.alert {
                    Some(alert) => ui.label(RichText::new(alert).color(ERROR_RED)),
                    None => ui.label(""),
                };
                if ui.button(text::BOOK).clicked() {
                    open_form = Some(AppointmentForm {
                        target: Target::New(w.number.clone()),
                        consignee: w.consignee_name.clone(),
                        required_by: w.required_by,
                        draft: AppointmentDraft::for_waybill(
                            now.date(),
                            &w.delivery_address,
                            &w.consignee_name,
                            &w.consignee_phone,
                        ),
                        reason: String::new(),
                        show_errors: false,
                    });
                }
                ui.end_row();
            }
        });
    if let Some(form) = open_form {
        state.form = Some(form);
    }
    if let Some(c) = form_ui(ui, state, now) {
        command = Some(c);
    }
    ui.separator();
    if let Some(c) = day_ui(ui, state, now) {
        command = Some(c);
    }
    command
}

fn where_text(c: &DeliveryCandidate) -> String {
    let place = if c.in_transit {
        text::ON_THE_WAY
    } else {
        text::HERE
    };
    match &c.open {
        Some(open) => format!(
            "{place}，{}",
            text::BOOKED.replace("{w}", &open.appointment.when())
        ),
        None => place.to_owned(),
    }
}

fn form_ui(ui: &mut Ui, state: &mut AppointmentsState, now: NaiveDateTime) -> Option<Command> {
    let form = state.form.as_mut()?;
    ui.separator();
    let title = match &form.target {
        Target::New(number) => text::FORM_NEW
            .replace("{n}", number)
            .replace("{c}", &form.consignee),
        Target::Move(id, number) => text::FORM_MOVE
            .replace("{id}", &id.to_string())
            .replace("{n}", number),
    };
    ui.label(RichText::new(title).strong());
    let validation = form.draft.validate(now);
    let errors: HashMap<AppointmentField, String> = match (&validation, form.show_errors) {
        (Err(list), true) => list.iter().cloned().collect(),
        _ => HashMap::new(),
    };
    let err = |f: AppointmentField| errors.get(&f).map(String::as_str);
    let moving = matches!(form.target, Target::Move(..));
    let d = &mut form.draft;
    egui::Grid::new("appointment_form")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            let l = field_label(ui, AppointmentField::Day.label(), true);
            text_field(
                ui,
                &l,
                &mut d.day,
                120.0,
                crate::ui::widgets::DATE_HINT,
                err(AppointmentField::Day),
            );
            ui.end_row();
            let l = field_label(ui, AppointmentField::Window.label(), true);
            ui.vertical(|ui| {
                choice(ui, &l, &mut d.part, &DayPart::ALL, DayPart::label);
                if d.part == DayPart::Exact {
                    ui.horizontal(|ui| {
                        let f = ui.label(text::FROM);
                        ui.add(
                            egui::TextEdit::singleline(&mut d.from)
                                .desired_width(60.0)
                                .hint_text("09:30"),
                        )
                        .labelled_by(f.id);
                        let t = ui.label(text::TO);
                        ui.add(
                            egui::TextEdit::singleline(&mut d.to)
                                .desired_width(60.0)
                                .hint_text("11:00"),
                        )
                        .labelled_by(t.id);
                    });
                }
                if let Some(e) = err(AppointmentField::Window) {
                    error_text(ui, e);
                }
            });
            ui.end_row();
            for (field, value, width, required) in [
                (AppointmentField::Address, &mut d.address, 420.0, true),
                (AppointmentField::Contact, &mut d.contact_name, 300.0, false),
                (AppointmentField::Phone, &mut d.contact_phone, 200.0, true),
                (AppointmentField::Vehicle, &mut d.vehicle, 200.0, false),
                (AppointmentField::Said, &mut d.said, 420.0, false),
            ] {
                let l = field_label(ui, field.label(), required);
                text_field(ui, &l, value, width, "", err(field));
                ui.end_row();
            }
            if moving {
                let l = field_label(ui, text::REASON, true);
                text_field(ui, &l, &mut form.reason, 420.0, "谁提出的、为什么", None);
                ui.end_row();
            }
        });
    if let Ok(a) = &validation
        && let Some(warning) = late_for_required(a.day, form.required_by)
    {
        ui.label(RichText::new(warning).color(WARN_AMBER));
    }
    let (mut command, mut problem, mut cancel) = (None, None, false);
    ui.horizontal(|ui| {
        let save = if moving { text::SAVE_MOVE } else { text::SAVE };
        if ui.button(save).clicked() {
            form.show_errors = true;
            match (&validation, &form.target) {
                (Ok(a), Target::New(number)) => {
                    command = Some(ServiceCommand::MakeAppointment {
                        number: number.clone(),
                        appointment: a.clone(),
                    });
                }
                (Ok(a), Target::Move(id, _)) => match check_reason(&form.reason) {
                    Ok(reason) => {
                        command = Some(ServiceCommand::MoveAppointment {
                            id: *id,
                            appointment: a.clone(),
                            reason,
                        });
                    }
                    Err(m) => problem = Some(m),
                },
                (Err(list), _) => {
                    problem = Some(text::FIX.replace("{n}", &list.len().to_string()));
                }
            }
        }
        if ui.button(text::CANCEL).clicked() {
            cancel = true;
        }
        if let Some(p) = &state.problem {
            ui.label(RichText::new(p).color(ERROR_RED));
        }
    });
    if cancel {
        state.form = None;
        state.problem = None;
    }
    if command.is_some() || problem.is_some() {
        state.problem = problem;
    }
    command.map(Command::Service)
}

fn day_ui(ui: &mut Ui, state: &mut AppointmentsState, now: NaiveDateTime) -> Option<Command> {
    let mut command = None;
    let tomorrow = now.date() + Duration::days(1);
    let day = state.day.unwrap_or(tomorrow);
    ui.horizontal(|ui| {
        ui.label(RichText::new(text::DAY).strong());
        if ui.button(text::PREV).clicked() {
            command = Some(ServiceCommand::AppointmentsDay(day - Duration::days(1)));
        }
        ui.label(RichText::new(day.format("%Y-%m-%d").to_string()).strong());
        if ui.button(text::NEXT).clicked() {
            command = Some(ServiceCommand::AppointmentsDay(day + Duration::days(1)));
        }
        if day != tomorrow && ui.button(text::TOMORROW).clicked() {
            command = Some(ServiceCommand::AppointmentsDay(tomorrow));
        }
    });
    if state.form.is_none()
        && let Some(p) = &state.problem
    {
        ui.label(RichText::new(p).color(ERROR_RED));
    }
    if state.lines.is_empty() {
        ui.label(RichText::new(text::NONE_ON_DAY).weak());
    }
    let mut vehicles: Vec<&str> = state
        .lines
        .iter()
        .map(|l| l.stored.appointment.vehicle.as_str())
        .collect();
    vehicles.dedup();
    for vehicle in vehicles {
        let lines: Vec<&AppointmentLine> = state
            .lines
            .iter()
            .filter(|l| l.stored.appointment.vehicle == vehicle)
            .collect();
        let pieces: u32 = lines.iter().map(|l| l.waybill.pieces).sum();
        ui.horizontal(|ui| {
            let name = if vehicle.is_empty() {
                text::NO_VEHICLE
            } else {
                vehicle
            };
            ui.label(
                RichText::new(
                    text::VEHICLE_HEAD
                        .replace("{v}", name)
                        .replace("{n}", &lines.len().to_string())
                        .replace("{p}", &pieces.to_string()),
                )
                .strong(),
            );
            if ui.button(text::PRINT).clicked() {
                command = Some(ServiceCommand::RunSheet {
                    day,
                    vehicle: vehicle.to_owned(),
                    save: false,
                });
            }
            if ui.button(text::PDF).clicked() {
                command = Some(ServiceCommand::RunSheet {
                    day,
                    vehicle: vehicle.to_owned(),
                    save: true,
                });
            }
        });
        for line in lines {
            if let Some(c) = line_ui(
                ui,
                line,
                &mut state.miss_reasons,
                &mut state.form,
                &mut state.problem,
            ) {
                command = Some(c);
            }
        }
        ui.add_space(6.0);
    }
    command.map(Command::Service)
}

fn line_ui(
    ui: &mut Ui,
    line: &AppointmentLine,
    reasons: &mut HashMap<i64, String>,
    form: &mut Option<AppointmentForm>,
    problem: &mut Option<String>,
) -> Option<ServiceCommand> {
    let a = &line.stored.appointment;
    let w = &line.waybill;
    let id = line.stored.id;
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "{}–{}",
                a.from.format("%H:%M"),
                a.to.format("%H:%M")
            ))
            .strong(),
        );
        ui.label(RichText::new(&w.number).monospace());
        ui.label(format!("{} {}", a.contact_name, a.contact_phone));
        ui.label(&a.address);
        ui.label(format!("{} {} 件", w.goods_name, w.pieces));
        if !a.said.is_empty() {
            ui.label(RichText::new(format!("（{}）", a.said)).weak());
        }
        if let Some(warning) = late_for_required(a.day, w.required_by) {
            ui.label(RichText::new(warning).color(WARN_AMBER));
        }
    });
    if w.life.stage == Stage::Delivered {
        ui.label(RichText::new(text::DELIVERED).color(OK_GREEN));
        return None;
    }
    let mut command = None;
    ui.horizontal(|ui| {
        ui.add_space(20.0);
        if ui.small_button(text::MOVE).clicked() {
            *form = Some(AppointmentForm {
                target: Target::Move(id, w.number.clone()),
                consignee: w.consignee_name.clone(),
                required_by: w.required_by,
                draft: AppointmentDraft {
                    day: a.day.format("%Y-%m-%d").to_string(),
                    part: DayPart::Exact,
                    from: a.from.format("%H:%M").to_string(),
                    to: a.to.format("%H:%M").to_string(),
                    address: a.address.clone(),
                    contact_name: a.contact_name.clone(),
                    contact_phone: a.contact_phone.clone(),
                    vehicle: a.vehicle.clone(),
                    said: a.said.clone(),
                },
                reason: String::new(),
                show_errors: false,
            });
        }
        let reason = reasons.entry(id).or_default();
        let label = text::MISS_REASON.replace("{id}", &id.to_string());
        let l = ui.label(RichText::new(&label).small());
        ui.add(
            egui::TextEdit::singleline(reason)
                .desired_width(220.0)
                .hint_text("客户不在、车未到…"),
        )
        .labelled_by(l.id);
        if ui.small_button(text::MISS).clicked() {
            match check_reason(reason) {
                Ok(reason) => command = Some(ServiceCommand::MissAppointment { id, reason }),
                Err(m) => *problem = Some(m),
            }
        }
    });
    command
}
