//! Customers' months in storage (客户月度统计, issue 18 item 5): for every customer file
//! whose phones shipped in a month at this station (the company: any), its waybills with
//! what was paid and the exceptions on each, its 月结 payments, its contacts with the
//! service desk, and its 代收货款.

use std::collections::BTreeMap;

use super::super::sql::{Conn, Row, args};
use super::super::{Db, Result, StorageError, parse_decimal_text, parse_time, time_text};
use crate::domain::desk::waybill::PaymentMethod;
use crate::domain::money::from_fen;
use crate::domain::people::Month;
use crate::domain::service::customer_report::{CustomerMonth, CustomerWaybillLine};

/// The month's waybills of every customer, with what was paid and the exceptions.
const LINES_SQL: &str =
    "SELECT c.customer_id, w.number, w.issued_at, w.dest_name, w.consignee_name,
        w.pieces, w.weight_kg, w.volume_m3, w.payment, w.total_fen,
        (SELECT COALESCE(SUM(amount_fen), 0) FROM collections l WHERE l.waybill_number = w.number),
        (SELECT COUNT(*) FROM exceptions e WHERE e.waybill_number = w.number)
     FROM waybills w JOIN customers c ON c.phone = w.shipper_phone
     WHERE w.issued_at >= ?1 AND w.issued_at < ?2 AND w.status <> '作废'
       AND (CAST(?3 AS BIGINT) IS NULL OR w.station_id = ?3)
       AND (CAST(?4 AS BIGINT) IS NULL OR c.customer_id = ?4)
     ORDER BY c.customer_id, w.issued_at, w.number";

type LineRow = (
    i64,
    String,
    String,
    String,
    String,
    u32,
    String,
    String,
    String,
    i64,
    i64,
    i64,
);

fn months(
    conn: Conn<'_>,
    month: Month,
    station: Option<i64>,
    only: Option<i64>,
) -> Result<Vec<CustomerMonth>> {
    let midnight = |day: chrono::NaiveDate| day.and_time(chrono::NaiveTime::MIN);
    let (from, to) = (
        midnight(month.first_day()),
        midnight(month.next().first_day()),
    );
    let rows = conn.query_map(
        LINES_SQL,
        args![time_text(from), time_text(to), station, only],
        Row::read::<LineRow>,
    )?;
    let mut by_customer: BTreeMap<i64, Vec<CustomerWaybillLine>> = BTreeMap::new();
    for (
        id,
        number,
        at,
        dest,
        consignee,
        pieces,
        weight,
        volume,
        payment,
        total,
        paid,
        exceptions,
    ) in rows
    {
        by_customer
            .entry(id)
            .or_default()
            .push(CustomerWaybillLine {
                issued_at: parse_time(&at)?,
                dest_name: dest,
                consignee_name: consignee,
                pieces,
                weight_kg: parse_decimal_text(&weight)?,
                volume_m3: parse_decimal_text(&volume)?,
                payment: PaymentMethod::from_label(&payment).ok_or_else(|| {
                    StorageError::Corrupt(format!("运单 {number} 的付款方式「{payment}」无法识别"))
                })?,
                total_yuan: from_fen(total),
                paid_yuan: from_fen(paid),
                exceptions: u32::try_from(exceptions).unwrap_or(u32::MAX),
                number,
            });
    }
    let mut out = Vec::with_capacity(by_customer.len());
    for (id, lines) in by_customer {
        let name: String = conn
            .value("SELECT name FROM customer_files WHERE id = ?1", args![id])?
            .unwrap_or_default();
        let phones: Vec<String> = conn.query_map(
            "SELECT phone FROM customers WHERE customer_id = ?1 ORDER BY phone",
            args![id],
            |r| r.get(0),
        )?;
        let account: i64 = conn.one(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM collections
             WHERE occasion = '月结' AND customer_id = ?1 AND period = ?2",
            args![id, month.to_string()],
        )?;
        let contacts = conn.query_map(
            "SELECT s.category FROM service_items s JOIN customers c ON c.phone = s.phone
             WHERE c.customer_id = ?1 AND s.received_at >= ?2 AND s.received_at < ?3",
            args![id, time_text(from), time_text(to)],
            |r| r.get::<String>(0),
        )?;
        let complaints = contacts.iter().filter(|c| c.as_str() == "投诉").count();
        out.push(CustomerMonth {
            customer_id: id,
            name,
            phones,
            month,
            lines,
            account_paid_yuan: from_fen(account),
            complaints: u32::try_from(complaints).unwrap_or(u32::MAX),
            contacts: u32::try_from(contacts.len() - complaints).unwrap_or(u32::MAX),
            cod: crate::storage::money::remittances::customer_cod(conn, id, from, to)?,
            satisfaction: crate::storage::service::return_calls::customer_satisfaction_in(
                conn,
                id,
                &time_text(from),
                &time_text(to),
            )?,
        });
    }
    Ok(out)
}

impl Db {
    /// Every customer who shipped in `month` at this station (the company: any), with
    /// the month's figures, by file number.
    pub fn customer_months(&self, month: Month) -> Result<Vec<CustomerMonth>> {
        months(self.sql(), month, self.scope().stored(), None)
    }

    /// One customer's month; `None` when it shipped nothing in it here.
    pub fn customer_month(&self, customer_id: i64, month: Month) -> Result<Option<CustomerMonth>> {
        Ok(months(self.sql(), month, self.scope().stored(), Some(customer_id))?.pop())
    }
}
