//! Where the database is: an SQLite file (the default, one counter, nothing to install)
//! or a PostgreSQL server that a station's counters share, named by a libpq-style URL
//! (`postgresql://kaidan@192.168.1.10/kaidan`, or `postgres://…`). `--db`, the
//! `KAIDAN_DB` variable and the window's database field all read the same text.

use super::{Db, Result, StorageError, migrations, sql};
use std::path::{Path, PathBuf};

/// The variable naming the database when `--db` does not.
pub const ENV_VAR: &str = "KAIDAN_DB";

/// Where the database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file.
    File(PathBuf),
    /// A PostgreSQL server (the URL as typed, password included).
    Server(String),
}

impl Location {
    /// Reads `--db`'s text: a URL starting `postgresql://` or `postgres://` is a
    /// server; anything else is a file path.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        if lower.starts_with("postgresql://") || lower.starts_with("postgres://") {
            Self::Server(trimmed.to_owned())
        } else {
            Self::File(PathBuf::from(text))
        }
    }

    /// `--db` when given, else `KAIDAN_DB`, else the one chosen last in the window
    /// ([`remember`]), else the default file.
    #[must_use]
    pub fn from_arg(arg: Option<&std::ffi::OsStr>) -> Self {
        let text = arg
            .map(std::ffi::OsStr::to_os_string)
            .or_else(|| std::env::var_os(ENV_VAR).filter(|v| !v.is_empty()))
            .or_else(|| remembered().map(std::ffi::OsString::from));
        match text {
            Some(text) => match text.to_str() {
                Some(text) => Self::parse(text),
                None => Self::File(PathBuf::from(text)),
            },
            None => Self::File(Db::default_path()),
        }
    }

    /// How it is shown to a clerk or in a message: the path, or the URL without its
    /// password.
    #[must_use]
    pub fn shown(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Server(url) => without_password(url),
        }
    }

    /// The file, when it is one.
    #[must_use]
    pub fn file(&self) -> Option<&Path> {
        match self {
            Self::File(path) => Some(path),
            Self::Server(_) => None,
        }
    }
}

/// The file that keeps the database chosen in the window: `database.txt` in the user's
/// data folder (`KAIDAN_DB_CHOICE` names another, for tests).
fn choice_file() -> PathBuf {
    std::env::var_os("KAIDAN_DB_CHOICE").map_or_else(
        || {
            dirs::data_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join("kaidan")
                .join("database.txt")
        },
        PathBuf::from,
    )
}

/// The database chosen last in the window, if any.
#[must_use]
pub fn remembered() -> Option<String> {
    let text = std::fs::read_to_string(choice_file()).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Keeps `typed` (a path or a URL, password included as typed) as the database of the
/// next start; readable by this user only, as a `.pgpass` is.
///
/// # Errors
/// The file cannot be written.
pub fn remember(typed: &str) -> std::io::Result<()> {
    let file = choice_file();
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let partial = file.with_extension("txt.partial");
    std::fs::write(&partial, typed.trim())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o600))?;
    }
    std::fs::rename(&partial, &file)
}

/// The URL with any password replaced by `***`.
#[must_use]
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{scheme}://{name}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

impl Db {
    /// The database as shown to a clerk: the server's URL without its password, or the
    /// file's path.
    #[must_use]
    pub fn shown(&self) -> String {
        if let Some(server) = self.server() {
            return server.to_owned();
        }
        match self.lite().ok().and_then(|c| c.path()) {
            Some(path) if !path.is_empty() => path.to_owned(),
            _ => "（内存中的临时数据库）".to_owned(),
        }
    }

    /// Opens the database where `location` says, creating it when new (the window,
    /// `demo` and the imports).
    pub fn open_at(location: &Location) -> Result<Self> {
        match location {
            Location::File(path) => Self::open(path),
            Location::Server(url) => Self::open_server(url),
        }
    }

    /// Opens a database that must already hold kaidan's data (`check`, `backup`,
    /// `print`, `review`, `quote`): a mistyped file path is not created, and a server
    /// schema kaidan never set up is said to be empty.
    pub fn open_existing_at(location: &Location) -> Result<Self> {
        match location {
            Location::File(path) => Self::open_existing(path),
            Location::Server(url) => {
                let conn = connect(url)?;
                if migrations::pg::level(&conn)? == 0 {
                    return Err(StorageError::EmptyServer(without_password(url)));
                }
                Self::prepare_server(conn, url)
            }
        }
    }

    /// Opens (setting up when empty) kaidan's schema on a PostgreSQL server.
    pub fn open_server(url: &str) -> Result<Self> {
        Self::prepare_server(connect(url)?, url)
    }

    fn prepare_server(conn: sql::PgConn, url: &str) -> Result<Self> {
        let failed = |failure: migrations::pg::PgFailure| match failure {
            migrations::pg::PgFailure::Refused(migrations::pg::Refusal::NotKaidan) => {
                StorageError::NotKaidanServer(without_password(url))
            }
            migrations::pg::PgFailure::Refused(migrations::pg::Refusal::TooNew(found)) => {
                StorageError::TooNew {
                    found,
                    supported: super::LATEST_VERSION,
                }
            }
            migrations::pg::PgFailure::Failed {
                level: Some(level),
                source,
            } => StorageError::SchemaMismatch { level, source },
            migrations::pg::PgFailure::Failed {
                level: None,
                source,
            } => StorageError::Database(source),
        };
        migrations::pg::refuse(&conn).map_err(failed)?;
        migrations::pg::migrate(&conn).map_err(failed)?;
        Ok(Self {
            link: super::Link::Postgres(Box::new(conn), without_password(url), url.to_owned()),
            scratch: None,
            scope: crate::domain::stations::Scope::Company,
        })
    }
}

impl Db {
    /// After the server went away and came back: a fresh connection in place of a lost
    /// one (the same URL, so the same database and schema); says whether it made one. A
    /// connection that has not noticed yet (nothing was sent on it since the server went)
    /// is found by a ping, so the clerk's next action does not fail on it first.
    /// What was under way when the connection dropped was rolled back by the server, so
    /// nothing is half-written; the clerk saves again. An SQLite file is never lost.
    ///
    /// # Errors
    /// The server cannot be reached yet.
    pub fn reconnect_if_lost(&mut self) -> Result<bool> {
        let super::Link::Postgres(conn, _, url) = &mut self.link else {
            return Ok(false);
        };
        if !conn.is_closed() && sql::Conn::Postgres(conn).batch("SELECT 1").is_ok() {
            return Ok(false);
        }
        **conn = connect(url)?;
        Ok(true)
    }
}

impl Db {
    /// Whether the server connection is known to be lost (a statement found it so),
    /// without asking the server; never for a file.
    #[must_use]
    pub fn connection_closed(&self) -> bool {
        matches!(&self.link, super::Link::Postgres(conn, _, _) if conn.is_closed())
    }
}

fn connect(url: &str) -> Result<sql::PgConn> {
    sql::PgConn::connect(url).map_err(|source| StorageError::Server {
        url: without_password(url),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::sql::{Conn, NO_ARGS, PgConn};
    use crate::storage::test_server::{PgSchema, with_server};

    #[test]
    fn a_server_schema_of_another_program_or_of_a_newer_kaidan_is_refused_untouched() {
        with_server(|server| {
            let other = PgSchema::new(server);
            let conn = PgConn::connect(&other.url()).unwrap();
            Conn::Postgres(&conn)
                .batch("CREATE TABLE orders (id BIGINT PRIMARY KEY)")
                .unwrap();
            assert!(matches!(
                Db::open_server(&other.url()),
                Err(StorageError::NotKaidanServer(_))
            ));
            let tables: i64 = Conn::Postgres(&conn)
                .one(
                    "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()",
                    NO_ARGS,
                )
                .unwrap();
            assert_eq!(tables, 1, "nothing added to another program's schema");

            let newer = PgSchema::new(server);
            let db = Db::open_server(&newer.url()).unwrap();
            assert_eq!(db.schema_version().unwrap(), crate::storage::LATEST_VERSION);
            drop(db);
            // Opened again: nothing to do.
            drop(Db::open_server(&newer.url()).unwrap());
            let conn = PgConn::connect(&newer.url()).unwrap();
            Conn::Postgres(&conn)
                .batch("UPDATE kaidan_schema SET level = level + 1")
                .unwrap();
            assert!(matches!(
                Db::open_server(&newer.url()),
                Err(StorageError::TooNew { .. })
            ));
            // Check, print and the like on an empty schema: said to be empty, not made.
            let empty = PgSchema::new(server);
            assert!(matches!(
                Db::open_existing_at(&Location::Server(empty.url())),
                Err(StorageError::EmptyServer(_))
            ));
        });
    }

    #[test]
    fn counters_starting_together_on_a_new_server_database_set_it_up_once() {
        with_server(|server| {
            let schema = PgSchema::new(server);
            let url = schema.url();
            let starts: Vec<_> = (0..4)
                .map(|_| {
                    let url = url.clone();
                    std::thread::spawn(move || Db::open_server(&url).map(|_| ()))
                })
                .collect();
            for start in starts {
                start.join().unwrap().unwrap();
            }
            let db = Db::open_server(&url).unwrap();
            assert_eq!(db.schema_version().unwrap(), crate::storage::LATEST_VERSION);
            assert_eq!(db.missing_triggers().unwrap(), Vec::<String>::new());
        });
    }

    #[test]
    fn a_url_is_a_server_and_anything_else_a_file() {
        assert_eq!(
            Location::parse("postgresql://kaidan@127.0.0.1:5432/kaidan"),
            Location::Server("postgresql://kaidan@127.0.0.1:5432/kaidan".into())
        );
        assert!(matches!(
            Location::parse("POSTGRES://k@h/db"),
            Location::Server(_)
        ));
        assert_eq!(
            Location::parse("数据/kaidan.sqlite3"),
            Location::File("数据/kaidan.sqlite3".into())
        );
        assert_eq!(
            without_password("postgresql://kaidan:秘密@10.0.0.2:5432/kaidan?sslmode=disable"),
            "postgresql://kaidan:***@10.0.0.2:5432/kaidan?sslmode=disable"
        );
        assert_eq!(
            without_password("postgres://kaidan@h/db"),
            "postgres://kaidan@h/db"
        );
    }
}
