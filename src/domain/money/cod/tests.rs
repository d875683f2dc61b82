//! Tests of `domain::money::cod`.

use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn at(day: u32, hour: u32) -> NaiveDateTime {
    crate::testing::time(2026, 11, day, hour, 0)
}

fn owed(number: &str, phone: &str, day: u32, amount: &str) -> CodOwed {
    CodOwed {
        number: number.into(),
        shipper_name: format!("发货方{phone}"),
        shipper_phone: phone.into(),
        consignee_name: "收货方".into(),
        collected_at: at(day, 10),
        amount_yuan: d(amount),
        in_batch: None,
    }
}

/// Grouped by shipper, each oldest first, the shipper waiting longest first; ages in days.
#[test]
fn owed_money_is_grouped_by_shipper_oldest_first() {
    let grouped = by_shipper(vec![
        owed("GZ3", "139", 20, "100"),
        owed("GZ1", "138", 22, "50"),
        owed("GZ2", "139", 18, "200.50"),
    ]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let shape: Vec<(&str, Vec<&str>, Decimal, i64)> = grouped
        .iter()
        .map(|s| {
            (
                s.shipper_phone.as_str(),
                s.items.iter().map(|i| i.number.as_str()).collect(),
                s.total_yuan(),
                s.oldest_days(today),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("139", vec!["GZ2", "GZ3"], d("300.50"), 7),
            ("138", vec!["GZ1"], d("50"), 3),
        ]
    );
}

fn batch() -> Remittance {
    Remittance {
        id: 12,
        shipper_name: "宏达服装厂".into(),
        shipper_phone: "13912345678".into(),
        items: vec![RemittanceItem {
            number: "GZ1".into(),
            consignee_name: "李记".into(),
            cod_yuan: d("5000"),
            amount_yuan: d("4950"),
        }],
        note: String::new(),
        prepared: Signed {
            by: "A01".into(),
            at: at(25, 9),
        },
        approved: None,
        paid: None,
        voided: None,
    }
}

/// Prepared → approved by someone else → paid with a reference; voided only before
/// payment, with a reason; each step once.
#[test]
fn a_batch_is_approved_by_another_and_paid_with_a_reference() {
    let mut b = batch();
    assert_eq!(b.code(), "FK000012");
    assert_eq!(b.state(), RemittanceState::Prepared);
    assert_eq!(b.items[0].kept_yuan(), d("50"));
    assert!(
        b.check_payment(PayChannel::Bank, "X1")
            .unwrap_err()
            .contains("尚未审批")
    );
    assert!(b.check_approval("A01").unwrap_err().contains("另一位主管"));
    b.check_approval("S01").unwrap();
    b.approved = Some(Signed {
        by: "S01".into(),
        at: at(25, 10),
    });
    assert!(b.check_approval("S02").unwrap_err().contains("待付款"));
    assert!(
        b.check_payment(PayChannel::Bank, " ")
            .unwrap_err()
            .contains("交易流水号")
    );
    assert_eq!(b.check_payment(PayChannel::Cash, ""), Ok(String::new()));
    assert_eq!(
        b.check_payment(PayChannel::WeChat, " 4200001234 "),
        Ok("4200001234".to_owned())
    );
    assert!(b.check_void(" ").unwrap_err().contains("原因"));
    b.check_void("发货方改要现金").unwrap();
    b.paid = Some((
        Signed {
            by: "F01".into(),
            at: at(25, 11),
        },
        PayChannel::Bank,
        "X1".into(),
    ));
    assert_eq!(b.state(), RemittanceState::Paid);
    assert!(b.check_void("晚了").unwrap_err().contains("已付款"));
    assert!(
        b.check_payment(PayChannel::Bank, "X2")
            .unwrap_err()
            .contains("已付款")
    );
}

/// A batch asks no more than was collected for each waybill, and something.
#[test]
fn amounts_are_checked_against_what_was_collected() {
    let owed = |number: &str| if number == "GZ1" { d("4950") } else { d("0") };
    assert!(check_amounts(&[], &owed).unwrap_err().contains("至少选择"));
    check_amounts(&[("GZ1".into(), d("4950"))], &owed).unwrap();
    let over = check_amounts(&[("GZ1".into(), d("4950.01"))], &owed).unwrap_err();
    assert!(over.contains("超过已收待返的 4950.00 元"), "{over}");
    assert!(check_amounts(&[("GZ2".into(), d("1"))], &owed).is_err());
    assert!(
        check_amounts(&[("GZ1".into(), d("0"))], &owed)
            .unwrap_err()
            .contains("大于 0")
    );
}
