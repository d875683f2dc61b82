//! How fast the business reports stay on a big station's database: the monthly summary
//! (营业月报: totals and the tables by destination, clerk, payment method and day) and a
//! day's, over 1,000,000 waybills. Target: the month under 300 ms.
//!
//! The million-waybill database is the one `benches/waybills.rs` builds at
//! `target/bench-data/waybills-1m.sqlite3`; the reports only read, so it is opened in
//! place (opening brings its schema up to date, as the app would). When it is missing, a
//! stand-in of 60,000 waybills over 60 days is built in a scratch file instead, and the
//! bench says so. Run with `cargo bench --bench reports`.

#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a bench fails loudly and reports on stdout"
)]

#[allow(dead_code, reason = "each bench uses a part of it")]
mod shared;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use kaidan::domain::desk::waybill::{
    IssuedWaybill, PaymentMethod, ValidationContext, WaybillDraft, WaybillStatus, waybill_number,
};
use kaidan::domain::money::reports::ReportPeriod;
use kaidan::domain::people::Month;
use kaidan::storage::Db;
use shared::{data_dir, remove_database, stand_in};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Waybills of the stand-in database when the million one is missing.
const SMALL_DB: usize = 60_000;
/// A full month of the million database, before the days the saves of
/// `benches/waybills.rs` add after its last imported day (2026-06-30).
const MONTH: (i32, u32) = (2026, 5);

/// The million-waybill database, or a smaller stand-in, and what it is.
fn database() -> (Db, String) {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("waybills-1m.sqlite3");
    if source.exists() {
        let started = Instant::now();
        let db = Db::open(&source).unwrap();
        let count = db.waybill_count().unwrap();
        let what = format!(
            "{} ({count} waybills), opened in {:.1} s",
            source.display(),
            started.elapsed().as_secs_f64()
        );
        return (db, what);
    }
    let scratch = dir.join("reports-scratch.sqlite3");
    remove_database(&scratch);
    let clerks = [
        ("A01", "开单员A01"),
        ("A02", "开单员A02"),
        ("A03", "开单员A03"),
        ("A04", "开单员A04"),
    ];
    stand_in(&scratch, &clerks, &small_waybills(), &source)
}

/// 60,000 waybills over the 60 days from 2026-04-16 (1,000 a day, so May has 31,000), to
/// eight destinations by four clerks with every payment method.
fn small_waybills() -> Vec<IssuedWaybill> {
    let ctx = ValidationContext::lenient();
    let dests = [
        "430321", "430302", "430304", "430381", "110105", "440106", "310115", "500103",
    ];
    let clerks = ["A01", "A02", "A03", "A04"];
    let first = NaiveDate::from_ymd_opt(2026, 4, 16).unwrap();
    (0..SMALL_DB)
        .map(|i| {
            let draft = WaybillDraft {
                dest_code: dests[i % dests.len()].into(),
                pieces: (1 + i % 12).to_string(),
                weight_kg: format!("{}.5", 20 + i % 400),
                volume_m3: "0.35".into(),
                freight: format!("{}.{:02}", 40 + i % 500, i % 100),
                payment: PaymentMethod::ALL[i % 4],
                ..WaybillDraft::sample()
            };
            let day = first + Days::new(u64::try_from(i / 1000).unwrap());
            let seq = u32::try_from(i % 1000 + 1).unwrap();
            let second = u32::try_from(i % 1000).unwrap() * 57;
            IssuedWaybill {
                number: waybill_number("GZ", day, seq),
                issued_at: day
                    .and_hms_opt(7 + second / 3600, second / 60 % 60, second % 60)
                    .unwrap(),
                clerk_id: clerks[i % clerks.len()].into(),
                clerk_name: String::new(),
                status: if i % 97 == 0 {
                    WaybillStatus::Void
                } else {
                    WaybillStatus::Issued
                },
                alter_count: 0,
                waybill: draft.validate(&ctx).unwrap(),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let (db, what) = database();
    println!("reports bench on {what}");
    let month = ReportPeriod::Month(Month::new(MONTH.0, MONTH.1).unwrap());
    let day = ReportPeriod::Day(NaiveDate::from_ymd_opt(MONTH.0, MONTH.1, 15).unwrap());

    // The first read after opening, before the pages are in the cache.
    let started = Instant::now();
    let report = db.business_report(month).unwrap();
    println!(
        "first monthly summary after opening: {:.1} ms — {} waybills ({} voided left out), \
         {} destinations, {} clerks, revenue ¥{}",
        started.elapsed().as_secs_f64() * 1000.0,
        report.total.waybills,
        report.voided,
        report.by_destination.len(),
        report.by_clerk.len(),
        report.total.revenue_yuan
    );

    let mut group = c.benchmark_group("reports");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("monthly_summary", |b| {
        b.iter(|| db.business_report(black_box(month)).unwrap());
    });
    group.bench_function("daily_summary", |b| {
        b.iter(|| db.business_report(black_box(day)).unwrap());
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
