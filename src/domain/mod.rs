//! The business of the counter in plain Rust: waybills and their validation, fees from the
//! rate table, goods screening, destinations, and the record of alterations. Nothing here
//! knows about SQL, egui or PDFs, so every rule can be tested on its own.

pub mod alteration;
pub mod attendance;
pub mod backups;
pub mod claims;
pub mod customers;
pub mod destinations;
pub mod detection;
pub mod dispatch;
pub mod idcard;
pub mod limits;
pub mod money;
pub mod money_ledger;
pub mod os;
pub mod people;
pub mod phone;
pub mod pickup;
pub mod points;
pub mod rates;
pub mod reports;
pub mod requests;
pub mod review;
pub mod screening;
pub mod service;
pub mod settings;
pub mod statements;
pub mod waybill;
