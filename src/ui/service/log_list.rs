//! The list of the 咨询/投诉 log: one block per item that wraps to the panel's width (a
//! heading line — number, time, caller, channel and category, handler, where it stands —
//! then the question, the answer and trail, and the item's tools), so it reads at
//! 1024×768 without scrolling sideways; it scrolls with the page's form above it.

use super::super::widgets::{ERROR_RED, OK_GREEN, WARN_AMBER};
use super::text;
use super::{Command, DeskView, ItemStanding, ServiceCommand, ServiceState, log_tools, standing};
use crate::domain::service::{ServiceCategory, check_outcome};
use crate::storage::service::ServiceItem;
use chrono::NaiveDateTime;
use egui::{RichText, Ui};

/// Draws the items of the log, newest first as loaded.
pub(super) fn item_list(
    ui: &mut Ui,
    state: &mut ServiceState,
    view: &DeskView,
    now: NaiveDateTime,
    supervisor: bool,
) -> Option<Command> {
    if state.items.is_empty() {
        ui.label(RichText::new(text::NONE).weak());
        return None;
    }
    let mut command = None;
    let within = state.settings.answer_within_hours;
    let items = std::mem::take(&mut state.items);
    for (row, item) in items.iter().enumerate() {
        let fill = if row % 2 == 0 {
            ui.visuals().faint_bg_color
        } else {
            egui::Color32::TRANSPARENT
        };
        egui::Frame::new()
            .fill(fill)
            .inner_margin(egui::Margin::symmetric(6, 4))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                if let Some(c) = item_block(ui, state, item, view, now, within, supervisor) {
                    command = Some(c);
                }
            });
    }
    state.items = items;
    command
}

/// The name of a 工号 as the staff list has it (the 工号 itself when unknown).
fn name_of(view: &DeskView, id: &str) -> String {
    view.staff
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_owned(), crate::storage::staff::StaffMember::label)
}

/// One item: heading, question, answer and trail, tools.
fn item_block(
    ui: &mut Ui,
    state: &mut ServiceState,
    item: &ServiceItem,
    view: &DeskView,
    now: NaiveDateTime,
    within: u32,
    supervisor: bool,
) -> Option<Command> {
    let mut command = None;
    let e = &item.entry;
    let standing = standing(item, now, within);
    let red = matches!(standing, ItemStanding::Overdue(_));
    let colour = |t: RichText| if red { t.color(ERROR_RED) } else { t };
    ui.horizontal_wrapped(|ui| {
        ui.label(colour(RichText::new(format!("#{}", item.id)).strong()));
        ui.label(colour(RichText::new(
            e.received_at.format("%m-%d %H:%M").to_string(),
        )));
        ui.label(format!("{} {}", e.caller_name, e.phone));
        let mut what = format!("{}｜{}", e.channel.label(), e.category.label());
        if let Some(cause) = e.cause {
            what = format!("{what}｜{}", cause.label());
        }
        if !e.waybill_number.is_empty() {
            what = format!("{what}｜{}", e.waybill_number);
        }
        ui.label(what);
        ui.label(RichText::new(name_of(view, item.current_handler())).weak());
        ui.label(standing_text(item, standing, within));
    });
    ui.label(&e.question);
    if item.answered_at.is_some() {
        ui.label(RichText::new(&item.outcome).small());
    }
    if let Some(c) = log_tools::trail_and_tools(ui, item, &mut state.tools, view) {
        command = Some(c);
    }
    if item.answered_at.is_none() {
        ui.horizontal_wrapped(|ui| {
            let outcome = state.outcomes.entry(item.id).or_default();
            let label = text::OUTCOME.replace("{id}", &item.id.to_string());
            let l = ui.label(RichText::new(&label).small());
            ui.add(
                egui::TextEdit::singleline(outcome)
                    .desired_width(260.0)
                    .hint_text("答复了什么"),
            )
            .labelled_by(l.id);
            if ui.button(text::ANSWER).clicked() {
                match check_outcome(outcome) {
                    Ok(outcome) => {
                        command = Some(Command::Service(ServiceCommand::Answer {
                            id: item.id,
                            outcome,
                        }));
                    }
                    Err(m) => state.message = Some((false, m)),
                }
            }
        });
    }
    if e.category == ServiceCategory::Complaint
        && let Some(c) = complaint_row(ui, state, item, view, supervisor)
    {
        command = Some(c);
    }
    command
}

/// Where the item stands, coloured: answered (late in amber), open, or overdue in red.
fn standing_text(item: &ServiceItem, standing: ItemStanding, within: u32) -> RichText {
    let answered = || {
        item.answered_at
            .map(|t| t.format("%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    match standing {
        ItemStanding::Answered => {
            RichText::new(text::ANSWERED.replace("{t}", &answered())).color(OK_GREEN)
        }
        ItemStanding::AnsweredLate(h) => RichText::new(
            text::ANSWERED_LATE
                .replace("{t}", &answered())
                .replace("{h}", &h.to_string()),
        )
        .color(WARN_AMBER),
        ItemStanding::Open(h) => RichText::new(text::OPEN.replace("{h}", &h.to_string())),
        ItemStanding::Overdue(h) => RichText::new(
            text::OVERDUE
                .replace("{h}", &h.to_string())
                .replace("{l}", &within.to_string()),
        )
        .color(ERROR_RED)
        .strong(),
    }
}

/// A complaint's P19: confirmed (with its event), or for the supervisor the person to
/// charge and 确认投诉→P19.
fn complaint_row(
    ui: &mut Ui,
    state: &mut ServiceState,
    item: &ServiceItem,
    view: &DeskView,
    supervisor: bool,
) -> Option<Command> {
    let mut command = None;
    match item.complaint_event_id {
        Some(event) => {
            ui.label(
                RichText::new(text::CONFIRMED.replace("{e}", &event.to_string())).color(WARN_AMBER),
            );
        }
        None if supervisor => {
            ui.horizontal_wrapped(|ui| {
                let accused = state
                    .accused
                    .entry(item.id)
                    .or_insert_with(|| item.entry.handler_id.clone());
                let label = text::ACCUSED.replace("{id}", &item.id.to_string());
                let l = ui.label(RichText::new(&label).small());
                let combo = egui::ComboBox::from_id_salt(("accused", item.id))
                    .selected_text(name_of(view, accused))
                    .show_ui(ui, |ui| {
                        for member in &view.staff {
                            ui.selectable_value(accused, member.id.clone(), member.label());
                        }
                    });
                combo.response.labelled_by(l.id);
                if ui.button(text::CONFIRM).clicked() {
                    command = Some(Command::Service(ServiceCommand::ConfirmComplaint {
                        id: item.id,
                        staff_id: accused.clone(),
                    }));
                }
            });
        }
        None => {}
    }
    command
}
