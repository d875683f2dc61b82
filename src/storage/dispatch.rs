//! Dispatch and arrival in the database (issue 4): the stage and timeline of every
//! waybill, manifests and their scanned pieces, the stock view, manifests received from
//! other stations, the arrival check, notification, controlled release, pickup,
//! delivery, transfer, receipt and exception registers, and the daily 云递安 count.
//!
//! Every operation is one `IMMEDIATE` transaction that reads what the domain rules need,
//! lets [`crate::domain::dispatch`] and [`crate::domain::pickup`] decide, then writes the
//! register row, the new stage and a timeline entry together. The timeline
//! (`waybill_events`) is append-only and hash-chained like the alteration history.
//!
//! A waybill "at this station" is either one of ours (`waybills`) or one received from
//! another station with a manifest (`incoming_waybills`, kept whole as JSON): the
//! receiving station collects, notifies and releases both alike.

use super::sql::{Conn, NO_ARGS, Row, args};
use super::{Db, Result, StorageError, parse_decimal_text, parse_time, time_text};
use crate::domain::dispatch::{
    ArrivalFacts, Discrepancy, DispatchRecords, DispatchSettings, ExceptionRecord, ExchangeWaybill,
    FirstLoad, Life, LoadFacts, LoadWaybill, ManifestExchange, ManifestHeader, ManifestLine,
    ManifestTotals, NotifyMethod, PickupFacts, PieceCheck, PiecesMismatch, ScanCode, ScanRefusal,
    Stage, Step, TransferRecord, UploadDay, check_departure, event_hash, judge_load, manifest_code,
    overdue_hours, piece_ranges,
};
use crate::domain::idcard::IdType;
use crate::domain::money::{format_yuan, from_fen, to_fen};
use crate::domain::people::Month;
use crate::domain::pickup::{
    Authorization, DeliveryResult, DeliveryTask, Dues, Payment, Pickup, ReleaseFacts, Signature,
    check_delivery_result, check_release, check_send_out,
};
use crate::domain::waybill::{DeliveryMode, IssuedWaybill, PaymentMethod, WaybillStatus};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// The chain's start, before any timeline entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Where the dispatch settings live in the `settings` table.
const SETTINGS_KEY: &str = "dispatch";
/// The most rows a list returns.
pub const DISPATCH_LIST_LIMIT: usize = 2000;
/// The timeline entry of labels printed (or saved as PDF), read by the P11 detector.
pub const LABELS_PRINTED: &str = "打印货签";

/// A waybill as the receiving and loading screens need it: ours or received from
/// another station, with where it is and what is owed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationWaybill {
    /// 单号.
    pub number: String,
    /// Issued here (`false`: received from another station by exchange file).
    pub local: bool,
    /// Voided.
    pub void: bool,
    /// 工号 of the issuing clerk.
    pub clerk_id: String,
    /// When issued.
    pub issued_at: NaiveDateTime,
    /// Destination code.
    pub dest_code: String,
    /// Destination as printed.
    pub dest_name: String,
    /// 发货方.
    pub shipper_name: String,
    /// 发货方电话.
    pub shipper_phone: String,
    /// 收货方.
    pub consignee_name: String,
    /// 收货方电话.
    pub consignee_phone: String,
    /// 品名.
    pub goods_name: String,
    /// 件数.
    pub pieces: u32,
    /// 重量.
    pub weight_kg: Decimal,
    /// 体积.
    pub volume_m3: Decimal,
    /// 付款方式.
    pub payment: PaymentMethod,
    /// 合计.
    pub total_yuan: Decimal,
    /// 送货方式 as issued.
    pub delivery: DeliveryMode,
    /// 送货地址 as issued.
    pub delivery_address: String,
    /// 回单份数.
    pub receipt_copies: u8,
    /// 等通知放货.
    pub controlled_release: bool,
    /// Where the goods are.
    pub life: Life,
}

impl StationWaybill {
    /// 提付: what the consignee pays for the freight (the total when paid on collection).
    #[must_use]
    pub fn collect_yuan(&self) -> Decimal {
        if self.payment == PaymentMethod::Collect {
            self.total_yuan
        } else {
            Decimal::ZERO
        }
    }

    fn from_issued(issued: &IssuedWaybill, local: bool) -> Self {
        let w = &issued.waybill;
        Self {
            number: issued.number.clone(),
            local,
            void: issued.status == WaybillStatus::Void,
            clerk_id: issued.clerk_id.clone(),
            issued_at: issued.issued_at,
            dest_code: w.dest_code.clone(),
            dest_name: w.dest_name.clone(),
            shipper_name: w.shipper.name.clone(),
            shipper_phone: w.shipper.phone.as_str().to_owned(),
            consignee_name: w.consignee.name.clone(),
            consignee_phone: w.consignee.phone.as_str().to_owned(),
            goods_name: w.goods_name.clone(),
            pieces: w.pieces,
            weight_kg: w.weight_kg,
            volume_m3: w.volume_m3,
            payment: w.payment,
            total_yuan: w.total_yuan,
            delivery: w.delivery,
            delivery_address: w.delivery_address.clone(),
            receipt_copies: w.receipt_copies,
            controlled_release: w.controlled_release,
            life: Life::ISSUED,
        }
    }
}

/// The state of a manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ManifestState {
    /// 装车中: open for scans.
    Loading,
    /// 已发车: locked, on the road.
    Departed,
    /// 已到货: the arrival check is closed.
    Arrived,
}

impl ManifestState {
    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Loading => "装车中",
            Self::Departed => "已发车",
            Self::Arrived => "已到货",
        }
    }
}

/// A manifest's header and counts, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestSummary {
    /// Row id, the handle of every manifest operation.
    pub id: i64,
    /// 清单号: `GZF26112301`.
    pub code: String,
    /// The loading station.
    pub origin: String,
    /// 车牌号.
    pub plate: String,
    /// 司机.
    pub driver_name: String,
    /// 司机电话.
    pub driver_phone: String,
    /// Destination codes, in route order.
    pub route_codes: Vec<String>,
    /// Destinations as printed.
    pub route_names: Vec<String>,
    /// Planned departure.
    pub departure_at: NaiveDateTime,
    /// 工号 of who made it.
    pub created_by: String,
    /// When made.
    pub created_at: NaiveDateTime,
    /// When it left.
    pub departed_at: Option<NaiveDateTime>,
    /// 工号 of who sent it off.
    pub departed_by: Option<String>,
    /// Received from another station by exchange file.
    pub imported: bool,
    /// When the arrival check closed.
    pub arrived_at: Option<NaiveDateTime>,
    /// 工号 of who closed it.
    pub received_by: Option<String>,
    /// Waybills with pieces on it.
    pub waybills: u32,
    /// Pieces on it.
    pub pieces_loaded: u32,
}

impl ManifestSummary {
    /// Where the manifest is.
    #[must_use]
    pub fn state(&self) -> ManifestState {
        match (self.departed_at, self.arrived_at) {
            (_, Some(_)) => ManifestState::Arrived,
            (Some(_), None) => ManifestState::Departed,
            (None, None) => ManifestState::Loading,
        }
    }

    /// The route as printed: `湘潭市 湘潭县、湘潭市 雨湖区`.
    #[must_use]
    pub fn route_text(&self) -> String {
        self.route_names.join("、")
    }
}

/// A manifest with its lines (sorted by route order, then number) and totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Header and counts.
    pub summary: ManifestSummary,
    /// One line per waybill with pieces on the truck.
    pub lines: Vec<ManifestLine>,
    /// Totals.
    pub totals: ManifestTotals,
}

/// Which manifests to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestFilter {
    /// Still loading here.
    Loading,
    /// Departed, arrival not checked yet: what the receiving station waits for.
    InTransit,
    /// Every manifest, newest first.
    All,
}

/// A loading scan accepted: what the screen shows and says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadScan {
    /// 单号.
    pub number: String,
    /// The piece scanned (the first piece picked, for a whole waybill from stock).
    pub piece: u32,
    /// Pieces added by this action.
    pub pieces_added: u32,
    /// 件数 of the waybill.
    pub pieces: u32,
    /// Pieces of it now on this manifest.
    pub pieces_loaded: u32,
    /// Pieces of it on no manifest (单票未装完 when above zero).
    pub pieces_left: u32,
    /// Destination as printed.
    pub dest_name: String,
    /// 收货方.
    pub consignee_name: String,
}

/// What the stock view shows. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StockQuery {
    /// Only this destination.
    pub dest_code: Option<String>,
    /// Only waybills issued on or after this day (a big station passes e.g. 90 days ago:
    /// waybills from before the dispatch work have no stage and would all count as stock).
    pub issued_since: Option<NaiveDate>,
    /// Only controlled-release (等通知放货) waybills.
    pub controlled_only: bool,
}

/// One waybill still (partly) in the warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockLine {
    /// 单号.
    pub number: String,
    /// When issued.
    pub issued_at: NaiveDateTime,
    /// Days in the warehouse (today minus the issue day).
    pub age_days: i64,
    /// Destination code.
    pub dest_code: String,
    /// Destination as printed.
    pub dest_name: String,
    /// 收货方.
    pub consignee_name: String,
    /// 品名.
    pub goods_name: String,
    /// 件数.
    pub pieces: u32,
    /// Pieces on some manifest.
    pub pieces_loaded: u32,
    /// Pieces still here.
    pub pieces_left: u32,
    /// 重量 of the whole waybill.
    pub weight_kg: Decimal,
    /// 体积 of the whole waybill.
    pub volume_m3: Decimal,
    /// 等通知放货.
    pub controlled_release: bool,
    /// Stage.
    pub stage: Stage,
}

/// One entry of a waybill's timeline: issue, alterations and void from the history, and
/// every dispatch step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// When.
    pub at: NaiveDateTime,
    /// 工号 of who.
    pub staff_id: String,
    /// What: 开单, 修改, 装车, 发车, 到站, 通知, 提货 …
    pub action: String,
    /// The stage after it (`None` for history entries other than void).
    pub stage: Option<Stage>,
    /// Details.
    pub note: String,
    /// The manifest it concerns, empty if none.
    pub manifest_code: String,
}

/// What importing an exchange file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    /// A new manifest with this many waybills.
    Imported {
        /// The manifest's row id.
        manifest_id: i64,
        /// Waybills on it.
        waybills: usize,
    },
    /// The same manifest was here already: nothing changed.
    AlreadyPresent {
        /// The manifest's row id.
        manifest_id: i64,
    },
}

/// An arrival scan recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrivalScan {
    /// 单号.
    pub number: String,
    /// Piece.
    pub piece: u32,
    /// The piece was loaded on this manifest; `false` is an extra piece (多件).
    pub expected: bool,
    /// The waybill is known here.
    pub known: bool,
    /// Pieces of this waybill received so far from this truck.
    pub received: u32,
    /// Pieces of it loaded on this truck.
    pub loaded: u32,
    /// 收货方, empty when unknown.
    pub consignee_name: String,
}

/// A damage note of the arrival check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamageNote {
    /// Damaged pieces (may be empty: the waybill as a whole).
    pub pieces: Vec<u32>,
    /// What is wrong.
    pub note: String,
    /// A photo file, empty if none.
    pub photo_path: String,
    /// When recorded.
    pub at: NaiveDateTime,
    /// 工号 of who recorded it.
    pub staff_id: String,
}

/// One waybill of an arrival report (到货清单).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrivalLine {
    /// 单号.
    pub number: String,
    /// 收货方, empty when the waybill is unknown here.
    pub consignee_name: String,
    /// 品名.
    pub goods_name: String,
    /// 件数 on the waybill (0 when unknown).
    pub pieces: u32,
    /// Loaded against received pieces.
    pub check: PieceCheck,
    /// Damage notes.
    pub damaged: Vec<DamageNote>,
}

impl ArrivalLine {
    /// Nothing to report.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.check.matches() && self.damaged.is_empty()
    }

    /// What is wrong in one line: `少件 3（第 4–6 件）；破损：外箱压坏`.
    #[must_use]
    pub fn problems(&self) -> String {
        let mut parts = Vec::new();
        let missing = self.check.missing();
        if !missing.is_empty() {
            parts.push(format!(
                "{} {}（第 {} 件）",
                Discrepancy::Missing.label(),
                missing.len(),
                piece_ranges(&missing)
            ));
        }
        let extra = self.check.extra();
        if !extra.is_empty() {
            parts.push(format!(
                "{} {}（第 {} 件）",
                Discrepancy::Extra.label(),
                extra.len(),
                piece_ranges(&extra)
            ));
        }
        for damage in &self.damaged {
            parts.push(format!("{}：{}", Discrepancy::Damaged.label(), damage.note));
        }
        parts.join("；")
    }
}

/// The arrival report of one manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrivalReport {
    /// The manifest.
    pub manifest: ManifestSummary,
    /// One line per waybill loaded or scanned, in number order.
    pub lines: Vec<ArrivalLine>,
    /// The check is closed.
    pub closed: bool,
}

impl ArrivalReport {
    /// Lines with something to report.
    pub fn problem_lines(&self) -> impl Iterator<Item = &ArrivalLine> {
        self.lines.iter().filter(|l| !l.is_clean())
    }
}

/// A waybill at this station waiting for its consignee: to be told (待通知), or told
/// and not yet collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyLine {
    /// 单号.
    pub number: String,
    /// 已到站 (not told yet) or 已通知.
    pub stage: Stage,
    /// When it arrived.
    pub arrived_at: NaiveDateTime,
    /// Hours waited so far.
    pub waited_hours: i64,
    /// Not told yet, and waited longer than the setting allows (stands out; P15).
    pub overdue: bool,
    /// 收货方.
    pub consignee_name: String,
    /// 收货方电话.
    pub consignee_phone: String,
    /// 品名.
    pub goods_name: String,
    /// 件数.
    pub pieces: u32,
    /// 提付 to collect.
    pub collect_yuan: Decimal,
    /// 送货方式 as issued.
    pub delivery: DeliveryMode,
    /// 等通知放货.
    pub controlled_release: bool,
}

/// A notification on record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRecord {
    /// When.
    pub at: NaiveDateTime,
    /// 工号.
    pub staff_id: String,
    /// How.
    pub method: NotifyMethod,
    /// What was said (what to bring, when).
    pub note: String,
}

/// A pickup on record (提货登记).
#[derive(Debug, Clone, PartialEq)]
pub struct PickupRecord {
    /// Row id.
    pub id: i64,
    /// 单号.
    pub number: String,
    /// When.
    pub at: NaiveDateTime,
    /// 工号 of the clerk.
    pub staff_id: String,
    /// 提货人.
    pub collector_name: String,
    /// 证件类型 (`None` for a legacy row without one).
    pub id_type: Option<IdType>,
    /// 证件号码 (empty for a legacy row without one).
    pub id_number: String,
    /// Signature (blank for a legacy row without one).
    pub signature: Signature,
    /// Pieces taken.
    pub pieces: u32,
    /// Remarks.
    pub note: String,
}

/// A shipper's authorization on record (放货授权).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationRecord {
    /// When recorded.
    pub at: NaiveDateTime,
    /// 工号 of the clerk who recorded it.
    pub staff_id: String,
    /// How, by whom.
    pub authorization: Authorization,
}

/// A delivery task on record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryTaskRecord {
    /// Row id.
    pub id: i64,
    /// 单号.
    pub number: String,
    /// When made.
    pub created_at: NaiveDateTime,
    /// 工号 of who made it.
    pub created_by: String,
    /// 送货地址.
    pub address: String,
    /// 送货方式.
    pub mode: DeliveryMode,
    /// 送货司机.
    pub driver: String,
    /// 送货费 added (self-pickup changed to delivery).
    pub added_fee_yuan: Decimal,
    /// The waybill was for self-pickup.
    pub changed_from_pickup: bool,
    /// Remarks.
    pub note: String,
    /// Result, `None` while out.
    pub result: Option<DeliveryResult>,
    /// When the result came in.
    pub result_at: Option<NaiveDateTime>,
    /// Remarks on the result.
    pub result_note: String,
}

/// A signed receipt on record (回单登记).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRecord {
    /// 单号.
    pub number: String,
    /// When it came back.
    pub received_at: NaiveDateTime,
    /// 工号 of who took it.
    pub received_by: String,
    /// Remarks.
    pub note: String,
    /// When it was sent back to the shipper.
    pub sent_back_at: Option<NaiveDateTime>,
    /// 工号 of who sent it.
    pub sent_back_by: Option<String>,
}

/// A 回单付 waybill whose receipt is back: the shipper now owes its freight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptPayable {
    /// 单号.
    pub number: String,
    /// 发货方.
    pub shipper_name: String,
    /// 发货方电话.
    pub shipper_phone: String,
    /// 合计 now payable.
    pub total_yuan: Decimal,
    /// When the receipt came back.
    pub received_at: NaiveDateTime,
}

/// One clerk's 云递安 uploads on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadCount {
    /// 工号.
    pub staff_id: String,
    /// 姓名.
    pub staff_name: String,
    /// The day.
    pub day: NaiveDate,
    /// Records uploaded.
    pub count: u32,
}

/// One waybill of a truck's tracking detail (单车跟单明细).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingLine {
    /// 单号.
    pub number: String,
    /// 收货方.
    pub consignee_name: String,
    /// Pieces on the truck.
    pub pieces_loaded: u32,
    /// 件数.
    pub pieces: u32,
    /// Where it is now.
    pub stage: Stage,
    /// The last step and when.
    pub last_action: String,
    /// When that was.
    pub last_at: Option<NaiveDateTime>,
}

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
    delivery_address, receipt_copies, controlled_release";

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
            life: Life::ISSUED,
        })
    } else {
        None
    };
    if found.is_none() {
        let snapshot: Option<String> = conn.query_opt(
            "SELECT snapshot FROM incoming_waybills WHERE number = ?1",
            args![number],
            |r| r.get(0),
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

fn append_event(conn: Conn<'_>, event: &Event<'_>) -> Result<()> {
    let previous: String = conn
        .query_opt(
            "SELECT hash FROM waybill_events ORDER BY id DESC LIMIT 1",
            NO_ARGS,
            |r| r.get(0),
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
        &Event {
            number: &waybill.number,
            at: now,
            staff_id,
            action: step.label(),
            stage: after.stage,
            note,
            manifest_code,
        },
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
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM manifest_pieces WHERE manifest_id = ?1 AND waybill_number = ?2",
        args![id, number],
        |r| r.get(0),
    )?)
}

fn insert_piece(
    conn: Conn<'_>,
    id: i64,
    number: &str,
    piece: u32,
    staff_id: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.execute("INSERT INTO manifest_pieces (manifest_id, waybill_number, piece, scanned_at, staff_id) VALUES (?1, ?2, ?3, ?4, ?5)", args![id, number, piece, time_text(now), staff_id])?;
    Ok(())
}

/// Money collected for a waybill so far at its release (提付 and delivery fees; the
/// ledger's 现付, 回单付 and refunds are other debts).
fn paid(conn: Conn<'_>, number: &str) -> Result<Decimal> {
    let fen: i64 = conn.query_row(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM collections
             WHERE waybill_number = ?1 AND occasion IN ('提货', '送货', '送达')",
        args![number],
        |r| r.get(0),
    )?;
    Ok(from_fen(fen))
}

fn release_facts(conn: Conn<'_>, waybill: &StationWaybill) -> Result<ReleaseFacts> {
    let number = waybill.number.as_str();
    let released: i64 = conn.query_row(
        "SELECT COALESCE(SUM(pieces), 0) FROM pickups WHERE waybill_number = ?1",
        args![number],
        |r| r.get(0),
    )?;
    let authorized = conn
        .query_opt(
            "SELECT 1 FROM release_authorizations WHERE waybill_number = ?1 LIMIT 1",
            args![number],
            |_| Ok(()),
        )?
        .is_some();
    let added_fen: i64 = conn.query_row(
        "SELECT COALESCE(SUM(added_fee_fen), 0) FROM delivery_tasks WHERE waybill_number = ?1",
        args![number],
        |r| r.get(0),
    )?;
    Ok(ReleaseFacts {
        life: waybill.life,
        pieces: waybill.pieces,
        pieces_released: count_u32(released),
        controlled_release: waybill.controlled_release,
        authorized,
        dues: Dues {
            collect_yuan: waybill.collect_yuan(),
            added_delivery_fee_yuan: from_fen(added_fen),
            paid_yuan: paid(conn, number)?,
        },
    })
}

/// A delivery task of `number` is out without a result.
fn open_delivery(conn: Conn<'_>, number: &str) -> Result<bool> {
    Ok(conn
        .query_opt(
            "SELECT 1 FROM delivery_tasks WHERE waybill_number = ?1 AND result IS NULL",
            args![number],
            |_| Ok(()),
        )?
        .is_some())
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

    /// The dispatch settings, defaults where never saved.
    pub fn dispatch_settings(&self) -> Result<DispatchSettings> {
        let text: Option<String> = self.sql().query_opt(
            "SELECT value FROM settings WHERE key = ?1",
            args![SETTINGS_KEY],
            |r| r.get(0),
        )?;
        match text {
            None => Ok(DispatchSettings::default()),
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| StorageError::Corrupt(format!("发车设置无法读取：{e}"))),
        }
    }

    /// Saves the dispatch settings.
    pub fn save_dispatch_settings(&self, settings: &DispatchSettings) -> Result<()> {
        let text = serde_json::to_string(settings)
            .map_err(|e| StorageError::Corrupt(format!("发车设置无法保存：{e}")))?;
        self.sql().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            args![SETTINGS_KEY, text],
        )?;
        Ok(())
    }

    /// The waybill `number` as the dispatch screens see it: ours or received from another
    /// station, with its stage.
    pub fn station_waybill(&self, number: &str) -> Result<StationWaybill> {
        require_waybill(self.sql(), number.trim())
    }

    /// Where the goods of `number` are.
    pub fn waybill_life(&self, number: &str) -> Result<Life> {
        Ok(self.station_waybill(number)?.life)
    }

    /// The timeline of one waybill, oldest first: issue, alterations and void from its
    /// history, then every dispatch step, each with who and when.
    pub fn waybill_timeline(&self, number: &str) -> Result<Vec<TimelineEntry>> {
        let mut out: Vec<TimelineEntry> = Vec::new();
        if self.waybill_exists(number)? {
            for entry in self.waybill_history(number)? {
                let void = entry.action.label() == Stage::Void.label();
                out.push(TimelineEntry {
                    at: entry.at,
                    staff_id: entry.staff_id,
                    action: entry.action.label().to_owned(),
                    stage: if void {
                        Some(Stage::Void)
                    } else if entry.action.label() == "开单" {
                        Some(Stage::Issued)
                    } else {
                        None
                    },
                    note: entry.reason,
                    manifest_code: String::new(),
                });
            }
        }
        let rows = self.sql().query_map("SELECT at, staff_id, action, stage, note, manifest_code FROM waybill_events WHERE waybill_number = ?1 ORDER BY id", args![number], |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
                r.get::<String>(4)?,
                r.get::<String>(5)?,
            ))
        })?;
        for row in rows {
            let (at, staff_id, action, stage, note, manifest_code) = row;
            out.push(TimelineEntry {
                at: parse_time(&at)?,
                staff_id,
                action,
                stage: Some(stage_from(&stage)?),
                note,
                manifest_code,
            });
        }
        // Stable: at the same second the history (issue) comes before the steps.
        out.sort_by_key(|e| e.at);
        Ok(out)
    }

    /// Checks the timeline's hash chain; one Chinese line per problem, empty when sound.
    pub fn check_waybill_events(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut previous = GENESIS.to_owned();
        self.sql().for_each("SELECT id, waybill_number, at, staff_id, action, stage, note, manifest_code, prev_hash, hash FROM waybill_events ORDER BY id", NO_ARGS, |r: &Row| -> Result<()> {
            let id: i64 = r.get(0)?;
            let fields: Vec<String> = (1..=7)
                .map(|i| r.get::<String>(i))
                .collect::<super::sql::Result<_>>()?;
            let prev_hash: String = r.get(8)?;
            let hash: String = r.get(9)?;
            if prev_hash != previous {
                problems.push(format!(
                    "跟踪记录第 {id} 条（{}）：与上一条记录断链，可能有记录被删除或插入",
                    fields[0]
                ));
            }
            let parts: Vec<&str> = fields.iter().map(String::as_str).collect();
            if event_hash(&prev_hash, &parts) != hash {
                problems.push(format!(
                    "跟踪记录第 {id} 条（{}，{}）：内容被改动过（校验值不符）",
                    fields[0], fields[1]
                ));
            }
            previous = hash;
            Ok(())
        })?;
        Ok(problems)
    }

    /// Opens a manifest (发车清单) for a truck; its code is the next of the day.
    pub fn create_manifest(
        &mut self,
        header: &ManifestHeader,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<ManifestSummary> {
        let desk = self.desk_settings()?;
        let settings = self.dispatch_settings()?;
        let prefix = if settings.manifest_prefix.trim().is_empty() {
            format!("{}F", desk.number_prefix.trim())
        } else {
            settings.manifest_prefix.trim().to_owned()
        };
        let tx = self.immediate()?;
        require_staff(*tx, staff_id)?;
        let mut code = None;
        for sequence in 1..=99 {
            let candidate = manifest_code(&prefix, now.date(), sequence);
            let taken = tx
                .query_opt(
                    "SELECT 1 FROM manifests WHERE code = ?1",
                    args![&candidate],
                    |_| Ok(()),
                )?
                .is_some();
            if !taken {
                code = Some(candidate);
                break;
            }
        }
        let code = code.ok_or_else(|| {
            StorageError::Refused("今天的清单号已用完（每天最多 99 车）".to_owned())
        })?;
        let id = tx.insert(
            "INSERT INTO manifests (code, origin, plate, driver_name, driver_phone, route_codes, route_names, departure_at, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            args![
                code,
                desk.station_name,
                header.plate,
                header.driver_name,
                header.driver_phone.as_str(),
                header.route_codes.join(" "),
                header.route_names.join("、"),
                time_text(header.departure_at),
                staff_id,
                time_text(now)
            ])?;
        let summary = manifest_summary(*tx, id)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Manifests, newest first, at most [`DISPATCH_LIST_LIMIT`].
    pub fn manifests(&self, filter: ManifestFilter) -> Result<Vec<ManifestSummary>> {
        let condition = match filter {
            ManifestFilter::Loading => "departed_at IS NULL",
            ManifestFilter::InTransit => "departed_at IS NOT NULL AND arrived_at IS NULL",
            ManifestFilter::All => "1",
        };
        let rows = self.sql().rows(&format!(
            "SELECT {MANIFEST_COLUMNS} FROM manifests WHERE {condition} ORDER BY created_at DESC, id DESC LIMIT {DISPATCH_LIST_LIMIT}"
        ), NO_ARGS)?.into_iter();
        let mut out = Vec::new();
        for r in rows {
            out.push(summary_from_row(&r)?);
        }
        Ok(out)
    }

    /// One manifest with its lines and totals.
    pub fn manifest(&self, id: i64) -> Result<Manifest> {
        let summary = manifest_summary(self.sql(), id)?;
        let lines = manifest_lines(self.sql(), id, &summary.route_codes)?;
        let totals = ManifestTotals::of(&lines);
        Ok(Manifest {
            summary,
            lines,
            totals,
        })
    }

    /// The manifest with this code, if any.
    pub fn manifest_id_by_code(&self, code: &str) -> Result<Option<i64>> {
        Ok(self.sql().query_opt(
            "SELECT id FROM manifests WHERE code = ?1",
            args![code.trim()],
            |r| r.get(0),
        )?)
    }

    /// Records one scanned label on an open manifest. The inner result is the scan's
    /// verdict for the screen (accepted, or refused at once with the reason: unreadable,
    /// unknown, void, duplicate, another truck, wrong destination, locked manifest …);
    /// nothing is written for a refused scan. The outer error is the database's.
    pub fn scan_load(
        &mut self,
        manifest_id: i64,
        scanned: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Result<LoadScan, ScanRefusal>> {
        let Some(scan) = ScanCode::parse(scanned) else {
            return Ok(Err(ScanRefusal::Unreadable(scanned.trim().to_owned())));
        };
        let tx = self.immediate()?;
        let head = manifest_head(*tx, manifest_id)?;
        let waybill = station_waybill(*tx, &scan.number)?;
        let on_this_manifest = tx
            .query_opt("SELECT 1 FROM manifest_pieces WHERE manifest_id = ?1 AND waybill_number = ?2 AND piece = ?3", args![manifest_id, scan.number, scan.piece], |_| Ok(()))?
            .is_some();
        let other: Option<String> = tx.query_opt(
            "SELECT m.code FROM manifest_pieces p JOIN manifests m ON m.id = p.manifest_id
                 WHERE p.waybill_number = ?1 AND p.piece = ?2 AND p.manifest_id <> ?3 LIMIT 1",
            args![scan.number, scan.piece, manifest_id],
            |r| r.get(0),
        )?;
        let facts = LoadFacts {
            manifest_code: &head.code,
            manifest_departed: head.departed,
            route_codes: &head.route_codes,
            route_names: &head.route_names,
            scan: &scan,
            waybill: waybill.as_ref().map(|w| LoadWaybill {
                pieces: w.pieces,
                dest_code: &w.dest_code,
                dest_name: &w.dest_name,
                void: w.void,
                life: w.life,
            }),
            on_this_manifest,
            on_other_manifest: other.as_deref(),
        };
        let after = match judge_load(&facts) {
            Ok(after) => after,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let Some(waybill) = waybill else {
            return Ok(Err(ScanRefusal::UnknownWaybill(scan.number)));
        };
        insert_piece(*tx, manifest_id, &scan.number, scan.piece, staff_id, now)?;
        let loaded = count_on_manifest(*tx, manifest_id, &scan.number)?;
        if loaded == 1 {
            write_life(
                *tx,
                after,
                &Event {
                    number: &scan.number,
                    at: now,
                    staff_id,
                    action: Step::Load.label(),
                    stage: after.stage,
                    note: "",
                    manifest_code: &head.code,
                },
            )?;
        }
        let on_any = count_u32(tx.query_row(
            "SELECT COUNT(*) FROM manifest_pieces WHERE waybill_number = ?1",
            args![&scan.number],
            |r| r.get(0),
        )?);
        tx.commit()?;
        Ok(Ok(LoadScan {
            number: scan.number,
            piece: scan.piece,
            pieces_added: 1,
            pieces: waybill.pieces,
            pieces_loaded: loaded,
            pieces_left: waybill.pieces.saturating_sub(on_any),
            dest_name: waybill.dest_name,
            consignee_name: waybill.consignee_name,
        }))
    }

    /// Loads every piece of `number` still in stock onto an open manifest (picked from
    /// the stock view rather than scanned). Refused like a scan.
    pub fn load_waybill(
        &mut self,
        manifest_id: i64,
        number: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Result<LoadScan, ScanRefusal>> {
        let number = number.trim().to_ascii_uppercase();
        let tx = self.immediate()?;
        let head = manifest_head(*tx, manifest_id)?;
        let Some(waybill) = station_waybill(*tx, &number)? else {
            return Ok(Err(ScanRefusal::UnknownWaybill(number)));
        };
        let loaded_anywhere = pieces_on_manifests(*tx, &number)?;
        let free: Vec<u32> = (1..=waybill.pieces)
            .filter(|p| !loaded_anywhere.contains(p))
            .collect();
        let Some(&first) = free.first() else {
            return Ok(Err(ScanRefusal::Stage {
                number,
                reason: "全部件数都已装车".to_owned(),
            }));
        };
        let scan = ScanCode {
            number: number.clone(),
            piece: first,
        };
        let facts = LoadFacts {
            manifest_code: &head.code,
            manifest_departed: head.departed,
            route_codes: &head.route_codes,
            route_names: &head.route_names,
            scan: &scan,
            waybill: Some(LoadWaybill {
                pieces: waybill.pieces,
                dest_code: &waybill.dest_code,
                dest_name: &waybill.dest_name,
                void: waybill.void,
                life: waybill.life,
            }),
            on_this_manifest: false,
            on_other_manifest: None,
        };
        let after = match judge_load(&facts) {
            Ok(after) => after,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let first_here = count_on_manifest(*tx, manifest_id, &number)? == 0;
        for &piece in &free {
            insert_piece(*tx, manifest_id, &number, piece, staff_id, now)?;
        }
        if first_here {
            let note = format!("从库存整票装车 {} 件", free.len());
            write_life(
                *tx,
                after,
                &Event {
                    number: &number,
                    at: now,
                    staff_id,
                    action: Step::Load.label(),
                    stage: after.stage,
                    note: &note,
                    manifest_code: &head.code,
                },
            )?;
        }
        let loaded = count_on_manifest(*tx, manifest_id, &number)?;
        tx.commit()?;
        Ok(Ok(LoadScan {
            number,
            piece: first,
            pieces_added: len_u32(free.len()),
            pieces: waybill.pieces,
            pieces_loaded: loaded,
            pieces_left: 0,
            dest_name: waybill.dest_name,
            consignee_name: waybill.consignee_name,
        }))
    }

    /// Takes a waybill off a manifest that has not left (卸车): its pieces go back to
    /// stock, and it is 已开单 again unless pieces of it travel on another truck.
    pub fn unload_waybill(
        &mut self,
        manifest_id: i64,
        number: &str,
        staff_id: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.immediate()?;
        let head = manifest_head(*tx, manifest_id)?;
        if head.departed {
            return Err(StorageError::Refused(format!(
                "清单 {} 已发车锁定，不能卸车",
                head.code
            )));
        }
        let waybill = require_waybill(*tx, number)?;
        let removed = tx.execute(
            "DELETE FROM manifest_pieces WHERE manifest_id = ?1 AND waybill_number = ?2",
            args![manifest_id, number],
        )?;
        if removed == 0 {
            return Err(StorageError::NotFound(format!(
                "运单 {number} 不在清单 {} 上",
                head.code
            )));
        }
        let note = format!("卸下 {removed} 件：{}", reason.trim());
        let elsewhere = !pieces_on_manifests(*tx, number)?.is_empty();
        let after = if elsewhere || waybill.life.flow != Stage::Loaded {
            waybill.life
        } else {
            waybill
                .life
                .after(Step::Unload)
                .map_err(|r| StorageError::Refused(format!("运单 {number}：{}", r.reason)))?
        };
        write_life(
            *tx,
            after,
            &Event {
                number,
                at: now,
                staff_id,
                action: Step::Unload.label(),
                stage: after.stage,
                note: &note,
                manifest_code: &head.code,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Sends a manifest's truck off (发车): refused for an empty manifest; locks the
    /// manifest against further scans and sets its waybills 已发车.
    pub fn depart_manifest(
        &mut self,
        manifest_id: i64,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Manifest> {
        let tx = self.immediate()?;
        let summary = manifest_summary(*tx, manifest_id)?;
        let lines = manifest_lines(*tx, manifest_id, &summary.route_codes)?;
        let totals = ManifestTotals::of(&lines);
        check_departure(&summary.code, summary.departed_at.is_some(), &totals)
            .map_err(StorageError::Refused)?;
        for line in &lines {
            let waybill = require_waybill(*tx, &line.number)?;
            let note = line.partial_mark().unwrap_or_default();
            apply_step(
                *tx,
                &waybill,
                Step::Depart,
                staff_id,
                &note,
                &summary.code,
                now,
            )?;
        }
        tx.execute(
            "UPDATE manifests SET departed_at = ?2, departed_by = ?3 WHERE id = ?1",
            args![manifest_id, time_text(now), staff_id],
        )?;
        let summary = manifest_summary(*tx, manifest_id)?;
        tx.commit()?;
        Ok(Manifest {
            summary,
            lines,
            totals,
        })
    }

    /// The truck's tracking detail (单车跟单明细): every waybill on it and where it is now.
    pub fn manifest_tracking(&self, manifest_id: i64) -> Result<Vec<TrackingLine>> {
        let mut out = Vec::new();
        for (number, pieces) in manifest_pieces(self.sql(), manifest_id)? {
            let waybill = require_waybill(self.sql(), &number)?;
            let last: Option<(String, String)> = self
                .sql()
                .query_opt("SELECT action, at FROM waybill_events WHERE waybill_number = ?1 ORDER BY id DESC LIMIT 1", args![&number], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let (last_action, last_at) = match last {
                Some((action, at)) => (action, Some(parse_time(&at)?)),
                None => (String::new(), None),
            };
            out.push(TrackingLine {
                number,
                consignee_name: waybill.consignee_name,
                pieces_loaded: len_u32(pieces.len()),
                pieces: waybill.pieces,
                stage: waybill.life.stage,
                last_action,
                last_at,
            });
        }
        Ok(out)
    }

    /// The stock view (库存): our waybills with pieces still in the warehouse (on no
    /// manifest), oldest first, at most [`DISPATCH_LIST_LIMIT`].
    pub fn stock(&self, query: &StockQuery, today: NaiveDate) -> Result<Vec<StockLine>> {
        let mut conditions = vec![format!("w.status <> '{}'", WaybillStatus::Void.label())];
        let mut values: Vec<String> = Vec::new();
        if let Some(since) = query.issued_since {
            values.push(day_text(since));
            conditions.push(format!("w.issued_at >= ?{}", values.len()));
        }
        if let Some(dest) = query.dest_code.as_deref().filter(|d| !d.trim().is_empty()) {
            values.push(dest.trim().to_owned());
            conditions.push(format!("w.dest_code = ?{}", values.len()));
        }
        if query.controlled_only {
            conditions.push("w.controlled_release = 1".to_owned());
        }
        let sql = format!(
            "SELECT w.number, w.issued_at, w.dest_code, w.dest_name, w.consignee_name, w.goods_name, w.pieces,
                    w.weight_kg, w.volume_m3, w.controlled_release, COALESCE(s.stage, '已开单'),
                    (SELECT COUNT(*) FROM manifest_pieces p WHERE p.waybill_number = w.number) AS loaded
             FROM waybills w LEFT JOIN waybill_stages s ON s.number = w.number
             WHERE {} AND COALESCE(s.flow, '已开单') IN ('已开单', '已装车', '已发车')
               AND (SELECT COUNT(*) FROM manifest_pieces p WHERE p.waybill_number = w.number) < w.pieces
             ORDER BY w.issued_at, w.number LIMIT {DISPATCH_LIST_LIMIT}",
            conditions.join(" AND ")
        );
        let rows = self
            .sql()
            .rows(&sql, &super::sql::dynamic(&values))?
            .into_iter();
        let mut out = Vec::new();
        for r in rows {
            let issued_at = parse_time(&r.get::<String>(1)?)?;
            let pieces: u32 = r.get(6)?;
            let loaded = count_u32(r.get(11)?);
            out.push(StockLine {
                number: r.get(0)?,
                issued_at,
                age_days: (today - issued_at.date()).num_days(),
                dest_code: r.get(2)?,
                dest_name: r.get(3)?,
                consignee_name: r.get(4)?,
                goods_name: r.get(5)?,
                pieces,
                pieces_loaded: loaded,
                pieces_left: pieces.saturating_sub(loaded),
                weight_kg: parse_decimal_text(&r.get::<String>(7)?)?,
                volume_m3: parse_decimal_text(&r.get::<String>(8)?)?,
                controlled_release: r.get::<i64>(9)? != 0,
                stage: stage_from(&r.get::<String>(10)?)?,
            });
        }
        Ok(out)
    }

    /// A departed manifest as the exchange file carries it to the receiving station.
    pub fn manifest_exchange(&self, manifest_id: i64) -> Result<ManifestExchange> {
        let summary = manifest_summary(self.sql(), manifest_id)?;
        let (Some(departed_at), Some(departed_by)) =
            (summary.departed_at, summary.departed_by.clone())
        else {
            return Err(StorageError::Refused(format!(
                "清单 {} 尚未发车：发车后才能导出交接文件",
                summary.code
            )));
        };
        let mut waybills = Vec::new();
        for (number, pieces) in manifest_pieces(self.sql(), manifest_id)? {
            let issued = if self.waybill_exists(&number)? {
                self.waybill(&number)?
            } else {
                let json: String = self.sql().query_row(
                    "SELECT snapshot FROM incoming_waybills WHERE number = ?1",
                    args![&number],
                    |r| r.get(0),
                )?;
                serde_json::from_str(&json).map_err(|e| {
                    StorageError::Corrupt(format!("外站运单 {number} 无法读取：{e}"))
                })?
            };
            waybills.push(ExchangeWaybill {
                issued,
                pieces_loaded: pieces.into_iter().collect(),
            });
        }
        Ok(ManifestExchange {
            code: summary.code,
            origin: summary.origin,
            plate: summary.plate,
            driver_name: summary.driver_name,
            driver_phone: summary.driver_phone,
            route_codes: summary.route_codes,
            route_names: summary.route_names,
            departure_at: summary.departure_at,
            created_by: summary.created_by,
            departed_at,
            departed_by,
            waybills,
        })
    }

    /// Receives a manifest from another station (its exchange file already verified by
    /// [`crate::documents::exchange`]): the manifest, its waybills and loaded pieces, all
    /// or nothing. Importing the same file again changes nothing; a different file under
    /// the same manifest code is refused.
    pub fn import_manifest(
        &mut self,
        exchange: &ManifestExchange,
        checksum: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<ImportOutcome> {
        let tx = self.immediate()?;
        let existing: Option<(i64, String, Option<String>)> = tx.query_opt(
            "SELECT id, checksum, imported_at FROM manifests WHERE code = ?1",
            args![&exchange.code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        match existing {
            // Our own manifest, or the same file again.
            Some((manifest_id, _, None)) => {
                return Ok(ImportOutcome::AlreadyPresent { manifest_id });
            }
            Some((manifest_id, stored, Some(_))) if stored == checksum => {
                return Ok(ImportOutcome::AlreadyPresent { manifest_id });
            }
            Some(_) => {
                return Err(StorageError::Refused(format!(
                    "清单 {} 已经导入过，但这份文件的内容不同：请向发车站核实，不要重复导入",
                    exchange.code
                )));
            }
            None => {}
        }
        if exchange.waybills.is_empty() {
            return Err(StorageError::Refused(format!(
                "交接文件中的清单 {} 没有运单",
                exchange.code
            )));
        }
        let manifest_id = tx.insert(
            "INSERT INTO manifests (code, origin, plate, driver_name, driver_phone, route_codes, route_names, departure_at, created_by, created_at, imported_at, imported_by, checksum)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            args![
                exchange.code,
                exchange.origin,
                exchange.plate,
                exchange.driver_name,
                exchange.driver_phone,
                exchange.route_codes.join(" "),
                exchange.route_names.join("、"),
                time_text(exchange.departure_at),
                exchange.created_by,
                time_text(exchange.departed_at),
                time_text(now),
                staff_id,
                checksum
            ])?;
        let note = format!("由 {} 发出，交接文件导入", exchange.origin);
        for item in &exchange.waybills {
            let issued = &item.issued;
            let number = issued.number.as_str();
            let local = tx
                .query_opt(
                    "SELECT 1 FROM waybills WHERE number = ?1",
                    args![number],
                    |_| Ok(()),
                )?
                .is_some();
            if !local {
                let snapshot = serde_json::to_string(issued)
                    .map_err(|e| StorageError::Corrupt(e.to_string()))?;
                tx.execute(
                    "INSERT INTO incoming_waybills (number, manifest_id, consignee_phone, snapshot) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(number) DO NOTHING",
                    args![
                        number,
                        manifest_id,
                        issued.waybill.consignee.phone.as_str(),
                        snapshot
                    ])?;
            }
            let mut seen = BTreeSet::new();
            for &piece in &item.pieces_loaded {
                if piece == 0 || piece > issued.waybill.pieces || !seen.insert(piece) {
                    return Err(StorageError::Refused(format!(
                        "交接文件中运单 {number} 的件号 {piece} 不对：文件可能有误，请向发车站核实"
                    )));
                }
                insert_piece(
                    *tx,
                    manifest_id,
                    number,
                    piece,
                    &exchange.departed_by,
                    exchange.departed_at,
                )?;
            }
            let waybill = require_waybill(*tx, number)?;
            // A waybill seen here before (pieces left behind on an earlier truck) keeps
            // its stage; a new one is on the road.
            let mut life = waybill.life;
            if life == Life::ISSUED {
                life = Life::ISSUED
                    .after(Step::Load)
                    .and_then(|l| l.after(Step::Depart))
                    .map_err(|r| StorageError::Refused(r.reason))?;
            }
            write_life(
                *tx,
                life,
                &Event {
                    number,
                    at: exchange.departed_at,
                    staff_id: &exchange.departed_by,
                    action: Step::Depart.label(),
                    stage: life.stage,
                    note: &note,
                    manifest_code: &exchange.code,
                },
            )?;
        }
        tx.execute(
            "UPDATE manifests SET departed_at = ?2, departed_by = ?3 WHERE id = ?1",
            args![
                manifest_id,
                time_text(exchange.departed_at),
                exchange.departed_by
            ],
        )?;
        tx.commit()?;
        Ok(ImportOutcome::Imported {
            manifest_id,
            waybills: exchange.waybills.len(),
        })
    }

    /// Records one piece scanned off a departed truck (到货核对). A piece that was not
    /// loaded on it is recorded too, as extra (多件); a duplicate scan, an unreadable code
    /// and a closed check are refused at once.
    pub fn scan_arrival(
        &mut self,
        manifest_id: i64,
        scanned: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Result<ArrivalScan, ScanRefusal>> {
        let Some(scan) = ScanCode::parse(scanned) else {
            return Ok(Err(ScanRefusal::Unreadable(scanned.trim().to_owned())));
        };
        let tx = self.immediate()?;
        let head = manifest_head(*tx, manifest_id)?;
        if !head.departed {
            return Ok(Err(ScanRefusal::NotDeparted(head.code)));
        }
        if head.arrived {
            return Ok(Err(ScanRefusal::ArrivalClosed(head.code)));
        }
        let duplicate = tx
            .query_opt("SELECT 1 FROM arrival_scans WHERE manifest_id = ?1 AND waybill_number = ?2 AND piece = ?3", args![manifest_id, scan.number, scan.piece], |_| Ok(()))?
            .is_some();
        if duplicate {
            return Ok(Err(ScanRefusal::Duplicate {
                number: scan.number,
                piece: scan.piece,
            }));
        }
        let expected = tx
            .query_opt("SELECT 1 FROM manifest_pieces WHERE manifest_id = ?1 AND waybill_number = ?2 AND piece = ?3", args![manifest_id, scan.number, scan.piece], |_| Ok(()))?
            .is_some();
        let waybill = station_waybill(*tx, &scan.number)?;
        tx.execute("INSERT INTO arrival_scans (manifest_id, waybill_number, piece, scanned_at, staff_id) VALUES (?1, ?2, ?3, ?4, ?5)", args![
            manifest_id,
            scan.number,
            scan.piece,
            time_text(now),
            staff_id
        ])?;
        let received: u32 = tx.query_row(
            "SELECT COUNT(*) FROM arrival_scans WHERE manifest_id = ?1 AND waybill_number = ?2",
            args![manifest_id, scan.number],
            |r| r.get(0),
        )?;
        let loaded = count_on_manifest(*tx, manifest_id, &scan.number)?;
        tx.commit()?;
        Ok(Ok(ArrivalScan {
            known: waybill.is_some(),
            consignee_name: waybill.map(|w| w.consignee_name).unwrap_or_default(),
            number: scan.number,
            piece: scan.piece,
            expected,
            received,
            loaded,
        }))
    }

    /// Records damaged pieces found at arrival (破损), with a note and an optional photo.
    #[allow(clippy::too_many_arguments, reason = "the fields of one register row")]
    pub fn record_damage(
        &mut self,
        manifest_id: i64,
        number: &str,
        pieces: &[u32],
        note: &str,
        photo_path: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let note = note.trim();
        if note.is_empty() {
            return Err(StorageError::Refused(
                "请写明破损情况（哪几件、怎样破损）".to_owned(),
            ));
        }
        let tx = self.immediate()?;
        let head = manifest_head(*tx, manifest_id)?;
        if !head.departed {
            return Err(StorageError::Refused(format!(
                "清单 {} 尚未发车，不能登记到货破损",
                head.code
            )));
        }
        let mut sorted: Vec<u32> = pieces.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        tx.execute(
            "INSERT INTO arrival_issues (manifest_id, waybill_number, kind, pieces, count, note, photo_path, at, staff_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            args![
                manifest_id,
                number.trim(),
                Discrepancy::Damaged.label(),
                pieces_text(&sorted),
                len_u32(sorted.len()),
                note,
                photo_path.trim(),
                time_text(now),
                staff_id
            ])?;
        super::seals::seal_last(*tx, "arrival_issues")?;
        tx.commit()?;
        Ok(())
    }

    /// The arrival report of a manifest: loaded against received per waybill, with
    /// damage notes. While the check is open, "missing" means "not scanned yet".
    pub fn arrival_report(&self, manifest_id: i64) -> Result<ArrivalReport> {
        arrival_report(self.sql(), manifest_id)
    }

    /// Closes the arrival check: records every extra and missing piece per waybill as
    /// evidence (P10), sets the waybills that arrived (at least one piece) to 已到站, and
    /// returns the report. A waybill none of whose pieces came stays 已发车.
    pub fn finish_arrival(
        &mut self,
        manifest_id: i64,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<ArrivalReport> {
        let tx = self.immediate()?;
        let report = arrival_report(*tx, manifest_id)?;
        if report.manifest.departed_at.is_none() {
            return Err(StorageError::Refused(format!(
                "清单 {} 尚未发车，不能到货",
                report.manifest.code
            )));
        }
        if report.closed {
            return Err(StorageError::Refused(format!(
                "清单 {} 已完成到货核对",
                report.manifest.code
            )));
        }
        let code = report.manifest.code.clone();
        for line in &report.lines {
            for (kind, pieces) in [
                (Discrepancy::Missing, line.check.missing()),
                (Discrepancy::Extra, line.check.extra()),
            ] {
                if pieces.is_empty() {
                    continue;
                }
                tx.execute(
                    "INSERT INTO arrival_issues (manifest_id, waybill_number, kind, pieces, count, note, photo_path, at, staff_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8)",
                    args![
                        manifest_id,
                        line.number,
                        kind.label(),
                        pieces_text(&pieces),
                        len_u32(pieces.len()),
                        format!(
                            "装车 {} 件，到货 {} 件",
                            line.check.loaded.len(),
                            line.check.received.len()
                        ),
                        time_text(now),
                        staff_id
                    ])?;
                super::seals::seal_last(*tx, "arrival_issues")?;
            }
            if line.check.received.is_empty() {
                continue;
            }
            let Some(waybill) = station_waybill(*tx, &line.number)? else {
                continue;
            };
            let Ok(after) = waybill.life.after(Step::Arrive) else {
                continue;
            };
            let mut note = format!(
                "到货 {}/{} 件",
                line.check.received.len(),
                line.check.loaded.len()
            );
            if !line.is_clean() {
                note = format!("{note}；{}", line.problems());
            }
            write_life(
                *tx,
                after,
                &Event {
                    number: &line.number,
                    at: now,
                    staff_id,
                    action: Step::Arrive.label(),
                    stage: after.stage,
                    note: &note,
                    manifest_code: &code,
                },
            )?;
        }
        tx.execute(
            "UPDATE manifests SET arrived_at = ?2, received_by = ?3 WHERE id = ?1",
            args![manifest_id, time_text(now), staff_id],
        )?;
        let report = arrival_report(*tx, manifest_id)?;
        tx.commit()?;
        Ok(report)
    }

    /// Arrived waybills whose consignee has not been told yet (待通知), longest waiting
    /// first; those past the setting's hours are flagged.
    pub fn to_notify(&self, now: NaiveDateTime) -> Result<Vec<NotifyLine>> {
        self.arrived_lines(&[Stage::Arrived], now)
    }

    /// Every waybill at this station waiting for its consignee (已到站 and 已通知),
    /// longest waiting first: the pickup desk's list.
    pub fn awaiting_collection(&self, now: NaiveDateTime) -> Result<Vec<NotifyLine>> {
        self.arrived_lines(&[Stage::Arrived, Stage::Notified], now)
    }

    fn arrived_lines(&self, stages: &[Stage], now: NaiveDateTime) -> Result<Vec<NotifyLine>> {
        let within = self.dispatch_settings()?.notify_within_hours;
        let stage_sql = "SELECT s.number, s.stage,
                    (SELECT MAX(e.at) FROM waybill_events e WHERE e.waybill_number = s.number AND e.action = ?1)
             FROM waybill_stages s WHERE s.stage = ?2";
        let mut pending = Vec::new();
        for stage in stages {
            let rows = self.sql().query_map(
                stage_sql,
                args![Step::Arrive.label(), stage.label()],
                |r| {
                    Ok((
                        r.get::<String>(0)?,
                        r.get::<String>(1)?,
                        r.get::<Option<String>>(2)?,
                    ))
                },
            )?;
            for row in rows {
                let (number, stage, at) = row;
                let arrived_at = match at {
                    Some(at) => parse_time(&at)?,
                    None => now,
                };
                pending.push((arrived_at, number, stage_from(&stage)?));
            }
        }
        pending.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let mut out = Vec::new();
        for (arrived_at, number, stage) in pending.into_iter().take(DISPATCH_LIST_LIMIT) {
            let w = require_waybill(self.sql(), &number)?;
            let overdue =
                stage == Stage::Arrived && overdue_hours(arrived_at, now, within).is_some();
            out.push(NotifyLine {
                collect_yuan: w.collect_yuan(),
                number,
                stage,
                arrived_at,
                waited_hours: (now - arrived_at).num_hours(),
                overdue,
                consignee_name: w.consignee_name,
                consignee_phone: w.consignee_phone,
                goods_name: w.goods_name,
                pieces: w.pieces,
                delivery: w.delivery,
                controlled_release: w.controlled_release,
            });
        }
        Ok(out)
    }

    /// Records that the consignee was called or sent a message (通知提货).
    pub fn record_notification(
        &mut self,
        number: &str,
        method: NotifyMethod,
        note: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.immediate()?;
        let waybill = require_waybill(*tx, number)?;
        let text = format!("{}通知 {}", method.label(), note.trim());
        apply_step(*tx, &waybill, Step::Notify, staff_id, text.trim(), "", now)?;
        tx.execute(
            "INSERT INTO notifications (waybill_number, at, staff_id, method, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            args![
                waybill.number,
                time_text(now),
                staff_id,
                method.label(),
                note.trim()
            ])?;
        super::seals::seal_last(*tx, "notifications")?;
        tx.commit()?;
        Ok(())
    }

    /// The notifications of one waybill, oldest first.
    pub fn notifications(&self, number: &str) -> Result<Vec<NotificationRecord>> {
        let rows = self.sql().query_map("SELECT at, staff_id, method, note FROM notifications WHERE waybill_number = ?1 ORDER BY id", args![number], |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (at, staff_id, method, note) = row;
            out.push(NotificationRecord {
                at: parse_time(&at)?,
                staff_id,
                method: NotifyMethod::from_label(&method)
                    .ok_or_else(|| corrupt("通知方式", &method))?,
                note,
            });
        }
        Ok(out)
    }

    /// Records the shipper's authorization to release controlled goods (放货授权).
    pub fn record_authorization(
        &mut self,
        number: &str,
        authorization: &Authorization,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.immediate()?;
        let waybill = require_waybill(*tx, number)?;
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
        super::seals::seal_last(*tx, "release_authorizations")?;
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
            &Event {
                number: &waybill.number,
                at: now,
                staff_id,
                action: "放货授权",
                stage: waybill.life.stage,
                note: &note,
                manifest_code: "",
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// What decides release of `number`: stage, pieces left, authorization, money owed.
    pub fn release_facts(&self, number: &str) -> Result<ReleaseFacts> {
        let waybill = require_waybill(self.sql(), number)?;
        release_facts(self.sql(), &waybill)
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
        let tx = self.immediate()?;
        let waybill = require_waybill(*tx, number)?;
        if open_delivery(*tx, &waybill.number)? {
            return Err(StorageError::Refused(format!(
                "运单 {number} 的货物已派送在途：请先登记送货结果"
            )));
        }
        let facts = release_facts(*tx, &waybill)?;
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
        super::seals::seal_last(*tx, "pickups")?;
        insert_collection(
            *tx,
            &waybill.number,
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
            &Event {
                number: &waybill.number,
                at: now,
                staff_id,
                action: Step::PickUp { complete }.label(),
                stage: after.stage,
                note: &note,
                manifest_code: "",
            },
        )?;
        tx.commit()?;
        Ok(after)
    }

    /// The money collected with a pickup (the collection of the same waybill, time and
    /// clerk), for its slip.
    pub fn pickup_payment(&self, pickup: &PickupRecord) -> Result<Option<Payment>> {
        let row: Option<(i64, String)> = self.sql().query_opt(
            "SELECT amount_fen, channel FROM collections
                 WHERE waybill_number = ?1 AND at = ?2 AND staff_id = ?3 AND occasion = '提货'
                 ORDER BY id LIMIT 1",
            args![pickup.number, time_text(pickup.at), pickup.staff_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        row.map(|(fen, channel)| {
            Ok(Payment {
                amount_yuan: from_fen(fen),
                channel: crate::domain::pickup::PayChannel::from_label(&channel)
                    .ok_or_else(|| corrupt("收款方式", &channel))?,
            })
        })
        .transpose()
    }

    /// The shipper's authorization to release a controlled waybill, the first recorded.
    pub fn authorization(&self, number: &str) -> Result<Option<AuthorizationRecord>> {
        let row: Option<(String, String, String, String, String, String)> = self.sql().query_opt(
            "SELECT at, staff_id, method, photo_path, shipper_contact, note
                 FROM release_authorizations WHERE waybill_number = ?1 ORDER BY id LIMIT 1",
            args![number],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )?;
        row.map(
            |(at, staff_id, method, photo_path, shipper_contact, note)| {
                Ok(AuthorizationRecord {
                    at: parse_time(&at)?,
                    staff_id,
                    authorization: Authorization {
                        method: crate::domain::pickup::AuthorizationMethod::from_label(&method)
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
        let tx = self.immediate()?;
        let waybill = require_waybill(*tx, number)?;
        let note = if *pieces.start() <= 1 && *pieces.end() >= waybill.pieces {
            format!("全部 {} 件", waybill.pieces)
        } else {
            format!("第 {}–{} 件", pieces.start(), pieces.end())
        };
        append_event(
            *tx,
            &Event {
                number: &waybill.number,
                at: now,
                staff_id,
                action: LABELS_PRINTED,
                stage: waybill.life.stage,
                note: &note,
                manifest_code: "",
            },
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
        let tx = self.immediate()?;
        let waybill = require_waybill(*tx, number)?;
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
        let facts = release_facts(*tx, &waybill)?;
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
            &Event {
                number: &waybill.number,
                at: now,
                staff_id,
                action: Step::SendOut.label(),
                stage: after.stage,
                note: &note,
                manifest_code: "",
            },
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
        let facts = release_facts(*tx, &waybill)?;
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
        insert_collection(*tx, &number, payment, "送达", staff_id, now)?;
        let text = format!("{}{}", note.trim(), payment_note(payment));
        write_life(
            *tx,
            after,
            &Event {
                number: &number,
                at: now,
                staff_id,
                action: result.label(),
                stage: after.stage,
                note: text.trim_start_matches('，'),
                manifest_code: "",
            },
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
        let tx = self.immediate()?;
        let waybill = require_waybill(*tx, number)?;
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
        super::seals::seal_last(*tx, "transfers")?;
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
        if reason.trim().is_empty() {
            return Err(StorageError::Refused("退货必须写明原因".to_owned()));
        }
        let tx = self.immediate()?;
        let waybill = require_waybill(*tx, number)?;
        let after = apply_step(
            *tx,
            &waybill,
            Step::Return,
            staff_id,
            reason.trim(),
            "",
            now,
        )?;
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
        let tx = self.immediate()?;
        let waybill = require_waybill(*tx, number)?;
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
        super::seals::seal_last(*tx, "exceptions")?;
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
        let tx = self.immediate()?;
        let waybill = require_waybill(*tx, number)?;
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
            &Event {
                number: &waybill.number,
                at: now,
                staff_id,
                action: "回单",
                stage: waybill.life.stage,
                note: &text,
                manifest_code: "",
            },
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
        let tx = self.immediate()?;
        let waybill = require_waybill(*tx, number)?;
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
            &Event {
                number: &waybill.number,
                at: now,
                staff_id,
                action: "回单寄回",
                stage: waybill.life.stage,
                note: note.trim(),
                manifest_code: "",
            },
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
        Ok(self.sql().query_row(
            "INSERT INTO regulator_uploads (staff_id, day, count, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(staff_id, day) DO UPDATE SET count = regulator_uploads.count + excluded.count, updated_at = excluded.updated_at
             RETURNING count",
            args![staff_id, day_text(day), count, time_text(now)],
            |r| r.get(0))?)
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

    /// The dispatch records of `month` that the P10, P15, P17 and P21 detectors read (see
    /// [`crate::domain::dispatch::detect_dispatch`]), as of `as_of`.
    pub fn dispatch_records(&self, month: Month, as_of: NaiveDateTime) -> Result<DispatchRecords> {
        let settings = self.dispatch_settings()?;
        let from_day = day_text(month.first_day());
        let to_day = day_text(month.next().first_day());
        let from = format!("{from_day} 00:00:00");
        let to = format!("{to_day} 00:00:00");
        let conn = self.sql();

        let mut pieces_mismatches = Vec::new();
        {
            let rows = conn
                .rows(
                    "SELECT i.waybill_number, w.clerk_id, w.pieces, m.code, i.kind, i.pieces, i.at
                 FROM arrival_issues i
                 JOIN waybills w ON w.number = i.waybill_number
                 JOIN manifests m ON m.id = i.manifest_id
                 WHERE i.kind IN (?1, ?2) AND i.at >= ?3 AND i.at < ?4 ORDER BY i.id",
                    args![
                        Discrepancy::Extra.label(),
                        Discrepancy::Missing.label(),
                        from,
                        to
                    ],
                )?
                .into_iter();
            for r in rows {
                let kind: String = r.get(4)?;
                pieces_mismatches.push(PiecesMismatch {
                    number: r.get(0)?,
                    clerk_id: r.get(1)?,
                    pieces: r.get(2)?,
                    manifest_code: r.get(3)?,
                    kind: Discrepancy::from_label(&kind)
                        .ok_or_else(|| corrupt("到货异常", &kind))?,
                    piece_numbers: pieces_from(&r.get::<String>(5)?),
                    found_at: parse_time(&r.get::<String>(6)?)?,
                });
            }
        }

        let mut arrivals: Vec<ArrivalFacts> = Vec::new();
        {
            let rows = conn
                .rows(
                    "SELECT waybill_number, staff_id, at FROM waybill_events
                 WHERE action = ?1 AND at >= ?2 AND at < ?3 ORDER BY id",
                    args![Step::Arrive.label(), from, to],
                )?
                .into_iter();
            let mut seen = BTreeSet::new();
            for r in rows {
                let number: String = r.get(0)?;
                if seen.insert(number.clone()) {
                    arrivals.push(ArrivalFacts {
                        number,
                        staff_id: r.get(1)?,
                        arrived_at: parse_time(&r.get::<String>(2)?)?,
                        resolved_at: None,
                    });
                }
            }
        }
        let resolving = [
            Step::Notify.label(),
            Step::PickUp { complete: true }.label(),
            Step::PickUp { complete: false }.label(),
            Step::SendOut.label(),
            Step::Transfer.label(),
            Step::Return.label(),
        ];
        let first_sql = "SELECT MIN(at) FROM waybill_events
             WHERE waybill_number = ?1 AND at >= ?2 AND action IN (?3, ?4, ?5, ?6, ?7, ?8)";
        for arrival in &mut arrivals {
            let at: Option<String> = conn.query_row(
                first_sql,
                args![
                    arrival.number,
                    time_text(arrival.arrived_at),
                    resolving[0],
                    resolving[1],
                    resolving[2],
                    resolving[3],
                    resolving[4],
                    resolving[5]
                ],
                |r| r.get(0),
            )?;
            arrival.resolved_at = opt_time(at.as_deref())?;
        }

        let mut pickups = Vec::new();
        {
            let rows = conn
                .rows(
                    "SELECT id, waybill_number, staff_id, at, id_number, signature FROM pickups
                 WHERE at >= ?1 AND at < ?2 ORDER BY id",
                    args![from, to],
                )?
                .into_iter();
            for r in rows {
                let id_number: String = r.get(4)?;
                let signature: String = r.get(5)?;
                pickups.push(PickupFacts {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    staff_id: r.get(2)?,
                    at: parse_time(&r.get::<String>(3)?)?,
                    has_id: !id_number.trim().is_empty(),
                    has_signature: Signature::from_json(&signature).is_some_and(|s| !s.is_blank()),
                });
            }
        }

        let mut upload_days = Vec::new();
        {
            let rows = conn.rows("SELECT s.id, d.day, COALESCE(u.count, 0) FROM staff s
                 JOIN (SELECT staff_id, day FROM punches
                       WHERE day >= ?1 AND day < ?2 AND clock_in IS NOT NULL AND shift NOT IN ('休息', '请假')
                       UNION
                       SELECT staff_id, day FROM regulator_uploads WHERE day >= ?1 AND day < ?2) d
                   ON d.staff_id = s.id
                 LEFT JOIN regulator_uploads u ON u.staff_id = d.staff_id AND u.day = d.day
                 WHERE s.role = '开单员' ORDER BY s.id, d.day", args![from_day, to_day])?.into_iter();
            for r in rows {
                let day: String = r.get(1)?;
                upload_days.push(UploadDay {
                    staff_id: r.get(0)?,
                    day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                        .map_err(|_| corrupt("日期", &day))?,
                    uploads: r.get(2)?,
                });
            }
        }
        let mut loads = Vec::new();
        {
            // The first loading of each waybill of this station in the month; a scanned
            // load is written with an empty note, a whole waybill picked from stock with
            // 从库存整票装车.
            let rows = conn.rows("SELECT e.waybill_number, w.clerk_id, e.manifest_code, e.at,
                        EXISTS (SELECT 1 FROM waybill_events s WHERE s.waybill_number = e.waybill_number
                                AND s.action = ?1 AND s.note = '' AND s.at >= ?3 AND s.at < ?4),
                        EXISTS (SELECT 1 FROM waybill_events p WHERE p.waybill_number = e.waybill_number
                                AND p.action = ?2 AND p.at <= e.at)
                 FROM waybill_events e JOIN waybills w ON w.number = e.waybill_number
                 WHERE e.id = (SELECT f.id FROM waybill_events f
                               WHERE f.waybill_number = e.waybill_number AND f.action = ?1
                                 AND f.at >= ?3 AND f.at < ?4
                               ORDER BY f.at, f.id LIMIT 1)
                 ORDER BY e.waybill_number", args![Step::Load.label(), LABELS_PRINTED, from, to])?.into_iter();
            for r in rows {
                let scanned: bool = r.get(4)?;
                let printed: bool = r.get(5)?;
                loads.push(FirstLoad {
                    number: r.get(0)?,
                    clerk_id: r.get(1)?,
                    manifest_code: r.get(2)?,
                    loaded_at: parse_time(&r.get::<String>(3)?)?,
                    labelled: scanned || printed,
                });
            }
        }
        let labels_since: Option<String> = conn.query_row(
            "SELECT MIN(at) FROM waybill_events WHERE action = ?1",
            args![LABELS_PRINTED],
            |r| r.get(0),
        )?;
        let labels_since = opt_time(labels_since.as_deref())?.map(|t| t.date());
        let uploads_since: Option<String> =
            conn.query_row("SELECT MIN(day) FROM regulator_uploads", NO_ARGS, |r| {
                r.get(0)
            })?;
        let uploads_since = uploads_since
            .map(|day| {
                NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| corrupt("日期", &day))
            })
            .transpose()?;

        Ok(DispatchRecords {
            as_of,
            notify_within_hours: settings.notify_within_hours,
            daily_uploads: settings.daily_uploads,
            pieces_mismatches,
            arrivals,
            pickups,
            upload_days,
            uploads_since,
            loads,
            labels_since,
        })
    }
}

fn arrival_report(conn: Conn<'_>, manifest_id: i64) -> Result<ArrivalReport> {
    let manifest = manifest_summary(conn, manifest_id)?;
    let mut checks: BTreeMap<String, PieceCheck> = BTreeMap::new();
    for (number, pieces) in manifest_pieces(conn, manifest_id)? {
        checks.entry(number).or_default().loaded = pieces;
    }
    {
        let rows = conn.query_map(
            "SELECT waybill_number, piece FROM arrival_scans WHERE manifest_id = ?1",
            args![manifest_id],
            |r| Ok((r.get::<String>(0)?, r.get::<u32>(1)?)),
        )?;
        for row in rows {
            let (number, piece) = row;
            checks.entry(number).or_default().received.insert(piece);
        }
    }
    let mut damage: BTreeMap<String, Vec<DamageNote>> = BTreeMap::new();
    {
        let rows = conn
            .rows(
                "SELECT waybill_number, pieces, note, photo_path, at, staff_id FROM arrival_issues
             WHERE manifest_id = ?1 AND kind = ?2 ORDER BY id",
                args![manifest_id, Discrepancy::Damaged.label()],
            )?
            .into_iter();
        for r in rows {
            let number: String = r.get(0)?;
            damage.entry(number.clone()).or_default().push(DamageNote {
                pieces: pieces_from(&r.get::<String>(1)?),
                note: r.get(2)?,
                photo_path: r.get(3)?,
                at: parse_time(&r.get::<String>(4)?)?,
                staff_id: r.get(5)?,
            });
            checks.entry(number).or_default();
        }
    }
    let mut lines = Vec::new();
    for (number, check) in checks {
        let waybill = station_waybill(conn, &number)?;
        lines.push(ArrivalLine {
            consignee_name: waybill
                .as_ref()
                .map(|w| w.consignee_name.clone())
                .unwrap_or_default(),
            goods_name: waybill
                .as_ref()
                .map(|w| w.goods_name.clone())
                .unwrap_or_default(),
            pieces: waybill.as_ref().map_or(0, |w| w.pieces),
            damaged: damage.remove(&number).unwrap_or_default(),
            number,
            check,
        });
    }
    Ok(ArrivalReport {
        closed: manifest.arrived_at.is_some(),
        manifest,
        lines,
    })
}
