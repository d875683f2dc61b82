//! Two stations on one database, each on connections of its own (`SharedPlace`: an SQLite
//! file, or a schema on the test server): what each sees and may change, and both
//! issuing at once.

use super::*;
use crate::domain::desk::waybill::{PaymentMethod, ValidationContext, WaybillDraft};
use crate::domain::dispatch::{ManifestDraft, ScanRefusal};
use crate::domain::money::ledger::ByChannel;
use crate::domain::people::{Month, Role, Staff};
use crate::storage::dispatch::{ManifestFilter, StockQuery};
use crate::storage::money::CountPeriod;
use crate::storage::test_server::SharedPlace;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

const BAIYUN: &str = "440111";
const YUEYANG: &str = "430602";

fn at(hour: u32, minute: u32) -> NaiveDateTime {
    crate::testing::time(2026, 12, 3, hour, minute)
}

fn person(id: &str, name: &str, role: Role) -> Staff {
    Staff {
        id: id.into(),
        name: name.into(),
        role,
        joined_on: NaiveDate::from_ymd_opt(2026, 1, 1),
        left_on: None,
        base_salary_yuan: Decimal::from(4000),
    }
}

fn edit(by: &str) -> Edit<'_> {
    Edit {
        seen: None,
        by,
        at: at(8, 0),
    }
}

/// A company of two stations: 广州站 (the first, GZ, receiving for 白云区) and 岳阳站 (YY,
/// receiving for 岳阳楼区), a clerk at each and the company's supervisor.
fn company() -> SharedPlace {
    let place = SharedPlace::new();
    let mut hq = place.counter().unwrap();
    let mut dispatch = hq.dispatch_settings().unwrap();
    dispatch.station_codes = vec![BAIYUN.to_owned()];
    hq.save_dispatch_settings(&dispatch, edit("S01")).unwrap();
    let yy = hq
        .save_station(
            &Station {
                id: 0,
                code: "YY".into(),
                name: "岳阳站".into(),
                phone: "0730-8221234".into(),
                counties: vec![YUEYANG.into()],
            },
            edit("S01"),
        )
        .unwrap();
    assert_eq!(yy, 2);
    hq.import_staff(&[
        person("A01", "张丽", Role::Clerk),
        person("Y01", "周燕", Role::Clerk),
        person("Y09", "罗军", Role::Supervisor),
        person("S01", "刘建国", Role::Supervisor),
    ])
    .unwrap();
    hq.set_post("Y01", Scope::Station(yy), edit("S01")).unwrap();
    hq.set_post("Y09", Scope::Station(yy), edit("S01")).unwrap();
    hq.set_post("S01", Scope::Company, edit("S01")).unwrap();
    place
}

/// A counter of `place` logged in as `staff_id`.
fn counter(place: &SharedPlace, staff_id: &str) -> Db {
    let mut db = place.counter().unwrap();
    let post = db.post(staff_id).unwrap();
    db.set_scope(post);
    db
}

fn issue(db: &mut Db, clerk: &str, dest: &str, when: NaiveDateTime) -> String {
    let waybill = WaybillDraft {
        dest_code: dest.into(),
        pieces: "2".into(),
        weight_kg: "40".into(),
        volume_m3: "0.2".into(),
        freight: "60".into(),
        payment: PaymentMethod::PayNow,
        ..WaybillDraft::sample()
    }
    .validate(&ValidationContext::lenient())
    .unwrap();
    let prefix = db.desk_settings().unwrap().number_prefix;
    db.issue_waybill(&waybill, clerk, &prefix, when)
        .unwrap()
        .number
}

fn truck(db: &mut Db, clerk: &str, route: &str) -> i64 {
    let header = ManifestDraft {
        plate: "粤A12345".into(),
        driver_name: "王师傅".into(),
        driver_phone: "13812345678".into(),
        route_codes: vec![route.to_owned()],
        departure: "2026-12-03 18:00".into(),
    }
    .validate(crate::domain::desk::destinations::Divisions::bundled())
    .unwrap();
    db.create_manifest(&header, clerk, at(16, 0)).unwrap().id
}

fn refusal<T: std::fmt::Debug>(result: Result<T>) -> String {
    match result {
        Err(StorageError::Refused(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A database of one station reads its desk settings as before: the first station is
/// made from them, and saving them changes it.
#[test]
fn one_station_reads_as_before() {
    let db = Db::open_in_memory().unwrap();
    let stations = db.stations().unwrap();
    assert_eq!(stations.len(), 1);
    assert_eq!(
        (stations[0].code.as_str(), stations[0].name.as_str()),
        ("GZ", "广州站")
    );
    let mut desk = db.desk_settings().unwrap();
    desk.station_name = "广州白云站".into();
    desk.number_prefix = "BY".into();
    db.save_desk_settings(&desk).unwrap();
    assert_eq!(db.desk_settings().unwrap(), desk);
    assert_eq!(db.station(1).unwrap().label(), "BY 广州白云站");
}

/// Each station numbers, stocks and loads its own waybills; the other's truck is seen
/// at the receiving end the moment it leaves.
#[test]
fn each_station_keeps_its_own_stock_and_sees_the_trucks_coming() {
    let place = company();
    let mut gz = counter(&place, "A01");
    let mut yy = counter(&place, "Y01");
    assert_eq!(yy.desk_settings().unwrap().station_name, "岳阳站");
    assert_eq!(yy.dispatch_settings().unwrap().station_codes, [YUEYANG]);
    let ours = issue(&mut gz, "A01", YUEYANG, at(9, 0));
    let theirs = issue(&mut yy, "Y01", BAIYUN, at(9, 5));
    assert!(
        ours.starts_with("GZ") && theirs.starts_with("YY"),
        "{ours} {theirs}"
    );

    let stock = |db: &Db| -> Vec<String> {
        db.stock(&StockQuery::default(), at(9, 0).date())
            .unwrap()
            .into_iter()
            .map(|l| l.number)
            .collect()
    };
    assert_eq!(stock(&gz), std::slice::from_ref(&ours));
    assert_eq!(stock(&yy), std::slice::from_ref(&theirs));
    let hq = counter(&place, "S01");
    assert_eq!(stock(&hq).len(), 2);

    // A truck of 广州 loads 广州's goods only.
    let manifest = truck(&mut gz, "A01", YUEYANG);
    let code = crate::documents::desk::labels::label_code(&theirs, 1);
    let refused = gz.scan_load(manifest, &code, "A01", at(16, 5)).unwrap();
    assert!(
        matches!(&refused, Err(ScanRefusal::OtherStation { station, .. }) if station == "岳阳站"),
        "{refused:?}"
    );
    for piece in 1..=2 {
        let code = crate::documents::desk::labels::label_code(&ours, piece);
        gz.scan_load(manifest, &code, "A01", at(16, 5))
            .unwrap()
            .unwrap();
    }
    let sent = gz.manifest(manifest).unwrap().summary;
    assert!(sent.code.starts_with("GZF"), "{}", sent.code);
    // 岳阳 does not see 广州's truck among its own …
    let codes = |db: &Db, filter| -> Vec<String> {
        db.manifests(filter)
            .unwrap()
            .into_iter()
            .map(|m| m.code)
            .collect()
    };
    assert!(codes(&yy, ManifestFilter::All).is_empty());
    assert!(codes(&yy, ManifestFilter::Departed).is_empty());
    // … and sees it coming the moment it leaves.
    gz.depart_manifest(manifest, "A01", at(18, 0)).unwrap();
    assert_eq!(
        codes(&yy, ManifestFilter::Departed),
        std::slice::from_ref(&sent.code)
    );
    assert_eq!(
        codes(&hq, ManifestFilter::All),
        std::slice::from_ref(&sent.code)
    );

    // 岳阳 checks the truck in; 广州 sees it arrived, and the goods wait at 岳阳 only.
    for piece in 1..=2 {
        let code = crate::documents::desk::labels::label_code(&ours, piece);
        yy.scan_arrival(manifest, &code, "Y01", at(22, 0))
            .unwrap()
            .unwrap();
    }
    yy.finish_arrival(manifest, "Y01", at(22, 5)).unwrap();
    assert!(gz.manifest(manifest).unwrap().summary.arrived_at.is_some());
    let waiting = |db: &Db| -> Vec<String> {
        db.to_notify(at(22, 10))
            .unwrap()
            .into_iter()
            .map(|l| l.number)
            .collect()
    };
    assert_eq!(waiting(&yy), std::slice::from_ref(&ours));
    assert!(waiting(&gz).is_empty());
    assert_eq!(waiting(&hq), [ours]);
}

/// Cash: each station's ledger is its clerks' money, and each signs its own day; the
/// company sees all.
#[test]
fn each_station_counts_its_own_cash() {
    let place = company();
    let mut gz = counter(&place, "A01");
    let mut yy = counter(&place, "Y01");
    issue(&mut gz, "A01", YUEYANG, at(9, 0));
    issue(&mut yy, "Y01", BAIYUN, at(9, 5));
    issue(&mut yy, "Y01", BAIYUN, at(9, 10));
    let day = CountPeriod {
        staff_id: None,
        label: "2026-12-03 全站".into(),
        from: at(0, 0),
        to: at(23, 59),
    };
    let takers = |db: &Db| -> Vec<String> {
        db.cash_expected(&day)
            .unwrap()
            .0
            .into_iter()
            .map(|e| e.staff_id)
            .collect()
    };
    assert_eq!(takers(&gz), ["A01"]);
    assert_eq!(takers(&yy), ["Y01", "Y01"]);
    assert_eq!(takers(&counter(&place, "S01")).len(), 3);
    let counted = |db: &Db| db.cash_expected(&day).unwrap().1;
    let gz_sum = counted(&gz);
    let yy_sum = counted(&yy);
    gz.sign_cash_count(&day, gz_sum, "", "A01", at(20, 0))
        .unwrap();
    yy.sign_cash_count(&day, yy_sum, "", "Y01", at(20, 0))
        .unwrap();
    assert_eq!(gz.cash_count_of(&day).unwrap().unwrap().expected, gz_sum);
    assert_eq!(yy.cash_count_of(&day).unwrap().unwrap().expected, yy_sum);
    let again = refusal(gz.sign_cash_count(&day, ByChannel::default(), "", "A01", at(20, 5)));
    assert!(again.contains("已由 A01 签字"), "{again}");
}

/// Staff: a station's supervisor sees and changes its own people only; only the company
/// adds stations and moves people; the month is locked by the company.
#[test]
fn each_station_keeps_its_own_staff() {
    let place = company();
    let mut yy = counter(&place, "Y09");
    let review = yy
        .month_review(Month::new(2026, 12).unwrap(), at(20, 0))
        .unwrap();
    let ids: Vec<&str> = review.people.iter().map(|p| p.staff_id.as_str()).collect();
    assert_eq!(ids, ["Y01", "Y09"]);
    let raised = Staff {
        base_salary_yuan: Decimal::from(4200),
        ..person("A01", "张丽", Role::Clerk)
    };
    let told = refusal(yy.edit_staff(&raised, None, edit("Y09")));
    assert!(told.contains("不是本站的员工"), "{told}");
    yy.edit_staff(&person("Y02", "新人", Role::Clerk), None, edit("Y09"))
        .unwrap();
    assert_eq!(yy.post("Y02").unwrap(), Scope::Station(2));
    let told = refusal(yy.set_post("Y02", Scope::Station(1), edit("Y09")));
    assert!(told.contains("总部"), "{told}");
    let told = refusal(yy.save_station(&yy.station(2).unwrap(), edit("Y09")));
    assert!(told.contains("总部"), "{told}");
    let told = refusal(yy.lock_month(Month::new(2026, 11).unwrap(), "Y09", at(20, 0)));
    assert!(told.contains("总部"), "{told}");

    let hq = counter(&place, "S01");
    let told = refusal(hq.set_post("Y02", Scope::Company, edit("S01")));
    assert!(told.contains("只有主管和财务"), "{told}");
    let mut twin = hq.station(2).unwrap();
    twin.id = 0;
    twin.name = "岳阳二站".into();
    let told = refusal(hq.save_station(&twin, edit("S01")));
    assert!(told.contains("YY"), "{told}");
    let review = hq
        .month_review(Month::new(2026, 12).unwrap(), at(20, 0))
        .unwrap();
    assert_eq!(review.people.len(), 5);
}

/// Both stations issue at once, each from two counters (threads with connections of
/// their own): every number is its station's, none is lost or taken twice.
#[test]
fn two_stations_issue_at_once() {
    let place = company();
    let threads: Vec<_> = [("A01", 0), ("A01", 1), ("Y01", 0), ("Y01", 1)]
        .into_iter()
        .map(|(clerk, counter_no)| {
            let mut db = counter(&place, clerk);
            std::thread::spawn(move || {
                (0..10)
                    .map(|i| issue(&mut db, clerk, YUEYANG, at(10 + counter_no, i)))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let numbers: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let unique: std::collections::BTreeSet<&String> = numbers.iter().collect();
    assert_eq!(unique.len(), 40);
    let db = place.counter().unwrap();
    for number in &numbers {
        let station: i64 = db
            .sql()
            .one(
                "SELECT station_id FROM waybills WHERE number = ?1",
                args![number],
            )
            .unwrap();
        assert_eq!(
            station,
            if number.starts_with("YY") { 2 } else { 1 },
            "{number}"
        );
    }
    assert_eq!(numbers.iter().filter(|n| n.starts_with("YY")).count(), 20);
}
