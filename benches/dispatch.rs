//! How fast loading and printing stay on a big station's database: one label scanned onto
//! a manifest (look-up of the code, the checks, and the record written with fsync, as the
//! app writes: WAL and `synchronous=FULL`) in a database of 1,000,000 waybills, a refused
//! duplicate scan, and the PDF of a 500-waybill manifest. Targets: a scan under 5 ms, the
//! PDF under 100 ms.
//!
//! The million-waybill database is the one `benches/waybills.rs` builds at
//! `target/bench-data/waybills-1m.sqlite3`; it is copied to a scratch file first, so the
//! scans never change it (the copy is deleted afterwards). When it is missing, a smaller database of 50,000 waybills is
//! built in the scratch file instead, and the bench says so. Run with
//! `cargo bench --bench dispatch`. With `KAIDAN_BENCH_POSTGRES` set (`benches/shared`),
//! the scans run again on a copy of the same million waybills on that server, side by
//! side in the same run.

#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a bench fails loudly and reports on stdout"
)]

#[allow(dead_code, reason = "each bench uses a part of it")]
mod shared;

use chrono::{Days, NaiveDate, NaiveDateTime};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use kaidan::documents::desk::labels::label_code;
use kaidan::documents::dispatch::manifest_pdf::manifest_pdf;
use kaidan::documents::pdf::warm_up;
use kaidan::domain::desk::destinations::Divisions;
use kaidan::domain::desk::waybill::{
    IssuedWaybill, PaymentMethod, ValidationContext, WaybillDraft, WaybillStatus,
};
use kaidan::domain::dispatch::{ManifestDraft, ManifestTotals};
use kaidan::storage::dispatch::StockQuery;
use kaidan::storage::waybills::WaybillQuery;
use kaidan::storage::{Db, Location};
use shared::{
    data_dir, database_exists, database_url, drop_database, fresh_database, postgres_server,
    remove_database, stand_in,
};
use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The bench server's million-waybill database (`benches/waybills.rs` builds it), and
/// the scratch copy the scans go into.
const PG_SOURCE: &str = "kaidan_bench_1m";
const PG_SCRATCH: &str = "kaidan_bench_dispatch";
/// Label codes to have ready: more than criterion asks for in warm-up and measurement.
const CODES_WANTED: usize = 30_000;
/// Waybills of the stand-in database when the million one is missing.
const SMALL_DB: usize = 50_000;

/// A fresh scratch copy of the million-waybill database, or a smaller stand-in.
fn scratch_db() -> (Db, String, PathBuf) {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("waybills-1m.sqlite3");
    let scratch = dir.join("dispatch-scratch.sqlite3");
    remove_database(&scratch);
    if source.exists() {
        let started = Instant::now();
        // The source's WAL, if any, goes with it: the copy is then what the source holds.
        for suffix in ["", "-wal"] {
            let mut from = source.as_os_str().to_owned();
            from.push(suffix);
            let mut to = scratch.as_os_str().to_owned();
            to.push(suffix);
            if Path::new(&from).exists() {
                std::fs::copy(&from, &to).unwrap();
            }
        }
        let db = Db::open(&scratch).unwrap();
        let count = db.waybill_count().unwrap();
        let what = format!(
            "scratch copy of {} ({count} waybills), copied and opened in {:.1} s",
            source.display(),
            started.elapsed().as_secs_f64()
        );
        return (db, what, scratch);
    }
    let (db, what) = stand_in(&scratch, &[("A01", "张丽")], &small_waybills(), &source);
    (db, what, scratch)
}

/// 50,000 waybills over 50 days to four destinations, 1 to 12 pieces.
fn small_waybills() -> Vec<IssuedWaybill> {
    let ctx = ValidationContext::lenient();
    let dests = ["430321", "430302", "430304", "430381"];
    let first = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    (0..SMALL_DB)
        .map(|i| {
            let draft = WaybillDraft {
                dest_code: dests[i % dests.len()].into(),
                pieces: (1 + i % 12).to_string(),
                weight_kg: "100".into(),
                volume_m3: "0.5".into(),
                freight: "120".into(),
                payment: PaymentMethod::Collect,
                ..WaybillDraft::sample()
            };
            let day = first + Days::new(u64::try_from(i / 1000).unwrap());
            let seq = u32::try_from(i % 1000 + 1).unwrap();
            IssuedWaybill {
                number: kaidan::domain::desk::waybill::waybill_number("GZ", day, seq),
                issued_at: day.and_hms_opt(9, 0, 0).unwrap(),
                clerk_id: "A01".into(),
                clerk_name: String::new(),
                status: WaybillStatus::Issued,
                alter_count: 0,
                waybill: draft.validate(&ctx).unwrap(),
            }
        })
        .collect()
}

/// Label codes of the newest days' waybills, and their destinations.
fn stock_codes(db: &Db) -> (Vec<String>, Vec<String>) {
    let newest: NaiveDateTime = db
        .find_waybills(&WaybillQuery::default())
        .unwrap()
        .first()
        .map(|w| w.issued_at)
        .unwrap();
    let mut codes = Vec::new();
    let mut dests = BTreeSet::new();
    let mut day = newest.date();
    while codes.len() < CODES_WANTED {
        let found = db
            .find_waybills(&WaybillQuery {
                from: Some(day),
                to: Some(day),
                ..WaybillQuery::default()
            })
            .unwrap();
        for summary in found {
            // The scratch database is fresh: every waybill not void is in stock. The
            // saves of `benches/waybills.rs` (phones 166…, one consignee) are left out, so
            // the scans go to the imported, varied waybills.
            let waybill = db.station_waybill(&summary.number).unwrap();
            if waybill.void || waybill.shipper_phone.starts_with("166") {
                continue;
            }
            dests.insert(waybill.dest_code.clone());
            for piece in 1..=waybill.pieces {
                codes.push(label_code(&summary.number, piece));
            }
        }
        day = day - Days::new(1);
    }
    (codes, dests.into_iter().collect())
}

fn bench(c: &mut Criterion) {
    let (db, what, scratch) = scratch_db();
    println!("{what}");
    bench_loading(c, "sqlite", db);
    // The scratch copy is 2 GB: gone once measured.
    remove_database(&scratch);
    if let Some(server) = postgres_server() {
        if database_exists(&server, PG_SOURCE) {
            let started = Instant::now();
            fresh_database(&server, PG_SCRATCH, Some(PG_SOURCE));
            let db = Db::open_at(&Location::Server(database_url(&server, PG_SCRATCH))).unwrap();
            println!(
                "postgres: scratch copy of {PG_SOURCE} made and opened in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            bench_loading(c, "postgres", db);
            drop_database(&server, PG_SCRATCH);
        } else {
            println!(
                "postgres: no {PG_SOURCE} on the server: run `cargo bench --bench waybills` \
                 with the server first"
            );
        }
    }
    bench_pdf(c);
}

/// The stock view, a scan onto a manifest and a refused duplicate, on `db` (a scratch
/// copy of the million waybills on `backend`).
fn bench_loading(c: &mut Criterion, backend: &str, mut db: Db) {
    let started = Instant::now();
    let (codes, dests) = stock_codes(&db);
    println!(
        "{} label codes of waybills in stock to {} destinations, gathered in {:.1} s",
        codes.len(),
        dests.len(),
        started.elapsed().as_secs_f64()
    );
    let header = ManifestDraft {
        plate: "湘C12345".into(),
        driver_name: "王师傅".into(),
        driver_phone: "13812345678".into(),
        route_codes: dests,
        departure: "2026-12-01 18:00".into(),
    }
    .validate(Divisions::bundled())
    .unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(17, 0, 0)
        .unwrap();
    let manifest = db.create_manifest(&header, "A01", now).unwrap().id;

    // The stock view on the whole database: every old waybill counts as stock, so the
    // list is full (2,000 rows) — the worst case of the screen.
    let today = now.date();
    // The newest imported day, from the first code's number (GZ + YYMMDD + sequence).
    let newest = NaiveDate::parse_from_str(&codes[0][2..8], "%y%m%d").unwrap();
    for (name, query) in [
        ("stock view, no filter", StockQuery::default()),
        (
            "stock view, one destination",
            StockQuery {
                dest_code: header.route_codes.first().cloned(),
                ..StockQuery::default()
            },
        ),
        (
            "stock view, the newest 30 days",
            StockQuery {
                issued_since: Some(newest - Days::new(30)),
                ..StockQuery::default()
            },
        ),
    ] {
        let started = Instant::now();
        let rows = db.stock(&query, today).unwrap().len();
        println!(
            "{backend} {name}: {rows} rows in {:.1} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
    }

    let mut group = c.benchmark_group(format!("dispatch_1m_{backend}"));
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sampling_mode(SamplingMode::Flat);
    let mut next = 0_usize;
    group.bench_function("scan_load_fsync", |b| {
        b.iter_custom(|iters| {
            let started = Instant::now();
            for _ in 0..iters {
                let code = &codes[next % codes.len()];
                next += 1;
                black_box(
                    db.scan_load(manifest, black_box(code), "A01", now)
                        .unwrap()
                        .unwrap(),
                );
            }
            started.elapsed()
        });
    });
    println!("{next} pieces scanned onto one manifest");
    let loaded = codes[0].clone();
    group.bench_function("scan_refused_duplicate", |b| {
        b.iter(|| {
            black_box(
                db.scan_load(manifest, black_box(&loaded), "A01", now)
                    .unwrap()
                    .unwrap_err(),
            )
        });
    });
    group.finish();
}

/// The PDF of a 500-waybill manifest.
fn bench_pdf(c: &mut Criterion) {
    let now = NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(17, 0, 0)
        .unwrap();
    warm_up().unwrap();
    let lines = kaidan::demo::samples::manifest_lines(500);
    let totals = ManifestTotals::of(&lines);
    let sheet = kaidan::demo::samples::manifest_sheet(&lines, &totals, now);
    let pdf = manifest_pdf(&sheet).unwrap();
    println!(
        "500-waybill manifest: {:.1} KB",
        f64::from(u32::try_from(pdf.len()).unwrap()) / 1024.0
    );
    let mut group = c.benchmark_group("manifest_pdf");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("500_waybills", |b| {
        b.iter(|| manifest_pdf(black_box(&sheet)).unwrap());
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
