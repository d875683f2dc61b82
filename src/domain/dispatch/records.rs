//! The dispatch records of a month and the detectors that read them (P10, P11, P15, P17,
//! P21).

use super::{Discrepancy, DispatchSettings, overdue_hours, piece_ranges};
use crate::domain::people::Month;
use crate::domain::people::points::{DetectedEvent, EventCode, EventSource, PointEvent, Rule};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeMap;

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
            charge_yuan: None,
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
    DetectedEvent::sort(&mut out);
    out
}
