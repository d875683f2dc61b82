//! The business of the counter in plain Rust: waybills and their validation, fees from the
//! rate table, goods screening, destinations, and the record of alterations. Nothing here
//! knows about SQL, egui or PDFs, so every rule can be tested on its own.

pub mod alteration;
pub mod destinations;
pub mod money;
pub mod phone;
pub mod rates;
pub mod screening;
pub mod waybill;
