//! The points rules (扣分/奖励) of DOMAIN.md §7 and §8 as data: every rule's code,
//! Chinese wording, points and unit, in the one *rule order* the review lists them in;
//! the point events that feed them (entered, imported, or detected from the records);
//! and the detectors that find events in the records themselves.
//!
//! Rule order (FORMATS.md "in rule order"), defined once as [`Rule::ALL`]:
//! A4, A5, A6, A7, A8, A9, A10, A12, then P1 … P21 with each heavier `b` case right after
//! its base rule (P2, P2b, … P4, P4b, … P15, P15b, P16, P16b), then B1, B2.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
    /// (see [`crate::domain::people::attendance::short_lateness_steps`]).
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

/// The most points one count of a rule may give or take: a month's score starts at 100.
pub const MAX_RULE_POINTS: i64 = 100;
/// The longest wording of a rule, in characters: it stands in a column of the review's
/// items on screen and on paper (the company's longest is 16).
pub const MAX_RULE_WORDING: usize = 40;

impl RuleOverride {
    /// The supervisor's change to `rule` as typed on 设置: wording and points the same
    /// as the company's (or the wording left empty) keep the default.
    ///
    /// # Errors
    /// Points that are not a whole number, or that [`Self::check`] refuses.
    pub fn typed(rule: Rule, wording: &str, points: &str) -> Result<Self, String> {
        let code = rule.code();
        let points: i64 = points
            .trim()
            .parse()
            .map_err(|_| format!("{code} 的分数「{}」不是整数", points.trim()))?;
        let wording = wording.trim();
        let change = Self {
            wording: (!wording.is_empty() && wording != rule.default_wording())
                .then(|| wording.to_owned()),
            points: (points != rule.default_points()).then_some(points),
        };
        change.check(rule)?;
        Ok(change)
    }

    /// Refuses points of the wrong sign for the rule (a deduction stays zero or below, a
    /// bonus zero or above: the review counts each as what it is) or beyond
    /// [`MAX_RULE_POINTS`], and a wording longer than [`MAX_RULE_WORDING`].
    ///
    /// # Errors
    /// The refusal, in Chinese, naming the rule.
    pub fn check(&self, rule: Rule) -> Result<(), String> {
        let code = rule.code();
        let length = self
            .wording
            .as_deref()
            .map_or(0, |w| w.trim().chars().count());
        if length > MAX_RULE_WORDING {
            return Err(format!(
                "{code} 的说明最多 {MAX_RULE_WORDING} 个字，现在有 {length} 个"
            ));
        }
        let Some(points) = self.points else {
            return Ok(());
        };
        let (low, high, kind) = if rule.default_points() < 0 {
            (-MAX_RULE_POINTS, 0, "扣分")
        } else {
            (0, MAX_RULE_POINTS, "加分")
        };
        if (low..=high).contains(&points) {
            Ok(())
        } else {
            Err(format!(
                "{code} 是{kind}规则，每{}的分数应在 {low} 到 {high} 之间，不能是 {points}",
                rule.unit()
            ))
        }
    }
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
    /// 检测: found in the records by a [`Detector`](crate::domain::people::detection::Detector).
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
    /// 费用: the cost charged to the person with it (制度「并负责产生的费用」), if any: the
    /// amount entered or imported with the event, or what a detector computed (the
    /// shortfall of P8).
    #[serde(default)]
    pub charge_yuan: Option<Decimal>,
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

impl DetectedEvent {
    /// Puts findings in the order the review lists them: by rule, then day, then key.
    pub fn sort(found: &mut [Self]) {
        fn key(f: &DetectedEvent) -> (EventCode, NaiveDate, &str) {
            (f.event.code, f.event.day, &f.evidence_key)
        }
        found.sort_by(|a, b| key(a).cmp(&key(b)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_change_keeps_its_sign_and_bounds() {
        let p8 = Rule::P8;
        assert_eq!(
            RuleOverride::typed(p8, "", " -2 "),
            Ok(RuleOverride {
                wording: None,
                points: Some(-2)
            })
        );
        assert_eq!(
            RuleOverride::typed(p8, p8.default_wording(), "-1"),
            Ok(RuleOverride::default()),
            "the company's own is no change"
        );
        assert!(RuleOverride::typed(p8, "", "0").is_ok(), "a rule let off");
        for (typed, says) in [
            (
                "2",
                "P8 是扣分规则，每票的分数应在 -100 到 0 之间，不能是 2",
            ),
            ("-101", "不能是 -101"),
            ("-1.5", "P8 的分数「-1.5」不是整数"),
            ("", "P8 的分数「」不是整数"),
        ] {
            let refused = RuleOverride::typed(p8, "", typed).unwrap_err();
            assert!(refused.contains(says), "{typed}: {refused}");
        }
        let long = "未".repeat(41);
        let refused = RuleOverride::typed(p8, &long, "-1").unwrap_err();
        assert_eq!(refused, "P8 的说明最多 40 个字，现在有 41 个");
        assert!(RuleOverride::typed(p8, &long[3..], "-1").is_ok(), "40");
        let bonus = RuleOverride::typed(Rule::A12, "", "-5").unwrap_err();
        assert!(bonus.contains("A12 是加分规则"), "{bonus}");
        assert!(RuleOverride::typed(Rule::A12, "", "10").is_ok());
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
}
