//! The migration runner: every level from the one before, the refusals of foreign, newer
//! and hand-lowered files, four counters starting at once, the seal chain's backlog.
//! Each level's own step is tested in `level_tests` and `money_level_tests`.
use super::*;
use crate::storage::{Db, StorageError};

/// The level whose step holds `marker` (a statement only that step has): tests name a
/// step by what it does, not by a number that moves when steps are added.
pub(super) fn level_of(marker: &str) -> i64 {
    let index = MIGRATIONS
        .iter()
        .position(|sql| sql.contains(marker))
        .unwrap_or_else(|| panic!("no migration step has 「{marker}」"));
    i64::try_from(index + 1).unwrap()
}

pub(super) fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

pub(super) fn setting(conn: &Connection, key: &str) -> Option<String> {
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .ok()
}

pub(super) fn insert_raw_waybill(conn: &Connection, number: &str) {
    conn.execute(
        "INSERT INTO waybills (number, issued_at, clerk_id, status, dest_code, dest_name, shipper_name, shipper_phone, shipper_tail, consignee_name, consignee_phone, consignee_tail, goods_name, pieces, packaging, weight_kg, volume_m3, declared_by_shipper, fragile, orientation, condition, condition_note, shipper_bears_damage, delivery, delivery_address, receipt_copies, controlled_release, payment, transfer, freight_fen, premium_fen, delivery_fee_fen, total_fen, remarks)
         VALUES (?1, '2026-11-23 09:00:00', 'A01', '已开单', '430321', '湘潭市 湘潭县', '宏达', '13912345678', '5678', '李记', '13800004321', '4321', '服装', 12, '纸箱', '300', '1.2', 0, 0, '不限', '完好', '', 0, '自提', '', 0, 0, '提付', 0, 25500, 0, 0, 25500, '')",
        [number],
    )
    .unwrap();
}

/// Each migration applies on the level before it and a second run changes nothing. One
/// database walked up level by level: each step is its own transaction from the state
/// the step before left, exactly as an upgrade from any older level runs it (a fresh
/// database per level ran the same steps 35 times over, 8 s).
#[test]
fn every_migration_from_the_level_before() {
    let mut conn = Connection::open_in_memory().unwrap();
    let version = |conn: &Connection| -> i64 {
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    for target in 1..=LATEST_VERSION {
        migrate_to(&mut conn, target).unwrap();
        assert_eq!(version(&conn), target);
        migrate_to(&mut conn, target).unwrap();
        assert_eq!(version(&conn), target);
    }
    migrate(&mut conn).unwrap();
    migrate(&mut conn).unwrap();
    assert_eq!(version(&conn), LATEST_VERSION);
}

#[test]
fn the_rows_before_the_seal_chain_are_sealed_by_its_migration() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, SEALS_LEVEL - 1).unwrap();
    conn.execute_batch(
        "INSERT INTO staff (id, name, role) VALUES ('A01', '张三', '开单员');
         INSERT INTO refusals (at, clerk_id, shipper_name, shipper_phone, goods_name, reason)
             VALUES ('2026-11-23 09:00:00', 'A01', '李记', '13800004321', '汽油', '易燃');
         INSERT INTO refusals (at, clerk_id, shipper_name, shipper_phone, goods_name, reason)
             VALUES ('2026-11-23 09:05:00', 'A01', '王记', '13800004322', '鞭炮', '易爆');",
    )
    .unwrap();
    migrate(&mut conn).unwrap();
    let db = Db {
        link: crate::storage::Link::Sqlite(conn),
        scratch: None,
        scope: crate::domain::stations::Scope::Company,
    };
    assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
    assert_eq!(db.head().unwrap().count, 2);
    // A row added behind the program's back after that is not sealed.
    db.lite()
        .unwrap()
        .execute_batch(
            "INSERT INTO refusals (at, clerk_id, shipper_name, shipper_phone, goods_name, reason)
             VALUES ('2026-11-23 10:00:00', 'A01', '赵记', '13800004323', '油漆', '易燃');",
        )
        .unwrap();
    assert_eq!(
        db.check_seals().unwrap(),
        ["拒收登记有 1 条没有封存，可能是绕过程序写入的"]
    );
}

#[test]
fn newer_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
        // A newer kaidan marks its databases as this one does.
        conn.pragma_update(None, "application_id", APPLICATION_ID)
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
fn another_programs_database_is_refused_before_any_change() {
    let dir = tempfile::tempdir().unwrap();
    for (name, setup) in [
        (
            "marked.sqlite3",
            "PRAGMA application_id = 1234; CREATE TABLE t (x);",
        ),
        ("settings.sqlite3", "CREATE TABLE settings (key, value);"),
        (
            "levelled.sqlite3",
            "PRAGMA user_version = 3; CREATE TABLE notes (x);",
        ),
    ] {
        let path = dir.path().join(name);
        Connection::open(&path)
            .unwrap()
            .execute_batch(setup)
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        match Db::open(&path) {
            Err(StorageError::NotKaidan(p)) => assert_eq!(p, path),
            Err(other) => panic!("{name}: wrong error {other}"),
            Ok(_) => panic!("{name} was taken over"),
        }
        // Not even the journal mode was switched.
        assert_eq!(std::fs::read(&path).unwrap(), before, "{name}");
        assert!(!dir.path().join(format!("{name}-wal")).exists(), "{name}");
    }
}

#[test]
fn a_new_database_is_marked_and_an_unmarked_old_one_gets_the_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.sqlite3");
    let id = |path: &std::path::Path| -> i32 {
        Connection::open(path)
            .unwrap()
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap()
    };
    drop(Db::open(&path).unwrap());
    assert_eq!(id(&path), APPLICATION_ID);
    // A kaidan database from before the mark, at level 5.
    let old = dir.path().join("old.sqlite3");
    {
        let mut conn = Connection::open(&old).unwrap();
        migrate_to(&mut conn, 5).unwrap();
        conn.pragma_update(None, "application_id", 0).unwrap();
    }
    assert_eq!(id(&old), 0);
    let db = Db::open(&old).unwrap();
    assert_eq!(db.schema_version().unwrap(), LATEST_VERSION);
    drop(db);
    assert_eq!(id(&old), APPLICATION_ID);
}

#[test]
fn four_counters_starting_together_on_a_new_file_migrate_it_once() {
    for round in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite3");
        for opened in super::upgrade_tests::open_together(&path, 4) {
            match opened {
                Ok(version) => assert_eq!(version, LATEST_VERSION, "round {round}"),
                Err(error) => panic!("round {round}: {error}"),
            }
        }
        let db = Db::open(&path).unwrap();
        assert!(db.integrity_problems().unwrap().is_empty());
    }
}

#[test]
fn a_level_lowered_by_hand_is_said_in_chinese_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.sqlite3");
    drop(Db::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 5)
        .unwrap();
    match Db::open(&path) {
        Err(error @ StorageError::SchemaMismatch { level: 5, .. }) => {
            let message = error.to_string();
            assert!(message.contains("请从备份恢复"), "{message}");
        }
        Err(other) => panic!("wrong error {other}"),
        Ok(_) => panic!("opened"),
    }
    let level: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(level, 5, "nothing written");
}

#[test]
fn a_new_database_has_every_protective_trigger() {
    let names = protective_triggers();
    for expected in [
        "waybills_no_delete",
        "waybill_history_no_update",
        "waybill_history_no_delete",
        "point_events_locked_update",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    // On either database (`KAIDAN_TEST_BACKEND`): none is missing.
    let db = Db::open_in_memory().unwrap();
    assert_eq!(db.missing_triggers().unwrap(), Vec::<String>::new());
}

#[test]
fn pragmas_are_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("k.sqlite3")).unwrap();
    let mode: String = db
        .lite()
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let sync: i64 = db
        .lite()
        .unwrap()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    let fk: i64 = db
        .lite()
        .unwrap()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
}
