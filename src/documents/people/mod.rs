//! **The people area**: the documents of staff: the people import and the monthly review as
//! PDF and XLSX.

pub mod people_import;
pub mod review_pdf;
pub mod review_xlsx;
