//! 代收货款 at the arriving station (issue 17) through the storage API: the pickup and the
//! delivery refuse until it is collected with the freight; what is collected goes to the
//! shipper's ledger, never the station's; a supervisor may let the goods go without it,
//! once, with a reason; two counters releasing the same goods at once collect it once.

use crate::dispatch::{Order, XIANGTAN, at, d, db, open_manifest};
use kaidan::documents::desk::labels::label_code;
use kaidan::domain::desk::waybill::{
    CodFeePayer, DeliveryMode, IssuedWaybill, PaymentMethod, ValidationContext, WaybillDraft,
};
use kaidan::domain::dispatch::pickup::{
    DeliveryResult, PayChannel, Payment, PickupDraft, Signature,
};
use kaidan::storage::{Db, StorageError};

/// A 提付 waybill of ¥120 freight collecting `cod` for the shipper, arrived on 11-24.
fn arrived_cod(db: &mut Db, cod: &str, delivery: bool) -> IssuedWaybill {
    arrive(db, cod, delivery, PaymentMethod::Collect)
}

/// ¥3,000 of goods' money arrived for self-pickup and released by B02 on the 24th at
/// 10:00 against ¥3,120 (the ¥120 提付 and the goods' money) taken by `channel`.
fn collected_cod(db: &mut Db, channel: PayChannel) -> IssuedWaybill {
    let w = arrived_cod(db, "3000", false);
    db.record_pickup(&w.number, &pickup("3120", channel), "B02", at(24, 10))
        .unwrap();
    w
}

/// As [`arrived_cod`], self-pickup, paid by `payment`.
fn arrived_cod_paying(db: &mut Db, cod: &str, payment: PaymentMethod) -> IssuedWaybill {
    arrive(db, cod, false, payment)
}

pub(crate) fn arrive(
    db: &mut Db,
    cod: &str,
    delivery: bool,
    payment: PaymentMethod,
) -> IssuedWaybill {
    let draft = WaybillDraft {
        dest_code: XIANGTAN.into(),
        pieces: "2".into(),
        weight_kg: "100".into(),
        volume_m3: "0.5".into(),
        freight: "120".into(),
        payment,
        cod: cod.into(),
        cod_fee_payer: CodFeePayer::FromGoodsMoney,
        delivery: if delivery {
            DeliveryMode::Distribution
        } else {
            DeliveryMode::SelfPickup
        },
        delivery_address: if delivery {
            "湘潭县易俗河镇建设路 18 号".into()
        } else {
            String::new()
        },
        ..WaybillDraft::sample()
    };
    arrive_draft(db, &draft)
}

/// `draft` issued on 11-23, loaded and departed, and checked in here on 11-24 at 08:00.
pub(crate) fn arrive_draft(db: &mut Db, draft: &WaybillDraft) -> IssuedWaybill {
    let waybill = draft.validate(&ValidationContext::lenient()).unwrap();
    let w = db.issue_waybill(&waybill, "A01", "GZ", at(23, 9)).unwrap();
    let manifest = open_manifest(db, &[XIANGTAN], at(23, 16));
    db.load_waybill(manifest, &w.number, "A01", at(23, 17))
        .unwrap()
        .unwrap();
    db.depart_manifest(manifest, "A01", at(23, 18)).unwrap();
    for piece in 1..=waybill.pieces {
        db.scan_arrival(manifest, &label_code(&w.number, piece), "B02", at(24, 8))
            .unwrap()
            .unwrap();
    }
    db.finish_arrival(manifest, "B02", at(24, 8)).unwrap();
    w
}

pub(crate) fn pickup(
    amount: &str,
    channel: PayChannel,
) -> kaidan::domain::dispatch::pickup::Pickup {
    PickupDraft {
        collector_name: "李四".into(),
        id_type: kaidan::domain::desk::idcard::IdType::MainlandId,
        id_number: "11010519491231002X".into(),
        signature: Signature(vec![vec![(0.1, 0.4), (0.6, 0.6)]]),
        pieces: 2,
        payment_amount: amount.into(),
        payment_channel: Some(channel),
        note: String::new(),
    }
    .validate(at(24, 10).date())
    .unwrap()
}

fn refused<T: std::fmt::Debug>(result: Result<T, StorageError>) -> String {
    match result {
        Err(StorageError::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Where a test's counters keep their data: a SQLite file, and a schema of its own on
/// the test server when there is one (`KAIDAN_TEST_POSTGRES`; CI always has one).
pub(crate) enum Place {
    File(tempfile::TempDir),
    Server(kaidan::storage::test_server::PgSchema),
}

impl Place {
    /// Every place this run can test on, each with the staff of these tests.
    pub(crate) fn all() -> Vec<Self> {
        let mut out = vec![Self::File(tempfile::tempdir().unwrap())];
        if let Some(server) = kaidan::storage::test_server::server() {
            out.push(Self::Server(kaidan::storage::test_server::PgSchema::new(
                &server,
            )));
        }
        for place in &out {
            let db = place.counter();
            for (id, name, role) in [
                ("A01", "张丽", "开单员"),
                ("B02", "王芳", "开单员"),
                ("B03", "赵敏", "开单员"),
                ("S01", "刘建国", "主管"),
                ("S02", "陈红", "主管"),
            ] {
                db.upsert_staff(&kaidan::storage::staff::StaffMember {
                    id: id.into(),
                    name: name.into(),
                    role: role.into(),
                })
                .unwrap();
            }
        }
        out
    }

    /// One more counter on the place's database.
    pub(crate) fn counter(&self) -> Db {
        match self {
            Self::File(dir) => Db::open(&dir.path().join("station.sqlite3")).unwrap(),
            Self::Server(schema) => Db::open_server(&schema.url()).unwrap(),
        }
    }
}

#[test]
fn a_pickup_collects_the_goods_price_into_the_shippers_ledger() {
    let mut db = db();
    let w = arrived_cod(&mut db, "3000", false);
    let facts = db.release_facts(&w.number, at(24, 10).date()).unwrap();
    assert_eq!(
        (facts.dues.collect_yuan, facts.dues.cod_yuan),
        (d("120"), d("3000"))
    );
    let refusal = refused(db.record_pickup(
        &w.number,
        &pickup("120", PayChannel::Cash),
        "B02",
        at(24, 10),
    ));
    assert!(refusal.contains("须先收清提付运费和代收货款"), "{refusal}");
    assert!(refusal.contains("应收 3120.00 元"), "{refusal}");
    assert!(db.cod_lines(&w.number).unwrap().is_empty());

    db.record_pickup(
        &w.number,
        &pickup("3120", PayChannel::WeChat),
        "B02",
        at(24, 10),
    )
    .unwrap();
    // The freight and the fee (1% of 3000, taken from the goods' money) are the
    // station's; the rest of the goods' price is the shipper's, apart.
    let ledger = db.ledger(&w.number).unwrap();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].amount_yuan, d("150"));
    let cod = db.cod_lines(&w.number).unwrap();
    assert_eq!(cod.len(), 1);
    assert_eq!(
        (cod[0].amount_yuan, cod[0].channel, cod[0].occasion.as_str()),
        (d("2970"), PayChannel::WeChat, "提货")
    );
    let day = db
        .cod_taken_between(at(24, 0), at(25, 0), Some("B02"))
        .unwrap();
    assert_eq!(day.get(PayChannel::WeChat), d("2970"));
    assert_eq!(day.total(), d("2970"));
    let facts = db.release_facts(&w.number, at(24, 11).date()).unwrap();
    assert_eq!(facts.dues.cod_yuan, d("0"));
    // The desk's line reads 提付 − 已收 = 应收: the fee kept from the goods' money is in
    // the station's ledger but paid no 提付, so 已收 is the ¥120 freight, not ¥150.
    assert_eq!(
        (
            facts.dues.collect_yuan,
            facts.dues.paid_yuan,
            facts.dues.cod_kept_collected_yuan
        ),
        (d("120"), d("120"), d("30"))
    );
    // 货款扣 whose charges take all of the money: nothing is the shipper's, and it is
    // still settled once released.
    let all_kept = arrived_cod_paying(&mut db, "123", PaymentMethod::CodDeduct);
    db.record_pickup(
        &all_kept.number,
        &pickup("123", PayChannel::Cash),
        "B02",
        at(24, 12),
    )
    .unwrap();
    assert!(db.cod_lines(&all_kept.number).unwrap().is_empty());
    assert_eq!(
        db.ledger(&all_kept.number).unwrap()[0].amount_yuan,
        d("123")
    );
    let facts = db
        .release_facts(&all_kept.number, at(24, 13).date())
        .unwrap();
    assert_eq!(facts.dues.outstanding_yuan(), d("0"));
    assert_eq!(
        (
            facts.dues.collect_yuan,
            facts.dues.paid_yuan,
            facts.dues.cod_kept_collected_yuan
        ),
        (d("0"), d("0"), d("123"))
    );
    assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
}

#[test]
fn a_delivery_brings_the_goods_price_back_on_delivery() {
    let mut db = db();
    let w = arrived_cod(&mut db, "800", true);
    // Out for delivery with nothing collected yet.
    let task_id = crate::dispatch::send_out(&mut db, &w.number, at(24, 9));
    let freight = Payment {
        amount_yuan: d("120"),
        channel: PayChannel::Cash,
    };
    let refusal = refused(db.record_delivery_result(
        task_id,
        DeliveryResult::Delivered,
        Some(&freight),
        "",
        "B02",
        at(24, 15),
    ));
    assert!(refusal.contains("代收货款"), "{refusal}");
    let all = Payment {
        amount_yuan: d("920"),
        channel: PayChannel::Cash,
    };
    db.record_delivery_result(
        task_id,
        DeliveryResult::Delivered,
        Some(&all),
        "",
        "B02",
        at(24, 15),
    )
    .unwrap();
    // ¥8 of it (1%, at least ¥3) is the station's fee.
    assert_eq!(db.cod_lines(&w.number).unwrap()[0].amount_yuan, d("792"));
    assert_eq!(db.ledger(&w.number).unwrap()[0].amount_yuan, d("128"));
}

#[test]
fn a_supervisor_lets_goods_go_without_the_goods_price_once_with_a_reason() {
    let mut db = db();
    let w = arrived_cod(&mut db, "3000", false);
    let now = at(24, 10);
    assert!(refused(db.release_without_cod(&w.number, " ", "B02", now)).contains("原因"));
    db.release_without_cod(
        &w.number,
        "收货方已直接转账给发货方，发货方来电确认",
        "B02",
        now,
    )
    .unwrap();
    let given = db.cod_override(&w.number).unwrap().unwrap();
    assert_eq!(given.supervisor_id, "B02");
    assert!(refused(db.release_without_cod(&w.number, "再授权", "B02", now)).contains("已由 B02"));
    db.record_pickup(&w.number, &pickup("120", PayChannel::Cash), "B02", now)
        .unwrap();
    assert!(db.cod_lines(&w.number).unwrap().is_empty());
    // Nothing was kept from goods' money that was never taken: the ¥120 paid the 提付.
    let dues = db.release_facts(&w.number, now.date()).unwrap().dues;
    assert_eq!(
        (dues.paid_yuan, dues.cod_kept_collected_yuan, dues.cod_yuan),
        (d("120"), d("0"), d("0"))
    );
    // A waybill that collects nothing has nothing to excuse.
    let plain = crate::dispatch::arrived(&mut db, &Order::to(XIANGTAN, 1));
    assert!(refused(db.release_without_cod(&plain.number, "无", "B02", now)).contains("没有待收"));
    assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
}

/// Two counters release the same goods at the same moment: one pickup lands with the
/// money, the other is refused; the goods' price is collected once.
#[test]
fn two_counters_releasing_one_waybill_at_once_collect_its_price_once() {
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.sqlite3");
        let mut first = Db::open(&path).unwrap();
        for (id, name) in [("A01", "张丽"), ("B02", "王芳"), ("B03", "赵敏")] {
            first
                .upsert_staff(&kaidan::storage::staff::StaffMember {
                    id: id.into(),
                    name: name.into(),
                    role: "开单员".into(),
                })
                .unwrap();
        }
        let w = arrived_cod(&mut first, "3000", false);
        let mut second = Db::open(&path).unwrap();
        let (a_number, b_number) = (w.number.clone(), w.number.clone());
        let a = std::thread::spawn(move || {
            first.record_pickup(
                &a_number,
                &pickup("3120", PayChannel::Cash),
                "B02",
                at(24, 10),
            )
        });
        let b = std::thread::spawn(move || {
            second.record_pickup(
                &b_number,
                &pickup("3120", PayChannel::WeChat),
                "B03",
                at(24, 10),
            )
        });
        let results = [a.join().unwrap(), b.join().unwrap()];
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "round {round}: {results:?}"
        );
        let db = Db::open(&path).unwrap();
        let cod = db.cod_lines(&w.number).unwrap();
        assert_eq!(cod.len(), 1, "round {round}");
        assert_eq!(db.ledger(&w.number).unwrap().len(), 1, "round {round}");
    }
}

/// The cash count shows the 代收货款 taken apart from the station's money and checks the
/// drawer against both; the signed count keeps it.
#[test]
fn the_cash_count_holds_the_goods_price_apart_and_counts_it() {
    use kaidan::domain::money::ledger::ByChannel;
    use kaidan::storage::money::CountPeriod;
    let mut db = db();
    collected_cod(&mut db, PayChannel::Cash);
    let period = CountPeriod {
        staff_id: Some("B02".into()),
        label: "B02 11-24 早班".into(),
        from: at(24, 8),
        to: at(24, 20),
    };
    let (_, expected) = db.cash_expected(&period).unwrap();
    assert_eq!(expected.get(PayChannel::Cash), d("150"));
    assert_eq!(
        db.cash_cod(&period).unwrap().get(PayChannel::Cash),
        d("2970")
    );
    let counted = ByChannel([d("3120"), d("0"), d("0"), d("0")]);
    let count = db
        .sign_cash_count(&period, counted, "", "B02", at(24, 20))
        .unwrap();
    assert_eq!(count.cod.get(PayChannel::Cash), d("2970"));
    assert!(count.balances(), "{:?}", count.difference());
}

/// Pays `amount` of `number`'s collected money back on 11-25: a batch prepared by B02,
/// approved by S01, paid in cash.
fn pay_back(db: &mut Db, number: &str, amount: &str) {
    let owed = db.cod_owed().unwrap();
    let phone = &owed
        .iter()
        .find(|o| o.number == number)
        .unwrap()
        .shipper_phone;
    let batch = db
        .prepare_remittance(
            phone,
            &[(number.to_owned(), d(amount))],
            "",
            "B02",
            at(25, 9),
        )
        .unwrap();
    db.approve_remittance(batch.id, "S01", at(25, 10)).unwrap();
    db.pay_remittance(batch.id, PayChannel::Cash, "", "B02", at(25, 11))
        .unwrap();
}

fn with_supervisors(db: &Db) {
    for (id, name) in [("S01", "刘建国"), ("S02", "陈红")] {
        db.upsert_staff(&kaidan::storage::staff::StaffMember {
            id: id.into(),
            name: name.into(),
            role: "主管".into(),
        })
        .unwrap();
    }
}

/// Two waybills of one shipper collected; the 返款 list groups them oldest first; a clerk
/// prepares the batch, a supervisor other than the preparer approves, it is paid by bank
/// with a reference; then nothing is owed and nothing can be paid twice. A batch asking
/// more than was collected, or voided before payment, frees nothing wrongly.
#[test]
fn collected_money_goes_back_to_the_shipper_by_an_approved_remittance() {
    use kaidan::domain::money::cod::{RemittanceState, by_shipper};
    let mut db = db();
    with_supervisors(&db);
    let one = arrived_cod(&mut db, "3000", false);
    let two = arrived_cod(&mut db, "1000", false);
    for (w, amount) in [(&one, "3120"), (&two, "1120")] {
        db.record_pickup(
            &w.number,
            &pickup(amount, PayChannel::Cash),
            "B02",
            at(24, 10),
        )
        .unwrap();
    }
    let owed = by_shipper(db.cod_owed().unwrap());
    assert_eq!(owed.len(), 1);
    assert_eq!(owed[0].items.len(), 2);
    // 3000 − 30 and 1000 − 10 (1% fees taken from the goods' money).
    assert_eq!(owed[0].total_yuan(), d("3960"));
    let phone = owed[0].shipper_phone.clone();
    let items: Vec<(String, rust_decimal::Decimal)> = owed[0]
        .items
        .iter()
        .map(|i| (i.number.clone(), i.amount_yuan))
        .collect();

    // More than was collected: refused, nothing written.
    let mut greedy = items.clone();
    greedy[0].1 += d("0.01");
    assert!(
        refused(db.prepare_remittance(&phone, &greedy, "", "B02", at(25, 9))).contains("超过已收")
    );
    assert!(db.remittances(false).unwrap().is_empty());

    let batch = db
        .prepare_remittance(&phone, &items, "月底返款", "B02", at(25, 9))
        .unwrap();
    assert_eq!(batch.total_yuan(), d("3960"));
    assert_eq!(batch.state(), RemittanceState::Prepared);
    assert!(
        db.cod_owed()
            .unwrap()
            .iter()
            .all(|o| o.in_batch == Some(batch.id))
    );
    // On a batch already: not on another.
    assert!(
        refused(db.prepare_remittance(&phone, &items[..1], "", "B02", at(25, 9)))
            .contains("已在返款单")
    );
    assert!(refused(db.approve_remittance(batch.id, "B02", at(25, 10))).contains("只有主管"));
    assert!(
        refused(db.pay_remittance(batch.id, PayChannel::Bank, "X", "B02", at(25, 10)))
            .contains("尚未审批")
    );
    db.approve_remittance(batch.id, "S01", at(25, 10)).unwrap();
    assert!(
        refused(db.pay_remittance(batch.id, PayChannel::Bank, " ", "B02", at(25, 11)))
            .contains("交易流水号")
    );
    let paid = db
        .pay_remittance(
            batch.id,
            PayChannel::Bank,
            "6222-20261125-0001",
            "B02",
            at(25, 11),
        )
        .unwrap();
    assert_eq!(paid.state(), RemittanceState::Paid);
    assert!(db.cod_owed().unwrap().is_empty());
    assert!(
        refused(db.pay_remittance(batch.id, PayChannel::Cash, "", "B02", at(25, 12)))
            .contains("已付款")
    );
    assert!(refused(db.void_remittance(batch.id, "晚了", "S01", at(25, 12))).contains("不能作废"));
    assert!(
        refused(db.prepare_remittance(&phone, &items, "", "B02", at(25, 12)))
            .contains("超过已收待返的 0.00 元")
    );

    // A third collected, put on a batch and voided: free again.
    let three = arrived_cod(&mut db, "500", false);
    db.record_pickup(
        &three.number,
        &pickup("620", PayChannel::Cash),
        "B02",
        at(24, 10),
    )
    .unwrap();
    let owed = db.cod_owed().unwrap();
    let lone = db
        .prepare_remittance(
            &phone,
            &[(three.number.clone(), owed[0].amount_yuan)],
            "",
            "B02",
            at(25, 13),
        )
        .unwrap();
    assert!(refused(db.void_remittance(lone.id, " ", "S01", at(25, 14))).contains("原因"));
    db.void_remittance(lone.id, "发货方要改收现金", "S01", at(25, 14))
        .unwrap();
    assert_eq!(db.cod_owed().unwrap()[0].in_batch, None);
    assert_eq!(db.remittances(true).unwrap().len(), 0);
    assert_eq!(db.remittances(false).unwrap().len(), 2);
    assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
}

/// Two counters at once: preparing a batch of the same collected money (one is told it
/// is on the other's batch), then paying the same batch (one pays, the other is told).
#[test]
fn two_counters_remitting_the_same_money_at_once_pay_it_once() {
    for round in 0..2 {
        for place in Place::all() {
            let mut first = place.counter();
            let w = arrived_cod(&mut first, "3000", false);
            first
                .record_pickup(
                    &w.number,
                    &pickup("3120", PayChannel::Cash),
                    "B02",
                    at(24, 10),
                )
                .unwrap();
            let owed = first.cod_owed().unwrap();
            let phone = owed[0].shipper_phone.clone();
            let items = vec![(w.number.clone(), owed[0].amount_yuan)];
            let mut second = place.counter();
            let (p1, i1, p2, i2) = (phone.clone(), items.clone(), phone.clone(), items.clone());
            let a = std::thread::spawn(move || {
                let r = first.prepare_remittance(&p1, &i1, "", "B02", at(25, 9));
                (first, r)
            });
            let b = std::thread::spawn(move || {
                let r = second.prepare_remittance(&p2, &i2, "", "B03", at(25, 9));
                (second, r)
            });
            let (mut first, ra) = a.join().unwrap();
            let (mut second, rb) = b.join().unwrap();
            let prepared: Vec<_> = [&ra, &rb]
                .into_iter()
                .filter_map(|r| r.as_ref().ok())
                .collect();
            assert_eq!(prepared.len(), 1, "round {round}: {ra:?} {rb:?}");
            let id = prepared[0].id;
            let loser = if ra.is_err() { ra } else { rb };
            assert!(
                format!("{loser:?}").contains("已在返款单"),
                "round {round}: {loser:?}"
            );
            first.approve_remittance(id, "S01", at(25, 10)).unwrap();
            let a = std::thread::spawn(move || {
                first.pay_remittance(id, PayChannel::WeChat, "4200-1", "B02", at(25, 11))
            });
            let b = std::thread::spawn(move || {
                second.pay_remittance(id, PayChannel::Cash, "", "B03", at(25, 11))
            });
            let results = [a.join().unwrap(), b.join().unwrap()];
            assert_eq!(
                results.iter().filter(|r| r.is_ok()).count(),
                1,
                "round {round}: {results:?}"
            );
            let loser = results.iter().find_map(|r| r.as_ref().err()).unwrap();
            assert!(
                loser.to_string().contains("已付款"),
                "round {round}: {loser}"
            );
            let db = place.counter();
            assert!(db.cod_owed().unwrap().is_empty());
            let batch = db.remittance(id).unwrap();
            assert_eq!(batch.items.len(), 1);
            assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
        }
    }
}

/// A released waybill's 代收货款 is refunded only through an alteration with a reason:
/// lowering it refunds the shipper's share by the channel it came in; raising it is
/// refused; once paid back to the shipper it cannot change at all.
#[test]
fn a_refund_of_collected_money_goes_through_an_alteration() {
    for place in Place::all() {
        refund_by_alteration(&mut place.counter());
    }
}

fn refund_by_alteration(db: &mut Db) {
    let w = collected_cod(db, PayChannel::WeChat);
    let altered = |cod: &str| {
        WaybillDraft {
            cod: cod.into(),
            ..w.waybill.to_draft()
        }
        .validate(&ValidationContext::lenient())
        .unwrap()
    };
    assert!(
        refused(db.alter_waybill(
            &w.number,
            None,
            &altered("3500"),
            "B02",
            "客户说少写了",
            at(24, 11)
        ))
        .contains("不能让它变多")
    );
    // 2000 instead of 3000: the shipper's share falls from 2970 to 1980.
    db.alter_waybill(
        &w.number,
        None,
        &altered("2000"),
        "B02",
        "货物退回一半",
        at(24, 11),
    )
    .unwrap();
    let lines = db.cod_lines(&w.number).unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (
            lines[1].amount_yuan,
            lines[1].channel,
            lines[1].occasion.as_str()
        ),
        (d("-990"), PayChannel::WeChat, "退款")
    );
    assert!(
        lines[1].reason.contains("货物退回一半"),
        "{}",
        lines[1].reason
    );
    let owed = db.cod_owed().unwrap();
    assert_eq!(owed[0].amount_yuan, d("1980"));

    // Paid back: no more changes to it.
    pay_back(db, &w.number, "1980");
    assert!(
        refused(db.alter_waybill(&w.number, None, &altered("1500"), "B02", "再退", at(25, 12)))
            .contains("已由返款单 FK")
    );
    assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
}

/// Where the money shows: the station's day and month figures (collected, paid back,
/// owed at the end, never in the revenue), the shipper's customer file and statement.
#[test]
fn the_goods_money_shows_in_reports_the_customer_file_and_the_statement() {
    for place in Place::all() {
        money_shows(&mut place.counter());
    }
}

fn money_shows(db: &mut Db) {
    use kaidan::domain::money::reports::ReportPeriod;
    let w = collected_cod(db, PayChannel::Cash);
    let day = |d: u32| ReportPeriod::Day(at(d, 0).date());
    let on_24 = db.business_report(day(24)).unwrap().cod;
    assert_eq!(
        (
            on_24.collected_yuan,
            on_24.paid_back_yuan,
            on_24.outstanding_yuan
        ),
        (d("2970"), d("0"), d("2970"))
    );
    pay_back(db, &w.number, "2970");
    let on_25 = db.business_report(day(25)).unwrap().cod;
    assert_eq!(
        (
            on_25.collected_yuan,
            on_25.paid_back_yuan,
            on_25.outstanding_yuan
        ),
        (d("0"), d("2970"), d("0"))
    );
    let month = db
        .business_report(ReportPeriod::Month("2026-11".parse().unwrap()))
        .unwrap();
    assert_eq!(
        (month.cod.collected_yuan, month.cod.paid_back_yuan),
        (d("2970"), d("2970"))
    );
    // The revenue counts the freight and the fee, never the goods' money.
    assert!(month.total.revenue_yuan < d("1000"), "{:?}", month.total);

    // The shipper's file (made when the waybill remembered them): all time, and its
    // month's statement.
    let id = db
        .customer_id_by_phone(&w.waybill.shipper.phone)
        .unwrap()
        .unwrap();
    let detail = db.customer(id, at(25, 12)).unwrap();
    assert_eq!(
        (
            detail.cod.collected_yuan,
            detail.cod.paid_back_yuan,
            detail.cod.outstanding_yuan
        ),
        (d("2970"), d("2970"), d("0"))
    );
    let statement = db
        .monthly_statement(id, "2026-11".parse().unwrap())
        .unwrap();
    assert_eq!(statement.cod.collected_yuan, d("2970"));
}
