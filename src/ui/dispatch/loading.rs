//! The loading station's tabs: the stock view for the count before departure (库存), the
//! manifests with their header form and the scanning of labels onto a truck (装车,
//! 发车清单), and the per-truck tracking detail (单车跟单明细).

use super::{
    DispatchCommand, DispatchState, LIST_WIDTH, cue_band, list_rows, scan_field, split_columns,
};
use crate::domain::dispatch::ManifestField;
use crate::domain::money::format_yuan;
use crate::storage::dispatch::{ManifestState, StockLine, StockQuery};
use crate::ui::DeskView;
use crate::ui::widgets::{
    ERROR_RED, WARN_AMBER, dest_picker, empty_notice, field_label, grid_titles, section, text_field,
};
use chrono::NaiveDate;
use egui::{RichText, Ui};

/// Chinese text of these tabs.
mod text {
    pub const STOCK: &str = "库存（在库未装车的运单和件数）";
    pub const DEST: &str = "到站";
    pub const ALL_DEST: &str = "清除到站";
    pub const CONTROLLED_ONLY: &str = "只看等通知放货";
    pub const DAYS: &str = "开单天数内";
    pub const DAYS_HINT: &str = "如 90";
    pub const BAD_DAYS: &str = "天数请写整数，如 90";
    pub const SEARCH: &str = "查询";
    pub const PRINT_STOCK: &str = "打印库存清点表";
    pub const NO_STOCK: &str = "库存为空";
    pub const STOCK_TOTAL: &str = "共 {w} 票，在库 {p} 件，{kg} kg，{m3} m³";
    pub const COLUMNS: [&str; 10] = [
        "运单号",
        "开单日期",
        "库龄(天)",
        "到站",
        "收货方",
        "品名",
        "在库/总件数",
        "重量kg",
        "体积m³",
        "控货/提醒",
    ];
    pub const LATE: &str = "{n} 票要求到货日期已到或将到，货还在库，赶不上：请优先装车或告知客户";
    pub const CONTROLLED: &str = "等通知放货";
    pub const NEW_MANIFEST: &str = "新建发车清单";
    pub const PLATE: &str = "车牌号";
    pub const DRIVER: &str = "司机";
    pub const DRIVER_PHONE: &str = "司机电话";
    pub const ROUTE: &str = "线路到站";
    pub const ADD_ROUTE: &str = "加入线路";
    pub const DEPARTURE: &str = "计划发车";
    pub const CREATE: &str = "建立清单";
    pub const CANCEL: &str = "取消";
    pub const MANIFESTS: &str = "发车清单";
    pub const NO_MANIFESTS: &str = "还没有装车中的清单";
    pub const PICK_MANIFEST: &str = "选择一张装车中的清单，或新建一张";
    pub const SCAN: &str = "扫描装车";
    pub const LINES: &str = "本车运单";
    pub const NONE_LOADED: &str = "还没有装车：扫描货签，或从下面的库存中选择整票装车";
    pub const LINE_COLUMNS: [&str; 9] = [
        "运单号",
        "到站",
        "收货方",
        "品名",
        "装/总件",
        "未装完",
        "重量kg",
        "提付",
        "",
    ];
    pub const UNLOAD: &str = "卸下";
    pub const UNLOAD_REASON: &str = "卸下原因";
    pub const CONFIRM_UNLOAD: &str = "确认卸下";
    pub const TOTALS: &str =
        "合计：{w} 票，{p} 件（其中 {x} 票未装完），{kg} kg，{m3} m³，到付（提付）¥{c}";
    pub const DEPART: &str = "发车（锁定清单）";
    pub const CONFIRM_DEPART: &str = "确认发车？发车后清单锁定，不能再装卸。";
    pub const YES_DEPART: &str = "确认发车";
    pub const PRINT: &str = "打印发车清单";
    pub const EXPORT: &str = "导出交接文件";
    pub const TRACK: &str = "单车跟单";
    pub const ROUTE_STOCK: &str = "本车线路的库存（整票装车）";
    pub const LOAD_ALL: &str = "装车";
    pub const DEPARTED: &str = "已发车 {t}（{b}）";
    pub const TRACKING: &str = "单车跟单明细";
    pub const NO_TRACKING: &str = "选择一辆已发车的车次查看跟单";
    pub const TRACK_COLUMNS: [&str; 6] =
        ["运单号", "收货方", "本车件数", "状态", "最后操作", "时间"];
    pub const OPEN_TRUCKS: &str = "未全部交付";
    pub const DONE_TRUCKS: &str = "已全部交付";
}

fn stock_query(state: &DispatchState, today: NaiveDate) -> Result<StockQuery, String> {
    let days = state.stock_days.trim();
    let issued_since = if days.is_empty() {
        None
    } else {
        let n: u64 = days.parse().map_err(|_| text::BAD_DAYS.to_owned())?;
        Some(today - chrono::Days::new(n))
    };
    Ok(StockQuery {
        dest_code: Some(state.stock_dest_code.clone()).filter(|c| !c.is_empty()),
        issued_since,
        controlled_only: state.stock_controlled_only,
    })
}

/// The stock tab.
pub fn stock_ui(
    ui: &mut Ui,
    state: &mut DispatchState,
    view: &DeskView,
    today: NaiveDate,
) -> Option<DispatchCommand> {
    let mut command = None;
    section(ui, text::STOCK);
    ui.horizontal(|ui| {
        let label = field_label(ui, text::DEST, false);
        let priced = |code: &str| view.rates.rows().iter().any(|r| r.dest_code == code);
        dest_picker(
            ui,
            &label,
            &mut state.stock_dest,
            &mut state.stock_dest_code,
            &priced,
            220.0,
            None,
        );
        if !state.stock_dest_code.is_empty() && ui.small_button(text::ALL_DEST).clicked() {
            state.stock_dest_code.clear();
            state.stock_dest.show_division(None);
        }
        ui.checkbox(&mut state.stock_controlled_only, text::CONTROLLED_ONLY);
        let label = ui.label(text::DAYS);
        ui.add(
            egui::TextEdit::singleline(&mut state.stock_days)
                .desired_width(70.0)
                .hint_text(text::DAYS_HINT),
        )
        .labelled_by(label.id);
        let query = stock_query(state, today);
        if ui.button(text::SEARCH).clicked() {
            match query.clone() {
                Ok(q) => command = Some(DispatchCommand::Stock(q)),
                Err(m) => state.message = Some((false, m)),
            }
        }
        if ui.button(text::PRINT_STOCK).clicked() {
            match query {
                Ok(q) => command = Some(DispatchCommand::PrintStock(q)),
                Err(m) => state.message = Some((false, m)),
            }
        }
    });
    if state.stock.is_empty() {
        empty_notice(ui, text::NO_STOCK);
        return command;
    }
    let late = state
        .stock
        .iter()
        .filter(|l| crate::domain::dispatch::arrival_alert(l.required_by, today).is_some())
        .count();
    if late > 0 {
        ui.label(
            RichText::new(text::LATE.replace("{n}", &late.to_string()))
                .color(ERROR_RED)
                .strong(),
        );
    }
    stock_table(ui, "stock_table", &state.stock, None, today);
    command
}

/// Totals of stock lines, as one sentence.
fn stock_totals(lines: &[StockLine]) -> String {
    let pieces: u32 = lines.iter().map(|l| l.pieces_left).sum();
    let kg: rust_decimal::Decimal = lines.iter().map(|l| l.weight_kg).sum();
    let m3: rust_decimal::Decimal = lines.iter().map(|l| l.volume_m3).sum();
    text::STOCK_TOTAL
        .replace("{w}", &lines.len().to_string())
        .replace("{p}", &pieces.to_string())
        .replace("{kg}", &kg.normalize().to_string())
        .replace("{m3}", &m3.normalize().to_string())
}

/// A stock table; with `load_into`, each row has a button to load the whole waybill.
fn stock_table(
    ui: &mut Ui,
    id: &str,
    lines: &[StockLine],
    load_into: Option<i64>,
    today: NaiveDate,
) -> Option<DispatchCommand> {
    let mut command = None;
    ui.label(stock_totals(lines));
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        grid_titles(ui, &text::COLUMNS);
        for line in lines {
            ui.label(RichText::new(&line.number).monospace());
            ui.label(line.issued_at.format("%m-%d").to_string());
            let age = RichText::new(line.age_days.to_string());
            ui.label(if line.age_days >= 3 {
                age.color(WARN_AMBER).strong()
            } else {
                age
            });
            ui.label(&line.dest_name);
            ui.label(&line.consignee_name);
            ui.label(&line.goods_name);
            ui.label(format!("{}/{}", line.pieces_left, line.pieces));
            ui.label(line.weight_kg.normalize().to_string());
            ui.label(line.volume_m3.normalize().to_string());
            let mut marks = Vec::new();
            if line.controlled_release {
                marks.push(text::CONTROLLED.to_owned());
            }
            if let Some(alert) = crate::domain::dispatch::arrival_alert(line.required_by, today) {
                marks.push(alert);
            }
            ui.label(RichText::new(marks.join("；")).color(ERROR_RED));
            if let Some(manifest_id) = load_into
                && ui.small_button(text::LOAD_ALL).clicked()
            {
                command = Some(DispatchCommand::LoadWaybill {
                    manifest_id,
                    number: line.number.clone(),
                });
            }
            ui.end_row();
        }
    });
    command
}

fn manifest_error(state: &DispatchState, field: ManifestField) -> Option<&str> {
    state
        .draft_errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
}

/// The header form of a new manifest.
fn new_manifest_ui(ui: &mut Ui, state: &mut DispatchState) -> Option<DispatchCommand> {
    let mut command = None;
    section(ui, text::NEW_MANIFEST);
    let plate_error = manifest_error(state, ManifestField::Plate).map(str::to_owned);
    let driver_error = manifest_error(state, ManifestField::Driver).map(str::to_owned);
    let phone_error = manifest_error(state, ManifestField::DriverPhone).map(str::to_owned);
    let route_error = manifest_error(state, ManifestField::Route).map(str::to_owned);
    let departure_error = manifest_error(state, ManifestField::Departure).map(str::to_owned);
    egui::Grid::new("manifest_header")
        .num_columns(2)
        .show(ui, |ui| {
            let label = field_label(ui, text::PLATE, true);
            text_field(
                ui,
                &label,
                &mut state.draft.plate,
                160.0,
                "湘C12345",
                plate_error.as_deref(),
            );
            ui.end_row();
            let label = field_label(ui, text::DRIVER, true);
            text_field(
                ui,
                &label,
                &mut state.draft.driver_name,
                160.0,
                "",
                driver_error.as_deref(),
            );
            ui.end_row();
            let label = field_label(ui, text::DRIVER_PHONE, true);
            text_field(
                ui,
                &label,
                &mut state.draft.driver_phone,
                160.0,
                "13812345678",
                phone_error.as_deref(),
            );
            ui.end_row();
            let label = field_label(ui, text::ROUTE, true);
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    dest_picker(
                        ui,
                        &label,
                        &mut state.route_picker,
                        &mut state.route_code,
                        &|_| true,
                        220.0,
                        route_error.as_deref(),
                    );
                    if !state.route_code.is_empty() && ui.button(text::ADD_ROUTE).clicked() {
                        let code = std::mem::take(&mut state.route_code);
                        if !state.draft.route_codes.contains(&code) {
                            state.draft.route_codes.push(code);
                        }
                        state.route_picker.show_division(None);
                    }
                });
                let divisions = crate::domain::desk::destinations::Divisions::bundled();
                let mut remove = None;
                ui.horizontal_wrapped(|ui| {
                    for (k, code) in state.draft.route_codes.iter().enumerate() {
                        let name = divisions.by_code(code).map_or_else(
                            || code.clone(),
                            crate::domain::desk::destinations::Division::city_and_name,
                        );
                        if ui.small_button(format!("{}. {name}  ×", k + 1)).clicked() {
                            remove = Some(k);
                        }
                    }
                });
                if let Some(k) = remove {
                    state.draft.route_codes.remove(k);
                }
            });
            ui.end_row();
            let label = field_label(ui, text::DEPARTURE, true);
            text_field(
                ui,
                &label,
                &mut state.draft.departure,
                160.0,
                crate::ui::widgets::DATE_TIME_HINT,
                departure_error.as_deref(),
            );
            ui.end_row();
        });
    ui.horizontal(|ui| {
        if ui.button(text::CREATE).clicked() {
            let divisions = crate::domain::desk::destinations::Divisions::bundled();
            match state.draft.validate(divisions) {
                Ok(_) => {
                    state.draft_errors.clear();
                    command = Some(DispatchCommand::CreateManifest(state.draft.clone()));
                }
                Err(errors) => state.draft_errors = errors,
            }
        }
        if ui.button(text::CANCEL).clicked() {
            state.creating = false;
            state.draft_errors.clear();
        }
    });
    command
}

/// The loading tab: manifests, the open one with its scan field and lines.
pub fn loading_ui(
    ui: &mut Ui,
    state: &mut DispatchState,
    today: NaiveDate,
) -> Option<DispatchCommand> {
    let mut command = None;
    split_columns(ui, LIST_WIDTH, |left, right| {
        section(left, text::MANIFESTS);
        if !state.creating && left.button(text::NEW_MANIFEST).clicked() {
            state.creating = true;
        }
        if state.manifests.is_empty() {
            left.label(RichText::new(text::NO_MANIFESTS).weak());
        }
        let open_id = state.open.as_ref().map(|m| m.summary.id);
        list_rows(left, "loading_trucks", |left| {
            for m in state
                .manifests
                .iter()
                .filter(|m| !m.imported && m.state() == ManifestState::Loading)
            {
                let line = format!(
                    "{}  {}  {}  {} 票 {} 件  [{}]",
                    m.code,
                    m.plate,
                    m.route_text(),
                    m.waybills,
                    m.pieces_loaded,
                    m.state().label()
                );
                if left.selectable_label(open_id == Some(m.id), line).clicked() {
                    command = Some(DispatchCommand::OpenManifest(m.id));
                }
            }
        });
        if state.creating {
            if let Some(c) = new_manifest_ui(right, state) {
                command = Some(c);
            }
        } else if let Some(c) = open_manifest_ui(right, state, today) {
            command = Some(c);
        }
    });
    command
}

fn open_manifest_ui(
    ui: &mut Ui,
    state: &mut DispatchState,
    today: NaiveDate,
) -> Option<DispatchCommand> {
    let mut command = None;
    let Some(manifest) = &state.open else {
        empty_notice(ui, text::PICK_MANIFEST);
        return None;
    };
    let summary = manifest.summary.clone();
    let id = summary.id;
    let loading = summary.state() == ManifestState::Loading;
    ui.heading(format!("{}  {}", summary.code, summary.plate));
    ui.label(format!(
        "{} {}  ·  {}  ·  {}  ·  {}",
        text::DRIVER,
        summary.driver_name,
        summary.driver_phone,
        summary.route_text(),
        summary.departure_at.format("%Y-%m-%d %H:%M")
    ));
    if let (Some(at), Some(by)) = (summary.departed_at, &summary.departed_by) {
        ui.label(
            RichText::new(
                text::DEPARTED
                    .replace("{t}", &at.format("%m-%d %H:%M").to_string())
                    .replace("{b}", by),
            )
            .strong(),
        );
    }
    if loading {
        if let Some(code) = scan_field(ui, state, text::SCAN) {
            command = Some(DispatchCommand::ScanLoad {
                manifest_id: id,
                code,
            });
        }
        cue_band(ui, state.cue.as_ref());
    }
    let Some(manifest) = &state.open else {
        return command;
    };
    let totals = &manifest.totals;
    ui.label(
        RichText::new(
            text::TOTALS
                .replace("{w}", &totals.waybills.to_string())
                .replace("{p}", &totals.pieces_loaded.to_string())
                .replace("{x}", &totals.partial_waybills.to_string())
                .replace("{kg}", &totals.weight_kg.to_string())
                .replace("{m3}", &totals.volume_m3.to_string())
                .replace("{c}", &format_yuan(totals.collect_yuan)),
        )
        .strong(),
    );
    ui.horizontal(|ui| {
        if loading {
            if state.confirming_depart {
                ui.label(RichText::new(text::CONFIRM_DEPART).color(ERROR_RED));
                if ui.button(text::YES_DEPART).clicked() {
                    command = Some(DispatchCommand::Depart(id));
                }
                if ui.button(text::CANCEL).clicked() {
                    state.confirming_depart = false;
                }
            } else if ui.button(text::DEPART).clicked() {
                state.confirming_depart = true;
            }
        }
        if ui.button(text::PRINT).clicked() {
            command = Some(DispatchCommand::PrintManifest(id));
        }
        if !loading {
            if ui.button(text::EXPORT).clicked() {
                command = Some(DispatchCommand::ExportManifest(id));
            }
            if ui.button(text::TRACK).clicked() {
                command = Some(DispatchCommand::Track(id));
            }
        }
    });
    section(ui, text::LINES);
    if manifest.lines.is_empty() {
        ui.label(RichText::new(text::NONE_LOADED).weak());
    }
    let mut unload_click = None;
    egui::Grid::new("manifest_lines")
        .striped(true)
        .show(ui, |ui| {
            grid_titles(ui, &text::LINE_COLUMNS);
            for line in &manifest.lines {
                ui.label(RichText::new(&line.number).monospace());
                ui.label(&line.dest_name);
                ui.label(&line.consignee_name);
                ui.label(&line.goods_name);
                ui.label(format!("{}/{}", line.pieces_loaded, line.pieces));
                match line.partial_mark() {
                    Some(mark) => ui.label(RichText::new(mark).color(ERROR_RED).strong()),
                    None => ui.label(""),
                };
                ui.label(line.loaded_weight_kg().to_string());
                ui.label(format_yuan(line.collect_yuan));
                if loading && ui.small_button(text::UNLOAD).clicked() {
                    unload_click = Some(line.number.clone());
                }
                ui.end_row();
            }
        });
    if let Some(number) = unload_click {
        state.unload = Some((number, String::new()));
    }
    if let Some((number, reason)) = &mut state.unload {
        ui.horizontal(|ui| {
            ui.label(RichText::new(number.as_str()).monospace());
            let label = ui.label(text::UNLOAD_REASON);
            ui.add(egui::TextEdit::singleline(reason).desired_width(240.0))
                .labelled_by(label.id);
            if ui.button(text::CONFIRM_UNLOAD).clicked() {
                command = Some(DispatchCommand::UnloadWaybill {
                    manifest_id: id,
                    number: number.clone(),
                    reason: reason.trim().to_owned(),
                });
            }
        });
        if ui.button(text::CANCEL).clicked() {
            state.unload = None;
        }
    }
    if loading {
        ui.add_space(8.0);
        section(ui, text::ROUTE_STOCK);
        if state.route_stock.is_empty() {
            ui.label(RichText::new(text::NO_STOCK).weak());
        } else if let Some(c) = stock_table(ui, "route_stock", &state.route_stock, Some(id), today)
        {
            command = Some(c);
        }
    }
    command
}

/// The tracking tab: departed trucks and where each of their waybills is.
pub fn tracking_ui(ui: &mut Ui, state: &mut DispatchState) -> Option<DispatchCommand> {
    let mut command = None;
    split_columns(ui, LIST_WIDTH, |left, right| {
        section(left, text::MANIFESTS);
        let tracked = state.tracked.as_ref().map(|m| m.id);
        list_rows(left, "tracking_trucks", |left| {
            for m in state
                .manifests
                .iter()
                .filter(|m| !m.imported && m.state() != ManifestState::Loading)
            {
                let line = format!(
                    "{}  {}  {}  {} 票 {} 件  {}",
                    m.code,
                    m.plate,
                    m.route_text(),
                    m.waybills,
                    m.pieces_loaded,
                    m.departed_at
                        .map(|t| t.format("%m-%d %H:%M").to_string())
                        .unwrap_or_default()
                );
                if left.selectable_label(tracked == Some(m.id), line).clicked() {
                    command = Some(DispatchCommand::Track(m.id));
                }
            }
        });
        section(right, text::TRACKING);
        let Some(truck) = &state.tracked else {
            empty_notice(right, text::NO_TRACKING);
            return;
        };
        let open = state
            .tracking
            .iter()
            .filter(|l| !l.stage.is_final())
            .count();
        right.label(
            RichText::new(format!(
                "{} {}  ·  {} {}  ·  {} {}",
                truck.code,
                truck.plate,
                text::OPEN_TRUCKS,
                open,
                text::DONE_TRUCKS,
                state.tracking.len() - open
            ))
            .strong(),
        );
        egui::Grid::new("tracking").striped(true).show(right, |ui| {
            grid_titles(ui, &text::TRACK_COLUMNS);
            for line in &state.tracking {
                ui.label(RichText::new(&line.number).monospace());
                ui.label(&line.consignee_name);
                ui.label(format!("{}/{}", line.pieces_loaded, line.pieces));
                let where_now = RichText::new(line.stage.label());
                ui.label(if line.stage.is_final() {
                    where_now.weak()
                } else {
                    where_now.strong()
                });
                ui.label(&line.last_action);
                ui.label(
                    line.last_at
                        .map(|t| t.format("%m-%d %H:%M").to_string())
                        .unwrap_or_default(),
                );
                ui.end_row();
            }
        });
    });
    command
}
