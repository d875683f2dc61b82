//! The PostgreSQL server the tests run on, when there is one: `KAIDAN_TEST_POSTGRES`
//! names it (a libpq URL whose user may create schemas; `.ci/run` starts a throwaway
//! server and sets it). Each test gets a schema of its own, dropped after, so tests run
//! in parallel on one server. Without the variable a test skips its PostgreSQL half with
//! a line on stderr, except in CI (`CI` set), where a missing server fails the test.

use super::sql::PgConn;
use std::sync::atomic::{AtomicU32, Ordering};

/// The variable naming the test server.
pub const SERVER_VAR: &str = "KAIDAN_TEST_POSTGRES";

/// The variable that runs the storage tests on the test server instead of SQLite.
pub const BACKEND_VAR: &str = "KAIDAN_TEST_BACKEND";

/// Whether `KAIDAN_TEST_BACKEND=postgres` asks for the test server.
#[must_use]
pub fn postgres_wanted() -> bool {
    std::env::var(BACKEND_VAR).is_ok_and(|v| v.eq_ignore_ascii_case("postgres"))
}

/// The test server's URL, if one is set.
///
/// # Panics
/// In CI (`CI` set) when no server is set: the PostgreSQL half must not be skipped there.
#[must_use]
pub fn server() -> Option<String> {
    match std::env::var(SERVER_VAR) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI 必须在 PostgreSQL 上测试：请设置 {SERVER_VAR}（.ci/run 会启动一个临时服务器）"
            );
            eprintln!("kaidan: 未设置 {SERVER_VAR}，跳过 PostgreSQL 部分的测试");
            None
        }
    }
}

/// Runs `test` with the server's URL, if there is a server.
pub fn with_server(test: impl FnOnce(&str)) {
    if let Some(url) = server() {
        test(&url);
    }
}

/// A schema of its own on the test server, dropped when this is dropped.
pub struct PgSchema {
    server: String,
    name: String,
}

impl PgSchema {
    /// Creates a fresh, empty schema.
    ///
    /// # Panics
    /// The server cannot be reached or refuses: a test cannot go on.
    #[must_use]
    pub fn new(server: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        // pg_trgm (migration 18) once in `public`, where every schema finds it: added
        // by a test's migration it would land in that test's schema and go with it.
        static TRIGRAMS: std::sync::Once = std::sync::Once::new();
        let name = format!(
            "kaidan_t{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            chrono::Local::now().timestamp_subsec_nanos()
        );
        let conn = connect(server);
        TRIGRAMS.call_once(|| {
            let _ = super::sql::Conn::Postgres(&conn)
                .batch("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public");
        });
        conn.batch_for_test(&format!("CREATE SCHEMA {name}"));
        Self {
            server: server.to_owned(),
            name,
        }
    }

    /// A URL on the server whose connections see only this schema.
    #[must_use]
    pub fn url(&self) -> String {
        let joiner = if self.server.contains('?') { '&' } else { '?' };
        format!(
            "{}{joiner}options=-c%20search_path%3D{}",
            self.server, self.name
        )
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(conn) = PgConn::connect(&self.server) {
            // Left behind if this fails: a throwaway server is dropped whole anyway.
            let _ = super::sql::Conn::Postgres(&conn)
                .batch(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

fn connect(server: &str) -> PgConn {
    match PgConn::connect(server) {
        Ok(conn) => conn,
        Err(e) => panic!("无法连接测试用的 PostgreSQL（{SERVER_VAR}={server}）：{e}"),
    }
}

impl PgConn {
    fn batch_for_test(&self, sql: &str) {
        if let Err(e) = super::sql::Conn::Postgres(self).batch(sql) {
            panic!("测试用的 PostgreSQL 拒绝了「{sql}」：{e}");
        }
    }
}

#[cfg(test)]
/// Where two counters of a test meet: a schema on the test server when the storage tests
/// run on PostgreSQL, else an SQLite file in a folder of its own; dropped after the test.
pub enum SharedPlace {
    /// A schema on the test server.
    Server(PgSchema),
    /// A folder holding the SQLite file.
    File(tempfile::TempDir),
}

#[cfg(test)]
impl Default for SharedPlace {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
impl SharedPlace {
    /// A fresh, empty place on the backend the storage tests run on.
    ///
    /// # Panics
    /// No folder can be made, or the test server cannot be reached.
    #[must_use]
    pub fn new() -> Self {
        if postgres_wanted()
            && let Some(server) = server()
        {
            return Self::Server(PgSchema::new(&server));
        }
        Self::File(tempfile::tempdir().expect("临时文件夹"))
    }

    /// One more counter on this place's database: a connection of its own, as another
    /// PC of the station would have.
    ///
    /// # Errors
    /// The database cannot be opened.
    pub fn counter(&self) -> super::Result<super::Db> {
        match self {
            Self::Server(schema) => super::Db::open_server(&schema.url()),
            Self::File(dir) => super::Db::open(&dir.path().join("kaidan.db")),
        }
    }
}
