//! 回访 after release (issue 18 item 2) through the storage API, on SQLite and on the test
//! server: a release waits for its call from the next day; unanswered calls are retried
//! and given up after the last try; a survey closes it once, a low score opening a
//! follow-up in the log in the same transaction; two desks calling at once record one
//! survey; the figures per clerk, per month and per customer.

use crate::cod::{Place, arrive, pickup};
use crate::dispatch::at;
use crate::dispatch::refused;
use kaidan::domain::desk::phone::Phone;
use kaidan::domain::desk::waybill::PaymentMethod;
use kaidan::domain::dispatch::pickup::PayChannel;
use kaidan::domain::people::Month;
use kaidan::domain::service::ServiceCategory;
use kaidan::domain::service::return_call::{CallAnswer, CallResult, MAX_ATTEMPTS, Release, Scores};
use kaidan::storage::Db;

/// A waybill picked up by B02 on 11-24 at 10:00.
fn picked_up(db: &mut Db) -> String {
    let w = arrive(db, "", false, PaymentMethod::Collect);
    pick_up(db, &w.number);
    w.number
}

/// `number`, arrived 提付 120, picked up and paid in cash by B02 on 11-24 at 10:00.
fn pick_up(db: &mut Db, number: &str) {
    let paid = pickup("120", PayChannel::Cash);
    db.record_pickup(number, &paid, "B02", at(24, 10)).unwrap();
}

fn no_answer() -> CallAnswer {
    CallAnswer {
        result: CallResult::NoAnswer,
        scores: None,
        comment: String::new(),
    }
}

fn survey(speed: u8, care: u8, attitude: u8, comment: &str) -> CallAnswer {
    CallAnswer {
        result: CallResult::Surveyed,
        scores: Some(Scores {
            speed,
            care,
            attitude,
        }),
        comment: comment.into(),
    }
}

#[test]
fn a_release_waits_for_its_call_and_unanswered_calls_are_retried_then_given_up() {
    for place in Place::all() {
        let mut db = place.counter();
        let w = crate::cod::arrive(&mut db, "", false, PaymentMethod::Collect);
        assert!(
            refused(db.record_return_call(&w.number, &no_answer(), "A01", at(24, 9)))
                .contains("尚未提货或送达")
        );
        pick_up(&mut db, &w.number);
        let due = db.return_calls_due(at(24, 12)).unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(
            (due[0].release, due[0].clerk_id.as_str()),
            (Release::PickUp, "B02")
        );
        assert_eq!(due[0].consignee_name, "湘潭县易俗河李记批发部");
        assert!(!due[0].due(at(24, 12)), "due from the next day");
        assert!(due[0].due(at(25, 9)));

        for n in 1..MAX_ATTEMPTS {
            db.record_return_call(&w.number, &no_answer(), "A01", at(25, 7 + 3 * n))
                .unwrap();
            let due = db.return_calls_due(at(25, 8 + 3 * n)).unwrap();
            assert_eq!(due[0].attempts, n);
            assert!(!due[0].due(at(25, 8 + 3 * n)), "retried hours later");
        }
        db.record_return_call(&w.number, &no_answer(), "A01", at(25, 18))
            .unwrap();
        assert!(db.return_calls_due(at(26, 9)).unwrap().is_empty());
        assert!(
            refused(db.record_return_call(&w.number, &survey(5, 5, 5, ""), "A01", at(26, 9)))
                .contains("次未接通")
        );
        let (all, by_clerk) = db.satisfaction(Month::of(at(25, 9).date())).unwrap();
        assert_eq!((all.surveyed, all.no_answer), (0, 1), "given up once");
        assert_eq!(by_clerk["B02"].no_answer, 1);
    }
}

#[test]
fn a_low_score_opens_a_follow_up_with_the_call_and_a_survey_is_taken_once() {
    for place in Place::all() {
        let mut db = place.counter();
        let number = picked_up(&mut db);
        let (_, follow_up) = db
            .record_return_call(
                &number,
                &survey(2, 5, 4, "比说好的晚了两天"),
                "A01",
                at(25, 9),
            )
            .unwrap();
        let item = db.service_item(follow_up.expect("a follow-up")).unwrap();
        assert_eq!(item.entry.category, ServiceCategory::Other);
        assert_eq!(item.entry.handler_id, "A01");
        assert_eq!(item.entry.waybill_number, number);
        assert!(
            item.entry.question.contains("时效 2"),
            "{}",
            item.entry.question
        );
        assert!(item.entry.question.contains("晚了两天"));
        assert!(item.answered_at.is_none(), "open until answered");

        assert!(
            refused(db.record_return_call(&number, &survey(5, 5, 5, ""), "S01", at(25, 10)))
                .contains("已于")
        );
        assert!(db.return_calls_due(at(25, 11)).unwrap().is_empty());

        let (all, by_clerk) = db.satisfaction(Month::of(at(25, 9).date())).unwrap();
        assert_eq!((all.surveyed, all.low), (1, 1));
        assert_eq!(
            by_clerk["B02"].summary(),
            "回访 1 次：时效 2 · 货物完好 5 · 服务态度 4，低分 1 次"
        );
        let next = Month::of(at(25, 9).date()).next();
        assert!(db.satisfaction(next).unwrap().0.is_empty());

        let consignee = db
            .customer_id_by_phone(&Phone::parse("0731-57123456").unwrap())
            .unwrap()
            .expect("the consignee's file");
        let calls = db.customer_return_calls(consignee).unwrap();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].follow_up_id, follow_up);
        let s = db
            .customer_satisfaction(consignee, Month::of(at(25, 9).date()))
            .unwrap();
        assert_eq!(s.surveyed, 1);
    }
}

#[test]
fn two_desks_calling_the_same_customer_at_once_record_one_survey() {
    for place in Place::all() {
        let mut db = place.counter();
        let number = picked_up(&mut db);
        let outcomes: Vec<_> = std::thread::scope(|s| {
            let calls: Vec<_> = [("A01", 4), ("S01", 5)]
                .into_iter()
                .map(|(by, score)| {
                    let counter = place.counter();
                    let number = number.clone();
                    s.spawn(move || {
                        counter.record_return_call(
                            &number,
                            &survey(score, score, score, ""),
                            by,
                            at(25, 9),
                        )
                    })
                })
                .collect();
            calls.into_iter().map(|c| c.join().unwrap()).collect()
        });
        assert_eq!(
            outcomes.iter().filter(|o| o.is_ok()).count(),
            1,
            "{outcomes:?}"
        );
        let calls = db.return_calls_of(&number).unwrap();
        assert_eq!(calls.len(), 1);
        assert!(
            db.satisfaction(Month::of(at(25, 9).date()))
                .unwrap()
                .0
                .surveyed
                == 1
        );
    }
}
