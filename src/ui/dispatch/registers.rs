//! The 登记 tab (transfers, exceptions, claims, receipts of one waybill), the 上传 tab
//! (the daily upload count) and the tab's own settings.

use super::{DispatchCommand, DispatchState, RegisterView, timeline_ui};
use crate::domain::dispatch::ExceptionKind;
use crate::domain::money::format_yuan;
use crate::domain::service::claims::{ClaimKind, ClaimOutcome, payable};
use crate::ui::widgets::{
    ERROR_RED, OK_GREEN, WARN_AMBER, channel_choice, choice, error_text, field_label, section,
    text_field,
};
use egui::{RichText, Ui};

use super::release::number_row;

/// Chinese text of these tabs.
mod text {
    pub const NOTE: &str = "备注";
    pub const TIMELINE: &str = "运单记录";
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
    pub const AT_SHIPPERS_RISK: &str =
        "本单注明「{t}」：破损（含泄漏、变形）由发货方自行承担，不予赔付；丢失仍按条款赔付";
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
    pub const SAVE_SETTINGS: &str = "保存发车与通知设置";
    pub const CLAIM_MULTIPLE: &str = "理赔上限(运费倍数)";
    pub const SAVE_CLAIM_MULTIPLE: &str = "保存理赔倍数";
    pub const BAD_CLAIM_MULTIPLE: &str = "理赔倍数请写大于 0、不超过 100 的数，如 3";
    pub const STATION_CODES: &str = "本站区县代码";
    pub const FREE_DAYS: &str = "免费保管天数";
    pub const STORAGE_RATE: &str = "保管费（元/件/天）";
    pub const BAD_CODE: &str = "「{c}」不是县级行政区代码（6 位，如 440111）";
    pub const BAD_SETTINGS: &str = "通知时限请写 1–240 的整数小时，每日上传条数 0–500";
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
    if let Some(number) = number_row(ui, &mut state.register_number, &mut state.focus_number) {
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
            let written = (view.waybill.weight_kg, view.waybill.volume_m3);
            if let Some(c) = super::reweigh::reweigh_form(right, state, &number, written) {
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
    // Before anything is typed: a waybill at the shipper's risk pays no damage.
    if let Some(terms) = state.claim_basis.damage_at_shipper_risk {
        ui.label(RichText::new(text::AT_SHIPPERS_RISK.replace("{t}", terms)).color(WARN_AMBER));
    }
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
            channel_choice(ui, &label, &mut state.claim_channel);
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
    let [hours, uploads, prefix, codes, free_days, rate] = &mut state.settings_form;
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
            let label = field_label(ui, text::FREE_DAYS, true);
            text_field(ui, &label, free_days, 80.0, "7", None);
            ui.end_row();
            let label = field_label(ui, text::STORAGE_RATE, true);
            text_field(ui, &label, rate, 80.0, "1", None);
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
        let storage =
            crate::domain::dispatch::pickup::storage_fee::StorageTerms::from_typed(free_days, rate);
        match (
            hours.trim().parse::<u32>(),
            uploads.trim().parse::<u32>(),
            bad_code,
            storage,
        ) {
            (_, _, Some(code), _) => {
                state.message = Some((false, text::BAD_CODE.replace("{c}", &code)));
            }
            (_, _, None, Err(why)) => state.message = Some((false, why)),
            (Ok(h), Ok(u), None, Ok(storage)) if (1..=240).contains(&h) && u <= 500 => {
                command = Some(DispatchCommand::SaveSettings {
                    settings: crate::domain::dispatch::DispatchSettings {
                        notify_within_hours: h,
                        daily_uploads: u,
                        manifest_prefix: prefix.trim().to_owned(),
                        station_codes,
                        storage,
                    },
                    seen: state.settings_seen,
                });
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
                Some(settings) => {
                    command = Some(DispatchCommand::SaveClaimSettings {
                        settings,
                        seen: state.claim_seen,
                    });
                }
                None => state.message = Some((false, text::BAD_CLAIM_MULTIPLE.to_owned())),
            }
        }
    });
    command
}
