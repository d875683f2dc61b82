//! The monthly review (月度考核, FORMATS.md "Monthly review"): for each person employed
//! in the month, one item per rule that applies, in rule order ([`Rule::ALL`]), the
//! points (100 + the items' sum), and the pay.
//!
//! What makes an item, per rule:
//! - A4–A7: the graded findings of the month's clock-in records
//!   ([`crate::domain::people::attendance::grade_shift`]); A4's points are its points per step
//!   times the steps of the count. Findings graded by a reading (the 10–20 minute gap, a
//!   missing punch) are named in the detail with 「条款未规定，按…处理」 and set
//!   [`ReviewItem::needs_attention`]. An A4 item with 5 or fewer times is listed with 0
//!   points: it explains why there is no A12.
//! - A8–A10: one time per `L` event, by its minutes less what approved outings cover.
//! - A12: at least one worked shift in the month and no lateness, early leave, missing
//!   punch, absence, leave (请假) or `L` event. **(reading)** A month without any worked
//!   shift on record (nothing imported yet, or all leave) gets no A12.
//! - P…: the events' counts times the rule's points.
//! - B2 when no P item deducts points; B1 instead when there is also a praise (`B1`)
//!   event. Never both.
//! - Approved 请假 and 外出 (see [`crate::domain::people::requests`]): what they excuse is listed
//!   in the rule it would have fallen in, as 「已批请假 n次（不扣分）」 or 「已批外出 n次
//!   （不扣分）」, with 0 points; such an item may have a count of 0. An approved 请假 on
//!   a worked shift costs A12; an outing does not.
//!
//! Clock-in records are graded only once their shift is over at the review's
//! [`ReviewInputs::now`]: this month's review, seen today, leaves today's running shift
//! (and its A12) for when it has ended.
//!
//! Records are counted only on days of the person's employment (join and leave dates
//! included). A person whose employment does not touch the month, or whose 入职日期 is
//! not known, is not in that month's review. A recorded [`Departure`] sets the leave
//! date (its last day), takes the unfinished last day of leaving without approval off
//! the days paid, and moves the pay date of an approved resignation to its settlement.

pub mod charges;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use crate::domain::people::attendance::{
    AttendanceSettings, Bracket, Finding, FindingKind, Punch, ScheduledShift, Unwritten,
    grade_shift_excused, unpunched_shifts,
};
use crate::domain::people::points::{EventCode, EventSource, PointEvent, Rule, RuleTable};
use crate::domain::people::requests::{AttendanceRequest, Excuse, RequestKind};
use crate::domain::people::{Departure, Month, Role, Staff, month_pay};

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
    /// 应扣费用: the costs charged to the person this month.
    pub charges: charges::Charges,
}

impl PersonReview {
    /// The pay after the charges deducted this month (实发).
    #[must_use]
    pub fn net_pay_yuan(&self) -> Decimal {
        self.pay_yuan - self.charges.deducted_yuan
    }
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
    /// Leave, outing and overtime requests, of any status: only approved ones count.
    pub requests: &'a [AttendanceRequest],
    /// How people left, where recorded: the last day, unpaid days and pay date.
    pub departures: &'a [Departure],
    /// The monthly schedule (排班): a scheduled worked shift without any clock-in row
    /// of that person and day is graded as a shift without punches (see
    /// [`crate::domain::people::attendance::unpunched_shifts`]).
    pub schedule: &'a [ScheduledShift],
    /// As of when: clock-in records of shifts not over by then (today's, still running)
    /// are not graded yet ([`AttendanceSettings::has_ended`]).
    pub now: NaiveDateTime,
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
    let departure = inputs.departures.iter().find(|d| d.staff_id == person.id);
    // A recorded departure's last day is the leave date.
    let mut employed = person.clone();
    if let Some(departure) = departure {
        employed.left_on = Some(departure.last_day);
    }
    let days_on_books = employed.days_employed(month);
    if days_on_books == 0 {
        return None;
    }
    let days_employed =
        days_on_books - departure.map_or(0, |d| d.unpaid_days(month).min(days_on_books));
    let counts = |day: NaiveDate| month.contains(day) && employed.employed_on(day);
    let mine: Vec<Punch> = inputs
        .punches
        .iter()
        .filter(|p| p.staff_id == person.id)
        .cloned()
        .collect();
    let plan: Vec<ScheduledShift> = inputs
        .schedule
        .iter()
        .filter(|s| s.staff_id == person.id)
        .cloned()
        .collect();
    let unpunched = unpunched_shifts(&plan, &mine);
    let mut punches: Vec<&Punch> = mine
        .iter()
        .chain(&unpunched)
        .filter(|p| counts(p.day))
        .filter(|p| p.has_ended(inputs.settings, inputs.now))
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

    let excuses: Vec<Excuse> = inputs
        .requests
        .iter()
        .filter(|r| r.staff_id == person.id)
        .filter_map(AttendanceRequest::excuse)
        .collect();
    let findings: Vec<Finding> = punches
        .iter()
        .flat_map(|p| grade_shift_excused(p, inputs.settings, &excuses))
        .collect();
    let mut items = attendance_items(&findings, inputs.rules, inputs.settings);
    let left_post = excuse_left_post(&events, &excuses);
    items.extend(left_post_items(&left_post, inputs.rules, inputs.settings));

    // Approved leave on a worked shift costs the full attendance even where it excused
    // nothing (FORMATS.md: no 请假 in the month); an approved outing does not.
    let leave_taken = punches.iter().any(|p| {
        inputs
            .settings
            .window(p.shift, p.day)
            .is_some_and(|(from, to)| {
                excuses
                    .iter()
                    .any(|e| e.kind == RequestKind::Leave && e.overlaps(from, to))
            })
    });
    let left_post_counted = left_post.iter().any(|l| l.counted_minutes > 0);
    let worked = punches.iter().any(|p| p.shift.is_work());
    if worked && !findings.iter().any(Finding::counts) && !leave_taken && !left_post_counted {
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
    let pay_yuan = month_pay(person.base_salary_yuan, days_employed, month, points);
    let charges = charges::settle(&events, pay_yuan);
    Some(PersonReview {
        staff_id: person.id.clone(),
        name: person.name.clone(),
        role: person.role,
        points,
        items,
        base_salary_yuan: person.base_salary_yuan,
        days_employed,
        pay_yuan,
        pay_date: departure.map_or_else(|| month.pay_date(), |d| d.pay_date(month)),
        charges,
    })
}

/// A group of one item's detail: "迟到早退10分钟内 6次".
struct Part {
    label: String,
    count: u32,
    /// What follows the count: 「（条款未规定，按A4处理）」, 「（不扣分）」 or nothing.
    mark: String,
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The mark of a part graded by a reading the text does not cover.
fn unwritten_mark(rule: Rule) -> String {
    format!("（条款未规定，按{}处理）", rule.code())
}

/// The mark of a part excused by an approved request.
const EXCUSED_MARK: &str = "（不扣分）";

/// A4–A7 from the month's graded shifts. Excused findings are listed in the rule they
/// would have fallen in, as 「已批请假 n次（不扣分）」, and neither counted nor scored.
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
        let counted: Vec<&Finding> = graded.iter().copied().filter(|f| f.counts()).collect();
        let count = count_u32(counted.len());
        let points = if bracket == Bracket::ShortLate {
            i64::from(settings.short_lateness_steps(count)) * rules.points(rule)
        } else {
            i64::from(count) * rules.points(rule)
        };
        let how_many =
            |pick: &dyn Fn(&Finding) -> bool| count_u32(counted.iter().filter(|f| pick(f)).count());
        let excused_by = |kind: RequestKind| {
            count_u32(
                graded
                    .iter()
                    .filter(|f| f.excused_by.is_some_and(|e| e.kind == kind))
                    .count(),
            )
        };
        let parts = [
            Part {
                label: rules.wording(rule).to_owned(),
                count: how_many(&|f| f.unwritten.is_none() && f.kind != FindingKind::NoPunches),
                mark: String::new(),
            },
            Part {
                label: "整班未打卡（旷工）".to_owned(),
                count: how_many(&|f| f.kind == FindingKind::NoPunches),
                mark: String::new(),
            },
            Part {
                label: format!(
                    "迟到早退{}–{}分钟",
                    settings.short_max_minutes, settings.late_from_minutes
                ),
                count: how_many(&|f| f.unwritten == Some(Unwritten::Gap)),
                mark: unwritten_mark(rule),
            },
            Part {
                label: "缺卡".to_owned(),
                count: how_many(&|f| f.unwritten == Some(Unwritten::MissingPunch)),
                mark: unwritten_mark(rule),
            },
            Part {
                label: "已批请假".to_owned(),
                count: excused_by(RequestKind::Leave),
                mark: EXCUSED_MARK.to_owned(),
            },
            Part {
                label: "已批外出".to_owned(),
                count: excused_by(RequestKind::Outing),
                mark: EXCUSED_MARK.to_owned(),
            },
        ];
        let needs_attention = counted.iter().any(|f| f.unwritten.is_some());
        items.push(ReviewItem {
            rule,
            points,
            count,
            detail: detail(&parts, "次"),
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
fn detail(parts: &[Part], unit: &str) -> String {
    parts
        .iter()
        .filter(|part| part.count > 0)
        .map(|part| format!("{} {}{unit}{}", part.label, part.count, part.mark))
        .collect::<Vec<_>>()
        .join("，")
}

/// An `L` event after the approved outings of its day.
struct LeftPost<'a> {
    event: &'a PointEvent,
    /// Minutes that count.
    counted_minutes: u32,
    /// Minutes an approved 外出 covers.
    excused_minutes: u32,
}

/// Takes the minutes of each day's approved outings (外出, by the day they start) off
/// that day's `L` events, in their order (see the readings of
/// [`crate::domain::people::requests`]).
fn excuse_left_post<'a>(events: &[&'a PointEvent], excuses: &[Excuse]) -> Vec<LeftPost<'a>> {
    let mut budget: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for outing in excuses.iter().filter(|e| e.kind == RequestKind::Outing) {
        *budget.entry(outing.from.date()).or_default() += outing.minutes();
    }
    events
        .iter()
        .filter(|e| e.code == EventCode::LeftPost)
        .map(|event| {
            let left = budget.entry(event.day).or_default();
            let covered = (*left).clamp(0, i64::from(event.quantity));
            *left -= covered;
            let excused_minutes = u32::try_from(covered).unwrap_or(0);
            LeftPost {
                event,
                counted_minutes: event.quantity - excused_minutes,
                excused_minutes,
            }
        })
        .collect()
}

/// A8–A10 from `L` events: one time per event, graded by the minutes that count. An
/// event wholly covered by an approved outing is listed in the rule of its minutes as
/// 「已批外出 n次（不扣分）」.
fn left_post_items(
    left_post: &[LeftPost<'_>],
    rules: &RuleTable,
    settings: &AttendanceSettings,
) -> Vec<ReviewItem> {
    type Split<'e, 'a> = (Vec<&'e LeftPost<'a>>, Vec<&'e LeftPost<'a>>);
    let mut by_rule: BTreeMap<Rule, Split<'_, '_>> = BTreeMap::new();
    for entry in left_post {
        if entry.counted_minutes > 0 {
            by_rule
                .entry(settings.left_post_rule(entry.counted_minutes))
                .or_default()
                .0
                .push(entry);
        } else {
            by_rule
                .entry(settings.left_post_rule(entry.event.quantity))
                .or_default()
                .1
                .push(entry);
        }
    }
    by_rule
        .into_iter()
        .map(|(rule, (counted, excused))| {
            let count = count_u32(counted.len());
            let mut parts = Vec::new();
            if !counted.is_empty() {
                let minutes: Vec<String> = counted
                    .iter()
                    .map(|l| {
                        if l.excused_minutes > 0 {
                            format!(
                                "{}分钟（另{}分钟已批外出）",
                                l.counted_minutes, l.excused_minutes
                            )
                        } else {
                            format!("{}分钟", l.counted_minutes)
                        }
                    })
                    .collect();
                parts.push(format!(
                    "{} {count}次（{}）",
                    rules.wording(rule),
                    minutes.join("、")
                ));
            }
            if !excused.is_empty() {
                parts.push(format!("已批外出 {}次{EXCUSED_MARK}", excused.len()));
            }
            let evidence = counted
                .iter()
                .chain(&excused)
                .map(|l| {
                    let mut evidence = event_evidence(l.event);
                    if l.counted_minutes == 0 {
                        evidence.text.push_str("（已批外出，不扣分）");
                    } else if l.excused_minutes > 0 {
                        write!(
                            evidence.text,
                            "（其中 {} 分钟已批外出，不扣分）",
                            l.excused_minutes
                        )
                        .ok();
                    }
                    evidence
                })
                .collect();
            ReviewItem {
                rule,
                points: i64::from(count) * rules.points(rule),
                count,
                detail: parts.join("，"),
                needs_attention: false,
                evidence,
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

/// The evidence line of a recorded event: "11-20 P19：客户投诉态度差（手工）". The review
/// page finds an event's attachment by it.
#[must_use]
pub fn event_evidence(event: &PointEvent) -> Evidence {
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
mod tests;
