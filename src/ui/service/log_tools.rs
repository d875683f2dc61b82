//! The complaint tools of the 咨询/投诉 log (issue 18 item 4): how an item came in and
//! what a complaint is about, on the entry form; an open item's 转交 (to a person or a
//! station's desk, with the reason) and 回复 (the customer answered for now), with the
//! trail shown under it; and the month's complaint statistics saved as PDF or XLSX.

use super::super::DeskView;
use super::super::widgets::{ERROR_RED, field_label};
use super::{Command, ServiceCommand};
use crate::domain::people::Month;
use crate::domain::service::complaints::{Cause, TrailKind, TransferTo};
use crate::storage::service::ServiceItem;
use egui::{RichText, Ui};

/// Chinese text of the tools.
mod text {
    pub const CAUSE: &str = "投诉原因";
    pub const PICK: &str = "请选择";
    pub const TOOLS: &str = "转交/回复 #{id}";
    pub const TO: &str = "转交给 #{id}";
    pub const REASON: &str = "转交原因 #{id}";
    pub const TRANSFER: &str = "转交";
    pub const REPLY_TEXT: &str = "回复内容 #{id}";
    pub const REPLY: &str = "回复客户";
    pub const DESK: &str = "{s}（该站客服）";
    pub const TRANSFERRED: &str = "{t} {b} 转交给 {to}：{why}";
    pub const REPLIED: &str = "{t} {b} 回复：{what}";
    pub const NOW_WITH: &str = "现由 {h} 处理";
    pub const STATS: &str = "投诉统计";
    pub const PREV: &str = "◀";
    pub const NEXT: &str = "▶";
    pub const PDF: &str = "投诉统计 PDF…";
    pub const XLSX: &str = "投诉统计 XLSX…";
    pub const NO_TARGET: &str = "请选择转交给谁";
}

/// What the tools keep between frames, per item.
#[derive(Debug, Clone, Default)]
pub struct LogTools {
    /// The transfer target chosen, per item.
    pub targets: std::collections::HashMap<i64, TransferTo>,
    /// The transfer reason typed, per item.
    pub reasons: std::collections::HashMap<i64, String>,
    /// The reply typed, per item.
    pub replies: std::collections::HashMap<i64, String>,
    /// The month of the statistics; `None` until chosen (this month).
    pub stats_month: Option<Month>,
    /// What was wrong with the last attempt.
    pub problem: Option<String>,
}

/// The 投诉原因 drop-down of the entry form; `error` under it.
pub fn cause_field(ui: &mut Ui, cause: &mut Option<Cause>, error: Option<&str>) {
    let l = field_label(ui, text::CAUSE, true);
    ui.vertical(|ui| {
        let combo = egui::ComboBox::from_id_salt("complaint_cause")
            .selected_text(cause.map_or(text::PICK, Cause::label))
            .show_ui(ui, |ui| {
                for c in Cause::ALL {
                    ui.selectable_value(cause, Some(c), c.label());
                }
            });
        combo.response.labelled_by(l.id);
        if let Some(e) = error {
            super::super::widgets::error_text(ui, e);
        }
    });
}

fn target_label(view: &DeskView, to: &TransferTo) -> String {
    match to {
        TransferTo::Person(id) => view
            .staff
            .iter()
            .find(|s| &s.id == id)
            .map_or_else(|| id.clone(), crate::storage::staff::StaffMember::label),
        TransferTo::Station(id) => view
            .stations
            .iter()
            .find(|s| s.id == *id)
            .map_or_else(|| id.to_string(), |s| text::DESK.replace("{s}", &s.name)),
    }
}

/// The trail of an item and, while open, its 转交/回复 tools.
pub fn trail_and_tools(
    ui: &mut Ui,
    item: &ServiceItem,
    tools: &mut LogTools,
    view: &DeskView,
) -> Option<Command> {
    for t in &item.trail {
        let when = t.at.format("%m-%d %H:%M").to_string();
        let line = match &t.kind {
            TrailKind::Transfer(person, station) => {
                let to = if person.is_empty() {
                    station
                        .map_or_else(String::new, |s| target_label(view, &TransferTo::Station(s)))
                } else {
                    target_label(view, &TransferTo::Person(person.clone()))
                };
                text::TRANSFERRED
                    .replace("{t}", &when)
                    .replace("{b}", &t.by)
                    .replace("{to}", &to)
                    .replace("{why}", &t.text)
            }
            TrailKind::Reply => text::REPLIED
                .replace("{t}", &when)
                .replace("{b}", &t.by)
                .replace("{what}", &t.text),
        };
        ui.label(RichText::new(line).small());
    }
    if item.current_handler() != item.entry.handler_id {
        let with = target_label(view, &TransferTo::Person(item.current_handler().to_owned()));
        ui.label(
            RichText::new(text::NOW_WITH.replace("{h}", &with))
                .small()
                .strong(),
        );
    }
    if item.answered_at.is_some() {
        return None;
    }
    let id = item.id;
    let mut command = None;
    egui::CollapsingHeader::new(text::TOOLS.replace("{id}", &id.to_string()))
        .id_salt(("log_tools", id))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let l = ui.label(
                    RichText::new(text::REPLY_TEXT.replace("{id}", &id.to_string())).small(),
                );
                let reply = tools.replies.entry(id).or_default();
                ui.add(egui::TextEdit::singleline(reply).desired_width(200.0))
                    .labelled_by(l.id);
                if ui.small_button(text::REPLY).clicked() {
                    command = Some(Command::Service(ServiceCommand::ReplyItem {
                        id,
                        text: reply.clone(),
                    }));
                }
            });
            ui.horizontal(|ui| {
                let l = ui.label(RichText::new(text::TO.replace("{id}", &id.to_string())).small());
                let chosen = tools.targets.get(&id).cloned();
                let combo = egui::ComboBox::from_id_salt(("transfer_to", id))
                    .selected_text(
                        chosen
                            .as_ref()
                            .map_or_else(String::new, |t| target_label(view, t)),
                    )
                    .show_ui(ui, |ui| {
                        for s in &view.stations {
                            let to = TransferTo::Station(s.id);
                            if ui
                                .selectable_label(
                                    chosen.as_ref() == Some(&to),
                                    target_label(view, &to),
                                )
                                .clicked()
                            {
                                tools.targets.insert(id, to);
                            }
                        }
                        for m in &view.staff {
                            let to = TransferTo::Person(m.id.clone());
                            if ui
                                .selectable_label(chosen.as_ref() == Some(&to), m.label())
                                .clicked()
                            {
                                tools.targets.insert(id, to);
                            }
                        }
                    });
                combo.response.labelled_by(l.id);
            });
            ui.horizontal(|ui| {
                let l =
                    ui.label(RichText::new(text::REASON.replace("{id}", &id.to_string())).small());
                let reason = tools.reasons.entry(id).or_default();
                ui.add(egui::TextEdit::singleline(reason).desired_width(200.0))
                    .labelled_by(l.id);
                if ui.small_button(text::TRANSFER).clicked() {
                    match tools.targets.get(&id) {
                        Some(to) => {
                            command = Some(Command::Service(ServiceCommand::TransferItem {
                                id,
                                to: to.clone(),
                                reason: reason.clone(),
                            }));
                        }
                        None => tools.problem = Some(text::NO_TARGET.to_owned()),
                    }
                }
            });
            if let Some(p) = &tools.problem {
                ui.label(RichText::new(p).small().color(ERROR_RED));
            }
        });
    command
}

/// The statistics row: the month and its PDF and XLSX.
pub fn stats_row(ui: &mut Ui, tools: &mut LogTools, this_month: Month) -> Option<Command> {
    let month = *tools.stats_month.get_or_insert(this_month);
    let mut command = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(text::STATS).strong());
        if ui.small_button(text::PREV).clicked() {
            tools.stats_month = Some(Month::of(month.first_day() - chrono::Days::new(1)));
        }
        ui.label(month.to_string());
        if ui.small_button(text::NEXT).clicked() && month < this_month {
            tools.stats_month = Some(month.next());
        }
        if ui.button(text::PDF).clicked() {
            command = Some(Command::Service(ServiceCommand::ComplaintStats {
                month,
                xlsx: false,
            }));
        }
        if ui.button(text::XLSX).clicked() {
            command = Some(Command::Service(ServiceCommand::ComplaintStats {
                month,
                xlsx: true,
            }));
        }
    });
    command
}
