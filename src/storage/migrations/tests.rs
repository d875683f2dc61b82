//! Migrations from empty and from each level before; the refusals of foreign and newer
//! files; the seal chain's backlog.
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
fn migration_5_from_empty() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, 5).unwrap();
    let names = tables(&conn);
    for t in [
        "attendance_requests",
        "appeals",
        "handovers",
        "departures",
        "duty_overrides",
        "punches",
    ] {
        assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
    }
}

#[test]
fn migration_5_from_level_4_keeps_locks_and_guards_them() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, 4).unwrap();
    conn.execute_batch(
        "INSERT INTO staff (id, name, role, joined_on) VALUES
             ('A01', '张三', '开单员', '2025-01-01'), ('S01', '刘主管', '主管', '2025-01-01');
         INSERT INTO month_locks VALUES ('2026-10', '2026-11-01 09:00:00', 'S01', '[]', '{}', '[]');",
    )
    .unwrap();
    migrate_to(&mut conn, 5).unwrap();
    let departures: String = conn
        .query_row("SELECT departures FROM month_locks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(departures, "[]", "an old lock had no departures");
    // Requests and appeals touching the locked month are refused by the triggers.
    let refused = conn
        .execute(
            "INSERT INTO attendance_requests (staff_id, kind, from_at, to_at, reason, created_at)
             VALUES ('A01', '请假', '2026-09-30 08:00:00', '2026-11-02 08:00:00', '回老家', '2026-11-01 09:00:00')",
            [],
        )
        .unwrap_err();
    assert!(refused.to_string().contains("该月考核已锁定"), "{refused}");
    conn.execute(
        "INSERT INTO attendance_requests (staff_id, kind, from_at, to_at, reason, created_at)
         VALUES ('A01', '请假', '2026-11-03 08:00:00', '2026-11-03 12:00:00', '看病', '2026-11-01 09:00:00')",
        [],
    )
    .unwrap();
    let refused = conn
        .execute(
            "INSERT INTO appeals (staff_id, code, evidence_key, day, reason, filed_at)
             VALUES ('A01', 'P8', 'GZ0001', '2026-10-30', '理由', '2026-11-01 09:00:00')",
            [],
        )
        .unwrap_err();
    assert!(refused.to_string().contains("该月考核已锁定"), "{refused}");
    conn.execute(
        "INSERT INTO duty_overrides (at, supervisor_id, clerk_id, reason) VALUES ('2026-11-01 09:00:00', 'S01', 'A01', '顶班')",
        [],
    )
    .unwrap();
    assert!(conn.execute("DELETE FROM duty_overrides", []).is_err());
    assert!(
        conn.execute("UPDATE duty_overrides SET reason = 'x'", [])
            .is_err()
    );
}

#[test]
fn migration_6_from_empty() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, 6).unwrap();
    conn.execute_batch(
        "INSERT INTO staff (id, name, role, joined_on) VALUES ('A01', '张三', '开单员', '2025-01-01');
         INSERT INTO point_events (staff_id, day, code, quantity, source, created_at, attachment)
         VALUES ('A01', '2026-11-20', 'P19', 1, '手工', '2026-11-21 09:00:00', 'attachments/投诉-1a2b3c4d.jpg');",
    )
    .unwrap();
    let attachment: Option<String> = conn
        .query_row("SELECT attachment FROM point_events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(attachment.as_deref(), Some("attachments/投诉-1a2b3c4d.jpg"));
}

#[test]
fn migration_6_from_level_5_keeps_the_events_without_attachment() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, 5).unwrap();
    conn.execute_batch(
        "INSERT INTO staff (id, name, role, joined_on) VALUES ('A01', '张三', '开单员', '2025-01-01');
         INSERT INTO point_events (staff_id, day, code, quantity, source, created_at)
         VALUES ('A01', '2026-11-20', 'P19', 1, '导入', '2026-11-21 09:00:00');",
    )
    .unwrap();
    migrate_to(&mut conn, 6).unwrap();
    let (count, attachment): (i64, Option<String>) = conn
        .query_row(
            "SELECT COUNT(*), MAX(attachment) FROM point_events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((count, attachment), (1, None));
}

#[test]
fn migration_7_from_empty() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, 7).unwrap();
    assert!(tables(&conn).iter().any(|n| n == "schedule"));
    conn.execute_batch(
        "INSERT INTO staff (id, name, role, joined_on) VALUES ('A01', '张三', '开单员', '2025-01-01');
         INSERT INTO schedule VALUES ('A01', '2026-11-20', '早班');",
    )
    .unwrap();
    // Only the shifts a schedule holds.
    assert!(
        conn.execute(
            "INSERT INTO schedule VALUES ('A01', '2026-11-21', '请假')",
            []
        )
        .is_err()
    );
}

#[test]
fn migration_7_from_level_6_guards_locked_months() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, 6).unwrap();
    conn.execute_batch(
        "INSERT INTO staff (id, name, role, joined_on) VALUES ('A01', '张三', '开单员', '2025-01-01');
         INSERT INTO month_locks VALUES ('2026-10', '2026-11-01 09:00:00', 'S01', '[]', '{}', '[]', '[]');
         INSERT INTO punches (staff_id, day, shift) VALUES ('A01', '2026-11-03', '早班');",
    )
    .unwrap();
    migrate_to(&mut conn, 7).unwrap();
    let punches: i64 = conn
        .query_row("SELECT COUNT(*) FROM punches", [], |r| r.get(0))
        .unwrap();
    assert_eq!(punches, 1, "clock-in records untouched");
    let refused = conn
        .execute(
            "INSERT INTO schedule VALUES ('A01', '2026-10-20', '早班')",
            [],
        )
        .unwrap_err();
    assert!(refused.to_string().contains("该月考核已锁定"), "{refused}");
    conn.execute(
        "INSERT INTO schedule VALUES ('A01', '2026-11-20', '晚班')",
        [],
    )
    .unwrap();
}

#[test]
fn migration_8_from_empty() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, 8).unwrap();
    let names = tables(&conn);
    assert!(names.iter().any(|n| n == "phone_quotes"), "{names:?}");
    assert!(names.iter().any(|n| n == "service_items"), "{names:?}");
    conn.execute_batch(
        "INSERT INTO staff (id, name, role) VALUES ('A01', '张三', '开单员');
         INSERT INTO phone_quotes (at, clerk_id, caller_name, phone, goods_name, dest_code,
             weight_kg, volume_m3, delivery, freight_fen, premium_fen, delivery_fee_fen, total_fen)
         VALUES ('2026-11-23 09:00:00', 'A01', '王先生', '13912345678', '服装', '430321',
             '300', '1.2', 0, 25500, 0, 0, 25500);
         INSERT INTO service_items (received_at, recorded_by, caller_name, phone, category,
             question, handler_id)
         VALUES ('2026-11-23 09:00:00', 'A01', '王先生', '13912345678', '投诉', '货还没到', 'A01');",
    )
    .unwrap();
    // The quote is linked once, and otherwise kept as given.
    conn.execute(
        "UPDATE phone_quotes SET waybill_number = 'GZ1' WHERE id = 1",
        [],
    )
    .unwrap();
    for sql in [
        "UPDATE phone_quotes SET waybill_number = 'GZ2' WHERE id = 1",
        "UPDATE phone_quotes SET total_fen = 1 WHERE id = 1",
        "DELETE FROM phone_quotes",
        "UPDATE service_items SET question = '别的' WHERE id = 1",
        "DELETE FROM service_items",
        "INSERT INTO service_items (received_at, recorded_by, caller_name, phone, category,
             question, handler_id)
         VALUES ('2026-11-23 09:00:00', 'A01', '', '', '闲聊', '？', 'A01')",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql}");
    }
    // Answered once.
    conn.execute(
        "UPDATE service_items SET answered_at = '2026-11-23 10:00:00', answered_by = 'A01',
         outcome = '已到站' WHERE id = 1",
        [],
    )
    .unwrap();
    assert!(
        conn.execute("UPDATE service_items SET outcome = '改' WHERE id = 1", [])
            .is_err()
    );
}

#[test]
fn migration_8_from_level_7_keeps_what_was_there() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, 7).unwrap();
    conn.execute_batch(
        "INSERT INTO staff (id, name, role) VALUES ('A01', '张三', '开单员');
         INSERT INTO schedule VALUES ('A01', '2026-11-20', '早班');",
    )
    .unwrap();
    migrate_to(&mut conn, 8).unwrap();
    let (staff, schedule): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM staff), (SELECT COUNT(*) FROM schedule)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((staff, schedule), (1, 1));
    let quotes: i64 = conn
        .query_row("SELECT COUNT(*) FROM phone_quotes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(quotes, 0);
}

/// The customer-files migration (issue 6), found by its first table, wherever it
/// stands.
fn customer_files_version() -> i64 {
    let index = MIGRATIONS
        .iter()
        .position(|sql| sql.contains("CREATE TABLE customer_files"))
        .unwrap();
    i64::try_from(index + 1).unwrap()
}

#[test]
fn customer_files_migration_from_empty() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, customer_files_version()).unwrap();
    let names = tables(&conn);
    for t in [
        "customer_files",
        "customer_addresses",
        "customer_merges",
        "credit_approvals",
        "credit_overrides",
        "customers",
    ] {
        assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
    }
    conn.execute_batch(
        "INSERT INTO staff (id, name, role) VALUES ('S01', '刘主管', '主管');
         INSERT INTO customer_files (name, created_at, updated_at) VALUES ('宏达', '2026-11-01 09:00:00', '2026-11-01 09:00:00');
         INSERT INTO credit_approvals (customer_id, limit_fen, approved_by, approved_at) VALUES (1, 500000, 'S01', '2026-11-01 09:00:00');
         INSERT INTO credit_overrides (at, supervisor_id, clerk_id, waybill_number, refusal, reason) VALUES ('2026-11-02 09:00:00', 'S01', 'S01', 'GZ1', '超额', '老客户');
         INSERT INTO customer_merges (kept_id, merged_id, merged_by, merged_at, snapshot) VALUES (1, 1, 'S01', '2026-11-02 09:00:00', '{}');",
    )
    .unwrap();
    // Withdrawn once; the records are otherwise kept as written.
    conn.execute(
        "UPDATE credit_approvals SET withdrawn_by = 'S01', withdrawn_at = '2026-11-03 09:00:00'",
        [],
    )
    .unwrap();
    for sql in [
        "UPDATE credit_approvals SET withdrawn_at = '2026-11-04 09:00:00'",
        "UPDATE credit_approvals SET limit_fen = 1",
        "DELETE FROM credit_approvals",
        "UPDATE credit_overrides SET reason = 'x'",
        "DELETE FROM credit_overrides",
        "UPDATE customer_merges SET snapshot = 'x'",
        "DELETE FROM customer_merges",
        "INSERT INTO customer_files (name, created_at, updated_at) VALUES (' ', '', '')",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql}");
    }
}

#[test]
fn customer_files_migration_from_the_level_before_gives_each_phone_a_file() {
    let version = customer_files_version();
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, version - 1).unwrap();
    conn.execute_batch(
        "INSERT INTO customers (phone, name, address, phone_tail, waybill_count, last_used_at) VALUES
             ('13912345678', '宏达服装厂', '', '5678', 3, '2026-11-20 09:00:00'),
             ('0731-57123456', '李记批发部', '易俗河镇建设路 8 号', '3456', 2, '2026-11-21 09:00:00'),
             ('13800004321', '李记批发部', '', '4321', 1, '2026-11-22 09:00:00');",
    )
    .unwrap();
    migrate_to(&mut conn, version).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT c.phone, f.name, c.waybill_count, (SELECT group_concat(address) FROM customer_addresses a WHERE a.customer_id = f.id)
             FROM customers c JOIN customer_files f ON f.id = c.customer_id ORDER BY c.phone",
        )
        .unwrap();
    let rows: Vec<(String, String, i64, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        rows,
        [
            (
                "0731-57123456".into(),
                "李记批发部".into(),
                2,
                Some("易俗河镇建设路 8 号".into())
            ),
            ("13800004321".into(), "李记批发部".into(), 1, None),
            ("13912345678".into(), "宏达服装厂".into(), 3, None),
        ]
    );
    let files: i64 = conn
        .query_row("SELECT COUNT(*) FROM customer_files", [], |r| r.get(0))
        .unwrap();
    assert_eq!(files, 3, "same name, two files: a clerk merges them");
}

/// The payments-ledger migration (issue 6), found by its table, wherever it stands.
fn ledger_version() -> i64 {
    let index = MIGRATIONS
        .iter()
        .position(|sql| sql.contains("CREATE TABLE collections_ledger"))
        .unwrap();
    i64::try_from(index + 1).unwrap()
}

#[test]
fn ledger_migration_from_empty_takes_refunds_with_a_reason() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, ledger_version()).unwrap();
    conn.execute_batch(
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', '2026-11-23 09:00:00', 'A01', 25500, '现金', '开单');
         INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason) VALUES ('GZ1', '2026-11-23 10:00:00', 'A01', -500, '现金', '退款', '多收');",
    )
    .unwrap();
    for sql in [
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'A01', -500, '现金', '退款')",
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason) VALUES ('GZ1', 'x', 'A01', 500, '现金', '退款', '多收')",
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'A01', -500, '现金', '开单')",
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'A01', 0, '现金', '开单')",
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'A01', 5, '刷卡', '开单')",
        "UPDATE collections SET amount_fen = 1",
        "DELETE FROM collections",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql}");
    }
}

#[test]
fn ledger_migration_from_the_level_before_keeps_collections_and_enters_pay_now() {
    let version = ledger_version();
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, version - 1).unwrap();
    conn.execute("INSERT INTO staff (id, name) VALUES ('A01', '张三')", [])
        .unwrap();
    // 提付 25500 (raw insert), and a 现付 one, and a voided 现付 one.
    insert_raw_waybill(&conn, "GZ2611230001");
    insert_raw_waybill(&conn, "GZ2611230002");
    insert_raw_waybill(&conn, "GZ2611230003");
    conn.execute_batch(
        "UPDATE waybills SET payment = '现付' WHERE number IN ('GZ2611230002', 'GZ2611230003');
         UPDATE waybills SET status = '作废' WHERE number = 'GZ2611230003';
         INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ2611230001', '2026-11-24 09:00:00', 'A01', 25500, '微信', '提货');",
    )
    .unwrap();
    migrate_to(&mut conn, version).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, waybill_number, amount_fen, channel, occasion, reason FROM collections ORDER BY id")
        .unwrap();
    let rows: Vec<(i64, String, i64, String, String, String)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        rows,
        [
            (
                1,
                "GZ2611230001".into(),
                25500,
                "微信".into(),
                "提货".into(),
                String::new()
            ),
            (
                2,
                "GZ2611230002".into(),
                25500,
                "现金".into(),
                "开单".into(),
                String::new()
            ),
        ]
    );
    assert!(conn.execute("DELETE FROM collections", []).is_err());
}

#[test]
fn cash_count_migration_from_empty_and_from_the_level_before() {
    let index = MIGRATIONS
        .iter()
        .position(|sql| sql.contains("CREATE TABLE cash_counts"))
        .unwrap();
    let version = i64::try_from(index + 1).unwrap();
    for start in [0, version - 1] {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, start).unwrap();
        migrate_to(&mut conn, version).unwrap();
        conn.execute_batch(
            "INSERT INTO staff (id, name) VALUES ('A01', '张丽');
             INSERT INTO cash_counts (staff_id, period, from_at, to_at, expected_cash_fen, expected_wechat_fen, expected_alipay_fen, expected_bank_fen, counted_cash_fen, counted_wechat_fen, counted_alipay_fen, counted_bank_fen, signed_by, signed_at)
             VALUES ('A01', 'A01 11-23 早班', '2026-11-23 07:30:00', '2026-11-23 16:30:00', 25500, 0, 0, 0, 25000, 0, 0, 0, 'A01', '2026-11-23 16:20:00');",
        )
        .unwrap();
        for sql in [
            "INSERT INTO cash_counts (staff_id, period, from_at, to_at, expected_cash_fen, expected_wechat_fen, expected_alipay_fen, expected_bank_fen, counted_cash_fen, counted_wechat_fen, counted_alipay_fen, counted_bank_fen, signed_by, signed_at) VALUES ('A01', 'x', '2026-11-23 07:30:00', '2026-11-23 16:30:00', 0, 0, 0, 0, 0, 0, 0, 0, 'A01', 'x')",
            "UPDATE cash_counts SET counted_cash_fen = 25500",
            "DELETE FROM cash_counts",
        ] {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
    }
}

#[test]
fn claims_migration_from_empty_and_from_the_level_before() {
    let index = MIGRATIONS
        .iter()
        .position(|sql| sql.contains("CREATE TABLE claims"))
        .unwrap();
    let version = i64::try_from(index + 1).unwrap();
    for start in [0, version - 1] {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, start).unwrap();
        migrate_to(&mut conn, version).unwrap();
        conn.execute_batch(
            "INSERT INTO claims (waybill_number, kind, asked_fen, registered_by, registered_at) VALUES ('GZ1', '丢失', 500000, 'A01', '2026-11-23 09:00:00');
             INSERT INTO claim_decisions (claim_id, action, amount_fen, rule, staff_id, at) VALUES (1, '决定', 300000, '保价', 'S01', '2026-11-23 10:00:00');",
        )
        .unwrap();
        for sql in [
            "INSERT INTO claims (waybill_number, kind, asked_fen, registered_by, registered_at) VALUES ('GZ1', '晚到', 100, 'A01', 'x')",
            "INSERT INTO claims (waybill_number, kind, asked_fen, registered_by, registered_at) VALUES ('GZ1', '丢失', 0, 'A01', 'x')",
            "INSERT INTO claim_decisions (claim_id, action, staff_id, at) VALUES (1, '决定', 'S01', 'x')",
            "UPDATE claims SET asked_fen = 1",
            "DELETE FROM claims",
            "UPDATE claim_decisions SET amount_fen = 1",
            "DELETE FROM claim_decisions",
        ] {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
    }
}

/// The 理赔/月结 ledger migration (issue 6), found by its 月结 index.
fn account_payments_version() -> i64 {
    let index = MIGRATIONS
        .iter()
        .position(|sql| sql.contains("CREATE INDEX collections_account"))
        .unwrap();
    i64::try_from(index + 1).unwrap()
}

fn setting(conn: &Connection, key: &str) -> Option<String> {
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .ok()
}

#[test]
fn account_payments_migration_from_empty_takes_claims_and_monthly_payments() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, account_payments_version()).unwrap();
    conn.execute_batch(
        "INSERT INTO customer_files (name, created_at, updated_at) VALUES ('宏达服装厂', '2026-11-01 09:00:00', '2026-11-01 09:00:00');
         INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, customer_id, period) VALUES ('', '2026-11-23 09:00:00', 'A01', 10000, '银行', '月结', 1, '2026-10');
         INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason) VALUES ('GZ1', '2026-11-23 10:00:00', 'S01', -30000, '现金', '理赔', '理赔 1（丢失）');",
    )
    .unwrap();
    let count: i64 = conn
        .query_row("SELECT count(*) FROM collections", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);
    for sql in [
        // An occasion the ledger does not know.
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'A01', 500, '现金', '押金')",
        // 理赔 is money out, with a reason.
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason) VALUES ('GZ1', 'x', 'S01', 500, '现金', '理赔', '理赔 1')",
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'S01', -500, '现金', '理赔')",
        // 月结 names the customer and month, and no waybill.
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('', 'x', 'A01', 500, '现金', '月结')",
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, customer_id, period) VALUES ('GZ1', 'x', 'A01', 500, '现金', '月结', 1, '2026-10')",
        "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, customer_id, period) VALUES ('GZ1', 'x', 'A01', 500, '现金', '开单', 1, '2026-10')",
        "UPDATE collections SET amount_fen = 1",
        "DELETE FROM collections",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql}");
    }
    let index: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'collections_account'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 1);
    // A new database tracks every month.
    assert_eq!(setting(&conn, "monthly_payments_from"), None);
}

#[test]
fn account_payments_migration_from_the_level_before_enters_paid_claims() {
    // One ledger row: id, number, at, staff, fen, channel, occasion, reason, file, period.
    type Row = (
        i64,
        String,
        String,
        String,
        i64,
        String,
        String,
        String,
        Option<i64>,
        Option<String>,
    );
    let version = account_payments_version();
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, version - 1).unwrap();
    conn.execute("INSERT INTO staff (id, name) VALUES ('A01', '张三')", [])
        .unwrap();
    insert_raw_waybill(&conn, "GZ2611230001");
    insert_raw_waybill(&conn, "GZ2611230002");
    conn.execute_batch(
        "UPDATE waybills SET payment = '月结' WHERE number = 'GZ2611230002';
         INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ2611230001', '2026-11-24 09:00:00', 'A01', 25500, '微信', '提货');
         INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason) VALUES ('GZ2611230001', '2026-11-24 10:00:00', 'A01', -500, '现金', '退款', '多收');
         INSERT INTO claims (waybill_number, kind, asked_fen, registered_by, registered_at) VALUES ('GZ2611230001', '破损', 50000, 'A01', '2026-11-25 09:00:00');
         INSERT INTO claim_decisions (claim_id, action, amount_fen, rule, staff_id, at) VALUES (1, '决定', 30000, '保价', 'S01', '2026-11-25 10:00:00');
         INSERT INTO claim_decisions (claim_id, action, amount_fen, channel, staff_id, at) VALUES (1, '已赔付', 30000, '微信', 'S01', '2026-11-25 11:00:00');
         INSERT INTO claims (waybill_number, kind, asked_fen, registered_by, registered_at) VALUES ('GZ2611230001', '丢失', 9000, 'A01', '2026-11-25 09:30:00');
         INSERT INTO claim_decisions (claim_id, action, reason, staff_id, at) VALUES (2, '拒赔', '不属实', 'S01', '2026-11-25 12:00:00');",
    )
    .unwrap();
    migrate_to(&mut conn, version).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, waybill_number, at, staff_id, amount_fen, channel, occasion, reason, customer_id, period FROM collections ORDER BY id")
        .unwrap();
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let row = |id, at: &str, staff: &str, fen, channel: &str, occasion: &str, reason: &str| {
        (
            id,
            "GZ2611230001".to_owned(),
            at.to_owned(),
            staff.to_owned(),
            fen,
            channel.to_owned(),
            occasion.to_owned(),
            reason.to_owned(),
            None,
            None,
        )
    };
    assert_eq!(
        rows,
        [
            row(1, "2026-11-24 09:00:00", "A01", 25500, "微信", "提货", ""),
            row(
                2,
                "2026-11-24 10:00:00",
                "A01",
                -500,
                "现金",
                "退款",
                "多收"
            ),
            // The paid claim, once, as money out; the rejected one not at all.
            row(
                3,
                "2026-11-25 11:00:00",
                "S01",
                -30000,
                "微信",
                "理赔",
                "理赔 1（破损）"
            ),
        ]
    );
    // 月结 waybills were there: months before the upgrade's previous month are settled.
    let from = setting(&conn, "monthly_payments_from").unwrap();
    let expected: String = conn
        .query_row(
            "SELECT strftime('%Y-%m', 'now', 'localtime', 'start of month', '-1 month')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(from, expected);
    assert!(conn.execute("DELETE FROM collections", []).is_err());
}

#[test]
fn account_payments_migration_without_monthly_waybills_tracks_every_month() {
    let version = account_payments_version();
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, version - 1).unwrap();
    conn.execute("INSERT INTO staff (id, name) VALUES ('A01', '张三')", [])
        .unwrap();
    insert_raw_waybill(&conn, "GZ2611230001");
    migrate_to(&mut conn, version).unwrap();
    assert_eq!(setting(&conn, "monthly_payments_from"), None);
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
fn identity_migration_from_empty_and_from_the_level_before() {
    let id = |conn: &Connection| -> String {
        conn.query_row(
            "SELECT value FROM settings WHERE key = 'database_id'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let mut empty = Connection::open_in_memory().unwrap();
    migrate_to(&mut empty, 14).unwrap();
    let made = id(&empty);
    assert_eq!(made.len(), 32);
    assert!(made.chars().all(|c| c.is_ascii_hexdigit()));
    let mut before = Connection::open_in_memory().unwrap();
    migrate_to(&mut before, 13).unwrap();
    before
        .execute(
            "INSERT INTO settings (key, value) VALUES ('station', 'x')",
            [],
        )
        .unwrap();
    migrate_to(&mut before, 14).unwrap();
    assert_ne!(id(&before), made, "each database its own");
    let station: String = before
        .query_row(
            "SELECT value FROM settings WHERE key = 'station'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(station, "x");
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

/// The dispatch migration (issue 4), found by its first table, wherever it stands.
fn dispatch_version() -> i64 {
    let index = MIGRATIONS
        .iter()
        .position(|sql| sql.contains("CREATE TABLE waybill_stages"))
        .unwrap();
    i64::try_from(index + 1).unwrap()
}

fn insert_raw_waybill(conn: &Connection, number: &str) {
    conn.execute(
        "INSERT INTO waybills (number, issued_at, clerk_id, status, dest_code, dest_name, shipper_name, shipper_phone, shipper_tail, consignee_name, consignee_phone, consignee_tail, goods_name, pieces, packaging, weight_kg, volume_m3, declared_by_shipper, fragile, orientation, condition, condition_note, shipper_bears_damage, delivery, delivery_address, receipt_copies, controlled_release, payment, transfer, freight_fen, premium_fen, delivery_fee_fen, total_fen, remarks)
         VALUES (?1, '2026-11-23 09:00:00', 'A01', '已开单', '430321', '湘潭市 湘潭县', '宏达', '13912345678', '5678', '李记', '13800004321', '4321', '服装', 12, '纸箱', '300', '1.2', 0, 0, '不限', '完好', '', 0, '自提', '', 0, 0, '提付', 0, 25500, 0, 0, 25500, '')",
        [number],
    )
    .unwrap();
}

#[test]
fn dispatch_migration_from_empty() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, dispatch_version()).unwrap();
    let names = tables(&conn);
    for t in [
        "waybill_stages",
        "waybill_events",
        "manifests",
        "manifest_pieces",
        "incoming_waybills",
        "arrival_scans",
        "arrival_issues",
        "notifications",
        "release_authorizations",
        "collections",
        "pickups",
        "delivery_tasks",
        "transfers",
        "receipts",
        "exceptions",
        "regulator_uploads",
        "waybills",
    ] {
        assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
    }
}

#[test]
fn dispatch_migration_from_the_level_before_guards_loaded_waybills() {
    let version = dispatch_version();
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, version - 1).unwrap();
    conn.execute("INSERT INTO staff (id, name) VALUES ('A01', '张三')", [])
        .unwrap();
    insert_raw_waybill(&conn, "GZ2611230001");
    insert_raw_waybill(&conn, "GZ2611230002");
    migrate_to(&mut conn, version).unwrap();
    let count: i64 = conn
        .query_row("SELECT COUNT(*) FROM waybills", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);
    conn.execute(
        "INSERT INTO waybill_stages VALUES ('GZ2611230001', '已装车', '已装车', '2026-11-23 10:00:00')",
        [],
    )
    .unwrap();
    // A loaded waybill cannot be voided behind the program's back; one in stock can.
    let refused = conn
        .execute(
            "UPDATE waybills SET status = '作废' WHERE number = 'GZ2611230001'",
            [],
        )
        .unwrap_err();
    assert!(refused.to_string().contains("不能作废"), "{refused}");
    conn.execute(
        "UPDATE waybills SET status = '作废' WHERE number = 'GZ2611230002'",
        [],
    )
    .unwrap();
    // The registers are append-only.
    conn.execute(
        "INSERT INTO notifications (waybill_number, at, staff_id, method, note) VALUES ('GZ2611230001', '2026-11-24 09:00:00', 'A01', '电话', '')",
        [],
    )
    .unwrap();
    for sql in [
        "UPDATE notifications SET note = 'x'",
        "DELETE FROM notifications",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql}");
    }
}

/// Migration 19: a station's database becomes the first of its stations, made from its
/// desk and dispatch settings; its staff, waybills, trucks and cash counts are that
/// station's, and a second station can sign the same day.
#[test]
fn stations_migration_from_the_level_before() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, 18).unwrap();
    conn.execute_batch(
        r#"
        INSERT INTO settings (key, value) VALUES
            ('desk', '{"company_name":"每地达","station_name":"岳阳站","station_phone":"0730-8221234","number_prefix":"YY"}'),
            ('dispatch', '{"notify_within_hours":12,"station_codes":["430602","430603"]}');
        INSERT INTO staff (id, name, role) VALUES ('A01', '张丽', '开单员');
        INSERT INTO cash_counts (staff_id, period, from_at, to_at,
            expected_cash_fen, expected_wechat_fen, expected_alipay_fen, expected_bank_fen,
            counted_cash_fen, counted_wechat_fen, counted_alipay_fen, counted_bank_fen,
            note, signed_by, signed_at)
            VALUES ('', '2026-12-01 全站', '2026-12-01 00:00:00', '2026-12-02 00:00:00',
                    100, 0, 0, 0, 100, 0, 0, 0, '', 'A01', '2026-12-01 20:00:00');
        "#,
    )
    .unwrap();
    migrate_to(&mut conn, 19).unwrap();
    let first: (i64, String, String, String, String) = conn
        .query_row(
            "SELECT id, code, name, phone, counties FROM stations",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        first,
        (
            1,
            "YY".into(),
            "岳阳站".into(),
            "0730-8221234".into(),
            "430602 430603".into()
        )
    );
    let posts: (i64, i64) = conn
        .query_row(
            "SELECT (SELECT station_id FROM staff), (SELECT station_id FROM cash_counts)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(posts, (1, 1));
    conn.execute(
        "INSERT INTO stations (id, code, name) VALUES (2, 'GZ', '广州站')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO cash_counts (station_id, staff_id, period, from_at, to_at,
            expected_cash_fen, expected_wechat_fen, expected_alipay_fen, expected_bank_fen,
            counted_cash_fen, counted_wechat_fen, counted_alipay_fen, counted_bank_fen,
            note, signed_by, signed_at)
         VALUES (2, '', '2026-12-01 全站', '2026-12-01 00:00:00', '2026-12-02 00:00:00',
                 5, 0, 0, 0, 5, 0, 0, 0, '', 'A01', '2026-12-01 20:00:00')",
        [],
    )
    .unwrap();
    let changed = conn.execute("UPDATE cash_counts SET note = 'x'", []);
    assert!(changed.unwrap_err().to_string().contains("已签字"));

    let mut empty = Connection::open_in_memory().unwrap();
    migrate_to(&mut empty, 19).unwrap();
    let code: String = empty
        .query_row("SELECT code || name FROM stations WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(code, "GZ广州站");
}
