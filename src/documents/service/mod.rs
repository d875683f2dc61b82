//! **The service area**'s documents: the customer's monthly statistics report.

pub mod customer_report_pdf;
