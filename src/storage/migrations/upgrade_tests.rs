//! A file from an older kaidan is copied as it was before a newer one upgrades it.

use super::{LATEST_VERSION, migrate_to};
use crate::storage::Db;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// `counters` threads opening the file at `path` at the same moment, as counters started
/// together do: the schema level each found it at once open.
pub(super) fn open_together(
    path: &Path,
    counters: usize,
) -> Vec<Result<i64, crate::storage::StorageError>> {
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(counters));
    let threads: Vec<_> = (0..counters)
        .map(|_| {
            let (path, barrier) = (path.to_owned(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                Db::open(&path).and_then(|db| db.schema_version())
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

fn copies(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join("backups")) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    out.sort();
    out
}

#[test]
fn an_older_file_is_copied_before_it_is_upgraded_and_only_then() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kaidan.sqlite3");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_to(&mut conn, 30).unwrap();
        conn.execute(
            "INSERT INTO staff (id, name, role) VALUES ('A09', '旧员工', '开单员')",
            [],
        )
        .unwrap();
    }
    let db = Db::open(&path).unwrap();
    assert_eq!(db.schema_version().unwrap(), LATEST_VERSION);
    let kept = copies(dir.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    let name = kept[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("kaidan-before-upgrade-from-30-") && name.ends_with(".sqlite3"),
        "{name}"
    );
    // The copy is the file as it was: level 30, its rows, whole.
    let copy = Connection::open(&kept[0]).unwrap();
    let level: i64 = copy
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(level, 30);
    let name: String = copy
        .query_row("SELECT name FROM staff WHERE id = 'A09'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "旧员工");
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(db);
    // Opened again at the current level: nothing more is copied.
    Db::open(&path).unwrap();
    assert_eq!(copies(dir.path()).len(), 1);
}

#[test]
fn a_new_file_is_not_copied() {
    let dir = tempfile::tempdir().unwrap();
    Db::open(&dir.path().join("kaidan.sqlite3")).unwrap();
    assert!(copies(dir.path()).is_empty());
}

/// Four counters starting the newer kaidan together on an older file: one upgrades it,
/// after one copy; the others find it done.
#[test]
fn four_counters_upgrading_together_keep_one_copy() {
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kaidan.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, 28).unwrap();
        }
        for opened in open_together(&path, 4) {
            match opened {
                Ok(level) => assert_eq!(level, LATEST_VERSION, "round {round}"),
                Err(error) => panic!("round {round}: {error}"),
            }
        }
        let kept = copies(dir.path());
        assert_eq!(kept.len(), 1, "round {round}: {kept:?}");
        assert!(
            kept[0]
                .to_string_lossy()
                .contains("kaidan-before-upgrade-from-28-")
        );
    }
}
