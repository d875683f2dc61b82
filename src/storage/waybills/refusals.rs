//! Refusals (拒收登记) and boxes opened for inspection (开箱检查): evidence kept
//! append-only and sealed; an inspection that refuses the goods records the refusal in
//! its own transaction.

use crate::domain::desk::inspection::{Inspection, InspectionResult};
use crate::storage::sql::{Conn, NO_ARGS, Row, args};
use crate::storage::{Db, Result, StorageError, parse_time, time_text};
use chrono::NaiveDateTime;

/// A refused consignment to record (拒收登记).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// When.
    pub at: NaiveDateTime,
    /// Who refused.
    pub clerk_id: String,
    /// Shipper's name as given.
    pub shipper_name: String,
    /// Shipper's phone as given.
    pub shipper_phone: String,
    /// The goods.
    pub goods_name: String,
    /// Why.
    pub reason: String,
}

impl Db {
    /// Records a refused consignment (拒收登记): evidence that cannot be edited later.
    pub fn record_refusal(&self, refusal: &Refusal) -> Result<()> {
        let tx = self.sql().begin()?;
        insert_refusal(*tx, refusal)?;
        tx.commit()?;
        Ok(())
    }

    /// Records a box opened for inspection (开箱检查) by `clerk_id` at `now`; when it
    /// refuses the goods, the refusal is recorded with it, in the same transaction, its
    /// reason what was found.
    pub fn record_inspection(
        &self,
        inspection: &Inspection,
        clerk_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.sql().begin()?;
        tx.execute(
            "INSERT INTO inspections (at, clerk_id, waybill_number, shipper_name, shipper_phone, goods_name, found, result)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            args![
                time_text(now),
                clerk_id,
                &inspection.waybill_number,
                &inspection.shipper_name,
                &inspection.shipper_phone,
                &inspection.goods_name,
                &inspection.found,
                inspection.result.label()
            ],
        )?;
        crate::storage::seals::seal_last(*tx, "inspections")?;
        if inspection.result == InspectionResult::Refused {
            let refusal = Refusal {
                at: now,
                clerk_id: clerk_id.to_owned(),
                shipper_name: inspection.shipper_name.clone(),
                shipper_phone: inspection.shipper_phone.clone(),
                goods_name: inspection.goods_name.clone(),
                reason: format!("开箱检查：{}，不予托运", inspection.found),
            };
            insert_refusal(*tx, &refusal)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Inspections, newest first (at most 1,000): when, who, and the inspection.
    pub fn inspections(&self) -> Result<Vec<(NaiveDateTime, String, Inspection)>> {
        let rows = self.sql().query_map(
            "SELECT at, clerk_id, waybill_number, shipper_name, shipper_phone, goods_name, found, result
             FROM inspections ORDER BY id DESC LIMIT 1000",
            NO_ARGS,
            Row::read::<(String, String, String, String, String, String, String, String)>,
        )?;
        rows.into_iter()
            .map(
                |(at, clerk, number, shipper_name, shipper_phone, goods_name, found, result)| {
                    Ok((
                        parse_time(&at)?,
                        clerk,
                        crate::domain::desk::inspection::Inspection {
                            waybill_number: number,
                            shipper_name,
                            shipper_phone,
                            goods_name,
                            found,
                            result: InspectionResult::from_label(&result).ok_or_else(|| {
                                StorageError::Corrupt(format!("开箱检查结果「{result}」无法识别"))
                            })?,
                        },
                    ))
                },
            )
            .collect()
    }

    /// Refusals, newest first (at most 1,000).
    pub fn refusals(&self) -> Result<Vec<Refusal>> {
        let rows = self.sql().query_map("SELECT at, clerk_id, shipper_name, shipper_phone, goods_name, reason FROM refusals ORDER BY id DESC LIMIT 1000", NO_ARGS, Row::read::<[String; 6]>)?;
        let mut out = Vec::new();
        for row in rows {
            let [
                at,
                clerk_id,
                shipper_name,
                shipper_phone,
                goods_name,
                reason,
            ] = row;
            out.push(Refusal {
                at: parse_time(&at)?,
                clerk_id,
                shipper_name,
                shipper_phone,
                goods_name,
                reason,
            });
        }
        Ok(out)
    }
}

/// Stores and seals one refusal, its texts trimmed.
fn insert_refusal(tx: Conn<'_>, refusal: &Refusal) -> Result<()> {
    tx.execute(
        "INSERT INTO refusals (at, clerk_id, shipper_name, shipper_phone, goods_name, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            time_text(refusal.at),
            refusal.clerk_id,
            refusal.shipper_name.trim(),
            refusal.shipper_phone.trim(),
            refusal.goods_name.trim(),
            refusal.reason
        ],
    )?;
    crate::storage::seals::seal_last(tx, "refusals")?;
    Ok(())
}
