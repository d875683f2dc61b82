//! 设置 → 备份与恢复 as the supervisor uses it, driven headless through `egui_kittest` on a
//! database file: the status bar says there is no backup yet (red), the day's first start
//! writes one into `backups/` beside the database (and warns that it is on the same
//! disk), 立即备份 writes another, and 恢复 asks first, then restores with the data before
//! kept aside as a backup of its own.

use crate::kit::{log_in_as, nov, window};
use chrono::NaiveDateTime;
use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::storage::Db;

fn fixed_now() -> NaiveDateTime {
    nov(23, 10, 0)
}

fn station(path: &std::path::Path) -> Harness<'static, App> {
    let mut db = Db::open(path).unwrap();
    kaidan::demo::load_demo(&mut db, fixed_now().date()).unwrap();
    let mut app = App::with_clock(db, fixed_now).unwrap();
    log_in_as(&mut app, "S01", kaidan::demo::DEMO_PASSWORD);
    let mut h = window(app, 1400.0, 900.0);
    h.run();
    h
}

/// The files in `folder` but its hidden ones (the lock backups take turns with).
fn files(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

#[test]
fn the_days_first_start_backs_up_and_a_restore_asks_first_and_keeps_the_data_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kaidan.sqlite3");
    let mut h = station(&path);
    assert!(
        h.query_by_label("上次备份：尚未备份").is_some(),
        "red, no backup yet"
    );

    h.state_mut().start_of_day_backup();
    h.run();
    let backups = dir.path().join("backups");
    assert_eq!(files(&backups).len(), 1);
    assert!(h.query_by_label("上次备份：今天 10:00").is_some());
    // The second start of the day writes nothing more.
    h.state_mut().start_of_day_backup();
    assert_eq!(files(&backups).len(), 1);

    h.get_by_label("设置").click();
    h.run();
    assert!(
        h.query_by_label_contains("备份与数据库在同一块磁盘上")
            .is_some(),
        "the default folder is marked as not surviving the disk"
    );
    let waybills = h.state().db().waybill_count().unwrap();

    // A change after the backup, which the restore will take back.
    h.state().db().set_backup_folder("").unwrap();
    let first = files(&backups)[0].clone();
    let settings_before_restore: i64 = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('after', 'x')",
            [],
        )
        .unwrap();
        conn.query_row("SELECT COUNT(*) FROM settings", [], |r| r.get(0))
            .unwrap()
    };

    // 恢复 asks first; 取消 does nothing.
    h.get_by_label("恢复").click();
    h.run();
    assert!(
        h.query_by_label_contains("当前的数据会先另存为一份新的备份")
            .is_some()
    );
    h.get_by_label("取消").click();
    h.run();
    assert!(
        h.query_by_label_contains("当前的数据会先另存为一份新的备份")
            .is_none()
    );

    h.get_by_label("恢复").click();
    h.run();
    h.get_by_label("确认恢复").click();
    h.run();
    assert!(
        h.query_by_label_contains("恢复前的数据已另存为").is_some(),
        "the supervisor is told where the data before went"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let after: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM settings WHERE key = 'after'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(after, 0, "restored to the backup");
    assert_eq!(h.state().db().waybill_count().unwrap(), waybills);
    // The data before the restore is the newest backup, and it has the change.
    let now = files(&backups);
    assert_eq!(now.len(), 2);
    let aside = now.iter().find(|f| **f != first).unwrap();
    let kept: i64 = rusqlite::Connection::open(aside)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM settings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, settings_before_restore);
}

#[test]
fn a_ledger_changed_behind_the_programs_back_is_said_when_the_window_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kaidan.sqlite3");
    drop(station(&path));
    // A payment's amount changed with the sqlite3 tool, its trigger dropped and put back.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let trigger: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'collections_no_update'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER collections_no_update;
         UPDATE collections SET amount_fen = amount_fen - 1000
             WHERE id = (SELECT MIN(id) FROM collections WHERE amount_fen > 1000);
         {trigger};"
    ))
    .unwrap();
    drop(conn);
    let mut app = App::with_clock(Db::open(&path).unwrap(), fixed_now).unwrap();
    log_in_as(&mut app, "S01", kaidan::demo::DEMO_PASSWORD);
    let mut h = window(app, 1400.0, 900.0);
    let ctx = h.ctx.clone();
    h.state_mut()
        .start_record_check(&kaidan::storage::Location::File(path.clone()), &ctx);
    for _ in 0..200 {
        h.run();
        if h.state()
            .status
            .as_ref()
            .is_some_and(|(_, s)| s.contains("数据核对"))
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let (ok, line) = h.state().status.clone().unwrap();
    assert!(!ok, "{line}");
    assert!(line.contains("收付款流水第"), "{line}");
    assert!(line.contains("kaidan check"), "{line}");
}

#[test]
fn the_login_screen_changes_the_database_and_says_why_one_cannot_be_opened() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("一号柜台.sqlite3");
    let second = dir.path().join("二号柜台.sqlite3");
    {
        let mut db = Db::open(&second).unwrap();
        kaidan::demo::load_demo(&mut db, fixed_now().date()).unwrap();
    }
    let app = App::with_clock(Db::open(&first).unwrap(), fixed_now).unwrap();
    let mut h = window(app, 1024.0, 768.0);
    h.run();
    assert!(h.query_by_label(&first.display().to_string()).is_some());
    h.get_by_label("更换数据库…").click();
    h.run();
    // A server that is not there: refused in Chinese, still on the first file.
    h.get_by_role_and_label(Role::TextInput, "数据库地址")
        .focus();
    h.run();
    h.event(egui::Event::Text(
        "postgresql://kaidan@127.0.0.1:1/kaidan".to_owned(),
    ));
    h.run();
    h.get_by_label("连接").click();
    h.run();
    let error = h.state().login.error.clone().unwrap();
    assert!(error.contains("没有连接"), "{error}");
    assert!(error.contains("无法连接数据库服务器"), "{error}");
    assert_eq!(h.state().view.database, first.display().to_string());
    // Another file: the window starts over on it (its staff to choose from).
    h.state_mut().login.database.typed = second.display().to_string();
    h.get_by_label("连接").click();
    h.run();
    assert_eq!(h.state().view.database, second.display().to_string());
    assert_eq!(h.state().view.staff.len(), 4);
    assert!(h.state().user.is_none());
}
