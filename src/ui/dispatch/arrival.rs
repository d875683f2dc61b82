//! The receiving station's tabs: trucks on their way here or received (from this
//! database or an exchange file), the arrival check by scanning every piece off the truck
//! with extra, missing and damaged pieces (到货核对, evidence for P10), and the list of
//! consignees to tell (通知提货), where those waiting too long stand out (P15).

use super::{
    DispatchCommand, DispatchState, LIST_WIDTH, PhotoFor, cue_band, list_rows, parse_piece_list,
    photo_row, scan_field, split_columns,
};
use crate::domain::dispatch::NotifyMethod;
use crate::domain::money::format_yuan;
use crate::storage::dispatch::{ArrivalLine, ManifestState, NotifyLine};
use crate::ui::widgets::{ERROR_RED, OK_GREEN, WARN_AMBER, empty_notice, grid_titles, section};
use egui::{RichText, Ui};

/// Chinese text of these tabs.
mod text {
    pub const IMPORT: &str = "导入交接文件…";
    pub const INCOMING: &str = "到本站的车次";
    pub const NONE_INCOMING: &str =
        "没有在途或待核对的车次：导入发车站的交接文件，或等本库的车发车";
    pub const PICK: &str = "选择一个车次开始到货核对";
    pub const SCAN: &str = "扫描卸货";
    pub const COLUMNS: [&str; 6] = ["运单号", "收货方", "品名", "装车件", "已卸件", "异常"];
    pub const PENDING: &str = "未卸齐";
    pub const OK: &str = "相符";
    pub const SUMMARY: &str = "已卸 {r} / {l} 件，{p} 票有异常";
    pub const DAMAGE: &str = "登记破损";
    pub const NUMBER: &str = "运单号";
    pub const PIECES: &str = "件号";
    pub const PIECES_HINT: &str = "如 3 或 3,5-6；空为整票";
    pub const NOTE: &str = "情况";
    pub const PHOTO: &str = "照片";
    pub const SAVE_DAMAGE: &str = "登记";
    pub const NEED_NUMBER: &str = "请填写运单号";
    pub const NEED_NOTE: &str = "请写明破损情况";
    pub const FINISH: &str = "完成核对（少件按未到登记）";
    pub const PRINT: &str = "打印到货报告";
    pub const CLOSED: &str = "核对已完成";
    pub const TO_NOTIFY: &str = "待通知（已到站，未通知收货方）";
    pub const NONE_TO_NOTIFY: &str = "没有待通知的运单";
    pub const AWAITING: &str = "已通知，待提货";
    pub const NOTIFY_COLUMNS: [&str; 8] = [
        "运单号",
        "到站时间",
        "已等(小时)",
        "收货方",
        "电话",
        "品名/件数",
        "提付",
        "",
    ];
    pub const CALL: &str = "已电话通知";
    pub const SMS: &str = "已短信通知";
    pub const NOTE_HINT: &str = "通知内容：带身份证、提付金额、送货时间…";
    pub const OVERDUE: &str = "超时";
    pub const CONTROLLED: &str = "等通知放货";
    pub const RELEASE: &str = "去提货";
}

/// The arrival tab.
pub fn arrival_ui(ui: &mut Ui, state: &mut DispatchState) -> Option<DispatchCommand> {
    let mut command = None;
    split_columns(ui, LIST_WIDTH, |left, right| {
        section(left, text::INCOMING);
        if left.button(text::IMPORT).clicked() {
            command = Some(DispatchCommand::ImportManifest);
        }
        if state.incoming.is_empty() {
            left.label(RichText::new(text::NONE_INCOMING).weak());
        }
        let open = state.arrival.as_ref().map(|a| a.manifest.id);
        list_rows(left, "arriving_trucks", |left| {
            for m in &state.incoming {
                let line = format!(
                    "{}  {}  {}  {} 票 {} 件  [{}]",
                    m.code,
                    m.origin,
                    m.plate,
                    m.waybills,
                    m.pieces_loaded,
                    m.state().label()
                );
                if left.selectable_label(open == Some(m.id), line).clicked() {
                    command = Some(DispatchCommand::OpenArrival(m.id));
                }
            }
        });
        if let Some(c) = check_ui(right, state) {
            command = Some(c);
        }
    });
    command
}

fn line_problem(line: &ArrivalLine, closed: bool) -> RichText {
    let problems = line.problems();
    if problems.is_empty() {
        RichText::new(text::OK).color(OK_GREEN)
    } else if !closed && line.check.extra().is_empty() && line.damaged.is_empty() {
        // Pieces not scanned yet are not missing until the check closes.
        RichText::new(format!("{}：{problems}", text::PENDING)).color(WARN_AMBER)
    } else {
        RichText::new(problems).color(ERROR_RED).strong()
    }
}

fn check_ui(ui: &mut Ui, state: &mut DispatchState) -> Option<DispatchCommand> {
    let mut command = None;
    let Some(report) = &state.arrival else {
        empty_notice(ui, text::PICK);
        return None;
    };
    let m = report.manifest.clone();
    let closed = report.closed || m.state() == ManifestState::Arrived;
    ui.heading(format!("{}  {}  {}", m.code, m.origin, m.plate));
    ui.label(format!(
        "{} {}  ·  {}",
        m.driver_name,
        m.driver_phone,
        m.departed_at
            .map(|t| t.format("%Y-%m-%d %H:%M 发车").to_string())
            .unwrap_or_default()
    ));
    if !closed {
        if let Some(code) = scan_field(ui, state, text::SCAN) {
            command = Some(DispatchCommand::ScanArrival {
                manifest_id: m.id,
                code,
            });
        }
        cue_band(ui, state.cue.as_ref());
    }
    let Some(report) = &state.arrival else {
        return command;
    };
    let loaded: usize = report.lines.iter().map(|l| l.check.loaded.len()).sum();
    let received: usize = report.lines.iter().map(|l| l.check.received.len()).sum();
    let problems = report.problem_lines().count();
    ui.label(
        RichText::new(
            text::SUMMARY
                .replace("{r}", &received.to_string())
                .replace("{l}", &loaded.to_string())
                .replace("{p}", &problems.to_string()),
        )
        .strong(),
    );
    ui.horizontal(|ui| {
        if closed {
            ui.label(RichText::new(text::CLOSED).color(OK_GREEN).strong());
        } else if ui.button(text::FINISH).clicked() {
            command = Some(DispatchCommand::FinishArrival(m.id));
        }
        if ui.button(text::PRINT).clicked() {
            command = Some(DispatchCommand::PrintArrival(m.id));
        }
    });
    egui::Grid::new("arrival_lines")
        .striped(true)
        .show(ui, |ui| {
            grid_titles(ui, &text::COLUMNS);
            for line in &report.lines {
                ui.label(RichText::new(&line.number).monospace());
                ui.label(&line.consignee_name);
                ui.label(&line.goods_name);
                ui.label(line.check.loaded.len().to_string());
                ui.label(line.check.received.len().to_string());
                ui.label(line_problem(line, closed));
                ui.end_row();
            }
        });
    if !closed {
        ui.add_space(6.0);
        section(ui, text::DAMAGE);
        let form = &mut state.damage;
        egui::Grid::new("damage_form")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label(text::NUMBER);
                ui.add(egui::TextEdit::singleline(&mut form.number).desired_width(200.0))
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label(text::PIECES);
                ui.add(
                    egui::TextEdit::singleline(&mut form.pieces)
                        .desired_width(200.0)
                        .hint_text(text::PIECES_HINT),
                )
                .labelled_by(label.id);
                ui.end_row();
                let label = ui.label(text::NOTE);
                ui.add(egui::TextEdit::singleline(&mut form.note).desired_width(320.0))
                    .labelled_by(label.id);
                ui.end_row();
                ui.label(text::PHOTO);
                if let Some(c) = photo_row(ui, &form.photo_path, PhotoFor::Damage) {
                    command = Some(c);
                }
                ui.end_row();
            });
        if let Some(e) = &form.error {
            ui.label(RichText::new(e).color(ERROR_RED));
        }
        if ui.button(text::SAVE_DAMAGE).clicked() {
            let pieces = parse_piece_list(&form.pieces);
            form.error = match (&pieces, form.number.trim(), form.note.trim()) {
                (Err(e), _, _) => Some(e.clone()),
                (_, "", _) => Some(text::NEED_NUMBER.to_owned()),
                (_, _, "") => Some(text::NEED_NOTE.to_owned()),
                (Ok(pieces), number, note) => {
                    command = Some(DispatchCommand::RecordDamage {
                        manifest_id: m.id,
                        number: number.to_owned(),
                        pieces: pieces.clone(),
                        note: note.to_owned(),
                        photo_path: form.photo_path.clone(),
                    });
                    None
                }
            };
        }
    }
    command
}

/// The notification tab.
pub fn notify_ui(ui: &mut Ui, state: &mut DispatchState) -> Option<DispatchCommand> {
    let mut command = None;
    section(ui, text::TO_NOTIFY);
    ui.horizontal(|ui| {
        let label = ui.label(text::NOTE_HINT);
        ui.add(egui::TextEdit::singleline(&mut state.notify_note).desired_width(420.0))
            .labelled_by(label.id);
    });
    if state.to_notify.is_empty() {
        ui.label(RichText::new(text::NONE_TO_NOTIFY).weak());
    } else if let Some(c) =
        notify_table(ui, "to_notify", &state.to_notify, &state.notify_note, true)
    {
        command = Some(c);
    }
    ui.add_space(8.0);
    section(ui, text::AWAITING);
    if let Some(c) = notify_table(ui, "awaiting", &state.awaiting, &state.notify_note, false) {
        command = Some(c);
    }
    command
}

fn notify_table(
    ui: &mut Ui,
    id: &str,
    lines: &[NotifyLine],
    note: &str,
    to_tell: bool,
) -> Option<DispatchCommand> {
    let mut command = None;
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        grid_titles(ui, &text::NOTIFY_COLUMNS);
        for line in lines {
            let number = RichText::new(&line.number).monospace();
            ui.label(if line.overdue {
                number.color(ERROR_RED).strong()
            } else {
                number
            });
            ui.label(line.arrived_at.format("%m-%d %H:%M").to_string());
            if line.overdue {
                ui.label(
                    RichText::new(format!("{} {}", line.waited_hours, text::OVERDUE))
                        .color(ERROR_RED)
                        .strong(),
                );
            } else {
                ui.label(line.waited_hours.to_string());
            }
            ui.label(&line.consignee_name);
            ui.label(&line.consignee_phone);
            let mut goods = format!("{} {} 件", line.goods_name, line.pieces);
            if line.controlled_release {
                goods = format!("{goods} · {}", text::CONTROLLED);
            }
            if line.delivery.is_delivery() {
                goods = format!("{goods} · {}", line.delivery.label());
            }
            ui.label(goods);
            ui.label(format_yuan(line.collect_yuan));
            ui.horizontal(|ui| {
                if to_tell {
                    for (method, caption) in [
                        (NotifyMethod::Call, text::CALL),
                        (NotifyMethod::Sms, text::SMS),
                    ] {
                        if ui.small_button(caption).clicked() {
                            command = Some(DispatchCommand::Notify {
                                number: line.number.clone(),
                                method,
                                note: note.trim().to_owned(),
                            });
                        }
                    }
                } else if ui.small_button(text::RELEASE).clicked() {
                    command = Some(DispatchCommand::OpenRelease(line.number.clone()));
                }
            });
            ui.end_row();
        }
    });
    command
}
