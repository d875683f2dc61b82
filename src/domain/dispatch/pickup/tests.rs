//! Tests of `domain::dispatch::pickup`.

use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn signed() -> Signature {
    Signature(vec![vec![(0.1, 0.5), (0.3, 0.4), (0.6, 0.6)]])
}

fn draft() -> PickupDraft {
    PickupDraft {
        collector_name: "李四".into(),
        id_type: IdType::MainlandId,
        id_number: "11010519491231002x".into(),
        signature: signed(),
        pieces: 12,
        payment_amount: "255".into(),
        payment_channel: Some(PayChannel::WeChat),
        note: String::new(),
    }
}

fn facts() -> ReleaseFacts {
    ReleaseFacts {
        life: Life {
            stage: Stage::Notified,
            flow: Stage::Notified,
        },
        pieces: 12,
        pieces_released: 0,
        controlled_release: false,
        authorized: false,
        dues: Dues {
            collect_yuan: d("255"),
            ..Dues::default()
        },
    }
}

#[test]
fn signatures() {
    assert!(Signature::default().is_blank());
    assert!(Signature(vec![vec![(0.5, 0.5)]]).is_blank());
    assert!(Signature(vec![vec![(0.5, 0.5), (0.5, 0.5)]]).is_blank());
    assert!(!signed().is_blank());
    let json = signed().to_json();
    assert_eq!(Signature::from_json(&json), Some(signed()));
    assert_eq!(Signature::from_json("x"), None);
    assert_eq!(signed().bounds(), Some((0.1, 0.4, 0.6, 0.6)));
}

/// A pickup without ID or without signature is refused, field by field.
#[test]
fn pickup_form_requires_id_and_signature() {
    type Edit = fn(&mut PickupDraft);
    let pickup = draft().validate(today()).unwrap();
    assert_eq!(pickup.id_number, "11010519491231002X");
    let cases: [(&str, Edit, PickupField); 7] = [
        (
            "no name",
            |p| p.collector_name.clear(),
            PickupField::Collector,
        ),
        ("no id", |p| p.id_number.clear(), PickupField::IdNumber),
        (
            "bad check digit",
            |p| p.id_number = "110105194912310020".into(),
            PickupField::IdNumber,
        ),
        (
            "no signature",
            |p| p.signature = Signature::default(),
            PickupField::Signature,
        ),
        ("no pieces", |p| p.pieces = 0, PickupField::Pieces),
        (
            "no channel",
            |p| p.payment_channel = None,
            PickupField::Payment,
        ),
        (
            "bad amount",
            |p| p.payment_amount = "两百".into(),
            PickupField::Payment,
        ),
    ];
    for (name, edit, field) in cases {
        let mut p = draft();
        edit(&mut p);
        let errors = p.validate(today()).unwrap_err();
        assert_eq!(
            errors.iter().map(|e| e.field).collect::<Vec<_>>(),
            [field],
            "{name}"
        );
    }
    let errors = PickupDraft {
        collector_name: String::new(),
        id_number: String::new(),
        signature: Signature::default(),
        ..draft()
    }
    .validate(today())
    .unwrap_err();
    assert_eq!(errors.len(), 3);
    assert!(errors[1].message.contains("证件号码"));
    assert!(errors[2].message.contains("签名"));
}

/// Each release rule of DOMAIN.md §4.
#[test]
fn release_rules() {
    type Edit = fn(&mut ReleaseFacts, &mut Pickup);
    let pickup = draft().validate(today()).unwrap();
    assert_eq!(
        check_release(&facts(), &pickup).map(|l| l.stage),
        Ok(Stage::PickedUp)
    );
    let cases: [(&str, Edit, &str); 7] = [
        (
            "not arrived",
            |f, _| {
                f.life = Life {
                    stage: Stage::Departed,
                    flow: Stage::Departed,
                };
            },
            "还没到站",
        ),
        (
            "controlled, not authorized",
            |f, _| f.controlled_release = true,
            "尚未授权",
        ),
        ("too many pieces", |_, p| p.pieces = 13, "只剩 12 件"),
        ("unpaid", |_, p| p.payment = None, "须先收清提付运费"),
        (
            "underpaid",
            |_, p| {
                if let Some(pay) = p.payment.as_mut() {
                    pay.amount_yuan = d("200");
                }
            },
            "应收 255.00 元，本次收 200.00 元",
        ),
        (
            "overpaid",
            |_, p| {
                if let Some(pay) = p.payment.as_mut() {
                    pay.amount_yuan = d("300");
                }
            },
            "多于应收",
        ),
        (
            "already collected",
            |f, _| {
                f.life = Life {
                    stage: Stage::PickedUp,
                    flow: Stage::PickedUp,
                };
            },
            "已经交付",
        ),
    ];
    for (name, edit, words) in cases {
        let (mut f, mut p) = (facts(), pickup.clone());
        edit(&mut f, &mut p);
        let refusal = check_release(&f, &p).unwrap_err();
        assert!(refusal.contains(words), "{name}: {refusal}");
    }
    // Authorized controlled goods go.
    let authorized = ReleaseFacts {
        controlled_release: true,
        authorized: true,
        ..facts()
    };
    assert!(check_release(&authorized, &pickup).is_ok());
}

/// Partial pickups: the first settles the money, the last completes the waybill.
#[test]
fn partial_pickups() {
    let first = Pickup {
        pieces: 5,
        ..draft().validate(today()).unwrap()
    };
    assert_eq!(
        check_release(&facts(), &first).map(|l| l.stage),
        Ok(Stage::Notified)
    );
    let later = ReleaseFacts {
        pieces_released: 5,
        dues: Dues {
            collect_yuan: d("255"),
            paid_yuan: d("255"),
            ..Dues::default()
        },
        ..facts()
    };
    let rest = Pickup {
        pieces: 7,
        payment: None,
        ..first
    };
    assert_eq!(
        check_release(&later, &rest).map(|l| l.stage),
        Ok(Stage::PickedUp)
    );
}

#[test]
fn authorization_needs_its_evidence() {
    let photo = AuthorizationDraft {
        method: AuthorizationMethod::RedCopyPhoto,
        photo_path: String::new(),
        shipper_contact: "张老板".into(),
        note: String::new(),
    };
    assert!(photo.validate().unwrap_err().contains("红单照片"));
    let photo = AuthorizationDraft {
        photo_path: "/home/clerk/红单.jpg".into(),
        ..photo
    };
    assert!(photo.validate().is_ok());
    let call = AuthorizationDraft {
        method: AuthorizationMethod::PhoneCall,
        photo_path: String::new(),
        shipper_contact: " ".into(),
        note: String::new(),
    };
    assert!(call.validate().unwrap_err().contains("电话"));
}

fn delivery() -> DeliveryDraft {
    DeliveryDraft {
        address: "湘潭县易俗河镇建设路 18 号".into(),
        mode: DeliveryMode::Distribution,
        driver: "赵师傅".into(),
        added_fee: "50".into(),
        payment_amount: "305".into(),
        payment_channel: Some(PayChannel::Cash),
        note: String::new(),
    }
}

/// Self-pickup changed to delivery: the fee is added and 提付 collected first.
#[test]
fn self_pickup_changed_to_delivery() {
    let task = delivery().validate(true).unwrap();
    assert_eq!(task.added_fee_yuan, d("50.00"));
    assert_eq!(
        check_send_out(&facts(), &task).map(|l| l.stage),
        Ok(Stage::Notified)
    );
    let no_fee = DeliveryDraft {
        added_fee: String::new(),
        ..delivery()
    };
    assert!(no_fee.validate(true).unwrap_err().contains("送货费"));
    let fee_only = DeliveryDraft {
        payment_amount: "50".into(),
        ..delivery()
    }
    .validate(true)
    .unwrap();
    let refusal = check_send_out(&facts(), &fee_only).unwrap_err();
    assert!(refusal.contains("提付运费和送货费"), "{refusal}");
    assert!(refusal.contains("应收 305.00 元"), "{refusal}");
    // A waybill issued for delivery: the driver may collect 提付.
    let ordinary = DeliveryDraft {
        added_fee: String::new(),
        payment_amount: String::new(),
        ..delivery()
    }
    .validate(false)
    .unwrap();
    assert!(check_send_out(&facts(), &ordinary).is_ok());
    let controlled = ReleaseFacts {
        controlled_release: true,
        ..facts()
    };
    assert!(
        check_send_out(&controlled, &ordinary)
            .unwrap_err()
            .contains("尚未授权")
    );
    assert!(
        delivery().validate(false).is_err(),
        "no fee on delivery waybills"
    );
    let pickup_mode = DeliveryDraft {
        mode: DeliveryMode::SelfPickup,
        ..delivery()
    };
    assert!(pickup_mode.validate(true).is_err());
}

#[test]
fn delivery_results() {
    let pay = Payment {
        amount_yuan: d("255"),
        channel: PayChannel::Cash,
    };
    assert_eq!(
        check_delivery_result(&facts(), DeliveryResult::Delivered, Some(&pay)).map(|l| l.stage),
        Ok(Stage::Delivered)
    );
    assert!(
        check_delivery_result(&facts(), DeliveryResult::Delivered, None)
            .unwrap_err()
            .contains("须先收清")
    );
    let refused = check_delivery_result(&facts(), DeliveryResult::Refused, None).unwrap();
    assert_eq!(
        refused,
        Life {
            stage: Stage::Exception,
            flow: Stage::Notified
        }
    );
    for r in DeliveryResult::ALL {
        assert_eq!(DeliveryResult::from_label(r.label()), Some(r));
    }
    for c in PayChannel::ALL {
        assert_eq!(PayChannel::from_label(c.label()), Some(c));
    }
}

/// 代收货款 (issue 17): release waits for it with the 提付; the payment splits into the
/// shipper's money first and the station's dues; goods going out for delivery owe it only
/// on delivery (送达).
#[test]
fn the_goods_price_is_collected_before_release() {
    let with_cod = ReleaseFacts {
        dues: Dues {
            collect_yuan: d("255"),
            cod_yuan: d("5000"),
            ..Dues::default()
        },
        ..facts()
    };
    let pickup = draft().validate(today()).unwrap();
    let refusal = check_release(&with_cod, &pickup).unwrap_err();
    assert!(refusal.contains("须先收清提付运费和代收货款"), "{refusal}");
    assert!(refusal.contains("应收 5255.00 元"), "{refusal}");
    let paid = Pickup {
        payment: Some(Payment {
            amount_yuan: d("5255"),
            channel: PayChannel::WeChat,
        }),
        ..pickup
    };
    assert!(check_release(&with_cod, &paid).is_ok());
    let (cod, own) = with_cod.dues.split(paid.payment.as_ref());
    assert_eq!(
        cod.map(|p| (p.amount_yuan, p.channel)),
        Some((d("5000"), PayChannel::WeChat))
    );
    assert_eq!(own.map(|p| p.amount_yuan), Some(d("255")));
    assert_eq!(with_cod.dues.split(None), (None, None));
    // Only the goods' price owed (现付 freight): all of it is the shipper's.
    let only_cod = Dues {
        cod_yuan: d("800"),
        ..Dues::default()
    };
    let pay = Payment {
        amount_yuan: d("800"),
        channel: PayChannel::Cash,
    };
    assert_eq!(only_cod.split(Some(&pay)), (Some(pay), None));
    assert!(
        only_cod
            .check_settled_by(None)
            .unwrap_err()
            .contains("代收货款")
    );
    // 货款扣 of ¥255 with a ¥50 fee from the goods' money: the station keeps ¥305 of the
    // ¥5000 collected, the shipper's ledger gets ¥4695.
    let deducted = Dues {
        cod_yuan: d("5000"),
        cod_kept_yuan: d("305"),
        ..Dues::default()
    };
    let all = Payment {
        amount_yuan: d("5000"),
        channel: PayChannel::Bank,
    };
    let (shippers, stations) = deducted.split(Some(&all));
    assert_eq!(shippers.map(|p| p.amount_yuan), Some(d("4695")));
    assert_eq!(stations.map(|p| p.amount_yuan), Some(d("305")));

    // Out for delivery: the driver takes the goods with 提付 unpaid and no 代收货款 asked;
    // 送达 needs both.
    let ordinary = DeliveryDraft {
        added_fee: String::new(),
        payment_amount: String::new(),
        ..delivery()
    }
    .validate(false)
    .unwrap();
    assert!(check_send_out(&with_cod, &ordinary).is_ok());
    let freight_only = Payment {
        amount_yuan: d("255"),
        channel: PayChannel::Cash,
    };
    assert!(
        check_delivery_result(&with_cod, DeliveryResult::Delivered, Some(&freight_only))
            .unwrap_err()
            .contains("代收货款")
    );
    let all = Payment {
        amount_yuan: d("5255"),
        channel: PayChannel::Cash,
    };
    assert!(check_delivery_result(&with_cod, DeliveryResult::Delivered, Some(&all)).is_ok());
}
