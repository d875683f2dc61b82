//! What went wrong in a statement, sorted into the kinds storage acts on, with the
//! database's own words kept for IT.

/// The kinds of failure storage and the clerk's message tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A query that must find a row found none.
    NoRows,
    /// A column held another kind than the code reads (changed outside the program).
    Conversion,
    /// Another connection holds the lock, past the wait.
    Busy,
    /// A lost serialisation race or a deadlock (PostgreSQL): run the transaction again.
    Retry,
    /// A unique key already taken.
    Unique,
    /// A protective trigger or a check refused the write; the message says why.
    Refused,
    /// Another constraint (a foreign key, NOT NULL).
    Constraint,
    /// The disk is full.
    Full,
    /// The file or the server cannot be written (read-only, no permission).
    ReadOnly,
    /// Not a database, or a damaged one.
    Damaged,
    /// The file cannot be opened, or the server cannot be reached.
    CannotOpen,
    /// The server refused the user name or password.
    Login,
    /// The server has no database of that name.
    NoDatabase,
    /// The server's address (`--db`) cannot be read.
    BadUrl,
    /// The connection to the server was lost.
    Lost,
    /// Anything else.
    Other,
}

/// A failed statement: its kind, and the database's words for IT.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    detail: String,
    sqlite: Option<rusqlite::Error>,
}

impl Error {
    pub(super) fn new(kind: ErrorKind, detail: String) -> Self {
        Self {
            kind,
            detail,
            sqlite: None,
        }
    }

    pub(super) fn conversion(column: usize, why: &str) -> Self {
        Self::new(
            ErrorKind::Conversion,
            format!("第 {} 列：{why}", column + 1),
        )
    }

    /// What kind of failure this is.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The database's own words (English), for IT; for [`ErrorKind::Refused`] the
    /// trigger's Chinese.
    #[must_use]
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// SQLite's error, when it came from SQLite.
    #[must_use]
    pub fn sqlite(&self) -> Option<&rusqlite::Error> {
        self.sqlite.as_ref()
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        let kind = match &error {
            rusqlite::Error::QueryReturnedNoRows => ErrorKind::NoRows,
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::InvalidColumnType(..) => ErrorKind::Conversion,
            rusqlite::Error::SqliteFailure(e, _) => match e.code {
                C::DatabaseBusy | C::DatabaseLocked => ErrorKind::Busy,
                C::ConstraintViolation => match e.extended_code {
                    rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => ErrorKind::Unique,
                    rusqlite::ffi::SQLITE_CONSTRAINT_TRIGGER
                    | rusqlite::ffi::SQLITE_CONSTRAINT_CHECK => ErrorKind::Refused,
                    _ => ErrorKind::Constraint,
                },
                C::DiskFull => ErrorKind::Full,
                C::ReadOnly | C::PermissionDenied | C::AuthorizationForStatementDenied => {
                    ErrorKind::ReadOnly
                }
                C::NotADatabase | C::DatabaseCorrupt => ErrorKind::Damaged,
                C::CannotOpen | C::SystemIoFailure => ErrorKind::CannotOpen,
                _ => ErrorKind::Other,
            },
            _ => ErrorKind::Other,
        };
        let detail = match &error {
            rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
            other => other.to_string(),
        };
        Self {
            kind,
            detail,
            sqlite: Some(error),
        }
    }
}

impl From<postgres::Error> for Error {
    fn from(error: postgres::Error) -> Self {
        use postgres::error::SqlState as S;
        let Some(db) = error.as_db_error() else {
            let kind = if error.is_closed() {
                ErrorKind::Lost
            } else {
                ErrorKind::CannotOpen
            };
            return Self::new(kind, error.to_string());
        };
        let code = db.code();
        let kind = if *code == S::T_R_SERIALIZATION_FAILURE || *code == S::T_R_DEADLOCK_DETECTED {
            ErrorKind::Retry
        } else if *code == S::UNIQUE_VIOLATION {
            ErrorKind::Unique
        } else if *code == S::RAISE_EXCEPTION || *code == S::CHECK_VIOLATION {
            ErrorKind::Refused
        } else if *code == S::FOREIGN_KEY_VIOLATION || *code == S::NOT_NULL_VIOLATION {
            ErrorKind::Constraint
        } else if *code == S::DISK_FULL {
            ErrorKind::Full
        } else if *code == S::INSUFFICIENT_PRIVILEGE || *code == S::READ_ONLY_SQL_TRANSACTION {
            ErrorKind::ReadOnly
        } else if *code == S::INVALID_PASSWORD || *code == S::INVALID_AUTHORIZATION_SPECIFICATION {
            ErrorKind::Login
        } else if *code == S::INVALID_CATALOG_NAME {
            ErrorKind::NoDatabase
        } else if *code == S::ADMIN_SHUTDOWN
            || *code == S::CRASH_SHUTDOWN
            || *code == S::CONNECTION_FAILURE
        {
            ErrorKind::Lost
        } else if *code == S::LOCK_NOT_AVAILABLE || *code == S::QUERY_CANCELED {
            ErrorKind::Busy
        } else if *code == S::DATA_CORRUPTED || *code == S::INDEX_CORRUPTED {
            ErrorKind::Damaged
        } else {
            ErrorKind::Other
        };
        Self::new(kind, db.message().to_owned())
    }
}
