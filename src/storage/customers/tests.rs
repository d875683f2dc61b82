//! Customer files on a database of their own: look-ups, merges, credit approvals and rule 22.

use super::*;
use crate::domain::desk::customers::CustomerDraft;
use crate::domain::desk::waybill::{IssuedWaybill, ValidationContext, Waybill, WaybillDraft};
use chrono::NaiveDate;

fn at(month: u32, day: u32, hour: u32) -> NaiveDateTime {
    crate::testing::time(2026, month, day, hour, 0)
}

fn waybill(shipper_phone: &str, consignee_phone: &str, payment: PaymentMethod) -> Waybill {
    WaybillDraft {
        shipper_name: "宏达服装厂".into(),
        shipper_phone: shipper_phone.into(),
        consignee_name: "李记批发部".into(),
        consignee_phone: consignee_phone.into(),
        pieces: "2".into(),
        weight_kg: "100".into(),
        volume_m3: "0.5".into(),
        freight: "300".into(),
        delivery: crate::domain::desk::waybill::DeliveryMode::Direct,
        delivery_address: "易俗河镇建设路 8 号".into(),
        payment,
        ..WaybillDraft::sample()
    }
    .validate(&ValidationContext::lenient())
    .unwrap()
}

fn db() -> Db {
    crate::storage::staff::db_with(&[("A01", "张丽", "开单员"), ("S01", "刘建国", "主管")])
}

fn file(name: &str, phones: &[&str]) -> CustomerFile {
    CustomerDraft {
        name: name.into(),
        phones: phones.iter().map(|p| (*p).to_owned()).collect(),
        addresses: Vec::new(),
        note: String::new(),
    }
    .validate()
    .unwrap()
}

fn phone(text: &str) -> Phone {
    Phone::parse(text).unwrap()
}

#[test]
fn issuing_gives_each_new_phone_a_file_and_the_lookup_reads_it() {
    let mut db = db();
    db.issue_waybill(
        &waybill("13912345678", "0731-57123456", PaymentMethod::PayNow),
        "A01",
        "GZ",
        at(11, 23, 9),
    )
    .unwrap();
    let id = db
        .customer_id_by_phone(&phone("13912345678"))
        .unwrap()
        .unwrap();
    let mut detail = db.customer(id, at(11, 23, 10)).unwrap();
    assert_eq!(detail.name, "宏达服装厂");
    detail.name = "广州宏达服装厂".into();
    let edited = CustomerFile {
        name: detail.name.clone(),
        phones: vec![phone("13912345678"), phone("020-87814630")],
        addresses: vec!["白云区石井大道 1 号".into()],
        note: "老板姓黄".into(),
    };
    db.save_customer(id, None, &edited, "A01", at(11, 23, 10))
        .unwrap();
    // The form's look-up: by either phone, the file's name.
    for p in ["13912345678", "020-87814630"] {
        let known = db.customer_by_phone(&phone(p)).unwrap().unwrap();
        assert_eq!(known.name, "广州宏达服装厂", "{p}");
    }
    let known = db
        .customer_by_phone(&phone("0731-57123456"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (known.name.as_str(), known.address.as_str()),
        ("李记批发部", "易俗河镇建设路 8 号")
    );
    let found = db.find_customers("8781").unwrap();
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
    assert_eq!(db.find_customers("宏达").unwrap().len(), 1);
    assert_eq!(db.find_customers("").unwrap().len(), 2);
    // A phone with waybills stays; another file's phone is refused.
    let other = db
        .customer_id_by_phone(&phone("0731-57123456"))
        .unwrap()
        .unwrap();
    let refused = db.save_customer(
        other,
        None,
        &file("李记", &["0731-57123456", "13912345678"]),
        "A01",
        at(11, 23, 11),
    );
    assert!(matches!(refused, Err(StorageError::Refused(m)) if m.contains("合并")));
    let refused = db.save_customer(
        id,
        None,
        &file("宏达", &["020-87814630"]),
        "A01",
        at(11, 23, 11),
    );
    assert!(matches!(refused, Err(StorageError::Refused(m)) if m.contains("不能从档案中删除")));
}

#[test]
fn history_lists_both_roles_newest_first_with_totals() {
    let mut db = db();
    db.issue_waybill(
        &waybill("13912345678", "0731-57123456", PaymentMethod::PayNow),
        "A01",
        "GZ",
        at(11, 20, 9),
    )
    .unwrap();
    let back = db
        .issue_waybill(
            &waybill("0731-57123456", "13912345678", PaymentMethod::Collect),
            "A01",
            "GZ",
            at(11, 21, 9),
        )
        .unwrap();
    let voided = db
        .issue_waybill(
            &waybill("13912345678", "13800004321", PaymentMethod::PayNow),
            "A01",
            "GZ",
            at(11, 22, 9),
        )
        .unwrap();
    db.void_waybill(&voided.number, "A01", "客户取消", at(11, 22, 10))
        .unwrap();
    let id = db
        .customer_id_by_phone(&phone("13912345678"))
        .unwrap()
        .unwrap();
    let detail = db.customer(id, at(11, 23, 9)).unwrap();
    let roles: Vec<(bool, bool)> = detail
        .waybills
        .iter()
        .map(|w| (w.as_shipper, w.voided))
        .collect();
    assert_eq!(roles, [(true, true), (false, false), (true, false)]);
    assert_eq!(detail.waybills[1].number, back.number);
    assert_eq!(detail.totals.count, 2, "voided left out");
    assert_eq!(detail.totals.as_shipper, 1);
    assert_eq!(detail.totals.pieces, 4);
    assert_eq!(
        detail.totals.total_yuan,
        detail.waybills[1].total_yuan * Decimal::TWO
    );
}

#[test]
fn merge_moves_phones_addresses_and_notes_and_is_recorded() {
    let mut db = db();
    let a = db
        .create_customer(&file("宏达服装厂", &["13912345678"]), at(11, 1, 9))
        .unwrap();
    let mut other = file("宏达制衣", &["020-87814630"]);
    other.addresses = vec!["白云区石井大道 1 号".into()];
    other.note = "月底对账".into();
    let b = db.create_customer(&other, at(11, 1, 9)).unwrap();
    db.approve_credit(b, Decimal::from(5000), "S01", at(11, 2, 9))
        .unwrap();
    db.merge_customers(a, b, "A01", at(11, 3, 9)).unwrap();
    let kept = db.customer(a, at(11, 3, 10)).unwrap();
    let phones: Vec<&str> = kept.phones.iter().map(|p| p.phone.as_str()).collect();
    assert_eq!(phones.len(), 2);
    assert!(phones.contains(&"020-87814630"));
    assert_eq!(kept.addresses, ["白云区石井大道 1 号"]);
    assert_eq!(kept.note, "又名：宏达制衣\n月底对账");
    assert_eq!(kept.approval().unwrap().limit_yuan, Decimal::from(5000));
    assert_eq!(kept.merges.len(), 1);
    assert_eq!(
        (kept.merges[0].merged_id, kept.merges[0].merged_by.as_str()),
        (b, "A01")
    );
    assert!(
        matches!(db.customer(b, at(11, 3, 10)), Err(StorageError::NotFound(m)) if m.contains("已合并"))
    );
    assert!(db.find_customers("宏达").unwrap().iter().all(|c| c.id == a));
    let snapshot: String = db
        .sql()
        .one(
            "SELECT snapshot FROM customer_merges",
            crate::storage::sql::NO_ARGS,
        )
        .unwrap();
    assert!(
        snapshot.contains("月底对账") && snapshot.contains("020-87814630"),
        "{snapshot}"
    );
    assert!(
        db.merge_customers(a, b, "A01", at(11, 3, 11)).is_err(),
        "merged once"
    );
    assert!(db.merge_customers(a, a, "A01", at(11, 3, 11)).is_err());
}

#[test]
fn merge_refused_when_both_are_on_monthly_account() {
    let mut db = db();
    let a = db
        .create_customer(&file("宏达", &["13912345678"]), at(11, 1, 9))
        .unwrap();
    let b = db
        .create_customer(&file("宏达", &["13912340000"]), at(11, 1, 9))
        .unwrap();
    db.approve_credit(a, Decimal::from(1000), "S01", at(11, 2, 9))
        .unwrap();
    db.approve_credit(b, Decimal::from(2000), "S01", at(11, 2, 9))
        .unwrap();
    assert!(matches!(
        db.merge_customers(a, b, "A01", at(11, 3, 9)),
        Err(StorageError::Refused(_))
    ));
}

#[test]
fn credit_standing_counts_every_unpaid_monthly_waybill_not_voided() {
    let mut db = db();
    let shipper = phone("13912345678");
    let issue = |db: &mut Db, when: NaiveDateTime, payment| {
        db.issue_waybill(
            &waybill("13912345678", "0731-57123456", payment),
            "A01",
            "GZ",
            when,
        )
        .unwrap()
    };
    issue(&mut db, at(9, 30, 9), PaymentMethod::Monthly); // unpaid, however old
    let october = issue(&mut db, at(10, 5, 9), PaymentMethod::Monthly);
    issue(&mut db, at(11, 5, 9), PaymentMethod::Monthly);
    issue(&mut db, at(11, 6, 9), PaymentMethod::PayNow);
    let voided = issue(&mut db, at(11, 7, 9), PaymentMethod::Monthly);
    db.void_waybill(&voided.number, "A01", "错单", at(11, 7, 10))
        .unwrap();
    let standing = db.credit_standing(&shipper, "宏达", at(11, 23, 9)).unwrap();
    assert_eq!(standing.limit_yuan, None);
    assert_eq!(
        standing.open_yuan,
        october.waybill.total_yuan * Decimal::from(3)
    );
    let id = db.customer_id_by_phone(&shipper).unwrap().unwrap();
    db.approve_credit(id, Decimal::from(800), "S01", at(11, 10, 9))
        .unwrap();
    let standing = db.credit_standing(&shipper, "宏达", at(11, 23, 9)).unwrap();
    assert_eq!(standing.limit_yuan, Some(Decimal::from(800)));
    db.approve_credit(id, Decimal::from(900), "S01", at(11, 11, 9))
        .unwrap();
    db.withdraw_credit(id, "S01", at(11, 12, 9)).unwrap();
    assert!(db.withdraw_credit(id, "S01", at(11, 12, 10)).is_err());
    let detail = db.customer(id, at(11, 23, 9)).unwrap();
    assert_eq!(detail.approvals.len(), 2);
    assert!(detail.approval().is_none());
    assert_eq!(detail.approvals[0].withdrawn_by.as_deref(), Some("S01"));
    let unknown = db
        .credit_standing(&phone("13700000000"), "新客户", at(11, 23, 9))
        .unwrap();
    assert_eq!(
        (unknown.shipper_name.as_str(), unknown.limit_yuan),
        ("新客户", None)
    );
}

#[test]
fn rule_22_lists_monthly_waybills_issued_without_approval_against_the_clerk() {
    let mut db = db();
    let before = db
        .issue_waybill(
            &waybill("13912345678", "0731-57123456", PaymentMethod::Monthly),
            "A01",
            "GZ",
            at(11, 5, 9),
        )
        .unwrap();
    let id = db
        .customer_id_by_phone(&phone("13912345678"))
        .unwrap()
        .unwrap();
    db.approve_credit(id, Decimal::from(5000), "S01", at(11, 6, 9))
        .unwrap();
    db.issue_waybill(
        &waybill("13912345678", "0731-57123456", PaymentMethod::Monthly),
        "A01",
        "GZ",
        at(11, 7, 9),
    )
    .unwrap();
    let stranger = db
        .issue_waybill_paid(
            &waybill("13700000000", "0731-57123456", PaymentMethod::Monthly),
            "A01",
            ("GZ", at(11, 8, 9)),
            crate::domain::dispatch::pickup::PayChannel::Cash,
            crate::storage::waybills::CreditRule::Overridden {
                supervisor_id: "S01",
                reason: "老客户介绍",
            },
        )
        .unwrap();
    let debts = db
        .clerk_debts(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())
        .unwrap();
    let lines: Vec<(&str, &str, Option<&str>)> = debts
        .iter()
        .map(|d| {
            (
                d.number.as_str(),
                d.clerk_name.as_str(),
                d.allowed_by.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (stranger.number.as_str(), "张丽", Some("S01")),
            (before.number.as_str(), "张丽", None)
        ]
    );
    let detail = db.customer(id, at(11, 23, 9)).unwrap();
    assert_eq!(detail.clerk_debts.len(), 1);
    assert_eq!(detail.clerk_debts[0].number, before.number);
}

#[test]
fn imports_of_monthly_history_are_not_refused() {
    let mut db = db();
    let old = IssuedWaybill {
        number: "OLD1".into(),
        issued_at: at(11, 1, 9),
        clerk_id: "A01".into(),
        clerk_name: String::new(),
        status: WaybillStatus::Issued,
        alter_count: 0,
        waybill: waybill("13912345678", "0731-57123456", PaymentMethod::Monthly),
    };
    assert_eq!(db.import_waybills(&[old], at(11, 23, 9)).unwrap(), 1);
    assert!(
        db.customer_id_by_phone(&phone("13912345678"))
            .unwrap()
            .is_some()
    );
}

/// Two counters edit one customer file: the second save is refused with who saved
/// first and when; a counter that opened the file again saves over it.
#[test]
fn the_second_of_two_counters_saving_one_customer_file_is_told_who_was_first() {
    let place = crate::storage::test_server::SharedPlace::new();
    let mut first = place.counter().unwrap();
    let clerks = [("A01", "张丽", "开单员"), ("B07", "王强", "开单员")];
    crate::storage::staff::hire(&first, &clerks);
    let id = first
        .create_customer(&file("宏达服装厂", &["13912345678"]), at(11, 23, 9))
        .unwrap();
    let mut second = place.counter().unwrap();
    let seen_first = first.customer(id, at(11, 23, 10)).unwrap().version;
    let seen_second = second.customer(id, at(11, 23, 10)).unwrap().version;
    let a = std::thread::spawn(move || {
        first.save_customer(
            id,
            Some(seen_first),
            &file("宏达服装厂（白云）", &["13912345678"]),
            "B07",
            at(11, 23, 10),
        )
    });
    let b = std::thread::spawn(move || {
        second.save_customer(
            id,
            Some(seen_second),
            &file("宏达制衣", &["13912345678"]),
            "A01",
            at(11, 23, 10),
        )
    });
    let results = [a.join().unwrap(), b.join().unwrap()];
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    let refusal = results
        .iter()
        .find_map(|r| r.as_ref().err())
        .unwrap()
        .to_string();
    let kept = place
        .counter()
        .unwrap()
        .customer(id, at(11, 23, 11))
        .unwrap();
    let winner = if kept.name == "宏达制衣" {
        "A01 张丽"
    } else {
        "B07 王强"
    };
    assert!(
        refusal.contains(winner) && refusal.contains("没有保存"),
        "{refusal}"
    );
    // Opened again, the file saves.
    let mut third = place.counter().unwrap();
    third
        .save_customer(
            id,
            Some(kept.version),
            &file("宏达服装厂", &["13912345678"]),
            "A01",
            at(11, 23, 12),
        )
        .unwrap();
}

/// Two counters save a 月结 waybill for one shipper in the same instant, each after its
/// own look at the standing showed room; the limit has room for one: one is issued, the
/// other refused with the rule's words (the check runs again under the writer lock). Two
/// connections to one database (a file, or a schema on the test server), two threads.
#[test]
fn two_counters_saving_monthly_for_one_shipper_at_once_stay_within_the_limit() {
    let place = crate::storage::test_server::SharedPlace::new();
    let mut first = place.counter().unwrap();
    crate::storage::staff::hire(
        &first,
        &[("A01", "张丽", "开单员"), ("A02", "王强", "开单员")],
    );
    let id = first
        .create_customer(&file("宏达服装厂", &["13912345678"]), at(11, 1, 9))
        .unwrap();
    let w = waybill("13912345678", "0731-57123456", PaymentMethod::Monthly);
    let limit = w.total_yuan * Decimal::from(3) / Decimal::from(2);
    first
        .approve_credit(id, limit, "S01", at(11, 1, 9))
        .unwrap();
    let mut second = place.counter().unwrap();
    for db in [&first, &second] {
        let standing = db
            .credit_standing(&phone("13912345678"), "宏达服装厂", at(11, 23, 9))
            .unwrap();
        assert!(standing.open_yuan + w.total_yuan <= limit, "room for one");
    }
    let gate = std::sync::Arc::new(std::sync::Barrier::new(2));
    let counters = [("A01", &mut first), ("A02", &mut second)];
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = counters
            .into_iter()
            .map(|(clerk, db)| {
                let (gate, w) = (gate.clone(), &w);
                s.spawn(move || {
                    gate.wait();
                    db.issue_waybill_paid(
                        w,
                        clerk,
                        ("GZ", at(11, 23, 9)),
                        crate::domain::dispatch::pickup::PayChannel::Cash,
                        crate::storage::waybills::CreditRule::Checked,
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    let refusal = results.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert!(
        matches!(refusal, StorageError::OverCredit(m) if m.contains("额度")),
        "{refusal:?}"
    );
    let standing = first
        .credit_standing(&phone("13912345678"), "宏达服装厂", at(11, 23, 10))
        .unwrap();
    assert_eq!(standing.open_yuan, w.total_yuan);
}

/// A supervisor lets a refused 月结 waybill through: the override is written with the
/// waybill, in its transaction, with the refusal read under the lock; rule 22 then knows
/// who allowed it. A waybill the rule passes records no override.
#[test]
fn a_supervisors_credit_override_is_recorded_with_the_waybill() {
    let mut db = db();
    let w = waybill("13912345678", "0731-57123456", PaymentMethod::Monthly);
    let refused = db.issue_waybill_paid(
        &w,
        "A01",
        ("GZ", at(11, 23, 9)),
        crate::domain::dispatch::pickup::PayChannel::Cash,
        crate::storage::waybills::CreditRule::Checked,
    );
    assert!(
        matches!(&refused, Err(StorageError::OverCredit(m)) if m.contains("未经主管批准月结")),
        "{refused:?}"
    );
    assert_eq!(db.waybill_count().unwrap(), 0);
    let overridden = crate::storage::waybills::CreditRule::Overridden {
        supervisor_id: "S01",
        reason: "老客户，月底结清",
    };
    let issued = db
        .issue_waybill_paid(
            &w,
            "A01",
            ("GZ", at(11, 23, 9)),
            crate::domain::dispatch::pickup::PayChannel::Cash,
            overridden,
        )
        .unwrap();
    let debts = db
        .clerk_debts(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        .unwrap();
    assert_eq!(debts.len(), 1);
    assert_eq!(
        (debts[0].number.as_str(), debts[0].allowed_by.as_deref()),
        (issued.number.as_str(), Some("S01"))
    );
    let plain = db
        .issue_waybill_paid(
            &waybill("13912345678", "0731-57123456", PaymentMethod::PayNow),
            "A01",
            ("GZ", at(11, 23, 10)),
            crate::domain::dispatch::pickup::PayChannel::Cash,
            overridden,
        )
        .unwrap();
    let overrides: i64 = db
        .sql()
        .one(
            "SELECT COUNT(*) FROM credit_overrides WHERE waybill_number = ?1",
            args![plain.number.as_str()],
        )
        .unwrap();
    assert_eq!(overrides, 0);
    assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
}
