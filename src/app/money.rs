//! Carrying out the 收款/对账 page's commands: a waybill's payments ledger with its
//! 回单付 payments and refunds, and the cash book of the user's shift (the window of the
//! shift handover) or, for the supervisor, the station's day — signed once, printed as
//! the 收款对账单, and shown on the 交接 page.

use super::App;
use crate::documents::money::cash_count_pdf::{CashCountSheet, cash_count_pdf};
use crate::documents::money::receivables_xlsx::receivables_xlsx;
use crate::documents::money::statement_pdf::statement_pdf;
use crate::documents::money::statement_xlsx::statement_xlsx;
use crate::domain::desk::waybill::PaymentMethod;
use crate::domain::money::ledger::{ByChannel, CashCount, open_on_receipt};
use crate::domain::money::{format_yuan, from_fen};
use crate::storage::money::CountPeriod;
use crate::ui::money::{MoneyCommand, WaybillLedger};
use chrono::NaiveDateTime;

/// Chinese text of the money commands.
mod text {
    pub const PAID: &str = "已记录 {n} 回单付收款 ¥{a}（{c}）";
    pub const REFUNDED: &str = "已记录 {n} 退款 ¥{a}（{c}）";
    pub const SIGNED: &str = "{p} 已签字对账";
    pub const STATION: &str = "全站";
    pub const DOC: &str = "收款对账单";
    pub const NO_CUSTOMER: &str = "没有电话为 {p} 的客户档案";
    pub const STATEMENT_FILE: &str = "{c}-月结对账单-{m}.{x}";
    pub const SAVED: &str = "对账单已导出：{p}";
    pub const ACCOUNT_PAID: &str = "已记录 {c} {m} 月结回款 ¥{a}（{h}），未结 ¥{b}";
    pub const RECEIVABLES_FILE: &str = "应收账龄-{d}.xlsx";
    pub const RECEIVABLES_SAVED: &str = "应收账龄已导出（{n} 票，未收合计 ¥{a}）：{p}";
    pub const NOT_SAVED: &str =
        "导出失败，文件没有保存：{e}。请换一个位置或关闭正在打开该文件的程序后重试";
}

impl App {
    /// The cash book's period for the user now: their shift (as the handover counts it),
    /// or with `station_day` the station's whole day.
    pub(super) fn count_period(
        &self,
        now: NaiveDateTime,
        station_day: bool,
    ) -> anyhow::Result<Option<CountPeriod>> {
        if station_day {
            let from = now.date().and_time(chrono::NaiveTime::MIN);
            return Ok(Some(CountPeriod {
                staff_id: None,
                label: format!("{} {}", now.format("%Y-%m-%d"), text::STATION),
                from,
                to: from + chrono::Days::new(1),
            }));
        }
        let user = self.user_id();
        Ok(match self.db.on_duty(&user, now)? {
            crate::domain::people::attendance::OnDuty::Shift { day, shift, .. } => {
                let summary = self.db.handover_summary(&user, day, shift)?;
                Some(CountPeriod {
                    staff_id: Some(user),
                    label: summary.key.describe(),
                    from: summary.from,
                    to: summary.to,
                })
            }
            _ => None,
        })
    }

    /// The cash book of the user's shift for the 交接 page: expected by method and the
    /// signed count, if any.
    pub(super) fn shift_cash_book(
        &self,
        now: NaiveDateTime,
    ) -> anyhow::Result<Option<(ByChannel, ByChannel, Option<CashCount>)>> {
        let Some(period) = self.count_period(now, false)? else {
            return Ok(None);
        };
        let (_, expected) = self.db.cash_expected(&period)?;
        Ok(Some((
            expected,
            self.db.cash_cod(&period)?,
            self.db.cash_count_of(&period)?,
        )))
    }

    /// Opens the page on the cash book of the user's shift.
    pub(super) fn open_money(&mut self) -> anyhow::Result<()> {
        self.money.message = None;
        if self.money.statement_month.is_empty() {
            self.money.statement_month =
                crate::domain::people::Month::of((self.clock)().date()).to_string();
        }
        let station_day = self.money.station_day && self.supervisor();
        self.load_remittances((self.clock)())?;
        self.load_cash_book(station_day)
    }

    fn load_cash_book(&mut self, station_day: bool) -> anyhow::Result<()> {
        let now = (self.clock)();
        let period = self.count_period(now, station_day)?;
        self.money.station_day = station_day;
        self.money.expected = match &period {
            Some(p) => Some(self.db.cash_expected(p)?),
            None => None,
        };
        self.money.cod = match &period {
            Some(p) => self.db.cash_cod(p)?,
            None => ByChannel::default(),
        };
        self.money.signed = match &period {
            Some(p) => self.db.cash_count_of(p)?,
            None => None,
        };
        if self.money.period != period {
            self.money.counted = Default::default();
            self.money.note.clear();
        }
        self.money.period = period;
        Ok(())
    }

    fn load_ledger(&mut self, number: &str, today: chrono::NaiveDate) -> anyhow::Result<()> {
        // Ours or come here on a truck from another station: a 提付 collected here is
        // recorded against either.
        let waybill = self.db.station_waybill(number)?;
        let entries = self.db.ledger(&waybill.number)?;
        let kept_from_cod_yuan = self
            .db
            .release_facts(&waybill.number, today)?
            .dues
            .cod_kept_collected_yuan;
        let total = from_fen(crate::domain::money::to_fen(waybill.total_yuan));
        self.money.ledger = Some(WaybillLedger {
            number: waybill.number.clone(),
            payment: waybill.payment,
            total_yuan: total,
            open_on_receipt_yuan: open_on_receipt(waybill.payment, total, &entries),
            entries,
            issued_here: waybill.local,
            kept_from_cod_yuan,
        });
        if waybill.payment == PaymentMethod::OnReceipt
            && waybill.local
            && let Some(ledger) = &self.money.ledger
        {
            self.money.pay_amount = format_yuan(ledger.open_on_receipt_yuan);
        }
        Ok(())
    }

    pub(super) fn name_of(&self, id: &str) -> String {
        self.view
            .staff
            .iter()
            .find(|s| s.id == id)
            .map_or_else(String::new, |s| s.name.clone())
    }

    fn print_count(&mut self, id: i64, now: NaiveDateTime) -> anyhow::Result<()> {
        let count = self.db.cash_count(id)?;
        let period = CountPeriod {
            staff_id: (!count.staff_id.is_empty()).then(|| count.staff_id.clone()),
            label: count.period.clone(),
            from: count.from,
            to: count.to,
        };
        let (lines, _) = self.db.cash_expected(&period)?;
        let label = |id: &str| format!("{id} {}", self.name_of(id)).trim().to_owned();
        let whose = if count.staff_id.is_empty() {
            text::STATION.to_owned()
        } else {
            label(&count.staff_id)
        };
        let signed_by = label(&count.signed_by);
        let names = |id: &str| self.name_of(id);
        let bytes = cash_count_pdf(&CashCountSheet {
            company: &self.view.settings.company_name,
            station: &self.view.settings.station_name,
            count: &count,
            whose: &whose,
            signed_by: &signed_by,
            lines: &lines,
            names: &names,
            printed_at: now,
            record_code: &self.db.head()?.code(),
        })?;
        let printer = self.view.print.waybill_printer.clone();
        self.send_to_printer(&format!("cash-count-{id}"), &bytes, &printer, text::DOC)
    }

    /// Saves the receivables as they stand now, aged on today, where the clerk chooses;
    /// the page shows the same list afterwards.
    fn export_receivables(&mut self, now: NaiveDateTime) -> anyhow::Result<()> {
        let today = now.date();
        let owed = self.db.open_receivables()?;
        let bytes = receivables_xlsx(&owed, today, &self.view.settings.company_name)?;
        let open: rust_decimal::Decimal = owed.iter().map(|r| r.open_yuan).sum();
        let (count, open) = (owed.len(), format_yuan(open));
        self.money.receivables = Some((owed, today));
        let name = text::RECEIVABLES_FILE.replace("{d}", &today.format("%Y-%m-%d").to_string());
        let Some(path) = crate::app::dialogs::save_as(name, "XLSX", &["xlsx"]) else {
            return Ok(());
        };
        self.money.message = Some(match crate::files::write_whole(&path, &bytes) {
            Ok(()) => (
                true,
                text::RECEIVABLES_SAVED
                    .replace("{n}", &count.to_string())
                    .replace("{a}", &open)
                    .replace("{p}", &path.display().to_string()),
            ),
            Err(e) => (false, text::NOT_SAVED.replace("{e}", &e.to_string())),
        });
        Ok(())
    }

    pub(super) fn handle_money(
        &mut self,
        command: MoneyCommand,
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        let user = self.user_id();
        match command {
            MoneyCommand::Remit(command) => self.handle_remit(command, now)?,
            MoneyCommand::OpenLedger(number) => {
                self.money.message = None;
                self.load_ledger(&number, now.date())?;
            }
            MoneyCommand::PayOnReceipt {
                number,
                amount_yuan,
                channel,
            } => {
                self.db
                    .record_receipt_payment(&number, amount_yuan, channel, &user, now)?;
                self.money.message = Some((
                    true,
                    text::PAID
                        .replace("{n}", &number)
                        .replace("{a}", &format_yuan(amount_yuan))
                        .replace("{c}", channel.label()),
                ));
                self.load_ledger(&number, now.date())?;
                self.load_cash_book(self.money.station_day)?;
            }
            MoneyCommand::Refund {
                number,
                amount_yuan,
                channel,
                reason,
            } => {
                self.db
                    .record_refund(&number, amount_yuan, channel, &reason, &user, now)?;
                self.money.message = Some((
                    true,
                    text::REFUNDED
                        .replace("{n}", &number)
                        .replace("{a}", &format_yuan(amount_yuan))
                        .replace("{c}", channel.label()),
                ));
                self.money.refund_amount.clear();
                self.money.refund_reason.clear();
                self.load_ledger(&number, now.date())?;
                self.load_cash_book(self.money.station_day)?;
            }
            MoneyCommand::LoadCashBook { station_day } => {
                // The station's day is the supervisor's to count.
                if station_day {
                    self.require_supervisor()?;
                }
                self.load_cash_book(station_day)?;
            }
            MoneyCommand::SignCount { counted, note } => {
                let station_day = self.money.station_day;
                if station_day {
                    self.require_supervisor()?;
                }
                // The period is taken again where the command runs, not from the screen.
                let Some(period) = self.count_period(now, station_day)? else {
                    anyhow::bail!(crate::storage::StorageError::Refused(
                        "现在不在排班时间内，没有可对账的班次".to_owned()
                    ));
                };
                let count = self
                    .db
                    .sign_cash_count(&period, counted, &note, &user, now)?;
                self.money.message = Some((true, text::SIGNED.replace("{p}", &count.period)));
                self.load_cash_book(station_day)?;
            }
            MoneyCommand::PrintCount(id) => self.print_count(id, now)?,
            MoneyCommand::ShowStatement { phone, month } => {
                let id = crate::domain::desk::phone::Phone::parse(&phone)
                    .ok()
                    .map(|p| self.db.customer_id_by_phone(&p))
                    .transpose()?
                    .flatten();
                let Some(id) = id else {
                    self.money.statement = None;
                    self.money.message = Some((false, text::NO_CUSTOMER.replace("{p}", &phone)));
                    return Ok(());
                };
                self.money.message = None;
                self.money.statement = Some(self.db.monthly_statement(id, month)?);
            }
            MoneyCommand::PayStatement {
                customer_id,
                month,
                amount_yuan,
                channel,
                note,
            } => {
                let after = self.db.record_account_payment(
                    customer_id,
                    month,
                    amount_yuan,
                    channel,
                    &note,
                    &user,
                    now,
                )?;
                self.money.message = Some((
                    true,
                    text::ACCOUNT_PAID
                        .replace("{c}", &after.customer_name)
                        .replace("{m}", &month.to_string())
                        .replace("{a}", &format_yuan(amount_yuan))
                        .replace("{h}", channel.label())
                        .replace("{b}", &format_yuan(after.balance_yuan())),
                ));
                self.money.account_amount.clear();
                self.money.account_note.clear();
                self.money.statement = Some(after);
                self.load_cash_book(self.money.station_day)?;
            }
            MoneyCommand::LoadReceivables => {
                self.money.receivables = Some((self.db.open_receivables()?, now.date()));
            }
            MoneyCommand::ExportReceivables => self.export_receivables(now)?,
            MoneyCommand::ExportStatement {
                customer_id,
                month,
                pdf,
            } => {
                let statement = self.db.monthly_statement(customer_id, month)?;
                let company = &self.view.settings.company_name;
                let names = |id: &str| self.name_of(id);
                let (bytes, ext) = if pdf {
                    (statement_pdf(&statement, company, &names, now)?, "pdf")
                } else {
                    (statement_xlsx(&statement, company, &names)?, "xlsx")
                };
                let name = text::STATEMENT_FILE
                    .replace("{c}", &statement.customer_name)
                    .replace("{m}", &month.to_string())
                    .replace("{x}", ext);
                let Some(path) =
                    crate::app::dialogs::save_bytes(name, ext.to_uppercase(), &[ext], &bytes)?
                else {
                    return Ok(());
                };
                self.money.message = Some((
                    true,
                    text::SAVED.replace("{p}", &path.display().to_string()),
                ));
            }
        }
        Ok(())
    }
}
