//! Loading a truck: what a scanned label says, and the judgement of each scan or whole
//! waybill put on a manifest.

use super::{Life, Stage, Step};
use serde::{Deserialize, Serialize};

/// A scanned label: the waybill number and the piece (the last four digits), as
/// [`crate::documents::desk::labels::label_code`] writes them.
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
    /// The waybill was issued at another station sharing the database: its goods are
    /// in that station's warehouse, not on this station's trucks.
    #[error("运单 {number} 是{station}开的单，不在本站库存，不能装上本站的车")]
    OtherStation {
        /// 单号.
        number: String,
        /// The station that issued it.
        station: String,
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
    /// The station that issued the waybill, when it is not the manifest's.
    pub other_station: Option<&'a str>,
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
    if let Some(station) = facts.other_station {
        return Err(ScanRefusal::OtherStation {
            number: number.clone(),
            station: station.to_owned(),
        });
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

/// What to say about goods still in stock (not departed) whose waybill asks them to
/// arrive by `required` (要求到货日期, issue 18 item 1), on `today`: past it, or due by
/// tomorrow while still here — they will not make it. `None` otherwise.
#[must_use]
pub fn arrival_alert(
    required: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> Option<String> {
    let required = required?;
    let day = required.format("%m-%d");
    if required < today {
        Some(format!("已过要求到货日期 {day}"))
    } else if required <= today + chrono::Duration::days(1) {
        Some(format!("要求 {day} 到货，仍未发车"))
    } else {
        None
    }
}

#[cfg(test)]
mod alert_tests {
    use super::arrival_alert;
    use chrono::NaiveDate;

    #[test]
    fn goods_that_will_not_arrive_in_time_are_flagged() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d);
        assert_eq!(arrival_alert(None, today), None);
        assert_eq!(arrival_alert(day(26), today), None);
        assert_eq!(
            arrival_alert(day(24), today).as_deref(),
            Some("要求 11-24 到货，仍未发车")
        );
        assert_eq!(
            arrival_alert(day(23), today).as_deref(),
            Some("要求 11-23 到货，仍未发车")
        );
        assert_eq!(
            arrival_alert(day(22), today).as_deref(),
            Some("已过要求到货日期 11-22")
        );
    }
}
