//! Waybills in the database: saving a new one (number, customers, history in one
//! transaction), finding them, altering and voiding them through the append-only,
//! hash-chained history, and checking that chain.

use super::sql::{Conn, Dialect, NO_ARGS, Row, args};
use super::{Db, Result, StorageError, parse_decimal_text, parse_time, time_text};
use crate::domain::alteration::{
    FieldChange, GENESIS_HASH, HistoryAction, HistoryContent, changes, entry_hash,
};
use crate::domain::money::{from_fen, to_fen};
use crate::domain::money_ledger::{LedgerEntry, Occasion, due_at_issue};
use crate::domain::phone::Phone;
use crate::domain::pickup::PayChannel;
use crate::domain::waybill::{
    Condition, DeliveryMode, IssuedWaybill, Orientation, Packaging, Party, PaymentMethod, Waybill,
    WaybillStatus, waybill_number,
};
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

/// A refused consignment to record (拒收登记).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// When.
    pub at: NaiveDateTime,
    /// Who refused.
    pub clerk_id: String,
    /// Shipper's name as given.
    pub shipper_name: String,
    /// Shipper's phone as given.
    pub shipper_phone: String,
    /// The goods.
    pub goods_name: String,
    /// Why.
    pub reason: String,
}

const SUMMARY_COLUMNS: &str = "number, issued_at, clerk_id, status, alter_count, dest_name, shipper_name, consignee_name, consignee_phone, goods_name, pieces, total_fen, payment, short_charge_fen";

pub(super) const FULL_COLUMNS: &str = "number, issued_at, clerk_id, (SELECT name FROM staff WHERE staff.id = clerk_id), status, alter_count, \
    dest_code, dest_name, shipper_name, shipper_phone, consignee_name, consignee_phone, goods_name, pieces, packaging, \
    weight_kg, volume_m3, declared_by_shipper, fragile, orientation, condition, condition_note, shipper_bears_damage, \
    delivery, delivery_address, receipt_copies, controlled_release, declared_value_fen, payment, transfer, \
    transfer_rebate_fen, arrival_date, rate_freight_fen, freight_fen, premium_fen, delivery_fee_fen, total_fen, remarks";

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
        self.issue_waybill_paid(waybill, clerk_id, prefix, now, PayChannel::Cash)
    }

    /// Issues a waybill as `issue_waybill` does; a 现付 waybill's total goes into the
    /// payments ledger (收款记录) in the same transaction, paid by `channel`.
    pub fn issue_waybill_paid(
        &mut self,
        waybill: &Waybill,
        clerk_id: &str,
        prefix: &str,
        now: NaiveDateTime,
        channel: PayChannel,
    ) -> Result<IssuedWaybill> {
        let tx = self.sql().begin()?;
        let clerk_name: Option<String> = tx.query_opt(
            "SELECT name FROM staff WHERE id = ?1",
            args![clerk_id],
            |r| r.get(0),
        )?;
        let Some(clerk_name) = clerk_name else {
            return Err(StorageError::Refused(format!(
                "工号 {clerk_id} 不在员工名单中，不能开单"
            )));
        };
        let day = now.date();
        // The next free number of the day; numbers taken by an import are skipped.
        let sequence = loop {
            let sequence: u32 = tx.query_row(
                "INSERT INTO waybill_sequence (prefix, day, last) VALUES (?1, ?2, 1)
                 ON CONFLICT(prefix, day) DO UPDATE SET last = waybill_sequence.last + 1 RETURNING last",
                args![prefix, day.format("%Y-%m-%d").to_string()],
                |r| r.get(0),
            )?;
            if sequence > 9999 {
                return Err(StorageError::Refused(
                    "今天的单号已用完（每天最多 9999 票）".to_owned(),
                ));
            }
            let taken = tx
                .query_opt(
                    "SELECT 1 FROM waybills WHERE number = ?1",
                    args![waybill_number(prefix, day, sequence)],
                    |_| Ok(()),
                )?
                .is_some();
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
        insert_waybill(*tx, &issued)?;
        remember_customers(*tx, waybill, now)?;
        append_history(*tx, &issued, clerk_id, HistoryAction::Issue, "", &[], now)?;
        enter_pay_now(*tx, &issued, channel)?;
        tx.commit()?;
        Ok(issued)
    }

    /// Stores a waybill that already has its number (an import from an old system), in
    /// the caller's transaction.
    pub(crate) fn insert_imported(
        tx: Conn<'_>,
        issued: &IssuedWaybill,
        now: NaiveDateTime,
    ) -> Result<()> {
        insert_waybill(tx, issued)?;
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
            let taken = tx
                .query_opt(
                    "SELECT 1 FROM waybills WHERE number = ?1",
                    args![issued.number],
                    |_| Ok(()),
                )?
                .is_some();
            if taken {
                return Err(StorageError::NumberTaken(issued.number.clone()));
            }
            tx.execute(
                "INSERT INTO staff (id, name) VALUES (?1, '') ON CONFLICT DO NOTHING",
                args![&issued.clerk_id],
            )?;
            let clerk_name: String = tx.query_row(
                "SELECT name FROM staff WHERE id = ?1",
                args![&issued.clerk_id],
                |r| r.get(0),
            )?;
            let issued = IssuedWaybill {
                clerk_name,
                ..issued.clone()
            };
            Self::insert_imported(*tx, &issued, now)?;
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
            .query_opt(
                "SELECT 1 FROM waybills WHERE number = ?1",
                args![number],
                |_| Ok(()),
            )?
            .is_some())
    }

    /// Alters an issued waybill (修改): refused without a reason, for a voided waybill, or
    /// when nothing changed. The history records who, when, every old and new value, why.
    pub fn alter_waybill(
        &mut self,
        number: &str,
        new: &Waybill,
        staff_id: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<IssuedWaybill> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StorageError::Refused("修改运单必须写明原因".to_owned()));
        }
        let tx = self.sql().begin()?;
        let mut issued = load_waybill(*tx, number)?
            .ok_or_else(|| StorageError::NotFound(format!("找不到单号 {number}")))?;
        if issued.status == WaybillStatus::Void {
            return Err(StorageError::Refused(format!(
                "运单 {number} 已作废，不能修改"
            )));
        }
        let field_changes = changes(&issued.waybill, new);
        if field_changes.is_empty() {
            return Err(StorageError::Refused("没有任何改动".to_owned()));
        }
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
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StorageError::Refused("作废运单必须写明原因".to_owned()));
        }
        let tx = self.sql().begin()?;
        let mut issued = load_waybill(*tx, number)?
            .ok_or_else(|| StorageError::NotFound(format!("找不到单号 {number}")))?;
        if issued.status == WaybillStatus::Void {
            return Err(StorageError::Refused(format!("运单 {number} 已经作废")));
        }
        // The same rule as the database trigger, worded for the clerk with the stage.
        let stage: Option<String> = tx.query_opt(
            "SELECT stage FROM waybill_stages WHERE number = ?1",
            args![number],
            |r| r.get(0),
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
        let rows = self.sql().query_map("SELECT at, staff_id, action, reason, changes FROM waybill_history WHERE waybill_number = ?1 ORDER BY id", args![number], |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
                r.get::<String>(4)?,
            ))
        })?;
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

    /// Finds waybills, newest first, at most [`LIST_LIMIT`].
    pub fn find_waybills(&self, query: &WaybillQuery) -> Result<Vec<WaybillSummary>> {
        let (sql, values) = search_sql(query, self.sql().dialect());
        let rows = self
            .sql()
            .query_map(&sql, &super::sql::dynamic(&values), summary_from_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row?);
        }
        Ok(out)
    }

    /// The customer known by this phone number, if any: the name in their file.
    pub fn customer_by_phone(&self, phone: &Phone) -> Result<Option<KnownCustomer>> {
        Ok(self
            .sql()
            .query_opt(// The name of the customer's file (客户档案) when the phone has one; the
                // address last used with the phone, else the file's newest.
                "SELECT COALESCE(f.name, c.name), c.phone,
                        CASE WHEN c.address <> '' THEN c.address
                             ELSE COALESCE((SELECT address FROM customer_addresses a WHERE a.customer_id = c.customer_id
                                            ORDER BY added_at DESC, address LIMIT 1), '') END
                 FROM customers c LEFT JOIN customer_files f ON f.id = c.customer_id WHERE c.phone = ?1",
                args![phone.as_str()],
                |r| {
                    Ok(KnownCustomer {
                        name: r.get(0)?,
                        phone: r.get(1)?,
                        address: r.get(2)?,
                    })
                })?)
    }

    /// The consignees a shipper (by phone) has sent to, most used first, at most 8.
    pub fn usual_consignees(&self, shipper_phone: &Phone) -> Result<Vec<UsualConsignee>> {
        // Each consignee as on the newest of the shipper's last 500 waybills to them.
        let rows = self.sql().query_map("SELECT consignee_name, consignee_phone, dest_code, dest_name, delivery_address, n, issued_at AS last
             FROM (SELECT r.*, COUNT(*) OVER (PARTITION BY consignee_phone) AS n,
                          ROW_NUMBER() OVER (PARTITION BY consignee_phone ORDER BY issued_at DESC, number DESC) AS k
                   FROM (SELECT number, consignee_name, consignee_phone, dest_code, dest_name, delivery_address, issued_at
                         FROM waybills WHERE shipper_phone = ?1 AND status <> '作废'
                         ORDER BY issued_at DESC LIMIT 500) r) t
             WHERE k = 1 ORDER BY n DESC, last DESC LIMIT 8", args![shipper_phone.as_str()], |r| {
            Ok(UsualConsignee {
                name: r.get(0)?,
                phone: r.get(1)?,
                dest_code: r.get(2)?,
                dest_name: r.get(3)?,
                delivery_address: r.get(4)?,
                count: r.get(5)?,
            })
        })?;
        Ok(rows)
    }

    /// Records a refused consignment (拒收登记): evidence that cannot be edited later.
    pub fn record_refusal(&self, refusal: &Refusal) -> Result<()> {
        let tx = self.sql().begin()?;
        tx.execute(
            "INSERT INTO refusals (at, clerk_id, shipper_name, shipper_phone, goods_name, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![
                time_text(refusal.at),
                refusal.clerk_id,
                refusal.shipper_name.trim(),
                refusal.shipper_phone.trim(),
                refusal.goods_name.trim(),
                refusal.reason
            ])?;
        super::seals::seal_last(*tx, "refusals")?;
        tx.commit()?;
        Ok(())
    }

    /// Refusals, newest first (at most 1,000).
    pub fn refusals(&self) -> Result<Vec<Refusal>> {
        let rows = self.sql().query_map("SELECT at, clerk_id, shipper_name, shipper_phone, goods_name, reason FROM refusals ORDER BY id DESC LIMIT 1000", NO_ARGS, |r| {
            Ok((
                r.get::<String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (at, clerk_id, shipper_name, shipper_phone, goods_name, reason) = row;
            out.push(Refusal {
                at: parse_time(&at)?,
                clerk_id,
                shipper_name,
                shipper_phone,
                goods_name,
                reason,
            });
        }
        Ok(out)
    }

    /// Checks the alteration history: every hash recomputed in order, and every waybill
    /// equal to the snapshot its last history entry recorded. Returns one Chinese line per
    /// problem; empty when all is sound.
    pub fn check_history(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut previous = GENESIS_HASH.to_owned();
        let mut last_snapshot: std::collections::HashMap<String, String> =
            std::collections::HashMap::new();
        self.sql().for_each("SELECT id, waybill_number, at, staff_id, action, reason, changes, snapshot, prev_hash, hash FROM waybill_history ORDER BY id", NO_ARGS, |r: &Row| -> Result<()> {
            let id: i64 = r.get(0)?;
            let number: String = r.get(1)?;
            let at: String = r.get(2)?;
            let staff_id: String = r.get(3)?;
            let action_text: String = r.get(4)?;
            let reason: String = r.get(5)?;
            let changes_json: String = r.get(6)?;
            let snapshot_json: String = r.get(7)?;
            let prev_hash: String = r.get(8)?;
            let hash: String = r.get(9)?;
            let Some(action) = HistoryAction::from_label(&action_text) else {
                problems.push(format!(
                    "修改记录第 {id} 条（{number}）：未知的操作「{action_text}」"
                ));
                return Ok(());
            };
            if prev_hash != previous {
                problems.push(format!(
                    "修改记录第 {id} 条（{number}）：与上一条记录断链，可能有记录被删除或插入"
                ));
            }
            let content = HistoryContent {
                waybill_number: &number,
                at: &at,
                staff_id: &staff_id,
                action,
                reason: &reason,
                changes_json: &changes_json,
                snapshot_json: &snapshot_json,
            };
            if entry_hash(&prev_hash, &content) != hash {
                problems.push(format!(
                    "修改记录第 {id} 条（{number}，{at}）：内容被改动过（校验值不符）"
                ));
            }
            previous = hash;
            last_snapshot.insert(number, snapshot_json);
            Ok(())
        })?;
        let mut numbers: Vec<&String> = last_snapshot.keys().collect();
        numbers.sort();
        for number in numbers {
            let Ok(mut recorded) = serde_json::from_str::<IssuedWaybill>(&last_snapshot[number])
            else {
                problems.push(format!("运单 {number}：修改记录中的运单内容无法读取"));
                continue;
            };
            match load_waybill(self.sql(), number) {
                Ok(Some(current)) if same_record(&current, &mut recorded) => {}
                Ok(Some(_)) => problems.push(format!(
                    "运单 {number}：当前内容与修改记录不符，可能被绕过程序改动"
                )),
                Ok(None) => problems.push(format!("运单 {number}：有修改记录，但运单不见了")),
                Err(e) => problems.push(format!("运单 {number}：无法读取（{e}）")),
            }
        }
        let orphans: i64 = self.sql().query_row(
            "SELECT COUNT(*) FROM waybills w WHERE NOT EXISTS (SELECT 1 FROM waybill_history h WHERE h.waybill_number = w.number)",
            NO_ARGS,
            |r| r.get(0))?;
        if orphans > 0 {
            problems.push(format!(
                "有 {orphans} 张运单没有开单记录，可能是绕过程序写入的"
            ));
        }
        problems.extend(self.derived_column_problems()?);
        problems.extend(self.missing_triggers()?);
        Ok(problems)
    }

    /// Columns stored for searching and for the review that are derived from the rest of
    /// the waybill (the phones' last four digits, the short charge): each is derived
    /// again and compared, since the history's snapshot does not hold them.
    fn derived_column_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();

        self.sql().for_each("SELECT number, shipper_phone, shipper_tail, consignee_phone, consignee_tail,
                    short_charge_fen,
                    CASE WHEN rate_freight_fen IS NOT NULL AND rate_freight_fen > freight_fen
                         THEN rate_freight_fen - freight_fen ELSE 0 END
             FROM waybills ORDER BY number",
                NO_ARGS, |r: &Row| -> Result<()> {
            let number: String = r.get(0)?;
            let tails = [(1, 2, "发货方电话尾号"), (3, 4, "收货方电话尾号")];
            for (phone, tail, what) in tails {
                let phone: String = r.get(phone)?;
                let tail: String = r.get(tail)?;
                if crate::domain::phone::tail4(&phone) != tail {
                    problems.push(format!(
                        "运单 {number}：{what}「{tail}」与电话 {phone} 不符，可能被绕过程序改动"
                    ));
                }
            }
            let stored: i64 = r.get(5)?;
            let derived: i64 = r.get(6)?;
            if stored != derived {
                problems.push(format!(
                    "运单 {number}：短收金额（{}）与报价表运费和实收运费之差（{}）不符，可能被绕过程序改动",
                    crate::domain::money::format_yuan(crate::domain::money::from_fen(stored)),
                    crate::domain::money::format_yuan(crate::domain::money::from_fen(derived))
                ));
            }
            Ok(())
        })?;
        Ok(problems)
    }

    /// The protective triggers that are not in the database (dropped with another tool,
    /// or on PostgreSQL disabled by a superuser).
    pub(super) fn missing_triggers(&self) -> Result<Vec<String>> {
        let sql = match self.sql().dialect() {
            Dialect::Sqlite => "SELECT name FROM sqlite_schema WHERE type = 'trigger'",
            Dialect::Postgres => {
                "SELECT t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'
                   AND c.relnamespace = current_schema()::regnamespace"
            }
        };
        let present: std::collections::BTreeSet<String> = self
            .sql()
            .query_map(sql, NO_ARGS, |r| r.get(0))?
            .into_iter()
            .collect();
        Ok(super::migrations::protective_triggers()
            .into_iter()
            .filter(|name| !present.contains(name))
            .map(|name| {
                format!("保护触发器 {name} 不见了：数据库被其他工具改动过，请从备份恢复并联系 IT")
            })
            .collect())
    }

    /// How many waybills there are.
    pub fn waybill_count(&self) -> Result<u64> {
        let count: i64 = self
            .sql()
            .query_row("SELECT COUNT(*) FROM waybills", NO_ARGS, |r| r.get(0))?;
        Ok(u64::try_from(count).unwrap_or_default())
    }
}

/// Whether a stored waybill is what its last history entry recorded. The clerk's name
/// comes from the staff list, which may be completed or corrected later, so only the 工号
/// counts.
fn same_record(current: &IssuedWaybill, recorded: &mut IssuedWaybill) -> bool {
    recorded.clerk_name.clone_from(&current.clerk_name);
    *current == *recorded
}

/// The statement of [`Db::find_waybills`] and the values of its placeholders.
fn search_sql(query: &WaybillQuery, dialect: Dialect) -> (String, Vec<String>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let bind = |values: &mut Vec<String>, v: String| {
        values.push(v);
        format!("?{}", values.len())
    };
    // The placeholder of the `LIKE` pattern, for a search by name.
    let mut name_like: Option<String> = None;
    let text = query.text.trim();
    if !text.is_empty() {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let all_digits = !digits.is_empty()
            && digits.len() == text.chars().filter(|c| !matches!(c, ' ' | '-')).count();
        if all_digits && digits.len() == 4 {
            let p = bind(&mut values, digits);
            conditions.push(format!("(shipper_tail = {p} OR consignee_tail = {p})"));
        } else if let Ok(phone) = Phone::parse(text) {
            let p = bind(&mut values, phone.as_str().to_owned());
            conditions.push(format!("(shipper_phone = {p} OR consignee_phone = {p})"));
        } else if text.is_ascii() {
            // A waybill number, or its start, case-sensitive so that it uses the index:
            // SQLite's GLOB (its LIKE ignores case), PostgreSQL's LIKE on "C" text.
            let upper = text.to_ascii_uppercase();
            match dialect {
                Dialect::Sqlite => {
                    let p = bind(&mut values, format!("{}*", escape_glob(&upper)));
                    conditions.push(format!("number GLOB {p}"));
                }
                Dialect::Postgres => {
                    let p = bind(&mut values, format!("{}%", escape_like(&upper)));
                    conditions.push(format!("number LIKE {p} ESCAPE '\\'"));
                }
            }
        } else {
            // A name: customers are few next to waybills, so find their phones first
            // (`matched`), then the waybills by the phone indexes.
            let p = bind(&mut values, format!("%{}%", escape_like(text)));
            conditions.push(
                "(shipper_phone IN (SELECT phone FROM matched) OR consignee_phone IN (SELECT phone FROM matched))"
                    .to_owned(),
            );
            name_like = Some(p);
        }
    }
    if let Some(from) = query.from {
        let p = bind(&mut values, from.format("%Y-%m-%d").to_string());
        conditions.push(format!("issued_at >= {p}"));
    }
    if let Some(to) = query.to {
        let p = bind(
            &mut values,
            (to + chrono::Days::new(1)).format("%Y-%m-%d").to_string(),
        );
        conditions.push(format!("issued_at < {p}"));
    }
    if let Some(clerk) = query.clerk_id.as_deref().filter(|c| !c.is_empty()) {
        let p = bind(&mut values, clerk.to_owned());
        conditions.push(format!("clerk_id = {p}"));
    }
    if let Some(dest) = query.dest_code.as_deref().filter(|c| !c.is_empty()) {
        let p = bind(&mut values, dest.to_owned());
        conditions.push(format!("dest_code = {p}"));
    }
    if query.short_charged_only {
        conditions.push("short_charge_fen > 0".to_owned());
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let order = "ORDER BY issued_at DESC, number DESC";
    let sql = if let Some(p) = name_like {
        // Why each row matched is worked out for the listed rows only, not for every
        // waybill of the customers before the limit.
        format!(
            "{with} SELECT {SUMMARY_COLUMNS}, {shipper}, {consignee}
             FROM (SELECT {SUMMARY_COLUMNS}, shipper_phone FROM waybills {filter} {order} LIMIT {LIST_LIMIT}) listed {order}",
            with = matched_phones(&p),
            shipper = known_as("shipper", &p),
            consignee = known_as("consignee", &p),
        )
    } else {
        format!(
            "SELECT {SUMMARY_COLUMNS}, NULL, NULL FROM waybills {filter} {order} LIMIT {LIST_LIMIT}"
        )
    };
    (sql, values)
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn escape_glob(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '*' | '?' | '[' => format!("[{c}]"),
            _ => c.to_string(),
        })
        .collect()
}

/// The `matched(phone)` table of a search by name (`p` the placeholder of its `LIKE`
/// pattern): the phones whose last written name holds the text, and every phone of a
/// customer file (客户档案) whose name holds it. A file merged into another keeps its
/// name but not its phones, which moved to the file kept: a merged file leads on to the
/// file it went into, so its old name still finds them.
/// The phones are found once per search (`MATERIALIZED`; SQLite would otherwise inline
/// them at each of their four uses), and the files' phones by `customers_customer`
/// (`IN`, `UNION ALL`: a plain `UNION` had SQLite walk every customer in phone order).
/// A phone listed twice does no harm to `IN`.
fn matched_phones(p: &str) -> String {
    format!(
        "WITH RECURSIVE named(id) AS (
             SELECT id FROM customer_files WHERE name LIKE {p} ESCAPE '\\'
             UNION SELECT f.merged_into FROM customer_files f JOIN named n ON f.id = n.id
                   WHERE f.merged_into IS NOT NULL
         ),
         matched(phone) AS MATERIALIZED (
             SELECT phone FROM customers WHERE name LIKE {p} ESCAPE '\\'
             UNION ALL SELECT phone FROM customers WHERE customer_id IN (SELECT id FROM named)
         )"
    )
}

/// The column saying why a row of a search by name matched by `party`'s phone (see
/// [`WaybillSummary::shipper_known_as`]): NULL when the name typed on the waybill holds
/// the text or the phone did not match; else the phone's file name, or the name last
/// written with the phone when that one, and not the file's, holds the text.
fn known_as(party: &str, p: &str) -> String {
    format!(
        "CASE WHEN {party}_name NOT LIKE {p} ESCAPE '\\' AND {party}_phone IN (SELECT phone FROM matched) THEN
             (SELECT CASE WHEN c.name LIKE {p} ESCAPE '\\' AND NOT (f.name IS NOT NULL AND f.name LIKE {p} ESCAPE '\\')
                          THEN c.name ELSE COALESCE(f.name, c.name) END
              FROM customers c LEFT JOIN customer_files f ON f.id = c.customer_id
              WHERE c.phone = {party}_phone)
         END"
    )
}

fn summary_from_row(r: &Row) -> super::sql::Result<Result<WaybillSummary>> {
    let issued_at: String = r.get(1)?;
    let status: String = r.get(3)?;
    Ok((|| {
        Ok(WaybillSummary {
            number: r.get(0)?,
            issued_at: parse_time(&issued_at)?,
            clerk_id: r.get(2)?,
            status: WaybillStatus::from_label(&status)
                .ok_or_else(|| StorageError::Corrupt(format!("未知的运单状态「{status}」")))?,
            alter_count: r.get(4)?,
            dest_name: r.get(5)?,
            shipper_name: r.get(6)?,
            consignee_name: r.get(7)?,
            consignee_phone: r.get(8)?,
            goods_name: r.get(9)?,
            pieces: r.get(10)?,
            total_yuan: from_fen(r.get(11)?),
            payment: r.get(12)?,
            short_charge_yuan: from_fen(r.get(13)?),
            shipper_known_as: r.get(14)?,
            consignee_known_as: r.get(15)?,
        })
    })())
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
        &LedgerEntry {
            id: 0,
            number: issued.number.clone(),
            at: issued.issued_at,
            staff_id: issued.clerk_id.clone(),
            amount_yuan: due,
            channel,
            occasion: Occasion::Issue,
            reason: String::new(),
        },
    )
}

fn insert_waybill(tx: Conn<'_>, issued: &IssuedWaybill) -> Result<()> {
    let sql = "INSERT INTO waybills (number, issued_at, clerk_id, status, alter_count, dest_code, dest_name, shipper_name, shipper_phone, shipper_tail, consignee_name, consignee_phone, consignee_tail, goods_name, pieces, packaging, weight_kg, volume_m3, declared_by_shipper, fragile, orientation, condition, condition_note, shipper_bears_damage, delivery, delivery_address, receipt_copies, controlled_release, declared_value_fen, payment, transfer, transfer_rebate_fen, arrival_date, rate_freight_fen, freight_fen, premium_fen, delivery_fee_fen, total_fen, short_charge_fen, remarks)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40)";
    tx.execute(sql, &super::sql::dynamic(&waybill_values(issued)))?;
    Ok(())
}

fn update_waybill(tx: Conn<'_>, issued: &IssuedWaybill) -> Result<()> {
    let sql = "UPDATE waybills SET issued_at = ?2, clerk_id = ?3, status = ?4, alter_count = ?5, dest_code = ?6, dest_name = ?7, shipper_name = ?8, shipper_phone = ?9, shipper_tail = ?10, consignee_name = ?11, consignee_phone = ?12, consignee_tail = ?13, goods_name = ?14, pieces = ?15, packaging = ?16, weight_kg = ?17, volume_m3 = ?18, declared_by_shipper = ?19, fragile = ?20, orientation = ?21, condition = ?22, condition_note = ?23, shipper_bears_damage = ?24, delivery = ?25, delivery_address = ?26, receipt_copies = ?27, controlled_release = ?28, declared_value_fen = ?29, payment = ?30, transfer = ?31, transfer_rebate_fen = ?32, arrival_date = ?33, rate_freight_fen = ?34, freight_fen = ?35, premium_fen = ?36, delivery_fee_fen = ?37, total_fen = ?38, short_charge_fen = ?39, remarks = ?40 WHERE number = ?1";
    tx.execute(sql, &super::sql::dynamic(&waybill_values(issued)))?;
    Ok(())
}

/// The 40 column values of a waybill row, in the order of the INSERT above.
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
    ]
}

fn load_waybill(conn: Conn<'_>, number: &str) -> Result<Option<IssuedWaybill>> {
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
        .query_opt(
            "SELECT hash FROM waybill_history ORDER BY id DESC LIMIT 1",
            NO_ARGS,
            |r| r.get(0),
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

#[cfg(test)]
mod import_tests {
    use super::*;
    use crate::domain::destinations::Divisions;
    use crate::domain::rates::{FeeSettings, RateTable};
    use crate::domain::waybill::{ValidationContext, WaybillDraft};
    use crate::storage::staff::StaffMember;

    fn imported(number: &str, clerk_id: &str) -> IssuedWaybill {
        let draft = WaybillDraft {
            dest_code: "430321".into(),
            shipper_name: "宏达服装厂".into(),
            shipper_phone: "13912345678".into(),
            consignee_name: "李记批发部".into(),
            consignee_phone: "0731-57123456".into(),
            goods_name: "服装".into(),
            pieces: "12".into(),
            weight_kg: "300".into(),
            volume_m3: "1.2".into(),
            freight: "255".into(),
            ..WaybillDraft::default()
        };
        let ctx = ValidationContext {
            divisions: Divisions::bundled(),
            rates: &RateTable::default(),
            fees: &FeeSettings::default(),
            prohibited: &[],
            printable: &|_| true,
        };
        IssuedWaybill {
            number: number.into(),
            issued_at: NaiveDate::from_ymd_opt(2025, 3, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            clerk_id: clerk_id.into(),
            clerk_name: String::new(),
            status: WaybillStatus::Issued,
            alter_count: 0,
            waybill: draft.validate(&ctx).unwrap(),
        }
    }

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    #[test]
    fn import_adds_unknown_clerks_and_keeps_history_sound() {
        let mut db = Db::open_in_memory().unwrap();
        db.upsert_staff(&StaffMember {
            id: "A01".into(),
            name: "张三".into(),
            role: "开单员".into(),
        })
        .unwrap();
        let count = db
            .import_waybills(&[imported("OLD1", "A01"), imported("OLD2", "B07")], now())
            .unwrap();
        assert_eq!(count, 2);
        let labels: Vec<String> = db.staff().unwrap().iter().map(StaffMember::label).collect();
        assert_eq!(labels, ["A01 张三", "B07"]);
        assert_eq!(db.waybill("OLD1").unwrap().clerk_name, "张三");
        assert_eq!(db.waybill("OLD2").unwrap().clerk_name, "");
        assert_eq!(db.check_history().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn import_is_all_or_nothing() {
        let mut db = Db::open_in_memory().unwrap();
        db.import_waybills(&[imported("OLD1", "A01")], now())
            .unwrap();
        let again = [imported("OLD2", "C03"), imported("OLD1", "A01")];
        assert!(db.import_waybills(&again, now()).is_err());
        assert_eq!(db.waybill_count().unwrap(), 1);
        assert!(!db.waybill_exists("OLD2").unwrap());
        assert_eq!(db.staff().unwrap().len(), 1, "C03 rolled back too");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::destinations::Divisions;
    use crate::domain::rates::{FeeSettings, RateTable};
    use crate::domain::waybill::{ValidationContext, WaybillDraft};
    use crate::storage::staff::StaffMember;

    fn at(hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    fn waybill(shipper: &str, shipper_phone: &str, consignee_phone: &str, pieces: &str) -> Waybill {
        let draft = WaybillDraft {
            dest_code: "430321".into(),
            shipper_name: shipper.into(),
            shipper_phone: shipper_phone.into(),
            consignee_name: "湘潭县易俗河李记批发部".into(),
            consignee_phone: consignee_phone.into(),
            goods_name: "服装".into(),
            pieces: pieces.into(),
            weight_kg: "300".into(),
            volume_m3: "1.2".into(),
            freight: "255".into(),
            ..WaybillDraft::default()
        };
        draft
            .validate(&ValidationContext {
                divisions: Divisions::bundled(),
                rates: &RateTable::default(),
                fees: &FeeSettings::default(),
                prohibited: &[],
                printable: &|_| true,
            })
            .unwrap()
    }

    fn db() -> Db {
        let db = Db::open_in_memory().unwrap();
        db.upsert_staff(&StaffMember {
            id: "A01".into(),
            name: "张丽".into(),
            role: "开单员".into(),
        })
        .unwrap();
        db
    }

    #[test]
    fn a_waybill_issued_at_a_fraction_of_a_second_matches_its_history() {
        let mut db = db();
        let now = NaiveDate::from_ymd_opt(2026, 12, 5)
            .unwrap()
            .and_hms_nano_opt(18, 34, 26, 800_389_626)
            .unwrap();
        let w = waybill("宏达服装厂", "13912345678", "0731-57123456", "1");
        let issued = db.issue_waybill(&w, "A01", "GZ", now).unwrap();
        assert_eq!(issued.issued_at, super::super::whole_seconds(now));
        assert_eq!(db.check_history().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn numbers_run_per_day_and_prefix() {
        let mut db = db();
        let w = waybill("宏达服装厂", "13912345678", "0731-57123456", "1");
        let a = db.issue_waybill(&w, "A01", "GZ", at(9)).unwrap();
        let b = db.issue_waybill(&w, "A01", "GZ", at(10)).unwrap();
        let c = db
            .issue_waybill(&w, "A01", "GZ", at(10) + chrono::Days::new(1))
            .unwrap();
        assert_eq!(
            (a.number.as_str(), b.number.as_str(), c.number.as_str()),
            ("GZ2611230001", "GZ2611230002", "GZ2611240001")
        );
    }

    #[test]
    fn unknown_clerk_is_refused() {
        let mut db = db();
        let w = waybill("宏达服装厂", "13912345678", "0731-57123456", "1");
        assert!(matches!(
            db.issue_waybill(&w, "Z99", "GZ", at(9)),
            Err(StorageError::Refused(_))
        ));
        assert_eq!(db.waybill_count().unwrap(), 0);
    }

    #[test]
    fn history_and_waybills_refuse_changes_in_the_database() {
        let mut db = db();
        let w = waybill("宏达服装厂", "13912345678", "0731-57123456", "1");
        let issued = db.issue_waybill(&w, "A01", "GZ", at(9)).unwrap();
        for sql in [
            "UPDATE waybill_history SET reason = 'x'",
            "DELETE FROM waybill_history",
            "DELETE FROM waybills",
        ] {
            let err = db.sql().execute(sql, NO_ARGS).unwrap_err().to_string();
            assert!(err.contains("只能") || err.contains("不能"), "{sql}: {err}");
        }
        assert!(db.check_history().unwrap().is_empty());
        // A change made behind the program's back is found.
        db.sql()
            .execute(
                "UPDATE waybills SET freight_fen = 100 WHERE number = ?1",
                args![&issued.number],
            )
            .unwrap();
        let problems = db.check_history().unwrap();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains(&issued.number));
    }

    #[test]
    fn alter_and_void_rules() {
        let mut db = db();
        let w = waybill("宏达服装厂", "13912345678", "0731-57123456", "12");
        let issued = db.issue_waybill(&w, "A01", "GZ", at(9)).unwrap();
        let n = issued.number.as_str();
        let changed = waybill("宏达服装厂", "13912345678", "0731-57123456", "10");
        assert!(matches!(
            db.alter_waybill(n, &changed, "A01", "  ", at(10)),
            Err(StorageError::Refused(_))
        ));
        assert!(matches!(
            db.alter_waybill(n, &w, "A01", "没改", at(10)),
            Err(StorageError::Refused(_))
        ));
        let altered = db
            .alter_waybill(n, &changed, "A01", "客户更正件数", at(10))
            .unwrap();
        assert_eq!(altered.alter_count, 1);
        assert!(matches!(
            db.void_waybill(n, "A01", "", at(11)),
            Err(StorageError::Refused(_))
        ));
        db.void_waybill(n, "A01", "客户取消", at(11)).unwrap();
        assert!(matches!(
            db.alter_waybill(n, &w, "A01", "再改", at(12)),
            Err(StorageError::Refused(_))
        ));
        assert!(matches!(
            db.void_waybill(n, "A01", "再作废", at(12)),
            Err(StorageError::Refused(_))
        ));
        let history = db.waybill_history(n).unwrap();
        let actions: Vec<_> = history.iter().map(|h| h.action).collect();
        assert_eq!(
            actions,
            [
                HistoryAction::Issue,
                HistoryAction::Alter,
                HistoryAction::Void
            ]
        );
        assert!(db.check_history().unwrap().is_empty());
    }

    #[test]
    fn find_by_every_key() {
        let mut db = db();
        let a = db
            .issue_waybill(
                &waybill("宏达服装厂", "13912345678", "0731-57123456", "1"),
                "A01",
                "GZ",
                at(9),
            )
            .unwrap();
        let b = db
            .issue_waybill(
                &waybill("兴业五金制品厂", "020-87814630", "13800004321", "2"),
                "A01",
                "GZ",
                at(10),
            )
            .unwrap();
        let find = |text: &str| -> Vec<String> {
            db.find_waybills(&WaybillQuery {
                text: text.into(),
                ..WaybillQuery::default()
            })
            .unwrap()
            .into_iter()
            .map(|w| w.number)
            .collect()
        };
        assert_eq!(find("5678"), [a.number.as_str()]);
        assert_eq!(find("4321"), [b.number.as_str()]);
        assert_eq!(find("139 1234 5678"), [a.number.as_str()]);
        assert_eq!(find("020-87814630"), [b.number.as_str()]);
        assert_eq!(find("五金"), [b.number.as_str()]);
        assert_eq!(find("李记"), [b.number.clone(), a.number.clone()]);
        assert_eq!(find("gz26112300"), [b.number.clone(), a.number.clone()]);
        assert_eq!(find(&a.number), [a.number.as_str()]);
        assert!(find("无此人").is_empty());
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d);
        let in_range = db
            .find_waybills(&WaybillQuery {
                from: day(24),
                to: day(30),
                ..WaybillQuery::default()
            })
            .unwrap();
        assert!(in_range.is_empty());
        let by_clerk = db
            .find_waybills(&WaybillQuery {
                clerk_id: Some("A01".into()),
                dest_code: Some("430321".into()),
                ..WaybillQuery::default()
            })
            .unwrap();
        assert_eq!(by_clerk.len(), 2);
    }

    fn find_by_name(db: &Db, text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        db.find_waybills(&WaybillQuery {
            text: text.into(),
            ..WaybillQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|w| (w.number, w.shipper_known_as, w.consignee_known_as))
        .collect()
    }

    fn rename_file(db: &mut Db, phone: &str, name: &str) -> i64 {
        let phone = Phone::parse(phone).unwrap();
        let id = db.customer_id_by_phone(&phone).unwrap().unwrap();
        let file = crate::domain::customers::CustomerFile {
            name: name.into(),
            phones: vec![phone],
            addresses: Vec::new(),
            note: String::new(),
        };
        db.save_customer(id, &file, at(12)).unwrap();
        id
    }

    #[test]
    fn a_name_finds_the_waybills_of_the_customer_file_it_names() {
        let mut db = db();
        let a = db
            .issue_waybill(
                &waybill("宏达厂", "13912345678", "0731-57123456", "1"),
                "A01",
                "GZ",
                at(9),
            )
            .unwrap()
            .number;
        let b = db
            .issue_waybill(
                &waybill("兴业五金制品厂", "020-87814630", "13800004321", "2"),
                "A01",
                "GZ",
                at(10),
            )
            .unwrap()
            .number;
        let kept = rename_file(&mut db, "13912345678", "宏达服装厂");
        // The file's name finds the waybill typed otherwise, and says why.
        assert_eq!(
            find_by_name(&db, "宏达服装"),
            [(a.clone(), Some("宏达服装厂".to_owned()), None)]
        );
        // The name typed on the waybill still finds it, with nothing to explain.
        assert_eq!(find_by_name(&db, "宏达厂"), [(a.clone(), None, None)]);
        assert!(find_by_name(&db, "服装厂厂").is_empty());

        // A file merged into the kept one brings its phones: the kept name finds them,
        // and so does the merged file's old name.
        let merged = db
            .customer_id_by_phone(&Phone::parse("020-87814630").unwrap())
            .unwrap()
            .unwrap();
        db.merge_customers(kept, merged, "A01", at(13)).unwrap();
        assert_eq!(
            find_by_name(&db, "宏达服装厂"),
            [
                (b.clone(), Some("宏达服装厂".to_owned()), None),
                (a.clone(), Some("宏达服装厂".to_owned()), None),
            ]
        );
        assert_eq!(
            find_by_name(&db, "兴业五金"),
            [
                (b.clone(), None, None),
                (a.clone(), Some("宏达服装厂".to_owned()), None),
            ]
        );
        // The other filters still apply.
        let later = db
            .find_waybills(&WaybillQuery {
                text: "宏达服装厂".into(),
                from: NaiveDate::from_ymd_opt(2026, 11, 24),
                ..WaybillQuery::default()
            })
            .unwrap();
        assert!(later.is_empty());
    }

    #[test]
    fn the_name_last_written_with_a_phone_is_shown_when_the_waybill_was_typed_otherwise() {
        let mut db = db();
        let first = db
            .issue_waybill(
                &waybill("宏达厂", "13912345678", "0731-57123456", "1"),
                "A01",
                "GZ",
                at(9),
            )
            .unwrap()
            .number;
        let second = db
            .issue_waybill(
                &waybill("宏达服装厂", "13912345678", "0731-57123456", "1"),
                "A01",
                "GZ",
                at(10),
            )
            .unwrap()
            .number;
        // The file keeps the first name; the phone's row has the last one.
        assert_eq!(
            find_by_name(&db, "服装"),
            [
                (second, None, None),
                (first, Some("宏达服装厂".to_owned()), None)
            ]
        );
    }

    #[test]
    fn a_name_search_finds_the_phones_first_then_waybills_by_the_phone_indexes() {
        let db = db();
        // SQLite's plan; PostgreSQL plans on its own statistics.
        if db.sql().dialect() != Dialect::Sqlite {
            return;
        }
        let (sql, values) = search_sql(
            &WaybillQuery {
                text: "宏达".into(),
                from: NaiveDate::from_ymd_opt(2026, 11, 1),
                ..WaybillQuery::default()
            },
            Dialect::Sqlite,
        );
        let plan: Vec<String> = db
            .sql()
            .query_map(
                &format!("EXPLAIN QUERY PLAN {sql}"),
                &crate::storage::sql::dynamic(&values),
                |r| r.get(3),
            )
            .unwrap();
        let plan = plan.join("\n");
        for step in [
            "SEARCH waybills USING INDEX waybills_shipper_phone (shipper_phone=?",
            "SEARCH waybills USING INDEX waybills_consignee_phone (consignee_phone=?",
            "MATERIALIZE matched",
            "SEARCH customers USING INDEX customers_customer (customer_id=?)",
        ] {
            assert!(plan.contains(step), "{step} in\n{plan}");
        }
        assert!(!plan.contains("SCAN waybills"), "{plan}");
        // The customers are read once per search, not once per use of their phones.
        assert_eq!(plan.matches("SCAN customers").count(), 1, "{plan}");
    }
}
