//! Exceptions followed to closure (异常跟进, issue 18 item 3) through the storage API, on
//! SQLite and on the test server: a delivery refused, an exception registered and pieces
//! missing at arrival each become a case; steps are written once; a case closes only with
//! an owner, the customer told and, for 拒收, the shipper's decision with its return
//! waybill; two desks closing at once close it once.

use crate::cod::{Place, arrive};
use crate::dispatch::at;
use crate::dispatch::refused;
use kaidan::domain::desk::waybill::{PaymentMethod, ValidationContext, WaybillDraft};
use kaidan::domain::dispatch::pickup::DeliveryResult;
use kaidan::domain::dispatch::{ExceptionKind, ExceptionRecord};
use kaidan::domain::service::cases::{CaseKind, CaseSource, Decision, Step};
use kaidan::storage::Db;
use rust_decimal::Decimal;

/// A delivery waybill sent out on 11-24 09:00 and refused at 15:00; its case's key.
pub(crate) fn refused_delivery(db: &mut Db) -> (String, String) {
    let w = arrive(db, "", true, PaymentMethod::PayNow);
    let task_id = crate::dispatch::send_out(db, &w.number, at(24, 9));
    db.record_delivery_result(
        task_id,
        DeliveryResult::Refused,
        None,
        "收货方说没订这批货",
        "B02",
        at(24, 15),
    )
    .unwrap();
    (w.number, CaseSource::Delivery.key(task_id))
}

#[test]
fn a_refused_delivery_is_followed_to_its_return_waybill_and_closed_once() {
    for place in Place::all() {
        let mut db = place.counter();
        let (number, key) = refused_delivery(&mut db);
        let cases = db.cases(at(25, 9), false).unwrap();
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].key(), key);
        assert_eq!(cases[0].kind, CaseKind::Refusal);
        assert_eq!(cases[0].waybill_number, number);
        assert!(cases[0].what.contains("没订这批货"), "{}", cases[0].what);
        assert!(cases[0].untold_too_long(at(25, 16)));

        let close = Step::Close("已退回发货方".into());
        assert!(refused(db.add_case_step(&key, &close, "S01", at(25, 9))).contains("指派"));
        assert!(
            refused(db.add_case_step(&key, &Step::Assign("Z99".into()), "S01", at(25, 9)))
                .contains("Z99")
        );
        db.add_case_step(&key, &Step::Assign("B03".into()), "S01", at(25, 9))
            .unwrap();
        db.add_case_step(
            &key,
            &Step::Told("电话告知发货方张丽".into()),
            "B03",
            at(25, 10),
        )
        .unwrap();
        db.add_case_step(&key, &Step::Next("等发货方决定".into()), "B03", at(25, 10))
            .unwrap();
        assert!(refused(db.add_case_step(&key, &close, "B03", at(25, 11))).contains("发货方决定"));
        let no_such = Step::Decision(
            Decision::Return,
            "收货方未订货".into(),
            "GZ0000000000".into(),
        );
        assert!(refused(db.add_case_step(&key, &no_such, "B03", at(25, 11))).contains("不存在"));
        let back = WaybillDraft {
            remarks: format!("退货：原运单 {number}"),
            dest_code: "440111".into(),
            pieces: "2".into(),
            weight_kg: "100".into(),
            volume_m3: "0.5".into(),
            freight: "120".into(),
            ..WaybillDraft::sample()
        }
        .validate(&ValidationContext::lenient())
        .unwrap();
        let back = db.issue_waybill(&back, "B03", "GZ", at(25, 11)).unwrap();
        let decision = Step::Decision(Decision::Return, "收货方未订货".into(), back.number.clone());
        db.add_case_step(&key, &decision, "B03", at(25, 11))
            .unwrap();
        db.add_case_step(&key, &close, "B03", at(25, 12)).unwrap();

        assert!(db.cases(at(25, 13), false).unwrap().is_empty());
        let shown = db.cases(at(25, 13), true).unwrap();
        let case = &shown[0];
        assert_eq!(case.owner(), "B03");
        assert_eq!(case.told_at(), Some(at(25, 10)));
        assert_eq!(case.next_step(), Some("等发货方决定"));
        assert_eq!(
            case.decision(),
            Some((Decision::Return, back.number.clone()))
        );
        assert!(
            refused(db.add_case_step(&key, &Step::Next("再看看".into()), "S01", at(25, 14)))
                .contains("已于")
        );
        assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
    }
}

#[test]
fn an_exception_registered_and_pieces_missing_at_arrival_are_cases_too() {
    for place in Place::all() {
        let mut db = place.counter();
        let w = arrive(&mut db, "", false, PaymentMethod::Collect);
        db.record_exception(
            &w.number,
            &ExceptionRecord {
                kind: ExceptionKind::Damage,
                responsible: "装卸".into(),
                note: "外箱压破".into(),
                claim_yuan: Decimal::ZERO,
            },
            "B02",
            at(24, 11),
        )
        .unwrap();
        let cases = db.cases(at(24, 12), false).unwrap();
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].kind, CaseKind::Damage);
        assert_eq!(cases[0].source, CaseSource::Register);
        assert!(cases[0].what.contains("装卸"));
        assert!(
            refused(db.add_case_step(
                &cases[0].key(),
                &Step::Decision(Decision::Hold, "暂存".into(), String::new()),
                "S01",
                at(24, 13)
            ))
            .contains("只有拒收")
        );
        // A truck whose second piece never came off: 少件 at the arrival check.
        let short = WaybillDraft {
            dest_code: crate::dispatch::XIANGTAN.into(),
            pieces: "2".into(),
            weight_kg: "50".into(),
            volume_m3: "0.2".into(),
            freight: "60".into(),
            ..WaybillDraft::sample()
        }
        .validate(&ValidationContext::lenient())
        .unwrap();
        let short = db.issue_waybill(&short, "A01", "GZ", at(23, 9)).unwrap();
        let manifest =
            crate::dispatch::open_manifest(&mut db, &[crate::dispatch::XIANGTAN], at(23, 16));
        db.load_waybill(manifest, &short.number, "A01", at(23, 17))
            .unwrap()
            .unwrap();
        db.depart_manifest(manifest, "A01", at(23, 18)).unwrap();
        db.scan_arrival(
            manifest,
            &kaidan::documents::desk::labels::label_code(&short.number, 1),
            "B02",
            at(24, 8),
        )
        .unwrap()
        .unwrap();
        db.finish_arrival(manifest, "B02", at(24, 8)).unwrap();
        let cases = db.cases(at(24, 12), false).unwrap();
        let missing = cases
            .iter()
            .find(|c| c.source == CaseSource::Arrival)
            .expect("the missing piece is a case");
        assert_eq!(missing.kind, CaseKind::Loss);
        assert_eq!(missing.waybill_number, short.number);
        // Long closed cases leave the list; open ones stay for half a year.
        assert_eq!(
            db.cases(at(24, 12) + chrono::Duration::days(100), false)
                .unwrap()
                .len(),
            2
        );
    }
}

#[test]
fn two_desks_closing_one_case_at_once_close_it_once() {
    for place in Place::all() {
        let mut db = place.counter();
        let (_, key) = refused_delivery(&mut db);
        db.add_case_step(&key, &Step::Assign("B02".into()), "S01", at(25, 9))
            .unwrap();
        db.add_case_step(&key, &Step::Told("已电话告知".into()), "B02", at(25, 9))
            .unwrap();
        db.add_case_step(
            &key,
            &Step::Decision(Decision::Redeliver, "收货方同意再送".into(), String::new()),
            "B02",
            at(25, 9),
        )
        .unwrap();
        let outcomes: Vec<_> = std::thread::scope(|s| {
            let desks: Vec<_> = ["B02", "S01"]
                .into_iter()
                .map(|by| {
                    let counter = place.counter();
                    let key = key.clone();
                    s.spawn(move || {
                        counter.add_case_step(
                            &key,
                            &Step::Close(format!("{by} 结案：已重新送达")),
                            by,
                            at(26, 9),
                        )
                    })
                })
                .collect();
            desks.into_iter().map(|d| d.join().unwrap()).collect()
        });
        assert_eq!(
            outcomes.iter().filter(|o| o.is_ok()).count(),
            1,
            "{outcomes:?}"
        );
        let case = db.case(&key).unwrap();
        assert_eq!(
            case.steps
                .iter()
                .filter(|s| matches!(s.step, Step::Close(_)))
                .count(),
            1
        );
    }
}
