//! **The desk area**: the counter's documents: the waybill and its labels, the waybill
//! import and export, the rate-table import and the regulator's export.

pub mod labels;
pub mod rates_import;
pub mod regulator_export;
pub mod waybill_pdf;
pub mod waybills_export;
pub mod waybills_import;
