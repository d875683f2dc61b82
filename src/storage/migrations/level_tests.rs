//! Each level's step from empty and from the level before: the people's levels (1–8),
//! identity, dispatch and stations.
use super::tests::{insert_raw_waybill, level_of, tables};
use super::*;

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

/// The dispatch migration (issue 4) from empty: its tables are there.
#[test]
fn dispatch_migration_from_empty() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate_to(&mut conn, level_of("CREATE TABLE waybill_stages")).unwrap();
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
    let version = level_of("CREATE TABLE waybill_stages");
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
