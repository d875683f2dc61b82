//! The registers after arrival: delivery tasks, transfers, returns, exceptions, signed
//! receipts, and the regulator upload counts.

use super::{
    DISPATCH_LIST_LIMIT, DeliveryTaskRecord, Event, ReceiptPayable, ReceiptRecord, ReceiptRow,
    UploadCount, append_event, apply_step, corrupt, day_text, insert_collection,
    insert_release_payment, open_delivery, opt_time, payment_note, release_facts, require_staff,
    require_waybill, write_life,
};
use crate::domain::desk::waybill::{DeliveryMode, PaymentMethod, WaybillStatus};
use crate::domain::dispatch::pickup::{
    DeliveryResult, DeliveryTask, Payment, check_delivery_result, check_send_out,
};
use crate::domain::dispatch::{ExceptionRecord, Life, Step, TransferRecord};
use crate::domain::money::{format_yuan, from_fen, to_fen};
use crate::storage::sql::{NO_ARGS, args};
use crate::storage::{Db, Result, StorageError, parse_time, time_text};
use chrono::{NaiveDate, NaiveDateTime};

impl Db {
    /// Sends goods out on a delivery task (送货). For a waybill issued as self-pickup this
    /// is the change to delivery: the added fee and 提付 must be collected first.
    /// Controlled goods need the shipper's authorization. Returns the task's id.
    pub fn create_delivery(
        &mut self,
        number: &str,
        task: &DeliveryTask,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        let (tx, waybill) = self.on_waybill(number)?;
        if open_delivery(*tx, &waybill.number)? {
            return Err(StorageError::Refused(format!(
                "运单 {number} 已有送货任务在途，请先登记结果"
            )));
        }
        let changed = waybill.delivery == DeliveryMode::SelfPickup;
        if changed && task.added_fee_yuan.is_zero() {
            return Err(StorageError::Refused(
                "自提改送货须加收送货费：请填写送货费".to_owned(),
            ));
        }
        let facts = release_facts(*tx, &waybill, now.date())?;
        let after = check_send_out(&facts, task)
            .map_err(|reason| StorageError::Refused(format!("运单 {number}：{reason}")))?;
        let task_id = tx.insert(
            "INSERT INTO delivery_tasks (waybill_number, created_at, created_by, address, mode, driver, added_fee_fen, changed_from_pickup, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            args![
                waybill.number,
                time_text(now),
                staff_id,
                task.address,
                task.mode.label(),
                task.driver,
                to_fen(task.added_fee_yuan),
                changed,
                task.note
            ])?;
        insert_collection(
            *tx,
            &waybill.number,
            task.payment.as_ref(),
            "送货",
            staff_id,
            now,
        )?;
        let note = format!(
            "{}{}，司机 {}，{}{}",
            if changed { "自提改送货，" } else { "" },
            task.mode.label(),
            task.driver,
            task.address,
            payment_note(task.payment.as_ref())
        );
        write_life(
            *tx,
            after,
            &Event::new(
                &waybill.number,
                after.stage,
                Step::SendOut.label(),
                staff_id,
                now,
            )
            .note(&note),
        )?;
        tx.commit()?;
        Ok(task_id)
    }

    /// Records the result of a delivery task: 送达 (with the money the driver brought
    /// back, if any was owed), 拒收 or 异常.
    #[allow(clippy::too_many_arguments, reason = "the fields of one result")]
    pub fn record_delivery_result(
        &mut self,
        task_id: i64,
        result: DeliveryResult,
        payment: Option<&Payment>,
        note: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Life> {
        let tx = self.immediate()?;
        let task: Option<(String, Option<String>)> = tx.query_opt(
            "SELECT waybill_number, result FROM delivery_tasks WHERE id = ?1",
            args![task_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let Some((number, done)) = task else {
            return Err(StorageError::NotFound(format!("找不到送货任务 {task_id}")));
        };
        if done.is_some() {
            return Err(StorageError::Refused(format!(
                "送货任务 {task_id} 的结果已经登记"
            )));
        }
        let waybill = require_waybill(*tx, &number)?;
        let facts = release_facts(*tx, &waybill, now.date())?;
        let after = check_delivery_result(&facts, result, payment)
            .map_err(|reason| StorageError::Refused(format!("运单 {number}：{reason}")))?;
        tx.execute(
            "UPDATE delivery_tasks SET result = ?2, result_at = ?3, result_by = ?4, result_note = ?5 WHERE id = ?1",
            args![
                task_id,
                result.label(),
                time_text(now),
                staff_id,
                note.trim()
            ])?;
        insert_release_payment(*tx, &number, &facts.dues, payment, "送达", staff_id, now)?;
        let text = format!("{}{}", note.trim(), payment_note(payment));
        write_life(
            *tx,
            after,
            &Event::new(&number, after.stage, result.label(), staff_id, now)
                .note(text.trim_start_matches('，')),
        )?;
        tx.commit()?;
        Ok(after)
    }

    /// Delivery tasks, newest first; only those still out when `open_only`.
    pub fn delivery_tasks(&self, open_only: bool) -> Result<Vec<DeliveryTaskRecord>> {
        let filter = if open_only {
            "WHERE result IS NULL"
        } else {
            ""
        };
        let rows = self.sql().rows(&format!(
            "SELECT id, waybill_number, created_at, created_by, address, mode, driver, added_fee_fen, changed_from_pickup, note, result, result_at, result_note
             FROM delivery_tasks {filter} ORDER BY id DESC LIMIT {DISPATCH_LIST_LIMIT}"
        ), NO_ARGS)?.into_iter();
        let mut out = Vec::new();
        for r in rows {
            let mode: String = r.get(5)?;
            let result: Option<String> = r.get(10)?;
            out.push(DeliveryTaskRecord {
                id: r.get(0)?,
                number: r.get(1)?,
                created_at: parse_time(&r.get::<String>(2)?)?,
                created_by: r.get(3)?,
                address: r.get(4)?,
                mode: DeliveryMode::from_label(&mode).ok_or_else(|| corrupt("送货方式", &mode))?,
                driver: r.get(6)?,
                added_fee_yuan: from_fen(r.get(7)?),
                changed_from_pickup: r.get::<i64>(8)? != 0,
                note: r.get(9)?,
                result: match result {
                    Some(text) => Some(
                        DeliveryResult::from_label(&text)
                            .ok_or_else(|| corrupt("送货结果", &text))?,
                    ),
                    None => None,
                },
                result_at: opt_time(r.get::<Option<String>>(11)?.as_deref())?,
                result_note: r.get(12)?,
            });
        }
        Ok(out)
    }

    /// Registers a transfer to another carrier (中转登记).
    pub fn record_transfer(
        &mut self,
        number: &str,
        transfer: &TransferRecord,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Life> {
        let (tx, waybill) = self.on_waybill(number)?;
        let note = format!(
            "{} 单号 {}，中转费 {} 元，回扣 {} 元",
            transfer.carrier,
            transfer.carrier_number,
            format_yuan(transfer.fee_yuan),
            format_yuan(transfer.rebate_yuan)
        );
        let after = apply_step(*tx, &waybill, Step::Transfer, staff_id, &note, "", now)?;
        tx.execute(
            "INSERT INTO transfers (waybill_number, at, staff_id, carrier, carrier_number, fee_fen, rebate_fen, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            args![
                waybill.number,
                time_text(now),
                staff_id,
                transfer.carrier,
                transfer.carrier_number,
                to_fen(transfer.fee_yuan),
                to_fen(transfer.rebate_yuan),
                transfer.note
            ])?;
        crate::storage::seals::seal_last(*tx, "transfers")?;
        tx.commit()?;
        Ok(after)
    }

    /// The transfers of one waybill.
    pub fn transfers(&self, number: &str) -> Result<Vec<TransferRecord>> {
        let rows = self.sql().query_map("SELECT carrier, carrier_number, fee_fen, rebate_fen, note FROM transfers WHERE waybill_number = ?1 ORDER BY id", args![number], |r| {
            Ok(TransferRecord {
                carrier: r.get(0)?,
                carrier_number: r.get(1)?,
                fee_yuan: from_fen(r.get(2)?),
                rebate_yuan: from_fen(r.get(3)?),
                note: r.get(4)?,
            })
        })?;
        Ok(rows)
    }

    /// Records goods sent back to the shipper (退货), with the reason.
    pub fn record_return(
        &mut self,
        number: &str,
        reason: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Life> {
        let reason = crate::storage::required_reason(reason, "退货必须写明原因")?;
        let (tx, waybill) = self.on_waybill(number)?;
        let after = apply_step(*tx, &waybill, Step::Return, staff_id, reason, "", now)?;
        tx.commit()?;
        Ok(after)
    }

    /// Registers an exception (异常登记): delay, damage, loss or refusal, with who is
    /// responsible and any claim. The waybill's flow goes on afterwards.
    pub fn record_exception(
        &mut self,
        number: &str,
        exception: &ExceptionRecord,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Life> {
        let (tx, waybill) = self.on_waybill(number)?;
        let note = format!(
            "{}：{}（责任方 {}{}）",
            exception.kind.label(),
            exception.note,
            exception.responsible,
            if exception.claim_yuan.is_zero() {
                String::new()
            } else {
                format!("，索赔 {} 元", format_yuan(exception.claim_yuan))
            }
        );
        let after = apply_step(*tx, &waybill, Step::Exception, staff_id, &note, "", now)?;
        tx.execute(
            "INSERT INTO exceptions (waybill_number, at, staff_id, kind, responsible, note, claim_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            args![
                waybill.number,
                time_text(now),
                staff_id,
                exception.kind.label(),
                exception.responsible,
                exception.note,
                to_fen(exception.claim_yuan)
            ])?;
        crate::storage::seals::seal_last(*tx, "exceptions")?;
        tx.commit()?;
        Ok(after)
    }

    /// The exceptions of one waybill, oldest first.
    pub fn exceptions(&self, number: &str) -> Result<Vec<ExceptionRecord>> {
        let rows = self.sql().rows("SELECT kind, responsible, note, claim_fen FROM exceptions WHERE waybill_number = ?1 ORDER BY id", args![number])?.into_iter();
        let mut out = Vec::new();
        for r in rows {
            let kind: String = r.get(0)?;
            out.push(ExceptionRecord {
                kind: crate::domain::dispatch::ExceptionKind::from_label(&kind)
                    .ok_or_else(|| corrupt("异常类型", &kind))?,
                responsible: r.get(1)?,
                note: r.get(2)?,
                claim_yuan: from_fen(r.get(3)?),
            });
        }
        Ok(out)
    }

    /// Registers the signed receipt back at the station (回单登记). Refused for a waybill
    /// without receipt copies, or twice.
    pub fn record_receipt_returned(
        &mut self,
        number: &str,
        note: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let (tx, waybill) = self.on_waybill(number)?;
        if waybill.receipt_copies == 0 {
            return Err(StorageError::Refused(format!(
                "运单 {number} 开单时没有要求签回单"
            )));
        }
        let inserted = tx.execute(
            "INSERT INTO receipts (waybill_number, received_at, received_by, note) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(waybill_number) DO NOTHING",
            args![waybill.number, time_text(now), staff_id, note.trim()])?;
        if inserted == 0 {
            return Err(StorageError::Refused(format!(
                "运单 {number} 的回单已经登记"
            )));
        }
        let text = if waybill.payment == PaymentMethod::OnReceipt {
            format!(
                "回单已回，回单付运费 {} 元可以结算",
                format_yuan(waybill.total_yuan)
            )
        } else {
            "回单已回".to_owned()
        };
        append_event(
            *tx,
            &Event::standing(&waybill, "回单", staff_id, now).note(&text),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Registers the receipt sent back to the shipper.
    pub fn record_receipt_sent_back(
        &mut self,
        number: &str,
        note: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let (tx, waybill) = self.on_waybill(number)?;
        let updated = tx.execute(
            "UPDATE receipts SET sent_back_at = ?2, sent_back_by = ?3, sent_back_note = ?4 WHERE waybill_number = ?1 AND sent_back_at IS NULL",
            args![waybill.number, time_text(now), staff_id, note.trim()])?;
        if updated == 0 {
            return Err(StorageError::Refused(format!(
                "运单 {number} 的回单尚未登记收回，或已寄回"
            )));
        }
        append_event(
            *tx,
            &Event::standing(&waybill, "回单寄回", staff_id, now).note(note.trim()),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The receipt of one waybill, if back.
    pub fn receipt(&self, number: &str) -> Result<Option<ReceiptRecord>> {
        let row: Option<ReceiptRow> = self
            .sql()
            .query_opt(
                "SELECT waybill_number, received_at, received_by, note, sent_back_at, sent_back_by FROM receipts WHERE waybill_number = ?1",
                args![number],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
        row.map(
            |(number, received_at, received_by, note, sent_back_at, sent_back_by)| {
                Ok(ReceiptRecord {
                    number,
                    received_at: parse_time(&received_at)?,
                    received_by,
                    note,
                    sent_back_at: opt_time(sent_back_at.as_deref())?,
                    sent_back_by,
                })
            },
        )
        .transpose()
    }

    /// 回单付 waybills whose receipt is back: payable now, oldest receipt first.
    pub fn receipts_payable(&self) -> Result<Vec<ReceiptPayable>> {
        let rows = self.sql().rows(&format!(
            "SELECT w.number, w.shipper_name, w.shipper_phone, w.total_fen, r.received_at
             FROM receipts r JOIN waybills w ON w.number = r.waybill_number
             WHERE w.payment = ?1 AND w.status <> ?2 ORDER BY r.received_at, w.number LIMIT {DISPATCH_LIST_LIMIT}"
        ), args![
            PaymentMethod::OnReceipt.label(),
            WaybillStatus::Void.label()
        ])?.into_iter();
        let mut out = Vec::new();
        for r in rows {
            out.push(ReceiptPayable {
                number: r.get(0)?,
                shipper_name: r.get(1)?,
                shipper_phone: r.get(2)?,
                total_yuan: from_fen(r.get(3)?),
                received_at: parse_time(&r.get::<String>(4)?)?,
            });
        }
        Ok(out)
    }

    /// Adds `count` records uploaded to 云递安 by a clerk on a day; returns the day's
    /// total.
    pub fn add_regulator_uploads(
        &self,
        staff_id: &str,
        day: NaiveDate,
        count: u32,
        now: NaiveDateTime,
    ) -> Result<u32> {
        require_staff(self.sql(), staff_id)?;
        Ok(self.sql().one(
            "INSERT INTO regulator_uploads (staff_id, day, count, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(staff_id, day) DO UPDATE SET count = regulator_uploads.count + excluded.count, updated_at = excluded.updated_at
             RETURNING count",
            args![staff_id, day_text(day), count, time_text(now)])?)
    }

    /// Sets a clerk's 云递安 count of a day (a correction).
    pub fn set_regulator_uploads(
        &self,
        staff_id: &str,
        day: NaiveDate,
        count: u32,
        now: NaiveDateTime,
    ) -> Result<()> {
        require_staff(self.sql(), staff_id)?;
        self.sql().execute(
            "INSERT INTO regulator_uploads (staff_id, day, count, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(staff_id, day) DO UPDATE SET count = excluded.count, updated_at = excluded.updated_at",
            args![staff_id, day_text(day), count, time_text(now)])?;
        Ok(())
    }

    /// Every clerk's 云递安 count on `day`, in 工号 order (zero for those without one).
    pub fn regulator_uploads(&self, day: NaiveDate) -> Result<Vec<UploadCount>> {
        let rows = self.sql().query_map(
            "SELECT s.id, s.name, COALESCE(u.count, 0) FROM staff s
             LEFT JOIN regulator_uploads u ON u.staff_id = s.id AND u.day = ?1
             WHERE s.role = '开单员' OR u.count IS NOT NULL ORDER BY s.id",
            args![day_text(day)],
            |r| {
                Ok(UploadCount {
                    staff_id: r.get(0)?,
                    staff_name: r.get(1)?,
                    day,
                    count: r.get(2)?,
                })
            },
        )?;
        Ok(rows)
    }
}
