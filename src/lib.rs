//! kaidan (开单): the counter desk of a less-than-truckload road-freight station.
//!
//! The crate is layered (see ARCHITECTURE.md): [`domain`] holds the business rules in
//! plain Rust, [`storage`] keeps them in SQLite, [`documents`] reads and writes files,
//! [`ui`] draws the egui window, and [`app`] and [`cli`] wire them together.

/// The version of this build: the crate's (the packages carry it too).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The day this binary was built (`build.rs`), as `2026-12-06`.
pub const BUILD_DATE: &str = env!("KAIDAN_BUILD_DATE");

/// `kaidan --version` after the name: the version and the build's date.
pub const VERSION_LINE: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "（构建于 ",
    env!("KAIDAN_BUILD_DATE"),
    "）"
);

pub mod app;
pub mod cli;
pub mod cue;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod files;
pub mod fonts;
pub mod imports;
pub mod print;
pub mod storage;
#[cfg(test)]
mod testing;
pub mod ui;
