//! Charges (issue 16): entered with an event or detected (P2/P5, P8, P9, rule 22), waived
//! by a supervisor, carried into the next month; the appeal of a charge, decided by a
//! supervisor; two supervisors deciding it at once from two counters.

use super::tests::{db, event, nov, now, person, points, refused_with, short_charged_waybill};
use crate::domain::money::format_yuan;
use crate::domain::people::points::{EventCode, EventSource, PointEvent};
use crate::domain::people::requests::AppealOutcome;
use crate::domain::people::{Month, Role, Staff};
use crate::storage::{Db, StorageError};
use crate::testing::{at, day};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

fn with_role(id: &str, role: Role) -> Staff {
    Staff { role, ..person(id) }
}

/// A01 charged ¥120.50 with a P6 on 11-27; A02 a clerk, S01 and S02 supervisors.
fn charged(db: &mut Db) -> String {
    db.import_staff(&[
        with_role("A01", Role::Clerk),
        with_role("A02", Role::Clerk),
        with_role("S01", Role::Supervisor),
        with_role("S02", Role::Supervisor),
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
