//! kaidan's integration tests, in one test binary: each module was once a binary of its
//! own, and every one of them linked the whole of egui, printpdf, calamine and SQLite
//! again. One binary links once (see the README's "Tests and CI").
//!
//! - `cli`, `cli_people`, `review_docs`: the command line as scripts see it, the real
//!   binary run on real files (FORMATS.md).
//! - `dispatch`, `pdf`: dispatch through the storage API; the printed documents read back.
//! - `concurrency`, `postgres`: several counters at once on one SQLite file, and on a
//!   PostgreSQL server (`KAIDAN_TEST_POSTGRES`; skipped without one, except in CI).
//! - `ui_*`: the pages as clerks use them, driven headless through `egui_kittest`.
//!
//! Run one module with `cargo test --test suite ui_money::`.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly at the first surprise"
)]

mod common;
mod kit;

mod appointments;
mod cases;
mod cli;
mod cli_people;
mod cli_records;
mod cod;
mod complaints;
mod concurrency;
mod desk;
mod dispatch;
mod dispatch_print;
mod dispatch_records;
mod export;
mod house;
mod pdf;
mod plug;
mod postgres;
mod render;
mod return_calls;
mod review_docs;
mod ui_attendance;
mod ui_backups;
mod ui_claims;
mod ui_cod;
mod ui_customers;
mod ui_desk;
mod ui_dispatch;
mod ui_money;
mod ui_people;
mod ui_print;
mod ui_refusals;
mod ui_reports;
mod ui_service;
mod ui_station;
mod ui_stations;
