//! The payments ledger, the cash count and the monthly statements on a database of their own.

use super::*;
use crate::domain::desk::waybill::{ValidationContext, Waybill, WaybillDraft};
use std::str::FromStr;

fn at(h: u32, m: u32) -> NaiveDateTime {
    crate::testing::time(2026, 11, 23, h, m)
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn db() -> Db {
    let db = Db::open_in_memory().unwrap();
    db.sql()
        .batch(
            "INSERT INTO staff (id, name, role) VALUES ('A01', '张丽', '开单员'), ('A02', '王强', '开单员');",
        )
        .unwrap();
    db
}

/// A waybill of 255 yuan freight (and a receipt to sign back when `receipt`).
pub(crate) fn waybill(payment: PaymentMethod, receipt: bool) -> Waybill {
    WaybillDraft {
        pieces: "2".into(),
        weight_kg: "100.5".into(),
        volume_m3: "0.125".into(),
        freight: "255".into(),
        receipt_copies: if receipt { "1".into() } else { String::new() },
        payment,
        ..WaybillDraft::sample()
    }
    .validate(&ValidationContext::lenient())
    .unwrap()
}

#[test]
fn pay_now_is_entered_at_issue_with_its_channel() {
    let mut db = db();
    let cash = db
        .issue_waybill(
            &waybill(PaymentMethod::PayNow, false),
            "A01",
            "GZ",
            at(9, 0),
        )
        .unwrap();
    let wechat = db
        .issue_waybill_paid(
            &waybill(PaymentMethod::PayNow, false),
            "A01",
            ("GZ", at(9, 5)),
            PayChannel::WeChat,
            crate::storage::waybills::CreditRule::Unchecked,
        )
        .unwrap();
    let collect = db
        .issue_waybill(
            &waybill(PaymentMethod::Collect, false),
            "A01",
            "GZ",
            at(9, 10),
        )
        .unwrap();
    let cash_ledger = db.ledger(&cash.number).unwrap();
    assert_eq!(cash_ledger.len(), 1);
    assert_eq!(cash_ledger[0].amount_yuan, cash.waybill.total_yuan);
    assert_eq!(
        (cash_ledger[0].channel, cash_ledger[0].occasion),
        (PayChannel::Cash, Occasion::Issue)
    );
    assert_eq!(
        db.ledger(&wechat.number).unwrap()[0].channel,
        PayChannel::WeChat
    );
    assert!(db.ledger(&collect.number).unwrap().is_empty());
    let day = db
        .ledger_between(at(0, 0), at(23, 59), Some("A01"))
        .unwrap();
    assert_eq!(day.len(), 2);
    assert!(
        db.ledger_between(at(0, 0), at(23, 59), Some("A02"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn on_receipt_is_paid_in_parts_after_the_receipt_and_refunds_are_bounded() {
    let mut db = db();
    let issued = db
        .issue_waybill(
            &waybill(PaymentMethod::OnReceipt, true),
            "A01",
            "GZ",
            at(9, 0),
        )
        .unwrap();
    let number = issued.number.clone();
    let total = issued.waybill.total_yuan;
    let refused = db
        .record_receipt_payment(&number, d("100"), PayChannel::Cash, "A01", at(10, 0))
        .unwrap_err();
    assert!(refused.to_string().contains("回单尚未收回"), "{refused}");
    db.record_receipt_returned(&number, "", "A01", at(11, 0))
        .unwrap();
    db.record_receipt_payment(&number, d("100"), PayChannel::Cash, "A01", at(11, 5))
        .unwrap();
    let above = db
        .record_receipt_payment(&number, total, PayChannel::Bank, "A02", at(11, 6))
        .unwrap_err();
    assert!(above.to_string().contains("超过未付金额"), "{above}");
    db.record_receipt_payment(
        &number,
        total - d("100"),
        PayChannel::Bank,
        "A02",
        at(11, 7),
    )
    .unwrap();
    let refund = db
        .record_refund(
            &number,
            total + d("0.01"),
            PayChannel::Cash,
            "多收",
            "A01",
            at(12, 0),
        )
        .unwrap_err();
    assert!(refund.to_string().contains("超过已收"), "{refund}");
    assert!(
        db.record_refund(&number, d("1"), PayChannel::Cash, " ", "A01", at(12, 0))
            .is_err()
    );
    db.record_refund(
        &number,
        d("20.5"),
        PayChannel::Cash,
        "多收",
        "A01",
        at(12, 1),
    )
    .unwrap();
    let ledger = db.ledger(&number).unwrap();
    let amounts: Vec<Decimal> = ledger.iter().map(|e| e.amount_yuan).collect();
    assert_eq!(amounts, [d("100"), total - d("100"), d("-20.5")]);
    assert_eq!(ledger[2].reason, "多收");
    // The ledger is append-only.
    assert!(
        db.sql()
            .execute("DELETE FROM collections", NO_ARGS)
            .is_err()
    );
    assert!(
        db.sql()
            .execute("UPDATE collections SET amount_fen = 1", NO_ARGS)
            .is_err()
    );
}

#[test]
fn a_shift_is_counted_against_the_ledger_and_signed_once() {
    let mut db = db();
    db.issue_waybill(
        &waybill(PaymentMethod::PayNow, false),
        "A01",
        "GZ",
        at(9, 0),
    )
    .unwrap();
    db.issue_waybill_paid(
        &waybill(PaymentMethod::PayNow, false),
        "A01",
        ("GZ", at(9, 30)),
        PayChannel::WeChat,
        crate::storage::waybills::CreditRule::Unchecked,
    )
    .unwrap();
    // Another clerk's money and money after the shift are not this count's.
    db.issue_waybill(
        &waybill(PaymentMethod::PayNow, false),
        "A02",
        "GZ",
        at(10, 0),
    )
    .unwrap();
    db.issue_waybill(
        &waybill(PaymentMethod::PayNow, false),
        "A01",
        "GZ",
        at(17, 0),
    )
    .unwrap();
    let period = CountPeriod {
        staff_id: Some("A01".into()),
        label: "A01 11-23 早班".into(),
        from: at(7, 30),
        to: at(16, 30),
    };
    let (lines, expected) = db.cash_expected(&period).unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(expected, ByChannel([d("255"), d("255"), d("0"), d("0")]));
    let counted = ByChannel([d("250"), d("255"), d("0"), d("0")]);
    let count = db
        .sign_cash_count(&period, counted, " 少 5 元 ", "A01", at(16, 20))
        .unwrap();
    assert_eq!(count.expected, expected);
    assert_eq!(
        count.difference(),
        ByChannel([d("-5"), d("0"), d("0"), d("0")])
    );
    assert_eq!(count.note, "少 5 元");
    assert_eq!(db.cash_count_of(&period).unwrap(), Some(count));
    let again = db
        .sign_cash_count(&period, counted, "", "A01", at(16, 25))
        .unwrap_err();
    assert!(again.to_string().contains("已由 A01 签字"), "{again}");
    // The station's day takes every clerk.
    let day = CountPeriod {
        staff_id: None,
        label: "2026-11-23 全站".into(),
        from: at(0, 0),
        to: at(23, 59),
    };
    assert_eq!(db.cash_expected(&day).unwrap().1.total(), d("1020"));
}

#[test]
fn a_months_statement_reconciles_to_the_sum_of_its_waybills_to_the_fen() {
    let mut db = db();
    let november = |d: u32, h: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    };
    let mut expected = Decimal::ZERO;
    let mut numbers = Vec::new();
    for (i, freight) in ["255.55", "0.01", "1396.33", "88.88"]
        .into_iter()
        .enumerate()
    {
        let mut w = waybill(PaymentMethod::Monthly, false);
        w.freight_yuan = d(freight);
        w.total_yuan = w.freight_yuan + w.premium_yuan + w.delivery_fee_yuan;
        let day = 1 + u32::try_from(i).unwrap() * 9;
        let issued = db.issue_waybill(&w, "A01", "GZ", november(day, 9)).unwrap();
        expected += issued.waybill.total_yuan;
        numbers.push(issued.number);
    }
    // Not on the statement: a voided one, a 现付 one, one of October, one of December.
    let voided = db
        .issue_waybill(
            &waybill(PaymentMethod::Monthly, false),
            "A01",
            "GZ",
            november(5, 10),
        )
        .unwrap();
    db.void_waybill(&voided.number, "A01", "写错", november(5, 11))
        .unwrap();
    db.issue_waybill(
        &waybill(PaymentMethod::PayNow, false),
        "A01",
        "GZ",
        november(6, 9),
    )
    .unwrap();
    for at in [
        november(1, 0) - chrono::Days::new(1),
        november(30, 23) + chrono::Days::new(1),
    ] {
        db.issue_waybill(&waybill(PaymentMethod::Monthly, false), "A01", "GZ", at)
            .unwrap();
    }
    let phone = crate::domain::desk::phone::Phone::parse("13912345678").unwrap();
    let customer = db.customer_id_by_phone(&phone).unwrap().unwrap();
    let month = Month::from_str("2026-11").unwrap();
    let statement = db.monthly_statement(customer, month).unwrap();
    let listed: Vec<&str> = statement.lines.iter().map(|l| l.number.as_str()).collect();
    assert_eq!(
        listed,
        numbers.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(statement.totals.total_yuan, expected);
    let summed: Decimal = statement.lines.iter().map(|l| l.total_yuan).sum();
    assert_eq!(statement.totals.total_yuan, summed);
    assert_eq!(statement.phones, ["13912345678"]);
}

#[test]
fn a_statement_is_paid_in_parts_into_the_cash_book_and_the_credit_total() {
    let mut db = db();
    let november = |d: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    };
    let mut w = waybill(PaymentMethod::Monthly, false);
    w.freight_yuan = d("300.05");
    w.total_yuan = w.freight_yuan + w.premium_yuan + w.delivery_fee_yuan;
    let issued = db.issue_waybill(&w, "A01", "GZ", november(3)).unwrap();
    let total = issued.waybill.total_yuan;
    let phone = crate::domain::desk::phone::Phone::parse("13912345678").unwrap();
    let customer = db.customer_id_by_phone(&phone).unwrap().unwrap();
    let month = Month::from_str("2026-11").unwrap();
    let open = |db: &Db| {
        db.credit_standing(&phone, "宏达", november(20))
            .unwrap()
            .open_yuan
    };
    assert_eq!(open(&db), total);
    assert!(
        db.record_account_payment(
            customer,
            month,
            total + d("0.01"),
            PayChannel::Bank,
            "",
            "A01",
            november(30)
        )
        .is_err(),
        "never above what the statement owes"
    );
    let after = db
        .record_account_payment(
            customer,
            month,
            d("100"),
            PayChannel::Cash,
            "转账单 88",
            "A01",
            at(10, 0),
        )
        .unwrap();
    assert_eq!(after.paid_yuan(), d("100"));
    assert_eq!(after.balance_yuan(), total - d("100"));
    assert_eq!(
        after.payments[0].reason,
        "广州市白云区宏达服装厂 2026-11 月结款：转账单 88"
    );
    assert_eq!(open(&db), total - d("100"));
    // The cash book of the day counts it; the waybill's own ledger does not.
    let day = db.ledger_between(at(0, 0), at(23, 0), Some("A01")).unwrap();
    let line = day
        .iter()
        .find(|e| e.occasion == Occasion::Account)
        .unwrap();
    assert_eq!((line.number.as_str(), line.amount_yuan), ("", d("100")));
    assert!(
        db.ledger(&issued.number)
            .unwrap()
            .iter()
            .all(|e| e.occasion != Occasion::Account)
    );
    // The rest is owed: one receivable for the month, aged from its last day.
    let owed: Vec<Receivable> = db
        .open_receivables()
        .unwrap()
        .into_iter()
        .filter(|r| r.payment == PaymentMethod::Monthly)
        .collect();
    assert_eq!(owed.len(), 1);
    assert_eq!(owed[0].open_yuan, total - d("100"));
    assert_eq!(owed[0].issued_at.date(), month.last_day());
    db.record_account_payment(
        customer,
        month,
        total - d("100"),
        PayChannel::Bank,
        "",
        "A01",
        at(11, 0),
    )
    .unwrap();
    assert_eq!(open(&db), d("0"));
    assert!(
        db.open_receivables()
            .unwrap()
            .iter()
            .all(|r| r.payment != PaymentMethod::Monthly)
    );
    // Months before the station began recording payments were settled outside it.
    db.sql()
        .execute(
            "INSERT INTO settings (key, value) VALUES ('monthly_payments_from', '2026-12')",
            NO_ARGS,
        )
        .unwrap();
    assert!(
        db.monthly_statement(customer, month)
            .unwrap()
            .taken_as_settled
    );
    assert_eq!(open(&db), d("0"));
}

#[test]
fn open_receivables_are_collect_at_the_far_end_and_on_receipt_not_paid_in_full() {
    let mut db = db();
    let collect_here = db
        .issue_waybill(
            &waybill(PaymentMethod::Collect, false),
            "A01",
            "GZ",
            at(9, 0),
        )
        .unwrap();
    let collect_arrived = db
        .issue_waybill(
            &waybill(PaymentMethod::Collect, false),
            "A01",
            "GZ",
            at(9, 1),
        )
        .unwrap();
    let on_receipt = db
        .issue_waybill(
            &waybill(PaymentMethod::OnReceipt, true),
            "A01",
            "GZ",
            at(9, 2),
        )
        .unwrap();
    let paid = db
        .issue_waybill(
            &waybill(PaymentMethod::OnReceipt, true),
            "A01",
            "GZ",
            at(9, 3),
        )
        .unwrap();
    db.sql()
        .execute(
            "INSERT INTO waybill_stages VALUES (?1, '已到站', '已到站', '2026-11-24 09:00:00')",
            args![&collect_arrived.number],
        )
        .unwrap();
    for n in [&on_receipt.number, &paid.number] {
        db.record_receipt_returned(n, "", "A01", at(10, 0)).unwrap();
    }
    db.record_receipt_payment(
        &on_receipt.number,
        d("100"),
        PayChannel::Cash,
        "A01",
        at(10, 1),
    )
    .unwrap();
    db.record_receipt_payment(
        &paid.number,
        paid.waybill.total_yuan,
        PayChannel::Bank,
        "A01",
        at(10, 2),
    )
    .unwrap();
    let open = db.open_receivables().unwrap();
    let listed: Vec<(&str, Decimal, bool)> = open
        .iter()
        .map(|r| (r.number.as_str(), r.open_yuan, r.receipt_back))
        .collect();
    assert_eq!(
        listed,
        [
            (
                collect_arrived.number.as_str(),
                collect_arrived.waybill.total_yuan,
                false
            ),
            (
                on_receipt.number.as_str(),
                on_receipt.waybill.total_yuan - d("100"),
                true
            ),
        ]
    );
    assert_eq!(open[0].debtor_name, "湘潭县易俗河李记批发部");
    assert_eq!(open[1].debtor_name, "广州市白云区宏达服装厂");
    assert!(!listed.iter().any(|(n, ..)| *n == collect_here.number));
}

/// The demo station of 2026-12-06 and a waybill of 长沙's it collected money for.
fn demo_with_incoming_collected() -> (Db, String) {
    let db = crate::demo::demo_copy(crate::testing::day("2026-12-06")).unwrap();
    let number: String = db
        .sql()
        .value(
            "SELECT c.waybill_number FROM collections c
             JOIN incoming_waybills i ON i.number = c.waybill_number ORDER BY c.id",
            NO_ARGS,
        )
        .unwrap()
        .expect("the demo collects for a waybill from 长沙");
    (db, number)
}

/// A 提付 waybill another station issued, come here on a truck and collected here: its
/// ledger is looked up by its number like one issued here (it said 找不到单号).
#[test]
fn a_waybill_from_another_station_has_its_ledger_here() {
    let (db, number) = demo_with_incoming_collected();
    assert!(db.waybill(&number).is_err(), "not issued here");
    let here = db.station_waybill(&number).unwrap();
    assert_eq!(here.number, number);
    assert!(!here.local);
    assert!(!db.ledger(&number).unwrap().is_empty());
    assert!(matches!(
        db.station_waybill("GZ0000000000"),
        Err(StorageError::NotFound(_))
    ));
}

/// Money this station collected for a waybill issued elsewhere (its 提付, taken at
/// release here) is refunded here as for one of ours: up to what this station's ledger
/// holds, with a reason (it said 找不到单号).
#[test]
fn money_collected_here_for_another_stations_waybill_is_refunded_here() {
    let (mut db, number) = demo_with_incoming_collected();
    let held: Decimal = db
        .ledger(&number)
        .unwrap()
        .iter()
        .map(|e| e.amount_yuan)
        .sum();
    let now = crate::testing::day("2026-12-06")
        .and_hms_opt(15, 0, 0)
        .unwrap();
    let over = db.record_refund(
        &number,
        held + Decimal::ONE,
        PayChannel::Cash,
        "多收保管费",
        "A01",
        now,
    );
    assert!(matches!(over, Err(StorageError::Refused(_))), "{over:?}");
    db.record_refund(
        &number,
        Decimal::TEN,
        PayChannel::Cash,
        "多收保管费",
        "A01",
        now,
    )
    .unwrap();
    let ledger = db.ledger(&number).unwrap();
    let last = ledger.last().unwrap();
    assert_eq!(last.amount_yuan, -Decimal::TEN);
    assert_eq!(last.occasion, Occasion::Refund);
    assert_eq!(
        ledger.iter().map(|e| e.amount_yuan).sum::<Decimal>(),
        held - Decimal::TEN
    );
}
