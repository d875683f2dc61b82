//! Requests, appeals of events, handovers, departures, attachments and the on-duty check
//! in the database (issue 16 phase 2).

use super::tests::{
    db_with_supervisor, event, leave_request, nov, now, points, punch, refused_with,
    short_charged_waybill, waybill,
};
use crate::domain::money::format_yuan;
use crate::domain::people::attendance::{HandoverNotes, OnDuty, Punch, ShiftKey, ShiftKind};
use crate::domain::people::points::{EventCode, EventSource, PointEvent, Rule};
use crate::domain::people::requests::{AppealOutcome, RequestKind, RequestStatus};
use crate::domain::people::{Departure, Month};
use crate::storage::sql::NO_ARGS;
use crate::storage::{Db, StorageError};
use crate::testing::{at, day};

/// DOMAIN.md §8 row 11 in the database: a request counts once a supervisor approves
/// it; a locked month refuses new requests and decisions.
#[test]
fn requests_count_once_approved_and_lock_with_the_month() {
    let mut db = db_with_supervisor();
    db.import_punches(&[punch("A01", "2026-11-02", "", "")])
        .unwrap();
    assert_eq!(points(&db, "A01"), 100 - 8 + 6, "absent");
    let stored = db
        .add_request(
            &leave_request("A01", "2026-11-02", "2026-11-02"),
            at("2026-11-01 18:00"),
        )
        .unwrap();
    assert_eq!(
        db.pending_requests().unwrap(),
        std::slice::from_ref(&stored)
    );
    assert_eq!(points(&db, "A01"), 98, "pending: not leave");
    refused_with(
        db.decide_request(stored.id, true, "A02", now()),
        "只有主管可以审批",
    );
    let decided = db.decide_request(stored.id, true, "S01", now()).unwrap();
    assert_eq!(decided.request.status, RequestStatus::Approved);
    assert!(db.pending_requests().unwrap().is_empty());
    assert_eq!(points(&db, "A01"), 106, "approved: excused, no A12");
    let listed = db
        .requests_between(day("2026-11-02"), day("2026-11-02"))
        .unwrap();
    assert_eq!(listed[0].request.decided_by.as_deref(), Some("S01"));
    // The supervisor can change the decision while the month is open.
    db.decide_request(stored.id, false, "S01", now()).unwrap();
    assert_eq!(points(&db, "A01"), 98);
    db.decide_request(stored.id, true, "S01", now()).unwrap();

    db.lock_month(nov(), "S01", now()).unwrap();
    let before = db.month_review(nov(), now()).unwrap();
    refused_with(
        db.decide_request(stored.id, false, "S01", now()),
        "2026-11 的考核已锁定",
    );
    refused_with(
        db.add_request(&leave_request("A01", "2026-10-31", "2026-11-01"), now()),
        "2026-11 的考核已锁定",
    );
    assert!(
        db.sql()
            .execute("UPDATE attendance_requests SET status = '驳回'", NO_ARGS)
            .is_err(),
        "the trigger guards the locked month"
    );
    assert_eq!(db.month_review(nov(), now()).unwrap(), before);
    // December is open.
    db.add_request(&leave_request("A01", "2026-12-01", "2026-12-01"), now())
        .unwrap();
}

/// Appeals within 5 working days, decided by the supervisor with a reason; a
/// withdrawn event no longer counts; a late appeal names its deadline; a pending
/// appeal blocks the lock; a locked month refuses appeals.
#[test]
fn appeals_change_the_review_until_the_month_is_locked() {
    let mut db = db_with_supervisor();
    // 2026-11-06 is a Friday: the deadline is Friday 11-13.
    db.add_point_events(&[event("A01", "2026-11-06", "P1")], now())
        .unwrap();
    let id = db.point_events(nov()).unwrap()[0].id;
    refused_with(
        db.appeal_event(id, "A01", "当时在接电话", at("2026-11-16 09:00")),
        "申诉已超过期限：事件日期 2026-11-06，须在 5 个工作日内（2026-11-13 前，含当天）提出",
    );
    refused_with(
        db.appeal_event(id, "A02", "理由", at("2026-11-09 09:00")),
        "只能对自己的扣分",
    );
    let appeal_id = db
        .appeal_event(id, "A01", "当时在接电话", at("2026-11-13 17:00"))
        .unwrap();
    refused_with(
        db.appeal_event(id, "A01", "再申诉", at("2026-11-13 17:30")),
        "已经申诉过（待处理）",
    );
    assert_eq!(db.appeals(nov()).unwrap()[0].status_label(), "待处理");
    refused_with(
        db.decide_appeal(appeal_id, AppealOutcome::Withdrawn, "", "S01", now()),
        "请填写维持或撤销的理由",
    );
    refused_with(
        db.decide_appeal(appeal_id, AppealOutcome::Withdrawn, "理由", "A02", now()),
        "只有主管可以处理申诉",
    );
    refused_with(db.lock_month(nov(), "S01", now()), "还有 1 条申诉未处理");
    assert_eq!(points(&db, "A01"), 99);
    let decided = db
        .decide_appeal(
            appeal_id,
            AppealOutcome::Withdrawn,
            "监控显示当时在接电话",
            "S01",
            now(),
        )
        .unwrap();
    assert!(decided.is_withdrawn());
    assert_eq!(points(&db, "A01"), 106, "withdrawn: no deduction, so B2");
    refused_with(
        db.decide_appeal(appeal_id, AppealOutcome::Upheld, "再议", "S01", now()),
        "该申诉已处理（撤销）",
    );

    // A detection appealed and upheld still counts, and is frozen at lock.
    short_charged_waybill(&mut db, "GZ0001", "A02", "2026-11-20 09:15:00");
    let found = db.detections(nov()).unwrap()[0].found.clone();
    let detection_appeal = db
        .appeal_detection(&found, "A02", "客户是老客户", at("2026-11-23 09:00"))
        .unwrap();
    assert!(db.detections(nov()).unwrap()[0].appeal.is_some());
    db.decide_appeal(
        detection_appeal,
        AppealOutcome::Upheld,
        "未经批准的优惠",
        "S01",
        now(),
    )
    .unwrap();
    assert_eq!(points(&db, "A02"), 99);
    db.lock_month(nov(), "S01", now()).unwrap();
    let frozen = db.point_events(nov()).unwrap();
    assert_eq!(frozen.len(), 2, "P1 (withdrawn, kept) and the frozen P8");
    assert_eq!(points(&db, "A01"), 106, "still withdrawn after the lock");
    assert_eq!(points(&db, "A02"), 99);
    refused_with(
        db.appeal_event(frozen[1].id, "A02", "理由", at("2026-11-23 10:00")),
        "2026-11 的考核已锁定",
    );
}

/// A detection withdrawn on appeal does not count, and is not frozen at lock.
#[test]
fn withdrawn_detection_is_not_frozen() {
    let mut db = db_with_supervisor();
    short_charged_waybill(&mut db, "GZ0001", "A01", "2026-11-20 09:15:00");
    let found = db.detections(nov()).unwrap()[0].found.clone();
    let id = db
        .appeal_detection(&found, "A01", "报价表当天已调价", at("2026-11-20 18:00"))
        .unwrap();
    db.decide_appeal(id, AppealOutcome::Withdrawn, "核实调价属实", "S01", now())
        .unwrap();
    assert!(!db.detections(nov()).unwrap()[0].counts());
    assert_eq!(points(&db, "A01"), 106);
    db.lock_month(nov(), "S01", now()).unwrap();
    assert!(db.point_events(nov()).unwrap().is_empty());
    assert_eq!(points(&db, "A01"), 106);
}

/// DOMAIN.md §6: the handover sums the clerk's waybills of the shift by payment
/// method; the next clerk accepts it; a worked shift without one is P20 from the
/// first handover recorded.
#[test]
fn handovers_sum_the_shift_and_missing_ones_are_p20() {
    let mut db = db_with_supervisor();
    let night = |id: &str, d: &str, clock_in: &str, clock_out: &str| Punch {
        shift: ShiftKind::Night,
        ..punch(id, d, clock_in, clock_out)
    };
    db.import_punches(&[
        punch("A01", "2026-11-02", "07:50", "20:10"),
        punch("A01", "2026-11-03", "08:00", "20:00"),
        night("A01", "2026-11-04", "19:55", "08:00"),
        punch("A01", "2026-11-05", "", ""),
        punch("S01", "2026-11-03", "08:00", "20:00"),
    ])
    .unwrap();
    waybill(&db, "GZ01", "A01", "2026-11-02 07:55:00", "现付", 10_000);
    waybill(&db, "GZ02", "A01", "2026-11-02 12:00:00", "提付", 30_000);
    waybill(&db, "GZ03", "A01", "2026-11-02 20:05:00", "现付", 5_000);
    waybill(&db, "GZ04", "A01", "2026-11-02 21:00:00", "现付", 99_900);
    waybill(&db, "GZ05", "A01", "2026-11-02 13:00:00", "月结", 7_000);
    db.sql()
        .execute(
            "UPDATE waybills SET status = '作废' WHERE number = 'GZ05'",
            NO_ARGS,
        )
        .unwrap();
    waybill(&db, "GZ06", "A02", "2026-11-02 13:00:00", "现付", 8_000);
    waybill(&db, "GZ07", "A01", "2026-11-05 02:00:00", "回单付", 4_500);

    let summary = db
        .handover_summary("A01", day("2026-11-02"), ShiftKind::Early)
        .unwrap();
    let figures: Vec<(&str, u32, String)> = summary
        .by_payment
        .iter()
        .map(|t| (t.payment.label(), t.waybills, format_yuan(t.total_yuan)))
        .collect();
    assert_eq!(
        figures,
        [
            ("现付", 2, "150.00".to_owned()),
            ("提付", 1, "300.00".to_owned()),
            ("月结", 0, "0.00".to_owned()),
            ("回单付", 0, "0.00".to_owned()),
            ("货款扣", 0, "0.00".to_owned()),
        ]
    );
    assert_eq!(format_yuan(summary.cash_yuan()), "150.00");
    let night_summary = db
        .handover_summary("A01", day("2026-11-04"), ShiftKind::Night)
        .unwrap();
    assert_eq!(format_yuan(night_summary.total_yuan()), "45.00");
    refused_with(
        db.handover_summary("A01", day("2026-11-04"), ShiftKind::Rest),
        "只有早班、中班、晚班需要交接",
    );

    // No handover was ever recorded: no P20 yet.
    assert_eq!(points(&db, "A01"), 100 - 8 + 6);
    let key = ShiftKey {
        staff_id: "A01".into(),
        day: day("2026-11-02"),
        shift: ShiftKind::Early,
    };
    let notes = HandoverNotes {
        open_problems: "GZ02 收货方电话打不通".into(),
        open_notifications: String::new(),
        stock_note: "库存 12 票".into(),
    };
    let handover = db
        .record_handover(&key, &notes, at("2026-11-02 20:12"))
        .unwrap();
    assert_eq!(handover.summary, summary);
    assert_eq!(db.handover(&key).unwrap().unwrap(), handover);
    // From now on: the 11-03 and 11-04 shifts of A01 lack a handover (11-05 had no
    // punch; S01 is not a clerk).
    let p20: Vec<String> = db
        .detections(nov())
        .unwrap()
        .into_iter()
        .filter(|d| d.found.event.code == EventCode::Rule(Rule::P20))
        .map(|d| d.found.evidence_key)
        .collect();
    assert_eq!(p20, ["A01 2026-11-03 早班", "A01 2026-11-04 晚班"]);
    assert_eq!(points(&db, "A01"), 100 - 8 - 4);
    // P20 waits for the shift to end: during the night shift of 11-04 it has its
    // handover still to come, from its 08:00 end on it is missing.
    let p20_at = |now: &str| {
        db.detections_at(nov(), at(now))
            .unwrap()
            .into_iter()
            .filter(|d| d.found.event.code == EventCode::Rule(Rule::P20))
            .map(|d| d.found.evidence_key)
            .collect::<Vec<_>>()
    };
    assert_eq!(p20_at("2026-11-05 07:30"), ["A01 2026-11-03 早班"]);
    assert_eq!(
        p20_at("2026-11-05 08:00"),
        ["A01 2026-11-03 早班", "A01 2026-11-04 晚班"]
    );

    refused_with(
        db.accept_handover(handover.id, "A01", at("2026-11-02 20:15")),
        "不能接收自己的交接",
    );
    assert_eq!(db.handovers_to_accept().unwrap().len(), 1);
    let accepted = db
        .accept_handover(handover.id, "A02", at("2026-11-02 20:15"))
        .unwrap();
    assert_eq!(accepted.accepted_by.as_deref(), Some("A02"));
    assert!(db.handovers_to_accept().unwrap().is_empty());
    refused_with(
        db.record_handover(&key, &notes, at("2026-11-02 20:30")),
        "该交接已由 A02 接收",
    );
    let night_key = ShiftKey {
        day: day("2026-11-04"),
        shift: ShiftKind::Night,
        ..key
    };
    db.record_handover(
        &night_key,
        &HandoverNotes::default(),
        at("2026-11-05 08:05"),
    )
    .unwrap();
    assert_eq!(
        db.handovers_between(day("2026-11-01"), day("2026-11-30"))
            .unwrap()
            .len(),
        2
    );
    assert_eq!(points(&db, "A01"), 100 - 8 - 2);
}

/// An entered event's attachment is copied next to the database and named on the
/// event; the original may go. A locked month refuses the event and copies nothing.
#[test]
fn an_entered_event_keeps_a_copy_of_its_attachment() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("k.sqlite3")).unwrap();
    db.import_staff(&db_with_supervisor().staff_records().unwrap())
        .unwrap();
    let original = dir.path().join("投诉录音.m4a");
    std::fs::write(&original, b"recording").unwrap();
    let event = PointEvent {
        staff_id: "A02".into(),
        day: day("2026-11-20"),
        code: EventCode::Rule(Rule::P19),
        quantity: 1,
        waybill_number: String::new(),
        note: "客户投诉态度差".into(),
        source: EventSource::Manual,
        charge_yuan: None,
    };
    let id = db
        .add_point_event_with_attachment(&event, Some(&original), now())
        .unwrap();
    std::fs::remove_file(&original).unwrap();
    let stored = db.point_events(nov()).unwrap();
    assert_eq!((stored[0].id, &stored[0].event), (id, &event));
    let kept = stored[0].attachment.clone().unwrap();
    assert!(kept.starts_with("attachments/投诉录音-"), "{kept}");
    let file = db.attachment_file(&kept).unwrap();
    assert_eq!(std::fs::read(file).unwrap(), b"recording");
    // Without an attachment, as the events import has always been.
    db.add_point_event_with_attachment(&event, None, now())
        .unwrap();
    assert_eq!(db.point_events(nov()).unwrap()[1].attachment, None);

    let other = dir.path().join("照片.jpg");
    std::fs::write(&other, b"photo").unwrap();
    let folder = db.attachments_dir().unwrap();
    let copies = || std::fs::read_dir(&folder).unwrap().count();
    // Refused in a locked month, and by the database (nobody of that number) after the
    // copy was made: no copy stays behind either way.
    let unknown = PointEvent {
        staff_id: "Z99".into(),
        day: day("2026-12-01"),
        ..event.clone()
    };
    db.lock_month(nov(), "S01", now()).unwrap();
    for refused in [&event, &unknown] {
        let added = db.add_point_event_with_attachment(refused, Some(&other), now());
        assert!(added.is_err());
        assert_eq!(copies(), 1, "nothing copied for a refused event");
    }
}

/// Two supervisors attach the same photo at the same instant, one to an event the
/// database refuses (nobody of that number): the one written keeps its evidence. The
/// copy is made under the event's writer lock and taken back before the lock goes, so
/// the refused event cannot remove a copy the other has just named. A file or a schema
/// on the test server, two connections, two threads, a few rounds.
#[test]
fn one_photo_attached_twice_at_once_stays_with_the_event_written() {
    let place = crate::storage::test_server::SharedPlace::new();
    let first = place.counter().unwrap();
    crate::storage::staff::hire(&first, &[("A02", "王强", "开单员")]);
    let folder = tempfile::tempdir().unwrap();
    let mut counters = [first, place.counter().unwrap()];
    for round in 0..8 {
        let photo = folder.path().join(format!("破损{round}.jpg"));
        std::fs::write(&photo, format!("photo {round}")).unwrap();
        let gate = std::sync::Barrier::new(2);
        let [a, b] = &mut counters;
        std::thread::scope(|s| {
            for (db, staff) in [(a, "Z99"), (b, "A02")] {
                let (gate, photo) = (&gate, &photo);
                s.spawn(move || {
                    let e = event(staff, "2026-11-20", Rule::P19.code());
                    gate.wait();
                    let written = db.add_point_event_with_attachment(&e, Some(photo), now());
                    assert_eq!(written.is_ok(), staff == "A02", "{written:?}");
                });
            }
        });
    }
    let events = counters[0].point_events(nov()).unwrap();
    assert_eq!(events.len(), 8);
    for stored in events {
        let kept = stored.attachment.unwrap();
        let bytes = counters[1].attachment_bytes(&kept).unwrap();
        assert!(bytes.is_some(), "{kept} lost");
    }
}

#[test]
fn departures_set_the_leave_date_and_the_pay_date() {
    let mut db = db_with_supervisor();
    let resigned = Departure::resignation("A02", day("2026-11-01"), day("2026-11-05")).unwrap();
    db.record_departure(&resigned, "S01", now()).unwrap();
    assert_eq!(db.departures().unwrap(), [resigned]);
    let staff = db.staff_records().unwrap();
    assert_eq!(staff[1].left_on, Some(day("2026-11-20")));
    let review = db.month_review(nov(), now()).unwrap();
    let a02 = &review.people[1];
    assert_eq!((a02.days_employed, a02.pay_date), (20, day("2026-11-21")));
    assert_eq!(format_yuan(a02.pay_yuan), "2826.67");

    db.lock_month(nov(), "S01", now()).unwrap();
    db.record_departure(
        &Departure::without_approval("A02", None, day("2026-11-12")),
        "S01",
        now(),
    )
    .unwrap();
    assert_eq!(
        db.month_review(nov(), now()).unwrap(),
        review,
        "frozen as signed"
    );
    let dec: Month = "2026-12".parse().unwrap();
    assert!(
        db.month_review(dec, now())
            .unwrap()
            .people
            .iter()
            .all(|p| p.staff_id != "A02")
    );
    db.clear_departure("A02").unwrap();
    assert_eq!(db.staff_records().unwrap()[1].left_on, None);
    assert!(matches!(
        db.clear_departure("A02"),
        Err(StorageError::NotFound(_))
    ));
    refused_with(
        db.record_departure(
            &Departure::dismissal("A01", day("2024-01-01")),
            "S01",
            now(),
        ),
        "早于入职日期",
    );
}

/// The on-duty check reads the clock-in records as the schedule (yesterday's night
/// shift runs into this morning) and approved overtime; overrides are recorded.
#[test]
fn on_duty_and_overrides() {
    let mut db = db_with_supervisor();
    db.import_punches(&[Punch {
        shift: ShiftKind::Night,
        ..punch("A01", "2026-11-03", "", "")
    }])
    .unwrap();
    assert!(matches!(
        db.on_duty("A01", at("2026-11-04 03:00")).unwrap(),
        OnDuty::Shift {
            shift: ShiftKind::Night,
            ..
        }
    ));
    let off = db.on_duty("A01", at("2026-11-04 12:00")).unwrap();
    assert!(!off.is_on_duty());
    let mut overtime = leave_request("A01", "2026-11-04 10:00", "2026-11-04 14:00");
    overtime.kind = RequestKind::Overtime;
    let stored = db.add_request(&overtime, now()).unwrap();
    assert!(
        !db.on_duty("A01", at("2026-11-04 12:00"))
            .unwrap()
            .is_on_duty()
    );
    db.decide_request(stored.id, true, "S01", now()).unwrap();
    assert!(matches!(
        db.on_duty("A01", at("2026-11-04 12:00")).unwrap(),
        OnDuty::Overtime { .. }
    ));
    assert!(matches!(
        db.on_duty("Z99", at("2026-11-04 12:00")),
        Err(StorageError::NotFound(_))
    ));

    refused_with(
        db.record_override("A02", "A01", at("2026-11-04 16:00"), "顶班", ""),
        "只有主管可以授权",
    );
    refused_with(
        db.record_override("S01", "A01", at("2026-11-04 16:00"), " ", ""),
        "请填写授权原因",
    );
    let id = db
        .record_override(
            "S01",
            "A01",
            at("2026-11-04 16:00"),
            "晚班同事病假，临时顶班",
            "GZ2611040001",
        )
        .unwrap();
    let listed = db
        .duty_overrides(day("2026-11-04"), day("2026-11-04"))
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    assert_eq!(listed[0].grant.waybill_number, "GZ2611040001");
    assert!(
        db.sql()
            .execute("DELETE FROM duty_overrides", NO_ARGS)
            .is_err(),
        "append-only"
    );
}

/// A clerk appeals an event while the supervisor locks its month, in the same instant,
/// from two counters: the appeal is in what is signed (and the lock is refused while it
/// waits) or it meets a locked month; never an appeal left pending in a locked month,
/// where no one could decide it. Two connections to one database, two threads.
#[test]
fn an_appeal_and_the_months_lock_at_once_never_leave_an_undecidable_appeal() {
    for _round in 0..3 {
        let place = crate::storage::test_server::SharedPlace::new();
        let mut clerk = place.counter().unwrap();
        let mut supervisor_row = super::tests::person("S01");
        supervisor_row.role = crate::domain::people::Role::Supervisor;
        clerk
            .import_staff(&[
                super::tests::person("A01"),
                super::tests::person("A02"),
                supervisor_row,
            ])
            .unwrap();
        clerk
            .add_point_events(&[event("A01", "2026-11-06", "P1")], now())
            .unwrap();
        let id = clerk.point_events(nov()).unwrap()[0].id;
        let mut supervisor = place.counter().unwrap();
        let gate = std::sync::Barrier::new(2);
        let (appealed, locked) = std::thread::scope(|s| {
            let appeal = s.spawn(|| {
                gate.wait();
                clerk.appeal_event(id, "A01", "当时在接电话", at("2026-11-13 17:00"))
            });
            let lock = s.spawn(|| {
                gate.wait();
                supervisor.lock_month(nov(), "S01", now())
            });
            (appeal.join().unwrap(), lock.join().unwrap())
        });
        match (&appealed, &locked) {
            (Ok(_), Err(StorageError::Refused(m))) => assert!(m.contains("申诉未处理"), "{m}"),
            (Err(StorageError::Refused(m)), Ok(())) => assert!(m.contains("已锁定"), "{m}"),
            other => panic!("one of the two goes first: {other:?}"),
        }
        let pending = place
            .counter()
            .unwrap()
            .appeals(nov())
            .unwrap()
            .iter()
            .filter(|a| a.decision.is_none())
            .count();
        let is_locked = place
            .counter()
            .unwrap()
            .locked_months()
            .unwrap()
            .contains(&nov());
        assert!(
            !(is_locked && pending > 0),
            "a pending appeal in a locked month"
        );
    }
}
