//! PDFs (waybill, labels, manifests, monthly review) and spreadsheet import and export.

pub mod rates_import;
pub mod tabular;
pub mod waybills_import;
