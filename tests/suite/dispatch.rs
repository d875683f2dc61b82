//! Dispatch and arrival through the storage API, as the screens will drive it: loading a
//! truck by scanning labels (with the refusals the clerk hears at once), departure, the
//! stock view, the exchange file to another station's database (round trip, importing
//! twice, tampering), the arrival check with a missing piece, notification, controlled
//! release, pickup with ID and signature, delivery, transfer, receipt, exception and the
//! 云递安 count, and each waybill's timeline.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "a test fails loudly at the first surprise, and a flow reads best whole"
)]

use chrono::{NaiveDate, NaiveDateTime};
use kaidan::documents::desk::labels::label_code;
use kaidan::documents::dispatch::exchange::{ExchangeError, export_manifest, read_manifest};
use kaidan::domain::desk::destinations::Divisions;
use kaidan::domain::desk::idcard::IdType;
use kaidan::domain::desk::waybill::{
    DeliveryMode, IssuedWaybill, PaymentMethod, ValidationContext, WaybillDraft,
};
use kaidan::domain::dispatch::pickup::{
    AuthorizationDraft, AuthorizationMethod, DeliveryDraft, DeliveryResult, PayChannel, Payment,
    PickupDraft, Signature,
};
use kaidan::domain::dispatch::{
    ExceptionDraft, ExceptionKind, ManifestDraft, NotifyMethod, ScanRefusal, Stage, TransferDraft,
};
use kaidan::storage::dispatch::{ImportOutcome, ManifestFilter, ManifestState, StockQuery};
use kaidan::storage::staff::StaffMember;
use kaidan::storage::{Db, StorageError};
use rust_decimal::Decimal;
use std::str::FromStr;

const XIANGTAN: &str = "430321";
const CHANGSHA: &str = "430121";

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

fn db() -> Db {
    let db = Db::open_in_memory().unwrap();
    for (id, name) in [("A01", "张丽"), ("B02", "王芳")] {
        db.upsert_staff(&StaffMember {
            id: id.into(),
            name: name.into(),
            role: "开单员".into(),
        })
        .unwrap();
    }
    db
}

struct Order {
    dest: &'static str,
    pieces: u32,
    payment: PaymentMethod,
    controlled: bool,
    delivery: bool,
    receipt: bool,
}

impl Order {
    fn to(dest: &'static str, pieces: u32) -> Self {
        Self {
            dest,
            pieces,
            payment: PaymentMethod::Collect,
            controlled: false,
            delivery: false,
            receipt: false,
        }
    }
}

fn issue(db: &mut Db, order: &Order, when: NaiveDateTime) -> IssuedWaybill {
    let draft = WaybillDraft {
        dest_code: order.dest.into(),
        pieces: order.pieces.to_string(),
        weight_kg: "100".into(),
        volume_m3: "0.5".into(),
        freight: "120".into(),
        payment: order.payment,
        controlled_release: order.controlled,
        delivery: if order.delivery {
            DeliveryMode::Distribution
        } else {
            DeliveryMode::SelfPickup
        },
        delivery_address: if order.delivery {
            "湘潭县易俗河镇建设路 18 号".into()
        } else {
            String::new()
        },
        receipt_copies: if order.receipt {
            "1".into()
        } else {
            String::new()
        },
        ..WaybillDraft::sample()
    };
    let waybill = draft.validate(&ValidationContext::lenient()).unwrap();
    db.issue_waybill(&waybill, "A01", "GZ", when).unwrap()
}

fn open_manifest(db: &mut Db, route: &[&str], when: NaiveDateTime) -> i64 {
    let header = ManifestDraft {
        plate: "湘C12345".into(),
        driver_name: "王师傅".into(),
        driver_phone: "13812345678".into(),
        route_codes: route.iter().map(|c| (*c).to_owned()).collect(),
        departure: "2026-11-23 18:00".into(),
    }
    .validate(Divisions::bundled())
    .unwrap();
    db.create_manifest(&header, "A01", when).unwrap().id
}

fn scan(db: &mut Db, manifest: i64, number: &str, piece: u32) -> Result<u32, ScanRefusal> {
    db.scan_load(manifest, &label_code(number, piece), "A01", at(23, 17))
        .unwrap()
        .map(|s| s.pieces_loaded)
}

fn signature() -> Signature {
    Signature(vec![vec![(0.1, 0.5), (0.3, 0.2), (0.5, 0.6), (0.8, 0.3)]])
}

fn pickup_draft(pieces: u32, amount: &str) -> PickupDraft {
    PickupDraft {
        collector_name: "李四".into(),
        id_type: IdType::MainlandId,
        id_number: "11010519491231002X".into(),
        signature: signature(),
        pieces,
        payment_amount: amount.into(),
        payment_channel: Some(PayChannel::WeChat),
        note: String::new(),
    }
}

fn refused(result: Result<impl std::fmt::Debug, StorageError>) -> String {
    match result {
        Err(StorageError::Refused(reason)) => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Scanning counts pieces, refuses at once what must not go on the truck, and marks a
/// partly loaded waybill; departure is refused for an empty manifest and locks it.
#[test]
fn loading_a_truck_by_scanning() {
    let mut db = db();
    let w1 = issue(&mut db, &Order::to(XIANGTAN, 3), at(23, 9));
    let w2 = issue(&mut db, &Order::to(CHANGSHA, 2), at(23, 9));
    let w3 = issue(&mut db, &Order::to(XIANGTAN, 1), at(23, 10));
    db.void_waybill(&w3.number, "A01", "客户取消", at(23, 11))
        .unwrap();
    let manifest = open_manifest(&mut db, &[XIANGTAN], at(23, 16));

    let empty = refused(db.depart_manifest(manifest, "A01", at(23, 17)));
    assert!(empty.contains("还没有装任何货物"), "{empty}");

    assert_eq!(scan(&mut db, manifest, &w1.number, 1), Ok(1));
    assert_eq!(scan(&mut db, manifest, &w1.number, 2), Ok(2));
    let cases: [(String, &str); 6] = [
        (label_code(&w1.number, 1), "重复扫描"),
        (label_code(&w2.number, 1), "到站不符"),
        (label_code(&w3.number, 1), "已作废"),
        (label_code(&w1.number, 4), "只有 3 件"),
        (label_code("GZ2611239999", 1), "找不到运单"),
        ("hello".to_owned(), "不是运单标签码"),
    ];
    for (code, words) in cases {
        let refusal = db
            .scan_load(manifest, &code, "A01", at(23, 17))
            .unwrap()
            .unwrap_err();
        assert!(refusal.to_string().contains(words), "{code}: {refusal}");
    }

    let loaded = db.manifest(manifest).unwrap();
    assert_eq!(loaded.summary.state(), ManifestState::Loading);
    assert_eq!(loaded.lines.len(), 1);
    assert_eq!(
        loaded.lines[0].partial_mark().as_deref(),
        Some("单票未装完，余 1 件")
    );
    assert_eq!(loaded.totals.pieces_loaded, 2);
    assert_eq!(loaded.totals.collect_yuan, d("120"));
    assert_eq!(db.waybill_life(&w1.number).unwrap().stage, Stage::Loaded);

    // A loaded waybill cannot be voided.
    let err = db
        .void_waybill(&w1.number, "A01", "客户取消", at(23, 17))
        .unwrap_err();
    assert!(err.to_string().contains("不能作废"), "{err}");

    let departed = db.depart_manifest(manifest, "B02", at(23, 18)).unwrap();
    assert_eq!(departed.summary.state(), ManifestState::Departed);
    assert_eq!(db.waybill_life(&w1.number).unwrap().stage, Stage::Departed);
    assert!(matches!(
        db.scan_load(manifest, &label_code(&w1.number, 3), "A01", at(23, 19))
            .unwrap(),
        Err(ScanRefusal::ManifestLocked(_))
    ));
    assert!(db.depart_manifest(manifest, "B02", at(23, 19)).is_err());

    // The piece left behind is in stock and follows on the next truck.
    let stock = db.stock(&StockQuery::default(), at(25, 9).date()).unwrap();
    let numbers: Vec<(&str, u32)> = stock
        .iter()
        .map(|s| (s.number.as_str(), s.pieces_left))
        .collect();
    assert_eq!(numbers, [(w1.number.as_str(), 1), (w2.number.as_str(), 2)]);
    assert_eq!(stock[0].age_days, 2);
    let next = open_manifest(&mut db, &[XIANGTAN], at(24, 9));
    let picked = db
        .load_waybill(next, &w1.number, "A01", at(24, 10))
        .unwrap()
        .unwrap();
    assert_eq!((picked.piece, picked.pieces_added), (3, 1));
    assert_eq!(db.waybill_life(&w1.number).unwrap().stage, Stage::Departed);
    assert!(matches!(
        db.scan_load(next, &label_code(&w1.number, 1), "A01", at(24, 10))
            .unwrap(),
        Err(ScanRefusal::OnAnotherManifest { .. })
    ));
    // Unloading before departure puts it back in stock.
    db.unload_waybill(next, &w1.number, "A01", "装错车", at(24, 11))
        .unwrap();
    assert_eq!(
        db.stock(&StockQuery::default(), at(25, 9).date())
            .unwrap()
            .len(),
        2
    );
    let manifests = db.manifests(ManifestFilter::Loading).unwrap();
    assert_eq!(manifests.len(), 1);
    assert!(manifests[0].code.starts_with("GZF261124"));
    assert_eq!(db.check_waybill_events().unwrap(), Vec::<String>::new());
}

#[test]
fn stock_filters() {
    let mut db = db();
    let controlled = Order {
        controlled: true,
        ..Order::to(XIANGTAN, 2)
    };
    let a = issue(&mut db, &controlled, at(20, 9));
    let b = issue(&mut db, &Order::to(CHANGSHA, 1), at(22, 9));
    let today = at(23, 9).date();
    let all = db.stock(&StockQuery::default(), today).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!((all[0].age_days, all[1].age_days), (3, 1));
    let to_changsha = StockQuery {
        dest_code: Some(CHANGSHA.into()),
        ..StockQuery::default()
    };
    assert_eq!(db.stock(&to_changsha, today).unwrap()[0].number, b.number);
    let only_controlled = StockQuery {
        controlled_only: true,
        ..StockQuery::default()
    };
    let found = db.stock(&only_controlled, today).unwrap();
    assert_eq!(found.len(), 1);
    assert!(found[0].controlled_release);
    assert_eq!(found[0].number, a.number);
    let recent = StockQuery {
        issued_since: NaiveDate::from_ymd_opt(2026, 11, 21),
        ..StockQuery::default()
    };
    assert_eq!(db.stock(&recent, today).unwrap().len(), 1);
}

/// The loading station exports, the receiving station (another database) imports once,
/// checks the truck with one piece missing, and the report shows it.
#[test]
fn exchange_file_to_another_station_with_a_missing_piece() {
    let mut origin = db();
    let w1 = issue(&mut origin, &Order::to(XIANGTAN, 3), at(23, 9));
    let w2 = issue(&mut origin, &Order::to(XIANGTAN, 2), at(23, 9));
    let manifest = open_manifest(&mut origin, &[XIANGTAN], at(23, 16));
    for (number, pieces) in [(&w1.number, 3), (&w2.number, 2)] {
        for piece in 1..=pieces {
            scan(&mut origin, manifest, number, piece).unwrap();
        }
    }
    assert!(
        refused(origin.manifest_exchange(manifest)).contains("尚未发车"),
        "no file before departure"
    );
    origin.depart_manifest(manifest, "A01", at(23, 18)).unwrap();
    let bytes = export_manifest(&origin.manifest_exchange(manifest).unwrap()).unwrap();

    let mut station = db();
    let verified = read_manifest(&bytes).unwrap();
    let outcome = station
        .import_manifest(&verified.manifest, &verified.checksum, "B02", at(24, 6))
        .unwrap();
    let ImportOutcome::Imported {
        manifest_id,
        waybills: 2,
    } = outcome
    else {
        panic!("{outcome:?}");
    };
    // Twice: nothing changes.
    let again = station
        .import_manifest(&verified.manifest, &verified.checksum, "B02", at(24, 7))
        .unwrap();
    assert_eq!(again, ImportOutcome::AlreadyPresent { manifest_id });
    assert_eq!(station.manifests(ManifestFilter::All).unwrap().len(), 1);
    let received = station.manifest(manifest_id).unwrap();
    assert_eq!(received.totals.pieces_loaded, 5);
    assert!(received.summary.imported);
    assert_eq!(received.summary.state(), ManifestState::Departed);
    let w1_here = station.station_waybill(&w1.number).unwrap();
    assert!(!w1_here.local);
    assert_eq!(w1_here.life.stage, Stage::Departed);

    // A tampered file is refused, and so is a different file under the same code.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let tampered = text.replacen("\"pieces\": 3", "\"pieces\": 4", 1);
    assert!(matches!(
        read_manifest(tampered.as_bytes()),
        Err(ExchangeError::Altered)
    ));
    let mut other = verified.manifest.clone();
    other.plate = "湘C99999".into();
    assert!(
        refused(station.import_manifest(&other, "different", "B02", at(24, 8)))
            .contains("内容不同")
    );

    // Arrival check: piece 3 of w1 is missing, a piece of a stranger is extra, one damaged.
    let arrival = |station: &mut Db, code: String| {
        station
            .scan_arrival(manifest_id, &code, "B02", at(24, 8))
            .unwrap()
    };
    for (number, piece) in [
        (&w1.number, 1),
        (&w1.number, 2),
        (&w2.number, 1),
        (&w2.number, 2),
    ] {
        let scanned = arrival(&mut station, label_code(number, piece)).unwrap();
        assert!(scanned.expected);
    }
    assert!(matches!(
        arrival(&mut station, label_code(&w2.number, 2)),
        Err(ScanRefusal::Duplicate { .. })
    ));
    let stranger = arrival(&mut station, label_code("SZ2611200001", 1)).unwrap();
    assert!(!stranger.expected && !stranger.known);
    station
        .record_damage(
            manifest_id,
            &w2.number,
            &[2],
            "外箱压坏",
            "/photos/破损.jpg",
            "B02",
            at(24, 8),
        )
        .unwrap();
    let report = station
        .finish_arrival(manifest_id, "B02", at(24, 9))
        .unwrap();
    assert!(report.closed);
    let problems: Vec<(String, String)> = report
        .problem_lines()
        .map(|l| (l.number.clone(), l.problems()))
        .collect();
    assert_eq!(
        problems,
        [
            (w1.number.clone(), "少件 1（第 3 件）".to_owned()),
            (w2.number.clone(), "破损：外箱压坏".to_owned()),
            ("SZ2611200001".to_owned(), "多件 1（第 1 件）".to_owned()),
        ]
    );
    assert_eq!(
        station.waybill_life(&w1.number).unwrap().stage,
        Stage::Arrived
    );
    assert!(matches!(
        arrival(&mut station, label_code(&w1.number, 3)),
        Err(ScanRefusal::ArrivalClosed(_))
    ));
    assert_eq!(
        station.check_waybill_events().unwrap(),
        Vec::<String>::new()
    );
}

/// The same database: the receiving desk checks a manifest the loading desk sent.
#[test]
fn arrival_in_the_same_database_then_notification() {
    let mut db = db();
    let w1 = issue(&mut db, &Order::to(XIANGTAN, 2), at(23, 9));
    let manifest = open_manifest(&mut db, &[XIANGTAN], at(23, 16));
    let not_yet = db
        .scan_arrival(manifest, &label_code(&w1.number, 1), "B02", at(23, 16))
        .unwrap();
    assert!(matches!(not_yet, Err(ScanRefusal::NotDeparted(_))));
    db.load_waybill(manifest, &w1.number, "A01", at(23, 17))
        .unwrap()
        .unwrap();
    // Notifying before arrival is refused.
    assert!(
        refused(db.record_notification(&w1.number, NotifyMethod::Call, "", "B02", at(23, 17)))
            .contains("还没到站")
    );
    db.depart_manifest(manifest, "A01", at(23, 18)).unwrap();
    assert_eq!(db.manifests(ManifestFilter::InTransit).unwrap().len(), 1);
    for piece in 1..=2 {
        db.scan_arrival(manifest, &label_code(&w1.number, piece), "B02", at(24, 8))
            .unwrap()
            .unwrap();
    }
    let report = db.finish_arrival(manifest, "B02", at(24, 8)).unwrap();
    assert_eq!(report.problem_lines().count(), 0);

    let list = db.to_notify(at(24, 19)).unwrap();
    assert_eq!(list.len(), 1);
    assert!(!list[0].overdue, "11 hours of 12");
    let list = db.to_notify(at(24, 21)).unwrap();
    assert!(list[0].overdue);
    assert_eq!(list[0].waited_hours, 13);
    db.record_notification(
        &w1.number,
        NotifyMethod::Sms,
        "明天带身份证来提",
        "B02",
        at(24, 21),
    )
    .unwrap();
    assert!(db.to_notify(at(24, 22)).unwrap().is_empty());
    let waiting = db.awaiting_collection(at(24, 22)).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].stage, waiting[0].overdue),
        (Stage::Notified, false)
    );
    assert_eq!(db.notifications(&w1.number).unwrap().len(), 1);
    assert_eq!(db.waybill_life(&w1.number).unwrap().stage, Stage::Notified);
}

fn arrived(db: &mut Db, order: &Order) -> IssuedWaybill {
    let w = issue(db, order, at(23, 9));
    let manifest = open_manifest(db, &[order.dest], at(23, 16));
    db.load_waybill(manifest, &w.number, "A01", at(23, 17))
        .unwrap()
        .unwrap();
    db.depart_manifest(manifest, "A01", at(23, 18)).unwrap();
    for piece in 1..=order.pieces {
        db.scan_arrival(manifest, &label_code(&w.number, piece), "B02", at(24, 8))
            .unwrap()
            .unwrap();
    }
    db.finish_arrival(manifest, "B02", at(24, 8)).unwrap();
    w
}

/// Pickup before arrival, without ID or signature, without payment, or of controlled
/// goods without the shipper's authorization is refused; partial pickups add up.
#[test]
fn controlled_release_and_pickup() {
    let mut db = db();
    let today = at(24, 10).date();
    let early = issue(&mut db, &Order::to(XIANGTAN, 1), at(23, 9));
    let pickup = pickup_draft(1, "120").validate(today).unwrap();
    assert!(
        refused(db.record_pickup(&early.number, &pickup, "B02", at(24, 10))).contains("还没到站")
    );

    let controlled = Order {
        controlled: true,
        ..Order::to(XIANGTAN, 5)
    };
    let w = arrived(&mut db, &controlled);
    let first = pickup_draft(2, "120").validate(today).unwrap();
    assert!(refused(db.record_pickup(&w.number, &first, "B02", at(24, 10))).contains("尚未授权"));
    // The form itself refuses a pickup without ID or signature…
    let no_id = PickupDraft {
        id_number: String::new(),
        ..pickup_draft(2, "120")
    };
    assert!(no_id.validate(today).is_err());
    let unsigned = PickupDraft {
        signature: Signature::default(),
        ..pickup_draft(2, "120")
    };
    assert!(unsigned.validate(today).is_err());
    // …and so does storage, whatever the caller built.
    let forged = kaidan::domain::dispatch::pickup::Pickup {
        signature: Signature::default(),
        ..first.clone()
    };
    assert!(refused(db.record_pickup(&w.number, &forged, "B02", at(24, 10))).contains("签名"));

    let photo_without_file = AuthorizationDraft {
        method: AuthorizationMethod::RedCopyPhoto,
        photo_path: String::new(),
        shipper_contact: "宏达 张老板".into(),
        note: String::new(),
    };
    assert!(photo_without_file.validate().is_err());
    let authorization = AuthorizationDraft {
        photo_path: "/photos/红单.jpg".into(),
        ..photo_without_file
    }
    .validate()
    .unwrap();
    db.record_authorization(&w.number, &authorization, "B02", at(24, 11))
        .unwrap();

    let unpaid = pickup_draft(2, "").validate(today).unwrap();
    assert!(
        refused(db.record_pickup(&w.number, &unpaid, "B02", at(24, 12)))
            .contains("须先收清提付运费")
    );
    let life = db
        .record_pickup(&w.number, &first, "B02", at(24, 12))
        .unwrap();
    assert_eq!(life.stage, Stage::Arrived, "3 pieces left");
    let facts = db.release_facts(&w.number).unwrap();
    assert_eq!(
        (facts.pieces_left(), facts.dues.outstanding_yuan()),
        (3, d("0"))
    );
    let too_many = pickup_draft(4, "").validate(today).unwrap();
    assert!(
        refused(db.record_pickup(&w.number, &too_many, "B02", at(24, 13))).contains("只剩 3 件")
    );
    let rest = pickup_draft(3, "").validate(today).unwrap();
    let life = db
        .record_pickup(&w.number, &rest, "B02", at(24, 13))
        .unwrap();
    assert_eq!(life.stage, Stage::PickedUp);
    let records = db.pickups(&w.number).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].id_number, "11010519491231002X");
    assert_eq!(records[0].signature, signature());
    let actions: Vec<String> = db
        .waybill_timeline(&w.number)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "开单",
            "装车",
            "发车",
            "到站",
            "放货授权",
            "部分提货",
            "提货"
        ]
    );
}

/// Self-pickup changed to delivery: the fee is added and 提付 collected before the goods
/// leave; the result is recorded.
#[test]
fn self_pickup_changed_to_delivery() {
    let mut db = db();
    let w = arrived(&mut db, &Order::to(XIANGTAN, 2));
    let draft = DeliveryDraft {
        address: "湘潭县易俗河镇建设路 18 号".into(),
        mode: DeliveryMode::Distribution,
        driver: "赵师傅".into(),
        added_fee: "50".into(),
        payment_amount: "50".into(),
        payment_channel: Some(PayChannel::Cash),
        note: String::new(),
    };
    let short = draft.validate(true).unwrap();
    let reason = refused(db.create_delivery(&w.number, &short, "B02", at(24, 10)));
    assert!(reason.contains("应收 170.00 元"), "{reason}");
    let paid = DeliveryDraft {
        payment_amount: "170".into(),
        ..draft
    }
    .validate(true)
    .unwrap();
    let task = db
        .create_delivery(&w.number, &paid, "B02", at(24, 10))
        .unwrap();
    assert!(
        db.create_delivery(&w.number, &paid, "B02", at(24, 11))
            .is_err()
    );
    let walk_in = pickup_draft(2, "").validate(at(24, 11).date()).unwrap();
    assert!(refused(db.record_pickup(&w.number, &walk_in, "B02", at(24, 11))).contains("派送在途"));
    let open = db.delivery_tasks(true).unwrap();
    assert_eq!(open.len(), 1);
    assert!(open[0].changed_from_pickup);
    assert_eq!(open[0].added_fee_yuan, d("50"));
    let life = db
        .record_delivery_result(
            task,
            DeliveryResult::Delivered,
            None,
            "本人签收",
            "B02",
            at(24, 15),
        )
        .unwrap();
    assert_eq!(life.stage, Stage::Delivered);
    assert!(db.delivery_tasks(true).unwrap().is_empty());
    assert!(
        db.record_delivery_result(task, DeliveryResult::Delivered, None, "", "B02", at(24, 16))
            .is_err()
    );
}

/// A waybill issued for delivery: the driver collects 提付 on delivery; a refusal is an
/// exception, and a second run can still deliver.
#[test]
fn delivery_refused_then_delivered() {
    let mut db = db();
    let order = Order {
        delivery: true,
        ..Order::to(XIANGTAN, 1)
    };
    let w = arrived(&mut db, &order);
    let task = DeliveryDraft {
        address: "湘潭县易俗河镇建设路 18 号".into(),
        mode: DeliveryMode::Distribution,
        driver: "赵师傅".into(),
        added_fee: String::new(),
        payment_amount: String::new(),
        payment_channel: None,
        note: String::new(),
    }
    .validate(false)
    .unwrap();
    let first = db
        .create_delivery(&w.number, &task, "B02", at(24, 10))
        .unwrap();
    let life = db
        .record_delivery_result(
            first,
            DeliveryResult::Refused,
            None,
            "店里没人",
            "B02",
            at(24, 12),
        )
        .unwrap();
    assert_eq!(life.stage, Stage::Exception);
    let second = db
        .create_delivery(&w.number, &task, "B02", at(25, 10))
        .unwrap();
    assert!(
        refused(db.record_delivery_result(
            second,
            DeliveryResult::Delivered,
            None,
            "",
            "B02",
            at(25, 12)
        ))
        .contains("须先收清")
    );
    let cash = Payment {
        amount_yuan: d("120"),
        channel: PayChannel::Cash,
    };
    let life = db
        .record_delivery_result(
            second,
            DeliveryResult::Delivered,
            Some(&cash),
            "",
            "B02",
            at(25, 12),
        )
        .unwrap();
    assert_eq!(life.stage, Stage::Delivered);
}

/// Transfer, receipt (回单付 payable when it is back), exception, return, uploads.
#[test]
fn registers() {
    let mut db = db();
    let w = arrived(&mut db, &Order::to(XIANGTAN, 1));
    let transfer = TransferDraft {
        carrier: "顺心物流".into(),
        carrier_number: "SX123456".into(),
        fee: "80".into(),
        rebate: "10".into(),
        note: String::new(),
    }
    .validate()
    .unwrap();
    assert_eq!(
        db.record_transfer(&w.number, &transfer, "B02", at(24, 10))
            .unwrap()
            .stage,
        Stage::Transferred
    );
    assert_eq!(
        db.transfers(&w.number).unwrap(),
        std::slice::from_ref(&transfer)
    );
    assert!(
        db.record_transfer(&w.number, &transfer, "B02", at(24, 11))
            .is_err()
    );

    let on_receipt = Order {
        payment: PaymentMethod::OnReceipt,
        receipt: true,
        ..Order::to(XIANGTAN, 1)
    };
    let r = issue(&mut db, &on_receipt, at(23, 9));
    assert!(db.receipts_payable().unwrap().is_empty());
    assert!(refused(db.record_receipt_sent_back(&r.number, "", "A01", at(26, 9))).contains("尚未"));
    db.record_receipt_returned(&r.number, "签收完好", "A01", at(26, 9))
        .unwrap();
    assert!(
        db.record_receipt_returned(&r.number, "", "A01", at(26, 9))
            .is_err()
    );
    let payable = db.receipts_payable().unwrap();
    assert_eq!(payable.len(), 1);
    assert_eq!(payable[0].total_yuan, d("120"));
    db.record_receipt_sent_back(&r.number, "快递寄回", "A01", at(26, 10))
        .unwrap();
    assert!(
        db.receipt(&r.number)
            .unwrap()
            .unwrap()
            .sent_back_at
            .is_some()
    );
    let plain = issue(&mut db, &Order::to(XIANGTAN, 1), at(23, 9));
    assert!(
        refused(db.record_receipt_returned(&plain.number, "", "A01", at(26, 9)))
            .contains("没有要求签回单")
    );

    let exception = ExceptionDraft {
        kind: ExceptionKind::Delay,
        responsible: "司机".into(),
        note: "车坏在路上".into(),
        claim: String::new(),
    }
    .validate()
    .unwrap();
    let life = db
        .record_exception(&plain.number, &exception, "A01", at(23, 12))
        .unwrap();
    assert_eq!((life.stage, life.flow), (Stage::Exception, Stage::Issued));
    assert_eq!(db.exceptions(&plain.number).unwrap(), [exception]);
    assert_eq!(
        db.record_return(&plain.number, "发货方取回", "A01", at(23, 13))
            .unwrap()
            .stage,
        Stage::Returned
    );
    assert!(
        db.record_return(&plain.number, "", "A01", at(23, 13))
            .is_err()
    );

    let day = at(24, 0).date();
    assert_eq!(
        db.add_regulator_uploads("A01", day, 3, at(24, 10)).unwrap(),
        3
    );
    assert_eq!(
        db.add_regulator_uploads("A01", day, 2, at(24, 11)).unwrap(),
        5
    );
    db.set_regulator_uploads("B02", day, 1, at(24, 11)).unwrap();
    let counts: Vec<(String, u32)> = db
        .regulator_uploads(day)
        .unwrap()
        .into_iter()
        .map(|u| (u.staff_id, u.count))
        .collect();
    assert_eq!(counts, [("A01".to_owned(), 5), ("B02".to_owned(), 1)]);
    assert!(db.add_regulator_uploads("Z99", day, 1, at(24, 11)).is_err());
    assert_eq!(db.check_waybill_events().unwrap(), Vec::<String>::new());
}

/// The records feed points rules P10 (pieces mismatch at arrival), P15 (late notice),
/// P17 (pickup without ID or signature: only rows from elsewhere can lack them) and P21
/// (fewer than 5 云递安 uploads on a worked day).
#[test]
fn dispatch_records_feed_the_points_detectors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.sqlite3");
    let mut db = Db::open(&path).unwrap();
    for (id, name) in [("A01", "张丽"), ("B02", "王芳")] {
        db.upsert_staff(&StaffMember {
            id: id.into(),
            name: name.into(),
            role: "开单员".into(),
        })
        .unwrap();
    }
    let w = issue(&mut db, &Order::to(XIANGTAN, 3), at(23, 9));
    let manifest = open_manifest(&mut db, &[XIANGTAN], at(23, 16));
    db.load_waybill(manifest, &w.number, "A01", at(23, 17))
        .unwrap()
        .unwrap();
    db.depart_manifest(manifest, "A01", at(23, 18)).unwrap();
    for piece in 1..=2 {
        db.scan_arrival(manifest, &label_code(&w.number, piece), "B02", at(24, 8))
            .unwrap()
            .unwrap();
    }
    db.finish_arrival(manifest, "B02", at(24, 8)).unwrap();
    db.record_notification(&w.number, NotifyMethod::Call, "", "B02", at(24, 22))
        .unwrap();
    db.set_regulator_uploads("A01", at(24, 0).date(), 3, at(24, 18))
        .unwrap();
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.execute(
            "INSERT INTO pickups (waybill_number, at, staff_id, collector_name, pieces) VALUES ('OLD0001', '2026-11-25 10:00:00', 'B02', '旧记录', 1)",
            [],
        )
        .unwrap();
        raw.execute(
            "INSERT INTO punches (staff_id, day, shift, clock_in, clock_out) VALUES ('A01', '2026-11-25', '早班', '08:00', '20:00')",
            [],
        )
        .unwrap();
    }
    let month = "2026-11".parse().unwrap();
    let records = db.dispatch_records(month, at(28, 9)).unwrap();
    let found = kaidan::domain::dispatch::detect_dispatch(month, &records);
    let summary: Vec<(&str, &str, String)> = found
        .iter()
        .map(|f| {
            (
                f.event.code.code(),
                f.event.staff_id.as_str(),
                f.event.day.to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("P10", "A01", "2026-11-24".to_owned()),
            ("P15", "B02", "2026-11-24".to_owned()),
            ("P17", "B02", "2026-11-25".to_owned()),
            ("P21", "A01", "2026-11-24".to_owned()),
            ("P21", "A01", "2026-11-25".to_owned()),
        ]
    );
    assert!(found[0].event.note.contains("少件 1 件（第 3 件）"));
}

/// Lines as a busy evening's truck to 湘潭 carries them: varied consignees and goods,
/// every seventh waybill partly loaded, every fifth paid on collection, some controlled.
fn sample_lines(count: usize) -> Vec<kaidan::domain::dispatch::ManifestLine> {
    const SHOPS: &[&str] = &[
        "湘潭县易俗河李记批发部",
        "雨湖区宏发五金经营部",
        "岳塘区美佳服饰店",
        "湘乡市金源汽配商行",
        "韶山市红星日用百货批发部",
        "湘潭县花石镇老王茶行",
    ];
    const GOODS: &[&str] = &["服装", "五金配件", "鞋子", "汽车配件", "日用百货", "茶叶"];
    const DESTS: &[(&str, &str)] = &[
        ("430321", "湘潭市 湘潭县"),
        ("430302", "湘潭市 雨湖区"),
        ("430304", "湘潭市 岳塘区"),
        ("430381", "湘潭市 湘乡市"),
    ];
    (0..count)
        .map(|i| {
            let pieces = u32::try_from(1 + (i * 7) % 23).unwrap();
            let partial = i % 7 == 3 && pieces > 1;
            let (dest_code, dest_name) = DESTS[i % DESTS.len()];
            kaidan::domain::dispatch::ManifestLine {
                number: format!("GZ261123{:04}", i + 1),
                dest_code: dest_code.into(),
                dest_name: dest_name.into(),
                consignee_name: SHOPS[i % SHOPS.len()].into(),
                consignee_phone: "13974214321".into(),
                goods_name: GOODS[i % GOODS.len()].into(),
                pieces,
                pieces_loaded: if partial { pieces - 1 } else { pieces },
                weight_kg: Decimal::from(25 * pieces) + d("0.5"),
                volume_m3: Decimal::new(i64::from(pieces) * 12, 2),
                collect_yuan: if i % 5 == 0 {
                    Decimal::from(80 + 15 * pieces)
                } else {
                    Decimal::ZERO
                },
                controlled_release: i % 11 == 4,
            }
        })
        .collect()
}

fn sheet<'a>(
    lines: &'a [kaidan::domain::dispatch::ManifestLine],
    totals: &'a kaidan::domain::dispatch::ManifestTotals,
) -> kaidan::documents::dispatch::manifest_pdf::ManifestSheet<'a> {
    kaidan::documents::dispatch::manifest_pdf::ManifestSheet {
        company: "广州市每地达物流有限公司",
        code: "GZF26112301",
        origin: "广州白云站",
        plate: "湘C12345",
        driver_name: "王师傅",
        driver_phone: "13812345678",
        route: "湘潭市 湘潭县、湘潭市 雨湖区、湘潭市 岳塘区、湘潭市 湘乡市",
        departure_at: at(23, 18),
        departed: true,
        created_by: "A01 张丽",
        lines,
        totals,
    }
}

fn page_text(doc: &lopdf::Document, page: u32) -> String {
    doc.extract_text(&[page])
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The manifest PDF of a real database manifest reads back with its header, the
/// 单票未装完 mark, the totals and both signature lines, on A4 landscape.
#[test]
fn manifest_pdf_reads_back() {
    let mut db = db();
    let w1 = issue(&mut db, &Order::to(XIANGTAN, 3), at(23, 9));
    let controlled = Order {
        controlled: true,
        ..Order::to(XIANGTAN, 2)
    };
    let w2 = issue(&mut db, &controlled, at(23, 9));
    let manifest = open_manifest(&mut db, &[XIANGTAN], at(23, 16));
    scan(&mut db, manifest, &w1.number, 1).unwrap();
    scan(&mut db, manifest, &w1.number, 2).unwrap();
    db.load_waybill(manifest, &w2.number, "A01", at(23, 17))
        .unwrap()
        .unwrap();
    let m = db.manifest(manifest).unwrap();
    let route = m.summary.route_text();
    let pdf = kaidan::documents::dispatch::manifest_pdf::manifest_pdf(
        &kaidan::documents::dispatch::manifest_pdf::ManifestSheet {
            code: &m.summary.code,
            route: &route,
            departure_at: m.summary.departure_at,
            departed: false,
            ..sheet(&m.lines, &m.totals)
        },
    )
    .unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    let page_id = doc.get_pages()[&1];
    let media = doc
        .get_object(page_id)
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let width = media[2].as_float().unwrap();
    let height = media[3].as_float().unwrap();
    assert!(width > height, "landscape: {width} × {height}");
    let text = page_text(&doc, 1);
    for expected in [
        "发车清单",
        m.summary.code.as_str(),
        "湘C12345",
        "王师傅",
        "（计划）",
        &w1.number,
        &w2.number,
        "2/3",
        "余1件",
        "控货",
        "合计2票",
        "4/5",
        "其中单票未装完1票",
        "240.00",
        "开单员（签字）",
        "司机（签字）",
        "第1页/共1页",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
}

/// 500 waybills run over several pages: the header repeats, every number is printed
/// once, and the totals and signatures are on the last page only.
#[test]
fn a_long_manifest_runs_over_pages() {
    let lines = sample_lines(500);
    let totals = kaidan::domain::dispatch::ManifestTotals::of(&lines);
    let pdf =
        kaidan::documents::dispatch::manifest_pdf::manifest_pdf(&sheet(&lines, &totals)).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages = u32::try_from(doc.get_pages().len()).unwrap();
    assert!(pages > 15, "{pages} pages");
    let mut all = String::new();
    for page in 1..=pages {
        let text = page_text(&doc, page);
        assert!(text.contains("运单号"), "header on page {page}");
        assert!(text.contains(&format!("第{page}页/共{pages}页")));
        assert_eq!(text.contains("司机（签字）"), page == pages, "page {page}");
        all.push_str(&text);
    }
    for line in &lines {
        assert_eq!(all.matches(&line.number).count(), 1, "{}", line.number);
    }
    assert!(all.contains("合计500票"));
    assert!(pdf.len() < 400_000, "{} bytes", pdf.len());
}

/// Writes sample manifests to `$KAIDAN_PDF_OUT` (default `target/pdfcheck`) for looking
/// at: `cargo test --test suite -- --ignored write_manifest_samples`, then
/// `pdftoppm -r 110 -png`.
#[test]
#[ignore = "writes files for inspection"]
fn write_manifest_samples() {
    let out = std::env::var_os("KAIDAN_PDF_OUT")
        .map_or_else(|| std::path::PathBuf::from("target/pdfcheck"), Into::into);
    std::fs::create_dir_all(&out).unwrap();
    for count in [15, 60] {
        let lines = sample_lines(count);
        let totals = kaidan::domain::dispatch::ManifestTotals::of(&lines);
        let pdf = kaidan::documents::dispatch::manifest_pdf::manifest_pdf(&sheet(&lines, &totals))
            .unwrap();
        std::fs::write(out.join(format!("manifest-{count}.pdf")), pdf).unwrap();
    }
}

/// P11: labels printed before loading, or a label scanned at loading, count as labelled;
/// a waybill loaded whole from stock without its labels ever printed is P11 for its clerk.
#[test]
fn loading_without_labels_is_p11() {
    use kaidan::domain::people::points::{EventCode, Rule};
    let mut db = db();
    let printed = issue(&mut db, &Order::to(XIANGTAN, 2), at(23, 9));
    let scanned = issue(&mut db, &Order::to(XIANGTAN, 2), at(23, 9));
    let bare = issue(&mut db, &Order::to(XIANGTAN, 2), at(23, 9));
    db.record_label_print(&printed.number, 1..=2, "A01", at(23, 10))
        .unwrap();
    let manifest = open_manifest(&mut db, &[XIANGTAN], at(23, 16));
    db.load_waybill(manifest, &printed.number, "A01", at(23, 17))
        .unwrap()
        .unwrap();
    scan(&mut db, manifest, &scanned.number, 1).unwrap();
    db.load_waybill(manifest, &bare.number, "A01", at(23, 17))
        .unwrap()
        .unwrap();
    let month = "2026-11".parse().unwrap();
    let p11: Vec<String> = db
        .detections_at(month, at(30, 12))
        .unwrap()
        .into_iter()
        .filter(|d| d.found.event.code == EventCode::Rule(Rule::P11))
        .map(|d| d.found.event.waybill_number)
        .collect();
    assert_eq!(p11, [bare.number]);
    // The print is on the waybill's timeline, and the stage did not move.
    let timeline = db.waybill_timeline(&printed.number).unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.action == "打印货签" && e.note == "全部 2 件")
    );
    assert_eq!(
        db.waybill_life(&printed.number).unwrap().stage,
        Stage::Loaded
    );
    assert!(db.check_waybill_events().unwrap().is_empty());
}
