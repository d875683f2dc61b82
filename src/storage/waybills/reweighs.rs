//! Re-weighs (复秤, `domain::desk::reweigh`): append-only and sealed, one row per weighing
//! of a waybill's goods; read for the waybill's page and, with the waybill and the rate
//! table's freight for what was measured, for the P9 detector.

use crate::domain::desk::reweigh::{NewReweigh, ReweighFacts, ReweighRecord};
use crate::domain::money::from_fen;
use crate::storage::sql::{Row, args};
use crate::storage::{Db, Result, StorageError, parse_decimal_text, parse_time, time_text};
use chrono::NaiveDateTime;

impl Db {
    /// Records a re-weigh of `number`'s goods by `staff_id`.
    ///
    /// # Errors
    /// Refused for a waybill not in this database or one voided; the database failed.
    pub fn record_reweigh(
        &mut self,
        number: &str,
        reweigh: &NewReweigh,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let number = number.trim();
        let tx = self.sql().begin()?;
        let status: Option<String> = tx.value(
            "SELECT status FROM waybills WHERE number = ?1",
            args![number],
        )?;
        match status {
            None => {
                return Err(StorageError::Refused(format!(
                    "运单 {number} 不在本库：只能复秤本库开出的运单"
                )));
            }
            Some(s) if s == crate::domain::desk::waybill::WaybillStatus::Void.label() => {
                return Err(StorageError::Refused(format!(
                    "运单 {number} 已作废，不能复秤"
                )));
            }
            Some(_) => {}
        }
        tx.execute(
            "INSERT INTO reweighs (waybill_number, weight_kg, volume_m3, note, staff_id, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![
                number,
                reweigh.weight_kg.normalize().to_string(),
                reweigh.volume_m3.normalize().to_string(),
                reweigh.note.as_str(),
                staff_id,
                time_text(now)
            ],
        )?;
        crate::storage::seals::seal_last(*tx, "reweighs")?;
        tx.commit()?;
        Ok(())
    }

    /// The re-weighs of `number`, oldest first.
    pub fn reweighs(&self, number: &str) -> Result<Vec<ReweighRecord>> {
        let rows = self.sql().query_map(
            "SELECT weight_kg, volume_m3, note, staff_id, at FROM reweighs
             WHERE waybill_number = ?1 ORDER BY id",
            args![number.trim()],
            Row::read::<(String, String, String, String, String)>,
        )?;
        rows.into_iter()
            .map(|(w, v, note, by, at)| {
                Ok(ReweighRecord {
                    weight_kg: parse_decimal_text(&w)?,
                    volume_m3: parse_decimal_text(&v)?,
                    note,
                    by,
                    at: parse_time(&at)?,
                })
            })
            .collect()
    }

    /// The re-weighs recorded in `[from, to)` (times as stored) with their waybills and
    /// the rate table's freight for what was measured: what P9 is found in.
    pub(crate) fn reweighs_between(&self, from: &str, to: &str) -> Result<Vec<ReweighFacts>> {
        let rows = self.sql().query_map(
            "SELECT r.waybill_number, w.clerk_id, w.declared_by_shipper, w.weight_kg, w.volume_m3,
                    w.freight_fen, w.dest_code, r.weight_kg, r.volume_m3, r.note, r.staff_id, r.at
             FROM reweighs r JOIN waybills w ON w.number = r.waybill_number
             WHERE r.at >= ?1 AND r.at < ?2 ORDER BY r.id",
            args![from, to],
            Row::read::<(
                String,
                String,
                i64,
                String,
                String,
                i64,
                String,
                String,
                String,
                String,
                String,
                String,
            )>,
        )?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let table = self.rate_table()?;
        let mut out = Vec::new();
        for (number, clerk_id, declared, w, v, freight, dest, mw, mv, note, by, at) in rows {
            let measured = ReweighRecord {
                weight_kg: parse_decimal_text(&mw)?,
                volume_m3: parse_decimal_text(&mv)?,
                note,
                by,
                at: parse_time(&at)?,
            };
            let rate_freight_measured = table.row_for(&dest, measured.weight_kg).map(|row| {
                crate::domain::desk::rates::freight(row, measured.weight_kg, measured.volume_m3)
            });
            out.push(ReweighFacts {
                number,
                clerk_id,
                declared_by_shipper: declared != 0,
                weight_kg: parse_decimal_text(&w)?,
                volume_m3: parse_decimal_text(&v)?,
                freight_yuan: from_fen(freight),
                measured,
                rate_freight_measured,
            });
        }
        Ok(out)
    }
}
