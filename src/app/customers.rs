//! Carrying out the customer files page's commands (客户档案) and the 月结 credit rule at
//! save: storage gathers the shipper's standing, `domain::desk::customers` decides, and a
//! refused waybill waits on the form for a supervisor's password and reason, recorded
//! with the waybill number like the off-duty override.

use super::App;
use crate::domain::desk::customers::{CreditStanding, check_monthly_account, unsettled_since};
use crate::domain::desk::waybill::Waybill;
use crate::domain::money::format_yuan;
use crate::storage::StorageError;
use crate::storage::waybills::CreditRule;
use crate::ui::desk::customers::{CreditHold, CustomersCommand};
use chrono::NaiveDateTime;

/// Chinese text of the customer commands.
mod text {
    pub const NO_MONTH: &str = "该客户 {m} 没有运单，没有统计表可出";
    pub const MONTH_SAVED: &str = "已保存客户月度统计表：{p}";
    pub const SAVED: &str = "客户档案已保存：{n}";
    pub const CREATED: &str = "已新建客户档案 #{i}：{n}";
    pub const MERGED: &str = "已合并：#{m} 并入 #{k}（已记录）";
    pub const APPROVED: &str = "已批准月结，额度 ¥{l}";
    pub const WITHDRAWN: &str = "已撤销月结";
    pub const FOUND: &str = "找到 {n} 个客户";
    pub const NOT_REFUSED: &str = "这张月结单不需要授权";
    pub const SAVED_OVERRIDE: &str = "已开单 {n}（月结由主管 {s} 授权，已记录）";
    pub const MONTHLY_REFUSED: &str = "月结不能开单";
    pub const ALTER_REFUSED: &str = "不能改为月结";
}

impl App {
    /// Loads the customer page: the search again and rule 22's list.
    pub(super) fn open_customers(&mut self) -> anyhow::Result<()> {
        let today = (self.clock)().date();
        self.customers.debts = self.db.clerk_debts(unsettled_since(today))?;
        // With nothing typed yet the page opens on the busiest customers.
        self.customers.results = self.db.find_customers(&self.customers.query)?;
        self.customers.searched = true;
        Ok(())
    }

    /// Why the credit rule refuses this waybill now, or `None` when it passes.
    pub(super) fn credit_refusal(
        &self,
        waybill: &Waybill,
        now: NaiveDateTime,
    ) -> anyhow::Result<Option<String>> {
        if waybill.payment != crate::domain::desk::waybill::PaymentMethod::Monthly {
            return Ok(None);
        }
        let standing: CreditStanding =
            self.db
                .credit_standing(&waybill.shipper.phone, &waybill.shipper.name, now)?;
        Ok(
            check_monthly_account(waybill.payment, waybill.total_yuan, &standing)
                .err()
                .map(|e| e.to_string()),
        )
    }

    /// Refuses an alteration that puts a waybill on 月结 (or on another shipper's 月结)
    /// when the credit rule refuses it; the supervisor approves the customer first. An
    /// alteration of a waybill already on the same shipper's 月结 is not checked again.
    pub(super) fn check_altered_credit(
        &self,
        number: &str,
        new: &Waybill,
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        if new.payment != crate::domain::desk::waybill::PaymentMethod::Monthly {
            return Ok(());
        }
        let old = self.db.waybill(number)?.waybill;
        if old.payment == new.payment && old.shipper.phone == new.shipper.phone {
            return Ok(());
        }
        if let Some(refusal) = self.credit_refusal(new, now)? {
            anyhow::bail!("{}：{refusal}", text::ALTER_REFUSED);
        }
        Ok(())
    }

    /// Holds a refused 月结 waybill on the form for a supervisor and fails the save with
    /// the refusal.
    pub(super) fn hold_for_credit(
        &mut self,
        waybill: Box<Waybill>,
        print: bool,
        refusal: &str,
        off_duty: Option<String>,
    ) -> anyhow::Result<()> {
        self.form.off_duty = None;
        self.form.credit_hold = Some(CreditHold {
            refusal: refusal.to_owned(),
            off_duty,
            waybill: Some(waybill),
            print,
            ..CreditHold::default()
        });
        anyhow::bail!("{}：{refusal}", text::MONTHLY_REFUSED)
    }

    /// A save the credit rule refused under the writer lock (another counter's 月结 for
    /// the same shipper landed between the check before saving and the save) is held for
    /// a supervisor like one refused before saving; any other failure stands as it is.
    pub(super) fn hold_if_over_credit(
        &mut self,
        error: anyhow::Error,
        waybill: Box<Waybill>,
        print: bool,
        off_duty: Option<String>,
    ) -> anyhow::Result<()> {
        match error.downcast::<StorageError>() {
            Ok(StorageError::OverCredit(refusal)) => {
                self.hold_for_credit(waybill, print, &refusal, off_duty)
            }
            Ok(other) => Err(other.into()),
            Err(error) => Err(error),
        }
    }

    /// Runs one command of the customer page or of the form's 月结 hold.
    pub(super) fn handle_customers(
        &mut self,
        command: CustomersCommand,
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        let c = &mut self.customers;
        match command {
            CustomersCommand::Search(query) => {
                c.query.clone_from(&query);
                c.results = self.db.find_customers(&query)?;
                c.searched = true;
                c.ticked.clear();
                c.keep = None;
                c.message = Some((
                    true,
                    text::FOUND.replace("{n}", &c.results.len().to_string()),
                ));
            }
            CustomersCommand::Open(id) => {
                let detail = self.db.customer(id, now)?;
                c.show(detail);
                c.limit.clear();
                self.load_customer_history(id)?;
            }
            CustomersCommand::Save { id, file, seen } => {
                let message = if let Some(id) = id {
                    let staff_id = self.user_id();
                    self.db.save_customer(id, seen, &file, &staff_id, now)?;
                    self.reopen_customer(id, now)?;
                    text::SAVED.replace("{n}", &file.name)
                } else {
                    let id = self.db.create_customer(&file, now)?;
                    self.reopen_customer(id, now)?;
                    text::CREATED
                        .replace("{i}", &id.to_string())
                        .replace("{n}", &file.name)
                };
                self.customers.message = Some((true, message));
            }
            CustomersCommand::Merge { kept, merged } => {
                let user = self.user_id();
                self.db.merge_customers(kept, merged, &user, now)?;
                self.customers.ticked.clear();
                self.customers.keep = None;
                self.reopen_customer(kept, now)?;
                self.customers.message = Some((
                    true,
                    text::MERGED
                        .replace("{m}", &merged.to_string())
                        .replace("{k}", &kept.to_string()),
                ));
            }
            CustomersCommand::ApproveCredit { id, limit_yuan } => {
                self.require_supervisor()?;
                let user = self.user_id();
                self.db.approve_credit(id, limit_yuan, &user, now)?;
                self.reopen_customer(id, now)?;
                self.customers.message = Some((
                    true,
                    text::APPROVED.replace("{l}", &format_yuan(limit_yuan)),
                ));
            }
            CustomersCommand::WithdrawCredit(id) => {
                self.require_supervisor()?;
                let user = self.user_id();
                self.db.withdraw_credit(id, &user, now)?;
                self.reopen_customer(id, now)?;
                self.customers.message = Some((true, text::WITHDRAWN.to_owned()));
            }
            CustomersCommand::MonthReport(id) => {
                let month = crate::domain::people::Month::of(now.date());
                let Some(report) = self.db.customer_month(id, month)? else {
                    self.customers.message =
                        Some((false, text::NO_MONTH.replace("{m}", &month.to_string())));
                    return Ok(());
                };
                let bytes = crate::documents::service::customer_report_pdf::customer_report_pdf(
                    &self.view.settings.company_name,
                    &self.view.settings.station_name,
                    &report,
                    now,
                )?;
                let name = format!("{}.pdf", report.file_stem());
                if let Some(path) = crate::app::dialogs::save_bytes(name, "PDF", &["pdf"], &bytes)?
                {
                    self.customers.message = Some((
                        true,
                        text::MONTH_SAVED.replace("{p}", &path.display().to_string()),
                    ));
                }
            }
            CustomersCommand::OpenWaybill(number) => {
                self.try_handle(crate::ui::Command::Desk(
                    crate::ui::DeskCommand::OpenWaybill(number),
                ))?;
                self.navigate(crate::ui::Page::Waybills)?;
            }
            CustomersCommand::IssueOverCredit(issue) => {
                self.supervisor_word(&issue.supervisor_id, &issue.password, &issue.reason)?;
                if self.credit_refusal(&issue.waybill, now)?.is_none() {
                    anyhow::bail!(text::NOT_REFUSED);
                }
                // The same supervisor's word covers the on-duty rule, recorded as well.
                let off_duty = if self.supervisor() {
                    None
                } else {
                    self.off_duty_reason(&issue.clerk_id, now)?
                };
                let (by, clerk, reason) = (&issue.supervisor_id, &issue.clerk_id, &issue.reason);
                // The override is recorded with the waybill, in its transaction, while the
                // rule (read again under the lock) still refuses it.
                let credit = CreditRule::Overridden {
                    supervisor_id: by,
                    reason,
                };
                let issued = self.issue_paid(&issue.waybill, clerk, now, credit)?;
                if off_duty.is_some() {
                    self.db
                        .record_override(by, clerk, now, reason, &issued.number)?;
                }
                let message = text::SAVED_OVERRIDE
                    .replace("{n}", &issued.number)
                    .replace("{s}", by);
                self.after_issue(&issued, message, issue.print)?;
            }
        }
        Ok(())
    }

    fn reopen_customer(&mut self, id: i64, now: NaiveDateTime) -> anyhow::Result<()> {
        let detail = self.db.customer(id, now)?;
        self.customers.show(detail);
        self.load_customer_history(id)?;
        self.open_customers()
    }

    /// The open file's contacts, quotes, appointments and 回访, beside its waybills.
    fn load_customer_history(&mut self, id: i64) -> anyhow::Result<()> {
        self.customers.contacts = self.db.customer_contacts(id)?;
        self.customers.quotes = self.db.customer_quotes(id)?;
        self.customers.return_calls = self.db.customer_return_calls(id)?;
        self.customers.appointments = self.db.customer_appointments(id)?;
        Ok(())
    }
}
