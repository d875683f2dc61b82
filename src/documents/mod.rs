//! PDFs (waybill, labels, manifests, monthly review) and spreadsheet import and export.

pub mod tabular;
