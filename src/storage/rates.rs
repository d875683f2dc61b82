//! The stored rate table (报价表): replaced whole by an import, edited row by row by the
//! supervisor.

use super::revisions::{self, Edit, Record};
use super::sql::{NO_ARGS, Row, args};
use super::{Db, Result, parse_decimal_text};
use crate::domain::desk::rates::{RateRow, RateTable};

impl Db {
    /// The whole rate table.
    pub fn rate_table(&self) -> Result<RateTable> {
        let rows = self.sql().query_map("SELECT dest_code, from_weight_kg, heavy_yuan_per_kg, light_yuan_per_m3, minimum_yuan, delivery_fee_yuan FROM rates", NO_ARGS, Row::read::<[String; 6]>)?;
        let mut out = Vec::new();
        for row in rows {
            let [code, from, heavy, light, minimum, delivery] = row;
            out.push(RateRow {
                dest_code: code,
                from_weight_kg: parse_decimal_text(&from)?,
                heavy_yuan_per_kg: parse_decimal_text(&heavy)?,
                light_yuan_per_m3: parse_decimal_text(&light)?,
                minimum_yuan: parse_decimal_text(&minimum)?,
                delivery_fee_yuan: parse_decimal_text(&delivery)?,
            });
        }
        RateTable::new(out).map_err(|e| super::StorageError::Corrupt(e.to_string()))
    }

    /// Replaces the whole rate table in one transaction (an import, the demo).
    pub fn replace_rate_table(&mut self, table: &RateTable) -> Result<()> {
        self.edit_rate_table(table, Edit::unattributed())
    }

    /// Replaces the whole rate table as edited on a page (refused, naming who and when,
    /// if another save came since the revision the editor opened).
    pub fn edit_rate_table(&mut self, table: &RateTable, edit: Edit<'_>) -> Result<()> {
        let tx = self.sql().begin()?;
        revisions::advance(*tx, Record::Rates, edit)?;
        tx.execute("DELETE FROM rates", NO_ARGS)?;
        for row in table.rows() {
            tx.execute(
                "INSERT INTO rates (dest_code, from_weight_kg, heavy_yuan_per_kg, light_yuan_per_m3, minimum_yuan, delivery_fee_yuan)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                args![
                    row.dest_code,
                    row.from_weight_kg.normalize().to_string(),
                    row.heavy_yuan_per_kg.normalize().to_string(),
                    row.light_yuan_per_m3.normalize().to_string(),
                    row.minimum_yuan.normalize().to_string(),
                    row.delivery_fee_yuan.normalize().to_string(),
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_and_read_back() {
        let mut db = Db::open_in_memory().unwrap();
        assert!(db.rate_table().unwrap().is_empty());
        let row = crate::demo::samples::rate_row("430321");
        let table = RateTable::new(vec![row.clone()]).unwrap();
        db.replace_rate_table(&table).unwrap();
        db.replace_rate_table(&table).unwrap();
        assert_eq!(db.rate_table().unwrap(), table);
    }
}
