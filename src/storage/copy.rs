//! Moving up (`kaidan copy TARGET`): the whole database into an empty one of either kind,
//! an SQLite file into the station's PostgreSQL server most often. Every table is copied
//! row for row with its keys, so the hash chains, the seals and the anchors still hold;
//! the copy is one transaction on the target, and it is verified (the same checks as
//! `kaidan check`, and the rows of every table counted on both) before it is said done.

use super::sql::{Conn, NO_ARGS, Row, Value, args, dynamic};
use super::{Db, Result, StorageError};

/// Every table, in an order that writes each row after the rows it refers to. Two
/// protective triggers look at other tables when a row is inserted: the month locks are
/// copied last (a locked month refuses new clock-in rows, events, requests …), and the
/// manifests' departure and arrival times are set after their pieces and scans.
pub(super) const TABLES: &[&str] = &[
    "settings",
    "stations",
    "staff",
    "rates",
    "prohibited_goods",
    "customer_files",
    "customers",
    "waybill_sequence",
    "waybills",
    "waybill_history",
    "refusals",
    "punches",
    "point_events",
    "rule_overrides",
    "dismissals",
    "staff_passwords",
    "waybill_stages",
    "waybill_events",
    "manifests",
    "manifest_pieces",
    "incoming_waybills",
    "arrival_scans",
    "arrival_issues",
    "notifications",
    "release_authorizations",
    "pickups",
    "delivery_tasks",
    "transfers",
    "receipts",
    "exceptions",
    "regulator_uploads",
    "attendance_requests",
    "appeals",
    "handovers",
    "departures",
    "duty_overrides",
    "schedule",
    "phone_quotes",
    "service_items",
    "customer_addresses",
    "customer_merges",
    "credit_approvals",
    "credit_overrides",
    "cash_counts",
    "claims",
    "claim_decisions",
    "collections",
    "seals",
    "attachment_files",
    "month_locks",
    "charge_adjustments",
    "reweighs",
    "debt_charges",
    "storage_fee_waivers",
    "charge_appeals",
    "cod_collections",
    "cod_release_overrides",
    "cod_remittances",
    "cod_remittance_items",
    "cod_remittance_steps",
    "cod_payouts",
    "inspections",
    "return_calls",
    "appointments",
    "case_steps",
    "service_item_steps",
];

/// The manifests' columns set only after their pieces and scans are in.
const MANIFEST_CLOSING: [&str; 2] = ["departed_at", "arrived_at"];

/// What a copy did, table by table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    /// (table, rows) for every table, in copy order.
    pub tables: Vec<(String, u64)>,
    /// Attachments carried over (files beside an SQLite file, bytes on a server).
    pub attachments: u64,
    /// Attachments the records name that the source no longer has (said, not copied).
    pub attachments_missing: Vec<String>,
}

impl CopyReport {
    /// Rows copied in all.
    #[must_use]
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

fn count(conn: Conn<'_>, table: &str) -> Result<u64> {
    Ok(
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), NO_ARGS, |r| {
            r.get(0)
        })?,
    )
}

impl Db {
    /// Copies this whole database into `target`, which must hold no data yet (only what
    /// setting it up wrote: its identity), and verifies the copy. The target takes this
    /// database's identity, so this PC's anchors go on verifying it.
    pub fn copy_into(&self, target: &Db) -> Result<CopyReport> {
        let to = target.sql();
        // What setting the target up wrote: its identity, and its first station (made
        // from default settings), which the source's stations replace.
        for table in TABLES
            .iter()
            .filter(|t| !matches!(**t, "settings" | "stations"))
        {
            if count(to, table)? > 0 {
                return Err(StorageError::Refused(format!(
                    "目标数据库 {} 里已有数据（表 {table}）：只能复制到空的数据库，没有改动它",
                    target.shown()
                )));
            }
        }
        let tx = to.begin()?;
        tx.execute("DELETE FROM stations", NO_ARGS)?;
        let mut report = CopyReport {
            tables: Vec::new(),
            attachments: 0,
            attachments_missing: Vec::new(),
        };
        let mut closings: Vec<(i64, Value, Value)> = Vec::new();
        for table in TABLES {
            let mut copied = 0_u64;
            // Rows go in a few hundred at a time (`Conn::insert_rows`), in their order.
            let mut names: Vec<String> = Vec::new();
            let mut held: Vec<Value> = Vec::new();
            self.sql().for_each(
                &format!("SELECT * FROM {table}"),
                NO_ARGS,
                |row: &Row| -> Result<()> {
                    if names.is_empty() {
                        names = row.names().to_vec();
                    }
                    let mut values = row.values().to_vec();
                    if *table == "manifests" {
                        closings.push(hold_closing(row, &mut values)?);
                    }
                    held.extend(values);
                    copied += 1;
                    if held.len() >= COPY_BATCH {
                        write_rows(*tx, table, &names, &mut held)?;
                    }
                    Ok(())
                },
            )?;
            write_rows(*tx, table, &names, &mut held)?;
            if *table == "arrival_scans" {
                // The manifests' closing times, now that their pieces and scans are in.
                for (id, departed, arrived) in closings.drain(..) {
                    if departed != Value::Null || arrived != Value::Null {
                        tx.execute(
                            "UPDATE manifests SET departed_at = ?1, arrived_at = ?2 WHERE id = ?3",
                            args![departed, arrived, id],
                        )?;
                    }
                }
            }
            report.tables.push(((*table).to_owned(), copied));
        }
        follow_identities(*tx)?;
        self.copy_attachments(target, *tx, &mut report)?;
        tx.commit()?;
        verify(self, target, &report)?;
        Ok(report)
    }
}

impl Db {
    /// The attachments the events name, carried to `target`: into its table on a
    /// server (in the copy's transaction `to`), into the folder beside an SQLite file.
    fn copy_attachments(&self, target: &Db, to: Conn<'_>, report: &mut CopyReport) -> Result<()> {
        let named: Vec<String> = self.sql().query_map(
            "SELECT DISTINCT attachment FROM point_events WHERE attachment IS NOT NULL AND attachment <> ''
             ORDER BY attachment",
            NO_ARGS,
            |r| r.get(0),
        )?;
        for stored in named {
            let Some(bytes) = self.attachment_bytes(&stored)? else {
                report.attachments_missing.push(stored);
                continue;
            };
            if target.server().is_some() {
                super::attachments::store_on_server(to, &stored, &bytes)?;
            } else if let Some(file) = target.folder().map(|f| f.join(&stored)) {
                let written = file
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::write(&file, &bytes));
                written.map_err(|source| StorageError::Attachment { path: file, source })?;
            }
            report.attachments += 1;
        }
        Ok(())
    }
}

/// Takes a manifest row's closing times out of `values` (written NULL for now) and
/// returns them with the manifest's id.
fn hold_closing(row: &Row, values: &mut [Value]) -> Result<(i64, Value, Value)> {
    let position = |name: &str| row.names().iter().position(|n| n == name);
    let id: i64 = row.get(position("id").unwrap_or(0))?;
    let mut taken = [Value::Null, Value::Null];
    for (slot, name) in taken.iter_mut().zip(MANIFEST_CLOSING) {
        if let Some(i) = position(name) {
            *slot = std::mem::replace(&mut values[i], Value::Null);
        }
    }
    let [departed, arrived] = taken;
    Ok((id, departed, arrived))
}

/// How many values a copy holds before writing them.
const COPY_BATCH: usize = 4096;

/// Writes the rows `held` into `table` (every column named) and empties it; the settings
/// the target already has (its identity) are replaced by the source's.
fn write_rows(to: Conn<'_>, table: &str, names: &[String], held: &mut Vec<Value>) -> Result<()> {
    if held.is_empty() {
        return Ok(());
    }
    let columns: Vec<&str> = names.iter().map(String::as_str).collect();
    let upsert = if table == "settings" {
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    } else {
        ""
    };
    to.insert_rows(table, &columns, &dynamic(held), upsert)?;
    held.clear();
    Ok(())
}

/// On PostgreSQL, each identity column's sequence moved past the ids copied in, so the
/// next row written gets a new one (SQLite follows by itself).
fn follow_identities(conn: Conn<'_>) -> Result<()> {
    if conn.dialect() != super::sql::Dialect::Postgres {
        return Ok(());
    }
    for table in TABLES {
        let sequence: Option<Option<String>> = conn.value(
            "SELECT pg_get_serial_sequence(table_name::text, 'id') FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?1 AND column_name = 'id'",
            args![*table],
        )?;
        if let Some(Some(_)) = sequence {
            conn.query_row(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL)::text FROM {table}"
                ),
                NO_ARGS,
                |r| r.get::<Option<String>>(0),
            )?;
        }
    }
    Ok(())
}

/// The copy's proof: the target passes every check `kaidan check` makes, and every
/// table holds as many rows as the source's.
fn verify(source: &Db, target: &Db, report: &CopyReport) -> Result<()> {
    let mut problems = target.integrity_problems()?;
    problems.extend(target.record_problems()?);
    for (table, copied) in &report.tables {
        let (here, there) = (count(source.sql(), table)?, count(target.sql(), table)?);
        if here != *copied || there != *copied {
            problems.push(format!(
                "表 {table}：源数据库 {here} 行，复制了 {copied} 行，目标数据库 {there} 行"
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StorageError::Corrupt(format!(
            "复制后的核对没有通过：{}",
            problems.join("；")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_copied() {
        let db = Db::open_in_memory().unwrap();
        let sql = match db.sql().dialect() {
            super::super::sql::Dialect::Sqlite => {
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            }
            super::super::sql::Dialect::Postgres => {
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'kaidan_schema'"
            }
        };
        let mut present: Vec<String> = db.sql().query_map(sql, NO_ARGS, |r| r.get(0)).unwrap();
        present.sort();
        let mut listed: Vec<String> = TABLES.iter().map(|t| (*t).to_owned()).collect();
        listed.sort();
        assert_eq!(listed, present, "a new table must join TABLES");
    }
}
