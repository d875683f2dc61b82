//! Releasing goods at the receiving station: the pickup register (提货登记) with the
//! collector's ID checked and signature drawn, the money owed collected first, the
//! shipper's authorization that controlled release (等通知放货) waits for, self-pickup
//! changed to delivery; then delivery tasks and their results (送货), the transfer,
//! receipt, return and exception registers (中转/回单/退货/异常), and the 云递安 count.

use super::signature::signature_pad;
use super::{DispatchCommand, DispatchState, PhotoFor, RegisterView, ReleaseView, timeline_ui};
use crate::domain::desk::idcard::{IdType, check_id_number};
use crate::domain::desk::waybill::DeliveryMode;
use crate::domain::dispatch::ExceptionKind;
use crate::domain::dispatch::pickup::{
    AuthorizationDraft, AuthorizationMethod, DeliveryDraft, DeliveryResult, PayChannel,
    PickupDraft, PickupField, parse_payment,
};
use crate::domain::money::format_yuan;
use crate::domain::service::claims::{ClaimKind, ClaimOutcome, payable};
use crate::ui::widgets::{
    ERROR_RED, OK_GREEN, WARN_AMBER, choice, empty_notice, error_text, field_label, section,
    text_field,
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
    pub const OWED_LINE: &str = "提付 ¥{c} + 送货费 ¥{d} − 已收 ¥{p} = 应收 ¥{o}";
    pub const CONTROLLED: &str = "等通知放货：须先登记发货方的放货授权";
    pub const ONLY_MISSING_LEFT: &str =
        "本站的货已全部提走；余下的是到货少件，找到并登记后才能放货";
    pub const MISSING: &str =
        "到货核对少件 {n} 件（第 {p} 件），本站没有这些件，请勿放出；找到后另行登记";
    pub const AUTHORIZED: &str = "发货方已授权放货";
    pub const AUTHORIZE: &str = "登记放货授权";
    pub const METHOD: &str = "授权方式";
    pub const PHOTO: &str = "红单照片";
    pub const CHOOSE: &str = "选择…";
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
    pub const REGISTERS: &str = "中转 / 回单 / 退货 / 异常登记";
    pub const TRANSFER: &str = "中转登记";
    pub const CARRIER: &str = "中转承运商";
    pub const CARRIER_NUMBER: &str = "对方单号";
    pub const FEE: &str = "中转费";
    pub const REBATE: &str = "中转回扣";
    pub const SAVE_TRANSFER: &str = "登记中转";
    pub const RECEIPT: &str = "回单登记";
    pub const RECEIPT_COPIES: &str = "要求回单 {n} 份";
    pub const NO_RECEIPT: &str = "本单不要求回单";
    pub const RECEIPT_BACK: &str = "回单已收回";
    pub const RECEIPT_SENT: &str = "回单已寄回发货方";
    pub const RECEIPT_AT: &str = "回单 {t} 收回（{b}）";
    pub const SENT_AT: &str = "，{t} 寄回发货方（{b}）";
    pub const REGISTER_NOTE: &str = "说明";
    pub const RETURN: &str = "退货给发货方";
    pub const EXCEPTION: &str = "异常登记";
    pub const KIND: &str = "类别";
    pub const RESPONSIBLE: &str = "责任方";
    pub const CLAIM: &str = "索赔金额";
    pub const SAVE_EXCEPTION: &str = "登记异常";
    pub const CLAIMS: &str = "理赔";
    pub const CLAIM_KIND: &str = "理赔类型";
    pub const CLAIM_ASKED: &str = "索赔金额";
    pub const CLAIM_NOTE: &str = "理赔说明";
    pub const SAVE_CLAIM: &str = "登记理赔";
    pub const CLAIM_PREVIEW: &str = "按规定可赔 ¥{a}：{r}";
    pub const CLAIM_LINE: &str = "#{id} {k}  索赔 ¥{a}  {s}  {n}（{b} {t}）";
    pub const CLAIM_DECIDED: &str = "决定赔付 ¥{a}：{r}（{b} {t}）";
    pub const CLAIM_PAID: &str = "已赔付 {c}（{b} {t}）";
    pub const CLAIM_REJECTED: &str = "拒赔：{r}（{b} {t}）";
    pub const DECIDE_CLAIM: &str = "决定赔付（主管）";
    pub const PAY_CLAIM: &str = "已赔付";
    pub const REJECT_CLAIM: &str = "拒赔（主管）";
    pub const CLAIM_CHANNEL: &str = "赔付方式";
    pub const CLAIM_REASON: &str = "拒赔原因";
    pub const NO_CLAIMS: &str = "该运单没有理赔";
    pub const NEED_REASON: &str = "请写明退货原因";
    pub const TRANSFERS: &str = "中转记录";
    pub const EXCEPTIONS: &str = "异常记录";
    pub const PAYABLES: &str = "回单已回、待收运费的回单付运单";
    pub const NO_PAYABLES: &str = "没有待收的回单付运单";
    pub const UPLOADS: &str = "今日云递安上传（每人每天至少 {n} 条）";
    pub const ADD: &str = "我今天又上传了";
    pub const RECORDS: &str = "条";
    pub const SAVE_UPLOADS: &str = "记上";
    pub const EXPORT_UPLOADS: &str = "导出今日待上传运单…";
    pub const BAD_COUNT: &str = "条数请写 1–500 的整数";
    pub const SHORT: &str = "未达标";
    pub const MET: &str = "已达标";
    pub const NO_UPLOADS: &str = "今天还没有人登记上传";
    pub const SETTINGS: &str = "本站发车/到货设置（主管）";
    pub const NOTIFY_HOURS: &str = "通知时限(小时)";
    pub const DAILY_UPLOADS: &str = "每日上传条数";
    pub const MANIFEST_PREFIX: &str = "清单号前缀";
    pub const SAVE_SETTINGS: &str = "保存设置";
    pub const CLAIM_MULTIPLE: &str = "理赔上限(运费倍数)";
    pub const SAVE_CLAIM_MULTIPLE: &str = "保存理赔倍数";
    pub const BAD_CLAIM_MULTIPLE: &str = "理赔倍数请写大于 0、不超过 100 的数，如 3";
    pub const STATION_CODES: &str = "本站区县代码";
    pub const BAD_CODE: &str = "「{c}」不是县级行政区代码（6 位，如 440111）";
    pub const BAD_SETTINGS: &str = "通知时限请写 1–240 的整数小时，每日上传条数 0–500";
}

/// A number field with its search button; Enter or the button opens it.
fn number_row(ui: &mut Ui, number: &mut String) -> Option<String> {
    let mut open = None;
    ui.horizontal(|ui| {
        let label = field_label(ui, text::NUMBER, false);
        let response = ui
            .add(
                egui::TextEdit::singleline(number)
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
        ui.label(
            RichText::new(
                text::OWED_LINE
                    .replace("{c}", &format_yuan(dues.collect_yuan))
                    .replace("{d}", &format_yuan(dues.added_delivery_fee_yuan))
                    .replace("{p}", &format_yuan(dues.paid_yuan))
                    .replace("{o}", &format_yuan(dues.outstanding_yuan())),
            )
            .strong(),
        );
    });
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
    if let Some(number) = number_row(ui, &mut state.release_number) {
        command = Some(DispatchCommand::OpenRelease(number));
    }
    let Some(view) = state.release.clone() else {
        empty_notice(ui, text::PICK);
        return command;
    };
    release_summary(ui, &view);
    ui.add_space(6.0);
    let number = view.waybill.number.clone();
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
                ui.horizontal(|ui| {
                    ui.label(if form.photo_path.is_empty() {
                        "—"
                    } else {
                        form.photo_path.as_str()
                    });
                    if ui.small_button(text::CHOOSE).clicked() {
                        command = Some(DispatchCommand::PickPhoto(PhotoFor::Authorization));
                    }
                });
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
            let label = field_label(ui, text::AMOUNT, false);
            text_field(
                ui,
                &label,
                &mut form.amount,
                120.0,
                "0.00",
                payment_error.as_deref(),
            );
            ui.end_row();
            let label = field_label(ui, text::CHANNEL, false);
            let mut channel = form.channel.unwrap_or(PayChannel::Cash);
            choice(
                ui,
                &label,
                &mut channel,
                &PayChannel::ALL,
                PayChannel::label,
            );
            form.channel = Some(channel);
            ui.end_row();
            let label = field_label(ui, text::NOTE, false);
            text_field(ui, &label, &mut form.note, 260.0, "", None);
            ui.end_row();
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
            let label = field_label(ui, text::AMOUNT, false);
            text_field(ui, &label, &mut form.amount, 100.0, "0.00", None);
            ui.end_row();
            let label = field_label(ui, text::CHANNEL, false);
            let mut channel = form.channel.unwrap_or(PayChannel::Cash);
            choice(
                ui,
                &label,
                &mut channel,
                &PayChannel::ALL,
                PayChannel::label,
            );
            form.channel = Some(channel);
            ui.end_row();
            let label = field_label(ui, text::NOTE, false);
            text_field(ui, &label, &mut form.note, 260.0, "", None);
            ui.end_row();
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
            for title in text::TASK_COLUMNS {
                ui.label(RichText::new(title).strong());
            }
            ui.end_row();
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
                let label = field_label(ui, text::AMOUNT, false);
                text_field(ui, &label, amount, 100.0, "0.00", None);
                ui.end_row();
                let label = field_label(ui, text::CHANNEL, false);
                let mut chosen = channel.unwrap_or(PayChannel::Cash);
                choice(ui, &label, &mut chosen, &PayChannel::ALL, PayChannel::label);
                *channel = Some(chosen);
                ui.end_row();
                let label = field_label(ui, text::NOTE, false);
                text_field(ui, &label, note, 260.0, "", None);
                ui.end_row();
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

fn register_summary(ui: &mut Ui, view: &RegisterView) {
    let w = &view.waybill;
    ui.heading(format!(
        "{}  {} → {}",
        w.number, w.shipper_name, w.consignee_name
    ));
    ui.label(format!(
        "{}  ·  {} 件  ·  {}  ·  {}",
        w.dest_name,
        w.pieces,
        w.payment.label(),
        w.life.stage.label()
    ));
}

/// The registers tab.
pub fn registers_ui(ui: &mut Ui, state: &mut DispatchState) -> Option<DispatchCommand> {
    let mut command = None;
    section(ui, text::REGISTERS);
    if let Some(number) = number_row(ui, &mut state.register_number) {
        command = Some(DispatchCommand::OpenRegister(number));
    }
    if let Some(view) = state.register.clone() {
        register_summary(ui, &view);
        let number = view.waybill.number.clone();
        if let Some(e) = &state.register_error {
            error_text(ui, e);
        }
        ui.columns(2, |columns| {
            let [left, right] = columns else {
                return;
            };
            if let Some(c) = transfer_form(left, state, &number) {
                command = Some(c);
            }
            left.add_space(6.0);
            if let Some(c) = exception_form(left, state, &number) {
                command = Some(c);
            }
            left.add_space(6.0);
            if let Some(c) = claims_form(left, state, &number) {
                command = Some(c);
            }
            if let Some(c) = receipt_form(right, state, &view) {
                command = Some(c);
            }
            right.add_space(6.0);
            if !view.transfers.is_empty() {
                section(right, text::TRANSFERS);
                for t in &view.transfers {
                    right.label(format!(
                        "{} {}  中转费 ¥{}  回扣 ¥{}  {}",
                        t.carrier,
                        t.carrier_number,
                        format_yuan(t.fee_yuan),
                        format_yuan(t.rebate_yuan),
                        t.note
                    ));
                }
            }
            if !view.exceptions.is_empty() {
                section(right, text::EXCEPTIONS);
                for e in &view.exceptions {
                    right.label(format!(
                        "{}  {}  责任方 {}  索赔 ¥{}",
                        e.kind.label(),
                        e.note,
                        e.responsible,
                        format_yuan(e.claim_yuan)
                    ));
                }
            }
            section(right, text::TIMELINE);
            timeline_ui(right, "register_timeline", &view.timeline);
        });
    }
    ui.add_space(8.0);
    section(ui, text::PAYABLES);
    if state.payables.is_empty() {
        ui.label(RichText::new(text::NO_PAYABLES).weak());
    }
    egui::Grid::new("payables").striped(true).show(ui, |ui| {
        for p in &state.payables {
            ui.label(RichText::new(&p.number).monospace());
            ui.label(&p.shipper_name);
            ui.label(&p.shipper_phone);
            ui.label(format!("¥{}", format_yuan(p.total_yuan)));
            ui.label(p.received_at.format("%m-%d").to_string());
            ui.end_row();
        }
    });
    command
}

fn transfer_form(ui: &mut Ui, state: &mut DispatchState, number: &str) -> Option<DispatchCommand> {
    let mut command = None;
    section(ui, text::TRANSFER);
    let form = &mut state.transfer;
    egui::Grid::new("transfer_form")
        .num_columns(2)
        .show(ui, |ui| {
            for (caption, value, required) in [
                (text::CARRIER, &mut form.carrier, true),
                (text::CARRIER_NUMBER, &mut form.carrier_number, true),
                (text::FEE, &mut form.fee, true),
                (text::REBATE, &mut form.rebate, false),
                (text::NOTE, &mut form.note, false),
            ] {
                let label = field_label(ui, caption, required);
                text_field(ui, &label, value, 200.0, "", None);
                ui.end_row();
            }
        });
    if ui.button(text::SAVE_TRANSFER).clicked() {
        match form.validate() {
            Ok(transfer) => {
                state.register_error = None;
                command = Some(DispatchCommand::Transfer {
                    number: number.to_owned(),
                    transfer,
                });
            }
            Err(e) => state.register_error = Some(e),
        }
    }
    command
}

fn exception_form(ui: &mut Ui, state: &mut DispatchState, number: &str) -> Option<DispatchCommand> {
    let mut command = None;
    section(ui, text::EXCEPTION);
    let form = &mut state.exception;
    egui::Grid::new("exception_form")
        .num_columns(2)
        .show(ui, |ui| {
            let label = field_label(ui, text::KIND, true);
            choice(
                ui,
                &label,
                &mut form.kind,
                &ExceptionKind::ALL,
                ExceptionKind::label,
            );
            ui.end_row();
            for (caption, value, required) in [
                (text::RESPONSIBLE, &mut form.responsible, true),
                (text::REGISTER_NOTE, &mut form.note, true),
                (text::CLAIM, &mut form.claim, false),
            ] {
                let label = field_label(ui, caption, required);
                text_field(ui, &label, value, 200.0, "", None);
                ui.end_row();
            }
        });
    if ui.button(text::SAVE_EXCEPTION).clicked() {
        match form.validate() {
            Ok(exception) => {
                state.register_error = None;
                command = Some(DispatchCommand::Exception {
                    number: number.to_owned(),
                    exception,
                });
            }
            Err(e) => state.register_error = Some(e),
        }
    }
    command
}

/// The 理赔 section: register a claim, see what the rules pay before deciding, decide,
/// mark paid or rejected, and the waybill's claims.
fn claims_form(ui: &mut Ui, state: &mut DispatchState, number: &str) -> Option<DispatchCommand> {
    let mut command = None;
    section(ui, text::CLAIMS);
    let form = &mut state.claim;
    egui::Grid::new("claim_form").num_columns(2).show(ui, |ui| {
        let label = field_label(ui, text::CLAIM_KIND, true);
        choice(
            ui,
            &label,
            &mut form.kind,
            &ClaimKind::ALL,
            ClaimKind::label,
        );
        ui.end_row();
        let label = field_label(ui, text::CLAIM_ASKED, true);
        text_field(ui, &label, &mut form.asked, 200.0, "", None);
        ui.end_row();
        let label = field_label(ui, text::CLAIM_NOTE, false);
        text_field(ui, &label, &mut form.note, 200.0, "", None);
        ui.end_row();
    });
    if let Ok(claim) = form.validate() {
        let p = payable(
            claim.kind,
            claim.asked_yuan,
            &state.claim_basis,
            &state.claim_settings,
        );
        ui.label(
            text::CLAIM_PREVIEW
                .replace("{a}", &format_yuan(p.amount_yuan))
                .replace("{r}", &p.rule),
        );
    }
    if ui.button(text::SAVE_CLAIM).clicked() {
        match form.validate() {
            Ok(claim) => {
                state.register_error = None;
                command = Some(DispatchCommand::RegisterClaim {
                    number: number.to_owned(),
                    claim,
                });
            }
            Err(e) => state.register_error = Some(e),
        }
    }
    if state.claims.is_empty() {
        ui.label(RichText::new(text::NO_CLAIMS).weak());
        return command;
    }
    let any_open = state.claims.iter().any(|c| c.outcome.is_none());
    if any_open {
        ui.horizontal(|ui| {
            let label = ui.label(text::CLAIM_CHANNEL);
            choice(
                ui,
                &label,
                &mut state.claim_channel,
                &PayChannel::ALL,
                PayChannel::label,
            );
        });
        ui.horizontal(|ui| {
            let label = ui.label(text::CLAIM_REASON);
            ui.add(egui::TextEdit::singleline(&mut state.claim_reason).desired_width(200.0))
                .labelled_by(label.id);
        });
    }
    for c in &state.claims {
        ui.label(
            text::CLAIM_LINE
                .replace("{id}", &c.id.to_string())
                .replace("{k}", c.kind.label())
                .replace("{a}", &format_yuan(c.asked_yuan))
                .replace("{s}", c.state_label())
                .replace("{n}", &c.note)
                .replace("{b}", &c.registered_by)
                .replace("{t}", &c.registered_at.format("%m-%d %H:%M").to_string()),
        );
        if let Some(d) = &c.decision {
            ui.label(
                text::CLAIM_DECIDED
                    .replace("{a}", &format_yuan(d.amount_yuan))
                    .replace("{r}", &d.rule)
                    .replace("{b}", &d.decided_by)
                    .replace("{t}", &d.decided_at.format("%m-%d %H:%M").to_string()),
            );
        } else if c.outcome.is_none() {
            let p = payable(
                c.kind,
                c.asked_yuan,
                &state.claim_basis,
                &state.claim_settings,
            );
            ui.label(
                RichText::new(
                    text::CLAIM_PREVIEW
                        .replace("{a}", &format_yuan(p.amount_yuan))
                        .replace("{r}", &p.rule),
                )
                .color(WARN_AMBER),
            );
        }
        match &c.outcome {
            Some(ClaimOutcome::Paid { channel, by, at }) => {
                ui.label(
                    RichText::new(
                        text::CLAIM_PAID
                            .replace("{c}", channel.label())
                            .replace("{b}", by)
                            .replace("{t}", &at.format("%m-%d %H:%M").to_string()),
                    )
                    .color(OK_GREEN),
                );
            }
            Some(ClaimOutcome::Rejected { reason, by, at }) => {
                ui.label(
                    RichText::new(
                        text::CLAIM_REJECTED
                            .replace("{r}", reason)
                            .replace("{b}", by)
                            .replace("{t}", &at.format("%m-%d %H:%M").to_string()),
                    )
                    .color(ERROR_RED),
                );
            }
            None => {
                ui.horizontal(|ui| {
                    if c.decision.is_none() && ui.button(text::DECIDE_CLAIM).clicked() {
                        command = Some(DispatchCommand::DecideClaim {
                            number: number.to_owned(),
                            id: c.id,
                        });
                    }
                    if c.decision.is_some() && ui.button(text::PAY_CLAIM).clicked() {
                        command = Some(DispatchCommand::PayClaim {
                            number: number.to_owned(),
                            id: c.id,
                            channel: state.claim_channel,
                        });
                    }
                    if ui.button(text::REJECT_CLAIM).clicked() {
                        command = Some(DispatchCommand::RejectClaim {
                            number: number.to_owned(),
                            id: c.id,
                            reason: state.claim_reason.trim().to_owned(),
                        });
                    }
                });
            }
        }
    }
    command
}

fn receipt_form(
    ui: &mut Ui,
    state: &mut DispatchState,
    view: &RegisterView,
) -> Option<DispatchCommand> {
    let mut command = None;
    let number = view.waybill.number.clone();
    section(ui, text::RECEIPT);
    if view.waybill.receipt_copies > 0 {
        ui.label(text::RECEIPT_COPIES.replace("{n}", &view.waybill.receipt_copies.to_string()));
    } else {
        ui.label(RichText::new(text::NO_RECEIPT).weak());
    }
    if let Some(r) = &view.receipt {
        let mut line = text::RECEIPT_AT
            .replace("{t}", &r.received_at.format("%m-%d %H:%M").to_string())
            .replace("{b}", &r.received_by);
        if let (Some(at), Some(by)) = (r.sent_back_at, &r.sent_back_by) {
            line.push_str(
                &text::SENT_AT
                    .replace("{t}", &at.format("%m-%d %H:%M").to_string())
                    .replace("{b}", by),
            );
        }
        ui.label(RichText::new(line).color(OK_GREEN));
    }
    ui.horizontal(|ui| {
        let label = ui.label(text::REGISTER_NOTE);
        ui.add(egui::TextEdit::singleline(&mut state.register_note).desired_width(240.0))
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let note = state.register_note.trim().to_owned();
        if view.receipt.is_none() && ui.button(text::RECEIPT_BACK).clicked() {
            command = Some(DispatchCommand::ReceiptReturned {
                number: number.clone(),
                note: note.clone(),
            });
        }
        if view
            .receipt
            .as_ref()
            .is_some_and(|r| r.sent_back_at.is_none())
            && ui.button(text::RECEIPT_SENT).clicked()
        {
            command = Some(DispatchCommand::ReceiptSentBack {
                number: number.clone(),
                note: note.clone(),
            });
        }
        if !view.waybill.life.stage.is_final() && ui.button(text::RETURN).clicked() {
            if note.is_empty() {
                state.register_error = Some(text::NEED_REASON.to_owned());
            } else {
                command = Some(DispatchCommand::Return {
                    number: number.clone(),
                    reason: note,
                });
            }
        }
    });
    command
}

/// The 云递安 tab: today's count per clerk against the daily minimum.
pub fn uploads_ui(
    ui: &mut Ui,
    state: &mut DispatchState,
    supervisor: bool,
) -> Option<DispatchCommand> {
    let mut command = None;
    section(
        ui,
        &text::UPLOADS.replace("{n}", &state.uploads_required.to_string()),
    );
    ui.horizontal(|ui| {
        let label = ui.label(text::ADD);
        ui.add(egui::TextEdit::singleline(&mut state.upload_add).desired_width(60.0))
            .labelled_by(label.id);
        ui.label(text::RECORDS);
        if ui.button(text::SAVE_UPLOADS).clicked() {
            match state.upload_add.trim().parse::<u32>() {
                Ok(n) if (1..=500).contains(&n) => {
                    command = Some(DispatchCommand::AddUploads(n));
                }
                _ => state.message = Some((false, text::BAD_COUNT.to_owned())),
            }
        }
        ui.separator();
        if ui.button(text::EXPORT_UPLOADS).clicked() {
            command = Some(DispatchCommand::ExportUploads);
        }
    });
    if state.uploads.is_empty() {
        ui.label(RichText::new(text::NO_UPLOADS).weak());
    }
    egui::Grid::new("uploads").striped(true).show(ui, |ui| {
        for u in &state.uploads {
            ui.label(&u.staff_id);
            ui.label(&u.staff_name);
            ui.label(format!("{} {}", u.count, text::RECORDS));
            if u.count >= state.uploads_required {
                ui.label(RichText::new(text::MET).color(OK_GREEN));
            } else {
                ui.label(RichText::new(text::SHORT).color(ERROR_RED));
            }
            ui.end_row();
        }
    });
    if supervisor {
        ui.add_space(10.0);
        if let Some(c) = settings_ui(ui, state) {
            command = Some(c);
        }
    }
    command
}

/// The station's dispatch settings, for the supervisor.
fn settings_ui(ui: &mut Ui, state: &mut DispatchState) -> Option<DispatchCommand> {
    let mut command = None;
    section(ui, text::SETTINGS);
    let (hours, uploads, prefix, codes) = &mut state.settings_form;
    egui::Grid::new("dispatch_settings")
        .num_columns(2)
        .show(ui, |ui| {
            let label = field_label(ui, text::NOTIFY_HOURS, true);
            text_field(ui, &label, hours, 80.0, "12", None);
            ui.end_row();
            let label = field_label(ui, text::DAILY_UPLOADS, true);
            text_field(ui, &label, uploads, 80.0, "5", None);
            ui.end_row();
            let label = field_label(ui, text::MANIFEST_PREFIX, false);
            text_field(ui, &label, prefix, 80.0, "GZF", None);
            ui.end_row();
            let label = field_label(ui, text::STATION_CODES, false);
            text_field(ui, &label, codes, 240.0, "440111", None);
            ui.end_row();
        });
    if ui.button(text::SAVE_SETTINGS).clicked() {
        let divisions = crate::domain::desk::destinations::Divisions::bundled();
        let station_codes: Vec<String> = codes
            .split([' ', ',', '，', '、'])
            .filter(|c| !c.trim().is_empty())
            .map(|c| c.trim().to_owned())
            .collect();
        let bad_code = station_codes
            .iter()
            .find(|c| divisions.by_code(c).is_none())
            .cloned();
        match (
            hours.trim().parse::<u32>(),
            uploads.trim().parse::<u32>(),
            bad_code,
        ) {
            (_, _, Some(code)) => {
                state.message = Some((false, text::BAD_CODE.replace("{c}", &code)));
            }
            (Ok(h), Ok(u), None) if (1..=240).contains(&h) && u <= 500 => {
                command = Some(DispatchCommand::SaveSettings(
                    crate::domain::dispatch::DispatchSettings {
                        notify_within_hours: h,
                        daily_uploads: u,
                        manifest_prefix: prefix.trim().to_owned(),
                        station_codes,
                    },
                ));
            }
            _ => state.message = Some((false, text::BAD_SETTINGS.to_owned())),
        }
    }
    ui.horizontal(|ui| {
        let label = field_label(ui, text::CLAIM_MULTIPLE, true);
        text_field(ui, &label, &mut state.claim_multiple, 80.0, "3", None);
        if ui.button(text::SAVE_CLAIM_MULTIPLE).clicked() {
            match crate::domain::service::claims::ClaimSettings::from_typed_multiple(
                &state.claim_multiple,
            ) {
                Some(settings) => command = Some(DispatchCommand::SaveClaimSettings(settings)),
                None => state.message = Some((false, text::BAD_CLAIM_MULTIPLE.to_owned())),
            }
        }
    });
    command
}
