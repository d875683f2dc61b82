//! Statements on a PostgreSQL server through the synchronous `postgres` crate:
//! placeholders renumbered (`?1` → `$1`), statements prepared once per connection, and
//! values converted to and from the column types the server reports.

use super::{Error, ErrorKind, Param, Result, Row, Value, numbered_for_postgres};
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

/// How long connecting to the server may take before it is said to be unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long data sent to the server may go unacknowledged before the connection is
/// given up (`TCP_USER_TIMEOUT`), and how long an idle connection waits before the kernel
/// asks whether the server is still there (keepalives, then every [`NETWORK_PROBE`]):
/// with the network cable pulled, a counter hears it within seconds instead of hanging
/// for the system's quarter of an hour, and the window says 数据库连接中断.
pub const NETWORK_WAIT: Duration = Duration::from_secs(10);

/// The interval of the keepalive probes after [`NETWORK_WAIT`] of silence.
pub const NETWORK_PROBE: Duration = Duration::from_secs(3);

/// The longest one statement may run before the server cancels it: nothing kaidan asks
/// takes a second on a healthy server, so this only ends a statement stuck behind
/// something gone wrong, and the clerk is told instead of waiting for ever (the window
/// itself never waits on it: `app/shell.rs`). Schema upgrades lift it for their steps.
pub const STATEMENT_WAIT: Duration = Duration::from_mins(2);

/// How long a writer waits for another's transaction, as on SQLite
/// (`storage::errors::BUSY_WAIT`).
pub const LOCK_WAIT: Duration = Duration::from_mins(1);

/// The advisory lock every kaidan writer takes: "KDAN".
const WRITER_LOCK: i32 = 0x4B44_414E;

/// An open connection to a PostgreSQL server.
pub struct PgConn {
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    /// How deep the transactions under way are: 0 none, 1 a transaction, more its
    /// savepoints (a write inside `Db::all_or_nothing`).
    depth: std::cell::Cell<u32>,
}

impl std::fmt::Debug for PgConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PgConn")
    }
}

impl PgConn {
    /// Connects to the server a libpq-style URL names (`postgresql://user@host/db`).
    ///
    /// # Errors
    /// The URL cannot be read, the server cannot be reached or refuses the login.
    pub fn connect(url: &str) -> Result<Self> {
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| Error::new(ErrorKind::BadUrl, e.to_string()))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        config
            .keepalives(true)
            .keepalives_idle(NETWORK_WAIT)
            .keepalives_interval(NETWORK_PROBE)
            .keepalives_retries(3)
            .tcp_user_timeout(NETWORK_WAIT);
        config.application_name("kaidan");
        // After the address's own options (a schema, say), never instead of them. JIT
        // off: kaidan's statements are short, and compiling one the planner guesses dear
        // (the stock view) took half a second on a million waybills, for a 10 ms query.
        let options = format!(
            "{} -c statement_timeout={} -c jit=off",
            config.get_options().unwrap_or_default(),
            STATEMENT_WAIT.as_millis()
        );
        config.options(options.trim_start());
        let client = config.connect(postgres::NoTls)?;
        Ok(Self {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            depth: std::cell::Cell::new(0),
        })
    }

    /// Whether the connection to the server was lost (the server stopped or restarted,
    /// the network dropped, or an administrator ended it).
    #[must_use]
    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    /// Waits up to `wait` for a notification on a channel this connection listens to
    /// (`LISTEN`); says whether one came, the others pending taken with it.
    ///
    /// # Errors
    /// The connection failed (the server went away).
    pub fn wait_notice(&self, wait: std::time::Duration) -> Result<bool> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut client = self.client.borrow_mut();
        let mut notices = client.notifications();
        if notices.timeout_iter(wait).next()?.is_none() {
            return Ok(false);
        }
        while notices.iter().next()?.is_some() {}
        Ok(true)
    }

    /// Begins a transaction holding kaidan's writer lock: a transaction-level advisory
    /// lock keyed by "KDAN" and the schema, waited for up to [`LOCK_WAIT`] (then
    /// refused as busy, SQLSTATE 55P03), released by COMMIT or ROLLBACK, and by the
    /// server when a counter's connection dies mid-save.
    pub(super) fn begin(&self) -> Result<()> {
        let depth = self.depth.get();
        if depth > 0 {
            // Inside another transaction (all or nothing): a savepoint, under the lock
            // the outer one already holds.
            self.batch(&format!("SAVEPOINT kaidan_{depth}"))?;
            self.depth.set(depth + 1);
            return Ok(());
        }
        self.depth.set(1);
        self.batch(&format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED;
             SET LOCAL lock_timeout = '{}s';
             SELECT pg_advisory_xact_lock({WRITER_LOCK}, (SELECT oid::int4 FROM pg_namespace WHERE nspname = current_schema()));",
            LOCK_WAIT.as_secs()
        ))
    }

    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = self
            .client
            .borrow_mut()
            .prepare(&numbered_for_postgres(sql))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    pub(super) fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        let statement = self.statement(sql)?;
        let values: Vec<Value> = params.iter().map(|p| Param::value(*p)).collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let changed = self.client.borrow_mut().execute(&statement, &refs)?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    /// Ends the innermost transaction: COMMIT or ROLLBACK, or for a savepoint RELEASE or
    /// ROLLBACK TO it.
    pub(super) fn end(&self, commit: bool) -> Result<()> {
        let depth = self.depth.get();
        if depth == 0 {
            return Ok(());
        }
        self.depth.set(depth - 1);
        let sql = match (depth, commit) {
            (1, true) => "COMMIT".to_owned(),
            (1, false) => "ROLLBACK".to_owned(),
            (_, true) => format!("RELEASE SAVEPOINT kaidan_{}", depth - 1),
            (_, false) => format!(
                "ROLLBACK TO SAVEPOINT kaidan_{0}; RELEASE SAVEPOINT kaidan_{0}",
                depth - 1
            ),
        };
        let ended = self.batch(&sql);
        if ended.is_err() && depth == 1 {
            // A failed COMMIT leaves the transaction aborted: end it.
            let _ = self.batch("ROLLBACK");
        }
        ended
    }

    /// Rows a few hundred at a time through a cursor, inside the transaction under way
    /// or a read-only one of its own.
    pub(super) fn for_each<E: From<Error>>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut each: impl FnMut(&Row) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let own = self.depth.get() == 0;
        if own {
            self.batch("BEGIN READ ONLY")?;
        }
        let walked = (|| -> std::result::Result<(), E> {
            self.execute(
                &format!("DECLARE kaidan_walk NO SCROLL CURSOR FOR {sql}"),
                params,
            )?;
            loop {
                // Not from the statement cache: a FETCH's columns are the cursor's of the
                // moment, not of the walk that first prepared it.
                let batch = self.fetch("FETCH 500 FROM kaidan_walk")?;
                if batch.is_empty() {
                    break;
                }
                for row in &batch {
                    each(row)?;
                }
            }
            self.batch("CLOSE kaidan_walk")?;
            Ok(())
        })();
        if own {
            // Read-only: ending it either way loses nothing.
            let end = self.batch(if walked.is_ok() { "COMMIT" } else { "ROLLBACK" });
            walked?;
            end?;
            return Ok(());
        }
        walked
    }

    fn fetch(&self, sql: &str) -> Result<Vec<Row>> {
        let statement = self.client.borrow_mut().prepare(sql)?;
        self.read_rows(&statement, &[])
    }

    pub(super) fn rows(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        self.read_rows(&statement, params)
    }

    fn read_rows(
        &self,
        statement: &postgres::Statement,
        params: &[&dyn Param],
    ) -> Result<Vec<Row>> {
        let values: Vec<Value> = params.iter().map(|p| Param::value(*p)).collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let found = self.client.borrow_mut().query(statement, &refs)?;
        let names: std::rc::Rc<[String]> = statement
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .collect();
        found
            .iter()
            .map(|row| {
                let values = (0..row.len())
                    .map(|i| read(row, i))
                    .collect::<Result<Vec<Value>>>()?;
                Ok(Row {
                    names: names.clone(),
                    values,
                })
            })
            .collect()
    }
}

/// Column `i` of a server row as one of our values, by the type the server reports.
fn read(row: &postgres::Row, i: usize) -> Result<Value> {
    let ty = row.columns()[i].type_().clone();
    let value = if ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(i)?.map(Value::Int)
    } else if ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(i)?
            .map(|n| Value::Int(i64::from(n)))
    } else if ty == Type::INT2 {
        row.try_get::<_, Option<i16>>(i)?
            .map(|n| Value::Int(i64::from(n)))
    } else if ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(i)?
            .map(|b| Value::Int(i64::from(b)))
    } else if ty == Type::NUMERIC {
        row.try_get::<_, Option<Decimal>>(i)?.map(whole_or_real)
    } else if ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(i)?.map(Value::Real)
    } else if ty == Type::FLOAT4 {
        row.try_get::<_, Option<f32>>(i)?
            .map(|x| Value::Real(f64::from(x)))
    } else if ty == Type::BYTEA {
        row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob)
    } else if [
        Type::TEXT,
        Type::VARCHAR,
        Type::BPCHAR,
        Type::NAME,
        Type::UNKNOWN,
    ]
    .contains(&ty)
    {
        row.try_get::<_, Option<String>>(i)?.map(Value::Text)
    } else {
        return Err(Error::conversion(i, &format!("数据库类型 {ty} 无法读取")));
    };
    Ok(value.unwrap_or(Value::Null))
}

/// A `numeric` (what `SUM` of a `bigint` gives) as a whole number when it is one.
fn whole_or_real(d: Decimal) -> Value {
    use rust_decimal::prelude::ToPrimitive;
    if d.fract().is_zero()
        && let Some(n) = d.to_i64()
    {
        Value::Int(n)
    } else {
        Value::Real(d.to_f64().unwrap_or(f64::NAN))
    }
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Self::Null => Ok(IsNull::Yes),
            Self::Int(n) => int_to_sql(*n, ty, out),
            Self::Real(x) => {
                if *ty == Type::FLOAT4 {
                    #[allow(clippy::cast_possible_truncation, reason = "the column is float4")]
                    (*x as f32).to_sql(ty, out)
                } else if *ty == Type::NUMERIC {
                    Decimal::try_from(*x)?.to_sql(ty, out)
                } else {
                    x.to_sql(ty, out)
                }
            }
            Self::Text(s) => {
                if [Type::INT8, Type::INT4, Type::INT2].contains(ty) {
                    int_to_sql(s.trim().parse()?, ty, out)
                } else {
                    s.as_str().to_sql(ty, out)
                }
            }
            Self::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn int_to_sql(n: i64, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
    if *ty == Type::INT4 {
        i32::try_from(n)?.to_sql(ty, out)
    } else if *ty == Type::INT2 {
        i16::try_from(n)?.to_sql(ty, out)
    } else if *ty == Type::BOOL {
        (n != 0).to_sql(ty, out)
    } else if *ty == Type::NUMERIC {
        Decimal::from(n).to_sql(ty, out)
    } else if *ty == Type::FLOAT8 {
        #[allow(clippy::cast_precision_loss, reason = "a whole number bound to a real")]
        (n as f64).to_sql(ty, out)
    } else if [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::UNKNOWN].contains(ty) {
        n.to_string().as_str().to_sql(ty, out)
    } else {
        n.to_sql(ty, out)
    }
}
