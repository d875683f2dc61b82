//! Detection (DOMAIN.md §7): the rules whose events kaidan finds in its own records
//! rather than a person entering them. Storage loads one month's [`MonthRecords`]; each
//! [`Detector`] reads the part it needs (waybills for P8, alterations for P2, P3 and P5,
//! shifts and handovers for P20,
//! the dispatch registers for P10, P11, P15, P17, P21, the service log for P14) and
//! yields [`DetectedEvent`]s. The rules and the event types stay in
//! [`crate::domain::people::points`], which knows nothing of the records; the area detectors
//! live beside their records (`domain::dispatch`, `domain::service`).

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use crate::domain::money::format_yuan;
use crate::domain::people::attendance::ShiftKey;
use crate::domain::people::points::{DetectedEvent, EventCode, EventSource, PointEvent, Rule};
use crate::domain::people::{Month, Role};

/// A waybill as detectors see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaybillFacts {
    /// 单号.
    pub number: String,
    /// 工号 of the issuing clerk.
    pub clerk_id: String,
    /// When issued.
    pub issued_at: NaiveDateTime,
    /// Freight charged.
    pub freight_yuan: Decimal,
    /// Freight by the rate table, if the table priced it.
    pub rate_freight_yuan: Option<Decimal>,
    /// 短收: how much the freight falls short of the rate table.
    pub short_charge_yuan: Decimal,
}

/// A worked shift as the handover detector sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkedShift {
    /// Whose shift, which day, which shift.
    pub key: ShiftKey,
    /// The person's 岗位.
    pub role: Role,
}

/// The records of one month that detectors read: a read-only view loaded by storage.
/// The dispatch work adds what its detectors need (loading lists, notifications …) as
/// further fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRecords {
    /// The month.
    pub month: Month,
    /// Waybills issued in the month, not void, charged below the rate table.
    pub short_charged: Vec<WaybillFacts>,
    /// Shifts worked in the month: clock-in records of 早班/中班/晚班 with at least one
    /// punch.
    pub worked_shifts: Vec<WorkedShift>,
    /// The shifts with a handover record.
    pub handovers: BTreeSet<ShiftKey>,
    /// The first day any handover was recorded in kaidan. **(reading)** P20 applies from
    /// that day: before it the station kept its handovers elsewhere (on paper), and a
    /// database of imported clock-in records must not show every shift as missing its
    /// handover. `None` (no handover ever recorded): no P20 is detected.
    pub handovers_since: Option<NaiveDate>,
    /// What the dispatch detectors (P10, P15, P17, P21) read.
    pub dispatch: crate::domain::dispatch::DispatchRecords,
    /// The questions and complaints log the P14 detector reads.
    pub service: crate::domain::service::ServiceRecords,
    /// The month's alterations of waybills, which P2, P3 and P5 read.
    pub alterations: Vec<crate::domain::desk::alteration::AlterationFacts>,
    /// The month's re-weighs, which P9 reads.
    pub reweighs: Vec<crate::domain::desk::reweigh::ReweighFacts>,
}

/// A rule that finds point events in the records themselves.
#[derive(Debug, Clone, Copy)]
pub struct Detector {
    /// The rule it finds events of.
    pub rule: Rule,
    /// What it looks for, in Chinese, for the review screen.
    pub description: &'static str,
    /// Finds the month's events.
    pub detect: fn(&MonthRecords) -> Vec<DetectedEvent>,
}

/// Every detector, in rule order.
pub const DETECTORS: &[Detector] = &[
    Detector {
        rule: Rule::P2,
        description: "开单后修改了收货方或收货方电话的运单，每票一次，记开单员（客户改主意的由主管撤销）",
        detect: |r| wrong_entries(r, Rule::P2),
    },
    Detector {
        rule: Rule::P3,
        description: "开单后修改了到站的运单，每票一次，记开单员",
        detect: |r| wrong_entries(r, Rule::P3),
    },
    Detector {
        rule: Rule::P5,
        description: "开单后修改了付款方式的运单，每票一次，记开单员",
        detect: |r| wrong_entries(r, Rule::P5),
    },
    Detector {
        rule: Rule::P8,
        description: "运费低于报价表（短收）的运单，每票一次",
        detect: detect_short_charge,
    },
    Detector {
        rule: Rule::P9,
        description: "复秤重量或体积与开单相差超过 10% 的运单，每票一次，记开单员（少收的运费记为应扣费用）",
        detect: |r| crate::domain::desk::reweigh::detect_wrong_measures(r.month, &r.reweighs),
    },
    Detector {
        rule: Rule::P10,
        description: "到货核对多件或少件（收货件数与开单件数不符）的运单，每票一次，记开单员",
        detect: |r| crate::domain::dispatch::detect_pieces_mismatch(r.month, &r.dispatch),
    },
    Detector {
        rule: Rule::P14,
        description: "咨询投诉超过设定小时数才答复（或仍未答复），每条一次，记处理人",
        detect: |r| crate::domain::service::detect_late_answers(r.month, &r.service),
    },
    Detector {
        rule: Rule::P11,
        description: "装车前未打印货签（装车时也未扫描货签）的运单，每票一次，记开单员",
        detect: |r| crate::domain::dispatch::detect_unlabelled_loads(r.month, &r.dispatch),
    },
    Detector {
        rule: Rule::P15,
        description: "到站后超过设定小时数才通知（或仍未通知）收货方的运单，每票一次，记到货核对人",
        detect: |r| crate::domain::dispatch::detect_late_notification(r.month, &r.dispatch),
    },
    Detector {
        rule: Rule::P17,
        description: "提货登记缺身份证号或签名，每次一次，记放货人",
        detect: |r| crate::domain::dispatch::detect_unsigned_pickup(r.month, &r.dispatch),
    },
    Detector {
        rule: Rule::P20,
        description: "开单员上了班（有打卡）却没有交接记录的班次，每班一次",
        detect: detect_missing_handover,
    },
    Detector {
        rule: Rule::P21,
        description: "开单员上班当天上传云递安不足规定条数（默认 5 条），每天一次",
        detect: |r| crate::domain::dispatch::detect_missing_uploads(r.month, &r.dispatch),
    },
];

fn wrong_entries(records: &MonthRecords, rule: Rule) -> Vec<DetectedEvent> {
    crate::domain::desk::alteration::detect_wrong_entries(records.month, &records.alterations, rule)
}

/// Runs every detector over `records`; findings in rule order, then by day and key.
#[must_use]
pub fn detect_all(records: &MonthRecords) -> Vec<DetectedEvent> {
    let mut out: Vec<DetectedEvent> = DETECTORS
        .iter()
        .flat_map(|detector| (detector.detect)(records))
        .collect();
    DetectedEvent::sort(&mut out);
    out
}

/// P8 (DOMAIN.md §7 row 8): each waybill of the month charged below the rate table is
/// one event for its clerk, with the waybill as evidence.
fn detect_short_charge(records: &MonthRecords) -> Vec<DetectedEvent> {
    records
        .short_charged
        .iter()
        .filter(|w| {
            w.short_charge_yuan > Decimal::ZERO && records.month.contains(w.issued_at.date())
        })
        .map(|w| {
            let rate = w
                .rate_freight_yuan
                .map_or_else(|| "—".to_owned(), format_yuan);
            DetectedEvent {
                evidence_key: w.number.clone(),
                event: PointEvent {
                    staff_id: w.clerk_id.clone(),
                    day: w.issued_at.date(),
                    code: EventCode::Rule(Rule::P8),
                    quantity: 1,
                    waybill_number: w.number.clone(),
                    note: format!(
                        "运单 {} 运费 {} 元，报价表 {rate} 元，短收 {} 元",
                        w.number,
                        format_yuan(w.freight_yuan),
                        format_yuan(w.short_charge_yuan)
                    ),
                    source: EventSource::Detected,
                    // 制度第八条: the clerk bears the shortfall.
                    charge_yuan: Some(w.short_charge_yuan),
                },
            }
        })
        .collect()
}

/// P20 (DOMAIN.md §6, §7 row 20): each shift a 开单员 worked (a clock-in record of
/// 早班/中班/晚班 with at least one punch) in the month without a handover record is one
/// event, with the date and shift as evidence; only from the first handover ever
/// recorded (see [`MonthRecords::handovers_since`]).
fn detect_missing_handover(records: &MonthRecords) -> Vec<DetectedEvent> {
    let Some(since) = records.handovers_since else {
        return Vec::new();
    };
    records
        .worked_shifts
        .iter()
        .filter(|w| {
            w.role == Role::Clerk
                && w.key.day >= since
                && records.month.contains(w.key.day)
                && !records.handovers.contains(&w.key)
        })
        .map(|w| DetectedEvent {
            evidence_key: format!(
                "{} {} {}",
                w.key.staff_id,
                w.key.day.format("%Y-%m-%d"),
                w.key.shift.label()
            ),
            event: PointEvent {
                staff_id: w.key.staff_id.clone(),
                day: w.key.day,
                code: EventCode::Rule(Rule::P20),
                quantity: 1,
                waybill_number: String::new(),
                note: format!(
                    "{} {} 上班有打卡，无交接记录",
                    w.key.day.format("%m-%d"),
                    w.key.shift.label()
                ),
                source: EventSource::Detected,
                charge_yuan: None,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::attendance::ShiftKind;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn facts(number: &str, at: &str, short: &str) -> WaybillFacts {
        WaybillFacts {
            number: number.into(),
            clerk_id: "A01".into(),
            issued_at: NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M").unwrap(),
            freight_yuan: d("200"),
            rate_freight_yuan: Some(d("200") + d(short)),
            short_charge_yuan: d(short),
        }
    }

    /// P8: one event per short-charged waybill of the month, with the waybill as evidence.
    #[test]
    fn p8_short_charge_is_detected_per_waybill() {
        let records = MonthRecords {
            month: "2026-11".parse().unwrap(),
            short_charged: vec![
                facts("GZ0002", "2026-11-21 10:00", "55"),
                facts("GZ0001", "2026-11-20 09:15", "0.5"),
                facts("GZ0003", "2026-12-01 00:00", "10"),
                facts("GZ0004", "2026-11-22 00:00", "0"),
            ],
            worked_shifts: Vec::new(),
            handovers: BTreeSet::new(),
            handovers_since: None,
            dispatch: crate::domain::dispatch::DispatchRecords::empty(NaiveDateTime::MIN),
            service: crate::domain::service::ServiceRecords::empty(NaiveDateTime::MIN),
            alterations: Vec::new(),
            reweighs: Vec::new(),
        };
        let found = detect_all(&records);
        let keys: Vec<&str> = found.iter().map(|f| f.evidence_key.as_str()).collect();
        assert_eq!(keys, ["GZ0001", "GZ0002"]);
        let event = &found[1].event;
        assert_eq!(event.code, EventCode::Rule(Rule::P8));
        assert_eq!(event.source, EventSource::Detected);
        assert_eq!(event.waybill_number, "GZ0002");
        assert_eq!(event.quantity, 1);
        assert_eq!(
            event.note,
            "运单 GZ0002 运费 200.00 元，报价表 255.00 元，短收 55.00 元"
        );
    }

    fn shift(id: &str, d: u32, kind: ShiftKind) -> ShiftKey {
        ShiftKey {
            staff_id: id.into(),
            day: NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
            shift: kind,
        }
    }

    /// P20: a worked shift of a 开单员 without a handover is one event per shift, from the
    /// first handover recorded; other roles and other months are not checked.
    #[test]
    fn p20_missing_handover_per_worked_shift() {
        let worked = |key: ShiftKey, role| WorkedShift { key, role };
        let mut records = MonthRecords {
            month: "2026-11".parse().unwrap(),
            short_charged: Vec::new(),
            worked_shifts: vec![
                worked(shift("A01", 2, ShiftKind::Early), Role::Clerk),
                worked(shift("A01", 3, ShiftKind::Early), Role::Clerk),
                worked(shift("A01", 4, ShiftKind::Night), Role::Clerk),
                worked(shift("A01", 1, ShiftKind::Early), Role::Clerk),
                worked(shift("C01", 3, ShiftKind::Early), Role::CustomerService),
            ],
            handovers: [shift("A01", 3, ShiftKind::Early)].into_iter().collect(),
            handovers_since: None,
            dispatch: crate::domain::dispatch::DispatchRecords::empty(NaiveDateTime::MIN),
            service: crate::domain::service::ServiceRecords::empty(NaiveDateTime::MIN),
            alterations: Vec::new(),
            reweighs: Vec::new(),
        };
        assert!(detect_all(&records).is_empty(), "no handover ever recorded");
        records.handovers_since = NaiveDate::from_ymd_opt(2026, 11, 2);
        let found = detect_all(&records);
        let keys: Vec<&str> = found.iter().map(|f| f.evidence_key.as_str()).collect();
        assert_eq!(keys, ["A01 2026-11-02 早班", "A01 2026-11-04 晚班"]);
        let event = &found[1].event;
        assert_eq!(event.code, EventCode::Rule(Rule::P20));
        assert_eq!(event.note, "11-04 晚班 上班有打卡，无交接记录");
        assert_eq!(event.source, EventSource::Detected);
        assert!(DETECTORS.iter().any(|d| d.rule == Rule::P20));
    }
}
