//! The payments ledger in SQLite: the `collections` table, append-only, holds every
//! payment of a waybill (现付 at issue, written by `issue_waybill`; 提付 and delivery fees
//! written by the release in `dispatch`; 回单付 and refunds written here) and is read
//! back per waybill and per period for the cash book.

use super::sql::{Conn, NO_ARGS, Row, args};
use super::{Db, Result, StorageError, parse_time, time_text};
use crate::domain::desk::waybill::{PaymentMethod, WaybillStatus};
use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::ledger::{
    ByChannel, CashCount, LedgerEntry, Occasion, ReceiptPaymentFacts, check_receipt_payment,
    check_refund,
};
use crate::domain::money::statements::{AccountPayment, Receivable, Statement, StatementLine};
use crate::domain::money::{from_fen, to_fen};
use crate::domain::people::Month;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

const ENTRY_COLUMNS: &str =
    "id, waybill_number, at, staff_id, amount_fen, channel, occasion, reason";

type EntryRow = (i64, String, String, String, i64, String, String, String);

fn entry_row(r: &Row) -> super::sql::Result<EntryRow> {
    r.read()
}

fn entry_from(row: EntryRow) -> Result<LedgerEntry> {
    let (id, number, at, staff_id, fen, channel, occasion, reason) = row;
    Ok(LedgerEntry {
        id,
        number,
        at: parse_time(&at)?,
        staff_id,
        amount_yuan: from_fen(fen),
        channel: PayChannel::from_label(&channel)
            .ok_or_else(|| StorageError::Corrupt(format!("收款方式「{channel}」无法识别")))?,
        occasion: Occasion::from_label(&occasion)
            .ok_or_else(|| StorageError::Corrupt(format!("收款事由「{occasion}」无法识别")))?,
        reason,
    })
}

fn entries_of(conn: Conn<'_>, number: &str) -> Result<Vec<LedgerEntry>> {
    let rows = conn.query_map(
        &format!("SELECT {ENTRY_COLUMNS} FROM collections WHERE waybill_number = ?1 ORDER BY id"),
        args![number],
        entry_row,
    )?;
    rows.into_iter().map(entry_from).collect()
}

/// Appends one ledger line in the caller's transaction (its `id` is not read; the amount
/// is signed: negative for a refund).
pub(crate) fn insert_entry(conn: Conn<'_>, entry: &LedgerEntry) -> Result<()> {
    conn.execute("INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", args![
        entry.number,
        time_text(entry.at),
        entry.staff_id,
        to_fen(entry.amount_yuan),
        entry.channel.label(),
        entry.occasion.label(),
        entry.reason.trim()
    ])?;
    super::seals::seal_last(conn, "collections")?;
    Ok(())
}

/// A waybill's payment facts: payment method, state, total and whether its receipt is back.
fn facts(conn: Conn<'_>, number: &str) -> Result<ReceiptPaymentFacts> {
    let row: Option<(String, String, i64, bool)> = conn.query_opt(
        "SELECT payment, status, total_fen,
                    EXISTS (SELECT 1 FROM receipts r WHERE r.waybill_number = w.number)
             FROM waybills w WHERE number = ?1",
        args![number],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let Some((payment, status, total_fen, receipt_back)) = row else {
        return Err(StorageError::NotFound(format!("找不到单号 {number}")));
    };
    Ok(ReceiptPaymentFacts {
        payment: PaymentMethod::from_label(&payment)
            .ok_or_else(|| StorageError::Corrupt(format!("付款方式「{payment}」无法识别")))?,
        status: WaybillStatus::from_label(&status)
            .ok_or_else(|| StorageError::Corrupt(format!("运单状态「{status}」无法识别")))?,
        total_yuan: from_fen(total_fen),
        receipt_back,
    })
}

impl Db {
    /// Every ledger line of a waybill, in the order recorded.
    pub fn ledger(&self, number: &str) -> Result<Vec<LedgerEntry>> {
        entries_of(self.sql(), number)
    }

    /// Records a 回单付 payment (whole or a part) by the shipper once the receipt is back.
    pub fn record_receipt_payment(
        &mut self,
        number: &str,
        amount_yuan: Decimal,
        channel: PayChannel,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.sql().begin()?;
        let facts = facts(*tx, number)?;
        let entries = entries_of(*tx, number)?;
        check_receipt_payment(facts, &entries, amount_yuan)
            .map_err(|e| StorageError::Refused(e.to_string()))?;
        insert_entry(
            *tx,
            &LedgerEntry::new(
                number,
                now,
                staff_id,
                amount_yuan,
                channel,
                Occasion::Receipt,
            ),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records a refund (退款): a negative line with its reason, never above the money
    /// this station received for the waybill — one it issued, or one that came here on a
    /// truck and was collected here (提付 and the fees of its release).
    pub fn record_refund(
        &mut self,
        number: &str,
        amount_yuan: Decimal,
        channel: PayChannel,
        reason: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.sql().begin()?;
        crate::storage::dispatch::station_waybill_of(*tx, number)?;
        let entries = entries_of(*tx, number)?;
        check_refund(&entries, amount_yuan, reason)
            .map_err(|e| StorageError::Refused(e.to_string()))?;
        insert_entry(
            *tx,
            &LedgerEntry::new(
                number,
                now,
                staff_id,
                -amount_yuan,
                channel,
                Occasion::Refund,
            )
            .because(reason),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The ledger lines recorded in `[from, to)`, by one person or by all, in the order
    /// recorded: the cash book's expected money.
    pub fn ledger_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
        staff_id: Option<&str>,
    ) -> Result<Vec<LedgerEntry>> {
        let rows = self.sql().query_map(
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM collections
             WHERE at >= ?1 AND at < ?2 AND (CAST(?3 AS TEXT) IS NULL OR staff_id = ?3)
               AND {TAKEN_AT} ORDER BY at, id"
            ),
            args![
                time_text(from),
                time_text(to),
                staff_id,
                self.scope().stored()
            ],
            entry_row,
        )?;
        rows.into_iter().map(entry_from).collect()
    }
}

/// A ledger line taken at the station `?4` (NULL: any): the station of the clerk who
/// took it, the first (`stations::FIRST`, 1) for the company's own staff.
const TAKEN_AT: &str = "(CAST(?4 AS BIGINT) IS NULL
    OR staff_id IN (SELECT id FROM staff WHERE COALESCE(station_id, 1) = ?4))";

const COUNT_COLUMNS: &str = "id, staff_id, period, from_at, to_at,
    expected_cash_fen, expected_wechat_fen, expected_alipay_fen, expected_bank_fen,
    counted_cash_fen, counted_wechat_fen, counted_alipay_fen, counted_bank_fen,
    note, signed_by, signed_at, cod_cash_fen, cod_wechat_fen, cod_alipay_fen, cod_bank_fen";

fn count_from(r: &Row) -> super::sql::Result<(CashCount, [String; 3])> {
    let fen = |i: usize| -> super::sql::Result<Decimal> { Ok(from_fen(r.get(i)?)) };
    let at = NaiveDateTime::default();
    Ok((
        CashCount {
            id: r.get(0)?,
            staff_id: r.get(1)?,
            period: r.get(2)?,
            from: at,
            to: at,
            expected: ByChannel([fen(5)?, fen(6)?, fen(7)?, fen(8)?]),
            cod: ByChannel([fen(16)?, fen(17)?, fen(18)?, fen(19)?]),
            counted: ByChannel([fen(9)?, fen(10)?, fen(11)?, fen(12)?]),
            note: r.get(13)?,
            signed_by: r.get(14)?,
            signed_at: at,
        },
        [r.get(3)?, r.get(4)?, r.get(15)?],
    ))
}

fn count_times((mut count, [from, to, signed]): (CashCount, [String; 3])) -> Result<CashCount> {
    count.from = parse_time(&from)?;
    count.to = parse_time(&to)?;
    count.signed_at = parse_time(&signed)?;
    Ok(count)
}

/// What a cash count covers: whose money (`None`: the whole station), the period in
/// words and its times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountPeriod {
    /// 工号 of the clerk, or `None` for every clerk together.
    pub staff_id: Option<String>,
    /// `A01 11-23 早班`, `2026-11-23 全站`.
    pub label: String,
    /// From …
    pub from: NaiveDateTime,
    /// … until before.
    pub to: NaiveDateTime,
}

impl Db {
    /// The 代收货款 taken in a period by method, shown beside its 账面.
    pub fn cash_cod(&self, period: &CountPeriod) -> Result<ByChannel> {
        cod::cod_sums(
            self.sql(),
            period.from,
            period.to,
            period.staff_id.as_deref(),
            self.scope().stored(),
        )
    }

    /// The ledger's money of a period by method (账面), with its lines.
    pub fn cash_expected(&self, period: &CountPeriod) -> Result<(Vec<LedgerEntry>, ByChannel)> {
        let entries = self.ledger_between(period.from, period.to, period.staff_id.as_deref())?;
        let sums = ByChannel::of(&entries);
        Ok((entries, sums))
    }

    /// Signs the count of a period: the expected money is taken from the ledger at this
    /// moment, in the same transaction; a period is signed once.
    pub fn sign_cash_count(
        &mut self,
        period: &CountPeriod,
        counted: ByChannel,
        note: &str,
        signed_by: &str,
        now: NaiveDateTime,
    ) -> Result<CashCount> {
        let tx = self.sql().begin()?;
        let staff = period.staff_id.clone().unwrap_or_default();
        let signed: Option<String> = tx.value(
            "SELECT signed_by FROM cash_counts
             WHERE staff_id = ?1 AND from_at = ?2 AND to_at = ?3 AND station_id = ?4",
            args![
                staff,
                time_text(period.from),
                time_text(period.to),
                self.scope().acting()
            ],
        )?;
        if let Some(by) = signed {
            return Err(StorageError::Refused(format!(
                "{} 已由 {by} 签字对账，不能再签",
                period.label
            )));
        }
        let rows = tx.query_map(
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM collections
             WHERE at >= ?1 AND at < ?2 AND (CAST(?3 AS TEXT) IS NULL OR staff_id = ?3)
               AND {TAKEN_AT} ORDER BY at, id"
            ),
            args![
                time_text(period.from),
                time_text(period.to),
                period.staff_id,
                self.scope().stored()
            ],
            entry_row,
        )?;
        let entries = rows
            .into_iter()
            .map(entry_from)
            .collect::<Result<Vec<_>>>()?;
        let expected = ByChannel::of(&entries);
        let cod = cod::cod_sums(
            *tx,
            period.from,
            period.to,
            period.staff_id.as_deref(),
            self.scope().stored(),
        )?;
        let fen = |sums: &ByChannel| sums.0.map(to_fen);
        let [ec, ew, ea, eb] = fen(&expected);
        let [cc, cw, ca, cb] = fen(&counted);
        let [dc, dw, da, db] = fen(&cod);
        let id = tx.insert(
            "INSERT INTO cash_counts (staff_id, period, from_at, to_at,
                 expected_cash_fen, expected_wechat_fen, expected_alipay_fen, expected_bank_fen,
                 counted_cash_fen, counted_wechat_fen, counted_alipay_fen, counted_bank_fen,
                 note, signed_by, signed_at, station_id,
                 cod_cash_fen, cod_wechat_fen, cod_alipay_fen, cod_bank_fen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19, ?20)",
            args![
                staff,
                period.label,
                time_text(period.from),
                time_text(period.to),
                ec,
                ew,
                ea,
                eb,
                cc,
                cw,
                ca,
                cb,
                note.trim(),
                signed_by,
                time_text(now),
                self.scope().acting(),
                dc,
                dw,
                da,
                db
            ],
        )?;
        tx.commit()?;
        self.cash_count(id)
    }

    /// One signed count.
    pub fn cash_count(&self, id: i64) -> Result<CashCount> {
        let row = self
            .sql()
            .query_opt(
                &format!("SELECT {COUNT_COLUMNS} FROM cash_counts WHERE id = ?1"),
                args![id],
                count_from,
            )?
            .ok_or_else(|| StorageError::NotFound(format!("找不到对账记录 {id}")))?;
        count_times(row)
    }

    /// The signed count of a period, if any.
    pub fn cash_count_of(&self, period: &CountPeriod) -> Result<Option<CashCount>> {
        let row = self.sql().query_opt(
            &format!(
                "SELECT {COUNT_COLUMNS} FROM cash_counts
                     WHERE staff_id = ?1 AND from_at = ?2 AND to_at = ?3 AND station_id = ?4"
            ),
            args![
                period.staff_id.clone().unwrap_or_default(),
                time_text(period.from),
                time_text(period.to),
                self.scope().acting()
            ],
            count_from,
        )?;
        row.map(count_times).transpose()
    }
}

/// The settings key of the first month whose 月结 statement is paid through this program
/// (`YYYY-MM`); earlier statements were settled outside it (migration 13 sets it).
const PAYMENTS_FROM_KEY: &str = "monthly_payments_from";

/// The first month whose statement's payments are recorded here.
pub(crate) fn payments_from(conn: Conn<'_>) -> Result<Option<Month>> {
    let text: Option<String> = conn.value(
        "SELECT value FROM settings WHERE key = ?1",
        args![PAYMENTS_FROM_KEY],
    )?;
    text.map(|t| {
        t.parse::<Month>()
            .map_err(|e| StorageError::Corrupt(format!("月结回款起始月份：{e}")))
    })
    .transpose()
}

/// The 月结 payments recorded against a customer's statement of `month`.
fn account_payments(conn: Conn<'_>, customer_id: i64, month: Month) -> Result<Vec<AccountPayment>> {
    let rows = conn.query_map(
        "SELECT id, at, staff_id, amount_fen, channel, reason FROM collections
         WHERE occasion = '月结' AND customer_id = ?1 AND period = ?2 ORDER BY id",
        args![customer_id, month.to_string()],
        Row::read::<(i64, String, String, i64, String, String)>,
    )?;
    rows.into_iter()
        .map(|row| {
            let (id, at, staff_id, fen, channel, reason) = row;
            Ok(AccountPayment {
                id,
                at: parse_time(&at)?,
                staff_id,
                amount_yuan: from_fen(fen),
                channel: PayChannel::from_label(&channel).ok_or_else(|| {
                    StorageError::Corrupt(format!("收款方式「{channel}」无法识别"))
                })?,
                reason,
            })
        })
        .collect()
}

/// A customer's statement of `month`, with what was paid against it.
fn statement_of(conn: Conn<'_>, customer_id: i64, month: Month) -> Result<Statement> {
    let name: Option<String> = conn.value(
        "SELECT name FROM customer_files WHERE id = ?1",
        args![customer_id],
    )?;
    let Some(name) = name else {
        return Err(StorageError::NotFound(format!(
            "找不到客户档案 {customer_id}"
        )));
    };
    let phones: Vec<String> = conn.query_map(
        "SELECT phone FROM customers WHERE customer_id = ?1 ORDER BY phone",
        args![customer_id],
        |r| r.get(0),
    )?;
    let from = month.first_day().and_time(chrono::NaiveTime::MIN);
    let to = (month.last_day() + chrono::Days::new(1)).and_time(chrono::NaiveTime::MIN);
    let rows = conn.query_map(
        "SELECT w.number, w.issued_at, w.dest_name, w.consignee_name, w.pieces,
                w.freight_fen, w.premium_fen, w.delivery_fee_fen, w.total_fen
         FROM waybills w JOIN customers c ON c.phone = w.shipper_phone
         WHERE c.customer_id = ?1 AND w.payment = '月结' AND w.status <> '作废'
           AND w.issued_at >= ?2 AND w.issued_at < ?3
         ORDER BY w.issued_at, w.number",
        args![customer_id, time_text(from), time_text(to)],
        |r| {
            Ok((
                r.array::<String, 4>(0)?,
                r.get::<u32>(4)?,
                r.array::<i64, 4>(5)?,
            ))
        },
    )?;
    let mut lines = Vec::new();
    for row in rows {
        let ([number, at, dest_name, consignee_name], pieces, [f, p, dl, t]) = row;
        lines.push(StatementLine {
            number,
            issued_at: parse_time(&at)?,
            dest_name,
            consignee_name,
            pieces,
            freight_yuan: from_fen(f),
            premium_yuan: from_fen(p),
            delivery_fee_yuan: from_fen(dl),
            total_yuan: from_fen(t),
        });
    }
    let mut statement = Statement::new(customer_id, name, phones, month, lines);
    statement.payments = account_payments(conn, customer_id, month)?;
    statement.taken_as_settled = payments_from(conn)?.is_some_and(|from| month < from);
    let midnight = |day: chrono::NaiveDate| day.and_time(chrono::NaiveTime::MIN);
    statement.cod = remittances::customer_cod(
        conn,
        customer_id,
        midnight(month.first_day()),
        midnight(month.next().first_day()),
    )?;
    Ok(statement)
}

impl Db {
    /// The 月结 statement of a customer's file for a month: its phones' 月结 waybills
    /// (as shipper) issued in the month, not voided, and the payments against it.
    pub fn monthly_statement(&self, customer_id: i64, month: Month) -> Result<Statement> {
        statement_of(self.sql(), customer_id, month)
    }

    /// The first month whose 月结 statement is paid through this program; statements
    /// before it count as settled.
    pub fn monthly_payments_from(&self) -> Result<Option<Month>> {
        payments_from(self.sql())
    }

    /// Records a 月结 customer's payment (月结回款) against their statement of `month`, in
    /// the ledger with its method, so the cash book counts it; never above what the
    /// statement still owes. Returns the statement as it stands after.
    #[allow(clippy::too_many_arguments, reason = "one payment's facts")]
    pub fn record_account_payment(
        &mut self,
        customer_id: i64,
        month: Month,
        amount_yuan: Decimal,
        channel: PayChannel,
        note: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Statement> {
        let tx = self.sql().begin()?;
        let statement = statement_of(*tx, customer_id, month)?;
        statement
            .check_payment(amount_yuan)
            .map_err(StorageError::Refused)?;
        let note = note.trim();
        let reason = if note.is_empty() {
            format!("{} {month} 月结款", statement.customer_name)
        } else {
            format!("{} {month} 月结款：{note}", statement.customer_name)
        };
        tx.execute(
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason, customer_id, period) VALUES ('', ?1, ?2, ?3, ?4, '月结', ?5, ?6, ?7)",
            args![
                time_text(now),
                staff_id,
                to_fen(amount_yuan),
                channel.label(),
                reason,
                customer_id,
                month.to_string()
            ])?;
        super::seals::seal_last(*tx, "collections")?;
        let after = statement_of(*tx, customer_id, month)?;
        tx.commit()?;
        Ok(after)
    }
}

impl Db {
    /// Money owed and not yet paid: 提付 waybills at this station's end (arrived or
    /// notified, not voided) not collected in full, and 回单付 waybills (not voided) the
    /// shipper has not paid in full, oldest first.
    pub fn open_receivables(&self) -> Result<Vec<Receivable>> {
        let rows = self.sql().query_map(
            "SELECT w.number, w.issued_at, w.payment, w.consignee_name, w.consignee_phone,
                    w.shipper_name, w.shipper_phone, w.total_fen,
                    COALESCE((SELECT SUM(c.amount_fen) FROM collections c
                              WHERE c.waybill_number = w.number
                                AND c.occasion IN ('提货', '送货', '送达')), 0),
                    COALESCE((SELECT SUM(c.amount_fen) FROM collections c
                              WHERE c.waybill_number = w.number
                                AND c.occasion IN ('回单', '退款')), 0),
                    EXISTS (SELECT 1 FROM receipts r WHERE r.waybill_number = w.number)
             FROM waybills w LEFT JOIN waybill_stages s ON s.number = w.number
             WHERE w.status <> '作废' AND w.total_fen > 0
               AND ((w.payment = '提付' AND s.stage IN ('已到站', '已通知'))
                    OR w.payment = '回单付')
             ORDER BY w.issued_at, w.number",
            NO_ARGS,
            |r| {
                Ok((
                    r.array::<String, 7>(0)?,
                    r.array::<i64, 3>(7)?,
                    r.get::<bool>(10)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (
                [number, at, payment, c_name, c_phone, s_name, s_phone],
                [total, released, on_receipt],
                back,
            ) = row;
            let payment = PaymentMethod::from_label(&payment)
                .ok_or_else(|| StorageError::Corrupt(format!("付款方式「{payment}」无法识别")))?;
            let collect = payment == PaymentMethod::Collect;
            let open = total - if collect { released } else { on_receipt };
            if open <= 0 {
                continue;
            }
            let (debtor_name, debtor_phone) = if collect {
                (c_name, c_phone)
            } else {
                (s_name, s_phone)
            };
            out.push(Receivable {
                number,
                issued_at: parse_time(&at)?,
                payment,
                debtor_name,
                debtor_phone,
                total_yuan: from_fen(total),
                open_yuan: from_fen(open),
                receipt_back: !collect && back,
            });
        }
        // Waybills of other stations received here: their 提付 is this station's to
        // collect, like our own arrivals.
        let incoming: Vec<String> = self.sql().query_map(
            "SELECT i.number FROM incoming_waybills i JOIN waybill_stages s ON s.number = i.number
                 WHERE s.stage IN ('已到站', '已通知') ORDER BY i.number",
            NO_ARGS,
            |r| r.get(0),
        )?;
        for number in incoming {
            let w = self.station_waybill(&number)?;
            if w.void || w.payment != PaymentMethod::Collect {
                continue;
            }
            let released: i64 = self.sql().one(
                "SELECT COALESCE(SUM(amount_fen), 0) FROM collections
                 WHERE waybill_number = ?1 AND occasion IN ('提货', '送货', '送达')",
                args![&w.number],
            )?;
            let open = from_fen(to_fen(w.total_yuan) - released);
            if open <= Decimal::ZERO {
                continue;
            }
            out.push(Receivable {
                number: w.number,
                issued_at: w.issued_at,
                payment: w.payment,
                debtor_name: w.consignee_name,
                debtor_phone: w.consignee_phone,
                total_yuan: w.total_yuan,
                open_yuan: open,
                receipt_back: false,
            });
        }
        out.extend(self.open_statements()?);
        out.sort_by(|a, b| (a.issued_at, &a.number).cmp(&(b.issued_at, &b.number)));
        Ok(out)
    }
}

impl Db {
    /// The 月结 statements with money still owed, one receivable each, aged from the
    /// month's last day: every month from [`payments_from`] on (all months when unset).
    fn open_statements(&self) -> Result<Vec<Receivable>> {
        let from = payments_from(self.sql())?;
        let from_day = from.map_or_else(String::new, |m| {
            m.first_day().format("%Y-%m-%d").to_string()
        });
        let owed = self.sql().query_map("SELECT c.customer_id, substr(w.issued_at, 1, 7) AS period, SUM(w.total_fen),
                    f.name, (SELECT MIN(p.phone) FROM customers p WHERE p.customer_id = c.customer_id)
             FROM waybills w JOIN customers c ON c.phone = w.shipper_phone
                  JOIN customer_files f ON f.id = c.customer_id
             WHERE w.payment = '月结' AND w.status <> '作废' AND w.issued_at >= ?1
             GROUP BY c.customer_id, period, f.name ORDER BY period, c.customer_id", args![from_day], Row::read::<(i64, String, i64, String, Option<String>)>)?;
        let paid_sql = "SELECT COALESCE(SUM(amount_fen), 0) FROM collections
             WHERE occasion = '月结' AND customer_id = ?1 AND period = ?2";
        let mut out = Vec::new();
        for (customer_id, period, total, name, phone) in owed {
            let month: Month = period
                .parse()
                .map_err(|e| StorageError::Corrupt(format!("开单时间：{e}")))?;
            let paid: i64 = self.sql().one(paid_sql, args![customer_id, period])?;
            if total - paid <= 0 {
                continue;
            }
            out.push(Receivable {
                number: format!("{month} 月结"),
                issued_at: month.last_day().and_time(chrono::NaiveTime::MIN),
                payment: PaymentMethod::Monthly,
                debtor_name: name,
                debtor_phone: phone.unwrap_or_default(),
                total_yuan: from_fen(total),
                open_yuan: from_fen(total - paid),
                receipt_back: false,
            });
        }
        Ok(out)
    }
}

pub mod cod;
pub mod remittances;

#[cfg(test)]
mod tests;
