//! Statements on SQLite: cached, placeholders bound as SQLite's own values.

use super::{Error, Param, Result, Row, Value};
use rusqlite::types::{ToSqlOutput, ValueRef};

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Self::Null => ValueRef::Null,
            Self::Int(n) => ValueRef::Integer(*n),
            Self::Real(x) => ValueRef::Real(*x),
            Self::Text(s) => ValueRef::Text(s.as_bytes()),
            Self::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn values(params: &[&dyn Param]) -> Vec<Value> {
    params.iter().map(|p| Param::value(*p)).collect()
}

pub(super) fn execute(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[&dyn Param],
) -> Result<usize> {
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(stmt.execute(rusqlite::params_from_iter(values(params)))?)
}

pub(super) fn rows(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[&dyn Param],
) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for_each(conn, sql, params, |row: &Row| -> Result<()> {
        out.push(row.clone());
        Ok(())
    })?;
    Ok(out)
}

pub(super) fn for_each<E: From<Error>>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[&dyn Param],
    mut each: impl FnMut(&Row) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut stmt = conn.prepare_cached(sql).map_err(Error::from)?;
    let names: std::rc::Rc<[String]> = stmt.column_names().map(str::to_owned).collect();
    let count = names.len();
    let mut rows = stmt
        .query(rusqlite::params_from_iter(values(params)))
        .map_err(Error::from)?;
    while let Some(row) = rows.next().map_err(Error::from)? {
        let mut values = Vec::with_capacity(count);
        for i in 0..count {
            values.push(match row.get_ref(i).map_err(Error::from)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Real(x) => Value::Real(x),
                ValueRef::Text(t) => Value::Text(
                    std::str::from_utf8(t)
                        .map_err(|e| Error::conversion(i, &e.to_string()))?
                        .to_owned(),
                ),
                ValueRef::Blob(b) => Value::Blob(b.to_vec()),
            });
        }
        each(&Row {
            names: names.clone(),
            values,
        })?;
    }
    Ok(())
}
