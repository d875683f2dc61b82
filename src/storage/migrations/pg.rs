//! Migrations on PostgreSQL, numbered as SQLite's. The level and kaidan's mark live in a
//! one-row table `kaidan_schema` (what `user_version` and `application_id` are in an
//! SQLite file). An empty schema is taken to level 15 in one step (`pg_15.sql`: no
//! PostgreSQL database existed before); each later level is one entry of [`STEPS`],
//! the same level as SQLite's migration of that number. Every step runs in one
//! transaction under kaidan's writer lock, re-reading the level inside it, so counters
//! starting together on a new server database apply each step once.

use super::LATEST_VERSION;
use crate::storage::sql::{Conn, NO_ARGS, PgConn, args};

/// The level `pg_15.sql` makes.
pub(super) const BASELINE: i64 = 15;

/// The steps after the baseline: `STEPS[0]` takes level 15 to 16, and so on; each the
/// same level as SQLite's migration of that number (`sqlite_steps.rs`).
const STEPS: &[&str] = &[
    // 16: attachments kept in the database.
    r#"
CREATE TABLE attachment_files (
    path      TEXT COLLATE "C" PRIMARY KEY,
    content   BYTEA NOT NULL,
    added_at  TEXT COLLATE "C" NOT NULL
);
"#,
    // 17: counters that see each other (issue 15, `storage::watch`): every statement that
    // writes a table advances `change_seq` and notifies `kaidan_changes_<schema>`; the watchers
    // LISTEN, and compare the sequence when a notice may have been lost. A table added
    // by a later step gets its `<table>_changed` trigger in that step.
    r#"
ALTER TABLE customer_files ADD COLUMN updated_by TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE customer_files ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
CREATE SEQUENCE change_seq;
CREATE FUNCTION kaidan_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('change_seq');
    PERFORM pg_notify('kaidan_changes_' || current_schema(), TG_TABLE_NAME);
    RETURN NULL;
END
$$;
DO $$
DECLARE t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION kaidan_changed()',
            t || '_changed', t);
    END LOOP;
END
$$;
"#,
    // 18: the name search's trigram indexes (issue 15, README "Speed"): `LIKE '%…%'` on
    // the customers' names finds its rows through pg_trgm instead of reading every name.
    // The extension is PostgreSQL's own (contrib, in every Debian and Windows install) and
    // trusted, so the database's owner may add it; where it cannot be had, the search
    // reads the names as before, and nothing else changes.
    r"
DO $$
DECLARE home text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION pg_trgm;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'kaidan: pg_trgm cannot be added (%): the name search reads every name', SQLERRM;
        END;
    END IF;
    SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    IF home IS NOT NULL THEN
        EXECUTE format('CREATE INDEX customers_name_trgm ON customers USING gin (name %I.gin_trgm_ops)', home);
        EXECUTE format('CREATE INDEX customer_files_name_trgm ON customer_files USING gin (name %I.gin_trgm_ops)', home);
    END IF;
END
$$;
",
];

/// kaidan's mark in `kaidan_schema.application`.
const MARK: &str = "kaidan";

/// Why a schema is not opened as kaidan's, or cannot be.
#[derive(Debug)]
pub(in crate::storage) enum Refusal {
    /// Another program's tables are there and no kaidan mark.
    NotKaidan,
    /// A newer kaidan made it.
    TooNew(i64),
}

/// The level of the schema the connection sees: 0 when kaidan never migrated it.
pub(in crate::storage) fn level(conn: &PgConn) -> crate::storage::sql::Result<i64> {
    let conn = Conn::Postgres(conn);
    let marked: Option<String> = conn.query_opt(
        "SELECT 1::text FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'kaidan_schema'",
        NO_ARGS,
        |r| r.get(0),
    )?;
    if marked.is_none() {
        return Ok(0);
    }
    Ok(conn
        .query_opt(
            "SELECT level FROM kaidan_schema WHERE application = ?1",
            args![MARK],
            |r| r.get(0),
        )?
        .unwrap_or(0))
}

/// Refuses, by reading only, a schema that holds another program's tables or was made
/// by a newer kaidan.
pub(in crate::storage) fn refuse(conn: &PgConn) -> Result<(), PgFailure> {
    let found = level(conn)?;
    if found > LATEST_VERSION {
        return Err(PgFailure::Refused(Refusal::TooNew(found)));
    }
    if found == 0 {
        let tables: i64 = Conn::Postgres(conn).query_row(
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()",
            NO_ARGS,
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(PgFailure::Refused(Refusal::NotKaidan));
        }
    }
    Ok(())
}

/// A failure to bring a server database up to date.
#[derive(Debug)]
pub(in crate::storage) enum PgFailure {
    /// Not kaidan's, or too new.
    Refused(Refusal),
    /// The step of `level` failed (nothing of it was kept), or the server did.
    Failed {
        /// The level the database was at.
        level: Option<i64>,
        /// The server's error.
        source: crate::storage::sql::Error,
    },
}

impl From<crate::storage::sql::Error> for PgFailure {
    fn from(source: crate::storage::sql::Error) -> Self {
        Self::Failed {
            level: None,
            source,
        }
    }
}

/// Brings the schema up to [`LATEST_VERSION`], a step per transaction.
pub(in crate::storage) fn migrate(conn: &PgConn) -> Result<(), PgFailure> {
    migrate_to(conn, LATEST_VERSION)
}

/// Brings the schema up to `target` (tests stop earlier).
pub(in crate::storage) fn migrate_to(conn: &PgConn, target: i64) -> Result<(), PgFailure> {
    if level(conn)? >= target {
        return Ok(());
    }
    loop {
        let tx = Conn::Postgres(conn).begin()?;
        // Under the writer lock: another counter may have migrated meanwhile.
        let current = level(conn)?;
        if current >= target {
            tx.commit()?;
            return Ok(());
        }
        // An index over a big station's table may take longer than a statement may.
        let unbounded = "SET LOCAL statement_timeout = 0;\n";
        let step = if current == 0 {
            format!(
                "{unbounded}{}{}",
                include_str!("pg_15.sql"),
                baseline_rows()
            )
        } else {
            let index = usize::try_from(current - BASELINE).unwrap_or(usize::MAX);
            let Some(sql) = STEPS.get(index) else {
                // A level below the baseline cannot exist on PostgreSQL.
                return Err(PgFailure::Refused(Refusal::NotKaidan));
            };
            format!("{unbounded}{sql}\nUPDATE kaidan_schema SET level = level + 1;")
        };
        tx.batch(&step).map_err(|source| PgFailure::Failed {
            level: Some(current),
            source,
        })?;
        let reached = level(conn)?;
        tx.commit()?;
        if reached >= target {
            return Ok(());
        }
    }
}

/// The rows the baseline starts with: the level and mark, and the database's identity
/// (SQLite's migration 14).
fn baseline_rows() -> String {
    format!(
        "
CREATE TABLE kaidan_schema (
    application TEXT COLLATE \"C\" PRIMARY KEY,
    level       BIGINT NOT NULL
);
INSERT INTO kaidan_schema (application, level) VALUES ('{MARK}', {BASELINE});
INSERT INTO settings (key, value) VALUES ('database_id', md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (key) DO NOTHING;
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::test_server::{PgSchema, with_server};

    #[test]
    fn every_step_from_empty_and_from_the_level_before() {
        with_server(|server| {
            let schema = PgSchema::new(server);
            let conn = PgConn::connect(&schema.url()).unwrap();
            assert_eq!(level(&conn).unwrap(), 0);
            migrate_to(&conn, BASELINE).unwrap();
            assert_eq!(level(&conn).unwrap(), BASELINE);
            for target in BASELINE + 1..=LATEST_VERSION {
                migrate_to(&conn, target).unwrap();
                assert_eq!(level(&conn).unwrap(), target);
            }
            // Again: nothing to do.
            migrate(&conn).unwrap();
            assert_eq!(level(&conn).unwrap(), LATEST_VERSION);
            let tables: i64 = Conn::Postgres(&conn)
                .query_row(
                    "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'attachment_files'",
                    NO_ARGS,
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(tables, 1);
        });
    }

    #[test]
    fn both_databases_number_their_levels_alike() {
        assert_eq!(
            BASELINE + i64::try_from(STEPS.len()).unwrap(),
            LATEST_VERSION,
            "a migration added on one database only"
        );
    }
}
