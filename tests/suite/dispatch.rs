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
use kaidan::domain::dispatch::{ManifestDraft, NotifyMethod, ScanRefusal, Stage};
use kaidan::storage::dispatch::{ImportOutcome, ManifestFilter, ManifestState, StockQuery};
use kaidan::storage::staff::StaffMember;
use kaidan::storage::{Db, StorageError};
use rust_decimal::Decimal;
use std::str::FromStr;

pub(crate) const XIANGTAN: &str = "430321";
const CHANGSHA: &str = "430121";

pub(crate) fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub(crate) fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

/// 赵师傅 sent out by B02 with `number` at `when`, collecting nothing on the way: the
/// delivery task's id.
pub(crate) fn send_out(db: &mut Db, number: &str, when: NaiveDateTime) -> i64 {
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
    db.create_delivery(number, &task, "B02", when).unwrap()
}

/// A01 张丽 and B02 王芳 on the staff list of `db`, as clerks.
pub(crate) fn clerks(db: &Db) {
    for (id, name) in [("A01", "张丽"), ("B02", "王芳")] {
        db.upsert_staff(&StaffMember {
            id: id.into(),
            name: name.into(),
            role: "开单员".into(),
        })
        .unwrap();
    }
}

pub(crate) fn db() -> Db {
    let db = Db::open_in_memory().unwrap();
    clerks(&db);
    db
}

pub(crate) struct Order {
    pub(crate) dest: &'static str,
    pub(crate) pieces: u32,
    pub(crate) payment: PaymentMethod,
    pub(crate) controlled: bool,
    pub(crate) delivery: bool,
    pub(crate) receipt: bool,
}

impl Order {
    pub(crate) fn to(dest: &'static str, pieces: u32) -> Self {
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

pub(crate) fn issue(db: &mut Db, order: &Order, when: NaiveDateTime) -> IssuedWaybill {
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

pub(crate) fn open_manifest(db: &mut Db, route: &[&str], when: NaiveDateTime) -> i64 {
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

pub(crate) fn scan(
    db: &mut Db,
    manifest: i64,
    number: &str,
    piece: u32,
) -> Result<u32, ScanRefusal> {
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

pub(crate) fn refused(result: Result<impl std::fmt::Debug, StorageError>) -> String {
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

pub(crate) fn arrived(db: &mut Db, order: &Order) -> IssuedWaybill {
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
    let facts = db.release_facts(&w.number, at(24, 12).date()).unwrap();
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
    let first = send_out(&mut db, &w.number, at(24, 10));
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
    let second = send_out(&mut db, &w.number, at(25, 10));
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

/// 保管费 (issue 16, M3): after the 7 free days each piece pays ¥1 a day; the pickup is
/// refused until it is paid with the freight, and the pickup's ledger line carries it; a
/// supervisor's waiver (once, with a reason) takes it off.
#[test]
fn storage_fee_is_collected_after_the_free_days_or_waived() {
    let mut db = db();
    let w = arrived(&mut db, &Order::to(XIANGTAN, 2));
    let dec4 = NaiveDate::from_ymd_opt(2026, 12, 4)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    // Arrived 11-24, collected 12-04: 10 days, 3 past the free 7, × 2 pieces × ¥1.
    let facts = db.release_facts(&w.number, dec4.date()).unwrap();
    assert_eq!(facts.dues.storage_fee_yuan, d("6"));
    let freight = facts.dues.collect_yuan;
    let (fee, _) = db.storage_fee(&w.number, dec4.date()).unwrap().unwrap();
    assert_eq!(fee.days_charged, 3);
    let short = pickup_draft(2, &freight.to_string())
        .validate(dec4.date())
        .unwrap();
    let refusal = refused(db.record_pickup(&w.number, &short, "B02", dec4));
    assert!(refusal.contains("提付运费和保管费"), "{refusal}");
    let full = pickup_draft(2, &(freight + d("6")).to_string())
        .validate(dec4.date())
        .unwrap();
    db.record_pickup(&w.number, &full, "B02", dec4).unwrap();
    let ledger = db.ledger(&w.number).unwrap();
    assert_eq!(ledger.last().unwrap().amount_yuan, freight + d("6"));

    // Waived by the supervisor: nothing to pay for storage, and only once.
    let other = arrived(&mut db, &Order::to(XIANGTAN, 1));
    assert!(refused(db.waive_storage_fee(&other.number, " ", "B02", dec4)).contains("原因"));
    db.waive_storage_fee(&other.number, "老客户，货等车位", "B02", dec4)
        .unwrap();
    let facts = db.release_facts(&other.number, dec4.date()).unwrap();
    assert_eq!(facts.dues.storage_fee_yuan, d("0"));
    assert!(
        db.storage_fee(&other.number, dec4.date())
            .unwrap()
            .is_none()
    );
    assert!(
        refused(db.waive_storage_fee(&other.number, "再免", "B02", dec4)).contains("已由 B02 免收")
    );
    assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
}

/// 要求到货日期 (issue 18 item 1, the alert): stock carries the date, and goods still here
/// the day before it, or after it, are flagged.
#[test]
fn stock_flags_goods_that_will_not_arrive_in_time() {
    let mut db = db();
    let draft = WaybillDraft {
        dest_code: XIANGTAN.into(),
        pieces: "1".into(),
        weight_kg: "100".into(),
        volume_m3: "0.5".into(),
        freight: "120".into(),
        arrival_date: "2026-11-24".into(),
        ..WaybillDraft::sample()
    };
    let waybill = draft.validate(&ValidationContext::lenient()).unwrap();
    let w = db.issue_waybill(&waybill, "A01", "GZ", at(22, 9)).unwrap();
    issue(&mut db, &Order::to(XIANGTAN, 1), at(22, 10));
    let today = at(23, 9).date();
    let stock = db.stock(&StockQuery::default(), today).unwrap();
    let alerts: Vec<(String, Option<String>)> = stock
        .iter()
        .map(|l| {
            (
                l.number.clone(),
                kaidan::domain::dispatch::arrival_alert(l.required_by, today),
            )
        })
        .collect();
    assert_eq!(alerts.len(), 2);
    assert_eq!(
        alerts[0],
        (
            w.number.clone(),
            Some("要求 11-24 到货，仍未发车".to_owned())
        )
    );
    assert_eq!(alerts[1].1, None);
}
