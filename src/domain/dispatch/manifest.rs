//! The dispatch manifest (发车清单) of one truck: its header as typed (plate, driver, route,
//! departure), its lines and totals, and its code.

use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::phone::Phone;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
