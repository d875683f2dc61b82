//! The SQLite database: opening it safely, the numbered migrations, and the queries of
//! every part of the desk. One file holds all business data. Every write that belongs
//! together is one transaction, and `synchronous=FULL` with WAL means a waybill that was
//! printed survives a power cut.

pub mod anchors;
mod attachments;
pub mod auth;
pub mod backups;
pub mod claims;
pub mod copy;
pub mod customers;
pub mod dispatch;
mod errors;
mod exports;
pub mod location;
mod migrations;
pub mod money;
pub mod people;
pub mod quotes;
pub mod rates;
pub mod reports;
pub mod revisions;
mod schedule;
mod seals;
pub mod service;
pub mod settings;
pub(crate) mod sql;
pub mod staff;
pub mod stations;
#[doc(hidden)]
pub mod test_server;
pub mod watch;
pub mod waybills;

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub use location::Location;
pub use migrations::LATEST_VERSION;

/// What can go wrong with the database, in words a clerk can act on.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The database itself failed (disk full, file locked, damaged file, server gone …):
    /// one Chinese line saying what to do, the database's English after it for IT
    /// (`errors::message`).
    #[error("{}", errors::message(.0))]
    Database(#[from] sql::Error),
    /// `--db` names a file that is not there, for a command that never creates one.
    #[error("数据库文件 {} 不存在：请检查 --db 的路径（只有窗口、demo 和导入命令会新建数据库）", .0.display())]
    Missing(PathBuf),
    /// A migration could not be applied to a database whose tables do not match its
    /// schema level (changed with another tool): nothing was written.
    #[error("数据库的版本号是 {level}，但其中的表与这个版本不符（升级到 {} 失败），可能被其他工具改动过：数据库没有被改动，请从备份恢复，或联系 IT（SQLite：{source}）", .level + 1)]
    SchemaMismatch {
        /// The level the file said it was at.
        level: i64,
        /// The database's error.
        source: sql::Error,
    },
    /// The PostgreSQL server could not be reached or refused the login: nothing was
    /// written.
    #[error("{}（数据库：{url}）", errors::message(.source))]
    Server {
        /// The server's URL, without its password.
        url: String,
        /// Why.
        source: sql::Error,
    },
    /// The server's schema holds another program's tables: kaidan changes nothing in it.
    #[error(
        "{0} 里已有别的程序的表，不是 kaidan 的数据库：kaidan 没有改动它。请为 kaidan 单独建一个数据库（或 schema），或检查 --db"
    )]
    NotKaidanServer(String),
    /// A command that never sets a database up met a server schema without kaidan's data.
    #[error(
        "{0} 里还没有 kaidan 的数据：请先在柜台打开窗口或运行 kaidan demo / kaidan import 建好数据库，或检查 --db"
    )]
    EmptyServer(String),
    /// The file is another program's SQLite database: kaidan changes nothing in it.
    #[error("{} 不是 kaidan 的数据库（它属于别的程序）：kaidan 没有改动它，请检查 --db 的路径", .0.display())]
    NotKaidan(PathBuf),
    /// The file was written by a newer kaidan; opening it could damage it.
    #[error(
        "数据库版本为 {found}，本程序只支持到 {supported}：请升级 kaidan 后再打开（数据库未被改动）"
    )]
    TooNew {
        /// The database's schema version.
        found: i64,
        /// The newest this program knows.
        supported: i64,
    },
    /// The folder of the database could not be created.
    #[error("无法创建数据库目录 {path}：{source}")]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An attachment could not be read or copied into the attachments folder.
    #[error("无法保存附件 {path}：{source}")]
    Attachment {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An imported waybill's number was taken, found under the import's own lock (another
    /// import wrote it a moment before): the caller names the row.
    #[error("单号 {0} 已存在")]
    NumberTaken(String),
    /// The backup file could not be finished (the disk is full, the folder is gone …).
    #[error("备份没有完成，{} 未创建：{}（{source}）", .path.display(), crate::domain::os::io_reason(source))]
    Backup {
        /// The file being written.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// This PC's record of the history it verified (`anchors`) could not be saved.
    #[error("无法保存本机的核对记录 {}：{}（{source}）", .path.display(), crate::domain::os::io_reason(source))]
    Anchors {
        /// The anchors file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An operation of the SQLite file (its backup API, its pragmas, restore) asked of a
    /// PostgreSQL database, whose server has its own tools.
    #[error(
        "这个操作只用于单机的 SQLite 数据库文件；PostgreSQL 数据库请由 IT 用服务器的工具完成（备份用 pg_dump，恢复用 pg_restore 或 psql，完整性检查用 kaidan check）"
    )]
    SqliteOnly,
    /// A record that should exist does not.
    #[error("{0}")]
    NotFound(String),
    /// The action is not allowed in the record's state (a voided waybill, no reason …).
    #[error("{0}")]
    Refused(String),
    /// The 月结 credit rule refuses the waybill, checked under the writer lock as it is
    /// saved (the shipper is not approved, or this waybill takes them over their limit);
    /// a supervisor may let it through (`waybills::CreditRule::Overridden`).
    #[error("{0}")]
    OverCredit(String),
    /// Stored data that the program cannot read back: changed outside the program.
    #[error("数据损坏：{0}")]
    Corrupt(String),
}

impl From<rusqlite::Error> for StorageError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Database(error.into())
    }
}

impl From<migrations::MigrationFailure> for StorageError {
    fn from(failure: migrations::MigrationFailure) -> Self {
        match failure.level {
            Some(level) => Self::SchemaMismatch {
                level,
                source: failure.source,
            },
            None => Self::Database(failure.source),
        }
    }
}

/// Result of storage operations.
pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// The reason a supervisor's or clerk's override must carry, trimmed; `refusal` (what the
/// clerk reads) when it is blank.
pub(crate) fn required_reason<'a>(reason: &'a str, refusal: &str) -> Result<&'a str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StorageError::Refused(refusal.to_owned()));
    }
    Ok(reason)
}

/// An open kaidan database.
pub struct Db {
    link: Link,
    /// A test's own schema on the test server, dropped after the connection.
    scratch: Option<test_server::PgSchema>,
    /// Whose stations this connection serves (`stations`): the logged-in person's;
    /// the whole company until someone logs in, and for the command line.
    scope: crate::domain::stations::Scope,
}

/// The connection under a [`Db`]: the embedded SQLite file, or a PostgreSQL server.
enum Link {
    Sqlite(Connection),
    /// The connection, the server's URL as shown (no password), and as given (to open
    /// the watcher's own connection, `storage::watch`).
    Postgres(Box<sql::PgConn>, String, String),
}

impl Db {
    /// Opens (creating if needed) the database file, sets the safety pragmas, and brings
    /// its schema up to date. A database from a newer program, and another program's
    /// database, are refused untouched. Only the window, `demo` and the imports create.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StorageError::CreateDir {
                path: dir.to_owned(),
                source,
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Self::prepare(conn, path)
    }

    /// Opens a database file that must already exist: `check`, `backup`, `print`,
    /// `review` and `quote` never create an empty one from a mistyped path.
    pub fn open_existing(path: &Path) -> Result<Self> {
        if !path.is_file() {
            return Err(StorageError::Missing(path.to_owned()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Self::prepare(conn, path)
    }

    /// A private, throwaway database for tests and benches: in memory, or with
    /// `KAIDAN_TEST_BACKEND=postgres` a fresh schema of its own on the test server
    /// (`storage::test_server`), dropped with the `Db`. The storage tests run on both
    /// this way (`.ci/run`).
    pub fn open_in_memory() -> Result<Self> {
        if test_server::postgres_wanted()
            && let Some(server) = test_server::server()
        {
            let schema = test_server::PgSchema::new(&server);
            let mut db = Self::open_server(&schema.url())?;
            db.scratch = Some(schema);
            return Ok(db);
        }
        Self::open_sqlite_in_memory()
    }

    /// An SQLite database in memory, on whatever backend the storage tests run.
    pub fn open_sqlite_in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    /// A copy of this database in SQLite's memory, whatever this one is.
    pub fn copy_in_memory(&self) -> Result<Self> {
        let mut copy = Self::open_sqlite_in_memory()?;
        match &self.link {
            Link::Sqlite(source) => copy.copy_from(source)?,
            Link::Postgres(..) => {
                self.copy_into(&copy)?;
            }
        }
        Ok(copy)
    }

    /// A private, throwaway copy of this database, made as [`Self::open_in_memory`]
    /// makes one and filled with this one's content: SQLite's pages copied in one step,
    /// or onto the test server row for row and verified (`Db::copy_into`). The tests
    /// start many databases from one demo so ([`crate::demo::demo_copy`]).
    pub fn scratch_copy(&self) -> Result<Self> {
        let mut copy = Self::open_in_memory()?;
        match &self.link {
            Link::Sqlite(source) if copy.server().is_none() => copy.copy_from(source)?,
            _ => {
                self.copy_into(&copy)?;
            }
        }
        Ok(copy)
    }

    fn prepare(mut conn: Connection, path: &Path) -> Result<Self> {
        // A writer that finds the database busy waits its turn (`errors::wait_for_writer`).
        conn.busy_handler(Some(errors::wait_for_writer))?;
        // Every write transaction takes the write lock when it begins, so the checks that
        // guard a write run under the lock that the write holds, and two writers queue
        // instead of failing at once when a reader turns into a writer.
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // Before anything could write to the file, pragmas included: refuse another
        // program's database and a newer schema.
        migrations::refuse_foreign(&conn).map_err(|error| match error {
            migrations::Foreign::NotKaidan => StorageError::NotKaidan(path.to_owned()),
            migrations::Foreign::Sqlite(e) => e.into(),
        })?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > LATEST_VERSION {
            return Err(StorageError::TooNew {
                found: version,
                supported: LATEST_VERSION,
            });
        }
        migrations::use_wal(&conn)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A file an older kaidan left is copied as it was before this one upgrades it:
        // the counter can go back to the older program with that copy (README
        // "Release").
        if path.is_file() {
            migrations::migrate_keeping(&mut conn, |level| keep_before_upgrade(path, level))?;
        } else {
            migrations::migrate(&mut conn)?;
        }
        Ok(Self {
            link: Link::Sqlite(conn),
            scratch: None,
            scope: crate::domain::stations::Scope::Company,
        })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        match &self.link {
            Link::Sqlite(conn) => Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?),
            Link::Postgres(conn, ..) => Ok(migrations::pg::level(conn)?),
        }
    }

    /// The default database file: `kaidan.sqlite3` in the user's data folder
    /// (`~/.local/share/kaidan` on Linux, `%APPDATA%\kaidan` on Windows).
    #[must_use]
    pub fn default_path() -> PathBuf {
        dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("kaidan")
            .join("kaidan.sqlite3")
    }

    /// Runs `work` on a private copy of the database and, when it succeeds, copies the
    /// result back in one write transaction: many writes (each its own transaction in
    /// `work`) land all together or not at all, whatever happens half-way (a fault, a
    /// full disk, a killed process). Meant for filling a new database (the demo): a write
    /// another program makes while `work` runs is refused rather than overwritten.
    pub fn all_or_nothing<T>(&mut self, work: impl FnOnce(&mut Db) -> Result<T>) -> Result<T> {
        if let Link::Postgres(..) = self.link {
            // On the server: one transaction around the work, each of its own
            // transactions a savepoint inside it, under the writer lock all along.
            self.sql().begin_outer()?;
            let out = work(self);
            let ended = self.sql().end(out.is_ok());
            let out = out?;
            ended?;
            return Ok(out);
        }
        let before: i64 = self
            .lite()?
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let scratch_conn = Connection::open_in_memory()?;
        scratch_conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut scratch = Self {
            link: Link::Sqlite(scratch_conn),
            scratch: None,
            scope: crate::domain::stations::Scope::Company,
        };
        scratch.copy_from(self.lite()?)?;
        let out = work(&mut scratch)?;
        // Another program wrote meanwhile: copying back would lose its write.
        let after: i64 = self
            .lite()?
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if after != before {
            return Err(StorageError::Refused(
                "载入期间另一个程序写入了数据库：未载入任何内容，请在其他柜台都关闭后重试"
                    .to_owned(),
            ));
        }
        self.copy_from(scratch.lite()?)?;
        Ok(out)
    }

    /// Replaces this database's content with `source`'s, all pages in one step, so the
    /// change is one transaction here; waits its turn while another connection writes.
    fn copy_from(&mut self, source: &Connection) -> Result<()> {
        use rusqlite::backup::{Backup, StepResult};
        let backup = Backup::new(source, self.lite_mut()?)?;
        let started = std::time::Instant::now();
        loop {
            match backup.step(-1)? {
                StepResult::Done => return Ok(()),
                _ if started.elapsed() >= errors::BUSY_WAIT => {
                    return Err(StorageError::Refused(
                        "数据库一直被其他程序占用：没有改动任何内容，请稍后再试".to_owned(),
                    ));
                }
                _ => std::thread::sleep(errors::BUSY_STEP),
            }
        }
    }

    /// Writes a consistent copy of the database, even while another program has it open.
    /// The copy is written under a temporary name in the target folder, checked (SQLite's
    /// integrity check, kaidan's mark and schema level), flushed to disk and only then
    /// renamed: `target` exists only when the backup is complete and verified, and a
    /// killed or failed backup leaves nothing under that name.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        let folder = target
            .parent()
            .filter(|f| !f.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        // Into a folder that is not there the copy itself fails, saying so.
        let _lock = folder
            .is_dir()
            .then(|| FolderLock::take(folder))
            .transpose()?;
        self.backup_to_locked(target)
    }

    /// [`Self::backup_to`] with the target folder's lock held.
    fn backup_to_locked(&self, target: &Path) -> Result<()> {
        if target.exists() {
            return Err(StorageError::Refused(format!(
                "备份文件 {} 已存在，请换一个文件名",
                target.display()
            )));
        }
        let partial = crate::files::partial_name(target);
        // A partial file of an earlier backup that was killed is ours to replace: no
        // other backup into this folder runs while the lock is held.
        std::fs::remove_file(&partial).ok();
        let written = self.write_verified(&partial).and_then(|()| {
            std::fs::rename(&partial, target).map_err(|source| StorageError::Backup {
                path: target.to_owned(),
                source,
            })
        });
        if written.is_err() {
            std::fs::remove_file(&partial).ok();
        }
        written
    }

    fn write_verified(&self, partial: &Path) -> Result<()> {
        self.lite()?
            .execute("VACUUM INTO ?1", [partial.to_string_lossy().as_ref()])?;
        let copy = Connection::open_with_flags(
            partial,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let version: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let id: i32 = copy.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        drop(copy);
        if check != "ok" || version != LATEST_VERSION || id != migrations::APPLICATION_ID {
            return Err(StorageError::Corrupt(format!(
                "备份副本校验未通过（{check}），未保存：请检查磁盘后重试"
            )));
        }
        std::fs::File::open(partial)
            .and_then(|file| file.sync_all())
            .map_err(|source| StorageError::Backup {
                path: partial.to_owned(),
                source,
            })
    }

    /// The database's own structural check; returns its complaints (empty when sound).
    /// On SQLite its integrity and foreign-key checks; on PostgreSQL, whose server keeps
    /// its own structures, that no foreign key was switched off (`DISABLE TRIGGER ALL`
    /// by a superuser turns them off with the triggers).
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        if let Link::Postgres(..) = self.link {
            return Ok(self.sql().query_map(
                "SELECT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 WHERE t.tgisinternal AND t.tgenabled = 'D'
                   AND c.relnamespace = current_schema()::regnamespace
                 GROUP BY c.relname ORDER BY c.relname",
                sql::NO_ARGS,
                |r| {
                    Ok(format!(
                        "表 {} 的外键检查被停用了：数据库被其他工具改动过，请联系 IT",
                        r.get::<String>(0)?
                    ))
                },
            )?);
        }
        let mut stmt = self.lite()?.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut problems = Vec::new();
        for row in rows {
            let line = row?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let mut stmt = self.lite()?.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "表 {} 第 {} 行引用了不存在的 {}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }

    /// The connection as the statement layer speaks to it (`storage::sql`).
    pub(crate) fn sql(&self) -> sql::Conn<'_> {
        match &self.link {
            Link::Sqlite(conn) => sql::Conn::Sqlite(conn),
            Link::Postgres(conn, ..) => sql::Conn::Postgres(conn),
        }
    }

    /// The PostgreSQL server this database is on (its URL without the password), or
    /// `None` for an SQLite file: the window shows it, and leaves backups to the server.
    #[must_use]
    pub fn server(&self) -> Option<&str> {
        match &self.link {
            Link::Sqlite(_) => None,
            Link::Postgres(_, shown, _) => Some(shown),
        }
    }

    /// The SQLite connection, for what only an SQLite file does (pragmas, the backup
    /// API); on PostgreSQL the operation is refused, saying what to use instead.
    pub(crate) fn lite(&self) -> Result<&Connection> {
        match &self.link {
            Link::Sqlite(conn) => Ok(conn),
            Link::Postgres(..) => Err(StorageError::SqliteOnly),
        }
    }

    fn lite_mut(&mut self) -> Result<&mut Connection> {
        match &mut self.link {
            Link::Sqlite(conn) => Ok(conn),
            Link::Postgres(..) => Err(StorageError::SqliteOnly),
        }
    }
}

/// Where a backup is written before it is verified and renamed to `target`: a hidden
/// name beside it, so the rename stays within one folder (and one disk).
/// Copies the database file at schema `level` into `backups/` beside it, as
/// `kaidan-before-upgrade-from-<level>-<YYYYMMDD-HHMMSS>.sqlite3`, before a newer kaidan
/// upgrades it; written under a partial name and renamed when complete. Its name is not
/// a daily backup's, so the daily pruning never removes it. A copy that cannot be
/// written refuses the upgrade.
fn keep_before_upgrade(path: &Path, level: i64) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups");
    std::fs::create_dir_all(&dir).map_err(|source| StorageError::CreateDir {
        path: dir.clone(),
        source,
    })?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let target = dir.join(format!(
        "kaidan-before-upgrade-from-{level}-{stamp}.sqlite3"
    ));
    if target.exists() {
        // This level was kept this very second (an upgrade that failed and was retried).
        return Ok(());
    }
    let partial = crate::files::partial_name(&target);
    std::fs::remove_file(&partial).ok();
    // Called under the upgrading connection's write lock, inside its transaction,
    // where VACUUM cannot run: a reader of its own copies what was committed.
    let written = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|reader| reader.execute("VACUUM INTO ?1", [partial.to_string_lossy().as_ref()]))
    .map_err(StorageError::from)
    .and_then(|_| {
        std::fs::rename(&partial, &target).map_err(|source| StorageError::Backup {
            path: target.clone(),
            source,
        })
    });
    if written.is_err() {
        std::fs::remove_file(&partial).ok();
    }
    written
}

/// The lock of a folder backups are written into (`.kaidan-backup.lock` there): two
/// windows or commands backing up into one folder take turns, so they never share a
/// partial file or a file name, and a day's backup is made once. An operating-system
/// lock on an open file, let go when the guard drops or the process dies: a killed
/// backup leaves no lock behind. The file itself stays (hidden); removing it while
/// another waits on it would let a third take a lock of its own.
pub(crate) struct FolderLock {
    _held: std::fs::File,
}

impl FolderLock {
    /// Waits for the lock of `folder`, which must be there.
    pub(crate) fn take(folder: &Path) -> Result<Self> {
        let path = folder.join(".kaidan-backup.lock");
        let mut options = std::fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(windows)]
        {
            // Hidden, as a dot file is elsewhere (FILE_ATTRIBUTE_HIDDEN).
            std::os::windows::fs::OpenOptionsExt::attributes(&mut options, 0x2);
        }
        let file = options
            .open(&path)
            .map_err(|source| StorageError::Backup { path, source })?;
        // `lock` waits until it has the lock, so a failure is a file system that cannot
        // lock (an old network share): the backup goes on without taking turns, as
        // before there were turns, rather than not at all.
        file.lock().ok();
        Ok(Self { _held: file })
    }
}

/// A time as stored: to the whole second (what `time_text` keeps).
pub(crate) fn whole_seconds(at: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    at.with_nanosecond(0).unwrap_or(at)
}

/// Formats a time as stored: `YYYY-MM-DD HH:MM:SS`, which sorts as text.
pub(crate) fn time_text(at: chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Reads a stored time back.
pub(crate) fn parse_time(text: &str) -> Result<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .map_err(|_| StorageError::Corrupt(format!("时间「{text}」格式不对")))
}

/// Reads a stored decimal back.
pub(crate) fn parse_decimal_text(text: &str) -> Result<rust_decimal::Decimal> {
    text.parse()
        .map_err(|_| StorageError::Corrupt(format!("数值「{text}」格式不对")))
}
