//! Waybills in the database: saving a new one (number, customers, history in one
//! transaction), finding them, altering and voiding them through the append-only,
//! hash-chained history, and checking that chain.

mod check;
#[cfg(test)]
mod import_tests;
mod refusals;
mod reweighs;
mod search;
#[cfg(test)]
mod tests;

pub use refusals::Refusal;

use super::sql::{Conn, NO_ARGS, Row, args};
use super::{Db, Result, StorageError, parse_decimal_text, parse_time, time_text};
use crate::domain::desk::alteration::{
    FieldChange, GENESIS_HASH, HistoryAction, HistoryContent, changes, entry_hash,
};
use crate::domain::desk::phone::Phone;
use crate::domain::desk::waybill::{
    CodFeePayer, Condition, DeliveryMode, IssuedWaybill, Orientation, Packaging, Party,
    PaymentMethod, Waybill, WaybillStatus, waybill_number,
};
use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::ledger::{LedgerEntry, Occasion, due_at_issue};
use crate::domain::money::{from_fen, to_fen};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

/// One line of the waybill list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaybillSummary {
    /// 单号.
    pub number: String,
    /// When issued.
    pub issued_at: NaiveDateTime,
    /// 工号 of the clerk.
    pub clerk_id: String,
    /// State.
    pub status: WaybillStatus,
    /// Times altered.
    pub alter_count: u32,
    /// Destination as printed.
    pub dest_name: String,
    /// 发货方.
    pub shipper_name: String,
    /// 收货方.
    pub consignee_name: String,
    /// 收货方电话.
    pub consignee_phone: String,
    /// 品名.
    pub goods_name: String,
    /// 件数.
    pub pieces: u32,
    /// 合计.
    pub total_yuan: Decimal,
    /// 付款方式.
    pub payment: String,
    /// 短收 amount, zero when none.
    pub short_charge_yuan: Decimal,
    /// For a name search that found this waybill by the shipper's phone while the name
    /// typed on it does not hold the text: the name the phone is known by that does (its
    /// customer file's, 客户档案, or the one last written with it), so the list can say why.
    pub shipper_known_as: Option<String>,
    /// The same for the consignee.
    pub consignee_known_as: Option<String>,
}

/// What to look for in the waybill list. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WaybillQuery {
    /// A waybill number (or its start), a phone number, the last 4 digits of a phone, or
    /// part of a shipper's or consignee's name: the name last written with their phone,
    /// or the name of the customer file (客户档案) the phone belongs to.
    pub text: String,
    /// Issued on or after this day.
    pub from: Option<NaiveDate>,
    /// Issued on or before this day.
    pub to: Option<NaiveDate>,
    /// Issued by this clerk.
    pub clerk_id: Option<String>,
    /// To this destination.
    pub dest_code: Option<String>,
    /// Only waybills charged below the rate table.
    pub short_charged_only: bool,
}

/// One entry of a waybill's history, as shown under the waybill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// When.
    pub at: NaiveDateTime,
    /// 工号 of who did it.
    pub staff_id: String,
    /// What.
    pub action: HistoryAction,
    /// Why.
    pub reason: String,
    /// Changed fields (for an alteration).
    pub changes: Vec<FieldChange>,
}

/// A customer known by phone number: the form fills the name from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownCustomer {
    /// Name last used with this phone.
    pub name: String,
    /// The phone.
    pub phone: String,
    /// Address last used (for delivery).
    pub address: String,
}

/// A consignee a shipper has sent to before, most used first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsualConsignee {
    /// Name.
    pub name: String,
    /// Phone.
    pub phone: String,
    /// Destination code last used with them.
    pub dest_code: String,
    /// Destination as printed.
    pub dest_name: String,
    /// Delivery address last used with them.
    pub delivery_address: String,
    /// How many waybills.
    pub count: u32,
}

const SUMMARY_COLUMNS: &str = "number, issued_at, clerk_id, status, alter_count, dest_name, shipper_name, consignee_name, consignee_phone, goods_name, pieces, total_fen, payment, short_charge_fen";

pub(super) const FULL_COLUMNS: &str = "number, issued_at, clerk_id, (SELECT name FROM staff WHERE staff.id = clerk_id), status, alter_count, \
    dest_code, dest_name, shipper_name, shipper_phone, consignee_name, consignee_phone, goods_name, pieces, packaging, \
    weight_kg, volume_m3, declared_by_shipper, fragile, orientation, condition, condition_note, shipper_bears_damage, \
    delivery, delivery_address, receipt_copies, controlled_release, declared_value_fen, payment, transfer, \
    transfer_rebate_fen, arrival_date, rate_freight_fen, freight_fen, premium_fen, delivery_fee_fen, total_fen, remarks, \
    cod_fen, cod_fee_fen, cod_fee_payer";

/// How the 月结 credit rule (issue #6, DOMAIN §7) stands when a waybill is issued. The
/// counter's save checks it here, in the transaction that writes the waybill and under
/// the writer lock, so two counters saving 月结 for one shipper at the same moment cannot
/// both pass a limit only one of them fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditRule<'a> {
    /// Not applied: fixtures (the demo, tests) that set their shippers up as they need.
    Unchecked,
    /// A 月结 waybill the rule refuses is not issued: [`StorageError::OverCredit`].
    Checked,
    /// A supervisor let this waybill through: while the rule still refuses it, the
    /// refusal is recorded with the waybill (`credit_overrides`) in the same transaction.
    Overridden {
        /// The supervisor's 工号.
        supervisor_id: &'a str,
        /// Why.
        reason: &'a str,
    },
}

/// The most rows a list query returns; the list says when there are more.
pub const LIST_LIMIT: usize = 2000;

impl Db {
    /// Issues a waybill: assigns the next number of the day for the prefix, stores it,
    /// remembers both parties' phones, and opens its history, all in one transaction.
    pub fn issue_waybill(
        &mut self,
        waybill: &Waybill,
        clerk_id: &str,
        prefix: &str,
        now: NaiveDateTime,
    ) -> Result<IssuedWaybill> {
        self.issue_waybill_paid(
            waybill,
            clerk_id,
            (prefix, now),
            PayChannel::Cash,
            CreditRule::Unchecked,
        )
    }

    /// Issues a waybill as `issue_waybill` does, numbered with `prefix` at `now`; a 现付
    /// waybill's total goes into the payments ledger (收款记录) in the same transaction,
    /// paid by `channel`; the 月结 credit rule applies as `credit` says.
    pub fn issue_waybill_paid(
        &mut self,
        waybill: &Waybill,
        clerk_id: &str,
        (prefix, now): (&str, NaiveDateTime),
        channel: PayChannel,
        credit: CreditRule<'_>,
    ) -> Result<IssuedWaybill> {
        let tx = self.sql().begin()?;
        let clerk_name: Option<String> =
            tx.value("SELECT name FROM staff WHERE id = ?1", args![clerk_id])?;
        let Some(clerk_name) = clerk_name else {
            return Err(StorageError::Refused(format!(
                "工号 {clerk_id} 不在员工名单中，不能开单"
            )));
        };
        let day = now.date();
        waybill
            .check_arrival_date(day)
            .map_err(|e| StorageError::Refused(e.message))?;
        let refusal = match credit {
            CreditRule::Unchecked => None,
            CreditRule::Checked | CreditRule::Overridden { .. } => {
                super::customers::credit_refusal(*tx, waybill, now)?
            }
        };
        if let (CreditRule::Checked, Some(refusal)) = (credit, &refusal) {
            return Err(StorageError::OverCredit(refusal.clone()));
        }
        // The next free number of the day; numbers taken by an import are skipped.
        let sequence = loop {
            let sequence: u32 = tx.one(
                "INSERT INTO waybill_sequence (prefix, day, last) VALUES (?1, ?2, 1)
                 ON CONFLICT(prefix, day) DO UPDATE SET last = waybill_sequence.last + 1 RETURNING last",
                args![prefix, day.format("%Y-%m-%d").to_string()])?;
            if sequence > 9999 {
                return Err(StorageError::Refused(
                    "今天的单号已用完（每天最多 9999 票）".to_owned(),
                ));
            }
            let taken = tx.exists(
                "SELECT 1 FROM waybills WHERE number = ?1",
                args![waybill_number(prefix, day, sequence)],
            )?;
            if !taken {
                break sequence;
            }
        };
        let issued = IssuedWaybill {
            number: waybill_number(prefix, day, sequence),
            // Stored to the second: the history's snapshot must hold what the row holds.
            issued_at: super::whole_seconds(now),
            clerk_id: clerk_id.to_owned(),
            clerk_name,
            status: WaybillStatus::Issued,
            alter_count: 0,
            waybill: waybill.clone(),
        };
        insert_waybill(*tx, &issued, self.scope().acting())?;
        remember_customers(*tx, waybill, now)?;
        append_history(*tx, &issued, clerk_id, HistoryAction::Issue, "", &[], now)?;
        enter_pay_now(*tx, &issued, channel)?;
        if let (
            CreditRule::Overridden {
                supervisor_id,
                reason,
            },
            Some(refusal),
        ) = (credit, &refusal)
        {
            super::customers::insert_credit_override(
                *tx,
                (supervisor_id, clerk_id, now),
                refusal,
                reason,
                &issued.number,
            )?;
        }
        tx.commit()?;
        Ok(issued)
    }

    /// Stores a waybill that already has its number (an import from an old system), in
    /// the caller's transaction.
    pub(crate) fn insert_imported(
        tx: Conn<'_>,
        issued: &IssuedWaybill,
        station: i64,
        now: NaiveDateTime,
    ) -> Result<()> {
        insert_waybill(tx, issued, station)?;
        remember_customers(tx, &issued.waybill, issued.issued_at)?;
        append_history(
            tx,
            issued,
            &issued.clerk_id,
            HistoryAction::Issue,
            "导入",
            &[],
            now,
        )?;
        // A 现付 waybill of the old system was paid when issued; how is not known.
        enter_pay_now(tx, issued, PayChannel::Cash)
    }

    /// Imports waybills from an old system or a spreadsheet (`kaidan import waybills`), all
    /// or nothing in one transaction; returns how many were stored.
    ///
    /// A 开单员工号 not yet on the staff list is added to it with an empty name (FORMATS.md:
    /// a migration never fails on it; the staff import completes it later). Each waybill's
    /// clerk name is taken from the staff list, as loading it back does, so the snapshot
    /// its history records equals the stored waybill. A number already taken fails the
    /// whole import.
    pub fn import_waybills(
        &mut self,
        waybills: &[IssuedWaybill],
        now: NaiveDateTime,
    ) -> Result<usize> {
        let tx = self.sql().begin()?;
        for issued in waybills {
            // Checked again under the write lock: the file was checked before, but another
            // import may have written the number since.
            let taken = tx.exists(
                "SELECT 1 FROM waybills WHERE number = ?1",
                args![issued.number],
            )?;
            if taken {
                return Err(StorageError::NumberTaken(issued.number.clone()));
            }
            tx.execute(
                "INSERT INTO staff (id, name) VALUES (?1, '') ON CONFLICT DO NOTHING",
                args![&issued.clerk_id],
            )?;
            let clerk_name: String = tx.one(
                "SELECT name FROM staff WHERE id = ?1",
                args![&issued.clerk_id],
            )?;
            let issued = IssuedWaybill {
                clerk_name,
                ..issued.clone()
            };
            let station = super::stations::station_of_number(*tx, &issued.number)?
                .unwrap_or(self.scope().acting());
            Self::insert_imported(*tx, &issued, station, now)?;
        }
        tx.commit()?;
        Ok(waybills.len())
    }

    /// One waybill by number.
    pub fn waybill(&self, number: &str) -> Result<IssuedWaybill> {
        load_waybill(self.sql(), number)?
            .ok_or_else(|| StorageError::NotFound(format!("找不到单号 {number}")))
    }

    /// Whether a waybill number is taken.
    pub fn waybill_exists(&self, number: &str) -> Result<bool> {
        Ok(self
            .sql()
            .exists("SELECT 1 FROM waybills WHERE number = ?1", args![number])?)
    }

    /// Alters an issued waybill (修改): refused without a reason, for a voided waybill, or
    /// when nothing changed. The history records who, when, every old and new value, why.
    ///
    /// `seen` is the number of alterations the waybill had when the clerk opened it
    /// ([`IssuedWaybill::alter_count`]): when another counter altered or voided it since,
    /// the save is refused with who did it and when, and nothing is overwritten. `None`
    /// alters whatever is there (the demo, imports of corrections).
    pub fn alter_waybill(
        &mut self,
        number: &str,
        seen: Option<u32>,
        new: &Waybill,
        staff_id: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<IssuedWaybill> {
        let reason = crate::storage::required_reason(reason, "修改运单必须写明原因")?;
        let tx = self.sql().begin()?;
        let mut issued = load_waybill(*tx, number)?
            .ok_or_else(|| StorageError::NotFound(format!("找不到单号 {number}")))?;
        if seen.is_some_and(|seen| seen != issued.alter_count) {
            let since = last_change(*tx, number)?.map_or_else(
                || "已被改动".to_owned(),
                |(who, at, action)| format!("已被 {who} 于 {at} {action}"),
            );
            return Err(StorageError::Refused(format!(
                "运单 {number} 在您打开之后{since}，您的修改没有保存：请重新打开这张运单，看过新的内容再改"
            )));
        }
        if issued.status == WaybillStatus::Void {
            return Err(StorageError::Refused(format!(
                "运单 {number} 已作废{}，不能修改",
                by_whom(*tx, number)?
            )));
        }
        let field_changes = changes(&issued.waybill, new);
        if field_changes.is_empty() {
            return Err(StorageError::Refused("没有任何改动".to_owned()));
        }
        // Onto 月结, or onto another shipper's: the credit rule, under the writer lock.
        let old = &issued.waybill;
        if new.payment == PaymentMethod::Monthly
            && (old.payment != new.payment || old.shipper.phone != new.shipper.phone)
            && let Some(refusal) = super::customers::credit_refusal(*tx, new, now)?
        {
            return Err(StorageError::OverCredit(refusal));
        }
        if new.arrival_date != issued.waybill.arrival_date {
            new.check_arrival_date(issued.issued_at.date())
                .map_err(|e| StorageError::Refused(e.message))?;
        }
        // 代收货款 already collected: a lower amount is refunded, a higher one refused.
        crate::storage::money::cod::settle_cod_alteration(
            *tx,
            number,
            &issued.waybill,
            new,
            (staff_id, reason, now),
        )?;
        issued.waybill = new.clone();
        issued.alter_count += 1;
        update_waybill(*tx, &issued)?;
        remember_customers(*tx, new, now)?;
        append_history(
            *tx,
            &issued,
            staff_id,
            HistoryAction::Alter,
            reason,
            &field_changes,
            now,
        )?;
        tx.commit()?;
        Ok(issued)
    }

    /// Voids a waybill (作废) with a reason; it is kept and marked, never deleted.
    pub fn void_waybill(
        &mut self,
        number: &str,
        staff_id: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<IssuedWaybill> {
        let reason = crate::storage::required_reason(reason, "作废运单必须写明原因")?;
        let tx = self.sql().begin()?;
        let mut issued = load_waybill(*tx, number)?
            .ok_or_else(|| StorageError::NotFound(format!("找不到单号 {number}")))?;
        if issued.status == WaybillStatus::Void {
            return Err(StorageError::Refused(format!(
                "运单 {number} 已经作废{}",
                by_whom(*tx, number)?
            )));
        }
        // The same rule as the database trigger, worded for the clerk with the stage.
        let stage: Option<String> = tx.value(
            "SELECT stage FROM waybill_stages WHERE number = ?1",
            args![number],
        )?;
        if let Some(stage) = stage.filter(|s| s != "已开单") {
            return Err(StorageError::Refused(format!(
                "运单 {number} 当前状态为「{stage}」，货物已不在库，不能作废：请先从发车清单卸车，或登记退货/异常"
            )));
        }
        issued.status = WaybillStatus::Void;
        tx.execute(
            "UPDATE waybills SET status = ?2 WHERE number = ?1",
            args![number, WaybillStatus::Void.label()],
        )?;
        append_history(
            *tx,
            &issued,
            staff_id,
            HistoryAction::Void,
            reason,
            &[],
            now,
        )?;
        tx.commit()?;
        Ok(issued)
    }

    /// The history of one waybill, oldest first.
    pub fn waybill_history(&self, number: &str) -> Result<Vec<HistoryEntry>> {
        let rows = self.sql().query_map("SELECT at, staff_id, action, reason, changes FROM waybill_history WHERE waybill_number = ?1 ORDER BY id", args![number], Row::read::<(String, String, String, String, String)>)?;
        let mut out = Vec::new();
        for row in rows {
            let (at, staff_id, action, reason, changes_json) = row;
            out.push(HistoryEntry {
                at: parse_time(&at)?,
                staff_id,
                action: HistoryAction::from_label(&action)
                    .ok_or_else(|| StorageError::Corrupt(format!("未知的操作「{action}」")))?,
                reason,
                changes: serde_json::from_str(&changes_json)
                    .map_err(|e| StorageError::Corrupt(format!("修改记录无法读取：{e}")))?,
            });
        }
        Ok(out)
    }
}

/// The 现付 total of a waybill just stored, as a ledger line of its issue (none for other
/// payment methods, a voided waybill or a total of nothing).
fn enter_pay_now(tx: Conn<'_>, issued: &IssuedWaybill, channel: PayChannel) -> Result<()> {
    let due = due_at_issue(issued.waybill.payment, issued.waybill.total_yuan);
    if due <= Decimal::ZERO || issued.status == WaybillStatus::Void {
        return Ok(());
    }
    super::money::insert_entry(
        tx,
        &LedgerEntry::new(
            &issued.number,
            issued.issued_at,
            &issued.clerk_id,
            due,
            channel,
            Occasion::Issue,
        ),
    )
}

/// Stores a new waybill as issued at `station`.
fn insert_waybill(tx: Conn<'_>, issued: &IssuedWaybill, station: i64) -> Result<()> {
    let sql = "INSERT INTO waybills (station_id, number, issued_at, clerk_id, status, alter_count, dest_code, dest_name, shipper_name, shipper_phone, shipper_tail, consignee_name, consignee_phone, consignee_tail, goods_name, pieces, packaging, weight_kg, volume_m3, declared_by_shipper, fragile, orientation, condition, condition_note, shipper_bears_damage, delivery, delivery_address, receipt_copies, controlled_release, declared_value_fen, payment, transfer, transfer_rebate_fen, arrival_date, rate_freight_fen, freight_fen, premium_fen, delivery_fee_fen, total_fen, short_charge_fen, remarks, cod_fen, cod_fee_fen, cod_fee_payer)
        VALUES (?44, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43)";
    let mut values = waybill_values(issued);
    values.push(super::sql::Value::Int(station));
    tx.execute(sql, &super::sql::dynamic(&values))?;
    Ok(())
}

fn update_waybill(tx: Conn<'_>, issued: &IssuedWaybill) -> Result<()> {
    let sql = "UPDATE waybills SET issued_at = ?2, clerk_id = ?3, status = ?4, alter_count = ?5, dest_code = ?6, dest_name = ?7, shipper_name = ?8, shipper_phone = ?9, shipper_tail = ?10, consignee_name = ?11, consignee_phone = ?12, consignee_tail = ?13, goods_name = ?14, pieces = ?15, packaging = ?16, weight_kg = ?17, volume_m3 = ?18, declared_by_shipper = ?19, fragile = ?20, orientation = ?21, condition = ?22, condition_note = ?23, shipper_bears_damage = ?24, delivery = ?25, delivery_address = ?26, receipt_copies = ?27, controlled_release = ?28, declared_value_fen = ?29, payment = ?30, transfer = ?31, transfer_rebate_fen = ?32, arrival_date = ?33, rate_freight_fen = ?34, freight_fen = ?35, premium_fen = ?36, delivery_fee_fen = ?37, total_fen = ?38, short_charge_fen = ?39, remarks = ?40, cod_fen = ?41, cod_fee_fen = ?42, cod_fee_payer = ?43 WHERE number = ?1";
    tx.execute(sql, &super::sql::dynamic(&waybill_values(issued)))?;
    Ok(())
}

/// The 43 column values of a waybill row, in the order of the INSERT above.
fn waybill_values(issued: &IssuedWaybill) -> Vec<super::sql::Value> {
    use super::sql::Value;
    let w = &issued.waybill;
    let text = |s: &str| Value::Text(s.to_owned());
    let int = |n: i64| Value::Int(n);
    let flag = |b: bool| Value::Int(i64::from(b));
    let fen = |v: Option<Decimal>| v.map_or(Value::Null, |v| Value::Int(to_fen(v)));
    vec![
        text(&issued.number),
        text(&time_text(issued.issued_at)),
        text(&issued.clerk_id),
        text(issued.status.label()),
        int(i64::from(issued.alter_count)),
        text(&w.dest_code),
        text(&w.dest_name),
        text(&w.shipper.name),
        text(w.shipper.phone.as_str()),
        text(&w.shipper.phone.tail4()),
        text(&w.consignee.name),
        text(w.consignee.phone.as_str()),
        text(&w.consignee.phone.tail4()),
        text(&w.goods_name),
        int(i64::from(w.pieces)),
        text(w.packaging.label()),
        text(&w.weight_kg.normalize().to_string()),
        text(&w.volume_m3.normalize().to_string()),
        flag(w.declared_by_shipper),
        flag(w.fragile),
        text(w.orientation.label()),
        text(w.condition.label()),
        text(&w.condition_note),
        flag(w.shipper_bears_damage),
        text(w.delivery.label()),
        text(&w.delivery_address),
        int(i64::from(w.receipt_copies)),
        flag(w.controlled_release),
        fen(w.declared_value_yuan),
        text(w.payment.label()),
        flag(w.transfer),
        fen(w.transfer_rebate_yuan),
        w.arrival_date
            .map_or(Value::Null, |d| text(&d.format("%Y-%m-%d").to_string())),
        fen(w.rate_freight_yuan),
        int(to_fen(w.freight_yuan)),
        int(to_fen(w.premium_yuan)),
        int(to_fen(w.delivery_fee_yuan)),
        int(to_fen(w.total_yuan)),
        int(to_fen(w.short_charge_yuan().unwrap_or_default())),
        text(&w.remarks),
        int(to_fen(w.cod_yuan)),
        int(to_fen(w.cod_fee_yuan)),
        text(w.cod_fee_payer.label()),
    ]
}

/// Who last altered or voided a waybill, when and how, as a clerk reads them:
/// (`B07 王强`, `11-23 10:32`, `修改`); `None` for a waybill never changed since issued.
fn last_change(conn: Conn<'_>, number: &str) -> Result<Option<(String, String, String)>> {
    let last = conn.query_opt(
        "SELECT h.staff_id, COALESCE(s.name, ''), h.at, h.action FROM waybill_history h \
         LEFT JOIN staff s ON s.id = h.staff_id \
         WHERE h.waybill_number = ?1 AND h.action <> ?2 ORDER BY h.id DESC LIMIT 1",
        args![number, HistoryAction::Issue.label()],
        Row::read::<(String, String, String, String)>,
    )?;
    last.map(|(id, name, at, action)| {
        let at = parse_time(&at)?.format("%m-%d %H:%M").to_string();
        Ok((format!("{id} {name}").trim().to_owned(), at, action))
    })
    .transpose()
}

/// `（B07 王强 11-23 10:32）`, or nothing, after a state the clerk is told of.
fn by_whom(conn: Conn<'_>, number: &str) -> Result<String> {
    Ok(last_change(conn, number)?
        .map_or_else(String::new, |(who, at, _)| format!("（{who} {at}）")))
}

pub(super) fn load_waybill(conn: Conn<'_>, number: &str) -> Result<Option<IssuedWaybill>> {
    let mut rows = conn
        .rows(
            &format!("SELECT {FULL_COLUMNS} FROM waybills WHERE number = ?1"),
            args![number],
        )?
        .into_iter();
    let Some(r) = rows.next() else {
        return Ok(None);
    };
    issued_from_row(&r).map(Some)
}

/// A waybill as read with [`FULL_COLUMNS`].
pub(super) fn issued_from_row(r: &Row) -> Result<IssuedWaybill> {
    let number: String = r.get(0)?;
    let corrupt = |what: &str, value: &str| {
        StorageError::Corrupt(format!("运单 {number} 的{what}「{value}」无法识别"))
    };
    let label = |i: usize| -> Result<String> { Ok(r.get::<String>(i)?) };
    let phone = |i: usize| -> Result<Phone> {
        let text: String = r.get(i)?;
        Phone::parse(&text).map_err(|_| corrupt("电话", &text))
    };
    let flag = |i: usize| -> Result<bool> { Ok(r.get::<i64>(i)? != 0) };
    let fen = |i: usize| -> Result<Option<Decimal>> { Ok(r.get::<Option<i64>>(i)?.map(from_fen)) };
    let status = label(4)?;
    let packaging = label(14)?;
    let orientation = label(19)?;
    let condition = label(20)?;
    let delivery = label(23)?;
    let payment = label(28)?;
    let arrival: Option<String> = r.get(31)?;
    let cod_fee_payer = label(40)?;
    let waybill = Waybill {
        dest_code: r.get(6)?,
        dest_name: r.get(7)?,
        shipper: Party {
            name: r.get(8)?,
            phone: phone(9)?,
        },
        consignee: Party {
            name: r.get(10)?,
            phone: phone(11)?,
        },
        goods_name: r.get(12)?,
        pieces: r.get(13)?,
        packaging: Packaging::from_label(&packaging).ok_or_else(|| corrupt("包装", &packaging))?,
        weight_kg: parse_decimal_text(&label(15)?)?,
        volume_m3: parse_decimal_text(&label(16)?)?,
        declared_by_shipper: flag(17)?,
        fragile: flag(18)?,
        orientation: Orientation::from_label(&orientation)
            .ok_or_else(|| corrupt("放置朝向", &orientation))?,
        condition: Condition::from_label(&condition)
            .ok_or_else(|| corrupt("收货状况", &condition))?,
        condition_note: r.get(21)?,
        shipper_bears_damage: flag(22)?,
        delivery: DeliveryMode::from_label(&delivery)
            .ok_or_else(|| corrupt("送货方式", &delivery))?,
        delivery_address: r.get(24)?,
        receipt_copies: r.get(25)?,
        controlled_release: flag(26)?,
        declared_value_yuan: fen(27)?,
        cod_yuan: from_fen(r.get(38)?),
        cod_fee_yuan: from_fen(r.get(39)?),
        cod_fee_payer: CodFeePayer::from_label(&cod_fee_payer)
            .ok_or_else(|| corrupt("代收手续费付款", &cod_fee_payer))?,
        payment: PaymentMethod::from_label(&payment)
            .ok_or_else(|| corrupt("付款方式", &payment))?,
        transfer: flag(29)?,
        transfer_rebate_yuan: fen(30)?,
        arrival_date: match arrival {
            Some(text) => Some(
                NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .map_err(|_| corrupt("到货日期", &text))?,
            ),
            None => None,
        },
        rate_freight_yuan: fen(32)?,
        freight_yuan: from_fen(r.get(33)?),
        premium_yuan: from_fen(r.get(34)?),
        delivery_fee_yuan: from_fen(r.get(35)?),
        total_yuan: from_fen(r.get(36)?),
        remarks: r.get(37)?,
    };
    let issued_at: String = r.get(1)?;
    Ok(IssuedWaybill {
        issued_at: parse_time(&issued_at)?,
        clerk_id: r.get(2)?,
        clerk_name: r.get::<Option<String>>(3)?.unwrap_or_default(),
        status: WaybillStatus::from_label(&status).ok_or_else(|| corrupt("状态", &status))?,
        alter_count: r.get(5)?,
        waybill,
        number,
    })
}

fn remember_customers(tx: Conn<'_>, waybill: &Waybill, now: NaiveDateTime) -> Result<()> {
    // Each phone's row, and the customer file it belongs to (客户档案).
    super::customers::remember_party(tx, &waybill.shipper.phone, &waybill.shipper.name, "", now)?;
    super::customers::remember_party(
        tx,
        &waybill.consignee.phone,
        &waybill.consignee.name,
        &waybill.delivery_address,
        now,
    )
}

fn append_history(
    tx: Conn<'_>,
    issued: &IssuedWaybill,
    staff_id: &str,
    action: HistoryAction,
    reason: &str,
    field_changes: &[FieldChange],
    now: NaiveDateTime,
) -> Result<()> {
    let previous: String = tx
        .value(
            "SELECT hash FROM waybill_history ORDER BY id DESC LIMIT 1",
            NO_ARGS,
        )?
        .unwrap_or_else(|| GENESIS_HASH.to_owned());
    let changes_json =
        serde_json::to_string(field_changes).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let snapshot_json =
        serde_json::to_string(issued).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let at = time_text(now);
    let content = HistoryContent {
        waybill_number: &issued.number,
        at: &at,
        staff_id,
        action,
        reason,
        changes_json: &changes_json,
        snapshot_json: &snapshot_json,
    };
    let hash = entry_hash(&previous, &content);
    tx.execute("INSERT INTO waybill_history (waybill_number, at, staff_id, action, reason, changes, snapshot, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", args![
        issued.number,
        at,
        staff_id,
        action.label(),
        reason,
        changes_json,
        snapshot_json,
        previous,
        hash
    ])?;
    super::seals::seal_last(tx, "waybill_history")?;
    Ok(())
}
