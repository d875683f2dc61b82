//! Carrying out the desk's commands: issuing (with the credit and on-duty rules and the
//! supervisor's override), printing and saving PDFs, refusals, the customer look-ups of
//! the form, the waybill search and detail, alteration and voiding, and the rate table.

use super::App;
use super::text;
use crate::documents::desk::rates_import::{RATE_COLUMNS, parse_rates};
use crate::documents::tabular::read_table;
use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::phone::Phone;
use crate::domain::desk::rates::RateTable;
use crate::domain::desk::waybill::{IssuedWaybill, Waybill};
use crate::domain::money::format_yuan;
use crate::storage::auth::LoginCheck;
use crate::storage::revisions::Record;
use crate::storage::waybills::{CreditRule, Refusal};
use crate::ui::DeskCommand;
use crate::ui::Page;
use crate::ui::desk::form_state::FormMode;
use chrono::NaiveDateTime;

impl App {
    /// Carries out one of the desk's commands.
    /// Loads the 拒收记录 page's records.
    pub(super) fn load_refusals(&mut self) -> anyhow::Result<()> {
        self.refusals.list = self.db.refusals()?;
        self.refusals.inspections = self.db.inspections()?;
        Ok(())
    }

    pub(super) fn handle_desk(
        &mut self,
        command: DeskCommand,
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        match command {
            DeskCommand::IssueWaybill {
                waybill,
                clerk_id,
                print,
            } => {
                // The 月结 credit rule first: its supervisor override covers the on-duty
                // rule as well.
                if let Some(refusal) = self.credit_refusal(&waybill, now)? {
                    let off_duty = if self.supervisor() {
                        None
                    } else {
                        self.off_duty_reason(&clerk_id, now)?
                    };
                    return self.hold_for_credit(waybill, print, &refusal, off_duty);
                }
                if !self.supervisor()
                    && let Some(reason) = self.off_duty_reason(&clerk_id, now)?
                {
                    // Asked again (Ctrl+S/P, a save button): what was typed in the
                    // panel stays.
                    let typed = self.form.off_duty.take().unwrap_or_default();
                    self.form.off_duty = Some(crate::ui::desk::form_state::OffDuty {
                        reason: reason.clone(),
                        waybill: Some(waybill),
                        print: print || typed.print,
                        ..typed
                    });
                    anyhow::bail!("{}：{reason}", text::OFF_DUTY);
                }
                let issued = match self.issue_paid(&waybill, &clerk_id, now, CreditRule::Checked) {
                    Ok(issued) => issued,
                    Err(error) => return self.hold_if_over_credit(error, waybill, print, None),
                };
                let message = text::SAVED
                    .replace("{n}", &issued.number)
                    .replace("{t}", &format_yuan(issued.waybill.total_yuan));
                self.after_issue(&issued, message, print)?;
            }
            DeskCommand::IssueWithOverride(issue) => {
                self.supervisor_word(&issue.supervisor_id, &issue.password, &issue.reason)?;
                if let Some(refusal) = self.credit_refusal(&issue.waybill, now)? {
                    let off_duty = self.off_duty_reason(&issue.clerk_id, now)?;
                    return self.hold_for_credit(issue.waybill, issue.print, &refusal, off_duty);
                }
                let issued = match self.issue_paid(
                    &issue.waybill,
                    &issue.clerk_id,
                    now,
                    CreditRule::Checked,
                ) {
                    Ok(issued) => issued,
                    Err(error) => {
                        let off_duty = self.off_duty_reason(&issue.clerk_id, now)?;
                        return self.hold_if_over_credit(
                            error,
                            issue.waybill,
                            issue.print,
                            off_duty,
                        );
                    }
                };
                self.db.record_override(
                    &issue.supervisor_id,
                    &issue.clerk_id,
                    now,
                    &issue.reason,
                    &issued.number,
                )?;
                let message = text::SAVED_OVERRIDE
                    .replace("{n}", &issued.number)
                    .replace("{s}", &issue.supervisor_id);
                self.after_issue(&issued, message, issue.print)?;
            }
            DeskCommand::PrintWaybill(number) => self.print_waybill(&number)?,
            DeskCommand::PrintLabels { number, from, to } => {
                self.print_labels(&number, from, to)?;
            }
            DeskCommand::SavePdf { number, labels } => self.save_pdf(&number, labels)?,
            DeskCommand::RecordRefusal {
                draft,
                reason,
                clerk_id,
            } => {
                self.db.record_refusal(&Refusal {
                    at: now,
                    clerk_id,
                    shipper_name: draft.shipper_name.clone(),
                    shipper_phone: draft.shipper_phone.clone(),
                    goods_name: draft.goods_name.clone(),
                    reason,
                })?;
                self.status = Some((true, text::REFUSED.replace("{g}", &draft.goods_name)));
                self.form.reset();
            }
            DeskCommand::RefuseForAnyReason(refusal) => {
                let clerk_id = self.user_id();
                self.db.record_refusal(&Refusal {
                    at: now,
                    clerk_id,
                    shipper_name: refusal.shipper_name.clone(),
                    shipper_phone: refusal.shipper_phone.clone(),
                    goods_name: refusal.goods_name.clone(),
                    reason: refusal.reason.clone(),
                })?;
                self.refusals.refusal = crate::domain::desk::inspection::RefusalDraft::default();
                self.refusals.message =
                    Some((true, text::REFUSED.replace("{g}", &refusal.goods_name)));
                self.load_refusals()?;
            }
            DeskCommand::RecordInspection(inspection) => {
                let clerk_id = self.user_id();
                self.db.record_inspection(&inspection, &clerk_id, now)?;
                self.refusals.inspection =
                    crate::domain::desk::inspection::InspectionDraft::default();
                self.refusals.message = Some((
                    true,
                    text::INSPECTED
                        .replace("{g}", &inspection.goods_name)
                        .replace("{r}", inspection.result.label()),
                ));
                self.load_refusals()?;
            }
            DeskCommand::LookupShipper(phone) => self.fill_shipper(&Phone::parse(&phone)?)?,
            DeskCommand::LookupShipperTail(tail) => {
                let phones = self.db.shippers_by_tail(&tail)?;
                match phones.as_slice() {
                    [one] => {
                        let phone = Phone::parse(one)?;
                        phone
                            .as_str()
                            .clone_into(&mut self.form.draft.shipper_phone);
                        phone.as_str().clone_into(&mut self.form.looked_up_shipper);
                        self.fill_shipper(&phone)?;
                    }
                    [] => anyhow::bail!(text::NO_TAIL.replace("{t}", &tail)),
                    many => anyhow::bail!(
                        text::MANY_TAIL
                            .replace("{t}", &tail)
                            .replace("{n}", &many.len().to_string())
                    ),
                }
            }
            DeskCommand::LookupConsignee(phone) => {
                let phone = Phone::parse(&phone)?;
                let known = self.db.customer_by_phone(&phone)?;
                self.form.apply_consignee(known);
            }
            DeskCommand::Search(query) => {
                self.list.results = self.db.find_waybills(&query)?;
                self.list.searched = true;
            }
            DeskCommand::OpenWaybill(number) => {
                self.load_open_waybill(&number)?;
                self.list.label_from.clear();
                self.list.label_to.clear();
                self.list.confirming_void = false;
                self.list.void_reason.clear();
            }
            DeskCommand::BeginAlter(number) => {
                let issued = self.db.waybill(&number)?;
                if issued.status == crate::domain::desk::waybill::WaybillStatus::Void {
                    anyhow::bail!(text::ALTER_VOID);
                }
                let clerk = self.form.clerk_id.clone();
                self.form.begin_alter(&issued);
                self.form.clerk_id = clerk;
                self.page = Page::Issue;
            }
            DeskCommand::AlterWaybill {
                number,
                seen,
                waybill,
                reason,
                staff_id,
            } => {
                // Who alters is whoever is logged in.
                let staff_id = self.user.as_ref().map_or(staff_id, |u| u.id.clone());
                self.check_altered_credit(&number, &waybill, now)?;
                let issued = self.db.alter_waybill(
                    &number,
                    Some(seen),
                    &waybill,
                    &staff_id,
                    &reason,
                    now,
                )?;
                self.status = Some((
                    true,
                    text::ALTERED
                        .replace("{n}", &number)
                        .replace("{c}", &issued.alter_count.to_string()),
                ));
                self.form.reset();
                self.form.mode = FormMode::New;
                self.refresh_list(&number)?;
                self.page = Page::Waybills;
            }
            DeskCommand::VoidWaybill {
                number,
                reason,
                staff_id,
            } => {
                let staff_id = self.user.as_ref().map_or(staff_id, |u| u.id.clone());
                self.db.void_waybill(&number, &staff_id, &reason, now)?;
                self.status = Some((true, text::VOIDED.replace("{n}", &number)));
                self.refresh_list(&number)?;
            }
            DeskCommand::ImportRates => {
                let Some(path) = crate::app::dialogs::pick("报价表 (CSV/XLSX)", &["csv", "xlsx"])
                else {
                    return Ok(());
                };
                self.import_rates(&path)?;
            }
            DeskCommand::SaveRates { rows, seen } => {
                let table = RateTable::new(rows)?;
                let by = self.user_id();
                let saved = self.db.edit_rate_table(&table, self.edit(seen, &by));
                // Refused as saved elsewhere since: the view takes that table, which
                // 放弃改动 then shows.
                self.reload_view_after(saved)?;
                self.reload_view()?;
                self.rates
                    .load(&self.view.rates, self.view.revisions.of(Record::Rates));
                let message = text::RATES_SAVED.replace("{n}", &table.rows().len().to_string());
                self.rates.message = Some((true, message.clone()));
                self.status = Some((true, message));
            }
        }
        Ok(())
    }
}

impl App {
    /// A known shipper's phone: their name, usual consignees and last goods on the form.
    fn fill_shipper(&mut self, phone: &Phone) -> anyhow::Result<()> {
        let known = self.db.customer_by_phone(phone)?;
        let usual = self.db.usual_consignees(phone)?;
        let last = self.db.last_goods(phone)?;
        self.form.apply_shipper(known, usual, last);
        Ok(())
    }

    /// Imports a rate file, replacing the table; every bad row is reported and nothing is
    /// changed when there is one.
    pub fn import_rates(&mut self, path: &std::path::Path) -> anyhow::Result<()> {
        let table = read_table(path, &RATE_COLUMNS)?;
        match parse_rates(&table, Divisions::bundled()) {
            Ok(rates) => {
                self.db.replace_rate_table(&rates)?;
                self.reload_view()?;
                self.rates
                    .load(&self.view.rates, self.view.revisions.of(Record::Rates));
                let message = text::RATES_IMPORTED
                    .replace("{f}", &table.file)
                    .replace("{n}", &rates.rows().len().to_string());
                self.rates.message = Some((true, message.clone()));
                self.status = Some((true, message));
            }
            Err(errors) => {
                self.rates.message = Some((false, errors.report()));
            }
        }
        Ok(())
    }
}

impl App {
    /// Loads a waybill into the detail beside the list: the waybill, its history, its
    /// stage and its timeline. What the clerk typed under it is left alone.
    pub(super) fn load_open_waybill(&mut self, number: &str) -> anyhow::Result<()> {
        let issued = self.db.waybill(number)?;
        let history = self.db.waybill_history(number)?;
        self.list.stage = Some(self.db.waybill_life(number)?.stage);
        self.list.timeline = self.db.waybill_timeline(number)?;
        self.list.open = Some((issued, history));
        Ok(())
    }

    /// Issues a checked waybill for `clerk_id`, takes its payment at the form's channel
    /// and links the quote it came from.
    pub(super) fn issue_paid(
        &mut self,
        waybill: &Waybill,
        clerk_id: &str,
        now: NaiveDateTime,
        credit: CreditRule<'_>,
    ) -> anyhow::Result<IssuedWaybill> {
        let prefix = self.view.settings.number_prefix.clone();
        let issued = self.db.issue_waybill_paid(
            waybill,
            clerk_id,
            (&prefix, now),
            self.form.pay_channel,
            credit,
        )?;
        self.link_issued_quote(&issued.number);
        Ok(issued)
    }

    /// After a waybill is issued: says so, clears the form for the next one, and prints
    /// the waybill and every label when asked. The waybill is saved whatever the printer
    /// does; a print error is shown and the clerk reprints from 运单查询.
    pub(super) fn after_issue(
        &mut self,
        issued: &IssuedWaybill,
        message: String,
        print: bool,
    ) -> anyhow::Result<()> {
        self.status = Some((true, message));
        self.form.reset();
        let total = format_yuan(issued.waybill.total_yuan);
        self.form.last_saved = Some((issued.number.clone(), total));
        self.view.waybill_count += 1;
        if print {
            self.print_waybill(&issued.number)?;
            self.print_labels(&issued.number, 1, issued.waybill.pieces)?;
        }
        Ok(())
    }

    /// A supervisor's word for an override: the 工号 is a supervisor's, the password is
    /// right, and a reason is written.
    pub(super) fn supervisor_word(
        &self,
        supervisor_id: &str,
        password: &str,
        reason: &str,
    ) -> anyhow::Result<()> {
        let is_supervisor = self
            .view
            .staff
            .iter()
            .any(|s| s.id == supervisor_id && s.role == "主管");
        if !is_supervisor || self.db.check_password(supervisor_id, password)? != LoginCheck::Ok {
            anyhow::bail!(text::OVERRIDE_REFUSED);
        }
        if reason.is_empty() {
            anyhow::bail!(text::OVERRIDE_NO_REASON);
        }
        Ok(())
    }
}
