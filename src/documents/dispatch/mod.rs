//! **The dispatch area**: the documents of trucks and the warehouse: the dispatch manifest,
//! the stock count list, the arrival report, the pickup receipt and the exchange file
//! between stations, and the delivery run sheet of a vehicle.

pub mod arrival_pdf;
pub mod exchange;
pub mod manifest_pdf;
pub mod pickup_pdf;
pub mod run_sheet_pdf;
pub mod stock_pdf;
