//! Delivery appointments in storage (送货预约, issue 18 item 1; rules in
//! `domain::dispatch::appointment`): made for goods on their way here or waiting here,
//! one open per waybill (the database holds it); moved (a new one replacing it, with
//! the reason) or missed (with the reason), each once; the day's appointments with what
//! the driver needs for the run sheet; and the goods whose 要求到货日期 is near or past.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::super::sql::{Conn, NO_ARGS, Row, args};
use super::super::{Db, Result, StorageError, parse_time, time_text};
use super::records::StationWaybill;
use super::{require_waybill, station_waybill};
use crate::domain::desk::waybill::DeliveryMode;
use crate::domain::dispatch::Stage;
use crate::domain::dispatch::appointment::{
    Appointment, AppointmentState, RunSheetLine, in_transit_alert,
};

/// A stored appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAppointment {
    /// Row id.
    pub id: i64,
    /// 单号.
    pub waybill_number: String,
    /// When it was made.
    pub made_at: NaiveDateTime,
    /// 工号 of who called.
    pub made_by: String,
    /// What was agreed.
    pub appointment: Appointment,
    /// 有效, 已改约 or 未履约.
    pub state: AppointmentState,
    /// When and by whom it was moved or missed, and why.
    pub closed: Option<(NaiveDateTime, String, String)>,
    /// The appointment this one replaced (改约).
    pub replaces: Option<i64>,
}

/// An appointment of a day with what the run sheet needs of its waybill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentLine {
    /// The appointment.
    pub stored: StoredAppointment,
    /// The waybill.
    pub waybill: StationWaybill,
}

impl AppointmentLine {
    /// The line as the run sheet prints it.
    #[must_use]
    pub fn run_line(&self) -> RunSheetLine {
        let w = &self.waybill;
        RunSheetLine {
            number: w.number.clone(),
            consignee_name: w.consignee_name.clone(),
            goods_name: w.goods_name.clone(),
            pieces: w.pieces,
            weight_kg: w.weight_kg,
            freight_to_collect: w.collect_yuan(),
            cod_yuan: w.cod_yuan,
            required_by: w.required_by,
            appointment: self.stored.appointment.clone(),
        }
    }
}

/// Goods that may need an appointment, or that may be late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryCandidate {
    /// The waybill.
    pub waybill: StationWaybill,
    /// Whether it is still on the way here.
    pub in_transit: bool,
    /// Its open appointment, if one was made.
    pub open: Option<StoredAppointment>,
    /// What to say about its 要求到货日期, if it may be late.
    pub alert: Option<String>,
}

const COLUMNS: &str = "id, waybill_number, made_at, made_by, day, window_from, window_to, address,
    contact_name, contact_phone, vehicle, said, state, closed_at, closed_by, close_reason, replaces";

fn read_appointment(r: &Row) -> Result<StoredAppointment> {
    let text = |i: usize| -> Result<String> { Ok(r.get::<String>(i)?) };
    let day = text(4)?;
    let clock = |i: usize| -> Result<NaiveTime> {
        let t = text(i)?;
        NaiveTime::parse_from_str(&t, "%H:%M")
            .map_err(|_| StorageError::Corrupt(format!("预约时段「{t}」无法读取")))
    };
    let state = text(12)?;
    let closed = match r.get::<Option<String>>(13)? {
        Some(at) => Some((parse_time(&at)?, text(14)?, text(15)?)),
        None => None,
    };
    Ok(StoredAppointment {
        id: r.get(0)?,
        waybill_number: text(1)?,
        made_at: parse_time(&text(2)?)?,
        made_by: text(3)?,
        appointment: Appointment {
            day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .map_err(|_| StorageError::Corrupt(format!("预约日期「{day}」无法读取")))?,
            from: clock(5)?,
            to: clock(6)?,
            address: text(7)?,
            contact_name: text(8)?,
            contact_phone: text(9)?,
            vehicle: text(10)?,
            said: text(11)?,
        },
        state: AppointmentState::from_label(&state)
            .ok_or_else(|| StorageError::Corrupt(format!("预约状态「{state}」无法识别")))?,
        closed,
        replaces: r.get(16)?,
    })
}

fn open_of(conn: Conn<'_>, number: &str) -> Result<Option<StoredAppointment>> {
    conn.rows(
        &format!("SELECT {COLUMNS} FROM appointments WHERE waybill_number = ?1 AND state = '有效'"),
        args![number],
    )?
    .first()
    .map(read_appointment)
    .transpose()
}

fn appointment_in(conn: Conn<'_>, id: i64) -> Result<StoredAppointment> {
    conn.rows(
        &format!("SELECT {COLUMNS} FROM appointments WHERE id = ?1"),
        args![id],
    )?
    .first()
    .map(read_appointment)
    .transpose()?
    .ok_or_else(|| StorageError::NotFound(format!("找不到预约 #{id}")))
}

/// Refuses goods that can no longer be delivered by appointment.
fn check_deliverable(waybill: &StationWaybill) -> Result<()> {
    let stage = waybill.life.stage;
    let open = matches!(
        stage,
        Stage::Issued
            | Stage::Loaded
            | Stage::Departed
            | Stage::Arrived
            | Stage::Notified
            | Stage::Exception
    );
    if waybill.void || !open {
        return Err(StorageError::Refused(format!(
            "运单 {} 当前为「{}」，不能再预约送货",
            waybill.number,
            stage.label()
        )));
    }
    Ok(())
}

fn check_not_past(appointment: &Appointment, now: NaiveDateTime) -> Result<()> {
    if appointment.day < now.date()
        || (appointment.day == now.date() && appointment.to <= now.time())
    {
        return Err(StorageError::Refused(format!(
            "预约时间 {} 已经过去",
            appointment.when()
        )));
    }
    Ok(())
}

fn insert(
    conn: Conn<'_>,
    number: &str,
    a: &Appointment,
    station: i64,
    by: &str,
    now: NaiveDateTime,
    replaces: Option<i64>,
) -> Result<i64> {
    Ok(conn.insert(
        "INSERT INTO appointments (waybill_number, station_id, made_at, made_by, day, window_from,
             window_to, address, contact_name, contact_phone, vehicle, said, replaces)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        args![
            number,
            station,
            time_text(now),
            by,
            a.day.format("%Y-%m-%d").to_string(),
            a.from.format("%H:%M").to_string(),
            a.to.format("%H:%M").to_string(),
            a.address,
            a.contact_name,
            a.contact_phone,
            a.vehicle,
            a.said,
            replaces,
        ],
    )?)
}

impl Db {
    /// Records an appointment agreed with the consignee of `number`. Refused for a time
    /// already past, for goods picked up, delivered, returned or voided, and while
    /// another appointment of the waybill is open (move that one instead). Returns its
    /// number.
    pub fn make_appointment(
        &self,
        number: &str,
        appointment: &Appointment,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        let number = number.trim().to_uppercase();
        check_not_past(appointment, now)?;
        let tx = self.sql().begin()?;
        let waybill = require_waybill(*tx, &number)?;
        check_deliverable(&waybill)?;
        if let Some(open) = open_of(*tx, &number)? {
            return Err(StorageError::Refused(format!(
                "运单 {number} 已有预约 #{}（{}，{} 约定），要换时间请用「改约」",
                open.id,
                open.appointment.when(),
                open.made_by
            )));
        }
        let id = insert(
            *tx,
            &number,
            appointment,
            self.scope().acting(),
            by,
            now,
            None,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Moves appointment `id` (改约): it is closed as 已改约 with the reason and `to`
    /// replaces it, together. Refused once it is closed. Returns the new one's number.
    pub fn move_appointment(
        &self,
        id: i64,
        to: &Appointment,
        reason: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        check_not_past(to, now)?;
        let tx = self.sql().begin()?;
        let old = close(*tx, id, AppointmentState::Moved, reason, by, now)?;
        let waybill = require_waybill(*tx, &old.waybill_number)?;
        check_deliverable(&waybill)?;
        let new = insert(
            *tx,
            &old.waybill_number,
            to,
            self.scope().acting(),
            by,
            now,
            Some(id),
        )?;
        tx.commit()?;
        Ok(new)
    }

    /// Records that appointment `id` was not kept (未履约), with the reason; the goods wait
    /// for a new one. Refused once it is closed.
    pub fn miss_appointment(
        &self,
        id: i64,
        reason: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.sql().begin()?;
        close(*tx, id, AppointmentState::Missed, reason, by, now)?;
        tx.commit()?;
        Ok(())
    }

    /// One appointment.
    pub fn appointment(&self, id: i64) -> Result<StoredAppointment> {
        appointment_in(self.sql(), id)
    }

    /// Every appointment of `number`, oldest first: its history.
    pub fn appointments_of(&self, number: &str) -> Result<Vec<StoredAppointment>> {
        self.sql()
            .rows(
                &format!(
                    "SELECT {COLUMNS} FROM appointments WHERE waybill_number = ?1 ORDER BY id"
                ),
                args![number.trim().to_uppercase()],
            )?
            .iter()
            .map(read_appointment)
            .collect()
    }

    /// The open appointments of `day` made at this station (the company: any), by
    /// vehicle, then window, then 单号: the run sheets' lines.
    pub fn appointments_on(&self, day: NaiveDate) -> Result<Vec<AppointmentLine>> {
        let rows = self.sql().rows(
            &format!(
                "SELECT {COLUMNS} FROM appointments
                 WHERE day = ?1 AND state = '有效'
                   AND (CAST(?2 AS BIGINT) IS NULL OR station_id = ?2)
                 ORDER BY vehicle, window_from, window_to, waybill_number"
            ),
            args![day.format("%Y-%m-%d").to_string(), self.scope().stored()],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let stored = read_appointment(row)?;
            let waybill = require_waybill(self.sql(), &stored.waybill_number)?;
            out.push(AppointmentLine { stored, waybill });
        }
        Ok(out)
    }

    /// The appointments of a customer file's waybills (as shipper or consignee, by its
    /// phones), newest first (at most 200): its history.
    pub fn customer_appointments(&self, customer_id: i64) -> Result<Vec<StoredAppointment>> {
        self.sql()
            .rows(
                &format!(
                    "SELECT {COLUMNS} FROM appointments WHERE waybill_number IN (
                         SELECT number FROM waybills
                         WHERE shipper_phone IN (SELECT phone FROM customers WHERE customer_id = ?1)
                            OR consignee_phone IN (SELECT phone FROM customers WHERE customer_id = ?1)
                         UNION SELECT number FROM incoming_waybills
                         WHERE consignee_phone IN (SELECT phone FROM customers WHERE customer_id = ?1))
                     ORDER BY id DESC LIMIT 200"
                ),
                args![customer_id],
            )?
            .iter()
            .map(read_appointment)
            .collect()
    }

    /// Goods for this station's delivery desk at `now`: those waiting here to be
    /// delivered (送货 on the waybill) and those on a truck on the way here, each with its
    /// open appointment and the 要求到货日期 alert; waiting ones without an appointment
    /// first, then by arrival.
    pub fn delivery_candidates(&self, now: NaiveDateTime) -> Result<Vec<DeliveryCandidate>> {
        let mut out: Vec<DeliveryCandidate> = self
            .here_and_coming(now)?
            .into_iter()
            .filter(|c| c.waybill.delivery != DeliveryMode::SelfPickup)
            .collect();
        out.sort_by_key(|c| (c.in_transit, c.open.is_some()));
        Ok(out)
    }

    /// Goods on the way here or waiting here whose 要求到货日期 is tomorrow or past, and
    /// not yet delivered or collected.
    pub fn late_risks(&self, now: NaiveDateTime) -> Result<Vec<DeliveryCandidate>> {
        Ok(self
            .here_and_coming(now)?
            .into_iter()
            .filter(|c| c.alert.is_some())
            .collect())
    }

    /// Every waybill waiting here for its consignee, then every one on its way here.
    fn here_and_coming(&self, now: NaiveDateTime) -> Result<Vec<DeliveryCandidate>> {
        let today = now.date();
        let mut out = Vec::new();
        for line in self.awaiting_collection(now)? {
            let waybill = require_waybill(self.sql(), &line.number)?;
            out.push(self.candidate(waybill, false, today)?);
        }
        for number in self.on_the_way_here()? {
            if let Some(waybill) = station_waybill(self.sql(), &number)? {
                out.push(self.candidate(waybill, true, today)?);
            }
        }
        Ok(out)
    }

    fn candidate(
        &self,
        waybill: StationWaybill,
        in_transit: bool,
        today: NaiveDate,
    ) -> Result<DeliveryCandidate> {
        Ok(DeliveryCandidate {
            open: open_of(self.sql(), &waybill.number)?,
            alert: in_transit_alert(waybill.required_by, today),
            in_transit,
            waybill,
        })
    }

    /// 单号 of the goods on a truck on its way here: received manifests not yet
    /// checked in and, in a database of several stations, departed waybills for this
    /// station's counties.
    fn on_the_way_here(&self) -> Result<Vec<String>> {
        let mut numbers: Vec<String> = self.sql().query_map(
            "SELECT i.number FROM incoming_waybills i JOIN manifests m ON m.id = i.manifest_id
             WHERE m.arrived_at IS NULL ORDER BY i.number",
            NO_ARGS,
            |r| r.get(0),
        )?;
        if let Some(counties) = self.receiving_counties()? {
            let departed: Vec<(String, String)> = self.sql().query_map(
                "SELECT w.number, w.dest_code FROM waybills w
                 JOIN waybill_stages s ON s.number = w.number
                 WHERE s.stage = ?1 ORDER BY w.number",
                args![Stage::Departed.label()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            numbers.extend(
                departed
                    .into_iter()
                    .filter(|(_, dest)| counties.contains(dest))
                    .map(|(n, _)| n),
            );
        }
        Ok(numbers)
    }
}

/// Closes open appointment `id` as `state` with the reason, in the caller's transaction.
fn close(
    conn: Conn<'_>,
    id: i64,
    state: AppointmentState,
    reason: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<StoredAppointment> {
    let reason = crate::domain::dispatch::appointment::check_reason(reason)
        .map_err(StorageError::Refused)?;
    let old = appointment_in(conn, id)?;
    if let Some((at, who, _)) = &old.closed {
        return Err(StorageError::Refused(format!(
            "预约 #{id} 已于 {} 由 {who} 登记为「{}」",
            at.format("%m-%d %H:%M"),
            old.state.label()
        )));
    }
    conn.execute(
        "UPDATE appointments SET state = ?2, closed_at = ?3, closed_by = ?4, close_reason = ?5
         WHERE id = ?1",
        args![id, state.label(), time_text(now), by, reason],
    )?;
    Ok(old)
}
