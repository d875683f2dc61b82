//! What the command line keeps safe (FORMATS.md): `check` finding changes made behind the
//! program's back, the anchors kept outside the database, restores and backups.

use crate::cli::{WAYBILL_1, WAYBILL_2, XIANGTAN_JSON, waybills_csv};
use crate::desk::{Desk, run_on};
use std::path::Path;

#[test]
fn check_detects_tampering() {
    let (desk, _) = Desk::with_two_waybills();
    desk.run_ok(&["check"]);
    let changed = desk
        .sql()
        .execute(
            "UPDATE waybills SET pieces = 99 WHERE number = 'GZ0002'",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    let run = desk.run(&["check"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("运单 GZ0002"), "{}", run.stderr);
    assert!(!run.stderr.contains("GZ0001"), "{}", run.stderr);
}

#[test]
fn check_sees_derived_columns_and_dropped_triggers_changed_behind_its_back() {
    // WAYBILL_1 charged at the rate; a copy of it charged short.
    let short = WAYBILL_1
        .replace("GZ0001", "GZ0003")
        .replace(",255,", ",200,");
    let tampered = |sql: &str, expected: &str| {
        let desk = Desk::new().with_rates();
        let file = desk.write("运单.csv", waybills_csv(&[WAYBILL_1, WAYBILL_2, &short]));
        assert_eq!(desk.import("waybills", &file).status, 0);
        desk.run_ok(&["check"]);
        desk.sql().execute_batch(sql).unwrap();
        let run = desk.run(&["check"]);
        assert_eq!(run.status, 1, "{sql}");
        assert!(run.stderr.contains(expected), "{sql}: {}", run.stderr);
    };
    // The short charge wiped: the clerk's month would gain points and pay.
    tampered(
        "UPDATE waybills SET short_charge_fen = 0 WHERE number = 'GZ0003'",
        "运单 GZ0003：短收金额（0.00）",
    );
    tampered(
        "UPDATE waybills SET shipper_tail = '0000' WHERE number = 'GZ0002'",
        "运单 GZ0002：发货方电话尾号「0000」",
    );
    tampered(
        "DROP TRIGGER waybill_history_no_delete",
        "保护触发器 waybill_history_no_delete 不见了",
    );
    // The money ledger, changed or deleted after dropping its triggers, or written to
    // behind the program's back: the seal chain sees each.
    tampered(
        "DROP TRIGGER collections_no_update;
         UPDATE collections SET amount_fen = 100 WHERE waybill_number = 'GZ0002';",
        "收付款流水第",
    );
    tampered(
        "DROP TRIGGER collections_no_delete;
         DELETE FROM collections WHERE waybill_number = 'GZ0002';",
        "已封存，但不见了",
    );
    tampered(
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion)
         VALUES ('GZ0002', '2026-11-21 10:00:00', 'B07', 13000, '现金', '开单');",
        "收付款流水有 1 条没有封存",
    );
}

/// The short code `check` prints: `数据库完好：…；校验码 3-1a2b3c4d（…`.
fn printed_code(stdout: &str) -> String {
    let start = stdout.find("校验码 ").unwrap() + "校验码 ".len();
    stdout[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

#[test]
fn anchors_outside_the_database_see_the_newest_records_deleted_behind_triggers() {
    let (desk, _) = Desk::with_two_waybills();
    let code = printed_code(&desk.run_ok(&["check"]).stdout);
    let seals: i64 = desk
        .sql()
        .query_row("SELECT COUNT(*) FROM seals", [], |r| r.get(0))
        .unwrap();
    assert!(code.starts_with(&format!("{seals}-")), "{code}");
    assert!(
        desk.path("anchors.json").exists(),
        "this PC remembers the head"
    );
    // The code proves the history up to it; a wrong one is refused.
    desk.run_ok(&["check", "--anchor", &code]);
    let wrong = format!(
        "{seals}-{}",
        if code.ends_with('0') {
            "00000001"
        } else {
            "00000000"
        }
    );
    let run = desk.run(&["check", "--anchor", &wrong]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("不符"), "{}", run.stderr);
    assert_eq!(desk.run(&["check", "--anchor", "两张"]).status, 1);

    // The newest waybill deleted with its history, timeline, payment and their seals,
    // the triggers put back after: every chain of what is left holds, the triggers are
    // all there, only the anchor sees.
    let conn = desk.sql();
    let triggers: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE name IN ('waybills_no_delete', 'waybill_history_no_delete', 'waybill_events_no_delete', 'collections_no_delete', 'seals_no_delete')")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(triggers.len(), 5);
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    conn.execute_batch(
        "DELETE FROM waybill_history WHERE waybill_number = 'GZ0002';
         DELETE FROM waybill_events WHERE waybill_number = 'GZ0002';
         DELETE FROM collections WHERE waybill_number = 'GZ0002';
         DELETE FROM waybills WHERE number = 'GZ0002';
         DELETE FROM seals WHERE row_id NOT IN (SELECT id FROM waybill_history) AND tbl = 'waybill_history'
             OR row_id NOT IN (SELECT id FROM waybill_events) AND tbl = 'waybill_events'
             OR row_id NOT IN (SELECT id FROM collections) AND tbl = 'collections';",
    )
    .unwrap();
    for (_, sql) in &triggers {
        conn.execute_batch(sql).unwrap();
    }
    drop(conn);
    let run = desk.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(run.stderr.contains("最新的记录被删除了"), "{}", run.stderr);
}

/// A desk that imported `WAYBILL_1`, backed up to 备份.sqlite3 (returned), then imported
/// `WAYBILL_2`.
fn backed_up_between_two_imports() -> (Desk, std::path::PathBuf) {
    let desk = Desk::new().with_rates();
    let one = desk.write("一.csv", waybills_csv(&[WAYBILL_1]));
    assert_eq!(desk.import("waybills", &one).status, 0);
    let backup = desk.path("备份.sqlite3");
    desk.run_ok(&["backup", backup.to_str().unwrap()]);
    let two = desk.write("二.csv", waybills_csv(&[WAYBILL_2]));
    assert_eq!(desk.import("waybills", &two).status, 0);
    (desk, backup)
}

#[test]
fn a_restore_is_reported_as_a_restore_not_as_tampering() {
    let (desk, backup) = backed_up_between_two_imports();
    desk.run_ok(&["check"]);
    desk.run_ok(&["restore", backup.to_str().unwrap()]);
    let run = desk.run_ok(&["check"]);
    assert!(run.stderr.contains("这是恢复，不是篡改"), "{}", run.stderr);
    // Verified again, the next check has nothing to say about it.
    let run = desk.run_ok(&["check"]);
    assert!(!run.stderr.contains("恢复"), "{}", run.stderr);
}

#[test]
fn restore_keeps_the_current_data_aside_and_refuses_a_file_that_fails_check() {
    let (desk, backup) = backed_up_between_two_imports();
    let count = |db: &Path| -> i64 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM waybills", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&desk.db()), 2);

    // A backup whose history was changed behind kaidan's back: refused, nothing changes.
    let tampered = desk.path("改过.sqlite3");
    std::fs::copy(&backup, &tampered).unwrap();
    rusqlite::Connection::open(&tampered)
        .unwrap()
        .execute(
            "UPDATE waybills SET pieces = 99 WHERE number = 'GZ0001'",
            [],
        )
        .unwrap();
    let run = desk.run(&["restore", tampered.to_str().unwrap()]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("不能用来恢复"), "{}", run.stderr);
    let junk = desk.write("乱码.sqlite3", "不是数据库".repeat(300));
    assert_eq!(desk.run(&["restore", junk.to_str().unwrap()]).status, 1);
    assert_eq!(count(&desk.db()), 2, "nothing restored");

    let run = desk.run_ok(&["restore", backup.to_str().unwrap()]);
    assert!(
        run.stderr.contains("恢复前的数据已另存为"),
        "{}",
        run.stderr
    );
    assert_eq!(count(&desk.db()), 1);
    desk.run_ok(&["check"]);
    // The data before the restore is a backup of its own, in backups/ beside the database.
    let aside: Vec<_> = std::fs::read_dir(desk.path("backups"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(count(&aside[0]), 2);
}

#[test]
fn backup_writes_a_database_that_opens() {
    let (desk, _) = Desk::with_two_waybills();
    let backup = desk.path("备份.sqlite3");
    let run = desk.run_ok(&["backup", backup.to_str().unwrap()]);
    assert!(run.stderr.contains("已备份到"), "{}", run.stderr);

    let copy = run_on(&backup, &["check"]);
    assert_eq!(copy.status, 0, "{}", copy.stderr);
    assert!(copy.stdout.contains("2 张运单"), "{}", copy.stdout);
    let copy = run_on(
        &backup,
        &[
            "quote",
            "--to",
            "430321",
            "--weight",
            "300",
            "--volume",
            "1.2",
            "--declared",
            "3000",
            "--delivery",
            "--json",
        ],
    );
    assert_eq!(copy.stdout, format!("{XIANGTAN_JSON}\n"));

    // A backup never overwrites.
    let again = desk.run(&["backup", backup.to_str().unwrap()]);
    assert_eq!(again.status, 1);
    assert!(again.stderr.contains("已存在"), "{}", again.stderr);
}

#[test]
fn a_backup_exists_only_when_complete_and_verified() {
    let desk = Desk::new().with_rates();
    // What a backup killed half-way left: a partial file under the temporary name.
    let partial = desk.write(".备份.sqlite3.kaidan-partial", "半个文件");
    let backup = desk.path("备份.sqlite3");
    desk.run_ok(&["backup", backup.to_str().unwrap()]);
    assert!(
        !partial.exists(),
        "the partial file was replaced and renamed"
    );
    assert_eq!(run_on(&backup, &["check"]).status, 0);
    // Into a folder that is not there: refused in Chinese, nothing left behind.
    let nowhere = desk.path("U盘/备份.sqlite3");
    let run = desk.run(&["backup", nowhere.to_str().unwrap()]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("无法打开") || run.stderr.contains("不存在"),
        "{}",
        run.stderr
    );
    assert!(!nowhere.exists());
    let leftovers: Vec<_> = std::fs::read_dir(desk.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("kaidan-partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// M2: a 回单付 waybill with no receipt copy, issued before kaidan refused them, is named
/// by `check` as a warning (exit 0); once a supervisor alters its copies it is not.
#[test]
fn check_warns_of_pay_on_receipt_waybills_without_a_receipt_copy() {
    use kaidan::domain::desk::waybill::{PaymentMethod, ValidationContext, WaybillDraft};
    let desk = Desk::new();
    let mut db = kaidan::storage::Db::open(&desk.db()).unwrap();
    crate::kit::hire(&db, &[("A01", "张丽", "开单员")], crate::kit::nov(23, 9, 0));
    let draft = WaybillDraft {
        pieces: "2".into(),
        weight_kg: "40".into(),
        volume_m3: "0.2".into(),
        freight: "60".into(),
        payment: PaymentMethod::OnReceipt,
        receipt_copies: "1".into(),
        ..WaybillDraft::sample()
    };
    let mut old = draft.validate(&ValidationContext::lenient()).unwrap();
    // As an older kaidan let it through.
    old.receipt_copies = 0;
    let issued = db
        .issue_waybill(&old, "A01", "GZ", crate::kit::nov(23, 10, 0))
        .unwrap();
    drop(db);
    let run = desk.run_ok(&["check"]);
    assert!(
        run.stderr.contains("1 张回单付运单的回单份数为 0") && run.stderr.contains(&issued.number),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("数据库完好"), "{}", run.stdout);

    let mut db = kaidan::storage::Db::open(&desk.db()).unwrap();
    let fixed = draft.validate(&ValidationContext::lenient()).unwrap();
    db.alter_waybill(
        &issued.number,
        Some(0),
        &fixed,
        "A01",
        "补填回单份数",
        crate::kit::nov(23, 11, 0),
    )
    .unwrap();
    drop(db);
    let run = desk.run_ok(&["check"]);
    assert!(!run.stderr.contains("回单份数为 0"), "{}", run.stderr);
}

/// `report customers` (issue 18 item 5): one PDF per customer who shipped in the month,
/// named after the customer, and the count printed; a month without waybills writes
/// nothing and says so (exit 0); files already there refuse the run.
#[test]
fn report_customers_writes_one_pdf_per_customer_of_the_month() {
    let desk = Desk::new();
    desk.run_ok(&["demo"]);
    let month = chrono::Local::now().format("%Y-%m").to_string();
    let out = desk.path("客户月报");
    let run = desk.run_ok(&[
        "report",
        "customers",
        &month,
        "--out",
        out.to_str().unwrap(),
    ]);
    let count: usize = run.stdout.trim().parse().unwrap();
    let files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(count >= 1, "{}", run.stderr);
    assert_eq!(files.len(), count);
    assert!(
        files
            .iter()
            .all(|f| f.starts_with(&month) && Path::new(f).extension().is_some_and(|e| e == "pdf"))
    );
    assert!(files.iter().any(|f| f.contains("广州市")), "{files:?}");
    let again = desk.run(&[
        "report",
        "customers",
        &month,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.status, 1);
    assert!(again.stderr.contains("已存在"), "{}", again.stderr);

    let empty = desk.path("空月");
    let run = desk.run_ok(&[
        "report",
        "customers",
        "2020-01",
        "--out",
        empty.to_str().unwrap(),
    ]);
    assert!(run.stderr.contains("2020-01 没有运单"), "{}", run.stderr);
    assert!(!empty.exists());
}
