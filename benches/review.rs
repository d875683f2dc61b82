//! How fast the monthly review stays on a busy station: 50 staff with a clock-in record
//! every day of the month, 100,000 waybills issued in the month (about 1 % charged below
//! the rate table, so P8 finds about a thousand), handovers for most clerks' shifts (so
//! P20 finds the rest), leave requests, point events and an appeal, and every day's
//! truck carrying that day's waybills, their labels printed first for all but about 3 %
//! (so P21 reads a month of first loads and finds the rest). Target: the review under
//! 200 ms.
//!
//! The database is built once, through the storage layer's own imports, at
//! `target/bench-data/review-100k.sqlite3`, and reused while it holds the month's
//! 100,000 waybills and their trucks (about 3 minutes to build). Run with `cargo bench --bench review`; delete the file to rebuild
//! it. With `KAIDAN_BENCH_POSTGRES` set (`benches/shared`), the same database is built
//! on that server too (`kaidan_bench_review`) and measured side by side in the same run.

#![allow(clippy::expect_used, reason = "a bench stops at the first surprise")]

#[allow(dead_code, reason = "each bench uses a part of it")]
mod shared;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use criterion::{Criterion, criterion_group, criterion_main};
use kaidan::demo::{SplitMix64, demo_rate_table, random_mobile};
use kaidan::domain::desk::destinations::Divisions;
use kaidan::domain::desk::rates::{FeeSettings, RateTable};
use kaidan::domain::desk::screening::default_list;
use kaidan::domain::desk::waybill::{
    DeliveryMode, IssuedWaybill, PaymentMethod, ValidationContext, Waybill, WaybillDraft,
    WaybillStatus, waybill_number,
};
use kaidan::domain::dispatch::ManifestDraft;
use kaidan::domain::people::attendance::{HandoverNotes, Punch, ShiftKey, ShiftKind};
use kaidan::domain::people::points::{EventCode, EventSource, PointEvent, Rule};
use kaidan::domain::people::requests::{RequestDraft, RequestKind};
use kaidan::domain::people::{Month, Role, Staff};
use kaidan::storage::dispatch::ManifestFilter;
use kaidan::storage::{Db, Location};
use rust_decimal::Decimal;
use shared::{
    data_dir, database_exists, database_url, fresh_database, postgres_server, remove_database,
};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Staff: 46 clerks, 2 in customer service, a supervisor, a finance clerk.
const STAFF: usize = 50;
/// Waybills issued in the month.
const WAYBILLS: usize = 100_000;
/// Waybills per import transaction.
const CHUNK: usize = 20_000;
/// The month reviewed.
const MONTH: &str = "2026-11";
/// The bench server's review database (`benches/shared`).
const PG_DATABASE: &str = "kaidan_bench_review";
/// The seed of every draw: the same database on every machine.
const SEED: u64 = 0x0072_6576_6965_7701;

fn staff() -> Vec<Staff> {
    let joined = NaiveDate::from_ymd_opt(2025, 3, 1).expect("a date");
    (1..=STAFF)
        .map(|n| {
            let role = match n {
                1 => Role::Supervisor,
                2 => Role::Finance,
                3 | 4 => Role::CustomerService,
                _ => Role::Clerk,
            };
            Staff {
                id: format!("A{n:02}"),
                name: format!("员工{n:02}"),
                role,
                joined_on: Some(joined),
                left_on: None,
                base_salary_yuan: Decimal::from(4000),
            }
        })
        .collect()
}

/// A pool of validated consignments to issue again and again; every 100th is charged
/// 10 yuan below the rate table.
fn consignments(rng: &mut SplitMix64) -> Vec<Waybill> {
    let rates: RateTable = demo_rate_table();
    let fees = FeeSettings::default();
    let prohibited = default_list();
    let ctx = ValidationContext {
        divisions: Divisions::bundled(),
        rates: &rates,
        fees: &fees,
        prohibited: &prohibited,
        printable: &|_| true,
    };
    let dest_codes: Vec<String> = rates.rows().iter().map(|r| r.dest_code.clone()).collect();
    (0..1_000)
        .map(|n| {
            let weight = rng.between(20, 900);
            let mut draft = WaybillDraft {
                dest_code: dest_codes[rng.index(dest_codes.len())].clone(),
                shipper_name: format!("广州市白云区发货方{}", n % 97),
                shipper_phone: random_mobile(rng),
                consignee_name: format!("收货方{n}"),
                consignee_phone: random_mobile(rng),
                goods_name: "服装".to_owned(),
                pieces: rng.between(1, 30).to_string(),
                weight_kg: weight.to_string(),
                // About 250 kg a cubic metre.
                volume_m3: format!("{}.{:02}", weight * 2 / 500, weight * 2 / 5 % 100),
                delivery: DeliveryMode::SelfPickup,
                payment: rng
                    .weighted(&[
                        (PaymentMethod::PayNow, 55),
                        (PaymentMethod::Collect, 25),
                        (PaymentMethod::Monthly, 15),
                        (PaymentMethod::OnReceipt, 5),
                    ])
                    .unwrap_or(PaymentMethod::PayNow),
                receipt_copies: "1".to_owned(),
                ..WaybillDraft::sample()
            };
            let full = draft.validate(&ctx).expect("a bench draft validates");
            if n % 100 == 0 {
                draft.freight = (full.freight_yuan - Decimal::from(10))
                    .max(Decimal::ONE)
                    .to_string();
                draft
                    .validate(&ctx)
                    .expect("a short-charged draft validates")
            } else {
                full
            }
        })
        .collect()
}

/// Each person's shift on `day`: a rota of early, middle, night and rest by person.
fn shift_of(person: usize, day: u32) -> ShiftKind {
    match (person + day as usize) % 7 {
        0 => ShiftKind::Rest,
        1 | 2 => ShiftKind::Middle,
        3 => ShiftKind::Night,
        _ => ShiftKind::Early,
    }
}

fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).expect("a time")
}

/// A month of clock-in records: every person, every day; mostly on time, some late or
/// early, a few punches missing.
fn punches(rng: &mut SplitMix64, people: &[Staff], month: Month) -> Vec<Punch> {
    let mut out = Vec::new();
    for (index, person) in people.iter().enumerate() {
        for day in 1..=month.days() {
            let shift = shift_of(index, day);
            let (start, end) = match shift {
                ShiftKind::Early => (8, 20),
                ShiftKind::Middle => (12, 0),
                ShiftKind::Night => (20, 8),
                ShiftKind::Rest | ShiftKind::Leave => (0, 0),
            };
            let (clock_in, clock_out) = if shift.is_work() {
                let late = if rng.percent(8) {
                    rng.between(1, 45)
                } else {
                    0
                };
                let arrive = u32::try_from(start * 60 + late).expect("fits") + 24 * 60 - 5;
                let leave_early = if rng.percent(3) {
                    rng.between(1, 30)
                } else {
                    0
                };
                let leave = u32::try_from(end * 60 + 24 * 60 - leave_early + 2).expect("fits");
                (
                    (!rng.percent(1)).then(|| time(arrive / 60 % 24, arrive % 60)),
                    (!rng.percent(1)).then(|| time(leave / 60 % 24, leave % 60)),
                )
            } else {
                (None, None)
            };
            out.push(Punch {
                staff_id: person.id.clone(),
                day: month.first_day() + Days::new(u64::from(day - 1)),
                shift,
                clock_in,
                clock_out,
            });
        }
    }
    out
}

fn month() -> Month {
    MONTH.parse().expect("a month")
}

/// Whether a bench database holds the month's waybills and their trucks (one built
/// before the trucks were added is built again).
fn built_whole(db: &Db) -> bool {
    db.waybill_count().expect("count waybills") >= WAYBILLS as u64
        && !db
            .manifests(ManifestFilter::Departed)
            .expect("list manifests")
            .is_empty()
}

/// Opens the review database, building it first when it is missing or short.
fn review_db() -> Db {
    let path = data_dir().join("review-100k.sqlite3");
    if path.exists() {
        let db = Db::open(&path).expect("open the bench database");
        if built_whole(&db) {
            eprintln!("bench database {} reused", path.display());
            return db;
        }
        drop(db);
        remove_database(&path);
    }
    // Built under another name and renamed when complete, so an interrupted build is
    // never mistaken for a finished one.
    let partial = data_dir().join("review-100k.partial.sqlite3");
    remove_database(&partial);
    let started = Instant::now();
    {
        let mut db = Db::open(&partial).expect("create the bench database");
        build(&mut db);
    }
    std::fs::rename(&partial, &path).expect("rename the finished bench database");
    eprintln!(
        "built {} in {:.1} s",
        path.display(),
        started.elapsed().as_secs_f64()
    );
    Db::open(&path).expect("open the bench database")
}

/// The same review database on the bench server ([`PG_DATABASE`]), built first when it
/// is missing or short.
fn postgres_review_db(server: &str) -> Db {
    let location = Location::Server(database_url(server, PG_DATABASE));
    if database_exists(server, PG_DATABASE) {
        let db = Db::open_at(&location).expect("open the bench database");
        if built_whole(&db) {
            eprintln!("bench database {PG_DATABASE} reused");
            return db;
        }
    }
    fresh_database(server, PG_DATABASE, None);
    let started = Instant::now();
    let mut db = Db::open_at(&location).expect("create the bench database");
    build(&mut db);
    eprintln!(
        "built {PG_DATABASE} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    db
}

fn build(db: &mut Db) {
    let mut rng = SplitMix64::new(SEED);
    let month = month();
    let people = staff();
    db.import_staff(&people).expect("add staff");
    db.replace_rate_table(&demo_rate_table())
        .expect("save rates");
    let punches = punches(&mut rng, &people, month);
    db.import_punches(&punches).expect("import punches");

    // The waybills: issued by the clerks on shift, spread over the month.
    let pool = consignments(&mut rng);
    let clerks: Vec<&Staff> = people.iter().filter(|p| p.role == Role::Clerk).collect();
    let per_day = WAYBILLS.div_ceil(month.days() as usize);
    let mut chunk: Vec<IssuedWaybill> = Vec::with_capacity(CHUNK);
    let mut made = 0;
    let mut by_day: Vec<Vec<(String, String, NaiveDateTime, u32)>> = Vec::new();
    for day in 1..=month.days() {
        by_day.push(Vec::new());
        let date = month.first_day() + Days::new(u64::from(day - 1));
        let count = per_day.min(WAYBILLS - made);
        let mut seconds: Vec<u32> = (0..count)
            .map(|_| u32::try_from(rng.between(7 * 3600, 23 * 3600 - 1)).expect("fits"))
            .collect();
        seconds.sort_unstable();
        for (sequence, second) in (1_u32..).zip(seconds) {
            let clerk = clerks[rng.index(clerks.len())];
            let waybill = pool[rng.index(pool.len())].clone();
            let issued_at = date.and_time(time(second / 3600, second / 60 % 60))
                + chrono::Duration::seconds(i64::from(second % 60));
            let number = waybill_number("GZ", date, sequence);
            if let Some(today) = by_day.last_mut() {
                today.push((number.clone(), clerk.id.clone(), issued_at, waybill.pieces));
            }
            chunk.push(IssuedWaybill {
                number,
                issued_at,
                clerk_id: clerk.id.clone(),
                clerk_name: clerk.name.clone(),
                status: WaybillStatus::Issued,
                alter_count: 0,
                waybill,
            });
            made += 1;
            if chunk.len() == CHUNK || made == WAYBILLS {
                let now = chunk.last().map(|w| w.issued_at).expect("a full chunk");
                db.import_waybills(&chunk, now).expect("import waybills");
                chunk.clear();
            }
        }
    }

    load_the_trucks(db, &mut rng, &by_day);

    // Handovers for 95 % of the clerks' worked shifts; the rest are P20.
    let noon = |date: NaiveDate| date.and_time(time(12, 0));
    for punch in punches.iter().filter(|p| p.worked()) {
        let clerk = people
            .iter()
            .any(|s| s.id == punch.staff_id && s.role == Role::Clerk);
        if clerk && rng.percent(95) {
            let key = ShiftKey {
                staff_id: punch.staff_id.clone(),
                day: punch.day,
                shift: punch.shift,
            };
            db.record_handover(
                &key,
                &HandoverNotes::default(),
                noon(punch.day + Days::new(1)),
            )
            .expect("record a handover");
        }
    }

    // Leave requests, approved by the supervisor; events entered; one appeal withdrawn.
    let at = |date: NaiveDate| -> NaiveDateTime { date.and_time(time(9, 0)) };
    for n in 0..30_u32 {
        let person = &people[5 + (n as usize * 7) % (STAFF - 5)];
        let date = month.first_day() + Days::new(u64::from(n));
        let draft = RequestDraft {
            staff_id: person.id.clone(),
            kind: Some(if n % 3 == 0 {
                RequestKind::Outing
            } else {
                RequestKind::Leave
            }),
            from: format!("{} 08:00", date.format("%Y-%m-%d")),
            to: format!("{} 12:00", date.format("%Y-%m-%d")),
            reason: "事由".to_owned(),
        };
        let stored = db
            .add_request(&draft.validate().expect("a request"), at(date))
            .expect("add a request");
        db.decide_request(stored.id, true, "A01", at(date))
            .expect("approve a request");
    }
    let events: Vec<PointEvent> = (0..200_u32)
        .map(|n| PointEvent {
            staff_id: people[5 + (n as usize * 13) % (STAFF - 5)].id.clone(),
            day: month.first_day() + Days::new(u64::from(n % 30)),
            code: if n % 10 == 0 {
                EventCode::LeftPost
            } else {
                EventCode::Rule(Rule::ALL[8 + (n as usize % 20)])
            },
            quantity: if n % 10 == 0 { 30 + n } else { 1 },
            waybill_number: String::new(),
            note: "主管录入".to_owned(),
            source: EventSource::Manual,
            charge_yuan: None,
        })
        .collect();
    let entered_at = at(month.first_day());
    db.add_point_events(&events, entered_at)
        .expect("add events");
    let first = db.point_events(month).expect("events")[1].clone();
    let appeal = db
        .appeal_event(
            first.id,
            &first.event.staff_id,
            "不是我",
            at(first.event.day),
        )
        .expect("an appeal");
    db.decide_appeal(
        appeal,
        kaidan::domain::people::requests::AppealOutcome::Withdrawn,
        "核实",
        "A01",
        at(first.event.day),
    )
    .expect("decide the appeal");
}

/// Every waybill goes out on its day's truck, picked whole from stock at 23:40 onto one
/// manifest serving every destination (P21 reads a month of first loads), its labels
/// printed first for all but about 3 % (which P21 finds).
fn load_the_trucks(
    db: &mut Db,
    rng: &mut SplitMix64,
    by_day: &[Vec<(String, String, NaiveDateTime, u32)>],
) {
    let route: Vec<String> = demo_rate_table()
        .rows()
        .iter()
        .map(|r| r.dest_code.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for issued in by_day {
        let Some(first) = issued.first() else {
            continue;
        };
        let date = first.2.date();
        let header = ManifestDraft {
            plate: "粤A12345".to_owned(),
            driver_name: "王师傅".to_owned(),
            driver_phone: "13812345678".to_owned(),
            route_codes: route.clone(),
            departure: format!("{} 23:50", date.format("%Y-%m-%d")),
        }
        .validate(Divisions::bundled())
        .expect("a bench manifest");
        let evening = date.and_time(time(23, 30));
        let manifest = db
            .create_manifest(&header, "A05", evening)
            .expect("make the day's manifest")
            .id;
        for (number, clerk, issued_at, pieces) in issued {
            if !rng.percent(3) {
                db.record_label_print(
                    number,
                    1..=*pieces,
                    clerk,
                    *issued_at + chrono::Duration::minutes(2),
                )
                .expect("print the labels");
            }
            db.load_waybill(manifest, number, "A05", date.and_time(time(23, 40)))
                .expect("load a waybill")
                .expect("a waybill in stock loads");
        }
        db.depart_manifest(manifest, "A05", date.and_time(time(23, 55)))
            .expect("send the truck off");
    }
}

fn benches(c: &mut Criterion) {
    bench_backend(c, "sqlite", &review_db());
    if let Some(server) = postgres_server() {
        bench_backend(c, "postgres", &postgres_review_db(&server));
    }
}

fn bench_backend(c: &mut Criterion, backend: &str, db: &Db) {
    let month = month();
    // As of a moment after the month: every shift of it is over and graded.
    let as_of = month.next().last_day().and_time(NaiveTime::MIN);
    let review = db.month_review(month, as_of).expect("the review");
    let detections = db.detections(month).expect("detections");
    eprintln!(
        "{backend} review of {month}: {} people, {} detections ({} P20)",
        review.people.len(),
        detections.len(),
        detections
            .iter()
            .filter(|d| d.found.event.code == EventCode::Rule(Rule::P20))
            .count()
    );

    let mut group = c.benchmark_group(format!("review_100k_{backend}"));
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6));
    group.bench_function("month_review", |b| {
        b.iter(|| {
            black_box(
                db.month_review(black_box(month), as_of)
                    .expect("the review"),
            )
        });
    });
    group.bench_function("detections", |b| {
        b.iter(|| black_box(db.detections(black_box(month)).expect("detections")));
    });
    let day = month.first_day() + Days::new(14);
    group.bench_function("handover_summary", |b| {
        b.iter(|| {
            black_box(
                db.handover_summary("A10", black_box(day), shift_of(9, 15))
                    .expect("a summary"),
            )
        });
    });
    group.finish();
}

criterion_group!(review_benches, benches);
criterion_main!(review_benches);
