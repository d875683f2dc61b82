//! Finding waybills: by number, phone, the last four digits of a phone or a name (the
//! name last written with a phone, or its customer file's), and the form's look-ups of a
//! known customer and their usual consignees.

use super::{
    KnownCustomer, LIST_LIMIT, SUMMARY_COLUMNS, UsualConsignee, WaybillQuery, WaybillSummary,
};
use crate::domain::desk::phone::Phone;
use crate::domain::desk::waybill::WaybillStatus;
use crate::domain::money::from_fen;
use crate::storage::sql::{Dialect, Row, args};
use crate::storage::{Db, Result, StorageError, parse_time};

impl Db {
    /// Finds waybills, newest first, at most [`LIST_LIMIT`].
    pub fn find_waybills(&self, query: &WaybillQuery) -> Result<Vec<WaybillSummary>> {
        let (sql, values) = search_sql(query, self.sql().dialect());
        let rows = self.sql().query_map(
            &sql,
            &crate::storage::sql::dynamic(&values),
            summary_from_row,
        )?;
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
    /// The phones of shippers whose phone ends in `tail` (four digits), from their
    /// waybills, most recent first (at most five): a returning shipper found by the
    /// digits they say at the counter.
    pub fn shippers_by_tail(&self, tail: &str) -> Result<Vec<String>> {
        Ok(self.sql().query_map(
            "SELECT shipper_phone FROM waybills WHERE shipper_tail = ?1 AND status <> '作废'
             GROUP BY shipper_phone ORDER BY MAX(issued_at) DESC LIMIT 5",
            args![tail],
            |r| r.get(0),
        )?)
    }

    /// What the shipper sent last (品名, 包装), to start their next waybill from.
    pub fn last_goods(&self, shipper_phone: &Phone) -> Result<Option<(String, String)>> {
        Ok(self.sql().query_opt(
            "SELECT goods_name, packaging FROM waybills WHERE shipper_phone = ?1 AND status <> '作废'
             ORDER BY issued_at DESC, number DESC LIMIT 1",
            args![shipper_phone.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

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
}

/// The statement of [`Db::find_waybills`] and the values of its placeholders.
pub(super) fn search_sql(query: &WaybillQuery, dialect: Dialect) -> (String, Vec<String>) {
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
            // (`matched`), then the waybills by the phone indexes. PostgreSQL cannot
            // guess how many phones `IN (SELECT …)` holds and reads the waybills in
            // time order instead (half a second); an array of them it looks up by index.
            let p = bind(&mut values, format!("%{}%", escape_like(text)));
            conditions.push(match dialect {
                Dialect::Sqlite => "(shipper_phone IN (SELECT phone FROM matched) OR consignee_phone IN (SELECT phone FROM matched))",
                Dialect::Postgres => "(shipper_phone = ANY (ARRAY(SELECT phone FROM matched)) OR consignee_phone = ANY (ARRAY(SELECT phone FROM matched)))",
            }.to_owned());
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

fn summary_from_row(r: &Row) -> crate::storage::sql::Result<Result<WaybillSummary>> {
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
