//! What happens to goods after the waybill (DOMAIN.md §3–4): the stages of a waybill's
//! life and the steps between them, refused with a Chinese reason when impossible; the
//! dispatch manifest (发车清单) of one truck with its header, the judgement of each
//! scanned label and its totals; the arrival check (到货核对) of extra, missing and
//! damaged pieces; notification deadlines; transfers (中转) and exceptions (异常).
//! Pickup, payment and release rules are in [`crate::domain::pickup`].
//!
//! A waybill's *stage* is kept apart from its [`WaybillStatus`](crate::domain::waybill::WaybillStatus)
//! (开单/作废), which the desk owns: the stage says where the goods are.

use crate::domain::destinations::Divisions;
use crate::domain::money::{parse_decimal, round_yuan};
use crate::domain::people::Month;
use crate::domain::phone::Phone;
use crate::domain::points::{DetectedEvent, EventCode, EventSource, PointEvent, Rule};
use crate::domain::waybill::{IssuedWaybill, MAX_PIECES};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Where a waybill's goods are (运单状态): the stages of DOMAIN.md §3–4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    /// 已开单: issued, in the warehouse of the loading station.
    Issued,
    /// 已装车: pieces scanned onto a truck that has not left.
    Loaded,
    /// 已发车: on a truck that has left.
    Departed,
    /// 已到站: unloaded and checked at the receiving station.
    Arrived,
    /// 已通知: the consignee was told to collect.
    Notified,
    /// 已提货: every piece collected by the consignee.
    PickedUp,
    /// 已送达: delivered to the consignee.
    Delivered,
    /// 中转: handed on to another carrier.
    Transferred,
    /// 退货: sent back to the shipper.
    Returned,
    /// 异常: delayed, damaged, lost or refused; the flow resumes from the stage before.
    Exception,
    /// 作废: the waybill was voided before loading.
    Void,
}

impl Stage {
    /// Every stage, in the order of a waybill's life.
    pub const ALL: [Self; 11] = [
        Self::Issued,
        Self::Loaded,
        Self::Departed,
        Self::Arrived,
        Self::Notified,
        Self::PickedUp,
        Self::Delivered,
        Self::Transferred,
        Self::Returned,
        Self::Exception,
        Self::Void,
    ];

    /// Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Issued => "已开单",
            Self::Loaded => "已装车",
            Self::Departed => "已发车",
            Self::Arrived => "已到站",
            Self::Notified => "已通知",
            Self::PickedUp => "已提货",
            Self::Delivered => "已送达",
            Self::Transferred => "中转",
            Self::Returned => "退货",
            Self::Exception => "异常",
            Self::Void => "作废",
        }
    }

    /// The stage stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        let label = label.trim();
        Self::ALL.into_iter().find(|s| s.label() == label)
    }

    /// The goods have left the station's hands for good: nothing follows but an
    /// exception.
    #[must_use]
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::PickedUp | Self::Delivered | Self::Transferred | Self::Returned | Self::Void
        )
    }

    /// The goods are at the receiving station waiting for the consignee.
    #[must_use]
    pub fn is_at_destination(self) -> bool {
        matches!(self, Self::Arrived | Self::Notified)
    }
}

/// What a clerk does to a waybill: each step moves it from one [`Stage`] to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    /// 装车: a piece scanned onto a manifest.
    Load,
    /// 卸车: taken off a manifest that has not left.
    Unload,
    /// 发车: the manifest's truck left.
    Depart,
    /// 到站: received at the far end.
    Arrive,
    /// 通知: the consignee was called or sent a message.
    Notify,
    /// 提货: the consignee took pieces; `complete` when none are left.
    PickUp {
        /// Every piece has now been collected.
        complete: bool,
    },
    /// 送货出库: the goods left the station on a delivery task; the stage does not change
    /// until the result is in.
    SendOut,
    /// 送达: the delivery task brought the goods to the consignee.
    Deliver,
    /// 中转: handed on to another carrier.
    Transfer,
    /// 退货: goods go back to the shipper.
    Return,
    /// 异常: delay, damage, loss or refusal recorded.
    Exception,
    /// 作废: the waybill voided.
    Void,
}

impl Step {
    /// Chinese label of the timeline entry.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Load => "装车",
            Self::Unload => "卸车",
            Self::Depart => "发车",
            Self::Arrive => "到站",
            Self::Notify => "通知",
            Self::PickUp { complete: true } => "提货",
            Self::PickUp { complete: false } => "部分提货",
            Self::SendOut => "送货出库",
            Self::Deliver => "送达",
            Self::Transfer => "中转",
            Self::Return => "退货",
            Self::Exception => "异常",
            Self::Void => "作废",
        }
    }

    /// What the clerk tried, for the refusal: 装车, 提货 …
    fn verb(self) -> &'static str {
        match self {
            Self::PickUp { .. } => "提货",
            Self::SendOut => "送货",
            other => other.label(),
        }
    }
}

/// A step refused, with the reason in Chinese (without the waybill number: the caller
/// names it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct StepRefused {
    /// The stage the waybill is at.
    pub stage: Stage,
    /// The step tried.
    pub step: Step,
    /// Why not, and what to do.
    pub reason: String,
}

/// Where the waybill is now and where its flow was before an exception: `flow` is the
/// last stage that is not [`Stage::Exception`], so the goods can go on after a delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Life {
    /// The current stage.
    pub stage: Stage,
    /// The stage of the flow (equal to `stage` unless that is 异常).
    pub flow: Stage,
}

impl Life {
    /// A waybill just issued.
    pub const ISSUED: Self = Self {
        stage: Stage::Issued,
        flow: Stage::Issued,
    };

    /// The life after `step`, or why the step is impossible. An exception keeps the flow
    /// stage, and the steps after an exception are those of the flow stage.
    pub fn after(self, step: Step) -> Result<Self, StepRefused> {
        let to = next_stage(self.flow, step).map_err(|reason| StepRefused {
            stage: self.stage,
            step,
            reason,
        })?;
        if self.stage == Stage::Void && step == Step::Exception {
            return Err(StepRefused {
                stage: self.stage,
                step,
                reason: "运单已作废，不能登记异常".to_owned(),
            });
        }
        Ok(if to == Stage::Exception {
            Self {
                stage: Stage::Exception,
                flow: self.flow,
            }
        } else {
            Self {
                stage: to,
                flow: to,
            }
        })
    }
}

/// The transition table: the stage after `step` from flow stage `from`.
#[allow(
    clippy::match_same_arms,
    reason = "one row per step and stage reads as the table it is"
)]
fn next_stage(from: Stage, step: Step) -> Result<Stage, String> {
    use Stage as S;
    let refuse = |why: &str| Err(format!("运单{}，不能{}：{why}", from.label(), step.verb()));
    match (step, from) {
        (Step::Exception, _) => Ok(S::Exception),
        (_, S::Void) => Err(format!("运单已作废，不能{}", step.verb())),
        (Step::Load, S::Issued | S::Loaded) => Ok(S::Loaded),
        // Pieces left behind (单票未装完) follow on a later truck.
        (Step::Load, S::Departed) => Ok(S::Departed),
        (Step::Load, _) => refuse("货物已离开本站仓库"),
        (Step::Unload, S::Loaded) => Ok(S::Issued),
        (Step::Unload, S::Issued) => refuse("运单不在车上"),
        (Step::Unload, _) => refuse("车已发出，不能卸车"),
        (Step::Depart, S::Loaded | S::Departed) => Ok(S::Departed),
        (Step::Depart, S::Issued) => refuse("请先扫描装车"),
        (Step::Depart, _) => refuse("货物已离开本站"),
        (Step::Arrive, S::Departed | S::Arrived | S::Notified) => Ok(if from == S::Departed {
            S::Arrived
        } else {
            from
        }),
        (Step::Arrive, S::Issued | S::Loaded) => refuse("车还没有发出"),
        (Step::Arrive, _) => refuse("货物已经交付"),
        (Step::Notify, S::Arrived | S::Notified) => Ok(S::Notified),
        (Step::Notify, S::Issued | S::Loaded | S::Departed) => {
            refuse("货物还没到站，到站核对后再通知提货")
        }
        (Step::Notify, _) => refuse("货物已经交付"),
        (Step::PickUp { complete }, S::Arrived | S::Notified) => {
            Ok(if complete { S::PickedUp } else { from })
        }
        (Step::SendOut, S::Arrived | S::Notified) => Ok(from),
        (Step::Deliver, S::Arrived | S::Notified) => Ok(S::Delivered),
        (
            Step::PickUp { .. } | Step::SendOut | Step::Deliver,
            S::Issued | S::Loaded | S::Departed,
        ) => refuse("货物还没到站，到站核对后才能放货"),
        (Step::PickUp { .. } | Step::SendOut | Step::Deliver, _) => refuse("货物已经交付"),
        (Step::Transfer | Step::Return, S::Issued | S::Arrived | S::Notified) => {
            Ok(if step == Step::Transfer {
                S::Transferred
            } else {
                S::Returned
            })
        }
        (Step::Transfer | Step::Return, S::Loaded) => refuse("请先从发车清单卸车"),
        (Step::Transfer | Step::Return, S::Departed) => refuse("货物在途，到站后再登记"),
        (Step::Transfer | Step::Return, _) => refuse("货物已经交付"),
        (Step::Void, S::Issued) => Ok(S::Void),
        (Step::Void, S::Loaded) => refuse("已装车的运单不能作废，请先从发车清单卸车"),
        (Step::Void, _) => refuse("货物已离开本站，只能登记退货或异常"),
    }
}

/// A scanned label: the waybill number and the piece (the last four digits), as
/// [`crate::documents::labels::label_code`] writes them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ScanCode {
    /// 单号.
    pub number: String,
    /// 件号, from 1.
    pub piece: u32,
}

impl ScanCode {
    /// Reads what a USB scanner typed: spaces, the Enter and lower case are forgiven.
    /// `None` unless it is a number of letters and digits followed by a four-digit piece
    /// from 0001.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let code: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if code.len() < 5 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let (number, piece) = code.split_at(code.len() - 4);
        if !piece.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let piece: u32 = piece.parse().ok()?;
        (piece >= 1).then(|| Self {
            number: number.to_owned(),
            piece,
        })
    }

    /// The code as printed on the label.
    #[must_use]
    pub fn code(&self) -> String {
        format!("{}{:04}", self.number, self.piece)
    }
}

/// Why a scan was refused at once: the loading screen beeps and flashes and shows
/// [`ScanRefusal`]'s message. Nothing was recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanRefusal {
    /// Not a label code.
    #[error("条码「{0}」不是运单标签码，请重新扫描")]
    Unreadable(String),
    /// No such waybill here.
    #[error("找不到运单 {0}：请核对标签，或先补录运单")]
    UnknownWaybill(String),
    /// A piece number above the waybill's pieces.
    #[error("运单 {number} 只有 {pieces} 件，没有第 {piece} 件：标签有误，请核对")]
    PieceOutOfRange {
        /// 单号.
        number: String,
        /// Piece scanned.
        piece: u32,
        /// Pieces on the waybill.
        pieces: u32,
    },
    /// A voided waybill.
    #[error("运单 {0} 已作废，不能装车：请把货物放回并告知主管")]
    Void(String),
    /// The same piece twice.
    #[error("重复扫描：运单 {number} 第 {piece} 件已经扫过")]
    Duplicate {
        /// 单号.
        number: String,
        /// Piece.
        piece: u32,
    },
    /// The waybill goes somewhere this truck does not.
    #[error("到站不符：运单 {number} 到「{dest_name}」，不在本车线路（{route}）上，请勿装车")]
    WrongDestination {
        /// 单号.
        number: String,
        /// The waybill's destination as printed.
        dest_name: String,
        /// The manifest's destinations as printed.
        route: String,
    },
    /// The piece is already on another truck.
    #[error("运单 {number} 第 {piece} 件已装在清单 {manifest} 上")]
    OnAnotherManifest {
        /// 单号.
        number: String,
        /// Piece.
        piece: u32,
        /// The other manifest's code.
        manifest: String,
    },
    /// The waybill's stage forbids loading (already delivered, transferred …).
    #[error("运单 {number}：{reason}")]
    Stage {
        /// 单号.
        number: String,
        /// Why, from the transition table.
        reason: String,
    },
    /// The manifest has left: it is locked.
    #[error("清单 {0} 已发车锁定，不能再装车")]
    ManifestLocked(String),
    /// An arrival scan on a manifest that has not left its station.
    #[error("清单 {0} 尚未发车，不能到货核对")]
    NotDeparted(String),
    /// An arrival scan after the check was closed.
    #[error("清单 {0} 已完成到货核对，不能再扫描")]
    ArrivalClosed(String),
}

/// Everything needed to judge one loading scan, gathered by storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadFacts<'a> {
    /// The manifest's code.
    pub manifest_code: &'a str,
    /// The manifest has departed.
    pub manifest_departed: bool,
    /// The manifest's destination codes.
    pub route_codes: &'a [String],
    /// The route as printed, for the refusal.
    pub route_names: &'a str,
    /// What was scanned.
    pub scan: &'a ScanCode,
    /// The waybill, if it exists here.
    pub waybill: Option<LoadWaybill<'a>>,
    /// The piece is already on this manifest.
    pub on_this_manifest: bool,
    /// The code of another manifest the piece is on.
    pub on_other_manifest: Option<&'a str>,
}

/// The waybill as a loading scan sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadWaybill<'a> {
    /// 件数.
    pub pieces: u32,
    /// Destination code.
    pub dest_code: &'a str,
    /// Destination as printed.
    pub dest_name: &'a str,
    /// Voided (作废).
    pub void: bool,
    /// Its life.
    pub life: Life,
}

/// Judges a loading scan: `Ok` with the life after loading, or the refusal to show.
/// Checked in the order a clerk can act on: locked manifest, unknown code, void,
/// impossible piece, duplicate, on another truck, wrong destination, stage.
pub fn judge_load(facts: &LoadFacts<'_>) -> Result<Life, ScanRefusal> {
    let number = &facts.scan.number;
    if facts.manifest_departed {
        return Err(ScanRefusal::ManifestLocked(facts.manifest_code.to_owned()));
    }
    let Some(waybill) = facts.waybill else {
        return Err(ScanRefusal::UnknownWaybill(number.clone()));
    };
    if waybill.void || waybill.life.stage == Stage::Void {
        return Err(ScanRefusal::Void(number.clone()));
    }
    if facts.scan.piece > waybill.pieces {
        return Err(ScanRefusal::PieceOutOfRange {
            number: number.clone(),
            piece: facts.scan.piece,
            pieces: waybill.pieces,
        });
    }
    if facts.on_this_manifest {
        return Err(ScanRefusal::Duplicate {
            number: number.clone(),
            piece: facts.scan.piece,
        });
    }
    if let Some(other) = facts.on_other_manifest {
        return Err(ScanRefusal::OnAnotherManifest {
            number: number.clone(),
            piece: facts.scan.piece,
            manifest: other.to_owned(),
        });
    }
    if !facts.route_codes.iter().any(|c| c == waybill.dest_code) {
        return Err(ScanRefusal::WrongDestination {
            number: number.clone(),
            dest_name: waybill.dest_name.to_owned(),
            route: facts.route_names.to_owned(),
        });
    }
    waybill
        .life
        .after(Step::Load)
        .map_err(|refused| ScanRefusal::Stage {
            number: number.clone(),
            reason: refused.reason,
        })
}

/// A field of the manifest header form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ManifestField {
    /// 车牌号.
    Plate,
    /// 司机.
    Driver,
    /// 司机电话.
    DriverPhone,
    /// 线路到站.
    Route,
    /// 发车时间.
    Departure,
}

/// A manifest header form error, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    /// The field at fault.
    pub field: ManifestField,
    /// What is wrong.
    pub message: String,
}

/// The manifest header as typed (发车清单表头).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestDraft {
    /// 车牌号 as typed: 湘C12345, 粤A·D12345.
    pub plate: String,
    /// 司机 name.
    pub driver_name: String,
    /// 司机电话 as typed.
    pub driver_phone: String,
    /// County codes of the destination stations the truck serves, in route order.
    pub route_codes: Vec<String>,
    /// Planned departure time as typed: `2026-11-23 18:00`.
    pub departure: String,
}

/// A checked manifest header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestHeader {
    /// 车牌号 in its normal spelling: 湘C12345.
    pub plate: String,
    /// 司机.
    pub driver_name: String,
    /// 司机电话.
    pub driver_phone: Phone,
    /// Destination county codes, in route order, without repeats.
    pub route_codes: Vec<String>,
    /// Destinations as printed, in route order.
    pub route_names: Vec<String>,
    /// Planned departure.
    pub departure_at: NaiveDateTime,
}

/// The one-character province abbreviations a plate starts with.
const PLATE_PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// Checks a mainland plate number and writes it without separators, upper case:
/// province character, issuing-office letter, then 5 letters/digits (6 for new-energy
/// plates), optionally ending in 挂 for a trailer.
pub fn normalize_plate(text: &str) -> Result<String, String> {
    let plate: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '-' | '.' | '•'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if plate.is_empty() {
        return Err("请填写车牌号".to_owned());
    }
    let chars: Vec<char> = plate.chars().collect();
    let body_end = if chars.last() == Some(&'挂') {
        chars.len() - 1
    } else {
        chars.len()
    };
    let ok = chars.len() >= 7
        && PLATE_PROVINCES.contains(chars[0])
        && chars[1].is_ascii_uppercase()
        && (5..=6).contains(&(body_end - 2))
        && chars[2..body_end]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if ok {
        Ok(plate)
    } else {
        Err(format!(
            "车牌号「{}」格式不对：应为省份简称 + 字母 + 5 或 6 位字母数字，如 湘C12345",
            text.trim()
        ))
    }
}

impl ManifestDraft {
    /// Checks every field; all errors together, one per field at most.
    pub fn validate(&self, divisions: &Divisions) -> Result<ManifestHeader, Vec<ManifestError>> {
        let mut errors = Vec::new();
        let mut fail = |field, message: String| errors.push(ManifestError { field, message });
        let plate = normalize_plate(&self.plate).map_err(|m| fail(ManifestField::Plate, m));
        let driver_name = self.driver_name.trim().to_owned();
        if driver_name.is_empty() {
            fail(ManifestField::Driver, "请填写司机姓名".to_owned());
        } else if driver_name.chars().count() > 20 {
            fail(
                ManifestField::Driver,
                "司机姓名过长（最多 20 字）".to_owned(),
            );
        }
        let phone = Phone::parse(&self.driver_phone)
            .map_err(|e| fail(ManifestField::DriverPhone, format!("司机电话：{e}")));
        let mut route_codes: Vec<String> = Vec::new();
        let mut route_names = Vec::new();
        for code in &self.route_codes {
            let code = code.trim();
            if route_codes.iter().any(|c| c == code) {
                continue;
            }
            match divisions.by_code(code) {
                Some(division) => {
                    route_codes.push(code.to_owned());
                    route_names.push(division.city_and_name());
                }
                None => fail(
                    ManifestField::Route,
                    format!("到站代码 {code} 不是有效的县级行政区"),
                ),
            }
        }
        if self.route_codes.is_empty() {
            fail(
                ManifestField::Route,
                "请选择本车的到站（至少一个）".to_owned(),
            );
        }
        let departure = parse_time(&self.departure).map_err(|m| fail(ManifestField::Departure, m));
        match (plate, phone, departure) {
            (Ok(plate), Ok(driver_phone), Ok(departure_at)) if errors.is_empty() => {
                Ok(ManifestHeader {
                    plate,
                    driver_name,
                    driver_phone,
                    route_codes,
                    route_names,
                    departure_at,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Reads a time as a clerk types it: `2026-11-23 18:00`, with `/` or seconds accepted.
pub fn parse_time(text: &str) -> Result<NaiveDateTime, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("请填写时间，如 2026-11-23 18:00".to_owned());
    }
    let normal = text.replace('/', "-");
    ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&normal, f).ok())
        .ok_or_else(|| format!("时间「{text}」格式不对，应为 2026-11-23 18:00"))
}

/// One waybill on a manifest as the screen and the PDF show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestLine {
    /// 单号.
    pub number: String,
    /// Destination code.
    pub dest_code: String,
    /// Destination as printed.
    pub dest_name: String,
    /// 收货方.
    pub consignee_name: String,
    /// 收货方电话.
    pub consignee_phone: String,
    /// 品名.
    pub goods_name: String,
    /// 件数 on the waybill.
    pub pieces: u32,
    /// Pieces scanned onto this manifest.
    pub pieces_loaded: u32,
    /// 重量 of the whole waybill.
    pub weight_kg: Decimal,
    /// 体积 of the whole waybill.
    pub volume_m3: Decimal,
    /// 提付: the amount to collect from the consignee (zero unless paid on collection).
    pub collect_yuan: Decimal,
    /// 等通知放货.
    pub controlled_release: bool,
}

impl ManifestLine {
    /// Pieces left behind in the warehouse (单票未装完 when above zero).
    #[must_use]
    pub fn pieces_left(&self) -> u32 {
        self.pieces.saturating_sub(self.pieces_loaded)
    }

    /// Only part of the waybill is on this truck: 单票未装完.
    #[must_use]
    pub fn is_partial(&self) -> bool {
        self.pieces_left() > 0
    }

    /// The mark printed beside a partly loaded waybill: `单票未装完，余 3 件`.
    #[must_use]
    pub fn partial_mark(&self) -> Option<String> {
        self.is_partial()
            .then(|| format!("单票未装完，余 {} 件", self.pieces_left()))
    }

    /// The share of the weight on this truck, in proportion to the pieces loaded.
    #[must_use]
    pub fn loaded_weight_kg(&self) -> Decimal {
        share(self.weight_kg, self.pieces_loaded, self.pieces, 1)
    }

    /// The share of the volume on this truck.
    #[must_use]
    pub fn loaded_volume_m3(&self) -> Decimal {
        share(self.volume_m3, self.pieces_loaded, self.pieces, 3)
    }
}

/// The part of `whole` carried by `part` pieces of `of`, rounded to `dp` decimals (a
/// tenth of a kilogram, a litre).
fn share(whole: Decimal, part: u32, of: u32, dp: u32) -> Decimal {
    if part >= of || of == 0 {
        whole
    } else {
        (whole * Decimal::from(part) / Decimal::from(of)).round_dp(dp)
    }
}

/// The totals under a manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestTotals {
    /// 票数: waybills with at least one piece on the truck.
    pub waybills: u32,
    /// 件数 on the truck.
    pub pieces_loaded: u32,
    /// 件数 of those waybills in all.
    pub pieces: u32,
    /// Waybills only partly loaded (单票未装完).
    pub partial_waybills: u32,
    /// Weight on the truck: each partly loaded waybill counts in proportion to its pieces.
    pub weight_kg: Decimal,
    /// Volume on the truck, likewise.
    pub volume_m3: Decimal,
    /// 提付 to collect at the far end.
    pub collect_yuan: Decimal,
}

impl ManifestTotals {
    /// Sums the lines.
    #[must_use]
    pub fn of(lines: &[ManifestLine]) -> Self {
        let mut totals = Self::default();
        for line in lines.iter().filter(|l| l.pieces_loaded > 0) {
            totals.waybills += 1;
            totals.pieces_loaded += line.pieces_loaded;
            totals.pieces += line.pieces;
            totals.partial_waybills += u32::from(line.is_partial());
            totals.weight_kg += line.loaded_weight_kg();
            totals.volume_m3 += line.loaded_volume_m3();
            totals.collect_yuan += line.collect_yuan;
        }
        totals.weight_kg = totals.weight_kg.normalize();
        totals.volume_m3 = totals.volume_m3.normalize();
        totals
    }
}

/// Whether a manifest may depart: refused for an empty one, or one that has left.
pub fn check_departure(code: &str, departed: bool, totals: &ManifestTotals) -> Result<(), String> {
    if departed {
        return Err(format!("清单 {code} 已经发车"));
    }
    if totals.pieces_loaded == 0 {
        return Err(format!(
            "清单 {code} 还没有装任何货物，不能发车：请先扫描装车"
        ));
    }
    Ok(())
}

/// The kind of an arrival discrepancy (到货异常).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Discrepancy {
    /// 多件: a piece arrived that was not loaded on this manifest.
    Extra,
    /// 少件: a loaded piece did not arrive.
    Missing,
    /// 破损: a piece arrived damaged.
    Damaged,
}

impl Discrepancy {
    /// Chinese label, as stored and printed.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Extra => "多件",
            Self::Missing => "少件",
            Self::Damaged => "破损",
        }
    }

    /// The kind stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::Extra, Self::Missing, Self::Damaged]
            .into_iter()
            .find(|d| d.label() == label)
    }
}

/// One waybill's check at arrival: what was loaded against what was scanned off.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceCheck {
    /// Pieces loaded at the other end (on the manifest).
    pub loaded: BTreeSet<u32>,
    /// Pieces scanned at arrival.
    pub received: BTreeSet<u32>,
}

impl PieceCheck {
    /// Loaded but not received (少件), in piece order.
    #[must_use]
    pub fn missing(&self) -> Vec<u32> {
        self.loaded.difference(&self.received).copied().collect()
    }

    /// Received but not loaded on this manifest (多件), in piece order.
    #[must_use]
    pub fn extra(&self) -> Vec<u32> {
        self.received.difference(&self.loaded).copied().collect()
    }

    /// Everything matches.
    #[must_use]
    pub fn matches(&self) -> bool {
        self.loaded == self.received
    }
}

/// Writes piece numbers compactly for reports: `1–3, 7`.
#[must_use]
pub fn piece_ranges(pieces: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut iter = pieces.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        out.push(if end == start {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
    }
    out.join(", ")
}

/// How the consignee was told (通知方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotifyMethod {
    /// 电话.
    Call,
    /// 短信 (or a WeChat message).
    Sms,
}

impl NotifyMethod {
    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Call => "电话",
            Self::Sms => "短信",
        }
    }

    /// The method stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::Call, Self::Sms]
            .into_iter()
            .find(|m| m.label() == label.trim())
    }
}

/// Dispatch settings of the station, stored with the other settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DispatchSettings {
    /// The consignee must be told within this many hours of arrival (P15).
    pub notify_within_hours: u32,
    /// Records to upload to 云递安 per clerk and worked day (P21).
    pub daily_uploads: u32,
    /// Manifest codes start with this; empty takes the waybill prefix and `F` (`GZF`).
    pub manifest_prefix: String,
    /// County codes this station receives goods for (本站区县): a manifest of this
    /// database whose route reaches one of them is checked here on arrival. Manifests
    /// received by exchange file are always for this station.
    pub station_codes: Vec<String>,
}

impl Default for DispatchSettings {
    fn default() -> Self {
        Self {
            notify_within_hours: 12,
            daily_uploads: 5,
            manifest_prefix: String::new(),
            station_codes: Vec::new(),
        }
    }
}

/// Hours (rounded down) a waybill has waited since arrival without notice, when that is
/// longer than allowed: `Some(hours)` flags it on the to-notify list (and for P15).
#[must_use]
pub fn overdue_hours(
    arrived_at: NaiveDateTime,
    now: NaiveDateTime,
    within_hours: u32,
) -> Option<i64> {
    let waited = now - arrived_at;
    (waited > chrono::Duration::hours(i64::from(within_hours))).then(|| waited.num_hours())
}

/// Builds a manifest code: prefix, date as YYMMDD and a two-digit daily sequence:
/// `GZF26112301`.
#[must_use]
pub fn manifest_code(prefix: &str, date: NaiveDate, sequence: u32) -> String {
    format!("{}{}{sequence:02}", prefix.trim(), date.format("%y%m%d"))
}

/// The kind of an exception (异常登记).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExceptionKind {
    /// 延误.
    Delay,
    /// 破损.
    Damage,
    /// 丢失.
    Loss,
    /// 拒收: the consignee refused the goods.
    Refusal,
}

impl ExceptionKind {
    /// Every kind.
    pub const ALL: [Self; 4] = [Self::Delay, Self::Damage, Self::Loss, Self::Refusal];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Delay => "延误",
            Self::Damage => "破损",
            Self::Loss => "丢失",
            Self::Refusal => "拒收",
        }
    }

    /// The kind stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.label() == label.trim())
    }
}

/// An exception as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionDraft {
    /// What happened.
    pub kind: ExceptionKind,
    /// 责任方: who is responsible (司机, 装卸, 发货方, 本站 …).
    pub responsible: String,
    /// What happened, in words.
    pub note: String,
    /// 索赔金额 as typed; empty for none.
    pub claim: String,
}

impl Default for ExceptionDraft {
    /// A blank form, on the most common kind (延误).
    fn default() -> Self {
        Self {
            kind: ExceptionKind::Delay,
            responsible: String::new(),
            note: String::new(),
            claim: String::new(),
        }
    }
}

/// A checked exception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionRecord {
    /// What happened.
    pub kind: ExceptionKind,
    /// 责任方.
    pub responsible: String,
    /// What happened.
    pub note: String,
    /// 索赔金额, zero for none.
    pub claim_yuan: Decimal,
}

impl ExceptionDraft {
    /// Checks the draft: a note is required, the claim is a non-negative amount.
    pub fn validate(&self) -> Result<ExceptionRecord, String> {
        let note = self.note.trim();
        if note.is_empty() {
            return Err(format!("请写明{}的情况", self.kind.label()));
        }
        let responsible = self.responsible.trim();
        if responsible.is_empty() {
            return Err("请填写责任方（如 司机、装卸、发货方、本站）".to_owned());
        }
        Ok(ExceptionRecord {
            kind: self.kind,
            responsible: responsible.to_owned(),
            note: note.to_owned(),
            claim_yuan: optional_amount(&self.claim, "索赔金额")?,
        })
    }
}

/// A transfer to another carrier as typed (中转登记).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferDraft {
    /// 中转承运商.
    pub carrier: String,
    /// The carrier's own waybill number.
    pub carrier_number: String,
    /// 中转费 paid to the carrier, as typed.
    pub fee: String,
    /// 中转回扣 received, as typed; empty for none.
    pub rebate: String,
    /// Remarks.
    pub note: String,
}

/// A checked transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRecord {
    /// 中转承运商.
    pub carrier: String,
    /// Its waybill number.
    pub carrier_number: String,
    /// 中转费.
    pub fee_yuan: Decimal,
    /// 中转回扣.
    pub rebate_yuan: Decimal,
    /// Remarks.
    pub note: String,
}

impl TransferDraft {
    /// Checks the draft: carrier and its number required, amounts non-negative.
    pub fn validate(&self) -> Result<TransferRecord, String> {
        let carrier = self.carrier.trim();
        if carrier.is_empty() {
            return Err("请填写中转承运商".to_owned());
        }
        let carrier_number = self.carrier_number.trim();
        if carrier_number.is_empty() {
            return Err("请填写中转承运商的运单号".to_owned());
        }
        if self.fee.trim().is_empty() {
            return Err("请填写中转费（没有请填 0）".to_owned());
        }
        Ok(TransferRecord {
            carrier: carrier.to_owned(),
            carrier_number: carrier_number.to_owned(),
            fee_yuan: optional_amount(&self.fee, "中转费")?,
            rebate_yuan: optional_amount(&self.rebate, "中转回扣")?,
            note: self.note.trim().to_owned(),
        })
    }
}

/// An amount typed in yuan, zero when empty; refused when negative or not a number.
pub(crate) fn optional_amount(text: &str, what: &str) -> Result<Decimal, String> {
    if text.trim().is_empty() {
        return Ok(Decimal::ZERO);
    }
    let value = parse_decimal(text).ok_or_else(|| format!("{what}不是有效的金额"))?;
    if value < Decimal::ZERO {
        return Err(format!("{what}不能为负数"));
    }
    if value > Decimal::from(crate::domain::limits::MAX_MONEY_YUAN) {
        return Err(format!("{what}过大，请复核"));
    }
    Ok(round_yuan(value))
}

/// Checks a piece count typed or chosen for a partial action: 1 up to `left`.
pub fn check_pieces(pieces: u32, left: u32) -> Result<u32, String> {
    if left == 0 {
        return Err("没有剩余件数".to_owned());
    }
    if pieces == 0 || pieces > left.min(MAX_PIECES) {
        return Err(format!("件数应为 1–{left}"));
    }
    Ok(pieces)
}

/// A departed manifest as one station hands it to the next (交接文件): the header, and
/// every waybill on it whole, with the pieces loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestExchange {
    /// The manifest's code, unique across stations (it starts with the station prefix).
    pub code: String,
    /// The loading station's name.
    pub origin: String,
    /// 车牌号.
    pub plate: String,
    /// 司机.
    pub driver_name: String,
    /// 司机电话.
    pub driver_phone: String,
    /// Destination county codes, in route order.
    pub route_codes: Vec<String>,
    /// Destinations as printed.
    pub route_names: Vec<String>,
    /// Planned departure.
    pub departure_at: NaiveDateTime,
    /// 工号 of the clerk who made the manifest.
    pub created_by: String,
    /// When the truck left.
    pub departed_at: NaiveDateTime,
    /// 工号 of the clerk who sent it off.
    pub departed_by: String,
    /// The waybills, in number order.
    pub waybills: Vec<ExchangeWaybill>,
}

/// One waybill of a [`ManifestExchange`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeWaybill {
    /// The waybill as issued.
    pub issued: IssuedWaybill,
    /// Pieces on this truck, ascending.
    pub pieces_loaded: Vec<u32>,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// SHA-256 of `bytes` as 64 lower-case hex digits.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// The hash of a timeline entry: SHA-256 over the previous entry's hash and every
/// field, each length-prefixed, as the alteration history does.
#[must_use]
pub fn event_hash(previous_hash: &str, fields: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in std::iter::once(previous_hash).chain(fields.iter().copied()) {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hex(&hasher.finalize())
}

/// A pieces mismatch found at arrival (多件/少件), as the P10 detector reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PiecesMismatch {
    /// 单号.
    pub number: String,
    /// 工号 of the clerk who issued it (the count on the waybill is theirs).
    pub clerk_id: String,
    /// 件数 on the waybill.
    pub pieces: u32,
    /// The manifest it arrived with.
    pub manifest_code: String,
    /// 多件 or 少件.
    pub kind: Discrepancy,
    /// The pieces concerned.
    pub piece_numbers: Vec<u32>,
    /// When the arrival check recorded it.
    pub found_at: NaiveDateTime,
}

/// An arrival and when the consignee was first told (or the goods left anyway), as the
/// P15 detector reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrivalFacts {
    /// 单号.
    pub number: String,
    /// 工号 of who checked the arrival: notifying is theirs.
    pub staff_id: String,
    /// When it arrived.
    pub arrived_at: NaiveDateTime,
    /// The first notification, pickup, delivery, transfer or return after arrival.
    pub resolved_at: Option<NaiveDateTime>,
}

/// A pickup register row, as the P17 detector reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickupFacts {
    /// Row id.
    pub id: i64,
    /// 单号.
    pub number: String,
    /// 工号 of the clerk who released the goods.
    pub staff_id: String,
    /// When.
    pub at: NaiveDateTime,
    /// An ID number was written.
    pub has_id: bool,
    /// A signature was drawn.
    pub has_signature: bool,
}

/// One clerk's worked day and its 云递安 count, as the P21 detector reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadDay {
    /// 工号.
    pub staff_id: String,
    /// The day.
    pub day: NaiveDate,
    /// Records uploaded.
    pub uploads: u32,
}

/// A waybill's first loading onto a truck, as the P11 detector reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstLoad {
    /// 单号.
    pub number: String,
    /// 工号 of the issuing clerk.
    pub clerk_id: String,
    /// The manifest it was first loaded on.
    pub manifest_code: String,
    /// When.
    pub loaded_at: NaiveDateTime,
    /// A label of it was printed before, or one of its pieces was loaded by scanning.
    pub labelled: bool,
}

/// The dispatch records of one month that the P10, P11, P15, P17 and P21 detectors read,
/// loaded by storage (`Db::dispatch_records`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchRecords {
    /// The moment the records were read: a notification not yet overdue, or a day not
    /// over, is not an event yet.
    pub as_of: NaiveDateTime,
    /// The notification deadline in hours.
    pub notify_within_hours: u32,
    /// Uploads required per worked day.
    pub daily_uploads: u32,
    /// 多件/少件 found at arrival checks in the month.
    pub pieces_mismatches: Vec<PiecesMismatch>,
    /// Arrivals in the month.
    pub arrivals: Vec<ArrivalFacts>,
    /// Pickups registered in the month.
    pub pickups: Vec<PickupFacts>,
    /// Clerks' worked days of the month with their upload counts.
    pub upload_days: Vec<UploadDay>,
    /// Waybills of this station first loaded in the month, with whether their labels
    /// were printed (or scanned) by then.
    pub loads: Vec<FirstLoad>,
    /// The first day kaidan printed any label. **(reading)** P11 applies from that day:
    /// before it labels were made elsewhere. `None`: no P11 is detected.
    pub labels_since: Option<NaiveDate>,
    /// The first day any upload was counted in kaidan. **(reading)** P21 applies from
    /// that day, as P20 does from the first handover: before it the count was kept
    /// elsewhere, and imported clock-in records must not all show as days without
    /// uploads. `None`: no P21 is detected.
    pub uploads_since: Option<NaiveDate>,
}

impl DispatchRecords {
    /// No records, read at `as_of`, with the default settings.
    #[must_use]
    pub fn empty(as_of: NaiveDateTime) -> Self {
        let settings = DispatchSettings::default();
        Self {
            as_of,
            notify_within_hours: settings.notify_within_hours,
            daily_uploads: settings.daily_uploads,
            pieces_mismatches: Vec::new(),
            arrivals: Vec::new(),
            pickups: Vec::new(),
            upload_days: Vec::new(),
            uploads_since: None,
            loads: Vec::new(),
            labels_since: None,
        }
    }
}

fn detected(
    rule: Rule,
    evidence_key: String,
    staff_id: &str,
    day: NaiveDate,
    waybill_number: &str,
    note: String,
) -> DetectedEvent {
    DetectedEvent {
        evidence_key,
        event: PointEvent {
            staff_id: staff_id.to_owned(),
            day,
            code: EventCode::Rule(rule),
            quantity: 1,
            waybill_number: waybill_number.to_owned(),
            note,
            source: EventSource::Detected,
        },
    }
}

/// P10 (DOMAIN.md §7 row 10): a waybill whose pieces at arrival differ from those loaded
/// (多件 or 少件) is one event for its issuing clerk, on the day it was found.
#[must_use]
pub fn detect_pieces_mismatch(month: Month, records: &DispatchRecords) -> Vec<DetectedEvent> {
    let mut by_waybill: BTreeMap<(&str, &str), Vec<&PiecesMismatch>> = BTreeMap::new();
    for m in records
        .pieces_mismatches
        .iter()
        .filter(|m| month.contains(m.found_at.date()))
    {
        by_waybill
            .entry((m.manifest_code.as_str(), m.number.as_str()))
            .or_default()
            .push(m);
    }
    by_waybill
        .into_iter()
        .filter_map(|((manifest, number), found)| {
            let first = found.first()?;
            let what: Vec<String> = found
                .iter()
                .map(|m| {
                    format!(
                        "{} {} 件（第 {} 件）",
                        m.kind.label(),
                        m.piece_numbers.len(),
                        piece_ranges(&m.piece_numbers)
                    )
                })
                .collect();
            Some(detected(
                Rule::P10,
                format!("{manifest}:{number}"),
                &first.clerk_id,
                first.found_at.date(),
                number,
                format!(
                    "运单 {number} 开单 {} 件，清单 {manifest} 到货核对：{}",
                    first.pieces,
                    what.join("，")
                ),
            ))
        })
        .collect()
}

/// P15 (row 15): an arrival whose consignee was told (or whose goods left) later than
/// the setting allows — or not yet, once the deadline has passed — is one event for the
/// clerk who checked the arrival, on the arrival day.
#[must_use]
pub fn detect_late_notification(month: Month, records: &DispatchRecords) -> Vec<DetectedEvent> {
    let within = records.notify_within_hours;
    records
        .arrivals
        .iter()
        .filter(|a| month.contains(a.arrived_at.date()))
        .filter_map(|a| {
            let until = a.resolved_at.unwrap_or(records.as_of);
            let hours = overdue_hours(a.arrived_at, until, within)?;
            let when = match a.resolved_at {
                Some(at) => format!("{} 才通知（{hours} 小时）", at.format("%m-%d %H:%M")),
                None => format!("已等 {hours} 小时仍未通知"),
            };
            Some(detected(
                Rule::P15,
                a.number.clone(),
                &a.staff_id,
                a.arrived_at.date(),
                &a.number,
                format!(
                    "运单 {} {} 到站，{when}，规定 {within} 小时内",
                    a.number,
                    a.arrived_at.format("%m-%d %H:%M")
                ),
            ))
        })
        .collect()
}

/// P17 (row 17): a pickup registered without an ID number or without a signature (rows
/// from before the register enforced both, or from elsewhere) is one event for the clerk
/// who released the goods.
#[must_use]
pub fn detect_unsigned_pickup(month: Month, records: &DispatchRecords) -> Vec<DetectedEvent> {
    records
        .pickups
        .iter()
        .filter(|p| month.contains(p.at.date()) && !(p.has_id && p.has_signature))
        .map(|p| {
            let missing = match (p.has_id, p.has_signature) {
                (false, false) => "未写身份证号也未签名",
                (false, true) => "未写身份证号",
                _ => "未签名",
            };
            detected(
                Rule::P17,
                format!("pickup:{}", p.id),
                &p.staff_id,
                p.at.date(),
                &p.number,
                format!(
                    "运单 {} {} 提货登记{missing}",
                    p.number,
                    p.at.format("%m-%d %H:%M")
                ),
            )
        })
        .collect()
}

/// P21 (row 21): a clerk's worked day with fewer 云递安 uploads than required is one
/// event (−1 per day), once the day is over.
#[must_use]
pub fn detect_missing_uploads(month: Month, records: &DispatchRecords) -> Vec<DetectedEvent> {
    records
        .upload_days
        .iter()
        .filter(|u| {
            month.contains(u.day)
                && records.uploads_since.is_some_and(|since| u.day >= since)
                && u.day < records.as_of.date()
                && u.uploads < records.daily_uploads
        })
        .map(|u| {
            detected(
                Rule::P21,
                format!("{}:{}", u.staff_id, u.day),
                &u.staff_id,
                u.day,
                "",
                format!(
                    "{} 上传云递安 {} 条，要求每天至少 {} 条",
                    u.day, u.uploads, records.daily_uploads
                ),
            )
        })
        .collect()
}

/// P11 (row 11, 货物未贴标签): a waybill loaded onto a truck before any of its labels was
/// printed — and not loaded by scanning a label, which proves the label — is one event
/// for its issuing clerk, on the day it was loaded.
#[must_use]
pub fn detect_unlabelled_loads(month: Month, records: &DispatchRecords) -> Vec<DetectedEvent> {
    records
        .loads
        .iter()
        .filter(|l| {
            month.contains(l.loaded_at.date())
                && records
                    .labels_since
                    .is_some_and(|since| l.loaded_at.date() >= since)
                && !l.labelled
        })
        .map(|l| {
            detected(
                Rule::P11,
                format!("{}:{}", l.manifest_code, l.number),
                &l.clerk_id,
                l.loaded_at.date(),
                &l.number,
                format!(
                    "运单 {} {} 装上清单 {}，此前未打印货签，装车时也未扫描货签",
                    l.number,
                    l.loaded_at.format("%m-%d %H:%M"),
                    l.manifest_code
                ),
            )
        })
        .collect()
}

/// Every dispatch detector over `records`, in rule order, then by day and key.
#[must_use]
pub fn detect_dispatch(month: Month, records: &DispatchRecords) -> Vec<DetectedEvent> {
    let mut out: Vec<DetectedEvent> = [
        detect_pieces_mismatch,
        detect_unlabelled_loads,
        detect_late_notification,
        detect_unsigned_pickup,
        detect_missing_uploads,
    ]
    .iter()
    .flat_map(|detect| detect(month, records))
    .collect();
    out.sort_by(|a, b| {
        (a.event.code, a.event.day, &a.evidence_key).cmp(&(
            b.event.code,
            b.event.day,
            &b.evidence_key,
        ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn life(stage: Stage) -> Life {
        Life { stage, flow: stage }
    }

    /// Every allowed step of DOMAIN.md §3–4, with the stage it leads to.
    #[test]
    fn allowed_steps() {
        use Stage as S;
        let cases = [
            (S::Issued, Step::Load, S::Loaded),
            (S::Loaded, Step::Load, S::Loaded),
            (S::Departed, Step::Load, S::Departed),
            (S::Loaded, Step::Unload, S::Issued),
            (S::Loaded, Step::Depart, S::Departed),
            (S::Departed, Step::Depart, S::Departed),
            (S::Departed, Step::Arrive, S::Arrived),
            (S::Arrived, Step::Arrive, S::Arrived),
            (S::Notified, Step::Arrive, S::Notified),
            (S::Arrived, Step::Notify, S::Notified),
            (S::Notified, Step::Notify, S::Notified),
            (S::Arrived, Step::PickUp { complete: true }, S::PickedUp),
            (S::Notified, Step::PickUp { complete: true }, S::PickedUp),
            (S::Notified, Step::PickUp { complete: false }, S::Notified),
            (S::Notified, Step::SendOut, S::Notified),
            (S::Notified, Step::Deliver, S::Delivered),
            (S::Arrived, Step::Deliver, S::Delivered),
            (S::Issued, Step::Transfer, S::Transferred),
            (S::Notified, Step::Transfer, S::Transferred),
            (S::Issued, Step::Return, S::Returned),
            (S::Arrived, Step::Return, S::Returned),
            (S::Issued, Step::Void, S::Void),
        ];
        for (from, step, to) in cases {
            let after = life(from).after(step);
            assert_eq!(after.map(|l| l.stage), Ok(to), "{from:?} {step:?}");
        }
    }

    /// Impossible steps are refused with a reason naming the stage.
    #[test]
    fn refused_steps() {
        use Stage as S;
        let cases = [
            (S::Issued, Step::PickUp { complete: true }, "还没到站"),
            (S::Departed, Step::PickUp { complete: false }, "还没到站"),
            (S::Loaded, Step::Deliver, "还没到站"),
            (S::Departed, Step::Notify, "还没到站"),
            (S::Loaded, Step::Void, "请先从发车清单卸车"),
            (S::Departed, Step::Void, "已离开本站"),
            (S::Issued, Step::Depart, "请先扫描装车"),
            (S::Issued, Step::Arrive, "车还没有发出"),
            (S::Arrived, Step::Load, "已离开本站仓库"),
            (S::Departed, Step::Unload, "不能卸车"),
            (S::PickedUp, Step::PickUp { complete: true }, "已经交付"),
            (S::Delivered, Step::Notify, "已经交付"),
            (S::Transferred, Step::Deliver, "已经交付"),
            (S::Loaded, Step::Return, "卸车"),
            (S::Departed, Step::Transfer, "在途"),
            (S::Void, Step::Load, "已作废"),
            (S::Void, Step::Exception, "已作废"),
            (S::Void, Step::Void, "已作废"),
        ];
        for (from, step, words) in cases {
            let refused = life(from).after(step).unwrap_err();
            assert!(
                refused.reason.contains(words),
                "{from:?} {step:?}: {}",
                refused.reason
            );
            assert_eq!(refused.stage, from);
        }
        let refused = life(S::Issued)
            .after(Step::PickUp { complete: true })
            .unwrap_err();
        assert_eq!(
            refused.to_string(),
            "运单已开单，不能提货：货物还没到站，到站核对后才能放货"
        );
    }

    /// An exception keeps the flow: a delayed truck still arrives, and after a damage
    /// report at the far end the goods can still be collected.
    #[test]
    fn exceptions_keep_the_flow() {
        let delayed = life(Stage::Departed).after(Step::Exception).unwrap();
        assert_eq!(
            delayed,
            Life {
                stage: Stage::Exception,
                flow: Stage::Departed
            }
        );
        assert_eq!(
            delayed.after(Step::Arrive).unwrap(),
            life(Stage::Arrived),
            "arrives after the delay"
        );
        assert!(delayed.after(Step::PickUp { complete: true }).is_err());
        let twice = delayed.after(Step::Exception).unwrap();
        assert_eq!(twice.flow, Stage::Departed);
        let after_pickup = life(Stage::PickedUp).after(Step::Exception).unwrap();
        assert!(after_pickup.after(Step::Notify).is_err());
    }

    #[test]
    fn stage_labels_round_trip() {
        for stage in Stage::ALL {
            assert_eq!(Stage::from_label(stage.label()), Some(stage));
        }
        assert!(Stage::PickedUp.is_final());
        assert!(!Stage::Notified.is_final());
    }

    #[test]
    fn scan_codes() {
        let cases = [
            ("GZ26112300070001", Some(("GZ2611230007", 1))),
            (" gz26112300070012\r\n", Some(("GZ2611230007", 12))),
            ("GZ26112300079999", Some(("GZ2611230007", 9999))),
            ("GZ26112300070000", None),
            ("0001", None),
            ("GZ2611230007000A", None),
            ("GZ-2611230007-0001", None),
            ("", None),
        ];
        for (typed, expected) in cases {
            let parsed = ScanCode::parse(typed);
            assert_eq!(
                parsed.as_ref().map(|c| (c.number.as_str(), c.piece)),
                expected,
                "{typed:?}"
            );
        }
        let code = ScanCode::parse("GZ26112300070012").unwrap();
        assert_eq!(code.code(), "GZ26112300070012");
    }

    fn facts<'a>(
        scan: &'a ScanCode,
        waybill: Option<LoadWaybill<'a>>,
        route: &'a [String],
    ) -> LoadFacts<'a> {
        LoadFacts {
            manifest_code: "GZF26112301",
            manifest_departed: false,
            route_codes: route,
            route_names: "湘潭市 湘潭县",
            scan,
            waybill,
            on_this_manifest: false,
            on_other_manifest: None,
        }
    }

    /// A loading scan: accepted, or refused at once for each reason of the issue.
    #[test]
    fn loading_scans_are_judged() {
        type Edit = fn(&mut LoadFacts<'_>);
        let route = vec!["430321".to_owned()];
        let scan = ScanCode::parse("GZ26112300070003").unwrap();
        let waybill = LoadWaybill {
            pieces: 12,
            dest_code: "430321",
            dest_name: "湘潭市 湘潭县",
            void: false,
            life: Life::ISSUED,
        };
        assert_eq!(
            judge_load(&facts(&scan, Some(waybill), &route)),
            Ok(life(Stage::Loaded))
        );
        let cases: [(&str, Edit, &str); 8] = [
            ("unknown", |f| f.waybill = None, "找不到运单"),
            (
                "void",
                |f| {
                    if let Some(w) = f.waybill.as_mut() {
                        w.void = true;
                    }
                },
                "已作废",
            ),
            (
                "too many pieces",
                |f| {
                    if let Some(w) = f.waybill.as_mut() {
                        w.pieces = 2;
                    }
                },
                "只有 2 件",
            ),
            ("duplicate", |f| f.on_this_manifest = true, "重复扫描"),
            (
                "other truck",
                |f| f.on_other_manifest = Some("GZF26112201"),
                "GZF26112201",
            ),
            (
                "wrong destination",
                |f| {
                    if let Some(w) = f.waybill.as_mut() {
                        w.dest_code = "430121";
                        w.dest_name = "长沙市 长沙县";
                    }
                },
                "到站不符",
            ),
            (
                "delivered",
                |f| {
                    if let Some(w) = f.waybill.as_mut() {
                        w.life = Life {
                            stage: Stage::PickedUp,
                            flow: Stage::PickedUp,
                        };
                    }
                },
                "已提货",
            ),
            ("locked", |f| f.manifest_departed = true, "已发车锁定"),
        ];
        for (name, edit, words) in cases {
            let mut f = facts(&scan, Some(waybill), &route);
            edit(&mut f);
            let refusal = judge_load(&f).unwrap_err();
            assert!(refusal.to_string().contains(words), "{name}: {refusal}");
        }
    }

    #[test]
    fn plates() {
        for (typed, normal) in [
            ("湘C12345", "湘C12345"),
            ("湘c 12345", "湘C12345"),
            ("粤A·D12345", "粤AD12345"),
            ("粤B-12345挂", "粤B12345挂"),
        ] {
            assert_eq!(normalize_plate(typed).as_deref(), Ok(normal), "{typed}");
        }
        for bad in [
            "",
            "C12345",
            "湘12345",
            "湘C1234",
            "湘C1234567",
            "AB12345",
            "粤B1234挂",
        ] {
            assert!(normalize_plate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn manifest_header() {
        let draft = ManifestDraft {
            plate: "湘c12345".into(),
            driver_name: "王师傅".into(),
            driver_phone: "139 1234 5678".into(),
            route_codes: vec!["430321".into(), "430302".into(), "430321".into()],
            departure: "2026/11/23 18:00".into(),
        };
        let header = draft.validate(Divisions::bundled()).unwrap();
        assert_eq!(header.plate, "湘C12345");
        assert_eq!(header.route_codes, ["430321", "430302"]);
        assert_eq!(header.route_names[0], "湘潭市 湘潭县");
        assert_eq!(header.driver_phone.as_str(), "13912345678");
        let errors = ManifestDraft::default()
            .validate(Divisions::bundled())
            .unwrap_err();
        let fields: Vec<ManifestField> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                ManifestField::Plate,
                ManifestField::Driver,
                ManifestField::DriverPhone,
                ManifestField::Route,
                ManifestField::Departure
            ]
        );
        let bad_code = ManifestDraft {
            route_codes: vec!["430300".into()],
            ..draft
        };
        assert_eq!(
            bad_code.validate(Divisions::bundled()).unwrap_err()[0].field,
            ManifestField::Route
        );
    }

    fn line(number: &str, pieces: u32, loaded: u32, weight: &str, collect: &str) -> ManifestLine {
        ManifestLine {
            number: number.into(),
            dest_code: "430321".into(),
            dest_name: "湘潭市 湘潭县".into(),
            consignee_name: "李记".into(),
            consignee_phone: "13912345678".into(),
            goods_name: "服装".into(),
            pieces,
            pieces_loaded: loaded,
            weight_kg: d(weight),
            volume_m3: d("1.2"),
            collect_yuan: d(collect),
            controlled_release: false,
        }
    }

    /// Totals count pieces on the truck; a partly loaded waybill weighs its share and
    /// is marked 单票未装完 with the count left.
    #[test]
    fn totals_and_partial_loads() {
        let lines = [
            line("A", 12, 12, "300", "255"),
            line("B", 10, 7, "100", "0"),
            line("C", 3, 0, "90", "80"),
        ];
        let totals = ManifestTotals::of(&lines);
        assert_eq!(totals.waybills, 2);
        assert_eq!(totals.pieces_loaded, 19);
        assert_eq!(totals.pieces, 22);
        assert_eq!(totals.partial_waybills, 1);
        assert_eq!(totals.weight_kg, d("370"));
        assert_eq!(totals.volume_m3, d("2.04"));
        assert_eq!(totals.collect_yuan, d("255"));
        assert_eq!(
            lines[1].partial_mark().as_deref(),
            Some("单票未装完，余 3 件")
        );
        assert_eq!(lines[0].partial_mark(), None);
    }

    #[test]
    fn departure_of_an_empty_manifest_is_refused() {
        let empty = ManifestTotals::default();
        assert!(
            check_departure("GZF26112301", false, &empty)
                .unwrap_err()
                .contains("还没有装任何货物")
        );
        let loaded = ManifestTotals::of(&[line("A", 1, 1, "10", "0")]);
        assert_eq!(check_departure("GZF26112301", false, &loaded), Ok(()));
        assert!(check_departure("GZF26112301", true, &loaded).is_err());
    }

    #[test]
    fn arrival_piece_check() {
        let check = PieceCheck {
            loaded: [1, 2, 3, 4, 5].into(),
            received: [1, 2, 5, 6].into(),
        };
        assert_eq!(check.missing(), [3, 4]);
        assert_eq!(check.extra(), [6]);
        assert!(!check.matches());
        assert_eq!(piece_ranges(&[1, 2, 3, 7, 9, 10]), "1–3, 7, 9–10");
        assert_eq!(piece_ranges(&[]), "");
    }

    #[test]
    fn notification_deadline() {
        let at = |h: u32| {
            NaiveDate::from_ymd_opt(2026, 11, 23)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        assert_eq!(overdue_hours(at(8), at(19), 12), None);
        assert_eq!(overdue_hours(at(8), at(20), 12), None, "exactly in time");
        assert_eq!(overdue_hours(at(8), at(21), 12), Some(13));
        assert_eq!(
            manifest_code("GZF", NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), 1),
            "GZF26112301"
        );
    }

    #[test]
    fn exceptions_and_transfers() {
        let draft = ExceptionDraft {
            kind: ExceptionKind::Damage,
            responsible: "装卸".into(),
            note: "第 3 件外箱压坏".into(),
            claim: "200".into(),
        };
        assert_eq!(draft.validate().unwrap().claim_yuan, d("200.00"));
        let no_note = ExceptionDraft {
            note: " ".into(),
            ..draft.clone()
        };
        assert!(no_note.validate().unwrap_err().contains("破损"));
        let negative = ExceptionDraft {
            claim: "-5".into(),
            ..draft
        };
        assert!(negative.validate().is_err());
        let transfer = TransferDraft {
            carrier: "顺心物流".into(),
            carrier_number: "SX123456".into(),
            fee: "80".into(),
            rebate: "10".into(),
            note: String::new(),
        };
        let record = transfer.validate().unwrap();
        assert_eq!(
            (record.fee_yuan, record.rebate_yuan),
            (d("80.00"), d("10.00"))
        );
        for edit in [
            |t: &mut TransferDraft| t.carrier.clear(),
            |t: &mut TransferDraft| t.carrier_number.clear(),
            |t: &mut TransferDraft| t.fee.clear(),
            |t: &mut TransferDraft| t.rebate = "x".into(),
        ] {
            let mut t = transfer.clone();
            edit(&mut t);
            assert!(t.validate().is_err(), "{t:?}");
        }
        assert_eq!(check_pieces(3, 5), Ok(3));
        assert!(check_pieces(0, 5).is_err());
        assert!(check_pieces(6, 5).is_err());
        assert!(check_pieces(1, 0).is_err());
    }
    #[test]
    fn event_hashes_chain() {
        let a = event_hash("0", &["GZ1", "2026-11-23 09:00:00", "A01", "装车"]);
        assert_eq!(a.len(), 64);
        assert_ne!(
            a,
            event_hash("1", &["GZ1", "2026-11-23 09:00:00", "A01", "装车"])
        );
        assert_ne!(
            a,
            event_hash("0", &["GZ", "12026-11-23 09:00:00", "A01", "装车"])
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
    fn time(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn records() -> DispatchRecords {
        DispatchRecords {
            pieces_mismatches: vec![
                PiecesMismatch {
                    number: "GZ1".into(),
                    clerk_id: "A01".into(),
                    pieces: 5,
                    manifest_code: "GZF26112301".into(),
                    kind: Discrepancy::Missing,
                    piece_numbers: vec![4, 5],
                    found_at: time("2026-11-24 08:00"),
                },
                PiecesMismatch {
                    number: "GZ1".into(),
                    clerk_id: "A01".into(),
                    pieces: 5,
                    manifest_code: "GZF26112301".into(),
                    kind: Discrepancy::Extra,
                    piece_numbers: vec![6],
                    found_at: time("2026-11-24 08:00"),
                },
                PiecesMismatch {
                    number: "GZ9".into(),
                    clerk_id: "A01".into(),
                    pieces: 1,
                    manifest_code: "GZF26103101".into(),
                    kind: Discrepancy::Missing,
                    piece_numbers: vec![1],
                    found_at: time("2026-10-31 08:00"),
                },
            ],
            arrivals: vec![
                ArrivalFacts {
                    number: "GZ2".into(),
                    staff_id: "B02".into(),
                    arrived_at: time("2026-11-24 08:00"),
                    resolved_at: Some(time("2026-11-24 20:00")),
                },
                ArrivalFacts {
                    number: "GZ3".into(),
                    staff_id: "B02".into(),
                    arrived_at: time("2026-11-24 08:00"),
                    resolved_at: Some(time("2026-11-24 21:00")),
                },
                ArrivalFacts {
                    number: "GZ4".into(),
                    staff_id: "B02".into(),
                    arrived_at: time("2026-11-29 08:00"),
                    resolved_at: None,
                },
                ArrivalFacts {
                    number: "GZ5".into(),
                    staff_id: "B02".into(),
                    arrived_at: time("2026-11-30 12:00"),
                    resolved_at: None,
                },
            ],
            pickups: vec![
                PickupFacts {
                    id: 1,
                    number: "GZ6".into(),
                    staff_id: "B02".into(),
                    at: time("2026-11-25 10:00"),
                    has_id: true,
                    has_signature: true,
                },
                PickupFacts {
                    id: 2,
                    number: "GZ7".into(),
                    staff_id: "B02".into(),
                    at: time("2026-11-25 11:00"),
                    has_id: false,
                    has_signature: true,
                },
                PickupFacts {
                    id: 3,
                    number: "GZ8".into(),
                    staff_id: "B02".into(),
                    at: time("2026-11-25 12:00"),
                    has_id: true,
                    has_signature: false,
                },
            ],
            upload_days: vec![
                UploadDay {
                    staff_id: "A01".into(),
                    day: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                    uploads: 5,
                },
                UploadDay {
                    staff_id: "A01".into(),
                    day: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
                    uploads: 4,
                },
                UploadDay {
                    staff_id: "B02".into(),
                    day: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
                    uploads: 0,
                },
                // Today is not over yet.
                UploadDay {
                    staff_id: "A01".into(),
                    day: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                    uploads: 0,
                },
            ],
            uploads_since: NaiveDate::from_ymd_opt(2026, 11, 2),
            ..DispatchRecords::empty(time("2026-11-30 18:00"))
        }
    }

    /// P11: a waybill loaded before any label of it was printed, and not by scanning one,
    /// is one event for its issuing clerk; from the first label kaidan printed on.
    #[test]
    fn p11_loaded_without_labels() {
        let month: Month = "2026-11".parse().unwrap();
        let load = |number: &str, at: &str, labelled: bool| FirstLoad {
            number: number.into(),
            clerk_id: "A01".into(),
            manifest_code: "GZF26112001".into(),
            loaded_at: time(at),
            labelled,
        };
        let records = DispatchRecords {
            loads: vec![
                // Before kaidan printed any label: labels were made elsewhere.
                load("GZ01", "2026-11-01 18:00", false),
                load("GZ02", "2026-11-20 18:00", false),
                load("GZ03", "2026-11-20 18:05", true),
                // Another month.
                load("GZ04", "2026-12-01 09:00", false),
            ],
            labels_since: NaiveDate::from_ymd_opt(2026, 11, 10),
            ..DispatchRecords::empty(time("2026-12-01 10:00"))
        };
        let found = detect_unlabelled_loads(month, &records);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].event.code, EventCode::Rule(Rule::P11));
        assert_eq!(found[0].event.waybill_number, "GZ02");
        assert_eq!(found[0].event.staff_id, "A01");
        assert!(
            found[0].event.note.contains("未打印货签"),
            "{}",
            found[0].event.note
        );
        let none = DispatchRecords {
            labels_since: None,
            ..records
        };
        assert!(detect_unlabelled_loads(month, &none).is_empty());
    }

    /// P10, P15, P17 and P21 found in the dispatch records, one event per waybill, pickup
    /// or day, with the evidence in the note.
    #[test]
    fn dispatch_detectors() {
        let month: Month = "2026-11".parse().unwrap();
        let found = detect_dispatch(month, &records());
        let summary: Vec<(String, &str, &str)> = found
            .iter()
            .map(|f| {
                (
                    f.event.code.code().to_owned(),
                    f.event.staff_id.as_str(),
                    f.evidence_key.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("P10".to_owned(), "A01", "GZF26112301:GZ1"),
                ("P15".to_owned(), "B02", "GZ3"),
                ("P15".to_owned(), "B02", "GZ4"),
                ("P17".to_owned(), "B02", "pickup:2"),
                ("P17".to_owned(), "B02", "pickup:3"),
                ("P21".to_owned(), "A01", "A01:2026-11-03"),
                ("P21".to_owned(), "B02", "B02:2026-11-03"),
            ]
        );
        assert_eq!(
            found[0].event.note,
            "运单 GZ1 开单 5 件，清单 GZF26112301 到货核对：少件 2 件（第 4–5 件），多件 1 件（第 6 件）"
        );
        assert_eq!(found[0].event.waybill_number, "GZ1");
        assert!(
            found[1].event.note.contains("才通知（13 小时）"),
            "{}",
            found[1].event.note
        );
        assert!(
            found[2].event.note.contains("仍未通知"),
            "{}",
            found[2].event.note
        );
        assert!(found[3].event.note.contains("未写身份证号"));
        assert!(found[4].event.note.contains("未签名"));
        assert!(found[5].event.note.contains("4 条"));
        assert!(
            found
                .iter()
                .all(|f| f.event.source == EventSource::Detected)
        );
    }
}
