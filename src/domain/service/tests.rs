//! Tests of `domain::service`.

use super::*;
use crate::domain::desk::screening::default_list;
use std::str::FromStr;

/// One case's change to a good draft.
type Change<T> = fn(&mut T);

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    parse_minute(text).unwrap()
}

fn rates() -> RateTable {
    crate::demo::samples::rate_table()
}

fn draft() -> QuoteDraft {
    QuoteDraft {
        dest_code: "430321".into(),
        caller_name: "王先生".into(),
        phone: "139 1234 5678".into(),
        goods_name: "服装".into(),
        weight_kg: "300".into(),
        volume_m3: "1.2".into(),
        declared_value: String::new(),
        delivery: false,
        pieces: "12".into(),
        packaging: Some(Packaging::Carton),
    }
}

/// DOMAIN.md §5: a phone quote is priced by the rate table with its parts — freight
/// max(weight × heavy, volume × light, minimum), premium, delivery fee, total.
#[test]
fn phone_quote_priced_by_the_rate_table() {
    let table = rates();
    let fees = FeeSettings::default();
    let prohibited = default_list();
    let ctx = QuoteContext {
        divisions: Divisions::bundled(),
        rates: &table,
        fees: &fees,
        prohibited: &prohibited,
    };
    // (change, freight, premium, delivery fee, total)
    let cases: [(Change<QuoteDraft>, &str, &str, &str, &str); 4] = [
        (|_| {}, "255.00", "0", "0", "255.00"),
        (
            |q| q.declared_value = "3000".into(),
            "255.00",
            "10",
            "0",
            "265.00",
        ),
        (|q| q.delivery = true, "255.00", "0", "50", "305.00"),
        (
            |q| {
                q.weight_kg = "10".into();
                q.volume_m3 = "0.05".into();
            },
            "30",
            "0",
            "0",
            "30",
        ),
    ];
    for (change, freight, premium, fee, total) in cases {
        let mut q = draft();
        change(&mut q);
        let quoted = q.validate(&ctx).unwrap();
        assert_eq!(quoted.price.freight_yuan, d(freight), "{q:?}");
        assert_eq!(quoted.price.premium_yuan, d(premium), "{q:?}");
        assert_eq!(quoted.price.delivery_fee_yuan, d(fee), "{q:?}");
        assert_eq!(quoted.price.total_yuan, d(total), "{q:?}");
        assert_eq!(quoted.request.phone, "13912345678");
    }
}

/// The quote panel's fields are checked like the waybill's, in Chinese, per field.
#[test]
fn phone_quote_field_problems() {
    let table = rates();
    let fees = FeeSettings::default();
    let prohibited = default_list();
    let ctx = QuoteContext {
        divisions: Divisions::bundled(),
        rates: &table,
        fees: &fees,
        prohibited: &prohibited,
    };
    let cases: [(Change<QuoteDraft>, QuoteField, &str); 8] = [
        (
            |q| q.dest_code.clear(),
            QuoteField::Destination,
            "请选择到站",
        ),
        (
            |q| q.dest_code = "110105".into(),
            QuoteField::Destination,
            "报价表里没有到站",
        ),
        (|q| q.phone = "123".into(), QuoteField::Phone, ""),
        (
            |q| q.goods_name.clear(),
            QuoteField::GoodsName,
            "请填写品名",
        ),
        (
            |q| q.goods_name = "汽油".into(),
            QuoteField::GoodsName,
            "汽油",
        ),
        (
            |q| q.weight_kg = "abc".into(),
            QuoteField::WeightKg,
            "不是有效的数字",
        ),
        (
            |q| q.volume_m3 = "0".into(),
            QuoteField::VolumeM3,
            "须大于 0",
        ),
        (
            |q| q.declared_value = "-5".into(),
            QuoteField::DeclaredValue,
            "不能为负数",
        ),
    ];
    for (change, field, words) in cases {
        let mut q = draft();
        change(&mut q);
        let problems = q.validate(&ctx).unwrap_err();
        let found = problems.iter().find(|p| p.field == field);
        assert!(
            found.is_some_and(|p| p.message.contains(words)),
            "{q:?}: {problems:?}"
        );
    }
}

/// DOMAIN.md §5: every question or complaint is recorded with who asked, when and what;
/// the draft refuses what cannot be recorded.
#[test]
fn service_item_field_problems() {
    let now = at("2026-11-23 10:00");
    let good = ServiceDraft {
        received_at: "2026-11-23 09:30".into(),
        caller_name: "王先生".into(),
        phone: "13912345678".into(),
        waybill_number: " gz2611230001 ".into(),
        category: ServiceCategory::Complaint,
        channel: super::complaints::Channel::WeChat,
        cause: Some(super::complaints::Cause::Delay),
        question: "货三天还没到".into(),
        handler_id: "A01".into(),
    };
    let entry = good.validate(now).unwrap();
    assert_eq!(entry.received_at, at("2026-11-23 09:30"));
    assert_eq!(entry.waybill_number, "GZ2611230001");
    let blank_time = ServiceDraft {
        received_at: String::new(),
        ..good.clone()
    };
    assert_eq!(blank_time.validate(now).unwrap().received_at, now);
    assert_eq!(
        good.validate(now).unwrap().cause,
        Some(super::complaints::Cause::Delay)
    );
    // A question keeps no cause; a complaint needs one.
    let question = ServiceDraft {
        category: ServiceCategory::Question,
        ..good.clone()
    };
    assert_eq!(question.validate(now).unwrap().cause, None);
    let cases: [(Change<ServiceDraft>, ServiceField); 7] = [
        (|s| s.cause = None, ServiceField::Cause),
        (|s| s.received_at = "昨天".into(), ServiceField::ReceivedAt),
        (
            |s| s.received_at = "2026-11-24 09:00".into(),
            ServiceField::ReceivedAt,
        ),
        (
            |s| {
                s.caller_name.clear();
                s.phone.clear();
            },
            ServiceField::CallerName,
        ),
        (|s| s.phone = "12".into(), ServiceField::Phone),
        (|s| s.question = "  ".into(), ServiceField::Question),
        (|s| s.handler_id.clear(), ServiceField::Handler),
    ];
    for (change, field) in cases {
        let mut s = good.clone();
        change(&mut s);
        let problems = s.validate(now).unwrap_err();
        assert!(
            problems.iter().any(|p| p.field == field),
            "{s:?}: {problems:?}"
        );
    }
    assert!(check_outcome(" ").is_err());
    assert_eq!(check_outcome(" 已答复 ").unwrap(), "已答复");
}

fn item(id: i64, received: &str, answered: Option<&str>) -> ServiceFacts {
    ServiceFacts {
        id,
        received_at: at(received),
        handler_id: "A01".into(),
        category: ServiceCategory::Complaint,
        caller: "王先生 13912345678".into(),
        waybill_number: "GZ2611230001".into(),
        answered_at: answered.map(at),
    }
}

/// P14 (DOMAIN.md §7 row 14): not answered within the set hours — answered late or
/// still open past them — is one event for the handler; in time is none.
#[test]
fn p14_customer_problem_not_answered_in_time() {
    let month = Month::of(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    // (received, answered, as of, hours, expected overdue hours)
    let cases = [
        (
            "2026-11-20 09:00",
            Some("2026-11-20 18:00"),
            "2026-11-30 10:00",
            24,
            None,
        ),
        (
            "2026-11-20 09:00",
            Some("2026-11-21 09:00"),
            "2026-11-30 10:00",
            24,
            None,
        ),
        (
            "2026-11-20 09:00",
            Some("2026-11-21 10:00"),
            "2026-11-30 10:00",
            24,
            Some(25),
        ),
        ("2026-11-20 09:00", None, "2026-11-21 08:00", 24, None),
        ("2026-11-20 09:00", None, "2026-11-22 09:00", 24, Some(48)),
        ("2026-11-20 09:00", None, "2026-11-20 14:00", 4, Some(5)),
        // Received in another month: that month's event.
        ("2026-10-30 09:00", None, "2026-11-22 09:00", 24, None),
    ];
    for (received, answered, as_of, hours, expected) in cases {
        let records = ServiceRecords {
            as_of: at(as_of),
            answer_within_hours: hours,
            items: vec![item(7, received, answered)],
        };
        let found = detect_late_answers(month, &records);
        match expected {
            None => assert!(
                found.is_empty(),
                "{received} {answered:?} {as_of}: {found:?}"
            ),
            Some(h) => {
                assert_eq!(found.len(), 1, "{received} {answered:?} {as_of}");
                let e = &found[0];
                assert_eq!(e.evidence_key, "service:7");
                assert_eq!(e.event.code, EventCode::Rule(Rule::P14));
                assert_eq!(e.event.staff_id, "A01");
                assert_eq!(e.event.day, at(received).date());
                assert_eq!(e.event.waybill_number, "GZ2611230001");
                assert!(
                    e.event.note.contains(&format!("{h} 小时")),
                    "{}",
                    e.event.note
                );
                assert!(e.event.note.contains("咨询投诉 #7"), "{}", e.event.note);
            }
        }
    }
}

/// P19 (DOMAIN.md §7 row 19): only a complaint becomes a P19 event, naming its log
/// item and waybill as evidence.
#[test]
fn p19_customer_complaint() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let cases = [
        (ServiceCategory::Complaint, true),
        (ServiceCategory::Question, false),
        (ServiceCategory::Tracking, false),
        (ServiceCategory::Claim, false),
        (ServiceCategory::Other, false),
    ];
    for (category, becomes) in cases {
        let mut facts = item(3, "2026-11-20 09:00", None);
        facts.category = category;
        let made = complaint_event(&facts, "态度差", "A02", day);
        assert_eq!(made.is_ok(), becomes, "{category:?}");
        if let Ok(event) = made {
            assert_eq!(event.code, EventCode::Rule(Rule::P19));
            assert_eq!(event.staff_id, "A02");
            assert_eq!(event.waybill_number, "GZ2611230001");
            assert!(event.note.contains("咨询投诉 #3"), "{}", event.note);
            assert!(event.note.contains("态度差"), "{}", event.note);
        }
    }
    for c in ServiceCategory::ALL {
        assert_eq!(ServiceCategory::from_label(c.label()), Some(*c));
    }
}

/// 制度三.2: a quote asks the pieces and the packaging too; without them it is not given.
#[test]
fn a_quote_asks_pieces_and_packaging() {
    let table = rates();
    let fees = FeeSettings::default();
    let ctx = QuoteContext {
        divisions: Divisions::bundled(),
        rates: &table,
        fees: &fees,
        prohibited: &[],
    };
    for (pieces, packaging, field, words) in [
        (
            "",
            Some(Packaging::Carton),
            QuoteField::Pieces,
            "请问清件数",
        ),
        ("0", Some(Packaging::Carton), QuoteField::Pieces, "1–9999"),
        ("两件", Some(Packaging::Carton), QuoteField::Pieces, "整数"),
        ("3", None, QuoteField::Packaging, "请问清包装"),
    ] {
        let problems = QuoteDraft {
            pieces: pieces.into(),
            packaging,
            ..draft()
        }
        .validate(&ctx)
        .unwrap_err();
        assert_eq!(problems.len(), 1, "{pieces}: {problems:?}");
        assert_eq!(problems[0].field, field);
        assert!(
            problems[0].message.contains(words),
            "{}",
            problems[0].message
        );
    }
    let quote = draft().validate(&ctx).unwrap();
    assert_eq!(
        (quote.request.pieces, quote.request.packaging),
        (12, Some(Packaging::Carton))
    );
}
