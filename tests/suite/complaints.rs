//! Complaints as counted (issue 18 item 4) through the storage API, on SQLite and on the
//! test server: a complaint with its channel and cause, replied to, transferred with the
//! reason and answered; its trail kept once; two desks transferring it at once move it
//! once; the month's statistics (times, rate, per 1,000 waybills) and their PDF and XLSX.

use crate::cod::{Place, arrive};
use crate::dispatch::at;
use crate::dispatch::refused;
use kaidan::domain::desk::waybill::PaymentMethod;
use kaidan::domain::people::Month;
use kaidan::domain::service::complaints::{Cause, Channel, TrailKind, TransferTo};
use kaidan::domain::service::{ServiceCategory, ServiceEntry};
use kaidan::storage::{Db, StorageError};

/// A complaint on WeChat about a delay, taken by A01 on 11-23 at 09:00.
fn complaint(db: &Db, number: &str) -> i64 {
    db.add_service_item(
        &ServiceEntry {
            received_at: at(23, 9),
            caller_name: "李老板".into(),
            phone: "13912345678".into(),
            waybill_number: number.into(),
            category: ServiceCategory::Complaint,
            channel: Channel::WeChat,
            cause: Some(Cause::Delay),
            question: "说好两天到，三天了还没到".into(),
            handler_id: "A01".into(),
        },
        "A01",
        at(23, 9),
    )
    .unwrap()
}

#[test]
fn a_complaint_is_replied_to_transferred_and_answered_and_counted() {
    for place in Place::all() {
        let mut db = place.counter();
        let w = arrive(&mut db, "", false, PaymentMethod::Collect);
        let id = complaint(&db, &w.number);
        assert!(refused(db.reply_service_item(id, " ", "A01", at(23, 10))).contains("回复"));
        db.reply_service_item(id, "已在查，下午回电", "A01", at(23, 10))
            .unwrap();
        assert!(
            refused(db.transfer_service_item(
                id,
                &TransferTo::Person("Z99".into()),
                "送货组处理",
                "A01",
                at(23, 11)
            ))
            .contains("Z99")
        );
        let no_station =
            db.transfer_service_item(id, &TransferTo::Station(99), "转长沙", "A01", at(23, 11));
        assert!(
            matches!(&no_station, Err(StorageError::NotFound(m)) if m.contains("99")),
            "{no_station:?}"
        );
        db.transfer_service_item(
            id,
            &TransferTo::Person("B02".into()),
            "到站送货的事，转到站处理",
            "A01",
            at(23, 11),
        )
        .unwrap();
        let item = db.service_item(id).unwrap();
        assert_eq!(item.current_handler(), "B02");
        assert_eq!(item.entry.handler_id, "A01", "P14 stays with who took it");
        assert_eq!(item.trail.len(), 2);
        assert!(matches!(item.trail[1].kind, TrailKind::Transfer(ref to, _) if to == "B02"));
        assert_eq!(item.first_response_at(), Some(at(23, 10)));

        db.answer_service_item(id, "已送达并致歉", "B02", at(24, 9))
            .unwrap();
        assert!(refused(db.reply_service_item(id, "再说一句", "B02", at(24, 10))).contains("已于"));

        let stats = db.complaint_stats(Month::of(at(23, 9).date())).unwrap();
        assert_eq!(stats.count(), 1);
        assert_eq!(stats.waybills, 1);
        assert_eq!(stats.by_cause()[0].count, 1);
        assert_eq!(
            stats.by_channel()[1].label,
            "微信",
            "the channels in their order"
        );
        assert_eq!(stats.by_channel()[1].count, 1);
        assert_eq!(stats.first_response_hours().unwrap().to_string(), "1.0");
        assert_eq!(stats.resolution_hours().unwrap().to_string(), "24.0");
        assert_eq!(stats.resolution_rate().unwrap().to_string(), "100.0");
        assert_eq!(stats.per_thousand().unwrap().to_string(), "1000.00");
        assert_eq!(stats.transferred(), 1);
        assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());

        let pdf = kaidan::documents::service::complaint_stats_pdf::complaint_stats_pdf(
            "广州市每地达物流有限公司",
            "广州白云站",
            &stats,
            at(30, 17),
        )
        .unwrap();
        if let Some(path) = crate::kit::sample("complaints.pdf") {
            std::fs::write(path, &pdf).unwrap();
        }
        let (doc, pages) = crate::pdf::pages(&pdf);
        let text = crate::pdf::page_text(&doc, pages[0]);
        for expected in [
            "投诉统计月报",
            "时效延误",
            "100.0%",
            "1000.00",
            "1.0小时",
            "24.0小时",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        let xlsx = kaidan::documents::service::complaint_stats_xlsx::complaint_stats_xlsx(
            &stats,
            "广州白云站",
        )
        .unwrap();
        assert!(xlsx.starts_with(b"PK"));
    }
}

#[test]
fn two_desks_transferring_one_complaint_at_once_move_it_once() {
    for place in Place::all() {
        let db = place.counter();
        let id = complaint(&db, "");
        let outcomes: Vec<_> = std::thread::scope(|s| {
            let desks: Vec<_> = ["A01", "S01"]
                .into_iter()
                .map(|by| {
                    let counter = place.counter();
                    s.spawn(move || {
                        counter.transfer_service_item(
                            id,
                            &TransferTo::Person("B03".into()),
                            "转给赵敏处理",
                            by,
                            at(23, 10),
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
        assert_eq!(db.service_item(id).unwrap().trail.len(), 1);
    }
}

/// Two desks answer one complaint at the same moment: the first answer stands (the time
/// P14 measures), the second desk is told it was answered.
#[test]
fn two_desks_answering_one_complaint_at_once_answer_it_once() {
    for place in Place::all() {
        let db = place.counter();
        let id = complaint(&db, "");
        let gate = std::sync::Barrier::new(2);
        let outcomes: Vec<_> = std::thread::scope(|s| {
            let desks: Vec<_> = [("A01", "已安排重新派送"), ("S01", "已道歉并补偿运费")]
                .into_iter()
                .map(|(by, outcome)| {
                    let (counter, gate) = (place.counter(), &gate);
                    s.spawn(move || {
                        gate.wait();
                        counter
                            .answer_service_item(id, outcome, by, at(23, 10))
                            .map(|()| outcome)
                    })
                })
                .collect();
            desks.into_iter().map(|d| d.join().unwrap()).collect()
        });
        let given: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
        assert_eq!(given.len(), 1, "{outcomes:?}");
        let refused = outcomes.iter().find_map(|o| o.as_ref().err()).unwrap();
        assert!(
            refused.to_string().contains("已于 11-23 10:00 答复"),
            "{refused}"
        );
        assert_eq!(db.service_item(id).unwrap().outcome, *given[0]);
    }
}
