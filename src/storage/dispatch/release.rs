//! Release and pickup: authorisations for controlled release, the release facts, pickups
//! with their payment, and label prints.

use super::{
    AuthorizationRecord, Event, LABELS_PRINTED, PickupRecord, append_event, corrupt,
    insert_release_payment, open_delivery, payment_note, pieces_from, release_facts,
    require_waybill, write_life,
};
use crate::domain::desk::idcard::IdType;
use crate::domain::dispatch::pickup::storage_fee::{StorageFee, StorageTerms};
use crate::domain::dispatch::pickup::{
    Authorization, Payment, Pickup, ReleaseFacts, Signature, check_release,
};
use crate::domain::dispatch::{Discrepancy, Life, Stage, Step};
use crate::domain::money::from_fen;
use crate::storage::sql::Row;
use crate::storage::sql::args;
use crate::storage::{Db, Result, StorageError, parse_time, time_text};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

impl Db {
    /// Records the shipper's authorization to release controlled goods (放货授权).
    pub fn record_authorization(
        &mut self,
        number: &str,
        authorization: &Authorization,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let (tx, waybill) = self.on_waybill(number)?;
        if !waybill.controlled_release {
            return Err(StorageError::Refused(format!(
                "运单 {number} 不是等通知放货，无需授权"
            )));
        }
        if waybill.life.stage.is_final() {
            return Err(StorageError::Refused(format!(
                "运单 {number} {}，不能再登记放货授权",
                waybill.life.stage.label()
            )));
        }
        tx.execute(
            "INSERT INTO release_authorizations (waybill_number, at, staff_id, method, photo_path, shipper_contact, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            args![
                waybill.number,
                time_text(now),
                staff_id,
                authorization.method.label(),
                authorization.photo_path,
                authorization.shipper_contact,
                authorization.note
            ])?;
        crate::storage::seals::seal_last(*tx, "release_authorizations")?;
        let note = format!(
            "{}：{}{}",
            authorization.method.label(),
            authorization.shipper_contact,
            if authorization.photo_path.is_empty() {
                String::new()
            } else {
                format!("（{}）", authorization.photo_path)
            }
        );
        append_event(
            *tx,
            &Event::standing(&waybill, "放货授权", staff_id, now).note(&note),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// What decides release of `number` on `today`: stage, pieces left, authorization,
    /// money owed (保管费 run up to `today` included).
    pub fn release_facts(&self, number: &str, today: NaiveDate) -> Result<ReleaseFacts> {
        let waybill = require_waybill(self.sql(), number)?;
        release_facts(self.sql(), &waybill, today)
    }

    /// The 保管费 of `number` on `today` and the terms it runs by; `None` before arrival
    /// or once waived.
    pub fn storage_fee(
        &self,
        number: &str,
        today: NaiveDate,
    ) -> Result<Option<(StorageFee, StorageTerms)>> {
        let waybill = require_waybill(self.sql(), number)?;
        super::storage_fee_of(self.sql(), &waybill, today)
    }

    /// Waives `number`'s 保管费, as the supervisor decided, with the reason; once.
    ///
    /// # Errors
    /// Refused without a reason or when waived already; the database failed.
    pub fn waive_storage_fee(
        &mut self,
        number: &str,
        reason: &str,
        supervisor_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let reason = crate::storage::required_reason(reason, "免收保管费须写明原因")?;
        let tx = self.sql().begin()?;
        let waybill = require_waybill(*tx, number)?;
        let done = tx.query_opt(
            "SELECT supervisor_id FROM storage_fee_waivers WHERE waybill_number = ?1",
            args![&waybill.number],
            |r| r.get::<String>(0),
        )?;
        if let Some(by) = done {
            return Err(StorageError::Refused(format!(
                "运单 {} 的保管费已由 {by} 免收",
                waybill.number
            )));
        }
        tx.execute(
            "INSERT INTO storage_fee_waivers (waybill_number, reason, supervisor_id, at)
             VALUES (?1, ?2, ?3, ?4)",
            args![&waybill.number, reason, supervisor_id, time_text(now)],
        )?;
        crate::storage::seals::seal_last(*tx, "storage_fee_waivers")?;
        tx.commit()?;
        Ok(())
    }

    /// Registers a pickup (提货登记) and releases the pieces: refused before arrival, for
    /// controlled goods without authorization, for more pieces than are left, and until
    /// everything owed is paid with it. Returns the waybill's life after it.
    pub fn record_pickup(
        &mut self,
        number: &str,
        pickup: &Pickup,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Life> {
        if pickup.id_number.trim().is_empty() || pickup.signature.is_blank() {
            return Err(StorageError::Refused(
                "提货必须登记证件号码并由提货人签名".to_owned(),
            ));
        }
        let (tx, waybill) = self.on_waybill(number)?;
        if open_delivery(*tx, &waybill.number)? {
            return Err(StorageError::Refused(format!(
                "运单 {number} 的货物已派送在途：请先登记送货结果"
            )));
        }
        let facts = release_facts(*tx, &waybill, now.date())?;
        let after = check_release(&facts, pickup)
            .map_err(|reason| StorageError::Refused(format!("运单 {number}：{reason}")))?;
        tx.execute(
            "INSERT INTO pickups (waybill_number, at, staff_id, collector_name, id_type, id_number, signature, pieces, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            args![
                waybill.number,
                time_text(now),
                staff_id,
                pickup.collector_name,
                pickup.id_type.label(),
                pickup.id_number,
                pickup.signature.to_json(),
                pickup.pieces,
                pickup.note
            ])?;
        crate::storage::seals::seal_last(*tx, "pickups")?;
        insert_release_payment(
            *tx,
            &waybill.number,
            &facts.dues,
            pickup.payment.as_ref(),
            "提货",
            staff_id,
            now,
        )?;
        let complete = after.stage == Stage::PickedUp;
        let note = format!(
            "提货人 {}（{}），{} 件{}",
            pickup.collector_name,
            pickup.id_type.label(),
            pickup.pieces,
            payment_note(pickup.payment.as_ref())
        );
        write_life(
            *tx,
            after,
            &Event::new(
                &waybill.number,
                after.stage,
                Step::PickUp { complete }.label(),
                staff_id,
                now,
            )
            .note(&note),
        )?;
        tx.commit()?;
        Ok(after)
    }

    /// The money collected with a pickup (the lines of the same waybill, time and clerk in
    /// the station's ledger and in the 代收货款 ledger), for its slip: the whole payment,
    /// and the part of it that was the 代收货款.
    pub fn pickup_payment(&self, pickup: &PickupRecord) -> Result<(Option<Payment>, Decimal)> {
        let line = |table: &str| -> Result<Option<Payment>> {
            let row: Option<(i64, String)> = self.sql().query_opt(
                &format!(
                    "SELECT amount_fen, channel FROM {table}
                     WHERE waybill_number = ?1 AND at = ?2 AND staff_id = ?3 AND occasion = '提货'
                     ORDER BY id LIMIT 1"
                ),
                args![pickup.number, time_text(pickup.at), pickup.staff_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            row.map(|(fen, channel)| {
                Ok(Payment {
                    amount_yuan: from_fen(fen),
                    channel: crate::domain::dispatch::pickup::PayChannel::from_label(&channel)
                        .ok_or_else(|| corrupt("收款方式", &channel))?,
                })
            })
            .transpose()
        };
        let (own, cod) = (line("collections")?, line("cod_collections")?);
        let total = match (own, cod) {
            (Some(a), Some(b)) => Some(Payment {
                amount_yuan: a.amount_yuan + b.amount_yuan,
                ..a
            }),
            (one, other) => one.or(other),
        };
        Ok((total, cod.map_or(Decimal::ZERO, |p| p.amount_yuan)))
    }

    /// The shipper's authorization to release a controlled waybill, the first recorded.
    pub fn authorization(&self, number: &str) -> Result<Option<AuthorizationRecord>> {
        let row: Option<(String, String, String, String, String, String)> = self.sql().query_opt(
            "SELECT at, staff_id, method, photo_path, shipper_contact, note
                 FROM release_authorizations WHERE waybill_number = ?1 ORDER BY id LIMIT 1",
            args![number],
            Row::read,
        )?;
        row.map(
            |(at, staff_id, method, photo_path, shipper_contact, note)| {
                Ok(AuthorizationRecord {
                    at: parse_time(&at)?,
                    staff_id,
                    authorization: Authorization {
                        method: crate::domain::dispatch::pickup::AuthorizationMethod::from_label(
                            &method,
                        )
                        .ok_or_else(|| corrupt("授权方式", &method))?,
                        photo_path,
                        shipper_contact,
                        note,
                    },
                })
            },
        )
        .transpose()
    }

    /// Pieces of a waybill found missing (少件) at its arrival checks here, ascending: the
    /// goods the counter does not have, whatever the waybill says.
    pub fn missing_at_arrival(&self, number: &str) -> Result<Vec<u32>> {
        let rows = self
            .sql()
            .rows(
                "SELECT pieces FROM arrival_issues WHERE waybill_number = ?1 AND kind = ?2",
                args![number, Discrepancy::Missing.label()],
            )?
            .into_iter();
        let mut missing = BTreeSet::new();
        for r in rows {
            missing.extend(pieces_from(&r.get::<String>(0)?));
        }
        Ok(missing.into_iter().collect())
    }

    /// Records that labels `from..=to` of a waybill were printed (or saved as a PDF to
    /// print): a timeline entry that leaves the stage as it is, and the evidence that the
    /// pieces were labelled before loading (P11).
    pub fn record_label_print(
        &mut self,
        number: &str,
        pieces: std::ops::RangeInclusive<u32>,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let (tx, waybill) = self.on_waybill(number)?;
        let note = if *pieces.start() <= 1 && *pieces.end() >= waybill.pieces {
            format!("全部 {} 件", waybill.pieces)
        } else {
            format!("第 {}–{} 件", pieces.start(), pieces.end())
        };
        append_event(
            *tx,
            &Event::standing(&waybill, LABELS_PRINTED, staff_id, now).note(&note),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The pickups of one waybill, oldest first.
    pub fn pickups(&self, number: &str) -> Result<Vec<PickupRecord>> {
        let rows = self.sql().rows("SELECT id, waybill_number, at, staff_id, collector_name, id_type, id_number, signature, pieces, note
             FROM pickups WHERE waybill_number = ?1 ORDER BY id", args![number])?.into_iter();
        let mut out = Vec::new();
        for r in rows {
            let id_type: String = r.get(5)?;
            let signature: String = r.get(7)?;
            out.push(PickupRecord {
                id: r.get(0)?,
                number: r.get(1)?,
                at: parse_time(&r.get::<String>(2)?)?,
                staff_id: r.get(3)?,
                collector_name: r.get(4)?,
                id_type: IdType::from_label(&id_type),
                id_number: r.get(6)?,
                signature: Signature::from_json(&signature).unwrap_or_default(),
                pieces: r.get(8)?,
                note: r.get(9)?,
            });
        }
        Ok(out)
    }
}
