//! The people's storage, each part on a database of its own.

use super::*;
use crate::domain::money::format_yuan;
use crate::domain::people::attendance::{AttendanceSettings, Punch, ShiftKind};
use crate::domain::people::points::{EventCode, EventSource, PointEvent, Rule, RuleOverride};
use crate::domain::people::requests::{AttendanceRequest, RequestKind};
use crate::domain::people::{Month, Role, Staff};
use crate::storage::revisions::Edit;
use crate::storage::sql::{NO_ARGS, args};
use crate::storage::{Db, Result, StorageError};
use crate::testing::day;
use chrono::{NaiveDateTime, NaiveTime};
use std::str::FromStr;

pub(super) fn now() -> NaiveDateTime {
    day("2026-12-02").and_hms_opt(9, 0, 0).unwrap()
}

pub(super) fn nov() -> Month {
    "2026-11".parse().unwrap()
}

pub(super) fn person(id: &str) -> Staff {
    Staff {
        id: id.into(),
        name: format!("员工{id}"),
        role: Role::Clerk,
        joined_on: Some(day("2025-01-01")),
        left_on: None,
        base_salary_yuan: rust_decimal::Decimal::from_str("4000").unwrap(),
    }
}

pub(super) fn punch(id: &str, d: &str, clock_in: &str, clock_out: &str) -> Punch {
    let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").ok();
    Punch {
        staff_id: id.into(),
        day: day(d),
        shift: ShiftKind::Early,
        clock_in: t(clock_in),
        clock_out: t(clock_out),
    }
}

pub(super) fn event(id: &str, d: &str, code: &str) -> PointEvent {
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

pub(super) fn db() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    db.import_staff(&[person("A01"), person("A02")]).unwrap();
    db
}

pub(super) fn points(db: &Db, id: &str) -> i64 {
    db.month_review(nov(), now())
        .unwrap()
        .people
        .iter()
        .find(|p| p.staff_id == id)
        .unwrap()
        .points
}

/// A01 and A02 (clerks) and S01 (the supervisor).
pub(super) fn db_with_supervisor() -> Db {
    let mut db = db();
    let mut supervisor = person("S01");
    supervisor.role = Role::Supervisor;
    db.import_staff(&[supervisor]).unwrap();
    db
}

pub(super) fn refused_with(result: Result<impl std::fmt::Debug>, words: &str) {
    match result {
        Err(StorageError::Refused(message)) => {
            assert!(message.contains(words), "「{words}」 in {message}");
        }
        other => panic!("expected a refusal with 「{words}」, got {other:?}"),
    }
}

/// A waybill issued by `clerk` at `at` (`YYYY-MM-DD HH:MM:SS`), of `total_fen`, charged
/// at the rate table's price.
pub(super) fn waybill(db: &Db, number: &str, clerk: &str, at: &str, payment: &str, total_fen: i64) {
    priced_waybill(db, number, clerk, at, payment, [total_fen, total_fen]);
}

/// A waybill of `[rate table price, charged]` fen; what is charged below the price is
/// its short charge.
fn priced_waybill(db: &Db, number: &str, clerk: &str, at: &str, payment: &str, fen: [i64; 2]) {
    let [rate_fen, total_fen] = fen;
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
             '', 0, '自提', '', 0, 0, ?4, 0, ?5, ?6, 0, 0, ?6, ?7, '')",
            args![
                number,
                at,
                clerk,
                payment,
                rate_fen,
                total_fen,
                rate_fen - total_fen
            ],
        )
        .unwrap();
}

pub(super) fn leave_request(id: &str, from: &str, to: &str) -> AttendanceRequest {
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
        Edit::unattributed(),
    )
    .unwrap();
    assert_eq!(points(&db, "A01"), 97);
    assert_eq!(db.rule_table().unwrap().wording(Rule::P1), "接待不及时");
    db.save_rule_override(Rule::P1, &RuleOverride::default(), Edit::unattributed())
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

pub(super) fn short_charged_waybill(db: &mut Db, number: &str, clerk: &str, at: &str) {
    // A waybill of 200 yuan against a rate table price of 255: 55 short.
    priced_waybill(db, number, clerk, at, "现付", [25500, 20000]);
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
        Edit::unattributed(),
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

/// The month's alterations (P2, P3, P5) are read by `waybill_history_action_at`, not
/// by walking the whole history.
#[test]
fn the_months_alterations_are_found_by_index() {
    let db = crate::storage::staff::db_with(&[]);
    let Some(plan) = db.sql().sqlite_plan(
        super::review::ALTERATIONS,
        args!["修改", "2026-11-01", "2026-12-01"],
    ) else {
        return;
    };
    assert!(
        plan.contains(
            "SEARCH h USING INDEX waybill_history_action_at (action=? AND at>? AND at<?)"
        ),
        "{plan}"
    );
    assert!(!plan.contains("SCAN"), "{plan}");
}
