//! The points rules (扣分/奖励) of DOMAIN.md §7 and §8 as data: every rule's code,
//! Chinese wording, points and unit, in the one *rule order* the review lists them in;
//! the point events that feed them (entered, imported, or detected from the records);
//! and the detectors that find events in the records themselves.
//!
//! Rule order (FORMATS.md "in rule order"), defined once as [`Rule::ALL`]:
//! A4, A5, A6, A7, A8, A9, A10, A12, then P1 … P21 with each heavier `b` case right after
//! its base rule (P2, P2b, … P4, P4b, … P15, P15b, P16, P16b), then B1, B2.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::attendance::ShiftKey;
use crate::domain::money::format_yuan;
use crate::domain::people::{Month, Role};

/// A rule of the review. Codes `A…` are attendance (DOMAIN.md §8, by row number), `P…`
/// penalties (§7, by row number, `b` for the heavier second case of a row), `B1`/`B2`
/// bonuses. Row 22 of §7 is money, not points, and row 11 of §8 is about leave requests,
/// so neither is a rule here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rule {
    /// A4: 迟到早退10分钟内.
    A4,
    /// A5: 迟到早退20分钟至1小时.
    A5,
    /// A6: 迟到早退1小时至3小时.
    A6,
    /// A7: 迟到早退3小时以上（旷工）, or a shift with no punch at all.
    A7,
    /// A8: 上班时间外出不足1小时.
    A8,
    /// A9: 上班时间外出1小时至3小时.
    A9,
    /// A10: 上班时间外出3小时以上（旷工）.
    A10,
    /// A12: 全勤.
    A12,
    /// P1: 未及时接待发货客户.
    P1,
    /// P2: 收货方错误.
    P2,
    /// P2b: 收货方错误造成错误提货.
    P2b,
    /// P3: 到站地址错误.
    P3,
    /// P4: 送货开自提.
    P4,
    /// P4b: 送货开自提并延误客户送货时间.
    P4b,
    /// P5: 付款方式错误.
    P5,
    /// P6: 中转回扣未标注.
    P6,
    /// P7: 签回单未标注.
    P7,
    /// P8: 未按报价表开单导致运费不够.
    P8,
    /// P9: 重量、体积错误超出10%.
    P9,
    /// P10: 收货件数与开单件数不符.
    P10,
    /// P11: 货物未区分注明、未贴标签.
    P11,
    /// P12: 收取违禁品.
    P12,
    /// P13: 与客户沟通中发火、咒骂.
    P13,
    /// P14: 客户问题未及时回复处理.
    P14,
    /// P15: 未及时通知客户提货.
    P15,
    /// P15b: 未及时通知客户提货，导致延误收货.
    P15b,
    /// P16: 未配合返货跟单.
    P16,
    /// P16b: 未做单车跟单明细.
    P16b,
    /// P17: 提货未写身份证或未签名.
    P17,
    /// P18: 交代的事项未及时完成.
    P18,
    /// P19: 客户投诉.
    P19,
    /// P20: 上下班未完成工作交接.
    P20,
    /// P21: 未按要求上传云递安APP.
    P21,
    /// B1: 当月无扣分并获同事上级表扬.
    B1,
    /// B2: 当月无扣分.
    B2,
}

impl Rule {
    /// Every rule, in rule order: the order of the review's items.
    pub const ALL: [Self; 35] = [
        Self::A4,
        Self::A5,
        Self::A6,
        Self::A7,
        Self::A8,
        Self::A9,
        Self::A10,
        Self::A12,
        Self::P1,
        Self::P2,
        Self::P2b,
        Self::P3,
        Self::P4,
        Self::P4b,
        Self::P5,
        Self::P6,
        Self::P7,
        Self::P8,
        Self::P9,
        Self::P10,
        Self::P11,
        Self::P12,
        Self::P13,
        Self::P14,
        Self::P15,
        Self::P15b,
        Self::P16,
        Self::P16b,
        Self::P17,
        Self::P18,
        Self::P19,
        Self::P20,
        Self::P21,
        Self::B1,
        Self::B2,
    ];

    /// The code as in files and JSON: `A4`, `P2b`, `B1` …
    #[must_use]
    pub fn code(self) -> &'static str {
        self.definition().0
    }

    /// The rule with this code; `p2B` and such are accepted too, as people type them.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(code))
    }

    /// The company's wording (制度原文的意思), before any change by the supervisor.
    #[must_use]
    pub fn default_wording(self) -> &'static str {
        self.definition().1
    }

    /// The company's points: per unit, or for A4 per step of the short-lateness count
    /// (see [`crate::domain::attendance::short_lateness_steps`]).
    #[must_use]
    pub fn default_points(self) -> i64 {
        self.definition().2
    }

    /// What one count is: 次 (a time), 票 (a waybill), 车 (a truck), 天 (a day).
    #[must_use]
    pub fn unit(self) -> &'static str {
        self.definition().3
    }

    /// A penalty of DOMAIN.md §7 (`P…`): B1/B2 depend on there being none.
    #[must_use]
    pub fn is_penalty(self) -> bool {
        self.code().starts_with('P')
    }

    /// An attendance rule of DOMAIN.md §8 (`A…`).
    #[must_use]
    pub fn is_attendance(self) -> bool {
        self.code().starts_with('A')
    }

    /// (code, wording, points, unit).
    fn definition(self) -> (&'static str, &'static str, i64, &'static str) {
        match self {
            Self::A4 => ("A4", "迟到早退10分钟内", -1, "次"),
            Self::A5 => ("A5", "迟到早退20分钟至1小时", -2, "次"),
            Self::A6 => ("A6", "迟到早退1小时至3小时", -4, "次"),
            Self::A7 => ("A7", "迟到早退3小时以上（旷工）", -8, "次"),
            Self::A8 => ("A8", "上班时间外出不足1小时", -2, "次"),
            Self::A9 => ("A9", "上班时间外出1小时至3小时", -4, "次"),
            Self::A10 => ("A10", "上班时间外出3小时以上（旷工）", -8, "次"),
            Self::A12 => ("A12", "全勤", 5, "次"),
            Self::P1 => ("P1", "未及时接待发货客户", -1, "次"),
            Self::P2 => ("P2", "收货方错误", -1, "票"),
            Self::P2b => ("P2b", "收货方错误造成错误提货", -2, "票"),
            Self::P3 => ("P3", "到站地址错误", -1, "票"),
            Self::P4 => ("P4", "送货开自提", -1, "票"),
            Self::P4b => ("P4b", "送货开自提并延误客户送货时间", -2, "票"),
            Self::P5 => ("P5", "付款方式错误", -1, "票"),
            Self::P6 => ("P6", "中转回扣未标注", -1, "票"),
            Self::P7 => ("P7", "签回单未标注", -1, "票"),
            Self::P8 => ("P8", "未按报价表开单导致运费不够", -1, "票"),
            Self::P9 => ("P9", "重量、体积错误超出10%", -1, "票"),
            Self::P10 => ("P10", "收货件数与开单件数不符", -2, "票"),
            Self::P11 => ("P11", "货物未区分注明、未贴标签", -1, "票"),
            Self::P12 => ("P12", "收取违禁品", -2, "票"),
            Self::P13 => ("P13", "与客户沟通中发火、咒骂", -5, "次"),
            Self::P14 => ("P14", "客户问题未及时回复处理", -1, "次"),
            Self::P15 => ("P15", "未及时通知客户提货", -1, "票"),
            Self::P15b => ("P15b", "未及时通知客户提货，导致延误收货", -2, "票"),
            Self::P16 => ("P16", "未配合返货跟单", -1, "票"),
            Self::P16b => ("P16b", "未做单车跟单明细", -3, "车"),
            Self::P17 => ("P17", "提货未写身份证或未签名", -1, "次"),
            Self::P18 => ("P18", "交代的事项未及时完成", -1, "次"),
            Self::P19 => ("P19", "客户投诉", -3, "次"),
            Self::P20 => ("P20", "上下班未完成工作交接", -2, "次"),
            Self::P21 => ("P21", "未按要求上传云递安APP", -1, "天"),
            Self::B1 => ("B1", "当月无扣分并获同事上级表扬", 10, "次"),
            Self::B2 => ("B2", "当月无扣分", 6, "次"),
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One row of the rules table as the review uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleEntry {
    /// The rule.
    pub rule: Rule,
    /// Wording shown in the review (the company's, or the supervisor's change).
    pub wording: String,
    /// Points per unit (for A4: per step).
    pub points: i64,
}

/// The supervisor's change to one rule; `None` keeps the company default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleOverride {
    /// Changed wording.
    pub wording: Option<String>,
    /// Changed points.
    pub points: Option<i64>,
}

/// The rules table: the company's defaults with the supervisor's overrides applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTable {
    entries: BTreeMap<Rule, RuleEntry>,
}

impl Default for RuleTable {
    /// The company's defaults (DOMAIN.md §7 and §8).
    fn default() -> Self {
        Self::with_overrides(&BTreeMap::new())
    }
}

impl RuleTable {
    /// The defaults with `overrides` applied.
    #[must_use]
    pub fn with_overrides(overrides: &BTreeMap<Rule, RuleOverride>) -> Self {
        let entries = Rule::ALL
            .into_iter()
            .map(|rule| {
                let change = overrides.get(&rule);
                let wording = change
                    .and_then(|c| c.wording.as_deref())
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                    .unwrap_or(rule.default_wording())
                    .to_owned();
                let points = change
                    .and_then(|c| c.points)
                    .unwrap_or(rule.default_points());
                (
                    rule,
                    RuleEntry {
                        rule,
                        wording,
                        points,
                    },
                )
            })
            .collect();
        Self { entries }
    }

    /// Points per unit of `rule`.
    #[must_use]
    pub fn points(&self, rule: Rule) -> i64 {
        self.entries
            .get(&rule)
            .map_or(rule.default_points(), |e| e.points)
    }

    /// Wording of `rule`.
    #[must_use]
    pub fn wording(&self, rule: Rule) -> &str {
        self.entries
            .get(&rule)
            .map_or(rule.default_wording(), |e| e.wording.as_str())
    }

    /// Every entry, in rule order.
    pub fn entries(&self) -> impl Iterator<Item = &RuleEntry> {
        self.entries.values()
    }
}

/// What a point event is about: a rule of §7 or praise (`P…`, `B1`), or leaving the post
/// (`L`), whose 数量 is minutes and which the review grades as A8–A10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EventCode {
    /// A penalty rule `P…` or praise `B1`.
    Rule(Rule),
    /// `L`: leaving the post during work (上班时间随意外出).
    LeftPost,
}

impl EventCode {
    /// The code as in the events file.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Rule(rule) => rule.code(),
            Self::LeftPost => "L",
        }
    }

    /// The event code a file may carry: `P1`…`P21`, `P2b`, `P4b`, `P15b`, `P16b`, `L`,
    /// `B1`. Attendance codes and `B2` are refused: the review works those out itself.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        if code.trim().eq_ignore_ascii_case("L") {
            return Some(Self::LeftPost);
        }
        Rule::from_code(code)
            .filter(|r| r.is_penalty() || *r == Rule::B1)
            .map(Self::Rule)
    }
}

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventSource {
    /// 手工: entered in the app by the supervisor.
    Manual,
    /// 导入: from an events file.
    Import,
    /// 检测: found in the records by a [`Detector`].
    Detected,
}

impl EventSource {
    /// Chinese label, as stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Manual => "手工",
            Self::Import => "导入",
            Self::Detected => "检测",
        }
    }

    /// The source stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::Manual, Self::Import, Self::Detected]
            .into_iter()
            .find(|s| s.label() == label)
    }
}

/// A point event: one line of the events file, one entry of the supervisor, or one
/// finding of a detector.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PointEvent {
    /// 工号.
    pub staff_id: String,
    /// 日期.
    pub day: NaiveDate,
    /// 规则.
    pub code: EventCode,
    /// 数量: how many times (≥ 1); for `L` the minutes away.
    pub quantity: u32,
    /// 单号 of the waybill it concerns, empty if none.
    pub waybill_number: String,
    /// 说明: what happened, or a detector's evidence.
    pub note: String,
    /// Where it came from.
    pub source: EventSource,
}

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
}

/// A finding of a detector: an event with the key that identifies it across runs, so a
/// dismissal (with its reason) sticks to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectedEvent {
    /// Stable identity of the finding within its rule, e.g. the waybill number.
    pub evidence_key: String,
    /// The event (source [`EventSource::Detected`]).
    pub event: PointEvent,
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
        rule: Rule::P8,
        description: "运费低于报价表（短收）的运单，每票一次",
        detect: detect_short_charge,
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

/// Runs every detector over `records`; findings in rule order, then by day and key.
#[must_use]
pub fn detect_all(records: &MonthRecords) -> Vec<DetectedEvent> {
    let mut out: Vec<DetectedEvent> = DETECTORS
        .iter()
        .flat_map(|detector| (detector.detect)(records))
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
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::attendance::ShiftKind;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    /// DOMAIN.md §7 and §8: every row's points, by rule.
    #[test]
    fn company_default_points() {
        let cases = [
            (Rule::A4, -1),
            (Rule::A5, -2),
            (Rule::A6, -4),
            (Rule::A7, -8),
            (Rule::A8, -2),
            (Rule::A9, -4),
            (Rule::A10, -8),
            (Rule::A12, 5),
            (Rule::P1, -1),
            (Rule::P2, -1),
            (Rule::P2b, -2),
            (Rule::P3, -1),
            (Rule::P4, -1),
            (Rule::P4b, -2),
            (Rule::P5, -1),
            (Rule::P6, -1),
            (Rule::P7, -1),
            (Rule::P8, -1),
            (Rule::P9, -1),
            (Rule::P10, -2),
            (Rule::P11, -1),
            (Rule::P12, -2),
            (Rule::P13, -5),
            (Rule::P14, -1),
            (Rule::P15, -1),
            (Rule::P15b, -2),
            (Rule::P16, -1),
            (Rule::P16b, -3),
            (Rule::P17, -1),
            (Rule::P18, -1),
            (Rule::P19, -3),
            (Rule::P20, -2),
            (Rule::P21, -1),
            (Rule::B1, 10),
            (Rule::B2, 6),
        ];
        assert_eq!(cases.len(), Rule::ALL.len());
        let table = RuleTable::default();
        for (rule, points) in cases {
            assert_eq!(table.points(rule), points, "{rule}");
        }
        assert_eq!(Rule::P16b.unit(), "车");
        assert_eq!(Rule::P21.unit(), "天");
    }

    #[test]
    fn rule_order_is_the_declared_order() {
        let codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(
            codes.join(" "),
            "A4 A5 A6 A7 A8 A9 A10 A12 P1 P2 P2b P3 P4 P4b P5 P6 P7 P8 P9 P10 P11 P12 P13 P14 P15 P15b P16 P16b P17 P18 P19 P20 P21 B1 B2"
        );
        let mut sorted = Rule::ALL;
        sorted.sort();
        assert_eq!(sorted, Rule::ALL, "Ord follows rule order");
        for rule in Rule::ALL {
            assert_eq!(Rule::from_code(rule.code()), Some(rule));
        }
        assert_eq!(Rule::from_code(" p2B "), Some(Rule::P2b));
        assert_eq!(Rule::from_code("P22"), None);
    }

    #[test]
    fn event_codes_of_the_events_file() {
        let accepted = ["P1", "P21", "P2b", "P4b", "P15b", "P16b", "L", "l", "B1"];
        for code in accepted {
            assert!(EventCode::from_code(code).is_some(), "{code}");
        }
        for code in ["A4", "A12", "B2", "P22", "P3b", "", "X"] {
            assert_eq!(EventCode::from_code(code), None, "{code}");
        }
        assert_eq!(EventCode::LeftPost.code(), "L");
    }

    #[test]
    fn overrides_change_points_and_wording_only_where_given() {
        let mut overrides = BTreeMap::new();
        overrides.insert(
            Rule::P8,
            RuleOverride {
                wording: None,
                points: Some(-2),
            },
        );
        overrides.insert(
            Rule::P13,
            RuleOverride {
                wording: Some("对客户发火".into()),
                points: None,
            },
        );
        overrides.insert(
            Rule::P1,
            RuleOverride {
                wording: Some("  ".into()),
                points: None,
            },
        );
        let table = RuleTable::with_overrides(&overrides);
        assert_eq!(table.points(Rule::P8), -2);
        assert_eq!(table.wording(Rule::P8), Rule::P8.default_wording());
        assert_eq!(table.wording(Rule::P13), "对客户发火");
        assert_eq!(table.points(Rule::P13), -5);
        assert_eq!(
            table.wording(Rule::P1),
            "未及时接待发货客户",
            "blank keeps default"
        );
        assert_eq!(table.entries().count(), Rule::ALL.len());
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
