//! One way to speak to either database. kaidan's storage writes each statement once, in
//! the SQL that SQLite and PostgreSQL both understand, with numbered placeholders `?1`,
//! `?2` … (rewritten to `$1` … for PostgreSQL, [`numbered_for_postgres`]), binds values
//! through [`Param`] ([`args!`]) and reads rows through [`Row::get`]. Rows are read whole
//! before the caller sees them, so a callback may run another statement on the same
//! connection.
//!
//! A [`Conn`] is a cheap handle to an open connection of either kind; inside a
//! transaction it is the same handle (the transaction is the connection's state, begun
//! and ended by [`Conn::begin`] and [`Tx`], which derefs to its `Conn`, so `tx.execute`
//! and `helper(*tx)` read as they did on rusqlite). Where the two databases differ (the
//! few places that need it), a statement asks [`Conn::dialect`].
//!
//! Values cross as five kinds ([`Value`]): integers (every whole number and flag, money
//! in fen), text (times as `YYYY-MM-DD HH:MM:SS`, which sorts), reals, bytes and NULL.
//! PostgreSQL's `numeric` (what `SUM` of a `bigint` gives) reads back as an integer when
//! it is whole.

mod error;
mod lite;
pub mod pg;

pub use error::{Error, ErrorKind};
pub use pg::PgConn;

/// Result of a statement.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which database a connection speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The embedded SQLite file (one counter; the default).
    Sqlite,
    /// A PostgreSQL server (a station's counters together).
    Postgres,
}

impl Dialect {
    /// The aggregate that joins the texts of `expr` with `separator` (an SQL literal):
    /// SQLite's `group_concat`, PostgreSQL's `string_agg`.
    #[must_use]
    pub fn joined_text(self, expr: &str, separator: &str) -> String {
        match self {
            Self::Sqlite => format!("group_concat({expr}, {separator})"),
            Self::Postgres => format!("string_agg({expr}, {separator})"),
        }
    }
}

/// A value bound to a placeholder or read from a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// A whole number (also flags, and money in fen).
    Int(i64),
    /// A floating-point number (never money).
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Self::Null => "NULL",
            Self::Int(_) => "整数",
            Self::Real(_) => "小数",
            Self::Text(_) => "文字",
            Self::Blob(_) => "字节",
        }
    }
}

/// What can be bound to a placeholder.
pub trait Param {
    /// The value bound.
    fn value(&self) -> Value;
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn value(&self) -> Value {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}
int_param!(i64, i32, u32, u16, u8, i16, i8, bool);

impl Param for u64 {
    fn value(&self) -> Value {
        // Counts and sizes: never near i64::MAX; saturate rather than wrap.
        Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl Param for usize {
    fn value(&self) -> Value {
        Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl Param for f64 {
    fn value(&self) -> Value {
        Value::Real(*self)
    }
}

impl Param for str {
    fn value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl Param for String {
    fn value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl Param for [u8] {
    fn value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl Param for Vec<u8> {
    fn value(&self) -> Value {
        Value::Blob(self.clone())
    }
}

impl Param for Value {
    fn value(&self) -> Value {
        self.clone()
    }
}

impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> Value {
        (**self).value()
    }
}

impl<T: Param> Param for Option<T> {
    fn value(&self) -> Value {
        self.as_ref().map_or(Value::Null, Param::value)
    }
}

/// The values of a statement's placeholders, in order: `args![number, at, staff_id]`.
macro_rules! args {
    ($($value:expr),* $(,)?) => {
        &[$(&$value as &dyn $crate::storage::sql::Param),*] as &[&dyn $crate::storage::sql::Param]
    };
}
pub(crate) use args;

/// No placeholders.
pub const NO_ARGS: &[&dyn Param] = &[];

/// The values of a statement built at run time (a search's conditions), in order.
pub fn dynamic<T: Param>(values: &[T]) -> Vec<&dyn Param> {
    values.iter().map(|v| v as &dyn Param).collect()
}

/// What can be read from a column.
pub trait FromValue: Sized {
    /// The Rust value of a column's value, or what it found instead.
    ///
    /// # Errors
    /// The column holds another kind, or a number out of range.
    fn from_value(value: &Value) -> std::result::Result<Self, String>;
}

fn expected(what: &str, found: &Value) -> String {
    format!("应为{what}，实为{}", found.kind())
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Int(n) => Ok(*n),
            other => Err(expected("整数", other)),
        }
    }
}

macro_rules! narrow_int {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: &Value) -> std::result::Result<Self, String> {
                let n = i64::from_value(value)?;
                <$t>::try_from(n).map_err(|_| format!("整数 {n} 超出范围"))
            }
        }
    )*};
}
narrow_int!(i32, u32, u64, usize, u16, u8, i16);

impl FromValue for bool {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        Ok(i64::from_value(value)? != 0)
    }
}

impl FromValue for f64 {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Real(x) => Ok(*x),
            #[allow(
                clippy::cast_precision_loss,
                reason = "a whole number read where a real is wanted (an average of whole scores)"
            )]
            Value::Int(n) => Ok(*n as f64),
            other => Err(expected("小数", other)),
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Text(s) => Ok(s.clone()),
            other => Err(expected("文字", other)),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Blob(b) => Ok(b.clone()),
            other => Err(expected("字节", other)),
        }
    }
}

impl FromValue for Value {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        Ok(value.clone())
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// A whole row read as a tuple of columns from the first: `(String, i64, Option<String>)`.
/// [`Row::read`] takes it, so `query_map(sql, args, Row::read::<(String, i64)>)` reads
/// the columns without a closure spelling each `get`.
pub trait FromRow: Sized {
    /// The tuple from the row's first columns.
    ///
    /// # Errors
    /// Too few columns, or one holds another kind.
    fn from_row(row: &Row) -> Result<Self>;
}

macro_rules! tuple_from_row {
    ($($t:ident $i:tt),+) => {
        impl<$($t: FromValue),+> FromRow for ($($t,)+) {
            fn from_row(row: &Row) -> Result<Self> {
                Ok(($(row.get::<$t>($i)?,)+))
            }
        }
    };
}

tuple_from_row!(A 0, B 1);
tuple_from_row!(A 0, B 1, C 2);
tuple_from_row!(A 0, B 1, C 2, D 3);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);

/// A row's first `N` columns, all of one kind: `Row::read::<[String; 6]>`.
impl<T: FromValue, const N: usize> FromRow for [T; N] {
    fn from_row(row: &Row) -> Result<Self> {
        row.array(0)
    }
}

/// One row of a result, read whole.
#[derive(Debug, Clone)]
pub struct Row {
    names: std::rc::Rc<[String]>,
    values: Vec<Value>,
}

impl Row {
    /// The row's first columns as a tuple (see [`FromRow`]).
    ///
    /// # Errors
    /// Too few columns, or one holds another kind.
    pub fn read<T: FromRow>(&self) -> Result<T> {
        T::from_row(self)
    }

    /// `N` columns from `from` on, all as `T`: `row.array::<i64, 4>(5)` for four amounts.
    ///
    /// # Errors
    /// Too few columns, or one holds another kind.
    pub fn array<T: FromValue, const N: usize>(&self, from: usize) -> Result<[T; N]> {
        let values = (from..from + N)
            .map(|i| self.get(i))
            .collect::<Result<Vec<T>>>()?;
        values
            .try_into()
            .map_err(|_| Error::conversion(from, "列数不符"))
    }

    /// The value of column `index` (from 0) as `T`.
    ///
    /// # Errors
    /// No such column, or it holds another kind.
    pub fn get<T: FromValue>(&self, index: usize) -> Result<T> {
        let value = self
            .values
            .get(index)
            .ok_or_else(|| Error::conversion(index, "没有这一列"))?;
        T::from_value(value).map_err(|why| {
            let name = self.names.get(index).map_or("", String::as_str);
            Error::conversion(index, &format!("{name}：{why}"))
        })
    }

    /// The text of column `index`, borrowed from the row.
    ///
    /// # Errors
    /// No such column, or it is not text.
    pub fn text(&self, index: usize) -> Result<&str> {
        match self.values.get(index) {
            Some(Value::Text(text)) => Ok(text),
            Some(other) => Err(Error::conversion(index, &expected("文字", other))),
            None => Err(Error::conversion(index, "没有这一列")),
        }
    }

    /// The columns' names, in order.
    #[must_use]
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The columns' values, in order.
    #[must_use]
    pub fn values(&self) -> &[Value] {
        &self.values
    }
}

/// A handle to an open connection of either kind.
#[derive(Clone, Copy)]
pub enum Conn<'a> {
    /// An SQLite connection (or one inside a transaction).
    Sqlite(&'a rusqlite::Connection),
    /// A PostgreSQL connection.
    Postgres(&'a PgConn),
}

impl<'a> Conn<'a> {
    /// Which database this is.
    #[must_use]
    pub fn dialect(self) -> Dialect {
        match self {
            Self::Sqlite(_) => Dialect::Sqlite,
            Self::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs one statement; how many rows it changed.
    ///
    /// # Errors
    /// The database refused or failed.
    pub fn execute(self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        match self {
            Self::Sqlite(conn) => lite::execute(conn, sql, params),
            Self::Postgres(conn) => conn.execute(sql, params),
        }
    }

    /// Runs statements separated by `;`, without placeholders (migrations).
    ///
    /// # Errors
    /// The database refused or failed.
    pub fn batch(self, sql: &str) -> Result<()> {
        match self {
            Self::Sqlite(conn) => conn.execute_batch(sql).map_err(Error::from),
            Self::Postgres(conn) => conn.batch(sql),
        }
    }

    /// Every row of a query, each read by `read`.
    ///
    /// # Errors
    /// The database refused or failed, or `read` did.
    pub fn query_map<T>(
        self,
        sql: &str,
        params: &[&dyn Param],
        read: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.rows(sql, params)?.iter().map(read).collect()
    }

    /// SQLite's plan of a query (`EXPLAIN QUERY PLAN`), its steps one a line, for the
    /// tests that pin which index a query takes; `None` on PostgreSQL, which plans on
    /// its own statistics.
    ///
    /// # Panics
    /// SQLite refuses the statement.
    #[cfg(test)]
    #[must_use]
    pub fn sqlite_plan(self, sql: &str, params: &[&dyn Param]) -> Option<String> {
        if self.dialect() != Dialect::Sqlite {
            return None;
        }
        let steps: Vec<String> = self
            .query_map(&format!("EXPLAIN QUERY PLAN {sql}"), params, |r| r.get(3))
            .expect("SQLite plans the statement");
        Some(steps.join("\n"))
    }

    /// Every row of a query.
    ///
    /// # Errors
    /// The database refused or failed.
    pub fn rows(self, sql: &str, params: &[&dyn Param]) -> Result<Vec<Row>> {
        match self {
            Self::Sqlite(conn) => lite::rows(conn, sql, params),
            Self::Postgres(conn) => conn.rows(sql, params),
        }
    }

    /// Every row of a query, one at a time, without holding them all: for the walks
    /// over whole tables (`check`'s chains, a month's report). `each` must not run
    /// statements on this connection.
    ///
    /// # Errors
    /// The database refused or failed, or `each` did.
    pub fn for_each<E: From<Error>>(
        self,
        sql: &str,
        params: &[&dyn Param],
        each: impl FnMut(&Row) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        match self {
            Self::Sqlite(conn) => lite::for_each(conn, sql, params, each),
            Self::Postgres(conn) => conn.for_each(sql, params, each),
        }
    }

    /// The first row of a query, read by `read`; [`ErrorKind::NoRows`] when there is
    /// none.
    ///
    /// # Errors
    /// No row, the database refused or failed, or `read` did.
    pub fn query_row<T>(
        self,
        sql: &str,
        params: &[&dyn Param],
        read: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, params, read)?
            .ok_or_else(|| Error::new(ErrorKind::NoRows, "query returned no rows".to_owned()))
    }

    /// The first column of the first row: a count, a sum, one stored value;
    /// [`ErrorKind::NoRows`] when there is no row.
    ///
    /// # Errors
    /// No row, the database refused or failed, or the value is of another kind.
    pub fn one<T: FromValue>(self, sql: &str, params: &[&dyn Param]) -> Result<T> {
        self.query_row(sql, params, |r| r.get(0))
    }

    /// The first column of the first row, if there is a row.
    ///
    /// # Errors
    /// The database refused or failed, or the value is of another kind.
    pub fn value<T: FromValue>(self, sql: &str, params: &[&dyn Param]) -> Result<Option<T>> {
        self.query_opt(sql, params, |r| r.get(0))
    }

    /// The first row of a query, if any, read by `read`.
    ///
    /// # Errors
    /// The database refused or failed, or `read` did.
    pub fn query_opt<T>(
        self,
        sql: &str,
        params: &[&dyn Param],
        read: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        self.rows(sql, params)?.first().map(read).transpose()
    }

    /// Whether `sql` (a `SELECT 1 FROM … WHERE …`) finds any row.
    ///
    /// # Errors
    /// The statement failed.
    pub fn exists(self, sql: &str, params: &[&dyn Param]) -> Result<bool> {
        Ok(!self.rows(sql, params)?.is_empty())
    }

    /// Runs an `INSERT` into a table whose key is `id` and returns the new row's id
    /// (`RETURNING id`, which both databases understand).
    ///
    /// # Errors
    /// The database refused or failed.
    pub fn insert(self, sql: &str, params: &[&dyn Param]) -> Result<i64> {
        let sql = format!("{} RETURNING id", sql.trim_end().trim_end_matches(';'));
        self.query_row(&sql, params, |r| r.get(0))
    }

    /// Writes many rows into `table`'s `columns`, `values` holding them one after the
    /// other (`columns.len()` values a row), a few dozen rows a statement: on a server
    /// every statement is a round trip, so a whole waybill's pieces or a copied table go
    /// in a handful of them instead of one a row. Rows are written in order, and each
    /// fires its row triggers as a lone `INSERT` would. `tail` follows every statement
    /// (an `ON CONFLICT` clause, or nothing).
    ///
    /// # Errors
    /// The database refused or failed; the rows of the statement that failed are not
    /// written (those before it are, inside the caller's transaction).
    pub fn insert_rows(
        self,
        table: &str,
        columns: &[&str],
        values: &[&dyn Param],
        tail: &str,
    ) -> Result<usize> {
        let width = columns.len().max(1);
        // 999 placeholders a statement at most: what every SQLite build accepts.
        let per_statement = (999 / width).clamp(1, 64);
        let head = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut written = 0;
        for chunk in values.chunks(width * per_statement) {
            let rows: Vec<String> = chunk
                .chunks(width)
                .enumerate()
                .map(|(row, cells)| {
                    let marks: Vec<String> = (1..=cells.len())
                        .map(|n| format!("?{}", row * width + n))
                        .collect();
                    format!("({})", marks.join(", "))
                })
                .collect();
            written += self.execute(&format!("{head}{}{tail}", rows.join(", ")), chunk)?;
        }
        Ok(written)
    }

    /// Ends the transaction [`Conn::begin`] began (or, nested on PostgreSQL, its
    /// savepoint): commits, or rolls back. For the one place that cannot hold a [`Tx`]
    /// across its work (`Db::all_or_nothing`); everything else lets `Tx` do it.
    ///
    /// # Errors
    /// The database refused or failed; nothing of the transaction is kept.
    pub fn end(self, commit: bool) -> Result<()> {
        match self {
            Self::Sqlite(conn) => {
                let done = conn.execute_batch(if commit { "COMMIT" } else { "ROLLBACK" });
                if done.is_err() && commit {
                    // A failed COMMIT may leave SQLite's transaction open: end it.
                    let _ = conn.execute_batch("ROLLBACK");
                }
                Ok(done?)
            }
            Self::Postgres(conn) => conn.end(commit),
        }
    }

    /// Begins a transaction without a guard, for [`Conn::end`] to end.
    ///
    /// # Errors
    /// The database refused or failed, or the lock was not had within the wait.
    pub fn begin_outer(self) -> Result<()> {
        let mut tx = self.begin()?;
        tx.open = false;
        Ok(())
    }

    /// Begins a write transaction that holds the database's one writer lock from its
    /// first statement: SQLite's `BEGIN IMMEDIATE`, and on PostgreSQL a transaction
    /// advisory lock that every kaidan writer takes ([`PgConn::begin`]). Writers queue
    /// one after another as on one SQLite file, so the checks that guard a write (a free
    /// number, a credit limit, a piece not yet scanned, the chain's head) run under the
    /// lock the write holds, and two counters acting in the same instant cannot both
    /// pass a check only one should: no serialisation failure or deadlock can arise
    /// between kaidan's own writers. Readers never wait. The transaction rolls back
    /// unless [`Tx::commit`] is called.
    ///
    /// # Errors
    /// The database refused or failed, or the lock was not had within the wait.
    pub fn begin(self) -> Result<Tx<'a>> {
        match self {
            Self::Sqlite(conn) => conn.execute_batch("BEGIN IMMEDIATE")?,
            Self::Postgres(conn) => conn.begin()?,
        }
        Ok(Tx {
            conn: self,
            open: true,
        })
    }
}

/// A write transaction on a [`Conn`]; rolled back when dropped uncommitted.
pub struct Tx<'a> {
    conn: Conn<'a>,
    open: bool,
}

impl Tx<'_> {
    /// Commits the transaction.
    ///
    /// # Errors
    /// The database refused (a serialisation failure on PostgreSQL) or failed; nothing
    /// of the transaction is kept.
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.conn.end(true)
    }
}

impl<'a> std::ops::Deref for Tx<'a> {
    type Target = Conn<'a>;

    fn deref(&self) -> &Conn<'a> {
        &self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to report to: the caller already has the error that ended it.
            let _ = self.conn.end(false);
        }
    }
}

/// `?1`, `?2` … rewritten to `$1`, `$2` … outside quoted text and identifiers, for
/// PostgreSQL; everything else is left as written.
#[must_use]
pub fn numbered_for_postgres(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (Some(q), _) if c == q => {
                quote = None;
                out.push(c);
            }
            (None, '?') if chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
