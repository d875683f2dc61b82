//! Settings of the station that the rules and documents read: who the station is, how
//! waybills are numbered, the premium, and how waybills and labels are printed. Plain
//! data with serde; storage keeps them in the database so every counter PC agrees.

use crate::domain::rates::FeeSettings;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The desk's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeskSettings {
    /// Company name printed on the waybill.
    pub company_name: String,
    /// This station's name (起运站), e.g. 广州白云站.
    pub station_name: String,
    /// Station phone printed on the waybill.
    pub station_phone: String,
    /// Prefix of waybill numbers, e.g. GZ.
    pub number_prefix: String,
    /// Premium rate and minimum.
    pub fees: FeeSettings,
}

impl Default for DeskSettings {
    fn default() -> Self {
        Self {
            company_name: "广州市每地达物流有限公司".to_owned(),
            station_name: "广州站".to_owned(),
            station_phone: String::new(),
            number_prefix: "GZ".to_owned(),
            fees: FeeSettings::default(),
        }
    }
}

/// Paper of the waybill printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum WaybillPaper {
    /// 241 × 140 mm continuous form of dot-matrix printers (the common size).
    #[default]
    Continuous241x140,
    /// A5 landscape, 210 × 148 mm.
    A5Landscape,
    /// A4 portrait, 210 × 297 mm.
    A4,
}

impl WaybillPaper {
    /// Every paper, in the order of the settings page.
    pub const ALL: [Self; 3] = [Self::Continuous241x140, Self::A5Landscape, Self::A4];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Continuous241x140 => "241×140 连续纸",
            Self::A5Landscape => "A5 横向",
            Self::A4 => "A4",
        }
    }

    /// Width and height in mm.
    #[must_use]
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Self::Continuous241x140 => (241.0, 140.0),
            Self::A5Landscape => (210.0, 148.0),
            Self::A4 => (210.0, 297.0),
        }
    }
}

/// Size of the thermal label stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum LabelSize {
    /// 100 × 100 mm.
    #[default]
    S100x100,
    /// 100 × 150 mm.
    S100x150,
    /// 76 × 130 mm.
    S76x130,
    /// 80 × 60 mm.
    S80x60,
}

impl LabelSize {
    /// Every size.
    pub const ALL: [Self; 4] = [Self::S100x100, Self::S100x150, Self::S76x130, Self::S80x60];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::S100x100 => "100×100",
            Self::S100x150 => "100×150",
            Self::S76x130 => "76×130",
            Self::S80x60 => "80×60",
        }
    }

    /// Width and height in mm.
    #[must_use]
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Self::S100x100 => (100.0, 100.0),
            Self::S100x150 => (100.0, 150.0),
            Self::S76x130 => (76.0, 130.0),
            Self::S80x60 => (80.0, 60.0),
        }
    }
}

/// How waybills and labels are printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrintSettings {
    /// Waybill paper.
    pub paper: WaybillPaper,
    /// The copies (联) printed, one page each, in order.
    pub copies: Vec<String>,
    /// Overlay mode (套打): print only the values onto pre-printed forms.
    pub overlay: bool,
    /// Overlay calibration: shift right, in mm (negative: left).
    pub offset_x_mm: Decimal,
    /// Overlay calibration: shift down, in mm (negative: up).
    pub offset_y_mm: Decimal,
    /// Terms printed at the foot of the waybill.
    pub terms: String,
    /// Label stock.
    pub label_size: LabelSize,
    /// Print a QR code on labels too.
    pub label_qr: bool,
    /// Printer for waybills (empty: the system default).
    pub waybill_printer: String,
    /// Printer for labels (empty: the system default).
    pub label_printer: String,
}

impl Default for PrintSettings {
    fn default() -> Self {
        Self {
            paper: WaybillPaper::default(),
            copies: ["存根联", "财务联", "收货人联", "发货人联"].map(str::to_owned).to_vec(),
            overlay: false,
            offset_x_mm: Decimal::ZERO,
            offset_y_mm: Decimal::ZERO,
            terms: "托运人须如实申报货物品名、件数、重量及价值，不得夹带危险品及违禁品。未保价货物丢失按运费三倍以内赔偿；保价货物保丢不保损。货物到站后七日内未提，按日收取保管费。".to_owned(),
            label_size: LabelSize::default(),
            label_qr: false,
            waybill_printer: String::new(),
            label_printer: String::new(),
        }
    }
}
