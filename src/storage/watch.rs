//! Noticing what other counters write (issue 15): a [`Watcher`] holds a connection of its
//! own to the database the window works on and says when anything was committed there
//! since it last looked, so every counter's lists, stock and dispatch pages follow the
//! others within a second or two without a manual refresh.
//!
//! On an SQLite file it reads `PRAGMA data_version`, which SQLite moves whenever another
//! connection commits to the file (the window's own connection included). On PostgreSQL
//! it `LISTEN`s to `kaidan_changes_<schema>`, which a statement trigger on every table notifies
//! (migration 17), and, should a notice be lost with a dropped connection, compares the
//! change sequence those triggers advance (`change_seq`) as the fallback. A server that
//! went away is tried again at each look, so the watcher says when it is back.

use super::sql::{Conn, NO_ARGS, PgConn};
use super::{Db, Link, Result};
use rusqlite::Connection;
use std::path::PathBuf;
use std::time::Duration;

/// The channel the tables' triggers notify on PostgreSQL, followed by the schema's name
/// (notices go to the whole database; a schema is one station's kaidan).
pub const CHANNEL: &str = "kaidan_changes_";

/// Watches one database for commits.
pub struct Watcher {
    source: Source,
    /// The last change mark seen (SQLite's data version, or the server's sequence).
    seen: Option<i64>,
}

enum Source {
    File {
        path: PathBuf,
        conn: Option<Box<Connection>>,
    },
    Server {
        url: String,
        conn: Option<Box<PgConn>>,
    },
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Watcher")
    }
}

impl Db {
    /// A watcher of this database, with a connection of its own; `None` for a database
    /// in memory, which nobody else can write.
    ///
    /// # Errors
    /// The database cannot be opened again.
    pub fn watcher(&self) -> Result<Option<Watcher>> {
        let source = match &self.link {
            Link::Sqlite(conn) => match conn.path().filter(|p| !p.is_empty()) {
                Some(path) => Source::File {
                    path: PathBuf::from(path),
                    conn: None,
                },
                None => return Ok(None),
            },
            Link::Postgres(_, _, url) => Source::Server {
                url: url.clone(),
                conn: None,
            },
        };
        let mut watcher = Watcher { source, seen: None };
        watcher.seen = Some(watcher.mark()?);
        Ok(Some(watcher))
    }
}

impl Watcher {
    /// Waits up to `wait` and says whether the database changed since the last call.
    ///
    /// # Errors
    /// The database cannot be read (the server went away, the file was taken): the next
    /// call tries again with a fresh connection.
    pub fn changed(&mut self, wait: Duration) -> Result<bool> {
        let noticed = match &mut self.source {
            Source::File { .. } => {
                std::thread::sleep(wait);
                false
            }
            // A connection is put back only when it worked: a failed one is dropped, and
            // the next look connects again.
            Source::Server { conn, .. } => match conn.take() {
                Some(pg) => {
                    let noticed = pg.wait_notice(wait)?;
                    *conn = Some(pg);
                    noticed
                }
                None => false,
            },
        };
        let mark = self.mark()?;
        let moved = self.seen.is_some_and(|seen| seen != mark);
        self.seen = Some(mark);
        Ok(noticed || moved)
    }

    /// The change mark now, connecting first when there is no connection.
    fn mark(&mut self) -> Result<i64> {
        match &mut self.source {
            Source::File { path, conn } => {
                let file = match conn.take() {
                    Some(file) => file,
                    None => Box::new(Connection::open_with_flags(
                        &*path,
                        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )?),
                };
                let version = file.query_row("PRAGMA data_version", [], |r| r.get::<_, i64>(0))?;
                *conn = Some(file);
                Ok(version)
            }
            Source::Server { url, conn } => {
                let pg = match conn.take() {
                    Some(pg) => pg,
                    None => Box::new(listening(url)?),
                };
                let value = Conn::Postgres(&pg).query_row(
                    "SELECT last_value FROM change_seq",
                    NO_ARGS,
                    |r| r.get::<i64>(0),
                )?;
                *conn = Some(pg);
                Ok(value)
            }
        }
    }
}

/// A new connection to the server, listening to its schema's change notices.
fn listening(url: &str) -> Result<PgConn> {
    let pg = PgConn::connect(url)?;
    let schema: String = Conn::Postgres(&pg).one("SELECT current_schema()::text", NO_ARGS)?;
    let channel = format!("{CHANNEL}{schema}").replace('"', "");
    Conn::Postgres(&pg).batch(&format!("LISTEN \"{channel}\""))?;
    Ok(pg)
}

#[cfg(test)]
mod tests {
    use crate::storage::staff::StaffMember;
    use crate::storage::test_server::SharedPlace;
    use std::time::{Duration, Instant};

    /// A watcher sees another counter's commit within a look or two, and nothing when
    /// nothing was written; on a file and (with `KAIDAN_TEST_BACKEND=postgres`) on the
    /// test server.
    #[test]
    fn a_watcher_sees_another_counters_commit() {
        let place = SharedPlace::new();
        let mine = place.counter().unwrap();
        let mut watcher = mine.watcher().unwrap().unwrap();
        assert!(!watcher.changed(Duration::from_millis(50)).unwrap());
        let other = place.counter().unwrap();
        other
            .upsert_staff(&StaffMember {
                id: "A01".into(),
                name: "张丽".into(),
                role: "开单员".into(),
            })
            .unwrap();
        let start = Instant::now();
        while !watcher.changed(Duration::from_millis(100)).unwrap() {
            assert!(start.elapsed() < Duration::from_secs(2), "not seen in 2 s");
        }
        assert!(!watcher.changed(Duration::from_millis(50)).unwrap());
    }

    #[test]
    fn a_database_in_memory_has_no_watcher() {
        if crate::storage::test_server::postgres_wanted() {
            return;
        }
        let db = crate::storage::Db::open_in_memory().unwrap();
        assert!(db.watcher().unwrap().is_none());
    }

    /// The server ends a counter's connection in the middle of a save (as when its
    /// plug is pulled): nothing of the save is written, the counter is told in Chinese,
    /// connects again by itself, and the next save goes through with the next number.
    #[test]
    fn a_connection_ended_mid_save_writes_nothing_and_comes_back() {
        use crate::storage::sql::{NO_ARGS, args};
        if !crate::storage::test_server::postgres_wanted() {
            return;
        }
        let place = SharedPlace::new();
        let mut db = place.counter().unwrap();
        let killer = place.counter().unwrap();
        let pid: i32 = db
            .sql()
            .query_row("SELECT pg_backend_pid()", NO_ARGS, |r| r.get::<i64>(0))
            .map(|p| i32::try_from(p).unwrap())
            .unwrap();
        let tx = db.sql().begin().unwrap();
        tx.execute(
            "INSERT INTO staff (id, name, role) VALUES (?1, ?2, ?3)",
            args!["A09", "半截", "开单员"],
        )
        .unwrap();
        killer
            .sql()
            .query_row(
                "SELECT pg_terminate_backend(?1)::text",
                args![i64::from(pid)],
                |r| r.get::<String>(0),
            )
            .unwrap();
        let lost = crate::storage::StorageError::from(tx.commit().unwrap_err()).to_string();
        assert!(
            lost.contains("连接断开") || lost.contains("服务器"),
            "{lost}"
        );
        assert!(db.reconnect_if_lost().unwrap());
        assert!(!db.reconnect_if_lost().unwrap());
        let count: i64 = db
            .sql()
            .one("SELECT COUNT(*) FROM staff WHERE id = 'A09'", NO_ARGS)
            .unwrap();
        assert_eq!(count, 0, "half a save was kept");
        db.upsert_staff(&StaffMember {
            id: "A09".into(),
            name: "张丽".into(),
            role: "开单员".into(),
        })
        .unwrap();
    }
}
