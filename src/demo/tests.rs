//! Tests of `demo::..::demo`.

use super::*;
use crate::domain::desk::waybill::WaybillStatus;
use crate::storage::waybills::WaybillQuery;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

#[test]
fn every_demo_code_exists() {
    let divisions = Divisions::bundled();
    for dest in DESTINATIONS {
        assert!(divisions.by_code(dest.code).is_some(), "{}", dest.code);
    }
    for (code, name, ..) in CONSIGNEES {
        assert!(divisions.by_code(code).is_some(), "{code} {name}");
        assert!(
            DESTINATIONS.iter().any(|d| d.code == *code),
            "{name}: {code} is not a demo destination"
        );
    }
    for s in SHIPPERS {
        for g in s.goods {
            assert!(GOODS.iter().any(|x| x.name == *g), "{g}");
        }
    }
    for (_, name, _, trade) in CONSIGNEES {
        assert!(GOODS.iter().any(|x| x.name == *trade), "{name} {trade}");
    }
}

#[test]
fn no_demo_goods_is_prohibited() {
    let list = default_list();
    for g in GOODS {
        assert!(screen(g.name, false, &list).is_none(), "{}", g.name);
    }
}

#[test]
fn rate_table_prices_every_destination_in_three_falling_bands() {
    let table = demo_rate_table();
    assert_eq!(table.rows().len(), DESTINATIONS.len() * 3);
    for dest in DESTINATIONS {
        let rows: Vec<&RateRow> = table
            .rows()
            .iter()
            .filter(|r| r.dest_code == dest.code)
            .collect();
        assert_eq!(rows.len(), 3, "{}", dest.code);
        for pair in rows.windows(2) {
            assert!(pair[0].heavy_yuan_per_kg > pair[1].heavy_yuan_per_kg);
            assert!(pair[0].light_yuan_per_m3 > pair[1].light_yuan_per_m3);
        }
        for r in rows {
            assert!((Decimal::new(40, 2)..=Decimal::new(120, 2)).contains(&r.heavy_yuan_per_kg));
            assert!((Decimal::from(80)..=Decimal::from(260)).contains(&r.light_yuan_per_m3));
            assert!((Decimal::from(20)..=Decimal::from(50)).contains(&r.minimum_yuan));
            assert!((Decimal::from(30)..=Decimal::from(80)).contains(&r.delivery_fee_yuan));
        }
    }
}

#[test]
fn generator_is_deterministic_and_in_range() {
    let mut a = SplitMix64::new(7);
    let mut b = SplitMix64::new(7);
    for _ in 0..1000 {
        let x = a.between(3, 9);
        assert_eq!(x, b.between(3, 9));
        assert!((3..=9).contains(&x));
    }
    assert_eq!(a.between(5, 5), 5);
    assert_eq!(a.index(0), 0);
    assert_eq!(a.pick::<u8>(&[]), None);
    assert_eq!(a.weighted(&[("x", 0)]), None);
    assert_eq!(a.weighted(&[("x", 0), ("y", 3)]), Some("y"));
}

#[test]
fn loads_a_living_week_into_an_empty_desk() {
    let mut db = Db::open_in_memory().unwrap();
    let summary = load_demo(&mut db, today()).unwrap();
    assert_eq!(summary.staff, 4);
    assert_eq!(summary.rate_rows, 96);
    assert_eq!(summary.destinations, 32);
    assert!((175..=420).contains(&summary.waybills), "{summary:?}");
    assert_eq!(
        db.waybill_count().unwrap(),
        u64::try_from(summary.waybills).unwrap()
    );
    assert_eq!(
        summary.to_string(),
        format!(
            "已载入演示数据：员工 4 人，报价 96 行（32 个到站），运单 {} 张",
            summary.waybills
        )
    );
    assert_eq!(db.record_problems().unwrap(), Vec::<String>::new());
    assert_eq!(db.staff().unwrap().len(), 4);
    assert_eq!(db.desk_settings().unwrap().station_name, "广州白云站");
    assert_eq!(db.rate_table().unwrap(), demo_rate_table());

    let all = db
        .find_waybills(&WaybillQuery {
            from: today().checked_sub_days(Days::new(6)),
            to: Some(today()),
            ..WaybillQuery::default()
        })
        .unwrap();
    assert_eq!(all.len(), summary.waybills);
    let short: Vec<_> = all
        .iter()
        .filter(|w| w.short_charge_yuan > Decimal::ZERO)
        .collect();
    assert_eq!(short.len(), SHORT_CHARGE_INDICES.len());
    let void: Vec<_> = all
        .iter()
        .filter(|w| w.status == WaybillStatus::Void)
        .collect();
    assert_eq!(void.len(), 1);
    assert_eq!(
        db.waybill_history(&void[0].number).unwrap()[1].reason,
        "客户取消托运"
    );
    let altered: Vec<_> = all.iter().filter(|w| w.alter_count == 1).collect();
    assert_eq!(altered.len(), 1);
    assert_eq!(
        db.waybill_history(&altered[0].number).unwrap()[1].changes[0].field,
        "件数"
    );

    // Every day of the week has 25 to 60 waybills, issued 08:00–21:00 by A01/A02.
    for days_back in 0..7 {
        let day = today().checked_sub_days(Days::new(days_back)).unwrap();
        let n = all.iter().filter(|w| w.issued_at.date() == day).count();
        assert!((25..=60).contains(&n), "{day}: {n}");
    }
    for w in &all {
        assert!((8..21).contains(&w.issued_at.hour()), "{}", w.issued_at);
        assert!(["A01", "A02"].contains(&w.clerk_id.as_str()));
    }
    let count = |label: &str| all.iter().filter(|w| w.payment == label).count();
    for payment in PaymentMethod::ALL {
        assert!(count(payment.label()) > 0, "{}", payment.label());
    }

    // The usual consignees of the busiest shipper are found.
    let first = db.waybill(&all[0].number).unwrap();
    let usual = db.usual_consignees(&first.waybill.shipper.phone).unwrap();
    assert!(!usual.is_empty());

    let refusals = db.refusals().unwrap();
    assert_eq!(refusals.len(), 2);
    assert!(refusals.iter().any(|r| r.reason.contains("汽油")));
}

#[test]
fn monthly_shippers_are_approved_so_no_clerk_owes() {
    let db = demo_copy(today()).unwrap();
    let since = crate::domain::desk::customers::unsettled_since(today());
    assert!(db.clerk_debts(since).unwrap().is_empty());
    let approved = db
        .find_customers("")
        .unwrap()
        .iter()
        .filter(|c| c.credit_limit_yuan.is_some())
        .count();
    assert!(approved >= 1, "{approved}");
}

#[test]
fn the_week_has_the_expected_mix() {
    let plan = Plan::draw(today()).unwrap();
    let n = plan.waybills.len();
    let share = |f: &dyn Fn(&Waybill) -> bool| {
        plan.waybills.iter().filter(|p| f(&p.waybill)).count() * 100 / n
    };
    let delivered = share(&|w| w.delivery.is_delivery());
    let insured = share(&|w| w.declared_value_yuan.is_some());
    let controlled = share(&|w| w.controlled_release);
    let receipts = share(&|w| w.receipt_copies > 0);
    let fragile = share(&|w| w.fragile);
    assert!((15..=35).contains(&delivered), "delivery {delivered}%");
    assert!((8..=22).contains(&insured), "insured {insured}%");
    assert!((4..=16).contains(&controlled), "controlled {controlled}%");
    assert!(receipts > 5, "receipts {receipts}%");
    assert!(fragile > 0, "fragile {fragile}%");
    for p in &plan.waybills {
        let w = &p.waybill;
        let density = w.weight_kg / w.volume_m3;
        assert!(
            (Decimal::from(60)..=Decimal::from(1000)).contains(&density),
            "{} kg / {} m3",
            w.weight_kg,
            w.volume_m3
        );
        assert!((1..=40).contains(&w.pieces) || w.packaging == Packaging::Pallet);
    }
    assert!(
        plan.waybills
            .iter()
            .any(|p| p.waybill.weight_kg >= Decimal::from(500))
    );
}

#[test]
fn the_same_day_gives_the_same_desk() {
    let a = Plan::draw(today()).unwrap();
    let b = Plan::draw(today()).unwrap();
    assert_eq!(a.waybills.len(), b.waybills.len());
    assert!(
        a.waybills
            .iter()
            .zip(&b.waybills)
            .all(|(x, y)| x.waybill == y.waybill && x.issued_at == y.issued_at)
    );
}

#[test]
fn a_desk_with_waybills_is_refused() {
    let mut db = demo_copy(today()).unwrap();
    let before = db.waybill_count().unwrap();
    let err = load_demo(&mut db, today()).unwrap_err();
    assert!(matches!(err, StorageError::Refused(_)), "{err}");
    assert!(err.to_string().contains("已有运单"));
    assert_eq!(db.waybill_count().unwrap(), before);
}

/// Issue 19: a new user opening the demo at any hour finds a 开单员 on duty — A02 after
/// last night's 晚班 until 08:30, A01 on 早班 by day, A02 again from 19:30.
#[test]
fn a_clerk_is_on_duty_at_every_hour_of_the_demo_day() {
    let db = demo_copy(today()).unwrap();
    for minute in (0..24 * 60).step_by(15) {
        let now = today().and_hms_opt(minute / 60, minute % 60, 0).unwrap();
        let on: Vec<&str> = ["A01", "A02"]
            .into_iter()
            .filter(|id| db.on_duty(id, now).unwrap().is_on_duty())
            .collect();
        assert!(!on.is_empty(), "nobody on duty at {now}");
    }
}
