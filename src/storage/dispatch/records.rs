//! The records of dispatch as the screens read them.

use crate::domain::desk::idcard::IdType;
use crate::domain::desk::waybill::{DeliveryMode, IssuedWaybill, PaymentMethod, WaybillStatus};
use crate::domain::dispatch::pickup::{Authorization, DeliveryResult, Signature};
use crate::domain::dispatch::{
    Discrepancy, Life, ManifestLine, ManifestTotals, NotifyMethod, PieceCheck, Stage, piece_ranges,
};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

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
    /// 代收货款, zero for none.
    pub cod_yuan: Decimal,
    /// What of it goes back to the shipper (the rest is the station's fee and, for
    /// 货款扣, its freight).
    pub cod_payback_yuan: Decimal,
    /// 要求到货日期, if the waybill asks one.
    pub required_by: Option<chrono::NaiveDate>,
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

    pub(super) fn from_issued(issued: &IssuedWaybill, local: bool) -> Self {
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
            cod_yuan: w.cod_yuan,
            cod_payback_yuan: w.cod_payback_yuan(),
            required_by: w.arrival_date,
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
    /// Every departed manifest of every station, newest first: what the receiving
    /// stations pick theirs from (by the counties on the route).
    Departed,
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
    /// 要求到货日期, if the waybill asks one.
    pub required_by: Option<chrono::NaiveDate>,
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
