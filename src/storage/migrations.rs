//! Numbered schema migrations. The schema version lives in SQLite's `user_version`;
//! migration N brings a database from version N−1 to N inside one transaction, so a crash
//! mid-way leaves the database at N−1. A migration, once released, is never edited: later
//! changes are new migrations.

use rusqlite::Connection;

/// Migration N is `MIGRATIONS[N - 1]`.
const MIGRATIONS: &[&str] = &[
    // 1: the waybill desk.
    r"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE staff (
    id               TEXT PRIMARY KEY,            -- 工号
    name             TEXT NOT NULL DEFAULT '',
    role             TEXT NOT NULL DEFAULT '开单员',
    joined_on        TEXT,
    left_on          TEXT,
    base_salary_fen  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE rates (
    dest_code          TEXT NOT NULL,
    from_weight_kg     TEXT NOT NULL,
    heavy_yuan_per_kg  TEXT NOT NULL,
    light_yuan_per_m3  TEXT NOT NULL,
    minimum_yuan       TEXT NOT NULL,
    delivery_fee_yuan  TEXT NOT NULL,
    PRIMARY KEY (dest_code, from_weight_kg)
);

CREATE TABLE prohibited_goods (
    word      TEXT PRIMARY KEY,
    category  TEXT NOT NULL
);

-- One row per phone number seen on a waybill: the phone look-up of the form.
CREATE TABLE customers (
    phone          TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    phone_tail     TEXT NOT NULL,
    waybill_count  INTEGER NOT NULL DEFAULT 0,
    last_used_at   TEXT NOT NULL
);
CREATE INDEX customers_name ON customers(name);

CREATE TABLE waybill_sequence (
    prefix  TEXT NOT NULL,
    day     TEXT NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (prefix, day)
);

CREATE TABLE waybills (
    number                TEXT PRIMARY KEY,
    issued_at             TEXT NOT NULL,
    clerk_id              TEXT NOT NULL REFERENCES staff(id),
    status                TEXT NOT NULL,
    alter_count           INTEGER NOT NULL DEFAULT 0,
    dest_code             TEXT NOT NULL,
    dest_name             TEXT NOT NULL,
    shipper_name          TEXT NOT NULL,
    shipper_phone         TEXT NOT NULL,
    shipper_tail          TEXT NOT NULL,
    consignee_name        TEXT NOT NULL,
    consignee_phone       TEXT NOT NULL,
    consignee_tail        TEXT NOT NULL,
    goods_name            TEXT NOT NULL,
    pieces                INTEGER NOT NULL CHECK (pieces >= 1),
    packaging             TEXT NOT NULL,
    weight_kg             TEXT NOT NULL,
    volume_m3             TEXT NOT NULL,
    declared_by_shipper   INTEGER NOT NULL,
    fragile               INTEGER NOT NULL,
    orientation           TEXT NOT NULL,
    condition             TEXT NOT NULL,
    condition_note        TEXT NOT NULL,
    shipper_bears_damage  INTEGER NOT NULL,
    delivery              TEXT NOT NULL,
    delivery_address      TEXT NOT NULL,
    receipt_copies        INTEGER NOT NULL,
    controlled_release    INTEGER NOT NULL,
    declared_value_fen    INTEGER,
    payment               TEXT NOT NULL,
    transfer              INTEGER NOT NULL,
    transfer_rebate_fen   INTEGER,
    arrival_date          TEXT,
    rate_freight_fen      INTEGER,
    freight_fen           INTEGER NOT NULL,
    premium_fen           INTEGER NOT NULL,
    delivery_fee_fen      INTEGER NOT NULL,
    total_fen             INTEGER NOT NULL,
    short_charge_fen      INTEGER NOT NULL DEFAULT 0,
    remarks               TEXT NOT NULL
);
CREATE INDEX waybills_issued_at ON waybills(issued_at);
-- Phone look-ups list the newest first: the time in the index spares a sort.
CREATE INDEX waybills_shipper_phone ON waybills(shipper_phone, issued_at);
CREATE INDEX waybills_consignee_phone ON waybills(consignee_phone, issued_at);
CREATE INDEX waybills_shipper_tail ON waybills(shipper_tail, issued_at);
CREATE INDEX waybills_consignee_tail ON waybills(consignee_tail, issued_at);
CREATE INDEX waybills_dest ON waybills(dest_code, issued_at);
CREATE INDEX waybills_clerk ON waybills(clerk_id, issued_at);

-- Waybills are never deleted: a wrong one is voided (作废) and kept.
CREATE TRIGGER waybills_no_delete BEFORE DELETE ON waybills
BEGIN SELECT RAISE(ABORT, '运单不能删除，只能作废'); END;

-- The alteration history: append-only and hash-chained (see domain::alteration).
CREATE TABLE waybill_history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL REFERENCES waybills(number),
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    action          TEXT NOT NULL,
    reason          TEXT NOT NULL,
    changes         TEXT NOT NULL,
    snapshot        TEXT NOT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX waybill_history_number ON waybill_history(waybill_number);
CREATE TRIGGER waybill_history_no_update BEFORE UPDATE ON waybill_history
BEGIN SELECT RAISE(ABORT, '运单修改记录只能追加，不能更改'); END;
CREATE TRIGGER waybill_history_no_delete BEFORE DELETE ON waybill_history
BEGIN SELECT RAISE(ABORT, '运单修改记录只能追加，不能删除'); END;

-- Refused consignments (拒收登记): evidence, append-only.
CREATE TABLE refusals (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    clerk_id       TEXT NOT NULL REFERENCES staff(id),
    shipper_name   TEXT NOT NULL,
    shipper_phone  TEXT NOT NULL,
    goods_name     TEXT NOT NULL,
    reason         TEXT NOT NULL
);
CREATE TRIGGER refusals_no_update BEFORE UPDATE ON refusals
BEGIN SELECT RAISE(ABORT, '拒收记录不能更改'); END;
CREATE TRIGGER refusals_no_delete BEFORE DELETE ON refusals
BEGIN SELECT RAISE(ABORT, '拒收记录不能删除'); END;
",
    // 2: people — clock-in records, point events, the rules table's overrides,
    // dismissed detections and signed-off (locked) months.
    r"
-- A signed-off month, with what its review was computed from at that moment (rules,
-- attendance settings and staff as JSON), so the locked review never changes.
CREATE TABLE month_locks (
    month       TEXT PRIMARY KEY,              -- YYYY-MM
    locked_at   TEXT NOT NULL,
    locked_by   TEXT NOT NULL,
    rules       TEXT NOT NULL,
    attendance  TEXT NOT NULL,
    staff       TEXT NOT NULL
);

-- Clock-in records (打卡): one per person, day and shift, so re-importing a row
-- finds it again.
CREATE TABLE punches (
    staff_id   TEXT NOT NULL REFERENCES staff(id),
    day        TEXT NOT NULL,                  -- YYYY-MM-DD, the day the shift starts
    shift      TEXT NOT NULL,                  -- 早班 / 中班 / 晚班 / 休息 / 请假
    clock_in   TEXT,                           -- HH:MM, NULL when missing
    clock_out  TEXT,
    PRIMARY KEY (staff_id, day, shift)
);
CREATE INDEX punches_day ON punches(day);

-- Point events (扣分/奖励事件): entered (手工), imported (导入), or detected (检测)
-- rows frozen when their month was locked.
CREATE TABLE point_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id        TEXT NOT NULL REFERENCES staff(id),
    day             TEXT NOT NULL,
    code            TEXT NOT NULL,             -- P1 … P21, P2b …, L, B1
    quantity        INTEGER NOT NULL CHECK (quantity >= 1),
    waybill_number  TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL,
    evidence_key    TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX point_events_day ON point_events(day);
CREATE INDEX point_events_staff ON point_events(staff_id, day);

-- The supervisor's changes to the rules table; NULL keeps the company default.
CREATE TABLE rule_overrides (
    code     TEXT PRIMARY KEY,
    wording  TEXT,
    points   INTEGER
);

-- Detected events the supervisor dismissed, with the reason.
CREATE TABLE dismissals (
    code          TEXT NOT NULL,
    evidence_key  TEXT NOT NULL,
    staff_id      TEXT NOT NULL REFERENCES staff(id),
    day           TEXT NOT NULL,
    reason        TEXT NOT NULL CHECK (trim(reason) <> ''),
    dismissed_by  TEXT NOT NULL,
    dismissed_at  TEXT NOT NULL,
    PRIMARY KEY (code, evidence_key)
);

-- A locked month refuses any change to what its review is made of.
CREATE TRIGGER punches_locked_insert BEFORE INSERT ON punches
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(NEW.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动打卡记录'); END;
CREATE TRIGGER punches_locked_update BEFORE UPDATE ON punches
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month IN (substr(OLD.day, 1, 7), substr(NEW.day, 1, 7)))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动打卡记录'); END;
CREATE TRIGGER punches_locked_delete BEFORE DELETE ON punches
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(OLD.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动打卡记录'); END;
CREATE TRIGGER point_events_locked_insert BEFORE INSERT ON point_events
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(NEW.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动扣分事件'); END;
CREATE TRIGGER point_events_locked_update BEFORE UPDATE ON point_events
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month IN (substr(OLD.day, 1, 7), substr(NEW.day, 1, 7)))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动扣分事件'); END;
CREATE TRIGGER point_events_locked_delete BEFORE DELETE ON point_events
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(OLD.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动扣分事件'); END;
CREATE TRIGGER dismissals_locked_insert BEFORE INSERT ON dismissals
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(NEW.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再撤销检测到的事件'); END;
CREATE TRIGGER dismissals_locked_update BEFORE UPDATE ON dismissals
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month IN (substr(OLD.day, 1, 7), substr(NEW.day, 1, 7)))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再撤销检测到的事件'); END;
CREATE TRIGGER dismissals_locked_delete BEFORE DELETE ON dismissals
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(OLD.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再撤销检测到的事件'); END;
",
    // 3: logins — a password hash per member of staff, and the record of supervisor
    // overrides.
    r"
CREATE TABLE staff_passwords (
    staff_id    TEXT PRIMARY KEY REFERENCES staff(id),
    hash        TEXT NOT NULL,              -- argon2id, PHC string; never the password
    changed_at  TEXT NOT NULL
);
",
];

/// The schema version this program writes.
#[allow(clippy::cast_possible_wrap, reason = "a handful of migrations")]
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every migration the database lacks, each in its own transaction.
pub(super) fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    migrate_to(conn, LATEST_VERSION)
}

/// Applies migrations up to `target` (tests use this to stop at an earlier level).
pub(super) fn migrate_to(conn: &mut Connection, target: i64) -> rusqlite::Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = i64::try_from(index + 1).unwrap_or(i64::MAX);
        if version <= current || version > target {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{Db, StorageError};

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn migration_1_from_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 1).unwrap();
        let names = tables(&conn);
        for t in [
            "waybills",
            "waybill_history",
            "rates",
            "staff",
            "customers",
            "refusals",
            "settings",
        ] {
            assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
        }
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1);
    }

    #[test]
    fn migration_2_from_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 2).unwrap();
        let names = tables(&conn);
        for t in [
            "punches",
            "point_events",
            "rule_overrides",
            "dismissals",
            "month_locks",
            "waybills",
        ] {
            assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
        }
    }

    #[test]
    fn migration_2_from_level_1_keeps_the_staff() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO staff (id, name, joined_on, base_salary_fen) VALUES ('A01', '张三', '2025-01-01', 400000)",
            [],
        )
        .unwrap();
        migrate_to(&mut conn, 2).unwrap();
        let name: String = conn
            .query_row("SELECT name FROM staff WHERE id = 'A01'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "张三");
        conn.execute(
            "INSERT INTO punches (staff_id, day, shift, clock_in) VALUES ('A01', '2026-11-02', '早班', '08:00')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO month_locks VALUES ('2026-11', '2026-12-01 09:00:00', 'S01', '[]', '{}', '[]')",
            [],
        )
        .unwrap();
        // The lock's trigger is in place.
        let refused = conn
            .execute(
                "INSERT INTO punches (staff_id, day, shift) VALUES ('A01', '2026-11-03', '早班')",
                [],
            )
            .unwrap_err();
        assert!(refused.to_string().contains("该月考核已锁定"), "{refused}");
    }

    #[test]
    fn every_migration_from_the_level_before() {
        for target in 1..=LATEST_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, target - 1).unwrap();
            migrate_to(&mut conn, target).unwrap();
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(version, target);
            // Running again changes nothing.
            migrate(&mut conn).unwrap();
            migrate(&mut conn).unwrap();
        }
    }

    #[test]
    fn newer_database_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
                .unwrap();
            conn.execute_batch("CREATE TABLE future (x)").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        match Db::open(&path) {
            Err(StorageError::TooNew { found, supported }) => {
                assert_eq!((found, supported), (LATEST_VERSION + 1, LATEST_VERSION));
            }
            Err(other) => panic!("wrong error {other}"),
            Ok(_) => panic!("a newer database was opened"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn pragmas_are_set() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("k.sqlite3")).unwrap();
        let mode: String = db
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let sync: i64 = db
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        let fk: i64 = db
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
    }
}
