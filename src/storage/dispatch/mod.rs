//! Dispatch and arrival in the database (issue 4): the stage and timeline of every
//! waybill, manifests and their scanned pieces, the stock view, manifests received from
//! other stations, the arrival check, notification, controlled release, pickup,
//! delivery, transfer, receipt and exception registers, and the daily 云递安 count.
//!
//! Every operation is one `IMMEDIATE` transaction that reads what the domain rules need,
//! lets [`crate::domain::dispatch`] and [`crate::domain::dispatch::pickup`] decide, then writes the
//! register row, the new stage and a timeline entry together. The timeline
//! (`waybill_events`) is append-only and hash-chained like the alteration history.
//!
//! A waybill "at this station" is either one of ours (`waybills`) or one received from
//! another station with a manifest (`incoming_waybills`, kept whole as JSON): the
//! receiving station collects, notifies and releases both alike.

pub mod appointments;
mod arrival;
mod manifests;
mod monthly;
mod records;
mod registers;
mod release;
mod timeline;

#[cfg(test)]
mod at_once_tests;

pub use records::{
    ArrivalLine, ArrivalReport, ArrivalScan, AuthorizationRecord, DamageNote, DeliveryTaskRecord,
    ImportOutcome, LoadScan, Manifest, ManifestFilter, ManifestState, ManifestSummary,
    NotificationRecord, NotifyLine, PickupRecord, ReceiptPayable, ReceiptRecord, StationWaybill,
    StockLine, StockQuery, TimelineEntry, TrackingLine, UploadCount,
};

use super::sql::{Conn, NO_ARGS, Param, Row, args};
use super::{Db, Result, StorageError, parse_decimal_text, parse_time, time_text};
use crate::domain::desk::waybill::{DeliveryMode, IssuedWaybill, PaymentMethod, WaybillStatus};
use crate::domain::dispatch::pickup::storage_fee::{StorageFee, StorageTerms, storage_fee};
use crate::domain::dispatch::pickup::{Dues, Payment, ReleaseFacts};
use crate::domain::dispatch::{Life, ManifestLine, Stage, Step, event_hash};
use crate::domain::money::{format_yuan, from_fen, to_fen};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// The chain's start, before any timeline entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// The most rows a list returns.
pub const DISPATCH_LIST_LIMIT: usize = 2000;
/// The timeline entry of labels printed (or saved as PDF), read by the P11 detector.
pub const LABELS_PRINTED: &str = "打印货签";

fn corrupt(what: &str, value: &str) -> StorageError {
    StorageError::Corrupt(format!("{what}「{value}」无法识别"))
}

fn stage_from(text: &str) -> Result<Stage> {
    Stage::from_label(text).ok_or_else(|| corrupt("运单状态", text))
}

fn opt_time(text: Option<&str>) -> Result<Option<NaiveDateTime>> {
    text.map(parse_time).transpose()
}

fn count_u32(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn len_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn pieces_text(pieces: &[u32]) -> String {
    pieces
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

fn pieces_from(text: &str) -> Vec<u32> {
    text.split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A receipt row as read: number, received at and by, note, sent back at and by.
type ReceiptRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

const LOCAL_COLUMNS: &str = "number, status, clerk_id, issued_at, dest_code, dest_name, shipper_name, shipper_phone, \
    consignee_name, consignee_phone, goods_name, pieces, weight_kg, volume_m3, payment, total_fen, delivery, \
    delivery_address, receipt_copies, controlled_release, cod_fen, cod_fee_fen, cod_fee_payer, arrival_date";

/// The waybill `number` at this station, ours or received, with its life; `None` when
/// unknown.
fn station_waybill(conn: Conn<'_>, number: &str) -> Result<Option<StationWaybill>> {
    let mut rows = conn
        .rows(
            &format!("SELECT {LOCAL_COLUMNS} FROM waybills WHERE number = ?1"),
            args![number],
        )?
        .into_iter();
    let mut found = if let Some(r) = rows.next() {
        let text = |i: usize| -> Result<String> { Ok(r.get::<String>(i)?) };
        let status = text(1)?;
        let payment = text(14)?;
        let delivery = text(16)?;
        Some(StationWaybill {
            number: text(0)?,
            local: true,
            void: status == WaybillStatus::Void.label(),
            clerk_id: text(2)?,
            issued_at: parse_time(&text(3)?)?,
            dest_code: text(4)?,
            dest_name: text(5)?,
            shipper_name: text(6)?,
            shipper_phone: text(7)?,
            consignee_name: text(8)?,
            consignee_phone: text(9)?,
            goods_name: text(10)?,
            pieces: r.get(11)?,
            weight_kg: parse_decimal_text(&text(12)?)?,
            volume_m3: parse_decimal_text(&text(13)?)?,
            payment: PaymentMethod::from_label(&payment)
                .ok_or_else(|| corrupt("付款方式", &payment))?,
            total_yuan: from_fen(r.get(15)?),
            delivery: DeliveryMode::from_label(&delivery)
                .ok_or_else(|| corrupt("送货方式", &delivery))?,
            delivery_address: text(17)?,
            receipt_copies: r.get(18)?,
            controlled_release: r.get::<i64>(19)? != 0,
            cod_yuan: from_fen(r.get(20)?),
            cod_payback_yuan: {
                let payer = text(22)?;
                crate::domain::desk::waybill::cod_payback(crate::domain::desk::waybill::CodTerms {
                    cod_yuan: from_fen(r.get(20)?),
                    fee_yuan: from_fen(r.get(21)?),
                    fee_payer: crate::domain::desk::waybill::CodFeePayer::from_label(&payer)
                        .ok_or_else(|| corrupt("代收手续费付款", &payer))?,
                    payment: PaymentMethod::from_label(&payment)
                        .ok_or_else(|| corrupt("付款方式", &payment))?,
                    total_yuan: from_fen(r.get(15)?),
                })
            },
            required_by: r
                .get::<Option<String>>(23)?
                .map(|d| {
                    chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                        .map_err(|_| corrupt("要求到货日期", &d))
                })
                .transpose()?,
            life: Life::ISSUED,
        })
    } else {
        None
    };
    if found.is_none() {
        let snapshot: Option<String> = conn.value(
            "SELECT snapshot FROM incoming_waybills WHERE number = ?1",
            args![number],
        )?;
        if let Some(json) = snapshot {
            let issued: IssuedWaybill = serde_json::from_str(&json)
                .map_err(|e| StorageError::Corrupt(format!("外站运单 {number} 无法读取：{e}")))?;
            found = Some(StationWaybill::from_issued(&issued, false));
        }
    }
    if let Some(waybill) = found.as_mut() {
        waybill.life = life_of(conn, number, waybill.void)?;
    }
    Ok(found)
}

fn require_waybill(conn: Conn<'_>, number: &str) -> Result<StationWaybill> {
    station_waybill(conn, number)?
        .ok_or_else(|| StorageError::NotFound(format!("找不到单号 {number}")))
}

fn life_of(conn: Conn<'_>, number: &str, void: bool) -> Result<Life> {
    if void {
        return Ok(Life {
            stage: Stage::Void,
            flow: Stage::Void,
        });
    }
    let row: Option<(String, String)> = conn.query_opt(
        "SELECT stage, flow FROM waybill_stages WHERE number = ?1",
        args![number],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    match row {
        None => Ok(Life::ISSUED),
        Some((stage, flow)) => Ok(Life {
            stage: stage_from(&stage)?,
            flow: stage_from(&flow)?,
        }),
    }
}

/// One timeline entry to write.
struct Event<'a> {
    number: &'a str,
    at: NaiveDateTime,
    staff_id: &'a str,
    action: &'a str,
    stage: Stage,
    note: &'a str,
    manifest_code: &'a str,
}

impl<'a> Event<'a> {
    /// `action` done to `number` by `staff_id` at `at`, leaving it at `stage`; no note,
    /// no truck.
    fn new(
        number: &'a str,
        stage: Stage,
        action: &'a str,
        staff_id: &'a str,
        at: NaiveDateTime,
    ) -> Self {
        Self {
            number,
            at,
            staff_id,
            action,
            stage,
            note: "",
            manifest_code: "",
        }
    }

    /// `action` done to `waybill` by `staff_id` at `at`, which leaves it where it stands.
    fn standing(
        waybill: &'a StationWaybill,
        action: &'a str,
        staff_id: &'a str,
        at: NaiveDateTime,
    ) -> Self {
        Self::new(&waybill.number, waybill.life.stage, action, staff_id, at)
    }

    /// With what the clerk noted.
    fn note(self, note: &'a str) -> Self {
        Self { note, ..self }
    }

    /// On the truck of the manifest `code`.
    fn on_truck(self, manifest_code: &'a str) -> Self {
        Self {
            manifest_code,
            ..self
        }
    }
}

fn append_event(conn: Conn<'_>, event: &Event<'_>) -> Result<()> {
    let previous: String = conn
        .value(
            "SELECT hash FROM waybill_events ORDER BY id DESC LIMIT 1",
            NO_ARGS,
        )?
        .unwrap_or_else(|| GENESIS.to_owned());
    let at = time_text(event.at);
    let hash = event_hash(
        &previous,
        &[
            event.number,
            &at,
            event.staff_id,
            event.action,
            event.stage.label(),
            event.note,
            event.manifest_code,
        ],
    );
    conn.execute("INSERT INTO waybill_events (waybill_number, at, staff_id, action, stage, note, manifest_code, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", args![
        event.number,
        at,
        event.staff_id,
        event.action,
        event.stage.label(),
        event.note,
        event.manifest_code,
        previous,
        hash
    ])?;
    super::seals::seal_last(conn, "waybill_events")?;
    Ok(())
}

/// Writes the life after a step and its timeline entry.
fn write_life(conn: Conn<'_>, life: Life, event: &Event<'_>) -> Result<()> {
    conn.execute("INSERT INTO waybill_stages (number, stage, flow, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(number) DO UPDATE SET stage = excluded.stage, flow = excluded.flow, updated_at = excluded.updated_at", args![
        event.number,
        life.stage.label(),
        life.flow.label(),
        time_text(event.at)
    ])?;
    append_event(conn, event)
}

/// Applies `step` by the transition table, or refuses it naming the waybill.
#[allow(clippy::too_many_arguments, reason = "one timeline entry's fields")]
fn apply_step(
    conn: Conn<'_>,
    waybill: &StationWaybill,
    step: Step,
    staff_id: &str,
    note: &str,
    manifest_code: &str,
    now: NaiveDateTime,
) -> Result<Life> {
    let after = waybill.life.after(step).map_err(|refused| {
        StorageError::Refused(format!("运单 {}：{}", waybill.number, refused.reason))
    })?;
    write_life(
        conn,
        after,
        &Event::new(&waybill.number, after.stage, step.label(), staff_id, now)
            .note(note)
            .on_truck(manifest_code),
    )?;
    Ok(after)
}

fn require_staff(conn: Conn<'_>, staff_id: &str) -> Result<()> {
    let known = conn
        .query_opt("SELECT 1 FROM staff WHERE id = ?1", args![staff_id], |_| {
            Ok(())
        })?
        .is_some();
    if known {
        Ok(())
    } else {
        Err(StorageError::Refused(format!(
            "工号 {staff_id} 不在员工名单中"
        )))
    }
}

const MANIFEST_COLUMNS: &str = "id, code, origin, plate, driver_name, driver_phone, route_codes, route_names, departure_at, \
    created_by, created_at, departed_at, departed_by, imported_at, arrived_at, received_by, \
    (SELECT COUNT(DISTINCT waybill_number) FROM manifest_pieces p WHERE p.manifest_id = manifests.id), \
    (SELECT COUNT(*) FROM manifest_pieces p WHERE p.manifest_id = manifests.id)";

fn summary_from_row(r: &Row) -> Result<ManifestSummary> {
    let text = |i: usize| -> Result<String> { Ok(r.get::<String>(i)?) };
    let opt = |i: usize| -> Result<Option<String>> { Ok(r.get::<Option<String>>(i)?) };
    Ok(ManifestSummary {
        id: r.get(0)?,
        code: text(1)?,
        origin: text(2)?,
        plate: text(3)?,
        driver_name: text(4)?,
        driver_phone: text(5)?,
        route_codes: text(6)?.split_whitespace().map(str::to_owned).collect(),
        route_names: text(7)?
            .split('、')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        departure_at: parse_time(&text(8)?)?,
        created_by: text(9)?,
        created_at: parse_time(&text(10)?)?,
        departed_at: opt_time(opt(11)?.as_deref())?,
        departed_by: opt(12)?,
        imported: opt(13)?.is_some(),
        arrived_at: opt_time(opt(14)?.as_deref())?,
        received_by: opt(15)?,
        waybills: count_u32(r.get(16)?),
        pieces_loaded: count_u32(r.get(17)?),
    })
}

fn manifest_summary(conn: Conn<'_>, id: i64) -> Result<ManifestSummary> {
    let mut rows = conn
        .rows(
            &format!("SELECT {MANIFEST_COLUMNS} FROM manifests WHERE id = ?1"),
            args![id],
        )?
        .into_iter();
    match rows.next() {
        Some(r) => summary_from_row(&r),
        None => Err(StorageError::NotFound(format!(
            "找不到发车清单（编号 {id}）"
        ))),
    }
}

/// The manifest's header without counts, for the scan path.
struct ManifestHead {
    code: String,
    route_codes: Vec<String>,
    route_names: String,
    departed: bool,
    arrived: bool,
}

impl ManifestHead {
    /// What [`judge_load`](crate::domain::dispatch::judge_load) is told of `scan` onto
    /// this manifest, the piece not on any manifest; the caller sets what it found else.
    fn load_facts<'a>(
        &'a self,
        scan: &'a crate::domain::dispatch::ScanCode,
        waybill: Option<&'a StationWaybill>,
        other_station: Option<&'a str>,
    ) -> crate::domain::dispatch::LoadFacts<'a> {
        crate::domain::dispatch::LoadFacts {
            manifest_code: &self.code,
            manifest_departed: self.departed,
            route_codes: &self.route_codes,
            route_names: &self.route_names,
            scan,
            waybill: waybill.map(|w| crate::domain::dispatch::LoadWaybill {
                pieces: w.pieces,
                dest_code: &w.dest_code,
                dest_name: &w.dest_name,
                void: w.void,
                life: w.life,
            }),
            on_this_manifest: false,
            on_other_manifest: None,
            other_station,
        }
    }
}

fn manifest_head(conn: Conn<'_>, id: i64) -> Result<ManifestHead> {
    conn.query_opt("SELECT code, route_codes, route_names, departed_at IS NOT NULL, arrived_at IS NOT NULL FROM manifests WHERE id = ?1", args![id], |r| {
        Ok(ManifestHead {
            code: r.get(0)?,
            route_codes: r
                .get::<String>(1)?
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            route_names: r.get(2)?,
            departed: r.get(3)?,
            arrived: r.get(4)?,
        })
    })?
    .ok_or_else(|| StorageError::NotFound(format!("找不到发车清单（编号 {id}）")))
}

/// Loaded pieces of every waybill on a manifest, by number.
fn manifest_pieces(conn: Conn<'_>, id: i64) -> Result<BTreeMap<String, BTreeSet<u32>>> {
    let rows = conn.query_map("SELECT waybill_number, piece FROM manifest_pieces WHERE manifest_id = ?1 ORDER BY waybill_number, piece", args![id], |r| Ok((r.get::<String>(0)?, r.get::<u32>(1)?)))?;
    let mut out: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for row in rows {
        let (number, piece) = row;
        out.entry(number).or_default().insert(piece);
    }
    Ok(out)
}

fn manifest_lines(conn: Conn<'_>, id: i64, route_codes: &[String]) -> Result<Vec<ManifestLine>> {
    let mut lines = Vec::new();
    for (number, pieces) in manifest_pieces(conn, id)? {
        let w = require_waybill(conn, &number)?;
        lines.push(ManifestLine {
            collect_yuan: w.collect_yuan(),
            number: w.number,
            dest_code: w.dest_code,
            dest_name: w.dest_name,
            consignee_name: w.consignee_name,
            consignee_phone: w.consignee_phone,
            goods_name: w.goods_name,
            pieces: w.pieces,
            pieces_loaded: len_u32(pieces.len()),
            weight_kg: w.weight_kg,
            volume_m3: w.volume_m3,
            controlled_release: w.controlled_release,
        });
    }
    let rank = |code: &str| {
        route_codes
            .iter()
            .position(|c| c == code)
            .unwrap_or(usize::MAX)
    };
    lines.sort_by(|a, b| (rank(&a.dest_code), &a.number).cmp(&(rank(&b.dest_code), &b.number)));
    Ok(lines)
}

/// Pieces of `number` on any manifest.
fn pieces_on_manifests(conn: Conn<'_>, number: &str) -> Result<BTreeSet<u32>> {
    let pieces = conn.query_map(
        "SELECT piece FROM manifest_pieces WHERE waybill_number = ?1",
        args![number],
        |r| r.get::<u32>(0),
    )?;
    Ok(pieces.into_iter().collect())
}

fn count_on_manifest(conn: Conn<'_>, id: i64, number: &str) -> Result<u32> {
    Ok(conn.one(
        "SELECT COUNT(*) FROM manifest_pieces WHERE manifest_id = ?1 AND waybill_number = ?2",
        args![id, number],
    )?)
}

/// Writes `pieces` of `number` onto manifest `id`, scanned by `staff_id` at `now`: one
/// statement for a whole waybill (`Conn::insert_rows`), not one round trip a piece.
fn insert_pieces(
    conn: Conn<'_>,
    id: i64,
    number: &str,
    pieces: &[u32],
    staff_id: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let at = time_text(now);
    let mut values: Vec<&dyn Param> = Vec::with_capacity(pieces.len() * 5);
    for piece in pieces {
        values.extend_from_slice(args![id, number, *piece, at, staff_id]);
    }
    conn.insert_rows(
        "manifest_pieces",
        &[
            "manifest_id",
            "waybill_number",
            "piece",
            "scanned_at",
            "staff_id",
        ],
        &values,
        "",
    )?;
    Ok(())
}

/// Money collected for a waybill so far at its release (提付 and delivery fees; the
/// ledger's 现付, 回单付 and refunds are other debts).
fn paid(conn: Conn<'_>, number: &str) -> Result<Decimal> {
    let fen: i64 = conn.one(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM collections
             WHERE waybill_number = ?1 AND occasion IN ('提货', '送货', '送达')",
        args![number],
    )?;
    Ok(from_fen(fen))
}

/// The waybill `number` as the station knows it (ours or received), in the caller's
/// transaction; `NotFound` when unknown.
pub(in crate::storage) fn station_waybill_of(
    conn: Conn<'_>,
    number: &str,
) -> Result<StationWaybill> {
    require_waybill(conn, number.trim())
}

/// What decides the release of `number` on `today`, in the caller's transaction.
pub(in crate::storage) fn release_facts_of(
    conn: Conn<'_>,
    number: &str,
    today: chrono::NaiveDate,
) -> Result<ReleaseFacts> {
    let waybill = require_waybill(conn, number.trim())?;
    release_facts(conn, &waybill, today)
}

/// What the release of `waybill` on `today` depends on, 保管费 run up to `today` included.
fn release_facts(
    conn: Conn<'_>,
    waybill: &StationWaybill,
    today: chrono::NaiveDate,
) -> Result<ReleaseFacts> {
    let number = waybill.number.as_str();
    let released: i64 = conn.one(
        "SELECT COALESCE(SUM(pieces), 0) FROM pickups WHERE waybill_number = ?1",
        args![number],
    )?;
    let authorized = conn.exists(
        "SELECT 1 FROM release_authorizations WHERE waybill_number = ?1 LIMIT 1",
        args![number],
    )?;
    let added_fen: i64 = conn.one(
        "SELECT COALESCE(SUM(added_fee_fen), 0) FROM delivery_tasks WHERE waybill_number = ?1",
        args![number],
    )?;
    let cod = cod_state(conn, waybill)?;
    // The station's share of the 代收货款 is booked with its own collections when the
    // goods' money is taken; it paid no 提付 or fee, so it does not count as paid here.
    let kept_yuan = (waybill.cod_yuan - waybill.cod_payback_yuan).max(Decimal::ZERO);
    let kept_collected = if cod == CodState::Collected {
        kept_yuan
    } else {
        Decimal::ZERO
    };
    Ok(ReleaseFacts {
        life: waybill.life,
        pieces: waybill.pieces,
        pieces_released: count_u32(released),
        controlled_release: waybill.controlled_release,
        authorized,
        dues: Dues {
            collect_yuan: waybill.collect_yuan(),
            added_delivery_fee_yuan: from_fen(added_fen),
            storage_fee_yuan: storage_fee_of(conn, waybill, today)?
                .map_or(Decimal::ZERO, |(fee, _)| fee.amount_yuan),
            paid_yuan: paid(conn, number)? - kept_collected,
            cod_kept_collected_yuan: kept_collected,
            cod_yuan: if cod == CodState::Owed {
                waybill.cod_yuan
            } else {
                Decimal::ZERO
            },
            cod_kept_yuan: kept_yuan,
        },
    })
}

/// Where the 代收货款 of a waybill stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodState {
    /// The waybill carries none.
    None,
    /// All of it is still to collect: the goods have not been released yet.
    Owed,
    /// Collected with the first release (the first pickup or a 送达 settles everything
    /// owed, this with it).
    Collected,
    /// A supervisor let the goods go without it.
    LetGo,
}

fn cod_state(conn: Conn<'_>, waybill: &StationWaybill) -> Result<CodState> {
    if waybill.cod_yuan <= Decimal::ZERO {
        return Ok(CodState::None);
    }
    let number = waybill.number.as_str();
    if conn.exists(
        "SELECT 1 FROM cod_release_overrides WHERE waybill_number = ?1",
        args![number],
    )? {
        return Ok(CodState::LetGo);
    }
    let released = conn.exists(
        "SELECT 1 FROM pickups WHERE waybill_number = ?1
             UNION ALL SELECT 1 FROM delivery_tasks WHERE waybill_number = ?1 AND result = ?2
             LIMIT 1",
        args![
            number,
            crate::domain::dispatch::pickup::DeliveryResult::Delivered.label()
        ],
    )?;
    Ok(if released {
        CodState::Collected
    } else {
        CodState::Owed
    })
}

/// The 保管费 of `waybill` on `today` with the terms it ran by, from its arrival check's
/// day; `None` before arrival or once a supervisor waived it.
pub(super) fn storage_fee_of(
    conn: Conn<'_>,
    waybill: &StationWaybill,
    today: chrono::NaiveDate,
) -> Result<Option<(StorageFee, StorageTerms)>> {
    let waived = conn.exists(
        "SELECT 1 FROM storage_fee_waivers WHERE waybill_number = ?1",
        args![&waybill.number],
    )?;
    if waived {
        return Ok(None);
    }
    let arrived: Option<Option<String>> = conn.value(
        "SELECT MIN(at) FROM waybill_events WHERE waybill_number = ?1 AND action = ?2",
        args![
            &waybill.number,
            crate::domain::dispatch::Step::Arrive.label()
        ],
    )?;
    let Some(arrived) = arrived.flatten() else {
        return Ok(None);
    };
    let terms = crate::storage::stations::dispatch_json(conn)?;
    let fee = storage_fee(
        parse_time(&arrived)?.date(),
        today,
        waybill.pieces,
        &terms.storage,
    );
    Ok(Some((fee, terms.storage)))
}

/// A delivery task of `number` is out without a result.
fn open_delivery(conn: Conn<'_>, number: &str) -> Result<bool> {
    Ok(conn.exists(
        "SELECT 1 FROM delivery_tasks WHERE waybill_number = ?1 AND result IS NULL",
        args![number],
    )?)
}

/// Enters a payment taken at release (提货, 送达): the part that settles the 代收货款 in the
/// shipper's ledger (`cod_collections`), the rest in the station's (`collections`), as
/// `dues` split it.
fn insert_release_payment(
    conn: Conn<'_>,
    number: &str,
    dues: &crate::domain::dispatch::pickup::Dues,
    payment: Option<&Payment>,
    occasion: &str,
    staff_id: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let (cod, own) = dues.split(payment);
    if let Some(cod) = cod {
        conn.execute(
            "INSERT INTO cod_collections (waybill_number, at, staff_id, amount_fen, channel, occasion)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![
                number,
                time_text(now),
                staff_id,
                to_fen(cod.amount_yuan),
                cod.channel.label(),
                occasion
            ],
        )?;
        super::seals::seal_last(conn, "cod_collections")?;
    }
    insert_collection(conn, number, own.as_ref(), occasion, staff_id, now)
}

fn insert_collection(
    conn: Conn<'_>,
    number: &str,
    payment: Option<&Payment>,
    occasion: &str,
    staff_id: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if let Some(payment) = payment {
        conn.execute("INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", args![
            number,
            time_text(now),
            staff_id,
            to_fen(payment.amount_yuan),
            payment.channel.label(),
            occasion
        ])?;
        super::seals::seal_last(conn, "collections")?;
    }
    Ok(())
}

fn payment_note(payment: Option<&Payment>) -> String {
    payment.map_or_else(String::new, |p| {
        format!(
            "，收款 {} 元（{}）",
            format_yuan(p.amount_yuan),
            p.channel.label()
        )
    })
}

impl Db {
    fn immediate(&self) -> Result<super::sql::Tx<'_>> {
        Ok(self.sql().begin()?)
    }

    /// A write on one waybill of this station: the transaction, and the waybill as it
    /// stands under its lock; refused when `number` is not one.
    fn on_waybill(&self, number: &str) -> Result<(super::sql::Tx<'_>, StationWaybill)> {
        let tx = self.immediate()?;
        let waybill = require_waybill(*tx, number)?;
        Ok((tx, waybill))
    }
}
