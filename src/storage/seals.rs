//! The seal chain: one hash chain over every row of the append-only tables — the waybill
//! history and timeline (which also chain themselves), the money ledger (`collections`),
//! pickups, releases, transfers, exceptions, notices, refusals and the supervisor's
//! authorisations (arrival scans, keyed by manifest, waybill and piece with no row id,
//! are kept by their triggers and the manifest's own counts). Each row is sealed in the transaction that writes it: an entry in
//! `seals` names the table and the row and holds SHA-256 over the previous entry's hash
//! and every column of the row. `check` walks the chain and finds a sealed row changed or
//! deleted, a row added behind the program's back, and (with the anchors kept outside
//! the database, `storage::anchors`) the newest entries removed or the whole chain
//! recomputed.

use super::sql::{Conn, NO_ARGS, Value, args};
use super::{Db, Result};
use crate::domain::desk::alteration::lower_hex;
use sha2::{Digest, Sha256};

/// The chain's start, before any entry.
const GENESIS: &str = "kaidan-seals";

/// The sealed tables (each with an `id` key that only grows) and what a clerk calls
/// them.
const SEALED: &[(&str, &str)] = &[
    ("waybill_history", "运单修改记录"),
    ("waybill_events", "运单动态"),
    ("refusals", "拒收登记"),
    ("arrival_issues", "到货异常"),
    ("notifications", "到货通知"),
    ("release_authorizations", "放货授权"),
    ("collections", "收付款流水"),
    ("pickups", "提货记录"),
    ("transfers", "中转记录"),
    ("exceptions", "异常登记"),
    ("duty_overrides", "上岗授权"),
    ("customer_merges", "客户合并记录"),
    ("credit_overrides", "月结超额授权"),
    ("charge_adjustments", "费用调整"),
    ("reweighs", "复秤记录"),
    ("debt_charges", "欠款确认"),
    ("storage_fee_waivers", "免收保管费"),
    ("cod_collections", "代收货款记录"),
    ("cod_release_overrides", "代收货款放行授权"),
    ("cod_remittances", "返款单"),
    ("cod_remittance_items", "返款单明细"),
    ("cod_remittance_steps", "返款单审批付款"),
    ("cod_payouts", "返款记录"),
    ("inspections", "开箱检查"),
    ("return_calls", "回访记录"),
    ("case_steps", "异常处理记录"),
    ("service_item_steps", "投诉处理记录"),
];

fn label(table: &str) -> &str {
    SEALED
        .iter()
        .find(|(name, _)| *name == table)
        .map_or(table, |(_, label)| label)
}

/// Seals the row `id` of `table`, just written in the caller's transaction.
pub(super) fn seal(conn: Conn<'_>, table: &'static str, id: i64) -> super::sql::Result<()> {
    seal_picked(conn, table, "WHERE id = ?1", args![id])
}

/// Seals the row the caller's transaction inserted last into `table`: the one with the
/// highest id, since writers hold the one writer lock (`sql::Conn::begin`) and ids only
/// grow.
pub(super) fn seal_last(conn: Conn<'_>, table: &'static str) -> super::sql::Result<()> {
    seal_picked(conn, table, "ORDER BY id DESC LIMIT 1", NO_ARGS)
}

/// Seals the one row of `table` that `pick` (the end of a `SELECT`) finds, reading it
/// and the chain's head in one statement: a seal is two round trips to a server.
fn seal_picked(
    conn: Conn<'_>,
    table: &'static str,
    pick: &str,
    params: &[&dyn super::sql::Param],
) -> super::sql::Result<()> {
    debug_assert!(
        SEALED.iter().any(|(name, _)| *name == table),
        "{table} is not sealed"
    );
    let row = conn
        .rows(
            &format!(
                "SELECT (SELECT hash FROM seals ORDER BY id DESC LIMIT 1), {table}.* FROM {table} {pick}"
            ),
            params,
        )?
        .into_iter()
        .next()
        .ok_or_else(|| super::sql::Error::from(rusqlite::Error::QueryReturnedNoRows))?;
    let previous = row
        .get::<Option<String>>(0)?
        .unwrap_or_else(|| GENESIS.to_owned());
    let (names, values) = (&row.names()[1..], &row.values()[1..]);
    let id = match names.iter().position(|n| n == "id").map(|i| &values[i]) {
        Some(Value::Int(id)) => *id,
        _ => {
            return Err(super::sql::Error::from(
                rusqlite::Error::QueryReturnedNoRows,
            ));
        }
    };
    let hash = hash_of(&previous, table, id, names, values);
    conn.execute(
        "INSERT INTO seals (tbl, row_id, prev_hash, hash) VALUES (?1, ?2, ?3, ?4)",
        args![table, id, previous, hash],
    )?;
    Ok(())
}

/// Seals every row not sealed yet, table by table in id order: the rows written before
/// the chain existed (migration 15).
pub(super) fn seal_backlog(conn: Conn<'_>) -> super::sql::Result<()> {
    for (table, _) in SEALED {
        // A table a later migration makes is not there yet at the levels before it.
        let exists_sql = match conn.dialect() {
            super::sql::Dialect::Sqlite => {
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1"
            }
            super::sql::Dialect::Postgres => {
                "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?1"
            }
        };
        if !conn.exists(exists_sql, args![*table])? {
            continue;
        }
        let ids: Vec<i64> = conn.query_map(
            &format!(
                "SELECT id FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM seals s WHERE s.tbl = ?1 AND s.row_id = t.id) ORDER BY id"
            ),
            args![table],
            |r| r.get(0),
        )?;
        for id in ids {
            seal(conn, table, id)?;
        }
    }
    Ok(())
}

/// The hash sealing row `id` of `table` after `previous`, or `None` when the row is
/// not there. Every column counts, in the order of their names; a column that is NULL
/// is left out, so a column added later (NULL in old rows) keeps old seals valid. The
/// values are read as the statement layer reads them, so a row copied to the other kind
/// of database keeps its seal.
fn row_hash(
    conn: Conn<'_>,
    previous: &str,
    table: &str,
    id: i64,
) -> super::sql::Result<Option<String>> {
    let Some(row) = conn
        .rows(&format!("SELECT * FROM {table} WHERE id = ?1"), args![id])?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    Ok(Some(hash_of(
        previous,
        table,
        id,
        row.names(),
        row.values(),
    )))
}

/// SHA-256 over `previous`, the table, the id and every column of a row but the NULL ones,
/// in the order of their names.
fn hash_of(previous: &str, table: &str, id: i64, names: &[String], values: &[Value]) -> String {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|a, b| names[*a].cmp(&names[*b]));
    let mut hasher = Sha256::new();
    let mut part = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    part(previous.as_bytes());
    part(table.as_bytes());
    part(id.to_string().as_bytes());
    for i in order {
        let value = match &values[i] {
            Value::Null => continue,
            Value::Int(n) => format!("i{n}").into_bytes(),
            Value::Real(x) => format!("r{}", x.to_bits()).into_bytes(),
            Value::Text(t) => [b"t", t.as_bytes()].concat(),
            Value::Blob(b) => [b"b", b.as_slice()].concat(),
        };
        part(names[i].as_bytes());
        part(&value);
    }
    lower_hex(&hasher.finalize())
}

/// The head of the seal chain: how many entries, and the newest one's hash (empty when
/// there is none).
pub(super) fn head(conn: Conn<'_>) -> super::sql::Result<(u64, String)> {
    conn.query_row(
        "SELECT COUNT(*), (SELECT hash FROM seals ORDER BY id DESC LIMIT 1) FROM seals",
        NO_ARGS,
        |r| Ok((r.get(0)?, r.get::<Option<String>>(1)?.unwrap_or_default())),
    )
}

/// The hash of the chain's `n`-th entry (from 1), if there are that many.
pub(super) fn hash_at(conn: Conn<'_>, n: u64) -> super::sql::Result<Option<String>> {
    conn.value(
        "SELECT hash FROM seals ORDER BY id LIMIT 1 OFFSET ?1",
        args![n.saturating_sub(1)],
    )
}

impl Db {
    /// Every check of the records `kaidan check` makes besides SQLite's own: the waybill
    /// history's chain (with the stored waybills, derived columns and protective
    /// triggers), the timeline's chain, and the seal chain over every append-only table.
    pub fn record_problems(&self) -> Result<Vec<String>> {
        let mut problems = self.check_history()?;
        problems.extend(self.check_waybill_events()?);
        problems.extend(self.check_seals()?);
        Ok(problems)
    }

    /// Walks the seal chain: one Chinese line per sealed row changed or deleted, per
    /// break in the chain, and per table with rows that were never sealed (written
    /// behind the program's back). Empty when sound.
    pub fn check_seals(&self) -> Result<Vec<String>> {
        let conn = self.sql();
        let mut problems = Vec::new();
        let seals: Vec<(i64, String, i64, String, String)> = conn.query_map(
            "SELECT id, tbl, row_id, prev_hash, hash FROM seals ORDER BY id",
            NO_ARGS,
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let mut previous = GENESIS.to_owned();
        for (seq, table, id, prev_hash, hash) in seals {
            let what = format!("{}第 {id} 条", label(&table));
            if prev_hash != previous {
                problems.push(format!(
                    "封存记录第 {seq} 条（{what}）与上一条断链：封存记录被删除或插入过"
                ));
            }
            // Only a table of the list is ever read (the name goes into the statement).
            if SEALED.iter().any(|(name, _)| *name == table) {
                match row_hash(conn, &prev_hash, &table, id)? {
                    None => problems.push(format!("{what}已封存，但不见了：被删除过")),
                    Some(now) if now != hash => {
                        problems.push(format!("{what}与封存时不符：被绕过程序改动过"));
                    }
                    Some(_) => {}
                }
            } else {
                problems.push(format!("封存记录第 {seq} 条指向未知的表 {table}"));
            }
            previous = hash;
        }
        // `NOT EXISTS`, not `NOT IN (SELECT …)`: PostgreSQL cannot make the latter an
        // anti-join, and once a table's seals outgrow its hash memory it tests every row
        // against all of them (a minute for 300,000 rows; 0.2 s this way).
        for (table, label) in SEALED {
            let unsealed: i64 = conn.query_row(
                &format!(
                    "SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM seals s WHERE s.tbl = ?1 AND s.row_id = t.id)"
                ),
                args![table],
                |r| r.get(0),
            )?;
            if unsealed > 0 {
                problems.push(format!(
                    "{label}有 {unsealed} 条没有封存，可能是绕过程序写入的"
                ));
            }
        }
        Ok(problems)
    }
}
