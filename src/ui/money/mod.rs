//! **The money area** of the window: the 收款/对账 page here, the day and month reports in
//! `reports`.
//!
//! The 收款/对账 page: a waybill's payments ledger (收款记录) with 回单付 payments and
//! refunds (退款), and the cash book (收款日记账) of the clerk's shift — or, for the
//! supervisor, the station's day — by method: 账面 from the ledger against the money
//! counted (实点), the difference, signed once and printed as the 收款对账单.

mod remit;
pub mod reports;

pub use remit::RemitCommand;

use super::Command;
use super::widgets::{ERROR_RED, OK_GREEN, WARN_AMBER, field_label, grid_titles, section};
use crate::domain::desk::waybill::PaymentMethod;
use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::ledger::{
    ByChannel, CashCount, LedgerEntry, parse_amount, parse_counted,
};
use crate::domain::money::statements::{Receivable, Statement, aging, aging_by_debtor};
use crate::domain::money::{format_money, format_yuan};
use crate::domain::people::Month;
use crate::storage::money::CountPeriod;
use crate::ui::widgets::channel_choice;
use chrono::NaiveDate;
use egui::{RichText, Ui};
use rust_decimal::Decimal;

/// Chinese text of this panel.
mod text {
    pub const LEDGER: &str = "收款记录";
    pub const STATEMENT_COD: &str = "代收货款（本月，属客户，不在应收之内）：{l}";
    pub const NUMBER: &str = "运单号";
    pub const OPEN: &str = "查询";
    pub const SUMMARY: &str = "{p}，合计 ¥{t}，已收 ¥{n}";
    pub const OPEN_ON_RECEIPT: &str = "，回单付未收 ¥{o}";
    pub const ON_RECEIPT_ELSEWHERE: &str = "，外站运单：回单付由开单站收取";
    pub const KEPT_FROM_COD: &str = "（含代收货款中扣下的 ¥{k}）";
    pub const NO_ENTRIES: &str = "该运单还没有收款记录";
    pub const PAY: &str = "回单付收款";
    pub const AMOUNT: &str = "金额";
    pub const CHANNEL: &str = "收款方式";
    pub const RECORD_PAY: &str = "记录收款";
    pub const REFUND: &str = "退款";
    pub const REASON: &str = "原因";
    pub const RECORD_REFUND: &str = "记录退款";
    pub const CASH_BOOK: &str = "收款日记账 / 对账";
    pub const MY_SHIFT: &str = "本班";
    pub const STATION_DAY: &str = "今日全站";
    pub const NO_PERIOD: &str = "现在不在排班时间内，没有可对账的班次";
    pub const HEADS: [&str; 5] = ["收款方式", "账面", "代收货款", "实点", "差额"];
    pub const COD_NOTE: &str = "代收货款是应返发货方的钱，不是本站收入；与账面一起核对实点";
    pub const TOTAL: &str = "合计";
    pub const NOTE: &str = "说明";
    pub const SIGN: &str = "签字确认对账";
    pub const SIGNED: &str = "已由 {b} 于 {t} 签字";
    pub const BALANCED: &str = "账实相符";
    pub const UNBALANCED: &str = "账实不符，差额 {d} 元";
    pub const PRINT: &str = "打印对账单";
    pub const LINES: &str = "本期收款明细（{n} 笔）";
    pub const STATEMENT: &str = "月结对账单（应收）";
    pub const PHONE: &str = "客户电话";
    pub const MONTH: &str = "月份";
    pub const SHOW: &str = "生成对账单";
    pub const EXPORT: &str = "导出 XLSX";
    pub const EXPORT_PDF: &str = "导出 PDF";
    pub const RECEIVABLES: &str = "应收未收（提付未提、回单付未付、月结未结）与账龄";
    pub const LOAD_RECEIVABLES: &str = "刷新应收";
    pub const EXPORT_RECEIVABLES: &str = "导出 XLSX";
    pub const AGING_HEADS: [&str; 3] = ["账龄", "票数", "未收金额"];
    pub const COD_PAYABLE: &str = "应返代收货款（应付发货方）";
    pub const COD_AGING_HEADS: [&str; 3] = ["收款至今", "票数", "待返金额"];
    pub const RECEIPT_BACK: &str = "回单已回，可结算";
    pub const RECEIPT_WAITING: &str = "等回单";
    pub const MORE: &str = "（只列最早的 {n} 票）";
    pub const BAD_MONTH: &str = "月份格式为 2026-11";
    pub const STATEMENT_PAID: &str = "已回款 ¥{p}，未结 ¥{b}";
    pub const TAKEN_AS_SETTLED: &str = "该月在登记月结回款之前，已视为结清";
    pub const ACCOUNT_PAY: &str = "月结回款";
    pub const RECORD_ACCOUNT_PAY: &str = "记录回款";
    pub const BY_DEBTOR: &str = "按客户账龄（前 {n} 名）";
    /// The columns of the aging by debtor, as the export has them.
    pub use crate::domain::money::statements::DEBTOR_COLUMNS as DEBTOR_HEADS;
    pub const STATEMENT_SUMMARY: &str =
        "{c}（{p}）{m}：{n} 票，运费 ¥{f}，保价费 ¥{i}，送货费 ¥{d}，合计 ¥{t}";
}

/// A waybill's ledger as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaybillLedger {
    /// 单号.
    pub number: String,
    /// Its payment method.
    pub payment: PaymentMethod,
    /// Its total.
    pub total_yuan: Decimal,
    /// Every line, in order.
    pub entries: Vec<LedgerEntry>,
    /// 回单付 still open.
    pub open_on_receipt_yuan: Decimal,
    /// Issued at this station; a waybill that came here on a truck has its 回单付 taken
    /// where it was issued, so the page takes none for it.
    pub issued_here: bool,
    /// The station's share of the 代收货款 (its fee; for 货款扣 also the total), taken
    /// with the goods' money at release: in the lines, beside what paid the waybill.
    pub kept_from_cod_yuan: Decimal,
}

/// What the page keeps between frames; the app loads the records.
#[derive(Debug, Clone, Default)]
pub struct MoneyState {
    /// The waybill number typed.
    pub number: String,
    /// The waybill's ledger, once looked up.
    pub ledger: Option<WaybillLedger>,
    /// 回单付 amount typed.
    pub pay_amount: String,
    /// Its method.
    pub pay_channel: PayChannel,
    /// Refund amount typed.
    pub refund_amount: String,
    /// Its method.
    pub refund_channel: PayChannel,
    /// Its reason.
    pub refund_reason: String,
    /// The supervisor looks at the station's day instead of a shift.
    pub station_day: bool,
    /// The period of the cash book, when there is one.
    pub period: Option<CountPeriod>,
    /// The ledger's lines of the period and their sums by method.
    pub expected: Option<(Vec<LedgerEntry>, ByChannel)>,
    /// The 代收货款 taken in the period, by method (shown apart, counted together).
    pub cod: ByChannel,
    /// The counted money typed, by method.
    pub counted: [String; 4],
    /// A note on the count.
    pub note: String,
    /// The count once signed.
    pub signed: Option<CashCount>,
    /// The statement's customer phone typed.
    pub statement_phone: String,
    /// The statement's month typed (`2026-11`).
    pub statement_month: String,
    /// The statement shown.
    pub statement: Option<Statement>,
    /// A 月结 payment's amount typed.
    pub account_amount: String,
    /// Its method.
    pub account_channel: PayChannel,
    /// Its note.
    pub account_note: String,
    /// 代收货款 collected and not paid back, per shipper, once loaded.
    pub cod_owed: Option<Vec<crate::domain::money::cod::ShipperOwed>>,
    /// Remittance batches, newest first.
    pub remittances: Vec<crate::domain::money::cod::Remittance>,
    /// The shipper (phone) whose money is being put on a batch.
    pub remit_shipper: Option<String>,
    /// Its waybills ticked for the batch.
    pub remit_ticked: std::collections::BTreeSet<String>,
    /// The batch's note typed.
    pub remit_note: String,
    /// The batch whose actions are open.
    pub remit_open: Option<i64>,
    /// How it is paid.
    pub remit_channel: PayChannel,
    /// The payment's reference typed.
    pub remit_reference: String,
    /// Why a batch is voided, typed.
    pub remit_reason: String,
    /// The day the 返款 list was loaded on, to age it.
    pub remit_today: Option<NaiveDate>,
    /// Money owed and not paid, once loaded, with the day its age is counted to.
    pub receivables: Option<(Vec<Receivable>, NaiveDate)>,
    /// The last action's message.
    pub message: Option<(bool, String)>,
}

/// What the page asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyCommand {
    /// Look up a waybill's ledger.
    OpenLedger(String),
    /// Record a 回单付 payment.
    PayOnReceipt {
        /// 单号.
        number: String,
        /// Yuan.
        amount_yuan: Decimal,
        /// How.
        channel: PayChannel,
    },
    /// Record a refund.
    Refund {
        /// 单号.
        number: String,
        /// Yuan, above zero.
        amount_yuan: Decimal,
        /// How it is paid back.
        channel: PayChannel,
        /// Why.
        reason: String,
    },
    /// Show the cash book of the user's shift, or (supervisor) the station's day.
    LoadCashBook {
        /// The station's day.
        station_day: bool,
    },
    /// Sign the count of the period shown.
    SignCount {
        /// Counted by method.
        counted: ByChannel,
        /// Note.
        note: String,
    },
    /// Print a signed count.
    PrintCount(i64),
    /// Make the 月结 statement of the customer with this phone for a month.
    ShowStatement {
        /// A phone of the customer's file.
        phone: String,
        /// The month.
        month: Month,
    },
    /// Load the money owed and not yet paid.
    LoadReceivables,
    /// Save the money owed and not yet paid, aged by debtor and item by item, as XLSX.
    ExportReceivables,
    /// Record a 月结 customer's payment against the statement of a month.
    PayStatement {
        /// The customer's file.
        customer_id: i64,
        /// The month.
        month: Month,
        /// Yuan.
        amount_yuan: Decimal,
        /// How.
        channel: PayChannel,
        /// A note (bank reference …).
        note: String,
    },
    /// A command of the 代收货款返款 part.
    Remit(RemitCommand),
    /// Save the statement shown as XLSX, or as PDF.
    ExportStatement {
        /// The customer's file.
        customer_id: i64,
        /// The month.
        month: Month,
        /// PDF rather than XLSX.
        pdf: bool,
    },
}

#[allow(
    clippy::unnecessary_wraps,
    reason = "every caller sets an `Option<Command>`"
)]
fn money(command: MoneyCommand) -> Option<Command> {
    Some(Command::Money(command))
}

fn ledger_ui(ui: &mut Ui, state: &mut MoneyState) -> Option<Command> {
    let mut command = None;
    section(ui, text::LEDGER);
    ui.horizontal(|ui| {
        let l = field_label(ui, text::NUMBER, false);
        let r = ui
            .add(egui::TextEdit::singleline(&mut state.number).desired_width(160.0))
            .labelled_by(l.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button(text::OPEN).clicked() || enter) && !state.number.trim().is_empty() {
            command = money(MoneyCommand::OpenLedger(state.number.trim().to_owned()));
        }
    });
    let Some(ledger) = &state.ledger else {
        return command;
    };
    let paid: Decimal = ledger.entries.iter().map(|e| e.amount_yuan).sum();
    let mut summary = text::SUMMARY
        .replace("{p}", ledger.payment.label())
        .replace("{t}", &format_yuan(ledger.total_yuan))
        .replace("{n}", &format_yuan(paid));
    if ledger.kept_from_cod_yuan > Decimal::ZERO {
        summary
            .push_str(&text::KEPT_FROM_COD.replace("{k}", &format_yuan(ledger.kept_from_cod_yuan)));
    }
    let takes_on_receipt = ledger.payment == PaymentMethod::OnReceipt && ledger.issued_here;
    if takes_on_receipt {
        summary.push_str(
            &text::OPEN_ON_RECEIPT.replace("{o}", &format_yuan(ledger.open_on_receipt_yuan)),
        );
    } else if ledger.payment == PaymentMethod::OnReceipt {
        summary.push_str(text::ON_RECEIPT_ELSEWHERE);
    }
    ui.label(RichText::new(format!("{} {summary}", ledger.number)).strong());
    if ledger.entries.is_empty() {
        ui.label(RichText::new(text::NO_ENTRIES).weak());
    }
    entries_grid(ui, "waybill_ledger", &ledger.entries);
    let number = ledger.number.clone();
    if takes_on_receipt {
        ui.horizontal(|ui| {
            ui.label(RichText::new(text::PAY).strong());
            let l = field_label(ui, text::AMOUNT, false);
            ui.add(egui::TextEdit::singleline(&mut state.pay_amount).desired_width(90.0))
                .labelled_by(l.id);
            let l = ui.label(text::CHANNEL);
            channel_choice(ui, &l, &mut state.pay_channel);
            if ui.button(text::RECORD_PAY).clicked() {
                match parse_amount(&state.pay_amount) {
                    Ok(amount_yuan) => {
                        command = money(MoneyCommand::PayOnReceipt {
                            number: number.clone(),
                            amount_yuan,
                            channel: state.pay_channel,
                        });
                    }
                    Err(e) => state.message = Some((false, e.to_string())),
                }
            }
        });
    }
    ui.horizontal(|ui| {
        ui.label(RichText::new(text::REFUND).strong());
        let l = field_label(ui, text::AMOUNT, false);
        ui.add(egui::TextEdit::singleline(&mut state.refund_amount).desired_width(90.0))
            .labelled_by(l.id);
        let l = ui.label(text::CHANNEL);
        channel_choice(ui, &l, &mut state.refund_channel);
        let l = field_label(ui, text::REASON, false);
        ui.add(egui::TextEdit::singleline(&mut state.refund_reason).desired_width(200.0))
            .labelled_by(l.id);
        if ui.button(text::RECORD_REFUND).clicked() {
            match parse_amount(&state.refund_amount) {
                Ok(amount_yuan) => {
                    command = money(MoneyCommand::Refund {
                        number: number.clone(),
                        amount_yuan,
                        channel: state.refund_channel,
                        reason: state.refund_reason.trim().to_owned(),
                    });
                }
                Err(e) => state.message = Some((false, e.to_string())),
            }
        }
    });
    command
}

fn entries_grid(ui: &mut Ui, id: &str, entries: &[LedgerEntry]) {
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        for e in entries {
            ui.label(e.at.format("%m-%d %H:%M").to_string());
            ui.label(&e.number);
            ui.label(if e.reason.is_empty() {
                e.occasion.label().to_owned()
            } else {
                format!("{}：{}", e.occasion.label(), e.reason)
            });
            ui.label(e.channel.label());
            ui.label(format_money(e.amount_yuan));
            ui.label(&e.staff_id);
            ui.end_row();
        }
    });
}

fn cash_book_ui(ui: &mut Ui, state: &mut MoneyState, supervisor: bool) -> Option<Command> {
    let mut command = None;
    section(ui, text::CASH_BOOK);
    if supervisor {
        ui.horizontal(|ui| {
            if ui
                .selectable_label(!state.station_day, text::MY_SHIFT)
                .clicked()
            {
                command = money(MoneyCommand::LoadCashBook { station_day: false });
            }
            if ui
                .selectable_label(state.station_day, text::STATION_DAY)
                .clicked()
            {
                command = money(MoneyCommand::LoadCashBook { station_day: true });
            }
        });
    }
    let (Some(period), Some((lines, expected))) = (&state.period, &state.expected) else {
        ui.label(RichText::new(text::NO_PERIOD).weak());
        return command;
    };
    ui.label(RichText::new(&period.label).strong());
    let shown_expected = state.signed.as_ref().map_or(*expected, |c| c.expected);
    let shown_cod = state.signed.as_ref().map_or(state.cod, |c| c.cod);
    let to_hold = shown_expected + shown_cod;
    let counted = state
        .signed
        .as_ref()
        .map(|c| c.counted)
        .or_else(|| parse_counted(&state.counted).ok());
    // Not striped: a stripe is the colour of a text field, which would hide the 实点
    // fields on every other row.
    egui::Grid::new("cash_book")
        .num_columns(5)
        .striped(false)
        .show(ui, |ui| {
            grid_titles(ui, &text::HEADS);
            for (i, channel) in PayChannel::ALL.into_iter().enumerate() {
                let l = ui.label(channel.label());
                ui.label(format_money(shown_expected.get(channel)));
                ui.label(format_money(shown_cod.get(channel)));
                if let Some(signed) = &state.signed {
                    ui.label(format_money(signed.counted.get(channel)));
                } else {
                    ui.add_sized(
                        [100.0, ui.spacing().interact_size.y],
                        egui::TextEdit::singleline(&mut state.counted[i]),
                    )
                    .labelled_by(l.id);
                }
                let difference = counted
                    .map(|c| format_yuan(c.get(channel) - to_hold.get(channel)))
                    .unwrap_or_default();
                ui.label(difference);
                ui.end_row();
            }
            ui.label(RichText::new(text::TOTAL).strong());
            ui.label(RichText::new(format_money(shown_expected.total())).strong());
            ui.label(RichText::new(format_money(shown_cod.total())).strong());
            if let Some(c) = counted {
                ui.label(RichText::new(format_money(c.total())).strong());
                ui.label(format_yuan(c.total() - to_hold.total()));
            } else {
                ui.label("");
                ui.label("");
            }
            ui.end_row();
        });
    if !shown_cod.total().is_zero() {
        ui.label(RichText::new(text::COD_NOTE).small().color(WARN_AMBER));
    }
    if let Some(signed) = &state.signed {
        let mut line = text::SIGNED
            .replace("{b}", &signed.signed_by)
            .replace("{t}", &signed.signed_at.format("%m-%d %H:%M").to_string());
        if signed.balances() {
            line = format!("{line}，{}", text::BALANCED);
        } else {
            line = format!(
                "{line}，{}",
                text::UNBALANCED.replace("{d}", &format_yuan(signed.difference().total()))
            );
        }
        let colour = if signed.balances() {
            OK_GREEN
        } else {
            WARN_AMBER
        };
        ui.label(RichText::new(line).color(colour));
        if !signed.note.is_empty() {
            ui.label(format!("{}：{}", text::NOTE, signed.note));
        }
        if ui.button(text::PRINT).clicked() {
            command = money(MoneyCommand::PrintCount(signed.id));
        }
    } else {
        ui.horizontal(|ui| {
            let l = field_label(ui, text::NOTE, false);
            ui.add(egui::TextEdit::singleline(&mut state.note).desired_width(300.0))
                .labelled_by(l.id);
        });
        if ui.button(text::SIGN).clicked() {
            match parse_counted(&state.counted) {
                Ok(counted) => {
                    command = money(MoneyCommand::SignCount {
                        counted,
                        note: state.note.trim().to_owned(),
                    });
                }
                Err(e) => state.message = Some((false, e)),
            }
        }
    }
    ui.label(RichText::new(text::LINES.replace("{n}", &lines.len().to_string())).weak());
    entries_grid(ui, "cash_book_lines", lines);
    command
}

fn statement_ui(ui: &mut Ui, state: &mut MoneyState) -> Option<Command> {
    let mut command = None;
    section(ui, text::STATEMENT);
    ui.horizontal(|ui| {
        let l = field_label(ui, text::PHONE, false);
        ui.add(egui::TextEdit::singleline(&mut state.statement_phone).desired_width(140.0))
            .labelled_by(l.id);
        let l = field_label(ui, text::MONTH, false);
        ui.add(egui::TextEdit::singleline(&mut state.statement_month).desired_width(80.0))
            .labelled_by(l.id);
        if ui.button(text::SHOW).clicked() {
            match state.statement_month.trim().parse::<Month>() {
                Ok(month) => {
                    command = money(MoneyCommand::ShowStatement {
                        phone: state.statement_phone.trim().to_owned(),
                        month,
                    });
                }
                Err(_) => state.message = Some((false, text::BAD_MONTH.to_owned())),
            }
        }
    });
    let Some(statement) = &state.statement else {
        return command;
    };
    let t = &statement.totals;
    ui.label(
        RichText::new(
            text::STATEMENT_SUMMARY
                .replace("{c}", &statement.customer_name)
                .replace("{p}", &statement.phones.join("、"))
                .replace("{m}", &statement.month.to_string())
                .replace("{n}", &t.waybills.to_string())
                .replace("{f}", &format_yuan(t.freight_yuan))
                .replace("{i}", &format_yuan(t.premium_yuan))
                .replace("{d}", &format_yuan(t.delivery_fee_yuan))
                .replace("{t}", &format_yuan(t.total_yuan)),
        )
        .strong(),
    );
    ui.horizontal(|ui| {
        for (label, pdf) in [(text::EXPORT, false), (text::EXPORT_PDF, true)] {
            if ui.button(label).clicked() {
                command = money(MoneyCommand::ExportStatement {
                    customer_id: statement.customer_id,
                    month: statement.month,
                    pdf,
                });
            }
        }
    });
    if !statement.cod.is_empty() {
        ui.label(text::STATEMENT_COD.replace("{l}", &statement.cod.line()));
    }
    if statement.taken_as_settled {
        ui.label(RichText::new(text::TAKEN_AS_SETTLED).weak());
    } else {
        let balance = statement.balance_yuan();
        ui.label(
            RichText::new(
                text::STATEMENT_PAID
                    .replace("{p}", &format_yuan(statement.paid_yuan()))
                    .replace("{b}", &format_yuan(balance)),
            )
            .color(if balance > Decimal::ZERO {
                WARN_AMBER
            } else {
                OK_GREEN
            }),
        );
        entries_of_statement(ui, statement);
        let (customer_id, month) = (statement.customer_id, statement.month);
        ui.horizontal(|ui| {
            ui.label(RichText::new(text::ACCOUNT_PAY).strong());
            let l = field_label(ui, text::AMOUNT, false);
            ui.add(egui::TextEdit::singleline(&mut state.account_amount).desired_width(90.0))
                .labelled_by(l.id);
            let l = ui.label(text::CHANNEL);
            channel_choice(ui, &l, &mut state.account_channel);
            let l = field_label(ui, text::NOTE, false);
            ui.add(egui::TextEdit::singleline(&mut state.account_note).desired_width(160.0))
                .labelled_by(l.id);
            if ui.button(text::RECORD_ACCOUNT_PAY).clicked() {
                match parse_amount(&state.account_amount) {
                    Ok(amount_yuan) => {
                        command = money(MoneyCommand::PayStatement {
                            customer_id,
                            month,
                            amount_yuan,
                            channel: state.account_channel,
                            note: state.account_note.trim().to_owned(),
                        });
                    }
                    Err(e) => state.message = Some((false, e.to_string())),
                }
            }
        });
    }
    let Some(statement) = &state.statement else {
        return command;
    };
    egui::Grid::new("statement_lines")
        .striped(true)
        .show(ui, |ui| {
            for line in &statement.lines {
                ui.label(&line.number);
                ui.label(line.issued_at.format("%m-%d %H:%M").to_string());
                ui.label(&line.dest_name);
                ui.label(&line.consignee_name);
                ui.label(format!("{} 件", line.pieces));
                ui.label(format_money(line.total_yuan));
                ui.end_row();
            }
        });
    command
}

/// The payments against a statement, one line each.
fn entries_of_statement(ui: &mut Ui, statement: &Statement) {
    egui::Grid::new("statement_payments")
        .striped(true)
        .show(ui, |ui| {
            for p in &statement.payments {
                ui.label(p.at.format("%Y-%m-%d %H:%M").to_string());
                ui.label(&p.staff_id);
                ui.label(p.channel.label());
                ui.label(format_money(p.amount_yuan));
                ui.label(&p.reason);
                ui.end_row();
            }
        });
}

/// How many debtors are listed in the per-customer aging.
const DEBTORS_LISTED: usize = 30;

/// How many receivables are listed one by one.
const RECEIVABLES_LISTED: usize = 200;

fn receivables_ui(ui: &mut Ui, state: &MoneyState) -> Option<Command> {
    let mut command = None;
    section(ui, text::RECEIVABLES);
    ui.horizontal(|ui| {
        if ui.button(text::LOAD_RECEIVABLES).clicked() {
            command = money(MoneyCommand::LoadReceivables);
        }
        // Offered once the list is on screen; the file is made from the records as they
        // stand when it is saved.
        if state.receivables.is_some() && ui.button(text::EXPORT_RECEIVABLES).clicked() {
            command = money(MoneyCommand::ExportReceivables);
        }
    });
    let Some((receivables, today)) = &state.receivables else {
        return command;
    };
    ui.horizontal_top(|ui| {
        for payment in [
            PaymentMethod::Collect,
            PaymentMethod::OnReceipt,
            PaymentMethod::Monthly,
        ] {
            ui.vertical(|ui| {
                ui.label(RichText::new(payment.label()).strong());
                egui::Grid::new(("aging", payment.label()))
                    .striped(true)
                    .show(ui, |ui| {
                        grid_titles(ui, &text::AGING_HEADS);
                        for line in aging(receivables, payment, *today) {
                            ui.label(line.bracket.label());
                            ui.label(line.waybills.to_string());
                            ui.label(format_money(line.open_yuan));
                            ui.end_row();
                        }
                    });
            });
            ui.add_space(24.0);
        }
        // What the station owes shippers (代收货款 not yet paid back), aged alike.
        if let Some(owed) = &state.cod_owed {
            ui.vertical(|ui| {
                ui.label(RichText::new(text::COD_PAYABLE).strong());
                egui::Grid::new("aging_cod").striped(true).show(ui, |ui| {
                    grid_titles(ui, &text::COD_AGING_HEADS);
                    for (bracket, waybills, yuan) in
                        crate::domain::money::statements::cod_aging(owed, *today)
                    {
                        ui.label(bracket.label());
                        ui.label(waybills.to_string());
                        ui.label(format_money(yuan));
                        ui.end_row();
                    }
                });
            });
        }
    });
    ui.label(RichText::new(text::BY_DEBTOR.replace("{n}", &DEBTORS_LISTED.to_string())).strong());
    egui::Grid::new("aging_by_debtor")
        .striped(true)
        .show(ui, |ui| {
            grid_titles(ui, &text::DEBTOR_HEADS);
            for debtor in aging_by_debtor(receivables, *today)
                .iter()
                .take(DEBTORS_LISTED)
            {
                ui.label(&debtor.name);
                ui.label(&debtor.phone);
                ui.label(debtor.items.to_string());
                for (i, amount) in debtor.by_bracket.iter().enumerate() {
                    let cell = format_money(*amount);
                    if i > 0 && *amount > Decimal::ZERO {
                        ui.label(RichText::new(cell).color(if i == 3 {
                            ERROR_RED
                        } else {
                            WARN_AMBER
                        }));
                    } else {
                        ui.label(cell);
                    }
                }
                ui.label(RichText::new(format_money(debtor.total_yuan())).strong());
                ui.end_row();
            }
        });
    if receivables.len() > RECEIVABLES_LISTED {
        ui.label(RichText::new(text::MORE.replace("{n}", &RECEIVABLES_LISTED.to_string())).weak());
    }
    egui::Grid::new("receivables").striped(true).show(ui, |ui| {
        for r in receivables.iter().take(RECEIVABLES_LISTED) {
            ui.label(&r.number);
            ui.label(r.issued_at.format("%Y-%m-%d").to_string());
            ui.label(r.payment.label());
            ui.label(format!("{} {}", r.debtor_name, r.debtor_phone));
            ui.label(format_money(r.open_yuan));
            ui.label(match (r.payment, r.receipt_back) {
                (PaymentMethod::OnReceipt, true) => text::RECEIPT_BACK,
                (PaymentMethod::OnReceipt, false) => text::RECEIPT_WAITING,
                _ => "",
            });
            ui.end_row();
        }
    });
    command
}

/// Draws the page.
pub fn money_ui(ui: &mut Ui, state: &mut MoneyState, supervisor: bool) -> Option<Command> {
    let mut command = None;
    crate::ui::widgets::message_line(ui, state.message.as_ref());
    // The full width, always: an area that shrinks to its first content clips the wider
    // lists that load later.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if let Some(c) = cash_book_ui(ui, state, supervisor) {
                command = Some(c);
            }
            ui.add_space(12.0);
            if let Some(c) = ledger_ui(ui, state) {
                command = Some(c);
            }
            ui.add_space(12.0);
            if let Some(c) = statement_ui(ui, state) {
                command = Some(c);
            }
            ui.add_space(12.0);
            if let Some(c) = remit::remit_ui(ui, state, supervisor) {
                command = Some(c);
            }
            ui.add_space(12.0);
            if let Some(c) = receivables_ui(ui, state) {
                command = Some(c);
            }
        });
    command
}
