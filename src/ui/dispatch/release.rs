//! Releasing goods at the receiving station: the pickup register (提货登记) with the
//! collector's ID checked and signature drawn, the money owed collected first, the
//! shipper's authorization that controlled release (等通知放货) waits for, self-pickup
//! changed to delivery; then delivery tasks and their results (送货), the transfer,
//! receipt, return and exception registers (中转/回单/退货/异常), and the 云递安 count.

use super::signature::signature_pad;
use super::{DispatchCommand, DispatchState, PhotoFor, ReleaseView, photo_row, timeline_ui};
use crate::domain::desk::idcard::{IdType, check_id_number};
use crate::domain::desk::waybill::DeliveryMode;
use crate::domain::dispatch::pickup::{
    AuthorizationDraft, AuthorizationMethod, DeliveryDraft, DeliveryResult, PayChannel,
    PickupDraft, PickupField, parse_payment,
};
use crate::domain::money::format_yuan;
use crate::ui::widgets::{
    ERROR_RED, OK_GREEN, WARN_AMBER, channel_choice, choice, empty_notice, error_text, field_label,
    grid_titles, section, text_field,
};
use chrono::NaiveDateTime;
use egui::{RichText, Ui};

/// Chinese text of these tabs.
mod text {
    pub const NUMBER: &str = "运单号";
    pub const NUMBER_HINT: &str = "扫描货签或输入单号，回车";
    pub const OPEN: &str = "查找";
    pub const PICK: &str = "输入或扫描运单号，查看能否放货";
    pub const STAGE: &str = "状态";
    pub const PIECES_LEFT: &str = "未提件数";
    pub const OWED_LINE: &str = "提付 ¥{c} + 送货费 ¥{d} + 保管费 ¥{s} − 已收 ¥{p} = 应收 ¥{o}";
    pub const STORAGE_LINE: &str = "含保管费 ¥{f}：{w}";
    pub const WAIVE_REASON: &str = "免收原因";
    pub const WAIVE: &str = "免收保管费（主管）";
    pub const OWED_LINE_COD: &str =
        "提付 ¥{c} + 送货费 ¥{d} + 保管费 ¥{s} − 已收 ¥{p} + 代收货款 ¥{k} = 应收 ¥{o}";
    pub const COD_DUE: &str =
        "代收货款 ¥{a}：待收 ¥{k}，须与运费一并收清才能放货（此款应返发货方，不是运费）";
    pub const COD_DONE: &str = "代收货款 ¥{a}：已收齐";
    pub const COD_EXCUSED: &str = "代收货款 ¥{a}：主管 {s} 于 {t} 授权不收放货：{r}";
    pub const COD_REASON: &str = "不收原因";
    pub const COD_OVERRIDE: &str = "不收代收货款放货（主管）";
    pub const CONTROLLED: &str = "等通知放货：须先登记发货方的放货授权";
    pub const ONLY_MISSING_LEFT: &str =
        "本站的货已全部提走；余下的是到货少件，找到并登记后才能放货";
    pub const MISSING: &str =
        "到货核对少件 {n} 件（第 {p} 件），本站没有这些件，请勿放出；找到后另行登记";
    pub const AUTHORIZED: &str = "发货方已授权放货";
    pub const AUTHORIZE: &str = "登记放货授权";
    pub const METHOD: &str = "授权方式";
    pub const PHOTO: &str = "红单照片";
    pub const CONTACT: &str = "授权人";
    pub const CONTACT_HINT: &str = "发货方姓名和电话";
    pub const NOTE: &str = "备注";
    pub const SAVE_AUTH: &str = "登记授权";
    pub const PICKUP: &str = "提货登记";
    pub const TO_DELIVERY: &str = "改为送货…";
    pub const TO_PICKUP: &str = "返回提货登记";
    pub const COLLECTOR: &str = "提货人";
    pub const ID_TYPE: &str = "证件类型";
    pub const ID_NUMBER: &str = "证件号码";
    pub const ID_OK: &str = "证件号码校验通过";
    pub const PIECES: &str = "提货件数";
    pub const AMOUNT: &str = "本次收款";
    pub const CHANNEL: &str = "收款方式";
    pub const SIGNATURE: &str = "提货人签名";
    pub const CLEAR: &str = "重签";
    pub const RELEASE: &str = "确认放货";
    pub const BAD_PIECES: &str = "提货件数请写整数";
    pub const PICKUPS: &str = "提货记录";
    pub const PRINT_SLIP: &str = "打印提货单";
    pub const TIMELINE: &str = "运单记录";
    pub const DELIVERY: &str = "送货（自提改送货须先收送货费和提付）";
    pub const ADDRESS: &str = "送货地址";
    pub const MODE: &str = "送货方式";
    pub const DRIVER: &str = "送货司机";
    pub const ADDED_FEE: &str = "加收送货费";
    pub const SEND_OUT: &str = "派送出库";
    pub const TASKS: &str = "送货任务";
    pub const NO_TASKS: &str = "没有送货任务";
    pub const TASK_COLUMNS: [&str; 7] = ["运单号", "派送时间", "地址", "方式", "司机", "结果", ""];
    pub const OUT: &str = "在途";
    pub const RESULT: &str = "登记结果";
    pub const SAVE_RESULT: &str = "保存结果";
    pub const CANCEL: &str = "取消";
}

/// A number field with its search button; Enter or the button opens it. Takes the focus
/// when `focus` asks (and clears it), its text selected.
pub(super) fn number_row(ui: &mut Ui, number: &mut String, focus: &mut bool) -> Option<String> {
    let mut open = None;
    ui.horizontal(|ui| {
        let label = field_label(ui, text::NUMBER, false);
        let id = ui.scope_id().with("number");
        if std::mem::take(focus) {
            // A label scanned right behind the last lands in it, replacing it.
            crate::ui::widgets::focus_selected(ui, id, number);
        }
        let response = ui
            .add(
                egui::TextEdit::singleline(number)
                    .id(id)
                    .desired_width(240.0)
                    .font(egui::TextStyle::Monospace)
                    .hint_text(text::NUMBER_HINT),
            )
            .labelled_by(label.id);
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (enter || ui.button(text::OPEN).clicked()) && !number.trim().is_empty() {
            // A scanned label (number and 4-digit piece) is accepted too: the app tells
            // them apart.
            open = Some(number.trim().to_owned());
        }
    });
    open
}

fn release_summary(ui: &mut Ui, view: &ReleaseView) {
    let w = &view.waybill;
    let facts = &view.facts;
    ui.heading(format!("{}  {}", w.number, w.consignee_name));
    ui.label(format!(
        "{} {}  ·  {}  ·  {} 件  ·  {} {}",
        w.consignee_phone,
        w.dest_name,
        w.goods_name,
        w.pieces,
        w.delivery.label(),
        w.delivery_address
    ));
    ui.horizontal(|ui| {
        ui.label(format!("{}：", text::STAGE));
        ui.label(RichText::new(facts.life.stage.label()).strong());
        ui.separator();
        ui.label(format!("{}：{}", text::PIECES_LEFT, facts.pieces_left()));
        ui.separator();
        let dues = &facts.dues;
        let owed_line = if w.cod_yuan > rust_decimal::Decimal::ZERO {
            text::OWED_LINE_COD
        } else {
            text::OWED_LINE
        };
        ui.label(
            RichText::new(
                owed_line
                    .replace("{k}", &format_yuan(dues.cod_yuan))
                    .replace("{c}", &format_yuan(dues.collect_yuan))
                    .replace("{d}", &format_yuan(dues.added_delivery_fee_yuan))
                    .replace("{s}", &format_yuan(dues.storage_fee_yuan))
                    .replace("{p}", &format_yuan(dues.paid_yuan))
                    .replace("{o}", &format_yuan(dues.outstanding_yuan())),
            )
            .strong(),
        );
    });
    if let Some(working) = &view.storage_working {
        ui.label(
            RichText::new(
                text::STORAGE_LINE
                    .replace("{f}", &format_yuan(facts.dues.storage_fee_yuan))
                    .replace("{w}", working),
            )
            .color(WARN_AMBER)
            .strong(),
        );
    }
    if w.cod_yuan > rust_decimal::Decimal::ZERO {
        let amount = format_yuan(w.cod_yuan);
        let (line, color) = match &view.cod_override {
            Some(o) => (
                text::COD_EXCUSED
                    .replace("{a}", &amount)
                    .replace("{s}", &o.supervisor_id)
                    .replace("{t}", &o.at.format("%m-%d %H:%M").to_string())
                    .replace("{r}", &o.reason),
                WARN_AMBER,
            ),
            None if facts.dues.cod_yuan > rust_decimal::Decimal::ZERO => (
                text::COD_DUE
                    .replace("{a}", &amount)
                    .replace("{b}", &format_yuan(w.cod_payback_yuan))
                    .replace("{k}", &format_yuan(facts.dues.cod_yuan)),
                ERROR_RED,
            ),
            None => (text::COD_DONE.replace("{a}", &amount), OK_GREEN),
        };
        ui.label(RichText::new(line).color(color).strong());
    }
    if !view.missing.is_empty() {
        ui.label(
            RichText::new(
                text::MISSING
                    .replace("{n}", &view.missing.len().to_string())
                    .replace("{p}", &crate::domain::dispatch::piece_ranges(&view.missing)),
            )
            .color(ERROR_RED)
            .strong(),
        );
    }
    if facts.controlled_release {
        if facts.authorized {
            ui.label(RichText::new(text::AUTHORIZED).color(OK_GREEN).strong());
        } else {
            ui.label(RichText::new(text::CONTROLLED).color(ERROR_RED).strong());
        }
    }
}

/// The release tab.
pub fn release_ui(
    ui: &mut Ui,
    state: &mut DispatchState,
    now: NaiveDateTime,
) -> Option<DispatchCommand> {
    let mut command = None;
    if let Some(number) = number_row(ui, &mut state.release_number, &mut state.focus_number) {
        command = Some(DispatchCommand::OpenRelease(number));
    }
    let Some(view) = state.release.clone() else {
        empty_notice(ui, text::PICK);
        return command;
    };
    release_summary(ui, &view);
    let number = view.waybill.number.clone();
    if view.storage_working.is_some() {
        ui.horizontal(|ui| {
            let l = ui.label(text::WAIVE_REASON);
            ui.add(
                egui::TextEdit::singleline(&mut state.storage_waive_reason).desired_width(220.0),
            )
            .labelled_by(l.id);
            if ui.button(text::WAIVE).clicked() {
                command = Some(DispatchCommand::WaiveStorageFee {
                    number: number.clone(),
                    reason: state.storage_waive_reason.trim().to_owned(),
                });
            }
        });
    }
    if view.facts.dues.cod_yuan > rust_decimal::Decimal::ZERO && view.facts.pieces_left() > 0 {
        ui.horizontal(|ui| {
            let l = ui.label(text::COD_REASON);
            ui.add(egui::TextEdit::singleline(&mut state.cod_override_reason).desired_width(220.0))
                .labelled_by(l.id);
            if ui.button(text::COD_OVERRIDE).clicked() {
                command = Some(DispatchCommand::ReleaseWithoutCod {
                    number: number.clone(),
                    reason: state.cod_override_reason.trim().to_owned(),
                });
            }
        });
    }
    ui.add_space(6.0);
    if view.facts.controlled_release && !view.facts.authorized {
        if let Some(c) = authorization_ui(ui, state, &number) {
            command = Some(c);
        }
    } else if state.delivering {
        if let Some(c) = delivery_form_ui(ui, state, &view) {
            command = Some(c);
        }
    } else if view.facts.pieces_left() as usize > view.missing.len() {
        if let Some(c) = pickup_form_ui(ui, state, &view, now) {
            command = Some(c);
        }
    } else if view.facts.pieces_left() > 0 {
        // What is left is what never arrived.
        ui.label(RichText::new(text::ONLY_MISSING_LEFT).strong());
    }
    if !view.pickups.is_empty() {
        ui.add_space(6.0);
        section(ui, text::PICKUPS);
        egui::Grid::new("pickups").striped(true).show(ui, |ui| {
            for p in &view.pickups {
                ui.label(p.at.format("%m-%d %H:%M").to_string());
                ui.label(&p.collector_name);
                ui.label(p.id_type.map(IdType::label).unwrap_or_default());
                ui.label(&p.id_number);
                ui.label(format!("{} 件", p.pieces));
                if ui.small_button(text::PRINT_SLIP).clicked() {
                    command = Some(DispatchCommand::PrintPickup {
                        number: number.clone(),
                        pickup_id: p.id,
                    });
                }
                ui.end_row();
            }
        });
    }
    ui.add_space(6.0);
    section(ui, text::TIMELINE);
    timeline_ui(ui, "release_timeline", &view.timeline);
    command
}

fn authorization_ui(
    ui: &mut Ui,
    state: &mut DispatchState,
    number: &str,
) -> Option<DispatchCommand> {
    let mut command = None;
    section(ui, text::AUTHORIZE);
    let form = &mut state.authorization;
    egui::Grid::new("authorization")
        .num_columns(2)
        .show(ui, |ui| {
            let label = field_label(ui, text::METHOD, true);
            choice(
                ui,
                &label,
                &mut form.method,
                &[
                    AuthorizationMethod::RedCopyPhoto,
                    AuthorizationMethod::PhoneCall,
                ],
                AuthorizationMethod::label,
            );
            ui.end_row();
            if form.method == AuthorizationMethod::RedCopyPhoto {
                field_label(ui, text::PHOTO, true);
                if let Some(c) = photo_row(ui, &form.photo_path, PhotoFor::Authorization) {
                    command = Some(c);
                }
                ui.end_row();
            }
            let label = field_label(ui, text::CONTACT, true);
            text_field(
                ui,
                &label,
                &mut form.contact,
                260.0,
                text::CONTACT_HINT,
                None,
            );
            ui.end_row();
            let label = field_label(ui, text::NOTE, false);
            text_field(ui, &label, &mut form.note, 260.0, "", None);
            ui.end_row();
        });
    if let Some(e) = &form.error {
        error_text(ui, e);
    }
    if ui.button(text::SAVE_AUTH).clicked() {
        let draft = AuthorizationDraft {
            method: form.method,
            photo_path: form.photo_path.clone(),
            shipper_contact: form.contact.clone(),
            note: form.note.clone(),
        };
        match draft.validate() {
            Ok(authorization) => {
                form.error = None;
                command = Some(DispatchCommand::Authorize {
                    number: number.to_owned(),
                    authorization,
                });
            }
            Err(e) => form.error = Some(e),
        }
    }
    command
}

fn pickup_form_ui(
    ui: &mut Ui,
    state: &mut DispatchState,
    view: &ReleaseView,
    now: NaiveDateTime,
) -> Option<DispatchCommand> {
    let mut command = None;
    ui.horizontal(|ui| {
        section(ui, text::PICKUP);
        if ui.small_button(text::TO_DELIVERY).clicked() {
            state.delivering = true;
            state
                .delivery
                .address
                .clone_from(&view.waybill.delivery_address);
        }
    });
    let form = &mut state.pickup;
    let error = |field: PickupField| {
        form.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let collector_error = error(PickupField::Collector);
    let pieces_error = error(PickupField::Pieces);
    let payment_error = error(PickupField::Payment);
    let signature_error = error(PickupField::Signature);
    // The ID number is checked as typed, so a wrong digit shows before the goods go.
    let id_check = (!form.id_number.trim().is_empty())
        .then(|| check_id_number(form.id_type, &form.id_number, now.date()));
    let id_error = match &id_check {
        Some(Err(e)) => Some(e.to_string()),
        _ => error(PickupField::IdNumber),
    };
    egui::Grid::new("pickup_form")
        .num_columns(2)
        .show(ui, |ui| {
            let label = field_label(ui, text::COLLECTOR, true);
            text_field(
                ui,
                &label,
                &mut form.collector,
                200.0,
                "",
                collector_error.as_deref(),
            );
            ui.end_row();
            let label = field_label(ui, text::ID_TYPE, true);
            choice(ui, &label, &mut form.id_type, &IdType::ALL, IdType::label);
            ui.end_row();
            let label = field_label(ui, text::ID_NUMBER, true);
            ui.vertical(|ui| {
                text_field(
                    ui,
                    &label,
                    &mut form.id_number,
                    260.0,
                    "",
                    id_error.as_deref(),
                );
                if let Some(Ok(_)) = id_check {
                    ui.label(RichText::new(text::ID_OK).small().color(OK_GREEN));
                }
            });
            ui.end_row();
            let label = field_label(ui, text::PIECES, true);
            text_field(
                ui,
                &label,
                &mut form.pieces,
                80.0,
                "",
                pieces_error.as_deref(),
            );
            ui.end_row();
            payment_rows(
                ui,
                (&mut form.amount, &mut form.channel, &mut form.note),
                payment_error.as_deref(),
            );
            field_label(ui, text::SIGNATURE, true);
            ui.vertical(|ui| {
                signature_pad(ui, &mut form.signature, egui::vec2(420.0, 140.0));
                if let Some(e) = &signature_error {
                    error_text(ui, e);
                }
                if ui.small_button(text::CLEAR).clicked() {
                    form.signature.0.clear();
                }
            });
            ui.end_row();
        });
    if ui
        .button(RichText::new(text::RELEASE).strong().size(18.0))
        .clicked()
    {
        let pieces = form.pieces.trim().parse::<u32>().ok();
        let draft = PickupDraft {
            collector_name: form.collector.clone(),
            id_type: form.id_type,
            id_number: form.id_number.clone(),
            signature: form.signature.clone(),
            pieces: pieces.unwrap_or(0),
            payment_amount: form.amount.clone(),
            // An amount without a chosen channel is cash, the counter's usual.
            payment_channel: form.channel.or(Some(PayChannel::Cash)),
            note: form.note.clone(),
        };
        match (pieces, draft.validate(now.date())) {
            (Some(_), Ok(pickup)) => {
                form.errors.clear();
                command = Some(DispatchCommand::Pickup {
                    number: view.waybill.number.clone(),
                    pickup: Box::new(pickup),
                });
            }
            (pieces, result) => {
                form.errors = result.err().unwrap_or_default();
                if pieces.is_none() {
                    form.errors.retain(|e| e.field != PickupField::Pieces);
                    form.errors
                        .push(crate::domain::dispatch::pickup::PickupError {
                            field: PickupField::Pieces,
                            message: text::BAD_PIECES.to_owned(),
                        });
                }
            }
        }
    }
    command
}

fn delivery_form_ui(
    ui: &mut Ui,
    state: &mut DispatchState,
    view: &ReleaseView,
) -> Option<DispatchCommand> {
    let mut command = None;
    ui.horizontal(|ui| {
        section(ui, text::DELIVERY);
        if ui.small_button(text::TO_PICKUP).clicked() {
            state.delivering = false;
        }
    });
    let was_self_pickup = !view.waybill.delivery.is_delivery();
    let form = &mut state.delivery;
    egui::Grid::new("delivery_form")
        .num_columns(2)
        .show(ui, |ui| {
            let label = field_label(ui, text::ADDRESS, true);
            text_field(ui, &label, &mut form.address, 360.0, "", None);
            ui.end_row();
            let label = field_label(ui, text::MODE, true);
            let modes: Vec<DeliveryMode> = DeliveryMode::ALL
                .iter()
                .copied()
                .filter(|m| m.is_delivery())
                .collect();
            choice(ui, &label, &mut form.mode, &modes, DeliveryMode::label);
            ui.end_row();
            let label = field_label(ui, text::DRIVER, true);
            text_field(ui, &label, &mut form.driver, 160.0, "", None);
            ui.end_row();
            if was_self_pickup {
                let label = field_label(ui, text::ADDED_FEE, true);
                text_field(ui, &label, &mut form.added_fee, 100.0, "0.00", None);
                ui.end_row();
            }
            payment_rows(
                ui,
                (&mut form.amount, &mut form.channel, &mut form.note),
                None,
            );
        });
    if let Some(e) = &form.error {
        error_text(ui, e);
    }
    if ui.button(text::SEND_OUT).clicked() {
        let draft = DeliveryDraft {
            address: form.address.clone(),
            mode: form.mode,
            driver: form.driver.clone(),
            added_fee: form.added_fee.clone(),
            payment_amount: form.amount.clone(),
            payment_channel: form.channel,
            note: form.note.clone(),
        };
        match draft.validate(was_self_pickup) {
            Ok(task) => {
                form.error = None;
                command = Some(DispatchCommand::CreateDelivery {
                    number: view.waybill.number.clone(),
                    task,
                });
            }
            Err(e) => form.error = Some(e),
        }
    }
    command
}

/// The delivery tab: tasks out and their results.
pub fn delivery_ui(ui: &mut Ui, state: &mut DispatchState) -> Option<DispatchCommand> {
    let mut command = None;
    section(ui, text::TASKS);
    if state.tasks.is_empty() {
        empty_notice(ui, text::NO_TASKS);
        return None;
    }
    let mut open_result = None;
    egui::Grid::new("delivery_tasks")
        .striped(true)
        .show(ui, |ui| {
            grid_titles(ui, &text::TASK_COLUMNS);
            for task in &state.tasks {
                ui.label(RichText::new(&task.number).monospace());
                ui.label(task.created_at.format("%m-%d %H:%M").to_string());
                ui.label(&task.address);
                ui.label(task.mode.label());
                ui.label(&task.driver);
                if let Some(result) = task.result {
                    let color = if result == DeliveryResult::Delivered {
                        OK_GREEN
                    } else {
                        ERROR_RED
                    };
                    ui.label(RichText::new(result.label()).color(color));
                    ui.label("");
                } else {
                    ui.label(RichText::new(text::OUT).color(WARN_AMBER));
                    if ui.small_button(text::RESULT).clicked() {
                        open_result = Some(task.id);
                    }
                }
                ui.end_row();
            }
        });
    if let Some(id) = open_result {
        state.task_result = Some((
            id,
            DeliveryResult::Delivered,
            String::new(),
            None,
            String::new(),
        ));
    }
    let mut close = false;
    if let Some((id, result, amount, channel, note)) = &mut state.task_result {
        ui.add_space(6.0);
        section(ui, text::RESULT);
        egui::Grid::new("delivery_result")
            .num_columns(2)
            .show(ui, |ui| {
                let label = field_label(ui, text::RESULT, true);
                choice(
                    ui,
                    &label,
                    result,
                    &[
                        DeliveryResult::Delivered,
                        DeliveryResult::Refused,
                        DeliveryResult::Failed,
                    ],
                    DeliveryResult::label,
                );
                ui.end_row();
                payment_rows(ui, (amount, channel, note), None);
            });
        ui.horizontal(|ui| {
            if ui.button(text::SAVE_RESULT).clicked() {
                match parse_payment(amount, *channel) {
                    Ok(payment) => {
                        command = Some(DispatchCommand::DeliveryResult {
                            task_id: *id,
                            result: *result,
                            payment,
                            note: note.trim().to_owned(),
                        });
                    }
                    Err(e) => state.message = Some((false, e)),
                }
            }
            if ui.button(text::CANCEL).clicked() {
                close = true;
            }
        });
    }
    if close {
        state.task_result = None;
    }
    command
}

/// The rows of money taken with goods in a two-column grid: 金额, the payment method
/// (现金 until one is chosen) and a note.
fn payment_rows(
    ui: &mut Ui,
    (amount, channel, note): (&mut String, &mut Option<PayChannel>, &mut String),
    amount_error: Option<&str>,
) {
    let label = field_label(ui, text::AMOUNT, false);
    text_field(ui, &label, amount, 120.0, "0.00", amount_error);
    ui.end_row();
    let label = field_label(ui, text::CHANNEL, false);
    let mut chosen = channel.unwrap_or(PayChannel::Cash);
    channel_choice(ui, &label, &mut chosen);
    *channel = Some(chosen);
    ui.end_row();
    let label = field_label(ui, text::NOTE, false);
    text_field(ui, &label, note, 260.0, "", None);
    ui.end_row();
}
