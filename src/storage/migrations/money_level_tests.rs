//! The money levels' steps from empty and from the level before: customer files, the
//! ledger, cash counts, claims and account payments.
use super::tests::{insert_raw_waybill, level_of, setting, tables};
use super::*;

/// The customer-files migration (issue 6) from empty: its tables are there.
#[test]
fn customer_files_migration_from_empty() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, level_of("CREATE TABLE customer_files")).unwrap();
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
    let version = level_of("CREATE TABLE customer_files");
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

/// The payments-ledger migration (issue 6) from empty: a refund is negative with a
/// reason, a line is positive in a known channel, and lines are never changed.
#[test]
fn ledger_migration_from_empty_takes_refunds_with_a_reason() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, level_of("CREATE TABLE collections_ledger")).unwrap();
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
    let version = level_of("CREATE TABLE collections_ledger");
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
    let version = level_of("CREATE TABLE cash_counts");
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
    let version = level_of("CREATE TABLE claims");
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

/// The 理赔/月结 ledger migration (issue 6) from empty: claims and monthly payments go in.
#[test]
fn account_payments_migration_from_empty_takes_claims_and_monthly_payments() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, level_of("CREATE INDEX collections_account")).unwrap();
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
    let version = level_of("CREATE INDEX collections_account");
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
    let version = level_of("CREATE INDEX collections_account");
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, version - 1).unwrap();
    conn.execute("INSERT INTO staff (id, name) VALUES ('A01', '张三')", [])
        .unwrap();
    insert_raw_waybill(&conn, "GZ2611230001");
    migrate_to(&mut conn, version).unwrap();
    assert_eq!(setting(&conn, "monthly_payments_from"), None);
}
