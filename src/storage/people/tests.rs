//! The people's storage, each part on a database of its own.

use super::*;
use crate::domain::money::format_yuan;
use crate::domain::people::attendance::{
    AttendanceSettings, HandoverNotes, OnDuty, Punch, ShiftKey, ShiftKind,
};
use crate::domain::people::points::{EventCode, EventSource, PointEvent, Rule, RuleOverride};
use crate::domain::people::requests::{
    AppealOutcome, AttendanceRequest, RequestKind, RequestStatus,
};
use crate::domain::people::{Departure, Month, Role, Staff};
use crate::storage::sql::{NO_ARGS, args};
use crate::storage::{Db, Result, StorageError};
use crate::testing::{at, day};
use chrono::{NaiveDateTime, NaiveTime};
use std::str::FromStr;

fn now() -> NaiveDateTime {
    day("2026-12-02").and_hms_opt(9, 0, 0).unwrap()
}

fn nov() -> Month {
    "2026-11".parse().unwrap()
}

fn person(id: &str) -> Staff {
    Staff {
        id: id.into(),
        name: format!("员工{id}"),
        role: Role::Clerk,
        joined_on: Some(day("2025-01-01")),
        left_on: None,
        base_salary_yuan: rust_decimal::Decimal::from_str("4000").unwrap(),
    }
}

fn punch(id: &str, d: &str, clock_in: &str, clock_out: &str) -> Punch {
    let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").ok();
    Punch {
        staff_id: id.into(),
        day: day(d),
        shift: ShiftKind::Early,
        clock_in: t(clock_in),
        clock_out: t(clock_out),
    }
}

fn event(id: &str, d: &str, code: &str) -> PointEvent {
    PointEvent {
        staff_id: id.into(),
        day: day(d),
        code: EventCode::from_code(code).unwrap(),
        quantity: 1,
        waybill_number: String::new(),
        note: String::new(),
        source: EventSource::Manual,
        charge_yuan: None,
    }
}

fn db() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    db.import_staff(&[person("A01"), person("A02")]).unwrap();
    db
}

fn points(db: &Db, id: &str) -> i64 {
    db.month_review(nov(), now())
        .unwrap()
        .people
        .iter()
        .find(|p| p.staff_id == id)
        .unwrap()
        .points
}

#[test]
fn staff_import_adds_and_updates_by_id() {
    let mut db = db();
    let mut changed = person("A02");
    changed.name = "李四".into();
    changed.left_on = Some(day("2026-11-15"));
    changed.base_salary_yuan = rust_decimal::Decimal::from_str("4200.5").unwrap();
    let summary = db.import_staff(&[changed.clone(), person("A03")]).unwrap();
    assert_eq!(
        summary,
        StaffImportSummary {
            added: 1,
            updated: 1
        }
    );
    let all = db.staff_records().unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[1], changed);
    assert_eq!(format_yuan(all[1].base_salary_yuan), "4200.50");
}

#[test]
fn punches_reimport_changes_nothing_and_newer_times_update() {
    let mut db = db();
    let rows = [
        punch("A01", "2026-11-02", "08:05", "20:00"),
        punch("A01", "2026-11-03", "08:00", "20:00"),
    ];
    let first = db.import_punches(&rows).unwrap();
    assert_eq!((first.added, first.changed, first.unchanged), (2, 0, 0));
    let review = db.month_review(nov(), now()).unwrap();
    let again = db.import_punches(&rows).unwrap();
    assert_eq!((again.added, again.changed, again.unchanged), (0, 0, 2));
    assert_eq!(db.month_review(nov(), now()).unwrap(), review);

    let corrected = [punch("A01", "2026-11-02", "08:00", "20:00")];
    let third = db.import_punches(&corrected).unwrap();
    assert_eq!((third.added, third.changed, third.unchanged), (0, 1, 0));
    assert_eq!(
        db.punches_between(day("2026-11-01"), day("2026-11-30"))
            .unwrap()[0],
        corrected[0]
    );
    assert_eq!(db.punch_change(&corrected[0]).unwrap(), PunchChange::Same);
    assert_eq!(db.punch_change(&rows[0]).unwrap(), PunchChange::Changed);
}

#[test]
fn unknown_staff_punch_rolls_back_the_whole_import() {
    let mut db = db();
    let rows = [
        punch("A01", "2026-11-02", "08:05", "20:00"),
        punch("Z99", "2026-11-02", "08:05", "20:00"),
    ];
    assert!(db.import_punches(&rows).is_err());
    assert!(
        db.punches_between(day("2026-11-01"), day("2026-11-30"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn events_and_imported_duplicates() {
    let mut db = db();
    let mut imported = event("A01", "2026-11-05", "P13");
    imported.source = EventSource::Import;
    db.add_point_events(&[imported.clone(), event("A01", "2026-11-06", "P1")], now())
        .unwrap();
    assert_eq!(db.imported_event_count(&imported).unwrap(), 1);
    let mut other = imported.clone();
    other.note = "另一件事".into();
    assert_eq!(db.imported_event_count(&other).unwrap(), 0);
    assert_eq!(points(&db, "A01"), 100 - 5 - 1);
    let stored = db.point_events(nov()).unwrap();
    assert_eq!(stored.len(), 2);
    db.remove_point_event(stored[1].id).unwrap();
    assert_eq!(points(&db, "A01"), 100 - 5);
    assert!(matches!(
        db.remove_point_event(stored[1].id),
        Err(StorageError::NotFound(_))
    ));
}

/// Rule overrides are stored and used by the review; an empty override restores.
#[test]
fn rule_overrides_change_the_review() {
    let mut db = db();
    db.add_point_events(&[event("A01", "2026-11-06", "P1")], now())
        .unwrap();
    db.save_rule_override(
        Rule::P1,
        &RuleOverride {
            wording: Some("接待不及时".into()),
            points: Some(-3),
        },
    )
    .unwrap();
    assert_eq!(points(&db, "A01"), 97);
    assert_eq!(db.rule_table().unwrap().wording(Rule::P1), "接待不及时");
    db.save_rule_override(Rule::P1, &RuleOverride::default())
        .unwrap();
    assert_eq!(points(&db, "A01"), 99);
    assert!(db.rule_overrides().unwrap().is_empty());
}

#[test]
fn attendance_settings_round_trip() {
    let db = db();
    assert_eq!(
        db.attendance_settings().unwrap(),
        AttendanceSettings::default()
    );
    let settings = AttendanceSettings {
        gap_bracket: crate::domain::people::attendance::Bracket::Late,
        ..AttendanceSettings::default()
    };
    db.save_attendance_settings(&settings, crate::storage::revisions::Edit::unattributed())
        .unwrap();
    assert_eq!(db.attendance_settings().unwrap(), settings);
}

fn short_charged_waybill(db: &mut Db, number: &str, clerk: &str, at: &str) {
    // A waybill of 200 yuan against a rate table price of 255: 55 short.
    db.sql()
        .execute(
            "INSERT INTO waybills (number, issued_at, clerk_id, status, dest_code, dest_name,
             shipper_name, shipper_phone, shipper_tail, consignee_name, consignee_phone,
             consignee_tail, goods_name, pieces, packaging, weight_kg, volume_m3,
             declared_by_shipper, fragile, orientation, condition, condition_note,
             shipper_bears_damage, delivery, delivery_address, receipt_copies,
             controlled_release, payment, transfer, rate_freight_fen, freight_fen,
             premium_fen, delivery_fee_fen, total_fen, short_charge_fen, remarks)
             VALUES (?1, ?2, ?3, '已开单', '430321', '湘潭县', '甲', '13912345678', '5678',
             '乙', '13800001111', '1111', '服装', 1, '纸箱', '300', '1.2', 0, 0, '', '',
             '', 0, '自提', '', 0, 0, '现付', 0, 25500, 20000, 0, 0, 20000, 5500, '')",
            args![number, at, clerk],
        )
        .unwrap();
}

/// P8 is detected from the waybills, counts until dismissed with a reason.
#[test]
fn detected_short_charge_counts_unless_dismissed() {
    let mut db = db();
    short_charged_waybill(&mut db, "GZ0001", "A01", "2026-11-20 09:15:00");
    short_charged_waybill(&mut db, "GZ0002", "A01", "2026-12-01 09:15:00");
    let review = db.month_review(nov(), now()).unwrap();
    let a01 = &review.people[0];
    assert_eq!(a01.items[0].rule, Rule::P8);
    assert_eq!(
        a01.items[0].detail,
        "未按报价表开单导致运费不够 1票：GZ0001"
    );
    assert_eq!(a01.points, 99);

    let detections = db.detections(nov()).unwrap();
    assert_eq!(detections.len(), 1);
    let found = detections[0].found.clone();
    assert!(matches!(
        db.dismiss_detection(&found, "  ", "S01", now()),
        Err(StorageError::Refused(_))
    ));
    db.dismiss_detection(&found, "客户是月结大客户，经理批准优惠", "S01", now())
        .unwrap();
    let detections = db.detections(nov()).unwrap();
    assert_eq!(
        detections[0].dismissal.as_ref().unwrap().reason,
        "客户是月结大客户，经理批准优惠"
    );
    assert_eq!(points(&db, "A01"), 106, "dismissed: no deduction, so B2");

    // Voided waybills are not held against the clerk.
    db.sql()
        .execute(
            "UPDATE waybills SET status = '作废' WHERE number = 'GZ0002'",
            NO_ARGS,
        )
        .unwrap();
    let dec: Month = "2026-12".parse().unwrap();
    assert!(db.detections(dec).unwrap().is_empty());
}

/// A locked month refuses every change and keeps its review.
#[test]
fn locked_month_refuses_changes_and_keeps_its_review() {
    let mut db = db();
    db.import_punches(&[punch("A01", "2026-11-02", "08:05", "20:00")])
        .unwrap();
    db.add_point_events(&[event("A01", "2026-11-06", "P1")], now())
        .unwrap();
    short_charged_waybill(&mut db, "GZ0001", "A01", "2026-11-20 09:15:00");
    short_charged_waybill(&mut db, "GZ0003", "A02", "2026-11-21 09:15:00");
    let found = db.detections(nov()).unwrap()[1].found.clone();
    let before = db.month_review(nov(), now()).unwrap();

    db.lock_month(nov(), "S01", now()).unwrap();
    assert!(db.locked_months().unwrap().contains(&nov()));
    assert_eq!(
        db.month_review(nov(), now()).unwrap(),
        before,
        "frozen as signed"
    );
    assert!(matches!(
        db.lock_month(nov(), "S01", now()),
        Err(StorageError::Refused(_))
    ));

    let refused = |result: Result<()>| {
        let error = result.unwrap_err();
        assert!(matches!(error, StorageError::Refused(_)), "{error:?}");
        assert!(
            error.to_string().contains("2026-11 的考核已锁定"),
            "{error}"
        );
    };
    refused(
        db.add_point_events(&[event("A01", "2026-11-07", "P1")], now())
            .map(drop),
    );
    refused(
        db.import_punches(&[punch("A01", "2026-11-02", "08:00", "20:00")])
            .map(drop),
    );
    refused(
        db.import_punches(&[punch("A01", "2026-11-09", "08:00", "20:00")])
            .map(drop),
    );
    let id = db.point_events(nov()).unwrap()[0].id;
    refused(db.remove_point_event(id));
    refused(db.dismiss_detection(&found, "理由", "S01", now()));

    // Re-importing the same records changes nothing, so it is allowed.
    let same = db
        .import_punches(&[punch("A01", "2026-11-02", "08:05", "20:00")])
        .unwrap();
    assert_eq!(same.unchanged, 1);
    // The triggers refuse what bypasses the checks.
    assert!(
        db.sql()
            .execute("DELETE FROM point_events WHERE id = ?1", args![id])
            .is_err()
    );
    assert!(
        db.sql()
            .execute("UPDATE punches SET clock_in = '08:00'", NO_ARGS)
            .is_err()
    );
    // Later changes to rules, settings, staff and waybills leave the locked review be.
    db.save_rule_override(
        Rule::P1,
        &RuleOverride {
            wording: None,
            points: Some(-9),
        },
    )
    .unwrap();
    let mut raised = person("A01");
    raised.base_salary_yuan = rust_decimal::Decimal::from_str("9000").unwrap();
    db.import_staff(&[raised]).unwrap();
    short_charged_waybill(&mut db, "GZ0004", "A01", "2026-11-22 09:15:00");
    assert_eq!(db.month_review(nov(), now()).unwrap(), before);

    // Other months are open.
    db.add_point_events(&[event("A01", "2026-12-01", "P1")], now())
        .unwrap();
}

// Phase 2: requests, appeals, handovers, departures, on duty.

/// A01 and A02 (clerks) and S01 (the supervisor).
fn db_with_supervisor() -> Db {
    let mut db = db();
    let mut supervisor = person("S01");
    supervisor.role = Role::Supervisor;
    db.import_staff(&[supervisor]).unwrap();
    db
}

fn refused_with(result: Result<impl std::fmt::Debug>, words: &str) {
    match result {
        Err(StorageError::Refused(message)) => {
            assert!(message.contains(words), "「{words}」 in {message}");
        }
        other => panic!("expected a refusal with 「{words}」, got {other:?}"),
    }
}

fn waybill(db: &Db, number: &str, clerk: &str, at: &str, payment: &str, total_fen: i64) {
    db.sql()
        .execute(
            "INSERT INTO waybills (number, issued_at, clerk_id, status, dest_code, dest_name,
             shipper_name, shipper_phone, shipper_tail, consignee_name, consignee_phone,
             consignee_tail, goods_name, pieces, packaging, weight_kg, volume_m3,
             declared_by_shipper, fragile, orientation, condition, condition_note,
             shipper_bears_damage, delivery, delivery_address, receipt_copies,
             controlled_release, payment, transfer, rate_freight_fen, freight_fen,
             premium_fen, delivery_fee_fen, total_fen, short_charge_fen, remarks)
             VALUES (?1, ?2, ?3, '已开单', '430321', '湘潭县', '甲', '13912345678', '5678',
             '乙', '13800001111', '1111', '服装', 1, '纸箱', '300', '1.2', 0, 0, '', '',
             '', 0, '自提', '', 0, 0, ?4, 0, ?5, ?5, 0, 0, ?5, 0, '')",
            args![number, at, clerk, payment, total_fen],
        )
        .unwrap();
}

fn leave_request(id: &str, from: &str, to: &str) -> AttendanceRequest {
    crate::domain::people::requests::RequestDraft {
        staff_id: id.into(),
        kind: Some(RequestKind::Leave),
        from: from.into(),
        to: to.into(),
        reason: "家里有事".into(),
    }
    .validate()
    .unwrap()
}

/// DOMAIN.md §8 row 11 in the database: a request counts once a supervisor approves
/// it; a locked month refuses new requests and decisions.
#[test]
fn requests_count_once_approved_and_lock_with_the_month() {
    let mut db = db_with_supervisor();
    db.import_punches(&[punch("A01", "2026-11-02", "", "")])
        .unwrap();
    assert_eq!(points(&db, "A01"), 100 - 8 + 6, "absent");
    let stored = db
        .add_request(
            &leave_request("A01", "2026-11-02", "2026-11-02"),
            at("2026-11-01 18:00"),
        )
        .unwrap();
    assert_eq!(
        db.pending_requests().unwrap(),
        std::slice::from_ref(&stored)
    );
    assert_eq!(points(&db, "A01"), 98, "pending: not leave");
    refused_with(
        db.decide_request(stored.id, true, "A02", now()),
        "只有主管可以审批",
    );
    let decided = db.decide_request(stored.id, true, "S01", now()).unwrap();
    assert_eq!(decided.request.status, RequestStatus::Approved);
    assert!(db.pending_requests().unwrap().is_empty());
    assert_eq!(points(&db, "A01"), 106, "approved: excused, no A12");
    let listed = db
        .requests_between(day("2026-11-02"), day("2026-11-02"))
        .unwrap();
    assert_eq!(listed[0].request.decided_by.as_deref(), Some("S01"));
    // The supervisor can change the decision while the month is open.
    db.decide_request(stored.id, false, "S01", now()).unwrap();
    assert_eq!(points(&db, "A01"), 98);
    db.decide_request(stored.id, true, "S01", now()).unwrap();

    db.lock_month(nov(), "S01", now()).unwrap();
    let before = db.month_review(nov(), now()).unwrap();
    refused_with(
        db.decide_request(stored.id, false, "S01", now()),
        "2026-11 的考核已锁定",
    );
    refused_with(
        db.add_request(&leave_request("A01", "2026-10-31", "2026-11-01"), now()),
        "2026-11 的考核已锁定",
    );
    assert!(
        db.sql()
            .execute("UPDATE attendance_requests SET status = '驳回'", NO_ARGS)
            .is_err(),
        "the trigger guards the locked month"
    );
    assert_eq!(db.month_review(nov(), now()).unwrap(), before);
    // December is open.
    db.add_request(&leave_request("A01", "2026-12-01", "2026-12-01"), now())
        .unwrap();
}

/// Appeals within 5 working days, decided by the supervisor with a reason; a
/// withdrawn event no longer counts; a late appeal names its deadline; a pending
/// appeal blocks the lock; a locked month refuses appeals.
#[test]
fn appeals_change_the_review_until_the_month_is_locked() {
    let mut db = db_with_supervisor();
    // 2026-11-06 is a Friday: the deadline is Friday 11-13.
    db.add_point_events(&[event("A01", "2026-11-06", "P1")], now())
        .unwrap();
    let id = db.point_events(nov()).unwrap()[0].id;
    refused_with(
        db.appeal_event(id, "A01", "当时在接电话", at("2026-11-16 09:00")),
        "申诉已超过期限：事件日期 2026-11-06，须在 5 个工作日内（2026-11-13 前，含当天）提出",
    );
    refused_with(
        db.appeal_event(id, "A02", "理由", at("2026-11-09 09:00")),
        "只能对自己的扣分",
    );
    let appeal_id = db
        .appeal_event(id, "A01", "当时在接电话", at("2026-11-13 17:00"))
        .unwrap();
    refused_with(
        db.appeal_event(id, "A01", "再申诉", at("2026-11-13 17:30")),
        "已经申诉过（待处理）",
    );
    assert_eq!(db.appeals(nov()).unwrap()[0].status_label(), "待处理");
    refused_with(
        db.decide_appeal(appeal_id, AppealOutcome::Withdrawn, "", "S01", now()),
        "请填写维持或撤销的理由",
    );
    refused_with(
        db.decide_appeal(appeal_id, AppealOutcome::Withdrawn, "理由", "A02", now()),
        "只有主管可以处理申诉",
    );
    refused_with(db.lock_month(nov(), "S01", now()), "还有 1 条申诉未处理");
    assert_eq!(points(&db, "A01"), 99);
    let decided = db
        .decide_appeal(
            appeal_id,
            AppealOutcome::Withdrawn,
            "监控显示当时在接电话",
            "S01",
            now(),
        )
        .unwrap();
    assert!(decided.is_withdrawn());
    assert_eq!(points(&db, "A01"), 106, "withdrawn: no deduction, so B2");
    refused_with(
        db.decide_appeal(appeal_id, AppealOutcome::Upheld, "再议", "S01", now()),
        "该申诉已处理（撤销）",
    );

    // A detection appealed and upheld still counts, and is frozen at lock.
    short_charged_waybill(&mut db, "GZ0001", "A02", "2026-11-20 09:15:00");
    let found = db.detections(nov()).unwrap()[0].found.clone();
    let detection_appeal = db
        .appeal_detection(&found, "A02", "客户是老客户", at("2026-11-23 09:00"))
        .unwrap();
    assert!(db.detections(nov()).unwrap()[0].appeal.is_some());
    db.decide_appeal(
        detection_appeal,
        AppealOutcome::Upheld,
        "未经批准的优惠",
        "S01",
        now(),
    )
    .unwrap();
    assert_eq!(points(&db, "A02"), 99);
    db.lock_month(nov(), "S01", now()).unwrap();
    let frozen = db.point_events(nov()).unwrap();
    assert_eq!(frozen.len(), 2, "P1 (withdrawn, kept) and the frozen P8");
    assert_eq!(points(&db, "A01"), 106, "still withdrawn after the lock");
    assert_eq!(points(&db, "A02"), 99);
    refused_with(
        db.appeal_event(frozen[1].id, "A02", "理由", at("2026-11-23 10:00")),
        "2026-11 的考核已锁定",
    );
}

/// A detection withdrawn on appeal does not count, and is not frozen at lock.
#[test]
fn withdrawn_detection_is_not_frozen() {
    let mut db = db_with_supervisor();
    short_charged_waybill(&mut db, "GZ0001", "A01", "2026-11-20 09:15:00");
    let found = db.detections(nov()).unwrap()[0].found.clone();
    let id = db
        .appeal_detection(&found, "A01", "报价表当天已调价", at("2026-11-20 18:00"))
        .unwrap();
    db.decide_appeal(id, AppealOutcome::Withdrawn, "核实调价属实", "S01", now())
        .unwrap();
    assert!(!db.detections(nov()).unwrap()[0].counts());
    assert_eq!(points(&db, "A01"), 106);
    db.lock_month(nov(), "S01", now()).unwrap();
    assert!(db.point_events(nov()).unwrap().is_empty());
    assert_eq!(points(&db, "A01"), 106);
}

/// DOMAIN.md §6: the handover sums the clerk's waybills of the shift by payment
/// method; the next clerk accepts it; a worked shift without one is P20 from the
/// first handover recorded.
#[test]
fn handovers_sum_the_shift_and_missing_ones_are_p20() {
    let mut db = db_with_supervisor();
    let night = |id: &str, d: &str, clock_in: &str, clock_out: &str| Punch {
        shift: ShiftKind::Night,
        ..punch(id, d, clock_in, clock_out)
    };
    db.import_punches(&[
        punch("A01", "2026-11-02", "07:50", "20:10"),
        punch("A01", "2026-11-03", "08:00", "20:00"),
        night("A01", "2026-11-04", "19:55", "08:00"),
        punch("A01", "2026-11-05", "", ""),
        punch("S01", "2026-11-03", "08:00", "20:00"),
    ])
    .unwrap();
    waybill(&db, "GZ01", "A01", "2026-11-02 07:55:00", "现付", 10_000);
    waybill(&db, "GZ02", "A01", "2026-11-02 12:00:00", "提付", 30_000);
    waybill(&db, "GZ03", "A01", "2026-11-02 20:05:00", "现付", 5_000);
    waybill(&db, "GZ04", "A01", "2026-11-02 21:00:00", "现付", 99_900);
    waybill(&db, "GZ05", "A01", "2026-11-02 13:00:00", "月结", 7_000);
    db.sql()
        .execute(
            "UPDATE waybills SET status = '作废' WHERE number = 'GZ05'",
            NO_ARGS,
        )
        .unwrap();
    waybill(&db, "GZ06", "A02", "2026-11-02 13:00:00", "现付", 8_000);
    waybill(&db, "GZ07", "A01", "2026-11-05 02:00:00", "回单付", 4_500);

    let summary = db
        .handover_summary("A01", day("2026-11-02"), ShiftKind::Early)
        .unwrap();
    let figures: Vec<(&str, u32, String)> = summary
        .by_payment
        .iter()
        .map(|t| (t.payment.label(), t.waybills, format_yuan(t.total_yuan)))
        .collect();
    assert_eq!(
        figures,
        [
            ("现付", 2, "150.00".to_owned()),
            ("提付", 1, "300.00".to_owned()),
            ("月结", 0, "0.00".to_owned()),
            ("回单付", 0, "0.00".to_owned()),
            ("货款扣", 0, "0.00".to_owned()),
        ]
    );
    assert_eq!(format_yuan(summary.cash_yuan()), "150.00");
    let night_summary = db
        .handover_summary("A01", day("2026-11-04"), ShiftKind::Night)
        .unwrap();
    assert_eq!(format_yuan(night_summary.total_yuan()), "45.00");
    refused_with(
        db.handover_summary("A01", day("2026-11-04"), ShiftKind::Rest),
        "只有早班、中班、晚班需要交接",
    );

    // No handover was ever recorded: no P20 yet.
    assert_eq!(points(&db, "A01"), 100 - 8 + 6);
    let key = ShiftKey {
        staff_id: "A01".into(),
        day: day("2026-11-02"),
        shift: ShiftKind::Early,
    };
    let notes = HandoverNotes {
        open_problems: "GZ02 收货方电话打不通".into(),
        open_notifications: String::new(),
        stock_note: "库存 12 票".into(),
    };
    let handover = db
        .record_handover(&key, &notes, at("2026-11-02 20:12"))
        .unwrap();
    assert_eq!(handover.summary, summary);
    assert_eq!(db.handover(&key).unwrap().unwrap(), handover);
    // From now on: the 11-03 and 11-04 shifts of A01 lack a handover (11-05 had no
    // punch; S01 is not a clerk).
    let p20: Vec<String> = db
        .detections(nov())
        .unwrap()
        .into_iter()
        .filter(|d| d.found.event.code == EventCode::Rule(Rule::P20))
        .map(|d| d.found.evidence_key)
        .collect();
    assert_eq!(p20, ["A01 2026-11-03 早班", "A01 2026-11-04 晚班"]);
    assert_eq!(points(&db, "A01"), 100 - 8 - 4);
    // P20 waits for the shift to end: during the night shift of 11-04 it has its
    // handover still to come, from its 08:00 end on it is missing.
    let p20_at = |now: &str| {
        db.detections_at(nov(), at(now))
            .unwrap()
            .into_iter()
            .filter(|d| d.found.event.code == EventCode::Rule(Rule::P20))
            .map(|d| d.found.evidence_key)
            .collect::<Vec<_>>()
    };
    assert_eq!(p20_at("2026-11-05 07:30"), ["A01 2026-11-03 早班"]);
    assert_eq!(
        p20_at("2026-11-05 08:00"),
        ["A01 2026-11-03 早班", "A01 2026-11-04 晚班"]
    );

    refused_with(
        db.accept_handover(handover.id, "A01", at("2026-11-02 20:15")),
        "不能接收自己的交接",
    );
    assert_eq!(db.handovers_to_accept().unwrap().len(), 1);
    let accepted = db
        .accept_handover(handover.id, "A02", at("2026-11-02 20:15"))
        .unwrap();
    assert_eq!(accepted.accepted_by.as_deref(), Some("A02"));
    assert!(db.handovers_to_accept().unwrap().is_empty());
    refused_with(
        db.record_handover(&key, &notes, at("2026-11-02 20:30")),
        "该交接已由 A02 接收",
    );
    let night_key = ShiftKey {
        day: day("2026-11-04"),
        shift: ShiftKind::Night,
        ..key
    };
    db.record_handover(
        &night_key,
        &HandoverNotes::default(),
        at("2026-11-05 08:05"),
    )
    .unwrap();
    assert_eq!(
        db.handovers_between(day("2026-11-01"), day("2026-11-30"))
            .unwrap()
            .len(),
        2
    );
    assert_eq!(points(&db, "A01"), 100 - 8 - 2);
}

/// DOMAIN.md §9 in the database: the departure's last day becomes the leave date,
/// the review pays to it, on the settlement date; a locked month keeps the
/// departures of its moment.
/// An entered event's attachment is copied next to the database and named on the
/// event; the original may go. A locked month refuses the event and copies nothing.
#[test]
fn an_entered_event_keeps_a_copy_of_its_attachment() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("k.sqlite3")).unwrap();
    db.import_staff(&db_with_supervisor().staff_records().unwrap())
        .unwrap();
    let original = dir.path().join("投诉录音.m4a");
    std::fs::write(&original, b"recording").unwrap();
    let event = PointEvent {
        staff_id: "A02".into(),
        day: day("2026-11-20"),
        code: EventCode::Rule(Rule::P19),
        quantity: 1,
        waybill_number: String::new(),
        note: "客户投诉态度差".into(),
        source: EventSource::Manual,
        charge_yuan: None,
    };
    let id = db
        .add_point_event_with_attachment(&event, Some(&original), now())
        .unwrap();
    std::fs::remove_file(&original).unwrap();
    let stored = db.point_events(nov()).unwrap();
    assert_eq!((stored[0].id, &stored[0].event), (id, &event));
    let kept = stored[0].attachment.clone().unwrap();
    assert!(kept.starts_with("attachments/投诉录音-"), "{kept}");
    let file = db.attachment_file(&kept).unwrap();
    assert_eq!(std::fs::read(file).unwrap(), b"recording");
    // Without an attachment, as the events import has always been.
    db.add_point_event_with_attachment(&event, None, now())
        .unwrap();
    assert_eq!(db.point_events(nov()).unwrap()[1].attachment, None);

    db.lock_month(nov(), "S01", now()).unwrap();
    let other = dir.path().join("照片.jpg");
    std::fs::write(&other, b"photo").unwrap();
    assert!(
        db.add_point_event_with_attachment(&event, Some(&other), now())
            .is_err()
    );
    let copies = std::fs::read_dir(db.attachments_dir().unwrap())
        .unwrap()
        .count();
    assert_eq!(copies, 1, "nothing copied for a refused event");
}

#[test]
fn departures_set_the_leave_date_and_the_pay_date() {
    let mut db = db_with_supervisor();
    let resigned = Departure::resignation("A02", day("2026-11-01"), day("2026-11-05")).unwrap();
    db.record_departure(&resigned, "S01", now()).unwrap();
    assert_eq!(db.departures().unwrap(), [resigned]);
    let staff = db.staff_records().unwrap();
    assert_eq!(staff[1].left_on, Some(day("2026-11-20")));
    let review = db.month_review(nov(), now()).unwrap();
    let a02 = &review.people[1];
    assert_eq!((a02.days_employed, a02.pay_date), (20, day("2026-11-21")));
    assert_eq!(format_yuan(a02.pay_yuan), "2826.67");

    db.lock_month(nov(), "S01", now()).unwrap();
    db.record_departure(
        &Departure::without_approval("A02", None, day("2026-11-12")),
        "S01",
        now(),
    )
    .unwrap();
    assert_eq!(
        db.month_review(nov(), now()).unwrap(),
        review,
        "frozen as signed"
    );
    let dec: Month = "2026-12".parse().unwrap();
    assert!(
        db.month_review(dec, now())
            .unwrap()
            .people
            .iter()
            .all(|p| p.staff_id != "A02")
    );
    db.clear_departure("A02").unwrap();
    assert_eq!(db.staff_records().unwrap()[1].left_on, None);
    assert!(matches!(
        db.clear_departure("A02"),
        Err(StorageError::NotFound(_))
    ));
    refused_with(
        db.record_departure(
            &Departure::dismissal("A01", day("2024-01-01")),
            "S01",
            now(),
        ),
        "早于入职日期",
    );
}

/// The on-duty check reads the clock-in records as the schedule (yesterday's night
/// shift runs into this morning) and approved overtime; overrides are recorded.
#[test]
fn on_duty_and_overrides() {
    let mut db = db_with_supervisor();
    db.import_punches(&[Punch {
        shift: ShiftKind::Night,
        ..punch("A01", "2026-11-03", "", "")
    }])
    .unwrap();
    assert!(matches!(
        db.on_duty("A01", at("2026-11-04 03:00")).unwrap(),
        OnDuty::Shift {
            shift: ShiftKind::Night,
            ..
        }
    ));
    let off = db.on_duty("A01", at("2026-11-04 12:00")).unwrap();
    assert!(!off.is_on_duty());
    let mut overtime = leave_request("A01", "2026-11-04 10:00", "2026-11-04 14:00");
    overtime.kind = RequestKind::Overtime;
    let stored = db.add_request(&overtime, now()).unwrap();
    assert!(
        !db.on_duty("A01", at("2026-11-04 12:00"))
            .unwrap()
            .is_on_duty()
    );
    db.decide_request(stored.id, true, "S01", now()).unwrap();
    assert!(matches!(
        db.on_duty("A01", at("2026-11-04 12:00")).unwrap(),
        OnDuty::Overtime { .. }
    ));
    assert!(matches!(
        db.on_duty("Z99", at("2026-11-04 12:00")),
        Err(StorageError::NotFound(_))
    ));

    refused_with(
        db.record_override("A02", "A01", at("2026-11-04 16:00"), "顶班", ""),
        "只有主管可以授权",
    );
    refused_with(
        db.record_override("S01", "A01", at("2026-11-04 16:00"), " ", ""),
        "请填写授权原因",
    );
    let id = db
        .record_override(
            "S01",
            "A01",
            at("2026-11-04 16:00"),
            "晚班同事病假，临时顶班",
            "GZ2611040001",
        )
        .unwrap();
    let listed = db
        .duty_overrides(day("2026-11-04"), day("2026-11-04"))
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    assert_eq!(listed[0].grant.waybill_number, "GZ2611040001");
    assert!(
        db.sql()
            .execute("DELETE FROM duty_overrides", NO_ARGS)
            .is_err(),
        "append-only"
    );
}

/// P2 / P5 (issue 16 item 2): a waybill altered after issue in its consignee's phone and
/// its payment method proposes P2 and P5 for the clerk who issued it, with the
/// alteration as evidence; each counts until the supervisor dismisses it.
#[test]
fn alterations_after_issue_propose_p2_p3_p5_for_the_issuing_clerk() {
    use crate::domain::desk::waybill::{PaymentMethod, ValidationContext, WaybillDraft};
    let mut db = db();
    let draft = WaybillDraft {
        pieces: "2".into(),
        weight_kg: "40".into(),
        volume_m3: "0.2".into(),
        freight: "60".into(),
        ..WaybillDraft::sample()
    };
    let issued = db
        .issue_waybill(
            &draft.validate(&ValidationContext::lenient()).unwrap(),
            "A01",
            "GZ",
            at("2026-11-20 09:00"),
        )
        .unwrap();
    let corrected = WaybillDraft {
        consignee_phone: "0731-57123457".into(),
        payment: PaymentMethod::Collect,
        ..draft
    }
    .validate(&ValidationContext::lenient())
    .unwrap();
    db.alter_waybill(
        &issued.number,
        Some(0),
        &corrected,
        "A02",
        "收货方电话写错一位，改提付",
        at("2026-11-21 10:00"),
    )
    .unwrap();
    let detections = db.detections_at(nov(), now()).unwrap();
    let found: Vec<(&str, &str, &str)> = detections
        .iter()
        .map(|d| {
            (
                d.found.event.code.code(),
                d.found.event.staff_id.as_str(),
                d.found.evidence_key.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("P2", "A01", issued.number.as_str()),
            ("P5", "A01", issued.number.as_str())
        ]
    );
    assert!(
        detections[0].found.event.note.contains("收货方电话")
            && detections[0].found.event.note.contains("A02"),
        "{}",
        detections[0].found.event.note
    );
    assert_eq!(points(&db, "A01"), 98);
    let p5 = detections[1].found.clone();
    db.dismiss_detection(&p5, "客户到站后要求改提付，非开单错误", "S01", now())
        .unwrap();
    assert_eq!(points(&db, "A01"), 99);
}

/// 应扣费用 (issue 16): a cost entered with an event is stored with it and charged in the
/// review; the P8 shortfall is charged by itself; the pay after them is `net_pay`.
#[test]
fn charges_entered_and_detected_reach_the_review() {
    let mut db = db();
    short_charged_waybill(&mut db, "GZ0001", "A01", "2026-11-20 09:15:00");
    let mut lost = event("A01", "2026-11-21", "P6");
    lost.charge_yuan = Some(rust_decimal::Decimal::from_str("120.50").unwrap());
    lost.note = "货物错发湘潭，追回运费".into();
    db.add_point_events(&[lost], now()).unwrap();
    let review = db.month_review(nov(), now()).unwrap();
    let a01 = review.people.iter().find(|p| p.staff_id == "A01").unwrap();
    let items: Vec<(&str, String)> = a01
        .charges
        .items
        .iter()
        .map(|c| (c.rule, format_yuan(c.amount_yuan)))
        .collect();
    assert_eq!(
        items,
        [("P8", "55.00".to_owned()), ("P6", "120.50".to_owned())]
    );
    assert_eq!(format_yuan(a01.charges.total_yuan), "175.50");
    assert_eq!(a01.net_pay_yuan(), a01.pay_yuan - a01.charges.total_yuan);
    let stored = db.point_events(nov()).unwrap();
    assert_eq!(
        stored[0].event.charge_yuan.map(format_yuan).as_deref(),
        Some("120.50")
    );
}

/// The supervisor waives a charge with a reason (kept, sealed); without one, or for a
/// charge the month does not have, or once the month is locked, it is refused.
#[test]
fn a_charge_is_waived_with_a_reason_and_kept() {
    let mut db = db();
    short_charged_waybill(&mut db, "GZ0001", "A01", "2026-11-20 09:15:00");
    let key = db.month_review(nov(), now()).unwrap().people[0]
        .charges
        .items[0]
        .key();
    let zero = rust_decimal::Decimal::ZERO;
    let waive = |key: &str, reason: &str| crate::domain::people::review::charges::Adjustment {
        staff_id: "A01".into(),
        key: key.into(),
        amount_yuan: zero,
        reason: reason.into(),
        by: "S01".into(),
        at: now(),
    };
    refused_with(db.adjust_charge(nov(), &waive(&key, " ")), "原因");
    assert!(matches!(
        db.adjust_charge(nov(), &waive("P8|GZ9999|2026-11-20", "无")),
        Err(StorageError::NotFound(_))
    ));
    db.adjust_charge(nov(), &waive(&key, "客户已补交短收的运费"))
        .unwrap();
    let a01 = db.month_review(nov(), now()).unwrap().people.remove(0);
    assert_eq!(a01.charges.total_yuan, zero);
    assert_eq!(a01.net_pay_yuan(), a01.pay_yuan);
    assert!(
        a01.charges.items[0]
            .adjusted
            .as_deref()
            .is_some_and(|a| a.contains("免除：客户已补交短收的运费")),
        "{:?}",
        a01.charges.items[0]
    );
    assert_eq!(db.charge_adjustments(nov()).unwrap().len(), 1);
    assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
    db.lock_month(nov(), "S01", now()).unwrap();
    refused_with(db.adjust_charge(nov(), &waive(&key, "再改")), "已锁定");
}

/// Rule 9 (issue 16): a re-weigh more than 10% heavier than the waybill proposes P9 for
/// the issuing clerk, charged the freight the rate table asks for the measured goods less
/// what was charged; a voided or unknown waybill cannot be re-weighed.
#[test]
fn a_re_weigh_beyond_ten_percent_is_p9_charged_the_undercharge() {
    use crate::domain::desk::rates::{RateRow, RateTable};
    use crate::domain::desk::reweigh::ReweighDraft;
    use crate::domain::desk::waybill::{ValidationContext, WaybillDraft};
    let mut db = db();
    db.replace_rate_table(
        &RateTable::new(vec![RateRow {
            dest_code: "430321".into(),
            from_weight_kg: rust_decimal::Decimal::ZERO,
            heavy_yuan_per_kg: rust_decimal::Decimal::from_str("0.85").unwrap(),
            light_yuan_per_m3: rust_decimal::Decimal::from(180),
            minimum_yuan: rust_decimal::Decimal::from(30),
            delivery_fee_yuan: rust_decimal::Decimal::ZERO,
        }])
        .unwrap(),
    )
    .unwrap();
    let waybill = WaybillDraft {
        pieces: "2".into(),
        weight_kg: "100".into(),
        volume_m3: "0.5".into(),
        freight: "85".into(),
        ..WaybillDraft::sample()
    }
    .validate(&ValidationContext::lenient())
    .unwrap();
    let issued = db
        .issue_waybill(&waybill, "A01", "GZ", at("2026-11-20 09:00"))
        .unwrap();
    let measured = ReweighDraft {
        weight: "130".into(),
        volume: "0.5".into(),
        note: "到站复秤".into(),
    }
    .validate()
    .unwrap();
    refused_with(
        db.record_reweigh("GZ9999", &measured, "A02", at("2026-11-21 10:00")),
        "不在本库",
    );
    db.record_reweigh(&issued.number, &measured, "A02", at("2026-11-21 10:00"))
        .unwrap();
    assert_eq!(db.reweighs(&issued.number).unwrap().len(), 1);
    let detections = db.detections_at(nov(), now()).unwrap();
    let p9 = detections
        .iter()
        .find(|d| d.found.event.code.code() == "P9")
        .unwrap();
    assert_eq!(p9.found.event.staff_id, "A01");
    // 130 kg × 0.85 = 110.50 by the table, 85.00 charged.
    assert_eq!(
        p9.found.event.charge_yuan.map(format_yuan).as_deref(),
        Some("25.50")
    );
    let a01 = db.month_review(nov(), now()).unwrap().people.remove(0);
    assert!(a01.charges.items.iter().any(|c| c.rule == "P9"));
    assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
}

/// Rule 22 (issue 16): at the month's end the supervisor confirms the 月结 waybills of
/// customers never approved for credit; each becomes its clerk's charge once.
#[test]
fn rule_22_debts_become_the_clerks_charges_once_confirmed() {
    use crate::domain::desk::waybill::{PaymentMethod, ValidationContext, WaybillDraft};
    let mut db = db();
    let waybill = WaybillDraft {
        pieces: "2".into(),
        weight_kg: "100".into(),
        volume_m3: "0.5".into(),
        freight: "300".into(),
        payment: PaymentMethod::Monthly,
        ..WaybillDraft::sample()
    }
    .validate(&ValidationContext::lenient())
    .unwrap();
    let owed = db
        .issue_waybill(&waybill, "A01", "GZ", at("2026-11-20 09:00"))
        .unwrap();
    let before = db.month_review(nov(), now()).unwrap().people.remove(0);
    assert!(before.charges.items.is_empty());
    assert_eq!(db.confirm_clerk_debts(nov(), "S01", now()).unwrap(), 1);
    assert_eq!(db.confirm_clerk_debts(nov(), "S01", now()).unwrap(), 0);
    let a01 = db.month_review(nov(), now()).unwrap().people.remove(0);
    let charge = &a01.charges.items[0];
    assert_eq!(
        (charge.rule, charge.waybill.as_str(), charge.amount_yuan),
        ("P22", owed.number.as_str(), owed.waybill.total_yuan)
    );
    assert!(charge.detail.contains("未经批准赊账"), "{}", charge.detail);
    assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
    db.lock_month(nov(), "S01", now()).unwrap();
    refused_with(db.confirm_clerk_debts(nov(), "S01", now()), "已锁定");
}

/// What a month leaves 未扣回 (over a fifth of the pay) is kept when it is locked and
/// charged again in the month after (rule 结转), where the supervisor may waive it; a
/// month locked after the next one was signed cannot carry and says so.
#[test]
fn charges_left_unpaid_are_carried_into_the_next_month() {
    let oct: Month = "2026-10".parse().unwrap();
    let mut db = db();
    let mut lost = event("A01", "2026-10-10", "P6");
    lost.charge_yuan = Some(rust_decimal::Decimal::from(5000));
    lost.note = "整票货物丢失，赔付客户".into();
    db.add_point_events(&[lost], at("2026-10-11 09:00"))
        .unwrap();
    let october = db.month_review(oct, at("2026-11-01 09:00")).unwrap();
    let a01 = october.people.iter().find(|p| p.staff_id == "A01").unwrap();
    let left = a01.charges.carried_yuan;
    assert!(left > rust_decimal::Decimal::ZERO, "{:?}", a01.charges);
    // Open, October carries nothing.
    let before = db.month_review(nov(), now()).unwrap();
    assert!(before.people[0].charges.items.is_empty());

    db.lock_month(oct, "S01", at("2026-11-02 09:00")).unwrap();
    let review = db.month_review(nov(), now()).unwrap();
    let a01 = review.people.iter().find(|p| p.staff_id == "A01").unwrap();
    assert_eq!(a01.charges.items.len(), 1);
    let carried = &a01.charges.items[0];
    assert_eq!((carried.rule, carried.amount_yuan), ("结转", left));
    assert!(carried.detail.contains("2026-10"), "{}", carried.detail);
    assert_eq!(carried.day, day("2026-11-01"));
    // October as signed is unchanged; A02 owes nothing.
    let signed = db.month_review(oct, now()).unwrap();
    assert_eq!(signed.people[0].charges.carried_yuan, left);
    assert!(review.people[1].charges.items.is_empty());

    db.adjust_charge(
        nov(),
        &crate::domain::people::review::charges::Adjustment {
            staff_id: "A01".into(),
            key: carried.key(),
            amount_yuan: rust_decimal::Decimal::ZERO,
            reason: "公司决定不再追偿".into(),
            by: "S01".into(),
            at: now(),
        },
    )
    .unwrap();
    let waived = db.month_review(nov(), now()).unwrap();
    assert_eq!(
        waived.people[0].charges.total_yuan,
        rust_decimal::Decimal::ZERO
    );

    // Signed out of order: November first, then October cannot pass its 未扣回 on.
    let mut db = self::db();
    let mut lost = event("A01", "2026-10-10", "P6");
    lost.charge_yuan = Some(rust_decimal::Decimal::from(5000));
    db.add_point_events(&[lost], at("2026-10-11 09:00"))
        .unwrap();
    db.lock_month(nov(), "S01", now()).unwrap();
    refused_with(db.lock_month(oct, "S01", now()), "无法结转");
    assert!(!db.locked_months().unwrap().contains(&oct));
}
