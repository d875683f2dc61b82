//! How fast printing is once the fonts are loaded (the app loads them at startup with
//! `documents::pdf::warm_up`): one waybill with its four copies, and the 50 labels of a
//! 50-piece consignment. Targets: under 3 ms per waybill page and under 25 ms for 50
//! labels. The file sizes are printed once before the measurements. Run with
//! `cargo bench --bench pdf`.

#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a bench fails loudly and reports on stdout"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use kaidan::documents::desk::labels::labels_pdf;
use kaidan::documents::desk::waybill_pdf::waybill_pdf;
use kaidan::documents::pdf::warm_up;
use kaidan::domain::desk::screening::default_list;
use kaidan::domain::desk::waybill::{IssuedWaybill, ValidationContext, WaybillDraft};
use kaidan::domain::settings::TermFigures;
use kaidan::domain::settings::{DeskSettings, PrintSettings};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// A 50-piece waybill with every mark a label can carry.
fn issued() -> IssuedWaybill {
    let rates = kaidan::demo::samples::rate_table();
    let prohibited = default_list();
    let ctx = ValidationContext::priced(&rates, &prohibited);
    let draft = WaybillDraft {
        pieces: "50".into(),
        weight_kg: "1250".into(),
        volume_m3: "5.5".into(),
        ..kaidan::demo::samples::marked_draft()
    };
    kaidan::demo::samples::issued(draft.validate(&ctx).unwrap(), 1)
}

fn bench(c: &mut Criterion) {
    let started = Instant::now();
    warm_up().unwrap();
    println!(
        "fonts parsed in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let issued = issued();
    let desk = DeskSettings {
        station_name: "广州白云站".to_owned(),
        station_phone: "020-86123456".to_owned(),
        ..DeskSettings::default()
    };
    let print = PrintSettings::default();
    let waybill = waybill_pdf(&issued, &desk, &print, &TermFigures::default()).unwrap();
    let labels = labels_pdf(&issued, &desk, &print, 1..=50).unwrap();
    println!(
        "waybill, 4 copies: {:.1} KB; 50 labels: {:.1} KB",
        kilobytes(waybill.len()),
        kilobytes(labels.len())
    );

    let mut group = c.benchmark_group("pdf");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("waybill, 4 copies", |b| {
        b.iter(|| waybill_pdf(black_box(&issued), &desk, &print, &TermFigures::default()).unwrap());
    });
    group.bench_function("50 labels", |b| {
        b.iter(|| labels_pdf(black_box(&issued), &desk, &print, 1..=50).unwrap());
    });
    group.finish();
}

fn kilobytes(bytes: usize) -> f64 {
    f64::from(u32::try_from(bytes).unwrap_or(u32::MAX)) / 1024.0
}

criterion_group!(benches, bench);
criterion_main!(benches);
