//! The 拒收记录 page: every refused consignment, the 登记拒收 form for any reason (dangerous
//! goods, packaging the shipper will not put right, anything else said in words), and the
//! 开箱检查 record of a box opened for inspection, with the inspections so far.

use crate::domain::desk::inspection::{
    Inspection, InspectionDraft, InspectionResult, RefusalCause, RefusalDraft,
};
use crate::storage::waybills::Refusal;
use crate::ui::widgets::{ERROR_RED, choice, empty_notice, field_label, grid_titles, section};
use crate::ui::{Command, DeskCommand};
use chrono::NaiveDateTime;
use egui::{RichText, Ui};

/// Chinese text of this page.
mod text {
    pub const TITLE: &str = "拒收记录";
    pub const EMPTY: &str = "还没有拒收记录";
    pub const COLUMNS: [&str; 5] = ["时间", "开单员", "发货方", "品名", "原因"];
    pub const REFUSE: &str = "登记拒收";
    pub const SHIPPER: &str = "发货方";
    pub const PHONE: &str = "发货方电话";
    pub const GOODS: &str = "品名";
    pub const CAUSE: &str = "拒收原因";
    pub const NOTE: &str = "具体情况";
    pub const SAVE_REFUSAL: &str = "登记拒收（不予托运）";
    pub const INSPECT: &str = "开箱检查";
    pub const NUMBER: &str = "运单号（如有）";
    pub const OWNER: &str = "货主（发货方）";
    pub const OWNER_PHONE: &str = "货主电话";
    pub const DECLARED: &str = "申报品名";
    pub const FOUND: &str = "检查情况";
    pub const RESULT: &str = "检查结论";
    pub const SAVE_INSPECTION: &str = "记录开箱检查";
    pub const INSPECTIONS: &str = "开箱检查记录";
    pub const NO_INSPECTIONS: &str = "还没有开箱检查记录";
    pub const INSPECTION_LINE: &str = "{t}  {c}  {s}  {g}  {w}：{f}［{r}］";
}

/// What the page keeps between frames; the app loads the records.
#[derive(Debug, Clone, Default)]
pub struct RefusalsState {
    /// Refused consignments, newest first.
    pub list: Vec<Refusal>,
    /// Inspections, newest first: when, who, what.
    pub inspections: Vec<(NaiveDateTime, String, Inspection)>,
    /// The 登记拒收 form.
    pub refusal: RefusalDraft,
    /// The 开箱检查 form.
    pub inspection: InspectionDraft,
    /// Problems of the last form sent, or what was saved.
    pub message: Option<(bool, String)>,
}

fn text_row(ui: &mut Ui, label: &str, value: &mut String, width: f32) {
    let l = field_label(ui, label, false);
    ui.add(egui::TextEdit::singleline(value).desired_width(width))
        .labelled_by(l.id);
    ui.end_row();
}

/// Draws the page.
pub fn refusals_ui(ui: &mut Ui, state: &mut RefusalsState) -> Option<Command> {
    let mut command = None;
    ui.heading(text::TITLE);
    crate::ui::widgets::message_line(ui, state.message.as_ref());
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.vertical(|ui| {
                    section(ui, text::REFUSE);
                    egui::Grid::new("refuse_form")
                        .num_columns(2)
                        .show(ui, |ui| {
                            let r = &mut state.refusal;
                            text_row(ui, text::SHIPPER, &mut r.shipper_name, 220.0);
                            text_row(ui, text::PHONE, &mut r.shipper_phone, 160.0);
                            text_row(ui, text::GOODS, &mut r.goods_name, 220.0);
                            let l = field_label(ui, text::CAUSE, false);
                            choice(
                                ui,
                                &l,
                                &mut r.cause,
                                &RefusalCause::ALL,
                                RefusalCause::label,
                            );
                            ui.end_row();
                            text_row(ui, text::NOTE, &mut r.note, 300.0);
                        });
                    if ui.button(text::SAVE_REFUSAL).clicked() {
                        match state.refusal.validate() {
                            Ok(refusal) => {
                                command = Some(Command::Desk(DeskCommand::RefuseForAnyReason(
                                    Box::new(refusal),
                                )));
                            }
                            Err(problems) => state.message = Some((false, problems.join("；"))),
                        }
                    }
                });
                ui.add_space(24.0);
                ui.vertical(|ui| {
                    section(ui, text::INSPECT);
                    egui::Grid::new("inspect_form")
                        .num_columns(2)
                        .show(ui, |ui| {
                            let i = &mut state.inspection;
                            text_row(ui, text::NUMBER, &mut i.waybill_number, 160.0);
                            text_row(ui, text::OWNER, &mut i.shipper_name, 220.0);
                            text_row(ui, text::OWNER_PHONE, &mut i.shipper_phone, 160.0);
                            text_row(ui, text::DECLARED, &mut i.goods_name, 220.0);
                            text_row(ui, text::FOUND, &mut i.found, 300.0);
                            let l = field_label(ui, text::RESULT, false);
                            choice(
                                ui,
                                &l,
                                &mut i.result,
                                &InspectionResult::ALL,
                                InspectionResult::label,
                            );
                            ui.end_row();
                        });
                    if ui.button(text::SAVE_INSPECTION).clicked() {
                        match state.inspection.validate() {
                            Ok(inspection) => {
                                command = Some(Command::Desk(DeskCommand::RecordInspection(
                                    Box::new(inspection),
                                )));
                            }
                            Err(problems) => state.message = Some((false, problems.join("；"))),
                        }
                    }
                });
            });
            ui.add_space(8.0);
            section(ui, text::INSPECTIONS);
            if state.inspections.is_empty() {
                ui.label(RichText::new(text::NO_INSPECTIONS).weak());
            }
            for (at, clerk, i) in state.inspections.iter().take(50) {
                let line = text::INSPECTION_LINE
                    .replace("{t}", &at.format("%m-%d %H:%M").to_string())
                    .replace("{c}", clerk)
                    .replace("{s}", &i.shipper_name)
                    .replace("{g}", &i.goods_name)
                    .replace("{w}", &i.waybill_number)
                    .replace("{f}", &i.found)
                    .replace("{r}", i.result.label());
                let rich = RichText::new(line);
                ui.label(if i.result == InspectionResult::Refused {
                    rich.color(ERROR_RED)
                } else {
                    rich
                });
            }
            ui.add_space(8.0);
            section(ui, text::TITLE);
            refusal_table(ui, &state.list);
        });
    command
}

fn refusal_table(ui: &mut Ui, refusals: &[Refusal]) {
    if refusals.is_empty() {
        empty_notice(ui, text::EMPTY);
        return;
    }
    egui::Grid::new("refusals").striped(true).show(ui, |ui| {
        grid_titles(ui, &text::COLUMNS);
        for r in refusals.iter().take(200) {
            ui.label(r.at.format("%Y-%m-%d %H:%M").to_string());
            ui.label(&r.clerk_id);
            ui.label(format!("{} {}", r.shipper_name, r.shipper_phone));
            ui.label(&r.goods_name);
            ui.label(RichText::new(&r.reason).color(ERROR_RED));
            ui.end_row();
        }
    });
}
