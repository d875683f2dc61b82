//! 代收货款 paid back to shippers in storage (返款, issue 17): what was collected at this
//! station and not paid back yet, and the remittance batches (代收款返款单) with their
//! steps. Every table is append-only and sealed; `cod_payouts` holds one row per waybill
//! ever, so one collected amount is paid by one remittance only, whatever the code does.

use super::super::sql::{Conn, Row, args};
use super::super::{Db, Result, StorageError, parse_time, time_text};
use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::cod::{
    CodFigures, CodOwed, Remittance, RemittanceItem, Signed, check_amounts,
};
use crate::domain::money::{from_fen, to_fen};
use crate::storage::dispatch::station_waybill_of;
use crate::storage::seals::seal_last;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// What of `number`'s 代收货款 is the shipper's and not yet paid back: the shipper's lines
/// of the 代收货款 ledger, none once a remittance paid it.
fn owed_of(conn: Conn<'_>, number: &str) -> Result<Decimal> {
    let paid = conn.exists(
        "SELECT 1 FROM cod_payouts WHERE waybill_number = ?1",
        args![number],
    )?;
    if paid {
        return Ok(Decimal::ZERO);
    }
    let fen: i64 = conn.one(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM cod_collections WHERE waybill_number = ?1",
        args![number],
    )?;
    Ok(from_fen(fen).max(Decimal::ZERO))
}

/// The live batch (prepared or approved, neither paid nor voided) `number` is on.
fn live_batch_of(conn: Conn<'_>, number: &str) -> Result<Option<i64>> {
    Ok(conn.value(
        "SELECT i.remittance_id FROM cod_remittance_items i
         WHERE i.waybill_number = ?1
           AND NOT EXISTS (SELECT 1 FROM cod_remittance_steps s
                           WHERE s.remittance_id = i.remittance_id AND s.step IN ('付款', '作废'))
         ORDER BY i.remittance_id LIMIT 1",
        args![number],
    )?)
}

fn refused(message: String) -> StorageError {
    StorageError::Refused(message)
}

fn read_remittance(conn: Conn<'_>, id: i64) -> Result<Remittance> {
    let head: Option<(String, String, String, String, String)> = conn.query_opt(
        "SELECT shipper_name, shipper_phone, note, prepared_by, prepared_at
         FROM cod_remittances WHERE id = ?1",
        args![id],
        Row::read,
    )?;
    let (shipper_name, shipper_phone, note, prepared_by, prepared_at) =
        head.ok_or_else(|| StorageError::NotFound(format!("找不到返款单 FK{id:06}")))?;
    let rows = conn.query_map(
        "SELECT waybill_number, amount_fen FROM cod_remittance_items
         WHERE remittance_id = ?1 ORDER BY id",
        args![id],
        Row::read::<(String, i64)>,
    )?;
    let mut items = Vec::with_capacity(rows.len());
    for (number, fen) in rows {
        let waybill = station_waybill_of(conn, &number)?;
        items.push(RemittanceItem {
            number,
            consignee_name: waybill.consignee_name,
            cod_yuan: waybill.cod_yuan,
            amount_yuan: from_fen(fen),
        });
    }
    let steps = conn.query_map(
        "SELECT step, staff_id, at, channel, reference, reason FROM cod_remittance_steps
         WHERE remittance_id = ?1 ORDER BY id",
        args![id],
        Row::read::<(String, String, String, Option<String>, String, String)>,
    )?;
    let mut out = Remittance {
        id,
        shipper_name,
        shipper_phone,
        items,
        note,
        prepared: Signed {
            by: prepared_by,
            at: parse_time(&prepared_at)?,
        },
        approved: None,
        paid: None,
        voided: None,
    };
    for (step, by, at, channel, reference, reason) in steps {
        let signed = Signed {
            by,
            at: parse_time(&at)?,
        };
        match step.as_str() {
            "批准" => out.approved = Some(signed),
            "付款" => {
                let channel = channel
                    .as_deref()
                    .and_then(PayChannel::from_label)
                    .ok_or_else(|| {
                        StorageError::Corrupt(format!("返款单 FK{id:06} 的付款方式无法识别"))
                    })?;
                out.paid = Some((signed, channel, reference));
            }
            "作废" => out.voided = Some((signed, reason)),
            other => {
                return Err(StorageError::Corrupt(format!(
                    "返款单 FK{id:06} 的步骤「{other}」无法识别"
                )));
            }
        }
    }
    Ok(out)
}

fn require_supervisor(conn: Conn<'_>, by: &str, what: &str) -> Result<()> {
    let role: Option<String> =
        conn.value("SELECT role FROM staff WHERE id = ?1", args![by.trim()])?;
    if role.as_deref() == Some(crate::domain::people::Role::Supervisor.label()) {
        Ok(())
    } else {
        Err(refused(format!("只有主管可以{what}")))
    }
}

/// Which 代收货款 lines and payouts a figure counts: the station's (its clerks took the
/// money; `None`: every station) or one customer's (their waybills, by the file's phones).
#[derive(Debug, Clone, Copy)]
enum Whose {
    Station(Option<i64>),
    Customer(i64),
}

impl Whose {
    /// The condition on a `cod_collections` row, its one parameter numbered `n`.
    fn filter(self, n: usize) -> String {
        match self {
            Self::Station(_) => format!(
                "(CAST(?{n} AS BIGINT) IS NULL
                  OR staff_id IN (SELECT id FROM staff WHERE COALESCE(station_id, 1) = ?{n}))"
            ),
            Self::Customer(_) => format!(
                "waybill_number IN (SELECT w.number FROM waybills w
                    JOIN customers c ON c.phone = w.shipper_phone WHERE c.customer_id = ?{n})"
            ),
        }
    }

    /// That parameter's value.
    fn value(self) -> Option<i64> {
        match self {
            Self::Station(scope) => scope,
            Self::Customer(id) => Some(id),
        }
    }
}

/// The 代收货款 figures from `from` to `to` (exclusive) of `whose`. A payout counts for a
/// station when the money was collected by its clerks.
fn cod_figures(
    conn: Conn<'_>,
    from: NaiveDateTime,
    to: NaiveDateTime,
    whose: Whose,
) -> Result<CodFigures> {
    let (from, to, value) = (time_text(from), time_text(to), whose.value());
    let fen = |sql: String, args: &[&dyn crate::storage::sql::Param]| -> Result<Decimal> {
        Ok(from_fen(conn.query_row(&sql, args, |r| r.get::<i64>(0))?))
    };
    let lines = whose.filter(3);
    let collected = fen(
        format!(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM cod_collections
             WHERE at >= ?1 AND at < ?2 AND {lines}"
        ),
        args![from, to, value],
    )?;
    let paid_back = fen(
        format!(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM cod_payouts
             WHERE at >= ?1 AND at < ?2
               AND waybill_number IN (SELECT waybill_number FROM cod_collections WHERE {lines})"
        ),
        args![from, to, value],
    )?;
    // Owed at the end: the shipper's share of the waybills collected before it that no
    // payout before it settled.
    let outstanding = fen(
        format!(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM cod_collections
             WHERE at < ?1 AND {}
               AND NOT EXISTS (SELECT 1 FROM cod_payouts p
                               WHERE p.waybill_number = cod_collections.waybill_number AND p.at < ?1)",
            whose.filter(2)
        ),
        args![to, value],
    )?;
    Ok(CodFigures {
        collected_yuan: collected,
        paid_back_yuan: paid_back,
        outstanding_yuan: outstanding.max(Decimal::ZERO),
    })
}

/// A customer's 代收货款 figures from `from` to `to`, in the caller's transaction.
pub(in crate::storage) fn customer_cod(
    conn: Conn<'_>,
    customer_id: i64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<CodFigures> {
    cod_figures(conn, from, to, Whose::Customer(customer_id))
}

impl Db {
    /// The 代收货款 figures of this station (the company: every station) from `from` to
    /// `to` (exclusive): collected, paid back, and owed at `to`.
    pub fn cod_figures(&self, from: NaiveDateTime, to: NaiveDateTime) -> Result<CodFigures> {
        cod_figures(self.sql(), from, to, Whose::Station(self.scope().stored()))
    }

    /// A customer's 代收货款 figures (their waybills, by the file's phones) from `from` to
    /// `to`: collected for them, paid back to them, and owed to them at `to`.
    pub fn customer_cod_figures(
        &self,
        customer_id: i64,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<CodFigures> {
        cod_figures(self.sql(), from, to, Whose::Customer(customer_id))
    }

    /// The 代收货款 taken at this station (by its clerks; the company: every station) and
    /// not yet paid back to the shippers, each with the live batch it is on.
    pub fn cod_owed(&self) -> Result<Vec<CodOwed>> {
        let conn = self.sql();
        let rows = conn.query_map(
            "SELECT c.waybill_number, MIN(c.at), SUM(c.amount_fen) FROM cod_collections c
             WHERE NOT EXISTS (SELECT 1 FROM cod_payouts p WHERE p.waybill_number = c.waybill_number)
               AND (CAST(?1 AS BIGINT) IS NULL
                    OR c.staff_id IN (SELECT id FROM staff WHERE COALESCE(station_id, 1) = ?1))
             GROUP BY c.waybill_number HAVING SUM(c.amount_fen) > 0
             ORDER BY MIN(c.at), c.waybill_number",
            args![self.scope().stored()],
            Row::read::<(String, String, i64)>,
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for (number, at, fen) in rows {
            let waybill = station_waybill_of(conn, &number)?;
            out.push(CodOwed {
                in_batch: live_batch_of(conn, &number)?,
                shipper_name: waybill.shipper_name,
                shipper_phone: waybill.shipper_phone,
                consignee_name: waybill.consignee_name,
                collected_at: parse_time(&at)?,
                amount_yuan: from_fen(fen),
                number,
            });
        }
        Ok(out)
    }

    /// One remittance batch.
    pub fn remittance(&self, id: i64) -> Result<Remittance> {
        read_remittance(self.sql(), id)
    }

    /// The remittance batches prepared at this station, newest first; only those not yet
    /// paid or voided when `open_only`.
    pub fn remittances(&self, open_only: bool) -> Result<Vec<Remittance>> {
        let ids = self.sql().query_map(
            "SELECT id FROM cod_remittances r
             WHERE (CAST(?1 AS BIGINT) IS NULL OR COALESCE(r.station_id, 1) = ?1)
               AND (CAST(?2 AS BIGINT) = 0 OR NOT EXISTS (SELECT 1 FROM cod_remittance_steps s
                        WHERE s.remittance_id = r.id AND s.step IN ('付款', '作废')))
             ORDER BY id DESC LIMIT 200",
            args![self.scope().stored(), i64::from(open_only)],
            |r| r.get::<i64>(0),
        )?;
        ids.into_iter()
            .map(|id| read_remittance(self.sql(), id))
            .collect()
    }

    /// A clerk prepares a batch (代收款返款单) paying back `items` (单号, amount) to the
    /// shipper on `shipper_phone`: each the shipper's, collected, not paid back and not on
    /// another live batch, and no more than was collected.
    ///
    /// # Errors
    /// Refused as above (a Chinese message naming the waybill); the database failed.
    pub fn prepare_remittance(
        &mut self,
        shipper_phone: &str,
        items: &[(String, Decimal)],
        note: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<Remittance> {
        let tx = self.sql().begin()?;
        let mut owed = Vec::with_capacity(items.len());
        let mut shipper_name = String::new();
        for (number, _) in items {
            let waybill = station_waybill_of(*tx, number)?;
            if waybill.shipper_phone != shipper_phone.trim() {
                return Err(refused(format!(
                    "运单 {number} 的发货方是 {}（{}），不是这张返款单的发货方",
                    waybill.shipper_name, waybill.shipper_phone
                )));
            }
            if let Some(batch) = live_batch_of(*tx, number)? {
                return Err(refused(format!(
                    "运单 {number} 已在返款单 FK{batch:06} 上，请先处理那张"
                )));
            }
            shipper_name = waybill.shipper_name;
            owed.push((number.clone(), owed_of(*tx, number)?));
        }
        let lookup = |number: &str| {
            owed.iter()
                .find(|(n, _)| n == number)
                .map_or(Decimal::ZERO, |(_, o)| *o)
        };
        check_amounts(items, &lookup).map_err(refused)?;
        let id = tx.insert(
            "INSERT INTO cod_remittances (shipper_name, shipper_phone, note, prepared_by, prepared_at, station_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![
                shipper_name,
                shipper_phone.trim(),
                note.trim(),
                by,
                time_text(now),
                self.scope().acting()
            ],
        )?;
        seal_last(*tx, "cod_remittances")?;
        for (number, amount) in items {
            tx.execute(
                "INSERT INTO cod_remittance_items (remittance_id, waybill_number, amount_fen)
                 VALUES (?1, ?2, ?3)",
                args![id, number, to_fen(*amount)],
            )?;
            seal_last(*tx, "cod_remittance_items")?;
        }
        let out = read_remittance(*tx, id)?;
        tx.commit()?;
        Ok(out)
    }

    /// A supervisor, not the one who prepared it, approves a batch.
    ///
    /// # Errors
    /// Refused when not a supervisor, by the preparer, or not waiting for approval.
    pub fn approve_remittance(
        &mut self,
        id: i64,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<Remittance> {
        let tx = self.sql().begin()?;
        require_supervisor(*tx, by, "审批返款单")?;
        let batch = read_remittance(*tx, id)?;
        batch.check_approval(by).map_err(refused)?;
        tx.execute(
            "INSERT INTO cod_remittance_steps (remittance_id, step, staff_id, at) VALUES (?1, '批准', ?2, ?3)",
            args![id, by, time_text(now)],
        )?;
        seal_last(*tx, "cod_remittance_steps")?;
        let out = read_remittance(*tx, id)?;
        tx.commit()?;
        Ok(out)
    }

    /// Pays an approved batch by `channel` with its `reference`: every waybill's amount
    /// checked again against what was collected, and a payout written for each (one per
    /// waybill ever: of two counters paying the same money at once, one wins and the
    /// other is told by which batch it went).
    ///
    /// # Errors
    /// Refused when not approved, paid or voided, without a reference (not cash), when a
    /// waybill's money was paid back already or is less than asked.
    pub fn pay_remittance(
        &mut self,
        id: i64,
        channel: PayChannel,
        reference: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<Remittance> {
        let tx = self.sql().begin()?;
        let batch = read_remittance(*tx, id)?;
        let reference = batch.check_payment(channel, reference).map_err(refused)?;
        let mut owed = Vec::with_capacity(batch.items.len());
        for item in &batch.items {
            let paid_by: Option<i64> = tx.value(
                "SELECT remittance_id FROM cod_payouts WHERE waybill_number = ?1",
                args![&item.number],
            )?;
            if let Some(other) = paid_by {
                return Err(refused(format!(
                    "运单 {} 的代收货款已由返款单 FK{other:06} 付出，不能重复返款",
                    item.number
                )));
            }
            owed.push((item.number.clone(), owed_of(*tx, &item.number)?));
        }
        let asked: Vec<(String, Decimal)> = batch
            .items
            .iter()
            .map(|i| (i.number.clone(), i.amount_yuan))
            .collect();
        let lookup = |number: &str| {
            owed.iter()
                .find(|(n, _)| n == number)
                .map_or(Decimal::ZERO, |(_, o)| *o)
        };
        check_amounts(&asked, &lookup).map_err(refused)?;
        tx.execute(
            "INSERT INTO cod_remittance_steps (remittance_id, step, staff_id, at, channel, reference)
             VALUES (?1, '付款', ?2, ?3, ?4, ?5)",
            args![id, by, time_text(now), channel.label(), reference],
        )?;
        seal_last(*tx, "cod_remittance_steps")?;
        for item in &batch.items {
            tx.execute(
                "INSERT INTO cod_payouts (waybill_number, remittance_id, amount_fen, at)
                 VALUES (?1, ?2, ?3, ?4)",
                args![&item.number, id, to_fen(item.amount_yuan), time_text(now)],
            )?;
            seal_last(*tx, "cod_payouts")?;
        }
        let out = read_remittance(*tx, id)?;
        tx.commit()?;
        Ok(out)
    }

    /// A supervisor voids a batch not yet paid, with the reason; its waybills are free
    /// for another batch.
    ///
    /// # Errors
    /// Refused when not a supervisor, paid or voided already, or without a reason.
    pub fn void_remittance(
        &mut self,
        id: i64,
        reason: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<Remittance> {
        let tx = self.sql().begin()?;
        require_supervisor(*tx, by, "作废返款单")?;
        let batch = read_remittance(*tx, id)?;
        batch.check_void(reason).map_err(refused)?;
        tx.execute(
            "INSERT INTO cod_remittance_steps (remittance_id, step, staff_id, at, reason)
             VALUES (?1, '作废', ?2, ?3, ?4)",
            args![id, by, time_text(now), reason.trim()],
        )?;
        seal_last(*tx, "cod_remittance_steps")?;
        let out = read_remittance(*tx, id)?;
        tx.commit()?;
        Ok(out)
    }
}
