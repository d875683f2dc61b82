//! 月结 credit: approvals and their withdrawal, a file's standing against its limit, the
//! supervisor's overrides, and rule 22's debts of the clerks who issued 月结 without
//! approval.

use super::{ClerkDebt, CreditApproval, DEBT_COLUMNS, approvals_of, open_monthly};
use crate::domain::desk::customers::{CreditSpan, CreditStanding, clerk_owes};
use crate::domain::desk::phone::Phone;
use crate::domain::desk::waybill::PaymentMethod;
use crate::domain::money::{from_fen, to_fen};
use crate::storage::sql::Row;
use crate::storage::sql::{Conn, Param, args};
use crate::storage::{Db, Result, StorageError, parse_time, time_text};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use std::collections::HashMap;

impl Db {
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
        let live = tx.exists(
            "SELECT 1 FROM customer_files WHERE id = ?1 AND merged_into IS NULL",
            args![customer_id],
        )?;
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
        // Under the writer lock like the approval it undoes: one given at the same moment
        // is either withdrawn too or comes after.
        let tx = self.sql().begin()?;
        let changed = tx.execute(
            "UPDATE credit_approvals SET withdrawn_by = ?2, withdrawn_at = ?3 WHERE customer_id = ?1 AND withdrawn_at IS NULL",
            args![customer_id, supervisor_id, time_text(now)])?;
        if changed == 0 {
            return Err(StorageError::Refused(
                "这个客户没有月结审批可撤销".to_owned(),
            ));
        }
        tx.commit()?;
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
        standing(self.sql(), shipper_phone, shipper_name, now)
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

/// [`Db::credit_standing`] in the caller's transaction.
fn standing(
    conn: Conn<'_>,
    shipper_phone: &Phone,
    shipper_name: &str,
    now: NaiveDateTime,
) -> Result<CreditStanding> {
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
        limit_yuan: crate::domain::desk::customers::approval_at(&spans, now).map(|s| s.limit_yuan),
        open_yuan: open_monthly(conn, id)?,
    })
}

/// Records a supervisor's permission to save a 月结 waybill the credit rule refused, with
/// the refusal, the reason and the waybill number (append-only), in the transaction that
/// issues it; `who` is the supervisor, the clerk and the moment.
pub(in crate::storage) fn insert_credit_override(
    conn: Conn<'_>,
    (supervisor_id, clerk_id, now): (&str, &str, NaiveDateTime),
    refusal: &str,
    reason: &str,
    waybill_number: &str,
) -> Result<()> {
    let reason = crate::storage::required_reason(reason, "请写明授权原因")?;
    conn.execute(
        "INSERT INTO credit_overrides (at, supervisor_id, clerk_id, waybill_number, refusal, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            time_text(now),
            supervisor_id.trim(),
            clerk_id.trim(),
            waybill_number,
            refusal,
            reason
        ],
    )?;
    crate::storage::seals::seal_last(conn, "credit_overrides")?;
    Ok(())
}

/// Why the 月结 credit rule refuses `waybill` at `now`, read in the caller's transaction
/// (under the writer lock: two counters saving 月结 for one shipper at once cannot both
/// pass the limit); `None` when it passes or is not on 月结.
pub(in crate::storage) fn credit_refusal(
    conn: Conn<'_>,
    waybill: &crate::domain::desk::waybill::Waybill,
    now: NaiveDateTime,
) -> Result<Option<String>> {
    if waybill.payment != PaymentMethod::Monthly {
        return Ok(None);
    }
    let standing = standing(conn, &waybill.shipper.phone, &waybill.shipper.name, now)?;
    Ok(crate::domain::desk::customers::check_monthly_account(
        waybill.payment,
        waybill.total_yuan,
        &standing,
    )
    .err()
    .map(|e| e.to_string()))
}

/// Runs a rule-22 query (columns [`DEBT_COLUMNS`]) and keeps the waybills whose shipper
/// had no approval in force when issued; `spans_of` gives a file's approvals.
pub(super) fn debts(
    conn: Conn<'_>,
    sql: &str,
    params: &[&dyn Param],
    spans_of: &mut dyn FnMut(i64) -> Result<Vec<CreditSpan>>,
) -> Result<Vec<ClerkDebt>> {
    let rows = conn.query_map(
        sql,
        params,
        Row::read::<(
            String,
            String,
            String,
            String,
            Option<i64>,
            String,
            i64,
            Option<String>,
        )>,
    )?;
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
