//! Numbered schema migrations. The schema version lives in SQLite's `user_version`;
//! migration N brings a database from version N−1 to N inside one transaction, so a crash
//! mid-way leaves the database at N−1. A migration, once released, is never edited: later
//! changes are new migrations.

pub(super) mod pg;
mod sqlite_steps;

use rusqlite::Connection;
use sqlite_steps::MIGRATIONS;

/// The level that made the seal chain: from it on, every migration seals what it left
/// unsealed.
const SEALS_LEVEL: i64 = 15;

/// The schema version this program writes.
#[allow(clippy::cast_possible_wrap, reason = "a handful of migrations")]
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The triggers the migrations leave in a database at the latest level: the ones created
/// and not dropped again by a later migration. Each guards a record (nothing deleted, an
/// append-only table, a locked month), so `check` reports one that is missing.
pub(super) fn protective_triggers() -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for sql in MIGRATIONS {
        let words: Vec<&str> = sql.split_whitespace().collect();
        for (i, pair) in words.windows(2).enumerate() {
            // The name follows `TRIGGER`, or `TRIGGER IF [NOT] EXISTS`.
            let rest = &words[i + 2..];
            let (["IF", "NOT", "EXISTS", name, ..] | ["IF", "EXISTS", name, ..] | [name, ..]) =
                rest
            else {
                continue;
            };
            let name = name.trim_end_matches(';').to_owned();
            match (pair[0], pair[1]) {
                ("CREATE", "TRIGGER") if !names.contains(&name) => names.push(name),
                ("DROP", "TRIGGER") => names.retain(|n| *n != name),
                _ => {}
            }
        }
    }
    names.sort();
    names
}

/// kaidan's mark in the SQLite header (`PRAGMA application_id`): "KDAN". A database
/// made before the mark gets it on its next opening that writes.
pub(super) const APPLICATION_ID: i32 = 0x4B44_414E;

/// Why a file is not opened as kaidan's.
pub(super) enum Foreign {
    /// Another program's database (or one with tables but no kaidan schema).
    NotKaidan,
    /// The file could not even be read (not a database, unreadable …).
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for Foreign {
    fn from(error: rusqlite::Error) -> Self {
        Self::Sqlite(error)
    }
}

/// Refuses, by reading only, a file that is not kaidan's: one with another program's
/// mark, or one with tables that kaidan's schema versions do not explain. An empty file
/// (a new database) and a kaidan database from before the mark are accepted.
pub(super) fn refuse_foreign(conn: &Connection) -> Result<(), Foreign> {
    // One read transaction: the mark, the level and the tables are read as of one moment,
    // not across another counter's migration committing in between. Dropped, it ends.
    let conn = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Deferred)?;
    let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id == APPLICATION_ID {
        return Ok(());
    }
    if id != 0 {
        return Err(Foreign::NotKaidan);
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if version == 0 && objects == 0 {
        return Ok(());
    }
    // Migration 1's tables, which every kaidan database has had.
    let ours: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'
         AND name IN ('settings', 'staff', 'rates', 'waybills', 'waybill_history')",
        [],
        |r| r.get(0),
    )?;
    if version >= 1 && ours == 5 {
        Ok(())
    } else {
        Err(Foreign::NotKaidan)
    }
}

/// Puts the file in WAL mode once (the mode is kept in the file). Switching needs the file
/// for a moment alone: when another process is opening it at the same instant, this waits
/// its turn as a writer does instead of failing.
pub(super) fn use_wal(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if mode.eq_ignore_ascii_case("wal") || mode.eq_ignore_ascii_case("memory") {
        return Ok(());
    }
    let started = std::time::Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(error)
                if super::errors::is_busy(&error)
                    && started.elapsed() < super::errors::BUSY_WAIT =>
            {
                std::thread::sleep(super::errors::BUSY_STEP);
            }
            Err(error) => return Err(error),
        }
    }
}

/// A migration that failed: the level the database said it was at when the next
/// migration could not be applied (`None` when the failure was not in a migration's own
/// SQL), and SQLite's error. Nothing of that migration was written.
#[derive(Debug)]
pub(super) struct MigrationFailure {
    pub level: Option<i64>,
    pub source: super::sql::Error,
}

impl From<rusqlite::Error> for MigrationFailure {
    fn from(source: rusqlite::Error) -> Self {
        Self {
            level: None,
            source: source.into(),
        }
    }
}

impl From<super::sql::Error> for MigrationFailure {
    fn from(source: super::sql::Error) -> Self {
        Self {
            level: None,
            source,
        }
    }
}

/// Applies every migration the database lacks, each in its own transaction.
pub(super) fn migrate(conn: &mut Connection) -> Result<(), MigrationFailure> {
    migrate_to(conn, LATEST_VERSION)
}

/// Applies every migration the database lacks, as [`migrate`], calling `keep` with the
/// level first when this connection is the one to upgrade a database an older kaidan
/// left (level 1 or more): under the write lock, before the first step, at the level it
/// saw before taking the lock. A new database being made, or one another counter is
/// upgrading at that moment, is not kept. `keep` failing stops the upgrade unchanged.
pub(super) fn migrate_keeping<E: From<MigrationFailure>>(
    conn: &mut Connection,
    keep: impl FnOnce(i64) -> Result<(), E>,
) -> Result<(), E> {
    run(conn, LATEST_VERSION, Some(keep))
}

/// Applies migrations up to `target` (tests use this to stop at an earlier level).
///
/// Each migration runs under the write lock (`BEGIN IMMEDIATE`) and re-reads the level
/// inside it: four counters starting together on a new database apply each migration
/// once, one after the other, and none sees a level another is half-way through.
pub(super) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), MigrationFailure> {
    run(
        conn,
        target,
        None::<fn(i64) -> Result<(), MigrationFailure>>,
    )
}

fn run<E: From<MigrationFailure>>(
    conn: &mut Connection,
    target: i64,
    mut keep: Option<impl FnOnce(i64) -> Result<(), E>>,
) -> Result<(), E> {
    let level = |conn: &Connection| -> rusqlite::Result<(i64, i32)> {
        Ok((
            conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            conn.query_row("PRAGMA application_id", [], |r| r.get(0))?,
        ))
    };
    let failed = |e: rusqlite::Error| E::from(MigrationFailure::from(e));
    // Nothing to do: no write, no lock.
    let seen = level(conn).map_err(failed)?;
    if let (current, APPLICATION_ID) = seen
        && current >= target
    {
        return Ok(());
    }
    loop {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(failed)?;
        let (current, _) = level(&tx).map_err(failed)?;
        // Only before this connection's first step, and only at the level seen
        // before the lock: then no other counter is half-way through.
        if let Some(keep) = keep.take()
            && current >= 1
            && current < target
            && current == seen.0
        {
            keep(current)?;
        }
        if current < target {
            let sql = usize::try_from(current)
                .ok()
                .and_then(|index| MIGRATIONS.get(index))
                .ok_or(rusqlite::Error::InvalidQuery)
                .map_err(failed)?;
            // A level lowered by hand (with the sqlite3 tool) meets tables that are
            // already there: said as such, not as SQLite's "duplicate column name".
            tx.execute_batch(sql).map_err(|source| MigrationFailure {
                level: Some(current),
                source: source.into(),
            })?;
            if current + 1 >= SEALS_LEVEL {
                super::seals::seal_backlog(super::sql::Conn::Sqlite(&tx))
                    .map_err(MigrationFailure::from)?;
            }
            tx.pragma_update(None, "user_version", current + 1)
                .map_err(failed)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(failed)?;
        tx.commit().map_err(failed)?;
        if current + 1 >= target {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod level_tests;
#[cfg(test)]
mod money_level_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod upgrade_tests;
