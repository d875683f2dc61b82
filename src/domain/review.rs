//! The monthly review (月度考核, FORMATS.md "Monthly review"): for each person employed
//! in the month, one item per rule that applies, in rule order ([`Rule::ALL`]), the
//! points (100 + the items' sum), and the pay.
//!
//! What makes an item, per rule:
//! - A4–A7: the graded findings of the month's clock-in records
//!   ([`crate::domain::attendance::grade_shift`]); A4's points are its points per step
//!   times the steps of the count. Findings graded by a reading (the 10–20 minute gap, a
//!   missing punch) are named in the detail with 「条款未规定，按…处理」 and set
//!   [`ReviewItem::needs_attention`]. An A4 item with 5 or fewer times is listed with 0
//!   points: it explains why there is no A12.
//! - A8–A10: one time per `L` event, by its minutes.
//! - A12: at least one worked shift in the month and no lateness, early leave, missing
//!   punch, absence, leave (请假) or `L` event. **(reading)** A month without any worked
//!   shift on record (nothing imported yet, or all leave) gets no A12.
//! - P…: the events' counts times the rule's points.
//! - B2 when no P item deducts points; B1 instead when there is also a praise (`B1`)
//!   event. Never both.
//!
//! Records are counted only on days of the person's employment (join and leave dates
//! included). A person whose employment does not touch the month, or whose 入职日期 is
//! not known, is not in that month's review.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::attendance::{
    AttendanceSettings, Bracket, Finding, FindingKind, Punch, Unwritten, grade_shift,
};
use crate::domain::people::{Month, Role, Staff, month_pay};
use crate::domain::points::{EventCode, EventSource, PointEvent, Rule, RuleTable};

/// Points every person starts the month with (当月实发工资等于100分).
pub const BASE_POINTS: i64 = 100;

/// One record behind an item, for drill-down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The day.
    pub day: NaiveDate,
    /// What happened, in Chinese.
    pub text: String,
    /// The waybill it concerns, empty if none.
    pub waybill_number: String,
    /// Where the event came from; `None` for clock-in records.
    pub source: Option<EventSource>,
}

/// One line of a person's review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    /// The rule.
    pub rule: Rule,
    /// Points it adds (negative for a deduction).
    pub points: i64,
    /// How many times (票, 车, 天 …) it applied.
    pub count: u32,
    /// What it is, in Chinese: "迟到早退10分钟内 6次".
    pub detail: String,
    /// Set when part of it was graded by a reading of a case the rules do not cover, so
    /// the supervisor looks at it.
    pub needs_attention: bool,
    /// The records behind it.
    pub evidence: Vec<Evidence>,
}

/// One person's review of the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonReview {
    /// 工号.
    pub staff_id: String,
    /// 姓名.
    pub name: String,
    /// 岗位.
    pub role: Role,
    /// 100 + the items' points.
    pub points: i64,
    /// Items, in rule order.
    pub items: Vec<ReviewItem>,
    /// 月基本工资.
    pub base_salary_yuan: Decimal,
    /// Days of the month employed.
    pub days_employed: u32,
    /// The month's pay.
    pub pay_yuan: Decimal,
    /// When it is paid.
    pub pay_date: NaiveDate,
}

/// The review of a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthReview {
    /// The month.
    pub month: Month,
    /// Everyone reviewed, in 工号 order.
    pub people: Vec<PersonReview>,
}

/// What a review is computed from. Punches and events may cover more people and days;
/// each person's review takes their own within the month and their employment.
#[derive(Debug, Clone, Copy)]
pub struct ReviewInputs<'a> {
    /// The month.
    pub month: Month,
    /// Staff.
    pub staff: &'a [Staff],
    /// Clock-in records.
    pub punches: &'a [Punch],
    /// Point events that count: entered, imported, and detected but not dismissed.
    pub events: &'a [PointEvent],
    /// The rules table.
    pub rules: &'a RuleTable,
    /// How attendance is graded.
    pub settings: &'a AttendanceSettings,
}

/// Reviews everyone employed in the month, in 工号 order.
#[must_use]
pub fn review_month(inputs: &ReviewInputs<'_>) -> MonthReview {
    let mut staff: Vec<&Staff> = inputs.staff.iter().collect();
    staff.sort_by(|a, b| a.id.cmp(&b.id));
    MonthReview {
        month: inputs.month,
        people: staff
            .into_iter()
            .filter_map(|person| review_person(inputs, person))
            .collect(),
    }
}

/// Reviews one person; `None` when they were not employed in the month.
#[must_use]
pub fn review_person(inputs: &ReviewInputs<'_>, person: &Staff) -> Option<PersonReview> {
    let month = inputs.month;
    let days_employed = person.days_employed(month);
    if days_employed == 0 {
        return None;
    }
    let counts = |day: NaiveDate| month.contains(day) && person.employed_on(day);
    let mut punches: Vec<&Punch> = inputs
        .punches
        .iter()
        .filter(|p| p.staff_id == person.id && counts(p.day))
        .collect();
    punches.sort_by_key(|p| (p.day, p.shift));
    let mut events: Vec<&PointEvent> = inputs
        .events
        .iter()
        .filter(|e| e.staff_id == person.id && counts(e.day))
        .collect();
    events.sort_by(|a, b| {
        (a.day, a.code, &a.waybill_number).cmp(&(b.day, b.code, &b.waybill_number))
    });

    let findings: Vec<Finding> = punches
        .iter()
        .flat_map(|p| grade_shift(p, inputs.settings))
        .collect();
    let mut items = attendance_items(&findings, inputs.rules, inputs.settings);
    items.extend(left_post_items(&events, inputs.rules, inputs.settings));

    let left_post = events.iter().any(|e| e.code == EventCode::LeftPost);
    let worked = punches.iter().any(|p| p.shift.is_work());
    if worked && findings.is_empty() && !left_post {
        items.push(ReviewItem {
            rule: Rule::A12,
            points: inputs.rules.points(Rule::A12),
            count: 1,
            detail: inputs.rules.wording(Rule::A12).to_owned(),
            needs_attention: false,
            evidence: Vec::new(),
        });
    }

    let penalties = penalty_items(&events, inputs.rules);
    let deducted = penalties.iter().any(|item| item.points < 0);
    items.extend(penalties);
    if !deducted {
        let praise: Vec<Evidence> = events
            .iter()
            .filter(|e| e.code == EventCode::Rule(Rule::B1))
            .map(|e| event_evidence(e))
            .collect();
        let rule = if praise.is_empty() {
            Rule::B2
        } else {
            Rule::B1
        };
        items.push(ReviewItem {
            rule,
            points: inputs.rules.points(rule),
            count: 1,
            detail: inputs.rules.wording(rule).to_owned(),
            needs_attention: false,
            evidence: praise,
        });
    }
    // Stable: items of one rule keep the order they were made in (there is one each).
    items.sort_by_key(|item| item.rule);

    let points = BASE_POINTS + items.iter().map(|item| item.points).sum::<i64>();
    Some(PersonReview {
        staff_id: person.id.clone(),
        name: person.name.clone(),
        role: person.role,
        points,
        items,
        base_salary_yuan: person.base_salary_yuan,
        days_employed,
        pay_yuan: month_pay(person.base_salary_yuan, days_employed, month, points),
        pay_date: month.pay_date(),
    })
}

/// A group of one item's detail: "迟到早退10分钟内 6次".
struct Part {
    label: String,
    count: u32,
    /// Graded by a reading: the detail says so.
    unwritten: bool,
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A4–A7 from the month's graded shifts.
fn attendance_items(
    findings: &[Finding],
    rules: &RuleTable,
    settings: &AttendanceSettings,
) -> Vec<ReviewItem> {
    let mut items = Vec::new();
    for bracket in Bracket::ALL {
        let rule = bracket.rule();
        let graded: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.bracket == Some(bracket))
            .collect();
        if graded.is_empty() {
            continue;
        }
        let count = count_u32(graded.len());
        let points = if bracket == Bracket::ShortLate {
            i64::from(settings.short_lateness_steps(count)) * rules.points(rule)
        } else {
            i64::from(count) * rules.points(rule)
        };
        let how_many =
            |pick: &dyn Fn(&Finding) -> bool| count_u32(graded.iter().filter(|f| pick(f)).count());
        let parts = [
            Part {
                label: rules.wording(rule).to_owned(),
                count: how_many(&|f| f.unwritten.is_none() && f.kind != FindingKind::NoPunches),
                unwritten: false,
            },
            Part {
                label: "整班未打卡（旷工）".to_owned(),
                count: how_many(&|f| f.kind == FindingKind::NoPunches),
                unwritten: false,
            },
            Part {
                label: format!(
                    "迟到早退{}–{}分钟",
                    settings.short_max_minutes, settings.late_from_minutes
                ),
                count: how_many(&|f| f.unwritten == Some(Unwritten::Gap)),
                unwritten: true,
            },
            Part {
                label: "缺卡".to_owned(),
                count: how_many(&|f| f.unwritten == Some(Unwritten::MissingPunch)),
                unwritten: true,
            },
        ];
        let needs_attention = graded.iter().any(|f| f.unwritten.is_some());
        items.push(ReviewItem {
            rule,
            points,
            count,
            detail: detail(&parts, rule, "次"),
            needs_attention,
            evidence: graded
                .iter()
                .map(|f| Evidence {
                    day: f.day,
                    text: f.describe(),
                    waybill_number: String::new(),
                    source: None,
                })
                .collect(),
        });
    }
    items
}

/// The detail of an item from its parts: "迟到早退10分钟内 6次，迟到早退10–20分钟 1次
/// （条款未规定，按A4处理）".
fn detail(parts: &[Part], rule: Rule, unit: &str) -> String {
    parts
        .iter()
        .filter(|part| part.count > 0)
        .map(|part| {
            let mark = if part.unwritten {
                format!("（条款未规定，按{}处理）", rule.code())
            } else {
                String::new()
            };
            format!("{} {}{unit}{mark}", part.label, part.count)
        })
        .collect::<Vec<_>>()
        .join("，")
}

/// A8–A10 from `L` events: one time per event, graded by its minutes.
fn left_post_items(
    events: &[&PointEvent],
    rules: &RuleTable,
    settings: &AttendanceSettings,
) -> Vec<ReviewItem> {
    let mut by_rule: BTreeMap<Rule, Vec<&PointEvent>> = BTreeMap::new();
    for event in events.iter().filter(|e| e.code == EventCode::LeftPost) {
        by_rule
            .entry(settings.left_post_rule(event.quantity))
            .or_default()
            .push(event);
    }
    by_rule
        .into_iter()
        .map(|(rule, events)| {
            let count = count_u32(events.len());
            let minutes: Vec<String> = events
                .iter()
                .map(|e| format!("{}分钟", e.quantity))
                .collect();
            ReviewItem {
                rule,
                points: i64::from(count) * rules.points(rule),
                count,
                detail: format!(
                    "{} {count}次（{}）",
                    rules.wording(rule),
                    minutes.join("、")
                ),
                needs_attention: false,
                evidence: events.iter().map(|e| event_evidence(e)).collect(),
            }
        })
        .collect()
}

/// P1–P21 from the events: counts times points, the waybills named in the detail.
fn penalty_items(events: &[&PointEvent], rules: &RuleTable) -> Vec<ReviewItem> {
    let mut by_rule: BTreeMap<Rule, Vec<&PointEvent>> = BTreeMap::new();
    for event in events {
        if let EventCode::Rule(rule) = event.code
            && rule.is_penalty()
        {
            by_rule.entry(rule).or_default().push(event);
        }
    }
    by_rule
        .into_iter()
        .map(|(rule, events)| {
            let count: u32 = events.iter().map(|e| e.quantity).sum();
            let mut waybills: Vec<&str> = Vec::new();
            for event in &events {
                let number = event.waybill_number.as_str();
                if !number.is_empty() && !waybills.contains(&number) {
                    waybills.push(number);
                }
            }
            let mut detail = format!("{} {count}{}", rules.wording(rule), rule.unit());
            if !waybills.is_empty() {
                detail.push('：');
                detail.push_str(&waybills.join("、"));
            }
            ReviewItem {
                rule,
                points: i64::from(count) * rules.points(rule),
                count,
                detail,
                needs_attention: false,
                evidence: events.iter().map(|e| event_evidence(e)).collect(),
            }
        })
        .collect()
}

fn event_evidence(event: &PointEvent) -> Evidence {
    let mut parts = vec![
        event.day.format("%m-%d").to_string(),
        event.code.code().to_owned(),
    ];
    if event.code == EventCode::LeftPost {
        parts.push(format!("外出{}分钟", event.quantity));
    } else if event.quantity != 1 {
        parts.push(format!("×{}", event.quantity));
    }
    if !event.waybill_number.is_empty() {
        parts.push(event.waybill_number.clone());
    }
    let note = if event.note.is_empty() {
        String::new()
    } else {
        format!("：{}", event.note)
    };
    let text = format!("{}{note}（{}）", parts.join(" "), event.source.label());
    Evidence {
        day: event.day,
        text,
        waybill_number: event.waybill_number.clone(),
        source: Some(event.source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::attendance::ShiftKind;
    use crate::domain::money::format_yuan;
    use chrono::NaiveTime;
    use std::str::FromStr;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, n).unwrap()
    }

    fn nov() -> Month {
        "2026-11".parse().unwrap()
    }

    fn clerk(id: &str, joined: NaiveDate, left: Option<NaiveDate>) -> Staff {
        Staff {
            id: id.into(),
            name: format!("员工{id}"),
            role: Role::Clerk,
            joined_on: Some(joined),
            left_on: left,
            base_salary_yuan: Decimal::from_str("4000").unwrap(),
        }
    }

    fn punch(id: &str, d: u32, shift: ShiftKind, clock_in: &str, clock_out: &str) -> Punch {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").ok();
        Punch {
            staff_id: id.into(),
            day: day(d),
            shift,
            clock_in: t(clock_in),
            clock_out: t(clock_out),
        }
    }

    fn event(id: &str, d: u32, code: &str, quantity: u32) -> PointEvent {
        PointEvent {
            staff_id: id.into(),
            day: day(d),
            code: EventCode::from_code(code).unwrap(),
            quantity,
            waybill_number: String::new(),
            note: String::new(),
            source: EventSource::Import,
        }
    }

    /// Shifts on days 1..=n, all on time.
    fn on_time(id: &str, days: std::ops::RangeInclusive<u32>) -> Vec<Punch> {
        days.map(|d| punch(id, d, ShiftKind::Early, "07:58", "20:02"))
            .collect()
    }

    fn review(staff: &[Staff], punches: &[Punch], events: &[PointEvent]) -> MonthReview {
        review_with(staff, punches, events, &AttendanceSettings::default())
    }

    fn review_with(
        staff: &[Staff],
        punches: &[Punch],
        events: &[PointEvent],
        settings: &AttendanceSettings,
    ) -> MonthReview {
        review_month(&ReviewInputs {
            month: nov(),
            staff,
            punches,
            events,
            rules: &RuleTable::default(),
            settings,
        })
    }

    /// (rule, points, count, detail) of a person's items.
    fn items(person: &PersonReview) -> Vec<(&str, i64, u32, &str)> {
        person
            .items
            .iter()
            .map(|i| (i.rule.code(), i.points, i.count, i.detail.as_str()))
            .collect()
    }

    fn long_ago() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
    }

    /// FORMATS.md's example: 6 short latenesses, −1, and B2 (no P deduction): 105.
    #[test]
    fn formats_example_six_short_latenesses() {
        let staff = [clerk("A01", long_ago(), None)];
        let mut punches = on_time("A01", 1..=20);
        for d in 21..=26 {
            punches.push(punch("A01", d, ShiftKind::Early, "08:05", "20:00"));
        }
        let r = review(&staff, &punches, &[]);
        let person = &r.people[0];
        assert_eq!(
            items(person),
            [
                ("A4", -1, 6, "迟到早退10分钟内 6次"),
                ("B2", 6, 1, "当月无扣分")
            ]
        );
        assert_eq!(person.points, 105);
        assert_eq!(format_yuan(person.pay_yuan), "4200.00");
        assert_eq!(
            person.pay_date,
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
    }

    /// A4 with 5 or fewer times is listed at 0 points, and costs the full attendance.
    #[test]
    fn a4_few_times_cost_nothing_but_full_attendance() {
        let staff = [clerk("A01", long_ago(), None)];
        let mut punches = on_time("A01", 1..=20);
        punches.push(punch("A01", 21, ShiftKind::Early, "08:03", "20:00"));
        let r = review(&staff, &punches, &[]);
        assert_eq!(
            items(&r.people[0]),
            [
                ("A4", 0, 1, "迟到早退10分钟内 1次"),
                ("B2", 6, 1, "当月无扣分")
            ]
        );
    }

    /// A12: full attendance when nothing happened; B2 alongside.
    #[test]
    fn a12_full_attendance() {
        let staff = [clerk("A01", long_ago(), None)];
        let mut punches = on_time("A01", 1..=26);
        punches.push(punch("A01", 27, ShiftKind::Rest, "", ""));
        let r = review(&staff, &punches, &[]);
        assert_eq!(
            items(&r.people[0]),
            [("A12", 5, 1, "全勤"), ("B2", 6, 1, "当月无扣分")]
        );
        assert_eq!(r.people[0].points, 111);
    }

    /// A12 is lost by leave, by leaving the post, and never given without a worked shift.
    #[test]
    fn a12_lost_by_leave_left_post_or_no_records() {
        let staff = [clerk("A01", long_ago(), None)];
        let mut with_leave = on_time("A01", 1..=20);
        with_leave.push(punch("A01", 21, ShiftKind::Leave, "", ""));
        let r = review(&staff, &with_leave, &[]);
        assert!(!r.people[0].items.iter().any(|i| i.rule == Rule::A12));

        let r = review(&staff, &on_time("A01", 1..=20), &[event("A01", 3, "L", 30)]);
        assert!(!r.people[0].items.iter().any(|i| i.rule == Rule::A12));

        let r = review(&staff, &[], &[]);
        assert_eq!(items(&r.people[0]), [("B2", 6, 1, "当月无扣分")]);
    }

    /// A5, A6, A7 each per time; a shift without punches is A7; the gap is marked.
    #[test]
    fn a5_a6_a7_and_the_gap() {
        let staff = [clerk("A01", long_ago(), None)];
        let punches = [
            punch("A01", 2, ShiftKind::Early, "08:30", "20:00"),
            punch("A01", 3, ShiftKind::Early, "08:00", "18:30"),
            punch("A01", 4, ShiftKind::Early, "12:00", "20:00"),
            punch("A01", 5, ShiftKind::Early, "", ""),
            punch("A01", 6, ShiftKind::Early, "08:15", "20:00"),
            punch("A01", 7, ShiftKind::Early, "08:00", ""),
        ];
        let r = review(&staff, &punches, &[]);
        let person = &r.people[0];
        assert_eq!(
            items(person),
            [
                ("A4", 0, 1, "迟到早退10–20分钟 1次（条款未规定，按A4处理）"),
                (
                    "A5",
                    -4,
                    2,
                    "迟到早退20分钟至1小时 1次，缺卡 1次（条款未规定，按A5处理）"
                ),
                ("A6", -4, 1, "迟到早退1小时至3小时 1次"),
                (
                    "A7",
                    -16,
                    2,
                    "迟到早退3小时以上（旷工） 1次，整班未打卡（旷工） 1次"
                ),
                ("B2", 6, 1, "当月无扣分"),
            ]
        );
        assert!(person.items[0].needs_attention);
        assert!(person.items[1].needs_attention);
        assert!(!person.items[2].needs_attention);
        assert_eq!(
            person.items[3].evidence[1].text,
            "11-05 早班 整班未打卡（旷工）"
        );
        assert_eq!(person.points, 100 - 4 - 4 - 16 + 6);
    }

    /// The gap's bracket is a setting.
    #[test]
    fn gap_bracket_setting() {
        let staff = [clerk("A01", long_ago(), None)];
        let punches = [punch("A01", 6, ShiftKind::Early, "08:15", "20:00")];
        let settings = AttendanceSettings {
            gap_bracket: Bracket::Late,
            ..AttendanceSettings::default()
        };
        let r = review_with(&staff, &punches, &[], &settings);
        assert_eq!(
            items(&r.people[0])[0],
            ("A5", -2, 1, "迟到早退10–20分钟 1次（条款未规定，按A5处理）")
        );
    }

    /// A8–A10 from L events, in A order, with the minutes.
    #[test]
    fn a8_a9_a10_from_leaving_the_post() {
        let staff = [clerk("A01", long_ago(), None)];
        let events = [
            event("A01", 9, "L", 200),
            event("A01", 3, "L", 45),
            event("A01", 4, "L", 60),
            event("A01", 5, "L", 30),
        ];
        let r = review(&staff, &on_time("A01", 1..=5), &events);
        assert_eq!(
            items(&r.people[0]),
            [
                ("A8", -4, 2, "上班时间外出不足1小时 2次（45分钟、30分钟）"),
                ("A9", -4, 1, "上班时间外出1小时至3小时 1次（60分钟）"),
                ("A10", -8, 1, "上班时间外出3小时以上（旷工） 1次（200分钟）"),
                ("B2", 6, 1, "当月无扣分"),
            ]
        );
    }

    /// DOMAIN.md §7: counts multiply the rule's points; b cases right after their base.
    #[test]
    fn p_rules_multiply_by_count_in_rule_order() {
        let staff = [clerk("A01", long_ago(), None)];
        let mut p8 = event("A01", 20, "P8", 1);
        p8.waybill_number = "GZ0001".into();
        p8.source = EventSource::Detected;
        let events = [
            event("A01", 2, "P16b", 2),
            event("A01", 2, "P2b", 1),
            event("A01", 3, "P2", 3),
            event("A01", 4, "P13", 1),
            p8,
            event("A01", 5, "B1", 1),
        ];
        let r = review(&staff, &[], &events);
        assert_eq!(
            items(&r.people[0]),
            [
                ("P2", -3, 3, "收货方错误 3票"),
                ("P2b", -2, 1, "收货方错误造成错误提货 1票"),
                ("P8", -1, 1, "未按报价表开单导致运费不够 1票：GZ0001"),
                ("P13", -5, 1, "与客户沟通中发火、咒骂 1次"),
                ("P16b", -6, 2, "未做单车跟单明细 2车"),
            ]
        );
        assert_eq!(r.people[0].points, 100 - 17);
    }

    /// B1 and B2 are exclusive: praise without deduction is B1 only; with a deduction,
    /// neither.
    #[test]
    fn b1_b2_exclusivity() {
        let staff = [
            clerk("A01", long_ago(), None),
            clerk("A02", long_ago(), None),
            clerk("A03", long_ago(), None),
        ];
        let events = [
            event("A01", 5, "B1", 1),
            event("A02", 5, "B1", 1),
            event("A02", 6, "P1", 1),
        ];
        let r = review(&staff, &[], &events);
        assert_eq!(
            items(&r.people[0]),
            [("B1", 10, 1, "当月无扣分并获同事上级表扬")]
        );
        assert_eq!(
            items(&r.people[1]),
            [("P1", -1, 1, "未及时接待发货客户 1次")]
        );
        assert_eq!(items(&r.people[2]), [("B2", 6, 1, "当月无扣分")]);
        // Attendance deductions are not §7 deductions: B2 stays.
        let punches = [punch("A03", 2, ShiftKind::Early, "", "")];
        let r = review(&staff[2..], &punches, &[]);
        assert_eq!(r.people[0].items.last().unwrap().rule, Rule::B2);
    }

    /// DOMAIN.md §9: a joiner and a leaver mid-month are paid by the day; records outside
    /// the employment and people outside the month are left out.
    #[test]
    fn joiners_and_leavers() {
        let staff = [
            clerk("B02", day(16), None),
            clerk("A01", long_ago(), Some(day(10))),
            clerk("C03", NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), None),
            clerk("C04", long_ago(), NaiveDate::from_ymd_opt(2026, 10, 31)),
        ];
        let mut punches = on_time("B02", 16..=30);
        // Before joining: not held against B02.
        punches.push(punch("B02", 10, ShiftKind::Early, "", ""));
        punches.extend(on_time("A01", 1..=10));
        // After leaving: not held against A01.
        punches.push(punch("A01", 12, ShiftKind::Early, "", ""));
        let r = review(&staff, &punches, &[event("A01", 20, "P19", 1)]);
        let ids: Vec<&str> = r.people.iter().map(|p| p.staff_id.as_str()).collect();
        assert_eq!(ids, ["A01", "B02"], "工号 order; C03 and C04 not employed");
        let (a01, b02) = (&r.people[0], &r.people[1]);
        assert_eq!((a01.days_employed, a01.points), (10, 111));
        assert_eq!(format_yuan(a01.pay_yuan), "1480.00");
        assert_eq!((b02.days_employed, b02.points), (15, 111));
        assert_eq!(format_yuan(b02.pay_yuan), "2220.00");
    }

    /// A person without a 入职日期 (a 工号 from a waybill import) is not reviewed.
    #[test]
    fn unknown_join_date_is_not_reviewed() {
        let mut staff = clerk("A01", long_ago(), None);
        staff.joined_on = None;
        assert!(review(&[staff], &[], &[]).people.is_empty());
    }

    /// Rule overrides change the review.
    #[test]
    fn overrides_apply() {
        let staff = [clerk("A01", long_ago(), None)];
        let mut overrides = BTreeMap::new();
        overrides.insert(
            Rule::P1,
            crate::domain::points::RuleOverride {
                wording: Some("接待不及时".into()),
                points: Some(-3),
            },
        );
        let rules = RuleTable::with_overrides(&overrides);
        let events = [event("A01", 2, "P1", 2)];
        let r = review_month(&ReviewInputs {
            month: nov(),
            staff: &staff,
            punches: &[],
            events: &events,
            rules: &rules,
            settings: &AttendanceSettings::default(),
        });
        assert_eq!(items(&r.people[0]), [("P1", -6, 2, "接待不及时 2次")]);
    }
}
