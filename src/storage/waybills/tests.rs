//! Issuing, altering, voiding and finding waybills.

use super::search::search_sql;
use super::*;
use crate::domain::desk::waybill::{ValidationContext, WaybillDraft};
use crate::storage::sql::Dialect;

fn at(hour: u32) -> NaiveDateTime {
    crate::testing::time(2026, 11, 23, hour, 0)
}

fn waybill(shipper: &str, shipper_phone: &str, consignee_phone: &str, pieces: &str) -> Waybill {
    let draft = WaybillDraft {
        shipper_name: shipper.into(),
        shipper_phone: shipper_phone.into(),
        consignee_phone: consignee_phone.into(),
        pieces: pieces.into(),
        weight_kg: "300".into(),
        volume_m3: "1.2".into(),
        freight: "255".into(),
        ..WaybillDraft::sample()
    };
    draft.validate(&ValidationContext::lenient()).unwrap()
}

/// Issues `waybill` as A01 at `hour` on the 23rd.
fn issue(db: &mut Db, waybill: &Waybill, hour: u32) -> IssuedWaybill {
    db.issue_waybill(waybill, "A01", "GZ", at(hour)).unwrap()
}

/// The number of the [`waybill`] of `[shipper, shipper phone, consignee phone, pieces]`
/// issued as A01 at `hour` on the 23rd.
fn number_of(
    db: &mut Db,
    [shipper, shipper_phone, consignee_phone, pieces]: [&str; 4],
    hour: u32,
) -> String {
    issue(
        db,
        &waybill(shipper, shipper_phone, consignee_phone, pieces),
        hour,
    )
    .number
}

fn db() -> Db {
    crate::storage::staff::db_with(&[("A01", "张丽", "开单员")])
}

#[test]
fn a_waybill_issued_at_a_fraction_of_a_second_matches_its_history() {
    let mut db = db();
    let now = NaiveDate::from_ymd_opt(2026, 12, 5)
        .unwrap()
        .and_hms_nano_opt(18, 34, 26, 800_389_626)
        .unwrap();
    let w = waybill("宏达服装厂", "13912345678", "0731-57123456", "1");
    let issued = db.issue_waybill(&w, "A01", "GZ", now).unwrap();
    assert_eq!(issued.issued_at, super::super::whole_seconds(now));
    assert_eq!(db.check_history().unwrap(), Vec::<String>::new());
}

#[test]
fn numbers_run_per_day_and_prefix() {
    let mut db = db();
    let w = waybill("宏达服装厂", "13912345678", "0731-57123456", "1");
    let a = db.issue_waybill(&w, "A01", "GZ", at(9)).unwrap();
    let b = db.issue_waybill(&w, "A01", "GZ", at(10)).unwrap();
    let c = db
        .issue_waybill(&w, "A01", "GZ", at(10) + chrono::Days::new(1))
        .unwrap();
    assert_eq!(
        (a.number.as_str(), b.number.as_str(), c.number.as_str()),
        ("GZ2611230001", "GZ2611230002", "GZ2611240001")
    );
}

#[test]
fn unknown_clerk_is_refused() {
    let mut db = db();
    let w = waybill("宏达服装厂", "13912345678", "0731-57123456", "1");
    assert!(matches!(
        db.issue_waybill(&w, "Z99", "GZ", at(9)),
        Err(StorageError::Refused(_))
    ));
    assert_eq!(db.waybill_count().unwrap(), 0);
}

#[test]
fn history_and_waybills_refuse_changes_in_the_database() {
    let mut db = db();
    let w = waybill("宏达服装厂", "13912345678", "0731-57123456", "1");
    let issued = db.issue_waybill(&w, "A01", "GZ", at(9)).unwrap();
    for sql in [
        "UPDATE waybill_history SET reason = 'x'",
        "DELETE FROM waybill_history",
        "DELETE FROM waybills",
    ] {
        let err = db.sql().execute(sql, NO_ARGS).unwrap_err().to_string();
        assert!(err.contains("只能") || err.contains("不能"), "{sql}: {err}");
    }
    assert!(db.check_history().unwrap().is_empty());
    // A change made behind the program's back is found.
    db.sql()
        .execute(
            "UPDATE waybills SET freight_fen = 100 WHERE number = ?1",
            args![&issued.number],
        )
        .unwrap();
    let problems = db.check_history().unwrap();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains(&issued.number));
}

/// 代收货款 is stored with the waybill and read back whole; an alteration of it is in the
/// history like any field, and the history still checks.
#[test]
fn a_waybill_collecting_the_goods_price_keeps_it() {
    use crate::domain::desk::waybill::{CodFeePayer, Field, PaymentMethod};
    let mut db = db();
    let draft = WaybillDraft {
        pieces: "12".into(),
        weight_kg: "300".into(),
        volume_m3: "1.2".into(),
        freight: "255".into(),
        cod: "5000".into(),
        cod_fee_payer: CodFeePayer::WithFreight,
        payment: PaymentMethod::CodDeduct,
        ..WaybillDraft::sample()
    };
    let w = draft.validate(&ValidationContext::lenient()).unwrap();
    let issued = db.issue_waybill(&w, "A01", "GZ", at(9)).unwrap();
    let read = db.waybill(&issued.number).unwrap();
    assert_eq!(read.waybill, w);
    assert_eq!(
        (read.waybill.cod_fee_yuan, read.waybill.total_yuan),
        (Decimal::new(5000, 2), Decimal::new(30500, 2))
    );
    // 货款扣 is not paid at the counter: nothing enters the ledger at issue.
    assert!(db.ledger(&issued.number).unwrap().is_empty());
    let less = WaybillDraft {
        cod: "4000".into(),
        ..draft
    }
    .validate(&ValidationContext::lenient())
    .unwrap();
    let altered = db
        .alter_waybill(&issued.number, None, &less, "A01", "发货方改货款", at(10))
        .unwrap();
    assert_eq!(altered.waybill.cod_yuan, Decimal::new(400_000, 2));
    let history = db.waybill_history(&issued.number).unwrap();
    assert!(
        history[1]
            .changes
            .iter()
            .any(|c| c.field == Field::Cod.label()),
        "{:?}",
        history[1].changes
    );
    assert!(db.check_history().unwrap().is_empty());
}

#[test]
fn alter_and_void_rules() {
    let mut db = db();
    let w = waybill("宏达服装厂", "13912345678", "0731-57123456", "12");
    let issued = db.issue_waybill(&w, "A01", "GZ", at(9)).unwrap();
    let n = issued.number.as_str();
    let changed = waybill("宏达服装厂", "13912345678", "0731-57123456", "10");
    assert!(matches!(
        db.alter_waybill(n, None, &changed, "A01", "  ", at(10)),
        Err(StorageError::Refused(_))
    ));
    assert!(matches!(
        db.alter_waybill(n, None, &w, "A01", "没改", at(10)),
        Err(StorageError::Refused(_))
    ));
    let altered = db
        .alter_waybill(n, None, &changed, "A01", "客户更正件数", at(10))
        .unwrap();
    assert_eq!(altered.alter_count, 1);
    assert!(matches!(
        db.void_waybill(n, "A01", "", at(11)),
        Err(StorageError::Refused(_))
    ));
    db.void_waybill(n, "A01", "客户取消", at(11)).unwrap();
    assert!(matches!(
        db.alter_waybill(n, None, &w, "A01", "再改", at(12)),
        Err(StorageError::Refused(_))
    ));
    assert!(matches!(
        db.void_waybill(n, "A01", "再作废", at(12)),
        Err(StorageError::Refused(_))
    ));
    let history = db.waybill_history(n).unwrap();
    let actions: Vec<_> = history.iter().map(|h| h.action).collect();
    assert_eq!(
        actions,
        [
            HistoryAction::Issue,
            HistoryAction::Alter,
            HistoryAction::Void
        ]
    );
    assert!(db.check_history().unwrap().is_empty());
}

/// A 要求到货日期 before the issue day is refused at issue, and by an alteration that
/// sets it (later, the day still counts from the issue day); the issue day itself is
/// taken.
#[test]
fn an_arrival_date_before_the_issue_day_is_refused() {
    let mut db = db();
    let due = |day: u32| {
        let mut w = waybill("宏达服装厂", "13912345678", "0731-57123456", "2");
        w.arrival_date = NaiveDate::from_ymd_opt(2026, 11, day);
        w
    };
    let Err(StorageError::Refused(message)) = db.issue_waybill(&due(22), "A01", "GZ", at(9)) else {
        panic!("a date before the issue day is taken");
    };
    assert_eq!(message, "要求到货日期 2026-11-22 早于开单日 2026-11-23");
    assert_eq!(db.waybill_count().unwrap(), 0);
    let issued = db.issue_waybill(&due(23), "A01", "GZ", at(9)).unwrap();
    let n = issued.number.as_str();
    let late = crate::testing::time(2026, 11, 26, 9, 0);
    assert!(matches!(
        db.alter_waybill(n, None, &due(21), "A01", "客户改日期", late),
        Err(StorageError::Refused(m)) if m.contains("早于开单日 2026-11-23")
    ));
    db.alter_waybill(n, None, &due(25), "A01", "客户改日期", late)
        .unwrap();
}

/// Two counters open the same waybill to alter it: the first save wins, the second is
/// refused with who altered it and when, and nothing of the first is overwritten. Two
/// connections to one database (a file, or a schema on the test server), two threads.
#[test]
fn the_second_of_two_counters_altering_one_waybill_is_told_who_was_first() {
    let place = crate::storage::test_server::SharedPlace::new();
    let mut first = place.counter().unwrap();
    let clerks = [("A01", "张丽", "开单员"), ("B07", "王强", "开单员")];
    crate::storage::staff::hire(&first, &clerks);
    let w = waybill("宏达服装厂", "13912345678", "0731-57123456", "12");
    let issued = first.issue_waybill(&w, "A01", "GZ", at(9)).unwrap();
    let number = issued.number.clone();
    let mut second = place.counter().unwrap();
    // Both open it: no alteration yet.
    let seen_first = first.waybill(&number).unwrap().alter_count;
    let seen_second = second.waybill(&number).unwrap().alter_count;
    let ten = waybill("宏达服装厂", "13912345678", "0731-57123456", "10");
    let eleven = waybill("宏达服装厂", "13912345678", "0731-57123456", "11");
    let n = number.clone();
    let a = std::thread::spawn(move || {
        first
            .alter_waybill(&n, Some(seen_first), &ten, "B07", "客户更正件数", at(10))
            .map(|w| w.waybill.pieces)
    });
    let n = number.clone();
    let b = std::thread::spawn(move || {
        second
            .alter_waybill(&n, Some(seen_second), &eleven, "A01", "件数写错", at(10))
            .map(|w| w.waybill.pieces)
    });
    let results = [a.join().unwrap(), b.join().unwrap()];
    let saved: Vec<u32> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().copied())
        .collect();
    assert_eq!(saved.len(), 1, "{results:?}");
    let refusal = results
        .iter()
        .find_map(|r| r.as_ref().err())
        .unwrap()
        .to_string();
    let winner = if saved[0] == 10 {
        "B07 王强"
    } else {
        "A01 张丽"
    };
    assert!(
        refusal.contains(winner) && refusal.contains("修改"),
        "{refusal}"
    );
    assert!(refusal.contains("没有保存"), "{refusal}");
    // The winner's change stands, once.
    let third = place.counter().unwrap();
    let now = third.waybill(&number).unwrap();
    assert_eq!((now.waybill.pieces, now.alter_count), (saved[0], 1));
    // Voided since: the refusal says by whom.
    let mut third = third;
    third
        .void_waybill(&number, "A01", "客户取消", at(11))
        .unwrap();
    let again = third
        .alter_waybill(&number, Some(1), &w, "B07", "再改", at(12))
        .unwrap_err()
        .to_string();
    assert!(
        again.contains("作废") && again.contains("A01 张丽"),
        "{again}"
    );
}

#[test]
fn find_by_every_key() {
    let mut db = db();
    let a = number_of(
        &mut db,
        ["宏达服装厂", "13912345678", "0731-57123456", "1"],
        9,
    );
    let b = number_of(
        &mut db,
        ["兴业五金制品厂", "020-87814630", "13800004321", "2"],
        10,
    );
    let find = |text: &str| -> Vec<String> {
        db.find_waybills(&WaybillQuery {
            text: text.into(),
            ..WaybillQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|w| w.number)
        .collect()
    };
    assert_eq!(find("5678"), [a.as_str()]);
    assert_eq!(find("4321"), [b.as_str()]);
    assert_eq!(find("139 1234 5678"), [a.as_str()]);
    assert_eq!(find("020-87814630"), [b.as_str()]);
    assert_eq!(find("五金"), [b.as_str()]);
    assert_eq!(find("李记"), [b.clone(), a.clone()]);
    assert_eq!(find("gz26112300"), [b.clone(), a.clone()]);
    assert_eq!(find(&a), [a.as_str()]);
    assert!(find("无此人").is_empty());
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d);
    let in_range = db
        .find_waybills(&WaybillQuery {
            from: day(24),
            to: day(30),
            ..WaybillQuery::default()
        })
        .unwrap();
    assert!(in_range.is_empty());
    let by_clerk = db
        .find_waybills(&WaybillQuery {
            clerk_id: Some("A01".into()),
            dest_code: Some("430321".into()),
            ..WaybillQuery::default()
        })
        .unwrap();
    assert_eq!(by_clerk.len(), 2);
}

fn find_by_name(db: &Db, text: &str) -> Vec<(String, Option<String>, Option<String>)> {
    db.find_waybills(&WaybillQuery {
        text: text.into(),
        ..WaybillQuery::default()
    })
    .unwrap()
    .into_iter()
    .map(|w| (w.number, w.shipper_known_as, w.consignee_known_as))
    .collect()
}

fn rename_file(db: &mut Db, phone: &str, name: &str) -> i64 {
    let phone = Phone::parse(phone).unwrap();
    let id = db.customer_id_by_phone(&phone).unwrap().unwrap();
    let file = crate::domain::desk::customers::CustomerFile {
        name: name.into(),
        phones: vec![phone],
        addresses: Vec::new(),
        note: String::new(),
    };
    db.save_customer(id, None, &file, "A01", at(12)).unwrap();
    id
}

#[test]
fn a_name_finds_the_waybills_of_the_customer_file_it_names() {
    let mut db = db();
    let a = number_of(&mut db, ["宏达厂", "13912345678", "0731-57123456", "1"], 9);
    let b = number_of(
        &mut db,
        ["兴业五金制品厂", "020-87814630", "13800004321", "2"],
        10,
    );
    let kept = rename_file(&mut db, "13912345678", "宏达服装厂");
    // The file's name finds the waybill typed otherwise, and says why.
    assert_eq!(
        find_by_name(&db, "宏达服装"),
        [(a.clone(), Some("宏达服装厂".to_owned()), None)]
    );
    // The name typed on the waybill still finds it, with nothing to explain.
    assert_eq!(find_by_name(&db, "宏达厂"), [(a.clone(), None, None)]);
    assert!(find_by_name(&db, "服装厂厂").is_empty());

    // A file merged into the kept one brings its phones: the kept name finds them,
    // and so does the merged file's old name.
    let merged = db
        .customer_id_by_phone(&Phone::parse("020-87814630").unwrap())
        .unwrap()
        .unwrap();
    db.merge_customers(kept, merged, "A01", at(13)).unwrap();
    assert_eq!(
        find_by_name(&db, "宏达服装厂"),
        [
            (b.clone(), Some("宏达服装厂".to_owned()), None),
            (a.clone(), Some("宏达服装厂".to_owned()), None),
        ]
    );
    assert_eq!(
        find_by_name(&db, "兴业五金"),
        [
            (b.clone(), None, None),
            (a.clone(), Some("宏达服装厂".to_owned()), None),
        ]
    );
    // The other filters still apply.
    let later = db
        .find_waybills(&WaybillQuery {
            text: "宏达服装厂".into(),
            from: NaiveDate::from_ymd_opt(2026, 11, 24),
            ..WaybillQuery::default()
        })
        .unwrap();
    assert!(later.is_empty());
}

#[test]
fn the_name_last_written_with_a_phone_is_shown_when_the_waybill_was_typed_otherwise() {
    let mut db = db();
    let first = number_of(&mut db, ["宏达厂", "13912345678", "0731-57123456", "1"], 9);
    let second = number_of(
        &mut db,
        ["宏达服装厂", "13912345678", "0731-57123456", "1"],
        10,
    );
    // The file keeps the first name; the phone's row has the last one.
    assert_eq!(
        find_by_name(&db, "服装"),
        [
            (second, None, None),
            (first, Some("宏达服装厂".to_owned()), None)
        ]
    );
}

#[test]
fn a_name_search_finds_the_phones_first_then_waybills_by_the_phone_indexes() {
    let db = db();
    let (sql, values) = search_sql(
        &WaybillQuery {
            text: "宏达".into(),
            from: NaiveDate::from_ymd_opt(2026, 11, 1),
            ..WaybillQuery::default()
        },
        Dialect::Sqlite,
    );
    // SQLite's plan; PostgreSQL plans on its own statistics.
    let Some(plan) = db
        .sql()
        .sqlite_plan(&sql, &crate::storage::sql::dynamic(&values))
    else {
        return;
    };
    for step in [
        "SEARCH waybills USING INDEX waybills_shipper_phone (shipper_phone=?",
        "SEARCH waybills USING INDEX waybills_consignee_phone (consignee_phone=?",
        "MATERIALIZE matched",
        "SEARCH customers USING INDEX customers_customer (customer_id=?)",
    ] {
        assert!(plan.contains(step), "{step} in\n{plan}");
    }
    assert!(!plan.contains("SCAN waybills"), "{plan}");
    // The customers are read once per search, not once per use of their phones.
    assert_eq!(plan.matches("SCAN customers").count(), 1, "{plan}");
}
