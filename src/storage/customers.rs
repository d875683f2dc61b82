//! Customer files (客户档案) in the database: a file is a record with several phones (the
//! `customers` rows of the form's phone look-up point at it), addresses and a note; its
//! waybill history by phone; merging duplicates with a record of what moved; 月结
//! approvals and their withdrawal; the facts the 月结 credit rule needs at save; the
//! supervisor's credit overrides; and rule 22's list of the clerks' 月结 debts.

use super::sql::{Conn, Param, args};
use super::{Db, Result, StorageError, parse_time, time_text};
use crate::domain::customers::{CreditSpan, CreditStanding, CustomerFile, clerk_owes};
use crate::domain::money::{from_fen, to_fen};
use crate::domain::phone::{Phone, tail4};
use crate::domain::waybill::{PaymentMethod, WaybillStatus};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The most files a search lists.
pub const CUSTOMER_LIST_LIMIT: usize = 200;
/// The most waybills a file's history lists (the totals count them all).
pub const HISTORY_LIMIT: usize = 500;

/// One line of the customer list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerSummary {
    /// The file's number.
    pub id: i64,
    /// 名称.
    pub name: String,
    /// Its phones, most used first.
    pub phones: Vec<String>,
    /// Waybills seen with its phones.
    pub waybill_count: u32,
    /// The 月结 limit in force, if approved.
    pub credit_limit_yuan: Option<Decimal>,
}

/// A phone of a file, with what the waybills say of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerPhone {
    /// The phone, normal spelling.
    pub phone: String,
    /// The name last written with it on a waybill.
    pub name_on_waybills: String,
    /// Waybills seen with it.
    pub waybill_count: u32,
}

/// One 月结 approval, in force or withdrawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditApproval {
    /// Row id.
    pub id: i64,
    /// 信用额度.
    pub limit_yuan: Decimal,
    /// 工号 of the supervisor who approved.
    pub approved_by: String,
    /// When.
    pub approved_at: NaiveDateTime,
    /// 工号 of who withdrew it.
    pub withdrawn_by: Option<String>,
    /// When withdrawn.
    pub withdrawn_at: Option<NaiveDateTime>,
}

impl CreditApproval {
    /// The approval as a span of time for the rules.
    #[must_use]
    pub fn span(&self) -> CreditSpan {
        CreditSpan {
            limit_yuan: self.limit_yuan,
            from: self.approved_at,
            until: self.withdrawn_at,
        }
    }
}

/// A merge of another file into this one (合并).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerMerge {
    /// The merged file's number.
    pub merged_id: i64,
    /// Its name then.
    pub merged_name: String,
    /// 工号 of who merged.
    pub merged_by: String,
    /// When.
    pub merged_at: NaiveDateTime,
}

/// A waybill in a file's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerWaybill {
    /// 单号.
    pub number: String,
    /// When issued.
    pub issued_at: NaiveDateTime,
    /// 工号 of the clerk.
    pub clerk_id: String,
    /// The customer was the shipper (发货方); else the consignee.
    pub as_shipper: bool,
    /// The other party's name.
    pub other_party: String,
    /// Destination as printed.
    pub dest_name: String,
    /// 件数.
    pub pieces: u32,
    /// 合计.
    pub total_yuan: Decimal,
    /// 付款方式.
    pub payment: PaymentMethod,
    /// Voided.
    pub voided: bool,
}

/// A file's history totals, voided waybills left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryTotals {
    /// Waybills.
    pub count: u32,
    /// Of which as shipper.
    pub as_shipper: u32,
    /// 件数.
    pub pieces: u32,
    /// 合计.
    pub total_yuan: Decimal,
}

/// A 月结 waybill of a customer not approved for credit when issued: the issuing clerk's
/// debt (rule 22).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkDebt {
    /// 单号.
    pub number: String,
    /// When issued.
    pub issued_at: NaiveDateTime,
    /// 工号 of the issuing clerk.
    pub clerk_id: String,
    /// Their name.
    pub clerk_name: String,
    /// The shipper's file, when the phone has one.
    pub customer_id: Option<i64>,
    /// The shipper as on the waybill.
    pub shipper_name: String,
    /// 合计 owed.
    pub total_yuan: Decimal,
    /// 工号 of the supervisor who allowed it at the counter, if one did.
    pub allowed_by: Option<String>,
}

/// Everything the detail of a file shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDetail {
    /// The file's number.
    pub id: i64,
    /// 名称.
    pub name: String,
    /// 备注.
    pub note: String,
    /// Phones, most used first.
    pub phones: Vec<CustomerPhone>,
    /// Addresses, newest first.
    pub addresses: Vec<String>,
    /// 月结 approvals, newest first.
    pub approvals: Vec<CreditApproval>,
    /// Files merged into this one.
    pub merges: Vec<CustomerMerge>,
    /// Waybills as shipper or consignee, newest first, at most [`HISTORY_LIMIT`].
    pub waybills: Vec<CustomerWaybill>,
    /// Totals of all its waybills.
    pub totals: HistoryTotals,
    /// Its 月结 total not yet settled (this and last month).
    pub open_monthly_yuan: Decimal,
    /// Its 月结 waybills issued without approval: the clerks' debts (rule 22).
    pub clerk_debts: Vec<ClerkDebt>,
}

impl CustomerDetail {
    /// The approval in force now, if any.
    #[must_use]
    pub fn approval(&self) -> Option<&CreditApproval> {
        self.approvals.iter().find(|a| a.withdrawn_at.is_none())
    }
}

/// What a merged file held, kept with the merge record.
#[derive(Debug, serde::Serialize)]
struct MergedSnapshot<'a> {
    id: i64,
    name: &'a str,
    note: &'a str,
    phones: Vec<&'a str>,
    addresses: &'a [String],
}

const DEBT_COLUMNS: &str = "w.number, w.issued_at, w.clerk_id, COALESCE(s.name, ''), c.customer_id, w.shipper_name, w.total_fen, \
     (SELECT supervisor_id FROM credit_overrides o WHERE o.waybill_number = w.number ORDER BY o.id LIMIT 1)";

impl Db {
    /// Files whose name, a phone or a name used with a phone contains `text` (digits are
    /// matched against the phones without separators), most used first, at most
    /// [`CUSTOMER_LIST_LIMIT`]. An empty text lists the most used files.
    pub fn find_customers(&self, text: &str) -> Result<Vec<CustomerSummary>> {
        let text = text.trim();
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let like = format!("%{}%", escape_like(text));
        // No digits typed: no phone is matched by them (`?3 <> ''`).
        let digits_like = if digits.is_empty() {
            String::new()
        } else {
            format!("%{digits}%")
        };
        let rows = self.sql().query_map(&format!(
            "SELECT f.id, f.name,
                    (SELECT {phones} FROM (SELECT phone FROM customers WHERE customer_id = f.id ORDER BY waybill_count DESC, phone) p),
                    (SELECT COALESCE(SUM(waybill_count), 0) FROM customers WHERE customer_id = f.id) AS n,
                    (SELECT limit_fen FROM credit_approvals a WHERE a.customer_id = f.id AND a.withdrawn_at IS NULL ORDER BY a.approved_at DESC LIMIT 1)
             FROM customer_files f
             WHERE f.merged_into IS NULL AND (?1 = '' OR f.name LIKE ?2 ESCAPE '\\'
                OR EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = f.id
                           AND (c.name LIKE ?2 ESCAPE '\\' OR (?3 <> '' AND replace(c.phone, '-', '') LIKE ?3))))
             ORDER BY n DESC, f.id LIMIT {CUSTOMER_LIST_LIMIT}",
            phones = self.sql().dialect().joined_text("phone", "' '")
        ), args![text, like, digits_like], |r| {
            Ok(CustomerSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                phones: r
                    .get::<Option<String>>(2)?
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
                waybill_count: r.get(3)?,
                credit_limit_yuan: r.get::<Option<i64>>(4)?.map(from_fen),
            })
        })?;
        Ok(rows)
    }

    /// The file of a phone, if the phone is known.
    pub fn customer_id_by_phone(&self, phone: &Phone) -> Result<Option<i64>> {
        Ok(self
            .sql()
            .query_opt(
                "SELECT customer_id FROM customers WHERE phone = ?1",
                args![phone.as_str()],
                |r| r.get::<Option<i64>>(0),
            )?
            .flatten())
    }

    /// One file with its phones, addresses, approvals, merges and waybill history, with
    /// its open 月结 total (net of payments; `_now` is kept for the callers' sake). A
    /// merged file says which file it went into.
    pub fn customer(&self, id: i64, _now: NaiveDateTime) -> Result<CustomerDetail> {
        let conn = self.sql();
        let head: Option<(String, String, Option<i64>)> = conn.query_opt(
            "SELECT name, note, merged_into FROM customer_files WHERE id = ?1",
            args![id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let Some((name, note, merged_into)) = head else {
            return Err(StorageError::NotFound(format!("找不到客户档案 #{id}")));
        };
        if let Some(kept) = merged_into {
            return Err(StorageError::NotFound(format!(
                "客户档案 #{id} 已合并到 #{kept}"
            )));
        }
        let phones = {
            conn.query_map("SELECT phone, name, waybill_count FROM customers WHERE customer_id = ?1 ORDER BY waybill_count DESC, phone", args![id], |r| {
                Ok(CustomerPhone {
                    phone: r.get(0)?,
                    name_on_waybills: r.get(1)?,
                    waybill_count: r.get(2)?,
                })
            })?
        };
        let addresses = addresses_of(conn, id)?;
        let approvals = approvals_of(conn, id)?;
        let merges = {
            let rows = conn.query_map("SELECT m.merged_id, f.name, m.merged_by, m.merged_at FROM customer_merges m JOIN customer_files f ON f.id = m.merged_id
                 WHERE m.kept_id = ?1 ORDER BY m.id DESC", args![id], |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (merged_id, merged_name, merged_by, at) = row;
                out.push(CustomerMerge {
                    merged_id,
                    merged_name,
                    merged_by,
                    merged_at: parse_time(&at)?,
                });
            }
            out
        };
        let (waybills, totals) = history_of(conn, id)?;
        let spans: Vec<CreditSpan> = approvals.iter().map(CreditApproval::span).collect();
        let clerk_debts = debts(
            conn,
            &format!(
                "SELECT {DEBT_COLUMNS} FROM waybills w LEFT JOIN staff s ON s.id = w.clerk_id
                 LEFT JOIN customers c ON c.phone = w.shipper_phone
                 WHERE w.shipper_phone IN (SELECT phone FROM customers WHERE customer_id = ?1)
                   AND w.payment = '月结' AND w.status <> '作废'
                 ORDER BY w.issued_at DESC, w.number DESC"
            ),
            args![id],
            &mut |_| Ok(spans.clone()),
        )?;
        let open_monthly_yuan = open_monthly(conn, id)?;
        Ok(CustomerDetail {
            id,
            name,
            note,
            phones,
            addresses,
            approvals,
            merges,
            waybills,
            totals,
            open_monthly_yuan,
            clerk_debts,
        })
    }

    /// Creates a file (新建客户档案) and returns its number; refused when one of its
    /// phones belongs to another file.
    pub fn create_customer(&mut self, file: &CustomerFile, now: NaiveDateTime) -> Result<i64> {
        let tx = self.sql().begin()?;
        let at = time_text(now);
        let id = tx.insert(
            "INSERT INTO customer_files (name, note, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            args![file.name, file.note, at])?;
        write_file(*tx, id, file, now)?;
        tx.commit()?;
        Ok(id)
    }

    /// Saves an edited file in one transaction: name, note, phones and addresses. A phone
    /// of another file is refused (merge the files instead); a phone with waybills cannot
    /// be taken off (its history would be lost from the file).
    pub fn save_customer(
        &mut self,
        id: i64,
        file: &CustomerFile,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.sql().begin()?;
        let changed = tx.execute(
            "UPDATE customer_files SET name = ?2, note = ?3, updated_at = ?4 WHERE id = ?1 AND merged_into IS NULL",
            args![id, file.name, file.note, time_text(now)])?;
        if changed == 0 {
            return Err(StorageError::NotFound(format!(
                "找不到客户档案 #{id}（或已合并）"
            )));
        }
        write_file(*tx, id, file, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Merges file `merged` into file `kept` (合并重复档案): its phones, addresses and
    /// note move into `kept` (its name too, into the note, when it differs), its 月结
    /// approvals as well when `kept` has none in force; it stays, marked merged, and the
    /// merge is recorded with who, when and what it held. One transaction.
    pub fn merge_customers(
        &mut self,
        kept: i64,
        merged: i64,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        if kept == merged {
            return Err(StorageError::Refused("请选择两个不同的客户档案".to_owned()));
        }
        let tx = self.sql().begin()?;
        let head = |id: i64| -> Result<(String, String)> {
            tx.query_opt(
                "SELECT name, note FROM customer_files WHERE id = ?1 AND merged_into IS NULL",
                args![id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .ok_or_else(|| StorageError::NotFound(format!("找不到客户档案 #{id}（或已合并）")))
        };
        let (kept_name, kept_note) = head(kept)?;
        let (merged_name, merged_note) = head(merged)?;
        let active = |id: i64| -> Result<bool> {
            Ok(tx
                .query_opt(
                    "SELECT 1 FROM credit_approvals WHERE customer_id = ?1 AND withdrawn_at IS NULL",
                    args![id],
                    |_| Ok(()))?
                .is_some())
        };
        let (kept_active, merged_active) = (active(kept)?, active(merged)?);
        if kept_active && merged_active {
            return Err(StorageError::Refused(
                "两个档案都在月结中：请主管先撤销其中一个的月结，再合并".to_owned(),
            ));
        }
        let phones: Vec<String> = tx.query_map(
            "SELECT phone FROM customers WHERE customer_id = ?1 ORDER BY phone",
            args![merged],
            |r| r.get(0),
        )?;
        let addresses = addresses_of(*tx, merged)?;
        let snapshot = serde_json::to_string(&MergedSnapshot {
            id: merged,
            name: &merged_name,
            note: &merged_note,
            phones: phones.iter().map(String::as_str).collect(),
            addresses: &addresses,
        })
        .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let at = time_text(now);
        tx.execute(
            "UPDATE customers SET customer_id = ?1 WHERE customer_id = ?2",
            args![kept, merged],
        )?;
        tx.execute(
            "INSERT INTO customer_addresses (customer_id, address, added_at)
             SELECT ?1, address, added_at FROM customer_addresses WHERE customer_id = ?2
             ON CONFLICT DO NOTHING",
            args![kept, merged],
        )?;
        tx.execute(
            "DELETE FROM customer_addresses WHERE customer_id = ?1",
            args![merged],
        )?;
        if merged_active || !kept_active {
            // The approvals' history follows the customer; both in force was refused.
            tx.execute(
                "UPDATE credit_approvals SET customer_id = ?1 WHERE customer_id = ?2",
                args![kept, merged],
            )?;
        }
        let mut note = kept_note;
        let mut add = |part: String| {
            if !part.is_empty() {
                if !note.is_empty() {
                    note.push('\n');
                }
                note.push_str(&part);
            }
        };
        if merged_name != kept_name {
            add(format!("又名：{merged_name}"));
        }
        add(merged_note);
        tx.execute(
            "UPDATE customer_files SET note = ?2, updated_at = ?3 WHERE id = ?1",
            args![kept, note, at],
        )?;
        tx.execute(
            "UPDATE customer_files SET merged_into = ?2, updated_at = ?3 WHERE id = ?1",
            args![merged, kept, at],
        )?;
        tx.execute(
            "INSERT INTO customer_merges (kept_id, merged_id, merged_by, merged_at, snapshot) VALUES (?1, ?2, ?3, ?4, ?5)",
            args![kept, merged, staff_id, at, snapshot])?;
        super::seals::seal_last(*tx, "customer_merges")?;
        tx.commit()?;
        Ok(())
    }

    /// Approves a file for 月结 with a credit limit (the supervisor's, checked by the
    /// caller). An approval in force is closed at the same moment, so a new limit is a new
    /// approval and the old one stays on record.
    pub fn approve_credit(
        &mut self,
        customer_id: i64,
        limit_yuan: Decimal,
        supervisor_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        if limit_yuan <= Decimal::ZERO {
            return Err(StorageError::Refused("信用额度应大于 0 元".to_owned()));
        }
        let tx = self.sql().begin()?;
        let live = tx
            .query_opt(
                "SELECT 1 FROM customer_files WHERE id = ?1 AND merged_into IS NULL",
                args![customer_id],
                |_| Ok(()),
            )?
            .is_some();
        if !live {
            return Err(StorageError::NotFound(format!(
                "找不到客户档案 #{customer_id}"
            )));
        }
        let at = time_text(now);
        tx.execute(
            "UPDATE credit_approvals SET withdrawn_by = ?2, withdrawn_at = ?3 WHERE customer_id = ?1 AND withdrawn_at IS NULL",
            args![customer_id, supervisor_id, at])?;
        tx.execute(
            "INSERT INTO credit_approvals (customer_id, limit_fen, approved_by, approved_at) VALUES (?1, ?2, ?3, ?4)",
            args![customer_id, to_fen(limit_yuan), supervisor_id, at])?;
        tx.commit()?;
        Ok(())
    }

    /// Withdraws a file's 月结 approval (撤销), recording who and when.
    pub fn withdraw_credit(
        &self,
        customer_id: i64,
        supervisor_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let changed = self.sql().execute(
            "UPDATE credit_approvals SET withdrawn_by = ?2, withdrawn_at = ?3 WHERE customer_id = ?1 AND withdrawn_at IS NULL",
            args![customer_id, supervisor_id, time_text(now)])?;
        if changed == 0 {
            return Err(StorageError::Refused(
                "这个客户没有月结审批可撤销".to_owned(),
            ));
        }
        Ok(())
    }

    /// The facts the 月结 rule needs for a shipper (by phone) at `now`: the name in their
    /// file, the limit in force, and their 月结 total not settled yet.
    pub fn credit_standing(
        &self,
        shipper_phone: &Phone,
        shipper_name: &str,
        now: NaiveDateTime,
    ) -> Result<CreditStanding> {
        let conn = self.sql();
        let file: Option<(i64, String)> = conn
            .query_opt("SELECT f.id, f.name FROM customers c JOIN customer_files f ON f.id = c.customer_id WHERE c.phone = ?1", args![shipper_phone.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let Some((id, name)) = file else {
            return Ok(CreditStanding {
                shipper_name: shipper_name.trim().to_owned(),
                limit_yuan: None,
                open_yuan: Decimal::ZERO,
            });
        };
        let spans: Vec<CreditSpan> = approvals_of(conn, id)?
            .iter()
            .map(CreditApproval::span)
            .collect();
        Ok(CreditStanding {
            shipper_name: name,
            limit_yuan: crate::domain::customers::approval_at(&spans, now).map(|s| s.limit_yuan),
            open_yuan: open_monthly(conn, id)?,
        })
    }

    /// Records a supervisor's permission to save a 月结 waybill the credit rule refused,
    /// with the refusal, the reason and the waybill number (append-only).
    pub fn record_credit_override(
        &self,
        supervisor_id: &str,
        clerk_id: &str,
        now: NaiveDateTime,
        refusal: &str,
        reason: &str,
        waybill_number: &str,
    ) -> Result<()> {
        if reason.trim().is_empty() {
            return Err(StorageError::Refused("请写明授权原因".to_owned()));
        }
        let tx = self.sql().begin()?;
        tx.execute(
            "INSERT INTO credit_overrides (at, supervisor_id, clerk_id, waybill_number, refusal, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![
                time_text(now),
                supervisor_id.trim(),
                clerk_id.trim(),
                waybill_number,
                refusal,
                reason.trim()
            ])?;
        super::seals::seal_last(*tx, "credit_overrides")?;
        tx.commit()?;
        Ok(())
    }

    /// Rule 22: the 月结 waybills issued since `since`, not voided, whose shipper had no
    /// 月结 approval in force when they were issued, newest first: the issuing clerks'
    /// debts.
    pub fn clerk_debts(&self, since: NaiveDate) -> Result<Vec<ClerkDebt>> {
        let conn = self.sql();
        let mut spans: HashMap<i64, Vec<CreditSpan>> = HashMap::new();
        debts(
            conn,
            &format!(
                "SELECT {DEBT_COLUMNS} FROM waybills w LEFT JOIN staff s ON s.id = w.clerk_id
                 LEFT JOIN customers c ON c.phone = w.shipper_phone
                 WHERE w.payment = '月结' AND w.issued_at >= ?1 AND w.status <> '作废'
                 ORDER BY w.issued_at DESC, w.number DESC"
            ),
            args![since.format("%Y-%m-%d").to_string()],
            &mut |id| {
                if let Some(found) = spans.get(&id) {
                    return Ok(found.clone());
                }
                let found: Vec<CreditSpan> = approvals_of(conn, id)?
                    .iter()
                    .map(CreditApproval::span)
                    .collect();
                spans.insert(id, found.clone());
                Ok(found)
            },
        )
    }
}

/// Links a party of a waybill to the phone table and its file: the phone's row is
/// created or counted, a new phone gets a file of its own, and a delivery address joins
/// the file's addresses. On the hot path of issuing: a known phone costs one upsert (and
/// one insert-or-ignore with an address).
pub(crate) fn remember_party(
    tx: Conn<'_>,
    phone: &Phone,
    name: &str,
    address: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let at = time_text(now);
    let customer_id: Option<i64> = tx
        .query_row("INSERT INTO customers (phone, name, address, phone_tail, waybill_count, last_used_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)
             ON CONFLICT(phone) DO UPDATE SET name = excluded.name,
                 address = CASE WHEN excluded.address <> '' THEN excluded.address ELSE customers.address END,
                 waybill_count = customers.waybill_count + 1,
                 last_used_at = CASE WHEN excluded.last_used_at > customers.last_used_at
                                     THEN excluded.last_used_at ELSE customers.last_used_at END
             RETURNING customer_id",
            args![phone.as_str(), name, address, tail4(phone.as_str()), at],
            |r| r.get(0))?;
    let customer_id = if let Some(id) = customer_id {
        id
    } else {
        let file_name = if name.trim().is_empty() {
            phone.as_str()
        } else {
            name.trim()
        };
        let id = tx.insert("INSERT INTO customer_files (name, note, created_at, updated_at) VALUES (?1, '', ?2, ?2)", args![file_name, at])?;
        tx.execute(
            "UPDATE customers SET customer_id = ?2 WHERE phone = ?1",
            args![phone.as_str(), id],
        )?;
        id
    };
    let address = address.trim();
    if !address.is_empty() {
        tx.execute("INSERT INTO customer_addresses (customer_id, address, added_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", args![customer_id, address, at])?;
    }
    Ok(())
}

/// Writes a file's phones and addresses (its name and note are written by the caller).
fn write_file(tx: Conn<'_>, id: i64, file: &CustomerFile, now: NaiveDateTime) -> Result<()> {
    let at = time_text(now);
    let current: Vec<(String, u32)> = tx.query_map(
        "SELECT phone, waybill_count FROM customers WHERE customer_id = ?1",
        args![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    for (phone, count) in &current {
        if file.phones.iter().any(|p| p.as_str() == phone) {
            continue;
        }
        if *count > 0 {
            return Err(StorageError::Refused(format!(
                "电话 {phone} 已有 {count} 张运单，不能从档案中删除"
            )));
        }
        tx.execute("DELETE FROM customers WHERE phone = ?1", args![phone])?;
    }
    for phone in &file.phones {
        let owner: Option<(Option<i64>, Option<String>)> = tx
            .query_opt(
                "SELECT c.customer_id, f.name FROM customers c LEFT JOIN customer_files f ON f.id = c.customer_id WHERE c.phone = ?1",
                args![phone.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)))?;
        match owner {
            Some((Some(owner), _)) if owner == id => {}
            Some((Some(owner), name)) => {
                return Err(StorageError::Refused(format!(
                    "电话 {} 属于客户档案 #{owner}「{}」：同一客户请用「合并」",
                    phone.as_str(),
                    name.unwrap_or_default()
                )));
            }
            Some((None, _)) => {
                tx.execute(
                    "UPDATE customers SET customer_id = ?2 WHERE phone = ?1",
                    args![phone.as_str(), id],
                )?;
            }
            None => {
                tx.execute(
                    "INSERT INTO customers (phone, name, address, phone_tail, waybill_count, last_used_at, customer_id) VALUES (?1, ?2, '', ?3, 0, ?4, ?5)",
                    args![phone.as_str(), file.name, tail4(phone.as_str()), at, id])?;
            }
        }
    }
    let existing = addresses_of(tx, id)?;
    for address in &existing {
        if !file.addresses.contains(address) {
            tx.execute(
                "DELETE FROM customer_addresses WHERE customer_id = ?1 AND address = ?2",
                args![id, address],
            )?;
        }
    }
    for address in &file.addresses {
        tx.execute(
            "INSERT INTO customer_addresses (customer_id, address, added_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            args![id, address, at])?;
    }
    Ok(())
}

fn addresses_of(conn: Conn<'_>, id: i64) -> Result<Vec<String>> {
    Ok(conn
        .query_map("SELECT address FROM customer_addresses WHERE customer_id = ?1 ORDER BY added_at DESC, address", args![id], |r| r.get(0))?)
}

fn approvals_of(conn: Conn<'_>, id: i64) -> Result<Vec<CreditApproval>> {
    let rows = conn.query_map("SELECT id, limit_fen, approved_by, approved_at, withdrawn_by, withdrawn_at FROM credit_approvals
         WHERE customer_id = ?1 ORDER BY approved_at DESC, id DESC", args![id], |r| {
        Ok((
            r.get::<i64>(0)?,
            r.get::<i64>(1)?,
            r.get::<String>(2)?,
            r.get::<String>(3)?,
            r.get::<Option<String>>(4)?,
            r.get::<Option<String>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, limit_fen, approved_by, approved_at, withdrawn_by, withdrawn_at) = row;
        out.push(CreditApproval {
            id,
            limit_yuan: from_fen(limit_fen),
            approved_by,
            approved_at: parse_time(&approved_at)?,
            withdrawn_by,
            withdrawn_at: withdrawn_at.as_deref().map(parse_time).transpose()?,
        });
    }
    Ok(out)
}

/// A file's 月结 total not yet paid, in yuan: its 月结 waybills not voided less the
/// payments against their statements, from the first month paid through this program
/// (earlier months were settled outside it; a new database counts every month).
fn open_monthly(conn: Conn<'_>, id: i64) -> Result<Decimal> {
    let from = super::money::payments_from(conn)?;
    let (day, month) = from.map_or_else(
        || (String::new(), String::new()),
        |m| (m.first_day().format("%Y-%m-%d").to_string(), m.to_string()),
    );
    let (owed, paid): (i64, i64) = conn.query_row(
        "SELECT
               (SELECT COALESCE(SUM(total_fen), 0) FROM waybills
                WHERE shipper_phone IN (SELECT phone FROM customers WHERE customer_id = ?1)
                  AND issued_at >= ?2 AND payment = '月结' AND status <> '作废'),
               (SELECT COALESCE(SUM(amount_fen), 0) FROM collections
                WHERE occasion = '月结' AND customer_id = ?1 AND period >= ?3)",
        args![id, day, month],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(from_fen(owed - paid))
}

fn history_of(conn: Conn<'_>, id: i64) -> Result<(Vec<CustomerWaybill>, HistoryTotals)> {
    const MINE: &str = "(SELECT phone FROM customers WHERE customer_id = ?1)";
    let rows = conn.query_map(&format!(
        "SELECT number, issued_at, clerk_id, shipper_phone IN {MINE}, shipper_name, consignee_name, dest_name, pieces, total_fen, payment, status
         FROM waybills WHERE shipper_phone IN {MINE} OR consignee_phone IN {MINE}
         ORDER BY issued_at DESC, number DESC LIMIT {HISTORY_LIMIT}"
    ), args![id], |r| {
        Ok((
            r.get::<String>(0)?,
            r.get::<String>(1)?,
            r.get::<String>(2)?,
            r.get::<bool>(3)?,
            r.get::<String>(4)?,
            r.get::<String>(5)?,
            r.get::<String>(6)?,
            r.get::<u32>(7)?,
            r.get::<i64>(8)?,
            r.get::<String>(9)?,
            r.get::<String>(10)?,
        ))
    })?;
    let mut waybills = Vec::new();
    for row in rows {
        let (
            number,
            at,
            clerk_id,
            as_shipper,
            shipper,
            consignee,
            dest_name,
            pieces,
            fen,
            payment,
            status,
        ) = row;
        let payment = PaymentMethod::from_label(&payment).ok_or_else(|| {
            StorageError::Corrupt(format!("运单 {number} 的付款方式「{payment}」无法识别"))
        })?;
        waybills.push(CustomerWaybill {
            issued_at: parse_time(&at)?,
            clerk_id,
            other_party: if as_shipper { consignee } else { shipper },
            as_shipper,
            dest_name,
            pieces,
            total_yuan: from_fen(fen),
            payment,
            voided: status == WaybillStatus::Void.label(),
            number,
        });
    }
    let totals = conn
        .query_row(&format!(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN shipper_phone IN {MINE} THEN 1 ELSE 0 END), 0), COALESCE(SUM(pieces), 0), COALESCE(SUM(total_fen), 0)
             FROM waybills WHERE (shipper_phone IN {MINE} OR consignee_phone IN {MINE}) AND status <> '作废'"
        ), args![id], |r| {
            Ok(HistoryTotals {
                count: r.get(0)?,
                as_shipper: r.get(1)?,
                pieces: r.get(2)?,
                total_yuan: from_fen(r.get(3)?),
            })
        })?;
    Ok((waybills, totals))
}

/// Runs a rule-22 query (columns [`DEBT_COLUMNS`]) and keeps the waybills whose shipper
/// had no approval in force when issued; `spans_of` gives a file's approvals.
fn debts(
    conn: Conn<'_>,
    sql: &str,
    params: &[&dyn Param],
    spans_of: &mut dyn FnMut(i64) -> Result<Vec<CreditSpan>>,
) -> Result<Vec<ClerkDebt>> {
    let rows = conn.query_map(sql, params, |r| {
        Ok((
            r.get::<String>(0)?,
            r.get::<String>(1)?,
            r.get::<String>(2)?,
            r.get::<String>(3)?,
            r.get::<Option<i64>>(4)?,
            r.get::<String>(5)?,
            r.get::<i64>(6)?,
            r.get::<Option<String>>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (number, at, clerk_id, clerk_name, customer_id, shipper_name, fen, allowed_by) = row;
        let issued_at = parse_time(&at)?;
        let spans = match customer_id {
            Some(id) => spans_of(id)?,
            None => Vec::new(),
        };
        if clerk_owes(PaymentMethod::Monthly, false, issued_at, &spans) {
            out.push(ClerkDebt {
                number,
                issued_at,
                clerk_id,
                clerk_name,
                customer_id,
                shipper_name,
                total_yuan: from_fen(fen),
                allowed_by,
            });
        }
    }
    Ok(out)
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customers::CustomerDraft;
    use crate::domain::destinations::Divisions;
    use crate::domain::rates::{FeeSettings, RateTable};
    use crate::domain::waybill::{IssuedWaybill, ValidationContext, Waybill, WaybillDraft};
    use crate::storage::staff::StaffMember;

    fn at(month: u32, day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, month, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    fn waybill(shipper_phone: &str, consignee_phone: &str, payment: PaymentMethod) -> Waybill {
        WaybillDraft {
            dest_code: "430321".into(),
            shipper_name: "宏达服装厂".into(),
            shipper_phone: shipper_phone.into(),
            consignee_name: "李记批发部".into(),
            consignee_phone: consignee_phone.into(),
            goods_name: "服装".into(),
            pieces: "2".into(),
            weight_kg: "100".into(),
            volume_m3: "0.5".into(),
            freight: "300".into(),
            delivery: crate::domain::waybill::DeliveryMode::Direct,
            delivery_address: "易俗河镇建设路 8 号".into(),
            payment,
            ..WaybillDraft::default()
        }
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
        for (id, name, role) in [("A01", "张丽", "开单员"), ("S01", "刘建国", "主管")] {
            db.upsert_staff(&StaffMember {
                id: id.into(),
                name: name.into(),
                role: role.into(),
            })
            .unwrap();
        }
        db
    }

    fn file(name: &str, phones: &[&str]) -> CustomerFile {
        CustomerDraft {
            name: name.into(),
            phones: phones.iter().map(|p| (*p).to_owned()).collect(),
            addresses: Vec::new(),
            note: String::new(),
        }
        .validate()
        .unwrap()
    }

    fn phone(text: &str) -> Phone {
        Phone::parse(text).unwrap()
    }

    #[test]
    fn issuing_gives_each_new_phone_a_file_and_the_lookup_reads_it() {
        let mut db = db();
        db.issue_waybill(
            &waybill("13912345678", "0731-57123456", PaymentMethod::PayNow),
            "A01",
            "GZ",
            at(11, 23, 9),
        )
        .unwrap();
        let id = db
            .customer_id_by_phone(&phone("13912345678"))
            .unwrap()
            .unwrap();
        let mut detail = db.customer(id, at(11, 23, 10)).unwrap();
        assert_eq!(detail.name, "宏达服装厂");
        detail.name = "广州宏达服装厂".into();
        let edited = CustomerFile {
            name: detail.name.clone(),
            phones: vec![phone("13912345678"), phone("020-87814630")],
            addresses: vec!["白云区石井大道 1 号".into()],
            note: "老板姓黄".into(),
        };
        db.save_customer(id, &edited, at(11, 23, 10)).unwrap();
        // The form's look-up: by either phone, the file's name.
        for p in ["13912345678", "020-87814630"] {
            let known = db.customer_by_phone(&phone(p)).unwrap().unwrap();
            assert_eq!(known.name, "广州宏达服装厂", "{p}");
        }
        let known = db
            .customer_by_phone(&phone("0731-57123456"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (known.name.as_str(), known.address.as_str()),
            ("李记批发部", "易俗河镇建设路 8 号")
        );
        let found = db.find_customers("8781").unwrap();
        assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
        assert_eq!(db.find_customers("宏达").unwrap().len(), 1);
        assert_eq!(db.find_customers("").unwrap().len(), 2);
        // A phone with waybills stays; another file's phone is refused.
        let other = db
            .customer_id_by_phone(&phone("0731-57123456"))
            .unwrap()
            .unwrap();
        let refused = db.save_customer(
            other,
            &file("李记", &["0731-57123456", "13912345678"]),
            at(11, 23, 11),
        );
        assert!(matches!(refused, Err(StorageError::Refused(m)) if m.contains("合并")));
        let refused = db.save_customer(id, &file("宏达", &["020-87814630"]), at(11, 23, 11));
        assert!(matches!(refused, Err(StorageError::Refused(m)) if m.contains("不能从档案中删除")));
    }

    #[test]
    fn history_lists_both_roles_newest_first_with_totals() {
        let mut db = db();
        db.issue_waybill(
            &waybill("13912345678", "0731-57123456", PaymentMethod::PayNow),
            "A01",
            "GZ",
            at(11, 20, 9),
        )
        .unwrap();
        let back = db
            .issue_waybill(
                &waybill("0731-57123456", "13912345678", PaymentMethod::Collect),
                "A01",
                "GZ",
                at(11, 21, 9),
            )
            .unwrap();
        let voided = db
            .issue_waybill(
                &waybill("13912345678", "13800004321", PaymentMethod::PayNow),
                "A01",
                "GZ",
                at(11, 22, 9),
            )
            .unwrap();
        db.void_waybill(&voided.number, "A01", "客户取消", at(11, 22, 10))
            .unwrap();
        let id = db
            .customer_id_by_phone(&phone("13912345678"))
            .unwrap()
            .unwrap();
        let detail = db.customer(id, at(11, 23, 9)).unwrap();
        let roles: Vec<(bool, bool)> = detail
            .waybills
            .iter()
            .map(|w| (w.as_shipper, w.voided))
            .collect();
        assert_eq!(roles, [(true, true), (false, false), (true, false)]);
        assert_eq!(detail.waybills[1].number, back.number);
        assert_eq!(detail.totals.count, 2, "voided left out");
        assert_eq!(detail.totals.as_shipper, 1);
        assert_eq!(detail.totals.pieces, 4);
        assert_eq!(
            detail.totals.total_yuan,
            detail.waybills[1].total_yuan * Decimal::TWO
        );
    }

    #[test]
    fn merge_moves_phones_addresses_and_notes_and_is_recorded() {
        let mut db = db();
        let a = db
            .create_customer(&file("宏达服装厂", &["13912345678"]), at(11, 1, 9))
            .unwrap();
        let mut other = file("宏达制衣", &["020-87814630"]);
        other.addresses = vec!["白云区石井大道 1 号".into()];
        other.note = "月底对账".into();
        let b = db.create_customer(&other, at(11, 1, 9)).unwrap();
        db.approve_credit(b, Decimal::from(5000), "S01", at(11, 2, 9))
            .unwrap();
        db.merge_customers(a, b, "A01", at(11, 3, 9)).unwrap();
        let kept = db.customer(a, at(11, 3, 10)).unwrap();
        let phones: Vec<&str> = kept.phones.iter().map(|p| p.phone.as_str()).collect();
        assert_eq!(phones.len(), 2);
        assert!(phones.contains(&"020-87814630"));
        assert_eq!(kept.addresses, ["白云区石井大道 1 号"]);
        assert_eq!(kept.note, "又名：宏达制衣\n月底对账");
        assert_eq!(kept.approval().unwrap().limit_yuan, Decimal::from(5000));
        assert_eq!(kept.merges.len(), 1);
        assert_eq!(
            (kept.merges[0].merged_id, kept.merges[0].merged_by.as_str()),
            (b, "A01")
        );
        assert!(
            matches!(db.customer(b, at(11, 3, 10)), Err(StorageError::NotFound(m)) if m.contains("已合并"))
        );
        assert!(db.find_customers("宏达").unwrap().iter().all(|c| c.id == a));
        let snapshot: String = db
            .sql()
            .query_row(
                "SELECT snapshot FROM customer_merges",
                crate::storage::sql::NO_ARGS,
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            snapshot.contains("月底对账") && snapshot.contains("020-87814630"),
            "{snapshot}"
        );
        assert!(
            db.merge_customers(a, b, "A01", at(11, 3, 11)).is_err(),
            "merged once"
        );
        assert!(db.merge_customers(a, a, "A01", at(11, 3, 11)).is_err());
    }

    #[test]
    fn merge_refused_when_both_are_on_monthly_account() {
        let mut db = db();
        let a = db
            .create_customer(&file("宏达", &["13912345678"]), at(11, 1, 9))
            .unwrap();
        let b = db
            .create_customer(&file("宏达", &["13912340000"]), at(11, 1, 9))
            .unwrap();
        db.approve_credit(a, Decimal::from(1000), "S01", at(11, 2, 9))
            .unwrap();
        db.approve_credit(b, Decimal::from(2000), "S01", at(11, 2, 9))
            .unwrap();
        assert!(matches!(
            db.merge_customers(a, b, "A01", at(11, 3, 9)),
            Err(StorageError::Refused(_))
        ));
    }

    #[test]
    fn credit_standing_counts_every_unpaid_monthly_waybill_not_voided() {
        let mut db = db();
        let shipper = phone("13912345678");
        let issue = |db: &mut Db, when: NaiveDateTime, payment| {
            db.issue_waybill(
                &waybill("13912345678", "0731-57123456", payment),
                "A01",
                "GZ",
                when,
            )
            .unwrap()
        };
        issue(&mut db, at(9, 30, 9), PaymentMethod::Monthly); // unpaid, however old
        let october = issue(&mut db, at(10, 5, 9), PaymentMethod::Monthly);
        issue(&mut db, at(11, 5, 9), PaymentMethod::Monthly);
        issue(&mut db, at(11, 6, 9), PaymentMethod::PayNow);
        let voided = issue(&mut db, at(11, 7, 9), PaymentMethod::Monthly);
        db.void_waybill(&voided.number, "A01", "错单", at(11, 7, 10))
            .unwrap();
        let standing = db.credit_standing(&shipper, "宏达", at(11, 23, 9)).unwrap();
        assert_eq!(standing.limit_yuan, None);
        assert_eq!(
            standing.open_yuan,
            october.waybill.total_yuan * Decimal::from(3)
        );
        let id = db.customer_id_by_phone(&shipper).unwrap().unwrap();
        db.approve_credit(id, Decimal::from(800), "S01", at(11, 10, 9))
            .unwrap();
        let standing = db.credit_standing(&shipper, "宏达", at(11, 23, 9)).unwrap();
        assert_eq!(standing.limit_yuan, Some(Decimal::from(800)));
        db.approve_credit(id, Decimal::from(900), "S01", at(11, 11, 9))
            .unwrap();
        db.withdraw_credit(id, "S01", at(11, 12, 9)).unwrap();
        assert!(db.withdraw_credit(id, "S01", at(11, 12, 10)).is_err());
        let detail = db.customer(id, at(11, 23, 9)).unwrap();
        assert_eq!(detail.approvals.len(), 2);
        assert!(detail.approval().is_none());
        assert_eq!(detail.approvals[0].withdrawn_by.as_deref(), Some("S01"));
        let unknown = db
            .credit_standing(&phone("13700000000"), "新客户", at(11, 23, 9))
            .unwrap();
        assert_eq!(
            (unknown.shipper_name.as_str(), unknown.limit_yuan),
            ("新客户", None)
        );
    }

    #[test]
    fn rule_22_lists_monthly_waybills_issued_without_approval_against_the_clerk() {
        let mut db = db();
        let before = db
            .issue_waybill(
                &waybill("13912345678", "0731-57123456", PaymentMethod::Monthly),
                "A01",
                "GZ",
                at(11, 5, 9),
            )
            .unwrap();
        let id = db
            .customer_id_by_phone(&phone("13912345678"))
            .unwrap()
            .unwrap();
        db.approve_credit(id, Decimal::from(5000), "S01", at(11, 6, 9))
            .unwrap();
        db.issue_waybill(
            &waybill("13912345678", "0731-57123456", PaymentMethod::Monthly),
            "A01",
            "GZ",
            at(11, 7, 9),
        )
        .unwrap();
        let stranger = db
            .issue_waybill(
                &waybill("13700000000", "0731-57123456", PaymentMethod::Monthly),
                "A01",
                "GZ",
                at(11, 8, 9),
            )
            .unwrap();
        db.record_credit_override(
            "S01",
            "A01",
            at(11, 8, 9),
            "未批准",
            "老客户介绍",
            &stranger.number,
        )
        .unwrap();
        let debts = db
            .clerk_debts(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())
            .unwrap();
        let lines: Vec<(&str, &str, Option<&str>)> = debts
            .iter()
            .map(|d| {
                (
                    d.number.as_str(),
                    d.clerk_name.as_str(),
                    d.allowed_by.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                (stranger.number.as_str(), "张丽", Some("S01")),
                (before.number.as_str(), "张丽", None)
            ]
        );
        let detail = db.customer(id, at(11, 23, 9)).unwrap();
        assert_eq!(detail.clerk_debts.len(), 1);
        assert_eq!(detail.clerk_debts[0].number, before.number);
    }

    #[test]
    fn imports_of_monthly_history_are_not_refused() {
        let mut db = db();
        let old = IssuedWaybill {
            number: "OLD1".into(),
            issued_at: at(11, 1, 9),
            clerk_id: "A01".into(),
            clerk_name: String::new(),
            status: WaybillStatus::Issued,
            alter_count: 0,
            waybill: waybill("13912345678", "0731-57123456", PaymentMethod::Monthly),
        };
        assert_eq!(db.import_waybills(&[old], at(11, 23, 9)).unwrap(), 1);
        assert!(
            db.customer_id_by_phone(&phone("13912345678"))
                .unwrap()
                .is_some()
        );
    }
}
