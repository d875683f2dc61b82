//! Tests of `domain::dispatch`.

use super::*;
use crate::domain::desk::destinations::Divisions;
use crate::domain::people::Month;
use crate::domain::people::points::{EventCode, EventSource, Rule};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn life(stage: Stage) -> Life {
    Life { stage, flow: stage }
}

/// Every allowed step of DOMAIN.md §3–4, with the stage it leads to.
#[test]
fn allowed_steps() {
    use Stage as S;
    let cases = [
        (S::Issued, Step::Load, S::Loaded),
        (S::Loaded, Step::Load, S::Loaded),
        (S::Departed, Step::Load, S::Departed),
        (S::Loaded, Step::Unload, S::Issued),
        (S::Loaded, Step::Depart, S::Departed),
        (S::Departed, Step::Depart, S::Departed),
        (S::Departed, Step::Arrive, S::Arrived),
        (S::Arrived, Step::Arrive, S::Arrived),
        (S::Notified, Step::Arrive, S::Notified),
        (S::Arrived, Step::Notify, S::Notified),
        (S::Notified, Step::Notify, S::Notified),
        (S::Arrived, Step::PickUp { complete: true }, S::PickedUp),
        (S::Notified, Step::PickUp { complete: true }, S::PickedUp),
        (S::Notified, Step::PickUp { complete: false }, S::Notified),
        (S::Notified, Step::SendOut, S::Notified),
        (S::Notified, Step::Deliver, S::Delivered),
        (S::Arrived, Step::Deliver, S::Delivered),
        (S::Issued, Step::Transfer, S::Transferred),
        (S::Notified, Step::Transfer, S::Transferred),
        (S::Issued, Step::Return, S::Returned),
        (S::Arrived, Step::Return, S::Returned),
        (S::Issued, Step::Void, S::Void),
    ];
    for (from, step, to) in cases {
        let after = life(from).after(step);
        assert_eq!(after.map(|l| l.stage), Ok(to), "{from:?} {step:?}");
    }
}

/// Impossible steps are refused with a reason naming the stage.
#[test]
fn refused_steps() {
    use Stage as S;
    let cases = [
        (S::Issued, Step::PickUp { complete: true }, "还没到站"),
        (S::Departed, Step::PickUp { complete: false }, "还没到站"),
        (S::Loaded, Step::Deliver, "还没到站"),
        (S::Departed, Step::Notify, "还没到站"),
        (S::Loaded, Step::Void, "请先从发车清单卸车"),
        (S::Departed, Step::Void, "已离开本站"),
        (S::Issued, Step::Depart, "请先扫描装车"),
        (S::Issued, Step::Arrive, "车还没有发出"),
        (S::Arrived, Step::Load, "已离开本站仓库"),
        (S::Departed, Step::Unload, "不能卸车"),
        (S::PickedUp, Step::PickUp { complete: true }, "已经交付"),
        (S::Delivered, Step::Notify, "已经交付"),
        (S::Transferred, Step::Deliver, "已经交付"),
        (S::Loaded, Step::Return, "卸车"),
        (S::Departed, Step::Transfer, "在途"),
        (S::Void, Step::Load, "已作废"),
        (S::Void, Step::Exception, "已作废"),
        (S::Void, Step::Void, "已作废"),
    ];
    for (from, step, words) in cases {
        let refused = life(from).after(step).unwrap_err();
        assert!(
            refused.reason.contains(words),
            "{from:?} {step:?}: {}",
            refused.reason
        );
        assert_eq!(refused.stage, from);
    }
    let refused = life(S::Issued)
        .after(Step::PickUp { complete: true })
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "运单已开单，不能提货：货物还没到站，到站核对后才能放货"
    );
}

/// An exception keeps the flow: a delayed truck still arrives, and after a damage
/// report at the far end the goods can still be collected.
#[test]
fn exceptions_keep_the_flow() {
    let delayed = life(Stage::Departed).after(Step::Exception).unwrap();
    assert_eq!(
        delayed,
        Life {
            stage: Stage::Exception,
            flow: Stage::Departed
        }
    );
    assert_eq!(
        delayed.after(Step::Arrive).unwrap(),
        life(Stage::Arrived),
        "arrives after the delay"
    );
    assert!(delayed.after(Step::PickUp { complete: true }).is_err());
    let twice = delayed.after(Step::Exception).unwrap();
    assert_eq!(twice.flow, Stage::Departed);
    let after_pickup = life(Stage::PickedUp).after(Step::Exception).unwrap();
    assert!(after_pickup.after(Step::Notify).is_err());
}

#[test]
fn stage_labels_round_trip() {
    for stage in Stage::ALL {
        assert_eq!(Stage::from_label(stage.label()), Some(stage));
    }
    assert!(Stage::PickedUp.is_final());
    assert!(!Stage::Notified.is_final());
}

#[test]
fn scan_codes() {
    let cases = [
        ("GZ26112300070001", Some(("GZ2611230007", 1))),
        (" gz26112300070012\r\n", Some(("GZ2611230007", 12))),
        ("GZ26112300079999", Some(("GZ2611230007", 9999))),
        ("GZ26112300070000", None),
        ("0001", None),
        ("GZ2611230007000A", None),
        ("GZ-2611230007-0001", None),
        ("", None),
    ];
    for (typed, expected) in cases {
        let parsed = ScanCode::parse(typed);
        assert_eq!(
            parsed.as_ref().map(|c| (c.number.as_str(), c.piece)),
            expected,
            "{typed:?}"
        );
    }
    let code = ScanCode::parse("GZ26112300070012").unwrap();
    assert_eq!(code.code(), "GZ26112300070012");
}

fn facts<'a>(
    scan: &'a ScanCode,
    waybill: Option<LoadWaybill<'a>>,
    route: &'a [String],
) -> LoadFacts<'a> {
    LoadFacts {
        manifest_code: "GZF26112301",
        manifest_departed: false,
        route_codes: route,
        route_names: "湘潭市 湘潭县",
        scan,
        waybill,
        on_this_manifest: false,
        on_other_manifest: None,
        other_station: None,
    }
}

/// A loading scan: accepted, or refused at once for each reason of the issue.
#[test]
fn loading_scans_are_judged() {
    type Edit = fn(&mut LoadFacts<'_>);
    let route = vec!["430321".to_owned()];
    let scan = ScanCode::parse("GZ26112300070003").unwrap();
    let waybill = LoadWaybill {
        pieces: 12,
        dest_code: "430321",
        dest_name: "湘潭市 湘潭县",
        void: false,
        life: Life::ISSUED,
    };
    assert_eq!(
        judge_load(&facts(&scan, Some(waybill), &route)),
        Ok(life(Stage::Loaded))
    );
    let cases: [(&str, Edit, &str); 9] = [
        ("unknown", |f| f.waybill = None, "找不到运单"),
        (
            "void",
            |f| {
                if let Some(w) = f.waybill.as_mut() {
                    w.void = true;
                }
            },
            "已作废",
        ),
        (
            "too many pieces",
            |f| {
                if let Some(w) = f.waybill.as_mut() {
                    w.pieces = 2;
                }
            },
            "只有 2 件",
        ),
        ("duplicate", |f| f.on_this_manifest = true, "重复扫描"),
        (
            "other truck",
            |f| f.on_other_manifest = Some("GZF26112201"),
            "GZF26112201",
        ),
        (
            "wrong destination",
            |f| {
                if let Some(w) = f.waybill.as_mut() {
                    w.dest_code = "430121";
                    w.dest_name = "长沙市 长沙县";
                }
            },
            "到站不符",
        ),
        (
            "delivered",
            |f| {
                if let Some(w) = f.waybill.as_mut() {
                    w.life = Life {
                        stage: Stage::PickedUp,
                        flow: Stage::PickedUp,
                    };
                }
            },
            "已提货",
        ),
        ("locked", |f| f.manifest_departed = true, "已发车锁定"),
        (
            "another station's",
            |f| f.other_station = Some("岳阳站"),
            "岳阳站开的单",
        ),
    ];
    for (name, edit, words) in cases {
        let mut f = facts(&scan, Some(waybill), &route);
        edit(&mut f);
        let refusal = judge_load(&f).unwrap_err();
        assert!(refusal.to_string().contains(words), "{name}: {refusal}");
    }
}

#[test]
fn plates() {
    for (typed, normal) in [
        ("湘C12345", "湘C12345"),
        ("湘c 12345", "湘C12345"),
        ("粤A·D12345", "粤AD12345"),
        ("粤B-12345挂", "粤B12345挂"),
    ] {
        assert_eq!(normalize_plate(typed).as_deref(), Ok(normal), "{typed}");
    }
    for bad in [
        "",
        "C12345",
        "湘12345",
        "湘C1234",
        "湘C1234567",
        "AB12345",
        "粤B1234挂",
    ] {
        assert!(normalize_plate(bad).is_err(), "{bad}");
    }
}

#[test]
fn manifest_header() {
    let draft = ManifestDraft {
        plate: "湘c12345".into(),
        driver_name: "王师傅".into(),
        driver_phone: "139 1234 5678".into(),
        route_codes: vec!["430321".into(), "430302".into(), "430321".into()],
        departure: "2026/11/23 18:00".into(),
    };
    let header = draft.validate(Divisions::bundled()).unwrap();
    assert_eq!(header.plate, "湘C12345");
    assert_eq!(header.route_codes, ["430321", "430302"]);
    assert_eq!(header.route_names[0], "湘潭市 湘潭县");
    assert_eq!(header.driver_phone.as_str(), "13912345678");
    let errors = ManifestDraft::default()
        .validate(Divisions::bundled())
        .unwrap_err();
    let fields: Vec<ManifestField> = errors.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            ManifestField::Plate,
            ManifestField::Driver,
            ManifestField::DriverPhone,
            ManifestField::Route,
            ManifestField::Departure
        ]
    );
    let bad_code = ManifestDraft {
        route_codes: vec!["430300".into()],
        ..draft
    };
    assert_eq!(
        bad_code.validate(Divisions::bundled()).unwrap_err()[0].field,
        ManifestField::Route
    );
}

fn line(number: &str, pieces: u32, loaded: u32, weight: &str, collect: &str) -> ManifestLine {
    ManifestLine {
        number: number.into(),
        dest_code: "430321".into(),
        dest_name: "湘潭市 湘潭县".into(),
        consignee_name: "李记".into(),
        consignee_phone: "13912345678".into(),
        goods_name: "服装".into(),
        pieces,
        pieces_loaded: loaded,
        weight_kg: d(weight),
        volume_m3: d("1.2"),
        collect_yuan: d(collect),
        controlled_release: false,
    }
}

/// Totals count pieces on the truck; a partly loaded waybill weighs its share and
/// is marked 单票未装完 with the count left.
#[test]
fn totals_and_partial_loads() {
    let lines = [
        line("A", 12, 12, "300", "255"),
        line("B", 10, 7, "100", "0"),
        line("C", 3, 0, "90", "80"),
    ];
    let totals = ManifestTotals::of(&lines);
    assert_eq!(totals.waybills, 2);
    assert_eq!(totals.pieces_loaded, 19);
    assert_eq!(totals.pieces, 22);
    assert_eq!(totals.partial_waybills, 1);
    assert_eq!(totals.weight_kg, d("370"));
    assert_eq!(totals.volume_m3, d("2.04"));
    assert_eq!(totals.collect_yuan, d("255"));
    assert_eq!(
        lines[1].partial_mark().as_deref(),
        Some("单票未装完，余 3 件")
    );
    assert_eq!(lines[0].partial_mark(), None);
}

#[test]
fn departure_of_an_empty_manifest_is_refused() {
    let empty = ManifestTotals::default();
    assert!(
        check_departure("GZF26112301", false, &empty)
            .unwrap_err()
            .contains("还没有装任何货物")
    );
    let loaded = ManifestTotals::of(&[line("A", 1, 1, "10", "0")]);
    assert_eq!(check_departure("GZF26112301", false, &loaded), Ok(()));
    assert!(check_departure("GZF26112301", true, &loaded).is_err());
}

#[test]
fn arrival_piece_check() {
    let check = PieceCheck {
        loaded: [1, 2, 3, 4, 5].into(),
        received: [1, 2, 5, 6].into(),
    };
    assert_eq!(check.missing(), [3, 4]);
    assert_eq!(check.extra(), [6]);
    assert!(!check.matches());
    assert_eq!(piece_ranges(&[1, 2, 3, 7, 9, 10]), "1–3, 7, 9–10");
    assert_eq!(piece_ranges(&[]), "");
}

#[test]
fn notification_deadline() {
    let at = |h: u32| {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    };
    assert_eq!(overdue_hours(at(8), at(19), 12), None);
    assert_eq!(overdue_hours(at(8), at(20), 12), None, "exactly in time");
    assert_eq!(overdue_hours(at(8), at(21), 12), Some(13));
    assert_eq!(
        manifest_code("GZF", NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), 1),
        "GZF26112301"
    );
}

#[test]
fn exceptions_and_transfers() {
    let draft = ExceptionDraft {
        kind: ExceptionKind::Damage,
        responsible: "装卸".into(),
        note: "第 3 件外箱压坏".into(),
        claim: "200".into(),
    };
    assert_eq!(draft.validate().unwrap().claim_yuan, d("200.00"));
    let no_note = ExceptionDraft {
        note: " ".into(),
        ..draft.clone()
    };
    assert!(no_note.validate().unwrap_err().contains("破损"));
    let negative = ExceptionDraft {
        claim: "-5".into(),
        ..draft
    };
    assert!(negative.validate().is_err());
    let transfer = TransferDraft {
        carrier: "顺心物流".into(),
        carrier_number: "SX123456".into(),
        fee: "80".into(),
        rebate: "10".into(),
        note: String::new(),
    };
    let record = transfer.validate().unwrap();
    assert_eq!(
        (record.fee_yuan, record.rebate_yuan),
        (d("80.00"), d("10.00"))
    );
    for edit in [
        |t: &mut TransferDraft| t.carrier.clear(),
        |t: &mut TransferDraft| t.carrier_number.clear(),
        |t: &mut TransferDraft| t.fee.clear(),
        |t: &mut TransferDraft| t.rebate = "x".into(),
    ] {
        let mut t = transfer.clone();
        edit(&mut t);
        assert!(t.validate().is_err(), "{t:?}");
    }
    assert_eq!(check_pieces(3, 5), Ok(3));
    assert!(check_pieces(0, 5).is_err());
    assert!(check_pieces(6, 5).is_err());
    assert!(check_pieces(1, 0).is_err());
}
#[test]
fn event_hashes_chain() {
    let a = event_hash("0", &["GZ1", "2026-11-23 09:00:00", "A01", "装车"]);
    assert_eq!(a.len(), 64);
    assert_ne!(
        a,
        event_hash("1", &["GZ1", "2026-11-23 09:00:00", "A01", "装车"])
    );
    assert_ne!(
        a,
        event_hash("0", &["GZ", "12026-11-23 09:00:00", "A01", "装车"])
    );
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
fn time(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

fn records() -> DispatchRecords {
    DispatchRecords {
        pieces_mismatches: vec![
            PiecesMismatch {
                number: "GZ1".into(),
                clerk_id: "A01".into(),
                pieces: 5,
                manifest_code: "GZF26112301".into(),
                kind: Discrepancy::Missing,
                piece_numbers: vec![4, 5],
                found_at: time("2026-11-24 08:00"),
            },
            PiecesMismatch {
                number: "GZ1".into(),
                clerk_id: "A01".into(),
                pieces: 5,
                manifest_code: "GZF26112301".into(),
                kind: Discrepancy::Extra,
                piece_numbers: vec![6],
                found_at: time("2026-11-24 08:00"),
            },
            PiecesMismatch {
                number: "GZ9".into(),
                clerk_id: "A01".into(),
                pieces: 1,
                manifest_code: "GZF26103101".into(),
                kind: Discrepancy::Missing,
                piece_numbers: vec![1],
                found_at: time("2026-10-31 08:00"),
            },
        ],
        arrivals: vec![
            ArrivalFacts {
                number: "GZ2".into(),
                staff_id: "B02".into(),
                arrived_at: time("2026-11-24 08:00"),
                resolved_at: Some(time("2026-11-24 20:00")),
            },
            ArrivalFacts {
                number: "GZ3".into(),
                staff_id: "B02".into(),
                arrived_at: time("2026-11-24 08:00"),
                resolved_at: Some(time("2026-11-24 21:00")),
            },
            ArrivalFacts {
                number: "GZ4".into(),
                staff_id: "B02".into(),
                arrived_at: time("2026-11-29 08:00"),
                resolved_at: None,
            },
            ArrivalFacts {
                number: "GZ5".into(),
                staff_id: "B02".into(),
                arrived_at: time("2026-11-30 12:00"),
                resolved_at: None,
            },
        ],
        pickups: vec![
            PickupFacts {
                id: 1,
                number: "GZ6".into(),
                staff_id: "B02".into(),
                at: time("2026-11-25 10:00"),
                has_id: true,
                has_signature: true,
            },
            PickupFacts {
                id: 2,
                number: "GZ7".into(),
                staff_id: "B02".into(),
                at: time("2026-11-25 11:00"),
                has_id: false,
                has_signature: true,
            },
            PickupFacts {
                id: 3,
                number: "GZ8".into(),
                staff_id: "B02".into(),
                at: time("2026-11-25 12:00"),
                has_id: true,
                has_signature: false,
            },
        ],
        upload_days: vec![
            UploadDay {
                staff_id: "A01".into(),
                day: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                uploads: 5,
            },
            UploadDay {
                staff_id: "A01".into(),
                day: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
                uploads: 4,
            },
            UploadDay {
                staff_id: "B02".into(),
                day: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
                uploads: 0,
            },
            // Today is not over yet.
            UploadDay {
                staff_id: "A01".into(),
                day: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                uploads: 0,
            },
        ],
        uploads_since: NaiveDate::from_ymd_opt(2026, 11, 2),
        ..DispatchRecords::empty(time("2026-11-30 18:00"))
    }
}

/// P11: a waybill loaded before any label of it was printed, and not by scanning one,
/// is one event for its issuing clerk; from the first label kaidan printed on.
#[test]
fn p11_loaded_without_labels() {
    let month: Month = "2026-11".parse().unwrap();
    let load = |number: &str, at: &str, labelled: bool| FirstLoad {
        number: number.into(),
        clerk_id: "A01".into(),
        manifest_code: "GZF26112001".into(),
        loaded_at: time(at),
        labelled,
    };
    let records = DispatchRecords {
        loads: vec![
            // Before kaidan printed any label: labels were made elsewhere.
            load("GZ01", "2026-11-01 18:00", false),
            load("GZ02", "2026-11-20 18:00", false),
            load("GZ03", "2026-11-20 18:05", true),
            // Another month.
            load("GZ04", "2026-12-01 09:00", false),
        ],
        labels_since: NaiveDate::from_ymd_opt(2026, 11, 10),
        ..DispatchRecords::empty(time("2026-12-01 10:00"))
    };
    let found = detect_unlabelled_loads(month, &records);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].event.code, EventCode::Rule(Rule::P11));
    assert_eq!(found[0].event.waybill_number, "GZ02");
    assert_eq!(found[0].event.staff_id, "A01");
    assert!(
        found[0].event.note.contains("未打印货签"),
        "{}",
        found[0].event.note
    );
    let none = DispatchRecords {
        labels_since: None,
        ..records
    };
    assert!(detect_unlabelled_loads(month, &none).is_empty());
}

/// P10, P15, P17 and P21 found in the dispatch records, one event per waybill, pickup
/// or day, with the evidence in the note.
#[test]
fn dispatch_detectors() {
    let month: Month = "2026-11".parse().unwrap();
    let found = detect_dispatch(month, &records());
    let summary: Vec<(String, &str, &str)> = found
        .iter()
        .map(|f| {
            (
                f.event.code.code().to_owned(),
                f.event.staff_id.as_str(),
                f.evidence_key.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("P10".to_owned(), "A01", "GZF26112301:GZ1"),
            ("P15".to_owned(), "B02", "GZ3"),
            ("P15".to_owned(), "B02", "GZ4"),
            ("P17".to_owned(), "B02", "pickup:2"),
            ("P17".to_owned(), "B02", "pickup:3"),
            ("P21".to_owned(), "A01", "A01:2026-11-03"),
            ("P21".to_owned(), "B02", "B02:2026-11-03"),
        ]
    );
    assert_eq!(
        found[0].event.note,
        "运单 GZ1 开单 5 件，清单 GZF26112301 到货核对：少件 2 件（第 4–5 件），多件 1 件（第 6 件）"
    );
    assert_eq!(found[0].event.waybill_number, "GZ1");
    assert!(
        found[1].event.note.contains("才通知（13 小时）"),
        "{}",
        found[1].event.note
    );
    assert!(
        found[2].event.note.contains("仍未通知"),
        "{}",
        found[2].event.note
    );
    assert!(found[3].event.note.contains("未写身份证号"));
    assert!(found[4].event.note.contains("未签名"));
    assert!(found[5].event.note.contains("4 条"));
    assert!(
        found
            .iter()
            .all(|f| f.event.source == EventSource::Detected)
    );
}
