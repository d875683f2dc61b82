//! 代收货款返款 in the window (issue 17): the commands of the 返款 part of the 收款/对账
//! page, each refused by storage with its reason when it may not happen.

use super::App;
use crate::documents::money::remittance_pdf::{RemittanceSheet, remittance_pdf};
use crate::domain::money::cod::by_shipper;
use crate::domain::money::format_yuan;
use crate::ui::money::RemitCommand;
use chrono::NaiveDateTime;

/// Chinese text of these commands.
mod text {
    pub const PREPARED: &str = "已生成返款单 {c}：{s}，{n} 票，¥{a}，待主管审批";
    pub const APPROVED: &str = "返款单 {c} 已审批，待付款";
    pub const PAID: &str = "返款单 {c} 已付款 ¥{a}（{h}），请打印交发货方签字";
    pub const VOIDED: &str = "返款单 {c} 已作废，其中运单可重新返款";
    pub const DOC: &str = "代收款返款单 {c}";
}

impl App {
    /// Handles a command of the 返款 part.
    pub(super) fn handle_remit(
        &mut self,
        command: RemitCommand,
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        let user = self.user_id();
        match command {
            RemitCommand::LoadRemittances => {}
            RemitCommand::PrepareRemittance {
                shipper_phone,
                items,
                note,
            } => {
                let batch =
                    self.db
                        .prepare_remittance(&shipper_phone, &items, &note, &user, now)?;
                self.money.remit_note.clear();
                self.money.remit_shipper = None;
                self.money.message = Some((
                    true,
                    text::PREPARED
                        .replace("{c}", &batch.code())
                        .replace("{s}", &batch.shipper_name)
                        .replace("{n}", &batch.items.len().to_string())
                        .replace("{a}", &format_yuan(batch.total_yuan())),
                ));
            }
            RemitCommand::ApproveRemittance(id) => {
                self.require_supervisor()?;
                let batch = self.db.approve_remittance(id, &user, now)?;
                self.money.message = Some((true, text::APPROVED.replace("{c}", &batch.code())));
            }
            RemitCommand::PayRemittance {
                id,
                channel,
                reference,
            } => {
                let batch = self
                    .db
                    .pay_remittance(id, channel, &reference, &user, now)?;
                self.money.remit_reference.clear();
                self.money.remit_open = None;
                self.money.message = Some((
                    true,
                    text::PAID
                        .replace("{c}", &batch.code())
                        .replace("{a}", &format_yuan(batch.total_yuan()))
                        .replace("{h}", channel.label()),
                ));
            }
            RemitCommand::VoidRemittance { id, reason } => {
                self.require_supervisor()?;
                let batch = self.db.void_remittance(id, &reason, &user, now)?;
                self.money.remit_reason.clear();
                self.money.remit_open = None;
                self.money.message = Some((true, text::VOIDED.replace("{c}", &batch.code())));
            }
            RemitCommand::PrintRemittance(id) => return self.print_remittance(id, now),
        }
        self.load_remittances(now)
    }

    /// Loads what is owed to shippers and the batches, aged on `now`'s day.
    pub(super) fn load_remittances(&mut self, now: NaiveDateTime) -> anyhow::Result<()> {
        self.money.cod_owed = Some(by_shipper(self.db.cod_owed()?));
        self.money.remittances = self.db.remittances(false)?;
        self.money.remit_today = Some(now.date());
        Ok(())
    }

    fn print_remittance(&mut self, id: i64, now: NaiveDateTime) -> anyhow::Result<()> {
        let batch = self.db.remittance(id)?;
        let names = |id: &str| format!("{id} {}", self.name_of(id)).trim().to_owned();
        let bytes = remittance_pdf(&RemittanceSheet {
            company: &self.view.settings.company_name,
            station: &self.view.settings.station_name,
            remittance: &batch,
            names: &names,
            printed_at: now,
        })?;
        let printer = self.view.print.waybill_printer.clone();
        let title = text::DOC.replace("{c}", &batch.code());
        self.send_to_printer(&format!("remittance-{id}"), &bytes, &printer, &title)
    }
}
