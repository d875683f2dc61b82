//! 代收货款返款 on the 收款/对账 page (issue 17): what was collected and not paid back, per
//! shipper, the one waiting longest first, with the age of each waybill; a shipper chosen,
//! its waybills ticked (all by default) and a batch (代收款返款单) prepared; the open and
//! recent batches with their state, approved by a supervisor, paid with a method and a
//! reference, voided with a reason, printed for the shipper to sign.

use super::{MoneyCommand, MoneyState, money};
use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::cod::{Remittance, RemittanceState};
use crate::domain::money::{format_money, format_yuan};
use crate::ui::Command;
use crate::ui::widgets::{ERROR_RED, OK_GREEN, WARN_AMBER, channel_choice, field_label, section};
use chrono::NaiveDate;
use egui::{RichText, Ui};
use rust_decimal::Decimal;

/// Chinese text of this part.
mod text {
    pub const TITLE: &str = "代收货款返款";
    pub const LOAD: &str = "刷新返款";
    pub const NOTHING: &str = "没有待返的代收货款";
    pub const SHIPPER_HEADS: [&str; 5] = ["发货方", "电话", "票数", "待返金额", "最久（天）"];
    pub const CHOOSE: &str = "选择";
    pub const ITEM_LINE: &str = "{n}  {c}  {d} 收  {a} 天  ¥{m}";
    pub const ON_BATCH: &str = "（已在返款单 {b}）";
    pub const NOTE: &str = "返款备注";
    pub const PREPARE: &str = "生成返款单（待主管审批）";
    pub const BATCHES: &str = "返款单";
    pub const BATCH_LINE: &str = "{c}  {s}（{p}）  {n} 票  ¥{a}  ［{st}］";
    pub const APPROVE: &str = "审批通过（主管）";
    pub const CHANNEL: &str = "付款方式";
    pub const REFERENCE: &str = "交易流水号";
    pub const PAY: &str = "确认已付款";
    pub const VOID_REASON: &str = "作废原因";
    pub const VOID: &str = "作废（主管）";
    pub const PRINT: &str = "打印返款单";
    pub const HANDLE: &str = "处理 {c}";
    pub const PAID: &str = "{c} {b} 付于 {t}，流水号 {r}";
    pub const VOIDED: &str = "{b} 作废于 {t}：{r}";
}

/// What the 返款 part asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemitCommand {
    /// Load the 代收货款 to pay back and the remittance batches.
    LoadRemittances,
    /// Prepare a remittance batch for a shipper.
    PrepareRemittance {
        /// The shipper's phone.
        shipper_phone: String,
        /// 单号 and amount of each waybill.
        items: Vec<(String, Decimal)>,
        /// A note.
        note: String,
    },
    /// Approve a batch (supervisor).
    ApproveRemittance(i64),
    /// Record a batch paid.
    PayRemittance {
        /// The batch.
        id: i64,
        /// How.
        channel: PayChannel,
        /// The transaction's reference.
        reference: String,
    },
    /// Void a batch not yet paid (supervisor).
    VoidRemittance {
        /// The batch.
        id: i64,
        /// Why.
        reason: String,
    },
    /// Print a batch for the shipper to sign.
    PrintRemittance(i64),
}

fn remit(command: RemitCommand) -> Option<Command> {
    money(MoneyCommand::Remit(command))
}

/// Draws the part, the waybills aged on the day the list was loaded.
pub(super) fn remit_ui(ui: &mut Ui, state: &mut MoneyState, supervisor: bool) -> Option<Command> {
    section(ui, text::TITLE);
    let mut command = ui
        .button(text::LOAD)
        .clicked()
        .then(|| remit(RemitCommand::LoadRemittances))
        .flatten();
    // The lists are lent out for the frame, not copied, while the forms beside them change.
    let (Some(owed), Some(today)) = (state.cod_owed.take(), state.remit_today) else {
        return command;
    };
    let remittances = std::mem::take(&mut state.remittances);
    if let Some(c) = lists_ui(ui, state, &owed, &remittances, supervisor, today) {
        command = Some(c);
    }
    state.cod_owed = Some(owed);
    state.remittances = remittances;
    command
}

fn lists_ui(
    ui: &mut Ui,
    state: &mut MoneyState,
    owed: &[crate::domain::money::cod::ShipperOwed],
    remittances: &[Remittance],
    supervisor: bool,
    today: NaiveDate,
) -> Option<Command> {
    let mut command = None;
    if owed.is_empty() {
        ui.label(RichText::new(text::NOTHING).weak());
    }
    egui::Grid::new("cod_owed").striped(true).show(ui, |ui| {
        for head in text::SHIPPER_HEADS {
            ui.label(RichText::new(head).strong());
        }
        ui.label("");
        ui.end_row();
        for shipper in owed {
            ui.label(&shipper.shipper_name);
            ui.label(&shipper.shipper_phone);
            ui.label(shipper.items.len().to_string());
            ui.label(format_money(shipper.total_yuan()));
            let oldest = shipper.oldest_days(today);
            let days = RichText::new(oldest.to_string());
            ui.label(if oldest > 30 {
                days.color(ERROR_RED)
            } else if oldest > 7 {
                days.color(WARN_AMBER)
            } else {
                days
            });
            let chosen = state.remit_shipper.as_deref() == Some(shipper.shipper_phone.as_str());
            if ui.selectable_label(chosen, text::CHOOSE).clicked() {
                state.remit_shipper = Some(shipper.shipper_phone.clone());
                state.remit_ticked = shipper
                    .items
                    .iter()
                    .filter(|i| i.in_batch.is_none())
                    .map(|i| i.number.clone())
                    .collect();
            }
            ui.end_row();
        }
    });
    if let Some(shipper) = owed
        .iter()
        .find(|s| state.remit_shipper.as_deref() == Some(s.shipper_phone.as_str()))
    {
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!(
                "{}（{}）",
                shipper.shipper_name, shipper.shipper_phone
            ))
            .strong(),
        );
        for item in &shipper.items {
            let line = text::ITEM_LINE
                .replace("{n}", &item.number)
                .replace("{c}", &item.consignee_name)
                .replace("{d}", &item.collected_at.format("%m-%d").to_string())
                .replace("{a}", &item.age_days(today).to_string())
                .replace("{m}", &format_yuan(item.amount_yuan));
            if let Some(batch) = item.in_batch {
                ui.label(
                    RichText::new(format!(
                        "{line}{}",
                        text::ON_BATCH.replace("{b}", &format!("FK{batch:06}"))
                    ))
                    .weak(),
                );
            } else {
                let mut ticked = state.remit_ticked.contains(&item.number);
                if ui.checkbox(&mut ticked, line).changed() {
                    if ticked {
                        state.remit_ticked.insert(item.number.clone());
                    } else {
                        state.remit_ticked.remove(&item.number);
                    }
                }
            }
        }
        ui.horizontal(|ui| {
            let l = field_label(ui, text::NOTE, false);
            ui.add(egui::TextEdit::singleline(&mut state.remit_note).desired_width(260.0))
                .labelled_by(l.id);
        });
        let items: Vec<(String, Decimal)> = shipper
            .items
            .iter()
            .filter(|i| i.in_batch.is_none() && state.remit_ticked.contains(&i.number))
            .map(|i| (i.number.clone(), i.amount_yuan))
            .collect();
        let sum: Decimal = items.iter().map(|(_, a)| *a).sum();
        if ui
            .button(format!("{} ¥{}", text::PREPARE, format_yuan(sum)))
            .clicked()
        {
            command = remit(RemitCommand::PrepareRemittance {
                shipper_phone: shipper.shipper_phone.clone(),
                items,
                note: state.remit_note.trim().to_owned(),
            });
        }
    }
    ui.add_space(8.0);
    section(ui, text::BATCHES);
    for batch in remittances {
        if let Some(c) = batch_ui(ui, state, batch, supervisor) {
            command = Some(c);
        }
    }
    command
}

fn batch_ui(
    ui: &mut Ui,
    state: &mut MoneyState,
    batch: &Remittance,
    supervisor: bool,
) -> Option<Command> {
    let mut command = None;
    let st = batch.state();
    let line = text::BATCH_LINE
        .replace("{c}", &batch.code())
        .replace("{s}", &batch.shipper_name)
        .replace("{p}", &batch.shipper_phone)
        .replace("{n}", &batch.items.len().to_string())
        .replace("{a}", &format_yuan(batch.total_yuan()))
        .replace("{st}", st.label());
    let colour = match st {
        RemittanceState::Paid => OK_GREEN,
        RemittanceState::Voided => ERROR_RED,
        _ => WARN_AMBER,
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(line).color(colour).strong());
        if ui.small_button(text::PRINT).clicked() {
            command = remit(RemitCommand::PrintRemittance(batch.id));
        }
    });
    if let Some((s, channel, reference)) = &batch.paid {
        ui.label(
            text::PAID
                .replace("{c}", channel.label())
                .replace("{b}", &s.by)
                .replace("{t}", &s.at.format("%m-%d %H:%M").to_string())
                .replace("{r}", reference),
        );
    }
    if let Some((s, reason)) = &batch.voided {
        ui.label(
            text::VOIDED
                .replace("{b}", &s.by)
                .replace("{t}", &s.at.format("%m-%d %H:%M").to_string())
                .replace("{r}", reason),
        );
    }
    let open = matches!(st, RemittanceState::Prepared | RemittanceState::Approved);
    if !open || state.remit_open != Some(batch.id) {
        if open
            && ui
                .small_button(text::HANDLE.replace("{c}", &batch.code()))
                .clicked()
        {
            state.remit_open = Some(batch.id);
        }
        return command;
    }
    if st == RemittanceState::Prepared && supervisor && ui.button(text::APPROVE).clicked() {
        command = remit(RemitCommand::ApproveRemittance(batch.id));
    }
    if st == RemittanceState::Approved {
        ui.horizontal(|ui| {
            let l = field_label(ui, text::CHANNEL, false);
            channel_choice(ui, &l, &mut state.remit_channel);
        });
        ui.horizontal(|ui| {
            let l = field_label(ui, text::REFERENCE, false);
            ui.add(egui::TextEdit::singleline(&mut state.remit_reference).desired_width(220.0))
                .labelled_by(l.id);
            if ui.button(text::PAY).clicked() {
                command = remit(RemitCommand::PayRemittance {
                    id: batch.id,
                    channel: state.remit_channel,
                    reference: state.remit_reference.trim().to_owned(),
                });
            }
        });
    }
    if supervisor {
        ui.horizontal(|ui| {
            let l = field_label(ui, text::VOID_REASON, false);
            ui.add(egui::TextEdit::singleline(&mut state.remit_reason).desired_width(220.0))
                .labelled_by(l.id);
            if ui.button(text::VOID).clicked() {
                command = remit(RemitCommand::VoidRemittance {
                    id: batch.id,
                    reason: state.remit_reason.trim().to_owned(),
                });
            }
        });
    }
    command
}
