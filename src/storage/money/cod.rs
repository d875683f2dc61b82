//! 代收货款 in storage (issue 17): the shipper's money collected at release (the
//! `cod_collections` ledger, written by the release in `dispatch`), read back per waybill
//! and per period; and a supervisor's leave to release goods without collecting it.

use super::super::sql::{Conn, Row, args};
use super::super::{Db, Result, StorageError, parse_time, time_text};
use crate::domain::desk::waybill::Waybill;
use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::from_fen;
use crate::domain::money::ledger::ByChannel;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// One line of the 代收货款 ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodLine {
    /// Row id.
    pub id: i64,
    /// 单号.
    pub number: String,
    /// When.
    pub at: NaiveDateTime,
    /// 工号 of the clerk who took it.
    pub staff_id: String,
    /// Yuan; negative for a refund.
    pub amount_yuan: Decimal,
    /// How.
    pub channel: PayChannel,
    /// 提货, 送达 or 退款.
    pub occasion: String,
    /// Why (a refund's reason).
    pub reason: String,
}

/// A supervisor's leave to release a waybill's goods without collecting its 代收货款.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodOverride {
    /// 工号 of the supervisor.
    pub supervisor_id: String,
    /// When.
    pub at: NaiveDateTime,
    /// Why.
    pub reason: String,
}

type LineRow = (i64, String, String, String, i64, String, String, String);

fn line_from(row: LineRow) -> Result<CodLine> {
    let (id, number, at, staff_id, fen, channel, occasion, reason) = row;
    Ok(CodLine {
        id,
        number,
        at: parse_time(&at)?,
        staff_id,
        amount_yuan: from_fen(fen),
        channel: PayChannel::from_label(&channel).ok_or_else(|| {
            StorageError::Corrupt(format!("代收货款收款方式「{channel}」无法识别"))
        })?,
        occasion,
        reason,
    })
}

/// The 代收货款 taken from `from` to `to` (exclusive) by `staff_id` (any when `None`) at
/// `station` (any when `None`; a line's station is its clerk's), by channel.
pub(in crate::storage) fn cod_sums(
    conn: Conn<'_>,
    from: NaiveDateTime,
    to: NaiveDateTime,
    staff_id: Option<&str>,
    station: Option<i64>,
) -> Result<ByChannel> {
    let rows = conn.query_map(
        "SELECT channel, COALESCE(SUM(amount_fen), 0) FROM cod_collections
         WHERE at >= ?1 AND at < ?2 AND (CAST(?3 AS TEXT) IS NULL OR staff_id = ?3)
           AND (CAST(?4 AS BIGINT) IS NULL
                OR staff_id IN (SELECT id FROM staff WHERE COALESCE(station_id, 1) = ?4))
         GROUP BY channel",
        args![time_text(from), time_text(to), staff_id, station],
        Row::read::<(String, i64)>,
    )?;
    let mut sums = ByChannel::default();
    for (channel, fen) in rows {
        let channel = PayChannel::from_label(&channel).ok_or_else(|| {
            StorageError::Corrupt(format!("代收货款收款方式「{channel}」无法识别"))
        })?;
        sums.add(channel, from_fen(fen));
    }
    Ok(sums)
}

const LINE_COLUMNS: &str =
    "id, waybill_number, at, staff_id, amount_fen, channel, occasion, reason";

impl Db {
    /// The 代收货款 lines of one waybill, oldest first.
    pub fn cod_lines(&self, number: &str) -> Result<Vec<CodLine>> {
        let rows = self.sql().query_map(
            &format!(
                "SELECT {LINE_COLUMNS} FROM cod_collections WHERE waybill_number = ?1 ORDER BY id"
            ),
            args![number.trim()],
            Row::read::<LineRow>,
        )?;
        rows.into_iter().map(line_from).collect()
    }

    /// The 代收货款 taken from `from` (inclusive) to `to` (exclusive), by one clerk or by
    /// everyone of the station the connection acts for (a line's station is its clerk's,
    /// as in the payments ledger), summed by channel: the cash book shows it apart from
    /// the station's own money.
    pub fn cod_taken_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
        staff_id: Option<&str>,
    ) -> Result<ByChannel> {
        cod_sums(self.sql(), from, to, staff_id, self.scope().stored())
    }

    /// The supervisor's leave to release `number` without its 代收货款, if given.
    pub fn cod_override(&self, number: &str) -> Result<Option<CodOverride>> {
        let row = self.sql().query_opt(
            "SELECT supervisor_id, at, reason FROM cod_release_overrides WHERE waybill_number = ?1",
            args![number.trim()],
            Row::read::<(String, String, String)>,
        )?;
        row.map(|(supervisor_id, at, reason)| {
            Ok(CodOverride {
                supervisor_id,
                at: parse_time(&at)?,
                reason,
            })
        })
        .transpose()
    }

    /// Lets `number`'s goods go without collecting its 代收货款, as the supervisor decided,
    /// with the reason (the consignee paid the shipper directly, the shipper called to
    /// say so …); once, and only while some of it is still owed. The money is then not
    /// the station's to pay back.
    ///
    /// # Errors
    /// Refused without a reason, for a waybill that collects nothing or has it all
    /// collected, or when given already; the waybill is unknown; the database failed.
    pub fn release_without_cod(
        &mut self,
        number: &str,
        reason: &str,
        supervisor_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let reason = crate::storage::required_reason(
            reason,
            "不收代收货款放货须写明原因（如：收货方已直接付给发货方，发货方来电确认）",
        )?;
        let tx = self.sql().begin()?;
        let facts = crate::storage::dispatch::release_facts_of(*tx, number, now.date())?;
        if let Some(by) = tx.query_opt(
            "SELECT supervisor_id FROM cod_release_overrides WHERE waybill_number = ?1",
            args![number.trim()],
            |r| r.get::<String>(0),
        )? {
            return Err(StorageError::Refused(format!(
                "运单 {} 已由 {by} 授权不收代收货款放货",
                number.trim()
            )));
        }
        if facts.dues.cod_yuan <= Decimal::ZERO {
            return Err(StorageError::Refused(format!(
                "运单 {} 没有待收的代收货款",
                number.trim()
            )));
        }
        tx.execute(
            "INSERT INTO cod_release_overrides (waybill_number, reason, supervisor_id, at)
             VALUES (?1, ?2, ?3, ?4)",
            args![number.trim(), reason, supervisor_id, time_text(now)],
        )?;
        crate::storage::seals::seal_last(*tx, "cod_release_overrides")?;
        tx.commit()?;
        Ok(())
    }
}

/// Settles an alteration of a waybill whose 代收货款 was collected (issue 17): lowering
/// what goes back to the shipper refunds the difference from the 代收货款 ledger (a
/// 退款 line by the channel it was collected by, the alteration's reason with it);
/// raising it, or any change once the money was paid back, is refused: the collected
/// money cannot grow by an alteration, and paid money cannot be taken back.
pub(in crate::storage) fn settle_cod_alteration(
    conn: Conn<'_>,
    number: &str,
    old: &Waybill,
    new: &Waybill,
    edit: (&str, &str, NaiveDateTime),
) -> Result<()> {
    let (staff_id, reason, now) = edit;
    let collected: Option<(i64, String)> = conn.query_opt(
        "SELECT (SELECT SUM(amount_fen) FROM cod_collections WHERE waybill_number = ?1),
                (SELECT channel FROM cod_collections WHERE waybill_number = ?1 ORDER BY id LIMIT 1)
         WHERE EXISTS (SELECT 1 FROM cod_collections WHERE waybill_number = ?1)",
        args![number],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some((share_fen, channel)) = collected else {
        return Ok(());
    };
    let (before, after) = (old.cod_payback_yuan(), new.cod_payback_yuan());
    let terms_changed = old.cod_yuan != new.cod_yuan
        || old.cod_fee_yuan != new.cod_fee_yuan
        || old.cod_fee_payer != new.cod_fee_payer
        || before != after;
    if !terms_changed {
        return Ok(());
    }
    let paid: Option<i64> = conn.value(
        "SELECT remittance_id FROM cod_payouts WHERE waybill_number = ?1",
        args![number],
    )?;
    if let Some(batch) = paid {
        return Err(StorageError::Refused(format!(
            "运单 {number} 的代收货款已由返款单 FK{batch:06} 返给发货方，不能再改代收货款"
        )));
    }
    if new.cod_yuan > old.cod_yuan || after > before {
        return Err(StorageError::Refused(format!(
            "运单 {number} 的代收货款已收（应返发货方 {} 元），修改不能让它变多：少收的货款请另行收取",
            crate::domain::money::format_yuan(from_fen(share_fen))
        )));
    }
    let refund = (from_fen(share_fen) - after).max(Decimal::ZERO);
    if refund.is_zero() {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO cod_collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, '退款', ?6)",
        args![
            number,
            time_text(now),
            staff_id,
            -crate::domain::money::to_fen(refund),
            channel,
            format!("修改运单：{reason}")
        ],
    )?;
    crate::storage::seals::seal_last(conn, "cod_collections")?;
    Ok(())
}
