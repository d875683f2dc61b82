//! **The service area**'s documents: the customer's monthly statistics report and the
//! month's complaint statistics (PDF and XLSX).

pub mod complaint_stats_pdf;
pub mod complaint_stats_xlsx;
pub mod customer_report_pdf;
