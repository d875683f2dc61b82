//! Charges a clerk disputes (issue 16): the appeal of a charge, decided by a supervisor;
//! two supervisors deciding it at once from two counters.

use crate::domain::people::points::{EventCode, EventSource, PointEvent};
use crate::domain::people::requests::AppealOutcome;
use crate::domain::people::{Month, Role, Staff};
use crate::storage::{Db, StorageError};
use crate::testing::at;
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn nov() -> Month {
    "2026-11".parse().unwrap()
}

fn person(id: &str, role: Role) -> Staff {
    Staff {
        id: id.into(),
        name: format!("员工{id}"),
        role,
        joined_on: NaiveDate::from_ymd_opt(2025, 1, 1),
        left_on: None,
        base_salary_yuan: Decimal::from(4000),
    }
}

/// A01 charged ¥120.50 with a P6 on 11-27; A02 a clerk, S01 and S02 supervisors.
fn charged(db: &mut Db) -> String {
    db.import_staff(&[
        person("A01", Role::Clerk),
        person("A02", Role::Clerk),
        person("S01", Role::Supervisor),
        person("S02", Role::Supervisor),
    ])
    .unwrap();
    let event = PointEvent {
        staff_id: "A01".into(),
        day: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        code: EventCode::from_code("P6").unwrap(),
        quantity: 1,
        waybill_number: String::new(),
        note: "货物错发，追回运费".into(),
        source: EventSource::Manual,
        charge_yuan: Some(Decimal::new(12050, 2)),
    };
    db.add_point_events(&[event], at("2026-11-27 18:00"))
        .unwrap();
    db.month_review(nov(), at("2026-12-01 09:00"))
        .unwrap()
        .people[0]
        .charges
        .items[0]
        .key()
}

fn refused_with<T: std::fmt::Debug>(result: crate::storage::Result<T>, words: &str) {
    match result {
        Err(StorageError::Refused(message)) => {
            assert!(message.contains(words), "「{words}」 in {message}");
        }
        other => panic!("expected a refusal with 「{words}」, got {other:?}"),
    }
}

/// The clerk appeals their own charge once, with a reason, in time; the month cannot be
/// locked while it waits; a supervisor other than the clerk withdraws it with a reason,
/// which waives the charge (kept as an adjustment naming the appeal), once.
#[test]
fn a_clerk_appeals_a_charge_and_a_withdrawn_appeal_waives_it() {
    let mut db = Db::open_in_memory().unwrap();
    let key = charged(&mut db);
    let now = at("2026-12-01 09:00");
    assert!(matches!(
        db.appeal_charge(nov(), &key, "A02", "不是我", now),
        Err(StorageError::NotFound(_))
    ));
    refused_with(db.appeal_charge(nov(), &key, "A01", "  ", now), "申诉理由");
    refused_with(
        db.appeal_charge(nov(), &key, "A01", "货是司机装错的", at("2026-12-07 09:00")),
        "超过期限",
    );
    let id = db
        .appeal_charge(nov(), &key, "A01", "货是司机装错的", now)
        .unwrap();
    refused_with(
        db.appeal_charge(nov(), &key, "A01", "再申诉", now),
        "已经申诉过",
    );
    let appeals = db.charge_appeals(nov()).unwrap();
    assert_eq!(appeals.len(), 1);
    assert_eq!(
        (
            appeals[0].rule.as_str(),
            appeals[0].amount_yuan,
            appeals[0].status_label()
        ),
        ("P6", Decimal::new(12050, 2), "待处理")
    );
    refused_with(db.lock_month(nov(), "S01", now), "申诉未处理");
    refused_with(
        db.decide_charge_appeal(id, AppealOutcome::Withdrawn, "同意", "A01", now),
        "不能审批自己",
    );
    refused_with(
        db.decide_charge_appeal(id, AppealOutcome::Withdrawn, "同意", "A02", now),
        "只有主管",
    );
    refused_with(
        db.decide_charge_appeal(id, AppealOutcome::Withdrawn, " ", "S01", now),
        "理由",
    );
    let decided = db
        .decide_charge_appeal(
            id,
            AppealOutcome::Withdrawn,
            "装车记录显示是司机装错",
            "S01",
            now,
        )
        .unwrap();
    assert_eq!(decided.status_label(), "撤销");
    let a01 = db.month_review(nov(), now).unwrap().people.remove(0);
    assert_eq!(a01.charges.total_yuan, Decimal::ZERO);
    assert!(
        a01.charges.items[0]
            .adjusted
            .as_deref()
            .is_some_and(|a| a.contains("申诉撤销：装车记录显示是司机装错")),
        "{:?}",
        a01.charges.items[0]
    );
    refused_with(
        db.decide_charge_appeal(id, AppealOutcome::Upheld, "再改", "S02", now),
        "已处理",
    );
    assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
    db.lock_month(nov(), "S01", now).unwrap();
    assert_eq!(db.charge_appeals(nov()).unwrap()[0].status_label(), "撤销");
}

/// Two supervisors at two counters decide the same appeal at once: one decision
/// stands, the other is told; the charge is waived at most once.
#[test]
fn two_supervisors_deciding_one_charge_appeal_at_once() {
    let place = crate::storage::test_server::SharedPlace::new();
    let mut first = place.counter().unwrap();
    let key = charged(&mut first);
    let now = at("2026-12-01 09:00");
    let id = first
        .appeal_charge(nov(), &key, "A01", "货是司机装错的", now)
        .unwrap();
    let mut second = place.counter().unwrap();
    let a = std::thread::spawn(move || {
        first.decide_charge_appeal(id, AppealOutcome::Withdrawn, "司机装错", "S01", now)
    });
    let b = std::thread::spawn(move || {
        second.decide_charge_appeal(id, AppealOutcome::Upheld, "开单员未核对", "S02", now)
    });
    let results = [a.join().unwrap(), b.join().unwrap()];
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    let db = place.counter().unwrap();
    let stored = db.charge_appeals(nov()).unwrap();
    let winner = results.iter().find_map(|r| r.as_ref().ok()).unwrap();
    assert_eq!(stored[0].status_label(), winner.status_label());
    let waivers = db.charge_adjustments(nov()).unwrap().len();
    assert_eq!(waivers, usize::from(winner.status_label() == "撤销"));
}
