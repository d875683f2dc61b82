//! Two counters of one station acting on the same goods in the same instant: loading one
//! label onto two trucks, loading a waybill while it is voided, checking one arriving
//! truck, opening two manifests. Each is two connections to one database (a file, or a
//! schema on the test server with `KAIDAN_TEST_BACKEND=postgres`) on two threads let go
//! together, a few rounds; what must hold is said at each. The checks every one of them
//! guards run under the writer lock its write takes (`sql::Conn::begin`).

use crate::documents::desk::labels::label_code;
use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::waybill::{ValidationContext, WaybillDraft};
use crate::domain::dispatch::{ManifestDraft, ScanRefusal};
use crate::storage::sql::args;
use crate::storage::test_server::SharedPlace;
use crate::storage::{Db, Result};
use crate::testing::at;
use std::sync::Barrier;

/// Two counters on one fresh database with A01 and B02 on its staff list.
fn two_counters() -> (SharedPlace, [Db; 2]) {
    let place = SharedPlace::new();
    let first = place.counter().expect("第一个柜台");
    crate::storage::staff::hire(
        &first,
        &[("A01", "张丽", "开单员"), ("B02", "王芳", "开单员")],
    );
    let second = place.counter().expect("第二个柜台");
    (place, [first, second])
}

/// [`two_counters`] with a truck open on each.
fn two_counters_two_trucks() -> (SharedPlace, [Db; 2], [i64; 2]) {
    let (place, mut counters) = two_counters();
    let first = truck(&mut counters[0], "湘C11111").expect("第一辆车");
    let second = truck(&mut counters[1], "湘C22222").expect("第二辆车");
    (place, counters, [first, second])
}

/// A waybill of `pieces` to 湘潭县, issued by A01.
fn issue(db: &mut Db, pieces: u32) -> String {
    let waybill = WaybillDraft {
        pieces: pieces.to_string(),
        weight_kg: "100".into(),
        volume_m3: "0.5".into(),
        freight: "120".into(),
        ..WaybillDraft::sample()
    }
    .validate(&ValidationContext::lenient())
    .expect("样例运单");
    db.issue_waybill(&waybill, "A01", "GZ", at("2026-11-23 09:00"))
        .expect("开单")
        .number
}

/// An open manifest of a truck to 湘潭县.
fn truck(db: &mut Db, plate: &str) -> Result<i64> {
    let header = ManifestDraft {
        plate: plate.into(),
        driver_name: "王师傅".into(),
        driver_phone: "13812345678".into(),
        route_codes: vec!["430321".into()],
        departure: "2026-11-23 18:00".into(),
    }
    .validate(Divisions::bundled())
    .expect("清单表头");
    Ok(db
        .create_manifest(&header, "A01", at("2026-11-23 10:00"))?
        .id)
}

/// Runs `first` on one counter and `second` on the other, let go together.
fn at_once<A: Send, B: Send>(
    [one, two]: &mut [Db; 2],
    first: impl FnOnce(&mut Db) -> A + Send,
    second: impl FnOnce(&mut Db) -> B + Send,
) -> (A, B) {
    let gate = Barrier::new(2);
    std::thread::scope(|s| {
        let a = s.spawn(|| {
            gate.wait();
            first(one)
        });
        let b = s.spawn(|| {
            gate.wait();
            second(two)
        });
        (a.join().expect("第一个柜台"), b.join().expect("第二个柜台"))
    })
}

/// How many times piece `piece` of `number` stands on any manifest.
fn times_loaded(db: &Db, number: &str, piece: u32) -> i64 {
    db.sql()
        .one(
            "SELECT COUNT(*) FROM manifest_pieces WHERE waybill_number = ?1 AND piece = ?2",
            args![number, piece],
        )
        .expect("读清单")
}

/// One label read at two trucks' doors at once: it is loaded on one; the other counter
/// is told which truck has it.
#[test]
fn one_label_read_onto_two_trucks_at_once_is_loaded_once() {
    let (_place, mut counters, [first, second]) = two_counters_two_trucks();
    for _ in 0..4 {
        let number = issue(&mut counters[0], 2);
        let label = label_code(&number, 1);
        let now = at("2026-11-23 17:00");
        let (a, b) = at_once(
            &mut counters,
            |db| db.scan_load(first, &label, "A01", now).unwrap(),
            |db| db.scan_load(second, &label, "B02", now).unwrap(),
        );
        assert_eq!(u8::from(a.is_ok()) + u8::from(b.is_ok()), 1, "{a:?} {b:?}");
        let refusal = a.err().or(b.err()).unwrap();
        assert!(
            matches!(refusal, ScanRefusal::OnAnotherManifest { piece: 1, .. }),
            "{refusal:?}"
        );
        assert_eq!(times_loaded(&counters[0], &number, 1), 1);
    }
}

/// A waybill loaded whole from the stock list while one of its labels is read at the
/// other truck: each piece ends on one truck, none on two, none left behind.
#[test]
fn a_whole_waybill_loaded_while_its_label_is_read_elsewhere_loads_each_piece_once() {
    let (_place, mut counters, [first, second]) = two_counters_two_trucks();
    for _ in 0..4 {
        let number = issue(&mut counters[0], 3);
        let label = label_code(&number, 3);
        let now = at("2026-11-23 17:00");
        let (whole, one) = at_once(
            &mut counters,
            |db| db.load_waybill(first, &number, "A01", now).unwrap(),
            |db| db.scan_load(second, &label, "B02", now).unwrap(),
        );
        assert!(whole.is_ok(), "{whole:?}");
        for piece in 1..=3 {
            assert_eq!(
                times_loaded(&counters[0], &number, piece),
                1,
                "piece {piece}: {whole:?} {one:?}"
            );
        }
    }
}

/// A waybill voided at one counter while its label is read at the truck: one of the two
/// goes through, the other is refused; a voided waybill never stands on a truck.
#[test]
fn a_void_and_a_load_at_once_never_put_a_void_waybill_on_a_truck() {
    let (_place, mut counters) = two_counters();
    let manifest = truck(&mut counters[0], "湘C11111").unwrap();
    for _ in 0..4 {
        let number = issue(&mut counters[0], 1);
        let label = label_code(&number, 1);
        let now = at("2026-11-23 17:00");
        let (voided, loaded) = at_once(
            &mut counters,
            |db| db.void_waybill(&number, "A01", "客户取消托运", now),
            |db| db.scan_load(manifest, &label, "B02", now).unwrap(),
        );
        assert_eq!(
            u8::from(voided.is_ok()) + u8::from(loaded.is_ok()),
            1,
            "{voided:?} {loaded:?}"
        );
        let on_truck = times_loaded(&counters[0], &number, 1);
        assert_eq!(on_truck, i64::from(loaded.is_ok()));
    }
}

/// Two counters checking one arriving truck read the same label at once: the piece is
/// counted received once; the other is told it was read.
#[test]
fn two_counters_checking_one_arriving_truck_count_a_piece_once() {
    let (_place, mut counters) = two_counters();
    let manifest = truck(&mut counters[0], "湘C11111").unwrap();
    let numbers: Vec<String> = (0..4).map(|_| issue(&mut counters[0], 1)).collect();
    let now = at("2026-11-23 17:00");
    for number in &numbers {
        counters[0]
            .scan_load(manifest, &label_code(number, 1), "A01", now)
            .unwrap()
            .unwrap();
    }
    counters[0].depart_manifest(manifest, "A01", now).unwrap();
    let arrived = at("2026-11-24 06:00");
    for number in &numbers {
        let label = label_code(number, 1);
        let (a, b) = at_once(
            &mut counters,
            |db| db.scan_arrival(manifest, &label, "A01", arrived).unwrap(),
            |db| db.scan_arrival(manifest, &label, "B02", arrived).unwrap(),
        );
        let received = a.as_ref().ok().or(b.as_ref().ok()).unwrap();
        assert_eq!(received.received, 1);
        assert!(
            matches!(
                a.as_ref().err().or(b.as_ref().err()),
                Some(ScanRefusal::Duplicate { .. })
            ),
            "{a:?} {b:?}"
        );
    }
    let scans: i64 = counters[1]
        .sql()
        .one(
            "SELECT COUNT(*) FROM arrival_scans WHERE manifest_id = ?1",
            args![manifest],
        )
        .unwrap();
    assert_eq!(scans, 4);
}

/// Two counters opening a manifest at once get two of the day's codes, not one twice.
#[test]
fn two_manifests_opened_at_once_get_two_codes() {
    let (_place, mut counters) = two_counters();
    for _ in 0..3 {
        let (a, b) = at_once(
            &mut counters,
            |db| truck(db, "湘C11111"),
            |db| truck(db, "湘C22222"),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        let code = |id| counters[0].manifest(id).unwrap().summary.code;
        assert_ne!(code(a), code(b));
    }
}
