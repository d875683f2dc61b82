//! The 运单查询 panel: find waybills by number, phone, the last four digits of a phone,
//! name (also a customer file's, shown beside the typed one when that is what matched),
//! destination, date range and clerk; read one with its history; start an
//! alteration or void it with a reason. The list is virtualized: only visible rows are
//! laid out, so thousands of results scroll smoothly.

use crate::domain::desk::alteration::HistoryAction;
use crate::domain::desk::waybill::{IssuedWaybill, WaybillStatus};
use crate::domain::money::format_yuan;
use crate::storage::waybills::{HistoryEntry, LIST_LIMIT, WaybillQuery, WaybillSummary};
use crate::ui::DeskCommand;
use crate::ui::widgets::{
    DestPickerState, ERROR_RED, WARN_AMBER, dest_picker, empty_notice, table_titles,
};
use crate::ui::{Command, DeskView};
use chrono::NaiveDate;
use egui::{Key, RichText, Ui};
use egui_extras::{Column, TableBuilder};

/// Chinese text of this panel.
mod text {
    pub const SEARCH: &str = "查询";
    pub const QUERY: &str = "单号/电话/尾号/姓名";
    pub const QUERY_HINT: &str = "如 GZ2611、4321、李记";
    pub const FROM: &str = "从";
    pub const TO: &str = "到";
    pub const CLERK: &str = "开单员";
    pub const ALL_CLERKS: &str = "全部";
    pub const DEST: &str = "到站";
    pub const SHORT_ONLY: &str = "只看短收";
    pub const COLUMNS: [&str; 10] = [
        "单号",
        "开单时间",
        "到站",
        "发货方",
        "收货方",
        "品名",
        "件数",
        "合计",
        "付款",
        "状态",
    ];
    pub const NONE_FOUND: &str = "没有找到符合条件的运单";
    pub const NOT_SEARCHED: &str = "输入条件后按回车查询";
    pub const MORE: &str = "结果超过 {n} 张，只显示最新的 {n} 张，请缩小范围";
    pub const CLOSE: &str = "关闭";
    pub const DETAIL_EMPTY: &str = "点选一张运单查看详情";
    pub const ALTER: &str = "修改";
    pub const VOID: &str = "作废";
    pub const VOID_REASON: &str = "作废原因";
    pub const VOID_CONFIRM: &str = "确认作废";
    pub const CANCEL: &str = "取消";
    pub const HISTORY: &str = "修改记录";
    pub const STAGE: &str = "货物状态";
    pub const TRACKING: &str = "货物跟踪";
    pub const REMARKS: &str = "备注";
    pub const ALTERED: &str = "已修改 {n} 次";
    pub const SHORT: &str = "短收";
    pub const BAD_DATE: &str = "日期格式应为 2026-11-23";
    pub const PRINT_WAYBILL: &str = "打印运单";
    pub const SAVE_WAYBILL_PDF: &str = "运单另存为 PDF…";
    pub const LABELS: &str = "货签 第";
    pub const LABELS_TO: &str = "至";
    pub const LABELS_UNIT: &str = "件";
    pub const PRINT_LABELS: &str = "打印货签";
    pub const SAVE_LABELS_PDF: &str = "货签另存为 PDF…";
    pub const BAD_RANGE: &str = "件数范围应在 1–{n} 之间";
    pub const KNOWN_AS: &str = "（又名 {name}）";
    pub const KNOWN_AS_HOVER: &str =
        "运单上写的名字不含所查内容：按此电话的客户档案（或最近用过的名字）「{name}」找到";
}

/// Everything the list keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    /// Number, phone, tail or name.
    pub text: String,
    /// Put the focus into the query field next frame, its text selected: the page was
    /// opened (F3), and the clerk types the number or phone at once.
    pub focus_query: bool,
    /// First day, as typed.
    pub from: String,
    /// Last day, as typed.
    pub to: String,
    /// Clerk filter (empty for all).
    pub clerk_id: String,
    /// Destination filter picker.
    pub dest: DestPickerState,
    /// Destination filter code.
    pub dest_code: String,
    /// Only short charges.
    pub short_only: bool,
    /// The last results.
    pub results: Vec<WaybillSummary>,
    /// Whether a search ran.
    pub searched: bool,
    /// The waybill open in the detail view, with its history.
    pub open: Option<(IssuedWaybill, Vec<HistoryEntry>)>,
    /// Where the open waybill's goods are (运单状态).
    pub stage: Option<crate::domain::dispatch::Stage>,
    /// The open waybill's timeline: issue, alterations and every dispatch step.
    pub timeline: Vec<crate::storage::dispatch::TimelineEntry>,
    /// Reason typed for voiding.
    pub void_reason: String,
    /// The void confirmation is showing.
    pub confirming_void: bool,
    /// 工号 of who is acting (the clerk chosen on the form).
    pub staff_id: String,
    /// A message about the last action.
    pub error: Option<String>,
    /// First label piece to print, as typed.
    pub label_from: String,
    /// Last label piece to print, as typed.
    pub label_to: String,
}

impl ListState {
    /// The query the filters describe, or a message naming the bad date.
    pub fn query(&self) -> Result<WaybillQuery, String> {
        let date = |s: &str| -> Result<Option<NaiveDate>, String> {
            let s = s.trim();
            if s.is_empty() {
                Ok(None)
            } else {
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| text::BAD_DATE.to_owned())
            }
        };
        Ok(WaybillQuery {
            text: self.text.trim().to_owned(),
            from: date(&self.from)?,
            to: date(&self.to)?,
            clerk_id: Some(self.clerk_id.clone()).filter(|c| !c.is_empty()),
            dest_code: Some(self.dest_code.clone()).filter(|c| !c.is_empty()),
            short_charged_only: self.short_only,
        })
    }
}

/// Draws the list page.
pub fn waybill_list_ui(ui: &mut Ui, state: &mut ListState, view: &DeskView) -> Option<Command> {
    let mut command = None;
    let mut search = false;

    egui::Panel::top("waybill_filters").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            let l = ui.label(text::QUERY);
            let id = ui.scope_id().with("query");
            if std::mem::take(&mut state.focus_query) {
                crate::ui::widgets::focus_selected(ui, id, &state.text);
            }
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut state.text)
                        .id(id)
                        .desired_width(220.0)
                        .hint_text(text::QUERY_HINT),
                )
                .labelled_by(l.id);
            search |= r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            let l = ui.label(text::FROM);
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut state.from)
                        .desired_width(100.0)
                        .hint_text(crate::ui::widgets::DATE_HINT),
                )
                .labelled_by(l.id);
            search |= r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            let l = ui.label(text::TO);
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut state.to)
                        .desired_width(100.0)
                        .hint_text(crate::ui::widgets::DATE_HINT),
                )
                .labelled_by(l.id);
            search |= r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            let l = ui.label(text::DEST);
            let priced = |code: &str| view.rates.has_destination(code);
            let before = state.dest_code.clone();
            dest_picker(
                ui,
                &l,
                &mut state.dest,
                &mut state.dest_code,
                &priced,
                180.0,
                None,
            );
            search |= before != state.dest_code && !state.dest_code.is_empty();
            let l = ui.label(text::CLERK);
            let selected = super::clerk_label(&view.staff, &state.clerk_id, text::ALL_CLERKS);
            let combo = egui::ComboBox::from_id_salt("list_clerk")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    let mut changed = ui
                        .selectable_value(&mut state.clerk_id, String::new(), text::ALL_CLERKS)
                        .changed();
                    for member in &view.staff {
                        changed |= ui
                            .selectable_value(
                                &mut state.clerk_id,
                                member.id.clone(),
                                member.label(),
                            )
                            .changed();
                    }
                    changed
                });
            search |= combo.inner.unwrap_or(false);
            combo.response.labelled_by(l.id);
            search |= ui
                .checkbox(&mut state.short_only, text::SHORT_ONLY)
                .changed();
            search |= ui.button(text::SEARCH).clicked();
        });
        if let Some(e) = &state.error {
            ui.label(RichText::new(e).color(ERROR_RED));
        }
        ui.add_space(4.0);
    });
    if search {
        match state.query() {
            Ok(q) => {
                state.error = None;
                command = Some(Command::Desk(DeskCommand::Search(q)));
            }
            Err(e) => state.error = Some(e),
        }
    }

    // The detail opens beside the list once a waybill is chosen; until then the list
    // has the whole width (at 1024×768 it needs it).
    if state.open.is_some() {
        let width = (ui.available_width() * 0.42).clamp(320.0, 480.0);
        egui::Panel::right("waybill_detail")
            .resizable(true)
            .default_size(width)
            .show(ui, |ui| {
                if let Some(c) = detail_ui(ui, state) {
                    command = Some(c);
                }
            });
    }

    egui::CentralPanel::default().show(ui, |ui| {
        if state.results.is_empty() {
            empty_notice(
                ui,
                if state.searched {
                    text::NONE_FOUND
                } else {
                    text::NOT_SEARCHED
                },
            );
            return;
        }
        if state.results.len() >= LIST_LIMIT {
            ui.label(
                RichText::new(text::MORE.replace("{n}", &LIST_LIMIT.to_string())).color(WARN_AMBER),
            );
        }
        if state.open.is_none() {
            ui.label(RichText::new(text::DETAIL_EMPTY).small().weak());
        }
        // Columns wider than the panel scroll sideways rather than vanish.
        let number = egui::ScrollArea::horizontal()
            .id_salt("waybill_results")
            .show(ui, |ui| results_table(ui, state))
            .inner;
        if let Some(number) = number {
            command = Some(Command::Desk(DeskCommand::OpenWaybill(number)));
        }
    });
    command
}

fn results_table(ui: &mut Ui, state: &ListState) -> Option<String> {
    let mut clicked = None;
    let open_number = state.open.as_ref().map(|(w, _)| w.number.as_str());
    // Labels must not take the click for text selection: a click anywhere opens the row.
    ui.style_mut().interaction.selectable_labels = false;
    TableBuilder::new(ui)
        .striped(true)
        .sense(egui::Sense::click())
        .column(Column::auto().at_least(120.0))
        .column(Column::auto().at_least(110.0))
        .column(Column::auto().at_least(110.0))
        // The two names share what the other columns leave: at 1024×768 narrow enough
        // that 状态 stays in sight, on a wide screen whole but not so wide that the eye
        // loses the row on its way to 合计.
        .column(Column::remainder().at_least(90.0).at_most(300.0).clip(true))
        .column(Column::remainder().at_least(90.0).at_most(300.0).clip(true))
        .column(Column::initial(80.0).clip(true))
        .column(Column::auto())
        .column(Column::auto().at_least(80.0))
        .column(Column::auto())
        .column(Column::auto().at_least(60.0))
        .header(26.0, |mut header| {
            table_titles(&mut header, &text::COLUMNS);
        })
        .body(|body| {
            body.rows(26.0, state.results.len(), |mut row| {
                let w = &state.results[row.index()];
                row.set_selected(open_number == Some(w.number.as_str()));
                row.col(|ui| {
                    ui.monospace(&w.number);
                });
                row.col(|ui| {
                    ui.label(w.issued_at.format("%m-%d %H:%M").to_string());
                });
                row.col(|ui| {
                    // One line: 岳阳楼区 does not wrap under its city.
                    ui.add(egui::Label::new(&w.dest_name).extend());
                });
                row.col(|ui| party_cell(ui, &w.shipper_name, w.shipper_known_as.as_deref()));
                row.col(|ui| {
                    party_cell(ui, &w.consignee_name, w.consignee_known_as.as_deref());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&w.goods_name).truncate());
                });
                row.col(|ui| {
                    ui.label(w.pieces.to_string());
                });
                row.col(|ui| {
                    ui.label(format_yuan(w.total_yuan));
                });
                row.col(|ui| {
                    ui.label(&w.payment);
                });
                row.col(|ui| {
                    status_label(ui, w.status, w.alter_count, w.short_charge_yuan);
                });
                if row.response().clicked() {
                    clicked = Some(w.number.clone());
                }
            });
        });
    clicked
}

/// A party's name as typed on the waybill. When a name search found the row through the
/// party's customer file (客户档案) instead, the file's name follows, dimmed, so the clerk
/// sees why the row is listed.
fn party_cell(ui: &mut Ui, typed: &str, known_as: Option<&str>) {
    let Some(known) = known_as else {
        // Cut to the column with …; the whole name on hover.
        ui.add(egui::Label::new(typed).truncate());
        return;
    };
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        ui.label(typed);
        ui.weak(text::KNOWN_AS.replace("{name}", known))
            .on_hover_text(text::KNOWN_AS_HOVER.replace("{name}", known));
    });
}

fn status_label(
    ui: &mut Ui,
    status: WaybillStatus,
    alter_count: u32,
    short: rust_decimal::Decimal,
) {
    ui.horizontal(|ui| {
        match status {
            WaybillStatus::Void => {
                ui.label(RichText::new(status.label()).color(ERROR_RED).strong())
            }
            WaybillStatus::Issued => ui.label(status.label()),
        };
        if alter_count > 0 {
            ui.label(
                RichText::new(text::ALTERED.replace("{n}", &alter_count.to_string()))
                    .small()
                    .color(WARN_AMBER),
            );
        }
        if short > rust_decimal::Decimal::ZERO {
            ui.label(
                RichText::new(format!("{} {}", text::SHORT, format_yuan(short)))
                    .small()
                    .color(WARN_AMBER),
            );
        }
    });
}

fn detail_ui(ui: &mut Ui, state: &mut ListState) -> Option<Command> {
    let Some((issued, history)) = &state.open else {
        empty_notice(ui, text::DETAIL_EMPTY);
        return None;
    };
    let mut command = None;
    let mut close = false;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            close = ui.small_button(text::CLOSE).clicked();
            ui.heading(&issued.number);
            status_label(
                ui,
                issued.status,
                issued.alter_count,
                issued.waybill.short_charge_yuan().unwrap_or_default(),
            );
            if let Some(stage) = state.stage {
                ui.label(
                    RichText::new(format!("{}：{}", text::STAGE, stage.label()))
                        .strong()
                        .color(ui.visuals().hyperlink_color),
                );
            }
        });
        ui.label(format!(
            "{} 开单  {}",
            issued.issued_at.format("%Y-%m-%d %H:%M"),
            if issued.clerk_name.is_empty() {
                issued.clerk_id.clone()
            } else {
                format!("{} {}", issued.clerk_id, issued.clerk_name)
            }
        ));
        if issued.status == WaybillStatus::Issued {
            ui.horizontal(|ui| {
                if ui.button(text::ALTER).clicked() {
                    command = Some(Command::Desk(DeskCommand::BeginAlter(
                        issued.number.clone(),
                    )));
                }
                if ui.button(text::VOID).clicked() {
                    state.confirming_void = true;
                }
            });
        }
        if state.confirming_void && issued.status == WaybillStatus::Issued {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                let l = ui.label(text::VOID_REASON);
                ui.add(egui::TextEdit::singleline(&mut state.void_reason).desired_width(280.0))
                    .labelled_by(l.id);
                ui.horizontal(|ui| {
                    let ok = !state.void_reason.trim().is_empty();
                    if ui
                        .add_enabled(
                            ok,
                            egui::Button::new(RichText::new(text::VOID_CONFIRM).color(ERROR_RED)),
                        )
                        .clicked()
                    {
                        command = Some(Command::Desk(DeskCommand::VoidWaybill {
                            number: issued.number.clone(),
                            reason: state.void_reason.trim().to_owned(),
                            staff_id: state.staff_id.clone(),
                        }));
                    }
                    if ui.button(text::CANCEL).clicked() {
                        state.confirming_void = false;
                    }
                });
            });
        }
        if let Some(c) = print_ui(ui, issued, &mut state.label_from, &mut state.label_to) {
            command = Some(c);
        }
        ui.separator();
        egui::Grid::new("detail_fields")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                for (field, value) in issued.waybill.field_values() {
                    // Unanswered yes/no fields and defaults would bury what matters.
                    if matches!(value.as_str(), "" | "否" | "0" | "不限" | "完好" | "0.00") {
                        continue;
                    }
                    ui.label(RichText::new(field.label()).weak());
                    ui.label(value);
                    ui.end_row();
                }
            });
        let remarks = issued.waybill.rule_remarks();
        if !remarks.is_empty() {
            ui.add_space(4.0);
            ui.strong(text::REMARKS);
            ui.label(remarks.join("；"));
        }
        ui.add_space(8.0);
        ui.strong(text::HISTORY);
        for entry in history {
            ui.label(format!(
                "{}  {}  {}{}",
                entry.at.format("%m-%d %H:%M"),
                entry.staff_id,
                entry.action.label(),
                if entry.reason.is_empty() {
                    String::new()
                } else {
                    format!("：{}", entry.reason)
                }
            ));
            for change in &entry.changes {
                ui.label(
                    RichText::new(format!(
                        "    {}：{} → {}",
                        change.field, change.old, change.new
                    ))
                    .small(),
                );
            }
        }
        // The goods' way after the waybill: the history above already shows the desk's
        // own entries (开单, 修改, 作废).
        let desk_actions = [
            HistoryAction::Issue,
            HistoryAction::Alter,
            HistoryAction::Void,
        ]
        .map(HistoryAction::label);
        let steps: Vec<_> = state
            .timeline
            .iter()
            .filter(|e| !desk_actions.contains(&e.action.as_str()))
            .collect();
        if !steps.is_empty() {
            ui.add_space(8.0);
            ui.strong(text::TRACKING);
            for entry in steps {
                let mut line = format!(
                    "{}  {}  {}",
                    entry.at.format("%m-%d %H:%M"),
                    entry.staff_id,
                    entry.action
                );
                if let Some(stage) = entry.stage {
                    line = format!("{line} → {}", stage.label());
                }
                if !entry.note.is_empty() {
                    line = format!("{line}：{}", entry.note);
                }
                if !entry.manifest_code.is_empty() {
                    line = format!("{line}（{}）", entry.manifest_code);
                }
                ui.label(line);
            }
        }
    });
    if close {
        state.open = None;
    }
    command
}

/// Print and save buttons of the open waybill, with the label range for a reprint.
fn print_ui(
    ui: &mut Ui,
    issued: &IssuedWaybill,
    from: &mut String,
    to: &mut String,
) -> Option<Command> {
    let mut command = None;
    let number = issued.number.clone();
    ui.horizontal(|ui| {
        if ui.button(text::PRINT_WAYBILL).clicked() {
            command = Some(Command::Desk(DeskCommand::PrintWaybill(number.clone())));
        }
        if ui.button(text::SAVE_WAYBILL_PDF).clicked() {
            command = Some(Command::Desk(DeskCommand::SavePdf {
                number: number.clone(),
                labels: None,
            }));
        }
    });
    if issued.status == WaybillStatus::Void {
        return command;
    }
    let pieces = issued.waybill.pieces;
    if from.is_empty() && to.is_empty() {
        "1".clone_into(from);
        *to = pieces.to_string();
    }
    let mut range_error = None;
    ui.horizontal(|ui| {
        let l = ui.label(text::LABELS);
        ui.add(egui::TextEdit::singleline(from).desired_width(44.0))
            .labelled_by(l.id);
        let l = ui.label(text::LABELS_TO);
        ui.add(egui::TextEdit::singleline(to).desired_width(44.0))
            .labelled_by(l.id);
        ui.label(text::LABELS_UNIT);
        let range = match (from.trim().parse::<u32>(), to.trim().parse::<u32>()) {
            (Ok(a), Ok(b)) if a >= 1 && a <= b && b <= pieces => Some((a, b)),
            _ => None,
        };
        let print = ui.button(text::PRINT_LABELS).clicked();
        let save = ui.button(text::SAVE_LABELS_PDF).clicked();
        match range {
            Some((a, b)) if print => {
                command = Some(Command::Desk(DeskCommand::PrintLabels {
                    number: number.clone(),
                    from: a,
                    to: b,
                }));
            }
            Some((a, b)) if save => {
                command = Some(Command::Desk(DeskCommand::SavePdf {
                    number: number.clone(),
                    labels: Some((a, b)),
                }));
            }
            None => range_error = Some(text::BAD_RANGE.replace("{n}", &pieces.to_string())),
            _ => {}
        }
    });
    if let Some(e) = range_error {
        ui.label(RichText::new(e).small().color(ERROR_RED));
    }
    command
}
