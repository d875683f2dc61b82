//! Reading a database out whole, for moving up: the waybills for `kaidan export
//! waybills` (in the columns of the import), one at a time.

use super::sql::args;
use super::waybills::{FULL_COLUMNS, issued_from_row};
use super::{Db, Result};
use crate::domain::desk::waybill::{IssuedWaybill, WaybillStatus};
use chrono::NaiveDate;

impl Db {
    /// Every waybill issued on the days `from..=to` (either end open), voided ones left
    /// out (an import cannot bring a voided waybill back), by 单号, one at a time.
    pub fn each_waybill(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        mut each: impl FnMut(IssuedWaybill) -> Result<()>,
    ) -> Result<()> {
        let from = from.map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string());
        // The day after `to`, as text: everything issued on `to` sorts before it.
        let until = to
            .and_then(|d| d.succ_opt())
            .map_or_else(|| "9999".to_owned(), |d| d.format("%Y-%m-%d").to_string());
        self.sql().for_each(
            &format!(
                "SELECT {FULL_COLUMNS} FROM waybills
                 WHERE status <> ?1 AND issued_at >= ?2 AND issued_at < ?3 ORDER BY number"
            ),
            args![WaybillStatus::Void.label(), from, until],
            |row| each(issued_from_row(row)?),
        )
    }
}
