//! The business in plain Rust, by area: nothing here knows about SQL, egui or PDFs, so
//! every rule can be tested on its own.
//!
//! - [`desk`]: the counter — the waybill, fees, screening, destinations, customers.
//! - [`dispatch`]: the goods after the waybill — stages, manifests, arrival, pickup.
//! - [`people`]: staff, attendance, the points and their detectors, the monthly review.
//! - [`money`]: yuan, the payments ledger, cash counts, statements, reports.
//! - [`service`]: quotes, the question and complaint log, claims.
//!
//! Shared by all: [`settings`], [`stations`] (who each station sharing the database is),
//! [`backups`] (the backup plan) and [`os`].

pub mod backups;
pub mod desk;
pub mod dispatch;
pub mod money;
pub mod os;
pub mod people;
pub mod service;
pub mod settings;
pub mod stations;
