//! How much of the window's start is kaidan's own (issue 15: the first frame under
//! 100 ms): opening a station's database with the demo data, loading the view the first
//! page shows, and laying out the first frames with the bundled Chinese font installed —
//! everything between the launch and the window system's own work (making the window and
//! its GL context, which no code of ours can shorten). The day's backup and the records'
//! check run on threads of their own and are not in the way. Run with
//! `cargo bench --bench startup`; the launch as a clerk sees it is traced by
//! `KAIDAN_STARTUP_TRACE=1 kaidan` (README "Speed").

#![allow(clippy::unwrap_used, reason = "a bench fails loudly")]

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use kaidan::app::{App, setup_context};
use kaidan::storage::Db;
use std::time::Duration;

fn startup(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.sqlite3");
    {
        let mut db = Db::open(&path).unwrap();
        kaidan::demo::load_demo(&mut db, chrono::Local::now().date_naive()).unwrap();
    }
    let mut group = c.benchmark_group("startup");
    group.measurement_time(Duration::from_secs(10));
    group.sample_size(20);
    group.bench_function("open the database and load the first page's view", |b| {
        b.iter(|| App::new(Db::open(&path).unwrap()).unwrap());
    });
    group.bench_function("open, load and lay out the first two frames", |b| {
        b.iter(|| {
            let app = App::new(Db::open(&path).unwrap()).unwrap();
            let mut harness = Harness::builder()
                .with_size(egui::vec2(1366.0, 860.0))
                .with_context_setup(setup_context)
                .build_ui_state(|ui, app: &mut App| app.frame(ui), app);
            harness.step();
            harness.step();
            harness
        });
    });
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
