//! Phone quotes (电话报价, DOMAIN.md §5): every quote the counter gives on the phone is
//! recorded with what it was computed from and its parts, and is found again by the
//! caller's phone when the customer comes in; the waybill it becomes is noted on it once.

use chrono::NaiveDateTime;

use super::sql::{Row, args};
use super::{Db, Result, StorageError, parse_decimal_text, parse_time, time_text};
use crate::domain::desk::rates::Quote;
use crate::domain::money::{from_fen, to_fen};
use crate::domain::service::{PhoneQuote, QuoteRequest};

/// A recorded quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredQuote {
    /// Row id (报价编号).
    pub id: i64,
    /// When it was given.
    pub at: NaiveDateTime,
    /// 工号 of the clerk who gave it.
    pub clerk_id: String,
    /// What was asked and the price given.
    pub quote: PhoneQuote,
    /// The waybill it became, once it did.
    pub waybill_number: Option<String>,
}

const COLUMNS: &str = "id, at, clerk_id, caller_name, phone, goods_name, dest_code, weight_kg,
    volume_m3, declared_fen, delivery, freight_fen, premium_fen, delivery_fee_fen, total_fen,
    waybill_number, pieces, packaging";

fn read_row(r: &Row) -> super::sql::Result<RawQuote> {
    Ok(RawQuote {
        id: r.get(0)?,
        at: r.get(1)?,
        clerk_id: r.get(2)?,
        caller_name: r.get(3)?,
        phone: r.get(4)?,
        goods_name: r.get(5)?,
        dest_code: r.get(6)?,
        weight_kg: r.get(7)?,
        volume_m3: r.get(8)?,
        declared_fen: r.get(9)?,
        delivery: r.get(10)?,
        fen: [r.get(11)?, r.get(12)?, r.get(13)?, r.get(14)?],
        waybill_number: r.get(15)?,
        pieces: r.get(16)?,
        packaging: r.get(17)?,
    })
}

/// A row as read, before its texts are parsed back.
struct RawQuote {
    id: i64,
    at: String,
    clerk_id: String,
    caller_name: String,
    phone: String,
    goods_name: String,
    dest_code: String,
    weight_kg: String,
    volume_m3: String,
    declared_fen: Option<i64>,
    delivery: bool,
    fen: [i64; 4],
    waybill_number: Option<String>,
    pieces: u32,
    packaging: String,
}

impl RawQuote {
    fn into_stored(self) -> Result<StoredQuote> {
        let [freight, premium, delivery_fee, total] = self.fen;
        Ok(StoredQuote {
            id: self.id,
            at: parse_time(&self.at)?,
            clerk_id: self.clerk_id,
            quote: PhoneQuote {
                request: QuoteRequest {
                    dest_code: self.dest_code.clone(),
                    caller_name: self.caller_name,
                    phone: self.phone,
                    goods_name: self.goods_name,
                    weight_kg: parse_decimal_text(&self.weight_kg)?,
                    volume_m3: parse_decimal_text(&self.volume_m3)?,
                    pieces: self.pieces,
                    packaging: crate::domain::desk::waybill::Packaging::from_label(&self.packaging),
                    declared_yuan: self.declared_fen.map(from_fen),
                    delivery: self.delivery,
                },
                price: Quote {
                    dest_code: self.dest_code,
                    freight_yuan: from_fen(freight),
                    premium_yuan: from_fen(premium),
                    delivery_fee_yuan: from_fen(delivery_fee),
                    total_yuan: from_fen(total),
                },
            },
            waybill_number: self.waybill_number,
        })
    }
}

impl Db {
    /// Records a quote given by `clerk_id` at `now`; returns its number.
    pub fn record_quote(
        &self,
        quote: &PhoneQuote,
        clerk_id: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        let known = self
            .sql()
            .query_opt("SELECT 1 FROM staff WHERE id = ?1", args![clerk_id], |_| {
                Ok(())
            })?
            .is_some();
        if !known {
            return Err(StorageError::Refused(format!(
                "工号 {clerk_id} 不在员工名单中"
            )));
        }
        let q = &quote.request;
        let p = &quote.price;
        Ok(self.sql().insert(
            "INSERT INTO phone_quotes (at, clerk_id, caller_name, phone, goods_name, dest_code,
                 weight_kg, volume_m3, declared_fen, delivery, freight_fen, premium_fen,
                 delivery_fee_fen, total_fen, pieces, packaging)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            args![
                time_text(now),
                clerk_id,
                q.caller_name,
                q.phone,
                q.goods_name,
                q.dest_code,
                q.weight_kg.normalize().to_string(),
                q.volume_m3.normalize().to_string(),
                q.declared_yuan.map(to_fen),
                q.delivery,
                to_fen(p.freight_yuan),
                to_fen(p.premium_yuan),
                to_fen(p.delivery_fee_yuan),
                to_fen(p.total_yuan),
                q.pieces,
                q.packaging.map_or("", |p| p.label()),
            ],
        )?)
    }

    /// The most recent quotes, newest first, at most `limit`; with `phone` not empty,
    /// only those whose phone contains it (a whole number or its tail).
    pub fn recent_quotes(&self, phone: &str, limit: usize) -> Result<Vec<StoredQuote>> {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        let pattern = format!("%{digits}%");
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.sql().query_map(
            &format!(
                "SELECT {COLUMNS} FROM phone_quotes WHERE replace(phone, '-', '') LIKE ?1
                 ORDER BY at DESC, id DESC LIMIT ?2"
            ),
            args![pattern, limit],
            read_row,
        )?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row.into_stored()?);
        }
        Ok(out)
    }

    /// The phone quotes given to a customer file's phones, newest first (at most 200).
    pub fn customer_quotes(&self, customer_id: i64) -> Result<Vec<StoredQuote>> {
        let rows = self.sql().query_map(
            &format!(
                "SELECT {COLUMNS} FROM phone_quotes
                 WHERE phone IN (SELECT phone FROM customers WHERE customer_id = ?1)
                 ORDER BY at DESC, id DESC LIMIT 200"
            ),
            args![customer_id],
            read_row,
        )?;
        rows.into_iter().map(RawQuote::into_stored).collect()
    }

    /// One recorded quote.
    pub fn phone_quote(&self, id: i64) -> Result<StoredQuote> {
        self.sql()
            .query_opt(
                &format!("SELECT {COLUMNS} FROM phone_quotes WHERE id = ?1"),
                args![id],
                read_row,
            )?
            .ok_or_else(|| StorageError::NotFound(format!("找不到报价记录 #{id}")))?
            .into_stored()
    }

    /// Notes the waybill a quote became; a quote becomes one waybill only: of two
    /// counters linking one quote at once, the first keeps it (one statement that links
    /// only an unlinked quote) and the second is told which waybill it became.
    pub fn link_quote(&self, id: i64, waybill_number: &str) -> Result<()> {
        let linked = self.sql().execute(
            "UPDATE phone_quotes SET waybill_number = ?2
             WHERE id = ?1 AND (waybill_number IS NULL OR waybill_number = '')",
            args![id, waybill_number],
        )?;
        if linked == 1 {
            return Ok(());
        }
        let quote = self.phone_quote(id)?;
        let number = quote.waybill_number.unwrap_or_default();
        Err(StorageError::Refused(format!(
            "报价 #{id} 已开成运单 {number}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::desk::destinations::Divisions;
    use crate::domain::desk::rates::FeeSettings;
    use crate::domain::service::{QuoteContext, QuoteDraft};

    use crate::testing::at;
    use rust_decimal::Decimal;

    fn priced(phone: &str, declared: &str) -> PhoneQuote {
        let table = crate::demo::samples::rate_table();
        QuoteDraft {
            dest_code: "430321".into(),
            caller_name: "王先生".into(),
            phone: phone.into(),
            goods_name: "服装".into(),
            weight_kg: "300".into(),
            volume_m3: "1.20".into(),
            declared_value: declared.into(),
            delivery: true,
            pieces: "12".into(),
            packaging: Some(crate::domain::desk::waybill::Packaging::Carton),
        }
        .validate(&QuoteContext {
            divisions: Divisions::bundled(),
            rates: &table,
            fees: &FeeSettings::default(),
            prohibited: &[],
        })
        .unwrap()
    }

    fn db() -> Db {
        crate::storage::staff::db_with(&[("A01", "张丽", "开单员")])
    }

    #[test]
    fn a_quote_is_recorded_with_its_parts_and_read_back() {
        let db = db();
        let quote = priced("13912345678", "3000");
        let id = db
            .record_quote(&quote, "A01", at("2026-11-23 09:30"))
            .unwrap();
        let stored = db.phone_quote(id).unwrap();
        assert_eq!(stored.at, at("2026-11-23 09:30"));
        assert_eq!(stored.clerk_id, "A01");
        assert_eq!(stored.waybill_number, None);
        assert_eq!(stored.quote.price, quote.price);
        assert_eq!(stored.quote.request.weight_kg, Decimal::new(300, 0));
        assert_eq!(stored.quote.request.volume_m3, Decimal::new(12, 1));
        assert_eq!(
            stored.quote.request.declared_yuan,
            Some(Decimal::new(3000, 0))
        );
        assert_eq!(stored.quote.price.total_yuan, Decimal::new(31500, 2));
        // An unknown clerk is refused.
        assert!(
            db.record_quote(&quote, "Z99", at("2026-11-23 09:31"))
                .is_err()
        );
        // The pieces and packaging asked (issue 18) come back with it.
        assert_eq!(
            (stored.quote.request.pieces, stored.quote.request.packaging),
            (12, Some(crate::domain::desk::waybill::Packaging::Carton))
        );
    }

    /// A customer file's quotes are those given to its phones (issue 18 item 6).
    #[test]
    fn a_customer_files_quotes_are_those_of_its_phones() {
        let mut db = db();
        let now = at("2026-11-23 12:00");
        let id = crate::storage::customers::hongda_file(&mut db, now);
        let mine = db
            .record_quote(&priced("13912345678", ""), "A01", at("2026-11-23 09:00"))
            .unwrap();
        db.record_quote(&priced("13800001111", ""), "A01", at("2026-11-23 10:00"))
            .unwrap();
        let quotes = db.customer_quotes(id).unwrap();
        assert_eq!(quotes.iter().map(|q| q.id).collect::<Vec<_>>(), [mine]);
    }

    #[test]
    fn quotes_are_found_by_phone_newest_first() {
        let db = db();
        let a = db
            .record_quote(&priced("13912345678", ""), "A01", at("2026-11-23 09:00"))
            .unwrap();
        let b = db
            .record_quote(&priced("0731-58123456", ""), "A01", at("2026-11-23 10:00"))
            .unwrap();
        let c = db
            .record_quote(&priced("13912345678", ""), "A01", at("2026-11-23 11:00"))
            .unwrap();
        let ids = |phone: &str| -> Vec<i64> {
            db.recent_quotes(phone, 50)
                .unwrap()
                .iter()
                .map(|q| q.id)
                .collect()
        };
        assert_eq!(ids(""), [c, b, a]);
        assert_eq!(ids("5678"), [c, a]);
        assert_eq!(ids("0731-5812"), [b]);
        assert_eq!(ids("139 1234 5678"), [c, a]);
        assert_eq!(db.recent_quotes("", 1).unwrap().len(), 1);
    }

    #[test]
    fn a_quote_becomes_one_waybill() {
        let db = db();
        let id = db
            .record_quote(&priced("13912345678", ""), "A01", at("2026-11-23 09:00"))
            .unwrap();
        db.link_quote(id, "GZ2611230001").unwrap();
        assert_eq!(
            db.phone_quote(id).unwrap().waybill_number.as_deref(),
            Some("GZ2611230001")
        );
        let again = db.link_quote(id, "GZ2611230002").unwrap_err();
        assert!(again.to_string().contains("GZ2611230001"), "{again}");
        assert!(matches!(db.phone_quote(99), Err(StorageError::NotFound(_))));
    }

    /// Two counters make waybills of one quote at the same moment: the quote names the
    /// first; the second is told (its waybill stands, as any second waybill would).
    #[test]
    fn one_quote_linked_by_two_counters_at_once_names_one_waybill() {
        let place = crate::storage::test_server::SharedPlace::new();
        let first = place.counter().unwrap();
        crate::storage::staff::hire(&first, &[("A01", "张丽", "开单员")]);
        for round in 0..4 {
            let id = first
                .record_quote(&priced("13912345678", ""), "A01", at("2026-11-23 09:00"))
                .unwrap();
            let gate = std::sync::Barrier::new(2);
            let results: Vec<_> = std::thread::scope(|s| {
                let links: Vec<_> = ["GZ2611230001", "GZ2611230002"]
                    .into_iter()
                    .map(|number| {
                        let (gate, db) = (&gate, place.counter().unwrap());
                        s.spawn(move || {
                            gate.wait();
                            db.link_quote(id, number).map(|()| number)
                        })
                    })
                    .collect();
                links.into_iter().map(|l| l.join().unwrap()).collect()
            });
            let linked: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
            assert_eq!(linked.len(), 1, "round {round}: {results:?}");
            let refused = results.iter().find_map(|r| r.as_ref().err()).unwrap();
            assert!(refused.to_string().contains(*linked[0]), "{refused}");
            let stored = first.phone_quote(id).unwrap().waybill_number.unwrap();
            assert_eq!(stored, *linked[0]);
        }
    }
}
