//! The registers after dispatch (transfer, receipt, exception, return, uploads) and what
//! the dispatch records feed the points detectors (P10, P11, P15, P17, P21).

use crate::dispatch::{Order, XIANGTAN, arrived, at, d, db, issue, open_manifest, refused, scan};
use kaidan::documents::desk::labels::label_code;
use kaidan::domain::desk::waybill::PaymentMethod;
use kaidan::domain::dispatch::{ExceptionDraft, ExceptionKind, NotifyMethod, Stage, TransferDraft};
use kaidan::storage::Db;

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
    crate::dispatch::clerks(&db);
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
