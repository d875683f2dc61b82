//! Tests of `domain::desk::waybill`.

use super::*;
use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::rates::{FeeSettings, RateTable};
use crate::domain::desk::screening::default_list;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn rates() -> RateTable {
    crate::demo::samples::rate_table()
}

fn good_draft() -> WaybillDraft {
    WaybillDraft {
        pieces: "12".into(),
        weight_kg: "300".into(),
        volume_m3: "1.2".into(),
        ..WaybillDraft::sample()
    }
}

fn check(draft: &WaybillDraft) -> Result<Waybill, Vec<FieldError>> {
    let rates = rates();
    let prohibited = default_list();
    let ctx = ValidationContext::priced(&rates, &prohibited);
    draft.validate(&ctx)
}

fn error_fields(draft: &WaybillDraft) -> Vec<Field> {
    check(draft)
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect()
}

#[test]
fn a_good_draft_validates_and_prices() {
    let waybill = check(&good_draft()).unwrap();
    assert_eq!(waybill.dest_name, "湘潭市 湘潭县");
    assert_eq!(waybill.rate_freight_yuan, Some(d("255.00")));
    assert_eq!(waybill.freight_yuan, d("255.00"));
    assert_eq!(waybill.total_yuan, d("255.00"));
    assert_eq!(waybill.consignee.phone.as_str(), "0731-57123456");
    assert!(waybill.rule_remarks().is_empty());
    assert_eq!(waybill.short_charge_yuan(), None);
}

#[test]
fn each_bad_field_is_named() {
    type Edit = fn(&mut WaybillDraft);
    let cases: &[(&str, Edit, Field)] = &[
        (
            "no destination",
            |d| d.dest_code.clear(),
            Field::Destination,
        ),
        (
            "city code",
            |d| d.dest_code = "430300".into(),
            Field::Destination,
        ),
        (
            "no shipper",
            |d| d.shipper_name = "  ".into(),
            Field::ShipperName,
        ),
        (
            "short mobile",
            |d| d.shipper_phone = "1391234567".into(),
            Field::ShipperPhone,
        ),
        (
            "no consignee",
            |d| d.consignee_name.clear(),
            Field::ConsigneeName,
        ),
        (
            "bad landline",
            |d| d.consignee_phone = "0731-123".into(),
            Field::ConsigneePhone,
        ),
        ("no goods", |d| d.goods_name.clear(), Field::GoodsName),
        ("zero pieces", |d| d.pieces = "0".into(), Field::Pieces),
        (
            "fractional pieces",
            |d| d.pieces = "1.5".into(),
            Field::Pieces,
        ),
        (
            "too many pieces",
            |d| d.pieces = "10000".into(),
            Field::Pieces,
        ),
        ("zero weight", |d| d.weight_kg = "0".into(), Field::WeightKg),
        (
            "negative weight",
            |d| d.weight_kg = "-5".into(),
            Field::WeightKg,
        ),
        (
            "impossible weight",
            |d| d.weight_kg = "90000".into(),
            Field::WeightKg,
        ),
        (
            "denser than steel",
            |d| d.volume_m3 = "0.01".into(),
            Field::WeightKg,
        ),
        ("no volume", |d| d.volume_m3.clear(), Field::VolumeM3),
        (
            "volume not a number",
            |d| d.volume_m3 = "一方".into(),
            Field::VolumeM3,
        ),
        (
            "delivery without address",
            |d| d.delivery = DeliveryMode::Upstairs,
            Field::DeliveryAddress,
        ),
        (
            "negative declared value",
            |d| d.declared_value = "-1".into(),
            Field::DeclaredValue,
        ),
        (
            "receipt copies",
            |d| d.receipt_copies = "x".into(),
            Field::ReceiptCopies,
        ),
        (
            "transfer without rebate",
            |d| d.transfer = true,
            Field::TransferRebate,
        ),
        (
            "damaged without note",
            |d| d.condition = Condition::Leaking,
            Field::ConditionNote,
        ),
        (
            "bad date",
            |d| d.arrival_date = "明天".into(),
            Field::ArrivalDate,
        ),
        (
            "prohibited goods",
            |d| d.goods_name = "汽油".into(),
            Field::GoodsName,
        ),
        (
            "declared dangerous",
            |d| d.dangerous = true,
            Field::Dangerous,
        ),
        ("bad freight", |d| d.freight = "abc".into(), Field::Freight),
    ];
    for (name, edit, field) in cases {
        let mut draft = good_draft();
        edit(&mut draft);
        assert_eq!(error_fields(&draft), vec![*field], "{name}");
    }
}

#[test]
fn all_errors_at_once() {
    let fields = error_fields(&WaybillDraft::default());
    for f in [
        Field::Destination,
        Field::ShipperName,
        Field::ShipperPhone,
        Field::ConsigneeName,
        Field::ConsigneePhone,
        Field::GoodsName,
        Field::Pieces,
        Field::WeightKg,
        Field::VolumeM3,
    ] {
        assert!(fields.contains(&f), "{f:?} in {fields:?}");
    }
}

#[test]
fn characters_the_font_cannot_print_are_refused_naming_the_field() {
    let rates = rates();
    let no_emoji = |c: char| u32::from(c) < 0x1_F000;
    let ctx = ValidationContext {
        divisions: Divisions::bundled(),
        rates: &rates,
        fees: &FeeSettings::default(),
        prohibited: &[],
        printable: &no_emoji,
    };
    let mut draft = good_draft();
    draft.shipper_name = "宏达服装🙂".into();
    draft.remarks = "易碎🍶".into();
    let errors = draft.validate(&ctx).unwrap_err();
    let found: Vec<(Field, &str)> = errors
        .iter()
        .map(|e| (e.field, e.message.as_str()))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, Field::ShipperName);
    assert!(found[0].1.contains("「🙂」无法打印"), "{}", found[0].1);
    assert_eq!(found[1].0, Field::Remarks);
    // An empty name keeps its own error, one per field.
    draft.shipper_name = "  ".into();
    draft.remarks.clear();
    let errors = draft.validate(&ctx).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("请填写发货方"),
        "{}",
        errors[0].message
    );
}

#[test]
fn short_charge_is_marked() {
    let mut draft = good_draft();
    draft.freight = "200".into();
    let waybill = check(&draft).unwrap();
    assert_eq!(waybill.freight_yuan, d("200.00"));
    assert_eq!(waybill.short_charge_yuan(), Some(d("55.00")));
    draft.freight = "300".into();
    assert_eq!(check(&draft).unwrap().short_charge_yuan(), None);
}

#[test]
fn no_rate_needs_manual_freight() {
    let mut draft = good_draft();
    draft.dest_code = "110105".into();
    assert_eq!(error_fields(&draft), vec![Field::Freight]);
    draft.freight = "400".into();
    let waybill = check(&draft).unwrap();
    assert_eq!(
        (waybill.rate_freight_yuan, waybill.short_charge_yuan()),
        (None, None)
    );
}

#[test]
fn rule_remarks() {
    let mut draft = good_draft();
    draft.fragile = true;
    draft.declared_value = "3000".into();
    draft.controlled_release = true;
    draft.delivery = DeliveryMode::Upstairs;
    draft.delivery_address = "湘潭县易俗河镇建设路 18 号 3 楼".into();
    draft.receipt_copies = "2".into();
    draft.transfer = true;
    draft.transfer_rebate = "20".into();
    let waybill = check(&draft).unwrap();
    assert_eq!(
        waybill.rule_remarks(),
        vec![
            "货损自负",
            "保丢不保损",
            "等通知放货",
            "送货（上楼）：湘潭县易俗河镇建设路 18 号 3 楼",
            "签回单 2 份",
            "中转，回扣 20.00 元",
        ]
    );
    assert_eq!(waybill.premium_yuan, d("10.00"));
    assert_eq!(waybill.delivery_fee_yuan, d("50.00"));
    assert_eq!(waybill.total_yuan, d("315.00"));
}

#[test]
fn unpacked_goods_and_long_term_damage() {
    let mut draft = good_draft();
    draft.packaging = Packaging::Unpacked;
    assert_eq!(check(&draft).unwrap().rule_remarks(), vec!["货损自负"]);
    draft.shipper_bears_damage = true;
    assert_eq!(
        check(&draft).unwrap().rule_remarks(),
        vec!["货损由发货方自负"]
    );
}

#[test]
fn draft_round_trip() {
    let mut draft = good_draft();
    draft.declared_value = "5000".into();
    draft.delivery = DeliveryMode::Distribution;
    draft.delivery_address = "湘潭县易俗河镇".into();
    let waybill = check(&draft).unwrap();
    assert_eq!(check(&waybill.to_draft()).unwrap(), waybill);
}

#[test]
fn numbering() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert_eq!(waybill_number("GZ", date, 7), "GZ2611230007");
}

#[test]
fn labels_round_trip() {
    for p in PaymentMethod::ALL {
        assert_eq!(PaymentMethod::from_label(p.label()), Some(*p));
    }
    assert_eq!(
        DeliveryMode::from_label("送货卸货"),
        Some(DeliveryMode::DeliverUnload)
    );
    assert_eq!(Field::from_label("到站"), Some(Field::Destination));
}

/// M2: 回单付 needs at least one receipt copy to be collected against; the other
/// methods may have none.
#[test]
fn pay_on_receipt_needs_a_receipt_copy() {
    for (payment, copies, ok) in [
        (PaymentMethod::OnReceipt, "", false),
        (PaymentMethod::OnReceipt, "0", false),
        (PaymentMethod::OnReceipt, "1", true),
        (PaymentMethod::Collect, "", true),
        (PaymentMethod::PayNow, "0", true),
    ] {
        let draft = WaybillDraft {
            payment,
            receipt_copies: copies.into(),
            ..good_draft()
        };
        match check(&draft) {
            Ok(_) => assert!(ok, "{payment:?} {copies:?} accepted"),
            Err(errors) => {
                assert!(!ok, "{payment:?} {copies:?} refused: {errors:?}");
                let error = errors
                    .iter()
                    .find(|e| e.field == Field::ReceiptCopies)
                    .expect("on 回单份数");
                assert!(error.message.contains("回单付"), "{}", error.message);
            }
        }
    }
}

/// 代收货款 (issue 17): the fee by the settings, added to the total only when paid with
/// the freight; what is paid back; the remark printed on every copy.
#[test]
fn cod_fee_total_and_payback() {
    // Freight 255.00 by the table; 1% of 5000 = 50.00.
    for (payer, payment, total, payback) in [
        (
            CodFeePayer::FromGoodsMoney,
            PaymentMethod::Collect,
            "255.00",
            "4950.00",
        ),
        (
            CodFeePayer::WithFreight,
            PaymentMethod::Collect,
            "305.00",
            "5000.00",
        ),
        (
            CodFeePayer::FromGoodsMoney,
            PaymentMethod::CodDeduct,
            "255.00",
            "4695.00",
        ),
        (
            CodFeePayer::WithFreight,
            PaymentMethod::CodDeduct,
            "305.00",
            "4695.00",
        ),
    ] {
        let waybill = check(&WaybillDraft {
            cod: "5000".into(),
            cod_fee_payer: payer,
            payment,
            ..good_draft()
        })
        .unwrap();
        assert_eq!(waybill.cod_yuan, d("5000.00"));
        assert_eq!(waybill.cod_fee_yuan, d("50.00"));
        assert_eq!(waybill.total_yuan, d(total), "{payer:?} {payment:?}");
        assert_eq!(
            waybill.cod_payback_yuan(),
            d(payback),
            "{payer:?} {payment:?}"
        );
        assert!(
            waybill.rule_remarks()[0].starts_with("代收货款 5000.00 元（手续费 50.00 元"),
            "{:?}",
            waybill.rule_remarks()
        );
        // Read back for 修改 and validated again, it is the same waybill.
        assert_eq!(check(&waybill.to_draft()).unwrap(), waybill);
    }
    let none = check(&good_draft()).unwrap();
    assert!(!none.collects_cod());
    assert_eq!(
        (none.cod_fee_yuan, none.cod_payback_yuan()),
        (d("0"), d("0"))
    );
    assert!(none.rule_remarks().iter().all(|r| !r.contains("代收")));
}

/// Bad 代收货款: negative or not money; 货款扣 with nothing to take the freight from, or
/// less than the charges.
#[test]
fn cod_bad_input_is_refused_on_its_field() {
    for (cod, payment, words) in [
        ("-100", PaymentMethod::Collect, "不能为负数"),
        ("一千", PaymentMethod::Collect, "不是有效的金额"),
        ("", PaymentMethod::CodDeduct, "请填写代收货款"),
        ("200", PaymentMethod::CodDeduct, "扣不下"),
    ] {
        let errors = check(&WaybillDraft {
            cod: cod.into(),
            payment,
            ..good_draft()
        })
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{cod}: {errors:?}");
        assert_eq!(errors[0].field, Field::Cod);
        assert!(
            errors[0].message.contains(words),
            "{cod}: {}",
            errors[0].message
        );
    }
    // Exactly enough: 255.00 freight + 3.00 minimum fee.
    assert!(
        check(&WaybillDraft {
            cod: "258".into(),
            payment: PaymentMethod::CodDeduct,
            ..good_draft()
        })
        .is_ok()
    );
}
