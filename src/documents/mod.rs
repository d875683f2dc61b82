//! PDFs (waybill, labels, manifests, monthly review) and spreadsheet import and export.

pub mod arrival_pdf;
pub mod barcode;
pub mod cash_count_pdf;
pub mod exchange;
pub mod labels;
pub mod manifest_pdf;
pub mod pdf;
pub mod people_import;
pub mod pickup_pdf;
pub mod rates_import;
pub mod receivables_xlsx;
pub mod regulator_export;
pub mod report_xlsx;
pub mod review_pdf;
pub mod review_xlsx;
pub mod ruled_table;
pub mod statement_pdf;
pub mod statement_xlsx;
pub mod stock_pdf;
pub mod tabular;
pub mod waybill_pdf;
pub mod waybills_import;
