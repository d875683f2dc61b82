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

use super::{Db, Result};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

/// The chain's start, before any entry.
const GENESIS: &str = "kaidan-seals";

/// The sealed tables (each with an `id INTEGER PRIMARY KEY` that only grows) and what a
/// clerk calls them.
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
];

fn label(table: &str) -> &str {
    SEALED
        .iter()
        .find(|(name, _)| *name == table)
        .map_or(table, |(_, label)| label)
}

/// Seals the row `id` of `table`, just written in the caller's transaction.
pub(super) fn seal(conn: &Connection, table: &'static str, id: i64) -> rusqlite::Result<()> {
    debug_assert!(
        SEALED.iter().any(|(name, _)| *name == table),
        "{table} is not sealed"
    );
    let previous = head_hash(conn)?;
    let hash = row_hash(conn, &previous, table, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    conn.prepare_cached(
        "INSERT INTO seals (tbl, row_id, prev_hash, hash) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![table, id, previous, hash])?;
    Ok(())
}

/// Seals the row the caller's transaction inserted last into `table`.
pub(super) fn seal_last(conn: &Connection, table: &'static str) -> rusqlite::Result<()> {
    seal(conn, table, conn.last_insert_rowid())
}

/// Seals every row not sealed yet, table by table in id order: the rows written before
/// the chain existed (migration 15).
pub(super) fn seal_backlog(conn: &Connection) -> rusqlite::Result<()> {
    for (table, _) in SEALED {
        let ids: Vec<i64> = conn
            .prepare(&format!(
                "SELECT id FROM {table} WHERE id NOT IN (SELECT row_id FROM seals WHERE tbl = ?1) ORDER BY id"
            ))?
            .query_map([table], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            seal(conn, table, id)?;
        }
    }
    Ok(())
}

fn head_hash(conn: &Connection) -> rusqlite::Result<String> {
    Ok(conn
        .prepare_cached("SELECT hash FROM seals ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_owned()))
}

/// The hash sealing row `id` of `table` after `previous`, or `None` when the row is
/// not there. Every column counts, in the order of their names; a column that is NULL
/// is left out, so a column added later (NULL in old rows) keeps old seals valid.
fn row_hash(
    conn: &Connection,
    previous: &str,
    table: &str,
    id: i64,
) -> rusqlite::Result<Option<String>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|a, b| names[*a].cmp(&names[*b]));
    let mut rows = stmt.query([id])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let mut hasher = Sha256::new();
    let mut part = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    part(previous.as_bytes());
    part(table.as_bytes());
    part(id.to_string().as_bytes());
    for i in order {
        let value = match row.get_ref(i)? {
            ValueRef::Null => continue,
            ValueRef::Integer(n) => format!("i{n}").into_bytes(),
            ValueRef::Real(x) => format!("r{}", x.to_bits()).into_bytes(),
            ValueRef::Text(t) => [b"t", t].concat(),
            ValueRef::Blob(b) => [b"b", b].concat(),
        };
        part(names[i].as_bytes());
        part(&value);
    }
    Ok(Some(hex(&hasher.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The head of the seal chain: how many entries, and the newest one's hash (empty when
/// there is none).
pub(super) fn head(conn: &Connection) -> rusqlite::Result<(u64, String)> {
    let (count, hash): (i64, Option<String>) = conn.query_row(
        "SELECT COUNT(*), (SELECT hash FROM seals ORDER BY id DESC LIMIT 1) FROM seals",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((u64::try_from(count).unwrap_or(0), hash.unwrap_or_default()))
}

/// The hash of the chain's `n`-th entry (from 1), if there are that many.
pub(super) fn hash_at(conn: &Connection, n: u64) -> rusqlite::Result<Option<String>> {
    let offset = i64::try_from(n.saturating_sub(1)).unwrap_or(i64::MAX);
    conn.query_row(
        "SELECT hash FROM seals ORDER BY id LIMIT 1 OFFSET ?1",
        [offset],
        |r| r.get(0),
    )
    .optional()
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
        let conn = self.conn();
        let mut problems = Vec::new();
        let mut stmt =
            conn.prepare("SELECT id, tbl, row_id, prev_hash, hash FROM seals ORDER BY id")?;
        let mut rows = stmt.query([])?;
        let mut previous = GENESIS.to_owned();
        while let Some(r) = rows.next()? {
            let (seq, table, id): (i64, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (prev_hash, hash): (String, String) = (r.get(3)?, r.get(4)?);
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
        for (table, label) in SEALED {
            let unsealed: i64 = conn.query_row(
                &format!(
                    "SELECT COUNT(*) FROM {table} WHERE id NOT IN (SELECT row_id FROM seals WHERE tbl = ?1)"
                ),
                [table],
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
