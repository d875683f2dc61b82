//! Customer files (客户档案) in the database: a file is a record with several phones (the
//! `customers` rows of the form's phone look-up point at it), addresses and a note; its
//! waybill history by phone; merging duplicates with a record of what moved; 月结
//! approvals and their withdrawal; the facts the 月结 credit rule needs at save; the
//! supervisor's credit overrides; and rule 22's list of the clerks' 月结 debts.

mod credit;
mod report;

use crate::storage::sql::Row;
use credit::debts;
pub(in crate::storage) use credit::{credit_refusal, insert_credit_override};

use super::sql::{Conn, args};
use super::{Db, Result, StorageError, parse_time, time_text};
use crate::domain::desk::customers::{CreditSpan, CustomerFile};
use crate::domain::desk::phone::{Phone, tail4};
use crate::domain::desk::waybill::{PaymentMethod, WaybillStatus};
use crate::domain::money::from_fen;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

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
    /// How many times the file was changed: a save carries it back, and is refused when
    /// another counter changed the file since.
    pub version: i64,
    /// Waybills as shipper or consignee, newest first, at most [`HISTORY_LIMIT`].
    pub waybills: Vec<CustomerWaybill>,
    /// Totals of all its waybills.
    pub totals: HistoryTotals,
    /// Its 月结 total not yet settled (this and last month).
    pub open_monthly_yuan: Decimal,
    /// Its 月结 waybills issued without approval: the clerks' debts (rule 22).
    pub clerk_debts: Vec<ClerkDebt>,
    /// Its 代收货款 over all time (issue 17): collected for it, paid back to it, owed to it.
    pub cod: crate::domain::money::cod::CodFigures,
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
        let head = conn.query_opt(
            "SELECT name, note, merged_into, revision FROM customer_files WHERE id = ?1",
            args![id],
            Row::read::<(String, String, Option<i64>, i64)>,
        )?;
        let Some((name, note, merged_into, version)) = head else {
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
                 WHERE m.kept_id = ?1 ORDER BY m.id DESC", args![id], Row::read::<(i64, String, String, String)>)?;
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
        // All time, as the stored times compare: from before any record to after any.
        let day = |y, m, d| {
            chrono::NaiveDate::from_ymd_opt(y, m, d)
                .unwrap_or_default()
                .and_time(chrono::NaiveTime::MIN)
        };
        let cod = crate::storage::money::remittances::customer_cod(
            conn,
            id,
            day(2000, 1, 1),
            day(9999, 12, 31),
        )?;
        Ok(CustomerDetail {
            id,
            name,
            note,
            phones,
            addresses,
            approvals,
            merges,
            version,
            waybills,
            totals,
            open_monthly_yuan,
            clerk_debts,
            cod,
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
    ///
    /// `seen` is the [`CustomerDetail::version`] the clerk opened: when another counter
    /// changed the file since, the save is refused with who and when, nothing overwritten.
    pub fn save_customer(
        &mut self,
        id: i64,
        seen: Option<i64>,
        file: &CustomerFile,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.sql().begin()?;
        if let Some(seen) = seen {
            let last = tx.query_opt(
                "SELECT f.revision, f.updated_at, f.updated_by, COALESCE(s.name, '') FROM customer_files f \
                 LEFT JOIN staff s ON s.id = f.updated_by WHERE f.id = ?1",
                args![id],
                Row::read::<(i64, String, String, String)>,
            )?;
            if let Some((_, at, by, name)) = last.filter(|(revision, ..)| *revision != seen) {
                let who = format!("{by} {name}").trim().to_owned();
                let who = if who.is_empty() {
                    "另一个柜台".to_owned()
                } else {
                    who
                };
                let at = parse_time(&at)?.format("%m-%d %H:%M");
                return Err(StorageError::Refused(format!(
                    "客户档案 #{id} 在您打开之后已被 {who} 于 {at} 修改，您的修改没有保存：请重新打开这份档案，看过新的内容再改"
                )));
            }
        }
        let changed = tx.execute(
            "UPDATE customer_files SET name = ?2, note = ?3, updated_at = ?4, updated_by = ?5, revision = revision + 1 WHERE id = ?1 AND merged_into IS NULL",
            args![id, file.name, file.note, time_text(now), staff_id])?;
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
            Ok(tx.exists(
                "SELECT 1 FROM credit_approvals WHERE customer_id = ?1 AND withdrawn_at IS NULL",
                args![id],
            )?)
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
            "UPDATE customer_files SET note = ?2, updated_at = ?3, updated_by = ?4, revision = revision + 1 WHERE id = ?1",
            args![kept, note, at, staff_id],
        )?;
        tx.execute(
            "UPDATE customer_files SET merged_into = ?2, updated_at = ?3, updated_by = ?4, revision = revision + 1 WHERE id = ?1",
            args![merged, kept, at, staff_id],
        )?;
        tx.execute(
            "INSERT INTO customer_merges (kept_id, merged_id, merged_by, merged_at, snapshot) VALUES (?1, ?2, ?3, ?4, ?5)",
            args![kept, merged, staff_id, at, snapshot])?;
        super::seals::seal_last(*tx, "customer_merges")?;
        tx.commit()?;
        Ok(())
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
        .one("INSERT INTO customers (phone, name, address, phone_tail, waybill_count, last_used_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)
             ON CONFLICT(phone) DO UPDATE SET name = excluded.name,
                 address = CASE WHEN excluded.address <> '' THEN excluded.address ELSE customers.address END,
                 waybill_count = customers.waybill_count + 1,
                 last_used_at = CASE WHEN excluded.last_used_at > customers.last_used_at
                                     THEN excluded.last_used_at ELSE customers.last_used_at END
             RETURNING customer_id",
            args![phone.as_str(), name, address, tail4(phone.as_str()), at])?;
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
         WHERE customer_id = ?1 ORDER BY approved_at DESC, id DESC", args![id], Row::read::<(i64, i64, String, String, Option<String>, Option<String>)>)?;
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
    ), args![id], Row::read::<(String, String, String, bool, String, String, String, u32, i64, String, String)>)?;
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

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests;

/// A customer file 宏达服装厂 of the phone 13912345678, made at `now`: its id. For the
/// tests of what a file gathers from its phones.
#[cfg(test)]
pub(crate) fn hongda_file(db: &mut Db, now: NaiveDateTime) -> i64 {
    let file = crate::domain::desk::customers::CustomerDraft {
        name: "宏达服装厂".into(),
        phones: vec!["13912345678".into()],
        ..Default::default()
    }
    .validate()
    .unwrap();
    db.create_customer(&file, now).unwrap()
}
