//! PDFs (waybill, labels, manifests, monthly review) and spreadsheet import and export.

pub mod barcode;
pub mod exchange;
pub mod labels;
pub mod manifest_pdf;
pub mod pdf;
pub mod people_import;
pub mod rates_import;
pub mod review_pdf;
pub mod review_xlsx;
pub mod tabular;
pub mod waybill_pdf;
pub mod waybills_import;
