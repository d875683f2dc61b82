//! Delivery appointments (送货预约, issue 18 item 1) through the storage API, on SQLite
//! and on the test server: an appointment for goods waiting here, one open per waybill
//! (two desks at once make one), moved with a reason (the new one replaces it) or missed
//! (the goods wait for a new one); refused in the past and for goods already collected;
//! the day's appointments for the run sheets; 要求到货日期 near or past flagged.

use crate::cod::{Place, arrive, arrive_draft, pickup};
use crate::dispatch::refused;
use crate::dispatch::{XIANGTAN, at};
use chrono::{NaiveDate, NaiveTime};
use kaidan::domain::desk::waybill::{DeliveryMode, PaymentMethod, WaybillDraft};
use kaidan::domain::dispatch::appointment::{Appointment, AppointmentState};
use kaidan::domain::dispatch::pickup::PayChannel;

fn nov(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

fn agreed(day: u32, from: u32, to: u32, vehicle: &str) -> Appointment {
    Appointment {
        day: nov(day),
        from: NaiveTime::from_hms_opt(from, 0, 0).unwrap(),
        to: NaiveTime::from_hms_opt(to, 0, 0).unwrap(),
        address: "湘潭县易俗河镇建设路 18 号".into(),
        contact_name: "李老板".into(),
        contact_phone: "07315712345".into(),
        vehicle: vehicle.into(),
        said: "后门卸货".into(),
    }
}

#[test]
fn an_appointment_is_made_once_moved_with_a_reason_or_missed() {
    for place in Place::all() {
        let mut db = place.counter();
        let w = arrive(&mut db, "", true, PaymentMethod::Collect);
        let candidates = db.delivery_candidates(at(24, 9)).unwrap();
        assert_eq!(candidates.len(), 1);
        assert!(candidates[0].open.is_none() && !candidates[0].in_transit);

        assert!(
            refused(db.make_appointment(&w.number, &agreed(24, 8, 9, ""), "A01", at(24, 9)))
                .contains("已经过去")
        );
        let first = db
            .make_appointment(
                &w.number,
                &agreed(25, 9, 12, "湘C12345 王师傅"),
                "A01",
                at(24, 9),
            )
            .unwrap();
        assert!(
            refused(db.make_appointment(&w.number, &agreed(26, 9, 12, ""), "B02", at(24, 10)))
                .contains("改约")
        );
        let day = db.appointments_on(nov(25)).unwrap();
        assert_eq!(day.len(), 1);
        assert_eq!(day[0].waybill.number, w.number);
        assert_eq!(day[0].stored.appointment.vehicle, "湘C12345 王师傅");

        // The consignee asks for the afternoon of the day after.
        assert!(
            refused(db.move_appointment(first, &agreed(26, 14, 18, ""), " ", "A01", at(24, 11)))
                .contains("原因")
        );
        let second = db
            .move_appointment(
                first,
                &agreed(26, 14, 18, ""),
                "客户周三不在店",
                "A01",
                at(24, 11),
            )
            .unwrap();
        assert!(db.appointments_on(nov(25)).unwrap().is_empty());
        assert_eq!(db.appointments_on(nov(26)).unwrap().len(), 1);
        assert!(refused(db.miss_appointment(first, "重复", "A01", at(24, 12))).contains("已改约"));
        db.miss_appointment(second, "到店无人，电话未接", "B02", at(26, 16))
            .unwrap();
        let history = db.appointments_of(&w.number).unwrap();
        assert_eq!(
            history.iter().map(|a| a.state).collect::<Vec<_>>(),
            [AppointmentState::Moved, AppointmentState::Missed]
        );
        assert_eq!(history[1].replaces, Some(first));
        assert_eq!(history[1].closed.as_ref().unwrap().2, "到店无人，电话未接");
        // Missed: the goods wait for a new appointment.
        let again = db.delivery_candidates(at(26, 17)).unwrap();
        assert!(again[0].open.is_none());
        db.make_appointment(&w.number, &agreed(27, 9, 12, ""), "A01", at(26, 17))
            .unwrap();
    }
}

#[test]
fn goods_already_collected_take_no_appointment() {
    for place in Place::all() {
        let mut db = place.counter();
        let w = arrive(&mut db, "", false, PaymentMethod::Collect);
        db.record_pickup(
            &w.number,
            &pickup("120", PayChannel::Cash),
            "B02",
            at(24, 10),
        )
        .unwrap();
        assert!(
            refused(db.make_appointment(&w.number, &agreed(25, 9, 12, ""), "A01", at(24, 11)))
                .contains("已提货")
        );
    }
}

#[test]
fn two_desks_making_an_appointment_at_once_make_one() {
    for place in Place::all() {
        let mut db = place.counter();
        let w = arrive(&mut db, "", true, PaymentMethod::Collect);
        let outcomes: Vec<_> = std::thread::scope(|s| {
            let desks: Vec<_> = [("A01", 9), ("B02", 14)]
                .into_iter()
                .map(|(by, hour)| {
                    let counter = place.counter();
                    let number = w.number.clone();
                    s.spawn(move || {
                        counter.make_appointment(
                            &number,
                            &agreed(25, hour, hour + 3, ""),
                            by,
                            at(24, 9),
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
        assert_eq!(db.appointments_of(&w.number).unwrap().len(), 1);
    }
}

#[test]
fn goods_due_by_tomorrow_are_flagged() {
    for place in Place::all() {
        let mut db = place.counter();
        let due = arrive_draft(
            &mut db,
            &WaybillDraft {
                dest_code: XIANGTAN.into(),
                pieces: "1".into(),
                weight_kg: "30".into(),
                volume_m3: "0.1".into(),
                freight: "40".into(),
                delivery: DeliveryMode::Distribution,
                delivery_address: "湘潭县易俗河镇建设路 18 号".into(),
                arrival_date: "2026-11-25".into(),
                ..WaybillDraft::sample()
            },
        );
        arrive(&mut db, "", true, PaymentMethod::Collect);
        let risks = db.late_risks(at(24, 9)).unwrap();
        assert_eq!(risks.len(), 1);
        assert_eq!(risks[0].waybill.number, due.number);
        assert_eq!(risks[0].alert.as_deref(), Some("要求 11-25 到货，尚未送达"));
        assert!(db.late_risks(at(22, 9)).unwrap().is_empty(), "time enough");
    }
}

/// The day's appointments of one vehicle as its run sheet: landscape A4 with each line's
/// window, consignee, address, what to collect, and the totals. Set `KAIDAN_SAMPLES` to a
/// folder to keep the PDF for a look.
#[test]
fn a_vehicle_s_day_prints_as_its_run_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = kaidan::storage::Db::open(&dir.path().join("run.sqlite3")).unwrap();
    for (id, name, role) in [("A01", "张丽", "开单员"), ("B02", "王芳", "开单员")] {
        db.upsert_staff(&kaidan::storage::staff::StaffMember {
            id: id.into(),
            name: name.into(),
            role: role.into(),
        })
        .unwrap();
    }
    let collect = arrive(&mut db, "", true, PaymentMethod::Collect);
    let with_cod = arrive(&mut db, "2680", true, PaymentMethod::PayNow);
    let other = arrive(&mut db, "", true, PaymentMethod::PayNow);
    let truck = "湘C12345 王师傅";
    db.make_appointment(
        &with_cod.number,
        &agreed(25, 14, 18, truck),
        "A01",
        at(24, 9),
    )
    .unwrap();
    db.make_appointment(&collect.number, &agreed(25, 9, 12, truck), "A01", at(24, 9))
        .unwrap();
    db.make_appointment(
        &other.number,
        &agreed(25, 9, 12, "粤A88888"),
        "A01",
        at(24, 9),
    )
    .unwrap();
    let lines: Vec<_> = db
        .appointments_on(nov(25))
        .unwrap()
        .iter()
        .filter(|l| l.stored.appointment.vehicle == truck)
        .map(kaidan::storage::dispatch::appointments::AppointmentLine::run_line)
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].number, collect.number, "by window");
    let bytes = kaidan::documents::dispatch::run_sheet_pdf::run_sheet_pdf(
        "广州市每地达物流有限公司",
        "湘潭站",
        nov(25),
        truck,
        &lines,
        at(24, 17),
    )
    .unwrap();
    if let Some(path) = crate::kit::sample("run-sheet.pdf") {
        std::fs::write(path, &bytes).unwrap();
    }
    let (doc, pages) = crate::pdf::pages(&bytes);
    assert_eq!(pages.len(), 1);
    let text = crate::pdf::page_text(&doc, pages[0]);
    // Spaces are dropped from the page's text.
    for expected in [
        "送货派车单",
        "湘C12345王师傅",
        "2026-11-25",
        collect.number.as_str(),
        "09:00–12:00",
        "湘潭县易俗河镇建设路18号",
        "2680.00（代收）",
        "合计2票",
        "司机签字",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
}
