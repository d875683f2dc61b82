//! **The money area**: the documents of money: the cash count, the monthly statement as PDF
//! and XLSX, the receivables and the day and month reports, and the 代收款返款单.

pub mod cash_count_pdf;
pub mod receivables_xlsx;
pub mod remittance_pdf;
pub mod report_xlsx;
pub mod statement_pdf;
pub mod statement_xlsx;
