//! kaidan (开单): the counter desk of a less-than-truckload road-freight station.
//!
//! The crate is layered (see ARCHITECTURE.md): [`domain`] holds the business rules in
//! plain Rust, [`storage`] keeps them in SQLite, [`documents`] reads and writes files,
//! [`ui`] draws the egui window, and [`app`] and [`cli`] wire them together.

pub mod app;
pub mod cli;
pub mod cue;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod fonts;
pub mod imports;
pub mod print;
pub mod storage;
pub mod ui;
